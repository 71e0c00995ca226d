/*
 * erwatch: why is the BGP session to the cloud edge down, flapping or
 * carrying the wrong routes?  Command table and global options only; each
 * command lives in its own cmd_<name>.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report/report.h"

struct command {
	const struct cli_cmd	*def;	/* options, help: cmd_<name>.c */
	int			(*fn)(int, char *[]);
};

static const struct command commands[] = {
	{ &cli_cmd_pcap,	cmd_pcap },
	{ &cli_cmd_capture,	cmd_capture },
	{ &cli_cmd_probe,	cmd_probe },
	{ &cli_cmd_trace,	cmd_trace },
	{ &cli_cmd_flow,	cmd_flow },
	{ &cli_cmd_nexthop,	cmd_nexthop },
	{ &cli_cmd_circuit,	cmd_circuit },
	{ &cli_cmd_router,	cmd_router },
	{ &cli_cmd_config,	cmd_config },
	{ &cli_cmd_diagnose,	cmd_diagnose },
	{ &cli_cmd_sas,		cmd_sas },
	{ &cli_cmd_preflight,	cmd_preflight },
	{ &cli_cmd_bundle,	cmd_bundle },
	{ &cli_cmd_runbook,	cmd_runbook },
	{ &cli_cmd_findings,	cmd_findings },
	{ &cli_cmd_monitor,	cmd_monitor },
};
#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

/*
 * The capabilities a command keeps of those the package gives the binary
 * (PRIV_NET_ALL, debian/postinst); main() drops the others before the
 * command reads anything.  A command not named here, a new one included,
 * keeps none.
 */
static uint64_t
command_caps(const struct command *c, int argc, char *argv[])
{
	if (c == NULL)			/* not a command: usage, --version */
		return 0;
	if (c->fn == cmd_capture)	/* the packet socket; cap_live.c drops
					 * both once it is open */
		return PRIV_NET_RAW | PRIV_NET_ADMIN;
	/* probe keeps none: Linux lets any process set TCP_MD5SIG on its
	 * own socket (test_monitor_e2e.sh, MD5 without CAP_NET_ADMIN) */
	if (c->fn == cmd_trace)		/* raw TCP and ICMP sockets */
		return PRIV_NET_RAW;
	/* monitor run's capture on trigger: the packet socket; it is dropped
	 * once the handles are open, or at once without a capture block */
	if (c->fn == cmd_monitor && argc > 2 && strcmp(argv[2], "run") == 0)
		return PRIV_NET_RAW;
	return 0;
}

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: erwatch <command> [options]\n"
	    "       erwatch <command> --help, erwatch help <command>\n"
	    "       erwatch --version\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-10s %s\n", commands[i].def->name,
		    commands[i].def->summary);
	fprintf(fp, "\nexit codes: 0 nothing wrong, 1 problems found, "
	    "2 usage or input error, 3 runtime failure\n");
}

static const struct command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i].def->name) == 0)
			return &commands[i];
	return NULL;
}

/*
 * erwatch help [CMD [SUB]]: the same text as erwatch CMD [SUB] --help.
 */
static int
help(int argc, char *argv[])
{
	const struct command *c;
	const struct cli_sub *sub = NULL;

	if (argc < 3) {
		usage(stdout);
		return EXIT_OK;
	}
	if ((c = find_command(argv[2])) == NULL) {
		fprintf(stderr, "erwatch help: unknown command '%s'\n",
		    argv[2]);
		return EXIT_USAGE;
	}
	if (argc == 4 && c->def->subs != NULL &&
	    (sub = cli_sub_find(c->def, argv[3])) == NULL) {
		fprintf(stderr, "erwatch help: unknown subcommand '%s %s'\n",
		    argv[2], argv[3]);
		return EXIT_USAGE;
	}
	if (argc > 3 && sub == NULL) {
		fprintf(stderr, "erwatch help: one command at a time\n");
		return EXIT_USAGE;
	}
	cli_help(stdout, sub != NULL ? sub->def : c->def);
	return EXIT_OK;
}

/*
 * erwatch --dump-options (not in the help: a tool's interface, not a
 * user's): every command's option table as JSON, which the man page and
 * completion generators and tests/integration/test_cli_options.sh read.
 */
static int
dump_options(void)
{
	const struct cli_cmd *defs[NCOMMANDS];
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		defs[i] = commands[i].def;
	return cli_json_out("--dump-options", cli_options_json(defs,
	    NCOMMANDS), report_json_dump);
}

#ifdef ERW_ALLOC_HOOKS
static void
alloc_stats(void)
{
	fprintf(stderr, "erwatch: %llu allocations\n",
	    (unsigned long long)erw_alloc_calls());
}

/*
 * Test build: ERW_ALLOC_FAIL=N makes the Nth allocation of the run fail,
 * ERW_ALLOC_STATS=1 prints how many there were at exit, so a script can
 * count a run and then fail each allocation of it in turn
 * (docs/internals/alloc.md).
 */
static void
alloc_test_env(void)
{
	const char *s;
	unsigned long long n;

	if ((s = getenv("ERW_ALLOC_STATS")) != NULL && strcmp(s, "1") == 0)
		atexit(alloc_stats);
	if ((s = getenv("ERW_ALLOC_FAIL")) != NULL &&
	    cli_parse_u64(s, 0, UINT64_MAX, &n) == 0)
		erw_alloc_fail_at(n);
}
#endif

int
main(int argc, char *argv[])
{
	const struct command *c;
	struct err e;

	/* jansson allocates through the seam too, so that the test build
	 * fails its allocations like ours, and erw_alloc_failures() tells
	 * its out-of-memory from a syntax error */
	json_set_alloc_funcs(erw_malloc, free);
#ifdef ERW_ALLOC_HOOKS
	alloc_test_env();
#endif
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	/* Hostile bytes are read without privileges (docs/style.md): first
	 * of all, whatever command this is. */
	err_clear(&e);
	c = find_command(argv[1]);
	if (priv_drop_caps(PRIV_NET_ALL & ~command_caps(c, argc, argv), &e) ==
	    -1) {
		fprintf(stderr, "erwatch: %s\n", e.msg);
		return EXIT_RUNTIME;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("erwatch %s\n", ERW_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0)
		return help(argc, argv);
	if (strcmp(argv[1], "--dump-options") == 0)
		return dump_options();
	if (c != NULL)
		return c->fn(argc - 1, argv + 1);
	fprintf(stderr, "erwatch: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
