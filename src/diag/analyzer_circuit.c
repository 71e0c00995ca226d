/*
 * analyzer_circuit: the circuit stage behind the analyzer interface.  The
 * folder's circuit export, its per-path ARP tables, route tables and
 * summaries and the traffic stats are loaded with azure/az_circuit.h and
 * judged by diag_circuit() unchanged; a peering export on its own gives
 * facts only.  Facts learned: the circuit (name, resource group, service
 * key, peering location, provider), per path the peer pair of the /30
 * with the ASNs and VLAN, and the sessions the summaries show.
 */
#include <stdlib.h>
#include <string.h>

#include "azure/az_circuit.h"
#include "diag/analyzer.h"
#include "diag/diag_azure.h"
#include "diag/diag_circuit.h"

#define NAME	"circuit"

struct ckt_loaded {
	struct az_circuit	 circuit;
	bool			 have_circuit;
	struct az_arp_table	 arp[AZ_PATH_COUNT];
	struct az_er_routes	 routes[AZ_PATH_COUNT];
	struct az_er_summary	 summary[AZ_PATH_COUNT];
	struct az_er_stats	 stats;
	const struct evidence_item *arp_it[AZ_PATH_COUNT];
	const struct evidence_item *routes_it[AZ_PATH_COUNT];
	const struct evidence_item *summary_it[AZ_PATH_COUNT];
	const struct evidence_item *stats_it;
	const struct evidence_item *circuit_it;
};

/* A string member of the resource (flattened, ARM or PowerShell), or of
 * serviceProviderProperties, escaped into out. */
static void
member_str(const json_t *res, const char *key, char *out, size_t len)
{
	json_t *v = az_member(res, key, NULL, NULL), *spp;

	if (v == NULL && (spp = az_member(res, "serviceProviderProperties",
	    NULL, NULL)) != NULL && json_is_object(spp))
		v = az_member(spp, key, NULL, NULL);
	if (json_is_string(v))
		str_escape_into(out, len, json_string_value(v),
		    json_string_length(v));
}

static void
circuit_facts(struct diag_facts *f, const struct az_circuit *c,
    const struct evidence_item *it, const char *peering)
{
	struct az_node res;
	struct err e;
	size_t i;
	int p;

	f->circuit.known = true;
	str_copy(f->circuit.name, c->name, sizeof(f->circuit.name));
	str_copy(f->circuit.resource_group, c->resource_group,
	    sizeof(f->circuit.resource_group));
	str_copy(f->circuit.provider, c->provider, sizeof(f->circuit.provider));
	str_copy(f->circuit.input, it->rel, sizeof(f->circuit.input));
	err_clear(&e);
	if (az_resource(it->doc, &res, &e) == 0 && json_is_object(res.v)) {
		member_str(res.v, "serviceKey", f->circuit.service_key,
		    sizeof(f->circuit.service_key));
		member_str(res.v, "peeringLocation", f->circuit.location,
		    sizeof(f->circuit.location));
	}
	for (i = 0; i < c->npeerings; i++) {
		const struct az_peering *pe = &c->peerings[i];

		if (str_casecmp(pe->name, peering) != 0)
			continue;
		for (p = 0; p < AZ_PATH_COUNT; p++) {
			struct fact_peer fp;

			if (!pe->pfx_ok[p])
				continue;
			memset(&fp, 0, sizeof(fp));
			if (az_peer_addrs(&pe->pfx[p], &fp.local, &fp.peer) ==
			    -1)
				continue;
			fp.local_as = pe->peer_asn > 0 ? (uint32_t)pe->peer_asn :
			    0;
			fp.peer_as = pe->azure_asn > 0 ?
			    (uint32_t)pe->azure_asn : 0;
			fp.vlan = pe->vlan > 0 && pe->vlan <= 4094 ?
			    (uint16_t)pe->vlan : 0;
			fp.path = p == AZ_PATH_PRIMARY ? PATH_PRIMARY :
			    PATH_SECONDARY;
			fp.source = NAME;
			str_copy(fp.input, it->rel, sizeof(fp.input));
			str_copy(fp.where, pe->fields_ptr, sizeof(fp.where));
			facts_add_peer(f, &fp);
		}
	}
}

/* A peering export alone: its prefixes, ASNs and VLAN. */
static void
peering_facts(struct diag_facts *f, const struct evidence_item *it)
{
	struct az_node res;
	struct err e;
	const char *keys[AZ_PATH_COUNT] = { "primaryPeerAddressPrefix",
	    "secondaryPeerAddressPrefix" };
	json_t *v;
	int p;

	err_clear(&e);
	if (az_resource(it->doc, &res, &e) == -1 || !json_is_object(res.v))
		return;
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		struct fact_peer fp;
		struct net_prefix pfx;

		v = az_member(res.v, keys[p], NULL, NULL);
		if (!json_is_string(v) ||
		    net_prefix_parse(json_string_value(v), &pfx, NULL) == -1)
			continue;
		memset(&fp, 0, sizeof(fp));
		if (az_peer_addrs(&pfx, &fp.local, &fp.peer) == -1)
			continue;
		v = az_member(res.v, "peerASN", NULL, NULL);
		if (json_is_integer(v) && json_integer_value(v) > 0 &&
		    json_integer_value(v) <= (json_int_t)UINT32_MAX)
			fp.local_as = (uint32_t)json_integer_value(v);
		v = az_member(res.v, "azureASN", NULL, NULL);
		if (json_is_integer(v) && json_integer_value(v) > 0 &&
		    json_integer_value(v) <= (json_int_t)UINT32_MAX)
			fp.peer_as = (uint32_t)json_integer_value(v);
		v = az_member(res.v, "vlanId", NULL, NULL);
		if (json_is_integer(v) && json_integer_value(v) > 0 &&
		    json_integer_value(v) <= 4094)
			fp.vlan = (uint16_t)json_integer_value(v);
		fp.path = p == AZ_PATH_PRIMARY ? PATH_PRIMARY : PATH_SECONDARY;
		fp.source = NAME;
		str_copy(fp.input, it->rel, sizeof(fp.input));
		str_copy(fp.where, res.ptr, sizeof(fp.where));
		facts_add_peer(f, &fp);
	}
}

/* The customer session each summary shows (gateway rows left out). */
static void
summary_facts(struct diag_facts *f, const struct az_er_summary *s,
    const struct evidence_item *it, enum path_role path)
{
	size_t i, k;

	for (i = 0; i < s->n; i++) {
		const struct az_er_summary_row *r = &s->v[i];
		struct fact_session fs;

		if (az_asn_is_gateway(r->as) || r->neighbor.family == 0)
			continue;
		memset(&fs, 0, sizeof(fs));
		fs.local = r->neighbor;		/* the customer edge */
		fs.local_as = r->as > 0 ? (uint32_t)r->as : 0;
		for (k = 0; k < f->npeers; k++)
			if (net_addr_eq(&f->peers[k].local, &r->neighbor)) {
				fs.peer = f->peers[k].peer;
				fs.peer_as = f->peers[k].peer_as;
			}
		fs.established = r->established;
		str_copy(fs.state, r->established ? "Established" : r->state,
		    sizeof(fs.state));
		fs.path = path;
		fs.source = NAME;
		str_copy(fs.input, it->rel, sizeof(fs.input));
		facts_add_session(f, &fs);
	}
}

static void
path_unknown(struct finding_list *out, struct evidence_item *it)
{
	struct finding *f;

	f = finding_add(out, FC_EVIDENCE_PATH_UNKNOWN, "%s: %s of unknown "
	    "path (primary or secondary): not used", it->rel,
	    evidence_type_name(it->type));
	finding_ev_note(f, it->rel, "no --path in a commands line, no "
	    "context.json \"files\" entry, no path in the name");
	finding_subj_object(f, evidence_type_name(it->type), it->rel);
	str_copy(it->reason, "path unknown: not used", sizeof(it->reason));
}

/* Load it into the per-path slot its path names; a slot already taken
 * keeps the first file (the folder's sorted order). */
static int
load_table(struct ckt_loaded *l, struct evidence_item *it,
    struct finding_list *out, struct err *e)
{
	const struct evidence_item **slot;
	struct err le;
	int p, rc;

	if (it->role == PATH_UNKNOWN) {
		path_unknown(out, it);
		return 0;
	}
	p = it->role == PATH_PRIMARY ? AZ_PATH_PRIMARY : AZ_PATH_SECONDARY;
	slot = it->type == EVT_ARP_TABLE ? &l->arp_it[p] :
	    it->type == EVT_ER_ROUTE_TABLE ? &l->routes_it[p] :
	    &l->summary_it[p];
	if (*slot != NULL) {
		snprintf(it->reason, sizeof(it->reason), "%s %s again (%.80s "
		    "used)", az_path_name((enum az_path)p),
		    evidence_type_name(it->type), (*slot)->rel);
		it->analyzer = NAME;
		return 0;
	}
	err_clear(&le);
	if (it->type == EVT_ARP_TABLE)
		rc = az_arp_load(&l->arp[p], it->doc, &le);
	else if (it->type == EVT_ER_ROUTE_TABLE)
		rc = az_er_routes_load(&l->routes[p], it->doc, &le);
	else
		rc = az_er_summary_load(&l->summary[p], it->doc, &le);
	if (rc == -1) {
		if (le.code == ERR_NOMEM) {
			*e = le;
			return -1;
		}
		snprintf(it->reason, sizeof(it->reason), "not loaded: %.120s",
		    le.msg);
		return 0;
	}
	*slot = it;
	it->analyzer = NAME;
	return 0;
}

static int
circuit_run(const struct analyzer_input *in, struct analyzer_output *out,
    struct err *e)
{
	struct evidence_set *set = in->ev;
	struct diag_circuit_input ci;
	struct diag_circuit_result *res = NULL;
	struct ckt_loaded *l;
	const char *peering = in->ctx->peering[0] != '\0' ? in->ctx->peering :
	    "AzurePrivatePeering";
	struct err le;
	size_t i;
	int p, rc = 0;

	if ((l = erw_calloc(1, sizeof(*l))) == NULL ||
	    (res = erw_calloc(1, sizeof(*res))) == NULL) {
		free(l);
		return ERR(e, ERR_NOMEM, "cannot run the circuit analyzer");
	}
	for (i = 0; i < set->n && rc == 0; i++) {
		struct evidence_item *it = &set->v[i];

		switch (it->type) {
		case EVT_CIRCUIT:
			if (l->have_circuit) {
				snprintf(it->reason, sizeof(it->reason),
				    "another circuit (%.80s used)",
				    l->circuit_it->rel);
				it->analyzer = NAME;
				break;
			}
			err_clear(&le);
			if (az_circuit_load(&l->circuit, it->doc, &le) == -1) {
				snprintf(it->reason, sizeof(it->reason),
				    "not loaded: %.120s", le.msg);
				break;
			}
			l->have_circuit = true;
			l->circuit_it = it;
			it->analyzer = NAME;
			circuit_facts(out->facts, &l->circuit, it, peering);
			break;
		case EVT_PEERING:
			peering_facts(out->facts, it);
			it->analyzer = NAME;
			break;
		case EVT_ARP_TABLE:
		case EVT_ER_ROUTE_TABLE:
		case EVT_ER_ROUTE_SUMMARY:
			rc = load_table(l, it, out->findings, e);
			break;
		case EVT_ER_STATS:
			if (l->stats_it != NULL)
				break;
			err_clear(&le);
			if (az_er_stats_load(&l->stats, it->doc, &le) == -1) {
				snprintf(it->reason, sizeof(it->reason),
				    "not loaded: %.120s", le.msg);
				break;
			}
			l->stats_it = it;
			it->analyzer = NAME;
			break;
		default:
			break;
		}
	}
	if (rc == -1)
		goto out;
	memset(&ci, 0, sizeof(ci));
	ci.peering = peering;
	ci.circuit = l->have_circuit ? &l->circuit : NULL;
	ci.stats = l->stats_it != NULL ? &l->stats : NULL;
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		ci.arp[p] = l->arp_it[p] != NULL ? &l->arp[p] : NULL;
		ci.routes[p] = l->routes_it[p] != NULL ? &l->routes[p] : NULL;
		ci.summary[p] = l->summary_it[p] != NULL ? &l->summary[p] :
		    NULL;
	}
	/* a circuit stage with only a peering export judges nothing */
	if (ci.circuit != NULL || ci.stats != NULL ||
	    l->arp_it[0] || l->arp_it[1] || l->routes_it[0] ||
	    l->routes_it[1] || l->summary_it[0] || l->summary_it[1])
		diag_circuit(&ci, res, out->findings);
	diag_az_notes(out->findings, ci.circuit != NULL ? &l->circuit.notes :
	    NULL);
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		enum path_role pr = p == AZ_PATH_PRIMARY ? PATH_PRIMARY :
		    PATH_SECONDARY;

		diag_az_notes(out->findings, ci.arp[p] != NULL ?
		    &l->arp[p].notes : NULL);
		diag_az_notes(out->findings, ci.routes[p] != NULL ?
		    &l->routes[p].notes : NULL);
		diag_az_notes(out->findings, ci.summary[p] != NULL ?
		    &l->summary[p].notes : NULL);
		if (ci.summary[p] != NULL)
			summary_facts(out->facts, &l->summary[p],
			    l->summary_it[p], pr);
	}
	diag_az_notes(out->findings, ci.stats != NULL ? &l->stats.notes : NULL);
out:
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		az_arp_release(&l->arp[p]);
		az_er_routes_release(&l->routes[p]);
		az_er_summary_release(&l->summary[p]);
	}
	free(res);
	free(l);
	return rc;
}

const struct analyzer analyzer_circuit = {
	.name = NAME,
	.stage = STAGE_CIRCUIT,
	.takes = EVT_BIT(EVT_CIRCUIT) | EVT_BIT(EVT_PEERING) |
	    EVT_BIT(EVT_ARP_TABLE) | EVT_BIT(EVT_ER_ROUTE_TABLE) |
	    EVT_BIT(EVT_ER_ROUTE_SUMMARY) | EVT_BIT(EVT_ER_STATS),
	.run = circuit_run,
};
