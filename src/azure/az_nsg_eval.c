/*
 * NSG evaluation: the reference scan and the compiled classifier.
 *
 * The scan walks one direction's rules in priority order and returns the
 * first that matches: what Azure documents (azure-formats.md 6.1), easy
 * to check, O(rules) per flow.
 *
 * The compiled form is the classic packet-classification construction
 * (bit-vector search, Lakshman and Stiliadis, SIGCOMM 1998): for each
 * dimension (source address, source port, destination address,
 * destination port) the value space is cut into elementary intervals at
 * every rule boundary, and each interval points to the bitset of the
 * rules that cover it, bit i = i-th rule in priority order (identical
 * bitsets are stored once).  Ports are looked up in a direct table of
 * every value; the protocol is ANDed into the destination-port rows in
 * advance.  A lookup is two two-step interval searches (addresses), two
 * table loads (ports) and the AND of four bitsets; the lowest set bit is
 * the first match.  Rows of eight words (a few hundred rules) are ANDed
 * in SSE2 vectors; rows of more than eight words carry a summary (bit j =
 * word j is non-zero) so the AND skips words that cannot hold a match.
 * nsg_eval_many() interleaves the lookups of a group of flows and
 * prefetches each step's memory.  Only IPv4 is compiled; IPv6 flows use
 * the scan.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "az_nsg.h"
#include "az_nsg_int.h"

/* Refuse to compile a dimension larger than this many bitset words
 * (32 MiB); such a direction falls back to the scan. */
#define NSG_COMPILE_BUDGET_WORDS	(4u * 1024 * 1024)

/*
 * Four dimensions, plus the protocol: protocol 0 is "*", and a flow with
 * protocol "*" finds only the rules whose protocol is "*".  The protocol
 * row is not looked up on its own but ANDed in advance into each distinct
 * destination-port row (fold_proto(): rows, not intervals, times the
 * number of protocols, a few hundred KiB), which saves one row load and
 * AND per lookup.
 */
enum { DIM_SRC, DIM_SPORT, DIM_DST, DIM_DPORT, DIM__COUNT };

/*
 * Interval starts are searched in two steps so that a lookup touches two
 * or three cache lines instead of one per bisection step: a sample of
 * every NSG_FANOUT-th start (small, stays in L1 across lookups), then one
 * block of NSG_FANOUT starts (one cache line), counted without branches.
 */
#define NSG_FANOUT	16

struct nsg_dim {
	uint32_t	 n;		/* elementary intervals */
	uint32_t	*start;		/* ascending, start[0] == 0, padded
					   with UINT32_MAX to a whole block */
	uint32_t	 nsamp;
	uint32_t	*samp;		/* samp[i] = start[i * NSG_FANOUT] */
	uint32_t	*rid;		/* interval -> row (rows are shared) */
	uint32_t	 nrows;
	uint64_t	*bits;		/* nrows rows of w words, 64-byte
					   aligned */
	uint64_t	*sum;		/* nrows rows of sw words */
	uint16_t	*direct;	/* ports: value -> row, NSG_PORT_NONE
					   + 1 entries, no search */
};

struct nsg_compiled {
	const struct nsg_rule	*rules;		/* this direction's first */
	size_t			 nrules;
	size_t			 w, sw;
	struct nsg_dim		 dim[DIM__COUNT];
	uint64_t		*proto;		/* NSG_P__COUNT rows of w */
	uint64_t		*pbits;		/* destination-port row r AND
						   protocol p: row r *
						   NSG_P__COUNT + p, w words */
	uint64_t		*psum;		/* their summaries, sw words */
};

/* ------------------------------------------------------------------ */
/* Reference scan                                                      */
/* ------------------------------------------------------------------ */

/* IPv4 address in host order, inline (net_addr_v4() is a call away and
 * this is on every lookup's path). */
static inline uint32_t
v4(const struct net_addr *a)
{
	return (uint32_t)a->a[0] << 24 | (uint32_t)a->a[1] << 16 |
	    (uint32_t)a->a[2] << 8 | a->a[3];
}

static bool
port_match(bool any, const struct nsg_portrange *v, size_t n, uint32_t p)
{
	size_t i;

	if (any)
		return true;
	if (p == NSG_PORT_NONE)
		return false;	/* a portless protocol has no port to match */
	for (i = 0; i < n; i++)
		if (p >= v[i].lo && p <= v[i].hi)
			return true;
	return false;
}

static bool
addr_match(const struct nsg_addrset *s, const struct net_addr *a)
{
	size_t i;
	uint32_t x;

	if (s->any)
		return true;
	if (a->family == NET_AF_INET) {
		x = v4(a);
		for (i = 0; i < s->n4; i++)
			if (x >= s->v4[i].lo && x <= s->v4[i].hi)
				return true;
		return false;
	}
	for (i = 0; i < s->n6; i++)
		if (net_prefix_contains(&s->v6[i], a))
			return true;
	return false;
}

/* Source and destination of f as the rules see them. */
static void
endpoints(const struct nsg_flow *f, const struct net_addr **src,
    uint32_t *sport, const struct net_addr **dst, uint32_t *dport)
{
	if (f->dir == NSG_IN) {
		*src = &f->remote;
		*sport = f->rport;
		*dst = &f->local;
		*dport = f->lport;
	} else {
		*src = &f->local;
		*sport = f->lport;
		*dst = &f->remote;
		*dport = f->rport;
	}
}

static bool
rule_match(const struct nsg_rule *r, const struct nsg_flow *f,
    const struct net_addr *src, uint32_t sport, const struct net_addr *dst,
    uint32_t dport)
{
	if (!r->evaluable)
		return false;
	if (r->proto != NSG_P_ANY && r->proto != f->proto)
		return false;
	return port_match(r->any_dport, r->dport, r->ndport, dport) &&
	    port_match(r->any_sport, r->sport, r->nsport, sport) &&
	    addr_match(&r->dst_set, dst) && addr_match(&r->src_set, src);
}

const struct nsg_rule *
nsg_match_scan(const struct nsg *g, const struct nsg_flow *f)
{
	const struct net_addr *src, *dst;
	uint32_t sport, dport;
	size_t i, end;

	endpoints(f, &src, &sport, &dst, &dport);
	end = g->first[f->dir] + g->count[f->dir];
	for (i = g->first[f->dir]; i < end; i++)
		if (rule_match(&g->rules[i], f, src, sport, dst, dport))
			return &g->rules[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Compiler                                                            */
/* ------------------------------------------------------------------ */

/* One rule's covering range in one dimension. */
struct span {
	uint32_t	rule;
	uint32_t	lo, hi;		/* inclusive */
};

struct spans {
	struct span	*v;
	size_t		 n, cap;
	bool		 failed;
};

static void
span_add(struct spans *s, size_t rule, uint32_t lo, uint32_t hi)
{
	if (s->n == s->cap) {
		size_t ncap = s->cap == 0 ? 256 : s->cap * 2;
		struct span *nv = erw_realloc(s->v, ncap * sizeof(*nv));

		if (nv == NULL) {
			s->failed = true;
			return;
		}
		s->v = nv;
		s->cap = ncap;
	}
	s->v[s->n].rule = (uint32_t)rule;
	s->v[s->n].lo = lo;
	s->v[s->n].hi = hi;
	s->n++;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The last element <= v of ascending a[0..n), a[0] <= v (branch-free). */
static inline uint32_t
bisect(const uint32_t *a, uint32_t n, uint32_t v)
{
	const uint32_t *base = a;

	while (n > 1) {
		uint32_t half = n / 2;

		base = base[half] <= v ? base + half : base;
		n -= half;
	}
	return (uint32_t)(base - a);
}

/* Index of the interval holding v: the last start <= v. */
static inline uint32_t
dim_find(const struct nsg_dim *d, uint32_t v)
{
	uint32_t blk = bisect(d->samp, d->nsamp, v) * NSG_FANOUT;
	const uint32_t *s = d->start + blk;
	uint32_t k = 0;

	/* Four steps inside one 64-byte block (NSG_FANOUT == 16). */
	k += (uint32_t)(s[k + 8] <= v) * 8;
	k += (uint32_t)(s[k + 4] <= v) * 4;
	k += (uint32_t)(s[k + 2] <= v) * 2;
	k += (uint32_t)(s[k + 1] <= v);
	/* Padding equals UINT32_MAX and counts only for v == UINT32_MAX,
	 * whose interval is the last one. */
	return blk + k < d->n ? blk + k : d->n - 1;
}

/* Bitset row of the interval holding v. */
static inline uint32_t
dim_row(const struct nsg_dim *d, uint32_t v)
{
	return d->rid[dim_find(d, v)];
}

/* Zeroed memory whose start is a cache-line boundary, so that a row of
 * eight words is one line, not two; free() releases it. */
static void *
zalloc_line(size_t n, size_t size)
{
	void *p;

	if (n != 0 && size > SIZE_MAX / n)
		return NULL;
	if (erw_memalign(&p, 64, n * size == 0 ? 64 : n * size) != 0)
		return NULL;
	memset(p, 0, n * size);
	return p;
}

static void
dim_free(struct nsg_dim *d)
{
	free(d->direct);
	free(d->start);
	free(d->samp);
	free(d->bits);
	free(d->sum);
	free(d->rid);
	memset(d, 0, sizeof(*d));
}

static uint64_t
row_hash(const uint64_t *r, size_t w)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	size_t k;

	for (k = 0; k < w; k++) {
		h ^= r[k];
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 33;
	}
	return h;
}

/*
 * Intervals far apart often have the same rule set (the gaps between a
 * rule's prefixes where only the "*" rules apply): keep each distinct
 * bitset once and map intervals to rows, which about halves the tables
 * and so the cache misses of a lookup.  Rows are compacted in place
 * (row r <= interval i is always already read).
 */
static int
dim_dedup(struct nsg_dim *d, size_t w, size_t sw)
{
	size_t cap = 2, i, h;
	uint32_t *tab, r;

	while (cap < 2 * (size_t)d->n)
		cap *= 2;
	tab = erw_malloc(cap * sizeof(*tab));
	d->rid = erw_malloc((size_t)d->n * sizeof(*d->rid));
	if (tab == NULL || d->rid == NULL) {
		free(tab);
		return -1;
	}
	memset(tab, 0xff, cap * sizeof(*tab));
	d->nrows = 0;
	for (i = 0; i < d->n; i++) {
		const uint64_t *row = d->bits + i * w;

		h = (size_t)row_hash(row, w) & (cap - 1);
		while ((r = tab[h]) != UINT32_MAX &&
		    memcmp(d->bits + (size_t)r * w, row, w * 8) != 0)
			h = (h + 1) & (cap - 1);
		if (r == UINT32_MAX) {
			r = d->nrows++;
			tab[h] = r;
			if (r != i) {
				memcpy(d->bits + (size_t)r * w, row, w * 8);
				memcpy(d->sum + (size_t)r * sw,
				    d->sum + i * sw, sw * 8);
			}
		}
		d->rid[i] = r;
	}
	free(tab);
	return 0;
}

/*
 * Cut [0, dmax] at every span boundary and give each elementary interval
 * the bitset of the spans' rules covering it.  Returns 0, 1 when over the
 * memory budget (caller falls back to the scan), -1 on allocation
 * failure.
 */
static int
dim_build(struct nsg_dim *d, const struct spans *s, uint32_t dmax, size_t w,
    size_t sw)
{
	uint32_t *pts;
	size_t npts = 0, i, k;

	memset(d, 0, sizeof(*d));
	if ((pts = erw_malloc((2 * s->n + 1 + NSG_FANOUT) *
	    sizeof(*pts))) == NULL)
		return -1;
	pts[npts++] = 0;
	for (i = 0; i < s->n; i++) {
		pts[npts++] = s->v[i].lo;
		if (s->v[i].hi < dmax)
			pts[npts++] = s->v[i].hi + 1;
	}
	qsort(pts, npts, sizeof(*pts), u32_cmp);
	for (i = 1, k = 0; i < npts; i++)
		if (pts[i] != pts[k])
			pts[++k] = pts[i];
	d->n = (uint32_t)(k + 1);
	d->start = pts;
	for (i = d->n; i % NSG_FANOUT != 0; i++)
		pts[i] = UINT32_MAX;
	d->nsamp = (uint32_t)(i / NSG_FANOUT);
	if ((uint64_t)d->n * w > NSG_COMPILE_BUDGET_WORDS) {
		dim_free(d);
		return 1;
	}
	if ((d->samp = erw_malloc(d->nsamp * sizeof(*d->samp))) == NULL) {
		dim_free(d);
		return -1;
	}
	for (i = 0; i < d->nsamp; i++)
		d->samp[i] = pts[i * NSG_FANOUT];
	d->bits = zalloc_line((size_t)d->n * w, sizeof(uint64_t));
	d->sum = erw_calloc((size_t)d->n * sw, sizeof(uint64_t));
	if (d->bits == NULL || d->sum == NULL) {
		dim_free(d);
		return -1;
	}
	for (i = 0; i < s->n; i++) {
		const struct span *sp = &s->v[i];
		uint32_t idx = dim_find(d, sp->lo);
		size_t word = sp->rule / 64;
		uint64_t bit = (uint64_t)1 << (sp->rule % 64);

		for (; idx < d->n && d->start[idx] <= sp->hi; idx++)
			d->bits[(size_t)idx * w + word] |= bit;
	}
	for (i = 0; i < d->n; i++)
		for (k = 0; k < w; k++)
			if (d->bits[i * w + k] != 0)
				d->sum[i * sw + k / 64] |= (uint64_t)1 <<
				    (k % 64);
	return dim_dedup(d, w, sw);
}

static void
spans_ports(struct spans *s, size_t i, bool any,
    const struct nsg_portrange *v, size_t n)
{
	size_t j;

	if (any) {
		span_add(s, i, 0, NSG_PORT_NONE);
		return;
	}
	for (j = 0; j < n; j++)
		span_add(s, i, v[j].lo, v[j].hi);
}

static void
spans_addrs(struct spans *s, size_t i, const struct nsg_addrset *a)
{
	size_t j;

	if (a->any) {
		span_add(s, i, 0, 0xffffffffu);
		return;
	}
	for (j = 0; j < a->n4; j++)
		span_add(s, i, a->v4[j].lo, a->v4[j].hi);
}

void
nsg_compiled_free(struct nsg_compiled *c)
{
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < DIM__COUNT; i++)
		dim_free(&c->dim[i]);
	free(c->proto);
	free(c->pbits);
	free(c->psum);
	free(c);
}

/*
 * Port dimensions get a direct table (value -> row, 128 KiB), one load
 * instead of a search; refused (1) when rows do not fit 16 bits.
 */
static int
dim_direct(struct nsg_dim *d)
{
	uint32_t i, v, end;

	if (d->nrows > 65536)
		return 1;
	if ((d->direct = erw_malloc((NSG_PORT_NONE + 1) *
	    sizeof(*d->direct))) == NULL)
		return -1;
	for (i = 0; i < d->n; i++) {
		end = i + 1 < d->n ? d->start[i + 1] : NSG_PORT_NONE + 1;
		for (v = d->start[i]; v < end; v++)
			d->direct[v] = (uint16_t)d->rid[i];
	}
	return 0;
}

/*
 * The destination port row ANDed with each protocol row in advance (rows
 * x NSG_P__COUNT rows, a few hundred KiB for a thousand rules): a lookup
 * then ANDs four rows, not five.  1 when over the budget.
 */
static int
fold_proto(struct nsg_compiled *c)
{
	const struct nsg_dim *d = &c->dim[DIM_DPORT];
	size_t nr = (size_t)d->nrows * NSG_P__COUNT, r, p, k;

	if (nr * c->w > NSG_COMPILE_BUDGET_WORDS)
		return 1;
	c->pbits = zalloc_line(nr * c->w, sizeof(uint64_t));
	c->psum = erw_calloc(nr * c->sw, sizeof(uint64_t));
	if (c->pbits == NULL || c->psum == NULL)
		return -1;
	for (r = 0; r < d->nrows; r++)
		for (p = 0; p < NSG_P__COUNT; p++) {
			uint64_t *o = c->pbits + (r * NSG_P__COUNT + p) * c->w;
			uint64_t *os = c->psum + (r * NSG_P__COUNT + p) * c->sw;

			for (k = 0; k < c->w; k++) {
				o[k] = d->bits[r * c->w + k] &
				    c->proto[p * c->w + k];
				if (o[k] != 0)
					os[k / 64] |= (uint64_t)1 << (k % 64);
			}
		}
	return 0;
}

/* Compile one direction; *out NULL when over budget. */
static int
compile_dir(const struct nsg *g, enum nsg_dir dir,
    struct nsg_compiled **out, struct err *e)
{
	struct nsg_compiled *c;
	struct spans sp[DIM__COUNT];
	const struct nsg_rule *r;
	size_t i, n = g->count[dir];
	int d, rc = 0;
	uint32_t dmax[DIM__COUNT] = { 0xffffffffu, NSG_PORT_NONE,
	    0xffffffffu, NSG_PORT_NONE };
	uint32_t p;

	*out = NULL;
	if ((c = erw_calloc(1, sizeof(*c))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	c->rules = g->rules + g->first[dir];
	c->nrules = n;
	c->w = n / 64 + 1;
	c->sw = c->w / 64 + 1;
	c->proto = erw_calloc(NSG_P__COUNT * c->w, sizeof(uint64_t));
	if (c->proto == NULL) {
		free(c);
		return ERR(e, ERR_NOMEM, "out of memory");
	}
	memset(sp, 0, sizeof(sp));
	for (i = 0; i < n; i++) {
		r = &c->rules[i];
		if (!r->evaluable)
			continue;	/* no bits: matches nothing */
		spans_addrs(&sp[DIM_SRC], i, &r->src_set);
		spans_addrs(&sp[DIM_DST], i, &r->dst_set);
		spans_ports(&sp[DIM_SPORT], i, r->any_sport, r->sport,
		    r->nsport);
		spans_ports(&sp[DIM_DPORT], i, r->any_dport, r->dport,
		    r->ndport);
		/* A "*" rule serves every protocol row, "*" included. */
		for (p = 0; p < NSG_P__COUNT; p++)
			if (r->proto == NSG_P_ANY || r->proto == p)
				c->proto[p * c->w + i / 64] |=
				    (uint64_t)1 << (i % 64);
	}
	for (d = 0; d < DIM__COUNT && rc == 0; d++) {
		if (sp[d].failed) {
			rc = -1;
			break;
		}
		rc = dim_build(&c->dim[d], &sp[d], dmax[d], c->w, c->sw);
	}
	if (rc == 0)
		rc = dim_direct(&c->dim[DIM_SPORT]);
	if (rc == 0)
		rc = dim_direct(&c->dim[DIM_DPORT]);
	if (rc == 0)
		rc = fold_proto(c);
	for (d = 0; d < DIM__COUNT; d++)
		free(sp[d].v);
	if (rc != 0) {
		nsg_compiled_free(c);
		if (rc == -1)
			return ERR(e, ERR_NOMEM, "out of memory compiling NSG");
		return 0;
	}
	*out = c;
	return 0;
}

int
nsg_compile(struct nsg *g, struct err *e)
{
	if (compile_dir(g, NSG_IN, &g->comp[NSG_IN], e) == -1 ||
	    compile_dir(g, NSG_OUT, &g->comp[NSG_OUT], e) == -1)
		return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Compiled lookup                                                     */
/* ------------------------------------------------------------------ */

static const struct nsg_rule *and_rows(const struct nsg_compiled *,
	    const uint32_t *);

const struct nsg_rule *
nsg_match(const struct nsg *g, const struct nsg_flow *f)
{
	const struct nsg_compiled *c = g->comp[f->dir];
	const struct net_addr *src, *dst;
	uint32_t sport, dport, idx[DIM__COUNT];

	if (c == NULL || f->local.family != NET_AF_INET ||
	    f->remote.family != NET_AF_INET)
		return nsg_match_scan(g, f);
	endpoints(f, &src, &sport, &dst, &dport);
	idx[DIM_SRC] = dim_row(&c->dim[DIM_SRC], v4(src));
	idx[DIM_SPORT] = c->dim[DIM_SPORT].direct[sport];
	idx[DIM_DST] = dim_row(&c->dim[DIM_DST], v4(dst));
	idx[DIM_DPORT] = (uint32_t)c->dim[DIM_DPORT].direct[dport] *
	    NSG_P__COUNT + f->proto;
	return and_rows(c, idx);
}

/* ------------------------------------------------------------------ */
/* Across NSGs                                                         */
/* ------------------------------------------------------------------ */

size_t
nsg_order(const struct nsg_set *set, enum nsg_dir dir,
    const struct nsg *out[NSG_MAX_PER_SET])
{
	/* Inbound: subnet, then NIC; outbound: NIC, then subnet (NSGW).
	 * NSGs of unknown level keep their command-line order between. */
	enum nsg_level lv[3] = { NSG_LEVEL_SUBNET, NSG_LEVEL_UNKNOWN,
	    NSG_LEVEL_NIC };
	size_t i, k = 0;
	int p;

	if (dir == NSG_OUT) {
		lv[0] = NSG_LEVEL_NIC;
		lv[2] = NSG_LEVEL_SUBNET;
	}
	for (p = 0; p < 3; p++)
		for (i = 0; i < set->n; i++)
			if (set->nsg[i].level == lv[p])
				out[k++] = &set->nsg[i];
	return k;
}

static void
eval_with(const struct nsg_set *set, const struct nsg_flow *f,
    struct nsg_verdict *v, bool scan)
{
	const struct nsg *g;
	const struct nsg_rule *r;
	size_t i, n;

	v->access = NSG_ALLOW;
	v->nsg = NULL;
	v->rule = NULL;
	v->nstages = 0;
	n = set->norder[f->dir];
	for (i = 0; i < n; i++) {
		struct nsg_stage *st = &v->stage[v->nstages++];

		g = &set->nsg[set->order[f->dir][i]];
		r = scan ? nsg_match_scan(g, f) : nsg_match(g, f);
		st->nsg = g;
		st->rule = r;
		st->access = r != NULL ? r->access : NSG_DENY;
		v->nsg = g;
		v->rule = r;
		if (st->access == NSG_DENY) {
			v->access = NSG_DENY;	/* a Deny ends evaluation */
			return;
		}
	}
}

void
nsg_eval(const struct nsg_set *set, const struct nsg_flow *f,
    struct nsg_verdict *v)
{
	eval_with(set, f, v, false);
}

void
nsg_eval_scan(const struct nsg_set *set, const struct nsg_flow *f,
    struct nsg_verdict *v)
{
	eval_with(set, f, v, true);
}

/* ------------------------------------------------------------------ */
/* Batches: interleaved, prefetched lookups                            */
/* ------------------------------------------------------------------ */

#define NSG_GROUP	32	/* flows whose lookups are interleaved */

/* One pending lookup of one flow in one NSG. */
struct pend {
	const struct nsg_compiled *c;
	uint32_t	 key[DIM__COUNT];
	uint32_t	 idx[DIM__COUNT];
	size_t		 flow;		/* index into the group */
};

/* Finish the search of dimension d started by the sampled bisection. */
static inline uint32_t
block_step(const struct nsg_dim *d, uint32_t blk, uint32_t v)
{
	const uint32_t *s = d->start + blk;
	uint32_t k = 0;

	k += (uint32_t)(s[k + 8] <= v) * 8;
	k += (uint32_t)(s[k + 4] <= v) * 4;
	k += (uint32_t)(s[k + 2] <= v) * 2;
	k += (uint32_t)(s[k + 1] <= v);
	return blk + k < d->n ? blk + k : d->n - 1;
}

/*
 * The AND of four rows of exactly eight words, one cache line each (a few
 * hundred rules per direction, the common size; rows are 64-byte aligned):
 * in 128-bit vectors, and the first non-zero word found from the vector
 * compare's mask, without a branch per word (the first-match word is
 * unpredictable, so a loop exit mispredicts).
 */
static inline const struct nsg_rule *
and_rows8(const struct nsg_compiled *c, const uint64_t *b0,
    const uint64_t *b1, const uint64_t *b2, const uint64_t *b3)
{
	size_t j;
	uint64_t m;
#ifdef __SSE2__
	const __m128i zero = _mm_setzero_si128();
	unsigned zd = 0, nzd;

	for (j = 0; j < 4; j++) {
		__m128i x = _mm_and_si128(
		    _mm_and_si128(_mm_load_si128((const __m128i *)b0 + j),
		    _mm_load_si128((const __m128i *)b1 + j)),
		    _mm_and_si128(_mm_load_si128((const __m128i *)b2 + j),
		    _mm_load_si128((const __m128i *)b3 + j)));

		/* One bit per 32-bit lane that is zero. */
		zd |= (unsigned)_mm_movemask_ps(_mm_castsi128_ps(
		    _mm_cmpeq_epi32(x, zero))) << (4 * j);
	}
	nzd = ~zd & 0xffffu;
	if (nzd == 0)
		return NULL;
	j = (size_t)__builtin_ctz(nzd) / 2;	/* lane -> word */
#else
	unsigned nz = 0;

	for (j = 0; j < 8; j++)
		nz |= (unsigned)((b0[j] & b1[j] & b2[j] & b3[j]) != 0) << j;
	if (nz == 0)
		return NULL;
	j = (size_t)__builtin_ctz(nz);
#endif
	m = b0[j] & b1[j] & b2[j] & b3[j];
	return &c->rules[j * 64 + (size_t)__builtin_ctzll(m)];
}

/*
 * First rule set in every dimension's row (row[d]: bitset row ids; the
 * destination port's is the row of c->pbits, protocol folded in).
 */
static const struct nsg_rule *
and_rows(const struct nsg_compiled *c, const uint32_t *row)
{
	size_t w = c->w, j, k;
	const uint64_t *b0 = c->dim[0].bits + (size_t)row[0] * w;
	const uint64_t *b1 = c->dim[1].bits + (size_t)row[1] * w;
	const uint64_t *b2 = c->dim[2].bits + (size_t)row[2] * w;
	const uint64_t *b3 = c->pbits + (size_t)row[3] * w;

	if (w == 8)
		return and_rows8(c, b0, b1, b2, b3);
	if (w <= 8) {
		/*
		 * One cache line per row: AND every word and note which are
		 * non-zero without a branch per word (the first-match word
		 * is unpredictable, so a loop exit mispredicts).
		 */
		unsigned nz = 0;

		for (j = 0; j < w; j++)
			nz |= (unsigned)((b0[j] & b1[j] & b2[j] & b3[j]) !=
			    0) << j;
		if (nz == 0)
			return NULL;
		j = (size_t)__builtin_ctz(nz);
		return &c->rules[j * 64 + (size_t)__builtin_ctzll(b0[j] &
		    b1[j] & b2[j] & b3[j])];
	}
	for (k = 0; k < c->sw; k++) {
		uint64_t sum = c->dim[0].sum[(size_t)row[0] * c->sw + k] &
		    c->dim[1].sum[(size_t)row[1] * c->sw + k] &
		    c->dim[2].sum[(size_t)row[2] * c->sw + k] &
		    c->psum[(size_t)row[3] * c->sw + k];

		while (sum != 0) {
			uint64_t m;

			j = k * 64 + (size_t)__builtin_ctzll(sum);
			m = b0[j] & b1[j] & b2[j] & b3[j];
			if (m != 0)
				return &c->rules[j * 64 +
				    (size_t)__builtin_ctzll(m)];
			sum &= sum - 1;
		}
	}
	return NULL;
}

/*
 * The lookups of up to NSG_GROUP flows, each in its own NSG, in three
 * passes so that each pass's memory accesses were prefetched by the one
 * before: sampled bisection (hot) then prefetch the start blocks; block
 * steps then prefetch the bitset rows; AND the rows.
 */
static void
match_group(struct pend *p, size_t n, const struct nsg_flow *f,
    const struct nsg_rule **res)
{
	static const int addr[2] = { DIM_SRC, DIM_DST };
	size_t i;
	int a, d;

	for (i = 0; i < n; i++) {
		const struct nsg_compiled *c = p[i].c;

		for (a = 0; a < 2; a++) {
			const struct nsg_dim *dm = &c->dim[addr[a]];

			d = addr[a];
			p[i].idx[d] = bisect(dm->samp, dm->nsamp,
			    p[i].key[d]) * NSG_FANOUT;
			__builtin_prefetch(dm->start + p[i].idx[d]);
			__builtin_prefetch(dm->rid + p[i].idx[d]);
		}
		__builtin_prefetch(c->dim[DIM_SPORT].direct +
		    p[i].key[DIM_SPORT]);
		__builtin_prefetch(c->dim[DIM_DPORT].direct +
		    p[i].key[DIM_DPORT]);
	}
	for (i = 0; i < n; i++) {
		const struct nsg_compiled *c = p[i].c;
		uint32_t *idx = p[i].idx;

		for (a = 0; a < 2; a++) {
			const struct nsg_dim *dm = &c->dim[addr[a]];

			d = addr[a];
			idx[d] = dm->rid[block_step(dm, idx[d], p[i].key[d])];
		}
		idx[DIM_SPORT] = c->dim[DIM_SPORT].direct[p[i].key[DIM_SPORT]];
		idx[DIM_DPORT] = (uint32_t)c->dim[DIM_DPORT].direct[
		    p[i].key[DIM_DPORT]] * NSG_P__COUNT + f[p[i].flow].proto;
		for (d = 0; d < DIM__COUNT; d++)
			__builtin_prefetch(d == DIM_DPORT ? c->pbits +
			    (size_t)idx[d] * c->w : c->dim[d].bits +
			    (size_t)idx[d] * c->w);
		if (c->w > 8)
			for (d = 0; d < DIM__COUNT; d++)
				__builtin_prefetch(d == DIM_DPORT ? c->psum +
				    (size_t)idx[d] * c->sw : c->dim[d].sum +
				    (size_t)idx[d] * c->sw);
	}
	for (i = 0; i < n; i++) {
		const struct nsg_compiled *c = p[i].c;
		const uint32_t *idx = p[i].idx;

		res[i] = c->w == 8 ? and_rows8(c, c->dim[DIM_SRC].bits +
		    (size_t)idx[DIM_SRC] * 8, c->dim[DIM_SPORT].bits +
		    (size_t)idx[DIM_SPORT] * 8, c->dim[DIM_DST].bits +
		    (size_t)idx[DIM_DST] * 8, c->pbits +
		    (size_t)idx[DIM_DPORT] * 8) : and_rows(c, idx);
	}
}

void
nsg_eval_many(const struct nsg_set *set, const struct nsg_flow *f,
    size_t n, struct nsg_brief *out)
{
	struct pend p[NSG_GROUP];
	const struct nsg_rule *res[NSG_GROUP];
	bool active[NSG_GROUP];
	size_t base, m, i, np, stage;
	const struct net_addr *src, *dst;
	uint32_t sport, dport;

	for (base = 0; base < n; base += m) {
		m = n - base < NSG_GROUP ? n - base : NSG_GROUP;
		for (i = 0; i < m; i++) {
			out[base + i].access = NSG_ALLOW;
			out[base + i].nsg = NULL;
			out[base + i].rule = NULL;
			active[i] = true;
		}
		for (stage = 0; stage < NSG_MAX_PER_SET; stage++) {
			bool any = false;

			np = 0;
			for (i = 0; i < m; i++) {
				const struct nsg_flow *fl = &f[base + i];
				const struct nsg *g;
				const struct nsg_rule *r;

				if (!active[i])
					continue;
				if (stage >= set->norder[fl->dir]) {
					active[i] = false;
					continue;
				}
				g = &set->nsg[set->order[fl->dir][stage]];
				out[base + i].nsg = g;
				if (g->comp[fl->dir] == NULL ||
				    fl->local.family != NET_AF_INET ||
				    fl->remote.family != NET_AF_INET) {
					/* Not compiled: decide right here. */
					r = nsg_match_scan(g, fl);
					out[base + i].rule = r;
					if (r == NULL ||
					    r->access == NSG_DENY) {
						out[base + i].access =
						    NSG_DENY;
						active[i] = false;
					} else
						any = true;
					continue;
				}
				any = true;
				endpoints(fl, &src, &sport, &dst, &dport);
				p[np].c = g->comp[fl->dir];
				p[np].key[DIM_SRC] = v4(src);
				p[np].key[DIM_SPORT] = sport;
				p[np].key[DIM_DST] = v4(dst);
				p[np].key[DIM_DPORT] = dport;
				p[np].flow = base + i;
				np++;
			}
			if (!any)
				break;
			match_group(p, np, f, res);
			for (i = 0; i < np; i++) {
				size_t k = p[i].flow;

				out[k].rule = res[i];
				if (res[i] == NULL ||
				    res[i]->access == NSG_DENY) {
					out[k].access = NSG_DENY;
					active[k - base] = false;
				}
			}
		}
	}
}
