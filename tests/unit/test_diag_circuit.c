/*
 * Unit tests for diag_circuit: the layered ExpressRoute checks on the
 * hand-written exports of tests/data/azure/circuit/ (az and PowerShell
 * forms): healthy paths, provisioning and /30 mistakes, ARP on the wrong
 * side, Microsoft-only ARP, BGP down with the wrong AS, prefix limits,
 * default route and asymmetric paths, missing evidence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "azure/az_circuit.h"
#include "diag/diag_circuit.h"

struct fx {
	struct az_circuit	 c;
	struct az_arp_table	 arp[2];
	struct az_er_routes	 routes[2];
	struct az_er_summary	 sum[2];
	struct az_er_stats	 stats;
	struct diag_circuit_input in;
	struct diag_circuit_result res;
	struct finding_list	 fl;
};

static struct az_doc *
load(const char *name)
{
	char path[512];
	struct az_doc *d = NULL;
	struct err e;

	err_clear(&e);
	snprintf(path, sizeof(path), "%s/tests/data/azure/circuit/%s",
	    ERW_SRC_DIR, name);
	assert_int_equal(az_load_file(path, &d, &e), 0);
	return d;
}

static struct fx *
fx_new(void)
{
	struct fx *x = calloc(1, sizeof(*x));

	assert_non_null(x);
	finding_list_init(&x->fl);
	return x;
}

static void
fx_circuit(struct fx *x, const char *f)
{
	struct az_doc *d = load(f);
	struct err e;

	err_clear(&e);
	assert_int_equal(az_circuit_load(&x->c, d, &e), 0);
	az_doc_free(d);
	x->in.circuit = &x->c;
}

static void
fx_arp(struct fx *x, int p, const char *f)
{
	struct az_doc *d = load(f);
	struct err e;

	err_clear(&e);
	assert_int_equal(az_arp_load(&x->arp[p], d, &e), 0);
	az_doc_free(d);
	x->in.arp[p] = &x->arp[p];
}

static void
fx_routes(struct fx *x, int p, const char *f)
{
	struct az_doc *d = load(f);
	struct err e;

	err_clear(&e);
	assert_int_equal(az_er_routes_load(&x->routes[p], d, &e), 0);
	az_doc_free(d);
	x->in.routes[p] = &x->routes[p];
}

static void
fx_sum(struct fx *x, int p, const char *f)
{
	struct az_doc *d = load(f);
	struct err e;

	err_clear(&e);
	assert_int_equal(az_er_summary_load(&x->sum[p], d, &e), 0);
	az_doc_free(d);
	x->in.summary[p] = &x->sum[p];
}

static void
fx_run(struct fx *x)
{
	diag_circuit(&x->in, &x->res, &x->fl);
}

static void
fx_free(struct fx *x)
{
	int p;

	for (p = 0; p < 2; p++) {
		az_arp_release(&x->arp[p]);
		az_er_routes_release(&x->routes[p]);
		az_er_summary_release(&x->sum[p]);
	}
	finding_list_release(&x->fl);
	free(x);
}

/* Findings of code (and group, when not NULL). */
static size_t
count(const struct fx *x, enum finding_code code, const char *group)
{
	size_t i, n = 0;

	for (i = 0; i < x->fl.n; i++)
		if (x->fl.v[i].code == code && (group == NULL ||
		    strcmp(x->fl.v[i].group, group) == 0))
			n++;
	return n;
}

static const struct finding *
first(const struct fx *x, enum finding_code code)
{
	size_t i;

	for (i = 0; i < x->fl.n; i++)
		if (x->fl.v[i].code == code)
			return &x->fl.v[i];
	fail_msg("finding %s missing", finding_def(code)->code);
	return NULL;
}

static void
healthy_inputs(struct fx *x)
{
	fx_circuit(x, "circuit-ok.json");
	fx_arp(x, 0, "arp-ok-primary.json");
	fx_arp(x, 1, "arp-ok-secondary.json");
	fx_sum(x, 0, "summary-ok-primary.json");
	fx_sum(x, 1, "summary-ok-secondary.json");
	fx_routes(x, 0, "routes-primary.json");
	fx_routes(x, 1, "routes-secondary.json");
}

static void
test_healthy(void **state)
{
	struct fx *x = fx_new();

	(void)state;
	healthy_inputs(x);
	fx_run(x);
	assert_int_equal(finding_list_worst(&x->fl), SEV_INFO);
	assert_int_equal(count(x, FC_CIRCUIT_HEALTHY, "primary"), 1);
	assert_int_equal(count(x, FC_CIRCUIT_HEALTHY, "secondary"), 1);
	/* prepending on the secondary is not asymmetry */
	assert_int_equal(count(x, FC_CIRCUIT_PATH_ASYMMETRY, NULL), 0);
	assert_int_equal(x->res.prefix_limit, 10000);	/* Premium */
	assert_int_equal(x->res.path[1].prefixes, 2);
	assert_int_equal(x->res.path[1].onprem_routes, 2);
	assert_int_equal(x->res.path[0].up, 1);
	assert_int_equal(x->res.path[0].l2, DIAG_LAYER_OK);
	fx_free(x);
}

static void
test_circuit_mistakes(void **state)
{
	struct fx *x = fx_new();
	const struct finding *f;

	(void)state;
	fx_circuit(x, "circuit-bad.json");
	fx_run(x);
	assert_int_equal(count(x, FC_CIRCUIT_NOT_PROVISIONED, NULL), 1);
	f = first(x, FC_CIRCUIT_NOT_PROVISIONED);
	assert_non_null(strstr(f->summary, "NotProvisioned"));
	assert_string_equal(f->ev[0].where,
	    "/serviceProviderProvisioningState");
	assert_int_equal(count(x, FC_CIRCUIT_PEERING_DISABLED, NULL), 1);
	assert_int_equal(count(x, FC_CIRCUIT_AZURE_ASN_UNUSUAL, NULL), 1);
	/* host bits on primary, /29 secondary, overlap */
	assert_int_equal(count(x, FC_CIRCUIT_PEER_IP_INVALID, NULL), 3);
	assert_int_equal(x->res.prefix_limit, 4000);
	/* no per-path evidence at all: six commands to run */
	assert_int_equal(count(x, FC_EVIDENCE_MISSING, "secondary"), 3);
	fx_free(x);
}

static void
test_wrong_side_and_ms_only(void **state)
{
	struct fx *x = fx_new();
	const struct finding *f;

	(void)state;
	fx_circuit(x, "circuit-ok.json");
	fx_arp(x, 0, "arp-ok-primary.json");
	fx_arp(x, 1, "arp-wrongside-secondary.json");
	fx_run(x);
	assert_int_equal(count(x, FC_CIRCUIT_PEER_IP_INVALID, "secondary"), 1);
	f = first(x, FC_CIRCUIT_PEER_IP_INVALID);
	assert_non_null(strstr(f->summary, "192.168.50.6"));
	assert_string_equal(f->ev[0].where, "/value/0/ipAddress");
	fx_free(x);

	x = fx_new();
	fx_circuit(x, "circuit-ok.json");
	fx_arp(x, 0, "ps51-arp-primary.json");
	fx_arp(x, 1, "ps7-arp-msonly-secondary.json");
	fx_sum(x, 0, "summary-ok-primary.json");
	fx_run(x);
	assert_int_equal(count(x, FC_ARP_INCOMPLETE, "secondary"), 1);
	f = first(x, FC_ARP_INCOMPLETE);
	assert_string_equal(f->ev[0].where, "/InterfaceProperty");
	assert_int_equal(x->res.path[1].l2, DIAG_LAYER_FAILED);
	assert_int_equal(count(x, FC_CIRCUIT_SINGLE_PATH, "secondary"), 1);
	assert_int_equal(count(x, FC_CIRCUIT_HEALTHY, "primary"), 1);
	fx_free(x);
}

static void
test_empty_arp(void **state)
{
	struct fx *x = fx_new();

	(void)state;
	fx_circuit(x, "circuit-ok.json");
	fx_arp(x, 0, "ps7-arp-empty.json");
	fx_arp(x, 1, "ps7-arp-empty.json");
	fx_sum(x, 1, "summary-alias-active-secondary.json");
	fx_run(x);
	assert_int_equal(count(x, FC_ARP_TABLE_EMPTY, NULL), 2);
	/* BGP down is L2's consequence: not reported on its own */
	assert_int_equal(count(x, FC_CIRCUIT_BGP_DOWN, NULL), 0);
	assert_int_equal(x->res.path[1].bgp, DIAG_LAYER_SKIPPED);
	assert_int_equal(count(x, FC_CIRCUIT_NO_ROUTES, NULL), 2);
	fx_free(x);
}

static void
test_bgp_down_wrong_as(void **state)
{
	struct fx *x = fx_new();
	const struct finding *f;

	(void)state;
	healthy_inputs(x);
	az_er_summary_release(&x->sum[1]);
	fx_sum(x, 1, "summary-alias-active-secondary.json");
	{
		struct az_doc *d = load("stats.json");
		struct err e;

		err_clear(&e);
		assert_int_equal(az_er_stats_load(&x->stats, d, &e), 0);
		az_doc_free(d);
		x->in.stats = &x->stats;
	}
	fx_run(x);
	f = first(x, FC_CIRCUIT_SINGLE_PATH);
	assert_string_equal(f->ev[f->nev - 1].where, "/secondarybytesIn");
	f = first(x, FC_CIRCUIT_BGP_DOWN);
	assert_string_equal(f->group, "secondary");
	assert_non_null(strstr(f->summary, "Active"));
	assert_string_equal(f->ev[0].where, "/value/0/stateOrPrefixesReceived");
	assert_int_equal(count(x, FC_CIRCUIT_PEER_ASN_MISMATCH, "secondary"),
	    1);
	assert_int_equal(count(x, FC_CIRCUIT_SINGLE_PATH, NULL), 1);
	assert_int_equal(count(x, FC_CIRCUIT_HEALTHY, "secondary"), 0);
	fx_free(x);
}

static void
test_prefix_limit(void **state)
{
	struct fx *x = fx_new();
	const struct finding *f;

	(void)state;
	healthy_inputs(x);	/* Premium: 8500 of 10000 is a warning */
	az_er_summary_release(&x->sum[0]);
	fx_sum(x, 0, "ps7-summary-near-limit-primary.json");
	fx_run(x);
	f = first(x, FC_CIRCUIT_PREFIX_LIMIT);
	assert_int_equal(f->sev, SEV_WARNING);
	assert_string_equal(f->group, "primary");
	assert_string_equal(f->ev[0].where, "/1/StatePfxRcd");
	fx_free(x);

	x = fx_new();
	fx_circuit(x, "circuit-bad.json");	/* Standard: over 4000 */
	fx_sum(x, 0, "ps7-summary-near-limit-primary.json");
	fx_run(x);
	f = first(x, FC_CIRCUIT_PREFIX_LIMIT);
	assert_int_equal(f->sev, SEV_ERROR);
	fx_free(x);
}

static void
test_default_and_asymmetry(void **state)
{
	struct fx *x = fx_new();
	const struct finding *f;

	(void)state;
	healthy_inputs(x);
	az_er_routes_release(&x->routes[1]);
	fx_routes(x, 1, "routes-default-asym-secondary.json");
	fx_run(x);
	f = first(x, FC_CIRCUIT_DEFAULT_ROUTE_LEARNED);
	assert_string_equal(f->group, "secondary");
	assert_string_equal(f->ev[0].where, "/value/1/network");
	assert_int_equal(count(x, FC_CIRCUIT_PEER_ASN_MISMATCH, "secondary"),
	    1);
	f = first(x, FC_CIRCUIT_PATH_ASYMMETRY);
	assert_non_null(strstr(f->summary, "2 differ"));
	fx_free(x);
}

static void
test_missing_evidence(void **state)
{
	struct fx *x = fx_new();
	size_t i;
	bool seen = false;

	(void)state;
	fx_run(x);
	assert_int_equal(count(x, FC_EVIDENCE_MISSING, NULL), 7);
	for (i = 0; i < x->fl.n; i++)
		if (strstr(x->fl.v[i].ev[0].where, "list-arp-tables -g RG -n "
		    "CIRCUIT --peering-name AzurePrivatePeering --path "
		    "secondary") != NULL)
			seen = true;
	assert_true(seen);
	assert_int_equal(x->res.path[0].up, -1);
	assert_int_equal(finding_list_exit_code(&x->fl), 0);
	fx_free(x);
}

/* The verdict stops at the first layer that is not ok. */
static void
test_verdict(void **state)
{
	static const struct {
		enum diag_layer_state	 l2, bgp, routes;
		int64_t			 prefixes;
		int			 up;
		const char		*want;
	} v[] = {
		{ DIAG_LAYER_FAILED, DIAG_LAYER_OK, DIAG_LAYER_OK, 5, 1,
		  "DOWN at L2 (ARP)" },
		{ DIAG_LAYER_UNKNOWN, DIAG_LAYER_OK, DIAG_LAYER_OK, 5, -1,
		  "UNKNOWN: L2 not checked" },
		{ DIAG_LAYER_UNKNOWN, DIAG_LAYER_OK, DIAG_LAYER_OK, 5, 1,
		  "UP" },
		{ DIAG_LAYER_OK, DIAG_LAYER_FAILED, DIAG_LAYER_SKIPPED, -1, 0,
		  "DOWN at BGP" },
		{ DIAG_LAYER_OK, DIAG_LAYER_UNKNOWN, DIAG_LAYER_OK, 5, 0,
		  "UNKNOWN: BGP not checked" },
		{ DIAG_LAYER_OK, DIAG_LAYER_OK, DIAG_LAYER_FAILED, 5, 1,
		  "UP, but no routes from on-premises" },
		{ DIAG_LAYER_OK, DIAG_LAYER_OK, DIAG_LAYER_OK, 0, 1,
		  "UP, but no routes from on-premises" },
		{ DIAG_LAYER_OK, DIAG_LAYER_OK, DIAG_LAYER_UNKNOWN, -1, 1,
		  "UP (routes not checked)" },
		{ DIAG_LAYER_OK, DIAG_LAYER_OK, DIAG_LAYER_OK, 3, 1, "UP" },
	};
	struct diag_circuit_path p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		memset(&p, 0, sizeof(p));
		p.l2 = v[i].l2;
		p.bgp = v[i].bgp;
		p.routes = v[i].routes;
		p.prefixes = v[i].prefixes;
		p.up = v[i].up;
		assert_string_equal(diag_circuit_verdict(&p), v[i].want);
	}
	assert_string_equal(diag_layer_state_name(DIAG_LAYER_OK), "ok");
	assert_string_equal(diag_layer_state_name(DIAG_LAYER_FAILED),
	    "failed");
	assert_string_equal(diag_layer_state_name(DIAG_LAYER_SKIPPED),
	    "not-judged");
	assert_string_equal(diag_layer_state_name(DIAG_LAYER_UNKNOWN),
	    "not-checked");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthy),
		cmocka_unit_test(test_circuit_mistakes),
		cmocka_unit_test(test_wrong_side_and_ms_only),
		cmocka_unit_test(test_empty_arp),
		cmocka_unit_test(test_bgp_down_wrong_as),
		cmocka_unit_test(test_prefix_limit),
		cmocka_unit_test(test_default_and_asymmetry),
		cmocka_unit_test(test_missing_evidence),
		cmocka_unit_test(test_verdict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
