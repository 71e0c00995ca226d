/*
 * test_bgp_attr.c: UPDATE parsing: real UPDATEs from the capture corpus
 * (add-path, 4-octet AS, MP-BGP IPv6, End-of-RIB), a table with every path
 * attribute and every UPDATE Message Error subcode the parser gives, and
 * the NLRI and AS path iterators.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "bgp/bgp.h"
#include "test_bgp_vectors.h"

/* An UPDATE from its three parts in hex; returns the message length. */
static size_t
mk_update(uint8_t *buf, const char *wd, const char *attrs, const char *nlri)
{
	size_t w, a, n, len;

	memset(buf, 0xff, 16);
	buf[18] = BGP_MSG_UPDATE;
	w = hex2bin(wd, buf + 21);
	buf[19] = (uint8_t)(w >> 8);
	buf[20] = (uint8_t)w;
	a = hex2bin(attrs, buf + 23 + w);
	buf[21 + w] = (uint8_t)(a >> 8);
	buf[22 + w] = (uint8_t)a;
	n = hex2bin(nlri, buf + 23 + w + a);
	len = 23 + w + a + n;
	buf[16] = (uint8_t)(len >> 8);
	buf[17] = (uint8_t)len;
	return len;
}

/* Parse from an exactly sized heap copy so ASan sees overreads. */
static int
parse_exact(const uint8_t *buf, size_t n, const struct bgp_neg *neg,
    struct bgp_msg *m, struct bgp_error *err, uint8_t **keep)
{
	uint8_t *copy = malloc(n);
	int rc;

	memcpy(copy, buf, n);
	rc = bgp_msg_parse(copy, n, neg, m, err);
	*keep = copy;
	return rc;
}

#define ORIGIN_IGP	"40010100"
#define ASPATH_65010	"40020402 01fdf2"
#define NH_1		"400304 0a000001"
#define BASIC		ORIGIN_IGP ASPATH_65010 NH_1
#define BASIC4		ORIGIN_IGP "40020602010000fdf2" NH_1

/* ------------------------------------------------------------------ */
/* Real UPDATEs                                                        */
/* ------------------------------------------------------------------ */

static void
test_real_addpath_v4(void **state)
{
	struct bgp_neg neg = { true, true, 0x01 };
	struct bgp_error err;
	struct bgp_msg m;
	struct bgp_update *u = &m.u.update;
	struct bgp_prefix p;
	struct rd r;
	char s[NET_PREFIX_STRLEN];
	uint8_t buf[4096];
	size_t n = hex2bin(VEC_UPDATE_ADDPATH_V4, buf);
	unsigned k = 0;

	(void)state;
	assert_int_equal(bgp_msg_parse(buf, n, &neg, &m, &err), 0);
	assert_int_equal(u->n_nlri, 50);
	assert_int_equal(u->n_withdrawn, 0);
	assert_true(u->addpath_v4);
	assert_true(u->has_origin);
	assert_int_equal(u->origin, 0);
	assert_true(u->as_path_as4);
	assert_int_equal(u->as_path_count, 1);
	assert_int_equal(u->first_as, 12076);
	assert_true(u->has_next_hop);
	assert_string_equal(net_addr_str(&u->next_hop, s), "172.16.0.2");
	assert_false(u->is_eor);
	assert_false(u->default_v4);
	r = u->nlri;
	while (bgp_nlri_next(&r, BGP_AFI_IPV4, true, &p) == 1) {
		if (k == 0) {
			assert_string_equal(net_prefix_str(&p.pfx, s),
			    "10.200.19.0/24");
			assert_true(p.has_path_id);
			assert_int_equal(p.path_id, 2);
		}
		k++;
	}
	assert_int_equal(k, 50);
}

static void
test_real_as4_med(void **state)
{
	struct bgp_neg neg = { true, true, 0x01 };
	struct bgp_error err;
	struct bgp_msg m;
	struct bgp_update *u = &m.u.update;
	uint8_t buf[4096];
	size_t n = hex2bin(VEC_UPDATE_ADDPATH_AS4_MED, buf);

	(void)state;
	assert_int_equal(bgp_msg_parse(buf, n, &neg, &m, &err), 0);
	assert_int_equal(u->first_as, 4200000010u);
	assert_true(u->has_med);
	assert_int_equal(u->med, 0);
	assert_int_equal(u->nattrs, 4);
	assert_true(u->n_nlri > 0);
	assert_true(u->attr_seen & (1u << BGP_ATTR_MED));
}

static void
test_real_plain_v4(void **state)
{
	struct bgp_neg neg = { true, false, 0 };
	struct bgp_error err;
	struct bgp_msg m;
	uint8_t buf[4096];
	size_t n = hex2bin(VEC_UPDATE_V4_PLAIN, buf);

	(void)state;
	assert_int_equal(bgp_msg_parse(buf, n, &neg, &m, &err), 0);
	assert_int_equal(m.u.update.n_nlri, 50);
	assert_false(m.u.update.addpath_v4);
	assert_int_equal(m.u.update.first_as, 65010);
}

static void
test_real_mp_v6(void **state)
{
	struct bgp_neg neg = { true, true, 0x03 };
	struct bgp_error err;
	struct bgp_msg m;
	struct bgp_update *u = &m.u.update;
	struct bgp_prefix p;
	struct rd r;
	char s[NET_ADDR_STRLEN];
	uint8_t buf[4096];
	size_t n = hex2bin(VEC_UPDATE_MP_V6, buf);

	(void)state;
	assert_int_equal(bgp_msg_parse(buf, n, &neg, &m, &err), 0);
	assert_true(u->has_mp_reach);
	assert_int_equal(u->mp_reach_afi, 2);
	assert_int_equal(u->mp_reach_safi, 1);
	assert_int_equal(u->n_mp_nexthop, 2);
	assert_string_equal(net_addr_str(&u->mp_nexthop[0], s),
	    "2001:db8:a::2");
	assert_string_equal(net_addr_str(&u->mp_nexthop[1], s),
	    "fe80::cc33:b9ff:fe75:1bd7");
	assert_true(u->addpath_mp);
	assert_true(u->n_mp_reach > 0);
	assert_int_equal(u->n_nlri, 0);
	assert_false(u->has_next_hop);
	r = u->mp_reach_nlri;
	assert_int_equal(bgp_nlri_next(&r, BGP_AFI_IPV6, true, &p), 1);
	assert_int_equal(p.pfx.len, 48);
	assert_int_equal(p.path_id, 3);
}

static void
test_real_eor(void **state)
{
	struct bgp_neg neg = { true, true, 0x03 };
	struct bgp_error err;
	struct bgp_msg m;
	uint8_t buf[64];
	size_t n;

	(void)state;
	n = hex2bin(VEC_EOR_V4, buf);
	assert_int_equal(bgp_msg_parse(buf, n, &neg, &m, &err), 0);
	assert_true(m.u.update.is_eor);
	assert_int_equal(m.u.update.eor_afi, 1);
	assert_int_equal(m.u.update.eor_safi, 1);
	n = hex2bin(VEC_EOR_V6, buf);
	assert_int_equal(bgp_msg_parse(buf, n, &neg, &m, &err), 0);
	assert_true(m.u.update.is_eor);
	assert_int_equal(m.u.update.eor_afi, 2);
	assert_int_equal(m.u.update.eor_safi, 1);
}

/* ------------------------------------------------------------------ */
/* Attribute table                                                     */
/* ------------------------------------------------------------------ */

struct upd_case {
	const char	*name;
	const char	*wd, *attrs, *nlri;
	uint8_t		 negf;	/* 1 as4, 2 addpath v4, 4 addpath v6 */
	int		 rc;
	uint8_t		 sub;
	const char	*what;
};

static const struct upd_case upd_cases[] = {
	/* valid */
	{ "basic", "", BASIC, "180a0a00", 0, 0, 0, NULL },
	{ "withdraw only", "180a0a0010ac10", "", "", 0, 0, 0, NULL },
	{ "all attributes", "", BASIC "80040400000064" "40050400000096"
	    "400600" "c00706fdf20a000001" "c0080cfdf20064fdf200c8ffffff01"
	    "c0200c0000fdf2000000010000000280090400000001"
	    "800a080a0000010a000002" "c010080002fdf200000064"
	    "c0110a0202000100000000fdf2" "c0120800010000" "0a000001"
	    "c0630200ff", "180a0a00", 0, 0, 0, NULL },
	{ "as4 path", "", ORIGIN_IGP "40020a0202000100000000fdf2" NH_1,
	    "180a0a00", 1, 0, 0, NULL },
	{ "unknown optional", "", BASIC "c0c8030102e0", "180a0a00", 0, 0, 0,
	    NULL },
	{ "extended length", "", ORIGIN_IGP "5002000402 01fdf2" NH_1,
	    "180a0a00", 0, 0, 0, NULL },
	{ "mp reach no next_hop", "", ORIGIN_IGP ASPATH_65010
	    "900e001c00020110 20010db8000000000000000000000001 00"
	    "3020010db80001", "", 0, 0, 0, NULL },
	{ "addpath v4", "00000001180a0a00", BASIC, "00000007180a0a01", 2, 0,
	    0, NULL },
	/* 3/1 */
	{ "withdrawn length lies", NULL, NULL, NULL, 0, -1, 1, "withdrawn" },
	{ "attr length lies", NULL, NULL, NULL, 0, -1, 1, "attribute length" },
	{ "attr header cut", "", BASIC "c0", "", 0, -1, 1, "header cut" },
	{ "attr length field cut", "", BASIC "5002", "", 0, -1, 1,
	    "length field" },
	{ "repeated origin", "", BASIC ORIGIN_IGP, "180a0a00", 0, -1, 1,
	    "repeated" },
	/* 3/2 */
	{ "unknown well-known", "", BASIC "40630100", "180a0a00", 0, -1, 2,
	    "99" },
	/* 3/3 */
	{ "missing origin", "", ASPATH_65010 NH_1, "180a0a00", 0, -1, 3,
	    "ORIGIN" },
	{ "missing as_path", "", ORIGIN_IGP NH_1, "180a0a00", 0, -1, 3,
	    "AS_PATH" },
	{ "missing next_hop", "", ORIGIN_IGP ASPATH_65010, "180a0a00", 0, -1,
	    3, "NEXT_HOP" },
	/* 3/4 */
	{ "origin optional", "", "80010100" ASPATH_65010 NH_1, "180a0a00", 0,
	    -1, 4, "ORIGIN" },
	{ "med transitive", "", BASIC "c0040400000001", "180a0a00", 0, -1, 4,
	    "MULTI_EXIT_DISC" },
	{ "communities non-transitive", "", BASIC "800804fdf20001", "", 0, -1,
	    4, "COMMUNITIES" },
	/* 3/5 */
	{ "attr length exceeds", "", BASIC "c00810fdf20001", "", 0, -1, 5,
	    "exceeds remaining" },
	{ "origin length 2", "", "4001020000" ASPATH_65010 NH_1, "", 0, -1, 5,
	    "ORIGIN" },
	{ "next_hop length 5", "", ORIGIN_IGP ASPATH_65010 "4003050a00000101",
	    "", 0, -1, 5, "NEXT_HOP" },
	{ "med length 3", "", BASIC "800403000001", "", 0, -1, 5,
	    "MULTI_EXIT_DISC" },
	{ "local_pref length 2", "", BASIC "4005020001", "", 0, -1, 5,
	    "LOCAL_PREF" },
	{ "atomic length 1", "", BASIC "40060100", "", 0, -1, 5,
	    "ATOMIC_AGGREGATE" },
	{ "aggregator 6 with as4", "", BASIC4 "c00706fdf20a000001", "", 1, -1,
	    5, "AGGREGATOR" },
	{ "aggregator 8 without as4", "", BASIC "c0070800000001" "0a000001",
	    "", 0, -1, 5, "AGGREGATOR" },
	{ "as4_aggregator 6", "", BASIC "c01206fdf20a000001", "", 0, -1, 5,
	    "AS4_AGGREGATOR" },
	{ "communities 5", "", BASIC "c00805fdf2000100", "", 0, -1, 5,
	    "COMMUNITIES" },
	{ "large 13", "", BASIC "c0200d00000001000000020000000300", "", 0,
	    -1, 5, "LARGE_COMMUNITY" },
	{ "ext communities 7", "", BASIC "c0100700020000000000", "", 0, -1, 5,
	    "EXTENDED_COMMUNITIES" },
	{ "originator 3", "", BASIC "800903000001", "", 0, -1, 5,
	    "ORIGINATOR_ID" },
	{ "cluster 0", "", BASIC "800a00", "", 0, -1, 5, "CLUSTER_LIST" },
	/* 3/6 */
	{ "origin 3", "", "40010103" ASPATH_65010 NH_1, "", 0, -1, 6,
	    "ORIGIN value 3" },
	/* 3/8 */
	{ "next_hop zero", "", ORIGIN_IGP ASPATH_65010 "40030400000000",
	    "180a0a00", 0, -1, 8, "0.0.0.0" },
	{ "next_hop multicast", "", ORIGIN_IGP ASPATH_65010 "400304e0000001",
	    "180a0a00", 0, -1, 8, "224.0.0.1" },
	/* 3/9 */
	{ "mp_reach header cut", "", ORIGIN_IGP ASPATH_65010 "800e020002", "",
	    0, -1, 9, "MP_REACH_NLRI" },
	{ "mp_reach nh overrun", "", ORIGIN_IGP ASPATH_65010 "800e0400020110",
	    "", 0, -1, 9, "next hop length" },
	{ "mp_reach nh length 5", "", ORIGIN_IGP ASPATH_65010
	    "800e0b000201050102030405 00 00", "", 0, -1, 9, "next hop length" },
	{ "mp_unreach cut", "", "800f020002", "", 0, -1, 9,
	    "MP_UNREACH_NLRI" },
	{ "as4_path bad", "", BASIC "c0110302010a", "", 0, -1, 9, "AS4_PATH" },
	/* 3/10 */
	{ "nlri /33", "", BASIC, "210a0a0a0a01", 0, -1, 10, "too long" },
	{ "nlri cut", "", BASIC, "180a0a", 0, -1, 10, "cut" },
	{ "withdrawn /33", "210a0a0a0a01", "", "", 0, -1, 10, "withdrawn" },
	{ "addpath id cut", "", BASIC, "000000", 2, -1, 10, "NLRI" },
	{ "addpath no length", "", BASIC, "00000001", 2, -1, 10, "NLRI" },
	{ "mp_reach v6 /129", "", ORIGIN_IGP ASPATH_65010
	    "800e1600020110 20010db8000000000000000000000001 00 81", "", 0,
	    -1, 10, "MP_REACH_NLRI" },
	{ "mp_unreach v6 cut", "", "800f0600020140 2001", "", 0, -1, 10,
	    "MP_UNREACH_NLRI" },
	/* 3/11 */
	{ "as_path type 5", "", ORIGIN_IGP "4002040501fdf2" NH_1, "", 0, -1,
	    11, "AS_PATH" },
	{ "as_path zero count", "", ORIGIN_IGP "40020202 00" NH_1, "", 0, -1,
	    11, "AS_PATH" },
	{ "as_path count overruns", "", ORIGIN_IGP "40020402 02fdf2" NH_1, "",
	    0, -1, 11, "AS_PATH" },
	{ "as_path 2-byte as 4", "", ORIGIN_IGP ASPATH_65010 NH_1, "", 1, -1,
	    11, "4-octet" },
};

static void
test_update_table(void **state)
{
	struct bgp_error err;
	struct bgp_msg m;
	struct bgp_neg neg;
	uint8_t buf[4096], *keep;
	size_t i, n;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(upd_cases) / sizeof(upd_cases[0]); i++) {
		const struct upd_case *c = &upd_cases[i];

		if (c->wd != NULL)
			n = mk_update(buf, c->wd, c->attrs, c->nlri);
		else if (strcmp(c->name, "withdrawn length lies") == 0) {
			/* withdrawn length 10, 4 bytes follow */
			n = mk_update(buf, "", "", "");
			buf[20] = 10;
			memcpy(buf + 21, "\x18\x0a\x0a\x00", 4);
			n += 4;
			buf[17] = (uint8_t)n;
		} else {
			/* total attribute length 40, 8 bytes follow */
			n = mk_update(buf, "", ORIGIN_IGP "40010100", "");
			buf[22] = 40;
		}
		neg.as4 = (c->negf & 1) != 0;
		neg.ext_msg = false;
		neg.addpath_rx = (uint8_t)((c->negf & 2 ? 0x01 : 0) |
		    (c->negf & 4 ? 0x02 : 0));
		rc = parse_exact(buf, n, &neg, &m, &err, &keep);
		free(keep);	/* before any failure jumps out */
		if (rc != c->rc)
			fail_msg("%s: rc %d %u/%u '%s'", c->name, rc, err.code,
			    err.subcode, err.what);
		if (rc == -1 && (err.code != 3 || err.subcode != c->sub ||
		    strstr(err.what, c->what) == NULL || err.truncated))
			fail_msg("%s: %u/%u '%s' (want 3/%u '%s')", c->name,
			    err.code, err.subcode, err.what, c->sub, c->what);
		if (rc == -1)
			assert_true(err.offset >= BGP_HDR_LEN && err.offset <= n);
	}
}

static void
test_update_values(void **state)
{
	struct bgp_neg neg = { false, false, 0 };
	struct bgp_error err;
	struct bgp_msg m;
	struct bgp_update *u = &m.u.update;
	char s[NET_ADDR_STRLEN];
	uint8_t buf[4096];
	size_t n;

	(void)state;
	n = mk_update(buf, "", BASIC "80040400000064" "40050400000096"
	    "400600" "c00706fdf20a000001" "c0080cfdf20064fdf200c8ffffff01"
	    "c0200c0000fdf20000000100000002" "80090400000001"
	    "800a080a0000010a000002" "c010080002fdf200000064"
	    "c0120800010000" "0a000009", "180a0a00 00");
	assert_int_equal(bgp_msg_parse(buf, n, &neg, &m, &err), 0);
	assert_int_equal(u->med, 100);
	assert_int_equal(u->local_pref, 150);
	assert_true(u->atomic_aggregate);
	assert_true(u->has_aggregator);
	/* AS4_AGGREGATOR after an AGGREGATOR that is not AS_TRANS: kept. */
	assert_int_equal(u->aggregator_as, 65010);
	assert_string_equal(net_addr_str(&u->aggregator_addr, s), "10.0.0.1");
	assert_int_equal(u->n_communities, 3);
	assert_int_equal(u->n_large_communities, 1);
	assert_int_equal(u->n_nlri, 2);
	assert_true(u->default_v4);
	assert_int_equal(u->nattrs, 13);

	/* AGGREGATOR AS_TRANS, then AS4_AGGREGATOR with the real AS. */
	n = mk_update(buf, "", BASIC "c007065ba00a000001"
	    "c012080001000a0a000001", "180a0a00");
	assert_int_equal(bgp_msg_parse(buf, n, &neg, &m, &err), 0);
	assert_int_equal(u->aggregator_as, 65546);
	n = mk_update(buf, "", BASIC "c012080001000a0a000001"
	    "c007065ba00a000001", "180a0a00");
	assert_int_equal(bgp_msg_parse(buf, n, &neg, &m, &err), 0);
	assert_int_equal(u->aggregator_as, 65546);

	/* MP_REACH ::/0 is the IPv6 default route. */
	n = mk_update(buf, "", ORIGIN_IGP ASPATH_65010
	    "900e001600020110 20010db8000000000000000000000001 00 00", "");
	assert_int_equal(bgp_msg_parse(buf, n, &neg, &m, &err), 0);
	assert_true(u->default_v6);
	assert_false(u->default_v4);
	assert_int_equal(u->n_mp_reach, 1);
	assert_int_equal(u->n_mp_nexthop, 1);

	/* MP_UNREACH with prefixes is not End-of-RIB. */
	n = mk_update(buf, "", "800f08000201 20 20010db8", "");
	assert_int_equal(bgp_msg_parse(buf, n, &neg, &m, &err), 0);
	assert_false(u->is_eor);
	assert_int_equal(u->n_mp_unreach, 1);

	/* VPN families are kept raw, not validated as plain prefixes. */
	n = mk_update(buf, "", ORIGIN_IGP ASPATH_65010
	    "800e12000180 0c" "0000000000000000" "0a000001" "00" "ff", "");
	assert_int_equal(bgp_msg_parse(buf, n, &neg, &m, &err), 0);
	assert_int_equal(u->mp_reach_safi, 128);
	assert_int_equal(rd_left(&u->mp_reach_nlri), 1);

	/* AS path: "65010 {65011,65012}" counts two. */
	n = mk_update(buf, "", ORIGIN_IGP "40020a0201fdf20102fdf3fdf4" NH_1,
	    "180a0a00");
	assert_int_equal(bgp_msg_parse(buf, n, &neg, &m, &err), 0);
	assert_int_equal(u->as_path_count, 2);
	assert_int_equal(u->first_as, 65010);
}

/* ------------------------------------------------------------------ */
/* Iterators                                                           */
/* ------------------------------------------------------------------ */

static void
test_nlri_next(void **state)
{
	struct bgp_prefix p;
	struct rd r;
	char s[NET_PREFIX_STRLEN];
	uint8_t buf[64];
	size_t n;

	(void)state;
	/* 10.10.0.0/24, 10.128.0.0/9 with a stray host bit, 0/0. */
	n = hex2bin("180a0a00 090aff 00", buf);
	rd_init(&r, buf, n);
	assert_int_equal(bgp_nlri_next(&r, 1, false, &p), 1);
	assert_string_equal(net_prefix_str(&p.pfx, s), "10.10.0.0/24");
	assert_int_equal(bgp_nlri_next(&r, 1, false, &p), 1);
	assert_string_equal(net_prefix_str(&p.pfx, s), "10.128.0.0/9");
	assert_int_equal(bgp_nlri_next(&r, 1, false, &p), 1);
	assert_true(net_prefix_is_default(&p.pfx));
	assert_int_equal(bgp_nlri_next(&r, 1, false, &p), 0);

	n = hex2bin("0000002a 40 20010db800000001", buf);
	rd_init(&r, buf, n);
	assert_int_equal(bgp_nlri_next(&r, 2, true, &p), 1);
	assert_int_equal(p.path_id, 42);
	assert_string_equal(net_prefix_str(&p.pfx, s), "2001:db8:0:1::/64");

	/* Malformed: the cursor is left at the bad prefix. */
	n = hex2bin("21 0a0a0a0a0a", buf);
	rd_init(&r, buf, n);
	assert_int_equal(bgp_nlri_next(&r, 1, false, &p), -1);
	assert_int_equal(rd_left(&r), n);
	n = hex2bin("18 0a0a", buf);
	rd_init(&r, buf, n);
	assert_int_equal(bgp_nlri_next(&r, 1, false, &p), -1);
	rd_init(&r, buf, n);
	assert_int_equal(bgp_nlri_next(&r, 25, false, &p), -1);
}

static void
test_aspath_next(void **state)
{
	uint32_t asns[4];
	size_t count;
	uint8_t type, buf[64];
	struct rd r;
	size_t n;

	(void)state;
	n = hex2bin("0201fdf2 0106 0001 0002 0003 0004 0005 0006", buf);
	rd_init(&r, buf, n);
	assert_int_equal(bgp_aspath_next(&r, false, &type, asns, 4, &count), 1);
	assert_int_equal(type, 2);
	assert_int_equal(count, 1);
	assert_int_equal(asns[0], 65010);
	assert_int_equal(bgp_aspath_next(&r, false, &type, asns, 4, &count), 1);
	assert_int_equal(type, 1);
	assert_int_equal(count, 6);	/* only 4 copied */
	assert_int_equal(asns[3], 4);
	assert_int_equal(bgp_aspath_next(&r, false, &type, asns, 4, &count), 0);

	n = hex2bin("0201fa56ea0a", buf);
	rd_init(&r, buf, n);
	assert_int_equal(bgp_aspath_next(&r, true, &type, asns, 4, &count), 1);
	assert_int_equal(asns[0], 4200000010u);

	n = hex2bin("0202fa56ea0a", buf);
	rd_init(&r, buf, n);
	assert_int_equal(bgp_aspath_next(&r, true, &type, asns, 4, &count),
	    -1);
	assert_int_equal(rd_left(&r), n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_addpath_v4),
		cmocka_unit_test(test_real_as4_med),
		cmocka_unit_test(test_real_plain_v4),
		cmocka_unit_test(test_real_mp_v6),
		cmocka_unit_test(test_real_eor),
		cmocka_unit_test(test_update_table),
		cmocka_unit_test(test_update_values),
		cmocka_unit_test(test_nlri_next),
		cmocka_unit_test(test_aspath_next),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
