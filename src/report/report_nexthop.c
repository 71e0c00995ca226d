/*
 * `erwatch nexthop` results: the next hop az_routes_lookup() chose for a
 * destination, the route that won, the routes it beat (longest prefix,
 * then source: user, BGP, system) and the findings diag_nexthop() raised,
 * as a report document (report_doc.h) for one destination, and as CSV or
 * JSON lines for a batch, printed line by line.  Every route names the
 * export and JSON path it came from, so the reader can find it in the
 * portal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_nexthop.h"

static const char *
state_name(const struct az_route *r)
{
	return r->invalid ? "Invalid" : "Active";
}

/* ------------------------------------------------------------------ */
/* The document for one destination                                    */
/* ------------------------------------------------------------------ */

/* A route as its two text lines (no final newline): prefix, source,
 * state, next hop, name, why it lost; then the file and JSON path. */
static void
route_line(char *buf, size_t len, const struct az_route *r, const char *why)
{
	char b[NET_PREFIX_STRLEN], nh[NET_ADDR_STRLEN];

	snprintf(buf, len, "  %-18s %-21s %-7s %s%s%s%s%s%s%s%s%s\n"
	    "    from %s%s%s", net_prefix_str(&r->prefix, b),
	    az_route_source_name(r->source), state_name(r), r->next_hop_type,
	    r->next_hop.family ? " " : "",
	    r->next_hop.family ? net_addr_str(&r->next_hop, nh) : "",
	    r->name[0] != '\0' ? " \"" : "", r->name,
	    r->name[0] != '\0' ? "\"" : "", why != NULL ? " (" : "",
	    why != NULL ? why : "", why != NULL ? ")" : "", r->input,
	    r->ptr[0] != '\0' ? " " : "", r->prefix_ptr);
}

/* The members of a route, as fields or cells in this order. */
enum { RT_PREFIX, RT_SOURCE, RT_STATE, RT_NH_TYPE, RT_NH_IP, RT_NAME,
	RT_FILE, RT_PATH, RT_REASON };

static const struct {
	const char	*label, *key;
	enum report_type type;
} route_cols[] = {
	{ "prefix", "prefix", REPORT_TEXT },
	{ "source", "source", REPORT_TEXT },
	{ "state", "state", REPORT_TEXT },
	{ "next hop type", "nextHopType", REPORT_TEXT },
	{ "next hop", "nextHopIpAddress", REPORT_ADDR },
	{ "name", "name", REPORT_TEXT },
	{ "file", "file", REPORT_TEXT },
	{ "path", "path", REPORT_TEXT },
	{ "lost because", "reason", REPORT_TEXT },
};

/* Set v[RT_*] (cells of a row, or fields) from r. */
static void
route_vals(struct report_val *v[RT_REASON + 1], const struct az_route *r)
{
	char b[NET_PREFIX_STRLEN];

	report_val_text(v[RT_PREFIX], net_prefix_str(&r->prefix, b));
	report_val_text(v[RT_SOURCE], az_route_source_name(r->source));
	report_val_text(v[RT_STATE], state_name(r));
	report_val_text(v[RT_NH_TYPE], r->next_hop_type);
	report_val_addr(v[RT_NH_IP], &r->next_hop);
	if (r->name[0] != '\0')
		report_val_text(v[RT_NAME], r->name);
	else
		report_val_absent(v[RT_NAME]);
	report_val_text(v[RT_FILE], r->input);
	if (r->ptr[0] != '\0')
		report_val_text(v[RT_PATH], r->prefix_ptr);
	else
		report_val_absent(v[RT_PATH]);
}

static void
beaten_doc(struct report_node *parent, const struct az_route_result *res)
{
	struct report_val *v[RT_REASON + 1];
	struct report_node *t, *f;
	struct report_row *r;
	char line[1024];
	const char *why;
	size_t i, c;

	t = report_table(parent, "beaten", "Routes it beat");
	for (c = 0; c < sizeof(route_cols) / sizeof(route_cols[0]); c++)
		report_col(t, route_cols[c].label, route_cols[c].key,
		    route_cols[c].type, NULL);
	report_node_textf(t, "routes it beat:");
	for (i = 0; i < res->nbeaten; i++) {
		r = report_row(t);
		for (c = 0; c <= RT_REASON; c++)
			v[c] = report_cell(r, (int)c);
		route_vals(v, res->beaten[i].route);
		why = az_beaten_why_name(res->beaten[i].why);
		report_val_text(v[RT_REASON], why);
		route_line(line, sizeof(line), res->beaten[i].route, why);
		report_row_textf(r, "%s", line);
	}
	if (res->nbeaten_total > res->nbeaten) {
		f = report_fields(parent, NULL);
		report_val_int(report_field(f, "routes not listed",
		    "beatenOmitted"), (int64_t)(res->nbeaten_total -
		    res->nbeaten));
		report_node_textf(f, "  ... %zu more", res->nbeaten_total -
		    res->nbeaten);
	}
}

void
report_nexthop_build(struct report_node *parent, const struct az_routes *rs,
    const struct net_addr *dst, const char *src,
    const struct az_route_result *res, const struct finding_list *fl)
{
	struct report_val *v[RT_REASON + 1];
	struct report_node *n, *rf;
	struct report_val *val;
	char d[NET_ADDR_STRLEN], nh[NET_ADDR_STRLEN], from[80], win[1024];
	size_t c;

	net_addr_str(dst, d);
	if (res->next_hop.family != 0)
		net_addr_str(&res->next_hop, nh);
	else
		snprintf(nh, sizeof(nh), "-");
	n = report_verdict(parent, NULL, report_state_of(fl), "next hop for "
	    "%s: %s%s%s", d, res->next_hop_type, res->next_hop.family != 0 ?
	    " " : "", res->next_hop.family != 0 ? nh : "");
	report_node_flags(n, REPORT_NO_TEXT);

	n = report_fields(parent, NULL);
	report_val_text(report_field(n, "destination", "destination"), d);
	if (src != NULL)
		report_val_text(report_field(n, "source", "source"), src);
	report_val_text(report_field(n, "next hop type", "nextHopType"),
	    res->next_hop_type);
	report_val_addr(report_field(n, "next hop", "nextHopIpAddress"),
	    &res->next_hop);
	val = report_field(n, "route table", "routeTableId");
	if (res->route_table_id != NULL)
		report_val_text(val, res->route_table_id);
	else
		report_val_null(val);
	val = report_field(n, "winning route", "route");
	if (res->winner != NULL) {
		rf = report_fields(report_val_section(val), NULL);
		for (c = 0; c < RT_REASON; c++)
			v[c] = report_field(rf, route_cols[c].label,
			    route_cols[c].key);
		route_vals(v, res->winner);
		route_line(win, sizeof(win), res->winner, NULL);
	} else {
		report_val_null(val);
		snprintf(win, sizeof(win), "  (no usable route covers the "
		    "destination: dropped)");
	}
	from[0] = '\0';
	if (src != NULL)
		snprintf(from, sizeof(from), " from %s", src);
	report_node_textf(n, "next hop for %s%s\n  nextHopType       %s\n"
	    "  nextHopIpAddress  %s\n  routeTableId      %s\n%swinning "
	    "route:\n%s", d, from, res->next_hop_type, nh,
	    res->route_table_id != NULL ? res->route_table_id : "(a user "
	    "route; give the route-table export to name its table)",
	    rs->synthesized ? "  note: no effective route table given: "
	    "default system routes assumed\n" : "", win);
	beaten_doc(parent, res);
	n = report_fields(parent, NULL);
	report_node_flags(n, REPORT_NO_TEXT);
	report_val_bool(report_field(n, "system routes assumed",
	    "systemRoutesAssumed"), rs->synthesized);
	n = report_findings(parent, "findings", "Findings", fl);
	report_node_flags(n, REPORT_TEXT_GAP);
}

json_t *
report_nexthop_json(const struct az_routes *rs, const struct net_addr *dst,
    const char *src, const struct az_route_result *res,
    const struct finding_list *fl)
{
	struct report_doc *doc;
	json_t *root;

	if ((doc = report_doc_new("erwatch nexthop")) == NULL)
		return NULL;
	report_nexthop_build(report_doc_root(doc), rs, dst, src, res, fl);
	root = report_doc_json(doc);
	report_doc_free(doc);
	return root;
}

/* ------------------------------------------------------------------ */
/* Batch lines                                                         */
/* ------------------------------------------------------------------ */

size_t
report_nexthop_batch_csv_max(const struct az_route_result *res)
{
	return strlen(res->next_hop_type) + 2 * NET_PREFIX_STRLEN + 3;
}

size_t
report_nexthop_batch_csv_str(char *buf, const struct az_route_result *res)
{
	const char *s = res->next_hop_type;
	char *p = buf;

	/* Values are types, addresses and prefixes: no quoting needed, but
	 * never let a comma or newline from an export break the record. */
	for (; *s != '\0'; s++)
		*p++ = *s == ',' || *s == '\n' || *s == '"' ? '_' : *s;
	*p++ = ',';
	if (res->next_hop.family) {
		net_addr_str(&res->next_hop, p);
		p += strlen(p);
	}
	*p++ = ',';
	if (res->winner != NULL) {
		net_prefix_str(&res->winner->prefix, p);
		p += strlen(p);
	}
	*p++ = '\n';
	*p = '\0';
	return (size_t)(p - buf);
}

void
report_nexthop_batch_csv(FILE *fp, const struct az_route_result *res)
{
	char b[AZ_ROUTE_TYPE_MAX * 4 + 2 * NET_PREFIX_STRLEN + 3], *h = b;
	size_t need = report_nexthop_batch_csv_max(res), n;

	if (need > sizeof(b) && (h = erw_malloc(need)) == NULL) {
		fputs("ERROR,,\n", fp);	/* one answer per line, always */
		return;
	}
	n = report_nexthop_batch_csv_str(h, res);
	fwrite(h, 1, n, fp);
	if (h != b)
		free(h);
}

int
report_nexthop_batch_json(FILE *fp, uint64_t line, const struct net_addr *dst,
    const struct az_route_result *res)
{
	char b[NET_PREFIX_STRLEN], *txt;
	json_t *r;

	if ((r = json_object()) == NULL)
		return -1;
	json_object_set_new(r, "line", json_integer((json_int_t)line));
	json_object_set_new(r, "destination",
	    json_string(net_addr_str(dst, b)));
	json_object_set_new(r, "nextHopType",
	    json_string(res->next_hop_type));
	json_object_set_new(r, "nextHopIpAddress",
	    res->next_hop.family ? json_string(net_addr_str(&res->next_hop,
	    b)) : json_null());
	json_object_set_new(r, "routeTableId",
	    res->route_table_id ? json_string(res->route_table_id) :
	    json_null());
	json_object_set_new(r, "prefix", res->winner ?
	    json_string(net_prefix_str(&res->winner->prefix, b)) :
	    json_null());
	txt = json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(r);
	if (txt == NULL)
		return -1;
	fprintf(fp, "%s\n", txt);
	free(txt);
	return 0;
}

void
report_nexthop_batch_error(FILE *fp, int json, uint64_t line,
    const char *why)
{
	if (json)
		fprintf(fp, "{\"line\": %llu, \"error\": \"%s\"}\n",
		    (unsigned long long)line, why);
	else
		fprintf(fp, "ERROR,,\n");
}
