/*
 * Helpers the benchmarks share, so that every figure is measured the same
 * way: a fixed-seed xorshift64* generator (repeatable inputs) and the two
 * clocks a benchmark reports, CPU time of the calling thread ("per core",
 * whatever else the machine runs) beside wall-clock time.  Header only:
 * every benchmark source is its own program.
 */
#ifndef ERW_BENCH_UTIL_H
#define ERW_BENCH_UTIL_H

#include <stdint.h>
#include <time.h>

/* Next 32 random bits from *state (xorshift64*, never seed with 0). */
static inline uint32_t
bench_rng(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return (uint32_t)((*state * 2685821657736338717ULL) >> 32);
}

/* CPU seconds used by the calling thread. */
static inline double
bench_cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Monotonic wall-clock seconds. */
static inline double
bench_wall_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif /* ERW_BENCH_UTIL_H */
