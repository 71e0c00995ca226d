/*
 * What a capture file starts with: the magic numbers of the formats
 * libpcap reads, checked on the first four bytes alone, so that callers
 * can tell a capture from text or other binary data without opening it
 * (diagnose's evidence recognition, bundle's redaction).
 */
#include "capture.h"

const char *
cap_magic(const uint8_t *b, size_t n)
{
	struct rd r;
	uint32_t m;

	rd_init(&r, b, n);
	if (rd_be32(&r, &m) == -1)
		return NULL;
	switch (m) {
	case 0xa1b2c3d4:
	case 0xd4c3b2a1:
		return "pcap";
	case 0xa1b23c4d:
	case 0x4d3cb2a1:
		return "pcap (nanosecond)";
	case 0x0a0d0d0a:	/* pcapng Section Header Block */
		return "pcapng";
	default:
		return NULL;
	}
}
