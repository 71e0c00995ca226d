/*
 * test_bgp_msg.c: the message layer of the bgp codec: header check, OPEN
 * and every capability, NOTIFICATION with names and shutdown text,
 * ROUTE-REFRESH, negotiation, and the truncation sweep over real messages
 * from the capture corpus (with bgp_msg_parse_framed() giving the same
 * answers as bgp_msg_parse() wherever the header holds).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "bgp/bgp.h"
#include "test_bgp_vectors.h"

/* Build an OPEN around a capability list (hex) in one parameter of type 2;
 * params_hex, when not NULL, replaces the whole optional parameter block. */
static size_t
mk_open(uint8_t *buf, uint8_t version, uint16_t as, uint16_t hold,
    uint32_t id, const char *caps_hex, const char *params_hex)
{
	uint8_t tmp[4096];
	size_t n = 0, cl, len;

	memset(buf, 0xff, 16);
	buf[18] = BGP_MSG_OPEN;
	buf[19] = version;
	buf[20] = (uint8_t)(as >> 8);
	buf[21] = (uint8_t)as;
	buf[22] = (uint8_t)(hold >> 8);
	buf[23] = (uint8_t)hold;
	buf[24] = (uint8_t)(id >> 24);
	buf[25] = (uint8_t)(id >> 16);
	buf[26] = (uint8_t)(id >> 8);
	buf[27] = (uint8_t)id;
	if (params_hex != NULL) {
		n = hex2bin(params_hex, buf + 28);
		len = 28 + n;
	} else if (caps_hex != NULL && caps_hex[0] != '\0') {
		cl = hex2bin(caps_hex, tmp);
		buf[28] = (uint8_t)(cl + 2);
		buf[29] = 2;
		buf[30] = (uint8_t)cl;
		memcpy(buf + 31, tmp, cl);
		len = 31 + cl;
	} else {
		buf[28] = 0;
		len = 29;
	}
	buf[16] = (uint8_t)(len >> 8);
	buf[17] = (uint8_t)len;
	return len;
}

static size_t
vec(const char *hex, uint8_t *buf)
{
	return hex2bin(hex, buf);
}

/* ------------------------------------------------------------------ */
/* Header                                                              */
/* ------------------------------------------------------------------ */

struct hdr_case {
	const char	*name;
	const char	*hex;
	bool		 ext;
	int		 rc;
	uint8_t		 code, sub;
};

static const struct hdr_case hdr_cases[] = {
	{ "keepalive", "ffffffffffffffffffffffffffffffff001304", false, 1, 0,
	    0 },
	{ "18 bytes", "ffffffffffffffffffffffffffffffff0013", false, 0, 0, 0 },
	{ "empty", "", false, 0, 0, 0 },
	{ "bad marker", "ffffffffffffffffffffffffff7fffff001304", false, -1, 1,
	    1 },
	{ "length 18", "ffffffffffffffffffffffffffffffff001204", false, -1, 1,
	    2 },
	{ "length 4097", "ffffffffffffffffffffffffffffffff100102", false, -1,
	    1, 2 },
	{ "length 4097 ext", "ffffffffffffffffffffffffffffffff100102", true, 1,
	    0, 0 },
	{ "length 65535 ext", "ffffffffffffffffffffffffffffffffffff02", true, 1,
	    0, 0 },
	{ "keepalive 20", "ffffffffffffffffffffffffffffffff001404", false, -1,
	    1, 2 },
	{ "open 28", "ffffffffffffffffffffffffffffffff001c01", false, -1, 1,
	    2 },
	{ "update 22", "ffffffffffffffffffffffffffffffff001602", false, -1, 1,
	    2 },
	{ "notification 20", "ffffffffffffffffffffffffffffffff001403", false,
	    -1, 1, 2 },
	{ "route-refresh 22", "ffffffffffffffffffffffffffffffff001605", false,
	    -1, 1, 2 },
	{ "unknown type", "ffffffffffffffffffffffffffffffff001307", false, 1, 0,
	    0 },
};

static void
test_hdr_check(void **state)
{
	struct bgp_error err;
	uint8_t buf[64];
	uint16_t len;
	uint8_t type;
	size_t i, n;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(hdr_cases) / sizeof(hdr_cases[0]); i++) {
		const struct hdr_case *c = &hdr_cases[i];

		n = hex2bin(c->hex, buf);
		rc = bgp_hdr_check(buf, n, c->ext, &len, &type, &err);
		if (rc != c->rc || (rc == -1 && (err.code != c->code ||
		    err.subcode != c->sub)))
			fail_msg("%s: rc %d code %u/%u (%s)", c->name, rc,
			    err.code, err.subcode, err.what);
		if (rc == -1)
			assert_true(err.what[0] != '\0');
	}
}

static void
test_unknown_type(void **state)
{
	struct bgp_error err;
	struct bgp_msg m;
	uint8_t buf[19];

	(void)state;
	hex2bin("ffffffffffffffffffffffffffffffff001307", buf);
	assert_int_equal(bgp_msg_parse(buf, sizeof(buf), NULL, &m, &err), -1);
	assert_int_equal(err.code, 1);
	assert_int_equal(err.subcode, 3);
	assert_false(err.truncated);
	assert_int_equal(err.offset, 18);
}

static void
test_bad_marker_parse(void **state)
{
	struct bgp_error err;
	struct bgp_msg m;
	uint8_t buf[19];

	(void)state;
	hex2bin("00ffffffffffffffffffffffffffffff001304", buf);
	assert_int_equal(bgp_msg_parse(buf, sizeof(buf), NULL, &m, &err), -1);
	assert_int_equal(err.code, 1);
	assert_int_equal(err.subcode, 1);
	assert_int_equal(err.offset, 0);
}

static void
test_length_exceeds_buffer(void **state)
{
	struct bgp_error err;
	struct bgp_msg m;
	uint8_t *buf;

	(void)state;
	/* The header says 23 bytes of UPDATE; 21 are there. */
	buf = malloc(21);
	hex2bin("ffffffffffffffffffffffffffffffff0017020000", buf);
	assert_int_equal(bgp_msg_parse(buf, 21, NULL, &m, &err), -1);
	assert_int_equal(err.code, 1);
	assert_int_equal(err.subcode, 2);
	assert_true(err.truncated);
	assert_non_null(strstr(err.what, "exceeds"));
	free(buf);
}

static void
test_keepalive(void **state)
{
	struct bgp_error err;
	struct bgp_msg m;
	uint8_t buf[64];
	size_t n = vec(VEC_KEEPALIVE, buf);

	(void)state;
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_int_equal(m.type, BGP_MSG_KEEPALIVE);
	assert_int_equal(m.len, 19);
	assert_int_equal(m.body_len, 0);
}

/* ------------------------------------------------------------------ */
/* OPEN                                                                */
/* ------------------------------------------------------------------ */

static void
test_open_real_frr(void **state)
{
	static const uint8_t want_caps[] = { 1, 128, 2, 70, 65, 6, 69, 73, 64,
	    71 };
	struct bgp_error err;
	struct bgp_msg m;
	struct bgp_open *o = &m.u.open;
	uint8_t buf[4096];
	size_t n = vec(VEC_OPEN_FRR_AS4, buf), i;

	(void)state;
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_int_equal(m.type, BGP_MSG_OPEN);
	assert_int_equal(o->version, 4);
	assert_int_equal(o->my_as, BGP_AS_TRANS);
	assert_int_equal(o->hold_time, 9);
	assert_int_equal(o->bgp_id, 0xac100001);
	assert_true(o->has_as4);
	assert_int_equal(o->as4, 4200000010u);
	assert_int_equal(bgp_open_asn(o), 4200000010u);
	assert_int_equal(o->ncaps, sizeof(want_caps));
	for (i = 0; i < sizeof(want_caps); i++)
		assert_int_equal(o->caps[i].code, want_caps[i]);
	assert_int_equal(o->caps[4].len, 4);
	assert_int_equal(o->nmp, 1);
	assert_int_equal(o->mp[0].afi, 1);
	assert_int_equal(o->mp[0].safi, 1);
	assert_true(o->route_refresh);
	assert_true(o->route_refresh_cisco);
	assert_true(o->enhanced_rr);
	assert_true(o->ext_msg);
	assert_int_equal(o->naddpath, 1);
	assert_int_equal(o->addpath[0].flags, 3);
	assert_true(o->has_fqdn);
	assert_string_equal(o->hostname, "ce");
	assert_string_equal(o->domain, "");
	assert_true(o->has_gr);
	assert_int_equal(o->gr_flags, 0xc);
	assert_int_equal(o->gr_time, 120);
	assert_int_equal(o->ngr, 1);
	assert_true(o->has_llgr);
	assert_int_equal(o->nllgr, 1);
	assert_int_equal(o->llgr[0].flags, 0x80);
	assert_int_equal(o->llgr[0].time, 0);
	assert_false(o->ext_opt_params);
}

static void
test_open_real_bird(void **state)
{
	struct bgp_error err;
	struct bgp_msg m;
	struct bgp_open *o = &m.u.open;
	uint8_t buf[4096];
	size_t n = vec(VEC_OPEN_BIRD_AS4, buf);

	(void)state;
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_int_equal(o->my_as, 12076);
	assert_int_equal(bgp_open_asn(o), 12076);
	assert_int_equal(o->hold_time, 9);
	assert_int_equal(o->bgp_id, 0xac100002);
	assert_int_equal(o->ncaps, 8);
	assert_true(o->has_gr);
	assert_int_equal(o->gr_flags, 0);
	assert_int_equal(o->gr_time, 120);
	assert_true(o->has_llgr);
	assert_int_equal(o->llgr[0].time, 3600);
	assert_false(o->has_fqdn);

	n = vec(VEC_OPEN_BIRD_2BYTE, buf);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_int_equal(o->hold_time, 9);
	assert_false(o->ext_msg);
}

struct cap_case {
	const char	*name;
	const char	*caps;		/* one parameter of type 2 */
	const char	*params;	/* or a whole parameter block */
	int		 rc;
	uint8_t		 sub;
	const char	*what;		/* substring of err.what */
};

static const struct cap_case cap_cases[] = {
	{ "mp ipv6", "010400020001", NULL, 0, 0, NULL },
	{ "route refresh", "0200", NULL, 0, 0, NULL },
	{ "cisco rr", "8000", NULL, 0, 0, NULL },
	{ "enhanced rr", "4600", NULL, 0, 0, NULL },
	{ "as4", "410400010000", NULL, 0, 0, NULL },
	{ "gr two afi", "400a80780001018000020100", NULL, 0, 0, NULL },
	{ "addpath two", "4508000101010002010" "2", NULL, 0, 0, NULL },
	{ "ext msg", "0600", NULL, 0, 0, NULL },
	{ "fqdn", "490903726f750474657374", NULL, 0, 0, NULL },
	{ "llgr", "470700010180001234", NULL, 0, 0, NULL },
	{ "role", "090103", NULL, 0, 0, NULL },
	{ "ext nexthop", "0506000100010002", NULL, 0, 0, NULL },
	{ "software version", "4b06054652522038", NULL, 0, 0, NULL },
	{ "unknown cap", "c8030102030000", NULL, 0, 0, NULL },
	{ "rfc9072", NULL, "ffff0009020006410400010000", 0, 0, NULL },
	{ "two params", NULL, "0c020202000206410400010000", 0, 0, NULL },
	{ "cap overruns", "4105000100", NULL, -1, 0, "4-octet AS" },
	{ "mp bad length", "010300010001", NULL, -1, 0, "multiprotocol" },
	{ "as4 bad length", "4103000100", NULL, -1, 0, "4-octet AS" },
	{ "gr bad length", "4003000001", NULL, -1, 0, "graceful restart" },
	{ "addpath bad", "450300010101", NULL, -1, 0, "add-path" },
	{ "llgr bad", "4706000101800012", NULL, -1, 0,
	    "long-lived graceful restart" },
	{ "fqdn overrun", "49020509", NULL, -1, 0, "FQDN" },
	{ "role bad", "09020303", NULL, -1, 0, "BGP role" },
	{ "cap header cut", "0200" "41", NULL, -1, 0, "capability header" },
	{ "param type 1", NULL, "0401020000", -1, 4, "parameter type 1" },
	{ "param overrun", NULL, "050208410400", -1, 0, "exceeds" },
	{ "params len lies", NULL, "0a020202", -1, 0, "optional parameters" },
};

static void
test_open_caps(void **state)
{
	struct bgp_error err;
	struct bgp_msg m;
	uint8_t buf[4096], *copy;
	size_t i, n;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(cap_cases) / sizeof(cap_cases[0]); i++) {
		const struct cap_case *c = &cap_cases[i];

		n = mk_open(buf, 4, 65010, 90, 0x0a000001, c->caps, c->params);
		copy = malloc(n);
		memcpy(copy, buf, n);
		rc = bgp_msg_parse(copy, n, NULL, &m, &err);
		free(copy);	/* before any failure jumps out */
		if (rc != c->rc)
			fail_msg("%s: rc %d (%s)", c->name, rc, err.what);
		if (rc == -1 && (err.code != 2 || err.subcode != c->sub ||
		    strstr(err.what, c->what) == NULL))
			fail_msg("%s: %u/%u '%s'", c->name, err.code,
			    err.subcode, err.what);
	}
}

static void
test_open_cap_values(void **state)
{
	struct bgp_error err;
	struct bgp_msg m;
	struct bgp_open *o = &m.u.open;
	uint8_t buf[4096];
	size_t n;

	(void)state;
	n = mk_open(buf, 4, 65010, 90, 1, "400a80780001018000020100", NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_int_equal(o->gr_flags, 0x8);
	assert_int_equal(o->gr_time, 120);
	assert_int_equal(o->ngr, 2);
	assert_int_equal(o->gr[0].flags, 0x80);
	assert_int_equal(o->gr[1].afi, 2);
	assert_int_equal(o->gr[1].flags, 0);

	n = mk_open(buf, 4, 65010, 90, 1, "45080001010100020102", NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_int_equal(o->naddpath, 2);
	assert_int_equal(o->addpath[0].flags, 1);
	assert_int_equal(o->addpath[1].afi, 2);
	assert_int_equal(o->addpath[1].flags, 2);

	n = mk_open(buf, 4, 65010, 90, 1, "490903726f750474657374", NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_string_equal(o->hostname, "rou");
	assert_string_equal(o->domain, "test");

	/* Terminal control bytes in a hostname are escaped. */
	n = mk_open(buf, 4, 65010, 90, 1, "4905031b5b6100", NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_string_equal(o->hostname, "\\x1b[a");

	n = mk_open(buf, 4, 65010, 90, 1, "470e000101801234560002018000000a",
	    NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_int_equal(o->nllgr, 2);
	assert_int_equal(o->llgr[0].time, 0x123456);
	assert_int_equal(o->llgr[1].time, 10);

	n = mk_open(buf, 4, 65010, 90, 1, "090103", NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_true(o->has_role);
	assert_int_equal(o->role, 3);

	n = mk_open(buf, 4, 65010, 90, 1, "0506000100010002", NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_true(o->has_ext_nexthop);

	n = mk_open(buf, 4, 65010, 90, 1, "4b06054652522038", NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_true(o->has_software_version);
	assert_string_equal(o->software_version, "FRR 8");

	n = mk_open(buf, 4, 65010, 90, 1, "c8030102030000", NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_int_equal(o->ncaps, 2);
	assert_int_equal(o->caps[0].code, 200);
	assert_int_equal(o->caps[0].len, 3);
	assert_int_equal(o->caps[1].code, 0);

	/* RFC 9072 extended optional parameters. */
	n = mk_open(buf, 4, 23456, 90, 1, NULL, "ffff0009020006410400010000");
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_true(o->ext_opt_params);
	assert_true(o->has_as4);
	assert_int_equal(o->as4, 65536);
}

static void
test_open_errors(void **state)
{
	struct bgp_error err;
	struct bgp_msg m;
	uint8_t buf[4096];
	size_t n;

	(void)state;
	n = mk_open(buf, 3, 65010, 90, 1, "", NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), -1);
	assert_int_equal(err.code, 2);
	assert_int_equal(err.subcode, 1);

	n = mk_open(buf, 4, 65010, 1, 1, "", NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), -1);
	assert_int_equal(err.subcode, 6);
	n = mk_open(buf, 4, 65010, 2, 1, "", NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), -1);
	assert_int_equal(err.subcode, 6);
	n = mk_open(buf, 4, 65010, 0, 1, "", NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	n = mk_open(buf, 4, 65010, 3, 1, "", NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);

	n = mk_open(buf, 4, 65010, 90, 0, "", NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), -1);
	assert_int_equal(err.subcode, 3);
}

static void
test_open_many_caps(void **state)
{
	struct bgp_error err;
	struct bgp_msg m;
	char hex[512];
	uint8_t buf[4096];
	size_t n, i;

	(void)state;
	/* 40 route refresh capabilities: 32 kept, 8 counted. */
	hex[0] = '\0';
	for (i = 0; i < 40; i++)
		strcat(hex, "0200");
	n = mk_open(buf, 4, 65010, 90, 1, hex, NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_int_equal(m.u.open.ncaps, BGP_MAX_CAPS);
	assert_int_equal(m.u.open.ncaps_dropped, 8);

	/* 20 MP capabilities: the array keeps 16 and does not overflow. */
	hex[0] = '\0';
	for (i = 0; i < 20; i++)
		strcat(hex, "01040001000" "1");
	n = mk_open(buf, 4, 65010, 90, 1, hex, NULL);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_int_equal(m.u.open.nmp, BGP_MAX_CAP_AFI);
	assert_int_equal(m.u.open.ncaps, 20);
}

/* ------------------------------------------------------------------ */
/* NOTIFICATION, ROUTE-REFRESH                                         */
/* ------------------------------------------------------------------ */

struct notif_case {
	const char	*hex;
	uint8_t		 code, sub;
	uint16_t	 data_len;
};

static const struct notif_case notif_real[] = {
	{ VEC_NOTIF_BAD_PEER_AS, 2, 2, 2 },
	{ VEC_NOTIF_MAX_PREFIX, 6, 1, 0 },
	{ VEC_NOTIF_HOLD, 4, 0, 0 },
	{ VEC_NOTIF_FSM, 5, 0, 0 },
};

static void
test_notification_real(void **state)
{
	struct bgp_error err;
	struct bgp_msg m;
	uint8_t buf[128];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(notif_real) / sizeof(notif_real[0]); i++) {
		n = vec(notif_real[i].hex, buf);
		assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
		assert_int_equal(m.type, BGP_MSG_NOTIFICATION);
		assert_int_equal(m.u.notification.code, notif_real[i].code);
		assert_int_equal(m.u.notification.subcode, notif_real[i].sub);
		assert_int_equal(m.u.notification.data_len,
		    notif_real[i].data_len);
		assert_false(m.u.notification.has_shutdown_msg);
	}
	/* Bad Peer AS carries the AS it did not expect: 12076. */
	n = vec(VEC_NOTIF_BAD_PEER_AS, buf);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_int_equal(m.u.notification.data[0] << 8 |
	    m.u.notification.data[1], 12076);
}

static void
test_notification_shutdown(void **state)
{
	struct bgp_error err;
	struct bgp_msg m;
	uint8_t buf[128];
	size_t n;

	(void)state;
	n = hex2bin("ffffffffffffffffffffffffffffffff001c030602"
	    "066d61696e7421", buf);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_true(m.u.notification.has_shutdown_msg);
	assert_string_equal(m.u.notification.shutdown_msg, "maint!");

	/* Administrative Reset (4) with a control byte: escaped. */
	n = hex2bin("ffffffffffffffffffffffffffffffff0018030604"
	    "02410a", buf);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_true(m.u.notification.has_shutdown_msg);
	assert_string_equal(m.u.notification.shutdown_msg, "A\\x0a");

	/* A length that lies about the text: no text, still parsed. */
	n = hex2bin("ffffffffffffffffffffffffffffffff0018030602"
	    "094142", buf);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_false(m.u.notification.has_shutdown_msg);
	assert_int_equal(m.u.notification.data_len, 3);

	/* Other Cease subcodes carry no text. */
	n = hex2bin("ffffffffffffffffffffffffffffffff0018030603"
	    "024142", buf);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_false(m.u.notification.has_shutdown_msg);
}

struct name_case {
	uint8_t		 code, sub;
	const char	*name;
};

static const struct name_case name_cases[] = {
	{ 1, 1, "Message Header Error / Connection Not Synchronized" },
	{ 1, 2, "Message Header Error / Bad Message Length" },
	{ 1, 3, "Message Header Error / Bad Message Type" },
	{ 2, 1, "OPEN Message Error / Unsupported Version Number" },
	{ 2, 2, "OPEN Message Error / Bad Peer AS" },
	{ 2, 3, "OPEN Message Error / Bad BGP Identifier" },
	{ 2, 4, "OPEN Message Error / Unsupported Optional Parameter" },
	{ 2, 6, "OPEN Message Error / Unacceptable Hold Time" },
	{ 2, 7, "OPEN Message Error / Unsupported Capability" },
	{ 2, 11, "OPEN Message Error / Role Mismatch" },
	{ 3, 1, "UPDATE Message Error / Malformed Attribute List" },
	{ 3, 2, "UPDATE Message Error / Unrecognized Well-known Attribute" },
	{ 3, 3, "UPDATE Message Error / Missing Well-known Attribute" },
	{ 3, 4, "UPDATE Message Error / Attribute Flags Error" },
	{ 3, 5, "UPDATE Message Error / Attribute Length Error" },
	{ 3, 6, "UPDATE Message Error / Invalid ORIGIN Attribute" },
	{ 3, 8, "UPDATE Message Error / Invalid NEXT_HOP Attribute" },
	{ 3, 9, "UPDATE Message Error / Optional Attribute Error" },
	{ 3, 10, "UPDATE Message Error / Invalid Network Field" },
	{ 3, 11, "UPDATE Message Error / Malformed AS_PATH" },
	{ 4, 0, "Hold Timer Expired" },
	{ 5, 0, "Finite State Machine Error / Unspecified Error" },
	{ 5, 1, "Finite State Machine Error / Receive Unexpected Message in "
	    "OpenSent State" },
	{ 5, 3, "Finite State Machine Error / Receive Unexpected Message in "
	    "Established State" },
	{ 6, 1, "Cease / Maximum Number of Prefixes Reached" },
	{ 6, 2, "Cease / Administrative Shutdown" },
	{ 6, 3, "Cease / Peer De-configured" },
	{ 6, 4, "Cease / Administrative Reset" },
	{ 6, 5, "Cease / Connection Rejected" },
	{ 6, 6, "Cease / Other Configuration Change" },
	{ 6, 7, "Cease / Connection Collision Resolution" },
	{ 6, 8, "Cease / Out of Resources" },
	{ 6, 9, "Cease / Hard Reset" },
	{ 6, 10, "Cease / BFD Down" },
	{ 7, 1, "ROUTE-REFRESH Message Error / Invalid Message Length" },
	{ 6, 42, "Cease / unknown subcode 42" },
	{ 9, 1, "unknown code 9 / subcode 1" },
};

static void
test_names(void **state)
{
	char buf[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(name_cases) / sizeof(name_cases[0]); i++)
		assert_string_equal(bgp_notification_name(name_cases[i].code,
		    name_cases[i].sub, buf, sizeof(buf)), name_cases[i].name);
	/* Every subcode of every code in the RFCs has a name. */
	for (i = 1; i <= 11; i++)
		assert_string_not_equal(bgp_err_subcode_name(2, (uint8_t)i),
		    "unknown");
	for (i = 1; i <= 11; i++)
		assert_string_not_equal(bgp_err_subcode_name(3, (uint8_t)i),
		    "unknown");
	for (i = 1; i <= 10; i++)
		assert_string_not_equal(bgp_err_subcode_name(6, (uint8_t)i),
		    "unknown");
	assert_string_equal(bgp_err_code_name(6), "Cease");
	assert_string_equal(bgp_msg_type_name(5), "ROUTE-REFRESH");
	assert_string_equal(bgp_msg_type_name(9), "unknown");
	assert_string_equal(bgp_cap_name(65), "4-octet AS number");
	assert_string_equal(bgp_cap_name(250), "unknown");
	assert_string_equal(bgp_attr_name(2), "AS_PATH");
	assert_string_equal(bgp_attr_name(32), "LARGE_COMMUNITY");
	assert_string_equal(bgp_afi_name(1), "IPv4");
	assert_string_equal(bgp_afi_name(2), "IPv6");
	assert_string_equal(bgp_safi_name(1), "unicast");
	/* A short buffer is still terminated. */
	bgp_notification_name(6, 1, buf, 8);
	assert_int_equal(strlen(buf), 7);
}

static void
test_route_refresh(void **state)
{
	struct bgp_error err;
	struct bgp_msg m;
	uint8_t buf[64];
	size_t n;

	(void)state;
	n = hex2bin("ffffffffffffffffffffffffffffffff00170500020001", buf);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_int_equal(m.u.route_refresh.afi, 2);
	assert_int_equal(m.u.route_refresh.safi, 1);
	assert_int_equal(m.u.route_refresh.subtype, 0);
	n = hex2bin("ffffffffffffffffffffffffffffffff00170500010101", buf);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_int_equal(m.u.route_refresh.subtype, 1);
	n = hex2bin("ffffffffffffffffffffffffffffffff00170500010201", buf);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
	assert_int_equal(m.u.route_refresh.subtype, 2);
	/* RFC 7313 5: BoRR with extra bytes is 7/1. */
	n = hex2bin("ffffffffffffffffffffffffffffffff0018050001010100", buf);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), -1);
	assert_int_equal(err.code, 7);
	assert_int_equal(err.subcode, 1);
	/* A normal request may carry ORF entries. */
	n = hex2bin("ffffffffffffffffffffffffffffffff0018050001000100", buf);
	assert_int_equal(bgp_msg_parse(buf, n, NULL, &m, &err), 0);
}

/* ------------------------------------------------------------------ */
/* Negotiation                                                         */
/* ------------------------------------------------------------------ */

static void
test_negotiate(void **state)
{
	struct bgp_error err;
	struct bgp_msg a, b;
	struct bgp_neg neg;
	uint8_t buf1[4096], buf2[4096];
	size_t n;

	(void)state;
	n = vec(VEC_OPEN_FRR_AS4, buf1);
	assert_int_equal(bgp_msg_parse(buf1, n, NULL, &a, &err), 0);
	n = vec(VEC_OPEN_BIRD_AS4, buf2);
	assert_int_equal(bgp_msg_parse(buf2, n, NULL, &b, &err), 0);
	bgp_negotiate(&a.u.open, &b.u.open, &neg);
	assert_true(neg.as4);
	assert_true(neg.ext_msg);
	assert_int_equal(neg.addpath_rx, bgp_afisafi_bit(1, 1));
	bgp_negotiate(&b.u.open, &a.u.open, &neg);
	assert_int_equal(neg.addpath_rx, 0x01);
	assert_int_equal(bgp_hold_time(&a.u.open, &b.u.open), 9);

	/* Receive-only sender, send-only receiver: no path IDs flow. */
	n = mk_open(buf1, 4, 65010, 90, 1, "450400010101", NULL);
	assert_int_equal(bgp_msg_parse(buf1, n, NULL, &a, &err), 0);
	n = mk_open(buf2, 4, 65020, 30, 2, "4504000101020600", NULL);
	assert_int_equal(bgp_msg_parse(buf2, n, NULL, &b, &err), 0);
	bgp_negotiate(&a.u.open, &b.u.open, &neg);
	assert_false(neg.as4);
	assert_false(neg.ext_msg);
	assert_int_equal(neg.addpath_rx, 0);
	bgp_negotiate(&b.u.open, &a.u.open, &neg);
	assert_int_equal(neg.addpath_rx, 0x01);
	assert_int_equal(bgp_hold_time(&a.u.open, &b.u.open), 30);
	n = mk_open(buf2, 4, 65020, 0, 2, "", NULL);
	assert_int_equal(bgp_msg_parse(buf2, n, NULL, &b, &err), 0);
	assert_int_equal(bgp_hold_time(&a.u.open, &b.u.open), 0);

	assert_int_equal(bgp_afisafi_bit(2, 1), 0x02);
	assert_int_equal(bgp_afisafi_bit(1, 128), 0);
}

/* ------------------------------------------------------------------ */
/* Truncation sweep                                                    */
/* ------------------------------------------------------------------ */

static const char *const sweep_vecs[] = {
	VEC_OPEN_BIRD_AS4, VEC_OPEN_FRR_AS4, VEC_KEEPALIVE, VEC_NOTIF_FSM,
	VEC_UPDATE_ADDPATH_V4, VEC_EOR_V4, VEC_UPDATE_ADDPATH_AS4_MED,
	VEC_UPDATE_MP_V6, VEC_EOR_V6, VEC_OPEN_BIRD_2BYTE, VEC_OPEN_FRR_65010,
	VEC_NOTIF_BAD_PEER_AS, VEC_UPDATE_V4_PLAIN, VEC_NOTIF_MAX_PREFIX,
	VEC_NOTIF_HOLD,
};

/* bgp_msg_parse_framed() on a message whose header bgp_hdr_check()
 * accepts answers exactly as bgp_msg_parse(). */
static void
framed_same(const uint8_t *buf, size_t n, const struct bgp_neg *neg)
{
	struct bgp_error e1, e2;
	struct bgp_msg m1, m2;
	uint16_t len;
	uint8_t type;
	int r1, r2;

	if (bgp_hdr_check(buf, n, neg->ext_msg, &len, &type, &e1) != 1 ||
	    len != n)
		return;
	r1 = bgp_msg_parse(buf, n, neg, &m1, &e1);
	r2 = bgp_msg_parse_framed(buf, n, neg, &m2, &e2);
	assert_int_equal(r1, r2);
	assert_int_equal(m1.type, m2.type);
	assert_int_equal(m1.len, m2.len);
	assert_int_equal(m1.body_len, m2.body_len);
	if (r1 == 0 && m1.type == BGP_MSG_UPDATE) {
		assert_int_equal(m1.u.update.n_nlri, m2.u.update.n_nlri);
		assert_int_equal(m1.u.update.n_withdrawn,
		    m2.u.update.n_withdrawn);
		assert_int_equal(m1.u.update.n_mp_reach,
		    m2.u.update.n_mp_reach);
		assert_int_equal(m1.u.update.n_mp_unreach,
		    m2.u.update.n_mp_unreach);
	}
	if (r1 == -1) {
		assert_int_equal(e1.code, e2.code);
		assert_int_equal(e1.subcode, e2.subcode);
		assert_int_equal(e1.offset, e2.offset);
		assert_int_equal(e1.truncated, e2.truncated);
		assert_string_equal(e1.what, e2.what);
	}
}

static void
test_truncation_sweep(void **state)
{
	struct bgp_neg neg = { true, true, 0x03 };
	struct bgp_error err, err2;
	struct bgp_msg m;
	uint8_t full[4096], *cut;
	uint16_t len;
	uint8_t type;
	size_t i, n, k, lied = 0;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(sweep_vecs) / sizeof(sweep_vecs[0]); i++) {
		n = vec(sweep_vecs[i], full);
		assert_int_equal(bgp_msg_parse(full, n, &neg, &m, &err), 0);
		framed_same(full, n, &neg);
		for (k = 0; k < n; k++) {
			/* Exactly k bytes, so ASan sees any overread. */
			cut = malloc(k > 0 ? k : 1);
			memcpy(cut, full, k);
			rc = bgp_hdr_check(cut, k, false, &len, &type, &err);
			assert_int_equal(rc, k < BGP_HDR_LEN ? 0 : 1);
			rc = bgp_msg_parse(cut, k, &neg, &m, &err);
			assert_int_equal(rc, -1);
			assert_true(err.truncated);
			assert_int_equal(err.code, 1);
			assert_true(err.what[0] != '\0');
			/* The same bytes with a header that agrees: the
			 * body is cut, so the parse must fail cleanly or
			 * (rarely) still be a valid shorter message. */
			if (k < BGP_HDR_LEN) {
				/* framed with too few bytes: the full check */
				assert_int_equal(bgp_msg_parse_framed(cut, k,
				    &neg, &m, &err2), -1);
				assert_true(err2.truncated);
			}
			if (k >= BGP_HDR_LEN) {
				cut[16] = (uint8_t)(k >> 8);
				cut[17] = (uint8_t)k;
				framed_same(cut, k, &neg);
				rc = bgp_msg_parse(cut, k, &neg, &m, &err);
				if (rc == -1) {
					assert_false(err.truncated);
					assert_true(err.code >= 1 &&
					    err.code <= 7);
					assert_true(err.what[0] != '\0');
					lied++;
				}
			}
			free(cut);
		}
	}
	assert_true(lied > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hdr_check),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_bad_marker_parse),
		cmocka_unit_test(test_length_exceeds_buffer),
		cmocka_unit_test(test_keepalive),
		cmocka_unit_test(test_open_real_frr),
		cmocka_unit_test(test_open_real_bird),
		cmocka_unit_test(test_open_caps),
		cmocka_unit_test(test_open_cap_values),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_open_many_caps),
		cmocka_unit_test(test_notification_real),
		cmocka_unit_test(test_notification_shutdown),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_route_refresh),
		cmocka_unit_test(test_negotiate),
		cmocka_unit_test(test_truncation_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
