/*
 * The Cisco-like configuration family: IOS / IOS-XE, Arista EOS and FRR
 * (frr.conf / bgpd.conf), whose BGP settings are one-line
 * `neighbor A <setting>` statements under `router bgp N`, and NX-OS and
 * IOS-XR, which open a block `neighbor A` and indent its settings (with
 * `template peer` / `neighbor-group` blocks for groups).  One walker reads
 * both: a block is an indentation level, a context ends at the first line
 * that is not indented below its opener.
 *
 * Read here: hostname; interface blocks (encapsulation dot1Q N
 * [second-dot1q M], EOS "dot1q vlan N [inner M]", ip/ipv4 address with a
 * netmask or a length, mtu / ip mtu, ip tcp adjust-mss, EOS tcp mss
 * ceiling, shutdown); router bgp (timers bgp, no bgp default
 * ipv4-unicast, address-family ipv4 with activate, and per neighbor or
 * group: remote-as, peer-group membership, password, timers, fall-over
 * bfd / bfd, maximum-prefix (EOS maximum-routes), default-originate,
 * local-as, allowas-in, route-map / route-policy / prefix-list, shutdown).
 */
#include <string.h>

#include "router_cfg_int.h"

enum ctx {
	CTX_TOP = 0,
	CTX_IFACE,
	CTX_BGP
};

enum af {
	AF_NONE = 0,	/* global: IOS's implicit ipv4 unicast */
	AF_V4,		/* address-family ipv4 [unicast] [vrf X] */
	AF_OTHER	/* ipv6, vpnv4, l2vpn...: not the peering's */
};

struct ios {
	struct cfgp		*p;
	enum ctx		 ctx;
	size_t			 ctx_indent;
	struct router_cfg_iface	*ifc;
	bool			 ip_mtu;	/* "ip mtu" seen: it wins */
	enum af			 af;
	size_t			 af_indent;
	/* an open block neighbor (NX-OS, XR), by index: the array moves */
	bool			 blk;
	size_t			 blk_idx;
	size_t			 blk_indent;
	enum af			 blk_af;
	size_t			 blk_af_indent;
};

static size_t
indent_of(const struct rline *l)
{
	size_t i = 0;

	while (i < l->n && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	return i;
}

/* ---- interfaces ---------------------------------------------------- */

static void
vlan_tok(struct ios *o, const struct rtok *t, int *out, uint32_t line)
{
	int64_t v;

	if (cfg_int(t, 1, 4094, &v) == 0)
		*out = (int)v;
	else
		cfg_warn(o->p, line, "encapsulation: VLAN ID is not 1..4094");
}

static void
iface_line(struct ios *o, const struct rtok *t, size_t k, uint32_t line)
{
	struct router_cfg_iface *f = o->ifc;
	struct net_prefix px;
	uint8_t len;
	int64_t v;
	size_t i;

	if (f == NULL)
		return;
	if (cfg_is(&t[0], "encapsulation") && k >= 3 &&
	    cfg_is(&t[1], "dot1q")) {
		/* EOS: encapsulation dot1q vlan N [inner M] */
		i = cfg_is(&t[2], "vlan") ? 3 : 2;
		if (i >= k) {
			cfg_warn(o->p, line, "encapsulation dot1q: no VLAN ID");
			return;
		}
		vlan_tok(o, &t[i], &f->vlan, line);
		for (i++; i + 1 < k; i++)
			if (cfg_is(&t[i], "second-dot1q") ||
			    cfg_is(&t[i], "inner"))
				vlan_tok(o, &t[i + 1], &f->inner_vlan, line);
		return;
	}
	if ((cfg_is(&t[0], "ip") || cfg_is(&t[0], "ipv4")) && k >= 3 &&
	    cfg_is(&t[1], "address")) {
		bool secondary = k >= 5 && cfg_is(&t[4], "secondary");

		if (cfg_prefix(&t[2], &px) == -1 || px.addr.family !=
		    NET_AF_INET) {
			cfg_warn(o->p, line, "ip address: not an IPv4 address");
			return;
		}
		if (memchr(t[2].s, '/', t[2].n) == NULL) {
			if (k < 4 || cfg_mask_len(&t[3], &len) == -1) {
				cfg_warn(o->p, line, "ip address: no netmask");
				return;
			}
			px.len = len;
		}
		if (secondary && f->has_addr)
			return;
		f->addr = px;
		f->has_addr = true;
		return;
	}
	if ((cfg_is(&t[0], "mtu") && k >= 2) ||
	    ((cfg_is(&t[0], "ip") || cfg_is(&t[0], "ipv4")) && k >= 3 &&
	    cfg_is(&t[1], "mtu"))) {
		bool ip = !cfg_is(&t[0], "mtu");

		if (cfg_int(&t[ip ? 2 : 1], 64, 65535, &v) == -1) {
			cfg_warn(o->p, line, "mtu: not a size 64..65535");
			return;
		}
		if (ip || !o->ip_mtu)
			f->mtu = (int)v;
		if (ip)
			o->ip_mtu = true;
		return;
	}
	/* ip tcp adjust-mss N; EOS tcp mss ceiling ipv4 N; XR ipv4
	 * tcp-mss-adjust N */
	if ((cfg_is(&t[0], "ip") && k >= 4 && cfg_is(&t[1], "tcp") &&
	    cfg_is(&t[2], "adjust-mss")) || (cfg_is(&t[0], "ipv4") && k >= 3 &&
	    cfg_is(&t[1], "tcp-mss-adjust")) || (cfg_is(&t[0], "tcp") &&
	    k >= 5 && cfg_is(&t[1], "mss") && cfg_is(&t[2], "ceiling"))) {
		if (cfg_int(&t[k - 1], 64, 65535, &v) == -1) {
			cfg_warn(o->p, line, "TCP MSS adjust: not a size");
			return;
		}
		f->mss = (int)v;
		return;
	}
	if (cfg_is(&t[0], "shutdown") && k == 1)
		f->shutdown = true;
}

/* FRR reads the Linux side: "eth0.210" is VLAN 210 on eth0, "eth0.100.210"
 * QinQ, when the file says no encapsulation of its own. */
static void
linux_vlan(struct router_cfg_iface *f)
{
	const char *d1, *d2;
	long a, b;
	char *end;

	if (f->vlan != -1 || (d1 = strchr(f->name, '.')) == NULL)
		return;
	a = strtol(d1 + 1, &end, 10);
	if (end == d1 + 1 || a < 1 || a > 4094)
		return;
	d2 = *end == '.' ? end : NULL;
	if (d2 == NULL && *end != '\0')
		return;
	f->vlan = (int)a;
	if (d2 != NULL) {
		b = strtol(d2 + 1, &end, 10);
		if (end != d2 + 1 && *end == '\0' && b >= 1 && b <= 4094)
			f->inner_vlan = (int)b;
	}
}

/* ---- BGP ----------------------------------------------------------- */

static void
set_policy(struct router_cfg_neighbor *nb, const struct rtok *name,
    const struct rtok *dir)
{
	if (cfg_is(dir, "in")) {
		nb->has_policy_in = true;
		cfg_name(nb->policy_in, sizeof(nb->policy_in), name);
	} else if (cfg_is(dir, "out")) {
		nb->has_policy_out = true;
		cfg_name(nb->policy_out, sizeof(nb->policy_out), name);
	}
}

/*
 * One setting of nb: t[0..k) is what follows "neighbor A" (one-line
 * form) or the whole line (block form).  af is the address family the
 * setting is under.  neg: the line began with "no".
 */
static void
nb_setting(struct ios *o, struct router_cfg_neighbor *nb,
    const struct rtok *t, size_t k, enum af af, bool neg, uint32_t line)
{
	int64_t v, w;

	if (k == 0)
		return;
	if (cfg_is(&t[0], "activate")) {
		if (af != AF_OTHER)
			nb->ipv4_active = neg ? CFG_NO : CFG_YES;
		return;
	}
	if (neg)
		return;
	if (cfg_is(&t[0], "remote-as")) {
		if (k < 2 || cfg_int(&t[1], 1, UINT32_MAX, &v) == -1) {
			/* "4200000000", "65000.100" (asdot) */
			uint32_t as;

			if (k >= 2 && router_asn_parse(t[1].s, t[1].n, &as) ==
			    0)
				nb->remote_as = as;
			else
				cfg_warn(o->p, line, "remote-as: not an AS "
				    "number");
			return;
		}
		nb->remote_as = v;
	} else if (cfg_is(&t[0], "peer-group") || (cfg_is(&t[0], "peer") &&
	    k >= 3 && cfg_is(&t[1], "group"))) {
		size_t i = cfg_is(&t[0], "peer") ? 2 : 1;

		if (k > i && !nb->is_group)
			cfg_name(nb->group, sizeof(nb->group), &t[i]);
	} else if (cfg_is(&t[0], "inherit") && k >= 3 &&
	    cfg_is(&t[1], "peer")) {
		cfg_name(nb->group, sizeof(nb->group), &t[2]);
	} else if (cfg_is(&t[0], "use") && k >= 3 &&
	    cfg_is(&t[1], "neighbor-group")) {
		cfg_name(nb->group, sizeof(nb->group), &t[2]);
	} else if (cfg_is(&t[0], "password")) {
		/* the key itself is not looked at beyond being there */
		if (k < 2)
			cfg_warn(o->p, line, "password: no key");
		else
			nb->md5 = CFG_YES;
	} else if (cfg_is(&t[0], "timers")) {
		size_t i = k >= 2 && cfg_is(&t[1], "bgp") ? 2 : 1;

		if (k < i + 2 || cfg_int(&t[i], 0, 65535, &v) == -1 ||
		    cfg_int(&t[i + 1], 0, 65535, &w) == -1) {
			cfg_warn(o->p, line, "timers: needs keepalive and "
			    "hold time");
			return;
		}
		nb->keepalive = (int)v;
		nb->hold = (int)w;
	} else if ((cfg_is(&t[0], "fall-over") && k >= 2 &&
	    cfg_is(&t[1], "bfd")) || cfg_is(&t[0], "bfd")) {
		nb->bfd = CFG_YES;
		if (cfg_is(&t[0], "bfd") && k >= 3 &&
		    cfg_is(&t[1], "minimum-interval") &&
		    cfg_int(&t[2], 1, 60000, &v) == 0)
			nb->bfd_interval_ms = (int)v;
	} else if (cfg_is(&t[0], "maximum-prefix") ||
	    cfg_is(&t[0], "maximum-routes")) {
		if (af == AF_OTHER)
			return;
		if (k < 2 || cfg_int(&t[1], 0, UINT32_MAX, &v) == -1) {
			cfg_warn(o->p, line, "maximum-prefix: not a count");
			return;
		}
		/* EOS "maximum-routes 0" is no limit */
		nb->max_prefix = v == 0 && cfg_is(&t[0], "maximum-routes") ?
		    -1 : v;
	} else if (cfg_is(&t[0], "default-originate")) {
		if (af != AF_OTHER)
			nb->default_originate = CFG_YES;
	} else if (cfg_is(&t[0], "local-as")) {
		if (k < 2 || cfg_int(&t[1], 1, UINT32_MAX, &v) == -1) {
			cfg_warn(o->p, line, "local-as: not an AS number");
			return;
		}
		nb->local_as = v;
	} else if (cfg_is(&t[0], "allowas-in")) {
		if (af != AF_OTHER)
			nb->allowas_in = CFG_YES;
	} else if ((cfg_is(&t[0], "route-map") ||
	    cfg_is(&t[0], "route-policy") || cfg_is(&t[0], "prefix-list") ||
	    cfg_is(&t[0], "filter-list") ||
	    cfg_is(&t[0], "distribute-list")) && k >= 3) {
		if (af != AF_OTHER)
			set_policy(nb, &t[1], &t[2]);
	} else if (cfg_is(&t[0], "shutdown")) {
		nb->shutdown = CFG_YES;
	}
}

static enum af
af_of(const struct rtok *t, size_t k)
{
	/* address-family ipv4 [unicast] [vrf X]; multicast is another */
	if (k >= 2 && cfg_is(&t[1], "ipv4") && (k == 2 ||
	    cfg_is(&t[2], "unicast") || cfg_is(&t[2], "vrf")))
		return AF_V4;
	return AF_OTHER;
}

static void
bgp_line(struct ios *o, const struct rtok *t, size_t k, size_t ind,
    uint32_t line)
{
	struct cfgp *p = o->p;
	struct router_cfg_neighbor *nb;
	bool neg = false;
	int64_t v, w;
	size_t off;

	/* leaving the blocks this line is not inside */
	if (o->blk && ind <= o->blk_indent)
		o->blk = false;
	if (o->blk && o->blk_af != AF_NONE && ind <= o->blk_af_indent)
		o->blk_af = AF_NONE;
	if (o->af != AF_NONE && ind <= o->af_indent && !cfg_is(&t[0],
	    "neighbor"))
		o->af = AF_NONE;
	if (cfg_is(&t[0], "exit-address-family") || cfg_is(&t[0], "exit")) {
		if (o->blk && o->blk_af != AF_NONE)
			o->blk_af = AF_NONE;
		else
			o->af = AF_NONE;
		return;
	}
	if (o->blk) {
		nb = &p->c->neighbors[o->blk_idx];
		if (cfg_is(&t[0], "address-family")) {
			o->blk_af = af_of(t, k);
			o->blk_af_indent = ind;
			if (o->blk_af == AF_V4)
				nb->ipv4_active = CFG_YES;
			return;
		}
		nb_setting(o, nb, t, k, o->blk_af == AF_NONE ? AF_V4 :
		    o->blk_af, false, line);
		return;
	}
	if (cfg_is(&t[0], "no") && k >= 2) {
		neg = true;
		t++;
		k--;
	}
	if (cfg_is(&t[0], "bgp") && k >= 2 &&
	    cfg_is(&t[1], "default") && k >= 3 &&
	    cfg_is(&t[2], "ipv4-unicast")) {
		p->c->ipv4_default_off = neg;
		return;
	}
	if (neg && !cfg_is(&t[0], "neighbor"))
		return;
	if (cfg_is(&t[0], "timers") && k >= 4 && cfg_is(&t[1], "bgp")) {
		if (cfg_int(&t[2], 0, 65535, &v) == -1 ||
		    cfg_int(&t[3], 0, 65535, &w) == -1) {
			cfg_warn(p, line, "timers bgp: needs keepalive and "
			    "hold time");
			return;
		}
		p->c->keepalive = (int)v;
		p->c->hold = (int)w;
		return;
	}
	if (cfg_is(&t[0], "address-family")) {
		o->af = af_of(t, k);
		o->af_indent = ind;
		return;
	}
	/* NX-OS template peer NAME, XR neighbor-group NAME: group blocks */
	if ((cfg_is(&t[0], "template") && k >= 3 && cfg_is(&t[1], "peer")) ||
	    (cfg_is(&t[0], "neighbor-group") && k >= 2)) {
		off = cfg_is(&t[0], "template") ? 2 : 1;
		if ((nb = cfg_nb_get(p, t[off].s, t[off].n, line, true)) ==
		    NULL)
			return;
		o->blk = true;
		o->blk_idx = (size_t)(nb - p->c->neighbors);
		o->blk_indent = ind;
		o->blk_af = AF_NONE;
		return;
	}
	if (!cfg_is(&t[0], "neighbor") || k < 2)
		return;
	if ((nb = cfg_nb_get(p, t[1].s, t[1].n, line, false)) == NULL)
		return;
	if (k == 2 || (k == 4 && cfg_is(&t[2], "remote-as") &&
	    (p->c->dialect == ROUTER_CFG_NXOS ||
	    p->c->dialect == ROUTER_CFG_XR))) {
		/* "neighbor A" (NX-OS, XR) opens a block; NX-OS also
		 * writes "neighbor A remote-as N" as its opener */
		if (neg)
			return;
		o->blk = true;
		o->blk_idx = (size_t)(nb - p->c->neighbors);
		o->blk_indent = ind;
		o->blk_af = AF_NONE;
		if (k == 4)
			nb_setting(o, nb, t + 2, 2, AF_V4, false, line);
		return;
	}
	/* "neighbor G peer-group" defines G: a group, not a member */
	if (k == 3 && cfg_is(&t[2], "peer-group") && !nb->is_group)
		return;
	nb_setting(o, nb, t + 2, k - 2, o->af, neg, line);
}

int
router_cfg_parse_ios(struct cfgp *p)
{
	struct router_cfg *c = p->c;
	struct rtok t[CFG_MAX_TOK];
	struct ios o;
	size_t i, k, ind;
	int64_t v;
	uint32_t as;

	memset(&o, 0, sizeof(o));
	o.p = p;
	for (i = 0; i < p->n && !p->nomem && !p->limit; i++) {
		const struct rline *l = &p->l[i];

		k = rtok_split(l->s, l->n, t, CFG_MAX_TOK);
		if (k == 0 || t[0].s[0] == '!' || t[0].s[0] == '#')
			continue;
		ind = indent_of(l);
		if (o.ctx != CTX_TOP && ind <= o.ctx_indent) {
			/* FRR and EOS close blocks with an indented "exit" */
			if (o.ctx == CTX_IFACE && c->dialect == ROUTER_CFG_FRR &&
			    o.ifc != NULL)
				linux_vlan(o.ifc);
			o.ctx = CTX_TOP;
			o.ifc = NULL;
			o.blk = false;
			o.af = AF_NONE;
		}
		if (o.ctx == CTX_IFACE) {
			iface_line(&o, t, k, l->no);
			continue;
		}
		if (o.ctx == CTX_BGP) {
			bgp_line(&o, t, k, ind, l->no);
			continue;
		}
		if (cfg_is(&t[0], "hostname") && k >= 2) {
			cfg_name(c->hostname, sizeof(c->hostname), &t[1]);
		} else if (cfg_is(&t[0], "interface") && k >= 2) {
			o.ctx = CTX_IFACE;
			o.ctx_indent = ind;
			o.ip_mtu = false;
			o.ifc = cfg_iface_new(p, t[1].s, t[1].n, l->no);
			/* XR: interface X.210 l2transport is not routed */
		} else if (cfg_is(&t[0], "router") && k >= 3 &&
		    cfg_is(&t[1], "bgp")) {
			o.ctx = CTX_BGP;
			o.ctx_indent = ind;
			if (router_asn_parse(t[2].s, t[2].n, &as) == 0)
				c->local_as = as;
			else if (cfg_int(&t[2], 1, UINT32_MAX, &v) == 0)
				c->local_as = v;
			else
				cfg_warn(p, l->no, "router bgp: not an AS "
				    "number");
		}
	}
	if (o.ctx == CTX_IFACE && c->dialect == ROUTER_CFG_FRR && o.ifc != NULL)
		linux_vlan(o.ifc);
	return p->nomem || p->limit ? -1 : 0;
}
