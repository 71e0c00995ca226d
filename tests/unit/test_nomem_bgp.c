/*
 * Out of memory in the BGP codec: building OPEN, UPDATE (IPv4 and IPv6,
 * with communities, many prefixes), NOTIFICATION with a shutdown message
 * and describing each parsed message (the --timeline text) fail at every
 * allocation in turn.  Each run gives the same bytes and text as the good
 * run or reports ERR_NOMEM (nomem_sweep.h).  The parser itself never
 * allocates; the sweep proves that too, since it runs inside each run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "bgp/bgp.h"

#ifdef ERW_ALLOC_HOOKS
#include "nomem_sweep.h"

#define NPFX	300

/* Parse what sb holds from off and append its description and hex. */
static int
describe(struct sb *sb, size_t off, const struct bgp_neg *neg, FILE *out,
    struct err *e)
{
	struct bgp_error be;
	struct bgp_msg m;
	struct sb d;
	size_t i;

	if (bgp_msg_parse((const uint8_t *)sb->buf + off, sb->len - off, neg,
	    &m, &be) == -1)
		return ERR(e, ERR_RUNTIME, "built message does not parse: %s",
		    be.what);
	sb_init(&d);
	if (bgp_msg_describe(&d, &m, neg, 16) == -1) {
		sb_release(&d);
		return ERR(e, ERR_NOMEM, "out of memory describing a message");
	}
	fputs(sb_str(&d), out);
	sb_release(&d);
	for (i = off; i < sb->len; i++)
		fprintf(out, "%02x", (uint8_t)sb->buf[i]);
	fputc('\n', out);
	return 0;
}

static int
built(struct sb *sb, int rc, const char *what, struct err *e)
{
	if (rc == 0 && !sb->failed)
		return 0;
	if (sb->failed)
		return ERR(e, ERR_NOMEM, "out of memory building %s", what);
	return ERR(e, ERR_RUNTIME, "cannot build %s", what);
}

static int
run_bgp(const void *arg, FILE *out, struct err *e)
{
	static const uint32_t path[] = { 65010, 12076, 8075 };
	static const uint32_t comm[] = { 12076u << 16 | 51004, 65535u << 16 | 1 };
	static const uint32_t large[] = { 12076, 1, 2 };
	struct bgp_open_params op;
	struct bgp_update_params up;
	struct net_prefix *pfx = NULL;
	struct bgp_neg neg;
	struct bgp_msg m;
	struct bgp_error be;
	struct sb sb;
	size_t ca, cw, off, done, i;
	int rc = -1, v6;

	(void)arg;
	sb_init(&sb);
	memset(&op, 0, sizeof(op));
	op.asn = 4200000010u;
	op.hold_time = 90;
	op.bgp_id = 0xac100001;
	op.cap_mp_ipv4 = op.cap_mp_ipv6 = op.cap_as4 = true;
	op.cap_route_refresh = op.cap_enhanced_rr = op.cap_ext_msg = true;
	op.cap_gr = true;
	op.gr_time = 120;
	op.cap_addpath_ipv4 = true;
	op.fqdn_host = "ce-router";
	if (built(&sb, bgp_build_open(&sb, &op), "an OPEN", e) == -1)
		goto out;
	if (bgp_msg_parse((const uint8_t *)sb.buf, sb.len, NULL, &m,
	    &be) == -1) {
		ERR(e, ERR_RUNTIME, "OPEN does not parse");
		goto out;
	}
	bgp_negotiate(&m.u.open, &m.u.open, &neg);
	if (describe(&sb, 0, NULL, out, e) == -1)
		goto out;
	/* libc's calloc: the fixture is not under test */
	if ((pfx = calloc(NPFX, sizeof(*pfx))) == NULL) {
		ERR(e, ERR_RUNTIME, "fixture");
		goto out;
	}
	for (v6 = 0; v6 < 2; v6++) {
		for (i = 0; i < NPFX; i++) {
			memset(&pfx[i], 0, sizeof(pfx[i]));
			if (v6) {
				net_addr_parse("2001:db8::", &pfx[i].addr);
				pfx[i].addr.a[4] = (uint8_t)(i >> 8);
				pfx[i].addr.a[5] = (uint8_t)i;
				pfx[i].len = 48;
			} else {
				net_addr_parse("10.0.0.0", &pfx[i].addr);
				pfx[i].addr.a[1] = (uint8_t)(i >> 8);
				pfx[i].addr.a[2] = (uint8_t)i;
				pfx[i].len = 24;
			}
		}
		memset(&up, 0, sizeof(up));
		up.as4 = true;
		up.as_path = path;
		up.as_path_len = 3;
		net_addr_parse(v6 ? "2001:db8:ffff::1" : "172.16.0.2",
		    &up.next_hop);
		up.has_med = true;
		up.med = 10;
		up.communities = comm;
		up.n_communities = 2;
		up.large_communities = large;
		up.n_large_communities = 1;
		up.max_len = BGP_MAX_LEN;
		/* announce in as many UPDATEs as it takes, then withdraw */
		for (done = 0; done < NPFX; done += ca) {
			up.announce = pfx + done;
			up.n_announce = NPFX - done;
			off = sb.len;
			if (built(&sb, bgp_build_update(&sb, &up, &ca, &cw),
			    "an UPDATE", e) == -1 ||
			    describe(&sb, off, &neg, out, e) == -1)
				goto out;
		}
		memset(&up, 0, sizeof(up));
		up.withdraw = pfx;
		up.n_withdraw = 40;
		up.max_len = BGP_MAX_LEN;
		off = sb.len;
		if (built(&sb, bgp_build_update(&sb, &up, &ca, &cw),
		    "a withdrawal", e) == -1 ||
		    describe(&sb, off, &neg, out, e) == -1)
			goto out;
	}
	off = sb.len;
	if (built(&sb, bgp_build_notification(&sb, 6, 2, NULL, 0,
	    "maintenance window"), "a NOTIFICATION", e) == -1 ||
	    describe(&sb, off, &neg, out, e) == -1)
		goto out;
	off = sb.len;
	if (built(&sb, bgp_build_keepalive(&sb), "a KEEPALIVE", e) == -1 ||
	    describe(&sb, off, &neg, out, e) == -1)
		goto out;
	rc = 0;
out:
	free(pfx);
	sb_release(&sb);
	return rc;
}

static void
test_build_and_describe(void **state)
{
	struct nomem_result r;

	(void)state;
	r = nomem_sweep("bgp build + describe", run_bgp, NULL);
	assert_true(r.failed > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_and_describe),
	};

	nomem_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
#else
static void
test_no_seam(void **state)
{
	(void)state;
	skip();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_seam),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
