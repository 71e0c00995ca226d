/*
 * Names for display: link types, encapsulations, ICMP and ICMPv6 types and codes
 * (RFC 792, RFC 1191, RFC 1812 section 5.2.7.1, RFC 4443), TCP flags.
 * Tables beside the decoder, as data.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "pkt.h"

struct pkt_name {
	int		 val;
	const char	*name;
};

static const struct pkt_name pkt_dlt_names[] = {
	{ PKT_DLT_NULL,		"NULL" },
	{ PKT_DLT_EN10MB,	"EN10MB" },
	{ PKT_DLT_RAW,		"RAW" },
	{ PKT_DLT_RAW_ALT,	"RAW" },
	{ PKT_DLT_LOOP,		"LOOP" },
	{ PKT_DLT_LINKTYPE_RAW,	"RAW" },
	{ PKT_DLT_LINUX_SLL,	"LINUX_SLL" },
	{ PKT_DLT_IPV4,		"IPV4" },
	{ PKT_DLT_IPV6,		"IPV6" },
	{ PKT_DLT_LINUX_SLL2,	"LINUX_SLL2" },
	{ PKT_DLT_PPP,		"PPP" },
	{ PKT_DLT_PPP_SERIAL,	"PPP_SERIAL" },
	{ PKT_DLT_C_HDLC,	"C_HDLC" },
	{ PKT_DLT_JUNIPER_ETHER, "JUNIPER_ETHER" },
	/* Not decoded, named so that the refusal can say what it was. */
	{ 6,	"IEEE802" },
	{ 10,	"FDDI" },
	{ 11,	"ATM_RFC1483" },
	{ 51,	"PPP_ETHER" },
	{ 105,	"IEEE802_11" },
	{ 107,	"FRELAY" },
	{ 119,	"PRISM_HEADER" },
	{ 127,	"IEEE802_11_RADIO" },
	{ 163,	"IEEE802_11_RADIO_AVS" },
	{ 187,	"BLUETOOTH_HCI_H4" },
	{ 189,	"USB_LINUX" },
	{ 192,	"PPI" },
	{ 195,	"IEEE802_15_4" },
	{ 197,	"ERF" },
	{ 220,	"USB_LINUX_MMAPPED" },
	{ 226,	"IPNET" },
	{ 227,	"CAN_SOCKETCAN" },
	{ 239,	"NFLOG" },
	{ 253,	"NETLINK" },
};

static const struct pkt_name icmp4_types[] = {
	{ 0,	"Echo reply" },
	{ 3,	"Destination unreachable" },
	{ 4,	"Source quench" },
	{ 5,	"Redirect" },
	{ 8,	"Echo request" },
	{ 9,	"Router advertisement" },
	{ 10,	"Router solicitation" },
	{ 11,	"Time exceeded" },
	{ 12,	"Parameter problem" },
	{ 13,	"Timestamp request" },
	{ 14,	"Timestamp reply" },
};

static const struct pkt_name icmp6_types[] = {
	{ 1,	"Destination unreachable" },
	{ 2,	"Packet too big" },
	{ 3,	"Time exceeded" },
	{ 4,	"Parameter problem" },
	{ 128,	"Echo request" },
	{ 129,	"Echo reply" },
	{ 130,	"Multicast listener query" },
	{ 131,	"Multicast listener report" },
	{ 132,	"Multicast listener done" },
	{ 133,	"Router solicitation" },
	{ 134,	"Router advertisement" },
	{ 135,	"Neighbor solicitation" },
	{ 136,	"Neighbor advertisement" },
	{ 137,	"Redirect" },
	{ 143,	"Multicast listener report v2" },
};

/* ICMPv4 type 3, codes 0..15 (RFC 792, RFC 1191, RFC 1812). */
static const char *const icmp4_unreach[] = {
	"Net unreachable",
	"Host unreachable",
	"Protocol unreachable",
	"Port unreachable",
	"Fragmentation needed and DF set",
	"Source route failed",
	"Destination network unknown",
	"Destination host unknown",
	"Source host isolated",
	"Destination network administratively prohibited",
	"Destination host administratively prohibited",
	"Network unreachable for type of service",
	"Host unreachable for type of service",
	"Communication administratively prohibited",
	"Host precedence violation",
	"Precedence cutoff in effect",
};

static const char *const icmp4_redirect[] = {
	"Redirect for network",
	"Redirect for host",
	"Redirect for type of service and network",
	"Redirect for type of service and host",
};

static const char *const icmp4_param[] = {
	"Pointer indicates the error",
	"Missing a required option",
	"Bad length",
};

/* ICMPv6 type 1, codes 0..7 (RFC 4443 3.1, RFC 6550). */
static const char *const icmp6_unreach[] = {
	"No route to destination",
	"Communication with destination administratively prohibited",
	"Beyond scope of source address",
	"Address unreachable",
	"Port unreachable",
	"Source address failed ingress/egress policy",
	"Reject route to destination",
	"Error in source routing header",
};

static const char *const icmp6_param[] = {
	"Erroneous header field",
	"Unrecognized next header type",
	"Unrecognized IPv6 option",
};

/* Time exceeded, both versions. */
static const char *const icmp_exceeded[2][2] = {
	{ "TTL exceeded in transit",
	  "Fragment reassembly time exceeded" },
	{ "Hop limit exceeded in transit",
	  "Fragment reassembly time exceeded" },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *
pkt_lookup(const struct pkt_name *t, size_t n, int val, const char *dflt)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].val == val)
			return t[i].name;
	return dflt;
}

static const char *
pkt_index(const char *const *t, size_t n, uint8_t code)
{
	return code < n ? t[code] : "Unknown code";
}

const char *
pkt_dlt_name(int dlt)
{
	return pkt_lookup(pkt_dlt_names, NELEM(pkt_dlt_names), dlt,
	    "unknown");
}

static const struct pkt_name pkt_encap_names[] = {
	{ PKT_ENC_GRE,		"GRE" },
	{ PKT_ENC_ERSPAN1,	"ERSPAN I" },
	{ PKT_ENC_ERSPAN2,	"ERSPAN II" },
	{ PKT_ENC_ERSPAN3,	"ERSPAN III" },
	{ PKT_ENC_VXLAN,	"VXLAN" },
	{ PKT_ENC_MPLS,		"MPLS" },
};

const char *
pkt_encap_name(enum pkt_encap_type t)
{
	return pkt_lookup(pkt_encap_names, NELEM(pkt_encap_names), (int)t,
	    "unknown");
}

const char *
pkt_encap_str(const struct pkt_encap *en, char *buf, size_t len)
{
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN], id[32] = "";
	char lab[PKT_MAX_LABELS * 8 + 8];
	size_t n = 0;
	unsigned i;

	if (en->type == PKT_ENC_MPLS) {
		for (i = 0; i < en->nlabels && n < sizeof(lab); i++)
			n += (size_t)snprintf(lab + n, sizeof(lab) - n, "%s%u",
			    i == 0 ? "" : "/", en->label[i]);
		snprintf(buf, len, "MPLS label%s %s%s",
		    en->nlabels == 1 ? "" : "s", lab,
		    en->pw_cw ? ", Ethernet pseudowire" : "");
		return buf;
	}
	if (en->has_id)
		snprintf(id, sizeof(id), " %s %u",
		    en->type == PKT_ENC_VXLAN ? "VNI" :
		    en->type == PKT_ENC_GRE ? "key" : "session", en->id);
	if (!en->has_addr) {
		snprintf(buf, len, "%s%s", pkt_encap_name(en->type), id);
		return buf;
	}
	net_addr_str(&en->src, a);
	net_addr_str(&en->dst, b);
	if (en->type == PKT_ENC_GRE)
		snprintf(buf, len, "GRE%s %s > %s", id, a, b);
	else
		snprintf(buf, len, "%s%s (%s %s > %s)",
		    pkt_encap_name(en->type), id,
		    en->type == PKT_ENC_VXLAN ? "UDP" : "GRE", a, b);
	return buf;
}

const char *
pkt_encap_chain_str(const struct pkt_encap *en, unsigned n, char *buf,
    size_t len)
{
	char one[PKT_ENCAP_STRLEN];
	size_t off = 0;
	unsigned i;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
		    i == 0 ? "" : " / ", pkt_encap_str(&en[i], one,
		    sizeof(one)));
	return buf;
}

const char *
pkt_icmp_type_name(bool v6, uint8_t type)
{
	if (v6)
		return pkt_lookup(icmp6_types, NELEM(icmp6_types), type,
		    "Unknown type");
	return pkt_lookup(icmp4_types, NELEM(icmp4_types), type,
	    "Unknown type");
}

const char *
pkt_icmp_code_name(bool v6, uint8_t type, uint8_t code)
{
	if (v6) {
		switch (type) {
		case 1:
			return pkt_index(icmp6_unreach, NELEM(icmp6_unreach),
			    code);
		case 3:
			return pkt_index(icmp_exceeded[1], 2, code);
		case 4:
			return pkt_index(icmp6_param, NELEM(icmp6_param),
			    code);
		default:
			return code == 0 ? "" : "Unknown code";
		}
	}
	switch (type) {
	case 3:
		return pkt_index(icmp4_unreach, NELEM(icmp4_unreach), code);
	case 5:
		return pkt_index(icmp4_redirect, NELEM(icmp4_redirect), code);
	case 11:
		return pkt_index(icmp_exceeded[0], 2, code);
	case 12:
		return pkt_index(icmp4_param, NELEM(icmp4_param), code);
	default:
		return code == 0 ? "" : "Unknown code";
	}
}

const char *
pkt_tcp_flags_str(uint8_t flags, char *buf)
{
	static const char *const names[8] = {
		"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"
	};
	size_t len = 0, n;
	int i;

	buf[0] = '\0';
	for (i = 0; i < 8; i++) {
		if ((flags & (1u << i)) == 0)
			continue;
		if (len > 0)
			buf[len++] = ',';
		n = strlen(names[i]);
		memcpy(buf + len, names[i], n + 1);
		len += n;
	}
	if (len == 0)
		memcpy(buf, "none", 5);
	return buf;
}
