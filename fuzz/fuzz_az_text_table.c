/*
 * fuzz_az_text_table.c: libFuzzer target for PowerShell Format-Table and az -o table (az_text_table.c).
 * The body is fuzz_az_text.h.
 */
#include "fuzz_az_text.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_az_text_run(data, size, AZ_FMT_PS_TABLE);
	return 0;
}
