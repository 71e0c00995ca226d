/*
 * Out of memory in `erwatch router`: every allocation of an in-process
 * run over router outputs fails in turn - reading and decoding the files
 * (UTF-16 included), cleaning, the lines, the document's neighbors and
 * events, the config buffer, the salvage of a cut JSON document and
 * jansson's tree (outside its parser, see docs/internals/alloc.md), the
 * analyzer's sorting and bookkeeping, the report document and its JSON
 * and text renderings.  Each run gives
 * exactly the good run's document and text, or fails with ERR_NOMEM
 * (nomem_sweep.h), never a verdict built on half the input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "diag/diag_router.h"
#include "report/report.h"
#include "report/report_doc.h"
#include "report/report_router.h"
#include "router/router.h"

#ifdef ERW_ALLOC_HOOKS
#include "nomem_sweep.h"

static const char *const files[] = {
	"vendor/ios_paste.txt", "vendor/junos_summary_utf16.txt",
	"vendor/frr_neighbors_truncated.json", "vendor/junos_summary.json",
	"vendor/running_config.txt", "vendor/bird16_protocols.txt",
	"max_prefix/frr_bgpd.log", "max_prefix/bird.log",
	"vendor/ios_syslog.log",
};

static int
run_router(const void *arg, FILE *out, struct err *e)
{
	struct router_ctx ctx = { 2024, false, 0, 1700000000LL * USEC_PER_SEC };
	struct router_doc *d;
	struct finding_list fl;
	struct report_doc *doc = NULL;
	char path[512];
	json_t *root;
	size_t i;
	int rc = -1;

	(void)arg;
	if ((d = router_doc_new(&ctx)) == NULL)
		return ERR(e, ERR_NOMEM, "cannot allocate the document");
	finding_list_init(&fl);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/tests/data/router/%s",
		    ERW_SRC_DIR, files[i]);
		if (router_load_file(d, path, e) == -1)
			goto out;
	}
	router_doc_finish(d);
	diag_router(d, NULL, &fl);
	if (finding_list_check(&fl, e) == -1)
		goto out;
	if ((doc = report_doc_new("erwatch router")) == NULL) {
		ERR(e, ERR_NOMEM, "cannot allocate the report");
		goto out;
	}
	report_router_build(report_doc_root(doc), d, &fl);
	if (report_doc_check(doc, e) == -1)
		goto out;
	if ((root = report_doc_json(doc)) == NULL) {
		ERR(e, ERR_NOMEM, "cannot build the JSON document");
		goto out;
	}
	rc = report_json_dump(out, root, e);
	json_decref(root);
	if (rc == 0) {
		(void)report_doc_text(out, doc, REPORT_TEXT_NO_REMEDY);
		fprintf(out, "exit %d\n", finding_list_exit_code(&fl));
	}
out:
	report_doc_free(doc);
	finding_list_release(&fl);
	router_doc_free(d);
	return rc;
}

static void
test_router(void **state)
{
	struct nomem_result r;

	(void)state;
	r = nomem_sweep("router", run_router, NULL);
	/* most failures cannot be absorbed: the run must say so */
	assert_true(r.failed > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_router),
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
