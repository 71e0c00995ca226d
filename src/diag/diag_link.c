/*
 * Link outages: a router's interface down/up lines and a carrier's
 * outage table become intervals, one finding each; diag_correlate()
 * then sets them against the session drops other evidence shows.
 *
 * Intervals are kept per physical link: a sub-interface's line protocol
 * ("Gi0/0/1.100") follows its parent's link ("Gi0/0/1"), so both lines of
 * one outage make one interval, not two.  A down that the log never sees
 * restored is open: still down at the end of the evidence, which is worse
 * than an outage that came back (error, not warning).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag_router.h"

struct link_ev {
	const struct router_event	*ev;
	char				 key[64];	/* physical link */
	bool				 carrier;
};

static int
link_cmp(const void *a, const void *b)
{
	const struct link_ev *x = a, *y = b;
	int c;

	if (x->carrier != y->carrier)
		return x->carrier ? 1 : -1;
	if ((c = strcmp(x->key, y->key)) != 0)
		return c;
	if (x->ev->time.t != y->ev->time.t)
		return x->ev->time.t < y->ev->time.t ? -1 : 1;
	/* Same second: a down before an up keeps the outage. */
	return (int)(y->ev->kind == ROUTER_EV_LINK_DOWN) -
	    (int)(x->ev->kind == ROUTER_EV_LINK_DOWN);
}

void
diag_duration_text(usec_t d, char *buf, size_t len)
{
	long long s = (long long)(d / USEC_PER_SEC);

	if (s < 120)
		snprintf(buf, len, "%lld s", s);
	else if (s < 7200)
		snprintf(buf, len, "%lld min %02lld s", s / 60, s % 60);
	else
		snprintf(buf, len, "%lld h %02lld min", s / 3600,
		    (s / 60) % 60);
}

static void
emit(const struct router_doc *d, const struct link_ev *down,
    const struct link_ev *up, usec_t last_seen, struct finding_list *out)
{
	char t1[40], t2[40], du[32], host[80], span[224];
	const struct router_section *sec = NULL;
	const struct router_input *in;
	struct finding *f;
	usec_t end = up != NULL ? up->ev->time.t : last_seen;
	unsigned i;

	diag_duration_text(end - down->ev->time.t, du, sizeof(du));
	time_iso(down->ev->time.t, t1, sizeof(t1));
	time_iso(end, t2, sizeof(t2));
	/* An open outage: down since, to the last time the log speaks. */
	if (up == NULL && end > down->ev->time.t)
		snprintf(span, sizeof(span), "down since %s, not restored by "
		    "the end of the log at %s (%s or more)", t1, t2, du);
	else if (up == NULL)
		snprintf(span, sizeof(span), "down since %s, not restored "
		    "in the log", t1);
	else
		snprintf(span, sizeof(span), "down from %s to %s (%s)", t1, t2,
		    du);
	if (down->carrier) {
		f = finding_add(out, FC_CARRIER_LINK_DOWN,
		    "the provider's log has %s %s%s%s", down->key, span,
		    down->ev->reason[0] != '\0' ? ": " : "",
		    down->ev->reason);
	} else {
		in = &d->inputs[down->ev->src.input];
		for (i = 0; i < in->nsections; i++)
			if (down->ev->src.line >= in->sections[i].first_line &&
			    down->ev->src.line <= in->sections[i].last_line)
				sec = &in->sections[i];
		if (sec != NULL && sec->host[0] != '\0')
			snprintf(host, sizeof(host), "%s", sec->host);
		else
			snprintf(host, sizeof(host), "the router");
		f = finding_add(out, FC_ROUTER_LINK_DOWN, "%s logged %s %s%s%s",
		    host, down->ev->ifname, span,
		    down->ev->reason[0] != '\0' ? ": " : "",
		    down->ev->reason);
	}
	if (f == NULL)
		return;
	if (up == NULL)
		f->sev = SEV_ERROR;
	finding_subj_span(f, down->ev->time.t, end);
	finding_subj_object(f, "link", down->key);
	finding_ev_line(f, router_src_name(d, &down->ev->src),
	    down->ev->src.line);
	f->ev[f->nev - 1].time = down->ev->time.t;
	f->ev[f->nev - 1].has_time = true;
	if (up != NULL) {
		finding_ev_line(f, router_src_name(d, &up->ev->src),
		    up->ev->src.line);
		f->ev[f->nev - 1].time = up->ev->time.t;
		f->ev[f->nev - 1].has_time = true;
	}
}

void
diag_router_links(const struct router_doc *d, struct finding_list *out)
{
	struct link_ev *v;
	usec_t last_seen = 0;
	size_t i, n = 0, b, open;
	char *dot;

	for (i = 0; i < d->nevents; i++)
		if (d->events[i].time.year_from != ROUTER_TF_NONE &&
		    d->events[i].time.t > last_seen)
			last_seen = d->events[i].time.t;
	if ((v = erw_calloc(d->nevents + 1, sizeof(*v))) == NULL) {
		out->nomem = d->nevents > 0;
		return;
	}
	for (i = 0; i < d->nevents; i++) {
		const struct router_event *e = &d->events[i];

		if ((e->kind != ROUTER_EV_LINK_DOWN &&
		    e->kind != ROUTER_EV_LINK_UP) ||
		    e->time.year_from == ROUTER_TF_NONE)
			continue;
		v[n].ev = e;
		v[n].carrier = e->vendor == ROUTER_VENDOR_CARRIER;
		str_copy(v[n].key, e->ifname, sizeof(v[n].key));
		/* "Gi0/0/1.100", "xe-0/0/0.100": the parent's link */
		if (!v[n].carrier && (dot = strchr(v[n].key, '.')) != NULL)
			*dot = '\0';
		n++;
	}
	qsort(v, n, sizeof(*v), link_cmp);
	for (b = 0; b < n; b = i) {
		open = SIZE_MAX;
		for (i = b; i < n && v[i].carrier == v[b].carrier &&
		    strcmp(v[i].key, v[b].key) == 0; i++) {
			if (v[i].ev->kind == ROUTER_EV_LINK_DOWN) {
				if (open == SIZE_MAX)
					open = i;
			} else if (open != SIZE_MAX) {
				/* The link and its line protocol both come
				 * up: the first up ends the outage. */
				emit(d, &v[open], &v[i], last_seen, out);
				open = SIZE_MAX;
			}
		}
		if (open != SIZE_MAX)
			emit(d, &v[open], NULL, last_seen, out);
	}
	free(v);
}
