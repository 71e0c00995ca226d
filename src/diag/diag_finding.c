/*
 * The finding type and the catalog table built from finding_catalog.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

void
finding_set_subject(struct finding *f, const struct finding_subject *s)
{
	if (f != NULL && s != NULL)
		f->subject = *s;
}

void
finding_subj_peers(struct finding *f, const struct net_addr *local,
    uint16_t local_port, const struct net_addr *peer, uint16_t peer_port)
{
	if (f == NULL)
		return;
	if (local != NULL)
		f->subject.local = *local;
	if (peer != NULL)
		f->subject.peer = *peer;
	f->subject.local_port = local_port;
	f->subject.peer_port = peer_port;
}

void
finding_subj_asns(struct finding *f, uint32_t local_as, uint32_t peer_as)
{
	if (f == NULL)
		return;
	f->subject.local_as = local_as;
	f->subject.peer_as = peer_as;
}

void
finding_subj_path(struct finding *f, enum path_role path)
{
	if (f != NULL)
		f->subject.path = path;
}

void
finding_subj_vlan(struct finding *f, unsigned vlan, unsigned inner)
{
	if (f == NULL)
		return;
	/* 0 and 4095 are reserved in 802.1Q: neither names a VLAN. */
	f->subject.vlan = vlan <= 4094 ? (uint16_t)vlan : 0;
	f->subject.inner_vlan = inner <= 4094 ? (uint16_t)inner : 0;
}

void
finding_subj_span(struct finding *f, usec_t from, usec_t to)
{
	if (f == NULL)
		return;
	f->subject.has_span = true;
	f->subject.from = from;
	f->subject.to = to < from ? from : to;
}

void
finding_subj_object(struct finding *f, const char *kind, const char *name)
{
	if (f == NULL)
		return;
	str_copy(f->subject.object_kind, kind != NULL ? kind : "",
	    sizeof(f->subject.object_kind));
	str_copy(f->subject.object, name != NULL ? name : "",
	    sizeof(f->subject.object));
}

bool
finding_subject_empty(const struct finding_subject *s)
{
	return s->local.family == NET_AF_NONE &&
	    s->peer.family == NET_AF_NONE && s->local_port == 0 &&
	    s->peer_port == 0 && s->local_as == 0 && s->peer_as == 0 &&
	    s->path == PATH_UNKNOWN && s->vlan == 0 && s->inner_vlan == 0 &&
	    !s->has_span && s->object[0] == '\0';
}

/* Is addr known in b as either endpoint? */
static bool
subject_has_addr(const struct finding_subject *b, const struct net_addr *addr)
{
	return net_addr_eq(&b->local, addr) || net_addr_eq(&b->peer, addr);
}

/* Is every address a knows also an endpoint in b? */
static bool
subject_addrs_within(const struct finding_subject *a,
    const struct finding_subject *b)
{
	if (a->local.family != NET_AF_NONE && !subject_has_addr(b, &a->local))
		return false;
	if (a->peer.family != NET_AF_NONE && !subject_has_addr(b, &a->peer))
		return false;
	return true;
}

static int
subject_addr_count(const struct finding_subject *s)
{
	return (s->local.family != NET_AF_NONE) +
	    (s->peer.family != NET_AF_NONE);
}

bool
finding_subject_same_peers(const struct finding_subject *a,
    const struct finding_subject *b)
{
	int na = subject_addr_count(a), nb = subject_addr_count(b);

	if (na == 0 || nb == 0)
		return false;
	/*
	 * Unordered: a capture's "local" may be a router output's "peer".
	 * The side that knows fewer addresses (a router output names only
	 * its neighbor) must find them all on the other side; when both
	 * know as many, each must find the other's.
	 */
	if (na < nb)
		return subject_addrs_within(a, b);
	if (nb < na)
		return subject_addrs_within(b, a);
	return subject_addrs_within(a, b) && subject_addrs_within(b, a);
}

bool
finding_subject_spans_meet(const struct finding_subject *a,
    const struct finding_subject *b, usec_t slack)
{
	if (!a->has_span || !b->has_span)
		return false;
	return a->from - slack <= b->to && b->from - slack <= a->to;
}

const char *
path_role_name(enum path_role path)
{
	switch (path) {
	case PATH_PRIMARY:
		return "primary";
	case PATH_SECONDARY:
		return "secondary";
	default:
		return NULL;
	}
}

enum path_role
path_role_by_name(const char *name)
{
	if (name == NULL)
		return PATH_UNKNOWN;
	if (strcasecmp(name, "primary") == 0)
		return PATH_PRIMARY;
	if (strcasecmp(name, "secondary") == 0)
		return PATH_SECONDARY;
	return PATH_UNKNOWN;
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
