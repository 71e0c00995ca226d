/*
 * The findings catalog is well formed: unique codes, every code named in
 * upper case, a remedy for every finding, balanced {placeholders}, and
 * name lookups that round-trip.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "diag/diag.h"

static void
test_catalog_well_formed(void **state)
{
	const struct finding_def *d, *o;
	const char *s;
	int i, j, depth;

	(void)state;
	assert_true(FC__COUNT > 40);
	for (i = 0; i < FC__COUNT; i++) {
		d = finding_def((enum finding_code)i);
		assert_non_null(d);
		for (s = d->code; *s != '\0'; s++)
			assert_true(isupper((unsigned char)*s) ||
			    isdigit((unsigned char)*s) || *s == '_');
		assert_true(strlen(d->remedy) > 20);
		assert_true(strlen(d->summary) > 10);
		assert_int_equal(finding_code_by_name(d->code), i);
		depth = 0;
		for (s = d->summary; *s != '\0'; s++) {
			if (*s == '{')
				depth++;
			else if (*s == '}')
				depth--;
			assert_true(depth == 0 || depth == 1);
		}
		assert_int_equal(depth, 0);
		for (j = i + 1; j < FC__COUNT; j++) {
			o = finding_def((enum finding_code)j);
			assert_string_not_equal(d->code, o->code);
		}
	}
	assert_int_equal(finding_code_by_name("NO_SUCH_CODE"), -1);
	assert_null(finding_def(FC__COUNT));
}

static void
test_required_codes_present(void **state)
{
	static const char *const required[] = {
		"ARP_UNANSWERED", "TCP_NO_SYN", "TCP_SYN_UNANSWERED",
		"TCP_RST_ON_SYN", "TCP_RST_ESTABLISHED", "TCP_MD5_ASYMMETRIC",
		"TCP_MD5_SUSPECTED_MISMATCH", "TCP_RETRANSMISSIONS",
		"TCP_ZERO_WINDOW", "ICMP_FRAG_NEEDED",
		"PMTU_BLACKHOLE_SUSPECTED", "BGP_ESTABLISHED",
		"BGP_OPEN_PEER_AS_MISMATCH", "BGP_NOTIFICATION",
		"BGP_HOLD_TIMER_EXPIRED", "BGP_HOLD_TIME_SHORT",
		"BGP_KEEPALIVE_GAP", "BGP_MAX_PREFIX", "BGP_SESSION_FLAP",
		"BGP_MALFORMED", "BGP_DEFAULT_ROUTE_RECEIVED", "NSG_DENY",
		"NSG_ALLOW_BUT_NO_ROUTE", "ROUTE_NONE",
		"ROUTE_DEFAULT_VIA_GATEWAY", "ROUTE_VIA_APPLIANCE",
		"ROUTE_APPLIANCE_UNKNOWN", "ROUTE_BGP_OVERRIDDEN",
		"ROUTE_UNEXPECTED_NEXT_HOP", "CIRCUIT_NOT_PROVISIONED",
		"ARP_TABLE_EMPTY", "ARP_INCOMPLETE", "CIRCUIT_PEER_IP_INVALID",
		"CIRCUIT_BGP_DOWN", "CIRCUIT_NO_ROUTES", "CIRCUIT_PREFIX_LIMIT",
		"CIRCUIT_DEFAULT_ROUTE_LEARNED", "CIRCUIT_PEER_ASN_MISMATCH",
		"CIRCUIT_AZURE_ASN_UNUSUAL", "CIRCUIT_SINGLE_PATH",
		"CIRCUIT_PATH_ASYMMETRY", "CIRCUIT_MD5_ONE_PATH",
		"PROBE_ICMP_UNREACHABLE",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		assert_true(finding_code_by_name(required[i]) >= 0);
}

static void
test_list_severity_and_exit(void **state)
{
	struct finding_list l;
	struct finding *f;

	(void)state;
	finding_list_init(&l);
	assert_int_equal(finding_list_exit_code(&l), 0);
	f = finding_add(&l, FC_BGP_ESTABLISHED, "session up, hold %d s", 180);
	assert_non_null(f);
	assert_int_equal(f->sev, SEV_INFO);
	finding_ev_frame(f, "a.pcap", 7, 1000000);
	assert_int_equal(f->nev, 1);
	assert_int_equal(finding_list_exit_code(&l), 0);
	f = finding_add(&l, FC_BGP_HOLD_TIME_SHORT, "hold %d", 9);
	assert_int_equal(finding_list_worst(&l), SEV_WARNING);
	assert_int_equal(finding_list_exit_code(&l), 0);
	f = finding_add(&l, FC_TCP_SYN_UNANSWERED, "syn");
	assert_int_equal(f->layer, LAYER_TCP);
	assert_int_equal(finding_list_exit_code(&l), 1);
	/* an analyzer may lower a severity */
	f->sev = SEV_WARNING;
	assert_int_equal(finding_list_exit_code(&l), 0);
	assert_true(finding_list_has(&l, FC_BGP_HOLD_TIME_SHORT));
	assert_false(finding_list_has(&l, FC_NSG_DENY));
	for (int i = 0; i < 20; i++)
		finding_ev_line(f, "x", (uint64_t)i);
	assert_int_equal(f->nev, LIMIT_EVIDENCE_PER_FINDING);
	finding_list_release(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_well_formed),
		cmocka_unit_test(test_required_codes_present),
		cmocka_unit_test(test_list_severity_and_exit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
