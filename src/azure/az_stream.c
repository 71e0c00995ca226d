/*
 * Row lists read one row at a time (contract in azure.h, "Row lists").
 *
 * Why: an effective-route export of 200,000 routes is 60 MB of indented
 * JSON.  As one jansson tree it took half a gigabyte and two seconds, most
 * of it allocating and zeroing memory for values that are read once and
 * dropped; jansson's reader alone needs about a second for the text.  Here
 * yajl (Debian's libyajl, an event parser) reads the text in chunks, each
 * completed row is built as a small jansson value, so the loaders keep
 * their az_node getters, and handed out and freed before the next.
 *
 * What keeps the answers identical to a whole-document load:
 *  - only the two shapes whose rows are all there is, {"value":[...]} with
 *    no other member and [...], are read this way (anything else, whose
 *    envelope a loader may look at, is parsed whole);
 *  - the kind comes from the first row, which is all az_detect() looks at
 *    in a list;
 *  - jansson stays the judge of validity: strings and keys are made with
 *    json_stringn()/json_object_setn_new(), which check UTF-8 as jansson's
 *    reader does, numbers are read by jansson itself, texts with a \u0000
 *    or a surrogate escape (which yajl would decode differently) are
 *    parsed whole, and at the first thing yajl or the builder refuses, the
 *    whole text goes to jansson: its error (message, line, column,
 *    position) is the one reported, and should jansson accept the text
 *    after all, the rows go on from its tree where the stream stopped;
 *  - a loader that stops on a bad row closes the cursor with its error,
 *    and the rest of the text is still checked, so that a syntax error
 *    further on is reported instead, as a whole-document load reports
 *    syntax before content.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "azure.h"
#include "az_int.h"

/* Bytes handed to yajl at a time: the rows of one chunk are queued. */
#define STREAM_CHUNK	(256u * 1024)

struct az_rowcur_state {
	yajl_handle	 h;
	const char	*text;
	size_t		 len;
	size_t		 off;		/* bytes fed to yajl */
	unsigned	 row_depth;	/* containers around a row: 1 or 2 */
	const char	*ptr_base;	/* "/value" or "" */
	unsigned	 depth;		/* containers open now */
	/* Containers being built, at depth row_depth and below it. */
	json_t		*stack[LIMIT_JSON_DEPTH + 1];
	char		*key[LIMIT_JSON_DEPTH + 1];	/* member being read */
	size_t		 keylen[LIMIT_JSON_DEPTH + 1];
	size_t		 keycap[LIMIT_JSON_DEPTH + 1];
	json_t		**q;		/* completed rows */
	size_t		 qhead, qn, qcap;
	json_t		*cur;		/* the row handed out last */
	bool		 discard;	/* only checking: drop rows */
	bool		 finished;	/* the whole text was accepted */
	bool		 broken;	/* yajl or the builder refused */
};

/* ------------------------------------------------------------------ */
/* Which documents                                                     */
/* ------------------------------------------------------------------ */

static bool
ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t
skip_ws(const char *t, size_t len, size_t i)
{
	while (i < len && ws(t[i]))
		i++;
	return i;
}

static int
hex4(const char *p, size_t left, unsigned *out)
{
	unsigned v = 0, k;

	if (left < 4)
		return -1;
	for (k = 0; k < 4; k++) {
		char c = p[k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * Escapes yajl decodes otherwise than jansson: \u0000 (jansson refuses it
 * without JSON_ALLOW_NUL) and UTF-16 surrogates (yajl pairs a high one
 * with any \u that follows, and writes '?' for a lone one).  Exports have
 * none; a text that has one is parsed whole.
 */
static bool
odd_escapes(const char *t, size_t len)
{
	const char *p = t, *end = t + len;
	unsigned v;

	while ((p = memchr(p, '\\', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) < 2)
			return false;
		if (p[1] == 'u' && hex4(p + 2, (size_t)(end - p - 2), &v) == 0 &&
		    (v == 0 || (v >= 0xd800 && v <= 0xdfff)))
			return true;
		p += 2;		/* past the escaped character */
	}
	return false;
}

/*
 * Is doc one of the two shapes read row by row?  Sets the depth of its
 * rows, the pointer prefix and the offset of the first row (at its ']'
 * when there is none).
 */
static bool
list_shape(const struct az_doc *doc, size_t top_commas, unsigned *depth,
    const char **base, size_t *first)
{
	const char *t = doc->text;
	size_t i, n = doc->len;

	i = skip_ws(t, n, 0);
	if (i < n && t[i] == '[') {
		*depth = 1;
		*base = "";
	} else if (i < n && t[i] == '{' && top_commas == 0) {
		i = skip_ws(t, n, i + 1);
		if (n - i < 7 || memcmp(t + i, "\"value\"", 7) != 0)
			return false;
		i = skip_ws(t, n, i + 7);
		if (i >= n || t[i] != ':')
			return false;
		i = skip_ws(t, n, i + 1);
		if (i >= n || t[i] != '[')
			return false;
		*depth = 2;
		*base = "/value";
	} else
		return false;
	*first = skip_ws(t, n, i + 1);
	return *first < n && !odd_escapes(t, n);
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */
/* ------------------------------------------------------------------ */

/*
 * Make doc lazy if it has the shape, with the first row (parsed by
 * jansson) as the tree az_detect() judges; else, or when that row does
 * not parse, parse it whole.
 */
static int
start(struct az_doc *doc, size_t top_commas, struct err *e)
{
	json_error_t je;
	json_t *first, *list, *root;
	const char *base;
	unsigned depth;
	uint64_t f0;
	size_t off;

	/* text forms are whole trees already (az_text.c) */
	if (doc->fmt != AZ_FMT_JSON)
		return 0;
	if (!list_shape(doc, top_commas, &depth, &base, &off) ||
	    doc->text[off] == ']')
		return az_doc_parse(doc, e);
	/* jansson's lexer cannot survive a failed allocation (az_json.c);
	 * one that failed anyway sends the document to the whole parse,
	 * which tells out-of-memory from bad JSON. */
	f0 = erw_alloc_failures();
	erw_alloc_exempt(true);
	first = json_loadb(doc->text + off, doc->len - off,
	    JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY, &je);
	erw_alloc_exempt(false);
	if (first != NULL && erw_alloc_failures() != f0) {
		json_decref(first);
		first = NULL;
	}
	if (first == NULL)
		return az_doc_parse(doc, e);
	/* The _new setters take their value's reference even on failure. */
	if ((list = json_array()) == NULL) {
		json_decref(first);
		goto nomem;
	}
	if (json_array_append_new(list, first) == -1) {
		json_decref(list);
		goto nomem;
	}
	root = list;
	if (depth == 2) {
		if ((root = json_object()) == NULL) {
			json_decref(list);
			goto nomem;
		}
		if (json_object_set_new(root, "value", list) == -1) {
			json_decref(root);
			goto nomem;
		}
	}
	doc->root = root;
	doc->kind = az_detect(root);
	doc->lazy = true;
	/* The envelope is {"value": [...]} alone or a bare array: what the
	 * shape layer notes about it is the same with the first row only. */
	az_shape_notes(doc);
	return 0;
nomem:
	return ERR(e, ERR_NOMEM, "out of memory loading '%s'", doc->name);
}

int
az_load_buf_rows(const char *name, const void *buf, size_t len,
    struct az_doc **out, struct err *e)
{
	struct az_doc *doc;
	size_t commas;

	*out = NULL;
	if (az_doc_prepare(name, buf, len, false, &doc, &commas, e) == -1)
		return -1;
	if (doc->kind != AZ_EMPTY && start(doc, commas, e) == -1) {
		az_doc_free(doc);
		return -1;
	}
	*out = doc;
	return 0;
}

int
az_load_file_rows(const char *path, struct az_doc **out, struct err *e)
{
	struct az_doc *doc;
	uint8_t *buf;
	size_t len, commas;

	*out = NULL;
	if (az_read_file(path, &buf, &len, e) == -1)
		return -1;
	if (az_doc_prepare(strcmp(path, "-") == 0 ? "stdin" : path, buf, len,
	    true, &doc, &commas, e) == -1)
		return -1;
	if (doc->kind != AZ_EMPTY && start(doc, commas, e) == -1) {
		az_doc_free(doc);
		return -1;
	}
	*out = doc;
	return 0;
}

int
az_doc_check(struct az_doc *doc, struct err *e)
{
	/* Only on the way to an error: the whole tree is affordable. */
	if (doc == NULL || !doc->lazy)
		return 0;
	return az_doc_parse(doc, e);
}

/* ------------------------------------------------------------------ */
/* Building rows from yajl's events                                    */
/* ------------------------------------------------------------------ */

static int
emit(struct az_rowcur_state *st, json_t *row)
{
	json_t **nq;
	size_t nc;

	if (st->discard) {
		json_decref(row);
		return 1;
	}
	if (st->qhead + st->qn == st->qcap) {
		if (st->qhead > 0) {
			memmove(st->q, st->q + st->qhead,
			    st->qn * sizeof(*st->q));
			st->qhead = 0;
		} else {
			nc = st->qcap ? st->qcap * 2 : 256;
			if ((nq = erw_reallocarray(st->q, nc, sizeof(*nq))) ==
			    NULL) {
				json_decref(row);
				st->broken = true;
				return 0;
			}
			st->q = nq;
			st->qcap = nc;
		}
	}
	st->q[st->qhead + st->qn++] = row;
	return 1;
}

/* A complete value at the current depth: a row, or part of one. */
static int
add(struct az_rowcur_state *st, json_t *v)
{
	unsigned d = st->depth, k;
	json_t *parent;

	if (v == NULL || d < st->row_depth) {
		/* out of memory, invalid UTF-8, or a value beside the rows
		 * (which the shape check rules out) */
		json_decref(v);
		st->broken = true;
		return 0;
	}
	if (d == st->row_depth)
		return emit(st, v);
	k = d - 1 - st->row_depth;
	parent = st->stack[k];
	if (json_is_array(parent)) {
		if (json_array_append_new(parent, v) == -1)
			goto bad;
	} else if (json_object_setn_new(parent, st->key[k], st->keylen[k],
	    v) == -1)
		goto bad;
	return 1;
bad:
	st->broken = true;
	return 0;
}

static int
on_null(void *ctx)
{
	return add(ctx, json_null());
}

static int
on_boolean(void *ctx, int b)
{
	return add(ctx, json_boolean(b));
}

/* Numbers as jansson reads them (integer or real, its range checks). */
static int
on_number(void *ctx, const char *s, size_t len)
{
	json_error_t je;
	json_t *v;
	uint64_t f0 = erw_alloc_failures();

	/* Exempt like every jansson parse (az_json.c); a failure anyway
	 * breaks the stream, and the whole parse decides. */
	erw_alloc_exempt(true);
	v = json_loadb(s, len, JSON_DECODE_ANY, &je);
	erw_alloc_exempt(false);
	if (v != NULL && erw_alloc_failures() != f0) {
		json_decref(v);
		v = NULL;
	}
	return add(ctx, v);
}

static int
on_string(void *ctx, const unsigned char *s, size_t len)
{
	return add(ctx, json_stringn((const char *)s, len));
}

static int
on_key(void *ctx, const unsigned char *s, size_t len)
{
	struct az_rowcur_state *st = ctx;
	unsigned k;
	char *nk;

	if (st->depth <= st->row_depth)
		return 1;	/* "value" of the envelope */
	k = st->depth - 1 - st->row_depth;
	if (st->keycap[k] < len + 1) {
		if ((nk = erw_realloc(st->key[k], len + 1)) == NULL) {
			st->broken = true;
			return 0;
		}
		st->key[k] = nk;
		st->keycap[k] = len + 1;
	}
	memcpy(st->key[k], s, len);
	st->key[k][len] = '\0';
	st->keylen[k] = len;
	return 1;
}

static int
open_container(struct az_rowcur_state *st, json_t *v)
{
	if (st->depth >= st->row_depth) {
		if (v == NULL || st->depth - st->row_depth > LIMIT_JSON_DEPTH) {
			json_decref(v);
			st->broken = true;
			return 0;
		}
		st->stack[st->depth - st->row_depth] = v;
	} else
		json_decref(v);
	st->depth++;
	return 1;
}

static int
on_start_map(void *ctx)
{
	struct az_rowcur_state *st = ctx;

	return open_container(st, st->depth >= st->row_depth ? json_object() :
	    NULL);
}

static int
on_start_array(void *ctx)
{
	struct az_rowcur_state *st = ctx;

	return open_container(st, st->depth >= st->row_depth ? json_array() :
	    NULL);
}

static int
on_end(void *ctx)
{
	struct az_rowcur_state *st = ctx;
	json_t *v;

	st->depth--;
	if (st->depth < st->row_depth)
		return 1;
	v = st->stack[st->depth - st->row_depth];
	st->stack[st->depth - st->row_depth] = NULL;
	return add(st, v);
}

static const yajl_callbacks callbacks = {
	.yajl_null = on_null,
	.yajl_boolean = on_boolean,
	.yajl_number = on_number,
	.yajl_string = on_string,
	.yajl_start_map = on_start_map,
	.yajl_map_key = on_key,
	.yajl_end_map = on_end,
	.yajl_start_array = on_start_array,
	.yajl_end_array = on_end,
};

/* Hand yajl the next chunk (and, after the last, tell it the end). */
static void
feed(struct az_rowcur_state *st)
{
	size_t n = st->len - st->off;
	yajl_status s;

	if (n > STREAM_CHUNK)
		n = STREAM_CHUNK;
	s = yajl_parse(st->h, (const unsigned char *)st->text + st->off, n);
	st->off += n;
	if (s == yajl_status_ok && st->off == st->len)
		s = yajl_complete_parse(st->h);
	if (s != yajl_status_ok)
		st->broken = true;
	else if (st->off == st->len)
		st->finished = true;
}

/* ------------------------------------------------------------------ */
/* The cursor                                                          */
/* ------------------------------------------------------------------ */

static void
state_free(struct az_rowcur_state *st)
{
	size_t i;

	if (st == NULL)
		return;
	if (st->h != NULL)
		yajl_free(st->h);
	for (i = 0; i <= LIMIT_JSON_DEPTH; i++) {
		json_decref(st->stack[i]);
		free(st->key[i]);
	}
	for (i = 0; i < st->qn; i++)
		json_decref(st->q[st->qhead + i]);
	free(st->q);
	json_decref(st->cur);
	free(st);
}

int
az_rowcur_open(struct az_rowcur *c, struct az_doc *doc, struct err *e)
{
	struct az_rowcur_state *st;
	size_t first;

	memset(c, 0, sizeof(*c));
	c->doc = doc;
	if (!doc->lazy) {
		az_rows(doc, &c->rows);
		return 0;
	}
	if ((st = erw_calloc(1, sizeof(*st))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory loading '%s'",
		    doc->name);
	st->text = doc->text;
	st->len = doc->len;
	/* The shape was checked at load; this only recovers depth and base.
	 * An odd-escape text never became lazy, so 0 commas is right. */
	if (!list_shape(doc, 0, &st->row_depth, &st->ptr_base, &first) ||
	    (st->h = yajl_alloc(&callbacks, NULL, st)) == NULL) {
		state_free(st);
		return ERR(e, ERR_NOMEM, "out of memory loading '%s'",
		    doc->name);
	}
	c->st = st;
	return 0;
}

/* yajl refused something: jansson decides, on the whole text. */
static int
fall_back(struct az_rowcur *c, struct err *e)
{
	state_free(c->st);
	c->st = NULL;
	if (az_doc_parse(c->doc, e) == -1)
		return -1;
	/* jansson accepts it: go on from its tree, row for row. */
	az_rows(c->doc, &c->rows);
	return 1;
}

int
az_rowcur_next(struct az_rowcur *c, struct az_node *out, struct err *e)
{
	struct az_rowcur_state *st = c->st;
	size_t n;
	int rc;

	if (st != NULL) {
		json_decref(st->cur);
		st->cur = NULL;
		while (st->qn == 0 && !st->finished && !st->broken)
			feed(st);
		if (st->qn > 0) {
			st->cur = st->q[st->qhead++];
			st->qn--;
			if (st->qn == 0)
				st->qhead = 0;
			out->doc = c->doc;
			out->v = st->cur;
			/* "/value/N" or "/N": base and digits fit */
			n = strlen(st->ptr_base);
			memcpy(out->ptr, st->ptr_base, n);
			out->ptr[n] = '/';
			az_fmt_index(out->ptr + n + 1, c->i);
			c->i++;
			return 0;
		}
		if (!st->broken)
			return AZ_ABSENT;
		if ((rc = fall_back(c, e)) != 1)
			return rc;
	}
	if (c->i >= c->rows.n || az_row(&c->rows, c->i, out) != 0)
		return AZ_ABSENT;
	c->i++;
	return 0;
}

int
az_rowcur_close(struct az_rowcur *c, struct err *e)
{
	struct az_rowcur_state *st = c->st;
	struct err saved;

	if (st != NULL && e->code != ERR_NONE && !st->finished &&
	    !st->broken) {
		/* The loader stopped on a row: is the rest valid JSON? */
		st->discard = true;
		while (!st->finished && !st->broken)
			feed(st);
	}
	if (st != NULL && e->code != ERR_NONE && st->broken) {
		saved = *e;
		err_clear(e);
		state_free(st);
		c->st = NULL;
		if (az_doc_parse(c->doc, e) == 0)
			*e = saved;	/* valid after all: the row's error */
	}
	state_free(c->st);
	c->st = NULL;
	return e->code != ERR_NONE ? -1 : 0;
}
