/*
 * mon_sched: runs the test groups on the loop.  Endpoint i of a group of
 * n first fires at start + interval * i / n, then every interval, so a
 * group's probes are spread over its interval rather than sent in a burst.
 * A probe still running when its next turn comes is not doubled: that turn
 * is skipped (counted in the lateness figures as skipped, not as a result).
 *
 * Evaluation: each result closes a window of the endpoint's checks (one
 * probe per interval).  The window is failing when the share of failed
 * checks is over checksFailedPercent, or the average round trip of the
 * successful ones is over roundTripTimeMs (Azure's connection monitor
 * thresholds); otherwise healthy.  Health changes after evals consecutive
 * windows that disagree with it.  The result, the state change and the
 * alert rows (hooks->on_change) go into one transaction, committed before
 * anything (metrics, alert delivery) reports them.
 *
 * Results are committed in batches: the first one to arrive arms a flush
 * SCHED_FLUSH_USEC later, and every result that arrives until then goes
 * into the same transaction.  With synchronous=FULL each commit is an
 * fsync of the WAL; at 10,000 endpoints every 30 s one commit per result
 * would be 333 fsyncs a second on the loop's one thread.  A result is
 * still reported only once it is committed; a crash loses at most the
 * uncommitted batch, none of which had been reported.
 *
 * Lateness: each turn notes how late it started against its place on the
 * grid (the timer's due time), in a histogram of MON_LATE_NBUCKETS
 * buckets, for mon_sched_lateness() and the metrics' histogram.
 */
#include <errno.h>
#include <netdb.h>
#include <string.h>

#include "probe/probe.h"
#include "mon_sched.h"

#define SCHED_FLUSH_USEC	(100 * 1000)	/* a batch's collection time */
#define SCHED_BATCH_MAX		2048		/* results in one batch */

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
	usec_t				 next;	/* monotonic, the armed turn */
	uint64_t			 timer;
	bool				 busy;	/* a probe in flight */
	enum mon_health			 health;
	int				 streak; /* windows disagreeing */
	struct nbr			*nbrs;
	size_t				 nnbrs;
};

/* A result waiting for its batch's commit.  nbr indexes t->nbrs (the
 * array moves when a neighbour is added), -1 for the target itself. */
struct pending {
	struct target		*t;
	ssize_t			 nbr;
	struct mon_result	 r;
	bool			 evaluated, change;
	enum mon_health		 old_health, new_health;
	int			 old_streak;
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
	struct pending			*batch;
	size_t				 nbatch;
	uint64_t			 flush_timer;
	struct mon_lateness		 late;
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

/* The endpoint and evaluation state a pending result belongs to. */
static void
pending_ep(const struct pending *pe, struct mon_endpoint **ep,
    enum mon_health **health, int **streak)
{
	struct target *t = pe->t;

	if (pe->nbr < 0) {
		*ep = &t->ep;
		*health = &t->health;
		*streak = &t->streak;
	} else {
		*ep = &t->nbrs[pe->nbr].ep;
		*health = &t->nbrs[pe->nbr].health;
		*streak = &t->nbrs[pe->nbr].streak;
	}
}

/*
 * Evaluate pe into the open transaction: its result row and, when the
 * health changes, the state change and its alert rows.  The endpoint's
 * health and streak move at once, so that a later result of the same
 * endpoint in the batch sees them; pe keeps the old values for a
 * rollback.
 */
static int
evaluate(struct mon_sched *s, struct pending *pe, struct err *e)
{
	const struct mon_cfg_group *g = pe->t->g;
	struct mon_result *r = &pe->r;
	struct mon_endpoint *ep;
	enum mon_health *health, want;
	struct mon_state_change sc;
	int *streak;
	char rs[48];

	pending_ep(pe, &ep, &health, &streak);
	pe->old_health = *health;
	pe->old_streak = *streak;
	pe->evaluated = true;
	r->endpoint_id = ep->id;
	/* the window: this check (one per interval) */
	want = MON_HEALTH_HEALTHY;
	if ((r->ok ? 0 : 100) > g->failed_pct)
		want = MON_HEALTH_FAILING;
	else if (g->rtt_max_us >= 0 && r->rtt_us > g->rtt_max_us)
		want = MON_HEALTH_FAILING;
	if (want == *health)
		*streak = 0;
	else if (++*streak >= g->evals)
		pe->change = true;
	if (mon_store_result(s->store, r, e) == -1)
		return -1;
	if (!pe->change)
		return 0;
	memset(&sc, 0, sizeof(sc));
	sc.ep = ep;
	sc.ts = time_now_usec();
	sc.from = *health;
	sc.to = want;
	sc.checks = *streak;
	sc.failed = r->ok ? 0 : *streak;
	sc.rtt_avg_us = r->ok ? r->rtt_us : -1;
	if (r->rtt_us >= 0)
		snprintf(rs, sizeof(rs), ", rtt %lld us", (long long)r->rtt_us);
	else
		rs[0] = '\0';
	snprintf(sc.reason, sizeof(sc.reason), "%d consecutive "
	    "evaluation(s) %s: %s%s", *streak, mon_health_name(want),
	    r->status, rs);
	if (mon_store_state_change(s->store, &sc, e) == -1 ||
	    (s->h.on_change != NULL && s->h.on_change(s->h.arg, &sc, e) == -1))
		return -1;
	pe->new_health = want;
	*health = want;
	*streak = 0;
	return 0;
}

/* Commit the batch in one transaction, then report its results. */
static void
sched_flush(struct mon_sched *s)
{
	struct err e = { 0 };
	size_t i, n = s->nbatch;
	bool any = false;

	mon_loop_cancel_timer(s->l, s->flush_timer);
	s->flush_timer = 0;
	if (n == 0)
		return;
	if (mon_store_begin(s->store, &e) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		if (evaluate(s, &s->batch[i], &e) == -1)
			goto fail;
		any |= s->batch[i].change;
	}
	if (mon_store_commit(s->store, &e) == -1)
		goto fail;
	/* reported only now: nothing is seen that a crash could lose */
	s->nbatch = 0;
	s->results += n;
	if (any && s->h.after_commit != NULL)
		s->h.after_commit(s->h.arg);
	for (i = 0; i < n; i++) {
		struct pending *pe = &s->batch[i];
		struct mon_endpoint *ep;
		enum mon_health *health;
		int *streak;

		pending_ep(pe, &ep, &health, &streak);
		if (s->h.on_result != NULL)
			s->h.on_result(s->h.arg, ep, &pe->r);
		if (pe->change && s->h.on_health != NULL)
			s->h.on_health(s->h.arg, ep, pe->new_health);
	}
	return;
fail:
	mon_store_rollback(s->store);
	/* the batch never happened: its evaluations are undone, newest
	 * first, and its results dropped (the error is kept) */
	for (i = n; i-- > 0;) {
		struct pending *pe = &s->batch[i];
		struct mon_endpoint *ep;
		enum mon_health *health;
		int *streak;

		if (!pe->evaluated)
			continue;
		pending_ep(pe, &ep, &health, &streak);
		*health = pe->old_health;
		*streak = pe->old_streak;
	}
	s->nbatch = 0;
	sched_fail(s, &e);
}

static void
on_flush(struct mon_loop *l, void *arg)
{
	struct mon_sched *s = arg;

	(void)l;
	s->flush_timer = 0;
	sched_flush(s);
}

static void
record(struct target *t, ssize_t nbr, const struct mon_result *r)
{
	struct mon_sched *s = t->s;
	struct pending *pe;
	struct err e = { 0 };

	if (s->nbatch == SCHED_BATCH_MAX)
		sched_flush(s);
	pe = &s->batch[s->nbatch++];
	memset(pe, 0, sizeof(*pe));
	pe->t = t;
	pe->nbr = nbr;
	pe->r = *r;
	if (s->flush_timer != 0)
		return;
	s->flush_timer = mon_loop_add_timer(s->l, time_mono_usec() +
	    SCHED_FLUSH_USEC, on_flush, s, &e);
	if (s->flush_timer == 0) {
		/* no timer: commit now rather than hold the result */
		sched_fail(s, &e);
		sched_flush(s);
	}
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
		record(t, -1, r);
		return;
	}
	if ((n = nbr_get(t, neighbor)) != NULL)
		record(t, n - t->nbrs, r);
}

/* Draining and nothing in flight: commit what is left, then say so. */
static void
sched_idle(struct mon_sched *s)
{
	if (!s->draining || s->inflight != 0)
		return;
	sched_flush(s);
	if (s->done != NULL)
		s->done(s->done_arg);
}

static void
on_finished(void *arg)
{
	struct target *t = arg;
	struct mon_sched *s = t->s;

	t->busy = false;
	s->inflight--;
	sched_idle(s);
}

/* ------------------------------------------------------------------ */
/* Lateness                                                            */
/* ------------------------------------------------------------------ */

/*
 * Bucket k holds lateness up to 2^(k/4) usec: four buckets an octave, so
 * a quantile read from the histogram is within 19% of the true value,
 * from 1 usec to 2^((MON_LATE_NBUCKETS-1)/4) usec; the last bucket holds
 * everything later.
 */
usec_t
mon_lateness_bound(size_t k)
{
	/* 2^(j/4) * 1000 for j = 0..3 */
	static const uint64_t quarter[4] = { 1000, 1189, 1414, 1682 };

	if (k >= MON_LATE_NBUCKETS - 1)
		return -1;
	/* rounded, not cut: 26.9 us as 26 would leave 23% to the next */
	return (usec_t)((((uint64_t)1 << (k / 4)) * quarter[k % 4] + 500) /
	    1000);
}

static size_t
late_bucket(usec_t us)
{
	uint64_t u = us <= 1 ? 1 : (uint64_t)us;
	size_t o = 63 - (size_t)__builtin_clzll(u);	/* floor(log2) */
	size_t k = 4 * o;

	/* the first bound of the octave that holds u; 2^(o+1) holds all */
	while (k < 4 * o + 4 && k < MON_LATE_NBUCKETS - 1 &&
	    (uint64_t)mon_lateness_bound(k) < u)
		k++;
	return k < MON_LATE_NBUCKETS ? k : MON_LATE_NBUCKETS - 1;
}

usec_t
mon_lateness_quantile(const struct mon_lateness *lt, double q)
{
	uint64_t want, seen = 0;
	size_t k;

	if (lt->turns == 0)
		return 0;
	want = (uint64_t)(q * (double)lt->turns + 0.999999);
	if (want == 0)
		want = 1;
	for (k = 0; k < MON_LATE_NBUCKETS; k++) {
		seen += lt->buckets[k];
		if (seen >= want)
			break;
	}
	/* the bucket's upper bound, never past what was seen */
	if (k >= MON_LATE_NBUCKETS - 1 || mon_lateness_bound(k) > lt->max)
		return lt->max;
	return mon_lateness_bound(k);
}

static void
note_turn(struct mon_sched *s, usec_t late, bool skipped)
{
	struct mon_lateness *lt = &s->late;

	if (late < 0)
		late = 0;
	if (skipped)
		lt->skipped++;
	else {
		lt->turns++;
		lt->sum += late;
		if (late > lt->max)
			lt->max = late;
		lt->buckets[late_bucket(late)]++;
	}
	if (s->h.on_turn != NULL)
		s->h.on_turn(s->h.arg, late, skipped);
}

void
mon_sched_lateness(const struct mon_sched *s, struct mon_lateness *out)
{
	*out = s->late;
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
	note_turn(s, now - t->next, t->busy);
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
		sched_idle(s);
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
	usec_t now;

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
	if ((s->t = erw_calloc(n ? n : 1, sizeof(*s->t))) == NULL ||
	    (s->batch = erw_calloc(SCHED_BATCH_MAX, sizeof(*s->batch))) ==
	    NULL) {
		free(s->t);
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
			t->next = g->interval * (usec_t)j / (usec_t)g->neps;
		}
	}
	if (mon_store_commit(store, e) == -1)
		goto fail;
	/* the grid starts now, after the registration (a large config's
	 * takes seconds), so that the first turns are not late already */
	now = time_mono_usec();
	for (k = 0; k < s->nt; k++) {
		s->t[k].next += now;
		s->t[k].timer = mon_loop_add_timer(l, s->t[k].next, on_turn,
		    &s->t[k], e);
		if (s->t[k].timer == 0)
			goto fail;
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
	sched_idle(s);
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
		s->t[i].next = now;
		s->t[i].timer = mon_loop_add_timer(s->l, now, on_turn,
		    &s->t[i], &e);
		if (s->t[i].timer == 0) {
			sched_fail(s, &e);
			s->pending--;
		}
	}
	if (s->pending == 0) {
		s->draining = true;
		sched_idle(s);
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
	/* results of probes that ended since the last flush (a stop at the
	 * drain deadline): committed, not lost */
	sched_flush(s);
	for (i = 0; i < s->nt; i++) {
		mon_loop_cancel_timer(s->l, s->t[i].timer);
		free(s->t[i].nbrs);
	}
	free(s->batch);
	free(s->t);
	free(s);
}
