/*
 * test_bgp_vectors.h: real BGP messages taken from the shared capture
 * corpus (BIRD 2.0.12 and FRR 8.4.4 sessions), extracted with
 * `tshark -r capture.pcap -Y bgp -T fields -e tcp.payload` and split at
 * message boundaries, plus the hex helper the bgp unit tests share.
 */
#ifndef TEST_BGP_VECTORS_H
#define TEST_BGP_VECTORS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Hex text to bytes; returns the byte count (out must hold strlen/2). */
static inline size_t
hex2bin(const char *hex, uint8_t *out)
{
	size_t n = 0;
	int hi = -1, v;

	for (; *hex != '\0'; hex++) {
		if (*hex >= '0' && *hex <= '9')
			v = *hex - '0';
		else if (*hex >= 'a' && *hex <= 'f')
			v = *hex - 'a' + 10;
		else if (*hex >= 'A' && *hex <= 'F')
			v = *hex - 'A' + 10;
		else
			continue;
		if (hi < 0)
			hi = v;
		else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return n;
}

/* On a mismatch, show what was produced as a C initializer so it can be
 * checked by eye and pasted into a table. */
static inline void
print_c_init(const char *name, const uint8_t *p, size_t n)
{
	size_t i;

	fprintf(stderr, "static const uint8_t %s[%zu] = {", name, n);
	for (i = 0; i < n; i++)
		fprintf(stderr, "%s0x%02x,", i % 12 == 0 ? "\n\t" : " ", p[i]);
	fprintf(stderr, "\n};\n");
}

/* Compare produced bytes with the expected ones; print on mismatch. */
static inline int
bytes_match(const char *name, const uint8_t *got, size_t gn,
    const uint8_t *want, size_t wn)
{
	if (gn == wn && memcmp(got, want, wn) == 0)
		return 1;
	fprintf(stderr, "%s: produced bytes differ from expected\n", name);
	print_c_init("produced", got, gn);
	print_c_init("expected", want, wn);
	return 0;
}

/* 18_capabilities_v4_v6 frame 10 */
static const char VEC_OPEN_BIRD_AS4[] =
    "ffffffffffffffffffffffffffffffff004801042f2c0009ac1000022b022901"
    "0400010001020006004006007800010100410400002f2c450400010103460047"
    "0700010100000e10";

/* 18_capabilities_v4_v6 frame 12 */
static const char VEC_OPEN_FRR_AS4[] =
    "ffffffffffffffffffffffffffffffff006201045ba00009ac10000145020601"
    "040001000102028000020202000202460002064104fa56ea0a02020600020645"
    "0400010103020649040263650002084006c07800010100020947070001018000"
    "0000";

/* 18_capabilities_v4_v6 frame 14 */
static const char VEC_KEEPALIVE[] =
    "ffffffffffffffffffffffffffffffff001304";

/* 18_capabilities_v4_v6 frame 23 */
static const char VEC_NOTIF_FSM[] =
    "ffffffffffffffffffffffffffffffff0015030500";

/* 18_capabilities_v4_v6 frame 29 */
static const char VEC_UPDATE_ADDPATH_V4[] =
    "ffffffffffffffffffffffffffffffff01bb0200000014400101004002060201"
    "00002f2c400304ac10000200000002180ac81300000002180ac8140000000218"
    "0ac81500000002180ac81600000002180ac83000000002180ac80f0000000218"
    "0ac83100000002180ac81000000002180ac81100000002180ac8120000000218"
    "0ac80a00000002180ac82c00000002180ac80b00000002180ac82d0000000218"
    "0ac80c00000002180ac82e00000002180ac80d00000002180ac82f0000000218"
    "0ac80e00000002180ac80600000002180ac82800000002180ac8070000000218"
    "0ac82900000002180ac80800000002180ac82a00000002180ac8090000000218"
    "0ac82b00000002180ac82300000002180ac80200000002180ac8240000000218"
    "0ac80300000002180ac82500000002180ac80400000002180ac8260000000218"
    "0ac80500000002180ac82700000002180ac81f00000002180ac8200000000218"
    "0ac82100000002180ac80000000002180ac82200000002180ac8010000000218"
    "0ac81b00000002180ac81c00000002180ac81d00000002180ac81e0000000218"
    "0ac81700000002180ac81800000002180ac81900000002180ac81a";

/* 18_capabilities_v4_v6 frame 29 */
static const char VEC_EOR_V4[] =
    "ffffffffffffffffffffffffffffffff00170200000000";

/* 18_capabilities_v4_v6 frame 43 */
static const char VEC_UPDATE_ADDPATH_AS4_MED[] =
    "ffffffffffffffffffffffffffffffff01c3020000001c400101005002000602"
    "01fa56ea0a400304ac1000018004040000000000000002180a0a000000003318"
    "0a0a3100000032180a0a3000000031180a0a2f00000030180a0a2e0000002f18"
    "0a0a2d0000002e180a0a2c0000002d180a0a2b0000002c180a0a2a0000002b18"
    "0a0a290000002a180a0a2800000029180a0a2700000028180a0a260000002718"
    "0a0a2500000026180a0a2400000025180a0a2300000024180a0a220000002318"
    "0a0a2100000022180a0a2000000021180a0a1f00000020180a0a1e0000001f18"
    "0a0a1d0000001e180a0a1c0000001d180a0a1b0000001c180a0a1a0000001b18"
    "0a0a190000001a180a0a1800000019180a0a1700000018180a0a160000001718"
    "0a0a1500000016180a0a1400000015180a0a1300000014180a0a120000001318"
    "0a0a1100000012180a0a1000000011180a0a0f00000010180a0a0e0000000f18"
    "0a0a0d0000000e180a0a0c0000000d180a0a0b0000000c180a0a0a0000000b18"
    "0a0a090000000a180a0a0800000009180a0a0700000008180a0a060000000718"
    "0a0a0500000006180a0a0400000005180a0a0300000004180a0a020000000318"
    "0a0a01";

/* 18_capabilities_v4_v6 frame 70 */
static const char VEC_UPDATE_MP_V6[] =
    "ffffffffffffffffffffffffffffffff01290200000112900e01010002012020"
    "010db8000a00000000000000000002fe80000000000000cc33b9fffe751bd700"
    "000000033020010db80211000000033020010db80210000000033020010db802"
    "13000000033020010db80212000000033020010db80209000000033020010db8"
    "0208000000033020010db8020b000000033020010db8020a000000033020010d"
    "b8020d000000033020010db8020c000000033020010db8020f00000003302001"
    "0db8020e000000033020010db80201000000033020010db80200000000033020"
    "010db80203000000033020010db80202000000033020010db802050000000330"
    "20010db80204000000033020010db80207000000033020010db8020640010100"
    "400206020100002f2c";

/* 18_capabilities_v4_v6 frame 72 */
static const char VEC_EOR_V6[] =
    "ffffffffffffffffffffffffffffffff001d0200000006800f03000201";

/* 03_asn_mismatch frame 6 */
static const char VEC_OPEN_BIRD_2BYTE[] =
    "ffffffffffffffffffffffffffffffff003501042f2c0009ac10000218021601"
    "0400010001020040020078410400002f2c46004700";

/* 03_asn_mismatch frame 8 */
static const char VEC_OPEN_FRR_65010[] =
    "ffffffffffffffffffffffffffffffff005e0104fdf20009ac10000141020601"
    "0400010001020280000202020002024600020641040000fdf202020600020645"
    "0400010101020649040263650002044002c0780209470700010180000000";

/* 03_asn_mismatch frame 11 */
static const char VEC_NOTIF_BAD_PEER_AS[] =
    "ffffffffffffffffffffffffffffffff00170302022f2c";

/* 10_max_prefix_cease frame 13 */
static const char VEC_UPDATE_V4_PLAIN[] =
    "ffffffffffffffffffffffffffffffff00fb020000001c400101005002000602"
    "010000fdf2400304ac10000180040400000000180a0a00180a0a31180a0a3018"
    "0a0a2f180a0a2e180a0a2d180a0a2c180a0a2b180a0a2a180a0a29180a0a2818"
    "0a0a27180a0a26180a0a25180a0a24180a0a23180a0a22180a0a21180a0a2018"
    "0a0a1f180a0a1e180a0a1d180a0a1c180a0a1b180a0a1a180a0a19180a0a1818"
    "0a0a17180a0a16180a0a15180a0a14180a0a13180a0a12180a0a11180a0a1018"
    "0a0a0f180a0a0e180a0a0d180a0a0c180a0a0b180a0a0a180a0a09180a0a0818"
    "0a0a07180a0a06180a0a05180a0a04180a0a03180a0a02180a0a01";

/* 10_max_prefix_cease frame 21 */
static const char VEC_NOTIF_MAX_PREFIX[] =
    "ffffffffffffffffffffffffffffffff0015030601";

/* 09b_hold_timer_expired_peer_frozen frame 33 */
static const char VEC_NOTIF_HOLD[] =
    "ffffffffffffffffffffffffffffffff0015030400";

#endif /* TEST_BGP_VECTORS_H */
