/*
 * Next-hop findings (contract in diag_nexthop.h).  The decision itself is
 * az_routes_lookup()'s; this file only judges it against what
 * ExpressRoute troubleshooting cares about (azure-formats.md 6.2):
 * drops, forced tunneling through the gateway, appliances that cannot
 * forward, and UDRs hiding routes learned over the circuit.  Every finding
 * points at the export rows it is based on.
 */
#include <stdio.h>
#include <string.h>

#include "diag_nexthop.h"

static void
ev_row(struct finding *f, const struct az_route *r, const char *field)
{
	char ptr[160];

	if (f == NULL || r == NULL || r->ptr[0] == '\0')
		return;		/* synthesized system route: no file */
	if (field == NULL)
		snprintf(ptr, sizeof(ptr), "%s", r->prefix_ptr);
	else
		snprintf(ptr, sizeof(ptr), "%s/%s", r->ptr, field);
	finding_ev_json(f, r->input, ptr);
}

void
diag_subj_route(struct finding *f, const struct az_route *r)
{
	char name[2 * sizeof(f->subject.object)];	/* cut to fit there */
	const char *tbl;

	if (f == NULL || r == NULL)
		return;
	if (r->name[0] != '\0') {
		/* ".../routeTables/NAME": the table is the id's last part */
		tbl = strrchr(r->table_id, '/');
		tbl = tbl != NULL ? tbl + 1 : r->table_id;
		snprintf(name, sizeof(name), "%s%s%s", tbl, tbl[0] ? "/" : "",
		    r->name);
	} else
		net_prefix_str(&r->prefix, name);
	finding_subj_object(f, "route", name);
}

/* A finding about traffic between the subject's ends, decided by r. */
static void
subj_at(struct finding *f, const struct finding_subject *s,
    const struct az_route *r)
{
	finding_set_subject(f, s);
	diag_subj_route(f, r);
}

static void
default_via_gateway(const struct az_routes *rs, const char *dflt,
    struct finding_list *out)
{
	struct az_route_result res;
	struct net_addr a;
	struct finding *f;
	char nh[NET_ADDR_STRLEN];
	size_t i;

	if (net_addr_parse(dflt, &a) == -1 ||
	    az_routes_lookup(rs, &a, &res) == -1 || res.winner == NULL ||
	    res.winner->prefix.len != 0 ||
	    (res.winner->source != AZ_RSRC_GATEWAY &&
	    str_casecmp(res.winner->next_hop_type, "VirtualNetworkGateway") !=
	    0))
		return;
	if (res.next_hop.family != 0)
		net_addr_str(&res.next_hop, nh);
	else
		str_copy(nh, "the gateway", sizeof(nh));
	if (res.winner->prefix.addr.family == NET_AF_INET)
		f = finding_add(out, FC_ROUTE_DEFAULT_VIA_GATEWAY,
		    "0.0.0.0/0 learned through the gateway replaces the "
		    "Internet route (next hop %s)", nh);
	else
		f = finding_add(out, FC_ROUTE_DEFAULT_VIA_GATEWAY,
		    "::/0 learned through the gateway replaces the Internet "
		    "route (next hop %s)", nh);
	diag_subj_route(f, res.winner);
	ev_row(f, res.winner, NULL);
	ev_row(f, res.winner, "nextHopType");
	/* The system Internet route it made Invalid. */
	for (i = 0; i < res.nbeaten; i++)
		if (res.beaten[i].route->source == AZ_RSRC_DEFAULT &&
		    res.beaten[i].route->prefix.len == 0)
			ev_row(f, res.beaten[i].route, "state");
}

void
diag_nexthop_table(const struct az_routes *rs, struct finding_list *out)
{
	default_via_gateway(rs, "0.0.0.0", out);
	default_via_gateway(rs, "::", out);
}

static void
appliance(const struct az_nics *nics, const struct net_addr *dst,
    const struct az_route *w, const struct finding_subject *subj,
    struct finding_list *out)
{
	char d[NET_ADDR_STRLEN], ip[NET_ADDR_STRLEN], pb[NET_PREFIX_STRLEN];
	const struct az_nic *nic;
	struct finding *f;
	unsigned ipi = 0;
	size_t i;

	net_addr_str(dst, d);
	net_prefix_str(&w->prefix, pb);
	if (w->next_hop.family == 0) {
		f = finding_add(out, FC_ROUTE_APPLIANCE_UNKNOWN,
		    "next hop (none) for %s has no address in route %s", d,
		    pb);
		subj_at(f, subj, w);
		ev_row(f, w, "nextHopIpAddress");
		return;
	}
	net_addr_str(&w->next_hop, ip);
	f = finding_add(out, FC_ROUTE_VIA_APPLIANCE,
	    "traffic to %s goes to the virtual appliance %s (route %s)", d,
	    ip, pb);
	subj_at(f, subj, w);
	ev_row(f, w, "nextHopIpAddress/0");
	if (nics == NULL)
		return;
	if ((nic = az_nics_find(nics, &w->next_hop, &ipi)) == NULL) {
		f = finding_add(out, FC_ROUTE_APPLIANCE_UNKNOWN,
		    "next hop %s for %s belongs to none of the %zu NICs given",
		    ip, d, nics->n);
		subj_at(f, subj, w);
		ev_row(f, w, "nextHopIpAddress/0");
		for (i = 0; i < nics->n; i++) {
			if (nics->v[i].nips > 0)
				finding_ev_json(f, nics->v[i].input,
				    nics->v[i].ip_ptr[0]);
		}
		return;
	}
	if (!nic->ip_forwarding) {
		f = finding_add(out, FC_ROUTE_APPLIANCE_UNKNOWN,
		    "next hop %s for %s is NIC %s, which has IP forwarding "
		    "disabled", ip, d, nic->name);
		/* what must change is the NIC */
		finding_set_subject(f, subj);
		finding_subj_object(f, "nic", nic->name);
		ev_row(f, w, "nextHopIpAddress/0");
		finding_ev_json(f, nic->input, nic->ip_ptr[ipi]);
		finding_ev_json(f, nic->input, "/enableIPForwarding");
	}
}

void
diag_nexthop(const struct az_routes *rs, const struct az_nics *nics,
    const struct net_addr *dst, const struct az_route_result *res,
    const char *expect, struct finding_list *out)
{
	diag_nexthop_from(rs, nics, NULL, dst, res, expect, out);
}

void
diag_nexthop_from(const struct az_routes *rs, const struct az_nics *nics,
    const struct net_addr *src, const struct net_addr *dst,
    const struct az_route_result *res, const char *expect,
    struct finding_list *out)
{
	const struct az_route *w = res->winner;
	struct finding_subject subj;
	char d[NET_ADDR_STRLEN], pb[NET_PREFIX_STRLEN];
	struct finding *f;
	size_t i;

	(void)rs;
	/* the traffic's ends: the VNet side local, the destination peer */
	memset(&subj, 0, sizeof(subj));
	if (src != NULL)
		subj.local = *src;
	subj.peer = *dst;
	/* Formatted only for a finding: most batch lines raise none. */
	if (w == NULL || expect != NULL ||
	    str_casecmp(w->next_hop_type, "None") == 0)
		net_addr_str(dst, d);
	if (w == NULL) {
		f = finding_add(out, FC_ROUTE_NONE, "traffic to %s is dropped: "
		    "no usable route covers it (next hop None)", d);
		finding_set_subject(f, &subj);
		for (i = 0; f != NULL && i < res->nbeaten; i++)
			ev_row(f, res->beaten[i].route, "state");
	} else if (str_casecmp(w->next_hop_type, "None") == 0) {
		net_prefix_str(&w->prefix, pb);
		f = finding_add(out, FC_ROUTE_NONE, "traffic to %s is dropped: "
		    "route %s (%s%s%s) has next hop None", d, pb,
		    az_route_source_name(w->source), w->name[0] ? " " : "",
		    w->name);
		subj_at(f, &subj, w);
		ev_row(f, w, "nextHopType");
		if (w->source == AZ_RSRC_DEFAULT)
			finding_ev_note(f, NULL, "system route for a private "
			    "range: no route learned from on-premises covers "
			    "%s", d);
	} else if (str_casecmp(w->next_hop_type, "VirtualAppliance") == 0) {
		appliance(nics, dst, w, &subj, out);
	}

	/* UDRs that hide the route learned from on-premises. */
	for (i = 0; w != NULL && w->source == AZ_RSRC_USER &&
	    i < res->nbeaten; i++) {
		const struct az_route *b = res->beaten[i].route;

		if (b->source != AZ_RSRC_GATEWAY ||
		    b->prefix.len != w->prefix.len ||
		    !net_addr_eq(&b->prefix.addr, &w->prefix.addr))
			continue;
		net_prefix_str(&b->prefix, pb);
		f = finding_add(out, FC_ROUTE_BGP_OVERRIDDEN,
		    "user route %s overrides the gateway route %s",
		    w->name[0] ? w->name : "(unnamed)", pb);
		subj_at(f, &subj, w);
		ev_row(f, b, "state");
		ev_row(f, w, NULL);
	}

	if (expect != NULL && str_casecmp(expect, res->next_hop_type) != 0) {
		f = finding_add(out, FC_ROUTE_UNEXPECTED_NEXT_HOP,
		    "next hop for %s is %s, expected %s", d,
		    res->next_hop_type, expect);
		subj_at(f, &subj, w);
		ev_row(f, w, "nextHopType");
	}
}
