/*
 * Reassembly through the whole capture analyzer, checked against tshark.
 * A capture is built here and written with the project's own writer
 * (cap_writer): a BGP session whose MSEE side sends 2 UPDATEs of 200
 * prefixes each and a KEEPALIVE (1713 bytes) in 600-byte segments, the
 * second of which the capture misses
 * ("previous segment not captured"), and then, after a path-MTU drop, sends
 * everything unacknowledged again in 400-byte pieces, out of order and
 * overlapping what was captured at other boundaries, plus a spurious
 * retransmission of bytes already delivered.  erwatch must count exactly
 * what was sent (2 UPDATEs, 400 prefixes), and so must tshark, the
 * reference decoder, on the same file (skipped when tshark is absent).  A
 * second capture changes one byte in a retransmission: the finding
 * TCP_OVERLAP_MISMATCH names both frames and the first copy is what is
 * decoded.
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

#include "capture/cap_live.h"
#include "diag/diag_pcap.h"

#define NPFX		200	/* prefixes per UPDATE */
#define MAXFRAMES	64

static const uint8_t CE[4] = { 172, 16, 0, 1 };
static const uint8_t MSEE[4] = { 172, 16, 0, 2 };

struct frames {
	uint8_t		 buf[MAXFRAMES][1600];
	size_t		 len[MAXFRAMES];
	unsigned	 n;
};

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static uint32_t
sum16(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Ethernet, IPv4 and TCP with correct checksums (RFC 791, RFC 9293). */
static void
tcp(struct frames *fr, const uint8_t src[4], uint16_t sp,
    const uint8_t dst[4], uint16_t dp, uint32_t seq, uint32_t ack,
    uint8_t flags, const void *pl, size_t n)
{
	uint8_t *f = fr->buf[fr->n], ph[12];
	uint32_t s;

	assert_true(fr->n < MAXFRAMES && n <= 1400);
	memset(f, 0, 54);
	f[5] = 2;
	f[11] = 1;
	put16(f + 12, 0x0800);
	f[14] = 0x45;
	put16(f + 16, (unsigned)(40 + n));
	f[20] = 0x40;
	f[22] = 64;
	f[23] = 6;
	memcpy(f + 26, src, 4);
	memcpy(f + 30, dst, 4);
	put16(f + 24, fold(sum16(f + 14, 20, 0)));
	put16(f + 34, sp);
	put16(f + 36, dp);
	put32(f + 38, seq);
	put32(f + 42, ack);
	f[46] = 0x50;
	f[47] = flags;
	put16(f + 48, 65535);
	if (n > 0)
		memcpy(f + 54, pl, n);
	memcpy(ph, src, 4);
	memcpy(ph + 4, dst, 4);
	ph[8] = 0;
	ph[9] = 6;
	put16(ph + 10, (unsigned)(20 + n));
	s = sum16(ph, 12, 0);
	put16(f + 50, fold(sum16(f + 34, 20 + n, s)));
	fr->len[fr->n++] = 54 + n;
}

/* The MSEE's stream: 2 UPDATEs of NPFX /24s each, then a KEEPALIVE. */
static size_t
msee_stream(uint8_t *out, size_t cap)
{
	struct net_prefix pfx[NPFX];
	struct bgp_update_params up;
	static const uint32_t path[] = { 12076, 65020 };
	struct sb b;
	size_t i, k, used, wd, n = 0;

	sb_init(&b);
	for (k = 0; k < 2; k++) {
		for (i = 0; i < NPFX; i++) {
			memset(&pfx[i], 0, sizeof(pfx[i]));
			net_addr_set_v4(&pfx[i].addr, 0x0a000000u |
			    (uint32_t)(k * NPFX + i) << 8);
			pfx[i].len = 24;
		}
		memset(&up, 0, sizeof(up));
		up.as4 = true;
		up.as_path = path;
		up.as_path_len = 2;
		net_addr_set_v4(&up.next_hop, 0xac100002u);
		up.announce = pfx;
		up.n_announce = NPFX;
		up.max_len = BGP_MAX_LEN;
		sb_reset(&b);
		assert_int_equal(bgp_build_update(&b, &up, &used, &wd), 0);
		assert_int_equal(used, NPFX);
		assert_true(n + b.len <= cap);
		memcpy(out + n, b.buf, b.len);
		n += b.len;
	}
	sb_reset(&b);
	bgp_build_keepalive(&b);
	memcpy(out + n, b.buf, b.len);
	n += b.len;
	sb_release(&b);
	return n;
}

/*
 * The capture.  flip: offset in the MSEE stream whose byte the last
 * retransmission carries changed (-1: none).
 */
static void
build(struct frames *fr, long flip)
{
	struct bgp_open_params p;
	struct sb oa, ob, ka;
	uint8_t st[4096], rt[4096];
	uint32_t ca = 1000, ma = 70000;	/* ISN + 1 of each side */
	size_t n, off, cut;

	memset(fr, 0, sizeof(*fr));
	sb_init(&oa);
	sb_init(&ob);
	sb_init(&ka);
	memset(&p, 0, sizeof(p));
	p.asn = 65010;
	p.hold_time = 180;
	p.bgp_id = 0xac100001u;
	p.cap_as4 = true;
	p.cap_mp_ipv4 = true;
	bgp_build_open(&oa, &p);
	p.asn = 12076;
	p.bgp_id = 0xac100002u;
	bgp_build_open(&ob, &p);
	bgp_build_keepalive(&ka);
	n = msee_stream(st, sizeof(st));
	assert_true(n > 1600 && n < 1800);

	tcp(fr, CE, 40000, MSEE, 179, ca - 1, 0, PKT_TCP_SYN, NULL, 0);
	tcp(fr, MSEE, 179, CE, 40000, ma - 1, ca, PKT_TCP_SYN | PKT_TCP_ACK,
	    NULL, 0);
	tcp(fr, CE, 40000, MSEE, 179, ca, ma, PKT_TCP_ACK, NULL, 0);
	tcp(fr, CE, 40000, MSEE, 179, ca, ma, PKT_TCP_ACK, oa.buf, oa.len);
	ca += (uint32_t)oa.len;
	tcp(fr, MSEE, 179, CE, 40000, ma, ca, PKT_TCP_ACK, ob.buf, ob.len);
	ma += (uint32_t)ob.len;
	tcp(fr, CE, 40000, MSEE, 179, ca, ma, PKT_TCP_ACK, ka.buf, ka.len);
	ca += (uint32_t)ka.len;
	tcp(fr, MSEE, 179, CE, 40000, ma, ca, PKT_TCP_ACK, ka.buf, ka.len);
	ma += (uint32_t)ka.len;
	tcp(fr, CE, 40000, MSEE, 179, ca, ma, PKT_TCP_ACK, NULL, 0);

	/* the UPDATEs: 600-byte segments, the second never captured */
	tcp(fr, MSEE, 179, CE, 40000, ma, ca, PKT_TCP_ACK, st, 600);
	/* 600..1200 lost */
	tcp(fr, MSEE, 179, CE, 40000, ma + 1200, ca, PKT_TCP_ACK, st + 1200,
	    n - 1200);
	/* the CE has only the first: duplicate acks */
	tcp(fr, CE, 40000, MSEE, 179, ca, ma + 600, PKT_TCP_ACK, NULL, 0);
	tcp(fr, CE, 40000, MSEE, 179, ca, ma + 600, PKT_TCP_ACK, NULL, 0);
	/* after the MTU drop, from 600 on in 400-byte pieces, the second
	 * piece first; then a spurious copy of bytes 300..700 */
	memcpy(rt, st, n);
	if (flip >= 0)
		rt[flip] ^= 0x20;
	tcp(fr, MSEE, 179, CE, 40000, ma + 1000, ca, PKT_TCP_ACK, st + 1000,
	    400);
	tcp(fr, MSEE, 179, CE, 40000, ma + 600, ca, PKT_TCP_ACK, st + 600,
	    400);
	tcp(fr, MSEE, 179, CE, 40000, ma + 300, ca, PKT_TCP_ACK, st + 300,
	    400);
	for (off = 1400; off < n; off += cut) {
		cut = n - off < 400 ? n - off : 400;
		tcp(fr, MSEE, 179, CE, 40000, ma + (uint32_t)off, ca,
		    PKT_TCP_ACK, rt + off, cut);
	}
	tcp(fr, CE, 40000, MSEE, 179, ca, ma + (uint32_t)n, PKT_TCP_ACK,
	    NULL, 0);
	/* the last segment, once more as first sent */
	tcp(fr, MSEE, 179, CE, 40000, ma + 1200, ca, PKT_TCP_ACK, st + 1200,
	    n - 1200);
	sb_release(&oa);
	sb_release(&ob);
	sb_release(&ka);
}

static void
write_pcap(const struct frames *fr, const char *path)
{
	struct cap_writer *w;
	struct err e;
	unsigned i;

	err_clear(&e);
	assert_int_equal(cap_writer_open(path, CAP_OUT_PCAP, PKT_DLT_EN10MB,
	    65535, NULL, &w, &e), 0);
	for (i = 0; i < fr->n; i++)
		assert_int_equal(cap_writer_write(w, (1795608000LL + i) *
		    USEC_PER_SEC, (uint32_t)fr->len[i], (uint32_t)fr->len[i],
		    fr->buf[i], &e), 0);
	assert_int_equal(cap_writer_close(w, &e), 0);
}

struct counts {
	uint64_t	 updates, prefixes, msgs;
	uint64_t	 first_update_frame[2];
};

static void
on_message(void *ctx, const struct diag_pcap_msg *m)
{
	struct counts *c = ctx;

	c->msgs++;
	if (m->type != BGP_MSG_UPDATE)
		return;
	if (c->updates < 2)
		c->first_update_frame[c->updates] = m->frame;
	c->updates++;
	if (m->parsed)
		c->prefixes += m->m->u.update.n_nlri +
		    m->m->u.update.n_mp_reach;
}

/* erwatch on the file: counts, and the findings in out. */
static void
analyze(const char *path, struct counts *c, struct finding_list *out)
{
	struct diag_pcap_opts o;
	struct diag_pcap *ctx;
	struct cap_file *cf;
	struct cap_record r;
	struct err e;
	int rc;

	memset(c, 0, sizeof(*c));
	memset(&o, 0, sizeof(o));
	o.on_message = on_message;
	o.cb_ctx = c;
	err_clear(&e);
	assert_non_null(ctx = diag_pcap_new(&o, &e));
	assert_int_equal(cap_open_file(path, &cf, &e), 0);
	assert_int_equal(diag_pcap_file_begin(ctx, path, cap_dlt(cf), &e), 0);
	while ((rc = cap_next(cf, &r, &e)) == 1)
		assert_int_equal(diag_pcap_feed(ctx, &r, &e), 0);
	assert_int_equal(rc, 0);
	cap_close(cf);
	assert_int_equal(diag_pcap_file_end(ctx, NULL), 0);
	finding_list_init(out);
	assert_int_equal(diag_pcap_finish(ctx, out, &e), 0);
	diag_pcap_free(ctx);
}

static const struct finding *
find(const struct finding_list *l, enum finding_code code)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].code == code)
			return &l->v[i];
	return NULL;
}

/*
 * tshark's count of UPDATEs and NLRI prefixes in the file; -1 when tshark
 * is not there.  Its default reassembly gives up on a stream with a hole
 * ("previous segment not captured") and decodes no message after it; with
 * tcp.reassemble_out_of_order it buffers, as erwatch does.  Per frame it
 * prints the message types and the NLRI prefixes, ';' between items.
 */
static int
tshark_counts(const char *path, uint64_t *updates, uint64_t *prefixes)
{
	char cmd[512], line[16384], *p, *q;
	FILE *fp;

	if (system("tshark -v >/dev/null 2>&1") != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "tshark -r '%s' -n "
	    "-o tcp.reassemble_out_of_order:TRUE -Y 'bgp.type == 2' "
	    "-T fields -E occurrence=a -E aggregator=';' -e bgp.type "
	    "-e bgp.nlri_prefix 2>/dev/null", path);
	assert_non_null(fp = popen(cmd, "r"));
	*updates = *prefixes = 0;
	while (fgets(line, sizeof(line), fp) != NULL) {
		assert_non_null(strchr(line, '\n'));	/* not cut */
		assert_non_null(q = strchr(line, '\t'));
		*q++ = '\0';
		for (p = strtok(line, ";"); p != NULL; p = strtok(NULL, ";"))
			if (strcmp(p, "2") == 0)
				(*updates)++;
		q[strcspn(q, "\n")] = '\0';
		for (p = strtok(q, ";"); p != NULL; p = strtok(NULL, ";"))
			(*prefixes)++;
	}
	assert_int_equal(pclose(fp), 0);
	return 0;
}

/* The capture goes to a temporary file, or to ERW_OVERLAP_PCAP (kept, to
 * look at it with other tools). */
static void
tmpname(char *buf, size_t len, bool keepable)
{
	const char *d = getenv("TMPDIR"), *keep = getenv("ERW_OVERLAP_PCAP");
	int fd;

	if (keepable && keep != NULL && *keep != '\0') {
		snprintf(buf, len, "%s", keep);
		return;
	}
	snprintf(buf, len, "%s/erw_overlap_XXXXXX", d != NULL ? d : "/tmp");
	assert_true((fd = mkstemp(buf)) >= 0);
	close(fd);
}

static void
test_overlap_counts(void **state)
{
	struct frames *fr;
	struct finding_list fl;
	struct counts c;
	uint64_t tu, tp;
	char path[256];

	(void)state;
	assert_non_null(fr = malloc(sizeof(*fr)));
	build(fr, -1);
	tmpname(path, sizeof(path), true);
	write_pcap(fr, path);
	analyze(path, &c, &fl);
	/* OPEN, KEEPALIVE each way, 2 UPDATEs and a KEEPALIVE */
	assert_int_equal(c.updates, 2);
	assert_int_equal(c.prefixes, 2 * NPFX);
	assert_int_equal(c.msgs, 7);
	assert_null(find(&fl, FC_TCP_OVERLAP_MISMATCH));
	assert_null(find(&fl, FC_TCP_REASSEMBLY_LIMIT));
	assert_non_null(find(&fl, FC_TCP_RETRANSMISSIONS));
	finding_list_release(&fl);
	if (tshark_counts(path, &tu, &tp) == 0) {
		fprintf(stderr, "erwatch %llu UPDATEs / %llu prefixes, tshark "
		    "%llu / %llu\n", (unsigned long long)c.updates,
		    (unsigned long long)c.prefixes, (unsigned long long)tu,
		    (unsigned long long)tp);
		assert_int_equal(tu, c.updates);
		assert_int_equal(tp, c.prefixes);
	} else
		fprintf(stderr, "tshark not found: comparison skipped\n");
	if (getenv("ERW_OVERLAP_PCAP") == NULL)
		unlink(path);
	free(fr);
}

static void
test_overlap_mismatch(void **state)
{
	struct frames *fr;
	struct finding_list fl;
	const struct finding *f;
	struct counts c;
	char path[256];

	(void)state;
	assert_non_null(fr = malloc(sizeof(*fr)));
	/* a prefix byte of the second UPDATE, in bytes 1200..1800 that the
	 * first transmission carried (frame 10) and the 400-byte piece
	 * from 1400 (frame 16) carries again */
	build(fr, 1500);
	tmpname(path, sizeof(path), false);
	write_pcap(fr, path);
	analyze(path, &c, &fl);
	assert_int_equal(c.updates, 2);
	assert_int_equal(c.prefixes, 2 * NPFX);	/* the first copy */
	assert_non_null(f = find(&fl, FC_TCP_OVERLAP_MISMATCH));
	assert_int_equal(f->nev, 2);
	assert_int_equal(f->ev[0].unit, 16);	/* the copy */
	assert_int_equal(f->ev[1].unit, 10);	/* the first copy */
	assert_non_null(strstr(f->summary, "frame 16 against frame 10"));
	assert_non_null(strstr(f->summary, "172.16.0.2 sent 1 segments"));
	finding_list_release(&fl);
	unlink(path);
	free(fr);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overlap_counts),
		cmocka_unit_test(test_overlap_mismatch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
