/*
 * erwatch trace HOST[:PORT]: TCP SYN traceroute toward the peer's BGP port,
 * hop by hop, the way connection troubleshoot lists hops: which routers
 * answered, with what, and where the SYNs died.  probe/probe_trace.c sends
 * and matches; diag_probe judges; report/report_probe.c builds the report
 * document, rendered as text, JSON or HTML; this file parses options and
 * wires them.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag/diag_probe.h"
#include "probe/probe.h"
#include "report/report.h"
#include "report/report_doc.h"
#include "report/report_probe.h"

#define CMD	"trace"


enum { OPT_JSON = 256, OPT_SILENT, OPT_HTML };

static const struct cli_opt trace_opts[] = {
	CLI_OPT("max-ttl", 'm', CLI_ONE, "N", 'm',
	    "last TTL to try (1.." CLI_STR(TRACE_MAX_TTL) ", default 30)"),
	CLI_OPT("first-ttl", 'f', CLI_ONE, "N", 'f', "first TTL (default 1)"),
	CLI_OPT("queries", 'q', CLI_ONE, "N", 'q',
	    "SYNs per hop (1.." CLI_STR(TRACE_MAX_QUERIES) ", default 3)"),
	CLI_OPT("wait", 'w', CLI_ONE, "T", 'w',
	    "per hop, for all its answers (10ms..10s, default 1s)"),
	CLI_OPT("max-silent", 0, CLI_ONE, "N", OPT_SILENT,
	    "stop after N silent hops in a row (0: never, default "
	    CLI_STR(TRACE_MAX_SILENT) ")"),
	CLI_OPT("source", 's', CLI_ONE, "IP", 's',
	    "local address to send from"),
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON, "JSON document on stdout"),
	CLI_OPT("html", 0, CLI_ONE, "FILE", OPT_HTML,
	    "also write the report as one HTML page"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_trace = {
	.name = "trace",
	.summary = "TCP SYN traceroute toward the peer's port",
	.usage = { "[options] HOST[:PORT]" },
	.description =
	    "TCP SYN traceroute toward HOST's port (179 unless given), IPv4.  "
	    "Needs\nCAP_NET_RAW (root, or setcap cap_net_raw+ep on the "
	    "binary).\n",
	.operands = "HOST[:PORT]",
	.opts = trace_opts,
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
	struct report_doc *doc = NULL;
	const char *html = NULL;
	bool json = false;
	int ch, rc;
	struct cli_parse p;

	memset(&o, 0, sizeof(o));
	o.first_ttl = 1;
	o.max_ttl = 30;
	o.queries = 3;
	o.wait = USEC_PER_SEC;
	o.max_silent = TRACE_MAX_SILENT;
	err_clear(&e);
	cli_parse_init(&p, &cli_cmd_trace, argc, argv);
	while ((ch = cli_next(&p)) != CLI_END) {
		switch (ch) {
		case CLI_HELP:
			return EXIT_OK;
		case CLI_BAD:
			return EXIT_USAGE;
		case 'm':
			if (cli_parse_u64(p.arg, 1, TRACE_MAX_TTL, &v) == -1)
				return cli_usage_error(CMD, "--max-ttl: want "
				    "1..%d, got '%s'", TRACE_MAX_TTL, p.arg);
			o.max_ttl = (uint8_t)v;
			break;
		case 'f':
			if (cli_parse_u64(p.arg, 1, TRACE_MAX_TTL, &v) == -1)
				return cli_usage_error(CMD, "--first-ttl: want "
				    "1..%d, got '%s'", TRACE_MAX_TTL, p.arg);
			o.first_ttl = (uint8_t)v;
			break;
		case 'q':
			if (cli_parse_u64(p.arg, 1, TRACE_MAX_QUERIES,
			    &v) == -1)
				return cli_usage_error(CMD, "--queries: want "
				    "1..%d, got '%s'", TRACE_MAX_QUERIES,
				    p.arg);
			o.queries = (uint8_t)v;
			break;
		case 'w':
			if (cli_parse_duration_in(p.arg, 10000,
			    10 * USEC_PER_SEC, &o.wait) == -1)
				return cli_usage_error(CMD, "--wait: want "
				    "10ms..10s, got '%s'", p.arg);
			break;
		case OPT_SILENT:
			if (cli_parse_u64(p.arg, 0, TRACE_MAX_TTL, &v) == -1)
				return cli_usage_error(CMD, "--max-silent: "
				    "want 0..%d, got '%s'", TRACE_MAX_TTL,
				    p.arg);
			o.max_silent = (uint8_t)v;
			break;
		case 's':
			if (net_addr_parse(p.arg, &o.src.ip) == -1)
				return cli_usage_error(CMD, "--source: not an "
				    "address: '%s'", p.arg);
			o.src.set = true;
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_HTML:
			html = p.arg;
			break;
		}
	}
	if (p.nops != 1)
		return cli_usage_error(CMD, p.nops == 0 ? "missing HOST" :
		    "one HOST only");
	if (o.first_ttl > o.max_ttl)
		return cli_usage_error(CMD, "--first-ttl is above --max-ttl");
	if (probe_resolve(p.ops[0], BGP_PORT, 0, &t, &e) == -1)
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
	if ((doc = report_doc_new("erwatch trace")) == NULL) {
		fprintf(stderr, "erwatch trace: out of memory\n");
		rc = EXIT_RUNTIME;
		goto out;
	}
	/* text: the head line is on the terminal already */
	report_trace_build(report_doc_root(doc), &t, &o, r, &fl, !json);
	rc = cli_doc_out_dump(CMD, doc, json, html, cli_text_flags(),
	    report_probe_json_dump);
	if (rc != EXIT_OK)
		goto out;
	rc = finding_list_exit_code(&fl);
out:
	report_doc_free(doc);
	free(r);
	finding_list_release(&fl);
	return rc;
}
