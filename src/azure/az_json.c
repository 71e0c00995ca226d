/*
 * Loading Azure exports: bytes on disk -> UTF-8 text -> jansson tree, and
 * typed access to it with errors that say where.
 *
 * Encodings seen in practice (azure-formats.md section 1): az CLI writes
 * UTF-8; PowerShell 7 writes UTF-8 without BOM; Windows PowerShell 5.1 `>`
 * writes UTF-16LE with a BOM and CRLF.  Everything is converted to UTF-8
 * once, and that text is kept next to the tree because jansson does not
 * remember where values were: az_locate() re-scans the text along a JSON
 * pointer (RFC 6901) to turn "/value/3/nextHopType" into line:column.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "azure.h"
#include "az_text.h"
#include "az_int.h"

/* ------------------------------------------------------------------ */
/* Reading bytes                                                       */
/* ------------------------------------------------------------------ */

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL && s[1] != '\0' ? s + 1 : path;
}

/*
 * A regular file is read in one piece into a buffer of its own size (one
 * spare byte for the NUL), which the document then keeps as its text when
 * the file is UTF-8: no geometric growth, no second copy.  Pipes and stdin
 * go through util's file_read_all().
 */
static int
read_regular(FILE *fp, const char *path, size_t size, uint8_t **out,
    size_t *outlen, struct err *e)
{
	uint8_t *buf;
	size_t len = 0, n;

	if ((buf = erw_malloc(size + 1)) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory reading '%s'", path);
	while (len < size && (n = fread(buf + len, 1, size - len, fp)) > 0)
		len += n;
	if (ferror(fp)) {
		free(buf);
		return ERR(e, ERR_IO, "cannot read '%s': %s", path,
		    strerror(errno));
	}
	/* The file may have shrunk meanwhile: len is what was there. */
	*out = buf;
	*outlen = len;
	return 0;
}

int
az_read_file(const char *path, uint8_t **buf, size_t *len, struct err *e)
{
	FILE *fp;
	struct stat st;
	int rc;

	*buf = NULL;
	*len = 0;
	if (strcmp(path, "-") == 0)
		return file_read_all(stdin, "stdin", LIMIT_JSON_FILE_BYTES, buf,
		    len, e);
	if ((fp = fopen(path, "rb")) == NULL)
		return ERR(e, ERR_IO, "cannot open '%s': %s", path,
		    strerror(errno));
	if (fstat(fileno(fp), &st) == -1)
		st.st_mode = 0;	/* unknown: read it as a stream */
	if (S_ISDIR(st.st_mode)) {
		fclose(fp);
		return ERR(e, ERR_INPUT, "cannot read '%s': is a directory",
		    path);
	}
	if (S_ISREG(st.st_mode) &&
	    (uint64_t)st.st_size > LIMIT_JSON_FILE_BYTES) {
		fclose(fp);
		ERR(e, ERR_LIMIT, "'%s' is larger than %u bytes", path,
		    LIMIT_JSON_FILE_BYTES);
		err_at(e, path, 0, 0, 0);
		return -1;
	}
	/* size 0 may be a lie (procfs): such a file is read as a stream */
	if (S_ISREG(st.st_mode) && st.st_size > 0)
		rc = read_regular(fp, path, (size_t)st.st_size, buf, len, e);
	else
		rc = file_read_all(fp, path, LIMIT_JSON_FILE_BYTES, buf,
		    len, e);
	fclose(fp);
	return rc;
}

int
az_load_file(const char *path, struct az_doc **out, struct err *e)
{
	struct az_doc *doc;
	uint8_t *buf;
	size_t len;

	*out = NULL;
	if (az_read_file(path, &buf, &len, e) == -1)
		return -1;
	if (az_doc_prepare(strcmp(path, "-") == 0 ? "stdin" : path, buf, len,
	    true, &doc, NULL, e) == -1)
		return -1;
	if (doc->kind != AZ_EMPTY && az_doc_parse(doc, e) == -1) {
		az_doc_free(doc);
		return -1;
	}
	*out = doc;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Encodings                                                           */
/* ------------------------------------------------------------------ */

/*
 * UTF-16 (without its BOM) to UTF-8.  Each code unit gives at most three
 * bytes (a surrogate pair, two units, gives four), so the output size is
 * bounded by the input before any allocation.
 */
static int
utf16_to_utf8(const char *name, const uint8_t *p, size_t len, bool le,
    size_t bom, char **out, size_t *outlen, struct err *e)
{
	struct rd r;
	char *dst;
	size_t n = 0;
	uint16_t u = 0, u2 = 0;
	uint32_t cp;

	if (len % 2 != 0) {
		ERR(e, ERR_INPUT, "'%s': UTF-16 text with an odd number of "
		    "bytes (truncated file?)", name);
		err_at(e, name, 0, 0, bom + len);
		return -1;
	}
	if ((dst = erw_malloc(len / 2 * 3 + 1)) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory converting '%s'", name);
	rd_init(&r, p, len);
	while (rd_left(&r) > 0) {
		size_t at = bom + len - rd_left(&r);

		/* len is even, so two bytes are always left here. */
		if ((le ? rd_le16(&r, &u) : rd_be16(&r, &u)) == -1)
			break;
		cp = u;
		if (u >= 0xd800 && u <= 0xdbff) {
			int rc = le ? rd_le16(&r, &u2) : rd_be16(&r, &u2);

			if (rc == -1 || u2 < 0xdc00 || u2 > 0xdfff)
				goto bad;
			cp = 0x10000 + ((uint32_t)(u - 0xd800) << 10) +
			    (uint32_t)(u2 - 0xdc00);
		} else if (u >= 0xdc00 && u <= 0xdfff) {
	bad:
			free(dst);
			ERR(e, ERR_INPUT, "'%s': unpaired UTF-16 surrogate",
			    name);
			err_at(e, name, 0, 0, at);
			return -1;
		}
		n += utf8_put(dst + n, cp);
	}
	dst[n] = '\0';
	*out = dst;
	*outlen = n;
	return 0;
}

/*
 * Bytes as found -> NUL-terminated UTF-8 text, BOM removed.  adopt is NULL
 * (b is copied) or b itself, a malloc'ed buffer of at least len + 1 bytes
 * that becomes the text when it is UTF-8 already and is freed otherwise.
 */
static int
decode_text(const char *name, const uint8_t *b, size_t len, uint8_t *adopt,
    char **out, size_t *outlen, enum az_encoding *enc, struct err *e)
{
	char *t;
	int rc;

	if (len >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) {
		*enc = AZ_ENC_UTF8_BOM;
		b += 3;
		len -= 3;
	} else if (len >= 2 && b[0] == 0xff && b[1] == 0xfe) {
		*enc = AZ_ENC_UTF16LE;
		rc = utf16_to_utf8(name, b + 2, len - 2, true, 2, out, outlen,
		    e);
		goto converted;
	} else if (len >= 2 && b[0] == 0xfe && b[1] == 0xff) {
		*enc = AZ_ENC_UTF16BE;
		rc = utf16_to_utf8(name, b + 2, len - 2, false, 2, out,
		    outlen, e);
		goto converted;
	} else if (len >= 2 && b[0] != 0 && b[1] == 0) {
		/* JSON text starts with ASCII: "x\0" is UTF-16LE sans BOM. */
		*enc = AZ_ENC_UTF16LE;
		rc = utf16_to_utf8(name, b, len, true, 0, out, outlen, e);
		goto converted;
	} else if (len >= 2 && b[0] == 0 && b[1] != 0) {
		*enc = AZ_ENC_UTF16BE;
		rc = utf16_to_utf8(name, b, len, false, 0, out, outlen, e);
		goto converted;
	} else
		*enc = AZ_ENC_UTF8;
	if (adopt != NULL) {
		t = (char *)adopt;
		if (len > 0)
			memmove(t, b, len);
	} else {
		if ((t = erw_malloc(len + 1)) == NULL)
			return ERR(e, ERR_NOMEM, "out of memory reading '%s'",
			    name);
		if (len > 0)
			memcpy(t, b, len);
	}
	t[len] = '\0';
	*out = t;
	*outlen = len;
	return 0;
converted:
	free(adopt);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Positions                                                           */
/* ------------------------------------------------------------------ */

/* 1-based line and character column of byte offset off in text. */
static void
line_col(const char *text, size_t len, size_t off, uint64_t *line,
    uint64_t *col)
{
	size_t i;
	uint64_t l = 1, c = 1;

	if (off > len)
		off = len;
	for (i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)text[i];

		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xc0) != 0x80)
			c++;	/* count characters, not UTF-8 continuations */
	}
	*line = l;
	*col = c;
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t
skip_ws(const char *t, size_t len, size_t i)
{
	while (i < len && is_ws(t[i]))
		i++;
	return i;
}

/* Past the string starting at t[i] == '"'; len when unterminated. */
static size_t
skip_string(const char *t, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (t[i] == '\\')
			i++;
		else if (t[i] == '"')
			return i + 1;
	}
	return len;
}

/* Past the value starting at t[i] (iterative: no recursion on input). */
static size_t
skip_value(const char *t, size_t len, size_t i)
{
	size_t depth = 0;

	if (i >= len)
		return len;
	if (t[i] == '"')
		return skip_string(t, len, i);
	if (t[i] != '{' && t[i] != '[') {
		while (i < len && !is_ws(t[i]) && t[i] != ',' && t[i] != '}' &&
		    t[i] != ']')
			i++;
		return i;
	}
	while (i < len) {
		char c = t[i];

		if (c == '"') {
			i = skip_string(t, len, i);
			continue;
		}
		if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']') {
			if (--depth == 0)
				return i + 1;
		}
		i++;
	}
	return len;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode the JSON string at t[i] (a key) into dst (UTF-8, NUL-terminated);
 * returns false if it does not fit, which for pointer matching simply
 * means "not this key".
 */
static bool
decode_key(const char *t, size_t len, size_t i, char *dst, size_t dstlen)
{
	size_t n = 0;

	for (i++; i < len && t[i] != '"'; i++) {
		char tmp[4];
		size_t k, m = 1;

		tmp[0] = t[i];
		if (t[i] == '\\' && i + 1 < len) {
			i++;
			switch (t[i]) {
			case 'b': tmp[0] = '\b'; break;
			case 'f': tmp[0] = '\f'; break;
			case 'n': tmp[0] = '\n'; break;
			case 'r': tmp[0] = '\r'; break;
			case 't': tmp[0] = '\t'; break;
			case 'u': {
				uint32_t cp = 0;
				int j, h;

				if (len - i < 5)
					return false;
				for (j = 1; j <= 4; j++) {
					if ((h = hexval(t[i + j])) < 0)
						return false;
					cp = cp << 4 | (uint32_t)h;
				}
				i += 4;
				if (cp >= 0xd800 && cp <= 0xdbff &&
				    len - i > 6 && t[i + 1] == '\\' &&
				    t[i + 2] == 'u') {
					uint32_t lo = 0;

					for (j = 3; j <= 6; j++) {
						if ((h = hexval(t[i + j])) < 0)
							return false;
						lo = lo << 4 | (uint32_t)h;
					}
					if (lo >= 0xdc00 && lo <= 0xdfff) {
						cp = 0x10000 +
						    ((cp - 0xd800) << 10) +
						    (lo - 0xdc00);
						i += 6;
					}
				}
				m = utf8_put(tmp, cp);
				break;
			}
			default:
				tmp[0] = t[i];	/* \" \\ \/ */
				break;
			}
		}
		for (k = 0; k < m; k++) {
			if (n + 1 >= dstlen)
				return false;
			dst[n++] = tmp[k];
		}
	}
	dst[n] = '\0';
	return true;
}

/* Next reference token of pointer p (after its '/') into tok, unescaped. */
static const char *
next_token(const char *p, char *tok, size_t toklen)
{
	size_t n = 0;

	for (; *p != '\0' && *p != '/'; p++) {
		char c = *p;

		if (c == '~' && p[1] == '0') {
			c = '~';
			p++;
		} else if (c == '~' && p[1] == '1') {
			c = '/';
			p++;
		}
		if (n + 1 < toklen)
			tok[n++] = c;
	}
	tok[n] = '\0';
	return p;
}

/*
 * One step down from the value at t[i]: member tok of an object or
 * element tok of an array.  Returns the offset of that value, or len
 * when it does not exist.
 */
static size_t
locate_step(const char *t, size_t len, size_t i, const char *tok)
{
	char key[AZ_PTR_MAX];
	size_t hit = len;

	if (t[i] == '{') {
		/* jansson keeps the last of duplicate keys: so do we. */
		i = skip_ws(t, len, i + 1);
		while (i < len && t[i] == '"') {
			bool ok = decode_key(t, len, i, key, sizeof(key));

			i = skip_ws(t, len, skip_string(t, len, i));
			if (i < len && t[i] == ':')
				i = skip_ws(t, len, i + 1);
			if (ok && strcmp(key, tok) == 0)
				hit = i;
			i = skip_ws(t, len, skip_value(t, len, i));
			if (i >= len || t[i] != ',')
				break;
			i = skip_ws(t, len, i + 1);
		}
		return hit;
	}
	if (t[i] == '[') {
		char *end;
		unsigned long idx, k;

		errno = 0;
		idx = strtoul(tok, &end, 10);
		if (tok[0] < '0' || tok[0] > '9' || *end != '\0' || errno != 0)
			return len;
		i = skip_ws(t, len, i + 1);
		for (k = 0; k < idx && i < len && t[i] != ']'; k++) {
			i = skip_ws(t, len, skip_value(t, len, i));
			if (i >= len || t[i] != ',')
				return len;
			i = skip_ws(t, len, i + 1);
		}
		if (i >= len || t[i] == ']')
			return len;
		return i;
	}
	return len;
}

int
az_locate(const struct az_doc *doc, const char *ptr, uint64_t *line,
    uint64_t *col, uint64_t *offset)
{
	char tok[AZ_PTR_MAX];
	size_t i, next;
	int found = 0;

	/* A lazy document (az_stream.c) has its text but not all its tree. */
	if (doc == NULL || doc->text == NULL || (doc->root == NULL &&
	    !doc->lazy))
		return -1;
	if (doc->tmap != NULL)		/* a text form: its own map */
		return az_text_locate(doc, ptr, line, col, offset);
	i = skip_ws(doc->text, doc->len, 0);
	while (*ptr == '/' && i < doc->len) {
		ptr = next_token(ptr + 1, tok, sizeof(tok));
		next = locate_step(doc->text, doc->len, i, tok);
		if (next >= doc->len) {
			found = 1;	/* stay on the deepest existing value */
			break;
		}
		i = next;
	}
	line_col(doc->text, doc->len, i, line, col);
	*offset = i;
	return found;
}

/* ------------------------------------------------------------------ */
/* Errors located in the document                                      */
/* ------------------------------------------------------------------ */

static void
ptr_append(char *dst, const char *base, const char *tok)
{
	size_t n = strlen(base), i;

	if (dst != base)
		str_copy(dst, base, AZ_PTR_MAX);
	if (n + 1 >= AZ_PTR_MAX)
		return;
	dst[n++] = '/';
	for (i = 0; tok[i] != '\0' && n + 2 < AZ_PTR_MAX; i++) {
		if (tok[i] == '~') {
			dst[n++] = '~';
			dst[n++] = '0';
		} else if (tok[i] == '/') {
			dst[n++] = '~';
			dst[n++] = '1';
		} else
			dst[n++] = tok[i];
	}
	dst[n] = '\0';
}

/*
 * Set an ERR_INPUT "MSG at PTR" located at ptr (or its deepest existing
 * ancestor).  Does nothing if e already holds an error, so a root cause
 * never gets the position of a consequence.
 */
static int vfail_at(const struct az_doc *, const char *, struct err *,
    const char *, va_list) __attribute__((format(printf, 4, 0)));

static int
vfail_at(const struct az_doc *doc, const char *ptr, struct err *e,
    const char *fmt, va_list ap)
{
	char msg[200];
	uint64_t line = 0, col = 0, off = 0;

	if (e == NULL || e->code != ERR_NONE)
		return -1;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	ERR(e, ERR_INPUT, "%s at %s", msg, ptr[0] != '\0' ? ptr : "/");
	if (az_locate(doc, ptr, &line, &col, &off) == -1)
		line = col = off = 0;
	err_at(e, doc->name, line, col, off);
	return -1;
}

static int
fail_at(const struct az_doc *doc, const char *ptr, struct err *e,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
fail_at(const struct az_doc *doc, const char *ptr, struct err *e,
    const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail_at(doc, ptr, e, fmt, ap);
	va_end(ap);
	return rc;
}

int
az_fail(const struct az_node *n, const char *key, struct err *e,
    const char *fmt, ...)
{
	char ptr[AZ_PTR_MAX];
	struct az_node c;
	va_list ap;
	int rc;

	if (key != NULL && az_child(n, key, &c) == 0)
		str_copy(ptr, c.ptr, sizeof(ptr));
	else if (key != NULL)
		ptr_append(ptr, n->ptr, key);
	else
		str_copy(ptr, n->ptr, sizeof(ptr));
	va_start(ap, fmt);
	rc = vfail_at(n->doc, ptr, e, fmt, ap);
	va_end(ap);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

/*
 * jansson's own nesting limit is 2048; ours is LIMIT_JSON_DEPTH.  No
 * export is deeper than about ten levels, so a deeper file is damaged or
 * hostile, and it is cheaper to refuse it before building any tree.
 */
static int
check_depth(const struct az_doc *doc, size_t *top_commas, struct err *e)
{
	/* The bytes that matter here; the rest (most of an indented
	 * export is blanks, names and digits) is skipped by one table test:
	 * the byte-by-byte comparisons were most of a load's first pass. */
	static const bool special[256] = {
		['"'] = true, ['{'] = true, ['['] = true, ['}'] = true,
		[']'] = true, [','] = true
	};
	const unsigned char *t = (const unsigned char *)doc->text;
	const unsigned char *q;
	size_t i, n = doc->len, depth = 0, commas = 0;
	uint64_t line, col;

	for (i = 0; i < n; i++) {
		while (i < n && !special[t[i]])
			i++;
		if (i == n)
			break;
		if (t[i] == '"') {
			/* to the closing quote: a quote after an odd run
			 * of backslashes is escaped */
			for (i++; i < n; i = (size_t)(q - t) + 1) {
				size_t bs = 0;

				if ((q = memchr(t + i, '"', n - i)) == NULL) {
					i = n;
					break;
				}
				while (q - bs > t + i && q[-1 - (ptrdiff_t)bs] ==
				    '\\')
					bs++;
				if (bs % 2 == 0) {
					i = (size_t)(q - t);
					break;
				}
			}
			continue;
		}
		if (t[i] == '{' || t[i] == '[') {
			if (++depth > LIMIT_JSON_DEPTH) {
				line_col(doc->text, n, i, &line, &col);
				ERR(e, ERR_INPUT, "JSON nested deeper than %d "
				    "levels", LIMIT_JSON_DEPTH);
				err_at(e, doc->name, line, col, i);
				return -1;
			}
		} else if ((t[i] == '}' || t[i] == ']') && depth > 0)
			depth--;
		else if (t[i] == ',' && depth == 1)
			commas++;
	}
	if (top_commas != NULL)
		*top_commas = commas;
	return 0;
}

int
az_doc_prepare(const char *name, const void *buf, size_t len, bool adopt,
    struct az_doc **out, size_t *top_commas, struct err *e)
{
	struct az_doc *doc;
	size_t i;

	*out = NULL;
	if (top_commas != NULL)
		*top_commas = 0;
	if (len > LIMIT_JSON_FILE_BYTES) {
		if (adopt)
			free((void *)(uintptr_t)buf);
		ERR(e, ERR_LIMIT, "'%s' is larger than %u bytes", name,
		    LIMIT_JSON_FILE_BYTES);
		err_at(e, name, 0, 0, 0);
		return -1;
	}
	if ((doc = erw_calloc(1, sizeof(*doc))) == NULL) {
		if (adopt)
			free((void *)(uintptr_t)buf);
		return ERR(e, ERR_NOMEM, "out of memory loading '%s'", name);
	}
	str_copy(doc->name, base_name(name), sizeof(doc->name));
	/* Messages name the file as the user gave it, when it fits. */
	if (strlen(name) < sizeof(doc->name))
		str_copy(doc->name, name, sizeof(doc->name));
	if (decode_text(doc->name, buf, len, adopt ?
	    (uint8_t *)(uintptr_t)buf : NULL, &doc->text, &doc->len,
	    &doc->enc, e) == -1)
		goto fail;
	for (i = 0; i < doc->len && is_ws(doc->text[i]); i++)
		;
	if (i == doc->len) {
		doc->kind = AZ_EMPTY;
		*out = doc;
		return 0;
	}
	/* Text forms (and a pasted prompt above JSON): az_text.c. */
	if (az_text_prepare(doc, e) == -1)
		goto fail;
	if (doc->fmt != AZ_FMT_JSON || doc->kind == AZ_EMPTY) {
		*out = doc;
		return 0;
	}
	if (check_depth(doc, top_commas, e) == -1)
		goto fail;
	*out = doc;
	return 0;
fail:
	az_doc_free(doc);
	return -1;
}

int
az_doc_parse(struct az_doc *doc, struct err *e)
{
	json_error_t je;
	json_t *root;
	uint64_t f0;

	/* a text form (az_text.c) was built into its tree when prepared */
	if (doc->fmt != AZ_FMT_JSON)
		return 0;
	f0 = erw_alloc_failures();
	/*
	 * jansson 2.14's lexer ignores a failure to grow its token buffer
	 * (lex_save(); jansson issue 362): it then drops a byte, asserts or
	 * reads past the token.  Nothing here can make that safe, so the
	 * test build does not fail the parser's allocations; those it
	 * reports are caught below, and the tree is never used half-built.
	 */
	erw_alloc_exempt(true);
	root = json_loadb(doc->text, doc->len, 0, &je);
	erw_alloc_exempt(false);
	if (root != NULL && erw_alloc_failures() != f0) {
		/* a tree with a member missing: never read it as the export */
		json_decref(root);
		root = NULL;
	}
	if (root == NULL && (erw_alloc_failures() != f0 ||
	    json_error_code(&je) == json_error_out_of_memory))
		/* jansson words some of these as syntax errors */
		return ERR(e, ERR_NOMEM, "out of memory parsing '%s'",
		    doc->name);
	if (root == NULL) {
		ERR(e, ERR_INPUT, "invalid JSON: %s", je.text);
		err_at(e, doc->name, je.line > 0 ? (uint64_t)je.line : 0,
		    je.column > 0 ? (uint64_t)je.column : 0,
		    je.position > 0 ? (uint64_t)je.position : 0);
		return -1;
	}
	if (doc->root != NULL)
		json_decref(doc->root);
	doc->root = root;
	doc->lazy = false;
	doc->kind = az_detect(doc->root);
	/* A lazy document parsed whole after all: its notes afresh. */
	memset(&doc->notes, 0, sizeof(doc->notes));
	az_shape_notes(doc);
	return 0;
}

int
az_load_buf(const char *name, const void *buf, size_t len,
    struct az_doc **out, struct err *e)
{
	struct az_doc *doc;

	*out = NULL;
	if (az_doc_prepare(name, buf, len, false, &doc, NULL, e) == -1)
		return -1;
	if (doc->kind != AZ_EMPTY && az_doc_parse(doc, e) == -1) {
		az_doc_free(doc);
		return -1;
	}
	*out = doc;
	return 0;
}

void
az_doc_free(struct az_doc *doc)
{
	if (doc == NULL)
		return;
	if (doc->root != NULL)
		json_decref(doc->root);
	az_text_map_free(doc->tmap);
	free(doc->text);
	free(doc);
}

/* ------------------------------------------------------------------ */
/* Nodes and getters                                                   */
/* ------------------------------------------------------------------ */

void
az_root(const struct az_doc *doc, struct az_node *out)
{
	out->doc = doc;
	out->v = doc->root;
	out->ptr[0] = '\0';
}

/* Where the member is kept is az_member()'s business (az_shape.c). */
int
az_child(const struct az_node *obj, const char *key, struct az_node *out)
{
	char tmp[AZ_PTR_MAX];
	const char *hitkey = key;
	json_t *hit;
	bool nested;

	if (obj->v == NULL ||
	    (hit = az_member(obj->v, key, &hitkey, &nested)) == NULL)
		return AZ_ABSENT;
	/* out may be obj itself: build the pointer aside. */
	if (nested)
		ptr_append(tmp, obj->ptr, "properties");
	else
		str_copy(tmp, obj->ptr, sizeof(tmp));
	ptr_append(tmp, tmp, hitkey);
	out->doc = obj->doc;
	out->v = hit;
	str_copy(out->ptr, tmp, sizeof(out->ptr));
	return 0;
}

size_t
az_fmt_index(char *buf, size_t i)
{
	char t[24];
	size_t n = 0, k;

	do {
		t[n++] = (char)('0' + i % 10);
		i /= 10;
	} while (i != 0);
	for (k = 0; k < n; k++)
		buf[k] = t[n - 1 - k];
	buf[n] = '\0';
	return n;
}

int
az_index(const struct az_node *arr, size_t i, struct az_node *out)
{
	char tok[32], tmp[AZ_PTR_MAX];
	json_t *v;

	if (arr->v == NULL || !json_is_array(arr->v) ||
	    (v = json_array_get(arr->v, i)) == NULL)
		return AZ_ABSENT;
	az_fmt_index(tok, i);
	ptr_append(tmp, arr->ptr, tok);
	out->doc = arr->doc;
	out->v = v;
	str_copy(out->ptr, tmp, sizeof(out->ptr));
	return 0;
}

size_t
az_len(const struct az_node *arr)
{
	if (arr->v == NULL || !json_is_array(arr->v))
		return 0;
	return json_array_size(arr->v);
}

static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:	return "an object";
	case JSON_ARRAY:	return "an array";
	case JSON_STRING:	return "a string";
	case JSON_INTEGER:	return "an integer";
	case JSON_REAL:		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:	return "a boolean";
	default:		return "null";
	}
}

static int
wrong_type(const struct az_node *c, const char *key, const char *want,
    struct err *e)
{
	return fail_at(c->doc, c->ptr, e, "field '%s' is %s, expected %s",
	    key, type_name(c->v), want);
}

int
az_get_str(const struct az_node *obj, const char *key, const char **out,
    struct err *e)
{
	struct az_node c;

	if (az_child(obj, key, &c) != 0)
		return AZ_ABSENT;
	if (!json_is_string(c.v))
		return wrong_type(&c, key, "a string", e);
	*out = json_string_value(c.v);
	return 0;
}

/* Decimal with optional sign, no spaces; false on anything else. */
static bool
parse_i64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (*s != '-' && *s != '+' && (*s < '0' || *s > '9'))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s)
		return false;
	*out = v;
	return true;
}

int
az_get_int(const struct az_node *obj, const char *key, int64_t *out,
    struct err *e)
{
	struct az_node c;
	double d;

	if (az_child(obj, key, &c) != 0)
		return AZ_ABSENT;
	if (json_is_integer(c.v)) {
		*out = json_integer_value(c.v);
		return 0;
	}
	if (json_is_real(c.v)) {
		d = json_real_value(c.v);
		if (d >= -9.0e18 && d <= 9.0e18 && d == (double)(int64_t)d) {
			*out = (int64_t)d;
			return 0;
		}
		return fail_at(c.doc, c.ptr, e, "field '%s' is not an integer",
		    key);
	}
	if (json_is_string(c.v)) {
		const char *s = json_string_value(c.v);

		if (s[0] == '\0')
			return AZ_ABSENT;
		if (parse_i64(s, out))
			return 0;
		return fail_at(c.doc, c.ptr, e, "field '%s' is not a number",
		    key);
	}
	return wrong_type(&c, key, "an integer", e);
}

int
az_get_bool(const struct az_node *obj, const char *key, bool *out,
    struct err *e)
{
	struct az_node c;

	if (az_child(obj, key, &c) != 0)
		return AZ_ABSENT;
	if (json_is_boolean(c.v)) {
		*out = json_is_true(c.v);
		return 0;
	}
	if (json_is_string(c.v)) {
		const char *s = json_string_value(c.v);

		if (str_casecmp(s, "true") == 0 ||
		    str_casecmp(s, "false") == 0) {
			*out = str_casecmp(s, "true") == 0;
			return 0;
		}
	}
	return wrong_type(&c, key, "a boolean", e);
}

int
az_get_array(const struct az_node *obj, const char *key,
    struct az_node *out, struct err *e)
{
	struct az_node c;

	if (az_child(obj, key, &c) != 0)
		return AZ_ABSENT;
	if (!json_is_array(c.v))
		return wrong_type(&c, key, "an array", e);
	*out = c;
	return 0;
}

int
az_get_object(const struct az_node *obj, const char *key,
    struct az_node *out, struct err *e)
{
	struct az_node c;

	if (az_child(obj, key, &c) != 0)
		return AZ_ABSENT;
	if (!json_is_object(c.v))
		return wrong_type(&c, key, "an object", e);
	*out = c;
	return 0;
}

static int
missing(const struct az_node *obj, const char *key, struct err *e)
{
	char ptr[AZ_PTR_MAX];

	ptr_append(ptr, obj->ptr, key);
	return fail_at(obj->doc, ptr, e, "missing field '%s'", key);
}

#define REQ(call)							\
	do {								\
		int rc_ = (call);					\
		if (rc_ == AZ_ABSENT)					\
			return missing(obj, key, e);			\
		return rc_;						\
	} while (0)

int
az_req_str(const struct az_node *obj, const char *key, const char **out,
    struct err *e)
{
	REQ(az_get_str(obj, key, out, e));
}

int
az_req_int(const struct az_node *obj, const char *key, int64_t *out,
    struct err *e)
{
	REQ(az_get_int(obj, key, out, e));
}

int
az_req_bool(const struct az_node *obj, const char *key, bool *out,
    struct err *e)
{
	REQ(az_get_bool(obj, key, out, e));
}

int
az_req_array(const struct az_node *obj, const char *key,
    struct az_node *out, struct err *e)
{
	REQ(az_get_array(obj, key, out, e));
}

int
az_req_object(const struct az_node *obj, const char *key,
    struct az_node *out, struct err *e)
{
	REQ(az_get_object(obj, key, out, e));
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */
/* ------------------------------------------------------------------ */

/* Does element el of a template count as a row of a document of kind k? */
static bool
template_row(const json_t *el, enum az_kind k)
{
	enum az_kind ek;

	if (!az_template_toplevel(el))
		return false;
	ek = az_detect(el);
	if (k == AZ_NSG_LIST)
		k = AZ_NSG;
	return ek == k || (ek == AZ_NSG_LIST && k == AZ_NSG);
}

void
az_rows(const struct az_doc *doc, struct az_rows *rows)
{
	struct az_node root;
	enum az_wrap wrap;
	const char *key;
	json_t *list, *el;
	size_t i;

	memset(rows, 0, sizeof(*rows));
	az_root(doc, &root);
	rows->base = root;
	rows->kind = doc->kind;
	if (root.v == NULL)
		return;
	if ((list = az_envelope(root.v, &wrap, &key)) == NULL) {
		if (json_is_object(root.v)) {
			rows->single = true;
			rows->n = 1;
		}
		return;
	}
	if (wrap != AZ_WRAP_ARRAY)
		az_child(&root, key, &rows->base);
	if (wrap != AZ_WRAP_TEMPLATE) {
		rows->n = json_array_size(list);
		return;
	}
	rows->filtered = true;
	json_array_foreach(list, i, el)
		if (template_row(el, doc->kind))
			rows->n++;
}

int
az_row(const struct az_rows *rows, size_t i, struct az_node *out)
{
	size_t k, seen = 0;

	if (i >= rows->n)
		return AZ_ABSENT;
	if (rows->single) {
		*out = rows->base;
		return 0;
	}
	if (!rows->filtered)
		return az_index(&rows->base, i, out);
	/* Templates are small (ARM allows 800 resources): a scan will do. */
	for (k = 0; k < az_len(&rows->base); k++) {
		if (!template_row(json_array_get(rows->base.v, k), rows->kind))
			continue;
		if (seen++ == i)
			return az_index(&rows->base, k, out);
	}
	return AZ_ABSENT;
}

int
az_resource(const struct az_doc *doc, struct az_node *out, struct err *e)
{
	struct az_rows rows;

	az_rows(doc, &rows);
	if (rows.n == 1 && az_row(&rows, 0, out) == 0 &&
	    json_is_object(out->v))
		return 0;
	if (rows.n == 0) {
		ERR(e, ERR_INPUT, "'%s' holds no %s resource", doc->name,
		    az_kind_name(doc->kind));
	} else {
		ERR(e, ERR_INPUT, "'%s' holds %zu %s resources at %s; export "
		    "the one to check on its own", doc->name, rows.n,
		    az_kind_name(doc->kind), rows.base.ptr[0] != '\0' ?
		    rows.base.ptr : "/");
	}
	err_at(e, doc->name, 0, 0, 0);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Resource ids                                                        */
/* ------------------------------------------------------------------ */

bool
az_id_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return false;
	return str_casecmp(a, b) == 0;
}

const char *
az_id_name(const char *id)
{
	const char *s = strrchr(id, '/');

	return s != NULL ? s + 1 : id;
}
