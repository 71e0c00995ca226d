/*
 * The offline reader on files written here with libpcap's own dumper
 * (pcap_open_dead + pcap_dump_open), then damaged on purpose: cut inside
 * a record's data, inside a record header, at a record boundary; a
 * record whose captured length exceeds its wire length, one beyond any
 * sane size, one beyond the snapshot length.  Each error must carry the
 * file name, the frame that could not be read and where its record
 * starts, and everything before it must have been delivered.  Also:
 * missing, empty, foreign and directory inputs, an unsupported link
 * type, nanosecond files, reading from a memory stream, a pcapng file
 * whose interfaces differ in link type, and memory that does not grow
 * with the file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "capture/capture.h"
#include "pkt/pkt.h"

#define NREC		5
#define RECLEN		60
#define PCAP_HDR	24
#define REC_HDR		16

static char tmpdir[64];
static char path[128];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/erw-test-cap-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/t.pcap", tmpdir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(path);
	rmdir(tmpdir);
	return 0;
}

/* NREC records of RECLEN bytes, frame i filled with i, time 1000+i s. */
static void
write_pcap(int dlt, int snaplen, unsigned precision)
{
	struct pcap_pkthdr h;
	pcap_dumper_t *d;
	uint8_t frame[RECLEN];
	pcap_t *p;
	int i;

	p = pcap_open_dead_with_tstamp_precision(dlt, snaplen, precision);
	assert_non_null(p);
	d = pcap_dump_open(p, path);
	assert_non_null(d);
	for (i = 1; i <= NREC; i++) {
		memset(frame, i, sizeof(frame));
		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = 1000 + i;
		/* tv_usec carries nanoseconds for a nanosecond dumper. */
		h.ts.tv_usec = precision == PCAP_TSTAMP_PRECISION_NANO ?
		    123456789 : 123456;
		h.caplen = RECLEN;
		h.len = RECLEN + 4;
		pcap_dump((u_char *)d, &h, frame);
	}
	pcap_dump_close(d);
	pcap_close(p);
}

static off_t
rec_off(int frame)
{
	return PCAP_HDR + (off_t)(frame - 1) * (REC_HDR + RECLEN);
}

/* Overwrite caplen and len of a record (host byte order, as dumped). */
static void
patch_record(int frame, uint32_t caplen, uint32_t len)
{
	int fd;

	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, &caplen, 4, rec_off(frame) + 8), 4);
	assert_int_equal(pwrite(fd, &len, 4, rec_off(frame) + 12), 4);
	close(fd);
}

/* Read to the end; returns records read, *rv the last cap_next(). */
static uint64_t
read_all(struct cap_file *f, struct err *e, int *rv)
{
	struct cap_record rec;
	uint64_t n = 0;

	while ((*rv = cap_next(f, &rec, e)) == 1) {
		n++;
		assert_int_equal(rec.frame, n);
		assert_int_equal(rec.caplen, RECLEN);
		assert_int_equal(rec.wirelen, RECLEN + 4);
		assert_int_equal(rec.data[0], (uint8_t)n);
		assert_int_equal(rec.data[RECLEN - 1], (uint8_t)n);
		assert_int_equal(rec.ts,
		    (usec_t)(1000 + n) * USEC_PER_SEC + 123456);
	}
	return n;
}

static void
test_good_file(void **state)
{
	struct cap_file *f;
	struct err e;
	int rv;

	(void)state;
	write_pcap(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_MICRO);
	err_clear(&e);
	assert_int_equal(cap_open_file(path, &f, &e), 0);
	assert_int_equal(cap_dlt(f), PKT_DLT_EN10MB);
	assert_int_equal(cap_snaplen(f), 65535);
	assert_int_equal(cap_format(f), CAP_FMT_PCAP);
	assert_string_equal(cap_name(f), path);
	assert_int_equal(cap_file_size(f), rec_off(NREC + 1));
	assert_int_equal(cap_bytes_read(f), PCAP_HDR);	/* file header */
	assert_int_equal(read_all(f, &e, &rv), NREC);
	assert_int_equal(rv, 0);
	assert_false(err_isset(&e));
	assert_int_equal(cap_bytes_read(f), cap_file_size(f));
	assert_int_equal(cap_next(f, NULL, &e), 0);	/* end is sticky */
	cap_close(f);
	cap_close(NULL);
}

/* Nanosecond files are delivered in microseconds. */
static void
test_nanosecond_file(void **state)
{
	struct cap_file *f;
	struct err e;
	int rv;

	(void)state;
	write_pcap(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_NANO);
	err_clear(&e);
	assert_int_equal(cap_open_file(path, &f, &e), 0);
	assert_int_equal(cap_format(f), CAP_FMT_PCAP);
	assert_int_equal(read_all(f, &e, &rv), NREC);
	assert_int_equal(rv, 0);
	cap_close(f);
}

static void
expect_failure(uint64_t good, uint64_t bad_frame, const char *needle)
{
	struct cap_file *f;
	struct cap_record rec;
	struct err e, e2;
	int rv;

	err_clear(&e);
	assert_int_equal(cap_open_file(path, &f, &e), 0);
	assert_int_equal(read_all(f, &e, &rv), good);
	assert_int_equal(rv, -1);
	assert_int_equal(e.code, ERR_INPUT);
	assert_string_equal(e.input, path);
	assert_int_equal(e.unit, bad_frame);
	assert_int_equal(e.offset, rec_off((int)bad_frame));
	if (strstr(e.msg, needle) == NULL) {
		print_error("message '%s' lacks '%s'\n", e.msg, needle);
		fail();
	}
	/* The failure repeats, and a caller's earlier error is kept. */
	err_clear(&e2);
	assert_int_equal(cap_next(f, &rec, &e2), -1);
	assert_string_equal(e2.msg, e.msg);
	assert_int_equal(cap_next(f, &rec, &e), -1);
	assert_int_equal(cap_frames_read(f), good);
	cap_close(f);
}

static void
test_truncated_in_data(void **state)
{
	(void)state;
	write_pcap(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_MICRO);
	assert_int_equal(truncate(path, rec_off(4) + REC_HDR + 10), 0);
	expect_failure(3, 4, "truncated");
}

static void
test_truncated_in_header(void **state)
{
	(void)state;
	write_pcap(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_MICRO);
	assert_int_equal(truncate(path, rec_off(4) + 7), 0);
	expect_failure(3, 4, "truncated");
}

static void
test_truncated_at_boundary(void **state)
{
	struct cap_file *f;
	struct err e;
	int rv;

	(void)state;
	write_pcap(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_MICRO);
	assert_int_equal(truncate(path, rec_off(4)), 0);
	err_clear(&e);
	assert_int_equal(cap_open_file(path, &f, &e), 0);
	assert_int_equal(read_all(f, &e, &rv), 3);
	assert_int_equal(rv, 0);
	cap_close(f);
}

/* caplen > len: libpcap passes it, erwatch refuses it. */
static void
test_caplen_beyond_wirelen(void **state)
{
	(void)state;
	write_pcap(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_MICRO);
	patch_record(2, RECLEN, RECLEN - 10);
	expect_failure(1, 2, "record length lies");
}

/* A length beyond any sane record: libpcap's own check. */
static void
test_caplen_huge(void **state)
{
	(void)state;
	write_pcap(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_MICRO);
	patch_record(3, 0x7fffffffu, 0x7fffffffu);
	expect_failure(2, 3, "capture length");
}

/*
 * caplen > snaplen but still "sane": libpcap 1.10 delivers the first
 * snaplen bytes and skips the rest of the record; older versions refuse
 * it.  Either way no frame longer than the snapshot length comes out.
 */
static void
test_caplen_beyond_snaplen(void **state)
{
	struct cap_file *f;
	struct cap_record rec;
	struct err e;
	int rv;

	(void)state;
	write_pcap(DLT_EN10MB, 32, PCAP_TSTAMP_PRECISION_MICRO);
	err_clear(&e);
	assert_int_equal(cap_open_file(path, &f, &e), 0);
	assert_int_equal(cap_snaplen(f), 32);
	rv = cap_next(f, &rec, &e);
	if (rv == 1) {
		/* libpcap clipped it to the snapshot length. */
		assert_true(rec.caplen <= 32);
	} else {
		assert_int_equal(rv, -1);
		assert_int_equal(e.unit, 1);
		assert_int_equal(e.code, ERR_INPUT);
	}
	cap_close(f);
}

static void
expect_open_error(const char *p, const char *needle)
{
	struct cap_file *f = (struct cap_file *)1;
	struct err e;

	err_clear(&e);
	assert_int_equal(cap_open_file(p, &f, &e), -1);
	assert_null(f);
	assert_int_equal(e.code, ERR_INPUT);
	assert_non_null(strstr(e.msg, p));
	if (strstr(e.msg, needle) == NULL) {
		print_error("message '%s' lacks '%s'\n", e.msg, needle);
		fail();
	}
}

static void
test_bad_inputs(void **state)
{
	FILE *fp;

	(void)state;
	expect_open_error("/nonexistent/x.pcap", "no such file");
	expect_open_error(tmpdir, "is a directory");
	fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
	expect_open_error(path, "cannot read");		/* empty */
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("this is not a capture file, just text\n", fp);
	fclose(fp);
	expect_open_error(path, "unknown file format");
	/* Only the file header. */
	write_pcap(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_MICRO);
	assert_int_equal(truncate(path, 10), 0);
	expect_open_error(path, "truncated");
}

/* RFC 1761 snoop, written here as a test input: a format libpcap does
 * not read, so cap_open_file() hands it to libwiretap. */
static void
put_be32(FILE *fp, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v };

	fwrite(b, 1, 4, fp);
}

static void
test_wiretap_fallback(void **state)
{
	static const uint8_t frame[42] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1,
		0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1,
		2, 0, 0, 0, 0, 1, 172, 16, 0, 1, 0, 0, 0, 0, 0, 0,
		172, 16, 0, 2,
	};
	static const uint8_t pad[2];
	char etl[160];
	struct cap_record rec;
	struct cap_file *f;
	struct err e;
	FILE *fp;

	(void)state;
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fwrite("snoop\0\0\0", 1, 8, fp);
	put_be32(fp, 2);			/* version */
	put_be32(fp, 4);			/* datalink: Ethernet */
	put_be32(fp, sizeof(frame));		/* original length */
	put_be32(fp, sizeof(frame));		/* included length */
	put_be32(fp, 24 + sizeof(frame) + sizeof(pad));
	put_be32(fp, 0);			/* drops */
	put_be32(fp, 1700000000);
	put_be32(fp, 123456);
	fwrite(frame, 1, sizeof(frame), fp);
	fwrite(pad, 1, sizeof(pad), fp);
	fclose(fp);
	err_clear(&e);
	assert_int_equal(cap_open_file(path, &f, &e), 0);
	assert_int_equal(cap_format(f), CAP_FMT_OTHER);
	assert_string_equal(cap_format_name(f), "snoop");
	assert_int_equal(cap_dlt(f), DLT_EN10MB);
	assert_int_equal(cap_next(f, &rec, &e), 1);
	assert_int_equal(rec.frame, 1);
	assert_int_equal(rec.caplen, sizeof(frame));
	assert_int_equal(rec.wirelen, sizeof(frame));
	assert_int_equal(rec.ts, 1700000000LL * 1000000 + 123456);
	assert_memory_equal(rec.data, frame, sizeof(frame));
	assert_int_equal(cap_next(f, &rec, &e), 0);
	cap_close(f);

	/* Cut inside the record: the file and frame 1 are named. */
	assert_int_equal(truncate(path, 16 + 24 + 20), 0);
	err_clear(&e);
	assert_int_equal(cap_open_file(path, &f, &e), -1);
	assert_non_null(strstr(e.msg, path));

	/* A Windows event trace: the commands that convert it. */
	snprintf(etl, sizeof(etl), "%s/trace.ETL", tmpdir);
	fp = fopen(etl, "wb");
	assert_non_null(fp);
	fputs("not a packet capture", fp);
	fclose(fp);
	expect_open_error(etl, "pktmon etl2pcap");
	expect_open_error(etl, "etl2pcapng");
	unlink(etl);
}

/* A link type pkt does not decode still opens; the caller words it. */
static void
test_unsupported_dlt(void **state)
{
	struct cap_file *f;
	struct err e;
	int rv;

	(void)state;
	write_pcap(105, 65535, PCAP_TSTAMP_PRECISION_MICRO);
	err_clear(&e);
	assert_int_equal(cap_open_file(path, &f, &e), 0);
	assert_int_equal(cap_dlt(f), 105);
	assert_false(pkt_dlt_supported(cap_dlt(f)));
	assert_string_equal(cap_dlt_name(cap_dlt(f)), "IEEE802_11");
	assert_string_equal(cap_dlt_description(105), "802.11");
	assert_int_equal(read_all(f, &e, &rv), NREC);
	cap_close(f);
	assert_string_equal(cap_dlt_name(PKT_DLT_LINUX_SLL2), "LINUX_SLL2");
	assert_string_equal(cap_dlt_name(99999), "unknown");
}

/* The same bytes from a memory stream, as the fuzzer reads them. */
static void
test_memory_stream(void **state)
{
	struct cap_file *f;
	struct err e;
	struct stat st;
	uint8_t *buf;
	FILE *fp;
	int rv;

	(void)state;
	write_pcap(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_MICRO);
	assert_int_equal(stat(path, &st), 0);
	buf = malloc((size_t)st.st_size);
	assert_non_null(buf);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(fread(buf, 1, (size_t)st.st_size, fp),
	    (size_t)st.st_size);
	fclose(fp);

	fp = fmemopen(buf, (size_t)st.st_size, "rb");
	assert_non_null(fp);
	err_clear(&e);
	assert_int_equal(cap_open_fp(fp, "memory", &f, &e), 0);
	assert_string_equal(cap_name(f), "memory");
	assert_int_equal(read_all(f, &e, &rv), NREC);
	assert_int_equal(rv, 0);
	assert_int_equal(cap_bytes_read(f), (uint64_t)st.st_size);
	cap_close(f);

	/* Cut mid-record: the frame number comes back. */
	fp = fmemopen(buf, (size_t)rec_off(2) + 20, "rb");
	assert_non_null(fp);
	assert_int_equal(cap_open_fp(fp, "memory", &f, &e), 0);
	assert_int_equal(read_all(f, &e, &rv), 1);
	assert_int_equal(rv, -1);
	assert_int_equal(e.unit, 2);
	assert_string_equal(e.input, "memory");
	cap_close(f);

	/* Garbage: the stream is closed by the failed open. */
	memset(buf, 0x5a, 64);
	fp = fmemopen(buf, 64, "rb");
	assert_non_null(fp);
	err_clear(&e);
	assert_int_equal(cap_open_fp(fp, "memory", &f, &e), -1);
	assert_int_equal(e.code, ERR_INPUT);
	free(buf);
}

/* pcapng blocks, little endian (draft-ietf-opsawg-pcapng). */
static size_t
ng_put32(uint8_t *b, size_t at, uint32_t v)
{
	memcpy(b + at, &v, 4);		/* host order: little endian */
	return at + 4;
}

static size_t
ng_idb(uint8_t *b, size_t at, uint16_t linktype)
{
	at = ng_put32(b, at, 1);
	at = ng_put32(b, at, 20);
	at = ng_put32(b, at, linktype);	/* + reserved 0 */
	at = ng_put32(b, at, 0);	/* snaplen: none */
	return ng_put32(b, at, 20);
}

static size_t
ng_epb(uint8_t *b, size_t at, uint32_t ifid, uint32_t len)
{
	uint32_t padded = (len + 3) & ~3u;

	at = ng_put32(b, at, 6);		/* enhanced packet block */
	at = ng_put32(b, at, 32 + padded);
	at = ng_put32(b, at, ifid);
	at = ng_put32(b, at, 0);
	at = ng_put32(b, at, 1000000);
	at = ng_put32(b, at, len);
	at = ng_put32(b, at, len);
	memset(b + at, 0x42, padded);
	at += padded;
	return ng_put32(b, at, 32 + padded);
}

/* Two interfaces with different link types: libpcap stops at the second
 * one's description block, the error names the frame it was reading. */
static void
test_pcapng_mixed_linktypes(void **state)
{
	uint8_t b[512];
	struct cap_record rec;
	struct cap_file *f;
	struct err e;
	size_t at = 0;
	FILE *fp;
	uint32_t one = 1;
	uint8_t lsb;

	(void)state;
	memcpy(&lsb, &one, 1);
	if (lsb != 1)	/* the blocks below are little endian */
		skip();
	at = ng_put32(b, at, 0x0a0d0d0a);	/* section header */
	at = ng_put32(b, at, 28);
	at = ng_put32(b, at, 0x1a2b3c4d);
	at = ng_put32(b, at, 1);		/* version 1.0 */
	at = ng_put32(b, at, 0xffffffff);	/* section length unknown */
	at = ng_put32(b, at, 0xffffffff);
	at = ng_put32(b, at, 28);
	at = ng_idb(b, at, PKT_DLT_EN10MB);
	at = ng_epb(b, at, 0, 60);
	at = ng_idb(b, at, PKT_DLT_LINUX_SLL);
	at = ng_epb(b, at, 1, 44);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(b, 1, at, fp), at);
	fclose(fp);

	err_clear(&e);
	assert_int_equal(cap_open_file(path, &f, &e), 0);
	assert_int_equal(cap_format(f), CAP_FMT_PCAPNG);
	assert_int_equal(cap_dlt(f), PKT_DLT_EN10MB);
	assert_int_equal(cap_next(f, &rec, &e), 1);
	assert_int_equal(rec.caplen, 60);
	assert_int_equal(rec.data[0], 0x42);
	assert_int_equal(cap_next(f, &rec, &e), -1);
	assert_int_equal(e.unit, 2);
	assert_non_null(strstr(e.msg, "different from the type of the first"));
	cap_close(f);
}

static long
max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* Reading streams: a 40 MB file costs no more memory than a tiny one. */
static void
test_streaming(void **state)
{
	struct pcap_pkthdr h;
	struct cap_record rec;
	struct cap_file *f;
	pcap_dumper_t *d;
	static uint8_t frame[1514];
	struct err e;
	uint64_t n = 0, i, want = 40 * 1000 * 1000 / (sizeof(frame) + 16);
	long before;
	pcap_t *p;

	(void)state;
	p = pcap_open_dead(DLT_EN10MB, 65535);
	assert_non_null(p);
	assert_non_null(d = pcap_dump_open(p, path));
	memset(&h, 0, sizeof(h));
	h.caplen = h.len = sizeof(frame);
	for (i = 0; i < want; i++) {
		h.ts.tv_sec = (time_t)i;
		pcap_dump((u_char *)d, &h, frame);
	}
	pcap_dump_close(d);
	pcap_close(p);

	before = max_rss_kb();
	err_clear(&e);
	assert_int_equal(cap_open_file(path, &f, &e), 0);
	while (cap_next(f, &rec, &e) == 1)
		n++;
	assert_int_equal(n, want);
	assert_int_equal(cap_bytes_read(f), cap_file_size(f));
	cap_close(f);
	print_message("peak RSS %ld KB before, %ld KB after reading %llu "
	    "bytes\n", before, max_rss_kb(),
	    (unsigned long long)(want * (sizeof(frame) + 16)));
	assert_true(max_rss_kb() - before < 8 * 1024);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_nanosecond_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_truncated_in_data, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_truncated_in_header,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_at_boundary,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_caplen_beyond_wirelen,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_caplen_huge, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_caplen_beyond_snaplen,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_inputs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_wiretap_fallback, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unsupported_dlt, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_memory_stream, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pcapng_mixed_linktypes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_streaming, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
