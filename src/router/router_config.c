/*
 * Configuration fragments users paste beside their show outputs, read for
 * what the show outputs do not always say: which neighbors have a TCP MD5
 * key (RFC 2385), their remote AS and the local AS.  The key itself is
 * never copied anywhere, not even escaped: a line with a password yields
 * the fact "MD5 configured" and nothing of its text.
 *	IOS/IOS-XE/EOS/FRR  router bgp 65010 / neighbor A remote-as N /
 *	                    neighbor A password 7 KEY
 *	NX-OS, IOS-XR       neighbor A (block) / remote-as N / password 3 KEY
 *	                    (XR: password encrypted KEY)
 *	Junos               neighbor A { authentication-key "$9$..."; } and
 *	                    group-wide keys; `set protocols bgp group G
 *	                    [neighbor A] authentication-key ...`
 *	BIRD                protocol bgp NAME { neighbor A as N; password
 *	                    "KEY"; }
 */
#include <stdlib.h>
#include <string.h>

#include "router_int.h"

#define MAX_TOK		16
#define GROUP_MAX	64	/* Junos neighbors of one group */

struct cfg {
	struct rparse		*rp;
	uint32_t		 local_as;
	bool			 has_local_as;
	/* an open neighbor (block syntax) */
	struct router_neighbor	 nb;
	bool			 open;
	size_t			 indent;
	/* Junos group / BIRD protocol: members and a shared key */
	struct router_neighbor	 grp[GROUP_MAX];
	size_t			 ngrp;
	bool			 grp_md5;
	bool			 in_group;
	int			 depth;
};

static bool
is_key_word(const struct rtok *t)
{
	return req(t->s, t->n, "password") ||
	    req(t->s, t->n, "authentication-key") ||
	    req(t->s, t->n, "password;") || req(t->s, t->n, "tcp-md5");
}

static int
emit(struct cfg *c, struct router_neighbor *nb)
{
	if (!nb->has_local_as && c->has_local_as) {
		nb->local_as = c->local_as;
		nb->has_local_as = true;
	}
	if (c->rp->sec->kind == ROUTER_KIND_NONE)
		c->rp->sec->kind = ROUTER_KIND_CONFIG;
	return rnb_add(c->rp, nb);
}

static int
close_neighbor(struct cfg *c)
{
	if (!c->open)
		return 0;
	c->open = false;
	/* kept until the group (or the fragment) ends, so that every line
	 * about one neighbor makes one item */
	if (c->ngrp < GROUP_MAX) {
		c->grp[c->ngrp++] = c->nb;
		return 0;
	}
	return emit(c, &c->nb);
}

static int
close_group(struct cfg *c)
{
	size_t i;

	if (close_neighbor(c) == -1)
		return -1;
	for (i = 0; i < c->ngrp; i++) {
		if (c->grp_md5 && c->in_group)
			c->grp[i].md5 = ROUTER_YES;
		if (emit(c, &c->grp[i]) == -1)
			return -1;
	}
	c->ngrp = 0;
	c->grp_md5 = false;
	c->in_group = false;
	return 0;
}

/* The neighbor A of this line: open one, or find the one being built. */
static struct router_neighbor *
neighbor(struct cfg *c, const struct rtok *a, uint32_t line)
{
	struct net_addr addr;
	size_t i;

	if (raddr_parse(a->s, a->n, &addr) == -1)
		return NULL;
	if (c->open && net_addr_eq(&c->nb.addr, &addr))
		return &c->nb;
	for (i = 0; i < c->ngrp; i++)
		if (net_addr_eq(&c->grp[i].addr, &addr))
			return &c->grp[i];
	if (close_neighbor(c) == -1)
		return NULL;
	rnb_init(c->rp, &c->nb, line);
	c->nb.addr = addr;
	c->open = true;
	return &c->nb;
}

static int
one_line(struct cfg *c, const struct rline *l)
{
	struct rtok t[MAX_TOK];
	const char *s = l->s;
	size_t n = l->n, k, ind = 0, i;
	struct router_neighbor *nb;
	uint32_t as;

	while (ind < n && (s[ind] == ' ' || s[ind] == '\t'))
		ind++;
	k = rtok_split(s, n, t, MAX_TOK);
	if (k == 0 || t[0].s[0] == '!' || t[0].s[0] == '#')
		return 0;
	/* leaving a block neighbor (NX-OS / XR indentation) */
	if (c->open && !c->in_group && ind <= c->indent &&
	    !req(t[0].s, t[0].n, "neighbor") && close_neighbor(c) == -1)
		return -1;
	if (req(t[0].s, t[0].n, "router") && k >= 3 &&
	    req(t[1].s, t[1].n, "bgp") &&
	    router_asn_parse(t[2].s, t[2].n, &as) == 0) {
		c->local_as = as;
		c->has_local_as = true;
		c->rp->sec->kind = ROUTER_KIND_CONFIG;
		return 0;
	}
	/* set protocols bgp group G [neighbor A] authentication-key K */
	if (req(t[0].s, t[0].n, "set") && k >= 5 &&
	    req(t[1].s, t[1].n, "protocols") && req(t[2].s, t[2].n, "bgp")) {
		c->rp->sec->vendor = ROUTER_VENDOR_JUNOS;
		c->rp->sec->kind = ROUTER_KIND_CONFIG;
		for (i = 3; i + 1 < k; i++)
			if (req(t[i].s, t[i].n, "neighbor")) {
				if ((nb = neighbor(c, &t[i + 1], l->no)) ==
				    NULL)
					return 0;
				if (i + 2 < k && is_key_word(&t[i + 2]))
					nb->md5 = ROUTER_YES;
				if (i + 3 < k && req(t[i + 2].s, t[i + 2].n,
				    "peer-as") && router_asn_parse(t[i + 3].s,
				    t[i + 3].n, &as) == 0) {
					nb->remote_as = as;
					nb->has_remote_as = true;
				}
				return 0;
			}
		return 0;
	}
	/* BIRD "protocol bgp NAME {", Junos "group G {" */
	if ((req(t[0].s, t[0].n, "protocol") && k >= 2 &&
	    req(t[1].s, t[1].n, "bgp")) || (req(t[0].s, t[0].n, "group") &&
	    k >= 2)) {
		if (close_group(c) == -1)
			return -1;
		c->in_group = true;
		c->depth = 0;
		if (req(t[0].s, t[0].n, "protocol"))
			c->rp->sec->vendor = ROUTER_VENDOR_BIRD;
		c->rp->sec->kind = ROUTER_KIND_CONFIG;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '{')
			c->depth++;
		else if (s[i] == '}' && c->in_group && --c->depth <= 0) {
			if (close_group(c) == -1)
				return -1;
			return 0;
		}
	}
	if (req(t[0].s, t[0].n, "neighbor") && k >= 2) {
		if ((nb = neighbor(c, &t[1], l->no)) == NULL)
			return 0;
		c->indent = ind;
		c->rp->sec->kind = ROUTER_KIND_CONFIG;
		for (i = 2; i < k; i++) {
			if (is_key_word(&t[i]))
				nb->md5 = ROUTER_YES;
			/* "remote-as N", BIRD "as N;" */
			if ((req(t[i].s, t[i].n, "remote-as") ||
			    req(t[i].s, t[i].n, "as")) && i + 1 < k) {
				size_t an = t[i + 1].n;

				while (an > 0 && t[i + 1].s[an - 1] == ';')
					an--;
				if (router_asn_parse(t[i + 1].s, an,
				    &nb->remote_as) == 0)
					nb->has_remote_as = true;
			}
		}
		/* a one-line statement (IOS style) ends here */
		if (k > 2 && !c->in_group && memchr(s, '{', n) == NULL)
			return close_neighbor(c);
		return 0;
	}
	if (is_key_word(&t[0])) {
		if (c->open)
			c->nb.md5 = ROUTER_YES;
		else if (c->in_group)
			c->grp_md5 = true;
		return 0;
	}
	if (c->open && (req(t[0].s, t[0].n, "remote-as") ||
	    req(t[0].s, t[0].n, "peer-as")) && k >= 2) {
		size_t an = t[1].n;

		while (an > 0 && t[1].s[an - 1] == ';')
			an--;
		if (router_asn_parse(t[1].s, an, &c->nb.remote_as) == 0)
			c->nb.has_remote_as = true;
	}
	return 0;
}

int
router_parse_config(struct rparse *rp)
{
	struct cfg *c;
	size_t i;
	int rc = 0;

	/* the group buffer is large: keep it off the stack */
	if ((c = erw_calloc(1, sizeof(*c))) == NULL)
		return -1;
	c->rp = rp;
	for (i = 0; i < rp->n && rc == 0; i++)
		rc = one_line(c, &rp->l[i]);
	if (rc == 0)
		rc = close_group(c);
	free(c);
	return rc;
}
