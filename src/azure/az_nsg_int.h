/*
 * Private to the NSG code: the loader (az_nsg_load.c) calls the compiler
 * (az_nsg_eval.c) when a set is finalized.
 */
#ifndef ERW_AZ_NSG_INT_H
#define ERW_AZ_NSG_INT_H

#include "az_nsg.h"

/*
 * Build g->comp[NSG_IN] and g->comp[NSG_OUT] from g's resolved, sorted
 * rules.  A direction whose tables would exceed the memory budget is left
 * NULL and evaluated by the scan.  0, or -1 with ERR_NOMEM.
 */
int	nsg_compile(struct nsg *g, struct err *e);
void	nsg_compiled_free(struct nsg_compiled *);

#endif /* ERW_AZ_NSG_INT_H */
