/*
 * mon_sched: results committed in batches are still committed before
 * they are reported (each one is visible to another connection to the
 * store when on_result sees it), none is lost at the drain, and the
 * lateness histogram counts every turn; the histogram's buckets and
 * quantiles.  Real parts: a SQLite store in a temporary directory, TCP
 * connects to a listener on 127.0.0.1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "monitor/monitor.h"
#include "monitor/mon_config.h"
#include "monitor/mon_sched.h"

#define NEPS	24

struct fix {
	char			 dir[64], db[96];
	int			 lfd;
	uint16_t		 port;
	struct mon_loop		*l;
	struct mon_store	*store;
	struct mon_config	*cfg;
	struct mon_sched	*s;
	sqlite3			*peek;		/* a second connection */
	uint64_t		 reported, unseen, turns;
};

static void
on_accept(struct mon_loop *l, int fd, uint32_t ev, void *arg)
{
	int c;

	(void)l;
	(void)ev;
	(void)arg;
	if ((c = accept(fd, NULL, NULL)) >= 0)
		close(c);
}

static void
hook_result(void *arg, const struct mon_endpoint *ep,
    const struct mon_result *r)
{
	struct fix *f = arg;
	sqlite3_stmt *st;

	f->reported++;
	assert_int_equal(sqlite3_prepare_v2(f->peek, "SELECT count(*) FROM "
	    "result WHERE endpoint_id = ? AND ts_us = ?", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, ep->id);
	sqlite3_bind_int64(st, 2, r->ts);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	if (sqlite3_column_int(st, 0) != 1)
		f->unseen++;
	sqlite3_finalize(st);
}

static void
hook_turn(void *arg, usec_t late, bool skipped)
{
	struct fix *f = arg;

	assert_true(late >= 0);
	assert_false(skipped);
	f->turns++;
}

static void
on_done(void *arg)
{
	struct fix *f = arg;

	mon_loop_stop(f->l);
}

static void
on_stop(struct mon_loop *l, void *arg)
{
	struct fix *f = arg;

	(void)l;
	mon_sched_drain(f->s, on_done, f);
}

static void
setup(struct fix *f, unsigned interval_s)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	struct err e = { 0 };
	char buf[8192];
	size_t n = 0, i;

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/erw_sched_XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/mon.db", f->dir);
	f->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	assert_true(f->lfd >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(f->lfd, (struct sockaddr *)&sin, sl), 0);
	assert_int_equal(listen(f->lfd, 256), 0);
	assert_int_equal(getsockname(f->lfd, (struct sockaddr *)&sin, &sl), 0);
	f->port = ntohs(sin.sin_port);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "{ \"agent\": \"t\", "
	    "\"testGroups\": [ { \"name\": \"g\", \"frequencySeconds\": %u, "
	    "\"timeoutMs\": 300, \"endpoints\": [", interval_s);
	for (i = 0; i < NEPS; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s{ \"kind\": "
		    "\"tcp\", \"name\": \"e%zu\", \"address\": "
		    "\"127.0.0.1:%u\" }", i ? ", " : "", i, f->port);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "] } ] }");
	assert_true(n < sizeof(buf));
	if (mon_config_load_buf("t.json", buf, n, &f->cfg, &e) == -1)
		fail_msg("config: %s", e.msg);
	if (mon_store_open(f->db, &f->store, &e) == -1)
		fail_msg("store: %s", e.msg);
	assert_int_equal(sqlite3_open_v2(f->db, &f->peek, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(mon_loop_new(&f->l, &e), 0);
	assert_int_equal(mon_loop_add_fd(f->l, f->lfd, EPOLLIN, on_accept, f,
	    &e), 0);
}

static void
start(struct fix *f)
{
	struct mon_sched_hooks h;
	struct err e = { 0 };

	memset(&h, 0, sizeof(h));
	h.arg = f;
	h.on_result = hook_result;
	h.on_turn = hook_turn;
	if (mon_sched_new(f->l, f->store, f->cfg, &h, &f->s, &e) == -1)
		fail_msg("sched: %s", e.msg);
}

static int64_t
rows(struct fix *f)
{
	sqlite3_stmt *st;
	int64_t n;

	assert_int_equal(sqlite3_prepare_v2(f->peek, "SELECT count(*) FROM "
	    "result", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
teardown(struct fix *f)
{
	char p[128];

	mon_sched_free(f->s);
	mon_loop_del_fd(f->l, f->lfd);
	close(f->lfd);
	mon_loop_free(f->l);
	sqlite3_close(f->peek);
	mon_store_close(f->store);
	mon_config_free(f->cfg);
	snprintf(p, sizeof(p), "%s/mon.db", f->dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/mon.db-wal", f->dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/mon.db-shm", f->dir);
	unlink(p);
	rmdir(f->dir);
}

/* --once: every endpoint probed at the same instant, one batch or a few;
 * each result visible in the store when reported, all before done. */
static void
test_once(void **state)
{
	struct fix f;
	struct err e = { 0 };
	struct mon_lateness lt;

	(void)state;
	setup(&f, 30);
	start(&f);
	mon_sched_once(f.s, on_done, &f);
	assert_int_equal(mon_loop_run(f.l, &e), 0);
	assert_null(mon_sched_error(f.s));
	assert_int_equal(f.reported, NEPS);
	assert_int_equal(f.unseen, 0);
	assert_int_equal(mon_sched_results(f.s), NEPS);
	assert_int_equal(rows(&f), NEPS);
	mon_sched_lateness(f.s, &lt);
	assert_int_equal(lt.turns, NEPS);
	assert_int_equal(f.turns, NEPS);
	teardown(&f);
}

/* Periodic, 1 s: two rounds and a drain in the middle of the third;
 * nothing reported that is not committed, nothing committed left
 * unreported, every turn in the histogram. */
static void
test_periodic(void **state)
{
	struct fix f;
	struct err e = { 0 };
	struct mon_lateness lt;
	uint64_t sum = 0;
	size_t k;

	(void)state;
	setup(&f, 1);
	start(&f);
	assert_true(mon_loop_add_timer(f.l, time_mono_usec() +
	    2500 * 1000, on_stop, &f, &e) != 0);
	assert_int_equal(mon_loop_run(f.l, &e), 0);
	assert_null(mon_sched_error(f.s));
	assert_true(f.reported >= 2 * NEPS);
	assert_int_equal(f.unseen, 0);
	assert_int_equal((int64_t)f.reported, rows(&f));
	mon_sched_lateness(f.s, &lt);
	assert_int_equal(lt.turns, f.turns);
	assert_int_equal(lt.turns, f.reported);
	assert_int_equal(lt.skipped, 0);
	for (k = 0; k < MON_LATE_NBUCKETS; k++)
		sum += lt.buckets[k];
	assert_int_equal(sum, lt.turns);
	assert_true(lt.max >= mon_lateness_quantile(&lt, 0.99));
	teardown(&f);
}

/* Four buckets an octave: each bound is within 19% of the next, a value
 * lands in the first bucket whose bound holds it, quantiles read the
 * bound and never pass the maximum. */
static void
test_buckets(void **state)
{
	struct mon_lateness lt;
	size_t k;

	(void)state;
	assert_int_equal(mon_lateness_bound(0), 1);
	assert_int_equal(mon_lateness_bound(4), 2);
	assert_int_equal(mon_lateness_bound(40), 1024);
	assert_int_equal(mon_lateness_bound(MON_LATE_NBUCKETS - 1), -1);
	for (k = 1; k < MON_LATE_NBUCKETS - 1; k++) {
		assert_true(mon_lateness_bound(k) >= mon_lateness_bound(k - 1));
		assert_true((double)mon_lateness_bound(k) <=
		    1.19 * (double)mon_lateness_bound(k - 1) + 1);
	}
	memset(&lt, 0, sizeof(lt));
	assert_int_equal(mon_lateness_quantile(&lt, 0.5), 0);
	/* 98 turns at bucket 40 (<= 1024 us), 2 at bucket 60 (<= 32768) */
	lt.turns = 100;
	lt.buckets[40] = 98;
	lt.buckets[60] = 2;
	lt.max = 30000;
	assert_int_equal(mon_lateness_quantile(&lt, 0.50), 1024);
	assert_int_equal(mon_lateness_quantile(&lt, 0.98), 1024);
	/* the 99th turn is in bucket 60, whose bound passes the max */
	assert_int_equal(mon_lateness_quantile(&lt, 0.99), 30000);
	lt.buckets[60] = 0;
	lt.buckets[MON_LATE_NBUCKETS - 1] = 2;
	lt.max = 20 * USEC_PER_SEC;
	assert_int_equal(mon_lateness_quantile(&lt, 1.0), 20 * USEC_PER_SEC);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buckets),
		cmocka_unit_test(test_once),
		cmocka_unit_test(test_periodic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
