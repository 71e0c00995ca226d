/*
 * erwatch sas [URL]: a SAS URL for packet-capture storage checked against
 * the recommended practice (diag/diag_sas.h, docs/sas.md).  The URL comes
 * from the argument or, better (it then stays out of the shell's history),
 * from stdin; the signature is never printed.
 * Exit: 0 nothing wrong, 1 an error finding (expired, no write, ...), 2 no
 * SAS at all or a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "azure/az_sas.h"
#include "diag/diag_sas.h"
#include "report/report.h"
#include "report/report_doc.h"
#include "report/report_sas.h"

#define CMD	"sas"

enum sas_opt {
	OPT_JSON = 256,
	OPT_HTML,
	OPT_MAX_HOURS,
	OPT_ALLOW_READ,
	OPT_NOW,
	OPT_NO_REMEDY
};

static const struct cli_opt sas_opts[] = {
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON,
	    "one JSON document (docs/json-output.md)"),
	CLI_OPT("html", 0, CLI_ONE, "FILE", OPT_HTML,
	    "also write the report as one HTML page"),
	CLI_OPT("max-hours", 0, CLI_ONE, "H", OPT_MAX_HOURS,
	    "an expiry further than H hours away is a warning (default "
	    CLI_STR(DIAG_SAS_MAX_HOURS) ")"),
	CLI_OPT("allow-read", 0, CLI_FLAG, NULL, OPT_ALLOW_READ,
	    "read permission is wanted (to fetch the captures back)"),
	CLI_OPTX("now", 0, CLI_ONE, "TIME", OPT_NOW,
	    "judge the times as at TIME (ISO 8601), for tests", CLI_HIDDEN,
	    NULL, NULL),
	CLI_OPT("no-remedy", 0, CLI_FLAG, NULL, OPT_NO_REMEDY,
	    "text: leave out the fixes"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_sas = {
	.name = "sas",
	.summary = "check a SAS URL for packet-capture storage",
	.usage = { "[options] [URL | -]" },
	.description =
	    "Check a shared access signature URL for the storage that\n"
	    "receives packet captures: container scope rather than an account\n"
	    "SAS, write permission and no more, a short expiry, HTTPS only, a\n"
	    "signature, a current signed version.  Give the URL on stdin (no\n"
	    "argument, or \"-\") to keep it out of the shell's history.  The\n"
	    "signature is never printed.\n",
	.operands = "[URL | -]",
	.opts = sas_opts,
	.epilog =
	    "exit: 0 nothing wrong, 1 an error (expired, no write, no\n"
	    "signature...), 2 usage error or no SAS URL at all\n",
};

/* The URL from stdin: one line, bounded. */
static int
read_stdin(char *buf, size_t len, size_t *n)
{
	size_t k = fread(buf, 1, len, stdin);

	if (ferror(stdin))
		return -1;
	*n = k;
	return 0;
}

int
cmd_sas(int argc, char *argv[])
{
	static char buf[AZ_SAS_MAX_LEN + 2];
	struct diag_sas_opts opts;
	struct finding_list fl;
	struct report_doc *doc;
	struct cli_parse p;
	struct az_sas sas;
	struct err e;
	const char *html = NULL, *input = "argument", *url;
	unsigned long long v;
	unsigned tflags = 0;
	bool json = false;
	size_t n = 0;
	int ch, rc;

	diag_sas_opts_init(&opts);
	cli_parse_init(&p, &cli_cmd_sas, argc, argv);
	while ((ch = cli_next(&p)) != CLI_END) {
		switch (ch) {
		case CLI_HELP:
			return EXIT_OK;
		case CLI_BAD:
			return EXIT_USAGE;
		case OPT_JSON:
			json = true;
			break;
		case OPT_HTML:
			html = p.arg;
			break;
		case OPT_MAX_HOURS:
			if (cli_parse_u64(p.arg, 1, 24 * 366, &v) == -1)
				return cli_usage_error(CMD, "--max-hours needs "
				    "hours 1..8784");
			opts.max_hours = (unsigned)v;
			break;
		case OPT_ALLOW_READ:
			opts.allow_read = true;
			break;
		case OPT_NOW:
			if (time_parse_iso(p.arg, strlen(p.arg), &opts.now) ==
			    -1)
				return cli_usage_error(CMD, "--now needs an ISO "
				    "8601 time");
			break;
		case OPT_NO_REMEDY:
			tflags |= REPORT_TEXT_NO_REMEDY;
			break;
		}
	}
	if (p.nops > 1)
		return cli_usage_error(CMD, "give one SAS URL (or none: stdin)");
	if (p.nops == 0 || strcmp(p.ops[0], "-") == 0) {
		input = "stdin";
		if (read_stdin(buf, sizeof(buf) - 1, &n) == -1) {
			fprintf(stderr, "erwatch %s: cannot read stdin\n", CMD);
			return EXIT_USAGE;
		}
		buf[n] = '\0';
		url = buf;
	} else {
		url = p.ops[0];
		n = strlen(url);
	}
	err_clear(&e);
	if (az_sas_parse(url, n, &sas, &e) == -1) {
		err_at(&e, input, 0, 0, 0);
		return cli_input_err(CMD, &e);
	}
	finding_list_init(&fl);
	diag_sas(&sas, &opts, input, &fl);
	if (finding_list_check(&fl, &e) == -1) {
		finding_list_release(&fl);
		return cli_report_err(CMD, &e);
	}
	if ((doc = report_doc_new("erwatch sas")) == NULL) {
		finding_list_release(&fl);
		fprintf(stderr, "erwatch %s: out of memory\n", CMD);
		return EXIT_RUNTIME;
	}
	report_sas_build(report_doc_root(doc), &sas, opts.now, &fl);
	rc = cli_doc_out(CMD, doc, json, html, tflags | cli_text_flags());
	report_doc_free(doc);
	if (rc == EXIT_OK)
		rc = finding_list_exit_code(&fl);
	finding_list_release(&fl);
	/* The URL held a secret: leave no copy behind in our buffer. */
	memset(buf, 0, sizeof(buf));
	return rc;
}
