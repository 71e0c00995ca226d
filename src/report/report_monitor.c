/*
 * report_monitor: `erwatch monitor report` as a report document
 * (report_monitor.h).  The figures are the reader's (mon_history.c), the
 * judgments diag_monitor()'s; this only lays them out: tables for text
 * and JSON, and one timeline where the agent's outages and the cloud's
 * BgpAvailability / ArpAvailability dips share the time axis in HTML.
 */
#include <stdio.h>
#include <string.h>

#include "report_monitor.h"

/* RTT in milliseconds for the tables; -1 is "none". */
static void
val_ms(struct report_val *v, int64_t us)
{
	if (us < 0)
		report_val_null(v);
	else
		report_val_real(v, (double)us / 1000.0);
}

static void
endpoints_table(struct report_node *root, const struct mon_history *h)
{
	struct report_node *t;
	struct report_row *r;
	size_t i;
	int c_name, c_kind, c_addr, c_path, c_checks, c_failed, c_avail,
	    c_fpct, c_p50, c_p95, c_p99, c_out, c_down, c_flap;

	t = report_table(root, "endpoints", "Endpoints");
	report_node_flags(t, REPORT_TEXT_HEADER | REPORT_TEXT_GAP);
	c_name = report_col(t, "endpoint", "name", REPORT_TEXT, "%-24s");
	c_kind = report_col(t, NULL, "kind", REPORT_TEXT, NULL);
	c_addr = report_col(t, "address", "address", REPORT_TEXT, NULL);
	c_path = report_col(t, "path", "path", REPORT_TEXT, " %-9s");
	c_checks = report_col(t, "checks", "checks", REPORT_INT, " %7s");
	c_failed = report_col(t, "failed", "failed", REPORT_INT, " %6s");
	c_avail = report_col(t, "avail %", "availabilityPercent", REPORT_REAL,
	    " %8s");
	c_fpct = report_col(t, NULL, "checksFailedPercent", REPORT_REAL,
	    NULL);
	c_p50 = report_col(t, "p50 ms", "rttP50Ms", REPORT_REAL, " %7s");
	c_p95 = report_col(t, "p95 ms", "rttP95Ms", REPORT_REAL, " %7s");
	c_p99 = report_col(t, "p99 ms", "rttP99Ms", REPORT_REAL, " %7s");
	c_out = report_col(t, "outages", "outages", REPORT_INT, " %7s");
	c_down = report_col(t, "down", "downtimeSeconds", REPORT_DURATION,
	    " %9s");
	c_flap = report_col(t, "flapping", "flapping", REPORT_BOOL, " %8s");
	for (i = 0; i < h->nendpoints; i++) {
		const struct mon_hist_endpoint *ep = &h->endpoints[i];

		r = report_row(t);
		report_val_text(report_cell(r, c_name), ep->name);
		report_val_text(report_cell(r, c_kind), ep->kind);
		report_val_text_or_null(report_cell(r, c_addr), ep->address);
		report_val_text_or_null(report_cell(r, c_path), ep->path);
		report_val_int(report_cell(r, c_checks), (int64_t)ep->checks);
		report_val_int(report_cell(r, c_failed), (int64_t)ep->failed);
		if (ep->checks > 0) {
			report_val_real(report_cell(r, c_avail),
			    ep->availability);
			report_val_displayf(report_cell(r, c_avail), "%.2f",
			    ep->availability);
			report_val_real(report_cell(r, c_fpct),
			    100.0 - ep->availability);
		}
		val_ms(report_cell(r, c_p50), ep->rtt_p50_us);
		val_ms(report_cell(r, c_p95), ep->rtt_p95_us);
		val_ms(report_cell(r, c_p99), ep->rtt_p99_us);
		report_val_int(report_cell(r, c_out), (int64_t)(ep->noutages +
		    ep->outages_dropped));
		report_val_duration(report_cell(r, c_down),
		    ep->downtime_us / USEC_PER_SEC);
		report_val_bool(report_cell(r, c_flap), ep->flapping);
	}
}

static void
outages_table(struct report_node *root, const struct mon_history *h)
{
	struct report_node *t;
	struct report_row *r;
	size_t i, k;
	int c_ep, c_from, c_to, c_dur, c_open, c_failed, c_status, c_src;

	t = report_table(root, "outages", "Outages");
	report_node_flags(t, REPORT_TEXT_HEADER | REPORT_TEXT_GAP);
	c_ep = report_col(t, "endpoint", "endpoint", REPORT_TEXT, "%-24s");
	c_from = report_col(t, "from", "from", REPORT_TIME, " %-27s");
	c_to = report_col(t, "to", "to", REPORT_TIME, " %-27s");
	c_dur = report_col(t, "duration", "durationSeconds", REPORT_DURATION,
	    " %9s");
	c_open = report_col(t, "open", "open", REPORT_BOOL, " %4s");
	c_failed = report_col(t, "failed", "failedChecks", REPORT_INT, " %6s");
	c_status = report_col(t, "status", "status", REPORT_TEXT, " %s");
	c_src = report_col(t, NULL, "source", REPORT_TEXT, NULL);
	for (i = 0; i < h->nendpoints; i++) {
		const struct mon_hist_endpoint *ep = &h->endpoints[i];

		for (k = 0; k < ep->noutages; k++) {
			const struct mon_hist_outage *o = &ep->outages[k];

			r = report_row(t);
			report_val_text(report_cell(r, c_ep), ep->name);
			report_val_time(report_cell(r, c_from), o->from);
			if (o->open)
				report_val_null(report_cell(r, c_to));
			else
				report_val_time(report_cell(r, c_to), o->to);
			report_val_duration(report_cell(r, c_dur),
			    (o->to - o->from) / USEC_PER_SEC);
			report_val_bool(report_cell(r, c_open), o->open);
			report_val_int(report_cell(r, c_failed),
			    (int64_t)o->failed);
			report_val_text_or_null(report_cell(r, c_status),
			    o->status);
			report_val_text(report_cell(r, c_src), ep->from_states ?
			    "state_change" : "result");
		}
	}
}

static void
cloud_table(struct report_node *root, const struct mon_history *h)
{
	struct report_node *t, *dt;
	struct report_row *r, *dr;
	size_t i, k;
	int c_met, c_peer, c_path, c_pts, c_avg, c_min, c_dips, c_res, d_from,
	    d_to, d_min;

	t = report_table(root, "cloud", "Azure Monitor metrics");
	report_node_flags(t, REPORT_TEXT_HEADER | REPORT_TEXT_GAP);
	c_met = report_col(t, "metric", "metric", REPORT_TEXT, "%-16s");
	c_peer = report_col(t, "peer", "peer", REPORT_TEXT, " %-16s");
	c_path = report_col(t, "path", "path", REPORT_TEXT, " %-9s");
	c_pts = report_col(t, "points", "points", REPORT_INT, " %6s");
	c_avg = report_col(t, "avg %", "averagePercent", REPORT_REAL, " %7s");
	c_min = report_col(t, "min %", "minimumPercent", REPORT_REAL, " %7s");
	c_res = report_col(t, NULL, "resource", REPORT_TEXT, NULL);
	c_dips = report_col(t, "below 100%", "below100", REPORT_NODE, " %s");
	for (i = 0; i < h->nseries; i++) {
		const struct mon_hist_series *s = &h->series[i];

		r = report_row(t);
		report_val_text(report_cell(r, c_met), s->metric);
		report_val_text_or_null(report_cell(r, c_peer), s->peer);
		report_val_text_or_null(report_cell(r, c_path), s->path);
		report_val_int(report_cell(r, c_pts), (int64_t)s->points);
		report_val_real(report_cell(r, c_avg), s->avg);
		report_val_displayf(report_cell(r, c_avg), "%.2f", s->avg);
		report_val_real(report_cell(r, c_min), s->min);
		report_val_displayf(report_cell(r, c_min), "%.2f", s->min);
		report_val_text(report_cell(r, c_res), s->resource);
		dt = report_val_table(report_cell(r, c_dips));
		d_from = report_col(dt, "from", "from", REPORT_TIME, "    %s");
		d_to = report_col(dt, "to", "to", REPORT_TIME, " to %s");
		d_min = report_col(dt, "min %", "minimumPercent", REPORT_REAL,
		    ", min %s%%");
		for (k = 0; k < s->ndips; k++) {
			dr = report_row(dt);
			report_val_time(report_cell(dr, d_from),
			    s->dips[k].from);
			report_val_time(report_cell(dr, d_to), s->dips[k].to);
			report_val_real(report_cell(dr, d_min), s->dips[k].min);
		}
	}
}

static void
timeline(struct report_node *root, const struct mon_history *h)
{
	struct report_node *tl;
	struct report_lane *l = NULL;
	char label[200];
	size_t i, k;

	tl = report_timeline(root, NULL, "Timeline: the agent's outages and "
	    "the cloud's availability", h->q.since, h->q.until);
	for (i = 0; i < h->nendpoints; i++) {
		const struct mon_hist_endpoint *ep = &h->endpoints[i];

		l = report_lane(tl, ep->name, "monitor");
		for (k = 0; k < ep->noutages; k++) {
			const struct mon_hist_outage *o = &ep->outages[k];

			report_interval(l, o->from < h->q.since ? h->q.since :
			    o->from, o->to, REPORT_IV_DOWN, o->open ?
			    "failing, open" : "failing");
		}
	}
	for (i = 0; i < h->nseries; i++) {
		const struct mon_hist_series *s = &h->series[i];

		snprintf(label, sizeof(label), "%s %s%s%s", s->metric,
		    s->peer, s->path[0] != '\0' ? " " : "", s->path);
		l = report_lane(tl, label, "cloud");
		for (k = 0; k < s->ndips; k++) {
			snprintf(label, sizeof(label), "min %.1f%%",
			    s->dips[k].min);
			report_interval(l, s->dips[k].from, s->dips[k].to,
			    REPORT_IV_DOWN, label);
		}
	}
	for (i = 0; i < h->nevents; i++) {
		if (i == 0)
			l = report_lane(tl, "monitor events", "log");
		report_mark(l, h->events[i].ts, REPORT_MK_LOG,
		    h->events[i].kind);
	}
}

/* Endpoints drawn on the RTT chart: more lines would be noise. */
#define RTT_CHART_MAX	8

/* RTT over the window: per endpoint with RTTs, the average of each chart
 * bucket, and its window's p50 and p99 as level lines, in ms. */
static void
rtt_chart(struct report_node *root, const struct mon_history *h)
{
	struct report_node *c = NULL;
	struct report_series *s;
	char label[MON_NAME_MAX + 32];
	size_t i, k, n = 0;

	for (i = 0; i < h->nendpoints && n < RTT_CHART_MAX; i++) {
		const struct mon_hist_endpoint *ep = &h->endpoints[i];

		if (ep->rtt_n == 0)
			continue;
		if (c == NULL)
			c = report_chart(root, "Round-trip time (average per "
			    "bucket; p50 and p99 of the window)", h->q.since,
			    h->q.until, "ms");
		n++;
		snprintf(label, sizeof(label), "%s avg", ep->name);
		s = report_series(c, label, "avg");
		for (k = 0; k < MON_HIST_BUCKETS; k++)
			if (ep->buckets[k].rtt_avg_us >= 0)
				/* at the bucket's middle */
				report_point(s, h->q.since + (usec_t)k *
				    h->bucket_us + h->bucket_us / 2,
				    (double)ep->buckets[k].rtt_avg_us / 1000.0);
		if (ep->rtt_p50_us >= 0) {
			snprintf(label, sizeof(label), "%s p50 %.1f ms",
			    ep->name, (double)ep->rtt_p50_us / 1000.0);
			s = report_series(c, label, "p50");
			report_point(s, h->q.since, ep->rtt_p50_us / 1000.0);
			report_point(s, h->q.until, ep->rtt_p50_us / 1000.0);
		}
		if (ep->rtt_p99_us >= 0) {
			snprintf(label, sizeof(label), "%s p99 %.1f ms",
			    ep->name, (double)ep->rtt_p99_us / 1000.0);
			s = report_series(c, label, "p99");
			report_point(s, h->q.since, ep->rtt_p99_us / 1000.0);
			report_point(s, h->q.until, ep->rtt_p99_us / 1000.0);
		}
	}
}

void
report_monitor_build(struct report_node *parent, const struct mon_history *h,
    const struct finding_list *fl)
{
	struct report_node *f, *ev;
	struct report_val *v;
	size_t i, nout = 0, nflap = 0;

	for (i = 0; i < h->nendpoints; i++) {
		nout += h->endpoints[i].noutages;
		nflap += h->endpoints[i].flapping;
	}
	report_verdict(parent, "verdict", report_state_of(fl), "%zu "
	    "endpoint%s, %zu outage%s, %zu flapping, %zu cloud series",
	    h->nendpoints, h->nendpoints == 1 ? "" : "s", nout,
	    nout == 1 ? "" : "s", nflap, h->nseries);
	f = report_fields(parent, NULL);
	v = report_field(f, "database", "database");
	report_val_text(v, h->input);
	report_val_time(report_field(f, "since", "since"), h->q.since);
	report_val_time(report_field(f, "until", "until"), h->q.until);
	report_val_int(report_field(f, NULL, "alerts"), (int64_t)h->alerts);
	report_val_int(report_field(f, NULL, "alertsUndelivered"),
	    (int64_t)h->alerts_undelivered);
	endpoints_table(parent, h);
	outages_table(parent, h);
	cloud_table(parent, h);
	ev = report_list(parent, "events", "Monitor events", "event: ");
	for (i = 0; i < h->nevents; i++) {
		char t[40];

		report_list_addf(ev, "%s %s %s", time_iso(h->events[i].ts, t,
		    sizeof(t)), h->events[i].kind, h->events[i].detail);
	}
	timeline(parent, h);
	rtt_chart(parent, h);
	report_findings(parent, "findings", "Findings", fl);
}
