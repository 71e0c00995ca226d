/*
 * mon_history_write: records a monitor history of chosen times through
 * the store the monitor itself writes with (mon_store_open(),
 * mon_store_result(), mon_store_state_change()), for tests and the demo
 * evidence of `erwatch diagnose` that must line up with a capture taken
 * on another day.  What `monitor run` would have stored for one endpoint
 * probed every STEP seconds, failing between two times:
 *
 *   mon_history_write DB KIND ADDRESS PORT PATH FROM STEP COUNT
 *                     [FAIL_FROM FAIL_TO]
 *
 * KIND is an endpoint kind (tcp, icmp, bgp_open); FROM, FAIL_FROM and
 * FAIL_TO are ISO 8601 times; a check at t with FAIL_FROM <= t < FAIL_TO
 * times out, every other succeeds with an RTT of 1 + (n % 5) ms.  The
 * state changes are the ones a monitor with "failAfter": 2 records: to
 * failing at the second failed check in a row, back to healthy at the
 * first success.  The monitor's start and stop events frame the run.
 * Exit 0, or 1 with a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/monitor.h"

#define FAIL_AFTER	2

static int
iso(const char *s, usec_t *t)
{
	if (time_parse_iso(s, strlen(s), t) == -1) {
		fprintf(stderr, "mon_history_write: not an ISO time: '%s'\n",
		    s);
		return -1;
	}
	return 0;
}

static int
state(struct mon_store *st, const struct mon_endpoint *ep, usec_t t,
    enum mon_health from, enum mon_health to, int failed, struct err *e)
{
	struct mon_state_change sc;

	memset(&sc, 0, sizeof(sc));
	sc.ep = ep;
	sc.ts = t;
	sc.from = from;
	sc.to = to;
	sc.checks = FAIL_AFTER;
	sc.failed = failed;
	sc.rtt_avg_us = to == MON_HEALTH_HEALTHY ? 1000 : -1;
	snprintf(sc.reason, sizeof(sc.reason), "%d of %d checks failed",
	    failed, FAIL_AFTER);
	return mon_store_state_change(st, &sc, e);
}

int
main(int argc, char *argv[])
{
	struct mon_store *st = NULL;
	struct mon_endpoint ep;
	struct mon_result r;
	enum mon_health h = MON_HEALTH_UNKNOWN;
	usec_t from, step, ff = 0, ft = 0, t;
	long count, n;
	int run = 0;
	struct err e;

	if (argc != 9 && argc != 11) {
		fprintf(stderr, "usage: mon_history_write DB KIND ADDRESS PORT "
		    "PATH FROM STEP COUNT [FAIL_FROM FAIL_TO]\n");
		return 1;
	}
	memset(&ep, 0, sizeof(ep));
	if (mon_kind_parse(argv[2], &ep.kind) == -1) {
		fprintf(stderr, "mon_history_write: unknown kind '%s'\n",
		    argv[2]);
		return 1;
	}
	if (iso(argv[6], &from) == -1 ||
	    (argc == 11 && (iso(argv[9], &ff) == -1 ||
	    iso(argv[10], &ft) == -1)))
		return 1;
	step = (usec_t)atol(argv[7]) * USEC_PER_SEC;
	count = atol(argv[8]);
	if (step <= 0 || count <= 0) {
		fprintf(stderr, "mon_history_write: STEP and COUNT must be "
		    "positive\n");
		return 1;
	}
	str_copy(ep.agent, "agent-demo", sizeof(ep.agent));
	str_copy(ep.group, "edge", sizeof(ep.group));
	str_copy(ep.address, argv[3], sizeof(ep.address));
	ep.port = (uint16_t)atoi(argv[4]);
	str_copy(ep.path, argv[5], sizeof(ep.path));
	if (ep.port != 0)
		snprintf(ep.name, sizeof(ep.name), "%s:%s:%u", argv[2],
		    ep.address, ep.port);
	else
		snprintf(ep.name, sizeof(ep.name), "%s:%s", argv[2],
		    ep.address);
	err_clear(&e);
	if (mon_store_open(argv[1], &st, &e) == -1 ||
	    mon_store_begin(st, &e) == -1 ||
	    mon_store_endpoint(st, &ep, &e) == -1 ||
	    mon_store_event(st, from - USEC_PER_SEC, "start", "mon_history_"
	    "write", &e) == -1)
		goto fail;
	for (n = 0; n < count; n++) {
		t = from + n * step;
		memset(&r, 0, sizeof(r));
		r.endpoint_id = ep.id;
		r.ts = t;
		r.ok = !(t >= ff && t < ft);
		r.rtt_us = r.ok ? (1 + n % 5) * 1000 : -1;
		str_copy(r.status, r.ok ? "ok" : "timeout", sizeof(r.status));
		if (mon_store_result(st, &r, &e) == -1)
			goto fail;
		run = r.ok ? 0 : run + 1;
		if (!r.ok && run == FAIL_AFTER && h != MON_HEALTH_FAILING) {
			if (state(st, &ep, t, h, MON_HEALTH_FAILING, run,
			    &e) == -1)
				goto fail;
			h = MON_HEALTH_FAILING;
		} else if (r.ok && h != MON_HEALTH_HEALTHY) {
			if (state(st, &ep, t, h, MON_HEALTH_HEALTHY, 0,
			    &e) == -1)
				goto fail;
			h = MON_HEALTH_HEALTHY;
		}
	}
	if (mon_store_event(st, from + count * step, "stop", "mon_history_"
	    "write", &e) == -1 || mon_store_commit(st, &e) == -1)
		goto fail;
	mon_store_close(st);
	return 0;
fail:
	fprintf(stderr, "mon_history_write: %s: %s\n", argv[1], e.msg);
	if (st != NULL)
		mon_store_close(st);
	return 1;
}
