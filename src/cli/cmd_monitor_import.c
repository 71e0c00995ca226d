/*
 * erwatch monitor import-metrics: Azure Monitor's BgpAvailability and
 * ArpAvailability (az monitor metrics list -o json, or Get-AzMetric |
 * ConvertTo-Json) into the monitor's database, beside the agent's own
 * probes (monitor/mon_history_import.c).  docs/monitor.md.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_monitor.h"
#include "monitor/mon_history.h"

enum { OPT_DB = 256, OPT_MAP };

static const struct cli_opt import_opts[] = {
	CLI_OPT("db", 0, CLI_ONE, "FILE", OPT_DB,
	    "the monitor's SQLite database (created when missing)"),
	CLI_OPTX("circuit-path-map", 0, CLI_ONE, "PEER=PATH[@ADDR]", OPT_MAP,
	    "the path (and peer address) of a Peer dimension value, as "
	    "Primary-IPv4=primary@192.168.10.2", CLI_REPEAT, NULL, NULL),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_monitor_import = {
	.name = "monitor import-metrics",
	.summary = "Azure Monitor's BgpAvailability / ArpAvailability into "
	    "the history",
	.usage = { "FILE --db DB [--circuit-path-map PEER=PATH[@ADDR]]..." },
	.description =
	    "FILE is what `az monitor metrics list --resource CIRCUIT_ID "
	    "--metric\nBgpAvailability ArpAvailability --interval PT1M -o "
	    "json` writes (or\nGet-AzMetric | ConvertTo-Json).  Importing the "
	    "same points twice adds nothing.\nThe path of a peer is taken "
	    "from its name (Primary-IPv4) unless mapped.\n",
	.operands = "FILE",
	.opts = import_opts,
	.epilog = "exit: 0 ok, 2 usage/input error, 3 runtime failure\n",
};

int
cmd_monitor_import(int argc, char *argv[])
{
	struct mon_import_opts o;
	struct mon_import_stats st;
	const char *db = NULL;
	struct cli_parse p;
	struct err e;
	int ch;

	memset(&o, 0, sizeof(o));
	err_clear(&e);
	cli_parse_init(&p, &cli_cmd_monitor_import, argc, argv);
	while ((ch = cli_next(&p)) != CLI_END) {
		switch (ch) {
		case CLI_HELP:
			return EXIT_OK;
		case CLI_BAD:
			return EXIT_USAGE;
		case OPT_DB:
			db = p.arg;
			break;
		case OPT_MAP:
			if (o.nmap == MON_IMPORT_MAX_MAP)
				return cli_usage_error("monitor import-metrics",
				    "at most %d --circuit-path-map",
				    MON_IMPORT_MAX_MAP);
			if (mon_import_map_parse(p.arg, &o.map[o.nmap],
			    &e) == -1)
				return cli_usage_error("monitor import-metrics",
				    "%s", e.msg);
			o.nmap++;
			break;
		}
	}
	if (p.nops != 1)
		return cli_usage_error("monitor import-metrics", "give one "
		    "FILE");
	if (db == NULL)
		return cli_usage_error("monitor import-metrics", "--db DB is "
		    "needed");
	if (mon_import_file(p.ops[0], db, &o, &st, &e) == -1)
		return cli_input_err("monitor import-metrics", &e);
	printf("%s: %zu series, %zu points, %zu new, %zu without a value\n",
	    p.ops[0], st.series, st.points, st.inserted, st.skipped);
	return EXIT_OK;
}
