/*
 * libFuzzer target for flow_reasm.c: the input drives one stream through
 * synthetic segments, acknowledgments and flushes, with small buffer caps so
 * the limit paths run; every message the framer yields goes through
 * bgp_msg_parse().
 *
 * Input: byte 0 picks the caps (segments 1..16, bytes 64..4159), then
 * records of [op][seq offset, 2 bytes][length] followed by up to length
 * data bytes.  op bit 0: an ack at the offset instead of a segment; bit 1:
 * flush after; bit 2: extended messages allowed; bit 3: the capture cut
 * the segment to half its length.  Offsets are relative to a start near
 * 2^32 so wrap-around is covered.  The stream's next byte never moves
 * back (a byte delivered twice would need it to).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bgp/bgp.h"
#include "flow/flow.h"

static void
on_msg(void *ctx, const uint8_t *buf, size_t len, const struct flow_meta *f,
    const struct flow_meta *l)
{
	struct bgp_msg m;
	struct bgp_error be;
	size_t *n = ctx;

	(void)f;
	(void)l;
	if (len < BGP_HDR_LEN || len > BGP_EXT_MAX_LEN)
		__builtin_trap();
	(void)bgp_msg_parse(buf, len, NULL, &m, &be);
	(*n)++;
}

static void
on_bad(void *ctx, const struct bgp_error *be, const struct flow_meta *m)
{
	(void)ctx;
	(void)be;
	(void)m;
}

static void
on_gap(void *ctx, enum flow_gap_why why, uint64_t bytes,
    const struct flow_meta *m)
{
	(void)ctx;
	(void)why;
	(void)bytes;
	(void)m;
}

static void
on_mismatch(void *ctx, uint32_t seq, uint64_t bytes,
    const struct flow_meta *orig, const struct flow_meta *dup)
{
	(void)ctx;
	(void)seq;
	(void)orig;
	/* a mismatch is at least one byte, named by the segment that
	 * carried it */
	if (bytes == 0 || dup == NULL)
		__builtin_trap();
}

static const struct flow_stream_ops ops = {
	on_msg, on_bad, on_gap, on_mismatch
};

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flow_stream s;
	struct flow_meta meta = { 0, 0 };
	const uint32_t base = 0xffffff00u;
	uint32_t prev;
	size_t msgs = 0, len, cap;
	uint16_t off;
	uint8_t op;

	if (size < 1)
		return 0;
	flow_stream_init(&s, &ops, &msgs);
	s.cap_segs = 1 + (data[0] & 15);
	s.cap_bytes = 64 + (size_t)(data[0] >> 4) * 256;
	data++;
	size--;
	flow_stream_start(&s, base);
	prev = s.next;
	while (size >= 4) {
		op = data[0];
		off = (uint16_t)(data[1] << 8 | data[2]);
		len = data[3];
		data += 4;
		size -= 4;
		if (len > size)
			len = size;
		meta.frame++;
		s.ext_msg = (op & 4) != 0;
		if (op & 1)
			flow_stream_ack(&s, base + off, &meta);
		else {
			cap = (op & 8) ? len / 2 : len;
			(void)flow_stream_segment(&s, base + off, data, cap,
			    len, &meta);
			data += len;
			size -= len;
		}
		if (op & 2)
			flow_stream_flush(&s, &meta);
		if (s.ooo_bytes > s.cap_bytes || s.nooo > s.cap_segs)
			__builtin_trap();
		/* next only moves forward, or bytes would come out twice */
		if (FLOW_SEQ_LT(s.next, prev))
			__builtin_trap();
		prev = s.next;
	}
	flow_stream_flush(&s, &meta);
	flow_stream_release(&s);
	return 0;
}
