/*
 * BIRD 2 configuration (bird.conf): `protocol bgp NAME [from TEMPLATE]
 * { ... }` and `template bgp NAME { ... }` blocks.  BIRD's grammar is
 * statements ending in ';' and blocks in braces, free of line structure,
 * so the text is read as one stream of tokens across lines ('#' comments
 * to the line end and C comments removed).
 *
 * Read per protocol or template: local [A] as N, neighbor A [port P] as
 * N, password, hold time, keepalive time, bfd (on/off, or a block with
 * its intervals), allow local as, disabled, and in the ipv4 channel
 * (which activates IPv4 unicast): import/receive limit N, import and
 * export filters (an export of 0.0.0.0/0 alone is BIRD's
 * default-originate).  BIRD has no interfaces of its own: the Linux side
 * has them.
 */
#include <string.h>

#include "router_cfg_int.h"

enum chan {
	CH_NONE = 0,
	CH_V4,
	CH_OTHER
};

struct bird {
	struct cfgp			*p;
	int				 depth;
	/* the protocol or template being read */
	bool				 in_proto;
	bool				 is_template;
	int				 proto_depth;
	char				 name[ROUTER_CFG_NAME_MAX];
	struct router_cfg_neighbor	 nb;
	bool				 has_addr;
	struct rtok			 addr_tok;
	char				 addr_buf[NET_ADDR_STRLEN + 8];
	enum chan			 chan;
	int				 chan_depth;
	bool				 in_bfd;
	int				 bfd_depth;
};

static void
proto_open(struct bird *b, const struct rtok *t, size_t k, uint32_t line)
{
	size_t i;

	memset(&b->nb, 0, sizeof(b->nb));
	b->nb.remote_as = b->nb.local_as = b->nb.max_prefix = -1;
	b->nb.hold = b->nb.keepalive = b->nb.bfd_interval_ms = -1;
	b->nb.line = line;
	b->in_proto = true;
	b->is_template = cfg_is(&t[0], "template");
	b->proto_depth = b->depth;
	b->has_addr = false;
	b->chan = CH_NONE;
	b->name[0] = '\0';
	if (k >= 3)
		cfg_name(b->name, sizeof(b->name), &t[2]);
	for (i = 3; i + 1 < k; i++)
		if (cfg_is(&t[i], "from"))
			cfg_name(b->nb.group, sizeof(b->nb.group), &t[i + 1]);
}

/* The protocol's settings into the model: a neighbor by its address, a
 * template by its name (members inherit in router_cfg.c). */
static void
proto_close(struct bird *b)
{
	struct cfgp *p = b->p;
	struct router_cfg_neighbor *nb;
	char nm[ROUTER_CFG_NAME_MAX];

	b->in_proto = false;
	if (b->is_template) {
		if (b->name[0] == '\0' || (nb = cfg_nb_get(p, b->name,
		    strlen(b->name), b->nb.line, true)) == NULL)
			return;
	} else {
		if (!b->has_addr || (nb = cfg_nb_get(p, b->addr_buf,
		    strlen(b->addr_buf), b->nb.line, false)) == NULL ||
		    nb->is_group)
			return;
	}
	memcpy(nm, nb->name, sizeof(nm));
	b->nb.is_group = nb->is_group;
	b->nb.addr = nb->addr;
	*nb = b->nb;
	memcpy(nb->name, nm, sizeof(nm));
	if (nb->local_as != -1 && p->c->local_as == -1 && !nb->is_group)
		p->c->local_as = nb->local_as;
}

static void
channel_stmt(struct bird *b, const struct rtok *t, size_t k, uint32_t line)
{
	struct router_cfg_neighbor *nb = &b->nb;
	int64_t v;
	size_t i;

	if ((cfg_is(&t[0], "import") || cfg_is(&t[0], "receive")) && k >= 3 &&
	    cfg_is(&t[1], "limit")) {
		if (cfg_int(&t[2], 0, UINT32_MAX, &v) == -1) {
			/* "limit off" */
			if (!cfg_is(&t[2], "off"))
				cfg_warn(b->p, line, "import limit: not a "
				    "count");
			return;
		}
		nb->max_prefix = v;
		return;
	}
	if (cfg_is(&t[0], "import") && k >= 2) {
		nb->has_policy_in = !cfg_is(&t[1], "all");
		if (nb->has_policy_in)
			cfg_name(nb->policy_in, sizeof(nb->policy_in),
			    &t[k >= 3 && cfg_is(&t[1], "filter") ? 2 : 1]);
		return;
	}
	if (cfg_is(&t[0], "export") && k >= 2) {
		nb->has_policy_out = !cfg_is(&t[1], "all");
		if (nb->has_policy_out)
			cfg_name(nb->policy_out, sizeof(nb->policy_out),
			    &t[k >= 3 && cfg_is(&t[1], "filter") ? 2 : 1]);
		/* export where net = 0.0.0.0/0 */
		for (i = 1; i < k; i++)
			if (cfg_is(&t[i], "0.0.0.0/0"))
				nb->default_originate = CFG_YES;
	}
}

static void
proto_stmt(struct bird *b, const struct rtok *t, size_t k, uint32_t line)
{
	struct router_cfg_neighbor *nb = &b->nb;
	struct net_addr a;
	int64_t v;
	size_t i;
	uint32_t as;

	if (b->chan == CH_V4) {
		channel_stmt(b, t, k, line);
		return;
	}
	if (b->chan == CH_OTHER)
		return;
	if (b->in_bfd) {
		/* bfd { min rx interval 300 ms; ... } */
		for (i = 0; i + 1 < k; i++)
			if (cfg_is(&t[i], "interval") &&
			    cfg_int(&t[i + 1], 1, 255000, &v) == 0)
				nb->bfd_interval_ms = (int)v;
		return;
	}
	if (cfg_is(&t[0], "local") || cfg_is(&t[0], "neighbor")) {
		bool local = cfg_is(&t[0], "local");

		for (i = 1; i < k; i++) {
			if (!local && i == 1 && raddr_parse(t[i].s, t[i].n,
			    &a) == 0) {
				b->has_addr = true;
				cfg_name(b->addr_buf, sizeof(b->addr_buf),
				    &t[i]);
			}
			if (cfg_is(&t[i], "as") && i + 1 < k) {
				if (router_asn_parse(t[i + 1].s, t[i + 1].n -
				    (t[i + 1].s[t[i + 1].n - 1] == ';'),
				    &as) == -1) {
					cfg_warn(b->p, line, "%s as: not an "
					    "AS number", local ? "local" :
					    "neighbor");
					return;
				}
				if (local)
					nb->local_as = as;
				else
					nb->remote_as = as;
			}
		}
		return;
	}
	if (cfg_is(&t[0], "password")) {
		if (k < 2)
			cfg_warn(b->p, line, "password: no key");
		else
			nb->md5 = CFG_YES;
	} else if (cfg_is(&t[0], "hold") && k >= 3 && cfg_is(&t[1], "time")) {
		if (cfg_int(&t[2], 0, 65535, &v) == -1)
			cfg_warn(b->p, line, "hold time: not seconds");
		else
			nb->hold = (int)v;
	} else if (cfg_is(&t[0], "keepalive") && k >= 3 &&
	    cfg_is(&t[1], "time")) {
		if (cfg_int(&t[2], 0, 65535, &v) == -1)
			cfg_warn(b->p, line, "keepalive time: not seconds");
		else
			nb->keepalive = (int)v;
	} else if (cfg_is(&t[0], "bfd")) {
		nb->bfd = k >= 2 && (cfg_is(&t[1], "off") ||
		    cfg_is(&t[1], "no") || cfg_is(&t[1], "false")) ? CFG_NO :
		    CFG_YES;
	} else if (cfg_is(&t[0], "allow") && k >= 3 && cfg_is(&t[1], "local")) {
		nb->allowas_in = CFG_YES;
	} else if (cfg_is(&t[0], "disabled")) {
		nb->shutdown = k >= 2 && (cfg_is(&t[1], "no") ||
		    cfg_is(&t[1], "off")) ? CFG_NO : CFG_YES;
	}
}

static void
opener(struct bird *b, const struct rtok *t, size_t k, uint32_t line)
{
	if (!b->in_proto) {
		if (k >= 2 && (cfg_is(&t[0], "protocol") ||
		    cfg_is(&t[0], "template")) && cfg_is(&t[1], "bgp"))
			proto_open(b, t, k, line);
		return;
	}
	if (b->chan != CH_NONE || b->in_bfd)
		return;
	if (k >= 1 && cfg_is(&t[0], "bfd")) {
		b->nb.bfd = CFG_YES;
		b->in_bfd = true;
		b->bfd_depth = b->depth;
	} else if (k >= 1 && (cfg_is(&t[0], "ipv4") ||
	    cfg_is(&t[0], "ipv6") || cfg_is(&t[0], "vpn4") ||
	    cfg_is(&t[0], "vpn6") || cfg_is(&t[0], "flow4"))) {
		b->chan = cfg_is(&t[0], "ipv4") ? CH_V4 : CH_OTHER;
		b->chan_depth = b->depth;
		if (b->chan == CH_V4)
			b->nb.ipv4_active = CFG_YES;
		else if (b->nb.ipv4_active == CFG_UNSET)
			b->nb.ipv4_active = CFG_NO;
	}
}

static void
closer(struct bird *b)
{
	if (b->depth > 0)
		b->depth--;
	if (b->in_bfd && b->depth <= b->bfd_depth)
		b->in_bfd = false;
	else if (b->chan != CH_NONE && b->depth <= b->chan_depth)
		b->chan = CH_NONE;
	else if (b->in_proto && b->depth <= b->proto_depth)
		proto_close(b);
}

int
router_cfg_parse_bird(struct cfgp *p)
{
	struct rtok t[CFG_MAX_TOK], cur[CFG_MAX_TOK];
	struct bird b;
	bool comment = false, quote = false;
	size_t i, k, m, nc = 0;
	uint32_t first = 0;

	memset(&b, 0, sizeof(b));
	b.p = p;
	for (i = 0; i < p->n && !p->nomem && !p->limit; i++) {
		const struct rline *l = &p->l[i];

		k = rtok_split(l->s, l->n, t, CFG_MAX_TOK);
		for (m = 0; m < k; m++) {
			struct rtok w = t[m];
			size_t split;

			if (comment) {
				if (w.n >= 2 &&
				    memcmp(w.s + w.n - 2, "*/", 2) == 0)
					comment = false;
				continue;
			}
			if (!quote && w.n >= 2 && memcmp(w.s, "/*", 2) == 0) {
				if (w.n < 4 ||
				    memcmp(w.s + w.n - 2, "*/", 2) != 0)
					comment = true;
				continue;
			}
			if (!quote && w.s[0] == '#')
				break;
			if (w.s[0] == '"' && !(w.n >= 2 && (w.s[w.n - 1] ==
			    '"' || (w.s[w.n - 1] == ';' &&
			    w.s[w.n - 2] == '"'))))
				quote = true;
			else if (quote && (w.s[w.n - 1] == '"' ||
			    (w.n >= 2 && w.s[w.n - 1] == ';' &&
			    w.s[w.n - 2] == '"')))
				quote = false;
			if (quote) {
				if (nc < CFG_MAX_TOK)
					cur[nc++] = w;
				continue;
			}
			/* "{", "}", "x{", "};" and "x;" */
			if (w.s[0] == '}') {
				if (nc > 0 && b.in_proto)
					proto_stmt(&b, cur, nc, first);
				nc = 0;
				closer(&b);
				continue;
			}
			split = w.n;
			if (w.s[w.n - 1] == '{') {
				if (w.n > 1) {
					w.n--;
					if (nc < CFG_MAX_TOK)
						cur[nc++] = w;
				}
				opener(&b, cur, nc, nc > 0 ? first : l->no);
				b.depth++;
				nc = 0;
				continue;
			}
			if (nc == 0)
				first = l->no;
			if (nc < CFG_MAX_TOK)
				cur[nc++] = w;
			if (w.s[split - 1] == ';') {
				if (b.in_proto)
					proto_stmt(&b, cur, nc, first);
				nc = 0;
			}
		}
	}
	if (b.in_proto)
		proto_close(&b);	/* a paste cut inside the block */
	return p->nomem || p->limit ? -1 : 0;
}
