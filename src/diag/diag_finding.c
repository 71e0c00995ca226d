/*
 * The finding type and the catalog table built from finding_catalog.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"

static const struct finding_def catalog[FC__COUNT] = {
#define FINDING(c, s, l, sum, rem)	[FC_##c] = { #c, s, l, sum, rem },
#include "finding_catalog.h"
#undef FINDING
};

const struct finding_def *
finding_def(enum finding_code code)
{
	if ((unsigned)code >= FC__COUNT)
		return NULL;
	return &catalog[code];
}

int
finding_code_by_name(const char *name)
{
	int i;

	for (i = 0; i < FC__COUNT; i++)
		if (strcmp(catalog[i].code, name) == 0)
			return i;
	return -1;
}

const char *
severity_name(enum severity s)
{
	switch (s) {
	case SEV_ERROR:
		return "error";
	case SEV_WARNING:
		return "warning";
	default:
		return "info";
	}
}

const char *
layer_name(enum layer l)
{
	static const char *const names[] = {
		[LAYER_L2] = "L2", [LAYER_TCP] = "TCP", [LAYER_MTU] = "MTU",
		[LAYER_BGP] = "BGP", [LAYER_CIRCUIT] = "CIRCUIT",
		[LAYER_NSG] = "NSG", [LAYER_ROUTING] = "ROUTING",
		[LAYER_MONITOR] = "MONITOR", [LAYER_EVIDENCE] = "EVIDENCE",
	};

	if ((unsigned)l >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[l];
}

void
finding_list_init(struct finding_list *l)
{
	memset(l, 0, sizeof(*l));
}

void
finding_list_release(struct finding_list *l)
{
	free(l->v);
	finding_list_init(l);
}

struct finding *
finding_add(struct finding_list *l, enum finding_code code, const char *fmt,
    ...)
{
	const struct finding_def *def = finding_def(code);
	struct finding *f, *nv;
	size_t ncap;
	va_list ap;

	if (def == NULL)
		return NULL;
	if (l->n >= LIMIT_FINDINGS) {
		l->dropped++;
		return NULL;
	}
	if (l->n == l->cap) {
		ncap = l->cap ? l->cap * 2 : 16;
		if ((nv = erw_realloc(l->v, ncap * sizeof(*nv))) == NULL) {
			l->nomem = true;
			return NULL;
		}
		l->v = nv;
		l->cap = ncap;
	}
	f = &l->v[l->n++];
	memset(f, 0, sizeof(*f));
	f->code = code;
	f->sev = def->sev;
	f->layer = def->layer;
	va_start(ap, fmt);
	vsnprintf(f->summary, sizeof(f->summary), fmt, ap);
	va_end(ap);
	return f;
}

static struct evidence *
ev_next(struct finding *f, enum evidence_kind kind, const char *input)
{
	struct evidence *ev;

	if (f == NULL || f->nev >= LIMIT_EVIDENCE_PER_FINDING)
		return NULL;
	ev = &f->ev[f->nev++];
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	str_copy(ev->input, input != NULL ? input : "", sizeof(ev->input));
	return ev;
}

void
finding_ev_frame(struct finding *f, const char *input, uint64_t frame,
    usec_t time)
{
	struct evidence *ev;

	if ((ev = ev_next(f, EV_FRAME, input)) == NULL)
		return;
	ev->unit = frame;
	ev->time = time;
	ev->has_time = true;
}

void
finding_ev_line(struct finding *f, const char *input, uint64_t line)
{
	struct evidence *ev;

	if ((ev = ev_next(f, EV_LINE, input)) != NULL)
		ev->unit = line;
}

void
finding_ev_json(struct finding *f, const char *input, const char *pointer)
{
	struct evidence *ev;

	if ((ev = ev_next(f, EV_JSON, input)) != NULL)
		str_copy(ev->where, pointer, sizeof(ev->where));
}

void
finding_ev_note(struct finding *f, const char *input, const char *fmt, ...)
{
	struct evidence *ev;
	va_list ap;

	if ((ev = ev_next(f, EV_NOTE, input)) == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(ev->where, sizeof(ev->where), fmt, ap);
	va_end(ap);
}

void
finding_set_group(struct finding *f, const char *group)
{
	if (f != NULL)
		str_copy(f->group, group, sizeof(f->group));
}

enum severity
finding_list_worst(const struct finding_list *l)
{
	enum severity worst = SEV_INFO;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].sev > worst)
			worst = l->v[i].sev;
	return worst;
}

bool
finding_list_has(const struct finding_list *l, enum finding_code code)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].code == code)
			return true;
	return false;
}

int
finding_list_check(const struct finding_list *l, struct err *e)
{
	if (l->nomem)
		return ERR(e, ERR_NOMEM, "cannot keep every finding");
	return 0;
}

int
finding_list_exit_code(const struct finding_list *l)
{
	return finding_list_worst(l) == SEV_ERROR ? 1 : 0;
}
