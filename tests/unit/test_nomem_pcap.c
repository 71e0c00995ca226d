/*
 * Out of memory in the capture analyzer: every allocation of a run over a
 * few small captures (tests/data) fails in turn, through capture/, pkt,
 * the flow tracker, the reassembler, the BGP codec, diag_pcap with its
 * hand-over of sessions at the end of a file, and both renderers.  Each run
 * gives exactly the findings, counts, sessions and timeline of the good
 * run, or fails with ERR_NOMEM (nomem_sweep.h).  Two files in one run
 * exercise the hand-over twice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "capture/capture.h"
#include "diag/diag_pcap.h"
#include "report/report.h"
#include "report/report_pcap.h"

#ifdef ERW_ALLOC_HOOKS
#include "nomem_sweep.h"

struct pcap_case {
	const char	*files[3];	/* under tests/data, NULL-ended */
	bool		 timeline;
	bool		 json;
};

static int
analyze(struct diag_pcap *ctx, const char *path, struct err *e)
{
	struct cap_file *cf;
	struct cap_record rec;
	struct err rerr;
	int r;

	if (cap_open_file(path, &cf, e) == -1)
		return -1;
	if (diag_pcap_file_begin(ctx, path, cap_dlt(cf), e) == -1) {
		cap_close(cf);
		return -1;
	}
	err_clear(&rerr);
	while ((r = cap_next(cf, &rec, &rerr)) == 1)
		if (diag_pcap_feed(ctx, &rec, e) == -1) {
			diag_pcap_file_end(ctx, NULL);
			cap_close(cf);
			return -1;
		}
	diag_pcap_file_end(ctx, r == -1 ? &rerr : NULL);
	cap_close(cf);
	if (r == -1 && rerr.code == ERR_NOMEM) {
		*e = rerr;
		return -1;
	}
	return 0;
}

/* What `erwatch pcap` does, in-process, rendering to out. */
static int
run_pcap(const void *arg, FILE *out, struct err *e)
{
	const struct pcap_case *pc = arg;
	struct diag_pcap_opts o;
	struct diag_pcap *ctx;
	struct finding_list fl;
	char path[512];
	json_t *root;
	int i, rc = -1;

	memset(&o, 0, sizeof(o));
	o.timeline = pc->timeline;
	if ((ctx = diag_pcap_new(&o, e)) == NULL)
		return -1;
	finding_list_init(&fl);
	for (i = 0; pc->files[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s/tests/data/%s", ERW_SRC_DIR,
		    pc->files[i]);
		if (analyze(ctx, path, e) == -1)
			goto out;
	}
	if (diag_pcap_finish(ctx, &fl, e) == -1)
		goto out;
	if (pc->json) {
		if ((root = report_pcap_json(ctx, &fl)) == NULL) {
			ERR(e, ERR_NOMEM, "cannot build the JSON document");
			goto out;
		}
		if (report_json_dump(out, root, e) == -1) {
			json_decref(root);
			goto out;
		}
		json_decref(root);
	} else if (report_pcap_text(out, ctx, pc->timeline ?
	    REPORT_PCAP_TIMELINE : 0, REPORT_TEXT_NO_REMEDY) == -1) {
		/* the document is incomplete: nothing was printed */
		ERR(e, ERR_NOMEM, "cannot build the report");
		goto out;
	}
	fprintf(out, "exit %d\n", finding_list_exit_code(&fl));
	rc = 0;
out:
	finding_list_release(&fl);
	diag_pcap_free(ctx);
	return rc;
}

static void
sweep(const struct pcap_case *pc)
{
	char what[256];

	snprintf(what, sizeof(what), "%s%s%s%s", pc->files[0],
	    pc->files[1] != NULL ? " + more" : "",
	    pc->timeline ? " --timeline" : "", pc->json ? " --json" : "");
	nomem_sweep(what, run_pcap, pc);
}

/* A flap (two establishments, NOTIFICATIONs) with its timeline. */
static void
test_flap_timeline(void **state)
{
	static const struct pcap_case pc = {
		{ "captures/session_flap/capture.pcap", NULL }, true, false
	};

	(void)state;
	sweep(&pc);
}

/* ICMP, path MTU and reassembly across segments. */
static void
test_mtu_icmp(void **state)
{
	static const struct pcap_case pc = {
		{ "captures/mtu_icmp/capture.pcap", NULL }, true, false
	};

	(void)state;
	sweep(&pc);
}

/* Two files in one run: the sessions are handed over twice. */
static void
test_two_files(void **state)
{
	static const struct pcap_case pc = {
		{ "captures/md5_mismatch/capture.pcap",
		  "pcap/midsession/max_prefix/capture.pcap", NULL },
		true, false
	};

	(void)state;
	sweep(&pc);
}

/* The JSON document: jansson's allocations fail too. */
static void
test_json(void **state)
{
	static const struct pcap_case pc = {
		{ "captures/hold_timer_expired/capture.pcap", NULL }, false,
		true
	};

	(void)state;
	sweep(&pc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flap_timeline),
		cmocka_unit_test(test_mtu_icmp),
		cmocka_unit_test(test_two_files),
		cmocka_unit_test(test_json),
	};

	nomem_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
#else
static void
test_no_seam(void **state)
{
	(void)state;
	skip();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_seam),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
