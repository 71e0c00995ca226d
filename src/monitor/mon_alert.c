/*
 * mon_alert: from state changes to delivered alerts.
 *
 * mon_alerts_on_change() turns a state change into queue rows (one per
 * channel of every matching rule) inside the caller's transaction, so an
 * alert exists exactly when its state change is committed.  Delivery is a
 * "pass" over the queue, run from the loop after a kick, a completion or
 * a retry time: per channel, only the oldest undelivered row may go, and
 * only one at a time, so that a receiver sees a channel's alerts in the
 * order they were raised even when some had to wait for it; a failed row
 * is retried with backoff and holds its channel's later rows behind it.
 * The pass asks the store for every undelivered row (a far future "now")
 * rather than for the due ones, which is what keeps that order across a
 * restart: the schedule lives in the store, not in this process.
 */
#include <errno.h>
#include <syslog.h>
#include <unistd.h>

#include "mon_alert_int.h"

#define PASS_RETRY	(5 * USEC_PER_SEC)	/* after a store error */
/*
 * A delivery names its channel by the store's id, not by an index into
 * the config: a reload may replace the config while it is in flight.
 */
struct delivery {
	struct mon_alerts	*a;
	char			 chan[sizeof(((struct mon_alert_chan *)0)->id)];
	int64_t			 row_id;
	int			 attempts;
};

struct mon_alerts {
	struct mon_loop		*loop;
	struct mon_store	*store;
	struct mon_alert_cfg	 cfg;
	struct mon_http		*http;
	struct mon_exec		*exec;
	bool			*busy;		/* per channel */
	uint64_t		 pass_timer;
	usec_t			 pass_due;	/* monotonic */
	uint64_t		 drain_timer;
	bool			 draining;
	bool			 closing;	/* in mon_alerts_free */
	struct mon_alert_stats	 stats;
	struct mon_metrics	*metrics;
	uint64_t		 rng;
	char			 last_error[200];
};

static void	pass_at(struct mon_alerts *, usec_t due_mono);

static uint32_t
rnd32(struct mon_alerts *a)
{
	/* xorshift64*: jitter needs spread, not secrecy */
	a->rng ^= a->rng >> 12;
	a->rng ^= a->rng << 25;
	a->rng ^= a->rng >> 27;
	return (uint32_t)((a->rng * 0x2545F4914F6CDD1DULL) >> 32);
}

static void
note_error(struct mon_alerts *a, const char *chan, const char *msg)
{
	/* a long message is cut: the error is for a log line, not a record */
	int n = snprintf(a->last_error, sizeof(a->last_error), "%s: ", chan);

	if (n > 0 && (size_t)n < sizeof(a->last_error))
		str_copy(a->last_error + n, msg, sizeof(a->last_error) - n);
}

static void
report_stats(struct mon_alerts *a)
{
	if (a->metrics != NULL)
		mon_metrics_alerts(a->metrics, &a->stats);
}

/* The index of the channel whose store id is id, or -1. */
static ssize_t
chan_index(const struct mon_alerts *a, const char *id)
{
	const struct mon_alert_chan *ch = mon_alert_cfg_chan(&a->cfg, id);

	return ch == NULL ? -1 : ch - a->cfg.chans;
}

static size_t
inflight(const struct mon_alerts *a)
{
	return mon_http_inflight(a->http) + mon_exec_inflight(a->exec);
}

/* ------------------------------------------------------------------ */
/* Queueing                                                            */
/* ------------------------------------------------------------------ */

int
mon_alerts_on_change(struct mon_alerts *a, const struct mon_state_change *sc,
    struct err *e)
{
	bool *queued = NULL;
	usec_t fired_ts = sc->ts, fts;
	size_t i, j;
	int rc = -1;

	if (a->cfg.nchans == 0)
		return 0;
	if ((queued = erw_calloc(a->cfg.nchans, sizeof(*queued))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	if (sc->to != MON_HEALTH_FAILING) {
		/* the Resolved names its Fired by the time the outage
		 * began, read from the store rather than remembered here,
		 * so that a restart in mid-outage keeps the alertId; none
		 * recorded (retention took it): the change's own time, so
		 * that the alert is still well formed.  A store that
		 * cannot answer now (a PostgreSQL server down: its writes
		 * are being held) must not cost the Resolved itself, so
		 * that case takes the same fallback */
		struct err ignored = { 0 };

		if (mon_store_last_fired(a->store, sc->ep->id, sc->id,
		    &fts, &ignored) == 0 && fts >= 0)
			fired_ts = fts;
	}
	for (i = 0; i < a->cfg.nrules; i++) {
		const struct mon_alert_rule *r = &a->cfg.rules[i];
		char *payload;

		if (mon_alert_rule_match(r, sc->ep, sc->from, sc->to) == 0)
			continue;
		payload = NULL;
		for (j = 0; j < r->nchans; j++) {
			const struct mon_alert_chan *ch =
			    &a->cfg.chans[r->chans[j]];
			int64_t id;

			if (queued[r->chans[j]])
				continue;
			if (payload == NULL &&
			    (payload = mon_alert_payload(r, sc, fired_ts,
			    e)) == NULL)
				goto out;
			if (mon_store_alert_add(a->store, sc->id, ch->id,
			    payload, time_now_usec(), &id, e) == -1) {
				free(payload);
				goto out;
			}
			queued[r->chans[j]] = true;
			a->stats.pending++;
		}
		free(payload);
	}
	rc = 0;
out:
	free(queued);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Delivery                                                            */
/* ------------------------------------------------------------------ */

static void
delivery_done(void *arg, bool ok, const char *error)
{
	struct delivery *d = arg;
	struct mon_alerts *a = d->a;
	usec_t now = time_now_usec();
	struct err e;
	ssize_t ci;

	err_clear(&e);
	if (a->closing) {
		/* abandoned: the row stays as it was, for the next start */
		free(d);
		return;
	}
	/* a reload may have dropped the channel since: nothing to free */
	if ((ci = chan_index(a, d->chan)) >= 0)
		a->busy[ci] = false;
	if (ok) {
		if (mon_store_alert_delivered(a->store, d->row_id, now,
		    &e) == -1)
			note_error(a, d->chan, e.msg);
		a->stats.delivered++;
		if (a->stats.pending > 0)
			a->stats.pending--;
	} else {
		int n = d->attempts + 1;
		usec_t next = now + mon_backoff_delay(&a->cfg.backoff, n,
		    rnd32(a));

		note_error(a, d->chan, error != NULL ? error : "failed");
		if (mon_store_alert_retry(a->store, d->row_id, n, next,
		    error != NULL ? error : "failed", &e) == -1)
			note_error(a, d->chan, e.msg);
		a->stats.failed++;
	}
	report_stats(a);
	free(d);
	if (a->draining) {
		if (inflight(a) == 0)
			mon_loop_stop(a->loop);
		return;
	}
	/* from the loop, not from inside libcurl's or the child's
	 * callback that called us */
	pass_at(a, time_mono_usec());
}

static int
env_add(char **env, size_t *n, const char *name, const char *v)
{
	size_t len;

	if (v == NULL)
		v = "";
	len = strlen(name) + 1 + strlen(v) + 1;
	if ((env[*n] = erw_malloc(len)) == NULL)
		return -1;
	snprintf(env[*n], len, "%s=%s", name, v);
	(*n)++;
	return 0;
}

/* The essentials a hook wants without parsing JSON. */
static char **
exec_env(const char *payload, const char *chan)
{
	static const struct {
		const char *var, *key;
	} vars[] = {
		{ "ERWATCH_ALERT_ID", "alertId" },
		{ "ERWATCH_ALERT_RULE", "alertRule" },
		{ "ERWATCH_ALERT_SEVERITY", "severity" },
		{ "ERWATCH_ALERT_CONDITION", "monitorCondition" },
		{ "ERWATCH_ALERT_FIRED", "firedDateTime" },
		{ "ERWATCH_ALERT_RESOLVED", "resolvedDateTime" },
		{ "ERWATCH_ALERT_DESCRIPTION", "description" },
	};
	const size_t nv = sizeof(vars) / sizeof(vars[0]);
	json_t *root, *ess, *ep;
	char **env;
	size_t n = 0, i;
	bool fail = false;

	if ((env = erw_calloc(nv + 5, sizeof(*env))) == NULL)
		return NULL;
	root = json_loads(payload, 0, NULL);
	ess = json_object_get(json_object_get(root, "data"), "essentials");
	ep = json_object_get(json_object_get(json_object_get(root, "data"),
	    "alertContext"), "endpoint");
	for (i = 0; i < nv && !fail; i++)
		fail = env_add(env, &n, vars[i].var, json_string_value(
		    json_object_get(ess, vars[i].key))) == -1;
	fail = fail ||
	    env_add(env, &n, "ERWATCH_AGENT", json_string_value(
	    json_object_get(ep, "agent"))) == -1 ||
	    env_add(env, &n, "ERWATCH_GROUP", json_string_value(
	    json_object_get(ep, "group"))) == -1 ||
	    env_add(env, &n, "ERWATCH_ENDPOINT", json_string_value(
	    json_object_get(ep, "name"))) == -1 ||
	    env_add(env, &n, "ERWATCH_CHANNEL", chan) == -1;
	json_decref(root);
	if (fail) {
		for (i = 0; i < n; i++)
			free(env[i]);
		free(env);
		return NULL;
	}
	return env;
}

static void
env_free(char **env)
{
	size_t i;

	for (i = 0; env != NULL && env[i] != NULL; i++)
		free(env[i]);
	free(env);
}

static int
send_syslog(const struct mon_alert_chan *ch, const char *payload)
{
	json_t *root = json_loads(payload, 0, NULL);
	json_t *ess = json_object_get(json_object_get(root, "data"),
	    "essentials");
	const char *cond = json_string_value(json_object_get(ess,
	    "monitorCondition"));
	const char *sev = json_string_value(json_object_get(ess, "severity"));
	const char *rule = json_string_value(json_object_get(ess,
	    "alertRule"));
	const char *desc = json_string_value(json_object_get(ess,
	    "description"));
	const char *id = json_string_value(json_object_get(ess, "alertId"));
	int s = sev != NULL && strlen(sev) == 4 ? sev[3] - '0' : 2;

	if (root == NULL)
		return -1;
	/* one datagram to the local log socket */
	syslog(LOG_MAKEPRI(ch->facility, mon_alert_syslog_prio(s,
	    cond != NULL && strcmp(cond, "Resolved") == 0)),
	    "alert %s %s rule '%s': %s (alertId %s)", cond ? cond : "?",
	    sev ? sev : "?", rule ? rule : "?", desc ? desc : "", id ? id : "");
	json_decref(root);
	return 0;
}

/* Start row on channel ci; false when it could not start (retried). */
static void
start(struct mon_alerts *a, size_t ci, const struct mon_alert_row *row)
{
	const struct mon_alert_chan *ch = &a->cfg.chans[ci];
	struct delivery *d;
	char **env;
	struct err e;
	int rc = -1;

	err_clear(&e);
	if ((d = erw_calloc(1, sizeof(*d))) == NULL)
		return;	/* the next pass tries again */
	d->a = a;
	str_copy(d->chan, ch->id, sizeof(d->chan));
	d->row_id = row->id;
	d->attempts = row->attempts;
	a->busy[ci] = true;
	switch (ch->type) {
	case MON_CHAN_WEBHOOK:
		rc = mon_http_post(a->http, ch, row->payload, delivery_done,
		    d, &e);
		break;
	case MON_CHAN_EXEC:
		if ((env = exec_env(row->payload, ch->id)) == NULL) {
			ERR(&e, ERR_NOMEM, "out of memory");
			break;
		}
		rc = mon_exec_run(a->exec, ch, row->payload, env,
		    delivery_done, d, &e);
		env_free(env);
		break;
	case MON_CHAN_SYSLOG:
		if (send_syslog(ch, row->payload) == -1) {
			delivery_done(d, false, "payload is not JSON");
			return;
		}
		delivery_done(d, true, NULL);
		return;
	}
	if (rc == -1)
		delivery_done(d, false, e.msg);
}

/* One pass over the queue: start each idle channel's oldest row. */
static void
pass(struct mon_loop *loop, void *arg)
{
	struct mon_alerts *a = arg;
	struct mon_alert_row *rows;
	usec_t now = time_now_usec(), next = -1;
	bool *seen;
	size_t n = 0, i;
	struct err e;

	(void)loop;
	a->pass_timer = 0;
	if (a->draining || a->cfg.nchans == 0)
		return;
	err_clear(&e);
	rows = erw_calloc(MON_ALERT_QUEUE_SCAN, sizeof(*rows));
	seen = erw_calloc(a->cfg.nchans, sizeof(*seen));
	if (rows == NULL || seen == NULL) {
		free(rows);
		free(seen);
		pass_at(a, time_mono_usec() + PASS_RETRY);
		return;
	}
	if (mon_store_alert_due(a->store, INT64_MAX, rows,
	    MON_ALERT_QUEUE_SCAN, &n, &e) == -1) {
		note_error(a, "store", e.msg);
		free(rows);
		free(seen);
		pass_at(a, time_mono_usec() + PASS_RETRY);
		return;
	}
	a->stats.pending = n;
	for (i = 0; i < n; i++) {
		const struct mon_alert_chan *ch = mon_alert_cfg_chan(&a->cfg,
		    rows[i].channel);
		size_t ci;

		/* a channel no longer configured keeps its rows for a
		 * config that has it again */
		if (ch == NULL)
			continue;
		ci = (size_t)(ch - a->cfg.chans);
		if (seen[ci])
			continue;	/* not its channel's oldest */
		seen[ci] = true;
		if (a->busy[ci])
			continue;
		if (rows[i].next_attempt > now) {
			if (next == -1 || rows[i].next_attempt < next)
				next = rows[i].next_attempt;
			continue;
		}
		start(a, ci, &rows[i]);
	}
	for (i = 0; i < n; i++)
		mon_alert_row_release(&rows[i]);
	free(rows);
	free(seen);
	report_stats(a);
	if (next != -1)
		pass_at(a, time_mono_usec() + (next - now));
}

/* Run a pass at due (monotonic), or earlier if one is set already. */
static void
pass_at(struct mon_alerts *a, usec_t due)
{
	struct err e;

	if (a->draining)
		return;
	if (a->pass_timer != 0) {
		if (a->pass_due <= due)
			return;
		mon_loop_cancel_timer(a->loop, a->pass_timer);
	}
	err_clear(&e);
	a->pass_due = due;
	a->pass_timer = mon_loop_add_timer(a->loop, due, pass, a, &e);
	if (a->pass_timer == 0)
		note_error(a, "loop", e.msg);
}

void
mon_alerts_kick(struct mon_alerts *a)
{
	pass_at(a, time_mono_usec());
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */
/* ------------------------------------------------------------------ */

int
mon_alerts_new(struct mon_loop *loop, struct mon_store *store,
    const json_t *alerts_cfg, const char *cfg_file, struct mon_alerts **out,
    struct err *e)
{
	struct mon_alerts *a;
	size_t i;

	*out = NULL;
	if ((a = erw_calloc(1, sizeof(*a))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	a->loop = loop;
	a->store = store;
	a->rng = (uint64_t)time_now_usec() ^ ((uint64_t)getpid() << 32) ^
	    0x9e3779b97f4a7c15ULL;
	if (mon_alert_cfg_parse(alerts_cfg, cfg_file, true, &a->cfg, e) == -1)
		goto fail;
	if ((a->busy = erw_calloc(a->cfg.nchans + 1, sizeof(*a->busy))) ==
	    NULL) {
		ERR(e, ERR_NOMEM, "out of memory");
		goto fail;
	}
	if (mon_http_new(loop, &a->http, e) == -1 ||
	    mon_exec_new(loop, &a->exec, e) == -1)
		goto fail;
	for (i = 0; i < a->cfg.nchans; i++)
		if (a->cfg.chans[i].type == MON_CHAN_SYSLOG)
			openlog("erwatch", LOG_PID, a->cfg.chans[i].facility);
	/* what an earlier run left undelivered goes first */
	pass_at(a, time_mono_usec());
	*out = a;
	return 0;
fail:
	mon_alerts_free(a);
	return -1;
}

/*
 * Reload.  Queued rows name their channel ("webhook:pager"), and a
 * channel's destination (URL, headers, argv, facility) is looked up when
 * an attempt starts: an alert still queued at a reload goes to its
 * channel's new destination, one in flight ends at the old one, and a
 * channel the new config lacks keeps its rows until a config has it
 * again.  The payload, made when the alert was queued, stays as it was.
 */
int
mon_alerts_reload_prepare(struct mon_alerts *a, const json_t *alerts_cfg,
    const char *cfg_file, struct mon_alert_cfg **out, struct err *e)
{
	struct mon_alert_cfg *cfg;

	(void)a;
	*out = NULL;
	if ((cfg = erw_calloc(1, sizeof(*cfg))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	if (mon_alert_cfg_parse(alerts_cfg, cfg_file, true, cfg, e) == -1) {
		mon_alerts_reload_discard(cfg);
		return -1;
	}
	*out = cfg;
	return 0;
}

void
mon_alerts_reload_discard(struct mon_alert_cfg *cfg)
{
	if (cfg == NULL)
		return;
	mon_alert_cfg_release(cfg);
	free(cfg);
}

int
mon_alerts_reload_commit(struct mon_alerts *a, struct mon_alert_cfg *cfg,
    struct err *e)
{
	bool *busy;
	ssize_t old;
	size_t i;

	if ((busy = erw_calloc(cfg->nchans + 1, sizeof(*busy))) == NULL) {
		mon_alerts_reload_discard(cfg);
		return ERR(e, ERR_NOMEM, "out of memory");
	}
	/* a channel with a delivery in flight stays busy under its new
	 * index, so that its next row still waits for it: order holds */
	for (i = 0; i < cfg->nchans; i++) {
		if ((old = chan_index(a, cfg->chans[i].id)) >= 0)
			busy[i] = a->busy[old];
		if (cfg->chans[i].type == MON_CHAN_SYSLOG)
			openlog("erwatch", LOG_PID, cfg->chans[i].facility);
	}
	mon_alert_cfg_release(&a->cfg);
	a->cfg = *cfg;
	free(cfg);
	free(a->busy);
	a->busy = busy;
	/* rows of a channel that is new or back may go now */
	pass_at(a, time_mono_usec());
	return 0;
}

static void
drain_deadline(struct mon_loop *loop, void *arg)
{
	struct mon_alerts *a = arg;

	a->drain_timer = 0;
	mon_loop_stop(loop);
}

void
mon_alerts_drain(struct mon_alerts *a, usec_t deadline)
{
	struct err e;

	a->draining = true;
	if (a->pass_timer != 0) {
		mon_loop_cancel_timer(a->loop, a->pass_timer);
		a->pass_timer = 0;
	}
	if (inflight(a) == 0 || time_mono_usec() >= deadline)
		return;
	err_clear(&e);
	a->drain_timer = mon_loop_add_timer(a->loop, deadline, drain_deadline,
	    a, &e);
	if (a->drain_timer == 0)
		return;
	mon_loop_run(a->loop, &e);
	if (a->drain_timer != 0) {
		mon_loop_cancel_timer(a->loop, a->drain_timer);
		a->drain_timer = 0;
	}
}

void
mon_alerts_free(struct mon_alerts *a)
{
	if (a == NULL)
		return;
	if (a->pass_timer != 0)
		mon_loop_cancel_timer(a->loop, a->pass_timer);
	/* in flight: abandoned, so their rows stay undelivered and go out
	 * on the next start */
	a->closing = true;
	mon_http_free(a->http);
	mon_exec_free(a->exec);
	mon_alert_cfg_release(&a->cfg);
	free(a->busy);
	free(a);
}

void
mon_alerts_stats(const struct mon_alerts *a, struct mon_alert_stats *st)
{
	*st = a->stats;
}

void
mon_alerts_set_metrics(struct mon_alerts *a, struct mon_metrics *m)
{
	a->metrics = m;
	report_stats(a);
}

const char *
mon_alerts_last_error(struct mon_alerts *a, char *buf, size_t len)
{
	str_copy(buf, a->last_error, len);
	a->last_error[0] = '\0';
	return buf;
}
