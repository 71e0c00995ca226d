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

#endif /* ERW_AZ_INT_H */
