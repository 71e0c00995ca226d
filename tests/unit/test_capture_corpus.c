/*
 * The capture reader and the frame decoder against the reference decoder:
 * every capture of the shared corpus (../shared/corpus/pcap) is read with
 * cap_next(), each frame decoded with pkt_decode(), and the result compared
 * field by field with the tshark decode stored beside it (tshark.tsv:
 * lengths, VLAN IDs, ARP, addresses, TTL, DF, ICMP type/code/MTU and the
 * quoted packet, ports, TCP flags, payload length, option kinds).  Skipped
 * when the shared directory is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "capture/capture.h"
#include "pkt/pkt.h"

#define MAX_COLS	64

struct tsv {
	FILE	*fp;
	char	*line;
	size_t	 cap;
	char	*hdr[MAX_COLS];
	char	*hdrline;
	int	 nhdr;
	char	*col[MAX_COLS];
	int	 ncol;
};

static int
tsv_split(char *line, char **cols)
{
	int n = 0;
	char *p = line, *t;

	line[strcspn(line, "\r\n")] = '\0';
	for (;;) {
		if (n == MAX_COLS)
			break;
		cols[n++] = p;
		if ((t = strchr(p, '\t')) == NULL)
			break;
		*t = '\0';
		p = t + 1;
	}
	return n;
}

static int
tsv_open(struct tsv *t, const char *path)
{
	memset(t, 0, sizeof(*t));
	if ((t->fp = fopen(path, "r")) == NULL)
		return -1;
	if (getline(&t->line, &t->cap, t->fp) == -1)
		return -1;
	t->hdrline = strdup(t->line);
	t->nhdr = tsv_split(t->hdrline, t->hdr);
	return 0;
}

static int
tsv_next(struct tsv *t)
{
	if (getline(&t->line, &t->cap, t->fp) == -1)
		return 0;
	t->ncol = tsv_split(t->line, t->col);
	return 1;
}

static void
tsv_close(struct tsv *t)
{
	if (t->fp != NULL)
		fclose(t->fp);
	free(t->line);
	free(t->hdrline);
}

/* Value number idx (0-based) of a ';'-joined field, into buf; NULL when
 * absent or empty. */
static const char *
tsv_get(const struct tsv *t, const char *name, int idx, char *buf,
    size_t len)
{
	const char *v, *e;
	int i;

	for (i = 0; i < t->nhdr; i++)
		if (strcmp(t->hdr[i], name) == 0)
			break;
	if (i == t->nhdr || i >= t->ncol)
		return NULL;
	v = t->col[i];
	while (idx-- > 0) {
		if ((v = strchr(v, ';')) == NULL)
			return NULL;
		v++;
	}
	e = v + strcspn(v, ";");
	if (e == v || (size_t)(e - v) >= len)
		return NULL;
	memcpy(buf, v, (size_t)(e - v));
	buf[e - v] = '\0';
	return buf;
}

static long
tsv_num(const struct tsv *t, const char *name, int idx)
{
	char buf[64];

	if (tsv_get(t, name, idx, buf, sizeof(buf)) == NULL)
		return -1;
	return strtol(buf, NULL, 10);
}

/* tshark's tcp.flags.str: 12 symbols, letters or U+00B7; the last 8 are
 * C E U A P R S F. */
static int
tshark_flags(const char *s)
{
	int sym[16], n = 0, flags = 0, i;
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0' && n < 16) {
		if (*p == 0xc2 && p[1] == 0xb7) {
			sym[n++] = 0;
			p += 2;
		} else
			sym[n++] = *p++ != 0;
	}
	if (n < 8)
		return -1;
	for (i = 0; i < 8; i++)
		if (sym[n - 1 - i])
			flags |= 1 << i;
	return flags;
}

static bool
has_kind(const struct tsv *t, long kind)
{
	int i;

	for (i = 0; i < 40; i++) {
		long k = tsv_num(t, "tcp.option_kind", i);

		if (k == -1)
			return false;
		if (k == kind)
			return true;
	}
	return false;
}

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		print_error("%s frame %llu: %s\n", cap,			\
		    (unsigned long long)rec.frame, #cond);		\
		bad++;							\
	}								\
} while (0)

#define CHECK_STR(name, idx, have) do {					\
	char b_[64];							\
	const char *w_ = tsv_get(&t, name, idx, b_, sizeof(b_));	\
	if (w_ != NULL && strcmp(w_, have) != 0) {			\
		print_error("%s frame %llu: %s[%d] tshark %s, pkt %s\n",\
		    cap, (unsigned long long)rec.frame, name, idx, w_,	\
		    have);						\
		bad++;							\
	}								\
} while (0)

#define CHECK_NUM(name, idx, have) do {					\
	long w_ = tsv_num(&t, name, idx);				\
	if (w_ != -1 && w_ != (long)(have)) {				\
		print_error("%s frame %llu: %s[%d] tshark %ld, pkt %ld\n",\
		    cap, (unsigned long long)rec.frame, name, idx, w_,	\
		    (long)(have));					\
		bad++;							\
	}								\
} while (0)

static unsigned long ncaptures, nframes;

/* Compare one capture with its tshark decode; returns mismatches. */
static int
compare_capture(const char *cap, const char *tsvpath)
{
	struct cap_file *f;
	struct cap_record rec;
	struct pkt_info pi;
	struct err e;
	struct tsv t;
	char a[NET_ADDR_STRLEN], buf[64];
	int bad = 0, rv, v;
	const char *fl;

	err_clear(&e);
	memset(&rec, 0, sizeof(rec));
	assert_int_equal(tsv_open(&t, tsvpath), 0);
	assert_int_equal(cap_open_file(cap, &f, &e), 0);
	assert_true(pkt_dlt_supported(cap_dlt(f)));
	while ((rv = cap_next(f, &rec, &e)) == 1) {
		if (!tsv_next(&t)) {
			print_error("%s: more frames than tshark\n", cap);
			bad++;
			break;
		}
		nframes++;
		CHECK_NUM("frame.number", 0, rec.frame);
		CHECK_NUM("frame.len", 0, rec.wirelen);
		pkt_decode(cap_dlt(f), rec.data, rec.caplen, rec.wirelen, &pi);
		CHECK(pi.status == PKT_OK);
		/* VLAN: the S-tag, then the 802.1Q tag. */
		if (tsv_num(&t, "ieee8021ad.id", 0) != -1) {
			CHECK(pi.nvlan >= 1 && pi.vlan[0].tpid == 0x88a8);
			CHECK_NUM("ieee8021ad.id", 0, pi.vlan[0].vid);
			CHECK(pi.nvlan == 2 && pi.vlan[1].tpid == 0x8100);
			CHECK_NUM("vlan.id", 0, pi.vlan[1].vid);
		} else if (tsv_num(&t, "vlan.id", 0) != -1) {
			CHECK(pi.nvlan == 1 && pi.vlan[0].tpid == 0x8100);
			CHECK_NUM("vlan.id", 0, pi.vlan[0].vid);
		} else
			CHECK(pi.nvlan == 0);
		if (tsv_num(&t, "arp.opcode", 0) != -1) {
			CHECK(pi.net == PKT_NET_ARP);
			CHECK_NUM("arp.opcode", 0, pi.arp.op);
			CHECK_STR("arp.src.proto_ipv4", 0,
			    net_addr_str(&pi.arp.spa, a));
			CHECK_STR("arp.dst.proto_ipv4", 0,
			    net_addr_str(&pi.arp.tpa, a));
		} else
			CHECK(pi.net != PKT_NET_ARP);
		if (tsv_get(&t, "ip.src", 0, buf, sizeof(buf)) != NULL) {
			CHECK(pi.net == PKT_NET_IPV4);
			CHECK_STR("ip.src", 0, net_addr_str(&pi.ip.src, a));
			CHECK_STR("ip.dst", 0, net_addr_str(&pi.ip.dst, a));
			CHECK_NUM("ip.ttl", 0, pi.ip.ttl);
			CHECK_NUM("ip.flags.df", 0, pi.ip.df);
			CHECK_NUM("ip.len", 0, pi.ip.total_len);
		}
		if (tsv_get(&t, "ipv6.src", 0, buf, sizeof(buf)) != NULL) {
			CHECK(pi.net == PKT_NET_IPV6);
			CHECK_STR("ipv6.src", 0, net_addr_str(&pi.ip.src, a));
			CHECK_STR("ipv6.dst", 0, net_addr_str(&pi.ip.dst, a));
		}
		if (tsv_num(&t, "icmp.type", 0) != -1) {
			CHECK(pi.tr == PKT_TR_ICMP);
			CHECK_NUM("icmp.type", 0, pi.icmp.type);
			CHECK_NUM("icmp.code", 0, pi.icmp.code);
			CHECK_NUM("icmp.mtu", 0, pi.icmp.mtu);
			if (tsv_get(&t, "ip.src", 1, buf, sizeof(buf)) !=
			    NULL) {
				CHECK(pi.icmp.has_quote);
				CHECK_STR("ip.src", 1,
				    net_addr_str(&pi.icmp.q_src, a));
				CHECK_STR("ip.dst", 1,
				    net_addr_str(&pi.icmp.q_dst, a));
			}
			if (tsv_num(&t, "tcp.srcport", 0) != -1) {
				CHECK(pi.icmp.q_has_ports && pi.icmp.q_has_seq);
				CHECK_NUM("tcp.srcport", 0, pi.icmp.q_sport);
				CHECK_NUM("tcp.dstport", 0, pi.icmp.q_dport);
				CHECK_NUM("tcp.seq", 0, pi.icmp.q_seq);
			}
		} else if (tsv_num(&t, "tcp.srcport", 0) != -1) {
			CHECK(pi.tr == PKT_TR_TCP);
			CHECK_NUM("tcp.srcport", 0, pi.tcp.sport);
			CHECK_NUM("tcp.dstport", 0, pi.tcp.dport);
			CHECK_NUM("tcp.len", 0, pi.tcp.payload_len);
			CHECK(pi.tcp.payload_caplen == pi.tcp.payload_len);
			if ((fl = tsv_get(&t, "tcp.flags.str", 0, buf,
			    sizeof(buf))) != NULL) {
				v = tshark_flags(fl);
				CHECK(v == pi.tcp.flags);
			}
			CHECK(has_kind(&t, 2) == pi.tcp.opt.has_mss);
			CHECK(has_kind(&t, 3) == pi.tcp.opt.has_wscale);
			CHECK(has_kind(&t, 4) == pi.tcp.opt.sack_permitted);
			CHECK(has_kind(&t, 5) == (pi.tcp.opt.nsack > 0));
			CHECK(has_kind(&t, 8) == pi.tcp.opt.has_ts);
			CHECK(has_kind(&t, 19) == pi.tcp.opt.md5);
			CHECK(has_kind(&t, 29) == pi.tcp.opt.ao);
			CHECK(!pi.tcp.opt.malformed);
		}
	}
	if (rv == -1) {
		char eb[512];

		print_error("%s: %s\n", cap, err_str(&e, eb, sizeof(eb)));
		bad++;
	}
	if (tsv_next(&t)) {
		print_error("%s: fewer frames than tshark\n", cap);
		bad++;
	}
	/* The whole file was consumed. */
	assert_int_equal(cap_bytes_read(f), cap_file_size(f));
	cap_close(f);
	tsv_close(&t);
	ncaptures++;
	return bad;
}

static const char *
shared_dir(char *buf, size_t len)
{
	const char *env = getenv("ERW_SHARED_DIR");

	if (env != NULL && env[0] != '\0')
		snprintf(buf, len, "%s", env);
	else
		snprintf(buf, len, "%s/../shared", ERW_SRC_DIR);
	return buf;
}

static void
test_corpus_vs_tshark(void **state)
{
	char base[1024], dir[1100], cap[1400], tsv[1400];
	const char *names[][2] = {
		{ "capture.pcap", "tshark.tsv" },
		{ "capture.pcapng", "tshark.tsv" },
		{ "capture_msee.pcap", "tshark_msee.tsv" },
	};
	struct dirent *de;
	struct stat st;
	size_t i;
	int bad = 0;
	DIR *d;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/corpus/pcap",
	    shared_dir(base, sizeof(base)));
	if ((d = opendir(dir)) == NULL) {
		print_message("no corpus at %s: skipped\n", dir);
		skip();
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			snprintf(cap, sizeof(cap), "%s/%.200s/%s", dir,
			    de->d_name, names[i][0]);
			snprintf(tsv, sizeof(tsv), "%s/%.200s/%s", dir,
			    de->d_name, names[i][1]);
			if (stat(cap, &st) == 0 && stat(tsv, &st) == 0)
				bad += compare_capture(cap, tsv);
		}
	}
	closedir(d);
	print_message("compared %lu captures, %lu frames with tshark\n",
	    ncaptures, nframes);
	assert_true(ncaptures >= 20);
	assert_int_equal(bad, 0);
}

/* Frame counts known from capinfos, and the file facts. */
static void
test_corpus_pcapng(void **state)
{
	char base[1024], path[1200];
	struct cap_file *f;
	struct cap_record rec;
	struct err e;
	uint64_t n = 0;
	usec_t first = 0, last = 0;
	int rv;

	(void)state;
	snprintf(path, sizeof(path), "%s/corpus/pcap/17c_pcapng/"
	    "capture.pcapng", shared_dir(base, sizeof(base)));
	err_clear(&e);
	if (access(path, R_OK) != 0) {
		print_message("no %s: skipped\n", path);
		skip();
	}
	assert_int_equal(cap_open_file(path, &f, &e), 0);
	assert_int_equal(cap_format(f), CAP_FMT_PCAPNG);
	assert_int_equal(cap_dlt(f), PKT_DLT_EN10MB);
	assert_int_equal(cap_file_size(f), 5804);
	while ((rv = cap_next(f, &rec, &e)) == 1) {
		if (n++ == 0)
			first = rec.ts;
		last = rec.ts;
		assert_int_equal(rec.frame, n);
		assert_true(rec.caplen <= rec.wirelen);
	}
	assert_int_equal(rv, 0);
	assert_false(err_isset(&e));
	assert_int_equal(n, 43);
	assert_int_equal(cap_frames_read(f), 43);
	/* 2020s timestamps, in order, microseconds. */
	assert_true(first > 1600000000LL * USEC_PER_SEC);
	assert_true(last >= first);
	/* End is sticky. */
	assert_int_equal(cap_next(f, &rec, &e), 0);
	cap_close(f);

	snprintf(path, sizeof(path), "%s/corpus/pcap/17a_linux_cooked_sll/"
	    "capture.pcap", base);
	assert_int_equal(cap_open_file(path, &f, &e), 0);
	assert_int_equal(cap_format(f), CAP_FMT_PCAP);
	assert_int_equal(cap_dlt(f), PKT_DLT_LINUX_SLL);
	n = 0;
	while (cap_next(f, &rec, &e) == 1)
		n++;
	assert_int_equal(n, 43);
	cap_close(f);

	snprintf(path, sizeof(path), "%s/corpus/pcap/17b_linux_cooked_sll2/"
	    "capture.pcap", base);
	assert_int_equal(cap_open_file(path, &f, &e), 0);
	assert_int_equal(cap_dlt(f), PKT_DLT_LINUX_SLL2);
	n = 0;
	while (cap_next(f, &rec, &e) == 1)
		n++;
	assert_int_equal(n, 45);
	cap_close(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_vs_tshark),
		cmocka_unit_test(test_corpus_pcapng),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
