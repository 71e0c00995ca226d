/*
 * bgp_msg.c: the BGP-4 message layer (RFC 4271 section 4): the header check
 * a stream reassembler calls on every message boundary, the dispatcher that
 * parses one whole message, and the decoders for OPEN (with capabilities,
 * RFC 5492, and the extended optional parameters of RFC 9072), NOTIFICATION
 * (with the shutdown communication of RFC 8203/9003) and ROUTE-REFRESH
 * (RFC 2918/7313).  UPDATE lives in bgp_attr.c.  Also the negotiation of
 * what the two OPENs of a session change for parsing (4-octet AS, extended
 * message, add-path) and the hold time.
 *
 * Every byte goes through a struct rd cursor; decoded records point into the
 * caller's buffer and nothing allocates.
 */
#include <stdio.h>

#include "bgp_int.h"

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

int
bgp_fail(struct bgp_error *err, uint8_t code, uint8_t subcode, size_t off,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->code = code;
	err->subcode = subcode;
	err->offset = (uint32_t)off;
	va_start(ap, fmt);
	vsnprintf(err->what, sizeof(err->what), fmt, ap);
	va_end(ap);
	return -1;
}

static void
bgp_err_reset(struct bgp_error *err)
{
	if (err == NULL)
		return;
	err->code = 0;
	err->subcode = 0;
	err->offset = 0;
	err->truncated = false;
	err->what[0] = '\0';
}

/* ------------------------------------------------------------------ */
/* Header                                                              */
/* ------------------------------------------------------------------ */

/* Smallest valid length of each message type (RFC 4271 4.2-4.5, 2918). */
static const uint16_t bgp_min_len[BGP_MSG_TYPE_MAX + 1] = {
	[BGP_MSG_OPEN] = 29,
	[BGP_MSG_UPDATE] = 23,
	[BGP_MSG_NOTIFICATION] = 21,
	[BGP_MSG_KEEPALIVE] = 19,
	[BGP_MSG_ROUTE_REFRESH] = 23,
};

int
bgp_hdr_check(const uint8_t *buf, size_t avail, bool ext_msg, uint16_t *len,
    uint8_t *type, struct bgp_error *err)
{
	struct rd r;
	uint64_t m0, m1;
	uint16_t l = 0, max;
	uint8_t t = 0;
	size_t i;

	bgp_err_reset(err);
	if (avail < BGP_HDR_LEN)
		return 0;
	rd_init(&r, buf, avail);
	/* Two 8-byte compares on the fast path; the byte loop only finds
	 * where a bad marker differs. */
	memcpy(&m0, r.p, 8);
	memcpy(&m1, r.p + 8, 8);
	if ((m0 & m1) != UINT64_MAX) {
		for (i = 0; i < BGP_MARKER_LEN; i++) {
			if (r.p[i] != 0xff)
				return bgp_fail(err, BGP_ERR_HEADER,
				    BGP_HDR_SUB_NOT_SYNC, i, "header: marker "
				    "byte %zu is 0x%02x, not 0xff", i, r.p[i]);
		}
	}
	rd_skip(&r, BGP_MARKER_LEN);
	rd_be16(&r, &l);
	rd_u8(&r, &t);
	if (len != NULL)
		*len = l;
	if (type != NULL)
		*type = t;
	/* RFC 8654: 65535 only once both sides sent the capability. */
	max = ext_msg ? BGP_EXT_MAX_LEN : BGP_MAX_LEN;
	if (l < BGP_HDR_LEN || l > max)
		return bgp_fail(err, BGP_ERR_HEADER, BGP_HDR_SUB_BAD_LENGTH,
		    BGP_MARKER_LEN, "header: length %u outside %u..%u", l,
		    BGP_HDR_LEN, max);
	if (t >= 1 && t <= BGP_MSG_TYPE_MAX) {
		if (l < bgp_min_len[t])
			return bgp_fail(err, BGP_ERR_HEADER,
			    BGP_HDR_SUB_BAD_LENGTH, BGP_MARKER_LEN,
			    "header: %s length %u below minimum %u",
			    bgp_msg_type_name(t), l, bgp_min_len[t]);
		/* RFC 4271 4.4: a KEEPALIVE is the header alone. */
		if (t == BGP_MSG_KEEPALIVE && l != BGP_HDR_LEN)
			return bgp_fail(err, BGP_ERR_HEADER,
			    BGP_HDR_SUB_BAD_LENGTH, BGP_MARKER_LEN,
			    "header: KEEPALIVE length %u, must be 19", l);
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* OPEN and capabilities                                               */
/* ------------------------------------------------------------------ */

struct open_ctx {
	const uint8_t		*msg;	/* start of the message, for offsets */
	struct bgp_open		*o;
	struct bgp_error	*err;
};

static size_t
octx_off(const struct open_ctx *c, const struct rd *r)
{
	return (size_t)(r->p - c->msg);
}

/* Append an (afi, safi) entry to a bounded array; extra ones are ignored
 * (the raw capability list still records them). */
static struct bgp_cap_afi *
cap_afi_push(struct bgp_cap_afi *arr, uint8_t *n)
{
	struct bgp_cap_afi *a;

	if (*n >= BGP_MAX_CAP_AFI)
		return NULL;
	a = &arr[(*n)++];
	memset(a, 0, sizeof(*a));
	return a;
}

static int
cap_bad(struct open_ctx *c, const struct rd *v, uint8_t code, uint8_t len,
    const char *why)
{
	return bgp_fail(c->err, BGP_ERR_OPEN, 0, octx_off(c, v),
	    "OPEN: capability %u (%s) length %u: %s", code, bgp_cap_name(code),
	    len, why);
}

/* A length-prefixed string inside a capability (FQDN, software version). */
static int
cap_string(struct rd *v, char *dst, size_t dstlen)
{
	struct rd s;
	uint8_t n;

	if (rd_u8(v, &n) == -1 || rd_sub(v, n, &s) == -1)
		return -1;
	str_escape_into(dst, dstlen, s.p, n);
	return 0;
}

/* Decode one capability value (the bytes after code and length). */
static int
cap_decode(struct open_ctx *c, uint8_t code, uint8_t len, struct rd *v)
{
	struct bgp_open *o = c->o;
	struct bgp_cap_afi *a;
	uint16_t afi = 0, w = 0;
	uint8_t safi = 0, flags = 0, b = 0;
	uint32_t t = 0;

	switch (code) {
	case BGP_CAP_MP:			/* RFC 4760 */
		if (len != 4)
			return cap_bad(c, v, code, len, "must be 4");
		rd_be16(v, &afi);
		rd_skip(v, 1);
		rd_u8(v, &safi);
		if ((a = cap_afi_push(o->mp, &o->nmp)) != NULL) {
			a->afi = afi;
			a->safi = safi;
		}
		break;
	case BGP_CAP_ROUTE_REFRESH:		/* RFC 2918 */
		o->route_refresh = true;
		break;
	case BGP_CAP_ROUTE_REFRESH_CISCO:	/* pre-standard */
		o->route_refresh_cisco = true;
		break;
	case BGP_CAP_ENHANCED_RR:		/* RFC 7313 */
		o->enhanced_rr = true;
		break;
	case BGP_CAP_EXT_MESSAGE:		/* RFC 8654 */
		o->ext_msg = true;
		break;
	case BGP_CAP_AS4:			/* RFC 6793 */
		if (len != 4)
			return cap_bad(c, v, code, len, "must be 4");
		rd_be32(v, &o->as4);
		o->has_as4 = true;
		break;
	case BGP_CAP_GRACEFUL_RESTART:		/* RFC 4724 3 */
		if (len < 2 || (len - 2) % 4 != 0)
			return cap_bad(c, v, code, len, "not 2 + 4 * n");
		rd_be16(v, &w);
		o->has_gr = true;
		o->gr_flags = (uint8_t)(w >> 12);
		o->gr_time = w & 0x0fff;
		while (rd_left(v) >= 4) {
			rd_be16(v, &afi);
			rd_u8(v, &safi);
			rd_u8(v, &flags);
			if ((a = cap_afi_push(o->gr, &o->ngr)) != NULL) {
				a->afi = afi;
				a->safi = safi;
				a->flags = flags;	/* 0x80: F bit */
			}
		}
		break;
	case BGP_CAP_LLGR:			/* RFC 9494 */
		if (len % 7 != 0)
			return cap_bad(c, v, code, len, "not 7 * n");
		o->has_llgr = true;
		while (rd_left(v) >= 7) {
			rd_be16(v, &afi);
			rd_u8(v, &safi);
			rd_u8(v, &flags);
			rd_be24(v, &t);
			if ((a = cap_afi_push(o->llgr, &o->nllgr)) != NULL) {
				a->afi = afi;
				a->safi = safi;
				a->flags = flags;
				a->time = t;
			}
		}
		break;
	case BGP_CAP_ADD_PATH:			/* RFC 7911 4 */
		if (len % 4 != 0)
			return cap_bad(c, v, code, len, "not 4 * n");
		while (rd_left(v) >= 4) {
			rd_be16(v, &afi);
			rd_u8(v, &safi);
			rd_u8(v, &flags);	/* 1 receive, 2 send, 3 both */
			if ((a = cap_afi_push(o->addpath, &o->naddpath)) !=
			    NULL) {
				a->afi = afi;
				a->safi = safi;
				a->flags = flags;
			}
		}
		break;
	case BGP_CAP_FQDN:		/* draft-walton-bgp-hostname */
		if (cap_string(v, o->hostname, sizeof(o->hostname)) == -1)
			return cap_bad(c, v, code, len, "hostname overruns");
		/* The domain may be absent in short encodings. */
		if (rd_left(v) > 0 &&
		    cap_string(v, o->domain, sizeof(o->domain)) == -1)
			return cap_bad(c, v, code, len, "domain overruns");
		o->has_fqdn = true;
		break;
	case BGP_CAP_ROLE:			/* RFC 9234 4.1 */
		if (len != 1)
			return cap_bad(c, v, code, len, "must be 1");
		rd_u8(v, &b);
		o->has_role = true;
		o->role = b;
		break;
	case BGP_CAP_EXT_NEXTHOP:		/* RFC 8950 3 */
		if (len % 6 != 0)
			return cap_bad(c, v, code, len, "not 6 * n");
		o->has_ext_nexthop = true;
		break;
	case BGP_CAP_SOFTWARE_VERSION:	/* draft-abraitis-...-version */
		if (cap_string(v, o->software_version,
		    sizeof(o->software_version)) == -1)
			return cap_bad(c, v, code, len, "version overruns");
		o->has_software_version = true;
		break;
	default:
		/* Unknown capabilities are recorded raw, never an error. */
		break;
	}
	return 0;
}

/* The capabilities of one optional parameter of type 2 (RFC 5492 4). */
static int
open_caps(struct open_ctx *c, struct rd *p)
{
	struct bgp_open *o = c->o;
	struct rd v;
	uint8_t code, len;

	while (rd_left(p) > 0) {
		if (rd_u8(p, &code) == -1 || rd_u8(p, &len) == -1)
			return bgp_fail(c->err, BGP_ERR_OPEN, 0, octx_off(c, p),
			    "OPEN: capability header cut by its parameter "
			    "(%zu byte left)", rd_left(p));
		if (rd_sub(p, len, &v) == -1)
			return bgp_fail(c->err, BGP_ERR_OPEN, 0,
			    octx_off(c, p) - 2,
			    "OPEN: capability %u (%s) length %u exceeds its "
			    "parameter (%zu left)", code, bgp_cap_name(code),
			    len, rd_left(p));
		if (o->ncaps < BGP_MAX_CAPS) {
			o->caps[o->ncaps].code = code;
			o->caps[o->ncaps].len = len;
			o->ncaps++;
		} else if (o->ncaps_dropped < UINT8_MAX)
			o->ncaps_dropped++;
		if (cap_decode(c, code, len, &v) == -1)
			return -1;
	}
	return 0;
}

static int
open_parse(const uint8_t *msg, struct rd *r, struct bgp_open *o,
    struct bgp_error *err)
{
	struct open_ctx c = { msg, o, err };
	struct rd params, pv;
	uint16_t my_as = 0, hold = 0, plen16 = 0;
	uint8_t version = 0, plen8 = 0, ptype = 0, b = 0;
	uint32_t id = 0;

	memset(o, 0, sizeof(*o));
	/* Length >= 29 was checked, so the fixed part is present. */
	rd_u8(r, &version);
	rd_be16(r, &my_as);
	rd_be16(r, &hold);
	rd_be32(r, &id);
	rd_u8(r, &plen8);
	o->version = version;
	o->my_as = my_as;
	o->hold_time = hold;
	o->bgp_id = id;
	if (version != BGP_VERSION)
		return bgp_fail(err, BGP_ERR_OPEN, BGP_OPEN_SUB_UNSUP_VERSION,
		    BGP_HDR_LEN, "OPEN: version %u, only 4 is supported",
		    version);
	/* RFC 4271 6.2: a hold time of 1 or 2 seconds is refused. */
	if (hold == 1 || hold == 2)
		return bgp_fail(err, BGP_ERR_OPEN, BGP_OPEN_SUB_BAD_HOLD_TIME,
		    BGP_HDR_LEN + 3, "OPEN: hold time %u (must be 0 or >= 3)",
		    hold);
	/* RFC 6286 2.2: the identifier is a nonzero 32-bit number. */
	if (id == 0)
		return bgp_fail(err, BGP_ERR_OPEN, BGP_OPEN_SUB_BAD_BGP_ID,
		    BGP_HDR_LEN + 5, "OPEN: BGP identifier 0.0.0.0");

	/* RFC 9072: 255 then type 255 announces a 2-byte length. */
	if (plen8 == 255 && rd_peek_u8(r, &b) == 0 && b == 255) {
		rd_skip(r, 1);
		if (rd_be16(r, &plen16) == -1)
			return bgp_fail(err, BGP_ERR_OPEN, 0, octx_off(&c, r),
			    "OPEN: extended optional parameters length cut");
		o->ext_opt_params = true;
	} else
		plen16 = plen8;
	if (rd_left(r) != plen16)
		return bgp_fail(err, BGP_ERR_OPEN, 0, octx_off(&c, r) - 1,
		    "OPEN: optional parameters length %u, message has %zu",
		    plen16, rd_left(r));
	rd_sub(r, plen16, &params);
	while (rd_left(&params) > 0) {
		uint16_t vlen;

		if (rd_u8(&params, &ptype) == -1)
			break;
		if (o->ext_opt_params) {
			if (rd_be16(&params, &vlen) == -1)
				return bgp_fail(err, BGP_ERR_OPEN, 0,
				    octx_off(&c, &params),
				    "OPEN: optional parameter header cut");
		} else {
			if (rd_u8(&params, &b) == -1)
				return bgp_fail(err, BGP_ERR_OPEN, 0,
				    octx_off(&c, &params),
				    "OPEN: optional parameter header cut");
			vlen = b;
		}
		if (rd_sub(&params, vlen, &pv) == -1)
			return bgp_fail(err, BGP_ERR_OPEN, 0,
			    octx_off(&c, &params),
			    "OPEN: optional parameter %u length %u exceeds "
			    "remaining %zu", ptype, vlen, rd_left(&params));
		if (ptype != 2)		/* RFC 5492: capabilities */
			return bgp_fail(err, BGP_ERR_OPEN,
			    BGP_OPEN_SUB_UNSUP_OPT_PARAM,
			    octx_off(&c, &pv) - (o->ext_opt_params ? 3 : 2),
			    "OPEN: unsupported optional parameter type %u",
			    ptype);
		if (open_caps(&c, &pv) == -1)
			return -1;
	}
	return 0;
}

uint32_t
bgp_open_asn(const struct bgp_open *o)
{
	return o->has_as4 ? o->as4 : o->my_as;
}

/* ------------------------------------------------------------------ */
/* NOTIFICATION, ROUTE-REFRESH                                         */
/* ------------------------------------------------------------------ */

static int
notification_parse(struct rd *r, struct bgp_notification *n)
{
	struct rd d;
	uint8_t slen;

	n->has_shutdown_msg = false;
	n->shutdown_msg[0] = '\0';
	rd_u8(r, &n->code);
	rd_u8(r, &n->subcode);
	n->data = r->p;
	n->data_len = (uint16_t)rd_left(r);
	/*
	 * RFC 8203/9003: Cease 2 and 4 may carry a length octet and UTF-8
	 * text.  A length beyond the data is not a reason to refuse the
	 * NOTIFICATION (the session ends anyway): the text is just absent.
	 */
	if (n->code == BGP_ERR_CEASE &&
	    (n->subcode == BGP_CEASE_SUB_ADMIN_SHUTDOWN ||
	    n->subcode == BGP_CEASE_SUB_ADMIN_RESET)) {
		rd_init(&d, n->data, n->data_len);
		if (rd_u8(&d, &slen) == 0 && slen > 0 &&
		    rd_left(&d) >= slen) {
			str_escape_into(n->shutdown_msg,
			    sizeof(n->shutdown_msg), d.p, slen);
			n->has_shutdown_msg = true;
		}
	}
	return 0;
}

static int
route_refresh_parse(struct rd *r, uint16_t len, struct bgp_route_refresh *rr,
    struct bgp_error *err)
{
	rd_be16(r, &rr->afi);
	rd_u8(r, &rr->subtype);
	rd_u8(r, &rr->safi);
	/* RFC 7313 5: BoRR/EoRR are exactly 23 bytes; a normal request may
	 * carry ORF entries (RFC 5291) after the fixed part. */
	if (rr->subtype != 0 && len != 23)
		return bgp_fail(err, BGP_ERR_ROUTE_REFRESH, 1, BGP_MARKER_LEN,
		    "ROUTE-REFRESH: length %u with subtype %u, must be 23",
		    len, rr->subtype);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                            */
/* ------------------------------------------------------------------ */

static int	msg_dispatch(const uint8_t *, uint16_t, uint8_t,
		    const struct bgp_neg *, struct bgp_msg *,
		    struct bgp_error *);

int
bgp_msg_parse(const uint8_t *buf, size_t len, const struct bgp_neg *neg,
    struct bgp_msg *out, struct bgp_error *err)
{
	uint16_t mlen = 0;
	uint8_t type = 0;
	int rc;

	out->type = 0;
	out->len = 0;
	out->body = NULL;
	out->body_len = 0;
	rc = bgp_hdr_check(buf, len, neg != NULL && neg->ext_msg, &mlen, &type,
	    err);
	if (rc == 0) {
		bgp_fail(err, BGP_ERR_HEADER, BGP_HDR_SUB_BAD_LENGTH, 0,
		    "header: %zu bytes, a header needs 19", len);
		if (err != NULL)
			err->truncated = true;
		return -1;
	}
	if (rc == -1)
		return -1;
	out->type = type;
	out->len = mlen;
	if (len < mlen) {
		bgp_fail(err, BGP_ERR_HEADER, BGP_HDR_SUB_BAD_LENGTH,
		    BGP_MARKER_LEN, "header: length %u exceeds the %zu bytes "
		    "available", mlen, len);
		if (err != NULL)
			err->truncated = true;
		return -1;
	}
	return msg_dispatch(buf, mlen, type, neg, out, err);
}

int
bgp_msg_parse_framed(const uint8_t *buf, size_t len,
    const struct bgp_neg *neg, struct bgp_msg *out, struct bgp_error *err)
{
	/* The framer's bgp_hdr_check() accepted this header and cut len
	 * bytes for it: a second check would only repeat its answer.  A
	 * caller breaking the contract with fewer bytes than a header gets
	 * the full check rather than an overread. */
	if (len < BGP_HDR_LEN || len > BGP_EXT_MAX_LEN)
		return bgp_msg_parse(buf, len, neg, out, err);
	bgp_err_reset(err);
	out->type = buf[BGP_MARKER_LEN + 2];
	out->len = (uint16_t)len;
	return msg_dispatch(buf, (uint16_t)len, out->type, neg, out, err);
}

/* The body of a message whose header was checked: mlen bytes at buf. */
static int
msg_dispatch(const uint8_t *buf, uint16_t mlen, uint8_t type,
    const struct bgp_neg *neg, struct bgp_msg *out, struct bgp_error *err)
{
	struct rd r;

	out->body = buf + BGP_HDR_LEN;
	out->body_len = (uint16_t)(mlen - BGP_HDR_LEN);
	rd_init(&r, out->body, out->body_len);

	switch (type) {
	case BGP_MSG_OPEN:
		return open_parse(buf, &r, &out->u.open, err);
	case BGP_MSG_UPDATE:
		return bgp_update_parse(buf, out->body, out->body_len, neg,
		    &out->u.update, err);
	case BGP_MSG_NOTIFICATION:
		return notification_parse(&r, &out->u.notification);
	case BGP_MSG_KEEPALIVE:
		return 0;
	case BGP_MSG_ROUTE_REFRESH:
		return route_refresh_parse(&r, mlen, &out->u.route_refresh,
		    err);
	default:
		return bgp_fail(err, BGP_ERR_HEADER, BGP_HDR_SUB_BAD_TYPE,
		    BGP_MARKER_LEN + 2, "header: unknown message type %u",
		    type);
	}
}

/* ------------------------------------------------------------------ */
/* Negotiation                                                         */
/* ------------------------------------------------------------------ */

uint8_t
bgp_afisafi_bit(uint16_t afi, uint8_t safi)
{
	if (afi == BGP_AFI_IPV4 && safi == BGP_SAFI_UNICAST)
		return 0x01;
	if (afi == BGP_AFI_IPV6 && safi == BGP_SAFI_UNICAST)
		return 0x02;
	if (afi == BGP_AFI_IPV4 && safi == BGP_SAFI_MULTICAST)
		return 0x04;
	if (afi == BGP_AFI_IPV6 && safi == BGP_SAFI_MULTICAST)
		return 0x08;
	return 0;
}

/* Add-path flags one speaker advertised for (afi, safi), 0 if none. */
static uint8_t
addpath_flags(const struct bgp_open *o, uint16_t afi, uint8_t safi)
{
	uint8_t i;

	for (i = 0; i < o->naddpath; i++) {
		if (o->addpath[i].afi == afi && o->addpath[i].safi == safi)
			return o->addpath[i].flags;
	}
	return 0;
}

void
bgp_negotiate(const struct bgp_open *sender, const struct bgp_open *receiver,
    struct bgp_neg *out)
{
	uint8_t i, bit;

	out->as4 = sender->has_as4 && receiver->has_as4;
	out->ext_msg = sender->ext_msg && receiver->ext_msg;
	out->addpath_rx = 0;
	/* RFC 7911 4: path IDs flow when the sender may send (2) and the
	 * receiver may receive (1) for the family. */
	for (i = 0; i < sender->naddpath; i++) {
		const struct bgp_cap_afi *a = &sender->addpath[i];

		if ((a->flags & 2) == 0)
			continue;
		if ((addpath_flags(receiver, a->afi, a->safi) & 1) == 0)
			continue;
		bit = bgp_afisafi_bit(a->afi, a->safi);
		out->addpath_rx |= bit;
	}
}

uint16_t
bgp_hold_time(const struct bgp_open *a, const struct bgp_open *b)
{
	if (a->hold_time == 0 || b->hold_time == 0)
		return 0;
	return a->hold_time < b->hold_time ? a->hold_time : b->hold_time;
}
