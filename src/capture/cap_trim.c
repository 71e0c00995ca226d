/*
 * Trimming a capture to what a support case needs: the BGP flows and the
 * ICMP that explains them.  libpcap reads the file and runs the filter
 * (its own BPF compiler: the same expressions as tcpdump), and writes the
 * packets that match, whole and unchanged, to a new pcap file.  pcapng
 * input becomes pcap: libpcap writes only that.
 */
#include <string.h>

#include <pcap/pcap.h>

#include "capture.h"

int
cap_filter_copy(const char *in, const char *out, const char *filter,
    uint64_t *kept, uint64_t *total, struct err *e)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	struct bpf_program prog;
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_dumper_t *d;
	pcap_t *p;
	int rc;

	*kept = *total = 0;
	ebuf[0] = '\0';
	if ((p = pcap_open_offline(in, ebuf)) == NULL) {
		ERR(e, ERR_INPUT, "%s", ebuf[0] ? ebuf : "cannot open");
		err_at(e, in, 0, 0, 0);
		return -1;
	}
	if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) == -1) {
		ERR(e, ERR_USAGE, "filter '%s': %s", filter, pcap_geterr(p));
		pcap_close(p);
		return -1;
	}
	if ((d = pcap_dump_open(p, out)) == NULL) {
		ERR(e, ERR_IO, "%s: %s", out, pcap_geterr(p));
		pcap_freecode(&prog);
		pcap_close(p);
		return -1;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		(*total)++;
		if (pcap_offline_filter(&prog, h, data)) {
			pcap_dump((u_char *)d, h, data);
			(*kept)++;
		}
	}
	if (rc == -1)
		/* a damaged tail: what was read is kept, as pcap reads it */
		(void)0;
	rc = pcap_dump_flush(d) == -1 ? -1 : 0;
	pcap_dump_close(d);
	pcap_freecode(&prog);
	pcap_close(p);
	if (rc == -1)
		return ERR(e, ERR_IO, "%s: write failed", out);
	return 0;
}
