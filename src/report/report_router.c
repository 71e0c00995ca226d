/*
 * The report document of `erwatch router`: the files read and what was
 * recognised in them, the neighbors (one line each in text), the log
 * events, then the findings, under the keys of docs/json-output.md
 * ("erwatch router"); report_doc renders it as text, JSON and HTML.
 * Every string shown was escaped by the parsers when stored; no key or
 * password is ever part of the model.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "report_router.h"

#define TEXT_EVENTS_MAX	40	/* text shows the last ones; JSON all */

static const char *
tf_name(enum router_time_from f)
{
	switch (f) {
	case ROUTER_TF_LINE:
		return "line";
	case ROUTER_TF_CONTEXT:
		return "context";
	case ROUTER_TF_FILE:
		return "file";
	case ROUTER_TF_ASSUMED:
		return "assumed";
	default:
		return "none";
	}
}

static void
inputs_doc(struct report_node *parent, const struct router_doc *d)
{
	struct report_node *t, *st;
	struct report_row *r, *sr;
	size_t i;
	unsigned k;

	t = report_table(parent, "inputs", "Inputs");
	report_col(t, "file", "file", REPORT_TEXT, NULL);
	report_col(t, "encoding", "encoding", REPORT_TEXT, NULL);
	report_col(t, "CRLF", "crlf", REPORT_BOOL, NULL);
	report_col(t, "cleaned", "cleaned", REPORT_BOOL, NULL);
	report_col(t, "recognised", "recognized", REPORT_BOOL, NULL);
	report_col(t, "cut short", "truncated", REPORT_BOOL, NULL);
	report_col(t, "lines", "lines", REPORT_INT, NULL);
	report_col(t, "sections", "sections", REPORT_NODE, NULL);
	for (i = 0; i < d->ninputs; i++) {
		const struct router_input *in = &d->inputs[i];

		r = report_row(t);
		report_val_text(report_cell(r, 0), in->name);
		report_val_text(report_cell(r, 1),
		    router_encoding_name(in->enc));
		report_val_bool(report_cell(r, 2), in->crlf);
		report_val_bool(report_cell(r, 3), in->cleaned);
		report_val_bool(report_cell(r, 4), in->recognized);
		report_val_bool(report_cell(r, 5), in->truncated);
		report_val_int(report_cell(r, 6), in->lines);
		report_row_textf(r, "%s:%s%s%s", in->name,
		    in->enc != ROUTER_ENC_UTF8 ? " " : "",
		    in->enc != ROUTER_ENC_UTF8 ?
		    router_encoding_name(in->enc) : "",
		    in->enc != ROUTER_ENC_UTF8 ? (!in->recognized ?
		    ", not recognised" : ",") : (!in->recognized ?
		    " not recognised" : ""));
		st = report_val_table(report_cell(r, 7));
		report_col(st, "kind", "kind", REPORT_TEXT, NULL);
		report_col(st, "vendor", "vendor", REPORT_TEXT, NULL);
		report_col(st, "json", "json", REPORT_BOOL, NULL);
		report_col(st, "first line", "first_line", REPORT_INT, NULL);
		report_col(st, "last line", "last_line", REPORT_INT, NULL);
		report_col(st, "command", "command", REPORT_TEXT, NULL);
		report_col(st, "host", "host", REPORT_TEXT, NULL);
		report_col(st, "cut short", "truncated", REPORT_BOOL, NULL);
		report_col(st, "neighbors", "neighbors", REPORT_INT, NULL);
		report_col(st, "events", "events", REPORT_INT, NULL);
		for (k = 0; k < in->nsections; k++) {
			const struct router_section *sec = &in->sections[k];
			char cmd[sizeof(sec->host) + sizeof(sec->command) + 8];

			sr = report_row(st);
			report_val_text(report_cell(sr, 0),
			    router_kind_name(sec->kind));
			report_val_text(report_cell(sr, 1),
			    router_vendor_name(sec->vendor));
			report_val_bool(report_cell(sr, 2), sec->json);
			report_val_int(report_cell(sr, 3), sec->first_line);
			report_val_int(report_cell(sr, 4), sec->last_line);
			report_val_text_or_null(report_cell(sr, 5),
			    sec->command);
			report_val_text_or_null(report_cell(sr, 6), sec->host);
			report_val_bool(report_cell(sr, 7), sec->truncated);
			report_val_int(report_cell(sr, 8),
			    (int64_t)sec->neighbors);
			report_val_int(report_cell(sr, 9),
			    (int64_t)sec->events);
			cmd[0] = '\0';
			if (sec->command[0] != '\0')
				snprintf(cmd, sizeof(cmd), " [%s%s%s]",
				    sec->host, sec->host[0] ? ": " : "",
				    sec->command);
			report_row_textf(sr, "  lines %u-%u: %s %s%s%s, %zu "
			    "neighbor(s), %zu event(s)%s", sec->first_line,
			    sec->last_line, router_vendor_name(sec->vendor),
			    router_kind_name(sec->kind), sec->json ?
			    " (json)" : "", cmd, sec->neighbors, sec->events,
			    sec->truncated ? ", cut short" : "");
		}
	}
}

enum {
	NB_NAME, NB_ADDR, NB_VRF, NB_AFI, NB_HOST, NB_RAS, NB_LAS, NB_LADDR,
	NB_LPORT, NB_RPORT, NB_STATE,
	NB_STATE_TEXT, NB_ESTABLISHED, NB_ADMIN_DOWN, NB_UPDOWN, NB_PFX_RCV,
	NB_PFX_ACC, NB_HOLD, NB_KA, NB_HOLD_CFG, NB_KA_CFG, NB_FLAPS, NB_MD5,
	NB_LAST_ERROR, NB_RESET, NB_NOTIF, NB_MAXPFX, NB_DESCR, NB_RID,
	NB_LRID, NB_PROTO, NB_VENDOR, NB_EVIDENCE, NB_FLAPS_TEXT, NB_TCP_TEXT
};

/*
 * The session's TCP ends as text: "10.10.0.1:179 > 50431" (local address
 * and port, then the peer's port), brackets around an IPv6 address with a
 * port; "-" when the output shows none (a summary, or not connected).
 */
static void
tcp_text(struct report_val *v, const struct router_neighbor *nb)
{
	char a[NET_ADDR_STRLEN], lp[8] = "", rp[16] = "";
	bool v6 = nb->local_addr.family == NET_AF_INET6;

	if (nb->local_addr.family == 0 && nb->remote_port == 0) {
		report_val_text(v, "-");
		return;
	}
	if (nb->local_addr.family != 0)
		net_addr_str(&nb->local_addr, a);
	else
		str_copy(a, "?", sizeof(a));
	if (nb->local_port != 0)
		snprintf(lp, sizeof(lp), ":%u", (unsigned)nb->local_port);
	if (nb->remote_port != 0)
		snprintf(rp, sizeof(rp), " > %u", (unsigned)nb->remote_port);
	report_val_textf(v, "%s%s%s%s%s", v6 && lp[0] ? "[" : "", a,
	    v6 && lp[0] ? "]" : "", lp, rp);
}

static void
neighbors_doc(struct report_node *parent, const struct router_doc *d)
{
	static const struct {
		const char	*label, *key;
		enum report_type type;
		const char	*fmt;
	} cols[] = {
		{ "neighbor", NULL, REPORT_TEXT, "%-28s" },
		{ NULL, "address", REPORT_ADDR, NULL },
		{ NULL, "vrf", REPORT_TEXT, NULL },
		{ NULL, "address_family", REPORT_TEXT, NULL },
		{ NULL, "host", REPORT_TEXT, NULL },
		{ "remote-as", "remote_as", REPORT_INT, " %10s" },
		{ "local-as", "local_as", REPORT_INT, " %10s" },
		{ NULL, "local_address", REPORT_ADDR, NULL },
		{ NULL, "local_port", REPORT_INT, NULL },
		{ NULL, "remote_port", REPORT_INT, NULL },
		{ "state", "state", REPORT_TEXT, " %-16s" },
		{ NULL, "state_text", REPORT_TEXT, NULL },
		{ NULL, "established", REPORT_BOOL, NULL },
		{ "admin down", "admin_down", REPORT_BOOL, NULL },
		{ "up/down", "up_down_seconds", REPORT_DURATION, " %9s" },
		{ "pfx-rcv", "prefixes_received", REPORT_INT, " %7s" },
		{ NULL, "prefixes_accepted", REPORT_INT, NULL },
		{ "hold", "hold_time", REPORT_INT, " %6s" },
		{ NULL, "keepalive", REPORT_INT, NULL },
		{ NULL, "hold_time_configured", REPORT_INT, NULL },
		{ NULL, "keepalive_configured", REPORT_INT, NULL },
		{ NULL, "flaps", REPORT_INT, NULL },
		{ "md5", "md5", REPORT_BOOL, " %5s" },
		{ "last error", "last_error", REPORT_TEXT, NULL },
		{ NULL, "reset_reason", REPORT_TEXT, NULL },
		{ NULL, "last_notification", REPORT_NODE, NULL },
		{ NULL, "max_prefix", REPORT_BOOL, NULL },
		{ "description", "description", REPORT_TEXT, NULL },
		{ NULL, "router_id", REPORT_ADDR, NULL },
		{ NULL, "local_router_id", REPORT_ADDR, NULL },
		{ NULL, "bird_protocol", REPORT_TEXT, NULL },
		{ NULL, "vendor", REPORT_TEXT, NULL },
		{ NULL, "evidence", REPORT_NODE, NULL },
		/* text puts the flaps last, JSON before md5 */
		{ "flaps", NULL, REPORT_INT, " %-5s" },
		{ "tcp local > peer port", NULL, REPORT_TEXT, " %s" },
	};
	struct report_node *t, *sub;
	struct report_row *r, *er;
	struct report_val *v;
	char a[NET_ADDR_STRLEN + 140], an[NET_ADDR_STRLEN];
	size_t i, c;
	unsigned k;

	t = report_table(parent, "neighbors", "Neighbors");
	report_node_flags(t, REPORT_TEXT_GAP | REPORT_TEXT_HEADER);
	for (c = 0; c < sizeof(cols) / sizeof(cols[0]); c++)
		report_col(t, cols[c].label, cols[c].key, cols[c].type,
		    cols[c].fmt);
	for (i = 0; i < d->nneighbors; i++) {
		const struct router_neighbor *nb = &d->neighbors[i];
		bool dflt = strcmp(nb->vrf, "default") == 0;

		r = report_row(t);
		net_addr_str(&nb->addr, an);
		snprintf(a, sizeof(a), "%s%s%s%s%s", nb->host,
		    nb->host[0] ? " " : "", !dflt ? nb->vrf : "", !dflt ?
		    "/" : "", an);
		report_val_text(report_cell(r, NB_NAME), a);
		report_val_addr(report_cell(r, NB_ADDR), &nb->addr);
		report_val_text(report_cell(r, NB_VRF), nb->vrf);
		report_val_text_or_null(report_cell(r, NB_AFI), nb->afi);
		report_val_text_or_null(report_cell(r, NB_HOST), nb->host);
		if (nb->has_remote_as)
			report_val_int(report_cell(r, NB_RAS), nb->remote_as);
		if (nb->has_local_as)
			report_val_int(report_cell(r, NB_LAS), nb->local_as);
		report_val_addr(report_cell(r, NB_LADDR), &nb->local_addr);
		report_val_int_or_null(report_cell(r, NB_LPORT),
		    nb->local_port != 0 ? nb->local_port : -1);
		report_val_int_or_null(report_cell(r, NB_RPORT),
		    nb->remote_port != 0 ? nb->remote_port : -1);
		tcp_text(report_cell(r, NB_TCP_TEXT), nb);
		v = report_cell(r, NB_STATE);
		report_val_text(v, router_state_name(nb->state));
		if (nb->state_text[0] && nb->state != ROUTER_ST_ESTABLISHED)
			report_val_displayf(v, "%s", nb->state_text);
		report_val_text_or_null(report_cell(r, NB_STATE_TEXT),
		    nb->state_text);
		report_val_bool(report_cell(r, NB_ESTABLISHED),
		    nb->state == ROUTER_ST_ESTABLISHED);
		report_val_bool(report_cell(r, NB_ADMIN_DOWN), nb->admin_down);
		report_val_duration(report_cell(r, NB_UPDOWN), nb->updown_s);
		v = report_cell(r, NB_PFX_RCV);
		report_val_int_or_null(v, nb->pfx_received);
		if (nb->pfx_received < 0 && nb->pfx_accepted >= 0)
			report_val_displayf(v, "%lld",
			    (long long)nb->pfx_accepted);
		report_val_int_or_null(report_cell(r, NB_PFX_ACC),
		    nb->pfx_accepted);
		v = report_cell(r, NB_HOLD);
		report_val_int_or_null(v, nb->hold);
		if (nb->hold < 0 && nb->hold_cfg >= 0)
			report_val_displayf(v, "%lld", (long long)nb->hold_cfg);
		report_val_int_or_null(report_cell(r, NB_KA), nb->keepalive);
		report_val_int_or_null(report_cell(r, NB_HOLD_CFG),
		    nb->hold_cfg);
		report_val_int_or_null(report_cell(r, NB_KA_CFG),
		    nb->keepalive_cfg);
		report_val_int_or_null(report_cell(r, NB_FLAPS), nb->flaps);
		report_val_int_or_null(report_cell(r, NB_FLAPS_TEXT),
		    nb->flaps);
		if (nb->md5 != ROUTER_UNSAID)
			report_val_bool(report_cell(r, NB_MD5),
			    nb->md5 == ROUTER_YES);
		report_val_text_or_null(report_cell(r, NB_LAST_ERROR),
		    nb->last_error);
		report_val_text_or_null(report_cell(r, NB_RESET),
		    nb->reset_reason);
		if (nb->err_code != 0) {
			sub = report_fields(report_val_section(report_cell(r,
			    NB_NOTIF)), NULL);
			report_val_int(report_field(sub, "code", "code"),
			    nb->err_code);
			report_val_int(report_field(sub, "subcode", "subcode"),
			    nb->err_subcode);
		}
		report_val_bool(report_cell(r, NB_MAXPFX), nb->max_prefix);
		report_val_text_or_null(report_cell(r, NB_DESCR),
		    nb->description);
		report_val_addr(report_cell(r, NB_RID), &nb->router_id);
		report_val_addr(report_cell(r, NB_LRID), &nb->local_id);
		report_val_text_or_null(report_cell(r, NB_PROTO), nb->proto);
		report_val_text(report_cell(r, NB_VENDOR),
		    router_vendor_name(nb->vendor));
		sub = report_val_table(report_cell(r, NB_EVIDENCE));
		report_col(sub, "file", "file", REPORT_TEXT, NULL);
		report_col(sub, "line", "line", REPORT_INT, NULL);
		for (k = 0; k < nb->nsrc; k++) {
			er = report_row(sub);
			report_val_text(report_cell(er, 0),
			    router_src_name(d, &nb->src[k]));
			report_val_int(report_cell(er, 1), nb->src[k].line);
		}
	}
}

static void
events_doc(struct report_node *parent, const struct router_doc *d)
{
	struct report_node *t;
	struct report_row *r;
	char tb[40], an[NET_ADDR_STRLEN], code[32];
	size_t i, shown = 0;

	t = report_table(parent, "events", "Log events");
	report_node_flags(t, REPORT_TEXT_GAP);
	report_col(t, "time", "time", REPORT_TIME, NULL);
	report_col(t, "time as logged", "time_text", REPORT_TEXT, NULL);
	report_col(t, NULL, "year_from", REPORT_TEXT, NULL);
	report_col(t, NULL, "zone_from", REPORT_TEXT, NULL);
	report_col(t, "address", "address", REPORT_ADDR, NULL);
	report_col(t, NULL, "vrf", REPORT_TEXT, NULL);
	report_col(t, "BIRD protocol", "bird_protocol", REPORT_TEXT, NULL);
	report_col(t, "kind", "kind", REPORT_TEXT, NULL);
	report_col(t, "code", "code", REPORT_INT, NULL);
	report_col(t, "subcode", "subcode", REPORT_INT, NULL);
	report_col(t, "reason", "reason", REPORT_TEXT, NULL);
	report_col(t, NULL, "count", REPORT_INT, NULL);
	report_col(t, NULL, "limit", REPORT_INT, NULL);
	report_col(t, NULL, "threshold", REPORT_BOOL, NULL);
	report_col(t, "interface", "interface", REPORT_TEXT, NULL);
	report_col(t, NULL, "vendor", REPORT_TEXT, NULL);
	report_col(t, "file", "file", REPORT_TEXT, NULL);
	report_col(t, "line", "line", REPORT_INT, NULL);
	report_table_text_last(t, TEXT_EVENTS_MAX);
	for (i = 0; i < d->nevents; i++) {
		const struct router_event *ev = &d->events[i];
		const char *src = router_src_name(d, &ev->src);

		r = report_row(t);
		if (ev->time.year_from != ROUTER_TF_NONE)
			report_val_time(report_cell(r, 0), ev->time.t);
		report_val_text_or_null(report_cell(r, 1), ev->time_text);
		report_val_text(report_cell(r, 2),
		    tf_name(ev->time.year_from));
		report_val_text(report_cell(r, 3),
		    tf_name(ev->time.zone_from));
		report_val_addr(report_cell(r, 4), &ev->addr);
		report_val_text(report_cell(r, 5), ev->vrf);
		report_val_text_or_null(report_cell(r, 6), ev->proto);
		report_val_text(report_cell(r, 7),
		    router_event_name(ev->kind));
		report_val_int_or_null(report_cell(r, 8), ev->code);
		report_val_int_or_null(report_cell(r, 9), ev->subcode);
		report_val_text_or_null(report_cell(r, 10), ev->reason);
		if (ev->kind == ROUTER_EV_MAX_PREFIX) {
			report_val_int_or_null(report_cell(r, 11), ev->count);
			report_val_int_or_null(report_cell(r, 12), ev->limit);
			report_val_bool(report_cell(r, 13), ev->threshold);
		} else {
			report_val_absent(report_cell(r, 11));
			report_val_absent(report_cell(r, 12));
			report_val_absent(report_cell(r, 13));
		}
		/* link_down / link_up: what went down */
		if (ev->kind == ROUTER_EV_LINK_DOWN ||
		    ev->kind == ROUTER_EV_LINK_UP)
			report_val_text_or_null(report_cell(r, 14),
			    ev->ifname);
		else
			report_val_absent(report_cell(r, 14));
		report_val_text(report_cell(r, 15),
		    router_vendor_name(ev->vendor));
		report_val_text(report_cell(r, 16), src);
		report_val_int(report_cell(r, 17), ev->src.line);
		if (ev->kind == ROUTER_EV_OPEN_SENT) {
			/* the sessions' own attempts: JSON keeps them, the
			 * text list is about what went wrong */
			report_row_flags(r, REPORT_NO_TEXT);
			continue;
		}
		shown++;
		code[0] = '\0';
		if (ev->code >= 0)
			snprintf(code, sizeof(code), " %d/%d", ev->code,
			    ev->subcode < 0 ? 0 : ev->subcode);
		report_row_textf(r, "  %-27s %-22s %-16s%s%s%s  (%s:%u)",
		    ev->time.year_from != ROUTER_TF_NONE ? time_iso(ev->time.t,
		    tb, sizeof(tb)) : ev->time_text,
		    router_event_name(ev->kind), ev->addr.family ?
		    net_addr_str(&ev->addr, an) : ev->proto[0] ? ev->proto :
		    ev->ifname[0] ? ev->ifname : "?", code, ev->reason[0] != '\0' ? " " : "", ev->reason,
		    src, ev->src.line);
	}
	if (shown > TEXT_EVENTS_MAX)
		report_node_textf(t, "log events: %zu (the last %d shown; "
		    "--json has all)", shown, TEXT_EVENTS_MAX);
	else
		report_node_textf(t, "log events: %zu", shown);
}

void
report_router_build(struct report_node *parent, const struct router_doc *d,
    const struct finding_list *fl)
{
	struct report_node *n;
	size_t i, up = 0;

	for (i = 0; i < d->nneighbors; i++)
		up += d->neighbors[i].state == ROUTER_ST_ESTABLISHED;
	n = report_verdict(parent, NULL, report_state_of(fl), "%zu of %zu "
	    "neighbor(s) Established, %zu finding(s)", up, d->nneighbors,
	    fl->n);
	report_node_flags(n, REPORT_NO_TEXT);
	inputs_doc(parent, d);
	n = report_list(parent, "notes", "Notes", "note: ");
	for (i = 0; i < d->nnotes; i++)
		report_list_addf(n, "%s", d->notes[i]);
	neighbors_doc(parent, d);
	events_doc(parent, d);
	n = report_findings(parent, "findings", "Findings", fl);
	report_node_flags(n, REPORT_TEXT_GAP);
}

json_t *
report_router_json(const struct router_doc *d, const struct finding_list *fl)
{
	struct report_doc *doc;
	json_t *root;

	if ((doc = report_doc_new("erwatch router")) == NULL)
		return NULL;
	report_router_build(report_doc_root(doc), d, fl);
	root = report_doc_json(doc);
	report_doc_free(doc);
	return root;
}
