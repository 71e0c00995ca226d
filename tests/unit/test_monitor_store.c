/*
 * mon_store on a temporary file: migration from an empty file to the
 * documented schema, refusing a newer version, endpoints found again by
 * identity, the alert queue's due / retry / delivered order, transactions
 * that roll back, and retention that keeps what is still needed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "monitor/monitor.h"

static char dir[64];
static char path[128];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/erw_store_XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/mon.db", dir);
	return 0;
}

static int
teardown(void **state)
{
	char p[160];

	(void)state;
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	rmdir(dir);
	return 0;
}

static int64_t
q_int(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void
ep_init(struct mon_endpoint *ep, const char *name)
{
	memset(ep, 0, sizeof(*ep));
	ep->kind = MON_KIND_TCP;
	snprintf(ep->agent, sizeof(ep->agent), "a1");
	snprintf(ep->group, sizeof(ep->group), "g");
	snprintf(ep->name, sizeof(ep->name), "%s", name);
	snprintf(ep->address, sizeof(ep->address), "10.0.0.2");
	ep->port = 179;
}

static void
test_migrate_empty(void **state)
{
	struct mon_store *s;
	struct err e = { 0 };

	(void)state;
	assert_int_equal(mon_store_open(path, &s, &e), 0);
	mon_store_close(s);
	assert_int_equal(q_int("PRAGMA user_version"), MON_SCHEMA_VERSION);
	assert_int_equal(q_int("SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'table' AND name IN ('endpoint', 'result', "
	    "'state_change', 'alert', 'metric', 'event')"), 6);
	/* the documented columns, by name */
	assert_int_equal(q_int("SELECT count(*) FROM pragma_table_info("
	    "'result') WHERE name IN ('id', 'endpoint_id', 'ts_us', 'ok', "
	    "'rtt_us', 'status', 'detail')"), 7);
	assert_int_equal(q_int("SELECT count(*) FROM pragma_table_info("
	    "'alert') WHERE name IN ('id', 'state_change_id', 'channel', "
	    "'payload', 'created_us', 'attempts', 'next_attempt_us', "
	    "'delivered_us', 'last_error')"), 9);
	assert_int_equal(q_int("SELECT count(*) FROM pragma_table_info("
	    "'endpoint') WHERE name IN ('agent', 'grp', 'name', 'kind', "
	    "'address', 'port', 'path')"), 7);
	/* WAL mode is a property of the file */
	{
		sqlite3 *db;
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(st, 0),
		    "wal");
		sqlite3_finalize(st);
		sqlite3_close(db);
	}
	/* reopening an up-to-date file changes nothing */
	assert_int_equal(mon_store_open("sqlite:" "/dev/null/x", &s, &e), -1);
	err_clear(&e);
	assert_int_equal(mon_store_open(path, &s, &e), 0);
	mon_store_close(s);
}

static void
test_newer_refused(void **state)
{
	struct mon_store *s;
	struct err e = { 0 };
	sqlite3 *db;

	(void)state;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(mon_store_open(path, &s, &e), -1);
	assert_null(s);
	assert_int_equal(e.code, ERR_INPUT);
	assert_non_null(strstr(e.msg, "99"));
	assert_non_null(strstr(e.msg, "mon.db"));
	/* untouched */
	assert_int_equal(q_int("PRAGMA user_version"), 99);
	assert_int_equal(q_int("SELECT count(*) FROM sqlite_master"), 0);
}

static void
test_endpoint_result(void **state)
{
	struct mon_store *s;
	struct err e = { 0 };
	struct mon_endpoint a, b, a2;
	struct mon_result r;
	struct mon_state_change sc;
	enum mon_health h;

	(void)state;
	assert_int_equal(mon_store_open(path, &s, &e), 0);
	ep_init(&a, "tcp:10.0.0.2:179");
	ep_init(&b, "tcp:10.0.0.3:179");
	assert_int_equal(mon_store_endpoint(s, &a, &e), 0);
	assert_int_equal(mon_store_endpoint(s, &b, &e), 0);
	ep_init(&a2, "tcp:10.0.0.2:179");
	a2.port = 180;		/* a reload may change what the name means */
	assert_int_equal(mon_store_endpoint(s, &a2, &e), 0);
	assert_true(a.id > 0 && b.id > 0 && a.id != b.id);
	assert_int_equal(a2.id, a.id);
	assert_int_equal(q_int("SELECT port FROM endpoint WHERE name = "
	    "'tcp:10.0.0.2:179'"), 180);

	memset(&r, 0, sizeof(r));
	r.endpoint_id = a.id;
	r.ts = 1000;
	r.ok = false;
	r.rtt_us = -1;
	snprintf(r.status, sizeof(r.status), "timeout");
	assert_int_equal(mon_store_result(s, &r, &e), 0);
	assert_int_equal(q_int("SELECT count(*) FROM result WHERE rtt_us IS "
	    "NULL AND ok = 0 AND status = 'timeout'"), 1);

	assert_int_equal(mon_store_last_health(s, a.id, &h, &e), 0);
	assert_int_equal(h, MON_HEALTH_UNKNOWN);
	memset(&sc, 0, sizeof(sc));
	sc.ep = &a;
	sc.ts = 2000;
	sc.from = MON_HEALTH_UNKNOWN;
	sc.to = MON_HEALTH_FAILING;
	sc.checks = 3;
	sc.failed = 3;
	sc.rtt_avg_us = -1;
	/* rolled back: as if it never happened */
	assert_int_equal(mon_store_begin(s, &e), 0);
	assert_int_equal(mon_store_state_change(s, &sc, &e), 0);
	assert_int_equal(mon_store_begin(s, &e), -1);	/* no nesting */
	err_clear(&e);
	mon_store_rollback(s);
	assert_int_equal(mon_store_last_health(s, a.id, &h, &e), 0);
	assert_int_equal(h, MON_HEALTH_UNKNOWN);
	assert_int_equal(mon_store_begin(s, &e), 0);
	assert_int_equal(mon_store_state_change(s, &sc, &e), 0);
	assert_int_equal(mon_store_commit(s, &e), 0);
	assert_true(sc.id > 0);
	assert_int_equal(mon_store_last_health(s, a.id, &h, &e), 0);
	assert_int_equal(h, MON_HEALTH_FAILING);
	{
		/* the outage a Resolved closes: the change to failing
		 * before it, of this endpoint only */
		struct mon_state_change up = sc;
		usec_t fts;

		assert_int_equal(mon_store_last_fired(s, a.id, sc.id, &fts,
		    &e), 0);
		assert_int_equal(fts, -1);	/* none before the Fired */
		assert_int_equal(mon_store_last_fired(s, b.id, INT64_MAX,
		    &fts, &e), 0);
		assert_int_equal(fts, -1);
		up.ts = 3000;
		up.from = MON_HEALTH_FAILING;
		up.to = MON_HEALTH_HEALTHY;
		assert_int_equal(mon_store_state_change(s, &up, &e), 0);
		assert_int_equal(mon_store_last_fired(s, a.id, up.id, &fts,
		    &e), 0);
		assert_int_equal(fts, 2000);
	}
	assert_int_equal(mon_store_event(s, 5, "start", "pid 1", &e), 0);
	mon_store_close(s);
	/* committed means on disk, after close and reopen */
	assert_int_equal(q_int("SELECT count(*) FROM state_change"), 2);
	assert_int_equal(q_int("SELECT count(*) FROM event WHERE kind = "
	    "'start'"), 1);
}

static void
test_alert_queue(void **state)
{
	struct mon_store *s;
	struct err e = { 0 };
	struct mon_endpoint a;
	struct mon_state_change sc;
	struct mon_alert_row rows[8];
	int64_t id1, id2, id3;
	usec_t next;
	size_t n, i;

	(void)state;
	assert_int_equal(mon_store_open(path, &s, &e), 0);
	ep_init(&a, "x");
	assert_int_equal(mon_store_endpoint(s, &a, &e), 0);
	memset(&sc, 0, sizeof(sc));
	sc.ep = &a;
	sc.to = MON_HEALTH_FAILING;
	sc.rtt_avg_us = -1;
	assert_int_equal(mon_store_state_change(s, &sc, &e), 0);
	assert_int_equal(mon_store_alert_next(s, &next, &e), 0);
	assert_int_equal(next, -1);
	assert_int_equal(mon_store_alert_add(s, sc.id, "webhook:a", "{\"n\":1}",
	    100, &id1, &e), 0);
	assert_int_equal(mon_store_alert_add(s, sc.id, "syslog", "{\"n\":2}",
	    200, &id2, &e), 0);
	assert_int_equal(mon_store_alert_add(s, sc.id, "exec:h", "{\"n\":3}",
	    300, &id3, &e), 0);
	/* only what is due, oldest first */
	assert_int_equal(mon_store_alert_due(s, 250, rows, 8, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, id1);
	assert_int_equal(rows[1].id, id2);
	assert_string_equal(rows[0].channel, "webhook:a");
	assert_string_equal(rows[1].payload, "{\"n\":2}");
	assert_int_equal(rows[0].state_change_id, sc.id);
	for (i = 0; i < n; i++)
		mon_alert_row_release(&rows[i]);
	/* at most max */
	assert_int_equal(mon_store_alert_due(s, 1000, rows, 1, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, id1);
	mon_alert_row_release(&rows[0]);
	/* the first fails and waits; the second is delivered */
	assert_int_equal(mon_store_alert_retry(s, id1, 1, 5000, "refused",
	    &e), 0);
	assert_int_equal(mon_store_alert_delivered(s, id2, 260, &e), 0);
	assert_int_equal(mon_store_alert_next(s, &next, &e), 0);
	assert_int_equal(next, 300);
	assert_int_equal(mon_store_alert_due(s, 1000, rows, 8, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, id3);
	mon_alert_row_release(&rows[0]);
	assert_int_equal(mon_store_alert_due(s, 6000, rows, 8, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, id1);	/* still oldest first */
	assert_int_equal(rows[0].attempts, 1);
	assert_int_equal(rows[0].next_attempt, 5000);
	for (i = 0; i < n; i++)
		mon_alert_row_release(&rows[i]);
	/* a delivered alert is never retried again */
	assert_int_equal(mon_store_alert_retry(s, id2, 9, 0, "x", &e), 0);
	assert_int_equal(mon_store_alert_due(s, 6000, rows, 8, &n, &e), 0);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++)
		mon_alert_row_release(&rows[i]);
	mon_store_close(s);
	assert_int_equal(q_int("SELECT last_error IS NULL FROM alert WHERE "
	    "channel = 'syslog'"), 1);
	assert_int_equal(q_int("SELECT count(*) FROM alert WHERE last_error "
	    "= 'refused'"), 1);
}

static void
test_retention(void **state)
{
	struct mon_store *s;
	struct err e = { 0 };
	struct mon_endpoint a;
	struct mon_result r;
	struct mon_state_change sc1, sc2, sc3;
	int64_t aid;
	int i;

	(void)state;
	assert_int_equal(mon_store_open(path, &s, &e), 0);
	ep_init(&a, "r");
	assert_int_equal(mon_store_endpoint(s, &a, &e), 0);
	memset(&r, 0, sizeof(r));
	r.endpoint_id = a.id;
	r.ok = true;
	r.rtt_us = 10;
	for (i = 0; i < 10; i++) {
		r.ts = i * 100;
		assert_int_equal(mon_store_result(s, &r, &e), 0);
		assert_int_equal(mon_store_event(s, i * 100, "reload", "", &e),
		    0);
	}
	memset(&sc1, 0, sizeof(sc1));
	sc1.ep = &a;
	sc1.rtt_avg_us = -1;
	sc2 = sc3 = sc1;
	sc1.ts = 100;
	sc1.to = MON_HEALTH_FAILING;
	sc2.ts = 200;
	sc2.to = MON_HEALTH_HEALTHY;
	sc3.ts = 300;
	sc3.to = MON_HEALTH_FAILING;
	assert_int_equal(mon_store_state_change(s, &sc1, &e), 0);
	assert_int_equal(mon_store_state_change(s, &sc2, &e), 0);
	assert_int_equal(mon_store_state_change(s, &sc3, &e), 0);
	/* sc2's alert is undelivered: it and its state change stay */
	assert_int_equal(mon_store_alert_add(s, sc2.id, "syslog", "{}", 200,
	    &aid, &e), 0);
	assert_int_equal(mon_store_retain(s, 500, &e), 0);
	mon_store_close(s);
	assert_int_equal(q_int("SELECT count(*) FROM result"), 5);
	assert_int_equal(q_int("SELECT min(ts_us) FROM result"), 500);
	assert_int_equal(q_int("SELECT count(*) FROM event"), 5);
	/* sc1 went; sc2 has its alert; sc3 is the last health */
	assert_int_equal(q_int("SELECT count(*) FROM state_change"), 2);
	assert_int_equal(q_int("SELECT count(*) FROM alert"), 1);
	/* once delivered and old, the alert and its change go too */
	assert_int_equal(mon_store_open(path, &s, &e), 0);
	assert_int_equal(mon_store_alert_delivered(s, aid, 250, &e), 0);
	assert_int_equal(mon_store_retain(s, 500, &e), 0);
	{
		enum mon_health h;

		assert_int_equal(mon_store_last_health(s, a.id, &h, &e), 0);
		assert_int_equal(h, MON_HEALTH_FAILING);
	}
	mon_store_close(s);
	assert_int_equal(q_int("SELECT count(*) FROM alert"), 0);
	assert_int_equal(q_int("SELECT count(*) FROM state_change"), 1);
}

static void
test_names(void **state)
{
	enum mon_kind k;
	int i;

	(void)state;
	for (i = MON_KIND_TCP; i <= MON_KIND_CLOUD_ARP; i++) {
		assert_int_equal(mon_kind_parse(mon_kind_name(i), &k), 0);
		assert_int_equal(k, i);
	}
	assert_string_equal(mon_kind_name(MON_KIND_BGP_OPEN), "bgp_open");
	assert_int_equal(mon_kind_parse("TCP", &k), -1);
	assert_int_equal(mon_kind_parse("", &k), -1);
	assert_string_equal(mon_health_name(MON_HEALTH_FAILING), "failing");
	assert_string_equal(mon_health_name(MON_HEALTH_UNKNOWN), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_empty, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_newer_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_endpoint_result, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_alert_queue, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_retention, setup,
		    teardown),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
