/*
 * The allocation seam, test build.  Every allocation in src/ (and jansson's,
 * once the program hands it erw_malloc) comes through here, so a test can
 * make any single one of them fail and check that the code above unwinds:
 * frees what it holds, reports ERR_NOMEM, never carries on with half a
 * result.  Only the Nth call fails; the ones after succeed again, so the
 * cleanup and error paths that allocate are exercised too (curl's torture
 * mode works the same way).  Compiled to nothing unless ERW_ALLOC_FAIL is
 * defined; other builds get the libc calls inline from util.h.
 * docs/internals/alloc.md says how to run it by hand.
 *
 * In every build the failures are counted (erw_alloc_failures()), for the
 * callers of libraries that lose the cause of a failure: jansson reports
 * some failed allocations as syntax errors, or not at all.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "util.h"

static atomic_uint_fast64_t	alloc_failures;

void
erw_alloc_note_failure(void)
{
	atomic_fetch_add(&alloc_failures, 1);
}

uint64_t
erw_alloc_failures(void)
{
	return atomic_load(&alloc_failures);
}

#ifdef ERW_ALLOC_FAIL

/* Atomic because a capture thread may allocate beside the main one. */
static atomic_uint_fast64_t	alloc_calls;
static atomic_uint_fast64_t	alloc_fail_at;	/* a call number, 0 never */
static atomic_bool		alloc_fired;
static atomic_int		alloc_exempt;	/* nesting depth */

void
erw_alloc_exempt(bool on)
{
	atomic_fetch_add(&alloc_exempt, on ? 1 : -1);
}

void
erw_alloc_fail_at(uint64_t n)
{
	uint64_t now = atomic_load(&alloc_calls);

	atomic_store(&alloc_fired, false);
	atomic_store(&alloc_fail_at, n == 0 ? 0 : now + n);
}

uint64_t
erw_alloc_calls(void)
{
	return atomic_load(&alloc_calls);
}

bool
erw_alloc_fired(void)
{
	return atomic_load(&alloc_fired);
}

/* Count one call; true when this is the one that must fail. */
static bool
alloc_tick(void)
{
	uint64_t n;

	if (atomic_load(&alloc_exempt) > 0)
		return false;
	n = atomic_fetch_add(&alloc_calls, 1) + 1;

	if (n != atomic_load(&alloc_fail_at))
		return false;
	atomic_store(&alloc_fired, true);
	erw_alloc_note_failure();
	errno = ENOMEM;
	return true;
}

void *
erw_malloc(size_t n)
{
	return alloc_tick() ? NULL : malloc(n);
}

void *
erw_calloc(size_t n, size_t size)
{
	return alloc_tick() ? NULL : calloc(n, size);
}

void *
erw_realloc(void *p, size_t n)
{
	/* a failed realloc leaves p valid, as libc's does */
	return alloc_tick() ? NULL : realloc(p, n);
}

void *
erw_reallocarray(void *p, size_t n, size_t size)
{
	return alloc_tick() ? NULL : reallocarray(p, n, size);
}

char *
erw_strdup(const char *s)
{
	return alloc_tick() ? NULL : strdup(s);
}

int
erw_memalign(void **p, size_t align, size_t n)
{
	if (alloc_tick())
		return ENOMEM;
	return posix_memalign(p, align, n);
}

#endif /* ERW_ALLOC_FAIL */
