/*
 * What diagnose will do with finding subjects, on recorded evidence: the
 * testbed's two routers (FRR as the customer edge, BIRD as the MSEE)
 * recorded one session at the same time, and each output's findings must
 * join the other's on the endpoints alone (finding_subject_same_peers),
 * with each side's AS the other's peer AS, and their log findings about
 * one teardown must meet in time (finding_subject_spans_meet).  A session
 * of another router output must not join.
 *
 * The testbed's captures (tests/data/captures) are of the same session,
 * the CE and MSEE with the same addresses and ASNs, recorded in other
 * runs: a capture's findings join the router outputs' on the endpoints
 * and agree on the ASNs, and their spans do not meet, as diagnose must
 * see two recordings days apart.  tests/data holds no circuit export of
 * this session (the exports use other /30s), so that join is not here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "capture/capture.h"
#include "diag/diag_pcap.h"
#include "diag/diag_router.h"

/* diag_router's findings for the given files of tests/data/router/DIR. */
static void
run(const char *dir, const char *const *files, struct finding_list *fl)
{
	struct router_ctx ctx = { 0, false, 0, 0 };
	struct router_doc *d = router_doc_new(&ctx);
	char path[512];
	struct err e;
	size_t i;

	assert_non_null(d);
	for (i = 0; files[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s/tests/data/router/%s/%s",
		    ERW_SRC_DIR, dir, files[i]);
		err_clear(&e);
		if (router_load_file(d, path, &e) != 0)
			fail_msg("%s: %s", path, e.msg);
	}
	router_doc_finish(d);
	finding_list_init(fl);
	diag_router(d, NULL, fl);
	router_doc_free(d);
}

/* The capture analyzer's findings for tests/data/captures/NAME. */
static void
run_pcap(const char *name, struct finding_list *out)
{
	struct diag_pcap_opts o;
	struct diag_pcap *ctx;
	struct cap_file *cf;
	struct cap_record r;
	char path[512];
	struct err e;
	int rc;

	snprintf(path, sizeof(path), "%s/tests/data/captures/%s/capture.pcap",
	    ERW_SRC_DIR, name);
	memset(&o, 0, sizeof(o));
	err_clear(&e);
	assert_non_null(ctx = diag_pcap_new(&o, &e));
	assert_int_equal(cap_open_file(path, &cf, &e), 0);
	assert_int_equal(diag_pcap_file_begin(ctx, path, cap_dlt(cf), &e), 0);
	while ((rc = cap_next(cf, &r, &e)) == 1)
		assert_int_equal(diag_pcap_feed(ctx, &r, &e), 0);
	assert_int_equal(rc, 0);
	cap_close(cf);
	assert_int_equal(diag_pcap_file_end(ctx, NULL), 0);
	finding_list_init(out);
	assert_int_equal(diag_pcap_finish(ctx, out, &e), 0);
	diag_pcap_free(ctx);
}

/* The AS a subject gives address a, 0 when a is neither end. */
static uint32_t
as_of(const struct finding_subject *s, const struct net_addr *a)
{
	if (net_addr_eq(&s->local, a))
		return s->local_as;
	if (net_addr_eq(&s->peer, a))
		return s->peer_as;
	return 0;
}

static const struct finding *
find(const struct finding_list *fl, enum finding_code c)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i].code == c)
			return &fl->v[i];
	fail_msg("no finding %s", finding_def(c)->code);
	return NULL;
}

static const char *const frr_files[] = {
	"frr_summary.txt", "frr_neighbors.txt", "frr_neighbors.json",
	"frr_bgpd.log", NULL
};
static const char *const bird_files[] = {
	"bird_protocols.txt", "bird.log", NULL
};

static void
test_two_routers_one_session(void **state)
{
	struct finding_list ce, ms;
	const struct finding *a, *b;

	(void)state;
	run("established", frr_files, &ce);
	run("established", bird_files, &ms);
	a = find(&ce, FC_ROUTER_BGP_ESTABLISHED);
	b = find(&ms, FC_ROUTER_BGP_ESTABLISHED);
	/* each names both ends, in opposite roles */
	assert_true(finding_subject_same_peers(&a->subject, &b->subject));
	assert_true(finding_subject_same_peers(&b->subject, &a->subject));
	assert_true(net_addr_eq(&a->subject.local, &b->subject.peer));
	assert_true(net_addr_eq(&a->subject.peer, &b->subject.local));
	assert_int_not_equal(a->subject.local_as, 0);
	assert_int_equal(a->subject.local_as, b->subject.peer_as);
	assert_int_equal(a->subject.peer_as, b->subject.local_as);
	finding_list_release(&ce);
	finding_list_release(&ms);
}

static void
test_one_teardown_two_logs(void **state)
{
	struct finding_list ce, ms;
	const struct finding *a, *b;

	(void)state;
	run("max_prefix", frr_files, &ce);
	run("max_prefix", bird_files, &ms);
	a = find(&ce, FC_ROUTER_MAX_PREFIX);
	b = find(&ms, FC_ROUTER_MAX_PREFIX);
	assert_true(finding_subject_same_peers(&a->subject, &b->subject));
	assert_true(a->subject.has_span && b->subject.has_span);
	/* FRR logs whole seconds, BIRD milliseconds: a second of slack */
	assert_true(finding_subject_spans_meet(&a->subject, &b->subject,
	    USEC_PER_SEC));
	finding_list_release(&ce);
	finding_list_release(&ms);
}

static void
test_other_session_apart(void **state)
{
	static const char *const ios[] = { "ios_neighbors.txt", NULL };
	struct finding_list ce, other;
	const struct finding *a;
	size_t i;

	(void)state;
	run("established", frr_files, &ce);
	run("vendor", ios, &other);
	a = find(&ce, FC_ROUTER_BGP_ESTABLISHED);
	assert_true(other.n > 0);
	for (i = 0; i < other.n; i++)
		assert_false(finding_subject_same_peers(&a->subject,
		    &other.v[i].subject));
	finding_list_release(&ce);
	finding_list_release(&other);
}

static void
test_router_and_capture(void **state)
{
	struct finding_list ce, cap;
	const struct finding *a, *b;

	(void)state;
	run("peer_as_wrong", frr_files, &ce);
	run_pcap("asn_mismatch", &cap);
	a = find(&ce, FC_ROUTER_NOTIFICATION);
	b = find(&cap, FC_BGP_OPEN_PEER_AS_MISMATCH);
	assert_true(finding_subject_same_peers(&a->subject, &b->subject));
	assert_true(finding_subject_same_peers(&b->subject, &a->subject));
	/* each end has one AS in both views */
	assert_int_not_equal(as_of(&b->subject, &a->subject.local), 0);
	assert_int_equal(as_of(&a->subject, &a->subject.local),
	    as_of(&b->subject, &a->subject.local));
	assert_true(a->subject.has_span && b->subject.has_span);
	assert_false(finding_subject_spans_meet(&a->subject, &b->subject,
	    60 * USEC_PER_SEC));
	finding_list_release(&ce);
	finding_list_release(&cap);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_routers_one_session),
		cmocka_unit_test(test_one_teardown_two_logs),
		cmocka_unit_test(test_other_session_apart),
		cmocka_unit_test(test_router_and_capture),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
