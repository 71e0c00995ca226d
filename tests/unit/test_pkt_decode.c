/*
 * pkt_decode() on hand-written frames, one table row per case: every link
 * type, VLAN stacks, IPv4/IPv6 (extension headers, fragments), TCP
 * options (MSS, SACK, timestamps, window scale, MD5, TCP-AO), UDP,
 * ICMP/ICMPv6 errors with their quotes, ARP, Ethernet padding, PPP, Cisco
 * HDLC, the Juniper cookie, tunnels (GRE, ERSPAN I/II/III, VXLAN, MPLS with
 * and without a pseudowire), and frames that lie.  Then the truncation sweep: every valid frame cut at every
 * length must come back PKT_TRUNCATED (or PKT_OK when only payload was
 * cut), reading nothing past the cut (each cut lives in a buffer of
 * exactly that size, so ASan sees any over-read), random frames for
 * every link type, and the decodable vectors through tshark, the
 * reference decoder, field by field (skipped when tshark is missing).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pkt/pkt.h"

/* ------------------------------------------------------------------ */
/* Frame building blocks                                               */
/* ------------------------------------------------------------------ */

#define BE16(x)		(((x) >> 8) & 0xff), ((x) & 0xff)
#define BE32(x)		(((x) >> 24) & 0xff), (((x) >> 16) & 0xff), \
			(((x) >> 8) & 0xff), ((x) & 0xff)

#define MAC_A		0x02, 0x00, 0x00, 0x00, 0x00, 0x0a /* MSEE */
#define MAC_B		0x02, 0x00, 0x00, 0x00, 0x00, 0x0b /* CE */
#define MAC_BCAST	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
#define MAC_LLDP	0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e
#define IP_A		172, 16, 0, 1
#define IP_B		172, 16, 0, 2
#define IP_R		172, 16, 0, 5
#define IP_Q		172, 16, 0, 6
#define IP_T1		10, 0, 0, 1	/* tunnel endpoints */
#define IP_T2		10, 0, 0, 2
#define IP6_A \
	0x20, 0x01, 0x0d, 0xb8, 0, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01
#define IP6_B \
	0x20, 0x01, 0x0d, 0xb8, 0, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02
#define IP6_R \
	0x20, 0x01, 0x0d, 0xb8, 0, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01
#define IP6_C \
	0x20, 0x01, 0x0d, 0xb8, 0, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02

#define ETH(dst, src, type)	dst, src, BE16(type)
/* IPv4 header without options: total length, flags+offset, TTL, proto. */
#define IP4(tl, ff, ttl, proto, s, d) \
	0x45, 0x00, BE16(tl), 0x12, 0x34, BE16(ff), ttl, proto, 0, 0, s, d
#define IP6(plen, nh, hlim, s, d) \
	0x60, 0x00, 0x00, 0x00, BE16(plen), nh, hlim, s, d
/* TCP header: doff in 32-bit words. */
#define TCP(sp, dp, seq, ack, doff, flags, win) \
	BE16(sp), BE16(dp), BE32(seq), BE32(ack), ((doff) << 4), flags, \
	BE16(win), 0, 0, 0, 0

#define DF	0x4000
#define KEEPALIVE \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x04

/* A KEEPALIVE segment from CE to MSEE: IPv4 59 bytes, IPv6 79 bytes, the
 * BGP bytes the last 19 of each. */
#define KA_IP4 \
	IP4(59, DF, 1, 6, IP_B, IP_A), \
	TCP(37695, 179, 1000, 2000, 5, 0x18, 502), KEEPALIVE
#define KA_IP6 \
	IP6(39, 6, 1, IP6_B, IP6_A), \
	TCP(37695, 179, 1000, 2000, 5, 0x18, 502), KEEPALIVE
#define GRE_HDR(flags, proto)	BE16(flags), BE16(proto)
#define LSE(label, bos, ttl)	BE32(((label) << 12) | ((bos) << 8) | (ttl))

/* ------------------------------------------------------------------ */
/* Vectors                                                             */
/* ------------------------------------------------------------------ */

/* SYN with MSS, SACK permitted, timestamps, NOP, window scale. */
static const uint8_t v_syn_opts[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(60, DF, 1, 6, IP_B, IP_A),
	TCP(37695, 179, 0x01020304, 0, 10, 0x02, 64240),
	0x02, 0x04, 0x05, 0xb4,
	0x04, 0x02,
	0x08, 0x0a, BE32(0xaabbccdd), BE32(0),
	0x01,
	0x03, 0x03, 0x0a,
};

/* SYN carrying the TCP MD5 signature option (RFC 2385). */
static const uint8_t v_syn_md5[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(64, DF, 1, 6, IP_B, IP_A),
	TCP(41105, 179, 7, 0, 11, 0x02, 64240),
	0x02, 0x04, 0x05, 0xb4,
	0x01, 0x01,
	0x13, 0x12, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00,
};

/* ACK carrying TCP-AO (RFC 5925): key IDs and a 12-byte MAC. */
static const uint8_t v_ack_ao[] = {
	ETH(MAC_B, MAC_A, 0x0800),
	IP4(56, DF, 255, 6, IP_A, IP_B),
	TCP(179, 41105, 100, 200, 9, 0x10, 500),
	0x1d, 0x10, 0x05, 0x06, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
};

/* 802.1Q VLAN 100, PCP 3, a BGP KEEPALIVE after timestamps. */
static const uint8_t v_dot1q[] = {
	ETH(MAC_A, MAC_B, 0x8100), BE16(0x6064), BE16(0x0800),
	IP4(71, DF, 1, 6, IP_B, IP_A),
	TCP(37695, 179, 1000, 2000, 8, 0x18, 502),
	0x01, 0x01, 0x08, 0x0a, BE32(11), BE32(22),
	KEEPALIVE,
};

/* QinQ as ExpressRoute uses it: S-tag 300 (802.1ad), C-tag 100. */
static const uint8_t v_qinq[] = {
	ETH(MAC_A, MAC_B, 0x88a8), BE16(300), BE16(0x8100), BE16(100),
	BE16(0x0800),
	IP4(40, DF, 1, 6, IP_B, IP_A),
	TCP(37695, 179, 5, 6, 5, 0x10, 502),
};

/* Linux cooked v1, outgoing, Ethernet ARPHRD: RST,ACK. */
static const uint8_t v_sll[] = {
	BE16(4), BE16(1), BE16(6), MAC_B, 0, 0, BE16(0x0800),
	IP4(40, DF, 64, 6, IP_A, IP_B),
	TCP(179, 52203, 0, 77, 5, 0x14, 0),
};

/* Linux cooked v1 with the 802.1Q tag left in (protocol 0x8100). */
static const uint8_t v_sll_vlan[] = {
	BE16(0), BE16(1), BE16(6), MAC_A, 0, 0, BE16(0x8100),
	BE16(200), BE16(0x0806),
	BE16(1), BE16(0x0800), 6, 4, BE16(2),
	MAC_A, IP_A, MAC_B, IP_B,
};

/* Linux cooked v2, IPv6 SYN,ACK. */
static const uint8_t v_sll2[] = {
	BE16(0x86dd), 0, 0, BE32(3), BE16(1), 0, 6, MAC_A, 0, 0,
	IP6(20, 6, 64, IP6_A, IP6_B),
	TCP(179, 36399, 9, 10, 5, 0x12, 64800),
};

/* Raw IPv4 UDP with 4 bytes of payload. */
static const uint8_t v_raw_udp[] = {
	IP4(32, 0, 64, 17, IP_A, IP_B),
	BE16(53), BE16(33000), BE16(12), 0, 0,
	0xde, 0xad, 0xbe, 0xef,
};

/* Raw IPv6: hop-by-hop, destination options, fragment (first, M=1), TCP. */
static const uint8_t v_raw6_ext[] = {
	IP6(44, 0, 64, IP6_B, IP6_A),
	60, 0, 0x01, 0x04, 0, 0, 0, 0,
	44, 0, 0x01, 0x04, 0, 0, 0, 0,
	6, 0, BE16(0x0001), BE32(0xabcd),
	TCP(36399, 179, 1, 0, 5, 0x02, 1000),
};

/* BSD NULL, little-endian AF_INET, ICMP echo request. */
static const uint8_t v_null_le[] = {
	0x02, 0x00, 0x00, 0x00,
	IP4(32, 0, 64, 1, IP_B, IP_A),
	0x08, 0x00, 0, 0, BE16(0x1234), BE16(1),
	'p', 'i', 'n', 'g',
};

/* BSD NULL, big-endian AF_INET6 (macOS 30), ICMPv6 echo reply. */
static const uint8_t v_null_be6[] = {
	0x00, 0x00, 0x00, 0x1e,
	IP6(8, 58, 64, IP6_A, IP6_B),
	129, 0, 0, 0, BE16(0x4321), BE16(9),
};

/* OpenBSD LOOP, network order AF_INET6 (24), UDP. */
static const uint8_t v_loop6[] = {
	0x00, 0x00, 0x00, 0x18,
	IP6(8, 17, 64, IP6_B, IP6_A),
	BE16(1000), BE16(2000), BE16(8), 0, 0,
};

/* ARP request, padded to the Ethernet minimum. */
static const uint8_t v_arp_req[] = {
	ETH(MAC_BCAST, MAC_B, 0x0806),
	BE16(1), BE16(0x0800), 6, 4, BE16(1),
	MAC_B, IP_B, 0, 0, 0, 0, 0, 0, IP_A,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* ARP reply. */
static const uint8_t v_arp_rep[] = {
	ETH(MAC_B, MAC_A, 0x0806),
	BE16(1), BE16(0x0800), 6, 4, BE16(2),
	MAC_A, IP_A, MAC_B, IP_B,
};

/* ICMP 3/4 from a router: next-hop MTU 1024, quoting a BGP segment. */
static const uint8_t v_icmp_fragneed[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(56, 0, 64, 1, IP_R, IP_Q),
	3, 4, 0, 0, BE16(0), BE16(1024),
	IP4(1500, DF, 63, 6, IP_Q, IP_A),
	BE16(35085), BE16(179), BE32(2120709856u),
};

/* ICMPv6 packet too big, MTU 1280, quoting IPv6 TCP. */
static const uint8_t v_icmp6_ptb[] = {
	ETH(MAC_A, MAC_B, 0x86dd),
	IP6(56, 58, 64, IP6_R, IP6_A),
	2, 0, 0, 0, BE32(1280),
	IP6(1460, 6, 63, IP6_A, IP6_C),
	BE16(179), BE16(54321), BE32(4096),
};

/* IPv4 non-first fragment (offset 185 * 8), padded. */
static const uint8_t v_frag_later[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(36, 185, 64, 6, IP_B, IP_A),
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* A bare ACK padded to 60 bytes: the padding is not TCP payload. */
static const uint8_t v_eth_pad[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(40, DF, 1, 6, IP_B, IP_A),
	TCP(37695, 179, 5, 6, 5, 0x10, 502),
	0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
};

/* IPv4 total length 0, as Linux records a TSO segment. */
static const uint8_t v_tso_hdr[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(0, DF, 64, 6, IP_B, IP_A),
	TCP(37695, 179, 5, 6, 5, 0x18, 502),
	KEEPALIVE,
};

/* LLDP: not IP, decoded as far as erwatch cares. */
static const uint8_t v_lldp[] = {
	ETH(MAC_LLDP, MAC_A, 0x88cc),
	0x02, 0x07, 0x04, MAC_A, 0x00, 0x00,
};

/* ---- WAN link types ---- */

/* Juniper cookie: magic, flags (extensions, inbound), one TLV (interface
 * name "ge00"), then the Ethernet frame. */
static const uint8_t v_juniper[] = {
	'M', 'G', 'C', 0x81, BE16(6), 1, 4, 'g', 'e', '0', '0',
	ETH(MAC_A, MAC_B, 0x0800), KA_IP4,
};

/* Juniper cookie with the no-L2 flag: a protocol code in the recorder's
 * byte order (2, IPv4, little-endian), then IP. */
static const uint8_t v_juniper_nol2[] = {
	'M', 'G', 'C', 0x02, 2, 0, 0, 0, KA_IP4,
};

/* PPP with address and control kept, protocol 0x0021. */
static const uint8_t v_ppp[] = {
	0xff, 0x03, BE16(0x0021), KA_IP4,
};

/* PPP with address/control and protocol field compressed: 0x57 IPv6. */
static const uint8_t v_ppp_pfc6[] = {
	0x57, KA_IP6,
};

/* PPP in HDLC-like framing (link type 50). */
static const uint8_t v_ppp_serial[] = {
	0xff, 0x03, 0x00, 0x21, KA_IP4,
};

/* Cisco HDLC on a link type 50 capture. */
static const uint8_t v_serial_chdlc[] = {
	0x0f, 0x00, BE16(0x0800), KA_IP4,
};

/* Cisco HDLC (104), broadcast address, IPv6. */
static const uint8_t v_chdlc6[] = {
	0x8f, 0x00, BE16(0x86dd), KA_IP6,
};

/* Cisco HDLC carrying two MPLS labels, then IPv4. */
static const uint8_t v_chdlc_mpls[] = {
	0x0f, 0x00, BE16(0x8847), LSE(100, 0, 64), LSE(200, 1, 64), KA_IP4,
};

/* ---- tunnels ---- */

/* GRE with a key (RFC 2890) carrying IPv4. */
static const uint8_t v_gre_key[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(87, DF, 64, 47, IP_T1, IP_T2), GRE_HDR(0x2000, 0x0800), BE32(7),
	KA_IP4,
};

/* GRE transparent Ethernet bridging: the transport's VLAN 999 outside,
 * the link's VLAN 100 inside. */
static const uint8_t v_gre_teb[] = {
	ETH(MAC_A, MAC_B, 0x8100), BE16(999), BE16(0x0800),
	IP4(101, 0, 64, 47, IP_T1, IP_T2), GRE_HDR(0, 0x6558),
	ETH(MAC_B, MAC_A, 0x8100), BE16(100), BE16(0x0800), KA_IP4,
};

/* ERSPAN type II: GRE with a sequence number, session 5, VLAN 100, En 3. */
static const uint8_t v_erspan2[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(109, 0, 64, 47, IP_T1, IP_T2), GRE_HDR(0x1000, 0x88be), BE32(42),
	BE16(0x1000 | 100), BE16(0x1800 | 5), BE32(0),
	ETH(MAC_B, MAC_A, 0x0800), KA_IP4,
};

/* ERSPAN type I: GRE 0x88be without a sequence number, no header. */
static const uint8_t v_erspan1[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(97, 0, 64, 47, IP_T1, IP_T2), GRE_HDR(0, 0x88be),
	ETH(MAC_B, MAC_A, 0x0800), KA_IP4,
};

/* ERSPAN type III over IPv6, session 10, VLAN 200, with the O bit and the
 * 8-byte platform subheader, Ethernet frame type. */
static const uint8_t v_erspan3[] = {
	ETH(MAC_A, MAC_B, 0x86dd),
	IP6(121, 47, 64, IP6_R, IP6_C), GRE_HDR(0x1000, 0x22eb), BE32(1),
	BE16(0x2000 | 200), BE16(10), BE32(0x01020304), BE16(0), BE16(0x0001),
	0, 0, 0, 0, 0, 0, 0, 0,
	ETH(MAC_B, MAC_A, 0x86dd), KA_IP6,
};

/* VXLAN VNI 100 to UDP 4789. */
static const uint8_t v_vxlan[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(109, 0, 64, 17, IP_T1, IP_T2), BE16(54321), BE16(4789), BE16(89),
	0, 0, 0x08, 0, 0, 0, BE32(100 << 8),
	ETH(MAC_B, MAC_A, 0x0800), KA_IP4,
};

/* MPLS Ethernet pseudowire: one label, the control word, a tagged frame. */
static const uint8_t v_mpls_pw[] = {
	ETH(MAC_A, MAC_B, 0x8847), LSE(300, 1, 255), BE32(0),
	ETH(MAC_B, MAC_A, 0x8100), BE16(100), BE16(0x0800), KA_IP4,
};

/* GRE carrying PPP (0x880b): not taken apart, the outer packet stays. */
static const uint8_t v_gre_other[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(28, 0, 64, 47, IP_T1, IP_T2), GRE_HDR(0, 0x880b), 1, 2, 3, 4,
};

/* To UDP 4789 without the VXLAN I flag: stays UDP. */
static const uint8_t v_vxlan_noi[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(40, 0, 64, 17, IP_T1, IP_T2), BE16(54321), BE16(4789), BE16(20),
	0, 0, 0, 0, 0, 0, BE32(0), 1, 2, 3, 4,
};

/* ---- frames that lie ---- */

static const uint8_t i_juniper_magic[] = {
	'M', 'G', 'X', 0x00, ETH(MAC_A, MAC_B, 0x0800), KA_IP4,
};

static const uint8_t i_ppp_ctrl[] = {
	0xff, 0x05, BE16(0x0021), KA_IP4,
};

static const uint8_t i_chdlc_addr[] = {
	0x42, 0x00, BE16(0x0800), KA_IP4,
};

static const uint8_t i_erspan2_ver[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(109, 0, 64, 47, IP_T1, IP_T2), GRE_HDR(0x1000, 0x88be), BE32(42),
	BE16(0x2000 | 100), BE16(5), BE32(0),
	ETH(MAC_B, MAC_A, 0x0800), KA_IP4,
};

/*
 * The inner IPv4 header claims the KEEPALIVE, the outer GRE packet ends
 * after the inner TCP header, and the frame goes on with 19 bytes of
 * trailer: the inner packet is measured against the tunnel, not the
 * frame, so the trailer is never taken for BGP.
 */
static const uint8_t i_gre_inner_len[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(68, DF, 64, 47, IP_T1, IP_T2), GRE_HDR(0x2000, 0x0800), BE32(7),
	KA_IP4,
};

/* Five GRE layers, one more than PKT_MAX_ENCAP. */
#define GRE_LAYER(tl)	IP4(tl, 0, 64, 47, IP_T1, IP_T2), GRE_HDR(0, 0x0800)
static const uint8_t i_gre_deep[] = {
	GRE_LAYER(140), GRE_LAYER(116), GRE_LAYER(92), GRE_LAYER(68),
	GRE_LAYER(44), IP4(20, 0, 64, 59, IP_B, IP_A),
};

/* Nine labels without bottom of stack. */
static const uint8_t i_mpls_deep[] = {
	ETH(MAC_A, MAC_B, 0x8847), LSE(1, 0, 1), LSE(2, 0, 1), LSE(3, 0, 1),
	LSE(4, 0, 1), LSE(5, 0, 1), LSE(6, 0, 1), LSE(7, 0, 1), LSE(8, 0, 1),
	LSE(9, 1, 1), KA_IP4,
};

static const uint8_t i_ihl4[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	0x44, 0, BE16(40), 0, 0, 0, 0, 64, 6, 0, 0, IP_B, IP_A,
	TCP(1, 179, 0, 0, 5, 0x02, 0),
};

static const uint8_t i_version[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP6(0, 59, 64, IP6_A, IP6_B),
};

static const uint8_t i_totlen[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(100, DF, 1, 6, IP_B, IP_A),
	TCP(37695, 179, 5, 6, 5, 0x10, 502),
};

static const uint8_t i_doff[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(40, DF, 1, 6, IP_B, IP_A),
	TCP(37695, 179, 5, 6, 4, 0x10, 502),
};

/* MSS whose length runs past the options. */
static const uint8_t i_optlen[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(44, DF, 1, 6, IP_B, IP_A),
	TCP(37695, 179, 5, 6, 6, 0x02, 502),
	0x02, 0x28, 0x05, 0xb4,
};

static const uint8_t i_vlan5[] = {
	ETH(MAC_A, MAC_B, 0x8100), BE16(1), BE16(0x8100), BE16(2),
	BE16(0x8100), BE16(3), BE16(0x8100), BE16(4), BE16(0x8100), BE16(5),
	BE16(0x0800),
	IP4(40, DF, 1, 6, IP_B, IP_A),
	TCP(37695, 179, 5, 6, 5, 0x10, 502),
};

/* The router quoted only the IP header (fewer than 8 octets after it). */
static const uint8_t i_short_quote[] = {
	ETH(MAC_A, MAC_B, 0x0800),
	IP4(48, 0, 64, 1, IP_R, IP_Q),
	3, 4, 0, 0, BE16(0), BE16(1024),
	IP4(1500, DF, 63, 6, IP_Q, IP_A),
};

/* ------------------------------------------------------------------ */
/* Checks                                                              */
/* ------------------------------------------------------------------ */

static void
assert_addr(const struct net_addr *a, const char *want)
{
	char buf[NET_ADDR_STRLEN];

	assert_string_equal(net_addr_str(a, buf), want);
}

static void
chk_syn_opts(const struct pkt_info *p)
{
	static const uint8_t b[6] = { MAC_B };

	assert_true(p->has_mac);
	assert_memory_equal(p->src_mac, b, 6);
	assert_int_equal(p->ethertype, 0x0800);
	assert_int_equal(p->net, PKT_NET_IPV4);
	assert_addr(&p->ip.src, "172.16.0.2");
	assert_addr(&p->ip.dst, "172.16.0.1");
	assert_int_equal(p->ip.ttl, 1);
	assert_true(p->ip.df);
	assert_false(p->ip.is_fragment);
	assert_int_equal(p->ip.total_len, 60);
	assert_int_equal(p->tr, PKT_TR_TCP);
	assert_int_equal(p->tcp.sport, 37695);
	assert_int_equal(p->tcp.dport, 179);
	assert_int_equal(p->tcp.seq, 0x01020304);
	assert_int_equal(p->tcp.flags, PKT_TCP_SYN);
	assert_int_equal(p->tcp.window, 64240);
	assert_int_equal(p->tcp.doff, 40);
	assert_true(p->tcp.opt.has_mss);
	assert_int_equal(p->tcp.opt.mss, 1460);
	assert_true(p->tcp.opt.sack_permitted);
	assert_true(p->tcp.opt.has_ts);
	assert_int_equal(p->tcp.opt.tsval, 0xaabbccdd);
	assert_int_equal(p->tcp.opt.tsecr, 0);
	assert_true(p->tcp.opt.has_wscale);
	assert_int_equal(p->tcp.opt.wscale, 10);
	assert_false(p->tcp.opt.md5);
	assert_false(p->tcp.opt.ao);
	assert_false(p->tcp.opt.malformed);
	assert_int_equal(p->tcp.payload_len, 0);
	assert_int_equal(p->tcp.payload_caplen, 0);
}

static void
chk_syn_md5(const struct pkt_info *p)
{
	assert_int_equal(p->tr, PKT_TR_TCP);
	assert_true(p->tcp.opt.md5);
	assert_true(p->tcp.opt.has_mss);
	assert_false(p->tcp.opt.has_ts);
	assert_false(p->tcp.opt.malformed);
	assert_int_equal(p->tcp.doff, 44);
}

static void
chk_ack_ao(const struct pkt_info *p)
{
	assert_int_equal(p->tr, PKT_TR_TCP);
	assert_true(p->tcp.opt.ao);
	assert_false(p->tcp.opt.md5);
	assert_false(p->tcp.opt.malformed);
	assert_int_equal(p->tcp.flags, PKT_TCP_ACK);
	assert_int_equal(p->tcp.ack, 200);
}

static void
chk_dot1q(const struct pkt_info *p)
{
	assert_int_equal(p->nvlan, 1);
	assert_int_equal(p->vlan[0].tpid, 0x8100);
	assert_int_equal(p->vlan[0].vid, 100);
	assert_int_equal(p->vlan[0].pcp, 3);
	assert_int_equal(p->ethertype, 0x0800);
	assert_int_equal(p->tr, PKT_TR_TCP);
	assert_int_equal(p->tcp.flags, PKT_TCP_PSH | PKT_TCP_ACK);
	assert_true(p->tcp.opt.has_ts);
	assert_int_equal(p->tcp.opt.tsval, 11);
	assert_int_equal(p->tcp.opt.tsecr, 22);
	assert_int_equal(p->tcp.payload_len, 19);
	assert_int_equal(p->tcp.payload_caplen, 19);
	assert_int_equal(p->tcp.payload[0], 0xff);
	assert_int_equal(p->tcp.payload[18], 0x04);
}

static void
chk_qinq(const struct pkt_info *p)
{
	assert_int_equal(p->nvlan, 2);
	assert_int_equal(p->vlan[0].tpid, 0x88a8);
	assert_int_equal(p->vlan[0].vid, 300);
	assert_int_equal(p->vlan[1].tpid, 0x8100);
	assert_int_equal(p->vlan[1].vid, 100);
	assert_int_equal(p->ethertype, 0x0800);
	assert_int_equal(p->tr, PKT_TR_TCP);
	assert_int_equal(p->tcp.dport, 179);
}

static void
chk_sll(const struct pkt_info *p)
{
	assert_false(p->has_mac);
	assert_int_equal(p->sll_pkttype, 4);
	assert_int_equal(p->sll_arphrd, 1);
	assert_int_equal(p->ethertype, 0x0800);
	assert_int_equal(p->tr, PKT_TR_TCP);
	assert_int_equal(p->tcp.flags, PKT_TCP_RST | PKT_TCP_ACK);
	assert_int_equal(p->tcp.sport, 179);
}

static void
chk_sll_vlan(const struct pkt_info *p)
{
	assert_int_equal(p->sll_pkttype, 0);
	assert_int_equal(p->sll_arphrd, 1);
	assert_int_equal(p->nvlan, 1);
	assert_int_equal(p->vlan[0].tpid, 0x8100);
	assert_int_equal(p->vlan[0].vid, 200);
	assert_int_equal(p->ethertype, 0x0806);
	assert_int_equal(p->net, PKT_NET_ARP);
	assert_int_equal(p->arp.op, 2);
	assert_addr(&p->arp.spa, "172.16.0.1");
}

static void
chk_sll2(const struct pkt_info *p)
{
	assert_int_equal(p->sll_pkttype, 0);
	assert_int_equal(p->ethertype, 0x86dd);
	assert_int_equal(p->net, PKT_NET_IPV6);
	assert_addr(&p->ip.src, "2001:db8:a::1");
	assert_addr(&p->ip.dst, "2001:db8:a::2");
	assert_int_equal(p->ip.hdr_len, 40);
	assert_int_equal(p->ip.total_len, 60);
	assert_int_equal(p->tcp.flags, PKT_TCP_SYN | PKT_TCP_ACK);
	assert_int_equal(p->tcp.window, 64800);
}

static void
chk_raw_udp(const struct pkt_info *p)
{
	assert_false(p->has_mac);
	assert_int_equal(p->net, PKT_NET_IPV4);
	assert_int_equal(p->tr, PKT_TR_UDP);
	assert_int_equal(p->udp.sport, 53);
	assert_int_equal(p->udp.dport, 33000);
	assert_int_equal(p->udp.len, 12);
}

static void
chk_raw6_ext(const struct pkt_info *p)
{
	assert_int_equal(p->net, PKT_NET_IPV6);
	assert_int_equal(p->ip.hdr_len, 64);
	assert_int_equal(p->ip.total_len, 84);
	assert_int_equal(p->ip.proto, 6);
	assert_true(p->ip.is_fragment);
	assert_true(p->ip.mf);
	assert_int_equal(p->ip.frag_offset, 0);
	assert_int_equal(p->ip.frag_id, 0xabcd);
	assert_int_equal(p->tr, PKT_TR_TCP);
	assert_int_equal(p->tcp.sport, 36399);
	assert_int_equal(p->tcp.payload_len, 0);
}

static void
chk_null_le(const struct pkt_info *p)
{
	assert_int_equal(p->net, PKT_NET_IPV4);
	assert_int_equal(p->tr, PKT_TR_ICMP);
	assert_int_equal(p->icmp.type, 8);
	assert_false(p->icmp.is_error);
	assert_int_equal(p->icmp.id, 0x1234);
	assert_int_equal(p->icmp.seq, 1);
}

static void
chk_null_be6(const struct pkt_info *p)
{
	assert_int_equal(p->net, PKT_NET_IPV6);
	assert_int_equal(p->tr, PKT_TR_ICMP6);
	assert_int_equal(p->icmp.type, 129);
	assert_int_equal(p->icmp.id, 0x4321);
	assert_int_equal(p->icmp.seq, 9);
}

static void
chk_loop6(const struct pkt_info *p)
{
	assert_int_equal(p->net, PKT_NET_IPV6);
	assert_int_equal(p->tr, PKT_TR_UDP);
	assert_int_equal(p->udp.dport, 2000);
}

static void
chk_arp_req(const struct pkt_info *p)
{
	static const uint8_t b[6] = { MAC_B }, z[6] = { 0 };

	assert_int_equal(p->net, PKT_NET_ARP);
	assert_int_equal(p->tr, PKT_TR_NONE);
	assert_int_equal(p->arp.op, 1);
	assert_memory_equal(p->arp.sha, b, 6);
	assert_memory_equal(p->arp.tha, z, 6);
	assert_addr(&p->arp.spa, "172.16.0.2");
	assert_addr(&p->arp.tpa, "172.16.0.1");
}

static void
chk_arp_rep(const struct pkt_info *p)
{
	static const uint8_t a[6] = { MAC_A }, b[6] = { MAC_B };

	assert_int_equal(p->net, PKT_NET_ARP);
	assert_int_equal(p->arp.op, 2);
	assert_memory_equal(p->arp.sha, a, 6);
	assert_memory_equal(p->arp.tha, b, 6);
	assert_addr(&p->arp.spa, "172.16.0.1");
	assert_addr(&p->arp.tpa, "172.16.0.2");
}

static void
chk_icmp_fragneed(const struct pkt_info *p)
{
	assert_int_equal(p->tr, PKT_TR_ICMP);
	assert_int_equal(p->icmp.type, 3);
	assert_int_equal(p->icmp.code, 4);
	assert_int_equal(p->icmp.mtu, 1024);
	assert_true(p->icmp.is_error);
	assert_true(p->icmp.has_quote);
	assert_int_equal(p->icmp.q_proto, 6);
	assert_addr(&p->icmp.q_src, "172.16.0.6");
	assert_addr(&p->icmp.q_dst, "172.16.0.1");
	assert_true(p->icmp.q_has_ports);
	assert_int_equal(p->icmp.q_sport, 35085);
	assert_int_equal(p->icmp.q_dport, 179);
	assert_true(p->icmp.q_has_seq);
	assert_int_equal(p->icmp.q_seq, 2120709856u);
}

static void
chk_icmp6_ptb(const struct pkt_info *p)
{
	assert_int_equal(p->tr, PKT_TR_ICMP6);
	assert_int_equal(p->icmp.type, 2);
	assert_int_equal(p->icmp.mtu, 1280);
	assert_true(p->icmp.is_error);
	assert_true(p->icmp.has_quote);
	assert_int_equal(p->icmp.q_proto, 6);
	assert_addr(&p->icmp.q_src, "2001:db8:a::1");
	assert_addr(&p->icmp.q_dst, "2001:db8:c::2");
	assert_int_equal(p->icmp.q_sport, 179);
	assert_int_equal(p->icmp.q_dport, 54321);
	assert_true(p->icmp.q_has_seq);
	assert_int_equal(p->icmp.q_seq, 4096);
}

static void
chk_frag_later(const struct pkt_info *p)
{
	assert_int_equal(p->net, PKT_NET_IPV4);
	assert_true(p->ip.is_fragment);
	assert_false(p->ip.mf);
	assert_int_equal(p->ip.frag_offset, 185);
	assert_int_equal(p->ip.proto, 6);
	assert_int_equal(p->tr, PKT_TR_NONE);
}

static void
chk_eth_pad(const struct pkt_info *p)
{
	assert_int_equal(p->tr, PKT_TR_TCP);
	assert_int_equal(p->tcp.payload_len, 0);
	assert_int_equal(p->tcp.payload_caplen, 0);
}

static void
chk_tso(const struct pkt_info *p)
{
	assert_int_equal(p->ip.total_len, 40 + 19);
	assert_int_equal(p->tcp.payload_len, 19);
	assert_int_equal(p->tcp.payload_caplen, 19);
}

static void
chk_lldp(const struct pkt_info *p)
{
	assert_int_equal(p->net, PKT_NET_OTHER);
	assert_int_equal(p->ethertype, 0x88cc);
	assert_int_equal(p->tr, PKT_TR_NONE);
}

static void
chk_optlen(const struct pkt_info *p)
{
	assert_int_equal(p->tr, PKT_TR_TCP);
	assert_true(p->tcp.opt.malformed);
	assert_false(p->tcp.opt.has_mss);
	assert_int_equal(p->tcp.sport, 37695);
}

static void
chk_short_quote(const struct pkt_info *p)
{
	assert_int_equal(p->icmp.mtu, 1024);
	assert_true(p->icmp.has_quote);
	assert_addr(&p->icmp.q_dst, "172.16.0.1");
	assert_false(p->icmp.q_has_ports);
	assert_false(p->icmp.q_has_seq);
}

/* The KEEPALIVE segment of KA_IP4 / KA_IP6, whatever carried it. */
static void
chk_ka(const struct pkt_info *p, bool v6)
{
	assert_int_equal(p->net, v6 ? PKT_NET_IPV6 : PKT_NET_IPV4);
	assert_addr(&p->ip.src, v6 ? "2001:db8:a::2" : "172.16.0.2");
	assert_addr(&p->ip.dst, v6 ? "2001:db8:a::1" : "172.16.0.1");
	assert_int_equal(p->ethertype, v6 ? 0x86dd : 0x0800);
	assert_int_equal(p->tr, PKT_TR_TCP);
	assert_int_equal(p->tcp.sport, 37695);
	assert_int_equal(p->tcp.dport, 179);
	assert_int_equal(p->tcp.payload_len, 19);
}

static void
chk_ka4(const struct pkt_info *p)
{
	chk_ka(p, false);
	assert_int_equal(p->nencap, 0);
}

static void
chk_ka6(const struct pkt_info *p)
{
	chk_ka(p, true);
	assert_int_equal(p->nencap, 0);
}

static void
chk_juniper(const struct pkt_info *p)
{
	static const uint8_t b[6] = { MAC_B };

	chk_ka4(p);
	assert_true(p->has_mac);
	assert_memory_equal(p->src_mac, b, 6);
}

static void
chk_juniper_nol2(const struct pkt_info *p)
{
	chk_ka4(p);
	assert_false(p->has_mac);
}

static void
chk_ppp(const struct pkt_info *p)
{
	chk_ka4(p);
	assert_int_equal(p->ppp_proto, 0x0021);
}

static void
chk_ppp_pfc6(const struct pkt_info *p)
{
	chk_ka6(p);
	assert_int_equal(p->ppp_proto, 0x0057);
}

static void
chk_chdlc_mpls(const struct pkt_info *p)
{
	chk_ka(p, false);
	assert_int_equal(p->nencap, 1);
	assert_int_equal(p->encap[0].type, PKT_ENC_MPLS);
	assert_false(p->encap[0].has_addr);
	assert_int_equal(p->encap[0].nlabels, 2);
	assert_int_equal(p->encap[0].label[0], 100);
	assert_int_equal(p->encap[0].label[1], 200);
	assert_false(p->encap[0].pw_cw);
}

/* One IP tunnel from 10.0.0.1 to 10.0.0.2 (or the IPv6 pair). */
static void
chk_tunnel(const struct pkt_info *p, enum pkt_encap_type type, bool v6out,
    bool has_id, uint32_t id)
{
	assert_int_equal(p->nencap, 1);
	assert_int_equal(p->encap[0].type, type);
	assert_true(p->encap[0].has_addr);
	assert_addr(&p->encap[0].src, v6out ? "2001:db8:b::1" : "10.0.0.1");
	assert_addr(&p->encap[0].dst, v6out ? "2001:db8:c::2" : "10.0.0.2");
	assert_int_equal(p->encap[0].has_id, has_id);
	if (has_id)
		assert_int_equal(p->encap[0].id, id);
}

static void
chk_gre_key(const struct pkt_info *p)
{
	chk_ka(p, false);
	chk_tunnel(p, PKT_ENC_GRE, false, true, 7);
	assert_false(p->has_mac == false);	/* the outer Ethernet's */
}

static void
chk_gre_teb(const struct pkt_info *p)
{
	static const uint8_t b[6] = { MAC_B };

	chk_ka(p, false);
	chk_tunnel(p, PKT_ENC_GRE, false, false, 0);
	assert_memory_equal(p->dst_mac, b, 6);
	assert_int_equal(p->nvlan, 1);
	assert_int_equal(p->vlan[0].vid, 100);
}

static void
chk_erspan2(const struct pkt_info *p)
{
	chk_ka(p, false);
	chk_tunnel(p, PKT_ENC_ERSPAN2, false, true, 5);
	assert_int_equal(p->encap[0].vlan, 100);
	assert_int_equal(p->nvlan, 0);
}

static void
chk_erspan1(const struct pkt_info *p)
{
	chk_ka(p, false);
	chk_tunnel(p, PKT_ENC_ERSPAN1, false, false, 0);
}

static void
chk_erspan3(const struct pkt_info *p)
{
	chk_ka(p, true);
	chk_tunnel(p, PKT_ENC_ERSPAN3, true, true, 10);
	assert_int_equal(p->encap[0].vlan, 200);
}

static void
chk_vxlan(const struct pkt_info *p)
{
	chk_ka(p, false);
	chk_tunnel(p, PKT_ENC_VXLAN, false, true, 100);
}

static void
chk_mpls_pw(const struct pkt_info *p)
{
	chk_ka(p, false);
	assert_int_equal(p->nencap, 1);
	assert_int_equal(p->encap[0].type, PKT_ENC_MPLS);
	assert_int_equal(p->encap[0].nlabels, 1);
	assert_int_equal(p->encap[0].label[0], 300);
	assert_true(p->encap[0].pw_cw);
	assert_int_equal(p->nvlan, 1);
	assert_int_equal(p->vlan[0].vid, 100);
}

static void
chk_gre_other(const struct pkt_info *p)
{
	assert_int_equal(p->nencap, 0);
	assert_int_equal(p->net, PKT_NET_IPV4);
	assert_int_equal(p->ip.proto, 47);
	assert_addr(&p->ip.src, "10.0.0.1");
	assert_int_equal(p->tr, PKT_TR_OTHER);
}

static void
chk_vxlan_noi(const struct pkt_info *p)
{
	assert_int_equal(p->nencap, 0);
	assert_int_equal(p->tr, PKT_TR_UDP);
	assert_int_equal(p->udp.dport, 4789);
	assert_addr(&p->ip.src, "10.0.0.1");
}

struct vec {
	const char	*name;
	int		 dlt;
	const uint8_t	*b;
	uint32_t	 len;
	enum pkt_status	 status;
	const char	*why;		/* expected, NULL when OK */
	uint32_t	 hdr_end;	/* cuts at or past this only lose
					   payload or padding */
	void		(*check)(const struct pkt_info *);
};

#define V(name, dlt, arr, st, why, end, chk) \
	{ name, dlt, arr, sizeof(arr), st, why, end, chk }

static const struct vec vecs[] = {
	V("syn all options", PKT_DLT_EN10MB, v_syn_opts, PKT_OK, NULL, 74,
	    chk_syn_opts),
	V("syn md5", PKT_DLT_EN10MB, v_syn_md5, PKT_OK, NULL, 78,
	    chk_syn_md5),
	V("ack tcp-ao", PKT_DLT_EN10MB, v_ack_ao, PKT_OK, NULL, 70,
	    chk_ack_ao),
	V("802.1q", PKT_DLT_EN10MB, v_dot1q, PKT_OK, NULL, 70, chk_dot1q),
	V("qinq", PKT_DLT_EN10MB, v_qinq, PKT_OK, NULL, 62, chk_qinq),
	V("sll", PKT_DLT_LINUX_SLL, v_sll, PKT_OK, NULL, 56, chk_sll),
	V("sll with 802.1q", PKT_DLT_LINUX_SLL, v_sll_vlan, PKT_OK, NULL, 48,
	    chk_sll_vlan),
	V("sll2", PKT_DLT_LINUX_SLL2, v_sll2, PKT_OK, NULL, 80, chk_sll2),
	V("raw ipv4 udp", PKT_DLT_RAW, v_raw_udp, PKT_OK, NULL, 28,
	    chk_raw_udp),
	V("raw ipv4 udp (228)", PKT_DLT_IPV4, v_raw_udp, PKT_OK, NULL, 28,
	    chk_raw_udp),
	V("raw ipv6 ext headers", PKT_DLT_LINKTYPE_RAW, v_raw6_ext, PKT_OK,
	    NULL, 84, chk_raw6_ext),
	V("raw ipv6 ext headers (229)", PKT_DLT_IPV6, v_raw6_ext, PKT_OK,
	    NULL, 84, chk_raw6_ext),
	V("null le icmp echo", PKT_DLT_NULL, v_null_le, PKT_OK, NULL, 32,
	    chk_null_le),
	V("null be icmpv6 echo", PKT_DLT_NULL, v_null_be6, PKT_OK, NULL, 52,
	    chk_null_be6),
	V("loop ipv6 udp", PKT_DLT_LOOP, v_loop6, PKT_OK, NULL, 52,
	    chk_loop6),
	V("arp request", PKT_DLT_EN10MB, v_arp_req, PKT_OK, NULL, 42,
	    chk_arp_req),
	V("arp reply", PKT_DLT_EN10MB, v_arp_rep, PKT_OK, NULL, 42,
	    chk_arp_rep),
	V("icmp frag needed", PKT_DLT_EN10MB, v_icmp_fragneed, PKT_OK, NULL,
	    70, chk_icmp_fragneed),
	V("icmpv6 packet too big", PKT_DLT_EN10MB, v_icmp6_ptb, PKT_OK, NULL,
	    110, chk_icmp6_ptb),
	V("ipv4 later fragment", PKT_DLT_EN10MB, v_frag_later, PKT_OK, NULL,
	    34, chk_frag_later),
	V("ethernet padding", PKT_DLT_EN10MB, v_eth_pad, PKT_OK, NULL, 54,
	    chk_eth_pad),
	V("ipv4 total length 0 (tso)", PKT_DLT_EN10MB, v_tso_hdr, PKT_OK, NULL,
	    54, chk_tso),
	V("lldp", PKT_DLT_EN10MB, v_lldp, PKT_OK, NULL, 14, chk_lldp),
	V("tcp option length lies", PKT_DLT_EN10MB, i_optlen, PKT_OK, NULL,
	    58, chk_optlen),
	V("icmp short quote", PKT_DLT_EN10MB, i_short_quote, PKT_OK, NULL, 62,
	    chk_short_quote),
	V("juniper ether", PKT_DLT_JUNIPER_ETHER, v_juniper, PKT_OK, NULL, 66,
	    chk_juniper),
	V("juniper no l2", PKT_DLT_JUNIPER_ETHER, v_juniper_nol2, PKT_OK,
	    NULL, 48, chk_juniper_nol2),
	V("ppp", PKT_DLT_PPP, v_ppp, PKT_OK, NULL, 44, chk_ppp),
	V("ppp compressed ipv6", PKT_DLT_PPP, v_ppp_pfc6, PKT_OK, NULL, 61,
	    chk_ppp_pfc6),
	V("ppp hdlc framing", PKT_DLT_PPP_SERIAL, v_ppp_serial, PKT_OK, NULL,
	    44, chk_ppp),
	V("cisco hdlc on ppp serial", PKT_DLT_PPP_SERIAL, v_serial_chdlc,
	    PKT_OK, NULL, 44, chk_ka4),
	V("cisco hdlc ipv6", PKT_DLT_C_HDLC, v_chdlc6, PKT_OK, NULL, 64,
	    chk_ka6),
	V("cisco hdlc mpls", PKT_DLT_C_HDLC, v_chdlc_mpls, PKT_OK, NULL, 52,
	    chk_chdlc_mpls),
	V("gre key", PKT_DLT_EN10MB, v_gre_key, PKT_OK, NULL, 82,
	    chk_gre_key),
	V("gre ethernet", PKT_DLT_EN10MB, v_gre_teb, PKT_OK, NULL, 100,
	    chk_gre_teb),
	V("erspan ii", PKT_DLT_EN10MB, v_erspan2, PKT_OK, NULL, 104,
	    chk_erspan2),
	V("erspan i", PKT_DLT_EN10MB, v_erspan1, PKT_OK, NULL, 92,
	    chk_erspan1),
	V("erspan iii ipv6", PKT_DLT_EN10MB, v_erspan3, PKT_OK, NULL, 156,
	    chk_erspan3),
	V("vxlan", PKT_DLT_EN10MB, v_vxlan, PKT_OK, NULL, 104, chk_vxlan),
	V("mpls pseudowire", PKT_DLT_EN10MB, v_mpls_pw, PKT_OK, NULL, 80,
	    chk_mpls_pw),
	V("gre other payload", PKT_DLT_EN10MB, v_gre_other, PKT_OK, NULL, 38,
	    chk_gre_other),
	V("udp 4789 not vxlan", PKT_DLT_EN10MB, v_vxlan_noi, PKT_OK, NULL, 42,
	    chk_vxlan_noi),
	/* Frames that contradict their protocol. */
	V("ihl 4", PKT_DLT_EN10MB, i_ihl4, PKT_INVALID, "ipv4 header length",
	    0, NULL),
	V("ipv6 behind 0x0800", PKT_DLT_EN10MB, i_version, PKT_INVALID,
	    "ipv4 version", 0, NULL),
	V("ipv4 total length", PKT_DLT_EN10MB, i_totlen, PKT_INVALID,
	    "ipv4 total length exceeds frame", 0, NULL),
	V("tcp doff 4", PKT_DLT_EN10MB, i_doff, PKT_INVALID,
	    "tcp header length", 0, NULL),
	V("ipv6 on dlt 228", PKT_DLT_IPV4, v_raw6_ext, PKT_INVALID,
	    "raw ip version", 0, NULL),
	V("ipv4 on dlt 229", PKT_DLT_IPV6, v_raw_udp, PKT_INVALID,
	    "raw ip version", 0, NULL),
	V("five vlan tags", PKT_DLT_EN10MB, i_vlan5, PKT_UNSUPPORTED,
	    "vlan tags nested too deep", 0, NULL),
	V("802.11", 105, v_lldp, PKT_UNSUPPORTED, "link type", 0, NULL),
	V("juniper magic", PKT_DLT_JUNIPER_ETHER, i_juniper_magic,
	    PKT_INVALID, "juniper cookie magic", 0, NULL),
	V("ppp control", PKT_DLT_PPP, i_ppp_ctrl, PKT_INVALID,
	    "ppp hdlc control", 0, NULL),
	V("cisco hdlc address", PKT_DLT_C_HDLC, i_chdlc_addr, PKT_INVALID,
	    "cisco hdlc address", 0, NULL),
	V("ppp serial address", PKT_DLT_PPP_SERIAL, i_chdlc_addr, PKT_INVALID,
	    "ppp hdlc address", 0, NULL),
	V("erspan ii version", PKT_DLT_EN10MB, i_erspan2_ver, PKT_INVALID,
	    "erspan ii version", 0, NULL),
	V("gre inner length", PKT_DLT_EN10MB, i_gre_inner_len, PKT_INVALID,
	    "ipv4 total length exceeds frame", 0, NULL),
	V("gre nested too deep", PKT_DLT_RAW, i_gre_deep, PKT_UNSUPPORTED,
	    "tunnels nested too deep", 0, NULL),
	V("mpls stack too deep", PKT_DLT_EN10MB, i_mpls_deep, PKT_UNSUPPORTED,
	    "mpls label stack too deep", 0, NULL),
};

#define NVECS	(sizeof(vecs) / sizeof(vecs[0]))

/* On a mismatch, print the frame as a C initializer to paste or diff. */
static void
dump_frame(const struct vec *v)
{
	uint32_t i;

	print_error("vector '%s' (dlt %d, %u bytes):\n\t{", v->name, v->dlt,
	    v->len);
	for (i = 0; i < v->len; i++)
		print_error("%s0x%02x,", i % 12 == 0 ? "\n\t  " : " ",
		    v->b[i]);
	print_error("\n\t}\n");
}

static void
test_vectors(void **state)
{
	struct pkt_info pi;
	size_t i;

	(void)state;
	for (i = 0; i < NVECS; i++) {
		const struct vec *v = &vecs[i];

		/* Stale fields everywhere, as after another frame. */
		memset(&pi, 0xa5, sizeof(pi));
		pkt_decode(v->dlt, v->b, v->len, v->len, &pi);
		if (pi.status != v->status ||
		    (v->why != NULL && (pi.why == NULL ||
		    strcmp(pi.why, v->why) != 0))) {
			dump_frame(v);
			print_error("status %d (%s), want %d (%s)\n",
			    pi.status, pi.why ? pi.why : "-", v->status,
			    v->why ? v->why : "-");
			fail();
		}
		assert_int_equal(pi.dlt, v->dlt);
		if (v->status == PKT_OK)
			assert_null(pi.why);
		if (v->check != NULL)
			v->check(&pi);
	}
}

/*
 * Every OK vector cut at every length 0..n-1, with the wire length still
 * n: truncated, or OK when only payload or padding went.  The cut lives
 * in a heap buffer of exactly its size.  The same cut presented as the
 * whole frame (wirelen == caplen) may be invalid but never "truncated".
 */
static void
test_truncation_sweep(void **state)
{
	struct pkt_info pi;
	uint32_t cut;
	unsigned long n = 0;
	uint8_t *buf;
	size_t i;

	(void)state;
	for (i = 0; i < NVECS; i++) {
		const struct vec *v = &vecs[i];

		if (v->status != PKT_OK)
			continue;
		for (cut = 0; cut < v->len; cut++) {
			buf = malloc(cut == 0 ? 1 : cut);
			assert_non_null(buf);
			memcpy(buf, v->b, cut);
			pkt_decode(v->dlt, buf, cut, v->len, &pi);
			if (!(pi.status == PKT_TRUNCATED ||
			    (pi.status == PKT_OK && cut >= v->hdr_end))) {
				dump_frame(v);
				print_error("cut at %u: status %d (%s)\n",
				    cut, pi.status, pi.why ? pi.why : "-");
				fail();
			}
			if (pi.status == PKT_TRUNCATED)
				assert_non_null(pi.why);
			/* Payload checks do not hold for a cut payload. */
			if (pi.status == PKT_OK && v->check != NULL &&
			    v->check != chk_dot1q && v->check != chk_tso)
				v->check(&pi);
			pkt_decode(v->dlt, buf, cut, cut, &pi);
			assert_int_not_equal(pi.status, PKT_TRUNCATED);
			free(buf);
			n++;
		}
	}
	print_message("%lu cuts\n", n);
}

/* A cut inside the payload: OK, with less captured than carried. */
static void
test_payload_cut(void **state)
{
	struct pkt_info pi;

	(void)state;
	pkt_decode(PKT_DLT_EN10MB, v_dot1q, 75, sizeof(v_dot1q), &pi);
	assert_int_equal(pi.status, PKT_OK);
	assert_int_equal(pi.tcp.payload_len, 19);
	assert_int_equal(pi.tcp.payload_caplen, 5);
	/* The options cut: truncated, and it says where. */
	pkt_decode(PKT_DLT_EN10MB, v_syn_opts, 60, sizeof(v_syn_opts), &pi);
	assert_int_equal(pi.status, PKT_TRUNCATED);
	assert_string_equal(pi.why, "tcp options");
	/* Filled as far as it went. */
	assert_int_equal(pi.tcp.sport, 37695);
	/* A frame whose record claims less on the wire than captured. */
	pkt_decode(PKT_DLT_EN10MB, v_syn_opts, sizeof(v_syn_opts), 10, &pi);
	assert_int_equal(pi.status, PKT_OK);
	/* The ICMP quote cut by the capture. */
	pkt_decode(PKT_DLT_EN10MB, v_icmp_fragneed, 60,
	    sizeof(v_icmp_fragneed), &pi);
	assert_int_equal(pi.status, PKT_TRUNCATED);
	assert_int_equal(pi.icmp.mtu, 1024);
	assert_false(pi.icmp.q_has_ports);
}

/* Random frames for every link type: no crash, no over-read, a status
 * and a reason always. */
static void
test_random_frames(void **state)
{
	static const int dlts[] = {
		PKT_DLT_NULL, PKT_DLT_EN10MB, PKT_DLT_RAW, PKT_DLT_LOOP,
		PKT_DLT_LINUX_SLL, PKT_DLT_IPV4, PKT_DLT_IPV6,
		PKT_DLT_LINUX_SLL2, PKT_DLT_PPP, PKT_DLT_PPP_SERIAL,
		PKT_DLT_C_HDLC, PKT_DLT_JUNIPER_ETHER,
	};
	struct pkt_info pi;
	uint32_t seed = 12345, len, j;
	uint8_t *buf;
	size_t d;
	int i;

	(void)state;
	for (d = 0; d < sizeof(dlts) / sizeof(dlts[0]); d++) {
		for (i = 0; i < 4000; i++) {
			seed = seed * 1103515245u + 12345u;
			len = (seed >> 16) % 128;
			buf = malloc(len == 0 ? 1 : len);
			assert_non_null(buf);
			for (j = 0; j < len; j++) {
				seed = seed * 1103515245u + 12345u;
				buf[j] = (uint8_t)(seed >> 16);
			}
			/* Make deeper layers likely: plausible starts. */
			if (len > 20 && dlts[d] == PKT_DLT_EN10MB) {
				buf[12] = (i & 1) ? 0x08 : 0x86;
				buf[13] = (i & 1) ? 0x00 : 0xdd;
				buf[14] = (i & 1) ? 0x45 : 0x60;
			}
			/* And tunnels: IPv4 GRE of the right length with
			 * each payload type erwatch takes apart. */
			if (len > 40 && dlts[d] == PKT_DLT_EN10MB &&
			    (i & 3) == 2) {
				static const uint16_t gp[] = {
					0x6558, 0x88be, 0x22eb, 0x8847, 0x0800
				};
				uint16_t t = gp[(seed >> 8) % 5];

				buf[12] = 0x08;
				buf[13] = 0x00;
				buf[14] = 0x45;
				buf[16] = 0;
				buf[17] = (uint8_t)(len - 14);
				buf[20] = buf[21] = 0;
				buf[23] = 47;
				buf[34] &= 0x10;	/* S at most */
				buf[35] = 0;
				buf[36] = (uint8_t)(t >> 8);
				buf[37] = (uint8_t)t;
			}
			pkt_decode(dlts[d], buf, len, len + (i & 3) * 7, &pi);
			assert_true(pi.status == PKT_OK || pi.why != NULL);
			free(buf);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Against the reference decoder                                       */
/* ------------------------------------------------------------------ */

/* tshark -T fields columns, in this order. */
static const char *const ts_fields[] = {
	"frame.len", "vlan.id", "ieee8021ad.id", "ip.src", "ipv6.src",
	"ipv6.fraghdr.ident", "ipv6.fraghdr.more", "icmp.type", "icmp.mtu",
	"icmpv6.type", "icmpv6.mtu", "tcp.srcport", "tcp.dstport",
	"tcp.seq_raw", "tcp.flags", "tcp.option_kind", "tcp.len",
	"udp.srcport", "udp.dstport", "arp.opcode", "gre.key", "erspan.spanid",
	"erspan.vlan", "vxlan.vni", "mpls.label",
};
enum {
	TS_LEN, TS_VLAN, TS_SVLAN, TS_IPSRC, TS_IP6SRC, TS_FRAGID, TS_FRAGMORE,
	TS_ICMPTYPE, TS_ICMPMTU, TS_ICMP6TYPE, TS_ICMP6MTU, TS_SPORT, TS_DPORT,
	TS_SEQ, TS_FLAGS, TS_OPTS, TS_TCPLEN, TS_USPORT, TS_UDPORT, TS_ARPOP,
	TS_GREKEY, TS_SPANID, TS_SPANVLAN, TS_VNI, TS_MPLS, TS_N
};

/* Value idx of a ','-aggregated column; false when absent. */
static bool
ts_val(char *const *col, int f, int idx, char *buf, size_t len)
{
	const char *v = col[f], *e;

	if (v == NULL)
		return false;
	while (idx-- > 0) {
		if ((v = strchr(v, ',')) == NULL)
			return false;
		v++;
	}
	e = v + strcspn(v, ",");
	if (e == v || (size_t)(e - v) >= len)
		return false;
	memcpy(buf, v, (size_t)(e - v));
	buf[e - v] = '\0';
	return true;
}

static long long
ts_num(char *const *col, int f, int idx)
{
	char buf[64];

	if (!ts_val(col, f, idx, buf, sizeof(buf)))
		return -1;
	return strtoll(buf, NULL, 0);
}

static bool
ts_has_kind(char *const *col, long long kind)
{
	int i;

	for (i = 0; i < 40; i++) {
		long long k = ts_num(col, TS_OPTS, i);

		if (k == -1)
			return false;
		if (k == kind)
			return true;
	}
	return false;
}

#define TS_EQ(f, idx, have) do {					\
	long long w_ = ts_num(col, f, idx);				\
	if (w_ != -1 && w_ != (long long)(have)) {			\
		print_error("'%s': %s[%d] tshark %lld, pkt %lld\n",	\
		    v->name, ts_fields[f], idx, w_, (long long)(have));	\
		bad++;							\
	}								\
} while (0)

#define TS_ADDR(f, idx, addr) do {					\
	char w_[64], h_[NET_ADDR_STRLEN];				\
	if (ts_val(col, f, idx, w_, sizeof(w_)) &&			\
	    strcmp(w_, net_addr_str(addr, h_)) != 0) {			\
		print_error("'%s': %s[%d] tshark %s, pkt %s\n",	\
		    v->name, ts_fields[f], idx, w_, h_);		\
		bad++;							\
	}								\
} while (0)

/* Compare one tshark line with our decode of the same frame. */
static int
ts_compare(const struct vec *v, char *const *col)
{
	struct pkt_info pi;
	int bad = 0, i, n8100 = 0, n88a8 = 0, n4 = 0, n6 = 0, nl = 0, k;
	bool tcp, icmp;

	pkt_decode(v->dlt, v->b, v->len, v->len, &pi);
	TS_EQ(TS_LEN, 0, v->len);
	/*
	 * tshark lists every layer, outermost first: the inner packet's
	 * address comes after one per IP tunnel of its family, and its
	 * tags after those of the transport network.
	 */
	for (k = 0; k < pi.nencap; k++) {
		const struct pkt_encap *en = &pi.encap[k];

		if (en->has_addr && en->src.family == NET_AF_INET)
			TS_ADDR(TS_IPSRC, n4++, &en->src);
		if (en->has_addr && en->src.family == NET_AF_INET6)
			TS_ADDR(TS_IP6SRC, n6++, &en->src);
		if (en->type == PKT_ENC_GRE && en->has_id)
			TS_EQ(TS_GREKEY, 0, en->id);
		if (en->type == PKT_ENC_ERSPAN2 ||
		    en->type == PKT_ENC_ERSPAN3) {
			TS_EQ(TS_SPANID, 0, en->id);
			TS_EQ(TS_SPANVLAN, 0, en->vlan);
		}
		if (en->type == PKT_ENC_VXLAN)
			TS_EQ(TS_VNI, 0, en->id);
		for (i = 0; en->type == PKT_ENC_MPLS && i < en->nlabels; i++)
			TS_EQ(TS_MPLS, nl++, en->label[i]);
	}
	if (pi.nencap > 0) {
		/* The transport's tags come first. */
		for (i = 0; ts_num(col, TS_VLAN, i) != -1; i++)
			;
		n8100 = i - pi.nvlan;
		if (n8100 < 0)
			n8100 = 0;
	}
	for (i = 0; i < pi.nvlan; i++) {
		if (pi.vlan[i].tpid == 0x88a8)
			TS_EQ(TS_SVLAN, n88a8++, pi.vlan[i].vid);
		else
			TS_EQ(TS_VLAN, n8100++, pi.vlan[i].vid);
	}
	if (ts_num(col, TS_VLAN, n8100) != -1 ||
	    ts_num(col, TS_SVLAN, n88a8) != -1) {
		print_error("'%s': tshark sees more VLAN tags\n", v->name);
		bad++;
	}
	if (pi.net == PKT_NET_ARP)
		TS_EQ(TS_ARPOP, 0, pi.arp.op);
	if (pi.net == PKT_NET_IPV4)
		TS_ADDR(TS_IPSRC, n4, &pi.ip.src);
	if (pi.net == PKT_NET_IPV6) {
		TS_ADDR(TS_IP6SRC, n6, &pi.ip.src);
		if (pi.ip.is_fragment) {
			TS_EQ(TS_FRAGID, 0, pi.ip.frag_id);
			TS_EQ(TS_FRAGMORE, 0, pi.ip.mf);
		}
	}
	tcp = pi.tr == PKT_TR_TCP;
	icmp = pi.tr == PKT_TR_ICMP || pi.tr == PKT_TR_ICMP6;
	if (pi.tr == PKT_TR_ICMP) {
		TS_EQ(TS_ICMPTYPE, 0, pi.icmp.type);
		TS_EQ(TS_ICMPMTU, 0, pi.icmp.mtu);
		if (pi.icmp.has_quote)
			TS_ADDR(TS_IPSRC, 1, &pi.icmp.q_src);
	}
	if (pi.tr == PKT_TR_ICMP6) {
		TS_EQ(TS_ICMP6TYPE, 0, pi.icmp.type);
		TS_EQ(TS_ICMP6MTU, 0, pi.icmp.mtu);
		if (pi.icmp.has_quote)
			TS_ADDR(TS_IP6SRC, 1, &pi.icmp.q_src);
	}
	if (tcp && !pi.ip.is_fragment && ts_num(col, TS_SPORT, 0) == -1) {
		/* Agreement by silence is none: tshark must reach TCP. */
		print_error("'%s': tshark decodes no TCP\n", v->name);
		bad++;
	}
	if (tcp) {
		TS_EQ(TS_SPORT, 0, pi.tcp.sport);
		TS_EQ(TS_DPORT, 0, pi.tcp.dport);
		TS_EQ(TS_SEQ, 0, pi.tcp.seq);
		TS_EQ(TS_FLAGS, 0, pi.tcp.flags);
		TS_EQ(TS_TCPLEN, 0, pi.tcp.payload_len);
		if (!pi.tcp.opt.malformed && ts_num(col, TS_SPORT, 0) != -1 &&
		    (ts_has_kind(col, 2) != pi.tcp.opt.has_mss ||
		    ts_has_kind(col, 3) != pi.tcp.opt.has_wscale ||
		    ts_has_kind(col, 4) != pi.tcp.opt.sack_permitted ||
		    ts_has_kind(col, 8) != pi.tcp.opt.has_ts ||
		    ts_has_kind(col, 19) != pi.tcp.opt.md5 ||
		    ts_has_kind(col, 29) != pi.tcp.opt.ao)) {
			print_error("'%s': tcp option kinds differ\n",
			    v->name);
			bad++;
		}
	}
	if (icmp && pi.icmp.q_has_ports && pi.icmp.q_proto == 6) {
		TS_EQ(TS_SPORT, 0, pi.icmp.q_sport);
		TS_EQ(TS_DPORT, 0, pi.icmp.q_dport);
		TS_EQ(TS_SEQ, 0, pi.icmp.q_seq);
	}
	if (pi.tr == PKT_TR_UDP) {
		TS_EQ(TS_USPORT, 0, pi.udp.sport);
		TS_EQ(TS_UDPORT, 0, pi.udp.dport);
	}
	return bad;
}

/* pcap file header and record header, host byte order (pcap-savefile(5)). */
static void
write_pcap_file(FILE *fp, int linktype, const size_t *idx, size_t n)
{
	uint32_t h32[4];
	uint16_t h16[2] = { 2, 4 };
	size_t i;

	h32[0] = 0xa1b2c3d4;
	fwrite(h32, 4, 1, fp);
	fwrite(h16, 2, 2, fp);
	h32[0] = 0;			/* thiszone */
	h32[1] = 0;			/* sigfigs */
	h32[2] = 65535;			/* snaplen */
	h32[3] = (uint32_t)linktype;
	fwrite(h32, 4, 4, fp);
	for (i = 0; i < n; i++) {
		h32[0] = 1700000000;
		h32[1] = (uint32_t)i;
		h32[2] = h32[3] = vecs[idx[i]].len;
		fwrite(h32, 4, 4, fp);
		fwrite(vecs[idx[i]].b, 1, vecs[idx[i]].len, fp);
	}
}

/*
 * Every decodable vector, grouped by link type into a pcap file, through
 * tshark: wherever tshark reports a field, ours must agree.  Skipped
 * without tshark.  tshark takes what follows an MPLS stack whose first
 * nibble is 0 for Ethernet without a control word; erwatch follows RFC
 * 4385 (a control word, then Ethernet), so the pseudowire vector's label
 * is decoded as "Ethernet with control word" explicitly.
 */
static void
test_vs_tshark(void **state)
{
	static const int dlts[] = {
		PKT_DLT_NULL, PKT_DLT_EN10MB, PKT_DLT_RAW, PKT_DLT_LOOP,
		PKT_DLT_LINKTYPE_RAW, PKT_DLT_LINUX_SLL, PKT_DLT_IPV4,
		PKT_DLT_IPV6, PKT_DLT_LINUX_SLL2, PKT_DLT_PPP,
		PKT_DLT_PPP_SERIAL, PKT_DLT_C_HDLC, PKT_DLT_JUNIPER_ETHER,
	};
	char dir[] = "/tmp/erw-pkt-tshark-XXXXXX", path[64], cmd[1400];
	char *line = NULL, *col[TS_N], *p;
	size_t idx[NVECS], n, i, d, cap = 0, lines, total = 0;
	int bad = 0, c;
	FILE *fp;

	(void)state;
	if (system("tshark -v >/dev/null 2>&1") != 0) {
		/* make check installs tshark: its absence is a failure. */
		fail_msg("tshark not installed: `make check` installs it");
	}
	assert_non_null(mkdtemp(dir));
	for (d = 0; d < sizeof(dlts) / sizeof(dlts[0]); d++) {
		for (n = i = 0; i < NVECS; i++)
			if (vecs[i].dlt == dlts[d] && vecs[i].status == PKT_OK)
				idx[n++] = i;
		if (n == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%d.pcap", dir, dlts[d]);
		assert_non_null(fp = fopen(path, "wb"));
		/* In files, raw IP is LINKTYPE_RAW (101) whatever the DLT. */
		write_pcap_file(fp, dlts[d] == PKT_DLT_RAW ?
		    PKT_DLT_LINKTYPE_RAW : dlts[d], idx, n);
		fclose(fp);
		p = cmd + snprintf(cmd, sizeof(cmd), "tshark -n -r %s "
		    "-T fields -E separator=/t -E aggregator=, "
		    "-E occurrence=a -d mpls.label==300,pwethcw", path);
		for (c = 0; c < TS_N; c++)
			p += snprintf(p, sizeof(cmd) - (size_t)(p - cmd),
			    " -e %s", ts_fields[c]);
		snprintf(p, sizeof(cmd) - (size_t)(p - cmd), " 2>/dev/null");
		assert_non_null(fp = popen(cmd, "r"));
		lines = 0;
		while (getline(&line, &cap, fp) != -1) {
			line[strcspn(line, "\r\n")] = '\0';
			for (c = 0, p = line; c < TS_N; c++) {
				col[c] = p;
				if (p != NULL && (p = strchr(p, '\t')) != NULL)
					*p++ = '\0';
			}
			if (lines < n)
				bad += ts_compare(&vecs[idx[lines]], col);
			lines++;
		}
		assert_int_equal(pclose(fp), 0);
		assert_int_equal(lines, n);
		total += n;
		unlink(path);
	}
	free(line);
	rmdir(dir);
	print_message("%zu frames compared with tshark\n", total);
	assert_int_equal(bad, 0);
}

static void
test_names(void **state)
{
	char buf[40];
	uint8_t c;

	(void)state;
	assert_string_equal(pkt_icmp_type_name(false, 3),
	    "Destination unreachable");
	assert_string_equal(pkt_icmp_code_name(false, 3, 4),
	    "Fragmentation needed and DF set");
	assert_string_equal(pkt_icmp_code_name(false, 3, 13),
	    "Communication administratively prohibited");
	for (c = 0; c <= 15; c++)
		assert_string_not_equal(pkt_icmp_code_name(false, 3, c),
		    "Unknown code");
	assert_string_equal(pkt_icmp_code_name(false, 3, 16),
	    "Unknown code");
	for (c = 0; c <= 7; c++)
		assert_string_not_equal(pkt_icmp_code_name(true, 1, c),
		    "Unknown code");
	assert_string_equal(pkt_icmp_code_name(true, 1, 8), "Unknown code");
	assert_string_equal(pkt_icmp_code_name(false, 11, 0),
	    "TTL exceeded in transit");
	assert_string_equal(pkt_icmp_code_name(true, 3, 0),
	    "Hop limit exceeded in transit");
	assert_string_equal(pkt_icmp_type_name(true, 2), "Packet too big");
	assert_string_equal(pkt_icmp_type_name(true, 200), "Unknown type");
	assert_non_null(pkt_icmp_code_name(true, 250, 9));

	assert_string_equal(pkt_tcp_flags_str(PKT_TCP_SYN | PKT_TCP_ACK, buf),
	    "SYN,ACK");
	assert_string_equal(pkt_tcp_flags_str(0, buf), "none");
	assert_string_equal(pkt_tcp_flags_str(0xff, buf),
	    "FIN,SYN,RST,PSH,ACK,URG,ECE,CWR");

	assert_true(pkt_dlt_supported(PKT_DLT_EN10MB));
	assert_true(pkt_dlt_supported(PKT_DLT_LINUX_SLL2));
	assert_true(pkt_dlt_supported(PKT_DLT_LINKTYPE_RAW));
	assert_false(pkt_dlt_supported(105));
	assert_string_equal(pkt_dlt_name(PKT_DLT_LINUX_SLL), "LINUX_SLL");
	assert_string_equal(pkt_dlt_name(105), "IEEE802_11");
	assert_string_equal(pkt_dlt_name(239), "NFLOG");
	assert_string_equal(pkt_dlt_name(4242), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_truncation_sweep),
		cmocka_unit_test(test_payload_cut),
		cmocka_unit_test(test_random_frames),
		cmocka_unit_test(test_vs_tshark),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
