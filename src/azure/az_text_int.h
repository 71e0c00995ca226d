/*
 * Private to the text-form readers (az_text*.c): the lines of a document,
 * the pointer map, and the helpers that turn cells into JSON values.
 */
#ifndef ERW_AZ_TEXT_INT_H
#define ERW_AZ_TEXT_INT_H

#include "az_text.h"

#define AZ_TEXT_MAX_COLS	32	/* columns of one table */
#define AZ_TEXT_PREFIX_MAX	64

/* One line of doc->text, CR/LF excluded. */
struct az_tline {
	const char	*p;
	size_t		 len;
	size_t		 off;		/* of p in doc->text */
	uint64_t	 no;		/* 1-based */
};

struct az_tm_ent {
	char		*ptr;		/* relative to the map's prefix */
	uint64_t	 line, col, off;
};

struct az_textmap {
	char		 prefix[AZ_TEXT_PREFIX_MAX];	/* "" or where rows
							   were wrapped */
	size_t		 n, cap;
	struct az_tm_ent *v;
};

/* What the readers work on. */
struct az_tctx {
	struct az_doc	*doc;
	struct az_tline	*line;
	size_t		 nline;
	size_t		 first;		/* first line of the output */
	json_t		*rows;		/* array being built (owned) */
	struct err	*e;
};

/* Record that ptr (relative) sits at line:col (byte offset off). */
int	 az_tm_add(struct az_tctx *, const char *ptr, uint64_t line,
	    uint64_t col, size_t off);
/* The same with ptr "/ROW" or "/ROW/KEY" built here. */
int	 az_tm_cell(struct az_tctx *, size_t row, const char *key,
	    const struct az_tline *l, size_t at);

/*
 * The JSON value of one cell as PowerShell or az printed it: "" -> NULL
 * (absent); "{a, b}" (a PowerShell collection) -> array of strings;
 * anything else -> string.  *cut is set when PowerShell shortened it
 * ("..." / "…" at the end, or a collection cut at
 * $FormatEnumerationLimit), which the caller must not store as a value.
 * ps: the text came from PowerShell (only then does "..." mean a cut).
 * Returns a new reference, NULL for absent; *nomem on failure.
 */
json_t	*az_cell_value(const char *s, size_t n, bool ps, bool *cut,
	    bool *nomem);

/* Key for a column header: spaces taken out ("Address Prefix" ->
 * "AddressPrefix"), az table names of az's transformers mapped to the
 * JSON keys ("Next Hop IP" -> "nextHopIpAddress", "Rule Name" -> "name").
 * out has room for len. */
void	 az_header_key(const char *s, size_t n, char *out, size_t len);

/* Add row (stolen) to ctx->rows; -1 with ERR_NOMEM. */
int	 az_row_add(struct az_tctx *, json_t *row);

/* Note that the cell at l/at of column col was cut; the row is left out. */
void	 az_note_cut(struct az_tctx *, const struct az_tline *l, size_t at,
	    const char *col, const char *s, size_t n);

/* Readers: fill ctx->rows from the lines from ctx->first.  0 or -1. */
int	 az_read_table(struct az_tctx *, bool ps);
int	 az_read_list(struct az_tctx *);
int	 az_read_tsv(struct az_tctx *);
/* YAML (libyaml) over the whole (prompt-blanked) text into doc->root. */
int	 az_read_yaml(struct az_tctx *);

/* Set e to ERR_INPUT located at line l (column col, 1-based). */
int	 az_text_fail(struct az_tctx *, const struct az_tline *l, size_t col,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif /* ERW_AZ_TEXT_INT_H */
