/*
 * fuzz_mon_import.c: libFuzzer target for the Azure Monitor metrics
 * export parser (monitor/mon_history_import.c), with a path map so the
 * mapped and the inferred paths both run.  Nothing is written.
 */
#include <stdint.h>
#include <string.h>

#include "monitor/mon_history.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Touch every string of the point, so that ASan sees a dangling one. */
static int
sink(void *arg, const struct mon_metric_point *pt)
{
	size_t *n = arg;

	*n += strlen(pt->resource) + strlen(pt->metric) + strlen(pt->peer) +
	    strlen(pt->path) + strlen(pt->address) + strlen(pt->aggregation);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mon_import_opts o;
	struct mon_import_stats st;
	struct err e;
	size_t n = 0;

	memset(&o, 0, sizeof(o));
	err_clear(&e);
	if (mon_import_map_parse("Secondary-IPv4=secondary@192.168.10.6",
	    &o.map[0], &e) == 0)
		o.nmap = 1;
	(void)mon_import_parse(data, size, "fuzz", &o, sink, &n, &st, &e);
	return 0;
}
