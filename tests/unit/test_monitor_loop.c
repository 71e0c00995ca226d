/*
 * mon_loop: timers fire in deadline order (ties in arming order), a
 * cancelled timer never fires and a stale id is harmless, the heap stays
 * ordered through random arm/cancel mixes, fd readiness reaches its
 * callback, and an fd deleted mid-batch gets no stale event.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <cmocka.h>

#include "monitor/monitor.h"

#define MAXLOG	4096

struct rec {
	struct mon_loop	*l;
	int		 log[MAXLOG];
	usec_t		 due[MAXLOG];
	usec_t		 at[MAXLOG];
	int		 n;
	int		 stop_after;
};

struct tmr {
	struct rec	*r;
	int		 tag;
	usec_t		 due;
};

static void
on_timer(struct mon_loop *l, void *arg)
{
	struct tmr *t = arg;
	struct rec *r = t->r;

	assert_true(r->n < MAXLOG);
	r->log[r->n] = t->tag;
	r->due[r->n] = t->due;
	r->at[r->n] = time_mono_usec();
	if (++r->n == r->stop_after)
		mon_loop_stop(l);
}

static void
test_order(void **state)
{
	static const int offs_ms[] = { 30, 10, 20, 10, 0, 40, 10 };
	struct mon_loop *l;
	struct err e = { 0 };
	struct rec r = { 0 };
	struct tmr t[7];
	usec_t base;
	int i;

	(void)state;
	assert_int_equal(mon_loop_new(&l, &e), 0);
	base = time_mono_usec();
	for (i = 0; i < 7; i++) {
		t[i].r = &r;
		t[i].tag = i;
		t[i].due = base + offs_ms[i] * 1000;
		assert_true(mon_loop_add_timer(l, t[i].due, on_timer, &t[i],
		    &e) > 0);
	}
	r.stop_after = 7;
	assert_int_equal(mon_loop_run(l, &e), 0);
	/* by deadline; the three at 10 ms in the order they were armed */
	{
		static const int want[] = { 4, 1, 3, 6, 2, 0, 5 };

		for (i = 0; i < 7; i++)
			assert_int_equal(r.log[i], want[i]);
	}
	for (i = 0; i < 7; i++)
		assert_true(r.at[i] >= r.due[i]);	/* never early */
	assert_int_equal(mon_loop_timers(l), 0);
	mon_loop_free(l);
}

static void
test_cancel(void **state)
{
	struct mon_loop *l;
	struct err e = { 0 };
	struct rec r = { 0 };
	struct tmr a = { &r, 1, 0 }, b = { &r, 2, 0 }, c = { &r, 3, 0 };
	uint64_t ia, ib, ic;
	usec_t now;

	(void)state;
	assert_int_equal(mon_loop_new(&l, &e), 0);
	now = time_mono_usec();
	a.due = now + 5000;
	b.due = now + 1000;
	c.due = now + 10000;
	ia = mon_loop_add_timer(l, a.due, on_timer, &a, &e);
	ib = mon_loop_add_timer(l, b.due, on_timer, &b, &e);
	ic = mon_loop_add_timer(l, c.due, on_timer, &c, &e);
	assert_true(ia && ib && ic && ia != ib && ib != ic);
	mon_loop_cancel_timer(l, ia);
	mon_loop_cancel_timer(l, ia);		/* twice: harmless */
	mon_loop_cancel_timer(l, 0);
	mon_loop_cancel_timer(l, 0xffffffff00000fffULL);
	assert_int_equal(mon_loop_timers(l), 2);
	r.stop_after = 2;
	assert_int_equal(mon_loop_run(l, &e), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.log[0], 2);
	assert_int_equal(r.log[1], 3);
	/* a fired id whose slot was reused does not cancel the new timer */
	{
		uint64_t id = mon_loop_add_timer(l, time_mono_usec(), on_timer,
		    &a, &e);

		assert_true(id != ib);
		mon_loop_cancel_timer(l, ib);
		assert_int_equal(mon_loop_timers(l), 1);
		r.stop_after = 3;
		assert_int_equal(mon_loop_run(l, &e), 0);
		assert_int_equal(r.log[2], 1);
	}
	mon_loop_free(l);
}

/* Random arms and cancels: what fires is exactly what was not cancelled,
 * in nondecreasing deadline order. */
static void
test_heap_random(void **state)
{
	enum { N = 2000 };
	static struct tmr t[N];
	static uint64_t id[N];
	static bool cancelled[N];
	struct mon_loop *l;
	struct err e = { 0 };
	static struct rec r;
	unsigned seed = 12345;
	usec_t base;
	int i, live = 0;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(mon_loop_new(&l, &e), 0);
	base = time_mono_usec() + 1000;
	for (i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		t[i].r = &r;
		t[i].tag = i;
		t[i].due = base + (seed >> 16) % 50000;	/* 0..50 ms */
		id[i] = mon_loop_add_timer(l, t[i].due, on_timer, &t[i], &e);
		assert_true(id[i] > 0);
		if (i > 0 && (seed >> 8) % 3 == 0) {
			int j = (int)((seed >> 4) % (unsigned)i);

			if (!cancelled[j]) {
				mon_loop_cancel_timer(l, id[j]);
				cancelled[j] = true;
			}
		}
	}
	for (i = 0; i < N; i++)
		live += !cancelled[i];
	assert_int_equal(mon_loop_timers(l), live);
	r.stop_after = live;
	assert_int_equal(mon_loop_run(l, &e), 0);
	assert_int_equal(r.n, live);
	for (i = 0; i < r.n; i++) {
		assert_false(cancelled[r.log[i]]);
		if (i > 0)
			assert_true(r.due[i] >= r.due[i - 1]);
	}
	mon_loop_free(l);
}

struct fdrec {
	int		 fired;
	uint32_t	 events;
	int		 other;		/* fd to delete when called */
	struct mon_loop	*l;
};

static void
on_fd(struct mon_loop *l, int fd, uint32_t events, void *arg)
{
	struct fdrec *f = arg;
	char c;

	f->fired++;
	f->events = events;
	if (events & EPOLLIN)
		(void)!read(fd, &c, 1);
	if (f->other >= 0)
		mon_loop_del_fd(l, f->other);
	mon_loop_stop(l);
}

static void
on_stop(struct mon_loop *l, void *arg)
{
	(void)arg;
	mon_loop_stop(l);
}

static void
test_fd(void **state)
{
	struct mon_loop *l;
	struct err e = { 0 };
	struct fdrec a = { 0, 0, -1, NULL }, b = { 0, 0, -1, NULL };
	int p1[2], p2[2];

	(void)state;
	assert_int_equal(mon_loop_new(&l, &e), 0);
	assert_int_equal(pipe(p1), 0);
	assert_int_equal(pipe(p2), 0);
	assert_int_equal(mon_loop_add_fd(l, p1[0], EPOLLIN, on_fd, &a, &e), 0);
	/* one registration per fd */
	assert_int_equal(mon_loop_add_fd(l, p1[0], EPOLLIN, on_fd, &b, &e),
	    -1);
	err_clear(&e);
	/* nothing readable: the timer ends the run, the fd did not fire */
	assert_true(mon_loop_add_timer(l, time_mono_usec() + 20000, on_stop,
	    NULL, &e) > 0);
	assert_int_equal(mon_loop_run(l, &e), 0);
	assert_int_equal(a.fired, 0);
	assert_int_equal(write(p1[1], "x", 1), 1);
	assert_int_equal(mon_loop_run(l, &e), 0);
	assert_int_equal(a.fired, 1);
	assert_true(a.events & EPOLLIN);
	/* writable side through mod_fd */
	assert_int_equal(mon_loop_add_fd(l, p2[1], EPOLLIN, on_fd, &b, &e), 0);
	assert_int_equal(mon_loop_mod_fd(l, p2[1], EPOLLOUT, &e), 0);
	mon_loop_del_fd(l, p1[0]);
	assert_int_equal(mon_loop_run(l, &e), 0);
	assert_int_equal(b.fired, 1);
	assert_true(b.events & EPOLLOUT);
	mon_loop_del_fd(l, p2[1]);
	/* both ready in one batch; the first callback deletes the other
	 * fd: the second must not be called */
	a.fired = b.fired = 0;
	a.other = p2[0];
	b.other = p1[0];
	assert_int_equal(mon_loop_add_fd(l, p1[0], EPOLLIN, on_fd, &a, &e), 0);
	assert_int_equal(mon_loop_add_fd(l, p2[0], EPOLLIN, on_fd, &b, &e), 0);
	assert_int_equal(write(p1[1], "x", 1), 1);
	assert_int_equal(write(p2[1], "x", 1), 1);
	assert_int_equal(mon_loop_run(l, &e), 0);
	assert_int_equal(a.fired + b.fired, 1);
	/* hangup is reported */
	mon_loop_del_fd(l, p1[0]);
	mon_loop_del_fd(l, p2[0]);
	a.fired = 0;
	a.other = -1;
	assert_int_equal(mon_loop_add_fd(l, p1[0], EPOLLIN, on_fd, &a, &e), 0);
	close(p1[1]);
	assert_int_equal(mon_loop_run(l, &e), 0);
	assert_true(a.events & EPOLLHUP);
	assert_int_equal(mon_loop_mod_fd(l, 9999, EPOLLIN, &e), -1);
	mon_loop_free(l);
	close(p1[0]);
	close(p2[0]);
	close(p2[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_heap_random),
		cmocka_unit_test(test_fd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
