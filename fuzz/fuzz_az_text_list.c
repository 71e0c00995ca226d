/*
 * fuzz_az_text_list.c: libFuzzer target for PowerShell Format-List (az_text_list.c).
 * The body is fuzz_az_text.h.
 */
#include "fuzz_az_text.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_az_text_run(data, size, AZ_FMT_PS_LIST);
	return 0;
}
