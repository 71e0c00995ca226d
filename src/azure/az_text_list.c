/*
 * PowerShell's Format-List: the default view of objects with more than a
 * few properties (Get-AzExpressRouteCircuit, the circuit stats, one
 * effective security rule after another), and what users pipe to `fl`.
 *
 * One object per block, blocks between blank lines; in a block each
 * property starts a line "Name<padding> : value", the colons aligned.  A
 * value too long for the width goes on over indented lines; the Az
 * modules print nested objects (Sku, ServiceProviderProperties, Peerings)
 * as indented JSON over several lines, which is read as JSON.
 * Collections show as "{a, b}", cut at $FormatEnumerationLimit with "..."
 * (5.1) or "…" (7): such a row is left out with a note, never read short.
 */
#include <stdlib.h>
#include <string.h>

#include "az_text_int.h"

#define LIST_VALUE_MAX	(1024 * 1024)	/* one property, joined */

static bool
blank_line(const struct az_tline *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (l->p[i] != ' ' && l->p[i] != '\t')
			return false;
	return true;
}

/* "Name   : value": the name's length and where the value starts. */
static bool
field_line(const struct az_tline *l, size_t *klen, size_t *vat)
{
	size_t i = 0;

	while (i < l->len && ((l->p[i] >= 'A' && l->p[i] <= 'Z') ||
	    (l->p[i] >= 'a' && l->p[i] <= 'z') ||
	    (l->p[i] >= '0' && l->p[i] <= '9') || l->p[i] == '_'))
		i++;
	if (i == 0 || i >= l->len || l->p[i] != ' ')
		return false;
	*klen = i;
	while (i < l->len && l->p[i] == ' ')
		i++;
	if (i >= l->len || l->p[i] != ':' ||
	    (i + 1 < l->len && l->p[i + 1] != ' '))
		return false;
	*vat = i + 2 <= l->len ? i + 2 : l->len;
	return true;
}

struct prop {
	char			 key[64];
	const struct az_tline	*line;
	size_t			 vat;
	struct sb		 val;
};

static bool
json_like(const char *s, size_t n)
{
	while (n > 0 && *s == ' ') {
		s++;
		n--;
	}
	if (n == 0)
		return false;
	if (s[0] == '[')
		return true;
	/* "{a, b}" is a collection, "{\n  \"Name\": ...}" an object */
	return s[0] == '{' && (memchr(s, '"', n) != NULL);
}

static int
put_prop(struct az_tctx *c, json_t *row, size_t idx, struct prop *pr,
    bool *cut)
{
	const char *s = sb_str(&pr->val);
	size_t n = pr->val.len;
	json_t *v;
	bool nomem;

	if (pr->val.failed)
		return ERR(c->e, ERR_NOMEM, "out of memory");
	if (json_like(s, n)) {
		json_error_t je;

		if ((v = json_loadb(s, n, 0, &je)) == NULL)
			return az_text_fail(c, pr->line, pr->vat + 1, "'%s' "
			    "line %llu: the value of %s is not valid JSON: "
			    "%s", c->doc->name,
			    (unsigned long long)pr->line->no, pr->key,
			    je.text);
	} else {
		if (n == 4 && memcmp(s, "null", 4) == 0)
			return 0;	/* the Az modules' text of null */
		v = az_cell_value(s, n, true, cut, &nomem);
		if (nomem)
			return ERR(c->e, ERR_NOMEM, "out of memory");
		if (*cut) {
			az_note_cut(c, pr->line, pr->vat, pr->key, s, n);
			return 0;
		}
		if (v == NULL)
			return 0;
	}
	if (json_object_set_new(row, pr->key, v) == -1 ||
	    az_tm_cell(c, idx, pr->key, pr->line, pr->vat) == -1)
		return ERR(c->e, ERR_NOMEM, "out of memory");
	return 0;
}

/* Lines [i, j) are one block. */
static int
read_block(struct az_tctx *c, size_t i, size_t j)
{
	const struct az_tline *first = &c->line[i];
	struct prop pr;
	size_t idx = json_array_size(c->rows), klen, vat;
	json_t *row;
	bool open = false, cut = false;
	int rc = -1;

	if ((row = json_object()) == NULL)
		return ERR(c->e, ERR_NOMEM, "out of memory");
	memset(&pr, 0, sizeof(pr));
	sb_init(&pr.val);
	for (; i < j; i++) {
		const struct az_tline *l = &c->line[i];

		if (field_line(l, &klen, &vat)) {
			if (open && put_prop(c, row, idx, &pr, &cut) == -1)
				goto out;
			open = true;
			str_copy(pr.key, l->p, klen + 1 < sizeof(pr.key) ?
			    klen + 1 : sizeof(pr.key));
			pr.line = l;
			pr.vat = vat;
			sb_reset(&pr.val);
			sb_addn(&pr.val, l->p + vat, l->len - vat);
			continue;
		}
		if (!open || l->p[0] != ' ') {
			az_text_fail(c, l, 1, "'%s' line %llu: not a "
			    "'Name : value' line of Format-List",
			    c->doc->name, (unsigned long long)l->no);
			goto out;
		}
		if (pr.val.len + l->len > LIST_VALUE_MAX) {
			az_text_fail(c, l, 1, "'%s' line %llu: the value of "
			    "%s is longer than %d bytes", c->doc->name,
			    (unsigned long long)l->no, pr.key,
			    LIST_VALUE_MAX);
			goto out;
		}
		if (json_like(sb_str(&pr.val), pr.val.len)) {
			sb_addc(&pr.val, '\n');
			sb_addn(&pr.val, l->p, l->len);
		} else {
			/* a long value wrapped at the width */
			size_t k = 0;

			while (k < l->len && l->p[k] == ' ')
				k++;
			sb_addn(&pr.val, l->p + k, l->len - k);
		}
	}
	if (open && put_prop(c, row, idx, &pr, &cut) == -1)
		goto out;
	if (cut || json_object_size(row) == 0) {
		rc = 0;
		goto out;
	}
	if (az_tm_cell(c, idx, NULL, first, 0) == -1)
		goto out;
	rc = az_row_add(c, row);
	row = NULL;
out:
	json_decref(row);
	sb_release(&pr.val);
	return rc;
}

int
az_read_list(struct az_tctx *c)
{
	size_t i = c->first, j;

	while (i < c->nline) {
		while (i < c->nline && blank_line(&c->line[i]))
			i++;
		if (i == c->nline)
			break;
		for (j = i; j < c->nline && !blank_line(&c->line[j]); j++)
			;
		if (read_block(c, i, j) == -1)
			return -1;
		i = j;
	}
	return 0;
}
