/*
 * mon_store: the store API of monitor.h over its backends.  The URI's
 * scheme picks one (mon_store_int.h): "postgresql://" and "postgres://"
 * go to mon_store_pg.c, anything else is a SQLite file
 * (mon_store_sqlite.c).  Every call is forwarded unchanged, so the
 * scheduler, the alerter and the commands never know which one they
 * write to.  Also the URI redaction every message naming a store uses.
 */
#include <string.h>

#include "mon_store_int.h"

struct mon_store {
	const struct mon_store_ops	*ops;
	void				*b;	/* the backend's state */
};

bool
mon_store_uri_is_pg(const char *uri)
{
	return strncmp(uri, "postgresql://", 13) == 0 ||
	    strncmp(uri, "postgres://", 11) == 0;
}

char *
mon_store_uri_redact(const char *uri, char *buf, size_t len)
{
	const char *auth, *at, *colon, *slash, *q, *p;
	size_t o = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (!mon_store_uri_is_pg(uri)) {
		str_copy(buf, uri, len);
		return buf;
	}
	auth = strstr(uri, "://") + 3;
	slash = auth + strcspn(auth, "/?");
	/* the last '@' before the path: a password may hold '@' unescaped */
	at = NULL;
	for (p = auth; p < slash; p++)
		if (*p == '@')
			at = p;
	colon = NULL;
	if (at != NULL)
		colon = memchr(auth, ':', (size_t)(at - auth));
#define PUT(s, n) do {							\
	size_t n_ = (n);						\
	if (o + n_ >= len)						\
		n_ = len - 1 - o;					\
	memcpy(buf + o, (s), n_);					\
	o += n_;							\
	buf[o] = '\0';							\
} while (0)
	if (colon != NULL) {
		PUT(uri, (size_t)(colon + 1 - uri));
		PUT("***", 3);
		p = at;
	} else
		p = uri;
	/* parameters: a password=VALUE among them is cut the same way */
	while ((q = strstr(p, "password=")) != NULL &&
	    (q == uri || q[-1] == '?' || q[-1] == '&')) {
		PUT(p, (size_t)(q + 9 - p));
		PUT("***", 3);
		p = q + 9 + strcspn(q + 9, "&");
	}
	if (q != NULL) {
		/* "password=" inside another value: not a parameter, but
		 * keep nothing after it either rather than guess */
		PUT(p, (size_t)(q - p));
		PUT("...", 3);
		return buf;
	}
	PUT(p, strlen(p));
#undef PUT
	return buf;
}

int
mon_store_open(const char *uri, struct mon_store **out, struct err *e)
{
	struct mon_store *s;

	*out = NULL;
	if ((s = erw_calloc(1, sizeof(*s))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	s->ops = mon_store_uri_is_pg(uri) ? &mon_store_pg_ops :
	    &mon_store_sqlite_ops;
	if (s->ops->open(uri, &s->b, e) == -1) {
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void
mon_store_close(struct mon_store *s)
{
	if (s == NULL)
		return;
	s->ops->close(s->b);
	free(s);
}

const char *
mon_store_backend(const struct mon_store *s)
{
	return s->ops->name;
}

void
mon_store_set_log(struct mon_store *s, mon_store_log_fn fn, void *arg)
{
	if (s->ops->set_log != NULL)
		s->ops->set_log(s->b, fn, arg);
}

int
mon_store_begin(struct mon_store *s, struct err *e)
{
	return s->ops->begin(s->b, e);
}

int
mon_store_commit(struct mon_store *s, struct err *e)
{
	return s->ops->commit(s->b, e);
}

void
mon_store_rollback(struct mon_store *s)
{
	s->ops->rollback(s->b);
}

int
mon_store_endpoint(struct mon_store *s, struct mon_endpoint *ep,
    struct err *e)
{
	return s->ops->endpoint(s->b, ep, e);
}

int
mon_store_result(struct mon_store *s, const struct mon_result *r,
    struct err *e)
{
	return s->ops->result(s->b, r, e);
}

int
mon_store_state_change(struct mon_store *s, struct mon_state_change *sc,
    struct err *e)
{
	return s->ops->state_change(s->b, sc, e);
}

int
mon_store_last_health(struct mon_store *s, int64_t endpoint_id,
    enum mon_health *out, struct err *e)
{
	return s->ops->last_health(s->b, endpoint_id, out, e);
}

int
mon_store_last_fired(struct mon_store *s, int64_t endpoint_id,
    int64_t before_id, usec_t *ts, struct err *e)
{
	return s->ops->last_fired(s->b, endpoint_id, before_id, ts, e);
}

int
mon_store_event(struct mon_store *s, usec_t ts, const char *kind,
    const char *detail, struct err *e)
{
	return s->ops->event(s->b, ts, kind, detail, e);
}

void
mon_alert_row_release(struct mon_alert_row *r)
{
	if (r == NULL)
		return;
	free(r->payload);
	r->payload = NULL;
}

int
mon_store_alert_add(struct mon_store *s, int64_t state_change_id,
    const char *channel, const char *payload, usec_t now, int64_t *id,
    struct err *e)
{
	return s->ops->alert_add(s->b, state_change_id, channel, payload, now,
	    id, e);
}

int
mon_store_alert_due(struct mon_store *s, usec_t now,
    struct mon_alert_row *rows, size_t max, size_t *n, struct err *e)
{
	return s->ops->alert_due(s->b, now, rows, max, n, e);
}

int
mon_store_alert_next(struct mon_store *s, usec_t *next, struct err *e)
{
	return s->ops->alert_next(s->b, next, e);
}

int
mon_store_alert_delivered(struct mon_store *s, int64_t id, usec_t now,
    struct err *e)
{
	return s->ops->alert_delivered(s->b, id, now, e);
}

int
mon_store_alert_retry(struct mon_store *s, int64_t id, int attempts,
    usec_t next_attempt, const char *error, struct err *e)
{
	return s->ops->alert_retry(s->b, id, attempts, next_attempt, error, e);
}

int
mon_store_retain(struct mon_store *s, usec_t cutoff, struct err *e)
{
	return s->ops->retain(s->b, cutoff, e);
}
