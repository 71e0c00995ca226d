/*
 * bench_lpm: the longest-prefix-match table at Internet scale.
 *
 * Generates (fixed seed) 1,000,000 IPv4 prefixes with a full table's length
 * mix (about 60 % /24, then /22-/23, /16-/21, few shorter or longer),
 * clustered in 45,000 allocated /16s as real tables are, and 200,000 IPv6
 * prefixes (mostly /48, then /32-/44) under 20,000 /32s.  Prints build
 * time, lookups per second on one core for both families, the memory the
 * table holds (its own count and the RSS growth), and a brute-force linear
 * scan over the same prefixes on a sample of addresses, whose answers must
 * be identical.  Times are CPU time of the measuring thread (the machine
 * may be shared; wall clock is printed too), for single lookups and for the batched
 * path (net_lpm_lookup4_batch, interleaved reads), whose answers are
 * compared with the single ones.  Exits 1 when a target is missed or an
 * answer differs: build <= 1 s, IPv4 >= 20 M lookups/s (single or
 * batched), memory <= 128 MB.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "net/net.h"
#include "net/net_lpm.h"

#define N4		1000000
#define N6		200000
#define NQ		(4 * 1024 * 1024)
#define ROUNDS4		8
#define ROUNDS6		2
#define NREF4		400
#define NREF6		400

static uint64_t rng_state = 0x1234567887654321ULL;

static uint32_t
rng(void)
{
	return bench_rng(&rng_state);
}

static double
rss_mb(void)
{
	FILE *fp = fopen("/proc/self/statm", "r");
	unsigned long size = 0, res = 0;

	if (fp == NULL)
		return 0;
	if (fscanf(fp, "%lu %lu", &size, &res) != 2)
		res = 0;
	fclose(fp);
	return (double)res * (double)sysconf(_SC_PAGESIZE) / 1048576.0;
}

static unsigned
len4(void)
{
	unsigned r = rng() % 1000;

	if (r < 600)
		return 24;
	if (r < 700)
		return 23;
	if (r < 820)
		return 22;
	if (r < 870)
		return 21;
	if (r < 910)
		return 20;
	if (r < 940)
		return 19;
	if (r < 960)
		return 18;
	if (r < 975)
		return 17;
	if (r < 988)
		return 16;
	if (r < 995)
		return 9 + rng() % 7;		/* /9../15 */
	return 25 + rng() % 8;			/* /25../32 */
}

static unsigned
len6(void)
{
	unsigned r = rng() % 100;

	if (r < 70)
		return 48;
	if (r < 80)
		return 32;
	if (r < 95)
		return 33 + rng() % 12;		/* /33../44 */
	return 45 + rng() % 20;			/* /45../64 */
}

struct p4 {
	uint32_t	a;
	uint8_t		len;
};

struct p6 {
	uint8_t		a[16];
	uint8_t		len;
};

static uint32_t
m4(unsigned len)
{
	return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

static bool
in6(const struct p6 *p, const uint8_t *a)
{
	unsigned full = p->len / 8, rem = p->len % 8;

	if (memcmp(p->a, a, full) != 0)
		return false;
	if (rem == 0)
		return true;
	return ((p->a[full] ^ a[full]) & (uint8_t)(0xff << (8 - rem))) == 0;
}

int
main(void)
{
	static uint32_t slash16[45000];
	static uint8_t slash32[20000][4];
	struct p4 *v4 = malloc(N4 * sizeof(*v4));
	struct p6 *v6 = malloc(N6 * sizeof(*v6));
	uint32_t *q4 = malloc(NQ * sizeof(uint32_t));
	uint8_t (*q6)[16] = malloc((NQ / 4) * 16);
	struct net_lpm *t;
	struct net_prefix p;
	struct err e;
	double t0, t_build, wb, t4, t6, rss0, rss1, tb4, tb6, t4b, w4, w4b;
	uint32_t *bv = malloc(NQ * sizeof(uint32_t));
	bool *bf = malloc(NQ * sizeof(bool));
	size_t i, r, mism = 0;
	uint64_t sum = 0;
	uint32_t v;
	int fail = 0;

	if (v4 == NULL || v6 == NULL || q4 == NULL || q6 == NULL ||
	    bv == NULL || bf == NULL)
		return 3;
	err_clear(&e);
	for (i = 0; i < 45000; i++)
		slash16[i] = (1 + rng() % 222) << 24 | (rng() & 0xff) << 16;
	for (i = 0; i < 20000; i++) {
		slash32[i][0] = 0x20 | (rng() & 0x0f);
		slash32[i][1] = (uint8_t)rng();
		slash32[i][2] = (uint8_t)rng();
		slash32[i][3] = (uint8_t)rng();
	}
	for (i = 0; i < N4; i++) {
		unsigned len = len4();

		v4[i].len = (uint8_t)len;
		if (len < 16)
			v4[i].a = slash16[rng() % 45000] & m4(len);
		else
			v4[i].a = (slash16[rng() % 45000] | (rng() & 0xffff)) &
			    m4(len);
	}
	for (i = 0; i < N6; i++) {
		unsigned k;

		memset(v6[i].a, 0, 16);
		memcpy(v6[i].a, slash32[rng() % 20000], 4);
		for (k = 4; k < 8; k++)
			v6[i].a[k] = (uint8_t)rng();
		v6[i].len = (uint8_t)len6();
		for (k = v6[i].len; k < 128; k++)
			v6[i].a[k / 8] &= (uint8_t)~(0x80 >> (k % 8));
	}
	/* Queries: half inside announced space, half anywhere. */
	for (i = 0; i < NQ; i++)
		q4[i] = (i & 1) ? rng() : (v4[rng() % N4].a | (rng() & 0xff));
	for (i = 0; i < NQ / 4; i++) {
		unsigned k;

		memcpy(q6[i], v6[rng() % N6].a, 16);
		for (k = 6; k < 16; k++)
			q6[i][k] ^= (uint8_t)rng();
	}

	rss0 = rss_mb();
	wb = bench_wall_seconds();
	t0 = bench_cpu_seconds();
	if ((t = net_lpm_new()) == NULL)
		return 3;
	for (i = 0; i < N4; i++) {
		memset(&p, 0, sizeof(p));
		net_addr_set_v4(&p.addr, v4[i].a);
		p.len = v4[i].len;
		if (net_lpm_add(t, &p, (uint32_t)i, &e) == -1)
			return 3;
	}
	for (i = 0; i < N6; i++) {
		net_addr_from6(&p.addr, v6[i].a);
		p.len = v6[i].len;
		if (net_lpm_add(t, &p, (uint32_t)(N4 + i), &e) == -1)
			return 3;
	}
	if (net_lpm_build(t, &e) == -1)
		return 3;
	t_build = bench_cpu_seconds() - t0;
	wb = bench_wall_seconds() - wb;
	rss1 = rss_mb();

	w4 = bench_wall_seconds();
	t0 = bench_cpu_seconds();
	for (r = 0; r < ROUNDS4; r++)
		for (i = 0; i < NQ; i++)
			if (net_lpm_lookup4(t, q4[i], &v))
				sum += v;
	t4 = bench_cpu_seconds() - t0;
	w4 = bench_wall_seconds() - w4;
	w4b = bench_wall_seconds();
	t0 = bench_cpu_seconds();
	for (r = 0; r < ROUNDS4; r++) {
		net_lpm_lookup4_batch(t, q4, NQ, bv, bf);
		sum += bv[r];
	}
	t4b = bench_cpu_seconds() - t0;
	w4b = bench_wall_seconds() - w4b;
	/* the batch path answers exactly like the single one */
	for (i = 0; i < NQ; i++) {
		bool f = net_lpm_lookup4(t, q4[i], &v);

		if (f != bf[i] || (f && v != bv[i]))
			mism++;
	}
	t0 = bench_cpu_seconds();
	for (r = 0; r < ROUNDS6; r++)
		for (i = 0; i < NQ / 4; i++)
			if (net_lpm_lookup6(t, q6[i], &v))
				sum += v;
	t6 = bench_cpu_seconds() - t0;

	/* Reference: a linear scan (later duplicate wins, as in the table). */
	t0 = bench_wall_seconds();
	for (i = 0; i < NREF4; i++) {
		uint32_t a = q4[i * 7919 % NQ], got = 0;
		long best = -1;
		size_t k;
		bool found;

		for (k = 0; k < N4; k++)
			if (((a ^ v4[k].a) & m4(v4[k].len)) == 0 &&
			    (best == -1 || v4[k].len >= v4[best].len))
				best = (long)k;
		found = net_lpm_lookup4(t, a, &got);
		if (found != (best != -1) || (found &&
		    (v4[got].a != v4[best].a || v4[got].len != v4[best].len)))
			mism++;
	}
	tb4 = bench_wall_seconds() - t0;
	t0 = bench_wall_seconds();
	for (i = 0; i < NREF6; i++) {
		const uint8_t *a = q6[i * 7919 % (NQ / 4)];
		uint32_t got = 0;
		long best = -1;
		size_t k;
		bool found;

		for (k = 0; k < N6; k++)
			if (in6(&v6[k], a) &&
			    (best == -1 || v6[k].len >= v6[best].len))
				best = (long)k;
		found = net_lpm_lookup6(t, a, &got);
		if (found != (best != -1) || (found && (got < N4 ||
		    memcmp(v6[got - N4].a, v6[best].a, 16) != 0 ||
		    v6[got - N4].len != v6[best].len)))
			mism++;
	}
	tb6 = bench_wall_seconds() - t0;

	{
		double l4 = (double)ROUNDS4 * NQ / t4 / 1e6;
		double l4b = (double)ROUNDS4 * NQ / t4b / 1e6;
		double l4w = (double)ROUNDS4 * NQ / w4 / 1e6;
		double l4bw = (double)ROUNDS4 * NQ / w4b / 1e6;
		double l6 = (double)ROUNDS6 * (NQ / 4) / t6 / 1e6;
		double b4 = NREF4 / tb4 / 1e6, b6 = NREF6 / tb6 / 1e6;
		double mem = (double)net_lpm_memory(t) / 1048576.0;
		double grow = rss1 - rss0;

		printf("prefixes: %zu IPv4 + %zu IPv6 distinct (of %d + %d "
		    "generated)\n", net_lpm_count(t, NET_AF_INET),
		    net_lpm_count(t, NET_AF_INET6), N4, N6);
		printf("%-28s %12s %16s %8s\n", "", "lpm", "brute force",
		    "target");
		printf("%-28s %12.3f %16s %8s\n", "build time (s)", t_build,
		    "-", "<= 1");
		printf("%-28s %12.2f %16.6f %8s\n", "IPv4 lookups (M/s)", l4,
		    b4, ">= 20");
		printf("%-28s %12.2f %16s %8s\n", "IPv4 batched lookups (M/s)",
		    l4b, "-", "(either)");
		printf("%-28s %12.2f %16.6f %8s\n", "IPv6 lookups (M/s)", l6,
		    b6, "-");
		printf("%-28s %12.1f %16s %8s\n", "table memory (MB)", mem,
		    "-", "<= 128");
		printf("%-28s %12.1f %16s %8s\n", "RSS growth in build (MB)",
		    grow, "-", "<= 128");
		printf("(CPU time of this thread; wall clock: build %.3f s, "
		    "%.2f M/s single, %.2f M/s batched)\n", wb, l4w, l4bw);
		printf("answers compared: %d with brute force, %d batched "
		    "with single; differing: %zu (checksum %llu)\n",
		    NREF4 + NREF6, NQ, mism, (unsigned long long)sum);
		if (t_build > 1.0 || (l4 < 20.0 && l4b < 20.0) || mem > 128.0 ||
		    grow > 128.0 || mism != 0) {
			printf("FAIL: a target is missed\n");
			fail = 1;
		} else {
			printf("OK: all targets met\n");
		}
	}
	net_lpm_free(t);
	free(v4);
	free(v6);
	free(q4);
	free(q6);
	free(bv);
	free(bf);
	return fail;
}
