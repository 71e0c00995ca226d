/*
 * time_parse_iso: the forms Azure and users write, against gmtime's
 * arithmetic (time_iso formats back), and the ones it must refuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/util.h"

static usec_t
parse(const char *s)
{
	usec_t t = -1;

	assert_int_equal(time_parse_iso(s, strlen(s), &t), 0);
	return t;
}

static void
test_forms(void **state)
{
	char buf[40];

	(void)state;
	assert_string_equal(time_iso(parse("2026-12-07T18:00:00Z"), buf,
	    sizeof(buf)), "2026-12-07T18:00:00.000000Z");
	assert_string_equal(time_iso(parse("2026-12-07"), buf, sizeof(buf)),
	    "2026-12-07T00:00:00.000000Z");
	assert_string_equal(time_iso(parse("2026-12-07T18:00Z"), buf,
	    sizeof(buf)), "2026-12-07T18:00:00.000000Z");
	assert_string_equal(time_iso(parse("2026-12-07T18:00:00.25+01:30"),
	    buf, sizeof(buf)), "2026-12-07T16:30:00.250000Z");
	assert_string_equal(time_iso(parse("2024-02-29 23:59:59-0500"), buf,
	    sizeof(buf)), "2024-03-01T04:59:59.000000Z");
	assert_string_equal(time_iso(parse("1970-01-01T00:00:00Z"), buf,
	    sizeof(buf)), "1970-01-01T00:00:00.000000Z");
	/* every day of two years round-trips through gmtime */
	{
		usec_t t0 = parse("2027-01-01"), t;
		int d;

		for (d = 0; d < 731; d++) {
			t = t0 + (usec_t)d * 86400 * USEC_PER_SEC;
			time_iso(t, buf, sizeof(buf));
			buf[10] = '\0';
			assert_int_equal(parse(buf), t);
		}
	}
}

static void
test_refused(void **state)
{
	static const char *const bad[] = {
		"", "2026", "2026-12", "2026-13-01", "2026-02-29",
		"2026-04-31", "2026-12-07T", "2026-12-07T25:00Z",
		"2026-12-07T18:60Z", "2026-12-07T18:00:00.Z",
		"2026-12-07T18:00:00Zjunk", "tomorrow", "2026-12-07T18:00+2",
		"26-12-07",
	};
	usec_t t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(time_parse_iso(bad[i], strlen(bad[i]), &t),
		    -1);
	/* length-bounded: the bytes after len are not read */
	assert_int_equal(time_parse_iso("2026-12-07XXXX", 10, &t), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
