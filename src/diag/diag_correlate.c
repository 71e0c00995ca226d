/*
 * Cross-evidence conclusions.  Today: a session drop inside a link
 * outage.  The drop may come from a capture (hold timer expiry, a flap,
 * a NOTIFICATION), a router log or a show output; the outage from the
 * carrier's table or the router's own interface lines.  Time is the join,
 * with the subject's span on both sides.
 */
#include <stdio.h>
#include <string.h>

#include "diag_correlate.h"
#include "diag_router.h"

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

/* Does the drop fall within the outage, or soon enough after it began? */
static bool
drop_in_outage(const struct finding_subject *drop,
    const struct finding_subject *link)
{
	usec_t from = link->from - CORRELATE_CLOCK_SLACK;
	usec_t to = link->to + CORRELATE_CLOCK_SLACK;

	if (to < link->from + CORRELATE_DROP_AFTER_LINK)
		to = link->from + CORRELATE_DROP_AFTER_LINK;
	/* A drop is its span's end: the moment the session was lost (the
	 * span of a hold expiry is the silence before it). */
	return drop->to >= from && drop->to <= to;
}

static void
outage_at_drop(struct finding_list *l, size_t di, size_t li)
{
	struct finding drop = l->v[di], link = l->v[li];
	char peer[2 * NET_ADDR_STRLEN + 8], a[NET_ADDR_STRLEN];
	char tbuf[40], delay[32];
	struct finding *f;
	unsigned i;
	usec_t d;

	/* Copies: finding_add() may move the list. */
	if (drop.subject.peer.family != NET_AF_NONE)
		snprintf(peer, sizeof(peer), "%s",
		    net_addr_str(&drop.subject.peer, a));
	else if (drop.group[0] != '\0')
		snprintf(peer, sizeof(peer), "%.*s", (int)sizeof(peer) - 1,
		    drop.group);
	else
		snprintf(peer, sizeof(peer), "(peer unknown)");
	d = drop.subject.to - link.subject.from;
	/* Within the clocks' slack before the outage: say so, not "-3 s". */
	if (d < 0)
		str_copy(delay, "just before", sizeof(delay));
	else {
		diag_duration_text(d, delay, sizeof(delay));
		str_copy(delay + strlen(delay), " after",
		    sizeof(delay) - strlen(delay));
	}
	f = finding_add(l, FC_LINK_OUTAGE_AT_DROP,
	    "session %s dropped at %s, %s %s went down (%s, %s)", peer,
	    time_iso(drop.subject.to, tbuf, sizeof(tbuf)), delay,
	    link.subject.object, link.code == FC_CARRIER_LINK_DOWN ?
	    "the carrier's log" : "the router's log",
	    finding_def(drop.code)->code);
	if (f == NULL)
		return;
	f->subject = drop.subject;
	f->subject.from = link.subject.from;
	f->subject.has_span = true;
	if (f->subject.to < f->subject.from)
		f->subject.to = f->subject.from;
	str_copy(f->subject.object_kind, "link",
	    sizeof(f->subject.object_kind));
	str_copy(f->subject.object, link.subject.object,
	    sizeof(f->subject.object));
	str_copy(f->group, drop.group, sizeof(f->group));
	for (i = 0; i < drop.nev && f->nev < LIMIT_EVIDENCE_PER_FINDING / 2;
	    i++)
		f->ev[f->nev++] = drop.ev[i];
	for (i = 0; i < link.nev && f->nev < LIMIT_EVIDENCE_PER_FINDING; i++)
		f->ev[f->nev++] = link.ev[i];
}

void
diag_correlate(struct finding_list *l)
{
	size_t n = l->n, i, j;

	for (i = 0; i < n; i++) {
		if (!is_drop(l->v[i].code) || !l->v[i].subject.has_span)
			continue;
		for (j = 0; j < n; j++) {
			if (!is_link(l->v[j].code) ||
			    !l->v[j].subject.has_span ||
			    !drop_in_outage(&l->v[i].subject,
			    &l->v[j].subject))
				continue;
			outage_at_drop(l, i, j);
			break;	/* one outage explains a drop */
		}
	}
}
