/*
 * ExpressRoute circuit checks (contract in diag_circuit.h).  The rules
 * come from azure-formats.md 6.3 and Microsoft's ExpressRoute
 * troubleshooting guides: the circuit must be Enabled and Provisioned;
 * each path has its own /30 where the customer uses the first usable
 * address and Microsoft the second; a healthy ARP table has an On-Prem and
 * a Microsoft entry with MACs; BGP is up when the summary shows a prefix
 * count for the customer neighbor (picked by address and AS, never by
 * row position: the VNet gateway's AS 65515 rows sit beside it); private
 * peering accepts 4,000 prefixes (10,000 Premium), Microsoft peering 200.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag_circuit.h"

#define PREFIX_LIMIT_STANDARD	4000
#define PREFIX_LIMIT_PREMIUM	10000
#define PREFIX_LIMIT_MICROSOFT	200
#define PREFIX_WARN_PCT		80

struct ctx {
	const struct diag_circuit_input	*in;
	struct diag_circuit_result	*res;
	struct finding_list		*out;
	const struct az_peering		*pe;
	const char			*peering;
	const char			*rg;
	const char			*cname;
	bool				 have_ips[AZ_PATH_COUNT];
	struct net_addr			 cust[AZ_PATH_COUNT];
	struct net_addr			 ms[AZ_PATH_COUNT];
	bool				 problem[AZ_PATH_COUNT];
	bool				 asn_reported[AZ_PATH_COUNT];
	/* What the findings are about (diag.h): the circuit, its peering,
	 * and each path of the peering with its /30 once known. */
	struct finding_subject		 subj_circuit;
	struct finding_subject		 subj_peering;
	struct finding_subject		 subj[AZ_PATH_COUNT];
};

/* Field names differ between az (camelCase) and PowerShell (PascalCase). */
static bool
is_ps(const char *list_ptr)
{
	return strncmp(list_ptr, "/value", 6) != 0;
}

static void
ev_field(struct finding *f, const char *input, const char *list_ptr,
    const char *row_ptr, const char *az_key, const char *ps_key)
{
	char p[160];

	if (f == NULL)
		return;
	snprintf(p, sizeof(p), "%s/%s", row_ptr, is_ps(list_ptr) ? ps_key :
	    az_key);
	finding_ev_json(f, input, p);
}

/* Evidence for a whole table: its row list, or a note for an empty file. */
static void
ev_table(struct finding *f, const char *input, const char *list_ptr)
{
	if (f == NULL)
		return;
	if (strcmp(list_ptr, "(empty file)") == 0)
		finding_ev_note(f, input, "empty file (nothing was exported)");
	else
		finding_ev_json(f, input, list_ptr[0] ? list_ptr : "");
}

static void
ev_circuit(struct finding *f, const struct ctx *c, const char *ptr)
{
	if (f != NULL && c->in->circuit != NULL)
		finding_ev_json(f, c->in->circuit->input, ptr);
}

static void
ev_peering(struct finding *f, const struct ctx *c, const char *key)
{
	char p[160];

	if (f == NULL || c->pe == NULL)
		return;
	snprintf(p, sizeof(p), "%s/%s", c->pe->fields_ptr, key);
	ev_circuit(f, c, p);
}

/* Evidence: a member of the circuit resource (sku: never under
 * properties), wherever the envelope put the resource. */
static void
ev_circuit_at(struct finding *f, const struct ctx *c, const char *key)
{
	char p[160];

	if (f == NULL || c->in->circuit == NULL)
		return;
	snprintf(p, sizeof(p), "%s/%s", c->in->circuit->res_ptr, key);
	ev_circuit(f, c, p);
}

/* Evidence: a field of the circuit itself, wherever its shape keeps it. */
static void
ev_circuit_field(struct finding *f, const struct ctx *c, const char *key)
{
	char p[160];

	if (f == NULL || c->in->circuit == NULL)
		return;
	snprintf(p, sizeof(p), "%s/%s", c->in->circuit->ptr, key);
	ev_circuit(f, c, p);
}

static struct finding *
path_finding(struct ctx *c, enum az_path p, struct finding *f)
{
	if (f == NULL)
		return NULL;
	finding_set_group(f, az_path_name(p));
	finding_set_subject(f, &c->subj[p]);
	if (f->sev >= SEV_WARNING)
		c->problem[p] = true;
	return f;
}

static void
missing(struct ctx *c, enum az_path p, const char *what,
    const char *evidence, const char *verb)
{
	struct finding *f;

	f = finding_add(c->out, FC_EVIDENCE_MISSING, "%s path %s not checked: "
	    "no %s given", az_path_name(p), what, evidence);
	if (f == NULL)
		return;
	finding_set_group(f, az_path_name(p));
	finding_set_subject(f, &c->subj[p]);
	finding_ev_note(f, NULL, "az network express-route %s -g %s -n %s "
	    "--peering-name %s --path %s", verb, c->rg, c->cname, c->peering,
	    az_path_name(p));
}

/* ------------------------------------------------------------------ */
/* Subjects                                                            */
/* ------------------------------------------------------------------ */

/*
 * The subjects every finding of this file carries, from the circuit
 * export alone: the circuit by name; its peering named as ARM names a
 * child resource ("circuit/AzurePrivatePeering"), with the customer's
 * peerASN as the local AS, the Azure AS and the VLAN; each path the
 * peering's subject with its role.  The /30 addresses join the paths in
 * check_prefixes(), or come from the path's own tables when the circuit
 * export is missing (subj_from_arp(), subj_from_row()).
 */
static void
subjects_init(struct ctx *c)
{
	const struct az_circuit *ckt = c->in->circuit;
	const struct az_peering *pe = c->pe;
	struct finding_subject *cs = &c->subj_circuit, *ps = &c->subj_peering;
	char name[sizeof(ckt->name) + sizeof(pe->name) + 2];
	const char *pname = pe != NULL && pe->name[0] ? pe->name : c->peering;
	int p;

	if (ckt != NULL && ckt->name[0] != '\0') {
		str_copy(cs->object_kind, "circuit", sizeof(cs->object_kind));
		str_copy(cs->object, ckt->name, sizeof(cs->object));
		snprintf(name, sizeof(name), "%s/%s", ckt->name, pname);
	} else
		str_copy(name, pname, sizeof(name));
	str_copy(ps->object_kind, "peering", sizeof(ps->object_kind));
	str_copy(ps->object, name, sizeof(ps->object));
	if (pe != NULL) {
		/* peerASN is the customer's, azureASN Microsoft's */
		if (pe->peer_asn > 0 && pe->peer_asn <= UINT32_MAX)
			ps->local_as = (uint32_t)pe->peer_asn;
		if (pe->azure_asn > 0 && pe->azure_asn <= UINT32_MAX)
			ps->peer_as = (uint32_t)pe->azure_asn;
		if (pe->vlan > 0 && pe->vlan <= 4094)
			ps->vlan = (uint16_t)pe->vlan;
	}
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		c->subj[p] = *ps;
		c->subj[p].path = p == AZ_PATH_PRIMARY ? PATH_PRIMARY :
		    PATH_SECONDARY;
	}
}

/* Without the peering's /30, the ARP table names both ends itself. */
static void
subj_from_arp(struct ctx *c, enum az_path p, const struct az_arp_entry *on,
    const struct az_arp_entry *ms)
{
	if (c->have_ips[p])
		return;
	if (on != NULL && on->ip.family != NET_AF_NONE &&
	    c->subj[p].local.family == NET_AF_NONE)
		c->subj[p].local = on->ip;
	if (ms != NULL && ms->ip.family != NET_AF_NONE &&
	    c->subj[p].peer.family == NET_AF_NONE)
		c->subj[p].peer = ms->ip;
}

/* ... and the summary's customer row its address and AS. */
static void
subj_from_row(struct ctx *c, enum az_path p,
    const struct az_er_summary_row *row)
{
	if (!c->have_ips[p] && row->neighbor.family != NET_AF_NONE &&
	    c->subj[p].local.family == NET_AF_NONE)
		c->subj[p].local = row->neighbor;
	if (c->subj[p].local_as == 0 && row->as > 0 && row->as <= UINT32_MAX)
		c->subj[p].local_as = (uint32_t)row->as;
}

/* ------------------------------------------------------------------ */
/* Circuit and peering                                                 */
/* ------------------------------------------------------------------ */

static void
check_prefixes(struct ctx *c)
{
	const struct az_peering *pe = c->pe;
	struct finding *f;
	int p;

	for (p = 0; p < AZ_PATH_COUNT; p++) {
		const char *key = p == AZ_PATH_PRIMARY ?
		    "primaryPeerAddressPrefix" : "secondaryPeerAddressPrefix";

		if (pe->pfx_text[p][0] == '\0') {
			f = finding_add(c->out, FC_CIRCUIT_PEER_IP_INVALID,
			    "%s: no %s peer address prefix configured",
			    pe->name, az_path_name((enum az_path)p));
			finding_set_subject(f, &c->subj[p]);
			ev_peering(f, c, pe->name[0] ? "name" : "");
			continue;
		}
		if (!pe->pfx_ok[p]) {
			f = finding_add(c->out, FC_CIRCUIT_PEER_IP_INVALID,
			    "%s: %s prefix '%s' is not an address prefix",
			    pe->name, az_path_name((enum az_path)p),
			    pe->pfx_text[p]);
			finding_set_subject(f, &c->subj[p]);
			ev_peering(f, c, key);
			continue;
		}
		if ((pe->pfx[p].addr.family == NET_AF_INET &&
		    pe->pfx[p].len != 30) ||
		    (pe->pfx[p].addr.family == NET_AF_INET6 &&
		    pe->pfx[p].len != 126)) {
			f = finding_add(c->out, FC_CIRCUIT_PEER_IP_INVALID,
			    "%s: %s prefix %s is a /%u, not a /%u", pe->name,
			    az_path_name((enum az_path)p), pe->pfx_text[p],
			    pe->pfx[p].len, pe->pfx[p].addr.family ==
			    NET_AF_INET ? 30 : 126);
			finding_set_subject(f, &c->subj[p]);
			ev_peering(f, c, key);
			continue;
		}
		c->have_ips[p] = az_peer_addrs(&pe->pfx[p], &c->cust[p],
		    &c->ms[p]) == 0;
		if (c->have_ips[p]) {
			/* the customer's router is this side of the /30 */
			c->subj[p].local = c->cust[p];
			c->subj[p].peer = c->ms[p];
		}
		if (pe->pfx_host_bits[p]) {
			f = finding_add(c->out, FC_CIRCUIT_PEER_IP_INVALID,
			    "%s: %s prefix %s is not a /30 network address",
			    pe->name, az_path_name((enum az_path)p),
			    pe->pfx_text[p]);
			finding_set_subject(f, &c->subj[p]);
			ev_peering(f, c, key);
		}
	}
	if (pe->pfx_ok[0] && pe->pfx_ok[1] &&
	    net_prefix_overlaps(&pe->pfx[0], &pe->pfx[1])) {
		if (pe->pfx[0].len == pe->pfx[1].len &&
		    net_addr_eq(&pe->pfx[0].addr, &pe->pfx[1].addr))
			f = finding_add(c->out, FC_CIRCUIT_PEER_IP_INVALID,
			    "%s: primary and secondary use the same prefix %s",
			    pe->name, pe->pfx_text[0]);
		else
			f = finding_add(c->out, FC_CIRCUIT_PEER_IP_INVALID,
			    "%s: primary %s and secondary %s overlap",
			    pe->name, pe->pfx_text[0], pe->pfx_text[1]);
		finding_set_subject(f, &c->subj_peering);
		ev_peering(f, c, "primaryPeerAddressPrefix");
		ev_peering(f, c, "secondaryPeerAddressPrefix");
	}
}

static void
check_circuit(struct ctx *c)
{
	const struct az_circuit *ckt = c->in->circuit;
	struct finding *f;

	if (ckt == NULL) {
		f = finding_add(c->out, FC_EVIDENCE_MISSING, "circuit and "
		    "peering state not checked: no circuit export given");
		finding_set_subject(f, &c->subj_peering);
		finding_ev_note(f, NULL, "az network express-route show -g %s "
		    "-n %s", c->rg, c->cname);
		return;
	}
	if (ckt->circuit_state[0] != '\0' &&
	    str_casecmp(ckt->circuit_state, "Enabled") != 0) {
		f = finding_add(c->out, FC_CIRCUIT_NOT_PROVISIONED, "circuit "
		    "%s: circuitProvisioningState is %s", ckt->name,
		    ckt->circuit_state);
		finding_set_subject(f, &c->subj_circuit);
		ev_circuit_field(f, c, "circuitProvisioningState");
	}
	if (ckt->provider_state[0] != '\0' &&
	    str_casecmp(ckt->provider_state, "Provisioned") != 0) {
		f = finding_add(c->out, FC_CIRCUIT_NOT_PROVISIONED, "circuit "
		    "%s: serviceProviderProvisioningState is %s (provider "
		    "%s)", ckt->name, ckt->provider_state,
		    ckt->provider[0] ? ckt->provider : "unknown");
		finding_set_subject(f, &c->subj_circuit);
		ev_circuit_field(f, c, "serviceProviderProvisioningState");
	}
	if (c->pe == NULL) {
		f = finding_add(c->out, FC_CIRCUIT_PEERING_DISABLED,
		    "peering %s is not configured on circuit %s", c->peering,
		    ckt->name);
		finding_set_subject(f, &c->subj_circuit);
		ev_circuit_field(f, c, "peerings");
		return;
	}
	if (c->pe->state[0] != '\0' &&
	    str_casecmp(c->pe->state, "Enabled") != 0) {
		f = finding_add(c->out, FC_CIRCUIT_PEERING_DISABLED,
		    "peering %s is %s", c->pe->name, c->pe->state);
		finding_set_subject(f, &c->subj_peering);
		ev_peering(f, c, "state");
	}
	if (c->pe->azure_asn >= 0 && c->pe->azure_asn != AZ_MICROSOFT_ASN) {
		f = finding_add(c->out, FC_CIRCUIT_AZURE_ASN_UNUSUAL,
		    "peering %s shows Azure AS %lld, not %d", c->pe->name,
		    (long long)c->pe->azure_asn, AZ_MICROSOFT_ASN);
		finding_set_subject(f, &c->subj_peering);
		ev_peering(f, c, "azureASN");
	}
	check_prefixes(c);
}

/* ------------------------------------------------------------------ */
/* Per path                                                            */
/* ------------------------------------------------------------------ */

static const struct az_er_summary_row *customer_row(const struct ctx *,
	    enum az_path, const struct az_er_summary *);
static void ev_state(struct finding *, const struct az_er_summary *,
	    const struct az_er_summary_row *);

/* The customer's BGP state beside an L2 finding: what L2 explains. */
static void
ev_bgp_consequence(struct finding *f, const struct ctx *c, enum az_path p)
{
	const struct az_er_summary *s = c->in->summary[p];
	const struct az_er_summary_row *row;

	if (f != NULL && s != NULL && (row = customer_row(c, p, s)) != NULL &&
	    !row->established)
		ev_state(f, s, row);
}

static bool
is_iface(const char *iface, const char *want)
{
	return str_casecmp(iface, want) == 0;
}

static void
check_l2(struct ctx *c, enum az_path p)
{
	const struct az_arp_table *t = c->in->arp[p];
	struct diag_circuit_path *r = &c->res->path[p];
	const struct az_arp_entry *onprem = NULL, *msft = NULL;
	struct finding *f;
	char b[NET_ADDR_STRLEN], pb[NET_PREFIX_STRLEN];
	size_t i;

	if (t == NULL) {
		r->l2 = DIAG_LAYER_UNKNOWN;
		str_copy(r->arp, "unknown", sizeof(r->arp));
		snprintf(r->l2_text, sizeof(r->l2_text), "L2 not checked: "
		    "no ARP table (az network express-route list-arp-tables "
		    "... --path %s)", az_path_name(p));
		missing(c, p, "ARP (L2)", "ARP table", "list-arp-tables");
		return;
	}
	if (t->n == 0) {
		r->l2 = DIAG_LAYER_FAILED;
		str_copy(r->arp, "empty", sizeof(r->arp));
		snprintf(r->l2_text, sizeof(r->l2_text), "L2 down: the ARP "
		    "table is empty (nothing answers on VLAN %lld)",
		    c->pe != NULL ? (long long)c->pe->vlan : -1LL);
		f = path_finding(c, p, finding_add(c->out, FC_ARP_TABLE_EMPTY,
		    "%s path ARP table is empty", az_path_name(p)));
		ev_table(f, t->input, t->list_ptr);
		ev_circuit_field(f, c, "serviceProviderProvisioningState");
		ev_peering(f, c, "vlanId");
		ev_bgp_consequence(f, c, p);
		return;
	}
	for (i = 0; i < t->n; i++) {
		const struct az_arp_entry *a = &t->v[i];
		bool is_on = is_iface(a->iface, "On-Prem") ||
		    (a->iface[0] == '\0' && c->have_ips[p] &&
		    net_addr_eq(&a->ip, &c->cust[p]));
		bool is_ms = is_iface(a->iface, "Microsoft") ||
		    (a->iface[0] == '\0' && c->have_ips[p] &&
		    net_addr_eq(&a->ip, &c->ms[p]));

		if (is_on && onprem == NULL)
			onprem = a;
		if (is_ms && msft == NULL)
			msft = a;
		if (!c->have_ips[p] || a->ip.family == 0)
			continue;
		net_prefix_str(&c->pe->pfx[p], pb);
		if (is_on && net_addr_eq(&a->ip, &c->ms[p])) {
			f = path_finding(c, p, finding_add(c->out,
			    FC_CIRCUIT_PEER_IP_INVALID, "%s: %s path ARP shows "
			    "on-premises on %s, the Microsoft (second) address "
			    "of %s", c->peering, az_path_name(p), a->ip_text,
			    pb));
			ev_field(f, t->input, t->list_ptr, a->ptr, "ipAddress",
			    "IpAddress");
			ev_peering(f, c, p == AZ_PATH_PRIMARY ?
			    "primaryPeerAddressPrefix" :
			    "secondaryPeerAddressPrefix");
		} else if (is_on && !net_prefix_contains(&c->pe->pfx[p],
		    &a->ip)) {
			f = path_finding(c, p, finding_add(c->out,
			    FC_CIRCUIT_PEER_IP_INVALID, "%s: %s path ARP shows "
			    "on-premises on %s, outside %s", c->peering,
			    az_path_name(p), a->ip_text, pb));
			ev_field(f, t->input, t->list_ptr, a->ptr, "ipAddress",
			    "IpAddress");
		}
	}
	subj_from_arp(c, p, onprem, msft);
	if (onprem == NULL) {
		r->l2 = DIAG_LAYER_FAILED;
		str_copy(r->arp, "missing-onprem", sizeof(r->arp));
		snprintf(r->l2_text, sizeof(r->l2_text), "L2 down: only the "
		    "Microsoft ARP entry, nothing from on-premises");
		f = path_finding(c, p, finding_add(c->out, FC_ARP_INCOMPLETE,
		    "%s path: on-premises entry %s is missing (only the "
		    "Microsoft entry)", az_path_name(p), c->have_ips[p] ?
		    net_addr_str(&c->cust[p], b) : "(unknown)"));
		if (msft != NULL)
			ev_field(f, t->input, t->list_ptr, msft->ptr,
			    "interface", "InterfaceProperty");
		else
			ev_table(f, t->input, t->list_ptr);
		ev_bgp_consequence(f, c, p);
		return;
	}
	if (onprem->incomplete) {
		r->l2 = DIAG_LAYER_FAILED;
		str_copy(r->arp, "incomplete", sizeof(r->arp));
		snprintf(r->l2_text, sizeof(r->l2_text), "L2 down: on-premises "
		    "%s is %s", onprem->ip_text, onprem->mac[0] ?
		    onprem->mac : "unresolved");
		f = path_finding(c, p, finding_add(c->out, FC_ARP_INCOMPLETE,
		    "%s path: on-premises entry %s is %s", az_path_name(p),
		    onprem->ip_text, onprem->mac[0] ? onprem->mac :
		    "unresolved"));
		ev_field(f, t->input, t->list_ptr, onprem->ptr, "macAddress",
		    "MacAddress");
		ev_field(f, t->input, t->list_ptr, onprem->ptr, "ipAddress",
		    "IpAddress");
		if (msft != NULL)
			ev_field(f, t->input, t->list_ptr, msft->ptr,
			    "interface", "InterfaceProperty");
		ev_bgp_consequence(f, c, p);
		return;
	}
	r->l2 = DIAG_LAYER_OK;
	str_copy(r->arp, "ok", sizeof(r->arp));
	snprintf(r->l2_text, sizeof(r->l2_text), "L2 ok: on-premises %s at "
	    "%s%s%s", onprem->ip_text, onprem->mac, msft != NULL ?
	    ", Microsoft " : "", msft != NULL ? msft->ip_text : "");
}

/* The customer's row of a summary: by address, then by AS; rows of the
 * VNet gateway (AS 65515-65520) and of Microsoft are never it. */
static const struct az_er_summary_row *
customer_row(const struct ctx *c, enum az_path p,
    const struct az_er_summary *s)
{
	size_t i;

	if (c->have_ips[p])
		for (i = 0; i < s->n; i++)
			if (s->v[i].neighbor.family != 0 &&
			    net_addr_eq(&s->v[i].neighbor, &c->cust[p]))
				return &s->v[i];
	if (c->pe != NULL && c->pe->peer_asn >= 0)
		for (i = 0; i < s->n; i++)
			if (s->v[i].as == c->pe->peer_asn &&
			    !az_asn_is_gateway(s->v[i].as))
				return &s->v[i];
	if (c->have_ips[p])
		return NULL;	/* the known peer is not there */
	for (i = 0; i < s->n; i++)
		if (s->v[i].as >= 0 && !az_asn_is_gateway(s->v[i].as) &&
		    s->v[i].as != AZ_MICROSOFT_ASN)
			return &s->v[i];
	return NULL;
}

static void
ev_state(struct finding *f, const struct az_er_summary *s,
    const struct az_er_summary_row *row)
{
	char p[96];

	if (f == NULL)
		return;
	snprintf(p, sizeof(p), "%s/%s", row->ptr, row->state_key[0] ?
	    row->state_key : "statePfxRcd");
	finding_ev_json(f, s->input, p);
}

static void
check_bgp(struct ctx *c, enum az_path p)
{
	const struct az_er_summary *s = c->in->summary[p];
	const struct az_er_summary_row *row;
	struct diag_circuit_path *r = &c->res->path[p];
	bool l2_failed = r->l2 == DIAG_LAYER_FAILED;
	struct finding *f;
	char b[NET_ADDR_STRLEN];
	const char *who;

	if (s == NULL) {
		r->bgp = DIAG_LAYER_UNKNOWN;
		str_copy(r->bgp_state, "unknown", sizeof(r->bgp_state));
		snprintf(r->bgp_text, sizeof(r->bgp_text), "BGP not checked: "
		    "no route table summary (az network express-route "
		    "list-route-tables-summary ... --path %s)",
		    az_path_name(p));
		missing(c, p, "BGP", "route table summary",
		    "list-route-tables-summary");
		return;
	}
	who = c->have_ips[p] ? net_addr_str(&c->cust[p], b) : "the customer "
	    "edge";
	if ((row = customer_row(c, p, s)) == NULL) {
		r->bgp = l2_failed ? DIAG_LAYER_SKIPPED : DIAG_LAYER_FAILED;
		str_copy(r->bgp_state, "absent", sizeof(r->bgp_state));
		snprintf(r->bgp_text, sizeof(r->bgp_text), "BGP down: no "
		    "neighbor %s in the summary", who);
		if (!l2_failed) {
			f = path_finding(c, p, finding_add(c->out,
			    FC_CIRCUIT_BGP_DOWN, "%s path: BGP with %s (AS "
			    "%lld) is absent from the route table summary",
			    az_path_name(p), who, c->pe != NULL ?
			    (long long)c->pe->peer_asn : -1LL));
			ev_table(f, s->input, s->list_ptr);
		}
		return;
	}
	subj_from_row(c, p, row);
	str_copy(r->bgp_state, row->established ? "Established" : row->state,
	    sizeof(r->bgp_state));
	if (c->pe != NULL && c->pe->peer_asn >= 0 && row->as >= 0 &&
	    row->as != c->pe->peer_asn) {
		f = path_finding(c, p, finding_add(c->out,
		    FC_CIRCUIT_PEER_ASN_MISMATCH, "peering peerASN %lld but "
		    "%s path sees AS %lld", (long long)c->pe->peer_asn,
		    az_path_name(p), (long long)row->as));
		ev_field(f, s->input, s->list_ptr, row->ptr, "as",
		    "AsProperty");
		ev_peering(f, c, "peerASN");
		c->asn_reported[p] = true;
	}
	if (row->established) {
		r->bgp = DIAG_LAYER_OK;
		r->prefixes = row->prefixes;
		snprintf(r->bgp_text, sizeof(r->bgp_text), "BGP Established "
		    "with %s (AS %lld) for %s, %lld prefixes received",
		    row->neighbor_text, (long long)row->as, row->up_down,
		    (long long)row->prefixes);
		return;
	}
	if (strstr(row->state, "PfxCt") != NULL) {
		r->bgp = DIAG_LAYER_FAILED;
		snprintf(r->bgp_text, sizeof(r->bgp_text), "BGP down: %s, "
		    "torn down for exceeding the prefix limit",
		    row->state);
		f = path_finding(c, p, finding_add(c->out,
		    FC_CIRCUIT_PREFIX_LIMIT, "%s path: BGP with %s is %s: "
		    "closed after more than %lld prefixes were received "
		    "(limit %lld)", az_path_name(p), row->neighbor_text,
		    row->state, (long long)c->res->prefix_limit,
		    (long long)c->res->prefix_limit));
		ev_state(f, s, row);
		ev_circuit_at(f, c, "sku/tier");
		if (c->in->routes[p] != NULL)
			ev_table(f, c->in->routes[p]->input,
			    c->in->routes[p]->list_ptr);
		return;
	}
	if (l2_failed) {
		r->bgp = DIAG_LAYER_SKIPPED;
		snprintf(r->bgp_text, sizeof(r->bgp_text), "BGP %s with %s: a "
		    "consequence of the L2 failure", row->state,
		    row->neighbor_text);
		return;
	}
	r->bgp = DIAG_LAYER_FAILED;
	snprintf(r->bgp_text, sizeof(r->bgp_text), "BGP down: %s with %s "
	    "(AS %lld), last change %s", row->state, row->neighbor_text,
	    (long long)row->as, row->up_down[0] ? row->up_down : "unknown");
	f = path_finding(c, p, finding_add(c->out, FC_CIRCUIT_BGP_DOWN,
	    "%s path: BGP with %s (AS %lld) is %s", az_path_name(p),
	    row->neighbor_text, (long long)row->as, row->state));
	ev_state(f, s, row);
	if (c->in->arp[p] != NULL && r->l2 == DIAG_LAYER_OK)
		finding_ev_note(f, c->in->arp[p]->input, "ARP resolved: L2 "
		    "works, look at L3/BGP settings");
	if (c->pe != NULL && c->pe->md5_set)
		finding_ev_note(f, NULL, "the peering has an MD5 key "
		    "(sharedKey): check the same key is set on this path's "
		    "router");
}

static int
cmp_prefix(const void *a, const void *b)
{
	const struct net_prefix *x = a, *y = b;
	int c;

	if (x->addr.family != y->addr.family)
		return x->addr.family < y->addr.family ? -1 : 1;
	if ((c = net_addr_cmp(&x->addr, &y->addr)) != 0)
		return c;
	return (int)x->len - (int)y->len;
}

/* Route rows learned from on-premises (not the VNet gateway's). */
static bool
onprem_row(const struct ctx *c, enum az_path p, const struct az_er_route *r)
{
	if (r->first_as != 0)
		return !az_asn_is_gateway(r->first_as) &&
		    r->first_as != AZ_MICROSOFT_ASN;
	/* empty AS path: locally originated unless it comes from our /30 */
	return c->have_ips[p] && r->next_hop.family != 0 &&
	    net_addr_eq(&r->next_hop, &c->cust[p]);
}

/* Sorted distinct on-prem networks of path p (caller frees), count in
 * *n; NULL with *n 0 when none or out of memory (then the findings are
 * marked incomplete: out->nomem, for finding_list_check()). */
static struct net_prefix *
onprem_set(const struct ctx *c, enum az_path p, size_t *n)
{
	const struct az_er_routes *t = c->in->routes[p];
	struct net_prefix *v;
	size_t i, k = 0, u = 0;

	*n = 0;
	if (t == NULL || t->n == 0)
		return NULL;
	if ((v = erw_calloc(t->n, sizeof(*v))) == NULL) {
		c->out->nomem = true;
		return NULL;
	}
	for (i = 0; i < t->n; i++)
		if (onprem_row(c, p, &t->v[i]))
			v[k++] = t->v[i].net;
	qsort(v, k, sizeof(*v), cmp_prefix);
	for (i = 0; i < k; i++)
		if (u == 0 || cmp_prefix(&v[u - 1], &v[i]) != 0)
			v[u++] = v[i];
	*n = u;
	return v;
}

static void
check_routes(struct ctx *c, enum az_path p)
{
	const struct az_er_routes *t = c->in->routes[p];
	struct diag_circuit_path *r = &c->res->path[p];
	struct finding *f;
	struct net_prefix *set;
	size_t i, n;
	bool dflt = false;

	if (t == NULL) {
		r->routes = DIAG_LAYER_UNKNOWN;
		snprintf(r->routes_text, sizeof(r->routes_text), "routes not "
		    "checked: no route table (az network express-route "
		    "list-route-tables ... --path %s)", az_path_name(p));
		missing(c, p, "routes", "route table", "list-route-tables");
		return;
	}
	set = onprem_set(c, p, &n);
	free(set);
	r->onprem_routes = (int64_t)n;
	r->route_rows = (int64_t)t->n;
	for (i = 0; i < t->n; i++) {
		const struct az_er_route *x = &t->v[i];
		char b[NET_PREFIX_STRLEN];

		if (!onprem_row(c, p, x))
			continue;
		if (!dflt && x->net.len == 0) {
			dflt = true;
			f = path_finding(c, p, finding_add(c->out,
			    FC_CIRCUIT_DEFAULT_ROUTE_LEARNED, "%s path learns "
			    "the default route %s from on-premises",
			    az_path_name(p), net_prefix_str(&x->net, b)));
			ev_field(f, t->input, t->list_ptr, x->ptr, "network",
			    "Network");
		}
		if (!c->asn_reported[p] && c->pe != NULL &&
		    c->pe->peer_asn >= 0 && x->first_as != 0 &&
		    x->first_as != (uint64_t)c->pe->peer_asn) {
			c->asn_reported[p] = true;
			f = path_finding(c, p, finding_add(c->out,
			    FC_CIRCUIT_PEER_ASN_MISMATCH, "peering peerASN "
			    "%lld but %s path sees AS %u", (long long)
			    c->pe->peer_asn, az_path_name(p), x->first_as));
			ev_field(f, t->input, t->list_ptr, x->ptr, "path",
			    "Path");
			ev_peering(f, c, "peerASN");
		}
	}
	r->routes = n > 0 ? DIAG_LAYER_OK : DIAG_LAYER_FAILED;
	snprintf(r->routes_text, sizeof(r->routes_text), "routes: %zu "
	    "on-premises prefixes among %zu rows%s", n, t->n, dflt ?
	    ", including the default route" : "");
}

static void
check_limit(struct ctx *c, enum az_path p)
{
	struct diag_circuit_path *r = &c->res->path[p];
	const struct az_er_summary *s = c->in->summary[p];
	const struct az_er_summary_row *row = NULL;
	int64_t count, limit = c->res->prefix_limit;
	struct finding *f;

	if (r->prefixes >= 0) {
		count = r->prefixes;
		row = s != NULL ? customer_row(c, p, s) : NULL;
	} else if (r->onprem_routes >= 0 && s == NULL) {
		count = r->onprem_routes;
	} else {
		return;
	}
	if (count * 100 < limit * PREFIX_WARN_PCT)
		return;
	f = finding_add(c->out, FC_CIRCUIT_PREFIX_LIMIT, "%s path: %lld "
	    "prefixes received, limit %lld (%.1f%%)", az_path_name(p),
	    (long long)count, (long long)limit,
	    100.0 * (double)count / (double)limit);
	if (f != NULL && count <= limit)
		f->sev = SEV_WARNING;
	path_finding(c, p, f);
	if (row != NULL)
		ev_state(f, s, row);
	else if (c->in->routes[p] != NULL)
		ev_table(f, c->in->routes[p]->input,
		    c->in->routes[p]->list_ptr);
	ev_circuit_at(f, c, "sku/tier");
}

static void
judge_up(struct ctx *c, enum az_path p)
{
	struct diag_circuit_path *r = &c->res->path[p];

	if (r->l2 == DIAG_LAYER_FAILED || r->bgp == DIAG_LAYER_FAILED ||
	    r->bgp == DIAG_LAYER_SKIPPED)
		r->up = 0;
	else if (r->bgp == DIAG_LAYER_OK)
		r->up = 1;
	else if (r->bgp == DIAG_LAYER_UNKNOWN && r->l2 == DIAG_LAYER_OK &&
	    r->onprem_routes > 0)
		r->up = 1;
	else
		r->up = -1;
}

/* Evidence that path p is up (summary row) or down (its failing layer). */
static void
ev_path(struct finding *f, struct ctx *c, enum az_path p)
{
	const struct az_er_summary *s = c->in->summary[p];
	const struct az_er_summary_row *row;
	const struct az_arp_table *t = c->in->arp[p];
	size_t i;

	if (s != NULL && (row = customer_row(c, p, s)) != NULL) {
		ev_state(f, s, row);
		return;
	}
	if (t != NULL) {
		for (i = 0; i < t->n; i++)
			if (t->v[i].incomplete) {
				ev_field(f, t->input, t->list_ptr, t->v[i].ptr,
				    "macAddress", "MacAddress");
				return;
			}
		ev_table(f, t->input, t->list_ptr);
	}
}

static void
check_paths(struct ctx *c)
{
	struct diag_circuit_path *pr = &c->res->path[AZ_PATH_PRIMARY];
	struct diag_circuit_path *se = &c->res->path[AZ_PATH_SECONDARY];
	struct finding *f;
	int p;

	if (pr->up + se->up == 1 && pr->up != -1 && se->up != -1) {
		enum az_path up = pr->up == 1 ? AZ_PATH_PRIMARY :
		    AZ_PATH_SECONDARY;
		enum az_path down = up == AZ_PATH_PRIMARY ? AZ_PATH_SECONDARY :
		    AZ_PATH_PRIMARY;
		const struct diag_circuit_path *d = &c->res->path[down];

		f = finding_add(c->out, FC_CIRCUIT_SINGLE_PATH, "only the %s "
		    "path is up; the %s path is %s", az_path_name(up),
		    az_path_name(down), d->l2 == DIAG_LAYER_FAILED ?
		    (strcmp(d->arp, "empty") == 0 ? "down at L2 (ARP empty)" :
		    "down at L2 (ARP incomplete)") : d->bgp_state);
		path_finding(c, down, f);
		ev_path(f, c, down);
		ev_path(f, c, up);
		/* traffic counters agree when the down path moved nothing */
		if (f != NULL && c->in->stats != NULL &&
		    c->in->stats->bytes_in[down] == 0)
			finding_ev_json(f, c->in->stats->input,
			    down == AZ_PATH_PRIMARY ? "/primarybytesIn" :
			    "/secondarybytesIn");
	}
	/* Both down: on-premises is unreachable from the VNets. */
	if (pr->up == 0 && se->up == 0) {
		for (p = 0; p < AZ_PATH_COUNT; p++) {
			f = path_finding(c, (enum az_path)p, finding_add(c->out,
			    FC_CIRCUIT_NO_ROUTES, "%s path learns no routes "
			    "from on-premises (both paths are down)",
			    az_path_name((enum az_path)p)));
			ev_path(f, c, (enum az_path)p);
		}
	}
	/* Up but empty-handed: the router advertises nothing. */
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		struct diag_circuit_path *r = &c->res->path[p];

		if (r->up == 1 && (r->prefixes == 0 || (r->prefixes < 0 &&
		    r->onprem_routes == 0))) {
			f = path_finding(c, (enum az_path)p, finding_add(c->out,
			    FC_CIRCUIT_NO_ROUTES, "%s path learns no routes "
			    "from on-premises", az_path_name((enum az_path)p)));
			ev_path(f, c, (enum az_path)p);
		}
	}
	/* Same prefixes on both paths (prepending does not matter: only
	 * the networks are compared). */
	if (pr->up == 1 && se->up == 1 && c->in->routes[0] != NULL &&
	    c->in->routes[1] != NULL) {
		size_t n0, n1, i = 0, k = 0, diff = 0;
		struct net_prefix *a = onprem_set(c, AZ_PATH_PRIMARY, &n0);
		struct net_prefix *b = onprem_set(c, AZ_PATH_SECONDARY, &n1);
		struct net_prefix ex;
		char eb[NET_PREFIX_STRLEN];

		memset(&ex, 0, sizeof(ex));
		while (i < n0 || k < n1) {
			int cmp = i == n0 ? 1 : k == n1 ? -1 :
			    cmp_prefix(&a[i], &b[k]);

			if (cmp == 0) {
				i++;
				k++;
				continue;
			}
			if (diff++ == 0)
				ex = cmp < 0 ? a[i] : b[k];
			if (cmp < 0)
				i++;
			else
				k++;
		}
		if (diff > 0) {
			f = finding_add(c->out, FC_CIRCUIT_PATH_ASYMMETRY,
			    "primary and secondary learn different prefixes "
			    "(%zu differ, e.g. %s)", diff,
			    net_prefix_str(&ex, eb));
			finding_set_subject(f, &c->subj_peering);
			if (f != NULL) {
				ev_table(f, c->in->routes[0]->input,
				    c->in->routes[0]->list_ptr);
				ev_table(f, c->in->routes[1]->input,
				    c->in->routes[1]->list_ptr);
			}
		}
		free(a);
		free(b);
	}
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		struct diag_circuit_path *r = &c->res->path[p];

		if (r->up != 1 || r->l2 != DIAG_LAYER_OK ||
		    r->bgp != DIAG_LAYER_OK || r->prefixes <= 0 ||
		    c->problem[p])
			continue;
		r->healthy = true;
		f = finding_add(c->out, FC_CIRCUIT_HEALTHY, "%s path: ARP "
		    "resolved, BGP established with %s, %lld prefixes",
		    az_path_name((enum az_path)p), c->have_ips[p] ?
		    net_addr_str(&c->cust[p], (char[NET_ADDR_STRLEN]){0}) :
		    "the customer edge", (long long)r->prefixes);
		finding_set_group(f, az_path_name((enum az_path)p));
		finding_set_subject(f, &c->subj[p]);
		ev_path(f, c, (enum az_path)p);
	}
}

void
diag_circuit(const struct diag_circuit_input *in,
    struct diag_circuit_result *res, struct finding_list *out)
{
	const struct az_circuit *ckt = in->circuit;
	struct ctx c;
	int p;

	memset(&c, 0, sizeof(c));
	memset(res, 0, sizeof(*res));
	c.in = in;
	c.res = res;
	c.out = out;
	c.peering = in->peering != NULL ? in->peering : "AzurePrivatePeering";
	c.rg = ckt != NULL && ckt->resource_group[0] ? ckt->resource_group :
	    "RG";
	c.cname = ckt != NULL && ckt->name[0] ? ckt->name : "CIRCUIT";
	c.pe = ckt != NULL ? az_circuit_peering(ckt, c.peering) : NULL;
	str_escape_into(res->peering, sizeof(res->peering), c.peering,
	    strlen(c.peering));
	c.peering = res->peering;	/* printed in commands: escaped */
	if (str_casecmp(c.peering, "MicrosoftPeering") == 0)
		res->prefix_limit = PREFIX_LIMIT_MICROSOFT;
	else if (ckt != NULL && str_casecmp(ckt->sku_tier, "Premium") == 0)
		res->prefix_limit = PREFIX_LIMIT_PREMIUM;
	else
		res->prefix_limit = PREFIX_LIMIT_STANDARD;
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		res->path[p].prefixes = -1;
		res->path[p].onprem_routes = -1;
		res->path[p].route_rows = -1;
		res->path[p].up = -1;
	}
	subjects_init(&c);
	check_circuit(&c);
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		check_l2(&c, (enum az_path)p);
		check_bgp(&c, (enum az_path)p);
		check_routes(&c, (enum az_path)p);
		check_limit(&c, (enum az_path)p);
		judge_up(&c, (enum az_path)p);
	}
	check_paths(&c);
}

const char *
diag_layer_state_name(enum diag_layer_state s)
{
	switch (s) {
	case DIAG_LAYER_OK:
		return "ok";
	case DIAG_LAYER_FAILED:
		return "failed";
	case DIAG_LAYER_SKIPPED:
		return "not-judged";
	default:
		return "not-checked";
	}
}

const char *
diag_circuit_verdict(const struct diag_circuit_path *p)
{
	if (p->l2 == DIAG_LAYER_FAILED)
		return "DOWN at L2 (ARP)";
	if (p->l2 == DIAG_LAYER_UNKNOWN && p->up != 1)
		return "UNKNOWN: L2 not checked";
	if (p->bgp == DIAG_LAYER_FAILED)
		return "DOWN at BGP";
	if (p->bgp == DIAG_LAYER_UNKNOWN && p->up != 1)
		return "UNKNOWN: BGP not checked";
	/* Established with no prefix: the session carries nothing. */
	if (p->routes == DIAG_LAYER_FAILED || p->prefixes == 0)
		return "UP, but no routes from on-premises";
	if (p->routes == DIAG_LAYER_UNKNOWN)
		return "UP (routes not checked)";
	return "UP";
}
