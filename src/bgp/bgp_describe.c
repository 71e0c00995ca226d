/*
 * bgp_describe.c: human text for one decoded message, used by the session
 * timeline (--timeline).  A header line ("OPEN v4 AS 65010 hold 9 id
 * 172.16.0.1") and indented detail lines: every capability with its values,
 * every path attribute in wire order, prefixes up to a limit.  Everything
 * that came from the wire and is text is escaped; nothing here prints.
 */
#include "bgp_int.h"

static void
add_id(struct sb *sb, uint32_t id)
{
	sb_addf(sb, "%u.%u.%u.%u", id >> 24, (id >> 16) & 0xff,
	    (id >> 8) & 0xff, id & 0xff);
}

static void
add_afisafi(struct sb *sb, uint16_t afi, uint8_t safi)
{
	const char *a = bgp_afi_name(afi), *s = bgp_safi_name(safi);

	if (strcmp(a, "unknown") == 0)
		sb_addf(sb, "AFI %u", afi);
	else
		sb_add(sb, a);
	if (strcmp(s, "unknown") == 0)
		sb_addf(sb, " SAFI %u", safi);
	else
		sb_addf(sb, " %s", s);
}

static void
add_hex(struct sb *sb, const uint8_t *p, size_t n, size_t max)
{
	size_t i;

	for (i = 0; i < n && i < max; i++)
		sb_addf(sb, "%s%02x", i ? " " : "", p[i]);
	if (n > max)
		sb_addf(sb, " ... (%zu bytes)", n);
}

/* ------------------------------------------------------------------ */
/* OPEN                                                                */
/* ------------------------------------------------------------------ */

static void
describe_afi_list(struct sb *sb, const struct bgp_cap_afi *a, uint8_t n,
    int kind)
{
	static const char *ap[] = { "none", "receive", "send", "send/receive" };
	uint8_t i;

	for (i = 0; i < n; i++) {
		sb_add(sb, i ? ", " : " ");
		add_afisafi(sb, a[i].afi, a[i].safi);
		if (kind == BGP_CAP_GRACEFUL_RESTART && (a[i].flags & 0x80))
			sb_add(sb, " F");
		else if (kind == BGP_CAP_ADD_PATH)
			sb_addf(sb, " %s", ap[a[i].flags & 3]);
		else if (kind == BGP_CAP_LLGR)
			sb_addf(sb, "%s stale %us",
			    a[i].flags & 0x80 ? " F" : "", a[i].time);
	}
}

static void
describe_open(struct sb *sb, const struct bgp_open *o)
{
	uint8_t i, nmp = 0;

	sb_addf(sb, "OPEN v%u AS %u", o->version, bgp_open_asn(o));
	if (o->has_as4 && o->as4 != o->my_as)
		sb_addf(sb, " (my AS %u)", o->my_as);
	sb_addf(sb, " hold %u id ", o->hold_time);
	add_id(sb, o->bgp_id);
	if (o->ext_opt_params)
		sb_add(sb, " (extended optional parameters)");
	sb_addc(sb, '\n');

	for (i = 0; i < o->ncaps; i++) {
		uint8_t code = o->caps[i].code;

		sb_addf(sb, "  capability %u %s", code, bgp_cap_name(code));
		switch (code) {
		case BGP_CAP_MP:
			/* The n-th MP capability is mp[n]. */
			if (nmp < o->nmp) {
				sb_addc(sb, ' ');
				add_afisafi(sb, o->mp[nmp].afi,
				    o->mp[nmp].safi);
			}
			nmp++;
			break;
		case BGP_CAP_AS4:
			sb_addf(sb, " %u", o->as4);
			break;
		case BGP_CAP_GRACEFUL_RESTART:
			sb_addf(sb, " restart time %us%s%s", o->gr_time,
			    o->gr_flags & 0x8 ? " R" : "",
			    o->gr_flags & 0x4 ? " N" : "");
			describe_afi_list(sb, o->gr, o->ngr, code);
			break;
		case BGP_CAP_LLGR:
			describe_afi_list(sb, o->llgr, o->nllgr, code);
			break;
		case BGP_CAP_ADD_PATH:
			describe_afi_list(sb, o->addpath, o->naddpath, code);
			break;
		case BGP_CAP_FQDN:
			sb_addf(sb, " %s%s%s", o->hostname,
			    o->domain[0] ? "." : "", o->domain);
			break;
		case BGP_CAP_ROLE:
			sb_addf(sb, " %u", o->role);
			break;
		case BGP_CAP_SOFTWARE_VERSION:
			sb_addf(sb, " \"%s\"", o->software_version);
			break;
		default:
			if (o->caps[i].len > 0 &&
			    strcmp(bgp_cap_name(code), "unknown") == 0)
				sb_addf(sb, " (%u bytes)", o->caps[i].len);
			break;
		}
		sb_addc(sb, '\n');
	}
	if (o->ncaps_dropped > 0)
		sb_addf(sb, "  ... %u more capabilities\n", o->ncaps_dropped);
}

/* ------------------------------------------------------------------ */
/* UPDATE                                                              */
/* ------------------------------------------------------------------ */

static void
describe_aspath(struct sb *sb, struct rd r, bool as4)
{
	uint32_t asns[256];
	size_t n, i;
	uint8_t t;
	bool first = true;

	while (bgp_aspath_next(&r, as4, &t, asns, 256, &n) == 1) {
		if (!first)
			sb_addc(sb, ' ');
		first = false;
		sb_add(sb, t == 1 ? "{" : t == 3 ? "(" : t == 4 ? "[" : "");
		for (i = 0; i < n && i < 256; i++) {
			sb_addf(sb, "%s%u", i == 0 ? "" : t == 2 || t == 3 ?
			    " " : ",", asns[i]);
		}
		sb_add(sb, t == 1 ? "}" : t == 3 ? ")" : t == 4 ? "]" : "");
	}
	if (first)
		sb_add(sb, "(empty)");
}

static void
describe_prefixes(struct sb *sb, const char *label, struct rd r,
    uint16_t afi, bool addpath, uint32_t total, unsigned max)
{
	struct bgp_prefix p;
	char buf[NET_PREFIX_STRLEN];
	unsigned shown = 0;

	while (shown < max && bgp_nlri_next(&r, afi, addpath, &p) == 1) {
		sb_addf(sb, "  %s %s", label, net_prefix_str(&p.pfx, buf));
		if (p.has_path_id)
			sb_addf(sb, " path-id %u", p.path_id);
		sb_addc(sb, '\n');
		shown++;
	}
	if (total > shown)
		sb_addf(sb, "  ... %u more %s\n", total - shown, label);
}

static void
describe_attr(struct sb *sb, const struct bgp_update *u, uint8_t flags,
    uint8_t type, struct rd v)
{
	static const char *origins[] = { "IGP", "EGP", "INCOMPLETE" };
	char buf[NET_ADDR_STRLEN];
	size_t len = rd_left(&v);
	uint32_t a, b, c;
	uint16_t h, l;
	uint8_t i;

	sb_addf(sb, "  %s", bgp_attr_name(type));
	if (strcmp(bgp_attr_name(type), "unknown") == 0)
		sb_addf(sb, " %u (flags 0x%02x, %zu bytes)", type, flags, len);
	switch (type) {
	case BGP_ATTR_ORIGIN:
		sb_addf(sb, " %s", origins[u->origin % 3]);
		break;
	case BGP_ATTR_AS_PATH:
		sb_addc(sb, ' ');
		describe_aspath(sb, v, u->as_path_as4);
		break;
	case BGP_ATTR_AS4_PATH:
		sb_addc(sb, ' ');
		describe_aspath(sb, v, true);
		break;
	case BGP_ATTR_NEXT_HOP:
		sb_addf(sb, " %s", net_addr_str(&u->next_hop, buf));
		break;
	case BGP_ATTR_MED:
		sb_addf(sb, " %u", u->med);
		break;
	case BGP_ATTR_LOCAL_PREF:
		sb_addf(sb, " %u", u->local_pref);
		break;
	case BGP_ATTR_AGGREGATOR:
	case BGP_ATTR_AS4_AGGREGATOR:
		sb_addf(sb, " AS %u %s", u->aggregator_as,
		    net_addr_str(&u->aggregator_addr, buf));
		break;
	case BGP_ATTR_COMMUNITIES:
		while (rd_be16(&v, &h) == 0 && rd_be16(&v, &l) == 0)
			sb_addf(sb, " %u:%u", h, l);
		break;
	case BGP_ATTR_LARGE_COMMUNITIES:
		while (rd_be32(&v, &a) == 0 && rd_be32(&v, &b) == 0 &&
		    rd_be32(&v, &c) == 0)
			sb_addf(sb, " %u:%u:%u", a, b, c);
		break;
	case BGP_ATTR_EXT_COMMUNITIES:
		while (rd_left(&v) >= 8) {
			sb_addc(sb, ' ');
			add_hex(sb, v.p, 8, 8);
			rd_skip(&v, 8);
		}
		break;
	case BGP_ATTR_ORIGINATOR_ID:
		if (rd_be32(&v, &a) == 0) {
			sb_addc(sb, ' ');
			add_id(sb, a);
		}
		break;
	case BGP_ATTR_CLUSTER_LIST:
		while (rd_be32(&v, &a) == 0) {
			sb_addc(sb, ' ');
			add_id(sb, a);
		}
		break;
	case BGP_ATTR_MP_REACH_NLRI:
		sb_addc(sb, ' ');
		add_afisafi(sb, u->mp_reach_afi, u->mp_reach_safi);
		for (i = 0; i < u->n_mp_nexthop; i++)
			sb_addf(sb, " next hop %s",
			    net_addr_str(&u->mp_nexthop[i], buf));
		sb_addf(sb, ", %u prefixes", u->n_mp_reach);
		break;
	case BGP_ATTR_MP_UNREACH_NLRI:
		sb_addc(sb, ' ');
		add_afisafi(sb, u->mp_unreach_afi, u->mp_unreach_safi);
		sb_addf(sb, ", %u prefixes", u->n_mp_unreach);
		break;
	default:
		break;
	}
	sb_addc(sb, '\n');
}

static void
describe_update(struct sb *sb, const struct bgp_update *u, unsigned max)
{
	struct rd a = u->attrs, v;
	uint8_t flags, type, l8;
	uint16_t len;
	bool mp_simple;

	if (u->is_eor) {
		sb_add(sb, "UPDATE End-of-RIB ");
		add_afisafi(sb, u->eor_afi, u->eor_safi);
		sb_addc(sb, '\n');
		return;
	}
	sb_addf(sb, "UPDATE %u announced, %u withdrawn\n",
	    u->n_nlri + u->n_mp_reach, u->n_withdrawn + u->n_mp_unreach);
	/* The attributes were validated by the parser; walk them again in
	 * wire order, stopping quietly at anything odd. */
	while (rd_left(&a) > 0) {
		if (rd_u8(&a, &flags) == -1 || rd_u8(&a, &type) == -1)
			break;
		if (flags & 0x10) {
			if (rd_be16(&a, &len) == -1)
				break;
		} else {
			if (rd_u8(&a, &l8) == -1)
				break;
			len = l8;
		}
		if (rd_sub(&a, len, &v) == -1)
			break;
		describe_attr(sb, u, flags, type, v);
	}
	describe_prefixes(sb, "withdrawn", u->withdrawn, BGP_AFI_IPV4,
	    u->addpath_v4, u->n_withdrawn, max);
	describe_prefixes(sb, "announced", u->nlri, BGP_AFI_IPV4,
	    u->addpath_v4, u->n_nlri, max);
	if (u->has_mp_unreach) {
		mp_simple = u->mp_unreach_afi == BGP_AFI_IPV4 ||
		    u->mp_unreach_afi == BGP_AFI_IPV6;
		if (mp_simple && (u->mp_unreach_safi == BGP_SAFI_UNICAST ||
		    u->mp_unreach_safi == BGP_SAFI_MULTICAST))
			describe_prefixes(sb, "withdrawn", u->mp_unreach_nlri,
			    u->mp_unreach_afi, u->addpath_mp_unreach,
			    u->n_mp_unreach, max);
	}
	if (u->has_mp_reach) {
		mp_simple = u->mp_reach_afi == BGP_AFI_IPV4 ||
		    u->mp_reach_afi == BGP_AFI_IPV6;
		if (mp_simple && (u->mp_reach_safi == BGP_SAFI_UNICAST ||
		    u->mp_reach_safi == BGP_SAFI_MULTICAST))
			describe_prefixes(sb, "announced", u->mp_reach_nlri,
			    u->mp_reach_afi, u->addpath_mp, u->n_mp_reach,
			    max);
	}
}

/* ------------------------------------------------------------------ */
/* Others                                                              */
/* ------------------------------------------------------------------ */

static void
describe_notification(struct sb *sb, const struct bgp_notification *n)
{
	char name[128];

	sb_addf(sb, "NOTIFICATION %u/%u %s\n", n->code, n->subcode,
	    bgp_notification_name(n->code, n->subcode, name, sizeof(name)));
	if (n->has_shutdown_msg)
		sb_addf(sb, "  shutdown communication \"%s\"\n",
		    n->shutdown_msg);
	if (n->data_len > 0) {
		sb_add(sb, "  data ");
		add_hex(sb, n->data, n->data_len, 64);
		sb_addc(sb, '\n');
	}
}

static void
describe_route_refresh(struct sb *sb, const struct bgp_route_refresh *rr)
{
	static const char *sub[] = { "", " (BoRR)", " (EoRR)" };

	sb_add(sb, "ROUTE-REFRESH ");
	add_afisafi(sb, rr->afi, rr->safi);
	if (rr->subtype < 3)
		sb_add(sb, sub[rr->subtype]);
	else
		sb_addf(sb, " (subtype %u)", rr->subtype);
	sb_addc(sb, '\n');
}

int
bgp_msg_describe(struct sb *sb, const struct bgp_msg *m,
    const struct bgp_neg *neg, unsigned max_prefixes)
{
	(void)neg;	/* the parse already applied it */
	switch (m->type) {
	case BGP_MSG_OPEN:
		describe_open(sb, &m->u.open);
		break;
	case BGP_MSG_UPDATE:
		describe_update(sb, &m->u.update, max_prefixes);
		break;
	case BGP_MSG_NOTIFICATION:
		describe_notification(sb, &m->u.notification);
		break;
	case BGP_MSG_KEEPALIVE:
		sb_add(sb, "KEEPALIVE\n");
		break;
	case BGP_MSG_ROUTE_REFRESH:
		describe_route_refresh(sb, &m->u.route_refresh);
		break;
	default:
		sb_addf(sb, "type %u (unknown), %u bytes\n", m->type, m->len);
		break;
	}
	return sb->failed ? -1 : 0;
}
