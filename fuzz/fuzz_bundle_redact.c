/*
 * fuzz_bundle_redact.c: libFuzzer target for the redaction of evidence
 * text (bundle_redact.c): any bytes, as a file of the folder, and the
 * classification that decides whether a file is redacted at all.
 * Nothing is printed; everything is freed.
 */
#include <stdint.h>
#include <string.h>

#include "bundle/bundle.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t key[REDACT_KEY_LEN] = { 1, 2, 3 };
	struct redact_ctx rc;
	struct sb out;
	struct err e;
	bool conv;

	(void)bundle_classify(data, size);
	redact_init(&rc, key);
	sb_init(&out);
	err_clear(&e);
	(void)redact_text(&rc, "fuzz", data, size, &out, &conv, &e);
	/* a marker never holds a byte of what it replaced: nothing to check
	 * without the secrets; the sanitizers check the bounds */
	sb_release(&out);
	redact_release(&rc);
	return 0;
}
