/*
 * bench_nsg: the compiled NSG evaluator against the reference scan.
 *
 * Generates (fixed seed, bench_nsg_gen.h) an NSG pair in `az network nsg
 * show` form, 1,000 custom rules each with a realistic mix, loads
 * it through the real loader (az_load_buf + nsg_set_load, subnet and NIC
 * level, defaults added), then evaluates 10,000,000 random flows (fixed
 * seed, generated in blocks outside the timed section) with
 * nsg_eval_many(), the batch entry point `erwatch flow --batch` uses (its
 * lookups are interleaved and prefetched); nsg_eval(), one flow at a time,
 * is timed on the first block for information.
 * The reference, nsg_eval_scan(), runs in the same process on a sample of
 * the same flows (it is too slow for all of them in reasonable time); its
 * rate is measured on that sample and labeled as such.  Every verdict of
 * the sample must be identical (access, deciding NSG and rule), and with
 * --full every one of the 10M flows is checked against the scan.
 * Exits 1 when a target is missed or a verdict differs:
 *   compiled >= 5,000,000 verdicts/s, compiled >= 10x the scan.
 * --flows N evaluates N flows instead (profiling under valgrind's
 * callgrind or cachegrind, whose counts are repeatable).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "bench_util.h"
#include "bench_nsg_gen.h"
#include "azure/az_nsg.h"
#include "azure/azure.h"

#define NFLOWS		10000000u
#define BLOCK		65536u
#define NSAMPLE		200000u
#define TARGET_RATE	5e6
#define TARGET_RATIO	10.0

static bool
same(const struct nsg_verdict *a, const struct nsg_verdict *b)
{
	return a->access == b->access && a->rule == b->rule &&
	    a->nsg == b->nsg;
}

static bool
same_brief(const struct nsg_brief *a, const struct nsg_verdict *b)
{
	return a->access == b->access && a->rule == b->rule &&
	    a->nsg == b->nsg;
}

static int
load(struct nsg_set *set, const char *name, enum nsg_level lvl)
{
	struct az_doc *doc;
	struct err e;
	char *text = gen_nsg(name, JSON_COMPACT);
	char buf[512];
	int rc;

	err_clear(&e);
	rc = az_load_buf(name, text, strlen(text), &doc, &e);
	free(text);
	if (rc == 0) {
		rc = nsg_set_load(set, doc, lvl, &e);
		az_doc_free(doc);
	}
	if (rc == -1)
		fprintf(stderr, "bench_nsg: %s\n", err_str(&e, buf,
		    sizeof(buf)));
	return rc;
}

int
main(int argc, char *argv[])
{
	struct nsg_set set;
	struct nsg_flow *flows;
	struct nsg_brief *briefs;
	double t_single = 0;
	uint64_t single_denied = 0;
	unsigned single_n = 0;
	struct nsg_verdict v, w;
	struct err e;
	double t0, w0, t_comp = 0, w_comp = 0, t_scan, w_scan, t_build, rate,
	    srate;
	uint64_t done = 0, denied = 0, mismatch = 0, checked = 0;
	bool full = false;
	unsigned i, n, nflows = NFLOWS;
	int fail = 0, a;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--full") == 0)
			full = true;
		else if (strcmp(argv[a], "--flows") == 0 && a + 1 < argc &&
		    atoi(argv[a + 1]) > 0)
			nflows = (unsigned)atoi(argv[++a]);
		else {
			fprintf(stderr, "usage: bench_nsg [--full] "
			    "[--flows N]\n");
			return 2;
		}
	}

	nsg_set_init(&set);
	err_clear(&e);
	t0 = bench_cpu_seconds();
	if (load(&set, "nsg-bench-subnet", NSG_LEVEL_SUBNET) == -1 ||
	    load(&set, "nsg-bench-nic", NSG_LEVEL_NIC) == -1 ||
	    nsg_set_define(&set, NSG_GEN_TAG, false, &e) == -1 ||
	    nsg_set_define(&set, NSG_GEN_ASG, true, &e) == -1 || nsg_set_finalize(&set, &e) == -1) {
		fprintf(stderr, "bench_nsg: setup failed: %s\n", e.msg);
		return 1;
	}
	t_build = bench_cpu_seconds() - t0;
	printf("rule set: 2 NSGs x %d custom rules (+ defaults), %zu+%zu "
	    "rules loaded and compiled in %.3f s\n", NRULES,
	    set.nsg[0].nrules, set.nsg[1].nrules, t_build);

	flows = malloc(BLOCK * sizeof(*flows));
	briefs = malloc(BLOCK * sizeof(*briefs));
	if (flows == NULL || briefs == NULL)
		return 1;
	/* Compiled: all flows, timed per block, generation excluded. */
	rng_state = NSG_GEN_FLOW_SEED;
	while (done < nflows) {
		n = nflows - done < BLOCK ? (unsigned)(nflows - done) : BLOCK;
		for (i = 0; i < n; i++)
			gen_flow(&flows[i]);
		t0 = bench_cpu_seconds();
		w0 = bench_wall_seconds();
		nsg_eval_many(&set, flows, n, briefs);
		t_comp += bench_cpu_seconds() - t0;
		w_comp += bench_wall_seconds() - w0;
		for (i = 0; i < n; i++)
			denied += briefs[i].access == NSG_DENY;
		if (full) {
			for (i = 0; i < n; i++) {
				nsg_eval_scan(&set, &flows[i], &w);
				mismatch += !same_brief(&briefs[i], &w);
			}
			checked += n;
		} else if (done == 0) {
			/* Single-flow API on the first block, for reference. */
			t0 = bench_cpu_seconds();
			for (i = 0; i < n; i++) {
				nsg_eval(&set, &flows[i], &v);
				single_denied += v.access == NSG_DENY;
			}
			t_single = bench_cpu_seconds() - t0;
			single_n = n;
		}
		done += n;
	}
	rate = (double)done / t_comp;

	/* Reference scan: the first NSAMPLE flows of the same sequence (no
	 * more than --flows). */
	rng_state = NSG_GEN_FLOW_SEED;
	for (i = 0; i < NSAMPLE && i < BLOCK && i < nflows; i++)
		gen_flow(&flows[i]);
	n = i;
	{
		unsigned rounds = (nflows < NSAMPLE ? nflows : NSAMPLE) / n, r;
		uint64_t sdenied = 0;

		t0 = bench_cpu_seconds();
		w0 = bench_wall_seconds();
		for (r = 0; r < rounds; r++)
			for (i = 0; i < n; i++) {
				nsg_eval_scan(&set, &flows[i], &w);
				sdenied += w.access == NSG_DENY;
			}
		t_scan = bench_cpu_seconds() - t0;
		w_scan = bench_wall_seconds() - w0;
		srate = (double)rounds * n / t_scan;
		(void)sdenied;
	}
	if (!full) {
		nsg_eval_many(&set, flows, n, briefs);
		for (i = 0; i < n; i++) {
			nsg_eval(&set, &flows[i], &v);
			nsg_eval_scan(&set, &flows[i], &w);
			mismatch += !same(&v, &w) ||
			    !same_brief(&briefs[i], &w);
		}
		checked = n;
	}

	printf("flows: %u random (fixed seed), %.1f %% denied\n", nflows,
	    100.0 * (double)denied / (double)done);
	printf("compiled evaluator : %12.0f verdicts/s  (all %u flows, %.2f s "
	    "CPU, %.2f s wall)\n", rate, nflows, t_comp, w_comp);
	if (single_n > 0)
		printf("  one at a time    : %12.0f verdicts/s  (nsg_eval(), "
		    "first %u flows, for information)\n",
		    (double)single_n / t_single, single_n);
	printf("reference scan     : %12.0f verdicts/s  (measured on a sample "
	    "of %u flows, %.2f s CPU, %.2f s wall; not run on all %u)\n",
	    srate, (unsigned)(srate * t_scan + 0.5), t_scan, w_scan, nflows);
	printf("ratio              : %12.1f x   (target >= %.0f x)\n",
	    rate / srate, TARGET_RATIO);
	printf("target             : %12.0f verdicts/s\n", TARGET_RATE);
	printf("verdicts checked against the scan: %llu, different: %llu%s\n",
	    (unsigned long long)checked, (unsigned long long)mismatch,
	    full ? " (all flows)" : " (sample; --full checks all)");
	if (mismatch != 0) {
		printf("FAIL: compiled and reference verdicts differ\n");
		fail = 1;
	}
	if (rate < TARGET_RATE) {
		printf("FAIL: compiled evaluator below %.0f verdicts/s\n",
		    TARGET_RATE);
		fail = 1;
	}
	if (rate / srate < TARGET_RATIO) {
		printf("FAIL: compiled evaluator less than %.0fx the scan\n",
		    TARGET_RATIO);
		fail = 1;
	}
	if (!fail)
		printf("PASS\n");
	free(flows);
	free(briefs);
	nsg_set_release(&set);
	(void)single_denied;
	return fail;
}
