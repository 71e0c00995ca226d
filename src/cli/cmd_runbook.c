/*
 * erwatch runbook: the circuit's runbook and failover drill, written
 * before an outage.  Loads the circuit export (a file in any shape
 * azure/az_circuit.c reads, or a folder of exports sorted by
 * azure/az_circuit_dir.c), has report/report_runbook.c build the
 * document for the chosen peering and router vendor, and renders it:
 * Markdown on stdout or into -o FILE, HTML into --html FILE, or JSON.
 * Files are written beside their name and renamed into place, so a
 * failed write never leaves half a runbook.  docs/runbook.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "azure/az_circuit.h"
#include "azure/az_circuit_dir.h"
#include "cli.h"
#include "report/report.h"
#include "report/report_doc.h"
#include "report/report_runbook.h"
#include "router/router_cmds.h"

#define CMD	"runbook"

enum { OPT_CIRCUIT = 256, OPT_PEERING, OPT_VENDOR, OPT_OUT, OPT_HTML,
    OPT_JSON };

static const struct cli_opt runbook_opts[] = {
	CLI_OPT("circuit", 0, CLI_ONE, "FILE", OPT_CIRCUIT,
	    "the circuit export (az, PowerShell, ARM), or a folder of "
	    "exports holding it"),
	CLI_OPTX("peering", 0, CLI_ONE, "NAME", OPT_PEERING,
	    "AzurePrivatePeering (default) or MicrosoftPeering", 0,
	    "AzurePrivatePeering|MicrosoftPeering", NULL),
	CLI_OPTX("router-vendor", 0, CLI_ONE, "V", OPT_VENDOR,
	    "the on-premises routers' commands (default ios)", 0,
	    "ios|iosxe|nxos|iosxr|junos|eos|frr|bird", NULL),
	CLI_OPT("output", 'o', CLI_ONE, "FILE", OPT_OUT,
	    "write the Markdown into FILE instead of stdout"),
	CLI_OPT("html", 0, CLI_ONE, "FILE", OPT_HTML,
	    "also write the runbook as one HTML page"),
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON,
	    "the runbook as one JSON document on stdout, not Markdown"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_runbook = {
	.name = CMD,
	.summary = "the circuit's runbook and failover drill, commands "
	    "filled in",
	.usage = { "--circuit FILE|DIR [--router-vendor V] [-o FILE.md] "
	    "[--html FILE]" },
	.description =
	    "Write the runbook for one ExpressRoute circuit before an outage: "
	    "both paths'\n/30s, addresses, VLAN and ASNs; the staged "
	    "troubleshooting steps with their\naz CLI, PowerShell, router "
	    "and erwatch commands and what good and bad look\nlike; how to "
	    "hand the evidence to support; the yearly failover drill.  The\n"
	    "MD5 key is never printed.\n",
	.opts = runbook_opts,
	.epilog = "exit: 0 written, 2 usage or input error, 3 runtime "
	    "failure\n",
};

struct rb_opts {
	const char		*circuit;
	const char		*peering;
	const char		*out;
	const char		*html;
	bool			 json;
	enum router_vendor	 vendor;
};

static int
parse_args(int argc, char *argv[], struct rb_opts *o)
{
	struct cli_parse p;
	int ch;

	memset(o, 0, sizeof(*o));
	o->peering = "AzurePrivatePeering";
	o->vendor = ROUTER_VENDOR_IOS;
	cli_parse_init(&p, &cli_cmd_runbook, argc, argv);
	while ((ch = cli_next(&p)) != CLI_END) {
		switch (ch) {
		case CLI_HELP:
			return 1;
		case CLI_BAD:
			return -1;
		case OPT_CIRCUIT:
			o->circuit = p.arg;
			break;
		case OPT_PEERING:
			o->peering = p.arg;
			break;
		case OPT_VENDOR:
			o->vendor = router_cmd_vendor_parse(p.arg);
			if (!router_cmd_vendor_known(o->vendor))
				return cli_usage_error(CMD, "unknown router "
				    "vendor '%s' (ios, iosxe, nxos, iosxr, "
				    "junos, eos, frr, bird)", p.arg), -1;
			break;
		case OPT_OUT:
			o->out = p.arg;
			break;
		case OPT_HTML:
			o->html = p.arg;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		default:
			return -1;
		}
	}
	if (o->circuit == NULL)
		return cli_usage_error(CMD, "--circuit FILE is required"), -1;
	if (o->json && o->out != NULL)
		return cli_usage_error(CMD, "-o writes Markdown; --json prints "
		    "on stdout"), -1;
	return 0;
}

/* The circuit file of a folder of exports; 0, or -1 reported. */
static int
circuit_file(const char *arg, const char *peering, const char **file,
    struct az_circuit_files *f)
{
	struct stat st;

	*file = arg;
	if (stat(arg, &st) == -1) {
		fprintf(stderr, "erwatch %s: cannot open '%s': %s\n", CMD, arg,
		    strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return 0;
	az_circuit_dir_scan(f, arg, peering);
	if (f->file[AZ_ROLE_CIRCUIT][0] == '\0') {
		fprintf(stderr, "erwatch %s: no circuit export in folder "
		    "'%s'\n", CMD, arg);
		return -1;
	}
	*file = f->file[AZ_ROLE_CIRCUIT];
	return 0;
}

/*
 * Render into path through a temporary file beside it, renamed into
 * place once complete: a full disk or a failed write leaves the old file
 * (or none), never a cut one.  0, or -1 with e set.
 */
static int
write_file(const char *path, const struct report_doc *doc, bool html,
    struct err *e)
{
	char tmp[4096];
	FILE *fp;
	int fd, rc;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return ERR(e, ERR_INPUT, "file name too long: '%s'", path);
	if ((fd = mkstemp(tmp)) == -1)
		return ERR(e, ERR_IO, "cannot create '%s': %s", path,
		    strerror(errno));
	if ((fp = fdopen(fd, "w")) == NULL) {
		(void)close(fd);
		(void)unlink(tmp);
		return ERR(e, ERR_IO, "cannot create '%s': %s", path,
		    strerror(errno));
	}
	rc = html ? report_doc_html(fp, doc, e) : report_doc_markdown(fp,
	    doc, e);
	if (fclose(fp) == EOF && rc == 0)
		rc = ERR(e, ERR_IO, "cannot write '%s': %s", path,
		    strerror(errno));
	/* mkstemp makes it 0600; a runbook is for the team to read */
	if (rc == 0 && chmod(tmp, 0644) == -1)
		rc = ERR(e, ERR_IO, "cannot write '%s': %s", path,
		    strerror(errno));
	if (rc == 0 && rename(tmp, path) == -1)
		rc = ERR(e, ERR_IO, "cannot write '%s': %s", path,
		    strerror(errno));
	if (rc != 0) {
		(void)unlink(tmp);
		err_at(e, path, 0, 0, 0);
	}
	return rc;
}

static int
render(const struct rb_opts *o, const struct report_doc *doc)
{
	struct err e;

	err_clear(&e);
	if (report_doc_check(doc, &e) == -1)
		return cli_report_err(CMD, &e);
	if (o->json) {
		int rc = cli_json_out(CMD, report_doc_json(doc),
		    report_json_dump);

		if (rc != EXIT_OK)
			return rc;
	} else if (o->out != NULL) {
		if (write_file(o->out, doc, false, &e) == -1)
			return cli_report_err(CMD, &e);
	} else if (report_doc_markdown(stdout, doc, &e) == -1)
		return cli_report_err(CMD, &e);
	if (o->html != NULL && write_file(o->html, doc, true, &e) == -1)
		return cli_report_err(CMD, &e);
	return EXIT_OK;
}

int
cmd_runbook(int argc, char *argv[])
{
	struct az_circuit_files *f = NULL;
	struct az_circuit *c = NULL;
	struct report_runbook rb;
	struct report_doc *doc = NULL;
	struct az_doc *d = NULL;
	struct rb_opts o;
	const char *file;
	char title[192];
	struct err e;
	int rc;

	if ((rc = parse_args(argc, argv, &o)) != 0)
		return rc == 1 ? EXIT_OK : EXIT_USAGE;
	if ((f = erw_calloc(1, sizeof(*f))) == NULL ||
	    (c = erw_calloc(1, sizeof(*c))) == NULL) {
		fprintf(stderr, "erwatch %s: out of memory\n", CMD);
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (circuit_file(o.circuit, o.peering, &file, f) == -1) {
		rc = EXIT_USAGE;
		goto out;
	}
	err_clear(&e);
	if (az_load_file(file, &d, &e) == -1) {
		rc = cli_input_err(CMD, &e);
		goto out;
	}
	if (az_circuit_load(c, d, &e) == -1) {
		rc = cli_report_err(CMD, &e);
		goto out;
	}
	snprintf(title, sizeof(title), "Runbook: %s", c->name[0] ? c->name :
	    "ExpressRoute circuit");
	if ((doc = report_doc_new(title)) == NULL) {
		fprintf(stderr, "erwatch %s: out of memory\n", CMD);
		rc = EXIT_RUNTIME;
		goto out;
	}
	rb.circuit = c;
	rb.peering = o.peering;
	rb.vendor = o.vendor;
	report_runbook_build(report_doc_root(doc), &rb);
	rc = render(&o, doc);
out:
	report_doc_free(doc);
	az_doc_free(d);
	free(c);
	free(f);
	return rc;
}
