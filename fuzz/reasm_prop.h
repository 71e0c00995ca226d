/*
 * The reassembly property, shared by the unit test (tests/unit/
 * test_flow_reasm.c, a fixed seed) and the libFuzzer target
 * (fuzz/fuzz_reasm_prop.c, the input bytes drive the choices).
 *
 * One case: a random BGP byte stream (KEEPALIVE, UPDATE with real IPv4
 * NLRI, NOTIFICATION, ROUTE-REFRESH) is cut into segments the way a sender
 * does it, then damaged the way a capture sees it: segments lost, sent
 * again cut at other boundaries (a path-MTU drop), duplicated, reordered,
 * acknowledged.  Fed through flow_stream, the messages that come out must
 * be exactly the original ones minus those touching a byte that no
 * captured segment carried (and, when the capture joined mid-stream, the
 * bytes before its first segment): each byte at most once, in order, never
 * a message framed across a gap.
 *
 * Some cases leave what can be predicted exactly (a tiny buffer cap,
 * acknowledgments of bytes the capture has not shown yet, payloads cut by
 * the snaplen, a retransmission whose bytes differ): there the weaker
 * property holds, that what comes out is an ordered subsequence of the
 * original messages with no duplicate, every byte lost to the cap is
 * reported as such, and a differing retransmission is reported.
 *
 * Header-only (static functions) so both programs compile it; nothing
 * here allocates beyond one case, and rp_run() frees it all.
 */
#ifndef ERW_REASM_PROP_H
#define ERW_REASM_PROP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp.h"
#include "flow/flow.h"

#define RP_MAX_STREAM	(40 * 1024)	/* below the history ring */
#define RP_MAX_MSGS	48
#define RP_MAX_SEGS	8192

/* Where the choices come from: the bytes of a fuzz input while they
 * last, then a generator seeded from them (or from the test's seed). */
struct rp_src {
	const uint8_t	*p;
	size_t		 n;
	uint64_t	 x;
};

static uint64_t
rp_mix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void
rp_src_seed(struct rp_src *r, uint64_t seed)
{
	r->p = NULL;
	r->n = 0;
	r->x = seed;
}

static inline void
rp_src_bytes(struct rp_src *r, const uint8_t *p, size_t n)
{
	size_t i;

	r->p = p;
	r->n = n;
	r->x = n;
	for (i = 0; i < n; i++)
		r->x = r->x * 31 + p[i];
}

/* Uniform enough in [0, n); 0 when n is 0. */
static uint32_t
rp_below(struct rp_src *r, uint32_t n)
{
	uint32_t v;

	if (n <= 1)
		return 0;
	if (r->n >= 2) {
		v = (uint32_t)r->p[0] << 8 | r->p[1];
		r->p += 2;
		r->n -= 2;
		if (n > 65536)
			v = v << 16 ^ (uint32_t)rp_mix(&r->x);
	} else
		v = (uint32_t)rp_mix(&r->x);
	return v % n;
}

/* true with probability 1/n */
static bool
rp_one_in(struct rp_src *r, uint32_t n)
{
	return rp_below(r, n) == 0;
}

/* ------------------------------------------------------------------ */
/* The original stream                                                 */
/* ------------------------------------------------------------------ */

struct rp_msg {
	uint32_t	 off, len;
	uint8_t		 type;
	uint32_t	 nlri;		/* prefixes, UPDATE */
};

/* An UPDATE with n /24 prefixes 10.a.b.0/24 (no 0xff byte in it, so the
 * body never looks like a marker), ORIGIN, AS_PATH (4-octet) and
 * NEXT_HOP. */
static uint32_t
rp_update(uint8_t *p, uint32_t n, uint32_t *uniq)
{
	static const uint8_t attrs[] = {
		0x40, 1, 1, 0,				/* ORIGIN IGP */
		0x40, 2, 6, 2, 1, 0, 0, 0xfd, 0xe8,	/* AS_SEQ 65000 */
		0x40, 3, 4, 192, 0, 2, 1		/* NEXT_HOP */
	};
	uint32_t len = BGP_HDR_LEN + 4 + sizeof(attrs) + 4 * n, i, o, u;

	memset(p, 0xff, 16);
	p[16] = (uint8_t)(len >> 8);
	p[17] = (uint8_t)len;
	p[18] = BGP_MSG_UPDATE;
	p[19] = p[20] = 0;			/* no withdrawn routes */
	p[21] = 0;
	p[22] = sizeof(attrs);
	memcpy(p + 23, attrs, sizeof(attrs));
	o = 23 + sizeof(attrs);
	for (i = 0; i < n; i++) {
		u = (*uniq)++;
		p[o++] = 24;
		p[o++] = 10;
		p[o++] = (uint8_t)(u / 250 % 250);
		p[o++] = (uint8_t)(u % 250);
	}
	return len;
}

static uint32_t
rp_simple(uint8_t *p, uint8_t type, uint32_t len, uint32_t *uniq)
{
	uint32_t i;

	memset(p, 0xff, 16);
	p[16] = (uint8_t)(len >> 8);
	p[17] = (uint8_t)len;
	p[18] = type;
	for (i = BGP_HDR_LEN; i < len; i++)
		p[i] = (uint8_t)((*uniq)++ % 200);
	if (type == BGP_MSG_NOTIFICATION) {
		p[19] = 6;			/* Cease */
		p[20] = 2;
	} else if (type == BGP_MSG_ROUTE_REFRESH) {
		p[19] = 0;
		p[20] = 1;			/* IPv4 unicast */
		p[21] = 0;
		p[22] = 1;
	}
	return len;
}

/* ------------------------------------------------------------------ */
/* One case                                                            */
/* ------------------------------------------------------------------ */

enum rp_mode {
	RP_MIDSTREAM	= 0x01,	/* no start: the first segment is the join */
	RP_SMALLCAP	= 0x02,	/* weak: buffer cap forces holes */
	RP_WILDACK	= 0x04,	/* weak: acks ahead of what was captured */
	RP_SNAPLEN	= 0x08,	/* weak: payloads cut by the capture */
	RP_CORRUPT	= 0x10,	/* a retransmission carries other bytes */
	RP_EXT		= 0x20	/* RFC 8654 messages */
};

struct rp_seg {
	uint32_t	 off, len, cap;
	uint32_t	 key;		/* position in the capture */
	int32_t	 	 flip;		/* byte offset changed in this copy, -1 */
	bool		 ack;		/* an acknowledgment of off, no data */
};

struct rp_case {
	unsigned	 mode;
	uint32_t	 base;		/* sequence number of stream byte 0 */
	uint8_t		*orig;		/* the stream as sent */
	uint32_t	 n;
	struct rp_msg	 msg[RP_MAX_MSGS];
	unsigned	 nmsg;
	struct rp_seg	*seg;
	unsigned	 nseg;
	/* oracle */
	uint8_t		*first;		/* the first copy of each byte seen */
	int32_t		*first_frame;	/* its frame, 0 if never captured */
	uint32_t	 start;		/* stream bytes before it not expected */
	uint32_t	 hi;		/* end of the highest captured byte */
	bool		 whole[RP_MAX_MSGS];	/* every byte captured, after
						   start */
	/* what came out */
	unsigned	 got[RP_MAX_MSGS];	/* original index per message */
	unsigned	 ngot;
	bool		 stray;		/* a message not in the original */
	char		 stray_why[160];
	uint64_t	 updates, prefixes;
	uint64_t	 gap_bytes, limit_gap_bytes;
	uint64_t	 mismatches;
	bool		 bad_frames;	/* a mismatch named a wrong frame */
	uint64_t	 bad;
};

/* Outcome of one case, for the caller to print. */
struct rp_result {
	unsigned	 mode;
	uint32_t	 bytes, msgs, segs;
	unsigned	 expected, got;
	uint64_t	 updates, prefixes;
	uint64_t	 mismatches;
	uint64_t	 limit_bytes;
	char		 why[256];		/* empty when the property held */
};

static void
rp_on_msg(void *arg, const uint8_t *buf, size_t len,
    const struct flow_meta *f, const struct flow_meta *l)
{
	struct rp_case *c = arg;
	struct bgp_neg neg = { .as4 = true };
	struct bgp_error be;
	struct bgp_msg m;
	unsigned i, from;

	(void)f;
	(void)l;
	from = c->ngot > 0 ? c->got[c->ngot - 1] + 1 : 0;
	/* KEEPALIVEs are all alike: the first whole one that fits */
	for (i = from; i < c->nmsg; i++)
		if (c->whole[i] && c->msg[i].len == len &&
		    memcmp(c->first + c->msg[i].off, buf, len) == 0)
			break;
	if (i == c->nmsg || c->ngot >= RP_MAX_MSGS) {
		if (!c->stray)
			snprintf(c->stray_why, sizeof(c->stray_why),
			    "message %u (%zu bytes, type %u) is no original "
			    "message after message %d", c->ngot, len,
			    len > 18 ? buf[18] : 0, (int)from - 1);
		c->stray = true;
		return;
	}
	c->got[c->ngot++] = i;
	if (len > 18 && buf[18] == BGP_MSG_UPDATE) {
		c->updates++;
		neg.ext_msg = (c->mode & RP_EXT) != 0;
		if (bgp_msg_parse(buf, len, &neg, &m, &be) == 0)
			c->prefixes += m.u.update.n_nlri;
	}
}

static void
rp_on_bad(void *arg, const struct bgp_error *be, const struct flow_meta *m)
{
	struct rp_case *c = arg;

	(void)be;
	(void)m;
	c->bad++;
}

static void
rp_on_gap(void *arg, enum flow_gap_why why, uint64_t bytes,
    const struct flow_meta *m)
{
	struct rp_case *c = arg;

	(void)m;
	c->gap_bytes += bytes;
	if (why == FLOW_GAP_LIMIT)
		c->limit_gap_bytes += bytes;
}

static void
rp_on_mismatch(void *arg, uint32_t seq, uint64_t bytes,
    const struct flow_meta *orig, const struct flow_meta *dup)
{
	struct rp_case *c = arg;
	uint32_t off = seq - c->base;

	c->mismatches++;
	if (bytes == 0 || off >= c->n || dup->frame == 0 ||
	    orig->frame == dup->frame)
		c->bad_frames = true;
	/* the original frame is the first that carried the byte, when the
	 * stream still knows it */
	else if (orig->frame != 0 &&
	    (int64_t)orig->frame != c->first_frame[off])
		c->bad_frames = true;
}

static const struct flow_stream_ops rp_ops = {
	rp_on_msg, rp_on_bad, rp_on_gap, rp_on_mismatch
};

static int
rp_seg_cmp(const void *a, const void *b)
{
	const struct rp_seg *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return 0;
}

static bool
rp_add(struct rp_case *c, uint32_t off, uint32_t len, uint32_t key,
    bool ack)
{
	struct rp_seg *g;

	if (c->nseg >= RP_MAX_SEGS)
		return false;
	g = &c->seg[c->nseg++];
	g->off = off;
	g->len = len;
	g->cap = len;
	g->key = key;
	g->flip = -1;
	g->ack = ack;
	return true;
}

/* Cut [a, b) into segments of at most mss bytes (sometimes less), each
 * kept unless lost (one in drop, 0: never), placed at key0 + k * 64 plus
 * jitter. */
static void
rp_cut(struct rp_case *c, struct rp_src *r, uint32_t a, uint32_t b,
    uint32_t mss, uint32_t drop, uint32_t key0, uint32_t jitter)
{
	uint32_t k = 0, len;

	while (a < b) {
		len = mss;
		if (rp_one_in(r, 4))
			len = 1 + rp_below(r, mss);
		if (len > b - a)
			len = b - a;
		if (drop == 0 || !rp_one_in(r, drop))
			if (!rp_add(c, a, len, key0 + k * 64 +
			    rp_below(r, jitter * 64 + 1), false))
				return;
		a += len;
		k++;
	}
}

static uint32_t
rp_mss(struct rp_src *r)
{
	switch (rp_below(r, 6)) {
	case 0:
		return 1 + rp_below(r, 8);
	case 1:
		return 1 + rp_below(r, 100);
	case 2:
		return 536;
	case 3:
		return 1460;
	case 4:
		return 8948;	/* jumbo */
	default:
		return 1 + rp_below(r, 1460);
	}
}

static int
rp_generate(struct rp_case *c, struct rp_src *r)
{
	uint32_t uniq = rp_below(r, 1000), len, maxp, mss, drop, jitter;
	uint32_t a, b, k, i, rounds, last_key;
	uint8_t *p;

	c->mode = 0;
	if (rp_one_in(r, 4))
		c->mode |= RP_MIDSTREAM;
	if (rp_one_in(r, 5))
		c->mode |= RP_SMALLCAP;
	if (rp_one_in(r, 8))
		c->mode |= RP_WILDACK;
	if (rp_one_in(r, 10))
		c->mode |= RP_SNAPLEN;
	if (rp_one_in(r, 5))
		c->mode |= RP_CORRUPT;
	if (rp_one_in(r, 4))
		c->mode |= RP_EXT;
	/* near the wrap half of the time */
	c->base = rp_one_in(r, 2) ? 0u - rp_below(r, RP_MAX_STREAM + 4096) :
	    (uint32_t)rp_mix(&r->x);

	/* the messages */
	c->nmsg = 1 + rp_below(r, RP_MAX_MSGS);
	p = c->orig;
	c->n = 0;
	for (i = 0; i < c->nmsg; i++) {
		struct rp_msg *m = &c->msg[i];

		maxp = (c->mode & RP_EXT) ? 2500 : 1000;
		if (rp_one_in(r, 3))
			maxp = 20;
		m->off = c->n;
		m->nlri = 0;
		switch (rp_below(r, 8)) {
		case 0:
		case 1:
			m->type = BGP_MSG_KEEPALIVE;
			len = BGP_HDR_LEN;
			break;
		case 6:
			m->type = BGP_MSG_NOTIFICATION;
			len = 21 + rp_below(r, 40);
			break;
		case 7:
			m->type = BGP_MSG_ROUTE_REFRESH;
			len = 23;
			break;
		default:
			m->type = BGP_MSG_UPDATE;
			m->nlri = 1 + rp_below(r, maxp);
			len = BGP_HDR_LEN + 4 + 20 + 4 * m->nlri;
			break;
		}
		if (c->n + len > RP_MAX_STREAM)
			break;
		if (m->type == BGP_MSG_UPDATE)
			(void)rp_update(p + c->n, m->nlri, &uniq);
		else
			(void)rp_simple(p + c->n, m->type, len, &uniq);
		m->len = len;
		c->n += len;
	}
	c->nmsg = i;
	if (c->nmsg == 0)
		return -1;

	/* the first transmission */
	mss = rp_mss(r);
	drop = rp_below(r, 3) == 0 ? 0 : 4 + rp_below(r, 40);
	jitter = rp_one_in(r, 3) ? 0 : rp_below(r, 8);
	if (rp_one_in(r, 4))
		jitter = 8 + rp_below(r, 64);	/* far out of order */
	c->nseg = 0;
	rp_cut(c, r, 0, c->n, mss, drop, 0, jitter);
	last_key = c->nseg * 64 + 64;

	/* a burst lost on the path (a path-MTU black hole) and sent again
	 * in smaller pieces, some lost again, after later data is in */
	if (c->nseg > 1 && rp_one_in(r, 2)) {
		i = rp_below(r, c->nseg - 1);
		k = 1 + rp_below(r, c->nseg - i < 24 ? c->nseg - i : 24);
		a = c->seg[i].off;
		b = c->seg[i + k - 1].off + c->seg[i + k - 1].len;
		len = i + k < c->nseg ? c->seg[i + k].key : last_key;
		memmove(&c->seg[i], &c->seg[i + k],
		    (c->nseg - i - k) * sizeof(c->seg[0]));
		c->nseg -= k;
		rp_cut(c, r, a, b, 1 + rp_below(r, mss), 2 + rp_below(r, 6),
		    len + rp_below(r, 16 * 64), rp_below(r, 4));
	}

	/* retransmissions re-cut at other boundaries, smaller segments
	 * after a path-MTU drop, some of them lost too */
	rounds = rp_below(r, 5);
	for (k = 0; k < rounds; k++) {
		a = rp_below(r, c->n);
		b = a + 1 + rp_below(r, c->n - a);
		mss = rp_one_in(r, 2) ? 1 + rp_below(r, mss) : rp_mss(r);
		rp_cut(c, r, a, b, mss, drop ? drop * 2 : 0,
		    rp_below(r, last_key + 1), rp_below(r, 4));
	}
	/* duplicates */
	for (i = 0, k = c->nseg; i < k; i++)
		if (rp_one_in(r, 25))
			(void)rp_add(c, c->seg[i].off, c->seg[i].len,
			    c->seg[i].key + rp_below(r, 30 * 64), false);
	/* one segment that carries other bytes than the rest */
	if ((c->mode & RP_CORRUPT) && c->nseg > 1) {
		i = rp_below(r, c->nseg);
		a = c->seg[i].off + rp_below(r, c->seg[i].len);
		c->seg[i].flip = (int32_t)a;
	}
	/* payloads cut by the capture */
	if (c->mode & RP_SNAPLEN)
		for (i = 0; i < c->nseg; i++)
			if (rp_one_in(r, 3))
				c->seg[i].cap = rp_below(r, c->seg[i].len);
	/* wild acks: anywhere, any time */
	if (c->mode & RP_WILDACK)
		for (i = 0, k = rp_below(r, 10); i < k; i++)
			(void)rp_add(c, rp_below(r, c->n + 1), 0,
			    rp_below(r, last_key * 2), true);
	qsort(c->seg, c->nseg, sizeof(c->seg[0]), rp_seg_cmp);
	return 0;
}

/* A flipped byte must not change the framing: only body bytes. */
static bool
rp_body_byte(const struct rp_case *c, uint32_t off)
{
	unsigned i;

	for (i = 0; i < c->nmsg; i++)
		if (off >= c->msg[i].off && off < c->msg[i].off + c->msg[i].len)
			return off - c->msg[i].off >= BGP_HDR_LEN;
	return false;
}

static uint8_t
rp_byte(const struct rp_case *c, const struct rp_seg *g, uint32_t off)
{
	uint8_t v = c->orig[off];

	return g->flip == (int32_t)off ? (uint8_t)(v ^ 0x5a) : v;
}

/*
 * Run one case drawn from r.  Returns 0 when the property held, -1 with
 * res->why saying how it failed (or -2: the case could not be built,
 * nothing to check).
 */
static int
rp_run(struct rp_src *r, struct rp_result *res)
{
	struct rp_case *c;
	struct flow_stream s;
	struct flow_meta meta;
	uint8_t *buf = NULL, *seen = NULL;
	uint32_t i, j, off, lost_lo, lost_all, lo, unseen, expect, flips;
	uint64_t want_upd = 0, want_pfx = 0;
	bool strong;
	int rc = -2;

	memset(res, 0, sizeof(*res));
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return -2;
	c->orig = malloc(RP_MAX_STREAM);
	c->first = malloc(RP_MAX_STREAM);
	c->first_frame = calloc(RP_MAX_STREAM, sizeof(int32_t));
	c->seg = calloc(RP_MAX_SEGS, sizeof(*c->seg));
	buf = malloc(BGP_EXT_MAX_LEN + 1);
	seen = calloc(RP_MAX_STREAM, 1);
	if (c->orig == NULL || c->first == NULL || c->first_frame == NULL ||
	    c->seg == NULL || buf == NULL || seen == NULL)
		goto out;
	if (rp_generate(c, r) == -1)
		goto out;
	/* joined mid-stream: the first segment is where the stream starts */
	c->start = 0;
	if (c->mode & RP_MIDSTREAM) {
		for (i = 0; i < c->nseg && c->seg[i].ack; i++)
			;
		c->start = i < c->nseg ? c->seg[i].off : c->n;
	}
	/* a flip must land on a message body, after the start, in a copy
	 * of a byte some other segment also carries, or it is no test of
	 * the check */
	for (i = 0; i < c->nseg; i++) {
		if (c->seg[i].flip < 0)
			continue;
		off = (uint32_t)c->seg[i].flip;
		for (j = 0; j < c->nseg; j++)
			if (j != i && !c->seg[j].ack && off >= c->seg[j].off &&
			    off < c->seg[j].off + c->seg[j].len)
				break;
		if (j == c->nseg || off < c->start || !rp_body_byte(c, off))
			c->seg[i].flip = -1;
	}
	/* the oracle: first copy of each byte in capture order */
	memcpy(c->first, c->orig, c->n);
	c->hi = 0;
	for (i = 0; i < c->nseg; i++) {
		const struct rp_seg *g = &c->seg[i];

		if (g->ack)
			continue;
		for (off = g->off; off < g->off + g->cap; off++)
			if (c->first_frame[off] == 0) {
				c->first_frame[off] = (int32_t)i + 1;
				c->first[off] = rp_byte(c, g, off);
			}
		if (g->off + g->cap > c->hi)
			c->hi = g->off + g->cap;
	}

	for (i = 0; i < c->nmsg; i++) {
		const struct rp_msg *m = &c->msg[i];

		c->whole[i] = m->off >= c->start;
		for (off = m->off; c->whole[i] && off < m->off + m->len; off++)
			if (c->first_frame[off] == 0)
				c->whole[i] = false;
	}

	/* feed it */
	flow_stream_init(&s, &rp_ops, c);
	s.ext_msg = (c->mode & RP_EXT) != 0;
	if (c->mode & RP_SMALLCAP) {
		s.cap_segs = 1 + rp_below(r, 64);
		s.cap_bytes = 64 + rp_below(r, 1 << (6 + rp_below(r, 8)));
	} else if (!(c->mode & (RP_WILDACK | RP_SNAPLEN))) {
		/* the exact property needs room for the whole stream (tiny
		 * segments would reach the default segment cap) */
		s.cap_segs = RP_MAX_SEGS;
		s.cap_bytes = RP_MAX_STREAM;
	}
	if (!(c->mode & RP_MIDSTREAM))
		flow_stream_start(&s, c->base);
	unseen = 0;		/* lowest captured byte not fed yet */
	for (i = 0; i < c->nseg; i++) {
		const struct rp_seg *g = &c->seg[i];

		meta.frame = i + 1;
		meta.time = (usec_t)i;
		if (g->ack) {
			flow_stream_ack(&s, c->base + g->off, &meta);
			continue;
		}
		for (off = 0; off < g->cap; off++)
			buf[off] = rp_byte(c, g, g->off + off);
		(void)flow_stream_segment(&s, c->base + g->off, buf, g->cap,
		    g->len, &meta);
		for (off = g->off; off < g->off + g->cap; off++)
			seen[off] = 1;
		/* a receiver acknowledges what it has: every captured byte
		 * below the ack was shown (the rest the capture lost) */
		while (unseen < c->n && (seen[unseen] ||
		    c->first_frame[unseen] == 0))
			unseen++;
		if (rp_one_in(r, 3)) {
			meta.frame = 0;
			flow_stream_ack(&s, c->base + unseen, &meta);
		}
		if (s.nooo > s.cap_segs || s.ooo_bytes > s.cap_bytes) {
			snprintf(res->why, sizeof(res->why), "buffered %u "
			    "segments / %zu bytes over the cap %u / %zu",
			    s.nooo, s.ooo_bytes, s.cap_segs, s.cap_bytes);
			rc = -1;
			break;
		}
	}
	meta.frame = c->nseg + 1;
	flow_stream_flush(&s, &meta);

	/* judge */
	strong = !(c->mode & (RP_SMALLCAP | RP_WILDACK | RP_SNAPLEN));
	lost_lo = lost_all = 0;
	for (off = c->start; off < c->n; off++)
		if (c->first_frame[off] == 0) {
			lost_all++;
			if (off < c->hi)
				lost_lo++;
		}
	expect = 0;
	for (i = 0; i < c->nmsg; i++) {
		const struct rp_msg *m = &c->msg[i];

		if (!c->whole[i])
			continue;
		if (strong && (expect >= c->ngot || c->got[expect] != i) &&
		    res->why[0] == '\0')
			snprintf(res->why, sizeof(res->why), "message %u "
			    "(offset %u, %u bytes, type %u) is whole in the "
			    "capture but did not come out", i, m->off, m->len,
			    m->type);
		expect++;
		if (m->type == BGP_MSG_UPDATE) {
			want_upd++;
			want_pfx += m->nlri;
		}
	}
	lo = 0;
	for (off = c->start; off < c->n; off++)
		if (c->first_frame[off] != 0)
			lo++;
	flips = 0;
	for (i = 0; i < c->nseg; i++)
		if (c->seg[i].flip >= 0)
			flips++;
	if (rc == -1)
		;
	else if (c->stray)
		snprintf(res->why, sizeof(res->why), "%s", c->stray_why);
	else if (res->why[0] != '\0')
		;
	else if (s.bytes > lo)
		snprintf(res->why, sizeof(res->why), "%llu bytes delivered, "
		    "the capture holds %u", (unsigned long long)s.bytes, lo);
	else if (c->bad_frames)
		snprintf(res->why, sizeof(res->why), "a mismatch names the "
		    "wrong flips");
	else if (c->limit_gap_bytes != s.limit_bytes)
		snprintf(res->why, sizeof(res->why), "%llu bytes lost to the "
		    "cap, %llu reported", (unsigned long long)s.limit_bytes,
		    (unsigned long long)c->limit_gap_bytes);
	else if (flips == 0 && c->mismatches > 0)
		snprintf(res->why, sizeof(res->why), "%llu mismatches "
		    "reported, every copy was the same",
		    (unsigned long long)c->mismatches);
	else if (flips > 0 && c->mismatches == 0 &&
	    !(c->mode & (RP_SMALLCAP | RP_WILDACK | RP_SNAPLEN)))
		snprintf(res->why, sizeof(res->why), "a copy with other "
		    "bytes went unreported");
	else if (strong && c->ngot != expect)
		snprintf(res->why, sizeof(res->why), "%u messages out, %u "
		    "expected", c->ngot, expect);
	else if (strong && (c->updates != want_upd ||
	    (flips == 0 && c->prefixes != want_pfx)))
		snprintf(res->why, sizeof(res->why), "%llu UPDATEs / %llu "
		    "prefixes out, %llu / %llu sent whole",
		    (unsigned long long)c->updates,
		    (unsigned long long)c->prefixes,
		    (unsigned long long)want_upd,
		    (unsigned long long)want_pfx);
	else if (strong && s.bytes != lo)
		snprintf(res->why, sizeof(res->why), "%llu bytes delivered, "
		    "%u captured", (unsigned long long)s.bytes, lo);
	else if (strong && (c->gap_bytes < lost_lo ||
	    c->gap_bytes > lost_all))
		snprintf(res->why, sizeof(res->why), "%llu gap bytes "
		    "reported, %u..%u lost", (unsigned long long)c->gap_bytes,
		    lost_lo, lost_all);
	else if (strong && (c->bad > 0 || s.limit_bytes > 0))
		snprintf(res->why, sizeof(res->why), "%llu bad headers, %llu "
		    "bytes over the cap", (unsigned long long)c->bad,
		    (unsigned long long)s.limit_bytes);
	rc = res->why[0] == '\0' ? 0 : -1;
	res->mode = c->mode;
	res->bytes = c->n;
	res->msgs = c->nmsg;
	res->segs = c->nseg;
	res->expected = expect;
	res->got = c->ngot;
	res->updates = c->updates;
	res->prefixes = c->prefixes;
	res->mismatches = c->mismatches;
	res->limit_bytes = s.limit_bytes;
	flow_stream_release(&s);
out:
	if (c != NULL) {
		free(c->orig);
		free(c->first);
		free(c->first_frame);
		free(c->seg);
	}
	free(c);
	free(buf);
	free(seen);
	return rc;
}

#endif /* ERW_REASM_PROP_H */
