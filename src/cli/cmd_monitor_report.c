/*
 * erwatch monitor report: the monitor's history over a window.  Reads
 * the database read-only (monitor/mon_history.c), judges it
 * (diag/diag_monitor.c) and renders the document of
 * report/report_monitor.c as text, JSON or HTML.  docs/monitor.md.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd_monitor.h"
#include "diag/diag_monitor.h"
#include "monitor/mon_history.h"
#include "report/report_doc.h"
#include "report/report_monitor.h"

enum { OPT_DB = 256, OPT_SINCE, OPT_UNTIL, OPT_ENDPOINT, OPT_JSON,
	OPT_HTML };

static const struct cli_opt report_opts[] = {
	CLI_OPT("db", 0, CLI_ONE, "FILE", OPT_DB,
	    "the monitor's SQLite database, or a postgresql:// store"),
	CLI_OPT("since", 0, CLI_ONE, "WHEN", OPT_SINCE,
	    "start of the window: 24h, 7d, 90m back, or an ISO time "
	    "(default 24h)"),
	CLI_OPT("until", 0, CLI_ONE, "WHEN", OPT_UNTIL,
	    "end of the window, as --since (default now)"),
	CLI_OPT("endpoint", 0, CLI_ONE, "X", OPT_ENDPOINT,
	    "only the endpoint of this name or address"),
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON,
	    "one JSON document (docs/monitor.md)"),
	CLI_OPT("html", 0, CLI_ONE, "FILE", OPT_HTML,
	    "also write the report as one HTML page"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_monitor_report = {
	.name = "monitor report",
	.summary = "the monitor's history over a window",
	.usage = { "--db FILE [--since WHEN] [--until WHEN] [--endpoint X] "
	    "[--json] [--html FILE]" },
	.description =
	    "Availability (and checksFailedPercent), outage intervals, "
	    "flapping and RTT\npercentiles per endpoint, and Azure Monitor's "
	    "BgpAvailability and\nArpAvailability series, over the window.\n",
	.operands = NULL,
	.opts = report_opts,
	.epilog = "exit: 0 ok, 1 error findings (an outage), 2 usage/input "
	    "error, 3 runtime\nfailure\n",
};

int
cmd_monitor_report(int argc, char *argv[])
{
	const char *db = NULL, *since = "24h", *until = NULL, *html = NULL;
	struct mon_hist_query q;
	struct mon_history h;
	struct finding_list fl;
	struct report_doc *doc = NULL;
	struct cli_parse p;
	struct err e;
	bool json = false;
	usec_t now = time_now_usec();
	int ch, rv;

	memset(&q, 0, sizeof(q));
	cli_parse_init(&p, &cli_cmd_monitor_report, argc, argv);
	while ((ch = cli_next(&p)) != CLI_END) {
		switch (ch) {
		case CLI_HELP:
			return EXIT_OK;
		case CLI_BAD:
			return EXIT_USAGE;
		case OPT_DB:
			db = p.arg;
			break;
		case OPT_SINCE:
			since = p.arg;
			break;
		case OPT_UNTIL:
			until = p.arg;
			break;
		case OPT_ENDPOINT:
			q.endpoint = p.arg;
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_HTML:
			html = p.arg;
			break;
		}
	}
	if (p.nops > 0)
		return cli_usage_error("monitor report", "unexpected argument "
		    "'%s'", p.ops[0]);
	if (db == NULL)
		return cli_usage_error("monitor report", "--db FILE is needed");
	if (mon_history_parse_time(since, now, &q.since) == -1)
		return cli_usage_error("monitor report", "--since: want 24h, "
		    "7d or an ISO time, got '%s'", since);
	q.until = now;
	if (until != NULL && mon_history_parse_time(until, now,
	    &q.until) == -1)
		return cli_usage_error("monitor report", "--until: want 24h, "
		    "7d or an ISO time, got '%s'", until);
	if (q.until <= q.since)
		return cli_usage_error("monitor report", "the window ends "
		    "before it begins (--since, --until)");

	err_clear(&e);
	finding_list_init(&fl);
	if (mon_history_load(&h, db, db, &q, &e) == -1) {
		rv = cli_input_err("monitor report", &e);
		goto out;
	}
	diag_monitor(&h, &fl);
	if (finding_list_check(&fl, &e) == -1 ||
	    (doc = report_doc_new("erwatch monitor report")) == NULL) {
		rv = EXIT_RUNTIME;
		fprintf(stderr, "erwatch monitor report: out of memory\n");
		goto out;
	}
	report_monitor_build(report_doc_root(doc), &h, &fl);
	rv = cli_doc_out("monitor report", doc, json, html, cli_text_flags());
	if (rv == EXIT_OK)
		rv = finding_list_worst(&fl) == SEV_ERROR ? EXIT_FINDINGS :
		    EXIT_OK;
out:
	report_doc_free(doc);
	mon_history_release(&h);
	finding_list_release(&fl);
	return rv;
}
