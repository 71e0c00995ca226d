/*
 * Tables: PowerShell's Format-Table (the default view of the ExpressRoute
 * table cmdlets and of Get-AzEffectiveRouteTable | Format-Table) and az's
 * `-o table` (knack's tabulate "simple" format), and az's `-o tsv`.
 *
 * A table is a header over a line of dashes.  The dashes say where each
 * column is, not how wide: PowerShell underlines the header text only and
 * aligns numbers right, so a value may stick out left or right of its
 * dashes; tabulate underlines the whole width.  Between two columns the
 * separator is the rightmost character position, between the end of one
 * run of dashes and the start of the next, that is a space on every row:
 * a left-aligned next column starts exactly at its dashes (so the
 * separator is just before them), a right-aligned one (numbers, which
 * hold no spaces) may start earlier, and spaces inside the left column's
 * values ("{10.0.0.0/16, 10.1.0.0/16}", "65010 65020") lie left of it.
 * Positions count characters, not bytes: PowerShell 7 cuts values with
 * U+2026, three bytes wide.
 *
 * TSV has no header.  knack writes a row's values in the order of its
 * keys, sorted by name; the kind comes from the command line pasted
 * above, else from how the values look, and every row is checked against
 * the columns it is read into.
 */
#include <stdlib.h>
#include <string.h>

#include "az_text_int.h"
#include "net/net.h"

/* ------------------------------------------------------------------ */
/* Character positions                                                 */
/* ------------------------------------------------------------------ */

/* Byte index of character position col in l (l->len past the end). */
static size_t
byte_at(const struct az_tline *l, size_t col)
{
	size_t i = 0, c = 0;

	while (i < l->len && c < col) {
		i++;
		while (i < l->len && ((unsigned char)l->p[i] & 0xc0) == 0x80)
			i++;
		c++;
	}
	return i;
}

/* Is character position col of l a space (or past its end)? */
static bool
space_at(const struct az_tline *l, size_t col)
{
	size_t b = byte_at(l, col);

	return b >= l->len || l->p[b] == ' ';
}

static bool
blank_line(const struct az_tline *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (l->p[i] != ' ' && l->p[i] != '\t')
			return false;
	return true;
}

static bool
dashes(const struct az_tline *l)
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

/* ------------------------------------------------------------------ */
/* Format-Table and az table                                           */
/* ------------------------------------------------------------------ */

struct tcol {
	size_t	 s, e;			/* dashes, character positions */
	size_t	 from, to;		/* cell region [from, to) */
	char	 key[64];
};

static int
columns(struct az_tctx *c, const struct az_tline *hdr,
    const struct az_tline *dl, struct tcol *col, size_t *ncol)
{
	size_t i, n = 0;

	/* the dash line is ASCII: bytes are characters */
	for (i = 0; i < dl->len; ) {
		size_t s;

		if (dl->p[i] != '-') {
			i++;
			continue;
		}
		s = i;
		while (i < dl->len && dl->p[i] == '-')
			i++;
		if (n == AZ_TEXT_MAX_COLS)
			return az_text_fail(c, dl, s + 1, "'%s' line %llu: "
			    "more than %d columns", c->doc->name,
			    (unsigned long long)dl->no, AZ_TEXT_MAX_COLS);
		col[n].s = s;
		col[n].e = i - 1;
		{
			size_t b0 = byte_at(hdr, s), b1 = byte_at(hdr, i);

			az_header_key(hdr->p + b0, b1 - b0, col[n].key,
			    sizeof(col[n].key));
		}
		if (col[n].key[0] == '\0')
			return az_text_fail(c, hdr, s + 1, "'%s' line %llu: "
			    "column %zu has no name", c->doc->name,
			    (unsigned long long)hdr->no, n + 1);
		n++;
	}
	*ncol = n;
	return 0;
}

/* Cell regions from the data rows (see the file comment). */
static void
regions(struct tcol *col, size_t ncol, const struct az_tline *rows,
    size_t nrows)
{
	size_t k, p, r;

	col[0].from = 0;
	for (k = 0; k + 1 < ncol; k++) {
		size_t sep = col[k + 1].s - 1;

		for (p = col[k + 1].s - 1; p > col[k].e; p--) {
			for (r = 0; r < nrows; r++)
				if (!space_at(&rows[r], p))
					break;
			if (r == nrows) {
				sep = p;
				break;
			}
		}
		col[k].to = sep;
		col[k + 1].from = sep + 1;
	}
	col[ncol - 1].to = (size_t)-1;
}

static bool
same_header(const struct az_tline *a, const struct az_tline *b)
{
	return a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

static int
read_rows(struct az_tctx *c, struct tcol *col, size_t ncol,
    const struct az_tline *rows, size_t nrows, bool ps)
{
	size_t r, k;

	for (r = 0; r < nrows; r++) {
		const struct az_tline *l = &rows[r];
		size_t idx = json_array_size(c->rows);
		json_t *row;
		bool cut = false;

		if ((row = json_object()) == NULL)
			return ERR(c->e, ERR_NOMEM, "out of memory");
		for (k = 0; k < ncol && !cut; k++) {
			size_t b0 = byte_at(l, col[k].from);
			size_t b1 = col[k].to == (size_t)-1 ? l->len :
			    byte_at(l, col[k].to);
			bool nomem;
			json_t *v;

			if (b0 >= b1)
				continue;
			v = az_cell_value(l->p + b0, b1 - b0, ps, &cut,
			    &nomem);
			if (nomem) {
				json_decref(row);
				return ERR(c->e, ERR_NOMEM, "out of memory");
			}
			if (cut) {
				az_note_cut(c, l, col[k].from, col[k].key,
				    l->p + b0, b1 - b0);
				break;
			}
			if (v == NULL)
				continue;
			if (json_object_set_new(row, col[k].key, v) == -1 ||
			    az_tm_cell(c, idx, col[k].key, l,
			    col[k].from) == -1) {
				json_decref(row);
				return ERR(c->e, ERR_NOMEM, "out of memory");
			}
		}
		if (cut) {
			json_decref(row);
			continue;
		}
		if (az_tm_cell(c, idx, NULL, l, 0) == -1) {
			json_decref(row);
			return -1;
		}
		if (az_row_add(c, row) == -1)
			return -1;
	}
	return 0;
}

int
az_read_table(struct az_tctx *c, bool ps)
{
	struct tcol col[AZ_TEXT_MAX_COLS];
	const struct az_tline *hdr = NULL;
	size_t i = c->first, ncol = 0;

	while (i < c->nline) {
		size_t j;

		while (i < c->nline && blank_line(&c->line[i]))
			i++;
		if (i == c->nline)
			break;
		if (i + 1 >= c->nline || !dashes(&c->line[i + 1])) {
			az_note_add(&c->doc->notes, AZ_NOTE_SKIPPED, c->doc,
			    "", "line %llu and after: text that is not a "
			    "table row was not read",
			    (unsigned long long)c->line[i].no);
			break;
		}
		if (hdr != NULL && !same_header(hdr, &c->line[i])) {
			az_note_add(&c->doc->notes, AZ_NOTE_SKIPPED, c->doc,
			    "", "line %llu and after: a second table with "
			    "other columns was not read",
			    (unsigned long long)c->line[i].no);
			break;
		}
		if (hdr == NULL) {
			hdr = &c->line[i];
			if (columns(c, hdr, &c->line[i + 1], col, &ncol) ==
			    -1)
				return -1;
		}
		i += 2;
		for (j = i; j < c->nline && !blank_line(&c->line[j]); j++)
			;
		if (j > i) {
			regions(col, ncol, &c->line[i], j - i);
			if (read_rows(c, col, ncol, &c->line[i], j - i,
			    ps) == -1)
				return -1;
		}
		i = j;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* TSV                                                                 */
/* ------------------------------------------------------------------ */

enum vcheck {
	V_ANY,		/* anything, also empty */
	V_UINT,		/* digits, or empty */
	V_ADDR,		/* an IP address */
	V_ADDR0,	/* an IP address, or empty */
	V_PREFIX,	/* a CIDR prefix */
	V_TEXT		/* not empty */
};

static const struct tsv_shape {
	enum az_kind	 kind;
	const char	*what;
	size_t		 n;
	const char	*key[5];
	enum vcheck	 check[5];
} tsv_shapes[] = {
	{ AZ_ARP_TABLE, "an ARP table", 4,
	    { "age", "interface", "ipAddress", "macAddress" },
	    { V_UINT, V_TEXT, V_ADDR, V_TEXT } },
	{ AZ_ER_ROUTE_TABLE, "a route table", 5,
	    { "locPrf", "network", "nextHop", "path", "weight" },
	    { V_UINT, V_PREFIX, V_ADDR0, V_ANY, V_UINT } },
	{ AZ_ER_ROUTE_SUMMARY, "a route table summary", 5,
	    { "as", "neighbor", "statePfxRcd", "upDown", "v" },
	    { V_UINT, V_ADDR, V_TEXT, V_ANY, V_UINT } },
	{ AZ_ER_ROUTE_SUMMARY, "a route table summary", 4,
	    { "asn", "neighbor", "stateOrPrefixesReceived", "upDown" },
	    { V_UINT, V_ADDR, V_TEXT, V_ANY } },
	{ AZ_ER_STATS, "traffic stats", 4,
	    { "primarybytesIn", "primarybytesOut", "secondarybytesIn",
	    "secondarybytesOut" },
	    { V_UINT, V_UINT, V_UINT, V_UINT } },
};
#define NSHAPES	(sizeof(tsv_shapes) / sizeof(tsv_shapes[0]))

#define TSV_MAX_FIELDS	16

struct field {
	const char	*p;
	size_t		 n;
	size_t		 col;	/* 1-based character position */
};

static size_t
split_tabs(const struct az_tline *l, struct field *f)
{
	size_t i, s = 0, n = 0;

	for (i = 0; i <= l->len && n < TSV_MAX_FIELDS; i++) {
		if (i < l->len && l->p[i] != '\t')
			continue;
		f[n].p = l->p + s;
		f[n].n = i - s;
		f[n].col = s + 1;
		n++;
		s = i + 1;
	}
	return i <= l->len ? TSV_MAX_FIELDS + 1 : n;
}

static bool
fits(enum vcheck v, const struct field *f)
{
	char buf[64];
	struct net_addr a;
	struct net_prefix p;
	size_t i;

	if (f->n >= sizeof(buf))
		return v == V_ANY || v == V_TEXT;
	memcpy(buf, f->p, f->n);
	buf[f->n] = '\0';
	switch (v) {
	case V_UINT:
		for (i = 0; i < f->n; i++)
			if (buf[i] < '0' || buf[i] > '9')
				return false;
		return true;
	case V_ADDR0:
		if (f->n == 0)
			return true;
		/* FALLTHROUGH */
	case V_ADDR:
		return net_addr_parse(buf, &a) == 0;
	case V_PREFIX:
		return net_prefix_parse(buf, &p, NULL) == 0;
	case V_TEXT:
		return f->n > 0;
	default:
		return true;
	}
}

static bool
shape_fits(const struct tsv_shape *s, const struct field *f, size_t n)
{
	size_t k;

	if (n != s->n)
		return false;
	for (k = 0; k < n; k++)
		if (!fits(s->check[k], &f[k]))
			return false;
	return true;
}

int
az_read_tsv(struct az_tctx *c)
{
	struct field f[TSV_MAX_FIELDS + 1];
	const struct tsv_shape *shape = NULL;
	enum az_kind want = c->doc->cmd_kind;
	size_t i, k, n;

	if (want == AZ_EFFECTIVE_ROUTES || want == AZ_EFFECTIVE_NSG) {
		const struct az_tline *l = &c->line[c->first];

		return az_text_fail(c, l, 1, "'%s' line %llu: az's tsv "
		    "writes the number of prefixes and rules, not the values; "
		    "save this command with -o json or -o yaml",
		    c->doc->name, (unsigned long long)l->no);
	}
	for (i = c->first; i < c->nline; i++) {
		const struct az_tline *l = &c->line[i];
		size_t idx = json_array_size(c->rows);
		json_t *row, *v;

		if (blank_line(l))
			continue;
		if ((n = split_tabs(l, f)) > TSV_MAX_FIELDS)
			return az_text_fail(c, l, 1, "'%s' line %llu: more "
			    "than %d tab-separated values", c->doc->name,
			    (unsigned long long)l->no, TSV_MAX_FIELDS);
		if (n == 1 && fits(V_UINT, &f[0]))
			return az_text_fail(c, l, 1, "'%s' line %llu: az's "
			    "tsv of {\"value\": [...]} holds only the number "
			    "of rows; run the command with --query 'value[]' "
			    "-o tsv", c->doc->name, (unsigned long long)l->no);
		if (shape == NULL) {
			for (k = 0; k < NSHAPES; k++) {
				if (want != AZ_UNKNOWN &&
				    tsv_shapes[k].kind != want)
					continue;
				if (shape_fits(&tsv_shapes[k], f, n)) {
					shape = &tsv_shapes[k];
					break;
				}
			}
			if (shape == NULL)
				return az_text_fail(c, l, 1, "'%s' line %llu: "
				    "%zu tab-separated values fit no table "
				    "erwatch reads (ARP table, route table, "
				    "summary, stats)", c->doc->name,
				    (unsigned long long)l->no, n);
		} else if (!shape_fits(shape, f, n)) {
			for (k = 0; k < shape->n && k < n; k++)
				if (!fits(shape->check[k], &f[k]))
					break;
			return az_text_fail(c, l, k < n ? f[k].col : 1,
			    "'%s' line %llu: value %zu does not fit %s read "
			    "as columns %s, %s, ... (az's order, sorted by "
			    "name)", c->doc->name, (unsigned long long)l->no,
			    k + 1, shape->what, shape->key[0], shape->key[1]);
		}
		if ((row = json_object()) == NULL)
			return ERR(c->e, ERR_NOMEM, "out of memory");
		for (k = 0; k < n; k++) {
			if (f[k].n == 0)
				continue;
			if ((v = json_stringn(f[k].p, f[k].n)) == NULL ||
			    json_object_set_new(row, shape->key[k], v) == -1 ||
			    az_tm_cell(c, idx, shape->key[k], l,
			    f[k].col - 1) == -1) {
				json_decref(row);
				return ERR(c->e, ERR_NOMEM, "out of memory");
			}
		}
		if (az_tm_cell(c, idx, NULL, l, 0) == -1) {
			json_decref(row);
			return -1;
		}
		if (az_row_add(c, row) == -1)
			return -1;
	}
	return 0;
}
