/*
 * Ranking root causes from findings.  Each cause has clues: finding codes
 * with a weight, the probability-like strength of that finding alone as
 * evidence for the cause.  Clues of different codes combine as independent
 * evidence (1 - prod(1 - w)); more findings of one code add nothing, since
 * six SYN findings for six retries are one observation.  A cause whose
 * rules name `needs` is only a suspicion (capped) until one of them is
 * present: two weak symptoms never make a diagnosis.  Contradicting
 * findings scale the confidence down, each code once, when they are about
 * the same session or path as the support.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag_hypo.h"

static const struct cause_def causes[CAUSE__COUNT] = {
#define CAUSE(id, fault, title, remedy)	{ #id, fault, title, remedy },
#include "cause_catalog.h"
#undef CAUSE
};

/* A clue about TCP/179 only counts when its subject names port 179 or no
 * port at all: an NSG denying 443 to a VM says nothing about BGP. */
#define CLUE_PORT179	0x1
/* Only a finding raised to error counts (an outage still open at the end
 * of the log, not one that came back). */
#define CLUE_ERROR_ONLY	0x2
/* A contradiction about another object than the support's: the circuit
 * learning no routes speaks against a UDR to None for on-premises
 * traffic (the None route is then the system's, catching what BGP no
 * longer brings), though the two findings' subjects never join. */
#define CLUE_ANYWHERE	0x4
/* Support: the misconfiguration itself, seen by setting two pieces of
 * evidence side by side (the tag on the wire against the export's
 * vlanId), not a symptom of it. */
#define CLUE_OBSERVED	0x8
/* Contradiction: weighs half against a cause supported by a
 * CLUE_OBSERVED clue.  A session seen up over the wrong tag does not
 * make the tag right: the capture may watch a link the peering does not
 * use, or the export may be stale; the verdict stays, less sure. */
#define CLUE_SOFT	0x10

struct clue {
	enum finding_code	 code;
	double			 weight;	/* 0 ends a list */
	unsigned		 flags;
};

#define MAX_CLUES	10
#define MAX_NEEDS	6

struct cause_rules {
	enum cause_id	 cause;
	struct clue	 support[MAX_CLUES];
	struct clue	 contradict[MAX_CLUES];
	/* At least one finding of each non-empty group must support the
	 * cause, else its confidence stays under SUSPICION_CAP. */
	enum finding_code needs[2][MAX_NEEDS];
	unsigned	 nneeds[2];
};

#define SUSPICION_CAP	0.35

/* Sessions seen up: they contradict most faults of their session. */
#define UP_CLUES(w)	{ FC_BGP_ESTABLISHED, (w), 0 }, \
			{ FC_ROUTER_BGP_ESTABLISHED, (w), 0 }
#define UP_CLUES_SOFT(w) { FC_BGP_ESTABLISHED, (w), CLUE_SOFT }, \
			{ FC_ROUTER_BGP_ESTABLISHED, (w), CLUE_SOFT }

static const struct cause_rules rules[] = {
	{ CAUSE_peer_ip_wrong,
	  { /* The capture's or the router's addresses against the
	     * export's /30: the address itself, not a symptom. */
	    { FC_PEER_ADDR_NOT_PEERING, 0.9, 0 },
	    { FC_CIRCUIT_PEER_IP_INVALID, 0.8, 0 },
	    { FC_CONFIG_PEER_IP_WRONG, 0.8, 0 },
	    { FC_CONFIG_SUBNET_MISMATCH, 0.6, 0 },
	    { FC_ARP_INCOMPLETE, 0.5, 0 },
	    { FC_ARP_UNANSWERED, 0.3, 0 } },
	  { UP_CLUES(0.7) },
	  { { FC_PEER_ADDR_NOT_PEERING, FC_CIRCUIT_PEER_IP_INVALID,
	      FC_ARP_INCOMPLETE, FC_CONFIG_PEER_IP_WRONG,
	      FC_CONFIG_SUBNET_MISMATCH } }, { 5, 0 } },
	{ CAUSE_l2_down,
	  { { FC_ARP_TABLE_EMPTY, 0.7, 0 },
	    /* the edge's own ARP availability below 100% */
	    { FC_MONITOR_CLOUD_ARP_DOWN, 0.6, 0 },
	    { FC_ROUTER_LINK_DOWN, 0.6, CLUE_ERROR_ONLY },
	    { FC_CARRIER_LINK_DOWN, 0.6, CLUE_ERROR_ONLY },
	    { FC_CIRCUIT_NOT_PROVISIONED, 0.6, 0 },
	    { FC_ARP_UNANSWERED, 0.5, 0 },
	    { FC_ARP_INCOMPLETE, 0.3, 0 } },
	  { UP_CLUES(0.8),
	    /* A RST came back: the wire works. */
	    { FC_TCP_RST_ON_SYN, 0.6, 0 },
	    /* ARP for an address nobody owns goes unanswered on a sound
	     * wire; frames with the wrong tag never reach the MSEE. */
	    { FC_PEER_ADDR_NOT_PEERING, 0.7, 0 },
	    { FC_VLAN_TAG_MISMATCH, 0.6, 0 } },
	  { { 0 } }, { 0, 0 } },
	{ CAUSE_vlan_mismatch,
	  { { FC_VLAN_TAG_MISMATCH, 0.9, CLUE_OBSERVED },
	    { FC_CONFIG_VLAN_MISMATCH, 0.8, 0 },
	    { FC_ARP_TABLE_EMPTY, 0.3, 0 },
	    { FC_ARP_UNANSWERED, 0.25, 0 } },
	  { UP_CLUES_SOFT(0.8), { FC_TCP_RST_ON_SYN, 0.6, 0 },
	    /* the wrong address explains the silence better */
	    { FC_PEER_ADDR_NOT_PEERING, 0.6, 0 } },
	  { { 0 } }, { 0, 0 } },
	{ CAUSE_tcp179_blocked,
	  { { FC_TCP_SYN_UNANSWERED, 0.7, CLUE_PORT179 },
	    { FC_NSG_DENY, 0.6, CLUE_PORT179 },
	    { FC_ICMP_UNREACHABLE, 0.5, 0 },
	    { FC_PROBE_ICMP_UNREACHABLE, 0.5, 0 },
	    { FC_ROUTER_BGP_NOT_ESTABLISHED, 0.15, 0 },
	    { FC_CIRCUIT_BGP_DOWN, 0.1, 0 } },
	  { UP_CLUES(0.9),
	    { FC_TCP_RST_ON_SYN, 0.5, 0 },
	    /* Below TCP: SYNs unanswered are explained by L2. */
	    { FC_ARP_UNANSWERED, 0.5, 0 },
	    { FC_ARP_TABLE_EMPTY, 0.4, 0 },
	    /* Linux drops segments that fail MD5 without a word. */
	    { FC_TCP_MD5_ASYMMETRIC, 0.7, 0 },
	    { FC_TCP_MD5_SUSPECTED_MISMATCH, 0.6, 0 },
	    { FC_ROUTER_MD5_AUTH_FAILURE, 0.7, 0 },
	    /* SYNs to an address nobody owns go unanswered too */
	    { FC_PEER_ADDR_NOT_PEERING, 0.6, 0 } },
	  { { FC_TCP_SYN_UNANSWERED, FC_NSG_DENY, FC_ICMP_UNREACHABLE,
	      FC_PROBE_ICMP_UNREACHABLE } }, { 4, 0 } },
	{ CAUSE_no_bgp_listener,
	  { { FC_TCP_RST_ON_SYN, 0.8, 0 },
	    { FC_CIRCUIT_PEERING_DISABLED, 0.7, 0 },
	    { FC_PROBE_BGP_NO_OPEN, 0.4, 0 } },
	  { UP_CLUES(0.9),
	    /* a BGP speaker refuses a neighbor it is not configured for:
	     * the address is what is wrong */
	    { FC_PEER_ADDR_NOT_PEERING, 0.5, 0 } },
	  { { FC_TCP_RST_ON_SYN, FC_CIRCUIT_PEERING_DISABLED } }, { 2, 0 } },
	{ CAUSE_md5_mismatch,
	  { { FC_TCP_MD5_ASYMMETRIC, 0.85, 0 },
	    { FC_ROUTER_MD5_AUTH_FAILURE, 0.85, 0 },
	    { FC_TCP_MD5_SUSPECTED_MISMATCH, 0.7, 0 },
	    { FC_CONFIG_MD5_MISSING, 0.8, 0 },
	    { FC_CONFIG_MD5_UNEXPECTED, 0.8, 0 },
	    { FC_CIRCUIT_MD5_ONE_PATH, 0.4, 0 } },
	  { UP_CLUES(0.8) },
	  { { FC_TCP_MD5_ASYMMETRIC, FC_ROUTER_MD5_AUTH_FAILURE,
	      FC_TCP_MD5_SUSPECTED_MISMATCH, FC_CONFIG_MD5_MISSING,
	      FC_CONFIG_MD5_UNEXPECTED } }, { 5, 0 } },
	{ CAUSE_peer_as_mismatch,
	  { { FC_BGP_OPEN_PEER_AS_MISMATCH, 0.9, 0 },
	    { FC_BGP_LOCAL_AS_MISMATCH, 0.85, 0 },
	    /* the OPEN's or the router's AS against the export's */
	    { FC_SESSION_AS_MISMATCH, 0.85, 0 },
	    { FC_CIRCUIT_PEER_ASN_MISMATCH, 0.75, 0 },
	    { FC_CONFIG_REMOTE_AS_WRONG, 0.8, 0 },
	    { FC_CONFIG_LOCAL_AS_WRONG, 0.75, 0 },
	    { FC_BGP_NOTIFICATION, 0.15, 0 },
	    { FC_ROUTER_NOTIFICATION, 0.15, 0 } },
	  { UP_CLUES(0.6) },
	  { { FC_BGP_OPEN_PEER_AS_MISMATCH, FC_BGP_LOCAL_AS_MISMATCH,
	      FC_SESSION_AS_MISMATCH, FC_CIRCUIT_PEER_ASN_MISMATCH,
	      FC_CONFIG_REMOTE_AS_WRONG, FC_CONFIG_LOCAL_AS_WRONG } },
	  { 6, 0 } },
	{ CAUSE_hold_timer_expiry,
	  { { FC_BGP_HOLD_TIMER_EXPIRED, 0.85, 0 },
	    /* A silence longer than the hold time is the expiry itself,
	     * whether or not the NOTIFICATION made it onto the wire. */
	    { FC_BGP_KEEPALIVE_GAP, 0.7, 0 },
	    { FC_BGP_SESSION_SUPERSEDED, 0.3, 0 },
	    { FC_BGP_SESSION_FLAP, 0.2, 0 },
	    { FC_ROUTER_FLAPS, 0.15, 0 },
	    { FC_TCP_RETRANSMISSIONS, 0.15, 0 },
	    /* the monitor saw the drop's outage: the same event from a
	     * third side, so the expiry cost real availability */
	    { FC_MONITOR_OUTAGE_AT_DROP, 0.3, 0 } },
	  { /* Those explain the expiry better.  Short timers do not: they
	     * make an expiry likelier, they do not cause the silence. */
	    { FC_LINK_OUTAGE_AT_DROP, 0.6, 0 },
	    { FC_PMTU_BLACKHOLE_SUSPECTED, 0.4, 0 } },
	  { { FC_BGP_HOLD_TIMER_EXPIRED, FC_BGP_KEEPALIVE_GAP } }, { 2, 0 } },
	{ CAUSE_short_timers_flap,
	  { { FC_BGP_HOLD_TIME_SHORT, 0.4, 0 },
	    { FC_ROUTER_HOLD_TIMER_SHORT, 0.4, 0 },
	    { FC_CONFIG_TIMERS_AGGRESSIVE, 0.35, 0 },
	    { FC_BGP_SESSION_FLAP, 0.4, 0 },
	    { FC_ROUTER_FLAPS, 0.35, 0 } },
	  { /* A drop with a cause of its own is not the timers' doing. */
	    { FC_BGP_MAX_PREFIX, 0.7, 0 },
	    { FC_ROUTER_MAX_PREFIX, 0.7, 0 },
	    { FC_LINK_OUTAGE_AT_DROP, 0.7, 0 },
	    { FC_BGP_OPEN_PEER_AS_MISMATCH, 0.7, 0 },
	    { FC_PMTU_BLACKHOLE_SUSPECTED, 0.5, 0 },
	    { FC_TCP_MD5_ASYMMETRIC, 0.6, 0 } },
	  /* Short timers alone are a warning; flaps alone are a symptom. */
	  { { FC_BGP_HOLD_TIME_SHORT, FC_ROUTER_HOLD_TIMER_SHORT,
	      FC_CONFIG_TIMERS_AGGRESSIVE },
	    { FC_BGP_SESSION_FLAP, FC_ROUTER_FLAPS } }, { 3, 2 } },
	{ CAUSE_max_prefix,
	  { { FC_BGP_MAX_PREFIX, 0.9, 0 },
	    { FC_ROUTER_MAX_PREFIX, 0.9, 0 },
	    { FC_CIRCUIT_PREFIX_LIMIT, 0.75, 0 } },
	  { { 0 } }, { { 0 } }, { 0, 0 } },
	{ CAUSE_pmtu_blackhole,
	  { { FC_PMTU_BLACKHOLE_SUSPECTED, 0.8, 0 },
	    { FC_ICMP_FRAG_NEEDED, 0.55, 0 },
	    { FC_TCP_RETRANSMISSIONS, 0.15, 0 } },
	  { { 0 } },
	  { { FC_PMTU_BLACKHOLE_SUSPECTED, FC_ICMP_FRAG_NEEDED } }, { 2, 0 } },
	{ CAUSE_default_route_from_onprem,
	  { { FC_CIRCUIT_DEFAULT_ROUTE_LEARNED, 0.75, 0 },
	    { FC_BGP_DEFAULT_ROUTE_RECEIVED, 0.6, 0 },
	    { FC_CONFIG_DEFAULT_ORIGINATE, 0.55, 0 },
	    { FC_ROUTE_DEFAULT_VIA_GATEWAY, 0.6, 0 } },
	  { { 0 } }, { { 0 } }, { 0, 0 } },
	{ CAUSE_udr_blackhole,
	  { { FC_ROUTE_NONE, 0.8, 0 },
	    { FC_ROUTE_APPLIANCE_UNKNOWN, 0.6, 0 },
	    { FC_NSG_ALLOW_BUT_NO_ROUTE, 0.6, 0 } },
	  { { FC_CIRCUIT_NO_ROUTES, 0.7, CLUE_ANYWHERE },
	    { FC_CIRCUIT_BGP_DOWN, 0.5, CLUE_ANYWHERE },
	    { FC_ARP_TABLE_EMPTY, 0.5, CLUE_ANYWHERE } },
	  { { 0 } }, { 0, 0 } },
	{ CAUSE_path_preference,
	  { { FC_ROUTE_UNEXPECTED_NEXT_HOP, 0.6, 0 },
	    { FC_CIRCUIT_PATH_ASYMMETRY, 0.35, 0 } },
	  { { 0 } }, { { 0 } }, { 0, 0 } },
	{ CAUSE_carrier_outage,
	  { { FC_LINK_OUTAGE_AT_DROP, 0.85, 0 },
	    { FC_CARRIER_LINK_DOWN, 0.4, 0 },
	    { FC_ROUTER_LINK_DOWN, 0.2, 0 } },
	  { { 0 } },
	  { { FC_LINK_OUTAGE_AT_DROP, FC_CARRIER_LINK_DOWN } }, { 2, 0 } },
	{ CAUSE_monitor_path,
	  { { FC_MONITOR_AGENT_ONLY_OUTAGE, 0.8, 0 } },
	  { /* the session itself was seen down: not the probes' path */
	    { FC_MONITOR_SESSION_DOWN_BOTH, 0.8, 0 },
	    { FC_MONITOR_OUTAGE_AT_DROP, 0.8, 0 },
	    { FC_MONITOR_CLOUD_BGP_DOWN, 0.5, 0 } },
	  { { FC_MONITOR_AGENT_ONLY_OUTAGE } }, { 1, 0 } },
	/* healthy and unclassified are ranked apart. */
};

/* Positive evidence for `healthy`. */
static const struct clue healthy_clues[] = {
	{ FC_BGP_ESTABLISHED, 0.5, 0 },
	{ FC_ROUTER_BGP_ESTABLISHED, 0.5, 0 },
	{ FC_CIRCUIT_HEALTHY, 0.5, 0 },
	{ 0, 0, 0 }
};

const struct cause_def *
cause_def(enum cause_id id)
{
	if ((unsigned)id >= CAUSE__COUNT)
		return NULL;
	return &causes[id];
}

int
cause_by_name(const char *id)
{
	int i;

	for (i = 0; id != NULL && i < CAUSE__COUNT; i++)
		if (strcmp(causes[i].id, id) == 0)
			return i;
	return -1;
}

unsigned
cause_clues(enum cause_id id, bool contradict, enum finding_code *codes,
    double *w, unsigned max)
{
	const struct clue *list = NULL;
	size_t i;
	unsigned n = 0;

	if (id == CAUSE_healthy && !contradict)
		list = healthy_clues;
	for (i = 0; list == NULL && i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].cause == id)
			list = contradict ? rules[i].contradict :
			    rules[i].support;
	for (i = 0; list != NULL && i < MAX_CLUES && list[i].weight > 0 &&
	    n < max; i++) {
		codes[n] = list[i].code;
		if (w != NULL)
			w[n] = list[i].weight;
		n++;
	}
	return n;
}

static const struct clue *
clue_for(const struct clue *list, const struct finding *f)
{
	unsigned i;

	for (i = 0; i < MAX_CLUES && list[i].weight > 0; i++) {
		if (list[i].code != f->code)
			continue;
		if ((list[i].flags & CLUE_ERROR_ONLY) && f->sev != SEV_ERROR)
			return NULL;
		if ((list[i].flags & CLUE_PORT179) &&
		    (f->subject.local_port != 0 || f->subject.peer_port != 0) &&
		    f->subject.local_port != 179 && f->subject.peer_port != 179)
			return NULL;
		return &list[i];
	}
	return NULL;
}

static bool
subject_says_where(const struct finding_subject *s)
{
	return s->local.family != NET_AF_NONE ||
	    s->peer.family != NET_AF_NONE || s->path != PATH_UNKNOWN;
}

/*
 * Are two findings about the same session or path, as far as their
 * subjects tell?  A subject that says nothing about where is taken as
 * "could be the same": a contradiction is never dropped for want of data.
 */
static bool
same_place(const struct finding_subject *a, const struct finding_subject *b)
{
	bool a_addr = a->local.family != NET_AF_NONE ||
	    a->peer.family != NET_AF_NONE;
	bool b_addr = b->local.family != NET_AF_NONE ||
	    b->peer.family != NET_AF_NONE;

	if (!subject_says_where(a) || !subject_says_where(b))
		return true;
	if (a->path != PATH_UNKNOWN && b->path != PATH_UNKNOWN)
		return a->path == b->path &&
		    (!a_addr || !b_addr || finding_subject_same_peers(a, b));
	if (a_addr && b_addr)
		return finding_subject_same_peers(a, b);
	return true;
}

static bool
code_in(const enum finding_code *set, unsigned n, enum finding_code code)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (set[i] == code)
			return true;
	return false;
}

static void
cite(size_t *refs, unsigned *n, size_t idx)
{
	if (*n < HYPO_MAX_REFS)
		refs[(*n)++] = idx;
}

/* What narrows tcp179_blocked: which filter the evidence points at. */
static const char *
blocker(const struct finding_list *l, const struct hypothesis *h,
    char *buf, size_t len)
{
	const struct finding *f;
	unsigned i;

	for (i = 0; i < h->nsupporting; i++) {
		f = &l->v[h->supporting[i]];
		if (f->code == FC_NSG_DENY) {
			if (f->subject.object[0] != '\0')
				snprintf(buf, len, " by an NSG (%s)",
				    f->subject.object);
			else
				snprintf(buf, len, " by an NSG");
			return buf;
		}
	}
	for (i = 0; i < h->nsupporting; i++) {
		f = &l->v[h->supporting[i]];
		if (f->code == FC_ICMP_UNREACHABLE ||
		    f->code == FC_PROBE_ICMP_UNREACHABLE)
			return " by a filter that answers ICMP unreachable "
			    "(an on-premises ACL or firewall)";
	}
	return " somewhere on the path (no NSG or ICMP evidence says where: "
	    "router ACLs, firewalls, the provider)";
}

/* Evaluate one cause's rules over l into h; false when nothing supports
 * it. */
static bool
evaluate(const struct cause_rules *r, const struct finding_list *l,
    struct hypothesis *h)
{
	bool seen_code[FC__COUNT], seen_con[FC__COUNT], need_met[2];
	bool observed = false;
	const struct clue *c;
	double miss = 1.0, conf, best_w = 0;
	size_t i, j, best = 0;
	unsigned g;

	memset(h, 0, sizeof(*h));
	memset(seen_code, 0, sizeof(seen_code));
	memset(seen_con, 0, sizeof(seen_con));
	h->cause = r->cause;
	need_met[0] = r->nneeds[0] == 0;
	need_met[1] = r->nneeds[1] == 0;
	for (i = 0; i < l->n; i++) {
		if ((c = clue_for(r->support, &l->v[i])) == NULL)
			continue;
		cite(h->supporting, &h->nsupporting, i);
		if (c->flags & CLUE_OBSERVED)
			observed = true;
		for (g = 0; g < 2; g++)
			if (code_in(r->needs[g], r->nneeds[g], l->v[i].code))
				need_met[g] = true;
		if (c->weight > best_w) {
			best_w = c->weight;
			best = i;
		}
		if (!seen_code[c->code]) {
			seen_code[c->code] = true;
			miss *= 1.0 - c->weight;
		}
	}
	if (h->nsupporting == 0)
		return false;
	conf = 1.0 - miss;
	if (!need_met[0] || !need_met[1])
		conf = conf < SUSPICION_CAP ? conf : SUSPICION_CAP;
	for (j = 0; j < l->n; j++) {
		if ((c = clue_for(r->contradict, &l->v[j])) == NULL)
			continue;
		for (i = 0; i < h->nsupporting && !(c->flags & CLUE_ANYWHERE);
		    i++)
			if (same_place(&l->v[h->supporting[i]].subject,
			    &l->v[j].subject))
				break;
		if (i == h->nsupporting && !(c->flags & CLUE_ANYWHERE))
			continue;
		cite(h->contradicting, &h->ncontradicting, j);
		if (!seen_con[c->code]) {
			seen_con[c->code] = true;
			conf *= 1.0 - ((c->flags & CLUE_SOFT) && observed ?
			    c->weight / 2 : c->weight);
		}
	}
	h->confidence = conf;
	h->subject = l->v[best].subject;
	/* The strongest support is cited first: it speaks for the cause. */
	for (i = 0; i < h->nsupporting; i++)
		if (h->supporting[i] == best)
			break;
	if (i == h->nsupporting) {
		/* best fell beyond HYPO_MAX_REFS: replace the last. */
		i = h->nsupporting - 1;
		h->supporting[i] = best;
	}
	memmove(&h->supporting[1], &h->supporting[0], i * sizeof(size_t));
	h->supporting[0] = best;
	return true;
}

static void
describe(const struct finding_list *l, struct hypothesis *h)
{
	const struct cause_def *d = &causes[h->cause];
	char buf[192];
	const char *narrow = "";

	if (h->cause == CAUSE_tcp179_blocked)
		narrow = blocker(l, h, buf, sizeof(buf));
	if (h->nsupporting > 0)
		snprintf(h->summary, sizeof(h->summary), "%s%s: %s", d->title,
		    narrow, l->v[h->supporting[0]].summary);
	else
		snprintf(h->summary, sizeof(h->summary), "%s", d->title);
}

static int
by_confidence(const void *a, const void *b)
{
	const struct hypothesis *x = a, *y = b;

	if (x->confidence != y->confidence)
		return x->confidence < y->confidence ? 1 : -1;
	return (int)x->cause - (int)y->cause;
}

/* healthy, or unclassified when errors remain that no cause explains. */
static void
rank_rest(const struct finding_list *l, struct hypothesis *h)
{
	const struct clue *c;
	bool seen[FC__COUNT];
	double miss = 1.0;
	size_t i;

	memset(h, 0, sizeof(*h));
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < l->n; i++)
		if (l->v[i].sev == SEV_ERROR)
			cite(h->supporting, &h->nsupporting, i);
	if (h->nsupporting > 0) {
		h->cause = CAUSE_unclassified;
		/* More independent failures, a little more sure something is
		 * wrong; never sure of what. */
		h->confidence = h->nsupporting > 3 ? 0.5 : 0.3 +
		    0.05 * h->nsupporting;
		h->subject = l->v[h->supporting[0]].subject;
		describe(l, h);
		return;
	}
	h->cause = CAUSE_healthy;
	for (i = 0; i < l->n; i++) {
		if ((c = clue_for(healthy_clues, &l->v[i])) == NULL)
			continue;
		cite(h->supporting, &h->nsupporting, i);
		if (!seen[c->code]) {
			seen[c->code] = true;
			miss *= 1.0 - c->weight;
		}
	}
	for (i = 0; i < l->n; i++)
		if (l->v[i].sev == SEV_WARNING)
			cite(h->contradicting, &h->ncontradicting, i);
	/* Nothing failing but nothing seen working either: say so with a
	 * low confidence rather than call it healthy outright. */
	h->confidence = h->nsupporting > 0 ? 1.0 - miss : 0.2;
	if (h->ncontradicting > 0)
		h->confidence *= 0.8;
	snprintf(h->summary, sizeof(h->summary), "%s%s", causes[h->cause].title,
	    h->nsupporting > 0 ? "" :
	    " (but no evidence shows a session working either)");
}

int
diag_rank(const struct finding_list *l, struct hypothesis_list *out,
    struct err *e)
{
	size_t nrules = sizeof(rules) / sizeof(rules[0]), i;
	struct hypothesis h;

	memset(out, 0, sizeof(*out));
	if ((out->v = erw_calloc(nrules + 1, sizeof(*out->v))) == NULL)
		return ERR(e, ERR_NOMEM, "cannot rank causes");
	for (i = 0; i < nrules; i++) {
		if (!evaluate(&rules[i], l, &h))
			continue;
		if (h.confidence < HYPO_MIN_CONFIDENCE)
			continue;
		describe(l, &h);
		out->v[out->n++] = h;
	}
	if (out->n == 0)
		rank_rest(l, &out->v[out->n++]);
	qsort(out->v, out->n, sizeof(*out->v), by_confidence);
	return 0;
}

void
hypothesis_list_release(struct hypothesis_list *hl)
{
	free(hl->v);
	memset(hl, 0, sizeof(*hl));
}

int
hypothesis_list_exit_code(const struct hypothesis_list *hl)
{
	if (hl->n == 0)
		return 0;
	return causes[hl->v[0].cause].fault ? 1 : 0;
}
