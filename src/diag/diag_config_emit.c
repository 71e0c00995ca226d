/*
 * The on-premises side that matches a circuit's cloud peer
 * (diag_config.h), written in one dialect of router_cfg.h: for each path
 * a sub-interface with the peering's VLAN and the customer's address of
 * the /30, and a BGP neighbor on Microsoft's address with its AS,
 * keepalive/hold 60/180, BFD, a maximum-prefix and an outbound filter of
 * on-premises prefixes.  When the peering has a sharedKey the neighbor
 * gets a password placeholder, never the key (the export does not carry
 * it).  The checker reads every dialect it writes, and a generated config
 * passes the check (tests/integration/test_config_emit.sh).  Interface
 * names, the router ID and the prefixes to advertise are placeholders the
 * comments name.
 */
#include <stdio.h>
#include <string.h>

#include "diag/diag_config.h"

#define EMIT_MAX_PREFIX	1000	/* what Azure sends: the VNets' prefixes */
#define KEY_PLACEHOLDER	"SHAREDKEY-OF-THE-PEERING"

struct em {
	const struct cloud_peer	*cl;
	struct sb		*sb;
	int64_t			 las;	/* local AS */
	int			 vlan;
};

static const char *
addr(const struct net_addr *a, char *buf)
{
	return net_addr_str(a, buf);
}

static void
ios_like(struct em *m, enum router_cfg_dialect d)
{
	static const char *const ifn[] = { "GigabitEthernet0/0/0",
	    "GigabitEthernet0/0/1" };
	static const char *const ifn_eos[] = { "Ethernet1", "Ethernet2" };
	char c[NET_ADDR_STRLEN], ms[NET_ADDR_STRLEN];
	const char *ind = d == ROUTER_CFG_EOS ? "   " : " ";
	int p;

	sb_addf(m->sb, "! erwatch config --emit %s: the on-premises side of "
	    "%s, %s\n! replace the interface names and TO-AZURE's prefixes\n"
	    "!\n", router_cfg_dialect_name(d), m->cl->circuit, m->cl->peering);
	/* the lines each writes first, which tell the dialect */
	if (d == ROUTER_CFG_FRR)
		sb_add(m->sb, "frr defaults traditional\n!\n");
	else if (d == ROUTER_CFG_EOS)
		sb_add(m->sb, "service routing protocols model multi-agent\n"
		    "!\nip routing\n!\n");
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		const struct cloud_path *cp = &m->cl->path[p];

		if (!cp->present)
			continue;
		if (d == ROUTER_CFG_FRR) {
			sb_addf(m->sb, "interface eth%d.%d\n description "
			    "ExpressRoute %s\n ip address %s/%u\nexit\n!\n",
			    p + 1, m->vlan, az_path_name((enum az_path)p),
			    addr(&cp->customer, c), (unsigned)cp->prefix.len);
			continue;
		}
		sb_addf(m->sb, "interface %s.%d\n%sdescription ExpressRoute "
		    "%s\n", d == ROUTER_CFG_EOS ? ifn_eos[p] : ifn[p], m->vlan,
		    ind, az_path_name((enum az_path)p));
		if (d == ROUTER_CFG_EOS)
			sb_addf(m->sb, "%sencapsulation dot1q vlan %d\n%sip "
			    "address %s/%u\n%stcp mss ceiling ipv4 1360\n", ind,
			    m->vlan, ind, addr(&cp->customer, c),
			    (unsigned)cp->prefix.len, ind);
		else
			sb_addf(m->sb, " encapsulation dot1Q %d\n ip address %s "
			    "255.255.255.252\n ip tcp adjust-mss 1360\n", m->vlan,
			    addr(&cp->customer, c));
		sb_add(m->sb, "!\n");
	}
	sb_addf(m->sb, "ip prefix-list TO-AZURE seq 10 permit 10.0.0.0/8 le "
	    "24\n!\nrouter bgp %lld\n", (long long)m->las);
	if (d == ROUTER_CFG_FRR)
		sb_add(m->sb, " no bgp ebgp-requires-policy\n");
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		const struct cloud_path *cp = &m->cl->path[p];

		if (!cp->present)
			continue;
		addr(&cp->microsoft, ms);
		sb_addf(m->sb, "%sneighbor %s remote-as %u\n%sneighbor %s "
		    "description MSEE %s\n%sneighbor %s timers %d %d\n", ind,
		    ms, m->cl->azure_as, ind, ms, az_path_name((enum az_path)p),
		    ind, ms, CLOUD_KEEPALIVE, CLOUD_HOLD);
		sb_addf(m->sb, "%sneighbor %s %s\n", ind, ms, d ==
		    ROUTER_CFG_IOS ? "fall-over bfd" : "bfd");
		if (m->cl->md5)
			sb_addf(m->sb, "%sneighbor %s password %s\n", ind, ms,
			    KEY_PLACEHOLDER);
	}
	sb_addf(m->sb, "%saddress-family ipv4%s\n", ind, d == ROUTER_CFG_FRR ?
	    " unicast" : "");
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		const struct cloud_path *cp = &m->cl->path[p];

		if (!cp->present)
			continue;
		addr(&cp->microsoft, ms);
		sb_addf(m->sb, "%s%sneighbor %s activate\n%s%sneighbor %s "
		    "prefix-list TO-AZURE out\n%s%sneighbor %s %s %d\n", ind,
		    ind, ms, ind, ind, ms, ind, ind, ms, d == ROUTER_CFG_EOS ?
		    "maximum-routes" : "maximum-prefix", EMIT_MAX_PREFIX);
	}
	sb_addf(m->sb, "%s%s\n", ind, d == ROUTER_CFG_EOS ? "exit" :
	    "exit-address-family");
	sb_add(m->sb, d == ROUTER_CFG_FRR ? "exit\n" : "!\nend\n");
}

static void
block(struct em *m, enum router_cfg_dialect d)
{
	char c[NET_ADDR_STRLEN], ms[NET_ADDR_STRLEN];
	bool xr = d == ROUTER_CFG_XR;
	int p;

	sb_addf(m->sb, "!! erwatch config --emit %s: the on-premises side of "
	    "%s, %s\n!! replace the interface names and the prefixes to "
	    "advertise\n", router_cfg_dialect_name(d), m->cl->circuit,
	    m->cl->peering);
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		const struct cloud_path *cp = &m->cl->path[p];

		if (!cp->present)
			continue;
		if (xr)
			sb_addf(m->sb, "interface TenGigE0/0/0/%d.%d\n "
			    "description ExpressRoute %s\n ipv4 address %s "
			    "255.255.255.252\n encapsulation dot1q %d\n!\n", p,
			    m->vlan, az_path_name((enum az_path)p),
			    addr(&cp->customer, c), m->vlan);
		else
			sb_addf(m->sb, "interface Ethernet1/%d.%d\n  description "
			    "ExpressRoute %s\n  encapsulation dot1q %d\n  ip "
			    "address %s/%u\n  no shutdown\n\n", p + 1, m->vlan,
			    az_path_name((enum az_path)p), m->vlan,
			    addr(&cp->customer, c), (unsigned)cp->prefix.len);
	}
	if (xr)
		sb_add(m->sb, "route-policy TO-AZURE\n  if destination in "
		    "(10.0.0.0/8 le 24) then\n    pass\n  else\n    drop\n  "
		    "endif\nend-policy\n!\nroute-policy FROM-AZURE\n  pass\n"
		    "end-policy\n!\n");
	else
		sb_add(m->sb, "feature bgp\nfeature bfd\nip prefix-list TO-AZURE "
		    "seq 10 permit 10.0.0.0/8 le 24\n\n");
	sb_addf(m->sb, "router bgp %lld\n", (long long)m->las);
	if (xr)
		sb_add(m->sb, " address-family ipv4 unicast\n !\n");
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		const struct cloud_path *cp = &m->cl->path[p];
		const char *i1 = xr ? " " : "  ", *i2 = xr ? "  " : "    ";
		const char *i3 = xr ? "   " : "      ";

		if (!cp->present)
			continue;
		addr(&cp->microsoft, ms);
		sb_addf(m->sb, "%sneighbor %s\n%sremote-as %u\n%sdescription "
		    "MSEE %s\n%stimers %d %d\n", i1, ms, i2, m->cl->azure_as,
		    i2, az_path_name((enum az_path)p), i2, CLOUD_KEEPALIVE,
		    CLOUD_HOLD);
		if (xr)
			sb_addf(m->sb, "%sbfd fast-detect\n%sbfd "
			    "minimum-interval %d\n", i2, i2, CLOUD_BFD_MS);
		else
			sb_addf(m->sb, "%sbfd\n", i2);
		if (m->cl->md5)
			sb_addf(m->sb, "%spassword %s\n", i2, xr ?
			    "clear " KEY_PLACEHOLDER : "0 " KEY_PLACEHOLDER);
		sb_addf(m->sb, "%saddress-family ipv4 unicast\n", i2);
		if (xr)
			sb_addf(m->sb, "%sroute-policy FROM-AZURE in\n%s"
			    "route-policy TO-AZURE out\n", i3, i3);
		else
			sb_addf(m->sb, "%sprefix-list TO-AZURE out\n", i3);
		sb_addf(m->sb, "%smaximum-prefix %d\n", i3, EMIT_MAX_PREFIX);
		if (xr)
			sb_add(m->sb, "  !\n !\n");
	}
	if (xr)
		sb_add(m->sb, "!\nend\n");
}

static void
junos(struct em *m, bool set)
{
	char c[NET_ADDR_STRLEN], ms[NET_ADDR_STRLEN];
	static const char *const ifn[] = { "xe-0/0/0", "xe-0/0/1" };
	int p;

	if (set) {
		sb_addf(m->sb, "# erwatch config --emit junos-set: the "
		    "on-premises side of %s, %s\n# replace the interface names "
		    "and the ONPREM prefixes\n", m->cl->circuit,
		    m->cl->peering);
		for (p = 0; p < AZ_PATH_COUNT; p++) {
			const struct cloud_path *cp = &m->cl->path[p];

			if (!cp->present)
				continue;
			sb_addf(m->sb, "set interfaces %s flexible-vlan-tagging\n"
			    "set interfaces %s unit %d vlan-id %d\nset "
			    "interfaces %s unit %d family inet address %s/%u\n",
			    ifn[p], ifn[p], m->vlan, m->vlan, ifn[p], m->vlan,
			    addr(&cp->customer, c), (unsigned)cp->prefix.len);
		}
		sb_addf(m->sb, "set routing-options autonomous-system %lld\n"
		    "set policy-options prefix-list ONPREM 10.0.0.0/8\n"
		    "set policy-options policy-statement TO-AZURE term onprem "
		    "from prefix-list-filter ONPREM orlonger\nset policy-options "
		    "policy-statement TO-AZURE term onprem then accept\nset "
		    "policy-options policy-statement TO-AZURE term rest then "
		    "reject\n", (long long)m->las);
		sb_addf(m->sb, "set protocols bgp group AZURE type external\n"
		    "set protocols bgp group AZURE peer-as %u\nset protocols "
		    "bgp group AZURE hold-time %d\nset protocols bgp group "
		    "AZURE export TO-AZURE\nset protocols bgp group AZURE "
		    "family inet unicast prefix-limit maximum %d\nset protocols "
		    "bgp group AZURE bfd-liveness-detection minimum-interval "
		    "%d\nset protocols bgp group AZURE bfd-liveness-detection "
		    "multiplier %d\n", m->cl->azure_as, CLOUD_HOLD,
		    EMIT_MAX_PREFIX, CLOUD_BFD_MS, CLOUD_BFD_MULT);
		if (m->cl->md5)
			sb_add(m->sb, "set protocols bgp group AZURE "
			    "authentication-key \"" KEY_PLACEHOLDER "\"\n");
		for (p = 0; p < AZ_PATH_COUNT; p++)
			if (m->cl->path[p].present)
				sb_addf(m->sb, "set protocols bgp group AZURE "
				    "neighbor %s\n", addr(&m->cl->path[p].
				    microsoft, ms));
		return;
	}
	sb_addf(m->sb, "/* erwatch config --emit junos: the on-premises side "
	    "of %s, %s; replace the interface names and ONPREM */\n"
	    "interfaces {\n", m->cl->circuit, m->cl->peering);
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		const struct cloud_path *cp = &m->cl->path[p];

		if (!cp->present)
			continue;
		sb_addf(m->sb, "    %s {\n        flexible-vlan-tagging;\n"
		    "        unit %d {\n            vlan-id %d;\n            "
		    "family inet {\n                address %s/%u;\n          "
		    "  }\n        }\n    }\n", ifn[p], m->vlan, m->vlan,
		    addr(&cp->customer, c), (unsigned)cp->prefix.len);
	}
	sb_addf(m->sb, "}\nrouting-options {\n    autonomous-system %lld;\n}\n"
	    "policy-options {\n    prefix-list ONPREM {\n        10.0.0.0/8;\n"
	    "    }\n    policy-statement TO-AZURE {\n        term onprem {\n"
	    "            from {\n                prefix-list-filter ONPREM "
	    "orlonger;\n            }\n            then accept;\n        }\n"
	    "        term rest {\n            then reject;\n        }\n    }\n"
	    "}\n", (long long)m->las);
	sb_addf(m->sb, "protocols {\n    bgp {\n        group AZURE {\n"
	    "            type external;\n            peer-as %u;\n"
	    "            hold-time %d;\n            export TO-AZURE;\n",
	    m->cl->azure_as, CLOUD_HOLD);
	if (m->cl->md5)
		sb_add(m->sb, "            authentication-key \""
		    KEY_PLACEHOLDER "\";\n");
	sb_addf(m->sb, "            family inet {\n                unicast {\n"
	    "                    prefix-limit {\n                        "
	    "maximum %d;\n                    }\n                }\n"
	    "            }\n            bfd-liveness-detection {\n"
	    "                minimum-interval %d;\n                multiplier "
	    "%d;\n            }\n", EMIT_MAX_PREFIX, CLOUD_BFD_MS,
	    CLOUD_BFD_MULT);
	for (p = 0; p < AZ_PATH_COUNT; p++)
		if (m->cl->path[p].present)
			sb_addf(m->sb, "            neighbor %s;\n",
			    addr(&m->cl->path[p].microsoft, ms));
	sb_add(m->sb, "        }\n    }\n}\n");
}

static void
bird(struct em *m)
{
	char c[NET_ADDR_STRLEN], ms[NET_ADDR_STRLEN];
	int p;

	sb_addf(m->sb, "# erwatch config --emit bird: the on-premises side of "
	    "%s, %s\n# the sub-interfaces (VLAN %d) are the Linux side's:\n",
	    m->cl->circuit, m->cl->peering, m->vlan);
	for (p = 0; p < AZ_PATH_COUNT; p++)
		if (m->cl->path[p].present)
			sb_addf(m->sb, "#   ip link add link eth%d name eth%d.%d "
			    "type vlan id %d; ip addr add %s/%u dev eth%d.%d\n",
			    p + 1, p + 1, m->vlan, m->vlan,
			    addr(&m->cl->path[p].customer, c),
			    (unsigned)m->cl->path[p].prefix.len, p + 1,
			    m->vlan);
	sb_addf(m->sb, "# and clamp the MSS there if their MTU is below 1500\n"
	    "\nfilter to_azure {\n\tif net ~ [ 10.0.0.0/8{8,24} ] then "
	    "accept;\n\treject;\n}\n\nprotocol bfd {\n\tinterface \"eth*\" "
	    "{\n\t\tmin rx interval %d ms;\n\t\tmin tx interval %d ms;\n"
	    "\t\tmultiplier %d;\n\t};\n}\n\ntemplate bgp azure {\n\tlocal as "
	    "%lld;\n\thold time %d;\n\tkeepalive time %d;\n\tbfd on;\n",
	    CLOUD_BFD_MS, CLOUD_BFD_MS, CLOUD_BFD_MULT, (long long)m->las,
	    CLOUD_HOLD, CLOUD_KEEPALIVE);
	if (m->cl->md5)
		sb_add(m->sb, "\tpassword \"" KEY_PLACEHOLDER "\";\n");
	sb_addf(m->sb, "\tipv4 {\n\t\timport limit %d action restart;\n"
	    "\t\timport all;\n\t\texport filter to_azure;\n\t};\n}\n",
	    EMIT_MAX_PREFIX);
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		const struct cloud_path *cp = &m->cl->path[p];

		if (!cp->present)
			continue;
		sb_addf(m->sb, "\nprotocol bgp msee_%s from azure {\n\tlocal %s "
		    "as %lld;\n\tneighbor %s as %u;\n}\n",
		    az_path_name((enum az_path)p), addr(&cp->customer, c),
		    (long long)m->las, addr(&cp->microsoft, ms),
		    m->cl->azure_as);
	}
}

int
diag_config_emit(const struct cloud_peer *cl, enum router_cfg_dialect d,
    struct sb *out, struct err *e)
{
	struct em m;

	m.cl = cl;
	m.sb = out;
	/* without an exported peerASN: a private AS, said in a comment */
	m.las = cl->peer_as > 0 ? cl->peer_as : 64512;
	m.vlan = cl->vlan > 0 ? cl->vlan : 100;
	if (cl->peer_as <= 0 || cl->vlan <= 0)
		sb_addf(out, "%s the export has no %s: %s is a placeholder\n",
		    d == ROUTER_CFG_JUNOS ? "/*" : d == ROUTER_CFG_JUNOS_SET ||
		    d == ROUTER_CFG_BIRD ? "#" : "!", cl->peer_as <= 0 ?
		    "peerASN" : "vlanId", cl->peer_as <= 0 ? "AS 64512" :
		    "VLAN 100");
	if (d == ROUTER_CFG_JUNOS && (cl->peer_as <= 0 || cl->vlan <= 0))
		sb_add(out, " */\n");
	switch (d) {
	case ROUTER_CFG_IOS:
	case ROUTER_CFG_EOS:
	case ROUTER_CFG_FRR:
		ios_like(&m, d);
		break;
	case ROUTER_CFG_NXOS:
	case ROUTER_CFG_XR:
		block(&m, d);
		break;
	case ROUTER_CFG_JUNOS:
	case ROUTER_CFG_JUNOS_SET:
		junos(&m, d == ROUTER_CFG_JUNOS_SET);
		break;
	case ROUTER_CFG_BIRD:
		bird(&m);
		break;
	default:
		return ERR(e, ERR_INPUT, "no generator for dialect %s",
		    router_cfg_dialect_name(d));
	}
	if (out->failed)
		return ERR(e, ERR_NOMEM, "out of memory writing the config");
	return 0;
}
