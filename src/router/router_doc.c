/*
 * The router document: inputs, neighbors and events, with their merging.
 *
 * Users paste several outputs of one router (the summary for the counts,
 * the neighbor detail for the timers, the log for the story), so a
 * session seen twice is one neighbor: the same VRF and address, an
 * address family that is the same or unsaid, and the same local AS when
 * both say it.  What the first output left unknown the next one fills;
 * a value both state is kept from the first (the defining line is the
 * first evidence item).  Events are kept as they come; the only
 * de-duplication is a daemon writing the same up/down twice in one second
 * (FRR's FSM debug line beside its %ADJCHANGE).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "router_int.h"

struct router_doc *
router_doc_new(const struct router_ctx *ctx)
{
	struct router_doc *d;

	if ((d = erw_calloc(1, sizeof(*d))) == NULL)
		return NULL;
	if (ctx != NULL)
		d->ctx = *ctx;
	if (d->ctx.now == 0)
		d->ctx.now = (usec_t)time(NULL) * USEC_PER_SEC;
	return d;
}

void
router_doc_free(struct router_doc *d)
{
	if (d == NULL)
		return;
	free(d->inputs);
	free(d->neighbors);
	free(d->events);
	free(d);
}

const char *
router_src_name(const struct router_doc *d, const struct router_src *s)
{
	if (s->input >= d->ninputs)
		return "";
	return d->inputs[s->input].name;
}

void
rnote(struct router_doc *d, const char *fmt, ...)
{
	va_list ap;

	if (d->nnotes >= ROUTER_NOTES_MAX) {
		d->notes_dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(d->notes[d->nnotes], ROUTER_NOTE_LEN, fmt, ap);
	va_end(ap);
	d->nnotes++;
}

/* Grow an array of elem-sized items to hold one more; -1 on OOM/limit. */
static int
grow(void **v, size_t *cap, size_t n, size_t elem, size_t limit)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return 0;
	if (n >= limit)
		return -1;
	ncap = *cap ? *cap * 2 : 16;
	if (ncap > limit)
		ncap = limit;
	if ((nv = erw_realloc(*v, ncap * elem)) == NULL)
		return -1;
	*v = nv;
	*cap = ncap;
	return 0;
}

/* Exposed to router_text.c through this file only. */
struct router_input *router_input_add(struct router_doc *, const char *);

struct router_input *
router_input_add(struct router_doc *d, const char *name)
{
	struct router_input *in;

	if (grow((void **)&d->inputs, &d->cap_in, d->ninputs, sizeof(*in),
	    UINT16_MAX) == -1)
		return NULL;
	in = &d->inputs[d->ninputs++];
	memset(in, 0, sizeof(*in));
	str_copy(in->name, name, sizeof(in->name));
	return in;
}

/* ------------------------------------------------------------------ */
/* Neighbors                                                           */
/* ------------------------------------------------------------------ */

void
rnb_init(struct rparse *rp, struct router_neighbor *nb, uint32_t line)
{
	memset(nb, 0, sizeof(*nb));
	str_copy(nb->vrf, rp->cmd_vrf[0] ? rp->cmd_vrf : "default",
	    sizeof(nb->vrf));
	nb->updown_s = nb->hold_cfg = nb->keepalive_cfg = -1;
	nb->hold = nb->keepalive = -1;
	nb->pfx_received = nb->pfx_accepted = nb->flaps = -1;
	nb->md5 = ROUTER_UNSAID;
	nb->vendor = rp->sec != NULL ? rp->sec->vendor : ROUTER_VENDOR_UNKNOWN;
	if (rp->sec != NULL)
		str_copy(nb->host, rp->sec->host, sizeof(nb->host));
	nb->nsrc = 1;
	nb->src[0].input = rp->input;
	nb->src[0].line = line;
}

static bool
same_session(const struct router_neighbor *a, const struct router_neighbor *b)
{
	if (!net_addr_eq(&a->addr, &b->addr) || strcmp(a->vrf, b->vrf) != 0)
		return false;
	if (a->afi[0] != '\0' && b->afi[0] != '\0' &&
	    str_casecmp(a->afi, b->afi) != 0)
		return false;
	if (a->has_local_as && b->has_local_as && a->local_as != b->local_as)
		return false;
	if (a->host[0] != '\0' && b->host[0] != '\0' &&
	    strcmp(a->host, b->host) != 0)
		return false;
	/* Two routers' views of one address (a lab pasting both ends):
	 * told apart by the remote AS when both say it. */
	if (a->has_remote_as && b->has_remote_as &&
	    a->remote_as != b->remote_as)
		return false;
	return true;
}

#define FILL_NUM(f)	do { if (d->f < 0) d->f = s->f; } while (0)
#define FILL_STR(f)	do { if (d->f[0] == '\0') \
	str_copy(d->f, s->f, sizeof(d->f)); } while (0)

static void
merge(struct router_neighbor *d, const struct router_neighbor *s)
{
	unsigned i;

	if (!d->has_remote_as && s->has_remote_as) {
		d->remote_as = s->remote_as;
		d->has_remote_as = true;
	}
	if (!d->has_local_as && s->has_local_as) {
		d->local_as = s->local_as;
		d->has_local_as = true;
	}
	if (d->router_id.family == 0)
		d->router_id = s->router_id;
	if (d->local_id.family == 0)
		d->local_id = s->local_id;
	if (d->local_addr.family == 0)
		d->local_addr = s->local_addr;
	/* ports change with every connection: only from the same output
	 * that gave the address */
	if (d->local_port == 0 && d->remote_port == 0 &&
	    net_addr_eq(&d->local_addr, &s->local_addr)) {
		d->local_port = s->local_port;
		d->remote_port = s->remote_port;
	}
	if (d->state == ROUTER_ST_UNKNOWN) {
		d->state = s->state;
		str_copy(d->state_text, s->state_text, sizeof(d->state_text));
	} else if (d->state == s->state &&
	    strlen(s->state_text) > strlen(d->state_text))
		/* "Idle (PfxCt)" says more than "Idle" */
		str_copy(d->state_text, s->state_text, sizeof(d->state_text));
	d->admin_down = d->admin_down || s->admin_down;
	d->max_prefix = d->max_prefix || s->max_prefix;
	FILL_NUM(updown_s);
	FILL_NUM(hold_cfg);
	FILL_NUM(keepalive_cfg);
	FILL_NUM(hold);
	FILL_NUM(keepalive);
	FILL_NUM(pfx_received);
	FILL_NUM(pfx_accepted);
	FILL_NUM(flaps);
	if (d->md5 == ROUTER_UNSAID)
		d->md5 = s->md5;
	if (d->err_code == 0) {
		d->err_code = s->err_code;
		d->err_subcode = s->err_subcode;
	}
	FILL_STR(afi);
	FILL_STR(last_error);
	FILL_STR(reset_reason);
	FILL_STR(description);
	FILL_STR(proto);
	FILL_STR(host);
	if (d->vendor == ROUTER_VENDOR_UNKNOWN)
		d->vendor = s->vendor;
	for (i = 0; i < s->nsrc && d->nsrc < ROUTER_SRC_MAX; i++)
		d->src[d->nsrc++] = s->src[i];
}

int
rnb_add(struct rparse *rp, const struct router_neighbor *nb)
{
	struct router_doc *d = rp->doc;
	size_t i;

	if (nb->addr.family == 0)
		return 0;
	if (rp->sec != NULL)
		rp->sec->neighbors++;
	for (i = 0; i < d->nneighbors; i++)
		if (same_session(&d->neighbors[i], nb)) {
			merge(&d->neighbors[i], nb);
			return 0;
		}
	if (grow((void **)&d->neighbors, &d->cap_nb, d->nneighbors,
	    sizeof(*nb), LIMIT_ROUTER_NEIGHBORS) == -1) {
		d->dropped++;
		return d->nneighbors >= LIMIT_ROUTER_NEIGHBORS ? 0 : -1;
	}
	d->neighbors[d->nneighbors++] = *nb;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Events                                                              */
/* ------------------------------------------------------------------ */

void
rev_init(struct rparse *rp, struct router_event *ev, uint32_t line)
{
	memset(ev, 0, sizeof(*ev));
	ev->code = ev->subcode = -1;
	ev->count = ev->limit = -1;
	str_copy(ev->vrf, "default", sizeof(ev->vrf));
	ev->vendor = rp->sec != NULL ? rp->sec->vendor : ROUTER_VENDOR_UNKNOWN;
	ev->src.input = rp->input;
	ev->src.line = line;
}

/* The same up/down twice within a second, from one file: one event. */
static bool
duplicate(const struct router_doc *d, const struct router_event *ev)
{
	size_t i, stop = d->nevents > 8 ? d->nevents - 8 : 0;
	const struct router_event *o;

	if (ev->kind != ROUTER_EV_UP && ev->kind != ROUTER_EV_DOWN)
		return false;
	for (i = d->nevents; i > stop; i--) {
		o = &d->events[i - 1];
		if (o->src.input != ev->src.input)
			break;
		if (o->kind != ev->kind || !net_addr_eq(&o->addr, &ev->addr) ||
		    strcmp(o->proto, ev->proto) != 0)
			continue;
		if (o->time.year_from == ROUTER_TF_NONE ||
		    ev->time.year_from == ROUTER_TF_NONE)
			continue;
		if (ev->time.t - o->time.t < USEC_PER_SEC &&
		    o->time.t - ev->time.t < USEC_PER_SEC)
			return true;
	}
	return false;
}

int
rev_add(struct rparse *rp, const struct router_event *ev)
{
	struct router_doc *d = rp->doc;

	if (duplicate(d, ev))
		return 0;
	if (grow((void **)&d->events, &d->cap_ev, d->nevents, sizeof(*ev),
	    LIMIT_ROUTER_EVENTS) == -1) {
		d->dropped++;
		return d->nevents >= LIMIT_ROUTER_EVENTS ? 0 : -1;
	}
	d->events[d->nevents++] = *ev;
	if (rp->sec != NULL)
		rp->sec->events++;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Finishing                                                           */
/* ------------------------------------------------------------------ */

static int
ev_cmp(const void *a, const void *b)
{
	const struct router_event *x = a, *y = b;
	bool tx = x->time.year_from != ROUTER_TF_NONE;
	bool ty = y->time.year_from != ROUTER_TF_NONE;

	/* Timed events in time order; untimed ones after, in file order.
	 * Ties keep file order (qsort is not stable: compare positions). */
	if (tx && ty && x->time.t != y->time.t)
		return x->time.t < y->time.t ? -1 : 1;
	if (tx != ty)
		return tx ? -1 : 1;
	if (x->src.input != y->src.input)
		return x->src.input < y->src.input ? -1 : 1;
	if (x->src.line != y->src.line)
		return x->src.line < y->src.line ? -1 : 1;
	return 0;
}

void
router_doc_finish(struct router_doc *d)
{
	size_t i, j;

	/* BIRD logs name the protocol, not the peer. */
	for (i = 0; i < d->nevents; i++) {
		struct router_event *ev = &d->events[i];

		if (ev->addr.family != 0 || ev->proto[0] == '\0')
			continue;
		for (j = 0; j < d->nneighbors; j++)
			if (strcmp(d->neighbors[j].proto, ev->proto) == 0) {
				ev->addr = d->neighbors[j].addr;
				break;
			}
	}
	if (d->nevents > 1)
		qsort(d->events, d->nevents, sizeof(d->events[0]), ev_cmp);
}
