/*
 * mon_capture_cfg: the config's "capture" block read through
 * mon_config_load_buf(): every member's value and its default, and a
 * table of refusals, each naming the member's JSON pointer and the line
 * it is on; the scope (groups, endpoints, a router_state command's
 * neighbors).  The capture itself needs CAP_NET_RAW and a peer:
 * tests/integration/test_monitor_capture.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "monitor/mon_capture.h"
#include "monitor/mon_config.h"

/* A config with capture block cap (the text of its members), on line 6
 * onwards. */
static int
load(const char *cap, struct mon_config **cfg, struct err *e)
{
	char buf[4096];
	int n;

	n = snprintf(buf, sizeof(buf),
	    "{\n"
	    "  \"store\": \"x.db\",\n"
	    "  \"testGroups\": [ { \"name\": \"g\", \"endpoints\": [\n"
	    "    { \"kind\": \"tcp\", \"address\": \"10.0.0.2:8179\" },\n"
	    "    { \"kind\": \"router_state\", \"name\": \"frr\", "
	    "\"command\": [\"vtysh\"] } ] } ],\n"
	    "  \"capture\": {\n%s\n  }\n}\n", cap);
	assert_true(n > 0 && (size_t)n < sizeof(buf));
	memset(e, 0, sizeof(*e));
	return mon_config_load_buf("t.json", buf, (size_t)n, cfg, e);
}

static void
test_defaults(void **state)
{
	static const char plain[] = "{\"testGroups\": [{\"name\": \"g\", "
	    "\"endpoints\": [{\"kind\": \"icmp\", \"address\": "
	    "\"10.0.0.2\"}]}]}";
	struct mon_config *cfg;
	struct err e;
	const struct mon_cap_cfg *c;

	(void)state;
	assert_int_equal(load("\"interfaces\": \"any\", "
	    "\"directory\": \"/var/x\"", &cfg, &e), 0);
	c = cfg->capture;
	assert_non_null(c);
	assert_int_equal(c->nifaces, 1);
	assert_string_equal(c->ifaces[0], "any");
	assert_string_equal(c->dir, "/var/x");
	assert_int_equal(c->ring_bytes, MON_CAP_DEF_RING);
	assert_int_equal(c->ring_usec, 0);
	assert_int_equal(c->before, MON_CAP_DEF_BEFORE * USEC_PER_SEC);
	assert_int_equal(c->after, MON_CAP_DEF_AFTER * USEC_PER_SEC);
	assert_int_equal(c->snaplen, MON_CAP_DEF_SNAPLEN);
	assert_int_equal(c->max_captures, MON_CAP_DEF_MAX_CAPTURES);
	assert_int_equal(c->max_disk, MON_CAP_DEF_DISK);
	assert_int_equal(c->when_full, MON_CAP_FULL_REFUSE);
	assert_true(mon_cap_in_scope(c, "g", "tcp:10.0.0.2:8179"));
	mon_config_free(cfg);

	/* no block: no capture */
	memset(&e, 0, sizeof(e));
	assert_int_equal(mon_config_load_buf("t.json", plain, strlen(plain),
	    &cfg, &e), 0);
	assert_null(cfg->capture);
	mon_config_free(cfg);
}

static void
test_values(void **state)
{
	struct mon_config *cfg;
	struct err e;
	const struct mon_cap_cfg *c;

	(void)state;
	assert_int_equal(load("\"interfaces\": [\"ce0\", \"ce1.100\"], "
	    "\"ringBytes\": 65536, \"ringSeconds\": 60, \"secondsBefore\": 60, "
	    "\"secondsAfter\": 0, \"directory\": \"ev\", \"snaplen\": 96, "
	    "\"maxCaptures\": 3, \"maxDiskMB\": 7, \"whenFull\": "
	    "\"deleteOldest\", \"endpoints\": [\"router:frr\"]", &cfg, &e), 0);
	c = cfg->capture;
	assert_int_equal(c->nifaces, 2);
	assert_string_equal(c->ifaces[1], "ce1.100");
	assert_int_equal(c->ring_bytes, 65536);
	assert_int_equal(c->ring_usec, 60 * USEC_PER_SEC);
	assert_int_equal(c->before, 60 * USEC_PER_SEC);
	assert_int_equal(c->after, 0);
	assert_int_equal(c->snaplen, 96);
	assert_int_equal(c->max_captures, 3);
	assert_int_equal(c->max_disk, 7ULL * 1024 * 1024);
	assert_int_equal(c->when_full, MON_CAP_FULL_DELETE_OLDEST);
	/* the command's neighbors are in scope, the tcp endpoint is not */
	assert_true(mon_cap_in_scope(c, "g", "router:frr"));
	assert_true(mon_cap_in_scope(c, "g", "router:frr:10.0.0.2"));
	assert_false(mon_cap_in_scope(c, "g", "router:frrx:10.0.0.2"));
	assert_false(mon_cap_in_scope(c, "g", "tcp:10.0.0.2:8179"));
	mon_config_free(cfg);
}

static const struct {
	const char	*cap;
	const char	*msg;		/* in the message */
	const char	*ptr;		/* the JSON pointer named */
	uint64_t	 line;
} bad[] = {
	{ "\"directory\": \"x\"", "missing field 'interfaces'",
	    "at /capture", 6 },
	{ "\"interfaces\": \"lo\"", "missing field 'directory'",
	    "at /capture", 6 },
	{ "\"interfaces\": \"lo\", \"directory\": \"x\",\n\"colour\": 1",
	    "unknown field 'colour'", "/capture/colour", 8 },
	{ "\"interfaces\": [], \"directory\": \"x\"", "'interfaces' must be",
	    "/capture/interfaces", 7 },
	{ "\"interfaces\": \"lo0/x\", \"directory\": \"x\"",
	    "not an interface name", "/capture/interfaces", 7 },
	{ "\"interfaces\": \"0123456789abcdef\", \"directory\": \"x\"",
	    "not an interface name", "/capture/interfaces", 7 },
	{ "\"interfaces\": [\"lo\", \"any\"], \"directory\": \"x\"",
	    "\"any\" must be the only", "/capture/interfaces", 7 },
	{ "\"interfaces\": [\"lo\", 3], \"directory\": \"x\"",
	    "an interface must be a string", "/capture/interfaces/1", 7 },
	{ "\"interfaces\": \"lo\", \"directory\": \"x\",\n\"ringBytes\": 10",
	    "'ringBytes' must be an integer", "/capture/ringBytes", 8 },
	{ "\"interfaces\": \"lo\", \"directory\": \"x\",\n\"snaplen\": 10",
	    "'snaplen' must be an integer", "/capture/snaplen", 8 },
	{ "\"interfaces\": \"lo\", \"directory\": \"x\",\n\"ringSeconds\": 5, "
	    "\"secondsBefore\": 6", "longer than 'ringSeconds'",
	    "/capture/secondsBefore", 8 },
	{ "\"interfaces\": \"lo\", \"directory\": \"x\",\n\"secondsAfter\": "
	    "-1", "'secondsAfter' must be an integer",
	    "/capture/secondsAfter", 8 },
	{ "\"interfaces\": \"lo\", \"directory\": \"x\",\n\"whenFull\": "
	    "\"delete\"", "'whenFull' must be", "/capture/whenFull", 8 },
	{ "\"interfaces\": \"lo\", \"directory\": \"\"",
	    "'directory' must be a string", "/capture/directory", 7 },
	{ "\"interfaces\": \"lo\", \"directory\": \"x\",\n\"groups\": "
	    "[\"nosuch\"]", "no test group 'nosuch'", "/capture/groups", 8 },
	{ "\"interfaces\": \"lo\", \"directory\": \"x\",\n\"endpoints\": "
	    "[\"tcp:10.0.0.3:8179\"]", "no endpoint 'tcp:10.0.0.3:8179'",
	    "/capture/endpoints", 8 },
	{ "\"interfaces\": \"lo\", \"directory\": \"x\",\n\"endpoints\": "
	    "\"tcp\"", "'endpoints' must be an array", "/capture/endpoints",
	    8 },
};

static void
test_refused(void **state)
{
	struct mon_config *cfg;
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cfg = NULL;
		if (load(bad[i].cap, &cfg, &e) != -1 ||
		    strstr(e.msg, bad[i].msg) == NULL ||
		    strstr(e.msg, bad[i].ptr) == NULL ||
		    e.unit != bad[i].line || e.code != ERR_INPUT)
			fail_msg("case %zu: got \"%s\" line %llu, want \"%s\" "
			    "%s line %llu", i, e.msg,
			    (unsigned long long)e.unit, bad[i].msg,
			    bad[i].ptr, (unsigned long long)bad[i].line);
		assert_null(cfg);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
