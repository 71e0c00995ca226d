/*
 * mon_store_int.h: the store's backends behind one vtable.  mon_store.c
 * picks a backend by the URI's scheme and forwards each mon_store_*
 * call of monitor.h; mon_store_sqlite.c (a file path or "sqlite:PATH")
 * and mon_store_pg.c ("postgresql://...", libpq) implement them against
 * the same schema (docs/monitor.md).  Callers see only monitor.h.
 */
#ifndef ERW_MON_STORE_INT_H
#define ERW_MON_STORE_INT_H

#include "monitor.h"

/*
 * One backend.  b is the backend's own state, as open() returned it;
 * each entry has the contract of the mon_store_* function of the same
 * name in monitor.h.
 */
struct mon_store_ops {
	const char	*name;		/* "sqlite", "postgresql" */
	int	(*open)(const char *uri, void **b, struct err *e);
	void	(*close)(void *b);
	int	(*begin)(void *b, struct err *e);
	int	(*commit)(void *b, struct err *e);
	void	(*rollback)(void *b);
	int	(*endpoint)(void *b, struct mon_endpoint *ep, struct err *e);
	int	(*result)(void *b, const struct mon_result *r, struct err *e);
	int	(*state_change)(void *b, struct mon_state_change *sc,
		    struct err *e);
	int	(*last_health)(void *b, int64_t endpoint_id,
		    enum mon_health *out, struct err *e);
	int	(*last_fired)(void *b, int64_t endpoint_id,
		    int64_t before_id, usec_t *ts, struct err *e);
	int	(*event)(void *b, usec_t ts, const char *kind,
		    const char *detail, struct err *e);
	int	(*alert_add)(void *b, int64_t state_change_id,
		    const char *channel, const char *payload, usec_t now,
		    int64_t *id, struct err *e);
	int	(*alert_due)(void *b, usec_t now, struct mon_alert_row *rows,
		    size_t max, size_t *n, struct err *e);
	int	(*alert_next)(void *b, usec_t *next, struct err *e);
	int	(*alert_delivered)(void *b, int64_t id, usec_t now,
		    struct err *e);
	int	(*alert_retry)(void *b, int64_t id, int attempts,
		    usec_t next_attempt, const char *error, struct err *e);
	int	(*retain)(void *b, usec_t cutoff, struct err *e);
	/* optional (NULL: the backend has nothing to say) */
	void	(*set_log)(void *b, mon_store_log_fn fn, void *arg);
};

extern const struct mon_store_ops mon_store_sqlite_ops;
extern const struct mon_store_ops mon_store_pg_ops;

/* Is uri one of PostgreSQL's ("postgresql://", "postgres://")? */
bool	mon_store_uri_is_pg(const char *uri);

/*
 * uri with its password replaced by "***" (the user:PASSWORD@ part and
 * a password= parameter), into buf of len bytes; for every message that
 * names the store.  Returns buf.
 */
char	*mon_store_uri_redact(const char *uri, char *buf, size_t len);

#endif /* ERW_MON_STORE_INT_H */
