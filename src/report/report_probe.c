/*
 * The report documents of the live tools: `erwatch probe` connect probes
 * and BGP OPEN exchange, `erwatch trace` hops.  The records come from
 * probe/ (verdicts, RTTs, ICMP errors with the reporting router, the
 * peer's OPEN and NOTIFICATION), the findings from diag_probe; the JSON
 * keys are those of docs/json-output.md.  The lines a command prints as
 * each step ends (report_*_begin, report_probe_tcp_line) are made by the
 * same functions as the document's text lines, so a document built with
 * "streamed" leaves exactly those out of its text and the terminal shows
 * each line once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bgp/bgp.h"
#include "report.h"
#include "report_probe.h"

#define LINE_MAX_LEN	4096	/* a text block: the OPEN with every
				   capability fits */

static double
ms(usec_t u)
{
	return (double)u / 1000.0;
}

/* Append to buf (of len, holding a string), truncating. */
static void
cat(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cat(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
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

/* ------------------------------------------------------------------ */
/* Shared pieces                                                       */
/* ------------------------------------------------------------------ */

/* The start of the first line: "erwatch probe HOST (ADDR) port N: ". */
static void
head_str(char *buf, size_t len, const char *cmd, const struct probe_target *t)
{
	char ab[NET_ADDR_STRLEN];

	snprintf(buf, len, "erwatch %s %s (%s) port %u: ", cmd, t->host,
	    net_addr_str(&t->ip, ab), t->port);
}

static void
icmp_str(char *buf, size_t len, const struct probe_icmp *ic)
{
	char ab[NET_ADDR_STRLEN];

	if (!ic->valid)
		return;
	cat(buf, len, "  %s %u/%u (%s) from %s", ic->v6 ? "ICMPv6" : "ICMP",
	    ic->type, ic->code, probe_icmp_name(ic->v6, ic->type, ic->code),
	    ic->local ? "this host" : ic->reporter.family != 0 ?
	    net_addr_str(&ic->reporter, ab) : "an unknown router");
}

/* {"host", "address", "port"} as the value v. */
static void
target_val(struct report_val *v, const struct probe_target *t)
{
	struct report_node *f;
	char ab[NET_ADDR_STRLEN];

	f = report_fields(report_val_section(v), NULL);
	report_val_text(report_field(f, "host", "host"), t->host);
	report_val_text(report_field(f, "address", "address"),
	    net_addr_str(&t->ip, ab));
	report_val_int(report_field(f, "port", "port"), t->port);
}

/* The ICMP error as the value v, null without one. */
static void
icmp_val(struct report_val *v, const struct probe_icmp *ic)
{
	struct report_node *f;

	if (!ic->valid) {
		report_val_null(v);
		return;
	}
	f = report_fields(report_val_section(v), NULL);
	report_val_text(report_field(f, "family", "family"), ic->v6 ?
	    "icmpv6" : "icmp");
	report_val_int(report_field(f, "type", "type"), ic->type);
	report_val_int(report_field(f, "code", "code"), ic->code);
	report_val_text(report_field(f, "name", "name"),
	    probe_icmp_name(ic->v6, ic->type, ic->code));
	report_val_addr(report_field(f, "router", "router"), &ic->reporter);
	report_val_bool(report_field(f, "from this host", "local"),
	    ic->local);
}

/* A real in milliseconds, or null. */
static void
ms_val(struct report_val *v, bool known, double value)
{
	if (known)
		report_val_real(v, value);
	else
		report_val_null(v);
}

static void
findings_doc(struct report_node *parent, const struct finding_list *fl)
{
	struct report_node *n;

	n = report_findings(parent, "findings", "Findings", fl);
	report_node_flags(n, REPORT_TEXT_GAP);
}

/* ------------------------------------------------------------------ */
/* Connect probes                                                      */
/* ------------------------------------------------------------------ */

static void
tcp_head_str(char *buf, size_t len, const struct probe_target *t,
    unsigned count, usec_t timeout)
{
	head_str(buf, len, "probe", t);
	cat(buf, len, "%u probes, timeout %.0f ms", count, ms(timeout));
}

static void
tcp_line_str(char *buf, size_t len, unsigned i,
    const struct probe_tcp_result *r)
{
	char lb[NET_ADDR_STRLEN];

	snprintf(buf, len, "  probe %u: %-11s", i + 1,
	    probe_verdict_name(r->verdict));
	if (r->verdict != PROBE_FILTERED)
		cat(buf, len, " %8.3f ms", ms(r->rtt));
	if (i == 0 && r->local.family != 0)
		cat(buf, len, "  from %s", net_addr_str(&r->local, lb));
	icmp_str(buf, len, &r->icmp);
}

void
report_probe_tcp_begin(FILE *fp, const struct probe_target *t,
    unsigned count, usec_t timeout)
{
	char line[LINE_MAX_LEN];

	tcp_head_str(line, sizeof(line), t, count, timeout);
	fprintf(fp, "%s\n", line);
}

void
report_probe_tcp_line(FILE *fp, unsigned i, const struct probe_tcp_result *r)
{
	char line[LINE_MAX_LEN];

	tcp_line_str(line, sizeof(line), i, r);
	fprintf(fp, "%s\n", line);
}

static struct report_node *
probes_doc(struct report_node *parent, const struct probe_tcp_result *res,
    unsigned count)
{
	struct report_node *t;
	struct report_row *r;
	char line[LINE_MAX_LEN];
	unsigned i;

	t = report_table(parent, "probes", "Probes");
	report_col(t, "probe", "seq", REPORT_INT, NULL);
	report_col(t, "verdict", "verdict", REPORT_TEXT, NULL);
	report_col(t, "RTT (ms)", "rttMs", REPORT_REAL, NULL);
	report_col(t, "source", "source", REPORT_ADDR, NULL);
	report_col(t, "source port", "sourcePort", REPORT_INT, NULL);
	report_col(t, "ICMP", "icmp", REPORT_NODE, NULL);
	for (i = 0; i < count; i++) {
		r = report_row(t);
		report_val_int(report_cell(r, 0), i + 1);
		report_val_text(report_cell(r, 1),
		    probe_verdict_name(res[i].verdict));
		ms_val(report_cell(r, 2), res[i].verdict != PROBE_FILTERED,
		    ms(res[i].rtt));
		report_val_addr(report_cell(r, 3), &res[i].local);
		report_val_int(report_cell(r, 4), res[i].local_port);
		icmp_val(report_cell(r, 5), &res[i].icmp);
		tcp_line_str(line, sizeof(line), i, &res[i]);
		report_row_textf(r, "%s", line);
	}
	return t;
}

void
report_probe_tcp_build(struct report_node *parent,
    const struct probe_target *t, const struct probe_tcp_result *res,
    unsigned count, usec_t timeout, const struct diag_probe_tcp_summary *s,
    const struct finding_list *fl, bool streamed)
{
	struct report_node *head, *f, *v;
	char line[LINE_MAX_LEN];
	bool any = s->nopen > 0;

	head = report_fields(parent, NULL);
	report_val_text(report_field(head, NULL, "command"), "probe");
	target_val(report_field(head, "target", "target"), t);
	tcp_head_str(line, sizeof(line), t, count, timeout);
	report_node_textf(head, "%s", line);
	f = report_fields(parent, NULL);
	report_node_flags(f, REPORT_NO_TEXT);	/* the result line says it */
	report_val_text(report_field(f, "connection", "connectionStatus"),
	    any ? "Reachable" : "Unreachable");
	report_val_text(report_field(f, "verdict", "verdict"),
	    probe_verdict_name(s->verdict));
	ms_val(report_field(f, "average RTT (ms)", "avgLatencyInMs"), any,
	    any ? ms(s->rtt_sum) / s->nopen : 0);
	ms_val(report_field(f, "minimum RTT (ms)", "minLatencyInMs"), any,
	    ms(s->rtt_min));
	ms_val(report_field(f, "maximum RTT (ms)", "maxLatencyInMs"), any,
	    ms(s->rtt_max));
	report_val_int(report_field(f, "probes sent", "probesSent"), count);
	report_val_int(report_field(f, "probes failed", "probesFailed"),
	    s->nfail);
	f = probes_doc(parent, res, count);
	if (streamed) {
		/* printed as each step ended */
		report_node_flags(head, REPORT_NO_TEXT);
		report_node_flags(f, REPORT_NO_TEXT);
	}
	snprintf(line, sizeof(line), "result: %s (%u/%u open)",
	    probe_verdict_name(s->verdict), s->nopen, count);
	if (any)
		cat(line, sizeof(line), ", rtt min/avg/max %.3f/%.3f/%.3f ms",
		    ms(s->rtt_min), ms(s->rtt_sum) / s->nopen, ms(s->rtt_max));
	v = report_verdict(parent, NULL, report_state_of(fl), "%s", line);
	report_node_textf(v, "%s", line);
	findings_doc(parent, fl);
}

/* ------------------------------------------------------------------ */
/* BGP OPEN exchange                                                   */
/* ------------------------------------------------------------------ */

static void
bgp_head_str(char *buf, size_t len, const struct probe_target *t,
    const struct probe_bgp_opts *o)
{
	head_str(buf, len, "probe --bgp", t);
	cat(buf, len, "%s, local AS %u, hold %u s%s", o->passive ?
	    "waiting for the peer" : "connecting", o->local_as, o->hold_time,
	    o->md5key != NULL ? ", TCP MD5 on" : "");
}

void
report_probe_bgp_begin(FILE *fp, const struct probe_target *t,
    const struct probe_bgp_opts *o)
{
	char line[LINE_MAX_LEN];

	bgp_head_str(line, sizeof(line), t, o);
	fprintf(fp, "%s\n", line);
}

/* The peer's OPEN as the value v. */
static void
open_val(struct report_val *v, const struct bgp_open *o)
{
	struct report_node *f, *t;
	struct report_row *r;
	struct net_addr a;
	unsigned i;

	net_addr_set_v4(&a, o->bgp_id);
	f = report_fields(report_val_section(v), NULL);
	report_val_int(report_field(f, "version", "version"), o->version);
	report_val_int(report_field(f, "AS", "as"), bgp_open_asn(o));
	report_val_int(report_field(f, "My Autonomous System",
	    "myAutonomousSystem"), o->my_as);
	report_val_int(report_field(f, "hold time", "holdTime"),
	    o->hold_time);
	report_val_addr(report_field(f, "BGP identifier", "bgpId"), &a);
	report_val_bool(report_field(f, "4-octet AS", "as4"), o->has_as4);
	t = report_val_table(report_field(f, "multiprotocol",
	    "multiprotocol"));
	report_col(t, "AFI", "afi", REPORT_TEXT, NULL);
	report_col(t, "SAFI", "safi", REPORT_TEXT, NULL);
	for (i = 0; i < o->nmp && i < BGP_MAX_CAP_AFI; i++) {
		r = report_row(t);
		report_val_text(report_cell(r, 0), bgp_afi_name(o->mp[i].afi));
		report_val_text(report_cell(r, 1),
		    bgp_safi_name(o->mp[i].safi));
	}
	t = report_val_table(report_field(f, "capabilities", "capabilities"));
	report_col(t, "code", "code", REPORT_INT, NULL);
	report_col(t, "name", "name", REPORT_TEXT, NULL);
	for (i = 0; i < o->ncaps && i < BGP_MAX_CAPS; i++) {
		r = report_row(t);
		report_val_int(report_cell(r, 0), o->caps[i].code);
		report_val_text(report_cell(r, 1),
		    bgp_cap_name(o->caps[i].code));
	}
}

static void
open_str(char *buf, size_t len, const struct bgp_open *o)
{
	char id[NET_ADDR_STRLEN];
	struct net_addr a;
	unsigned i;

	net_addr_set_v4(&a, o->bgp_id);
	cat(buf, len, "  peer OPEN: version %u, AS %u, hold time %u s, "
	    "identifier %s\n", o->version, bgp_open_asn(o), o->hold_time,
	    net_addr_str(&a, id));
	cat(buf, len, "  capabilities:");
	for (i = 0; i < o->ncaps && i < BGP_MAX_CAPS; i++)
		cat(buf, len, "%s %s (%u)", i ? "," : "",
		    bgp_cap_name(o->caps[i].code), o->caps[i].code);
	if (o->ncaps == 0)
		cat(buf, len, " none");
	cat(buf, len, "\n");
	for (i = 0; i < o->nmp && i < BGP_MAX_CAP_AFI; i++)
		cat(buf, len, "  multiprotocol: %s %s\n",
		    bgp_afi_name(o->mp[i].afi), bgp_safi_name(o->mp[i].safi));
}

/* What the exchange got to, as text lines (each ending in a newline). */
static void
bgp_lines(char *buf, size_t len, const struct probe_bgp_result *r)
{
	char nb[128];

	buf[0] = '\0';
	if (r->got_open) {
		open_str(buf, len, &r->open);
		cat(buf, len, "  negotiated hold time: %u s\n",
		    r->hold_negotiated);
	}
	if (r->got_notification) {
		bgp_notification_name(r->notif_code, r->notif_subcode,
		    nb, sizeof(nb));
		cat(buf, len, "  peer NOTIFICATION %u/%u (%s)%s%s%s\n",
		    r->notif_code, r->notif_subcode, nb,
		    r->notif_text[0] ? ": \"" : "", r->notif_text,
		    r->notif_text[0] ? "\"" : "");
	}
	if (r->stage != PROBE_BGP_CONNECT)
		cat(buf, len, "  state reached: %s; keepalives %u received, "
		    "%u sent; %s\n", probe_bgp_stage_name(r->stage),
		    r->keepalives_rx, r->keepalives_tx, r->sent_cease ?
		    "left with Cease/Administrative Shutdown" :
		    r->peer_closed ? "the peer closed the connection" :
		    "closed");
}

static void
bgp_doc(struct report_node *parent, const struct probe_bgp_opts *o,
    const struct probe_bgp_result *r)
{
	struct report_node *f, *nf;
	struct report_val *v;
	char lines[LINE_MAX_LEN], nb[128];
	size_t n;

	f = report_fields(report_section(parent, "bgp", "BGP"), NULL);
	report_val_text(report_field(f, "state reached", "state"),
	    probe_bgp_stage_name(r->stage));
	report_val_int(report_field(f, "local AS", "localAs"), o->local_as);
	v = report_field(f, "peer OPEN", "peerOpen");
	if (r->got_open)
		open_val(v, &r->open);
	else
		report_val_null(v);
	v = report_field(f, "negotiated hold time", "negotiatedHoldTime");
	if (r->got_open)
		report_val_int(v, r->hold_negotiated);
	else
		report_val_null(v);
	v = report_field(f, "peer NOTIFICATION", "notification");
	if (r->got_notification) {
		bgp_notification_name(r->notif_code, r->notif_subcode,
		    nb, sizeof(nb));
		nf = report_fields(report_val_section(v), NULL);
		report_val_int(report_field(nf, "code", "code"),
		    r->notif_code);
		report_val_int(report_field(nf, "subcode", "subcode"),
		    r->notif_subcode);
		report_val_text(report_field(nf, "name", "name"), nb);
		v = report_field(nf, "shutdown message", "shutdownMessage");
		if (r->notif_text[0] != '\0')
			report_val_text(v, r->notif_text);
		else
			report_val_null(v);
	} else
		report_val_null(v);
	report_val_int(report_field(f, "keepalives received",
	    "keepalivesReceived"), r->keepalives_rx);
	report_val_int(report_field(f, "keepalives sent", "keepalivesSent"),
	    r->keepalives_tx);
	report_val_bool(report_field(f, "Cease sent", "ceaseSent"),
	    r->sent_cease);
	report_val_bool(report_field(f, "peer closed", "peerClosed"),
	    r->peer_closed);
	/* whether a key was used, never the key */
	report_val_bool(report_field(f, "TCP MD5", "md5"), o->md5key != NULL);
	ms_val(report_field(f, "OPEN RTT (ms)", "openRttMs"), r->got_open,
	    ms(r->open_rtt));
	v = report_field(f, "malformed", "malformed");
	if (r->malformed)
		report_val_text(v, r->malformed_what);
	else
		report_val_null(v);
	if (o->peer_as != 0)
		report_val_int(report_field(f, "expected peer AS",
		    "expectedPeerAs"), o->peer_as);
	bgp_lines(lines, sizeof(lines), r);
	n = strlen(lines);
	if (n == 0) {
		report_node_flags(f, REPORT_NO_TEXT);
		return;
	}
	lines[n - 1] = '\0';	/* the text head adds the newline */
	report_node_textf(f, "%s", lines);
}

void
report_probe_bgp_build(struct report_node *parent,
    const struct probe_target *t, const struct probe_bgp_opts *o,
    const struct probe_bgp_result *r, const struct finding_list *fl,
    bool streamed)
{
	struct report_node *f, *tf, *n;
	struct report_val *v;
	char line[LINE_MAX_LEN], lb[NET_ADDR_STRLEN];

	n = report_verdict(parent, NULL, report_state_of(fl), "%s: tcp %s, "
	    "BGP %s", t->host, probe_verdict_name(r->tcp.verdict),
	    probe_bgp_stage_name(r->stage));
	report_node_flags(n, REPORT_NO_TEXT);
	f = report_fields(parent, NULL);
	report_val_text(report_field(f, NULL, "command"), "probe");
	report_val_text(report_field(f, "mode", "mode"), o->passive ?
	    "bgp-passive" : "bgp");
	target_val(report_field(f, "target", "target"), t);
	report_val_text(report_field(f, "connection", "connectionStatus"),
	    r->tcp.verdict == PROBE_OPEN ? "Reachable" : "Unreachable");
	report_val_text(report_field(f, "verdict", "verdict"),
	    probe_verdict_name(r->tcp.verdict));
	report_val_addr(report_field(f, "source", "source"), &r->local);
	bgp_head_str(line, sizeof(line), t, o);
	report_node_textf(f, "%s", line);
	if (streamed)
		report_node_flags(f, REPORT_NO_TEXT);	/* printed before */

	f = report_fields(parent, NULL);
	tf = report_fields(report_val_section(report_field(f, "TCP", "tcp")),
	    NULL);
	ms_val(report_field(tf, "RTT (ms)", "rttMs"), r->tcp.rtt != 0,
	    ms(r->tcp.rtt));
	v = report_field(tf, "ICMP", "icmp");
	icmp_val(v, &r->tcp.icmp);
	snprintf(line, sizeof(line), "  tcp: %s",
	    probe_verdict_name(r->tcp.verdict));
	if (r->tcp.rtt > 0)
		cat(line, sizeof(line), " %.3f ms", ms(r->tcp.rtt));
	if (r->local.family != 0)
		cat(line, sizeof(line), "  from %s", net_addr_str(&r->local,
		    lb));
	icmp_str(line, sizeof(line), &r->tcp.icmp);
	report_node_textf(f, "%s", line);
	bgp_doc(parent, o, r);
	findings_doc(parent, fl);
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

static void
trace_head_str(char *buf, size_t len, const struct probe_target *t,
    const struct trace_opts *o)
{
	head_str(buf, len, "trace", t);
	cat(buf, len, "%u SYNs per hop, max TTL %u", o->queries, o->max_ttl);
}

void
report_trace_begin(FILE *fp, const struct probe_target *t,
    const struct trace_opts *o)
{
	char line[LINE_MAX_LEN];

	trace_head_str(line, sizeof(line), t, o);
	fprintf(fp, "%s\n", line);
}

/* One hop as its text line: who answered, the RTTs, what the answer was. */
static void
hop_str(char *buf, size_t len, const struct trace_hop *hop)
{
	char ab[NET_ADDR_STRLEN], db[96], last[NET_ADDR_STRLEN];
	unsigned i;

	snprintf(buf, len, "%3u ", hop->ttl);
	last[0] = '\0';
	for (i = 0; i < hop->nq; i++) {
		const struct trace_query *q = &hop->q[i];

		if (q->reply == TRACE_NONE) {
			cat(buf, len, " *");
			continue;
		}
		/* One address per run of answers from it. */
		net_addr_str(&q->from, ab);
		if (strcmp(ab, last) != 0) {
			cat(buf, len, " %s", ab);
			str_copy(last, ab, sizeof(last));
		}
		cat(buf, len, "  %.3f ms", ms(q->rtt));
	}
	for (i = 0; i < hop->nq; i++)
		if (hop->q[i].reply != TRACE_NONE) {
			cat(buf, len, "  [%s]", reply_detail(&hop->q[i], db,
			    sizeof(db)));
			break;
		}
}

static void
hops_doc(struct report_node *parent, const struct trace_result *r)
{
	struct report_node *t, *qt;
	struct report_row *row, *qr;
	char ab[NET_ADDR_STRLEN], db[96], line[LINE_MAX_LEN];
	unsigned h, i;

	t = report_table(parent, "hops", "Hops");
	report_col(t, "TTL", "ttl", REPORT_INT, NULL);
	report_col(t, "address", "address", REPORT_ADDR, NULL);
	report_col(t, "probes", "probes", REPORT_NODE, NULL);
	for (h = 0; h < r->nhops; h++) {
		const struct trace_hop *hop = &r->hops[h];
		const struct net_addr *first = NULL;

		row = report_row(t);
		report_val_int(report_cell(row, 0), hop->ttl);
		qt = report_val_table(report_cell(row, 2));
		report_col(qt, "reply", "reply", REPORT_TEXT, NULL);
		report_col(qt, "address", "address", REPORT_ADDR, NULL);
		report_col(qt, "RTT (ms)", "rttMs", REPORT_REAL, NULL);
		report_col(qt, "detail", "detail", REPORT_TEXT, NULL);
		for (i = 0; i < hop->nq; i++) {
			const struct trace_query *q = &hop->q[i];

			qr = report_row(qt);
			if (q->reply == TRACE_NONE) {
				report_val_text(report_cell(qr, 0), "none");
				report_val_absent(report_cell(qr, 1));
				report_val_absent(report_cell(qr, 2));
				report_val_absent(report_cell(qr, 3));
				continue;
			}
			report_val_text(report_cell(qr, 0),
			    trace_reply_name(q->reply));
			report_val_text(report_cell(qr, 1),
			    net_addr_str(&q->from, ab));
			report_val_real(report_cell(qr, 2), ms(q->rtt));
			report_val_text(report_cell(qr, 3),
			    reply_detail(q, db, sizeof(db)));
			/* The hop's address: the first that answered. */
			if (first == NULL)
				first = &q->from;
		}
		if (first != NULL)
			report_val_text(report_cell(row, 1),
			    net_addr_str(first, ab));
		hop_str(line, sizeof(line), hop);
		report_row_textf(row, "%s", line);
	}
}

void
report_trace_build(struct report_node *parent, const struct probe_target *t,
    const struct trace_opts *o, const struct trace_result *r,
    const struct finding_list *fl, bool streamed)
{
	struct report_node *f, *n;
	char line[LINE_MAX_LEN], ab[NET_ADDR_STRLEN];

	f = report_fields(parent, NULL);
	report_val_text(report_field(f, NULL, "command"), "trace");
	target_val(report_field(f, "target", "target"), t);
	report_val_text(report_field(f, "source", "source"),
	    net_addr_str(&r->local, ab));
	report_val_text(report_field(f, "result", "result"),
	    trace_end_name(r->end));
	report_val_int(report_field(f, "SYNs sent", "probesSent"), r->sent);
	trace_head_str(line, sizeof(line), t, o);
	report_node_textf(f, "%s", line);
	if (streamed)
		report_node_flags(f, REPORT_NO_TEXT);	/* printed before */
	hops_doc(parent, r);
	snprintf(line, sizeof(line), "result: %s", trace_end_name(r->end));
	if (r->end == TRACE_END_SILENT || r->end == TRACE_END_MAX_TTL) {
		if (r->last_answered >= 0)
			cat(line, sizeof(line), " after hop %u",
			    r->hops[r->last_answered].ttl);
		else
			cat(line, sizeof(line), ", no hop answered");
	}
	cat(line, sizeof(line), " (%s port %u, %u SYNs sent)",
	    net_addr_str(&t->ip, ab), t->port, r->sent);
	n = report_verdict(parent, NULL, report_state_of(fl), "%s", line);
	report_node_textf(n, "%s", line);
	findings_doc(parent, fl);
}
