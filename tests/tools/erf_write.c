/*
 * erf_write: rewrites an Ethernet pcap as an Endace ERF file (type 2,
 * ETH records), for the test of the libwiretap fallback: Debian's own
 * converters (editcap, tshark -F erf) refuse to write ERF from a pcap.
 *
 *	erf_write IN.pcap OUT.erf [TYPE]
 *
 * TYPE (default 2, ETH) writes the same bytes under another ERF record
 * type, to test a file whose records erwatch cannot decode.
 * Format (Endace "Extensible Record Format" specification, record type
 * ERF_TYPE_ETH): a 16-byte header (timestamp as 32.32 fixed-point
 * seconds, little-endian; type; flags; record length, loss counter and
 * wire length big-endian), 2 bytes of offset and pad, the frame, padded
 * to a multiple of 8.  The wire length counts the 4-byte FCS the card
 * would have seen; flags say it is not in the record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture.h"
#include "util/util.h"

#define ERF_TYPE_ETH	2
#define ERF_FLAG_VLEN	0x04	/* records padded to 8 bytes */

static void
le64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void
be16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

int
main(int argc, char *argv[])
{
	static uint8_t rec[16 + 2 + 65536 + 8];
	struct cap_file *in = NULL;
	struct cap_record r;
	struct err e;
	uint64_t ts;
	size_t rlen;
	FILE *out;
	int rc, type = ERF_TYPE_ETH;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: erf_write IN.pcap OUT.erf [TYPE]\n");
		return 2;
	}
	if (argc == 4)
		type = atoi(argv[3]) & 0x7f;
	err_clear(&e);
	if (cap_open_file(argv[1], &in, &e) == -1) {
		fprintf(stderr, "erf_write: %s\n", e.msg);
		return 2;
	}
	if ((out = fopen(argv[2], "wb")) == NULL) {
		perror(argv[2]);
		cap_close(in);
		return 2;
	}
	while ((rc = cap_next(in, &r, &e)) == 1) {
		if (r.caplen > 65536 || r.wirelen + 4 > 65535)
			continue;
		rlen = (16 + 2 + r.caplen + 7) & ~(size_t)7;
		memset(rec, 0, rlen);
		ts = (uint64_t)(r.ts / USEC_PER_SEC) << 32 |
		    (((uint64_t)(r.ts % USEC_PER_SEC) << 32) / USEC_PER_SEC);
		le64(rec, ts);
		rec[8] = (uint8_t)type;
		rec[9] = ERF_FLAG_VLEN;
		be16(rec + 10, (unsigned)rlen);
		be16(rec + 12, 0);
		be16(rec + 14, r.wirelen + 4);
		memcpy(rec + 18, r.data, r.caplen);
		if (fwrite(rec, 1, rlen, out) != rlen) {
			perror(argv[2]);
			rc = -1;
			break;
		}
	}
	cap_close(in);
	if (fclose(out) != 0 || rc != 0) {
		fprintf(stderr, "erf_write: %s\n", rc == -1 && err_isset(&e) ?
		    e.msg : "write failed");
		return 2;
	}
	return 0;
}
