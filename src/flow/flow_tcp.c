/*
 * TCP connection tracking for BGP (RFC 9293): the tracker's tables, one
 * record per connection (4-tuple and generation: a new SYN with a new ISN
 * on a closed 4-tuple starts a new connection), the handshake outcome of
 * each attempt, RST context, FIN, zero windows, retransmissions, options
 * (MSS, MD5 kind 19 per RFC 2385, TCP-AO kind 29 per RFC 5925), and the
 * BGP messages each direction's stream yields, parsed with the
 * per-direction negotiation once both OPENs are in.  When the capture
 * started after the OPENs, the negotiation is inferred per direction from
 * the UPDATEs themselves (4-octet AS first, then 2-octet, then path IDs),
 * and a connection carrying KEEPALIVEs or UPDATEs both ways without OPENs
 * counts as Established since before the capture.  Every observation is
 * an event: the session model (flow_session.c) records it and the caller's
 * callback sees it.  Connections are freed when the table is full of closed
 * ones, so memory follows the live connections.
 */
#include <stdlib.h>
#include <string.h>

#include "flow.h"

#define CONN_BUCKETS	4096
#define SESS_BUCKETS	1024
#define CLOSED_KEEP	256	/* closed connections kept for late packets */
#define BIG_SEGMENT	1000	/* "full-size" for path MTU evidence */

struct flow_tracker {
	struct flow_tracker_opts o;
	struct flow_conn	*ctab[CONN_BUCKETS];
	struct flow_conn	*lhead, *ltail;	/* oldest first */
	size_t			 nconns;
	size_t			 nclosed;
	struct flow_session	*stab[SESS_BUCKETS];
	struct flow_session	*shead, *stail;
	size_t			 nsess;
	uint32_t		 next_conn;
	uint32_t		 next_sess;
	uint64_t		 syns;
	bool			 nomem;	/* a stream lost bytes to it */
};

static void	conn_msg(void *, const uint8_t *, size_t,
		    const struct flow_meta *, const struct flow_meta *);
static void	conn_bad(void *, const struct bgp_error *,
		    const struct flow_meta *);
static void	conn_gap(void *, enum flow_gap_why, uint64_t,
		    const struct flow_meta *);
static void	conn_mismatch(void *, uint32_t, uint64_t,
		    const struct flow_meta *, const struct flow_meta *);

static const struct flow_stream_ops conn_ops = {
	conn_msg, conn_bad, conn_gap, conn_mismatch
};

/* ------------------------------------------------------------------ */
/* Hashing                                                             */
/* ------------------------------------------------------------------ */

static uint32_t
hash_addr(const struct net_addr *a)
{
	uint32_t h = 2166136261u;
	int i, n = a->family == NET_AF_INET6 ? 16 : 4;

	for (i = 0; i < n; i++) {
		h ^= a->a[i];
		h *= 16777619u;
	}
	return h;
}

/* Symmetric in the two endpoints. */
static uint32_t
hash_conn(const struct net_addr *a, uint16_t pa, const struct net_addr *b,
    uint16_t pb)
{
	uint32_t x = hash_addr(a) * 31u + pa, y = hash_addr(b) * 31u + pb;

	x ^= y;
	x ^= x >> 15;
	x *= 0x2c1b3c6dU;
	x ^= x >> 12;
	return x;
}

static uint32_t
hash_pair(const struct net_addr *a, const struct net_addr *b)
{
	uint32_t x = hash_addr(a) ^ hash_addr(b);

	x ^= x >> 15;
	x *= 0x297a2d39U;
	x ^= x >> 12;
	return x;
}

/* ------------------------------------------------------------------ */
/* Sessions                                                            */
/* ------------------------------------------------------------------ */

static struct flow_session *
session_get(struct flow_tracker *t, const struct net_addr *a,
    const struct net_addr *b, struct err *e)
{
	uint32_t h = hash_pair(a, b) % SESS_BUCKETS;
	struct flow_session *s;

	for (s = t->stab[h]; s != NULL; s = s->hnext)
		if ((net_addr_eq(&s->side[0].addr, a) &&
		    net_addr_eq(&s->side[1].addr, b)) ||
		    (net_addr_eq(&s->side[0].addr, b) &&
		    net_addr_eq(&s->side[1].addr, a)))
			return s;
	if (t->nsess >= LIMIT_SESSIONS) {
		ERR(e, ERR_LIMIT, "more than %d BGP sessions", LIMIT_SESSIONS);
		return NULL;
	}
	if ((s = flow_session_new_pair(a, b, e)) == NULL)
		return NULL;
	s->id = ++t->next_sess;
	s->hnext = t->stab[h];
	t->stab[h] = s;
	if (t->stail != NULL)
		t->stail->lnext = s;
	else
		t->shead = s;
	t->stail = s;
	t->nsess++;
	return s;
}

void
flow_conn_icmp(struct flow_conn *c, const struct flow_meta *meta)
{
	(void)meta;
	c->icmp = true;
	c->sess->icmp_errors++;
}

struct flow_session *
flow_tracker_sessions(struct flow_tracker *t)
{
	return t->shead;
}

size_t
flow_tracker_nsessions(const struct flow_tracker *t)
{
	return t->nsess;
}

uint64_t
flow_tracker_syns(const struct flow_tracker *t)
{
	return t->syns;
}

/* ------------------------------------------------------------------ */
/* Events                                                              */
/* ------------------------------------------------------------------ */

static void
emit(struct flow_conn *c, struct flow_event *ev)
{
	struct flow_tracker *t = c->tr;

	ev->conn_id = c->id;
	flow_session_record(c->sess, ev);
	if (t->o.event != NULL)
		t->o.event(t->o.ctx, c->sess, c, ev);
}

static void
ev_init(struct flow_event *ev, enum flow_ev_type type, int from,
    const struct flow_meta *meta)
{
	*ev = (struct flow_event){ .type = type, .from = from };
	if (meta != NULL)
		ev->meta = *meta;
}

/* ------------------------------------------------------------------ */
/* Connections                                                         */
/* ------------------------------------------------------------------ */

static int
conn_side_of(const struct flow_conn *c, const struct net_addr *a,
    uint16_t port)
{
	if (net_addr_eq(&c->side[0].addr, a) && c->side[0].port == port)
		return 0;
	if (net_addr_eq(&c->side[1].addr, a) && c->side[1].port == port)
		return 1;
	return -1;
}

struct flow_conn *
flow_tracker_find(struct flow_tracker *t, const struct net_addr *src,
    uint16_t sport, const struct net_addr *dst, uint16_t dport)
{
	uint32_t h = hash_conn(src, sport, dst, dport) % CONN_BUCKETS;
	struct flow_conn *c;
	int i;

	for (c = t->ctab[h]; c != NULL; c = c->hnext) {
		if ((i = conn_side_of(c, src, sport)) < 0)
			continue;
		if (net_addr_eq(&c->side[1 - i].addr, dst) &&
		    c->side[1 - i].port == dport)
			return c;
	}
	return NULL;
}

static void
conn_unlink(struct flow_tracker *t, struct flow_conn *c)
{
	uint32_t h = hash_conn(&c->side[0].addr, c->side[0].port,
	    &c->side[1].addr, c->side[1].port) % CONN_BUCKETS;
	struct flow_conn **pp;

	for (pp = &t->ctab[h]; *pp != NULL; pp = &(*pp)->hnext)
		if (*pp == c) {
			*pp = c->hnext;
			break;
		}
	if (c->lprev != NULL)
		c->lprev->lnext = c->lnext;
	else
		t->lhead = c->lnext;
	if (c->lnext != NULL)
		c->lnext->lprev = c->lprev;
	else
		t->ltail = c->lprev;
	t->nconns--;
	if (c->ended)
		t->nclosed--;
}

static void
conn_free(struct flow_conn *c)
{
	flow_stream_release(&c->side[0].st);
	flow_stream_release(&c->side[1].st);
	free(c);
}

/* The sender stops being silent at meta (a message, or the end): report
 * the silence when it is the longest so far (the model keeps no more). */
static void
silence(struct flow_conn *c, int i, const struct flow_meta *meta)
{
	struct flow_side *sd = &c->side[i];
	const struct flow_sess_side *ss = &c->sess->side[i];
	struct flow_event ev;
	usec_t gap;

	if (!c->bgp_up || !sd->has_last_msg)
		return;
	gap = meta->time > sd->last_msg ? meta->time - sd->last_msg : 0;
	if (gap <= ss->longest_silence)
		return;
	ev_init(&ev, FLOW_EV_SILENCE, i, meta);
	ev.first = sd->last_msg_meta;
	ev.n = (uint64_t)gap;
	emit(c, &ev);
}

/* A KEEPALIVE while Established: the interval since the sender's previous
 * one, while the model still samples. */
static void
ka_sample(struct flow_conn *c, int i, const struct flow_meta *meta)
{
	struct flow_side *sd = &c->side[i];
	struct flow_event ev;

	if (c->bgp_up && sd->has_last_ka &&
	    c->sess->side[i].nka < FLOW_KA_SAMPLES) {
		ev_init(&ev, FLOW_EV_SILENCE, i, meta);
		ev.first = sd->last_ka_meta;
		ev.n = (uint64_t)(meta->time > sd->last_ka_meta.time ?
		    meta->time - sd->last_ka_meta.time : 0);
		ev.aux = 1;
		emit(c, &ev);
	}
	sd->has_last_ka = true;
	sd->last_ka_meta = *meta;
}

/* Is another connection of c's session Established (up_only), or at
 * least past its first OPEN, and not over?  Counters, not a scan: hostile
 * captures can hold LIMIT_FLOWS connections of one session. */
static bool
other_conn_alive(const struct flow_conn *c, bool up_only)
{
	const struct flow_session *s = c->sess;

	if (up_only)
		return s->nup > (c->bgp_up ? 1u : 0u);
	return s->nopening > (c->has_open_first && !c->ended ? 1u : 0u);
}

/* c is no longer Established: out of the session's list. */
static void
upc_remove(struct flow_conn *c)
{
	struct flow_session *s = c->sess;
	unsigned k;

	for (k = 0; k < s->nupc; k++)
		if (s->upc[k] == c) {
			s->upc[k] = s->upc[--s->nupc];
			return;
		}
}

static void
bgp_down(struct flow_conn *c, const struct flow_meta *meta, int from,
    enum flow_down_cause cause)
{
	struct flow_event ev;

	if (!c->bgp_up)
		return;
	/* the loser of a collision leaves the session to the winner */
	if (c->collided != 0 && other_conn_alive(c, true))
		cause = FLOW_DOWN_COLLISION;
	silence(c, 0, meta);
	silence(c, 1, meta);
	c->bgp_up = false;
	upc_remove(c);
	ev_init(&ev, FLOW_EV_BGP_DOWN, from, meta);
	ev.aux = (int)cause;
	emit(c, &ev);
}

/*
 * c reaches Established at meta: any other connection of the session still
 * Established is over, though the capture showed no close for it (lost,
 * or sent where the tap cannot see): a speaker keeps one session per peer
 * (RFC 4271 6.8).  Its silence until now is what flow_supersede_judge()
 * weighs; connections that collided with c instead are left to the
 * collision resolution (one of them gets Cease 6/7).
 */
static void
supersede(struct flow_conn *c, const struct flow_meta *meta)
{
	struct flow_session *s = c->sess;
	struct flow_supersede sp;
	struct flow_event ev;
	struct flow_conn *o;
	unsigned k = 0;

	while (k < s->nupc) {
		o = s->upc[k];
		if (!flow_supersede_judge(o, c, meta, &sp)) {
			o->collided = c->id;
			c->collided = o->id;
			k++;
			continue;
		}
		silence(o, 0, meta);
		silence(o, 1, meta);
		o->bgp_up = false;
		o->superseded = true;
		s->upc[k] = s->upc[--s->nupc];
		ev_init(&ev, FLOW_EV_BGP_DOWN, sp.silent, meta);
		ev.aux = FLOW_DOWN_SUPERSEDED;
		ev.n = c->id;
		ev.sup = &sp;
		emit(o, &ev);
	}
}

static void
bgp_up(struct flow_conn *c, int i, const struct flow_meta *meta, int aux)
{
	struct flow_event ev;

	c->bgp_up = c->was_bgp_up = true;
	c->bgp_up_at = *meta;
	supersede(c, meta);
	if (c->sess->nupc < FLOW_UP_TRACK)
		c->sess->upc[c->sess->nupc++] = c;
	ev_init(&ev, FLOW_EV_BGP_UP, i, meta);
	ev.aux = aux;
	emit(c, &ev);
}

/* Large segments sent again and never acknowledged, while the receiver
 * did acknowledge earlier (small) data: what a path MTU black hole looks
 * like from the sender's side. */
static void
pmtu_evidence(struct flow_conn *c, int i)
{
	struct flow_side *sd = &c->side[i], *od = &c->side[1 - i];
	struct flow_sess_side *ss = &c->sess->side[i];

	if (sd->big_retrans < 2)
		return;
	if (od->has_ack && !FLOW_SEQ_LT(od->max_ack, sd->big_end))
		return;		/* acknowledged in the end */
	if (ss->big_retrans_unacked == 0)
		ss->big_first = sd->big_first;
	ss->big_retrans_unacked += sd->big_retrans;
	ss->big_last = sd->big_last;
	if (sd->big_size > ss->big_size)
		ss->big_size = sd->big_size;
	if (od->has_ack && (!sd->has_isn ||
	    FLOW_SEQ_LT(sd->isn + 1, od->max_ack)))
		ss->acked_small = true;
}

static void
conn_end(struct flow_tracker *t, struct flow_conn *c, enum flow_end why,
    const struct flow_meta *meta, int from)
{
	struct flow_event ev;
	int i;

	if (c->ended)
		return;
	for (i = 0; i < 2; i++) {
		c->cur = i;
		flow_stream_flush(&c->side[i].st, meta);
	}
	if (why == FLOW_END_FIN)
		bgp_down(c, meta, from, FLOW_DOWN_FIN);
	else if (why == FLOW_END_RST && from >= 0)
		bgp_down(c, meta, from, FLOW_DOWN_RST);
	else if (why != FLOW_END_CAPTURE)
		bgp_down(c, meta, from, FLOW_DOWN_EVICTED);
	ev_init(&ev, FLOW_EV_CONN_END, from, meta);
	ev.aux = (int)why;
	if (c->initiator >= 0 && !c->synack && !c->rst_on_syn &&
	    !c->midstream && !c->icmp)
		ev.n |= FLOW_END_F_UNANSWERED;
	if (c->midstream)
		ev.n |= FLOW_END_F_MIDSTREAM;
	if (c->tcp_up && why != FLOW_END_CAPTURE && from >= 0 &&
	    !c->side[from].open && !c->side[from].notified &&
	    c->side[1 - from].open)
		ev.n |= from == 0 ? FLOW_END_F_NO_OPEN0 : FLOW_END_F_NO_OPEN1;
	for (i = 0; i < 2; i++)
		pmtu_evidence(c, i);
	if (c->has_open_first && c->sess->nopening > 0)
		c->sess->nopening--;
	/* still Established at the end of the capture: the connection is
	 * about to be freed */
	upc_remove(c);
	c->ended = true;
	c->state = FLOW_TCP_CLOSED;
	c->end = *meta;
	t->nclosed++;
	emit(c, &ev);
	if (c->side[0].st.nomem || c->side[1].st.nomem)
		t->nomem = true;
	/* the streams are done: give their memory back now */
	flow_stream_release(&c->side[0].st);
	flow_stream_release(&c->side[1].st);
}

static void
evict_closed(struct flow_tracker *t)
{
	struct flow_conn *c, *nx;

	for (c = t->lhead; c != NULL && t->nclosed > CLOSED_KEEP / 2;
	    c = nx) {
		nx = c->lnext;
		if (!c->ended)
			continue;
		conn_unlink(t, c);
		conn_free(c);
	}
}

static struct flow_conn *
conn_new(struct flow_tracker *t, const struct pkt_info *pi,
    const struct flow_meta *meta, struct err *e)
{
	struct flow_session *s;
	struct flow_conn *c;
	uint32_t h;
	int i, j;

	if (t->nclosed > CLOSED_KEEP)
		evict_closed(t);
	if (t->nconns >= LIMIT_FLOWS) {
		/* end and drop the oldest connection */
		c = t->lhead;
		conn_end(t, c, FLOW_END_EVICTED, meta, -1);
		conn_unlink(t, c);
		conn_free(c);
	}
	if ((s = session_get(t, &pi->ip.src, &pi->ip.dst, e)) == NULL)
		return NULL;
	if ((c = erw_calloc(1, sizeof(*c))) == NULL) {
		ERR(e, ERR_NOMEM, "cannot allocate a connection");
		return NULL;
	}
	c->tr = t;
	c->sess = s;
	c->id = ++t->next_conn;
	c->initiator = -1;
	i = flow_session_side(s, &pi->ip.src);
	if (net_addr_eq(&pi->ip.src, &pi->ip.dst))	/* loopback to self */
		i = pi->tcp.sport == t->o.port ? 1 : 0;
	j = 1 - i;
	c->side[i].addr = pi->ip.src;
	c->side[i].port = pi->tcp.sport;
	c->side[j].addr = pi->ip.dst;
	c->side[j].port = pi->tcp.dport;
	for (i = 0; i < 2; i++) {
		flow_stream_init(&c->side[i].st, &conn_ops, c);
		if (t->o.reasm_bytes > 0)
			c->side[i].st.cap_bytes = t->o.reasm_bytes;
		if (t->o.reasm_segs > 0)
			c->side[i].st.cap_segs = t->o.reasm_segs;
	}
	c->syn = *meta;
	h = hash_conn(&pi->ip.src, pi->tcp.sport, &pi->ip.dst,
	    pi->tcp.dport) % CONN_BUCKETS;
	c->hnext = t->ctab[h];
	t->ctab[h] = c;
	c->lprev = t->ltail;
	if (t->ltail != NULL)
		t->ltail->lnext = c;
	else
		t->lhead = c;
	t->ltail = c;
	t->nconns++;
	return c;
}

/* ------------------------------------------------------------------ */
/* BGP messages from the streams                                       */
/* ------------------------------------------------------------------ */

/* Add-path bits for the families an UPDATE that failed to parse touched
 * (what bgp_msg_parse() decoded before the bad field): IPv4 unicast for
 * the plain NLRI and withdrawn fields, plus the MP families. */
static uint8_t
addpath_retry_bits(const struct bgp_msg *m)
{
	const struct bgp_update *u = &m->u.update;
	uint8_t b = bgp_afisafi_bit(BGP_AFI_IPV4, BGP_SAFI_UNICAST);

	if (u->has_mp_reach)
		b |= bgp_afisafi_bit(u->mp_reach_afi, u->mp_reach_safi);
	if (u->has_mp_unreach)
		b |= bgp_afisafi_bit(u->mp_unreach_afi, u->mp_unreach_safi);
	return b;
}

/*
 * Parse a message from side sd when no OPEN pair was seen on the
 * connection.  Only UPDATEs depend on the negotiation.  Candidates in
 * order: the direction's current guess (4-octet AS to begin with: every
 * current implementation negotiates it), the other AS width, then both
 * again with path IDs for the families the failures touched (RFC 7911
 * cannot be told from the wire otherwise).  The first that parses becomes
 * the direction's guess (sticky until a message needs another).  When
 * none parses, *be is the first candidate's error.  Returns like
 * bgp_msg_parse().
 */
static int
parse_inferred(struct flow_side *sd, const uint8_t *buf, size_t len,
    struct bgp_msg *m, struct bgp_error *be)
{
	struct bgp_neg cand[4];
	struct bgp_error first;
	uint8_t bits;
	int k, n = 2;

	if (!sd->guess_init) {
		sd->guess = (struct bgp_neg){ .as4 = true };
		sd->guess_init = true;
	}
	if (len < BGP_HDR_LEN || buf[18] != BGP_MSG_UPDATE)
		return bgp_msg_parse_framed(buf, len, &sd->guess, m, be);
	/* read by addpath_retry_bits() even when the header check fails */
	memset(&m->u.update, 0, sizeof(m->u.update));
	cand[0] = cand[1] = sd->guess;
	cand[1].as4 = !cand[0].as4;
	bits = 0;
	for (k = 0; k < n; k++) {
		if (bgp_msg_parse_framed(buf, len, &cand[k], m, &first) ==
		    0) {
			sd->guess = cand[k];
			return 0;
		}
		if (k == 0)
			*be = first;
		if (first.truncated)
			return -1;	/* a framing fault, not negotiation */
		bits |= addpath_retry_bits(m);
		if (k == 1 && (bits & ~sd->guess.addpath_rx) != 0) {
			cand[2] = cand[0];
			cand[3] = cand[1];
			cand[2].addpath_rx |= bits;
			cand[3].addpath_rx |= bits;
			n = 4;
		}
	}
	return -1;
}

static void
conn_msg(void *arg, const uint8_t *buf, size_t len,
    const struct flow_meta *first, const struct flow_meta *last)
{
	struct flow_conn *c = arg;
	int i = c->cur, o = 1 - i;
	struct flow_side *sd = &c->side[i], *od = &c->side[o];
	struct flow_event ev;
	struct bgp_msg m;
	struct bgp_error be;
	bool negotiated = sd->open && od->open;
	bool inferred;
	int r;

	/* the framer checked the header; the parse resets be itself */
	if (negotiated)
		r = bgp_msg_parse_framed(buf, len, &sd->neg, &m, &be);
	else
		r = parse_inferred(sd, buf, len, &m, &be);
	inferred = !negotiated && len > 18 && buf[18] == BGP_MSG_UPDATE;
	silence(c, i, last);
	ev_init(&ev, FLOW_EV_BGP_MSG, i, last);
	ev.first = *first;
	ev.msg_type = len > 18 ? buf[18] : 0;
	ev.msg = r == 0 ? &m : NULL;
	ev.neg = negotiated ? &sd->neg : inferred ? &sd->guess : NULL;
	ev.aux = inferred && r == 0;
	ev.berr = r == 0 ? NULL : &be;
	ev.n = len;
	if (r == 0) {
		switch (m.type) {
		case BGP_MSG_OPEN:
			sd->open = true;
			sd->ka_after_open = false;
			sd->bgp_id = m.u.open.bgp_id;
			sd->has_gr = m.u.open.has_gr;
			sd->gr_restart = m.u.open.has_gr &&
			    (m.u.open.gr_flags & BGP_GR_F_RESTART) != 0;
			sd->gr_time = m.u.open.gr_time;
			if (!c->has_open_first) {
				c->has_open_first = true;
				c->open_first = *last;
				c->sess->nopening++;
			}
			if (od->open) {
				/* both OPENs in: what each direction parses */
				const struct bgp_open *so = &m.u.open;
				const struct bgp_open *oo =
				    &c->sess->side[o].open;

				bgp_negotiate(so, oo, &sd->neg);
				bgp_negotiate(oo, so, &od->neg);
				c->has_hold = true;
				c->hold = bgp_hold_time(so, oo);
				sd->st.ext_msg = od->st.ext_msg =
				    sd->neg.ext_msg;
			}
			break;
		case BGP_MSG_UPDATE:
			sd->announced += m.u.update.n_nlri +
			    m.u.update.n_mp_reach;
			break;
		case BGP_MSG_NOTIFICATION:
			sd->notified = true;
			break;
		default:
			break;
		}
	}
	sd->last_msg = last->time;
	sd->last_msg_meta = *last;
	sd->has_last_msg = true;
	emit(c, &ev);
	if (r == 0 && m.type == BGP_MSG_KEEPALIVE)
		ka_sample(c, i, last);
	if (r == 0 && m.type == BGP_MSG_KEEPALIVE && sd->open && od->open) {
		sd->ka_after_open = true;
		/* once down (NOTIFICATION, FIN) a connection does not come
		 * back: a KEEPALIVE sent after a NOTIFICATION is no new
		 * establishment */
		if (od->ka_after_open && !c->bgp_up && !c->was_bgp_up &&
		    !sd->notified && !od->notified && sd->fins == 0 &&
		    od->fins == 0)
			bgp_up(c, i, last, 0);
	}
	/* joined mid-session: KEEPALIVE or UPDATE both ways and no OPEN
	 * means the session was up before the capture started */
	if (r == 0 && c->midstream && !sd->open && !od->open &&
	    (m.type == BGP_MSG_KEEPALIVE || m.type == BGP_MSG_UPDATE)) {
		sd->est_msg = true;
		if (od->est_msg && !c->bgp_up && !c->was_bgp_up &&
		    !sd->notified && !od->notified && sd->fins == 0 &&
		    od->fins == 0)
			bgp_up(c, i, last, 1);
	}
	/* Cease 6/7 resolves a collision (RFC 4271 6.8) when another
	 * connection of the session is under way */
	if (r == 0 && m.type == BGP_MSG_NOTIFICATION) {
		const struct bgp_notification *n = &m.u.notification;

		bgp_down(c, last, i, n->code == BGP_ERR_CEASE &&
		    n->subcode == BGP_CEASE_SUB_COLLISION &&
		    other_conn_alive(c, false) ? FLOW_DOWN_COLLISION :
		    FLOW_DOWN_NOTIFICATION);
	}
}

static void
conn_bad(void *arg, const struct bgp_error *be, const struct flow_meta *meta)
{
	struct flow_conn *c = arg;
	struct flow_event ev;

	ev_init(&ev, FLOW_EV_BGP_BAD, c->cur, meta);
	ev.berr = be;
	emit(c, &ev);
}

static void
conn_gap(void *arg, enum flow_gap_why why, uint64_t bytes,
    const struct flow_meta *meta)
{
	struct flow_conn *c = arg;
	struct flow_event ev;

	ev_init(&ev, FLOW_EV_GAP, c->cur, meta);
	ev.aux = (int)why;
	ev.n = bytes;
	emit(c, &ev);
}

static void
conn_mismatch(void *arg, uint32_t seq, uint64_t bytes,
    const struct flow_meta *orig, const struct flow_meta *dup)
{
	struct flow_conn *c = arg;
	struct flow_event ev;

	ev_init(&ev, FLOW_EV_OVERLAP_MISMATCH, c->cur, dup);
	ev.first = *orig;
	ev.seq = seq;
	ev.n = bytes;
	emit(c, &ev);
}

/* ------------------------------------------------------------------ */
/* Segments                                                            */
/* ------------------------------------------------------------------ */

static uint8_t
opt_bits(const struct pkt_tcp *tcp)
{
	uint8_t b = 0;

	if (tcp->opt.md5)
		b |= FLOW_OPT_MD5;
	if (tcp->opt.ao)
		b |= FLOW_OPT_AO;
	if (tcp->opt.has_mss)
		b |= FLOW_OPT_MSS;
	return b;
}

static void
side_opts(struct flow_side *sd, const struct pkt_tcp *tcp)
{
	if (tcp->opt.md5)
		sd->md5 = true;
	if (tcp->opt.ao)
		sd->ao = true;
	if (tcp->opt.has_mss) {
		sd->has_mss = true;
		sd->mss = tcp->opt.mss;
	}
}

static void
syn_event(struct flow_conn *c, enum flow_ev_type type, int i,
    const struct pkt_tcp *tcp, const struct flow_meta *meta)
{
	struct flow_event ev;

	ev_init(&ev, type, i, meta);
	ev.tcp_opt = opt_bits(tcp);
	ev.mss = tcp->opt.mss;
	ev.seq = tcp->seq;
	emit(c, &ev);
}

static void
on_payload(struct flow_conn *c, int i, const struct pkt_info *pi,
    const struct flow_meta *meta)
{
	const struct pkt_tcp *tcp = &pi->tcp;
	struct flow_side *sd = &c->side[i];
	struct flow_event ev;
	enum flow_seg_result r;
	/* Data on a SYN (TCP Fast Open, RFC 7413) starts after the SYN's
	 * own sequence number. */
	uint32_t seq = tcp->seq + ((tcp->flags & PKT_TCP_SYN) != 0);

	if (tcp->payload_len > sd->max_payload)
		sd->max_payload = tcp->payload_len;
	c->cur = i;
	c->cur_meta = *meta;
	r = flow_stream_segment(&sd->st, seq, tcp->payload,
	    tcp->payload_caplen, tcp->payload_len, meta);
	if (r != FLOW_SEG_RETRANS)
		return;
	sd->retrans++;
	ev_init(&ev, FLOW_EV_RETRANS, i, meta);
	ev.n = tcp->payload_len;
	ev.seq = tcp->seq;
	ev.len = tcp->payload_len;
	emit(c, &ev);
	if (tcp->payload_len >= BIG_SEGMENT) {
		if (sd->big_retrans == 0) {
			sd->big_end = tcp->seq + tcp->payload_len;
			sd->big_first = *meta;
		}
		sd->big_retrans++;
		sd->big_last = *meta;
		if (tcp->payload_len > sd->big_size)
			sd->big_size = tcp->payload_len;
	}
}

static int	tracker_input(struct flow_tracker *, const struct pkt_info *,
		    const struct flow_meta *, struct err *);

int
flow_tracker_input(struct flow_tracker *t, const struct pkt_info *pi,
    const struct flow_meta *meta, struct err *e)
{
	int r;

	r = tracker_input(t, pi, meta, e);
	if (r != -1 && flow_tracker_check(t, e) == -1)
		return -1;
	return r;
}

int
flow_tracker_check(const struct flow_tracker *t, struct err *e)
{
	if (t->nomem)
		return ERR(e, ERR_NOMEM, "cannot buffer a TCP stream");
	return 0;
}

static int
tracker_input(struct flow_tracker *t, const struct pkt_info *pi,
    const struct flow_meta *meta, struct err *e)
{
	const struct pkt_tcp *tcp = &pi->tcp;
	struct flow_conn *c;
	struct flow_side *sd, *od;
	struct flow_event ev;
	uint8_t fl = tcp->flags;
	uint32_t ack;
	int i, o;

	if (pi->tr != PKT_TR_TCP ||
	    (pi->net != PKT_NET_IPV4 && pi->net != PKT_NET_IPV6))
		return 0;
	if (tcp->sport != t->o.port && tcp->dport != t->o.port)
		return 0;
	if ((fl & (PKT_TCP_SYN | PKT_TCP_ACK)) == PKT_TCP_SYN)
		t->syns++;
	c = flow_tracker_find(t, &pi->ip.src, tcp->sport, &pi->ip.dst,
	    tcp->dport);

	/* a SYN: a new attempt, or the same one again */
	if ((fl & (PKT_TCP_SYN | PKT_TCP_ACK | PKT_TCP_RST)) == PKT_TCP_SYN) {
		if (c != NULL) {
			i = conn_side_of(c, &pi->ip.src, tcp->sport);
			if (!c->ended && i == c->initiator &&
			    c->side[i].has_isn && c->side[i].isn == tcp->seq) {
				c->side[i].syns++;
				side_opts(&c->side[i], tcp);
				if (tcp->opt.md5)
					c->side[i].syn_md5 = true;
				syn_event(c, FLOW_EV_SYN_RETRANS, i, tcp, meta);
				return 1;
			}
			/* a new connection on this 4-tuple */
			conn_end(t, c, FLOW_END_RST, meta, -1);
			conn_unlink(t, c);
			conn_free(c);
		}
		if ((c = conn_new(t, pi, meta, e)) == NULL)
			return -1;
		i = conn_side_of(c, &pi->ip.src, tcp->sport);
		c->initiator = i;
		c->state = FLOW_TCP_SYN_SENT;
		sd = &c->side[i];
		sd->isn = tcp->seq;
		sd->has_isn = true;
		sd->syns++;
		sd->syn_md5 = tcp->opt.md5;
		sd->syn_ao = tcp->opt.ao;
		side_opts(sd, tcp);
		flow_stream_start(&sd->st, tcp->seq + 1);
		if (pi->nvlan > 0)
			flow_session_add_vlans(c->sess, pi);
		syn_event(c, FLOW_EV_SYN, i, tcp, meta);
		if (tcp->payload_len > 0)
			on_payload(c, i, pi, meta);
		return 1;
	}
	if (c == NULL) {
		if (fl & PKT_TCP_RST)
			return 0;	/* nothing to reset that we know of */
		if ((c = conn_new(t, pi, meta, e)) == NULL)
			return -1;
		i = conn_side_of(c, &pi->ip.src, tcp->sport);
		if ((fl & (PKT_TCP_SYN | PKT_TCP_ACK)) ==
		    (PKT_TCP_SYN | PKT_TCP_ACK)) {
			/* the capture starts with the answer */
			c->initiator = 1 - i;
			c->state = FLOW_TCP_SYN_SENT;
		} else {
			c->midstream = true;
			c->state = FLOW_TCP_ESTABLISHED;
			c->tcp_up = true;
		}
	}
	i = conn_side_of(c, &pi->ip.src, tcp->sport);
	if (i < 0)
		return 0;
	o = 1 - i;
	sd = &c->side[i];
	od = &c->side[o];
	if (pi->nvlan > 0)
		flow_session_add_vlans(c->sess, pi);
	if (c->ended) {
		/* late segments of a closed connection: counted, not
		 * analyzed */
		return 1;
	}

	if ((fl & (PKT_TCP_SYN | PKT_TCP_ACK)) == (PKT_TCP_SYN | PKT_TCP_ACK)) {
		side_opts(sd, tcp);
		sd->syns++;
		if (!c->synack && i != c->initiator) {
			c->synack = true;
			c->state = FLOW_TCP_SYN_RCVD;
			sd->isn = tcp->seq;
			sd->has_isn = true;
			flow_stream_start(&sd->st, tcp->seq + 1);
			/* the SYN was not captured: the SYN-ACK acknowledges
			 * it, so the initiator's data starts at its ack (a
			 * no-op when the SYN started the stream) */
			flow_stream_start(&od->st, tcp->ack);
			syn_event(c, FLOW_EV_SYNACK, i, tcp, meta);
			if (tcp->payload_len > 0)
				on_payload(c, i, pi, meta);
		}
		return 1;
	}
	if (fl & PKT_TCP_RST) {
		sd->rsts++;
		ev_init(&ev, FLOW_EV_RST, i, meta);
		if (c->state == FLOW_TCP_SYN_SENT && i != c->initiator) {
			ev.aux = FLOW_RST_SYN;
			c->rst_on_syn = true;
		} else if (od->fins > 0 || sd->fins > 0)
			ev.aux = FLOW_RST_FIN;
		else if (c->tcp_up)
			ev.aux = FLOW_RST_ESTABLISHED;
		else
			ev.aux = FLOW_RST_OTHER;
		ev.seq = tcp->seq;
		emit(c, &ev);
		conn_end(t, c, FLOW_END_RST, meta, i);
		return 1;
	}
	side_opts(sd, tcp);
	if (c->state == FLOW_TCP_SYN_RCVD && i == c->initiator &&
	    (fl & PKT_TCP_ACK)) {
		c->state = FLOW_TCP_ESTABLISHED;
		c->tcp_up = true;
		c->up = *meta;
		ev_init(&ev, FLOW_EV_TCP_UP, i, meta);
		emit(c, &ev);
	}
	if (tcp->payload_len > 0) {
		on_payload(c, i, pi, meta);
		if (sd->st.nomem)
			t->nomem = true;
	}
	if (c->tcp_up && tcp->window == 0) {
		sd->zero_windows++;
		ev_init(&ev, FLOW_EV_ZERO_WINDOW, i, meta);
		emit(c, &ev);
	}
	if ((fl & PKT_TCP_ACK) && od->st.started) {
		ack = tcp->ack;
		if (!sd->has_ack || FLOW_SEQ_LT(sd->max_ack, ack))
			sd->max_ack = ack;
		sd->has_ack = true;
		/* a FIN takes one sequence number: do not call it a hole */
		if (od->fins > 0 && FLOW_SEQ_LT(od->st.next, ack))
			ack = od->st.next;
		c->cur = o;
		flow_stream_ack(&od->st, ack, meta);
		if (od->st.nomem)
			t->nomem = true;
	}
	if ((fl & PKT_TCP_FIN) && sd->fins == 0) {
		sd->fins++;
		if (c->state == FLOW_TCP_ESTABLISHED)
			c->state = FLOW_TCP_CLOSING;
		ev_init(&ev, FLOW_EV_FIN, i, meta);
		emit(c, &ev);
		/* a FIN ends the BGP session on this connection */
		bgp_down(c, meta, i, FLOW_DOWN_FIN);
		if (od->fins > 0)	/* o closed first */
			conn_end(t, c, FLOW_END_FIN, meta, o);
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */
/* ------------------------------------------------------------------ */

struct flow_tracker *
flow_tracker_new(const struct flow_tracker_opts *o, struct err *e)
{
	struct flow_tracker *t;

	if ((t = erw_calloc(1, sizeof(*t))) == NULL) {
		ERR(e, ERR_NOMEM, "cannot allocate the flow tracker");
		return NULL;
	}
	t->o = *o;
	if (t->o.port == 0)
		t->o.port = BGP_PORT;
	return t;
}

void
flow_tracker_finish(struct flow_tracker *t, const struct flow_meta *meta)
{
	struct flow_conn *c, *nx;

	for (c = t->lhead; c != NULL; c = c->lnext)
		conn_end(t, c, FLOW_END_CAPTURE, meta, -1);
	for (c = t->lhead; c != NULL; c = nx) {
		nx = c->lnext;
		conn_free(c);
	}
	memset(t->ctab, 0, sizeof(t->ctab));
	t->lhead = t->ltail = NULL;
	t->nconns = t->nclosed = 0;
}

struct flow_session *
flow_tracker_detach_sessions(struct flow_tracker *t)
{
	struct flow_session *s = t->shead;

	memset(t->stab, 0, sizeof(t->stab));
	t->shead = t->stail = NULL;
	t->nsess = 0;
	return s;
}

void
flow_tracker_free(struct flow_tracker *t)
{
	struct flow_session *s, *nx;
	struct flow_conn *c, *cn;

	if (t == NULL)
		return;
	/* no events from here: the caller may be gone */
	for (c = t->lhead; c != NULL; c = cn) {
		cn = c->lnext;
		conn_free(c);
	}
	for (s = t->shead; s != NULL; s = nx) {
		nx = s->lnext;
		flow_session_free(s);
	}
	free(t);
}
