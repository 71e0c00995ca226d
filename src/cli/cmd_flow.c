/*
 * erwatch flow: Network Watcher's IP flow verify on exported NSGs.  Loads
 * `nsg show` / `nsg list` / `nic list-effective-nsg` files (azure/), lets
 * az_nsg.h evaluate one flow or a batch of flows in Azure's order, and
 * prints test-ip-flow's answer (access, ruleName) with the NSG and rule
 * that decided at each stage; diag_flow.c turns the verdict into findings.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "azure/az_nsg.h"
#include "azure/az_routes.h"
#include "azure/azure.h"
#include "cli.h"
#include "diag/diag_flow.h"
#include "report/report.h"

#define CMD		"flow"
#define MAX_FILES	(2 * NSG_MAX_PER_SET)
#define MAX_ROUTES	8

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: erwatch flow --nsg FILE [--nsg FILE] --direction in|out\n"
"                    --protocol tcp|udp|icmp|* --local IP[:PORT]\n"
"                    --remote IP[:PORT] [--routes FILE] [--json]\n"
"       erwatch flow --nsg FILE ... --batch FILE|- [--json]\n"
"\n"
"IP flow verify on exported NSGs: which NSG rule allows or denies the flow,\n"
"evaluated as Azure does (inbound: subnet NSG then NIC NSG; outbound: NIC\n"
"NSG then subnet NSG; lowest priority number first; a Deny ends it).\n"
"\n"
"  --nsg FILE          output of az network nsg show, nsg list or\n"
"                      nic list-effective-nsg; the level (subnet or NIC)\n"
"                      comes from the export when it says\n"
"  --subnet-nsg FILE   an NSG attached to the subnet\n"
"  --nic-nsg FILE      an NSG attached to the NIC\n"
"  --direction D       in|inbound|out|outbound\n"
"  --protocol P        tcp|udp|icmp|esp|ah|* (* matches only rules with *)\n"
"  --local IP[:PORT]   the VM's side; --remote IP[:PORT] the other side\n"
"                      (ports are required for tcp and udp)\n"
"  --tag NAME=P,...    addresses of a service tag the export does not expand\n"
"  --asg NAME=IP,...   members of an application security group\n"
"  --nic FILE          az network nic show / nic list: ASG membership of its\n"
"                      IP configurations (as --asg)\n"
"  --routes FILE       effective routes / route table: flag an allowed flow\n"
"                      whose next hop toward the remote address is None\n"
"  --batch FILE|-      CSV lines direction,protocol,local_ip,local_port,\n"
"                      remote_ip,remote_port; prints access,ruleName per line\n"
"  --json              JSON document (JSON lines with --batch)\n"
"\n"
"exit: 0 allowed, 1 denied (any, with --batch), 2 usage or input error\n");
}

enum {
	OPT_NSG = 256, OPT_SUBNET_NSG, OPT_NIC_NSG, OPT_NIC, OPT_DIR, OPT_PROTO,
	OPT_LOCAL, OPT_REMOTE, OPT_TAG, OPT_ASG, OPT_ROUTES, OPT_BATCH,
	OPT_JSON, OPT_HELP
};

static const struct option longopts[] = {
	{ "nsg",	required_argument,	NULL, OPT_NSG },
	{ "subnet-nsg",	required_argument,	NULL, OPT_SUBNET_NSG },
	{ "nic-nsg",	required_argument,	NULL, OPT_NIC_NSG },
	{ "nic",	required_argument,	NULL, OPT_NIC },
	{ "direction",	required_argument,	NULL, OPT_DIR },
	{ "protocol",	required_argument,	NULL, OPT_PROTO },
	{ "local",	required_argument,	NULL, OPT_LOCAL },
	{ "remote",	required_argument,	NULL, OPT_REMOTE },
	{ "tag",	required_argument,	NULL, OPT_TAG },
	{ "asg",	required_argument,	NULL, OPT_ASG },
	{ "routes",	required_argument,	NULL, OPT_ROUTES },
	{ "batch",	required_argument,	NULL, OPT_BATCH },
	{ "json",	no_argument,		NULL, OPT_JSON },
	{ "help",	no_argument,		NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

/* ------------------------------------------------------------------ */
/* Flow parsing                                                        */
/* ------------------------------------------------------------------ */

/*
 * "10.0.0.1", "10.0.0.1:443", "::1", "[::1]:443".  *port is
 * NSG_PORT_NONE when absent.  0 or -1.
 */
static int
parse_endpoint(const char *s, struct net_addr *a, uint32_t *port)
{
	char buf[NET_ADDR_STRLEN + 8];
	const char *colon, *ps = NULL;
	unsigned long long v;
	size_t n;

	*port = NSG_PORT_NONE;
	if (s[0] == '[') {
		const char *end = strchr(s, ']');

		if (end == NULL || (size_t)(end - s - 1) >= sizeof(buf))
			return -1;
		n = (size_t)(end - s - 1);
		memcpy(buf, s + 1, n);
		buf[n] = '\0';
		if (end[1] == ':')
			ps = end + 2;
		else if (end[1] != '\0')
			return -1;
	} else {
		colon = strchr(s, ':');
		if (colon != NULL && strchr(colon + 1, ':') == NULL) {
			n = (size_t)(colon - s);
			ps = colon + 1;
		} else
			n = strlen(s);
		if (n >= sizeof(buf))
			return -1;
		memcpy(buf, s, n);
		buf[n] = '\0';
	}
	if (net_addr_parse(buf, a) == -1)
		return -1;
	if (ps != NULL) {
		if (cli_parse_u64(ps, 0, 65535, &v) == -1)
			return -1;
		*port = (uint32_t)v;
	}
	return 0;
}

/* Ports mean nothing to ICMP, ESP and AH; TCP and UDP need both. */
static int
fix_ports(struct nsg_flow *f, const char **why)
{
	if (f->proto != NSG_P_TCP && f->proto != NSG_P_UDP &&
	    f->proto != NSG_P_ANY) {
		f->lport = f->rport = NSG_PORT_NONE;
		return 0;
	}
	if ((f->proto == NSG_P_TCP || f->proto == NSG_P_UDP) &&
	    (f->lport == NSG_PORT_NONE || f->rport == NSG_PORT_NONE)) {
		*why = "tcp and udp flows need a local and a remote port";
		return -1;
	}
	if (f->local.family != f->remote.family) {
		*why = "local and remote addresses differ in family";
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

static json_t *
rule_json(const struct nsg *g, const struct nsg_rule *r, enum nsg_access a)
{
	json_t *o = json_object();

	json_object_set_new(o, "nsg", json_string(g->name));
	json_object_set_new(o, "level", json_string(nsg_level_name(g->level)));
	json_object_set_new(o, "access", json_string(nsg_access_name(a)));
	json_object_set_new(o, "ruleName", r != NULL ?
	    json_string(r->rule_name) : json_null());
	json_object_set_new(o, "priority", r != NULL ?
	    json_integer(r->priority) : json_null());
	json_object_set_new(o, "file", json_string(g->file));
	json_object_set_new(o, "pointer", r != NULL && !r->synthesized ?
	    json_string(r->ptr) : json_null());
	if (r != NULL && r->synthesized)
		json_object_set_new(o, "synthesized", json_true());
	return o;
}

static json_t *
flow_json(const struct nsg_flow *f)
{
	json_t *o = json_object();
	char a[NET_ADDR_STRLEN];

	json_object_set_new(o, "direction", json_string(nsg_dir_name(f->dir)));
	json_object_set_new(o, "protocol",
	    json_string(nsg_proto_name(f->proto)));
	json_object_set_new(o, "local",
	    json_string(net_addr_str(&f->local, a)));
	json_object_set_new(o, "localPort", f->lport == NSG_PORT_NONE ?
	    json_null() : json_integer(f->lport));
	json_object_set_new(o, "remote",
	    json_string(net_addr_str(&f->remote, a)));
	json_object_set_new(o, "remotePort", f->rport == NSG_PORT_NONE ?
	    json_null() : json_integer(f->rport));
	return o;
}

/* test-ip-flow's two fields plus the stages. */
static json_t *
verdict_json(const struct nsg_flow *f, const struct nsg_verdict *v)
{
	json_t *o = json_object(), *st = json_array();
	unsigned i;

	json_object_set_new(o, "access",
	    json_string(nsg_access_name(v->access)));
	json_object_set_new(o, "ruleName", v->rule != NULL ?
	    json_string(v->rule->rule_name) : json_null());
	json_object_set_new(o, "flow", flow_json(f));
	json_object_set_new(o, "decidedBy", v->nsg != NULL ?
	    rule_json(v->nsg, v->rule, v->access) : json_null());
	for (i = 0; i < v->nstages; i++)
		json_array_append_new(st, rule_json(v->stage[i].nsg,
		    v->stage[i].rule, v->stage[i].access));
	json_object_set_new(o, "stages", st);
	return o;
}

static json_t *
route_json(const struct az_route_result *rr)
{
	json_t *o = json_object();
	char buf[NET_PREFIX_STRLEN];

	json_object_set_new(o, "nextHopType", json_string(rr->next_hop_type));
	json_object_set_new(o, "nextHopIpAddress", rr->next_hop.family != 0 ?
	    json_string(net_addr_str(&rr->next_hop, buf)) : json_null());
	json_object_set_new(o, "prefix", rr->winner != NULL ?
	    json_string(net_prefix_str(&rr->winner->prefix, buf)) :
	    json_null());
	json_object_set_new(o, "source", rr->winner != NULL ?
	    json_string(az_route_source_name(rr->winner->source)) :
	    json_null());
	return o;
}

static void
print_stage_text(FILE *fp, unsigned i, const struct nsg_stage *st)
{
	char esc[160];

	str_escape_into(esc, sizeof(esc), st->nsg->name,
	    strlen(st->nsg->name));
	fprintf(fp, "  %u. %s (%s): %s", i + 1, esc,
	    nsg_level_name(st->nsg->level), nsg_access_name(st->access));
	if (st->rule != NULL) {
		str_escape_into(esc, sizeof(esc), st->rule->rule_name,
		    strlen(st->rule->rule_name));
		fprintf(fp, " by %s (priority %u%s)\n", esc,
		    st->rule->priority, st->rule->synthesized ?
		    ", default rule added" : "");
	} else
		fprintf(fp, ": no rule matches\n");
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */
/* ------------------------------------------------------------------ */

struct nsg_file {
	const char	*path;
	enum nsg_level	 level;
};

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

static int
load_nsgs(struct nsg_set *set, const struct nsg_file *files, size_t n)
{
	struct az_doc *doc;
	struct err e;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		err_clear(&e);
		if (az_load_file(files[i].path, &doc, &e) == -1)
			return cli_report_err(CMD, &e);
		rc = nsg_set_load(set, doc, files[i].level, &e);
		az_doc_free(doc);
		if (rc == -1)
			return cli_report_err(CMD, &e);
	}
	err_clear(&e);
	if (nsg_set_finalize(set, &e) == -1)
		return cli_report_err(CMD, &e);
	return 0;
}

static int
load_routes(struct az_routes *rs, char *const *files, size_t n)
{
	struct az_doc *doc;
	struct err e;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		err_clear(&e);
		if (az_load_file(files[i], &doc, &e) == -1)
			return cli_report_err(CMD, &e);
		rc = az_routes_add_doc(rs, doc, &e);
		az_doc_free(doc);
		if (rc == -1)
			return cli_report_err(CMD, &e);
	}
	err_clear(&e);
	if (az_routes_build(rs, &e) == -1)
		return cli_report_err(CMD, &e);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Batch                                                               */
/* ------------------------------------------------------------------ */

/* Split a CSV line (no quoting: fields are words and addresses). */
static size_t
split_csv(char *line, char *fields[], size_t max)
{
	size_t n = 0;
	char *p = line, *end;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (n == max)
			return max + 1;
		fields[n++] = p;
		end = strchr(p, ',');
		if (end != NULL)
			*end = '\0';
		/* trim trailing blanks */
		{
			size_t l = strlen(p);

			while (l > 0 && (p[l - 1] == ' ' || p[l - 1] == '\t'))
				p[--l] = '\0';
		}
		if (end == NULL)
			return n;
		p = end + 1;
	}
}

/* Parse one batch line into f; NULL or the reason it is bad. */
static const char *
batch_flow(char *line, struct nsg_flow *f)
{
	char *fld[6];
	unsigned long long v;
	const char *why = NULL;

	memset(f, 0, sizeof(*f));
	if (split_csv(line, fld, 6) != 6)
		return "expected 6 fields: direction,protocol,local_ip,"
		    "local_port,remote_ip,remote_port";
	if (nsg_parse_dir(fld[0], &f->dir) == -1)
		return "bad direction (in|out)";
	if (nsg_parse_proto(fld[1], &f->proto) == -1)
		return "bad protocol (tcp|udp|icmp|esp|ah|*)";
	if (net_addr_parse(fld[2], &f->local) == -1)
		return "bad local address";
	if (net_addr_parse(fld[4], &f->remote) == -1)
		return "bad remote address";
	f->lport = f->rport = NSG_PORT_NONE;
	if (fld[3][0] != '\0' && fld[3][0] != '*') {
		if (cli_parse_u64(fld[3], 0, 65535, &v) == -1)
			return "bad local port";
		f->lport = (uint32_t)v;
	}
	if (fld[5][0] != '\0' && fld[5][0] != '*') {
		if (cli_parse_u64(fld[5], 0, 65535, &v) == -1)
			return "bad remote port";
		f->rport = (uint32_t)v;
	}
	if (fix_ports(f, &why) == -1)
		return why;
	return NULL;
}

static void
csv_field(FILE *fp, const char *s)
{
	/* Rule names are words; quote anything that would break a CSV. */
	if (strpbrk(s, ",\"\n\r") == NULL) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

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
};

static void
batch_flush(struct batch *b)
{
	struct nsg_verdict v;
	size_t i;

	if (!b->json)
		nsg_eval_many(b->set, b->flow, b->n, b->brief);
	for (i = 0; i < b->n; i++) {
		if (b->bad[i] != NULL) {
			if (b->json)
				printf("{\"line\": %llu, \"error\": \"%s\"}\n",
				    (unsigned long long)b->line[i], b->bad[i]);
			else
				printf("Error,\n");
			continue;
		}
		if (b->json) {
			json_t *o;

			nsg_eval(b->set, &b->flow[i], &v);
			b->denied |= v.access == NSG_DENY;
			o = verdict_json(&b->flow[i], &v);
			json_object_set_new(o, "line", json_integer(
			    (json_int_t)b->line[i]));
			json_dumpf(o, stdout, JSON_COMPACT |
			    JSON_PRESERVE_ORDER);
			fputc('\n', stdout);
			json_decref(o);
			continue;
		}
		b->denied |= b->brief[i].access == NSG_DENY;
		fputs(nsg_access_name(b->brief[i].access), stdout);
		fputc(',', stdout);
		if (b->brief[i].rule != NULL)
			csv_field(stdout, b->brief[i].rule->rule_name);
		fputc('\n', stdout);
	}
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
	const char *why, *name = strcmp(path, "-") == 0 ? "stdin" : path;

	if ((b = calloc(1, sizeof(*b))) == NULL) {
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
			why = batch_flow(p, &b->flow[b->n]);
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
		free(b);
		return EXIT_RUNTIME;
	}
	if (bad) {
		free(b);
		return EXIT_USAGE;
	}
	{
		int rc = b->denied ? EXIT_FINDINGS : EXIT_OK;

		free(b);
		return rc;
	}
}

/* ------------------------------------------------------------------ */
/* Single flow                                                         */
/* ------------------------------------------------------------------ */

static int
run_single(const struct nsg_set *set, const struct nsg_flow *f,
    const struct az_routes *routes, bool json)
{
	struct finding_list fl;
	struct nsg_verdict v;
	struct az_route_result rr;
	struct err e;
	char buf[256];
	unsigned i;
	int rc;

	finding_list_init(&fl);
	err_clear(&e);
	nsg_eval(set, f, &v);
	diag_flow_warnings(&fl, set);
	if (diag_flow_judge(&fl, f, &v, routes, &rr, &e) == -1) {
		finding_list_release(&fl);
		return cli_report_err(CMD, &e);
	}
	if (json) {
		json_t *o = verdict_json(f, &v);

		if (routes != NULL && v.access == NSG_ALLOW)
			json_object_set_new(o, "nextHop", route_json(&rr));
		json_object_set_new(o, "findings", report_findings_json(&fl));
		rc = report_json_dump(stdout, o, &e);
		json_decref(o);
		if (rc == -1) {
			finding_list_release(&fl);
			return cli_report_err(CMD, &e);
		}
	} else {
		printf("flow:     %s\n", diag_flow_str(f, buf, sizeof(buf)));
		printf("access:   %s\n", nsg_access_name(v.access));
		if (v.rule != NULL) {
			str_escape_into(buf, sizeof(buf), v.rule->rule_name,
			    strlen(v.rule->rule_name));
			printf("ruleName: %s\n", buf);
		} else
			printf("ruleName: -\n");
		if (v.nstages == 0)
			printf("no NSG applies: nothing filters this flow\n");
		else
			printf("evaluated (%s order):\n",
			    nsg_dir_name(f->dir));
		for (i = 0; i < v.nstages; i++)
			print_stage_text(stdout, i, &v.stage[i]);
		if (routes != NULL && v.access == NSG_ALLOW) {
			printf("next hop: %s", rr.next_hop_type != NULL ?
			    rr.next_hop_type : "None");
			if (rr.winner != NULL) {
				char p[NET_PREFIX_STRLEN];

				printf(" (route %s, %s)", net_prefix_str(
				    &rr.winner->prefix, p),
				    az_route_source_name(rr.winner->source));
			}
			printf("\n");
		}
		if (fl.n > 0) {
			printf("\n");
			report_all_findings_text(stdout, &fl,
			    report_want_color(stdout) ? REPORT_TEXT_COLOR : 0);
		}
		if (fflush(stdout) == EOF) {
			finding_list_release(&fl);
			fprintf(stderr, "erwatch %s: cannot write output\n",
			    CMD);
			return EXIT_RUNTIME;
		}
	}
	rc = finding_list_exit_code(&fl);
	finding_list_release(&fl);
	return rc;
}

int
cmd_flow(int argc, char *argv[])
{
	struct nsg_file files[MAX_FILES];
	char *routes_files[MAX_ROUTES];
	size_t nfiles = 0, nroutes = 0;
	const char *batch = NULL, *local = NULL, *remote = NULL, *why = NULL;
	bool json = false, have_dir = false, have_proto = false;
	bool nsg_given = false;
	struct nsg_flow f;
	struct nsg_set set;
	struct az_routes routes;
	struct err e;
	int c, rc;

	memset(&f, 0, sizeof(f));
	nsg_set_init(&set);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		err_clear(&e);
		switch (c) {
		case OPT_NSG:
		case OPT_SUBNET_NSG:
		case OPT_NIC_NSG:
		case OPT_NIC:
			if (nfiles == MAX_FILES) {
				rc = cli_usage_error(CMD, "at most %d NSG "
				    "and NIC files", MAX_FILES);
				goto out_set;
			}
			files[nfiles].path = optarg;
			files[nfiles].level = c == OPT_SUBNET_NSG ?
			    NSG_LEVEL_SUBNET : c == OPT_NIC_NSG ?
			    NSG_LEVEL_NIC : NSG_LEVEL_UNKNOWN;
			if (c != OPT_NIC)
				nsg_given = true;
			nfiles++;
			break;
		case OPT_DIR:
			if (nsg_parse_dir(optarg, &f.dir) == -1) {
				rc = cli_usage_error(CMD, "bad --direction "
				    "'%s' (in|out)", optarg);
				goto out_set;
			}
			have_dir = true;
			break;
		case OPT_PROTO:
			if (nsg_parse_proto(optarg, &f.proto) == -1) {
				rc = cli_usage_error(CMD, "bad --protocol '%s'",
				    optarg);
				goto out_set;
			}
			have_proto = true;
			break;
		case OPT_LOCAL:
			local = optarg;
			break;
		case OPT_REMOTE:
			remote = optarg;
			break;
		case OPT_TAG:
		case OPT_ASG:
			if (nsg_set_define(&set, optarg, c == OPT_ASG,
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
			routes_files[nroutes++] = optarg;
			break;
		case OPT_BATCH:
			batch = optarg;
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_HELP:
			usage(stdout);
			rc = EXIT_OK;
			goto out_set;
		default:
			usage(stderr);
			rc = EXIT_USAGE;
			goto out_set;
		}
	}
	if (optind < argc) {
		rc = cli_usage_error(CMD, "unexpected argument '%s'",
		    argv[optind]);
		goto out_set;
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
		if (parse_endpoint(local, &f.local, &f.lport) == -1) {
			rc = cli_usage_error(CMD, "bad --local '%s' "
			    "(IP[:PORT])", local);
			goto out_set;
		}
		if (parse_endpoint(remote, &f.remote, &f.rport) == -1) {
			rc = cli_usage_error(CMD, "bad --remote '%s' "
			    "(IP[:PORT])", remote);
			goto out_set;
		}
		if (fix_ports(&f, &why) == -1) {
			rc = cli_usage_error(CMD, "%s", why);
			goto out_set;
		}
	} else if (nroutes > 0) {
		rc = cli_usage_error(CMD, "--routes is not supported with "
		    "--batch");
		goto out_set;
	}
	if ((rc = load_nsgs(&set, files, nfiles)) != 0)
		goto out_set;
	if (batch != NULL) {
		print_set_warnings(&set, true);
		rc = run_batch(&set, batch, json);
		goto out_set;
	}
	print_set_warnings(&set, false);
	if (nroutes > 0) {
		az_routes_init(&routes);
		if ((rc = load_routes(&routes, routes_files, nroutes)) == 0)
			rc = run_single(&set, &f, &routes, json);
		az_routes_release(&routes);
	} else
		rc = run_single(&set, &f, NULL, json);
out_set:
	nsg_set_release(&set);
	return rc;
}
