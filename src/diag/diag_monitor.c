/*
 * diag_monitor: findings from the monitor's history (diag_monitor.h).
 * The reader (monitor/mon_history.c) has already computed the outages
 * and the flapping windows; this turns them into catalog findings with
 * structured subjects, so that diagnose can join them with the sessions
 * of other evidence on address, path and time.
 */
#include <stdio.h>
#include <string.h>

#include "diag/diag_monitor.h"

const char *
diag_monitor_dur(usec_t d, char *buf, size_t len)
{
	long long s = (long long)(d / USEC_PER_SEC);

	if (s >= 86400)
		snprintf(buf, len, "%lldd%02lldh", s / 86400, s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(buf, len, "%lldh%02lldm", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(buf, len, "%lldm%02llds", s / 60, s % 60);
	else
		snprintf(buf, len, "%llds", s);
	return buf;
}

static void
subject(struct finding *f, const struct mon_hist_endpoint *ep, usec_t from,
    usec_t to)
{
	struct net_addr a;

	if (net_addr_parse(ep->address, &a) == 0)
		finding_subj_peers(f, NULL, 0, &a,
		    ep->port > 0 && ep->port <= 65535 ? (uint16_t)ep->port : 0);
	finding_subj_path(f, path_role_by_name(ep->path));
	finding_subj_span(f, from, to);
	finding_subj_object(f, "endpoint", ep->name);
	finding_set_group(f, ep->name);
}

static void
outage(const struct mon_history *h, const struct mon_hist_endpoint *ep,
    const struct mon_hist_outage *o, struct finding_list *out)
{
	char a[40], b[40], d[32];
	struct finding *f;
	usec_t from = o->from < h->q.since ? h->q.since : o->from;

	time_iso(o->from, a, sizeof(a));
	diag_monitor_dur(o->to - from, d, sizeof(d));
	if (o->open)
		f = finding_add(out, FC_MONITOR_OUTAGE, "%s failing since %s, "
		    "not recovered (%s so far in the window, %llu failed "
		    "checks, %s)", ep->name, a, d,
		    (unsigned long long)o->failed,
		    o->status[0] != '\0' ? o->status : "no status");
	else
		f = finding_add(out, FC_MONITOR_OUTAGE, "%s failing from %s "
		    "to %s (%s, %llu failed checks, %s)", ep->name, a,
		    time_iso(o->to, b, sizeof(b)), d,
		    (unsigned long long)o->failed,
		    o->status[0] != '\0' ? o->status : "no status");
	subject(f, ep, o->from, o->to);
	finding_ev_note(f, h->input, "%s, endpoint id %lld",
	    ep->from_states ? "state_change" : "result", (long long)ep->id);
}

void
diag_monitor(const struct mon_history *h, struct finding_list *out)
{
	char a[40], b[40], w[32];
	struct finding *f;
	size_t i, k;

	for (i = 0; i < h->nendpoints; i++) {
		const struct mon_hist_endpoint *ep = &h->endpoints[i];

		for (k = 0; k < ep->noutages; k++)
			outage(h, ep, &ep->outages[k], out);
		if (!ep->flapping)
			continue;
		f = finding_add(out, FC_MONITOR_FLAPPING, "%s changed state %d "
		    "times within %s (%s to %s)", ep->name, ep->flap_max,
		    diag_monitor_dur(h->q.flap_window, w, sizeof(w)),
		    time_iso(ep->flap_from, a, sizeof(a)),
		    time_iso(ep->flap_to, b, sizeof(b)));
		subject(f, ep, ep->flap_from, ep->flap_to);
		finding_ev_note(f, h->input, "%d transitions, %zu in the "
		    "window", ep->flap_max, ep->transitions);
	}
}
