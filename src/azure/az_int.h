/*
 * Private to the azure module: the two halves of az_load_buf(), shared by
 * az_json.c (whole documents) and az_stream.c (row lists read one row at
 * a time).
 */
#ifndef ERW_AZ_INT_H
#define ERW_AZ_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "azure.h"

/*
 * Read path ("-" for stdin) into *buf (malloc'ed, at least *len + 1
 * bytes, so az_doc_prepare() can adopt it).  0, or -1 with e set as
 * az_load_file() documents.
 */
int	 az_read_file(const char *path, uint8_t **buf, size_t *len,
	    struct err *e);

/*
 * A document with its text but no tree yet: name, encoding converted,
 * BOM removed, nesting checked against LIMIT_JSON_DEPTH.  With adopt, buf
 * comes from az_read_file() and is taken over (kept as the text or freed,
 * on failure too); without, it is copied.  A whitespace-only text gives
 * kind AZ_EMPTY; anything else kind AZ_UNKNOWN and no root until
 * az_doc_parse().  *top_commas (may be NULL) gets the number of commas
 * between the members or elements of the outermost value, which tells a
 * one-member object.  0, or -1 with e set (nothing to free).
 */
int	 az_doc_prepare(const char *name, const void *buf, size_t len,
	    bool adopt, struct az_doc **out, size_t *top_commas,
	    struct err *e);

/*
 * Parse the whole text with jansson into doc->root (replacing any), detect
 * the kind, clear doc->lazy.  0, or -1 with e set to jansson's error with
 * line, column and position.
 */
int	 az_doc_parse(struct az_doc *doc, struct err *e);

/* i in decimal at buf (room for 21 bytes), NUL-terminated; returns the
 * digits written.  JSON pointers of rows get one per row: snprintf()
 * was a tenth of a long table's load. */
size_t	 az_fmt_index(char *buf, size_t i);

/*
 * Effective-route rows read straight from yajl's events (az_stream.c),
 * for az_routes.c: no jansson value is built for a row whose members are
 * the route fields in their ordinary form.  The strings are yajl's
 * decoded text, NUL-terminated, valid until the next call on the cursor.
 * declined: the row has something the getters would read otherwise than
 * a plain walk of its members (a member null, of another type, repeated,
 * spelled in another case, a "properties" body, a nested list); the
 * loader then asks for the row as a value (az_rowcur_row_value()).
 */
struct az_route_row {
	bool		 declined;
	const char	*next_hop_type;	/* NULL: absent (each of these) */
	const char	*source;
	const char	*state;
	const char	*name;
	int		 disable_bgp;	/* -1 absent, 0, 1 */
	bool		 have_ip;	/* nextHopIpAddress present */
	const char	*first_ip;	/* its first string, NULL if none */
	bool		 have_prefix;	/* addressPrefix present */
	size_t		 nprefix;
	const char	*prefix[8];	/* the first ones; the rest by
					   az_route_row_prefix() */
	const void	*priv;
};

/* Open c over doc as az_rowcur_open() does, asking for route rows. */
int	 az_rowcur_open_routes(struct az_rowcur *c, struct az_doc *doc,
	    struct err *e);

/*
 * The next row: 0 with *out filled and node->ptr set (node->v NULL),
 * AZ_ROW_VALUE with node a value as az_rowcur_next() gives it (a row that
 * is not an object, or a document read whole), AZ_ABSENT after the last
 * row, -1 with e set.
 */
#define AZ_ROW_VALUE	2
int	 az_rowcur_next_route(struct az_rowcur *c, struct az_route_row *out,
	    struct az_node *node, struct err *e);

/* Prefix i of the row last handed out. */
const char *az_route_row_prefix(const struct az_rowcur *c,
	    const struct az_route_row *r, size_t i);

/*
 * The row last handed out by az_rowcur_next_route() as a value in
 * node->v (its text parsed by jansson; valid as the row is).  0, or -1
 * with e set (ERR_NOMEM; a text jansson refuses goes to the whole-text
 * parse for its message).
 */
int	 az_rowcur_row_value(struct az_rowcur *c, struct az_node *node,
	    struct err *e);

#endif /* ERW_AZ_INT_H */
