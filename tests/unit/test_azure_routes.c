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

/* ------------------------------------------------------------------ */
/* az_routes_decide() against the rules, on random tables              */
/* ------------------------------------------------------------------ */

static uint64_t rng_state;

static uint32_t
rng(void)
{
	/* xorshift64*: a fixed seed, so a failure repeats */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ull) >> 32);
}

struct rrow {
	struct net_prefix	 p;
	int			 src;	/* 0 Default, 1 gateway, 2 User */
	bool			 invalid;
	const char		*type;
};

static const char *const src_names[] = {
	"Default", "VirtualNetworkGateway", "User"
};

/* A random prefix from a small pool, so that prefixes repeat (groups of
 * several routes) and nest. */
static void
rand_prefix(struct net_prefix *p, bool v6)
{
	static const uint8_t lens4[] = { 0, 8, 12, 16, 20, 24, 28, 32 };
	static const uint8_t lens6[] = { 0, 8, 32, 48, 64, 128 };
	struct net_prefix q;
	char t[NET_PREFIX_STRLEN + 8];
	uint32_t a = 0x0a000000u | (rng() & 0x000f0f0fu);

	if (v6)
		snprintf(t, sizeof(t), "fd00:%x:%x::%x/%u", rng() % 3,
		    rng() % 3, rng() % 3, lens6[rng() % 6]);
	else
		snprintf(t, sizeof(t), "%u.%u.%u.%u/%u", a >> 24,
		    (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff,
		    lens4[rng() % 8]);
	assert_int_equal(net_prefix_parse(t, &q, NULL), 0);
	/* host bits off, as the loader keeps them */
	*p = q;
}

static bool
covers(const struct net_prefix *p, const struct net_addr *a)
{
	unsigned i, bits = p->len;

	if (p->addr.family != a->family)
		return false;
	for (i = 0; bits > 0; i++, bits = bits > 8 ? bits - 8 : 0) {
		uint8_t m = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));

		if ((p->addr.a[i] & m) != (a->a[i] & m))
			return false;
	}
	return true;
}

static int
pref(int src)
{
	return src == 2 ? 3 : src == 1 ? 2 : 1;
}

static bool
usable(const struct rrow *r, bool nobgp)
{
	return !r->invalid && !(r->src == 1 && nobgp);
}

/* The winner of prefix p's routes (file order breaks ties), -1 if none
 * may win. */
static int
prefix_winner(const struct rrow *rows, size_t n, const struct net_prefix *p,
    bool nobgp)
{
	int best = -1;
	size_t i;

	for (i = 0; i < n; i++)
		if (rows[i].p.len == p->len &&
		    net_addr_eq(&rows[i].p.addr, &p->addr) &&
		    usable(&rows[i], nobgp) &&
		    (best < 0 || pref(rows[i].src) > pref(rows[best].src)))
			best = (int)i;
	return best;
}

/* The rules of az_routes.h, straight from the rows: the row that
 * carries traffic to a, -1 when it is dropped. */
static int
oracle(const struct rrow *rows, size_t n, const struct net_addr *a,
    bool nobgp)
{
	int w = -1, len, k;
	size_t i;

	for (len = 128; len >= 0 && w < 0; len--)
		for (i = 0; i < n && w < 0; i++)
			if (rows[i].p.len == len && covers(&rows[i].p, a))
				w = prefix_winner(rows, n, &rows[i].p, nobgp);
	if (w < 0 || rows[w].src != 1)
		return w;
	for (len = rows[w].p.len - 1; len >= 0; len--)
		for (i = 0; i < n; i++) {
			if (rows[i].p.len != len || !covers(&rows[i].p, a))
				continue;
			k = prefix_winner(rows, n, &rows[i].p, nobgp);
			if (k >= 0 && rows[k].src == 0 &&
			    (strcmp(rows[k].type, "VnetLocal") == 0 ||
			    strcmp(rows[k].type, "VNetPeering") == 0))
				return k;
			break;	/* one group per prefix */
		}
	return w;
}

static void
test_decide_random(void **state)
{
	static const char *const def_types[] = {
		"VnetLocal", "Internet", "None", "VNetPeering"
	};
	struct rrow rows[200];
	struct az_route_result *byk;
	bool *seen;
	size_t t;

	(void)state;
	rng_state = 0x9e3779b97f4a7c15ull;
	for (t = 0; t < 60; t++) {
		size_t n = 1 + rng() % 200, i, len = 0, d;
		bool v6 = t % 4 == 3, nobgp = rng() % 5 == 0;
		char *js = malloc(n * 220 + 64), pb[NET_PREFIX_STRLEN];
		struct az_routes rs;
		struct az_doc *doc;
		struct err e;

		assert_non_null(js);
		len += (size_t)sprintf(js + len, "{\"value\": [");
		for (i = 0; i < n; i++) {
			struct rrow *r = &rows[i];

			rand_prefix(&r->p, v6 && rng() % 2 == 0);
			r->src = (int)(rng() % 3);
			r->invalid = rng() % 7 == 0;
			r->type = r->src == 0 ? def_types[rng() % 4] :
			    r->src == 1 ? "VirtualNetworkGateway" : "None";
			len += (size_t)sprintf(js + len, "%s{\"addressPrefix\": "
			    "[\"%s\"], \"nextHopIpAddress\": [], \"nextHopType\": "
			    "\"%s\", \"source\": \"%s\", \"state\": \"%s\", "
			    "\"disableBgpRoutePropagation\": %s}",
			    i ? ", " : "", net_prefix_str(&r->p, pb), r->type,
			    src_names[r->src], r->invalid ? "Invalid" : "Active",
			    nobgp && i == 0 ? "true" : "false");
		}
		len += (size_t)sprintf(js + len, "]}");
		err_clear(&e);
		assert_int_equal(az_load_buf("random.json", js, len, &doc, &e),
		    0);
		az_routes_init(&rs);
		assert_int_equal(az_routes_add_doc(&rs, doc, &e), 0);
		az_doc_free(doc);
		free(js);
		assert_int_equal(rs.n, n);
		build(&rs);
		byk = calloc(rs.ngrp + 1, sizeof(*byk));
		seen = calloc(rs.ngrp + 1, sizeof(*seen));
		assert_non_null(byk);
		assert_non_null(seen);
		for (d = 0; d < 400; d++) {
			struct az_route_result full, fast;
			struct net_prefix dp;
			uint32_t key;
			int w;

			rand_prefix(&dp, v6 && rng() % 2 == 0);
			if (dp.addr.family == NET_AF_INET)
				dp.addr.a[3] ^= (uint8_t)(rng() & 3);
			else
				dp.addr.a[15] ^= (uint8_t)(rng() & 3);
			w = oracle(rows, n, &dp.addr, nobgp);
			assert_int_equal(az_routes_lookup(&rs, &dp.addr, &full),
			    0);
			assert_int_equal(az_routes_decide(&rs, &dp.addr, &fast,
			    &key), 0);
			if (w < 0)
				assert_null(full.winner);
			else
				assert_ptr_equal(full.winner, &rs.v[w]);
			assert_ptr_equal(fast.winner, full.winner);
			assert_string_equal(fast.next_hop_type,
			    full.next_hop_type);
			assert_memory_equal(&fast.next_hop, &full.next_hop,
			    sizeof(full.next_hop));
			assert_ptr_equal(fast.route_table_id,
			    full.route_table_id);
			assert_int_equal(fast.nbeaten, 0);
			assert_true(key <= rs.ngrp);
			/* one key, one full result */
			if (!seen[key]) {
				seen[key] = true;
				byk[key] = full;
				continue;
			}
			assert_ptr_equal(byk[key].winner, full.winner);
			assert_int_equal(byk[key].nbeaten_total,
			    full.nbeaten_total);
			assert_int_equal(byk[key].nbeaten, full.nbeaten);
			assert_memory_equal(byk[key].beaten, full.beaten,
			    full.nbeaten * sizeof(full.beaten[0]));
		}
		free(byk);
		free(seen);
		az_routes_release(&rs);
	}
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
		cmocka_unit_test(test_decide_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
