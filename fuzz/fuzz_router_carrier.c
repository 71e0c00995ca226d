/*
 * fuzz_router_carrier.c: libFuzzer target for the carrier outage table parser (router_carrier.c) and the timestamp reader it uses.
 * The bytes go through the same decoding and cleaning as a file (BOM,
 * UTF-16, CRLF, escapes, pager prompts, prompt lines), then every section
 * is given to this parser alone, whatever it looks like; the document is
 * then judged (diag_router) and rendered to JSON, which reads every field
 * the parser filled.  Nothing is printed; everything is freed.
 */
#include <stdint.h>

#include "fuzz_router.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_router_one(data, size, RP_CARRIER);
	return 0;
}
