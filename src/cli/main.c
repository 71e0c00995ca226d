/*
 * erwatch: why is the BGP session to the cloud edge down, flapping or
 * carrying the wrong routes?  Command table and global options only; each
 * command lives in its own cmd_<name>.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct command {
	const char	*name;
	int		(*fn)(int, char *[]);
	const char	*help;
};

static const struct command commands[] = {
	{ "pcap",	cmd_pcap,	"analyze BGP captures: handshake, messages, timers, MTU" },
	{ "capture",	cmd_capture,	"live capture with limits, optionally analyzed as it runs" },
	{ "probe",	cmd_probe,	"TCP connect probe or a real BGP OPEN exchange" },
	{ "trace",	cmd_trace,	"TCP SYN traceroute toward the peer's port" },
	{ "flow",	cmd_flow,	"IP flow verify on exported NSGs" },
	{ "nexthop",	cmd_nexthop,	"next hop on exported effective routes" },
	{ "circuit",	cmd_circuit,	"ExpressRoute circuit, ARP, route table checks" },
	{ "router",	cmd_router,	"the router's own BGP view: show outputs and logs" },
	{ "diagnose",	cmd_diagnose,	"the staged diagnosis over an evidence folder" },
	{ "findings",	cmd_findings,	"list the findings catalog" },
};

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: erwatch <command> [options]\n"
	    "       erwatch <command> --help\n"
	    "       erwatch --version\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(fp, "\nexit codes: 0 nothing wrong, 1 problems found, "
	    "2 usage or input error, 3 runtime failure\n");
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
	size_t i;

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
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("erwatch %s\n", ERW_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	/* each command names a bad option itself, with a pointer to --help */
	opterr = 0;
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "erwatch: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
