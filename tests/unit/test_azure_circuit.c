/*
 * Unit tests for az_circuit: the circuit/peering loader (never keeping the
 * MD5 key), and the per-path tables in their az and PowerShell forms:
 * PascalCase, bare arrays, the single object PowerShell writes for one
 * row, the empty file it writes for none, Windows PowerShell 5.1's
 * UTF-16LE, the older summary field names; bad rows are located.
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

static void
test_circuit(void **state)
{
	struct az_circuit c;
	const struct az_peering *pe;
	struct az_doc *d = load("circuit-ok.json");
	struct net_addr cu, ms;
	char b[NET_ADDR_STRLEN];
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(az_circuit_load(&c, d, &e), 0);
	az_doc_free(d);
	assert_string_equal(c.name, "erc-test");
	assert_string_equal(c.resource_group, "rg-test");
	assert_string_equal(c.sku_tier, "Premium");
	assert_string_equal(c.provider, "TestCarrier");
	assert_int_equal(c.npeerings, 1);
	pe = az_circuit_peering(&c, "azureprivatepeering");
	assert_non_null(pe);
	assert_null(az_circuit_peering(&c, "MicrosoftPeering"));
	assert_int_equal(pe->peer_asn, 64512);
	assert_int_equal(pe->azure_asn, 12076);
	assert_int_equal(pe->vlan, 300);
	assert_string_equal(pe->ptr, "/peerings/0");
	assert_true(pe->pfx_ok[AZ_PATH_SECONDARY]);
	assert_false(pe->pfx_host_bits[AZ_PATH_PRIMARY]);
	assert_false(pe->md5_set);
	assert_int_equal(az_peer_addrs(&pe->pfx[1], &cu, &ms), 0);
	assert_string_equal(net_addr_str(&cu, b), "192.168.50.5");
	assert_string_equal(net_addr_str(&ms, b), "192.168.50.6");

	d = load("circuit-bad.json");
	assert_int_equal(az_circuit_load(&c, d, &e), 0);
	az_doc_free(d);
	assert_string_equal(c.provider_state, "NotProvisioned");
	assert_true(c.peerings[0].pfx_host_bits[AZ_PATH_PRIMARY]);
	assert_int_equal(c.peerings[0].pfx[AZ_PATH_SECONDARY].len, 29);
}

static void
test_md5_flag_only(void **state)
{
	static const char js[] = "{\"circuitProvisioningState\":\"Enabled\","
	    "\"serviceProviderProvisioningState\":\"Provisioned\","
	    "\"peerings\":[{\"name\":\"AzurePrivatePeering\",\"sharedKey\":"
	    "\"not-a-real-key\",\"peerASN\":64512}]}";
	struct az_circuit c;
	struct az_doc *d;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(az_load_buf("mem", js, sizeof(js) - 1, &d, &e), 0);
	assert_int_equal(az_circuit_load(&c, d, &e), 0);
	az_doc_free(d);
	assert_true(c.peerings[0].md5_set);
	/* the key is nowhere in the model */
	{
		const char *b = (const char *)&c;
		size_t i;

		for (i = 0; i + 14 <= sizeof(c); i++)
			assert_true(memcmp(b + i, "not-a-real-key", 14) != 0);
	}
}

static void
test_arp_forms(void **state)
{
	struct az_arp_table t;
	struct az_doc *d;
	struct err e;

	(void)state;
	err_clear(&e);
	d = load("arp-ok-primary.json");
	assert_int_equal(az_arp_load(&t, d, &e), 0);
	az_doc_free(d);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.list_ptr, "/value");
	assert_string_equal(t.v[0].iface, "On-Prem");
	assert_string_equal(t.v[1].ptr, "/value/1");
	assert_false(t.v[0].incomplete);
	assert_int_equal(t.v[0].age, 10);
	az_arp_release(&t);

	/* Windows PowerShell 5.1: UTF-16LE with BOM, CRLF, PascalCase */
	d = load("ps51-arp-primary.json");
	assert_int_equal(d->enc, AZ_ENC_UTF16LE);
	assert_int_equal(az_arp_load(&t, d, &e), 0);
	az_doc_free(d);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.list_ptr, "");
	assert_string_equal(t.v[1].iface, "Microsoft");
	assert_string_equal(t.v[1].ptr, "/1");
	assert_string_equal(t.v[0].ip_text, "192.168.50.1");
	az_arp_release(&t);

	/* PowerShell, one row: a bare object */
	d = load("ps7-arp-msonly-secondary.json");
	assert_int_equal(az_arp_load(&t, d, &e), 0);
	az_doc_free(d);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.v[0].mac, "5c5e.ab00.0005");
	assert_string_equal(t.v[0].ptr, "");
	az_arp_release(&t);

	/* PowerShell, no row: an empty file */
	d = load("ps7-arp-empty.json");
	assert_int_equal(az_arp_load(&t, d, &e), 0);
	az_doc_free(d);
	assert_int_equal(t.n, 0);
	assert_string_equal(t.list_ptr, "(empty file)");
	az_arp_release(&t);

	/* wrong kind */
	d = load("routes-primary.json");
	assert_int_equal(az_arp_load(&t, d, &e), -1);
	assert_int_equal(e.code, ERR_INPUT);
	assert_non_null(strstr(e.msg, "er-route-table"));
	az_doc_free(d);
}

static void
test_routes_and_summary(void **state)
{
	struct az_er_routes r;
	struct az_er_summary s;
	struct az_er_stats st;
	struct az_doc *d;
	struct err e;
	char buf[512];

	(void)state;
	err_clear(&e);
	d = load("routes-secondary.json");
	assert_int_equal(az_er_routes_load(&r, d, &e), 0);
	az_doc_free(d);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.v[0].first_as, 65515);
	assert_int_equal(r.v[1].first_as, 64512);
	assert_int_equal(r.v[1].path_len, 3);
	az_er_routes_release(&r);

	d = load("routes-bad-network.json");
	assert_int_equal(az_er_routes_load(&r, d, &e), -1);
	err_str(&e, buf, sizeof(buf));
	assert_non_null(strstr(buf, "/value/1/network"));
	assert_int_equal(e.unit, 4);
	assert_null(r.v);
	az_doc_free(d);

	err_clear(&e);
	d = load("summary-ok-primary.json");
	assert_int_equal(az_er_summary_load(&s, d, &e), 0);
	az_doc_free(d);
	assert_int_equal(s.n, 3);
	assert_true(s.v[2].established);
	assert_int_equal(s.v[2].prefixes, 2);
	assert_int_equal(s.v[2].as, 64512);
	assert_string_equal(s.v[2].state_key, "statePfxRcd");
	az_er_summary_release(&s);

	/* older aaz field names */
	d = load("summary-alias-active-secondary.json");
	assert_int_equal(az_er_summary_load(&s, d, &e), 0);
	az_doc_free(d);
	assert_int_equal(s.v[0].as, 64513);
	assert_false(s.v[0].established);
	assert_string_equal(s.v[0].state, "Active");
	assert_string_equal(s.v[0].state_key, "stateOrPrefixesReceived");
	az_er_summary_release(&s);

	d = load("ps7-summary-near-limit-primary.json");
	assert_int_equal(az_er_summary_load(&s, d, &e), 0);
	az_doc_free(d);
	assert_int_equal(s.v[1].as, 64512);
	assert_int_equal(s.v[1].prefixes, 8500);
	assert_string_equal(s.v[1].state_key, "StatePfxRcd");
	az_er_summary_release(&s);

	d = load("stats.json");
	assert_int_equal(az_er_stats_load(&st, d, &e), 0);
	az_doc_free(d);
	assert_int_equal(st.bytes_out[AZ_PATH_PRIMARY], 2000);
	assert_int_equal(st.bytes_in[AZ_PATH_SECONDARY], 0);
}

/* Every cut of valid exports loads or fails cleanly (ASan watches). */
static void
test_truncation(void **state)
{
	static const char *const files[] = {
		"circuit-ok.json", "arp-ok-primary.json",
		"summary-ok-primary.json", "routes-secondary.json",
		"ps7-summary-near-limit-primary.json"
	};
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct az_doc *full = load(files[i]);

		for (n = 0; n < full->len; n++) {
			struct az_doc *cut = NULL;
			struct az_circuit c;
			struct az_arp_table a;
			struct az_er_routes r;
			struct az_er_summary s;
			struct err e;

			err_clear(&e);
			if (az_load_buf("cut", full->text, n, &cut, &e) != 0)
				continue;
			if (az_circuit_load(&c, cut, &e) == 0)
				assert_true(c.npeerings <=
				    AZ_CIRCUIT_MAX_PEERINGS);
			if (az_arp_load(&a, cut, &e) == 0)
				az_arp_release(&a);
			if (az_er_routes_load(&r, cut, &e) == 0)
				az_er_routes_release(&r);
			if (az_er_summary_load(&s, cut, &e) == 0)
				az_er_summary_release(&s);
			az_doc_free(cut);
		}
		az_doc_free(full);
	}
}

/* The same circuit in ARM shapes: the same model, pointers into
 * properties, and what a template repeats or adds said. */
static void
test_circuit_arm_shapes(void **state)
{
	static const char bare[] = "{\"type\": \"Microsoft.Network/"
	    "expressRouteCircuits\", \"name\": \"c\", \"properties\": "
	    "{\"Peers\": []}}";
	static const char *const files[] = {
		"circuit-rest.json", "circuit-template.json"
	};
	char path[512];
	struct az_circuit c;
	const struct az_peering *pe;
	struct az_doc *d;
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/tests/data/azure/arm/%s",
		    ERW_SRC_DIR, files[i]);
		err_clear(&e);
		assert_int_equal(az_load_file(path, &d, &e), 0);
		assert_int_equal(d->kind, AZ_CIRCUIT);
		assert_int_equal(az_circuit_load(&c, d, &e), 0);
		az_doc_free(d);
		assert_string_equal(c.circuit_state, "Enabled");
		assert_string_equal(c.provider_state, "Provisioned");
		assert_string_equal(c.sku_tier, "Premium");
		assert_string_equal(c.provider, "TestCarrier");
		assert_int_equal(c.npeerings, 1);
		pe = az_circuit_peering(&c, "AzurePrivatePeering");
		assert_non_null(pe);
		assert_string_equal(pe->state, "Enabled");
		assert_int_equal(pe->peer_asn, 64512);
		assert_int_equal(pe->azure_asn, 12076);
		assert_int_equal(pe->vlan, 300);
		assert_true(pe->pfx_ok[AZ_PATH_PRIMARY]);
		assert_true(pe->pfx_ok[AZ_PATH_SECONDARY]);
		if (i == 0) {
			assert_string_equal(c.ptr, "/properties");
			assert_string_equal(pe->fields_ptr,
			    "/properties/peerings/0/properties");
			assert_string_equal(c.name, "erc-test");
			assert_string_equal(c.resource_group, "rg-test");
			assert_string_equal(pe->ptr, "/properties/peerings/0");
			assert_int_equal(c.notes.n, 0);
			continue;
		}
		assert_string_equal(pe->ptr, "/resources/0/properties/peerings/0");
		/* The private peering child repeats the inline one; the
		 * Microsoft peering child is not inline: a note. */
		assert_int_equal(c.notes.n, 1);
		assert_int_equal(c.notes.v[0].kind, AZ_NOTE_SKIPPED);
		assert_string_equal(c.notes.v[0].ptr, "/resources/2");
	}
	/* A circuit with none of its fields where we look is refused. */
	err_clear(&e);
	assert_int_equal(az_load_buf("x.json", bare, strlen(bare), &d, &e), 0);
	assert_int_equal(az_circuit_load(&c, d, &e), -1);
	assert_non_null(strstr(e.msg, "circuitProvisioningState"));
	az_doc_free(d);
}

/* Tables as REST returns them: nextLink null is a complete list, a
 * nextLink is one page; a row with none of the fields is a note. */
static void
test_tables_rest(void **state)
{
	static const char page[] = "{\"value\": [{\"age\": 10, \"interface\": "
	    "\"On-Prem\", \"ipAddress\": \"192.168.50.1\", \"macAddress\": "
	    "\"5c5e.ab3d.81c2\"}, {\"foo\": 1}], \"nextLink\": "
	    "\"https://management.azure.com/next\"}";
	static const char whole[] = "{\"value\": [{\"neighbor\": "
	    "\"192.168.50.1\", \"v\": 4, \"as\": 64512, \"upDown\": \"1d\", "
	    "\"statePfxRcd\": \"3\"}, {\"upDown\": \"x\"}], \"nextLink\": null}";
	struct az_arp_table t;
	struct az_er_summary sm;
	struct az_doc *d;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(az_load_buf("arp.json", page, strlen(page), &d, &e),
	    0);
	assert_int_equal(az_arp_load(&t, d, &e), 0);
	az_doc_free(d);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.notes.n, 2);
	assert_int_equal(t.notes.v[0].kind, AZ_NOTE_INCOMPLETE);
	assert_string_equal(t.notes.v[0].ptr, "/nextLink");
	assert_int_equal(t.notes.v[1].kind, AZ_NOTE_SKIPPED);
	assert_string_equal(t.notes.v[1].ptr, "/value/1");
	az_arp_release(&t);
	assert_int_equal(az_load_buf("sum.json", whole, strlen(whole), &d, &e),
	    0);
	assert_int_equal(az_er_summary_load(&sm, d, &e), 0);
	az_doc_free(d);
	assert_int_equal(sm.n, 1);
	assert_true(sm.v[0].established);
	assert_int_equal(sm.notes.n, 1);
	assert_string_equal(sm.notes.v[0].ptr, "/value/1");
	az_er_summary_release(&sm);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_circuit),
		cmocka_unit_test(test_md5_flag_only),
		cmocka_unit_test(test_arp_forms),
		cmocka_unit_test(test_routes_and_summary),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_circuit_arm_shapes),
		cmocka_unit_test(test_tables_rest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
