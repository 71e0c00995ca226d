/*
 * Unit tests for diag_probe.c: probe, BGP exchange, trace and capture
 * records in, catalog findings out, with the concrete values in the
 * summaries (router names, counts, AS numbers, hold times, last hop).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag/diag_probe.h"

static void
target(struct probe_target *t)
{
	struct err e;

	err_clear(&e);
	assert_int_equal(probe_resolve("172.16.0.10", 179, 0, t, &e), 0);
}

static const struct finding *
find(const struct finding_list *l, enum finding_code c)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].code == c)
			return &l->v[i];
	return NULL;
}

static void
test_tcp(void **state)
{
	struct probe_tcp_result r[4];
	struct probe_target t;
	struct finding_list l;
	const struct finding *f;

	(void)state;
	target(&t);
	memset(r, 0, sizeof(r));
	r[0].verdict = PROBE_FILTERED;
	net_addr_set_v4(&r[0].local, 0xac100001);
	r[1].verdict = PROBE_FILTERED;
	r[2].verdict = PROBE_UNREACHABLE;
	r[2].icmp.valid = true;
	r[2].icmp.type = 3;
	r[2].icmp.code = 13;
	net_addr_set_v4(&r[2].icmp.reporter, 0xac100006);
	r[3].verdict = PROBE_REFUSED;
	finding_list_init(&l);
	assert_int_equal(diag_probe_tcp(&l, &t, r, 4), 0);
	f = find(&l, FC_TCP_SYN_UNANSWERED);
	assert_non_null(f);
	assert_string_equal(f->summary, "2 SYNs from 172.16.0.1 to "
	    "172.16.0.10:179 never answered");
	f = find(&l, FC_PROBE_ICMP_UNREACHABLE);
	assert_non_null(f);
	assert_string_equal(f->summary, "172.16.0.6 reported ICMP 3/13 "
	    "(administratively prohibited) for 172.16.0.10:179");
	assert_string_equal(f->ev[0].where, "probe 3");
	f = find(&l, FC_TCP_RST_ON_SYN);
	assert_non_null(f);
	assert_string_equal(f->summary, "172.16.0.10 answered 1 SYN to port "
	    "179 with RST");
	assert_int_equal(finding_list_exit_code(&l), 1);
	finding_list_release(&l);

	/* all open: nothing */
	memset(r, 0, sizeof(r));
	finding_list_init(&l);
	assert_int_equal(diag_probe_tcp(&l, &t, r, 4), 0);
	assert_int_equal(l.n, 0);
	finding_list_release(&l);
}

static void
test_bgp(void **state)
{
	struct probe_bgp_result r;
	struct probe_bgp_opts o;
	struct probe_target t;
	struct finding_list l;
	const struct finding *f;

	(void)state;
	target(&t);
	memset(&o, 0, sizeof(o));
	o.local_as = 65010;
	o.peer_as = 12077;
	o.hold_time = 180;
	o.timeout = 10 * USEC_PER_SEC;
	memset(&r, 0, sizeof(r));
	r.stage = PROBE_BGP_ESTABLISHED;
	r.peer = t.ip;
	net_addr_set_v4(&r.local, 0xac100009);
	r.got_open = true;
	r.open.version = 4;
	r.open.my_as = 12076;
	r.open.hold_time = 9;
	r.hold_negotiated = 9;
	r.open.nmp = 1;
	r.open.mp[0].afi = BGP_AFI_IPV6;
	r.open.mp[0].safi = BGP_SAFI_UNICAST;
	finding_list_init(&l);
	assert_int_equal(diag_probe_bgp(&l, &t, &o, &r), 0);
	f = find(&l, FC_BGP_OPEN_PEER_AS_MISMATCH);
	assert_non_null(f);
	assert_string_equal(f->summary, "172.16.0.10 sent AS 12076 in its "
	    "OPEN, 12077 was expected");
	f = find(&l, FC_BGP_HOLD_TIME_SHORT);
	assert_non_null(f);
	assert_string_equal(f->summary, "negotiated hold time 9 s is below "
	    "30 s");
	/* no 4-octet AS: only informational with a 2-octet local AS */
	f = find(&l, FC_BGP_CAPABILITY_MISSING);
	assert_non_null(f);
	assert_non_null(find(&l, FC_BGP_ESTABLISHED));
	finding_list_release(&l);

	/* NOTIFICATION 2/2 before any OPEN */
	memset(&r, 0, sizeof(r));
	r.stage = PROBE_BGP_OPEN_SENT;
	r.peer = t.ip;
	r.got_notification = true;
	r.notif_code = 2;
	r.notif_subcode = 2;
	finding_list_init(&l);
	assert_int_equal(diag_probe_bgp(&l, &t, &o, &r), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].code, FC_BGP_NOTIFICATION);
	assert_non_null(strstr(l.v[0].summary, "NOTIFICATION 2/2 ("));
	finding_list_release(&l);

	/* accepted, then closed without an OPEN */
	r.got_notification = false;
	r.peer_closed = true;
	finding_list_init(&l);
	assert_int_equal(diag_probe_bgp(&l, &t, &o, &r), 0);
	assert_int_equal(l.v[0].code, FC_BGP_PEER_RESET_NO_OPEN);
	finding_list_release(&l);

	/* silent */
	r.peer_closed = false;
	r.timed_out = true;
	finding_list_init(&l);
	assert_int_equal(diag_probe_bgp(&l, &t, &o, &r), 0);
	assert_int_equal(l.v[0].code, FC_PROBE_BGP_NO_OPEN);
	assert_non_null(strstr(l.v[0].summary, "within 10 s"));
	finding_list_release(&l);

	/* never connected: the connect findings */
	memset(&r, 0, sizeof(r));
	r.stage = PROBE_BGP_CONNECT;
	r.tcp.verdict = PROBE_FILTERED;
	finding_list_init(&l);
	assert_int_equal(diag_probe_bgp(&l, &t, &o, &r), 0);
	assert_int_equal(l.v[0].code, FC_TCP_SYN_UNANSWERED);
	finding_list_release(&l);
}

static void
test_trace(void **state)
{
	struct trace_result *r;
	struct probe_target t;
	struct finding_list l;

	(void)state;
	target(&t);
	r = calloc(1, sizeof(*r));
	assert_non_null(r);
	net_addr_set_v4(&r->local, 0xac100001);
	r->nhops = 4;
	r->hops[0].ttl = 1;
	r->hops[0].nq = 1;
	r->hops[0].q[0].reply = TRACE_TIME_EXCEEDED;
	net_addr_set_v4(&r->hops[0].q[0].from, 0xac100002);
	r->hops[1].ttl = 2;
	r->hops[1].nq = 1;
	r->hops[1].q[0].reply = TRACE_TIME_EXCEEDED;
	net_addr_set_v4(&r->hops[1].q[0].from, 0xac100006);
	r->hops[2].ttl = 3;
	r->hops[2].nq = 1;
	r->hops[3].ttl = 4;
	r->hops[3].nq = 1;
	r->last_answered = 1;
	r->end = TRACE_END_SILENT;
	r->sent = 4;
	finding_list_init(&l);
	assert_int_equal(diag_probe_trace(&l, &t, r), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].code, FC_TCP_SYN_UNANSWERED);
	assert_non_null(strstr(l.v[0].summary,
	    "the last hop that answered is 172.16.0.6 (hop 2)"));
	assert_string_equal(l.v[0].ev[0].where, "hops 3..4 silent");
	finding_list_release(&l);

	/* rejected at hop 2 */
	r->nhops = 2;
	r->hops[1].q[0].reply = TRACE_UNREACH;
	r->hops[1].q[0].icmp_type = 3;
	r->hops[1].q[0].icmp_code = 13;
	r->end = TRACE_END_UNREACH;
	finding_list_init(&l);
	assert_int_equal(diag_probe_trace(&l, &t, r), 0);
	assert_int_equal(l.v[0].code, FC_PROBE_ICMP_UNREACHABLE);
	assert_non_null(strstr(l.v[0].summary,
	    "172.16.0.6 reported ICMP 3/13"));
	finding_list_release(&l);

	/* refused at hop 2 by both queries: two SYNs, not "1 SYNs" */
	r->hops[1].nq = 2;
	r->hops[1].q[0].reply = TRACE_RST;
	r->hops[1].q[1].reply = TRACE_RST;
	r->end = TRACE_END_REFUSED;
	finding_list_init(&l);
	assert_int_equal(diag_probe_trace(&l, &t, r), 0);
	assert_int_equal(l.v[0].code, FC_TCP_RST_ON_SYN);
	assert_non_null(strstr(l.v[0].summary,
	    "answered 2 SYNs to port 179 with RST"));
	finding_list_release(&l);
	r->hops[1].q[1].reply = TRACE_NONE;
	finding_list_init(&l);
	assert_int_equal(diag_probe_trace(&l, &t, r), 0);
	assert_non_null(strstr(l.v[0].summary,
	    "answered 1 SYN to port 179 with RST"));
	finding_list_release(&l);

	/* open: nothing to say */
	r->end = TRACE_END_OPEN;
	finding_list_init(&l);
	assert_int_equal(diag_probe_trace(&l, &t, r), 0);
	assert_int_equal(l.n, 0);
	finding_list_release(&l);
	free(r);
}

static void
test_drops(void **state)
{
	struct finding_list l;

	(void)state;
	finding_list_init(&l);
	assert_int_equal(diag_capture_drops(&l, "eth0", 0), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(diag_capture_drops(&l, "eth0", 17), 0);
	assert_int_equal(l.v[0].code, FC_CAPTURE_KERNEL_DROPS);
	assert_string_equal(l.v[0].summary,
	    "the kernel dropped 17 packets during the capture");
	finding_list_release(&l);
}

/* Summary: open wins, else the first failure; RTTs over open probes. */
static void
test_tcp_summary(void **state)
{
	struct probe_tcp_result r[4];
	struct diag_probe_tcp_summary s;

	(void)state;
	memset(r, 0, sizeof(r));
	r[0].verdict = PROBE_REFUSED;
	r[0].rtt = 100;
	r[1].verdict = PROBE_FILTERED;
	r[2].verdict = PROBE_UNREACHABLE;
	r[3].verdict = PROBE_REFUSED;
	diag_probe_tcp_summarize(r, 4, &s);
	assert_int_equal(s.verdict, PROBE_REFUSED);
	assert_int_equal(s.nopen, 0);
	assert_int_equal(s.nfail, 4);
	assert_int_equal(s.rtt_sum, 0);

	r[1].verdict = PROBE_OPEN;
	r[1].rtt = 3000;
	r[3].verdict = PROBE_OPEN;
	r[3].rtt = 1000;
	diag_probe_tcp_summarize(r, 4, &s);
	assert_int_equal(s.verdict, PROBE_OPEN);
	assert_int_equal(s.nopen, 2);
	assert_int_equal(s.nfail, 2);
	assert_int_equal(s.rtt_min, 1000);
	assert_int_equal(s.rtt_max, 3000);
	assert_int_equal(s.rtt_sum, 4000);

	diag_probe_tcp_summarize(r + 1, 1, &s);
	assert_int_equal(s.rtt_min, 3000);
	assert_int_equal(s.rtt_max, 3000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp),
		cmocka_unit_test(test_tcp_summary),
		cmocka_unit_test(test_bgp),
		cmocka_unit_test(test_trace),
		cmocka_unit_test(test_drops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
