/*
 * Findings from the router's own view (contract in diag_router.h).
 *
 * Per neighbor of a show output: its state (Established -> an info
 * finding; anything else -> ROUTER_BGP_NOT_ESTABLISHED with what that
 * state usually means), its last NOTIFICATION, a maximum-prefix teardown,
 * its drop counter and its hold time.  Per address in the logs: MD5
 * failures, NOTIFICATIONs (grouped by direction and code), hold timer
 * expiries, maximum-prefix messages and the number of drops; an address
 * that only the logs know, whose last word is a failure, is reported as
 * not Established "per the log".  What a log already reports about a
 * neighbor (the same NOTIFICATION, the max-prefix teardown) is not
 * reported a second time from the show output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp.h"
#include "diag_router.h"

void
diag_router_opts_init(struct diag_router_opts *o)
{
	o->min_hold = 30;
	o->flaps = 3;
}

const char *
diag_router_key(const char *host, const char *vrf,
    const struct net_addr *addr, char *buf, size_t len)
{
	char a[NET_ADDR_STRLEN];

	snprintf(buf, len, "%s%s%s%s%s", host != NULL && host[0] ? host : "",
	    host != NULL && host[0] ? " " : "",
	    vrf != NULL && vrf[0] && strcmp(vrf, "default") != 0 ? vrf : "",
	    vrf != NULL && vrf[0] && strcmp(vrf, "default") != 0 ? "/" : "",
	    net_addr_str(addr, a));
	return buf;
}

const char *
diag_router_state_meaning(enum router_state st, bool admin_down)
{
	if (admin_down)
		return "shut down by configuration";
	switch (st) {
	case ROUTER_ST_ACTIVE:
		return "the TCP connection is not completing";
	case ROUTER_ST_CONNECT:
		return "the router is trying to open the TCP connection";
	case ROUTER_ST_IDLE:
		return "configured down or backing off after an error";
	case ROUTER_ST_OPENSENT:
	case ROUTER_ST_OPENCONFIRM:
		return "TCP works but the OPEN is rejected";
	default:
		return "state not known";
	}
}

/* "2d 03h", "00:01:02" */
static const char *
dur(int64_t s, char *buf, size_t len)
{
	if (s < 0)
		buf[0] = '\0';
	else if (s >= 86400)
		snprintf(buf, len, "%lldd %02lldh", (long long)(s / 86400),
		    (long long)(s % 86400 / 3600));
	else
		snprintf(buf, len, "%02lld:%02lld:%02lld",
		    (long long)(s / 3600), (long long)(s % 3600 / 60),
		    (long long)(s % 60));
	return buf;
}

static void
notif_name(int code, int sub, char *buf, size_t len)
{
	if (code < 0)
		str_copy(buf, "reason unknown", len);
	else if (sub < 0)
		str_copy(buf, bgp_err_code_name((uint8_t)code), len);
	else
		bgp_notification_name((uint8_t)code, (uint8_t)sub, buf, len);
}

static bool
administrative(int code, int sub)
{
	/* RFC 4486: shutdown, de-configured, reset by an operator */
	return code == 6 && (sub == 2 || sub == 3 || sub == 4);
}

static void
ev_nb(struct finding *f, const struct router_doc *d,
    const struct router_neighbor *nb)
{
	unsigned i;

	for (i = 0; f != NULL && i < nb->nsrc; i++)
		finding_ev_line(f, router_src_name(d, &nb->src[i]),
		    nb->src[i].line);
}

static void
ev_event(struct finding *f, const struct router_doc *d,
    const struct router_event *ev)
{
	struct evidence *e;

	if (f == NULL || f->nev >= LIMIT_EVIDENCE_PER_FINDING)
		return;
	finding_ev_line(f, router_src_name(d, &ev->src), ev->src.line);
	e = &f->ev[f->nev - 1];
	if (ev->time.year_from != ROUTER_TF_NONE) {
		e->time = ev->time.t;
		e->has_time = true;
	}
}

static const char *
when(const struct router_event *ev, char *buf, size_t len)
{
	if (ev->time.year_from != ROUTER_TF_NONE)
		return time_iso(ev->time.t, buf, len);
	snprintf(buf, len, "line %u", ev->src.line);
	return buf;
}

static bool
same_addr(const struct router_event *ev, const struct router_neighbor *nb)
{
	return net_addr_eq(&ev->addr, &nb->addr) &&
	    strcmp(ev->vrf, nb->vrf) == 0;
}

/* ------------------------------------------------------------------ */
/* Subjects                                                            */
/* ------------------------------------------------------------------ */

/*
 * Where on the router the session lives, as the subject's object: the
 * VRF ("default" when the output names none) or, for a BIRD protocol
 * the log knows only by name, the protocol; prefixed by the router's
 * host name when its prompt showed one ("tb-ce/default").
 */
static void
subj_where(struct finding_subject *s, const char *host, const char *vrf,
    const char *proto)
{
	const char *kind = proto != NULL && proto[0] ? "protocol" : "vrf";
	const char *name = proto != NULL && proto[0] ? proto :
	    vrf != NULL && vrf[0] ? vrf : "default";

	str_copy(s->object_kind, kind, sizeof(s->object_kind));
	snprintf(s->object, sizeof(s->object), "%s%s%s", host != NULL &&
	    host[0] ? host : "", host != NULL && host[0] ? "/" : "", name);
}

/* A neighbor's subject: it is the peer, the router local. */
static void
nb_subject(const struct router_neighbor *nb, struct finding_subject *s)
{
	memset(s, 0, sizeof(*s));
	s->peer = nb->addr;
	s->local = nb->local_addr;
	s->peer_port = nb->remote_port;
	s->local_port = nb->local_port;
	if (nb->has_remote_as)
		s->peer_as = nb->remote_as;
	if (nb->has_local_as)
		s->local_as = nb->local_as;
	subj_where(s, nb->host, nb->vrf, nb->addr.family == NET_AF_NONE ?
	    nb->proto : NULL);
}

/* The time span of the events idx[0..n) that have a time. */
static void
subj_span_events(struct finding *f, const struct router_doc *d,
    const size_t *idx, size_t n)
{
	usec_t lo = 0, hi = 0;
	bool any = false;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct router_event *ev = &d->events[idx[i]];

		if (ev->time.year_from == ROUTER_TF_NONE)
			continue;
		if (!any || ev->time.t < lo)
			lo = ev->time.t;
		if (!any || ev->time.t > hi)
			hi = ev->time.t;
		any = true;
	}
	if (any)
		finding_subj_span(f, lo, hi);
}

/* ------------------------------------------------------------------ */
/* Log events, per address                                             */
/* ------------------------------------------------------------------ */

/* An address (or BIRD protocol) the events talk about. */
struct peer {
	struct net_addr	 addr;
	char		 vrf[64];
	char		 proto[32];
};

static bool
ev_is(const struct router_event *ev, const struct peer *p)
{
	if (p->addr.family != 0)
		return net_addr_eq(&ev->addr, &p->addr) &&
		    strcmp(ev->vrf, p->vrf) == 0;
	return ev->addr.family == 0 && strcmp(ev->proto, p->proto) == 0;
}

static void
peer_name(const struct peer *p, char *buf, size_t len)
{
	if (p->addr.family != 0)
		diag_router_key(NULL, p->vrf, &p->addr, buf, len);
	else
		snprintf(buf, len, "BIRD protocol %s", p->proto);
}

/*
 * The events about peers, grouped: indices sorted by (address, VRF, BIRD
 * protocol), ties in document (time) order, so each peer's events are one
 * run in time order.  Sorting keeps a large log at n log n.
 */
static const struct router_doc *sort_doc;

static int
peer_cmp(const void *a, const void *b)
{
	const struct router_event *x = &sort_doc->events[*(const size_t *)a];
	const struct router_event *y = &sort_doc->events[*(const size_t *)b];
	int c;

	if ((c = net_addr_cmp(&x->addr, &y->addr)) != 0)
		return c;
	if ((c = strcmp(x->vrf, y->vrf)) != 0)
		return c;
	if ((c = strcmp(x->addr.family != 0 ? "" : x->proto,
	    y->addr.family != 0 ? "" : y->proto)) != 0)
		return c;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static size_t *
peer_order(const struct router_doc *d, size_t *n)
{
	size_t *v, i, k = 0;

	*n = 0;
	if (d->nevents == 0 || (v = erw_calloc(d->nevents, sizeof(*v))) == NULL)
		return NULL;
	for (i = 0; i < d->nevents; i++)
		if (d->events[i].addr.family != 0 ||
		    d->events[i].proto[0] != '\0')
			v[k++] = i;
	sort_doc = d;
	qsort(v, k, sizeof(*v), peer_cmp);
	sort_doc = NULL;
	*n = k;
	return v;
}

/* Reported from the logs, so not again from the show outputs. */
struct covered {
	struct net_addr	 addr;
	int		 code, sub;	/* -2: max-prefix */
};

struct cov_list {
	struct covered	*v;
	size_t		 n, cap;
	bool		 nomem;		/* a cover was lost: told to the list */
};

static void
cover(struct cov_list *c, const struct net_addr *a, int code, int sub)
{
	struct covered *nv;

	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 16;

		if ((nv = erw_realloc(c->v, ncap * sizeof(*nv))) == NULL) {
			/* without it a finding could be reported twice */
			c->nomem = true;
			return;
		}
		c->v = nv;
		c->cap = ncap;
	}
	c->v[c->n].addr = *a;
	c->v[c->n].code = code;
	c->v[c->n].sub = sub;
	c->n++;
}

static bool
covered(const struct cov_list *c, const struct net_addr *a, int code,
    int sub)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (net_addr_eq(&c->v[i].addr, a) && c->v[i].code == code &&
		    (c->v[i].sub == sub || sub < 0 || c->v[i].sub < 0))
			return true;
	return false;
}

/* Evidence: the first events, then the last one. */
static void
ev_some(struct finding *f, const struct router_doc *d, const size_t *idx,
    size_t n)
{
	size_t i, lim = LIMIT_EVIDENCE_PER_FINDING - 1;

	for (i = 0; i < n && i < lim; i++)
		ev_event(f, d, &d->events[idx[i]]);
	if (n > lim)
		ev_event(f, d, &d->events[idx[n - 1]]);
}

static void
log_findings(const struct router_doc *d, const struct diag_router_opts *o,
    const struct peer *p, const size_t *ge, size_t gn, size_t *idx,
    struct cov_list *cov, struct finding_list *out)
{
	char name[160], key[160], t1[40], t2[40], nm[96];
	struct finding *f;
	size_t i, j, g, n, cnt;
	const struct router_event *last = NULL;
	bool known = false;
	struct finding_subject subj;
	/* NOTIFICATION groups: direction and code, a few per peer */
	struct { bool sent; int code, sub; } grp[32];
	size_t ngrp = 0;

	peer_name(p, name, sizeof(name));
	str_copy(key, name, sizeof(key));
	/* what a show output says about the peer, else the log alone */
	memset(&subj, 0, sizeof(subj));
	for (i = 0; i < d->nneighbors; i++)
		if (p->addr.family != 0 ?
		    net_addr_eq(&d->neighbors[i].addr, &p->addr) &&
		    strcmp(d->neighbors[i].vrf, p->vrf) == 0 :
		    strcmp(d->neighbors[i].proto, p->proto) == 0)
			break;
	if (i < d->nneighbors)
		nb_subject(&d->neighbors[i], &subj);
	else {
		subj.peer = p->addr;
		subj_where(&subj, NULL, p->vrf, p->addr.family == NET_AF_NONE ?
		    p->proto : NULL);
	}
	/* ---- MD5 ---- */
	for (n = 0, g = 0; g < gn; g++)
		if (d->events[ge[g]].kind == ROUTER_EV_MD5_BAD ||
		    d->events[ge[g]].kind == ROUTER_EV_MD5_MISSING)
			idx[n++] = ge[g];
	if (n > 0) {
		size_t bad = 0;

		for (i = 0; i < n; i++)
			bad += d->events[idx[i]].kind == ROUTER_EV_MD5_BAD;
		f = finding_add(out, FC_ROUTER_MD5_AUTH_FAILURE, "%s: %zu TCP "
		    "MD5 failures (%s) between %s and %s", name, n,
		    bad == n ? "wrong signature" : bad == 0 ?
		    "signature missing" : "wrong or missing signature",
		    when(&d->events[idx[0]], t1, sizeof(t1)),
		    when(&d->events[idx[n - 1]], t2, sizeof(t2)));
		finding_set_group(f, key);
		finding_set_subject(f, &subj);
		subj_span_events(f, d, idx, n);
		ev_some(f, d, idx, n);
	}
	/* ---- NOTIFICATIONs and hold timer expiries, per direction and
	 * code ---- */
	for (g = 0; g < gn; g++) {
		const struct router_event *ev = &d->events[ge[g]];
		bool sent = ev->kind != ROUTER_EV_NOTIF_RECEIVED;

		if (ev->kind != ROUTER_EV_NOTIF_SENT &&
		    ev->kind != ROUTER_EV_NOTIF_RECEIVED &&
		    ev->kind != ROUTER_EV_HOLD_EXPIRED)
			continue;
		for (j = 0; j < ngrp; j++)
			if (grp[j].sent == sent && grp[j].code == ev->code &&
			    grp[j].sub == ev->subcode)
				break;
		if (j == ngrp && ngrp < sizeof(grp) / sizeof(grp[0])) {
			grp[ngrp].sent = sent;
			grp[ngrp].code = ev->code;
			grp[ngrp].sub = ev->subcode;
			ngrp++;
		}
	}
	for (j = 0; j < ngrp; j++) {
		const struct router_event *ev;

		for (cnt = 0, g = 0; g < gn; g++) {
			const struct router_event *e2 = &d->events[ge[g]];

			if ((e2->kind == ROUTER_EV_NOTIF_SENT ||
			    e2->kind == ROUTER_EV_NOTIF_RECEIVED ||
			    e2->kind == ROUTER_EV_HOLD_EXPIRED) &&
			    (e2->kind != ROUTER_EV_NOTIF_RECEIVED) ==
			    grp[j].sent && e2->code == grp[j].code &&
			    e2->subcode == grp[j].sub)
				idx[cnt++] = ge[g];
		}
		ev = &d->events[idx[0]];
		notif_name(ev->code, ev->subcode, nm, sizeof(nm));
		f = finding_add(out, FC_ROUTER_NOTIFICATION, "%s: NOTIFICATION "
		    "%d/%d (%s) %s %zu time(s), last %s", name, ev->code,
		    ev->subcode < 0 ? 0 : ev->subcode, nm, grp[j].sent ?
		    "sent" : "received", cnt, when(&d->events[idx[cnt - 1]],
		    t1, sizeof(t1)));
		if (f != NULL && administrative(ev->code, ev->subcode))
			f->sev = SEV_WARNING;
		finding_set_group(f, key);
		finding_set_subject(f, &subj);
		subj_span_events(f, d, idx, cnt);
		ev_some(f, d, idx, cnt);
		cover(cov, &p->addr, ev->code, ev->subcode);
		if (ev->code == 6 && ev->subcode == 1)
			cover(cov, &p->addr, -2, 0);
	}
	/* ---- maximum prefix ---- */
	for (n = 0, cnt = 0, g = 0; g < gn; g++) {
		const struct router_event *e2 = &d->events[ge[g]];

		if (e2->kind == ROUTER_EV_MAX_PREFIX ||
		    ((e2->kind == ROUTER_EV_NOTIF_SENT ||
		    e2->kind == ROUTER_EV_NOTIF_RECEIVED) &&
		    e2->code == 6 && e2->subcode == 1)) {
			idx[n++] = ge[g];
			if (e2->kind != ROUTER_EV_MAX_PREFIX || !e2->threshold)
				cnt++;
		}
	}
	if (n > 0) {
		const struct router_event *ev = &d->events[idx[n - 1]];
		char what[160];

		if (ev->count >= 0 && ev->limit >= 0)
			snprintf(what, sizeof(what), "%s: %lld prefixes, "
			    "limit %lld (%s)", cnt > 0 ? "exceeded" :
			    "threshold reached", (long long)ev->count,
			    (long long)ev->limit, when(ev, t1, sizeof(t1)));
		else
			snprintf(what, sizeof(what), "%s (%s)", cnt > 0 ?
			    "exceeded, session closed" : "threshold reached",
			    when(ev, t1, sizeof(t1)));
		f = finding_add(out, FC_ROUTER_MAX_PREFIX, "%s: maximum-prefix "
		    "limit %s", name, what);
		if (f != NULL && cnt == 0)
			f->sev = SEV_WARNING;
		finding_set_group(f, key);
		finding_set_subject(f, &subj);
		subj_span_events(f, d, idx, n);
		ev_some(f, d, idx, n);
		cover(cov, &p->addr, -2, 0);
	}
	/* ---- drops ---- */
	for (n = 0, g = 0; g < gn; g++)
		if (d->events[ge[g]].kind == ROUTER_EV_DOWN)
			idx[n++] = ge[g];
	if (n >= o->flaps && o->flaps > 0) {
		f = finding_add(out, FC_ROUTER_FLAPS, "%s: the session went "
		    "down %zu times (log, %s to %s)", name, n,
		    when(&d->events[idx[0]], t1, sizeof(t1)),
		    when(&d->events[idx[n - 1]], t2, sizeof(t2)));
		if (f != NULL)
			f->sev = SEV_ERROR;
		finding_set_group(f, key);
		finding_set_subject(f, &subj);
		subj_span_events(f, d, idx, n);
		ev_some(f, d, idx, n);
	}
	/* ---- only the log knows this peer: its last word ---- */
	for (i = 0; i < d->nneighbors; i++)
		if (p->addr.family != 0 ?
		    net_addr_eq(&d->neighbors[i].addr, &p->addr) :
		    strcmp(d->neighbors[i].proto, p->proto) == 0)
			known = true;
	if (known)
		return;
	for (g = 0; g < gn; g++) {
		const struct router_event *e2 = &d->events[ge[g]];

		if (e2->kind != ROUTER_EV_OPEN_SENT &&
		    !(e2->kind == ROUTER_EV_MAX_PREFIX && e2->threshold))
			last = e2;
	}
	if (last == NULL || last->kind == ROUTER_EV_UP)
		return;
	{
		static const char *const why[ROUTER_EV__COUNT] = {
			[ROUTER_EV_DOWN] = "the session went down",
			[ROUTER_EV_NOTIF_SENT] = "closed by a NOTIFICATION",
			[ROUTER_EV_NOTIF_RECEIVED] = "closed by a NOTIFICATION",
			[ROUTER_EV_MD5_BAD] = "TCP MD5 failures",
			[ROUTER_EV_MD5_MISSING] = "TCP MD5 failures",
			[ROUTER_EV_TCP_FAILED] = "the TCP connection is not "
			    "completing",
			[ROUTER_EV_HOLD_EXPIRED] = "the hold timer expired",
			[ROUTER_EV_MAX_PREFIX] = "maximum-prefix limit exceeded",
		};
		const char *w = why[last->kind] != NULL ? why[last->kind] :
		    "down";

		f = finding_add(out, FC_ROUTER_BGP_NOT_ESTABLISHED,
		    "neighbor %s is down per the log (last: %s at %s): %s",
		    name, router_event_name(last->kind),
		    when(last, t1, sizeof(t1)), w);
		finding_set_group(f, key);
		finding_set_subject(f, &subj);
		if (last->time.year_from != ROUTER_TF_NONE)
			finding_subj_span(f, last->time.t, last->time.t);
		ev_event(f, d, last);
	}
}

/* ------------------------------------------------------------------ */
/* Show outputs, per neighbor                                          */
/* ------------------------------------------------------------------ */

static void
neighbor_findings(const struct router_doc *d, const struct diag_router_opts *o,
    const struct router_neighbor *nb, const struct cov_list *cov,
    struct finding_list *out)
{
	char key[160], a[NET_ADDR_STRLEN], as[16], du[24], rt[72], nm[96];
	char extra[ROUTER_TEXT_MAX * 2 + 64];
	struct finding *f;
	struct finding_subject subj;
	size_t i;
	int64_t hold;

	diag_router_key(nb->host, nb->vrf, &nb->addr, key, sizeof(key));
	nb_subject(nb, &subj);
	net_addr_str(&nb->addr, a);
	if (nb->vrf[0] && strcmp(nb->vrf, "default") != 0) {
		char t[NET_ADDR_STRLEN + 70];

		snprintf(t, sizeof(t), "%s/%s", nb->vrf, a);
		str_copy(a, t, sizeof(a));
	}
	if (nb->has_remote_as)
		snprintf(as, sizeof(as), "%u", nb->remote_as);
	else
		str_copy(as, "?", sizeof(as));
	snprintf(rt, sizeof(rt), "%s%s", nb->host, nb->host[0] ? ": " : "");
	dur(nb->updown_s, du, sizeof(du));
	if (nb->state == ROUTER_ST_ESTABLISHED) {
		char pfx[24];

		if (nb->pfx_received >= 0)
			snprintf(pfx, sizeof(pfx), "%lld",
			    (long long)nb->pfx_received);
		else if (nb->pfx_accepted >= 0)
			snprintf(pfx, sizeof(pfx), "%lld",
			    (long long)nb->pfx_accepted);
		else
			str_copy(pfx, "?", sizeof(pfx));
		f = finding_add(out, FC_ROUTER_BGP_ESTABLISHED, "%sneighbor %s "
		    "(AS %s) is Established%s%s, %s prefixes received", rt, a,
		    as, du[0] ? " for " : "", du, pfx);
		finding_set_group(f, key);
		finding_set_subject(f, &subj);
		ev_nb(f, d, nb);
	} else if (nb->state != ROUTER_ST_UNKNOWN) {
		extra[0] = '\0';
		if (nb->md5 == ROUTER_YES && (nb->state == ROUTER_ST_ACTIVE ||
		    nb->state == ROUTER_ST_CONNECT))
			str_copy(extra, "; a TCP MD5 key is configured: check "
			    "that both ends have the same", sizeof(extra));
		if (nb->last_error[0] != '\0') {
			size_t l = strlen(extra);

			snprintf(extra + l, sizeof(extra) - l, "; last error: "
			    "%s", nb->last_error);
		} else if (nb->reset_reason[0] != '\0') {
			size_t l = strlen(extra);

			snprintf(extra + l, sizeof(extra) - l, "; last reset: "
			    "%s", nb->reset_reason);
		}
		f = finding_add(out, FC_ROUTER_BGP_NOT_ESTABLISHED, "%sneighbor "
		    "%s (AS %s) is %s%s%s%s: %s%s", rt, a, as,
		    nb->state_text[0] ? nb->state_text :
		    router_state_name(nb->state),
		    nb->state_text[0] && str_casecmp(nb->state_text,
		    router_state_name(nb->state)) != 0 ? " (" : "",
		    nb->state_text[0] && str_casecmp(nb->state_text,
		    router_state_name(nb->state)) != 0 ?
		    router_state_name(nb->state) : "",
		    nb->state_text[0] && str_casecmp(nb->state_text,
		    router_state_name(nb->state)) != 0 ? ")" : "",
		    diag_router_state_meaning(nb->state, nb->admin_down), extra);
		finding_set_group(f, key);
		finding_set_subject(f, &subj);
		ev_nb(f, d, nb);
		/* the log lines about it */
		for (i = d->nevents; f != NULL && i > 0; i--)
			if (same_addr(&d->events[i - 1], nb) &&
			    d->events[i - 1].kind != ROUTER_EV_UP &&
			    d->events[i - 1].kind != ROUTER_EV_OPEN_SENT) {
				const struct router_event *ev;

				ev = &d->events[i - 1];
				ev_event(f, d, ev);
				if (ev->time.year_from != ROUTER_TF_NONE)
					finding_subj_span(f, ev->time.t,
					    ev->time.t);
				break;
			}
	}
	if (nb->err_code != 0 && !covered(cov, &nb->addr, nb->err_code,
	    nb->err_subcode)) {
		notif_name(nb->err_code, nb->err_subcode, nm, sizeof(nm));
		f = finding_add(out, FC_ROUTER_NOTIFICATION, "%s: NOTIFICATION "
		    "%u/%u (%s) was the last error (%s)", a, nb->err_code,
		    nb->err_subcode, nm, nb->last_error[0] ? nb->last_error :
		    nb->reset_reason);
		/* history on a session that is up again */
		if (f != NULL && (nb->state == ROUTER_ST_ESTABLISHED ||
		    administrative(nb->err_code, nb->err_subcode)))
			f->sev = SEV_WARNING;
		finding_set_group(f, key);
		finding_set_subject(f, &subj);
		ev_nb(f, d, nb);
	}
	if (nb->max_prefix && !covered(cov, &nb->addr, -2, 0)) {
		f = finding_add(out, FC_ROUTER_MAX_PREFIX, "%s: maximum-prefix "
		    "limit exceeded, session closed (%s)", a,
		    nb->state_text[0] ? nb->state_text : nb->last_error);
		finding_set_group(f, key);
		finding_set_subject(f, &subj);
		ev_nb(f, d, nb);
	}
	if (nb->flaps >= 0 && o->flaps > 0 && nb->flaps >= (int64_t)o->flaps) {
		f = finding_add(out, FC_ROUTER_FLAPS, "%s: the session went "
		    "down %lld times (counter in the show output)", a,
		    (long long)nb->flaps);
		finding_set_group(f, key);
		finding_set_subject(f, &subj);
		ev_nb(f, d, nb);
	}
	hold = nb->state == ROUTER_ST_ESTABLISHED && nb->hold >= 0 ? nb->hold :
	    nb->hold_cfg >= 0 ? nb->hold_cfg : nb->hold;
	if (hold > 0 && hold < (int64_t)o->min_hold) {
		f = finding_add(out, FC_ROUTER_HOLD_TIMER_SHORT, "%s: %s hold "
		    "time %lld s is below %u s", a, hold == nb->hold &&
		    nb->state == ROUTER_ST_ESTABLISHED ? "negotiated" :
		    "configured", (long long)hold, o->min_hold);
		finding_set_group(f, key);
		finding_set_subject(f, &subj);
		ev_nb(f, d, nb);
	}
}

static void
input_findings(const struct router_doc *d, struct finding_list *out)
{
	struct finding *f;
	size_t i;
	unsigned s;

	for (i = 0; i < d->ninputs; i++) {
		const struct router_input *in = &d->inputs[i];

		for (s = 0; s < in->nsections; s++) {
			const struct router_section *sec = &in->sections[s];

			if (!sec->truncated)
				continue;
			f = finding_add(out, FC_ROUTER_INPUT_TRUNCATED, "%s: the "
			    "%s %s%s is cut short at line %u", in->name,
			    router_vendor_name(sec->vendor),
			    router_kind_name(sec->kind), sec->json ?
			    " (JSON)" : "", sec->last_line);
			if (sec->host[0] != '\0')
				finding_subj_object(f, "router", sec->host);
			finding_ev_line(f, in->name, sec->last_line);
		}
	}
}

void
diag_router(const struct router_doc *d, const struct diag_router_opts *opts,
    struct finding_list *out)
{
	struct diag_router_opts def;
	struct cov_list cov;
	struct peer p;
	size_t no = 0, i, b, *ord, *idx = NULL;

	if (opts == NULL) {
		diag_router_opts_init(&def);
		opts = &def;
	}
	memset(&cov, 0, sizeof(cov));
	ord = peer_order(d, &no);
	if ((ord == NULL && d->nevents > 0) ||
	    (no > 0 && (idx = erw_calloc(no, sizeof(*idx))) == NULL)) {
		/* the log findings would be missing: no verdict at all */
		out->nomem = true;
		no = 0;
	}
	for (b = 0; b < no; b = i) {
		const struct router_event *ev = &d->events[ord[b]];

		memset(&p, 0, sizeof(p));
		p.addr = ev->addr;
		str_copy(p.vrf, ev->vrf, sizeof(p.vrf));
		str_copy(p.proto, ev->addr.family == 0 ? ev->proto : "",
		    sizeof(p.proto));
		for (i = b + 1; i < no && ev_is(&d->events[ord[i]], &p); i++)
			;
		log_findings(d, opts, &p, ord + b, i - b, idx, &cov, out);
	}
	for (i = 0; i < d->nneighbors; i++)
		neighbor_findings(d, opts, &d->neighbors[i], &cov, out);
	input_findings(d, out);
	diag_router_links(d, out);
	if (cov.nomem)
		out->nomem = true;
	free(idx);
	free(ord);
	free(cov.v);
}
