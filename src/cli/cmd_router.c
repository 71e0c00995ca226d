/*
 * erwatch router FILE...: the router's own BGP view and logs.  Loads every
 * file into one document (router/router.h: recognised by content; show
 * outputs of IOS/NX-OS/XR/Junos/EOS/FRR/BIRD, their JSON forms, logs,
 * config fragments), judges it (diag/diag_router.h), turns it into a
 * report document (report/report_router.h) and renders that as text,
 * JSON or HTML (report/report_doc.h).  docs/router.md.
 * Exit: 0 every session Established and no fault, 1 a session down or a
 * fault finding, 2 usage error, an unreadable file, or nothing recognised.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag/diag_correlate.h"
#include "diag/diag_router.h"
#include "report/report.h"
#include "report/report_doc.h"
#include "report/report_router.h"
#include "router/router.h"

enum router_opt {
	OPT_JSON = 256,
	OPT_YEAR,
	OPT_TZ,
	OPT_MIN_HOLD,
	OPT_FLAPS,
	OPT_NO_REMEDY,
	OPT_HTML
};

static const struct cli_opt router_opts[] = {
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON,
	    "one JSON document (docs/json-output.md)"),
	CLI_OPT("html", 0, CLI_ONE, "FILE", OPT_HTML,
	    "also write the report as one HTML page"),
	CLI_OPT("year", 0, CLI_ONE, "YYYY", OPT_YEAR,
	    "year of log stamps that have none"),
	CLI_OPT("tz", 0, CLI_ONE, "ZONE", OPT_TZ,
	    "zone of log stamps that have none: UTC, +01:00, -0500"),
	CLI_OPT("min-hold", 0, CLI_ONE, "S", OPT_MIN_HOLD,
	    "hold times below S seconds are reported (default 30)"),
	CLI_OPT("flaps", 0, CLI_ONE, "N", OPT_FLAPS,
	    "sessions that went down N times flap (default 3)"),
	CLI_OPT("no-remedy", 0, CLI_FLAG, NULL, OPT_NO_REMEDY,
	    "text: leave out the fixes"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_router = {
	.name = "router",
	.summary = "the router's own BGP view: show outputs and logs",
	.usage = { "[options] FILE..." },
	.description =
	    "Read what routers print about their BGP sessions, as users paste\n"
	    "it: show bgp summary / neighbors of Cisco IOS, IOS-XE, NX-OS,\n"
	    "IOS-XR, Junos (text or | display json), Arista EOS, FRR (text or\n"
	    "json), birdc show protocols all (BIRD 2 and 1.6), their logs and\n"
	    "config fragments.  Files are recognised by content; one file may\n"
	    "hold several outputs under their prompts.  \"-\" reads stdin.\n",
	.operands = "FILE...",
	.opts = router_opts,
	.epilog =
	    "exit: 0 every session Established, 1 a session down or a fault\n"
	    "found, 2 usage or input error (also when no file was recognised),\n"
	    "3 runtime failure\n",
};

/* "UTC", "Z", "+01:00", "-0500", "+1" -> minutes east of UTC. */
static int
parse_zone(const char *s, int *out)
{
	int sign, h = 0, m = 0;
	const char *p;

	if (str_casecmp(s, "UTC") == 0 || str_casecmp(s, "GMT") == 0 ||
	    strcmp(s, "Z") == 0) {
		*out = 0;
		return 0;
	}
	if (s[0] != '+' && s[0] != '-')
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	p = s + 1;
	if (*p < '0' || *p > '9')
		return -1;
	h = *p++ - '0';
	if (*p >= '0' && *p <= '9')
		h = h * 10 + (*p++ - '0');
	if (*p == ':')
		p++;
	if (*p >= '0' && *p <= '9') {
		if (p[1] < '0' || p[1] > '9')
			return -1;
		m = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
	}
	if (*p != '\0' || h > 14 || m > 59)
		return -1;
	*out = sign * (h * 60 + m);
	return 0;
}

int
cmd_router(int argc, char *argv[])
{
	struct diag_router_opts dopts;
	struct router_ctx ctx;
	struct router_doc *doc;
	struct finding_list fl;
	struct report_doc *rdoc;
	struct err e;
	const char *html = NULL;
	unsigned long long v;
	unsigned tflags = 0;
	bool json = false, input_failed = false, any = false;
	int ch, i, rc = EXIT_OK;
	struct cli_parse p;
	size_t k;

	memset(&ctx, 0, sizeof(ctx));
	diag_router_opts_init(&dopts);
	cli_parse_init(&p, &cli_cmd_router, argc, argv);
	while ((ch = cli_next(&p)) != CLI_END) {
		switch (ch) {
		case CLI_HELP:
			return EXIT_OK;
		case CLI_BAD:
			return EXIT_USAGE;
		case OPT_JSON:
			json = true;
			break;
		case OPT_YEAR:
			if (cli_parse_u64(p.arg, 1970, 9999, &v) == -1)
				return cli_usage_error("router", "--year needs "
				    "a year 1970..9999");
			ctx.year = (int)v;
			break;
		case OPT_TZ:
			if (parse_zone(p.arg, &ctx.zone_min) == -1)
				return cli_usage_error("router", "--tz needs "
				    "UTC or an offset like +01:00");
			ctx.has_zone = true;
			break;
		case OPT_MIN_HOLD:
			if (cli_parse_u64(p.arg, 1, 65535, &v) == -1)
				return cli_usage_error("router",
				    "--min-hold needs seconds 1..65535");
			dopts.min_hold = (unsigned)v;
			break;
		case OPT_FLAPS:
			if (cli_parse_u64(p.arg, 1, 1000000, &v) == -1)
				return cli_usage_error("router",
				    "--flaps needs a count 1..1000000");
			dopts.flaps = (unsigned)v;
			break;
		case OPT_NO_REMEDY:
			tflags |= REPORT_TEXT_NO_REMEDY;
			break;
		case OPT_HTML:
			html = p.arg;
			break;
		}
	}
	if (p.nops == 0)
		return cli_usage_error("router", "no file given");
	if ((doc = router_doc_new(&ctx)) == NULL) {
		fprintf(stderr, "erwatch router: out of memory\n");
		return EXIT_RUNTIME;
	}
	for (i = 0; i < p.nops; i++) {
		err_clear(&e);
		if (router_load_file(doc, p.ops[i], &e) == -1) {
			if (e.code == ERR_NOMEM) {
				rc = cli_report_err("router", &e);
				router_doc_free(doc);
				return rc;
			}
			(void)cli_input_err("router", &e);
			input_failed = true;
		}
	}
	router_doc_finish(doc);
	for (k = 0; k < doc->ninputs; k++)
		any = any || doc->inputs[k].recognized;
	finding_list_init(&fl);
	diag_router(doc, &dopts, &fl);
	/* A log with both the link and the session: the drop's cause. */
	diag_correlate(&fl, NULL);
	err_clear(&e);
	if (finding_list_check(&fl, &e) == -1) {
		rc = cli_report_err("router", &e);
		finding_list_release(&fl);
		router_doc_free(doc);
		return rc;
	}
	if ((rdoc = report_doc_new("erwatch router")) == NULL) {
		fprintf(stderr, "erwatch router: out of memory\n");
		finding_list_release(&fl);
		router_doc_free(doc);
		return EXIT_RUNTIME;
	}
	report_router_build(report_doc_root(rdoc), doc, &fl);
	rc = cli_doc_out("router", rdoc, json, html, tflags | cli_text_flags());
	report_doc_free(rdoc);
	if (rc == EXIT_OK) {
		if (!any) {
			fprintf(stderr, "erwatch router: no router output "
			    "recognised in the given file(s)\n");
			rc = EXIT_USAGE;
		} else if (input_failed)
			rc = EXIT_USAGE;
		else
			rc = finding_list_exit_code(&fl);
	}
	finding_list_release(&fl);
	router_doc_free(doc);
	return rc;
}
