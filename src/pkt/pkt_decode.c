/*
 * pkt_decode(): one captured frame from the link layer down to TCP, UDP,
 * ICMP/ICMPv6 or ARP, every byte read through the bounds-checked cursor.
 * It runs on every frame of a capture, so it allocates nothing and clears
 * only the small part of struct pkt_info that says which layers are valid;
 * each layer fills its own fields completely when it is reached.
 *
 * Lengths: each layer decodes inside a child cursor bounded by what the
 * enclosing header says (IPv4 total length, IPv6 payload length), so
 * Ethernet padding never becomes TCP payload.  Running out of bytes is
 * PKT_TRUNCATED when the capture cut the region (caplen < its length on
 * the wire) and PKT_INVALID when the region was captured whole and a
 * header still does not fit: then the packet itself is wrong.
 *
 * Tunnels: a mirror session (GRE, ERSPAN, VXLAN) or a provider tap (MPLS)
 * wraps the link's frames.  Each tunnel header is read, recorded in
 * out->encap[] with the outer addresses, and decoding goes on with the
 * inner packet inside the same frame, its wire extent narrowed to the
 * outer IP payload (ctx.wire_end), so truncated and invalid stay apart at
 * every depth.  Depth is bounded by PKT_MAX_ENCAP, so hostile nesting
 * cannot recurse far.
 *
 * References: IEEE 802.1Q (tags, 802.1ad S-tag), pcap-linktype(7) and
 * the LINKTYPE_LINUX_SLL/SLL2 pages, RFC 791 (IPv4), RFC 8200 (IPv6 and
 * its extension headers), RFC 4302 (AH), RFC 9293 (TCP), RFC 7323
 * (window scale, timestamps), RFC 2018 (SACK), RFC 2385 (TCP MD5),
 * RFC 5925 (TCP-AO), RFC 768 (UDP), RFC 792 and RFC 1191 (ICMP, next-hop
 * MTU), RFC 4443 (ICMPv6), RFC 826 (ARP); RFC 1661 and RFC 1662 (PPP,
 * HDLC-like framing), RFC 1547 4.3.1 and pcap-linktype(7) LINKTYPE_C_HDLC
 * (Cisco HDLC), the Juniper "MGC" cookie as tcpdump's print-juniper.c and
 * Wireshark's packet-juniper.c read it (magic, flags, extension TLVs,
 * no-L2 flag), RFC 2784 and RFC 2890 (GRE, key, sequence), RFC 1701 (the
 * routing bit, refused), draft-foschiano-erspan (ERSPAN I, II, III and the
 * platform subheader), RFC 7348 (VXLAN), RFC 3032 (MPLS label stack),
 * RFC 4385 (pseudowire control word), RFC 4448 (Ethernet over MPLS).
 */
#include <string.h>

#include "pkt.h"
#include "util/util.h"

/* Ethertypes. */
#define ETH_IPV4	0x0800
#define ETH_ARP		0x0806
#define ETH_8021Q	0x8100
#define ETH_IPV6	0x86dd
#define ETH_8021AD	0x88a8
#define ETH_QINQ_OLD	0x9100
#define ETH_MPLS	0x8847
#define ETH_MPLS_MC	0x8848
#define ETH_TEB		0x6558	/* GRE: transparent Ethernet bridging */
#define ETH_ERSPAN12	0x88be	/* GRE: ERSPAN type I and II */
#define ETH_ERSPAN3	0x22eb	/* GRE: ERSPAN type III */
#define ETH_MIN_TYPE	0x0600	/* below: an 802.3 length field */

/* IP protocol numbers / IPv6 next headers. */
#define IPP_HOPOPTS	0
#define IPP_ICMP	1
#define IPP_TCP		6
#define IPP_UDP		17
#define IPP_GRE		47
#define IPP_ROUTING	43
#define IPP_FRAGMENT	44
#define IPP_AH		51
#define IPP_ICMPV6	58
#define IPP_NONE	59
#define IPP_DSTOPTS	60

/* BSD address families seen in DLT_NULL/DLT_LOOP headers. */
#define BSD_AF_INET		2
#define BSD_AF_INET6_BSD	24	/* NetBSD, OpenBSD, BSD/OS */
#define BSD_AF_INET6_FREEBSD	28	/* FreeBSD, DragonFly */
#define BSD_AF_INET6_DARWIN	30	/* macOS */
#define LINUX_AF_INET6		10

#define ARPHRD_NETLINK	824	/* SLL: protocol is a netlink family */

#define VXLAN_PORT	4789	/* RFC 7348 5: IANA-assigned */
#define VXLAN_FLAG_I	0x08	/* the VNI is valid */

/* PPP protocol numbers (RFC 1661, IANA PPP DLL protocol numbers). */
#define PPP_IPV4	0x0021
#define PPP_IPV6	0x0057
#define PPP_MPLS	0x0281
#define PPP_MPLS_MC	0x0283
#define PPP_ADDR	0xff	/* RFC 1662 3.1 all-stations address */
#define PPP_CTRL	0x03	/* unnumbered information */

/* Cisco HDLC addresses (RFC 1547 4.3.1). */
#define CHDLC_UNICAST	0x0f
#define CHDLC_BCAST	0x8f

/* Juniper cookie (print-juniper.c, packet-juniper.c). */
#define JUNIPER_MAGIC	0x4d4743	/* "MGC" */
#define JUNIPER_NO_L2	0x02	/* the link-layer header was stripped */
#define JUNIPER_EXT	0x80	/* extension TLVs follow, length first */

/* GRE flags and version (RFC 2784 2.1, RFC 2890 2). */
#define GRE_C		0x8000	/* checksum and reserved1 present */
#define GRE_R		0x4000	/* RFC 1701 routing present */
#define GRE_K		0x2000	/* key present */
#define GRE_S		0x1000	/* sequence number present */
#define GRE_VERSION	0x0007

/* ERSPAN III: frame type 0 Ethernet, 2 IP; O bit: platform subheader. */
#define ERSPAN3_FT_ETH	0
#define ERSPAN3_FT_IP	2
#define ERSPAN3_O	0x0001

/*
 * The frame being decoded.  Each layer compares what is captured from its
 * start (rd_left) with what the wire carried (pkt_wire_left) to learn
 * whether the capture cut it ("cut"): a header that does not fit is then
 * "truncated", otherwise "invalid".
 */
struct pkt_ctx {
	struct pkt_info	*out;
	const uint8_t	*frame;
	uint32_t	 wirelen;	/* >= caplen */
	uint32_t	 wire_end;	/* where the region being decoded ends
					   on the wire: wirelen, or the end of
					   the payload of the innermost tunnel's
					   outer IP header */
};

static enum pkt_status
pkt_stop(struct pkt_info *out, enum pkt_status st, const char *why)
{
	out->status = st;
	out->why = why;
	return st;
}

static enum pkt_status
pkt_short(struct pkt_info *out, bool cut, const char *why)
{
	return pkt_stop(out, cut ? PKT_TRUNCATED : PKT_INVALID, why);
}

/* Offset of the cursor in the frame. */
static inline uint32_t
pkt_off(const struct pkt_ctx *c, const struct rd *r)
{
	return (uint32_t)(r->p - c->frame);
}

/* Bytes the wire carried from the cursor to the end of the region. */
static inline uint32_t
pkt_wire_left(const struct pkt_ctx *c, const struct rd *r)
{
	uint32_t off = pkt_off(c, r);

	return c->wire_end > off ? c->wire_end - off : 0;
}

/* Was the region from the cursor on cut by the capture? */
static inline bool
pkt_cut(const struct pkt_ctx *c, const struct rd *r)
{
	return rd_left(r) < pkt_wire_left(c, r);
}

static enum pkt_status pkt_ipv4(struct pkt_ctx *, struct rd *);
static enum pkt_status pkt_ipv6(struct pkt_ctx *, struct rd *);
static enum pkt_status pkt_ether(struct pkt_ctx *, struct rd *);
static enum pkt_status pkt_ethertype(struct pkt_ctx *, struct rd *,
	    uint16_t);
static enum pkt_status pkt_raw(struct pkt_ctx *, struct rd *, int);

/* ------------------------------------------------------------------ */
/* Transport                                                           */
/* ------------------------------------------------------------------ */

/*
 * TCP options (RFC 9293 section 3.2).  A length that lies marks the set
 * malformed and ends the walk; the header itself stays decoded.
 */
static void
pkt_tcp_options(struct rd *r, struct pkt_tcp_opts *o)
{
	uint8_t kind, len, i;
	struct rd v;

	while (rd_u8(r, &kind) == 0) {
		if (kind == 0)			/* EOL */
			break;
		if (kind == 1)			/* NOP */
			continue;
		if (rd_u8(r, &len) == -1 || len < 2 ||
		    rd_sub(r, (size_t)len - 2, &v) == -1) {
			o->malformed = true;
			break;
		}
		switch (kind) {
		case 2:				/* MSS */
			if (len != 4 || rd_be16(&v, &o->mss) == -1)
				o->malformed = true;
			else
				o->has_mss = true;
			break;
		case 3:				/* window scale, RFC 7323 */
			if (len != 3 || rd_u8(&v, &o->wscale) == -1)
				o->malformed = true;
			else
				o->has_wscale = true;
			break;
		case 4:				/* SACK permitted, RFC 2018 */
			if (len != 2)
				o->malformed = true;
			else
				o->sack_permitted = true;
			break;
		case 5:				/* SACK, RFC 2018 */
			if (len < 10 || (len - 2) % 8 != 0 || len > 34) {
				o->malformed = true;
				break;
			}
			for (i = 0; i < (len - 2) / 8; i++) {
				rd_be32(&v, &o->sack[i][0]);
				rd_be32(&v, &o->sack[i][1]);
			}
			o->nsack = i;
			break;
		case 8:				/* timestamps, RFC 7323 */
			if (len != 10 || rd_be32(&v, &o->tsval) == -1 ||
			    rd_be32(&v, &o->tsecr) == -1)
				o->malformed = true;
			else
				o->has_ts = true;
			break;
		case 19:			/* MD5 signature, RFC 2385 */
			o->md5 = true;
			if (len != 18)
				o->malformed = true;
			break;
		case 29:			/* TCP-AO, RFC 5925 */
			o->ao = true;
			if (len < 4)
				o->malformed = true;
			break;
		default:			/* skipped by its length */
			break;
		}
	}
}

/* r covers the IP payload (bounded by the IP length); cut as for it;
 * wire_len is the payload length the IP header claims. */
static enum pkt_status
pkt_tcp(struct pkt_info *out, struct rd *r, bool cut, uint32_t wire_len)
{
	struct pkt_tcp *t = &out->tcp;
	uint8_t doff_res, flags;
	struct rd opts;

	out->tr = PKT_TR_TCP;
	memset(t, 0, sizeof(*t));
	if (rd_be16(r, &t->sport) == -1 || rd_be16(r, &t->dport) == -1 ||
	    rd_be32(r, &t->seq) == -1 || rd_be32(r, &t->ack) == -1 ||
	    rd_u8(r, &doff_res) == -1 || rd_u8(r, &flags) == -1 ||
	    rd_be16(r, &t->window) == -1 || rd_skip(r, 4) == -1)
		return pkt_short(out, cut, "tcp header");
	t->flags = flags;
	t->doff = (uint8_t)((doff_res >> 4) * 4);
	if (t->doff < 20)
		return pkt_stop(out, PKT_INVALID, "tcp header length");
	if (rd_sub(r, (size_t)t->doff - 20, &opts) == -1)
		return pkt_short(out, cut, "tcp options");
	pkt_tcp_options(&opts, &t->opt);
	t->payload = r->p;
	t->payload_caplen = (uint32_t)rd_left(r);
	t->payload_len = wire_len > t->doff ? wire_len - t->doff : 0;
	return PKT_OK;
}

/* ------------------------------------------------------------------ */
/* Tunnels                                                             */
/* ------------------------------------------------------------------ */

/*
 * Record one more encapsulation, with the outer IP addresses when ip is
 * set (the IP header just decoded is the tunnel's), and start the inner
 * packet: nothing below the tunnel is decoded yet.  NULL when the stack
 * is full: hostile nesting must not recurse without bound.
 */
static struct pkt_encap *
pkt_encap_push(struct pkt_ctx *c, enum pkt_encap_type type, bool ip)
{
	struct pkt_info *out = c->out;
	struct pkt_encap *en;

	if (out->nencap == PKT_MAX_ENCAP)
		return NULL;
	en = &out->encap[out->nencap++];
	memset(en, 0, sizeof(*en));
	en->type = type;
	if (ip) {
		en->has_addr = true;
		en->src = out->ip.src;
		en->dst = out->ip.dst;
	}
	out->net = PKT_NET_NONE;
	out->tr = PKT_TR_NONE;
	return en;
}

static enum pkt_status
pkt_too_deep(struct pkt_info *out)
{
	return pkt_stop(out, PKT_UNSUPPORTED, "tunnels nested too deep");
}

/*
 * RFC 3032 label stack up to the bottom-of-stack bit.  What follows has
 * no type field; the first nibble decides, as routers and Wireshark do:
 * 4 IPv4, 6 IPv6, 0 the RFC 4385 pseudowire control word and then an
 * Ethernet frame (RFC 4448).  An Ethernet pseudowire without a control
 * word cannot be told from IP by its first byte (a MAC address may start
 * with 4 or 6): it is decoded as IP and usually comes out invalid.
 */
static enum pkt_status
pkt_mpls(struct pkt_ctx *c, struct rd *r)
{
	struct pkt_info *out = c->out;
	struct pkt_encap *en;
	uint32_t lse;
	uint8_t v;

	if ((en = pkt_encap_push(c, PKT_ENC_MPLS, false)) == NULL)
		return pkt_too_deep(out);
	do {
		if (en->nlabels == PKT_MAX_LABELS)
			return pkt_stop(out, PKT_UNSUPPORTED,
			    "mpls label stack too deep");
		if (rd_be32(r, &lse) == -1)
			return pkt_short(out, pkt_cut(c, r),
			    "mpls label stack");
		en->label[en->nlabels++] = lse >> 12;
	} while ((lse & 0x100) == 0);
	if (rd_peek_u8(r, &v) == -1)
		return pkt_short(out, pkt_cut(c, r), "mpls payload");
	switch (v >> 4) {
	case 4:
		out->ethertype = ETH_IPV4;
		return pkt_ipv4(c, r);
	case 6:
		out->ethertype = ETH_IPV6;
		return pkt_ipv6(c, r);
	case 0:
		if (rd_skip(r, 4) == -1)
			return pkt_short(out, pkt_cut(c, r),
			    "mpls pseudowire control word");
		en->pw_cw = true;
		return pkt_ether(c, r);
	default:			/* G-ACh (1), others */
		out->net = PKT_NET_OTHER;
		return PKT_OK;
	}
}

/* ERSPAN type II (draft-foschiano-erspan 4.2): 8 bytes, then Ethernet. */
static enum pkt_status
pkt_erspan2(struct pkt_ctx *c, struct rd *r, struct pkt_encap *en)
{
	uint16_t verv, sess;

	if (rd_be16(r, &verv) == -1 || rd_be16(r, &sess) == -1 ||
	    rd_skip(r, 4) == -1)
		return pkt_short(c->out, pkt_cut(c, r), "erspan ii header");
	if ((verv >> 12) != 1)
		return pkt_stop(c->out, PKT_INVALID, "erspan ii version");
	en->vlan = verv & 0x0fff;
	en->has_id = true;
	en->id = sess & 0x03ff;
	return pkt_ether(c, r);
}

/*
 * ERSPAN type III (draft-foschiano-erspan 4.3): 12 bytes, 8 more when the
 * O bit announces the platform-specific subheader; the frame type says
 * whether an Ethernet frame or an IP packet follows.
 */
static enum pkt_status
pkt_erspan3(struct pkt_ctx *c, struct rd *r, struct pkt_encap *en)
{
	uint16_t verv, sess, last;
	uint8_t ft;

	if (rd_be16(r, &verv) == -1 || rd_be16(r, &sess) == -1 ||
	    rd_skip(r, 6) == -1 || rd_be16(r, &last) == -1)
		return pkt_short(c->out, pkt_cut(c, r), "erspan iii header");
	if ((verv >> 12) != 2)
		return pkt_stop(c->out, PKT_INVALID, "erspan iii version");
	en->vlan = verv & 0x0fff;
	en->has_id = true;
	en->id = sess & 0x03ff;
	if ((last & ERSPAN3_O) != 0 && rd_skip(r, 8) == -1)
		return pkt_short(c->out, pkt_cut(c, r),
		    "erspan iii platform subheader");
	ft = (uint8_t)((last >> 10) & 0x1f);
	if (ft == ERSPAN3_FT_ETH)
		return pkt_ether(c, r);
	if (ft == ERSPAN3_FT_IP)
		return pkt_raw(c, r, 0);
	c->out->net = PKT_NET_OTHER;
	return PKT_OK;
}

/*
 * GRE (RFC 2784, key and sequence number of RFC 2890).  What erwatch does
 * not take apart (version 1, PPTP's; the RFC 1701 routing bit; a payload
 * other than IP, Ethernet, ERSPAN or MPLS) stays the outer IP packet.
 */
static enum pkt_status
pkt_gre(struct pkt_ctx *c, struct rd *r)
{
	struct pkt_info *out = c->out;
	enum pkt_encap_type type;
	struct pkt_encap *en;
	uint16_t fl, proto;
	uint32_t key = 0;

	if (rd_be16(r, &fl) == -1 || rd_be16(r, &proto) == -1 ||
	    ((fl & GRE_C) != 0 && rd_skip(r, 4) == -1) ||
	    ((fl & GRE_K) != 0 && rd_be32(r, &key) == -1) ||
	    ((fl & GRE_S) != 0 && rd_skip(r, 4) == -1))
		return pkt_short(out, pkt_cut(c, r), "gre header");
	if ((fl & (GRE_VERSION | GRE_R)) != 0)
		goto other;
	switch (proto) {
	case ETH_IPV4:
	case ETH_IPV6:
	case ETH_TEB:
	case ETH_MPLS:
	case ETH_MPLS_MC:
		type = PKT_ENC_GRE;
		break;
	case ETH_ERSPAN12:
		/* Type I has no header and no sequence number; type II
		 * always sets S. */
		type = (fl & GRE_S) != 0 ? PKT_ENC_ERSPAN2 : PKT_ENC_ERSPAN1;
		break;
	case ETH_ERSPAN3:
		type = PKT_ENC_ERSPAN3;
		break;
	default:
		goto other;
	}
	if ((en = pkt_encap_push(c, type, true)) == NULL)
		return pkt_too_deep(out);
	if ((fl & GRE_K) != 0) {
		en->has_id = true;
		en->id = key;
	}
	switch (type) {
	case PKT_ENC_ERSPAN1:
		return pkt_ether(c, r);
	case PKT_ENC_ERSPAN2:
		return pkt_erspan2(c, r, en);
	case PKT_ENC_ERSPAN3:
		return pkt_erspan3(c, r, en);
	default:
		break;
	}
	if (proto == ETH_TEB)
		return pkt_ether(c, r);
	return pkt_ethertype(c, r, proto);
other:
	out->tr = PKT_TR_OTHER;
	return PKT_OK;
}

/*
 * VXLAN (RFC 7348 5): 8 bytes, the I flag says the VNI is valid, then an
 * Ethernet frame.  A datagram to the port that does not look like it
 * stays UDP.
 */
static enum pkt_status
pkt_vxlan(struct pkt_ctx *c, struct rd *r)
{
	struct pkt_encap *en;
	struct rd h = *r;
	uint8_t flags;
	uint32_t vni;

	if (rd_u8(&h, &flags) == -1 || rd_skip(&h, 3) == -1 ||
	    rd_be32(&h, &vni) == -1) {
		if (pkt_cut(c, r))
			return pkt_stop(c->out, PKT_TRUNCATED,
			    "vxlan header");
		return PKT_OK;
	}
	if ((flags & VXLAN_FLAG_I) == 0)
		return PKT_OK;
	*r = h;
	if ((en = pkt_encap_push(c, PKT_ENC_VXLAN, true)) == NULL)
		return pkt_too_deep(c->out);
	en->has_id = true;
	en->id = vni >> 8;
	return pkt_ether(c, r);
}

static enum pkt_status
pkt_udp(struct pkt_ctx *c, struct rd *r, bool cut)
{
	struct pkt_info *out = c->out;
	struct pkt_udp *u = &out->udp;

	out->tr = PKT_TR_UDP;
	if (rd_be16(r, &u->sport) == -1 || rd_be16(r, &u->dport) == -1 ||
	    rd_be16(r, &u->len) == -1 || rd_skip(r, 2) == -1)
		return pkt_short(out, cut, "udp header");
	if (u->dport == VXLAN_PORT)
		return pkt_vxlan(c, r);
	return PKT_OK;
}

/*
 * IPv6 extension headers after the fixed header, *nh in and out.  Stops
 * at the first header that is not an extension, or after a fragment
 * header with a non-zero offset (*later: no transport header follows).
 * Returns 0, or -1 with *why when the bytes ran out.
 */
static int
pkt_ip6_ext(struct rd *r, uint8_t *nh, struct pkt_ip *ip, bool *later,
    const char **why)
{
	uint8_t next, len;
	uint16_t offflags;
	uint32_t id;

	*later = false;
	for (;;) {
		switch (*nh) {
		case IPP_HOPOPTS:
		case IPP_ROUTING:
		case IPP_DSTOPTS:
			/* RFC 8200 4.3-4.6: length in 8-octet units, not
			 * counting the first 8. */
			if (rd_u8(r, &next) == -1 || rd_u8(r, &len) == -1 ||
			    rd_skip(r, (size_t)len * 8 + 6) == -1) {
				*why = "ipv6 extension header";
				return -1;
			}
			ip->hdr_len += (uint32_t)len * 8 + 8;
			break;
		case IPP_AH:
			/* RFC 4302 2.2: length in 4-octet units minus 2. */
			if (rd_u8(r, &next) == -1 || rd_u8(r, &len) == -1 ||
			    rd_skip(r, ((size_t)len + 2) * 4 - 2) == -1) {
				*why = "ipv6 authentication header";
				return -1;
			}
			ip->hdr_len += ((uint32_t)len + 2) * 4;
			break;
		case IPP_FRAGMENT:
			/* RFC 8200 4.5 */
			if (rd_u8(r, &next) == -1 || rd_skip(r, 1) == -1 ||
			    rd_be16(r, &offflags) == -1 ||
			    rd_be32(r, &id) == -1) {
				*why = "ipv6 fragment header";
				return -1;
			}
			ip->hdr_len += 8;
			ip->is_fragment = true;
			ip->frag_offset = offflags >> 3;
			ip->mf = (offflags & 1) != 0;
			ip->frag_id = id;
			*later = ip->frag_offset != 0;
			break;
		default:
			return 0;
		}
		*nh = next;
		if (*later)
			return 0;
	}
}

/*
 * The packet an ICMP error quotes (RFC 792: IP header + 8 octets; RFC 4443:
 * as much as fits).  Routers may quote less than asked for; only a quote
 * the capture cut makes the frame "truncated".
 */
static enum pkt_status
pkt_icmp_quote(struct pkt_info *out, struct rd *r, bool cut, bool v6)
{
	struct pkt_icmp *ic = &out->icmp;
	uint8_t b[16], vihl, proto, ver, hl;
	uint16_t fragoff;
	struct pkt_ip qip;
	const char *why;
	struct rd q;
	bool later = false;

	if (rd_peek_u8(r, &ver) == -1)
		return cut ? pkt_stop(out, PKT_TRUNCATED, "icmp quote") :
		    PKT_OK;
	if (!v6) {
		if (rd_u8(r, &vihl) == -1 || (vihl >> 4) != 4 ||
		    (vihl & 0x0f) < 5)
			return PKT_OK;		/* not an IPv4 quote */
		hl = (uint8_t)((vihl & 0x0f) * 4);
		if (rd_skip(r, 5) == -1 || rd_be16(r, &fragoff) == -1 ||
		    rd_skip(r, 1) == -1 || rd_u8(r, &proto) == -1 ||
		    rd_skip(r, 2) == -1 || rd_bytes(r, b, 4) == -1)
			return cut ? pkt_stop(out, PKT_TRUNCATED,
			    "icmp quoted ipv4 header") : PKT_OK;
		net_addr_from4(&ic->q_src, b);
		if (rd_bytes(r, b, 4) == -1 || rd_skip(r, hl - 20u) == -1)
			return cut ? pkt_stop(out, PKT_TRUNCATED,
			    "icmp quoted ipv4 header") : PKT_OK;
		net_addr_from4(&ic->q_dst, b);
		later = (fragoff & 0x1fff) != 0;
	} else {
		if ((ver >> 4) != 6)
			return PKT_OK;		/* not an IPv6 quote */
		if (rd_skip(r, 6) == -1 || rd_u8(r, &proto) == -1 ||
		    rd_skip(r, 1) == -1 || rd_bytes(r, b, 16) == -1)
			return cut ? pkt_stop(out, PKT_TRUNCATED,
			    "icmp quoted ipv6 header") : PKT_OK;
		net_addr_from6(&ic->q_src, b);
		if (rd_bytes(r, b, 16) == -1)
			return cut ? pkt_stop(out, PKT_TRUNCATED,
			    "icmp quoted ipv6 header") : PKT_OK;
		net_addr_from6(&ic->q_dst, b);
		memset(&qip, 0, sizeof(qip));
		if (pkt_ip6_ext(r, &proto, &qip, &later, &why) == -1) {
			/* Addresses are known, the header chain is not. */
			ic->has_quote = true;
			ic->q_proto = proto;
			return cut ? pkt_stop(out, PKT_TRUNCATED,
			    "icmp quoted ipv6 extension header") : PKT_OK;
		}
	}
	ic->has_quote = true;
	ic->q_proto = proto;
	if (later || (proto != IPP_TCP && proto != IPP_UDP &&
	    proto != 132 /* SCTP */))
		return PKT_OK;
	/* First 8 octets of the quoted transport header; a router that
	 * quoted fewer still gives the ports when 4 are there. */
	if (rd_sub(r, 8, &q) == -1) {
		if (cut)
			return pkt_stop(out, PKT_TRUNCATED,
			    "icmp quoted transport header");
		q = *r;
		if (rd_left(&q) < 4)
			return PKT_OK;
	}
	rd_be16(&q, &ic->q_sport);
	rd_be16(&q, &ic->q_dport);
	ic->q_has_ports = true;
	if (proto == IPP_TCP && rd_be32(&q, &ic->q_seq) == 0)
		ic->q_has_seq = true;
	return PKT_OK;
}

static enum pkt_status
pkt_icmp(struct pkt_info *out, struct rd *r, bool cut, bool v6)
{
	struct pkt_icmp *ic = &out->icmp;
	uint16_t w1, w2;
	uint32_t mtu;

	out->tr = v6 ? PKT_TR_ICMP6 : PKT_TR_ICMP;
	memset(ic, 0, sizeof(*ic));
	if (rd_u8(r, &ic->type) == -1 || rd_u8(r, &ic->code) == -1 ||
	    rd_skip(r, 2) == -1 || rd_be16(r, &w1) == -1 ||
	    rd_be16(r, &w2) == -1)
		return pkt_short(out, cut, v6 ? "icmpv6 header" :
		    "icmp header");
	mtu = (uint32_t)w1 << 16 | w2;
	if (!v6) {
		switch (ic->type) {
		case 0:				/* echo reply */
		case 8:				/* echo request */
			ic->id = w1;
			ic->seq = w2;
			return PKT_OK;
		case 3:				/* destination unreachable */
			if (ic->code == 4)	/* RFC 1191 next-hop MTU */
				ic->mtu = w2;
			/* FALLTHROUGH */
		case 4:				/* source quench */
		case 5:				/* redirect */
		case 11:			/* time exceeded */
		case 12:			/* parameter problem */
			ic->is_error = true;
			return pkt_icmp_quote(out, r, cut, false);
		default:
			return PKT_OK;
		}
	}
	switch (ic->type) {
	case 128:				/* echo request */
	case 129:				/* echo reply */
		ic->id = w1;
		ic->seq = w2;
		return PKT_OK;
	case 2:					/* packet too big */
		ic->mtu = mtu;
		/* FALLTHROUGH */
	case 1:					/* destination unreachable */
	case 3:					/* time exceeded */
	case 4:					/* parameter problem */
		ic->is_error = true;
		return pkt_icmp_quote(out, r, cut, true);
	default:				/* NDP, MLD: not decoded */
		return PKT_OK;
	}
}

/*
 * Dispatch on the upper-layer protocol; r bounded by the IP length,
 * wire_len the payload length the IP header claims.  From here on the
 * region ends where that payload ends on the wire, which is what a
 * tunnel's inner packet is measured against.
 */
static enum pkt_status
pkt_transport(struct pkt_ctx *c, struct rd *r, bool cut, uint8_t proto,
    uint32_t wire_len)
{
	struct pkt_info *out = c->out;
	uint32_t off = pkt_off(c, r);

	if (off + (uint64_t)wire_len < c->wire_end)
		c->wire_end = off + wire_len;
	switch (proto) {
	case IPP_TCP:
		return pkt_tcp(out, r, cut, wire_len);
	case IPP_UDP:
		return pkt_udp(c, r, cut);
	case IPP_GRE:
		return pkt_gre(c, r);
	case IPP_ICMP:
		if (out->net != PKT_NET_IPV4)
			break;
		return pkt_icmp(out, r, cut, false);
	case IPP_ICMPV6:
		if (out->net != PKT_NET_IPV6)
			break;
		return pkt_icmp(out, r, cut, true);
	case IPP_NONE:
		return PKT_OK;
	default:
		break;
	}
	out->tr = PKT_TR_OTHER;
	return PKT_OK;
}

/* ------------------------------------------------------------------ */
/* Network                                                             */
/* ------------------------------------------------------------------ */

static enum pkt_status
pkt_ipv4(struct pkt_ctx *c, struct rd *r)
{
	struct pkt_info *out = c->out;
	struct pkt_ip *ip = &out->ip;
	uint8_t vihl, ttl, proto, a[4];
	uint16_t tlen16, id, fragoff;
	uint32_t wire, hl, tlen;
	struct rd body;
	bool cut;

	out->net = PKT_NET_IPV4;
	wire = pkt_wire_left(c, r);
	cut = rd_left(r) < wire;
	if (rd_u8(r, &vihl) == -1)
		return pkt_short(out, cut, "ipv4 header");
	memset(ip, 0, sizeof(*ip));
	ip->version = vihl >> 4;
	if (ip->version != 4)
		return pkt_stop(out, PKT_INVALID, "ipv4 version");
	hl = (uint32_t)(vihl & 0x0f) * 4;
	if (hl < 20)
		return pkt_stop(out, PKT_INVALID, "ipv4 header length");
	if (rd_skip(r, 1) == -1 || rd_be16(r, &tlen16) == -1 ||
	    rd_be16(r, &id) == -1 || rd_be16(r, &fragoff) == -1 ||
	    rd_u8(r, &ttl) == -1 || rd_u8(r, &proto) == -1 ||
	    rd_skip(r, 2) == -1 || rd_bytes(r, a, 4) == -1)
		return pkt_short(out, cut, "ipv4 header");
	net_addr_from4(&ip->src, a);
	if (rd_bytes(r, a, 4) == -1)
		return pkt_short(out, cut, "ipv4 header");
	net_addr_from4(&ip->dst, a);
	ip->ttl = ttl;
	ip->proto = proto;
	ip->df = (fragoff & 0x4000) != 0;
	ip->mf = (fragoff & 0x2000) != 0;
	ip->frag_offset = fragoff & 0x1fff;
	ip->is_fragment = ip->mf || ip->frag_offset != 0;
	ip->frag_id = id;
	/* Zero is what Linux records for a segment the NIC will split
	 * (TSO, BIG TCP): the frame's own length is the packet's. */
	tlen = tlen16 != 0 ? tlen16 : wire;
	ip->total_len = tlen;
	ip->hdr_len = hl;
	if (tlen < hl)
		return pkt_stop(out, PKT_INVALID, "ipv4 total length");
	if (tlen > wire)
		return pkt_stop(out, PKT_INVALID,
		    "ipv4 total length exceeds frame");
	if (rd_skip(r, hl - 20) == -1)		/* options */
		return pkt_short(out, cut, "ipv4 options");
	/* The payload region: total length minus header, as captured. */
	cut = rd_left(r) < tlen - hl;
	rd_sub(r, cut ? rd_left(r) : tlen - hl, &body);
	if (ip->frag_offset != 0)	/* no transport header here */
		return PKT_OK;
	return pkt_transport(c, &body, cut, proto, tlen - hl);
}

static enum pkt_status
pkt_ipv6(struct pkt_ctx *c, struct rd *r)
{
	struct pkt_info *out = c->out;
	struct pkt_ip *ip = &out->ip;
	uint8_t v, nh, hlim, a[16];
	uint16_t plen16;
	uint32_t wire, plen;
	const char *why;
	struct rd body;
	bool cut, later;

	out->net = PKT_NET_IPV6;
	wire = pkt_wire_left(c, r);
	cut = rd_left(r) < wire;
	if (rd_peek_u8(r, &v) == -1)
		return pkt_short(out, cut, "ipv6 header");
	memset(ip, 0, sizeof(*ip));
	ip->version = v >> 4;
	if (ip->version != 6)
		return pkt_stop(out, PKT_INVALID, "ipv6 version");
	if (rd_skip(r, 4) == -1 || rd_be16(r, &plen16) == -1 ||
	    rd_u8(r, &nh) == -1 || rd_u8(r, &hlim) == -1 ||
	    rd_bytes(r, a, 16) == -1)
		return pkt_short(out, cut, "ipv6 header");
	net_addr_from6(&ip->src, a);
	if (rd_bytes(r, a, 16) == -1)
		return pkt_short(out, cut, "ipv6 header");
	net_addr_from6(&ip->dst, a);
	ip->ttl = hlim;
	ip->hdr_len = 40;
	/* A zero payload length is a jumbogram (RFC 2675) or a segment the
	 * NIC will split (BIG TCP): the frame's own length is all there is.
	 * wire >= 40 here: the fixed header was on the wire. */
	plen = plen16 != 0 ? plen16 : wire - 40;
	ip->total_len = 40 + plen;
	if (plen > wire - 40)
		return pkt_stop(out, PKT_INVALID,
		    "ipv6 payload length exceeds frame");
	cut = rd_left(r) < plen;
	rd_sub(r, cut ? rd_left(r) : plen, &body);
	if (pkt_ip6_ext(&body, &nh, ip, &later, &why) == -1) {
		ip->proto = nh;
		return pkt_short(out, cut, why);
	}
	ip->proto = nh;
	if (later)
		return PKT_OK;
	/* hdr_len <= total_len: the walk stayed inside body. */
	return pkt_transport(c, &body, cut, nh, ip->total_len - ip->hdr_len);
}

/* RFC 826, Ethernet hardware and IPv4 protocol addresses only. */
static enum pkt_status
pkt_arp(struct pkt_ctx *c, struct rd *r)
{
	struct pkt_info *out = c->out;
	struct pkt_arp *arp = &out->arp;
	uint16_t htype, ptype;
	uint8_t hlen, plen, a[4];
	bool cut;

	out->net = PKT_NET_ARP;
	cut = rd_left(r) < pkt_wire_left(c, r);
	memset(arp, 0, sizeof(*arp));
	if (rd_be16(r, &htype) == -1 || rd_be16(r, &ptype) == -1 ||
	    rd_u8(r, &hlen) == -1 || rd_u8(r, &plen) == -1 ||
	    rd_be16(r, &arp->op) == -1)
		return pkt_short(out, cut, "arp header");
	if (htype != 1 || ptype != ETH_IPV4 || hlen != 6 || plen != 4)
		return pkt_stop(out, PKT_UNSUPPORTED,
		    "arp for other than ethernet/ipv4");
	if (rd_bytes(r, arp->sha, 6) == -1 || rd_bytes(r, a, 4) == -1)
		return pkt_short(out, cut, "arp addresses");
	net_addr_from4(&arp->spa, a);
	if (rd_bytes(r, arp->tha, 6) == -1 || rd_bytes(r, a, 4) == -1)
		return pkt_short(out, cut, "arp addresses");
	net_addr_from4(&arp->tpa, a);
	return PKT_OK;
}

/*
 * From an ethertype on: 802.1Q/802.1ad tags, then the network layer.
 * Used by Ethernet, both Linux cooked headers, Cisco HDLC and GRE.
 */
static enum pkt_status
pkt_ethertype(struct pkt_ctx *c, struct rd *r, uint16_t type)
{
	struct pkt_info *out = c->out;
	struct pkt_vlan *vl;
	uint16_t tci, next;
	bool cut;

	while (type == ETH_8021Q || type == ETH_8021AD ||
	    type == ETH_QINQ_OLD) {
		if (out->nvlan == PKT_MAX_VLANS)
			return pkt_stop(out, PKT_UNSUPPORTED,
			    "vlan tags nested too deep");
		cut = rd_left(r) < pkt_wire_left(c, r);
		if (rd_be16(r, &tci) == -1 || rd_be16(r, &next) == -1)
			return pkt_short(out, cut, "vlan tag");
		vl = &out->vlan[out->nvlan++];
		vl->tpid = type;
		vl->vid = tci & 0x0fff;
		vl->pcp = (uint8_t)(tci >> 13);
		type = next;
	}
	out->ethertype = type;
	switch (type) {
	case ETH_IPV4:
		return pkt_ipv4(c, r);
	case ETH_IPV6:
		return pkt_ipv6(c, r);
	case ETH_ARP:
		return pkt_arp(c, r);
	case ETH_MPLS:
	case ETH_MPLS_MC:
		return pkt_mpls(c, r);
	default:
		out->net = PKT_NET_OTHER;
		return PKT_OK;
	}
}

/*
 * An Ethernet frame, on the link or inside a tunnel.  A frame inside a
 * tunnel starts its own tag stack: the tags seen so far were the
 * transport network's.
 */
static enum pkt_status
pkt_ether(struct pkt_ctx *c, struct rd *r)
{
	struct pkt_info *out = c->out;
	uint16_t type;

	out->nvlan = 0;
	if (rd_bytes(r, out->dst_mac, 6) == -1 ||
	    rd_bytes(r, out->src_mac, 6) == -1 || rd_be16(r, &type) == -1)
		return pkt_short(out, pkt_cut(c, r), "ethernet header");
	out->has_mac = true;
	if (type < ETH_MIN_TYPE) {	/* 802.3 length: LLC/SNAP */
		out->ethertype = type;
		out->net = PKT_NET_OTHER;
		return PKT_OK;
	}
	return pkt_ethertype(c, r, type);
}

/* Raw IP: the version nibble decides. */
static enum pkt_status
pkt_raw(struct pkt_ctx *c, struct rd *r, int only)
{
	uint8_t v;

	if (rd_peek_u8(r, &v) == -1)
		return pkt_short(c->out, rd_left(r) < pkt_wire_left(c, r),
		    "raw ip header");
	v >>= 4;
	if (only != 0 && v != only)
		return pkt_stop(c->out, PKT_INVALID, "raw ip version");
	if (v == 4) {
		c->out->ethertype = ETH_IPV4;
		return pkt_ipv4(c, r);
	}
	if (v == 6) {
		c->out->ethertype = ETH_IPV6;
		return pkt_ipv6(c, r);
	}
	return pkt_stop(c->out, PKT_INVALID, "raw ip version");
}

/* BSD loopback: a 4-byte address family, host order (NULL) or network
 * order (LOOP). */
static enum pkt_status
pkt_loopback(struct pkt_ctx *c, struct rd *r, bool network_order)
{
	uint32_t af;
	struct rd peek = *r;
	bool cut = rd_left(r) < pkt_wire_left(c, r);

	if (rd_be32(r, &af) == -1)
		return pkt_short(c->out, cut, "loopback header");
	/* Host order of the machine that captured: take whichever order
	 * gives a small number. */
	if (!network_order && af > 0xffff)
		rd_le32(&peek, &af);
	switch (af) {
	case BSD_AF_INET:
		c->out->ethertype = ETH_IPV4;
		return pkt_ipv4(c, r);
	case BSD_AF_INET6_BSD:
	case BSD_AF_INET6_FREEBSD:
	case BSD_AF_INET6_DARWIN:
	case LINUX_AF_INET6:
		c->out->ethertype = ETH_IPV6;
		return pkt_ipv6(c, r);
	default:
		c->out->net = PKT_NET_OTHER;
		return PKT_OK;
	}
}

/*
 * The PPP protocol field (RFC 1661 2): one byte when the first is odd
 * (protocol-field compression, 6.5), else two.
 */
static enum pkt_status
pkt_ppp_proto(struct pkt_ctx *c, struct rd *r)
{
	struct pkt_info *out = c->out;
	uint8_t b0, b1;
	uint16_t proto;

	if (rd_u8(r, &b0) == -1)
		return pkt_short(out, pkt_cut(c, r), "ppp protocol");
	proto = b0;
	if ((b0 & 1) == 0) {
		if (rd_u8(r, &b1) == -1)
			return pkt_short(out, pkt_cut(c, r), "ppp protocol");
		proto = (uint16_t)(b0 << 8 | b1);
	}
	out->ppp_proto = proto;
	switch (proto) {
	case PPP_IPV4:
		out->ethertype = ETH_IPV4;
		return pkt_ipv4(c, r);
	case PPP_IPV6:
		out->ethertype = ETH_IPV6;
		return pkt_ipv6(c, r);
	case PPP_MPLS:
	case PPP_MPLS_MC:
		out->ethertype = ETH_MPLS;
		return pkt_mpls(c, r);
	default:			/* LCP, IPCP, CHAP, ... */
		out->net = PKT_NET_OTHER;
		return PKT_OK;
	}
}

/* Cisco HDLC after its address byte: control (0), then an ethertype. */
static enum pkt_status
pkt_chdlc_rest(struct pkt_ctx *c, struct rd *r)
{
	uint16_t type;

	if (rd_skip(r, 1) == -1 || rd_be16(r, &type) == -1)
		return pkt_short(c->out, pkt_cut(c, r), "cisco hdlc header");
	return pkt_ethertype(c, r, type);	/* SLARP, CDP: other */
}

/*
 * LINKTYPE_PPP_HDLC (50): PPP in HDLC-like framing (RFC 1662 3.1,
 * address 0xff, control 0x03), or Cisco HDLC (address 0x0f or 0x8f) on
 * the same serial link; the address byte tells them apart.
 */
static enum pkt_status
pkt_ppp_serial(struct pkt_ctx *c, struct rd *r)
{
	uint8_t addr, ctrl;

	if (rd_u8(r, &addr) == -1)
		return pkt_short(c->out, pkt_cut(c, r), "ppp hdlc header");
	if (addr == CHDLC_UNICAST || addr == CHDLC_BCAST)
		return pkt_chdlc_rest(c, r);
	if (addr != PPP_ADDR)
		return pkt_stop(c->out, PKT_INVALID, "ppp hdlc address");
	if (rd_u8(r, &ctrl) == -1)
		return pkt_short(c->out, pkt_cut(c, r), "ppp hdlc header");
	if (ctrl != PPP_CTRL)
		return pkt_stop(c->out, PKT_INVALID, "ppp hdlc control");
	return pkt_ppp_proto(c, r);
}

/*
 * LINKTYPE_PPP (9): the PPP header, with the HDLC address and control
 * bytes in front when the capture kept them (address-and-control-field
 * compression, RFC 1661 6.6, drops them).  0xff is never a valid first
 * protocol byte (protocol numbers have an even high byte), so it marks
 * the framing.
 */
static enum pkt_status
pkt_ppp(struct pkt_ctx *c, struct rd *r)
{
	uint8_t b;

	if (rd_peek_u8(r, &b) == 0 && b == PPP_ADDR) {
		rd_skip(r, 1);
		if (rd_u8(r, &b) == -1)
			return pkt_short(c->out, pkt_cut(c, r), "ppp header");
		if (b != PPP_CTRL)
			return pkt_stop(c->out, PKT_INVALID,
			    "ppp hdlc control");
	}
	return pkt_ppp_proto(c, r);
}

static enum pkt_status
pkt_chdlc(struct pkt_ctx *c, struct rd *r)
{
	uint8_t addr;

	if (rd_u8(r, &addr) == -1)
		return pkt_short(c->out, pkt_cut(c, r), "cisco hdlc header");
	if (addr != CHDLC_UNICAST && addr != CHDLC_BCAST)
		return pkt_stop(c->out, PKT_INVALID, "cisco hdlc address");
	return pkt_chdlc_rest(c, r);
}

/*
 * LINKTYPE_JUNIPER_ETHER (178), what Junos `monitor traffic ...
 * write-file` records: the "MGC" magic, a flags byte, optional extension
 * TLVs behind a 16-bit length (interface name, index: not needed here),
 * then the Ethernet frame; or, with the no-L2 flag, a 4-byte protocol
 * code in the recorder's byte order and the IP packet without its link
 * header, whose version nibble is trusted over the code (as tcpdump does).
 */
static enum pkt_status
pkt_juniper_ether(struct pkt_ctx *c, struct rd *r)
{
	uint32_t magic;
	uint16_t extlen;
	uint8_t flags;

	if (rd_be24(r, &magic) == -1 || rd_u8(r, &flags) == -1)
		return pkt_short(c->out, pkt_cut(c, r), "juniper cookie");
	if (magic != JUNIPER_MAGIC)
		return pkt_stop(c->out, PKT_INVALID, "juniper cookie magic");
	if ((flags & JUNIPER_EXT) != 0 &&
	    (rd_be16(r, &extlen) == -1 || rd_skip(r, extlen) == -1))
		return pkt_short(c->out, pkt_cut(c, r),
		    "juniper cookie extensions");
	if ((flags & JUNIPER_NO_L2) != 0) {
		if (rd_skip(r, 4) == -1)
			return pkt_short(c->out, pkt_cut(c, r),
			    "juniper cookie");
		return pkt_raw(c, r, 0);
	}
	return pkt_ether(c, r);
}

/* ------------------------------------------------------------------ */
/* Link                                                                */
/* ------------------------------------------------------------------ */

bool
pkt_dlt_supported(int dlt)
{
	switch (dlt) {
	case PKT_DLT_NULL:
	case PKT_DLT_EN10MB:
	case PKT_DLT_RAW:
	case PKT_DLT_RAW_ALT:
	case PKT_DLT_LOOP:
	case PKT_DLT_LINKTYPE_RAW:
	case PKT_DLT_LINUX_SLL:
	case PKT_DLT_IPV4:
	case PKT_DLT_IPV6:
	case PKT_DLT_LINUX_SLL2:
	case PKT_DLT_PPP:
	case PKT_DLT_PPP_SERIAL:
	case PKT_DLT_C_HDLC:
	case PKT_DLT_JUNIPER_ETHER:
		return true;
	default:
		return false;
	}
}

enum pkt_status
pkt_decode(int dlt, const uint8_t *data, uint32_t caplen, uint32_t wirelen,
    struct pkt_info *out)
{
	struct pkt_ctx c;
	struct rd r;
	uint16_t type, pkttype, arphrd;
	uint8_t pt;
	bool cut;

	/* Only the part that says which layers are valid is cleared. */
	out->status = PKT_OK;
	out->why = NULL;
	out->dlt = dlt;
	out->has_mac = false;
	out->nvlan = 0;
	out->ethertype = 0;
	out->sll_pkttype = 0;
	out->sll_arphrd = 0;
	out->ppp_proto = 0;
	out->nencap = 0;
	out->net = PKT_NET_NONE;
	out->tr = PKT_TR_NONE;

	c.out = out;
	c.frame = data;
	c.wirelen = wirelen < caplen ? caplen : wirelen;
	c.wire_end = c.wirelen;
	rd_init(&r, data, caplen);
	cut = caplen < c.wirelen;

	switch (dlt) {
	case PKT_DLT_EN10MB:
		return pkt_ether(&c, &r);
	case PKT_DLT_LINUX_SLL:
		/* packet type, ARPHRD, address length, address[8], protocol */
		if (rd_be16(&r, &pkttype) == -1 ||
		    rd_be16(&r, &arphrd) == -1 || rd_skip(&r, 10) == -1 ||
		    rd_be16(&r, &type) == -1)
			return pkt_short(out, cut, "linux sll header");
		out->sll_pkttype = pkttype;
		goto cooked;
	case PKT_DLT_LINUX_SLL2:
		/* protocol, reserved, ifindex, ARPHRD, packet type,
		 * address length, address[8] */
		if (rd_be16(&r, &type) == -1 || rd_skip(&r, 6) == -1 ||
		    rd_be16(&r, &arphrd) == -1 || rd_u8(&r, &pt) == -1 ||
		    rd_skip(&r, 9) == -1)
			return pkt_short(out, cut, "linux sll2 header");
		out->sll_pkttype = pt;
	cooked:
		out->sll_arphrd = arphrd;
		/* Netlink frames carry a netlink family, not an ethertype;
		 * values below 0x0600 are Linux pseudo-protocols (802.2,
		 * 802.3 raw, CAN, ...). */
		if (arphrd == ARPHRD_NETLINK || type < ETH_MIN_TYPE) {
			out->ethertype = type;
			out->net = PKT_NET_OTHER;
			return PKT_OK;
		}
		return pkt_ethertype(&c, &r, type);
	case PKT_DLT_RAW:
	case PKT_DLT_RAW_ALT:
	case PKT_DLT_LINKTYPE_RAW:
		return pkt_raw(&c, &r, 0);
	case PKT_DLT_IPV4:
		return pkt_raw(&c, &r, 4);
	case PKT_DLT_IPV6:
		return pkt_raw(&c, &r, 6);
	case PKT_DLT_NULL:
		return pkt_loopback(&c, &r, false);
	case PKT_DLT_LOOP:
		return pkt_loopback(&c, &r, true);
	case PKT_DLT_PPP:
		return pkt_ppp(&c, &r);
	case PKT_DLT_PPP_SERIAL:
		return pkt_ppp_serial(&c, &r);
	case PKT_DLT_C_HDLC:
		return pkt_chdlc(&c, &r);
	case PKT_DLT_JUNIPER_ETHER:
		return pkt_juniper_ether(&c, &r);
	default:
		return pkt_stop(out, PKT_UNSUPPORTED, "link type");
	}
}
