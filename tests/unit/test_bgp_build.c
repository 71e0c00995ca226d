/*
 * test_bgp_build.c: the builders and the describer: exact bytes for the
 * simple messages, build -> parse -> same values for OPEN and UPDATE,
 * UPDATE packing across many messages, the RFC 9003 UTF-8 cut, and the
 * --timeline text of real and built messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "bgp/bgp.h"
#include "test_bgp_vectors.h"

static void
expect_bytes(const char *name, const struct sb *sb, const char *hex)
{
	uint8_t want[4096];
	size_t n = hex2bin(hex, want);

	assert_true(bytes_match(name, (const uint8_t *)sb->buf, sb->len, want,
	    n));
}

static void
parse_ok(const struct sb *sb, const struct bgp_neg *neg, struct bgp_msg *m)
{
	struct bgp_error err;

	if (bgp_msg_parse((const uint8_t *)sb->buf, sb->len, neg, m, &err) !=
	    0) {
		print_c_init("produced", (const uint8_t *)sb->buf, sb->len);
		fail_msg("parse failed: %u/%u %s", err.code, err.subcode,
		    err.what);
	}
}

/* ------------------------------------------------------------------ */
/* Simple messages                                                     */
/* ------------------------------------------------------------------ */

static void
test_build_simple(void **state)
{
	struct sb sb;
	struct bgp_msg m;

	(void)state;
	sb_init(&sb);
	assert_int_equal(bgp_build_keepalive(&sb), 0);
	expect_bytes("keepalive", &sb, VEC_KEEPALIVE);

	sb_reset(&sb);
	assert_int_equal(bgp_build_notification(&sb, 6, 1, NULL, 0, NULL), 0);
	expect_bytes("cease 1", &sb, VEC_NOTIF_MAX_PREFIX);

	sb_reset(&sb);
	assert_int_equal(bgp_build_notification(&sb, 2, 2,
	    (const uint8_t *)"\x2f\x2c", 2, NULL), 0);
	expect_bytes("bad peer as", &sb, VEC_NOTIF_BAD_PEER_AS);

	sb_reset(&sb);
	assert_int_equal(bgp_build_route_refresh(&sb, 2, 1), 0);
	expect_bytes("route refresh", &sb,
	    "ffffffffffffffffffffffffffffffff00170500020001");
	parse_ok(&sb, NULL, &m);
	assert_int_equal(m.u.route_refresh.afi, 2);

	/* Two messages appended to one builder. */
	sb_reset(&sb);
	assert_int_equal(bgp_build_keepalive(&sb), 0);
	assert_int_equal(bgp_build_keepalive(&sb), 0);
	assert_int_equal(sb.len, 38);
	sb_release(&sb);
}

static void
test_build_shutdown(void **state)
{
	struct sb sb;
	struct bgp_msg m;
	char text[400];
	size_t i;

	(void)state;
	sb_init(&sb);
	assert_int_equal(bgp_build_notification(&sb, 6, 2, NULL, 0,
	    "maintenance window"), 0);
	parse_ok(&sb, NULL, &m);
	assert_true(m.u.notification.has_shutdown_msg);
	assert_string_equal(m.u.notification.shutdown_msg,
	    "maintenance window");

	/* 150 two-byte characters (300 bytes): cut to 254, not 255. */
	for (i = 0; i < 150; i++) {
		text[2 * i] = (char)0xc3;
		text[2 * i + 1] = (char)0xa9;
	}
	text[300] = '\0';
	sb_reset(&sb);
	assert_int_equal(bgp_build_notification(&sb, 6, 4, NULL, 0, text), 0);
	parse_ok(&sb, NULL, &m);
	assert_int_equal(m.u.notification.data[0], 254);
	assert_int_equal(m.u.notification.data_len, 255);
	assert_true(m.u.notification.has_shutdown_msg);

	/* Shutdown text is ignored for codes that have none. */
	sb_reset(&sb);
	assert_int_equal(bgp_build_notification(&sb, 6, 3, NULL, 0, "x"), 0);
	assert_int_equal(sb.len, 21);
	sb_release(&sb);
}

/* ------------------------------------------------------------------ */
/* OPEN round trip                                                     */
/* ------------------------------------------------------------------ */

static void
test_build_open(void **state)
{
	struct bgp_open_params p;
	struct bgp_msg m;
	struct bgp_open *o = &m.u.open;
	struct sb sb;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.asn = 4200000010u;
	p.hold_time = 90;
	p.bgp_id = 0xac100001;
	p.cap_mp_ipv4 = p.cap_mp_ipv6 = true;
	p.cap_as4 = p.cap_route_refresh = p.cap_enhanced_rr = true;
	p.cap_ext_msg = p.cap_gr = p.cap_addpath_ipv4 = true;
	p.gr_time = 120;
	p.fqdn_host = "ce-router";
	sb_init(&sb);
	assert_int_equal(bgp_build_open(&sb, &p), 0);
	parse_ok(&sb, NULL, &m);
	assert_int_equal(o->my_as, BGP_AS_TRANS);
	assert_int_equal(bgp_open_asn(o), 4200000010u);
	assert_int_equal(o->hold_time, 90);
	assert_int_equal(o->bgp_id, 0xac100001);
	assert_int_equal(o->nmp, 2);
	assert_int_equal(o->mp[1].afi, 2);
	assert_true(o->route_refresh && o->enhanced_rr && o->ext_msg);
	assert_true(o->has_gr);
	assert_int_equal(o->gr_time, 120);
	assert_int_equal(o->ngr, 1);
	assert_int_equal(o->naddpath, 1);
	assert_int_equal(o->addpath[0].flags, 3);
	assert_string_equal(o->hostname, "ce-router");
	assert_int_equal(o->ncaps, 9);

	/* A 2-byte ASN goes in My AS; no capabilities at all. */
	memset(&p, 0, sizeof(p));
	p.asn = 65010;
	p.hold_time = 9;
	p.bgp_id = 1;
	sb_reset(&sb);
	assert_int_equal(bgp_build_open(&sb, &p), 0);
	assert_int_equal(sb.len, 29);
	parse_ok(&sb, NULL, &m);
	assert_int_equal(o->my_as, 65010);
	assert_false(o->has_as4);
	assert_int_equal(o->ncaps, 0);

	/* Same capabilities as the BIRD OPEN of the corpus, same bytes
	 * apart from the capability order, so compare decoded values. */
	memset(&p, 0, sizeof(p));
	p.asn = 12076;
	p.hold_time = 9;
	p.bgp_id = 0xac100002;
	p.cap_as4 = true;
	sb_reset(&sb);
	assert_int_equal(bgp_build_open(&sb, &p), 0);
	expect_bytes("open as4 only", &sb,
	    "ffffffffffffffffffffffffffffffff002501042f2c0009ac100002"
	    "080206410400002f2c");
	sb_release(&sb);
}

/* ------------------------------------------------------------------ */
/* UPDATE round trip and packing                                       */
/* ------------------------------------------------------------------ */

static void
test_build_update_v4(void **state)
{
	static const uint32_t path[] = { 65010, 4200000010u, 12076 };
	static const uint32_t comm[] = { 0xfdf20064, 0xffffff01 };
	static const uint32_t large[] = { 12076, 1, 2 };
	struct bgp_update_params p;
	struct bgp_neg neg = { true, false, 0 };
	struct net_prefix ann[3], wd[1];
	struct bgp_msg m;
	struct bgp_update *u = &m.u.update;
	struct bgp_prefix bp;
	struct rd r;
	char s[NET_PREFIX_STRLEN];
	struct sb sb;
	size_t ca, cw;

	(void)state;
	memset(&p, 0, sizeof(p));
	net_prefix_parse("10.10.0.0/24", &ann[0], NULL);
	net_prefix_parse("10.20.0.0/16", &ann[1], NULL);
	net_prefix_parse("0.0.0.0/0", &ann[2], NULL);
	net_prefix_parse("192.0.2.0/25", &wd[0], NULL);
	p.as4 = true;
	p.origin = 2;
	p.as_path = path;
	p.as_path_len = 3;
	net_addr_parse("172.16.0.1", &p.next_hop);
	p.has_med = true;
	p.med = 50;
	p.has_local_pref = true;
	p.local_pref = 200;
	p.communities = comm;
	p.n_communities = 2;
	p.large_communities = large;
	p.n_large_communities = 1;
	p.announce = ann;
	p.n_announce = 3;
	p.withdraw = wd;
	p.n_withdraw = 1;
	p.max_len = BGP_MAX_LEN;
	sb_init(&sb);
	assert_int_equal(bgp_build_update(&sb, &p, &ca, &cw), 0);
	assert_int_equal(ca, 3);
	assert_int_equal(cw, 1);
	parse_ok(&sb, &neg, &m);
	assert_int_equal(u->n_nlri, 3);
	assert_int_equal(u->n_withdrawn, 1);
	assert_int_equal(u->origin, 2);
	assert_int_equal(u->first_as, 65010);
	assert_int_equal(u->as_path_count, 3);
	assert_string_equal(net_addr_str(&u->next_hop, s), "172.16.0.1");
	assert_int_equal(u->med, 50);
	assert_int_equal(u->local_pref, 200);
	assert_int_equal(u->n_communities, 2);
	assert_int_equal(u->n_large_communities, 1);
	assert_true(u->default_v4);
	r = u->nlri;
	assert_int_equal(bgp_nlri_next(&r, 1, false, &bp), 1);
	assert_string_equal(net_prefix_str(&bp.pfx, s), "10.10.0.0/24");
	assert_int_equal(bgp_nlri_next(&r, 1, false, &bp), 1);
	assert_string_equal(net_prefix_str(&bp.pfx, s), "10.20.0.0/16");
	r = u->withdrawn;
	assert_int_equal(bgp_nlri_next(&r, 1, false, &bp), 1);
	assert_string_equal(net_prefix_str(&bp.pfx, s), "192.0.2.0/25");

	/* 2-octet path: ASNs above 65535 become AS_TRANS. */
	p.as4 = false;
	neg.as4 = false;
	sb_reset(&sb);
	assert_int_equal(bgp_build_update(&sb, &p, &ca, &cw), 0);
	parse_ok(&sb, &neg, &m);
	r = u->as_path;
	{
		uint32_t asns[4];
		uint8_t t;
		size_t cnt;

		assert_int_equal(bgp_aspath_next(&r, false, &t, asns, 4, &cnt),
		    1);
		assert_int_equal(asns[1], BGP_AS_TRANS);
	}

	/* Empty: the IPv4 End-of-RIB. */
	memset(&p, 0, sizeof(p));
	sb_reset(&sb);
	assert_int_equal(bgp_build_update(&sb, &p, &ca, &cw), 0);
	expect_bytes("eor", &sb, VEC_EOR_V4);
	sb_release(&sb);
}

static void
test_build_update_v6(void **state)
{
	static const uint32_t path[] = { 65010 };
	struct bgp_update_params p;
	struct net_prefix ann[2], wd[1];
	struct bgp_msg m;
	struct bgp_update *u = &m.u.update;
	char s[NET_ADDR_STRLEN];
	struct sb sb;
	size_t ca, cw;

	(void)state;
	memset(&p, 0, sizeof(p));
	net_prefix_parse("2001:db8:1::/48", &ann[0], NULL);
	net_prefix_parse("::/0", &ann[1], NULL);
	net_prefix_parse("2001:db8:ff::/64", &wd[0], NULL);
	p.as_path = path;
	p.as_path_len = 1;
	net_addr_parse("2001:db8:a::1", &p.next_hop);
	p.announce = ann;
	p.n_announce = 2;
	p.withdraw = wd;
	p.n_withdraw = 1;
	sb_init(&sb);
	assert_int_equal(bgp_build_update(&sb, &p, &ca, &cw), 0);
	assert_int_equal(ca, 2);
	assert_int_equal(cw, 1);
	parse_ok(&sb, NULL, &m);
	assert_true(u->has_mp_reach);
	assert_int_equal(u->n_mp_reach, 2);
	assert_int_equal(u->n_mp_unreach, 1);
	assert_true(u->default_v6);
	assert_false(u->has_next_hop);
	assert_string_equal(net_addr_str(&u->mp_nexthop[0], s),
	    "2001:db8:a::1");

	/* Mixed families and a wrong next hop family are refused. */
	net_prefix_parse("10.0.0.0/8", &wd[0], NULL);
	sb_reset(&sb);
	assert_int_equal(bgp_build_update(&sb, &p, &ca, &cw), -1);
	p.n_withdraw = 0;
	net_addr_parse("10.0.0.1", &p.next_hop);
	assert_int_equal(bgp_build_update(&sb, &p, &ca, &cw), -1);
	assert_int_equal(sb.len, 0);
	sb_release(&sb);
}

static void
test_build_packing(void **state)
{
	static const uint32_t path[] = { 65010, 12076 };
	struct bgp_update_params p;
	struct bgp_neg neg = { true, true, 0 };
	struct net_prefix *pfx;
	struct bgp_msg m;
	struct sb sb;
	size_t i, done, ca, cw, msgs, total, off;
	uint16_t maxes[2] = { BGP_MAX_LEN, BGP_EXT_MAX_LEN };
	int k, fam;

	(void)state;
	pfx = calloc(20000, sizeof(*pfx));
	for (fam = 0; fam < 2; fam++) {
		for (i = 0; i < 20000; i++) {
			char txt[64];

			if (fam == 0)
				snprintf(txt, sizeof(txt), "10.%zu.%zu.0/24",
				    i / 256, i % 256);
			else
				snprintf(txt, sizeof(txt),
				    "2001:db8:%zx::/48", i);
			assert_int_equal(net_prefix_parse(txt, &pfx[i], NULL),
			    0);
		}
		for (k = 0; k < 2; k++) {
			memset(&p, 0, sizeof(p));
			p.as4 = true;
			p.as_path = path;
			p.as_path_len = 2;
			net_addr_parse(fam == 0 ? "172.16.0.1" : "2001:db8::1",
			    &p.next_hop);
			p.max_len = maxes[k];
			sb_init(&sb);
			done = msgs = 0;
			while (done < 20000) {
				p.announce = pfx + done;
				p.n_announce = 20000 - done;
				assert_int_equal(bgp_build_update(&sb, &p, &ca,
				    &cw), 0);
				assert_true(ca > 0);
				done += ca;
				msgs++;
			}
			/* Walk what was built: every message parses, fits,
			 * and the counts add up. */
			total = 0;
			for (off = 0; off < sb.len; off += m.len) {
				assert_int_equal(bgp_msg_parse(
				    (const uint8_t *)sb.buf + off, sb.len - off,
				    &neg, &m, NULL), 0);
				assert_true(m.len <= maxes[k]);
				total += m.u.update.n_nlri +
				    m.u.update.n_mp_reach;
				/* Full messages, bar the last one. */
				if (off + m.len < sb.len)
					assert_true(m.len + (fam ? 7 : 4) >
					    maxes[k]);
			}
			assert_int_equal(total, 20000);
			if (k == 0)
				assert_true(msgs >= 19);
			else
				assert_true(msgs < 5);
			sb_release(&sb);
		}
	}
	free(pfx);
}

/* ------------------------------------------------------------------ */
/* Describe                                                            */
/* ------------------------------------------------------------------ */

static const char *
describe_hex(struct sb *sb, const char *hex, const struct bgp_neg *neg,
    unsigned max)
{
	struct bgp_error err;
	struct bgp_msg m;
	static uint8_t buf[4096];
	size_t n = hex2bin(hex, buf);

	sb_reset(sb);
	assert_int_equal(bgp_msg_parse(buf, n, neg, &m, &err), 0);
	assert_int_equal(bgp_msg_describe(sb, &m, neg, max), 0);
	return sb_str(sb);
}

static void
test_describe(void **state)
{
	struct bgp_neg neg = { true, true, 0x03 };
	struct bgp_neg plain = { false, false, 0 };
	struct bgp_error err;
	struct bgp_msg m;
	struct sb sb, text;
	const char *s;
	static const uint32_t path[] = { 65010 };
	struct bgp_update_params p;
	struct net_prefix ann[1];
	size_t ca, cw;

	(void)state;
	sb_init(&sb);
	sb_init(&text);
	s = describe_hex(&sb, VEC_OPEN_FRR_AS4, &neg, 10);
	assert_non_null(strstr(s, "OPEN v4 AS 4200000010 (my AS 23456) hold 9 "
	    "id 172.16.0.1\n"));
	assert_non_null(strstr(s, "  capability 1 multiprotocol IPv4 "
	    "unicast\n"));
	assert_non_null(strstr(s, "  capability 65 4-octet AS number "
	    "4200000010\n"));
	assert_non_null(strstr(s, "  capability 69 add-path IPv4 unicast "
	    "send/receive\n"));
	assert_non_null(strstr(s, "  capability 64 graceful restart restart "
	    "time 120s R N IPv4 unicast\n"));
	assert_non_null(strstr(s, "  capability 73 FQDN ce\n"));
	assert_non_null(strstr(s, "  capability 71 long-lived graceful restart"
	    " IPv4 unicast F stale 0s\n"));

	s = describe_hex(&sb, VEC_OPEN_BIRD_2BYTE, &neg, 10);
	assert_non_null(strstr(s, "OPEN v4 AS 12076 hold 9 id 172.16.0.2\n"));

	s = describe_hex(&sb, VEC_UPDATE_ADDPATH_V4, &neg, 2);
	assert_non_null(strstr(s, "UPDATE 50 announced, 0 withdrawn\n"));
	assert_non_null(strstr(s, "  ORIGIN IGP\n"));
	assert_non_null(strstr(s, "  AS_PATH 12076\n"));
	assert_non_null(strstr(s, "  NEXT_HOP 172.16.0.2\n"));
	assert_non_null(strstr(s, "  announced 10.200.19.0/24 path-id 2\n"));
	assert_non_null(strstr(s, "  ... 48 more announced\n"));

	s = describe_hex(&sb, VEC_UPDATE_MP_V6, &neg, 1);
	assert_non_null(strstr(s, "  MP_REACH_NLRI IPv6 unicast next hop "
	    "2001:db8:a::2 next hop fe80::cc33:b9ff:fe75:1bd7"));

	s = describe_hex(&sb, VEC_EOR_V6, &neg, 1);
	assert_string_equal(s, "UPDATE End-of-RIB IPv6 unicast\n");
	s = describe_hex(&sb, VEC_KEEPALIVE, &neg, 1);
	assert_string_equal(s, "KEEPALIVE\n");
	s = describe_hex(&sb, VEC_NOTIF_BAD_PEER_AS, &neg, 1);
	assert_string_equal(s, "NOTIFICATION 2/2 OPEN Message Error / Bad "
	    "Peer AS\n  data 2f 2c\n");
	s = describe_hex(&sb, "ffffffffffffffffffffffffffffffff00170500010101",
	    &neg, 1);
	assert_string_equal(s, "ROUTE-REFRESH IPv4 unicast (BoRR)\n");

	/* Shutdown communication, with a hostile byte escaped. */
	bgp_build_notification(&text, 6, 2, NULL, 0, "bye\x1b[2J");
	assert_int_equal(bgp_msg_parse((const uint8_t *)text.buf, text.len,
	    NULL, &m, &err), 0);
	assert_int_equal(bgp_msg_describe(&sb, &m, NULL, 1), 0);
	assert_non_null(strstr(sb_str(&sb), "shutdown communication "
	    "\"bye\\x1b[2J\"\n"));

	/* Set segment, communities, large communities. */
	s = describe_hex(&sb, "ffffffffffffffffffffffffffffffff004d0200000032"
	    "40010100" "40020a0201fdf20102fdf3fdf4" "4003040a000001"
	    "c00808fdf20064ffffff01" "c0200c00002f2c0000000100000002"
	    "180a0a00", &plain, 5);
	assert_non_null(strstr(s, "  AS_PATH 65010 {65011,65012}\n"));
	assert_non_null(strstr(s, "  COMMUNITIES 65010:100 65535:65281\n"));
	assert_non_null(strstr(s, "  LARGE_COMMUNITY 12076:1:2\n"));

	/* MED and LOCAL_PREF from a built UPDATE. */
	memset(&p, 0, sizeof(p));
	net_prefix_parse("10.0.0.0/8", &ann[0], NULL);
	p.as_path = path;
	p.as_path_len = 1;
	net_addr_parse("10.0.0.1", &p.next_hop);
	p.has_med = true;
	p.med = 7;
	p.has_local_pref = true;
	p.local_pref = 300;
	p.announce = ann;
	p.n_announce = 1;
	sb_reset(&text);
	assert_int_equal(bgp_build_update(&text, &p, &ca, &cw), 0);
	assert_int_equal(bgp_msg_parse((const uint8_t *)text.buf, text.len,
	    NULL, &m, &err), 0);
	sb_reset(&sb);
	assert_int_equal(bgp_msg_describe(&sb, &m, NULL, 5), 0);
	assert_non_null(strstr(sb_str(&sb), "  MULTI_EXIT_DISC 7\n"));
	assert_non_null(strstr(sb_str(&sb), "  LOCAL_PREF 300\n"));
	assert_non_null(strstr(sb_str(&sb), "  announced 10.0.0.0/8\n"));
	sb_release(&sb);
	sb_release(&text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_simple),
		cmocka_unit_test(test_build_shutdown),
		cmocka_unit_test(test_build_open),
		cmocka_unit_test(test_build_update_v4),
		cmocka_unit_test(test_build_update_v6),
		cmocka_unit_test(test_build_packing),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
