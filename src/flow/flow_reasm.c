/*
 * Bounded per-direction TCP stream reassembly (RFC 9293 sequence space,
 * modulo 2^32) and the BGP framer behind it (RFC 4271 section 4.1: 16-byte
 * marker, 2-byte length, 1-byte type).
 *
 * In-order payload goes straight from the capture buffer to the framer, so
 * the common case copies only the tail of a message that continues in the
 * next segment.  Segments from the future are kept, sorted and trimmed,
 * up to cap_bytes / cap_segs; past the cap, or when the receiver
 * acknowledges bytes the capture never showed, or at the end, the oldest
 * hole is given up and reported as a gap, and the framer skips to the next
 * valid BGP header.  Nothing here prints or judges: messages, bad headers
 * and gaps go to the caller's callbacks.
 */
#include <stdlib.h>
#include <string.h>

#include "flow.h"

struct flow_seg {
	struct flow_seg	*next;
	uint32_t	 seq;
	uint32_t	 len;		/* on the wire */
	uint32_t	 cap;		/* bytes present in data */
	struct flow_meta meta;
	uint8_t		 data[];
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

/* Offset of the first valid BGP header in p[0..n), or -1. */
static long
find_header(const struct flow_stream *s, const uint8_t *p, size_t n)
{
	const uint8_t *q;
	struct bgp_error be;
	uint16_t len;
	uint8_t type;
	size_t i = 0;

	while (i + BGP_HDR_LEN <= n) {
		q = memchr(p + i, 0xff, n - i - BGP_HDR_LEN + 1);
		if (q == NULL)
			return -1;
		i = (size_t)(q - p);
		if (bgp_hdr_check(p + i, n - i, s->ext_msg, &len, &type,
		    &be) == 1)
			return (long)i;
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

/* In-order payload bytes for the framer. */
static void
framer_feed(struct flow_stream *s, const uint8_t *p, size_t n,
    const struct flow_meta *meta)
{
	struct bgp_error be;
	uint16_t mlen;
	uint8_t type;
	size_t take;
	long off;
	int r;

	while (n > 0) {
		if (s->resync) {
			if ((off = find_header(s, p, n)) < 0) {
				s->skipped_bytes += n;
				return;
			}
			s->skipped_bytes += (size_t)off;
			p += off;
			n -= (size_t)off;
			s->resync = false;
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
	framer_lost(s);
	if (s->ops != NULL && s->ops->gap != NULL)
		s->ops->gap(s->ctx, why, bytes, meta);
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
}

void
flow_stream_start(struct flow_stream *s, uint32_t seq)
{
	s->started = true;
	s->next = seq;
	s->resync = false;
}

size_t
flow_stream_buffered(const struct flow_stream *s)
{
	return s->ooo_bytes + s->plen;
}

/* Deliver the in-order part [next, ...) of captured bytes at seq. */
static void
deliver(struct flow_stream *s, uint32_t seq, const uint8_t *data,
    size_t cap, size_t len, const struct flow_meta *meta)
{
	size_t off = (size_t)FLOW_SEQ_DIFF(s->next, seq);
	size_t avail = cap > off ? cap - off : 0;

	if (avail > 0) {
		s->bytes += avail;
		framer_feed(s, data + off, avail, meta);
	}
	s->next += (uint32_t)(len - off);
	if (off + avail < len)
		stream_gap(s, FLOW_GAP_SNAPLEN, len - off - avail, meta);
}

static void
drain(struct flow_stream *s)
{
	struct flow_seg *g;

	while ((g = s->ooo) != NULL && FLOW_SEQ_LEQ(g->seq, s->next)) {
		s->ooo = g->next;
		s->nooo--;
		s->ooo_bytes -= g->cap;
		if (FLOW_SEQ_LT(s->next, g->seq + g->len))
			deliver(s, g->seq, g->data, g->cap, g->len, &g->meta);
		else
			s->overlap_bytes += g->len;
		free(g);
	}
}

/* Give up the oldest hole: skip to the first buffered segment (or to
 * seq when nothing is buffered). */
static void
skip_hole(struct flow_stream *s, uint32_t seq, enum flow_gap_why why,
    const struct flow_meta *meta)
{
	uint32_t to = s->ooo != NULL ? s->ooo->seq : seq;

	if (FLOW_SEQ_LT(s->next, to)) {
		stream_gap(s, why, (uint32_t)(to - s->next), meta);
		s->next = to;
	}
	drain(s);
}

/* Buffer a segment from the future; 1 when every byte was there already. */
static int
insert_ooo(struct flow_stream *s, uint32_t seq, const uint8_t *data,
    size_t cap, size_t len, const struct flow_meta *meta)
{
	struct flow_seg **pp, *prev = NULL, *g, *nx;
	uint32_t end = seq + (uint32_t)len, cut;

	for (pp = &s->ooo; *pp != NULL && FLOW_SEQ_LEQ((*pp)->seq, seq);
	    pp = &(*pp)->next)
		prev = *pp;
	if (prev != NULL && FLOW_SEQ_LT(seq, prev->seq + prev->len)) {
		cut = prev->seq + prev->len - seq;
		if (cut >= len) {
			s->overlap_bytes += len;
			return 1;
		}
		s->overlap_bytes += cut;
		seq += cut;
		data += cut < cap ? cut : cap;
		cap = cap > cut ? cap - cut : 0;
		len -= cut;
	}
	/* drop buffered segments the new one covers entirely */
	while ((nx = *pp) != NULL && FLOW_SEQ_LEQ(nx->seq + nx->len, end)) {
		*pp = nx->next;
		s->nooo--;
		s->ooo_bytes -= nx->cap;
		s->overlap_bytes += nx->len;
		free(nx);
	}
	if (nx != NULL && FLOW_SEQ_LT(nx->seq, end)) {
		cut = end - nx->seq;
		s->overlap_bytes += cut;
		len -= cut;
		if (cap > len)
			cap = len;
	}
	if (len == 0)
		return 1;
	if ((g = erw_malloc(sizeof(*g) + cap)) == NULL) {
		/* out of memory: lose the bytes like the cap, and say so */
		s->nomem = true;
		stream_gap(s, FLOW_GAP_LIMIT, len, meta);
		return 0;
	}
	g->seq = seq;
	g->len = (uint32_t)len;
	g->cap = (uint32_t)cap;
	g->meta = *meta;
	if (cap > 0)
		memcpy(g->data, data, cap);
	g->next = *pp;
	*pp = g;
	s->nooo++;
	s->ooo_bytes += cap;
	return 0;
}

enum flow_seg_result
flow_stream_segment(struct flow_stream *s, uint32_t seq, const uint8_t *data,
    size_t caplen, size_t len, const struct flow_meta *meta)
{
	uint32_t end;
	int guard;

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
	for (guard = 0; guard < 4; guard++) {
		if (FLOW_SEQ_LEQ(end, s->next)) {
			s->retrans_segs++;
			s->overlap_bytes += len;
			return FLOW_SEG_RETRANS;
		}
		if (FLOW_SEQ_LEQ(seq, s->next)) {
			s->overlap_bytes += (uint32_t)(s->next - seq);
			deliver(s, seq, data, caplen, len, meta);
			drain(s);
			return FLOW_SEG_NEW;
		}
		/* from the future: buffer within the cap */
		if (s->nooo + 1 <= s->cap_segs &&
		    s->ooo_bytes + caplen <= s->cap_bytes) {
			if (insert_ooo(s, seq, data, caplen, len, meta) == 1) {
				s->retrans_segs++;
				return FLOW_SEG_RETRANS;
			}
			return FLOW_SEG_NEW;
		}
		skip_hole(s, seq, FLOW_GAP_LIMIT, meta);
	}
	/* still over the cap after giving up holes: skip to this one */
	if (FLOW_SEQ_LT(s->next, seq)) {
		stream_gap(s, FLOW_GAP_LIMIT, (uint32_t)(seq - s->next), meta);
		s->next = seq;
	}
	deliver(s, seq, data, caplen, len, meta);
	drain(s);
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
	if (s->plen > 0) {
		/* a message cut by the end: its bytes never all came */
		s->plen = 0;
		s->need = 0;
	}
}
