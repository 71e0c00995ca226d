/*
 * The report document of `erwatch circuit`: the circuit and peering as
 * exported, the files used, and per path the layered verdict
 * diag_circuit() reached (L2 -> BGP -> routes), then the findings, under
 * the keys of docs/json-output.md ("erwatch circuit"); report_doc renders
 * it as text, JSON and HTML.  The peering's MD5 key is never in the
 * model, only whether one is set.
 */
#include <stdio.h>

#include "report.h"
#include "report_circuit.h"

static enum report_state
layer_state(enum diag_layer_state s)
{
	switch (s) {
	case DIAG_LAYER_OK:
		return REPORT_ST_OK;
	case DIAG_LAYER_FAILED:
		return REPORT_ST_FAULT;
	case DIAG_LAYER_SKIPPED:
		return REPORT_ST_UNKNOWN;	/* evidence read, not judged */
	default:
		return REPORT_ST_MISSING;
	}
}

static void
circuit_doc(struct report_node *parent, const struct az_circuit *c)
{
	struct report_node *s, *f;

	s = report_section(parent, "circuit", "Circuit");
	if (c == NULL) {
		report_node_flags(s, REPORT_JSON_NULL);
		report_node_textf(s, "circuit: (no circuit export)");
		return;
	}
	f = report_fields(s, NULL);
	report_val_text(report_field(f, "name", "name"), c->name);
	report_val_text(report_field(f, "file", "file"), c->input);
	report_val_text(report_field(f, "circuit provisioning",
	    "circuitProvisioningState"), c->circuit_state);
	report_val_text(report_field(f, "provider provisioning",
	    "serviceProviderProvisioningState"), c->provider_state);
	report_val_text(report_field(f, "SKU tier", "skuTier"), c->sku_tier);
	report_val_text(report_field(f, "provider", "provider"), c->provider);
	report_node_textf(f, "circuit %s (%s, %s): %s / %s", c->name,
	    c->provider[0] ? c->provider : "?",
	    c->sku_tier[0] ? c->sku_tier : "?", c->circuit_state,
	    c->provider_state);
}

static void
peering_doc(struct report_node *parent, const struct az_peering *pe,
    const struct diag_circuit_result *res)
{
	struct report_node *f;
	char line[256];

	f = report_fields(report_section(parent, "peering", "Peering"), NULL);
	report_val_text(report_field(f, "name", "name"), res->peering);
	if (pe != NULL) {
		report_val_text(report_field(f, "state", "state"), pe->state);
		report_val_int_or_null(report_field(f, "peer AS", "peerASN"),
		    pe->peer_asn);
		report_val_int_or_null(report_field(f, "Azure AS",
		    "azureASN"), pe->azure_asn);
		report_val_int_or_null(report_field(f, "VLAN", "vlanId"),
		    pe->vlan);
		report_val_text(report_field(f, "primary /30",
		    "primaryPeerAddressPrefix"), pe->pfx_text[0]);
		report_val_text(report_field(f, "secondary /30",
		    "secondaryPeerAddressPrefix"), pe->pfx_text[1]);
		report_val_bool(report_field(f, "MD5 key set", "md5KeySet"),
		    pe->md5_set);
		snprintf(line, sizeof(line), ": %s, VLAN %lld, peer AS %lld, "
		    "Azure AS %lld", pe->state, (long long)pe->vlan,
		    (long long)pe->peer_asn, (long long)pe->azure_asn);
	} else
		line[0] = '\0';
	report_val_int(report_field(f, "prefix limit", "prefixLimit"),
	    (int64_t)res->prefix_limit);
	report_node_textf(f, "peering %s%s, prefix limit %lld", res->peering,
	    line, (long long)res->prefix_limit);
}

static void
inputs_doc(struct report_node *parent, const struct report_circuit *rc)
{
	struct report_node *t;
	struct report_row *r;
	size_t i;

	/* JSON and HTML only: text names the files in the findings */
	t = report_table(parent, "inputs", "Inputs");
	report_col(t, "file", "file", REPORT_TEXT, NULL);
	report_col(t, "role", "role", REPORT_TEXT, NULL);
	report_col(t, "from", "from", REPORT_TEXT, NULL);
	report_col(t, "loaded", "loaded", REPORT_BOOL, NULL);
	for (i = 0; i < rc->ninputs; i++) {
		r = report_row(t);
		report_val_text(report_cell(r, 0), rc->inputs[i].file);
		report_val_text(report_cell(r, 1), rc->inputs[i].role);
		report_val_text(report_cell(r, 2), rc->inputs[i].from);
		report_val_bool(report_cell(r, 3), rc->inputs[i].loaded);
	}
}

static void
path_doc(struct report_node *parent, enum az_path p,
    const struct az_peering *pe, const struct diag_circuit_path *x)
{
	struct report_node *s, *f, *ly, *lf;
	struct report_val *v;
	char title[64], pfx[80];

	snprintf(title, sizeof(title), "%s path", az_path_name(p));
	s = report_section(parent, az_path_name(p), title);
	f = report_fields(s, NULL);
	report_val_text(report_field(f, "ARP", "arp"), x->arp);
	report_val_text(report_field(f, "BGP", "bgp"), x->bgp_state);
	report_val_int_or_null(report_field(f, "prefixes received",
	    "prefixesReceived"), x->prefixes);
	report_val_int_or_null(report_field(f, "on-premises prefixes",
	    "onpremPrefixes"), x->onprem_routes);
	report_val_int_or_null(report_field(f, "route table rows",
	    "routeTableRows"), x->route_rows);
	v = report_field(f, "up", "up");
	if (x->up < 0)
		report_val_null(v);
	else
		report_val_bool(v, x->up == 1);
	lf = report_fields(report_val_section(report_field(f, NULL,
	    "layers")), NULL);
	report_val_text(report_field(lf, "L2", "l2"),
	    diag_layer_state_name(x->l2));
	report_val_text(report_field(lf, "BGP", "bgp"),
	    diag_layer_state_name(x->bgp));
	report_val_text(report_field(lf, "routes", "routes"),
	    diag_layer_state_name(x->routes));
	report_val_text(report_field(f, "verdict", "verdict"),
	    diag_circuit_verdict(x));
	report_val_bool(report_field(f, "healthy", "healthy"), x->healthy);
	pfx[0] = '\0';
	if (pe != NULL && pe->pfx_text[p][0] != '\0')
		snprintf(pfx, sizeof(pfx), " (%s)", pe->pfx_text[p]);
	report_node_flags(f, REPORT_TEXT_GAP);
	report_node_textf(f, "%s path%s: %s\n  1 %s\n  2 %s\n  3 %s",
	    az_path_name(p), pfx, diag_circuit_verdict(x), x->l2_text,
	    x->bgp_text, x->routes_text);
	/* the layered verdict as a checklist, for the page */
	ly = report_layers(s, NULL, "Layers");
	report_node_flags(ly, REPORT_NO_TEXT);
	report_layer_add(ly, "L2", layer_state(x->l2), x->l2_text);
	report_layer_add(ly, "BGP", layer_state(x->bgp), x->bgp_text);
	report_layer_add(ly, "routes", layer_state(x->routes),
	    x->routes_text);
}

void
report_circuit_build(struct report_node *parent,
    const struct report_circuit *rc, const struct diag_circuit_result *res,
    const struct finding_list *fl)
{
	const struct az_peering *pe = NULL;
	struct report_node *n, *paths;
	size_t i;
	int p;

	n = report_verdict(parent, NULL, report_state_of(fl), "primary %s, "
	    "secondary %s, %zu finding(s)",
	    diag_circuit_verdict(&res->path[AZ_PATH_PRIMARY]),
	    diag_circuit_verdict(&res->path[AZ_PATH_SECONDARY]), fl->n);
	report_node_flags(n, REPORT_NO_TEXT);
	circuit_doc(parent, rc->circuit);
	if (rc->circuit != NULL)
		pe = az_circuit_peering(rc->circuit, rc->peering);
	peering_doc(parent, pe, res);
	inputs_doc(parent, rc);
	n = report_list(parent, "notes", "Notes", "note: ");
	for (i = 0; i < rc->nnotes; i++)
		report_list_addf(n, "%s", rc->notes[i]);
	paths = report_section(parent, "paths", "Paths");
	for (p = 0; p < AZ_PATH_COUNT; p++)
		path_doc(paths, (enum az_path)p, pe, &res->path[p]);
	n = report_findings(parent, "findings", "Findings", fl);
	report_node_flags(n, REPORT_TEXT_GAP);
}

json_t *
report_circuit_json(const struct report_circuit *rc,
    const struct diag_circuit_result *res, const struct finding_list *fl)
{
	struct report_doc *doc;
	json_t *root;

	if ((doc = report_doc_new("erwatch circuit")) == NULL)
		return NULL;
	report_circuit_build(report_doc_root(doc), rc, res, fl);
	root = report_doc_json(doc);
	report_doc_free(doc);
	return root;
}
