/*
 * azure: loading exported Azure state.  Users save what `az ... -o json`,
 * PowerShell `ConvertTo-Json` (7 or Windows PowerShell 5.1) and Network
 * Watcher print; this module turns such a file into a parsed document
 * (jansson), tells which export it is from its shape alone (never from the
 * file name), and gives typed, case-insensitive field access whose errors
 * name the file, the JSON pointer and the line:column of the offending
 * value.  Shapes and casing: shared/docs/azure-formats.md, sections 1-5;
 * the ARM resource shape (fields under "properties"), Resource Graph and
 * template envelopes and paged lists are understood in one place,
 * az_shape.c, for every loader.
 *
 * Data flow: file -> az_load_file() (encoding, limits, jansson) ->
 * struct az_doc (kind detected) -> az_rows()/az_get_*() -> the typed
 * models of az_nsg.h, az_routes.h, ... -> diag analyzers.
 *
 * Nothing here prints; every failure is a struct err (util.h).
 */
#ifndef ERW_AZURE_H
#define ERW_AZURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util/util.h"

/* ------------------------------------------------------------------ */
/* Documents                                                           */
/* ------------------------------------------------------------------ */

/*
 * What an export is, decided by shape (az_detect()).  Row-shaped kinds
 * (ARP, ER route table, summary, effective NSG/routes) are recognized in
 * every wrapping: az `{"value":[...]}`, a PowerShell array, or the single
 * object PowerShell writes for one row.
 */
enum az_kind {
	AZ_UNKNOWN = 0,		/* valid JSON, no known shape */
	AZ_EMPTY,		/* empty or whitespace-only file */
	AZ_EMPTY_LIST,		/* {"value": []} or []: role decides */
	AZ_EFFECTIVE_NSG,	/* az network nic list-effective-nsg */
	AZ_NSG,			/* az network nsg show */
	AZ_NSG_LIST,		/* az network nsg list */
	AZ_EFFECTIVE_ROUTES,	/* az network nic show-effective-route-table */
	AZ_ROUTE_TABLE,		/* az network route-table show */
	AZ_CIRCUIT,		/* az network express-route show */
	AZ_ARP_TABLE,		/* list-arp-tables / Get-...ARPTable */
	AZ_ER_ROUTE_TABLE,	/* list-route-tables / Get-...RouteTable */
	AZ_ER_ROUTE_SUMMARY,	/* list-route-tables-summary / ...Summary */
	AZ_ER_STATS,		/* az network express-route get-stats */
	AZ_NIC,			/* az network nic show */
	AZ_NW_IP_FLOW,		/* az network watcher test-ip-flow */
	AZ_NW_NEXT_HOP,		/* az network watcher show-next-hop */
	AZ_NW_CONNECTIVITY,	/* az network watcher test-connectivity */
	AZ_NETWORK_WATCHER,	/* az network watcher list / show */
	AZ_VM,			/* az vm show / list / get-instance-view */
	AZ_VM_EXTENSION,	/* az vm extension list / show */
	AZ_STORAGE_ACCOUNT,	/* az storage account show / list */
	AZ__KIND_COUNT
};

/* How the bytes on disk were encoded (before conversion to UTF-8). */
enum az_encoding {
	AZ_ENC_UTF8 = 0,
	AZ_ENC_UTF8_BOM,
	AZ_ENC_UTF16LE,		/* Windows PowerShell 5.1 `>` / Out-File */
	AZ_ENC_UTF16BE
};

#define AZ_PTR_MAX	256	/* longest JSON pointer kept (truncated) */

/* ------------------------------------------------------------------ */
/* Notes: what a loader left out, or what an export says it lacks      */
/* ------------------------------------------------------------------ */

/*
 * Loaders never drop anything silently: an export that says it holds only
 * part of the data (a nextLink, a truncated Resource Graph result) and an
 * entry a loader did not read (a duplicate, an unparseable value, a
 * template resource of another kind) becomes a note, which the commands
 * turn into AZ_EXPORT_INCOMPLETE / AZ_ENTRY_SKIPPED findings.
 */
enum az_note_kind {
	AZ_NOTE_INCOMPLETE,	/* the export holds part of what was asked */
	AZ_NOTE_SKIPPED		/* an entry of the export was not read */
};

struct az_note {
	enum az_note_kind kind;
	char		 file[128];
	char		 ptr[AZ_PTR_MAX];	/* "" when about the file */
	char		 msg[256];	/* one line, escaped quotes of input */
};

#define AZ_NOTES_MAX	8	/* kept per model; more are only counted */

struct az_notes {
	size_t		 n;		/* in v[] */
	size_t		 more;		/* beyond AZ_NOTES_MAX */
	struct az_note	 v[AZ_NOTES_MAX];
};

struct az_doc;

/* Record a note about file doc (ptr may be "" or NULL).  Never fails:
 * past AZ_NOTES_MAX a note is counted in ->more. */
void	 az_note_add(struct az_notes *, enum az_note_kind,
	    const struct az_doc *doc, const char *ptr, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/* Append every note of src to dst (a document's envelope notes to the
 * model loaded from it). */
void	 az_notes_merge(struct az_notes *dst, const struct az_notes *src);

/* How a document wraps its rows or resources (az_envelope()). */
enum az_wrap {
	AZ_WRAP_NONE = 0,	/* one object: a resource or one PS row */
	AZ_WRAP_ARRAY,		/* [...]: PowerShell rows, az ... list */
	AZ_WRAP_VALUE,		/* {"value":[...]}: az POST results, REST
				   and `az rest` lists */
	AZ_WRAP_DATA,		/* {"data":[...]}: Azure Resource Graph */
	AZ_WRAP_TEMPLATE	/* {"resources":[...]}: ARM template export */
};

/*
 * How the text of a document is written.  JSON is parsed by jansson; the
 * others are the text forms users save for a ticket (az_text.h), turned
 * into the tree az CLI's or PowerShell's JSON would have given, so that
 * every loader reads them unchanged.
 */
enum az_format {
	AZ_FMT_JSON = 0,
	AZ_FMT_YAML,		/* az -o yaml */
	AZ_FMT_TSV,		/* az -o tsv */
	AZ_FMT_AZ_TABLE,	/* az -o table */
	AZ_FMT_PS_TABLE,	/* PowerShell Format-Table (default view) */
	AZ_FMT_PS_LIST		/* PowerShell Format-List */
};

struct az_textmap;

struct az_doc {
	char		 name[128];	/* file name as given, for messages */
	char		*text;		/* UTF-8, BOM removed, NUL-terminated;
					   owned, kept to locate errors */
	size_t		 len;		/* bytes in text, without the NUL */
	json_t		*root;		/* owned; NULL when kind == AZ_EMPTY */
	enum az_kind	 kind;		/* az_detect(root) */
	enum az_encoding enc;
	enum az_wrap	 wrap;		/* az_envelope(root) */
	struct az_notes	 notes;		/* what the envelope says is
					   missing or was not read */
	enum az_format	 fmt;
	char		 command[256];	/* command line pasted above the
					   output, escaped; "" if none */
	char		 cmd_path[16];	/* "primary"/"secondary" from that
					   command line, "" if it names none */
	enum az_kind	 cmd_kind;	/* what the command exports,
					   AZ_UNKNOWN if not told */
	struct az_textmap *tmap;	/* text forms: pointer -> line */
	bool		 lazy;		/* rows not parsed yet: root holds the
					   first row only; read them with
					   az_rowcur_*() (az_load_file_rows) */
};

/*
 * Read and parse a whole file.  path "-" reads stdin.  The file may be
 * UTF-8 (with or without BOM) or UTF-16LE/BE (with BOM, or recognized by
 * its NUL pattern), with LF or CRLF line ends.  An empty or
 * whitespace-only file is a valid document of kind AZ_EMPTY (PowerShell
 * writes nothing when nothing was piped).
 *
 * Besides JSON, the text forms of enum az_format are read (az_text.h):
 * recognized by content, with a prompt and command line pasted above the
 * output taken off and remembered (command, cmd_path, cmd_kind).
 *
 * Returns 0 and sets *out (free with az_doc_free()), or -1 with e set:
 * ERR_IO (cannot open/read), ERR_LIMIT (over LIMIT_JSON_FILE_BYTES),
 * ERR_INPUT (bad encoding, JSON syntax error or nesting deeper than
 * LIMIT_JSON_DEPTH: e carries the file name, line and column).
 */
int	 az_load_file(const char *path, struct az_doc **out, struct err *e);

/*
 * The same from memory (tests, fuzzing, stdin).  name is used in messages
 * only.  buf is copied; the caller keeps it.
 */
int	 az_load_buf(const char *name, const void *buf, size_t len,
	    struct az_doc **out, struct err *e);

/* Free a document and everything borrowed from it.  NULL is a no-op. */
void	 az_doc_free(struct az_doc *);

/* Kind of a parsed value by shape (NULL -> AZ_EMPTY).  See enum az_kind. */
enum az_kind az_detect(const json_t *root);

/* Stable lower-case name: "effective-nsg", "arp-table", "empty-list"... */
const char *az_kind_name(enum az_kind);

/* ------------------------------------------------------------------ */
/* Nodes: a value with its JSON pointer                                */
/* ------------------------------------------------------------------ */

/*
 * A borrowed jansson value and where it is in its document.  Nodes are
 * plain values: copy them freely; they stay valid while the document
 * lives.  v is NULL only for the root of an empty document.
 */
struct az_node {
	const struct az_doc	*doc;
	json_t			*v;		/* borrowed */
	char			 ptr[AZ_PTR_MAX];	/* RFC 6901 */
};

/* Returned by the az_get_*() functions when the key is absent or null. */
#define AZ_ABSENT	1

/* The document's root node. */
void	 az_root(const struct az_doc *, struct az_node *out);

/*
 * Member key of object node obj, wherever the export's shape keeps it
 * (az_member(): exactly, then ignoring ASCII case, as PowerShell writes
 * IpAddress where az writes ipAddress; then the same under obj's
 * "properties", the ARM resource shape).  A JSON null counts as absent.
 * Returns 0 and fills *out, or AZ_ABSENT.  The pointer in *out is the
 * member's real place, with the key as spelled in the file
 * ("/properties/securityRules/0/properties/priority").
 */
int	 az_child(const struct az_node *obj, const char *key,
	    struct az_node *out);
/* Element i of array node arr: 0, or AZ_ABSENT when out of range. */
int	 az_index(const struct az_node *arr, size_t i, struct az_node *out);
/* Number of elements of an array node (0 for anything else). */
size_t	 az_len(const struct az_node *arr);

/*
 * Typed getters on member key of object node obj.
 * Return 0 and set *out, AZ_ABSENT (key absent or null; *out untouched),
 * or -1 with e set to ERR_INPUT naming file, pointer and line:column when
 * the value has the wrong type.
 *  - az_get_str: a JSON string; *out is borrowed from the document.
 *  - az_get_int: a JSON integer, or a string of decimal digits with an
 *    optional sign (Azure writes locPrf, statePfxRcd as strings); an empty
 *    string counts as absent.  A non-numeric string is a type error.
 *  - az_get_bool: true/false, or the strings "true"/"false" (any case).
 *  - az_get_array / az_get_object: the node itself.
 */
int	 az_get_str(const struct az_node *obj, const char *key,
	    const char **out, struct err *e);
int	 az_get_int(const struct az_node *obj, const char *key,
	    int64_t *out, struct err *e);
int	 az_get_bool(const struct az_node *obj, const char *key, bool *out,
	    struct err *e);
int	 az_get_array(const struct az_node *obj, const char *key,
	    struct az_node *out, struct err *e);
int	 az_get_object(const struct az_node *obj, const char *key,
	    struct az_node *out, struct err *e);

/*
 * "Required" variants: as above, but an absent key is an error too
 * ("missing field" at /pointer/key, located at the enclosing object).
 * Return 0 or -1 (e set, ERR_INPUT).
 */
int	 az_req_str(const struct az_node *obj, const char *key,
	    const char **out, struct err *e);
int	 az_req_int(const struct az_node *obj, const char *key,
	    int64_t *out, struct err *e);
int	 az_req_bool(const struct az_node *obj, const char *key, bool *out,
	    struct err *e);
int	 az_req_array(const struct az_node *obj, const char *key,
	    struct az_node *out, struct err *e);
int	 az_req_object(const struct az_node *obj, const char *key,
	    struct az_node *out, struct err *e);

/*
 * Record an ERR_INPUT about node n (member key of it when key is not NULL,
 * located at n if that member is absent): the message gets " at POINTER"
 * appended and e the file, line and column.  For loaders reporting
 * semantic problems ("bad prefix 'x'").  Always returns -1.
 */
int	 az_fail(const struct az_node *n, const char *key, struct err *e,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Locate the value that JSON pointer ptr names in doc->text.  Returns 0
 * with *line and *col (1-based; col counts characters, as jansson does)
 * and *offset (bytes) of the value's first character; when the pointer
 * names a missing member or element, the deepest existing value on its
 * path is located instead and 1 is returned.  -1 if the text cannot be
 * scanned (empty document).
 */
int	 az_locate(const struct az_doc *doc, const char *ptr, uint64_t *line,
	    uint64_t *col, uint64_t *offset);

/* ------------------------------------------------------------------ */
/* Rows of table-shaped exports                                        */
/* ------------------------------------------------------------------ */

/*
 * The rows of a table document, or the resources of a list, however it
 * is wrapped (az_envelope()): {"value":[...]} (az, REST, az rest),
 * {"data":[...]} (Resource Graph), [...] (PowerShell, several rows; az
 * ... list), an ARM template's resources[] (only its top-level resources
 * of the document's kind), {...} (PowerShell one row, or one resource) or
 * nothing at all (empty file: zero rows).
 */
struct az_rows {
	struct az_node	 base;	/* the array, or the single row object */
	size_t		 n;
	bool		 single;
	bool		 filtered;	/* template: row i is the i-th element
					   that az_template_row() keeps */
	enum az_kind	 kind;		/* of the document, for the filter */
};

/* Fill rows for doc; never fails (unknown shapes give the root as one
 * row if it is an object, else zero rows). */
void	 az_rows(const struct az_doc *doc, struct az_rows *rows);
/* Row i (i < rows->n) into *out; 0, or AZ_ABSENT when out of range. */
int	 az_row(const struct az_rows *rows, size_t i, struct az_node *out);

/*
 * The one resource a single-resource export holds (circuit, route table,
 * NSG, NIC, stats): the root object, or the only row of its envelope
 * (a Resource Graph result, an `az rest` list or a template holding one).
 * Returns 0 and fills *out, or -1 with e set (ERR_INPUT naming the file):
 * no resource at all, or several of them (which one is meant cannot be
 * guessed).
 */
int	 az_resource(const struct az_doc *doc, struct az_node *out,
	    struct err *e);

/* ------------------------------------------------------------------ */
/* Shapes (az_shape.c)                                                 */
/* ------------------------------------------------------------------ */

/*
 * The one place that knows where a resource keeps its fields.  az CLI
 * flattens a resource ({"name", "id", "securityRules", ...}); the ARM
 * shape (REST API, az rest, Resource Graph, the portal's JSON view,
 * templates) keeps name, id, type, etag, location, tags and sku at the
 * top and the rest under "properties", in nested resources too (a rule of
 * securityRules[], a peering, a route, an IP configuration); PowerShell
 * flattens like az but in PascalCase.  az_member() finds key in o in all
 * of them: exactly, then ignoring ASCII case, then the same under o's
 * "properties" object (ARM writes that key in lower case, always).  A
 * JSON null is absent.  Returns the borrowed value or NULL; *spelled (if
 * not NULL) gets the key as written, *nested (if not NULL) whether it was
 * found under "properties".
 */
json_t	*az_member(const json_t *o, const char *key, const char **spelled,
	    bool *nested);

/*
 * The pointer of the object that holds res's fields, for evidence built
 * as BODY "/" FIELD: res->ptr + "/properties" when res has a "properties"
 * object (ARM shape), else res->ptr.  out has room for AZ_PTR_MAX.
 */
void	 az_body_ptr(const struct az_node *res, char *out, size_t len);

/*
 * The list root wraps its rows or resources in, and how (enum az_wrap);
 * NULL with AZ_WRAP_NONE for a single object or a scalar.  *key gets the
 * envelope's member name ("value", "data", "resources"; "" for a bare
 * array).  Either out pointer may be NULL.
 */
json_t	*az_envelope(const json_t *root, enum az_wrap *wrap,
	    const char **key);

/*
 * Is element el of a template's resources[] a resource of its own, not a
 * child resource ("Microsoft.Network/networkSecurityGroups/securityRules",
 * which templates repeat beside the inline copy in the parent)?
 */
bool	 az_template_toplevel(const json_t *el);

/*
 * Notes about doc's envelope (called by az_load_buf() once the kind is
 * known): a nextLink or a Resource Graph skip token or truncation means
 * the file holds one page of a longer answer (AZ_NOTE_INCOMPLETE); the
 * template resources the document's kind leaves unread, and child
 * resources not repeated inline in their parent (AZ_NOTE_SKIPPED).
 */
void	 az_shape_notes(struct az_doc *doc);

/* ------------------------------------------------------------------ */
/* Row lists read one row at a time (az_stream.c)                      */
/* ------------------------------------------------------------------ */

/*
 * As az_load_file(), for exports that may be long lists of rows
 * (effective routes: hundreds of thousands).  A document that is exactly
 * {"value":[...]} or [...] is not parsed into one tree: the kind is told
 * from its first row, doc->lazy is set, and az_rowcur_next() parses the
 * rows one by one (with yajl, which reads JSON several times faster than
 * jansson; each row becomes a jansson value as the getters expect), so
 * memory holds one chunk of rows, never the whole tree.  Any other
 * document is loaded whole.  Errors are exactly az_load_file()'s: jansson
 * stays the judge of bad JSON (on a syntax error the whole text is parsed
 * again by jansson for its message and position), so a syntax error found
 * late still comes first (see az_rowcur_close()).
 */
int	 az_load_file_rows(const char *path, struct az_doc **out,
	    struct err *e);

/* The same from memory (tests, fuzzing); buf is copied. */
int	 az_load_buf_rows(const char *name, const void *buf, size_t len,
	    struct az_doc **out, struct err *e);

struct az_rowcur_state;

/* Walks the rows of any document, lazy or not, in order. */
struct az_rowcur {
	struct az_doc		*doc;
	size_t			 i;		/* rows handed out */
	struct az_rows		 rows;		/* whole-tree documents */
	struct az_rowcur_state	*st;		/* lazy documents */
};

/* Start at the first row of doc (which must outlive the cursor).  0, or
 * -1 with e set (ERR_NOMEM). */
int	 az_rowcur_open(struct az_rowcur *, struct az_doc *doc, struct err *e);

/*
 * The next row into *out (its pointer "/value/N" as az_row() gives it),
 * valid until the next call or az_rowcur_close().  0, AZ_ABSENT after
 * the last row, or -1 with e set (the document's first JSON error, as
 * az_load_file() would report it; ERR_NOMEM).
 */
int	 az_rowcur_next(struct az_rowcur *, struct az_node *out,
	    struct err *e);

/*
 * Release the cursor.  When e holds an error (the loader stopped on a bad
 * row) and the rest of a lazy document is not valid JSON, e is replaced by
 * that syntax error, as a whole-document load would have reported it
 * first; -1 then, and -1 if e held an error already, else 0.
 */
int	 az_rowcur_close(struct az_rowcur *, struct err *e);

/*
 * For a loader that rejects a lazy document without reading its rows (a
 * wrong kind): -1 with e set to the document's JSON error if it has one,
 * else 0.  Always 0 for documents loaded whole.
 */
int	 az_doc_check(struct az_doc *doc, struct err *e);

/* ------------------------------------------------------------------ */
/* ARM resource ids                                                    */
/* ------------------------------------------------------------------ */

/* Ids compare ignoring ASCII case (exports differ in RG casing). */
bool	 az_id_eq(const char *a, const char *b);
/* The last path segment of an id ("nsg-nic-bgptest-01"); the id itself
 * when it has no '/'. Borrowed from id. */
const char *az_id_name(const char *id);

#endif /* ERW_AZURE_H */
