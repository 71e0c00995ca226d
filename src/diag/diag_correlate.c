/*
 * Cross-evidence conclusions: what the circuit export, the router's
 * outputs and the captures say about the same session, set side by side.
 *
 * Data flow: the analyzers' findings and facts (analyzer.h) in, new
 * findings appended.  The order matters: first the clocks (the same
 * session events in two inputs give the shift between them), then the
 * drops against the link outages on the aligned clocks, then the
 * configuration the wire shows (addresses, VLAN tags, ASNs) against the
 * peering the export describes, then the sessions' states where two
 * inputs overlap in time.
 *
 * The peering's rules are ExpressRoute's: each path has a /30 (a /126
 * for IPv6), on-premises takes the first usable address and Microsoft
 * the second; the vlanId is the C-tag (with QinQ the provider's S-tag is
 * outside it); Microsoft's AS is 12076 unless the export says otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "diag_correlate.h"
#include "diag_router.h"

#define AZURE_ASN	12076u	/* ExpressRoute's, when no azureASN */

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static bool
source_is(const char *src, const char *name)
{
	return src != NULL && strcmp(src, name) == 0;
}

static bool
addr_known(const struct net_addr *a)
{
	return a->family != NET_AF_NONE;
}

/* The input a finding's first evidence names, "" when none. */
static const char *
finding_input(const struct finding *f)
{
	return f->nev > 0 ? f->ev[0].input : "";
}

static bool
from_capture(const struct finding *f)
{
	return f->nev > 0 && f->ev[0].kind == EV_FRAME;
}

/* Copy up to max of src's evidence into f (f may be NULL). */
static void
cite_ev(struct finding *f, const struct finding *src, unsigned max)
{
	unsigned i;

	for (i = 0; f != NULL && i < src->nev && i < max &&
	    f->nev < LIMIT_EVIDENCE_PER_FINDING; i++)
		f->ev[f->nev++] = src->ev[i];
}

/* "12 s", "1 h 00 min": a shift or a delay, sign dropped. */
static void
duration(usec_t d, char *buf, size_t len)
{
	/* to the nearest second: a log stamp of 12:00:00 against a packet
	 * at 11:59:59.9 is a second, not none */
	diag_duration_text((d < 0 ? -d : d) + USEC_PER_SEC / 2, buf, len);
}

/* ------------------------------------------------------------------ */
/* Clocks                                                              */
/* ------------------------------------------------------------------ */

struct clock_off {
	char		 a[EVIDENCE_REL_MAX];
	char		 b[EVIDENCE_REL_MAX];
	usec_t		 d;		/* b's clock reads a's + d */
};

struct clocks {
	size_t		 n;
	struct clock_off v[CORRELATE_MAX_INPUTS * CORRELATE_MAX_INPUTS / 2];
};

/* The shift to add to a time on input from's clock to read it on input
 * to's; 0 when unknown (the clocks are then taken as agreeing). */
static usec_t
clock_shift(const struct clocks *c, const char *from, const char *to)
{
	size_t i;

	for (i = 0; c != NULL && i < c->n; i++) {
		if (strcmp(c->v[i].a, from) == 0 && strcmp(c->v[i].b, to) == 0)
			return c->v[i].d;
		if (strcmp(c->v[i].b, from) == 0 && strcmp(c->v[i].a, to) == 0)
			return -c->v[i].d;
	}
	return 0;
}

/* Does one event's peer pair name the other's?  Router logs know only
 * the neighbor, captures both ends, in either order. */
static bool
events_same_peer(const struct fact_clock_event *x, const struct fact_clock_event *y)
{
	if (net_addr_eq(&x->peer, &y->peer))
		return true;
	if (addr_known(&x->local) && net_addr_eq(&x->local, &y->peer))
		return true;
	if (addr_known(&y->local) && net_addr_eq(&x->peer, &y->local))
		return true;
	return false;
}

struct diff {
	usec_t		 d;
	size_t		 ia;	/* the event of input a */
};

static int
by_diff(const void *p, const void *q)
{
	const struct diff *x = p, *y = q;

	return x->d < y->d ? -1 : x->d > y->d;
}

/* Event indices of input name, the first CORRELATE_MAX_EVENTS_PER_INPUT. */
static size_t
input_events(const struct diag_facts *facts, const char *name, size_t *idx)
{
	size_t i, n = 0;

	for (i = 0; i < facts->nclock &&
	    n < CORRELATE_MAX_EVENTS_PER_INPUT; i++)
		if (strcmp(facts->clock[i].input, name) == 0)
			idx[n++] = i;
	return n;
}

/*
 * The shift between inputs a and b: every pair of like events of one peer
 * proposes one (b's stamp minus a's); the densest window of proposals no
 * wider than twice CORRELATE_MATCH_TOL is the shift, when it holds at
 * least two of a's events and half of those the smaller side could
 * match.  Returns the number of events matched (0: no shift found) and
 * the shift (their mean) in *d.
 */
static size_t
find_shift(const struct diag_facts *facts, const size_t *ia, size_t na,
    const size_t *ib, size_t nb, struct diff *dv, usec_t *d)
{
	size_t i, j, n = 0, lo, best_n = 0, distinct, k;
	usec_t best_abs = 0;
	bool seen[CORRELATE_MAX_EVENTS_PER_INPUT];
	size_t paired_a = 0;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++) {
			const struct fact_clock_event *x = &facts->clock[ia[i]];
			const struct fact_clock_event *y = &facts->clock[ib[j]];
			usec_t dd = y->t - x->t;

			if (x->kind != y->kind || !events_same_peer(x, y) ||
			    dd > CORRELATE_OFFSET_MAX ||
			    dd < -CORRELATE_OFFSET_MAX)
				continue;
			dv[n].d = dd;
			dv[n].ia = i;
			n++;
			if (!seen[i]) {
				seen[i] = true;
				paired_a++;
			}
		}
	if (n == 0)
		return 0;
	qsort(dv, n, sizeof(*dv), by_diff);
	for (lo = 0, i = 0; i < n; i++) {
		usec_t mid, abs_mid;

		while (dv[i].d - dv[lo].d > 2 * CORRELATE_MATCH_TOL)
			lo++;
		/* a's events in the window, each once */
		memset(seen, 0, sizeof(seen));
		for (distinct = 0, k = lo; k <= i; k++)
			if (!seen[dv[k].ia]) {
				seen[dv[k].ia] = true;
				distinct++;
			}
		/* the mean: log stamps cut to the second lag by up to one,
		 * and the mean of several lands nearer the true shift */
		for (mid = 0, k = lo; k <= i; k++)
			mid += dv[k].d;
		mid /= (usec_t)(i - lo + 1);
		abs_mid = mid < 0 ? -mid : mid;
		if (distinct > best_n || (distinct == best_n &&
		    abs_mid < best_abs)) {
			best_n = distinct;
			best_abs = abs_mid;
			*d = mid;
		}
	}
	/* One event in both is a coincidence as much as a shift; and the
	 * shift must explain most of what could pair. */
	if (best_n < 2 || 2 * best_n < (paired_a < nb ? paired_a : nb))
		return 0;
	return best_n;
}

static void
clock_offset_finding(struct finding_list *l, const struct diag_facts *facts,
    const char *a, const char *b, usec_t d, size_t matched,
    const size_t *ia, size_t na, const size_t *ib, size_t nb)
{
	char off[32];
	struct finding *f;
	size_t i, j;

	duration(d, off, sizeof(off));
	f = finding_add(l, FC_CLOCK_OFFSET, "%s's clock is %s %s %s's (%zu "
	    "session events seen in both)", b, off, d > 0 ? "ahead of" :
	    "behind", a, matched);
	if (f == NULL)
		return;
	/* the first event matched on each side, as the proof */
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++) {
			const struct fact_clock_event *x = &facts->clock[ia[i]];
			const struct fact_clock_event *y = &facts->clock[ib[j]];
			usec_t r = y->t - x->t - d;

			if (x->kind != y->kind || !events_same_peer(x, y) ||
			    r > CORRELATE_MATCH_TOL || r < -CORRELATE_MATCH_TOL)
				continue;
			if (source_is(x->source, "capture"))
				finding_ev_frame(f, x->input, x->unit, x->t);
			else
				finding_ev_line(f, x->input, x->unit);
			if (source_is(y->source, "capture"))
				finding_ev_frame(f, y->input, y->unit, y->t);
			else
				finding_ev_line(f, y->input, y->unit);
			finding_subj_peers(f, &x->local, 0, &x->peer, 0);
			finding_subj_span(f, x->t, x->t);
			finding_subj_object(f, "clock", b);
			return;
		}
}

/* Measure the shift between every two inputs with timed events. */
static void
align_clocks(struct finding_list *l, const struct diag_facts *facts,
    struct clocks *c)
{
	const char *inputs[CORRELATE_MAX_INPUTS];
	size_t ia[CORRELATE_MAX_EVENTS_PER_INPUT];
	size_t ib[CORRELATE_MAX_EVENTS_PER_INPUT];
	size_t ninputs = 0, i, j, na, nb, m;
	int pass;
	struct diff *dv;
	usec_t d = 0;

	/* Captures first: their stamps come from a host's clock, usually
	 * kept by NTP, so the shift is told as the other input's. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < facts->nclock; i++) {
			if (source_is(facts->clock[i].source, "capture") !=
			    (pass == 0))
				continue;
			for (j = 0; j < ninputs; j++)
				if (strcmp(inputs[j], facts->clock[i].input) ==
				    0)
					break;
			if (j == ninputs && ninputs < CORRELATE_MAX_INPUTS)
				inputs[ninputs++] = facts->clock[i].input;
		}
	if (ninputs < 2)
		return;
	dv = erw_calloc((size_t)CORRELATE_MAX_EVENTS_PER_INPUT *
	    CORRELATE_MAX_EVENTS_PER_INPUT, sizeof(*dv));
	if (dv == NULL) {
		/* without the shifts, later joins could be wrong */
		l->nomem = true;
		return;
	}
	for (i = 0; i < ninputs; i++)
		for (j = i + 1; j < ninputs; j++) {
			na = input_events(facts, inputs[i], ia);
			nb = input_events(facts, inputs[j], ib);
			m = find_shift(facts, ia, na, ib, nb, dv, &d);
			if (m == 0)
				continue;
			/* within the stamps' resolution: the same clock */
			if (d < CORRELATE_OFFSET_MIN &&
			    d > -CORRELATE_OFFSET_MIN)
				d = 0;
			if (c->n < sizeof(c->v) / sizeof(c->v[0])) {
				str_copy(c->v[c->n].a, inputs[i],
				    sizeof(c->v[0].a));
				str_copy(c->v[c->n].b, inputs[j],
				    sizeof(c->v[0].b));
				c->v[c->n].d = d;
				c->n++;
			}
			if (d != 0)
				clock_offset_finding(l, facts, inputs[i],
				    inputs[j], d, m, ia, na, ib, nb);
		}
	free(dv);
}

/* ------------------------------------------------------------------ */
/* Session drops inside link outages                                   */
/* ------------------------------------------------------------------ */

static bool
is_drop(enum finding_code c)
{
	switch (c) {
	case FC_BGP_HOLD_TIMER_EXPIRED:
	case FC_BGP_KEEPALIVE_GAP:
	case FC_BGP_SESSION_FLAP:
	case FC_BGP_SESSION_SUPERSEDED:
	case FC_BGP_NOTIFICATION:
	case FC_TCP_RST_ESTABLISHED:
	case FC_ROUTER_NOTIFICATION:
	case FC_ROUTER_FLAPS:
	case FC_ROUTER_BGP_NOT_ESTABLISHED:
		return true;
	default:
		return false;
	}
}

static bool
is_link(enum finding_code c)
{
	return c == FC_CARRIER_LINK_DOWN || c == FC_ROUTER_LINK_DOWN;
}

/* Does the drop (its end, shifted onto the link's clock) fall within the
 * outage, or soon enough after it began? */
static bool
drop_in_outage(usec_t drop_at, const struct finding_subject *link)
{
	usec_t from = link->from - CORRELATE_CLOCK_SLACK;
	usec_t to = link->to + CORRELATE_CLOCK_SLACK;

	if (to < link->from + CORRELATE_DROP_AFTER_LINK)
		to = link->from + CORRELATE_DROP_AFTER_LINK;
	return drop_at >= from && drop_at <= to;
}

static void
outage_at_drop(struct finding_list *l, size_t di, size_t li, usec_t shift)
{
	struct finding drop = l->v[di], link = l->v[li];
	char peer[2 * NET_ADDR_STRLEN + 8], a[NET_ADDR_STRLEN];
	char tbuf[40], delay[32], sh[32], aligned[EVIDENCE_REL_MAX + 64];
	struct finding *f;
	usec_t d, at = drop.subject.to + shift;

	/* Copies: finding_add() may move the list. */
	if (drop.subject.peer.family != NET_AF_NONE)
		snprintf(peer, sizeof(peer), "%s",
		    net_addr_str(&drop.subject.peer, a));
	else if (drop.group[0] != '\0')
		snprintf(peer, sizeof(peer), "%.*s", (int)sizeof(peer) - 1,
		    drop.group);
	else
		snprintf(peer, sizeof(peer), "(peer unknown)");
	d = at - link.subject.from;
	/* Within the clocks' slack before the outage: say so, not "-3 s". */
	if (d < 0)
		str_copy(delay, "just before", sizeof(delay));
	else {
		diag_duration_text(d, delay, sizeof(delay));
		str_copy(delay + strlen(delay), " after",
		    sizeof(delay) - strlen(delay));
	}
	aligned[0] = '\0';
	if (shift != 0) {
		duration(shift, sh, sizeof(sh));
		snprintf(aligned, sizeof(aligned), "; %s's clock taken %s %s",
		    finding_input(&drop), sh, shift > 0 ? "behind" : "ahead");
	}
	f = finding_add(l, FC_LINK_OUTAGE_AT_DROP,
	    "session %s dropped at %s, %s %s went down (%s, %s%s)", peer,
	    time_iso(at, tbuf, sizeof(tbuf)), delay,
	    link.subject.object, link.code == FC_CARRIER_LINK_DOWN ?
	    "the carrier's log" : "the router's log",
	    finding_def(drop.code)->code, aligned);
	if (f == NULL)
		return;
	f->subject = drop.subject;
	f->subject.from = link.subject.from;
	f->subject.to = at;
	f->subject.has_span = true;
	if (f->subject.to < f->subject.from)
		f->subject.to = f->subject.from;
	str_copy(f->subject.object_kind, "link",
	    sizeof(f->subject.object_kind));
	str_copy(f->subject.object, link.subject.object,
	    sizeof(f->subject.object));
	str_copy(f->group, drop.group, sizeof(f->group));
	cite_ev(f, &drop, LIMIT_EVIDENCE_PER_FINDING / 2);
	cite_ev(f, &link, LIMIT_EVIDENCE_PER_FINDING);
}

/* Is this drop's outage already told, by another finding of the same
 * moment (a silence seen from both sides is one drop)? */
static bool
outage_told(const struct finding_list *l, size_t n, const struct finding *drop,
    const struct finding *link, usec_t at)
{
	size_t i;

	for (i = n; i < l->n; i++)
		if (l->v[i].code == FC_LINK_OUTAGE_AT_DROP &&
		    l->v[i].subject.to == at &&
		    l->v[i].subject.from == link->subject.from &&
		    strcmp(l->v[i].subject.object, link->subject.object) == 0 &&
		    finding_subject_same_peers(&l->v[i].subject,
		    &drop->subject))
			return true;
	return false;
}

static void
drops_in_outages(struct finding_list *l, size_t n, const struct clocks *c)
{
	size_t i, j;
	usec_t shift;

	for (i = 0; i < n; i++) {
		if (!is_drop(l->v[i].code) || !l->v[i].subject.has_span)
			continue;
		for (j = 0; j < n; j++) {
			if (!is_link(l->v[j].code) || !l->v[j].subject.has_span)
				continue;
			shift = clock_shift(c, finding_input(&l->v[i]),
			    finding_input(&l->v[j]));
			if (!drop_in_outage(l->v[i].subject.to + shift,
			    &l->v[j].subject))
				continue;
			if (!outage_told(l, n, &l->v[i], &l->v[j],
			    l->v[i].subject.to + shift))
				outage_at_drop(l, i, j, shift);
			break;	/* one outage explains a drop */
		}
	}
}

/* ------------------------------------------------------------------ */
/* Session drops inside the monitor's outages                          */
/* ------------------------------------------------------------------ */

/* The monitor's side of the join: an endpoint's outage, or the cloud's
 * BgpAvailability below 100%. */
static bool
is_monitor_down(enum finding_code c)
{
	return c == FC_MONITOR_OUTAGE || c == FC_MONITOR_CLOUD_BGP_DOWN;
}

static void
monitor_at_drop(struct finding_list *l, size_t di, size_t mi, usec_t at)
{
	struct finding drop = l->v[di], mon = l->v[mi];
	char peer[NET_ADDR_STRLEN], a[40], b[40], t[40];
	struct finding *f;

	/* Copies: finding_add() may move the list. */
	net_addr_str(&mon.subject.peer, peer);
	f = finding_add(l, FC_MONITOR_OUTAGE_AT_DROP, "%s's outage from %s "
	    "to %s covers session %s's drop at %s (%s, %s)",
	    mon.subject.object[0] ? mon.subject.object : "the monitor",
	    time_iso(mon.subject.from, a, sizeof(a)),
	    time_iso(mon.subject.to, b, sizeof(b)), peer,
	    time_iso(at, t, sizeof(t)), finding_input(&drop),
	    finding_def(drop.code)->code);
	if (f == NULL)
		return;
	f->subject = drop.subject;
	f->subject.has_span = true;
	f->subject.from = mon.subject.from < at ? mon.subject.from : at;
	f->subject.to = mon.subject.to > at ? mon.subject.to : at;
	str_copy(f->subject.object_kind, mon.subject.object_kind,
	    sizeof(f->subject.object_kind));
	str_copy(f->subject.object, mon.subject.object,
	    sizeof(f->subject.object));
	str_copy(f->group, drop.group, sizeof(f->group));
	cite_ev(f, &drop, LIMIT_EVIDENCE_PER_FINDING / 2);
	cite_ev(f, &mon, LIMIT_EVIDENCE_PER_FINDING);
}

/* Is a drop at this moment already told against the same outage (the
 * hold timer's expiry and the silence before it are one drop)? */
static bool
monitor_told(const struct finding_list *l, size_t n, const struct finding *m,
    usec_t at)
{
	size_t k;

	for (k = n; k < l->n; k++)
		if (l->v[k].code == FC_MONITOR_OUTAGE_AT_DROP &&
		    strcmp(l->v[k].subject.object, m->subject.object) == 0 &&
		    l->v[k].subject.from <= at && l->v[k].subject.to >= at)
			return true;
	return false;
}

static void
drops_in_monitor(struct finding_list *l, size_t n, const struct clocks *c)
{
	size_t i, j;
	usec_t at;

	for (i = 0; i < n; i++) {
		const struct finding *d = &l->v[i];

		if (!is_drop(d->code) || !d->subject.has_span ||
		    !addr_known(&d->subject.peer))
			continue;
		for (j = 0; j < n; j++) {
			const struct finding *m = &l->v[j];

			/* a capture names the pair in the sender's order:
			 * the monitored peer may be either end */
			if (!is_monitor_down(m->code) || !m->subject.has_span ||
			    !addr_known(&m->subject.peer) ||
			    (!net_addr_eq(&m->subject.peer, &d->subject.peer) &&
			    !net_addr_eq(&m->subject.peer, &d->subject.local)))
				continue;
			at = d->subject.to + clock_shift(c, finding_input(d),
			    finding_input(m));
			if (at < m->subject.from - CORRELATE_MONITOR_SLACK ||
			    at > m->subject.to + CORRELATE_MONITOR_SLACK)
				continue;
			if (!monitor_told(l, n, m, at))
				monitor_at_drop(l, i, j, at);
			break;	/* one outage tells a drop */
		}
	}
}

/* ------------------------------------------------------------------ */
/* The peering as the export describes it                              */
/* ------------------------------------------------------------------ */

#define MAX_PATHS	4	/* a circuit's two, a peering export's two */

struct path_ref {
	const struct fact_peer	*fp;	/* the circuit's fact */
	struct net_prefix	 pfx;	/* its /30 or /126 */
	uint32_t		 azure_as;
	uint32_t		 peer_as;	/* 0 when not exported */
};

struct peering {
	size_t		 n;
	struct path_ref	 v[MAX_PATHS];
	char		 name[160];	/* "circuit erc-x" or the file */
};

static void
peering_load(struct peering *pg, const struct diag_facts *facts)
{
	size_t i, k;

	memset(pg, 0, sizeof(*pg));
	for (i = 0; i < facts->npeers && pg->n < MAX_PATHS; i++) {
		const struct fact_peer *fp = &facts->peers[i];
		struct path_ref *r;

		if (!source_is(fp->source, "circuit") ||
		    !addr_known(&fp->local) || fp->path == PATH_UNKNOWN)
			continue;
		/* the circuit's and a peering export's view of one path:
		 * the first (the circuit's: its stage reads it first) */
		for (k = 0; k < pg->n; k++)
			if (pg->v[k].fp->path == fp->path)
				break;
		if (k < pg->n)
			continue;
		r = &pg->v[pg->n++];
		r->fp = fp;
		r->pfx.addr = fp->local;
		r->pfx.len = fp->local.family == NET_AF_INET ? 30 : 126;
		/* host bits off, for printing */
		r->pfx.addr.a[r->pfx.len / 8] &= (uint8_t)(0xff <<
		    (8 - r->pfx.len % 8));
		r->azure_as = fp->peer_as != 0 ? fp->peer_as : AZURE_ASN;
		r->peer_as = fp->local_as;
	}
	if (pg->n == 0)
		return;
	if (facts->circuit.known && facts->circuit.name[0] != '\0')
		snprintf(pg->name, sizeof(pg->name), "circuit %.*s",
		    (int)sizeof(pg->name) - 9, facts->circuit.name);
	else
		snprintf(pg->name, sizeof(pg->name), "%.*s",
		    (int)sizeof(pg->name) - 1, pg->v[0].fp->input);
}

/* The path whose /30 holds a or b (either may be unknown); NULL. */
static const struct path_ref *
path_of(const struct peering *pg, const struct net_addr *a,
    const struct net_addr *b)
{
	size_t k;

	for (k = 0; k < pg->n; k++)
		if ((a != NULL && net_prefix_contains(&pg->v[k].pfx, a)) ||
		    (b != NULL && net_prefix_contains(&pg->v[k].pfx, b)))
			return &pg->v[k];
	return NULL;
}

static bool
peering_has_family(const struct peering *pg, uint8_t family)
{
	size_t k;

	for (k = 0; k < pg->n; k++)
		if (pg->v[k].fp->local.family == family)
			return true;
	return false;
}

/* Evidence of the peering's side: where its prefix is in the export. */
static void
ev_peering(struct finding *f, const struct path_ref *r, const char *what)
{
	char ptr[192];
	const char *key = strcmp(what, "vlan") == 0 ? "vlanId" :
	    strcmp(what, "peer_as") == 0 ? "peerASN" :
	    strcmp(what, "azure_as") == 0 ? "azureASN" :
	    r->fp->path == PATH_PRIMARY ? "primaryPeerAddressPrefix" :
	    "secondaryPeerAddressPrefix";

	if (f == NULL)
		return;
	if (r->fp->where[0] != '\0' || r->fp->input[0] != '\0') {
		snprintf(ptr, sizeof(ptr), "%s/%s", r->fp->where, key);
		finding_ev_json(f, r->fp->input, ptr);
	}
}

/* ------------------------------------------------------------------ */
/* Peer addresses                                                      */
/* ------------------------------------------------------------------ */

/* One use of two addresses for the session, as some evidence shows it. */
struct addr_obs {
	struct net_addr		 local;	/* unknown for a router's neighbor */
	struct net_addr		 peer;
	bool			 ordered;	/* local is the on-premises
						   side (ARP asker, router) */
	uint32_t		 local_as, peer_as;	/* captures' OPENs */
	const char		*source;	/* "capture", "router output" */
	const char		*input;
	const char		*what;		/* "ARP", "BGP session",
						   "neighbor" */
	const struct finding	*f;	/* the finding it came from, NULL */
	uint64_t		 unit;
};

/* Already reported for this input and pair? */
struct seen_list {
	size_t		 n;
	struct {
		char		 input[EVIDENCE_REL_MAX];
		struct net_addr	 a, b;
		unsigned	 what;
	}		 v[128];
};

static bool
seen_check(struct seen_list *s, const char *input, const struct net_addr *a,
    const struct net_addr *b, unsigned what)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].what == what && strcmp(s->v[i].input, input) == 0 &&
		    ((net_addr_eq(&s->v[i].a, a) && net_addr_eq(&s->v[i].b,
		    b)) || (net_addr_eq(&s->v[i].a, b) &&
		    net_addr_eq(&s->v[i].b, a))))
			return true;
	if (s->n < sizeof(s->v) / sizeof(s->v[0])) {
		str_copy(s->v[s->n].input, input, sizeof(s->v[0].input));
		s->v[s->n].a = *a;
		s->v[s->n].b = *b;
		s->v[s->n].what = what;
		s->n++;
	}
	return false;
}

/*
 * How the observed pair differs from the path's (on-premises O, Microsoft
 * M) into how; false when it is the pair.  An unordered pair is judged
 * swapped only when its ASNs say which side is Microsoft's.
 */
static bool
addr_judge(const struct addr_obs *o, const struct path_ref *r, char *how,
    size_t len)
{
	const struct net_addr *O = &r->fp->local, *M = &r->fp->peer;
	const struct net_addr *ms = NULL, *op = NULL;
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN];

	if (o->ordered) {
		op = addr_known(&o->local) ? &o->local : NULL;
		ms = &o->peer;
	} else if (!addr_known(&o->local)) {
		/* the MSEE's own output: its neighbor is on-premises */
		if (net_addr_eq(&o->peer, O))
			return false;
		snprintf(how, len, "the on-premises neighbor %s is not %s%s",
		    net_addr_str(&o->peer, a), net_addr_str(O, b),
		    net_addr_eq(&o->peer, M) ? " (swapped)" : "");
		return true;
	} else if (o->peer_as == r->azure_as && o->local_as != r->azure_as) {
		ms = &o->peer;
		op = &o->local;
	} else if (o->local_as == r->azure_as && o->peer_as != r->azure_as) {
		ms = &o->local;
		op = &o->peer;
	}
	if (ms != NULL) {
		if ((op == NULL || net_addr_eq(op, O)) && net_addr_eq(ms, M))
			return false;
		if (net_addr_eq(ms, O) && (op == NULL || net_addr_eq(op, M))) {
			snprintf(how, len, "swapped: %s is on-premises' "
			    "address and %s Microsoft's", net_addr_str(O, a),
			    net_addr_str(M, b));
			return true;
		}
		if (!net_addr_eq(ms, M))
			snprintf(how, len, "the Microsoft side %s is not %s%s",
			    net_addr_str(ms, a), net_addr_str(M, b),
			    net_prefix_contains(&r->pfx, ms) ? "" :
			    " (outside the /30)");
		else
			snprintf(how, len, "the on-premises side %s is not "
			    "%s%s", net_addr_str(op, a), net_addr_str(O, b),
			    net_prefix_contains(&r->pfx, op) ? "" :
			    " (outside the /30)");
		return true;
	}
	/* roles unknown: the pair, in either order */
	if ((net_addr_eq(&o->local, O) && net_addr_eq(&o->peer, M)) ||
	    (net_addr_eq(&o->local, M) && net_addr_eq(&o->peer, O)))
		return false;
	if (net_addr_eq(&o->local, O) || net_addr_eq(&o->peer, O))
		snprintf(how, len, "%s is not Microsoft's address %s",
		    net_addr_str(net_addr_eq(&o->local, O) ? &o->peer :
		    &o->local, a), net_addr_str(M, b));
	else if (net_addr_eq(&o->local, M) || net_addr_eq(&o->peer, M))
		snprintf(how, len, "%s is not the on-premises address %s",
		    net_addr_str(net_addr_eq(&o->local, M) ? &o->peer :
		    &o->local, a), net_addr_str(O, b));
	else
		snprintf(how, len, "neither is one of the pair");
	return true;
}

static void
addr_finding(struct finding_list *l, const struct peering *pg,
    const struct addr_obs *o, const struct path_ref *r, const char *how)
{
	char lo[NET_ADDR_STRLEN], pe[NET_ADDR_STRLEN], pfx[NET_PREFIX_STRLEN];
	char O[NET_ADDR_STRLEN], M[NET_ADDR_STRLEN], path[64];
	const struct finding *src = o->f;
	struct finding *f;
	size_t k;

	char use[2 * NET_ADDR_STRLEN + 32];

	net_addr_str(&o->local, lo);
	net_addr_str(&o->peer, pe);
	if (!addr_known(&o->local))
		snprintf(use, sizeof(use), "neighbor %s", pe);
	else if (strcmp(o->what, "ARP") == 0)
		snprintf(use, sizeof(use), "ARP from %s for %s", lo, pe);
	else
		snprintf(use, sizeof(use), "BGP session %s - %s", lo, pe);
	if (r != NULL) {
		snprintf(path, sizeof(path), "%s path's /30",
		    path_role_name(r->fp->path));
		net_prefix_str(&r->pfx, pfx);
		net_addr_str(&r->fp->local, O);
		net_addr_str(&r->fp->peer, M);
		f = finding_add(l, FC_PEER_ADDR_NOT_PEERING, "%s %s: %s, but "
		    "the %s %s gives on-premises %s and Microsoft %s (%s): %s",
		    o->source, o->input, use, path, pfx, O, M, pg->name, how);
	} else {
		char all[2 * NET_PREFIX_STRLEN + 16];

		all[0] = '\0';
		for (k = 0; k < pg->n; k++) {
			size_t used = strlen(all);

			snprintf(all + used, sizeof(all) - used, "%s%s",
			    k > 0 ? ", " : "", net_prefix_str(&pg->v[k].pfx,
			    pfx));
		}
		f = finding_add(l, FC_PEER_ADDR_NOT_PEERING, "%s %s: %s, "
		    "outside the peering's /30s %s (%s)", o->source, o->input,
		    use, all, pg->name);
	}
	if (f == NULL)
		return;
	if (src != NULL) {
		cite_ev(f, src, LIMIT_EVIDENCE_PER_FINDING - 2);
		f->subject = src->subject;
		str_copy(f->group, src->group, sizeof(f->group));
	} else
		finding_ev_note(f, o->input, "%s", use);
	if (src == NULL)
		finding_subj_peers(f, &o->local, 0, &o->peer, 0);
	if (r != NULL) {
		ev_peering(f, r, "prefix");
		f->subject.path = r->fp->path;
	} else
		for (k = 0; k < pg->n; k++)
			ev_peering(f, &pg->v[k], "prefix");
	finding_subj_object(f, "peering", pg->v[0].fp->input);
}

/*
 * Judge o against the peering.  Outside both /30s, outside_ok says
 * whether it still speaks of this peering (a router lists iBGP peers and
 * other circuits too; a trunk carries other hosts' ARP).
 */
static void
addr_check(struct finding_list *l, const struct peering *pg,
    const struct addr_obs *o, bool outside_ok, struct seen_list *seen)
{
	const struct path_ref *r;
	char how[192];

	if (!peering_has_family(pg, o->peer.family))
		return;
	r = path_of(pg, addr_known(&o->local) ? &o->local : NULL, &o->peer);
	if (r == NULL) {
		if (outside_ok && !seen_check(seen, o->input, &o->local,
		    &o->peer, 1))
			addr_finding(l, pg, o, NULL, NULL);
		return;
	}
	if (addr_judge(o, r, how, sizeof(how)) &&
	    !seen_check(seen, o->input, &o->local, &o->peer, 1))
		addr_finding(l, pg, o, r, how);
}

/* Did input see the session between a and b (b alone: a router's
 * neighbor) Established? */
static bool
session_up(const struct diag_facts *facts, const char *input,
    const struct net_addr *a, const struct net_addr *b)
{
	size_t i;

	for (i = 0; i < facts->nsessions; i++) {
		const struct fact_session *s = &facts->sessions[i];

		if (!s->established || strcmp(s->input, input) != 0)
			continue;
		if (net_addr_eq(&s->peer, b) || net_addr_eq(&s->local, b) ||
		    (addr_known(a) && (net_addr_eq(&s->peer, a) ||
		    net_addr_eq(&s->local, a))))
			return true;
	}
	return false;
}

/* Does input hold a BGP session (a capture's peer fact)? */
static bool
input_has_session(const struct diag_facts *facts, const char *input)
{
	size_t i;

	for (i = 0; i < facts->npeers; i++)
		if (source_is(facts->peers[i].source, "capture") &&
		    strcmp(facts->peers[i].input, input) == 0)
			return true;
	return false;
}

static void
peer_addresses(struct finding_list *l, size_t n, const struct diag_facts *facts,
    const struct peering *pg, struct seen_list *seen)
{
	struct addr_obs o;
	size_t i;

	/* the BGP sessions captures and routers show */
	for (i = 0; i < facts->npeers; i++) {
		const struct fact_peer *fp = &facts->peers[i];
		bool cap = source_is(fp->source, "capture");

		if ((!cap && !source_is(fp->source, "router")) ||
		    !addr_known(&fp->peer))
			continue;
		memset(&o, 0, sizeof(o));
		o.local = fp->local;
		o.peer = fp->peer;
		o.local_as = fp->local_as;
		o.peer_as = fp->peer_as;
		o.source = cap ? "capture" : "router output";
		o.what = cap ? "BGP session" : "neighbor";
		o.input = fp->input;
		if (cap && !addr_known(&o.local))
			continue;
		/* a router's neighbor is the Microsoft side, unless the
		 * router speaks Microsoft's AS itself (the MSEE's own
		 * output, as a testbed records it) */
		if (!cap && !(fp->local_as == pg->v[0].azure_as &&
		    fp->peer_as != pg->v[0].azure_as))
			o.ordered = true;
		/* Outside the /30s, only a session with Microsoft's AS that
		 * did not come up is this peering's, misaddressed; one that
		 * is up is of another circuit, any other AS another peer. */
		addr_check(l, pg, &o, (fp->peer_as == pg->v[0].azure_as ||
		    fp->local_as == pg->v[0].azure_as) &&
		    !session_up(facts, fp->input, &fp->local, &fp->peer), seen);
	}
	/* an unanswered ARP: the asker and the address it wants; outside
	 * the /30s it only speaks for a capture that holds no session (a
	 * trunk may carry other hosts' ARP) */
	for (i = 0; i < n; i++) {
		struct finding src;

		if (l->v[i].code != FC_ARP_UNANSWERED ||
		    !from_capture(&l->v[i]) ||
		    !addr_known(&l->v[i].subject.local) ||
		    !addr_known(&l->v[i].subject.peer))
			continue;
		/* a copy: adding a finding may move the list */
		src = l->v[i];
		memset(&o, 0, sizeof(o));
		o.local = src.subject.local;
		o.peer = src.subject.peer;
		o.ordered = true;
		o.source = "capture";
		o.what = "ARP";
		o.input = finding_input(&src);
		o.f = &src;
		addr_check(l, pg, &o, !input_has_session(facts, o.input), seen);
	}
}

/* ------------------------------------------------------------------ */
/* VLAN tags                                                           */
/* ------------------------------------------------------------------ */

static void
vlan_tags(const struct finding_subject *s, char *buf, size_t len)
{
	if (s->inner_vlan != 0)
		snprintf(buf, len, "S-tag %u / C-tag %u", s->vlan,
		    s->inner_vlan);
	else
		snprintf(buf, len, "802.1Q tag %u", s->vlan);
}

static void
vlans(struct finding_list *l, size_t n, const struct peering *pg,
    struct seen_list *seen)
{
	char tags[48], who[2 * NET_ADDR_STRLEN + 8], a[NET_ADDR_STRLEN];
	char b[NET_ADDR_STRLEN];
	const struct path_ref *r;
	struct net_addr ta, tb;
	struct finding *f;
	size_t i;

	for (i = 0; i < n; i++) {
		struct finding src = l->v[i];
		const struct finding_subject *s = &src.subject;
		uint16_t ctag = s->inner_vlan != 0 ? s->inner_vlan : s->vlan;

		if (!from_capture(&src) || s->vlan == 0)
			continue;
		/* only frames of the peering: a trunk carries others */
		if ((r = path_of(pg, &s->local, &s->peer)) == NULL)
			continue;
		if (r->fp->vlan == 0 || ctag == r->fp->vlan)
			continue;
		/* once per capture and tag pair */
		memset(&ta, 0, sizeof(ta));
		memset(&tb, 0, sizeof(tb));
		ta.a[0] = (uint8_t)(s->vlan >> 8);
		ta.a[1] = (uint8_t)s->vlan;
		tb.a[0] = (uint8_t)(s->inner_vlan >> 8);
		tb.a[1] = (uint8_t)s->inner_vlan;
		if (seen_check(seen, finding_input(&src), &ta, &tb, 2))
			continue;
		vlan_tags(s, tags, sizeof(tags));
		snprintf(who, sizeof(who), "%s - %s", addr_known(&s->local) ?
		    net_addr_str(&s->local, a) : "?", addr_known(&s->peer) ?
		    net_addr_str(&s->peer, b) : "?");
		f = finding_add(l, FC_VLAN_TAG_MISMATCH, "%s: frames of %s "
		    "carry %s, the peering's vlanId is %u (%s)%s",
		    finding_input(&src), who, tags, r->fp->vlan, pg->name,
		    s->inner_vlan == 0 ? "" : s->vlan == r->fp->vlan ?
		    ": the vlanId is the outer tag here, the C-tag must be it" :
		    ": with QinQ the C-tag (inner) must be the vlanId");
		if (f == NULL)
			return;
		cite_ev(f, &src, LIMIT_EVIDENCE_PER_FINDING - 1);
		f->subject = src.subject;
		f->subject.path = r->fp->path;
		str_copy(f->group, src.group, sizeof(f->group));
		ev_peering(f, r, "vlan");
	}
}

/* ------------------------------------------------------------------ */
/* AS numbers                                                          */
/* ------------------------------------------------------------------ */

/*
 * One AS that differs: ms_side says whether it is Microsoft's (against
 * azureASN) or on-premises' (against peerASN); router_is_ms that the
 * router output is the MSEE's own view (its neighbor is on-premises).
 */
static void
as_finding(struct finding_list *l, const struct peering *pg,
    const struct fact_peer *fp, const struct path_ref *r, bool ms_side,
    bool router_is_ms, uint32_t got)
{
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN], pair[2 * NET_ADDR_STRLEN +
	    8];
	bool cap = source_is(fp->source, "capture");
	uint32_t expect = ms_side ? r->azure_as : r->peer_as;
	const char *side;
	struct finding *f;

	if (cap)
		side = ms_side ? "Microsoft's" : "on-premises'";
	else if (ms_side != router_is_ms)
		side = "the neighbor's remote";
	else
		side = "the router's local";
	net_addr_str(&fp->peer, b);
	if (addr_known(&fp->local))
		snprintf(pair, sizeof(pair), "%s - %s",
		    net_addr_str(&fp->local, a), b);
	else
		snprintf(pair, sizeof(pair), "neighbor %s", b);
	f = finding_add(l, FC_SESSION_AS_MISMATCH, "%s %s shows %s AS %u for "
	    "%s, the peering has %u (%s, %s)", cap ? "capture" :
	    "router output", fp->input, side, got, pair, expect, ms_side ?
	    (r->fp->peer_as != 0 ? "azureASN" : "ExpressRoute's AS") :
	    "peerASN", pg->name);
	if (f == NULL)
		return;
	if (cap)
		finding_ev_note(f, fp->input, "OPENs of %s: AS %u and %u", pair,
		    fp->local_as, fp->peer_as);
	else
		finding_ev_note(f, fp->input, "neighbor %s: local AS %u, "
		    "remote AS %u", b, fp->local_as, fp->peer_as);
	if (!ms_side || r->fp->peer_as != 0)
		ev_peering(f, r, ms_side ? "azure_as" : "peer_as");
	finding_subj_peers(f, &fp->local, 0, &fp->peer, 0);
	finding_subj_asns(f, fp->local_as, fp->peer_as);
	finding_subj_path(f, r->fp->path);
	finding_subj_object(f, "peering", r->fp->input);
}

static void
asns(struct finding_list *l, const struct diag_facts *facts,
    const struct peering *pg)
{
	size_t i;

	for (i = 0; i < facts->npeers; i++) {
		const struct fact_peer *fp = &facts->peers[i];
		bool cap = source_is(fp->source, "capture");
		const struct path_ref *r;
		uint32_t ms_as, op_as;
		bool peer_is_ms, router_is_ms = false;

		if (!cap && !source_is(fp->source, "router"))
			continue;
		/* Only the peering's own sessions: outside the /30s a
		 * session is another peer's, or the address check speaks. */
		r = path_of(pg, addr_known(&fp->local) ? &fp->local : NULL,
		    &fp->peer);
		if (r == NULL)
			continue;
		/* Which side is Microsoft's.  A router's neighbor, unless
		 * the router speaks Microsoft's AS itself (the MSEE's own
		 * output).  In a capture the side on Microsoft's address,
		 * else on on-premises' the other, else the one announcing
		 * the Azure AS, else the listener. */
		if (!cap) {
			router_is_ms = fp->local_as == r->azure_as &&
			    fp->peer_as != r->azure_as;
			peer_is_ms = !router_is_ms;
		} else if (net_addr_eq(&fp->peer, &r->fp->peer) ||
		    net_addr_eq(&fp->local, &r->fp->local))
			peer_is_ms = true;
		else if (net_addr_eq(&fp->local, &r->fp->peer) ||
		    net_addr_eq(&fp->peer, &r->fp->local))
			peer_is_ms = false;
		else
			peer_is_ms = fp->local_as != r->azure_as;
		ms_as = peer_is_ms ? fp->peer_as : fp->local_as;
		op_as = peer_is_ms ? fp->local_as : fp->peer_as;
		if (ms_as != 0 && ms_as != r->azure_as)
			as_finding(l, pg, fp, r, true, router_is_ms, ms_as);
		if (op_as != 0 && r->peer_as != 0 && op_as != r->peer_as)
			as_finding(l, pg, fp, r, false, router_is_ms, op_as);
	}
}

/* ------------------------------------------------------------------ */
/* Sessions' states where two inputs overlap                           */
/* ------------------------------------------------------------------ */

/* A stretch of time an input says a session was up, or down. */
struct stretch {
	const char	*input;
	const char	*source;
	struct net_addr	 local, peer;
	bool		 up;
	usec_t		 from, to;
	uint64_t	 unit;
};

#define MAX_STRETCHES	512

/* The end of what input covers (its span), or the fallback. */
static usec_t
input_end(const struct diag_facts *facts, const char *input, usec_t fb)
{
	size_t i;

	for (i = 0; i < facts->nspans; i++)
		if (strcmp(facts->spans[i].input, input) == 0)
			return facts->spans[i].to > fb ? facts->spans[i].to :
			    fb;
	return fb;
}

/* Stretches from the events, in order per input and peer: each event's
 * state lasts until the next event of the same input and peer, or the
 * input's end.  Captures that never saw the session up add one down
 * stretch over their span. */
static size_t
stretches(const struct diag_facts *facts, struct stretch *sv)
{
	size_t i, j, n = 0;

	for (i = 0; i < facts->nclock && n < MAX_STRETCHES; i++) {
		const struct fact_clock_event *e = &facts->clock[i];
		struct stretch *s = &sv[n];
		usec_t next = -1;

		for (j = 0; j < facts->nclock; j++) {
			const struct fact_clock_event *x = &facts->clock[j];

			if (j == i || strcmp(x->input, e->input) != 0 ||
			    !events_same_peer(x, e) || x->t < e->t ||
			    (x->t == e->t && j < i))
				continue;
			if (next == -1 || x->t < next)
				next = x->t;
		}
		s->input = e->input;
		s->source = e->source;
		s->local = e->local;
		s->peer = e->peer;
		s->up = e->kind == FCE_UP;
		s->from = e->t;
		s->to = next != -1 ? next : input_end(facts, e->input, e->t);
		s->unit = e->unit;
		n++;
	}
	for (i = 0; i < facts->nsessions && n < MAX_STRETCHES; i++) {
		const struct fact_session *fs = &facts->sessions[i];

		if (!source_is(fs->source, "capture") || !fs->has_span ||
		    fs->established)
			continue;
		sv[n].input = fs->input;
		sv[n].source = fs->source;
		sv[n].local = fs->local;
		sv[n].peer = fs->peer;
		sv[n].up = false;
		sv[n].from = fs->from;
		sv[n].to = fs->to;
		sv[n].unit = 0;
		n++;
	}
	return n;
}

static bool
stretch_same_peer(const struct stretch *x, const struct stretch *y)
{
	struct fact_clock_event a, b;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.local = x->local;
	a.peer = x->peer;
	b.local = y->local;
	b.peer = y->peer;
	return events_same_peer(&a, &b);
}

static void
ev_stretch(struct finding *f, const struct stretch *s)
{
	if (source_is(s->source, "capture")) {
		if (s->unit != 0)
			finding_ev_frame(f, s->input, s->unit, s->from);
		else
			finding_ev_note(f, s->input, "no Established session "
			    "in the capture");
	} else
		finding_ev_line(f, s->input, s->unit);
}

/* The disagreements reported: one per two inputs and session. */
struct conflict_seen {
	size_t		 n;
	struct {
		const char	*a, *b;
		struct net_addr	 peer;
	}		 v[64];
};

static bool
reported(struct conflict_seen *r, const struct stretch *x,
    const struct stretch *y)
{
	struct fact_clock_event p, q;
	size_t i;

	memset(&p, 0, sizeof(p));
	memset(&q, 0, sizeof(q));
	p.local = x->local;
	p.peer = x->peer;
	for (i = 0; i < r->n; i++) {
		q.peer = r->v[i].peer;
		if (strcmp(r->v[i].a, x->input) == 0 &&
		    strcmp(r->v[i].b, y->input) == 0 &&
		    events_same_peer(&p, &q))
			return true;
	}
	/* beyond the table, say nothing more than it already holds */
	if (r->n == sizeof(r->v) / sizeof(r->v[0]))
		return true;
	r->v[r->n].a = x->input;
	r->v[r->n].b = y->input;
	r->v[r->n].peer = x->peer;
	r->n++;
	return false;
}

static void
conflicts(struct finding_list *l, const struct diag_facts *facts,
    const struct clocks *c)
{
	char t1[40], t2[40], a[NET_ADDR_STRLEN];
	struct conflict_seen rep;
	struct stretch *sv;
	struct finding *f;
	size_t n, i, j;

	rep.n = 0;
	if ((sv = erw_calloc(MAX_STRETCHES, sizeof(*sv))) == NULL) {
		l->nomem = true;
		return;
	}
	n = stretches(facts, sv);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			const struct stretch *x = &sv[i], *y = &sv[j];
			usec_t sh, from, to;

			/* x up, y down: each disagreement once */
			if (!x->up || y->up ||
			    strcmp(x->input, y->input) == 0 ||
			    !stretch_same_peer(x, y))
				continue;
			/* y's times on x's clock */
			sh = clock_shift(c, y->input, x->input);
			from = x->from > y->from + sh ? x->from : y->from + sh;
			to = x->to < y->to + sh ? x->to : y->to + sh;
			/* the two stamps of one change differ a little */
			if (to - from <= CORRELATE_CLOCK_SLACK)
				continue;
			if (reported(&rep, x, y))
				continue;
			net_addr_str(&x->peer, a);
			f = finding_add(l, FC_SESSION_STATE_CONFLICT, "%s has "
			    "session %s Established from %s to %s, %s has it "
			    "down", x->input, a, time_iso(from, t1, sizeof(t1)),
			    time_iso(to, t2, sizeof(t2)), y->input);
			if (f == NULL)
				goto out;
			ev_stretch(f, x);
			ev_stretch(f, y);
			finding_subj_peers(f, &x->local, 0, &x->peer, 0);
			finding_subj_span(f, from, to);
			finding_subj_object(f, "session", a);
		}
out:
	free(sv);
}

/* ------------------------------------------------------------------ */
/* Entry                                                               */
/* ------------------------------------------------------------------ */

void
diag_correlate(struct finding_list *l, const struct diag_facts *facts)
{
	size_t n = l->n;
	struct clocks *c = NULL;
	struct seen_list *seen = NULL;
	struct peering *pg = NULL;

	if (facts != NULL &&
	    ((c = erw_calloc(1, sizeof(*c))) == NULL ||
	    (seen = erw_calloc(1, sizeof(*seen))) == NULL ||
	    (pg = erw_calloc(1, sizeof(*pg))) == NULL)) {
		l->nomem = true;
		goto out;
	}
	if (facts != NULL)
		align_clocks(l, facts, c);
	drops_in_outages(l, n, c);
	drops_in_monitor(l, n, c);
	if (facts == NULL)
		goto out;
	peering_load(pg, facts);
	if (pg->n > 0) {
		peer_addresses(l, n, facts, pg, seen);
		vlans(l, n, pg, seen);
		asns(l, facts, pg);
	}
	conflicts(l, facts, c);
out:
	free(pg);
	free(seen);
	free(c);
}
