/*
 * fuzz_az_text_input.c: libFuzzer target for the whole input path: encodings, pasted prompt, recognition, every reader (az_text.c).
 * The body is fuzz_az_text.h.
 */
#include "fuzz_az_text.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_az_text_run(data, size, AZ_FMT_JSON);
	return 0;
}
