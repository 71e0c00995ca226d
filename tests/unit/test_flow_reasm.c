/*
 * Unit tests for flow_reasm.c: TCP stream reassembly and the BGP framer.
 * Synthetic segments carry BGP messages (KEEPALIVE, and UPDATE-typed
 * messages whose body is a counter pattern so a mix-up shows); the tests
 * check which whole messages come out, from which frames, and which gaps
 * and bad headers are reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flow/flow.h"

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

static const struct flow_stream_ops ops = { on_msg, on_bad, on_gap };

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
	/* one that covers both and more */
	seg(&s, 110, buf + 110, 190, 3);
	assert_int_equal(s.nooo, 1);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
