/*
 * diag_correlate: conclusions no single analyzer can reach, drawn from
 * the findings of several, joined on their subjects (never on their
 * summaries).  Each conclusion is a finding of its own, citing the
 * evidence of both sides, so that ranking and reports treat it like any
 * other.
 */
#ifndef ERW_DIAG_CORRELATE_H
#define ERW_DIAG_CORRELATE_H

#include "diag.h"

/*
 * How long after a link goes down a session may still be seen dropping
 * because of it: BGP notices a dead link only when its hold timer runs
 * out (180 s on an ExpressRoute peering), later still if the drop is
 * logged at the next retry.
 */
#define CORRELATE_DROP_AFTER_LINK	(200 * USEC_PER_SEC)
/* Clocks of a router, a capture host and a carrier disagree a little. */
#define CORRELATE_CLOCK_SLACK		(10 * USEC_PER_SEC)

/*
 * Append the correlation findings for l: LINK_OUTAGE_AT_DROP for every
 * session drop (a finding of a drop code with a time span) that falls
 * within a link outage (CARRIER_LINK_DOWN, ROUTER_LINK_DOWN) or within
 * CORRELATE_DROP_AFTER_LINK after its start.  Findings appended here are
 * not correlated again.
 */
void	 diag_correlate(struct finding_list *l);

#endif /* ERW_DIAG_CORRELATE_H */
