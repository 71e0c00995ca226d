/*
 * Unit tests for sessions that end without a close on the wire, on
 * hand-built captures: Ethernet/IPv4/TCP frames with messages from
 * bgp_build.c, written to pcap files with libpcap's dumper and read back
 * through cap_open_file() and the capture analyzer (diag_pcap.c), as
 * `erwatch pcap` does.  A new establishment between the same two peers
 * supersedes the old connection (whose NOTIFICATION, FIN or RST the
 * capture never shows): a silence longer than the hold time is
 * BGP_HOLD_TIMER_EXPIRED and a teardown; a shorter one is
 * BGP_SESSION_SUPERSEDED; the capture may have started after the old
 * connection's OPENs (the hold time then comes from the new ones); a
 * connection collision (RFC 4271 6.8) is no teardown; an OPEN with a newly
 * set Restart State bit is a graceful restart (RFC 4724).
 *
 * ERW_CAPTURE_OUT=DIR keeps the captures in DIR (to read them with tshark
 * or erwatch); otherwise they live in a temporary directory.
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

#include "capture/capture.h"
#include "diag/diag_pcap.h"

#define SEC	USEC_PER_SEC
#define T0	(1700000000LL * SEC)

static const uint8_t IP[2][4] = { { 172, 16, 0, 1 }, { 172, 16, 0, 2 } };
static const uint32_t ASN[2] = { 65010, 12076 };

static char tmpdir[256];
static bool keep;

/* ------------------------------------------------------------------ */
/* Building captures                                                   */
/* ------------------------------------------------------------------ */

struct cap {
	pcap_t		*p;
	pcap_dumper_t	*d;
	char		 path[320];
	usec_t		 now;
};

/* One TCP connection; side 0 is 172.16.0.1 (AS 65010), 1 is .2. */
struct conn {
	int		 init;		/* the side that sends the SYN */
	uint16_t	 port;		/* its ephemeral port */
	uint32_t	 seq[2];	/* next sequence number of each side */
};

struct open_opt {
	uint16_t	 hold;
	bool		 gr;		/* graceful restart capability */
	uint8_t		 gr_flags;
	uint16_t	 gr_time;
	uint32_t	 bgp_id;	/* 0: the side's address */
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

static void
cap_begin(struct cap *w, const char *name)
{
	memset(w, 0, sizeof(*w));
	snprintf(w->path, sizeof(w->path), "%s/%s.pcap", tmpdir, name);
	w->p = pcap_open_dead(DLT_EN10MB, 65535);
	assert_non_null(w->p);
	w->d = pcap_dump_open(w->p, w->path);
	assert_non_null(w->d);
	w->now = T0;
}

static void
cap_end(struct cap *w)
{
	pcap_dump_close(w->d);
	pcap_close(w->p);
}

static void
wait_s(struct cap *w, double s)
{
	w->now += (usec_t)(s * SEC);
}

/* A segment from side dir of c, 100 us after the previous frame. */
static void
seg(struct cap *w, struct conn *c, int dir, uint8_t flags, const void *pl,
    size_t n)
{
	uint8_t f[4096];
	struct pcap_pkthdr h;
	bool ini = dir == c->init;

	assert_true(n <= sizeof(f) - 54);
	memset(f, 0, 54);
	f[5] = (uint8_t)(dir + 1);		/* MACs 00..01 / 00..02 */
	f[11] = (uint8_t)(2 - dir);
	put16(f + 12, 0x0800);
	f[14] = 0x45;
	put16(f + 16, (unsigned)(40 + n));
	f[20] = 0x40;
	f[22] = 64;
	f[23] = 6;
	memcpy(f + 26, IP[dir], 4);
	memcpy(f + 30, IP[1 - dir], 4);
	put16(f + 34, ini ? c->port : 179);
	put16(f + 36, ini ? 179 : c->port);
	put32(f + 38, c->seq[dir]);
	put32(f + 42, (flags & PKT_TCP_ACK) ? c->seq[1 - dir] : 0);
	f[46] = 0x50;
	f[47] = flags;
	put16(f + 48, 65535);
	if (n > 0)
		memcpy(f + 54, pl, n);
	c->seq[dir] += (uint32_t)n;
	if (flags & (PKT_TCP_SYN | PKT_TCP_FIN))
		c->seq[dir]++;
	w->now += 100;
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)(w->now / SEC);
	h.ts.tv_usec = (suseconds_t)(w->now % SEC);
	h.caplen = h.len = (uint32_t)(54 + n);
	pcap_dump((u_char *)w->d, &h, f);
}

static void
handshake(struct cap *w, struct conn *c, int init, uint16_t port)
{
	c->init = init;
	c->port = port;
	c->seq[0] = 1000u + port;
	c->seq[1] = 900000u + port;
	seg(w, c, init, PKT_TCP_SYN, NULL, 0);
	seg(w, c, 1 - init, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0);
	seg(w, c, init, PKT_TCP_ACK, NULL, 0);
}

static void
msg(struct cap *w, struct conn *c, int dir, const struct sb *m)
{
	seg(w, c, dir, PKT_TCP_ACK | PKT_TCP_PSH, m->buf, m->len);
}

static void
open_msg(struct cap *w, struct conn *c, int dir, const struct open_opt *o)
{
	struct bgp_open_params p;
	struct sb m;

	memset(&p, 0, sizeof(p));
	p.asn = ASN[dir];
	p.hold_time = o->hold;
	p.bgp_id = o->bgp_id != 0 ? o->bgp_id : 0xac100001u + (uint32_t)dir;
	p.cap_as4 = true;
	p.cap_mp_ipv4 = true;
	p.cap_gr = o->gr;
	p.gr_flags = o->gr_flags;
	p.gr_time = o->gr_time;
	sb_init(&m);
	assert_int_equal(bgp_build_open(&m, &p), 0);
	msg(w, c, dir, &m);
	sb_release(&m);
}

static void
keepalive(struct cap *w, struct conn *c, int dir)
{
	struct sb m;

	sb_init(&m);
	assert_int_equal(bgp_build_keepalive(&m), 0);
	msg(w, c, dir, &m);
	sb_release(&m);
}

static void
notification(struct cap *w, struct conn *c, int dir, uint8_t code,
    uint8_t sub)
{
	struct sb m;

	sb_init(&m);
	assert_int_equal(bgp_build_notification(&m, code, sub, NULL, 0, NULL),
	    0);
	msg(w, c, dir, &m);
	sb_release(&m);
}

static void
update(struct cap *w, struct conn *c, int dir, const char *pfx)
{
	struct bgp_update_params p;
	struct net_prefix np;
	size_t ca = 0, cw = 0;
	uint32_t as = ASN[dir];
	struct sb m;

	memset(&p, 0, sizeof(p));
	assert_int_equal(net_prefix_parse(pfx, &np, NULL), 0);
	assert_int_equal(net_addr_parse(dir == 0 ? "172.16.0.1" :
	    "172.16.0.2", &p.next_hop), 0);
	p.as4 = true;
	p.as_path = &as;
	p.as_path_len = 1;
	p.announce = &np;
	p.n_announce = 1;
	p.max_len = BGP_MAX_LEN;
	sb_init(&m);
	assert_int_equal(bgp_build_update(&m, &p, &ca, &cw), 0);
	msg(w, c, dir, &m);
	sb_release(&m);
}

/* OPENs from first, then the other, KEEPALIVEs the same way:
 * Established. */
static void
establish(struct cap *w, struct conn *c, int first, const struct open_opt *o0,
    const struct open_opt *o1)
{
	open_msg(w, c, first, first == 0 ? o0 : o1);
	open_msg(w, c, 1 - first, first == 0 ? o1 : o0);
	keepalive(w, c, first);
	keepalive(w, c, 1 - first);
}

/* KEEPALIVEs every 3 s from the sides in mask (bit i: side i), n times. */
static void
keepalives(struct cap *w, struct conn *c, unsigned mask, int n)
{
	int k;

	for (k = 0; k < n; k++) {
		wait_s(w, 3);
		if (mask & 1)
			keepalive(w, c, 0);
		if (mask & 2)
			keepalive(w, c, 1);
	}
}

/* ------------------------------------------------------------------ */
/* Analysis                                                            */
/* ------------------------------------------------------------------ */

struct result {
	struct diag_pcap	*ctx;
	struct finding_list	 fl;
	const struct flow_session *s;
};

static void
analyze(const char *path, struct result *r)
{
	struct diag_pcap_opts o;
	struct cap_file *cf;
	struct cap_record rec;
	const struct diag_pcap_file *fi;
	struct err e;
	int rv;

	memset(r, 0, sizeof(*r));
	memset(&o, 0, sizeof(o));
	err_clear(&e);
	r->ctx = diag_pcap_new(&o, &e);
	assert_non_null(r->ctx);
	assert_int_equal(cap_open_file(path, &cf, &e), 0);
	assert_int_equal(diag_pcap_file_begin(r->ctx, path, cap_dlt(cf), &e),
	    0);
	while ((rv = cap_next(cf, &rec, &e)) == 1)
		assert_int_equal(diag_pcap_feed(r->ctx, &rec, &e), 0);
	assert_int_equal(rv, 0);
	cap_close(cf);
	assert_int_equal(diag_pcap_file_end(r->ctx, NULL), 0);
	finding_list_init(&r->fl);
	assert_int_equal(diag_pcap_finish(r->ctx, &r->fl, &e), 0);
	fi = diag_pcap_file(r->ctx, 0);
	assert_int_equal(fi->nsessions, 1);
	r->s = fi->sessions[0].fs;
	if (!keep)
		unlink(path);
}

static void
release(struct result *r)
{
	finding_list_release(&r->fl);
	diag_pcap_free(r->ctx);
}

static const struct finding *
find(const struct result *r, enum finding_code c, size_t *count)
{
	const struct finding *f = NULL;
	size_t i, n = 0;

	for (i = 0; i < r->fl.n; i++)
		if (r->fl.v[i].code == c) {
			if (f == NULL)
				f = &r->fl.v[i];
			n++;
		}
	if (count != NULL)
		*count = n;
	return f;
}

/* NULL-safe, so -O2 builds see no read through a NULL finding. */
static bool
has(const struct finding *f, const char *text)
{
	if (f != NULL && strstr(f->summary, text) == NULL)
		print_message("summary: %s\n", f->summary);
	return f != NULL && strstr(f->summary, text) != NULL;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

static const struct open_opt HOLD9 = { .hold = 9 };

/*
 * The testbed's hold_expired_no_close, by hand: B goes silent on
 * connection 1 (its segments dropped before the tap), A keeps sending, and
 * 11 s after B's last KEEPALIVE, B connects again (the other direction,
 * new ports) and the session comes back.  The old connection's close
 * comes late: A's NOTIFICATION 4/0, released from its stalled queue,
 * joins the finding as evidence; its FIN changes nothing.
 */
static void
test_superseded_hold_expired(void **state)
{
	struct cap w;
	struct conn c1, c2;
	struct result r;
	const struct finding *f;
	const struct flow_supersede *sp;
	size_t n;

	(void)state;
	cap_begin(&w, "superseded_hold_expired");
	handshake(&w, &c1, 0, 40000);
	establish(&w, &c1, 1, &HOLD9, &HOLD9);
	keepalives(&w, &c1, 3, 1);		/* both at +3 s */
	keepalives(&w, &c1, 1, 2);		/* A only: +6, +9 */
	wait_s(&w, 5);
	handshake(&w, &c2, 1, 50000);
	establish(&w, &c2, 1, &HOLD9, &HOLD9);	/* up at B's +11 s */
	keepalives(&w, &c2, 3, 1);
	notification(&w, &c1, 0, BGP_ERR_HOLD_TIMER, 0);
	seg(&w, &c1, 0, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	cap_end(&w);
	analyze(w.path, &r);

	f = find(&r, FC_BGP_HOLD_TIMER_EXPIRED, &n);
	assert_int_equal(n, 1);
	assert_true(has(f, "no BGP message from 172.16.0.2 for 11.0 s on "
	    "connection 1, longer than the hold time 9 s"));
	assert_true(has(f, "connection 2 superseded"));
	assert_true(has(f, "172.16.0.1's NOTIFICATION 4/0 arrived later "
	    "(frame"));
	assert_true(f != NULL && f->sev == SEV_ERROR && f->nev == 3);
	/* the same silence is not reported twice */
	assert_null(find(&r, FC_BGP_KEEPALIVE_GAP, NULL));
	assert_null(find(&r, FC_BGP_SESSION_SUPERSEDED, NULL));
	assert_null(find(&r, FC_BGP_GRACEFUL_RESTART, NULL));
	assert_int_equal(finding_list_exit_code(&r.fl), 1);
	assert_int_equal(r.s->establishments, 2);
	assert_int_equal(r.s->teardowns, 1);	/* the late FIN: not again */
	assert_int_equal(r.s->down_causes[FLOW_DOWN_SUPERSEDED], 1);
	assert_true(r.s->up);
	assert_int_equal(r.s->nsup, 1);
	sp = &r.s->sup[0];
	assert_int_equal(sp->old_conn, 1);
	assert_int_equal(sp->new_conn, 2);
	assert_int_equal(sp->silent, 1);
	assert_true(sp->expired[1]);
	assert_false(sp->expired[0]);		/* A: 5 s */
	assert_true(sp->has_hold && !sp->hold_from_new);
	assert_int_equal(sp->hold, 9);
	assert_int_equal(sp->silence[1] / 100000, 110);
	assert_int_equal(sp->restarter, -1);
	release(&r);
}

/*
 * The capture starts after connection 1's OPENs (its head outside the
 * capture) and never shows its end either: KEEPALIVEs and UPDATEs both
 * ways, B goes silent, a new connection comes up 13 s later.  The old
 * connection's hold time is unknown; the new OPENs' is used and named.
 */
static void
test_superseded_tail_outside(void **state)
{
	struct cap w;
	struct conn c1, c2;
	struct result r;
	const struct finding *f;
	size_t n;

	(void)state;
	cap_begin(&w, "superseded_tail_outside");
	memset(&c1, 0, sizeof(c1));
	c1.init = 0;
	c1.port = 40000;
	c1.seq[0] = 5000;
	c1.seq[1] = 800000;
	update(&w, &c1, 1, "10.200.0.0/24");
	update(&w, &c1, 0, "10.1.0.0/24");
	keepalive(&w, &c1, 0);
	keepalive(&w, &c1, 1);
	keepalives(&w, &c1, 1, 4);		/* A until +12 s */
	wait_s(&w, 1);
	handshake(&w, &c2, 0, 40001);
	establish(&w, &c2, 0, &HOLD9, &HOLD9);
	cap_end(&w);
	analyze(w.path, &r);

	assert_int_equal(r.s->up_at_start, 1);
	assert_int_equal(r.s->establishments, 1);
	assert_int_equal(r.s->teardowns, 1);
	f = find(&r, FC_BGP_HOLD_TIMER_EXPIRED, &n);
	assert_int_equal(n, 1);
	assert_true(has(f, "no BGP message from 172.16.0.2 for 13.0 s"));
	assert_true(has(f, "hold time 9 s, as the new connection "
	    "negotiated it"));
	assert_int_equal(r.s->nsup, 1);
	assert_true(r.s->sup[0].hold_from_new);
	assert_int_equal(finding_list_exit_code(&r.fl), 1);
	release(&r);
}

/*
 * Both speakers connect at once (RFC 4271 6.8): connection 1 from A and
 * connection 2 from B exchange OPENs at the same time and both reach
 * Established; A keeps connection 2 and closes connection 1 with Cease
 * 6/7.  No teardown, no flap, no supersession, exit 0.
 */
static void
test_collision(void **state)
{
	struct cap w;
	struct conn c1, c2;
	struct result r;
	const struct finding *f;

	(void)state;
	cap_begin(&w, "collision");
	handshake(&w, &c1, 0, 40000);
	handshake(&w, &c2, 1, 50000);
	open_msg(&w, &c1, 0, &HOLD9);
	open_msg(&w, &c2, 1, &HOLD9);
	open_msg(&w, &c1, 1, &HOLD9);
	open_msg(&w, &c2, 0, &HOLD9);
	keepalive(&w, &c1, 0);
	keepalive(&w, &c1, 1);			/* connection 1 up */
	keepalive(&w, &c2, 1);
	keepalive(&w, &c2, 0);			/* connection 2 up */
	notification(&w, &c1, 0, BGP_ERR_CEASE, BGP_CEASE_SUB_COLLISION);
	seg(&w, &c1, 0, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	seg(&w, &c1, 1, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	keepalives(&w, &c2, 3, 3);
	cap_end(&w);
	analyze(w.path, &r);

	assert_int_equal(r.s->establishments, 2);
	assert_int_equal(r.s->teardowns, 0);
	assert_int_equal(r.s->down_causes[FLOW_DOWN_COLLISION], 1);
	assert_int_equal(r.s->nsup, 0);
	assert_true(r.s->up);
	assert_null(find(&r, FC_BGP_SESSION_SUPERSEDED, NULL));
	assert_null(find(&r, FC_BGP_HOLD_TIMER_EXPIRED, NULL));
	assert_null(find(&r, FC_BGP_SESSION_FLAP, NULL));
	f = find(&r, FC_BGP_NOTIFICATION, NULL);
	assert_true(has(f, "6/7"));
	assert_true(f != NULL && f->sev == SEV_WARNING);
	assert_int_equal(finding_list_exit_code(&r.fl), 0);
	release(&r);
}

/* The same collision resolved by closing the loser with FIN alone. */
static void
test_collision_fin_only(void **state)
{
	struct cap w;
	struct conn c1, c2;
	struct result r;

	(void)state;
	cap_begin(&w, "collision_fin");
	handshake(&w, &c1, 0, 40000);
	handshake(&w, &c2, 1, 50000);
	open_msg(&w, &c1, 0, &HOLD9);
	open_msg(&w, &c2, 1, &HOLD9);
	open_msg(&w, &c1, 1, &HOLD9);
	open_msg(&w, &c2, 0, &HOLD9);
	keepalive(&w, &c2, 1);
	keepalive(&w, &c2, 0);			/* connection 2 up */
	keepalive(&w, &c1, 0);
	keepalive(&w, &c1, 1);			/* connection 1 up */
	seg(&w, &c2, 1, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	keepalives(&w, &c1, 3, 2);
	cap_end(&w);
	analyze(w.path, &r);

	assert_int_equal(r.s->teardowns, 0);
	assert_int_equal(r.s->down_causes[FLOW_DOWN_COLLISION], 1);
	assert_true(r.s->up);
	assert_int_equal(finding_list_exit_code(&r.fl), 0);
	release(&r);
}

/*
 * B restarts its BGP process gracefully (RFC 4724): its OPEN on the old
 * connection advertised graceful restart (restart time 120 s) without the
 * Restart State bit, the new one sets it.  Silent 12 s, beyond hold 9 but
 * within hold + restart time: BGP_GRACEFUL_RESTART (warning), no
 * hold-timer expiry, still a teardown.
 */
static void
test_graceful_restart(void **state)
{
	const struct open_opt gr_b = { .hold = 9, .gr = true, .gr_time = 120 };
	const struct open_opt gr_b_r = { .hold = 9, .gr = true,
	    .gr_flags = BGP_GR_F_RESTART, .gr_time = 120 };
	struct cap w;
	struct conn c1, c2;
	struct result r;
	const struct finding *f;

	(void)state;
	cap_begin(&w, "graceful_restart");
	handshake(&w, &c1, 0, 40000);
	establish(&w, &c1, 0, &HOLD9, &gr_b);
	keepalives(&w, &c1, 3, 1);
	keepalives(&w, &c1, 1, 3);
	wait_s(&w, 3);
	handshake(&w, &c2, 1, 50000);
	establish(&w, &c2, 1, &HOLD9, &gr_b_r);
	cap_end(&w);
	analyze(w.path, &r);

	f = find(&r, FC_BGP_GRACEFUL_RESTART, NULL);
	assert_true(has(f, "172.16.0.2 restarted gracefully"));
	assert_true(has(f, "12.0 s after its last message (hold time 9 s, "
	    "restart time 120 s)"));
	assert_true(f != NULL && f->sev == SEV_WARNING);
	assert_null(find(&r, FC_BGP_HOLD_TIMER_EXPIRED, NULL));
	assert_null(find(&r, FC_BGP_KEEPALIVE_GAP, NULL));
	assert_int_equal(r.s->teardowns, 1);
	assert_int_equal(r.s->sup[0].restarter, 1);
	assert_int_equal(finding_list_exit_code(&r.fl), 0);
	release(&r);
}

/* A restart that took longer than hold + restart time (9 + 5 s): the
 * routes were gone meanwhile, an error. */
static void
test_graceful_restart_too_long(void **state)
{
	const struct open_opt gr_b = { .hold = 9, .gr = true, .gr_time = 5 };
	const struct open_opt gr_b_r = { .hold = 9, .gr = true,
	    .gr_flags = BGP_GR_F_RESTART, .gr_time = 5 };
	struct cap w;
	struct conn c1, c2;
	struct result r;
	const struct finding *f;

	(void)state;
	cap_begin(&w, "graceful_restart_long");
	handshake(&w, &c1, 0, 40000);
	establish(&w, &c1, 0, &HOLD9, &gr_b);
	keepalives(&w, &c1, 1, 5);
	wait_s(&w, 5);
	handshake(&w, &c2, 1, 50000);
	establish(&w, &c2, 1, &HOLD9, &gr_b_r);
	cap_end(&w);
	analyze(w.path, &r);

	f = find(&r, FC_BGP_GRACEFUL_RESTART, NULL);
	assert_true(has(f, "longer than hold plus restart time"));
	assert_true(f != NULL && f->sev == SEV_ERROR);
	assert_int_equal(finding_list_exit_code(&r.fl), 1);
	release(&r);
}

/* FRR 8.4 sets the Restart State bit in every OPEN for a while after it
 * starts: set on both connections it is no evidence of a restart, and the
 * silence is judged as usual. */
static void
test_restart_bit_always_set(void **state)
{
	const struct open_opt gr_r = { .hold = 9, .gr = true,
	    .gr_flags = BGP_GR_F_RESTART | BGP_GR_F_NOTIFICATION,
	    .gr_time = 120 };
	struct cap w;
	struct conn c1, c2;
	struct result r;

	(void)state;
	cap_begin(&w, "restart_bit_always");
	handshake(&w, &c1, 0, 40000);
	establish(&w, &c1, 0, &HOLD9, &gr_r);
	keepalives(&w, &c1, 1, 4);
	handshake(&w, &c2, 1, 50000);
	establish(&w, &c2, 1, &HOLD9, &gr_r);
	cap_end(&w);
	analyze(w.path, &r);

	assert_null(find(&r, FC_BGP_GRACEFUL_RESTART, NULL));
	assert_non_null(find(&r, FC_BGP_HOLD_TIMER_EXPIRED, NULL));
	assert_int_equal(r.s->sup[0].restarter, -1);
	release(&r);
}

/*
 * A new establishment 2 s after the last messages both ways, B now with
 * another BGP identifier (a router replaced behind the same address):
 * the old connection's end is not on the wire and no silence explains it,
 * BGP_SESSION_SUPERSEDED (warning).  A second one makes a flap.
 */
static void
test_superseded_short_silence(void **state)
{
	const struct open_opt b2 = { .hold = 9, .bgp_id = 0x0a000002 };
	struct cap w;
	struct conn c1, c2, c3;
	struct result r;
	const struct finding *f;
	size_t n;

	(void)state;
	cap_begin(&w, "superseded_short");
	handshake(&w, &c1, 0, 40000);
	establish(&w, &c1, 0, &HOLD9, &HOLD9);
	keepalives(&w, &c1, 3, 2);
	wait_s(&w, 2);
	handshake(&w, &c2, 0, 40001);
	establish(&w, &c2, 0, &HOLD9, &b2);
	cap_end(&w);
	analyze(w.path, &r);

	f = find(&r, FC_BGP_SESSION_SUPERSEDED, &n);
	assert_int_equal(n, 1);
	assert_true(has(f, "connection 1 ended without a close on the wire: "
	    "connection 2 between the same peers reached Established"));
	assert_true(has(f, "from 172.16.0.2 2.0 s"));
	assert_true(has(f, "hold time 9 s"));
	assert_true(has(f, "172.16.0.2 has a new BGP identifier 10.0.0.2 "
	    "(was 172.16.0.2)"));
	assert_null(find(&r, FC_BGP_HOLD_TIMER_EXPIRED, NULL));
	assert_null(find(&r, FC_BGP_SESSION_FLAP, NULL));
	assert_int_equal(r.s->teardowns, 1);
	assert_int_equal(finding_list_exit_code(&r.fl), 0);
	release(&r);

	/* twice: the session flaps */
	cap_begin(&w, "superseded_twice");
	handshake(&w, &c1, 0, 40000);
	establish(&w, &c1, 0, &HOLD9, &HOLD9);
	keepalives(&w, &c1, 3, 1);
	handshake(&w, &c2, 0, 40001);
	establish(&w, &c2, 0, &HOLD9, &HOLD9);
	keepalives(&w, &c2, 3, 1);
	handshake(&w, &c3, 1, 50000);
	establish(&w, &c3, 1, &HOLD9, &HOLD9);
	cap_end(&w);
	analyze(w.path, &r);
	f = find(&r, FC_BGP_SESSION_FLAP, NULL);
	assert_true(has(f, "went down 2 times (3 establishments; causes: "
	    "superseded 2)"));
	f = find(&r, FC_BGP_SESSION_SUPERSEDED, NULL);
	assert_true(has(f, "2 times"));
	assert_int_equal(r.s->nsup, 2);
	assert_int_equal(r.s->sup[1].old_conn, 2);
	assert_int_equal(r.s->sup[1].new_conn, 3);
	assert_int_equal(finding_list_exit_code(&r.fl), 1);
	release(&r);
}

/* Hold time 0 (RFC 4271 4.2: no KEEPALIVEs): no silence is a failure. */
static void
test_superseded_hold_zero(void **state)
{
	const struct open_opt h0 = { .hold = 0 };
	struct cap w;
	struct conn c1, c2;
	struct result r;
	const struct finding *f;

	(void)state;
	cap_begin(&w, "superseded_hold0");
	handshake(&w, &c1, 0, 40000);
	establish(&w, &c1, 0, &h0, &h0);
	wait_s(&w, 600);
	handshake(&w, &c2, 0, 40001);
	establish(&w, &c2, 0, &h0, &h0);
	cap_end(&w);
	analyze(w.path, &r);

	f = find(&r, FC_BGP_SESSION_SUPERSEDED, NULL);
	assert_true(has(f, "hold time 0 s"));
	assert_null(find(&r, FC_BGP_HOLD_TIMER_EXPIRED, NULL));
	assert_null(find(&r, FC_BGP_KEEPALIVE_GAP, NULL));
	assert_false(r.s->sup[0].expired[0] || r.s->sup[0].expired[1]);
	release(&r);
}

static int
setup(void **state)
{
	const char *out = getenv("ERW_CAPTURE_OUT");

	(void)state;
	if (out != NULL && *out != '\0') {
		snprintf(tmpdir, sizeof(tmpdir), "%s", out);
		keep = true;
		return 0;
	}
	snprintf(tmpdir, sizeof(tmpdir), "%s/erw-supersede-XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	if (!keep)
		rmdir(tmpdir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_superseded_hold_expired),
		cmocka_unit_test(test_superseded_tail_outside),
		cmocka_unit_test(test_collision),
		cmocka_unit_test(test_collision_fin_only),
		cmocka_unit_test(test_graceful_restart),
		cmocka_unit_test(test_graceful_restart_too_long),
		cmocka_unit_test(test_restart_bit_always_set),
		cmocka_unit_test(test_superseded_short_silence),
		cmocka_unit_test(test_superseded_hold_zero),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
