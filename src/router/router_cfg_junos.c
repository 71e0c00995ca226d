/*
 * Junos configuration, both forms: `show configuration | display set`
 * (one `set <path> <value>` per line) and the curly-brace form of `show
 * configuration`.  The curly form is flattened into the same statements
 * as the set form, a stack of the enclosing names plus the statement up to
 * its ';', so that one handler reads both.
 *
 * Read here: interfaces IF [mtu M] unit N (vlan-id, vlan-tags outer/inner,
 * family inet address A/len, family inet mtu, disable); routing-options
 * autonomous-system; protocols bgp group G (peer-as, neighbor A, and on
 * either: authentication-key / -key-chain, hold-time,
 * bfd-liveness-detection minimum-interval, family inet unicast
 * [accepted-]prefix-limit maximum, local-as [loops], import, export);
 * policy-statements that accept 0.0.0.0/0 (an export of one is Junos's
 * default-originate); SRX security flow tcp-mss.  Under routing-instances
 * and logical-systems the same paths are read.  inactive: and deactivate
 * leave a statement out, as the router does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "router_cfg_int.h"

#define DEPTH_MAX	24	/* curly nesting kept */
#define FRAME_TOK	6	/* tokens of one opener kept */
#define DEFPOL_MAX	16	/* policy-statements exporting a default */

struct frame {
	struct rtok	 t[FRAME_TOK];
	size_t		 k;
	bool		 inactive;
};

struct junos {
	struct cfgp	*p;
	struct frame	 st[DEPTH_MAX];
	size_t		 depth;		/* may exceed DEPTH_MAX: counted */
	char		 defpol[DEFPOL_MAX][ROUTER_CFG_NAME_MAX];
	size_t		 ndefpol;
	/* interface media MTU, applied to its units at the end */
	char		 phys[64][ROUTER_CFG_NAME_MAX];
	int		 phys_mtu[64];
	size_t		 nphys;
};

static void
def_policy(struct junos *j, const struct rtok *name)
{
	char n[ROUTER_CFG_NAME_MAX];
	size_t i;

	cfg_name(n, sizeof(n), name);
	for (i = 0; i < j->ndefpol; i++)
		if (strcmp(j->defpol[i], n) == 0)
			return;
	if (j->ndefpol < DEFPOL_MAX)
		str_copy(j->defpol[j->ndefpol++], n, sizeof(n));
}

/* A setting of group or neighbor nb: t[0..k). */
static void
bgp_setting(struct junos *j, struct router_cfg_neighbor *nb,
    const struct rtok *t, size_t k, uint32_t line)
{
	int64_t v;
	size_t i;
	uint32_t as;

	if (k == 0)
		return;
	if (cfg_is(&t[0], "peer-as")) {
		if (k >= 2 && router_asn_parse(t[1].s, t[1].n -
		    (t[1].s[t[1].n - 1] == ';'), &as) == 0)
			nb->remote_as = as;
		else
			cfg_warn(j->p, line, "peer-as: not an AS number");
	} else if (cfg_is(&t[0], "authentication-key") ||
	    cfg_is(&t[0], "authentication-key-chain")) {
		/* "$9$..." or clear: only its presence is kept */
		if (k < 2)
			cfg_warn(j->p, line, "authentication-key: no key");
		else
			nb->md5 = CFG_YES;
	} else if (cfg_is(&t[0], "hold-time")) {
		if (k < 2 || cfg_int(&t[1], 0, 65535, &v) == -1) {
			cfg_warn(j->p, line, "hold-time: not seconds");
			return;
		}
		/* Junos sends keepalives at a third of the hold time */
		nb->hold = (int)v;
		nb->keepalive = (int)(v / 3);
	} else if (cfg_is(&t[0], "bfd-liveness-detection")) {
		nb->bfd = CFG_YES;
		for (i = 1; i + 1 < k; i++)
			if (cfg_is(&t[i], "minimum-interval") &&
			    cfg_int(&t[i + 1], 1, 255000, &v) == 0)
				nb->bfd_interval_ms = (int)v;
	} else if (cfg_is(&t[0], "family") && k >= 2) {
		if (!cfg_is(&t[1], "inet")) {
			if (nb->ipv4_active == CFG_UNSET)
				nb->ipv4_active = CFG_NO;
			return;
		}
		if (k >= 3 && !cfg_is(&t[2], "unicast") &&
		    !cfg_is(&t[2], "any"))
			return;		/* inet multicast, flow, ... */
		nb->ipv4_active = CFG_YES;
		for (i = 3; i + 2 < k; i++)
			if ((cfg_is(&t[i], "prefix-limit") ||
			    cfg_is(&t[i], "accepted-prefix-limit")) &&
			    cfg_is(&t[i + 1], "maximum")) {
				if (cfg_int(&t[i + 2], 0, UINT32_MAX, &v) ==
				    -1)
					cfg_warn(j->p, line, "prefix-limit "
					    "maximum: not a count");
				else
					nb->max_prefix = v;
			}
	} else if (cfg_is(&t[0], "local-as")) {
		if (k < 2 || cfg_int(&t[1], 1, UINT32_MAX, &v) == -1) {
			cfg_warn(j->p, line, "local-as: not an AS number");
			return;
		}
		nb->local_as = v;
		for (i = 2; i < k; i++)
			if (cfg_is(&t[i], "loops"))
				nb->allowas_in = CFG_YES;
	} else if ((cfg_is(&t[0], "export") || cfg_is(&t[0], "import")) &&
	    k >= 2) {
		/* export [ A B ]: the first name stands for the chain */
		i = cfg_is(&t[1], "[") && k >= 3 ? 2 : 1;
		if (cfg_is(&t[0], "export")) {
			nb->has_policy_out = true;
			cfg_name(nb->policy_out, sizeof(nb->policy_out), &t[i]);
		} else {
			nb->has_policy_in = true;
			cfg_name(nb->policy_in, sizeof(nb->policy_in), &t[i]);
		}
	} else if (cfg_is(&t[0], "shutdown")) {
		nb->shutdown = CFG_YES;
	}
}

static void
phys_mtu(struct junos *j, const struct rtok *name, int mtu)
{
	size_t i;
	char n[ROUTER_CFG_NAME_MAX];

	cfg_name(n, sizeof(n), name);
	for (i = 0; i < j->nphys; i++)
		if (strcmp(j->phys[i], n) == 0) {
			j->phys_mtu[i] = mtu;
			return;
		}
	if (j->nphys < 64) {
		str_copy(j->phys[j->nphys], n, sizeof(n));
		j->phys_mtu[j->nphys++] = mtu;
	}
}

static void
iface_stmt(struct junos *j, const struct rtok *t, size_t k, uint32_t line)
{
	struct router_cfg_iface *f;
	struct net_prefix px;
	char name[2 * ROUTER_CFG_NAME_MAX];
	int64_t v;
	size_t i;
	int n;

	/* t: IF [unit N ...] | IF mtu M */
	if (k >= 3 && cfg_is(&t[1], "mtu")) {
		if (cfg_int(&t[2], 256, 65535, &v) == 0)
			phys_mtu(j, &t[0], (int)v);
		else
			cfg_warn(j->p, line, "mtu: not a size");
		return;
	}
	if (k < 4 || !cfg_is(&t[1], "unit"))
		return;
	n = snprintf(name, sizeof(name), "%.*s.%.*s", (int)t[0].n, t[0].s,
	    (int)(t[2].n - (t[2].s[t[2].n - 1] == ';')), t[2].s);
	if (n < 0)
		return;
	if ((f = cfg_iface_get(j->p, name, strlen(name), line)) == NULL)
		return;
	t += 3;
	k -= 3;
	if (cfg_is(&t[0], "vlan-id") && k >= 2) {
		if (cfg_int(&t[1], 1, 4094, &v) == 0)
			f->vlan = (int)v;
		else
			cfg_warn(j->p, line, "vlan-id: not 1..4094");
	} else if (cfg_is(&t[0], "vlan-tags")) {
		for (i = 1; i + 1 < k; i++) {
			int *dst = cfg_is(&t[i], "outer") ? &f->vlan :
			    cfg_is(&t[i], "inner") ? &f->inner_vlan : NULL;
			const struct rtok *val = &t[i + 1];
			const char *dot;
			struct rtok tail;

			if (dst == NULL)
				continue;
			/* "outer 0x8100.100": the TPID before the dot */
			if ((dot = memchr(val->s, '.', val->n)) != NULL) {
				tail.s = dot + 1;
				tail.n = val->n - (size_t)(dot + 1 - val->s);
				val = &tail;
			}
			if (cfg_int(val, 1, 4094, &v) == 0)
				*dst = (int)v;
			else
				cfg_warn(j->p, line, "vlan-tags: not 1..4094");
		}
	} else if (cfg_is(&t[0], "family") && k >= 2 && cfg_is(&t[1], "inet")) {
		if (k >= 4 && cfg_is(&t[2], "address")) {
			if (cfg_prefix(&t[3], &px) == -1 ||
			    px.addr.family != NET_AF_INET)
				cfg_warn(j->p, line, "family inet address: not "
				    "an IPv4 prefix");
			else if (!f->has_addr) {
				f->addr = px;
				f->has_addr = true;
			}
		} else if (k >= 4 && cfg_is(&t[2], "mtu")) {
			if (cfg_int(&t[3], 64, 65535, &v) == 0)
				f->mtu = (int)v;
			else
				cfg_warn(j->p, line, "family inet mtu: not a "
				    "size");
		} else if (k >= 4 && cfg_is(&t[2], "tcp-mss")) {
			if (cfg_int(&t[3], 64, 65535, &v) == 0)
				f->mss = (int)v;
		}
	} else if (cfg_is(&t[0], "disable")) {
		f->shutdown = true;
	}
}

/* One statement: the path below "set", or the curly stack plus the
 * statement. */
static void
stmt(struct junos *j, const struct rtok *t, size_t k, uint32_t line)
{
	struct cfgp *p = j->p;
	struct router_cfg_neighbor *g, *nb;
	int64_t v;
	size_t i;
	uint32_t as;

	/* the same paths inside an instance or a logical system */
	while (k >= 3 && (cfg_is(&t[0], "routing-instances") ||
	    cfg_is(&t[0], "logical-systems"))) {
		t += 2;
		k -= 2;
	}
	if (k == 0)
		return;
	if (cfg_is(&t[0], "interfaces") && k >= 2) {
		iface_stmt(j, t + 1, k - 1, line);
		return;
	}
	if (cfg_is(&t[0], "system") && k >= 3 && cfg_is(&t[1], "host-name")) {
		cfg_name(p->c->hostname, sizeof(p->c->hostname), &t[2]);
		return;
	}
	if (cfg_is(&t[0], "routing-options") && k >= 3 &&
	    cfg_is(&t[1], "autonomous-system")) {
		if (router_asn_parse(t[2].s, t[2].n - (t[2].s[t[2].n - 1] ==
		    ';'), &as) == 0)
			p->c->local_as = as;
		else
			cfg_warn(p, line, "autonomous-system: not an AS "
			    "number");
		return;
	}
	if (cfg_is(&t[0], "security") && k >= 6 && cfg_is(&t[1], "flow") &&
	    cfg_is(&t[2], "tcp-mss")) {
		for (i = 3; i + 1 < k; i++)
			if (cfg_is(&t[i], "mss") &&
			    cfg_int(&t[i + 1], 64, 65535, &v) == 0)
				p->c->mss_all = (int)v;
		return;
	}
	/* policy-options policy-statement P [term T] from route-filter
	 * 0.0.0.0/0 ...: a policy that can export the default route */
	if (cfg_is(&t[0], "policy-options") && k >= 4 &&
	    cfg_is(&t[1], "policy-statement")) {
		for (i = 3; i + 1 < k; i++)
			if ((cfg_is(&t[i], "route-filter") ||
			    cfg_is(&t[i], "prefix")) &&
			    (cfg_is(&t[i + 1], "0.0.0.0/0") ||
			    cfg_is(&t[i + 1], "0/0")))
				def_policy(j, &t[2]);
		return;
	}
	if (!cfg_is(&t[0], "protocols") || k < 3 || !cfg_is(&t[1], "bgp"))
		return;
	t += 2;
	k -= 2;
	if (!cfg_is(&t[0], "group") || k < 2) {
		/* bgp-wide: hold-time, local-as, ... as a nameless group
		 * would be; kept on the speaker where the model has it */
		if (cfg_is(&t[0], "hold-time") && k >= 2 &&
		    cfg_int(&t[1], 0, 65535, &v) == 0) {
			p->c->hold = (int)v;
			p->c->keepalive = (int)(v / 3);
		}
		return;
	}
	if ((g = cfg_nb_get(p, t[1].s, t[1].n, line, true)) == NULL)
		return;
	t += 2;
	k -= 2;
	if (k == 0)
		return;
	if (cfg_is(&t[0], "neighbor") && k >= 2) {
		char gname[ROUTER_CFG_NAME_MAX];

		str_copy(gname, g->name, sizeof(gname));
		/* g may move when the neighbor is created */
		if ((nb = cfg_nb_get(p, t[1].s, t[1].n, line, false)) == NULL)
			return;
		if (nb->is_group) {
			cfg_warn(p, line, "bgp neighbor: not an address");
			return;
		}
		if (nb->group[0] == '\0')
			str_copy(nb->group, gname, sizeof(nb->group));
		bgp_setting(j, nb, t + 2, k - 2, line);
		return;
	}
	bgp_setting(j, g, t, k, line);
}

/* ---- the curly form ------------------------------------------------ */

static bool
inactive_now(const struct junos *j)
{
	size_t i;

	for (i = 0; i < j->depth && i < DEPTH_MAX; i++)
		if (j->st[i].inactive)
			return true;
	return false;
}

static void
flat_emit(struct junos *j, const struct rtok *cur, size_t nc, uint32_t line)
{
	struct rtok v[CFG_MAX_TOK];
	size_t n = 0, i, m;

	if (nc == 0 || inactive_now(j))
		return;
	if (cfg_is(&cur[0], "inactive:"))
		return;
	for (i = 0; i < j->depth && i < DEPTH_MAX; i++)
		for (m = 0; m < j->st[i].k && n < CFG_MAX_TOK; m++)
			v[n++] = j->st[i].t[m];
	for (i = 0; i < nc && n < CFG_MAX_TOK; i++)
		v[n++] = cur[i];
	stmt(j, v, n, line);
}

static void
push(struct junos *j, const struct rtok *cur, size_t nc)
{
	struct frame *f;
	size_t i = 0;

	if (j->depth++ >= DEPTH_MAX)
		return;
	f = &j->st[j->depth - 1];
	f->inactive = false;
	if (nc > 0 && cfg_is(&cur[0], "inactive:")) {
		f->inactive = true;
		i = 1;
	}
	for (f->k = 0; i < nc && f->k < FRAME_TOK; i++)
		f->t[f->k++] = cur[i];
}

static void
curly_line(struct junos *j, const struct rline *l, bool *in_comment)
{
	struct rtok t[CFG_MAX_TOK], cur[CFG_MAX_TOK];
	size_t k, i, nc = 0;
	bool quote = false;

	k = rtok_split(l->s, l->n, t, CFG_MAX_TOK);
	for (i = 0; i < k; i++) {
		struct rtok w = t[i];

		if (*in_comment) {
			if (w.n >= 2 && memcmp(w.s + w.n - 2, "*/", 2) == 0)
				*in_comment = false;
			continue;
		}
		if (!quote && w.n >= 2 && memcmp(w.s, "/*", 2) == 0) {
			if (w.n < 4 || memcmp(w.s + w.n - 2, "*/", 2) != 0)
				*in_comment = true;
			continue;
		}
		/* "## SECRET-DATA" and "# comment": the rest of the line */
		if (!quote && w.s[0] == '#')
			break;
		if (quote) {
			if (w.s[w.n - 1] == '"' || (w.n >= 2 &&
			    w.s[w.n - 2] == '"' && w.s[w.n - 1] == ';'))
				quote = false;
		} else if (w.s[0] == '"' && (w.n == 1 ||
		    (w.s[w.n - 1] != '"' && !(w.n >= 3 &&
		    w.s[w.n - 2] == '"' && w.s[w.n - 1] == ';'))))
			quote = true;
		if (!quote && w.n == 1 && w.s[0] == '{') {
			push(j, cur, nc);
			nc = 0;
			continue;
		}
		if (!quote && w.n == 1 && w.s[0] == '}') {
			if (nc > 0)
				flat_emit(j, cur, nc, l->no);
			nc = 0;
			if (j->depth > 0)
				j->depth--;
			continue;
		}
		if (!quote && w.n > 1 && w.s[w.n - 1] == '{') {
			w.n--;
			if (nc < CFG_MAX_TOK)
				cur[nc++] = w;
			push(j, cur, nc);
			nc = 0;
			continue;
		}
		if (nc < CFG_MAX_TOK)
			cur[nc++] = w;
		if (!quote && w.s[w.n - 1] == ';') {
			flat_emit(j, cur, nc, l->no);
			nc = 0;
		}
	}
	/* a statement without ';' at the line end: a pasted fragment */
	if (nc > 0 && !quote)
		flat_emit(j, cur, nc, l->no);
}

/* ---- the file ------------------------------------------------------ */

static void
finish(struct junos *j)
{
	struct router_cfg *c = j->p->c;
	size_t i, m;

	for (i = 0; i < c->nneighbors; i++) {
		struct router_cfg_neighbor *nb = &c->neighbors[i];

		for (m = 0; nb->has_policy_out && m < j->ndefpol; m++)
			if (strcmp(nb->policy_out, j->defpol[m]) == 0)
				nb->default_originate = CFG_YES;
	}
	/* media MTU to IP MTU: the Ethernet header and one tag per VLAN */
	for (i = 0; i < c->nifaces; i++) {
		struct router_cfg_iface *f = &c->ifaces[i];
		const char *dot = strrchr(f->name, '.');
		size_t plen = dot != NULL ? (size_t)(dot - f->name) : 0;

		if (f->mtu != -1 || dot == NULL)
			continue;
		for (m = 0; m < j->nphys; m++)
			if (strlen(j->phys[m]) == plen &&
			    memcmp(j->phys[m], f->name, plen) == 0)
				f->mtu = j->phys_mtu[m] - 14 -
				    (f->vlan != -1 ? 4 : 0) -
				    (f->inner_vlan != -1 ? 4 : 0);
	}
}

int
router_cfg_parse_junos(struct cfgp *p)
{
	struct rtok t[CFG_MAX_TOK];
	struct junos *j;
	bool in_comment = false;
	size_t i, k, m;

	/* the frame stack is large: keep it off the stack */
	if ((j = erw_calloc(1, sizeof(*j))) == NULL) {
		p->nomem = true;
		return -1;
	}
	j->p = p;
	for (i = 0; i < p->n && !p->nomem && !p->limit; i++) {
		const struct rline *l = &p->l[i];

		if (p->c->dialect == ROUTER_CFG_JUNOS) {
			curly_line(j, l, &in_comment);
			continue;
		}
		k = rtok_split(l->s, l->n, t, CFG_MAX_TOK);
		/* "deactivate ..." lines take the statement out; only set
		 * lines are read */
		if (k < 2 || !cfg_is(&t[0], "set"))
			continue;
		/* a "## SECRET-DATA" comment is not part of the value */
		for (m = 2; m < k; m++)
			if (t[m].n >= 2 && t[m].s[0] == '#' && t[m].s[1] == '#')
				k = m;
		stmt(j, t + 1, k - 1, l->no);
	}
	finish(j);
	free(j);
	return p->nomem || p->limit ? -1 : 0;
}
