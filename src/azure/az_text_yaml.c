/*
 * az's `-o yaml`: knack hands the result to PyYAML's safe_dump (block
 * style, keys sorted, strings that would read as numbers quoted), so a
 * YAML export is the JSON one in other clothes.  libyaml's event parser
 * builds the same jansson tree; plain scalars are resolved as YAML 1.1
 * does for safe_dump's output (null, true/false, integers, floats),
 * quoted ones stay strings.  Every node's position goes into the map, so
 * errors found later by a loader name the YAML line.  Aliases are
 * refused: safe_dump writes none for JSON-shaped data, and expanding
 * them is the classic way to make a small file huge.
 */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "az_text_int.h"

struct ylevel {
	json_t	*v;			/* borrowed: owned by its parent */
	char	*key;			/* mapping: the pending key */
	size_t	 idx;			/* sequence: next index */
	char	 ptr[AZ_PTR_MAX];
};

struct ybuild {
	struct az_tctx	*c;
	struct ylevel	 st[LIMIT_JSON_DEPTH + 1];
	size_t		 depth;
	json_t		*root;
	size_t		 docs;
};

static int
yfail(struct ybuild *b, const yaml_mark_t *m, const char *what)
{
	struct err *e = b->c->e;

	if (e == NULL || e->code != ERR_NONE)
		return -1;
	ERR(e, ERR_INPUT, "'%s' line %llu: %s", b->c->doc->name,
	    (unsigned long long)m->line + 1, what);
	err_at(e, b->c->doc->name, m->line + 1, m->column + 1, m->index);
	return -1;
}

/* dst = base "/" tok, tok escaped as RFC 6901 says. */
static void
ptr_join(char *dst, const char *base, const char *tok)
{
	size_t n = strlen(base), i;

	memmove(dst, base, n + 1);
	if (n + 1 >= AZ_PTR_MAX)
		return;
	dst[n++] = '/';
	for (i = 0; tok[i] != '\0' && n + 2 < AZ_PTR_MAX; i++) {
		if (tok[i] == '~' || tok[i] == '/') {
			dst[n++] = '~';
			dst[n++] = tok[i] == '~' ? '0' : '1';
		} else
			dst[n++] = tok[i];
	}
	dst[n] = '\0';
}

static bool
is_int(const char *s, size_t n)
{
	size_t i = 0;

	if (n > 0 && (s[0] == '-' || s[0] == '+'))
		i++;
	if (i == n || n - i > 18)
		return false;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool
is_float(const char *s, size_t n)
{
	size_t i = 0, digits = 0, dots = 0;

	if (n > 0 && (s[0] == '-' || s[0] == '+'))
		i++;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.')
			dots++;
		else if ((s[i] == 'e' || s[i] == 'E') && digits > 0)
			return is_int(s + i + 1, n - i - 1);
		else
			return false;
	}
	return digits > 0 && dots == 1;
}

static bool
word(const char *s, size_t n, const char *const *w)
{
	for (; *w != NULL; w++)
		if (strlen(*w) == n && memcmp(s, *w, n) == 0)
			return true;
	return false;
}

static json_t *
scalar(const yaml_event_t *ev)
{
	static const char *const nul[] = { "", "~", "null", "Null", "NULL",
	    NULL };
	static const char *const yes[] = { "true", "True", "TRUE", NULL };
	static const char *const no[] = { "false", "False", "FALSE", NULL };
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	    (tag != NULL && strcmp(tag, YAML_STR_TAG) == 0))
		return json_stringn(s, n);
	if (word(s, n, nul))
		return json_null();
	if (word(s, n, yes))
		return json_true();
	if (word(s, n, no))
		return json_false();
	if (is_int(s, n))
		return json_integer(strtoll(s, NULL, 10));
	if (is_float(s, n))
		return json_real(strtod(s, NULL));
	return json_stringn(s, n);
}

/* Hang v (stolen) under the current level; push it if a container. */
static int
attach(struct ybuild *b, json_t *v, const yaml_mark_t *m, bool push)
{
	struct az_tctx *c = b->c;
	struct ylevel *top = b->depth > 0 ? &b->st[b->depth - 1] : NULL;
	char ptr[AZ_PTR_MAX], tok[24];
	int rc;

	if (v == NULL)
		return ERR(c->e, ERR_NOMEM, "out of memory");
	if (top == NULL) {
		if (b->root != NULL) {
			json_decref(v);
			return yfail(b, m, "several YAML documents");
		}
		b->root = v;
		ptr[0] = '\0';
	} else if (json_is_array(top->v)) {
		snprintf(tok, sizeof(tok), "%zu", top->idx++);
		ptr_join(ptr, top->ptr, tok);
		if (json_array_append_new(top->v, v) == -1)
			return ERR(c->e, ERR_NOMEM, "out of memory");
	} else {
		ptr_join(ptr, top->ptr, top->key);
		rc = json_object_set_new(top->v, top->key, v);
		free(top->key);
		top->key = NULL;
		if (rc == -1)
			return ERR(c->e, ERR_NOMEM, "out of memory");
	}
	if (az_tm_add(c, ptr, m->line + 1, m->column + 1, m->index) == -1)
		return -1;
	if (!push)
		return 0;
	if (b->depth == LIMIT_JSON_DEPTH)
		return yfail(b, m, "YAML nested too deep");
	b->st[b->depth].v = v;
	b->st[b->depth].key = NULL;
	b->st[b->depth].idx = 0;
	str_copy(b->st[b->depth].ptr, ptr, AZ_PTR_MAX);
	b->depth++;
	return 0;
}

static int
on_event(struct ybuild *b, const yaml_event_t *ev)
{
	struct ylevel *top = b->depth > 0 ? &b->st[b->depth - 1] : NULL;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (top != NULL && json_is_object(top->v) &&
		    top->key == NULL) {
			top->key = erw_malloc(ev->data.scalar.length + 1);
			if (top->key == NULL)
				return ERR(b->c->e, ERR_NOMEM,
				    "out of memory");
			memcpy(top->key, ev->data.scalar.value,
			    ev->data.scalar.length);
			top->key[ev->data.scalar.length] = '\0';
			if (strlen(top->key) != ev->data.scalar.length)
				return yfail(b, &ev->start_mark,
				    "a key holds a NUL character");
			return 0;
		}
		return attach(b, scalar(ev), &ev->start_mark, false);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (top != NULL && json_is_object(top->v) &&
		    top->key == NULL)
			return yfail(b, &ev->start_mark, "a mapping key that "
			    "is not a plain value");
		return attach(b, ev->type == YAML_SEQUENCE_START_EVENT ?
		    json_array() : json_object(), &ev->start_mark, true);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth > 0) {
			free(b->st[b->depth - 1].key);
			b->st[b->depth - 1].key = NULL;
			b->depth--;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		return yfail(b, &ev->start_mark, "YAML aliases are not read "
		    "(az never writes them)");
	case YAML_DOCUMENT_START_EVENT:
		if (++b->docs > 1)
			return yfail(b, &ev->start_mark, "several YAML "
			    "documents");
		return 0;
	default:
		return 0;
	}
}

int
az_read_yaml(struct az_tctx *c)
{
	struct ybuild *b;
	yaml_parser_t p;
	yaml_event_t ev;
	bool done = false;
	int rc = 0;
	size_t i;

	if ((b = erw_calloc(1, sizeof(*b))) == NULL)
		return ERR(c->e, ERR_NOMEM, "out of memory");
	b->c = c;
	if (!yaml_parser_initialize(&p)) {
		free(b);
		return ERR(c->e, ERR_NOMEM, "out of memory");
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)c->doc->text,
	    c->doc->len);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	while (!done && rc == 0) {
		if (!yaml_parser_parse(&p, &ev)) {
			char what[200];

			snprintf(what, sizeof(what), "invalid YAML: %s",
			    p.problem != NULL ? p.problem : "syntax error");
			rc = yfail(b, &p.problem_mark, what);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	for (i = 0; i < b->depth; i++)
		free(b->st[i].key);
	if (rc == 0) {
		c->doc->root = b->root != NULL ? b->root : json_array();
		if (c->doc->root == NULL)
			rc = ERR(c->e, ERR_NOMEM, "out of memory");
	} else
		json_decref(b->root);
	free(b);
	return rc;
}
