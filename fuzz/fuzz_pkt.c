/*
 * libFuzzer target for pkt_decode().  The first input byte picks the link
 * type from the supported list (low nibble mod 14) and how many bytes the
 * wire carried beyond the capture (high nibble * 8, to reach the
 * "truncated" paths); the rest is the frame.  The decoded result is read
 * back through the display helpers so every returned pointer is used.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pkt/pkt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const int fuzz_dlts[] = {
	PKT_DLT_NULL, PKT_DLT_EN10MB, PKT_DLT_RAW, PKT_DLT_RAW_ALT,
	PKT_DLT_LINKTYPE_RAW, PKT_DLT_LOOP, PKT_DLT_LINUX_SLL, PKT_DLT_IPV4,
	PKT_DLT_IPV6, PKT_DLT_LINUX_SLL2, PKT_DLT_PPP, PKT_DLT_PPP_SERIAL,
	PKT_DLT_C_HDLC, PKT_DLT_JUNIPER_ETHER,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkt_info pi;
	char flags[40], enc[4 * PKT_ENCAP_STRLEN];
	unsigned i;
	volatile size_t sink = 0;
	uint8_t *frame;
	uint32_t len;
	int dlt;

	if (size < 1 || size > 65536 + 1)
		return 0;
	dlt = fuzz_dlts[(data[0] & 0x0f) % (sizeof(fuzz_dlts) /
	    sizeof(fuzz_dlts[0]))];
	len = (uint32_t)(size - 1);
	/* An exact-size copy, so any over-read is an ASan report. */
	if ((frame = malloc(len == 0 ? 1 : len)) == NULL)
		return 0;
	memcpy(frame, data + 1, len);
	pkt_decode(dlt, frame, len, len + (uint32_t)(data[0] >> 4) * 8, &pi);
	if (pi.why != NULL)
		sink += strlen(pi.why);
	sink += strlen(pkt_dlt_name(pi.dlt));
	for (i = 0; i < pi.nencap; i++)
		sink += strlen(pkt_encap_str(&pi.encap[i], enc, sizeof(enc)));
	if (pi.nencap > 0)
		sink += strlen(pkt_encap_chain_str(pi.encap, pi.nencap, enc,
		    sizeof(enc)));
	if (pi.tr == PKT_TR_TCP) {
		sink += strlen(pkt_tcp_flags_str(pi.tcp.flags, flags));
		if (pi.tcp.payload_caplen > 0)
			sink += pi.tcp.payload[pi.tcp.payload_caplen - 1];
	}
	if (pi.tr == PKT_TR_ICMP || pi.tr == PKT_TR_ICMP6) {
		sink += strlen(pkt_icmp_type_name(pi.tr == PKT_TR_ICMP6,
		    pi.icmp.type));
		sink += strlen(pkt_icmp_code_name(pi.tr == PKT_TR_ICMP6,
		    pi.icmp.type, pi.icmp.code));
	}
	(void)sink;
	free(frame);
	return 0;
}
