/*
 * fuzz_mon_alert_cfg.c: libFuzzer target for the checks of the alert
 * config (mon_alert_cfg_parse) over whatever jansson accepts, and rule
 * matching on what passed.  Header files are not read (read_files is
 * false), so the target stays off the file system.  Nothing is printed.
 */
#include <stdint.h>

#include "monitor/mon_alert_int.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mon_alert_cfg cfg;
	struct mon_endpoint ep = { .id = 1, .kind = MON_KIND_TCP,
	    .agent = "a", .group = "g1", .name = "tcp:10.0.0.2:179" };
	json_t *j;
	struct err e;
	size_t i;

	j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (j == NULL)
		return 0;
	err_clear(&e);
	if (mon_alert_cfg_parse(json_object_get(j, "alerts"), "fuzz", false,
	    &cfg, &e) == 0) {
		for (i = 0; i < cfg.nrules; i++)
			(void)mon_alert_rule_match(&cfg.rules[i], &ep,
			    MON_HEALTH_HEALTHY, MON_HEALTH_FAILING);
	}
	mon_alert_cfg_release(&cfg);
	json_decref(j);
	return 0;
}
