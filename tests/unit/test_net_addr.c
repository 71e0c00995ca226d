/*
 * Address and prefix parsing, formatting and containment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "net/net.h"

static void
test_parse_and_format(void **state)
{
	struct net_addr a;
	struct net_prefix p;
	char buf[NET_PREFIX_STRLEN];
	bool host;

	(void)state;
	assert_int_equal(net_addr_parse("172.16.40.1", &a), 0);
	assert_int_equal(a.family, NET_AF_INET);
	assert_int_equal(net_addr_v4(&a), 0xac102801);
	assert_string_equal(net_addr_str(&a, buf), "172.16.40.1");
	assert_int_equal(net_addr_parse("2001:db8::1", &a), 0);
	assert_int_equal(a.family, NET_AF_INET6);
	assert_string_equal(net_addr_str(&a, buf), "2001:db8::1");
	assert_int_equal(net_addr_parse("172.16.40", &a), -1);
	assert_int_equal(net_addr_parse("", &a), -1);
	assert_int_equal(net_addr_parse("1.2.3.4.5", &a), -1);

	assert_int_equal(net_prefix_parse("172.16.40.1/30", &p, &host), 0);
	assert_true(host);
	assert_string_equal(net_prefix_str(&p, buf), "172.16.40.0/30");
	assert_int_equal(net_prefix_parse("10.20.0.0/16", &p, &host), 0);
	assert_false(host);
	assert_int_equal(net_prefix_parse("10.1.2.3", &p, NULL), 0);
	assert_int_equal(p.len, 32);
	assert_int_equal(net_prefix_parse("::/0", &p, NULL), 0);
	assert_true(net_prefix_is_default(&p));
	assert_int_equal(net_prefix_parse("10.0.0.0/33", &p, NULL), -1);
	assert_int_equal(net_prefix_parse("10.0.0.0/", &p, NULL), -1);
	assert_int_equal(net_prefix_parse("10.0.0.0/-1", &p, NULL), -1);
	assert_int_equal(net_prefix_parse("2001:db8::/129", &p, NULL), -1);
	assert_int_equal(net_prefix_parse("2001:db8::/7x", &p, NULL), -1);
}

static void
test_containment(void **state)
{
	struct net_prefix p30, p29, p0, v6;
	struct net_addr a, b;

	(void)state;
	net_prefix_parse("172.16.40.0/30", &p30, NULL);
	net_prefix_parse("172.16.40.0/29", &p29, NULL);
	net_prefix_parse("0.0.0.0/0", &p0, NULL);
	net_prefix_parse("2001:db8:1::/48", &v6, NULL);
	net_addr_parse("172.16.40.2", &a);
	net_addr_parse("172.16.40.5", &b);
	assert_true(net_prefix_contains(&p30, &a));
	assert_false(net_prefix_contains(&p30, &b));
	assert_true(net_prefix_contains(&p29, &b));
	assert_true(net_prefix_contains(&p0, &b));
	assert_false(net_prefix_contains(&v6, &b));
	assert_true(net_prefix_covers(&p29, &p30));
	assert_false(net_prefix_covers(&p30, &p29));
	assert_true(net_prefix_overlaps(&p30, &p29));
	assert_false(net_prefix_overlaps(&p30, &v6));
	assert_true(net_addr_cmp(&a, &b) < 0);
	assert_false(net_addr_eq(&a, &b));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_format),
		cmocka_unit_test(test_containment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
