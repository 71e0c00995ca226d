/*
 * erwatch circuit: ExpressRoute circuit checks on exported state.  Takes
 * the exports (explicit options, or a folder that azure/az_circuit_dir.c
 * sorts by its commands.txt or file names), loads them
 * (azure/az_circuit.h), runs diag_circuit() and
 * has report/report_circuit.c turn the layered verdict per path (L2 ->
 * BGP -> routes) and the findings into a report document, rendered as
 * text, JSON or HTML (report/report_doc.h).  docs/circuit.md.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azure/az_circuit.h"
#include "azure/az_circuit_dir.h"
#include "cli.h"
#include "diag/diag_azure.h"
#include "diag/diag_circuit.h"
#include "report/report.h"
#include "report/report_circuit.h"
#include "report/report_doc.h"

struct ckt_opts {
	struct az_circuit_files	 f;	/* options first, then DIR */
	const char		*dir;
	const char		*peering;
	const char		*html;	/* --html FILE, or NULL */
	bool			 json;
};

/* Role r's option has the id OPT_ROLE + r (azure/az_circuit_dir.h). */
enum { OPT_PEERING = 256, OPT_JSON, OPT_HTML, OPT_ROLE };

static const struct cli_opt circuit_opts[] = {
	CLI_OPT("circuit", 0, CLI_ONE, "FILE", OPT_ROLE + AZ_ROLE_CIRCUIT,
	    "the circuit"),
	CLI_OPT("arp-primary", 0, CLI_ONE, "FILE", OPT_ROLE + AZ_ROLE_ARP_P,
	    "the primary ARP table"),
	CLI_OPT("arp-secondary", 0, CLI_ONE, "FILE", OPT_ROLE + AZ_ROLE_ARP_S,
	    "the secondary ARP table"),
	CLI_OPT("routes-primary", 0, CLI_ONE, "FILE",
	    OPT_ROLE + AZ_ROLE_ROUTES_P, "the primary route table"),
	CLI_OPT("routes-secondary", 0, CLI_ONE, "FILE",
	    OPT_ROLE + AZ_ROLE_ROUTES_S, "the secondary route table"),
	CLI_OPT("summary-primary", 0, CLI_ONE, "FILE",
	    OPT_ROLE + AZ_ROLE_SUMMARY_P, "the primary route table summary"),
	CLI_OPT("summary-secondary", 0, CLI_ONE, "FILE",
	    OPT_ROLE + AZ_ROLE_SUMMARY_S, "the secondary route table summary"),
	CLI_OPT("stats", 0, CLI_ONE, "FILE", OPT_ROLE + AZ_ROLE_STATS,
	    "the traffic stats"),
	CLI_OPTX("peering", 0, CLI_ONE, "NAME", OPT_PEERING,
	    "AzurePrivatePeering (default) or MicrosoftPeering", 0,
	    "AzurePrivatePeering|MicrosoftPeering", NULL),
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON,
	    "one JSON document (docs/json-output.md)"),
	CLI_OPT("html", 0, CLI_ONE, "FILE", OPT_HTML,
	    "also write the report as one HTML page"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_circuit = {
	.name = "circuit",
	.summary = "ExpressRoute circuit, ARP, route table checks",
	.usage = { "[DIR] [options] [--peering NAME] [--json]" },
	.description =
	    "DIR is a folder of exports; commands.txt in it (or the file "
	    "names) tells\nprimary from secondary.  Files given as options "
	    "come first.\n",
	.operands = "DIR",
	.opts = circuit_opts,
	.epilog = "exit: 0 ok, 1 error findings, 2 usage/input error, 3 "
	    "runtime failure\n",
};

static int
parse_args(int argc, char *argv[], struct ckt_opts *o)
{
	struct cli_parse p;
	int ch, r;

	memset(o, 0, sizeof(*o));
	cli_parse_init(&p, &cli_cmd_circuit, argc, argv);
	while ((ch = cli_next(&p)) != CLI_END) {
		switch (ch) {
		case CLI_HELP:
			return 1;
		case CLI_BAD:
			return -1;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_PEERING:
			o->peering = p.arg;
			break;
		case OPT_HTML:
			o->html = p.arg;
			break;
		default:
			r = ch - OPT_ROLE;
			if (strlen(p.arg) >= AZ_CIRCUIT_PATH_MAX)
				return cli_usage_error("circuit", "file name "
				    "too long"), -1;
			str_copy(o->f.file[r], p.arg, AZ_CIRCUIT_PATH_MAX);
			str_copy(o->f.origin[r], "option",
			    sizeof(o->f.origin[r]));
			break;
		}
	}
	if (p.nops > 1)
		return cli_usage_error("circuit", "only one DIR"), -1;
	if (p.nops == 1)
		o->dir = p.ops[0];
	if (o->peering == NULL)
		o->peering = "AzurePrivatePeering";
	for (r = 0; r < AZ_ROLE__COUNT; r++)
		if (o->f.file[r][0] != '\0')
			break;
	if (o->dir == NULL && r == AZ_ROLE__COUNT)
		return cli_usage_error("circuit", "give a DIR or export files"),
		    -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */
/* ------------------------------------------------------------------ */

struct loaded {
	struct az_circuit	 circuit;
	struct az_arp_table	 arp[AZ_PATH_COUNT];
	struct az_er_routes	 routes[AZ_PATH_COUNT];
	struct az_er_summary	 summary[AZ_PATH_COUNT];
	struct az_er_stats	 stats;
	bool			 have[AZ_ROLE__COUNT];
};

static int
load_one(struct loaded *l, int r, const char *file)
{
	struct az_doc *d;
	struct err e;
	int rc;

	err_clear(&e);
	if (az_load_file(file, &d, &e) == -1)
		return cli_input_err("circuit", &e);
	switch (r) {
	case AZ_ROLE_CIRCUIT:
		rc = az_circuit_load(&l->circuit, d, &e);
		break;
	case AZ_ROLE_ARP_P:
	case AZ_ROLE_ARP_S:
		rc = az_arp_load(&l->arp[r - AZ_ROLE_ARP_P], d, &e);
		break;
	case AZ_ROLE_ROUTES_P:
	case AZ_ROLE_ROUTES_S:
		rc = az_er_routes_load(&l->routes[r - AZ_ROLE_ROUTES_P], d,
		    &e);
		break;
	case AZ_ROLE_SUMMARY_P:
	case AZ_ROLE_SUMMARY_S:
		rc = az_er_summary_load(&l->summary[r - AZ_ROLE_SUMMARY_P],
		    d, &e);
		break;
	default:
		rc = az_er_stats_load(&l->stats, d, &e);
		break;
	}
	az_doc_free(d);
	if (rc == -1)
		return cli_report_err("circuit", &e);
	l->have[r] = true;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */
/* ------------------------------------------------------------------ */

static int
render(const struct ckt_opts *o, const struct loaded *l,
    const struct diag_circuit_result *res, const struct finding_list *fl)
{
	struct report_circuit_input inputs[AZ_ROLE__COUNT];
	const char *notes[AZ_CIRCUIT_MAX_NOTES];
	struct report_circuit rc;
	struct report_doc *doc;
	size_t i;
	int r, rv;

	memset(&rc, 0, sizeof(rc));
	rc.circuit = l->have[AZ_ROLE_CIRCUIT] ? &l->circuit : NULL;
	rc.peering = o->peering;
	for (r = 0; r < AZ_ROLE__COUNT; r++) {
		if (o->f.file[r][0] == '\0')
			continue;
		inputs[rc.ninputs].file = o->f.file[r];
		inputs[rc.ninputs].role = az_circuit_role_name(
		    (enum az_circuit_role)r);
		inputs[rc.ninputs].from = o->f.origin[r];
		inputs[rc.ninputs].loaded = l->have[r];
		rc.ninputs++;
	}
	rc.inputs = inputs;
	for (i = 0; i < o->f.nnotes; i++)
		notes[i] = o->f.notes[i];
	rc.notes = notes;
	rc.nnotes = o->f.nnotes;
	if ((doc = report_doc_new("erwatch circuit")) == NULL) {
		fprintf(stderr, "erwatch circuit: out of memory\n");
		return EXIT_RUNTIME;
	}
	report_circuit_build(report_doc_root(doc), &rc, res, fl);
	rv = cli_doc_out("circuit", doc, o->json, o->html, cli_text_flags());
	report_doc_free(doc);
	return rv;
}

int
cmd_circuit(int argc, char *argv[])
{
	struct ckt_opts *o;
	struct loaded *l;
	struct diag_circuit_input in;
	struct diag_circuit_result res;
	struct finding_list fl;
	struct err e;
	int r, p, rc = 0, in_rc = 0;

	if ((o = erw_calloc(1, sizeof(*o))) == NULL ||
	    (l = erw_calloc(1, sizeof(*l))) == NULL) {
		free(o);
		fprintf(stderr, "erwatch circuit: out of memory\n");
		return EXIT_RUNTIME;
	}
	if ((r = parse_args(argc, argv, o)) != 0) {
		free(o);
		free(l);
		return r == 1 ? EXIT_OK : EXIT_USAGE;
	}
	if (o->dir != NULL) {
		DIR *d = opendir(o->dir);

		if (d == NULL) {
			fprintf(stderr, "erwatch circuit: cannot open folder "
			    "'%s'\n", o->dir);
			free(o);
			free(l);
			return EXIT_USAGE;
		}
		closedir(d);
		az_circuit_dir_scan(&o->f, o->dir, o->peering);
	}
	for (r = 0; r < AZ_ROLE__COUNT && in_rc != EXIT_RUNTIME; r++)
		if (o->f.file[r][0] != '\0' && (p = load_one(l, r,
		    o->f.file[r])) != 0)
			in_rc = p == EXIT_RUNTIME ? p : EXIT_USAGE;
	if (in_rc == EXIT_RUNTIME) {
		/* out of memory: no verdict on what could be loaded */
		rc = in_rc;
		goto out;
	}

	memset(&in, 0, sizeof(in));
	in.peering = o->peering;
	in.circuit = l->have[AZ_ROLE_CIRCUIT] ? &l->circuit : NULL;
	in.stats = l->have[AZ_ROLE_STATS] ? &l->stats : NULL;
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		in.arp[p] = l->have[AZ_ROLE_ARP_P + p] ? &l->arp[p] : NULL;
		in.routes[p] = l->have[AZ_ROLE_ROUTES_P + p] ?
		    &l->routes[p] : NULL;
		in.summary[p] = l->have[AZ_ROLE_SUMMARY_P + p] ?
		    &l->summary[p] : NULL;
	}
	finding_list_init(&fl);
	diag_circuit(&in, &res, &fl);
	/* What the loaders could not read, file by file. */
	diag_az_notes(&fl, in.circuit != NULL ? &l->circuit.notes : NULL);
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		diag_az_notes(&fl, in.arp[p] != NULL ? &l->arp[p].notes : NULL);
		diag_az_notes(&fl, in.routes[p] != NULL ? &l->routes[p].notes :
		    NULL);
		diag_az_notes(&fl, in.summary[p] != NULL ?
		    &l->summary[p].notes : NULL);
	}
	diag_az_notes(&fl, in.stats != NULL ? &l->stats.notes : NULL);
	err_clear(&e);
	if (finding_list_check(&fl, &e) == -1)
		rc = cli_report_err("circuit", &e);
	else
		rc = render(o, l, &res, &fl);
	if (rc == 0)
		rc = in_rc != 0 ? in_rc : finding_list_exit_code(&fl);
	finding_list_release(&fl);
out:
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		az_arp_release(&l->arp[p]);
		az_er_routes_release(&l->routes[p]);
		az_er_summary_release(&l->summary[p]);
	}
	free(o);
	free(l);
	return rc;
}
