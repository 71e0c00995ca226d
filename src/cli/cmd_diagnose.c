/*
 * erwatch diagnose DIR: the whole staged approach over an evidence folder.
 * Walks DIR (files recognised by content, wherever they are:
 * diag/diag_evidence.c), runs every analyzer in the playbook's order
 * (diag/analyzer.h), and prints per layer whether evidence was present and
 * its worst finding -- or, for a layer without evidence, the commands that
 * collect it -- then the findings and what each file was taken for.
 * `diagnose --init DIR` creates the folder with a README saying what goes
 * where.  docs/diagnose.md, docs/json-output.md.
 *
 * The output is one report document (report/report_diagnose.c) printed
 * as text, JSON, and with --html as a self-contained page.
 * Exit: 0 nothing wrong, 1 a finding of severity error, 2 usage error, a
 * folder that cannot be read or holds no evidence, 3 runtime failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "diag/analyzer.h"
#include "diag/diag_correlate.h"
#include "diag/diag_hypo.h"
#include "monitor/mon_history.h"
#include "report/report.h"
#include "report/report_diagnose.h"

#define CMD	"diagnose"

/* The monitor's history, read by the monitor module for diag (which
 * links no SQLite: diag/analyzer.h, struct diag_history_reader). */
static const struct diag_history_reader history_reader = {
	.load = mon_history_load,
	.release = mon_history_release,
	.span = mon_history_span,
};

enum diagnose_opt {
	OPT_JSON = 256,
	OPT_INIT,
	OPT_NO_REMEDY,
	OPT_HTML
};

static const struct cli_opt diagnose_opts[] = {
	CLI_OPT("init", 0, CLI_FLAG, NULL, OPT_INIT,
	    "create DIR with azure/ pcap/ router/ carrier/ monitor/ and a "
	    "README saying what goes where"),
	CLI_OPT("html", 0, CLI_ONE, "FILE", OPT_HTML,
	    "also write the report as one self-contained HTML page: verdict, "
	    "layer checklist, causes with their evidence, SVG timeline"),
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON,
	    "one JSON document (docs/json-output.md)"),
	CLI_OPT("no-remedy", 0, CLI_FLAG, NULL, OPT_NO_REMEDY,
	    "text: leave out the fixes"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_diagnose = {
	.name = "diagnose",
	.summary = "the staged diagnosis over an evidence folder",
	.usage = { "[options] DIR", "--init DIR" },
	.description =
	    "Diagnose a BGP session over ExpressRoute from an evidence folder:\n"
	    "Azure exports (az CLI, PowerShell), captures, router show outputs\n"
	    "and logs, a carrier's outage log, an optional context.json.  Files\n"
	    "are recognised by content, in any subfolder.  The analyzers run in\n"
	    "the playbook's order: circuit, ARP and route tables -> the\n"
	    "router's BGP state and logs -> NSG, routes, next hop -> packets;\n"
	    "their findings are correlated and ranked into root causes.  A\n"
	    "layer without evidence is reported with the command that collects\n"
	    "it.\n",
	.operands = "DIR",
	.opts = diagnose_opts,
	.epilog =
	    "exit: 0 nothing wrong found, 1 the best cause is a fault, 2 usage\n"
	    "or input error (also a folder with no evidence recognised), 3\n"
	    "runtime failure\n",
};

/* ------------------------------------------------------------------ */
/* --init                                                              */
/* ------------------------------------------------------------------ */

static const char *const init_dirs[] = {
	"azure", "pcap", "router", "carrier", "monitor"
};

static void
readme_commands(FILE *fp, enum diag_layer_id id)
{
	struct diag_facts *f = erw_calloc(1, sizeof(*f));
	struct diag_context ctx;
	struct diag_layer_status st;
	size_t i;

	if (f == NULL)
		return;
	memset(&ctx, 0, sizeof(ctx));
	memset(&st, 0, sizeof(st));
	diag_collect_commands(id, f, &ctx, &st);
	for (i = 0; i < st.ncollect; i++)
		fprintf(fp, "    %s\n", st.collect[i]);
	free(f);
}

static void
write_readme(FILE *fp)
{
	fprintf(fp,
	    "# Evidence folder for erwatch diagnose\n"
	    "\n"
	    "Put what you collect in this folder and run\n"
	    "\n"
	    "    erwatch diagnose .\n"
	    "\n"
	    "Files are recognised by their content, not by their name or\n"
	    "folder: the folders below are only a tidy place for each kind.\n"
	    "Replace <resource-group>, <circuit>, <nic-of-the-vm>, <peer-ip>\n"
	    "and <interface> with yours.\n"
	    "\n"
	    "## azure/  (az CLI or PowerShell exports)\n"
	    "\n"
	    "The circuit:\n");
	readme_commands(fp, DL_CIRCUIT);
	fprintf(fp,
	    "\n"
	    "ARP tables, route tables and route table summaries, per path\n"
	    "(primary and secondary; the files do not say which path they\n"
	    "are from, so keep \"primary\" or \"secondary\" in the file name,\n"
	    "or keep a commands.txt of \"<file><TAB><command>\" lines):\n");
	readme_commands(fp, DL_ARP);
	readme_commands(fp, DL_ROUTING);
	fprintf(fp,
	    "    az network express-route list-route-tables-summary -g "
	    "<resource-group> -n <circuit> --peering-name AzurePrivatePeering "
	    "--path primary > azure/summary-primary.json\n"
	    "\n"
	    "The VM's NSGs and effective routes:\n");
	readme_commands(fp, DL_NSG);
	fprintf(fp,
	    "\n"
	    "## pcap/  (captures: pcap, pcapng, or what Wireshark reads)\n"
	    "\n");
	readme_commands(fp, DL_PACKETS);
	fprintf(fp,
	    "    tcpdump -i <interface> -s 0 -w pcap/bgp.pcap 'tcp port 179 "
	    "or icmp or arp or vlan'\n"
	    "\n"
	    "## router/  (the on-premises router's own view)\n"
	    "\n"
	    "Paste the output of, per vendor:\n"
	    "    Cisco IOS / IOS-XE: show ip bgp summary ; show ip bgp "
	    "neighbors <peer-ip> ; show logging | include BGP\n"
	    "    Cisco NX-OS: show ip bgp summary ; show bgp ipv4 unicast "
	    "neighbors <peer-ip>\n"
	    "    Cisco IOS-XR: show bgp summary ; show bgp neighbor <peer-ip>\n"
	    "    Juniper Junos: show bgp summary ; show bgp neighbor <peer-ip> "
	    "; show log messages | match bgp\n"
	    "    Arista EOS: show ip bgp summary ; show ip bgp neighbors "
	    "<peer-ip>\n"
	    "    FRR: vtysh -c 'show bgp summary json' -c 'show bgp neighbors "
	    "<peer-ip> json'\n"
	    "    BIRD: birdc show protocols all\n"
	    "and the BGP lines of its log (syslog, bgpd.log, bird.log).\n"
	    "\n"
	    "## carrier/\n"
	    "\n"
	    "The provider's link availability log for the CE-PE link (CSV or\n"
	    "syslog of down/up intervals).  Not read yet by this version.\n"
	    "\n"
	    "## monitor/\n"
	    "\n"
	    "The erwatch monitor's database, once it exists.  Not read yet.\n"
	    "\n"
	    "## context.json  (optional, anywhere in the folder)\n"
	    "\n"
	    "What the files do not say:\n"
	    "\n"
	    "    {\n"
	    "      \"circuit\": \"<circuit>\",\n"
	    "      \"resource_group\": \"<resource-group>\",\n"
	    "      \"nic\": \"<nic-of-the-vm>\",\n"
	    "      \"peers\": [{\"address\": \"<peer-ip>\", \"asn\": 12076, "
	    "\"path\": \"primary\"}],\n"
	    "      \"timezone\": \"+01:00\",\n"
	    "      \"flows\": [\"out,tcp,10.20.9.4,40179,10.50.0.1,179\"],\n"
	    "      \"destinations\": [\"10.50.0.1\"],\n"
	    "      \"files\": {\"arp1.json\": \"primary\"}\n"
	    "    }\n"
	    "\n"
	    "docs/diagnose.md in the erwatch sources lists every key.\n");
}

static int
init_folder(const char *dir)
{
	char path[EVIDENCE_PATH_MAX];
	struct stat st;
	FILE *fp;
	size_t i;

	if (mkdir(dir, 0777) == -1 && errno != EEXIST) {
		fprintf(stderr, "erwatch %s: cannot create '%s': %s\n", CMD,
		    dir, strerror(errno));
		return errno == EACCES ? EXIT_RUNTIME : EXIT_USAGE;
	}
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "erwatch %s: '%s' is not a folder\n", CMD, dir);
		return EXIT_USAGE;
	}
	for (i = 0; i < sizeof(init_dirs) / sizeof(init_dirs[0]); i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    init_dirs[i]) >= sizeof(path))
			return cli_usage_error(CMD, "folder name too long");
		if (mkdir(path, 0777) == -1 && errno != EEXIST) {
			fprintf(stderr, "erwatch %s: cannot create '%s': %s\n",
			    CMD, path, strerror(errno));
			return EXIT_RUNTIME;
		}
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/README.md", dir) >=
	    sizeof(path))
		return cli_usage_error(CMD, "folder name too long");
	/* never overwrite: the user may have written notes in it */
	if ((fp = fopen(path, "wx")) == NULL) {
		if (errno == EEXIST) {
			fprintf(stderr, "erwatch %s: '%s' exists; left as it "
			    "is\n", CMD, path);
			return EXIT_OK;
		}
		fprintf(stderr, "erwatch %s: cannot create '%s': %s\n", CMD,
		    path, strerror(errno));
		return EXIT_RUNTIME;
	}
	write_readme(fp);
	if (fclose(fp) == EOF) {
		fprintf(stderr, "erwatch %s: cannot write '%s'\n", CMD, path);
		return EXIT_RUNTIME;
	}
	printf("created %s with azure/ pcap/ router/ carrier/ monitor/ and "
	    "README.md\n", dir);
	return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* The run                                                             */
/* ------------------------------------------------------------------ */

struct run {
	const char			*dir;
	struct evidence_set		 ev;
	struct finding_list		 fl;
	struct diag_facts		*facts;
	const struct analyzer		**owner;
	struct diag_layer_status	 layers[DL__COUNT];
	struct hypothesis_list		 hyp;
	size_t				 recognised;
};

/* The run as one report document (report/report_diagnose.c), printed
 * as text or JSON and, with --html, written as a page. */
static int
render(const struct run *r, bool json, const char *html, unsigned tflags)
{
	struct report_diagnose_run in;
	struct report_doc *doc;
	int rc;

	if ((doc = report_doc_new("erwatch diagnose")) == NULL) {
		fprintf(stderr, "erwatch %s: out of memory\n", CMD);
		return EXIT_RUNTIME;
	}
	memset(&in, 0, sizeof(in));
	in.dir = r->dir;
	in.ev = &r->ev;
	in.fl = &r->fl;
	in.owner = r->owner;
	in.facts = r->facts;
	in.layers = r->layers;
	in.hyp = &r->hyp;
	in.recognised = r->recognised;
	report_diagnose_build(report_doc_root(doc), &in);
	rc = cli_doc_out(CMD, doc, json, html, tflags);
	report_doc_free(doc);
	return rc;
}

int
cmd_diagnose(int argc, char *argv[])
{
	struct run *r;
	struct err e;
	const char *html = NULL;
	bool json = false, init = false;
	unsigned tflags = 0;
	struct cli_parse p;
	size_t i;
	int ch, rc = EXIT_OK;

	cli_parse_init(&p, &cli_cmd_diagnose, argc, argv);
	while ((ch = cli_next(&p)) != CLI_END) {
		switch (ch) {
		case CLI_HELP:
			return EXIT_OK;
		case CLI_BAD:
			return EXIT_USAGE;
		case OPT_JSON:
			json = true;
			break;
		case OPT_INIT:
			init = true;
			break;
		case OPT_NO_REMEDY:
			tflags |= REPORT_TEXT_NO_REMEDY;
			break;
		case OPT_HTML:
			html = p.arg;
			break;
		}
	}
	if (p.nops != 1)
		return cli_usage_error(CMD, "give one evidence folder");
	if (init)
		return init_folder(p.ops[0]);
	if ((r = erw_calloc(1, sizeof(*r))) == NULL ||
	    (r->facts = erw_calloc(1, sizeof(*r->facts))) == NULL ||
	    (r->owner = erw_calloc(LIMIT_FINDINGS, sizeof(*r->owner))) ==
	    NULL) {
		if (r != NULL)
			free(r->facts);
		free(r);
		fprintf(stderr, "erwatch %s: out of memory\n", CMD);
		return EXIT_RUNTIME;
	}
	r->dir = p.ops[0];
	evidence_set_init(&r->ev);
	r->ev.history = &history_reader;
	finding_list_init(&r->fl);
	err_clear(&e);
	if (evidence_scan(&r->ev, r->dir, &e) == -1) {
		rc = e.code == ERR_NOMEM ? cli_report_err(CMD, &e) :
		    cli_input_err(CMD, &e);
		goto out;
	}
	if (analyzers_run(&r->ev, &r->fl, r->facts, r->owner, LIMIT_FINDINGS,
	    &e) == -1 || finding_list_check(&r->fl, &e) == -1) {
		rc = cli_report_err(CMD, &e);
		goto out;
	}
	/* Across the evidence: what no single analyzer sees, then the
	 * causes ranked from every finding. */
	diag_correlate(&r->fl, r->facts);
	if (finding_list_check(&r->fl, &e) == -1 ||
	    diag_rank(&r->fl, &r->hyp, &e) == -1) {
		rc = cli_report_err(CMD, &e);
		goto out;
	}
	for (i = 0; i < r->ev.n; i++)
		if (r->ev.v[i].type != EVT_UNRECOGNISED &&
		    r->ev.v[i].analyzer != NULL)
			r->recognised++;
	diag_layers(&r->ev, &r->fl, r->owner, r->facts, r->layers);
	rc = render(r, json, html, tflags | cli_text_flags());
	if (rc == EXIT_OK) {
		if (r->recognised == 0) {
			fprintf(stderr, "erwatch %s: no evidence recognised in "
			    "'%s'\n", CMD, r->dir);
			rc = EXIT_USAGE;
		} else
			rc = hypothesis_list_exit_code(&r->hyp);
	}
out:
	finding_list_release(&r->fl);
	hypothesis_list_release(&r->hyp);
	evidence_set_release(&r->ev);
	free(r->owner);
	free(r->facts);
	free(r);
	return rc;
}
