/*
 * mon_history: the monitor's history read back (mon_history.h).  Opens
 * the SQLite file read-only, checks it is a monitor database of a schema
 * this reader knows (docs/monitor.md), and computes per endpoint and
 * window the availability, outages, flapping and RTT percentiles, and
 * per Azure Monitor series the intervals below 100%.
 *
 * Memory: counts, buckets and percentiles are computed by SQLite
 * (aggregates, ORDER BY ... LIMIT 1 OFFSET k for the nearest-rank
 * percentile, which it sorts externally when large); what is walked row
 * by row (results for outages, state changes, metric points) is streamed
 * through one statement and only the outages and dips are kept, up to
 * their limits.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "mon_history.h"
#include "mon_history_int.h"
#include "mon_store_int.h"

bool
mon_history_is_sqlite(const uint8_t *buf, size_t len)
{
	/* the file header of every SQLite 3 database: sqlite.org
	 * fileformat2.html, "The Database Header" */
	static const char magic[16] = "SQLite format 3";

	return len >= sizeof(magic) && memcmp(buf, magic, sizeof(magic)) == 0;
}

/* ------------------------------------------------------------------ */
/* Opening and the schema                                              */
/* ------------------------------------------------------------------ */

/* The columns the reader relies on, per table: the schema's contract. */
static const struct {
	const char	*table;
	const char	*cols;
} schema_cols[] = {
	{ "endpoint", "id, agent, grp, name, kind, address, port, path" },
	{ "result", "id, endpoint_id, ts_us, ok, rtt_us, status, detail" },
	{ "state_change", "id, endpoint_id, ts_us, from_state, to_state, "
	    "checks, failed, rtt_avg_us, reason" },
	{ "alert", "id, state_change_id, channel, payload, created_us, "
	    "attempts, next_attempt_us, delivered_us, last_error" },
	{ "metric", "id, resource, metric, peer, path, ts_us, value, "
	    "aggregation" },
	{ "event", "id, ts_us, kind, detail" },
};

int
mon_db_error(struct err *e, sqlite3 *db, const char *name, const char *what)
{
	ERR(e, ERR_INPUT, "%s: %s", what, db != NULL ? sqlite3_errmsg(db) :
	    "out of memory");
	err_at(e, name, 0, 0, 0);
	return -1;
}

int
mon_db_schema_check(sqlite3 *db, const char *name, struct err *e)
{
	sqlite3_stmt *st = NULL;
	char sql[256];
	int64_t version;
	size_t i;
	int rc;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK)
		return mon_db_error(e, db, name, "cannot read the database");
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return mon_db_error(e, db, name, "cannot read the database");
	}
	version = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (version > MON_SCHEMA_VERSION) {
		ERR(e, ERR_INPUT, "monitor schema version %lld is newer than "
		    "this erwatch reads (%d): use the erwatch that wrote it",
		    (long long)version, MON_SCHEMA_VERSION);
		err_at(e, name, 0, 0, 0);
		return -1;
	}
	for (i = 0; i < sizeof(schema_cols) / sizeof(schema_cols[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT %s FROM \"%s\" LIMIT 0",
		    schema_cols[i].cols, schema_cols[i].table);
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
			ERR(e, ERR_INPUT, "a SQLite database, but not the "
			    "monitor's history (table '%s': %s)",
			    schema_cols[i].table, sqlite3_errmsg(db));
			err_at(e, name, 0, 0, 0);
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_finalize(st);
	}
	if (version < 1) {
		ERR(e, ERR_INPUT, "the monitor's tables without a schema "
		    "version (PRAGMA user_version is %lld)",
		    (long long)version);
		err_at(e, name, 0, 0, 0);
		return -1;
	}
	return 0;
}

/* The header first: SQLite would call a text file "not a database"
 * only at the first query, and a clear message names the file now. */
static int
check_header(const char *path, const char *name, struct err *e)
{
	uint8_t hdr[16];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		ERR(e, ERR_IO, "cannot open '%s': %s", name, strerror(errno));
		err_at(e, name, 0, 0, 0);
		return -1;
	}
	n = fread(hdr, 1, sizeof(hdr), fp);
	fclose(fp);
	if (!mon_history_is_sqlite(hdr, n)) {
		ERR(e, ERR_INPUT, "not a SQLite database (no \"SQLite format "
		    "3\" header): not a monitor history");
		err_at(e, name, 0, 0, n < sizeof(hdr) ? n : 0);
		return -1;
	}
	return 0;
}

/*
 * "file:PATH?immutable=1" when no write-ahead log lies beside path: the
 * file then holds the whole database, and an immutable open reads it
 * without the -shm and -wal files a read-only open of a WAL database
 * creates beside it (sqlite.org uri.html), which would change an evidence
 * folder by reading it.  With a -wal there (a monitor writing now, or a
 * copy not checkpointed), the plain read-only open reads it too.  0, -1
 * when the URI does not fit.
 */
static int
ro_uri(const char *path, char *uri, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char wal[4096];
	size_t o = 0;
	FILE *fp;
	const unsigned char *p;

	if ((size_t)snprintf(wal, sizeof(wal), "%s-wal", path) >= sizeof(wal))
		return -1;
	if ((fp = fopen(wal, "rb")) != NULL) {
		fclose(fp);
		return -1;
	}
	if (len < 6)
		return -1;
	memcpy(uri, "file:", 5);
	o = 5;
	/* what a URI path may hold as is; the rest percent-encoded */
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if (o + 4 >= len)
			return -1;
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p) != NULL)
			uri[o++] = (char)*p;
		else {
			uri[o++] = '%';
			uri[o++] = hex[*p >> 4];
			uri[o++] = hex[*p & 15];
		}
	}
	if (o + sizeof("?immutable=1") > len)
		return -1;
	memcpy(uri + o, "?immutable=1", sizeof("?immutable=1"));
	return 0;
}

int
mon_db_open_ro(const char *path, const char *name, sqlite3 **out,
    struct err *e)
{
	sqlite3 *db = NULL;
	char uri[3 * 4096 + 32];
	int rc;

	*out = NULL;
	if (check_header(path, name, e) == -1)
		return -1;
	if (ro_uri(path, uri, sizeof(uri)) == 0)
		rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_URI, NULL);
	else
		rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		mon_db_error(e, db, name, "cannot open the database");
		sqlite3_close(db);
		return -1;
	}
	/* a monitor writing at the same time holds the lock only briefly */
	sqlite3_busy_timeout(db, 5000);
	if (mon_db_schema_check(db, name, e) == -1) {
		sqlite3_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

int
mon_history_probe(const char *path, struct err *e)
{
	sqlite3 *db;

	if (mon_db_open_ro(path, path, &db, e) == -1)
		return -1;
	sqlite3_close(db);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Times                                                               */
/* ------------------------------------------------------------------ */

int
mon_history_parse_time(const char *s, usec_t now, usec_t *out)
{
	unsigned long long n;
	char *end;
	usec_t unit;

	if (s[0] >= '0' && s[0] <= '9') {
		errno = 0;
		n = strtoull(s, &end, 10);
		if (errno == 0 && end != s && end[0] != '\0' && end[1] == '\0') {
			switch (end[0]) {
			case 's':	unit = USEC_PER_SEC; break;
			case 'm':	unit = 60 * USEC_PER_SEC; break;
			case 'h':	unit = 3600 * USEC_PER_SEC; break;
			case 'd':	unit = 86400 * USEC_PER_SEC; break;
			case 'w':	unit = 7 * 86400 * USEC_PER_SEC; break;
			default:	unit = 0; break;
			}
			/* a hundred years back is the most anyone means */
			if (unit != 0 && n <= 36500ULL * 86400 * USEC_PER_SEC /
			    (unsigned long long)unit) {
				*out = now - (usec_t)n * unit;
				return 0;
			}
		}
	}
	return time_parse_iso(s, strlen(s), out);
}

/* ------------------------------------------------------------------ */
/* Rows                                                                */
/* ------------------------------------------------------------------ */

static void
col_text(sqlite3_stmt *st, int i, char *dst, size_t len)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	str_copy(dst, t != NULL ? (const char *)t : "", len);
}

/* A column that must be an integer: a row of another writer that holds
 * text there is malformed, named by table and row id. */
static int
col_int(struct mon_history *h, sqlite3_stmt *st, int i, const char *table,
    int64_t rowid, int64_t *v, struct err *e)
{
	if (sqlite3_column_type(st, i) != SQLITE_INTEGER) {
		ERR(e, ERR_INPUT, "table '%s' row %lld: %s is not an integer",
		    table, (long long)rowid, sqlite3_column_name(st, i));
		err_at(e, h->input, 0, 0, 0);
		return -1;
	}
	*v = sqlite3_column_int64(st, i);
	return 0;
}

static int
prep(struct mon_history *h, sqlite3 *db, const char *sql, sqlite3_stmt **st,
    struct err *e)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
		return mon_db_error(e, db, h->input, "cannot query the history");
	return 0;
}

static int
step_done(struct mon_history *h, sqlite3 *db, int rc, struct err *e)
{
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_NOMEM)
		return ERR(e, ERR_NOMEM, "out of memory reading the history");
	return mon_db_error(e, db, h->input, "cannot read the history");
}

static void
track_span(struct mon_history *h, usec_t t)
{
	if (h->first_us == 0 || t < h->first_us)
		h->first_us = t;
	if (t > h->last_us)
		h->last_us = t;
}

/* ------------------------------------------------------------------ */
/* Endpoints                                                           */
/* ------------------------------------------------------------------ */

static int
load_endpoints(struct mon_history *h, sqlite3 *db, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct mon_hist_endpoint *ep;
	size_t cap = 0;
	int rc, ret = -1;

	if (prep(h, db, "SELECT id, agent, grp, name, kind, address, port, "
	    "path FROM endpoint WHERE kind NOT IN ('cloud_bgp', 'cloud_arp') "
	    "AND (?1 IS NULL OR name = ?1 OR address = ?1) "
	    "ORDER BY agent, grp, name, id", &st, e) == -1)
		return -1;
	if (h->q.endpoint != NULL)
		sqlite3_bind_text(st, 1, h->q.endpoint, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (h->nendpoints == MON_HIST_MAX_ENDPOINTS) {
			h->endpoints_dropped++;
			continue;
		}
		if (h->nendpoints == cap) {
			size_t nc = cap == 0 ? 16 : cap * 2;
			void *p = erw_reallocarray(h->endpoints, nc,
			    sizeof(*h->endpoints));

			if (p == NULL) {
				ERR(e, ERR_NOMEM, "out of memory");
				goto out;
			}
			h->endpoints = p;
			cap = nc;
		}
		ep = &h->endpoints[h->nendpoints];
		memset(ep, 0, sizeof(*ep));
		ep->id = sqlite3_column_int64(st, 0);
		col_text(st, 1, ep->agent, sizeof(ep->agent));
		col_text(st, 2, ep->group, sizeof(ep->group));
		col_text(st, 3, ep->name, sizeof(ep->name));
		col_text(st, 4, ep->kind, sizeof(ep->kind));
		col_text(st, 5, ep->address, sizeof(ep->address));
		ep->port = sqlite3_column_int(st, 6);
		col_text(st, 7, ep->path, sizeof(ep->path));
		ep->availability = -1;
		ep->rtt_p50_us = ep->rtt_p95_us = ep->rtt_p99_us = -1;
		h->nendpoints++;
	}
	ret = step_done(h, db, rc, e);
out:
	sqlite3_finalize(st);
	return ret;
}

/* Counts, chart buckets and RTT percentiles, by SQLite's aggregates. */
static int
endpoint_stats(struct mon_history *h, sqlite3 *db,
    struct mon_hist_endpoint *ep, struct err *e)
{
	static const int pct[3] = { 50, 95, 99 };
	int64_t *dst[3] = { &ep->rtt_p50_us, &ep->rtt_p95_us,
	    &ep->rtt_p99_us };
	sqlite3_stmt *st = NULL;
	int64_t b, rank;
	int rc, i, ret = -1;

	if (prep(h, db, "SELECT count(*), coalesce(sum(ok = 0), 0), "
	    "min(ts_us), max(ts_us) FROM result WHERE endpoint_id = ?1 AND "
	    "ts_us >= ?2 AND ts_us < ?3", &st, e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, ep->id);
	sqlite3_bind_int64(st, 2, h->q.since);
	sqlite3_bind_int64(st, 3, h->q.until);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW)
		goto fail;
	ep->checks = (uint64_t)sqlite3_column_int64(st, 0);
	ep->failed = (uint64_t)sqlite3_column_int64(st, 1);
	if (ep->checks > 0) {
		ep->availability = 100.0 * (double)(ep->checks - ep->failed) /
		    (double)ep->checks;
		track_span(h, sqlite3_column_int64(st, 2));
		track_span(h, sqlite3_column_int64(st, 3));
	}
	sqlite3_finalize(st);
	st = NULL;

	for (i = 0; i < MON_HIST_BUCKETS; i++)
		ep->buckets[i].rtt_avg_us = -1;
	if (prep(h, db, "SELECT (ts_us - ?2) / ?4, count(*), sum(ok = 0), "
	    "avg(CASE WHEN ok AND rtt_us >= 0 THEN rtt_us END) FROM result "
	    "WHERE endpoint_id = ?1 AND ts_us >= ?2 AND ts_us < ?3 "
	    "GROUP BY 1", &st, e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, ep->id);
	sqlite3_bind_int64(st, 2, h->q.since);
	sqlite3_bind_int64(st, 3, h->q.until);
	sqlite3_bind_int64(st, 4, h->bucket_us);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		b = sqlite3_column_int64(st, 0);
		if (b < 0 || b >= MON_HIST_BUCKETS)
			continue;
		ep->buckets[b].checks = (uint32_t)sqlite3_column_int64(st, 1);
		ep->buckets[b].failed = (uint32_t)sqlite3_column_int64(st, 2);
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			ep->buckets[b].rtt_avg_us =
			    (int64_t)(sqlite3_column_double(st, 3) + 0.5);
	}
	if (step_done(h, db, rc, e) == -1)
		goto out;
	sqlite3_finalize(st);
	st = NULL;

	/* nearest-rank percentiles over the successful checks' RTTs */
	if (prep(h, db, "SELECT count(*) FROM result WHERE endpoint_id = ?1 "
	    "AND ts_us >= ?2 AND ts_us < ?3 AND ok AND rtt_us >= 0", &st,
	    e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, ep->id);
	sqlite3_bind_int64(st, 2, h->q.since);
	sqlite3_bind_int64(st, 3, h->q.until);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW)
		goto fail;
	ep->rtt_n = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (ep->rtt_n == 0)
		return 0;
	if (prep(h, db, "SELECT rtt_us FROM result WHERE endpoint_id = ?1 "
	    "AND ts_us >= ?2 AND ts_us < ?3 AND ok AND rtt_us >= 0 "
	    "ORDER BY rtt_us LIMIT 1 OFFSET ?4", &st, e) == -1)
		return -1;
	for (i = 0; i < 3; i++) {
		rank = ((int64_t)ep->rtt_n * pct[i] + 99) / 100;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ep->id);
		sqlite3_bind_int64(st, 2, h->q.since);
		sqlite3_bind_int64(st, 3, h->q.until);
		sqlite3_bind_int64(st, 4, rank > 0 ? rank - 1 : 0);
		if ((rc = sqlite3_step(st)) != SQLITE_ROW)
			goto fail;
		*dst[i] = sqlite3_column_int64(st, 0);
	}
	ret = 0;
	goto out;
fail:
	step_done(h, db, rc == SQLITE_ROW ? SQLITE_ERROR : rc, e);
out:
	sqlite3_finalize(st);
	return ret;
}

/* ---- outages ---- */

struct trans {				/* transition times, for flapping */
	usec_t	*t;
	size_t	 n, cap;
};

static int
trans_add(struct trans *tr, usec_t t, struct err *e)
{
	if (tr->n == tr->cap) {
		size_t nc = tr->cap == 0 ? 64 : tr->cap * 2;
		void *p;

		/* bounded with the outages: two per outage kept */
		if (tr->cap >= 2 * MON_HIST_MAX_OUTAGES + 2)
			return 0;
		if ((p = erw_reallocarray(tr->t, nc, sizeof(*tr->t))) == NULL)
			return ERR(e, ERR_NOMEM, "out of memory");
		tr->t = p;
		tr->cap = nc;
	}
	tr->t[tr->n++] = t;
	return 0;
}

static struct mon_hist_outage *
outage_new(struct mon_hist_endpoint *ep, size_t *cap, struct err *e)
{
	struct mon_hist_outage *o;

	if (ep->noutages == MON_HIST_MAX_OUTAGES) {
		ep->outages_dropped++;
		return NULL;
	}
	if (ep->noutages == *cap) {
		size_t nc = *cap == 0 ? 8 : *cap * 2;
		void *p = erw_reallocarray(ep->outages, nc,
		    sizeof(*ep->outages));

		if (p == NULL) {
			ERR(e, ERR_NOMEM, "out of memory");
			return NULL;
		}
		ep->outages = p;
		*cap = nc;
	}
	o = &ep->outages[ep->noutages++];
	memset(o, 0, sizeof(*o));
	return o;
}

/* Failed checks and the first failure's status within an outage. */
static int
outage_detail(struct mon_history *h, sqlite3 *db,
    const struct mon_hist_endpoint *ep, struct mon_hist_outage *o,
    struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (prep(h, db, "SELECT count(*), (SELECT status FROM result WHERE "
	    "endpoint_id = ?1 AND ok = 0 AND ts_us >= ?2 AND ts_us < ?3 "
	    "ORDER BY ts_us LIMIT 1) FROM result WHERE endpoint_id = ?1 AND "
	    "ok = 0 AND ts_us >= ?2 AND ts_us < ?3", &st, e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, ep->id);
	sqlite3_bind_int64(st, 2, o->from);
	sqlite3_bind_int64(st, 3, o->open ? h->q.until : o->to);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		o->failed = (uint64_t)sqlite3_column_int64(st, 0);
		if (o->status[0] == '\0')
			col_text(st, 1, o->status, sizeof(o->status));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : step_done(h, db, rc, e);
}

/*
 * From the state changes: the monitor's own judgment (N consecutive
 * evaluations), an outage from a change to failing to the change back.
 * The state before the window says whether one is already under way.
 */
static int
outages_from_states(struct mon_history *h, sqlite3 *db,
    struct mon_hist_endpoint *ep, struct trans *tr, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct mon_hist_outage *cur = NULL;
	size_t cap = 0;
	char from[16], to[16];
	int64_t id, ts;
	int rc, ret = -1;

	if (prep(h, db, "SELECT id, ts_us, to_state, reason FROM state_change "
	    "WHERE endpoint_id = ?1 AND ts_us < ?2 ORDER BY ts_us DESC, id "
	    "DESC LIMIT 1", &st, e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, ep->id);
	sqlite3_bind_int64(st, 2, h->q.since);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		col_text(st, 2, to, sizeof(to));
		if (strcmp(to, "failing") == 0) {
			if (col_int(h, st, 1, "state_change",
			    sqlite3_column_int64(st, 0), &ts, e) == -1)
				goto out;
			if ((cur = outage_new(ep, &cap, e)) == NULL &&
			    err_isset(e))
				goto out;
			if (cur != NULL) {
				cur->from = ts;
				cur->clipped = true;
				col_text(st, 3, cur->reason,
				    sizeof(cur->reason));
			}
		}
	} else if (step_done(h, db, rc, e) == -1)
		goto out;
	sqlite3_finalize(st);
	st = NULL;

	if (prep(h, db, "SELECT id, ts_us, from_state, to_state, reason FROM "
	    "state_change WHERE endpoint_id = ?1 AND ts_us >= ?2 AND "
	    "ts_us < ?3 ORDER BY ts_us, id", &st, e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, ep->id);
	sqlite3_bind_int64(st, 2, h->q.since);
	sqlite3_bind_int64(st, 3, h->q.until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (col_int(h, st, 1, "state_change", id, &ts, e) == -1)
			goto out;
		col_text(st, 2, from, sizeof(from));
		col_text(st, 3, to, sizeof(to));
		/* healthy <-> failing is a transition; leaving unknown (a
		 * start) is not */
		if (strcmp(from, "unknown") != 0 && strcmp(from, to) != 0 &&
		    trans_add(tr, ts, e) == -1)
			goto out;
		if (strcmp(to, "failing") == 0 && cur == NULL) {
			if ((cur = outage_new(ep, &cap, e)) == NULL &&
			    err_isset(e))
				goto out;
			if (cur != NULL) {
				cur->from = ts;
				col_text(st, 4, cur->reason,
				    sizeof(cur->reason));
			}
		} else if (strcmp(to, "failing") != 0 && cur != NULL) {
			cur->to = ts;
			cur = NULL;
		}
	}
	if (step_done(h, db, rc, e) == -1)
		goto out;
	if (cur != NULL) {
		cur->to = h->q.until;
		cur->open = true;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

/* From the results alone: runs of consecutive failed checks. */
static int
outages_from_results(struct mon_history *h, sqlite3 *db,
    struct mon_hist_endpoint *ep, struct trans *tr, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct mon_hist_outage *o;
	size_t cap = 0;
	uint64_t run = 0;
	usec_t run_from = 0;
	char run_status[32] = "";
	int64_t id, ts, ok;
	int rc, ret = -1;

	if (prep(h, db, "SELECT id, ts_us, ok, status FROM result WHERE "
	    "endpoint_id = ?1 AND ts_us >= ?2 AND ts_us < ?3 ORDER BY ts_us, "
	    "id", &st, e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, ep->id);
	sqlite3_bind_int64(st, 2, h->q.since);
	sqlite3_bind_int64(st, 3, h->q.until);
	for (;;) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			id = sqlite3_column_int64(st, 0);
			if (col_int(h, st, 1, "result", id, &ts, e) == -1 ||
			    col_int(h, st, 2, "result", id, &ok, e) == -1)
				goto out;
			if (!ok) {
				if (run++ == 0) {
					run_from = ts;
					col_text(st, 3, run_status,
					    sizeof(run_status));
				}
				continue;
			}
		} else if (step_done(h, db, rc, e) == -1)
			goto out;
		/* a success, or the end: close the run of failures */
		if (run >= MON_HIST_OUTAGE_MIN_FAILS) {
			if ((o = outage_new(ep, &cap, e)) == NULL &&
			    err_isset(e))
				goto out;
			if (o != NULL) {
				o->from = run_from;
				o->failed = run;
				str_copy(o->status, run_status,
				    sizeof(o->status));
				o->open = rc != SQLITE_ROW;
				o->to = o->open ? h->q.until : ts;
			}
			if (trans_add(tr, run_from, e) == -1 ||
			    (rc == SQLITE_ROW && trans_add(tr, ts, e) == -1))
				goto out;
		}
		run = 0;
		if (rc != SQLITE_ROW)
			break;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

/* The most transitions within any flap window (two pointers). */
static void
flapping(const struct mon_history *h, struct mon_hist_endpoint *ep,
    const struct trans *tr)
{
	size_t i, j = 0;
	int n;

	ep->transitions = tr->n;
	for (i = 0; i < tr->n; i++) {
		if (j < i)
			j = i;
		while (j + 1 < tr->n && tr->t[j + 1] - tr->t[i] <=
		    h->q.flap_window)
			j++;
		n = (int)(j - i + 1);
		if (n > ep->flap_max) {
			ep->flap_max = n;
			ep->flap_from = tr->t[i];
			ep->flap_to = tr->t[j];
		}
	}
	ep->flapping = ep->flap_max >= h->q.flap_transitions;
}

static int
load_endpoint(struct mon_history *h, sqlite3 *db,
    struct mon_hist_endpoint *ep, struct err *e)
{
	struct trans tr = { NULL, 0, 0 };
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc, ret = -1;

	if (endpoint_stats(h, db, ep, e) == -1)
		return -1;
	if (prep(h, db, "SELECT count(*) FROM state_change WHERE "
	    "endpoint_id = ?1 AND ts_us < ?2", &st, e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, ep->id);
	sqlite3_bind_int64(st, 2, h->q.until);
	rc = sqlite3_step(st);
	ep->from_states = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return step_done(h, db, rc, e);
	if ((ep->from_states ? outages_from_states(h, db, ep, &tr, e) :
	    outages_from_results(h, db, ep, &tr, e)) == -1)
		goto out;
	for (i = 0; i < ep->noutages; i++) {
		struct mon_hist_outage *o = &ep->outages[i];
		usec_t from = o->from < h->q.since ? h->q.since : o->from;

		if (ep->from_states && outage_detail(h, db, ep, o, e) == -1)
			goto out;
		if (o->to > from)
			ep->downtime_us += o->to - from;
	}
	flapping(h, ep, &tr);
	ret = 0;
out:
	free(tr.t);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Azure Monitor series                                                */
/* ------------------------------------------------------------------ */

/* Below this a point is a dip; the export's 100 is exact. */
#define DIP_BELOW	99.995

static struct mon_hist_dip *
dip_new(struct mon_hist_series *s, size_t *cap, struct err *e)
{
	if (s->ndips == MON_HIST_MAX_DIPS) {
		s->dips_dropped++;
		return NULL;
	}
	if (s->ndips == *cap) {
		size_t nc = *cap == 0 ? 8 : *cap * 2;
		void *p = erw_reallocarray(s->dips, nc, sizeof(*s->dips));

		if (p == NULL) {
			ERR(e, ERR_NOMEM, "out of memory");
			return NULL;
		}
		s->dips = p;
		*cap = nc;
	}
	memset(&s->dips[s->ndips], 0, sizeof(s->dips[0]));
	return &s->dips[s->ndips++];
}

struct series_walk {
	struct mon_hist_series	*s;
	size_t			 dcap;
	struct mon_hist_dip	*cur;	/* the open dip, or NULL */
	usec_t			 last;	/* the previous point */
	double			 sum;
};

/* A dip ends at the first point back at 100%, else one grain after its
 * last point below. */
static void
series_close_dip(struct series_walk *w, usec_t at)
{
	if (w->cur == NULL)
		return;
	w->cur->to = at;
	w->cur = NULL;
}

static void
series_finish(struct series_walk *w)
{
	usec_t grain;

	if (w->s == NULL)
		return;
	grain = w->s->grain > 0 ? w->s->grain : 60 * USEC_PER_SEC;
	series_close_dip(w, w->last + grain);
	if (w->s->points > 0)
		w->s->avg = w->sum / (double)w->s->points;
	w->s = NULL;
}

static int
series_point(struct mon_history *h, struct series_walk *w, usec_t ts,
    double v, struct err *e)
{
	struct mon_hist_series *s = w->s;
	usec_t grain;
	int64_t b;

	if (s->points > 0 && ts > w->last &&
	    (s->grain == 0 || ts - w->last < s->grain))
		s->grain = ts - w->last;
	grain = s->grain > 0 ? s->grain : 60 * USEC_PER_SEC;
	if (w->cur != NULL && ts - w->last > MON_HIST_DIP_GAP_GRAINS * grain)
		series_close_dip(w, w->last + grain);
	if (v < DIP_BELOW) {
		if (w->cur == NULL) {
			if ((w->cur = dip_new(s, &w->dcap, e)) == NULL &&
			    err_isset(e))
				return -1;
			if (w->cur != NULL) {
				w->cur->from = ts;
				w->cur->min = v;
			}
		}
		if (w->cur != NULL) {
			w->cur->points++;
			if (v < w->cur->min)
				w->cur->min = v;
		}
	} else
		series_close_dip(w, ts);
	if (s->points == 0 || v < s->min)
		s->min = v;
	s->points++;
	w->sum += v;
	w->last = ts;
	b = (ts - h->q.since) / h->bucket_us;
	if (b >= 0 && b < MON_HIST_BUCKETS &&
	    (s->buckets[b] < 0 || v < s->buckets[b]))
		s->buckets[b] = v;
	track_span(h, ts);
	return 0;
}

static struct mon_hist_series *
series_new(struct mon_history *h, size_t *cap, struct err *e)
{
	struct mon_hist_series *s;
	int i;

	if (h->nseries == MON_HIST_MAX_SERIES) {
		h->series_dropped++;
		return NULL;
	}
	if (h->nseries == *cap) {
		size_t nc = *cap == 0 ? 4 : *cap * 2;
		void *p = erw_reallocarray(h->series, nc, sizeof(*h->series));

		if (p == NULL) {
			ERR(e, ERR_NOMEM, "out of memory");
			return NULL;
		}
		h->series = p;
		*cap = nc;
	}
	s = &h->series[h->nseries++];
	memset(s, 0, sizeof(*s));
	for (i = 0; i < MON_HIST_BUCKETS; i++)
		s->buckets[i] = -1;
	return s;
}

static int
load_series(struct mon_history *h, sqlite3 *db, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct series_walk w;
	char res[256], met[32], peer[64], path[16];
	char kres[256], kmet[32], kpeer[64], kpath[16];	/* w's key */
	size_t cap = 0;
	bool first = true;
	int64_t id, ts;
	int rc, ret = -1;

	memset(&w, 0, sizeof(w));
	/* the cloud endpoint of the series gives its address (the import's
	 * --circuit-path-map); it may be filtered on */
	if (prep(h, db, "SELECT m.id, m.resource, m.metric, m.peer, m.path, "
	    "m.ts_us, m.value, (SELECT address FROM endpoint WHERE kind IN "
	    "('cloud_bgp', 'cloud_arp') AND grp = m.resource AND name = "
	    "m.metric || ':' || m.peer) AS addr FROM metric m WHERE "
	    "m.ts_us >= ?1 AND m.ts_us < ?2 AND (?3 IS NULL OR m.peer = ?3 "
	    "OR m.path = ?3 OR addr = ?3) ORDER BY m.resource, m.metric, "
	    "m.peer, m.path, m.ts_us", &st, e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, h->q.since);
	sqlite3_bind_int64(st, 2, h->q.until);
	if (h->q.endpoint != NULL)
		sqlite3_bind_text(st, 3, h->q.endpoint, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (col_int(h, st, 5, "metric", id, &ts, e) == -1)
			goto out;
		if (sqlite3_column_type(st, 6) != SQLITE_INTEGER &&
		    sqlite3_column_type(st, 6) != SQLITE_FLOAT) {
			ERR(e, ERR_INPUT, "table 'metric' row %lld: value is "
			    "not a number", (long long)id);
			err_at(e, h->input, 0, 0, 0);
			goto out;
		}
		col_text(st, 1, res, sizeof(res));
		col_text(st, 2, met, sizeof(met));
		col_text(st, 3, peer, sizeof(peer));
		col_text(st, 4, path, sizeof(path));
		if (first || strcmp(res, kres) != 0 || strcmp(met, kmet) != 0 ||
		    strcmp(peer, kpeer) != 0 || strcmp(path, kpath) != 0) {
			series_finish(&w);
			first = false;
			memset(&w, 0, sizeof(w));
			str_copy(kres, res, sizeof(kres));
			str_copy(kmet, met, sizeof(kmet));
			str_copy(kpeer, peer, sizeof(kpeer));
			str_copy(kpath, path, sizeof(kpath));
			/* beyond the limit the series is counted, not kept */
			if ((w.s = series_new(h, &cap, e)) == NULL) {
				if (err_isset(e))
					goto out;
				continue;
			}
			str_copy(w.s->resource, res, sizeof(w.s->resource));
			str_copy(w.s->metric, met, sizeof(w.s->metric));
			str_copy(w.s->peer, peer, sizeof(w.s->peer));
			str_copy(w.s->path, path, sizeof(w.s->path));
			col_text(st, 7, w.s->address, sizeof(w.s->address));
		}
		if (w.s == NULL)
			continue;
		if (series_point(h, &w, ts, sqlite3_column_double(st, 6),
		    e) == -1)
			goto out;
	}
	if (step_done(h, db, rc, e) == -1)
		goto out;
	series_finish(&w);
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Events and alerts                                                   */
/* ------------------------------------------------------------------ */

static int
load_events(struct mon_history *h, sqlite3 *db, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct mon_hist_event *ev;
	int64_t id, ts;
	int rc, ret = -1;

	if (prep(h, db, "SELECT id, ts_us, kind, detail FROM event WHERE "
	    "ts_us >= ?1 AND ts_us < ?2 ORDER BY ts_us, id", &st, e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, h->q.since);
	sqlite3_bind_int64(st, 2, h->q.until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (col_int(h, st, 1, "event", id, &ts, e) == -1)
			goto out;
		if (h->nevents == MON_HIST_MAX_EVENTS) {
			h->events_dropped++;
			continue;
		}
		ev = &h->events[h->nevents++];
		ev->ts = ts;
		col_text(st, 2, ev->kind, sizeof(ev->kind));
		col_text(st, 3, ev->detail, sizeof(ev->detail));
	}
	if (step_done(h, db, rc, e) == -1)
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	if (prep(h, db, "SELECT count(*), coalesce(sum(a.delivered_us IS "
	    "NULL), 0) FROM alert a JOIN state_change s ON s.id = "
	    "a.state_change_id WHERE s.ts_us >= ?1 AND s.ts_us < ?2", &st,
	    e) == -1)
		return -1;
	sqlite3_bind_int64(st, 1, h->q.since);
	sqlite3_bind_int64(st, 2, h->q.until);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		step_done(h, db, rc == SQLITE_DONE ? SQLITE_ERROR : rc, e);
		goto out;
	}
	h->alerts = (uint64_t)sqlite3_column_int64(st, 0);
	h->alerts_undelivered = (uint64_t)sqlite3_column_int64(st, 1);
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

/* ------------------------------------------------------------------ */
/* The whole                                                           */
/* ------------------------------------------------------------------ */

int
mon_history_load(struct mon_history *h, const char *path, const char *name,
    const struct mon_hist_query *q, struct err *e)
{
	sqlite3 *db = NULL;
	size_t i;
	int ret = -1;

	memset(h, 0, sizeof(*h));
	if (mon_store_uri_is_pg(path))	/* never the password in a message */
		mon_store_uri_redact(path, h->input, sizeof(h->input));
	else
		str_copy(h->input, name != NULL ? name : path,
		    sizeof(h->input));
	h->q = *q;
	if (h->q.flap_transitions <= 0)
		h->q.flap_transitions = MON_HIST_FLAP_TRANSITIONS;
	if (h->q.flap_window <= 0)
		h->q.flap_window = MON_HIST_FLAP_WINDOW;
	if (h->q.until <= h->q.since)
		return ERR(e, ERR_USAGE, "the window ends before it begins");
	h->bucket_us = (h->q.until - h->q.since + MON_HIST_BUCKETS - 1) /
	    MON_HIST_BUCKETS;
	if ((mon_store_uri_is_pg(path) ? mon_history_pg_open(path,
	    h->q.since, h->q.until, h->input, &db, e) :
	    mon_db_open_ro(path, h->input, &db, e)) == -1)
		return -1;
	if (load_endpoints(h, db, e) == -1)
		goto out;
	for (i = 0; i < h->nendpoints; i++)
		if (load_endpoint(h, db, &h->endpoints[i], e) == -1)
			goto out;
	if (load_series(h, db, e) == -1 || load_events(h, db, e) == -1)
		goto out;
	ret = 0;
out:
	sqlite3_close(db);
	return ret;
}

void
mon_history_release(struct mon_history *h)
{
	size_t i;

	for (i = 0; i < h->nendpoints; i++)
		free(h->endpoints[i].outages);
	free(h->endpoints);
	for (i = 0; i < h->nseries; i++)
		free(h->series[i].dips);
	free(h->series);
	h->endpoints = NULL;
	h->series = NULL;
	h->nendpoints = h->nseries = 0;
}

/* ------------------------------------------------------------------ */
/* The span of the whole history                                       */
/* ------------------------------------------------------------------ */

int
mon_history_span(const char *path, const char *name, usec_t *first,
    usec_t *last, struct err *e)
{
	/* every timed table: a database holding only imported metrics, or
	 * only the monitor's start event, still has a span */
	static const char sql[] =
	    "SELECT min(lo), max(hi) FROM ("
	    "SELECT min(ts_us) AS lo, max(ts_us) AS hi FROM result "
	    "UNION ALL SELECT min(ts_us), max(ts_us) FROM state_change "
	    "UNION ALL SELECT min(ts_us), max(ts_us) FROM metric "
	    "UNION ALL SELECT min(ts_us), max(ts_us) FROM event)";
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	const char *nm = name != NULL ? name : path;
	int rc, ret = -1;

	*first = *last = 0;
	if (mon_db_open_ro(path, nm, &db, e) == -1)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		mon_db_error(e, db, nm, "cannot read the database");
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		mon_db_error(e, db, nm, "cannot read the database");
		goto out;
	}
	if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*first = sqlite3_column_int64(st, 0);
		*last = sqlite3_column_int64(st, 1);
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ret;
}
