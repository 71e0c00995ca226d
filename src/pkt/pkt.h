/*
 * pkt: decode one captured frame, link layer to TCP/ICMP/ARP, through the
 * bounds-checked cursor.  Nothing is allocated: the result points into the
 * caller's frame buffer and lives as long as it does.
 *
 * Link types (numbering as in pcap-linktype(7), repeated here so this
 * module does not depend on libpcap): Ethernet with any stack of 802.1Q /
 * 802.1ad / QinQ tags, Linux SLL and SLL2, raw IP, BSD loopback (NULL and
 * LOOP), PPP (with or without HDLC-like framing), Cisco HDLC, Juniper
 * Ethernet (the "MGC" cookie of Junos `monitor traffic write-file`).
 * Network: IPv4 (options skipped, fragments noted), IPv6 (extension
 * headers walked, fragment header noted), ARP.  Transport: TCP with every
 * option erwatch cares about, ICMP and ICMPv6 errors with the quoted
 * packet's addresses, ports and TCP sequence.
 *
 * Tunnels a mirror session or a provider tap adds (GRE, ERSPAN II and III,
 * VXLAN, MPLS label stacks) are taken off: the layers described are those
 * of the innermost packet, as if it had been captured on the link, and the
 * layers removed are listed in encap[], outermost first.
 */
#ifndef ERW_PKT_H
#define ERW_PKT_H

#include <stdbool.h>
#include <stdint.h>

#include "net/net.h"

/* Link types (DLT/LINKTYPE values). */
#define PKT_DLT_NULL		0	/* BSD loopback, host byte order AF */
#define PKT_DLT_EN10MB		1	/* Ethernet */
#define PKT_DLT_RAW		12	/* raw IP (some platforms: 14) */
#define PKT_DLT_RAW_ALT		14
#define PKT_DLT_LOOP		108	/* OpenBSD loopback, network order AF */
#define PKT_DLT_LINKTYPE_RAW	101	/* LINKTYPE_RAW in files */
#define PKT_DLT_LINUX_SLL	113
#define PKT_DLT_IPV4		228
#define PKT_DLT_IPV6		229
#define PKT_DLT_LINUX_SLL2	276
#define PKT_DLT_PPP		9	/* RFC 1661, 0xff03 optional */
#define PKT_DLT_PPP_SERIAL	50	/* RFC 1662 HDLC-like, or Cisco HDLC */
#define PKT_DLT_C_HDLC		104	/* Cisco HDLC */
#define PKT_DLT_JUNIPER_ETHER	178	/* Juniper cookie, then Ethernet */

/* Is this link type one pkt_decode() understands? */
bool	pkt_dlt_supported(int dlt);
/* libpcap's short name ("EN10MB", "LINUX_SLL2", also common unsupported
 * ones such as "IEEE802_11"), "unknown" otherwise.  Never NULL. */
const char *pkt_dlt_name(int dlt);

enum pkt_status {
	PKT_OK = 0,
	PKT_TRUNCATED,		/* the capture cut the frame (snaplen) */
	PKT_INVALID,		/* the bytes contradict the protocol */
	PKT_UNSUPPORTED		/* a protocol erwatch does not decode */
};

#define PKT_MAX_VLANS	4
#define PKT_MAX_ENCAP	4	/* tunnels inside tunnels, deeper refused */
#define PKT_MAX_LABELS	8	/* MPLS label stack entries, deeper refused */

struct pkt_vlan {
	uint16_t	tpid;	/* 0x8100 802.1Q, 0x88a8 802.1ad, 0x9100 */
	uint16_t	vid;	/* 12-bit VLAN ID */
	uint8_t		pcp;
};

enum pkt_encap_type {
	PKT_ENC_GRE = 1,	/* RFC 2784/2890, IP or Ethernet (0x6558) */
	PKT_ENC_ERSPAN1,	/* GRE 0x88be without sequence: no header */
	PKT_ENC_ERSPAN2,	/* GRE 0x88be, 8-byte header */
	PKT_ENC_ERSPAN3,	/* GRE 0x22eb, 12 (+8) byte header */
	PKT_ENC_VXLAN,		/* RFC 7348, UDP 4789 */
	PKT_ENC_MPLS		/* RFC 3032 label stack */
};

/*
 * One encapsulation taken off.  For the IP tunnels (GRE, ERSPAN, VXLAN)
 * src and dst are the tunnel endpoints: never the BGP speakers.
 */
struct pkt_encap {
	enum pkt_encap_type type;
	bool		has_addr;	/* src/dst: the outer IP header */
	struct net_addr	src, dst;
	bool		has_id;
	uint32_t	id;		/* GRE key, ERSPAN session, VXLAN VNI */
	uint16_t	vlan;		/* ERSPAN: the mirrored frame's VLAN */
	uint8_t		nlabels;	/* MPLS: entries in the stack */
	uint32_t	label[PKT_MAX_LABELS];	/* MPLS, top first */
	bool		pw_cw;		/* MPLS: pseudowire control word and
					   Ethernet followed the stack */
};

enum pkt_net {
	PKT_NET_NONE = 0,
	PKT_NET_IPV4,
	PKT_NET_IPV6,
	PKT_NET_ARP,
	PKT_NET_OTHER
};

enum pkt_transport {
	PKT_TR_NONE = 0,
	PKT_TR_TCP,
	PKT_TR_UDP,
	PKT_TR_ICMP,		/* ICMPv4 */
	PKT_TR_ICMP6,
	PKT_TR_OTHER
};

struct pkt_arp {
	uint16_t	op;		/* 1 request, 2 reply */
	uint8_t		sha[6], tha[6];
	struct net_addr	spa, tpa;	/* IPv4 only */
};

struct pkt_ip {
	uint8_t		version;	/* 4 or 6 */
	struct net_addr	src, dst;
	uint8_t		proto;		/* upper-layer protocol / next header */
	uint8_t		ttl;		/* TTL or hop limit */
	bool		df;		/* IPv4 Don't Fragment */
	bool		mf;		/* more fragments */
	uint16_t	frag_offset;	/* in 8-byte units */
	bool		is_fragment;	/* MF set or offset != 0 (v4), frag hdr (v6) */
	uint32_t	frag_id;
	uint32_t	total_len;	/* IPv4 total length / IPv6 40+payload */
	uint32_t	hdr_len;	/* including IPv6 extension headers */
};

/* TCP flags */
#define PKT_TCP_FIN	0x01
#define PKT_TCP_SYN	0x02
#define PKT_TCP_RST	0x04
#define PKT_TCP_PSH	0x08
#define PKT_TCP_ACK	0x10
#define PKT_TCP_URG	0x20
#define PKT_TCP_ECE	0x40
#define PKT_TCP_CWR	0x80

struct pkt_tcp_opts {
	bool		has_mss;
	uint16_t	mss;
	bool		has_wscale;
	uint8_t		wscale;
	bool		sack_permitted;
	uint8_t		nsack;		/* SACK blocks present (<= 4) */
	uint32_t	sack[4][2];	/* left, right edges */
	bool		has_ts;
	uint32_t	tsval, tsecr;
	bool		md5;		/* kind 19, RFC 2385 */
	bool		ao;		/* kind 29, RFC 5925 */
	bool		malformed;	/* an option length lied */
};

struct pkt_tcp {
	uint16_t	sport, dport;
	uint32_t	seq, ack;
	uint8_t		flags;		/* PKT_TCP_* */
	uint16_t	window;		/* raw, unscaled */
	uint8_t		doff;		/* header length in bytes */
	struct pkt_tcp_opts opt;
	const uint8_t	*payload;	/* captured payload bytes */
	uint32_t	payload_caplen;	/* bytes available at payload */
	uint32_t	payload_len;	/* length on the wire (from IP) */
};

struct pkt_udp {
	uint16_t	sport, dport;
	uint16_t	len;
};

/* An ICMP/ICMPv6 message, with the offending packet it quotes. */
struct pkt_icmp {
	uint8_t		type, code;
	uint32_t	mtu;		/* frag needed (v4 next-hop MTU) or
					   packet too big (v6), else 0 */
	bool		is_error;	/* unreachable, time exceeded, ptb, ... */
	bool		has_quote;	/* the quoted IP header was readable */
	uint8_t		q_proto;
	struct net_addr	q_src, q_dst;
	bool		q_has_ports;
	uint16_t	q_sport, q_dport;
	bool		q_has_seq;
	uint32_t	q_seq;		/* quoted TCP sequence number */
	uint16_t	id, seq;	/* echo request/reply */
};

struct pkt_info {
	enum pkt_status	 status;
	const char	*why;		/* static text: where decoding stopped
					   ("ipv4 header", "tcp options") */
	int		 dlt;
	/* link */
	bool		 has_mac;
	uint8_t		 src_mac[6], dst_mac[6];
	uint8_t		 nvlan;
	struct pkt_vlan	 vlan[PKT_MAX_VLANS];	/* outermost first */
	uint16_t	 ethertype;	/* after the tags */
	uint16_t	 sll_pkttype;	/* SLL/SLL2 packet type (0 host, 4 out) */
	uint16_t	 sll_arphrd;	/* SLL/SLL2 ARPHRD_ type (1 Ethernet,
					   772 loopback), else 0 */
	uint16_t	 ppp_proto;	/* PPP protocol field, else 0 */
	uint8_t		 nencap;
	struct pkt_encap encap[PKT_MAX_ENCAP];	/* outermost first */
	/* network */
	enum pkt_net	 net;
	struct pkt_arp	 arp;
	struct pkt_ip	 ip;
	/* transport */
	enum pkt_transport tr;
	struct pkt_tcp	 tcp;
	struct pkt_udp	 udp;
	struct pkt_icmp	 icmp;
};

/*
 * Decode one frame.  caplen bytes are present at data, wirelen is the
 * original length.  Always fills *out as far as the bytes allow and returns
 * out->status: PKT_OK when every layer present decoded (including a frame
 * that simply is not IP, e.g. LLDP, which has net == PKT_NET_OTHER), else
 * the reason it stopped, with out->why naming the layer.
 *
 * PKT_TRUNCATED means the capture cut a header (caplen < wirelen);
 * PKT_INVALID that the frame was captured whole and still contradicts
 * the protocol (IHL < 5, version mismatch, a length beyond the frame).
 * A cut that removes only payload leaves the status PKT_OK with
 * tcp.payload_caplen < tcp.payload_len.  Nothing past caplen is read.
 *
 * Speed: only the header part of *out is cleared per frame.  The fields
 * of a layer are valid only when that layer was reached: arp when
 * net == PKT_NET_ARP, ip for IPv4/IPv6, tcp/udp/icmp by tr, vlan[0 ..
 * nvlan-1], encap[0 .. nencap-1], src_mac/dst_mac when has_mac (Ethernet
 * only).  Other fields keep whatever an earlier frame left there.
 *
 * Tunnels: ip, tcp, udp, vlan[], the MACs and ethertype describe the
 * innermost packet; the outer ones are in encap[].  VLAN tags of the
 * network that carries a tunnel are dropped when an inner Ethernet frame
 * begins: they are the mirror transport's, not the link's.  A tunnel
 * whose payload erwatch does not decode (GRE carrying IPX, a VXLAN
 * header without its I flag) is left as the outer IP packet, PKT_OK.
 */
enum pkt_status pkt_decode(int dlt, const uint8_t *data, uint32_t caplen,
	    uint32_t wirelen, struct pkt_info *out);

/*
 * "ERSPAN II session 5 (GRE 10.0.0.1 > 10.0.0.2)", "VXLAN VNI 100 (UDP
 * 10.0.0.1 > 10.0.0.2)", "MPLS labels 16/299792", into buf; returns buf.
 * pkt_encap_chain_str() joins a stack outermost first with " / ".
 * pkt_encap_name() is the short name ("GRE", "ERSPAN II"), never NULL.
 */
#define PKT_ENCAP_STRLEN	160
const char *pkt_encap_str(const struct pkt_encap *, char *buf, size_t len);
const char *pkt_encap_chain_str(const struct pkt_encap *, unsigned n,
	    char *buf, size_t len);
const char *pkt_encap_name(enum pkt_encap_type);

/* Names for display: "Destination unreachable / Port unreachable" etc.
 * Never NULL. */
const char *pkt_icmp_type_name(bool v6, uint8_t type);
const char *pkt_icmp_code_name(bool v6, uint8_t type, uint8_t code);
/* "SYN,ACK" style into buf (>= 40 bytes); returns buf. */
const char *pkt_tcp_flags_str(uint8_t flags, char *buf);

#endif /* ERW_PKT_H */
