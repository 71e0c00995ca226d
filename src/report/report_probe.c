/*
 * Text and JSON rendering of the live tools: `erwatch probe` connect
 * probes and BGP OPEN exchange, `erwatch trace` hops.  The records come
 * from probe/ (verdicts, RTTs, ICMP errors with the reporting router, the
 * peer's OPEN and NOTIFICATION), the findings from diag_probe.  Text comes
 * in pieces so the command can print each probe as it ends.
 */
#include <stdio.h>
#include <string.h>

#include "bgp/bgp.h"
#include "report.h"
#include "report_probe.h"

static double
ms(usec_t u)
{
	return (double)u / 1000.0;
}

int
report_probe_json_dump(FILE *fp, json_t *root, struct err *e)
{
	if (json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6)) == -1 || fputc('\n', fp) == EOF ||
	    fflush(fp) == EOF)
		return ERR(e, ERR_IO, "cannot write JSON output");
	return 0;
}

static json_t *
target_json(const struct probe_target *t)
{
	char ab[NET_ADDR_STRLEN];

	return json_pack("{s:s, s:s, s:i}", "host", t->host, "address",
	    net_addr_str(&t->ip, ab), "port", (int)t->port);
}

static json_t *
icmp_json(const struct probe_icmp *ic)
{
	char ab[NET_ADDR_STRLEN];

	if (!ic->valid)
		return json_null();
	return json_pack("{s:s, s:i, s:i, s:s, s:s?, s:b}",
	    "family", ic->v6 ? "icmpv6" : "icmp", "type", (int)ic->type,
	    "code", (int)ic->code,
	    "name", probe_icmp_name(ic->v6, ic->type, ic->code),
	    "router", ic->reporter.family != 0 ?
	    net_addr_str(&ic->reporter, ab) : NULL, "local", ic->local);
}

static void
icmp_text(FILE *fp, const struct probe_icmp *ic)
{
	char ab[NET_ADDR_STRLEN];

	if (!ic->valid)
		return;
	fprintf(fp, "  %s %u/%u (%s) from %s", ic->v6 ? "ICMPv6" : "ICMP",
	    ic->type, ic->code, probe_icmp_name(ic->v6, ic->type, ic->code),
	    ic->local ? "this host" : ic->reporter.family != 0 ?
	    net_addr_str(&ic->reporter, ab) : "an unknown router");
}

/* The start of the first line: "erwatch probe HOST (ADDR) port N: ". */
static void
head_text(FILE *fp, const char *cmd, const struct probe_target *t)
{
	char ab[NET_ADDR_STRLEN];

	fprintf(fp, "erwatch %s %s (%s) port %u: ", cmd, t->host,
	    net_addr_str(&t->ip, ab), t->port);
}

static void
findings_text(FILE *fp, const struct finding_list *fl, unsigned text_flags)
{
	if (fl->n > 0) {
		fprintf(fp, "\n");
		report_all_findings_text(fp, fl, text_flags, 0);
	}
}

/* ------------------------------------------------------------------ */
/* Connect probes                                                      */
/* ------------------------------------------------------------------ */

void
report_probe_tcp_begin(FILE *fp, const struct probe_target *t,
    unsigned count, usec_t timeout)
{
	head_text(fp, "probe", t);
	fprintf(fp, "%u probes, timeout %.0f ms\n", count, ms(timeout));
}

void
report_probe_tcp_line(FILE *fp, unsigned i, const struct probe_tcp_result *r)
{
	char lb[NET_ADDR_STRLEN];

	fprintf(fp, "  probe %u: %-11s", i + 1, probe_verdict_name(r->verdict));
	if (r->verdict != PROBE_FILTERED)
		fprintf(fp, " %8.3f ms", ms(r->rtt));
	if (i == 0 && r->local.family != 0)
		fprintf(fp, "  from %s", net_addr_str(&r->local, lb));
	icmp_text(fp, &r->icmp);
	fprintf(fp, "\n");
}

void
report_probe_tcp_end(FILE *fp, const struct diag_probe_tcp_summary *s,
    unsigned count, const struct finding_list *fl, unsigned text_flags)
{
	fprintf(fp, "result: %s (%u/%u open)", probe_verdict_name(s->verdict),
	    s->nopen, count);
	if (s->nopen > 0)
		fprintf(fp, ", rtt min/avg/max %.3f/%.3f/%.3f ms",
		    ms(s->rtt_min), ms(s->rtt_sum) / s->nopen, ms(s->rtt_max));
	fprintf(fp, "\n");
	findings_text(fp, fl, text_flags);
}

json_t *
report_probe_tcp_json(const struct probe_target *t,
    const struct probe_tcp_result *res, unsigned count,
    const struct diag_probe_tcp_summary *s, const struct finding_list *fl)
{
	char lb[NET_ADDR_STRLEN];
	json_t *arr;
	unsigned i;

	if ((arr = json_array()) == NULL)
		return NULL;
	for (i = 0; i < count; i++)
		json_array_append_new(arr, json_pack(
		    "{s:i, s:s, s:o, s:s?, s:i, s:o}",
		    "seq", (int)i + 1,
		    "verdict", probe_verdict_name(res[i].verdict),
		    "rttMs", res[i].verdict == PROBE_FILTERED ?
		    json_null() : json_real(ms(res[i].rtt)),
		    "source", res[i].local.family != 0 ?
		    net_addr_str(&res[i].local, lb) : NULL,
		    "sourcePort", (int)res[i].local_port,
		    "icmp", icmp_json(&res[i].icmp)));
	return json_pack("{s:s, s:o, s:s, s:s, s:o, s:o, s:o, s:i, "
	    "s:i, s:o, s:o}", "command", "probe", "target",
	    target_json(t), "connectionStatus", s->nopen > 0 ?
	    "Reachable" : "Unreachable", "verdict",
	    probe_verdict_name(s->verdict),
	    "avgLatencyInMs", s->nopen ? json_real(ms(s->rtt_sum) /
	    s->nopen) : json_null(), "minLatencyInMs", s->nopen ?
	    json_real(ms(s->rtt_min)) : json_null(), "maxLatencyInMs",
	    s->nopen ? json_real(ms(s->rtt_max)) : json_null(),
	    "probesSent", (int)count, "probesFailed", (int)s->nfail,
	    "probes", arr, "findings", report_findings_json(fl, 0));
}

/* ------------------------------------------------------------------ */
/* BGP OPEN exchange                                                   */
/* ------------------------------------------------------------------ */

static json_t *
open_json(const struct bgp_open *o)
{
	json_t *caps = json_array(), *mp = json_array();
	char id[NET_ADDR_STRLEN];
	struct net_addr a;
	unsigned i;

	net_addr_set_v4(&a, o->bgp_id);
	for (i = 0; i < o->ncaps && i < BGP_MAX_CAPS; i++)
		json_array_append_new(caps, json_pack("{s:i, s:s}", "code",
		    (int)o->caps[i].code, "name",
		    bgp_cap_name(o->caps[i].code)));
	for (i = 0; i < o->nmp && i < BGP_MAX_CAP_AFI; i++)
		json_array_append_new(mp, json_pack("{s:s, s:s}", "afi",
		    bgp_afi_name(o->mp[i].afi), "safi",
		    bgp_safi_name(o->mp[i].safi)));
	return json_pack("{s:i, s:I, s:i, s:i, s:s, s:b, s:o, s:o}",
	    "version", (int)o->version, "as", (json_int_t)bgp_open_asn(o),
	    "myAutonomousSystem", (int)o->my_as, "holdTime",
	    (int)o->hold_time, "bgpId", net_addr_str(&a, id), "as4", o->has_as4,
	    "multiprotocol", mp, "capabilities", caps);
}

static void
open_text(FILE *fp, const struct bgp_open *o)
{
	char id[NET_ADDR_STRLEN];
	struct net_addr a;
	unsigned i;

	net_addr_set_v4(&a, o->bgp_id);
	fprintf(fp, "  peer OPEN: version %u, AS %u, hold time %u s, "
	    "identifier %s\n", o->version, bgp_open_asn(o), o->hold_time,
	    net_addr_str(&a, id));
	fprintf(fp, "  capabilities:");
	for (i = 0; i < o->ncaps && i < BGP_MAX_CAPS; i++)
		fprintf(fp, "%s %s (%u)", i ? "," : "",
		    bgp_cap_name(o->caps[i].code), o->caps[i].code);
	if (o->ncaps == 0)
		fprintf(fp, " none");
	fprintf(fp, "\n");
	for (i = 0; i < o->nmp && i < BGP_MAX_CAP_AFI; i++)
		fprintf(fp, "  multiprotocol: %s %s\n",
		    bgp_afi_name(o->mp[i].afi), bgp_safi_name(o->mp[i].safi));
}

void
report_probe_bgp_begin(FILE *fp, const struct probe_target *t,
    const struct probe_bgp_opts *o)
{
	head_text(fp, "probe --bgp", t);
	fprintf(fp, "%s, local AS %u, hold %u s%s\n", o->passive ?
	    "waiting for the peer" : "connecting", o->local_as, o->hold_time,
	    o->md5key != NULL ? ", TCP MD5 on" : "");
}

void
report_probe_bgp_text(FILE *fp, const struct probe_bgp_result *r,
    const struct finding_list *fl, unsigned text_flags)
{
	char lb[NET_ADDR_STRLEN], nb[128];

	fprintf(fp, "  tcp: %s", probe_verdict_name(r->tcp.verdict));
	if (r->tcp.rtt > 0)
		fprintf(fp, " %.3f ms", ms(r->tcp.rtt));
	if (r->local.family != 0)
		fprintf(fp, "  from %s", net_addr_str(&r->local, lb));
	icmp_text(fp, &r->tcp.icmp);
	fprintf(fp, "\n");
	if (r->got_open) {
		open_text(fp, &r->open);
		fprintf(fp, "  negotiated hold time: %u s\n",
		    r->hold_negotiated);
	}
	if (r->got_notification) {
		bgp_notification_name(r->notif_code, r->notif_subcode,
		    nb, sizeof(nb));
		fprintf(fp, "  peer NOTIFICATION %u/%u (%s)%s%s%s\n",
		    r->notif_code, r->notif_subcode, nb,
		    r->notif_text[0] ? ": \"" : "", r->notif_text,
		    r->notif_text[0] ? "\"" : "");
	}
	if (r->stage != PROBE_BGP_CONNECT)
		fprintf(fp, "  state reached: %s; keepalives %u received, "
		    "%u sent; %s\n", probe_bgp_stage_name(r->stage),
		    r->keepalives_rx, r->keepalives_tx, r->sent_cease ?
		    "left with Cease/Administrative Shutdown" :
		    r->peer_closed ? "the peer closed the connection" :
		    "closed");
	findings_text(fp, fl, text_flags);
}

json_t *
report_probe_bgp_json(const struct probe_target *t,
    const struct probe_bgp_opts *o, const struct probe_bgp_result *r,
    const struct finding_list *fl)
{
	json_t *bgp, *notif = json_null();
	char lb[NET_ADDR_STRLEN], nb[128];

	if (r->got_notification) {
		bgp_notification_name(r->notif_code, r->notif_subcode,
		    nb, sizeof(nb));
		notif = json_pack("{s:i, s:i, s:s, s:s?}", "code",
		    (int)r->notif_code, "subcode",
		    (int)r->notif_subcode, "name", nb,
		    "shutdownMessage", r->notif_text[0] ?
		    r->notif_text : NULL);
	}
	bgp = json_pack("{s:s, s:I, s:o, s:o, s:o, s:i, s:i, "
	    "s:b, s:b, s:b, s:o, s:s?}",
	    "state", probe_bgp_stage_name(r->stage),
	    "localAs", (json_int_t)o->local_as,
	    "peerOpen", r->got_open ? open_json(&r->open) :
	    json_null(), "negotiatedHoldTime", r->got_open ?
	    json_integer(r->hold_negotiated) : json_null(),
	    "notification", notif,
	    "keepalivesReceived", (int)r->keepalives_rx,
	    "keepalivesSent", (int)r->keepalives_tx,
	    "ceaseSent", r->sent_cease, "peerClosed", r->peer_closed,
	    "md5", o->md5key != NULL,
	    "openRttMs", r->got_open ? json_real(ms(r->open_rtt)) :
	    json_null(),
	    "malformed", r->malformed ? r->malformed_what : NULL);
	if (o->peer_as != 0 && bgp != NULL)
		json_object_set_new(bgp, "expectedPeerAs",
		    json_integer(o->peer_as));
	return json_pack("{s:s, s:s, s:o, s:s, s:s, s:s?, s:o, s:o, "
	    "s:o}", "command", "probe", "mode",
	    o->passive ? "bgp-passive" : "bgp",
	    "target", target_json(t),
	    "connectionStatus", r->tcp.verdict == PROBE_OPEN ?
	    "Reachable" : "Unreachable",
	    "verdict", probe_verdict_name(r->tcp.verdict),
	    "source", r->local.family ? net_addr_str(&r->local, lb) :
	    NULL, "tcp", json_pack("{s:o, s:o}", "rttMs",
	    r->tcp.rtt ? json_real(ms(r->tcp.rtt)) : json_null(),
	    "icmp", icmp_json(&r->tcp.icmp)), "bgp", bgp,
	    "findings", report_findings_json(fl, 0));
}

/* ------------------------------------------------------------------ */
/* Trace                                                               */
/* ------------------------------------------------------------------ */

static const char *
reply_detail(const struct trace_query *q, char *buf, size_t len)
{
	switch (q->reply) {
	case TRACE_TIME_EXCEEDED:
	case TRACE_UNREACH:
		snprintf(buf, len, "ICMP %u/%u %s", q->icmp_type, q->icmp_code,
		    probe_icmp_name(false, q->icmp_type, q->icmp_code));
		break;
	case TRACE_SYNACK:
		snprintf(buf, len, "SYN-ACK (open)");
		break;
	case TRACE_RST:
		snprintf(buf, len, "RST (refused)");
		break;
	case TRACE_NONE:
		snprintf(buf, len, "*");
		break;
	}
	return buf;
}

void
report_trace_begin(FILE *fp, const struct probe_target *t,
    const struct trace_opts *o)
{
	head_text(fp, "trace", t);
	fprintf(fp, "%u SYNs per hop, max TTL %u\n", o->queries, o->max_ttl);
}

void
report_trace_text(FILE *fp, const struct probe_target *t,
    const struct trace_result *r, const struct finding_list *fl,
    unsigned text_flags)
{
	char ab[NET_ADDR_STRLEN], db[96], last[NET_ADDR_STRLEN];
	unsigned h, i;

	for (h = 0; h < r->nhops; h++) {
		const struct trace_hop *hop = &r->hops[h];

		fprintf(fp, "%3u ", hop->ttl);
		last[0] = '\0';
		for (i = 0; i < hop->nq; i++) {
			const struct trace_query *q = &hop->q[i];

			if (q->reply == TRACE_NONE) {
				fprintf(fp, " *");
				continue;
			}
			/* One address per run of answers from it. */
			net_addr_str(&q->from, ab);
			if (strcmp(ab, last) != 0) {
				fprintf(fp, " %s", ab);
				str_copy(last, ab, sizeof(last));
			}
			fprintf(fp, "  %.3f ms", ms(q->rtt));
		}
		for (i = 0; i < hop->nq; i++)
			if (hop->q[i].reply != TRACE_NONE) {
				fprintf(fp, "  [%s]", reply_detail(&hop->q[i],
				    db, sizeof(db)));
				break;
			}
		fprintf(fp, "\n");
	}
	fprintf(fp, "result: %s", trace_end_name(r->end));
	if (r->end == TRACE_END_SILENT || r->end == TRACE_END_MAX_TTL) {
		if (r->last_answered >= 0)
			fprintf(fp, " after hop %u",
			    r->hops[r->last_answered].ttl);
		else
			fprintf(fp, ", no hop answered");
	}
	fprintf(fp, " (%s port %u, %u SYNs sent)\n", net_addr_str(&t->ip, ab),
	    t->port, r->sent);
	findings_text(fp, fl, text_flags);
}

json_t *
report_trace_json(const struct probe_target *t, const struct trace_result *r,
    const struct finding_list *fl)
{
	json_t *hops, *qs;
	char ab[NET_ADDR_STRLEN], db[96];
	unsigned h, i;

	if ((hops = json_array()) == NULL)
		return NULL;
	for (h = 0; h < r->nhops; h++) {
		const struct trace_hop *hop = &r->hops[h];
		const char *addr = NULL;

		qs = json_array();
		for (i = 0; i < hop->nq; i++) {
			const struct trace_query *q = &hop->q[i];

			if (q->reply == TRACE_NONE) {
				json_array_append_new(qs, json_pack(
				    "{s:s}", "reply", "none"));
				continue;
			}
			json_array_append_new(qs, json_pack(
			    "{s:s, s:s, s:f, s:s}", "reply",
			    trace_reply_name(q->reply), "address",
			    net_addr_str(&q->from, ab), "rttMs",
			    ms(q->rtt), "detail",
			    reply_detail(q, db, sizeof(db))));
			/* The hop's address: the first that answered. */
			if (addr == NULL)
				addr = json_string_value(json_object_get(
				    json_array_get(qs, i), "address"));
		}
		json_array_append_new(hops, json_pack("{s:i, s:s?, s:o}",
		    "ttl", (int)hop->ttl, "address", addr, "probes", qs));
	}
	return json_pack("{s:s, s:{s:s, s:s, s:i}, s:s, s:s, s:i, s:o, s:o}",
	    "command", "trace", "target", "host", t->host, "address",
	    net_addr_str(&t->ip, ab), "port", (int)t->port,
	    "source", net_addr_str(&r->local, db), "result",
	    trace_end_name(r->end), "probesSent", (int)r->sent, "hops", hops,
	    "findings", report_findings_json(fl, 0));
}
