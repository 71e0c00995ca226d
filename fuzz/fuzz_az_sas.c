/*
 * fuzz_az_sas.c: libFuzzer target for the SAS URL reader (az_sas.c) and
 * its judgment (diag_sas.c), at a fixed time and at the time the input's
 * own expiry says, so the expiry branches run.  Nothing is printed.
 */
#include <stdint.h>

#include "azure/az_sas.h"
#include "diag/diag_sas.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_sas_opts opts;
	struct finding_list fl;
	struct az_sas sas;
	struct err e;

	err_clear(&e);
	if (az_sas_parse((const char *)data, size, &sas, &e) == -1)
		return 0;
	diag_sas_opts_init(&opts);
	opts.now = 1796644800LL * USEC_PER_SEC;	/* 2026-12-07T12:00:00Z */
	finding_list_init(&fl);
	diag_sas(&sas, &opts, "fuzz", &fl);
	finding_list_release(&fl);
	if (sas.has_se && !sas.se_bad) {
		opts.now = sas.se;
		opts.allow_read = true;
		finding_list_init(&fl);
		diag_sas(&sas, &opts, "fuzz", &fl);
		finding_list_release(&fl);
	}
	return 0;
}
