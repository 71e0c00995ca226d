/*
 * Unit tests of diag_router: which findings, at which severity, from
 * small router outputs and logs, and that what a log reports is not
 * reported again from the show output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "diag/diag_router.h"

static void
run(const char *text, struct finding_list *fl)
{
	struct router_ctx ctx = { 2024, false, 0, 0 };
	struct router_doc *d = router_doc_new(&ctx);
	struct err e;

	assert_non_null(d);
	err_clear(&e);
	assert_int_equal(router_load_buf(d, "t", text, strlen(text), &e), 0);
	router_doc_finish(d);
	finding_list_init(fl);
	diag_router(d, NULL, fl);
	router_doc_free(d);
}

static int
count(const struct finding_list *fl, enum finding_code c,
    enum severity *sev)
{
	size_t i;
	int n = 0;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i].code == c) {
			n++;
			if (sev != NULL)
				*sev = fl->v[i].sev;
		}
	return n;
}

#define HDR	"BGP router identifier 10.0.0.1, local AS number 65010\n\n" \
	"Neighbor        V    AS MsgRcvd MsgSent   TblVer  InQ OutQ " \
	"Up/Down  State/PfxRcd\n"

static void
test_states(void **state)
{
	struct finding_list fl;
	enum severity sev;
	size_t i;

	(void)state;
	run(HDR
	    "10.0.0.2        4 12076     100     100        1    0    0 "
	    "1d02h           7\n"
	    "10.0.0.6        4 12076       0       0        1    0    0 "
	    "never    Active\n"
	    "10.0.0.10       4 12076       0       0        1    0    0 "
	    "never    Idle (Admin)\n", &fl);
	assert_int_equal(count(&fl, FC_ROUTER_BGP_ESTABLISHED, &sev), 1);
	assert_int_equal(sev, SEV_INFO);
	assert_int_equal(count(&fl, FC_ROUTER_BGP_NOT_ESTABLISHED, &sev), 2);
	assert_int_equal(sev, SEV_ERROR);
	for (i = 0; i < fl.n; i++) {
		if (fl.v[i].code != FC_ROUTER_BGP_NOT_ESTABLISHED)
			continue;
		if (strcmp(fl.v[i].group, "10.0.0.6") == 0)
			assert_non_null(strstr(fl.v[i].summary,
			    "TCP connection is not completing"));
		else
			assert_non_null(strstr(fl.v[i].summary,
			    "shut down by configuration"));
		assert_int_equal(fl.v[i].ev[0].kind, EV_LINE);
		assert_true(fl.v[i].ev[0].unit >= 4);
	}
	assert_int_equal(finding_list_exit_code(&fl), 1);
	finding_list_release(&fl);
}

static void
test_healthy_exit_zero(void **state)
{
	struct finding_list fl;

	(void)state;
	run(HDR "10.0.0.2        4 12076     100     100        1    0    0 "
	    "1d02h           7\n", &fl);
	assert_int_equal(fl.n, 1);
	assert_int_equal(finding_list_exit_code(&fl), 0);
	finding_list_release(&fl);
}

/* NOTIFICATIONs grouped; an administrative reset is a warning; the
 * same NOTIFICATION in the show output is not reported twice. */
static void
test_notifications(void **state)
{
	struct finding_list fl;
	enum severity sev;
	size_t i;

	(void)state;
	run("Mar  4 02:11:06.912 UTC: %BGP-3-NOTIFICATION: received from "
	    "neighbor 10.0.0.2 4/0 (hold time expired) 0 bytes\n"
	    "Mar  4 03:11:06.912 UTC: %BGP-3-NOTIFICATION: received from "
	    "neighbor 10.0.0.2 4/0 (hold time expired) 0 bytes\n"
	    "Mar  4 04:11:06.912 UTC: %BGP-3-NOTIFICATION: sent to "
	    "neighbor 10.0.0.9 6/4 (Administrative Reset) 0 bytes\n", &fl);
	assert_int_equal(count(&fl, FC_ROUTER_NOTIFICATION, NULL), 2);
	for (i = 0; i < fl.n; i++) {
		if (fl.v[i].code != FC_ROUTER_NOTIFICATION)
			continue;
		if (strcmp(fl.v[i].group, "10.0.0.2") == 0) {
			assert_int_equal(fl.v[i].sev, SEV_ERROR);
			assert_non_null(strstr(fl.v[i].summary, "2 time(s)"));
			assert_int_equal(fl.v[i].nev, 2);
			assert_true(fl.v[i].ev[0].has_time);
		} else
			assert_int_equal(fl.v[i].sev, SEV_WARNING);
	}
	finding_list_release(&fl);
	/* the same from the log and the neighbor detail: reported once */
	run("Mar  4 02:11:06 UTC: %BGP-3-NOTIFICATION: received from "
	    "neighbor 10.0.0.2 4/0 (hold time expired) 0 bytes\n"
	    "rtr#show ip bgp neighbors\n"
	    "BGP neighbor is 10.0.0.2,  remote AS 12076, external link\n"
	    "  BGP state = Idle\n"
	    "  Last reset 00:01:00, due to BGP Notification received of "
	    "session 1, hold time expired\n", &fl);
	assert_int_equal(count(&fl, FC_ROUTER_NOTIFICATION, &sev), 1);
	finding_list_release(&fl);
}

static void
test_md5_flaps_maxprefix_hold(void **state)
{
	struct finding_list fl;
	enum severity sev;

	(void)state;
	run("Mar  4 02:20:00 UTC: %TCP-6-BADAUTH: Invalid MD5 digest from "
	    "10.0.0.6(179) to 10.0.0.5(37615) tableid - 0\n"
	    "Mar  4 02:21:00 UTC: %BGP-5-ADJCHANGE: neighbor 10.0.0.2 Down "
	    "Interface flap\n"
	    "Mar  4 02:22:00 UTC: %BGP-5-ADJCHANGE: neighbor 10.0.0.2 Up\n"
	    "Mar  4 02:23:00 UTC: %BGP-5-ADJCHANGE: neighbor 10.0.0.2 Down "
	    "Interface flap\n"
	    "Mar  4 02:24:00 UTC: %BGP-5-ADJCHANGE: neighbor 10.0.0.2 Up\n"
	    "Mar  4 02:25:00 UTC: %BGP-5-ADJCHANGE: neighbor 10.0.0.2 Down "
	    "Interface flap\n"
	    "Mar  4 02:26:00 UTC: %BGP-5-ADJCHANGE: neighbor 10.0.0.2 Up\n"
	    "Mar  4 03:00:12 UTC: %BGP-4-MAXPFX: Number of prefixes received "
	    "from 10.0.0.14 (afi 0) reaches 3001, max 4000\n", &fl);
	assert_int_equal(count(&fl, FC_ROUTER_MD5_AUTH_FAILURE, &sev), 1);
	assert_int_equal(sev, SEV_ERROR);
	assert_int_equal(count(&fl, FC_ROUTER_FLAPS, &sev), 1);
	assert_int_equal(sev, SEV_ERROR);		/* seen in the log */
	assert_int_equal(count(&fl, FC_ROUTER_MAX_PREFIX, &sev), 1);
	assert_int_equal(sev, SEV_WARNING);	/* threshold only */
	/* the last word on 10.0.0.2 is "up": not down per the log */
	assert_int_equal(count(&fl, FC_ROUTER_BGP_NOT_ESTABLISHED, NULL), 1);
	finding_list_release(&fl);
	run("rtr#show ip bgp neighbors\n"
	    "BGP neighbor is 10.0.0.2,  remote AS 12076, external link\n"
	    "  BGP state = Established, up for 00:10:00\n"
	    "  Last read 00:00:01, last write 00:00:01, hold time is 9, "
	    "keepalive interval is 3 seconds\n"
	    "  Connections established 5; dropped 4\n", &fl);
	assert_int_equal(count(&fl, FC_ROUTER_HOLD_TIMER_SHORT, &sev), 1);
	assert_int_equal(sev, SEV_WARNING);
	assert_int_equal(count(&fl, FC_ROUTER_FLAPS, &sev), 1);
	assert_int_equal(sev, SEV_WARNING);	/* a lifetime counter */
	assert_int_equal(finding_list_exit_code(&fl), 0);
	finding_list_release(&fl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_healthy_exit_zero),
		cmocka_unit_test(test_notifications),
		cmocka_unit_test(test_md5_flaps_maxprefix_hold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
