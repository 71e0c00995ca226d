/*
 * erwatch config ROUTER_CONFIG --circuit FILE [--peering NAME]: the
 * on-premises router's configuration checked against the circuit's
 * peering export before anything is sent.  Loads the configuration
 * (router/router_cfg.h, dialect by content), builds the cloud side from
 * the export and compares them (diag/diag_config.h), and renders the
 * report document (report/report_config.h) as text, JSON or HTML.
 * docs/config.md.
 * Exit: 0 no fault, 1 a fault finding, 2 usage error or an unreadable
 * input, 3 runtime failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "azure/az_circuit.h"
#include "diag/diag_config.h"
#include "report/report.h"
#include "report/report_config.h"
#include "report/report_doc.h"
#include "router/router_cfg.h"

enum config_opt {
	OPT_JSON = 256,
	OPT_HTML,
	OPT_CIRCUIT,
	OPT_PEERING,
	OPT_DIALECT,
	OPT_EMIT,
	OPT_NO_REMEDY
};

static const struct cli_opt config_opts[] = {
	CLI_OPT("circuit", 0, CLI_ONE, "FILE", OPT_CIRCUIT,
	    "the circuit export (az network express-route show, "
	    "Get-AzExpressRouteCircuit | ConvertTo-Json); required"),
	CLI_OPT("peering", 0, CLI_ONE, "NAME", OPT_PEERING,
	    "the peering to check against (default AzurePrivatePeering)"),
	CLI_OPTX("dialect", 0, CLI_ONE, "NAME", OPT_DIALECT,
	    "read the config as this dialect instead of recognising it",
	    0, "ios|eos|nx-os|ios-xr|frr|junos-set|junos|bird", NULL),
	CLI_OPTX("emit", 0, CLI_ONE, "DIALECT", OPT_EMIT,
	    "write the on-premises config that matches the circuit instead "
	    "of checking one (a password placeholder, never a key)",
	    0, "ios|eos|nx-os|ios-xr|frr|junos-set|junos|bird", NULL),
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON,
	    "one JSON document (docs/config.md)"),
	CLI_OPT("html", 0, CLI_ONE, "FILE", OPT_HTML,
	    "also write the report as one HTML page"),
	CLI_OPT("no-remedy", 0, CLI_FLAG, NULL, OPT_NO_REMEDY,
	    "text: leave out the fixes"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_config = {
	.name = "config",
	.summary = "check a router's configuration against the circuit",
	.usage = { "[options] --circuit FILE ROUTER_CONFIG",
	    "--emit DIALECT --circuit FILE [--peering NAME]" },
	.description =
	    "Read the on-premises router's configuration (Cisco IOS/IOS-XE,\n"
	    "NX-OS, IOS-XR, Arista EOS, FRR, Junos set or curly form, BIRD 2;\n"
	    "recognised by content) and check the BGP peering toward Azure\n"
	    "against the cloud side described by the circuit export: per path\n"
	    "the /30 addresses, VLAN, ASNs, MD5, timers, BFD, prefix limits,\n"
	    "default route and MSS.  Keys are never printed.  --emit writes\n"
	    "the configuration that matches the circuit, for any of those\n"
	    "dialects; the check passes it.\n",
	.operands = "ROUTER_CONFIG",
	.opts = config_opts,
	.epilog =
	    "exit: 0 no fault, 1 a fault found, 2 usage or input error,\n"
	    "3 runtime failure\n",
};

static int
load_circuit(const char *file, struct az_circuit *c)
{
	struct az_doc *d;
	struct err e;
	int rc;

	err_clear(&e);
	if (az_load_file(file, &d, &e) == -1)
		return cli_input_err("config", &e);
	rc = az_circuit_load(c, d, &e);
	az_doc_free(d);
	if (rc == -1)
		return cli_input_err("config", &e);
	return 0;
}

/* --emit: the matching configuration on stdout. */
static int
emit(const struct cloud_peer *cloud, enum router_cfg_dialect d)
{
	struct sb out;
	struct err e;
	int rc = EXIT_OK;

	sb_init(&out);
	err_clear(&e);
	if (diag_config_emit(cloud, d, &out, &e) == -1)
		rc = cli_report_err("config", &e);
	else if (fwrite(sb_str(&out), 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "erwatch config: cannot write the output\n");
		rc = EXIT_RUNTIME;
	}
	sb_release(&out);
	return rc;
}

int
cmd_config(int argc, char *argv[])
{
	enum router_cfg_dialect dialect = ROUTER_CFG_UNKNOWN;
	enum router_cfg_dialect emit_d = ROUTER_CFG_UNKNOWN;
	const char *circuit = NULL, *peering = NULL, *html = NULL;
	struct az_circuit *ckt = NULL;
	struct router_cfg cfg;
	struct cloud_peer cloud;
	struct config_result res;
	struct finding_list fl;
	struct report_doc *rdoc;
	struct cli_parse p;
	struct err e;
	unsigned tflags = 0;
	bool json = false;
	int ch, rc;

	memset(&cfg, 0, sizeof(cfg));
	cli_parse_init(&p, &cli_cmd_config, argc, argv);
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
		case OPT_CIRCUIT:
			circuit = p.arg;
			break;
		case OPT_PEERING:
			peering = p.arg;
			break;
		case OPT_DIALECT:
			if ((dialect = router_cfg_dialect_by_name(p.arg)) ==
			    ROUTER_CFG_UNKNOWN)
				return cli_usage_error("config", "--dialect: "
				    "unknown dialect");
			break;
		case OPT_EMIT:
			if ((emit_d = router_cfg_dialect_by_name(p.arg)) ==
			    ROUTER_CFG_UNKNOWN)
				return cli_usage_error("config", "--emit: "
				    "unknown dialect");
			break;
		case OPT_NO_REMEDY:
			tflags |= REPORT_TEXT_NO_REMEDY;
			break;
		}
	}
	if (emit_d != ROUTER_CFG_UNKNOWN && p.nops != 0)
		return cli_usage_error("config", "--emit takes no router "
		    "configuration");
	if (emit_d == ROUTER_CFG_UNKNOWN && p.nops != 1)
		return cli_usage_error("config", p.nops == 0 ? "no router "
		    "configuration given" : "one router configuration at a "
		    "time");
	if (circuit == NULL)
		return cli_usage_error("config", "--circuit FILE is required");
	/* the circuit model is large: keep it off the stack */
	if ((ckt = erw_calloc(1, sizeof(*ckt))) == NULL) {
		fprintf(stderr, "erwatch config: out of memory\n");
		return EXIT_RUNTIME;
	}
	if ((rc = load_circuit(circuit, ckt)) != 0)
		goto out;
	err_clear(&e);
	if (diag_config_cloud(ckt, peering, &cloud, &e) == -1) {
		rc = cli_input_err("config", &e);
		goto out;
	}
	if (emit_d != ROUTER_CFG_UNKNOWN) {
		rc = emit(&cloud, emit_d);
		goto out;
	}
	err_clear(&e);
	if (router_cfg_load_file(&cfg, p.ops[0], dialect, &e) == -1) {
		rc = e.code == ERR_NOMEM ? cli_report_err("config", &e) :
		    cli_input_err("config", &e);
		goto out;
	}
	finding_list_init(&fl);
	diag_config(&cfg, &cloud, &res, &fl);
	err_clear(&e);
	if (finding_list_check(&fl, &e) == -1) {
		rc = cli_report_err("config", &e);
		finding_list_release(&fl);
		goto out;
	}
	if ((rdoc = report_doc_new("erwatch config")) == NULL) {
		fprintf(stderr, "erwatch config: out of memory\n");
		finding_list_release(&fl);
		rc = EXIT_RUNTIME;
		goto out;
	}
	report_config_build(report_doc_root(rdoc), &cfg, &cloud, &res, &fl);
	rc = cli_doc_out("config", rdoc, json, html, tflags |
	    cli_text_flags());
	report_doc_free(rdoc);
	if (rc == EXIT_OK)
		rc = finding_list_exit_code(&fl);
	finding_list_release(&fl);
out:
	router_cfg_release(&cfg);
	free(ckt);
	return rc;
}
