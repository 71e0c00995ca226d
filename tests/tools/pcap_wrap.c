/*
 * pcap_wrap: rewrites an Ethernet capture as if it had been taken on
 * another kind of link, or through a mirror session or a provider tap,
 * for the encapsulation tests (tests/integration/test_pcap_encap.sh).
 * Every frame of the input becomes one frame of the output, same time,
 * same bytes inside, written by the project's own pcap writer
 * (cap_writer_*); the headers added are built here from their
 * specifications, so that tshark, the reference decoder, can check them
 * independently of erwatch's decoder.
 *
 *	pcap_wrap KIND IN.pcap OUT.pcap
 *
 * Kinds that carry the whole Ethernet frame (tags included): gre-teb
 * (GRE 0x6558), erspan1, erspan2 (session 5), erspan3 (session 7, with
 * the platform subheader), vxlan (VNI 100), mpls-pw (label 400, control
 * word), juniper (link type 178 with an extension TLV).  Kinds that carry
 * the IP packet: gre (GRE key 7 over IPv4), gre6 (over IPv6), gre-mpls
 * (GRE 0x8847, label 500), mpls (Ethernet 0x8847, labels 16/299792), ppp
 * (link type 9), ppp-serial (50), chdlc (104), juniper-nol2 (178 with the
 * no-L2 flag).  For those, a frame that is not IP (ARP) stays an Ethernet
 * frame where the link is Ethernet, becomes a PPP LCP echo request or a
 * Cisco SLARP keepalive on a serial link, and a Juniper frame with its
 * Ethernet header otherwise, so frame numbers never move.
 *
 * Tunnel endpoints are 192.0.2.1 > 192.0.2.2 and 2001:db8:ffff::1 >
 * 2001:db8:ffff::2 (documentation ranges), never a BGP speaker.
 *
 * Formats: RFC 2784 and RFC 2890 (GRE), draft-foschiano-erspan (ERSPAN),
 * RFC 7348 (VXLAN), RFC 3032 (MPLS), RFC 4385 and RFC 4448 (pseudowire),
 * RFC 1661 and RFC 1662 (PPP), RFC 1547 4.3.1 (Cisco HDLC), the Juniper
 * "MGC" cookie (tcpdump print-juniper.c, Wireshark packet-juniper.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/cap_live.h"
#include "capture/capture.h"
#include "pkt/pkt.h"
#include "util/util.h"

#define WRAP_SNAPLEN	262144
#define WRAP_HDR_MAX	128

enum wrap_kind {
	W_GRE, W_GRE6, W_GRE_TEB, W_GRE_MPLS, W_ERSPAN1, W_ERSPAN2,
	W_ERSPAN3, W_VXLAN, W_MPLS, W_MPLS_PW, W_PPP, W_PPP_SERIAL, W_CHDLC,
	W_JUNIPER, W_JUNIPER_NOL2
};

static const struct {
	const char	*name;
	enum wrap_kind	 kind;
	int		 dlt;
	bool		 l2;		/* carries the Ethernet frame */
} kinds[] = {
	{ "gre",		W_GRE,		PKT_DLT_EN10MB,	false },
	{ "gre6",		W_GRE6,		PKT_DLT_EN10MB,	false },
	{ "gre-teb",		W_GRE_TEB,	PKT_DLT_EN10MB,	true },
	{ "gre-mpls",		W_GRE_MPLS,	PKT_DLT_EN10MB,	false },
	{ "erspan1",		W_ERSPAN1,	PKT_DLT_EN10MB,	true },
	{ "erspan2",		W_ERSPAN2,	PKT_DLT_EN10MB,	true },
	{ "erspan3",		W_ERSPAN3,	PKT_DLT_EN10MB,	true },
	{ "vxlan",		W_VXLAN,	PKT_DLT_EN10MB,	true },
	{ "mpls",		W_MPLS,		PKT_DLT_EN10MB,	false },
	{ "mpls-pw",		W_MPLS_PW,	PKT_DLT_EN10MB,	true },
	{ "ppp",		W_PPP,		PKT_DLT_PPP,	false },
	{ "ppp-serial",		W_PPP_SERIAL,	PKT_DLT_PPP_SERIAL, false },
	{ "chdlc",		W_CHDLC,	PKT_DLT_C_HDLC,	false },
	{ "juniper",		W_JUNIPER,	PKT_DLT_JUNIPER_ETHER, true },
	{ "juniper-nol2",	W_JUNIPER_NOL2,	PKT_DLT_JUNIPER_ETHER, false },
};

/* The header being built, in front of the carried bytes. */
struct hdr {
	uint8_t	b[WRAP_HDR_MAX];
	size_t	n;
};

static void
put8(struct hdr *h, unsigned v)
{
	h->b[h->n++] = (uint8_t)v;
}

static void
put16(struct hdr *h, unsigned v)
{
	put8(h, v >> 8);
	put8(h, v);
}

static void
put32(struct hdr *h, uint32_t v)
{
	put16(h, v >> 16);
	put16(h, v & 0xffff);
}

static void
putb(struct hdr *h, const void *p, size_t n)
{
	memcpy(h->b + h->n, p, n);
	h->n += n;
}

static void
eth(struct hdr *h, unsigned type)
{
	static const uint8_t dst[6] = { 2, 0, 0, 0, 0x99, 2 };
	static const uint8_t src[6] = { 2, 0, 0, 0, 0x99, 1 };

	putb(h, dst, 6);
	putb(h, src, 6);
	put16(h, type);
}

/* RFC 791 header checksum over the 20 bytes at p. */
static uint16_t
ip4_sum(const uint8_t *p)
{
	uint32_t s = 0;
	int i;

	for (i = 0; i < 20; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Outer IPv4 (or IPv6) header; rest is what follows it on the wire. */
static int
ip_outer(struct hdr *h, bool v6, uint8_t proto, uint32_t rest)
{
	static const uint8_t s6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff,
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t d6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff,
	    0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
	size_t at = h->n;
	uint16_t sum;

	if (v6) {
		if (rest > 65535)
			return -1;
		put32(h, 0x60000000);
		put16(h, rest);
		put8(h, proto);
		put8(h, 64);
		putb(h, s6, 16);
		putb(h, d6, 16);
		return 0;
	}
	if (rest + 20 > 65535)
		return -1;
	put8(h, 0x45);
	put8(h, 0);
	put16(h, rest + 20);
	put16(h, 0);
	put16(h, 0x4000);		/* DF */
	put8(h, 64);
	put8(h, proto);
	put16(h, 0);
	put32(h, 0xc0000201);		/* 192.0.2.1 */
	put32(h, 0xc0000202);		/* 192.0.2.2 */
	sum = ip4_sum(h->b + at);
	h->b[at + 10] = (uint8_t)(sum >> 8);
	h->b[at + 11] = (uint8_t)sum;
	return 0;
}

/*
 * The header for one frame.  l3 is the offset of the IP packet in the
 * frame (0 when the frame is not IP), l3type its ethertype; carried the
 * length on the wire of what follows the header.  Returns 0, or -1 when
 * the frame cannot be carried (too long for an outer IPv4 header).
 */
static int
build(struct hdr *h, enum wrap_kind k, uint16_t l3type, uint32_t carried,
    uint64_t frame)
{
	const bool v6in = l3type == 0x86dd;

	h->n = 0;
	switch (k) {
	case W_GRE:
	case W_GRE6:
		eth(h, k == W_GRE6 ? 0x86dd : 0x0800);
		if (ip_outer(h, k == W_GRE6, 47, carried + 8) == -1)
			return -1;
		put16(h, 0x2000);	/* K */
		put16(h, l3type);
		put32(h, 7);
		return 0;
	case W_GRE_TEB:
		eth(h, 0x0800);
		if (ip_outer(h, false, 47, carried + 4) == -1)
			return -1;
		put16(h, 0);
		put16(h, 0x6558);
		return 0;
	case W_GRE_MPLS:
		eth(h, 0x0800);
		if (ip_outer(h, false, 47, carried + 8) == -1)
			return -1;
		put16(h, 0);
		put16(h, 0x8847);
		put32(h, 500u << 12 | 0x100 | 64);
		return 0;
	case W_ERSPAN1:
		eth(h, 0x0800);
		if (ip_outer(h, false, 47, carried + 4) == -1)
			return -1;
		put16(h, 0);
		put16(h, 0x88be);
		return 0;
	case W_ERSPAN2:
		eth(h, 0x0800);
		if (ip_outer(h, false, 47, carried + 16) == -1)
			return -1;
		put16(h, 0x1000);	/* S */
		put16(h, 0x88be);
		put32(h, (uint32_t)frame);
		put16(h, 0x1000);	/* version 1, VLAN 0 */
		put16(h, 0x1800 | 5);	/* En 3: tags kept in the frame */
		put32(h, 0);
		return 0;
	case W_ERSPAN3:
		eth(h, 0x0800);
		if (ip_outer(h, false, 47, carried + 28) == -1)
			return -1;
		put16(h, 0x1000);
		put16(h, 0x22eb);
		put32(h, (uint32_t)frame);
		put16(h, 0x2000);	/* version 2, VLAN 0 */
		put16(h, 7);		/* session 7 */
		put32(h, (uint32_t)frame * 1000);	/* timestamp */
		put16(h, 0);		/* SGT */
		put16(h, 0x0001);	/* frame type Ethernet, O: subheader */
		put32(h, 0x08000000);	/* platform ID 1 */
		put32(h, 0);
		return 0;
	case W_VXLAN:
		eth(h, 0x0800);
		if (ip_outer(h, false, 17, carried + 16) == -1)
			return -1;
		put16(h, 49152 + (unsigned)(frame % 1024));
		put16(h, 4789);
		put16(h, carried + 16);
		put16(h, 0);		/* no checksum (RFC 7348 5) */
		put32(h, 0x08000000);	/* I */
		put32(h, 100u << 8);
		return 0;
	case W_MPLS:
		eth(h, 0x8847);
		put32(h, 16u << 12 | 64);
		put32(h, 299792u << 12 | 0x100 | 64);
		return 0;
	case W_MPLS_PW:
		eth(h, 0x8847);
		put32(h, 400u << 12 | 0x100 | 64);
		put32(h, 0);		/* control word */
		return 0;
	case W_PPP:
	case W_PPP_SERIAL:
		put8(h, 0xff);
		put8(h, 0x03);
		put16(h, v6in ? 0x0057 : 0x0021);
		return 0;
	case W_CHDLC:
		put8(h, 0x0f);
		put8(h, 0x00);
		put16(h, l3type);
		return 0;
	case W_JUNIPER:
	case W_JUNIPER_NOL2:
		putb(h, "MGC", 3);
		put8(h, 0x80 | 0x01 | (k == W_JUNIPER_NOL2 ? 0x02 : 0));
		put16(h, 6);
		put8(h, 1);		/* TLV: interface name */
		put8(h, 4);
		putb(h, "xe00", 4);
		if (k == W_JUNIPER_NOL2) {
			/* protocol code, little-endian: 2 IPv4, 6 IPv6 */
			put8(h, v6in ? 6 : 2);
			put8(h, 0);
			put8(h, 0);
			put8(h, 0);
		}
		return 0;
	}
	return -1;
}

/* A frame standing in for a non-IP frame on a link that cannot carry
 * Ethernet: PPP LCP echo request, Cisco SLARP keepalive. */
static size_t
placeholder(enum wrap_kind k, uint8_t *out)
{
	static const uint8_t lcp[] = { 0xff, 0x03, 0xc0, 0x21, 0x09, 0x01,
	    0x00, 0x08, 0x00, 0x00, 0x00, 0x00 };
	static const uint8_t slarp[] = { 0x8f, 0x00, 0x80, 0x35, 0, 0, 0, 2,
	    0, 0, 0, 1, 0, 0, 0, 0, 0xff, 0xff, 0, 0 };

	if (k == W_CHDLC) {
		memcpy(out, slarp, sizeof(slarp));
		return sizeof(slarp);
	}
	memcpy(out, lcp, sizeof(lcp));
	return sizeof(lcp);
}

static void
usage(void)
{
	size_t i;

	fprintf(stderr, "usage: pcap_wrap KIND IN.pcap OUT.pcap\nkinds:");
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		fprintf(stderr, " %s", kinds[i].name);
	fputc('\n', stderr);
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct cap_file *in = NULL;
	struct cap_writer *w = NULL;
	struct cap_record rec;
	struct err e;
	struct hdr h;
	struct rd r;
	uint8_t *buf;
	uint16_t type, tci;
	uint32_t l3, cap, wire, n;
	size_t i, ki;
	int rc;

	if (argc != 4)
		usage();
	for (ki = 0; ki < sizeof(kinds) / sizeof(kinds[0]); ki++)
		if (strcmp(kinds[ki].name, argv[1]) == 0)
			break;
	if (ki == sizeof(kinds) / sizeof(kinds[0]))
		usage();
	err_clear(&e);
	if (cap_open_file(argv[2], &in, &e) == -1 ||
	    cap_writer_open(argv[3], CAP_OUT_PCAP, kinds[ki].dlt,
	    WRAP_SNAPLEN, NULL, &w, &e) == -1) {
		fprintf(stderr, "pcap_wrap: %s\n", e.msg);
		cap_close(in);
		return 2;
	}
	if (cap_dlt(in) != PKT_DLT_EN10MB) {
		fprintf(stderr, "pcap_wrap: '%s' is not an Ethernet capture\n",
		    argv[2]);
		return 2;
	}
	if ((buf = malloc(WRAP_SNAPLEN + WRAP_HDR_MAX)) == NULL)
		return 3;
	while ((rc = cap_next(in, &rec, &e)) == 1) {
		/* Where the IP packet starts: after the MACs and the tags. */
		rd_init(&r, rec.data, rec.caplen);
		l3 = 0;
		if (rd_skip(&r, 12) == 0 && rd_be16(&r, &type) == 0) {
			while ((type == 0x8100 || type == 0x88a8 ||
			    type == 0x9100) && rd_be16(&r, &tci) == 0 &&
			    rd_be16(&r, &type) == 0)
				;
			if (type == 0x0800 || type == 0x86dd)
				l3 = (uint32_t)(rec.caplen - rd_left(&r));
		}
		if (kinds[ki].l2) {
			cap = rec.caplen;
			wire = rec.wirelen;
			i = 0;
		} else if (l3 > 0) {
			cap = rec.caplen - l3;
			wire = rec.wirelen - l3;
			i = l3;
		} else if (kinds[ki].dlt == PKT_DLT_EN10MB ||
		    kinds[ki].kind == W_JUNIPER_NOL2) {
			/* ARP on an Ethernet link passes as it is; a
			 * Juniper frame keeps its Ethernet header. */
			h.n = 0;
			if (kinds[ki].kind == W_JUNIPER_NOL2)
				build(&h, W_JUNIPER, 0, 0, rec.frame);
			memcpy(buf, h.b, h.n);
			memcpy(buf + h.n, rec.data, rec.caplen);
			if (cap_writer_write(w, rec.ts, (uint32_t)h.n +
			    rec.caplen, (uint32_t)h.n + rec.wirelen, buf,
			    &e) == -1)
				break;
			continue;
		} else {
			n = (uint32_t)placeholder(kinds[ki].kind, buf);
			if (cap_writer_write(w, rec.ts, n, n, buf, &e) == -1)
				break;
			continue;
		}
		if (build(&h, kinds[ki].kind, l3 > 0 ? type : 0, wire,
		    rec.frame) == -1) {
			fprintf(stderr, "pcap_wrap: frame %llu too long to "
			    "carry\n", (unsigned long long)rec.frame);
			rc = -1;
			break;
		}
		memcpy(buf, h.b, h.n);
		memcpy(buf + h.n, rec.data + i, cap);
		if (cap_writer_write(w, rec.ts, (uint32_t)h.n + cap,
		    (uint32_t)h.n + wire, buf, &e) == -1)
			break;
	}
	free(buf);
	cap_close(in);
	if (err_isset(&e) || rc == -1) {
		if (err_isset(&e))
			fprintf(stderr, "pcap_wrap: %s\n", e.msg);
		cap_writer_close(w, NULL);
		return 2;
	}
	if (cap_writer_close(w, &e) == -1) {
		fprintf(stderr, "pcap_wrap: %s\n", e.msg);
		return 2;
	}
	return 0;
}
