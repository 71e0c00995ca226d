/*
 * Unit tests for flow_reasm.c: TCP stream reassembly and the BGP framer.
 * Synthetic segments carry BGP messages (KEEPALIVE, and UPDATE-typed
 * messages whose body is a counter pattern so a mix-up shows); the tests
 * check which whole messages come out, from which frames, and which gaps,
 * bad headers and differing retransmissions are reported.  Last, the
 * reassembly property (fuzz/reasm_prop.h) over random damaged streams from
 * a fixed seed: ERW_REASM_PROP_ITERS and ERW_REASM_PROP_SEED change how
 * many cases and which (fuzz_reasm_prop runs it without end).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flow/flow.h"
#include "../../fuzz/reasm_prop.h"

#define MAXMSG	64

struct got {
	unsigned	 n;
	size_t		 len[MAXMSG];
	uint8_t		 type[MAXMSG];
	uint8_t		 tag[MAXMSG];	/* first body byte */
	uint64_t	 first[MAXMSG], last[MAXMSG];
	unsigned	 nbad;
	unsigned	 ngap;
	uint64_t	 gap_bytes;
	enum flow_gap_why gap_why[MAXMSG];
	unsigned	 nmism;
	uint32_t	 mism_seq;
	uint64_t	 mism_bytes;
	uint64_t	 mism_orig, mism_dup;	/* frames of the last one */
};

static void
on_msg(void *ctx, const uint8_t *buf, size_t len, const struct flow_meta *f,
    const struct flow_meta *l)
{
	struct got *g = ctx;

	assert_true(len >= BGP_HDR_LEN);
	if (g->n >= MAXMSG)
		return;
	g->len[g->n] = len;
	g->type[g->n] = buf[18];
	g->tag[g->n] = len > BGP_HDR_LEN ? buf[19] : 0;
	g->first[g->n] = f->frame;
	g->last[g->n] = l->frame;
	g->n++;
}

static void
on_bad(void *ctx, const struct bgp_error *be, const struct flow_meta *m)
{
	struct got *g = ctx;

	(void)be;
	(void)m;
	g->nbad++;
}

static void
on_gap(void *ctx, enum flow_gap_why why, uint64_t bytes,
    const struct flow_meta *m)
{
	struct got *g = ctx;

	(void)m;
	if (g->ngap < MAXMSG)
		g->gap_why[g->ngap] = why;
	g->ngap++;
	g->gap_bytes += bytes;
}

static void
on_mismatch(void *ctx, uint32_t seq, uint64_t bytes,
    const struct flow_meta *orig, const struct flow_meta *dup)
{
	struct got *g = ctx;

	g->nmism++;
	g->mism_seq = seq;
	g->mism_bytes += bytes;
	g->mism_orig = orig->frame;
	g->mism_dup = dup->frame;
}

static const struct flow_stream_ops ops = {
	on_msg, on_bad, on_gap, on_mismatch
};

/* A message of len bytes and type; body bytes are tag, tag+1, ... */
static size_t
mk(uint8_t *p, size_t len, uint8_t type, uint8_t tag)
{
	size_t i;

	memset(p, 0xff, 16);
	p[16] = (uint8_t)(len >> 8);
	p[17] = (uint8_t)len;
	p[18] = type;
	for (i = BGP_HDR_LEN; i < len; i++)
		p[i] = (uint8_t)(tag + i - BGP_HDR_LEN);
	return len;
}

static void
seg(struct flow_stream *s, uint32_t seq, const uint8_t *p, size_t n,
    uint64_t frame)
{
	struct flow_meta m = { frame, (usec_t)frame * 1000 };

	(void)flow_stream_segment(s, seq, p, n, n, &m);
}

static void
test_split_three(void **state)
{
	uint8_t buf[200];
	struct flow_stream s;
	struct got g;
	size_t n;

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 150, BGP_MSG_UPDATE, 7);
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, 1000);
	seg(&s, 1000, buf, 10, 1);		/* inside the header */
	seg(&s, 1010, buf + 10, 60, 2);
	assert_int_equal(g.n, 0);
	seg(&s, 1070, buf + 70, n - 70, 3);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.len[0], 150);
	assert_int_equal(g.tag[0], 7);
	assert_int_equal(g.first[0], 1);
	assert_int_equal(g.last[0], 3);
	assert_int_equal(g.ngap, 0);
	assert_int_equal(flow_stream_buffered(&s), 0);
	flow_stream_release(&s);
}

static void
test_two_in_one(void **state)
{
	uint8_t buf[200];
	struct flow_stream s;
	struct got g;
	size_t n;

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 19, BGP_MSG_KEEPALIVE, 0);
	n += mk(buf + n, 40, BGP_MSG_UPDATE, 9);
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, 5);
	seg(&s, 5, buf, n, 4);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.type[0], BGP_MSG_KEEPALIVE);
	assert_int_equal(g.type[1], BGP_MSG_UPDATE);
	assert_int_equal(g.tag[1], 9);
	assert_int_equal(g.last[1], 4);
	flow_stream_release(&s);
}

static void
test_retransmit_overlap(void **state)
{
	uint8_t buf[300];
	struct flow_stream s;
	struct got g;
	size_t n;

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 100, BGP_MSG_UPDATE, 1);
	n += mk(buf + n, 100, BGP_MSG_UPDATE, 2);
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, 0);
	seg(&s, 0, buf, 120, 1);
	assert_int_equal(g.n, 1);
	/* exact retransmission of the first segment */
	assert_int_equal(flow_stream_segment(&s, 0, buf, 120, 120,
	    &(struct flow_meta){ 2, 0 }), FLOW_SEG_RETRANS);
	assert_int_equal(g.n, 1);
	/* overlapping: bytes 50..150 again, with 30 new ones */
	assert_int_equal(flow_stream_segment(&s, 50, buf + 50, 100, 100,
	    &(struct flow_meta){ 3, 0 }), FLOW_SEG_NEW);
	assert_int_equal(g.n, 1);
	seg(&s, 150, buf + 150, n - 150, 4);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.tag[1], 2);
	assert_int_equal(g.len[1], 100);
	assert_int_equal(s.retrans_segs, 1);
	assert_true(s.overlap_bytes >= 120 + 70);
	assert_int_equal(g.nbad, 0);
	flow_stream_release(&s);
}

static void
test_out_of_order(void **state)
{
	uint8_t buf[400];
	struct flow_stream s;
	struct got g;
	size_t n;

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 100, BGP_MSG_UPDATE, 1);
	n += mk(buf + n, 100, BGP_MSG_UPDATE, 2);
	n += mk(buf + n, 100, BGP_MSG_UPDATE, 3);
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, 77);
	seg(&s, 77 + 200, buf + 200, 100, 1);	/* third first */
	seg(&s, 77 + 100, buf + 100, 100, 2);	/* second */
	assert_int_equal(g.n, 0);
	assert_int_equal(s.nooo, 2);
	/* a duplicate of a buffered one */
	assert_int_equal(flow_stream_segment(&s, 77 + 100, buf + 100, 100,
	    100, &(struct flow_meta){ 3, 0 }), FLOW_SEG_RETRANS);
	seg(&s, 77, buf, 100, 4);		/* the hole fills */
	assert_int_equal(g.n, 3);
	assert_int_equal(g.tag[0], 1);
	assert_int_equal(g.tag[1], 2);
	assert_int_equal(g.tag[2], 3);
	assert_int_equal(g.last[1], 2);		/* from its own segment */
	assert_int_equal(flow_stream_buffered(&s), 0);
	flow_stream_release(&s);
}

static void
test_overlapping_ooo(void **state)
{
	uint8_t buf[400];
	struct flow_stream s;
	struct got g;
	size_t n;

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 100, BGP_MSG_UPDATE, 1);
	n += mk(buf + n, 100, BGP_MSG_UPDATE, 2);
	n += mk(buf + n, 100, BGP_MSG_UPDATE, 3);
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, 0);
	seg(&s, 120, buf + 120, 30, 1);
	seg(&s, 200, buf + 200, 50, 2);
	/* one that covers both and more: it fills the holes around them,
	 * the buffered copies stay */
	seg(&s, 110, buf + 110, 190, 3);
	assert_int_equal(s.nooo, 5);
	assert_int_equal(s.ooo_bytes, 190);
	assert_int_equal(s.overlap_bytes, 80);
	seg(&s, 0, buf, 110, 4);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.tag[2], 3);
	assert_int_equal(g.nbad, 0);
	flow_stream_release(&s);
}

static void
test_hole_never_fills(void **state)
{
	uint8_t buf[400];
	struct flow_stream s;
	struct got g;
	size_t n;

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 100, BGP_MSG_UPDATE, 1);
	n += mk(buf + n, 100, BGP_MSG_UPDATE, 2);
	n += mk(buf + n, 19, BGP_MSG_KEEPALIVE, 0);
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, 0);
	seg(&s, 0, buf, 50, 1);			/* half of the first */
	/* bytes 50..150 never come: 150.. starts mid-message */
	seg(&s, 150, buf + 150, n - 150, 2);
	assert_int_equal(g.n, 0);
	flow_stream_flush(&s, &(struct flow_meta){ 3, 0 });
	assert_int_equal(g.ngap, 1);
	assert_int_equal(g.gap_bytes, 100);
	assert_int_equal(g.gap_why[0], FLOW_GAP_HOLE);
	/* resync skips the tail of message 2, finds the KEEPALIVE */
	assert_int_equal(g.n, 1);
	assert_int_equal(g.type[0], BGP_MSG_KEEPALIVE);
	assert_true(s.skipped_bytes > 0);
	flow_stream_release(&s);
}

static void
test_ack_gives_up_hole(void **state)
{
	uint8_t buf[300];
	struct flow_stream s;
	struct got g;
	size_t n;

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 100, BGP_MSG_UPDATE, 1);
	n += mk(buf + n, 19, BGP_MSG_KEEPALIVE, 0);
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, 1);
	/* the receiver acks all of message 1 that we never saw */
	flow_stream_ack(&s, 101, &(struct flow_meta){ 1, 0 });
	assert_int_equal(g.ngap, 1);
	assert_int_equal(g.gap_bytes, 100);
	seg(&s, 101, buf + 100, 19, 2);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.type[0], BGP_MSG_KEEPALIVE);
	/* an old ack changes nothing */
	flow_stream_ack(&s, 50, &(struct flow_meta){ 3, 0 });
	assert_int_equal(g.ngap, 1);
	flow_stream_release(&s);
}

static void
test_wraparound(void **state)
{
	uint8_t buf[400];
	struct flow_stream s;
	struct got g;
	size_t n;
	uint32_t isn = 0xffffffffu - 30;	/* wraps inside message 1 */

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 100, BGP_MSG_UPDATE, 1);
	n += mk(buf + n, 100, BGP_MSG_UPDATE, 2);
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, isn);
	seg(&s, isn, buf, 20, 1);
	seg(&s, isn + 60, buf + 60, 140, 3);	/* out of order, past 2^32 */
	seg(&s, isn + 20, buf + 20, 40, 2);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.tag[1], 2);
	/* a retransmission from before the wrap is still old */
	assert_int_equal(flow_stream_segment(&s, isn, buf, 20, 20,
	    &(struct flow_meta){ 4, 0 }), FLOW_SEG_RETRANS);
	assert_int_equal(s.next, isn + 200);
	assert_int_equal(g.ngap, 0);
	flow_stream_release(&s);
}

static void
test_memory_cap(void **state)
{
	uint8_t buf[64 * 100];
	struct flow_stream s;
	struct got g;
	size_t i;

	(void)state;
	memset(&g, 0, sizeof(g));
	for (i = 0; i < 64; i++)
		mk(buf + i * 100, 100, BGP_MSG_UPDATE, (uint8_t)i);
	flow_stream_init(&s, &ops, &g);
	s.cap_segs = 4;
	s.cap_bytes = 1000;
	flow_stream_start(&s, 0);
	/* message 0 is lost; 1..10 arrive: the cap forces a skip */
	for (i = 1; i <= 10; i++)
		seg(&s, (uint32_t)(i * 100), buf + i * 100, 100, i);
	assert_int_equal(g.ngap, 1);
	assert_int_equal(g.gap_why[0], FLOW_GAP_LIMIT);
	assert_int_equal(g.gap_bytes, 100);
	assert_int_equal(s.limit_bytes, 100);
	assert_true(s.nooo <= 4);
	assert_true(s.ooo_bytes <= 1000);
	/* after the skip, messages 1..10 all come out */
	assert_int_equal(g.n, 10);
	assert_int_equal(g.tag[0], 1);
	assert_int_equal(g.tag[9], 10);
	flow_stream_release(&s);
}

static void
test_cap_bytes(void **state)
{
	uint8_t buf[3000];
	struct flow_stream s;
	struct got g;

	(void)state;
	memset(&g, 0, sizeof(g));
	memset(buf, 0, sizeof(buf));
	flow_stream_init(&s, &ops, &g);
	s.cap_bytes = 1500;
	flow_stream_start(&s, 0);
	seg(&s, 1000, buf, 1000, 1);
	seg(&s, 2000, buf, 1000, 2);	/* over the cap: hole 0..1000 */
	assert_int_equal(g.ngap, 1);
	assert_int_equal(g.gap_why[0], FLOW_GAP_LIMIT);
	assert_true(s.ooo_bytes <= 1500);
	flow_stream_release(&s);
}

static void
test_bad_marker_resync(void **state)
{
	uint8_t buf[300];
	struct flow_stream s;
	struct got g;
	size_t n = 0;

	(void)state;
	memset(&g, 0, sizeof(g));
	n += mk(buf, 19, BGP_MSG_KEEPALIVE, 0);
	memcpy(buf + n, "GET / HTTP/1.0\r\n\r\nxxxxxxxxxx", 28);
	n += 28;
	n += mk(buf + n, 60, BGP_MSG_UPDATE, 5);
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, 0);
	seg(&s, 0, buf, n, 1);
	assert_int_equal(g.nbad, 1);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.tag[1], 5);
	assert_int_equal(s.skipped_bytes, 28);
	flow_stream_release(&s);
}

static void
test_lying_length(void **state)
{
	uint8_t buf[300];
	struct flow_stream s;
	struct got g;
	size_t n = 0;

	(void)state;
	memset(&g, 0, sizeof(g));
	n += mk(buf, 19, BGP_MSG_KEEPALIVE, 0);
	buf[16] = 0x30;		/* 12307: above 4096 */
	n += mk(buf + n, 19, BGP_MSG_KEEPALIVE, 0);
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, 0);
	seg(&s, 0, buf, 10, 1);
	seg(&s, 10, buf + 10, n - 10, 2);
	assert_int_equal(g.nbad, 1);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.last[0], 2);
	flow_stream_release(&s);
}

static void
test_snaplen_gap(void **state)
{
	uint8_t buf[300];
	struct flow_stream s;
	struct got g;
	size_t n;

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 100, BGP_MSG_UPDATE, 1);
	n += mk(buf + n, 19, BGP_MSG_KEEPALIVE, 0);
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, 0);
	(void)flow_stream_segment(&s, 0, buf, 40, 100,
	    &(struct flow_meta){ 1, 0 });
	assert_int_equal(g.ngap, 1);
	assert_int_equal(g.gap_why[0], FLOW_GAP_SNAPLEN);
	assert_int_equal(g.gap_bytes, 60);
	seg(&s, 100, buf + 100, 19, 2);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.type[0], BGP_MSG_KEEPALIVE);
	flow_stream_release(&s);
}

static void
test_midstream_join(void **state)
{
	uint8_t buf[300];
	struct flow_stream s;
	struct got g;
	size_t n;

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 100, BGP_MSG_UPDATE, 1);
	n += mk(buf + n, 19, BGP_MSG_KEEPALIVE, 0);
	flow_stream_init(&s, &ops, &g);
	/* not started: the first segment is the tail of a message */
	seg(&s, 5000, buf + 30, n - 30, 1);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.type[0], BGP_MSG_KEEPALIVE);
	assert_int_equal(g.nbad, 0);
	flow_stream_release(&s);
}

/* Truncation sweep: every cut of a two-message stream, fed as two
 * segments, yields whole messages only and never reads out of bounds. */
static void
test_every_split(void **state)
{
	uint8_t buf[200];
	struct flow_stream s;
	struct got g;
	size_t n, cut;

	(void)state;
	n = mk(buf, 80, BGP_MSG_UPDATE, 1);
	n += mk(buf + n, 19, BGP_MSG_KEEPALIVE, 0);
	for (cut = 1; cut < n; cut++) {
		memset(&g, 0, sizeof(g));
		flow_stream_init(&s, &ops, &g);
		flow_stream_start(&s, 0);
		seg(&s, 0, buf, cut, 1);
		seg(&s, (uint32_t)cut, buf + cut, n - cut, 2);
		assert_int_equal(g.n, 2);
		assert_int_equal(g.len[0], 80);
		flow_stream_release(&s);
	}
}

/*
 * The duplicate the cap used to cause: with the buffer over its byte cap,
 * giving up holes before a segment that falls in a later hole moved next
 * past the segment, and delivering it then moved next back over bytes
 * already delivered, so their retransmission came out a second time.
 */
static void
test_cap_skip_no_redelivery(void **state)
{
	static uint8_t buf[4000];
	struct flow_stream s;
	struct got g;

	(void)state;
	memset(&g, 0, sizeof(g));
	memset(buf, 0, sizeof(buf));
	mk(buf + 2000, 900, BGP_MSG_UPDATE, 77);
	flow_stream_init(&s, &ops, &g);
	s.cap_bytes = 1000;
	flow_stream_start(&s, 0);
	/* three small runs, holes between, then a big one */
	seg(&s, 100, buf + 100, 10, 1);
	seg(&s, 200, buf + 200, 10, 2);
	seg(&s, 300, buf + 300, 10, 3);
	seg(&s, 2000, buf + 2000, 900, 4);
	/* a late segment in the hole before the big one: over the cap, so
	 * the holes before it are given up, and it is delivered */
	seg(&s, 1000, buf + 1000, 200, 5);
	assert_true(FLOW_SEQ_LEQ(1200, s.next));
	/* the big one again, and the end */
	seg(&s, 2000, buf + 2000, 900, 6);
	flow_stream_flush(&s, &(struct flow_meta){ 7, 0 });
	assert_int_equal(g.n, 1);		/* once, not twice */
	assert_int_equal(g.tag[0], 77);
	/* the holes before the late segment went to the cap, the one after
	 * it to the end */
	assert_int_equal(s.limit_bytes, 100 + 90 + 90 + 690);
	assert_int_equal(g.gap_bytes, s.limit_bytes + 800);
	assert_int_equal(g.last[0], 4);		/* the first copy */
	assert_int_equal(s.next, 2900);
	assert_int_equal(s.retrans_segs, 1);
	assert_int_equal(g.nmism, 0);
	flow_stream_release(&s);
}

/*
 * The case from the field: after a capture gap, UPDATEs arrive out of
 * order and are sent again cut at other boundaries (a path-MTU drop),
 * overlapping what was delivered and what is buffered.  Each message
 * comes out once: 2 UPDATEs, not 3.
 */
static void
test_resegmented_after_gap(void **state)
{
	uint8_t buf[4000];
	struct flow_stream s;
	struct got g;
	size_t n, off;

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 19, BGP_MSG_KEEPALIVE, 0);
	n += mk(buf + n, 1600, BGP_MSG_UPDATE, 1);	/* 19..1619 */
	n += mk(buf + n, 1600, BGP_MSG_UPDATE, 2);	/* 1619..3219 */
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, 5000);
	seg(&s, 5000, buf, 19, 1);
	/* 19..1419 never captured ("previous segment not captured") */
	seg(&s, 5000 + 2819, buf + 2819, n - 2819, 2);
	seg(&s, 5000 + 1419, buf + 1419, 1400, 3);
	/* the receiver had them all: the hole is given up */
	flow_stream_ack(&s, 5000 + 1419, &(struct flow_meta){ 4, 0 });
	assert_int_equal(g.ngap, 1);
	/* message 2 is whole now */
	assert_int_equal(g.n, 2);
	assert_int_equal(g.tag[1], 2);
	/* the sender, after the MTU drop, sends it all again in 576-byte
	 * pieces: every byte old */
	for (off = 19; off < n; off += 576)
		seg(&s, 5000 + (uint32_t)off, buf + off,
		    off + 576 < n ? 576 : n - off, 5 + off / 576);
	flow_stream_flush(&s, &(struct flow_meta){ 20, 0 });
	assert_int_equal(g.n, 2);
	assert_int_equal(g.ngap, 1);
	assert_int_equal(g.nmism, 0);
	assert_int_equal(s.bytes, n - 1400);
	/* bytes of the given-up hole are old but were never seen */
	assert_true(s.unchecked_bytes >= 1400);
	flow_stream_release(&s);
}

/* A retransmission whose bytes differ from what was delivered: reported
 * with both frames, the delivered copy stays. */
static void
test_mismatch_delivered(void **state)
{
	uint8_t buf[300], bad[300];
	struct flow_stream s;
	struct got g;
	size_t n;

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 100, BGP_MSG_UPDATE, 1);
	n += mk(buf + n, 100, BGP_MSG_UPDATE, 2);
	memcpy(bad, buf, n);
	bad[60] ^= 0x40;
	bad[61] ^= 0x40;
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, 0xfffffff0u);	/* across the wrap */
	seg(&s, 0xfffffff0u, buf, 50, 1);
	seg(&s, 0xfffffff0u + 50, buf + 50, 30, 2);
	seg(&s, 0xfffffff0u + 80, buf + 80, 40, 3);
	assert_int_equal(g.n, 1);
	/* cut elsewhere, bytes 40..140, two of them changed */
	assert_int_equal(flow_stream_segment(&s, 0xfffffff0u + 40, bad + 40,
	    100, 100, &(struct flow_meta){ 4, 0 }), FLOW_SEG_NEW);
	assert_int_equal(g.nmism, 1);
	assert_int_equal(g.mism_bytes, 2);
	assert_int_equal(g.mism_seq, 0xfffffff0u + 60);
	assert_int_equal(g.mism_orig, 2);
	assert_int_equal(g.mism_dup, 4);
	assert_int_equal(s.mismatch_segs, 1);
	seg(&s, 0xfffffff0u + 140, buf + 140, n - 140, 5);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.tag[1], 2);
	/* the same bytes again, unchanged: nothing more */
	seg(&s, 0xfffffff0u, buf, n, 6);
	assert_int_equal(g.nmism, 1);
	flow_stream_release(&s);
}

/* A copy that differs from a buffered (not yet delivered) one: the first
 * copy stays and comes out. */
static void
test_mismatch_buffered(void **state)
{
	uint8_t buf[300], bad[300];
	struct flow_stream s;
	struct got g;
	size_t n;

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 100, BGP_MSG_UPDATE, 1);
	n += mk(buf + n, 100, BGP_MSG_UPDATE, 2);
	memcpy(bad, buf, n);
	bad[150] ^= 1;
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, 0);
	seg(&s, 120, buf + 120, 80, 1);
	/* 100..200 again, byte 150 changed, and 100..120 new */
	seg(&s, 100, bad + 100, 100, 2);
	assert_int_equal(g.nmism, 1);
	assert_int_equal(g.mism_seq, 150);
	assert_int_equal(g.mism_orig, 1);
	assert_int_equal(g.mism_dup, 2);
	seg(&s, 0, buf, 100, 3);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.tag[1], 2);
	assert_int_equal(g.len[1], 100);
	flow_stream_release(&s);
}

/* After a gap the next header may be cut across segments, a few bytes
 * at a time: the search carries the bytes over and finds it. */
static void
test_resync_across_segments(void **state)
{
	uint8_t buf[300];
	struct flow_stream s;
	struct got g;
	size_t n, off, step;

	(void)state;
	for (step = 1; step <= 21; step++) {
		memset(&g, 0, sizeof(g));
		n = mk(buf, 100, BGP_MSG_UPDATE, 1);
		n += mk(buf + n, 23, BGP_MSG_ROUTE_REFRESH, 0);
		n += mk(buf + n, 40, BGP_MSG_UPDATE, 3);
		flow_stream_init(&s, &ops, &g);
		flow_stream_start(&s, 0);
		seg(&s, 0, buf, 10, 1);
		/* 10..90 lost; the rest comes in pieces of step bytes */
		for (off = 90; off < n; off += step)
			seg(&s, (uint32_t)off, buf + off,
			    off + step < n ? step : n - off, 2 + off);
		flow_stream_flush(&s, &(struct flow_meta){ 999, 0 });
		assert_int_equal(g.ngap, 1);
		assert_int_equal(g.n, 2);
		assert_int_equal(g.type[0], BGP_MSG_ROUTE_REFRESH);
		assert_int_equal(g.tag[1], 3);
		assert_int_equal(g.nbad, 0);
		/* the tail of message 1, and nothing else, was skipped */
		assert_int_equal(s.skipped_bytes, 10);
		flow_stream_release(&s);
	}
}

/* A message that ends in 0xff bytes right before the next marker: the
 * search takes the last 16 of the run, not the first. */
static void
test_resync_marker_run(void **state)
{
	uint8_t buf[400];
	struct flow_stream s;
	struct got g;
	size_t n;

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 60, BGP_MSG_UPDATE, 1);
	memset(buf + 56, 0xff, 4);		/* its last bytes */
	/* 258 bytes: 0xff then 0x01 would read as a length of 65281 and a
	 * type of 2 one byte early */
	n += mk(buf + n, 0x102, BGP_MSG_UPDATE, 2);
	flow_stream_init(&s, &ops, &g);
	s.ext_msg = true;
	flow_stream_start(&s, 0);
	seg(&s, 0, buf, 10, 1);
	seg(&s, 30, buf + 30, (uint32_t)n - 30, 2);	/* 10..30 lost */
	flow_stream_flush(&s, &(struct flow_meta){ 3, 0 });
	assert_int_equal(g.n, 1);
	assert_int_equal(g.len[0], 0x102);
	assert_int_equal(g.tag[0], 2);
	flow_stream_release(&s);
}

/* A SYN-ACK seen late must not move a running stream back. */
static void
test_start_once(void **state)
{
	uint8_t buf[100];
	struct flow_stream s;
	struct got g;
	size_t n;

	(void)state;
	memset(&g, 0, sizeof(g));
	n = mk(buf, 19, BGP_MSG_KEEPALIVE, 0);
	flow_stream_init(&s, &ops, &g);
	flow_stream_start(&s, 1000);
	seg(&s, 1000, buf, n, 1);
	flow_stream_start(&s, 1000);
	seg(&s, 1000, buf, n, 2);
	assert_int_equal(g.n, 1);
	assert_int_equal(s.next, 1000 + 19);
	flow_stream_release(&s);
}

static unsigned long
env_ul(const char *name, unsigned long dflt)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? strtoul(v, NULL, 0) : dflt;
}

/* The property over random damaged streams; a failure prints the seed
 * that reproduces it. */
static void
test_property(void **state)
{
	unsigned long iters = env_ul("ERW_REASM_PROP_ITERS", 400);
	unsigned long seed = env_ul("ERW_REASM_PROP_SEED", 20261207);
	unsigned long i, ran = 0, strong = 0, mism = 0, capped = 0;
	struct rp_result res;
	struct rp_src r;
	int rc;

	(void)state;
	for (i = 0; i < iters; i++) {
		rp_src_seed(&r, seed + i);
		rc = rp_run(&r, &res);
		if (rc == -1)
			fail_msg("seed %lu (mode %#x, %u bytes, %u messages, "
			    "%u segments): %s", seed + i, res.mode, res.bytes,
			    res.msgs, res.segs, res.why);
		if (rc != 0)
			continue;
		ran++;
		if (!(res.mode & (RP_SMALLCAP | RP_WILDACK | RP_SNAPLEN)))
			strong++;
		if (res.mismatches > 0)
			mism++;
		if (res.limit_bytes > 0)
			capped++;
	}
	/* the draw must reach every kind of case, or it tests less than
	 * it claims */
	if (iters >= 400) {
		assert_true(ran >= iters * 9 / 10);
		assert_true(strong >= iters / 4);
		assert_true(mism > 0);
		assert_true(capped > 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_three),
		cmocka_unit_test(test_two_in_one),
		cmocka_unit_test(test_retransmit_overlap),
		cmocka_unit_test(test_out_of_order),
		cmocka_unit_test(test_overlapping_ooo),
		cmocka_unit_test(test_hole_never_fills),
		cmocka_unit_test(test_ack_gives_up_hole),
		cmocka_unit_test(test_wraparound),
		cmocka_unit_test(test_memory_cap),
		cmocka_unit_test(test_cap_bytes),
		cmocka_unit_test(test_bad_marker_resync),
		cmocka_unit_test(test_lying_length),
		cmocka_unit_test(test_snaplen_gap),
		cmocka_unit_test(test_midstream_join),
		cmocka_unit_test(test_every_split),
		cmocka_unit_test(test_cap_skip_no_redelivery),
		cmocka_unit_test(test_resegmented_after_gap),
		cmocka_unit_test(test_mismatch_delivered),
		cmocka_unit_test(test_mismatch_buffered),
		cmocka_unit_test(test_resync_across_segments),
		cmocka_unit_test(test_resync_marker_run),
		cmocka_unit_test(test_start_once),
		cmocka_unit_test(test_property),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
