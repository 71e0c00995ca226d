/*
 * mon_store_sqlite: the store's embedded backend (mon_store_int.h), the
 * monitor's history in SQLite (WAL mode, one file).  Opens or creates the
 * file, brings its schema to MON_SCHEMA_VERSION through the migration steps of mon_store_sql.h in one transaction (PRAGMA
 * user_version counts the steps applied), and runs the store operations
 * of monitor.h as prepared statements.  Readers (`monitor report`,
 * `diagnose`) open the same file read-only; WAL lets them read while the
 * monitor writes.
 *
 * Each function outside mon_store_begin()..commit() is its own
 * transaction (SQLite's autocommit), so a result is durable when
 * mon_store_result() returns: synchronous=FULL, because "committed before
 * it is reported" must hold across a power cut, not only a kill -9.
 */
#include <errno.h>
#include <string.h>

#include <sqlite3.h>

#include "monitor.h"
#include "mon_store_int.h"
#include "mon_store_sql.h"

#define STORE_BUSY_MS	5000	/* a reader's checkpoint or a second writer */

struct sq_store {
	sqlite3		*db;
	char		 path[512];
	sqlite3_stmt	*st[MON_SQL_NSTMT];
	bool		 in_tx;
};

static int
db_err(struct sq_store *s, struct err *e, const char *what)
{
	int rc = sqlite3_extended_errcode(s->db);
	enum err_code c = ERR_IO;

	if ((rc & 0xff) == SQLITE_NOMEM)
		c = ERR_NOMEM;
	else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
		c = ERR_INPUT;
	ERR(e, c, "store '%s': %s: %s", s->path, what, sqlite3_errmsg(s->db));
	err_at(e, s->path, 0, 0, 0);
	return -1;
}

static const char *
store_file(const char *uri)
{
	if (strncmp(uri, "sqlite:", 7) == 0)
		return uri + 7;
	return uri;
}

/* ------------------------------------------------------------------ */
/* Opening and migrating                                               */
/* ------------------------------------------------------------------ */

static int
store_exec(struct sq_store *s, const char *sql, struct err *e)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		ERR(e, ERR_IO, "store '%s': %s", s->path,
		    msg ? msg : sqlite3_errmsg(s->db));
		err_at(e, s->path, 0, 0, 0);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
store_version(struct sq_store *s, int *v, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK)
		return db_err(s, e, "cannot read the schema version");
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_err(s, e, "cannot read the schema version");
	return 0;
}

static int
store_migrate(struct sq_store *s, struct err *e)
{
	size_t nsteps = sizeof(mon_sql_migrations) /
	    sizeof(mon_sql_migrations[0]);
	char sql[64];
	int v, i;

	/* the check that nobody else migrates at the same time is the
	 * IMMEDIATE write lock: read the version under it */
	if (store_exec(s, "BEGIN IMMEDIATE", e) == -1)
		return -1;
	if (store_version(s, &v, e) == -1)
		goto fail;
	if (v > MON_SCHEMA_VERSION) {
		ERR(e, ERR_INPUT, "store '%s' has schema version %d, newer "
		    "than this erwatch's %d: upgrade erwatch", s->path, v,
		    MON_SCHEMA_VERSION);
		err_at(e, s->path, 0, 0, 0);
		goto fail;
	}
	if (v < 0) {
		ERR(e, ERR_INPUT, "store '%s' has a bad schema version %d",
		    s->path, v);
		goto fail;
	}
	for (i = v; i < MON_SCHEMA_VERSION && (size_t)i < nsteps; i++)
		if (store_exec(s, mon_sql_migrations[i], e) == -1)
			goto fail;
	if (v != MON_SCHEMA_VERSION) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		    MON_SCHEMA_VERSION);
		if (store_exec(s, sql, e) == -1)
			goto fail;
	}
	return store_exec(s, "COMMIT", e);
fail:
	(void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static void sq_close(void *);
static void sq_rollback(void *);

static int
sq_open(const char *uri, void **out, struct err *e)
{
	struct sq_store *s;
	const char *file = store_file(uri);
	int i;

	*out = NULL;
	if (*file == '\0')
		return ERR(e, ERR_USAGE, "store: empty path");
	if ((s = erw_calloc(1, sizeof(*s))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	snprintf(s->path, sizeof(s->path), "%s", file);
	if (sqlite3_open_v2(file, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		if (s->db == NULL)
			ERR(e, ERR_NOMEM, "out of memory");
		else {
			ERR(e, ERR_IO, "cannot open store '%s': %s", s->path,
			    sqlite3_errmsg(s->db));
			err_at(e, s->path, 0, 0, 0);
		}
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	if (store_exec(s, "PRAGMA journal_mode = WAL", e) == -1 ||
	    store_exec(s, "PRAGMA synchronous = FULL", e) == -1 ||
	    store_exec(s, "PRAGMA foreign_keys = ON", e) == -1 ||
	    store_migrate(s, e) == -1)
		goto fail;
	for (i = 0; i < MON_SQL_NSTMT; i++)
		if (sqlite3_prepare_v3(s->db, mon_sql_text[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK) {
			db_err(s, e, "cannot prepare a statement");
			goto fail;
		}
	*out = s;
	return 0;
fail:
	sq_close(s);
	return -1;
}

static void
sq_close(void *b)
{
	struct sq_store *s = b;
	int i;

	if (s == NULL)
		return;
	if (s->in_tx)
		sq_rollback(s);
	for (i = 0; i < MON_SQL_NSTMT; i++)
		sqlite3_finalize(s->st[i]);
	if (s->db != NULL) {
		/* leave no WAL behind: readers of a copied file (an evidence
		 * folder) then need only the one file */
		(void)sqlite3_wal_checkpoint_v2(s->db, NULL,
		    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		sqlite3_close(s->db);
	}
	free(s);
}

/* ------------------------------------------------------------------ */
/* Statements                                                          */
/* ------------------------------------------------------------------ */

static sqlite3_stmt *
stmt(struct sq_store *s, enum mon_sql_stmt id)
{
	sqlite3_reset(s->st[id]);
	sqlite3_clear_bindings(s->st[id]);
	return s->st[id];
}

static int
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	return sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_TRANSIENT);
}

/* Step a statement that returns no row. */
static int
run(struct sq_store *s, sqlite3_stmt *st, const char *what, struct err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(s, e, what);
	return 0;
}

static int
sq_begin(void *b, struct err *e)
{
	struct sq_store *s = b;
	if (s->in_tx)
		return ERR(e, ERR_RUNTIME, "store: transaction already open");
	if (run(s, stmt(s, MON_SQL_BEGIN), "begin", e) == -1)
		return -1;
	s->in_tx = true;
	return 0;
}

static int
sq_commit(void *b, struct err *e)
{
	struct sq_store *s = b;
	if (!s->in_tx)
		return ERR(e, ERR_RUNTIME, "store: no transaction open");
	if (run(s, stmt(s, MON_SQL_COMMIT), "commit", e) == -1) {
		sq_rollback(s);
		return -1;
	}
	s->in_tx = false;
	return 0;
}

static void
sq_rollback(void *b)
{
	struct sq_store *s = b;

	if (!s->in_tx)
		return;
	(void)sqlite3_step(stmt(s, MON_SQL_ROLLBACK));
	sqlite3_reset(s->st[MON_SQL_ROLLBACK]);
	s->in_tx = false;
}

static int
sq_endpoint(void *b, struct mon_endpoint *ep,
    struct err *e)
{
	struct sq_store *s = b;
	sqlite3_stmt *st = stmt(s, MON_SQL_EP_INSERT);
	int rc;

	bind_text(st, 1, ep->agent);
	bind_text(st, 2, ep->group);
	bind_text(st, 3, ep->name);
	bind_text(st, 4, mon_kind_name(ep->kind));
	bind_text(st, 5, ep->address);
	sqlite3_bind_int(st, 6, ep->port);
	bind_text(st, 7, ep->path);
	if (run(s, st, "cannot record an endpoint", e) == -1)
		return -1;
	st = stmt(s, MON_SQL_EP_FIND);
	bind_text(st, 1, ep->agent);
	bind_text(st, 2, ep->group);
	bind_text(st, 3, ep->name);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_err(s, e, "cannot find an endpoint");
	}
	ep->id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	st = stmt(s, MON_SQL_EP_UPDATE);
	sqlite3_bind_int64(st, 1, ep->id);
	bind_text(st, 2, mon_kind_name(ep->kind));
	bind_text(st, 3, ep->address);
	sqlite3_bind_int(st, 4, ep->port);
	bind_text(st, 5, ep->path);
	return run(s, st, "cannot update an endpoint", e);
}

static int
sq_result(void *b, const struct mon_result *r,
    struct err *e)
{
	struct sq_store *s = b;
	sqlite3_stmt *st = stmt(s, MON_SQL_RESULT);

	sqlite3_bind_int64(st, 1, r->endpoint_id);
	sqlite3_bind_int64(st, 2, r->ts);
	sqlite3_bind_int(st, 3, r->ok ? 1 : 0);
	if (r->rtt_us >= 0)
		sqlite3_bind_int64(st, 4, r->rtt_us);
	else
		sqlite3_bind_null(st, 4);
	bind_text(st, 5, r->status);
	bind_text(st, 6, r->detail);
	return run(s, st, "cannot record a result", e);
}

static int
sq_state_change(void *b, struct mon_state_change *sc,
    struct err *e)
{
	struct sq_store *s = b;
	sqlite3_stmt *st = stmt(s, MON_SQL_STATE_CHANGE);

	sqlite3_bind_int64(st, 1, sc->ep->id);
	sqlite3_bind_int64(st, 2, sc->ts);
	bind_text(st, 3, mon_health_name(sc->from));
	bind_text(st, 4, mon_health_name(sc->to));
	sqlite3_bind_int(st, 5, sc->checks);
	sqlite3_bind_int(st, 6, sc->failed);
	if (sc->rtt_avg_us >= 0)
		sqlite3_bind_int64(st, 7, sc->rtt_avg_us);
	else
		sqlite3_bind_null(st, 7);
	bind_text(st, 8, sc->reason);
	if (run(s, st, "cannot record a state change", e) == -1)
		return -1;
	sc->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int
sq_last_health(void *b, int64_t endpoint_id,
    enum mon_health *out, struct err *e)
{
	struct sq_store *s = b;
	sqlite3_stmt *st = stmt(s, MON_SQL_LAST_HEALTH);
	int rc;

	*out = MON_HEALTH_UNKNOWN;
	sqlite3_bind_int64(st, 1, endpoint_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (t != NULL && strcmp(t, "healthy") == 0)
			*out = MON_HEALTH_HEALTHY;
		else if (t != NULL && strcmp(t, "failing") == 0)
			*out = MON_HEALTH_FAILING;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(s, e, "cannot read an endpoint's health");
	return 0;
}

static int
sq_last_fired(void *b, int64_t endpoint_id, int64_t before_id, usec_t *ts,
    struct err *e)
{
	struct sq_store *s = b;
	sqlite3_stmt *st = stmt(s, MON_SQL_LAST_FIRED);
	int rc;

	*ts = -1;
	sqlite3_bind_int64(st, 1, endpoint_id);
	sqlite3_bind_int64(st, 2, before_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*ts = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(s, e, "cannot read an endpoint's last outage");
	return 0;
}

static int
sq_event(void *b, usec_t ts, const char *kind,
    const char *detail, struct err *e)
{
	struct sq_store *s = b;
	sqlite3_stmt *st = stmt(s, MON_SQL_EVENT);

	sqlite3_bind_int64(st, 1, ts);
	bind_text(st, 2, kind);
	bind_text(st, 3, detail);
	return run(s, st, "cannot record an event", e);
}

/* ------------------------------------------------------------------ */
/* The alert queue                                                     */
/* ------------------------------------------------------------------ */

static int
sq_alert_add(void *b, int64_t state_change_id,
    const char *channel, const char *payload, usec_t now, int64_t *id,
    struct err *e)
{
	struct sq_store *s = b;
	sqlite3_stmt *st = stmt(s, MON_SQL_ALERT_ADD);

	sqlite3_bind_int64(st, 1, state_change_id);
	bind_text(st, 2, channel);
	bind_text(st, 3, payload);
	sqlite3_bind_int64(st, 4, now);
	if (run(s, st, "cannot queue an alert", e) == -1)
		return -1;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int
sq_alert_due(void *b, usec_t now,
    struct mon_alert_row *rows, size_t max, size_t *n, struct err *e)
{
	struct sq_store *s = b;
	sqlite3_stmt *st = stmt(s, MON_SQL_ALERT_DUE);
	int rc;

	*n = 0;
	if (max == 0)
		return 0;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(max > INT32_MAX ?
	    INT32_MAX : max));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		struct mon_alert_row *r = &rows[*n];
		const char *ch = (const char *)sqlite3_column_text(st, 2);
		const char *pl = (const char *)sqlite3_column_text(st, 3);

		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		r->state_change_id = sqlite3_column_int64(st, 1);
		snprintf(r->channel, sizeof(r->channel), "%s", ch ? ch : "");
		if ((r->payload = erw_strdup(pl ? pl : "")) == NULL) {
			sqlite3_reset(st);
			while (*n > 0)
				mon_alert_row_release(&rows[--*n]);
			return ERR(e, ERR_NOMEM, "out of memory");
		}
		r->created = sqlite3_column_int64(st, 4);
		r->next_attempt = sqlite3_column_int64(st, 5);
		r->attempts = sqlite3_column_int(st, 6);
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		while (*n > 0)
			mon_alert_row_release(&rows[--*n]);
		return db_err(s, e, "cannot read the alert queue");
	}
	return 0;
}

static int
sq_alert_next(void *b, usec_t *next, struct err *e)
{
	struct sq_store *s = b;
	sqlite3_stmt *st = stmt(s, MON_SQL_ALERT_NEXT);
	int rc = sqlite3_step(st);

	*next = -1;
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*next = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_err(s, e, "cannot read the alert queue");
	return 0;
}

static int
sq_alert_delivered(void *b, int64_t id, usec_t now,
    struct err *e)
{
	struct sq_store *s = b;
	sqlite3_stmt *st = stmt(s, MON_SQL_ALERT_DELIVERED);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	return run(s, st, "cannot mark an alert delivered", e);
}

static int
sq_alert_retry(void *b, int64_t id, int attempts,
    usec_t next_attempt, const char *error, struct err *e)
{
	struct sq_store *s = b;
	sqlite3_stmt *st = stmt(s, MON_SQL_ALERT_RETRY);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, attempts);
	sqlite3_bind_int64(st, 3, next_attempt);
	if (error != NULL)
		bind_text(st, 4, error);
	else
		sqlite3_bind_null(st, 4);
	return run(s, st, "cannot reschedule an alert", e);
}

/* ------------------------------------------------------------------ */
/* Retention                                                           */
/* ------------------------------------------------------------------ */

static int
sq_retain(void *b, usec_t cutoff, struct err *e)
{
	struct sq_store *s = b;
	static const enum mon_sql_stmt order[] = {
		/* alerts before the state changes they point at */
		MON_SQL_RETAIN_RESULT, MON_SQL_RETAIN_EVENT,
		MON_SQL_RETAIN_METRIC, MON_SQL_RETAIN_ALERT,
		MON_SQL_RETAIN_STATE,
	};
	bool own = !s->in_tx;
	size_t i;

	if (own && sq_begin(s, e) == -1)
		return -1;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		sqlite3_stmt *st = stmt(s, order[i]);

		sqlite3_bind_int64(st, 1, cutoff);
		if (run(s, st, "cannot apply retention", e) == -1) {
			if (own)
				sq_rollback(s);
			return -1;
		}
	}
	return own ? sq_commit(s, e) : 0;
}

const struct mon_store_ops mon_store_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.endpoint = sq_endpoint,
	.result = sq_result,
	.state_change = sq_state_change,
	.last_health = sq_last_health,
	.last_fired = sq_last_fired,
	.event = sq_event,
	.alert_add = sq_alert_add,
	.alert_due = sq_alert_due,
	.alert_next = sq_alert_next,
	.alert_delivered = sq_alert_delivered,
	.alert_retry = sq_alert_retry,
	.retain = sq_retain,
};
