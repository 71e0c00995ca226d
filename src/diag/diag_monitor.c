/*
 * diag_monitor: findings from the monitor's history (diag_monitor.h).
 * The reader (monitor/mon_history.c) has already computed the outages
 * and the flapping windows; this turns them into catalog findings with
 * structured subjects, so that diagnose can join them with the sessions
 * of other evidence on address, path and time.  The cloud's own view
 * (Azure Monitor's BgpAvailability / ArpAvailability series imported into
 * the metric table) gives a finding per interval below 100%, and is set
 * against each of the agent's outages on the same peer: the edge saw the
 * session down too (the session failed), or kept it up throughout (the
 * agent's path to the peer failed, not BGP).
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

/* ------------------------------------------------------------------ */
/* The cloud's view                                                    */
/* ------------------------------------------------------------------ */

static bool
is_cloud_endpoint(const struct mon_hist_endpoint *ep)
{
	return strncmp(ep->kind, "cloud_", 6) == 0 ||
	    strcmp(ep->agent, MON_IMPORT_AGENT) == 0;
}

static void
series_subject(struct finding *f, const struct mon_hist_series *s,
    usec_t from, usec_t to)
{
	struct net_addr a;
	char obj[sizeof(s->metric) + sizeof(s->peer) + 2];

	if (s->address[0] != '\0' && net_addr_parse(s->address, &a) == 0)
		finding_subj_peers(f, NULL, 0, &a, 0);
	finding_subj_path(f, path_role_by_name(s->path));
	finding_subj_span(f, from, to);
	snprintf(obj, sizeof(obj), "%s:%s", s->metric, s->peer);
	finding_subj_object(f, "metric", obj);
	finding_set_group(f, obj);
}

static void
cloud_dips(const struct mon_history *h, const struct mon_hist_series *s,
    struct finding_list *out)
{
	enum finding_code code;
	char a[40], b[40], d[32];
	struct finding *f;
	size_t k;

	if (strcmp(s->metric, "BgpAvailability") == 0)
		code = FC_MONITOR_CLOUD_BGP_DOWN;
	else if (strcmp(s->metric, "ArpAvailability") == 0)
		code = FC_MONITOR_CLOUD_ARP_DOWN;
	else
		return;
	for (k = 0; k < s->ndips; k++) {
		const struct mon_hist_dip *dp = &s->dips[k];

		f = finding_add(out, code, "Azure Monitor's %s of %s (%s) was "
		    "below 100%% from %s to %s (%s, lowest %.4g%%, %zu "
		    "points)", s->metric, s->peer[0] ? s->peer : "the peer",
		    s->path[0] ? s->path : "path unknown",
		    time_iso(dp->from, a, sizeof(a)),
		    time_iso(dp->to, b, sizeof(b)),
		    diag_monitor_dur(dp->to - dp->from, d, sizeof(d)),
		    dp->min, dp->points);
		series_subject(f, s, dp->from, dp->to);
		finding_ev_note(f, h->input, "metric %s, resource %.100s",
		    s->metric, s->resource);
	}
}

/* Does series s speak of endpoint ep's peer: the same address when both
 * know one, else the same path. */
static bool
series_of(const struct mon_hist_series *s, const struct mon_hist_endpoint *ep)
{
	if (strcmp(s->metric, "BgpAvailability") != 0)
		return false;
	if (s->address[0] != '\0' && ep->address[0] != '\0')
		return strcmp(s->address, ep->address) == 0;
	return s->path[0] != '\0' && strcmp(s->path, ep->path) == 0;
}

/* The series' points (bucket minima) over [from, to]: -1 when it has a
 * gap there longer than the reader's (MON_HIST_DIP_GAP_GRAINS grains:
 * buckets narrower than the grain are empty between points) or no point
 * at all, so that the cloud's view does not cover the outage; else the
 * lowest. */
static double
series_low(const struct mon_history *h, const struct mon_hist_series *s,
    usec_t from, usec_t to)
{
	double low = 100;
	usec_t i0, i1, i, run = 0, gap;
	bool any = false;

	if (h->bucket_us <= 0)
		return -1;
	if (from < h->q.since)
		from = h->q.since;
	if (to > h->q.until)
		to = h->q.until;
	if (to < from)
		return -1;
	i0 = (from - h->q.since) / h->bucket_us;
	i1 = (to - h->q.since) / h->bucket_us;
	gap = (s->grain > 0 ? s->grain : MON_DIAG_CLOUD_SLACK) *
	    MON_HIST_DIP_GAP_GRAINS;
	for (i = i0; i <= i1 && i < MON_HIST_BUCKETS; i++) {
		if (s->buckets[i] < 0) {
			if (++run * h->bucket_us > gap)
				return -1;
			continue;
		}
		run = 0;
		any = true;
		if (s->buckets[i] < low)
			low = s->buckets[i];
	}
	return any ? low : -1;
}

static void
cloud_vs_agent(const struct mon_history *h, const struct mon_hist_endpoint *ep,
    const struct mon_hist_outage *o, struct finding_list *out)
{
	char a[40], b[40], c[40], d[40];
	struct finding *f;
	size_t i, k;

	for (i = 0; i < h->nseries; i++) {
		const struct mon_hist_series *s = &h->series[i];
		/* a point stands for its grain: a dip's last point and the
		 * outage's first check may be that far apart */
		usec_t slack = s->grain > 0 ? s->grain :
		    MON_DIAG_CLOUD_SLACK;
		const struct mon_hist_dip *dp = NULL;

		if (!series_of(s, ep))
			continue;
		for (k = 0; k < s->ndips && dp == NULL; k++)
			if (s->dips[k].from <= o->to + slack &&
			    s->dips[k].to + slack >= o->from)
				dp = &s->dips[k];
		if (dp != NULL) {
			f = finding_add(out, FC_MONITOR_SESSION_DOWN_BOTH,
			    "%s failed from %s to %s and Azure Monitor's "
			    "BgpAvailability of %s was below 100%% from %s to "
			    "%s (lowest %.4g%%): the session itself was down",
			    ep->name, time_iso(o->from, a, sizeof(a)),
			    time_iso(o->to, b, sizeof(b)), s->peer,
			    time_iso(dp->from, c, sizeof(c)),
			    time_iso(dp->to, d, sizeof(d)), dp->min);
		} else if (series_low(h, s, o->from, o->to) >= 100) {
			f = finding_add(out, FC_MONITOR_AGENT_ONLY_OUTAGE,
			    "%s failed from %s to %s while Azure Monitor saw "
			    "BgpAvailability of %s at 100%%: the problem is "
			    "between the agent and the edge", ep->name,
			    time_iso(o->from, a, sizeof(a)),
			    time_iso(o->to, b, sizeof(b)), s->peer);
		} else
			continue;	/* not covered, or a dip near it */
		subject(f, ep, o->from, o->to);
		finding_ev_note(f, h->input, "endpoint id %lld against metric "
		    "BgpAvailability:%s", (long long)ep->id, s->peer);
		return;	/* one cloud series judges an outage */
	}
}

void
diag_monitor(const struct mon_history *h, struct finding_list *out)
{
	char a[40], b[40], w[32];
	struct finding *f;
	size_t i, k;

	for (i = 0; i < h->nendpoints; i++) {
		const struct mon_hist_endpoint *ep = &h->endpoints[i];

		for (k = 0; k < ep->noutages; k++) {
			outage(h, ep, &ep->outages[k], out);
			if (!is_cloud_endpoint(ep))
				cloud_vs_agent(h, ep, &ep->outages[k], out);
		}
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
	for (i = 0; i < h->nseries; i++)
		cloud_dips(h, &h->series[i], out);
}
