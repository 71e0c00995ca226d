/*
 * mon_store_sql: every SQL text of the store in one place, so that a
 * second backend (PostgreSQL through libpq, a later piece of issue 12)
 * can be written against the same list: the migrations, then one
 * statement per store operation, with ?N parameters.  The schema is the
 * one docs/monitor.md documents (schema version MON_SCHEMA_VERSION).
 */
#ifndef ERW_MON_STORE_SQL_H
#define ERW_MON_STORE_SQL_H

/*
 * Migrations: step i takes a store from user_version i to i + 1.  A step
 * is only ever appended, never edited, once released: a file written by
 * an older erwatch is brought forward through each step in turn.
 */
static const char *const mon_sql_migrations[] = {
	/* 0 -> 1: the tables of docs/monitor.md */
	"CREATE TABLE endpoint ("
	" id INTEGER PRIMARY KEY,"
	" agent TEXT NOT NULL, grp TEXT NOT NULL, name TEXT NOT NULL,"
	" kind TEXT NOT NULL, address TEXT NOT NULL DEFAULT '',"
	" port INTEGER NOT NULL DEFAULT 0, path TEXT NOT NULL DEFAULT '',"
	" UNIQUE(agent, grp, name));"
	"CREATE TABLE result ("
	" id INTEGER PRIMARY KEY,"
	" endpoint_id INTEGER NOT NULL REFERENCES endpoint(id),"
	" ts_us INTEGER NOT NULL, ok INTEGER NOT NULL,"
	" rtt_us INTEGER, status TEXT NOT NULL, detail TEXT NOT NULL);"
	"CREATE INDEX result_ep_ts ON result(endpoint_id, ts_us);"
	"CREATE TABLE state_change ("
	" id INTEGER PRIMARY KEY,"
	" endpoint_id INTEGER NOT NULL REFERENCES endpoint(id),"
	" ts_us INTEGER NOT NULL, from_state TEXT NOT NULL,"
	" to_state TEXT NOT NULL, checks INTEGER NOT NULL,"
	" failed INTEGER NOT NULL, rtt_avg_us INTEGER, reason TEXT NOT NULL);"
	"CREATE INDEX state_change_ep_ts ON state_change(endpoint_id, ts_us);"
	"CREATE TABLE alert ("
	" id INTEGER PRIMARY KEY,"
	" state_change_id INTEGER NOT NULL REFERENCES state_change(id),"
	" channel TEXT NOT NULL, payload TEXT NOT NULL,"
	" created_us INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
	" next_attempt_us INTEGER NOT NULL, delivered_us INTEGER,"
	" last_error TEXT);"
	"CREATE INDEX alert_due ON alert(delivered_us, next_attempt_us);"
	"CREATE TABLE metric ("
	" id INTEGER PRIMARY KEY,"
	" resource TEXT NOT NULL, metric TEXT NOT NULL, peer TEXT NOT NULL,"
	" path TEXT NOT NULL, ts_us INTEGER NOT NULL, value REAL,"
	" aggregation TEXT NOT NULL,"
	" UNIQUE(resource, metric, peer, path, ts_us));"
	"CREATE TABLE event ("
	" id INTEGER PRIMARY KEY,"
	" ts_us INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL);"
	"CREATE INDEX event_ts ON event(ts_us);",
};

/* The prepared statements, by operation. */
enum mon_sql_stmt {
	MON_SQL_BEGIN,
	MON_SQL_COMMIT,
	MON_SQL_ROLLBACK,
	MON_SQL_EP_INSERT,
	MON_SQL_EP_FIND,
	MON_SQL_EP_UPDATE,
	MON_SQL_RESULT,
	MON_SQL_STATE_CHANGE,
	MON_SQL_LAST_HEALTH,
	MON_SQL_LAST_FIRED,
	MON_SQL_EVENT,
	MON_SQL_ALERT_ADD,
	MON_SQL_ALERT_DUE,
	MON_SQL_ALERT_NEXT,
	MON_SQL_ALERT_DELIVERED,
	MON_SQL_ALERT_RETRY,
	MON_SQL_RETAIN_RESULT,
	MON_SQL_RETAIN_EVENT,
	MON_SQL_RETAIN_METRIC,
	MON_SQL_RETAIN_ALERT,
	MON_SQL_RETAIN_STATE,
	MON_SQL_NSTMT
};

static const char *const mon_sql_text[MON_SQL_NSTMT] = {
	[MON_SQL_BEGIN] = "BEGIN IMMEDIATE",
	[MON_SQL_COMMIT] = "COMMIT",
	[MON_SQL_ROLLBACK] = "ROLLBACK",
	[MON_SQL_EP_INSERT] =
	    "INSERT INTO endpoint(agent, grp, name, kind, address, port, path)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	    " ON CONFLICT(agent, grp, name) DO NOTHING",
	[MON_SQL_EP_FIND] =
	    "SELECT id FROM endpoint WHERE agent = ?1 AND grp = ?2"
	    " AND name = ?3",
	/* a reload may change what a name points at (kind, port) */
	[MON_SQL_EP_UPDATE] =
	    "UPDATE endpoint SET kind = ?2, address = ?3, port = ?4,"
	    " path = ?5 WHERE id = ?1",
	[MON_SQL_RESULT] =
	    "INSERT INTO result(endpoint_id, ts_us, ok, rtt_us, status, detail)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[MON_SQL_STATE_CHANGE] =
	    "INSERT INTO state_change(endpoint_id, ts_us, from_state, to_state,"
	    " checks, failed, rtt_avg_us, reason)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[MON_SQL_LAST_HEALTH] =
	    "SELECT to_state FROM state_change WHERE endpoint_id = ?1"
	    " ORDER BY ts_us DESC, id DESC LIMIT 1",
	/* the outage a Resolved closes: the latest change to failing
	 * recorded before it (before_id, the Resolved's own change) */
	[MON_SQL_LAST_FIRED] =
	    "SELECT ts_us FROM state_change WHERE endpoint_id = ?1"
	    " AND to_state = 'failing' AND id < ?2"
	    " ORDER BY id DESC LIMIT 1",
	[MON_SQL_EVENT] =
	    "INSERT INTO event(ts_us, kind, detail) VALUES (?1, ?2, ?3)",
	[MON_SQL_ALERT_ADD] =
	    "INSERT INTO alert(state_change_id, channel, payload, created_us,"
	    " attempts, next_attempt_us) VALUES (?1, ?2, ?3, ?4, 0, ?4)",
	[MON_SQL_ALERT_DUE] =
	    "SELECT id, state_change_id, channel, payload, created_us,"
	    " next_attempt_us, attempts FROM alert"
	    " WHERE delivered_us IS NULL AND next_attempt_us <= ?1"
	    " ORDER BY created_us, id LIMIT ?2",
	[MON_SQL_ALERT_NEXT] =
	    "SELECT min(next_attempt_us) FROM alert WHERE delivered_us IS NULL",
	[MON_SQL_ALERT_DELIVERED] =
	    "UPDATE alert SET delivered_us = ?2, last_error = NULL"
	    " WHERE id = ?1",
	[MON_SQL_ALERT_RETRY] =
	    "UPDATE alert SET attempts = ?2, next_attempt_us = ?3,"
	    " last_error = ?4 WHERE id = ?1 AND delivered_us IS NULL",
	[MON_SQL_RETAIN_RESULT] = "DELETE FROM result WHERE ts_us < ?1",
	[MON_SQL_RETAIN_EVENT] = "DELETE FROM event WHERE ts_us < ?1",
	[MON_SQL_RETAIN_METRIC] = "DELETE FROM metric WHERE ts_us < ?1",
	/* a delivered alert goes with its age; an undelivered one stays
	 * however old: none is lost while a receiver is down */
	[MON_SQL_RETAIN_ALERT] =
	    "DELETE FROM alert WHERE delivered_us IS NOT NULL"
	    " AND created_us < ?1",
	[MON_SQL_RETAIN_STATE] =
	    "DELETE FROM state_change WHERE ts_us < ?1 AND id NOT IN"
	    " (SELECT state_change_id FROM alert)"
	    " AND id NOT IN (SELECT max(id) FROM state_change"
	    " GROUP BY endpoint_id)",
};

#endif /* ERW_MON_STORE_SQL_H */
