/*
 * Private to the NSG code, the interface between its pieces:
 *
 *	az_nsg_set.c		the set's lifetime, warnings, names, and
 *				nsg_set_finalize(), which drives the rest
 *	az_nsg_load.c		exports -> struct nsg, named sets
 *	az_nsg_rule.c		one security rule object -> struct nsg_rule
 *	az_nsg_resolve.c	named sets; a rule's terms -> address sets
 *	az_nsg_eval.c		the compiler and the evaluators
 */
#ifndef ERW_AZ_NSG_INT_H
#define ERW_AZ_NSG_INT_H

#include "az_nsg.h"

/*
 * Read security rule r into out, whose strings and arrays go to the set's
 * arena.  in_defaults: r comes from defaultSecurityRules; effective: from
 * effectiveSecurityRules, whose names carry their list's prefix.  An
 * unknown protocol is kept as a rule that is not evaluable.  0, or -1
 * with e: ERR_INPUT naming the member (az_fail()), ERR_NOMEM.
 */
int	nsg_load_rule(struct nsg_set *set, const struct az_node *r,
	    bool in_defaults, bool effective, struct nsg_rule *out,
	    struct err *e);

/*
 * Keep a warning (struct nsg_warning; every string may be NULL for "").
 * Never fails: past NSG_MAX_WARNINGS warnings are dropped, and one that
 * cannot be stored for want of memory sets set->warn_nomem, which makes
 * nsg_set_finalize() fail (a verdict without its warning misleads).
 */
void	nsg_warnf(struct nsg_set *set, const char *file, const char *ptr,
	    uint64_t line, const char *nsg, const char *rule,
	    const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/*
 * Add prefixes v[0..n) to the tag (is_asg false) or ASG called name
 * (case-insensitive), created on first use; v is copied into the set's
 * arena.  0, or -1 with ERR_NOMEM.
 */
int	nsg_named_add(struct nsg_set *set, const char *name, bool is_asg,
	    const struct net_prefix *v, size_t n, struct err *e);

/*
 * Resolve rule r of g: fill r->src_set and r->dst_set from its terms and
 * the set's named sets; a tag or ASG without addresses makes r not
 * evaluable, with a warning, as does (warned here) an unknown protocol.
 * 0, or -1 with ERR_NOMEM.
 */
int	nsg_resolve_rule(struct nsg_set *set, struct nsg *g, struct nsg_rule *r,
	    struct err *e);

/*
 * Build g->comp[NSG_IN] and g->comp[NSG_OUT] from g's resolved, sorted
 * rules.  A direction whose tables would exceed the memory budget is left
 * NULL and evaluated by the scan.  0, or -1 with ERR_NOMEM.
 */
int	nsg_compile(struct nsg *g, struct err *e);
void	nsg_compiled_free(struct nsg_compiled *);

#endif /* ERW_AZ_NSG_INT_H */
