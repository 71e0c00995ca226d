/*
 * Unit tests for the capture writer of cap_live.c: pcap and pcapng files
 * written record by record and read back with libpcap (the reference
 * reader), snaplen cuts, ring file names, a full device (/dev/full) and
 * the option-independent parts of the live handle (a missing interface, a
 * filter that does not compile).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "capture/cap_live.h"

static char *
tmp_path(const char *suffix)
{
	char *p = malloc(128);
	int fd;

	assert_non_null(p);
	snprintf(p, 128, "/tmp/erw-capw-XXXXXX");
	fd = mkstemp(p);
	assert_true(fd != -1);
	close(fd);
	unlink(p);
	strncat(p, suffix, 127 - strlen(p));
	return p;
}

static void
write_and_read(enum cap_out_format fmt, const char *suffix)
{
	char eb[PCAP_ERRBUF_SIZE];
	struct cap_writer *w;
	struct pcap_pkthdr *h;
	const u_char *data;
	uint8_t pkt[300];
	struct err e;
	pcap_t *p;
	char *path = tmp_path(suffix);
	int i, rc;

	for (i = 0; i < (int)sizeof(pkt); i++)
		pkt[i] = (uint8_t)i;
	err_clear(&e);
	assert_int_equal(cap_writer_open(path, fmt, DLT_EN10MB, 200, "eth0",
	    &w, &e), 0);
	/* lengths 1..5 cover every pcapng padding case */
	for (i = 1; i <= 5; i++)
		assert_int_equal(cap_writer_write(w, 1700000000LL * USEC_PER_SEC
		    + i * 1001, (uint32_t)i, (uint32_t)i + 10, pkt, &e), 0);
	/* longer than the snaplen: cut to 200, wire length kept */
	assert_int_equal(cap_writer_write(w, 1700000001LL * USEC_PER_SEC,
	    300, 1514, pkt, &e), 0);
	assert_int_equal(cap_writer_packets(w), 6);
	assert_true(cap_writer_bytes(w) > 200);
	assert_int_equal(cap_writer_close(w, &e), 0);

	p = pcap_open_offline(path, eb);
	if (p == NULL)
		print_error("libpcap: %s\n", eb);
	assert_non_null(p);
	assert_int_equal(pcap_datalink(p), DLT_EN10MB);
	for (i = 1; i <= 5; i++) {
		assert_int_equal(pcap_next_ex(p, &h, &data), 1);
		assert_int_equal(h->caplen, i);
		assert_int_equal(h->len, i + 10);
		assert_int_equal(h->ts.tv_sec, 1700000000);
		assert_int_equal(h->ts.tv_usec, i * 1001);
		assert_memory_equal(data, pkt, (size_t)i);
	}
	assert_int_equal(pcap_next_ex(p, &h, &data), 1);
	assert_int_equal(h->caplen, 200);
	assert_int_equal(h->len, 1514);
	assert_memory_equal(data, pkt, 200);
	rc = pcap_next_ex(p, &h, &data);
	assert_int_equal(rc, PCAP_ERROR_BREAK);	/* clean end of file */
	pcap_close(p);
	unlink(path);
	free(path);
}

static void
test_pcap_roundtrip(void **state)
{
	(void)state;
	write_and_read(CAP_OUT_PCAP, ".pcap");
}

static void
test_pcapng_roundtrip(void **state)
{
	(void)state;
	write_and_read(CAP_OUT_PCAPNG, ".pcapng");
}

static void
test_pcapng_header_only(void **state)
{
	char eb[PCAP_ERRBUF_SIZE];
	struct cap_writer *w;
	struct pcap_pkthdr *h;
	const u_char *data;
	struct err e;
	pcap_t *p;
	char *path = tmp_path(".pcapng");

	(void)state;
	err_clear(&e);
	/* no interface name: the IDB has only if_tsresol */
	assert_int_equal(cap_writer_open(path, CAP_OUT_PCAPNG,
	    DLT_LINUX_SLL, 65535, NULL, &w, &e), 0);
	assert_int_equal(cap_writer_close(w, &e), 0);
	p = pcap_open_offline(path, eb);
	assert_non_null(p);
	assert_int_equal(pcap_datalink(p), DLT_LINUX_SLL);
	assert_int_equal(pcap_next_ex(p, &h, &data), PCAP_ERROR_BREAK);
	pcap_close(p);
	unlink(path);
	free(path);
}

static void
test_disk_full(void **state)
{
	struct cap_writer *w = NULL;
	struct err e;

	(void)state;
	if (access("/dev/full", W_OK) != 0)
		skip();
	err_clear(&e);
	assert_int_equal(cap_writer_open("/dev/full", CAP_OUT_PCAP, 1, 100,
	    NULL, &w, &e), -1);
	assert_null(w);
	assert_int_equal(e.code, ERR_IO);
	assert_non_null(strstr(e.msg, "/dev/full"));
	assert_non_null(strstr(e.msg, "No space left"));
}

static void
test_cannot_create(void **state)
{
	struct cap_writer *w = NULL;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(cap_writer_open("/nonexistent-dir/x.pcap",
	    CAP_OUT_PCAP, 1, 100, NULL, &w, &e), -1);
	assert_non_null(strstr(e.msg,
	    "cannot create '/nonexistent-dir/x.pcap'"));
}

static void
test_ring_name(void **state)
{
	char b[64];

	(void)state;
	assert_string_equal(cap_ring_name("/tmp/x.pcap", 0, b, sizeof(b)),
	    "/tmp/x.pcap.0");
	assert_string_equal(cap_ring_name("y", 12, b, sizeof(b)), "y.12");
	assert_string_equal(cap_stop_name(CAP_STOP_MAX_BYTES), "max-bytes");
}

static void
test_live_errors(void **state)
{
	struct cap_live_opts o;
	struct cap_live *c = NULL;
	struct err e;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.iface = "erw-no-such-if0";
	err_clear(&e);
	assert_int_equal(cap_live_open(&o, &c, &e), -1);
	assert_null(c);
	/* without root the open fails on permission first */
	if (geteuid() == 0) {
		assert_int_equal(e.code, ERR_INPUT);
		assert_non_null(strstr(e.msg, "erw-no-such-if0"));
		o.iface = "lo";
		o.filter = "tcp port and";
		err_clear(&e);
		assert_int_equal(cap_live_open(&o, &c, &e), -1);
		assert_int_equal(e.code, ERR_INPUT);
		assert_non_null(strstr(e.msg, "bad filter"));
		/* the default filter, VLAN and QinQ branches included,
		 * compiles on a live handle */
		o.filter = NULL;
		err_clear(&e);
		assert_int_equal(cap_live_open(&o, &c, &e), 0);
		assert_int_equal(cap_live_finish(c, NULL, &e), 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pcap_roundtrip),
		cmocka_unit_test(test_pcapng_roundtrip),
		cmocka_unit_test(test_pcapng_header_only),
		cmocka_unit_test(test_disk_full),
		cmocka_unit_test(test_cannot_create),
		cmocka_unit_test(test_ring_name),
		cmocka_unit_test(test_live_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
