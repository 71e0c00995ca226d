/*
 * The read limit the capture benchmark compares erwatch with: libpcap's
 * own offline loop over FILE with a callback that does nothing, so the
 * time is libpcap reading records and nothing else.  Prints the bytes of
 * the file and the wall-clock seconds of the loop ("BYTES SECONDS").
 *
 *   bench_pcap_limit FILE
 */
#include <stdio.h>
#include <sys/stat.h>

#include <pcap/pcap.h>

#include "bench_util.h"

static void
on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	(void)user;
	(void)h;
	(void)data;
}

int
main(int argc, char *argv[])
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct stat st;
	double t0, t1;
	pcap_t *p;

	if (argc != 2 || stat(argv[1], &st) == -1) {
		fprintf(stderr, "usage: bench_pcap_limit FILE\n");
		return 2;
	}
	t0 = bench_wall_seconds();
	if ((p = pcap_open_offline(argv[1], errbuf)) == NULL) {
		fprintf(stderr, "bench_pcap_limit: %s\n", errbuf);
		return 2;
	}
	if (pcap_loop(p, -1, on_packet, NULL) == PCAP_ERROR) {
		fprintf(stderr, "bench_pcap_limit: %s\n", pcap_geterr(p));
		pcap_close(p);
		return 1;
	}
	pcap_close(p);
	t1 = bench_wall_seconds();
	printf("%lld %.3f\n", (long long)st.st_size, t1 - t0);
	return 0;
}
