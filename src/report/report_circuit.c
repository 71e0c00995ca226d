/*
 * Text and JSON rendering of `erwatch circuit` results: the circuit and
 * peering as exported, the files used, and per path the layered verdict
 * diag_circuit() reached (L2 -> BGP -> routes), then the findings.
 */
#include <stdio.h>

#include "report.h"
#include "report_circuit.h"

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

static json_t *
jint_or_null(int64_t v)
{
	return v >= 0 ? json_integer((json_int_t)v) : json_null();
}

static json_t *
circuit_json(const struct az_circuit *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(c->name));
	json_object_set_new(o, "file", json_string(c->input));
	json_object_set_new(o, "circuitProvisioningState",
	    json_string(c->circuit_state));
	json_object_set_new(o, "serviceProviderProvisioningState",
	    json_string(c->provider_state));
	json_object_set_new(o, "skuTier", json_string(c->sku_tier));
	json_object_set_new(o, "provider", json_string(c->provider));
	return o;
}

static json_t *
peering_json(const struct az_peering *pe,
    const struct diag_circuit_result *res)
{
	json_t *j = json_object();

	json_object_set_new(j, "name", json_string(res->peering));
	if (pe != NULL) {
		json_object_set_new(j, "state", json_string(pe->state));
		json_object_set_new(j, "peerASN", jint_or_null(pe->peer_asn));
		json_object_set_new(j, "azureASN",
		    jint_or_null(pe->azure_asn));
		json_object_set_new(j, "vlanId", jint_or_null(pe->vlan));
		json_object_set_new(j, "primaryPeerAddressPrefix",
		    json_string(pe->pfx_text[0]));
		json_object_set_new(j, "secondaryPeerAddressPrefix",
		    json_string(pe->pfx_text[1]));
		json_object_set_new(j, "md5KeySet", json_boolean(pe->md5_set));
	}
	json_object_set_new(j, "prefixLimit",
	    json_integer((json_int_t)res->prefix_limit));
	return j;
}

static json_t *
path_json(const struct diag_circuit_path *x)
{
	json_t *j = json_object();

	json_object_set_new(j, "arp", json_string(x->arp));
	json_object_set_new(j, "bgp", json_string(x->bgp_state));
	json_object_set_new(j, "prefixesReceived", jint_or_null(x->prefixes));
	json_object_set_new(j, "onpremPrefixes",
	    jint_or_null(x->onprem_routes));
	json_object_set_new(j, "routeTableRows", jint_or_null(x->route_rows));
	json_object_set_new(j, "up", x->up < 0 ? json_null() :
	    json_boolean(x->up == 1));
	json_object_set_new(j, "layers", json_pack("{s:s,s:s,s:s}",
	    "l2", diag_layer_state_name(x->l2),
	    "bgp", diag_layer_state_name(x->bgp),
	    "routes", diag_layer_state_name(x->routes)));
	json_object_set_new(j, "verdict",
	    json_string(diag_circuit_verdict(x)));
	json_object_set_new(j, "healthy", json_boolean(x->healthy));
	return j;
}

json_t *
report_circuit_json(const struct report_circuit *rc,
    const struct diag_circuit_result *res, const struct finding_list *fl)
{
	uint64_t f0 = erw_alloc_failures();
	json_t *root, *inputs, *notes, *paths;
	const struct az_peering *pe = NULL;
	size_t i;
	int p;

	if ((root = json_object()) == NULL)
		return NULL;
	inputs = json_array();
	notes = json_array();
	paths = json_object();
	if (rc->circuit != NULL) {
		json_object_set_new(root, "circuit", circuit_json(rc->circuit));
		pe = az_circuit_peering(rc->circuit, rc->peering);
	} else
		json_object_set_new(root, "circuit", json_null());
	json_object_set_new(root, "peering", peering_json(pe, res));
	for (i = 0; i < rc->ninputs; i++) {
		const struct report_circuit_input *x = &rc->inputs[i];
		json_t *in = json_object();

		json_object_set_new(in, "file", json_string(x->file));
		json_object_set_new(in, "role", json_string(x->role));
		json_object_set_new(in, "from", json_string(x->from));
		json_object_set_new(in, "loaded", json_boolean(x->loaded));
		json_array_append_new(inputs, in);
	}
	json_object_set_new(root, "inputs", inputs);
	for (i = 0; i < rc->nnotes; i++)
		json_array_append_new(notes, json_string(rc->notes[i]));
	json_object_set_new(root, "notes", notes);
	for (p = 0; p < AZ_PATH_COUNT; p++)
		json_object_set_new(paths, az_path_name((enum az_path)p),
		    path_json(&res->path[p]));
	json_object_set_new(root, "paths", paths);
	json_object_set_new(root, "findings", report_findings_json(fl, 0));
	return report_json_done(root, f0);
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

void
report_circuit_text(FILE *fp, const struct report_circuit *rc,
    const struct diag_circuit_result *res, const struct finding_list *fl,
    unsigned text_flags)
{
	const struct az_circuit *c = rc->circuit;
	const struct az_peering *pe = NULL;
	size_t i;
	int p;

	if (c != NULL) {
		fprintf(fp, "circuit %s (%s, %s): %s / %s\n", c->name,
		    c->provider[0] ? c->provider : "?",
		    c->sku_tier[0] ? c->sku_tier : "?",
		    c->circuit_state, c->provider_state);
		pe = az_circuit_peering(c, rc->peering);
	} else
		fprintf(fp, "circuit: (no circuit export)\n");
	fprintf(fp, "peering %s", res->peering);
	if (pe != NULL)
		fprintf(fp, ": %s, VLAN %lld, peer AS %lld, Azure AS %lld",
		    pe->state, (long long)pe->vlan, (long long)pe->peer_asn,
		    (long long)pe->azure_asn);
	fprintf(fp, ", prefix limit %lld\n", (long long)res->prefix_limit);
	for (i = 0; i < rc->nnotes; i++)
		fprintf(fp, "note: %s\n", rc->notes[i]);
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		const struct diag_circuit_path *x = &res->path[p];

		fprintf(fp, "\n%s path", az_path_name((enum az_path)p));
		if (pe != NULL && pe->pfx_text[p][0] != '\0')
			fprintf(fp, " (%s)", pe->pfx_text[p]);
		fprintf(fp, ": %s\n", diag_circuit_verdict(x));
		fprintf(fp, "  1 %s\n", x->l2_text);
		fprintf(fp, "  2 %s\n", x->bgp_text);
		fprintf(fp, "  3 %s\n", x->routes_text);
	}
	if (fl->n > 0) {
		fprintf(fp, "\n");
		report_all_findings_text(fp, fl, text_flags, 0);
	}
}
