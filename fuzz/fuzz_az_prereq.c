/*
 * fuzz_az_prereq.c: libFuzzer target for the preflight loaders
 * (azure/az_prereq.h).  The input is one export; whatever kind it is
 * detected as is offered to az_prereq_add_doc(), twice into the same
 * model so that the limits and notes are reached too.  Nothing is
 * printed; everything is freed.
 */
#include <stdint.h>
#include <stdlib.h>

#include "azure/az_prereq.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct az_prereq p;
	struct az_doc *d = NULL;
	struct err e;
	size_t i;

	err_clear(&e);
	if (az_load_buf("fuzz", data, size, &d, &e) == -1)
		return 0;
	az_prereq_init(&p);
	for (i = 0; i < 2; i++) {
		err_clear(&e);
		if (az_prereq_add_doc(&p, d, &e) == -1)
			break;
	}
	az_doc_free(d);
	return 0;
}
