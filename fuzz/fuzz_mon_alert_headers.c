/*
 * fuzz_mon_alert_headers.c: libFuzzer target for the webhook header file
 * parser (mon_alert_headers_parse in mon_alert_cfg.c), the one text of
 * the alert config not read by jansson.  Nothing is printed.
 */
#include <stdint.h>

#include "monitor/mon_alert_int.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e;
	char **h;
	size_t n;

	err_clear(&e);
	if (mon_alert_headers_parse((const char *)data, size, "fuzz", &h, &n,
	    &e) == 0)
		mon_alert_headers_free(h, n);
	return 0;
}
