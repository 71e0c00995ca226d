/*
 * mon_sched: the test groups on the loop.  Each endpoint gets a periodic
 * timer, the endpoints of a group spread evenly over its interval; each
 * probe runs non-blocking with its own timeout (mon_probe.c); each result
 * is committed to the store, evaluated against the group's thresholds and,
 * after N consecutive evaluations that disagree with the endpoint's
 * health, recorded as a state change in the same transaction.
 */
#ifndef ERW_MON_SCHED_H
#define ERW_MON_SCHED_H

#include <sys/socket.h>

#include "monitor.h"
#include "mon_config.h"

/*
 * What the scheduler tells the alert and metrics parts (mon_alert.h,
 * monalert's).  Each may be NULL.  on_change runs inside the transaction
 * that records the change (it queues alert rows); after_commit once that
 * transaction is committed (delivery may start); on_result and on_health
 * after the result's commit.
 */
struct mon_sched_hooks {
	void	*arg;
	int	(*on_change)(void *arg, const struct mon_state_change *,
		    struct err *e);
	void	(*after_commit)(void *arg);
	void	(*on_endpoint)(void *arg, const struct mon_endpoint *);
	void	(*on_result)(void *arg, const struct mon_endpoint *,
		    const struct mon_result *);
	void	(*on_health)(void *arg, const struct mon_endpoint *,
		    enum mon_health);
	/* every turn: how late it started against its place on the grid
	 * (usec, >= 0); skipped when the previous probe was still running,
	 * so none started */
	void	(*on_turn)(void *arg, usec_t late, bool skipped);
};

/*
 * The scheduler's lateness: how late each turn started against its
 * scheduled time, as a histogram of four buckets an octave (bucket k up
 * to mon_lateness_bound(k) usec, the last one unbounded).
 */
#define MON_LATE_NBUCKETS	96	/* the last bound: 2^23.5 us, 11.9 s */
struct mon_lateness {
	uint64_t	turns;		/* turns that started a probe */
	uint64_t	skipped;	/* turns skipped: probe still running */
	usec_t		sum, max;	/* over turns */
	uint64_t	buckets[MON_LATE_NBUCKETS];
};

struct mon_sched;

/*
 * Start cfg's groups on loop, recording into store.  Endpoints are
 * registered (mon_store_endpoint) and their last health read back, so a
 * restart resumes.  cfg is borrowed until mon_sched_free().  Returns 0,
 * or -1 with e (a name that does not resolve: ERR_INPUT naming the
 * endpoint; store errors).
 */
int	mon_sched_new(struct mon_loop *, struct mon_store *,
	    const struct mon_config *cfg, const struct mon_sched_hooks *,
	    struct mon_sched **out, struct err *e);
/*
 * Stop arming new probes.  In-flight probes finish (or time out); done is
 * called from the loop once none is left (at once when none is running).
 */
void	mon_sched_drain(struct mon_sched *, void (*done)(void *), void *arg);
/*
 * --once: call right after mon_sched_new(): every endpoint is probed once,
 * now (no spreading), and done is called from the loop when the last
 * result is recorded.
 */
void	mon_sched_once(struct mon_sched *, void (*done)(void *), void *arg);
/* Probes in flight now. */
size_t	mon_sched_inflight(const struct mon_sched *);
/* Results recorded so far, and rounds completed (every endpoint probed
 * once per round; for --once). */
uint64_t mon_sched_results(const struct mon_sched *);
/* The first store error met while running, or NULL (the loop keeps going
 * on store errors: a full disk must not stop the probes' timers). */
const struct err *mon_sched_error(const struct mon_sched *);
/* The lateness of the turns so far. */
void	mon_sched_lateness(const struct mon_sched *, struct mon_lateness *);
/* Bucket k's upper bound in usec, -1 for the last (unbounded) one. */
usec_t	mon_lateness_bound(size_t k);
/* The q-quantile (0 < q <= 1) of lt's turns: the upper bound of the
 * bucket that holds it, at most lt->max; 0 when there are no turns. */
usec_t	mon_lateness_quantile(const struct mon_lateness *lt, double q);
void	mon_sched_free(struct mon_sched *);

/* ------------------------------------------------------------------ */
/* Probes (mon_probe*.c)                                               */
/* ------------------------------------------------------------------ */

struct mon_probe;
/* Called once per probe with its outcome (one per neighbor for
 * router_state: ep names the neighbor's endpoint, made on the fly). */
typedef void (*mon_probe_done)(void *arg, const char *neighbor,
	    const struct mon_result *);

/*
 * Start one probe of ce on loop, with deadline timeout from now.  done is
 * called from the loop once for each outcome, then finished(arg) exactly
 * once (the probe's resources are gone by then).  Returns 0, or -1 with e
 * when it could not start (the caller records an "error" result).
 */
int	mon_probe_start(struct mon_loop *, const struct mon_cfg_endpoint *ce,
	    const struct sockaddr_storage *sa, socklen_t salen, usec_t timeout,
	    mon_probe_done done, void (*finished)(void *), void *arg,
	    struct mon_probe **out, struct err *e);

#endif /* ERW_MON_SCHED_H */
