/*
 * fuzz_router_input.c: libFuzzer target for the whole `erwatch router`
 * path: decoding, cleaning, sections at prompts, recognition by content
 * and every parser it picks, then diag_router and both renderers' JSON.
 */
#include <stdint.h>

#include "fuzz_router.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_router_one(data, size, RP_NONE);
	return 0;
}
