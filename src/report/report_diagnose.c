/*
 * The report document of `erwatch diagnose DIR` (report_diagnose.h).
 *
 * One document, three renderings.  The JSON keeps the shape scripts
 * already read (docs/json-output.md, "erwatch diagnose"), so where a
 * generic node's JSON differs from it the document holds the JSON form as
 * a table or section that text also prints (the layers, with their
 * collection commands) and gives HTML its own node built from the same
 * values (the checklist and the commands list), marked out of the other
 * renderings.  The timeline is built here from the facts (the sessions a
 * capture saw, with their connection attempts, OPENs, NOTIFICATIONs,
 * Established spans and drops) and from the findings' subjects and
 * evidence times (silences against the hold time, the router's log
 * events, the router's and the carrier's link outages), all on one axis.
 */
#include <stdio.h>
#include <string.h>

#include "bgp/bgp.h"
#include "report.h"
#include "report_diagnose.h"

/* ------------------------------------------------------------------ */
/* Verdict, hypotheses                                                 */
/* ------------------------------------------------------------------ */

/* Two decimals: the weights are judgement, not measurement. */
static double
conf_round(double c)
{
	return (double)(long)(c * 100 + 0.5) / 100;
}

static void
verdict_doc(struct report_node *root, const struct report_diagnose_run *r)
{
	const struct hypothesis *h;
	const struct cause_def *c;
	struct report_node *v, *sec, *fl;

	if (r->hyp->n == 0)
		return;
	h = &r->hyp->v[0];
	c = cause_def(h->cause);
	v = report_verdict(root, NULL, c->fault ? REPORT_ST_FAULT :
	    REPORT_ST_OK, "%s (%.0f%%): %s", c->id,
	    conf_round(h->confidence) * 100, h->summary);
	report_node_textf(v, "\nverdict: %s (%.0f%%): %s", c->id,
	    conf_round(h->confidence) * 100, h->summary);
	/* JSON's verdict names the cause; the banner above says it */
	sec = report_section(root, "verdict", NULL);
	report_node_flags(sec, REPORT_NO_TEXT | REPORT_NO_HTML);
	fl = report_fields(sec, NULL);
	report_val_text(report_field(fl, NULL, "cause"), c->id);
	report_val_bool(report_field(fl, NULL, "fault"), c->fault);
	report_val_text(report_field(fl, NULL, "summary"), h->summary);
}

static void
hypotheses_doc(struct report_node *root, const struct report_diagnose_run *r)
{
	struct report_node *n;
	struct report_hyp *rh;
	size_t i;
	unsigned j;

	n = report_hypotheses(root, "hypotheses", "Root causes (best first)");
	report_node_textf(n, "\nroot causes (best first):");
	for (i = 0; i < r->hyp->n; i++) {
		const struct hypothesis *h = &r->hyp->v[i];
		const struct cause_def *c = cause_def(h->cause);

		rh = report_hyp_add(n, c->id, conf_round(h->confidence),
		    h->summary, c->remedy);
		report_hyp_fault(rh, c->fault);
		for (j = 0; j < h->nsupporting; j++)
			report_hyp_support_finding(rh,
			    &r->fl->v[h->supporting[j]]);
		for (j = 0; j < h->ncontradicting; j++)
			report_hyp_contradict_finding(rh,
			    &r->fl->v[h->contradicting[j]]);
		report_hyp_subject(rh, &h->subject);
	}
}

/* ------------------------------------------------------------------ */
/* Layers                                                              */
/* ------------------------------------------------------------------ */

/* The state words of the JSON document, kept from before the report
 * document: "no-evidence", "ok", or the worst finding's severity. */
static const char *
layer_state(const struct diag_layer_status *l)
{
	if (l->nevidence == 0)
		return "no-evidence";
	if (!l->has_worst || l->worst == SEV_INFO)
		return "ok";
	return severity_name(l->worst);
}

static enum report_state
layer_rstate(const struct diag_layer_status *l)
{
	if (l->nevidence == 0)
		return REPORT_ST_MISSING;
	if (!l->has_worst || l->worst == SEV_INFO)
		return REPORT_ST_OK;
	return l->worst == SEV_ERROR ? REPORT_ST_FAULT : REPORT_ST_WARN;
}

static void
layers_doc(struct report_node *root, const struct report_diagnose_run *r)
{
	struct report_node *t, *list, *w, *check, *cmds;
	struct report_row *row;
	struct sb line, sum;
	size_t k;
	int l;

	/* JSON and text: one row per layer, as before the document */
	t = report_table(root, "layers", NULL);
	report_node_flags(t, REPORT_NO_HTML);
	report_node_textf(t, "\nlayers (playbook order):");
	report_col(t, NULL, "layer", REPORT_TEXT, NULL);
	report_col(t, NULL, "state", REPORT_TEXT, NULL);
	report_col(t, NULL, "evidence", REPORT_INT, NULL);
	report_col(t, NULL, "worst", REPORT_NODE, NULL);
	report_col(t, NULL, "collect", REPORT_NODE, NULL);
	/* HTML: the checklist, then what collects the missing layers */
	check = report_layers(root, NULL, "Layers (playbook order)");
	report_node_flags(check, REPORT_NO_TEXT);
	cmds = report_commands(root, NULL, "Evidence missing: collect it with");
	report_node_flags(cmds, REPORT_NO_TEXT);
	for (l = 0; l < DL__COUNT; l++) {
		const struct diag_layer_status *st = &r->layers[l];
		const char *name = diag_layer_name(st->id);
		bool worst = st->has_worst && st->worst > SEV_INFO;

		/* an optional layer is shown only when its evidence is there */
		if (st->nevidence == 0 && diag_layer_optional(st->id))
			continue;
		row = report_row(t);
		report_val_text(report_cell(row, 0), name);
		report_val_text(report_cell(row, 1), layer_state(st));
		report_val_int(report_cell(row, 2), (int64_t)st->nevidence);
		if (worst) {
			w = report_val_section(report_cell(row, 3));
			w = report_fields(w, NULL);
			report_val_text(report_field(w, NULL, "code"),
			    finding_def(st->worst_f->code)->code);
			report_val_text(report_field(w, NULL, "severity"),
			    severity_name(st->worst));
			report_val_text(report_field(w, NULL, "summary"),
			    st->worst_f->summary);
		} else
			report_val_null(report_cell(row, 3));
		list = report_val_list(report_cell(row, 4));
		for (k = 0; k < st->ncollect; k++) {
			report_list_addf(list, "%s", st->collect[k]);
			report_command_add(cmds, name, k == 0 ?
			    "no evidence for this layer; collect it with" :
			    "or with", st->collect[k]);
		}
		/* the checklist says what the text line says */
		sb_init(&sum);
		if (st->nevidence == 0)
			sb_add(&sum, "no evidence; collect it with:");
		else {
			sb_addf(&sum, "%-7s %zu file%s", layer_state(st),
			    st->nevidence, st->nevidence == 1 ? "" : "s");
			if (worst)
				sb_addf(&sum, ", worst: %s %s",
				    finding_def(st->worst_f->code)->code,
				    st->worst_f->summary);
		}
		sb_init(&line);
		sb_addf(&line, "  %-8s %s", name, sb_str(&sum));
		for (k = 0; st->nevidence == 0 && k < st->ncollect; k++)
			sb_addf(&line, "\n             %s", st->collect[k]);
		if (st->nevidence == 0)
			report_layer_add(check, name, REPORT_ST_MISSING,
			    "no evidence: see the commands below");
		else
			report_layer_add(check, name, layer_rstate(st),
			    sb_str(&sum) + strlen(layer_state(st)) + 1);
		if (line.failed || sum.failed)
			report_node_lost(root);
		else
			report_row_textf(row, "%s", sb_str(&line));
		sb_release(&line);
		sb_release(&sum);
	}
}

/* ------------------------------------------------------------------ */
/* Evidence, findings                                                  */
/* ------------------------------------------------------------------ */

static void
evidence_doc(struct report_node *root, const struct report_diagnose_run *r)
{
	const struct evidence_set *ev = r->ev;
	struct report_node *t, *notes;
	struct report_row *row;
	size_t i;

	t = report_table(root, "evidence", "Evidence");
	report_node_textf(t, "\nevidence:");
	report_col(t, "file", "file", REPORT_TEXT, NULL);
	report_col(t, "kind", "kind", REPORT_TEXT, NULL);
	report_col(t, "analyzer", "analyzer", REPORT_TEXT, NULL);
	report_col(t, "path", "path", REPORT_TEXT, NULL);
	report_col(t, "detail", "detail", REPORT_TEXT, NULL);
	for (i = 0; i < ev->n; i++) {
		const struct evidence_item *it = &ev->v[i];

		row = report_row(t);
		report_val_text(report_cell(row, 0), it->rel);
		report_val_text(report_cell(row, 1),
		    evidence_type_name(it->type));
		if (it->analyzer != NULL)
			report_val_text(report_cell(row, 2), it->analyzer);
		if (it->role != PATH_UNKNOWN)
			report_val_text(report_cell(row, 3),
			    path_role_name(it->role));
		report_val_text(report_cell(row, 4), it->reason);
		report_row_textf(row, "  %-40s %-17s %-9s %s%s%s", it->rel,
		    evidence_type_name(it->type),
		    it->analyzer != NULL ? it->analyzer : "-",
		    it->reason, it->role != PATH_UNKNOWN ? ", path " : "",
		    it->role != PATH_UNKNOWN ? path_role_name(it->role) : "");
	}
	notes = report_list(root, NULL, NULL, "  note: ");
	for (i = 0; i < ev->nnotes; i++)
		report_list_addf(notes, "%s", ev->notes[i]);
	if (ev->dropped > 0)
		report_list_addf(notes, "%zu files beyond the limit of %d not "
		    "read", ev->dropped, LIMIT_EVIDENCE_FILES);
}

static void
findings_doc(struct report_node *root, const struct report_diagnose_run *r)
{
	struct report_node *n;

	n = report_findings(root, "findings", "Findings", r->fl);
	report_node_textf(n, "\nfindings:");
	if (r->fl->n == 0) {
		/* a findings node without findings prints nothing */
		n = report_list(root, NULL, NULL, "  ");
		report_node_flags(n, REPORT_NO_HTML);
		report_node_textf(n, "\nfindings:");
		report_list_addf(n, "none");
	}
}

/* ------------------------------------------------------------------ */
/* Facts                                                               */
/* ------------------------------------------------------------------ */

static void
as_or_null(struct report_val *v, uint32_t as)
{
	if (as != 0)
		report_val_int(v, as);
	else
		report_val_null(v);
}

static void
path_or_null(struct report_val *v, enum path_role p)
{
	if (p != PATH_UNKNOWN)
		report_val_text(v, path_role_name(p));
	else
		report_val_null(v);
}

static void
facts_circuit(struct report_node *facts, const struct fact_circuit *c)
{
	struct report_node *s, *f;

	s = report_section(facts, "circuit", "Circuit");
	if (!c->known) {
		report_node_flags(s, REPORT_JSON_NULL | REPORT_NO_TEXT |
		    REPORT_NO_HTML);
		return;
	}
	f = report_fields(s, NULL);
	report_node_textf(f, "  circuit %s in %s, %s at %s (%s)", c->name,
	    c->resource_group, c->provider, c->location, c->input);
	report_val_text(report_field(f, "name", "name"), c->name);
	report_val_text(report_field(f, "resource group", "resource_group"),
	    c->resource_group);
	report_val_text(report_field(f, "service key", "service_key"),
	    c->service_key);
	report_val_text(report_field(f, "peering location",
	    "peering_location"), c->location);
	report_val_text(report_field(f, "provider", "provider"), c->provider);
	report_val_text(report_field(f, "file", "file"), c->input);
}

static const char *
vlan_str(unsigned vlan, char *buf, size_t len)
{
	snprintf(buf, len, "%u", vlan);
	return buf;
}

static void
facts_peers(struct report_node *facts, const struct diag_facts *f)
{
	struct report_node *t;
	struct report_row *row;
	char a1[NET_ADDR_STRLEN], a2[NET_ADDR_STRLEN], vb[8];
	size_t i;

	t = report_table(facts, "peers", "Peers");
	report_col(t, "local", "local", REPORT_ADDR, NULL);
	report_col(t, "peer", "peer", REPORT_ADDR, NULL);
	report_col(t, "local AS", "local_as", REPORT_INT, NULL);
	report_col(t, "peer AS", "peer_as", REPORT_INT, NULL);
	report_col(t, "VLAN", "vlan", REPORT_INT, NULL);
	report_col(t, "path", "path", REPORT_TEXT, NULL);
	report_col(t, "source", "source", REPORT_TEXT, NULL);
	report_col(t, "file", "file", REPORT_TEXT, NULL);
	for (i = 0; i < f->npeers; i++) {
		const struct fact_peer *p = &f->peers[i];

		row = report_row(t);
		report_val_addr(report_cell(row, 0), &p->local);
		report_val_addr(report_cell(row, 1), &p->peer);
		as_or_null(report_cell(row, 2), p->local_as);
		as_or_null(report_cell(row, 3), p->peer_as);
		if (p->vlan != 0)
			report_val_int(report_cell(row, 4), p->vlan);
		else
			report_val_null(report_cell(row, 4));
		path_or_null(report_cell(row, 5), p->path);
		report_val_text(report_cell(row, 6), p->source);
		report_val_text(report_cell(row, 7), p->input);
		report_row_textf(row, "  peer %s AS %u, local %s AS "
		    "%u%s%s%s%s: %s %s", p->peer.family != NET_AF_NONE ?
		    net_addr_str(&p->peer, a1) : "-", p->peer_as,
		    p->local.family != NET_AF_NONE ?
		    net_addr_str(&p->local, a2) : "-", p->local_as,
		    p->vlan != 0 ? ", VLAN " : "", p->vlan != 0 ?
		    vlan_str(p->vlan, vb, sizeof(vb)) : "",
		    p->path != PATH_UNKNOWN ? ", path " : "",
		    p->path != PATH_UNKNOWN ? path_role_name(p->path) : "",
		    p->source, p->input);
	}
}

static void
facts_sessions(struct report_node *facts, const struct diag_facts *f)
{
	struct report_node *t;
	struct report_row *row;
	char a1[NET_ADDR_STRLEN], a2[NET_ADDR_STRLEN];
	size_t i;

	t = report_table(facts, "sessions", "Sessions");
	report_col(t, "local", "local", REPORT_ADDR, NULL);
	report_col(t, "peer", "peer", REPORT_ADDR, NULL);
	report_col(t, "state", "state", REPORT_TEXT, NULL);
	report_col(t, "established", "established", REPORT_BOOL, NULL);
	report_col(t, "from", "from", REPORT_TIME, NULL);
	report_col(t, "to", "to", REPORT_TIME, NULL);
	report_col(t, "path", "path", REPORT_TEXT, NULL);
	report_col(t, "source", "source", REPORT_TEXT, NULL);
	report_col(t, "file", "file", REPORT_TEXT, NULL);
	for (i = 0; i < f->nsessions; i++) {
		const struct fact_session *s = &f->sessions[i];

		row = report_row(t);
		report_val_addr(report_cell(row, 0), &s->local);
		report_val_addr(report_cell(row, 1), &s->peer);
		report_val_text(report_cell(row, 2), s->state);
		report_val_bool(report_cell(row, 3), s->established);
		if (s->has_span) {
			report_val_time(report_cell(row, 4), s->from);
			report_val_time(report_cell(row, 5), s->to);
		} else {
			report_val_null(report_cell(row, 4));
			report_val_null(report_cell(row, 5));
		}
		path_or_null(report_cell(row, 6), s->path);
		report_val_text(report_cell(row, 7), s->source);
		report_val_text(report_cell(row, 8), s->input);
		report_row_textf(row, "  session %s - %s: %s: %s %s",
		    s->local.family != NET_AF_NONE ?
		    net_addr_str(&s->local, a1) : "-",
		    s->peer.family != NET_AF_NONE ?
		    net_addr_str(&s->peer, a2) : "-", s->state, s->source,
		    s->input);
	}
}

static void
facts_doc(struct report_node *root, const struct report_diagnose_run *r)
{
	const struct diag_facts *f = r->facts;
	struct report_node *facts, *t;
	struct report_row *row;
	char b1[40], b2[40];
	size_t i;

	facts = report_section(root, "facts", "Facts");
	report_node_textf(facts, "\nfacts:");
	facts_circuit(facts, &f->circuit);
	facts_peers(facts, f);
	facts_sessions(facts, f);
	t = report_table(facts, "time_ranges", "Time covered");
	report_col(t, "from", "from", REPORT_TIME, NULL);
	report_col(t, "to", "to", REPORT_TIME, NULL);
	report_col(t, "source", "source", REPORT_TEXT, NULL);
	report_col(t, "file", "file", REPORT_TEXT, NULL);
	for (i = 0; i < f->nspans; i++) {
		const struct fact_span *s = &f->spans[i];

		row = report_row(t);
		report_val_time(report_cell(row, 0), s->from);
		report_val_time(report_cell(row, 1), s->to);
		report_val_text(report_cell(row, 2), s->source);
		report_val_text(report_cell(row, 3), s->input);
		report_row_textf(row, "  time %s to %s: %s %s",
		    time_iso(s->from, b1, sizeof(b1)),
		    time_iso(s->to, b2, sizeof(b2)), s->source, s->input);
	}
}

/* ------------------------------------------------------------------ */
/* Timeline                                                            */
/* ------------------------------------------------------------------ */

#define TL_MAX_LANES	32	/* sessions drawn; more are summed up */

static bool
is_carrier(const struct finding *f)
{
	return f->code == FC_CARRIER_LINK_DOWN;
}

/* Findings the router lane shows: the router's own, and diagnose's
 * link outage at a drop (it rests on the router's and carrier's log). */
static bool
is_router(const struct report_diagnose_run *r, size_t i)
{
	const struct finding *f = &r->fl->v[i];

	if (is_carrier(f))
		return false;
	if (f->code == FC_LINK_OUTAGE_AT_DROP || f->code == FC_ROUTER_LINK_DOWN)
		return true;
	return r->owner != NULL && r->owner[i] == &analyzer_router;
}

static void
span_add(bool *any, usec_t *lo, usec_t *hi, usec_t t)
{
	if (t == 0)
		return;
	if (!*any || t < *lo)
		*lo = t;
	if (!*any || t > *hi)
		*hi = t;
	*any = true;
}

bool
report_diagnose_span(const struct report_diagnose_run *r, usec_t *start,
    usec_t *end)
{
	const struct diag_facts *f = r->facts;
	bool any = false;
	size_t i;
	unsigned k;

	for (i = 0; i < f->nsessions; i++)
		if (f->sessions[i].has_span) {
			span_add(&any, start, end, f->sessions[i].from);
			span_add(&any, start, end, f->sessions[i].to);
		}
	for (i = 0; i < f->nspans; i++) {
		span_add(&any, start, end, f->spans[i].from);
		span_add(&any, start, end, f->spans[i].to);
	}
	for (i = 0; i < f->nevents; i++)
		span_add(&any, start, end, f->events[i].t);
	for (i = 0; i < r->fl->n; i++) {
		const struct finding *fd = &r->fl->v[i];

		if (fd->subject.has_span) {
			span_add(&any, start, end, fd->subject.from);
			span_add(&any, start, end, fd->subject.to);
		}
		for (k = 0; k < fd->nev; k++)
			if (fd->ev[k].has_time)
				span_add(&any, start, end, fd->ev[k].time);
	}
	return any;
}

/* Whether finding subject s is about the session's pair, either way. */
static bool
subject_on(const struct finding_subject *s, const struct fact_session *fs)
{
	if (s->peer.family == NET_AF_NONE)
		return false;
	if (net_addr_eq(&s->peer, &fs->peer))
		return s->local.family == NET_AF_NONE ||
		    fs->local.family == NET_AF_NONE ||
		    net_addr_eq(&s->local, &fs->local);
	return net_addr_eq(&s->peer, &fs->local) &&
	    net_addr_eq(&s->local, &fs->peer);
}

/* The session's intervals from its events: connecting from the
 * handshake, established from Established until the drop, down from the
 * drop to the next handshake or the end of what was seen. */
static void
session_intervals(struct report_lane *lane, const struct diag_facts *f,
    size_t si)
{
	const struct fact_session *s = &f->sessions[si];
	enum report_iv_kind kind = REPORT_IV_CONNECTING;
	bool open = false;
	usec_t from = 0;
	size_t i;

	for (i = 0; i < f->nevents; i++) {
		const struct fact_event *ev = &f->events[i];
		enum report_iv_kind next;

		if (ev->session != si)
			continue;
		switch (ev->kind) {
		case FEV_TCP_UP:
			if (open && kind == REPORT_IV_ESTABLISHED)
				continue;	/* a second connection */
			next = REPORT_IV_CONNECTING;
			break;
		case FEV_ESTABLISHED:
			next = REPORT_IV_ESTABLISHED;
			break;
		case FEV_DOWN:
			next = REPORT_IV_DOWN;
			break;
		default:
			continue;
		}
		if (open && kind == next)
			continue;
		if (open && ev->t > from)
			report_interval(lane, from, ev->t, kind, NULL);
		kind = next;
		from = ev->t;
		open = true;
	}
	if (open && s->has_span && s->to > from)
		report_interval(lane, from, s->to, kind, NULL);
	else if (!open && s->has_span && s->established)
		/* Established all along: the capture joined a live session */
		report_interval(lane, s->from, s->to, REPORT_IV_ESTABLISHED,
		    NULL);
}

static void
session_marks(struct report_lane *lane, const struct diag_facts *f,
    size_t si)
{
	char lbl[160], nb[96];
	size_t i;

	for (i = 0; i < f->nevents; i++) {
		const struct fact_event *ev = &f->events[i];
		const char *side = ev->from_peer ? "from the peer" :
		    "from the local side";

		if (ev->session != si)
			continue;
		switch (ev->kind) {
		case FEV_SYN:
			snprintf(lbl, sizeof(lbl), "SYN %s, frame %llu", side,
			    (unsigned long long)ev->frame);
			report_mark(lane, ev->t, REPORT_MK_SYN, lbl);
			break;
		case FEV_RESET:
			snprintf(lbl, sizeof(lbl), "RST/FIN %s, frame %llu",
			    side, (unsigned long long)ev->frame);
			report_mark(lane, ev->t, REPORT_MK_RESET, lbl);
			break;
		case FEV_OPEN:
			snprintf(lbl, sizeof(lbl), "OPEN %s, frame %llu", side,
			    (unsigned long long)ev->frame);
			report_mark(lane, ev->t, REPORT_MK_OPEN, lbl);
			break;
		case FEV_NOTIFICATION:
			snprintf(lbl, sizeof(lbl), "NOTIFICATION %u/%u (%s) "
			    "%s, frame %llu", ev->code, ev->subcode,
			    bgp_notification_name(ev->code, ev->subcode, nb,
			    sizeof(nb)), side, (unsigned long long)ev->frame);
			report_mark(lane, ev->t, REPORT_MK_NOTIFICATION, lbl);
			break;
		default:
			break;
		}
	}
}

/*
 * The session's UPDATEs and KEEPALIVEs: each one when the capture had few
 * of a kind (all kept by the analyzer), else the analyzer's bins, one bar
 * each, so that a full table's millions of UPDATEs cost at most
 * FACTS_MSG_BINS elements of the page per kind and lane.
 */
static void
session_msg_marks(struct report_lane *lane, const struct diag_facts *f,
    size_t si)
{
	static const struct {
		enum report_mark_kind	 mk;
		const char		*name;
	} kinds[FMSG__COUNT] = {
		[FMSG_UPDATE] = { REPORT_MK_UPDATE, "UPDATE" },
		[FMSG_KEEPALIVE] = { REPORT_MK_KEEPALIVE, "KEEPALIVE" },
	};
	char lbl[96];
	size_t i;
	unsigned k, b;

	for (i = 0; i < f->nmsgs; i++) {
		const struct fact_msgs *m = &f->msgs[i];

		if (m->session != si)
			continue;
		for (k = 0; k < FMSG__COUNT; k++) {
			if (m->total[k] == 0)
				continue;
			if (m->total[k] <= m->nexact[k]) {
				for (b = 0; b < m->nexact[k]; b++) {
					const struct fact_msg *x =
					    &m->exact[k][b];

					snprintf(lbl, sizeof(lbl), "%s %s, "
					    "frame %llu", kinds[k].name,
					    x->from_peer ? "from the peer" :
					    "from the local side",
					    (unsigned long long)x->frame);
					report_mark(lane, x->t, kinds[k].mk,
					    lbl);
				}
				continue;
			}
			for (b = 0; b < FACTS_MSG_BINS; b++) {
				usec_t t = m->t0 + (usec_t)b * m->width;

				if (m->bins[k][b] == 0)
					continue;
				snprintf(lbl, sizeof(lbl), "%u %s%s (of %llu)",
				    m->bins[k][b], kinds[k].name,
				    m->bins[k][b] == 1 ? "" : "s",
				    (unsigned long long)m->total[k]);
				report_mark_count(lane, t, t + m->width,
				    kinds[k].mk, m->bins[k][b], lbl);
			}
		}
	}
}

/* The capture findings with a span about this session: silences (over
 * the hold time or not), and what else the analysis dated. */
static void
session_findings(struct report_lane *lane, const struct report_diagnose_run *r,
    const struct fact_session *s)
{
	size_t i;

	for (i = 0; i < r->fl->n; i++) {
		const struct finding *f = &r->fl->v[i];
		const struct finding_subject *sj = &f->subject;
		const char *code = finding_def(f->code)->code;
		usec_t len;

		/* the monitor's findings have lanes of their own */
		if (!sj->has_span || is_router(r, i) || is_carrier(f) ||
		    f->layer == LAYER_MONITOR || !subject_on(sj, s))
			continue;
		len = sj->to > sj->from ? sj->to - sj->from : 0;
		switch (f->code) {
		case FC_BGP_KEEPALIVE_GAP:
		case FC_BGP_HOLD_TIMER_EXPIRED:
			report_interval(lane, sj->from, sj->to,
			    f->code == FC_BGP_HOLD_TIMER_EXPIRED ||
			    (s->hold_s > 0 && len >= (usec_t)s->hold_s *
			    1000000) ? REPORT_IV_SILENCE_OVER_HOLD :
			    REPORT_IV_SILENCE, f->summary);
			break;
		case FC_BGP_SESSION_FLAP:
		case FC_BGP_NOTIFICATION:
		case FC_BGP_ESTABLISHED:
			/* drawn from the events already */
			break;
		default:
			if (f->sev != SEV_INFO)
				report_mark(lane, sj->from, REPORT_MK_OTHER,
				    code);
			break;
		}
	}
}

static void
sessions_lanes(struct report_node *tl, const struct report_diagnose_run *r)
{
	const struct diag_facts *f = r->facts;
	struct report_lane *lane;
	char a1[NET_ADDR_STRLEN], a2[NET_ADDR_STRLEN], lbl[2 *
	    NET_ADDR_STRLEN + 8];
	size_t i, n = 0;

	for (i = 0; i < f->nsessions; i++) {
		const struct fact_session *s = &f->sessions[i];

		/* a router output's session has no time: its state is in
		 * the facts, its log on the router lane */
		if (!s->has_span)
			continue;
		if (++n > TL_MAX_LANES)
			continue;
		snprintf(lbl, sizeof(lbl), "%s - %s",
		    s->local.family != NET_AF_NONE ?
		    net_addr_str(&s->local, a1) : "?",
		    s->peer.family != NET_AF_NONE ?
		    net_addr_str(&s->peer, a2) : "?");
		lane = report_lane(tl, lbl, "session");
		report_lane_hold(lane, s->hold_s);
		session_intervals(lane, f, i);
		session_findings(lane, r, s);
		session_marks(lane, f, i);
		session_msg_marks(lane, f, i);
	}
	if (n > TL_MAX_LANES)
		report_node_textf(tl, "\ntimeline (%zu sessions, the first %d "
		    "drawn):", n, TL_MAX_LANES);
}

#define TL_MAX_ROUTER_LANES	16	/* router-only sessions drawn */

/* Whether a capture's session, drawn on its own lane, has addr at
 * either end. */
static bool
captured(const struct diag_facts *f, const struct net_addr *addr)
{
	size_t i;

	for (i = 0; i < f->nsessions; i++) {
		const struct fact_session *s = &f->sessions[i];

		if (s->has_span && (net_addr_eq(&s->peer, addr) ||
		    net_addr_eq(&s->local, addr)))
			return true;
	}
	return false;
}

static bool
router_clock(const struct fact_clock_event *ce)
{
	return ce->source != NULL && strcmp(ce->source,
	    analyzer_router.name) == 0 && ce->peer.family != NET_AF_NONE;
}

/* The end of what input's log covers (its span), else t. */
static usec_t
input_end(const struct diag_facts *f, const char *input, usec_t t)
{
	size_t i;

	for (i = 0; i < f->nspans; i++)
		if (strcmp(f->spans[i].input, input) == 0 &&
		    f->spans[i].to > t)
			t = f->spans[i].to;
	return t;
}

/*
 * One router-only session's lane: up, down, hold timer expiry and
 * NOTIFICATION marks from the router's log, and between its ups and
 * downs the state they imply (Established from an up, down from a down or
 * a NOTIFICATION) until the next one or the end of the log.
 */
static void
router_lane(struct report_lane *lane, const struct diag_facts *f,
    const struct net_addr *peer)
{
	char lbl[200], nb[96];
	enum report_iv_kind kind = REPORT_IV_DOWN;
	const struct fact_clock_event *last = NULL;
	usec_t from = 0;
	size_t i;

	for (i = 0; i < f->nclock; i++) {
		const struct fact_clock_event *ce = &f->clock[i];
		enum report_iv_kind next;

		if (!router_clock(ce) || !net_addr_eq(&ce->peer, peer))
			continue;
		switch (ce->kind) {
		case FCE_UP:
			next = REPORT_IV_ESTABLISHED;
			snprintf(lbl, sizeof(lbl), "up (%s line %llu)",
			    ce->input, (unsigned long long)ce->unit);
			report_mark(lane, ce->t, REPORT_MK_LOG, lbl);
			break;
		case FCE_DOWN:
			next = REPORT_IV_DOWN;
			snprintf(lbl, sizeof(lbl), "%s (%s line %llu)",
			    ce->hold_expired ? "hold timer expired" : "down",
			    ce->input, (unsigned long long)ce->unit);
			report_mark(lane, ce->t, REPORT_MK_LOG, lbl);
			break;
		default:
			next = REPORT_IV_DOWN;
			if (ce->code > 0)
				snprintf(lbl, sizeof(lbl), "NOTIFICATION %s "
				    "%d/%d (%s) (%s line %llu)", ce->sent ?
				    "sent" : "received", ce->code,
				    ce->subcode < 0 ? 0 : ce->subcode,
				    bgp_notification_name((uint8_t)ce->code,
				    (uint8_t)(ce->subcode < 0 ? 0 :
				    ce->subcode), nb, sizeof(nb)), ce->input,
				    (unsigned long long)ce->unit);
			else
				snprintf(lbl, sizeof(lbl), "NOTIFICATION %s "
				    "(%s line %llu)", ce->sent ? "sent" :
				    "received", ce->input,
				    (unsigned long long)ce->unit);
			report_mark(lane, ce->t, REPORT_MK_NOTIFICATION, lbl);
			break;
		}
		if (last != NULL && next != kind && ce->t > from) {
			report_interval(lane, from, ce->t, kind, NULL);
			from = ce->t;
		} else if (last == NULL)
			from = ce->t;
		kind = next;
		last = ce;
	}
	if (last != NULL) {
		usec_t end = input_end(f, last->input, last->t);

		if (end > from)
			report_interval(lane, from, end, kind, NULL);
	}
}

/* A lane for each session a router log tells of and no capture saw. */
static void
router_lanes(struct report_node *tl, const struct report_diagnose_run *r)
{
	const struct diag_facts *f = r->facts;
	struct net_addr seen[TL_MAX_ROUTER_LANES];
	char a[NET_ADDR_STRLEN], lbl[NET_ADDR_STRLEN + 32];
	size_t i, k, n = 0;
	bool more = false;

	for (i = 0; i < f->nclock; i++) {
		const struct fact_clock_event *ce = &f->clock[i];

		if (!router_clock(ce) || captured(f, &ce->peer))
			continue;
		for (k = 0; k < n; k++)
			if (net_addr_eq(&seen[k], &ce->peer))
				break;
		if (k < n)
			continue;
		if (n == TL_MAX_ROUTER_LANES) {
			more = true;
			continue;
		}
		seen[n++] = ce->peer;
		snprintf(lbl, sizeof(lbl), "%s (router log)",
		    net_addr_str(&ce->peer, a));
		router_lane(report_lane(tl, lbl, "router"), f, &ce->peer);
	}
	if (more)
		report_node_textf(tl, "\n(router-only sessions beyond the "
		    "first %d not drawn)", TL_MAX_ROUTER_LANES);
}

/* Outages are intervals; anything else of the logs is a mark at each
 * time its evidence has. */
static bool
is_outage(const struct finding *f)
{
	return f->subject.has_span && (is_carrier(f) ||
	    f->code == FC_ROUTER_LINK_DOWN ||
	    f->code == FC_LINK_OUTAGE_AT_DROP);
}

/* Whether finding i is drawn on the router or carrier lane. */
static bool
on_log_lane(const struct report_diagnose_run *r, size_t i)
{
	const struct finding *f = &r->fl->v[i];
	unsigned k;

	if (!is_carrier(f) && !is_router(r, i))
		return false;
	if (is_outage(f))
		return true;
	for (k = 0; k < f->nev; k++)
		if (f->ev[k].has_time)
			return true;
	return false;
}

static void
log_lanes(struct report_node *tl, const struct report_diagnose_run *r)
{
	struct report_lane *rl = NULL, *cl = NULL, *lane;
	char lbl[480];
	size_t i;
	unsigned k;

	/* the router's lane above the carrier's, whatever came first */
	for (i = 0; i < r->fl->n; i++)
		if (on_log_lane(r, i) && !is_carrier(&r->fl->v[i]) &&
		    rl == NULL)
			rl = report_lane(tl, "router log", "log");
	for (i = 0; i < r->fl->n; i++)
		if (on_log_lane(r, i) && is_carrier(&r->fl->v[i]) &&
		    cl == NULL)
			cl = report_lane(tl, "carrier", "carrier");
	for (i = 0; i < r->fl->n; i++) {
		const struct finding *f = &r->fl->v[i];
		const struct finding_subject *sj = &f->subject;
		bool carrier = is_carrier(f);

		if (!on_log_lane(r, i))
			continue;
		lane = carrier ? cl : rl;
		snprintf(lbl, sizeof(lbl), "%s: %s",
		    finding_def(f->code)->code, f->summary);
		if (is_outage(f)) {
			report_interval(lane, sj->from, sj->to, carrier ?
			    REPORT_IV_CARRIER_DOWN : REPORT_IV_DOWN, lbl);
			continue;
		}
		for (k = 0; k < f->nev; k++)
			if (f->ev[k].has_time)
				report_mark(lane, f->ev[k].time, REPORT_MK_LOG,
				    lbl);
	}
}

/* ---- the monitor's lanes: one per endpoint, one per cloud series ---- */

/* Which monitor lane finding f is drawn on: 1 an endpoint's (its
 * outages), 2 a cloud series' (its dips below 100%), 0 none. */
static int
monitor_lane_of(const struct finding *f)
{
	if (!f->subject.has_span || f->subject.object[0] == '\0')
		return 0;
	switch (f->code) {
	case FC_MONITOR_OUTAGE:
		return 1;
	case FC_MONITOR_CLOUD_BGP_DOWN:
	case FC_MONITOR_CLOUD_ARP_DOWN:
		return 2;
	default:
		return 0;
	}
}

/* The first finding before i on the same lane, or i: a lane per name. */
static size_t
monitor_lane_first(const struct report_diagnose_run *r, size_t i)
{
	const struct finding *f = &r->fl->v[i];
	size_t k;

	for (k = 0; k < i; k++)
		if (monitor_lane_of(&r->fl->v[k]) == monitor_lane_of(f) &&
		    strcmp(r->fl->v[k].subject.object, f->subject.object) == 0)
			return k;
	return i;
}

static void
monitor_lanes(struct report_node *tl, const struct report_diagnose_run *r)
{
	struct report_lane *lane;
	char lbl[200], iv[480];
	size_t i, k, n = 0;
	int kind;

	for (i = 0; i < r->fl->n; i++) {
		const struct finding *f = &r->fl->v[i];

		if ((kind = monitor_lane_of(f)) == 0 ||
		    monitor_lane_first(r, i) != i)
			continue;
		if (++n > TL_MAX_LANES)
			break;
		snprintf(lbl, sizeof(lbl), "%s %s", kind == 1 ? "monitor" :
		    "cloud", f->subject.object);
		lane = report_lane(tl, lbl, kind == 1 ? "monitor" : "cloud");
		for (k = i; k < r->fl->n; k++) {
			const struct finding *g = &r->fl->v[k];

			if (monitor_lane_of(g) != kind || strcmp(
			    g->subject.object, f->subject.object) != 0)
				continue;
			snprintf(iv, sizeof(iv), "%s: %s",
			    finding_def(g->code)->code, g->summary);
			report_interval(lane, g->subject.from, g->subject.to,
			    REPORT_IV_DOWN, iv);
		}
	}
}

static void
timeline_doc(struct report_node *root, const struct report_diagnose_run *r)
{
	struct report_node *tl;
	usec_t start = 0, end = 0;
	char b[40];

	if (!report_diagnose_span(r, &start, &end))
		return;
	tl = report_timeline(root, "timeline",
	    "Timeline: sessions, router log, carrier, monitor", start, end);
	report_node_textf(tl, "\ntimeline from %s, %.3f s:",
	    time_iso(start, b, sizeof(b)), (double)(end - start) / 1e6);
	sessions_lanes(tl, r);
	router_lanes(tl, r);
	log_lanes(tl, r);
	monitor_lanes(tl, r);
}

/* ------------------------------------------------------------------ */
/* The document                                                        */
/* ------------------------------------------------------------------ */

void
report_diagnose_build(struct report_node *root,
    const struct report_diagnose_run *r)
{
	char esc[2 * EVIDENCE_REL_MAX];
	struct report_node *head;

	str_escape_into(esc, sizeof(esc), r->dir, strlen(r->dir));
	head = report_fields(root, NULL);
	report_node_textf(head, "erwatch diagnose %s: %zu file%s, %zu "
	    "recognised", esc, r->ev->n, r->ev->n == 1 ? "" : "s",
	    r->recognised);
	report_val_text(report_field(head, "folder", "folder"), r->dir);
	report_val_int(report_field(head, "files", NULL), (int64_t)r->ev->n);
	report_val_int(report_field(head, "recognised", NULL),
	    (int64_t)r->recognised);
	verdict_doc(root, r);
	hypotheses_doc(root, r);
	layers_doc(root, r);
	timeline_doc(root, r);
	evidence_doc(root, r);
	findings_doc(root, r);
	facts_doc(root, r);
}
