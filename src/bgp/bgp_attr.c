/*
 * bgp_attr.c: the UPDATE message (RFC 4271 4.3): withdrawn routes, path
 * attributes and NLRI, with the multiprotocol attributes of RFC 4760, the
 * 4-octet AS path of RFC 6793, communities (RFC 1997, 4360, 8092), add-path
 * identifiers (RFC 7911) and End-of-RIB markers (RFC 4724 2).  Malformed
 * input returns -1 with the UPDATE Message Error subcode RFC 4271 6.3 and
 * RFC 7606 give and the field that failed.
 *
 * This is the hot path of a full-table capture: the parser never allocates,
 * clears only struct bgp_update, and walks prefixes with a tight loop that
 * checks lengths and counts without copying.  bgp_nlri_next() and
 * bgp_aspath_next() decode the validated fields for callers that want the
 * values.
 */
#include "bgp_int.h"

/* Attribute flags (RFC 4271 4.3). */
#define ATTR_OPTIONAL	0x80
#define ATTR_TRANSITIVE	0x40
#define ATTR_PARTIAL	0x20
#define ATTR_EXTLEN	0x10

struct upd_ctx {
	const uint8_t		*msg;
	struct bgp_update	*u;
	struct bgp_error	*err;
	bool			 as4;
	uint8_t			 addpath;	/* neg->addpath_rx */
};

static inline size_t
uctx_off(const struct upd_ctx *c, const struct rd *r)
{
	return (size_t)(r->p - c->msg);
}

/* ------------------------------------------------------------------ */
/* Prefixes                                                            */
/* ------------------------------------------------------------------ */

/*
 * Validate and count the prefixes of one NLRI field.  Returns the count, or
 * -1 with *bad_off set to the offending prefix.  *has_default is set when a
 * zero-length prefix is present.  This loop runs for every prefix of a
 * full table: locals only, one load and two compares per prefix.
 */
static inline int64_t
nlri_walk(const uint8_t *p, size_t n, unsigned maxbits, bool addpath,
    bool *has_default, size_t *bad_off, unsigned *bad_len)
{
	size_t i = 0, nb;
	int64_t count = 0;
	unsigned plen;
	bool dflt = false;

	if (!addpath) {
		while (i < n) {
			plen = p[i];
			nb = (plen + 7) >> 3;
			/* need 1 + nb bytes: nb < n - i */
			if (plen > maxbits || nb >= n - i)
				goto bad;
			dflt |= plen == 0;
			i += 1 + nb;
			count++;
		}
	} else {
		while (i < n) {
			/* RFC 7911 3: a 4-byte path identifier first */
			if (n - i < 5)
				goto bad;
			plen = p[i + 4];
			nb = (plen + 7) >> 3;
			if (plen > maxbits || nb >= n - i - 4)
				goto bad;
			dflt |= plen == 0;
			i += 5 + nb;
			count++;
		}
	}
	if (dflt)
		*has_default = true;
	return count;
bad:
	*bad_off = i;
	*bad_len = addpath ? (n - i >= 5 ? p[i + 4] : 0) : p[i];
	return -1;
}

static int
nlri_walk_check(struct upd_ctx *c, const struct rd *f, uint16_t afi, bool addpath,
    const char *field, uint32_t *count, bool *has_default)
{
	size_t bad_off = 0;
	unsigned bad_len = 0;
	int64_t n;
	bool dflt = false;

	n = nlri_walk(f->p, rd_left(f), afi == BGP_AFI_IPV6 ? 128 : 32,
	    addpath, &dflt, &bad_off, &bad_len);
	if (n < 0)
		return bgp_fail(c->err, BGP_ERR_UPDATE, 10,
		    uctx_off(c, f) + bad_off,
		    "UPDATE: %s prefix at byte %zu %s (length %u, %zu bytes "
		    "left)", field, bad_off,
		    bad_len > (afi == BGP_AFI_IPV6 ? 128u : 32u) ?
		    "too long" : "cut", bad_len, rd_left(f) - bad_off);
	*count = (uint32_t)n;
	if (has_default != NULL && dflt)
		*has_default = true;
	return 0;
}

/* Most UPDATEs leave their withdrawn or their NLRI field empty: such a
 * field costs a compare here, not a call. */
static inline int
nlri_check(struct upd_ctx *c, const struct rd *f, uint16_t afi, bool addpath,
    const char *field, uint32_t *count, bool *has_default)
{
	if (f->p == f->end) {
		*count = 0;
		return 0;
	}
	return nlri_walk_check(c, f, afi, addpath, field, count, has_default);
}

/* Families whose NLRI are plain prefixes (RFC 4760 5). */
static inline bool
simple_family(uint16_t afi, uint8_t safi)
{
	return (afi == BGP_AFI_IPV4 || afi == BGP_AFI_IPV6) &&
	    (safi == BGP_SAFI_UNICAST || safi == BGP_SAFI_MULTICAST);
}

int
bgp_nlri_next(struct rd *r, uint16_t afi, bool addpath,
    struct bgp_prefix *out)
{
	struct rd save = *r;
	unsigned maxbits, nbytes;
	uint8_t plen;

	if (rd_left(r) == 0)
		return 0;
	if (afi != BGP_AFI_IPV4 && afi != BGP_AFI_IPV6)
		return -1;
	maxbits = afi == BGP_AFI_IPV6 ? 128 : 32;
	memset(out, 0, sizeof(*out));
	if (addpath) {
		if (rd_be32(r, &out->path_id) == -1)
			goto bad;
		out->has_path_id = true;
	}
	if (rd_u8(r, &plen) == -1 || plen > maxbits)
		goto bad;
	nbytes = (plen + 7u) / 8u;
	if (rd_bytes(r, out->pfx.addr.a, nbytes) == -1)
		goto bad;
	/* Trailing bits are irrelevant on the wire (RFC 4271 4.3): clear. */
	if (plen % 8 != 0)
		out->pfx.addr.a[nbytes - 1] &= (uint8_t)(0xff00u >> (plen % 8));
	out->pfx.addr.family = afi == BGP_AFI_IPV6 ? NET_AF_INET6 :
	    NET_AF_INET;
	out->pfx.len = plen;
	return 1;
bad:
	*r = save;
	return -1;
}

/* ------------------------------------------------------------------ */
/* AS paths                                                            */
/* ------------------------------------------------------------------ */

int
bgp_aspath_next(struct rd *r, bool as4, uint8_t *type, uint32_t *asns,
    size_t max, size_t *count)
{
	struct rd save = *r;
	size_t i, w = as4 ? 4 : 2;
	uint8_t t, n;
	uint16_t a16 = 0;
	uint32_t a32 = 0;

	if (rd_left(r) == 0)
		return 0;
	if (rd_u8(r, &t) == -1 || rd_u8(r, &n) == -1 || t < 1 || t > 4 ||
	    n == 0 || rd_left(r) < (size_t)n * w) {
		*r = save;
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (as4)
			rd_be32(r, &a32);
		else {
			rd_be16(r, &a16);
			a32 = a16;
		}
		if (i < max && asns != NULL)
			asns[i] = a32;
	}
	*type = t;
	*count = n;
	return 1;
}

/*
 * Validate an AS_PATH or AS4_PATH value (RFC 4271 4.3, RFC 7606 7.2): known
 * segment types, nonzero counts, no overrun.  Counts the path length as the
 * decision process does (a set counts one, confederation segments zero) and
 * finds the leftmost ASN.  Returns 0, or -1 with *bad at the segment.
 */
static int
aspath_check(const struct rd *v, bool as4, uint32_t *len, uint32_t *first,
    size_t *bad)
{
	const uint8_t *p = v->p;
	size_t n = rd_left(v), i = 0, w = as4 ? 4 : 2, seglen;
	uint32_t plen = 0;
	bool have_first = false;
	uint8_t t, cnt;

	*first = 0;
	while (i < n) {
		if (n - i < 2)
			goto bad;
		t = p[i];
		cnt = p[i + 1];
		seglen = (size_t)cnt * w;
		if (t < 1 || t > 4 || cnt == 0 || n - i - 2 < seglen)
			goto bad;
		if (t == 2)
			plen += cnt;
		else if (t == 1)
			plen += 1;
		if (!have_first && (t == 1 || t == 2)) {
			const uint8_t *a = p + i + 2;

			*first = as4 ? (uint32_t)a[0] << 24 |
			    (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3] :
			    (uint32_t)a[0] << 8 | a[1];
			have_first = true;
		}
		i += 2 + seglen;
	}
	*len = plen;
	return 0;
bad:
	*bad = i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Attributes                                                          */
/* ------------------------------------------------------------------ */

/*
 * Expected optional/transitive bits of the attributes we recognise
 * (RFC 4271 5, 4760, 6793, 1997, 4360, 8092, 4456), 0xff when unknown.
 */
static const uint8_t attr_flags_expected[64] = {
	[0] = 0xff,
	[BGP_ATTR_ORIGIN] = ATTR_TRANSITIVE,
	[BGP_ATTR_AS_PATH] = ATTR_TRANSITIVE,
	[BGP_ATTR_NEXT_HOP] = ATTR_TRANSITIVE,
	[BGP_ATTR_MED] = ATTR_OPTIONAL,
	[BGP_ATTR_LOCAL_PREF] = ATTR_TRANSITIVE,
	[BGP_ATTR_ATOMIC_AGGREGATE] = ATTR_TRANSITIVE,
	[BGP_ATTR_AGGREGATOR] = ATTR_OPTIONAL | ATTR_TRANSITIVE,
	[BGP_ATTR_COMMUNITIES] = ATTR_OPTIONAL | ATTR_TRANSITIVE,
	[BGP_ATTR_ORIGINATOR_ID] = ATTR_OPTIONAL,
	[BGP_ATTR_CLUSTER_LIST] = ATTR_OPTIONAL,
	[11] = 0xff, [12] = 0xff, [13] = 0xff,
	[BGP_ATTR_MP_REACH_NLRI] = ATTR_OPTIONAL,
	[BGP_ATTR_MP_UNREACH_NLRI] = ATTR_OPTIONAL,
	[BGP_ATTR_EXT_COMMUNITIES] = ATTR_OPTIONAL | ATTR_TRANSITIVE,
	[BGP_ATTR_AS4_PATH] = ATTR_OPTIONAL | ATTR_TRANSITIVE,
	[BGP_ATTR_AS4_AGGREGATOR] = ATTR_OPTIONAL | ATTR_TRANSITIVE,
	[19] = 0xff, [20] = 0xff, [21] = 0xff, [22] = 0xff, [23] = 0xff,
	[24] = 0xff, [25] = 0xff, [26] = 0xff, [27] = 0xff, [28] = 0xff,
	[29] = 0xff, [30] = 0xff, [31] = 0xff,
	[BGP_ATTR_LARGE_COMMUNITIES] = ATTR_OPTIONAL | ATTR_TRANSITIVE,
	[33] = 0xff, [34] = 0xff, [35] = 0xff, [36] = 0xff, [37] = 0xff,
	[38] = 0xff, [39] = 0xff, [40] = 0xff, [41] = 0xff, [42] = 0xff,
	[43] = 0xff, [44] = 0xff, [45] = 0xff, [46] = 0xff, [47] = 0xff,
	[48] = 0xff, [49] = 0xff, [50] = 0xff, [51] = 0xff, [52] = 0xff,
	[53] = 0xff, [54] = 0xff, [55] = 0xff, [56] = 0xff, [57] = 0xff,
	[58] = 0xff, [59] = 0xff, [60] = 0xff, [61] = 0xff, [62] = 0xff,
	[63] = 0xff,
};

static int
attr_len_bad(struct upd_ctx *c, const struct rd *v, uint8_t type,
    const char *want)
{
	return bgp_fail(c->err, BGP_ERR_UPDATE, 5, uctx_off(c, v),
	    "UPDATE: attribute %s length %zu, %s", bgp_attr_name(type),
	    rd_left(v), want);
}

static inline uint32_t
be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
attr_mp_reach(struct upd_ctx *c, struct rd *v)
{
	struct bgp_update *u = c->u;
	uint16_t afi;
	uint8_t safi, nhlen, b;
	struct rd nh;

	if (rd_be16(v, &afi) == -1 || rd_u8(v, &safi) == -1 ||
	    rd_u8(v, &nhlen) == -1)
		return bgp_fail(c->err, BGP_ERR_UPDATE, 9, uctx_off(c, v),
		    "UPDATE: MP_REACH_NLRI header cut (%zu bytes)",
		    rd_left(v));
	if (rd_sub(v, nhlen, &nh) == -1 || rd_u8(v, &b) == -1)
		return bgp_fail(c->err, BGP_ERR_UPDATE, 9, uctx_off(c, v),
		    "UPDATE: MP_REACH_NLRI next hop length %u exceeds "
		    "remaining %zu", nhlen, rd_left(v));
	u->has_mp_reach = true;
	u->mp_reach_afi = afi;
	u->mp_reach_safi = safi;
	u->mp_reach_nlri = *v;
	if (!simple_family(afi, safi))
		return 0;	/* VPN, labeled, EVPN...: kept raw */
	/* RFC 4760 3, RFC 2545 3, RFC 8950 3: 4, 16 or 32 bytes. */
	if (nhlen == 4) {
		net_addr_from4(&u->mp_nexthop[0], nh.p);
		u->n_mp_nexthop = 1;
	} else if (nhlen == 16 || nhlen == 32) {
		net_addr_from6(&u->mp_nexthop[0], nh.p);
		u->n_mp_nexthop = 1;
		if (nhlen == 32) {
			net_addr_from6(&u->mp_nexthop[1], nh.p + 16);
			u->n_mp_nexthop = 2;
		}
	} else
		return bgp_fail(c->err, BGP_ERR_UPDATE, 9,
		    uctx_off(c, &nh) - 1,
		    "UPDATE: MP_REACH_NLRI %s next hop length %u (4, 16 or 32)",
		    bgp_afi_name(afi), nhlen);
	u->addpath_mp = (c->addpath & bgp_afisafi_bit(afi, safi)) != 0;
	return nlri_check(c, v, afi, u->addpath_mp, "MP_REACH_NLRI",
	    &u->n_mp_reach, afi == BGP_AFI_IPV6 ? &u->default_v6 :
	    &u->default_v4);
}

static int
attr_mp_unreach(struct upd_ctx *c, struct rd *v)
{
	struct bgp_update *u = c->u;
	uint16_t afi;
	uint8_t safi;

	if (rd_be16(v, &afi) == -1 || rd_u8(v, &safi) == -1)
		return bgp_fail(c->err, BGP_ERR_UPDATE, 9, uctx_off(c, v),
		    "UPDATE: MP_UNREACH_NLRI header cut (%zu bytes)",
		    rd_left(v));
	u->has_mp_unreach = true;
	u->mp_unreach_afi = afi;
	u->mp_unreach_safi = safi;
	u->mp_unreach_nlri = *v;
	if (!simple_family(afi, safi))
		return 0;
	u->addpath_mp_unreach = (c->addpath & bgp_afisafi_bit(afi, safi)) != 0;
	return nlri_check(c, v, afi, u->addpath_mp_unreach, "MP_UNREACH_NLRI",
	    &u->n_mp_unreach, NULL);
}

/* Decode one attribute value held by the child cursor v. */
static int
attr_one(struct upd_ctx *c, uint8_t flags, uint8_t type, struct rd *v)
{
	struct bgp_update *u = c->u;
	size_t len = rd_left(v), bad;
	uint32_t a32;
	uint16_t a16;

	switch (type) {
	case BGP_ATTR_ORIGIN:
		if (len != 1)
			return attr_len_bad(c, v, type, "must be 1");
		rd_u8(v, &u->origin);
		if (u->origin > 2)	/* RFC 4271 6.3 */
			return bgp_fail(c->err, BGP_ERR_UPDATE, 6,
			    uctx_off(c, v) - 1,
			    "UPDATE: ORIGIN value %u (0..2)", u->origin);
		u->has_origin = true;
		break;
	case BGP_ATTR_AS_PATH:
		if (aspath_check(v, c->as4, &u->as_path_count, &u->first_as,
		    &bad) == -1)
			return bgp_fail(c->err, BGP_ERR_UPDATE, 11,
			    uctx_off(c, v) + bad,
			    "UPDATE: AS_PATH segment at byte %zu malformed "
			    "(%s-octet ASNs, %zu bytes)", bad,
			    c->as4 ? "4" : "2", len);
		u->has_as_path = true;
		u->as_path = *v;
		u->as_path_as4 = c->as4;
		break;
	case BGP_ATTR_AS4_PATH:			/* RFC 6793 */
		if (aspath_check(v, true, &a32, &a32, &bad) == -1)
			return bgp_fail(c->err, BGP_ERR_UPDATE, 9,
			    uctx_off(c, v) + bad,
			    "UPDATE: AS4_PATH segment at byte %zu malformed",
			    bad);
		u->has_as4_path = true;
		u->as4_path = *v;
		break;
	case BGP_ATTR_NEXT_HOP:
		if (len != 4)
			return attr_len_bad(c, v, type, "must be 4");
		net_addr_from4(&u->next_hop, v->p);
		a32 = be32_at(v->p);
		/* RFC 4271 6.3: a next hop that cannot be one. */
		if (a32 == 0 || (a32 >> 24) == 127 || a32 >= 0xe0000000u)
			return bgp_fail(c->err, BGP_ERR_UPDATE, 8,
			    uctx_off(c, v), "UPDATE: NEXT_HOP %u.%u.%u.%u is "
			    "not a unicast address", v->p[0], v->p[1],
			    v->p[2], v->p[3]);
		u->has_next_hop = true;
		break;
	case BGP_ATTR_MED:
		if (len != 4)
			return attr_len_bad(c, v, type, "must be 4");
		rd_be32(v, &u->med);
		u->has_med = true;
		break;
	case BGP_ATTR_LOCAL_PREF:
		if (len != 4)
			return attr_len_bad(c, v, type, "must be 4");
		rd_be32(v, &u->local_pref);
		u->has_local_pref = true;
		break;
	case BGP_ATTR_ATOMIC_AGGREGATE:
		if (len != 0)
			return attr_len_bad(c, v, type, "must be 0");
		u->atomic_aggregate = true;
		break;
	case BGP_ATTR_AGGREGATOR:
		if (len != (c->as4 ? 8u : 6u))
			return attr_len_bad(c, v, type, c->as4 ?
			    "must be 8 (4-octet AS)" : "must be 6");
		if (c->as4)
			rd_be32(v, &a32);
		else {
			rd_be16(v, &a16);
			a32 = a16;
		}
		/* RFC 6793 4.2.3: AS4_AGGREGATOR, when it came first,
		 * holds the real AS behind AS_TRANS. */
		if (a32 != BGP_AS_TRANS || u->aggregator_as == 0)
			u->aggregator_as = a32;
		net_addr_from4(&u->aggregator_addr, v->p);
		u->has_aggregator = true;
		break;
	case BGP_ATTR_AS4_AGGREGATOR:		/* RFC 6793 4.2.3 */
		if (len != 8)
			return attr_len_bad(c, v, type, "must be 8");
		rd_be32(v, &a32);
		/* Between 4-octet speakers AGGREGATOR is authoritative. */
		if (c->as4)
			break;
		if (!u->has_aggregator || u->aggregator_as == BGP_AS_TRANS) {
			u->aggregator_as = a32;
			if (!u->has_aggregator)
				net_addr_from4(&u->aggregator_addr, v->p);
		}
		break;
	case BGP_ATTR_COMMUNITIES:		/* RFC 1997 */
		if (len % 4 != 0)
			return attr_len_bad(c, v, type, "not a multiple of 4");
		u->communities = *v;
		u->n_communities = (uint32_t)(len / 4);
		break;
	case BGP_ATTR_LARGE_COMMUNITIES:	/* RFC 8092 */
		if (len % 12 != 0 || len == 0)
			return attr_len_bad(c, v, type,
			    "not a nonzero multiple of 12");
		u->large_communities = *v;
		u->n_large_communities = (uint32_t)(len / 12);
		break;
	case BGP_ATTR_EXT_COMMUNITIES:		/* RFC 4360 */
		if (len % 8 != 0)
			return attr_len_bad(c, v, type, "not a multiple of 8");
		break;
	case BGP_ATTR_ORIGINATOR_ID:		/* RFC 4456 */
		if (len != 4)
			return attr_len_bad(c, v, type, "must be 4");
		break;
	case BGP_ATTR_CLUSTER_LIST:
		if (len % 4 != 0 || len == 0)
			return attr_len_bad(c, v, type,
			    "not a nonzero multiple of 4");
		break;
	case BGP_ATTR_MP_REACH_NLRI:		/* RFC 4760 */
		return attr_mp_reach(c, v);
	case BGP_ATTR_MP_UNREACH_NLRI:
		return attr_mp_unreach(c, v);
	default:
		/* RFC 4271 6.3: an unknown well-known attribute. */
		if ((flags & ATTR_OPTIONAL) == 0)
			return bgp_fail(c->err, BGP_ERR_UPDATE, 2,
			    uctx_off(c, v) - 3,
			    "UPDATE: unrecognized well-known attribute %u",
			    type);
		break;	/* unknown optional: skipped */
	}
	return 0;
}

static int
attrs_parse(struct upd_ctx *c, struct rd *attrs)
{
	struct bgp_update *u = c->u;
	struct rd v;
	uint8_t flags, type, l8, want;
	uint16_t len;
	size_t hdr_off;

	while (rd_left(attrs) > 0) {
		hdr_off = uctx_off(c, attrs);
		if (rd_u8(attrs, &flags) == -1 || rd_u8(attrs, &type) == -1)
			return bgp_fail(c->err, BGP_ERR_UPDATE, 1, hdr_off,
			    "UPDATE: attribute header cut (%zu byte left)",
			    rd_left(attrs));
		if (flags & ATTR_EXTLEN) {
			if (rd_be16(attrs, &len) == -1)
				return bgp_fail(c->err, BGP_ERR_UPDATE, 1,
				    hdr_off, "UPDATE: attribute %s length "
				    "field cut", bgp_attr_name(type));
		} else {
			if (rd_u8(attrs, &l8) == -1)
				return bgp_fail(c->err, BGP_ERR_UPDATE, 1,
				    hdr_off, "UPDATE: attribute %s length "
				    "field cut", bgp_attr_name(type));
			len = l8;
		}
		if (rd_sub(attrs, len, &v) == -1)
			return bgp_fail(c->err, BGP_ERR_UPDATE, 5, hdr_off,
			    "UPDATE: attribute %s length %u exceeds remaining "
			    "%zu", bgp_attr_name(type), len, rd_left(attrs));
		if (type < 64) {
			/* RFC 4271 6.3: each attribute at most once. */
			if (u->attr_seen & (UINT64_C(1) << type))
				return bgp_fail(c->err, BGP_ERR_UPDATE, 1,
				    hdr_off, "UPDATE: attribute %s repeated",
				    bgp_attr_name(type));
			u->attr_seen |= UINT64_C(1) << type;
			want = attr_flags_expected[type];
			if (want != 0xff &&
			    (flags & (ATTR_OPTIONAL | ATTR_TRANSITIVE)) != want)
				return bgp_fail(c->err, BGP_ERR_UPDATE, 4,
				    hdr_off, "UPDATE: attribute %s flags 0x%02x"
				    ", expected %s %s", bgp_attr_name(type),
				    flags, want & ATTR_OPTIONAL ? "optional" :
				    "well-known", want & ATTR_TRANSITIVE ?
				    "transitive" : "non-transitive");
		}
		if (u->nattrs < UINT8_MAX)
			u->nattrs++;
		if (attr_one(c, flags, type, &v) == -1)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* UPDATE                                                              */
/* ------------------------------------------------------------------ */

/*
 * Clear what a parse fills.  Field by field rather than memset: this runs
 * once per UPDATE of a full table and a 336-byte clear shows in profiles.
 * Addresses are left alone: they are meaningful only under their has_ or
 * count field, which is cleared.
 */
static inline void
upd_reset(struct bgp_update *u)
{
	static const struct rd empty;

	u->withdrawn = u->attrs = u->nlri = empty;
	u->n_withdrawn = u->n_nlri = 0;
	u->has_mp_reach = false;
	u->mp_reach_afi = 0;
	u->mp_reach_safi = 0;
	u->n_mp_nexthop = 0;
	u->mp_reach_nlri = empty;
	u->n_mp_reach = 0;
	u->has_mp_unreach = false;
	u->mp_unreach_afi = 0;
	u->mp_unreach_safi = 0;
	u->mp_unreach_nlri = empty;
	u->n_mp_unreach = 0;
	u->is_eor = false;
	u->eor_afi = 0;
	u->eor_safi = 0;
	u->default_v4 = u->default_v6 = false;
	u->attr_seen = 0;
	u->nattrs = 0;
	u->has_origin = false;
	u->origin = 0;
	u->has_as_path = false;
	u->as_path = empty;
	u->as_path_as4 = false;
	u->as_path_count = 0;
	u->first_as = 0;
	u->has_as4_path = false;
	u->as4_path = empty;
	u->has_next_hop = false;
	u->has_med = false;
	u->med = 0;
	u->has_local_pref = false;
	u->local_pref = 0;
	u->atomic_aggregate = false;
	u->has_aggregator = false;
	u->aggregator_as = 0;
	u->communities = empty;
	u->n_communities = 0;
	u->large_communities = empty;
	u->n_large_communities = 0;
	u->addpath_v4 = u->addpath_mp = u->addpath_mp_unreach = false;
}

int
bgp_update_parse(const uint8_t *msg, const uint8_t *body, size_t body_len,
    const struct bgp_neg *neg, struct bgp_update *u, struct bgp_error *err)
{
	struct upd_ctx c;
	struct rd r;
	uint16_t wlen = 0, alen = 0;

	upd_reset(u);
	c.msg = msg;
	c.u = u;
	c.err = err;
	c.as4 = neg != NULL && neg->as4;
	c.addpath = neg != NULL ? neg->addpath_rx : 0;

	rd_init(&r, body, body_len);
	/* RFC 4271 6.3: lengths that do not add up: malformed list. */
	if (rd_be16(&r, &wlen) == -1 || rd_sub(&r, wlen, &u->withdrawn) == -1)
		return bgp_fail(err, BGP_ERR_UPDATE, 1, BGP_HDR_LEN,
		    "UPDATE: withdrawn routes length %u exceeds remaining %zu",
		    wlen, rd_left(&r));
	if (rd_be16(&r, &alen) == -1 || rd_sub(&r, alen, &u->attrs) == -1)
		return bgp_fail(err, BGP_ERR_UPDATE, 1,
		    BGP_HDR_LEN + 2 + (size_t)wlen,
		    "UPDATE: total path attribute length %u exceeds remaining "
		    "%zu", alen, rd_left(&r));
	u->nlri = r;

	u->addpath_v4 = (c.addpath & 0x01) != 0;
	if (nlri_check(&c, &u->withdrawn, BGP_AFI_IPV4, u->addpath_v4,
	    "withdrawn", &u->n_withdrawn, NULL) == -1)
		return -1;
	{
		struct rd a = u->attrs;

		if (attrs_parse(&c, &a) == -1)
			return -1;
	}
	if (nlri_check(&c, &u->nlri, BGP_AFI_IPV4, u->addpath_v4, "NLRI",
	    &u->n_nlri, &u->default_v4) == -1)
		return -1;

	/* RFC 4271 6.3: announcing needs the well-known mandatory ones. */
	if (u->n_nlri > 0 || u->n_mp_reach > 0) {
		const char *missing = NULL;

		if (!u->has_origin)
			missing = "ORIGIN";
		else if (!u->has_as_path)
			missing = "AS_PATH";
		else if (u->n_nlri > 0 && !u->has_next_hop)
			missing = "NEXT_HOP";
		if (missing != NULL)
			return bgp_fail(err, BGP_ERR_UPDATE, 3,
			    BGP_HDR_LEN + 4 + (size_t)wlen,
			    "UPDATE: missing well-known attribute %s",
			    missing);
	}

	/* RFC 4724 2: End-of-RIB. */
	if (wlen == 0 && alen == 0 && rd_left(&u->nlri) == 0) {
		u->is_eor = true;
		u->eor_afi = BGP_AFI_IPV4;
		u->eor_safi = BGP_SAFI_UNICAST;
	} else if (wlen == 0 && rd_left(&u->nlri) == 0 && u->nattrs == 1 &&
	    u->has_mp_unreach && rd_left(&u->mp_unreach_nlri) == 0) {
		u->is_eor = true;
		u->eor_afi = u->mp_unreach_afi;
		u->eor_safi = u->mp_unreach_safi;
	}
	return 0;
}
