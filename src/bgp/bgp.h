/*
 * bgp: the BGP-4 message codec (RFC 4271), parse and build, with the
 * capabilities and path attributes erwatch reports on and the code-to-name
 * tables beside the decoder.  Parsing never allocates: decoded records point
 * into the caller's buffer.  Malformed input is an outcome, not a crash:
 * parse functions return -1 and fill struct bgp_error with the field that
 * failed and the NOTIFICATION a speaker would send.
 *
 * RFCs: 4271 (base), 4760 (multiprotocol), 6793 (4-octet AS), 2918/7313
 * (route refresh, enhanced), 4724 (graceful restart), 7911 (add-path),
 * 8654 (extended message), 9234 (role capability only), 1997
 * (communities), 8092 (large communities), 4486/8203/9003 (Cease subcodes,
 * shutdown communication), 9072 (extended optional parameters), 7606
 * (UPDATE error subcodes), 6608 (FSM subcodes), 8950 (extended next hop),
 * draft FQDN (73), LLGR (71, RFC 9494).
 */
#ifndef ERW_BGP_H
#define ERW_BGP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/net.h"
#include "util/util.h"

#define BGP_PORT		179
#define BGP_HDR_LEN		19
#define BGP_MARKER_LEN		16
#define BGP_MAX_LEN		4096
#define BGP_EXT_MAX_LEN		65535	/* RFC 8654 */
#define BGP_AS_TRANS		23456	/* RFC 6793 */
#define BGP_VERSION		4

enum bgp_msg_type {
	BGP_MSG_OPEN = 1,
	BGP_MSG_UPDATE = 2,
	BGP_MSG_NOTIFICATION = 3,
	BGP_MSG_KEEPALIVE = 4,
	BGP_MSG_ROUTE_REFRESH = 5
};
#define BGP_MSG_TYPE_MAX	5

/* Capability codes (IANA "Capability Codes"). */
enum bgp_cap_code {
	BGP_CAP_MP = 1,			/* RFC 4760 */
	BGP_CAP_ROUTE_REFRESH = 2,	/* RFC 2918 */
	BGP_CAP_ORF = 3,
	BGP_CAP_EXT_NEXTHOP = 5,	/* RFC 8950 */
	BGP_CAP_EXT_MESSAGE = 6,	/* RFC 8654 */
	BGP_CAP_BGPSEC = 7,
	BGP_CAP_MULTI_LABEL = 8,
	BGP_CAP_ROLE = 9,		/* RFC 9234 */
	BGP_CAP_GRACEFUL_RESTART = 64,	/* RFC 4724 */
	BGP_CAP_AS4 = 65,		/* RFC 6793 */
	BGP_CAP_DYNAMIC = 67,
	BGP_CAP_MULTISESSION = 68,
	BGP_CAP_ADD_PATH = 69,		/* RFC 7911 */
	BGP_CAP_ENHANCED_RR = 70,	/* RFC 7313 */
	BGP_CAP_LLGR = 71,
	BGP_CAP_ROUTING_POLICY = 72,
	BGP_CAP_FQDN = 73,
	BGP_CAP_BFD = 74,
	BGP_CAP_SOFTWARE_VERSION = 75,
	BGP_CAP_ROUTE_REFRESH_CISCO = 128
};

/* Path attribute type codes. */
enum bgp_attr_type {
	BGP_ATTR_ORIGIN = 1,
	BGP_ATTR_AS_PATH = 2,
	BGP_ATTR_NEXT_HOP = 3,
	BGP_ATTR_MED = 4,
	BGP_ATTR_LOCAL_PREF = 5,
	BGP_ATTR_ATOMIC_AGGREGATE = 6,
	BGP_ATTR_AGGREGATOR = 7,
	BGP_ATTR_COMMUNITIES = 8,
	BGP_ATTR_ORIGINATOR_ID = 9,
	BGP_ATTR_CLUSTER_LIST = 10,
	BGP_ATTR_MP_REACH_NLRI = 14,
	BGP_ATTR_MP_UNREACH_NLRI = 15,
	BGP_ATTR_EXT_COMMUNITIES = 16,
	BGP_ATTR_AS4_PATH = 17,
	BGP_ATTR_AS4_AGGREGATOR = 18,
	BGP_ATTR_LARGE_COMMUNITIES = 32
};

#define BGP_AFI_IPV4	1
#define BGP_AFI_IPV6	2
#define BGP_SAFI_UNICAST	1
#define BGP_SAFI_MULTICAST	2

/* NOTIFICATION error codes (RFC 4271 section 4.5, 7313, 9003). */
enum bgp_err_code {
	BGP_ERR_HEADER = 1,
	BGP_ERR_OPEN = 2,
	BGP_ERR_UPDATE = 3,
	BGP_ERR_HOLD_TIMER = 4,
	BGP_ERR_FSM = 5,
	BGP_ERR_CEASE = 6,
	BGP_ERR_ROUTE_REFRESH = 7
};
/* A few subcodes used by analyzers and the probe. */
#define BGP_HDR_SUB_NOT_SYNC		1
#define BGP_HDR_SUB_BAD_LENGTH		2
#define BGP_HDR_SUB_BAD_TYPE		3
#define BGP_OPEN_SUB_UNSUP_VERSION	1
#define BGP_OPEN_SUB_BAD_PEER_AS	2
#define BGP_OPEN_SUB_BAD_BGP_ID		3
#define BGP_OPEN_SUB_UNSUP_OPT_PARAM	4
#define BGP_OPEN_SUB_BAD_HOLD_TIME	6
#define BGP_OPEN_SUB_UNSUP_CAPABILITY	7
#define BGP_CEASE_SUB_MAX_PREFIX	1	/* RFC 4486 */
#define BGP_CEASE_SUB_ADMIN_SHUTDOWN	2
#define BGP_CEASE_SUB_PEER_DECONFIGURED	3
#define BGP_CEASE_SUB_ADMIN_RESET	4
#define BGP_CEASE_SUB_CONN_REJECTED	5
#define BGP_CEASE_SUB_OTHER_CONFIG	6
#define BGP_CEASE_SUB_COLLISION		7
#define BGP_CEASE_SUB_OUT_OF_RESOURCES	8
#define BGP_CEASE_SUB_HARD_RESET	9	/* RFC 8538 */
#define BGP_CEASE_SUB_BFD_DOWN		10	/* RFC 9384 */

/* Limits for what one OPEN may carry; more entries are counted, not kept. */
#define BGP_MAX_CAPS		32
#define BGP_MAX_CAP_AFI		16

/* Why a parse failed: the field, and the NOTIFICATION a speaker sends. */
struct bgp_error {
	uint8_t		code;		/* enum bgp_err_code, 0 if none */
	uint8_t		subcode;
	uint32_t	offset;		/* from the start of the message */
	bool		truncated;	/* the bytes ended (capture), not invalid */
	char		what[160];	/* "UPDATE: attribute AS_PATH length 7
					   exceeds remaining 3" */
};

/* What a session negotiated that changes how messages parse, for the
 * direction being parsed (the sender's view). */
struct bgp_neg {
	bool		as4;		/* both sent the 4-octet AS capability */
	bool		ext_msg;	/* both sent extended message */
	uint8_t		addpath_rx;	/* bit bgp_afisafi_bit(): path IDs
					   present in NLRI of this family */
};

/* Bit for (afi, safi) in bgp_neg.addpath_rx; 0 if not tracked. */
uint8_t	bgp_afisafi_bit(uint16_t afi, uint8_t safi);

struct bgp_cap_afi {
	uint16_t	afi;
	uint8_t		safi;
	uint8_t		flags;		/* GR: F bit; add-path: 1 rx, 2 tx,
					   3 both; LLGR: flags */
	uint32_t	time;		/* LLGR stale time (24 bits) */
};

struct bgp_cap_raw {
	uint8_t		code;
	uint8_t		len;
};

/* Graceful restart capability flags (RFC 4724 3, RFC 8538 2) */
#define BGP_GR_F_RESTART	0x8	/* R: the sender has restarted */
#define BGP_GR_F_NOTIFICATION	0x4	/* N: NOTIFICATIONs handled as GR */

struct bgp_open {
	uint8_t		version;
	uint16_t	my_as;		/* may be AS_TRANS */
	uint16_t	hold_time;
	uint32_t	bgp_id;		/* host order */
	bool		ext_opt_params;	/* RFC 9072 encoding used */
	/* every capability in order, including unknown ones */
	uint8_t		ncaps;
	uint8_t		ncaps_dropped;
	struct bgp_cap_raw caps[BGP_MAX_CAPS];
	/* decoded capabilities */
	bool		has_as4;
	uint32_t	as4;
	uint8_t		nmp;
	struct bgp_cap_afi mp[BGP_MAX_CAP_AFI];
	bool		route_refresh;
	bool		route_refresh_cisco;
	bool		enhanced_rr;
	bool		ext_msg;
	bool		has_gr;
	uint8_t		gr_flags;	/* BGP_GR_F_* */
	uint16_t	gr_time;	/* restart time, 12 bits */
	uint8_t		ngr;
	struct bgp_cap_afi gr[BGP_MAX_CAP_AFI];
	bool		has_llgr;
	uint8_t		nllgr;
	struct bgp_cap_afi llgr[BGP_MAX_CAP_AFI];
	uint8_t		naddpath;
	struct bgp_cap_afi addpath[BGP_MAX_CAP_AFI];
	bool		has_fqdn;
	char		hostname[256];	/* escaped for display */
	char		domain[256];
	bool		has_role;
	uint8_t		role;
	bool		has_ext_nexthop;
	bool		has_software_version;
	char		software_version[256];
};

/* The AS a speaker announces: the 4-octet capability when present. */
uint32_t bgp_open_asn(const struct bgp_open *);

struct bgp_update {
	/* IPv4 unicast parts of the message body */
	struct rd	withdrawn;	/* withdrawn routes bytes */
	struct rd	attrs;		/* path attribute bytes */
	struct rd	nlri;		/* NLRI bytes */
	uint32_t	n_withdrawn;
	uint32_t	n_nlri;
	/* MP_REACH_NLRI / MP_UNREACH_NLRI */
	bool		has_mp_reach;
	uint16_t	mp_reach_afi;
	uint8_t		mp_reach_safi;
	uint8_t		n_mp_nexthop;
	struct net_addr	mp_nexthop[2];	/* global, link-local */
	struct rd	mp_reach_nlri;
	uint32_t	n_mp_reach;
	bool		has_mp_unreach;
	uint16_t	mp_unreach_afi;
	uint8_t		mp_unreach_safi;
	struct rd	mp_unreach_nlri;
	uint32_t	n_mp_unreach;
	/* End-of-RIB marker (RFC 4724): empty UPDATE or empty MP_UNREACH */
	bool		is_eor;
	uint16_t	eor_afi;
	uint8_t		eor_safi;
	/* announced default routes */
	bool		default_v4;
	bool		default_v6;
	/* attributes */
	uint64_t	attr_seen;	/* bit (1 << type) for types < 64 */
	uint8_t		nattrs;
	bool		has_origin;
	uint8_t		origin;		/* 0 IGP, 1 EGP, 2 INCOMPLETE */
	bool		has_as_path;
	struct rd	as_path;	/* raw segments */
	bool		as_path_as4;	/* segments use 4-octet ASNs */
	uint32_t	as_path_count;	/* ASNs, AS_SET counted as one */
	uint32_t	first_as;	/* leftmost ASN, 0 if empty */
	bool		has_as4_path;
	struct rd	as4_path;
	bool		has_next_hop;
	struct net_addr	next_hop;
	bool		has_med;
	uint32_t	med;
	bool		has_local_pref;
	uint32_t	local_pref;
	bool		atomic_aggregate;
	bool		has_aggregator;
	uint32_t	aggregator_as;
	struct net_addr	aggregator_addr;
	struct rd	communities;	/* 4-byte values */
	uint32_t	n_communities;
	struct rd	large_communities;	/* 12-byte values */
	uint32_t	n_large_communities;
	bool		addpath_v4;	/* NLRI/withdrawn carry path IDs */
	bool		addpath_mp;	/* MP NLRI carry path IDs */
	bool		addpath_mp_unreach;	/* MP_UNREACH NLRI carry
						   path IDs */
};

struct bgp_notification {
	uint8_t		code;
	uint8_t		subcode;
	const uint8_t	*data;
	uint16_t	data_len;
	bool		has_shutdown_msg;	/* Cease 2 or 4 with text */
	char		shutdown_msg[1024];	/* escaped UTF-8 */
};

struct bgp_route_refresh {
	uint16_t	afi;
	uint8_t		subtype;	/* RFC 7313: 0 normal, 1 BoRR, 2 EoRR */
	uint8_t		safi;
};

struct bgp_msg {
	uint8_t		type;
	uint16_t	len;		/* from the header, incl. the header */
	const uint8_t	*body;
	uint16_t	body_len;
	union {
		struct bgp_open		open;
		struct bgp_update	update;
		struct bgp_notification	notification;
		struct bgp_route_refresh route_refresh;
	} u;
};

/*
 * Header check on the first bytes of a stream position.  avail bytes are
 * readable at buf.  Returns 1 with *len and *type filled when a whole header is
 * present and valid, 0 when fewer than BGP_HDR_LEN bytes are available, -1
 * when the marker or length is invalid (err says which; a length of 19..4096
 * is valid, up to 65535 when ext_msg).  The caller then needs *len bytes for
 * the whole message.
 * The length is also checked against the minimum of each known type (OPEN
 * 29, UPDATE 23, NOTIFICATION 21, ROUTE-REFRESH 23, KEEPALIVE exactly 19):
 * -1 with 1/2.  An unknown type is not a header error here (the stream
 * stays in sync, *len says how far to skip); bgp_msg_parse() gives 1/3.
 * When the marker is valid, *len and *type are filled even on -1.
 */
int	bgp_hdr_check(const uint8_t *buf, size_t avail, bool ext_msg,
	    uint16_t *len, uint8_t *type, struct bgp_error *err);

/*
 * Parse one whole message (header included, len bytes).  neg may be NULL
 * (2-octet AS paths, no add-path, 4096 max).  Returns 0 or -1 with err set.
 * For UPDATE, every prefix and attribute is walked and validated, so counts
 * and default-route flags are exact.
 * Bytes beyond the header's length are ignored.  err->truncated is set only
 * when buf holds less than a header or less than the header's length (code
 * 1/2); every other failure is the message contradicting the protocol,
 * with the NOTIFICATION code/subcode a speaker would send (RFC 4271 6,
 * RFC 7606) and err->offset from the start of the message.  On failure,
 * out holds what was decoded before the bad field.  UPDATE parsing does not
 * allocate and clears only the UPDATE record; only OPEN clears struct
 * bgp_open.  Records point into buf, which must outlive them.
 */
int	bgp_msg_parse(const uint8_t *buf, size_t len, const struct bgp_neg *neg,
	    struct bgp_msg *out, struct bgp_error *err);

/*
 * The same for a message a framer cut from a stream: bgp_hdr_check()
 * returned 1 on buf with the same ext_msg as neg's, and len is the length
 * it gave (so buf holds exactly one message).  The header is not checked
 * again; everything else is as bgp_msg_parse().  This is the per-message
 * path of a capture.
 */
int	bgp_msg_parse_framed(const uint8_t *buf, size_t len,
	    const struct bgp_neg *neg, struct bgp_msg *out,
	    struct bgp_error *err);

/* Iterate prefixes of an NLRI/withdrawn field (a copy of the rd from
 * struct bgp_update).  Returns 1 with *out filled, 0 at the end, -1 when
 * malformed. */
struct bgp_prefix {
	struct net_prefix pfx;
	bool		has_path_id;
	uint32_t	path_id;
};
int	bgp_nlri_next(struct rd *, uint16_t afi, bool addpath,
	    struct bgp_prefix *out);

/* Iterate AS path segments: returns 1 with type (1 AS_SET, 2 AS_SEQUENCE,
 * 3/4 confed) and up to max ASNs copied (count = real number), 0 at end,
 * -1 malformed. */
int	bgp_aspath_next(struct rd *, bool as4, uint8_t *type, uint32_t *asns,
	    size_t max, size_t *count);

/* Negotiation: the view for parsing messages sent by `sender` to
 * `receiver`, given both OPENs. */
void	bgp_negotiate(const struct bgp_open *sender,
	    const struct bgp_open *receiver, struct bgp_neg *out);
/* Negotiated hold time: the smaller, 0 meaning no keepalives. */
uint16_t bgp_hold_time(const struct bgp_open *, const struct bgp_open *);

/* ---- names (never NULL; unknown values give "unknown") ---- */
const char *bgp_msg_type_name(uint8_t type);		/* "OPEN" */
const char *bgp_err_code_name(uint8_t code);		/* "Cease" */
const char *bgp_err_subcode_name(uint8_t code, uint8_t subcode);
const char *bgp_cap_name(uint8_t code);		/* "4-octet AS number" */
const char *bgp_attr_name(uint8_t type);		/* "AS_PATH" */
const char *bgp_afi_name(uint16_t afi);		/* "IPv4" */
const char *bgp_safi_name(uint8_t safi);		/* "unicast" */
/* "Cease / Maximum Number of Prefixes Reached" into buf (>= 96). */
const char *bgp_notification_name(uint8_t code, uint8_t subcode, char *buf,
	    size_t len);

/* ---- human description, for --timeline (never prints) ---- */
/* One message: a header line and indented detail lines for OPEN
 * capabilities, UPDATE attributes and prefixes (up to max_prefixes listed,
 * then "... N more").  m must come from bgp_msg_parse() (its buffer still
 * alive); wire text is escaped.  Every line ends with '\n'.  Returns 0, or
 * -1 when the sb failed to grow. */
int	bgp_msg_describe(struct sb *, const struct bgp_msg *,
	    const struct bgp_neg *, unsigned max_prefixes);

/* ---- building messages (probe, tests, bench generator) ---- */
struct bgp_open_params {
	uint32_t	asn;		/* AS_TRANS goes in my_as when > 65535 */
	uint16_t	hold_time;
	uint32_t	bgp_id;		/* host order */
	bool		cap_mp_ipv4;
	bool		cap_mp_ipv6;
	bool		cap_as4;
	bool		cap_route_refresh;
	bool		cap_enhanced_rr;
	bool		cap_ext_msg;
	bool		cap_gr;		/* with IPv4 unicast, restart time */
	uint16_t	gr_time;
	uint8_t		gr_flags;	/* BGP_GR_F_* */
	bool		cap_addpath_ipv4;	/* send/receive */
	const char	*fqdn_host;	/* NULL: no FQDN capability */
};

/* Each build function appends one complete message to sb and returns 0, or
 * -1 on allocation failure (sb->failed is then set, and stays) or when the
 * message would exceed max_len. */
int	bgp_build_open(struct sb *, const struct bgp_open_params *);
int	bgp_build_keepalive(struct sb *);
/* data/data_len: raw data; shutdown_msg (may be NULL): for Cease 2/4, the
 * RFC 9003 length-prefixed text (truncated to 255 bytes). */
int	bgp_build_notification(struct sb *, uint8_t code, uint8_t subcode,
	    const uint8_t *data, size_t data_len, const char *shutdown_msg);
int	bgp_build_route_refresh(struct sb *, uint16_t afi, uint8_t safi);

struct bgp_update_params {
	bool		as4;		/* 4-octet AS_PATH */
	uint8_t		origin;
	const uint32_t	*as_path;	/* one AS_SEQUENCE */
	size_t		as_path_len;
	struct net_addr	next_hop;	/* IPv4: NEXT_HOP; IPv6: MP_REACH */
	bool		has_med;
	uint32_t	med;
	bool		has_local_pref;
	uint32_t	local_pref;
	const uint32_t	*communities;
	size_t		n_communities;
	const uint32_t	*large_communities;	/* triples */
	size_t		n_large_communities;
	const struct net_prefix *announce;	/* all one family */
	size_t		n_announce;
	const struct net_prefix *withdraw;	/* same family */
	size_t		n_withdraw;
	uint16_t	max_len;	/* BGP_MAX_LEN unless ext_msg */
};
/* Builds one UPDATE carrying as many of the announced/withdrawn prefixes
 * as fit in max_len; *consumed_announce and *consumed_withdraw say how many
 * were used so the caller can loop. */
int	bgp_build_update(struct sb *, const struct bgp_update_params *,
	    size_t *consumed_announce, size_t *consumed_withdraw);

#endif /* ERW_BGP_H */
