/*
 * The allocation seam (util_alloc.c): counting, failing exactly the Nth
 * call and no other, errno, realloc keeping its block, disarming.  In a
 * build without ERW_ALLOC_FAIL there is nothing to test and it skips.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "util/util.h"

#ifdef ERW_ALLOC_HOOKS
static void
test_counts_every_kind(void **state)
{
	uint64_t n0 = erw_alloc_calls();
	void *p[6] = { 0 };

	(void)state;
	erw_alloc_fail_at(0);
	p[0] = erw_malloc(8);
	p[1] = erw_calloc(2, 8);
	p[2] = erw_realloc(NULL, 8);
	p[3] = erw_reallocarray(NULL, 2, 8);
	p[4] = erw_strdup("x");
	assert_int_equal(erw_memalign(&p[5], 64, 64), 0);
	assert_int_equal(erw_alloc_calls() - n0, 6);
	for (int i = 0; i < 6; i++) {
		assert_non_null(p[i]);
		free(p[i]);
	}
	assert_false(erw_alloc_fired());
}

static void
test_fails_only_the_nth(void **state)
{
	uint64_t f0 = erw_alloc_failures();
	void *a, *b, *c;

	(void)state;
	erw_alloc_fail_at(2);
	a = erw_malloc(16);
	errno = 0;
	b = erw_malloc(16);
	assert_int_equal(errno, ENOMEM);
	c = erw_malloc(16);
	assert_non_null(a);
	assert_null(b);
	assert_non_null(c);
	assert_true(erw_alloc_fired());
	assert_int_equal(erw_alloc_failures() - f0, 1);
	free(a);
	free(c);
	/* re-arming clears the fired flag; 0 disarms */
	erw_alloc_fail_at(0);
	assert_false(erw_alloc_fired());
	a = erw_malloc(16);
	assert_non_null(a);
	free(a);
}

static void
test_realloc_keeps_the_block(void **state)
{
	char *p, *q;
	void *m = NULL;

	(void)state;
	p = erw_strdup("kept");
	assert_non_null(p);
	erw_alloc_fail_at(1);
	q = erw_realloc(p, 4096);
	assert_null(q);
	assert_string_equal(p, "kept");
	free(p);
	erw_alloc_fail_at(1);
	assert_int_equal(erw_memalign(&m, 64, 128), ENOMEM);
	assert_null(m);
	erw_alloc_fail_at(1);
	assert_null(erw_strdup("x"));
	erw_alloc_fail_at(1);
	assert_null(erw_calloc(1, 1));
	erw_alloc_fail_at(1);
	assert_null(erw_reallocarray(NULL, 1, 1));
	erw_alloc_fail_at(0);
}

/* The sb and the arena are built on the seam: a failure shows. */
static void
test_sb_and_arena_see_it(void **state)
{
	struct arena a;
	struct sb sb;

	(void)state;
	sb_init(&sb);
	erw_alloc_fail_at(1);
	assert_int_equal(sb_add(&sb, "x"), -1);
	assert_true(sb.failed);
	assert_null(sb_take(&sb));
	sb_release(&sb);
	arena_init(&a, 0);
	erw_alloc_fail_at(1);
	assert_null(arena_alloc(&a, 8));
	assert_non_null(arena_alloc(&a, 8));
	arena_release(&a);
	erw_alloc_fail_at(0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_every_kind),
		cmocka_unit_test(test_fails_only_the_nth),
		cmocka_unit_test(test_realloc_keeps_the_block),
		cmocka_unit_test(test_sb_and_arena_see_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
#else
static void
test_no_seam(void **state)
{
	(void)state;
	skip();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_seam),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
