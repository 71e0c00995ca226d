/*
 * mon_metrics' exposition pieces: label values escaped per the text
 * format 0.0.4 (backslash, double quote, newline; nothing else touched),
 * the RTT buckets strictly increasing, and the listen string refused
 * when it is not ADDR:PORT.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "monitor/mon_alert_int.h"

static void
test_label_escape(void **state)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "plain", "plain" },
		{ "a\"b", "a\\\"b" },
		{ "a\\b", "a\\\\b" },
		{ "a\nb", "a\\nb" },
		{ "\\\"\n", "\\\\\\\"\\n" },
		{ "tab\there", "tab\there" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
		{ "", "" },
	};
	struct sb b;
	size_t i;

	(void)state;
	sb_init(&b);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sb_reset(&b);
		assert_int_equal(mon_prom_label(&b, v[i].in), 0);
		assert_string_equal(sb_str(&b), v[i].out);
	}
	sb_release(&b);
}

static void
test_buckets(void **state)
{
	size_t i;

	(void)state;
	assert_true(mon_rtt_nbuckets >= 10);
	for (i = 1; i < mon_rtt_nbuckets; i++)
		assert_true(mon_rtt_buckets[i] > mon_rtt_buckets[i - 1]);
	/* from sub-millisecond metro paths to seconds-long timeouts */
	assert_true(mon_rtt_buckets[0] <= 0.001);
	assert_true(mon_rtt_buckets[mon_rtt_nbuckets - 1] >= 2);
}

static void
test_listen_errors(void **state)
{
	static const char *const bad[] = { "9464", "localhost:9464",
	    "127.0.0.1:", "127.0.0.1:70000", "127.0.0.1:12x", "[::1:9464",
	    "::1:9464" };
	struct mon_metrics *m;
	struct mon_loop *l;
	struct err e;
	size_t i;

	(void)state;
	err_clear(&e);
	assert_int_equal(mon_loop_new(&l, &e), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		assert_int_equal(mon_metrics_new(l, bad[i], &m, &e), -1);
		assert_int_equal(e.code, ERR_USAGE);
		assert_non_null(strstr(e.msg, bad[i]));
	}
	err_clear(&e);
	assert_int_equal(mon_metrics_new(l, "127.0.0.1:0", &m, &e), 0);
	assert_true(mon_metrics_port(m) > 0);
	mon_metrics_free(m);
	mon_loop_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_escape),
		cmocka_unit_test(test_buckets),
		cmocka_unit_test(test_listen_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
