/*
 * Unit tests for az_routes: route selection on hand-written exports in
 * tests/data/azure/routes/ (tie-breaking by source, Invalid rows, BGP
 * propagation disabled, the VNet system-route exception, IPv6, UDRs from a
 * route table on top of an effective table or alone) and the NIC loader.
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
add(struct az_routes *rs, const char *name)
{
	struct az_doc *d = load(name);
	struct err e;

	err_clear(&e);
	assert_int_equal(az_routes_add_doc(rs, d, &e), 0);
	az_doc_free(d);
}

static void
build(struct az_routes *rs)
{
	struct err e;

	err_clear(&e);
	assert_int_equal(az_routes_build(rs, &e), 0);
}

/* Look dst up; check next hop type, next hop IP ("" = none) and winner's
 * prefix ("" = no winner). */
static void
check(const struct az_routes *rs, const char *dst, const char *type,
    const char *nh, const char *prefix, struct az_route_result *res)
{
	struct net_addr a;
	char b[NET_PREFIX_STRLEN];

	assert_int_equal(net_addr_parse(dst, &a), 0);
	assert_int_equal(az_routes_lookup(rs, &a, res), 0);
	assert_string_equal(res->next_hop_type, type);
	if (nh[0] == '\0')
		assert_int_equal(res->next_hop.family, 0);
	else
		assert_string_equal(net_addr_str(&res->next_hop, b), nh);
	if (prefix[0] == '\0') {
		assert_null(res->winner);
		return;
	}
	assert_non_null(res->winner);
	assert_string_equal(net_prefix_str(&res->winner->prefix, b), prefix);
}

static bool
beaten_has(const struct az_route_result *res, const char *prefix,
    enum az_route_source src, enum az_beaten_why why)
{
	char b[NET_PREFIX_STRLEN];
	size_t i;

	for (i = 0; i < res->nbeaten; i++) {
		const struct az_route *r = res->beaten[i].route;

		if (strcmp(net_prefix_str(&r->prefix, b), prefix) == 0 &&
		    r->source == src && res->beaten[i].why == why)
			return true;
	}
	return false;
}

static void
test_selection(void **state)
{
	struct az_routes rs;
	struct az_route_result res;

	(void)state;
	az_routes_init(&rs);
	add(&rs, "effective-mixed.json");
	build(&rs);

	/* Invalid BGP row never wins; User None does. */
	check(&rs, "10.50.10.20", "None", "", "10.50.0.0/16", &res);
	assert_int_equal(res.winner->source, AZ_RSRC_USER);
	assert_string_equal(res.winner->name, "dc1-blackhole");
	assert_string_equal(res.winner->ptr, "/value/4");
	assert_null(res.route_table_id);	/* UDR, table unknown */
	assert_true(beaten_has(&res, "10.50.0.0/16", AZ_RSRC_GATEWAY,
	    AZ_BEAT_INVALID));
	assert_true(beaten_has(&res, "10.0.0.0/8", AZ_RSRC_DEFAULT,
	    AZ_BEAT_LESS_SPECIFIC));
	assert_true(beaten_has(&res, "0.0.0.0/0", AZ_RSRC_DEFAULT,
	    AZ_BEAT_LESS_SPECIFIC));
	assert_int_equal(res.nbeaten, 3);

	/* Three Active rows on one prefix: User > BGP > Default. */
	check(&rs, "10.60.1.1", "VirtualAppliance", "10.20.240.4",
	    "10.60.0.0/16", &res);
	assert_true(beaten_has(&res, "10.60.0.0/16", AZ_RSRC_GATEWAY,
	    AZ_BEAT_TIE));
	assert_true(beaten_has(&res, "10.60.0.0/16", AZ_RSRC_DEFAULT,
	    AZ_BEAT_TIE));

	/* Only an Invalid row at /16: the /8 system route decides. */
	check(&rs, "10.61.0.9", "None", "", "10.0.0.0/8", &res);
	assert_string_equal(res.route_table_id, "System Route");
	assert_true(beaten_has(&res, "10.61.0.0/16", AZ_RSRC_GATEWAY,
	    AZ_BEAT_INVALID));

	/* Second prefix of a multi-prefix row. */
	check(&rs, "10.70.3.3", "VirtualNetworkGateway", "10.24.146.76",
	    "10.70.0.0/16", &res);
	assert_string_equal(res.winner->prefix_ptr, "/value/9/addressPrefix/1");

	/* VNet system route wins over a more specific BGP route. */
	check(&rs, "10.20.5.9", "VnetLocal", "", "10.20.0.0/16", &res);
	assert_true(beaten_has(&res, "10.20.5.0/24", AZ_RSRC_GATEWAY,
	    AZ_BEAT_SYSTEM_WINS));

	check(&rs, "8.8.8.8", "Internet", "", "0.0.0.0/0", &res);
	assert_int_equal(res.nbeaten, 0);

	/* IPv6 */
	check(&rs, "fd00:50:2::1", "VirtualNetworkGateway", "fd00:20::4",
	    "fd00:50::/32", &res);
	check(&rs, "fd00:50:1::1", "None", "", "fd00:50:1::/48", &res);
	check(&rs, "2001:db8::1", "Internet", "", "::/0", &res);
	az_routes_release(&rs);
}

static void
test_propagation_disabled(void **state)
{
	struct az_routes rs;
	struct az_route_result res;

	(void)state;
	az_routes_init(&rs);
	add(&rs, "effective-nobgp.json");
	build(&rs);
	assert_true(rs.bgp_disabled);
	check(&rs, "10.50.1.1", "None", "", "10.0.0.0/8", &res);
	assert_true(beaten_has(&res, "10.50.0.0/16", AZ_RSRC_GATEWAY,
	    AZ_BEAT_NO_PROPAGATION));
	az_routes_release(&rs);
}

static void
test_route_table_on_top(void **state)
{
	struct az_routes rs;
	struct az_route_result res;

	(void)state;
	az_routes_init(&rs);
	add(&rs, "effective-mixed.json");
	add(&rs, "route-table-fw.json");
	build(&rs);
	/* New UDR from the table beats the /8 system route. */
	check(&rs, "10.51.4.15", "VirtualAppliance", "10.20.250.4",
	    "10.51.0.0/16", &res);
	assert_non_null(res.route_table_id);
	assert_string_equal(az_id_name(res.route_table_id), "rt-test");
	/* The UDR already in the effective table learns its table id and
	 * is not duplicated. */
	check(&rs, "10.50.10.20", "None", "", "10.50.0.0/16", &res);
	assert_non_null(res.route_table_id);
	assert_int_equal(res.nbeaten, 3);
	assert_int_equal(rs.skipped_tags, 1);
	az_routes_release(&rs);
}

static void
test_route_table_alone(void **state)
{
	struct az_routes rs;
	struct az_route_result res;

	(void)state;
	az_routes_init(&rs);
	add(&rs, "route-table-fw.json");
	build(&rs);
	assert_true(rs.synthesized);
	check(&rs, "10.51.4.15", "VirtualAppliance", "10.20.250.4",
	    "10.51.0.0/16", &res);
	check(&rs, "10.52.0.1", "None", "", "10.0.0.0/8", &res);
	check(&rs, "1.1.1.1", "Internet", "", "0.0.0.0/0", &res);
	check(&rs, "2001:db8::1", "None", "", "", &res);	/* no route */
	az_routes_release(&rs);
}

static void
test_bad_input(void **state)
{
	struct az_routes rs;
	struct az_doc *d;
	struct err e;
	char buf[512];

	(void)state;
	az_routes_init(&rs);
	err_clear(&e);
	d = load("effective-bad-prefix.json");
	assert_int_equal(az_routes_add_doc(&rs, d, &e), -1);
	assert_int_equal(e.code, ERR_INPUT);
	err_str(&e, buf, sizeof(buf));
	assert_non_null(strstr(buf, "effective-bad-prefix.json"));
	assert_non_null(strstr(buf, "/value/1/addressPrefix"));
	assert_int_equal(e.unit, 4);	/* line */
	az_doc_free(d);

	/* wrong kind */
	err_clear(&e);
	d = load("nic-fw.json");
	assert_int_equal(az_routes_add_doc(&rs, d, &e), -1);
	assert_non_null(strstr(e.msg, "nic"));
	az_doc_free(d);

	/* lookup before build */
	{
		struct net_addr a;
		struct az_route_result res;

		net_addr_parse("10.0.0.1", &a);
		assert_int_equal(az_routes_lookup(&rs, &a, &res), -1);
	}
	az_routes_release(&rs);

	/* truncation sweep: every prefix of a valid export fails cleanly
	 * or loads, never crashes */
	{
		struct az_doc *full = load("effective-mixed.json");
		size_t n;

		for (n = 0; n < full->len; n += 7) {
			struct az_doc *cut = NULL;

			az_routes_init(&rs);
			err_clear(&e);
			if (az_load_buf("cut", full->text, n, &cut, &e) == 0) {
				if (az_routes_add_doc(&rs, cut, &e) == 0)
					assert_int_equal(az_routes_build(&rs,
					    &e), 0);
				az_doc_free(cut);
			}
			az_routes_release(&rs);
		}
		az_doc_free(full);
	}
}

static void
test_nics(void **state)
{
	struct az_nics ns;
	struct az_doc *d;
	struct net_addr a;
	const struct az_nic *nic;
	unsigned ipi = 9;
	struct err e;

	(void)state;
	az_nics_init(&ns);
	err_clear(&e);
	d = load("nic-fw.json");
	assert_int_equal(az_nics_add_doc(&ns, d, &e), 0);
	az_doc_free(d);
	d = load("nic-noforward.json");
	assert_int_equal(az_nics_add_doc(&ns, d, &e), 0);
	az_doc_free(d);
	net_addr_parse("10.20.240.4", &a);
	nic = az_nics_find(&ns, &a, &ipi);
	assert_non_null(nic);
	assert_string_equal(nic->name, "nic-vm-fw-01");
	assert_true(nic->ip_forwarding);
	assert_int_equal(ipi, 0);
	assert_string_equal(nic->ip_ptr[0],
	    "/ipConfigurations/0/privateIPAddress");
	net_addr_parse("10.20.250.4", &a);
	nic = az_nics_find(&ns, &a, NULL);
	assert_non_null(nic);
	assert_false(nic->ip_forwarding);
	net_addr_parse("10.20.250.5", &a);
	assert_null(az_nics_find(&ns, &a, NULL));
	az_nics_release(&ns);
}

static struct az_doc *
load_arm(const char *name)
{
	char path[512];
	struct az_doc *d = NULL;
	struct err e;

	err_clear(&e);
	snprintf(path, sizeof(path), "%s/tests/data/azure/arm/%s",
	    ERW_SRC_DIR, name);
	assert_int_equal(az_load_file(path, &d, &e), 0);
	return d;
}

/* route-table-fw.json and nic-fw.json in ARM shapes: the same answers
 * as test_route_table_on_top and test_nics, evidence inside properties. */
static void
test_arm_shapes(void **state)
{
	static const char page[] = "{\"value\": [{\"source\": \"Default\", "
	    "\"state\": \"Active\", \"addressPrefix\": [\"0.0.0.0/0\"], "
	    "\"nextHopIpAddress\": [], \"nextHopType\": \"Internet\"}], "
	    "\"nextLink\": \"https://management.azure.com/x?$skiptoken=2\"}";
	static const char bare[] = "{\"type\": \"Microsoft.Network/routeTables\","
	    " \"name\": \"rt\", \"properties\": {\"routeList\": []}}";
	struct az_routes rs;
	struct az_route_result res;
	struct az_nics ns;
	const struct az_nic *nic;
	struct net_addr a;
	struct az_doc *d;
	struct err e;

	(void)state;
	az_routes_init(&rs);
	add(&rs, "effective-mixed.json");
	d = load_arm("route-table-rest.json");
	err_clear(&e);
	assert_int_equal(d->kind, AZ_ROUTE_TABLE);
	assert_int_equal(az_routes_add_doc(&rs, d, &e), 0);
	az_doc_free(d);
	build(&rs);
	check(&rs, "10.51.4.15", "VirtualAppliance", "10.20.250.4",
	    "10.51.0.0/16", &res);
	assert_non_null(res.route_table_id);
	assert_string_equal(az_id_name(res.route_table_id), "rt-test");
	assert_string_equal(res.winner->ptr,
	    "/properties/routes/0/properties");
	check(&rs, "10.50.10.20", "None", "", "10.50.0.0/16", &res);
	assert_int_equal(res.nbeaten, 3);
	/* The service-tag UDR is not read, and says so. */
	assert_int_equal(rs.skipped_tags, 1);
	assert_int_equal(rs.notes.n, 1);
	assert_int_equal(rs.notes.v[0].kind, AZ_NOTE_SKIPPED);
	assert_string_equal(rs.notes.v[0].ptr, "/properties/routes/1");
	assert_non_null(strstr(rs.notes.v[0].msg, "AzureCloud"));
	az_routes_release(&rs);

	/* One page of effective routes. */
	az_routes_init(&rs);
	assert_int_equal(az_load_buf("eff.json", page, strlen(page), &d, &e),
	    0);
	assert_int_equal(az_routes_add_doc(&rs, d, &e), 0);
	az_doc_free(d);
	assert_int_equal(rs.notes.n, 1);
	assert_int_equal(rs.notes.v[0].kind, AZ_NOTE_INCOMPLETE);
	assert_string_equal(rs.notes.v[0].ptr, "/nextLink");
	/* A route table with none of its fields where we look. */
	assert_int_equal(az_load_buf("rt.json", bare, strlen(bare), &d, &e),
	    0);
	assert_int_equal(az_routes_add_doc(&rs, d, &e), -1);
	assert_non_null(strstr(e.msg, "neither routes"));
	az_doc_free(d);
	az_routes_release(&rs);

	/* A NIC as Resource Graph returns it. */
	az_nics_init(&ns);
	d = load_arm("nic-graph.json");
	err_clear(&e);
	assert_int_equal(d->kind, AZ_NIC);
	assert_int_equal(az_nics_add_doc(&ns, d, &e), 0);
	az_doc_free(d);
	net_addr_parse("10.20.240.4", &a);
	nic = az_nics_find(&ns, &a, NULL);
	assert_non_null(nic);
	assert_string_equal(nic->name, "nic-vm-fw-01");
	assert_true(nic->ip_forwarding);
	assert_string_equal(nic->ip_ptr[0], "/data/0/properties/"
	    "ipConfigurations/0/properties/privateIPAddress");
	assert_int_equal(ns.notes.n, 0);
	az_nics_release(&ns);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_propagation_disabled),
		cmocka_unit_test(test_route_table_on_top),
		cmocka_unit_test(test_route_table_alone),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_nics),
		cmocka_unit_test(test_arm_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
