/*
 * Text and JSON rendering of `erwatch nexthop` results: the next hop
 * az_routes_lookup() chose for a destination, the route that won, the
 * routes it beat (longest prefix, then source: user, BGP, system) and the
 * findings diag_nexthop() raised.  Every route names the export and JSON
 * path it came from, so the reader can find it in the portal.
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
/* JSON                                                                */
/* ------------------------------------------------------------------ */

static json_t *
route_json(const struct az_route *r)
{
	char b[NET_PREFIX_STRLEN];
	json_t *o = json_object();

	json_object_set_new(o, "prefix", json_string(net_prefix_str(&r->prefix,
	    b)));
	json_object_set_new(o, "source",
	    json_string(az_route_source_name(r->source)));
	json_object_set_new(o, "state", json_string(state_name(r)));
	json_object_set_new(o, "nextHopType", json_string(r->next_hop_type));
	json_object_set_new(o, "nextHopIpAddress", r->next_hop.family != 0 ?
	    json_string(net_addr_str(&r->next_hop, b)) : json_null());
	if (r->name[0] != '\0')
		json_object_set_new(o, "name", json_string(r->name));
	json_object_set_new(o, "file", json_string(r->input));
	if (r->ptr[0] != '\0')
		json_object_set_new(o, "path", json_string(r->prefix_ptr));
	return o;
}

json_t *
report_nexthop_json(const struct az_routes *rs, const struct net_addr *dst,
    const char *src, const struct az_route_result *res,
    const struct finding_list *fl)
{
	uint64_t f0 = erw_alloc_failures();
	char b[NET_ADDR_STRLEN];
	json_t *o, *beaten;
	size_t i;

	if ((o = json_object()) == NULL)
		return NULL;
	beaten = json_array();
	json_object_set_new(o, "destination", json_string(net_addr_str(dst,
	    b)));
	if (src != NULL)
		json_object_set_new(o, "source", json_string(src));
	json_object_set_new(o, "nextHopType", json_string(res->next_hop_type));
	json_object_set_new(o, "nextHopIpAddress", res->next_hop.family != 0 ?
	    json_string(net_addr_str(&res->next_hop, b)) : json_null());
	json_object_set_new(o, "routeTableId", res->route_table_id != NULL ?
	    json_string(res->route_table_id) : json_null());
	json_object_set_new(o, "route", res->winner != NULL ?
	    route_json(res->winner) : json_null());
	for (i = 0; i < res->nbeaten; i++) {
		json_t *r = route_json(res->beaten[i].route);

		json_object_set_new(r, "reason",
		    json_string(az_beaten_why_name(res->beaten[i].why)));
		json_array_append_new(beaten, r);
	}
	json_object_set_new(o, "beaten", beaten);
	if (res->nbeaten_total > res->nbeaten)
		json_object_set_new(o, "beatenOmitted",
		    json_integer((json_int_t)(res->nbeaten_total -
		    res->nbeaten)));
	json_object_set_new(o, "systemRoutesAssumed",
	    json_boolean(rs->synthesized));
	json_object_set_new(o, "findings", report_findings_json(fl, 0));
	return report_json_done(o, f0);
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

static void
route_text(FILE *fp, const char *indent, const struct az_route *r,
    const char *why)
{
	char b[NET_PREFIX_STRLEN], nh[NET_ADDR_STRLEN];

	fprintf(fp, "%s%-18s %-21s %-7s %s%s%s", indent,
	    net_prefix_str(&r->prefix, b), az_route_source_name(r->source),
	    state_name(r), r->next_hop_type, r->next_hop.family ? " " : "",
	    r->next_hop.family ? net_addr_str(&r->next_hop, nh) : "");
	if (r->name[0] != '\0')
		fprintf(fp, " \"%s\"", r->name);
	if (why != NULL)
		fprintf(fp, " (%s)", why);
	fprintf(fp, "\n%s  from %s%s%s\n", indent, r->input,
	    r->ptr[0] != '\0' ? " " : "", r->prefix_ptr);
}

void
report_nexthop_text(FILE *fp, const struct az_routes *rs,
    const struct net_addr *dst, const char *src,
    const struct az_route_result *res, const struct finding_list *fl,
    unsigned text_flags)
{
	char b[NET_ADDR_STRLEN];
	size_t i;

	fprintf(fp, "next hop for %s", net_addr_str(dst, b));
	if (src != NULL)
		fprintf(fp, " from %s", src);
	fprintf(fp, "\n  nextHopType       %s\n", res->next_hop_type);
	fprintf(fp, "  nextHopIpAddress  %s\n", res->next_hop.family != 0 ?
	    net_addr_str(&res->next_hop, b) : "-");
	fprintf(fp, "  routeTableId      %s\n", res->route_table_id != NULL ?
	    res->route_table_id : "(a user route; give the route-table "
	    "export to name its table)");
	if (rs->synthesized)
		fprintf(fp, "  note: no effective route table given: default "
		    "system routes assumed\n");
	fprintf(fp, "winning route:\n");
	if (res->winner != NULL)
		route_text(fp, "  ", res->winner, NULL);
	else
		fprintf(fp, "  (no usable route covers the destination: "
		    "dropped)\n");
	if (res->nbeaten > 0)
		fprintf(fp, "routes it beat:\n");
	for (i = 0; i < res->nbeaten; i++)
		route_text(fp, "  ", res->beaten[i].route,
		    az_beaten_why_name(res->beaten[i].why));
	if (res->nbeaten_total > res->nbeaten)
		fprintf(fp, "  ... %zu more\n", res->nbeaten_total -
		    res->nbeaten);
	if (fl->n > 0) {
		fprintf(fp, "\n");
		report_all_findings_text(fp, fl, text_flags, 0);
	}
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
