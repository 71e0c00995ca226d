/*
 * fuzz_router.h: what the router fuzz targets share (header-only, as each
 * target is one program): load the bytes with one parser forced (RP_NONE:
 * recognise as usual), finish the document, judge it and build its JSON
 * document, so that every stored field is read under the sanitizers.
 */
#ifndef ERW_FUZZ_ROUTER_H
#define ERW_FUZZ_ROUTER_H

#include <stdint.h>

#include "diag/diag_router.h"
#include "report/report_router.h"
#include "router/router_int.h"

static inline void
fuzz_router_one(const uint8_t *data, size_t size, enum rparser p)
{
	struct router_ctx ctx = { 0, false, 0, 1700000000LL * USEC_PER_SEC };
	struct router_doc *d;
	struct finding_list fl;
	struct err e;
	json_t *j;

	if ((d = router_doc_new(&ctx)) == NULL)
		return;
	err_clear(&e);
	(void)router_load_forced(d, "fuzz", data, size, p, &e);
	/* a second file: merging with what the first one gave */
	err_clear(&e);
	(void)router_load_forced(d, "fuzz2", data, size / 2, p, &e);
	router_doc_finish(d);
	finding_list_init(&fl);
	diag_router(d, NULL, &fl);
	if ((j = report_router_json(d, &fl)) != NULL)
		json_decref(j);
	finding_list_release(&fl);
	router_doc_free(d);
}

#endif /* ERW_FUZZ_ROUTER_H */
