/*
 * monitor: the connection monitor (`erwatch monitor`), the counterpart of
 * Network Watcher's connection monitor: periodic probes of endpoints, their
 * history in a store, alerts on state changes, Prometheus metrics.
 *
 * This header is the contract between the module's parts, which are
 * written side by side:
 *
 *   mon_loop.c     one thread: epoll, a timer heap on the monotonic clock.
 *                  Everything else registers file descriptors and timers
 *                  here; nothing blocks.
 *   mon_store*.c   the history: SQLite in WAL mode (one file,
 *                  mon_store_sqlite.c) or a central PostgreSQL database
 *                  shared by many agents (mon_store_pg.c), behind one
 *                  vtable (mon_store_int.h); schema versioned with
 *                  migrations, each result committed before it is
 *                  reported.  The schema is documented in docs/monitor.md;
 *                  `monitor report` and `diagnose` read the same tables.
 *   mon_config.c, mon_probe*.c, mon_sched.c   the test groups, the probes
 *                  and the evaluation into healthy / failing.
 *   mon_alert*.c   alert channels (webhook in the Azure Monitor common
 *                  alert schema, exec hook, syslog), queued in the store,
 *                  retried with backoff until delivered.
 *   mon_metrics.c  Prometheus text exposition over libmicrohttpd.
 *
 * Library code: nothing here prints or exits; errors are values.
 * Times: wall-clock times are usec_t since the epoch (UTC) and go into the
 * store; deadlines are usec_t on the monotonic clock (time_mono_usec()).
 */
#ifndef ERW_MONITOR_H
#define ERW_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* ------------------------------------------------------------------ */
/* Endpoints, results, states                                          */
/* ------------------------------------------------------------------ */

enum mon_kind {
	MON_KIND_TCP,		/* host:port TCP connect */
	MON_KIND_ICMP,		/* echo over an unprivileged ping socket */
	MON_KIND_BGP_OPEN,	/* the probe's speaker: an OPEN exchange */
	MON_KIND_ROUTER_STATE,	/* a neighbor's state read from the router */
	MON_KIND_CLOUD_BGP,	/* Azure Monitor BgpAvailability, imported */
	MON_KIND_CLOUD_ARP,	/* Azure Monitor ArpAvailability, imported */
};

/* Names as stored in endpoint.kind: "tcp", "icmp", "bgp_open", ... */
const char *mon_kind_name(enum mon_kind);
int	mon_kind_parse(const char *, enum mon_kind *);

enum mon_health {
	MON_HEALTH_UNKNOWN,	/* not yet evaluated */
	MON_HEALTH_HEALTHY,
	MON_HEALTH_FAILING,
};

/* "unknown", "healthy", "failing", as stored in state_change. */
const char *mon_health_name(enum mon_health);

#define MON_NAME_MAX	128
#define MON_DETAIL_MAX	160

/*
 * One monitored endpoint.  (agent, group, name) is its identity across
 * restarts and config reloads; id is the store's row id.
 */
struct mon_endpoint {
	int64_t		id;
	enum mon_kind	kind;
	char		agent[64];	/* config "agent", else the host name */
	char		group[64];	/* test group name */
	char		name[MON_NAME_MAX];	/* "tcp:10.0.0.2:179", ... */
	char		address[64];	/* target (or neighbor) address */
	uint16_t	port;		/* 0 when none */
	char		path[16];	/* "primary", "secondary" or "" */
};

/* One probe's outcome. */
struct mon_result {
	int64_t		endpoint_id;
	usec_t		ts;		/* wall clock at probe start */
	bool		ok;
	int64_t		rtt_us;		/* -1 when failed or not measured */
	char		status[32];	/* "ok", "timeout", "refused",
					   "unreachable", "error", or a BGP
					   state for router_state */
	char		detail[MON_DETAIL_MAX];	/* never a secret */
};

/* A change of an endpoint's health after N consecutive evaluations. */
struct mon_state_change {
	int64_t			 id;		/* filled by the store */
	const struct mon_endpoint *ep;
	usec_t			 ts;		/* wall clock */
	enum mon_health		 from, to;
	int			 checks;	/* in the evaluation window */
	int			 failed;
	int64_t			 rtt_avg_us;	/* -1 when none succeeded */
	char			 reason[MON_DETAIL_MAX];
};

/* ------------------------------------------------------------------ */
/* The event loop (mon_loop.c)                                         */
/* ------------------------------------------------------------------ */

struct mon_loop;

/* events: EPOLLIN / EPOLLOUT / EPOLLERR / EPOLLHUP as epoll_wait gave. */
typedef void (*mon_fd_fn)(struct mon_loop *, int fd, uint32_t events,
	    void *arg);
typedef void (*mon_timer_fn)(struct mon_loop *, void *arg);

int	mon_loop_new(struct mon_loop **out, struct err *e);
void	mon_loop_free(struct mon_loop *);
/* Watch fd for events (EPOLLIN, EPOLLOUT); one registration per fd. */
int	mon_loop_add_fd(struct mon_loop *, int fd, uint32_t events,
	    mon_fd_fn fn, void *arg, struct err *e);
int	mon_loop_mod_fd(struct mon_loop *, int fd, uint32_t events,
	    struct err *e);
void	mon_loop_del_fd(struct mon_loop *, int fd);
/*
 * Call fn once at monotonic time due (usec).  Returns a timer id > 0, or
 * 0 with e set on allocation failure.  Cancelling a fired or cancelled id
 * is harmless.
 */
uint64_t mon_loop_add_timer(struct mon_loop *, usec_t due, mon_timer_fn fn,
	    void *arg, struct err *e);
void	mon_loop_cancel_timer(struct mon_loop *, uint64_t id);
/* Run until mon_loop_stop(); returns 0, or -1 with e on epoll failure. */
int	mon_loop_run(struct mon_loop *, struct err *e);
void	mon_loop_stop(struct mon_loop *);
/* Timers armed and not yet fired or cancelled (for tests and bench). */
size_t	mon_loop_timers(const struct mon_loop *);

/* ------------------------------------------------------------------ */
/* The store (mon_store*.c)                                            */
/* ------------------------------------------------------------------ */

#define MON_SCHEMA_VERSION	1

struct mon_store;

/* A queued alert, as mon_store_alert_due() returns it. */
struct mon_alert_row {
	int64_t		 id;
	int64_t		 state_change_id;
	char		 channel[80];	/* "webhook:NAME", "exec:NAME",
					   "syslog" */
	char		*payload;	/* JSON as it is sent; owned by row */
	usec_t		 created;	/* wall clock */
	usec_t		 next_attempt;	/* wall clock */
	int		 attempts;
};
void	mon_alert_row_release(struct mon_alert_row *);

/*
 * Open (creating and migrating) the store at uri: a file path,
 * "sqlite:PATH", or a libpq URI "postgresql://USER[:PASSWORD]@HOST[:PORT]
 * /DB[?...]" ("postgres://" too).  An older schema is migrated in one
 * transaction; a newer one is refused (ERR_INPUT naming the store and
 * both versions).  Messages name a PostgreSQL store with its password
 * replaced by "***"; the password is never in an error.  An unreachable
 * server or a refused login at open is ERR_IO / ERR_INPUT.
 */
int	mon_store_open(const char *uri, struct mon_store **out,
	    struct err *e);
void	mon_store_close(struct mon_store *);

int	mon_store_begin(struct mon_store *, struct err *e);
int	mon_store_commit(struct mon_store *, struct err *e);
void	mon_store_rollback(struct mon_store *);

/* Insert or find ep by (agent, group, name); fills ep->id. */
int	mon_store_endpoint(struct mon_store *, struct mon_endpoint *ep,
	    struct err *e);
int	mon_store_result(struct mon_store *, const struct mon_result *,
	    struct err *e);
/* Fills sc->id. */
int	mon_store_state_change(struct mon_store *, struct mon_state_change *sc,
	    struct err *e);
/* The last recorded health of an endpoint (UNKNOWN when none). */
int	mon_store_last_health(struct mon_store *, int64_t endpoint_id,
	    enum mon_health *out, struct err *e);
/*
 * The wall time of the latest change of endpoint_id to failing whose
 * state_change id is below before_id (INT64_MAX: any), or -1 in *ts when
 * there is none.  A Resolved names its Fired by it, so that the two carry
 * one alertId even when the monitor restarted in between.
 */
int	mon_store_last_fired(struct mon_store *, int64_t endpoint_id,
	    int64_t before_id, usec_t *ts, struct err *e);
/* The monitor's own events: "start", "stop", "reload", "capture", ... */
int	mon_store_event(struct mon_store *, usec_t ts, const char *kind,
	    const char *detail, struct err *e);

/* The alert queue: none is lost while a receiver is down. */
int	mon_store_alert_add(struct mon_store *, int64_t state_change_id,
	    const char *channel, const char *payload, usec_t now,
	    int64_t *id, struct err *e);
/* Undelivered alerts with next_attempt <= now, oldest first, at most max. */
int	mon_store_alert_due(struct mon_store *, usec_t now,
	    struct mon_alert_row *rows, size_t max, size_t *n, struct err *e);
/* The earliest next_attempt of an undelivered alert, or -1 when none. */
int	mon_store_alert_next(struct mon_store *, usec_t *next, struct err *e);
int	mon_store_alert_delivered(struct mon_store *, int64_t id, usec_t now,
	    struct err *e);
int	mon_store_alert_retry(struct mon_store *, int64_t id, int attempts,
	    usec_t next_attempt, const char *error, struct err *e);

/* Retention: delete results, evaluations and events older than cutoff. */
int	mon_store_retain(struct mon_store *, usec_t cutoff, struct err *e);

/*
 * What a store has to say outside any call's result: PostgreSQL's "server
 * unreachable, N transactions held in memory", "reconnected, N committed,
 * M lost".  One line, no password.  The library does not print; the
 * command decides where the line goes (stderr).
 */
typedef void (*mon_store_log_fn)(void *arg, const char *line);
/* Set (or with fn NULL clear) the store's log callback. */
void	mon_store_set_log(struct mon_store *, mon_store_log_fn fn, void *arg);
/* The backend's name: "sqlite" or "postgresql". */
const char *mon_store_backend(const struct mon_store *);

#endif /* ERW_MONITOR_H */
