/*
 * erwatch findings: list the catalog, as text, JSON or the Markdown of
 * docs/findings.md.
 */
#include <getopt.h>

#include "cli.h"
#include "report/report.h"

int
cmd_findings(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "json",	no_argument,	NULL, 'j' },
		{ "markdown",	no_argument,	NULL, 'm' },
		{ "help",	no_argument,	NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct finding_def *d;
	struct err e = { 0 };
	int c, i, json = 0, md = 0, rc;
	json_t *arr, *o;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'm':
			md = 1;
			break;
		case 'h':
			printf("usage: erwatch findings [--json | --markdown]\n"
			    "Lists every finding code erwatch can report, with "
			    "its severity, layer,\nsummary template and remedy.\n");
			return EXIT_OK;
		default:
			return cli_usage_error("findings", "unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error("findings", "unexpected argument '%s'",
		    argv[optind]);
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
