/*
 * mon_alert's pure parts: the payload's common-alert-schema fields, a
 * Resolved carrying its Fired's alertId (and a later outage another),
 * the backoff schedule (doubling, cap, jitter bounds), rule matching,
 * config errors naming their JSON path, and the header-file parser: its
 * errors never quote a secret, and every cut of a valid file parses or
 * fails cleanly in an exact-size heap copy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "monitor/mon_alert_int.h"

static struct mon_endpoint
mk_ep(void)
{
	struct mon_endpoint ep;

	memset(&ep, 0, sizeof(ep));
	ep.id = 7;
	ep.kind = MON_KIND_TCP;
	str_copy(ep.agent, "agent-1", sizeof(ep.agent));
	str_copy(ep.group, "azure-primary", sizeof(ep.group));
	str_copy(ep.name, "tcp:10.0.0.2:179", sizeof(ep.name));
	str_copy(ep.address, "10.0.0.2", sizeof(ep.address));
	ep.port = 179;
	str_copy(ep.path, "primary", sizeof(ep.path));
	return ep;
}

static struct mon_alert_rule
mk_rule(void)
{
	struct mon_alert_rule r;

	memset(&r, 0, sizeof(r));
	str_copy(r.name, "bgp-down", sizeof(r.name));
	r.severity = 1;
	r.on = MON_ON_FAILING | MON_ON_RESOLVED;
	return r;
}

static json_t *
payload_json(const struct mon_alert_rule *r, const struct mon_state_change *sc,
    usec_t fired)
{
	struct err e = { 0 };
	char *s = mon_alert_payload(r, sc, fired, &e);
	json_t *j;

	assert_non_null(s);
	j = json_loads(s, 0, NULL);
	assert_non_null(j);
	free(s);
	return j;
}

static const char *
ess_str(json_t *j, const char *k)
{
	const char *s = json_string_value(json_object_get(json_object_get(
	    json_object_get(j, "data"), "essentials"), k));

	return s;
}

static void
test_payload_fields(void **state)
{
	struct mon_endpoint ep = mk_ep();
	struct mon_alert_rule r = mk_rule();
	struct mon_state_change sc = { .id = 42, .ep = &ep,
	    .ts = 1796644800LL * USEC_PER_SEC, .from = MON_HEALTH_HEALTHY,
	    .to = MON_HEALTH_FAILING, .checks = 3, .failed = 3,
	    .rtt_avg_us = -1 };
	json_t *j, *ess, *ctx;

	(void)state;
	str_copy(sc.reason, "timeout", sizeof(sc.reason));
	j = payload_json(&r, &sc, 0);
	assert_string_equal(json_string_value(json_object_get(j, "schemaId")),
	    "azureMonitorCommonAlertSchema");
	ess = json_object_get(json_object_get(j, "data"), "essentials");
	assert_string_equal(ess_str(j, "alertRule"), "bgp-down");
	assert_string_equal(ess_str(j, "severity"), "Sev1");
	assert_string_equal(ess_str(j, "signalType"), "Metric");
	assert_string_equal(ess_str(j, "monitorCondition"), "Fired");
	assert_non_null(ess_str(j, "monitoringService"));
	assert_string_equal(ess_str(j, "firedDateTime"),
	    "2026-12-07T12:00:00.000000Z");
	assert_null(json_object_get(ess, "resolvedDateTime"));
	assert_string_equal(ess_str(j, "essentialsVersion"), "1.0");
	assert_string_equal(ess_str(j, "alertContextVersion"), "1.0");
	assert_non_null(ess_str(j, "originAlertId"));
	assert_non_null(strstr(ess_str(j, "description"), "tcp:10.0.0.2:179"));
	assert_int_equal(json_array_size(json_object_get(ess,
	    "alertTargetIDs")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    ess, "alertTargetIDs"), 0)),
	    "erwatch://agent-1/azure-primary/tcp:10.0.0.2:179");
	assert_non_null(strstr(ess_str(j, "alertId"), "/agents/agent-1/"));
	ctx = json_object_get(json_object_get(j, "data"), "alertContext");
	assert_int_equal(json_integer_value(json_object_get(ctx, "checks")), 3);
	assert_int_equal(json_integer_value(json_object_get(ctx, "failed")), 3);
	assert_true(json_is_null(json_object_get(ctx, "roundTripTimeMs")));
	assert_string_equal(json_string_value(json_object_get(ctx, "reason")),
	    "timeout");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    ctx, "endpoint"), "address")), "10.0.0.2");
	assert_int_equal(json_integer_value(json_object_get(ctx,
	    "stateChangeId")), 42);
	json_decref(j);
}

static void
test_fired_resolved_pair(void **state)
{
	struct mon_endpoint ep = mk_ep();
	struct mon_alert_rule r = mk_rule();
	usec_t t0 = 1796644800LL * USEC_PER_SEC;
	struct mon_state_change f = { .id = 1, .ep = &ep, .ts = t0,
	    .from = MON_HEALTH_HEALTHY, .to = MON_HEALTH_FAILING, .checks = 3,
	    .failed = 3, .rtt_avg_us = -1 };
	struct mon_state_change res = { .id = 2, .ep = &ep,
	    .ts = t0 + 300 * USEC_PER_SEC, .from = MON_HEALTH_FAILING,
	    .to = MON_HEALTH_HEALTHY, .checks = 3, .failed = 0,
	    .rtt_avg_us = 1500 };
	struct mon_state_change f2 = f;
	json_t *jf, *jr, *jf2, *ctx;
	char id[256];

	(void)state;
	jf = payload_json(&r, &f, 0);
	jr = payload_json(&r, &res, t0);
	str_copy(id, ess_str(jf, "alertId"), sizeof(id));
	assert_string_equal(ess_str(jr, "monitorCondition"), "Resolved");
	assert_string_equal(ess_str(jr, "alertId"), id);
	assert_string_equal(ess_str(jr, "originAlertId"),
	    ess_str(jf, "originAlertId"));
	assert_string_equal(ess_str(jr, "firedDateTime"),
	    ess_str(jf, "firedDateTime"));
	assert_string_equal(ess_str(jr, "resolvedDateTime"),
	    "2026-12-07T12:05:00.000000Z");
	ctx = json_object_get(json_object_get(jr, "data"), "alertContext");
	assert_true(json_real_value(json_object_get(ctx, "roundTripTimeMs")) ==
	    1.5);
	/* the next outage of the same endpoint is another alert */
	f2.ts = t0 + 3600 * USEC_PER_SEC;
	jf2 = payload_json(&r, &f2, 0);
	assert_string_not_equal(ess_str(jf2, "alertId"), id);
	/* and another endpoint's at the same time too */
	str_copy(ep.name, "tcp:10.0.0.6:179", sizeof(ep.name));
	json_decref(jf2);
	jf2 = payload_json(&r, &f, 0);
	assert_string_not_equal(ess_str(jf2, "alertId"), id);
	json_decref(jf);
	json_decref(jr);
	json_decref(jf2);
}

static void
test_backoff(void **state)
{
	struct mon_backoff b = { 5 * USEC_PER_SEC, 300 * USEC_PER_SEC };
	usec_t d, full;
	int a;

	(void)state;
	for (a = 1; a <= 40; a++) {
		full = 5 * USEC_PER_SEC;
		for (int i = 1; i < a && full < b.max; i++)
			full *= 2;
		if (full > b.max)
			full = b.max;
		/* the bounds of equal jitter, at both ends of rnd */
		assert_int_equal(mon_backoff_delay(&b, a, 0), full / 2);
		assert_int_equal(mon_backoff_delay(&b, a, UINT32_MAX), full);
		d = mon_backoff_delay(&b, a, 0x80000000u);
		assert_true(d > full / 2 && d < full);
	}
	/* the schedule itself: 5, 10, 20, 40, 80, 160, then the cap */
	assert_int_equal(mon_backoff_delay(&b, 1, UINT32_MAX), 5 * USEC_PER_SEC);
	assert_int_equal(mon_backoff_delay(&b, 2, UINT32_MAX),
	    10 * USEC_PER_SEC);
	assert_int_equal(mon_backoff_delay(&b, 6, UINT32_MAX),
	    160 * USEC_PER_SEC);
	assert_int_equal(mon_backoff_delay(&b, 7, UINT32_MAX),
	    300 * USEC_PER_SEC);
	assert_int_equal(mon_backoff_delay(&b, 1000000, UINT32_MAX),
	    300 * USEC_PER_SEC);
}

static int
parse(const char *text, struct mon_alert_cfg *cfg, struct err *e)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	int rc;

	assert_non_null(j);
	err_clear(e);
	rc = mon_alert_cfg_parse(j, "mon.json", false, cfg, e);
	json_decref(j);
	return rc;
}

static void
test_cfg_rules(void **state)
{
	struct mon_alert_cfg cfg;
	struct mon_endpoint ep = mk_ep();
	struct err e;

	(void)state;
	assert_int_equal(parse("{\"channels\": {\"pager\": {\"type\": "
	    "\"webhook\", \"url\": \"http://127.0.0.1:1/x\"}, \"log\": "
	    "{\"type\": \"syslog\", \"facility\": \"local3\"}, \"hook\": "
	    "{\"type\": \"exec\", \"argv\": [\"/bin/cat\"], \"timeout_s\": 2}},"
	    "\"rules\": [{\"name\": \"r\", \"groups\": [\"azure-primary\"], "
	    "\"on\": [\"failing\"], \"severity\": \"Sev0\", \"channels\": "
	    "[\"pager\", \"log\", \"pager\"]}, {\"endpoints\": "
	    "[\"tcp:9.9.9.9:179\"], \"channels\": [\"hook\"]}],"
	    "\"retry\": {\"initial_s\": 1, \"max_s\": 8}}", &cfg, &e), 0);
	assert_int_equal(cfg.nchans, 3);
	assert_string_equal(cfg.chans[0].id, "webhook:pager");
	assert_string_equal(cfg.chans[1].id, "syslog");
	assert_string_equal(cfg.chans[2].id, "exec:hook");
	assert_int_equal(cfg.chans[2].timeout, 2 * USEC_PER_SEC);
	assert_int_equal(cfg.backoff.initial, USEC_PER_SEC);
	assert_int_equal(cfg.backoff.max, 8 * USEC_PER_SEC);
	assert_int_equal(cfg.nrules, 2);
	assert_int_equal(cfg.rules[0].nchans, 2);	/* pager once */
	assert_int_equal(cfg.rules[0].severity, 0);
	assert_int_equal(cfg.rules[1].severity, 3);
	assert_int_equal(mon_alert_rule_match(&cfg.rules[0], &ep,
	    MON_HEALTH_HEALTHY, MON_HEALTH_FAILING), MON_ON_FAILING);
	assert_int_equal(mon_alert_rule_match(&cfg.rules[0], &ep,
	    MON_HEALTH_UNKNOWN, MON_HEALTH_FAILING), MON_ON_FAILING);
	/* rule 0 is failing only */
	assert_int_equal(mon_alert_rule_match(&cfg.rules[0], &ep,
	    MON_HEALTH_FAILING, MON_HEALTH_HEALTHY), 0);
	/* unknown -> healthy is no news */
	assert_int_equal(mon_alert_rule_match(&cfg.rules[0], &ep,
	    MON_HEALTH_UNKNOWN, MON_HEALTH_HEALTHY), 0);
	/* rule 1 is another endpoint */
	assert_int_equal(mon_alert_rule_match(&cfg.rules[1], &ep,
	    MON_HEALTH_HEALTHY, MON_HEALTH_FAILING), 0);
	str_copy(ep.name, "tcp:9.9.9.9:179", sizeof(ep.name));
	assert_int_equal(mon_alert_rule_match(&cfg.rules[1], &ep,
	    MON_HEALTH_FAILING, MON_HEALTH_HEALTHY), MON_ON_RESOLVED);
	str_copy(ep.group, "other", sizeof(ep.group));
	assert_int_equal(mon_alert_rule_match(&cfg.rules[0], &ep,
	    MON_HEALTH_HEALTHY, MON_HEALTH_FAILING), 0);
	mon_alert_cfg_release(&cfg);
}

static void
test_cfg_errors(void **state)
{
	static const struct {
		const char *json, *want;
	} v[] = {
		{ "[]", "mon.json: alerts: must be an object" },
		{ "{\"chanels\": {}}", "alerts.chanels: unknown member" },
		{ "{\"channels\": {\"p\": {\"type\": \"webhook\"}}}",
		    "alerts.channels.p.url: missing" },
		{ "{\"channels\": {\"p\": {\"type\": \"webhook\", \"url\": "
		    "\"ftp://x\"}}}", "alerts.channels.p.url: must be an http" },
		{ "{\"channels\": {\"p\": {\"type\": \"pager\"}}}",
		    "alerts.channels.p.type: must be webhook, exec or syslog" },
		{ "{\"channels\": {\"h\": {\"type\": \"exec\", \"argv\": "
		    "[\"cat\"]}}}", "alerts.channels.h.argv: argv[0] must be" },
		{ "{\"channels\": {\"h\": {\"type\": \"exec\", \"argv\": "
		    "[\"/bin/cat\", 3]}}}", "alerts.channels.h.argv[1]: must be" },
		{ "{\"channels\": {\"h\": {\"type\": \"exec\", \"argv\": "
		    "[\"/bin/cat\"], \"timeout_s\": 0}}}",
		    "alerts.channels.h.timeout_s: must be more than 0" },
		{ "{\"channels\": {\"s\": {\"type\": \"syslog\", \"facility\": "
		    "\"kern\"}}}", "alerts.channels.s.facility: must be" },
		{ "{\"channels\": {\"s\": {\"type\": \"syslog\"}, \"t\": "
		    "{\"type\": \"syslog\"}}}", "more than one syslog channel" },
		{ "{\"channels\": {\"s\": {\"type\": \"syslog\"}}, \"rules\": "
		    "[{\"channels\": [\"x\"]}]}",
		    "alerts.rules[0].channels[0]: not a channel" },
		{ "{\"channels\": {\"s\": {\"type\": \"syslog\"}}, \"rules\": "
		    "[{\"channels\": [\"s\"]}, {\"channels\": [\"s\"], "
		    "\"severity\": \"Sev5\"}]}",
		    "alerts.rules[1].severity: must be Sev0 .. Sev4" },
		{ "{\"channels\": {\"s\": {\"type\": \"syslog\"}}, \"rules\": "
		    "[{\"channels\": [\"s\"], \"on\": [\"flapping\"]}]}",
		    "alerts.rules[0].on[0]: must be" },
		{ "{\"channels\": {\"s\": {\"type\": \"syslog\"}}, \"rules\": "
		    "[{\"channels\": [\"s\"], \"serverity\": \"Sev1\"}]}",
		    "alerts.rules[0].serverity: unknown member" },
		{ "{\"retry\": {\"initial_s\": 10, \"max_s\": 5}}",
		    "alerts.retry.max_s: must not be less" },
	};
	struct mon_alert_cfg cfg;
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (parse(v[i].json, &cfg, &e) != -1 ||
		    strstr(e.msg, v[i].want) == NULL)
			fail_msg("%s: got '%s', want '%s'", v[i].json, e.msg,
			    v[i].want);
		assert_int_equal(e.code, ERR_INPUT);
		assert_string_equal(e.input, "mon.json");
		mon_alert_cfg_release(&cfg);
	}
}

static const char headers_ok[] =
    "# the pager's key\n"
    "Authorization: Bearer s3cr3t-t0ken\r\n"
    "\n"
    "X-Api-Key:\tabc  \n"
    "X-Empty:";

static void
test_headers(void **state)
{
	static const char *const bad[] = {
		"Authorization Bearer s3cr3t-t0ken\n",
		": s3cr3t-t0ken\n",
		"Bad Name: s3cr3t-t0ken\n",
		"X: s3cr3t\x01t0ken\n",
	};
	struct err e = { 0 };
	char **h;
	size_t n, i;

	(void)state;
	assert_int_equal(mon_alert_headers_parse(headers_ok,
	    strlen(headers_ok), "h.txt", &h, &n, &e), 0);
	assert_int_equal(n, 3);
	assert_string_equal(h[0], "Authorization: Bearer s3cr3t-t0ken");
	assert_string_equal(h[1], "X-Api-Key: abc");
	assert_string_equal(h[2], "X-Empty: ");
	mon_alert_headers_free(h, n);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		assert_int_equal(mon_alert_headers_parse(bad[i],
		    strlen(bad[i]), "h.txt", &h, &n, &e), -1);
		assert_int_equal(e.code, ERR_INPUT);
		assert_int_equal(e.unit, 1);
		assert_non_null(strstr(e.msg, "h.txt"));
		/* the secret is never in an error */
		assert_null(strstr(e.msg, "s3cr3t"));
		assert_null(strstr(e.msg, "t0ken"));
	}
}

/* Every cut of a valid file, in an exact-size heap copy for ASan. */
static void
test_headers_truncation(void **state)
{
	size_t len = strlen(headers_ok), cut, n;
	struct err e;
	char **h;

	(void)state;
	for (cut = 0; cut <= len; cut++) {
		char *buf = malloc(cut > 0 ? cut : 1);

		assert_non_null(buf);
		memcpy(buf, headers_ok, cut);
		err_clear(&e);
		if (mon_alert_headers_parse(buf, cut, "h.txt", &h, &n,
		    &e) == 0)
			mon_alert_headers_free(h, n);
		else
			assert_null(strstr(e.msg, "s3cr3t"));
		free(buf);
	}
}

static void
test_syslog_prio(void **state)
{
	(void)state;
	assert_true(mon_alert_syslog_prio(0, false) <
	    mon_alert_syslog_prio(4, false));
	assert_int_equal(mon_alert_syslog_prio(9, false),
	    mon_alert_syslog_prio(2, false));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_payload_fields),
		cmocka_unit_test(test_fired_resolved_pair),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_cfg_rules),
		cmocka_unit_test(test_cfg_errors),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_headers_truncation),
		cmocka_unit_test(test_syslog_prio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
