/*
 * test_azure_prereq.c: the preflight loaders (az_prereq.h) on hand-written
 * exports in az, ARM and PowerShell shapes (tests/data/preflight/): kinds
 * told by shape, every field judged later read from each shape, type
 * errors located, and every export cut at every length loading cleanly
 * or failing with an error, never reading past its bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "azure/az_prereq.h"

#define FIX	ERW_SRC_DIR "/tests/data/preflight/"
#include "test_fixture.h"

static struct az_prereq P;

static void
load(const char *rel, enum az_kind want)
{
	struct az_doc *d = NULL;
	struct err e;
	uint8_t *b;
	size_t n;

	b = slurp(rel, &n);
	err_clear(&e);
	assert_int_equal(az_load_buf(rel, b, n, &d, &e), 0);
	assert_string_equal(az_kind_name(d->kind), az_kind_name(want));
	if (az_prereq_add_doc(&P, d, &e) != 0)
		fail_msg("%s: %s", rel, e.msg);
	az_doc_free(d);
	free(b);
}

static void
t_watchers(void **st)
{
	(void)st;
	az_prereq_init(&P);
	load("az-watchers.json", AZ_NETWORK_WATCHER);
	load("ps-watchers.json", AZ_NETWORK_WATCHER);
	assert_int_equal(P.nwatchers, 3);
	assert_true(P.has_watchers);
	assert_string_equal(P.watchers[1].location, "northeurope");
	assert_string_equal(P.watchers[1].state, "Failed");
	assert_string_equal(P.watchers[1].state_at.ptr,
	    "/1/provisioningState");
	assert_string_equal(P.watchers[2].name, "NetworkWatcher_westeurope");
	assert_string_equal(P.watchers[2].state, "Succeeded");
}

static void
t_vms(void **st)
{
	(void)st;
	az_prereq_init(&P);
	load("az-vm.json", AZ_VM);
	load("ps-vm-instance-view.json", AZ_VM);
	assert_int_equal(P.nvms, 2);
	assert_string_equal(P.vms[0].rg, "rg-bgptest");
	assert_string_equal(P.vms[0].os, "Linux");
	assert_int_equal(P.vms[0].nips, 1);
	assert_int_equal(P.vms[0].nnics, 1);
	assert_string_equal(P.vms[1].os, "Windows");
	assert_string_equal(P.vms[1].rg, "rg-bgptest");
	/* the VM's resources[] and the instance view give extensions */
	assert_int_equal(P.nexts, 2);
	assert_string_equal(P.exts[0].vm, "vm-bgptest-01");
	assert_true(az_ext_is_nw_agent(&P.exts[0]));
	assert_false(P.exts[0].iv_error);
	assert_string_equal(P.exts[1].vm, "vm-bgptest-02");
	assert_true(az_ext_is_nw_agent(&P.exts[1]));
	assert_true(P.exts[1].iv_error);
	assert_non_null(strstr(P.exts[1].iv_status, "could not reach"));
	assert_string_equal(P.exts[1].state_at.ptr,
	    "/InstanceView/Extensions/0/Statuses/0");
}

static void
t_exts(void **st)
{
	(void)st;
	az_prereq_init(&P);
	load("az-ext-list.json", AZ_VM_EXTENSION);
	load("arm-ext.json", AZ_VM_EXTENSION);
	load("ps-ext.json", AZ_VM_EXTENSION);
	assert_int_equal(P.nexts, 4);
	assert_false(az_ext_is_nw_agent(&P.exts[0]));
	assert_true(az_ext_is_nw_agent(&P.exts[1]));
	assert_string_equal(P.exts[1].state, "Creating");
	assert_string_equal(P.exts[1].vm, "vm-bgptest-01");
	/* ARM: the extension's type is under properties, the resource's
	 * type at the top */
	assert_string_equal(P.exts[2].type, "NetworkWatcherAgentLinux");
	assert_string_equal(P.exts[2].state, "Succeeded");
	assert_string_equal(P.exts[2].state_at.ptr,
	    "/properties/provisioningState");
	assert_true(az_ext_is_nw_agent(&P.exts[2]));
	assert_string_equal(P.exts[3].type, "NetworkWatcherAgentWindows");
	assert_string_equal(P.exts[3].vm, "vm-bgptest-02");
}

static void
t_storage(void **st)
{
	const struct az_storage *s;

	(void)st;
	az_prereq_init(&P);
	load("az-storage.json", AZ_STORAGE_ACCOUNT);
	load("arm-storage.json", AZ_STORAGE_ACCOUNT);
	load("ps-storage.json", AZ_STORAGE_ACCOUNT);
	assert_int_equal(P.nstorage, 3);
	s = &P.storage[0];
	assert_int_equal(s->shared_key, 0);
	assert_string_equal(s->shared_key_at.ptr, "/allowSharedKeyAccess");
	assert_int_equal(s->https_only, 0);
	assert_string_equal(s->tls, "TLS1_0");
	assert_string_equal(s->default_action, "Deny");
	assert_int_equal(s->nsubnets, 1);
	assert_int_equal(s->npe, 0);
	assert_true(az_location_eq(s->location, "North Europe"));
	s = &P.storage[1];
	assert_int_equal(s->shared_key, 1);
	assert_int_equal(s->https_only, 1);
	assert_string_equal(s->public_access, "Disabled");
	assert_string_equal(s->default_action, "Allow");
	assert_string_equal(s->rules_at.ptr, "/properties/networkAcls");
	assert_int_equal(s->npe, 1);
	s = &P.storage[2];
	assert_string_equal(s->name, "stbgpcaptures03");
	assert_int_equal(s->shared_key, -1);	/* null: the default */
	assert_int_equal(s->https_only, 1);
	assert_string_equal(s->default_action, "Allow");
	assert_string_equal(s->rg, "rg-bgptest");
}

static void
t_type_error(void **st)
{
	static const char bad[] = "{\"type\": \"Microsoft.Storage/"
	    "storageAccounts\", \"name\": \"st\",\n \"allowSharedKeyAccess\": "
	    "\"maybe\"}";
	struct az_doc *d = NULL;
	struct err e;

	(void)st;
	az_prereq_init(&P);
	err_clear(&e);
	assert_int_equal(az_load_buf("bad.json", bad, sizeof(bad) - 1, &d,
	    &e), 0);
	assert_int_equal(d->kind, AZ_STORAGE_ACCOUNT);
	assert_int_equal(az_prereq_add_doc(&P, d, &e), -1);
	assert_int_equal(e.code, ERR_INPUT);
	assert_non_null(strstr(e.msg, "/allowSharedKeyAccess"));
	assert_int_equal(e.unit, 2);
	az_doc_free(d);
}

/* A connection monitor's id is below a watcher's: not a watcher. */
static void
t_id_depth(void **st)
{
	static const char cm[] = "{\"id\": \"/subscriptions/x/resourceGroups/"
	    "NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/"
	    "NW/connectionMonitors/cm1\", \"name\": \"cm1\"}";
	static const char nw[] = "{\"Id\": \"/subscriptions/x/resourceGroups/"
	    "NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/"
	    "NW\", \"Name\": \"NW\"}";
	struct az_doc *d = NULL;
	struct err e;

	(void)st;
	err_clear(&e);
	assert_int_equal(az_load_buf("cm", cm, sizeof(cm) - 1, &d, &e), 0);
	assert_int_not_equal(d->kind, AZ_NETWORK_WATCHER);
	az_doc_free(d);
	assert_int_equal(az_load_buf("nw", nw, sizeof(nw) - 1, &d, &e), 0);
	assert_int_equal(d->kind, AZ_NETWORK_WATCHER);
	az_doc_free(d);
}

/* Every fixture cut at every length into an exact-size copy. */
static void
t_truncation(void **st)
{
	static const char *const files[] = {
		"az-watchers.json", "ps-watchers.json", "az-vm.json",
		"ps-vm-instance-view.json", "az-ext-list.json",
		"arm-ext.json", "ps-ext.json", "az-storage.json",
		"arm-storage.json", "ps-storage.json"
	};
	size_t f, cut, n;

	(void)st;
	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		uint8_t *b = slurp(files[f], &n);

		for (cut = 0; cut < n; cut += 7) {
			uint8_t *c = malloc(cut + 1);
			struct az_doc *d = NULL;
			struct err e;

			assert_non_null(c);
			memcpy(c, b, cut);
			err_clear(&e);
			if (az_load_buf("cut", c, cut, &d, &e) == 0) {
				az_prereq_init(&P);
				if (az_prereq_kind(d->kind) &&
				    az_prereq_add_doc(&P, d, &e) == -1)
					assert_int_equal(e.code, ERR_INPUT);
				az_doc_free(d);
			} else
				assert_true(e.code == ERR_INPUT);
			free(c);
		}
		free(b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_watchers),
		cmocka_unit_test(t_vms),
		cmocka_unit_test(t_exts),
		cmocka_unit_test(t_storage),
		cmocka_unit_test(t_type_error),
		cmocka_unit_test(t_id_depth),
		cmocka_unit_test(t_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
