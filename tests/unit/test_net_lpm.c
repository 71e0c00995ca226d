/*
 * Unit tests for net_lpm: hand-picked cases (default route, host routes,
 * duplicates, nesting, both families) and a property test comparing the
 * table with a brute-force scan over random overlapping tables (fixed
 * seed, so a failure reproduces).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net/net.h"
#include "net/net_lpm.h"

static uint64_t rng_state;

static uint32_t
rng(void)
{
	/* xorshift64*: deterministic across platforms */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static void
pfx(const char *s, struct net_prefix *p)
{
	assert_int_equal(net_prefix_parse(s, p, NULL), 0);
}

static void
addr(const char *s, struct net_addr *a)
{
	assert_int_equal(net_addr_parse(s, a), 0);
}

static void
add(struct net_lpm *t, const char *s, uint32_t v)
{
	struct net_prefix p;
	struct err e;

	err_clear(&e);
	pfx(s, &p);
	assert_int_equal(net_lpm_add(t, &p, v, &e), 0);
}

static void
expect(struct net_lpm *t, const char *a, bool found, uint32_t v,
    const char *prefix)
{
	struct net_addr ad;
	struct net_prefix m;
	uint32_t got = 0;
	char buf[NET_PREFIX_STRLEN];

	addr(a, &ad);
	assert_int_equal(net_lpm_lookup(t, &ad, &got, &m), found);
	if (!found)
		return;
	assert_int_equal(got, v);
	assert_string_equal(net_prefix_str(&m, buf), prefix);
}

static void
test_basic_v4(void **state)
{
	struct net_lpm *t = net_lpm_new();
	struct net_lpm_match m[8];
	struct net_addr a;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_non_null(t);
	expect(t, "10.0.0.1", false, 0, NULL);		/* never built */
	add(t, "0.0.0.0/0", 1);
	add(t, "10.0.0.0/8", 2);
	add(t, "10.50.0.0/16", 3);
	add(t, "10.50.10.0/24", 4);
	add(t, "10.50.10.20/32", 5);
	add(t, "10.50.10.128/25", 6);
	add(t, "10.50.0.0/16", 7);	/* duplicate: later wins */
	add(t, "192.168.1.0/30", 8);
	assert_int_equal(net_lpm_build(t, &e), 0);
	assert_int_equal(net_lpm_count(t, NET_AF_INET), 7);
	expect(t, "8.8.8.8", true, 1, "0.0.0.0/0");
	expect(t, "10.1.2.3", true, 2, "10.0.0.0/8");
	expect(t, "10.50.99.1", true, 7, "10.50.0.0/16");
	expect(t, "10.50.10.19", true, 4, "10.50.10.0/24");
	expect(t, "10.50.10.20", true, 5, "10.50.10.20/32");
	expect(t, "10.50.10.200", true, 6, "10.50.10.128/25");
	expect(t, "192.168.1.3", true, 8, "192.168.1.0/30");
	expect(t, "192.168.1.4", true, 1, "0.0.0.0/0");
	expect(t, "2001:db8::1", false, 0, NULL);

	addr("10.50.10.20", &a);
	assert_int_equal(net_lpm_matches(t, &a, m, 8), 5);
	assert_int_equal(m[0].value, 5);
	assert_int_equal(m[1].value, 4);
	assert_int_equal(m[2].value, 7);
	assert_int_equal(m[3].value, 2);
	assert_int_equal(m[4].value, 1);
	assert_int_equal(m[4].prefix.len, 0);
	/* only max written, total still counted */
	assert_int_equal(net_lpm_matches(t, &a, m, 2), 5);

	/* rebuild after more adds */
	add(t, "10.50.10.16/28", 9);
	assert_int_equal(net_lpm_build(t, &e), 0);
	expect(t, "10.50.10.17", true, 9, "10.50.10.16/28");
	expect(t, "10.50.10.20", true, 5, "10.50.10.20/32");
	net_lpm_free(t);
}

/* Runs that start and end on the 64-slot word boundaries of a
 * compressed level-2 chunk, checked slot by slot. */
static void
test_chunk_boundaries(void **state)
{
	static const struct {
		const char	*p;
		unsigned	 lo, hi;	/* third octets covered */
	} t[] = {
		{ "10.0.0.0/16", 0, 255 },	/* value 0 */
		{ "10.0.63.0/24", 63, 63 },
		{ "10.0.64.0/24", 64, 64 },
		{ "10.0.128.0/17", 128, 255 },
		{ "10.0.255.0/24", 255, 255 },
		{ "10.0.200.0/22", 200, 203 },
		{ "10.0.127.0/24", 127, 127 },
		{ "10.0.0.0/24", 0, 0 },
		{ "10.0.191.128/25", 191, 191 },	/* level 3 */
	};
	struct net_lpm *l = net_lpm_new();
	struct err e;
	unsigned o, k;

	(void)state;
	err_clear(&e);
	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++)
		add(l, t[k].p, k);
	assert_int_equal(net_lpm_build(l, &e), 0);
	for (o = 0; o < 256; o++) {
		uint32_t want = 0, got = 99;
		unsigned best = 0;

		for (k = 0; k < sizeof(t) / sizeof(t[0]) - 1; k++)
			if (o >= t[k].lo && o <= t[k].hi &&
			    (t[k].hi - t[k].lo) <= (t[best].hi - t[best].lo))
				best = k;
		want = best;
		assert_true(net_lpm_lookup4(l, 0x0a000000u | o << 8 | 1, &got));
		if (got != want)
			fail_msg("10.0.%u.1: got %u, want %u", o, got, want);
	}
	assert_true(net_lpm_lookup4(l, 0x0a00bf81u, &o));
	assert_int_equal(o, 8);
	assert_true(net_lpm_lookup4(l, 0x0a00bf01u, &o));
	assert_int_equal(o, 3);
	net_lpm_free(l);
}

static void
test_basic_v6(void **state)
{
	struct net_lpm *t = net_lpm_new();
	struct net_lpm_match m[8];
	struct net_addr a;
	struct err e;

	(void)state;
	err_clear(&e);
	add(t, "::/0", 1);
	add(t, "2001:db8::/32", 2);
	add(t, "2001:db8:1::/48", 3);
	add(t, "2001:db8:1::1/128", 4);
	add(t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00/120", 5);
	add(t, "10.0.0.0/8", 6);
	assert_int_equal(net_lpm_build(t, &e), 0);
	expect(t, "2001:db8:1::1", true, 4, "2001:db8:1::1/128");
	expect(t, "2001:db8:1::2", true, 3, "2001:db8:1::/48");
	expect(t, "2001:db8:2::2", true, 2, "2001:db8::/32");
	expect(t, "2001:db9::", true, 1, "::/0");
	expect(t, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true, 5,
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00/120");
	expect(t, "10.1.1.1", true, 6, "10.0.0.0/8");
	expect(t, "11.1.1.1", false, 0, NULL);
	addr("2001:db8:1::1", &a);
	assert_int_equal(net_lpm_matches(t, &a, m, 8), 4);
	assert_int_equal(m[3].value, 1);
	net_lpm_free(t);
}

static void
test_bad_input(void **state)
{
	struct net_lpm *t = net_lpm_new();
	struct net_prefix p;
	struct err e;

	(void)state;
	err_clear(&e);
	memset(&p, 0, sizeof(p));
	assert_int_equal(net_lpm_add(t, &p, 1, &e), -1);
	assert_int_equal(e.code, ERR_INPUT);
	err_clear(&e);
	p.addr.family = NET_AF_INET;
	p.len = 33;
	assert_int_equal(net_lpm_add(t, &p, 1, &e), -1);
	/* an empty table builds and answers nothing */
	assert_int_equal(net_lpm_build(t, &e), 0);
	expect(t, "1.2.3.4", false, 0, NULL);
	expect(t, "::1", false, 0, NULL);
	net_lpm_free(t);
}

/* ------------------------------------------------------------------ */
/* Property test against a linear scan                                 */
/* ------------------------------------------------------------------ */

struct ref {
	struct net_prefix	p;
	uint32_t		v;
};

/* Brute force: longest covering prefix, later duplicate wins. */
static int
ref_best(const struct ref *r, size_t n, const struct net_addr *a)
{
	int best = -1;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!net_prefix_contains(&r[i].p, a))
			continue;
		if (best == -1 || r[i].p.len >= r[best].p.len)
			best = (int)i;
	}
	return best;
}

/* Number of distinct prefixes covering a. */
static size_t
ref_count(const struct ref *r, size_t n, const struct net_addr *a)
{
	size_t i, j, c = 0;

	for (i = 0; i < n; i++) {
		if (!net_prefix_contains(&r[i].p, a))
			continue;
		for (j = i + 1; j < n; j++)
			if (r[j].p.len == r[i].p.len &&
			    net_prefix_contains(&r[j].p, &r[i].p.addr))
				break;
		if (j == n)
			c++;
	}
	return c;
}

static void
random_addr(struct net_addr *a, uint8_t fam, const struct net_addr *seeds,
    size_t nseeds)
{
	unsigned i, bits = fam == NET_AF_INET ? 4 : 16;

	/* Near one seed: flip a few random low bits so prefixes overlap. */
	*a = seeds[rng() % nseeds];
	for (i = 0; i < 3; i++) {
		unsigned bit = rng() % (bits * 8);

		if (rng() % 2)
			bit = bits * 8 - 1 - rng() % 12;
		a->a[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
	}
}

static void
property(uint8_t fam, size_t nprefix, size_t nquery)
{
	struct net_lpm *t = net_lpm_new();
	struct net_addr seeds[16], a;
	struct ref *r = calloc(nprefix, sizeof(*r));
	struct net_lpm_match m[130];
	unsigned maxlen = fam == NET_AF_INET ? 32 : 128;
	size_t i, mismatches = 0;
	struct err e;
	char b1[NET_PREFIX_STRLEN], b2[NET_ADDR_STRLEN];

	err_clear(&e);
	assert_non_null(r);
	for (i = 0; i < 16; i++) {
		unsigned k;

		memset(&seeds[i], 0, sizeof(seeds[i]));
		seeds[i].family = fam;
		for (k = 0; k < (fam == NET_AF_INET ? 4u : 16u); k++)
			seeds[i].a[k] = (uint8_t)rng();
	}
	for (i = 0; i < nprefix; i++) {
		unsigned len;
		char s[NET_PREFIX_STRLEN + 8];

		random_addr(&a, fam, seeds, 16);
		switch (rng() % 6) {
		case 0:
			len = maxlen;			/* host route */
			break;
		case 1:
			len = rng() % 9;		/* short, incl. /0 */
			break;
		default:
			len = rng() % (maxlen + 1);
			break;
		}
		snprintf(s, sizeof(s), "%s/%u", net_addr_str(&a, b2), len);
		pfx(s, &r[i].p);
		r[i].v = (uint32_t)i;
		assert_int_equal(net_lpm_add(t, &r[i].p, r[i].v, &e), 0);
	}
	assert_int_equal(net_lpm_build(t, &e), 0);
	for (i = 0; i < nquery; i++) {
		uint32_t got = 0;
		bool found;
		int best;
		size_t n, k;

		random_addr(&a, fam, seeds, 16);
		if (i % 50 == 0)	/* exactly a prefix's first address */
			a = r[rng() % nprefix].p.addr;
		best = ref_best(r, nprefix, &a);
		found = net_lpm_lookup(t, &a, &got, NULL);
		if (found != (best != -1) ||
		    (found && got != r[best].v)) {
			if (mismatches++ < 5)
				print_message("mismatch for %s: lpm %s %u, "
				    "brute force %s\n", net_addr_str(&a, b2),
				    found ? "found" : "none", got, best == -1 ?
				    "none" : net_prefix_str(&r[best].p, b1));
			continue;
		}
		n = net_lpm_matches(t, &a, m, 130);
		if (n != ref_count(r, nprefix, &a))
			mismatches++;
		for (k = 0; k < n && k < 130; k++) {
			if (!net_prefix_contains(&m[k].prefix, &a) ||
			    (k > 0 && m[k].prefix.len >= m[k - 1].prefix.len))
				mismatches++;
		}
	}
	/* the batched IPv4 path answers like the single one */
	if (fam == NET_AF_INET) {
		uint32_t qa[37], qv[37];
		bool qf[37];

		for (i = 0; i < 37; i++) {
			random_addr(&a, fam, seeds, 16);
			qa[i] = net_addr_v4(&a);
		}
		net_lpm_lookup4_batch(t, qa, 37, qv, qf);
		for (i = 0; i < 37; i++) {
			uint32_t v = 0;
			bool f = net_lpm_lookup4(t, qa[i], &v);

			if (f != qf[i] || (f && v != qv[i]))
				mismatches++;
		}
	}
	assert_int_equal(mismatches, 0);
	free(r);
	net_lpm_free(t);
}

static void
test_property_v4(void **state)
{
	(void)state;
	rng_state = 0x5eed1234abcdULL;
	property(NET_AF_INET, 3000, 8000);
	property(NET_AF_INET, 20, 2000);
}

static void
test_property_v6(void **state)
{
	(void)state;
	rng_state = 0x6eed9876fedcULL;
	property(NET_AF_INET6, 3000, 8000);
	property(NET_AF_INET6, 20, 2000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_v4),
		cmocka_unit_test(test_chunk_boundaries),
		cmocka_unit_test(test_basic_v6),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_property_v4),
		cmocka_unit_test(test_property_v6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
