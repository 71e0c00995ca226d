/*
 * mon_history_pg: the history reader's PostgreSQL row source.  `monitor
 * report --db postgresql://...` computes exactly what it computes on a
 * SQLite file, by the same code (mon_history.c): this file copies the
 * rows the report's window needs from the central database into an
 * in-memory SQLite database of the same schema (mon_store_sql.h), and
 * mon_history_load() reads that.  The rows copied are the window's
 * results, metric points and events, its state changes and the last one
 * before it per endpoint (the state at the window's start), their alerts
 * without payloads, and every endpoint; so memory follows the window, not
 * the database.  Rows are fetched in libpq's single-row mode.
 *
 * The schema is checked as the store checks it: schema_version missing
 * or 0 is not a monitor database, above MON_SCHEMA_VERSION is refused.
 * Messages name the database by its redacted URI; the password is never
 * in them.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "mon_history_int.h"
#include "mon_store_int.h"
#include "mon_store_sql.h"

#define HPG_CONNECT_TIMEOUT	"10"	/* seconds, libpq's connect_timeout */
#define HPG_STATEMENT_MS	"300000"	/* a report's longest query */

/* One table's copy: what to read, where it goes, each column's type. */
struct hpg_copy {
	const char	*table;
	const char	*select;	/* $1 since, $2 until */
	const char	*insert;	/* ?1.. in the select's order */
	const char	*types;		/* i: integer, r: real, t: text */
};

static const struct hpg_copy hpg_tables[] = {
	{ "endpoint",
	  "SELECT id, agent, grp, name, kind, address, port, path FROM endpoint"
	  " WHERE $1::bigint IS NOT NULL AND $2::bigint IS NOT NULL",
	  "INSERT INTO endpoint(id, agent, grp, name, kind, address, port,"
	  " path) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", "ittttt" "it" },
	{ "result",
	  "SELECT id, endpoint_id, ts_us, ok, rtt_us, status, detail FROM result"
	  " WHERE ts_us >= $1::bigint AND ts_us < $2::bigint",
	  "INSERT INTO result(id, endpoint_id, ts_us, ok, rtt_us, status,"
	  " detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", "iiiiitt" },
	/* the window's, and each endpoint's last one before it */
	{ "state_change",
	  "SELECT id, endpoint_id, ts_us, from_state, to_state, checks, failed,"
	  " rtt_avg_us, reason FROM state_change"
	  " WHERE ts_us >= $1::bigint AND ts_us < $2::bigint"
	  " UNION ALL SELECT * FROM (SELECT DISTINCT ON (endpoint_id) id,"
	  " endpoint_id, ts_us, from_state, to_state, checks, failed,"
	  " rtt_avg_us, reason FROM state_change WHERE ts_us < $1::bigint"
	  " ORDER BY endpoint_id, ts_us DESC, id DESC) AS before",
	  "INSERT INTO state_change(id, endpoint_id, ts_us, from_state,"
	  " to_state, checks, failed, rtt_avg_us, reason)"
	  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", "iiittiiit" },
	/* counted, never sent: the payload stays behind */
	{ "alert",
	  "SELECT a.id, a.state_change_id, a.channel, a.created_us,"
	  " a.attempts, a.next_attempt_us, a.delivered_us FROM alert a"
	  " JOIN state_change s ON s.id = a.state_change_id"
	  " WHERE s.ts_us >= $1::bigint AND s.ts_us < $2::bigint",
	  "INSERT INTO alert(id, state_change_id, channel, payload, created_us,"
	  " attempts, next_attempt_us, delivered_us)"
	  " VALUES (?1, ?2, ?3, '', ?4, ?5, ?6, ?7)", "iitiiii" },
	{ "metric",
	  "SELECT id, resource, metric, peer, path, ts_us, value, aggregation"
	  " FROM metric WHERE ts_us >= $1::bigint AND ts_us < $2::bigint",
	  "INSERT INTO metric(id, resource, metric, peer, path, ts_us, value,"
	  " aggregation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", "ittttirt" },
	{ "event",
	  "SELECT id, ts_us, kind, detail FROM event"
	  " WHERE ts_us >= $1::bigint AND ts_us < $2::bigint",
	  "INSERT INTO event(id, ts_us, kind, detail)"
	  " VALUES (?1, ?2, ?3, ?4)", "iitt" },
};

/* libpq's message on one line, without the password. */
static void
hpg_msg(const char *raw, const char *secret, char *buf, size_t len)
{
	size_t i, o = 0, n = strlen(secret);
	char *p;

	for (i = 0; raw != NULL && raw[i] != '\0' && o + 1 < len; i++) {
		char ch = raw[i] == '\n' || raw[i] == '\t' ? ' ' : raw[i];

		if (ch == ' ' && (o == 0 || buf[o - 1] == ' '))
			continue;
		buf[o++] = ch;
	}
	while (o > 0 && buf[o - 1] == ' ')
		o--;
	buf[o] = '\0';
	while (n > 0 && (p = strstr(buf, secret)) != NULL) {
		memset(p, '*', n < 3 ? n : 3);
		memmove(p + (n < 3 ? n : 3), p + n, strlen(p + n) + 1);
	}
}

static int
hpg_copy_table(PGconn *c, sqlite3 *db, const struct hpg_copy *t,
    const char *const *params, const char *name, const char *secret,
    struct err *e)
{
	sqlite3_stmt *ins = NULL;
	PGresult *r;
	char why[256];
	int i, ncol = (int)strlen(t->types), ret = 0;

	if (sqlite3_prepare_v2(db, t->insert, -1, &ins, NULL) != SQLITE_OK)
		return mon_db_error(e, db, name, "cannot hold the rows");
	if (!PQsendQueryParams(c, t->select, 2, NULL, params, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(c)) {
		hpg_msg(PQerrorMessage(c), secret, why, sizeof(why));
		sqlite3_finalize(ins);
		return ERR(e, ERR_IO, "%s: cannot read table %s: %s", name,
		    t->table, why);
	}
	while ((r = PQgetResult(c)) != NULL) {
		ExecStatusType st = PQresultStatus(r);

		if (st == PGRES_SINGLE_TUPLE && ret == 0 &&
		    PQnfields(r) == ncol) {
			sqlite3_reset(ins);
			for (i = 0; i < ncol; i++) {
				const char *v = PQgetvalue(r, 0, i);

				if (PQgetisnull(r, 0, i))
					sqlite3_bind_null(ins, i + 1);
				else if (t->types[i] == 'i')
					sqlite3_bind_int64(ins, i + 1,
					    strtoll(v, NULL, 10));
				else if (t->types[i] == 'r')
					sqlite3_bind_double(ins, i + 1,
					    strtod(v, NULL));
				else
					sqlite3_bind_text(ins, i + 1, v, -1,
					    SQLITE_TRANSIENT);
			}
			if (sqlite3_step(ins) != SQLITE_DONE)
				ret = mon_db_error(e, db, name,
				    "cannot hold the rows");
		} else if (st != PGRES_TUPLES_OK && st != PGRES_SINGLE_TUPLE &&
		    ret == 0) {
			hpg_msg(PQresultErrorMessage(r), secret, why,
			    sizeof(why));
			ret = ERR(e, ERR_INPUT, "%s: cannot read table %s: %s",
			    name, t->table, why);
		}
		PQclear(r);
	}
	sqlite3_finalize(ins);
	return ret;
}

/* The server's NOTICEs: libpq would print them; the library does not. */
static void
hpg_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* The schema's version, checked as the store checks it. */
static int
hpg_version(PGconn *c, const char *name, const char *secret, struct err *e)
{
	PGresult *r;
	char why[256];
	long v;

	r = PQexec(c, "SELECT coalesce(max(version), 0) FROM schema_version");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		hpg_msg(PQresultErrorMessage(r), secret, why, sizeof(why));
		PQclear(r);
		ERR(e, ERR_INPUT, "%s: not a monitor database (%s)", name, why);
		return -1;
	}
	v = strtol(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	if (v <= 0) {
		ERR(e, ERR_INPUT, "%s: not a monitor database (schema version "
		    "%ld)", name, v);
		return -1;
	}
	if (v > MON_SCHEMA_VERSION) {
		ERR(e, ERR_INPUT, "%s has schema version %ld, newer than this "
		    "erwatch's %d: upgrade erwatch", name, v,
		    MON_SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

int
mon_history_pg_open(const char *uri, usec_t since, usec_t until,
    const char *name, sqlite3 **out, struct err *e)
{
	const char *const k[] = { "application_name", "connect_timeout",
	    "dbname", NULL };
	const char *const kv[] = { "erwatch-monitor-report",
	    HPG_CONNECT_TIMEOUT, uri, NULL };
	const char *const sv[] = { HPG_STATEMENT_MS };
	char sb[24], ub[24], why[256], secret[256] = "";
	const char *params[2] = { sb, ub };
	PQconninfoOption *opts, *o;
	PGconn *c = NULL;
	sqlite3 *db = NULL;
	PGresult *r;
	size_t i;
	int ret = -1;

	*out = NULL;
	(void)mon_sql_text;	/* the store's statements: not the reader's */
	if ((opts = PQconninfoParse(uri, NULL)) != NULL) {
		for (o = opts; o->keyword != NULL; o++)
			if (strcmp(o->keyword, "password") == 0 &&
			    o->val != NULL)
				str_copy(secret, o->val, sizeof(secret));
		PQconninfoFree(opts);
	}
	c = PQconnectdbParams(k, kv, 1);
	if (c == NULL || PQstatus(c) != CONNECTION_OK) {
		hpg_msg(c != NULL ? PQerrorMessage(c) : "out of memory",
		    secret, why, sizeof(why));
		if (getenv("PGPASSWORD") != NULL)
			hpg_msg(why, getenv("PGPASSWORD"), why, sizeof(why));
		ERR(e, ERR_INPUT, "%s: cannot connect: %s", name, why);
		goto out;
	}
	PQsetNoticeProcessor(c, hpg_quiet, NULL);
	r = PQexecParams(c, "SELECT set_config('statement_timeout', $1, false)",
	    1, NULL, sv, NULL, NULL, 0);
	PQclear(r);
	if (hpg_version(c, name, secret, e) == -1)
		goto out;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		mon_db_error(e, db, name, "cannot hold the rows");
		goto out;
	}
	if (sqlite3_exec(db, mon_sql_migrations[0], NULL, NULL, NULL) !=
	    SQLITE_OK || sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		mon_db_error(e, db, name, "cannot hold the rows");
		goto out;
	}
	/* a repeatable read: the tables agree with each other even while
	 * agents write */
	r = PQexec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	PQclear(r);
	snprintf(sb, sizeof(sb), "%lld", (long long)since);
	snprintf(ub, sizeof(ub), "%lld", (long long)until);
	for (i = 0; i < sizeof(hpg_tables) / sizeof(hpg_tables[0]); i++)
		if (hpg_copy_table(c, db, &hpg_tables[i], params, name,
		    secret, e) == -1)
			goto out;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		mon_db_error(e, db, name, "cannot hold the rows");
		goto out;
	}
	*out = db;
	db = NULL;
	ret = 0;
out:
	explicit_bzero(secret, sizeof(secret));
	sqlite3_close(db);
	PQfinish(c);
	return ret;
}
