/*
 * Sorting a folder of ExpressRoute exports into the roles of a circuit
 * check (az_circuit_dir.h): commands.txt first, else each file's shape
 * (azure/az_doc.c) and its name.  Reads the files only to learn their
 * kind; the caller loads them for real and reports what is wrong.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azure/az_circuit_dir.h"
#include "azure/azure.h"
#include "util/util.h"

static const char *const role_names[AZ_ROLE__COUNT] = {
	[AZ_ROLE_CIRCUIT] = "circuit",
	[AZ_ROLE_ARP_P] = "primary ARP table",
	[AZ_ROLE_ARP_S] = "secondary ARP table",
	[AZ_ROLE_ROUTES_P] = "primary route table",
	[AZ_ROLE_ROUTES_S] = "secondary route table",
	[AZ_ROLE_SUMMARY_P] = "primary route table summary",
	[AZ_ROLE_SUMMARY_S] = "secondary route table summary",
	[AZ_ROLE_STATS] = "traffic stats",
};

const char *
az_circuit_role_name(enum az_circuit_role r)
{
	return r < AZ_ROLE__COUNT ? role_names[r] : "?";
}

static void
note(struct az_circuit_files *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct az_circuit_files *f, const char *fmt, ...)
{
	va_list ap;

	if (f->nnotes == AZ_CIRCUIT_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(f->notes[f->nnotes++], sizeof(f->notes[0]), fmt, ap);
	va_end(ap);
}


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
		return AZ_ROLE_CIRCUIT;
	case AZ_ER_STATS:
		return AZ_ROLE_STATS;
	case AZ_ARP_TABLE:
		return path < 0 ? -1 : path == 0 ? AZ_ROLE_ARP_P :
		    AZ_ROLE_ARP_S;
	case AZ_ER_ROUTE_TABLE:
		return path < 0 ? -1 : path == 0 ? AZ_ROLE_ROUTES_P :
		    AZ_ROLE_ROUTES_S;
	case AZ_ER_ROUTE_SUMMARY:
		return path < 0 ? -1 : path == 0 ? AZ_ROLE_SUMMARY_P :
		    AZ_ROLE_SUMMARY_S;
	default:
		return -1;
	}
}

/* Shape of a file (AZ_EMPTY for an empty one), AZ_UNKNOWN if unreadable
 * (it is then reported when loaded for real).  *path_of gets the path the
 * command line pasted in a text export names (0 primary, 1 secondary), -1
 * if none; an empty text export takes the kind its command names. */
static enum az_kind
peek_kind(const char *path, int *path_of)
{
	struct az_doc *d;
	struct err e;
	enum az_kind k;

	*path_of = -1;
	err_clear(&e);
	if (az_load_file(path, &d, &e) == -1)
		return AZ_UNKNOWN;
	k = d->kind;
	if ((k == AZ_EMPTY || k == AZ_EMPTY_LIST) &&
	    d->cmd_kind != AZ_UNKNOWN)
		k = d->cmd_kind;
	if (strcmp(d->cmd_path, "primary") == 0)
		*path_of = 0;
	else if (strcmp(d->cmd_path, "secondary") == 0)
		*path_of = 1;
	az_doc_free(d);
	return k;
}

/* The file names an export may have: JSON and the text forms (az_text.h). */
static bool
export_name(const char *n)
{
	static const char *const ext[] = { ".json", ".txt", ".yaml", ".yml",
	    ".tsv" };
	size_t len = strlen(n), i, k;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		k = strlen(ext[i]);
		if (len > k && str_casecmp(n + len - k, ext[i]) == 0)
			return true;
	}
	return false;
}

static void
assign(struct az_circuit_files *f, const char *path, const char *shown,
    enum az_kind kind, int p, const char *origin)
{
	int r = role_of(kind, p);

	if (r < 0) {
		if (kind == AZ_ARP_TABLE || kind == AZ_ER_ROUTE_TABLE ||
		    kind == AZ_ER_ROUTE_SUMMARY)
			note(f, "ignored %s: cannot tell its path (primary or "
			    "secondary); use the explicit options", shown);
		return;
	}
	if (f->file[r][0] != '\0') {
		/* the same table twice (az and PowerShell): first wins */
		size_t len = strlen(f->dups);

		if (f->ndups++ > 0 && len + 2 < sizeof(f->dups))
			str_copy(f->dups + len, ", ", sizeof(f->dups) - len);
		len = strlen(f->dups);
		str_copy(f->dups + len, shown, sizeof(f->dups) - len);
		return;
	}
	if (strlen(path) >= AZ_CIRCUIT_PATH_MAX)
		return;
	str_copy(f->file[r], path, AZ_CIRCUIT_PATH_MAX);
	str_copy(f->origin[r], origin, sizeof(f->origin[r]));
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
scan_commands(struct az_circuit_files *f, const char *dir,
    const char *peering)
{
	char path[AZ_CIRCUIT_PATH_MAX], full[AZ_CIRCUIT_PATH_MAX];
	char line[4096], val[64];
	FILE *fp;
	struct stat st;
	unsigned long lineno = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/commands.txt", dir) >=
	    sizeof(path) || (fp = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *tab, *cmd, *end;
		enum az_kind ck, sk;
		int p = -1, fp_path;

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
		    str_casecmp(val, peering) != 0)
			continue;	/* another peering */
		if (cmd_value(cmd, "--path", val, sizeof(val)) ||
		    cmd_value(cmd, "-DevicePath", val, sizeof(val)))
			p = path_of_text(val);
		if ((size_t)snprintf(full, sizeof(full), "%s/%s", dir,
		    line) >= sizeof(full))
			continue;
		if (stat(full, &st) == -1) {
			note(f, "commands.txt line %lu names %s, which is not "
			    "in %s", lineno, line, dir);
			continue;
		}
		sk = peek_kind(full, &fp_path);
		if (p < 0)
			p = fp_path;	/* the command pasted in the file */
		if (sk == AZ_EMPTY || sk == AZ_EMPTY_LIST || sk == AZ_UNKNOWN)
			sk = ck;
		else if (sk != ck)
			note(f, "%s: commands.txt line %lu says %s, the "
			    "content is %s; using the content", line, lineno,
			    az_kind_name(ck), az_kind_name(sk));
		assign(f, full, line, sk, p, "commands.txt");
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
scan_names(struct az_circuit_files *f, const char *dir)
{
	DIR *d;
	struct dirent *de;
	char *names[256], full[AZ_CIRCUIT_PATH_MAX];
	size_t n = 0, i;
	bool named = false;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL && n < 256) {
		size_t len = strlen(de->d_name);

		if (len < 5 || !export_name(de->d_name) ||
		    strcmp(de->d_name, "commands.txt") == 0)
			continue;
		if ((names[n] = erw_strdup(de->d_name)) != NULL)
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		enum az_kind k;
		int p;

		if ((size_t)snprintf(full, sizeof(full), "%s/%s", dir,
		    names[i]) >= sizeof(full)) {
			free(names[i]);
			continue;
		}
		k = peek_kind(full, &p);
		if (k == AZ_EMPTY || k == AZ_EMPTY_LIST)
			k = name_kind(names[i]);
		/* the command line in the file first, then its name */
		if (p < 0 && (p = path_of_text(names[i])) >= 0 &&
		    role_of(k, p) >= 0 && role_of(k, -1) < 0)
			named = true;
		assign(f, full, names[i], k, p, "file name");
		free(names[i]);
	}
	if (named)
		note(f, "no commands.txt in %s: primary/secondary taken from "
		    "the file names", dir);
}

void
az_circuit_dir_scan(struct az_circuit_files *f, const char *dir,
    const char *peering)
{
	if (scan_commands(f, dir, peering) == -1)
		scan_names(f, dir);
	if (f->ndups > 0)
		note(f, "%zu files ignored, their tables are already given by "
		    "another file: %.560s", f->ndups, f->dups);
}
