/*
 * mon_sched: runs the test groups on the loop.  Endpoint i of a group of
 * n first fires at start + interval * i / n, then every interval, so a
 * group's probes are spread over its interval rather than sent in a burst.
 * A probe still running when its next turn comes is not doubled: that turn
 * is skipped (and counted as lateness by the benchmark, not as a result).
 *
 * Evaluation: each result closes a window of the endpoint's checks (one
 * probe per interval).  The window is failing when the share of failed
 * checks is over checksFailedPercent, or the average round trip of the
 * successful ones is over roundTripTimeMs (Azure's connection monitor
 * thresholds); otherwise healthy.  Health changes after evals consecutive
 * windows that disagree with it.  The result, the state change and the
 * alert rows (hooks->on_change) go into one transaction, committed before
 * anything (metrics, alert delivery) reports them.
 */
#include <errno.h>
#include <netdb.h>
#include <string.h>

#include "probe/probe.h"
#include "mon_sched.h"

struct target;

/* A router_state endpoint expands into one endpoint per neighbor, made
 * when the neighbor first appears in the command's output. */
struct nbr {
	struct mon_endpoint	 ep;
	enum mon_health		 health;
	int			 streak;
};

struct target {
	struct mon_sched		*s;
	const struct mon_cfg_group	*g;
	const struct mon_cfg_endpoint	*ce;
	struct mon_endpoint		 ep;	/* router_state: the command */
	struct sockaddr_storage		 sa;
	socklen_t			 salen;
	usec_t				 next;	/* monotonic, next turn */
	uint64_t			 timer;
	bool				 busy;	/* a probe in flight */
	enum mon_health			 health;
	int				 streak; /* windows disagreeing */
	struct nbr			*nbrs;
	size_t				 nnbrs;
};

struct mon_sched {
	struct mon_loop			*l;
	struct mon_store		*store;
	const struct mon_config		*cfg;
	struct mon_sched_hooks		 h;
	struct target			*t;
	size_t				 nt;
	size_t				 inflight;
	uint64_t			 results;
	bool				 draining;
	bool				 once;
	size_t				 pending; /* once: turns to come */
	void				(*done)(void *);
	void				*done_arg;
	struct err			 err;
};

static void on_turn(struct mon_loop *, void *);

static void
sched_fail(struct mon_sched *s, const struct err *e)
{
	if (!err_isset(&s->err))
		s->err = *e;
}

/* ------------------------------------------------------------------ */
/* Evaluation and recording                                            */
/* ------------------------------------------------------------------ */

static void
record(struct target *t, struct mon_endpoint *ep, enum mon_health *health,
    int *streak, const struct mon_result *r0)
{
	struct mon_sched *s = t->s;
	struct mon_result r = *r0;
	struct mon_state_change sc;
	enum mon_health want;
	bool change = false;
	struct err e = { 0 };
	char rs[48];

	r.endpoint_id = ep->id;
	/* the window: this check (one per interval) */
	want = MON_HEALTH_HEALTHY;
	if ((r.ok ? 0 : 100) > t->g->failed_pct)
		want = MON_HEALTH_FAILING;
	else if (t->g->rtt_max_us >= 0 && r.rtt_us > t->g->rtt_max_us)
		want = MON_HEALTH_FAILING;
	if (want == *health)
		*streak = 0;
	else if (++*streak >= t->g->evals)
		change = true;
	if (mon_store_begin(s->store, &e) == -1 ||
	    mon_store_result(s->store, &r, &e) == -1)
		goto fail;
	if (change) {
		memset(&sc, 0, sizeof(sc));
		sc.ep = ep;
		sc.ts = time_now_usec();
		sc.from = *health;
		sc.to = want;
		sc.checks = *streak;
		sc.failed = r.ok ? 0 : *streak;
		sc.rtt_avg_us = r.ok ? r.rtt_us : -1;
		if (r.rtt_us >= 0)
			snprintf(rs, sizeof(rs), ", rtt %lld us",
			    (long long)r.rtt_us);
		else
			rs[0] = '\0';
		snprintf(sc.reason, sizeof(sc.reason), "%d consecutive "
		    "evaluation(s) %s: %s%s", *streak, mon_health_name(want),
		    r.status, rs);
		if (mon_store_state_change(s->store, &sc, &e) == -1 ||
		    (s->h.on_change != NULL &&
		    s->h.on_change(s->h.arg, &sc, &e) == -1))
			goto fail;
	}
	if (mon_store_commit(s->store, &e) == -1)
		goto fail;
	s->results++;
	if (change) {
		*health = want;
		*streak = 0;
		if (s->h.after_commit != NULL)
			s->h.after_commit(s->h.arg);
	}
	if (s->h.on_result != NULL)
		s->h.on_result(s->h.arg, ep, &r);
	if (change && s->h.on_health != NULL)
		s->h.on_health(s->h.arg, ep, *health);
	return;
fail:
	mon_store_rollback(s->store);
	sched_fail(s, &e);
}

static struct nbr *
nbr_get(struct target *t, const char *addr)
{
	struct mon_sched *s = t->s;
	struct nbr *n;
	struct err e = { 0 };
	size_t i;

	for (i = 0; i < t->nnbrs; i++)
		if (strcmp(t->nbrs[i].ep.address, addr) == 0)
			return &t->nbrs[i];
	if ((n = erw_reallocarray(t->nbrs, t->nnbrs + 1, sizeof(*n))) ==
	    NULL)
		return NULL;
	t->nbrs = n;
	n = &t->nbrs[t->nnbrs];
	memset(n, 0, sizeof(*n));
	n->ep = t->ep;
	n->ep.id = 0;
	str_copy(n->ep.address, addr, sizeof(n->ep.address));
	n->ep.port = 179;
	if (snprintf(n->ep.name, sizeof(n->ep.name), "%s:%s", t->ep.name,
	    addr) >= (int)sizeof(n->ep.name))
		return NULL;	/* a name too long to be told apart */
	if (mon_store_endpoint(s->store, &n->ep, &e) == -1 ||
	    mon_store_last_health(s->store, n->ep.id, &n->health, &e) == -1) {
		sched_fail(s, &e);
		return NULL;
	}
	t->nnbrs++;
	if (s->h.on_endpoint != NULL)
		s->h.on_endpoint(s->h.arg, &n->ep);
	return n;
}

static void
on_done(void *arg, const char *neighbor, const struct mon_result *r)
{
	struct target *t = arg;
	struct nbr *n;

	if (neighbor == NULL) {
		record(t, &t->ep, &t->health, &t->streak, r);
		return;
	}
	if ((n = nbr_get(t, neighbor)) != NULL)
		record(t, &n->ep, &n->health, &n->streak, r);
}

static void
on_finished(void *arg)
{
	struct target *t = arg;
	struct mon_sched *s = t->s;

	t->busy = false;
	s->inflight--;
	if (s->draining && s->inflight == 0 && s->done != NULL)
		s->done(s->done_arg);
}

/* ------------------------------------------------------------------ */
/* Turns                                                               */
/* ------------------------------------------------------------------ */

static void
on_turn(struct mon_loop *l, void *arg)
{
	struct target *t = arg;
	struct mon_sched *s = t->s;
	struct err e = { 0 };
	usec_t now = time_mono_usec();

	t->timer = 0;
	if (s->draining)
		return;
	if (s->once) {
		if (--s->pending == 0)
			s->draining = true;	/* the last turn of the round */
		goto probe;
	}
	/* next turn on the grid, not from now: lateness does not drift */
	do
		t->next += t->g->interval;
	while (t->next <= now);
	t->timer = mon_loop_add_timer(l, t->next, on_turn, t, &e);
	if (t->timer == 0)
		sched_fail(s, &e);
probe:
	if (t->busy)
		return;
	if (mon_probe_start(l, t->ce, &t->sa, t->salen, t->g->timeout,
	    on_done, on_finished, t, NULL, &e) == -1) {
		struct mon_result r;

		/* could not even start: that is this turn's result */
		memset(&r, 0, sizeof(r));
		r.ts = time_now_usec();
		r.rtt_us = -1;
		str_copy(r.status, "error", sizeof(r.status));
		str_copy(r.detail, e.msg, sizeof(r.detail));
		on_done(t, NULL, &r);
		if (s->draining && s->inflight == 0 && s->done != NULL)
			s->done(s->done_arg);
		return;
	}
	t->busy = true;
	s->inflight++;
}

static int
target_init(struct mon_sched *s, struct target *t, struct err *e)
{
	const struct mon_cfg_endpoint *ce = t->ce;

	t->s = s;
	t->ep = ce->ep;
	if (ce->ep.kind != MON_KIND_ROUTER_STATE) {
		struct addrinfo hints, *ai = NULL;
		char port[8];
		int rc;

		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_STREAM;
		snprintf(port, sizeof(port), "%u", ce->ep.port);
		/* once at start (and reload): a name that moves needs a
		 * reload; the probes themselves never block on DNS */
		if ((rc = getaddrinfo(ce->ep.address, port, &hints, &ai)) != 0)
			return ERR(e, ERR_INPUT, "endpoint '%s': cannot "
			    "resolve '%s': %s", ce->ep.name, ce->ep.address,
			    gai_strerror(rc));
		memcpy(&t->sa, ai->ai_addr, ai->ai_addrlen);
		t->salen = ai->ai_addrlen;
		freeaddrinfo(ai);
	}
	/*
	 * A router_state endpoint is a row too: its neighbors get rows of
	 * their own as they appear, but a command that cannot run or whose
	 * output names no neighbor is a result of the command itself, and
	 * the router whose state cannot be read is worth an alert.
	 */
	if (mon_store_endpoint(s->store, &t->ep, e) == -1 ||
	    mon_store_last_health(s->store, t->ep.id, &t->health, e) == -1)
		return -1;
	if (s->h.on_endpoint != NULL)
		s->h.on_endpoint(s->h.arg, &t->ep);
	return 0;
}

int
mon_sched_new(struct mon_loop *l, struct mon_store *store,
    const struct mon_config *cfg, const struct mon_sched_hooks *h,
    struct mon_sched **out, struct err *e)
{
	struct mon_sched *s;
	size_t i, j, n = 0, k = 0;
	usec_t now = time_mono_usec();

	*out = NULL;
	if ((s = erw_calloc(1, sizeof(*s))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	s->l = l;
	s->store = store;
	s->cfg = cfg;
	if (h != NULL)
		s->h = *h;
	for (i = 0; i < cfg->ngroups; i++)
		n += cfg->groups[i].neps;
	if ((s->t = erw_calloc(n ? n : 1, sizeof(*s->t))) == NULL) {
		free(s);
		return ERR(e, ERR_NOMEM, "out of memory");
	}
	if (mon_store_begin(store, e) == -1)
		goto fail;
	for (i = 0; i < cfg->ngroups; i++) {
		const struct mon_cfg_group *g = &cfg->groups[i];

		for (j = 0; j < g->neps; j++, k++) {
			struct target *t = &s->t[k];

			t->g = g;
			t->ce = &g->eps[j];
			s->nt++;
			if (target_init(s, t, e) == -1) {
				mon_store_rollback(store);
				goto fail;
			}
			t->next = now + g->interval * (usec_t)j /
			    (usec_t)g->neps;
		}
	}
	if (mon_store_commit(store, e) == -1)
		goto fail;
	for (k = 0; k < s->nt; k++) {
		s->t[k].timer = mon_loop_add_timer(l, s->t[k].next, on_turn,
		    &s->t[k], e);
		if (s->t[k].timer == 0)
			goto fail;
		/* on_turn moves next one interval on before probing */
		s->t[k].next -= s->t[k].g->interval;
	}
	*out = s;
	return 0;
fail:
	mon_sched_free(s);
	return -1;
}

void
mon_sched_drain(struct mon_sched *s, void (*done)(void *), void *arg)
{
	size_t i;

	s->draining = true;
	s->done = done;
	s->done_arg = arg;
	for (i = 0; i < s->nt; i++) {
		mon_loop_cancel_timer(s->l, s->t[i].timer);
		s->t[i].timer = 0;
	}
	if (s->inflight == 0 && done != NULL)
		done(arg);
}

void
mon_sched_once(struct mon_sched *s, void (*done)(void *), void *arg)
{
	size_t i;
	usec_t now = time_mono_usec();
	struct err e = { 0 };

	s->once = true;
	s->pending = s->nt;
	s->done = done;
	s->done_arg = arg;
	for (i = 0; i < s->nt; i++) {
		mon_loop_cancel_timer(s->l, s->t[i].timer);
		s->t[i].timer = mon_loop_add_timer(s->l, now, on_turn,
		    &s->t[i], &e);
		if (s->t[i].timer == 0) {
			sched_fail(s, &e);
			s->pending--;
		}
	}
	if (s->pending == 0) {
		s->draining = true;
		if (done != NULL)
			done(arg);
	}
}

size_t
mon_sched_inflight(const struct mon_sched *s)
{
	return s->inflight;
}

uint64_t
mon_sched_results(const struct mon_sched *s)
{
	return s->results;
}

const struct err *
mon_sched_error(const struct mon_sched *s)
{
	return err_isset(&s->err) ? &s->err : NULL;
}

void
mon_sched_free(struct mon_sched *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nt; i++) {
		mon_loop_cancel_timer(s->l, s->t[i].timer);
		free(s->t[i].nbrs);
	}
	free(s->t);
	free(s);
}
