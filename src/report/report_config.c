/*
 * The report document of `erwatch config`: one line about the inputs,
 * then per path of the peering the comparison of the on-premises
 * configuration with the cloud side built from the export (one row per
 * setting, with its verdict), then the findings.  JSON keys in
 * docs/config.md.  Every string shown was escaped by the parsers or is
 * ours; the models hold no key.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "report_config.h"

static enum report_state
state_of(enum config_verdict v)
{
	switch (v) {
	case CV_FAULT:
		return REPORT_ST_FAULT;
	case CV_WARN:
		return REPORT_ST_WARN;
	default:
		return REPORT_ST_OK;
	}
}

static void
config_fields(struct report_node *parent, const struct router_cfg *c,
    const struct cloud_peer *cl)
{
	struct report_node *s, *f;

	s = report_section(parent, "config", "Configuration");
	f = report_fields(s, NULL);
	report_val_text(report_field(f, "file", "input"), c->input);
	report_val_text(report_field(f, "dialect", "dialect"),
	    router_cfg_dialect_name(c->dialect));
	report_val_text_or_null(report_field(f, "host", "hostname"),
	    c->hostname);
	report_val_int_or_null(report_field(f, "local AS", "local_as"),
	    c->local_as);
	report_val_int(report_field(f, "lines", "lines"), c->lines);
	report_val_bool(report_field(f, "cut short", "truncated"),
	    c->truncated);
	report_val_int(report_field(f, "interfaces", "interfaces"),
	    (int64_t)c->nifaces);
	report_val_int(report_field(f, "neighbors", "neighbors"),
	    (int64_t)c->nneighbors);
	report_node_textf(f, "config: %s (%s%s%s), %zu interface(s), %zu "
	    "BGP neighbor(s) or group(s)%s", c->input,
	    router_cfg_dialect_name(c->dialect), c->hostname[0] ? ", host " :
	    "", c->hostname, c->nifaces, c->nneighbors, c->truncated ?
	    ", cut short" : "");
	s = report_section(parent, "cloud", "Cloud side (from the circuit)");
	f = report_fields(s, NULL);
	report_val_text_or_null(report_field(f, "circuit", "circuit"),
	    cl->circuit);
	report_val_text(report_field(f, "peering", "peering"), cl->peering);
	report_val_text_or_null(report_field(f, "SKU", "sku"), cl->sku);
	report_val_int(report_field(f, "Microsoft AS", "azure_asn"),
	    cl->azure_as);
	report_val_int_or_null(report_field(f, "peer AS", "peer_asn"),
	    cl->peer_as);
	report_val_int_or_null(report_field(f, "VLAN", "vlan"), cl->vlan);
	report_val_bool(report_field(f, "MD5", "md5"), cl->md5);
	report_val_int(report_field(f, "keepalive", "keepalive"),
	    CLOUD_KEEPALIVE);
	report_val_int(report_field(f, "hold", "hold"), CLOUD_HOLD);
	report_val_int(report_field(f, "BFD ms", "bfd_interval_ms"),
	    CLOUD_BFD_MS);
	report_val_int(report_field(f, "BFD multiplier", "bfd_multiplier"),
	    CLOUD_BFD_MULT);
	report_val_int(report_field(f, "prefix limit", "prefix_limit"),
	    cl->prefix_limit);
	report_node_textf(f, "cloud: circuit %s, %s, %s SKU (%lld prefixes), "
	    "Microsoft AS %u", cl->circuit[0] ? cl->circuit : "(unnamed)",
	    cl->peering, cl->sku[0] ? cl->sku : "unknown",
	    (long long)cl->prefix_limit, cl->azure_as);
}

void
report_config_build(struct report_node *parent, const struct router_cfg *c,
    const struct cloud_peer *cl, const struct config_result *res,
    const struct finding_list *fl)
{
	struct report_node *n, *t, *rt;
	struct report_row *r, *rr;
	char px[NET_PREFIX_STRLEN];
	size_t i;
	int p;

	n = report_verdict(parent, "verdict", report_state_of(fl),
	    "%s against %s: %zu finding(s)", c->input, cl->peering, fl->n);
	report_node_flags(n, REPORT_NO_TEXT);
	config_fields(parent, c, cl);
	t = report_table(parent, "paths", "Paths");
	report_node_flags(t, REPORT_TEXT_GAP);
	report_col(t, "path", "path", REPORT_TEXT, NULL);
	report_col(t, "prefix", "prefix", REPORT_TEXT, NULL);
	report_col(t, "neighbor", "neighbor", REPORT_ADDR, NULL);
	report_col(t, "interface", "interface", REPORT_TEXT, NULL);
	report_col(t, "verdict", "verdict", REPORT_TEXT, NULL);
	report_col(t, "settings", "rows", REPORT_NODE, NULL);
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		const struct config_path_result *pr = &res->path[p];
		const char *v;

		if (!cl->path[p].present)
			continue;
		v = report_state_name(state_of(pr->worst));
		r = report_row(t);
		report_val_text(report_cell(r, 0),
		    az_path_name((enum az_path)p));
		report_val_text(report_cell(r, 1),
		    net_prefix_str(&cl->path[p].prefix, px));
		if (pr->nb != NULL)
			report_val_addr(report_cell(r, 2), &pr->nb->addr);
		report_val_text_or_null(report_cell(r, 3), pr->ifc != NULL ?
		    pr->ifc->name : "");
		report_val_text(report_cell(r, 4), v);
		report_row_textf(r, "%s path %s: %s", az_path_name(
		    (enum az_path)p), px, v);
		rt = report_val_table(report_cell(r, 5));
		report_node_flags(rt, REPORT_TEXT_HEADER);
		report_col(rt, "setting", "setting", REPORT_TEXT, "  %-18s");
		report_col(rt, "on-premises", "on_premises", REPORT_TEXT,
		    " %-40s");
		report_col(rt, "cloud", "cloud", REPORT_TEXT, " %-30s");
		report_col(rt, "verdict", "verdict", REPORT_TEXT, " %s");
		for (i = 0; i < pr->nrows; i++) {
			const struct config_row *cr = &pr->rows[i];

			rr = report_row(rt);
			report_val_text(report_cell(rr, 0), cr->setting);
			report_val_text(report_cell(rr, 1), cr->onprem);
			report_val_text(report_cell(rr, 2), cr->cloud);
			report_val_text(report_cell(rr, 3),
			    config_verdict_name(cr->verdict));
		}
	}
	n = report_findings(parent, "findings", "Findings", fl);
	report_node_flags(n, REPORT_TEXT_GAP);
}
