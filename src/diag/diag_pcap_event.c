/*
 * The flow tracker's events into findings.  flow/ reports what happened on
 * the wire (SYNs, RSTs, gaps, every BGP message, a session down); a fact
 * that one event proves (NOTIFICATION, RST on SYN, malformed message,
 * default route received, graceful restart) becomes a finding at once,
 * aggregated per sender and kind: the count goes into the summary, the
 * first frames and the latest into the evidence.  With --timeline each
 * event is also a described line of its session's timeline.
 */
#include <stdio.h>
#include <string.h>

#include "bgp/bgp.h"
#include "diag_pcap_int.h"

/*
 * The aggregated finding (code, from, key) of this session: *fresh tells
 * whether it was just created (the caller writes its summary).  NULL when
 * the table or the list is full.
 */
static struct agg *
agg_get(struct diag_pcap *ctx, struct flow_session *s, struct psess *ps,
    enum finding_code code, int from, uint32_t key, bool *fresh)
{
	struct finding *f;
	struct agg *a;
	unsigned i;

	*fresh = false;
	for (i = 0; i < ps->nagg; i++) {
		a = &ps->agg[i];
		if (a->code == code && a->from == from && a->key == key)
			return a;
	}
	if (ps->nagg >= MAX_AGG)
		return NULL;
	if ((f = dp_new_finding(ctx, code, s->key, "%s",
	    finding_def(code)->code)) == NULL)
		return NULL;
	dp_subj_session(ctx, f, s, ps);
	a = &ps->agg[ps->nagg++];
	a->code = code;
	a->from = from;
	a->key = key;
	a->idx = ctx->cur->findings.n - 1;
	a->n = 0;
	a->v = 0;
	*fresh = true;
	return a;
}

static void
tl_line(struct diag_pcap *ctx, struct flow_session *s, struct psess *ps,
    const struct flow_event *ev, const char *what)
{
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN];
	usec_t rel = ev->meta.time - ctx->cur->first;
	const char *nl;
	size_t n;

	if (!ctx->o.timeline)
		return;
	nl = strchr(what, '\n');
	n = nl != NULL ? (size_t)(nl - what) : strlen(what);
	sb_addf(&ps->timeline, "    +%lld.%06lld frame %-6llu %s -> %s "
	    "(conn %u) %.*s\n", (long long)(rel / USEC_PER_SEC),
	    (long long)(rel % USEC_PER_SEC), (unsigned long long)ev->meta.frame,
	    dp_side_str(s, ev->from, a), dp_side_str(s, ev->from < 0 ? -1 :
	    1 - ev->from, b), ev->conn_id, (int)n, what);
	/* detail lines of a described message, indented under it */
	while (nl != NULL && nl[1] != '\0') {
		what = nl + 1;
		while (*what == ' ')
			what++;
		nl = strchr(what, '\n');
		n = nl != NULL ? (size_t)(nl - what) : strlen(what);
		if (n > 0)
			sb_addf(&ps->timeline, "          %.*s\n", (int)n,
			    what);
	}
	if (ps->timeline.failed)
		ERR(&ctx->err, ERR_NOMEM, "cannot grow the timeline");
}

/* "10.0 s" */
static const char *
secs_str(usec_t u, char *buf, size_t len)
{
	snprintf(buf, len, "%lld.%01lld s", (long long)(u / USEC_PER_SEC),
	    (long long)(u % USEC_PER_SEC / 100000));
	return buf;
}

/* The aggregated finding (code, from, key) if it exists. */
static struct agg *
agg_find(struct psess *ps, enum finding_code code, int from, uint32_t key)
{
	unsigned i;

	for (i = 0; i < ps->nagg; i++)
		if (ps->agg[i].code == code && ps->agg[i].from == from &&
		    ps->agg[i].key == key)
			return &ps->agg[i];
	return NULL;
}

static void
on_notification(struct diag_pcap *ctx, struct flow_session *s,
    struct psess *ps, struct flow_conn *c, const struct flow_event *ev)
{
	const struct bgp_notification *n = &ev->msg->u.notification;
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN], name[128];
	int i = ev->from, o = 1 - ev->from;
	struct finding *f;
	struct agg *g;
	bool fresh;

	dp_side_str(s, i, a);
	dp_side_str(s, o, b);
	bgp_notification_name(n->code, n->subcode, name, sizeof(name));
	/* a 4/0 that was stuck in the TCP queue of a connection already
	 * superseded: the expiry that finding describes, seen at last */
	if (n->code == BGP_ERR_HOLD_TIMER && c->superseded &&
	    (g = agg_find(ps, FC_BGP_HOLD_TIMER_EXPIRED, o, 1)) != NULL) {
		f = dp_fl_at(ctx, g->idx);
		if (strstr(f->summary, "arrived later") == NULL)
			dp_append(f, "; %s's NOTIFICATION 4/0 arrived later "
			    "(frame %llu)", a,
			    (unsigned long long)ev->meta.frame);
		dp_ev_frame(ctx, f, &ev->meta);
		return;
	}
	if (n->code == BGP_ERR_HOLD_TIMER) {
		if ((g = agg_get(ctx, s, ps, FC_BGP_HOLD_TIMER_EXPIRED, i, 0,
		    &fresh)) == NULL)
			return;
		g->n++;
		f = dp_fl_at(ctx, g->idx);
		dp_set_summary(f, "%s closed the session: hold timer expired "
		    "(%u s)", a, s->hold);
		if (g->n > 1)
			snprintf(f->summary + strlen(f->summary),
			    sizeof(f->summary) - strlen(f->summary),
			    ", %llu times", (unsigned long long)g->n);
	} else if (n->code == BGP_ERR_OPEN &&
	    n->subcode == BGP_OPEN_SUB_BAD_PEER_AS) {
		if ((g = agg_get(ctx, s, ps, FC_BGP_OPEN_PEER_AS_MISMATCH, o,
		    0, &fresh)) == NULL)
			return;
		g->n++;
		f = dp_fl_at(ctx, g->idx);
		if (s->side[o].has_open)
			dp_set_summary(f, "%s sent AS %u in its OPEN, %s "
			    "rejected it with NOTIFICATION 2/2 Bad Peer AS "
			    "(%llu times)", b, s->side[o].asn, a,
			    (unsigned long long)g->n);
		else
			dp_set_summary(f, "%s rejected the AS in the OPEN of "
			    "%s with NOTIFICATION 2/2 Bad Peer AS (%llu times)",
			    a, b, (unsigned long long)g->n);
		if (fresh && s->side[o].has_open)
			dp_ev_frame(ctx, f, &s->side[o].open_meta);
	} else if (n->code == BGP_ERR_CEASE &&
	    n->subcode == BGP_CEASE_SUB_MAX_PREFIX) {
		if ((g = agg_get(ctx, s, ps, FC_BGP_MAX_PREFIX, i, 0,
		    &fresh)) == NULL)
			return;
		g->n++;
		if (c->side[o].announced > g->v)
			g->v = c->side[o].announced;
		f = dp_fl_at(ctx, g->idx);
		dp_set_summary(f, "%s closed the session: maximum prefixes "
		    "reached (%llu prefixes announced by %s; %llu times)", a,
		    (unsigned long long)g->v, b, (unsigned long long)g->n);
	} else {
		if ((g = agg_get(ctx, s, ps, FC_BGP_NOTIFICATION, i,
		    (uint32_t)n->code << 8 | n->subcode, &fresh)) == NULL)
			return;
		g->n++;
		f = dp_fl_at(ctx, g->idx);
		dp_set_summary(f, "%s sent NOTIFICATION %u/%u (%s)", a, n->code,
		    n->subcode, name);
		if (n->has_shutdown_msg)
			snprintf(f->summary + strlen(f->summary),
			    sizeof(f->summary) - strlen(f->summary),
			    ": \"%s\"", n->shutdown_msg);
		if (g->n > 1)
			snprintf(f->summary + strlen(f->summary),
			    sizeof(f->summary) - strlen(f->summary),
			    ", %llu times", (unsigned long long)g->n);
		/* RFC 4271 6.8: closing one of two simultaneous
		 * connections is how a collision ends, not a failure */
		if (n->code == BGP_ERR_CEASE &&
		    n->subcode == BGP_CEASE_SUB_COLLISION)
			f->sev = SEV_WARNING;
	}
	dp_ev_frame(ctx, f, &ev->meta);
	if (fresh)
		dp_notify(ctx, f);
}

static void
on_bgp_msg(struct diag_pcap *ctx, struct flow_session *s, struct psess *ps,
    struct flow_conn *c, const struct flow_event *ev)
{
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN];
	struct diag_pcap_msg dm;
	struct finding *f;
	struct agg *g;
	struct sb d;
	bool fresh;

	ctx->cur->bgp_messages++;
	if (ctx->o.on_message != NULL) {
		memset(&dm, 0, sizeof(dm));
		dm.file = ctx->cur->name;
		dm.frame = ev->meta.frame;
		dm.first_frame = ev->first.frame;
		dm.time = ev->meta.time;
		dm.src = &s->side[ev->from].addr;
		dm.dst = &s->side[1 - ev->from].addr;
		dm.sess = s;
		dm.conn_id = ev->conn_id;
		dm.type = ev->msg_type;
		dm.parsed = ev->msg != NULL;
		dm.m = ev->msg;
		dm.neg = ev->neg;
		ctx->o.on_message(ctx->o.cb_ctx, &dm);
	}
	if (ctx->o.timeline) {
		sb_init(&d);
		if (ev->msg != NULL)
			bgp_msg_describe(&d, ev->msg, ev->neg, 16);
		else
			sb_addf(&d, "%s (malformed: %s)",
			    bgp_msg_type_name(ev->msg_type),
			    ev->berr != NULL ? ev->berr->what : "?");
		if (d.failed)
			ERR(&ctx->err, ERR_NOMEM, "cannot describe a message");
		tl_line(ctx, s, ps, ev, sb_str(&d));
		sb_release(&d);
	}
	if (ev->msg == NULL) {
		if (ps->nmalformed >= MAX_MALFORMED)
			return;
		ps->nmalformed++;
		dp_side_str(s, ev->from, a);
		f = dp_new_finding(ctx, FC_BGP_MALFORMED, s->key,
		    "malformed BGP message from %s: %s (frame %llu, offset %u)",
		    a, ev->berr != NULL ? ev->berr->what : "does not parse",
		    (unsigned long long)ev->meta.frame,
		    ev->berr != NULL ? ev->berr->offset : 0);
		if (f != NULL) {
			dp_subj_session(ctx, f, s, ps);
			dp_ev_frame(ctx, f, &ev->first);
			dp_ev_frame(ctx, f, &ev->meta);
			dp_notify(ctx, f);
		}
		return;
	}
	switch (ev->msg_type) {
	case BGP_MSG_NOTIFICATION:
		on_notification(ctx, s, ps, c, ev);
		break;
	case BGP_MSG_UPDATE:
		if (!ev->msg->u.update.default_v4 &&
		    !ev->msg->u.update.default_v6)
			break;
		if ((g = agg_get(ctx, s, ps, FC_BGP_DEFAULT_ROUTE_RECEIVED,
		    ev->from, 0, &fresh)) == NULL)
			break;
		dp_side_str(s, ev->from, a);
		g->n++;
		f = dp_fl_at(ctx, g->idx);
		dp_set_summary(f, "%s announced the default route %s to %s", a,
		    ev->msg->u.update.default_v4 ? "0.0.0.0/0" : "::/0",
		    dp_side_str(s, 1 - ev->from, b));
		if (fresh) {
			dp_ev_frame(ctx, f, &ev->meta);
			dp_notify(ctx, f);
		}
		break;
	default:
		break;
	}
}

/*
 * A connection's session ended because another connection between the
 * same peers reached Established, with no close seen (flow.h,
 * FLOW_DOWN_SUPERSEDED).  The restarting side of a graceful restart
 * (RFC 4724) explains it; otherwise a side silent longer than the hold
 * time means a hold timer expired whose NOTIFICATION the capture never
 * showed; otherwise the cause is not on the wire.
 */
static void
on_superseded(struct diag_pcap *ctx, struct flow_session *s,
    struct psess *ps, const struct flow_event *ev)
{
	const struct flow_supersede *sp = ev->sup;
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN], hs[80], g0[24], g1[24];
	struct finding *f;
	struct agg *g;
	usec_t limit;
	bool fresh, expired = false;
	int i, r = sp->restarter;

	if (!sp->has_hold)
		str_copy(hs, "hold time unknown", sizeof(hs));
	else if (sp->hold_from_new)
		snprintf(hs, sizeof(hs), "hold time %u s, as the new "
		    "connection negotiated it", sp->hold);
	else
		snprintf(hs, sizeof(hs), "hold time %u s", sp->hold);
	if (r >= 0) {
		if ((g = agg_get(ctx, s, ps, FC_BGP_GRACEFUL_RESTART, r, 0,
		    &fresh)) == NULL)
			return;
		g->n++;
		f = dp_fl_at(ctx, g->idx);
		dp_set_summary(f, "%s restarted gracefully: its OPEN on "
		    "connection %u carries the Restart State bit; connection "
		    "%u ended without a close on the wire, %s after its last "
		    "message (%s, restart time %u s)", dp_side_str(s, r, a),
		    sp->new_conn, sp->old_conn, secs_str(sp->silence[r], g0,
		    sizeof(g0)), hs, sp->restart_time);
		if (g->n > 1)
			dp_append(f, ", %llu times", (unsigned long long)g->n);
		/* the helper keeps the routes for the restart time once
		 * it notices, at the latest when its hold timer expires */
		limit = ((usec_t)sp->hold + sp->restart_time) * USEC_PER_SEC;
		if (sp->has_hold && sp->hold > 0 && sp->silence[r] > limit) {
			f->sev = SEV_ERROR;
			dp_append(f, ": longer than hold plus restart time, "
			    "the routes were withdrawn");
		}
		if (sp->has_last[r])
			dp_ev_frame(ctx, f, &sp->last[r]);
		dp_ev_frame(ctx, f, &sp->at);
		ps->sup_frame[r] = sp->at.frame;
		if (fresh)
			dp_notify(ctx, f);
		return;
	}
	for (i = 0; i < 2; i++) {
		if (!sp->expired[i])
			continue;
		expired = true;
		if ((g = agg_get(ctx, s, ps, FC_BGP_HOLD_TIMER_EXPIRED, i, 1,
		    &fresh)) == NULL)
			continue;
		g->n++;
		f = dp_fl_at(ctx, g->idx);
		dp_set_summary(f, "no BGP message from %s for %s on connection "
		    "%u, longer than the %s: the hold timer expired with no "
		    "close on the wire, and connection %u superseded the "
		    "session", dp_side_str(s, i, a), secs_str(sp->silence[i],
		    g0, sizeof(g0)), sp->old_conn, hs, sp->new_conn);
		if (g->n > 1)
			dp_append(f, " (%llu times)", (unsigned long long)g->n);
		dp_ev_frame(ctx, f, &sp->last[i]);
		dp_ev_frame(ctx, f, &sp->at);
		ps->sup_frame[i] = sp->at.frame;
		if (fresh)
			dp_notify(ctx, f);
	}
	if (expired)
		return;
	if ((g = agg_get(ctx, s, ps, FC_BGP_SESSION_SUPERSEDED, -1, 0,
	    &fresh)) == NULL)
		return;
	g->n++;
	f = dp_fl_at(ctx, g->idx);
	dp_side_str(s, 0, a);
	dp_side_str(s, 1, b);
	dp_set_summary(f, "connection %u ended without a close on the wire: "
	    "connection %u between the same peers reached Established (last "
	    "message from %s %s before, from %s %s; %s)", sp->old_conn,
	    sp->new_conn, a, sp->has_last[0] ? secs_str(sp->silence[0], g0,
	    sizeof(g0)) : "none", b, sp->has_last[1] ?
	    secs_str(sp->silence[1], g1, sizeof(g1)) : "none", hs);
	for (i = 0; i < 2; i++) {
		struct net_addr x, y;
		char xs[NET_ADDR_STRLEN], ys[NET_ADDR_STRLEN];

		if (!sp->id_changed[i])
			continue;
		net_addr_set_v4(&x, sp->new_id[i]);
		net_addr_set_v4(&y, sp->old_id[i]);
		dp_append(f, "; %s has a new BGP identifier %s (was %s)",
		    dp_side_str(s, i, a), net_addr_str(&x, xs),
		    net_addr_str(&y, ys));
	}
	if (g->n > 1)
		dp_append(f, ", %llu times", (unsigned long long)g->n);
	for (i = 0; i < 2; i++)
		if (sp->has_last[i])
			dp_ev_frame(ctx, f, &sp->last[i]);
	dp_ev_frame(ctx, f, &sp->at);
	if (fresh)
		dp_notify(ctx, f);
}

/* A direction that carried bytes but never one valid BGP header: not BGP
 * at all (the header checks report what they can on their own; a stream
 * joined mid-way may start with the tail of a message, up to 64 KB). */
static void
not_bgp(struct diag_pcap *ctx, struct flow_session *s, struct psess *ps,
    struct flow_conn *c, const struct flow_event *ev)
{
	char a[NET_ADDR_STRLEN];
	const struct flow_stream *st;
	struct finding *f;
	int i;

	for (i = 0; i < 2; i++) {
		st = &c->side[i].st;
		if (st->msgs > 0 || st->bad > 0 || st->skipped_bytes <
		    (c->midstream ? BGP_EXT_MAX_LEN + 1u : BGP_HDR_LEN))
			continue;
		if (ps->nmalformed >= MAX_MALFORMED)
			return;
		ps->nmalformed++;
		f = dp_new_finding(ctx, FC_BGP_MALFORMED, s->key,
		    "malformed BGP message from %s: %llu bytes on connection "
		    "%u (port %u) hold no valid BGP header",
		    dp_side_str(s, i, a), (unsigned long long)st->skipped_bytes,
		    ev->conn_id,
		    c->side[1 - i].port);
		if (f != NULL) {
			dp_subj_session(ctx, f, s, ps);
			dp_ev_frame(ctx, f, &c->syn);
			dp_ev_frame(ctx, f, &ev->meta);
			dp_notify(ctx, f);
		}
	}
}

void
dp_on_event(void *arg, struct flow_session *s, struct flow_conn *c,
    const struct flow_event *ev)
{
	struct diag_pcap *ctx = arg;
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN], what[160];
	struct psess *ps;
	struct finding *f;
	struct agg *g;
	bool fresh;
	int i = ev->from;

	if ((ps = dp_ps_get(ctx, s)) == NULL)
		return;
	dp_note_conn(ctx, ps, c);
	/* the hot path: messages and silences, no text needed */
	if (ev->type == FLOW_EV_BGP_MSG) {
		if (i >= 0)
			on_bgp_msg(ctx, s, ps, c, ev);
		return;
	}
	if (ev->type == FLOW_EV_SILENCE)
		return;
	dp_side_str(s, i, a);
	dp_side_str(s, i < 0 ? -1 : 1 - i, b);
	switch (ev->type) {
	case FLOW_EV_SYN:
	case FLOW_EV_SYN_RETRANS:
		if (i >= 0 && ps->first_syn_to < 0)
			ps->first_syn_to = 1 - i;
		if (i >= 0 && ps->nsyn_ev[i] < SYN_EV)
			ps->syn_ev[i][ps->nsyn_ev[i]++] = ev->meta;
		else if (i >= 0)
			ps->syn_ev[i][SYN_EV - 1] = ev->meta;
		snprintf(what, sizeof(what), "%s%s%s",
		    ev->type == FLOW_EV_SYN ? "SYN" : "SYN (again)",
		    ev->tcp_opt & FLOW_OPT_MD5 ? " [MD5]" : "",
		    ev->tcp_opt & FLOW_OPT_AO ? " [AO]" : "");
		tl_line(ctx, s, ps, ev, what);
		break;
	case FLOW_EV_SYNACK:
		tl_line(ctx, s, ps, ev, "SYN-ACK");
		break;
	case FLOW_EV_FIN:
		tl_line(ctx, s, ps, ev, "FIN");
		break;
	case FLOW_EV_RST:
		tl_line(ctx, s, ps, ev, "RST");
		if (i < 0)
			break;
		ps->rst_ev[i] = ev->meta;
		if (ev->aux == FLOW_RST_SYN) {
			if ((g = agg_get(ctx, s, ps, FC_TCP_RST_ON_SYN, i, 0,
			    &fresh)) == NULL)
				break;
			g->n++;
			f = dp_fl_at(ctx, g->idx);
			dp_set_summary(f, "%s answered %llu SYNs from %s to "
			    "port %u with RST", a, (unsigned long long)g->n, b,
			    c->side[i].port);
			if (fresh && ps->nsyn_ev[1 - i] > 0)
				dp_ev_frame(ctx, f, &ps->syn_ev[1 - i]
				    [ps->nsyn_ev[1 - i] - 1]);
		} else if (ev->aux == FLOW_RST_ESTABLISHED) {
			if ((g = agg_get(ctx, s, ps, FC_TCP_RST_ESTABLISHED, i,
			    0, &fresh)) == NULL)
				break;
			g->n++;
			f = dp_fl_at(ctx, g->idx);
			dp_set_summary(f, "%s reset the established connection "
			    "to %s (%llu times)", a, b,
			    (unsigned long long)g->n);
		} else
			break;
		dp_ev_frame(ctx, f, &ev->meta);
		if (fresh)
			dp_notify(ctx, f);
		break;
	case FLOW_EV_CONN_END:
		not_bgp(ctx, s, ps, c, ev);
		if (ev->n & (FLOW_END_F_NO_OPEN0 | FLOW_END_F_NO_OPEN1)) {
			i = ev->n & FLOW_END_F_NO_OPEN0 ? 0 : 1;
			dp_side_str(s, i, a);
			if ((g = agg_get(ctx, s, ps, FC_BGP_PEER_RESET_NO_OPEN,
			    i, 0, &fresh)) == NULL)
				break;
			g->n++;
			f = dp_fl_at(ctx, g->idx);
			dp_set_summary(f, "%s accepts the TCP connection but "
			    "closes it without sending OPEN (%llu times)", a,
			    (unsigned long long)g->n);
			if (s->side[1 - i].has_open && fresh)
				dp_ev_frame(ctx, f, &s->side[1 - i].open_meta);
			dp_ev_frame(ctx, f, &ev->meta);
			if (fresh)
				dp_notify(ctx, f);
		}
		break;
	case FLOW_EV_GAP:
		snprintf(what, sizeof(what), "gap: %llu bytes lost (%s)",
		    (unsigned long long)ev->n, ev->aux == FLOW_GAP_LIMIT ?
		    "reassembly limit" : ev->aux == FLOW_GAP_SNAPLEN ?
		    "cut by the snaplen" : "never captured");
		tl_line(ctx, s, ps, ev, what);
		if (ev->aux != FLOW_GAP_LIMIT || i < 0)
			break;
		if ((g = agg_get(ctx, s, ps, FC_TCP_REASSEMBLY_LIMIT, i, 0,
		    &fresh)) == NULL)
			break;
		g->v += ev->n;
		f = dp_fl_at(ctx, g->idx);
		dp_set_summary(f, "stream reassembly dropped %llu bytes from "
		    "%s (cap %u bytes)", (unsigned long long)g->v, a,
		    (unsigned)c->side[i].st.cap_bytes);
		dp_ev_frame(ctx, f, &ev->meta);
		if (fresh)
			dp_notify(ctx, f);
		break;
	case FLOW_EV_OVERLAP_MISMATCH:
		if (i < 0 || (g = agg_get(ctx, s, ps, FC_TCP_OVERLAP_MISMATCH,
		    i, 0, &fresh)) == NULL)
			break;
		g->n++;
		g->v += ev->n;
		f = dp_fl_at(ctx, g->idx);
		if (fresh) {
			/* the first pair names the evidence: the copy, then
			 * the first copy when still known */
			dp_ev_frame(ctx, f, &ev->meta);
			dp_ev_frame(ctx, f, &ev->first);
		}
		snprintf(what, sizeof(what), f->nev > 1 ? "frame %llu" :
		    "an earlier frame", (unsigned long long)(f->nev > 1 ?
		    f->ev[1].unit : 0));
		dp_set_summary(f, "%s sent %llu segments whose bytes differ "
		    "from the first copy of the same sequence range (%llu "
		    "bytes; frame %llu against %s)", a,
		    (unsigned long long)g->n, (unsigned long long)g->v,
		    (unsigned long long)(f->nev > 0 ? f->ev[0].unit : 0),
		    what);
		if (fresh)
			dp_notify(ctx, f);
		break;
	case FLOW_EV_BGP_BAD:
		tl_line(ctx, s, ps, ev, "not BGP: bad header");
		if (ps->nmalformed >= MAX_MALFORMED || i < 0)
			break;
		ps->nmalformed++;
		f = dp_new_finding(ctx, FC_BGP_MALFORMED, s->key,
		    "malformed BGP message from %s: %s (frame %llu)", a,
		    ev->berr != NULL ? ev->berr->what : "bad header",
		    (unsigned long long)ev->meta.frame);
		if (f != NULL) {
			dp_subj_session(ctx, f, s, ps);
			dp_ev_frame(ctx, f, &ev->meta);
			dp_notify(ctx, f);
		}
		break;
	case FLOW_EV_BGP_MSG:
		if (i >= 0)
			on_bgp_msg(ctx, s, ps, c, ev);
		break;
	case FLOW_EV_BGP_UP:
		tl_line(ctx, s, ps, ev, "Established");
		break;
	case FLOW_EV_BGP_DOWN:
		if (ev->aux == FLOW_DOWN_SUPERSEDED)
			snprintf(what, sizeof(what), "session down: superseded "
			    "by connection %llu", (unsigned long long)ev->n);
		else
			snprintf(what, sizeof(what), "session down (%s)",
			    flow_down_cause_name(ev->aux));
		tl_line(ctx, s, ps, ev, what);
		if (ev->aux == FLOW_DOWN_SUPERSEDED && ev->sup != NULL)
			on_superseded(ctx, s, ps, ev);
		break;
	default:
		break;
	}
}
