/*
 * erwatch monitor run: the connection monitor itself (cmd_monitor.c holds
 * the table of monitor's subcommands).
 *
 * `monitor run` reads the config, opens the store, starts the groups on
 * the loop and runs until SIGTERM/SIGINT (in-flight probes finish, the
 * store is closed cleanly: WAL checkpointed).  SIGHUP reloads the config,
 * the alert channels and rules with it: a bad one is recorded as a
 * config_error event and the old one kept, whole.
 * Signals arrive through a signalfd on the loop, so that no handler runs
 * inside a store transaction.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_monitor.h"
#include "monitor/monitor.h"
#include "monitor/mon_alert.h"
#include "monitor/mon_capture.h"
#include "monitor/mon_config.h"
#include "monitor/mon_sched.h"

#define MON_DRAIN_MAX	(10 * USEC_PER_SEC)	/* SIGTERM: in-flight probes */
#define MON_ALERT_DRAIN	(5 * USEC_PER_SEC)	/* then alert deliveries */

enum { OPT_CONFIG = 'c', OPT_STORE = 256, OPT_ONCE, OPT_METRICS };

static const struct cli_opt monitor_run_opts[] = {
	CLI_OPT("config", 'c', CLI_ONE, "FILE", OPT_CONFIG,
	    "the monitor's JSON config (docs/monitor.md)"),
	CLI_OPT("store", 0, CLI_ONE, "URI", OPT_STORE,
	    "the history: a file path or sqlite:PATH (default: the "
	    "config's store)"),
	CLI_OPT("once", 0, CLI_FLAG, NULL, OPT_ONCE,
	    "probe every endpoint once, record the results and exit"),
	CLI_OPT("metrics-listen", 0, CLI_ONE, "ADDR:PORT", OPT_METRICS,
	    "serve Prometheus metrics there (default: the config's "
	    "metricsListen)"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_monitor_run = {
	.name = "monitor run",
	.summary = "monitor endpoints periodically, keep their history",
	.usage = { "--config FILE [--store URI] [--once] "
	    "[--metrics-listen ADDR:PORT]" },
	.description =
	    "run: probes the config's test groups (tcp, icmp, bgp_open, "
	    "router_state)\nforever, records every result in the store and "
	    "the endpoints' health\nchanges after N consecutive evaluations. "
	    "SIGHUP reloads the config,\nSIGTERM finishes in-flight probes "
	    "and closes the store.\n",
	.opts = monitor_run_opts,
};

/* ------------------------------------------------------------------ */
/* monitor run                                                         */
/* ------------------------------------------------------------------ */

struct run {
	struct mon_loop		*l;
	struct mon_store	*store;
	struct mon_config	*cfg;
	struct mon_sched	*sched;
	const char		*cfg_path;
	const char		*store_uri;
	int			 sfd;
	bool			 stopping;
	uint64_t		 deadline_timer;
	/* the schedule of before a reload, until its probes end */
	struct mon_config	*old_cfg;
	struct mon_sched	*old_sched;
	uint64_t		 reap_timer;
	/* a SIGHUP came while old_sched still ran: reload once it ends */
	bool			 reload_pending;
	struct mon_alerts	*alerts;	/* monalert's: queue, delivery */
	json_t			*alerts_cfg;	/* kept alive for alerts */
	struct mon_metrics	*metrics;	/* NULL: no --metrics-listen */
	struct mon_capture	*capture;	/* NULL: no "capture" block */
	const char		*metrics_listen;
	struct mon_sched_hooks	 hooks;
	struct err		 err;
};

/* The scheduler's hooks, to the alerter and the metrics. */
static int
hook_change(void *arg, const struct mon_state_change *sc, struct err *e)
{
	struct run *r = arg;

	mon_capture_on_change(r->capture, sc);
	return mon_alerts_on_change(r->alerts, sc, e);
}

static void
hook_commit(void *arg)
{
	struct run *r = arg;

	mon_alerts_kick(r->alerts);
}

static void
hook_endpoint(void *arg, const struct mon_endpoint *ep)
{
	struct run *r = arg;

	mon_capture_on_endpoint(r->capture, ep);
	if (r->metrics != NULL)
		mon_metrics_endpoint(r->metrics, ep);
}

static void
hook_result(void *arg, const struct mon_endpoint *ep,
    const struct mon_result *res)
{
	struct run *r = arg;

	mon_capture_on_result(r->capture, ep, res);
	if (r->metrics != NULL)
		mon_metrics_result(r->metrics, ep, res);
}

static void
hook_health(void *arg, const struct mon_endpoint *ep, enum mon_health h)
{
	struct run *r = arg;

	if (r->metrics != NULL)
		mon_metrics_health(r->metrics, ep, h);
	/* after the change's commit: the folder's history holds it */
	mon_capture_on_health(r->capture, ep, h);
}

static void
hook_turn(void *arg, usec_t late, bool skipped)
{
	struct run *r = arg;

	if (r->metrics != NULL)
		mon_metrics_turn(r->metrics, late, skipped);
}

/*
 * Each probe in flight holds a socket or a pipe: 10,000 endpoints every
 * 30 s with black-holed ones waiting out a 5 s timeout are over 800 at
 * once, and a systemd service's soft limit is 1024.  The hard limit is
 * ours to take.
 */
static void
raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* The stop event's detail: results and the scheduler's lateness. */
static void
stop_detail(const struct mon_sched *s, char *buf, size_t len)
{
	struct mon_lateness lt;

	mon_sched_lateness(s, &lt);
	snprintf(buf, len, "%llu results; %llu turns, %llu skipped, lateness "
	    "p50 %.3f ms, p99 %.3f ms, max %.3f ms",
	    (unsigned long long)mon_sched_results(s),
	    (unsigned long long)lt.turns, (unsigned long long)lt.skipped,
	    (double)mon_lateness_quantile(&lt, 0.50) / 1000.0,
	    (double)mon_lateness_quantile(&lt, 0.99) / 1000.0,
	    (double)lt.max / 1000.0);
}

static void
on_idle(void *arg)
{
	struct run *r = arg;

	mon_loop_stop(r->l);
}

static void
on_deadline(struct mon_loop *l, void *arg)
{
	(void)arg;
	mon_loop_stop(l);	/* probes still in flight are abandoned */
}

static void	reload(struct run *);

static void
reap_old(struct mon_loop *l, void *arg)
{
	struct run *r = arg;

	(void)l;
	r->reap_timer = 0;
	mon_sched_free(r->old_sched);
	mon_config_free(r->old_cfg);
	r->old_sched = NULL;
	r->old_cfg = NULL;
	if (r->reload_pending && !r->stopping) {
		r->reload_pending = false;
		reload(r);
	}
}

static void
on_old_drained(void *arg)
{
	struct run *r = arg;
	struct err e = { 0 };

	/* not here: we are inside the old schedule's own callback */
	r->reap_timer = mon_loop_add_timer(r->l, time_mono_usec(), reap_old,
	    r, &e);
}

static void
event(struct run *r, const char *kind, const char *detail)
{
	struct err e = { 0 };

	if (mon_store_event(r->store, time_now_usec(), kind, detail, &e) ==
	    -1 && !err_isset(&r->err))
		r->err = e;
}

static void
reload(struct run *r)
{
	struct mon_config *cfg = NULL;
	struct mon_sched *s = NULL;
	struct mon_alert_cfg *acfg = NULL;
	struct err e = { 0 };
	char buf[400];

	if (r->old_sched != NULL) {
		/* the previous schedule's probes still run (a black-holed
		 * target waits out its timeout): a reload now is deferred,
		 * not dropped, as systemctl reload expects it to happen */
		r->reload_pending = true;
		return;
	}
	/* the alerts first: a bad channel refuses the whole reload before
	 * the new schedule starts probing */
	if (mon_config_load(r->cfg_path, &cfg, &e) == -1 ||
	    mon_alerts_reload_prepare(r->alerts, cfg->alerts, r->cfg_path,
	    &acfg, &e) == -1 ||
	    mon_sched_new(r->l, r->store, cfg, &r->hooks, &s, &e) == -1) {
		err_str(&e, buf, sizeof(buf));
		fprintf(stderr, "erwatch monitor: reload: %s (keeping the "
		    "running config)\n", buf);
		event(r, "config_error", buf);
		mon_alerts_reload_discard(acfg);
		mon_config_free(cfg);
		return;
	}
	/* queued alerts follow their channel's new destination, deliveries
	 * in flight end at the old one (mon_alert.h) */
	if (mon_alerts_reload_commit(r->alerts, acfg, &e) == -1) {
		err_str(&e, buf, sizeof(buf));
		fprintf(stderr, "erwatch monitor: reload: alerts: %s (keeping "
		    "the running alert channels)\n", buf);
		event(r, "config_error", buf);
	}
	r->old_cfg = r->cfg;
	r->old_sched = r->sched;
	r->cfg = cfg;
	r->sched = s;
	event(r, "reload", r->cfg_path);
	mon_sched_drain(r->old_sched, on_old_drained, r);
}

static void
on_signal(struct mon_loop *l, int fd, uint32_t ev, void *arg)
{
	struct run *r = arg;
	struct signalfd_siginfo si;
	struct err e = { 0 };

	(void)ev;
	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGHUP && !r->stopping) {
			reload(r);
			continue;
		}
		if (si.ssi_signo != SIGTERM && si.ssi_signo != SIGINT)
			continue;
		if (r->stopping) {
			mon_loop_stop(l);	/* a second one: now */
			continue;
		}
		r->stopping = true;
		r->deadline_timer = mon_loop_add_timer(l, time_mono_usec() +
		    MON_DRAIN_MAX, on_deadline, r, &e);
		if (r->old_sched != NULL)
			mon_sched_drain(r->old_sched, NULL, NULL);
		mon_sched_drain(r->sched, on_idle, r);
	}
}

/* The store's own news (a central database away and back): stderr. */
static void
store_log(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, "erwatch monitor: %s\n", line);
}

static int
run_main(struct run *r, bool once)
{
	struct err e = { 0 };
	sigset_t set;
	char buf[400];
	int rc = EXIT_OK;

	if (mon_config_load(r->cfg_path, &r->cfg, &e) == -1)
		return cli_input_err("monitor", &e);
	if (r->store_uri == NULL)
		r->store_uri = r->cfg->store;
	if (r->store_uri[0] == '\0')
		return cli_usage_error("monitor", "no store: give --store or "
		    "\"store\" in '%s'", r->cfg_path);
	if (mon_store_open(r->store_uri, &r->store, &e) == -1)
		return cli_input_err("monitor", &e);
	mon_store_set_log(r->store, store_log, r);
	if (mon_loop_new(&r->l, &e) == -1)
		return cli_report_err("monitor", &e);
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	/* a router command's or webhook's broken pipe is an error value */
	signal(SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1 ||
	    (r->sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) == -1) {
		ERR(&e, ERR_RUNTIME, "signalfd: %s", strerror(errno));
		return cli_report_err("monitor", &e);
	}
	if (mon_loop_add_fd(r->l, r->sfd, EPOLLIN, on_signal, r, &e) == -1)
		return cli_report_err("monitor", &e);
	if (r->cfg->retention > 0 &&
	    mon_store_retain(r->store, time_now_usec() - r->cfg->retention,
	    &e) == -1)
		return cli_report_err("monitor", &e);
	if (r->cfg->alerts != NULL)
		r->alerts_cfg = json_incref(r->cfg->alerts);
	if (mon_alerts_new(r->l, r->store, r->alerts_cfg, r->cfg_path,
	    &r->alerts, &e) == -1)
		return cli_input_err("monitor", &e);
	if (r->metrics_listen == NULL && r->cfg->metrics_listen[0] != '\0')
		r->metrics_listen = r->cfg->metrics_listen;
	if (r->metrics_listen != NULL) {
		if (mon_metrics_new(r->l, r->metrics_listen, &r->metrics,
		    &e) == -1)
			return e.code == ERR_USAGE || e.code == ERR_IO ?
			    cli_input_err("monitor", &e) :
			    cli_report_err("monitor", &e);
		mon_alerts_set_metrics(r->alerts, r->metrics);
	}
	r->hooks.arg = r;
	r->hooks.on_change = hook_change;
	r->hooks.after_commit = hook_commit;
	r->hooks.on_endpoint = hook_endpoint;
	r->hooks.on_result = hook_result;
	r->hooks.on_health = hook_health;
	r->hooks.on_turn = hook_turn;
	raise_nofile();
	snprintf(buf, sizeof(buf), "pid %ld, config %s%s", (long)getpid(),
	    r->cfg_path, once ? ", once" : "");
	event(r, "start", buf);
	/* before the schedule, so that it sees every endpoint; the
	 * capture block is read at start only (a reload keeps it) */
	if (once || r->cfg->capture == NULL) {
		/* nothing to capture: the packet socket main() left us goes
		 * before the first probe reads a peer's bytes */
		if (priv_drop_caps(PRIV_NET_RAW, &e) == -1)
			return cli_report_err("monitor", &e);
	} else {
		if (mon_capture_new(r->l, r->store, r->cfg, &r->capture, buf,
		    sizeof(buf), &e) == -1)
			return cli_report_err("monitor", &e);
		if (buf[0] != '\0')
			fprintf(stderr, "erwatch monitor: capture: %s\n",
			    buf);
	}
	if (mon_sched_new(r->l, r->store, r->cfg, &r->hooks, &r->sched,
	    &e) == -1)
		return cli_input_err("monitor", &e);
	if (once)
		mon_sched_once(r->sched, on_idle, r);
	if (mon_loop_run(r->l, &e) == -1)
		rc = cli_report_err("monitor", &e);
	/* alerts queued by the last results: delivered now if they can be,
	 * else left in the store for the next start */
	mon_alerts_drain(r->alerts, time_mono_usec() + MON_ALERT_DRAIN);
	/* a capture being saved keeps what it has so far */
	if (mon_capture_flush(r->capture, &e) == -1 && rc == EXIT_OK)
		rc = cli_report_err("monitor", &e);
	if (mon_sched_error(r->sched) != NULL && rc == EXIT_OK)
		rc = cli_report_err("monitor", mon_sched_error(r->sched));
	stop_detail(r->sched, buf, sizeof(buf));
	event(r, "stop", buf);
	if (err_isset(&r->err) && rc == EXIT_OK)
		rc = cli_report_err("monitor", &r->err);
	return rc;
}

int
cmd_monitor_run(int argc, char *argv[])
{
	struct cli_parse p;
	struct run r;
	bool once = false;
	int c, rc;

	memset(&r, 0, sizeof(r));
	r.sfd = -1;
	cli_parse_init(&p, &cli_cmd_monitor_run, argc, argv);
	while ((c = cli_next(&p)) != CLI_END) {
		switch (c) {
		case CLI_HELP:
			return EXIT_OK;
		case CLI_BAD:
			return EXIT_USAGE;
		case OPT_CONFIG:
			r.cfg_path = p.arg;
			break;
		case OPT_STORE:
			r.store_uri = p.arg;
			break;
		case OPT_ONCE:
			once = true;
			break;
		case OPT_METRICS:
			r.metrics_listen = p.arg;
			break;
		}
	}
	if (r.cfg_path == NULL)
		return cli_usage_error("monitor", "run: --config FILE is "
		    "required");
	rc = run_main(&r, once);
	mon_sched_free(r.old_sched);
	mon_sched_free(r.sched);
	mon_alerts_free(r.alerts);
	mon_metrics_free(r.metrics);
	mon_capture_free(r.capture);
	json_decref(r.alerts_cfg);
	mon_config_free(r.old_cfg);
	mon_config_free(r.cfg);
	mon_store_close(r.store);
	if (r.sfd >= 0)
		close(r.sfd);
	mon_loop_free(r.l);
	return rc;
}
