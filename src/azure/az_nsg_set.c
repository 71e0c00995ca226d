/*
 * The NSG set (az_nsg.h): its lifetime, the warnings collected while
 * loading and resolving, the names of directions, protocols, accesses and
 * levels, and nsg_set_finalize(), which runs once after the loads
 * (az_nsg_load.c): add the default rules an export left out (azure-
 * formats.md 3.1), resolve each rule's addresses (az_nsg_resolve.c), sort
 * the rules by direction and priority, compile the lookup tables
 * (az_nsg_eval.c) and fix the evaluation order.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "az_nsg.h"
#include "az_nsg_int.h"

#define NSG_MAX_WARNINGS	1000

/* ------------------------------------------------------------------ */
/* Set lifetime and warnings                                           */
/* ------------------------------------------------------------------ */

void
nsg_set_init(struct nsg_set *set)
{
	memset(set, 0, sizeof(*set));
	arena_init(&set->arena, 64 * 1024);
}

void
nsg_set_release(struct nsg_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		nsg_compiled_free(set->nsg[i].comp[NSG_IN]);
		nsg_compiled_free(set->nsg[i].comp[NSG_OUT]);
	}
	free(set->named);
	free(set->warn);
	arena_release(&set->arena);
	memset(set, 0, sizeof(*set));
}

void
nsg_warnf(struct nsg_set *set, const char *file, const char *ptr, uint64_t line,
    const char *nsg, const char *rule, const char *fmt, ...)
{
	struct nsg_warning *w;
	va_list ap;

	if (set->nwarn >= NSG_MAX_WARNINGS)
		return;
	if (set->nwarn == set->capwarn) {
		size_t ncap = set->capwarn == 0 ? 8 : set->capwarn * 2;

		w = erw_realloc(set->warn, ncap * sizeof(*w));
		if (w == NULL) {
			/* a verdict without its warning misleads: the
			 * loader cannot fail here, nsg_set_finalize() will */
			set->warn_nomem = true;
			return;
		}
		set->warn = w;
		set->capwarn = ncap;
	}
	w = &set->warn[set->nwarn++];
	memset(w, 0, sizeof(*w));
	str_copy(w->file, file != NULL ? file : "", sizeof(w->file));
	str_copy(w->ptr, ptr != NULL ? ptr : "", sizeof(w->ptr));
	w->line = line;
	str_copy(w->nsg, nsg != NULL ? nsg : "", sizeof(w->nsg));
	str_copy(w->rule, rule != NULL ? rule : "", sizeof(w->rule));
	va_start(ap, fmt);
	vsnprintf(w->msg, sizeof(w->msg), fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

const char *
nsg_dir_name(enum nsg_dir d)
{
	return d == NSG_IN ? "Inbound" : "Outbound";
}

const char *
nsg_access_name(enum nsg_access a)
{
	return a == NSG_ALLOW ? "Allow" : "Deny";
}

static const char *const proto_names[NSG_P__COUNT] = {
	"*", "Tcp", "Udp", "Icmp", "Esp", "Ah"
};

const char *
nsg_proto_name(enum nsg_proto p)
{
	return (unsigned)p < NSG_P__COUNT ? proto_names[p] : "?";
}

const char *
nsg_level_name(enum nsg_level l)
{
	switch (l) {
	case NSG_LEVEL_SUBNET:	return "subnet";
	case NSG_LEVEL_NIC:	return "networkInterface";
	default:		return "unknown";
	}
}

int
nsg_parse_dir(const char *s, enum nsg_dir *out)
{
	/* A batch line's word is almost always spelled as CSV writers do:
	 * those first, without folding case (a twentieth of a batch). */
	if (strcmp(s, "in") == 0) {
		*out = NSG_IN;
		return 0;
	}
	if (strcmp(s, "out") == 0) {
		*out = NSG_OUT;
		return 0;
	}
	if (str_casecmp(s, "inbound") == 0 || str_casecmp(s, "in") == 0)
		*out = NSG_IN;
	else if (str_casecmp(s, "outbound") == 0 || str_casecmp(s, "out") == 0)
		*out = NSG_OUT;
	else
		return -1;
	return 0;
}

int
nsg_parse_proto(const char *s, enum nsg_proto *out)
{
	static const char *const lower[NSG_P__COUNT] = {
		"*", "tcp", "udp", "icmp", "esp", "ah"
	};
	int i;

	/* lower case first, as nsg_parse_dir() does */
	for (i = 1; i < NSG_P__COUNT; i++)
		if (strcmp(s, lower[i]) == 0) {
			*out = (enum nsg_proto)i;
			return 0;
		}
	if (strcmp(s, "*") == 0 || str_casecmp(s, "all") == 0 ||
	    str_casecmp(s, "any") == 0) {
		*out = NSG_P_ANY;
		return 0;
	}
	for (i = 1; i < NSG_P__COUNT; i++)
		if (str_casecmp(s, proto_names[i]) == 0) {
			*out = (enum nsg_proto)i;
			return 0;
		}
	return -1;
}

/* ------------------------------------------------------------------ */
/* Finalize: defaults, resolution (az_nsg_resolve.c), compilation    */
/* ------------------------------------------------------------------ */

struct default_rule {
	const char	*name;
	uint32_t	 priority;
	enum nsg_dir	 dir;
	enum nsg_access	 access;
	const char	*src;	/* tag name or NULL for any */
	const char	*dst;
};

/* azure-formats.md 3.1 (NSG; SPEC NetworkSecurityGroupGet.json). */
static const struct default_rule default_rules[] = {
	{ "AllowVnetInBound", 65000, NSG_IN, NSG_ALLOW, "VirtualNetwork",
	    "VirtualNetwork" },
	{ "AllowAzureLoadBalancerInBound", 65001, NSG_IN, NSG_ALLOW,
	    "AzureLoadBalancer", NULL },
	{ "DenyAllInBound", 65500, NSG_IN, NSG_DENY, NULL, NULL },
	{ "AllowVnetOutBound", 65000, NSG_OUT, NSG_ALLOW, "VirtualNetwork",
	    "VirtualNetwork" },
	{ "AllowInternetOutBound", 65001, NSG_OUT, NSG_ALLOW, NULL,
	    "Internet" },
	{ "DenyAllOutBound", 65500, NSG_OUT, NSG_DENY, NULL, NULL },
};

static int
tag_term(struct nsg_set *set, const char *tag, struct nsg_term **t,
    size_t *n)
{
	*t = arena_alloc(&set->arena, sizeof(**t));
	if (*t == NULL)
		return -1;
	memset(*t, 0, sizeof(**t));
	*n = 1;
	if (tag == NULL)
		(*t)->kind = NSG_T_ANY;
	else {
		(*t)->kind = NSG_T_TAG;
		(*t)->name = tag;
	}
	return 0;
}

/* A default rule is present when its direction has its priority (names
 * differ between exports and API versions; priorities do not). */
static int
add_defaults(struct nsg_set *set, struct nsg *g, struct err *e)
{
	size_t i, j, cnt = 0;
	struct nsg_rule *nr, *r;
	bool present[6];

	for (j = 0; j < 6; j++) {
		present[j] = false;
		for (i = 0; i < g->nrules; i++)
			if (g->rules[i].dir == default_rules[j].dir &&
			    g->rules[i].priority == default_rules[j].priority)
				present[j] = true;
		if (!present[j])
			cnt++;
	}
	if (cnt == 0)
		return 0;
	nr = arena_alloc(&set->arena, (g->nrules + cnt) * sizeof(*nr));
	if (nr == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	if (g->nrules > 0)
		memcpy(nr, g->rules, g->nrules * sizeof(*nr));
	for (j = 0; j < 6; j++) {
		const struct default_rule *d = &default_rules[j];
		char buf[96];

		if (present[j])
			continue;
		r = &nr[g->nrules++];
		memset(r, 0, sizeof(*r));
		r->name = d->name;
		snprintf(buf, sizeof(buf), "defaultSecurityRules/%s", d->name);
		r->rule_name = arena_strdup(&set->arena, buf);
		r->is_default = true;
		r->synthesized = true;
		r->priority = d->priority;
		r->dir = d->dir;
		r->access = d->access;
		r->proto = NSG_P_ANY;
		r->evaluable = true;
		r->any_sport = r->any_dport = true;
		/* Sort after any exported rule of the same priority. */
		snprintf(r->ptr, sizeof(r->ptr), "~default/%zu", j);
		if (r->rule_name == NULL ||
		    tag_term(set, d->src, &r->src, &r->nsrc) == -1 ||
		    tag_term(set, d->dst, &r->dst, &r->ndst) == -1)
			return ERR(e, ERR_NOMEM, "out of memory");
	}
	g->rules = nr;
	return 0;
}

static int
rule_cmp(const void *a, const void *b)
{
	const struct nsg_rule *x = a, *y = b;

	if (x->dir != y->dir)
		return x->dir < y->dir ? -1 : 1;
	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	/* Same priority in one direction is invalid in Azure: keep the
	 * export's order, deterministically. */
	return strcmp(x->ptr, y->ptr);
}

static void
index_dirs(struct nsg *g)
{
	size_t i;

	qsort(g->rules, g->nrules, sizeof(*g->rules), rule_cmp);
	g->count[NSG_IN] = g->count[NSG_OUT] = 0;
	for (i = 0; i < g->nrules; i++)
		g->count[g->rules[i].dir]++;
	g->first[NSG_IN] = 0;
	g->first[NSG_OUT] = g->count[NSG_IN];
}

int
nsg_set_finalize(struct nsg_set *set, struct err *e)
{
	size_t i, k;
	struct nsg *g;

	if (set->finalized)
		return 0;
	for (i = 0; i < set->n; i++) {
		g = &set->nsg[i];
		if (add_defaults(set, g, e) == -1)
			return -1;
		for (k = 0; k < g->nrules; k++)
			if (nsg_resolve_rule(set, g, &g->rules[k], e) == -1)
				return -1;
		index_dirs(g);
		if (nsg_compile(g, e) == -1)
			return -1;
	}
	for (k = 0; k < 2; k++) {
		const struct nsg *ord[NSG_MAX_PER_SET];

		set->norder[k] = (uint8_t)nsg_order(set, (enum nsg_dir)k, ord);
		for (i = 0; i < set->norder[k]; i++)
			set->order[k][i] = (uint8_t)(ord[i] - set->nsg);
	}
	if (set->warn_nomem)
		return ERR(e, ERR_NOMEM, "cannot keep a warning about the "
		    "NSGs");
	set->finalized = true;
	return 0;
}
