/*
 * mon_history_int.h: what the history reader and the metrics importer
 * share: opening a monitor database and checking its schema.
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

#endif /* ERW_MON_HISTORY_INT_H */
