/*
 * mon_history_int.h: what the history reader and the metrics importer
 * share: opening a monitor database and checking its schema, and the
 * PostgreSQL row source.
 */
#ifndef ERW_MON_HISTORY_INT_H
#define ERW_MON_HISTORY_INT_H

#include <sqlite3.h>

#include "util/util.h"

/* e = ERR_INPUT "WHAT: sqlite3_errmsg(db)" naming name; returns -1. */
int	 mon_db_error(struct err *e, sqlite3 *db, const char *name,
	    const char *what);
/* The schema version and the documented tables and columns (see
 * mon_history_probe()); 0 or -1 with e naming name. */
int	 mon_db_schema_check(sqlite3 *db, const char *name, struct err *e);
/* Open path read-only after checking its header and schema; *out is the
 * handle to sqlite3_close(). */
int	 mon_db_open_ro(const char *path, const char *name, sqlite3 **out,
	    struct err *e);

/*
 * The rows of a PostgreSQL store (uri) that the window since..until needs,
 * copied into a new in-memory SQLite database of the same schema for the
 * reader (mon_history_pg.c).  name is the redacted URI for messages.
 * *out is the handle to sqlite3_close().  0, or -1 with e: ERR_INPUT
 * (cannot connect, not a monitor database, a newer schema), ERR_IO.
 */
int	 mon_history_pg_open(const char *uri, usec_t since, usec_t until,
	    const char *name, sqlite3 **out, struct err *e);

#endif /* ERW_MON_HISTORY_INT_H */
