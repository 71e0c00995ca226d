/*
 * The report document of `erwatch pcap`: the files, the BGP sessions the
 * analyzer modelled (flow_session) and the findings.  The JSON shape is
 * documented in docs/json-output.md ("erwatch pcap"); addresses key the
 * per-sender objects, so a reader can look up what 172.16.0.2 sent
 * without knowing which side the model sorted first.
 *
 * JSON groups what text interleaves (all files, then all sessions, then
 * all findings; text goes file by file, each session with its findings),
 * so the document holds both: the "files", "sessions" and "findings"
 * nodes for JSON (files also shown in HTML), and per file a keyless
 * section for text and HTML, whose sessions carry their text lines,
 * their findings and a lane of the file's timeline node (the SVG).
 */
#include <stdio.h>
#include <string.h>

#include "bgp/bgp.h"
#include "report.h"
#include "report_pcap.h"

#define AS_MICROSOFT	12076
#define TEXT_TL_LINES	20

static const char *
role_name(const struct diag_pcap_session *ds, int i)
{
	const struct flow_sess_side *sd = &ds->fs->side[i];

	if ((sd->has_open || sd->asn_from_path) && sd->asn == AS_MICROSOFT)
		return "Microsoft edge";
	if (ds->ms_side == i)
		return "peer";
	if (ds->ms_side == 1 - i)
		return "customer edge";
	return NULL;
}

const char *
report_pcap_negotiation(const struct flow_session *s)
{
	if (s->inferred_updates > 0)
		return "inferred";
	if (s->has_hold)
		return "observed";
	return "none";
}

static const char *
rel_str(usec_t t, usec_t epoch, char *buf, size_t len)
{
	usec_t r = t - epoch;

	if (r < 0)
		r = 0;
	snprintf(buf, len, "%lld.%06lld", (long long)(r / USEC_PER_SEC),
	    (long long)(r % USEC_PER_SEC));
	return buf;
}

static const char *
ev_name(const struct flow_tl_event *e)
{
	switch (e->type) {
	case FLOW_EV_SYN:
		return "syn";
	case FLOW_EV_SYNACK:
		return "syn-ack";
	case FLOW_EV_TCP_UP:
		return "tcp-established";
	case FLOW_EV_RST:
		return "rst";
	case FLOW_EV_FIN:
		return "fin";
	case FLOW_EV_CONN_END:
		return "connection-end";
	case FLOW_EV_GAP:
		return "gap";
	case FLOW_EV_BGP_BAD:
		return "malformed";
	case FLOW_EV_BGP_MSG:
		return "message";
	case FLOW_EV_BGP_UP:
		return e->aux == 1 ? "up-at-start" : "established";
	case FLOW_EV_BGP_DOWN:
		return "down";
	default:
		return "event";
	}
}

static const char *
rst_ctx_name(int aux)
{
	switch (aux) {
	case FLOW_RST_SYN:
		return "in reply to a SYN";
	case FLOW_RST_ESTABLISHED:
		return "on the established connection";
	case FLOW_RST_FIN:
		return "after a FIN";
	default:
		return "during the handshake";
	}
}

static const char *
end_name(int aux)
{
	switch (aux) {
	case FLOW_END_RST:
		return "reset";
	case FLOW_END_FIN:
		return "closed";
	case FLOW_END_CAPTURE:
		return "open at the end of the capture";
	default:
		return "no longer tracked";
	}
}

const char *
report_pcap_tl_str(const struct flow_session *s, const struct flow_tl_event *e,
    usec_t epoch, char *buf, size_t len)
{
	char a[NET_ADDR_STRLEN] = "?", b[NET_ADDR_STRLEN] = "?", t[40];
	char what[200], nm[128], id[NET_ADDR_STRLEN];
	struct net_addr ida;

	if (e->from == 0 || e->from == 1) {
		net_addr_str(&s->side[e->from].addr, a);
		net_addr_str(&s->side[1 - e->from].addr, b);
	}
	switch (e->type) {
	case FLOW_EV_SYN:
		snprintf(what, sizeof(what), "%s -> %s SYN (connection %u)",
		    a, b, e->conn_id);
		break;
	case FLOW_EV_SYNACK:
		snprintf(what, sizeof(what), "%s -> %s SYN-ACK", a, b);
		break;
	case FLOW_EV_TCP_UP:
		snprintf(what, sizeof(what), "TCP handshake completed "
		    "(connection %u)", e->conn_id);
		break;
	case FLOW_EV_RST:
		snprintf(what, sizeof(what), "%s -> %s RST %s", a, b,
		    rst_ctx_name(e->aux));
		break;
	case FLOW_EV_FIN:
		snprintf(what, sizeof(what), "%s -> %s FIN", a, b);
		break;
	case FLOW_EV_CONN_END:
		snprintf(what, sizeof(what), "connection %u %s", e->conn_id,
		    end_name(e->aux));
		break;
	case FLOW_EV_GAP:
		snprintf(what, sizeof(what), "%s -> %s %llu bytes missing "
		    "from the capture (%s)", a, b, (unsigned long long)e->n,
		    e->aux == FLOW_GAP_LIMIT ? "reassembly limit" :
		    e->aux == FLOW_GAP_SNAPLEN ? "snaplen" : "never captured");
		break;
	case FLOW_EV_BGP_BAD:
		snprintf(what, sizeof(what), "%s -> %s bytes that are not a "
		    "BGP header", a, b);
		break;
	case FLOW_EV_BGP_MSG:
		if (e->msg_type == BGP_MSG_OPEN) {
			net_addr_set_v4(&ida, e->bgp_id);
			snprintf(what, sizeof(what), "%s -> %s OPEN AS %u "
			    "hold %u id %s", a, b, e->asn, e->hold,
			    net_addr_str(&ida, id));
		} else if (e->msg_type == BGP_MSG_NOTIFICATION)
			snprintf(what, sizeof(what), "%s -> %s NOTIFICATION "
			    "%u/%u %s", a, b, e->code, e->subcode,
			    bgp_notification_name(e->code, e->subcode, nm,
			    sizeof(nm)));
		else
			snprintf(what, sizeof(what), "%s -> %s %s%s", a, b,
			    bgp_msg_type_name(e->msg_type),
			    e->code != 0 ? " (malformed)" : "");
		break;
	case FLOW_EV_BGP_UP:
		snprintf(what, sizeof(what), e->aux == 1 ?
		    "Established before the capture started (connection %u)" :
		    "Established (connection %u)", e->conn_id);
		break;
	case FLOW_EV_BGP_DOWN:
		if (e->aux == FLOW_DOWN_SUPERSEDED)
			snprintf(what, sizeof(what), "session down (connection "
			    "%u): superseded by connection %llu", e->conn_id,
			    (unsigned long long)e->n);
		else
			snprintf(what, sizeof(what), "session down (connection "
			    "%u): %s", e->conn_id,
			    flow_down_cause_name(e->aux));
		break;
	default:
		snprintf(what, sizeof(what), "event %u", e->type);
		break;
	}
	snprintf(buf, len, "+%s frame %-6llu %s",
	    rel_str(e->meta.time, epoch, t, sizeof(t)),
	    (unsigned long long)e->meta.frame, what);
	return buf;
}

/* ------------------------------------------------------------------ */
/* The JSON part: files, sessions, findings                            */
/* ------------------------------------------------------------------ */

/* v becomes {"addr0": ..., "addr1": ...}; out gets the two values. */
static void
per_side(struct report_val *v, const struct flow_session *s,
    struct report_val *out[2])
{
	struct report_node *f;
	char a[NET_ADDR_STRLEN];
	int k;

	f = report_fields(report_val_section(v), NULL);
	for (k = 0; k < 2; k++) {
		net_addr_str(&s->side[k].addr, a);
		out[k] = report_field(f, a, a);
	}
}

static void
u64_side(struct report_val *v, const struct flow_session *s, uint64_t v0,
    uint64_t v1)
{
	struct report_val *o[2];

	per_side(v, s, o);
	report_val_int(o[0], (int64_t)v0);
	report_val_int(o[1], (int64_t)v1);
}

static void
bool_side(struct report_val *v, const struct flow_session *s, bool v0,
    bool v1)
{
	struct report_val *o[2];

	per_side(v, s, o);
	report_val_bool(o[0], v0);
	report_val_bool(o[1], v1);
}

static void
sec_val(struct report_val *v, usec_t u)
{
	report_val_real(v, (double)u / 1e6);
}

static void
addr_text(struct report_val *v, const struct net_addr *a)
{
	char b[NET_ADDR_STRLEN];

	report_val_text(v, net_addr_str(a, b));
}

static void
int_list(struct report_val *v, const uint16_t *x, size_t n)
{
	struct report_node *l = report_val_list(v);
	size_t i;

	for (i = 0; i < n; i++)
		report_list_add_int(l, x[i]);
}

/* A table's columns from {label, key, type}; labels double as keys. */
struct col {
	const char	*key;
	enum report_type type;
};

static void
cols(struct report_node *t, const struct col *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		report_col(t, c[i].key, c[i].key, c[i].type, NULL);
}

#define NCOLS(a)	(sizeof(a) / sizeof((a)[0]))

/* One supersession (flow.h struct flow_supersede) as a row of t. */
static void
sup_row(struct report_node *t, const struct flow_session *s,
    const struct flow_supersede *sp)
{
	struct report_row *r = report_row(t);
	struct report_val *v[2], *w[2];
	int k;

	report_val_int(report_cell(r, 0), sp->old_conn);
	report_val_int(report_cell(r, 1), sp->new_conn);
	report_val_int(report_cell(r, 2), (int64_t)sp->at.frame);
	report_val_time(report_cell(r, 3), sp->at.time);
	if (sp->has_hold)
		report_val_int(report_cell(r, 4), sp->hold);
	report_val_text(report_cell(r, 5), !sp->has_hold ? "none" :
	    sp->hold_from_new ? "new_connection" : "connection");
	per_side(report_cell(r, 6), s, v);
	per_side(report_cell(r, 7), s, w);
	for (k = 0; k < 2; k++) {
		if (sp->has_last[k]) {
			sec_val(v[k], sp->silence[k]);
			report_val_int(w[k], (int64_t)sp->last[k].frame);
		} else {
			report_val_null(v[k]);
			report_val_null(w[k]);
		}
	}
	bool_side(report_cell(r, 8), s, sp->expired[0], sp->expired[1]);
	if (sp->restarter >= 0) {
		addr_text(report_cell(r, 9), &s->side[sp->restarter].addr);
		if (sp->has_restart_time)
			report_val_int(report_cell(r, 10), sp->restart_time);
	}
}

/* The tunnels that carried session key (all of the file's if NULL). */
static void
tunnels_val(struct report_val *v, const struct diag_pcap_file *fi,
    const char *key)
{
	static const struct col tc[] = {
		{ "description", REPORT_TEXT }, { "session", REPORT_TEXT },
		{ "layers", REPORT_NODE }, { "frames", REPORT_INT },
		{ "first_frame", REPORT_INT },
	};
	static const struct col lc[] = {
		{ "type", REPORT_TEXT }, { "src", REPORT_ADDR },
		{ "dst", REPORT_ADDR }, { "vni", REPORT_INT },
		{ "key", REPORT_INT }, { "session", REPORT_INT },
		{ "vlan", REPORT_INT }, { "labels", REPORT_NODE },
		{ "pseudowire", REPORT_BOOL },
	};
	const struct diag_pcap_tunnel *tu;
	struct report_node *t, *lt;
	struct report_row *r, *lr;
	size_t i;
	unsigned k;
	int c, idc;

	t = report_val_table(v);
	cols(t, tc, NCOLS(tc));
	for (i = 0; i < fi->ntunnels; i++) {
		tu = &fi->tunnels[i];
		if (key != NULL && strcmp(tu->session, key) != 0)
			continue;
		r = report_row(t);
		report_val_text(report_cell(r, 0), tu->desc);
		if (key == NULL)
			report_val_text(report_cell(r, 1), tu->session);
		else
			report_val_absent(report_cell(r, 1));
		lt = report_val_table(report_cell(r, 2));
		cols(lt, lc, NCOLS(lc));
		for (k = 0; k < tu->nencap && k < PKT_MAX_ENCAP; k++) {
			const struct pkt_encap *en = &tu->encap[k];

			lr = report_row(lt);
			for (c = 1; c < (int)NCOLS(lc); c++)
				report_val_absent(report_cell(lr, c));
			report_val_text(report_cell(lr, 0),
			    pkt_encap_name(en->type));
			if (en->has_addr) {
				addr_text(report_cell(lr, 1), &en->src);
				addr_text(report_cell(lr, 2), &en->dst);
			}
			if (en->has_id) {
				idc = en->type == PKT_ENC_VXLAN ? 3 :
				    en->type == PKT_ENC_GRE ? 4 : 5;
				report_val_int(report_cell(lr, idc), en->id);
			}
			if (en->type == PKT_ENC_ERSPAN2 ||
			    en->type == PKT_ENC_ERSPAN3)
				report_val_int(report_cell(lr, 6), en->vlan);
			if (en->type == PKT_ENC_MPLS) {
				struct report_node *ll;
				unsigned j;

				ll = report_val_list(report_cell(lr, 7));
				for (j = 0; j < en->nlabels &&
				    j < PKT_MAX_LABELS; j++)
					report_list_add_int(ll, en->label[j]);
				report_val_bool(report_cell(lr, 8), en->pw_cw);
			}
		}
		report_val_int(report_cell(r, 3), (int64_t)tu->frames);
		report_val_int(report_cell(r, 4), (int64_t)tu->first_frame);
	}
}

enum {
	S_FILE, S_KEY, S_TUNNELS, S_PEERS, S_ASNS, S_ASN_SRC, S_NEGO, S_ROLES,
	S_IDS, S_HOLD_OFF, S_HOLD, S_EST, S_UP_START, S_TEARDOWNS, S_CAUSES,
	S_SUP, S_SUP_TOTAL, S_UP_END, S_MSGS, S_NOTIF, S_NOTIF_TOTAL, S_PFX,
	S_VLANS, S_MD5, S_AO, S_MSS, S_CONNS, S_KA, S_TL, S_TL_SKIPPED,
	S_DESCRIBED
};

static const struct col session_cols[] = {
	{ "file", REPORT_TEXT }, { "key", REPORT_TEXT },
	{ "tunnels", REPORT_NODE }, { "peers", REPORT_NODE },
	{ "asns", REPORT_NODE }, { "asn_source", REPORT_NODE },
	{ "negotiation", REPORT_TEXT }, { "roles", REPORT_NODE },
	{ "bgp_ids", REPORT_NODE }, { "hold_offered", REPORT_NODE },
	{ "hold_time", REPORT_INT }, { "establishments", REPORT_INT },
	{ "up_at_start", REPORT_INT }, { "teardowns", REPORT_INT },
	{ "teardown_causes", REPORT_NODE }, { "superseded", REPORT_NODE },
	{ "superseded_total", REPORT_INT }, { "up_at_end", REPORT_BOOL },
	{ "messages", REPORT_NODE }, { "notifications", REPORT_NODE },
	{ "notifications_total", REPORT_INT }, { "prefixes", REPORT_NODE },
	{ "vlans", REPORT_NODE }, { "md5", REPORT_NODE },
	{ "tcp_ao", REPORT_NODE }, { "mss", REPORT_NODE },
	{ "connections", REPORT_NODE }, { "keepalive", REPORT_NODE },
	{ "timeline", REPORT_NODE }, { "timeline_skipped", REPORT_INT },
	{ "messages_described", REPORT_TEXT },
};

static void
session_row(struct report_node *t, const struct diag_pcap_file *fi,
    const struct diag_pcap_session *ds)
{
	static const struct col sc[] = {
		{ "connection", REPORT_INT }, { "by_connection", REPORT_INT },
		{ "frame", REPORT_INT }, { "time", REPORT_TIME },
		{ "hold_time", REPORT_INT }, { "hold_time_from", REPORT_TEXT },
		{ "silence", REPORT_NODE },
		{ "last_message_frame", REPORT_NODE },
		{ "hold_timer_expired", REPORT_NODE },
		{ "graceful_restart", REPORT_TEXT },
		{ "restart_time", REPORT_INT },
	};
	static const struct col nc[] = {
		{ "from", REPORT_ADDR }, { "code", REPORT_INT },
		{ "subcode", REPORT_INT }, { "name", REPORT_TEXT },
		{ "frame", REPORT_INT }, { "time", REPORT_TIME },
	};
	static const struct col ec[] = {
		{ "frame", REPORT_INT }, { "time", REPORT_TIME },
		{ "event", REPORT_TEXT }, { "cause", REPORT_TEXT },
		{ "text", REPORT_TEXT },
	};
	const struct flow_session *s = ds->fs;
	const struct flow_sess_side *sd;
	const struct flow_tl_event *e;
	struct report_node *sub, *f, *mf;
	struct report_row *r, *x;
	struct report_val *v[2];
	char a[NET_ADDR_STRLEN], nm[128], line[320];
	struct net_addr ida;
	const char *role;
	size_t i, n;
	int k, ty;

	r = report_row(t);
	report_val_text(report_cell(r, S_FILE), fi->name);
	report_val_text(report_cell(r, S_KEY), s->key);
	tunnels_val(report_cell(r, S_TUNNELS), fi, s->key);
	sub = report_val_list(report_cell(r, S_PEERS));
	report_list_addf(sub, "%s", net_addr_str(&s->side[0].addr, a));
	report_list_addf(sub, "%s", net_addr_str(&s->side[1].addr, a));
	per_side(report_cell(r, S_ASNS), s, v);
	for (k = 0; k < 2; k++)
		if (s->side[k].has_open || s->side[k].asn_from_path)
			report_val_int(v[k], s->side[k].asn);
		else
			report_val_null(v[k]);
	per_side(report_cell(r, S_ASN_SRC), s, v);
	for (k = 0; k < 2; k++)
		if (s->side[k].has_open)
			report_val_text(v[k], "open");
		else if (s->side[k].asn_from_path)
			report_val_text(v[k], "as_path");
		else
			report_val_null(v[k]);
	report_val_text(report_cell(r, S_NEGO), report_pcap_negotiation(s));
	per_side(report_cell(r, S_ROLES), s, v);
	for (k = 0; k < 2; k++) {
		role = role_name(ds, k);
		if (role != NULL)
			report_val_text(v[k], role);
		else
			report_val_null(v[k]);
	}
	per_side(report_cell(r, S_IDS), s, v);
	for (k = 0; k < 2; k++) {
		if (!s->side[k].has_open) {
			report_val_null(v[k]);
			continue;
		}
		net_addr_set_v4(&ida, s->side[k].open.bgp_id);
		addr_text(v[k], &ida);
	}
	per_side(report_cell(r, S_HOLD_OFF), s, v);
	for (k = 0; k < 2; k++)
		if (s->side[k].has_open)
			report_val_int(v[k], s->side[k].open.hold_time);
		else
			report_val_null(v[k]);
	if (s->has_hold)
		report_val_int(report_cell(r, S_HOLD), s->hold);
	report_val_int(report_cell(r, S_EST), s->establishments);
	report_val_int(report_cell(r, S_UP_START), s->up_at_start);
	report_val_int(report_cell(r, S_TEARDOWNS), s->teardowns);
	f = report_fields(report_val_section(report_cell(r, S_CAUSES)), NULL);
	for (ty = 0; ty < FLOW_DOWN_NCAUSES; ty++)
		if (s->down_causes[ty] > 0)
			report_val_int(report_field(f, flow_down_cause_name(ty),
			    flow_down_cause_name(ty)), s->down_causes[ty]);
	sub = report_val_table(report_cell(r, S_SUP));
	cols(sub, sc, NCOLS(sc));
	for (i = 0; i < s->nsup; i++)
		sup_row(sub, s, &s->sup[i]);
	if (s->nsup_total > s->nsup)
		report_val_int(report_cell(r, S_SUP_TOTAL), s->nsup_total);
	else
		report_val_absent(report_cell(r, S_SUP_TOTAL));
	report_val_bool(report_cell(r, S_UP_END), s->up);
	/* messages per sender, only the types seen */
	f = report_fields(report_val_section(report_cell(r, S_MSGS)), NULL);
	for (k = 0; k < 2; k++) {
		sd = &s->side[k];
		for (ty = 0, n = 0; ty <= BGP_MSG_TYPE_MAX; ty++)
			n += sd->msgs[ty] > 0;
		if (n == 0)
			continue;
		net_addr_str(&sd->addr, a);
		mf = report_fields(report_val_section(report_field(f, a, a)),
		    NULL);
		for (ty = 1; ty <= BGP_MSG_TYPE_MAX; ty++)
			if (sd->msgs[ty] > 0)
				report_val_int(report_field(mf,
				    bgp_msg_type_name((uint8_t)ty),
				    bgp_msg_type_name((uint8_t)ty)),
				    (int64_t)sd->msgs[ty]);
		if (sd->msgs[0] > 0)
			report_val_int(report_field(mf, "unknown", "unknown"),
			    (int64_t)sd->msgs[0]);
	}
	sub = report_val_table(report_cell(r, S_NOTIF));
	cols(sub, nc, NCOLS(nc));
	for (i = 0; i < s->nnotif; i++) {
		x = report_row(sub);
		report_val_addr(report_cell(x, 0),
		    &s->side[s->notif[i].from].addr);
		report_val_int(report_cell(x, 1), s->notif[i].code);
		report_val_int(report_cell(x, 2), s->notif[i].subcode);
		report_val_text(report_cell(x, 3), bgp_notification_name(
		    s->notif[i].code, s->notif[i].subcode, nm, sizeof(nm)));
		report_val_int(report_cell(x, 4),
		    (int64_t)s->notif[i].meta.frame);
		report_val_time(report_cell(x, 5), s->notif[i].meta.time);
	}
	if (s->nnotif_total > s->nnotif)
		report_val_int(report_cell(r, S_NOTIF_TOTAL),
		    s->nnotif_total);
	else
		report_val_absent(report_cell(r, S_NOTIF_TOTAL));
	per_side(report_cell(r, S_PFX), s, v);
	for (k = 0; k < 2; k++) {
		f = report_fields(report_val_section(v[k]), NULL);
		report_val_int(report_field(f, "announced", "announced"),
		    (int64_t)s->side[k].announced);
		report_val_int(report_field(f, "withdrawn", "withdrawn"),
		    (int64_t)s->side[k].withdrawn);
		report_val_bool(report_field(f, "default_route",
		    "default_route"), s->side[k].default_route);
	}
	int_list(report_cell(r, S_VLANS), s->vlans, s->nvlan);
	bool_side(report_cell(r, S_MD5), s, s->side[0].md5, s->side[1].md5);
	bool_side(report_cell(r, S_AO), s, s->side[0].ao, s->side[1].ao);
	per_side(report_cell(r, S_MSS), s, v);
	for (k = 0; k < 2; k++)
		if (s->side[k].has_mss)
			report_val_int(v[k], s->side[k].mss);
		else
			report_val_null(v[k]);
	f = report_fields(report_val_section(report_cell(r, S_CONNS)), NULL);
	report_val_int(report_field(f, "attempts", "attempts"), s->conns);
	report_val_int(report_field(f, "handshakes", "handshakes"),
	    s->tcp_up);
	report_val_int(report_field(f, "refused", "refused"), s->rst_on_syn);
	report_val_int(report_field(f, "unanswered", "unanswered"),
	    s->unanswered);
	report_val_int(report_field(f, "midstream", "midstream"),
	    s->midstream);
	report_val_int(report_field(f, "icmp_errors", "icmp_errors"),
	    s->icmp_errors);
	u64_side(report_field(f, "initiated", "initiated"), s,
	    s->side[0].attempts, s->side[1].attempts);
	u64_side(report_field(f, "syns", "syns"), s, s->side[0].syns,
	    s->side[1].syns);
	u64_side(report_field(f, "rsts", "rsts"), s, s->side[0].rsts,
	    s->side[1].rsts);
	u64_side(report_field(f, "fins", "fins"), s, s->side[0].fins,
	    s->side[1].fins);
	u64_side(report_field(f, "retransmissions", "retransmissions"), s,
	    s->side[0].retrans, s->side[1].retrans);
	u64_side(report_field(f, "zero_windows", "zero_windows"), s,
	    s->side[0].zero_windows, s->side[1].zero_windows);
	u64_side(report_field(f, "missing_bytes", "missing_bytes"), s,
	    s->side[0].gap_bytes, s->side[1].gap_bytes);
	f = report_fields(report_val_section(report_cell(r, S_KA)), NULL);
	if (s->has_hold && s->hold > 0)
		report_val_real(report_field(f, "expected_interval",
		    "expected_interval"), s->hold / 3.0);
	else
		report_val_null(report_field(f, "expected_interval",
		    "expected_interval"));
	per_side(report_field(f, "observed_median", "observed_median"), s, v);
	for (k = 0; k < 2; k++)
		if (s->side[k].nka > 0)
			sec_val(v[k], flow_session_ka_median(s, k));
		else
			report_val_null(v[k]);
	per_side(report_field(f, "longest_silence", "longest_silence"), s, v);
	for (k = 0; k < 2; k++)
		sec_val(v[k], s->side[k].longest_silence);
	sub = report_val_table(report_cell(r, S_TL));
	cols(sub, ec, NCOLS(ec));
	n = flow_session_tl_count(s);
	for (i = 0; i < n; i++) {
		e = flow_session_tl(s, i);
		x = report_row(sub);
		report_val_int(report_cell(x, 0), (int64_t)e->meta.frame);
		report_val_time(report_cell(x, 1), e->meta.time);
		report_val_text(report_cell(x, 2), ev_name(e));
		if (e->type == FLOW_EV_BGP_DOWN)
			report_val_text(report_cell(x, 3),
			    flow_down_cause_name(e->aux));
		else
			report_val_absent(report_cell(x, 3));
		report_val_text(report_cell(x, 4), report_pcap_tl_str(s, e,
		    fi->first, line, sizeof(line)));
	}
	if (flow_session_tl_skipped(s) > 0)
		report_val_int(report_cell(r, S_TL_SKIPPED),
		    (int64_t)flow_session_tl_skipped(s));
	else
		report_val_absent(report_cell(r, S_TL_SKIPPED));
	if (ds->timeline.len > 0)
		report_val_text(report_cell(r, S_DESCRIBED),
		    sb_str(&ds->timeline));
	else
		report_val_absent(report_cell(r, S_DESCRIBED));
}

static void
file_row(struct report_node *t, const struct diag_pcap_file *fi)
{
	struct report_row *r = report_row(t);
	char eb[512];

	report_val_text(report_cell(r, 0), fi->name);
	report_val_text(report_cell(r, 1), fi->dlt_name);
	report_val_int(report_cell(r, 2), fi->dlt);
	report_val_int(report_cell(r, 3), (int64_t)fi->frames);
	report_val_int(report_cell(r, 4), (int64_t)fi->bytes);
	if (fi->frames) {
		report_val_time(report_cell(r, 5), fi->first);
		report_val_time(report_cell(r, 6), fi->last);
	}
	sec_val(report_cell(r, 7), fi->last - fi->first);
	int_list(report_cell(r, 8), fi->vlans, fi->nvlan);
	report_val_int(report_cell(r, 9), (int64_t)fi->undecodable);
	report_val_int(report_cell(r, 10), (int64_t)fi->truncated);
	report_val_int(report_cell(r, 11), (int64_t)fi->arp_requests);
	report_val_int(report_cell(r, 12), (int64_t)fi->arp_replies);
	report_val_int(report_cell(r, 13), (int64_t)fi->bgp_messages);
	report_val_int(report_cell(r, 14), (int64_t)fi->nsessions);
	report_val_int(report_cell(r, 15), (int64_t)fi->tunneled);
	tunnels_val(report_cell(r, 16), fi, NULL);
	if (fi->failed)
		report_val_text(report_cell(r, 17), err_str(&fi->error, eb,
		    sizeof(eb)));
}

static void
json_part(struct report_node *parent, const struct diag_pcap *ctx,
    const struct finding_list *all)
{
	static const struct col fc[] = {
		{ "name", REPORT_TEXT }, { "link_type", REPORT_TEXT },
		{ "dlt", REPORT_INT }, { "frames", REPORT_INT },
		{ "bytes", REPORT_INT }, { "first", REPORT_TIME },
		{ "last", REPORT_TIME }, { "duration", REPORT_REAL },
		{ "vlans", REPORT_NODE }, { "undecodable", REPORT_INT },
		{ "snaplen_cut", REPORT_INT }, { "arp_requests", REPORT_INT },
		{ "arp_replies", REPORT_INT }, { "bgp_messages", REPORT_INT },
		{ "sessions", REPORT_INT }, { "tunneled_frames", REPORT_INT },
		{ "tunnels", REPORT_NODE }, { "error", REPORT_TEXT },
	};
	const struct diag_pcap_file *fi;
	struct report_node *files, *sess, *n;
	size_t i, k;

	files = report_table(parent, "files", "Files");
	report_node_flags(files, REPORT_NO_TEXT);
	cols(files, fc, NCOLS(fc));
	sess = report_table(parent, "sessions", "Sessions");
	/* every member of every session: the page shows them per file */
	report_node_flags(sess, REPORT_NO_TEXT | REPORT_NO_HTML);
	cols(sess, session_cols, NCOLS(session_cols));
	for (i = 0; i < diag_pcap_nfiles(ctx); i++) {
		fi = diag_pcap_file(ctx, i);
		file_row(files, fi);
		for (k = 0; k < fi->nsessions; k++)
			session_row(sess, fi, &fi->sessions[k]);
	}
	/* text and the page show them file by file, session by session */
	n = report_findings(parent, "findings", "Findings", all);
	report_node_flags(n, REPORT_NO_TEXT | REPORT_NO_HTML);
}

/* ------------------------------------------------------------------ */
/* The text and HTML part: file by file                                */
/* ------------------------------------------------------------------ */

/* "  connection 1 superseded by connection 2 at frame 38: ..." */
static void
sup_text(struct sb *sb, const struct flow_session *s,
    const struct flow_supersede *sp)
{
	char a[NET_ADDR_STRLEN];
	int k, n = 0;

	sb_addf(sb, "  connection %u superseded by connection %u at frame "
	    "%llu, no close seen:", sp->old_conn, sp->new_conn,
	    (unsigned long long)sp->at.frame);
	for (k = 0; k < 2; k++) {
		if (!sp->has_last[k])
			continue;
		/* tenths cut, not rounded, as in the findings */
		sb_addf(sb, "%s last message from %s %lld.%01lld s before",
		    n++ > 0 ? "," : "", net_addr_str(&s->side[k].addr, a),
		    (long long)(sp->silence[k] / USEC_PER_SEC),
		    (long long)(sp->silence[k] % USEC_PER_SEC / 100000));
	}
	if (sp->has_hold)
		sb_addf(sb, " (hold time %u s%s)", sp->hold,
		    sp->hold_from_new ? " from the new connection" : "");
	if (sp->restarter >= 0)
		sb_addf(sb, ": graceful restart of %s",
		    net_addr_str(&s->side[sp->restarter].addr, a));
	else if (sp->expired[0] || sp->expired[1])
		sb_addf(sb, ": hold timer expired");
	sb_addc(sb, '\n');
}

/* The session's text from its "session KEY" line to its tunnels, each
 * line ending in a newline. */
static void
session_lines(struct sb *sb, const struct diag_pcap_file *fi,
    const struct diag_pcap_session *ds)
{
	const struct flow_session *s = ds->fs;
	const struct flow_sess_side *sd;
	char a[NET_ADDR_STRLEN];
	const char *role;
	size_t i, n;
	int k, t;

	sb_addf(sb, "session %s\n", s->key);
	for (k = 0; k < 2; k++) {
		sd = &s->side[k];
		role = role_name(ds, k);
		sb_addf(sb, "  %-39s", net_addr_str(&sd->addr, a));
		if (sd->has_open)
			sb_addf(sb, " AS %u", sd->asn);
		else if (sd->asn_from_path)
			sb_addf(sb, " AS %u (from AS_PATH, no OPEN seen)",
			    sd->asn);
		else
			sb_addf(sb, " (no OPEN seen)");
		if (role != NULL)
			sb_addf(sb, ", %s", role);
		if (sd->md5)
			sb_addf(sb, ", TCP MD5");
		if (sd->ao)
			sb_addf(sb, ", TCP-AO");
		sb_addc(sb, '\n');
		sb_addf(sb, "    sent:");
		for (t = 1, n = 0; t <= BGP_MSG_TYPE_MAX; t++)
			if (sd->msgs[t] > 0) {
				sb_addf(sb, " %s %llu",
				    bgp_msg_type_name((uint8_t)t),
				    (unsigned long long)sd->msgs[t]);
				n++;
			}
		if (n == 0)
			sb_addf(sb, " no BGP message");
		sb_addf(sb, "; prefixes announced %llu, withdrawn %llu\n",
		    (unsigned long long)sd->announced,
		    (unsigned long long)sd->withdrawn);
	}
	sb_addf(sb, "  connections %u (handshakes %u, refused %u, unanswered "
	    "%u), established %u times, down %u times", s->conns,
	    s->tcp_up, s->rst_on_syn, s->unanswered, s->establishments,
	    s->teardowns);
	for (t = 0, n = 0; t < FLOW_DOWN_NCAUSES; t++) {
		if (t == FLOW_DOWN_COLLISION || s->down_causes[t] == 0)
			continue;
		sb_addf(sb, "%s%s %u", n++ == 0 ? " (" : ", ",
		    flow_down_cause_name(t), s->down_causes[t]);
	}
	sb_addf(sb, "%s%s%s\n", n > 0 ? ")" : "",
	    s->up_at_start > 0 ? ", up at the start" : "",
	    s->up ? ", up at the end" : "");
	if (s->down_causes[FLOW_DOWN_COLLISION] > 0)
		sb_addf(sb, "  connection collisions resolved %u (RFC 4271 "
		    "6.8, not a teardown)\n",
		    s->down_causes[FLOW_DOWN_COLLISION]);
	for (i = 0; i < s->nsup; i++)
		sup_text(sb, s, &s->sup[i]);
	if (s->has_hold)
		sb_addf(sb, "  hold time %u s (keepalive expected every %.1f "
		    "s)\n", s->hold, s->hold / 3.0);
	else if (s->up_at_start > 0)
		sb_addf(sb, "  hold time unknown (no OPEN seen)\n");
	if (strcmp(report_pcap_negotiation(s), "inferred") == 0)
		sb_addf(sb, "  negotiation inferred (capture started after "
		    "the OPENs): %llu UPDATEs decoded with the AS width and "
		    "add-path guessed\n",
		    (unsigned long long)s->inferred_updates);
	if (s->nvlan > 0) {
		sb_addf(sb, "  VLAN");
		for (i = 0; i < s->nvlan; i++)
			sb_addf(sb, " %u", s->vlans[i]);
		sb_addc(sb, '\n');
	}
	for (i = 0; i < fi->ntunnels; i++)
		if (strcmp(fi->tunnels[i].session, s->key) == 0)
			sb_addf(sb, "  seen inside %s: %llu segments from frame "
			    "%llu\n", fi->tunnels[i].desc,
			    (unsigned long long)fi->tunnels[i].frames,
			    (unsigned long long)fi->tunnels[i].first_frame);
}

/* A node's text from sb, whose last newline the text head adds back. */
static void
text_from(struct report_node *n, struct sb *sb)
{
	size_t len = sb->len;

	if (sb->failed) {
		report_node_fail(n);
		return;
	}
	if (len > 0 && sb->buf[len - 1] == '\n')
		len--;
	report_node_textf(n, "%.*s", (int)len, sb->buf != NULL ? sb->buf :
	    "");
}

/* The session's timeline lines: at most ~20, or every message. */
static void
timeline_list(struct report_node *parent, const struct diag_pcap_file *fi,
    const struct diag_pcap_session *ds, unsigned flags)
{
	const struct flow_session *s = ds->fs;
	struct report_node *l;
	const char *p, *nl;
	char line[320];
	size_t i, n, head, tail;

	n = flow_session_tl_count(s);
	if (flags & REPORT_PCAP_TIMELINE) {
		l = report_list(parent, NULL, "Every message", "");
		report_node_textf(l, "  timeline (every message):");
		if (ds->timeline.len == 0) {
			report_list_addf(l, "  (none)");
			return;
		}
		/* the analyzer's lines, each with its newline */
		for (p = sb_str(&ds->timeline); *p != '\0'; p = nl + 1) {
			if ((nl = strchr(p, '\n')) == NULL) {
				report_list_addf(l, "%s", p);
				break;
			}
			report_list_addf(l, "%.*s", (int)(nl - p), p);
		}
		return;
	}
	if (n == 0)
		return;
	l = report_list(parent, NULL, "Timeline", "    ");
	report_node_textf(l, "  timeline:");
	head = n;
	tail = 0;
	if (n > TEXT_TL_LINES) {
		head = TEXT_TL_LINES / 2;
		tail = TEXT_TL_LINES - head - 1;
	}
	for (i = 0; i < head; i++)
		report_list_addf(l, "%s", report_pcap_tl_str(s,
		    flow_session_tl(s, i), fi->first, line, sizeof(line)));
	if (tail > 0) {
		report_list_addf(l, "... %llu more events (--timeline shows "
		    "every message) ...", (unsigned long long)(n - head - tail +
		    flow_session_tl_skipped(s)));
		for (i = n - tail; i < n; i++)
			report_list_addf(l, "%s", report_pcap_tl_str(s,
			    flow_session_tl(s, i), fi->first, line,
			    sizeof(line)));
	}
}

/* One lane of the file's timeline: TCP up, Established, down as
 * intervals; SYNs, resets and BGP messages as marks. */
static void
session_lane(struct report_node *tl, const struct diag_pcap_file *fi,
    const struct diag_pcap_session *ds)
{
	const struct flow_session *s = ds->fs;
	const struct flow_tl_event *e;
	struct report_lane *ln;
	enum report_iv_kind cur = REPORT_IV_DOWN, next;
	enum report_mark_kind mk;
	bool open = false;
	usec_t from = 0;
	char line[320];
	size_t i, n;

	ln = report_lane(tl, s->key, "session");
	if (s->has_hold)
		report_lane_hold(ln, s->hold);
	n = flow_session_tl_count(s);
	for (i = 0; i < n; i++) {
		e = flow_session_tl(s, i);
		report_pcap_tl_str(s, e, fi->first, line, sizeof(line));
		switch (e->type) {
		case FLOW_EV_TCP_UP:
		case FLOW_EV_BGP_UP:
		case FLOW_EV_BGP_DOWN:
		case FLOW_EV_CONN_END:
			next = e->type == FLOW_EV_TCP_UP ?
			    REPORT_IV_CONNECTING : e->type ==
			    FLOW_EV_BGP_UP ? REPORT_IV_ESTABLISHED :
			    REPORT_IV_DOWN;
			/* a connection's end after the session went down
			 * changes nothing: one down interval; nor does the
			 * end of the capture */
			if (e->type == FLOW_EV_CONN_END &&
			    e->aux == FLOW_END_CAPTURE)
				next = cur;
			if (!open || next != cur) {
				if (open)
					report_interval(ln, from,
					    e->meta.time, cur, NULL);
				cur = next;
				from = e->meta.time;
				open = true;
			}
			report_mark(ln, e->meta.time, REPORT_MK_OTHER, line);
			continue;
		case FLOW_EV_SYN:
			mk = REPORT_MK_SYN;
			break;
		case FLOW_EV_RST:
		case FLOW_EV_FIN:
			mk = REPORT_MK_RESET;
			break;
		case FLOW_EV_BGP_MSG:
			mk = e->msg_type == BGP_MSG_OPEN ? REPORT_MK_OPEN :
			    e->msg_type == BGP_MSG_UPDATE ? REPORT_MK_UPDATE :
			    e->msg_type == BGP_MSG_NOTIFICATION ?
			    REPORT_MK_NOTIFICATION : e->msg_type ==
			    BGP_MSG_KEEPALIVE ? REPORT_MK_KEEPALIVE :
			    REPORT_MK_OTHER;
			break;
		default:
			mk = REPORT_MK_OTHER;
			break;
		}
		report_mark(ln, e->meta.time, mk, line);
	}
	if (open)
		report_interval(ln, from, fi->last, cur, NULL);
}

static void
file_part(struct report_node *parent, const struct diag_pcap_file *fi,
    bool first_file, unsigned flags)
{
	struct report_node *sec, *ss, *n, *tl = NULL;
	const struct diag_pcap_session *ds;
	char eb[512], t1[40];
	struct sb sb;
	size_t k, j, p;
	bool other = false;

	sec = report_section(parent, NULL, fi->name);
	if (!first_file)
		report_node_flags(sec, REPORT_TEXT_GAP);
	sb_init(&sb);
	sb_addf(&sb, "%s: %s, %llu frames", fi->name, fi->dlt_name,
	    (unsigned long long)fi->frames);
	if (fi->frames > 0)
		sb_addf(&sb, ", %.3f s from %s",
		    (double)(fi->last - fi->first) / 1e6,
		    time_iso(fi->first, t1, sizeof(t1)));
	if (fi->nvlan > 0) {
		sb_addf(&sb, ", VLAN");
		for (k = 0; k < fi->nvlan; k++)
			sb_addf(&sb, " %u", fi->vlans[k]);
	}
	if (fi->tunneled > 0)
		sb_addf(&sb, ", %llu frames inside tunnels",
		    (unsigned long long)fi->tunneled);
	sb_addf(&sb, ", %llu BGP messages, %zu session%s\n",
	    (unsigned long long)fi->bgp_messages, fi->nsessions,
	    fi->nsessions == 1 ? "" : "s");
	if (fi->failed)
		sb_addf(&sb, "  error: %s\n", err_str(&fi->error, eb,
		    sizeof(eb)));
	text_from(sec, &sb);
	if (fi->nsessions > 0 && fi->frames > 0) {
		tl = report_timeline(sec, NULL, "Sessions over time",
		    fi->first, fi->last);
		report_node_flags(tl, REPORT_NO_TEXT);
	}
	for (k = 0; k < fi->nsessions; k++) {
		ds = &fi->sessions[k];
		ss = report_section(sec, NULL, ds->fs->key);
		n = report_fields(ss, NULL);
		report_node_flags(n, REPORT_TEXT_GAP);
		sb_reset(&sb);
		session_lines(&sb, fi, ds);
		text_from(n, &sb);
		timeline_list(ss, fi, ds, flags);
		/* the blank line before the session's findings, always */
		n = report_section(ss, NULL, NULL);
		report_node_textf(n, "%s", "");
		n = report_findings(ss, NULL, "Findings", &fi->findings);
		report_findings_group(n, ds->fs->key);
		report_findings_epoch(n, fi->first);
		if (tl != NULL)
			session_lane(tl, fi, ds);
	}
	sb_release(&sb);
	/* findings not tied to a session, one group at a time */
	for (j = 0; j < fi->findings.n; j++) {
		const char *g = fi->findings.v[j].group;

		for (k = 0; k < fi->nsessions; k++)
			if (strcmp(fi->sessions[k].fs->key, g) == 0)
				break;
		if (k < fi->nsessions)
			continue;
		for (p = 0; p < j; p++)
			if (strcmp(fi->findings.v[p].group, g) == 0)
				break;
		if (p < j)
			continue;
		n = report_findings(sec, NULL, other ? NULL :
		    "Other findings", &fi->findings);
		report_findings_group(n, g);
		report_findings_epoch(n, fi->first);
		if (!other) {
			report_node_flags(n, REPORT_TEXT_GAP);
			report_node_textf(n, "other findings\n");
		}
		other = true;
	}
	if (fi->nsessions == 0 && fi->findings.n == 0) {
		n = report_section(sec, NULL, NULL);
		report_node_textf(n, "\n  no BGP session and nothing to "
		    "report");
	}
}

void
report_pcap_build(struct report_node *parent, const struct diag_pcap *ctx,
    const struct finding_list *all, unsigned flags)
{
	struct report_node *n;
	size_t i, nsess = 0;

	for (i = 0; i < diag_pcap_nfiles(ctx); i++)
		nsess += diag_pcap_file(ctx, i)->nsessions;
	n = report_verdict(parent, NULL, report_state_of(all), "%zu "
	    "capture(s), %zu BGP session(s), %zu finding(s)",
	    diag_pcap_nfiles(ctx), nsess, all->n);
	report_node_flags(n, REPORT_NO_TEXT);
	json_part(parent, ctx, all);
	for (i = 0; i < diag_pcap_nfiles(ctx); i++)
		file_part(parent, diag_pcap_file(ctx, i), i == 0, flags);
}

json_t *
report_pcap_json(const struct diag_pcap *ctx, const struct finding_list *all)
{
	struct report_doc *doc;
	json_t *root;

	if ((doc = report_doc_new("erwatch pcap")) == NULL)
		return NULL;
	report_pcap_build(report_doc_root(doc), ctx, all, 0);
	root = report_doc_json(doc);
	report_doc_free(doc);
	return root;
}

int
report_pcap_text(FILE *fp, const struct diag_pcap *ctx, unsigned flags,
    unsigned text_flags)
{
	struct finding_list none;
	struct report_doc *doc;
	int rc;

	/* text shows each file's own findings: the list is JSON's */
	finding_list_init(&none);
	if ((doc = report_doc_new("erwatch pcap")) == NULL)
		return -1;
	report_pcap_build(report_doc_root(doc), ctx, &none, flags);
	rc = report_doc_text(fp, doc, text_flags);
	report_doc_free(doc);
	return rc;
}
