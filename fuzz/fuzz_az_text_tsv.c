/*
 * fuzz_az_text_tsv.c: libFuzzer target for az -o tsv (az_text_table.c).
 * The body is fuzz_az_text.h.
 */
#include "fuzz_az_text.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_az_text_run(data, size, AZ_FMT_TSV);
	return 0;
}
