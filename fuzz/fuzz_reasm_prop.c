/*
 * libFuzzer target for the reassembly property (fuzz/reasm_prop.h): the
 * input bytes make the choices of one case (the stream, its segments,
 * losses, re-cuts, duplicates, order, acknowledgments, caps), and a case
 * where the property fails traps.  The unit test runs the same property
 * from a fixed seed; this target runs it for as long as it is let, so
 * `make fuzz` and a run of build-fuzz/fuzz_reasm_prop is where the many
 * iterations happen.  The corpus beside it is replayed by make check.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "reasm_prop.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rp_result res;
	struct rp_src r;

	rp_src_bytes(&r, data, size);
	if (rp_run(&r, &res) == -1) {
		fprintf(stderr, "reassembly property failed (mode %#x, %u "
		    "bytes, %u segments): %s\n", res.mode, res.bytes, res.segs,
		    res.why);
		__builtin_trap();
	}
	return 0;
}
