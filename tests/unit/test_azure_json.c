/*
 * Unit tests for the Azure export loader (src/azure/az_json.c, az_doc.c):
 * encodings (UTF-8 BOM, UTF-16LE/BE, CRLF), empty files, syntax errors
 * with line:column, located errors for missing fields and wrong types,
 * the JSON pointer locator, case-insensitive getters, rows of every
 * wrapping, kind detection on the hand-written fixtures in
 * tests/data/azure/common and on every file of the shared corpus, and a
 * truncation sweep over the fixtures.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "azure/azure.h"

static const char *
src_dir(void)
{
	const char *s = getenv("ERW_SRC_DIR");

	return s != NULL ? s : ERW_SRC_DIR;
}

static char *
fixture(const char *name)
{
	static char path[1024];

	snprintf(path, sizeof(path), "%s/tests/data/azure/common/%s",
	    src_dir(), name);
	return path;
}

static struct az_doc *
load_ok(const char *name)
{
	struct az_doc *doc = NULL;
	struct err e;
	char buf[512];

	err_clear(&e);
	if (az_load_file(fixture(name), &doc, &e) == -1)
		fail_msg("%s: %s", name, err_str(&e, buf, sizeof(buf)));
	return doc;
}

static struct az_doc *
load_text(const char *text)
{
	struct az_doc *doc = NULL;
	struct err e;

	err_clear(&e);
	assert_int_equal(az_load_buf("t.json", text, strlen(text), &doc, &e),
	    0);
	return doc;
}

/* ------------------------------------------------------------------ */

static void
check_arp_rows(const struct az_doc *doc, size_t want)
{
	struct az_rows rows;
	struct az_node row;
	const char *ip;
	int64_t age;
	struct err e;

	err_clear(&e);
	assert_int_equal(doc->kind, AZ_ARP_TABLE);
	az_rows(doc, &rows);
	assert_int_equal(rows.n, want);
	assert_int_equal(az_row(&rows, 0, &row), 0);
	/* az writes ipAddress, PowerShell IpAddress: one getter for both. */
	assert_int_equal(az_req_str(&row, "ipAddress", &ip, &e), 0);
	assert_string_equal(ip, "172.31.8.1");
	assert_int_equal(az_req_int(&row, "age", &age, &e), 0);
	assert_int_equal(age, 12);
	assert_int_equal(az_row(&rows, want, &row), AZ_ABSENT);
}

static void
test_utf8_bom(void **state)
{
	struct az_doc *doc = load_ok("arp-utf8-bom.json");

	(void)state;
	assert_int_equal(doc->enc, AZ_ENC_UTF8_BOM);
	assert_int_equal(doc->text[0], '{');
	check_arp_rows(doc, 2);
	az_doc_free(doc);
}

static void
test_utf16le_ps51(void **state)
{
	struct az_doc *doc = load_ok("ps51-arp-utf16le.json");
	struct az_rows rows;
	struct az_node row;
	const char *s;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(doc->enc, AZ_ENC_UTF16LE);
	check_arp_rows(doc, 2);
	az_rows(doc, &rows);
	az_row(&rows, 1, &row);
	assert_int_equal(az_req_str(&row, "InterfaceProperty", &s, &e), 0);
	assert_string_equal(s, "Microsoft");
	/* CRLF survives conversion; lines still count. */
	assert_non_null(strstr(doc->text, "\r\n"));
	az_doc_free(doc);
}

static void
test_utf16be(void **state)
{
	struct az_doc *doc = load_ok("arp-utf16be.json");

	(void)state;
	assert_int_equal(doc->enc, AZ_ENC_UTF16BE);
	check_arp_rows(doc, 2);
	az_doc_free(doc);
}

static void
test_utf16_without_bom_and_surrogates(void **state)
{
	/* "{"a":"<U+1F600>"}" in UTF-16LE without BOM. */
	static const unsigned char le[] = {
		'{', 0, '"', 0, 'a', 0, '"', 0, ':', 0, '"', 0,
		0x3d, 0xd8, 0x00, 0xde, '"', 0, '}', 0
	};
	static const unsigned char lone[] = { '"', 0, 0x00, 0xdc, '"', 0 };
	static const unsigned char odd[] = { 0xff, 0xfe, '[', 0, ']' };
	struct az_doc *doc;
	struct az_node root;
	const char *s;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(az_load_buf("le", le, sizeof(le), &doc, &e), 0);
	assert_int_equal(doc->enc, AZ_ENC_UTF16LE);
	az_root(doc, &root);
	assert_int_equal(az_req_str(&root, "a", &s, &e), 0);
	assert_string_equal(s, "\xf0\x9f\x98\x80");
	az_doc_free(doc);
	assert_int_equal(az_load_buf("lone", lone, sizeof(lone), &doc, &e),
	    -1);
	assert_int_equal(e.code, ERR_INPUT);
	assert_non_null(strstr(e.msg, "surrogate"));
	err_clear(&e);
	assert_int_equal(az_load_buf("odd", odd, sizeof(odd), &doc, &e), -1);
	assert_non_null(strstr(e.msg, "odd number"));
}

static void
test_crlf(void **state)
{
	struct az_doc *doc = load_ok("arp-crlf.json");
	struct az_rows rows;
	struct az_node row;
	int64_t v;
	struct err e;

	(void)state;
	err_clear(&e);
	check_arp_rows(doc, 2);
	az_rows(doc, &rows);
	az_row(&rows, 0, &row);
	/* Wrong type is located on the right line despite CR bytes. */
	assert_int_equal(az_get_int(&row, "macAddress", &v, &e), -1);
	assert_int_equal(e.unit, 7);
	az_doc_free(doc);
}

static void
test_empty_files(void **state)
{
	static const char *const names[] = { "empty.json", "whitespace.json" };
	struct az_doc *doc;
	struct az_rows rows;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		doc = load_ok(names[i]);
		assert_int_equal(doc->kind, AZ_EMPTY);
		assert_null(doc->root);
		az_rows(doc, &rows);
		assert_int_equal(rows.n, 0);
		az_doc_free(doc);
	}
	doc = load_ok("value-empty.json");
	assert_int_equal(doc->kind, AZ_EMPTY_LIST);
	az_doc_free(doc);
	doc = load_ok("array-empty.json");
	assert_int_equal(doc->kind, AZ_EMPTY_LIST);
	az_doc_free(doc);
}

static void
test_syntax_error_position(void **state)
{
	struct az_doc *doc = NULL;
	struct err e;
	char buf[512];

	(void)state;
	err_clear(&e);
	assert_int_equal(az_load_file(fixture("syntax-error.json"), &doc, &e),
	    -1);
	assert_null(doc);
	assert_int_equal(e.code, ERR_INPUT);
	assert_string_equal(e.input, fixture("syntax-error.json"));
	/* The '}' after a stray ',' on line 3, column 32. */
	assert_int_equal(e.unit, 3);
	assert_int_equal(e.col, 32);
	assert_non_null(strstr(err_str(&e, buf, sizeof(buf)),
	    "syntax-error.json:3:"));
}

static void
test_io_errors(void **state)
{
	struct az_doc *doc = NULL;
	struct err e;
	char path[1100];

	(void)state;
	err_clear(&e);
	assert_int_equal(az_load_file(fixture("no-such-file.json"), &doc, &e),
	    -1);
	assert_int_equal(e.code, ERR_IO);
	assert_non_null(strstr(e.msg, "no-such-file.json"));
	err_clear(&e);
	snprintf(path, sizeof(path), "%s/tests/data/azure/common", src_dir());
	assert_int_equal(az_load_file(path, &doc, &e), -1);
	assert_int_equal(e.code, ERR_INPUT);
}

static void
test_depth_limit(void **state)
{
	struct az_doc *doc = NULL;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(az_load_file(fixture("deep.json"), &doc, &e), -1);
	assert_int_equal(e.code, ERR_INPUT);
	assert_non_null(strstr(e.msg, "nested"));
	assert_int_equal(e.unit, 1);
	assert_int_equal(e.col, LIMIT_JSON_DEPTH + 1);
	/* Brackets inside strings do not count. */
	{
		char text[400];
		int i, n = 0;

		n += snprintf(text + n, sizeof(text) - (size_t)n, "{\"a\": \"");
		for (i = 0; i < 100; i++)
			text[n++] = '[';
		n += snprintf(text + n, sizeof(text) - (size_t)n, "\"}");
		doc = load_text(text);
		assert_int_equal(doc->kind, AZ_UNKNOWN);
		az_doc_free(doc);
	}
}

static void
test_missing_field_located(void **state)
{
	struct az_doc *doc = load_ok("az-arp.json");
	struct az_rows rows;
	struct az_node row;
	const char *s;
	struct err e;

	(void)state;
	err_clear(&e);
	az_rows(doc, &rows);
	az_row(&rows, 1, &row);
	assert_string_equal(row.ptr, "/value/1");
	assert_int_equal(az_req_str(&row, "nextHopType", &s, &e), -1);
	assert_int_equal(e.code, ERR_INPUT);
	assert_non_null(strstr(e.msg, "missing field 'nextHopType'"));
	assert_non_null(strstr(e.msg, "/value/1/nextHopType"));
	assert_string_equal(e.input, fixture("az-arp.json"));
	/* Located at the row object: line 9, column 5. */
	assert_int_equal(e.unit, 9);
	assert_int_equal(e.col, 5);
	/* The optional getter says absent and sets nothing. */
	err_clear(&e);
	assert_int_equal(az_get_str(&row, "nextHopType", &s, &e), AZ_ABSENT);
	assert_false(err_isset(&e));
	az_doc_free(doc);
}

static void
test_wrong_type_located(void **state)
{
	struct az_doc *doc = load_ok("az-arp.json");
	struct az_rows rows;
	struct az_node row, sub;
	const char *s;
	bool b;
	struct err e;

	(void)state;
	az_rows(doc, &rows);
	az_row(&rows, 0, &row);
	err_clear(&e);
	assert_int_equal(az_req_str(&row, "age", &s, &e), -1);
	assert_non_null(strstr(e.msg, "/value/0/age"));
	assert_non_null(strstr(e.msg, "an integer, expected a string"));
	assert_int_equal(e.unit, 4);
	assert_int_equal(e.col, 14);
	err_clear(&e);
	assert_int_equal(az_get_bool(&row, "interface", &b, &e), -1);
	assert_int_equal(e.unit, 5);
	err_clear(&e);
	assert_int_equal(az_get_array(&row, "ipAddress", &sub, &e), -1);
	err_clear(&e);
	assert_int_equal(az_req_object(&row, "macAddress", &sub, &e), -1);
	assert_int_equal(e.unit, 7);
	/* First error wins: a later one does not overwrite the position. */
	assert_int_equal(az_req_str(&row, "age", &s, &e), -1);
	assert_int_equal(e.unit, 7);
	az_doc_free(doc);
}

static void
test_numbers_and_bools(void **state)
{
	struct az_doc *doc = load_text("{\"a\": \"100\", \"b\": \"\", "
	    "\"c\": \"Idle\", \"d\": -7, \"e\": 3.0, \"f\": 3.5, "
	    "\"g\": \"True\", \"h\": false, \"i\": null, \"j\": \"+12\"}");
	struct az_node root;
	int64_t v = 0;
	bool b;
	struct err e;

	(void)state;
	az_root(doc, &root);
	err_clear(&e);
	assert_int_equal(az_get_int(&root, "a", &v, &e), 0);
	assert_int_equal(v, 100);
	assert_int_equal(az_get_int(&root, "b", &v, &e), AZ_ABSENT);
	assert_int_equal(az_get_int(&root, "d", &v, &e), 0);
	assert_int_equal(v, -7);
	assert_int_equal(az_get_int(&root, "e", &v, &e), 0);
	assert_int_equal(v, 3);
	assert_int_equal(az_get_int(&root, "j", &v, &e), 0);
	assert_int_equal(v, 12);
	assert_int_equal(az_get_bool(&root, "g", &b, &e), 0);
	assert_true(b);
	assert_int_equal(az_get_bool(&root, "h", &b, &e), 0);
	assert_false(b);
	/* null is absent, also for the required form's message. */
	assert_int_equal(az_get_int(&root, "i", &v, &e), AZ_ABSENT);
	assert_false(err_isset(&e));
	assert_int_equal(az_req_int(&root, "i", &v, &e), -1);
	assert_non_null(strstr(e.msg, "missing field 'i'"));
	err_clear(&e);
	assert_int_equal(az_get_int(&root, "c", &v, &e), -1);
	assert_non_null(strstr(e.msg, "not a number"));
	err_clear(&e);
	assert_int_equal(az_get_int(&root, "f", &v, &e), -1);
	az_doc_free(doc);
}

static void
test_case_insensitive_keys(void **state)
{
	/* Exact spelling wins over a case-insensitive match. */
	struct az_doc *doc = load_text("{\"LocPrf\": \"5\", \"locprf\": \"6\", "
	    "\"StatePfxRcd\": \"3\"}");
	struct az_node root, c;
	int64_t v;
	struct err e;

	(void)state;
	err_clear(&e);
	az_root(doc, &root);
	assert_int_equal(az_get_int(&root, "locprf", &v, &e), 0);
	assert_int_equal(v, 6);
	assert_int_equal(az_get_int(&root, "LocPrf", &v, &e), 0);
	assert_int_equal(v, 5);
	assert_int_equal(az_get_int(&root, "statePfxRcd", &v, &e), 0);
	assert_int_equal(v, 3);
	assert_int_equal(az_child(&root, "STATEPFXRCD", &c), 0);
	assert_string_equal(c.ptr, "/StatePfxRcd");
	az_doc_free(doc);
}

static void
test_locator(void **state)
{
	struct az_doc *doc = load_text("{\n \"a/b\": {\"x~y\": [10,\n  20, "
	    "{\"z\": \"\\\"]}\"}]},\n \"k\\u0041\": [[1], [2, 3]]\n}");
	uint64_t line, col, off;

	(void)state;
	assert_int_equal(az_locate(doc, "/a~1b/x~0y/2/z", &line, &col, &off),
	    0);
	assert_int_equal(line, 3);
	assert_int_equal(col, 13);
	assert_int_equal(doc->text[off], '"');
	assert_int_equal(az_locate(doc, "/a~1b/x~0y/1", &line, &col, &off), 0);
	assert_int_equal(line, 3);
	assert_int_equal(col, 3);
	/* Escaped key spelled decoded in the pointer. */
	assert_int_equal(az_locate(doc, "/kA/1/1", &line, &col, &off), 0);
	assert_int_equal(line, 4);
	assert_int_equal(doc->text[off], '3');
	/* Missing member or index: the deepest existing value, rc 1. */
	assert_int_equal(az_locate(doc, "/kA/5", &line, &col, &off), 1);
	assert_int_equal(doc->text[off], '[');
	assert_int_equal(az_locate(doc, "/nope/1", &line, &col, &off), 1);
	assert_int_equal(off, 0);
	assert_int_equal(az_locate(doc, "", &line, &col, &off), 0);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	az_doc_free(doc);
	doc = load_ok("empty.json");
	assert_int_equal(az_locate(doc, "/a", &line, &col, &off), -1);
	az_doc_free(doc);
}

static void
test_fail_helper(void **state)
{
	struct az_doc *doc = load_ok("az-er-routes.json");
	struct az_rows rows;
	struct az_node row;
	struct err e;

	(void)state;
	az_rows(doc, &rows);
	az_row(&rows, 1, &row);
	err_clear(&e);
	assert_int_equal(az_fail(&row, "network", &e, "bad prefix '%s'", "x"),
	    -1);
	assert_non_null(strstr(e.msg, "bad prefix 'x' at /value/1/network"));
	assert_int_equal(e.unit, 12);
	az_doc_free(doc);
}

static void
test_rows_wrappings(void **state)
{
	static const struct {
		const char	*name;
		size_t		 n;
		bool		 single;
	} t[] = {
		{ "az-arp.json", 2, false },
		{ "ps7-arp-array.json", 2, false },
		{ "ps7-arp-single.json", 1, true },
		{ "value-empty.json", 0, false },
		{ "empty.json", 0, false },
		{ "ps7-er-routes-single.json", 1, true },
	};
	struct az_doc *doc;
	struct az_rows rows;
	struct az_node row;
	const char *s;
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		doc = load_ok(t[i].name);
		az_rows(doc, &rows);
		assert_int_equal(rows.n, t[i].n);
		assert_int_equal(rows.single, t[i].single);
		if (t[i].n > 0) {
			err_clear(&e);
			assert_int_equal(az_row(&rows, 0, &row), 0);
			assert_true(json_is_object(row.v));
			if (t[i].single)
				assert_string_equal(row.ptr, "");
			assert_true(
			    az_get_str(&row, "ipAddress", &s, &e) == 0 ||
			    az_get_str(&row, "network", &s, &e) == 0);
		}
		az_doc_free(doc);
	}
}

static void
test_ids(void **state)
{
	(void)state;
	assert_true(az_id_eq("/subscriptions/S/resourceGroups/RG-NET/x",
	    "/subscriptions/s/resourcegroups/rg-net/X"));
	assert_false(az_id_eq("/a/b", "/a/c"));
	assert_false(az_id_eq(NULL, "/a"));
	assert_string_equal(az_id_name("/subscriptions/s/providers/"
	    "Microsoft.Network/networkSecurityGroups/nsg-a"), "nsg-a");
	assert_string_equal(az_id_name("plain"), "plain");
}

/* ------------------------------------------------------------------ */
/* Kind detection                                                      */
/* ------------------------------------------------------------------ */

static void
test_kinds_fixtures(void **state)
{
	static const struct {
		const char	*name;
		enum az_kind	 kind;
	} t[] = {
		{ "az-arp.json", AZ_ARP_TABLE },
		{ "ps7-arp-array.json", AZ_ARP_TABLE },
		{ "ps7-arp-single.json", AZ_ARP_TABLE },
		{ "ps51-arp-utf16le.json", AZ_ARP_TABLE },
		{ "arp-utf16be.json", AZ_ARP_TABLE },
		{ "arp-utf8-bom.json", AZ_ARP_TABLE },
		{ "arp-crlf.json", AZ_ARP_TABLE },
		{ "empty.json", AZ_EMPTY },
		{ "whitespace.json", AZ_EMPTY },
		{ "value-empty.json", AZ_EMPTY_LIST },
		{ "array-empty.json", AZ_EMPTY_LIST },
		{ "az-er-routes.json", AZ_ER_ROUTE_TABLE },
		{ "ps7-er-routes-single.json", AZ_ER_ROUTE_TABLE },
		{ "az-er-summary.json", AZ_ER_ROUTE_SUMMARY },
		{ "az-er-summary-old.json", AZ_ER_ROUTE_SUMMARY },
		{ "ps7-er-summary.json", AZ_ER_ROUTE_SUMMARY },
		{ "az-er-stats.json", AZ_ER_STATS },
		{ "az-circuit.json", AZ_CIRCUIT },
		{ "az-nic.json", AZ_NIC },
		{ "nw-ip-flow.json", AZ_NW_IP_FLOW },
		{ "nw-next-hop.json", AZ_NW_NEXT_HOP },
		{ "nw-connectivity.json", AZ_NW_CONNECTIVITY },
		{ "az-route-table.json", AZ_ROUTE_TABLE },
		{ "az-effective-routes.json", AZ_EFFECTIVE_ROUTES },
		{ "ps7-effective-routes-single.json", AZ_EFFECTIVE_ROUTES },
		{ "az-effective-nsg.json", AZ_EFFECTIVE_NSG },
		{ "az-nsg.json", AZ_NSG },
		{ "az-nsg-list.json", AZ_NSG_LIST },
		{ "unknown.json", AZ_UNKNOWN },
	};
	struct az_doc *doc;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		doc = load_ok(t[i].name);
		if (doc->kind != t[i].kind)
			fail_msg("%s: detected %s, expected %s", t[i].name,
			    az_kind_name(doc->kind), az_kind_name(t[i].kind));
		az_doc_free(doc);
	}
	assert_string_equal(az_kind_name(AZ_EFFECTIVE_NSG), "effective-nsg");
	assert_string_equal(az_kind_name(AZ__KIND_COUNT), "unknown");
	assert_int_equal(az_detect(NULL), AZ_EMPTY);
}

/* What a corpus file must be, from the command that produced it
 * (corpus README: file names follow the commands). */
static bool
corpus_expect(const char *dir, const char *name, enum az_kind *k)
{
	struct stat st;
	char path[1200];

	if (strstr(name, "arp") != NULL) {
		*k = AZ_ARP_TABLE;
		/* An empty table is {"value": []} (az) or an empty file (PS);
		 * both are acceptable here and checked below. */
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (stat(path, &st) == 0 && st.st_size < 40)
			*k = st.st_size == 0 ? AZ_EMPTY : AZ_EMPTY_LIST;
	} else if (strstr(name, "routes-summary") != NULL)
		*k = AZ_ER_ROUTE_SUMMARY;
	else if (strncmp(name, "er-routes", 9) == 0 ||
	    strncmp(name, "ps7-routes", 10) == 0)
		*k = AZ_ER_ROUTE_TABLE;
	else if (strcmp(name, "er-circuit.json") == 0)
		*k = AZ_CIRCUIT;
	else if (strcmp(name, "er-stats.json") == 0)
		*k = AZ_ER_STATS;
	else if (strcmp(name, "nic-effective-nsg.json") == 0)
		*k = AZ_EFFECTIVE_NSG;
	else if (strcmp(name, "nic-effective-routes.json") == 0)
		*k = AZ_EFFECTIVE_ROUTES;
	else if (strncmp(name, "nsg-", 4) == 0)
		*k = AZ_NSG;
	else if (strcmp(name, "route-table.json") == 0)
		*k = AZ_ROUTE_TABLE;
	else if (strcmp(name, "nic-fw.json") == 0)
		*k = AZ_NIC;
	else if (strcmp(name, "nw-ip-flow.json") == 0)
		*k = AZ_NW_IP_FLOW;
	else if (strncmp(name, "nw-next-hop", 11) == 0)
		*k = AZ_NW_NEXT_HOP;
	else if (strcmp(name, "nw-connectivity.json") == 0)
		*k = AZ_NW_CONNECTIVITY;
	else if (strcmp(name, "expected.json") == 0)
		*k = AZ_UNKNOWN;
	else
		return false;
	return true;
}

static size_t
corpus_dir(const char *dir)
{
	DIR *d;
	struct dirent *de;
	size_t n = 0;
	char path[1200];
	struct stat st;
	struct az_doc *doc;
	struct err e;
	enum az_kind want;
	char buf[512];

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			n += corpus_dir(path);
			continue;
		}
		if (strstr(de->d_name, ".json") == NULL)
			continue;
		err_clear(&e);
		if (az_load_file(path, &doc, &e) == -1)
			fail_msg("%s: %s", path, err_str(&e, buf, sizeof(buf)));
		if (!corpus_expect(dir, de->d_name, &want))
			fail_msg("%s: no expectation for this file", path);
		if (doc->kind != want)
			fail_msg("%s: detected %s, expected %s", path,
			    az_kind_name(doc->kind), az_kind_name(want));
		az_doc_free(doc);
		n++;
	}
	closedir(d);
	return n;
}

static void
test_kinds_corpus(void **state)
{
	const char *shared = getenv("ERW_SHARED_DIR");
	char dir[1024];
	size_t n;

	(void)state;
	if (shared == NULL)
		snprintf(dir, sizeof(dir), "%s/../shared/corpus/azure",
		    src_dir());
	else
		snprintf(dir, sizeof(dir), "%s/corpus/azure", shared);
	n = corpus_dir(dir);
	if (n == 0) {
		print_message("corpus %s not present: skipped\n", dir);
		skip();
	}
	print_message("%zu corpus files detected as expected\n", n);
	assert_true(n > 50);
}

/* ------------------------------------------------------------------ */
/* Truncation sweep                                                    */
/* ------------------------------------------------------------------ */

static void
test_truncation_sweep(void **state)
{
	static const char *const names[] = { "ps51-arp-utf16le.json",
	    "arp-utf16be.json", "arp-utf8-bom.json", "az-effective-nsg.json",
	    "az-circuit.json", "nw-connectivity.json", "ps7-er-summary.json" };
	size_t i, cut, len;
	FILE *fp;
	unsigned char buf[8192];
	struct az_doc *doc;
	struct az_rows rows;
	struct az_node row;
	struct err e;
	const char *s;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		fp = fopen(fixture(names[i]), "rb");
		assert_non_null(fp);
		len = fread(buf, 1, sizeof(buf), fp);
		fclose(fp);
		for (cut = 0; cut < len; cut++) {
			err_clear(&e);
			if (az_load_buf(names[i], buf, cut, &doc, &e) == -1) {
				assert_true(e.code == ERR_INPUT);
				assert_string_equal(e.input, names[i]);
				continue;
			}
			az_rows(doc, &rows);
			if (az_row(&rows, 0, &row) == 0)
				(void)az_get_str(&row, "name", &s, &e);
			az_doc_free(doc);
		}
	}
}

/* The ARM shapes and envelopes: kind, members under properties with
 * their real pointers, envelope notes. */
static void
test_arm_shapes(void **state)
{
	static const struct {
		const char	*file;
		enum az_kind	 kind;
		enum az_wrap	 wrap;
		size_t		 notes;
	} t[] = {
		{ "../arm/nsg-rest.json", AZ_NSG, AZ_WRAP_NONE, 0 },
		{ "../arm/nsg-list-nextlink.json", AZ_NSG_LIST, AZ_WRAP_VALUE,
		    1 },
		{ "../arm/nsg-graph-page.json", AZ_NSG_LIST, AZ_WRAP_DATA, 1 },
		{ "../arm/circuit-rest.json", AZ_CIRCUIT, AZ_WRAP_NONE, 0 },
		{ "../arm/circuit-template.json", AZ_CIRCUIT, AZ_WRAP_TEMPLATE,
		    1 },
		{ "../arm/route-table-rest.json", AZ_ROUTE_TABLE, AZ_WRAP_NONE,
		    0 },
		{ "../arm/nic-graph.json", AZ_NIC, AZ_WRAP_DATA, 0 },
		{ "../arm/effective-nsg-noid.json", AZ_EFFECTIVE_NSG,
		    AZ_WRAP_VALUE, 0 },
	};
	static const char trunc[] = "{\"count\": 2, \"data\": [{\"neighbor\": "
	    "\"1.2.3.4\", \"statePfxRcd\": \"3\"}], \"totalRecords\": 5}";
	struct az_doc *doc;
	struct az_node root, rule, n;
	struct az_rows rows;
	struct err e;
	int64_t prio;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		doc = load_ok(t[i].file);
		if (doc->kind != t[i].kind || doc->wrap != t[i].wrap ||
		    doc->notes.n != t[i].notes)
			fail_msg("%s: %s wrap %d notes %zu", t[i].file,
			    az_kind_name(doc->kind), (int)doc->wrap,
			    doc->notes.n);
		az_doc_free(doc);
	}
	/* Members under properties keep their real pointer. */
	doc = load_ok("../arm/nsg-rest.json");
	az_root(doc, &root);
	assert_int_equal(az_child(&root, "securityRules", &n), 0);
	assert_string_equal(n.ptr, "/properties/securityRules");
	assert_int_equal(az_index(&n, 0, &rule), 0);
	err_clear(&e);
	assert_int_equal(az_get_int(&rule, "priority", &prio, &e), 0);
	assert_int_equal(prio, 100);
	assert_int_equal(az_child(&rule, "name", &n), 0);
	assert_string_equal(n.ptr, "/properties/securityRules/0/name");
	assert_int_equal(az_child(&rule, "Access", &n), 0);
	assert_string_equal(n.ptr,
	    "/properties/securityRules/0/properties/access");
	/* A missing field is located at the rule. */
	assert_int_equal(az_req_str(&rule, "nope", &(const char *){0}, &e),
	    -1);
	assert_true(e.unit > 1);
	az_doc_free(doc);
	/* A template's rows are its top-level resources of its kind. */
	doc = load_ok("../arm/circuit-template.json");
	az_rows(doc, &rows);
	assert_int_equal(rows.n, 1);
	assert_int_equal(az_row(&rows, 0, &n), 0);
	assert_string_equal(n.ptr, "/resources/0");
	az_doc_free(doc);
	/* A Resource Graph page holding 1 of 5 rows. */
	doc = load_text(trunc);
	assert_int_equal(doc->kind, AZ_ER_ROUTE_SUMMARY);
	assert_int_equal(doc->notes.n, 1);
	assert_int_equal(doc->notes.v[0].kind, AZ_NOTE_INCOMPLETE);
	assert_string_equal(doc->notes.v[0].ptr, "/totalRecords");
	az_doc_free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_bom),
		cmocka_unit_test(test_utf16le_ps51),
		cmocka_unit_test(test_utf16be),
		cmocka_unit_test(test_utf16_without_bom_and_surrogates),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_empty_files),
		cmocka_unit_test(test_syntax_error_position),
		cmocka_unit_test(test_io_errors),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_missing_field_located),
		cmocka_unit_test(test_wrong_type_located),
		cmocka_unit_test(test_numbers_and_bools),
		cmocka_unit_test(test_case_insensitive_keys),
		cmocka_unit_test(test_locator),
		cmocka_unit_test(test_fail_helper),
		cmocka_unit_test(test_rows_wrappings),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_kinds_fixtures),
		cmocka_unit_test(test_kinds_corpus),
		cmocka_unit_test(test_truncation_sweep),
		cmocka_unit_test(test_arm_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
