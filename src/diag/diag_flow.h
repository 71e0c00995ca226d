/*
 * diag_flow: judging flows evaluated against exported NSGs (the offline
 * IP flow verify of `erwatch flow`).  Turns an nsg_verdict into findings
 * (NSG_DENY naming the deciding NSG and rule), adds NSG_ALLOW_BUT_NO_ROUTE
 * when an effective route table says the allowed traffic is dropped
 * anyway (IP flow verify ignores routing, azure-formats.md 6.2), and
 * reports the rules the export left unevaluable (NSG_RULE_NOT_EVALUABLE).
 * Subjects: the flow's local and remote ends with their ports, and the
 * deciding rule "NSG/securityRules/NAME" (or NSG, or route) as object.
 */
#ifndef ERW_DIAG_FLOW_H
#define ERW_DIAG_FLOW_H

#include "azure/az_nsg.h"
#include "azure/az_routes.h"
#include "diag/diag.h"

/* "Outbound Tcp 10.20.9.4:40179 -> 10.50.0.1:179" into buf (>= 128). */
const char *diag_flow_str(const struct nsg_flow *, char *buf, size_t len);

/*
 * Findings for flow f with verdict v: NSG_DENY when denied; when allowed
 * and routes is not NULL (built), NSG_ALLOW_BUT_NO_ROUTE if the route
 * toward the remote address has next hop None (or no route at all).
 * rr, when not NULL, receives the route lookup (winner NULL if none or
 * not looked up).  Returns 0, or -1 with e set (ERR_NOMEM).
 */
int	diag_flow_judge(struct finding_list *, const struct nsg_flow *f,
	    const struct nsg_verdict *v, const struct az_routes *routes,
	    struct az_route_result *rr, struct err *e);

/* One NSG_RULE_NOT_EVALUABLE (warning) per rule the set could not
 * resolve, with its file and JSON pointer as evidence. */
void	diag_flow_warnings(struct finding_list *, const struct nsg_set *);

#endif /* ERW_DIAG_FLOW_H */
