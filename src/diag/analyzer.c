/*
 * analyzer: the list of analyzers in the playbook's order and the run
 * over an evidence set, and the facts they share (analyzer.h).  An
 * analyzer runs when the folder holds evidence it takes; one without any
 * is left out, and diagnose says which command would collect it.
 */
#include <stdarg.h>
#include <string.h>

#include "diag/analyzer.h"

static const struct analyzer *const all[] = {
	&analyzer_circuit,
	&analyzer_router,
	&analyzer_config,
	&analyzer_azure,
	&analyzer_capture,
	&analyzer_monitor,
	&analyzer_preflight,
};

const struct analyzer *const *
analyzers_all(size_t *n)
{
	*n = sizeof(all) / sizeof(all[0]);
	return all;
}

const char *
analyzer_stage_name(enum analyzer_stage s)
{
	switch (s) {
	case STAGE_CIRCUIT:	return "circuit";
	case STAGE_ROUTER:	return "router";
	case STAGE_AZURE:	return "azure";
	case STAGE_PACKETS:	return "packets";
	case STAGE_HISTORY:	return "history";
	default:		return "unknown";
	}
}

int
analyzers_run(struct evidence_set *set, struct finding_list *out,
    struct diag_facts *facts, const struct analyzer **owner,
    size_t owner_cap, struct err *e)
{
	struct analyzer_input in;
	struct analyzer_output o;
	const struct analyzer *a;
	size_t i, k, before;
	int st;

	in.ev = set;
	in.ctx = &set->ctx;
	in.facts = facts;
	o.findings = out;
	o.facts = facts;
	/* stage order, whatever the table's order */
	for (st = 0; st < STAGE__COUNT; st++)
		for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
			bool any = false;

			a = all[i];
			if ((int)a->stage != st)
				continue;
			for (k = 0; k < set->n && !any; k++)
				any = (a->takes & EVT_BIT(set->v[k].type)) != 0;
			if (!any)
				continue;
			before = out->n;
			if (a->run(&in, &o, e) == -1)
				return -1;
			for (k = before; owner != NULL && k < out->n &&
			    k < owner_cap; k++)
				owner[k] = a;
		}
	/* what no analyzer read, with the reason, so a skipped file is
	 * never silent */
	for (k = 0; k < set->n; k++) {
		struct evidence_item *it = &set->v[k];
		struct finding *f;

		if (it->analyzer != NULL)
			continue;
		f = finding_add(out, FC_EVIDENCE_UNRECOGNISED, "%s: not used: "
		    "%s", it->rel, it->reason[0] ? it->reason : "unrecognised");
		finding_ev_note(f, it->rel, "%s", evidence_type_name(it->type));
		finding_subj_object(f, "file", it->rel);
		if (owner != NULL && out->n > 0 && out->n - 1 < owner_cap)
			owner[out->n - 1] = NULL;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Facts                                                               */
/* ------------------------------------------------------------------ */

void
facts_add_peer(struct diag_facts *f, const struct fact_peer *p)
{
	size_t i;

	for (i = 0; i < f->npeers; i++) {
		const struct fact_peer *q = &f->peers[i];

		if (net_addr_eq(&q->peer, &p->peer) &&
		    net_addr_eq(&q->local, &p->local) &&
		    q->peer_as == p->peer_as && q->local_as == p->local_as &&
		    q->path == p->path && q->vlan == p->vlan &&
		    q->source == p->source)
			return;
	}
	if (f->npeers == FACTS_MAX_PEERS) {
		f->dropped++;
		return;
	}
	f->peers[f->npeers++] = *p;
}

void
facts_add_session(struct diag_facts *f, const struct fact_session *s)
{
	if (f->nsessions == FACTS_MAX_SESSIONS) {
		f->dropped++;
		return;
	}
	f->sessions[f->nsessions++] = *s;
}

void
facts_add_span(struct diag_facts *f, const struct fact_span *s)
{
	if (f->nspans == FACTS_MAX_SPANS) {
		f->dropped++;
		return;
	}
	f->spans[f->nspans++] = *s;
}

void
facts_add_event(struct diag_facts *f, const struct fact_event *ev)
{
	if (f->nevents == FACTS_MAX_EVENTS) {
		f->dropped++;
		return;
	}
	f->events[f->nevents++] = *ev;
}

/* The first bins' width: finer than any keepalive interval, and doubled
 * at most about 40 times for a capture of days. */
#define MSG_WIDTH0	1000	/* us */

void
fact_msgs_add(struct fact_msgs *m, enum fact_msg_kind kind, usec_t t,
    uint64_t frame, bool from_peer)
{
	uint64_t i;
	unsigned b, k;

	if ((unsigned)kind >= FMSG__COUNT)
		return;
	if (m->width == 0) {
		m->t0 = t;
		m->width = MSG_WIDTH0;
	}
	/* a message dated before the first (captures read out of order)
	 * counts in the first bin */
	i = t > m->t0 ? (t - m->t0) / m->width : 0;
	while (i >= FACTS_MSG_BINS) {
		for (k = 0; k < FMSG__COUNT; k++) {
			for (b = 0; b < FACTS_MSG_BINS / 2; b++) {
				uint64_t sum = (uint64_t)m->bins[k][2 * b] +
				    m->bins[k][2 * b + 1];

				m->bins[k][b] = sum > UINT32_MAX ? UINT32_MAX :
				    (uint32_t)sum;
			}
			for (; b < FACTS_MSG_BINS; b++)
				m->bins[k][b] = 0;
		}
		m->width *= 2;
		i = (t - m->t0) / m->width;
	}
	if (m->bins[kind][i] < UINT32_MAX)
		m->bins[kind][i]++;
	m->total[kind]++;
	if (m->nexact[kind] < FACTS_MSG_EXACT) {
		struct fact_msg *x = &m->exact[kind][m->nexact[kind]++];

		x->t = t;
		x->frame = frame;
		x->from_peer = from_peer;
	}
}

void
facts_add_clock_event(struct diag_facts *f, const struct fact_clock_event *ev)
{
	if (f->nclock == FACTS_MAX_CLOCK) {
		f->dropped++;
		return;
	}
	f->clock[f->nclock++] = *ev;
}

const struct net_addr *
facts_peer_addr(const struct diag_facts *f, const struct diag_context *ctx,
    enum path_role path)
{
	size_t i;

	for (i = 0; ctx != NULL && i < ctx->npeers; i++)
		if (path == PATH_UNKNOWN || ctx->peers[i].path == path ||
		    ctx->peers[i].path == PATH_UNKNOWN)
			return &ctx->peers[i].addr;
	for (i = 0; i < f->npeers; i++)
		if (f->peers[i].peer.family != NET_AF_NONE &&
		    (path == PATH_UNKNOWN || f->peers[i].path == path))
			return &f->peers[i].peer;
	return NULL;
}
