/*
 * erwatch trace HOST[:PORT]: TCP SYN traceroute toward the peer's BGP port,
 * hop by hop, the way connection troubleshoot lists hops: which routers
 * answered, with what, and where the SYNs died.  probe/probe_trace.c sends
 * and matches; diag_probe judges; report/report_probe.c renders; this file
 * parses options and wires them.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag/diag_probe.h"
#include "probe/probe.h"
#include "report/report.h"
#include "report/report_probe.h"

#define CMD	"trace"


static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: erwatch trace [options] HOST[:PORT]\n"
"\n"
"TCP SYN traceroute toward HOST's port (179 unless given), IPv4.  Needs\n"
"CAP_NET_RAW (root, or setcap cap_net_raw+ep on the binary).\n"
"\n"
"  -m, --max-ttl N        last TTL to try (1..%d, default 30)\n"
"  -f, --first-ttl N      first TTL (default 1)\n"
"  -q, --queries N        SYNs per hop (1..%d, default 3)\n"
"  -w, --wait T           per hop, for all its answers (10ms..10s,\n"
"                         default 1s)\n"
"      --max-silent N     stop after N silent hops in a row (0: never,\n"
"                         default %d)\n"
"  -s, --source IP        local address to send from\n"
"      --json             JSON document on stdout\n",
	    TRACE_MAX_TTL, TRACE_MAX_QUERIES, TRACE_MAX_SILENT);
}

enum { OPT_JSON = 256, OPT_SILENT, OPT_HELP };

static const struct option longopts[] = {
	{ "max-ttl",	required_argument,	NULL, 'm' },
	{ "first-ttl",	required_argument,	NULL, 'f' },
	{ "queries",	required_argument,	NULL, 'q' },
	{ "wait",	required_argument,	NULL, 'w' },
	{ "max-silent",	required_argument,	NULL, OPT_SILENT },
	{ "source",	required_argument,	NULL, 's' },
	{ "json",	no_argument,		NULL, OPT_JSON },
	{ "help",	no_argument,		NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

int
cmd_trace(int argc, char *argv[])
{
	struct probe_target t;
	struct trace_opts o;
	struct trace_result *r;
	struct finding_list fl;
	struct err e;
	unsigned long long v;
	bool json = false;
	int ch, rc;

	memset(&o, 0, sizeof(o));
	o.first_ttl = 1;
	o.max_ttl = 30;
	o.queries = 3;
	o.wait = USEC_PER_SEC;
	o.max_silent = TRACE_MAX_SILENT;
	err_clear(&e);
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "m:f:q:w:s:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'm':
			if (cli_parse_u64(optarg, 1, TRACE_MAX_TTL, &v) == -1)
				return cli_usage_error(CMD, "--max-ttl: want "
				    "1..%d, got '%s'", TRACE_MAX_TTL, optarg);
			o.max_ttl = (uint8_t)v;
			break;
		case 'f':
			if (cli_parse_u64(optarg, 1, TRACE_MAX_TTL, &v) == -1)
				return cli_usage_error(CMD, "--first-ttl: want "
				    "1..%d, got '%s'", TRACE_MAX_TTL, optarg);
			o.first_ttl = (uint8_t)v;
			break;
		case 'q':
			if (cli_parse_u64(optarg, 1, TRACE_MAX_QUERIES,
			    &v) == -1)
				return cli_usage_error(CMD, "--queries: want "
				    "1..%d, got '%s'", TRACE_MAX_QUERIES,
				    optarg);
			o.queries = (uint8_t)v;
			break;
		case 'w':
			if (cli_parse_duration_in(optarg, 10000,
			    10 * USEC_PER_SEC, &o.wait) == -1)
				return cli_usage_error(CMD, "--wait: want "
				    "10ms..10s, got '%s'", optarg);
			break;
		case OPT_SILENT:
			if (cli_parse_u64(optarg, 0, TRACE_MAX_TTL, &v) == -1)
				return cli_usage_error(CMD, "--max-silent: "
				    "want 0..%d, got '%s'", TRACE_MAX_TTL,
				    optarg);
			o.max_silent = (uint8_t)v;
			break;
		case 's':
			if (net_addr_parse(optarg, &o.src.ip) == -1)
				return cli_usage_error(CMD, "--source: not an "
				    "address: '%s'", optarg);
			o.src.set = true;
			break;
		case OPT_JSON:
			json = true;
			break;
		case 'h':
		case OPT_HELP:
			usage(stdout);
			return EXIT_OK;
		default:
			return cli_usage_error(CMD, "unknown option or missing "
			    "value: '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(CMD, optind >= argc ? "missing HOST" :
		    "one HOST only");
	if (o.first_ttl > o.max_ttl)
		return cli_usage_error(CMD, "--first-ttl is above --max-ttl");
	if (probe_resolve(argv[optind], BGP_PORT, 0, &t, &e) == -1)
		return cli_report_err(CMD, &e);
	if ((r = erw_calloc(1, sizeof(*r))) == NULL) {
		fprintf(stderr, "erwatch trace: out of memory\n");
		return EXIT_RUNTIME;
	}
	finding_list_init(&fl);
	if (!json) {
		report_trace_begin(stdout, &t, &o);
		fflush(stdout);
	}
	if (probe_trace_run(&t, &o, r, &e) == -1) {
		if (e.code == ERR_PERM) {
			fprintf(stderr, "erwatch trace: needs CAP_NET_RAW: run "
			    "as root or `setcap cap_net_raw+ep $(command -v "
			    "erwatch)`\n");
			rc = EXIT_RUNTIME;
		} else
			rc = cli_report_err(CMD, &e);
		goto out;
	}
	if (diag_probe_trace(&fl, &t, r) == -1) {
		fprintf(stderr, "erwatch trace: out of memory\n");
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (json) {
		rc = cli_json_out(CMD, report_trace_json(&t, r, &fl),
		    report_probe_json_dump);
		if (rc != EXIT_OK)
			goto out;
	} else
		report_trace_text(stdout, &t, r, &fl, cli_text_flags());
	rc = finding_list_exit_code(&fl);
out:
	free(r);
	finding_list_release(&fl);
	return rc;
}
