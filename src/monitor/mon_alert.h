/*
 * mon_alert: the monitor's alerts and metrics, the parts `monitor run`
 * hands state changes and probe results to.
 *
 * Alerts: a state change that matches a rule of the config's "alerts"
 * object becomes one row per channel in the store's alert queue, inside
 * the caller's transaction, so that an alert exists exactly when its
 * state change does.  After the commit, mon_alerts_kick() starts the
 * deliveries on the loop: webhooks through libcurl's multi socket API,
 * exec hooks as children fed on a pipe and reaped through a pidfd, syslog
 * through syslog(3).  An alert that is not delivered is retried with
 * exponential backoff and jitter, capped, and stays in the store until it
 * is, so that none is lost while a receiver is down or across restarts.
 * The payload is the Azure Monitor common alert schema (docs/monitor.md).
 *
 * Metrics: Prometheus text exposition format 0.0.4 at /metrics over
 * libmicrohttpd, driven by the same loop (its epoll fd on the loop).
 *
 * Nothing here prints or exits; nothing blocks the loop.
 */
#ifndef ERW_MON_ALERT_H
#define ERW_MON_ALERT_H

#include <jansson.h>

#include "monitor/monitor.h"

/* ------------------------------------------------------------------ */
/* Alerts                                                              */
/* ------------------------------------------------------------------ */

struct mon_alerts;
struct mon_metrics;

/*
 * Parse alerts_cfg (the config's "alerts" object, borrowed; NULL: no
 * rules, no channels) and make the alerter on loop and store, which it
 * borrows for its lifetime.  cfg_file names the config in errors, which
 * say the JSON path ("alerts.channels.pager.url").  Header files of webhooks are read here; their contents are never
 * printed, logged or stored.  Undelivered alerts left in the store are
 * scheduled for delivery on the loop.  Returns 0 and *out (free with
 * mon_alerts_free), or -1: ERR_INPUT for a bad config or an unreadable
 * header file, ERR_NOMEM, ERR_RUNTIME (libcurl).
 */
int	mon_alerts_new(struct mon_loop *, struct mon_store *,
	    const json_t *alerts_cfg, const char *cfg_file,
	    struct mon_alerts **out, struct err *e);

/*
 * Queue the alerts of sc (sc->id filled by mon_store_state_change()):
 * one row per channel of each matching rule (a channel once even when two
 * rules name it), through mon_store_alert_add(), inside the caller's open
 * transaction.  A change to failing fires; a change from failing to
 * healthy resolves, with the alertId of the Fired it closes.  Nothing is
 * sent until mon_alerts_kick().  Returns 0 (also when nothing matched) or
 * -1 with e (ERR_NOMEM, the store's error).
 */
int	mon_alerts_on_change(struct mon_alerts *,
	    const struct mon_state_change *sc, struct err *e);

/*
 * SIGHUP: the alerts object of a reloaded config, in two steps so that
 * the caller can refuse the whole reload when another part of it fails.
 * prepare parses alerts_cfg (borrowed) and reads its header files, as
 * mon_alerts_new() does, into *out, without touching the running
 * alerter; -1 with e (ERR_INPUT naming cfg_file and the JSON path,
 * ERR_NOMEM) leaves everything as it was.  commit takes *out over (also
 * on failure) and makes it the alerter's: new state changes follow its
 * rules; a queued alert goes to its channel's destination in the new
 * config (looked up by the channel's name when each attempt starts), one
 * in flight ends where it was going, and the rows of a channel that is
 * gone wait for a config that has it again.  discard frees a prepared
 * config that is not to be committed.
 */
struct mon_alert_cfg;
int	mon_alerts_reload_prepare(struct mon_alerts *, const json_t *alerts_cfg,
	    const char *cfg_file, struct mon_alert_cfg **out, struct err *e);
int	mon_alerts_reload_commit(struct mon_alerts *, struct mon_alert_cfg *,
	    struct err *e);
void	mon_alerts_reload_discard(struct mon_alert_cfg *);

/* After the commit: deliver what is due now, schedule the rest. */
void	mon_alerts_kick(struct mon_alerts *);

/*
 * SIGTERM: start nothing new, and let the deliveries in flight end or
 * the monotonic deadline pass, whichever is first; what is left stays
 * queued in the store for the next start (a child still running is
 * killed).  Called after mon_loop_run() returned: it runs the loop again
 * until then and stops it.
 */
void	mon_alerts_drain(struct mon_alerts *, usec_t deadline_mono);

void	mon_alerts_free(struct mon_alerts *);

/*
 * Counters of the alerter's deliveries since it started, and the queue's
 * length when last looked at, for metrics and for the caller's log.
 */
struct mon_alert_stats {
	uint64_t	pending;	/* undelivered rows in the store */
	uint64_t	delivered;	/* deliveries that succeeded */
	uint64_t	failed;		/* attempts that failed (retried) */
};
void	mon_alerts_stats(const struct mon_alerts *, struct mon_alert_stats *);

/*
 * Have the alerter report its counters to m (borrowed; NULL detaches)
 * whenever they change.  Optional.
 */
void	mon_alerts_set_metrics(struct mon_alerts *, struct mon_metrics *m);

/*
 * The last delivery error, for the caller's log: "webhook:pager: http
 * 503" (never a header or a secret), "" when none since the last call.
 * Clears it.
 */
const char *mon_alerts_last_error(struct mon_alerts *, char *buf,
	    size_t len);

/* ------------------------------------------------------------------ */
/* Metrics                                                             */
/* ------------------------------------------------------------------ */

/*
 * Listen on "ADDR:PORT" ("127.0.0.1:9464", "[::1]:9464", ":9464" for
 * every address) and serve /metrics on loop.  Returns 0 and *out (free
 * with mon_metrics_free), or -1: ERR_USAGE for a malformed listen
 * string, ERR_IO when the address cannot be bound, ERR_NOMEM.
 */
int	mon_metrics_new(struct mon_loop *, const char *listen,
	    struct mon_metrics **out, struct err *e);
/* The port listened on (the kernel's pick when listen said port 0). */
uint16_t mon_metrics_port(const struct mon_metrics *);
/*
 * Declare ep (its series appear at zero); again after a reload is fine.
 * Endpoints are told apart by ep->id, the store's row id.
 */
void	mon_metrics_endpoint(struct mon_metrics *, const struct mon_endpoint *);
/* Count one probe result of ep (declared or not). */
void	mon_metrics_result(struct mon_metrics *, const struct mon_endpoint *,
	    const struct mon_result *);
void	mon_metrics_health(struct mon_metrics *, const struct mon_endpoint *,
	    enum mon_health);
/* One turn of the scheduler: its lateness (usec), or skipped. */
void	mon_metrics_turn(struct mon_metrics *, usec_t late, bool skipped);
/* The alert counters (mon_alerts_set_metrics() calls it). */
void	mon_metrics_alerts(struct mon_metrics *,
	    const struct mon_alert_stats *);
void	mon_metrics_free(struct mon_metrics *);

#endif /* ERW_MON_ALERT_H */
