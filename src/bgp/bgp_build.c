/*
 * bgp_build.c: encoders for OPEN, KEEPALIVE, NOTIFICATION, ROUTE-REFRESH and
 * UPDATE, used by the OPEN-exchange probe, the tests (build, parse, compare)
 * and the benchmark generator.  Each builder appends one whole message to a
 * struct sb (the builder handles binary bytes) and patches the header
 * length at the end; on failure the sb is restored to its previous length.
 */
#include "bgp_int.h"

static void
put8(struct sb *sb, uint8_t v)
{
	sb_addn(sb, (const char *)&v, 1);
}

static void
put16(struct sb *sb, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	sb_addn(sb, (const char *)b, 2);
}

static void
put32(struct sb *sb, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v };

	sb_addn(sb, (const char *)b, 4);
}

static void
patch16(struct sb *sb, size_t at, size_t v)
{
	sb->buf[at] = (char)(uint8_t)(v >> 8);
	sb->buf[at + 1] = (char)(uint8_t)v;
}

/* Start a message: the marker, a length to patch, the type. */
static size_t
msg_begin(struct sb *sb, uint8_t type)
{
	static const uint8_t marker[BGP_MARKER_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	size_t start = sb->len;

	sb_addn(sb, (const char *)marker, sizeof(marker));
	put16(sb, 0);
	put8(sb, type);
	return start;
}

static int
msg_end(struct sb *sb, size_t start, size_t max)
{
	size_t len;

	if (sb->failed)
		return -1;
	len = sb->len - start;
	if (len > max) {
		sb->len = start;
		sb->buf[start] = '\0';
		return -1;
	}
	patch16(sb, start + BGP_MARKER_LEN, len);
	return 0;
}

/* ------------------------------------------------------------------ */
/* OPEN                                                                */
/* ------------------------------------------------------------------ */

static void
cap_afi(struct sb *sb, uint8_t code, uint16_t afi, uint8_t safi)
{
	put8(sb, code);
	put8(sb, 4);
	put16(sb, afi);
	put8(sb, 0);
	put8(sb, safi);
}

int
bgp_build_open(struct sb *sb, const struct bgp_open_params *p)
{
	struct sb caps;
	size_t start, hl = 0;
	int rc;

	sb_init(&caps);
	if (p->cap_mp_ipv4)
		cap_afi(&caps, BGP_CAP_MP, BGP_AFI_IPV4, BGP_SAFI_UNICAST);
	if (p->cap_mp_ipv6)
		cap_afi(&caps, BGP_CAP_MP, BGP_AFI_IPV6, BGP_SAFI_UNICAST);
	if (p->cap_route_refresh) {
		put8(&caps, BGP_CAP_ROUTE_REFRESH);
		put8(&caps, 0);
	}
	if (p->cap_enhanced_rr) {
		put8(&caps, BGP_CAP_ENHANCED_RR);
		put8(&caps, 0);
	}
	if (p->cap_as4) {
		put8(&caps, BGP_CAP_AS4);
		put8(&caps, 4);
		put32(&caps, p->asn);
	}
	if (p->cap_ext_msg) {
		put8(&caps, BGP_CAP_EXT_MESSAGE);
		put8(&caps, 0);
	}
	if (p->cap_gr) {			/* RFC 4724 3 */
		put8(&caps, BGP_CAP_GRACEFUL_RESTART);
		put8(&caps, 6);
		put16(&caps, (uint16_t)((p->gr_flags & 0xf) << 12 |
		    (p->gr_time & 0x0fff)));
		put16(&caps, BGP_AFI_IPV4);
		put8(&caps, BGP_SAFI_UNICAST);
		put8(&caps, 0);
	}
	if (p->cap_addpath_ipv4) {		/* RFC 7911 4 */
		put8(&caps, BGP_CAP_ADD_PATH);
		put8(&caps, 4);
		put16(&caps, BGP_AFI_IPV4);
		put8(&caps, BGP_SAFI_UNICAST);
		put8(&caps, 3);
	}
	if (p->fqdn_host != NULL) {
		hl = strlen(p->fqdn_host);
		if (hl > 64)
			hl = 64;	/* draft-walton: 64 octets */
		put8(&caps, BGP_CAP_FQDN);
		put8(&caps, (uint8_t)(hl + 2));
		put8(&caps, (uint8_t)hl);
		sb_addn(&caps, p->fqdn_host, hl);
		put8(&caps, 0);		/* no domain */
	}
	if (caps.failed) {
		/* out of memory: sb fails too, so the caller can tell this
		 * from a message that would not fit */
		sb_release(&caps);
		sb->failed = true;
		return -1;
	}

	start = msg_begin(sb, BGP_MSG_OPEN);
	put8(sb, BGP_VERSION);
	/* RFC 6793 4.1: AS_TRANS stands in for an ASN above 65535. */
	put16(sb, p->asn > 0xffff ? BGP_AS_TRANS : (uint16_t)p->asn);
	put16(sb, p->hold_time);
	put32(sb, p->bgp_id);
	/* At most 8 + 8 + 2 + 2 + 6 + 2 + 8 + 8 + 68 bytes of capabilities:
	 * one parameter always fits the 1-byte lengths of RFC 5492. */
	if (caps.len == 0)
		put8(sb, 0);
	else {
		put8(sb, (uint8_t)(caps.len + 2));
		put8(sb, 2);		/* RFC 5492: capabilities */
		put8(sb, (uint8_t)caps.len);
		sb_addn(sb, caps.buf, caps.len);
	}
	sb_release(&caps);
	rc = msg_end(sb, start, BGP_MAX_LEN);
	return rc;
}

int
bgp_build_keepalive(struct sb *sb)
{
	return msg_end(sb, msg_begin(sb, BGP_MSG_KEEPALIVE), BGP_MAX_LEN);
}

/* Length of s cut to at most max bytes without splitting a UTF-8
 * sequence (RFC 9003 2: the text is UTF-8). */
static size_t
utf8_cut(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	n = max;
	/* Back off continuation bytes (10xxxxxx) to a character start. */
	while (n > 0 && ((uint8_t)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

int
bgp_build_notification(struct sb *sb, uint8_t code, uint8_t subcode,
    const uint8_t *data, size_t data_len, const char *shutdown_msg)
{
	size_t start, n;

	start = msg_begin(sb, BGP_MSG_NOTIFICATION);
	put8(sb, code);
	put8(sb, subcode);
	if (shutdown_msg != NULL && code == BGP_ERR_CEASE &&
	    (subcode == BGP_CEASE_SUB_ADMIN_SHUTDOWN ||
	    subcode == BGP_CEASE_SUB_ADMIN_RESET)) {
		n = utf8_cut(shutdown_msg, 255);
		put8(sb, (uint8_t)n);
		sb_addn(sb, shutdown_msg, n);
	}
	if (data != NULL && data_len > 0) {
		if (data_len > BGP_MAX_LEN) {
			msg_end(sb, start, 0);
			return -1;
		}
		sb_addn(sb, (const char *)data, data_len);
	}
	return msg_end(sb, start, BGP_MAX_LEN);
}

int
bgp_build_route_refresh(struct sb *sb, uint16_t afi, uint8_t safi)
{
	size_t start = msg_begin(sb, BGP_MSG_ROUTE_REFRESH);

	put16(sb, afi);
	put8(sb, 0);
	put8(sb, safi);
	return msg_end(sb, start, BGP_MAX_LEN);
}

/* ------------------------------------------------------------------ */
/* UPDATE                                                              */
/* ------------------------------------------------------------------ */

/* Attribute header with the extended length bit when needed. */
static void
attr_hdr(struct sb *sb, uint8_t flags, uint8_t type, size_t len)
{
	if (len > 255) {
		put8(sb, flags | 0x10);
		put8(sb, type);
		put16(sb, (uint16_t)len);
	} else {
		put8(sb, flags);
		put8(sb, type);
		put8(sb, (uint8_t)len);
	}
}

static size_t
attr_size(size_t len)
{
	return len > 255 ? 4 + len : 3 + len;
}

static size_t
pfx_size(const struct net_prefix *p)
{
	return 1 + (p->len + 7u) / 8u;
}

static void
put_prefix(struct sb *sb, const struct net_prefix *p)
{
	put8(sb, p->len);
	sb_addn(sb, (const char *)p->addr.a, (p->len + 7u) / 8u);
}

/* The attributes shared by every announcement (not MP_REACH). */
static void
common_attrs(struct sb *sb, const struct bgp_update_params *p, bool v4)
{
	size_t i, seg, left, w = p->as4 ? 4 : 2, pathlen = 0;

	attr_hdr(sb, 0x40, BGP_ATTR_ORIGIN, 1);
	put8(sb, p->origin);
	/* One AS_SEQUENCE, split in segments of at most 255 ASNs. */
	left = p->as_path_len;
	while (left > 0) {
		seg = left > 255 ? 255 : left;
		pathlen += 2 + seg * w;
		left -= seg;
	}
	attr_hdr(sb, 0x40, BGP_ATTR_AS_PATH, pathlen);
	for (i = 0; i < p->as_path_len; i++) {
		if (i % 255 == 0) {
			seg = p->as_path_len - i > 255 ? 255 :
			    p->as_path_len - i;
			put8(sb, 2);
			put8(sb, (uint8_t)seg);
		}
		if (p->as4)
			put32(sb, p->as_path[i]);
		else
			put16(sb, p->as_path[i] > 0xffff ? BGP_AS_TRANS :
			    (uint16_t)p->as_path[i]);
	}
	if (v4) {
		attr_hdr(sb, 0x40, BGP_ATTR_NEXT_HOP, 4);
		sb_addn(sb, (const char *)p->next_hop.a, 4);
	}
	if (p->has_med) {
		attr_hdr(sb, 0x80, BGP_ATTR_MED, 4);
		put32(sb, p->med);
	}
	if (p->has_local_pref) {
		attr_hdr(sb, 0x40, BGP_ATTR_LOCAL_PREF, 4);
		put32(sb, p->local_pref);
	}
	if (p->n_communities > 0) {
		attr_hdr(sb, 0xc0, BGP_ATTR_COMMUNITIES, p->n_communities * 4);
		for (i = 0; i < p->n_communities; i++)
			put32(sb, p->communities[i]);
	}
	if (p->n_large_communities > 0) {
		attr_hdr(sb, 0xc0, BGP_ATTR_LARGE_COMMUNITIES,
		    p->n_large_communities * 12);
		for (i = 0; i < p->n_large_communities * 3; i++)
			put32(sb, p->large_communities[i]);
	}
}

/* How many prefixes from p[0..n) fit in room bytes; *used gets the size. */
static size_t
fit_prefixes(const struct net_prefix *p, size_t n, size_t room, size_t *used)
{
	size_t i, u = 0;

	for (i = 0; i < n; i++) {
		if (u + pfx_size(&p[i]) > room)
			break;
		u += pfx_size(&p[i]);
	}
	*used = u;
	return i;
}

static bool
same_family(const struct net_prefix *p, size_t n, uint8_t fam)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i].addr.family != fam ||
		    p[i].len > net_family_bits(fam))
			return false;
	}
	return true;
}

int
bgp_build_update(struct sb *sb, const struct bgp_update_params *p,
    size_t *consumed_announce, size_t *consumed_withdraw)
{
	struct sb attrs;
	size_t start, max, room, nw = 0, na = 0, wbytes = 0, abytes = 0;
	size_t fixed, mpfix, i;
	uint8_t fam;
	bool v4;

	*consumed_announce = 0;
	*consumed_withdraw = 0;
	max = p->max_len ? p->max_len : BGP_MAX_LEN;
	if (max < 23)
		return -1;
	fam = p->n_announce > 0 ? p->announce[0].addr.family :
	    p->n_withdraw > 0 ? p->withdraw[0].addr.family : NET_AF_INET;
	if (fam != NET_AF_INET && fam != NET_AF_INET6)
		return -1;
	if (!same_family(p->announce, p->n_announce, fam) ||
	    !same_family(p->withdraw, p->n_withdraw, fam))
		return -1;
	v4 = fam == NET_AF_INET;
	if (p->n_announce > 0 && p->next_hop.family != fam)
		return -1;

	sb_init(&attrs);
	if (p->n_announce > 0)
		common_attrs(&attrs, p, v4);
	if (attrs.failed) {
		sb_release(&attrs);
		sb->failed = true;	/* as in bgp_build_open() */
		return -1;
	}
	/* header + withdrawn length + attribute length + common attributes */
	fixed = BGP_HDR_LEN + 4 + attrs.len;
	if (fixed > max) {
		sb_release(&attrs);
		return -1;
	}
	room = max - fixed;
	if (v4) {
		nw = fit_prefixes(p->withdraw, p->n_withdraw, room, &wbytes);
		room -= wbytes;
		na = fit_prefixes(p->announce, p->n_announce, room, &abytes);
	} else {
		/* MP_UNREACH: hdr 4 + AFI/SAFI 3; MP_REACH: hdr 4 + 5 + 16 */
		mpfix = p->n_withdraw > 0 ? 4 + 3 : 0;
		if (mpfix <= room) {
			nw = fit_prefixes(p->withdraw, p->n_withdraw,
			    room - mpfix, &wbytes);
			if (nw == 0)
				mpfix = 0;
			room -= mpfix + wbytes;
		}
		mpfix = p->n_announce > 0 ? 4 + 5 + 16 : 0;
		if (mpfix <= room)
			na = fit_prefixes(p->announce, p->n_announce,
			    room - mpfix, &abytes);
	}
	if ((p->n_announce > 0 || p->n_withdraw > 0) && na == 0 && nw == 0) {
		sb_release(&attrs);
		return -1;	/* not even one prefix fits */
	}

	start = msg_begin(sb, BGP_MSG_UPDATE);
	if (v4) {
		put16(sb, (uint16_t)wbytes);
		for (i = 0; i < nw; i++)
			put_prefix(sb, &p->withdraw[i]);
		put16(sb, (uint16_t)(na > 0 ? attrs.len : 0));
		if (na > 0)
			sb_addn(sb, attrs.buf, attrs.len);
		for (i = 0; i < na; i++)
			put_prefix(sb, &p->announce[i]);
	} else {
		size_t alen = 0;

		put16(sb, 0);
		if (nw > 0)
			alen += attr_size(3 + wbytes);
		if (na > 0)
			alen += attrs.len + attr_size(5 + 16 + abytes);
		put16(sb, (uint16_t)alen);
		if (na > 0) {
			attr_hdr(sb, 0x80, BGP_ATTR_MP_REACH_NLRI,
			    5 + 16 + abytes);
			put16(sb, BGP_AFI_IPV6);
			put8(sb, BGP_SAFI_UNICAST);
			put8(sb, 16);
			sb_addn(sb, (const char *)p->next_hop.a, 16);
			put8(sb, 0);
			for (i = 0; i < na; i++)
				put_prefix(sb, &p->announce[i]);
			sb_addn(sb, attrs.buf, attrs.len);
		}
		if (nw > 0) {
			attr_hdr(sb, 0x80, BGP_ATTR_MP_UNREACH_NLRI,
			    3 + wbytes);
			put16(sb, BGP_AFI_IPV6);
			put8(sb, BGP_SAFI_UNICAST);
			for (i = 0; i < nw; i++)
				put_prefix(sb, &p->withdraw[i]);
		}
	}
	sb_release(&attrs);
	if (msg_end(sb, start, max) == -1)
		return -1;
	*consumed_announce = na;
	*consumed_withdraw = nw;
	return 0;
}
