/*
 * Text and JSON rendering of `erwatch pcap` results: the files, the BGP
 * sessions the analyzer modelled (flow_session) and the findings.  The JSON
 * shape is documented in docs/json-output.md ("erwatch pcap"); addresses
 * key the per-sender objects, so a reader can look up what 172.16.0.2 sent
 * without knowing which side the model sorted first.
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
/* JSON                                                                */
/* ------------------------------------------------------------------ */

static json_t *
jaddr(const struct net_addr *a)
{
	char b[NET_ADDR_STRLEN];

	return json_string(net_addr_str(a, b));
}

static json_t *
jsec(usec_t u)
{
	return json_real((double)u / 1e6);
}

static json_t *
jtime(usec_t t)
{
	char b[40];

	return json_string(time_iso(t, b, sizeof(b)));
}

/* {"addr0": v0, "addr1": v1} */
static json_t *
per_side(const struct flow_session *s, json_t *v0, json_t *v1)
{
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN];
	json_t *o = json_object();

	json_object_set_new(o, net_addr_str(&s->side[0].addr, a), v0);
	json_object_set_new(o, net_addr_str(&s->side[1].addr, b), v1);
	return o;
}

static json_t *
u64_side(const struct flow_session *s, uint64_t v0, uint64_t v1)
{
	return per_side(s, json_integer((json_int_t)v0),
	    json_integer((json_int_t)v1));
}

/* One supersession (flow.h struct flow_supersede). */
static json_t *
sup_json(const struct flow_session *s, const struct flow_supersede *sp)
{
	char a[NET_ADDR_STRLEN];
	json_t *x = json_object(), *v[2], *w[2];
	int k;

	json_object_set_new(x, "connection", json_integer(sp->old_conn));
	json_object_set_new(x, "by_connection", json_integer(sp->new_conn));
	json_object_set_new(x, "frame", json_integer((json_int_t)
	    sp->at.frame));
	json_object_set_new(x, "time", jtime(sp->at.time));
	json_object_set_new(x, "hold_time", sp->has_hold ?
	    json_integer(sp->hold) : json_null());
	json_object_set_new(x, "hold_time_from", json_string(!sp->has_hold ?
	    "none" : sp->hold_from_new ? "new_connection" : "connection"));
	for (k = 0; k < 2; k++) {
		v[k] = sp->has_last[k] ? jsec(sp->silence[k]) : json_null();
		w[k] = sp->has_last[k] ? json_integer((json_int_t)
		    sp->last[k].frame) : json_null();
	}
	json_object_set_new(x, "silence", per_side(s, v[0], v[1]));
	json_object_set_new(x, "last_message_frame", per_side(s, w[0], w[1]));
	json_object_set_new(x, "hold_timer_expired", per_side(s,
	    json_boolean(sp->expired[0]), json_boolean(sp->expired[1])));
	json_object_set_new(x, "graceful_restart", sp->restarter >= 0 ?
	    json_string(net_addr_str(&s->side[sp->restarter].addr, a)) :
	    json_null());
	json_object_set_new(x, "restart_time", sp->restarter >= 0 &&
	    sp->has_restart_time ? json_integer(sp->restart_time) :
	    json_null());
	return x;
}

/* One layer taken off, as JSON: type, endpoints, identifiers. */
static json_t *
encap_json(const struct pkt_encap *en)
{
	json_t *o = json_object(), *arr;
	unsigned i;

	json_object_set_new(o, "type", json_string(pkt_encap_name(en->type)));
	if (en->has_addr) {
		json_object_set_new(o, "src", jaddr(&en->src));
		json_object_set_new(o, "dst", jaddr(&en->dst));
	}
	if (en->has_id)
		json_object_set_new(o, en->type == PKT_ENC_VXLAN ? "vni" :
		    en->type == PKT_ENC_GRE ? "key" : "session",
		    json_integer(en->id));
	if (en->type == PKT_ENC_ERSPAN2 || en->type == PKT_ENC_ERSPAN3)
		json_object_set_new(o, "vlan", json_integer(en->vlan));
	if (en->type == PKT_ENC_MPLS) {
		arr = json_array();
		for (i = 0; i < en->nlabels && i < PKT_MAX_LABELS; i++)
			json_array_append_new(arr, json_integer(en->label[i]));
		json_object_set_new(o, "labels", arr);
		json_object_set_new(o, "pseudowire", json_boolean(en->pw_cw));
	}
	return o;
}

/* The tunnels that carried session key (all of the file's if NULL). */
static json_t *
tunnels_json(const struct diag_pcap_file *fi, const char *key)
{
	const struct diag_pcap_tunnel *t;
	json_t *arr = json_array(), *o, *layers;
	size_t i;
	unsigned k;

	for (i = 0; i < fi->ntunnels; i++) {
		t = &fi->tunnels[i];
		if (key != NULL && strcmp(t->session, key) != 0)
			continue;
		o = json_object();
		json_object_set_new(o, "description", json_string(t->desc));
		if (key == NULL)
			json_object_set_new(o, "session",
			    json_string(t->session));
		layers = json_array();
		for (k = 0; k < t->nencap && k < PKT_MAX_ENCAP; k++)
			json_array_append_new(layers, encap_json(&t->encap[k]));
		json_object_set_new(o, "layers", layers);
		json_object_set_new(o, "frames",
		    json_integer((json_int_t)t->frames));
		json_object_set_new(o, "first_frame",
		    json_integer((json_int_t)t->first_frame));
		json_array_append_new(arr, o);
	}
	return arr;
}

json_t *
report_pcap_session_json(const struct diag_pcap_file *fi,
    const struct diag_pcap_session *ds)
{
	const struct flow_session *s = ds->fs;
	const struct flow_sess_side *sd;
	const struct flow_tl_event *e;
	json_t *o, *peers, *v[2], *msgs, *arr, *x;
	char a[NET_ADDR_STRLEN], nm[128], line[320];
	struct net_addr ida;
	const char *role;
	size_t i, n;
	int k, t;

	if ((o = json_object()) == NULL)
		return NULL;
	json_object_set_new(o, "file", json_string(fi->name));
	json_object_set_new(o, "key", json_string(s->key));
	json_object_set_new(o, "tunnels", tunnels_json(fi, s->key));
	peers = json_array();
	json_array_append_new(peers, jaddr(&s->side[0].addr));
	json_array_append_new(peers, jaddr(&s->side[1].addr));
	json_object_set_new(o, "peers", peers);
	for (k = 0; k < 2; k++)
		v[k] = s->side[k].has_open || s->side[k].asn_from_path ?
		    json_integer(s->side[k].asn) : json_null();
	json_object_set_new(o, "asns", per_side(s, v[0], v[1]));
	for (k = 0; k < 2; k++)
		v[k] = s->side[k].has_open ? json_string("open") :
		    s->side[k].asn_from_path ? json_string("as_path") :
		    json_null();
	json_object_set_new(o, "asn_source", per_side(s, v[0], v[1]));
	json_object_set_new(o, "negotiation", json_string(
	    report_pcap_negotiation(s)));
	for (k = 0; k < 2; k++) {
		role = role_name(ds, k);
		v[k] = role != NULL ? json_string(role) : json_null();
	}
	json_object_set_new(o, "roles", per_side(s, v[0], v[1]));
	for (k = 0; k < 2; k++) {
		if (!s->side[k].has_open) {
			v[k] = json_null();
			continue;
		}
		net_addr_set_v4(&ida, s->side[k].open.bgp_id);
		v[k] = json_string(net_addr_str(&ida, a));
	}
	json_object_set_new(o, "bgp_ids", per_side(s, v[0], v[1]));
	for (k = 0; k < 2; k++)
		v[k] = s->side[k].has_open ?
		    json_integer(s->side[k].open.hold_time) : json_null();
	json_object_set_new(o, "hold_offered", per_side(s, v[0], v[1]));
	json_object_set_new(o, "hold_time", s->has_hold ?
	    json_integer(s->hold) : json_null());
	json_object_set_new(o, "establishments",
	    json_integer(s->establishments));
	json_object_set_new(o, "up_at_start", json_integer(s->up_at_start));
	json_object_set_new(o, "teardowns", json_integer(s->teardowns));
	x = json_object();
	for (t = 0; t < FLOW_DOWN_NCAUSES; t++)
		if (s->down_causes[t] > 0)
			json_object_set_new(x, flow_down_cause_name(t),
			    json_integer(s->down_causes[t]));
	json_object_set_new(o, "teardown_causes", x);
	arr = json_array();
	for (i = 0; i < s->nsup; i++)
		json_array_append_new(arr, sup_json(s, &s->sup[i]));
	json_object_set_new(o, "superseded", arr);
	if (s->nsup_total > s->nsup)
		json_object_set_new(o, "superseded_total",
		    json_integer(s->nsup_total));
	json_object_set_new(o, "up_at_end", json_boolean(s->up));
	/* messages per sender, only the types seen */
	msgs = json_object();
	for (k = 0; k < 2; k++) {
		sd = &s->side[k];
		x = json_object();
		for (t = 1; t <= BGP_MSG_TYPE_MAX; t++)
			if (sd->msgs[t] > 0)
				json_object_set_new(x, bgp_msg_type_name(
				    (uint8_t)t), json_integer(
				    (json_int_t)sd->msgs[t]));
		if (sd->msgs[0] > 0)
			json_object_set_new(x, "unknown",
			    json_integer((json_int_t)sd->msgs[0]));
		if (json_object_size(x) > 0)
			json_object_set_new(msgs, net_addr_str(&sd->addr, a),
			    x);
		else
			json_decref(x);
	}
	json_object_set_new(o, "messages", msgs);
	arr = json_array();
	for (i = 0; i < s->nnotif; i++) {
		x = json_object();
		json_object_set_new(x, "from",
		    jaddr(&s->side[s->notif[i].from].addr));
		json_object_set_new(x, "code", json_integer(s->notif[i].code));
		json_object_set_new(x, "subcode",
		    json_integer(s->notif[i].subcode));
		json_object_set_new(x, "name", json_string(
		    bgp_notification_name(s->notif[i].code,
		    s->notif[i].subcode, nm, sizeof(nm))));
		json_object_set_new(x, "frame",
		    json_integer((json_int_t)s->notif[i].meta.frame));
		json_object_set_new(x, "time", jtime(s->notif[i].meta.time));
		json_array_append_new(arr, x);
	}
	json_object_set_new(o, "notifications", arr);
	if (s->nnotif_total > s->nnotif)
		json_object_set_new(o, "notifications_total",
		    json_integer(s->nnotif_total));
	for (k = 0; k < 2; k++) {
		v[k] = json_object();
		json_object_set_new(v[k], "announced",
		    json_integer((json_int_t)s->side[k].announced));
		json_object_set_new(v[k], "withdrawn",
		    json_integer((json_int_t)s->side[k].withdrawn));
		json_object_set_new(v[k], "default_route",
		    json_boolean(s->side[k].default_route));
	}
	json_object_set_new(o, "prefixes", per_side(s, v[0], v[1]));
	arr = json_array();
	for (i = 0; i < s->nvlan; i++)
		json_array_append_new(arr, json_integer(s->vlans[i]));
	json_object_set_new(o, "vlans", arr);
	json_object_set_new(o, "md5", per_side(s,
	    json_boolean(s->side[0].md5), json_boolean(s->side[1].md5)));
	json_object_set_new(o, "tcp_ao", per_side(s,
	    json_boolean(s->side[0].ao), json_boolean(s->side[1].ao)));
	for (k = 0; k < 2; k++)
		v[k] = s->side[k].has_mss ? json_integer(s->side[k].mss) :
		    json_null();
	json_object_set_new(o, "mss", per_side(s, v[0], v[1]));
	x = json_object();
	json_object_set_new(x, "attempts", json_integer(s->conns));
	json_object_set_new(x, "handshakes", json_integer(s->tcp_up));
	json_object_set_new(x, "refused", json_integer(s->rst_on_syn));
	json_object_set_new(x, "unanswered", json_integer(s->unanswered));
	json_object_set_new(x, "midstream", json_integer(s->midstream));
	json_object_set_new(x, "icmp_errors", json_integer(s->icmp_errors));
	json_object_set_new(x, "initiated", u64_side(s, s->side[0].attempts,
	    s->side[1].attempts));
	json_object_set_new(x, "syns", u64_side(s, s->side[0].syns,
	    s->side[1].syns));
	json_object_set_new(x, "rsts", u64_side(s, s->side[0].rsts,
	    s->side[1].rsts));
	json_object_set_new(x, "fins", u64_side(s, s->side[0].fins,
	    s->side[1].fins));
	json_object_set_new(x, "retransmissions", u64_side(s,
	    s->side[0].retrans, s->side[1].retrans));
	json_object_set_new(x, "zero_windows", u64_side(s,
	    s->side[0].zero_windows, s->side[1].zero_windows));
	json_object_set_new(x, "missing_bytes", u64_side(s,
	    s->side[0].gap_bytes, s->side[1].gap_bytes));
	json_object_set_new(o, "connections", x);
	x = json_object();
	json_object_set_new(x, "expected_interval", s->has_hold &&
	    s->hold > 0 ? json_real(s->hold / 3.0) : json_null());
	for (k = 0; k < 2; k++)
		v[k] = s->side[k].nka > 0 ?
		    jsec(flow_session_ka_median(s, k)) : json_null();
	json_object_set_new(x, "observed_median", per_side(s, v[0], v[1]));
	json_object_set_new(x, "longest_silence", per_side(s,
	    jsec(s->side[0].longest_silence),
	    jsec(s->side[1].longest_silence)));
	json_object_set_new(o, "keepalive", x);
	arr = json_array();
	n = flow_session_tl_count(s);
	for (i = 0; i < n; i++) {
		e = flow_session_tl(s, i);
		x = json_object();
		json_object_set_new(x, "frame",
		    json_integer((json_int_t)e->meta.frame));
		json_object_set_new(x, "time", jtime(e->meta.time));
		json_object_set_new(x, "event", json_string(ev_name(e)));
		if (e->type == FLOW_EV_BGP_DOWN)
			json_object_set_new(x, "cause", json_string(
			    flow_down_cause_name(e->aux)));
		json_object_set_new(x, "text", json_string(report_pcap_tl_str(
		    s, e, fi->first, line, sizeof(line))));
		json_array_append_new(arr, x);
	}
	json_object_set_new(o, "timeline", arr);
	if (flow_session_tl_skipped(s) > 0)
		json_object_set_new(o, "timeline_skipped", json_integer(
		    (json_int_t)flow_session_tl_skipped(s)));
	if (ds->timeline.len > 0)
		json_object_set_new(o, "messages_described",
		    json_string(sb_str(&ds->timeline)));
	return o;
}

static json_t *
file_json(const struct diag_pcap_file *fi)
{
	char eb[512];
	json_t *o = json_object(), *arr;
	size_t i;

	json_object_set_new(o, "name", json_string(fi->name));
	json_object_set_new(o, "link_type", json_string(fi->dlt_name));
	json_object_set_new(o, "dlt", json_integer(fi->dlt));
	json_object_set_new(o, "frames", json_integer((json_int_t)fi->frames));
	json_object_set_new(o, "bytes", json_integer((json_int_t)fi->bytes));
	json_object_set_new(o, "first", fi->frames ? jtime(fi->first) :
	    json_null());
	json_object_set_new(o, "last", fi->frames ? jtime(fi->last) :
	    json_null());
	json_object_set_new(o, "duration", jsec(fi->last - fi->first));
	arr = json_array();
	for (i = 0; i < fi->nvlan; i++)
		json_array_append_new(arr, json_integer(fi->vlans[i]));
	json_object_set_new(o, "vlans", arr);
	json_object_set_new(o, "undecodable",
	    json_integer((json_int_t)fi->undecodable));
	json_object_set_new(o, "snaplen_cut",
	    json_integer((json_int_t)fi->truncated));
	json_object_set_new(o, "arp_requests",
	    json_integer((json_int_t)fi->arp_requests));
	json_object_set_new(o, "arp_replies",
	    json_integer((json_int_t)fi->arp_replies));
	json_object_set_new(o, "bgp_messages",
	    json_integer((json_int_t)fi->bgp_messages));
	json_object_set_new(o, "sessions", json_integer((json_int_t)
	    fi->nsessions));
	json_object_set_new(o, "tunneled_frames",
	    json_integer((json_int_t)fi->tunneled));
	json_object_set_new(o, "tunnels", tunnels_json(fi, NULL));
	json_object_set_new(o, "error", fi->failed ?
	    json_string(err_str(&fi->error, eb, sizeof(eb))) : json_null());
	return o;
}

json_t *
report_pcap_json(const struct diag_pcap *ctx, const struct finding_list *all)
{
	const struct diag_pcap_file *fi;
	uint64_t f0 = erw_alloc_failures();
	json_t *root, *files, *sess;
	size_t i, k;

	if ((root = json_object()) == NULL)
		return NULL;
	files = json_array();
	sess = json_array();
	for (i = 0; i < diag_pcap_nfiles(ctx); i++) {
		fi = diag_pcap_file(ctx, i);
		json_array_append_new(files, file_json(fi));
		for (k = 0; k < fi->nsessions; k++)
			json_array_append_new(sess,
			    report_pcap_session_json(fi, &fi->sessions[k]));
	}
	json_object_set_new(root, "files", files);
	json_object_set_new(root, "sessions", sess);
	json_object_set_new(root, "findings", report_findings_json(all, 0));
	return report_json_done(root, f0);
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

/* "  connection 1 superseded by connection 2 at frame 38: ..." */
static void
sup_text(FILE *fp, const struct flow_session *s,
    const struct flow_supersede *sp)
{
	char a[NET_ADDR_STRLEN];
	int k, n = 0;

	fprintf(fp, "  connection %u superseded by connection %u at frame "
	    "%llu, no close seen:", sp->old_conn, sp->new_conn,
	    (unsigned long long)sp->at.frame);
	for (k = 0; k < 2; k++) {
		if (!sp->has_last[k])
			continue;
		/* tenths cut, not rounded, as in the findings */
		fprintf(fp, "%s last message from %s %lld.%01lld s before",
		    n++ > 0 ? "," : "", net_addr_str(&s->side[k].addr, a),
		    (long long)(sp->silence[k] / USEC_PER_SEC),
		    (long long)(sp->silence[k] % USEC_PER_SEC / 100000));
	}
	if (sp->has_hold)
		fprintf(fp, " (hold time %u s%s)", sp->hold,
		    sp->hold_from_new ? " from the new connection" : "");
	if (sp->restarter >= 0)
		fprintf(fp, ": graceful restart of %s",
		    net_addr_str(&s->side[sp->restarter].addr, a));
	else if (sp->expired[0] || sp->expired[1])
		fprintf(fp, ": hold timer expired");
	fputc('\n', fp);
}

static void
session_text(FILE *fp, const struct diag_pcap_file *fi,
    const struct diag_pcap_session *ds, unsigned flags, unsigned tflags)
{
	const struct flow_session *s = ds->fs;
	const struct flow_sess_side *sd;
	char a[NET_ADDR_STRLEN], line[320], nm[64];
	const char *role;
	size_t i, n, head, tail;
	int k, t;

	fprintf(fp, "\nsession %s\n", s->key);
	for (k = 0; k < 2; k++) {
		sd = &s->side[k];
		role = role_name(ds, k);
		fprintf(fp, "  %-39s", net_addr_str(&sd->addr, a));
		if (sd->has_open)
			fprintf(fp, " AS %u", sd->asn);
		else if (sd->asn_from_path)
			fprintf(fp, " AS %u (from AS_PATH, no OPEN seen)",
			    sd->asn);
		else
			fprintf(fp, " (no OPEN seen)");
		if (role != NULL)
			fprintf(fp, ", %s", role);
		if (sd->md5)
			fprintf(fp, ", TCP MD5");
		if (sd->ao)
			fprintf(fp, ", TCP-AO");
		fputc('\n', fp);
		fprintf(fp, "    sent:");
		for (t = 1, n = 0; t <= BGP_MSG_TYPE_MAX; t++)
			if (sd->msgs[t] > 0) {
				fprintf(fp, " %s %llu",
				    bgp_msg_type_name((uint8_t)t),
				    (unsigned long long)sd->msgs[t]);
				n++;
			}
		if (n == 0)
			fprintf(fp, " no BGP message");
		fprintf(fp, "; prefixes announced %llu, withdrawn %llu\n",
		    (unsigned long long)sd->announced,
		    (unsigned long long)sd->withdrawn);
	}
	fprintf(fp, "  connections %u (handshakes %u, refused %u, unanswered "
	    "%u), established %u times, down %u times", s->conns,
	    s->tcp_up, s->rst_on_syn, s->unanswered, s->establishments,
	    s->teardowns);
	for (t = 0, n = 0; t < FLOW_DOWN_NCAUSES; t++) {
		if (t == FLOW_DOWN_COLLISION || s->down_causes[t] == 0)
			continue;
		fprintf(fp, "%s%s %u", n++ == 0 ? " (" : ", ",
		    flow_down_cause_name(t), s->down_causes[t]);
	}
	fprintf(fp, "%s%s%s\n", n > 0 ? ")" : "",
	    s->up_at_start > 0 ? ", up at the start" : "",
	    s->up ? ", up at the end" : "");
	if (s->down_causes[FLOW_DOWN_COLLISION] > 0)
		fprintf(fp, "  connection collisions resolved %u (RFC 4271 "
		    "6.8, not a teardown)\n",
		    s->down_causes[FLOW_DOWN_COLLISION]);
	for (i = 0; i < s->nsup; i++)
		sup_text(fp, s, &s->sup[i]);
	if (s->has_hold)
		fprintf(fp, "  hold time %u s (keepalive expected every %.1f "
		    "s)\n", s->hold, s->hold / 3.0);
	else if (s->up_at_start > 0)
		fprintf(fp, "  hold time unknown (no OPEN seen)\n");
	if (strcmp(report_pcap_negotiation(s), "inferred") == 0)
		fprintf(fp, "  negotiation inferred (capture started after "
		    "the OPENs): %llu UPDATEs decoded with the AS width and "
		    "add-path guessed\n",
		    (unsigned long long)s->inferred_updates);
	if (s->nvlan > 0) {
		fprintf(fp, "  VLAN");
		for (i = 0; i < s->nvlan; i++)
			fprintf(fp, " %u", s->vlans[i]);
		fputc('\n', fp);
	}
	for (i = 0; i < fi->ntunnels; i++)
		if (strcmp(fi->tunnels[i].session, s->key) == 0)
			fprintf(fp, "  seen inside %s: %llu segments from frame "
			    "%llu\n", fi->tunnels[i].desc,
			    (unsigned long long)fi->tunnels[i].frames,
			    (unsigned long long)fi->tunnels[i].first_frame);
	(void)nm;
	n = flow_session_tl_count(s);
	if (flags & REPORT_PCAP_TIMELINE) {
		fprintf(fp, "  timeline (every message):\n");
		fputs(ds->timeline.len > 0 ? sb_str(&ds->timeline) :
		    "  (none)\n", fp);
	} else if (n > 0) {
		fprintf(fp, "  timeline:\n");
		head = n;
		tail = 0;
		if (n > TEXT_TL_LINES) {
			head = TEXT_TL_LINES / 2;
			tail = TEXT_TL_LINES - head - 1;
		}
		for (i = 0; i < head; i++)
			fprintf(fp, "    %s\n", report_pcap_tl_str(s,
			    flow_session_tl(s, i), fi->first, line,
			    sizeof(line)));
		if (tail > 0) {
			fprintf(fp, "    ... %llu more events (--timeline "
			    "shows every message) ...\n", (unsigned long long)
			    (n - head - tail + flow_session_tl_skipped(s)));
			for (i = n - tail; i < n; i++)
				fprintf(fp, "    %s\n", report_pcap_tl_str(s,
				    flow_session_tl(s, i), fi->first, line,
				    sizeof(line)));
		}
	}
	fputc('\n', fp);
	report_findings_text(fp, &fi->findings, s->key, tflags, fi->first);
}

static bool
is_session_group(const struct diag_pcap_file *fi, const char *g)
{
	size_t k;

	for (k = 0; k < fi->nsessions; k++)
		if (strcmp(fi->sessions[k].fs->key, g) == 0)
			return true;
	return false;
}

void
report_pcap_text(FILE *fp, const struct diag_pcap *ctx, unsigned flags,
    unsigned tflags)
{
	const struct diag_pcap_file *fi;
	char eb[512], t1[40];
	size_t i, k, j;
	bool other;

	for (i = 0; i < diag_pcap_nfiles(ctx); i++) {
		fi = diag_pcap_file(ctx, i);
		fprintf(fp, "%s%s: %s, %llu frames", i > 0 ? "\n" : "",
		    fi->name, fi->dlt_name, (unsigned long long)fi->frames);
		if (fi->frames > 0)
			fprintf(fp, ", %.3f s from %s",
			    (double)(fi->last - fi->first) / 1e6,
			    time_iso(fi->first, t1, sizeof(t1)));
		if (fi->nvlan > 0) {
			fprintf(fp, ", VLAN");
			for (k = 0; k < fi->nvlan; k++)
				fprintf(fp, " %u", fi->vlans[k]);
		}
		if (fi->tunneled > 0)
			fprintf(fp, ", %llu frames inside tunnels",
			    (unsigned long long)fi->tunneled);
		fprintf(fp, ", %llu BGP messages, %zu session%s\n",
		    (unsigned long long)fi->bgp_messages, fi->nsessions,
		    fi->nsessions == 1 ? "" : "s");
		if (fi->failed)
			fprintf(fp, "  error: %s\n",
			    err_str(&fi->error, eb, sizeof(eb)));
		for (k = 0; k < fi->nsessions; k++)
			session_text(fp, fi, &fi->sessions[k], flags, tflags);
		/* findings not tied to a session, one group at a time */
		other = false;
		for (j = 0; j < fi->findings.n; j++) {
			const char *g = fi->findings.v[j].group;
			size_t p;

			if (is_session_group(fi, g))
				continue;
			for (p = 0; p < j; p++)
				if (strcmp(fi->findings.v[p].group, g) == 0)
					break;
			if (p < j)
				continue;
			if (!other)
				fprintf(fp, "\nother findings\n\n");
			other = true;
			report_findings_text(fp, &fi->findings, g, tflags,
			    fi->first);
		}
		if (fi->nsessions == 0 && fi->findings.n == 0)
			fprintf(fp, "\n  no BGP session and nothing to "
			    "report\n");
	}
}
