/*
 * Row lists read one row at a time (contract in azure.h, "Row lists").
 *
 * Why: an effective-route export of 200,000 routes is 60 MB of indented
 * JSON.  As one jansson tree it took half a gigabyte and two seconds, most
 * of it allocating and zeroing memory for values that are read once and
 * dropped; jansson's reader alone needs about a second for the text.  Here
 * yajl (Debian's libyajl, an event parser) reads the text in chunks, each
 * completed row is built as a small jansson value, so the loaders keep
 * their az_node getters, and handed out and freed before the next.  The
 * effective-route loader goes further: its rows are read from the events
 * into a record of their fields, with no jansson value at all ("Route
 * rows from the events" below).
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

/* Members of an effective route the loader reads (az_routes.c). */
enum rkey {
	RK_OTHER, RK_PREFIX, RK_IP, RK_TYPE, RK_SOURCE, RK_STATE, RK_NAME,
	RK_BGP
};

#define RKEY(k, name)	[k] = { name, sizeof(name) - 1 }
static const struct {
	const char	*name;
	size_t		 len;
} rkey[] = {
	RKEY(RK_PREFIX, "addressPrefix"), RKEY(RK_IP, "nextHopIpAddress"),
	RKEY(RK_TYPE, "nextHopType"), RKEY(RK_SOURCE, "source"),
	RKEY(RK_STATE, "state"), RKEY(RK_NAME, "name"),
	RKEY(RK_BGP, "disableBgpRoutePropagation")
};
#undef RKEY

/* A route row read from the events: strings as offsets + 1 into the
 * state's sb (0: absent), the text it came from for az_rowcur_row_value(). */
struct route_rec {
	size_t		 start, end;
	bool		 declined;
	size_t		 str[RK_BGP];	/* RK_IP: the first address */
	int		 bgp;
	bool		 have_ip, have_prefix;
	size_t		 nip;
	size_t		 pfirst, npfx;	/* into pfx[] */
	size_t		 sbfirst;	/* its strings start here in sb */
};

/* A queued row: a value, or (v NULL) route_rec rec. */
struct qent {
	json_t		*v;
	size_t		 rec;
};

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
	struct qent	*q;		/* completed rows */
	size_t		 qhead, qn, qcap;
	json_t		*cur;		/* the row handed out last */
	bool		 discard;	/* only checking: drop rows */
	/* Route rows (az_rowcur_open_routes()): read from the events. */
	bool		 routes;
	bool		 in_route;	/* inside an object row */
	enum rkey	 rkey;		/* member being read */
	enum rkey	 rlist;		/* list member being read */
	unsigned	 rseen;		/* members met, 1 << rkey */
	struct route_rec *rec;		/* rows of this chunk; the last one
					   while in_route is being read */
	size_t		 nrec, reccap;
	char		*sb;		/* their strings */
	size_t		 sblen, sbcap;
	size_t		*pfx;		/* their prefixes, offsets into sb */
	size_t		 npfx, pfxcap;
	const struct route_rec *last;	/* handed out last */
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
emit(struct az_rowcur_state *st, json_t *row, size_t rec)
{
	struct qent *nq;
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
	st->q[st->qhead + st->qn].v = row;
	st->q[st->qhead + st->qn++].rec = rec;
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
		return emit(st, v, 0);
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

/* ------------------------------------------------------------------ */
/* Route rows from the events                                          */
/* ------------------------------------------------------------------ */

/*
 * Why: building each row as a jansson value (a malloc per value, a hash
 * table per row, all freed a moment later) was half of a 200,000-route
 * load.  Inside an object row of a cursor opened for routes, the events
 * fill a route_rec instead: the strings of the members az_routes.c reads,
 * in one buffer per chunk.  What the getters would read otherwise than a
 * walk of the members (a member null or of another type, repeated, in
 * another case, a "properties" body) declines the row: the loader then
 * has it parsed as a value from its text and reads it as before, errors
 * and their positions included.  Validity stays jansson's: strings and
 * keys with bytes above 0x7f go through json_stringn()'s UTF-8 check,
 * numbers through its reader, as the builder does.
 */

/* jansson's verdict on a number (and its allocation exemption). */
static json_t *
jansson_number(const char *s, size_t len)
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
	return v;
}

/* Would jansson take these bytes as a string (or key)?  ASCII always. */
static bool
jansson_utf8(const unsigned char *s, size_t len)
{
	json_t *v;
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] >= 0x80)
			break;
	if (i == len)
		return true;
	if ((v = json_stringn((const char *)s, len)) == NULL)
		return false;
	json_decref(v);
	return true;
}

static struct route_rec *
rrec(struct az_rowcur_state *st)
{
	return &st->rec[st->nrec];
}

/* s kept in sb, NUL-terminated: its offset + 1, 0 when out of memory. */
static size_t
rstr(struct az_rowcur_state *st, const unsigned char *s, size_t len)
{
	size_t off = st->sblen, nc;
	char *n;

	if (st->sbcap - st->sblen < len + 1) {
		nc = st->sbcap ? st->sbcap : 16384;
		while (nc - st->sblen < len + 1)
			nc *= 2;
		if ((n = erw_realloc(st->sb, nc)) == NULL) {
			st->broken = true;
			return 0;
		}
		st->sb = n;
		st->sbcap = nc;
	}
	memcpy(st->sb + off, s, len);
	st->sb[off + len] = '\0';
	st->sblen += len + 1;
	return off + 1;
}

static int
rprefix(struct az_rowcur_state *st, const unsigned char *s, size_t len)
{
	struct route_rec *r = rrec(st);
	size_t o, *n, nc;

	if ((o = rstr(st, s, len)) == 0)
		return 0;
	if (st->npfx == st->pfxcap) {
		nc = st->pfxcap ? st->pfxcap * 2 : 1024;
		if ((n = erw_reallocarray(st->pfx, nc, sizeof(*n))) == NULL) {
			st->broken = true;
			return 0;
		}
		st->pfx = n;
		st->pfxcap = nc;
	}
	st->pfx[st->npfx++] = o;
	r->npfx++;
	return 1;
}

/* Start an object row at text offset start. */
static int
route_begin(struct az_rowcur_state *st, size_t start)
{
	struct route_rec *n, *r;
	size_t nc;

	if (st->nrec == st->reccap) {
		nc = st->reccap ? st->reccap * 2 : 1024;
		if ((n = erw_reallocarray(st->rec, nc, sizeof(*n))) == NULL) {
			st->broken = true;
			return 0;
		}
		st->rec = n;
		st->reccap = nc;
	}
	r = rrec(st);
	memset(r, 0, sizeof(*r));
	r->start = start;
	r->bgp = -1;
	r->pfirst = st->npfx;
	r->sbfirst = st->sblen;
	st->in_route = true;
	st->rkey = st->rlist = RK_OTHER;
	st->rseen = 0;
	st->depth++;
	return 1;
}

/* A scalar inside a route row: t is 's'tring, 'b'oolean, 'n'ull or
 * 'N'umber; s/len its text (string or number). */
static int
route_scalar(struct az_rowcur_state *st, char t, const unsigned char *s,
    size_t len, int b)
{
	struct route_rec *r = rrec(st);
	unsigned d = st->depth - st->row_depth;
	json_t *v;
	size_t o;

	if (t == 'N') {
		if ((v = jansson_number((const char *)s, len)) == NULL) {
			st->broken = true;
			return 0;
		}
		json_decref(v);
	} else if (t == 's' && !jansson_utf8(s, len)) {
		st->broken = true;
		return 0;
	}
	if (d == 1) {
		/* a member's value */
		if (st->rkey == RK_OTHER)
			return 1;
		if (st->rkey == RK_BGP) {
			if (t != 'b')
				r->declined = true;
			else
				r->bgp = b != 0;
			return 1;
		}
		if (t != 's') {
			r->declined = true;
			return 1;
		}
		if (st->rkey == RK_PREFIX) {
			r->have_prefix = true;
			return rprefix(st, s, len);
		}
		if (st->rkey == RK_IP)
			r->have_ip = true;
		if ((o = rstr(st, s, len)) == 0)
			return 0;
		r->str[st->rkey - 1] = o;
		return 1;
	}
	if (d == 2 && st->rlist != RK_OTHER) {
		/* an element of addressPrefix or nextHopIpAddress */
		if (t != 's') {
			r->declined = true;
			return 1;
		}
		if (st->rlist == RK_PREFIX)
			return rprefix(st, s, len);
		if (r->nip++ == 0) {
			if ((o = rstr(st, s, len)) == 0)
				return 0;
			r->str[RK_IP - 1] = o;
		}
	}
	return 1;
}

static int
route_key(struct az_rowcur_state *st, const unsigned char *s, size_t len)
{
	struct route_rec *r = rrec(st);
	char k[32];
	enum rkey i;

	if (!jansson_utf8(s, len)) {
		st->broken = true;
		return 0;
	}
	if (st->depth - st->row_depth != 1)
		return 1;
	st->rkey = RK_OTHER;
	/* by length first: every row has all of them, strlen() and a
	 * compare each was a few percent of the load */
	for (i = RK_PREFIX; i <= RK_BGP; i++)
		if (rkey[i].len == len && memcmp(rkey[i].name, s, len) == 0)
			break;
	if (i <= RK_BGP) {
		if (st->rseen & (1u << i))
			r->declined = true;
		st->rseen |= 1u << i;
		st->rkey = i;
		return 1;
	}
	/* Another spelling of a member the getters would find, or an ARM
	 * body they would look into. */
	if (len >= sizeof(k))
		return 1;
	memcpy(k, s, len);
	k[len] = '\0';
	if (str_casecmp(k, "properties") == 0)
		r->declined = true;
	for (i = RK_PREFIX; i <= RK_BGP; i++)
		if (str_casecmp(k, rkey[i].name) == 0)
			r->declined = true;
	return 1;
}

static int
route_open(struct az_rowcur_state *st, bool array)
{
	unsigned d = st->depth - st->row_depth;

	if (d > LIMIT_JSON_DEPTH) {
		st->broken = true;
		return 0;
	}
	if (d == 1 && st->rkey != RK_OTHER) {
		if (array && (st->rkey == RK_PREFIX || st->rkey == RK_IP)) {
			st->rlist = st->rkey;
			if (st->rkey == RK_PREFIX)
				rrec(st)->have_prefix = true;
			else
				rrec(st)->have_ip = true;
		} else
			rrec(st)->declined = true;
	} else if (d == 2 && st->rlist != RK_OTHER)
		rrec(st)->declined = true;
	st->depth++;
	return 1;
}

static int
route_close(struct az_rowcur_state *st, size_t end)
{
	struct route_rec *r = rrec(st);

	st->depth--;
	if (st->depth - st->row_depth == 1)
		st->rlist = RK_OTHER;
	if (st->depth > st->row_depth)
		return 1;
	st->in_route = false;
	r->end = end;
	if (st->discard) {
		/* only checking: the row's strings are not needed */
		st->sblen = 0;
		st->npfx = 0;
		return 1;
	}
	return emit(st, NULL, st->nrec++);
}

/* Where the token just read starts in the text ('{' and '}' are single
 * bytes, always inside the chunk being parsed). */
static size_t
token_at(const struct az_rowcur_state *st)
{
	return st->off + yajl_get_bytes_consumed(st->h) - 1;
}

/* ------------------------------------------------------------------ */

static int
on_null(void *ctx)
{
	struct az_rowcur_state *st = ctx;

	if (st->in_route)
		return route_scalar(st, 'n', NULL, 0, 0);
	return add(ctx, json_null());
}

static int
on_boolean(void *ctx, int b)
{
	struct az_rowcur_state *st = ctx;

	if (st->in_route)
		return route_scalar(st, 'b', NULL, 0, b);
	return add(ctx, json_boolean(b));
}

/* Numbers as jansson reads them (integer or real, its range checks). */
static int
on_number(void *ctx, const char *s, size_t len)
{
	struct az_rowcur_state *st = ctx;

	if (st->in_route)
		return route_scalar(st, 'N', (const unsigned char *)s, len, 0);
	return add(ctx, jansson_number(s, len));
}

static int
on_string(void *ctx, const unsigned char *s, size_t len)
{
	struct az_rowcur_state *st = ctx;

	if (st->in_route)
		return route_scalar(st, 's', s, len, 0);
	return add(ctx, json_stringn((const char *)s, len));
}

static int
on_key(void *ctx, const unsigned char *s, size_t len)
{
	struct az_rowcur_state *st = ctx;
	unsigned k;
	char *nk;

	if (st->in_route)
		return route_key(st, s, len);
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

	if (st->in_route)
		return route_open(st, false);
	if (st->routes && st->depth == st->row_depth)
		return route_begin(st, token_at(st));
	return open_container(st, st->depth >= st->row_depth ? json_object() :
	    NULL);
}

static int
on_start_array(void *ctx)
{
	struct az_rowcur_state *st = ctx;

	if (st->in_route)
		return route_open(st, true);
	return open_container(st, st->depth >= st->row_depth ? json_array() :
	    NULL);
}

static int
on_end(void *ctx)
{
	struct az_rowcur_state *st = ctx;
	json_t *v;

	if (st->in_route)
		return route_close(st, token_at(st) + 1);
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
/*
 * Every route row queued has been handed out: their records and strings
 * go, the one being read (cut by the chunk's end) moves to the front.
 */
static void
route_reset(struct az_rowcur_state *st)
{
	struct route_rec *r;
	size_t i, d;

	if (!st->in_route) {
		st->nrec = st->sblen = st->npfx = 0;
		return;
	}
	r = rrec(st);
	d = r->sbfirst;
	memmove(st->sb, st->sb + d, st->sblen - d);
	st->sblen -= d;
	for (i = 0; i < RK_BGP; i++)
		if (r->str[i] != 0)
			r->str[i] -= d;
	memmove(st->pfx, st->pfx + r->pfirst,
	    (st->npfx - r->pfirst) * sizeof(*st->pfx));
	st->npfx -= r->pfirst;
	for (i = 0; i < st->npfx; i++)
		st->pfx[i] -= d;
	r->pfirst = 0;
	r->sbfirst = 0;
	st->rec[0] = *r;
	st->nrec = 0;
}

static void
feed(struct az_rowcur_state *st)
{
	size_t n = st->len - st->off;
	yajl_status s;

	if (st->routes && st->qn == 0)
		route_reset(st);

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
		json_decref(st->q[st->qhead + i].v);
	free(st->q);
	free(st->rec);
	free(st->sb);
	free(st->pfx);
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
			/* route rows only come out of next_route */
			st->cur = st->q[st->qhead++].v;
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

/* ------------------------------------------------------------------ */
/* Route rows                                                          */
/* ------------------------------------------------------------------ */

int
az_rowcur_open_routes(struct az_rowcur *c, struct az_doc *doc, struct err *e)
{
	if (az_rowcur_open(c, doc, e) == -1)
		return -1;
	if (c->st != NULL)
		c->st->routes = true;
	return 0;
}

static const char *
rec_str(const struct az_rowcur_state *st, size_t o)
{
	return o != 0 ? st->sb + o - 1 : NULL;
}

/* Set node's pointer to "/value/N" or "/N" for the row c->i, count it. */
static void
row_ptr(struct az_rowcur *c, const char *base, struct az_node *node)
{
	size_t n = strlen(base);

	node->doc = c->doc;
	memcpy(node->ptr, base, n);
	node->ptr[n] = '/';
	az_fmt_index(node->ptr + n + 1, c->i);
	c->i++;
}

int
az_rowcur_next_route(struct az_rowcur *c, struct az_route_row *out,
    struct az_node *node, struct err *e)
{
	struct az_rowcur_state *st = c->st;
	const struct route_rec *r;
	struct qent q;
	size_t k;
	int rc;

	if (st == NULL)
		goto value;
	json_decref(st->cur);
	st->cur = NULL;
	st->last = NULL;
	while (st->qn == 0 && !st->finished && !st->broken)
		feed(st);
	if (st->qn == 0) {
		if (!st->broken)
			return AZ_ABSENT;
		if ((rc = fall_back(c, e)) != 1)
			return rc;
		goto value;
	}
	q = st->q[st->qhead++];
	if (--st->qn == 0)
		st->qhead = 0;
	row_ptr(c, st->ptr_base, node);
	if (q.v != NULL) {
		st->cur = q.v;
		node->v = q.v;
		return AZ_ROW_VALUE;
	}
	r = st->last = &st->rec[q.rec];
	node->v = NULL;
	memset(out, 0, sizeof(*out));
	out->declined = r->declined;
	out->next_hop_type = rec_str(st, r->str[RK_TYPE - 1]);
	out->source = rec_str(st, r->str[RK_SOURCE - 1]);
	out->state = rec_str(st, r->str[RK_STATE - 1]);
	out->name = rec_str(st, r->str[RK_NAME - 1]);
	out->disable_bgp = r->bgp;
	out->have_ip = r->have_ip;
	out->first_ip = rec_str(st, r->str[RK_IP - 1]);
	out->have_prefix = r->have_prefix;
	out->nprefix = r->npfx;
	for (k = 0; k < r->npfx && k < sizeof(out->prefix) /
	    sizeof(out->prefix[0]); k++)
		out->prefix[k] = st->sb + st->pfx[r->pfirst + k] - 1;
	out->priv = r;
	return 0;
value:
	if (c->i >= c->rows.n || az_row(&c->rows, c->i, node) != 0)
		return AZ_ABSENT;
	c->i++;
	return AZ_ROW_VALUE;
}

const char *
az_route_row_prefix(const struct az_rowcur *c, const struct az_route_row *r,
    size_t i)
{
	const struct route_rec *rec = r->priv;

	if (i < sizeof(r->prefix) / sizeof(r->prefix[0]))
		return r->prefix[i];
	return c->st->sb + c->st->pfx[rec->pfirst + i] - 1;
}

int
az_rowcur_row_value(struct az_rowcur *c, struct az_node *node,
    struct err *e)
{
	struct az_rowcur_state *st = c->st;
	const struct route_rec *r;
	json_error_t je;
	json_t *v;
	uint64_t f0;
	size_t i;

	if (st == NULL || (r = st->last) == NULL)
		return ERR(e, ERR_INPUT, "no route row to read in '%s'",
		    c->doc->name);
	f0 = erw_alloc_failures();
	erw_alloc_exempt(true);
	v = json_loadb(st->text + r->start, r->end - r->start, 0, &je);
	erw_alloc_exempt(false);
	if (v != NULL && erw_alloc_failures() != f0) {
		json_decref(v);
		v = NULL;
	}
	if (v != NULL) {
		st->cur = v;
		node->v = v;
		return 0;
	}
	/* The row's text as jansson sees it alone: the whole text decides,
	 * and the rows go on from its tree. */
	i = c->i;
	state_free(st);
	c->st = NULL;
	if (az_doc_parse(c->doc, e) == -1)
		return -1;
	az_rows(c->doc, &c->rows);
	if (az_row(&c->rows, i - 1, node) != 0)
		return ERR(e, ERR_INPUT, "row %zu of '%s' is gone", i - 1,
		    c->doc->name);
	return 0;
}
