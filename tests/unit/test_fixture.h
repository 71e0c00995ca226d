/*
 * test_fixture.h: reading a fixture file whole in a unit test; a missing
 * or short file fails the test (cmocka asserts).  The caller defines FIX,
 * the fixtures' folder with its trailing slash, before including this.
 */
#ifndef ERW_TEST_FIXTURE_H
#define ERW_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

/* FIX rel, whole (one byte spare past *len); free() it. */
static uint8_t *
slurp(const char *rel, size_t *len)
{
	char path[512];
	FILE *fp;
	uint8_t *b;
	long n;

	snprintf(path, sizeof(path), "%s%s", FIX, rel);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return b;
}

#endif /* ERW_TEST_FIXTURE_H */
