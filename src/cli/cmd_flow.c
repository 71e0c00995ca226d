/*
 * erwatch flow: Network Watcher's IP flow verify on exported NSGs.  Loads
 * `nsg show` / `nsg list` / `nic list-effective-nsg` files (azure/), lets
 * az_nsg.h evaluate one flow or a batch of flows in Azure's order, and
 * prints test-ip-flow's answer (access, ruleName) with the NSG and rule
 * that decided at each stage; diag_flow.c turns the verdict into findings
 * and report/report_flow.c into a report document, rendered as text, JSON
 * or HTML (one flow), or into CSV or JSON lines (--batch).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "azure/az_nsg.h"
#include "azure/az_nsg_flow.h"
#include "azure/az_routes.h"
#include "azure/azure.h"
#include "cli.h"
#include "diag/diag_azure.h"
#include "diag/diag_flow.h"
#include "report/report.h"
#include "report/report_doc.h"
#include "report/report_flow.h"

#define CMD		"flow"
#define MAX_FILES	(2 * NSG_MAX_PER_SET)
#define MAX_ROUTES	8

enum {
	OPT_NSG = 256, OPT_SUBNET_NSG, OPT_NIC_NSG, OPT_NIC, OPT_DIR, OPT_PROTO,
	OPT_LOCAL, OPT_REMOTE, OPT_TAG, OPT_ASG, OPT_ROUTES, OPT_BATCH,
	OPT_JSON, OPT_HTML
};

static const struct cli_opt flow_opts[] = {
	CLI_OPTX("nsg", 0, CLI_ONE, "FILE", OPT_NSG,
	    "output of az network nsg show, nsg list or nic "
	    "list-effective-nsg; the level (subnet or NIC) comes from the "
	    "export when it says", CLI_REPEAT, NULL, NULL),
	CLI_OPTX("subnet-nsg", 0, CLI_ONE, "FILE", OPT_SUBNET_NSG,
	    "an NSG attached to the subnet", CLI_REPEAT, NULL, NULL),
	CLI_OPTX("nic-nsg", 0, CLI_ONE, "FILE", OPT_NIC_NSG,
	    "an NSG attached to the NIC", CLI_REPEAT, NULL, NULL),
	CLI_OPTX("direction", 0, CLI_ONE, "D", OPT_DIR,
	    "in|inbound|out|outbound", 0, "in|inbound|out|outbound", NULL),
	CLI_OPTX("protocol", 0, CLI_ONE, "P", OPT_PROTO,
	    "tcp|udp|icmp|esp|ah|* (* matches only rules with *)", 0,
	    "tcp|udp|icmp|esp|ah|*", NULL),
	CLI_OPT("local", 0, CLI_ONE, "IP[:PORT]", OPT_LOCAL,
	    "the VM's side (the port is required for tcp and udp)"),
	CLI_OPT("remote", 0, CLI_ONE, "IP[:PORT]", OPT_REMOTE,
	    "the other side (the port is required for tcp and udp)"),
	CLI_OPTX("tag", 0, CLI_ONE, "NAME=P,...", OPT_TAG,
	    "addresses of a service tag the export does not expand",
	    CLI_REPEAT, NULL, NULL),
	CLI_OPTX("asg", 0, CLI_ONE, "NAME=IP,...", OPT_ASG,
	    "members of an application security group", CLI_REPEAT, NULL,
	    NULL),
	CLI_OPTX("nic", 0, CLI_ONE, "FILE", OPT_NIC,
	    "az network nic show / nic list: ASG membership of its IP "
	    "configurations (as --asg)", CLI_REPEAT, NULL, NULL),
	CLI_OPTX("routes", 0, CLI_ONE, "FILE", OPT_ROUTES,
	    "effective routes / route table: flag an allowed flow whose next "
	    "hop toward the remote address is None", CLI_REPEAT, NULL, NULL),
	CLI_OPT("batch", 0, CLI_ONE, "FILE|-", OPT_BATCH,
	    "CSV lines of direction, protocol, local_ip, local_port, "
	    "remote_ip and remote_port; prints access,ruleName per line"),
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON,
	    "JSON document (JSON lines with --batch)"),
	CLI_OPT("html", 0, CLI_ONE, "FILE", OPT_HTML,
	    "also write the report of one flow as one HTML page"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_flow = {
	.name = "flow",
	.summary = "IP flow verify on exported NSGs",
	.usage = {
	    "--nsg FILE [--nsg FILE] --direction in|out "
	    "--protocol tcp|udp|icmp|* --local IP[:PORT] "
	    "--remote IP[:PORT] [--routes FILE] [--json]",
	    "--nsg FILE ... --batch FILE|- [--json]" },
	.description =
	    "IP flow verify on exported NSGs: which NSG rule allows or denies "
	    "the flow,\nevaluated as Azure does (inbound: subnet NSG then NIC "
	    "NSG; outbound: NIC\nNSG then subnet NSG; lowest priority number "
	    "first; a Deny ends it).\n",
	.opts = flow_opts,
	.epilog = "exit: 0 allowed, 1 denied (any, with --batch), 2 usage or "
	    "input error\n",
};

/* ------------------------------------------------------------------ */
/* Loading                                                             */
/* ------------------------------------------------------------------ */

/* Loader notes, on stderr where no findings are printed (--batch). */
static void
print_notes(const struct az_notes *ns)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		fprintf(stderr, "erwatch %s: warning: %s: %s%s%s\n", CMD,
		    ns->v[i].file, ns->v[i].ptr, ns->v[i].ptr[0] != '\0' ?
		    ": " : "", ns->v[i].msg);
	if (ns->more > 0)
		fprintf(stderr, "erwatch %s: warning: %zu more notes about the "
		    "exports\n", CMD, ns->more);
}

/* Warnings that are not about a rule (duplicates, empty exports). */
static void
print_set_warnings(const struct nsg_set *set, bool rules_too)
{
	size_t i;
	char line[1024], esc[1024];

	for (i = 0; i < set->nwarn; i++) {
		const struct nsg_warning *w = &set->warn[i];

		if (w->rule[0] != '\0' && !rules_too)
			continue;
		/* Names and messages quote the export: escape the lot. */
		if (w->rule[0] != '\0')
			snprintf(line, sizeof(line), "%s: %s%s%s rule %s: %s",
			    w->file, w->ptr, w->ptr[0] != '\0' ? " " : "",
			    w->nsg, w->rule, w->msg);
		else
			snprintf(line, sizeof(line), "%s: %s", w->file, w->msg);
		str_escape_into(esc, sizeof(esc), line, strlen(line));
		fprintf(stderr, "erwatch %s: warning: %s\n", CMD, esc);
	}
}

struct nsg_files {
	const char	*path[MAX_FILES];
	enum nsg_level	 level[MAX_FILES];	/* from the option used */
	struct nsg_set	*set;
};

static int
add_nsg_doc(void *arg, size_t i, struct az_doc *doc, struct err *e)
{
	struct nsg_files *nf = arg;

	return nsg_set_load(nf->set, doc, nf->level[i], e);
}

static int
add_routes_doc(void *arg, size_t i, struct az_doc *doc, struct err *e)
{
	(void)i;
	return az_routes_add_doc(arg, doc, e);
}

/*
 * Load each of the n files with load() and hand its document (with its
 * index) to add(); the first failure is reported and its exit code
 * returned.
 */
static int
load_docs(const char *const *paths, size_t n,
    int (*load)(const char *, struct az_doc **, struct err *),
    int (*add)(void *, size_t, struct az_doc *, struct err *), void *arg)
{
	struct az_doc *doc;
	struct err e;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		err_clear(&e);
		if (load(paths[i], &doc, &e) == -1)
			return cli_report_err(CMD, &e);
		rc = add(arg, i, doc, &e);
		az_doc_free(doc);
		if (rc == -1)
			return cli_report_err(CMD, &e);
	}
	return 0;
}

static int
load_nsgs(struct nsg_files *nf, size_t n)
{
	struct err e;
	int rc;

	if ((rc = load_docs(nf->path, n, az_load_file, add_nsg_doc, nf)) != 0)
		return rc;
	err_clear(&e);
	if (nsg_set_finalize(nf->set, &e) == -1)
		return cli_report_err(CMD, &e);
	return 0;
}

static int
load_routes(struct az_routes *rs, const char *const *files, size_t n)
{
	struct err e;
	int rc;

	if ((rc = load_docs(files, n, az_load_file_rows, add_routes_doc, rs)) != 0)
		return rc;
	err_clear(&e);
	if (az_routes_build(rs, &e) == -1)
		return cli_report_err(CMD, &e);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Batch                                                               */
/* ------------------------------------------------------------------ */

/*
 * Flows are evaluated in chunks through nsg_eval_many() (interleaved,
 * prefetched lookups); bad lines keep their place in the output.
 */
#define BATCH_CHUNK	4096

struct batch {
	const struct nsg_set	*set;
	bool			 json;
	size_t			 n;
	struct nsg_flow		 flow[BATCH_CHUNK];
	struct nsg_brief	 brief[BATCH_CHUNK];
	const char		*bad[BATCH_CHUNK];	/* reason, NULL if ok */
	uint64_t		 line[BATCH_CHUNK];
	bool			 denied;
	bool			 oom;		/* a JSON line was lost */
	/* CSV answers: the line of each deciding rule formatted once
	 * (direct-mapped by rule and access), copied into out and written
	 * a chunk at a time: stdio per field was a tenth of a batch. */
	struct {
		const struct nsg_rule	*rule;
		enum nsg_access		 access;
		uint32_t		 len;	/* 0: empty slot */
		char			 text[120];
	} memo[256];
	char			 out[1u << 16];
	size_t			 nout;
};

static void
out_flush(struct batch *b)
{
	fwrite(b->out, 1, b->nout, stdout);
	b->nout = 0;
}

static void
out_csv(struct batch *b, const struct nsg_brief *br)
{
	size_t h = ((uintptr_t)br->rule >> 4 ^ (size_t)br->access) & 255, n;

	if (b->memo[h].len == 0 || b->memo[h].rule != br->rule ||
	    b->memo[h].access != br->access) {
		n = report_flow_batch_csv_str(b->memo[h].text,
		    sizeof(b->memo[h].text), br);
		if (n > sizeof(b->memo[h].text)) {
			/* a long rule name: not kept */
			b->memo[h].len = 0;
			out_flush(b);
			report_flow_batch_csv(stdout, br);
			return;
		}
		b->memo[h].rule = br->rule;
		b->memo[h].access = br->access;
		b->memo[h].len = (uint32_t)n;
	}
	n = b->memo[h].len;
	if (sizeof(b->out) - b->nout < n)
		out_flush(b);
	memcpy(b->out + b->nout, b->memo[h].text, n);
	b->nout += n;
}

static void
batch_flush(struct batch *b)
{
	struct nsg_verdict v;
	size_t i;

	if (!b->json)
		nsg_eval_many(b->set, b->flow, b->n, b->brief);
	for (i = 0; i < b->n; i++) {
		if (b->bad[i] != NULL) {
			out_flush(b);
			report_flow_batch_error(stdout, b->json, b->line[i],
			    b->bad[i]);
			continue;
		}
		if (b->json) {
			nsg_eval(b->set, &b->flow[i], &v);
			b->denied |= v.access == NSG_DENY;
			if (report_flow_batch_json(stdout, &b->flow[i], &v,
			    b->line[i]) == -1)
				b->oom = true;
			continue;
		}
		b->denied |= b->brief[i].access == NSG_DENY;
		out_csv(b, &b->brief[i]);
	}
	out_flush(b);
	b->n = 0;
}

static int
run_batch(const struct nsg_set *set, const char *path, bool json)
{
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	uint64_t lineno = 0;
	struct batch *b;
	bool bad = false;
	int rc;
	const char *why, *name = strcmp(path, "-") == 0 ? "stdin" : path;

	if ((b = erw_calloc(1, sizeof(*b))) == NULL) {
		fprintf(stderr, "erwatch %s: out of memory\n", CMD);
		return EXIT_RUNTIME;
	}
	b->set = set;
	b->json = json;
	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "erwatch %s: cannot open '%s': %s\n", CMD, path,
		    strerror(errno));
		free(b);
		return EXIT_USAGE;
	}
	cli_batch_io(fp);
	while ((len = getline(&line, &cap, fp)) != -1) {
		char *p = line;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		if ((size_t)len > LIMIT_TEXT_LINE)
			why = "line too long";
		else
			why = nsg_flow_parse_csv(p, &b->flow[b->n]);
		if (why != NULL) {
			fprintf(stderr, "erwatch %s: %s:%llu: %s\n", CMD, name,
			    (unsigned long long)lineno, why);
			bad = true;
			/* An always-denied placeholder keeps the batch API
			 * happy; its output line says Error. */
			memset(&b->flow[b->n], 0, sizeof(b->flow[b->n]));
		}
		b->bad[b->n] = why;
		b->line[b->n] = lineno;
		if (++b->n == BATCH_CHUNK)
			batch_flush(b);
	}
	batch_flush(b);
	if (ferror(fp)) {
		fprintf(stderr, "erwatch %s: cannot read '%s': %s\n", CMD, name,
		    strerror(errno));
		bad = true;
	}
	free(line);
	if (fp != stdin)
		fclose(fp);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "erwatch %s: cannot write output\n", CMD);
		rc = EXIT_RUNTIME;
	} else if (b->oom) {
		fprintf(stderr, "erwatch %s: out of memory\n", CMD);
		rc = EXIT_RUNTIME;
	} else
		rc = bad ? EXIT_USAGE : b->denied ? EXIT_FINDINGS : EXIT_OK;
	free(b);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Single flow                                                         */
/* ------------------------------------------------------------------ */

static int
run_single(const struct nsg_set *set, const struct nsg_flow *f,
    const struct az_routes *routes, bool json, const char *html)
{
	struct report_doc *doc;
	struct finding_list fl;
	struct nsg_verdict v;
	struct az_route_result rr;
	const struct az_route_result *shown;
	struct err e;
	int rc;

	finding_list_init(&fl);
	err_clear(&e);
	nsg_eval(set, f, &v);
	diag_flow_warnings(&fl, set);
	diag_az_notes(&fl, &set->notes);
	if (routes != NULL)
		diag_az_notes(&fl, &routes->notes);
	if (diag_flow_judge(&fl, f, &v, routes, &rr, &e) == -1 ||
	    finding_list_check(&fl, &e) == -1) {
		finding_list_release(&fl);
		return cli_report_err(CMD, &e);
	}
	/* The next hop matters only for traffic the NSGs let through. */
	shown = routes != NULL && v.access == NSG_ALLOW ? &rr : NULL;
	if ((doc = report_doc_new("erwatch flow")) == NULL) {
		finding_list_release(&fl);
		fprintf(stderr, "erwatch %s: out of memory\n", CMD);
		return EXIT_RUNTIME;
	}
	report_flow_build(report_doc_root(doc), f, &v, shown, &fl);
	rc = cli_doc_out(CMD, doc, json, html, cli_text_flags());
	report_doc_free(doc);
	if (rc != EXIT_OK) {
		finding_list_release(&fl);
		return rc;
	}
	rc = finding_list_exit_code(&fl);
	finding_list_release(&fl);
	return rc;
}

int
cmd_flow(int argc, char *argv[])
{
	struct nsg_files files;
	const char *routes_files[MAX_ROUTES];
	size_t nfiles = 0, nroutes = 0;
	const char *batch = NULL, *local = NULL, *remote = NULL, *why = NULL;
	const char *html = NULL;
	bool json = false, have_dir = false, have_proto = false;
	bool nsg_given = false;
	struct nsg_flow f;
	struct nsg_set set;
	struct az_routes routes;
	struct err e;
	struct cli_parse p;
	int c, rc;

	memset(&f, 0, sizeof(f));
	nsg_set_init(&set);
	cli_parse_init(&p, &cli_cmd_flow, argc, argv);
	while ((c = cli_next(&p)) != CLI_END) {
		err_clear(&e);
		switch (c) {
		case CLI_HELP:
			rc = EXIT_OK;
			goto out_set;
		case CLI_BAD:
			rc = EXIT_USAGE;
			goto out_set;
		case OPT_NSG:
		case OPT_SUBNET_NSG:
		case OPT_NIC_NSG:
		case OPT_NIC:
			if (nfiles == MAX_FILES) {
				rc = cli_usage_error(CMD, "at most %d NSG "
				    "and NIC files", MAX_FILES);
				goto out_set;
			}
			files.path[nfiles] = p.arg;
			files.level[nfiles] = c == OPT_SUBNET_NSG ?
			    NSG_LEVEL_SUBNET : c == OPT_NIC_NSG ?
			    NSG_LEVEL_NIC : NSG_LEVEL_UNKNOWN;
			if (c != OPT_NIC)
				nsg_given = true;
			nfiles++;
			break;
		case OPT_DIR:
			if (nsg_parse_dir(p.arg, &f.dir) == -1) {
				rc = cli_usage_error(CMD, "bad --direction "
				    "'%s' (in|out)", p.arg);
				goto out_set;
			}
			have_dir = true;
			break;
		case OPT_PROTO:
			if (nsg_parse_proto(p.arg, &f.proto) == -1) {
				rc = cli_usage_error(CMD, "bad --protocol '%s'",
				    p.arg);
				goto out_set;
			}
			have_proto = true;
			break;
		case OPT_LOCAL:
			local = p.arg;
			break;
		case OPT_REMOTE:
			remote = p.arg;
			break;
		case OPT_TAG:
		case OPT_ASG:
			if (nsg_set_define(&set, p.arg, c == OPT_ASG,
			    &e) == -1) {
				rc = cli_usage_error(CMD, "%s", e.msg);
				goto out_set;
			}
			break;
		case OPT_ROUTES:
			if (nroutes == MAX_ROUTES) {
				rc = cli_usage_error(CMD, "at most %d route "
				    "files", MAX_ROUTES);
				goto out_set;
			}
			routes_files[nroutes++] = p.arg;
			break;
		case OPT_BATCH:
			batch = p.arg;
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_HTML:
			html = p.arg;
			break;
		}
	}
	if (!nsg_given) {
		rc = cli_usage_error(CMD, "no NSG export given (--nsg FILE)");
		goto out_set;
	}
	if (batch == NULL) {
		if (!have_dir || !have_proto || local == NULL ||
		    remote == NULL) {
			rc = cli_usage_error(CMD, "--direction, --protocol, "
			    "--local and --remote are required (or --batch)");
			goto out_set;
		}
		if (nsg_parse_endpoint(local, &f.local, &f.lport) == -1) {
			rc = cli_usage_error(CMD, "bad --local '%s' "
			    "(IP[:PORT])", local);
			goto out_set;
		}
		if (nsg_parse_endpoint(remote, &f.remote, &f.rport) == -1) {
			rc = cli_usage_error(CMD, "bad --remote '%s' "
			    "(IP[:PORT])", remote);
			goto out_set;
		}
		if (nsg_flow_check(&f, &why) == -1) {
			rc = cli_usage_error(CMD, "%s", why);
			goto out_set;
		}
	} else if (nroutes > 0 || html != NULL) {
		/* a batch is lines as they come, never one document */
		rc = cli_usage_error(CMD, "%s is not supported with --batch",
		    nroutes > 0 ? "--routes" : "--html");
		goto out_set;
	}
	files.set = &set;
	if ((rc = load_nsgs(&files, nfiles)) != 0)
		goto out_set;
	if (batch != NULL) {
		print_set_warnings(&set, true);
		print_notes(&set.notes);
		rc = run_batch(&set, batch, json);
		goto out_set;
	}
	print_set_warnings(&set, false);
	if (nroutes > 0) {
		az_routes_init(&routes);
		if ((rc = load_routes(&routes, routes_files, nroutes)) == 0)
			rc = run_single(&set, &f, &routes, json, html);
		az_routes_release(&routes);
	} else
		rc = run_single(&set, &f, NULL, json, html);
out_set:
	nsg_set_release(&set);
	return rc;
}
