/*
 * Unit tests of the router module: the small parsers (states, AS numbers,
 * uptimes, NOTIFICATION words, log stamps), the input handling (every
 * encoding, CRLF, pager and escape debris, prompts), merging, secrets, and
 * the truncation sweep: fixtures cut at every length into an exact-size
 * heap copy must load cleanly under ASan, give only neighbors the whole
 * file has, and say "truncated" when the cut falls inside a line.
 * Vendor fixtures: tests/data/router/ (read through ERW_SRC_DIR).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "router/router.h"
#include "router/router_int.h"

#define FIX	ERW_SRC_DIR "/tests/data/router/"
#include "test_fixture.h"

static struct router_doc *
load(const char *name, const void *buf, size_t len)
{
	struct router_ctx ctx = { 2024, false, 0, 0 };
	struct router_doc *d = router_doc_new(&ctx);
	struct err e;

	assert_non_null(d);
	err_clear(&e);
	assert_int_equal(router_load_buf(d, name, buf, len, &e), 0);
	router_doc_finish(d);
	return d;
}

static const struct router_neighbor *
find(const struct router_doc *d, const char *addr)
{
	struct net_addr a;
	size_t i;

	assert_int_equal(net_addr_parse(addr, &a), 0);
	for (i = 0; i < d->nneighbors; i++)
		if (net_addr_eq(&d->neighbors[i].addr, &a))
			return &d->neighbors[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Small parsers                                                       */
/* ------------------------------------------------------------------ */

static void
test_states(void **state)
{
	static const struct {
		const char		*s;
		enum router_state	 st;
		bool			 admin;
	} v[] = {
		{ "Established", ROUTER_ST_ESTABLISHED, false },
		{ "Establ", ROUTER_ST_ESTABLISHED, false },
		{ "Estab", ROUTER_ST_ESTABLISHED, false },
		{ "Idle (Admin)", ROUTER_ST_IDLE, true },
		{ "Idle(Admin)", ROUTER_ST_IDLE, true },
		{ "Idle(NoIf)", ROUTER_ST_IDLE, false },
		{ "Idle (PfxCt)", ROUTER_ST_IDLE, false },
		{ "Shut (Admin)", ROUTER_ST_IDLE, true },
		{ "Idle!", ROUTER_ST_IDLE, false },
		{ "active", ROUTER_ST_ACTIVE, false },
		{ "Connect", ROUTER_ST_CONNECT, false },
		{ "OpenSent", ROUTER_ST_OPENSENT, false },
		{ "OpenConfirm", ROUTER_ST_OPENCONFIRM, false },
		{ "Closing", ROUTER_ST_IDLE, false },
		{ "Estabxyz", ROUTER_ST_UNKNOWN, false },
		{ "12", ROUTER_ST_UNKNOWN, false },
		{ "", ROUTER_ST_UNKNOWN, false },
	};
	size_t i;
	bool admin;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		enum router_state st = router_state_parse(v[i].s,
		    strlen(v[i].s), &admin);

		if (st != v[i].st || admin != v[i].admin)
			fail_msg("state \"%s\": got %d admin %d, want %d %d",
			    v[i].s, st, admin, v[i].st, v[i].admin);
	}
}

static void
test_asn(void **state)
{
	uint32_t as = 0;

	(void)state;
	assert_int_equal(router_asn_parse("12076", 5, &as), 0);
	assert_int_equal(as, 12076);
	assert_int_equal(router_asn_parse("1.10", 4, &as), 0);	/* RFC 5396 */
	assert_int_equal(as, 65546);
	assert_int_equal(router_asn_parse("4200000001", 10, &as), 0);
	assert_int_equal(as, 4200000001u);
	assert_int_equal(router_asn_parse("4294967296", 10, &as), -1);
	assert_int_equal(router_asn_parse("65536.1", 7, &as), -1);
	assert_int_equal(router_asn_parse("1.", 2, &as), -1);
	assert_int_equal(router_asn_parse("AS1", 3, &as), -1);
	assert_int_equal(router_asn_parse("", 0, &as), -1);
}

static void
test_durations(void **state)
{
	static const struct {
		const char	*s;
		int64_t		 secs;
	} v[] = {
		{ "00:01:02", 62 }, { "2d03h", 2 * 86400 + 3 * 3600 },
		{ "1w2d", 9 * 86400 }, { "3y12w", 3 * 365 * 86400 + 84 * 86400 },
		{ "1d 2:03:04", 86400 + 7384 }, { "4:05", 245 },
		{ "13w3d 4:21:07", 94 * 86400 + 15667 },
		{ "01w2d03h", 9 * 86400 + 3 * 3600 }, { "1d04h12m", 101520 },
		{ "never", -1 }, { "", -1 }, { "12", -1 }, { "1:2:3:4", -1 },
		{ "x1d", -1 }, { "00:00:00.5", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		int64_t got = router_duration_parse(v[i].s, strlen(v[i].s));

		if (got != v[i].secs)
			fail_msg("duration \"%s\": got %lld, want %lld", v[i].s,
			    (long long)got, (long long)v[i].secs);
	}
}

static void
test_notification_words(void **state)
{
	static const struct {
		const char	*s;
		int		 code, sub;
	} v[] = {
		{ "Received: Bad peer AS", 2, 2 },
		{ "Hold Timer Expired Error", 4, 0 },
		{ "holdtimer expired error", 4, 0 },
		{ "Cease/Maximum Number of Prefixes Reached", 6, 1 },
		{ "Cease/administrative reset", 6, 4 },
		{ "Cease", 6, -1 },
		{ "peer in wrong AS", 2, 2 },
		/* OpenBGPD's bgpctl */
		{ "error in OPEN message, AS unacceptable", 2, 2 },
		{ "error in OPEN message, unacceptable holdtime", 2, 6 },
	};
	size_t i;
	int c, sc;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(router_notification_parse(v[i].s,
		    strlen(v[i].s), &c, &sc), 0);
		if (c != v[i].code || sc != v[i].sub)
			fail_msg("\"%s\": %d/%d, want %d/%d", v[i].s, c, sc,
			    v[i].code, v[i].sub);
	}
	assert_int_equal(router_notification_parse("Interface flap", 14, &c,
	    &sc), -1);
}

/* ------------------------------------------------------------------ */
/* Log stamps                                                          */
/* ------------------------------------------------------------------ */

static void
test_stamps(void **state)
{
	static const struct {
		const char	*line;
		const char	*iso;	/* NULL: no time */
		enum router_time_from year, zone;
		const char	*msg;	/* what follows the stamp */
	} v[] = {
		{ "*Mar  5 09:13:12.345: %BGP-5-ADJCHANGE: x",
		    "2024-03-05T09:13:12.345000Z", ROUTER_TF_CONTEXT,
		    ROUTER_TF_ASSUMED, "%BGP" },
		{ "Mar 5 2023 09:13:12.345 UTC: %BGP-5-x",
		    "2023-03-05T09:13:12.345000Z", ROUTER_TF_LINE,
		    ROUTER_TF_LINE, "%BGP" },
		{ "2022 Mar  5 09:13:12 nx1 %BGP-5-ADJCHANGE: y",
		    "2022-03-05T09:13:12.000000Z", ROUTER_TF_LINE,
		    ROUTER_TF_ASSUMED, "nx1" },
		{ "RP/0/RSP0/CPU0:Mar  4 14:01:09.218 CET: bgp[1]: z",
		    "2024-03-04T13:01:09.218000Z", ROUTER_TF_CONTEXT,
		    ROUTER_TF_LINE, "bgp[" },
		{ "2024-03-05T09:13:12.5+01:00 host rpd[1]: m",
		    "2024-03-05T08:13:12.500000Z", ROUTER_TF_LINE,
		    ROUTER_TF_LINE, "host" },
		{ "2026/12/07 09:15:01 BGP: [X] m",
		    "2026-12-07T09:15:01.000000Z", ROUTER_TF_LINE,
		    ROUTER_TF_ASSUMED, "BGP:" },
		{ "05-03-2021 09:13:12 <RMT> p: m",
		    "2021-03-05T09:13:12.000000Z", ROUTER_TF_LINE,
		    ROUTER_TF_ASSUMED, "<RMT>" },
		{ "<189>123: Mar  5 09:13:12 UTC: %BGP",
		    "2024-03-05T09:13:12.000000Z", ROUTER_TF_CONTEXT,
		    ROUTER_TF_LINE, "%BGP" },
		{ "Mar  5 09:13:12 rtr1 12: *Mar  5 09:13:11.900 UTC: %BGP-x",
		    "2024-03-05T09:13:11.900000Z", ROUTER_TF_CONTEXT,
		    ROUTER_TF_LINE, "%BGP" },
		{ "[182734.114233] TCP: MD5 Hash failed", NULL, ROUTER_TF_NONE,
		    ROUTER_TF_NONE, "TCP:" },
	};
	struct router_doc *d = router_doc_new(NULL);
	struct rparse rp;
	struct rstamp st;
	struct router_time t;
	char iso[40];
	size_t i;
	long off;

	(void)state;
	assert_non_null(d);
	d->ctx.year = 2024;
	memset(&rp, 0, sizeof(rp));
	rp.doc = d;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		off = rstamp_parse(v[i].line, strlen(v[i].line), &st);
		if (off < 0)
			fail_msg("no stamp in \"%s\"", v[i].line);
		rp.last_mon = 0;
		rp.year_bump = 0;
		rstamp_resolve(&rp, &st, &t);
		if (strncmp(v[i].line + off, v[i].msg, strlen(v[i].msg)) != 0)
			fail_msg("\"%s\": message at \"%s\"", v[i].line,
			    v[i].line + off);
		if (v[i].iso == NULL) {
			assert_int_equal(t.year_from, ROUTER_TF_NONE);
			continue;
		}
		time_iso(t.t, iso, sizeof(iso));
		if (strcmp(iso, v[i].iso) != 0 || t.year_from != v[i].year ||
		    t.zone_from != v[i].zone)
			fail_msg("\"%s\": %s (year %d zone %d), want %s (%d %d)",
			    v[i].line, iso, t.year_from, t.zone_from, v[i].iso,
			    v[i].year, v[i].zone);
	}
	assert_int_equal(rstamp_parse("hello world", 11, &st), -1);
	assert_int_equal(rstamp_parse("Mar 45 09:13:12 x", 17, &st), -1);
	router_doc_free(d);
}

/* A log without years that crosses New Year, with the zone from --tz. */
static void
test_year_rollover_and_zone(void **state)
{
	static const char log[] =
	    "Dec 31 23:59:59 mx rpd[1]: RPD_BGP_NEIGHBOR_STATE_CHANGED: BGP "
	    "peer 10.0.0.2 (External AS 1) changed state from Established to "
	    "Idle (event HoldTime) (instance master)\n"
	    "Jan  1 00:00:30 mx rpd[1]: RPD_BGP_NEIGHBOR_STATE_CHANGED: BGP "
	    "peer 10.0.0.2 (External AS 1) changed state from OpenConfirm to "
	    "Established (event RecvKeepAlive) (instance master)\n";
	struct router_ctx ctx = { 2023, true, 120, 0 };
	struct router_doc *d = router_doc_new(&ctx);
	struct err e;
	char a[40], b[40];

	(void)state;
	err_clear(&e);
	assert_int_equal(router_load_buf(d, "log", log, sizeof(log) - 1, &e),
	    0);
	router_doc_finish(d);
	assert_int_equal(d->nevents, 2);
	time_iso(d->events[0].time.t, a, sizeof(a));
	time_iso(d->events[1].time.t, b, sizeof(b));
	assert_string_equal(a, "2023-12-31T21:59:59.000000Z");
	assert_string_equal(b, "2023-12-31T22:00:30.000000Z");
	assert_int_equal(d->events[0].kind, ROUTER_EV_DOWN);
	assert_int_equal(d->events[1].kind, ROUTER_EV_UP);
	assert_int_equal(d->events[0].time.zone_from, ROUTER_TF_CONTEXT);
	router_doc_free(d);
}

/* A carrier table whose headers name UTC keeps UTC under a router-log
 * zone from --tz or context.json; a header in UTC+1 is read as such, a
 * header without a zone takes the context's. */
static void
test_carrier_header_zone(void **state)
{
	static const char utc[] =
	    "Circuit;Outage Start (UTC);Outage End (UTC);Reason\n"
	    "C1;2026-12-01 04:58:40;2026-12-01 05:03:10;cut\n";
	static const char plus1[] =
	    "Timestamp (UTC+01:00),Link,State\n"
	    "2026-12-01 05:58:40,C1,down\n";
	static const char none[] =
	    "Circuit,Outage Start,Outage End\n"
	    "C1,2026-12-01 05:58:40,2026-12-01 06:03:10\n";
	struct router_ctx ctx = { 0, true, 60, 0 };
	struct router_doc *d;
	struct err e;
	char a[40];

	(void)state;
	d = router_doc_new(&ctx);
	assert_non_null(d);
	err_clear(&e);
	assert_int_equal(router_load_buf(d, "c.csv", utc, sizeof(utc) - 1,
	    &e), 0);
	router_doc_finish(d);
	assert_int_equal(d->nevents, 2);
	assert_string_equal(time_iso(d->events[0].time.t, a, sizeof(a)),
	    "2026-12-01T04:58:40.000000Z");
	assert_string_equal(time_iso(d->events[1].time.t, a, sizeof(a)),
	    "2026-12-01T05:03:10.000000Z");
	assert_int_equal(d->events[0].time.zone_from, ROUTER_TF_LINE);
	router_doc_free(d);

	d = router_doc_new(&ctx);
	assert_non_null(d);
	assert_int_equal(router_load_buf(d, "e.csv", plus1, sizeof(plus1) - 1,
	    &e), 0);
	router_doc_finish(d);
	assert_int_equal(d->nevents, 1);
	assert_string_equal(time_iso(d->events[0].time.t, a, sizeof(a)),
	    "2026-12-01T04:58:40.000000Z");
	router_doc_free(d);

	ctx.zone_min = 120;
	d = router_doc_new(&ctx);
	assert_non_null(d);
	assert_int_equal(router_load_buf(d, "n.csv", none, sizeof(none) - 1,
	    &e), 0);
	router_doc_finish(d);
	assert_int_equal(d->nevents, 2);
	assert_string_equal(time_iso(d->events[0].time.t, a, sizeof(a)),
	    "2026-12-01T03:58:40.000000Z");
	assert_int_equal(d->events[0].time.zone_from, ROUTER_TF_CONTEXT);
	router_doc_free(d);
}

/* ------------------------------------------------------------------ */
/* Input handling                                                      */
/* ------------------------------------------------------------------ */

/* The IOS summary's neighbors, as the clean file gives them. */
static void
check_ios_summary(const struct router_doc *d)
{
	const struct router_neighbor *nb;

	assert_int_equal(d->nneighbors, 5);
	nb = find(d, "10.10.0.2");
	assert_non_null(nb);
	assert_int_equal(nb->state, ROUTER_ST_ESTABLISHED);
	assert_int_equal(nb->pfx_received, 8);
	assert_int_equal(nb->local_as, 65010);
	assert_string_equal(nb->host, "rtr-ce1");
	nb = find(d, "10.10.0.14");
	assert_non_null(nb);
	assert_int_equal(nb->remote_as, 65546);
	assert_true(nb->max_prefix);
	nb = find(d, "10.10.0.10");
	assert_non_null(nb);
	assert_true(nb->admin_down);
}

static uint8_t *
to_utf16(const uint8_t *s, size_t n, bool le, bool bom, size_t *out)
{
	uint8_t *b = malloc(n * 2 + 2);
	size_t i, k = 0;

	assert_non_null(b);
	if (bom) {
		b[k++] = le ? 0xff : 0xfe;
		b[k++] = le ? 0xfe : 0xff;
	}
	for (i = 0; i < n; i++) {
		b[k++] = le ? s[i] : 0;
		b[k++] = le ? 0 : s[i];
	}
	*out = k;
	return b;
}

static void
test_encodings(void **state)
{
	struct router_doc *d;
	uint8_t *txt, *b;
	size_t n, bn, i, k;
	int le, bom;

	(void)state;
	txt = slurp("vendor/ios_summary.txt", &n);
	d = load("utf8", txt, n);
	check_ios_summary(d);
	assert_int_equal(d->inputs[0].enc, ROUTER_ENC_UTF8);
	router_doc_free(d);
	/* UTF-8 BOM */
	b = malloc(n + 3);
	memcpy(b, "\xef\xbb\xbf", 3);
	memcpy(b + 3, txt, n);
	d = load("bom", b, n + 3);
	check_ios_summary(d);
	assert_int_equal(d->inputs[0].enc, ROUTER_ENC_UTF8_BOM);
	router_doc_free(d);
	free(b);
	/* UTF-16 LE/BE, with and without BOM */
	for (le = 0; le < 2; le++)
		for (bom = 0; bom < 2; bom++) {
			b = to_utf16(txt, n, le, bom, &bn);
			d = load("utf16", b, bn);
			check_ios_summary(d);
			assert_int_equal(d->inputs[0].enc, le ?
			    ROUTER_ENC_UTF16LE : ROUTER_ENC_UTF16BE);
			router_doc_free(d);
			free(b);
		}
	/* CRLF */
	b = malloc(n * 2);
	for (i = 0, k = 0; i < n; i++) {
		if (txt[i] == '\n')
			b[k++] = '\r';
		b[k++] = txt[i];
	}
	d = load("crlf", b, k);
	check_ios_summary(d);
	assert_true(d->inputs[0].crlf);
	router_doc_free(d);
	free(b);
	free(txt);
}

static void
test_pager_and_escapes(void **state)
{
	struct router_doc *d;
	uint8_t *b;
	size_t n;

	(void)state;
	b = slurp("vendor/ios_summary_pager_crlf.txt", &n);
	assert_non_null(memchr(b, '\b', n));	/* the fixture has them */
	assert_non_null(memchr(b, 0x1b, n));
	d = load("pager", b, n);
	check_ios_summary(d);
	assert_true(d->inputs[0].cleaned);
	router_doc_free(d);
	free(b);
	b = slurp("vendor/eos_summary_more.txt", &n);
	d = load("more", b, n);
	assert_int_equal(d->nneighbors, 4);
	assert_non_null(find(d, "10.70.0.2"));
	router_doc_free(d);
	free(b);
}

/* Outputs under their prompts: one section each, the command kept, the
 * same session from two outputs merged into one neighbor. */
static void
test_sections_and_merge(void **state)
{
	const struct router_neighbor *nb;
	struct router_doc *d;
	uint8_t *b;
	size_t n;

	(void)state;
	b = slurp("vendor/ios_paste.txt", &n);
	d = load("paste", b, n);
	assert_int_equal(d->inputs[0].nsections, 2);
	assert_int_equal(d->inputs[0].sections[0].kind, ROUTER_KIND_SUMMARY);
	assert_int_equal(d->inputs[0].sections[1].kind, ROUTER_KIND_NEIGHBORS);
	assert_string_equal(d->inputs[0].sections[1].command,
	    "show ip bgp neighbors 10.10.0.2");
	assert_int_equal(d->nneighbors, 5);
	nb = find(d, "10.10.0.2");
	assert_non_null(nb);
	assert_int_equal(nb->pfx_received, 8);	/* from the summary */
	assert_int_equal(nb->hold, 180);	/* from the detail */
	assert_int_equal(nb->md5, ROUTER_YES);
	assert_int_equal(nb->nsrc, 2);
	router_doc_free(d);
	free(b);
}

/*
 * The session's TCP ends, in each form an output prints them, and the
 * forms that say there is no connection.  Every vector is also cut at
 * every length: a cut line must not give a different address or port.
 */
static void
test_session_ends(void **state)
{
	static const struct {
		const char	*text;
		const char	*peer, *local;	/* local NULL: none */
		uint16_t	 lport, rport;
	} v[] = {
		{ "BGP neighbor is 10.10.0.2,  remote AS 12076, external link\n"
		  "  BGP state = Established, up for 00:10:00\n"
		  "Local host: 10.10.0.1, Local port: 179\n"
		  "Foreign host: 10.10.0.2, Foreign port: 50431\n",
		  "10.10.0.2", "10.10.0.1", 179, 50431 },
		{ "BGP neighbor is 10.50.0.2\n"
		  " Remote AS 12076, local AS 65010, external link\n"
		  "  Local host: 10.50.0.1, Local port: 40001, IF Handle: "
		  "0x00000100\n"
		  "  Foreign host: 10.50.0.2, Foreign port: 179\n",
		  "10.50.0.2", "10.50.0.1", 40001, 179 },
		{ "BGP neighbor is 10.70.0.2, remote AS 12076, external link\n"
		  "  BGP state is Established, up for 00:01:00\n"
		  "  Local TCP address is 10.70.0.1, local port is 179\n"
		  "  Remote TCP address is 10.70.0.2, remote port is 40122\n",
		  "10.70.0.2", "10.70.0.1", 179, 40122 },
		{ "BGP neighbor is 172.16.0.2, remote AS 12076, local AS 65010, "
		  "external link\n"
		  "  BGP state = Active\n"
		  "Local host: Unknown, Local port: -1\n",
		  "172.16.0.2", NULL, 0, 0 },
		{ "Peer: 10.60.0.2+179 AS 12076   Local: 10.60.0.1+60321 AS "
		  "65010\n"
		  "  Type: External    State: Established    Flags: <Sync>\n",
		  "10.60.0.2", "10.60.0.1", 60321, 179 },
		{ "Peer: 10.60.0.6 AS 12076       Local: 10.60.0.5 AS 65010\n"
		  "  Type: External    State: Active         Flags: <>\n",
		  "10.60.0.6", "10.60.0.5", 0, 0 },
		{ "{\"172.16.0.2\":{\"remoteAs\":12076,\"localAs\":65010,"
		  "\"bgpState\":\"Established\",\"hostLocal\":\"172.16.0.1\","
		  "\"portLocal\":39882,\"hostForeign\":\"172.16.0.2\","
		  "\"portForeign\":179}}\n",
		  "172.16.0.2", "172.16.0.1", 39882, 179 },
		{ "{\"172.16.0.2\":{\"remoteAs\":12076,\"localAs\":65010,"
		  "\"bgpState\":\"Active\",\"hostLocal\":\"Unknown\","
		  "\"portLocal\":-1,\"hostForeign\":\"Unknown\","
		  "\"portForeign\":-1}}\n",
		  "172.16.0.2", NULL, 0, 0 },
	};
	size_t i, cut, k;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t n = strlen(v[i].text);
		struct router_doc *d = load("ends", v[i].text, n);
		const struct router_neighbor *nb = find(d, v[i].peer);
		char a[NET_ADDR_STRLEN];

		if (nb == NULL)
			fail_msg("vector %zu: no neighbor %s", i, v[i].peer);
		net_addr_str(&nb->local_addr, a);
		if (v[i].local == NULL ? nb->local_addr.family != 0 :
		    strcmp(a, v[i].local) != 0 || nb->local_port != v[i].lport ||
		    nb->remote_port != v[i].rport)
			fail_msg("vector %zu: local %s:%u remote port %u", i, a,
			    nb->local_port, nb->remote_port);
		for (cut = 0; cut < n; cut++) {
			char *b = malloc(cut > 0 ? cut : 1);
			struct router_doc *dc;

			memcpy(b, v[i].text, cut);
			dc = load("cut", b, cut);
			for (k = 0; k < dc->nneighbors; k++) {
				const struct router_neighbor *c =
				    &dc->neighbors[k];

				/* a cut may lose the port, never change it */
				if ((c->local_addr.family != 0 &&
				    !net_addr_eq(&c->local_addr,
				    &nb->local_addr)) ||
				    (c->local_port != 0 &&
				    c->local_port != nb->local_port) ||
				    (c->remote_port != 0 &&
				    c->remote_port != nb->remote_port))
					fail_msg("vector %zu cut at %zu: other "
					    "ends", i, cut);
			}
			router_doc_free(dc);
			free(b);
		}
		router_doc_free(d);
	}
}

/* Keys in pasted configuration are never kept anywhere in the model. */
static void
test_secrets(void **state)
{
	static const char *const keys[] = {
		"0822455D0A16544541", "S3cr3t-ER-key",
	};
	struct router_doc *d;
	uint8_t *b;
	size_t n, i, j;

	(void)state;
	b = slurp("vendor/running_config.txt", &n);
	d = load("cfg", b, n);
	assert_int_equal(d->nneighbors, 2);
	assert_int_equal(find(d, "10.10.0.2")->md5, ROUTER_YES);
	assert_int_equal(find(d, "10.10.0.6")->md5, ROUTER_YES);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		size_t kl = strlen(keys[i]);
		const uint8_t *nbytes = (const uint8_t *)d->neighbors;
		size_t nlen = d->nneighbors * sizeof(d->neighbors[0]);

		for (j = 0; j + kl <= nlen; j++)
			if (memcmp(nbytes + j, keys[i], kl) == 0)
				fail_msg("key %zu kept in a neighbor", i);
		for (j = 0; j < d->nnotes; j++)
			assert_null(strstr(d->notes[j], keys[i]));
		for (j = 0; j < d->inputs[0].nsections; j++)
			assert_null(strstr(d->inputs[0].sections[j].command,
			    keys[i]));
	}
	router_doc_free(d);
	free(b);
}

static void
test_binary_and_unknown(void **state)
{
	static const uint8_t pcap[] = {
		0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	static const char prose[] = "Dear support,\nthe session is down.\n";
	struct router_doc *d;

	(void)state;
	d = load("capture.pcap", pcap, sizeof(pcap));
	assert_false(d->inputs[0].recognized);
	assert_int_equal(d->nneighbors, 0);
	assert_true(d->nnotes == 1 && strstr(d->notes[0], "capture.pcap"));
	router_doc_free(d);
	d = load("mail.txt", prose, sizeof(prose) - 1);
	assert_false(d->inputs[0].recognized);
	assert_true(d->nnotes == 1 && strstr(d->notes[0], "mail.txt"));
	router_doc_free(d);
	d = load("empty", "", 0);
	assert_false(d->inputs[0].recognized);
	router_doc_free(d);
}

/* ------------------------------------------------------------------ */
/* Truncation sweep                                                    */
/* ------------------------------------------------------------------ */

/* Tables keep a last row that a cut left whole (a file without its final
 * line end is common); the other parsers take any cut line as a cut. */
static const struct {
	const char	*file;
	bool		 table;
} sweep_files[] = {
	{ "vendor/ios_summary.txt", true },
	{ "vendor/ios_bgp_all_summary.txt", true },
	{ "vendor/junos_summary.txt", true },
	{ "vendor/eos_summary.txt", true },
	{ "vendor/xr_neighbors.txt", false },
	{ "vendor/junos_neighbor.txt", false },
	{ "vendor/bird16_protocols.txt", false },
	{ "vendor/junos_summary.json", false },
	{ "vendor/ios_syslog.log", false },
	{ "vendor/junos_config.txt", false },
	{ "established/frr_summary.json", false },
	{ "vendor/junos_summary_utf16.txt", false },
	{ "peers_established/bgpctl_summary.txt", true },
	{ "peers_established/gobgp_neighbor.txt", true },
	{ "peers_established/bgpctl_neighbor.txt", false },
	{ "peers_as_wrong/gobgp_neighbor_peer.txt", false },
	{ "exabgp_established/exabgp_summary.txt", true },
};

/* Does a cut at `cut` fall inside a line of output (UTF-8 files)? */
static bool
cut_in_output(const uint8_t *b, size_t n, size_t cut, bool table)
{
	size_t ls = cut, le = cut, lt;

	if (cut == 0 || b[0] == 0xff || b[cut - 1] == '\n')
		return false;
	while (ls > 0 && b[ls - 1] != '\n')
		ls--;
	while (le < n && b[le] != '\n')
		le++;
	/* a table row cut inside its last word may still look whole */
	for (lt = le; table && lt > ls && b[lt - 1] != ' '; lt--)
		;
	if (table && cut >= lt)
		return false;
	/* a prompt or Junos "{master}" line is not output */
	return memchr(b + ls, '#', le - ls) == NULL &&
	    memchr(b + ls, '>', le - ls) == NULL && b[ls] != '{';
}

static void
test_truncation_sweep(void **state)
{
	size_t f, n, cut, i;
	uint8_t *whole;

	(void)state;
	for (f = 0; f < sizeof(sweep_files) / sizeof(sweep_files[0]); f++) {
		struct router_doc *full;

		whole = slurp(sweep_files[f].file, &n);
		full = load("whole", whole, n);
		assert_true(full->inputs[0].recognized);
		assert_false(full->inputs[0].truncated);
		for (cut = 0; cut < n; cut++) {
			uint8_t *b = malloc(cut > 0 ? cut : 1);
			struct router_doc *d;

			/* an exact-size copy: ASan sees any overread */
			memcpy(b, whole, cut);
			d = load("cut", b, cut);
			if (d->nneighbors > full->nneighbors ||
			    d->nevents > full->nevents)
				fail_msg("%s cut at %zu: more items than whole",
				    sweep_files[f].file, cut);
			for (i = 0; i < d->nneighbors; i++) {
				char a[NET_ADDR_STRLEN];
				const struct router_neighbor *w;

				net_addr_str(&d->neighbors[i].addr, a);
				w = find(full, a);
				if (w == NULL)
					fail_msg("%s cut at %zu: neighbor %s is "
					    "not in the whole file",
					    sweep_files[f].file, cut, a);
				/* a state read from a cut is a whole one */
				if (d->neighbors[i].state != ROUTER_ST_UNKNOWN &&
				    d->neighbors[i].state != w->state)
					fail_msg("%s cut at %zu: %s state %d, "
					    "whole %d", sweep_files[f].file, cut, a,
					    d->neighbors[i].state, w->state);
			}
			/* cut inside a line of a recognised output (not a
			 * prompt or "{master}" line after it): said */
			if (d->inputs[0].recognized && cut_in_output(whole, n,
			    cut, sweep_files[f].table) && !d->inputs[0].truncated)
				fail_msg("%s cut at %zu: not said truncated",
				    sweep_files[f].file, cut);
			router_doc_free(d);
			free(b);
		}
		router_doc_free(full);
		free(whole);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_asn),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_notification_words),
		cmocka_unit_test(test_stamps),
		cmocka_unit_test(test_year_rollover_and_zone),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_pager_and_escapes),
		cmocka_unit_test(test_sections_and_merge),
		cmocka_unit_test(test_secrets),
		cmocka_unit_test(test_binary_and_unknown),
		cmocka_unit_test(test_truncation_sweep),
		cmocka_unit_test(test_session_ends),
		cmocka_unit_test(test_carrier_header_zone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
