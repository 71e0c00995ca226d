/*
 * test_diag_evidence: the evidence recogniser (diag/diag_evidence.c) on
 * bytes: capture magic in both byte orders and pcapng, binary data,
 * empty and white-space files, UTF-16 router output with and without a
 * BOM, Azure JSON told apart by its keys, a peering, context.json (and
 * one with an unknown key), a commands file, unknown JSON, and a
 * truncation sweep over a circuit export: every cut is recognised or
 * refused cleanly, never taken for another kind.
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
#include "diag/analyzer.h"

static enum evidence_type
kind_of(const void *buf, size_t len, struct evidence_item *it)
{
	struct err e;

	memset(it, 0, sizeof(*it));
	err_clear(&e);
	assert_int_equal(evidence_recognise_buf(it, "t", buf, len, true, &e),
	    0);
	return it->type;
}

static void
test_captures(void **state)
{
	static const uint8_t le[] = { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0 };
	static const uint8_t be[] = { 0xa1, 0xb2, 0xc3, 0xd4, 0, 2, 0, 4 };
	static const uint8_t ns[] = { 0x4d, 0x3c, 0xb2, 0xa1, 2, 0, 4, 0 };
	static const uint8_t ng[] = { 0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0 };
	struct evidence_item it;

	(void)state;
	assert_int_equal(kind_of(le, sizeof(le), &it), EVT_CAPTURE);
	assert_string_equal(it.reason, "pcap");
	assert_int_equal(kind_of(be, sizeof(be), &it), EVT_CAPTURE);
	assert_int_equal(kind_of(ns, sizeof(ns), &it), EVT_CAPTURE);
	assert_string_equal(it.reason, "pcap (nanosecond)");
	assert_int_equal(kind_of(ng, sizeof(ng), &it), EVT_CAPTURE);
	assert_string_equal(it.reason, "pcapng");
	/* three bytes of a magic are no capture */
	assert_int_equal(kind_of(ng, 3, &it), EVT_UNRECOGNISED);
}

static void
test_binary_and_empty(void **state)
{
	static const uint8_t bin[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0 };
	struct evidence_item it;

	(void)state;
	assert_int_equal(kind_of(bin, sizeof(bin), &it), EVT_UNRECOGNISED);
	assert_true(strncmp(it.reason, "binary", 6) == 0);
	assert_int_equal(kind_of("", 0, &it), EVT_UNRECOGNISED);
	assert_string_equal(it.reason, "empty file");
	assert_int_equal(kind_of(" \r\n\t\n", 5, &it), EVT_UNRECOGNISED);
	assert_true(strstr(it.reason, "white space") != NULL);
}

static const char frr_summary[] =
    "IPv4 Unicast Summary (VRF default):\n"
    "BGP router identifier 172.16.0.1, local AS number 65010 vrf-id 0\n"
    "BGP table version 3\n"
    "\n"
    "Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  "
    "Up/Down State/PfxRcd   PfxSnt Desc\n"
    "172.16.0.2      4      12076        12        10        0    0    0 "
    "00:01:02            5        3 N/A\n"
    "\n"
    "Total number of neighbors 1\n";

/* ASCII as UTF-16LE, with or without a BOM. */
static size_t
utf16le(const char *s, bool bom, uint8_t *out)
{
	size_t n = 0;

	if (bom) {
		out[n++] = 0xff;
		out[n++] = 0xfe;
	}
	for (; *s != '\0'; s++) {
		out[n++] = (uint8_t)*s;
		out[n++] = 0;
	}
	return n;
}

static void
test_router_text(void **state)
{
	uint8_t buf[2 * sizeof(frr_summary) + 2];
	struct evidence_item it;
	size_t n;

	(void)state;
	assert_int_equal(kind_of(frr_summary, strlen(frr_summary), &it),
	    EVT_ROUTER);
	assert_int_equal(it.vendor, ROUTER_VENDOR_FRR);
	assert_true(it.router_kinds & (1u << ROUTER_KIND_SUMMARY));
	n = utf16le(frr_summary, true, buf);
	assert_int_equal(kind_of(buf, n, &it), EVT_ROUTER);
	assert_true(strstr(it.reason, "utf-16") != NULL);
	n = utf16le(frr_summary, false, buf);
	assert_int_equal(kind_of(buf, n, &it), EVT_ROUTER);
	assert_int_equal(kind_of("hello\nworld\n", 12, &it), EVT_UNRECOGNISED);
}

static const char circuit[] =
    "{\"name\": \"erc-1\", \"id\": \"/subscriptions/x/resourceGroups/rg/"
    "providers/Microsoft.Network/expressRouteCircuits/erc-1\", "
    "\"serviceKey\": \"k\", \"circuitProvisioningState\": \"Enabled\", "
    "\"serviceProviderProvisioningState\": \"Provisioned\", "
    "\"peerings\": []}";

static void
test_json(void **state)
{
	static const char arp[] = "{\"value\": [{\"age\": 0, \"interface\": "
	    "\"On-Prem\", \"ipAddress\": \"172.16.40.1\", \"macAddress\": "
	    "\"5c5e.ab3d.81c2\"}]}";
	static const char peering[] = "{\"peeringType\": "
	    "\"AzurePrivatePeering\", \"vlanId\": 210}";
	static const char ctx[] = "{\"circuit\": \"erc-1\", \"peers\": "
	    "[{\"address\": \"172.16.40.2\", \"path\": \"primary\"}]}";
	static const char ctx_bad[] = "{\"circuit\": \"erc-1\", \"cirquit\": 1}";
	static const char other[] = "{\"alpha\": 1, \"beta\": 2}";
	struct evidence_item it;
	struct diag_context c;
	struct err e;

	(void)state;
	assert_int_equal(kind_of(circuit, strlen(circuit), &it), EVT_CIRCUIT);
	assert_non_null(it.doc);
	az_doc_free(it.doc);
	assert_int_equal(kind_of(arp, strlen(arp), &it), EVT_ARP_TABLE);
	az_doc_free(it.doc);
	assert_int_equal(kind_of(peering, strlen(peering), &it), EVT_PEERING);
	az_doc_free(it.doc);
	assert_int_equal(kind_of(ctx, strlen(ctx), &it), EVT_CONTEXT);
	err_clear(&e);
	assert_int_equal(diag_context_load(&c, it.doc, &e), 0);
	assert_string_equal(c.circuit, "erc-1");
	assert_int_equal(c.npeers, 1);
	assert_int_equal(c.peers[0].path, PATH_PRIMARY);
	az_doc_free(it.doc);
	/* a misspelt key: not a context, so nothing is silently ignored */
	assert_int_equal(kind_of(ctx_bad, strlen(ctx_bad), &it),
	    EVT_UNRECOGNISED);
	assert_int_equal(kind_of(other, strlen(other), &it), EVT_UNRECOGNISED);
	assert_non_null(strstr(it.reason, "keys: alpha, beta"));
	assert_null(it.doc);
}

/*
 * An effective route table stays lazy after recognition (its rows are
 * parsed once, by the loader, not as a whole tree beside it: the diagnose
 * benchmark's 200,000-route export), and the loader reads every row of
 * it; any other row list (an ARP table) is a whole tree, as its loader
 * needs.
 */
static void
test_json_rows(void **state)
{
	static const char routes[] = "{\"value\": [{\"addressPrefix\": "
	    "[\"10.20.0.0/16\"], \"nextHopIpAddress\": [], \"nextHopType\": "
	    "\"VnetLocal\", \"source\": \"Default\", \"state\": \"Active\"}, "
	    "{\"addressPrefix\": [\"10.50.0.0/16\"], \"nextHopIpAddress\": "
	    "[\"10.24.146.76\"], \"nextHopType\": \"VirtualNetworkGateway\", "
	    "\"source\": \"VirtualNetworkGateway\", \"state\": \"Active\"}]}";
	static const char arp[] = "{\"value\": [{\"age\": 0, \"interface\": "
	    "\"On-Prem\", \"ipAddress\": \"172.16.40.1\", \"macAddress\": "
	    "\"5c5e.ab3d.81c2\"}]}";
	struct evidence_item it;
	struct az_routes rs;
	struct err e;

	(void)state;
	assert_int_equal(kind_of(routes, strlen(routes), &it),
	    EVT_EFFECTIVE_ROUTES);
	assert_non_null(it.doc);
	assert_true(it.doc->lazy);
	az_routes_init(&rs);
	err_clear(&e);
	assert_int_equal(az_routes_add_doc(&rs, it.doc, &e), 0);
	assert_int_equal(rs.n, 2);
	az_routes_release(&rs);
	az_doc_free(it.doc);
	assert_int_equal(kind_of(arp, strlen(arp), &it), EVT_ARP_TABLE);
	assert_false(it.doc->lazy);
	assert_non_null(it.doc->root);
	az_doc_free(it.doc);
}

static void
test_commands(void **state)
{
	static const char cmds[] = "# file and command\n"
	    "arp.json\taz network express-route list-arp-tables --path "
	    "primary\n"
	    "ps/a.json\tpwsh 7.4: Get-AzExpressRouteCircuitARPTable\r\n";
	static const char tabs[] = "a\tb\nc\td\n";
	struct evidence_item it;

	(void)state;
	assert_int_equal(kind_of(cmds, strlen(cmds), &it), EVT_COMMANDS);
	assert_int_equal(kind_of(tabs, strlen(tabs), &it), EVT_UNRECOGNISED);
}

/* Every prefix of a circuit export into an exact-size heap copy: ASan
 * sees any overread; no cut is taken for another kind. */
/* A SQLite header with user version uv (offset 60, big-endian). */
static void
sqlite_header(uint8_t *h, size_t len, uint32_t uv)
{
	memset(h, 0, len);
	memcpy(h, "SQLite format 3", 16);
	h[60] = (uint8_t)(uv >> 24);
	h[61] = (uint8_t)(uv >> 16);
	h[62] = (uint8_t)(uv >> 8);
	h[63] = (uint8_t)uv;
}

static void
test_monitor_db(void **state)
{
	static const char pg[] = "  postgresql://erw:s3cret@db.example/mon\n";
	uint8_t h[100], *cut;
	struct evidence_item it;
	size_t n;

	(void)state;
	sqlite_header(h, sizeof(h), 1);
	assert_int_equal(kind_of(h, sizeof(h), &it), EVT_MONITOR_DB);
	assert_string_equal(it.reason, "SQLite, schema version 1");
	/* the header's first 64 bytes are all recognition reads */
	assert_int_equal(kind_of(h, 64, &it), EVT_MONITOR_DB);
	/* a newer schema is still the monitor's: its reader refuses it,
	 * naming the file */
	sqlite_header(h, sizeof(h), 0x01000002);
	assert_int_equal(kind_of(h, sizeof(h), &it), EVT_MONITOR_DB);
	assert_non_null(strstr(it.reason, "16777218 (newer than"));
	/* another application's database */
	sqlite_header(h, sizeof(h), 0);
	assert_int_equal(kind_of(h, sizeof(h), &it), EVT_UNRECOGNISED);
	assert_non_null(strstr(it.reason, "not a monitor history"));
	/* cut before the user version: truncated, at every length, each
	 * an exact-size copy so that ASan sees an overread */
	sqlite_header(h, sizeof(h), 1);
	for (n = 16; n < 64; n++) {
		cut = malloc(n);
		assert_non_null(cut);
		memcpy(cut, h, n);
		assert_int_equal(kind_of(cut, n, &it), EVT_UNRECOGNISED);
		assert_non_null(strstr(it.reason, "header truncated"));
		free(cut);
	}
	/* a PostgreSQL URI is not evidence, and its password is not
	 * repeated */
	assert_int_equal(kind_of(pg, sizeof(pg) - 1, &it), EVT_UNRECOGNISED);
	assert_non_null(strstr(it.reason, "PostgreSQL"));
	assert_null(strstr(it.reason, "s3cret"));
	assert_string_equal(evidence_type_name(EVT_MONITOR_DB), "monitor-db");
}

static void
test_truncation_sweep(void **state)
{
	size_t n = strlen(circuit), i;
	struct evidence_item it;

	(void)state;
	for (i = 0; i < n; i++) {
		uint8_t *b = malloc(i ? i : 1);
		enum evidence_type t;

		assert_non_null(b);
		memcpy(b, circuit, i);
		t = kind_of(b, i, &it);
		assert_true(t == EVT_UNRECOGNISED || t == EVT_ROUTER);
		az_doc_free(it.doc);
		free(b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captures),
		cmocka_unit_test(test_binary_and_empty),
		cmocka_unit_test(test_router_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_rows),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_monitor_db),
		cmocka_unit_test(test_truncation_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
