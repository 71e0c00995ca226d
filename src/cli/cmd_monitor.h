/*
 * cmd_monitor.h: the subcommands of `erwatch monitor`, each in its own
 * cmd_monitor_<name>.c, called with argv[0] the subcommand's name.
 */
#ifndef ERW_CMD_MONITOR_H
#define ERW_CMD_MONITOR_H

#include "cli.h"

extern const struct cli_cmd cli_cmd_monitor_run, cli_cmd_monitor_report,
	    cli_cmd_monitor_import;

int	cmd_monitor_run(int argc, char *argv[]);
int	cmd_monitor_report(int argc, char *argv[]);
int	cmd_monitor_import(int argc, char *argv[]);

#endif /* ERW_CMD_MONITOR_H */
