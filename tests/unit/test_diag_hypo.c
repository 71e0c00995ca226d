/*
 * Ranking root causes: the classic failures come out first with their
 * clues cited, a contradiction counts only for the same session, two weak
 * symptoms stay a suspicion, and an empty or clean run is healthy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "diag/diag_correlate.h"
#include "diag/diag_hypo.h"

static struct finding *
add(struct finding_list *l, enum finding_code code, const char *local,
    const char *peer, unsigned peer_port)
{
	struct net_addr a, b;
	struct finding *f = finding_add(l, code, "%s", finding_def(code)->code);

	assert_non_null(f);
	if (local != NULL) {
		assert_int_equal(net_addr_parse(local, &a), 0);
		assert_int_equal(net_addr_parse(peer, &b), 0);
		finding_subj_peers(f, &a, 0, &b, (uint16_t)peer_port);
	}
	return f;
}

static const struct hypothesis *
find(const struct hypothesis_list *hl, enum cause_id c)
{
	size_t i;

	for (i = 0; i < hl->n; i++)
		if (hl->v[i].cause == c)
			return &hl->v[i];
	return NULL;
}

static bool
cites(const struct finding_list *l, const size_t *refs, unsigned n,
    enum finding_code code)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (l->v[refs[i]].code == code)
			return true;
	return false;
}

static void
rank(struct finding_list *l, struct hypothesis_list *hl)
{
	struct err e;

	memset(&e, 0, sizeof(e));
	assert_int_equal(diag_rank(l, hl, &e), 0);
	assert_true(hl->n > 0);
}

static void
test_syn_blocked_by_nsg(void **state)
{
	struct finding_list l;
	struct hypothesis_list hl;
	struct finding *f;

	(void)state;
	finding_list_init(&l);
	add(&l, FC_TCP_SYN_UNANSWERED, "10.0.0.1", "10.0.0.2", 179);
	f = add(&l, FC_NSG_DENY, "10.0.0.1", "10.0.0.2", 179);
	finding_subj_object(f, "nsg", "nsg-edge");
	rank(&l, &hl);
	assert_int_equal(hl.v[0].cause, CAUSE_tcp179_blocked);
	assert_true(hl.v[0].confidence > 0.8);
	assert_non_null(strstr(hl.v[0].summary, "by an NSG (nsg-edge)"));
	assert_true(cites(&l, hl.v[0].supporting, hl.v[0].nsupporting,
	    FC_NSG_DENY));
	/* The strongest clue is cited first and gives the subject. */
	assert_int_equal(l.v[hl.v[0].supporting[0]].code,
	    FC_TCP_SYN_UNANSWERED);
	assert_int_equal(hl.v[0].subject.peer_port, 179);
	assert_int_equal(hypothesis_list_exit_code(&hl), 1);
	hypothesis_list_release(&hl);
	finding_list_release(&l);
}

static void
test_nsg_on_other_port_is_not_bgp(void **state)
{
	struct finding_list l;
	struct hypothesis_list hl;

	(void)state;
	finding_list_init(&l);
	add(&l, FC_NSG_DENY, "10.1.0.4", "10.2.0.4", 443);
	rank(&l, &hl);
	assert_null(find(&hl, CAUSE_tcp179_blocked));
	hypothesis_list_release(&hl);
	finding_list_release(&l);
}

static void
test_rst_means_no_listener(void **state)
{
	struct finding_list l;
	struct hypothesis_list hl;

	(void)state;
	finding_list_init(&l);
	add(&l, FC_TCP_RST_ON_SYN, "10.0.0.1", "10.0.0.2", 179);
	add(&l, FC_ROUTER_BGP_NOT_ESTABLISHED, NULL, NULL, 0);
	rank(&l, &hl);
	assert_int_equal(hl.v[0].cause, CAUSE_no_bgp_listener);
	/* l2_down is not even suspected: the RST came back over the wire. */
	assert_null(find(&hl, CAUSE_l2_down));
	hypothesis_list_release(&hl);
	finding_list_release(&l);
}

static void
test_contradiction_only_for_same_session(void **state)
{
	struct finding_list l;
	struct hypothesis_list hl;
	const struct hypothesis *h;
	double alone;

	(void)state;
	finding_list_init(&l);
	add(&l, FC_BGP_HOLD_TIMER_EXPIRED, "10.0.0.1", "10.0.0.2", 179);
	rank(&l, &hl);
	alone = hl.v[0].confidence;
	assert_int_equal(hl.v[0].cause, CAUSE_hold_timer_expiry);
	hypothesis_list_release(&hl);

	/* Secondary path up: no bearing on the primary's failure. */
	add(&l, FC_BGP_ESTABLISHED, "10.0.0.5", "10.0.0.6", 179);
	/* A short hold time on the same session explains it better. */
	rank(&l, &hl);
	h = find(&hl, CAUSE_hold_timer_expiry);
	assert_non_null(h);
	assert_true(h->confidence == alone);
	assert_int_equal(h->ncontradicting, 0);
	hypothesis_list_release(&hl);

	/* An MTU black hole on the same session explains the silence. */
	add(&l, FC_PMTU_BLACKHOLE_SUSPECTED, "10.0.0.2", "10.0.0.1", 179);
	/* Short timers and flaps: that cause is ranked too. */
	add(&l, FC_BGP_HOLD_TIME_SHORT, "10.0.0.2", "10.0.0.1", 179);
	add(&l, FC_BGP_SESSION_FLAP, "10.0.0.1", "10.0.0.2", 179);
	rank(&l, &hl);
	h = find(&hl, CAUSE_hold_timer_expiry);
	assert_true(h == NULL || h->confidence < alone);
	if (h != NULL)
		assert_true(cites(&l, h->contradicting, h->ncontradicting,
		    FC_PMTU_BLACKHOLE_SUSPECTED));
	assert_int_equal(hl.v[0].cause, CAUSE_pmtu_blackhole);
	/* The black hole speaks against the timers too: short timers and
	 * flaps alone would rank (see below), here they fall under. */
	h = find(&hl, CAUSE_short_timers_flap);
	assert_null(h);
	hypothesis_list_release(&hl);
	l.n--;	/* without the last three: short timers + flap alone */
	l.n--;
	l.n--;
	add(&l, FC_BGP_HOLD_TIME_SHORT, "10.0.0.2", "10.0.0.1", 179);
	add(&l, FC_BGP_SESSION_FLAP, "10.0.0.1", "10.0.0.2", 179);
	rank(&l, &hl);
	h = find(&hl, CAUSE_short_timers_flap);
	assert_non_null(h);
	assert_true(h->confidence > 0.5);
	hypothesis_list_release(&hl);
	finding_list_release(&l);
}

static void
test_weak_symptoms_stay_suspicion(void **state)
{
	struct finding_list l;
	struct hypothesis_list hl;
	const struct hypothesis *h;

	(void)state;
	finding_list_init(&l);
	/* Short timers alone: a warning, not a flap diagnosis. */
	add(&l, FC_BGP_HOLD_TIME_SHORT, "10.0.0.1", "10.0.0.2", 179);
	add(&l, FC_ROUTER_HOLD_TIMER_SHORT, NULL, NULL, 0);
	rank(&l, &hl);
	h = find(&hl, CAUSE_short_timers_flap);
	assert_true(h == NULL || h->confidence <= 0.35);
	hypothesis_list_release(&hl);
	finding_list_release(&l);
}

static void
test_healthy_and_unclassified(void **state)
{
	struct finding_list l;
	struct hypothesis_list hl;

	(void)state;
	finding_list_init(&l);
	rank(&l, &hl);
	assert_int_equal(hl.v[0].cause, CAUSE_healthy);
	assert_true(hl.v[0].confidence < 0.25);
	assert_int_equal(hypothesis_list_exit_code(&hl), 0);
	hypothesis_list_release(&hl);

	add(&l, FC_BGP_ESTABLISHED, "10.0.0.1", "10.0.0.2", 179);
	add(&l, FC_CIRCUIT_HEALTHY, NULL, NULL, 0);
	rank(&l, &hl);
	assert_int_equal(hl.n, 1);
	assert_int_equal(hl.v[0].cause, CAUSE_healthy);
	assert_true(hl.v[0].confidence > 0.7);
	hypothesis_list_release(&hl);

	/* An error that no rule knows: not healthy. */
	add(&l, FC_BGP_MALFORMED, "10.0.0.1", "10.0.0.2", 179);
	rank(&l, &hl);
	assert_int_equal(hl.v[0].cause, CAUSE_unclassified);
	assert_int_equal(hypothesis_list_exit_code(&hl), 1);
	hypothesis_list_release(&hl);
	finding_list_release(&l);
}

static void
test_drop_in_carrier_outage(void **state)
{
	struct finding_list l;
	struct hypothesis_list hl;
	struct finding *f;
	usec_t t0 = 1764565120LL * USEC_PER_SEC;	/* link down */
	size_t i, n_corr = 0;

	(void)state;
	finding_list_init(&l);
	f = add(&l, FC_CARRIER_LINK_DOWN, NULL, NULL, 0);
	finding_subj_span(f, t0, t0 + 270 * USEC_PER_SEC);
	finding_subj_object(f, "link", "CCT-4471-ER");
	/* The hold expiry 181 s after the link went: inside. */
	f = add(&l, FC_BGP_HOLD_TIMER_EXPIRED, "192.168.100.1",
	    "192.168.100.2", 179);
	finding_subj_span(f, t0 - USEC_PER_SEC, t0 + 181 * USEC_PER_SEC);
	/* A drop of another day: outside. */
	f = add(&l, FC_BGP_SESSION_FLAP, "192.168.100.5", "192.168.100.6",
	    179);
	finding_subj_span(f, t0 + 86400 * USEC_PER_SEC,
	    t0 + 86401 * USEC_PER_SEC);
	/* A drop without a time cannot be placed. */
	add(&l, FC_ROUTER_NOTIFICATION, "192.168.100.1", "192.168.100.2", 0);
	diag_correlate(&l, NULL);
	for (i = 0; i < l.n; i++)
		if (l.v[i].code == FC_LINK_OUTAGE_AT_DROP) {
			n_corr++;
			assert_string_equal(l.v[i].subject.object,
			    "CCT-4471-ER");
			assert_non_null(strstr(l.v[i].summary, "3 min 01 s"));
			assert_int_equal(l.v[i].subject.from, t0);
		}
	assert_int_equal(n_corr, 1);
	rank(&l, &hl);
	assert_int_equal(hl.v[0].cause, CAUSE_carrier_outage);
	/* The hold expiry is explained: ranked below, if at all. */
	for (i = 1; i < hl.n; i++)
		if (hl.v[i].cause == CAUSE_hold_timer_expiry)
			assert_true(hl.v[i].confidence < hl.v[0].confidence);
	hypothesis_list_release(&hl);
	finding_list_release(&l);
}

static void
test_catalog(void **state)
{
	enum finding_code codes[16];
	int i;

	(void)state;
	for (i = 0; i < CAUSE__COUNT; i++)
		assert_int_equal(cause_by_name(cause_def(i)->id), i);
	assert_int_equal(cause_by_name("no_such_cause"), -1);
	/* The causes the issue names all exist. */
	assert_true(cause_by_name("tcp179_blocked") >= 0);
	assert_true(cause_by_name("carrier_outage") >= 0);
	assert_true(cause_by_name("healthy") >= 0);
	assert_true(cause_clues(CAUSE_md5_mismatch, false, codes, NULL, 16) >= 3);
	assert_false(cause_def(CAUSE_healthy)->fault);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syn_blocked_by_nsg),
		cmocka_unit_test(test_nsg_on_other_port_is_not_bgp),
		cmocka_unit_test(test_rst_means_no_listener),
		cmocka_unit_test(test_contradiction_only_for_same_session),
		cmocka_unit_test(test_weak_symptoms_stay_suspicion),
		cmocka_unit_test(test_healthy_and_unclassified),
		cmocka_unit_test(test_drop_in_carrier_outage),
		cmocka_unit_test(test_catalog),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
