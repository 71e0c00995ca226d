/*
 * Unit tests for captures that start after the OPENs (flow_tcp.c,
 * parse_inferred(), and the up-at-start rule), on synthetic segments of a
 * connection the tracker never saw open: an UPDATE with a 4-octet AS_PATH
 * parses at once, one with a 2-octet AS_PATH parses on the fallback (and
 * the direction keeps that width), one whose IPv4 NLRI carries RFC 7911
 * path IDs parses on the add-path retry, garbage stays unparsed, and
 * KEEPALIVEs or UPDATEs both ways make the session "up at the start"
 * rather than an establishment; a capture that starts with the SYN-ACK
 * knows where the initiator's data starts.
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
	unsigned	 up, up_at_start, bad;
	unsigned	 msgs, parsed, inferred;
	bool		 last_parsed;
	uint32_t	 last_first_as;
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
		if (e->aux == 1)
			x->up_at_start++;
		else
			x->up++;
		break;
	case FLOW_EV_BGP_BAD:
		x->bad++;
		break;
	case FLOW_EV_BGP_MSG:
		x->msgs++;
		x->last_parsed = e->msg != NULL;
		if (e->msg != NULL)
			x->parsed++;
		if (e->aux == 1)
			x->inferred++;
		if (e->msg != NULL && e->msg_type == BGP_MSG_UPDATE)
			x->last_first_as = e->msg->u.update.first_as;
		break;
	default:
		break;
	}
}

/* Sequence numbers of the two directions, continuing mid-connection. */
struct conn {
	struct flow_tracker *t;
	uint32_t	 seq[2];	/* 0: A:40000 -> B:179, 1: B -> A */
	uint64_t	 frame;
};

static void
send_seg(struct conn *k, int dir, const void *pl, size_t n)
{
	struct pkt_info pi;
	struct flow_meta m;
	struct err err;

	memset(&pi, 0, sizeof(pi));
	pi.net = PKT_NET_IPV4;
	pi.tr = PKT_TR_TCP;
	pi.ip.src = dir == 0 ? A : B;
	pi.ip.dst = dir == 0 ? B : A;
	pi.tcp.sport = dir == 0 ? 40000 : 179;
	pi.tcp.dport = dir == 0 ? 179 : 40000;
	pi.tcp.seq = k->seq[dir];
	pi.tcp.ack = k->seq[1 - dir];
	pi.tcp.flags = PKT_TCP_ACK | PKT_TCP_PSH;
	pi.tcp.window = 65535;
	pi.tcp.payload = pl;
	pi.tcp.payload_caplen = (uint32_t)n;
	pi.tcp.payload_len = (uint32_t)n;
	k->frame++;
	m.frame = k->frame;
	m.time = (usec_t)k->frame * 1000;
	err_clear(&err);
	assert_int_equal(flow_tracker_input(k->t, &pi, &m, &err), 1);
	k->seq[dir] += (uint32_t)n;
}

/* An UPDATE announcing pfx with AS_PATH path (4-octet ASNs when as4). */
static void
mk_update(struct sb *sb, bool as4, const uint32_t *path, size_t npath,
    const char *pfx, const char *nh)
{
	struct bgp_update_params p;
	struct net_prefix np;
	size_t ca = 0, cw = 0;

	memset(&p, 0, sizeof(p));
	assert_int_equal(net_prefix_parse(pfx, &np, NULL), 0);
	assert_int_equal(net_addr_parse(nh, &p.next_hop), 0);
	p.as4 = as4;
	p.as_path = path;
	p.as_path_len = npath;
	p.announce = &np;
	p.n_announce = 1;
	p.max_len = BGP_MAX_LEN;
	sb_reset(sb);
	assert_int_equal(bgp_build_update(sb, &p, &ca, &cw), 0);
	assert_int_equal(ca, 1);
}

static struct conn
conn_open(struct seen *x)
{
	struct flow_tracker_opts o;
	struct conn k;
	struct err err;

	memset(&o, 0, sizeof(o));
	o.event = on_ev;
	o.ctx = x;
	err_clear(&err);
	memset(&k, 0, sizeof(k));
	k.t = flow_tracker_new(&o, &err);
	assert_non_null(k.t);
	k.seq[0] = 1000000;
	k.seq[1] = 7000000;
	return k;
}

static void
test_as4_then_as2_fallback(void **state)
{
	static const uint32_t ms_path[] = { 12076, 4200000001u };
	static const uint32_t ce_path[] = { 65010 };
	struct seen x;
	struct conn k;
	struct flow_session *s;
	struct flow_conn *c;
	struct sb u, ka;

	(void)state;
	memset(&x, 0, sizeof(x));
	k = conn_open(&x);
	sb_init(&u);
	sb_init(&ka);
	bgp_build_keepalive(&ka);

	/* the MSEE's UPDATE, 4-octet AS_PATH, no OPEN ever seen */
	mk_update(&u, true, ms_path, 2, "10.1.0.0/16", "172.16.0.2");
	send_seg(&k, 1, u.buf, u.len);
	assert_int_equal(x.msgs, 1);
	assert_true(x.last_parsed);
	assert_int_equal(x.inferred, 1);
	assert_int_equal(x.last_first_as, 12076);
	/* the CE's UPDATE, 2-octet AS_PATH: parsed on the fallback */
	mk_update(&u, false, ce_path, 1, "192.168.0.0/24", "172.16.0.1");
	send_seg(&k, 0, u.buf, u.len);
	assert_int_equal(x.msgs, 2);
	assert_true(x.last_parsed);
	assert_int_equal(x.last_first_as, 65010);
	c = flow_tracker_find(k.t, &A, 40000, &B, 179);
	assert_non_null(c);
	assert_false(c->side[0].guess.as4);	/* sticky per direction */
	assert_true(c->side[1].guess.as4);
	/* and again: same width, still parsed */
	send_seg(&k, 0, u.buf, u.len);
	assert_true(x.last_parsed);
	assert_false(c->side[0].guess.as4);
	assert_int_equal(x.bad, 0);

	/* UPDATEs both ways and no OPEN: up before the capture started */
	assert_int_equal(x.up_at_start, 1);
	assert_int_equal(x.up, 0);
	send_seg(&k, 0, ka.buf, ka.len);
	send_seg(&k, 1, ka.buf, ka.len);
	assert_int_equal(x.up_at_start, 1);	/* once */
	s = flow_tracker_sessions(k.t);
	assert_non_null(s);
	assert_int_equal(s->up_at_start, 1);
	assert_int_equal(s->establishments, 0);
	assert_true(s->up);
	assert_int_equal(s->inferred_updates, 3);
	assert_int_equal(s->side[0].asn, 65010);
	assert_true(s->side[0].asn_from_path);
	assert_int_equal(s->side[1].asn, 12076);
	assert_int_equal(s->side[0].announced, 2);
	assert_int_equal(s->side[1].announced, 1);
	assert_false(s->has_hold);		/* hold time unknown */
	sb_release(&u);
	sb_release(&ka);
	flow_tracker_free(k.t);
}

static void
test_addpath_retry_and_garbage(void **state)
{
	static const uint32_t path[] = { 12076 };
	static const uint8_t pid[4] = { 0, 0, 0, 7 };
	struct seen x;
	struct conn k;
	struct flow_session *s;
	struct flow_conn *c;
	struct sb u, ap;
	size_t nlri = 3;	/* "/16" + 2 bytes at the end */
	uint16_t len;

	(void)state;
	memset(&x, 0, sizeof(x));
	k = conn_open(&x);
	sb_init(&u);
	sb_init(&ap);

	/* the same UPDATE with path ID 7 before its one IPv4 prefix */
	mk_update(&u, true, path, 1, "10.1.0.0/16", "172.16.0.2");
	sb_addn(&ap, u.buf, u.len - nlri);
	sb_addn(&ap, (const char *)pid, sizeof(pid));
	sb_addn(&ap, u.buf + u.len - nlri, nlri);
	len = (uint16_t)ap.len;
	ap.buf[16] = (char)(len >> 8);
	ap.buf[17] = (char)(len & 0xff);
	send_seg(&k, 1, ap.buf, ap.len);
	assert_int_equal(x.msgs, 1);
	assert_true(x.last_parsed);
	c = flow_tracker_find(k.t, &A, 40000, &B, 179);
	assert_non_null(c);
	assert_int_equal(c->side[1].guess.addpath_rx,
	    bgp_afisafi_bit(BGP_AFI_IPV4, BGP_SAFI_UNICAST));
	assert_true(c->side[1].guess.as4);

	/* garbage with a valid header: no interpretation parses it */
	sb_reset(&u);
	bgp_build_keepalive(&u);
	{
		static const uint8_t junk[] = {
			0xff, 0xff,	/* withdrawn length: 65535, a lie */
			0x00, 0x00, 0x01, 0x02
		};

		sb_addn(&u, (const char *)junk, sizeof(junk));
	}
	len = (uint16_t)u.len;
	u.buf[16] = (char)(len >> 8);
	u.buf[17] = (char)(len & 0xff);
	u.buf[18] = BGP_MSG_UPDATE;
	send_seg(&k, 1, u.buf, u.len);
	assert_int_equal(x.msgs, 2);
	assert_false(x.last_parsed);
	assert_int_equal(x.inferred, 1);	/* only parsed ones count */
	s = flow_tracker_sessions(k.t);
	assert_int_equal(s->inferred_updates, 1);
	assert_int_equal(s->side[1].announced, 1);
	/* one side only: not up */
	assert_int_equal(x.up_at_start, 0);
	assert_false(s->up);
	sb_release(&u);
	sb_release(&ap);
	flow_tracker_free(k.t);
}

/* The OPENs seen: the negotiation is observed, nothing is inferred. */
static void
test_observed_no_inference(void **state)
{
	static const uint32_t path[] = { 12076 };
	struct seen x;
	struct conn k;
	struct bgp_open_params p;
	struct flow_session *s;
	struct sb oa, ob, ka, u;

	(void)state;
	memset(&x, 0, sizeof(x));
	k = conn_open(&x);
	sb_init(&oa);
	sb_init(&ob);
	sb_init(&ka);
	sb_init(&u);
	memset(&p, 0, sizeof(p));
	p.asn = 65010;
	p.hold_time = 90;
	p.bgp_id = 1;
	p.cap_as4 = true;
	p.cap_mp_ipv4 = true;
	assert_int_equal(bgp_build_open(&oa, &p), 0);
	p.asn = 12076;
	p.bgp_id = 2;
	assert_int_equal(bgp_build_open(&ob, &p), 0);
	bgp_build_keepalive(&ka);
	send_seg(&k, 0, oa.buf, oa.len);
	send_seg(&k, 1, ob.buf, ob.len);
	send_seg(&k, 0, ka.buf, ka.len);
	send_seg(&k, 1, ka.buf, ka.len);
	mk_update(&u, true, path, 1, "10.1.0.0/16", "172.16.0.2");
	send_seg(&k, 1, u.buf, u.len);
	assert_true(x.last_parsed);
	assert_int_equal(x.inferred, 0);
	assert_int_equal(x.up, 1);
	assert_int_equal(x.up_at_start, 0);
	s = flow_tracker_sessions(k.t);
	assert_int_equal(s->inferred_updates, 0);
	assert_int_equal(s->establishments, 1);
	assert_false(s->side[1].asn_from_path);
	sb_release(&oa);
	sb_release(&ob);
	sb_release(&ka);
	sb_release(&u);
	flow_tracker_free(k.t);
}

/* One segment with explicit sequence numbers and flags. */
static void
raw_seg(struct conn *k, int dir, uint32_t seq, uint32_t ack, uint8_t flags,
    const void *pl, size_t n)
{
	struct pkt_info pi;
	struct flow_meta m;
	struct err err;

	memset(&pi, 0, sizeof(pi));
	pi.net = PKT_NET_IPV4;
	pi.tr = PKT_TR_TCP;
	pi.ip.src = dir == 0 ? A : B;
	pi.ip.dst = dir == 0 ? B : A;
	pi.tcp.sport = dir == 0 ? 40000 : 179;
	pi.tcp.dport = dir == 0 ? 179 : 40000;
	pi.tcp.seq = seq;
	pi.tcp.ack = ack;
	pi.tcp.flags = flags;
	pi.tcp.window = 65535;
	pi.tcp.payload = pl;
	pi.tcp.payload_caplen = (uint32_t)n;
	pi.tcp.payload_len = (uint32_t)n;
	m.frame = ++k->frame;
	m.time = (usec_t)k->frame * 1000;
	err_clear(&err);
	assert_int_equal(flow_tracker_input(k->t, &pi, &m, &err), 1);
}

/*
 * The capture starts with the SYN-ACK (the SYN was missed): its
 * acknowledgment number is where the initiator's data starts, so an OPEN
 * whose two segments arrive in the wrong order is still whole.  (Starting
 * the stream at the first data segment seen would make the OPEN's first
 * half old bytes, and lose it.)
 */
static void
test_synack_starts_initiator(void **state)
{
	struct bgp_open_params p;
	struct seen x;
	struct conn k;
	struct sb ob;

	(void)state;
	memset(&x, 0, sizeof(x));
	k = conn_open(&x);
	sb_init(&ob);
	memset(&p, 0, sizeof(p));
	p.asn = 65010;
	p.hold_time = 90;
	p.bgp_id = 1;
	p.cap_as4 = true;
	assert_int_equal(bgp_build_open(&ob, &p), 0);
	raw_seg(&k, 1, 6999999, 1000000, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0);
	raw_seg(&k, 0, 1000000 + 20, 7000000, PKT_TCP_ACK | PKT_TCP_PSH,
	    ob.buf + 20, ob.len - 20);
	raw_seg(&k, 0, 1000000, 7000000, PKT_TCP_ACK | PKT_TCP_PSH, ob.buf,
	    20);
	assert_int_equal(x.msgs, 1);
	assert_int_equal(x.parsed, 1);
	assert_int_equal(x.bad, 0);
	sb_release(&ob);
	flow_tracker_free(k.t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_as4_then_as2_fallback),
		cmocka_unit_test(test_addpath_retry_and_garbage),
		cmocka_unit_test(test_observed_no_inference),
		cmocka_unit_test(test_synack_starts_initiator),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
