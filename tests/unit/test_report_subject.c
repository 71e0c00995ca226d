/*
 * Finding subjects: the setters keep what they are given (and refuse
 * reserved VLAN ids), the JSON rendering carries only known members, and
 * the joins diagnose relies on match unordered endpoint pairs and
 * overlapping spans.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "diag/diag.h"
#include "report/report.h"

static struct net_addr
addr(const char *s)
{
	struct net_addr a;

	assert_int_equal(net_addr_parse(s, &a), 0);
	return a;
}

static void
test_setters(void **state)
{
	struct finding_list l;
	struct finding *f;
	struct net_addr lo = addr("192.168.10.1"), pe = addr("192.168.10.2");

	(void)state;
	finding_list_init(&l);
	f = finding_add(&l, FC_BGP_HOLD_TIMER_EXPIRED, "silent for %d s", 200);
	assert_non_null(f);
	assert_true(finding_subject_empty(&f->subject));
	finding_subj_peers(f, &lo, 50123, &pe, 179);
	finding_subj_asns(f, 65001, 12076);
	finding_subj_path(f, PATH_SECONDARY);
	finding_subj_vlan(f, 4095, 100);	/* 4095 is reserved */
	finding_subj_span(f, 2000000, 1000000);	/* reversed: one instant */
	finding_subj_object(f, "peering", "AzurePrivatePeering");
	assert_false(finding_subject_empty(&f->subject));
	assert_true(net_addr_eq(&f->subject.local, &lo));
	assert_true(net_addr_eq(&f->subject.peer, &pe));
	assert_int_equal(f->subject.local_port, 50123);
	assert_int_equal(f->subject.peer_as, 12076);
	assert_int_equal(f->subject.vlan, 0);
	assert_int_equal(f->subject.inner_vlan, 100);
	assert_int_equal(f->subject.from, 2000000);
	assert_int_equal(f->subject.to, 2000000);
	assert_string_equal(path_role_name(f->subject.path), "secondary");
	/* A failed finding_add() hands back NULL: the setters take it. */
	finding_subj_peers(NULL, &lo, 1, &pe, 2);
	finding_subj_object(NULL, "nsg", "x");
	finding_set_subject(NULL, &f->subject);
	finding_list_release(&l);
}

static void
test_json(void **state)
{
	struct finding_list l;
	struct finding *f;
	struct net_addr pe = addr("fd00::2");
	json_t *o, *s;

	(void)state;
	finding_list_init(&l);
	f = finding_add(&l, FC_BGP_HOLD_TIMER_EXPIRED, "x");
	o = report_finding_json(f, 0);
	assert_null(json_object_get(o, "subject"));
	json_decref(o);

	finding_subj_peers(f, NULL, 0, &pe, 179);
	finding_subj_path(f, PATH_PRIMARY);
	finding_subj_vlan(f, 200, 0);
	finding_subj_span(f, 1764074790000000LL, 1764074791500000LL);
	o = report_finding_json(f, 0);
	s = json_object_get(o, "subject");
	assert_non_null(s);
	assert_string_equal(json_string_value(json_object_get(s, "peer")),
	    "fd00::2");
	assert_int_equal(json_integer_value(json_object_get(s, "peer_port")),
	    179);
	assert_string_equal(json_string_value(json_object_get(s, "path")),
	    "primary");
	assert_int_equal(json_integer_value(json_object_get(s, "vlan")), 200);
	assert_string_equal(json_string_value(json_object_get(s, "from")),
	    "2025-11-25T12:46:30.000000Z");
	assert_string_equal(json_string_value(json_object_get(s, "to")),
	    "2025-11-25T12:46:31.500000Z");
	/* Unknown members are absent, not zero. */
	assert_null(json_object_get(s, "local"));
	assert_null(json_object_get(s, "local_port"));
	assert_null(json_object_get(s, "peer_as"));
	assert_null(json_object_get(s, "inner_vlan"));
	assert_null(json_object_get(s, "object"));
	json_decref(o);
	finding_list_release(&l);
}

static void
test_joins(void **state)
{
	struct finding_subject cap, rtr, other, none;
	struct net_addr a = addr("10.0.0.1"), b = addr("10.0.0.2");
	struct net_addr c = addr("10.0.0.6");

	(void)state;
	memset(&cap, 0, sizeof(cap));
	memset(&rtr, 0, sizeof(rtr));
	memset(&other, 0, sizeof(other));
	memset(&none, 0, sizeof(none));
	/* The capture saw a -> b:179; the router (on b's side) names a. */
	cap.local = a;
	cap.peer = b;
	rtr.peer = a;
	assert_true(finding_subject_same_peers(&cap, &rtr));
	assert_true(finding_subject_same_peers(&rtr, &cap));
	/* Both known, reversed: still the same session. */
	rtr.local = b;
	assert_true(finding_subject_same_peers(&cap, &rtr));
	/* One endpoint shared, the other different: not the same. */
	other.local = a;
	other.peer = c;
	assert_false(finding_subject_same_peers(&cap, &other));
	other.local = c;
	other.peer.family = NET_AF_NONE;
	assert_false(finding_subject_same_peers(&other, &cap));
	assert_false(finding_subject_same_peers(&cap, &none));
	assert_false(finding_subject_same_peers(&none, &none));

	cap.has_span = true;
	cap.from = 100;
	cap.to = 200;
	rtr.has_span = true;
	rtr.from = 250;
	rtr.to = 300;
	assert_false(finding_subject_spans_meet(&cap, &rtr, 0));
	assert_true(finding_subject_spans_meet(&cap, &rtr, 50));
	assert_true(finding_subject_spans_meet(&rtr, &cap, 50));
	assert_false(finding_subject_spans_meet(&cap, &none, 1000));
}

static void
test_path_names(void **state)
{
	(void)state;
	assert_int_equal(path_role_by_name("Primary"), PATH_PRIMARY);
	assert_int_equal(path_role_by_name("SECONDARY"), PATH_SECONDARY);
	assert_int_equal(path_role_by_name("tertiary"), PATH_UNKNOWN);
	assert_int_equal(path_role_by_name(NULL), PATH_UNKNOWN);
	assert_null(path_role_name(PATH_UNKNOWN));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_setters),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_joins),
		cmocka_unit_test(test_path_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
