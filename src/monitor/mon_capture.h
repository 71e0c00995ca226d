/*
 * mon_capture: capture on trigger, the monitor's counterpart of Network
 * Watcher starting a packet capture from an alert.  A rolling capture of
 * the monitored peers' traffic (TCP/179 and ICMP to and from their
 * addresses, plus a tcp endpoint's own port) runs on the monitor's loop:
 * each interface's libpcap handle is non-blocking and its selectable fd
 * sits in epoll, so no second thread is needed.  Packets go into a ring
 * bounded in bytes (and optionally in seconds); the oldest are dropped,
 * and counted, to make room.
 *
 * When an endpoint in the capture's scope turns failing (after the state
 * change is committed), the ring's packets from secondsBefore onwards and
 * the next secondsAfter seconds are saved into a new evidence folder
 * that `erwatch diagnose` reads:
 *
 *   DIR/monitor-<endpoint>-<UTC>/capture/monitor-<endpoint>-<UTC>.pcap
 *   DIR/monitor-<endpoint>-<UTC>/monitor/monitor.db   (the store's schema)
 *   DIR/monitor-<endpoint>-<UTC>/context.json         (what triggered it)
 *
 * A second trigger while a capture is being saved extends it.  An event
 * "capture" with the folder's path goes into the monitor's store once the
 * folder is complete; "capture_off" when capture cannot run (no
 * CAP_NET_RAW, no such interface), "capture_refused" when the disk
 * budget forbids a new folder.
 *
 * Library code: nothing prints; errors are values.
 */
#ifndef ERW_MON_CAPTURE_H
#define ERW_MON_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "azure/azure.h"
#include "monitor.h"

#define MON_CAP_MAX_IFACES	8
#define MON_CAP_MAX_SCOPE	64	/* names in "groups" / "endpoints" */
#define MON_CAP_MAX_PEERS	256	/* addresses in the filter */
#define MON_CAP_MIN_SNAPLEN	96
#define MON_CAP_MAX_SNAPLEN	262144
#define MON_CAP_DEF_SNAPLEN	65535
#define MON_CAP_DEF_RING	(16ULL * 1024 * 1024)
#define MON_CAP_MIN_RING	(64ULL * 1024)
#define MON_CAP_MAX_RING	(1024ULL * 1024 * 1024)
#define MON_CAP_DEF_BEFORE	30	/* seconds */
#define MON_CAP_DEF_AFTER	30
#define MON_CAP_MAX_WINDOW	3600
#define MON_CAP_DEF_MAX_CAPTURES 20
#define MON_CAP_DEF_DISK	(512ULL * 1024 * 1024)
#define MON_CAP_HIST_MAX	8192	/* results kept for the folder's
					   history, over all endpoints */

enum mon_cap_full {
	MON_CAP_FULL_REFUSE,		/* "refuse": event, no new folder */
	MON_CAP_FULL_DELETE_OLDEST,	/* "deleteOldest": by policy */
};

/* The config's "capture" object (docs/monitor.md, "Capture on trigger"). */
struct mon_cap_cfg {
	char		 ifaces[MON_CAP_MAX_IFACES][32];	/* "any" ok */
	size_t		 nifaces;
	uint64_t	 ring_bytes;
	usec_t		 ring_usec;	/* 0: bounded by bytes only */
	usec_t		 before, after;
	char		 dir[512];
	char		 groups[MON_CAP_MAX_SCOPE][64];	/* none: all */
	size_t		 ngroups;
	char		 endpoints[MON_CAP_MAX_SCOPE][MON_NAME_MAX];
	size_t		 nendpoints;
	uint32_t	 snaplen;
	unsigned	 max_captures;
	uint64_t	 max_disk;	/* bytes over all saved folders */
	enum mon_cap_full when_full;
};

/*
 * Read the "capture" object n into *out.  Returns 0, or -1 with e
 * (ERR_INPUT naming the JSON pointer, located to line:col by az_fail()).
 */
int	mon_cap_cfg_parse(const struct az_node *n, struct mon_cap_cfg *out,
	    struct err *e);

struct mon_config;
struct mon_capture;

/*
 * Check that every group and endpoint named in cfg->capture's scope
 * exists in cfg (n: the "capture" node, for the error's position).
 * Returns 0 or -1 with ERR_INPUT.
 */
int	mon_cap_cfg_check(const struct az_node *n,
	    const struct mon_config *cfg, struct err *e);
/* Whether an endpoint of group (named name) triggers a capture under c.
 * router_state neighbors carry their command's name plus ":ADDRESS". */
bool	mon_cap_in_scope(const struct mon_cap_cfg *c, const char *group,
	    const char *name);

/*
 * Start the rolling capture of cfg->capture on loop.  Never fails for a
 * reason of the host (no CAP_NET_RAW, no interface, a filter libpcap
 * refuses): capture is then off, *why_off says why (also recorded as a
 * "capture_off" event in store) and the monitor goes on probing.  After
 * the handles are open CAP_NET_RAW is dropped.  cfg is borrowed for the
 * call only.  Returns 0 with *out (mon_capture_free(); NULL when the
 * config has no capture block), or -1 with e on allocation failure or a
 * store error.
 */
int	mon_capture_new(struct mon_loop *, struct mon_store *,
	    const struct mon_config *cfg, struct mon_capture **out,
	    char *why_off, size_t why_len, struct err *e);
/* Whether packets are being captured. */
bool	mon_capture_on(const struct mon_capture *);

/* The scheduler's hooks, forwarded by `monitor run`.  Each may be given a
 * NULL capture. */
void	mon_capture_on_endpoint(struct mon_capture *,
	    const struct mon_endpoint *);
void	mon_capture_on_result(struct mon_capture *,
	    const struct mon_endpoint *, const struct mon_result *);
void	mon_capture_on_change(struct mon_capture *,
	    const struct mon_state_change *);
/* A committed health change: FAILING in scope starts (or extends) a
 * saved capture. */
void	mon_capture_on_health(struct mon_capture *,
	    const struct mon_endpoint *, enum mon_health);

/* Counters, for tests and logs. */
struct mon_cap_stats {
	uint64_t	 packets;	/* into the ring */
	uint64_t	 dropped;	/* oldest dropped to make room */
	uint64_t	 too_big;	/* larger than the whole ring */
	uint64_t	 ring_bytes;	/* held now */
	uint64_t	 ring_packets;
	uint64_t	 saved;		/* folders completed */
	uint64_t	 refused;	/* triggers refused by the budget */
};
void	mon_capture_stats(const struct mon_capture *, struct mon_cap_stats *);

/*
 * Finish a capture being saved now (SIGTERM: what was captured so far is
 * kept) and stop capturing.  Store errors are returned once, in e.
 */
int	mon_capture_flush(struct mon_capture *, struct err *e);
void	mon_capture_free(struct mon_capture *);

#endif /* ERW_MON_CAPTURE_H */
