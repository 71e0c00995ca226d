/*
 * Address and prefix parsing, formatting and containment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
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

/*
 * IPv4 text is parsed and formatted without libc (the batch modes do it
 * millions of times); the answers must be libc's: inet_pton() on random
 * strings of digits and dots (and a few other bytes), inet_ntop() and
 * "%s/%u" on random addresses and lengths.
 */
static void
test_v4_same_as_libc(void **state)
{
	static const char alphabet[] = "0123456789012345678901234567890...x ";
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	char s[24], want[NET_PREFIX_STRLEN], got[NET_PREFIX_STRLEN];
	struct net_addr a;
	struct net_prefix p;
	uint8_t b[4];
	unsigned i, k, n, agreed_ok = 0;

	(void)state;
	for (i = 0; i < 400000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		n = 1 + (unsigned)(x % 19);
		for (k = 0; k < n; k++)
			s[k] = alphabet[(x >> (k * 3 % 50)) % (sizeof(alphabet) -
			    1)];
		s[n] = '\0';
		if (i % 4 == 0)	/* well-formed quads, some out of range */
			snprintf(s, sizeof(s), "%u.%u.%u.%u",
			    (unsigned)(x % 300), (unsigned)(x >> 9 & 255),
			    (unsigned)(x >> 17 & 255), (unsigned)(x >> 25 & 511));
		k = inet_pton(AF_INET, s, b) == 1;
		if (k != (net_addr_parse(s, &a) == 0))
			fail_msg("'%s': inet_pton %u, net_addr_parse %u", s, k,
			    !k);
		if (k) {
			assert_memory_equal(a.a, b, 4);
			agreed_ok++;
		}
		net_addr_set_v4(&a, (uint32_t)(x >> 11));
		inet_ntop(AF_INET, a.a, want, sizeof(want));
		assert_string_equal(net_addr_str(&a, got), want);
		p.addr = a;
		p.len = (uint8_t)(x % 33);
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
		    "/%u", p.len);
		assert_string_equal(net_prefix_str(&p, got), want);
	}
	assert_true(agreed_ok > 20000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_format),
		cmocka_unit_test(test_containment),
		cmocka_unit_test(test_v4_same_as_libc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
