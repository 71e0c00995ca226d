/*
 * analyzer_monitor: the connection monitor's history as evidence
 * (`erwatch monitor run` writes it; monitor/mon_history.h reads it).  It
 * runs last, in the history stage, because the window it reads is the
 * one the other evidence covers (the facts' spans: captures, router
 * logs), padded so that an outage that began a little before a capture
 * is seen whole; a folder with only the database reads its whole span;
 * either is bounded to its last MONITOR_WINDOW_MAX.  diag_monitor() judges the
 * history unchanged, so diagnose and `monitor report` speak the same
 * findings, with subjects (peer, port, path, span) that diag_correlate()
 * joins with the drops other evidence shows.
 *
 * The database is read through the reader the caller hands in
 * (evidence_set.history), so that diag itself links no SQLite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/analyzer.h"
#include "diag/diag_monitor.h"

#define NAME	"monitor"

/* Padding around the other evidence's span: the monitor's outage starts
 * at the first failed check, which may precede a capture's start by a
 * few evaluations, and BGP notices a dead peer only after its hold time
 * (180 s). */
#define MONITOR_WINDOW_PAD	(15LL * 60 * USEC_PER_SEC)
/* At most this much of a database's history when nothing else bounds
 * the window: the chart buckets and outage lists stay meaningful. */
#define MONITOR_WINDOW_MAX	(7LL * 86400 * USEC_PER_SEC)

/* The span the other evidence covers; false when none has one. */
static bool
evidence_window(const struct diag_facts *f, usec_t *from, usec_t *to)
{
	bool any = false;
	size_t i;

	for (i = 0; i < f->nspans; i++) {
		const struct fact_span *s = &f->spans[i];

		if (s->source != NULL && strcmp(s->source, NAME) == 0)
			continue;
		if (!any || s->from < *from)
			*from = s->from;
		if (!any || s->to > *to)
			*to = s->to;
		any = true;
	}
	for (i = 0; i < f->nsessions; i++) {
		const struct fact_session *s = &f->sessions[i];

		if (!s->has_span)
			continue;
		if (!any || s->from < *from)
			*from = s->from;
		if (!any || s->to > *to)
			*to = s->to;
		any = true;
	}
	return any;
}

/* Why the database could not be read, as the unused file's reason. */
static void
not_read(struct evidence_item *it, const struct err *le)
{
	snprintf(it->reason, sizeof(it->reason), "not read: %.140s", le->msg);
}

static int
read_one(const struct analyzer_input *in, struct analyzer_output *out,
    struct evidence_item *it, struct err *e)
{
	const struct diag_history_reader *rd = in->ev->history;
	struct mon_hist_query q;
	struct mon_history *h;
	struct fact_span sp;
	usec_t first, last;
	struct err le;
	bool alone;

	memset(&q, 0, sizeof(q));
	err_clear(&le);
	alone = !evidence_window(in->facts, &q.since, &q.until);
	if (!alone) {
		q.since -= MONITOR_WINDOW_PAD;
		q.until += MONITOR_WINDOW_PAD;
		/* a router log of months: its last days, as a history alone */
		if (q.until - q.since > MONITOR_WINDOW_MAX)
			q.since = q.until - MONITOR_WINDOW_MAX;
	} else {
		if (rd->span(it->path, it->rel, &first, &last, &le) == -1) {
			if (le.code == ERR_NOMEM)
				return ERR(e, ERR_NOMEM, "cannot read '%s'",
				    it->rel);
			not_read(it, &le);
			return 0;
		}
		if (first == 0 && last == 0) {
			/* nothing recorded yet: read, and nothing to say */
			it->analyzer = NAME;
			str_copy(it->reason, "monitor history without rows",
			    sizeof(it->reason));
			return 0;
		}
		if (last - first > MONITOR_WINDOW_MAX)
			first = last - MONITOR_WINDOW_MAX;
		q.since = first;
		q.until = last + USEC_PER_SEC;	/* the last row within */
	}
	if ((h = erw_calloc(1, sizeof(*h))) == NULL)
		return ERR(e, ERR_NOMEM, "cannot read '%s'", it->rel);
	if (rd->load(h, it->path, it->rel, &q, &le) == -1) {
		rd->release(h);
		free(h);
		if (le.code == ERR_NOMEM)
			return ERR(e, ERR_NOMEM, "cannot read '%s'", it->rel);
		not_read(it, &le);
		return 0;
	}
	diag_monitor(h, out->findings);
	it->analyzer = NAME;
	rd->release(h);
	free(h);
	/* the history alone: the span read is the timeline's axis (beside
	 * other evidence the padding would only squeeze theirs) */
	if (!alone)
		return 0;
	memset(&sp, 0, sizeof(sp));
	sp.from = q.since;
	sp.to = q.until;
	sp.source = NAME;
	str_copy(sp.input, it->rel, sizeof(sp.input));
	facts_add_span(out->facts, &sp);
	return 0;
}

static int
monitor_run(const struct analyzer_input *in, struct analyzer_output *out,
    struct err *e)
{
	struct evidence_set *set = in->ev;
	size_t i;

	for (i = 0; i < set->n; i++) {
		struct evidence_item *it = &set->v[i];

		if (it->type != EVT_MONITOR_DB)
			continue;
		if (set->history == NULL) {
			str_copy(it->reason, "a monitor database, but this "
			    "program reads no monitor history",
			    sizeof(it->reason));
			continue;
		}
		if (read_one(in, out, it, e) == -1)
			return -1;
	}
	return 0;
}

const struct analyzer analyzer_monitor = {
	.name = NAME,
	.stage = STAGE_HISTORY,
	.takes = EVT_BIT(EVT_MONITOR_DB),
	.run = monitor_run,
};
