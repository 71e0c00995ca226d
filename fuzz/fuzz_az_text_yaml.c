/*
 * fuzz_az_text_yaml.c: libFuzzer target for az -o yaml through libyaml (az_text_yaml.c).
 * The body is fuzz_az_text.h.
 */
#include "fuzz_az_text.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_az_text_run(data, size, AZ_FMT_YAML);
	return 0;
}
