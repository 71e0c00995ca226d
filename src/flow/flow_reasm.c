/*
 * Bounded per-direction TCP stream reassembly (RFC 9293 section 3.4:
 * sequence space modulo 2^32, compared in serial arithmetic as RFC 1982
 * does) and the BGP framer behind it (RFC 4271 section 4.1: 16-byte
 * marker, 2-byte length, 1-byte type).
 *
 * The one rule: every byte of the stream reaches the framer at most once,
 * in sequence order, and the first copy of a byte the capture shows is the
 * one delivered.  A later copy (a retransmission, perhaps cut at other
 * boundaries after a path-MTU drop, or a duplicate) is compared with the
 * first, from the out-of-order buffer or from a ring of recently delivered
 * bytes; when they differ the caller hears of it (both frames), nothing is
 * merged.
 *
 * In-order payload goes straight from the capture buffer to the framer, so
 * the common case copies only into the history ring and the tail of a
 * message that continues in the next segment.  Segments from the future are
 * kept, sorted and non-overlapping (a new one fills only the holes between
 * what is buffered), up to cap_bytes / cap_segs.  Past the cap, or when the
 * receiver acknowledges bytes the capture never showed, or at the end, the
 * oldest hole is given up and reported as a gap; the framer then drops the
 * message the gap cut and looks for the next valid BGP header, across
 * segment boundaries.  Nothing here prints or judges: messages, bad
 * headers, gaps and mismatches go to the caller's callbacks.
 */
#include <stdlib.h>
#include <string.h>

#include "flow.h"

#define HIST_SIZE	LIMIT_REASM_HISTORY_PER_DIR
#define HIST_RUNS	64	/* which frame delivered which bytes */

struct flow_seg {
	struct flow_seg	*next;
	uint32_t	 seq;
	uint32_t	 len;		/* on the wire */
	uint32_t	 cap;		/* bytes present in data (a prefix) */
	struct flow_meta meta;
	uint8_t		 data[];
};

/* Delivered bytes, indexed by sequence number modulo HIST_SIZE (a power
 * of two, so the index survives the 2^32 wrap).  A bit per byte says
 * whether the slot holds the byte of [next - HIST_SIZE, next) it maps to:
 * set when delivered, cleared when a gap skips it. */
struct flow_hist {
	struct {
		uint32_t	 seq;		/* first byte it delivered */
		struct flow_meta meta;
	}		 run[HIST_RUNS];	/* ring, in delivery order */
	unsigned	 run_head;		/* next slot */
	unsigned	 nrun;
	uint8_t		 valid[HIST_SIZE / 8];
	uint8_t		 data[HIST_SIZE];
};

/* Bytes of one segment that differ from the first copy. */
struct mism {
	uint64_t	 bytes;
	uint32_t	 seq;		/* the first of them */
	struct flow_meta orig;
};

/* ------------------------------------------------------------------ */
/* Framer                                                              */
/* ------------------------------------------------------------------ */

static int
pend_append(struct flow_stream *s, const uint8_t *p, size_t n)
{
	size_t ncap;
	uint8_t *nb;

	if (s->plen + n > s->pcap) {
		ncap = s->pcap ? s->pcap : 256;
		while (ncap < s->plen + n)
			ncap *= 2;
		/* a message is at most 65535 bytes: never more than that */
		if (ncap > BGP_EXT_MAX_LEN + 1)
			ncap = BGP_EXT_MAX_LEN + 1;
		if (ncap < s->plen + n)
			return -1;
		if ((nb = erw_realloc(s->pend, ncap)) == NULL) {
			s->nomem = true;
			return -1;
		}
		s->pend = nb;
		s->pcap = ncap;
	}
	memcpy(s->pend + s->plen, p, n);
	s->plen += n;
	return 0;
}

static bool
hdr_ok(const struct flow_stream *s, const uint8_t *p, size_t n)
{
	struct bgp_error be;
	uint16_t len;
	uint8_t type;

	return bgp_hdr_check(p, n, s->ext_msg, &len, &type, &be) == 1;
}

/*
 * Offset of the first valid BGP header starting before maxpos in p[0..n)
 * (whole header inside), or -1.  In a run of more than 16 0xff bytes the
 * marker is the last 16 of them (a length never starts with 0xff below
 * 65280 bytes), so a candidate followed by 0xff gives way to the next one
 * when that is valid too: a message ending in 0xff must not pull the
 * framer one byte early.
 */
static long
find_header(const struct flow_stream *s, const uint8_t *p, size_t n,
    size_t maxpos)
{
	const uint8_t *q;
	size_t i = 0;

	while (i < maxpos && n - i >= BGP_HDR_LEN) {
		q = memchr(p + i, 0xff, n - i - BGP_HDR_LEN + 1);
		if (q == NULL)
			return -1;
		i = (size_t)(q - p);
		if (i >= maxpos)
			return -1;
		if (hdr_ok(s, p + i, n - i)) {
			while (n - i > BGP_HDR_LEN && p[i + 16] == 0xff &&
			    hdr_ok(s, p + i + 1, n - i - 1))
				i++;
			return (long)i;
		}
		i++;
	}
	return -1;
}

static void
framer_lost(struct flow_stream *s)
{
	s->plen = 0;
	s->need = 0;
	s->resync = true;
}

static void
framer_bad(struct flow_stream *s, const struct bgp_error *be,
    const struct flow_meta *meta)
{
	s->bad++;
	if (s->ops != NULL && s->ops->bad != NULL)
		s->ops->bad(s->ctx, be, meta);
}

static void
framer_msg(struct flow_stream *s, const uint8_t *p, size_t n,
    const struct flow_meta *first, const struct flow_meta *last)
{
	s->msgs++;
	if (s->ops != NULL && s->ops->msg != NULL)
		s->ops->msg(s->ctx, p, n, first, last);
}

/*
 * Resynchronizing: find the next valid header in what is carried over
 * from the previous chunk (pend, fewer than a header's bytes) followed by
 * p[0..n).  Returns how many bytes of p to skip before framing goes on:
 * with the header at that offset of p (pend emptied), or at 0 with the
 * header's first bytes left in pend, or n when none was found (the last
 * bytes kept in pend, a header may start there).  Every byte looked at is
 * counted as skipped until it turns out to be part of a header.
 */
static size_t
resync(struct flow_stream *s, const uint8_t *p, size_t n,
    const struct flow_meta *meta)
{
	uint8_t w[2 * BGP_HDR_LEN + 1];
	size_t c = s->plen, t, keep;
	long off;

	if (c > 0) {
		t = n < BGP_HDR_LEN + 1 ? n : BGP_HDR_LEN + 1;
		memcpy(w, s->pend, c);
		memcpy(w + c, p, t);
		off = find_header(s, w, c + t, c);
		if (off >= (long)c) {
			/* a run of 0xff from the carry on: the marker ends
			 * in p */
			s->plen = 0;
			s->skipped_bytes += (size_t)off - c;
			s->resync = false;
			return (size_t)off - c;
		}
		if (off >= 0) {
			/* the header starts in the carry */
			memmove(s->pend, s->pend + off, c - (size_t)off);
			s->plen = c - (size_t)off;
			s->skipped_bytes -= s->plen;
			s->resync = false;
			return 0;
		}
	}
	if ((off = find_header(s, p, n, n)) >= 0) {
		s->plen = 0;
		s->skipped_bytes += (size_t)off;
		s->resync = false;
		return (size_t)off;
	}
	/* keep the last bytes: a header may begin there */
	s->skipped_bytes += n;
	keep = BGP_HDR_LEN - 1;
	if (n >= keep) {
		s->plen = 0;
		s->pfirst = *meta;
		(void)pend_append(s, p + n - keep, keep);
	} else {
		if (c + n > keep) {
			memmove(s->pend, s->pend + (c + n - keep),
			    keep - n);
			s->plen = keep - n;
		}
		if (s->plen == 0)
			s->pfirst = *meta;
		(void)pend_append(s, p, n);
	}
	return n;
}

/* In-order payload bytes for the framer. */
static void
framer_feed(struct flow_stream *s, const uint8_t *p, size_t n,
    const struct flow_meta *meta)
{
	struct bgp_error be;
	uint16_t mlen;
	uint8_t type;
	size_t take;
	int r;

	while (n > 0) {
		if (s->resync) {
			take = resync(s, p, n, meta);
			p += take;
			n -= take;
			if (s->resync)
				return;
			if (n == 0)
				return;
		}
		if (s->plen > 0 || n < BGP_HDR_LEN) {
			if (s->plen == 0)
				s->pfirst = *meta;
			if (s->plen < BGP_HDR_LEN) {
				take = BGP_HDR_LEN - s->plen;
				if (take > n)
					take = n;
				if (pend_append(s, p, take) == -1) {
					framer_lost(s);
					return;
				}
				p += take;
				n -= take;
				if (s->plen < BGP_HDR_LEN)
					return;
				memset(&be, 0, sizeof(be));
				r = bgp_hdr_check(s->pend, s->plen, s->ext_msg,
				    &mlen, &type, &be);
				if (r != 1) {
					framer_bad(s, &be, &s->pfirst);
					framer_lost(s);
					continue;
				}
				s->need = mlen;
			}
			take = s->need - s->plen;
			if (take > n)
				take = n;
			if (pend_append(s, p, take) == -1) {
				framer_lost(s);
				return;
			}
			p += take;
			n -= take;
			if (s->plen == s->need) {
				framer_msg(s, s->pend, s->plen, &s->pfirst,
				    meta);
				s->plen = 0;
				s->need = 0;
			}
			continue;
		}
		/* Fast path: a header at p, nothing pending; the check
		 * resets be itself. */
		r = bgp_hdr_check(p, n, s->ext_msg, &mlen, &type, &be);
		if (r != 1) {
			framer_bad(s, &be, meta);
			s->resync = true;
			s->skipped_bytes++;
			p++;
			n--;
			continue;
		}
		if (n >= mlen) {
			framer_msg(s, p, mlen, meta, meta);
			p += mlen;
			n -= mlen;
			continue;
		}
		s->pfirst = *meta;
		s->need = mlen;
		if (pend_append(s, p, n) == -1)
			framer_lost(s);
		return;
	}
}

static void
stream_gap(struct flow_stream *s, enum flow_gap_why why, uint64_t bytes,
    const struct flow_meta *meta)
{
	if (bytes == 0)
		return;
	s->gap_bytes += bytes;
	if (why == FLOW_GAP_LIMIT)
		s->limit_bytes += bytes;
	/* the message the gap cuts is dropped, never framed across it */
	framer_lost(s);
	if (s->ops != NULL && s->ops->gap != NULL)
		s->ops->gap(s->ctx, why, bytes, meta);
}

/* ------------------------------------------------------------------ */
/* History of delivered bytes                                          */
/* ------------------------------------------------------------------ */

/* Set (or clear) bits [lo, lo + n) of one bitmap byte, n <= 8 - lo. */
static void
hist_bits(uint8_t *v, unsigned lo, unsigned n, bool on)
{
	uint8_t m = (uint8_t)(((1u << n) - 1) << lo);

	*v = on ? (uint8_t)(*v | m) : (uint8_t)(*v & ~m);
}

/* Set (or clear) the valid bits of n slots from seq. */
static void
hist_mark(struct flow_hist *h, uint32_t seq, size_t n, bool on)
{
	uint32_t at;
	size_t k;

	if (n > HIST_SIZE)
		n = HIST_SIZE;
	if ((seq & 7) != 0 && n > 0) {
		k = 8 - (seq & 7);
		if (k > n)
			k = n;
		at = seq & (HIST_SIZE - 1);
		hist_bits(&h->valid[at >> 3], at & 7, (unsigned)k, on);
		seq += (uint32_t)k;
		n -= k;
	}
	/* whole bytes of the bitmap, up to the end of the ring at a time */
	while (n >= 8) {
		at = (seq & (HIST_SIZE - 1)) >> 3;
		k = n / 8;
		if (k > HIST_SIZE / 8 - at)
			k = HIST_SIZE / 8 - at;
		memset(h->valid + at, on ? 0xff : 0, k);
		seq += (uint32_t)(k * 8);
		n -= k * 8;
	}
	if (n > 0) {
		at = seq & (HIST_SIZE - 1);
		hist_bits(&h->valid[at >> 3], 0, (unsigned)n, on);
	}
}

static bool
hist_valid(const struct flow_hist *h, uint32_t seq)
{
	uint32_t at = seq & (HIST_SIZE - 1);

	return (h->valid[at >> 3] >> (at & 7)) & 1;
}

/* A gap moves next from seq over n bytes that were never delivered. */
static void
hist_skip(struct flow_stream *s, uint32_t seq, uint64_t n)
{
	if (s->hist != NULL)
		hist_mark(s->hist, seq, n > HIST_SIZE ? HIST_SIZE : (size_t)n,
		    false);
}

static void
hist_put(struct flow_stream *s, uint32_t seq, const uint8_t *p, size_t n,
    const struct flow_meta *meta)
{
	struct flow_hist *h = s->hist;
	size_t i, k, skip;
	uint32_t at;

	if (h == NULL) {
		if (s->hist_failed)
			return;
		if ((h = erw_malloc(sizeof(*h))) == NULL) {
			/* later copies would go unchecked: the owner fails
			 * the run rather than miss a mismatch */
			s->hist_failed = true;
			s->nomem = true;
			return;
		}
		h->nrun = h->run_head = 0;
		memset(h->valid, 0, sizeof(h->valid));
		s->hist = h;
	}
	if (h->nrun == 0 || h->run[(h->run_head + HIST_RUNS - 1) %
	    HIST_RUNS].meta.frame != meta->frame) {
		h->run[h->run_head].seq = seq;
		h->run[h->run_head].meta = *meta;
		h->run_head = (h->run_head + 1) % HIST_RUNS;
		if (h->nrun < HIST_RUNS)
			h->nrun++;
	}
	/* only the last HIST_SIZE bytes can be kept */
	skip = n > HIST_SIZE ? n - HIST_SIZE : 0;
	hist_mark(h, seq + (uint32_t)skip, n - skip, true);
	for (i = skip; i < n; i += k) {
		at = (seq + (uint32_t)i) & (HIST_SIZE - 1);
		k = HIST_SIZE - at;
		if (k > n - i)
			k = n - i;
		memcpy(h->data + at, p + i, k);
	}
}

/* The frame that delivered byte seq, or NULL when no longer known. */
static const struct flow_meta *
hist_frame(const struct flow_hist *h, uint32_t seq)
{
	unsigned i, slot;

	for (i = 0; i < h->nrun; i++) {
		slot = (h->run_head + HIST_RUNS - 1 - i) % HIST_RUNS;
		/* runs come in delivery order, so in sequence order: the
		 * last one starting at or before seq delivered it */
		if (FLOW_SEQ_LEQ(h->run[slot].seq, seq))
			return &h->run[slot].meta;
	}
	return NULL;
}

static void
mism_add(struct mism *mm, uint32_t seq, uint64_t bytes,
    const struct flow_meta *orig)
{
	static const struct flow_meta none = { 0, 0 };

	if (mm->bytes == 0) {
		mm->seq = seq;
		mm->orig = orig != NULL ? *orig : none;
	}
	mm->bytes += bytes;
}

/* Count the bytes of a[0..n) and b[0..n) that differ; *first: offset of
 * the first, when any. */
static size_t
diff_bytes(const uint8_t *a, const uint8_t *b, size_t n, size_t *first)
{
	size_t i, d = 0;

	*first = 0;
	if (memcmp(a, b, n) == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (a[i] != b[i]) {
			if (d++ == 0)
				*first = i;
		}
	return d;
}

/*
 * A later copy of delivered bytes: p holds the captured bytes from seq,
 * n of them, all below next.  Compare what the history still has; count
 * the rest as unchecked.
 */
static void
hist_check(struct flow_stream *s, uint32_t seq, const uint8_t *p, size_t n,
    struct mism *mm)
{
	const struct flow_hist *h = s->hist;
	uint32_t oldest = s->next - HIST_SIZE, x;
	size_t i = 0, checked = 0, d = 0;
	uint8_t b;

	if (h == NULL) {
		s->unchecked_bytes += n;
		return;
	}
	/* older than the ring: nothing to compare with */
	if (FLOW_SEQ_LT(seq, oldest)) {
		i = (uint32_t)(oldest - seq);
		if (i > n)
			i = n;
	}
	for (; i < n; i++) {
		x = seq + (uint32_t)i;
		if (!hist_valid(h, x))
			continue;
		checked++;
		b = h->data[x & (HIST_SIZE - 1)];
		if (b == p[i])
			continue;
		if (d++ == 0)
			mism_add(mm, x, 0, hist_frame(h, x));
	}
	if (d > 0)
		mm->bytes += d;
	s->unchecked_bytes += n - checked;
}

/* ------------------------------------------------------------------ */
/* Reassembly                                                          */
/* ------------------------------------------------------------------ */

void
flow_stream_init(struct flow_stream *s, const struct flow_stream_ops *ops,
    void *ctx)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->ctx = ctx;
	s->cap_bytes = LIMIT_REASM_BYTES_PER_DIR;
	s->cap_segs = LIMIT_REASM_SEGMENTS_PER_DIR;
}

void
flow_stream_release(struct flow_stream *s)
{
	struct flow_seg *g, *nx;

	for (g = s->ooo; g != NULL; g = nx) {
		nx = g->next;
		free(g);
	}
	s->ooo = NULL;
	s->nooo = 0;
	s->ooo_bytes = 0;
	free(s->pend);
	s->pend = NULL;
	s->plen = s->pcap = s->need = 0;
	free(s->hist);
	s->hist = NULL;
}

void
flow_stream_start(struct flow_stream *s, uint32_t seq)
{
	/* a stream already under way keeps its place: moving next back
	 * would deliver its bytes again */
	if (s->started)
		return;
	s->started = true;
	s->next = seq;
	s->resync = false;
}

size_t
flow_stream_buffered(const struct flow_stream *s)
{
	return s->ooo_bytes + s->plen;
}

/* Deliver len wire bytes at next (cap of them captured, at data). */
static void
deliver(struct flow_stream *s, const uint8_t *data, size_t cap, size_t len,
    const struct flow_meta *meta)
{
	uint32_t seq = s->next;

	if (cap > 0) {
		hist_put(s, seq, data, cap, meta);
		s->bytes += cap;
		s->next += (uint32_t)cap;
		framer_feed(s, data, cap, meta);
	}
	if (cap < len) {
		hist_skip(s, s->next, len - cap);
		s->next = seq + (uint32_t)len;
		stream_gap(s, FLOW_GAP_SNAPLEN, len - cap, meta);
	}
}

/* Buffered segments that now continue the stream. */
static void
drain(struct flow_stream *s)
{
	struct flow_seg *g;

	/* buffered bytes are always ahead of next, so the head either
	 * starts at next or leaves a hole */
	while ((g = s->ooo) != NULL && g->seq == s->next) {
		s->ooo = g->next;
		s->nooo--;
		s->ooo_bytes -= g->cap;
		deliver(s, g->data, g->cap, g->len, &g->meta);
		free(g);
	}
}

/* Give up the hole before the first bytes we have (buffered, or at seq). */
static void
skip_hole(struct flow_stream *s, uint32_t seq, enum flow_gap_why why,
    const struct flow_meta *meta)
{
	uint32_t to = seq;

	if (s->ooo != NULL && FLOW_SEQ_LT(s->ooo->seq, to))
		to = s->ooo->seq;
	if (FLOW_SEQ_LT(s->next, to)) {
		hist_skip(s, s->next, (uint32_t)(to - s->next));
		stream_gap(s, why, (uint32_t)(to - s->next), meta);
		s->next = to;
	}
	drain(s);
}

/*
 * Fit the future segment [seq, seq + len) (the first cap bytes captured)
 * into the sorted buffer: the parts that fall in holes become new
 * segments, the parts over buffered bytes are compared with them.  With
 * commit false, only count what it would take (*nsegs, *nbytes); with
 * commit, do it and return the wire bytes added.
 */
static size_t
ooo_fit(struct flow_stream *s, uint32_t seq, const uint8_t *data, size_t cap,
    size_t len, const struct flow_meta *meta, bool commit, struct mism *mm,
    unsigned *nsegs, size_t *nbytes)
{
	struct flow_seg **pp = &s->ooo, *g, *ng;
	uint32_t cur = seq, end = seq + (uint32_t)len, cend, pe, oe, ca;
	size_t added = 0, pcap, d, first;

	cend = seq + (uint32_t)cap;
	*nsegs = 0;
	*nbytes = 0;
	while (FLOW_SEQ_LT(cur, end)) {
		g = *pp;
		if (g != NULL && FLOW_SEQ_LEQ(g->seq + g->len, cur)) {
			pp = &g->next;
			continue;
		}
		if (g == NULL || FLOW_SEQ_LT(cur, g->seq)) {
			/* a hole: this part is new */
			pe = g != NULL && FLOW_SEQ_LT(g->seq, end) ?
			    g->seq : end;
			pcap = 0;
			if (FLOW_SEQ_LT(cur, cend))
				pcap = FLOW_SEQ_LT(pe, cend) ? pe - cur :
				    cend - cur;
			(*nsegs)++;
			*nbytes += pcap;
			if (commit) {
				if ((ng = erw_malloc(sizeof(*ng) + pcap)) ==
				    NULL) {
					/* the hole stays a hole, given up
					 * and reported later; the owner
					 * fails the run */
					s->nomem = true;
					cur = pe;
					continue;
				}
				ng->seq = cur;
				ng->len = pe - cur;
				ng->cap = (uint32_t)pcap;
				ng->meta = *meta;
				if (pcap > 0)
					memcpy(ng->data, data + (cur - seq),
					    pcap);
				ng->next = g;
				*pp = ng;
				pp = &ng->next;
				s->nooo++;
				s->ooo_bytes += pcap;
				added += pe - cur;
			}
			cur = pe;
			continue;
		}
		/* over buffered bytes: the first copy stays */
		oe = FLOW_SEQ_LT(end, g->seq + g->len) ? end : g->seq + g->len;
		if (commit) {
			s->overlap_bytes += oe - cur;
			/* compare where both copies were captured */
			ca = g->seq + g->cap;
			if (FLOW_SEQ_LT(cend, ca))
				ca = cend;
			if (FLOW_SEQ_LT(oe, ca))
				ca = oe;
			if (FLOW_SEQ_LT(cur, ca)) {
				d = diff_bytes(g->data + (cur - g->seq),
				    data + (cur - seq), ca - cur, &first);
				if (d > 0)
					mism_add(mm, cur + (uint32_t)first, d,
					    &g->meta);
			}
		}
		cur = oe;
		pp = &g->next;
	}
	return added;
}

enum flow_seg_result
flow_stream_segment(struct flow_stream *s, uint32_t seq, const uint8_t *data,
    size_t caplen, size_t len, const struct flow_meta *meta)
{
	struct mism mm = { 0, 0, { 0, 0 } };
	uint32_t end, lim;
	unsigned nsegs;
	size_t nbytes, k, kc;
	bool fresh = false;

	if (len == 0)
		return FLOW_SEG_EMPTY;
	if (caplen > len)
		caplen = len;
	if (len > UINT32_MAX / 2)	/* cannot be one segment: damaged */
		return FLOW_SEG_EMPTY;
	if (!s->started) {
		s->started = true;
		s->next = seq;
		s->resync = true;	/* joined mid-stream */
	}
	end = seq + (uint32_t)len;
	/*
	 * Each turn consumes the segment's front (old bytes, or bytes
	 * delivered in order), or buffers the rest and stops, or gives up
	 * a hole: next only moves forward, so this ends.
	 */
	while (len > 0) {
		if (FLOW_SEQ_LT(seq, s->next)) {
			/* bytes delivered before: check them, drop them */
			k = FLOW_SEQ_LT(end, s->next) ? len :
			    (uint32_t)(s->next - seq);
			kc = caplen < k ? caplen : k;
			if (kc > 0)
				hist_check(s, seq, data, kc, &mm);
			s->overlap_bytes += k;
			seq += (uint32_t)k;
			data += kc;
			caplen -= kc;
			len -= k;
			continue;
		}
		if (seq == s->next) {
			/* in order: straight to the framer, up to the
			 * first buffered byte */
			lim = end;
			if (s->ooo != NULL && FLOW_SEQ_LT(s->ooo->seq, end))
				lim = s->ooo->seq;
			k = lim - seq;
			kc = caplen < k ? caplen : k;
			deliver(s, data, kc, k, meta);
			fresh = true;
			seq += (uint32_t)k;
			data += kc;
			caplen -= kc;
			len -= k;
			drain(s);
			continue;
		}
		/* from the future: buffer what fills holes, within the cap */
		(void)ooo_fit(s, seq, data, caplen, len, meta, false, &mm,
		    &nsegs, &nbytes);
		if (nsegs == 0) {
			(void)ooo_fit(s, seq, data, caplen, len, meta, true,
			    &mm, &nsegs, &nbytes);
			break;
		}
		if (s->nooo + nsegs <= s->cap_segs &&
		    s->ooo_bytes + nbytes <= s->cap_bytes) {
			(void)ooo_fit(s, seq, data, caplen, len, meta, true,
			    &mm, &nsegs, &nbytes);
			fresh = true;
			break;
		}
		/* over the cap: give up the oldest hole, which may end at
		 * this very segment */
		skip_hole(s, seq, FLOW_GAP_LIMIT, meta);
	}
	if (mm.bytes > 0) {
		s->mismatch_segs++;
		s->mismatch_bytes += mm.bytes;
		if (s->ops != NULL && s->ops->mismatch != NULL)
			s->ops->mismatch(s->ctx, mm.seq, mm.bytes, &mm.orig,
			    meta);
	}
	if (!fresh) {
		s->retrans_segs++;
		return FLOW_SEG_RETRANS;
	}
	return FLOW_SEG_NEW;
}

void
flow_stream_ack(struct flow_stream *s, uint32_t ack,
    const struct flow_meta *meta)
{
	uint32_t to;

	if (!s->started)
		return;
	/* an ack more than 1 GB ahead is not about this stream */
	if (FLOW_SEQ_DIFF(ack, s->next) > (1 << 30))
		return;
	while (FLOW_SEQ_LT(s->next, ack)) {
		to = ack;
		if (s->ooo != NULL && FLOW_SEQ_LT(s->ooo->seq, to))
			to = s->ooo->seq;
		if (FLOW_SEQ_LT(s->next, to)) {
			hist_skip(s, s->next, (uint32_t)(to - s->next));
			stream_gap(s, FLOW_GAP_HOLE, (uint32_t)(to - s->next),
			    meta);
			s->next = to;
		}
		drain(s);
	}
}

void
flow_stream_flush(struct flow_stream *s, const struct flow_meta *meta)
{
	while (s->ooo != NULL)
		skip_hole(s, s->ooo->seq, FLOW_GAP_HOLE, meta);
	/* a message cut by the end never had all its bytes; what follows,
	 * if anything does, starts with a search for a header */
	if (s->plen > 0)
		framer_lost(s);
}
