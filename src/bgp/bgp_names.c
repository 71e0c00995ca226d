/*
 * bgp_names.c: code-to-name tables for BGP message types, NOTIFICATION
 * codes and subcodes, capabilities, path attributes, AFIs and SAFIs, kept as
 * data beside the decoder.  Names follow the IANA "BGP Parameters",
 * "Capability Codes" and "Address Family Numbers" registries; capability
 * names are shortened for one-line display.
 */
#include <stdio.h>

#include "bgp_int.h"

struct tok {
	unsigned	 v;
	const char	*s;
};

static const char *
tok_lookup(const struct tok *t, unsigned v)
{
	for (; t->s != NULL; t++) {
		if (t->v == v)
			return t->s;
	}
	return NULL;
}

static const char *
tok_name(const struct tok *t, unsigned v)
{
	const char *s = tok_lookup(t, v);

	return s != NULL ? s : "unknown";
}

static const struct tok bgp_msg_values[] = {
	{ BGP_MSG_OPEN,			"OPEN" },
	{ BGP_MSG_UPDATE,		"UPDATE" },
	{ BGP_MSG_NOTIFICATION,		"NOTIFICATION" },
	{ BGP_MSG_KEEPALIVE,		"KEEPALIVE" },
	{ BGP_MSG_ROUTE_REFRESH,	"ROUTE-REFRESH" },	/* RFC 2918 */
	{ 0, NULL }
};

/* IANA "BGP Error (Notification) Codes". */
static const struct tok bgp_err_values[] = {
	{ BGP_ERR_HEADER,		"Message Header Error" },
	{ BGP_ERR_OPEN,			"OPEN Message Error" },
	{ BGP_ERR_UPDATE,		"UPDATE Message Error" },
	{ BGP_ERR_HOLD_TIMER,		"Hold Timer Expired" },
	{ BGP_ERR_FSM,			"Finite State Machine Error" },
	{ BGP_ERR_CEASE,		"Cease" },
	{ BGP_ERR_ROUTE_REFRESH,	"ROUTE-REFRESH Message Error" },
	{ 0, NULL }
};

static const struct tok bgp_hdr_sub_values[] = {
	{ 0,	"Unspecific" },
	{ 1,	"Connection Not Synchronized" },
	{ 2,	"Bad Message Length" },
	{ 3,	"Bad Message Type" },
	{ 0, NULL }
};

static const struct tok bgp_open_sub_values[] = {
	{ 0,	"Unspecific" },
	{ 1,	"Unsupported Version Number" },
	{ 2,	"Bad Peer AS" },
	{ 3,	"Bad BGP Identifier" },
	{ 4,	"Unsupported Optional Parameter" },
	{ 5,	"Authentication Failure (deprecated)" },
	{ 6,	"Unacceptable Hold Time" },
	{ 7,	"Unsupported Capability" },		/* RFC 5492 */
	{ 8,	"Grouping Conflict (deprecated)" },
	{ 9,	"Grouping Required (deprecated)" },
	{ 10,	"Capability Value Mismatch (deprecated)" },
	{ 11,	"Role Mismatch" },			/* RFC 9234 */
	{ 0, NULL }
};

static const struct tok bgp_update_sub_values[] = {
	{ 0,	"Unspecific" },
	{ 1,	"Malformed Attribute List" },
	{ 2,	"Unrecognized Well-known Attribute" },
	{ 3,	"Missing Well-known Attribute" },
	{ 4,	"Attribute Flags Error" },
	{ 5,	"Attribute Length Error" },
	{ 6,	"Invalid ORIGIN Attribute" },
	{ 7,	"AS Routing Loop (deprecated)" },
	{ 8,	"Invalid NEXT_HOP Attribute" },
	{ 9,	"Optional Attribute Error" },
	{ 10,	"Invalid Network Field" },
	{ 11,	"Malformed AS_PATH" },
	{ 0, NULL }
};

static const struct tok bgp_fsm_sub_values[] = {		/* RFC 6608 */
	{ 0,	"Unspecified Error" },
	{ 1,	"Receive Unexpected Message in OpenSent State" },
	{ 2,	"Receive Unexpected Message in OpenConfirm State" },
	{ 3,	"Receive Unexpected Message in Established State" },
	{ 0, NULL }
};

static const struct tok bgp_cease_sub_values[] = {	/* RFC 4486 */
	{ 0,	"Unspecific" },
	{ 1,	"Maximum Number of Prefixes Reached" },
	{ 2,	"Administrative Shutdown" },
	{ 3,	"Peer De-configured" },
	{ 4,	"Administrative Reset" },
	{ 5,	"Connection Rejected" },
	{ 6,	"Other Configuration Change" },
	{ 7,	"Connection Collision Resolution" },
	{ 8,	"Out of Resources" },
	{ 9,	"Hard Reset" },				/* RFC 8538 */
	{ 10,	"BFD Down" },				/* RFC 9384 */
	{ 0, NULL }
};

static const struct tok bgp_rr_sub_values[] = {		/* RFC 7313 */
	{ 0,	"Unspecific" },
	{ 1,	"Invalid Message Length" },
	{ 0, NULL }
};

static const struct tok bgp_cap_values[] = {
	{ BGP_CAP_MP,			"multiprotocol" },
	{ BGP_CAP_ROUTE_REFRESH,	"route refresh" },
	{ BGP_CAP_ORF,			"outbound route filtering" },
	{ BGP_CAP_EXT_NEXTHOP,		"extended next hop" },
	{ BGP_CAP_EXT_MESSAGE,		"extended message" },
	{ BGP_CAP_BGPSEC,		"BGPsec" },
	{ BGP_CAP_MULTI_LABEL,		"multiple labels" },
	{ BGP_CAP_ROLE,			"BGP role" },
	{ BGP_CAP_GRACEFUL_RESTART,	"graceful restart" },
	{ BGP_CAP_AS4,			"4-octet AS number" },
	{ BGP_CAP_DYNAMIC,		"dynamic capability" },
	{ BGP_CAP_MULTISESSION,		"multisession" },
	{ BGP_CAP_ADD_PATH,		"add-path" },
	{ BGP_CAP_ENHANCED_RR,		"enhanced route refresh" },
	{ BGP_CAP_LLGR,			"long-lived graceful restart" },
	{ BGP_CAP_ROUTING_POLICY,	"routing policy distribution" },
	{ BGP_CAP_FQDN,			"FQDN" },
	{ BGP_CAP_BFD,			"BFD" },
	{ BGP_CAP_SOFTWARE_VERSION,	"software version" },
	{ BGP_CAP_ROUTE_REFRESH_CISCO,	"route refresh (Cisco)" },
	{ 0, NULL }
};

/* IANA "BGP Path Attributes". */
static const struct tok bgp_attr_values[] = {
	{ BGP_ATTR_ORIGIN,		"ORIGIN" },
	{ BGP_ATTR_AS_PATH,		"AS_PATH" },
	{ BGP_ATTR_NEXT_HOP,		"NEXT_HOP" },
	{ BGP_ATTR_MED,			"MULTI_EXIT_DISC" },
	{ BGP_ATTR_LOCAL_PREF,		"LOCAL_PREF" },
	{ BGP_ATTR_ATOMIC_AGGREGATE,	"ATOMIC_AGGREGATE" },
	{ BGP_ATTR_AGGREGATOR,		"AGGREGATOR" },
	{ BGP_ATTR_COMMUNITIES,		"COMMUNITIES" },
	{ BGP_ATTR_ORIGINATOR_ID,	"ORIGINATOR_ID" },
	{ BGP_ATTR_CLUSTER_LIST,	"CLUSTER_LIST" },
	{ BGP_ATTR_MP_REACH_NLRI,	"MP_REACH_NLRI" },
	{ BGP_ATTR_MP_UNREACH_NLRI,	"MP_UNREACH_NLRI" },
	{ BGP_ATTR_EXT_COMMUNITIES,	"EXTENDED_COMMUNITIES" },
	{ BGP_ATTR_AS4_PATH,		"AS4_PATH" },
	{ BGP_ATTR_AS4_AGGREGATOR,	"AS4_AGGREGATOR" },
	{ 22,				"PMSI_TUNNEL" },
	{ 23,				"TUNNEL_ENCAPSULATION" },
	{ 25,				"IPV6_EXT_COMMUNITIES" },
	{ 26,				"AIGP" },
	{ 29,				"BGP_LS" },
	{ BGP_ATTR_LARGE_COMMUNITIES,	"LARGE_COMMUNITY" },
	{ 33,				"BGPSEC_PATH" },
	{ 35,				"ONLY_TO_CUSTOMER" },	/* RFC 9234 */
	{ 40,				"PREFIX_SID" },
	{ 128,				"ATTR_SET" },
	{ 0, NULL }
};

static const struct tok bgp_afi_values[] = {
	{ BGP_AFI_IPV4,	"IPv4" },
	{ BGP_AFI_IPV6,	"IPv6" },
	{ 25,		"L2VPN" },
	{ 16388,	"BGP-LS" },
	{ 0, NULL }
};

static const struct tok bgp_safi_values[] = {
	{ BGP_SAFI_UNICAST,	"unicast" },
	{ BGP_SAFI_MULTICAST,	"multicast" },
	{ 4,			"labeled unicast" },
	{ 5,			"MCAST-VPN" },
	{ 65,			"VPLS" },
	{ 70,			"EVPN" },
	{ 71,			"BGP-LS" },
	{ 73,			"SR TE policy" },
	{ 128,			"VPN" },
	{ 129,			"multicast VPN" },
	{ 132,			"route target constraint" },
	{ 133,			"flowspec" },
	{ 134,			"flowspec VPN" },
	{ 0, NULL }
};

const char *
bgp_msg_type_name(uint8_t type)
{
	return tok_name(bgp_msg_values, type);
}

const char *
bgp_err_code_name(uint8_t code)
{
	return tok_name(bgp_err_values, code);
}

const char *
bgp_err_subcode_lookup(uint8_t code, uint8_t subcode)
{
	switch (code) {
	case BGP_ERR_HEADER:
		return tok_lookup(bgp_hdr_sub_values, subcode);
	case BGP_ERR_OPEN:
		return tok_lookup(bgp_open_sub_values, subcode);
	case BGP_ERR_UPDATE:
		return tok_lookup(bgp_update_sub_values, subcode);
	case BGP_ERR_HOLD_TIMER:
		return subcode == 0 ? "Unspecific" : NULL;
	case BGP_ERR_FSM:
		return tok_lookup(bgp_fsm_sub_values, subcode);
	case BGP_ERR_CEASE:
		return tok_lookup(bgp_cease_sub_values, subcode);
	case BGP_ERR_ROUTE_REFRESH:
		return tok_lookup(bgp_rr_sub_values, subcode);
	default:
		return NULL;
	}
}

const char *
bgp_err_subcode_name(uint8_t code, uint8_t subcode)
{
	const char *s = bgp_err_subcode_lookup(code, subcode);

	return s != NULL ? s : "unknown";
}

const char *
bgp_cap_name(uint8_t code)
{
	return tok_name(bgp_cap_values, code);
}

const char *
bgp_attr_name(uint8_t type)
{
	return tok_name(bgp_attr_values, type);
}

const char *
bgp_afi_name(uint16_t afi)
{
	return tok_name(bgp_afi_values, afi);
}

const char *
bgp_safi_name(uint8_t safi)
{
	return tok_name(bgp_safi_values, safi);
}

const char *
bgp_notification_name(uint8_t code, uint8_t subcode, char *buf, size_t len)
{
	const char *cs = tok_lookup(bgp_err_values, code);
	const char *ss = bgp_err_subcode_lookup(code, subcode);

	if (len == 0)
		return buf;
	if (cs == NULL)
		snprintf(buf, len, "unknown code %u / subcode %u", code,
		    subcode);
	else if (code == BGP_ERR_HOLD_TIMER && subcode == 0)
		snprintf(buf, len, "%s", cs);	/* no subcodes defined */
	else if (ss == NULL)
		snprintf(buf, len, "%s / unknown subcode %u", cs, subcode);
	else
		snprintf(buf, len, "%s / %s", cs, ss);
	return buf;
}
