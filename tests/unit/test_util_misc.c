/*
 * Errors (first one wins, positions, exit codes), the string builder with
 * escaping, the arena and time formatting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "util/util.h"

static void
test_first_error_wins(void **state)
{
	struct err e = { 0 };
	char buf[256];

	(void)state;
	assert_false(err_isset(&e));
	assert_int_equal(ERR(&e, ERR_INPUT, "bad marker at %d", 3), -1);
	assert_int_equal(ERR(&e, ERR_IO, "later consequence"), -1);
	assert_int_equal(e.code, ERR_INPUT);
	assert_string_equal(e.msg, "bad marker at 3");
	err_at(&e, "x.pcap", 12, 0, 400);
	err_at(&e, "y.pcap", 99, 5, 1);
	assert_string_equal(e.input, "x.pcap");
	assert_int_equal(e.unit, 12);
	assert_int_equal(e.col, 5);
	assert_string_equal(err_str(&e, buf, sizeof(buf)),
	    "x.pcap:12:5: bad marker at 3");
	assert_int_equal(err_exit_code(&e), 2);
	err_clear(&e);
	ERR(&e, ERR_PERM, "needs CAP_NET_RAW");
	assert_int_equal(err_exit_code(&e), 3);
	assert_int_equal(ERR(NULL, ERR_IO, "dropped"), -1);
}

/* Out of memory leads the message, and telling it allocates nothing. */
static void
test_nomem_message(void **state)
{
	struct err e;
	char buf[256];

	(void)state;
	err_clear(&e);
	ERR(&e, ERR_NOMEM, "cannot allocate a session");
	assert_string_equal(err_str(&e, buf, sizeof(buf)),
	    "out of memory: cannot allocate a session");
	err_clear(&e);
	ERR(&e, ERR_NOMEM, "out of memory reading '%s'", "x.json");
	err_at(&e, "x.json", 0, 0, 0);
	assert_string_equal(err_str(&e, buf, sizeof(buf)),
	    "x.json: out of memory reading 'x.json'");
	assert_int_equal(err_exit_code(&e), 3);
#ifdef ERW_ALLOC_HOOKS
	erw_alloc_fail_at(1);
	err_str(&e, buf, sizeof(buf));
	assert_false(erw_alloc_fired());
	erw_alloc_fail_at(0);
#endif
	/* truncated, never overrun */
	err_str(&e, buf, 8);
	assert_string_equal(buf, "x.json:");
}

static void
test_sb_builds_and_escapes(void **state)
{
	struct sb sb;
	char *s;
	int i;

	(void)state;
	sb_init(&sb);
	assert_string_equal(sb_str(&sb), "");
	sb_add(&sb, "AS ");
	sb_addf(&sb, "%u", 12076u);
	sb_addc(&sb, ' ');
	sb_add_escaped(&sb, "ok\x1b[31m\\", 8);
	assert_string_equal(sb_str(&sb), "AS 12076 ok\\x1b[31m\\\\");
	for (i = 0; i < 1000; i++)
		sb_add(&sb, "0123456789");
	assert_int_equal(sb.len, 21 + 10000);
	s = sb_take(&sb);
	assert_non_null(s);
	assert_null(sb.buf);
	free(s);
	sb_release(&sb);
}

static void
test_escape_into_truncates_safely(void **state)
{
	char out[8];

	(void)state;
	str_escape_into(out, sizeof(out), "abc\x01\x02", 5);
	/* "abc" + "\x01" fits (7 chars), "\x02" does not */
	assert_string_equal(out, "abc\\x01");
	str_escape_into(out, sizeof(out), "abcdefghijk", 11);
	assert_string_equal(out, "abcdefg");
	assert_int_equal(str_copy(out, "0123456789", sizeof(out)), 10);
	assert_string_equal(out, "0123456");
	assert_int_equal(str_casecmp("IpAddress", "ipaddress"), 0);
	assert_true(str_casecmp("a", "b") < 0);
}

static void
test_arena(void **state)
{
	struct arena a;
	char *p, *q;
	int i;

	(void)state;
	arena_init(&a, 128);
	p = arena_alloc(&a, 10);
	q = arena_alloc(&a, 10);
	assert_non_null(p);
	assert_non_null(q);
	assert_true(((uintptr_t)p & 15) == 0 && ((uintptr_t)q & 15) == 0);
	assert_true(q != p);
	/* larger than a block gets its own block */
	assert_non_null(arena_alloc(&a, 1000));
	for (i = 0; i < 100; i++)
		assert_non_null(arena_strdup(&a, "primary"));
	arena_reset(&a);
	assert_int_equal(a.total, 0);
	assert_non_null(arena_alloc(&a, 64));
	arena_release(&a);
}

static void
test_time_iso(void **state)
{
	char buf[40];

	(void)state;
	assert_string_equal(time_iso(1764074790247123LL, buf, sizeof(buf)),
	    "2025-11-25T12:46:30.247123Z");
	assert_string_equal(time_iso(0, buf, sizeof(buf)),
	    "1970-01-01T00:00:00.000000Z");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_error_wins),
		cmocka_unit_test(test_nomem_message),
		cmocka_unit_test(test_sb_builds_and_escapes),
		cmocka_unit_test(test_escape_into_truncates_safely),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_time_iso),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
