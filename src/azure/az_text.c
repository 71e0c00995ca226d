/*
 * Text forms of Azure exports: recognition and the common machinery.
 *
 * A ticket attachment is rarely the clean JSON the loaders were written
 * for.  This file finds what the user's shell printed: the prompt and the
 * command line pasted above the output (`PS C:\> Get-Az... -DevicePath
 * Primary`, `$ az network ... --path primary -o table`), which it blanks
 * out in place so that line numbers stay those of the file, and the
 * format of the rest, by its first lines: JSON ('{', '['), a table (a
 * header over a line of dashes: PowerShell separates columns by one space
 * or more and underlines the header text, az's tabulate by two and
 * underlines the whole width), Format-List ("Name : value" blocks), YAML
 * ("key: value", "- "), TSV (tabs, no header).  The readers (az_text_*.c)
 * then build rows; finish() checks that a table of a known kind has the
 * columns that kind needs (PowerShell leaves out columns that do not fit
 * the width, and a missing MAC column must not read as "Incomplete") and
 * wraps bare NSG rules the way list-effective-nsg does.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "az_text_int.h"

static const char *const fmt_names[] = {
	[AZ_FMT_JSON] = "json",
	[AZ_FMT_YAML] = "yaml",
	[AZ_FMT_TSV] = "az-tsv",
	[AZ_FMT_AZ_TABLE] = "az-table",
	[AZ_FMT_PS_TABLE] = "ps-table",
	[AZ_FMT_PS_LIST] = "ps-list",
};

const char *
az_format_name(enum az_format f)
{
	if ((unsigned)f >= sizeof(fmt_names) / sizeof(fmt_names[0]))
		return "unknown";
	return fmt_names[f];
}

/* ------------------------------------------------------------------ */
/* Errors and the pointer map                                          */
/* ------------------------------------------------------------------ */

int
az_text_fail(struct az_tctx *c, const struct az_tline *l, size_t col,
    const char *fmt, ...)
{
	char msg[240];
	va_list ap;

	if (c->e == NULL || c->e->code != ERR_NONE)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ERR(c->e, ERR_INPUT, "%s", msg);
	err_at(c->e, c->doc->name, l != NULL ? l->no : 0,
	    l != NULL ? col : 0, l != NULL ? l->off + (col > 0 ? col - 1 :
	    0) : 0);
	return -1;
}

int
az_tm_add(struct az_tctx *c, const char *ptr, uint64_t line, uint64_t col,
    size_t off)
{
	struct az_textmap *m = c->doc->tmap;
	struct az_tm_ent *v;

	if (m->n == m->cap) {
		size_t cap = m->cap == 0 ? 64 : m->cap * 2;

		if ((v = erw_reallocarray(m->v, cap, sizeof(*v))) == NULL)
			return ERR(c->e, ERR_NOMEM, "out of memory");
		m->v = v;
		m->cap = cap;
	}
	if ((m->v[m->n].ptr = erw_strdup(ptr)) == NULL)
		return ERR(c->e, ERR_NOMEM, "out of memory");
	m->v[m->n].line = line;
	m->v[m->n].col = col;
	m->v[m->n].off = off;
	m->n++;
	return 0;
}

int
az_tm_cell(struct az_tctx *c, size_t row, const char *key,
    const struct az_tline *l, size_t at)
{
	char ptr[AZ_PTR_MAX];

	if (key == NULL)
		snprintf(ptr, sizeof(ptr), "/%zu", row);
	else
		snprintf(ptr, sizeof(ptr), "/%zu/%s", row, key);
	return az_tm_add(c, ptr, l->no, at + 1, l->off + at);
}

void
az_text_map_free(struct az_textmap *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++)
		free(m->v[i].ptr);
	free(m->v);
	free(m);
}

int
az_text_locate(const struct az_doc *doc, const char *ptr, uint64_t *line,
    uint64_t *col, uint64_t *offset)
{
	const struct az_textmap *m = doc->tmap;
	const struct az_tm_ent *best = NULL;
	size_t plen = strlen(m->prefix), bestlen = 0, i;

	if (strncmp(ptr, m->prefix, plen) == 0)
		ptr += plen;
	for (i = 0; i < m->n; i++) {
		size_t n = strlen(m->v[i].ptr);

		if (strncmp(m->v[i].ptr, ptr, n) != 0 ||
		    (ptr[n] != '\0' && ptr[n] != '/'))
			continue;
		if (best == NULL || n > bestlen) {
			best = &m->v[i];
			bestlen = n;
		}
	}
	if (best == NULL)
		return -1;
	*line = best->line;
	*col = best->col;
	*offset = best->off;
	return ptr[bestlen] == '\0' ? 0 : 1;
}

/* ------------------------------------------------------------------ */
/* Cells                                                               */
/* ------------------------------------------------------------------ */

static bool
ends_with(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

json_t *
az_cell_value(const char *s, size_t n, bool ps, bool *cut, bool *nomem)
{
	json_t *a, *v;

	*cut = false;
	*nomem = false;
	trim(&s, &n);
	if (n == 0)
		return NULL;
	/* PowerShell 7 cuts with U+2026, 5.1 with three dots. */
	if (ends_with(s, n, "\xe2\x80\xa6") || ends_with(s, n,
	    "\xe2\x80\xa6}") || (ps && (ends_with(s, n, "...") ||
	    ends_with(s, n, "...}")))) {
		*cut = true;
		return NULL;
	}
	if (ps && s[0] == '{' && s[n - 1] == '}') {
		/* a collection: "{10.0.0.0/16, 10.1.0.0/16}", "{}" */
		size_t i = 1, j;

		if ((a = json_array()) == NULL)
			goto nomem;
		while (i < n - 1) {
			const char *el;
			size_t len;

			for (j = i; j < n - 1 && s[j] != ','; j++)
				;
			el = s + i;
			len = j - i;
			trim(&el, &len);
			if (len > 0) {
				if ((v = json_stringn(el, len)) == NULL ||
				    json_array_append_new(a, v) == -1) {
					json_decref(a);
					goto nomem;
				}
			}
			i = j + 1;
		}
		return a;
	}
	if ((v = json_stringn(s, n)) == NULL)
		goto nomem;	/* or invalid UTF-8: decoded text is valid */
	return v;
nomem:
	*nomem = true;
	return NULL;
}

/* az's table transformers name columns in words (network/_format.py). */
static const struct {
	const char	*header;
	const char	*key;
} header_alias[] = {
	{ "NextHopIP", "nextHopIpAddress" },
	{ "RuleName", "name" },
};

void
az_header_key(const char *s, size_t n, char *out, size_t len)
{
	size_t i, k = 0;

	trim(&s, &n);
	for (i = 0; i < n && k + 1 < len; i++)
		if (s[i] != ' ')
			out[k++] = s[i];
	out[k] = '\0';
	for (i = 0; i < sizeof(header_alias) / sizeof(header_alias[0]); i++)
		if (str_casecmp(out, header_alias[i].header) == 0)
			str_copy(out, header_alias[i].key, len);
}

int
az_row_add(struct az_tctx *c, json_t *row)
{
	if (json_array_append_new(c->rows, row) == -1)
		return ERR(c->e, ERR_NOMEM, "out of memory");
	return 0;
}

void
az_note_cut(struct az_tctx *c, const struct az_tline *l, size_t at,
    const char *col, const char *s, size_t n)
{
	char shown[48];

	str_escape_into(shown, sizeof(shown), s, n > 40 ? 40 : n);
	az_note_add(&c->doc->notes, AZ_NOTE_INCOMPLETE, c->doc, "",
	    "line %llu, column '%.40s' (character %zu): PowerShell cut the "
	    "value to '%s'; the row is left out (save with Format-List, "
	    "$FormatEnumerationLimit = -1, or ConvertTo-Json)",
	    (unsigned long long)l->no, col, at + 1, shown);
}

/* ------------------------------------------------------------------ */
/* Lines, prompt and command line                                      */
/* ------------------------------------------------------------------ */

static int
split_lines(struct az_tctx *c)
{
	const char *t = c->doc->text;
	size_t len = c->doc->len, i = 0, n = 0, cap = 0;
	struct az_tline *v = NULL, *nv;

	while (i < len) {
		size_t s = i, end;

		while (i < len && t[i] != '\n')
			i++;
		end = i;
		if (end > s && t[end - 1] == '\r')
			end--;
		if (n == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			if ((nv = erw_reallocarray(v, cap, sizeof(*v))) ==
			    NULL) {
				free(v);
				return ERR(c->e, ERR_NOMEM, "out of memory");
			}
			v = nv;
		}
		v[n].p = t + s;
		v[n].len = end - s;
		v[n].off = s;
		v[n].no = n + 1;
		n++;
		if (i < len)
			i++;	/* the '\n' */
	}
	c->line = v;
	c->nline = n;
	return 0;
}

static bool
blank(const struct az_tline *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (l->p[i] != ' ' && l->p[i] != '\t')
			return false;
	return true;
}

/* Case-insensitive search for needle in the n bytes at s. */
static const char *
find_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i, j;

	for (i = 0; i + k <= n; i++) {
		for (j = 0; j < k; j++) {
			char a = s[i + j], b = needle[j];

			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (char)(b - 'A' + 'a');
			if (a != b)
				break;
		}
		if (j == k)
			return s + i;
	}
	return NULL;
}

/* A shell prompt with nothing after it ("PS C:\>", "$"), or a prompt. */
static size_t
prompt_len(const struct az_tline *l)
{
	const char *p = l->p;
	size_t n = l->len, i;

	if (n >= 3 && memcmp(p, "PS ", 3) == 0) {
		for (i = 3; i < n; i++)
			if (p[i] == '>')
				return i + 1;
		return 0;
	}
	if (n >= 2 && memcmp(p, ">>", 2) == 0)
		return 2;	/* PowerShell continuation */
	for (i = 0; i < n && i < 96; i++) {
		if ((p[i] == '$' || p[i] == '#' || p[i] == '>') &&
		    (i + 1 == n || p[i + 1] == ' '))
			return i + 1;
		if (p[i] == ' ' && i > 0 && p[i - 1] != ':')
			break;
	}
	return 0;
}

static const struct {
	const char	*needle;
	enum az_kind	 kind;
} cmd_kinds[] = {
	/* longest first: list-route-tables is a prefix of -summary */
	{ "list-route-tables-summary", AZ_ER_ROUTE_SUMMARY },
	{ "RouteTableSummary", AZ_ER_ROUTE_SUMMARY },
	{ "list-route-tables", AZ_ER_ROUTE_TABLE },
	{ "CircuitRouteTable", AZ_ER_ROUTE_TABLE },
	{ "list-arp-tables", AZ_ARP_TABLE },
	{ "CircuitARPTable", AZ_ARP_TABLE },
	{ "get-stats", AZ_ER_STATS },
	{ "CircuitStats", AZ_ER_STATS },
	{ "list-effective-nsg", AZ_EFFECTIVE_NSG },
	{ "EffectiveNetworkSecurityGroup", AZ_EFFECTIVE_NSG },
	{ "show-effective-route-table", AZ_EFFECTIVE_ROUTES },
	{ "EffectiveRouteTable", AZ_EFFECTIVE_ROUTES },
	{ "route-table show", AZ_ROUTE_TABLE },
	{ "nsg show", AZ_NSG },
	{ "express-route show", AZ_CIRCUIT },
	{ "Get-AzExpressRouteCircuit", AZ_CIRCUIT },
};

/* Is l a command line (az or an Az PowerShell cmdlet)? */
static bool
is_command(const struct az_tline *l)
{
	return find_ci(l->p, l->len, "az network ") != NULL ||
	    find_ci(l->p, l->len, "Get-Az") != NULL ||
	    find_ci(l->p, l->len, "az rest ") != NULL;
}

/* The word after option opt ("--path", "-DevicePath") in l, if any. */
static bool
option_value(const struct az_tline *l, const char *opt, char *out,
    size_t len)
{
	const char *s = l->p, *end = l->p + l->len, *h;
	size_t k = strlen(opt), n = 0;

	while ((h = find_ci(s, (size_t)(end - s), opt)) != NULL) {
		const char *v = h + k;

		s = v;
		/* a whole option: "-Path" must not match "-DevicePath" */
		if (h > l->p && h[-1] != ' ')
			continue;
		if (v < end && *v != ' ' && *v != '=' && *v != ':')
			continue;
		while (v < end && (*v == ' ' || *v == '=' || *v == ':'))
			v++;
		if (v < end && (*v == '"' || *v == '\''))
			v++;
		while (v < end && *v != ' ' && *v != '"' && *v != '\'' &&
		    n + 1 < len)
			out[n++] = *v++;
		out[n] = '\0';
		return n > 0;
	}
	return false;
}

static void
take_command(struct az_doc *doc, const struct az_tline *l)
{
	char val[32];
	size_t i;

	str_escape_into(doc->command, sizeof(doc->command), l->p, l->len);
	doc->cmd_kind = AZ_UNKNOWN;
	for (i = 0; i < sizeof(cmd_kinds) / sizeof(cmd_kinds[0]); i++)
		if (find_ci(l->p, l->len, cmd_kinds[i].needle) != NULL) {
			doc->cmd_kind = cmd_kinds[i].kind;
			break;
		}
	doc->cmd_path[0] = '\0';
	if (option_value(l, "--path", val, sizeof(val)) ||
	    option_value(l, "-DevicePath", val, sizeof(val))) {
		if (str_casecmp(val, "primary") == 0)
			str_copy(doc->cmd_path, "primary",
			    sizeof(doc->cmd_path));
		else if (str_casecmp(val, "secondary") == 0)
			str_copy(doc->cmd_path, "secondary",
			    sizeof(doc->cmd_path));
	}
}

/* The output format command line l asks for, AZ_FMT_JSON if not told. */
static enum az_format
cmd_format(const struct az_tline *l)
{
	if (find_ci(l->p, l->len, "-o table") != NULL ||
	    find_ci(l->p, l->len, "--output table") != NULL)
		return AZ_FMT_AZ_TABLE;
	if (find_ci(l->p, l->len, "-o tsv") != NULL ||
	    find_ci(l->p, l->len, "--output tsv") != NULL)
		return AZ_FMT_TSV;
	if (find_ci(l->p, l->len, "Get-Az") != NULL)
		return AZ_FMT_PS_TABLE;
	return AZ_FMT_JSON;
}

/* Overwrite line l with spaces in the document's own text. */
static void
blank_out(struct az_doc *doc, const struct az_tline *l)
{
	memset(doc->text + l->off, ' ', l->len);
}

/*
 * Leading prompts and commands, and trailing prompts, are blanked; the
 * last command before the output is the one remembered.  The hint of the
 * output format the command asks for goes to *hint.
 */
static void
strip_prompt(struct az_tctx *c, enum az_format *hint)
{
	size_t i, last;
	const struct az_tline *cmd = NULL;

	*hint = AZ_FMT_JSON;
	for (i = 0; i < c->nline; i++) {
		const struct az_tline *l = &c->line[i];
		size_t p;

		if (blank(l))
			continue;
		p = prompt_len(l);
		if (is_command(l)) {
			/* read it now: blank_out() below erases it */
			take_command(c->doc, l);
			*hint = cmd_format(l);
			cmd = l;
		} else if (p == 0 || p < l->len) {
			/* "PS C:\> cd x" is a prompt; "> 5" is not */
			if (p == 0 || !(l->p[0] == 'P' || l->p[p - 1] == '$'))
				break;
		}
		blank_out(c->doc, l);
	}
	c->first = i;
	(void)cmd;
	/* a final prompt after the output */
	for (last = c->nline; last > c->first; last--) {
		const struct az_tline *l = &c->line[last - 1];

		if (blank(l))
			continue;
		if (l->len >= 3 && memcmp(l->p, "PS ", 3) == 0 &&
		    prompt_len(l) == l->len)
			blank_out(c->doc, l);
		else
			break;
	}
	c->nline = last;
}

/* ------------------------------------------------------------------ */
/* Recognition                                                         */
/* ------------------------------------------------------------------ */

static bool
dash_line(const struct az_tline *l)
{
	size_t i, d = 0;

	for (i = 0; i < l->len; i++) {
		if (l->p[i] == '-')
			d++;
		else if (l->p[i] != ' ')
			return false;
	}
	return d > 0;
}

/* "Key   : value" as Format-List writes it (a space before the colon). */
static bool
list_line(const struct az_tline *l)
{
	size_t i = 0;

	while (i < l->len && ((l->p[i] >= 'A' && l->p[i] <= 'Z') ||
	    (l->p[i] >= 'a' && l->p[i] <= 'z') ||
	    (l->p[i] >= '0' && l->p[i] <= '9') || l->p[i] == '_'))
		i++;
	if (i == 0 || i >= l->len || l->p[i] != ' ')
		return false;
	while (i < l->len && l->p[i] == ' ')
		i++;
	return i < l->len && l->p[i] == ':' &&
	    (i + 1 == l->len || l->p[i + 1] == ' ');
}

static bool
yaml_line(const struct az_tline *l)
{
	size_t i = 0;

	if (l->len >= 2 && l->p[0] == '-' && l->p[1] == ' ')
		return true;
	if (l->len == 1 && l->p[0] == '-')
		return true;
	while (i < l->len && l->p[i] != ':' && l->p[i] != ' ' &&
	    l->p[i] != '\t')
		i++;
	return i > 0 && i < l->len && l->p[i] == ':' &&
	    (i + 1 == l->len || l->p[i + 1] == ' ');
}

/* Are the dash runs separated by exactly two spaces, as tabulate always
 * does (it underlines the whole width)?  PowerShell underlines the header
 * text, so its gaps vary. */
static bool
tabulate_gaps(const struct az_tline *d)
{
	size_t i = 0, gap;

	while (i < d->len && d->p[i] == '-')
		i++;
	while (i < d->len) {
		for (gap = 0; i < d->len && d->p[i] == ' '; i++)
			gap++;
		if (i == d->len)
			break;
		if (gap != 2)
			return false;
		while (i < d->len && d->p[i] == '-')
			i++;
	}
	return true;
}

static int
recognize(struct az_tctx *c, enum az_format hint, enum az_format *fmt)
{
	const struct az_tline *l1, *l2 = NULL;
	size_t i = c->first;

	while (i < c->nline && blank(&c->line[i]))
		i++;
	if (i == c->nline) {
		*fmt = AZ_FMT_JSON;	/* nothing printed: empty */
		return 1;
	}
	l1 = &c->line[i];
	if (i + 1 < c->nline)
		l2 = &c->line[i + 1];
	{
		size_t k = 0;

		while (k < l1->len && l1->p[k] == ' ')
			k++;
		if (k < l1->len && (l1->p[k] == '{' || l1->p[k] == '[')) {
			*fmt = AZ_FMT_JSON;
			return 0;
		}
	}
	if (l2 != NULL && dash_line(l2) && !dash_line(l1)) {
		if (hint == AZ_FMT_AZ_TABLE || hint == AZ_FMT_PS_TABLE)
			*fmt = hint;
		else
			*fmt = !tabulate_gaps(l2) ||
			    find_ci(l1->p, l1->len, "Property") != NULL ?
			    AZ_FMT_PS_TABLE : AZ_FMT_AZ_TABLE;
		return 0;
	}
	if (list_line(l1)) {
		*fmt = AZ_FMT_PS_LIST;
		return 0;
	}
	if (yaml_line(l1)) {
		*fmt = AZ_FMT_YAML;
		return 0;
	}
	if (memchr(l1->p, '\t', l1->len) != NULL || hint == AZ_FMT_TSV) {
		*fmt = AZ_FMT_TSV;
		return 0;
	}
	return az_text_fail(c, l1, 1, "'%s' line %llu: not an Azure export "
	    "erwatch reads (JSON, YAML, az table or tsv, PowerShell "
	    "Format-Table or Format-List)", c->doc->name,
	    (unsigned long long)l1->no);
}

/* ------------------------------------------------------------------ */
/* Kinds by columns                                                    */
/* ------------------------------------------------------------------ */

/*
 * Columns of each row-shaped kind, '|' between spellings (az, PowerShell,
 * plural forms); the flag says which a check needs.  azure-formats.md
 * sections 2.3-2.5, 3.2, 4.2.
 */
#define NEED	1
struct kcol {
	const char	*names;
	int		 need;
};
static const struct {
	enum az_kind	 kind;
	const char	*what;
	struct kcol	 col[10];
} kinds[] = {
	{ AZ_ARP_TABLE, "ARP table", {
		{ "age", 0 }, { "interface|InterfaceProperty", NEED },
		{ "ipAddress", NEED }, { "macAddress", NEED } } },
	{ AZ_ER_ROUTE_TABLE, "route table", {
		{ "network", NEED }, { "nextHop", NEED }, { "locPrf", 0 },
		{ "weight", 0 }, { "path", NEED } } },
	{ AZ_ER_ROUTE_SUMMARY, "route table summary", {
		{ "neighbor", NEED }, { "v", 0 },
		{ "as|asn|AsProperty", NEED }, { "upDown", 0 },
		{ "statePfxRcd|stateOrPrefixesReceived", NEED } } },
	{ AZ_EFFECTIVE_ROUTES, "effective route table", {
		{ "name", 0 }, { "source", NEED }, { "state", NEED },
		{ "addressPrefix", NEED }, { "nextHopType", NEED },
		{ "nextHopIpAddress", NEED },
		{ "disableBgpRoutePropagation", 0 } } },
	{ AZ_EFFECTIVE_NSG, "list of effective security rules", {
		{ "name", NEED }, { "priority", NEED }, { "direction", NEED },
		{ "access", NEED }, { "protocol", NEED },
		{ "sourceAddressPrefix|sourceAddressPrefixes", NEED },
		{ "destinationAddressPrefix|destinationAddressPrefixes",
		    NEED },
		{ "sourcePortRange|sourcePortRanges", NEED },
		{ "destinationPortRange|destinationPortRanges", NEED } } },
};
#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))

/* Does any row have a member spelled as one of names ('|' list)? */
static bool
rows_have(json_t *rows, const char *names)
{
	char one[48];
	const char *s = names;
	size_t i;
	json_t *row;

	while (*s != '\0') {
		size_t n = strcspn(s, "|");

		str_copy(one, s, n + 1 < sizeof(one) ? n + 1 : sizeof(one));
		json_array_foreach(rows, i, row)
			if (az_member(row, one, NULL, NULL) != NULL)
				return true;
		s += n;
		if (*s == '|')
			s++;
	}
	return false;
}

static bool
rows_are_rules(json_t *rows)
{
	return rows_have(rows, "priority") && rows_have(rows, "access") &&
	    rows_have(rows, "direction");
}

/* Rename the singular NSG fields PowerShell prints as collections. */
static int plural_row(struct az_tctx *, json_t *);

static int
plural_fields(struct az_tctx *c)
{
	json_t *row, *rules, *r;
	size_t i, k;

	json_array_foreach(c->rows, i, row) {
		if (plural_row(c, row) == -1)
			return -1;
		/* the rules of Format-List's EffectiveSecurityRules JSON */
		rules = az_member(row, "effectiveSecurityRules", NULL, NULL);
		if (json_is_array(rules))
			json_array_foreach(rules, k, r)
				if (json_is_object(r) &&
				    plural_row(c, r) == -1)
					return -1;
	}
	return 0;
}

static int
plural_row(struct az_tctx *c, json_t *row)
{
	static const char *const one[] = {
		"sourcePortRange", "destinationPortRange",
		"sourceAddressPrefix", "destinationAddressPrefix"
	};
	static const char *const many[] = {
		"sourcePortRanges", "destinationPortRanges",
		"sourceAddressPrefixes", "destinationAddressPrefixes"
	};
	json_t *v;
	const char *sp;
	size_t k;

	for (k = 0; k < 4; k++) {
		if ((v = az_member(row, one[k], &sp, NULL)) == NULL ||
		    !json_is_array(v))
			continue;
		json_incref(v);
		if (json_object_del(row, sp) == -1 ||
		    json_object_set_new(row, many[k], v) == -1)
			return ERR(c->e, ERR_NOMEM, "out of memory");
	}
	return 0;
}

/* az's effective-route table joins the lists with spaces
 * (network/_format.py transform_effective_route_table): split them. */
static int
split_joined(struct az_tctx *c)
{
	static const char *const keys[] = { "addressPrefix",
	    "nextHopIpAddress" };
	json_t *row, *v, *a, *el;
	const char *sp, *s;
	size_t i, k;

	json_array_foreach(c->rows, i, row) {
		for (k = 0; k < 2; k++) {
			if ((v = az_member(row, keys[k], &sp, NULL)) == NULL ||
			    !json_is_string(v))
				continue;
			if ((a = json_array()) == NULL)
				return ERR(c->e, ERR_NOMEM, "out of memory");
			for (s = json_string_value(v); *s != '\0'; ) {
				size_t n = strcspn(s, " ");

				if (n > 0 && ((el = json_stringn(s, n)) ==
				    NULL || json_array_append_new(a, el) ==
				    -1)) {
					json_decref(a);
					return ERR(c->e, ERR_NOMEM,
					    "out of memory");
				}
				s += n;
				while (*s == ' ')
					s++;
			}
			if (json_object_set_new(row, sp, a) == -1)
				return ERR(c->e, ERR_NOMEM, "out of memory");
		}
	}
	return 0;
}

/* A table of kind k that lacks a column k needs is refused: a reading
 * without it would be wrong, not just poorer. */
static int
check_columns(struct az_tctx *c, const struct az_tline *at)
{
	size_t k, i, best = NKINDS, bestn = 1;
	char name[48];

	for (k = 0; k < NKINDS; k++) {
		size_t n = 0;

		for (i = 0; i < 10 && kinds[k].col[i].names != NULL; i++)
			if (rows_have(c->rows, kinds[k].col[i].names))
				n++;
		if (n > bestn) {
			best = k;
			bestn = n;
		}
	}
	if (best == NKINDS)
		return 0;
	for (i = 0; i < 10 && kinds[best].col[i].names != NULL; i++) {
		const char *nm = kinds[best].col[i].names;

		if (!kinds[best].col[i].need || rows_have(c->rows, nm))
			continue;
		str_copy(name, nm, strcspn(nm, "|") + 1 < sizeof(name) ?
		    strcspn(nm, "|") + 1 : sizeof(name));
		if (kinds[best].kind == AZ_EFFECTIVE_NSG &&
		    c->doc->fmt == AZ_FMT_AZ_TABLE)
			return az_text_fail(c, at, 1, "'%s' line %llu: az's "
			    "table of effective rules has no priorities, "
			    "addresses or ports; save `az network nic "
			    "list-effective-nsg` with -o json or -o yaml",
			    c->doc->name, (unsigned long long)at->no);
		return az_text_fail(c, at, 1, "'%s' line %llu: this %s has "
		    "no '%s' column (PowerShell leaves out columns that do "
		    "not fit the width: save with Format-List or "
		    "ConvertTo-Json)", c->doc->name,
		    (unsigned long long)at->no, kinds[best].what, name);
	}
	return 0;
}

/* The first line of the output, for messages about the whole table. */
static const struct az_tline *
first_line(struct az_tctx *c)
{
	size_t i;

	for (i = c->first; i < c->nline; i++)
		if (!blank(&c->line[i]))
			return &c->line[i];
	return c->nline > 0 ? &c->line[c->nline - 1] : NULL;
}

static int
finish(struct az_tctx *c)
{
	struct az_doc *doc = c->doc;
	const struct az_tline *at = first_line(c);
	json_t *row, *v, *root;
	size_t i;

	if (doc->fmt != AZ_FMT_YAML) {
		if (plural_fields(c) == -1 || check_columns(c, at) == -1)
			return -1;
		if (doc->fmt == AZ_FMT_AZ_TABLE && split_joined(c) == -1)
			return -1;
		json_array_foreach(c->rows, i, row) {
			v = az_member(row, "effectiveSecurityRules", NULL,
			    NULL);
			if (json_is_array(v) && json_array_size(v) > 0 &&
			    json_is_string(json_array_get(v, 0)))
				return az_text_fail(c, at, 1, "'%s' line "
				    "%llu: the effective rules are shown by "
				    "name only; save `(Get-AzEffectiveNetwork"
				    "SecurityGroup ...).EffectiveSecurityRules "
				    "| Format-List` or ConvertTo-Json",
				    doc->name, (unsigned long long)at->no);
		}
		if (rows_are_rules(c->rows)) {
			/* bare rules, as list-effective-nsg nests them */
			if ((root = json_pack("{s:[{s:O}]}", "value",
			    "effectiveSecurityRules", c->rows)) == NULL)
				return ERR(c->e, ERR_NOMEM, "out of memory");
			str_copy(doc->tmap->prefix,
			    "/value/0/effectiveSecurityRules",
			    sizeof(doc->tmap->prefix));
			json_decref(c->rows);
			c->rows = root;
		}
		doc->root = c->rows;
		c->rows = NULL;
	}
	doc->kind = az_detect(doc->root);
	if ((doc->fmt == AZ_FMT_AZ_TABLE || doc->fmt == AZ_FMT_TSV) &&
	    doc->kind == AZ_UNKNOWN && doc->cmd_kind == AZ_CIRCUIT &&
	    json_array_size(doc->root) == 1 &&
	    az_member(json_array_get(doc->root, 0),
	    "circuitProvisioningState", NULL, NULL) != NULL) {
		/* az's table of a circuit shows its scalars only */
		doc->kind = AZ_CIRCUIT;
		az_note_add(&doc->notes, AZ_NOTE_INCOMPLETE, doc, "",
		    "az's table of a circuit leaves out its peerings; they "
		    "are not checked (save with -o json or -o yaml)");
	}
	if (doc->kind == AZ_EMPTY_LIST && doc->cmd_kind != AZ_UNKNOWN)
		doc->kind = AZ_EMPTY_LIST;
	az_shape_notes(doc);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

/*
 * The readers hand cells to jansson, which refuses invalid UTF-8 with the
 * same NULL as a failed allocation: check the text once, and say where.
 */
static int
check_utf8(struct az_tctx *c)
{
	size_t li, i;

	for (li = c->first; li < c->nline; li++) {
		const struct az_tline *l = &c->line[li];

		/* JSON may have lines of any length; a table row may not */
		if (l->len > LIMIT_TEXT_LINE)
			return az_text_fail(c, l, 1, "'%s' line %llu: longer "
			    "than %d bytes", c->doc->name,
			    (unsigned long long)l->no, LIMIT_TEXT_LINE);
		for (i = 0; i < l->len; ) {
			unsigned char b = (unsigned char)l->p[i];
			size_t n = b < 0x80 ? 1 : (b & 0xe0) == 0xc0 ? 2 :
			    (b & 0xf0) == 0xe0 ? 3 : (b & 0xf8) == 0xf0 ? 4 : 0;
			size_t k;
			uint32_t cp;

			if (b == 0)
				n = 0;
			if (n == 0 || n > l->len - i)
				goto bad;
			cp = n == 1 ? b : b & (0x7f >> n);
			for (k = 1; k < n; k++) {
				unsigned char x = (unsigned char)l->p[i + k];

				if ((x & 0xc0) != 0x80)
					goto bad;
				cp = cp << 6 | (x & 0x3f);
			}
			if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
			    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
			    (cp >= 0xd800 && cp <= 0xdfff))
				goto bad;
			i += n;
			continue;
	bad:
			return az_text_fail(c, l, i + 1, "'%s' line %llu: not "
			    "UTF-8 text (a NUL or an invalid byte at byte %zu)",
			    c->doc->name, (unsigned long long)l->no, i + 1);
		}
	}
	return 0;
}

/* forced: read as that format (az_text_load_as), else recognize. */
static int
prepare(struct az_doc *doc, struct err *e, int forced)
{
	struct az_tctx c;
	enum az_format hint, fmt = AZ_FMT_JSON;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	c.doc = doc;
	c.e = e;
	if (split_lines(&c) == -1)
		return -1;
	strip_prompt(&c, &hint);
	if (forced >= 0) {
		fmt = (enum az_format)forced;
		while (c.first < c.nline && blank(&c.line[c.first]))
			c.first++;
		if (c.first == c.nline)
			rc = 1;
	} else if ((rc = recognize(&c, hint, &fmt)) == -1)
		goto fail;
	doc->fmt = fmt;
	if (rc == 0 && fmt != AZ_FMT_JSON && check_utf8(&c) == -1)
		goto fail;
	if (rc == 1) {
		/* the command printed nothing: an empty table */
		doc->kind = AZ_EMPTY;
		free(c.line);
		return 0;
	}
	if (fmt == AZ_FMT_JSON) {
		free(c.line);
		return 0;
	}
	if ((doc->tmap = erw_calloc(1, sizeof(*doc->tmap))) == NULL ||
	    (c.rows = json_array()) == NULL) {
		ERR(e, ERR_NOMEM, "out of memory");
		goto fail;
	}
	switch (fmt) {
	case AZ_FMT_YAML:
		rc = az_read_yaml(&c);
		break;
	case AZ_FMT_TSV:
		rc = az_read_tsv(&c);
		break;
	case AZ_FMT_PS_LIST:
		rc = az_read_list(&c);
		break;
	default:
		rc = az_read_table(&c, fmt == AZ_FMT_PS_TABLE);
		break;
	}
	if (rc == -1 || finish(&c) == -1)
		goto fail;
	json_decref(c.rows);
	free(c.line);
	return 0;
fail:
	json_decref(c.rows);
	free(c.line);
	return -1;
}

int
az_text_prepare(struct az_doc *doc, struct err *e)
{
	size_t i = 0;

	/* JSON from the first byte, the common case: nothing to take off,
	   and large exports are not split into lines for nothing */
	while (i < doc->len && (doc->text[i] == ' ' || doc->text[i] == '\t' ||
	    doc->text[i] == '\r' || doc->text[i] == '\n'))
		i++;
	if (i < doc->len && (doc->text[i] == '{' || doc->text[i] == '[')) {
		doc->fmt = AZ_FMT_JSON;
		return 0;
	}
	return prepare(doc, e, -1);
}

int
az_text_load_as(const char *name, const void *buf, size_t len,
    enum az_format fmt, struct az_doc **out, struct err *e)
{
	struct az_doc *doc;

	*out = NULL;
	if (fmt == AZ_FMT_JSON || len > LIMIT_JSON_FILE_BYTES)
		return ERR(e, ERR_USAGE, "az_text_load_as: not a text form");
	if ((doc = erw_calloc(1, sizeof(*doc))) == NULL ||
	    (doc->text = erw_malloc(len + 1)) == NULL) {
		free(doc);
		return ERR(e, ERR_NOMEM, "out of memory");
	}
	str_copy(doc->name, name, sizeof(doc->name));
	if (len > 0)
		memcpy(doc->text, buf, len);
	doc->text[len] = '\0';
	doc->len = len;
	if (prepare(doc, e, (int)fmt) == -1) {
		az_doc_free(doc);
		return -1;
	}
	if (doc->root == NULL)
		doc->kind = AZ_EMPTY;
	*out = doc;
	return 0;
}
