/*
 * cli: the thin layer.  main.c holds the command table; each cmd_<name>.c
 * parses its options, calls the library, picks a renderer and maps the
 * result to an exit code:
 *   0 nothing wrong, 1 problems found (a finding of severity error),
 *   2 usage or input error, 3 runtime failure.
 */
#ifndef ERW_CLI_H
#define ERW_CLI_H

#include <stdio.h>

#include <jansson.h>

#include "util/util.h"

#define EXIT_OK		0
#define EXIT_FINDINGS	1
#define EXIT_USAGE	2
#define EXIT_RUNTIME	3

int	cmd_pcap(int argc, char *argv[]);
int	cmd_capture(int argc, char *argv[]);
int	cmd_probe(int argc, char *argv[]);
int	cmd_trace(int argc, char *argv[]);
int	cmd_flow(int argc, char *argv[]);
int	cmd_nexthop(int argc, char *argv[]);
int	cmd_circuit(int argc, char *argv[]);
int	cmd_router(int argc, char *argv[]);
int	cmd_diagnose(int argc, char *argv[]);
int	cmd_findings(int argc, char *argv[]);

/* "erwatch CMD: message" on stderr, for usage errors; returns EXIT_USAGE. */
int	cli_usage_error(const char *cmd, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Print e as "erwatch CMD: file:unit:col: msg" and return its exit code. */
int	cli_report_err(const char *cmd, const struct err *e);
/* The same for an input file the user named: one that cannot be read
 * (ERR_IO) is bad input like a malformed one, EXIT_USAGE. */
int	cli_input_err(const char *cmd, const struct err *e);
/* report_text_flags for stdout: colors when it is a terminal that wants
 * them (report_want_color()). */
unsigned cli_text_flags(void);
/* Parse an unsigned decimal option value within [min, max]; -1 if bad. */
int	cli_parse_u64(const char *s, unsigned long long min,
	    unsigned long long max, unsigned long long *out);
/* Parse a duration: "30", "30s", "500ms", "5m", "1h" into microseconds. */
int	cli_parse_duration(const char *s, usec_t *out);
/* The same within [min, max]; -1 if bad or out of range (*out unchanged). */
int	cli_parse_duration_in(const char *s, usec_t min, usec_t max,
	    usec_t *out);
/*
 * Print root on stdout with dump (report_json_dump() or a renderer's
 * variant) and release it (root may be NULL: the renderer ran out of
 * memory).  Returns EXIT_OK, EXIT_RUNTIME when root is NULL ("out of
 * memory" on stderr), or the exit code of the write error, reported.
 */
int	cli_json_out(const char *cmd, json_t *root,
	    int (*dump)(FILE *, json_t *, struct err *));

#endif /* ERW_CLI_H */
