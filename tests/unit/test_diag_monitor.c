/*
 * diag_monitor: the cloud's view against the agent's, on histories built
 * in memory (the reader's own tests cover reading them from SQLite):
 * an Azure Monitor dip over an agent's outage is the session down in
 * both views, a series at 100% over it puts the fault between the agent
 * and the edge, a series without points there or of another peer says
 * nothing, and each series' dips are findings of their own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag/diag_monitor.h"

#define T0	(1796083200LL * USEC_PER_SEC)	/* 2026-12-01T00:00:00Z */
#define MIN	(60 * USEC_PER_SEC)

struct fixture {
	struct mon_history	 h;
	struct mon_hist_endpoint ep;
	struct mon_hist_outage	 o;
	struct mon_hist_series	 s;
	struct mon_hist_dip	 dip;
};

/* Two hours; tcp:192.168.10.2:179 fails from 00:31 to 00:40; the
 * BgpAvailability series of the same address has a point every minute
 * at 100% unless a test says otherwise. */
static void
fixture(struct fixture *x, const char *metric)
{
	size_t i;

	memset(x, 0, sizeof(*x));
	x->h.q.since = T0;
	x->h.q.until = T0 + 120 * MIN;
	x->h.q.flap_window = MON_HIST_FLAP_WINDOW;
	x->h.bucket_us = 120 * MIN / MON_HIST_BUCKETS;
	str_copy(x->h.input, "monitor/history.db", sizeof(x->h.input));
	str_copy(x->ep.name, "tcp:192.168.10.2:179", sizeof(x->ep.name));
	str_copy(x->ep.kind, "tcp", sizeof(x->ep.kind));
	str_copy(x->ep.agent, "agent1", sizeof(x->ep.agent));
	str_copy(x->ep.address, "192.168.10.2", sizeof(x->ep.address));
	str_copy(x->ep.path, "primary", sizeof(x->ep.path));
	x->ep.port = 179;
	x->o.from = T0 + 31 * MIN;
	x->o.to = T0 + 40 * MIN;
	x->o.failed = 18;
	x->ep.noutages = 1;
	x->ep.outages = &x->o;
	x->h.nendpoints = 1;
	x->h.endpoints = &x->ep;
	str_copy(x->s.metric, metric, sizeof(x->s.metric));
	str_copy(x->s.peer, "Primary-IPv4", sizeof(x->s.peer));
	str_copy(x->s.path, "primary", sizeof(x->s.path));
	str_copy(x->s.address, "192.168.10.2", sizeof(x->s.address));
	x->s.grain = MIN;
	x->s.points = 120;
	for (i = 0; i < MON_HIST_BUCKETS; i++)
		x->s.buckets[i] = 100;
	x->h.nseries = 1;
	x->h.series = &x->s;
}

static void
add_dip(struct fixture *x, usec_t from, usec_t to, double min)
{
	size_t i;

	x->dip.from = from;
	x->dip.to = to;
	x->dip.min = min;
	x->dip.points = (size_t)((to - from) / MIN);
	x->s.ndips = 1;
	x->s.dips = &x->dip;
	for (i = (size_t)((from - T0) / x->h.bucket_us);
	    i <= (size_t)((to - T0) / x->h.bucket_us); i++)
		x->s.buckets[i] = min;
}

static size_t
count(const struct finding_list *l, enum finding_code c)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->v[i].code == c;
	return n;
}

static const struct finding *
first(const struct finding_list *l, enum finding_code c)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].code == c)
			return &l->v[i];
	return NULL;
}

static void
test_both_down(void **state)
{
	struct fixture x;
	struct finding_list l;
	const struct finding *f;
	char a[NET_ADDR_STRLEN];

	(void)state;
	fixture(&x, "BgpAvailability");
	/* the cloud's minutes lag the agent's first failure by a grain */
	add_dip(&x, T0 + 32 * MIN, T0 + 40 * MIN, 0);
	finding_list_init(&l);
	diag_monitor(&x.h, &l);
	assert_int_equal(count(&l, FC_MONITOR_OUTAGE), 1);
	assert_int_equal(count(&l, FC_MONITOR_SESSION_DOWN_BOTH), 1);
	assert_int_equal(count(&l, FC_MONITOR_AGENT_ONLY_OUTAGE), 0);
	assert_int_equal(count(&l, FC_MONITOR_CLOUD_BGP_DOWN), 1);
	f = first(&l, FC_MONITOR_CLOUD_BGP_DOWN);
	assert_string_equal(net_addr_str(&f->subject.peer, a),
	    "192.168.10.2");
	assert_int_equal(f->subject.path, PATH_PRIMARY);
	assert_true(f->subject.from == T0 + 32 * MIN &&
	    f->subject.to == T0 + 40 * MIN);
	assert_string_equal(f->subject.object, "BgpAvailability:Primary-IPv4");
	f = first(&l, FC_MONITOR_SESSION_DOWN_BOTH);
	assert_int_equal(f->subject.peer_port, 179);
	finding_list_release(&l);
}

static void
test_agent_only(void **state)
{
	struct fixture x;
	struct finding_list l;

	(void)state;
	fixture(&x, "BgpAvailability");
	finding_list_init(&l);
	diag_monitor(&x.h, &l);
	assert_int_equal(count(&l, FC_MONITOR_AGENT_ONLY_OUTAGE), 1);
	assert_int_equal(count(&l, FC_MONITOR_SESSION_DOWN_BOTH), 0);
	assert_int_equal(count(&l, FC_MONITOR_CLOUD_BGP_DOWN), 0);
	finding_list_release(&l);
	/* buckets narrower than the grain: every other one empty, still
	 * covered */
	for (size_t i = 0; i < MON_HIST_BUCKETS; i += 2)
		x.s.buckets[i] = -1;
	finding_list_init(&l);
	diag_monitor(&x.h, &l);
	assert_int_equal(count(&l, FC_MONITOR_AGENT_ONLY_OUTAGE), 1);
	finding_list_release(&l);
	fixture(&x, "BgpAvailability");
	/* a dip far from the outage: still the agent's alone */
	add_dip(&x, T0 + 90 * MIN, T0 + 95 * MIN, 50);
	finding_list_init(&l);
	diag_monitor(&x.h, &l);
	assert_int_equal(count(&l, FC_MONITOR_AGENT_ONLY_OUTAGE), 1);
	assert_int_equal(count(&l, FC_MONITOR_CLOUD_BGP_DOWN), 1);
	finding_list_release(&l);
}

static void
test_no_verdict(void **state)
{
	struct fixture x;
	struct finding_list l;
	size_t i;

	(void)state;
	/* no cloud points during the outage: nothing to compare */
	fixture(&x, "BgpAvailability");
	for (i = 0; i < MON_HIST_BUCKETS; i++)
		if (T0 + (usec_t)i * x.h.bucket_us >= T0 + 35 * MIN)
			x.s.buckets[i] = -1;
	finding_list_init(&l);
	diag_monitor(&x.h, &l);
	assert_int_equal(count(&l, FC_MONITOR_AGENT_ONLY_OUTAGE), 0);
	assert_int_equal(count(&l, FC_MONITOR_SESSION_DOWN_BOTH), 0);
	finding_list_release(&l);
	/* another peer's series */
	fixture(&x, "BgpAvailability");
	str_copy(x.s.address, "192.168.10.6", sizeof(x.s.address));
	finding_list_init(&l);
	diag_monitor(&x.h, &l);
	assert_int_equal(count(&l, FC_MONITOR_AGENT_ONLY_OUTAGE), 0);
	finding_list_release(&l);
	/* ARP is not BGP: its dip is a finding, no comparison */
	fixture(&x, "ArpAvailability");
	add_dip(&x, T0 + 31 * MIN, T0 + 33 * MIN, 50);
	finding_list_init(&l);
	diag_monitor(&x.h, &l);
	assert_int_equal(count(&l, FC_MONITOR_CLOUD_ARP_DOWN), 1);
	assert_int_equal(count(&l, FC_MONITOR_SESSION_DOWN_BOTH), 0);
	assert_int_equal(count(&l, FC_MONITOR_AGENT_ONLY_OUTAGE), 0);
	finding_list_release(&l);
	/* the cloud's own endpoint row is not an agent */
	fixture(&x, "BgpAvailability");
	str_copy(x.ep.kind, "cloud_bgp", sizeof(x.ep.kind));
	finding_list_init(&l);
	diag_monitor(&x.h, &l);
	assert_int_equal(count(&l, FC_MONITOR_AGENT_ONLY_OUTAGE), 0);
	finding_list_release(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_both_down),
		cmocka_unit_test(test_agent_only),
		cmocka_unit_test(test_no_verdict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
