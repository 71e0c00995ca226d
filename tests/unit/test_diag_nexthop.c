/*
 * Unit tests for diag_nexthop: the ROUTE_* findings for decisions made on
 * the hand-written exports of tests/data/azure/routes/, with their
 * severities and JSON-pointer evidence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "azure/az_routes.h"
#include "diag/diag_nexthop.h"

static struct az_doc *
load(const char *name)
{
	char path[512];
	struct az_doc *d = NULL;
	struct err e;

	err_clear(&e);
	snprintf(path, sizeof(path), "%s/tests/data/azure/routes/%s",
	    ERW_SRC_DIR, name);
	assert_int_equal(az_load_file(path, &d, &e), 0);
	return d;
}

static void
routes(struct az_routes *rs, const char *a, const char *b)
{
	struct az_doc *d;
	struct err e;

	err_clear(&e);
	az_routes_init(rs);
	d = load(a);
	assert_int_equal(az_routes_add_doc(rs, d, &e), 0);
	az_doc_free(d);
	if (b != NULL) {
		d = load(b);
		assert_int_equal(az_routes_add_doc(rs, d, &e), 0);
		az_doc_free(d);
	}
	assert_int_equal(az_routes_build(rs, &e), 0);
}

/* Judge dst; findings into fl (initialized here). */
static void
judge(const struct az_routes *rs, const struct az_nics *ns, const char *dst,
    const char *expect, struct finding_list *fl)
{
	struct az_route_result res;
	struct net_addr a;

	finding_list_init(fl);
	assert_int_equal(net_addr_parse(dst, &a), 0);
	assert_int_equal(az_routes_lookup(rs, &a, &res), 0);
	diag_nexthop(rs, ns, &a, &res, expect, fl);
}

static const struct finding *
get(const struct finding_list *fl, enum finding_code c)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i].code == c)
			return &fl->v[i];
	return NULL;
}

/* NULL-safe, so -O2 builds see no path that reads through a NULL finding
 * (cmocka's asserts are not known to the compiler not to return). */
static bool
summary_has(const struct finding *f, const char *text)
{
	return f != NULL && strstr(f->summary, text) != NULL;
}

static void
test_none_and_override(void **state)
{
	struct az_routes rs;
	struct finding_list fl;
	const struct finding *f;

	(void)state;
	routes(&rs, "effective-mixed.json", NULL);
	judge(&rs, NULL, "10.50.1.1", NULL, &fl);
	assert_int_equal(fl.n, 2);
	f = get(&fl, FC_ROUTE_NONE);
	assert_non_null(f);
	assert_int_equal(f->sev, SEV_ERROR);
	assert_non_null(strstr(f->summary,
	    "10.50.0.0/16 (User dc1-blackhole)"));
	assert_non_null(strstr(f->ev[0].input, "effective-mixed.json"));
	assert_string_equal(f->ev[0].where, "/value/4/nextHopType");
	f = get(&fl, FC_ROUTE_BGP_OVERRIDDEN);
	assert_non_null(f);
	assert_int_equal(f->sev, SEV_INFO);
	assert_string_equal(f->ev[0].where, "/value/3/state");
	assert_int_equal(finding_list_exit_code(&fl), 1);
	finding_list_release(&fl);

	/* system route None: the note explains the private range */
	judge(&rs, NULL, "10.99.0.1", NULL, &fl);
	f = get(&fl, FC_ROUTE_NONE);
	assert_non_null(f);
	assert_true(summary_has(f, "(Default)"));
	assert_int_equal(f->ev[1].kind, EV_NOTE);
	finding_list_release(&fl);

	/* nothing covers it at all */
	judge(&rs, NULL, "2001:db8::1", NULL, &fl);
	assert_int_equal(fl.n, 0);	/* ::/0 Internet */
	finding_list_release(&fl);
	az_routes_release(&rs);

	routes(&rs, "route-table-fw.json", NULL);
	judge(&rs, NULL, "2001:db8::1", NULL, &fl);
	f = get(&fl, FC_ROUTE_NONE);
	assert_non_null(f);
	assert_true(summary_has(f, "no usable route"));
	finding_list_release(&fl);
	az_routes_release(&rs);
}

static void
test_appliance(void **state)
{
	struct az_routes rs;
	struct az_nics ns;
	struct finding_list fl;
	const struct finding *f;
	struct az_doc *d;
	struct err e;

	(void)state;
	err_clear(&e);
	az_nics_init(&ns);
	d = load("nic-noforward.json");
	assert_int_equal(az_nics_add_doc(&ns, d, &e), 0);
	az_doc_free(d);
	routes(&rs, "effective-mixed.json", "route-table-fw.json");

	/* without --nics: info only */
	judge(&rs, NULL, "10.51.0.9", NULL, &fl);
	assert_int_equal(fl.n, 1);
	f = get(&fl, FC_ROUTE_VIA_APPLIANCE);
	assert_non_null(f);
	assert_true(summary_has(f, "10.20.250.4"));
	finding_list_release(&fl);

	/* the NIC owns the IP but does not forward */
	judge(&rs, &ns, "10.51.0.9", NULL, &fl);
	f = get(&fl, FC_ROUTE_APPLIANCE_UNKNOWN);
	assert_non_null(f);
	assert_true(summary_has(f, "nic-vm-other-01"));
	assert_string_equal(f->ev[1].where,
	    "/ipConfigurations/0/privateIPAddress");
	assert_string_equal(f->ev[2].where, "/enableIPForwarding");
	finding_list_release(&fl);

	/* 10.60/16 goes to 10.20.240.4: not among these NICs */
	judge(&rs, &ns, "10.60.0.9", NULL, &fl);
	f = get(&fl, FC_ROUTE_APPLIANCE_UNKNOWN);
	assert_non_null(f);
	assert_true(summary_has(f, "none of the 1 NICs"));
	finding_list_release(&fl);
	az_routes_release(&rs);
	az_nics_release(&ns);
}

static void
test_expect_and_default(void **state)
{
	struct az_routes rs;
	struct finding_list fl;
	const struct finding *f;

	(void)state;
	routes(&rs, "effective-mixed.json", NULL);
	judge(&rs, NULL, "10.70.0.1", "virtualnetworkgateway", &fl);
	assert_int_equal(fl.n, 0);
	finding_list_release(&fl);
	judge(&rs, NULL, "10.70.0.1", "Internet", &fl);
	f = get(&fl, FC_ROUTE_UNEXPECTED_NEXT_HOP);
	assert_non_null(f);
	assert_non_null(strstr(f->summary, "VirtualNetworkGateway, expected "
	    "Internet"));
	finding_list_release(&fl);
	/* the mixed table's default is the Internet one */
	finding_list_init(&fl);
	diag_nexthop_table(&rs, &fl);
	assert_int_equal(fl.n, 0);
	finding_list_release(&fl);
	az_routes_release(&rs);

	routes(&rs, "effective-default-bgp.json", NULL);
	finding_list_init(&fl);
	diag_nexthop_table(&rs, &fl);
	assert_int_equal(fl.n, 1);	/* IPv4 only: ::/0 stays Internet */
	f = get(&fl, FC_ROUTE_DEFAULT_VIA_GATEWAY);
	assert_non_null(f);
	assert_int_equal(f->sev, SEV_WARNING);
	assert_true(summary_has(f, "10.24.146.76"));
	assert_string_equal(f->ev[0].where, "/value/2/addressPrefix/0");
	assert_string_equal(f->ev[2].where, "/value/1/state");
	finding_list_release(&fl);
	az_routes_release(&rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_none_and_override),
		cmocka_unit_test(test_appliance),
		cmocka_unit_test(test_expect_and_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
