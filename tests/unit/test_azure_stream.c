/*
 * Unit tests for az_stream.c: an effective-route export read row by row
 * (az_load_buf_rows) must give exactly the route table a whole-document
 * load (az_load_buf) gives, and exactly the same error (message, file,
 * line, column, offset) on every bad input: each cut of a valid export,
 * bad rows in the middle, syntax errors after a bad row, and the escapes,
 * encodings, numbers and shapes where yajl and jansson could differ.
 * Route rows are read from yajl's events without a jansson value
 * (az_rowcur_next_route()); the rows that path must hand back to the
 * getters (declined) are checked to be, and to load the same.
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
#include "azure/az_int.h"
#include "util/util.h"

/* An az-style effective-route export of n rows: BGP routes with two next
 * hops, a UDR with a name every 7th row, an IPv6 one every 11th. */
static char *
gen_export(size_t n, size_t *len)
{
	struct sb b;
	size_t i;

	sb_init(&b);
	sb_addf(&b, "{\n  \"value\": [\n");
	for (i = 0; i < n; i++) {
		sb_addf(&b, "%s    {\n      \"addressPrefix\": [\n", i ? ",\n" :
		    "");
		if (i % 11 == 3)
			sb_addf(&b, "        \"2001:db8:%zx::/48\"\n", i);
		else
			sb_addf(&b, "        \"10.%zu.%zu.0/24\"\n", i / 256 % 256,
			    i % 256);
		sb_addf(&b, "      ],\n      \"disableBgpRoutePropagation\": "
		    "false,\n");
		if (i % 7 == 0)
			sb_addf(&b, "      \"name\": \"udr-%zu\",\n      "
			    "\"nextHopIpAddress\": [\n        \"10.20.0.4\"\n"
			    "      ],\n      \"nextHopType\": "
			    "\"VirtualAppliance\",\n      \"source\": \"User\","
			    "\n      \"state\": \"Active\"\n    }", i);
		else
			sb_addf(&b, "      \"nextHopIpAddress\": [\n        "
			    "\"10.24.146.76\",\n        \"10.24.146.77\"\n      ],"
			    "\n      \"nextHopType\": \"VirtualNetworkGateway\","
			    "\n      \"source\": \"VirtualNetworkGateway\",\n"
			    "      \"state\": \"%s\"\n    }", i % 5 == 1 ?
			    "Invalid" : "Active");
	}
	sb_addf(&b, "\n  ]\n}\n");
	assert_false(b.failed);
	*len = b.len;
	return sb_take(&b);
}

struct outcome {
	int		 rc;
	struct err	 e;
	struct az_routes rs;
	bool		 lazy;
};

static void
run(struct outcome *o, const char *text, size_t len, bool rows)
{
	struct az_doc *d = NULL;

	memset(o, 0, sizeof(*o));
	err_clear(&o->e);
	az_routes_init(&o->rs);
	o->rc = rows ? az_load_buf_rows("x.json", text, len, &d, &o->e) :
	    az_load_buf("x.json", text, len, &d, &o->e);
	if (o->rc == 0) {
		o->lazy = d->lazy;
		o->rc = az_routes_add_doc(&o->rs, d, &o->e);
		az_doc_free(d);
	}
}

static void
same_route(const struct az_route *a, const struct az_route *b)
{
	assert_int_equal(a->prefix.len, b->prefix.len);
	assert_true(net_addr_eq(&a->prefix.addr, &b->prefix.addr));
	assert_int_equal(a->source, b->source);
	assert_int_equal(a->invalid, b->invalid);
	assert_int_equal(a->disable_bgp, b->disable_bgp);
	assert_int_equal(a->next_hop.family, b->next_hop.family);
	if (a->next_hop.family != 0)
		assert_true(net_addr_eq(&a->next_hop, &b->next_hop));
	assert_string_equal(a->next_hop_type, b->next_hop_type);
	assert_string_equal(a->name, b->name);
	assert_string_equal(a->table_id, b->table_id);
	assert_string_equal(a->input, b->input);
	assert_string_equal(a->ptr, b->ptr);
	assert_string_equal(a->prefix_ptr, b->prefix_ptr);
}

/* Both loads of text agree; returns whether the row-by-row one streamed. */
static bool
agree(const char *text, size_t len)
{
	struct outcome w, r;
	bool lazy;
	size_t i;

	run(&w, text, len, false);
	run(&r, text, len, true);
	if (w.rc != r.rc || strcmp(w.e.msg, r.e.msg) != 0)
		fail_msg("whole: %d '%s', rows: %d '%s' (text of %zu bytes)",
		    w.rc, w.e.msg, r.rc, r.e.msg, len);
	assert_int_equal(w.e.code, r.e.code);
	assert_string_equal(w.e.input, r.e.input);
	assert_int_equal(w.e.unit, r.e.unit);
	assert_int_equal(w.e.col, r.e.col);
	assert_int_equal(w.e.offset, r.e.offset);
	if (w.rc == 0) {
		assert_int_equal(w.rs.n, r.rs.n);
		assert_int_equal(w.rs.bgp_disabled, r.rs.bgp_disabled);
		for (i = 0; i < w.rs.n; i++)
			same_route(&w.rs.v[i], &r.rs.v[i]);
	}
	lazy = r.lazy;
	az_routes_release(&w.rs);
	az_routes_release(&r.rs);
	return lazy;
}

static void
test_same_table(void **state)
{
	size_t len;
	char *t;

	(void)state;
	/* 3,000 rows: about a megabyte, several of yajl's chunks, rows cut
	 * across chunk boundaries. */
	t = gen_export(3000, &len);
	assert_true(len > 3 * 256 * 1024);
	assert_true(agree(t, len));
	free(t);
	t = gen_export(1, &len);
	assert_true(agree(t, len));
	free(t);
	/* The bare-array shape (PowerShell rows) streams too. */
	{
		const char *a = "[{\"addressPrefix\":[\"10.1.0.0/16\"],"
		    "\"nextHopType\":\"VnetLocal\",\"source\":\"Default\","
		    "\"nextHopIpAddress\":[]}, {\"addressPrefix\":"
		    "\"10.2.0.0/16\",\"nextHopType\":\"None\",\"source\":"
		    "\"User\",\"name\":\"x\"}]";

		assert_true(agree(a, strlen(a)));
	}
	/* Shapes read whole: an envelope with more members, an empty list,
	 * a single PowerShell row. */
	{
		const char *other[] = {
			"{\"value\":[{\"addressPrefix\":[\"10.1.0.0/16\"],"
			"\"nextHopType\":\"VnetLocal\",\"source\":\"Default\"}"
			"],\"nextLink\":null}",
			"{\"value\":[{\"addressPrefix\":[\"10.1.0.0/16\"],"
			"\"nextHopType\":\"VnetLocal\",\"source\":\"Default\"}"
			"],\"value\":[{\"addressPrefix\":[\"10.9.0.0/16\"],"
			"\"nextHopType\":\"None\",\"source\":\"Default\"}]}",
			"{\"value\": []}", "[]",
			/* one string cut over two lines, not two elements */
			("{\"addressPrefix\":[\"10.1.0.0/16\"],\"nextHopType\":"
			"\"VnetLocal\",\"source\":\"Default\"}"),
		};
		size_t i;

		for (i = 0; i < sizeof(other) / sizeof(other[0]); i++)
			assert_false(agree(other[i], strlen(other[i])));
	}
}

/* Every cut of a valid export: the same error (or the same table). */
static void
test_truncation_sweep(void **state)
{
	size_t len, n;
	char *t, *cut;

	(void)state;
	t = gen_export(12, &len);
	for (n = 0; n < len; n++) {
		cut = malloc(n + 1);
		assert_non_null(cut);
		memcpy(cut, t, n);
		agree(cut, n);
		free(cut);
	}
	free(t);
}

/* Replace the first occurrence of from in text with to (new string). */
static char *
subst(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	size_t a, nl;
	char *out;

	assert_non_null(p);
	a = (size_t)(p - text);
	nl = strlen(text) - strlen(from) + strlen(to);
	out = malloc(nl + 1);
	assert_non_null(out);
	memcpy(out, text, a);
	memcpy(out + a, to, strlen(to));
	strcpy(out + a + strlen(to), p + strlen(from));
	return out;
}

static void
test_bad_rows(void **state)
{
	static const char *const cases[][2] = {
		/* semantic errors in the middle */
		{ "\"10.0.40.0/24\"", "\"10.0.40.0/33\"" },
		{ "\"10.0.40.0/24\"", "5" },
		{ "\"nextHopType\": \"VirtualNetworkGateway\",\n      \"source"
		  "\": \"VirtualNetworkGateway\",\n      \"state\": \"Active\""
		  "\n    },\n    {\n      \"addressPrefix\": [\n        \"10"
		  ".0.40.0", "\"nextHopType\": 7,\n      \"source\": \"Virtual"
		  "NetworkGateway\",\n      \"state\": \"Active\"\n    },\n   "
		  " {\n      \"addressPrefix\": [\n        \"10.0.40.0" },
		{ "\"10.24.146.76\",", "\"not-an-ip\"," },
		/* a row that is not an object */
		{ "    {\n      \"addressPrefix\": [\n        \"10.0.40.0/24\"",
		  "    \"row\", {\n      \"addressPrefix\": [\n        \"10.0."
		  "40.0/24\"" },
		/* syntax errors */
		{ "\"10.0.40.0/24\"\n", "\"10.0.40.0/24\",\n" },
		{ "\"state\": \"Active\"\n    },", "\"state\": \"Active\"\n   "
		  " }" },
		{ "\"10.0.40.0/24\"", "\"10.0.40.0/24" },
		{ "false,", "fals," },
		/* where yajl and jansson might read differently */
		{ "\"10.0.40.0/24\"", "\"10.0.40.0/24\\u0000\"" },
		{ "\"10.0.40.0/24\"", "\"10.0.40.0/24\\ud800\"" },
		{ "\"10.0.40.0/24\"", "\"10.0.40.0/24\\ud800\\u0041\"" },
		{ "\"10.0.40.0/24\"", "\"10.0.40.0/24\\udc00\"" },
		{ "\"10.0.40.0/24\"", "\"10.0.40.0/24\xc0\xaf\"" },
		{ "\"10.0.40.0/24\"", "\"10.0.40.0/24\xed\xa0\x80\"" },
		{ "\"10.0.40.0/24\"", "\"10.0.40.0/24\xff\"" },
		{ "false,", "1e999," },
		{ "false,", "123456789012345678901234567890," },
		{ "false,", "-0.5e-3," },
		{ "false,", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
		  "[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
		  "]]]]]]]]]]]]]]]]]]]]]]]]]]," },
		{ "\"source\": \"User\"", "\"source\": \"User\", \"source\": "
		  "\"Default\"" },
		{ "\"name\": \"udr-42\"", "\"name\": \"udr-\\u00e9\\t42\"" },
		{ "\"name\": \"udr-42\"", "\"Name\": \"udr-42\"" },
		/* rows the event path declines or must not misread */
		{ "\"source\": \"User\"", "\"source\": null" },
		{ "\"source\": \"User\"", "\"source\": [\"User\"]" },
		{ "\"source\": \"User\"", "\"source\": \"User\", \"properties"
		  "\": {\"source\": \"Default\"}" },
		{ "\"name\": \"udr-42\"", "\"properties\": {\"name\": \"p-42\"}" },
		{ "\"disableBgpRoutePropagation\": false", "\"disableBgpRoute"
		  "Propagation\": \"True\"" },
		{ "\"disableBgpRoutePropagation\": false", "\"disableBgpRoute"
		  "Propagation\": true" },
		{ "\"disableBgpRoutePropagation\": false", "\"disableBgpRoute"
		  "Propagation\": 1" },
		{ "\"10.0.40.0/24\"", "[\"10.0.40.0/24\"]" },
		{ "\"10.0.40.0/24\"", "{\"p\": \"10.0.40.0/24\"}" },
		{ "\"10.0.40.0/24\"", "null" },
		{ "\"10.0.40.0/24\"\n", "\"10.0.40.0/24\", \"10.0.41.0/24\", "
		  "\"10.0.42.0/24\", \"10.0.43.0/24\", \"10.0.44.0/24\", "
		  "\"10.0.45.0/24\", \"10.0.46.0/24\", \"10.0.47.0/24\", "
		  "\"10.0.48.0/24\", \"10.0.49.0/24\", \"10.0.49.0/33\"\n" },
		{ "\"addressPrefix\": [\n        \"10.0.40.0/24\"\n      ],",
		  "\"nextHopType\": \"None\"," },
		{ "\"addressPrefix\": [\n        \"10.0.40.0/24\"\n      ],",
		  "\"addressPrefix\": \"10.0.40.0/24\", \"AddressPrefix\": "
		  "\"10.0.41.0/24\"," },
		{ "\"addressPrefix\": [\n        \"10.0.40.0/24\"\n      ],",
		  "\"addressPrefix\": [],"},
		{ "\"nextHopType\": \"VirtualNetworkGateway\",\n      \"source"
		  "\": \"VirtualNetworkGateway\",\n      \"state\": \"Active\""
		  "\n    },\n    {\n      \"addressPrefix\": [\n        \"10"
		  ".0.40.0", "\"source\": \"VirtualNetworkGateway\",\n      "
		  "\"state\": \"Active\"\n    },\n    {\n      \"addressPrefix"
		  "\": [\n        \"10.0.40.0" },
		{ "\"10.24.146.76\",", "\"\"," },
		{ "\"10.24.146.76\",", "7," },
		{ "\"10.24.146.76\",", "\"10.24.146.7\\u0036\"," },
		{ "\"name\": \"udr-42\"", "\"name\": \"udr-42\", \"tags\": {"
		  "\"a\": [1, 2.5, {\"b\": null}], \"\xc3\xa9\": true}" },
		{ "\"name\": \"udr-42\"", "\"name\": \"udr-42\", \"x\": 1e999" },
		{ "\"name\": \"udr-42\"", "\"name\": \"udr-42\", \"\xc0\xaf"
		  "\": 1" },
		{ "\"name\": \"udr-42\"", "\"name\": \"\xe2\x82\xac-42\"" },
		{ "\n}\n", "\n}\n{}" },
		{ "\n}\n", "\n" },
	};
	size_t len, i;
	char *t, *bad;

	(void)state;
	t = gen_export(60, &len);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bad = subst(t, cases[i][0], cases[i][1]);
		agree(bad, strlen(bad));
		free(bad);
	}
	/* A bad row early and a syntax error far later: the syntax error
	 * comes first, as when the whole document is parsed first. */
	{
		char *b1 = subst(t, "\"10.0.5.0/24\"", "\"10.0.5.0/99\"");
		struct outcome r;

		bad = subst(b1, "\"10.0.50.0/24\"", "\"10.0.50.0/24\" ]]");
		agree(bad, strlen(bad));
		run(&r, bad, strlen(bad), true);
		assert_int_equal(r.rc, -1);
		assert_non_null(strstr(r.e.msg, "invalid JSON"));
		az_routes_release(&r.rs);
		free(bad);
		free(b1);
	}
	free(t);
}

/* Plain rows come out of the events; the odd ones are declined. */
static void
test_route_rows(void **state)
{
	static const struct {
		const char	*row;
		bool		 declined;
	} cases[] = {
		{ "{\"addressPrefix\":[\"10.1.0.0/16\",\"10.2.0.0/16\"],"
		  "\"nextHopType\":\"VirtualAppliance\",\"source\":\"User\","
		  "\"state\":\"Active\",\"name\":\"n\",\"nextHopIpAddress\":"
		  "[\"10.9.0.4\",\"10.9.0.5\"],\"disableBgpRoutePropagation\":"
		  "true,\"other\":{\"x\":[1,{}]}}", false },
		{ "{\"addressPrefix\":\"10.1.0.0/16\",\"nextHopType\":\"None\","
		  "\"nextHopIpAddress\":\"\"}", false },
		{ "{\"addressPrefix\":\"10.1.0.0/16\",\"nextHopType\":null}",
		  true },
		{ "{\"addressPrefix\":\"10.1.0.0/16\",\"NextHopType\":\"None\"}",
		  true },
		{ "{\"properties\":{\"addressPrefix\":\"10.1.0.0/16\"}}", true },
		{ "{\"addressPrefix\":[[\"10.1.0.0/16\"]]}", true },
		{ "{\"name\":\"a\",\"name\":\"b\"}", true },
		{ "{\"disableBgpRoutePropagation\":\"false\"}", true },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct az_route_row r;
		struct az_rowcur c;
		struct az_node n;
		struct az_doc *d;
		struct err e;
		char *text;
		size_t len;

		err_clear(&e);
		len = strlen(cases[i].row) + 16;
		text = malloc(len);
		assert_non_null(text);
		snprintf(text, len, "{\"value\":[%s]}", cases[i].row);
		assert_int_equal(az_load_buf_rows("r.json", text, strlen(text),
		    &d, &e), 0);
		assert_true(d->lazy);
		assert_int_equal(az_rowcur_open_routes(&c, d, &e), 0);
		assert_int_equal(az_rowcur_next_route(&c, &r, &n, &e), 0);
		assert_null(n.v);
		assert_string_equal(n.ptr, "/value/0");
		if (r.declined != cases[i].declined)
			fail_msg("row %zu: declined %d", i, r.declined);
		if (i == 0) {
			assert_string_equal(r.next_hop_type,
			    "VirtualAppliance");
			assert_string_equal(r.source, "User");
			assert_string_equal(r.name, "n");
			assert_string_equal(r.first_ip, "10.9.0.4");
			assert_int_equal(r.disable_bgp, 1);
			assert_int_equal(r.nprefix, 2);
			assert_string_equal(az_route_row_prefix(&c, &r, 1),
			    "10.2.0.0/16");
		}
		/* the row as a value, for the getters */
		assert_int_equal(az_rowcur_row_value(&c, &n, &e), 0);
		assert_true(json_is_object(n.v));
		assert_int_equal(az_rowcur_next_route(&c, &r, &n, &e),
		    AZ_ABSENT);
		assert_int_equal(az_rowcur_close(&c, &e), 0);
		az_doc_free(d);
		free(text);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_table),
		cmocka_unit_test(test_truncation_sweep),
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_route_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
