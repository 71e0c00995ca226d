/*
 * diag_correlate: conclusions no single analyzer can reach, drawn from
 * the findings of several and the facts they learned (analyzer.h),
 * joined on subjects and addresses (never on summaries).  Each conclusion
 * is a finding of its own, citing the evidence of both sides, so that
 * ranking and reports treat it like any other.
 */
#ifndef ERW_DIAG_CORRELATE_H
#define ERW_DIAG_CORRELATE_H

#include "diag.h"

struct diag_facts;

/*
 * How long after a link goes down a session may still be seen dropping
 * because of it: BGP notices a dead link only when its hold timer runs
 * out (180 s on an ExpressRoute peering), later still if the drop is
 * logged at the next retry.
 */
#define CORRELATE_DROP_AFTER_LINK	(200 * USEC_PER_SEC)
/*
 * A session drop and the monitor's outage (or the cloud's BgpAvailability
 * dip) are one event when the drop falls within the outage or this close
 * to either end: the monitor turns an endpoint failing only after failed
 * checks, and a frozen peer's session drops only when its hold timer
 * (180 s) runs out, after the probes began to fail.
 */
#define CORRELATE_MONITOR_SLACK		(200 * USEC_PER_SEC)
/* Clocks of a router, a capture host and a carrier disagree a little. */
#define CORRELATE_CLOCK_SLACK		(10 * USEC_PER_SEC)
/*
 * One session event seen by two sources: how far apart the two stamps
 * may be and still be the same event once the clocks' shift is removed.
 * Router logs print whole seconds (FRR, IOS without msec), so a stamp
 * lags the packet by up to a second; a little more for the daemon.
 */
#define CORRELATE_MATCH_TOL		(2 * USEC_PER_SEC)
/* A shift smaller than this is the stamps' own resolution: not noted. */
#define CORRELATE_OFFSET_MIN		(2 * USEC_PER_SEC)
/* Shifts searched: a day and a bit covers every time zone mistake. */
#define CORRELATE_OFFSET_MAX		(26LL * 3600 * USEC_PER_SEC)
/* Events of one input taken into the clock comparison (the first). */
#define CORRELATE_MAX_EVENTS_PER_INPUT	64
/* Inputs with timed events compared pairwise. */
#define CORRELATE_MAX_INPUTS		16

/*
 * Append the correlation findings for l, given what the analyzers learned
 * (facts; NULL when only findings are known, as in `erwatch router`):
 *
 * - CLOCK_OFFSET when two inputs show the same session events (up, down,
 *   NOTIFICATION of one peer) with a constant shift of at least
 *   CORRELATE_OFFSET_MIN; later joins compare times with the shift
 *   removed;
 * - LINK_OUTAGE_AT_DROP for every session drop (a finding of a drop code
 *   with a time span) that falls within a link outage (CARRIER_LINK_DOWN,
 *   ROUTER_LINK_DOWN) or within CORRELATE_DROP_AFTER_LINK after its
 *   start, on the outage's clock;
 * - MONITOR_OUTAGE_AT_DROP for every such drop of a peer whose monitor
 *   outage (MONITOR_OUTAGE, MONITOR_CLOUD_BGP_DOWN) covers it, within
 *   CORRELATE_MONITOR_SLACK;
 * - PEER_ADDR_NOT_PEERING when a capture (its sessions, its unanswered
 *   ARP) or a router output uses addresses that are not the peering's /30
 *   pair for the path (swapped, or outside it);
 * - VLAN_TAG_MISMATCH when a capture's frames of the peering's addresses
 *   carry a C-tag (the inner tag with QinQ) other than the vlanId;
 * - SESSION_AS_MISMATCH when a capture's OPENs or a router's neighbor show
 *   an AS other than the peering's azureASN (12076 when not exported) or
 *   peerASN;
 * - SESSION_STATE_CONFLICT when two inputs disagree on whether a session
 *   was Established over the same time.
 *
 * Findings appended here are not correlated again.  Nothing is printed;
 * a finding lost for want of memory sets l->nomem (finding_list_check()).
 */
void	 diag_correlate(struct finding_list *l, const struct diag_facts *facts);

#endif /* ERW_DIAG_CORRELATE_H */
