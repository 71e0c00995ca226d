/*
 * fuzz_router_bird.c: libFuzzer target for the BIRD parser (router_bird.c): birdc show protocols all of BIRD 2 and 1.6.
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
	fuzz_router_one(data, size, RP_BIRD);
	return 0;
}
