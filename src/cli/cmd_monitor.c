/*
 * erwatch monitor: the connection monitor's subcommands.  This file is
 * only their table and dispatch; each subcommand parses its own options
 * (cmd_monitor_run.c: `monitor run`; cmd_monitor_report.c: `monitor
 * report`; cmd_monitor_import.c:
 * `monitor import-metrics`).  docs/monitor.md.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_monitor.h"

/* The one list of subcommands: dispatch, --help and --dump-options. */
static const struct cli_sub monitor_subs[] = {
	{ &cli_cmd_monitor_run,		cmd_monitor_run },
	{ &cli_cmd_monitor_report,	cmd_monitor_report },
	{ &cli_cmd_monitor_import,	cmd_monitor_import },
	{ NULL, NULL }
};

static const struct cli_opt monitor_opts[] = {
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_monitor = {
	.name = "monitor",
	.summary = "monitor endpoints periodically, keep and read their history",
	.usage = { "SUBCOMMAND [ARGS...]" },
	.description =
	    "Subcommands (each has its own --help):\n"
	    "  run      probe the config's test groups (tcp, icmp, bgp_open,\n"
	    "           router_state) periodically, record every result and\n"
	    "           health change, alert; SIGHUP reloads, SIGTERM stops\n"
	    "  report   availability, outages, flapping and RTT per endpoint\n"
	    "           from the monitor's database, with Azure Monitor's\n"
	    "           BgpAvailability / ArpAvailability beside them\n"
	    "  import-metrics   Azure Monitor's BgpAvailability and\n"
	    "           ArpAvailability export into the database\n",
	.operands = "SUBCOMMAND",
	.opts = monitor_opts,
	.epilog = "exit: 0 ok, 1 error findings, 2 usage/input error, 3 "
	    "runtime failure\n",
	.subs = monitor_subs,
};

int
cmd_monitor(int argc, char *argv[])
{
	const struct cli_sub *sub;
	struct cli_parse p;
	int ch;

	if (argc >= 2 && (sub = cli_sub_find(&cli_cmd_monitor,
	    argv[1])) != NULL)
		return sub->fn(argc - 1, argv + 1);
	/* not a subcommand: --help, or a usage error naming what it got */
	cli_parse_init(&p, &cli_cmd_monitor, argc, argv);
	while ((ch = cli_next(&p)) != CLI_END) {
		if (ch == CLI_HELP)
			return EXIT_OK;
		if (ch == CLI_BAD)
			return EXIT_USAGE;
	}
	if (p.nops == 0)
		return cli_usage_error("monitor", "give a subcommand: run, report, import-metrics");
	return cli_usage_error("monitor", "unknown subcommand '%s'",
	    p.ops[0]);
}
