/*
 * Longest-prefix-match table (see net_lpm.h for the contract).
 *
 * IPv4: a 16-8-8 stride trie.  Level 1 has 2^16 slots indexed by the top
 * 16 bits; a slot holds either a leaf (prefix index + 1, 0 = no route) or,
 * with LPM_CHUNK set, the number of a 256-slot level-2 chunk indexed by
 * bits 8..15, whose slots may in turn point to level-3 chunks indexed by
 * bits 0..7.  Prefixes are expanded into the slots they cover, inserted
 * shortest first, so a longer prefix simply overwrites the slots of the
 * shorter ones it refines and no slot ever needs to remember a length.
 * Chunks are counted before allocation, so building 1M prefixes does not
 * double its memory through realloc.  Level-2 chunks are then compressed
 * into runs of equal slots found by bitmap rank (struct lpm_chunk), which
 * keeps the hot part of a full table small enough for the CPU caches.
 *
 * IPv6: prefixes sorted by start address become elementary intervals
 * (a boundary address and the index of the best prefix from there up to
 * the next boundary), produced by one sweep with a stack of open prefixes
 * and searched by bisection on (high, low) 64-bit halves.
 *
 * The same sweep gives each prefix its parent: the stack top when it is
 * pushed is the most specific prefix covering it, so net_lpm_matches()
 * walks best -> parent -> ... to list every covering prefix.
 */
#include <stdlib.h>
#include <string.h>

#include "net_lpm.h"

#define LPM_CHUNK	0x80000000u	/* slot holds a chunk number */
#define LPM_MAX_PREFIXES 0x7fffffffu

struct lpm4_ent {
	uint32_t	 addr;		/* host order, host bits zero */
	uint32_t	 value;
	uint32_t	 parent;	/* index + 1 of the covering prefix */
	uint32_t	 seq;		/* insertion order: later wins */
	uint8_t		 len;
};

struct lpm6_ent {
	uint64_t	 hi, lo;	/* address halves, host order */
	uint32_t	 value;
	uint32_t	 parent;
	uint32_t	 seq;
	uint8_t		 len;
};

/* A 128-bit boundary; halves side by side so a bisection step reads one
 * cache line. */
struct lpm6_key {
	uint64_t	 hi, lo;
};

/*
 * A level-2 chunk, compressed: its 256 slots form runs of equal values
 * (most /16s hold a few dozen prefixes), so only the first slot of each
 * run is stored, in runs[base...], and bit i of bm says "slot i starts a
 * run".  The rank of a slot (runs before word w, plus the bits set up to
 * it) finds its run.  This keeps a full table's level 2 in ~10 MB, which
 * the cache holds, instead of 45 MB.
 */
struct lpm_chunk {
	uint64_t	 bm[4];
	uint32_t	 base;
	uint8_t		 pre[4];	/* runs started in words before w */
};

struct net_lpm {
	struct lpm4_ent	*v4;
	size_t		 n4, cap4;
	struct lpm6_ent	*v6;
	size_t		 n6, cap6;
	uint32_t	 seq;

	/* compiled IPv4 trie */
	uint32_t	*l1;		/* 65536 slots */
	struct lpm_chunk *c2;		/* n_l2 compressed level-2 chunks */
	uint32_t	*runs;		/* their slots, one per run */
	size_t		 nruns;
	uint32_t	*l3;		/* n_l3 * 256 */
	uint32_t	*val4;		/* v4[i].value, packed: the hot path
					   reads 4 bytes, not a 20-byte entry */
	size_t		 n_l2, n_l3;

	/* compiled IPv6 intervals */
	struct lpm6_key	*bkey;		/* boundary addresses, ascending */
	uint32_t	*bval;		/* index + 1, 0 = no route */
	uint32_t	*val6;		/* v6[i].value, packed */
	size_t		 nb;
};

struct net_lpm *
net_lpm_new(void)
{
	return erw_calloc(1, sizeof(struct net_lpm));
}

static void
lpm_drop_compiled(struct net_lpm *t)
{
	free(t->l1);
	free(t->c2);
	free(t->runs);
	free(t->l3);
	free(t->val4);
	free(t->bkey);
	free(t->val6);
	free(t->bval);
	t->l1 = t->l3 = t->val4 = NULL;
	t->c2 = NULL;
	t->runs = NULL;
	t->nruns = 0;
	t->bkey = NULL;
	t->val6 = NULL;
	t->bval = NULL;
	t->n_l2 = t->n_l3 = t->nb = 0;
}

void
net_lpm_free(struct net_lpm *t)
{
	if (t == NULL)
		return;
	lpm_drop_compiled(t);
	free(t->v4);
	free(t->v6);
	free(t);
}

static uint64_t
be64_at(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void
put_be64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

static uint32_t
mask4(unsigned len)
{
	return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

/* Mask of the first len bits of a 128-bit value split in halves. */
static void
mask6(unsigned len, uint64_t *mhi, uint64_t *mlo)
{
	if (len == 0) {
		*mhi = *mlo = 0;
	} else if (len <= 64) {
		*mhi = len == 64 ? ~0ULL : ~0ULL << (64 - len);
		*mlo = 0;
	} else {
		*mhi = ~0ULL;
		*mlo = len == 128 ? ~0ULL : ~0ULL << (128 - len);
	}
}

int
net_lpm_add(struct net_lpm *t, const struct net_prefix *p, uint32_t value,
    struct err *e)
{
	if (t->n4 + t->n6 >= LPM_MAX_PREFIXES)
		return ERR(e, ERR_LIMIT, "prefix table full (%u prefixes)",
		    LPM_MAX_PREFIXES);
	if (p->addr.family == NET_AF_INET) {
		struct lpm4_ent *x;

		if (p->len > 32)
			return ERR(e, ERR_INPUT, "bad IPv4 prefix length %u",
			    p->len);
		if (t->n4 == t->cap4) {
			size_t nc = t->cap4 ? t->cap4 * 2 : 64;

			if ((x = erw_reallocarray(t->v4, nc,
			    sizeof(*x))) == NULL)
				return ERR(e, ERR_NOMEM, "out of memory");
			t->v4 = x;
			t->cap4 = nc;
		}
		x = &t->v4[t->n4++];
		x->addr = net_addr_v4(&p->addr) & mask4(p->len);
		x->len = p->len;
		x->value = value;
		x->parent = 0;
		x->seq = t->seq++;
		return 0;
	}
	if (p->addr.family == NET_AF_INET6) {
		struct lpm6_ent *x;
		uint64_t mhi, mlo;

		if (p->len > 128)
			return ERR(e, ERR_INPUT, "bad IPv6 prefix length %u",
			    p->len);
		if (t->n6 == t->cap6) {
			size_t nc = t->cap6 ? t->cap6 * 2 : 64;

			if ((x = erw_reallocarray(t->v6, nc,
			    sizeof(*x))) == NULL)
				return ERR(e, ERR_NOMEM, "out of memory");
			t->v6 = x;
			t->cap6 = nc;
		}
		x = &t->v6[t->n6++];
		mask6(p->len, &mhi, &mlo);
		x->hi = be64_at(p->addr.a) & mhi;
		x->lo = be64_at(p->addr.a + 8) & mlo;
		x->len = p->len;
		x->value = value;
		x->parent = 0;
		x->seq = t->seq++;
		return 0;
	}
	return ERR(e, ERR_INPUT, "prefix without address family");
}

/* ------------------------------------------------------------------ */
/* IPv4 compile                                                        */
/* ------------------------------------------------------------------ */

static int
cmp4(const void *a, const void *b)
{
	const struct lpm4_ent *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sort, keep the last-added entry of each prefix, link parents. */
static void
lpm4_normalize(struct net_lpm *t)
{
	uint32_t stack[34];
	size_t i, n = 0, sp = 0;

	if (t->n4 == 0)
		return;
	/* Callers often add in order already (az_routes_build() adds its
	 * sorted groups): one pass tells, and the sort was a few percent
	 * of loading a 200,000-route table. */
	for (i = 1; i < t->n4 && cmp4(&t->v4[i - 1], &t->v4[i]) < 0; i++)
		;
	if (i < t->n4)
		qsort(t->v4, t->n4, sizeof(*t->v4), cmp4);
	for (i = 0; i < t->n4; i++) {
		if (n > 0 && t->v4[n - 1].addr == t->v4[i].addr &&
		    t->v4[n - 1].len == t->v4[i].len)
			t->v4[n - 1] = t->v4[i];	/* later seq wins */
		else
			t->v4[n++] = t->v4[i];
	}
	t->n4 = n;
	for (i = 0; i < n; i++) {
		struct lpm4_ent *p = &t->v4[i];

		while (sp > 0) {
			const struct lpm4_ent *top = &t->v4[stack[sp - 1]];

			if (top->len <= p->len &&
			    ((p->addr ^ top->addr) & mask4(top->len)) == 0)
				break;
			sp--;
		}
		p->parent = sp > 0 ? stack[sp - 1] + 1 : 0;
		stack[sp++] = (uint32_t)i;	/* nested: depth <= 33 */
	}
}

/* Bits set in x (SWAR; C11 has no popcount). */
static inline unsigned
popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

/* Turn n flat 256-slot chunks into runs (see struct lpm_chunk). */
static int
lpm4_compress(struct net_lpm *t, const uint32_t *l2, size_t n)
{
	size_t k, i, total = 0, r = 0;

	if (n == 0)
		return 0;
	for (k = 0; k < n; k++)
		for (i = 0; i < 256; i++)
			if (i == 0 || l2[k * 256 + i] != l2[k * 256 + i - 1])
				total++;
	t->c2 = erw_calloc(n, sizeof(*t->c2));
	t->runs = erw_malloc(total * sizeof(uint32_t));
	if (t->c2 == NULL || t->runs == NULL)
		return -1;
	for (k = 0; k < n; k++) {
		struct lpm_chunk *c = &t->c2[k];
		const uint32_t *s = &l2[k * 256];
		unsigned w, before = 0;

		c->base = (uint32_t)r;
		for (i = 0; i < 256; i++) {
			if (i > 0 && s[i] == s[i - 1])
				continue;
			c->bm[i / 64] |= 1ULL << (i % 64);
			t->runs[r++] = s[i];
		}
		for (w = 0; w < 4; w++) {
			c->pre[w] = (uint8_t)before;	/* <= 192 */
			before += popcount64(c->bm[w]);
		}
	}
	t->nruns = total;
	return 0;
}

/* Slot b (0..255) of compressed chunk c. */
static inline uint32_t
lpm_chunk_slot(const struct net_lpm *t, const struct lpm_chunk *c,
    unsigned b)
{
	unsigned w = b >> 6;
	/* bits up to and including b; (2 << 63) wraps to 0: all bits */
	uint64_t upto = c->bm[w] & ((2ULL << (b & 63)) - 1);

	/* word 0 always has bit 0; a later word without a run start up to
	 * b continues the last run of the words before it */
	return t->runs[c->base + c->pre[w] + popcount64(upto) - 1];
}

static int
lpm4_compile(struct net_lpm *t, struct err *e)
{
	uint32_t *ord = NULL, cnt[34], *bits = NULL, *l2 = NULL;
	size_t i, n_l2 = 0, n_l3 = 0, k2 = 0, k3 = 0;
	uint32_t last24 = 0;
	bool have24 = false;
	int rc = -1;

	if ((t->l1 = erw_calloc(65536, sizeof(uint32_t))) == NULL)
		goto nomem;
	if (t->n4 == 0)
		return 0;
	if ((t->val4 = erw_malloc(t->n4 * sizeof(uint32_t))) == NULL)
		goto nomem;
	for (i = 0; i < t->n4; i++)
		t->val4[i] = t->v4[i].value;

	/* Count chunks: distinct /16s under longer prefixes, distinct /24s
	 * under prefixes longer than /24 (the array is address-sorted). */
	if ((bits = erw_calloc(65536 / 32, sizeof(uint32_t))) == NULL)
		goto nomem;
	for (i = 0; i < t->n4; i++) {
		uint32_t a = t->v4[i].addr;

		if (t->v4[i].len > 16 &&
		    !(bits[a >> 21] & (1u << ((a >> 16) & 31)))) {
			bits[a >> 21] |= 1u << ((a >> 16) & 31);
			n_l2++;
		}
		if (t->v4[i].len > 24 && (!have24 || (a >> 8) != last24)) {
			have24 = true;
			last24 = a >> 8;
			n_l3++;
		}
	}
	if (n_l2 > 0 && (l2 = erw_calloc(n_l2 * 256, sizeof(uint32_t))) == NULL)
		goto nomem;
	if (n_l3 > 0 && (t->l3 = erw_calloc(n_l3 * 256,
	    sizeof(uint32_t))) == NULL)
		goto nomem;

	/* Shortest first (counting sort on length), so longer prefixes
	 * overwrite the expanded slots of the shorter ones they refine. */
	if ((ord = erw_malloc(t->n4 * sizeof(uint32_t))) == NULL)
		goto nomem;
	memset(cnt, 0, sizeof(cnt));
	for (i = 0; i < t->n4; i++)
		cnt[t->v4[i].len + 1]++;
	for (i = 1; i < 34; i++)
		cnt[i] += cnt[i - 1];
	for (i = 0; i < t->n4; i++)
		ord[cnt[t->v4[i].len]++] = (uint32_t)i;

	for (i = 0; i < t->n4; i++) {
		const struct lpm4_ent *p = &t->v4[ord[i]];
		uint32_t leaf = ord[i] + 1, a = p->addr, *slot, s, j, span;

		if (p->len <= 16) {
			span = 1u << (16 - p->len);
			for (j = 0; j < span; j++)
				t->l1[(a >> 16) + j] = leaf;
			continue;
		}
		slot = &t->l1[a >> 16];
		if (!(*slot & LPM_CHUNK)) {
			s = *slot;
			for (j = 0; j < 256; j++)
				l2[k2 * 256 + j] = s;
			*slot = LPM_CHUNK | (uint32_t)k2++;
		}
		s = (*slot & ~LPM_CHUNK) * 256 + ((a >> 8) & 0xff);
		if (p->len <= 24) {
			span = 1u << (24 - p->len);
			for (j = 0; j < span; j++)
				l2[s + j] = leaf;
			continue;
		}
		slot = &l2[s];
		if (!(*slot & LPM_CHUNK)) {
			s = *slot;
			for (j = 0; j < 256; j++)
				t->l3[k3 * 256 + j] = s;
			*slot = LPM_CHUNK | (uint32_t)k3++;
		}
		s = (*slot & ~LPM_CHUNK) * 256 + (a & 0xff);
		span = 1u << (32 - p->len);
		for (j = 0; j < span; j++)
			t->l3[s + j] = leaf;
	}
	t->n_l2 = n_l2;
	t->n_l3 = n_l3;
	if (lpm4_compress(t, l2, n_l2) == -1)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	rc = ERR(e, ERR_NOMEM, "out of memory building the IPv4 table");
out:
	free(ord);
	free(bits);
	free(l2);
	return rc;
}

static uint32_t
lpm4_find(const struct net_lpm *t, uint32_t a)
{
	uint32_t x;

	if (t->l1 == NULL)
		return 0;
	x = t->l1[a >> 16];
	if (x & LPM_CHUNK) {
		x = lpm_chunk_slot(t, &t->c2[x & ~LPM_CHUNK], (a >> 8) & 0xff);
		if (x & LPM_CHUNK)
			x = t->l3[(x & ~LPM_CHUNK) * 256 + (a & 0xff)];
	}
	return x;
}

/* ------------------------------------------------------------------ */
/* IPv6 compile                                                        */
/* ------------------------------------------------------------------ */

static int
cmp6(const void *a, const void *b)
{
	const struct lpm6_ent *x = a, *y = b;

	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool
covers6(const struct lpm6_ent *t, const struct lpm6_ent *p)
{
	uint64_t mhi, mlo;

	if (t->len > p->len)
		return false;
	mask6(t->len, &mhi, &mlo);
	return ((p->hi ^ t->hi) & mhi) == 0 && ((p->lo ^ t->lo) & mlo) == 0;
}

static void
emit6(struct net_lpm *t, uint64_t hi, uint64_t lo, uint32_t val)
{
	if (t->nb > 0 && t->bkey[t->nb - 1].hi == hi &&
	    t->bkey[t->nb - 1].lo == lo) {
		t->bval[t->nb - 1] = val;
		return;
	}
	if (t->nb > 0 && t->bval[t->nb - 1] == val)
		return;		/* same best prefix continues */
	t->bkey[t->nb].hi = hi;
	t->bkey[t->nb].lo = lo;
	t->bval[t->nb] = val;
	t->nb++;
}

/* Close prefix idx: from the address after its end, the stack top below
 * it (or nothing) is the best match again. */
static void
close6(struct net_lpm *t, uint32_t idx, uint32_t below)
{
	const struct lpm6_ent *p = &t->v6[idx];
	uint64_t mhi, mlo, ehi, elo;

	mask6(p->len, &mhi, &mlo);
	ehi = p->hi | ~mhi;
	elo = p->lo | ~mlo;
	if (ehi == ~0ULL && elo == ~0ULL)
		return;		/* ends at the top of the space */
	if (elo == ~0ULL) {
		ehi++;
		elo = 0;
	} else {
		elo++;
	}
	emit6(t, ehi, elo, below);
}

static int
lpm6_compile(struct net_lpm *t, struct err *e)
{
	uint32_t stack[130];
	size_t i, n = 0, sp = 0, nmax;

	if (t->n6 == 0)
		return 0;
	qsort(t->v6, t->n6, sizeof(*t->v6), cmp6);
	for (i = 0; i < t->n6; i++) {
		if (n > 0 && t->v6[n - 1].hi == t->v6[i].hi &&
		    t->v6[n - 1].lo == t->v6[i].lo &&
		    t->v6[n - 1].len == t->v6[i].len)
			t->v6[n - 1] = t->v6[i];
		else
			t->v6[n++] = t->v6[i];
	}
	t->n6 = n;
	nmax = 2 * n + 1;
	t->bkey = erw_malloc(nmax * sizeof(*t->bkey));
	t->val6 = erw_malloc(n * sizeof(uint32_t));
	t->bval = erw_malloc(nmax * sizeof(uint32_t));
	if (t->bkey == NULL || t->bval == NULL || t->val6 == NULL)
		return ERR(e, ERR_NOMEM, "out of memory building the IPv6 "
		    "table");
	for (i = 0; i < n; i++) {
		struct lpm6_ent *p = &t->v6[i];

		t->val6[i] = p->value;
		while (sp > 0 && !covers6(&t->v6[stack[sp - 1]], p)) {
			sp--;
			close6(t, stack[sp], sp > 0 ? stack[sp - 1] + 1 : 0);
		}
		p->parent = sp > 0 ? stack[sp - 1] + 1 : 0;
		stack[sp++] = (uint32_t)i;	/* depth <= 129 */
		emit6(t, p->hi, p->lo, (uint32_t)i + 1);
	}
	while (sp > 0) {
		sp--;
		close6(t, stack[sp], sp > 0 ? stack[sp - 1] + 1 : 0);
	}
	return 0;
}

static uint32_t
lpm6_find(const struct net_lpm *t, uint64_t hi, uint64_t lo)
{
	size_t lo_i = 0, hi_i = t->nb;

	/* Last boundary <= address. */
	while (lo_i < hi_i) {
		size_t mid = lo_i + (hi_i - lo_i) / 2;

		if (t->bkey[mid].hi < hi || (t->bkey[mid].hi == hi &&
		    t->bkey[mid].lo <= lo))
			lo_i = mid + 1;
		else
			hi_i = mid;
	}
	return lo_i == 0 ? 0 : t->bval[lo_i - 1];
}

/* ------------------------------------------------------------------ */
/* Public                                                              */
/* ------------------------------------------------------------------ */

int
net_lpm_build(struct net_lpm *t, struct err *e)
{
	lpm_drop_compiled(t);
	lpm4_normalize(t);
	if (lpm4_compile(t, e) == -1 || lpm6_compile(t, e) == -1) {
		lpm_drop_compiled(t);
		return -1;
	}
	return 0;
}

bool
net_lpm_lookup4(const struct net_lpm *t, uint32_t addr, uint32_t *value)
{
	uint32_t x = lpm4_find(t, addr);

	if (x == 0)
		return false;
	*value = t->val4[x - 1];
	return true;
}

#define LPM_BATCH	8

size_t
net_lpm_lookup4_batch(const struct net_lpm *t, const uint32_t *addrs,
    size_t n, uint32_t *values, bool *found)
{
	uint32_t x[LPM_BATCH];
	size_t i = 0, k, m, hits = 0;

	if (t->l1 == NULL) {
		for (i = 0; i < n; i++) {
			values[i] = 0;
			found[i] = false;
		}
		return 0;
	}
	for (i = 0; i < n; i += m) {
		m = n - i < LPM_BATCH ? n - i : LPM_BATCH;
		/* one level at a time for the whole group: the reads of a
		 * level are independent, so the CPU overlaps their misses */
		for (k = 0; k < m; k++)
			x[k] = t->l1[addrs[i + k] >> 16];
		for (k = 0; k < m; k++)
			if (x[k] & LPM_CHUNK)
				x[k] = lpm_chunk_slot(t,
				    &t->c2[x[k] & ~LPM_CHUNK],
				    (addrs[i + k] >> 8) & 0xff);
		for (k = 0; k < m; k++)
			if (x[k] & LPM_CHUNK)
				x[k] = t->l3[(x[k] & ~LPM_CHUNK) * 256 +
				    (addrs[i + k] & 0xff)];
		for (k = 0; k < m; k++) {
			found[i + k] = x[k] != 0;
			values[i + k] = x[k] != 0 ? t->val4[x[k] - 1] : 0;
			hits += x[k] != 0;
		}
	}
	return hits;
}

bool
net_lpm_lookup6(const struct net_lpm *t, const uint8_t addr[16],
    uint32_t *value)
{
	uint32_t x = lpm6_find(t, be64_at(addr), be64_at(addr + 8));

	if (x == 0)
		return false;
	*value = t->val6[x - 1];
	return true;
}

static void
fill_match4(const struct lpm4_ent *p, struct net_lpm_match *m)
{
	memset(m, 0, sizeof(*m));
	net_addr_set_v4(&m->prefix.addr, p->addr);
	m->prefix.len = p->len;
	m->value = p->value;
}

static void
fill_match6(const struct lpm6_ent *p, struct net_lpm_match *m)
{
	uint8_t b[16];

	memset(m, 0, sizeof(*m));
	put_be64(b, p->hi);
	put_be64(b + 8, p->lo);
	net_addr_from6(&m->prefix.addr, b);
	m->prefix.len = p->len;
	m->value = p->value;
}

bool
net_lpm_lookup(const struct net_lpm *t, const struct net_addr *addr,
    uint32_t *value, struct net_prefix *matched)
{
	struct net_lpm_match m;

	if (net_lpm_matches(t, addr, &m, 1) == 0)
		return false;
	*value = m.value;
	if (matched != NULL)
		*matched = m.prefix;
	return true;
}

size_t
net_lpm_matches(const struct net_lpm *t, const struct net_addr *addr,
    struct net_lpm_match *out, size_t max)
{
	uint32_t x;
	size_t n = 0;

	if (addr->family == NET_AF_INET) {
		for (x = lpm4_find(t, net_addr_v4(addr)); x != 0;
		    x = t->v4[x - 1].parent) {
			if (n < max)
				fill_match4(&t->v4[x - 1], &out[n]);
			n++;
		}
	} else if (addr->family == NET_AF_INET6 && t->nb > 0) {
		for (x = lpm6_find(t, be64_at(addr->a), be64_at(addr->a + 8));
		    x != 0; x = t->v6[x - 1].parent) {
			if (n < max)
				fill_match6(&t->v6[x - 1], &out[n]);
			n++;
		}
	}
	return n;
}

size_t
net_lpm_count(const struct net_lpm *t, uint8_t family)
{
	if (family == NET_AF_INET)
		return t->l1 != NULL ? t->n4 : 0;
	if (family == NET_AF_INET6)
		return t->l1 != NULL ? t->n6 : 0;
	return 0;
}

size_t
net_lpm_memory(const struct net_lpm *t)
{
	size_t m = sizeof(*t);

	m += t->cap4 * sizeof(*t->v4) + t->cap6 * sizeof(*t->v6);
	if (t->l1 != NULL)
		m += 65536 * sizeof(uint32_t);
	m += t->n_l2 * sizeof(struct lpm_chunk) + t->nruns * sizeof(uint32_t);
	m += t->n_l3 * 256 * sizeof(uint32_t);
	if (t->val4 != NULL)
		m += t->n4 * sizeof(uint32_t);
	if (t->val6 != NULL)
		m += t->n6 * sizeof(uint32_t);
	m += t->nb * (sizeof(struct lpm6_key) + sizeof(uint32_t));
	return m;
}
