/*
 * fuzz_router_cfg_xr.c: libFuzzer target for the Cisco-like family's block form (router_cfg_ios.c), as IOS-XR.
 * The bytes are decoded and cleaned as a file would be, parsed as this
 * dialect whatever they look like, checked against a fixed cloud peer
 * and rendered to JSON (fuzz_router_cfg.h).
 */
#include <stdint.h>

#include "fuzz_router_cfg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_cfg_one(data, size, ROUTER_CFG_XR);
	return 0;
}
