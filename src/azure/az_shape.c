/*
 * Shapes of Azure exports: where a resource keeps its fields and how a
 * file wraps its rows.  Every loader reads through this file (via
 * az_child() and az_rows() in az_json.c, az_detect() in az_doc.c), so a
 * shape is understood once for every export kind:
 *
 *  - az CLI flattens a resource: {"name", "id", "securityRules": [...]}
 *    (azure-formats.md section 1, client_flatten);
 *  - the ARM resource shape keeps name, id, type, etag, location, tags
 *    and sku at the top and everything else under "properties", nested
 *    resources included ({"name", "id", "properties": {...}} for each
 *    rule, peering, route, IP configuration).  The REST API, `az rest`,
 *    `az resource show`, Azure Resource Graph, the portal's JSON view and
 *    ARM template exports all write it;
 *  - PowerShell ConvertTo-Json flattens like az, in PascalCase.
 *
 * Envelopes: {"value":[...]} (az POST results, REST and `az rest` lists,
 * with "nextLink" when more pages follow), {"count", "data":[...]} or
 * {"totalRecords", "data", "$skipToken", "resultTruncated"} (Resource
 * Graph via az graph query or REST), [...] (PowerShell, az ... list),
 * {"$schema", "resources":[...]} (ARM template export: top-level
 * resources, plus child resources that repeat what the parent holds
 * inline).  An envelope that says it is one page of a longer answer makes
 * a note, so nothing is reported as complete when it is not.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "azure.h"

/* ------------------------------------------------------------------ */
/* Members                                                             */
/* ------------------------------------------------------------------ */

/* Exact key, then ASCII case-insensitive; null counts as absent. */
static json_t *
flat_member(const json_t *o, const char *key, const char **spelled)
{
	/* json_object_foreach wants a non-const object. */
	json_t *oo = (json_t *)(uintptr_t)o, *v, *hit = NULL;
	const char *k, *hk = key;

	if ((hit = json_object_get(o, key)) == NULL) {
		json_object_foreach(oo, k, v) {
			if (str_casecmp(k, key) == 0) {
				hit = v;
				hk = k;
				break;
			}
		}
	}
	if (hit == NULL || json_is_null(hit))
		return NULL;
	if (spelled != NULL)
		*spelled = hk;
	return hit;
}

json_t *
az_member(const json_t *o, const char *key, const char **spelled,
    bool *nested)
{
	json_t *v, *props;

	if (nested != NULL)
		*nested = false;
	if (!json_is_object(o))
		return NULL;
	if ((v = flat_member(o, key, spelled)) != NULL)
		return v;
	/*
	 * The ARM body.  Exact lookup only: ARM spells it "properties" in
	 * every API version, and a hash lookup keeps absent keys (most of
	 * them in a flattened export) as cheap as before.
	 */
	props = json_object_get(o, "properties");
	if (!json_is_object(props) || strcmp(key, "properties") == 0)
		return NULL;
	if ((v = flat_member(props, key, spelled)) == NULL)
		return NULL;
	if (nested != NULL)
		*nested = true;
	return v;
}

void
az_body_ptr(const struct az_node *res, char *out, size_t len)
{
	if (res->v != NULL && json_is_object(json_object_get(res->v,
	    "properties")))
		snprintf(out, len, "%s/properties", res->ptr);
	else
		str_copy(out, res->ptr, len);
}

/* ------------------------------------------------------------------ */
/* Envelopes                                                           */
/* ------------------------------------------------------------------ */

static bool
is_template(const json_t *root)
{
	return json_is_array(flat_member(root, "resources", NULL)) &&
	    (flat_member(root, "$schema", NULL) != NULL ||
	    flat_member(root, "contentVersion", NULL) != NULL);
}

json_t *
az_envelope(const json_t *root, enum az_wrap *wrap, const char **key)
{
	enum az_wrap w = AZ_WRAP_NONE;
	const char *k = "";
	json_t *list = NULL;

	if (json_is_array(root)) {
		w = AZ_WRAP_ARRAY;
		list = (json_t *)(uintptr_t)root;
	} else if (json_is_object(root)) {
		if (json_is_array(list = flat_member(root, "value", &k)))
			w = AZ_WRAP_VALUE;
		else if (json_is_array(list = flat_member(root, "data", &k)))
			w = AZ_WRAP_DATA;
		else if (is_template(root)) {
			list = flat_member(root, "resources", &k);
			w = AZ_WRAP_TEMPLATE;
		} else {
			list = NULL;
			k = "";
		}
	}
	if (wrap != NULL)
		*wrap = w;
	if (key != NULL)
		*key = k;
	return list;
}

/* Segments of a resource type after the provider namespace. */
static int
type_depth(const char *t)
{
	int n = 0;

	for (; *t != '\0'; t++)
		if (*t == '/')
			n++;
	return n;
}

bool
az_template_toplevel(const json_t *el)
{
	json_t *t = flat_member(el, "type", NULL);

	/* "Microsoft.Network/networkSecurityGroups": one slash. */
	return json_is_string(t) && type_depth(json_string_value(t)) <= 1;
}

/* ------------------------------------------------------------------ */
/* Notes                                                               */
/* ------------------------------------------------------------------ */

void
az_note_add(struct az_notes *ns, enum az_note_kind kind,
    const struct az_doc *doc, const char *ptr, const char *fmt, ...)
{
	struct az_note *n;
	char raw[sizeof(n->msg)];
	va_list ap;

	if (ns->n == AZ_NOTES_MAX) {
		ns->more++;
		return;
	}
	n = &ns->v[ns->n++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	str_copy(n->file, doc != NULL ? doc->name : "", sizeof(n->file));
	str_copy(n->ptr, ptr != NULL ? ptr : "", sizeof(n->ptr));
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* Messages quote the export (names, keys): escape them once here,
	 * so every renderer can print them as they are. */
	str_escape_into(n->msg, sizeof(n->msg), raw, strlen(raw));
}

void
az_notes_merge(struct az_notes *dst, const struct az_notes *src)
{
	size_t i;

	if (dst == src)
		return;
	for (i = 0; i < src->n; i++) {
		if (dst->n == AZ_NOTES_MAX) {
			dst->more++;
			continue;
		}
		dst->v[dst->n++] = src->v[i];
	}
	dst->more += src->more;
}

/* A non-empty string (or true) member: a continuation marker is set. */
static bool
marker(const json_t *root, const char *key, const char **spelled)
{
	json_t *v = flat_member(root, key, spelled);

	if (json_is_string(v))
		return json_string_value(v)[0] != '\0' &&
		    str_casecmp(json_string_value(v), "false") != 0;
	return json_is_true(v);
}

static void
page_notes(struct az_doc *doc, const json_t *root, size_t nrows)
{
	static const char *const next_keys[] = {
		"nextLink", "@odata.nextLink"
	};
	static const char *const skip_keys[] = {
		"$skipToken", "skipToken", "skip_token"
	};
	const char *k;
	json_t *tot;
	size_t i;
	char ptr[AZ_PTR_MAX];

	for (i = 0; i < sizeof(next_keys) / sizeof(next_keys[0]); i++)
		if (marker(root, next_keys[i], &k)) {
			snprintf(ptr, sizeof(ptr), "/%s", k);
			az_note_add(&doc->notes, AZ_NOTE_INCOMPLETE, doc, ptr,
			    "the export is one page of a longer list (%s is "
			    "set): %zu entries read, the rest were never "
			    "saved; fetch every page (az rest on the "
			    "nextLink until none is left) and merge them",
			    k, nrows);
			return;
		}
	for (i = 0; i < sizeof(skip_keys) / sizeof(skip_keys[0]); i++)
		if (marker(root, skip_keys[i], &k)) {
			snprintf(ptr, sizeof(ptr), "/%s", k);
			az_note_add(&doc->notes, AZ_NOTE_INCOMPLETE, doc, ptr,
			    "the Resource Graph result is one page (%s is "
			    "set): %zu rows read; query again with the skip "
			    "token (az graph query --skip-token) and merge",
			    k, nrows);
			return;
		}
	if (marker(root, "resultTruncated", &k)) {
		snprintf(ptr, sizeof(ptr), "/%s", k);
		az_note_add(&doc->notes, AZ_NOTE_INCOMPLETE, doc, ptr,
		    "the Resource Graph result is truncated: %zu rows read; "
		    "narrow the query or page it (--first, --skip-token)",
		    nrows);
		return;
	}
	if ((tot = flat_member(root, "totalRecords", &k)) == NULL)
		tot = flat_member(root, "total_records", &k);
	if (json_is_integer(tot) && json_integer_value(tot) >= 0 &&
	    (uint64_t)json_integer_value(tot) > nrows) {
		snprintf(ptr, sizeof(ptr), "/%s", k);
		az_note_add(&doc->notes, AZ_NOTE_INCOMPLETE, doc, ptr,
		    "the Resource Graph result holds %zu of %lld rows; page "
		    "the query (--first, --skip-token) and merge", nrows,
		    (long long)json_integer_value(tot));
	}
}

/* Text after the last '/' of a template child's name, up to a quote:
 * "[concat(parameters('nsg'), '/rule1')]" and "nsg/rule1" give rule1. */
static void
child_name(const char *name, char *out, size_t len)
{
	const char *s = strrchr(name, '/');
	size_t k = 0;

	s = s != NULL ? s + 1 : name;
	while (s[k] != '\0' && s[k] != '\'' && s[k] != ']' && k + 1 < len) {
		out[k] = s[k];
		k++;
	}
	out[k] = '\0';
}

/* Is a child named name inline in some parent of type ptype, in the
 * member arr of its body? */
static bool
inline_in_parent(const json_t *res, const char *ptype, size_t plen,
    const char *arr, const char *name)
{
	size_t i, j;
	json_t *p, *list, *it, *t;

	json_array_foreach(res, i, p) {
		t = flat_member(p, "type", NULL);
		if (!json_is_string(t) || strlen(json_string_value(t)) !=
		    plen || strncmp(json_string_value(t), ptype, plen) != 0)
			continue;
		if (!json_is_array(list = az_member(p, arr, NULL, NULL)))
			continue;
		json_array_foreach(list, j, it) {
			json_t *n = flat_member(it, "name", NULL);
			char lit[128];

			if (!json_is_string(n))
				continue;
			child_name(json_string_value(n), lit, sizeof(lit));
			if (str_casecmp(lit, name) == 0)
				return true;
		}
	}
	return false;
}

/* Template resources the document's kind does not read. */
static void
template_notes(struct az_doc *doc, const json_t *res, const char *key)
{
	enum az_kind want = doc->kind == AZ_NSG_LIST ? AZ_NSG : doc->kind;
	size_t i;
	json_t *el, *t;
	char ptr[AZ_PTR_MAX];

	json_array_foreach(res, i, el) {
		const char *type, *seg;
		enum az_kind k;

		t = flat_member(el, "type", NULL);
		type = json_is_string(t) ? json_string_value(t) : "(no type)";
		snprintf(ptr, sizeof(ptr), "/%s/%zu", key, i);
		if (az_template_toplevel(el)) {
			k = az_detect(el);
			if (k == AZ_NSG_LIST)
				k = AZ_NSG;
			if (k != want)
				az_note_add(&doc->notes, AZ_NOTE_SKIPPED, doc,
				    ptr, "template resource of type %.80s not "
				    "read (this file is read as %s)", type,
				    az_kind_name(doc->kind));
			continue;
		}
		/* A child: fine when its parent holds it inline. */
		seg = strrchr(type, '/');
		if (seg != NULL) {
			json_t *n = flat_member(el, "name", NULL);
			char lit[128];

			child_name(json_is_string(n) ? json_string_value(n) :
			    "", lit, sizeof(lit));
			if (lit[0] != '\0' && inline_in_parent(res, type,
			    (size_t)(seg - type), seg + 1, lit))
				continue;
		}
		az_note_add(&doc->notes, AZ_NOTE_SKIPPED, doc, ptr,
		    "template child resource of type %.80s not read: only "
		    "what its parent lists inline (under properties) is "
		    "used", type);
	}
}

void
az_shape_notes(struct az_doc *doc)
{
	const char *key;
	json_t *list;
	struct az_rows rows;

	if (doc->root == NULL)
		return;
	list = az_envelope(doc->root, &doc->wrap, &key);
	if (list == NULL || doc->wrap == AZ_WRAP_ARRAY)
		return;
	if (doc->wrap == AZ_WRAP_TEMPLATE) {
		template_notes(doc, list, key);
		return;
	}
	az_rows(doc, &rows);
	page_notes(doc, doc->root, rows.n);
}
