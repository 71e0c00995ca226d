/*
 * diag_nexthop: judges next-hop decisions made by az_routes_lookup()
 * (azure/az_routes.h) and turns them into ROUTING findings: traffic
 * dropped (ROUTE_NONE), a default route learned from on-premises
 * (ROUTE_DEFAULT_VIA_GATEWAY), virtual appliance next hops and whether a
 * NIC really owns and forwards for them, UDRs that override BGP routes,
 * and a next hop other than the expected one.
 */
#ifndef ERW_DIAG_NEXTHOP_H
#define ERW_DIAG_NEXTHOP_H

#include "azure/az_routes.h"
#include "diag/diag.h"

/*
 * Findings about the route set as a whole, independent of a destination:
 * ROUTE_DEFAULT_VIA_GATEWAY when 0.0.0.0/0 (or ::/0) is carried by the
 * gateway.  rs must be built.  Findings are appended to out.
 */
void	 diag_nexthop_table(const struct az_routes *rs,
	    struct finding_list *out);

/*
 * Findings about one destination's decision res (from az_routes_lookup on
 * rs): ROUTE_NONE, ROUTE_VIA_APPLIANCE, ROUTE_APPLIANCE_UNKNOWN (only when
 * nics is not NULL), ROUTE_BGP_OVERRIDDEN, ROUTE_UNEXPECTED_NEXT_HOP (only
 * when expect is not NULL; compared ignoring case).  Each finding's
 * subject has dst as peer and the deciding route as object.
 */
void	 diag_nexthop(const struct az_routes *rs, const struct az_nics *nics,
	    const struct net_addr *dst, const struct az_route_result *res,
	    const char *expect, struct finding_list *out);

/*
 * The same for traffic from src (NULL when not known) to dst: every
 * finding's subject names both ends.
 */
void	 diag_nexthop_from(const struct az_routes *rs,
	    const struct az_nics *nics, const struct net_addr *src,
	    const struct net_addr *dst, const struct az_route_result *res,
	    const char *expect, struct finding_list *out);

/*
 * Name route r as f's subject object, kind "route": a UDR as
 * "TABLE/ROUTE" (the table from its id, when known), any other route by
 * its prefix.  NULL f is a no-op.
 */
void	 diag_subj_route(struct finding *f, const struct az_route *r);

#endif /* ERW_DIAG_NEXTHOP_H */
