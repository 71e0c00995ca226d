/*
 * Unit tests for the connection tracker's handshake (flow_tcp.c): data
 * carried on a SYN or a SYN-ACK (TCP Fast Open, RFC 7413) is part of the
 * stream.  The OPENs ride on the SYN and the SYN-ACK, the KEEPALIVEs on
 * the segments after; the session must come up from what the handshake
 * carried, with each byte delivered once even when the SYN and its data
 * are retransmitted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flow/flow.h"

static struct net_addr A, B;	/* 172.16.0.1 (CE), 172.16.0.2 (MSEE) */

struct seen {
	unsigned	 up, opens, keepalives, bad, gaps;
};

static int
setup(void **state)
{
	(void)state;
	net_addr_parse("172.16.0.1", &A);
	net_addr_parse("172.16.0.2", &B);
	return 0;
}

static void
on_ev(void *ctx, struct flow_session *s, struct flow_conn *c,
    const struct flow_event *e)
{
	struct seen *x = ctx;

	(void)s;
	(void)c;
	switch (e->type) {
	case FLOW_EV_BGP_UP:
		x->up++;
		break;
	case FLOW_EV_BGP_BAD:
		x->bad++;
		break;
	case FLOW_EV_GAP:
		x->gaps++;
		break;
	case FLOW_EV_BGP_MSG:
		if (e->msg_type == BGP_MSG_OPEN)
			x->opens++;
		if (e->msg_type == BGP_MSG_KEEPALIVE)
			x->keepalives++;
		break;
	default:
		break;
	}
}

struct conn {
	struct flow_tracker *t;
	uint32_t	 seq[2];	/* next to send: 0 A:40000 -> B:179 */
	uint64_t	 frame;
};

/* One segment from dir with flags, at the direction's next sequence
 * number; a SYN takes one more. */
static void
seg(struct conn *k, int dir, uint8_t flags, const struct sb *pl)
{
	struct pkt_info pi;
	struct flow_meta m;
	struct err err;
	uint32_t n = pl != NULL ? (uint32_t)pl->len : 0;

	memset(&pi, 0, sizeof(pi));
	pi.net = PKT_NET_IPV4;
	pi.tr = PKT_TR_TCP;
	pi.ip.src = dir == 0 ? A : B;
	pi.ip.dst = dir == 0 ? B : A;
	pi.tcp.sport = dir == 0 ? 40000 : 179;
	pi.tcp.dport = dir == 0 ? 179 : 40000;
	pi.tcp.seq = k->seq[dir];
	pi.tcp.ack = (flags & PKT_TCP_ACK) ? k->seq[1 - dir] : 0;
	pi.tcp.flags = flags;
	pi.tcp.window = 65535;
	pi.tcp.payload = pl != NULL ? (const uint8_t *)pl->buf : NULL;
	pi.tcp.payload_caplen = n;
	pi.tcp.payload_len = n;
	k->frame++;
	m.frame = k->frame;
	m.time = (usec_t)k->frame * 1000;
	err_clear(&err);
	assert_int_equal(flow_tracker_input(k->t, &pi, &m, &err), 1);
}

/* Advance dir past what seg() just sent. */
static void
sent(struct conn *k, int dir, uint8_t flags, const struct sb *pl)
{
	k->seq[dir] += (pl != NULL ? (uint32_t)pl->len : 0) +
	    ((flags & PKT_TCP_SYN) != 0);
}

static void
build_opens(struct sb *oa, struct sb *ob, struct sb *ka)
{
	struct bgp_open_params p;

	memset(&p, 0, sizeof(p));
	p.asn = 65010;
	p.hold_time = 90;
	p.bgp_id = 1;
	p.cap_as4 = true;
	p.cap_mp_ipv4 = true;
	assert_int_equal(bgp_build_open(oa, &p), 0);
	p.asn = 12076;
	p.bgp_id = 2;
	assert_int_equal(bgp_build_open(ob, &p), 0);
	bgp_build_keepalive(ka);
}

static void
run(bool retransmit_syn)
{
	struct flow_tracker_opts o;
	struct flow_session *s;
	struct seen x;
	struct conn k;
	struct err err;
	struct sb oa, ob, ka;
	const uint8_t SYN = PKT_TCP_SYN, SA = PKT_TCP_SYN | PKT_TCP_ACK;
	const uint8_t PA = PKT_TCP_PSH | PKT_TCP_ACK;

	memset(&x, 0, sizeof(x));
	memset(&o, 0, sizeof(o));
	o.event = on_ev;
	o.ctx = &x;
	err_clear(&err);
	memset(&k, 0, sizeof(k));
	k.t = flow_tracker_new(&o, &err);
	assert_non_null(k.t);
	k.seq[0] = 1000000;
	k.seq[1] = 7000000;
	sb_init(&oa);
	sb_init(&ob);
	sb_init(&ka);
	build_opens(&oa, &ob, &ka);

	seg(&k, 0, SYN, &oa);			/* SYN + OPEN (TFO) */
	if (retransmit_syn)
		seg(&k, 0, SYN, &oa);		/* same ISN, same data */
	sent(&k, 0, SYN, &oa);
	seg(&k, 1, SA, &ob);			/* SYN-ACK + OPEN */
	sent(&k, 1, SA, &ob);
	seg(&k, 0, PA, &ka);
	sent(&k, 0, PA, &ka);
	seg(&k, 1, PA, &ka);
	sent(&k, 1, PA, &ka);

	assert_int_equal(x.opens, 2);
	assert_int_equal(x.keepalives, 2);
	assert_int_equal(x.bad, 0);
	assert_int_equal(x.gaps, 0);
	assert_int_equal(x.up, 1);
	s = flow_tracker_sessions(k.t);
	assert_non_null(s);
	assert_int_equal(s->establishments, 1);
	assert_true(s->has_hold);
	assert_int_equal(s->hold, 90);
	sb_release(&oa);
	sb_release(&ob);
	sb_release(&ka);
	flow_tracker_free(k.t);
}

static void
test_fast_open(void **state)
{
	(void)state;
	run(false);
}

static void
test_fast_open_syn_retransmitted(void **state)
{
	(void)state;
	run(true);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fast_open),
		cmocka_unit_test(test_fast_open_syn_retransmitted),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
