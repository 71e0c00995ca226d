/*
 * erwatch circuit: ExpressRoute circuit checks on exported state.  Finds
 * the exports (explicit options, or a folder with its commands.txt, or
 * file names), loads them (azure/az_circuit.h), runs diag_circuit() and
 * has report/report_circuit.c print the layered verdict per path (L2 ->
 * BGP -> routes) and the findings, as text or JSON.  docs/circuit.md.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azure/az_circuit.h"
#include "cli.h"
#include "diag/diag_circuit.h"
#include "report/report.h"
#include "report/report_circuit.h"

enum role {
	R_CIRCUIT,
	R_ARP_P, R_ARP_S,
	R_ROUTES_P, R_ROUTES_S,
	R_SUMMARY_P, R_SUMMARY_S,
	R_STATS,
	R__COUNT
};

static const struct {
	const char	*opt;
	const char	*name;
	enum az_kind	 kind;
} roles[R__COUNT] = {
	[R_CIRCUIT] = { "--circuit", "circuit", AZ_CIRCUIT },
	[R_ARP_P] = { "--arp-primary", "primary ARP table", AZ_ARP_TABLE },
	[R_ARP_S] = { "--arp-secondary", "secondary ARP table", AZ_ARP_TABLE },
	[R_ROUTES_P] = { "--routes-primary", "primary route table",
	    AZ_ER_ROUTE_TABLE },
	[R_ROUTES_S] = { "--routes-secondary", "secondary route table",
	    AZ_ER_ROUTE_TABLE },
	[R_SUMMARY_P] = { "--summary-primary", "primary route table summary",
	    AZ_ER_ROUTE_SUMMARY },
	[R_SUMMARY_S] = { "--summary-secondary",
	    "secondary route table summary", AZ_ER_ROUTE_SUMMARY },
	[R_STATS] = { "--stats", "traffic stats", AZ_ER_STATS },
};

#define CKT_MAX_NOTES	32
#define CKT_PATH_MAX	1024

struct ckt_opts {
	char		 file[R__COUNT][CKT_PATH_MAX];
	char		 origin[R__COUNT][32];	/* option, commands.txt,
						   file name, content */
	const char	*dir;
	const char	*peering;
	bool		 json;
	char		 notes[CKT_MAX_NOTES][640];
	size_t		 nnotes;
	char		 dups[512];	/* files ignored as duplicates */
	size_t		 ndups;
};

static void
usage(FILE *fp)
{
	int r;

	fprintf(fp, "usage: erwatch circuit [DIR] [options] [--peering NAME] "
	    "[--json]\n"
	    "  DIR                  a folder of exports; commands.txt in it "
	    "(or the\n"
	    "                       file names) tells primary from "
	    "secondary\n");
	for (r = 0; r < R__COUNT; r++)
		fprintf(fp, "  %-20s FILE: the %s\n", roles[r].opt,
		    roles[r].name);
	fprintf(fp,
	    "  --peering NAME       AzurePrivatePeering (default) or "
	    "MicrosoftPeering\n"
	    "  --json               one JSON document (docs/json-output.md)\n"
	    "exit: 0 ok, 1 error findings, 2 usage/input error, 3 runtime "
	    "failure\n");
}

static void
note(struct ckt_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct ckt_opts *o, const char *fmt, ...)
{
	va_list ap;

	if (o->nnotes == CKT_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(o->notes[o->nnotes++], sizeof(o->notes[0]), fmt, ap);
	va_end(ap);
}

static int
parse_args(int argc, char *argv[], struct ckt_opts *o)
{
	int i, r;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 1;
		}
		if (strcmp(a, "--json") == 0) {
			o->json = true;
			continue;
		}
		if (strcmp(a, "--peering") == 0) {
			if (i + 1 >= argc)
				return cli_usage_error("circuit", "--peering "
				    "needs a name"), -1;
			o->peering = argv[++i];
			continue;
		}
		for (r = 0; r < R__COUNT; r++)
			if (strcmp(a, roles[r].opt) == 0)
				break;
		if (r < R__COUNT) {
			if (i + 1 >= argc)
				return cli_usage_error("circuit", "%s needs a "
				    "file", a), -1;
			if (strlen(argv[i + 1]) >= CKT_PATH_MAX)
				return cli_usage_error("circuit", "file name "
				    "too long"), -1;
			str_copy(o->file[r], argv[++i], CKT_PATH_MAX);
			str_copy(o->origin[r], "option", sizeof(o->origin[r]));
			continue;
		}
		if (a[0] == '-')
			return cli_usage_error("circuit", "unknown option "
			    "'%s'", a), -1;
		if (o->dir != NULL)
			return cli_usage_error("circuit", "only one DIR"), -1;
		o->dir = a;
	}
	if (o->peering == NULL)
		o->peering = "AzurePrivatePeering";
	for (r = 0; r < R__COUNT; r++)
		if (o->file[r][0] != '\0')
			break;
	if (o->dir == NULL && r == R__COUNT)
		return cli_usage_error("circuit", "give a DIR or export files"),
		    -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Finding the files of a folder                                       */
/* ------------------------------------------------------------------ */

static bool
contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; hay[i] != '\0'; i++) {
		size_t k;

		for (k = 0; k < n && hay[i + k] != '\0'; k++) {
			char x = hay[i + k], y = needle[k];

			if (x >= 'A' && x <= 'Z')
				x = (char)(x - 'A' + 'a');
			if (y >= 'A' && y <= 'Z')
				y = (char)(y - 'A' + 'a');
			if (x != y)
				break;
		}
		if (k == n)
			return true;
	}
	return false;
}

/* The value after option opt in a command line ("--path primary"). */
static bool
cmd_value(const char *cmd, const char *opt, char *out, size_t len)
{
	const char *s = cmd;
	size_t n = strlen(opt), k;

	while ((s = strstr(s, opt)) != NULL) {
		if ((s == cmd || s[-1] == ' ' || s[-1] == '\t') &&
		    (s[n] == ' ' || s[n] == '\t')) {
			s += n;
			while (*s == ' ' || *s == '\t')
				s++;
			for (k = 0; k + 1 < len && s[k] != '\0' &&
			    s[k] != ' ' && s[k] != '\t'; k++)
				out[k] = s[k];
			out[k] = '\0';
			return k > 0;
		}
		s += n;
	}
	return false;
}

/* Role family (kind) named by a command line, AZ_UNKNOWN if none. */
static enum az_kind
cmd_kind(const char *cmd)
{
	if (contains_ci(cmd, "list-route-tables-summary") ||
	    contains_ci(cmd, "RouteTableSummary"))
		return AZ_ER_ROUTE_SUMMARY;
	if (contains_ci(cmd, "list-route-tables") ||
	    contains_ci(cmd, "CircuitRouteTable"))
		return AZ_ER_ROUTE_TABLE;
	if (contains_ci(cmd, "list-arp-tables") ||
	    contains_ci(cmd, "ARPTable"))
		return AZ_ARP_TABLE;
	if (contains_ci(cmd, "get-stats") || contains_ci(cmd, "CircuitStats"))
		return AZ_ER_STATS;
	if (contains_ci(cmd, "express-route show") ||
	    contains_ci(cmd, "Get-AzExpressRouteCircuit "))
		return AZ_CIRCUIT;
	return AZ_UNKNOWN;
}

/* Kind from a file name, for empty files without commands.txt. */
static enum az_kind
name_kind(const char *name)
{
	if (contains_ci(name, "summary"))
		return AZ_ER_ROUTE_SUMMARY;
	if (contains_ci(name, "arp"))
		return AZ_ARP_TABLE;
	if (contains_ci(name, "route"))
		return AZ_ER_ROUTE_TABLE;
	return AZ_UNKNOWN;
}

static int
role_of(enum az_kind k, int path)
{
	switch (k) {
	case AZ_CIRCUIT:
		return R_CIRCUIT;
	case AZ_ER_STATS:
		return R_STATS;
	case AZ_ARP_TABLE:
		return path < 0 ? -1 : path == 0 ? R_ARP_P : R_ARP_S;
	case AZ_ER_ROUTE_TABLE:
		return path < 0 ? -1 : path == 0 ? R_ROUTES_P : R_ROUTES_S;
	case AZ_ER_ROUTE_SUMMARY:
		return path < 0 ? -1 : path == 0 ? R_SUMMARY_P : R_SUMMARY_S;
	default:
		return -1;
	}
}

/* Shape of a file (AZ_EMPTY for an empty one), AZ_UNKNOWN if unreadable
 * (it is then reported when loaded for real). */
static enum az_kind
peek_kind(const char *path)
{
	struct az_doc *d;
	struct err e;
	enum az_kind k;

	err_clear(&e);
	if (az_load_file(path, &d, &e) == -1)
		return AZ_UNKNOWN;
	k = d->kind;
	az_doc_free(d);
	return k;
}

static void
assign(struct ckt_opts *o, const char *path, const char *shown,
    enum az_kind kind, int p, const char *origin)
{
	int r = role_of(kind, p);

	if (r < 0) {
		if (kind == AZ_ARP_TABLE || kind == AZ_ER_ROUTE_TABLE ||
		    kind == AZ_ER_ROUTE_SUMMARY)
			note(o, "ignored %s: cannot tell its path (primary or "
			    "secondary); use the explicit options", shown);
		return;
	}
	if (o->file[r][0] != '\0') {
		/* the same table twice (az and PowerShell): first wins */
		size_t len = strlen(o->dups);

		if (o->ndups++ > 0 && len + 2 < sizeof(o->dups))
			str_copy(o->dups + len, ", ", sizeof(o->dups) - len);
		len = strlen(o->dups);
		str_copy(o->dups + len, shown, sizeof(o->dups) - len);
		return;
	}
	if (strlen(path) >= CKT_PATH_MAX)
		return;
	str_copy(o->file[r], path, CKT_PATH_MAX);
	str_copy(o->origin[r], origin, sizeof(o->origin[r]));
}

static int
path_of_text(const char *s)
{
	if (contains_ci(s, "secondary"))
		return 1;
	if (contains_ci(s, "primary"))
		return 0;
	return -1;
}

/* DIR/commands.txt: "<file>\t<command>" lines.  0 if used, -1 absent. */
static int
scan_commands(struct ckt_opts *o)
{
	char path[CKT_PATH_MAX], line[4096], val[64], full[CKT_PATH_MAX];
	FILE *fp;
	struct stat st;
	unsigned long lineno = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/commands.txt", o->dir) >=
	    sizeof(path) || (fp = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *tab, *cmd, *end;
		enum az_kind ck, sk;
		int p = -1;

		lineno++;
		if (line[0] == '#' || (tab = strchr(line, '\t')) == NULL)
			continue;
		*tab = '\0';
		cmd = tab + 1;
		end = cmd + strlen(cmd);
		while (end > cmd && (end[-1] == '\n' || end[-1] == '\r'))
			*--end = '\0';
		if (strstr(line, "..") != NULL || line[0] == '/')
			continue;	/* stay inside DIR */
		if ((ck = cmd_kind(cmd)) == AZ_UNKNOWN)
			continue;
		if ((cmd_value(cmd, "--peering-name", val, sizeof(val)) ||
		    cmd_value(cmd, "-PeeringType", val, sizeof(val))) &&
		    str_casecmp(val, o->peering) != 0)
			continue;	/* another peering */
		if (cmd_value(cmd, "--path", val, sizeof(val)) ||
		    cmd_value(cmd, "-DevicePath", val, sizeof(val)))
			p = path_of_text(val);
		if ((size_t)snprintf(full, sizeof(full), "%s/%s", o->dir,
		    line) >= sizeof(full))
			continue;
		if (stat(full, &st) == -1) {
			note(o, "commands.txt line %lu names %s, which is not "
			    "in %s", lineno, line, o->dir);
			continue;
		}
		sk = peek_kind(full);
		if (sk == AZ_EMPTY || sk == AZ_EMPTY_LIST || sk == AZ_UNKNOWN)
			sk = ck;
		else if (sk != ck)
			note(o, "%s: commands.txt line %lu says %s, the "
			    "content is %s; using the content", line, lineno,
			    az_kind_name(ck), az_kind_name(sk));
		assign(o, full, line, sk, p, "commands.txt");
	}
	fclose(fp);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* No commands.txt: shapes, and the file names for the path. */
static void
scan_names(struct ckt_opts *o)
{
	DIR *d;
	struct dirent *de;
	char *names[256], full[CKT_PATH_MAX];
	size_t n = 0, i;
	bool named = false;

	if ((d = opendir(o->dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL && n < 256) {
		size_t len = strlen(de->d_name);

		if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		if ((names[n] = strdup(de->d_name)) != NULL)
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		enum az_kind k;
		int p;

		if ((size_t)snprintf(full, sizeof(full), "%s/%s", o->dir,
		    names[i]) >= sizeof(full)) {
			free(names[i]);
			continue;
		}
		k = peek_kind(full);
		if (k == AZ_EMPTY || k == AZ_EMPTY_LIST)
			k = name_kind(names[i]);
		p = path_of_text(names[i]);
		if (p >= 0 && role_of(k, p) >= 0 && role_of(k, -1) < 0)
			named = true;
		assign(o, full, names[i], k, p, "file name");
		free(names[i]);
	}
	if (named)
		note(o, "no commands.txt in %s: primary/secondary taken from "
		    "the file names", o->dir);
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
	bool			 have[R__COUNT];
};

/* A file that cannot be read is bad input (exit 2), like a malformed
 * one: the user named it. */
static int
input_err(const struct err *e)
{
	int rc = cli_report_err("circuit", e);

	return e->code == ERR_IO ? EXIT_USAGE : rc;
}

static int
load_one(struct loaded *l, int r, const char *file)
{
	struct az_doc *d;
	struct err e;
	int rc;

	err_clear(&e);
	if (az_load_file(file, &d, &e) == -1)
		return input_err(&e);
	switch (r) {
	case R_CIRCUIT:
		rc = az_circuit_load(&l->circuit, d, &e);
		break;
	case R_ARP_P:
	case R_ARP_S:
		rc = az_arp_load(&l->arp[r - R_ARP_P], d, &e);
		break;
	case R_ROUTES_P:
	case R_ROUTES_S:
		rc = az_er_routes_load(&l->routes[r - R_ROUTES_P], d, &e);
		break;
	case R_SUMMARY_P:
	case R_SUMMARY_S:
		rc = az_er_summary_load(&l->summary[r - R_SUMMARY_P], d, &e);
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
	struct report_circuit_input inputs[R__COUNT];
	const char *notes[CKT_MAX_NOTES];
	struct report_circuit rc;
	size_t i;
	int r, rv = 0;

	memset(&rc, 0, sizeof(rc));
	rc.circuit = l->have[R_CIRCUIT] ? &l->circuit : NULL;
	rc.peering = o->peering;
	for (r = 0; r < R__COUNT; r++) {
		if (o->file[r][0] == '\0')
			continue;
		inputs[rc.ninputs].file = o->file[r];
		inputs[rc.ninputs].role = roles[r].name;
		inputs[rc.ninputs].from = o->origin[r];
		inputs[rc.ninputs].loaded = l->have[r];
		rc.ninputs++;
	}
	rc.inputs = inputs;
	for (i = 0; i < o->nnotes; i++)
		notes[i] = o->notes[i];
	rc.notes = notes;
	rc.nnotes = o->nnotes;
	if (o->json)
		rv = cli_json_out("circuit", report_circuit_json(&rc, res, fl),
		    report_json_dump);
	else {
		report_circuit_text(stdout, &rc, res, fl,
		    report_want_color(stdout) ? REPORT_TEXT_COLOR : 0);
		if (fflush(stdout) == EOF || ferror(stdout)) {
			fprintf(stderr, "erwatch circuit: write error\n");
			rv = EXIT_RUNTIME;
		}
	}
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
	int r, p, rc = 0, in_rc = 0;

	if ((o = calloc(1, sizeof(*o))) == NULL ||
	    (l = calloc(1, sizeof(*l))) == NULL) {
		free(o);
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
		if (scan_commands(o) == -1)
			scan_names(o);
		if (o->ndups > 0)
			note(o, "%zu files ignored, their tables are already "
			    "given by another file: %.560s", o->ndups, o->dups);
	}
	for (r = 0; r < R__COUNT; r++)
		if (o->file[r][0] != '\0' && load_one(l, r, o->file[r]) != 0)
			in_rc = EXIT_USAGE;

	memset(&in, 0, sizeof(in));
	in.peering = o->peering;
	in.circuit = l->have[R_CIRCUIT] ? &l->circuit : NULL;
	in.stats = l->have[R_STATS] ? &l->stats : NULL;
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		in.arp[p] = l->have[R_ARP_P + p] ? &l->arp[p] : NULL;
		in.routes[p] = l->have[R_ROUTES_P + p] ? &l->routes[p] : NULL;
		in.summary[p] = l->have[R_SUMMARY_P + p] ? &l->summary[p] :
		    NULL;
	}
	finding_list_init(&fl);
	diag_circuit(&in, &res, &fl);
	rc = render(o, l, &res, &fl);
	if (rc == 0)
		rc = in_rc != 0 ? in_rc : finding_list_exit_code(&fl);
	finding_list_release(&fl);
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		az_arp_release(&l->arp[p]);
		az_er_routes_release(&l->routes[p]);
		az_er_summary_release(&l->summary[p]);
	}
	free(o);
	free(l);
	return rc;
}
