/*
 * Unit tests for az_circuit_dir.c: sorting a folder of ExpressRoute
 * exports into roles, by commands.txt (examples/azure), by shape and file
 * name (tests/data/azure/circuit), with explicit files winning, another
 * peering's lines skipped, and the notes a reader needs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "azure/az_circuit_dir.h"

static const char *
base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

static void
scan(struct az_circuit_files *f, const char *rel, const char *peering)
{
	char dir[512];

	snprintf(dir, sizeof(dir), "%s/%s", ERW_SRC_DIR, rel);
	az_circuit_dir_scan(f, dir, peering);
}

static bool
has_note(const struct az_circuit_files *f, const char *part)
{
	size_t i;

	for (i = 0; i < f->nnotes; i++)
		if (strstr(f->notes[i], part) != NULL)
			return true;
	return false;
}

static void
test_commands_txt(void **state)
{
	struct az_circuit_files *f = calloc(1, sizeof(*f));
	static const char *const want[AZ_ROLE__COUNT] = {
		"er-circuit.json", "er-arp-primary.json",
		"er-arp-secondary.json", "er-routes-primary.json",
		"er-routes-secondary.json", "er-routes-summary-primary.json",
		"er-routes-summary-secondary.json", "er-stats.json",
	};
	int r;

	(void)state;
	assert_non_null(f);
	scan(f, "examples/azure", "azureprivatepeering");
	for (r = 0; r < AZ_ROLE__COUNT; r++) {
		assert_string_equal(base(f->file[r]), want[r]);
		assert_string_equal(f->origin[r], "commands.txt");
	}
	assert_int_equal(f->ndups, 0);

	/* Another peering: only the circuit and stats lines apply. */
	memset(f, 0, sizeof(*f));
	scan(f, "examples/azure", "MicrosoftPeering");
	assert_string_equal(base(f->file[AZ_ROLE_CIRCUIT]), "er-circuit.json");
	assert_string_equal(f->file[AZ_ROLE_ARP_P], "");
	assert_string_equal(f->file[AZ_ROLE_SUMMARY_S], "");
	free(f);
}

static void
test_names(void **state)
{
	struct az_circuit_files *f = calloc(1, sizeof(*f));

	(void)state;
	assert_non_null(f);
	/* An explicit file wins over the folder's. */
	strcpy(f->file[AZ_ROLE_ARP_P], "given.json");
	strcpy(f->origin[AZ_ROLE_ARP_P], "option");
	scan(f, "tests/data/azure/circuit", "AzurePrivatePeering");
	assert_string_equal(f->file[AZ_ROLE_ARP_P], "given.json");
	assert_string_equal(base(f->file[AZ_ROLE_ARP_S]),
	    "arp-ok-secondary.json");
	assert_string_equal(f->origin[AZ_ROLE_ARP_S], "file name");
	assert_string_equal(base(f->file[AZ_ROLE_CIRCUIT]),
	    "circuit-bad.json");
	assert_string_equal(base(f->file[AZ_ROLE_STATS]), "stats.json");
	assert_true(has_note(f, "ignored routes-bad-network.json: cannot "
	    "tell its path"));
	assert_true(has_note(f, "no commands.txt in"));
	assert_true(has_note(f, "files ignored, their tables are already "
	    "given"));
	assert_true(has_note(f, "arp-ok-primary.json"));
	assert_int_equal(f->ndups, 8);
	assert_string_equal(az_circuit_role_name(AZ_ROLE_SUMMARY_S),
	    "secondary route table summary");
	free(f);
}

static void
test_missing_dir(void **state)
{
	struct az_circuit_files *f = calloc(1, sizeof(*f));
	int r;

	(void)state;
	assert_non_null(f);
	scan(f, "tests/data/azure/no-such-folder", "AzurePrivatePeering");
	for (r = 0; r < AZ_ROLE__COUNT; r++)
		assert_string_equal(f->file[r], "");
	assert_int_equal(f->nnotes, 0);
	free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands_txt),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_missing_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
