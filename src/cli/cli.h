/*
 * cli: the thin layer.  main.c holds the command table; each cmd_<name>.c
 * parses its options, calls the library, picks a renderer and maps the
 * result to an exit code:
 *   0 nothing wrong, 1 problems found (a finding of severity error),
 *   2 usage or input error, 3 runtime failure.
 */
#ifndef ERW_CLI_H
#define ERW_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "util/util.h"

#define EXIT_OK		0
#define EXIT_FINDINGS	1
#define EXIT_USAGE	2
#define EXIT_RUNTIME	3

/* ------------------------------------------------------------------ */
/* Option tables                                                       */
/* ------------------------------------------------------------------ */

/*
 * Each command declares its options once, as a table (struct cli_cmd);
 * cli_opt.c derives from it getopt_long's long and short options, the
 * --help text, the usage errors and the JSON of `erwatch --dump-options`
 * (what man pages and shell completion are generated from), so the four
 * cannot disagree.
 */
enum cli_arg {
	CLI_FLAG,		/* --opt */
	CLI_ONE,		/* --opt VALUE, --opt=VALUE, -o VALUE */
	CLI_LIST		/* --opt VALUE [VALUE...]: the words up to the
				 * next option are values too */
};

enum cli_opt_flags {
	CLI_HIDDEN = 1 << 0,	/* for tests: not in --help or completion */
	CLI_SPELL_OUT = 1 << 1,	/* never abbreviated: a prefix of the name
				 * is refused and its value never echoed */
	CLI_REPEAT = 1 << 2	/* may be given more than once */
};

struct cli_opt {
	const char	*name;		/* long name without "--"; NULL: short
					 * only */
	char		 letter;	/* short option, 0 if none */
	enum cli_arg	 arg;
	const char	*argname;	/* FILE, SECONDS, ADDR; NULL for a flag */
	int		 id;		/* what cli_next() returns for it: > 0,
					 * the letter by convention if any */
	const char	*help;		/* one line; --help wraps it */
	unsigned	 flags;		/* enum cli_opt_flags */
	const char	*values;	/* "pcap|pcapng": the words accepted,
					 * NULL when free-form */
	const char	*section;	/* heading printed before it, or NULL */
};

/* A table row; CLI_OPTX adds the flags, the value list and a heading. */
#define CLI_OPT(name, letter, arg, argname, id, help) \
	{ (name), (letter), (arg), (argname), (id), (help), 0, NULL, NULL }
#define CLI_OPTX(name, letter, arg, argname, id, help, flags, values, sect) \
	{ (name), (letter), (arg), (argname), (id), (help), (flags), \
	    (values), (sect) }
#define CLI_OPT_END	{ NULL, 0, CLI_FLAG, NULL, 0, NULL, 0, NULL, NULL }

/* A numeric macro as a string, for help texts: CLI_STR(PROBE_MAX_COUNT). */
#define CLI_STR(x)	CLI_STR_(x)
#define CLI_STR_(x)	#x

#define CLI_MAX_OPTS	40	/* options of one command, --help aside */
#define CLI_MAX_USAGE	4

struct cli_cmd;

/*
 * A subcommand (`monitor run`): its own table, which its getopt_long
 * parse, its --help and --dump-options all read, and the function that
 * runs it, called with argv[0] the subcommand's word.
 */
struct cli_sub {
	const struct cli_cmd	*def;		/* name "PARENT WORD" */
	int			(*fn)(int, char *[]);
};

struct cli_cmd {
	const char		*name;
	const char		*summary;	/* one line: `erwatch help` */
	const char		*usage[CLI_MAX_USAGE];	/* after "erwatch NAME " */
	const char		*description;	/* preformatted, may be NULL */
	const char		*operands;	/* "FILE...", "HOST[:PORT]"; NULL:
						 * none accepted */
	const struct cli_opt	*opts;		/* ends with CLI_OPT_END */
	const char		*epilog;	/* preformatted, after the
						 * options; may be NULL */
	const struct cli_sub	*subs;		/* ends with def NULL; NULL:
						 * no subcommands */
};

/* What cli_next() returns besides an option's id (ids are > 0). */
#define CLI_END		(-1)	/* no more options: operands in p->ops */
#define CLI_HELP	(-2)	/* --help printed on stdout: exit EXIT_OK */
#define CLI_BAD		(-3)	/* usage error printed: exit EXIT_USAGE */

/* One parse of one command's arguments (caller storage, no allocation). */
struct cli_parse {
	const struct cli_cmd	*cmd;
	int			 argc;
	char			**argv;
	const char		*arg;	/* OUT: value of the option returned */
	char			**ops;	/* OUT: the operands, in order ... */
	int			 nops;	/* ... and their count */
	const struct cli_opt	*list;	/* CLI_LIST option whose values may
					 * follow, NULL otherwise */
	bool			 done;	/* getopt saw the end or "--" */
	int			 nopts;
	struct option		 lo[CLI_MAX_OPTS + 2];
	char			 so[3 * CLI_MAX_OPTS + 8];
};

/*
 * Start parsing argv[1..argc) (argv[0] is the command name) against cmd's
 * table.  Options and operands may be mixed; "--" ends the options.  The
 * operands are moved, in order, to the front of argv[1..]: argv must be
 * writable (main's is) and is not to be read by the caller otherwise.
 */
void	cli_parse_init(struct cli_parse *p, const struct cli_cmd *cmd,
	    int argc, char *argv[]);
/*
 * The next option: its id (value in p->arg, NULL for a flag; a CLI_LIST
 * option comes back once per value), CLI_END, CLI_HELP after printing the
 * help on stdout, or CLI_BAD after printing a usage error that names the
 * option as typed (without any "=value", which may be a secret).
 */
int	cli_next(struct cli_parse *p);
/* The --help text of cmd on fp. */
void	cli_help(FILE *fp, const struct cli_cmd *cmd);
/*
 * The subcommand of cmd that word ("run") names, or NULL.  Its def->name
 * is cmd's name, a space and the word.
 */
const struct cli_sub *cli_sub_find(const struct cli_cmd *cmd,
	    const char *word);
/* The long name of the option with this id, "--name" or "-c". */
const char *cli_opt_name(const struct cli_cmd *cmd, int id);
/*
 * The tables as one JSON document (docs/internals/cli-options.md), for the man page
 * and completion generators and the option test, a command's subcommands
 * nested in it ("subcommands"); NULL when out of memory.
 * Returns a new reference.
 */
json_t	*cli_options_json(const struct cli_cmd *const *cmds, size_t n);

extern const struct cli_cmd cli_cmd_pcap, cli_cmd_capture, cli_cmd_probe,
	    cli_cmd_trace, cli_cmd_flow, cli_cmd_nexthop, cli_cmd_circuit,
	    cli_cmd_router, cli_cmd_config, cli_cmd_diagnose, cli_cmd_sas,
	    cli_cmd_preflight,
	    cli_cmd_bundle, cli_cmd_runbook, cli_cmd_findings, cli_cmd_monitor;

/* ------------------------------------------------------------------ */

int	cmd_pcap(int argc, char *argv[]);
int	cmd_capture(int argc, char *argv[]);
int	cmd_probe(int argc, char *argv[]);
int	cmd_trace(int argc, char *argv[]);
int	cmd_flow(int argc, char *argv[]);
int	cmd_nexthop(int argc, char *argv[]);
int	cmd_circuit(int argc, char *argv[]);
int	cmd_router(int argc, char *argv[]);
int	cmd_config(int argc, char *argv[]);
int	cmd_diagnose(int argc, char *argv[]);
int	cmd_sas(int argc, char *argv[]);
int	cmd_preflight(int argc, char *argv[]);
int	cmd_bundle(int argc, char *argv[]);
int	cmd_runbook(int argc, char *argv[]);
int	cmd_findings(int argc, char *argv[]);
int	cmd_monitor(int argc, char *argv[]);

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
/* Batch modes: large stdio buffers on the input and (unless it is a
 * terminal) on stdout.  Call before the first read or write. */
#define CLI_BATCH_BUF	(1u << 20)
void	cli_batch_io(FILE *in);
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
struct report_doc;
/*
 * Render a command's report document: JSON (json) or text (text_flags)
 * on stdout, and the HTML page into html_path when it is not NULL.
 * Returns EXIT_OK, or the exit code of the failure it reported on stderr
 * (out of memory: the document is incomplete; a write error; an HTML
 * file that cannot be created).
 */
int	cli_doc_out(const char *cmd, const struct report_doc *doc, bool json,
	    const char *html_path, unsigned text_flags);
/* The same, the JSON printed by dump (report_probe_json_dump: RTTs to 6
 * significant digits) instead of report_json_dump(). */
int	cli_doc_out_dump(const char *cmd, const struct report_doc *doc,
	    bool json, const char *html_path, unsigned text_flags,
	    int (*dump)(FILE *, json_t *, struct err *));

#endif /* ERW_CLI_H */
