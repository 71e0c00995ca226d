/*
 * Address range arithmetic (net_range.h): ranges from prefixes, sets of
 * ranges kept canonical by sorting and merging, and the set algebra done
 * as linear sweeps over two canonical sets.
 *
 * Addresses are compared as big-endian numbers over the family's width
 * (4 or 16 bytes of struct net_addr.a).  The only arithmetic is +1 and
 * -1, each refusing to step past the end of the space; that is why ranges
 * are inclusive and every "hi + 1" below is guarded.
 */
#include <stdlib.h>
#include <string.h>

#include "net_range.h"

/* ------------------------------------------------------------------ */
/* Addresses as numbers                                                */
/* ------------------------------------------------------------------ */

static size_t
width(uint8_t family)
{
	return family == NET_AF_INET6 ? 16 : 4;
}

static bool
family_ok(uint8_t family)
{
	return family == NET_AF_INET || family == NET_AF_INET6;
}

static int
acmp(const struct net_addr *x, const struct net_addr *y)
{
	return memcmp(x->a, y->a, width(x->family));
}

/* An address of family with every byte of its width set to b. */
static void
addr_fill(struct net_addr *a, uint8_t family, uint8_t b)
{
	memset(a, 0, sizeof(*a));
	a->family = family;
	memset(a->a, b, width(family));
}

/* a + 1; false (a unchanged) when a is the last address of its family. */
static bool
addr_inc(struct net_addr *a)
{
	size_t i = width(a->family);

	while (i > 0 && a->a[i - 1] == 0xff)
		i--;
	if (i == 0)
		return false;
	a->a[i - 1]++;
	memset(a->a + i, 0, width(a->family) - i);
	return true;
}

/* a - 1; false (a unchanged) when a is the first address. */
static bool
addr_dec(struct net_addr *a)
{
	size_t i = width(a->family);

	while (i > 0 && a->a[i - 1] == 0)
		i--;
	if (i == 0)
		return false;
	a->a[i - 1]--;
	memset(a->a + i, 0xff, width(a->family) - i);
	return true;
}

/* Copy keeping only the family's bytes, so that stored ranges never carry
 * stray bytes beyond an IPv4 address. */
static void
addr_copy(struct net_addr *dst, const struct net_addr *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->family = src->family;
	memcpy(dst->a, src->a, width(src->family));
}

/* ------------------------------------------------------------------ */
/* Ranges                                                              */
/* ------------------------------------------------------------------ */

int
net_range_from_prefix(const struct net_prefix *p, struct net_range *r)
{
	uint8_t fam = p->addr.family;
	size_t i, bits;

	if (!family_ok(fam) || p->len > net_family_bits(fam))
		return -1;
	addr_copy(&r->lo, &p->addr);
	addr_copy(&r->hi, &p->addr);
	for (i = 0; i < width(fam); i++) {
		bits = i * 8;
		if (bits + 8 <= p->len)
			continue;
		if (bits >= p->len) {
			r->lo.a[i] = 0;
			r->hi.a[i] = 0xff;
		} else {
			/* 1..7 network bits in this byte */
			uint8_t keep = (uint8_t)(0xff << (8 - (p->len - bits)));

			r->lo.a[i] &= keep;
			r->hi.a[i] |= (uint8_t)~keep;
		}
	}
	return 0;
}

bool
net_range_contains(const struct net_range *r, const struct net_addr *a)
{
	return a->family == r->lo.family && acmp(&r->lo, a) <= 0 &&
	    acmp(a, &r->hi) <= 0;
}

static int
range_cmp(const void *x, const void *y)
{
	const struct net_range *a = x, *b = y;
	int c;

	if ((c = acmp(&a->lo, &b->lo)) != 0)
		return c;
	return acmp(&a->hi, &b->hi);
}

/* ------------------------------------------------------------------ */
/* Sets                                                                */
/* ------------------------------------------------------------------ */

void
net_rset_init(struct net_rset *s, uint8_t family)
{
	memset(s, 0, sizeof(*s));
	s->family = family;
	s->canonical = true;	/* the empty set is */
}

void
net_rset_release(struct net_rset *s)
{
	uint8_t fam = s->family;

	free(s->v);
	net_rset_init(s, fam);
}

void
net_rset_clear(struct net_rset *s)
{
	s->n = 0;
	s->canonical = true;
}

/* Append without checks; the caller vouches for family and order. */
static int
push(struct net_rset *s, const struct net_addr *lo, const struct net_addr *hi,
    struct err *e)
{
	struct net_range *nv;

	if (s->n == s->cap) {
		size_t ncap = s->cap == 0 ? 8 : s->cap * 2;

		/* reallocarray refuses a product that would overflow */
		nv = erw_reallocarray(s->v, ncap, sizeof(*nv));
		if (nv == NULL)
			return ERR(e, ERR_NOMEM, "out of memory");
		s->v = nv;
		s->cap = ncap;
	}
	addr_copy(&s->v[s->n].lo, lo);
	addr_copy(&s->v[s->n].hi, hi);
	s->n++;
	return 0;
}

static const char *
family_word(uint8_t family)
{
	return family == NET_AF_INET6 ? "IPv6" : "IPv4";
}

int
net_rset_add(struct net_rset *s, const struct net_range *r, struct err *e)
{
	if (!family_ok(s->family) || r->lo.family != s->family ||
	    r->hi.family != s->family)
		return ERR(e, ERR_INPUT, "%s range in an %s set",
		    family_word(r->lo.family), family_word(s->family));
	if (acmp(&r->lo, &r->hi) > 0)
		return ERR(e, ERR_INPUT, "range ends before it starts");
	if (push(s, &r->lo, &r->hi, e) == -1)
		return -1;
	if (s->n > 1)
		s->canonical = false;
	return 0;
}

int
net_rset_add_prefix(struct net_rset *s, const struct net_prefix *p,
    struct err *e)
{
	struct net_range r;

	if (p->addr.family != s->family)
		return ERR(e, ERR_INPUT, "%s prefix in an %s set",
		    family_word(p->addr.family), family_word(s->family));
	if (net_range_from_prefix(p, &r) == -1)
		return ERR(e, ERR_INPUT, "prefix length %u beyond %d bits",
		    (unsigned)p->len, net_family_bits(s->family));
	return net_rset_add(s, &r, e);
}

int
net_rset_add_set(struct net_rset *dst, const struct net_rset *src,
    struct err *e)
{
	size_t i;

	if (src->family != dst->family)
		return ERR(e, ERR_INPUT, "%s set added to an %s set",
		    family_word(src->family), family_word(dst->family));
	for (i = 0; i < src->n; i++)
		if (net_rset_add(dst, &src->v[i], e) == -1)
			return -1;
	return 0;
}

void
net_rset_normalize(struct net_rset *s)
{
	struct net_addr next;
	size_t i, k = 0;

	if (s->canonical)
		return;
	qsort(s->v, s->n, sizeof(*s->v), range_cmp);
	for (i = 1; i < s->n; i++) {
		next = s->v[k].hi;
		/* when v[k] reaches the top, everything after overlaps it */
		if (!addr_inc(&next) || acmp(&s->v[i].lo, &next) <= 0) {
			if (acmp(&s->v[i].hi, &s->v[k].hi) > 0)
				s->v[k].hi = s->v[i].hi;
		} else
			s->v[++k] = s->v[i];
	}
	if (s->n > 0)
		s->n = k + 1;
	s->canonical = true;
}

/* Common preamble of the operations: families agree, out is fresh. */
static int
op_begin(struct net_rset *a, struct net_rset *b, struct net_rset *out,
    struct err *e)
{
	if (out == a || out == b)
		return ERR(e, ERR_RUNTIME, "range set operation into its own "
		    "input");
	if (!family_ok(out->family) || a->family != out->family ||
	    (b != NULL && b->family != out->family))
		return ERR(e, ERR_INPUT, "range sets of different or no families");
	net_rset_normalize(a);
	if (b != NULL)
		net_rset_normalize(b);
	net_rset_clear(out);
	return 0;
}

/* The sweeps emit in order with gaps: their output is canonical. */
static int
op_end(struct net_rset *out, int rc)
{
	if (rc == -1)
		net_rset_clear(out);
	out->canonical = true;
	return rc;
}

int
net_rset_union(struct net_rset *a, struct net_rset *b, struct net_rset *out,
    struct err *e)
{
	if (op_begin(a, b, out, e) == -1)
		return -1;
	if (net_rset_add_set(out, a, e) == -1 ||
	    net_rset_add_set(out, b, e) == -1)
		return op_end(out, -1);
	net_rset_normalize(out);
	return 0;
}

int
net_rset_intersect(struct net_rset *a, struct net_rset *b,
    struct net_rset *out, struct err *e)
{
	size_t i = 0, j = 0;
	const struct net_addr *lo, *hi;

	if (op_begin(a, b, out, e) == -1)
		return -1;
	while (i < a->n && j < b->n) {
		lo = acmp(&a->v[i].lo, &b->v[j].lo) >= 0 ? &a->v[i].lo :
		    &b->v[j].lo;
		hi = acmp(&a->v[i].hi, &b->v[j].hi) <= 0 ? &a->v[i].hi :
		    &b->v[j].hi;
		if (acmp(lo, hi) <= 0 && push(out, lo, hi, e) == -1)
			return op_end(out, -1);
		/* the range that ends first can meet nothing further */
		if (acmp(&a->v[i].hi, &b->v[j].hi) <= 0)
			i++;
		else
			j++;
	}
	return op_end(out, 0);
}

int
net_rset_subtract(struct net_rset *a, struct net_rset *b,
    struct net_rset *out, struct err *e)
{
	struct net_addr cur, end;
	size_t i, j = 0;
	bool left;

	if (op_begin(a, b, out, e) == -1)
		return -1;
	for (i = 0; i < a->n; i++) {
		cur = a->v[i].lo;	/* first address not yet decided */
		left = true;
		while (j < b->n && acmp(&b->v[j].hi, &cur) < 0)
			j++;
		while (j < b->n && acmp(&b->v[j].lo, &a->v[i].hi) <= 0) {
			if (acmp(&b->v[j].lo, &cur) > 0) {
				end = b->v[j].lo;
				(void)addr_dec(&end);	/* lo > cur >= 0 */
				if (push(out, &cur, &end, e) == -1)
					return op_end(out, -1);
			}
			if (acmp(&b->v[j].hi, &a->v[i].hi) >= 0) {
				/* b[j] may reach into a[i + 1]: keep it */
				left = false;
				break;
			}
			cur = b->v[j].hi;
			(void)addr_inc(&cur);	/* hi < a[i].hi <= top */
			j++;
		}
		if (left && push(out, &cur, &a->v[i].hi, e) == -1)
			return op_end(out, -1);
	}
	return op_end(out, 0);
}

int
net_rset_complement(struct net_rset *a, struct net_rset *out, struct err *e)
{
	struct net_addr next, end, top;
	bool more = true;	/* next is an address still to place */
	size_t i;

	if (op_begin(a, NULL, out, e) == -1)
		return -1;
	addr_fill(&next, a->family, 0);
	addr_fill(&top, a->family, 0xff);
	for (i = 0; i < a->n && more; i++) {
		if (acmp(&a->v[i].lo, &next) > 0) {
			end = a->v[i].lo;
			(void)addr_dec(&end);
			if (push(out, &next, &end, e) == -1)
				return op_end(out, -1);
		}
		next = a->v[i].hi;
		more = addr_inc(&next);
	}
	if (more && push(out, &next, &top, e) == -1)
		return op_end(out, -1);
	return op_end(out, 0);
}

bool
net_rset_contains(const struct net_rset *s, const struct net_addr *a)
{
	size_t lo = 0, hi = s->n, mid, i;

	if (a->family != s->family)
		return false;
	if (!s->canonical) {
		for (i = 0; i < s->n; i++)
			if (net_range_contains(&s->v[i], a))
				return true;
		return false;
	}
	/* the last range starting at or before a is the only candidate */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (acmp(&s->v[mid].lo, a) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && acmp(a, &s->v[lo - 1].hi) <= 0;
}

bool
net_rset_covers(struct net_rset *a, struct net_rset *b)
{
	size_t i = 0, j;

	if (a->family != b->family)
		return false;
	net_rset_normalize(a);
	net_rset_normalize(b);
	/* a's ranges are not adjacent, so one of them must hold all of a
	 * range of b */
	for (j = 0; j < b->n; j++) {
		while (i < a->n && acmp(&a->v[i].hi, &b->v[j].lo) < 0)
			i++;
		if (i == a->n || acmp(&a->v[i].lo, &b->v[j].lo) > 0 ||
		    acmp(&a->v[i].hi, &b->v[j].hi) < 0)
			return false;
	}
	return true;
}

bool
net_rset_equal(struct net_rset *a, struct net_rset *b)
{
	size_t i;

	if (a->family != b->family)
		return false;
	net_rset_normalize(a);
	net_rset_normalize(b);
	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (range_cmp(&a->v[i], &b->v[i]) != 0)
			return false;
	return true;
}
