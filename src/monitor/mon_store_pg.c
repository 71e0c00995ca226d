/*
 * mon_store_pg: the store's central backend (mon_store_int.h), the
 * monitor's history in a PostgreSQL database that many agents share,
 * through libpq.  The tables are those of docs/monitor.md in PostgreSQL's
 * types (mon_store_pg_sql.h); agents tell their rows apart by
 * endpoint.agent, and each delivers only the alerts of its own endpoints.
 *
 * The monitor's loop is one thread, so nothing here may wait on the
 * server without a bound: every round trip is sent with libpq's
 * asynchronous calls and waited for with poll() against a deadline
 * (PG_IO_MS; a connection attempt PG_CONNECT_MS), after which the
 * connection is dropped.  A hung or black-holed server therefore costs
 * the loop at most one deadline per attempt, and attempts back off from
 * PG_BACKOFF_MIN_MS to PG_BACKOFF_MAX_MS.
 *
 * Writes are journalled: between mon_store_begin() and commit() the
 * operations are kept (as the text parameters libpq sends) and sent as
 * one transaction at commit.  When the server is away, or the connection
 * breaks during the transaction, the journal is held in memory (at most
 * PG_PENDING_MAX transactions and PG_PENDING_BYTES) and committed in order
 * after a reconnect; commit() then returns 0, which is the one weakening
 * of "committed before it is reported", and the store says so: a log line
 * and, once back, event rows "store_unreachable" and "store_reconnected"
 * with what was committed and what was lost.  A transaction that does not
 * fit is refused (ERR_LIMIT, counted as lost): nothing is dropped
 * silently.  Ids the caller sees before commit (state_change, alert) are
 * reserved from the server's sequences while connected, so a held
 * transaction keeps the ids its alert payloads carry.
 *
 * The password (in the URI or PGPASSWORD) never leaves: messages name the
 * store by its redacted URI and libpq's own messages are scrubbed of it.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "mon_store_int.h"
#include "mon_store_pg_sql.h"

#define PG_CONNECT_MS		5000	/* the first connection, at open */
#define PG_RECONNECT_MS		1000	/* each later attempt, on the loop */
#define PG_IO_MS		2000	/* one statement's round trip */
#define PG_MIGRATE_MS		30000	/* the migration, at open */
#define PG_STATEMENT_MS		"5000"	/* the server's own statement_timeout */
#define PG_BACKOFF_MIN_MS	1000
#define PG_BACKOFF_MAX_MS	30000
#define PG_PENDING_MAX		4096	/* transactions held while away */
#define PG_PENDING_BYTES	(16u << 20)
#define PG_DRAIN_BATCH		128	/* held transactions sent per call:
					   a long outage's backlog is
					   committed over several turns of
					   the loop, not in one stall */
#define PG_RESERVE		16	/* ids reserved per sequence */
#define PG_MAX_PARAMS		9
#define PG_URI_MAX		1024

/* One journalled statement: its parameters as libpq sends them. */
struct pg_op {
	enum mon_pgsql_stmt	 st;
	int			 n;
	char			*v[PG_MAX_PARAMS];	/* NULL: SQL NULL */
};

struct pg_tx {
	struct pg_op	*ops;
	size_t		 n, cap;
	size_t		 bytes;
	bool		 has_ids;	/* inserts rows with reserved ids */
	struct pg_tx	*next;
};

struct pg_ids {
	int64_t		 v[PG_RESERVE];
	size_t		 n;
};

struct pg_store {
	PGconn		*c;
	char		 uri[PG_URI_MAX];	/* a secret: wiped at close */
	char		 name[PG_URI_MAX];	/* redacted, for messages */
	char		 secret[256];		/* the password, to scrub */
	char		 envsecret[256];	/* PGPASSWORD's */
	bool		 in_tx;
	struct pg_tx	 cur;
	struct pg_tx	*pend, *pend_tail;
	size_t		 npend, pend_bytes;
	uint64_t	 held, lost;	/* since the server went away */
	usec_t		 down_since;	/* wall clock; 0 while up */
	usec_t		 next_try;	/* monotonic */
	int		 backoff_ms;
	char		 down_why[MON_DETAIL_MAX];
	bool		 unreachable_logged;	/* its event row sent */
	struct pg_ids	 sc_ids, alert_ids;
	int64_t		*eps;		/* endpoints this agent registered */
	size_t		 neps, capeps;
	mon_store_log_fn log;
	void		*log_arg;
};

/* Outcome of a round trip: done, the server said no, the link is gone. */
enum pg_rc { PG_OK = 0, PG_SQL = -1, PG_LINK = -2 };

/* ------------------------------------------------------------------ */
/* Messages without the password                                       */
/* ------------------------------------------------------------------ */

static void
scrub(const char *secret, char *msg)
{
	size_t n = strlen(secret);
	char *p;

	if (n == 0)
		return;
	while ((p = strstr(msg, secret)) != NULL) {
		memset(p, '*', 3 < n ? 3 : n);
		memmove(p + (3 < n ? 3 : n), p + n, strlen(p + n) + 1);
	}
}

/* libpq's message: one line, the password out of it. */
static void
pq_msg(struct pg_store *s, const char *raw, char *buf, size_t len)
{
	size_t i, o = 0;

	for (i = 0; raw != NULL && raw[i] != '\0' && o + 1 < len; i++) {
		char ch = raw[i];

		if (ch == '\n' || ch == '\t' || ch == '\r')
			ch = ' ';
		if (ch == ' ' && (o == 0 || buf[o - 1] == ' '))
			continue;
		buf[o++] = ch;
	}
	while (o > 0 && buf[o - 1] == ' ')
		o--;
	buf[o] = '\0';
	if (o == 0)
		str_copy(buf, "no message from libpq", len);
	scrub(s->secret, buf);
	scrub(s->envsecret, buf);
}

static void
say(struct pg_store *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
say(struct pg_store *s, const char *fmt, ...)
{
	char line[512];
	int n;
	va_list ap;

	if (s->log == NULL)
		return;
	n = snprintf(line, sizeof(line), "store '%s': ", s->name);
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof(line))
		vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	scrub(s->secret, line);
	scrub(s->envsecret, line);
	s->log(s->log_arg, line);
}

/* ------------------------------------------------------------------ */
/* The connection                                                      */
/* ------------------------------------------------------------------ */

/* Wait for the socket until deadline (monotonic): 1 ready, 0 timed out,
 * -1 error. */
static int
wait_sock(PGconn *c, bool rd, bool wr, usec_t deadline)
{
	struct pollfd pfd;
	usec_t now;
	int rc, ms;

	pfd.fd = PQsocket(c);
	if (pfd.fd < 0)
		return -1;
	pfd.events = (short)((rd ? POLLIN : 0) | (wr ? POLLOUT : 0));
	for (;;) {
		now = time_mono_usec();
		if (now >= deadline)
			return 0;
		ms = (int)((deadline - now + 999) / 1000);
		pfd.revents = 0;
		rc = poll(&pfd, 1, ms);
		if (rc > 0)
			return 1;
		if (rc == 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

static void
pg_drop(struct pg_store *s)
{
	if (s->c != NULL)
		PQfinish(s->c);
	s->c = NULL;
}

/*
 * Wait for the whole answer to what was sent.  *res is the first failed
 * result, else the last one (caller clears it).
 */
static enum pg_rc
pg_wait(struct pg_store *s, usec_t deadline, PGresult **res, char *why,
    size_t wlen)
{
	PGresult *r, *keep = NULL;
	int f, w;

	*res = NULL;
	for (;;) {
		while ((f = PQflush(s->c)) != 0 || PQisBusy(s->c)) {
			if (f == -1)
				goto link;
			w = wait_sock(s->c, true, f == 1, deadline);
			if (w == 0) {
				str_copy(why, "no answer within the deadline",
				    wlen);
				goto drop;
			}
			if (w == -1 || PQconsumeInput(s->c) == 0)
				goto link;
		}
		if ((r = PQgetResult(s->c)) == NULL)
			break;
		if (keep != NULL && PQresultStatus(keep) == PGRES_FATAL_ERROR)
			PQclear(r);
		else {
			PQclear(keep);
			keep = r;
		}
	}
	if (keep != NULL && (PQresultStatus(keep) == PGRES_FATAL_ERROR ||
	    PQresultStatus(keep) == PGRES_BAD_RESPONSE)) {
		pq_msg(s, PQresultErrorMessage(keep), why, wlen);
		if (PQstatus(s->c) == CONNECTION_BAD) {
			PQclear(keep);
			goto drop;
		}
		*res = keep;
		return PG_SQL;
	}
	*res = keep;
	return PG_OK;
link:
	pq_msg(s, PQerrorMessage(s->c), why, wlen);
drop:
	PQclear(keep);
	pg_drop(s);
	return PG_LINK;
}

/*
 * One statement: a prepared one (name), or the text sql with n text
 * parameters (n 0: several statements allowed).  OUT: *res (may be NULL
 * on PG_OK for callers that want no rows).
 */
static enum pg_rc
pg_run(struct pg_store *s, int stmt, const char *sql, int n,
    const char *const *v, int ms, PGresult **res, char *why, size_t wlen)
{
	PGresult *r = NULL;
	char name[16];
	enum pg_rc rc;
	int ok;

	if (s->c == NULL) {
		str_copy(why, "not connected", wlen);
		return PG_LINK;
	}
	if (stmt >= 0) {
		snprintf(name, sizeof(name), "erw%d", stmt);
		ok = PQsendQueryPrepared(s->c, name, n, v, NULL, NULL, 0);
	} else if (n == 0)
		ok = PQsendQuery(s->c, sql);
	else
		ok = PQsendQueryParams(s->c, sql, n, NULL, v, NULL, NULL, 0);
	if (!ok) {
		pq_msg(s, PQerrorMessage(s->c), why, wlen);
		pg_drop(s);
		return PG_LINK;
	}
	rc = pg_wait(s, time_mono_usec() + (usec_t)ms * 1000, &r, why, wlen);
	if (res != NULL)
		*res = r;
	else
		PQclear(r);
	return rc;
}

static enum pg_rc
pg_exec(struct pg_store *s, const char *sql, int ms, char *why, size_t wlen)
{
	return pg_run(s, -1, sql, 0, NULL, ms, NULL, why, wlen);
}

static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* Connect within ms; 0, or -1 with why. */
static int
pg_connect(struct pg_store *s, int ms, char *why, size_t wlen)
{
	/* keywords before dbname are defaults the URI's own win over */
	const char *const k[] = { "application_name", "connect_timeout",
	    "dbname", NULL };
	const char *const v[] = { "erwatch-monitor", "5", s->uri, NULL };
	PostgresPollingStatusType ps = PGRES_POLLING_WRITING;
	usec_t deadline = time_mono_usec() + (usec_t)ms * 1000;
	int w;

	pg_drop(s);
	if ((s->c = PQconnectStartParams(k, v, 1)) == NULL) {
		str_copy(why, "out of memory", wlen);
		return -1;
	}
	if (PQstatus(s->c) == CONNECTION_BAD)
		goto bad;
	while (ps != PGRES_POLLING_OK) {
		if (ps == PGRES_POLLING_FAILED)
			goto bad;
		w = wait_sock(s->c, ps == PGRES_POLLING_READING,
		    ps == PGRES_POLLING_WRITING, deadline);
		if (w == 0) {
			snprintf(why, wlen, "no connection within %d ms", ms);
			pg_drop(s);
			return -1;
		}
		if (w == -1)
			goto bad;
		ps = PQconnectPoll(s->c);
	}
	if (PQsetnonblocking(s->c, 1) == -1)
		goto bad;
	/* libpq prints the server's NOTICEs to stderr by default; the
	 * library prints nothing */
	PQsetNoticeProcessor(s->c, quiet, NULL);
	return 0;
bad:
	pq_msg(s, PQerrorMessage(s->c), why, wlen);
	pg_drop(s);
	return -1;
}

/* Statements and settings of a fresh connection. */
static enum pg_rc
pg_session(struct pg_store *s, char *why, size_t wlen)
{
	const char *const v[] = { PG_STATEMENT_MS };
	PGresult *r;
	enum pg_rc rc;
	char name[16];
	int i, ok;

	rc = pg_run(s, -1, "SELECT set_config('statement_timeout', $1, false)",
	    1, v, PG_IO_MS, NULL, why, wlen);
	if (rc != PG_OK)
		return rc;
	for (i = 0; i < MON_PGSQL_NSTMT; i++) {
		snprintf(name, sizeof(name), "erw%d", i);
		ok = PQsendPrepare(s->c, name, mon_pgsql_text[i], 0, NULL);
		if (!ok) {
			pq_msg(s, PQerrorMessage(s->c), why, wlen);
			pg_drop(s);
			return PG_LINK;
		}
		rc = pg_wait(s, time_mono_usec() + PG_IO_MS * 1000LL, &r, why,
		    wlen);
		PQclear(r);
		if (rc != PG_OK)
			return rc;
	}
	return PG_OK;
}

/* Top up a reserve of ids from its sequence. */
static enum pg_rc
pg_reserve(struct pg_store *s, enum mon_pgsql_stmt st, struct pg_ids *ids,
    char *why, size_t wlen)
{
	char cnt[16];
	const char *v[1] = { cnt };
	PGresult *r;
	enum pg_rc rc;
	int i, want = PG_RESERVE - (int)ids->n;

	if (ids->n > PG_RESERVE / 2)
		return PG_OK;
	snprintf(cnt, sizeof(cnt), "%d", want);
	if ((rc = pg_run(s, (int)st, NULL, 1, v, PG_IO_MS, &r, why, wlen)) !=
	    PG_OK) {
		PQclear(r);
		return rc;
	}
	for (i = 0; i < PQntuples(r) && ids->n < PG_RESERVE; i++)
		ids->v[ids->n++] = strtoll(PQgetvalue(r, i, 0), NULL, 10);
	PQclear(r);
	return PG_OK;
}

static int64_t
take_id(struct pg_ids *ids)
{
	int64_t v;

	if (ids->n == 0)
		return 0;
	v = ids->v[0];
	memmove(&ids->v[0], &ids->v[1], (ids->n - 1) * sizeof(ids->v[0]));
	ids->n--;
	return v;
}

/* ------------------------------------------------------------------ */
/* The journal                                                         */
/* ------------------------------------------------------------------ */

static void
tx_clear(struct pg_tx *t)
{
	size_t i;
	int j;

	for (i = 0; i < t->n; i++)
		for (j = 0; j < t->ops[i].n; j++)
			free(t->ops[i].v[j]);
	free(t->ops);
	t->ops = NULL;
	t->n = t->cap = t->bytes = 0;
	t->has_ids = false;
}

/* Append an operation; v[i] NULL is SQL NULL.  Copies the values. */
static int
tx_add(struct pg_tx *t, enum mon_pgsql_stmt st, int n,
    const char *const *v, struct err *e)
{
	struct pg_op *op;
	int i;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 8;
		struct pg_op *o = erw_reallocarray(t->ops, cap, sizeof(*o));

		if (o == NULL)
			return ERR(e, ERR_NOMEM, "out of memory");
		t->ops = o;
		t->cap = cap;
	}
	op = &t->ops[t->n];
	memset(op, 0, sizeof(*op));
	op->st = st;
	for (i = 0; i < n; i++) {
		if (v[i] == NULL)
			continue;
		if ((op->v[i] = erw_strdup(v[i])) == NULL) {
			while (i-- > 0)
				free(op->v[i]);
			return ERR(e, ERR_NOMEM, "out of memory");
		}
		t->bytes += strlen(v[i]) + 1;
	}
	op->n = n;
	t->bytes += sizeof(*op);
	t->n++;
	return 0;
}

/* Send one transaction.  PG_SQL: rolled back, why says what failed. */
static enum pg_rc
tx_send(struct pg_store *s, const struct pg_tx *t, char *why, size_t wlen)
{
	enum pg_rc rc;
	size_t i;
	char ignore[64];

	if ((rc = pg_exec(s, "BEGIN", PG_IO_MS, why, wlen)) != PG_OK)
		return rc;
	for (i = 0; i < t->n; i++) {
		rc = pg_run(s, (int)t->ops[i].st, NULL, t->ops[i].n,
		    (const char *const *)t->ops[i].v, PG_IO_MS, NULL, why,
		    wlen);
		if (rc != PG_OK)
			break;
	}
	if (rc == PG_OK)
		rc = pg_exec(s, "COMMIT", PG_IO_MS, why, wlen);
	if (rc == PG_SQL)
		(void)pg_exec(s, "ROLLBACK", PG_IO_MS, ignore, sizeof(ignore));
	return rc;
}

static void
go_down(struct pg_store *s, const char *why)
{
	pg_drop(s);
	if (s->down_since == 0) {
		s->down_since = time_now_usec();
		s->held = s->lost = 0;
		s->unreachable_logged = false;
		s->backoff_ms = PG_BACKOFF_MIN_MS;
		str_copy(s->down_why, why, sizeof(s->down_why));
		say(s, "server unreachable (%s): results held in memory "
		    "(at most %d transactions) until it is back", why,
		    PG_PENDING_MAX);
	} else if (s->backoff_ms < PG_BACKOFF_MAX_MS)
		s->backoff_ms = s->backoff_ms * 2 > PG_BACKOFF_MAX_MS ?
		    PG_BACKOFF_MAX_MS : s->backoff_ms * 2;
	s->next_try = time_mono_usec() + (usec_t)s->backoff_ms * 1000;
}

/* Keep t (moved, t emptied) for after the reconnect; -1 when full. */
static int
hold(struct pg_store *s, struct pg_tx *t, struct err *e)
{
	struct pg_tx *h;

	if (s->npend >= PG_PENDING_MAX ||
	    s->pend_bytes + t->bytes > PG_PENDING_BYTES ||
	    (h = erw_calloc(1, sizeof(*h))) == NULL) {
		tx_clear(t);
		s->lost++;
		say(s, "server unreachable and %zu transactions already held "
		    "in memory: one more is lost (%" PRIu64 " so far)",
		    s->npend, s->lost);
		return ERR(e, ERR_LIMIT, "store '%s': server unreachable "
		    "since %s and the memory for held results is full: "
		    "this result is lost", s->name, s->down_why);
	}
	*h = *t;
	memset(t, 0, sizeof(*t));
	if (s->pend_tail != NULL)
		s->pend_tail->next = h;
	else
		s->pend = h;
	s->pend_tail = h;
	s->npend++;
	s->pend_bytes += h->bytes;
	s->held++;
	return 0;
}

static void
event_op(struct pg_tx *t, usec_t ts, const char *kind, const char *detail)
{
	char tsb[24];
	const char *v[3] = { tsb, kind, detail };
	struct err e = { 0 };

	snprintf(tsb, sizeof(tsb), "%" PRId64, (int64_t)ts);
	(void)tx_add(t, MON_PGSQL_EVENT, 3, v, &e);
}

/*
 * Commit up to max held transactions, oldest first; once none is left,
 * the outage is over and says so.  PG_LINK when the link broke again.
 */
static enum pg_rc
drain(struct pg_store *s, size_t max)
{
	char why[256], detail[MON_DETAIL_MAX];
	struct pg_tx ev = { 0 };
	enum pg_rc rc;
	struct pg_tx *t;
	size_t done = 0;

	while ((t = s->pend) != NULL && done < max) {
		rc = tx_send(s, t, why, sizeof(why));
		if (rc == PG_LINK) {
			go_down(s, why);
			return rc;
		}
		if (rc == PG_SQL) {
			/* an id already there: the COMMIT the link broke
			 * during had happened after all */
			if (!(t->has_ids &&
			    strstr(why, "duplicate key") != NULL)) {
				s->held--;
				s->lost++;
				say(s, "a held transaction was refused by "
				    "the server (%s): lost", why);
			}
		}
		s->pend = t->next;
		if (s->pend == NULL)
			s->pend_tail = NULL;
		s->npend--;
		s->pend_bytes -= t->bytes;
		tx_clear(t);
		free(t);
		done++;
	}
	if (s->pend != NULL || s->down_since == 0)
		return PG_OK;
	snprintf(detail, sizeof(detail), "away %" PRId64 " s: %" PRIu64
	    " transactions held in memory committed, %" PRIu64 " lost",
	    (int64_t)((time_now_usec() - s->down_since) / USEC_PER_SEC),
	    s->held, s->lost);
	event_op(&ev, time_now_usec(), "store_reconnected", detail);
	rc = tx_send(s, &ev, why, sizeof(why));
	tx_clear(&ev);
	if (rc == PG_LINK) {
		go_down(s, why);
		return rc;
	}
	say(s, "reconnected: %s", detail);
	s->down_since = 0;
	s->held = s->lost = 0;
	return PG_OK;
}

/* Up again: the session, the reserves, the outage's first record. */
static int
reconnect(struct pg_store *s, int ms)
{
	char why[256];
	struct pg_tx ev = { 0 };
	enum pg_rc rc;

	if (pg_connect(s, ms, why, sizeof(why)) == -1 ||
	    pg_session(s, why, sizeof(why)) != PG_OK ||
	    pg_reserve(s, MON_PGSQL_RESERVE_STATE, &s->sc_ids, why,
	    sizeof(why)) != PG_OK ||
	    pg_reserve(s, MON_PGSQL_RESERVE_ALERT, &s->alert_ids, why,
	    sizeof(why)) != PG_OK) {
		go_down(s, why);
		return -1;
	}
	if (s->down_since == 0 || s->unreachable_logged)
		return 0;
	/* the outage's own record goes in first, at the time it began */
	event_op(&ev, s->down_since, "store_unreachable", s->down_why);
	rc = tx_send(s, &ev, why, sizeof(why));
	tx_clear(&ev);
	if (rc == PG_LINK) {
		go_down(s, why);
		return -1;
	}
	s->unreachable_logged = true;
	return 0;
}

/*
 * Connected now?  Tries a reconnect when the backoff allows, and once
 * connected commits a batch of what was held.
 */
static bool
up(struct pg_store *s)
{
	if (s->c == NULL || PQstatus(s->c) != CONNECTION_OK) {
		if (s->c != NULL)
			go_down(s, "connection lost");
		if (time_mono_usec() < s->next_try ||
		    reconnect(s, PG_RECONNECT_MS) == -1)
			return false;
	}
	if (s->down_since != 0 && drain(s, PG_DRAIN_BATCH) == PG_LINK)
		return false;
	return true;
}

/* Commit t: sent now, or held while the server is away. */
static int
commit_tx(struct pg_store *s, struct pg_tx *t, struct err *e)
{
	char why[256];
	enum pg_rc rc;

	if (t->n == 0)
		return 0;
	/* while anything is held, a new one goes after it, in order */
	if (!up(s) || s->pend != NULL)
		return hold(s, t, e);
	rc = tx_send(s, t, why, sizeof(why));
	if (rc == PG_OK) {
		tx_clear(t);
		return 0;
	}
	if (rc == PG_LINK) {
		go_down(s, why);
		return hold(s, t, e);
	}
	tx_clear(t);
	return ERR(e, ERR_IO, "store '%s': %s", s->name, why);
}

/* A write: into the open transaction, else one of its own. */
static int
write_op(struct pg_store *s, enum mon_pgsql_stmt st, int n,
    const char *const *v, bool ids, struct err *e)
{
	if (tx_add(&s->cur, st, n, v, e) == -1)
		return -1;
	if (ids)
		s->cur.has_ids = true;
	return s->in_tx ? 0 : commit_tx(s, &s->cur, e);
}

/* A read or an upsert that needs its answer now. */
static int
read_now(struct pg_store *s, enum mon_pgsql_stmt st, int n,
    const char *const *v, PGresult **res, const char *what, struct err *e)
{
	char why[256];
	enum pg_rc rc;

	*res = NULL;
	if (!up(s))
		return ERR(e, ERR_IO, "store '%s': %s: server unreachable "
		    "(%s)", s->name, what, s->down_why);
	rc = pg_run(s, (int)st, NULL, n, v, PG_IO_MS, res, why, sizeof(why));
	if (rc == PG_OK)
		return 0;
	PQclear(*res);
	*res = NULL;
	if (rc == PG_LINK)
		go_down(s, why);
	return ERR(e, ERR_IO, "store '%s': %s: %s", s->name, what, why);
}

/* ------------------------------------------------------------------ */
/* Opening and migrating                                               */
/* ------------------------------------------------------------------ */

static int
migrate(struct pg_store *s, struct err *e)
{
	size_t nsteps = sizeof(mon_pgsql_migrations) /
	    sizeof(mon_pgsql_migrations[0]);
	char why[256], vb[16], ignore[64];
	const char *v[1] = { vb };
	PGresult *r = NULL;
	long ver;
	size_t i;

	if (pg_exec(s, "BEGIN", PG_MIGRATE_MS, why, sizeof(why)) != PG_OK ||
	    pg_exec(s, MON_PGSQL_LOCK, PG_MIGRATE_MS, why, sizeof(why)) !=
	    PG_OK ||
	    pg_exec(s, MON_PGSQL_VERSION_TABLE, PG_MIGRATE_MS, why,
	    sizeof(why)) != PG_OK ||
	    pg_run(s, -1, MON_PGSQL_VERSION_READ, 0, NULL, PG_MIGRATE_MS, &r,
	    why, sizeof(why)) != PG_OK || r == NULL || PQntuples(r) != 1)
		goto fail;
	ver = strtol(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	r = NULL;
	if (ver > MON_SCHEMA_VERSION) {
		(void)pg_exec(s, "ROLLBACK", PG_IO_MS, ignore, sizeof(ignore));
		ERR(e, ERR_INPUT, "store '%s' has schema version %ld, newer "
		    "than this erwatch's %d: upgrade erwatch", s->name, ver,
		    MON_SCHEMA_VERSION);
		return -1;
	}
	if (ver < 0) {
		(void)pg_exec(s, "ROLLBACK", PG_IO_MS, ignore, sizeof(ignore));
		return ERR(e, ERR_INPUT, "store '%s' has a bad schema version "
		    "%ld", s->name, ver);
	}
	for (i = (size_t)ver; i < (size_t)MON_SCHEMA_VERSION && i < nsteps;
	    i++)
		if (pg_exec(s, mon_pgsql_migrations[i], PG_MIGRATE_MS, why,
		    sizeof(why)) != PG_OK)
			goto fail;
	if (ver != MON_SCHEMA_VERSION) {
		snprintf(vb, sizeof(vb), "%d", MON_SCHEMA_VERSION);
		if (pg_exec(s, MON_PGSQL_VERSION_SET_DEL, PG_MIGRATE_MS, why,
		    sizeof(why)) != PG_OK ||
		    pg_run(s, -1, MON_PGSQL_VERSION_SET, 1, v, PG_MIGRATE_MS,
		    NULL, why, sizeof(why)) != PG_OK)
			goto fail;
	}
	if (pg_exec(s, "COMMIT", PG_MIGRATE_MS, why, sizeof(why)) != PG_OK)
		goto fail;
	return 0;
fail:
	PQclear(r);
	if (s->c != NULL)
		(void)pg_exec(s, "ROLLBACK", PG_IO_MS, ignore, sizeof(ignore));
	ERR(e, ERR_IO, "store '%s': cannot bring the schema to version %d: %s",
	    s->name, MON_SCHEMA_VERSION, why);
	return -1;
}

static void pg_close(void *);

static int
pg_open(const char *uri, void **out, struct err *e)
{
	struct pg_store *s;
	PQconninfoOption *opts, *o;
	const char *env;
	char *perr = NULL;
	char why[256];

	*out = NULL;
	if ((s = erw_calloc(1, sizeof(*s))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	mon_store_uri_redact(uri, s->name, sizeof(s->name));
	if (strlen(uri) >= sizeof(s->uri)) {
		ERR(e, ERR_USAGE, "store '%.64s...': URI longer than %zu "
		    "bytes", s->name, sizeof(s->uri) - 1);
		goto fail;
	}
	str_copy(s->uri, uri, sizeof(s->uri));
	if ((env = getenv("PGPASSWORD")) != NULL)
		str_copy(s->envsecret, env, sizeof(s->envsecret));
	if ((opts = PQconninfoParse(uri, &perr)) == NULL) {
		if (perr == NULL) {
			ERR(e, ERR_NOMEM, "out of memory");
			goto fail;
		}
		pq_msg(s, perr, why, sizeof(why));
		PQfreemem(perr);
		ERR(e, ERR_USAGE, "store '%s': not a PostgreSQL URI: %s",
		    s->name, why);
		goto fail;
	}
	for (o = opts; o->keyword != NULL; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val != NULL)
			str_copy(s->secret, o->val, sizeof(s->secret));
	PQconninfoFree(opts);
	if (pg_connect(s, PG_CONNECT_MS, why, sizeof(why)) == -1) {
		/* a refused login is the operator's input; the rest I/O */
		ERR(e, strstr(why, "authentication") != NULL ||
		    strstr(why, "does not exist") != NULL ? ERR_INPUT : ERR_IO,
		    "store '%s': cannot connect: %s", s->name, why);
		goto fail;
	}
	if (migrate(s, e) == -1)
		goto fail;
	if (pg_session(s, why, sizeof(why)) != PG_OK ||
	    pg_reserve(s, MON_PGSQL_RESERVE_STATE, &s->sc_ids, why,
	    sizeof(why)) != PG_OK ||
	    pg_reserve(s, MON_PGSQL_RESERVE_ALERT, &s->alert_ids, why,
	    sizeof(why)) != PG_OK) {
		ERR(e, ERR_IO, "store '%s': %s", s->name, why);
		goto fail;
	}
	*out = s;
	return 0;
fail:
	pg_close(s);
	return -1;
}

static void
pg_close(void *b)
{
	struct pg_store *s = b;
	struct pg_tx *t;

	if (s == NULL)
		return;
	tx_clear(&s->cur);
	if (s->down_since != 0) {
		/* the last chance for what is held, backoff or not */
		if ((s->c != NULL && PQstatus(s->c) == CONNECTION_OK) ||
		    reconnect(s, PG_RECONNECT_MS) == 0)
			(void)drain(s, SIZE_MAX);
	}
	if (s->pend != NULL) {
		say(s, "closing with %zu transactions held in memory that the "
		    "server never received: lost", s->npend);
		while ((t = s->pend) != NULL) {
			s->pend = t->next;
			tx_clear(t);
			free(t);
		}
	}
	pg_drop(s);
	free(s->eps);
	explicit_bzero(s->uri, sizeof(s->uri));
	explicit_bzero(s->secret, sizeof(s->secret));
	explicit_bzero(s->envsecret, sizeof(s->envsecret));
	free(s);
}

static void
pg_set_log(void *b, mon_store_log_fn fn, void *arg)
{
	struct pg_store *s = b;

	s->log = fn;
	s->log_arg = arg;
}

/* ------------------------------------------------------------------ */
/* Transactions and rows                                               */
/* ------------------------------------------------------------------ */

static int
pg_begin(void *b, struct err *e)
{
	struct pg_store *s = b;

	if (s->in_tx)
		return ERR(e, ERR_RUNTIME, "store: transaction already open");
	tx_clear(&s->cur);
	s->in_tx = true;
	return 0;
}

static int
pg_commit(void *b, struct err *e)
{
	struct pg_store *s = b;

	if (!s->in_tx)
		return ERR(e, ERR_RUNTIME, "store: no transaction open");
	s->in_tx = false;
	return commit_tx(s, &s->cur, e);
}

static void
pg_rollback(void *b)
{
	struct pg_store *s = b;

	tx_clear(&s->cur);
	s->in_tx = false;
}

static void
i64(char *buf, size_t len, int64_t v)
{
	snprintf(buf, len, "%" PRId64, v);
}

static int
pg_endpoint(void *b, struct mon_endpoint *ep, struct err *e)
{
	struct pg_store *s = b;
	char port[8];
	const char *v[7] = { ep->agent, ep->group, ep->name,
	    mon_kind_name(ep->kind), ep->address, port, ep->path };
	PGresult *r;
	size_t i;

	snprintf(port, sizeof(port), "%u", (unsigned)ep->port);
	if (read_now(s, MON_PGSQL_EP_UPSERT, 7, v, &r,
	    "cannot record an endpoint", e) == -1)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return ERR(e, ERR_IO, "store '%s': no id for endpoint '%s'",
		    s->name, ep->name);
	}
	ep->id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	/* the alert queue is read for this agent's endpoints only */
	for (i = 0; i < s->neps; i++)
		if (s->eps[i] == ep->id)
			return 0;
	if (s->neps == s->capeps) {
		size_t cap = s->capeps ? s->capeps * 2 : 64;
		int64_t *p = erw_reallocarray(s->eps, cap, sizeof(*p));

		if (p == NULL)
			return ERR(e, ERR_NOMEM, "out of memory");
		s->eps = p;
		s->capeps = cap;
	}
	s->eps[s->neps++] = ep->id;
	return 0;
}

static int
pg_result(void *b, const struct mon_result *r, struct err *e)
{
	struct pg_store *s = b;
	char id[24], ts[24], rtt[24];
	const char *v[6] = { id, ts, r->ok ? "1" : "0",
	    r->rtt_us >= 0 ? rtt : NULL, r->status, r->detail };

	i64(id, sizeof(id), r->endpoint_id);
	i64(ts, sizeof(ts), r->ts);
	i64(rtt, sizeof(rtt), r->rtt_us);
	return write_op(s, MON_PGSQL_RESULT, 6, v, false, e);
}

static int
pg_state_change(void *b, struct mon_state_change *sc, struct err *e)
{
	struct pg_store *s = b;
	char id[24], ep[24], ts[24], ck[16], fl[16], rtt[24];
	const char *v[9] = { id, ep, ts, mon_health_name(sc->from),
	    mon_health_name(sc->to), ck, fl, sc->rtt_avg_us >= 0 ? rtt : NULL,
	    sc->reason };
	char why[256];

	if (s->sc_ids.n <= PG_RESERVE / 2 && s->c != NULL &&
	    pg_reserve(s, MON_PGSQL_RESERVE_STATE, &s->sc_ids, why,
	    sizeof(why)) == PG_LINK)
		go_down(s, why);
	if ((sc->id = take_id(&s->sc_ids)) == 0)
		return ERR(e, ERR_LIMIT, "store '%s': server unreachable and "
		    "no reserved id left for a state change", s->name);
	i64(id, sizeof(id), sc->id);
	i64(ep, sizeof(ep), sc->ep->id);
	i64(ts, sizeof(ts), sc->ts);
	snprintf(ck, sizeof(ck), "%d", sc->checks);
	snprintf(fl, sizeof(fl), "%d", sc->failed);
	i64(rtt, sizeof(rtt), sc->rtt_avg_us);
	return write_op(s, MON_PGSQL_STATE_CHANGE, 9, v, true, e);
}

static int
pg_last_health(void *b, int64_t endpoint_id, enum mon_health *out,
    struct err *e)
{
	struct pg_store *s = b;
	char id[24];
	const char *v[1] = { id };
	PGresult *r;

	*out = MON_HEALTH_UNKNOWN;
	i64(id, sizeof(id), endpoint_id);
	if (read_now(s, MON_PGSQL_LAST_HEALTH, 1, v, &r,
	    "cannot read an endpoint's health", e) == -1)
		return -1;
	if (PQntuples(r) == 1) {
		const char *t = PQgetvalue(r, 0, 0);

		if (strcmp(t, "healthy") == 0)
			*out = MON_HEALTH_HEALTHY;
		else if (strcmp(t, "failing") == 0)
			*out = MON_HEALTH_FAILING;
	}
	PQclear(r);
	return 0;
}

static int
pg_last_fired(void *b, int64_t endpoint_id, int64_t before_id, usec_t *ts,
    struct err *e)
{
	struct pg_store *s = b;
	char id[24], before[24];
	const char *v[2] = { id, before };
	PGresult *r;

	*ts = -1;
	i64(id, sizeof(id), endpoint_id);
	i64(before, sizeof(before), before_id);
	if (read_now(s, MON_PGSQL_LAST_FIRED, 2, v, &r,
	    "cannot read an endpoint's last outage", e) == -1)
		return -1;
	if (PQntuples(r) == 1)
		*ts = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

static int
pg_event(void *b, usec_t ts, const char *kind, const char *detail,
    struct err *e)
{
	struct pg_store *s = b;
	char t[24];
	const char *v[3] = { t, kind != NULL ? kind : "",
	    detail != NULL ? detail : "" };

	i64(t, sizeof(t), ts);
	return write_op(s, MON_PGSQL_EVENT, 3, v, false, e);
}

/* ------------------------------------------------------------------ */
/* The alert queue                                                     */
/* ------------------------------------------------------------------ */

static int
pg_alert_add(void *b, int64_t state_change_id, const char *channel,
    const char *payload, usec_t now, int64_t *id, struct err *e)
{
	struct pg_store *s = b;
	char ib[24], sc[24], ts[24], why[256];
	const char *v[5] = { ib, sc, channel, payload, ts };
	int64_t aid;

	if (s->alert_ids.n <= PG_RESERVE / 2 && s->c != NULL &&
	    pg_reserve(s, MON_PGSQL_RESERVE_ALERT, &s->alert_ids, why,
	    sizeof(why)) == PG_LINK)
		go_down(s, why);
	if ((aid = take_id(&s->alert_ids)) == 0)
		return ERR(e, ERR_LIMIT, "store '%s': server unreachable and "
		    "no reserved id left for an alert", s->name);
	i64(ib, sizeof(ib), aid);
	i64(sc, sizeof(sc), state_change_id);
	i64(ts, sizeof(ts), now);
	if (write_op(s, MON_PGSQL_ALERT_ADD, 5, v, true, e) == -1)
		return -1;
	if (id != NULL)
		*id = aid;
	return 0;
}

/* "{1,2,3}": this agent's endpoints as one array parameter.  Owned. */
static char *
ep_array(const struct pg_store *s, struct err *e)
{
	size_t i, o = 0, len = s->neps * 21 + 3;
	char *a;

	if ((a = erw_malloc(len)) == NULL) {
		ERR(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	a[o++] = '{';
	for (i = 0; i < s->neps; i++)
		o += (size_t)snprintf(a + o, len - o, "%s%" PRId64,
		    i ? "," : "", s->eps[i]);
	a[o++] = '}';
	a[o] = '\0';
	return a;
}

static int
pg_alert_due(void *b, usec_t now, struct mon_alert_row *rows, size_t max,
    size_t *n, struct err *e)
{
	struct pg_store *s = b;
	char ts[24], lim[24];
	char *eps;
	const char *v[3] = { ts, lim, NULL };
	PGresult *r;
	int i, rc;

	*n = 0;
	if (max == 0)
		return 0;
	if ((eps = ep_array(s, e)) == NULL)
		return -1;
	v[2] = eps;
	i64(ts, sizeof(ts), now);
	i64(lim, sizeof(lim), (int64_t)(max > INT32_MAX ? INT32_MAX : max));
	rc = read_now(s, MON_PGSQL_ALERT_DUE, 3, v, &r,
	    "cannot read the alert queue", e);
	free(eps);
	if (rc == -1)
		return -1;
	for (i = 0; i < PQntuples(r) && *n < max; i++) {
		struct mon_alert_row *a = &rows[*n];

		memset(a, 0, sizeof(*a));
		a->id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		a->state_change_id = strtoll(PQgetvalue(r, i, 1), NULL, 10);
		str_copy(a->channel, PQgetvalue(r, i, 2), sizeof(a->channel));
		if ((a->payload = erw_strdup(PQgetvalue(r, i, 3))) == NULL) {
			PQclear(r);
			while (*n > 0)
				mon_alert_row_release(&rows[--*n]);
			return ERR(e, ERR_NOMEM, "out of memory");
		}
		a->created = strtoll(PQgetvalue(r, i, 4), NULL, 10);
		a->next_attempt = strtoll(PQgetvalue(r, i, 5), NULL, 10);
		a->attempts = (int)strtol(PQgetvalue(r, i, 6), NULL, 10);
		(*n)++;
	}
	PQclear(r);
	return 0;
}

static int
pg_alert_next(void *b, usec_t *next, struct err *e)
{
	struct pg_store *s = b;
	const char *v[1];
	char *eps;
	PGresult *r;
	int rc;

	*next = -1;
	if ((eps = ep_array(s, e)) == NULL)
		return -1;
	v[0] = eps;
	rc = read_now(s, MON_PGSQL_ALERT_NEXT, 1, v, &r,
	    "cannot read the alert queue", e);
	free(eps);
	if (rc == -1)
		return -1;
	if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
		*next = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return 0;
}

static int
pg_alert_delivered(void *b, int64_t id, usec_t now, struct err *e)
{
	struct pg_store *s = b;
	char ib[24], ts[24];
	const char *v[2] = { ib, ts };

	i64(ib, sizeof(ib), id);
	i64(ts, sizeof(ts), now);
	return write_op(s, MON_PGSQL_ALERT_DELIVERED, 2, v, false, e);
}

static int
pg_alert_retry(void *b, int64_t id, int attempts, usec_t next_attempt,
    const char *error, struct err *e)
{
	struct pg_store *s = b;
	char ib[24], at[16], nx[24];
	const char *v[4] = { ib, at, nx, error };

	i64(ib, sizeof(ib), id);
	snprintf(at, sizeof(at), "%d", attempts);
	i64(nx, sizeof(nx), next_attempt);
	return write_op(s, MON_PGSQL_ALERT_RETRY, 4, v, false, e);
}

static int
pg_retain(void *b, usec_t cutoff, struct err *e)
{
	static const enum mon_pgsql_stmt order[] = {
		/* alerts before the state changes they point at */
		MON_PGSQL_RETAIN_RESULT, MON_PGSQL_RETAIN_EVENT,
		MON_PGSQL_RETAIN_METRIC, MON_PGSQL_RETAIN_ALERT,
		MON_PGSQL_RETAIN_STATE,
	};
	struct pg_store *s = b;
	char cb[24];
	const char *v[1] = { cb };
	bool own = !s->in_tx;
	size_t i;

	i64(cb, sizeof(cb), cutoff);
	if (own && pg_begin(s, e) == -1)
		return -1;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (tx_add(&s->cur, order[i], 1, v, e) == -1) {
			if (own)
				pg_rollback(s);
			return -1;
		}
	return own ? pg_commit(s, e) : 0;
}

const struct mon_store_ops mon_store_pg_ops = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.endpoint = pg_endpoint,
	.result = pg_result,
	.state_change = pg_state_change,
	.last_health = pg_last_health,
	.last_fired = pg_last_fired,
	.event = pg_event,
	.alert_add = pg_alert_add,
	.alert_due = pg_alert_due,
	.alert_next = pg_alert_next,
	.alert_delivered = pg_alert_delivered,
	.alert_retry = pg_alert_retry,
	.retain = pg_retain,
	.set_log = pg_set_log,
};
