/*
 * diag_config: the on-premises configuration against the synthetic cloud
 * peer built from the circuit's peering export (diag_config.h).
 *
 * Pairing: for each path, the neighbor on Microsoft's address of the /30,
 * else any neighbor inside the /30 (the swapped case: the neighbor points
 * at the router's own side), else a neighbor toward Microsoft's AS that no
 * path claimed (typed into another subnet).  The sub-interface is the one
 * whose address is inside the /30, else the one tagged with the vlanId,
 * else the one whose subnet holds the neighbor.  A path with neither is
 * not configured: CONFIG_SECONDARY_MISSING.
 *
 * Every value shown is a number, an address, a tag or a name the parsers
 * escaped; no key is ever in the model, so none can be shown.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag/diag_config.h"

#define PREFIX_LIMIT_STANDARD	4000
#define PREFIX_LIMIT_PREMIUM	10000
#define PREFIX_LIMIT_MICROSOFT	200

static const char *const verdict_names[] = {
	"ok", "info", "warning", "fault", "not configured"
};

const char *
config_verdict_name(enum config_verdict v)
{
	if ((unsigned)v >= sizeof(verdict_names) / sizeof(verdict_names[0]))
		return "unknown";
	return verdict_names[v];
}

int
diag_config_cloud(const struct az_circuit *ckt, const char *peering,
    struct cloud_peer *out, struct err *e)
{
	const struct az_peering *pe;
	bool any = false;
	int p;

	memset(out, 0, sizeof(*out));
	if (peering == NULL)
		peering = "AzurePrivatePeering";
	str_escape_into(out->peering, sizeof(out->peering), peering,
	    strlen(peering));
	str_copy(out->circuit, ckt->name, sizeof(out->circuit));
	str_copy(out->sku, ckt->sku_tier, sizeof(out->sku));
	if ((pe = az_circuit_peering(ckt, peering)) == NULL)
		return ERR(e, ERR_INPUT, "'%s' has no peering %s", ckt->input,
		    out->peering);
	out->azure_as = pe->azure_asn > 0 && pe->azure_asn <= UINT32_MAX ?
	    (uint32_t)pe->azure_asn : AZ_MICROSOFT_ASN;
	out->peer_as = pe->peer_asn;
	out->vlan = pe->vlan >= 1 && pe->vlan <= 4094 ? (int)pe->vlan : -1;
	out->md5 = pe->md5_set;
	if (str_casecmp(peering, "MicrosoftPeering") == 0)
		out->prefix_limit = PREFIX_LIMIT_MICROSOFT;
	else if (str_casecmp(ckt->sku_tier, "Premium") == 0)
		out->prefix_limit = PREFIX_LIMIT_PREMIUM;
	else
		out->prefix_limit = PREFIX_LIMIT_STANDARD;
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		struct cloud_path *cp = &out->path[p];

		if (!pe->pfx_ok[p] || az_peer_addrs(&pe->pfx[p], &cp->customer,
		    &cp->microsoft) == -1)
			continue;
		cp->prefix = pe->pfx[p];
		cp->present = true;
		any = true;
	}
	if (!any)
		return ERR(e, ERR_INPUT, "'%s': peering %s has no /30 peer "
		    "address prefix", ckt->input, out->peering);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Pairing                                                             */
/* ------------------------------------------------------------------ */

static const struct router_cfg_neighbor *
pick_neighbor(const struct router_cfg *c, const struct cloud_path *cp)
{
	const struct router_cfg_neighbor *in = NULL;
	size_t i;

	for (i = 0; i < c->nneighbors; i++) {
		const struct router_cfg_neighbor *nb = &c->neighbors[i];

		if (nb->is_group)
			continue;
		if (net_addr_eq(&nb->addr, &cp->microsoft))
			return nb;
		if (in == NULL && net_prefix_contains(&cp->prefix, &nb->addr))
			in = nb;
	}
	return in;
}

static bool
in_any_path(const struct cloud_peer *cl, const struct net_addr *a)
{
	int p;

	for (p = 0; p < AZ_PATH_COUNT; p++)
		if (cl->path[p].present &&
		    net_prefix_contains(&cl->path[p].prefix, a))
			return true;
	return false;
}

/* A neighbor toward Microsoft's AS in no path's /30, not yet taken. */
static const struct router_cfg_neighbor *
stray_neighbor(const struct router_cfg *c, const struct cloud_peer *cl,
    const struct config_result *res)
{
	size_t i;
	int p;

	for (i = 0; i < c->nneighbors; i++) {
		const struct router_cfg_neighbor *nb = &c->neighbors[i];
		bool taken = false;

		if (nb->is_group || in_any_path(cl, &nb->addr) ||
		    (nb->remote_as != cl->azure_as &&
		    nb->remote_as != AZ_MICROSOFT_ASN))
			continue;
		for (p = 0; p < AZ_PATH_COUNT; p++)
			taken = taken || res->path[p].nb == nb;
		if (!taken)
			return nb;
	}
	return NULL;
}

static int
tag_of(const struct router_cfg_iface *f)
{
	/* with QinQ the peering's vlanId is the inner (C-)tag */
	return f->inner_vlan != -1 ? f->inner_vlan : f->vlan;
}

static const struct router_cfg_iface *
pick_iface(const struct router_cfg *c, const struct cloud_peer *cl,
    const struct cloud_path *cp, const struct router_cfg_neighbor *nb,
    const struct config_result *res)
{
	size_t i;
	int p;

	for (i = 0; i < c->nifaces; i++)
		if (c->ifaces[i].has_addr &&
		    net_prefix_contains(&cp->prefix, &c->ifaces[i].addr.addr))
			return &c->ifaces[i];
	for (i = 0; i < c->nifaces && nb != NULL; i++) {
		struct net_prefix sub = c->ifaces[i].addr;

		if (!c->ifaces[i].has_addr)
			continue;
		/* the subnet the neighbor is reached through */
		if (sub.len > 0 && sub.len < 32) {
			uint32_t m = 0xffffffffu << (32 - sub.len);

			net_addr_set_v4(&sub.addr, net_addr_v4(&sub.addr) & m);
		}
		if (sub.addr.family == NET_AF_INET &&
		    net_prefix_contains(&sub, &nb->addr))
			return &c->ifaces[i];
	}
	/* the VLAN's sub-interface, once: both paths share the vlanId, so
	 * the second path takes another one */
	for (i = 0; i < c->nifaces && cl->vlan != -1; i++) {
		bool taken = false;

		for (p = 0; p < AZ_PATH_COUNT; p++)
			taken = taken || res->path[p].ifc == &c->ifaces[i];
		if (!taken && tag_of(&c->ifaces[i]) == cl->vlan &&
		    !in_any_path(cl, &c->ifaces[i].addr.addr))
			return &c->ifaces[i];
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Rows and findings                                                   */
/* ------------------------------------------------------------------ */

struct chk {
	const struct router_cfg		*c;
	const struct cloud_peer		*cl;
	struct finding_list		*fl;
	int				 p;
	struct config_path_result	*r;
	struct finding_subject		 subj;
};

static struct config_row *
row(struct chk *k, const char *setting, enum config_verdict v)
{
	struct config_row *rw;

	if (k->r->nrows >= CONFIG_ROWS_MAX)
		return NULL;
	rw = &k->r->rows[k->r->nrows++];
	memset(rw, 0, sizeof(*rw));
	rw->setting = setting;
	rw->verdict = v;
	if (v != CV_NA && v > k->r->worst)
		k->r->worst = v;
	return rw;
}

static void
rowf(struct chk *k, const char *setting, enum config_verdict v,
    const char *cloud, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
rowf(struct chk *k, const char *setting, enum config_verdict v,
    const char *cloud, const char *fmt, ...)
{
	struct config_row *rw;
	va_list ap;

	if ((rw = row(k, setting, v)) == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(rw->onprem, sizeof(rw->onprem), fmt, ap);
	va_end(ap);
	str_copy(rw->cloud, cloud, sizeof(rw->cloud));
}

/* A finding about this path, with its subject and the config line. */
static struct finding *
emit(struct chk *k, enum finding_code code, uint32_t line, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static struct finding *
emit(struct chk *k, enum finding_code code, uint32_t line, const char *fmt,
    ...)
{
	struct finding *f;
	char buf[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if ((f = finding_add(k->fl, code, "%s", buf)) == NULL)
		return NULL;
	finding_set_subject(f, &k->subj);
	finding_subj_object(f, "peering", k->cl->peering);
	finding_set_group(f, az_path_name((enum az_path)k->p));
	if (line > 0)
		finding_ev_line(f, k->c->input, line);
	else
		finding_ev_note(f, k->c->input, "configuration");
	return f;
}

static const char *
ipstr(const struct net_addr *a, char *buf)
{
	return a->family != NET_AF_NONE ? net_addr_str(a, buf) : "-";
}

static void
vlan_text(char *buf, size_t len, const struct router_cfg_iface *f)
{
	if (f->inner_vlan != -1)
		snprintf(buf, len, "%d (QinQ, S-tag %d)", f->inner_vlan,
		    f->vlan);
	else if (f->vlan != -1)
		snprintf(buf, len, "%d", f->vlan);
	else
		snprintf(buf, len, "untagged");
}

static void
check_addresses(struct chk *k, const struct cloud_path *cp, const char *path)
{
	const struct router_cfg_neighbor *nb = k->r->nb;
	const struct router_cfg_iface *f = k->r->ifc;
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN], px[NET_PREFIX_STRLEN];
	char cloud[96];

	net_prefix_str(&cp->prefix, px);
	snprintf(cloud, sizeof(cloud), "%s (Microsoft)",
	    net_addr_str(&cp->microsoft, b));
	if (net_addr_eq(&nb->addr, &cp->microsoft))
		rowf(k, "neighbor address", CV_OK, cloud, "%s",
		    ipstr(&nb->addr, a));
	else {
		bool swapped = net_addr_eq(&nb->addr, &cp->customer);

		rowf(k, "neighbor address", CV_FAULT, cloud, "%s%s",
		    ipstr(&nb->addr, a), swapped ? " (the customer's side)" :
		    "");
		emit(k, FC_CONFIG_PEER_IP_WRONG, nb->line, "%s path: neighbor "
		    "address is %s, the circuit expects %s (%s)%s", path,
		    ipstr(&nb->addr, a), net_addr_str(&cp->microsoft, b), px,
		    swapped ? ": swapped, that is the router's own side" : "");
	}
	snprintf(cloud, sizeof(cloud), "%s/%u (customer)",
	    net_addr_str(&cp->customer, b), (unsigned)cp->prefix.len);
	if (f == NULL) {
		rowf(k, "interface address", k->c->nifaces == 0 ? CV_NA :
		    CV_FAULT, cloud, "%s", k->c->nifaces == 0 ?
		    "not in this config" : "no interface in the /30");
		if (k->c->nifaces > 0)
			emit(k, FC_CONFIG_SUBNET_MISMATCH, nb->line, "%s path: "
			    "no interface has an address in %s, the peering's "
			    "prefix", path, px);
		return;
	}
	if (!f->has_addr) {
		rowf(k, "interface address", CV_FAULT, cloud, "%s: none",
		    f->name);
		emit(k, FC_CONFIG_SUBNET_MISMATCH, f->line, "%s path: "
		    "interface %s has no address, not the %s of the peering",
		    path, f->name, px);
		return;
	}
	if (!net_prefix_contains(&cp->prefix, &f->addr.addr) ||
	    f->addr.len != cp->prefix.len) {
		rowf(k, "interface address", CV_FAULT, cloud, "%s %s/%u",
		    f->name, net_addr_str(&f->addr.addr, a),
		    (unsigned)f->addr.len);
		emit(k, FC_CONFIG_SUBNET_MISMATCH, f->line, "%s path: "
		    "interface %s has %s/%u, not the %s of the peering", path,
		    f->name, net_addr_str(&f->addr.addr, a),
		    (unsigned)f->addr.len, px);
	} else if (!net_addr_eq(&f->addr.addr, &cp->customer)) {
		bool swapped = net_addr_eq(&f->addr.addr, &cp->microsoft);

		rowf(k, "interface address", CV_FAULT, cloud, "%s %s/%u%s",
		    f->name, net_addr_str(&f->addr.addr, a),
		    (unsigned)f->addr.len, swapped ? " (Microsoft's side)" :
		    "");
		emit(k, FC_CONFIG_PEER_IP_WRONG, f->line, "%s path: interface "
		    "%s address is %s, the circuit expects %s (%s)%s", path,
		    f->name, net_addr_str(&f->addr.addr, a),
		    net_addr_str(&cp->customer, b), px, swapped ?
		    ": swapped, that is Microsoft's side" : "");
	} else
		rowf(k, "interface address", CV_OK, cloud, "%s %s/%u", f->name,
		    net_addr_str(&f->addr.addr, a), (unsigned)f->addr.len);
}

static void
check_vlan(struct chk *k, const char *path)
{
	const struct router_cfg_iface *f = k->r->ifc;
	char got[48], cloud[48];

	if (k->cl->vlan == -1)
		snprintf(cloud, sizeof(cloud), "not exported");
	else
		snprintf(cloud, sizeof(cloud), "%d", k->cl->vlan);
	if (f == NULL) {
		rowf(k, "VLAN", CV_NA, cloud, "%s", k->c->nifaces == 0 ?
		    "not in this config" : "-");
		return;
	}
	vlan_text(got, sizeof(got), f);
	if (k->cl->vlan == -1 || tag_of(f) == k->cl->vlan) {
		rowf(k, "VLAN", CV_OK, cloud, "%s", got);
		return;
	}
	rowf(k, "VLAN", CV_FAULT, cloud, "%s", got);
	emit(k, FC_CONFIG_VLAN_MISMATCH, f->line, "%s path: interface %s is "
	    "tagged %s, the peering's vlanId is %d", path, f->name, got,
	    k->cl->vlan);
}

static void
check_as(struct chk *k, const char *path)
{
	const struct router_cfg_neighbor *nb = k->r->nb;
	char a[NET_ADDR_STRLEN], cloud[48];
	int64_t local;

	snprintf(cloud, sizeof(cloud), "%u", k->cl->azure_as);
	if (nb->remote_as == -1)
		rowf(k, "remote AS", CV_FAULT, cloud, "not set");
	else
		rowf(k, "remote AS", nb->remote_as == k->cl->azure_as ? CV_OK :
		    CV_FAULT, cloud, "%lld", (long long)nb->remote_as);
	if (nb->remote_as != k->cl->azure_as) {
		if (nb->remote_as == -1)
			snprintf(cloud, sizeof(cloud), "not set");
		else
			snprintf(cloud, sizeof(cloud), "%lld",
			    (long long)nb->remote_as);
		emit(k, FC_CONFIG_REMOTE_AS_WRONG, nb->line, "%s path: neighbor "
		    "%s remote-as %s, Microsoft is AS %u", path,
		    ipstr(&nb->addr, a), cloud, k->cl->azure_as);
	}
	local = nb->local_as != -1 ? nb->local_as : k->c->local_as;
	if (k->cl->peer_as > 0)
		snprintf(cloud, sizeof(cloud), "%lld (peerASN)%s",
		    (long long)k->cl->peer_as, k->cl->peer_as >= 64512 &&
		    k->cl->peer_as <= 65534 ? ", private" : "");
	else
		snprintf(cloud, sizeof(cloud), "not exported");
	if (local == -1) {
		rowf(k, "local AS", CV_FAULT, cloud, "not set");
		emit(k, FC_CONFIG_LOCAL_AS_WRONG, nb->line, "%s path: the "
		    "router speaks AS (none) to %s, no local AS is configured",
		    path, ipstr(&nb->addr, a));
		return;
	}
	if (az_asn_is_gateway(local)) {
		rowf(k, "local AS", CV_FAULT, cloud, "%lld%s", (long long)local,
		    nb->local_as != -1 ? " (local-as)" : "");
		emit(k, FC_CONFIG_LOCAL_AS_WRONG, nb->line, "%s path: the "
		    "router speaks AS %lld to %s, which Azure reserves "
		    "(65515-65520)", path, (long long)local,
		    ipstr(&nb->addr, a));
	} else if (k->cl->peer_as > 0 && local != k->cl->peer_as) {
		rowf(k, "local AS", CV_FAULT, cloud, "%lld%s", (long long)local,
		    nb->local_as != -1 ? " (local-as)" : "");
		emit(k, FC_CONFIG_LOCAL_AS_WRONG, nb->line, "%s path: the "
		    "router speaks AS %lld to %s, the peering's peerASN is "
		    "%lld", path, (long long)local, ipstr(&nb->addr, a),
		    (long long)k->cl->peer_as);
	} else
		rowf(k, "local AS", CV_OK, cloud, "%lld%s", (long long)local,
		    nb->local_as != -1 && nb->local_as != k->c->local_as ?
		    " (local-as)" : "");
}

static void
check_md5(struct chk *k, const char *path)
{
	const struct router_cfg_neighbor *nb = k->r->nb;
	const char *cloud = k->cl->md5 ? "sharedKey set" : "no sharedKey";
	bool has = nb->md5 == CFG_YES;
	char a[NET_ADDR_STRLEN];

	rowf(k, "MD5", has == k->cl->md5 ? CV_OK : CV_FAULT, cloud, "%s",
	    has ? "key set" : "none");
	if (k->cl->md5 && !has)
		emit(k, FC_CONFIG_MD5_MISSING, nb->line, "%s path: neighbor %s "
		    "has no MD5 key, the peering sets a sharedKey", path,
		    ipstr(&nb->addr, a));
	else if (!k->cl->md5 && has)
		emit(k, FC_CONFIG_MD5_UNEXPECTED, nb->line, "%s path: neighbor "
		    "%s has an MD5 key, the peering has no sharedKey", path,
		    ipstr(&nb->addr, a));
}

static void
check_timers(struct chk *k, const char *path)
{
	const struct router_cfg_neighbor *nb = k->r->nb;
	char a[NET_ADDR_STRLEN], cloud[48];
	const char *why = NULL;

	snprintf(cloud, sizeof(cloud), "%d/%d s", CLOUD_KEEPALIVE,
	    CLOUD_HOLD);
	if (nb->hold == -1) {
		rowf(k, "keepalive/hold", CV_OK, cloud, "router default");
		return;
	}
	if (nb->hold == 0)
		why = "hold time 0 turns keepalives off";
	else if (nb->hold < 3)
		why = "a hold time of 1 or 2 s is invalid (RFC 4271 4.2)";
	else if (nb->hold < CONFIG_MIN_HOLD)
		why = "hold time below 30 s, the negotiated one is the lower";
	else if (nb->keepalive > 0 && nb->keepalive * 3 > nb->hold)
		why = "fewer than three keepalives per hold time";
	if (nb->keepalive == -1)
		rowf(k, "keepalive/hold", why ? CV_WARN : CV_OK, cloud,
		    "-/%d s", nb->hold);
	else
		rowf(k, "keepalive/hold", why ? CV_WARN : CV_OK, cloud,
		    "%d/%d s", nb->keepalive, nb->hold);
	if (why != NULL) {
		char ka[16];

		if (nb->keepalive == -1)
			snprintf(ka, sizeof(ka), "-");
		else
			snprintf(ka, sizeof(ka), "%d", nb->keepalive);
		emit(k, FC_CONFIG_TIMERS_AGGRESSIVE, nb->line, "%s path: "
		    "neighbor %s keepalive/hold %s/%d s (%s)", path,
		    ipstr(&nb->addr, a), ka, nb->hold, why);
	}
}

static void
check_bfd(struct chk *k, const char *path)
{
	const struct router_cfg_neighbor *nb = k->r->nb;
	char a[NET_ADDR_STRLEN], cloud[48];

	snprintf(cloud, sizeof(cloud), "%d ms x %d", CLOUD_BFD_MS,
	    CLOUD_BFD_MULT);
	if (nb->bfd == CFG_YES) {
		if (nb->bfd_interval_ms > 0)
			rowf(k, "BFD", CV_OK, cloud, "on, %d ms",
			    nb->bfd_interval_ms);
		else
			rowf(k, "BFD", CV_OK, cloud, "on");
		return;
	}
	rowf(k, "BFD", CV_INFO, cloud, "off");
	emit(k, FC_CONFIG_NO_BFD, nb->line, "%s path: neighbor %s has no BFD",
	    path, ipstr(&nb->addr, a));
}

static void
check_prefixes(struct chk *k, const char *path)
{
	const struct router_cfg_neighbor *nb = k->r->nb;
	char a[NET_ADDR_STRLEN], cloud[64];

	snprintf(cloud, sizeof(cloud), "SKU accepts %lld (%s)",
	    (long long)k->cl->prefix_limit, k->cl->sku[0] ? k->cl->sku :
	    "Standard");
	if (nb->max_prefix != -1)
		rowf(k, "maximum-prefix", CV_OK, cloud, "%lld",
		    (long long)nb->max_prefix);
	else
		rowf(k, "maximum-prefix", nb->has_policy_out ? CV_INFO :
		    CV_WARN, cloud, "none");
	if (nb->has_policy_out)
		rowf(k, "outbound filter", CV_OK, "only on-premises prefixes",
		    "%s", nb->policy_out);
	else
		rowf(k, "outbound filter", nb->max_prefix != -1 ? CV_INFO :
		    CV_WARN, "only on-premises prefixes", "none");
	if (nb->max_prefix == -1 && !nb->has_policy_out)
		emit(k, FC_CONFIG_MAX_PREFIX_MISSING, nb->line, "%s path: "
		    "neighbor %s has no maximum-prefix and no outbound filter "
		    "(the SKU accepts %lld prefixes)", path,
		    ipstr(&nb->addr, a), (long long)k->cl->prefix_limit);
}

static void
check_misc(struct chk *k, const char *path)
{
	const struct router_cfg_neighbor *nb = k->r->nb;
	char a[NET_ADDR_STRLEN];
	bool override;

	if (nb->default_originate == CFG_YES) {
		rowf(k, "default route", CV_WARN, "not expected", "%s",
		    k->c->dialect == ROUTER_CFG_JUNOS ||
		    k->c->dialect == ROUTER_CFG_JUNOS_SET ||
		    k->c->dialect == ROUTER_CFG_BIRD ? "exported" :
		    "default-originate");
		emit(k, FC_CONFIG_DEFAULT_ORIGINATE, nb->line, "%s path: "
		    "neighbor %s %s: a default route is advertised to Azure",
		    path, ipstr(&nb->addr, a),
		    k->c->dialect == ROUTER_CFG_JUNOS ||
		    k->c->dialect == ROUTER_CFG_JUNOS_SET ||
		    k->c->dialect == ROUTER_CFG_BIRD ?
		    "exports 0.0.0.0/0" : "has default-originate");
	} else
		rowf(k, "default route", CV_OK, "not expected", "not sent");
	if (nb->ipv4_active == CFG_NO) {
		rowf(k, "IPv4 unicast", CV_FAULT, "active", "not activated");
		emit(k, FC_CONFIG_AF_NOT_ACTIVE, nb->line, "%s path: neighbor "
		    "%s is not activated for IPv4 unicast", path,
		    ipstr(&nb->addr, a));
	} else
		rowf(k, "IPv4 unicast", CV_OK, "active", "%s",
		    nb->ipv4_active == CFG_YES ? "active" : "not said");
	/* BIRD names the local AS per protocol: an override only when it
	 * differs from the speaker's */
	override = nb->local_as != -1 && nb->local_as != k->c->local_as;
	if (nb->allowas_in == CFG_YES || override)
		rowf(k, "AS path", CV_INFO, "-", "%s%s",
		    nb->allowas_in == CFG_YES ? "allowas-in" : "",
		    override ? (nb->allowas_in == CFG_YES ?
		    ", local-as" : "local-as") : "");
	if (nb->shutdown == CFG_YES) {
		rowf(k, "admin state", CV_FAULT, "up", "shut down");
		emit(k, FC_CONFIG_NEIGHBOR_SHUTDOWN, nb->line, "%s path: "
		    "neighbor %s is shut down in the config", path,
		    ipstr(&nb->addr, a));
	}
}

static void
check_mtu(struct chk *k, const char *path)
{
	const struct router_cfg_iface *f = k->r->ifc;
	int mss;

	if (f == NULL) {
		rowf(k, "MTU / MSS", CV_NA, "1500", "%s", k->c->nifaces == 0 ?
		    "not in this config" : "-");
		return;
	}
	mss = f->mss != -1 ? f->mss : k->c->mss_all;
	if (f->mtu == -1 || f->mtu >= 1500) {
		if (mss != -1)
			rowf(k, "MTU / MSS", CV_OK, "1500", "%d / %d",
			    f->mtu == -1 ? 1500 : f->mtu, mss);
		else
			rowf(k, "MTU / MSS", CV_OK, "1500", "%d / none",
			    f->mtu == -1 ? 1500 : f->mtu);
		return;
	}
	if (mss != -1 && mss <= f->mtu - 40) {
		rowf(k, "MTU / MSS", CV_OK, "1500", "%d / %d", f->mtu, mss);
		return;
	}
	if (mss != -1)
		rowf(k, "MTU / MSS", CV_WARN, "1500", "%d / %d", f->mtu, mss);
	else
		rowf(k, "MTU / MSS", CV_WARN, "1500", "%d / none", f->mtu);
	emit(k, FC_CONFIG_MSS_NOT_CLAMPED, f->line, "%s path: interface %s MTU "
	    "%d without a TCP MSS clamp of %d or less", path, f->name, f->mtu,
	    f->mtu - 40);
}

void
diag_config(const struct router_cfg *c, const struct cloud_peer *cl,
    struct config_result *res, struct finding_list *fl)
{
	struct chk k;
	size_t i, before;
	int p;

	memset(res, 0, sizeof(*res));
	for (i = 0; i < c->nwarn; i++) {
		struct finding *f = finding_add(fl, FC_CONFIG_LINE_UNCLEAR,
		    "%s:%u: %s", c->input, c->warn[i].line, c->warn[i].what);

		finding_ev_line(f, c->input, c->warn[i].line);
	}
	/* pair first, so that a stray neighbor goes to a path without one */
	for (p = 0; p < AZ_PATH_COUNT; p++)
		if (cl->path[p].present)
			res->path[p].nb = pick_neighbor(c, &cl->path[p]);
	for (p = 0; p < AZ_PATH_COUNT; p++)
		if (cl->path[p].present && res->path[p].nb == NULL)
			res->path[p].nb = stray_neighbor(c, cl, res);
	for (p = 0; p < AZ_PATH_COUNT; p++)
		if (cl->path[p].present)
			res->path[p].ifc = pick_iface(c, cl, &cl->path[p],
			    res->path[p].nb, res);
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		const struct cloud_path *cp = &cl->path[p];
		const char *path = az_path_name((enum az_path)p);
		char px[NET_PREFIX_STRLEN], a[NET_ADDR_STRLEN];

		if (!cp->present)
			continue;
		memset(&k, 0, sizeof(k));
		k.c = c;
		k.cl = cl;
		k.fl = fl;
		k.p = p;
		k.r = &res->path[p];
		k.subj.path = p == AZ_PATH_PRIMARY ? PATH_PRIMARY :
		    PATH_SECONDARY;
		k.subj.local = k.r->ifc != NULL && k.r->ifc->has_addr ?
		    k.r->ifc->addr.addr : cp->customer;
		k.subj.peer = k.r->nb != NULL ? k.r->nb->addr : cp->microsoft;
		k.subj.peer_port = 179;
		if (k.r->nb != NULL && k.r->nb->local_as > 0)
			k.subj.local_as = (uint32_t)k.r->nb->local_as;
		else if (c->local_as > 0)
			k.subj.local_as = (uint32_t)c->local_as;
		k.subj.peer_as = cl->azure_as;
		if (k.r->ifc != NULL) {
			k.subj.vlan = (uint16_t)(k.r->ifc->vlan > 0 ?
			    k.r->ifc->vlan : 0);
			k.subj.inner_vlan = (uint16_t)(k.r->ifc->inner_vlan > 0 ?
			    k.r->ifc->inner_vlan : 0);
		} else if (cl->vlan > 0)
			k.subj.vlan = (uint16_t)cl->vlan;
		before = fl->n;
		if (k.r->nb == NULL) {
			rowf(&k, "neighbor address", CV_FAULT,
			    net_addr_str(&cp->microsoft, a), "none");
			emit(&k, FC_CONFIG_SECONDARY_MISSING, 0, "%s path (%s) "
			    "has no BGP neighbor in the config", path,
			    net_prefix_str(&cp->prefix, px));
			continue;
		}
		check_addresses(&k, cp, path);
		check_vlan(&k, path);
		check_as(&k, path);
		check_md5(&k, path);
		check_timers(&k, path);
		check_bfd(&k, path);
		check_prefixes(&k, path);
		check_misc(&k, path);
		check_mtu(&k, path);
		if (k.r->worst <= CV_INFO) {
			bool bad = false;

			for (i = before; i < fl->n; i++)
				bad = bad || fl->v[i].sev != SEV_INFO;
			if (!bad)
				emit(&k, FC_CONFIG_OK, k.r->nb->line, "%s path: "
				    "the config matches the circuit (neighbor "
				    "%s, VLAN %d)", path,
				    ipstr(&k.r->nb->addr, a), cl->vlan);
		}
	}
}
