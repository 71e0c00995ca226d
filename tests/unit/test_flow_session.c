/*
 * Unit tests for the BGP session model (flow_session.c) on synthetic event
 * sequences, and for the tracker (flow_tcp.c) on synthetic decoded
 * segments: handshake outcomes, RST context, MD5 flags, OPEN negotiation,
 * Established, teardowns, silences and the bounded timeline.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flow/flow.h"

static struct net_addr A, B;	/* 172.16.0.1, 172.16.0.2 */

static int
setup(void **state)
{
	(void)state;
	net_addr_parse("172.16.0.1", &A);
	net_addr_parse("172.16.0.2", &B);
	return 0;
}

/* A parsed OPEN (buffer kept in sb). */
static void
mk_open(struct sb *sb, struct bgp_msg *m, uint32_t asn, uint16_t hold)
{
	struct bgp_open_params p;
	struct bgp_error be;

	memset(&p, 0, sizeof(p));
	p.asn = asn;
	p.hold_time = hold;
	p.bgp_id = asn;
	p.cap_as4 = true;
	p.cap_mp_ipv4 = true;
	sb_reset(sb);
	assert_int_equal(bgp_build_open(sb, &p), 0);
	assert_int_equal(bgp_msg_parse((const uint8_t *)sb->buf, sb->len,
	    NULL, m, &be), 0);
}

static struct flow_event
ev(enum flow_ev_type t, int from, uint64_t frame, usec_t time)
{
	struct flow_event e;

	memset(&e, 0, sizeof(e));
	e.type = t;
	e.from = from;
	e.meta.frame = frame;
	e.meta.time = time;
	e.conn_id = 1;
	return e;
}

/* ------------------------------------------------------------------ */
/* Session model, synthetic events                                     */
/* ------------------------------------------------------------------ */

static void
test_model_establish_and_teardown(void **state)
{
	struct flow_session *s;
	struct flow_event e;
	struct bgp_msg m0, m1, n;
	struct sb sb0, sb1;
	struct err err;
	int i;

	(void)state;
	err_clear(&err);
	s = flow_session_new_pair(&B, &A, &err);
	assert_non_null(s);
	assert_string_equal(s->key, "172.16.0.1 - 172.16.0.2");
	assert_int_equal(flow_session_side(s, &A), 0);
	sb_init(&sb0);
	sb_init(&sb1);
	mk_open(&sb0, &m0, 65010, 90);
	mk_open(&sb1, &m1, 12076, 180);

	e = ev(FLOW_EV_SYN, 1, 1, 0);
	e.tcp_opt = FLOW_OPT_MSS;
	e.mss = 1460;
	flow_session_record(s, &e);
	e = ev(FLOW_EV_SYNACK, 0, 2, 10);
	flow_session_record(s, &e);
	e = ev(FLOW_EV_TCP_UP, 1, 3, 20);
	flow_session_record(s, &e);
	e = ev(FLOW_EV_BGP_MSG, 1, 4, 30);
	e.msg_type = BGP_MSG_OPEN;
	e.msg = &m1;
	flow_session_record(s, &e);
	assert_false(s->has_hold);
	e = ev(FLOW_EV_BGP_MSG, 0, 5, 40);
	e.msg_type = BGP_MSG_OPEN;
	e.msg = &m0;
	flow_session_record(s, &e);
	assert_true(s->has_hold);
	assert_int_equal(s->hold, 90);		/* the smaller */
	assert_int_equal(s->side[0].asn, 65010);
	assert_int_equal(s->side[1].asn, 12076);
	e = ev(FLOW_EV_BGP_UP, 0, 7, 60);
	flow_session_record(s, &e);
	assert_true(s->up);
	/* keepalive intervals of side 1: 30, 29, 31 s */
	for (i = 0; i < 3; i++) {
		e = ev(FLOW_EV_SILENCE, 1, 10 + i, 100);
		e.n = (uint64_t)(29 + (i == 0 ? 1 : i == 1 ? 0 : 2)) *
		    USEC_PER_SEC;
		e.aux = 1;
		flow_session_record(s, &e);
	}
	assert_int_equal(flow_session_ka_median(s, 1), 30 * USEC_PER_SEC);
	/* samples only */
	assert_int_equal(s->side[1].longest_silence, 0);
	e = ev(FLOW_EV_SILENCE, 1, 13, 100);
	e.n = 31 * USEC_PER_SEC;
	flow_session_record(s, &e);
	e.n = 5 * USEC_PER_SEC;
	flow_session_record(s, &e);
	assert_int_equal(s->side[1].longest_silence, 31 * USEC_PER_SEC);
	assert_int_equal(s->side[1].nka, 3);
	/* a NOTIFICATION and the teardown */
	memset(&n, 0, sizeof(n));
	n.type = BGP_MSG_NOTIFICATION;
	n.u.notification.code = 6;
	n.u.notification.subcode = 2;
	e = ev(FLOW_EV_BGP_MSG, 1, 20, 200);
	e.msg_type = BGP_MSG_NOTIFICATION;
	e.msg = &n;
	flow_session_record(s, &e);
	e = ev(FLOW_EV_BGP_DOWN, 1, 20, 200);
	flow_session_record(s, &e);
	assert_false(s->up);
	assert_int_equal(s->teardowns, 1);
	assert_int_equal(s->establishments, 1);
	assert_int_equal(s->nnotif, 1);
	assert_int_equal(s->notif[0].code, 6);
	assert_int_equal(s->notif[0].from, 1);
	assert_int_equal(s->side[1].msgs[BGP_MSG_NOTIFICATION], 1);
	assert_int_equal(s->side[1].msgs[BGP_MSG_OPEN], 1);
	assert_int_equal(s->conns, 1);
	assert_int_equal(s->side[1].attempts, 1);
	assert_true(s->side[1].has_mss);
	/* timeline: SYN, SYN-ACK, TCP up, 2 OPENs, up, NOTIF, down */
	assert_int_equal(flow_session_tl_count(s), 8);
	assert_int_equal(flow_session_tl(s, 3)->asn, 12076);
	assert_int_equal(flow_session_tl(s, 6)->code, 6);
	sb_release(&sb0);
	sb_release(&sb1);
	flow_session_free(s);
}

/* Two connections up at once (a collision): one going down leaves the
 * session up. */
static void
test_model_two_connections_up(void **state)
{
	struct flow_session *s;
	struct flow_event e;
	struct err err;

	(void)state;
	err_clear(&err);
	s = flow_session_new_pair(&A, &B, &err);
	e = ev(FLOW_EV_BGP_UP, 0, 10, 100);
	flow_session_record(s, &e);
	e = ev(FLOW_EV_BGP_UP, 1, 11, 110);
	e.conn_id = 2;
	flow_session_record(s, &e);
	e = ev(FLOW_EV_BGP_DOWN, 1, 12, 120);
	flow_session_record(s, &e);
	assert_true(s->up);
	assert_int_equal(s->up_since.frame, 10);
	assert_int_equal(s->teardowns, 1);
	e = ev(FLOW_EV_BGP_DOWN, 0, 13, 130);
	flow_session_record(s, &e);
	assert_false(s->up);
	flow_session_free(s);
}

static void
test_model_timeline_bounded(void **state)
{
	struct flow_session *s;
	struct flow_event e;
	struct err err;
	uint64_t i, n = 1000;

	(void)state;
	err_clear(&err);
	s = flow_session_new_pair(&A, &B, &err);
	for (i = 1; i <= n; i++) {
		e = ev(FLOW_EV_SYN, 0, i, (usec_t)i);
		flow_session_record(s, &e);
	}
	assert_int_equal(s->ntl, n);
	assert_int_equal(flow_session_tl_count(s), FLOW_TL_HEAD +
	    FLOW_TL_TAIL);
	assert_int_equal(flow_session_tl_skipped(s), n - FLOW_TL_HEAD -
	    FLOW_TL_TAIL);
	assert_int_equal(flow_session_tl(s, 0)->meta.frame, 1);
	assert_int_equal(flow_session_tl(s, FLOW_TL_HEAD - 1)->meta.frame,
	    FLOW_TL_HEAD);
	assert_int_equal(flow_session_tl(s, FLOW_TL_HEAD)->meta.frame,
	    n - FLOW_TL_TAIL + 1);
	assert_int_equal(flow_session_tl(s, FLOW_TL_HEAD + FLOW_TL_TAIL -
	    1)->meta.frame, n);
	assert_null(flow_session_tl(s, FLOW_TL_HEAD + FLOW_TL_TAIL));
	assert_int_equal(s->side[0].syns, n);
	assert_int_equal(s->conns, n);
	flow_session_free(s);
}

static void
test_model_md5_and_refusals(void **state)
{
	struct flow_session *s;
	struct flow_event e;
	struct err err;

	(void)state;
	err_clear(&err);
	s = flow_session_new_pair(&A, &B, &err);
	e = ev(FLOW_EV_SYN, 1, 1, 0);
	e.tcp_opt = FLOW_OPT_MD5;
	flow_session_record(s, &e);
	e = ev(FLOW_EV_SYN, 0, 2, 0);
	flow_session_record(s, &e);
	e = ev(FLOW_EV_RST, 1, 3, 0);
	e.aux = FLOW_RST_SYN;
	flow_session_record(s, &e);
	e = ev(FLOW_EV_CONN_END, 1, 3, 0);
	e.n = FLOW_END_F_UNANSWERED;
	flow_session_record(s, &e);
	assert_true(s->side[1].syn_md5);
	assert_false(s->side[1].syn_plain);
	assert_true(s->side[0].syn_plain);
	assert_false(s->side[0].md5);
	assert_int_equal(s->side[1].rst_on_syn, 1);
	assert_int_equal(s->rst_on_syn, 1);
	assert_int_equal(s->unanswered, 1);
	flow_session_free(s);
}

/* ------------------------------------------------------------------ */
/* Tracker, synthetic segments                                         */
/* ------------------------------------------------------------------ */

struct seen {
	unsigned	 n[FLOW_EV_SILENCE + 1];
	int		 rst_aux;
	unsigned	 end_flags;
	/* BGP_UP / BGP_DOWN in order: conn_id * 10 + 1 (up) or + cause
	 * + 2 (down) */
	unsigned	 updown[16];
	unsigned	 nupdown;
	struct flow_supersede sup;	/* the last supersession */
};

static void
on_ev(void *ctx, struct flow_session *s, struct flow_conn *c,
    const struct flow_event *e)
{
	struct seen *x = ctx;

	(void)s;
	(void)c;
	x->n[e->type]++;
	if (e->type == FLOW_EV_RST)
		x->rst_aux = e->aux;
	if (e->type == FLOW_EV_CONN_END)
		x->end_flags |= (unsigned)e->n;
	if ((e->type == FLOW_EV_BGP_UP || e->type == FLOW_EV_BGP_DOWN) &&
	    x->nupdown < 16)
		x->updown[x->nupdown++] = e->conn_id * 10 +
		    (e->type == FLOW_EV_BGP_UP ? 1 : (unsigned)e->aux + 2);
	if (e->type == FLOW_EV_BGP_DOWN && e->aux == FLOW_DOWN_SUPERSEDED) {
		assert_non_null(e->sup);
		x->sup = *e->sup;
		assert_int_equal(e->n, e->sup->new_conn);
	}
}

static void
seg(struct flow_tracker *t, const struct net_addr *src, uint16_t sport,
    const struct net_addr *dst, uint16_t dport, uint32_t seq, uint32_t ack,
    uint8_t flags, const void *pl, size_t n, uint64_t frame, usec_t time)
{
	struct pkt_info pi;
	struct flow_meta m = { frame, time };
	struct err err;

	memset(&pi, 0, sizeof(pi));
	pi.net = PKT_NET_IPV4;
	pi.tr = PKT_TR_TCP;
	pi.ip.src = *src;
	pi.ip.dst = *dst;
	pi.tcp.sport = sport;
	pi.tcp.dport = dport;
	pi.tcp.seq = seq;
	pi.tcp.ack = ack;
	pi.tcp.flags = flags;
	pi.tcp.window = 65535;
	pi.tcp.payload = pl;
	pi.tcp.payload_caplen = (uint32_t)n;
	pi.tcp.payload_len = (uint32_t)n;
	err_clear(&err);
	assert_int_equal(flow_tracker_input(t, &pi, &m, &err), 1);
}

#define SYN	PKT_TCP_SYN
#define ACK	PKT_TCP_ACK
#define RST	PKT_TCP_RST
#define FIN	PKT_TCP_FIN
#define PSH	PKT_TCP_PSH

static void
test_tracker_session_up_down(void **state)
{
	struct flow_tracker_opts o;
	struct flow_tracker *t;
	struct flow_session *s;
	struct seen x;
	struct err err;
	struct sb oa, ob, ka;
	struct bgp_msg m;
	uint32_t sa = 100, sbq = 9000;

	(void)state;
	memset(&x, 0, sizeof(x));
	memset(&o, 0, sizeof(o));
	o.event = on_ev;
	o.ctx = &x;
	err_clear(&err);
	t = flow_tracker_new(&o, &err);
	assert_non_null(t);
	sb_init(&oa);
	sb_init(&ob);
	sb_init(&ka);
	mk_open(&oa, &m, 65010, 9);
	mk_open(&ob, &m, 12076, 9);
	bgp_build_keepalive(&ka);

	seg(t, &B, 40000, &A, 179, sa, 0, SYN, NULL, 0, 1, 0);
	seg(t, &A, 179, &B, 40000, sbq, sa + 1, SYN | ACK, NULL, 0, 2, 10);
	seg(t, &B, 40000, &A, 179, sa + 1, sbq + 1, ACK, NULL, 0, 3, 20);
	sa++;
	sbq++;
	seg(t, &B, 40000, &A, 179, sa, sbq, ACK | PSH, ob.buf, ob.len, 4, 30);
	sa += (uint32_t)ob.len;
	/* A's OPEN and KEEPALIVE in one segment */
	sb_add(&oa, "");
	sb_addn(&oa, ka.buf, ka.len);
	seg(t, &A, 179, &B, 40000, sbq, sa, ACK | PSH, oa.buf, oa.len, 5, 40);
	sbq += (uint32_t)oa.len;
	assert_int_equal(x.n[FLOW_EV_BGP_UP], 0);
	seg(t, &B, 40000, &A, 179, sa, sbq, ACK | PSH, ka.buf, ka.len, 6,
	    50);
	sa += (uint32_t)ka.len;
	assert_int_equal(x.n[FLOW_EV_BGP_UP], 1);
	assert_int_equal(x.n[FLOW_EV_BGP_MSG], 4);
	/* the same KEEPALIVE retransmitted: counted as such, not again */
	seg(t, &B, 40000, &A, 179, sa - (uint32_t)ka.len, sbq, ACK | PSH,
	    ka.buf, ka.len, 7, 60);
	assert_int_equal(x.n[FLOW_EV_RETRANS], 1);
	assert_int_equal(x.n[FLOW_EV_BGP_MSG], 4);
	/* 20 s later B sends a KEEPALIVE: a silence longer than hold 9 */
	seg(t, &B, 40000, &A, 179, sa, sbq, ACK | PSH, ka.buf, ka.len, 8,
	    20 * USEC_PER_SEC);
	sa += (uint32_t)ka.len;
	/* A sends a NOTIFICATION, then (as FRR does) a KEEPALIVE: down
	 * once, and not Established again on this connection */
	sb_reset(&oa);
	bgp_build_notification(&oa, 4, 0, NULL, 0, NULL);
	sb_addn(&oa, ka.buf, ka.len);
	seg(t, &A, 179, &B, 40000, sbq, sa, ACK | PSH, oa.buf, oa.len, 9,
	    21 * USEC_PER_SEC);
	sbq += (uint32_t)oa.len;
	seg(t, &B, 40000, &A, 179, sa, sbq, ACK | PSH, ka.buf, ka.len, 10,
	    21 * USEC_PER_SEC + 10);
	sa += (uint32_t)ka.len;
	assert_int_equal(x.n[FLOW_EV_BGP_UP], 1);
	assert_int_equal(x.n[FLOW_EV_BGP_DOWN], 1);
	/* then A resets it */
	seg(t, &A, 179, &B, 40000, sbq, 0, RST, NULL, 0, 11,
	    22 * USEC_PER_SEC);
	assert_int_equal(x.rst_aux, FLOW_RST_ESTABLISHED);
	assert_int_equal(x.n[FLOW_EV_BGP_DOWN], 1);	/* not twice */
	assert_int_equal(x.n[FLOW_EV_CONN_END], 1);
	s = flow_tracker_sessions(t);
	assert_non_null(s);
	assert_int_equal(flow_tracker_nsessions(t), 1);
	assert_int_equal(s->establishments, 1);
	assert_int_equal(s->teardowns, 1);
	assert_int_equal(s->hold, 9);
	assert_int_equal(s->side[1].msgs[BGP_MSG_KEEPALIVE], 3);
	assert_int_equal(s->side[0].msgs[BGP_MSG_KEEPALIVE], 2);
	assert_int_equal(s->side[0].msgs[BGP_MSG_NOTIFICATION], 1);
	assert_int_equal(s->nnotif, 1);
	assert_true(s->side[1].longest_silence >= 19 * USEC_PER_SEC);
	assert_int_equal(s->side[1].retrans, 1);
	assert_int_equal(s->side[1].attempts, 1);
	assert_int_equal(s->tcp_up, 1);
	sb_release(&oa);
	sb_release(&ob);
	sb_release(&ka);
	flow_tracker_free(t);
}

static void
test_tracker_rst_on_syn_and_retrans(void **state)
{
	struct flow_tracker_opts o;
	struct flow_tracker *t;
	struct flow_session *s;
	struct seen x;
	struct err err;

	(void)state;
	memset(&x, 0, sizeof(x));
	memset(&o, 0, sizeof(o));
	o.event = on_ev;
	o.ctx = &x;
	err_clear(&err);
	t = flow_tracker_new(&o, &err);
	/* attempt 1: SYN twice (same ISN), then RST,ACK */
	seg(t, &A, 50000, &B, 179, 7, 0, SYN, NULL, 0, 1, 0);
	seg(t, &A, 50000, &B, 179, 7, 0, SYN, NULL, 0, 2, 1000000);
	seg(t, &B, 179, &A, 50000, 0, 8, RST | ACK, NULL, 0, 3, 1000100);
	assert_int_equal(x.n[FLOW_EV_SYN], 1);
	assert_int_equal(x.n[FLOW_EV_SYN_RETRANS], 1);
	assert_int_equal(x.rst_aux, FLOW_RST_SYN);
	/* attempt 2 on the same 4-tuple, new ISN: a new connection that is
	 * never answered */
	seg(t, &A, 50000, &B, 179, 99999, 0, SYN, NULL, 0, 4, 5000000);
	assert_int_equal(x.n[FLOW_EV_SYN], 2);
	flow_tracker_finish(t, &(struct flow_meta){ 4, 6000000 });
	assert_true(x.end_flags & FLOW_END_F_UNANSWERED);
	s = flow_tracker_sessions(t);
	assert_int_equal(s->conns, 2);
	assert_int_equal(s->rst_on_syn, 1);
	assert_int_equal(s->unanswered, 1);
	assert_int_equal(s->side[0].syns, 3);
	assert_int_equal(s->side[1].rst_on_syn, 1);
	assert_int_equal(flow_tracker_syns(t), 3);
	flow_tracker_free(t);
}

/* One connection from src:sport to dst:179 up to Established at time t
 * (OPENs with hold, then a KEEPALIVE each way); *seq[2] are left at the
 * next sequence numbers (0: src's). */
static void
conn_up(struct flow_tracker *t, const struct net_addr *src, uint16_t sport,
    const struct net_addr *dst, uint16_t hold, uint64_t *frame, usec_t time,
    uint32_t seq[2])
{
	struct sb os, od, ka;
	struct bgp_msg m;

	sb_init(&os);
	sb_init(&od);
	sb_init(&ka);
	mk_open(&os, &m, 65010, hold);
	mk_open(&od, &m, 12076, hold);
	bgp_build_keepalive(&ka);
	seq[0] = 100;
	seq[1] = 9000;
	seg(t, src, sport, dst, 179, seq[0]++, 0, SYN, NULL, 0, ++*frame,
	    time);
	seg(t, dst, 179, src, sport, seq[1]++, seq[0], SYN | ACK, NULL, 0,
	    ++*frame, time);
	seg(t, src, sport, dst, 179, seq[0], seq[1], ACK | PSH, os.buf, os.len,
	    ++*frame, time);
	seq[0] += (uint32_t)os.len;
	seg(t, dst, 179, src, sport, seq[1], seq[0], ACK | PSH, od.buf, od.len,
	    ++*frame, time);
	seq[1] += (uint32_t)od.len;
	seg(t, src, sport, dst, 179, seq[0], seq[1], ACK | PSH, ka.buf, ka.len,
	    ++*frame, time);
	seq[0] += (uint32_t)ka.len;
	seg(t, dst, 179, src, sport, seq[1], seq[0], ACK | PSH, ka.buf, ka.len,
	    ++*frame, time);
	seq[1] += (uint32_t)ka.len;
	sb_release(&os);
	sb_release(&od);
	sb_release(&ka);
}

/*
 * Connection 1 (B -> A) is Established, then A sends nothing more; 20 s
 * later connection 2 (A -> B: the other direction, other ports) reaches
 * Established.  Connection 1's session ends at that moment, before the
 * new one begins, as a supersession measuring A's 20 s against hold 9; a
 * NOTIFICATION arriving on it afterwards changes nothing.
 */
static void
test_tracker_supersede(void **state)
{
	struct flow_tracker_opts o;
	struct flow_tracker *t;
	struct flow_session *s;
	struct sb nt;
	struct seen x;
	struct err err;
	uint32_t q1[2], q2[2];
	uint64_t frame = 0;

	(void)state;
	memset(&x, 0, sizeof(x));
	memset(&o, 0, sizeof(o));
	o.event = on_ev;
	o.ctx = &x;
	err_clear(&err);
	t = flow_tracker_new(&o, &err);
	assert_non_null(t);
	conn_up(t, &B, 40000, &A, 9, &frame, 0, q1);
	conn_up(t, &A, 50000, &B, 9, &frame, 20 * USEC_PER_SEC, q2);
	assert_int_equal(x.nupdown, 3);
	assert_int_equal(x.updown[0], 11);
	assert_int_equal(x.updown[1], 12 + FLOW_DOWN_SUPERSEDED);
	assert_int_equal(x.updown[2], 21);
	assert_int_equal(x.sup.old_conn, 1);
	assert_int_equal(x.sup.new_conn, 2);
	assert_int_equal(x.sup.silence[0], 20 * USEC_PER_SEC);
	assert_true(x.sup.expired[0] && x.sup.expired[1]);
	assert_int_equal(x.sup.hold, 9);
	/* the old connection's late NOTIFICATION: no second teardown */
	sb_init(&nt);
	bgp_build_notification(&nt, 4, 0, NULL, 0, NULL);
	seg(t, &A, 179, &B, 40000, q1[1], q1[0], ACK | PSH, nt.buf, nt.len,
	    ++frame, 21 * USEC_PER_SEC);
	sb_release(&nt);
	assert_int_equal(x.nupdown, 3);
	s = flow_tracker_sessions(t);
	assert_int_equal(s->establishments, 2);
	assert_int_equal(s->teardowns, 1);
	assert_int_equal(s->down_causes[FLOW_DOWN_SUPERSEDED], 1);
	assert_true(s->up);
	assert_int_equal(s->nsup, 1);
	assert_int_equal(s->side[0].longest_silence, 20 * USEC_PER_SEC);
	flow_tracker_free(t);
}

/*
 * A collision storm: 12 connections between the same peers exchange their
 * OPENs before any of them is Established, then all come up.  Each one
 * collided with the others (none supersedes), the tracker checks at most
 * FLOW_UP_TRACK of them, and the model counts 12 up; then a new
 * connection, well after, supersedes the ones tracked.
 */
static void
test_tracker_collision_storm(void **state)
{
	struct flow_tracker_opts o;
	struct flow_tracker *t;
	struct flow_session *s;
	struct sb os, od, ka;
	struct bgp_msg m;
	struct seen x;
	struct err err;
	uint32_t q[12][2], q2[2];
	uint64_t frame = 0;
	uint16_t port;
	int k;

	(void)state;
	memset(&x, 0, sizeof(x));
	memset(&o, 0, sizeof(o));
	o.event = on_ev;
	o.ctx = &x;
	err_clear(&err);
	t = flow_tracker_new(&o, &err);
	assert_non_null(t);
	sb_init(&os);
	sb_init(&od);
	sb_init(&ka);
	mk_open(&os, &m, 65010, 9);
	mk_open(&od, &m, 12076, 9);
	bgp_build_keepalive(&ka);
	for (k = 0; k < 12; k++) {
		port = (uint16_t)(41000 + k);
		q[k][0] = 100;
		q[k][1] = 9000;
		seg(t, &B, port, &A, 179, q[k][0]++, 0, SYN, NULL, 0, ++frame,
		    k);
		seg(t, &A, 179, &B, port, q[k][1]++, q[k][0], SYN | ACK, NULL,
		    0, ++frame, k);
		seg(t, &B, port, &A, 179, q[k][0], q[k][1], ACK | PSH, os.buf,
		    os.len, ++frame, k);
		q[k][0] += (uint32_t)os.len;
		seg(t, &A, 179, &B, port, q[k][1], q[k][0], ACK | PSH, od.buf,
		    od.len, ++frame, k);
		q[k][1] += (uint32_t)od.len;
	}
	for (k = 0; k < 12; k++) {
		port = (uint16_t)(41000 + k);
		seg(t, &B, port, &A, 179, q[k][0], q[k][1], ACK | PSH, ka.buf,
		    ka.len, ++frame, 100 + k);
		q[k][0] += (uint32_t)ka.len;
		seg(t, &A, 179, &B, port, q[k][1], q[k][0], ACK | PSH, ka.buf,
		    ka.len, ++frame, 100 + k);
		q[k][1] += (uint32_t)ka.len;
	}
	s = flow_tracker_sessions(t);
	assert_int_equal(s->establishments, 12);
	assert_int_equal(s->nup, 12);
	assert_int_equal(s->teardowns, 0);
	assert_int_equal(s->nupc, FLOW_UP_TRACK);
	conn_up(t, &A, 50000, &B, 9, &frame, 30 * USEC_PER_SEC, q2);
	assert_int_equal(s->down_causes[FLOW_DOWN_SUPERSEDED], FLOW_UP_TRACK);
	assert_int_equal(s->nupc, 1);
	flow_tracker_finish(t, &(struct flow_meta){ frame, 40 * USEC_PER_SEC });
	assert_int_equal(s->nupc, 0);
	assert_int_equal(s->nopening, 0);
	sb_release(&os);
	sb_release(&od);
	sb_release(&ka);
	flow_tracker_free(t);
}

/* A collision resolution is no teardown in the model. */
static void
test_model_collision_no_teardown(void **state)
{
	struct flow_session *s;
	struct flow_event e;
	struct err err;

	(void)state;
	err_clear(&err);
	s = flow_session_new_pair(&A, &B, &err);
	e = ev(FLOW_EV_BGP_UP, 0, 10, 100);
	flow_session_record(s, &e);
	e = ev(FLOW_EV_BGP_UP, 1, 11, 110);
	e.conn_id = 2;
	flow_session_record(s, &e);
	e = ev(FLOW_EV_BGP_DOWN, 1, 12, 120);
	e.aux = FLOW_DOWN_COLLISION;
	flow_session_record(s, &e);
	assert_true(s->up);
	assert_int_equal(s->teardowns, 0);
	assert_int_equal(s->down_causes[FLOW_DOWN_COLLISION], 1);
	assert_string_equal(flow_down_cause_name(FLOW_DOWN_COLLISION),
	    "collision");
	assert_string_equal(flow_down_cause_name(99), "unknown");
	flow_session_free(s);
}

static void
test_tracker_ignores_other_ports(void **state)
{
	struct flow_tracker_opts o;
	struct flow_tracker *t;
	struct pkt_info pi;
	struct err err;
	struct flow_meta m = { 1, 0 };

	(void)state;
	memset(&o, 0, sizeof(o));
	err_clear(&err);
	t = flow_tracker_new(&o, &err);
	memset(&pi, 0, sizeof(pi));
	pi.net = PKT_NET_IPV4;
	pi.tr = PKT_TR_TCP;
	pi.ip.src = A;
	pi.ip.dst = B;
	pi.tcp.sport = 40000;
	pi.tcp.dport = 22;
	pi.tcp.flags = SYN;
	assert_int_equal(flow_tracker_input(t, &pi, &m, &err), 0);
	assert_int_equal(flow_tracker_nsessions(t), 0);
	flow_tracker_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_establish_and_teardown),
		cmocka_unit_test(test_model_two_connections_up),
		cmocka_unit_test(test_model_timeline_bounded),
		cmocka_unit_test(test_model_md5_and_refusals),
		cmocka_unit_test(test_tracker_session_up_down),
		cmocka_unit_test(test_tracker_rst_on_syn_and_retrans),
		cmocka_unit_test(test_tracker_ignores_other_ports),
		cmocka_unit_test(test_tracker_supersede),
		cmocka_unit_test(test_model_collision_no_teardown),
		cmocka_unit_test(test_tracker_collision_storm),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
