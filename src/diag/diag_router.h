/*
 * diag_router: judging the router's own view (router/router.h).  Takes the
 * document of neighbors and log events that `erwatch router` loaded and
 * turns it into findings: sessions not Established (with what the state
 * usually means), TCP MD5 failures, NOTIFICATIONs, flapping, short hold
 * timers, maximum-prefix teardowns, healthy sessions, and cut pastes.
 * Every finding's group is the session key "[host ]vrf/address" (VRF
 * "default" left out) and its evidence lists the file lines it rests on,
 * log lines with their time.  Its subject, for `diagnose` to join on:
 * the neighbor as peer, the session's local address and ports when the
 * output shows them, both ASNs, the VRF (or BIRD protocol) as object and
 * the time span of the log lines cited.
 */
#ifndef ERW_DIAG_ROUTER_H
#define ERW_DIAG_ROUTER_H

#include "diag/diag.h"
#include "router/router.h"

struct diag_router_opts {
	unsigned	 min_hold;	/* hold times below are short (s) */
	unsigned	 flaps;		/* drops from which a session flaps */
};

/* The defaults: 30 s (as `erwatch pcap`), 3 drops. */
void	 diag_router_opts_init(struct diag_router_opts *);

/*
 * Append the findings for doc (after router_doc_finish()) to out.  Never
 * fails: findings beyond LIMIT_FINDINGS are counted by the list.
 */
void	 diag_router(const struct router_doc *doc,
	    const struct diag_router_opts *opts, struct finding_list *out);

/* The session key of a neighbor or an event's address, into buf. */
const char *diag_router_key(const char *host, const char *vrf,
	    const struct net_addr *addr, char *buf, size_t len);

/* What a non-Established state usually means, one phrase (static). */
const char *diag_router_state_meaning(enum router_state, bool admin_down);

/*
 * Link outages in the document (diag_link.c): interface down/up lines of
 * router logs (ROUTER_LINK_DOWN) and carrier outage tables
 * (CARRIER_LINK_DOWN), one finding per interval, with the interval as the
 * subject's span and the link as its object.  diag_router() calls it.
 */
void	 diag_router_links(const struct router_doc *, struct finding_list *);
/* "45 s", "12 min 03 s", "3 h 05 min". */
void	 diag_duration_text(usec_t d, char *buf, size_t len);

#endif /* ERW_DIAG_ROUTER_H */
