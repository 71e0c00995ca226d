/*
 * fuzz_evidence.c: libFuzzer target for the evidence recogniser
 * (diag/diag_evidence.c, evidence_recognise_buf): the bytes of one file of
 * an evidence folder, given whole and as the first bytes only, as the
 * folder walk does.  Every branch is reached from content alone: capture
 * magic, binary sniffing, UTF-16 and BOMs, JSON told apart by its keys
 * (Azure exports, peering, context.json, read by diag_context_load()),
 * commands files and the router module's recognition.  Nothing is
 * printed; everything is freed.
 */
#include <stdint.h>
#include <string.h>

#include "diag/analyzer.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evidence_item it;
	struct diag_context ctx;
	struct err e;

	memset(&it, 0, sizeof(it));
	err_clear(&e);
	(void)evidence_recognise_buf(&it, "fuzz", data, size < 64 ? size : 64,
	    size < 64, &e);
	err_clear(&e);
	if (evidence_recognise_buf(&it, "fuzz", data, size, true, &e) == 0 &&
	    it.type == EVT_CONTEXT && it.doc != NULL) {
		err_clear(&e);
		(void)diag_context_load(&ctx, it.doc, &e);
	}
	az_doc_free(it.doc);
	return 0;
}
