/*
 * erwatch findings: list the catalog, as text, JSON or the Markdown of
 * docs/findings.md.
 */
#include "cli.h"
#include "report/report.h"

enum { OPT_JSON = 256, OPT_MARKDOWN };

static const struct cli_opt findings_opts[] = {
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON, "the catalog as JSON"),
	CLI_OPT("markdown", 0, CLI_FLAG, NULL, OPT_MARKDOWN,
	    "the catalog as the Markdown of docs/findings.md"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_findings = {
	.name = "findings",
	.summary = "list the findings catalog",
	.usage = { "[--json | --markdown]" },
	.description =
	    "Lists every finding code erwatch can report, with its severity, "
	    "layer,\nsummary template and remedy.\n",
	.opts = findings_opts,
};

int
cmd_findings(int argc, char *argv[])
{
	const struct finding_def *d;
	struct cli_parse p;
	struct err e = { 0 };
	int c, i, json = 0, md = 0, rc;
	json_t *arr, *o;

	cli_parse_init(&p, &cli_cmd_findings, argc, argv);
	while ((c = cli_next(&p)) != CLI_END) {
		switch (c) {
		case CLI_HELP:
			return EXIT_OK;
		case CLI_BAD:
			return EXIT_USAGE;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_MARKDOWN:
			md = 1;
			break;
		}
	}
	if (md) {
		report_catalog_markdown(stdout);
		return EXIT_OK;
	}
	if (json) {
		arr = json_array();
		for (i = 0; i < FC__COUNT; i++) {
			d = finding_def((enum finding_code)i);
			o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code",
			    d->code, "severity", severity_name(d->sev), "layer",
			    layer_name(d->layer), "summary", d->summary,
			    "remedy", d->remedy);
			json_array_append_new(arr, o);
		}
		rc = report_json_dump(stdout, arr, &e);
		json_decref(arr);
		return rc == 0 ? EXIT_OK : cli_report_err("findings", &e);
	}
	for (i = 0; i < FC__COUNT; i++) {
		d = finding_def((enum finding_code)i);
		printf("%-28s %-7s %-8s %s\n", d->code, severity_name(d->sev),
		    layer_name(d->layer), d->summary);
	}
	return EXIT_OK;
}
