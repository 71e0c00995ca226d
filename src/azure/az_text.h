/*
 * az_text: the text forms of Azure exports, read into the tree the JSON
 * loaders already understand.  Users save for a ticket what their shell
 * printed: PowerShell's default views (Format-Table, Format-List, as `>`
 * writes them: UTF-16LE with CRLF from Windows PowerShell 5.1, UTF-8 from
 * PowerShell 7) and az CLI's `-o table`, `-o tsv` and `-o yaml`, often with
 * the prompt and the command line pasted above.  The format is recognized
 * by content; each row becomes the object PowerShell's ConvertTo-Json (or
 * az's JSON) would have written, keyed by the column names, so that
 * az_detect() and every loader (ARP, route tables, summaries, effective
 * routes and NSGs, circuit, stats) read it unchanged.  Formats and column
 * names: shared/docs/azure-formats.md, docs/azure-text.md.
 *
 * Data flow: az_load_buf() decodes the bytes to UTF-8, then
 * az_text_prepare() takes the command line off (doc->command, cmd_path,
 * cmd_kind), picks the format and, for the text forms, builds doc->root
 * and a map from JSON pointers back to lines, used by az_locate() so that
 * errors name the line and column of the text.
 */
#ifndef ERW_AZ_TEXT_H
#define ERW_AZ_TEXT_H

#include "azure.h"

/*
 * For a decoded, non-empty doc: blank a pasted prompt and command line
 * (and a final prompt) in doc->text, remembering the command, then
 * recognize the format (doc->fmt).  For AZ_FMT_JSON nothing else is done
 * (the caller parses).  For the text forms doc->root, doc->kind,
 * doc->tmap and doc->notes are filled: a value PowerShell cut ("...",
 * "…") leaves its row out with an AZ_NOTE_INCOMPLETE note naming line and
 * column.  A file holding only the command (nothing was printed) becomes
 * AZ_EMPTY with cmd_kind set.  Returns 0, or -1 with e set: ERR_INPUT
 * naming file and line (unrecognized text, a table without a column its
 * kind needs, values that fit no known column order, YAML errors),
 * ERR_NOMEM.
 */
int	 az_text_prepare(struct az_doc *doc, struct err *e);

/*
 * Read buf (UTF-8) as text form fmt whatever it looks like, for the fuzz
 * targets of each reader and for tests.  As az_load_buf() otherwise:
 * 0 with *out (az_doc_free()), or -1 with e set; ERR_USAGE for
 * AZ_FMT_JSON.
 */
int	 az_text_load_as(const char *name, const void *buf, size_t len,
	    enum az_format fmt, struct az_doc **out, struct err *e);

/* az_locate() for a text document: the line and column of the cell, row
 * or YAML node that ptr (or its deepest mapped ancestor) names. 0, 1 (an
 * ancestor was found), -1 (nothing mapped). */
int	 az_text_locate(const struct az_doc *doc, const char *ptr,
	    uint64_t *line, uint64_t *col, uint64_t *offset);

void	 az_text_map_free(struct az_textmap *);

/* "json", "yaml", "az-tsv", "az-table", "ps-table", "ps-list". */
const char *az_format_name(enum az_format);

#endif /* ERW_AZ_TEXT_H */
