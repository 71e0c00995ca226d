/*
 * The report document: the tree analyzers and commands build through
 * report_doc.h, before report_doc_text.c, report_doc_json.c and
 * report_doc_html.c render it.  Everything lives in one arena; the first
 * allocation that fails marks the document incomplete (doc->nomem) and
 * every later builder call on it is a no-op, so that a half-built
 * document is never rendered as the answer.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report_doc_int.h"

#define DOC_ARENA_BLOCK	(16 * 1024)

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

const char *
report_state_name(enum report_state s)
{
	static const char *const names[] = {
		"ok", "warning", "fault", "unknown", "missing"
	};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] :
	    "unknown";
}

enum report_state
report_state_of(const struct finding_list *l)
{
	switch (finding_list_worst(l)) {
	case SEV_ERROR:
		return REPORT_ST_FAULT;
	case SEV_WARNING:
		return REPORT_ST_WARN;
	default:
		return REPORT_ST_OK;
	}
}

const char *
report_iv_kind_name(enum report_iv_kind k)
{
	static const char *const names[] = {
		"connecting", "established", "down", "silence",
		"silence_over_hold", "carrier_down", "state"
	};

	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] :
	    "state";
}

const char *
report_mark_kind_name(enum report_mark_kind k)
{
	static const char *const names[] = {
		"open", "update", "notification", "keepalive", "syn", "reset",
		"log", "other"
	};

	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] :
	    "other";
}

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */
/* ------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at p (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), 0 when invalid. */
size_t
report_utf8_len(const unsigned char *p)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if ((c == 0xe0 && (p[1] < 0xa0 || p[1] > 0xbf)) ||
		    (c == 0xed && (p[1] < 0x80 || p[1] > 0x9f)) ||
		    (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if ((c == 0xf0 && (p[1] < 0x90 || p[1] > 0xbf)) ||
		    (c == 0xf4 && (p[1] < 0x80 || p[1] > 0x8f)) ||
		    (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Allocation                                                          */
/* ------------------------------------------------------------------ */

static void *
doc_alloc(struct report_doc *d, size_t n)
{
	void *p;

	if (d == NULL || d->nomem)
		return NULL;
	if ((p = arena_alloc(&d->arena, n)) == NULL) {
		d->nomem = true;
		return NULL;
	}
	memset(p, 0, n);
	return p;
}

/* A copy of s in the arena; NULL stays NULL (and is not a failure). */
static char *
doc_strdup(struct report_doc *d, const char *s)
{
	size_t n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	if ((p = doc_alloc(d, n)) != NULL)
		memcpy(p, s, n);
	return p;
}

/* The format is the caller's (a report_*f() argument, itself checked by
 * its attribute): the attribute lets the compiler follow it here. */
static char *doc_vprintf(struct report_doc *, const char *, va_list)
    __attribute__((format(printf, 2, 0)));

static char *
doc_vprintf(struct report_doc *d, const char *fmt, va_list ap)
{
	va_list aq;
	char *p;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || d == NULL)
		return NULL;
	if ((p = doc_alloc(d, (size_t)n + 1)) != NULL)
		(void)vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

/* ------------------------------------------------------------------ */
/* Document                                                            */
/* ------------------------------------------------------------------ */

struct report_doc *
report_doc_new(const char *title)
{
	struct report_doc *d;

	if ((d = erw_calloc(1, sizeof(*d))) == NULL)
		return NULL;
	arena_init(&d->arena, DOC_ARENA_BLOCK);
	d->title = doc_strdup(d, title != NULL ? title : "erwatch");
	if ((d->root = doc_alloc(d, sizeof(*d->root))) != NULL) {
		d->root->kind = RN_SECTION;
		d->root->doc = d;
	}
	if (d->nomem) {
		report_doc_free(d);
		return NULL;
	}
	return d;
}

void
report_doc_free(struct report_doc *d)
{
	if (d == NULL)
		return;
	arena_release(&d->arena);
	free(d);
}

struct report_node *
report_doc_root(struct report_doc *d)
{
	return d != NULL ? d->root : NULL;
}

void
report_doc_set_epoch(struct report_doc *d, usec_t epoch)
{
	if (d != NULL)
		d->epoch = epoch;
}

int
report_doc_check(const struct report_doc *d, struct err *e)
{
	if (d == NULL || d->nomem)
		return ERR(e, ERR_NOMEM, "out of memory building the report");
	return 0;
}

usec_t
report_node_epoch(const struct report_node *n)
{
	return n->has_epoch ? n->epoch : n->doc->epoch;
}

/* ------------------------------------------------------------------ */
/* Nodes                                                               */
/* ------------------------------------------------------------------ */

static struct report_node *
node_new(struct report_node *parent, enum report_kind kind, const char *key,
    const char *title)
{
	struct report_node *n;

	if (parent == NULL)
		return NULL;
	if ((n = doc_alloc(parent->doc, sizeof(*n))) == NULL)
		return NULL;
	n->kind = kind;
	n->doc = parent->doc;
	n->key = doc_strdup(n->doc, key);
	n->title = doc_strdup(n->doc, title);
	if (n->doc->nomem)
		return NULL;
	if (parent->last != NULL)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
	return n;
}

struct report_node *
report_section(struct report_node *parent, const char *key,
    const char *title)
{
	return node_new(parent, RN_SECTION, key, title);
}

struct report_node *
report_fields(struct report_node *parent, const char *title)
{
	return node_new(parent, RN_FIELDS, NULL, title);
}

struct report_node *
report_table(struct report_node *parent, const char *key, const char *title)
{
	return node_new(parent, RN_TABLE, key, title);
}

struct report_node *
report_list(struct report_node *parent, const char *key, const char *title,
    const char *text_prefix)
{
	struct report_node *n = node_new(parent, RN_LIST, key, title);

	if (n != NULL)
		n->prefix = doc_strdup(n->doc, text_prefix != NULL ?
		    text_prefix : "");
	return n;
}

struct report_node *
report_code(struct report_node *parent, const char *key, const char *title,
    const char *lang)
{
	struct report_node *n = node_new(parent, RN_CODE, key, title);

	if (n != NULL)
		n->prefix = doc_strdup(n->doc, lang != NULL ? lang : "");
	return n;
}

struct report_node *
report_findings(struct report_node *parent, const char *key,
    const char *title, const struct finding_list *l)
{
	struct report_node *n = node_new(parent, RN_FINDINGS, key, title);

	if (n != NULL)
		n->findings = l;
	return n;
}

struct report_node *
report_verdict(struct report_node *parent, const char *key,
    enum report_state st, const char *fmt, ...)
{
	struct report_node *n = node_new(parent, RN_VERDICT, key, NULL);
	va_list ap;

	if (n == NULL)
		return NULL;
	n->state = st;
	va_start(ap, fmt);
	n->summary = doc_vprintf(n->doc, fmt, ap);
	va_end(ap);
	return n->summary != NULL ? n : NULL;
}

struct report_node *
report_timeline(struct report_node *parent, const char *key,
    const char *title, usec_t start, usec_t end)
{
	struct report_node *n = node_new(parent, RN_TIMELINE, key, title);

	if (n != NULL) {
		n->start = start;
		n->end = end > start ? end : start;
	}
	return n;
}

struct report_node *
report_chart(struct report_node *parent, const char *title, usec_t start,
    usec_t end, const char *unit)
{
	struct report_node *n = node_new(parent, RN_CHART, NULL, title);

	if (n != NULL) {
		n->start = start;
		n->end = end > start ? end : start;
		n->unit = doc_strdup(n->doc, unit != NULL ? unit : "");
		if (n->unit == NULL)
			return NULL;
	}
	return n;
}

struct report_series *
report_series(struct report_node *n, const char *label, const char *kind)
{
	struct report_series *s;

	if (n == NULL || n->kind != RN_CHART)
		return NULL;
	if ((s = doc_alloc(n->doc, sizeof(*s))) == NULL)
		return NULL;
	s->label = doc_strdup(n->doc, label != NULL ? label : "");
	s->kind = doc_strdup(n->doc, kind != NULL ? kind : "avg");
	if (n->doc->nomem)
		return NULL;
	if (n->s_last != NULL)
		n->s_last->next = s;
	else
		n->s_first = s;
	n->s_last = s;
	s->doc = n->doc;
	return s;
}

void
report_point(struct report_series *s, usec_t t, double v)
{
	struct report_point *p;
	size_t cap;

	if (s == NULL)
		return;
	if (s->npts == s->cap) {
		/* the arena does not free: doubling keeps the copies few */
		cap = s->cap == 0 ? 32 : s->cap * 2;
		if ((p = doc_alloc(s->doc, cap * sizeof(*p))) == NULL)
			return;
		if (s->npts > 0)
			memcpy(p, s->pts, s->npts * sizeof(*p));
		s->pts = p;
		s->cap = cap;
	}
	s->pts[s->npts].t = t;
	s->pts[s->npts].v = v;
	s->npts++;
}

struct report_node *
report_layers(struct report_node *parent, const char *key, const char *title)
{
	return node_new(parent, RN_LAYERS, key, title);
}

struct report_node *
report_hypotheses(struct report_node *parent, const char *key,
    const char *title)
{
	return node_new(parent, RN_HYPOTHESES, key, title);
}

struct report_node *
report_commands(struct report_node *parent, const char *key,
    const char *title)
{
	return node_new(parent, RN_COMMANDS, key, title);
}

void
report_node_flags(struct report_node *n, unsigned flags)
{
	if (n != NULL)
		n->flags |= flags;
}

void
report_node_textf(struct report_node *n, const char *fmt, ...)
{
	va_list ap;

	if (n == NULL)
		return;
	va_start(ap, fmt);
	n->text_head = doc_vprintf(n->doc, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Fields and tables                                                   */
/* ------------------------------------------------------------------ */

struct report_val *
report_field(struct report_node *n, const char *label, const char *key)
{
	struct report_field *f;

	if (n == NULL || n->kind != RN_FIELDS)
		return NULL;
	if ((f = doc_alloc(n->doc, sizeof(*f))) == NULL)
		return NULL;
	f->label = doc_strdup(n->doc, label);
	f->key = doc_strdup(n->doc, key);
	f->v.type = REPORT_NULL;
	f->v.doc = n->doc;
	if (n->doc->nomem)
		return NULL;
	if (n->f_last != NULL)
		n->f_last->next = f;
	else
		n->f_first = f;
	n->f_last = f;
	return &f->v;
}

int
report_col(struct report_node *t, const char *label, const char *key,
    enum report_type type, const char *text_fmt)
{
	struct report_col *c;
	int cap;

	if (t == NULL || t->kind != RN_TABLE || t->r_first != NULL)
		return -1;
	if (t->ncols == t->colcap) {
		/* The arena cannot grow a block: copy into a bigger one. */
		cap = t->colcap == 0 ? 8 : t->colcap * 2;
		if ((c = doc_alloc(t->doc, (size_t)cap * sizeof(*c))) == NULL)
			return -1;
		if (t->ncols > 0)
			memcpy(c, t->cols, (size_t)t->ncols * sizeof(*c));
		t->cols = c;
		t->colcap = cap;
	}
	c = &t->cols[t->ncols];
	c->label = doc_strdup(t->doc, label);
	c->key = doc_strdup(t->doc, key);
	c->type = type;
	c->text_fmt = doc_strdup(t->doc, text_fmt);
	if (t->doc->nomem)
		return -1;
	return t->ncols++;
}

struct report_row *
report_row(struct report_node *t)
{
	struct report_row *r;
	int i;

	if (t == NULL || t->kind != RN_TABLE)
		return NULL;
	if ((r = doc_alloc(t->doc, sizeof(*r))) == NULL)
		return NULL;
	if (t->ncols > 0 && (r->cells = doc_alloc(t->doc,
	    (size_t)t->ncols * sizeof(*r->cells))) == NULL)
		return NULL;
	r->table = t;
	for (i = 0; i < t->ncols; i++)
		r->cells[i].doc = t->doc;
	if (t->r_last != NULL)
		t->r_last->next = r;
	else
		t->r_first = r;
	t->r_last = r;
	t->nrows++;
	return r;
}

struct report_val *
report_cell(struct report_row *r, int col)
{
	if (r == NULL || col < 0 || col >= r->table->ncols)
		return NULL;
	return &r->cells[col];
}

void
report_row_textf(struct report_row *r, const char *fmt, ...)
{
	va_list ap;

	if (r == NULL)
		return;
	va_start(ap, fmt);
	r->text = doc_vprintf(r->table->doc, fmt, ap);
	va_end(ap);
}

void
report_row_flags(struct report_row *r, unsigned flags)
{
	if (r != NULL)
		r->flags |= flags;
}

void
report_table_text_last(struct report_node *t, size_t n)
{
	if (t != NULL)
		t->text_last = n;
}

size_t
report_table_rows(const struct report_node *t)
{
	return t != NULL ? t->nrows : 0;
}

size_t
report_table_text_rows(const struct report_node *t,
    const struct report_row **first)
{
	const struct report_row *r;
	size_t n = 0, skip;

	*first = NULL;
	for (r = t->r_first; r != NULL; r = r->next)
		if (!(r->flags & REPORT_NO_TEXT))
			n++;
	skip = t->text_last > 0 && n > t->text_last ? n - t->text_last : 0;
	for (r = t->r_first; r != NULL; r = r->next) {
		if (r->flags & REPORT_NO_TEXT)
			continue;
		if (skip == 0) {
			*first = r;
			break;
		}
		skip--;
	}
	return n - (t->text_last > 0 && n > t->text_last ?
	    n - t->text_last : 0);
}

/* ------------------------------------------------------------------ */
/* Values                                                              */
/* ------------------------------------------------------------------ */

static void
val_reset(struct report_val *v, enum report_type t)
{
	v->type = t;
	v->absent = false;
	v->s = NULL;
	v->node = NULL;
}

void
report_val_null(struct report_val *v)
{
	if (v != NULL)
		val_reset(v, REPORT_NULL);
}

void
report_val_absent(struct report_val *v)
{
	if (v == NULL)
		return;
	val_reset(v, REPORT_NULL);
	v->absent = true;
}

void
report_val_int(struct report_val *v, int64_t i)
{
	if (v == NULL)
		return;
	val_reset(v, REPORT_INT);
	v->i = i;
}

void
report_val_int_or_null(struct report_val *v, int64_t i)
{
	if (i < 0)
		report_val_null(v);
	else
		report_val_int(v, i);
}

void
report_val_real(struct report_val *v, double r)
{
	if (v == NULL)
		return;
	val_reset(v, REPORT_REAL);
	v->r = r;
}

void
report_val_bool(struct report_val *v, bool b)
{
	if (v == NULL)
		return;
	val_reset(v, REPORT_BOOL);
	v->i = b;
}

void
report_val_time(struct report_val *v, usec_t t)
{
	if (v == NULL)
		return;
	val_reset(v, REPORT_TIME);
	v->t = t;
}

void
report_val_duration(struct report_val *v, int64_t s)
{
	if (v == NULL)
		return;
	if (s < 0) {
		report_val_null(v);
		return;
	}
	val_reset(v, REPORT_DURATION);
	v->i = s;
}

void
report_val_text(struct report_val *v, const char *s)
{
	if (v == NULL)
		return;
	val_reset(v, REPORT_TEXT);
	if ((v->s = doc_strdup(v->doc, s != NULL ? s : "")) == NULL)
		v->type = REPORT_NULL;
}

void
report_val_textf(struct report_val *v, const char *fmt, ...)
{
	va_list ap;

	if (v == NULL)
		return;
	val_reset(v, REPORT_TEXT);
	va_start(ap, fmt);
	v->s = doc_vprintf(v->doc, fmt, ap);
	va_end(ap);
	if (v->s == NULL)
		v->type = REPORT_NULL;
}

void
report_val_text_or_null(struct report_val *v, const char *s)
{
	if (s == NULL || s[0] == '\0')
		report_val_null(v);
	else
		report_val_text(v, s);
}

void
report_val_addr(struct report_val *v, const struct net_addr *a)
{
	char buf[NET_ADDR_STRLEN];

	if (v == NULL)
		return;
	if (a == NULL || a->family == 0) {
		report_val_null(v);
		return;
	}
	val_reset(v, REPORT_ADDR);
	if ((v->s = doc_strdup(v->doc, net_addr_str(a, buf))) == NULL)
		v->type = REPORT_NULL;
}

void
report_val_displayf(struct report_val *v, const char *fmt, ...)
{
	va_list ap;

	if (v == NULL)
		return;
	va_start(ap, fmt);
	v->display = doc_vprintf(v->doc, fmt, ap);
	va_end(ap);
}

/* A nested node belongs to no section: it is reached through its value
 * only, so the renderers meet it where the value is. */
static struct report_node *
val_node(struct report_val *v, enum report_kind kind)
{
	struct report_node *n;

	if (v == NULL)
		return NULL;
	if ((n = doc_alloc(v->doc, sizeof(*n))) == NULL)
		return NULL;
	n->kind = kind;
	n->doc = v->doc;
	val_reset(v, REPORT_NODE);
	v->node = n;
	return n;
}

void
report_node_lost(struct report_node *n)
{
	if (n != NULL)
		n->doc->nomem = true;
}

struct report_node *
report_val_table(struct report_val *v)
{
	return val_node(v, RN_TABLE);
}

struct report_node *
report_val_section(struct report_val *v)
{
	return val_node(v, RN_SECTION);
}

struct report_node *
report_val_list(struct report_val *v)
{
	struct report_node *n = val_node(v, RN_LIST);

	if (n != NULL && (n->prefix = doc_strdup(n->doc, "")) == NULL)
		return NULL;
	return n;
}

static const char *
dur_str(int64_t s, char *buf, size_t len)
{
	if (s >= 86400)
		snprintf(buf, len, "%lldd%02lldh", (long long)(s / 86400),
		    (long long)(s % 86400 / 3600));
	else
		snprintf(buf, len, "%02lld:%02lld:%02lld",
		    (long long)(s / 3600), (long long)(s % 3600 / 60),
		    (long long)(s % 60));
	return buf;
}

const char *
report_val_str(const struct report_val *v, char *buf, size_t len)
{
	if (v->display != NULL)
		return v->display;
	if (v->absent)
		return "";
	switch (v->type) {
	case REPORT_TEXT:
	case REPORT_ADDR:
		return v->s;
	case REPORT_INT:
		snprintf(buf, len, "%lld", (long long)v->i);
		return buf;
	case REPORT_REAL:
		snprintf(buf, len, "%g", v->r);
		return buf;
	case REPORT_BOOL:
		return v->i ? "yes" : "no";
	case REPORT_TIME:
		return time_iso(v->t, buf, len);
	case REPORT_DURATION:
		return dur_str(v->i, buf, len);
	case REPORT_NODE:
		return "";
	default:
		return "-";
	}
}

/* ------------------------------------------------------------------ */
/* Lists and findings                                                  */
/* ------------------------------------------------------------------ */

void
report_list_addf(struct report_node *n, const char *fmt, ...)
{
	struct report_line *l;
	va_list ap;

	if (n == NULL || (n->kind != RN_LIST && n->kind != RN_CODE))
		return;
	if ((l = doc_alloc(n->doc, sizeof(*l))) == NULL)
		return;
	va_start(ap, fmt);
	l->s = doc_vprintf(n->doc, fmt, ap);
	va_end(ap);
	if (l->s == NULL)
		return;
	if (n->l_last != NULL)
		n->l_last->next = l;
	else
		n->l_first = l;
	n->l_last = l;
}

void
report_list_add_int(struct report_node *n, int64_t v)
{
	if (n == NULL || n->kind != RN_LIST)
		return;
	report_list_addf(n, "%lld", (long long)v);
	if (n->l_last != NULL && !n->doc->nomem)
		n->l_last->is_int = true;
}

void
report_node_fail(struct report_node *n)
{
	if (n != NULL)
		n->doc->nomem = true;
}

void
report_findings_group(struct report_node *n, const char *group)
{
	if (n != NULL && n->kind == RN_FINDINGS)
		n->group = doc_strdup(n->doc, group != NULL ? group : "");
}

void
report_findings_epoch(struct report_node *n, usec_t epoch)
{
	if (n != NULL && n->kind == RN_FINDINGS) {
		n->epoch = epoch;
		n->has_epoch = true;
	}
}

void
report_findings_text_flags(struct report_node *n, unsigned flags)
{
	if (n != NULL && n->kind == RN_FINDINGS)
		n->text_flags |= flags;
}

/* ------------------------------------------------------------------ */
/* Timeline                                                            */
/* ------------------------------------------------------------------ */

struct report_lane *
report_lane(struct report_node *n, const char *label, const char *kind)
{
	struct report_lane *l;

	if (n == NULL || n->kind != RN_TIMELINE)
		return NULL;
	if ((l = doc_alloc(n->doc, sizeof(*l))) == NULL)
		return NULL;
	l->label = doc_strdup(n->doc, label != NULL ? label : "");
	l->kind = doc_strdup(n->doc, kind != NULL ? kind : "session");
	if (n->doc->nomem)
		return NULL;
	if (n->lane_last != NULL)
		n->lane_last->next = l;
	else
		n->lane_first = l;
	n->lane_last = l;
	l->doc = n->doc;
	return l;
}

void
report_lane_hold(struct report_lane *l, unsigned hold_s)
{
	if (l != NULL)
		l->hold_s = hold_s;
}

static struct report_item *
lane_item(struct report_lane *l, bool mark, usec_t start, usec_t end,
    int kind, const char *label)
{
	struct report_item *it;

	if (l == NULL || (it = doc_alloc(l->doc, sizeof(*it))) == NULL)
		return NULL;
	it->is_mark = mark;
	it->start = start;
	it->end = end > start ? end : start;
	it->kind = kind;
	it->label = doc_strdup(l->doc, label);
	if (l->doc->nomem)
		return NULL;
	if (l->last != NULL)
		l->last->next = it;
	else
		l->first = it;
	l->last = it;
	l->nitems++;
	return it;
}

void
report_interval(struct report_lane *l, usec_t start, usec_t end,
    enum report_iv_kind kind, const char *label)
{
	lane_item(l, false, start, end, (int)kind, label);
}

void
report_mark(struct report_lane *l, usec_t t, enum report_mark_kind kind,
    const char *label)
{
	lane_item(l, true, t, t, (int)kind, label);
}

void
report_mark_count(struct report_lane *l, usec_t start, usec_t end,
    enum report_mark_kind kind, uint64_t count, const char *label)
{
	struct report_item *it;

	if ((it = lane_item(l, true, start, end, (int)kind, label)) != NULL)
		it->count = count;
}

/* ------------------------------------------------------------------ */
/* Diagnose: layers, hypotheses, commands                              */
/* ------------------------------------------------------------------ */

void
report_layer_add(struct report_node *n, const char *name,
    enum report_state st, const char *summary)
{
	struct report_layer *y;

	if (n == NULL || n->kind != RN_LAYERS)
		return;
	if ((y = doc_alloc(n->doc, sizeof(*y))) == NULL)
		return;
	y->name = doc_strdup(n->doc, name != NULL ? name : "");
	y->state = st;
	y->summary = doc_strdup(n->doc, summary != NULL ? summary : "");
	if (n->doc->nomem)
		return;
	if (n->ly_last != NULL)
		n->ly_last->next = y;
	else
		n->ly_first = y;
	n->ly_last = y;
}

struct report_hyp *
report_hyp_add(struct report_node *n, const char *cause, double confidence,
    const char *summary, const char *remedy)
{
	struct report_hyp *h;

	if (n == NULL || n->kind != RN_HYPOTHESES)
		return NULL;
	if ((h = doc_alloc(n->doc, sizeof(*h))) == NULL)
		return NULL;
	h->doc = n->doc;
	h->cause = doc_strdup(n->doc, cause != NULL ? cause : "");
	h->confidence = confidence < 0 ? 0 : confidence > 1 ? 1 : confidence;
	h->summary = doc_strdup(n->doc, summary != NULL ? summary : "");
	h->remedy = doc_strdup(n->doc, remedy != NULL ? remedy : "");
	if (n->doc->nomem)
		return NULL;
	if (n->h_last != NULL)
		n->h_last->next = h;
	else
		n->h_first = h;
	n->h_last = h;
	return h;
}

/* The code's entry on one side of h, made when it is not there yet:
 * JSON lists each code once, as six SYN findings are one clue. */
static struct report_code *
hyp_code(struct report_hyp *h, const char *code, bool support)
{
	struct report_code *c, **first, **last;

	if (h == NULL || code == NULL)
		return NULL;
	first = support ? &h->sup_first : &h->con_first;
	last = support ? &h->sup_last : &h->con_last;
	for (c = *first; c != NULL; c = c->next)
		if (strcmp(c->code, code) == 0)
			return c;
	if ((c = doc_alloc(h->doc, sizeof(*c))) == NULL)
		return NULL;
	if ((c->code = doc_strdup(h->doc, code)) == NULL)
		return NULL;
	if (*last != NULL)
		(*last)->next = c;
	else
		*first = c;
	*last = c;
	return c;
}

void
report_hyp_support(struct report_hyp *h, const char *code)
{
	(void)hyp_code(h, code, true);
}

void
report_hyp_contradict(struct report_hyp *h, const char *code)
{
	(void)hyp_code(h, code, false);
}

static void
hyp_finding(struct report_hyp *h, const struct finding *f, bool support)
{
	struct report_code *c;

	if (f == NULL ||
	    (c = hyp_code(h, finding_def(f->code)->code, support)) == NULL)
		return;
	if (c->nf < REPORT_HYP_FINDINGS)
		c->f[c->nf++] = f;
	c->nf_total++;
}

void
report_hyp_support_finding(struct report_hyp *h, const struct finding *f)
{
	hyp_finding(h, f, true);
}

void
report_hyp_contradict_finding(struct report_hyp *h, const struct finding *f)
{
	hyp_finding(h, f, false);
}

void
report_hyp_fault(struct report_hyp *h, bool fault)
{
	if (h == NULL)
		return;
	h->has_fault = true;
	h->fault = fault;
}

void
report_hyp_subject(struct report_hyp *h, const struct finding_subject *s)
{
	if (h == NULL || s == NULL || finding_subject_empty(s))
		return;
	h->has_subject = true;
	h->subject = *s;
}

void
report_command_add(struct report_node *n, const char *layer,
    const char *why, const char *command)
{
	struct report_cmd *c;

	if (n == NULL || n->kind != RN_COMMANDS)
		return;
	if ((c = doc_alloc(n->doc, sizeof(*c))) == NULL)
		return;
	c->layer = doc_strdup(n->doc, layer != NULL ? layer : "");
	c->why = doc_strdup(n->doc, why != NULL ? why : "");
	c->command = doc_strdup(n->doc, command != NULL ? command : "");
	if (n->doc->nomem)
		return;
	if (n->c_last != NULL)
		n->c_last->next = c;
	else
		n->c_first = c;
	n->c_last = c;
}
