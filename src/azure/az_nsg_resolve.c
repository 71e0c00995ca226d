/*
 * NSG address resolution: what the addresses of a rule mean.  Service
 * tags and application security groups get their addresses from the
 * named sets (the effective export's tagMap and expanded prefixes, NIC
 * ASG membership, --tag and --asg: nsg_named_add(), nsg_set_define());
 * a few tags have a fixed or derived meaning (AzureLoadBalancer,
 * Internet as "not VirtualNetwork"); what stays
 * unknown makes the rule match nothing, with a warning.  The result,
 * struct nsg_addrset, is what the evaluator and compiler read
 * (az_nsg_eval.c): IPv4 merged into ranges by net_range, IPv6 as
 * prefixes.  Called by nsg_set_finalize() (az_nsg_set.c).
 */
#include <stdlib.h>
#include <string.h>

#include "az_nsg.h"
#include "az_nsg_int.h"
#include "net/net_range.h"

/* ------------------------------------------------------------------ */
/* Named address sets: tags and ASGs                                   */
/* ------------------------------------------------------------------ */

static struct nsg_named *
named_find(const struct nsg_set *set, const char *name, bool is_asg)
{
	size_t i;

	for (i = 0; i < set->nnamed; i++)
		if (set->named[i].is_asg == is_asg &&
		    str_casecmp(set->named[i].name, name) == 0)
			return &set->named[i];
	return NULL;
}

int
nsg_named_add(struct nsg_set *set, const char *name, bool is_asg,
    const struct net_prefix *v, size_t n, struct err *e)
{
	struct nsg_named *nm;
	struct net_prefix *nv;

	if ((nm = named_find(set, name, is_asg)) == NULL) {
		if (set->nnamed == set->capnamed) {
			size_t ncap = set->capnamed == 0 ? 8 :
			    set->capnamed * 2;

			nm = erw_realloc(set->named, ncap * sizeof(*nm));
			if (nm == NULL)
				return ERR(e, ERR_NOMEM, "out of memory");
			set->named = nm;
			set->capnamed = ncap;
		}
		nm = &set->named[set->nnamed];
		memset(nm, 0, sizeof(*nm));
		if ((nm->name = arena_strdup(&set->arena, name)) == NULL)
			return ERR(e, ERR_NOMEM, "out of memory");
		nm->is_asg = is_asg;
		set->nnamed++;
	}
	nv = arena_alloc(&set->arena, (nm->n + n + 1) * sizeof(*nv));
	if (nv == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	if (nm->n > 0)
		memcpy(nv, nm->v, nm->n * sizeof(*nv));
	if (n > 0)
		memcpy(nv + nm->n, v, n * sizeof(*nv));
	nm->v = nv;
	nm->n += n;
	return 0;
}

int
nsg_set_define(struct nsg_set *set, const char *spec, bool is_asg,
    struct err *e)
{
	char name[128], item[NET_PREFIX_STRLEN + 8];
	const char *eq = strchr(spec, '='), *p, *q;
	struct net_prefix *v;
	size_t n = 0, cap = 1;
	int rc;

	if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof(name))
		return ERR(e, ERR_USAGE, "bad %s definition '%.60s' (want "
		    "NAME=ADDR[,ADDR...])", is_asg ? "ASG" : "tag", spec);
	memcpy(name, spec, (size_t)(eq - spec));
	name[eq - spec] = '\0';
	for (p = eq + 1; *p != '\0'; p++)
		if (*p == ',')
			cap++;
	if ((v = erw_calloc(cap, sizeof(*v))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	for (p = eq + 1; *p != '\0'; p = *q == ',' ? q + 1 : q) {
		size_t len;

		q = strchr(p, ',');
		if (q == NULL)
			q = p + strlen(p);
		len = (size_t)(q - p);
		if (len == 0 || len >= sizeof(item)) {
			free(v);
			return ERR(e, ERR_USAGE, "bad address in '%.60s'",
			    spec);
		}
		memcpy(item, p, len);
		item[len] = '\0';
		if (net_prefix_parse(item, &v[n], NULL) == -1) {
			free(v);
			return ERR(e, ERR_USAGE, "bad address '%s' in '%.60s'",
			    item, spec);
		}
		n++;
	}
	if (n == 0) {
		free(v);
		return ERR(e, ERR_USAGE, "no address in '%.60s'", spec);
	}
	rc = nsg_named_add(set, name, is_asg, v, n, e);
	free(v);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Resolving a rule's addresses                                         */
/* ------------------------------------------------------------------ */

/*
 * One side's addresses while it is resolved: IPv4 as a range set (merged
 * when the side is done, net_range.h), IPv6 as the prefixes themselves,
 * which the evaluator matches one by one.
 */
struct acc {
	struct net_rset		 v4;
	struct net_prefix	*v6;
	size_t			 n6, cap6;
	bool			 any;
};

static void
acc_init(struct acc *a)
{
	memset(a, 0, sizeof(*a));
	net_rset_init(&a->v4, NET_AF_INET);
}

static void
acc_release(struct acc *a)
{
	net_rset_release(&a->v4);
	free(a->v6);
}

static int
acc_prefix(struct acc *a, const struct net_prefix *p, struct err *e)
{
	if (p->addr.family == NET_AF_INET)
		return net_rset_add_prefix(&a->v4, p, e);
	if (p->addr.family != NET_AF_INET6)
		return 0;
	if (a->n6 == a->cap6) {
		size_t ncap = a->cap6 == 0 ? 4 : a->cap6 * 2;
		struct net_prefix *nv = erw_realloc(a->v6, ncap * sizeof(*nv));

		if (nv == NULL)
			return ERR(e, ERR_NOMEM, "out of memory");
		a->v6 = nv;
		a->cap6 = ncap;
	}
	a->v6[a->n6++] = *p;
	return 0;
}

/* Add the complement (within IPv4) of the IPv4 prefixes among p[0..n). */
static int
acc_complement(struct acc *a, const struct net_prefix *p, size_t n,
    struct err *e)
{
	struct net_rset in, out;
	size_t i;
	int rc = 0;

	net_rset_init(&in, NET_AF_INET);
	net_rset_init(&out, NET_AF_INET);
	for (i = 0; i < n && rc == 0; i++)
		if (p[i].addr.family == NET_AF_INET)
			rc = net_rset_add_prefix(&in, &p[i], e);
	if (rc == 0 && net_rset_complement(&in, &out, e) == 0)
		rc = net_rset_add_set(&a->v4, &out, e);
	else
		rc = -1;
	net_rset_release(&in);
	net_rset_release(&out);
	return rc;
}

/* Address space no Internet traffic comes from, when VirtualNetwork is
 * unknown: RFC 1918, RFC 6598, loopback, link local, Azure's
 * 168.63.129.16, 0/8 and 224/3. */
static const char *const not_internet[] = {
	"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
	"169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16",
	"168.63.129.16/32", "224.0.0.0/3"
};

/* Where a rule is in its export; "" for a default rule we added. */
static const char *
rptr(const struct nsg_rule *r)
{
	return r->synthesized ? "" : r->ptr;
}

static int
resolve_side(struct nsg_set *set, struct nsg *g, struct nsg_rule *r,
    const struct nsg_term *t, size_t n, struct nsg_addrset *out,
    struct err *e)
{
	struct acc a;
	size_t i;
	const struct nsg_named *nm;
	int rc = 0;

	acc_init(&a);
	memset(out, 0, sizeof(*out));
	for (i = 0; i < n && rc == 0; i++) {
		switch (t[i].kind) {
		case NSG_T_ANY:
			a.any = true;
			break;
		case NSG_T_PREFIX:
			rc = acc_prefix(&a, &t[i].pfx, e);
			break;
		case NSG_T_TAG:
			if ((nm = named_find(set, t[i].name, false)) != NULL) {
				size_t j;

				for (j = 0; j < nm->n && rc == 0; j++)
					rc = acc_prefix(&a, &nm->v[j], e);
			} else if (str_casecmp(t[i].name,
			    "AzureLoadBalancer") == 0) {
				struct net_prefix p;

				net_prefix_parse("168.63.129.16/32", &p, NULL);
				rc = acc_prefix(&a, &p, e);
			} else if (str_casecmp(t[i].name, "Internet") == 0) {
				/* Modeled as "not in VirtualNetwork". */
				struct net_prefix p[9], g6;
				size_t j;

				nm = named_find(set, "VirtualNetwork", false);
				if (nm != NULL)
					rc = acc_complement(&a, nm->v, nm->n,
					    e);
				else {
					for (j = 0; j < 9; j++)
						net_prefix_parse(
						    not_internet[j], &p[j],
						    NULL);
					rc = acc_complement(&a, p, 9, e);
				}
				net_prefix_parse("2000::/3", &g6, NULL);
				if (rc == 0)
					rc = acc_prefix(&a, &g6, e);
			} else if (r->evaluable) {
				r->evaluable = false;
				r->why = "unresolved service tag";
				nsg_warnf(set, g->file, rptr(r), 0, g->name,
				    r->rule_name, "service tag '%s' is not "
				    "resolved (export with 'az network nic "
				    "list-effective-nsg' or pass --tag "
				    "%s=PREFIX,...); the rule matches "
				    "nothing", t[i].name, t[i].name);
			}
			break;
		case NSG_T_ASG:
			if ((nm = named_find(set, t[i].name, true)) != NULL) {
				size_t j;

				for (j = 0; j < nm->n && rc == 0; j++)
					rc = acc_prefix(&a, &nm->v[j], e);
			} else if (r->evaluable) {
				r->evaluable = false;
				r->why = "application security group members "
				    "unknown";
				nsg_warnf(set, g->file, rptr(r), 0, g->name,
				    r->rule_name, "application security group "
				    "'%s' has no known members (pass --asg "
				    "%s=IP,...); the rule matches nothing",
				    t[i].name, t[i].name);
			}
			break;
		}
	}
	if (rc == -1)
		goto done;
	net_rset_normalize(&a.v4);
	out->any = a.any;
	out->n4 = a.v4.n;
	if (out->n4 > 0) {
		out->v4 = arena_alloc(&set->arena, out->n4 * sizeof(*out->v4));
		if (out->v4 == NULL) {
			rc = ERR(e, ERR_NOMEM, "out of memory");
			goto done;
		}
		for (i = 0; i < out->n4; i++) {
			out->v4[i].lo = net_addr_v4(&a.v4.v[i].lo);
			out->v4[i].hi = net_addr_v4(&a.v4.v[i].hi);
		}
	}
	out->n6 = a.n6;
	if (a.n6 > 0) {
		out->v6 = arena_alloc(&set->arena, a.n6 * sizeof(*out->v6));
		if (out->v6 == NULL) {
			rc = ERR(e, ERR_NOMEM, "out of memory");
			goto done;
		}
		memcpy(out->v6, a.v6, a.n6 * sizeof(*out->v6));
	}
done:
	acc_release(&a);
	return rc;
}

int
nsg_resolve_rule(struct nsg_set *set, struct nsg *g, struct nsg_rule *r,
    struct err *e)
{
	if (resolve_side(set, g, r, r->src, r->nsrc, &r->src_set, e) == -1 ||
	    resolve_side(set, g, r, r->dst, r->ndst, &r->dst_set, e) == -1)
		return -1;
	if (!r->evaluable && r->why != NULL &&
	    strcmp(r->why, "unknown protocol") == 0)
		nsg_warnf(set, g->file, rptr(r), 0, g->name, r->rule_name,
		    "unknown protocol; the rule matches nothing");
	return 0;
}
