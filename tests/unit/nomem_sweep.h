/*
 * The out-of-memory sweep shared by the test_nomem_*.c tests: count the
 * allocations of a successful run, then run again failing the 1st, the
 * 2nd, ... the last of them (util_alloc.c fails exactly one).  Each run
 * must either produce exactly the output of the successful one, or fail
 * with ERR_NOMEM and a message saying so; ASan (detect_leaks=1) checks at
 * exit that no failed run leaked.  Output goes through open_memstream(),
 * which allocates with libc's malloc, past the seam, so the harness never
 * fails itself.  Include after cmocka.h; needs ERW_ALLOC_HOOKS.
 */
#ifndef NOMEM_SWEEP_H
#define NOMEM_SWEEP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util/util.h"

/* One run: write everything the run produced to out; 0, or -1 with e. */
typedef int	(*nomem_run_fn)(const void *arg, FILE *out, struct err *e);

struct nomem_result {
	uint64_t	 total;		/* allocations of the good run */
	uint64_t	 failed;	/* runs that failed with ERR_NOMEM */
	uint64_t	 absorbed;	/* runs that succeeded all the same */
};

/* jansson's allocations count too, as in main(). */
static void
nomem_setup(void)
{
	json_set_alloc_funcs(erw_malloc, free);
}

/* The first line where got differs from want, both printed. */
static void
nomem_diff(const char *want, const char *got)
{
	size_t line = 1, i = 0, ws = 0;

	while (want[i] != '\0' && want[i] == got[i]) {
		if (want[i] == '\n') {
			line++;
			ws = i + 1;
		}
		i++;
	}
	print_error("first difference at line %zu:\n- %.*s\n+ %.*s\n", line,
	    (int)strcspn(want + ws, "\n"), want + ws,
	    (int)strcspn(got + ws, "\n"), got + ws);
}

static int
nomem_once(nomem_run_fn fn, const void *arg, char **text, size_t *len,
    struct err *e)
{
	FILE *fp;
	int rc;

	*text = NULL;
	*len = 0;
	if ((fp = open_memstream(text, len)) == NULL)
		fail_msg("open_memstream failed");
	err_clear(e);
	rc = fn(arg, fp, e);
	if (fclose(fp) != 0)
		fail_msg("memstream failed");
	return rc;
}

static struct nomem_result
nomem_sweep(const char *what, nomem_run_fn fn, const void *arg)
{
	struct nomem_result res = { 0, 0, 0 };
	char *ref, *out, buf[512];
	size_t rlen, olen;
	uint64_t n0, n;
	struct err e;
	bool fired;
	int rc;

	erw_alloc_fail_at(0);
	n0 = erw_alloc_calls();
	if (nomem_once(fn, arg, &ref, &rlen, &e) == -1)
		fail_msg("%s: the run without failures failed: %s", what,
		    err_str(&e, buf, sizeof(buf)));
	res.total = erw_alloc_calls() - n0;
	if (res.total == 0)
		fail_msg("%s: the run allocates nothing: nothing to test",
		    what);
	for (n = 1; n <= res.total; n++) {
		erw_alloc_fail_at(n);
		rc = nomem_once(fn, arg, &out, &olen, &e);
		fired = erw_alloc_fired();
		erw_alloc_fail_at(0);
		if (!fired)
			fail_msg("%s: run %llu made fewer than %llu "
			    "allocations: the runs are not repeatable", what,
			    (unsigned long long)n,
			    (unsigned long long)res.total);
		if (rc == 0) {
			if (olen != rlen || memcmp(out, ref, rlen) != 0) {
				nomem_diff(ref, out);
				free(ref);
				free(out);
				fail_msg("%s: allocation %llu of %llu failed "
				    "and the run succeeded with different "
				    "output", what, (unsigned long long)n,
				    (unsigned long long)res.total);
			}
			res.absorbed++;
		} else {
			err_str(&e, buf, sizeof(buf));
			if (e.code != ERR_NOMEM ||
			    strstr(buf, "out of memory") == NULL) {
				free(ref);
				free(out);
				fail_msg("%s: allocation %llu of %llu failed "
				    "and the run reported something else "
				    "(code %d): %s", what,
				    (unsigned long long)n,
				    (unsigned long long)res.total, e.code,
				    buf);
			}
			res.failed++;
		}
		free(out);
	}
	free(ref);
	print_message("%s: %llu allocations, %llu failed runs, %llu "
	    "absorbed\n", what, (unsigned long long)res.total,
	    (unsigned long long)res.failed,
	    (unsigned long long)res.absorbed);
	return res;
}

#endif /* NOMEM_SWEEP_H */
