/*
 * erwatch preflight DIR: Network Watcher's prerequisites for a packet
 * capture, judged from the exports in DIR (diag/diag_preflight.h,
 * docs/preflight.md): watcher, agent, storage account and its reach from
 * the VM, and the SAS.  Every file is recognised by content.  A file
 * that is no export preflight reads, or one it cannot read, is reported
 * with its position and the rest is judged.
 * Exit: 0 nothing wrong, 1 an error finding, 2 usage error or bad input
 * (the report is still written), 3 runtime error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag/analyzer.h"
#include "diag/diag_preflight.h"
#include "report/report.h"
#include "report/report_doc.h"
#include "report/report_preflight.h"

#define CMD	"preflight"

enum preflight_opt {
	OPT_JSON = 256,
	OPT_HTML,
	OPT_SAS_FILE,
	OPT_STORAGE_IP,
	OPT_MAX_HOURS,
	OPT_ALLOW_READ,
	OPT_NOW,
	OPT_NO_REMEDY
};

static const struct cli_opt preflight_opts[] = {
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON,
	    "one JSON document (docs/json-output.md)"),
	CLI_OPT("html", 0, CLI_ONE, "FILE", OPT_HTML,
	    "also write the report as one HTML page"),
	CLI_OPT("sas-file", 0, CLI_ONE, "FILE", OPT_SAS_FILE,
	    "check the SAS URL in FILE too (the folder's SAS files are "
	    "checked anyway)"),
	CLI_OPT("storage-ip", 0, CLI_ONE, "ADDR", OPT_STORAGE_IP,
	    "the storage account's address (nslookup ACCOUNT.blob.core."
	    "windows.net), for the NSG and route checks"),
	CLI_OPT("max-hours", 0, CLI_ONE, "H", OPT_MAX_HOURS,
	    "a SAS expiring further than H hours away is a warning "
	    "(default " CLI_STR(DIAG_SAS_MAX_HOURS) ")"),
	CLI_OPT("allow-read", 0, CLI_FLAG, NULL, OPT_ALLOW_READ,
	    "a SAS may allow reading (to fetch the captures back)"),
	CLI_OPTX("now", 0, CLI_ONE, "TIME", OPT_NOW,
	    "judge the SAS times as at TIME (ISO 8601), for tests",
	    CLI_HIDDEN, NULL, NULL),
	CLI_OPT("no-remedy", 0, CLI_FLAG, NULL, OPT_NO_REMEDY,
	    "text: leave out the fixes"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_preflight = {
	.name = CMD,
	.summary = "check Network Watcher's prerequisites for a packet "
	    "capture",
	.usage = { "[options] DIR" },
	.description =
	    "Check, from exports saved in DIR (docs/preflight.md), that\n"
	    "Network Watcher can capture on the test VMs: a watcher enabled\n"
	    "in each VM's region, the agent extension provisioned on each\n"
	    "VM, the capture storage account in the VM's region with shared\n"
	    "keys allowed, HTTPS and TLS 1.2, its firewall open to the VM's\n"
	    "subnet, TCP 443 to it allowed by the VM's effective NSG and\n"
	    "routed by its effective routes, and any SAS URL in the folder.\n"
	    "What the exports do not tell is said, with the command that\n"
	    "exports it.\n",
	.operands = "DIR",
	.opts = preflight_opts,
	.epilog =
	    "exit: 0 nothing wrong, 1 an error finding, 2 usage error or a\n"
	    "file that could not be read (the rest is still judged), 3\n"
	    "runtime error\n",
};

struct bad {
	size_t	 n;
};

static void
bad_item(void *arg, struct evidence_item *it, const struct err *le)
{
	struct bad *b = arg;
	struct err e = *le;

	err_at(&e, it->rel, 0, 0, 0);
	(void)cli_report_err(CMD, &e);
	b->n++;
}

/* A file preflight cannot use: say why, with the position when the
 * loader knows it (a JSON syntax error is loaded again for it). */
static void
unrecognised(struct evidence_item *it, struct bad *b)
{
	struct az_doc *doc = NULL;
	struct err e;

	err_clear(&e);
	if (strncmp(it->reason, "not valid JSON", 14) == 0 &&
	    az_load_file(it->path, &doc, &e) == -1) {
		str_copy(e.input, it->rel, sizeof(e.input));
		(void)cli_report_err(CMD, &e);
	} else
		fprintf(stderr, "erwatch %s: '%s': not an export preflight "
		    "reads (%s)\n", CMD, it->rel, it->reason);
	az_doc_free(doc);
	b->n++;
}

static int
sas_file(struct diag_preflight_in *in, const char *path, struct bad *b)
{
	static char buf[AZ_SAS_MAX_LEN * 2 + 1];
	struct err e;
	FILE *fp;
	size_t n;

	err_clear(&e);
	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "erwatch %s: cannot open '%s': %s\n", CMD,
		    path, strerror(errno));
		b->n++;
		return 0;
	}
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	(void)fclose(fp);
	buf[n] = '\0';
	if (diag_preflight_add_sas(in, path, buf, n, &e) == -1) {
		(void)cli_report_err(CMD, &e);
		b->n++;
	}
	memset(buf, 0, sizeof(buf));
	return 0;
}

int
cmd_preflight(int argc, char *argv[])
{
	struct diag_preflight_opts opts;
	struct diag_preflight_in *in = NULL;
	struct evidence_set ev;
	struct finding_list fl;
	struct report_doc *doc = NULL;
	struct cli_parse p;
	struct bad bad = { 0 };
	struct err e;
	const char *html = NULL, *sas = NULL;
	unsigned long long v;
	unsigned tflags = 0;
	bool json = false;
	size_t i;
	int ch, rc = EXIT_OK;

	diag_preflight_opts_init(&opts);
	cli_parse_init(&p, &cli_cmd_preflight, argc, argv);
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
		case OPT_SAS_FILE:
			sas = p.arg;
			break;
		case OPT_STORAGE_IP:
			if (net_addr_parse(p.arg, &opts.storage_ip) == -1)
				return cli_usage_error(CMD, "--storage-ip needs "
				    "an IP address");
			opts.has_storage_ip = true;
			break;
		case OPT_MAX_HOURS:
			if (cli_parse_u64(p.arg, 1, 24 * 366, &v) == -1)
				return cli_usage_error(CMD, "--max-hours needs "
				    "hours 1..8784");
			opts.sas.max_hours = (unsigned)v;
			break;
		case OPT_ALLOW_READ:
			opts.sas.allow_read = true;
			break;
		case OPT_NOW:
			if (time_parse_iso(p.arg, strlen(p.arg),
			    &opts.sas.now) == -1)
				return cli_usage_error(CMD, "--now needs an ISO "
				    "8601 time");
			break;
		case OPT_NO_REMEDY:
			tflags |= REPORT_TEXT_NO_REMEDY;
			break;
		}
	}
	if (p.nops != 1)
		return cli_usage_error(CMD, "give one folder of exports");
	evidence_set_init(&ev);
	finding_list_init(&fl);
	err_clear(&e);
	if ((in = diag_preflight_in_new()) == NULL) {
		fprintf(stderr, "erwatch %s: out of memory\n", CMD);
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (evidence_scan(&ev, p.ops[0], &e) == -1) {
		rc = e.code == ERR_NOMEM ? cli_report_err(CMD, &e) :
		    cli_input_err(CMD, &e);
		goto out;
	}
	for (i = 0; i < ev.n; i++)
		if (ev.v[i].type == EVT_UNRECOGNISED)
			unrecognised(&ev.v[i], &bad);
	if (diag_preflight_gather(in, &ev, bad_item, &bad, &e) == -1 ||
	    (sas != NULL && sas_file(in, sas, &bad) == -1)) {
		rc = cli_report_err(CMD, &e);
		goto out;
	}
	if (diag_preflight(in, &opts, &fl, &e) == -1 ||
	    finding_list_check(&fl, &e) == -1) {
		rc = cli_report_err(CMD, &e);
		goto out;
	}
	if ((doc = report_doc_new("erwatch preflight")) == NULL) {
		fprintf(stderr, "erwatch %s: out of memory\n", CMD);
		rc = EXIT_RUNTIME;
		goto out;
	}
	report_preflight_build(report_doc_root(doc), in, &fl);
	rc = cli_doc_out(CMD, doc, json, html, tflags | cli_text_flags());
	if (rc == EXIT_OK)
		rc = bad.n > 0 ? EXIT_USAGE : finding_list_exit_code(&fl);
out:
	report_doc_free(doc);
	finding_list_release(&fl);
	evidence_set_release(&ev);
	diag_preflight_in_free(in);
	return rc;
}
