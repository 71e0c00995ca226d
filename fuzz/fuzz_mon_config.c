/*
 * fuzz_mon_config.c: libFuzzer target for the monitor's config reader.
 * The input is one config file; whatever loads is freed.  Names in it are
 * never resolved here: resolving is the scheduler's, at start.
 */
#include <stdint.h>
#include <stdlib.h>

#include "monitor/mon_config.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mon_config *cfg = NULL;
	struct err e;

	err_clear(&e);
	if (mon_config_load_buf("fuzz", data, size, &cfg, &e) == 0)
		mon_config_free(cfg);
	return 0;
}
