/*
 * report_doc: the report document and its three renderings.
 *
 * An analyzer or a command turns what it learned into one document, a tree
 * of nodes built through this API, and text, JSON and HTML are renderings
 * of that same tree (design.md, "Data flow").  Renderers never reach into
 * the models; the models never print.  docs/internals/report.md explains
 * the tree with examples.
 *
 * Nodes, each with the JSON key it appears under (NULL: it has no place in
 * the JSON document and is shown only as text and HTML):
 *   section    a heading and children; JSON: an object, or with a NULL key
 *              its children become members of the parent object
 *   fields     key-value pairs; JSON: members of the enclosing object
 *   table      typed columns (text, integer, real, bool, address, time,
 *              duration, nested node), one JSON key per column; JSON: an
 *              array of row objects
 *   list       lines of text (notes); JSON: an array of strings
 *   findings   a struct finding_list (borrowed); JSON: the documented
 *              finding objects (docs/json-output.md)
 *   timeline   lanes of intervals and point events on one time axis (the
 *              SVG timeline of the HTML page)
 *   verdict    one line of judgment with a state; HTML puts it on top
 *   layers     the checklist of layers with a state each (diagnose)
 *   hypotheses ranked causes with confidence, supporting and contradicting
 *              codes and remedy (diagnose)
 *   commands   collection commands for missing evidence (diagnose)
 *   code       lines to type, kept verbatim (a block of commands);
 *              JSON: an array of strings (runbook)
 *
 * Text rendering prints each node in order.  Where a command's text has a
 * layout of its own, the builder gives the text line of a row, of a
 * fields block or a node's text head (report_*_textf); the values stay the
 * node's, and JSON and HTML are built from them.
 *
 * Memory: every node and string lives in the document's arena and is
 * freed by report_doc_free().  Allocation failure is sticky: the builder
 * functions then return NULL and accept NULL as their node, so a builder
 * goes on without checking each call and asks report_doc_check() once at
 * the end, before rendering.  Strings are copied; the finding list is
 * borrowed and must outlive the rendering.
 *
 * No process-wide state: the epoch of relative times and the text flags
 * are the document's and the node's.
 */
#ifndef ERW_REPORT_DOC_H
#define ERW_REPORT_DOC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "diag/diag.h"
#include "net/net.h"

struct report_doc;
struct report_node;
struct report_row;
struct report_val;
struct report_lane;
struct report_hyp;

/* Where a node shows; the default is everywhere. */
enum report_node_flags {
	REPORT_NO_TEXT	= 1 << 0,
	REPORT_NO_JSON	= 1 << 1,
	REPORT_NO_HTML	= 1 << 2,
	REPORT_TEXT_GAP	= 1 << 3,	/* a blank line before it in text,
					   when it prints anything */
	REPORT_TEXT_HEADER = 1 << 4,	/* table: a header line in text */
	REPORT_JSON_NULL = 1 << 5	/* section: JSON null, not an object */
};

/* The type of a value: its JSON form, its default text, its HTML class. */
enum report_type {
	REPORT_NULL = 0,	/* JSON null, text "-" */
	REPORT_TEXT,		/* JSON string */
	REPORT_INT,		/* JSON integer */
	REPORT_REAL,		/* JSON real */
	REPORT_BOOL,		/* JSON true/false, text yes/no */
	REPORT_ADDR,		/* IPv4/IPv6 address; JSON string */
	REPORT_TIME,		/* usec_t; JSON ISO 8601 UTC string */
	REPORT_DURATION,	/* seconds; JSON integer, text HH:MM:SS or
				   NdHHh */
	REPORT_NODE		/* a nested table or section; JSON array or
				   object */
};

/* A state, for verdicts and layers. */
enum report_state {
	REPORT_ST_OK = 0,	/* "ok" */
	REPORT_ST_WARN,		/* "warning" */
	REPORT_ST_FAULT,	/* "fault" */
	REPORT_ST_UNKNOWN,	/* "unknown": evidence read, no conclusion */
	REPORT_ST_MISSING	/* "missing": no evidence for it */
};

/* Interval kinds on a timeline lane (JSON and CSS names in brackets). */
enum report_iv_kind {
	REPORT_IV_CONNECTING = 0,	/* [connecting] TCP up, BGP not yet */
	REPORT_IV_ESTABLISHED,		/* [established] */
	REPORT_IV_DOWN,			/* [down] */
	REPORT_IV_SILENCE,		/* [silence] no message for a while */
	REPORT_IV_SILENCE_OVER_HOLD,	/* [silence_over_hold] longer than the
					   hold time */
	REPORT_IV_CARRIER_DOWN,		/* [carrier_down] provider's log */
	REPORT_IV_STATE			/* [state] any other state; label */
};

/* Point events on a lane. */
enum report_mark_kind {
	REPORT_MK_OPEN = 0,		/* [open] */
	REPORT_MK_UPDATE,		/* [update] */
	REPORT_MK_NOTIFICATION,		/* [notification] */
	REPORT_MK_KEEPALIVE,		/* [keepalive] */
	REPORT_MK_SYN,			/* [syn] a connection attempt */
	REPORT_MK_RESET,		/* [reset] RST or FIN */
	REPORT_MK_LOG,			/* [log] a router log event */
	REPORT_MK_OTHER			/* [other] */
};

const char *report_state_name(enum report_state);
/* The state findings amount to: an error is a fault, a warning a warning,
 * else ok. */
enum report_state report_state_of(const struct finding_list *);
const char *report_iv_kind_name(enum report_iv_kind);
const char *report_mark_kind_name(enum report_mark_kind);

/* ------------------------------------------------------------------ */
/* The document                                                        */
/* ------------------------------------------------------------------ */

/*
 * A new empty document; title names it in HTML ("erwatch router").  The
 * root is a section with no key: the JSON rendering is an object of its
 * children.  NULL when out of memory.  Free with report_doc_free().
 */
struct report_doc *report_doc_new(const char *title);
void	 report_doc_free(struct report_doc *);
/* The root section, to which top-level nodes are added. */
struct report_node *report_doc_root(struct report_doc *);
/*
 * Times in findings are shown relative to epoch (seconds since it, text
 * "t=1.234s", JSON "rel_time") when it is not 0; a findings node may set
 * its own (report_findings_epoch).  Default 0: absolute ISO times.
 */
void	 report_doc_set_epoch(struct report_doc *, usec_t epoch);
/* A builder's own allocation failed (a string it composed): the
 * document is incomplete, as when one of its nodes was lost. */
void	 report_node_lost(struct report_node *);
/* -1 with e set (ERR_NOMEM) when any part of the document was lost. */
int	 report_doc_check(const struct report_doc *, struct err *e);

/* ------------------------------------------------------------------ */
/* Nodes                                                               */
/* ------------------------------------------------------------------ */

/*
 * Every node constructor takes the parent (a section; NULL is accepted
 * and yields NULL), the JSON key (NULL: not in JSON) and the title, the
 * heading of the node in HTML (NULL: none).  The node is appended to the
 * parent's children.  NULL when out of memory.
 */
struct report_node *report_section(struct report_node *parent,
	    const char *key, const char *title);
struct report_node *report_fields(struct report_node *parent,
	    const char *title);
struct report_node *report_table(struct report_node *parent,
	    const char *key, const char *title);
/* Lines of text; in text each is printed after text_prefix ("note: "). */
struct report_node *report_list(struct report_node *parent, const char *key,
	    const char *title, const char *text_prefix);
/*
 * A block of lines to type, kept verbatim (add them with
 * report_list_addf, one line each): text indents them, HTML and Markdown
 * make a code block of them.  lang names what reads them ("sh", "text",
 * "powershell"; NULL: none), for Markdown's fence and HTML's data-lang.
 */
struct report_node *report_code(struct report_node *parent, const char *key,
	    const char *title, const char *lang);
/* The findings of l, borrowed, most severe first in text. */
struct report_node *report_findings(struct report_node *parent,
	    const char *key, const char *title, const struct finding_list *l);
/* One line of judgment; JSON {"state", "summary"} under key. */
struct report_node *report_verdict(struct report_node *parent,
	    const char *key, enum report_state, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* Timeline between start and end (absolute times). */
struct report_node *report_timeline(struct report_node *parent,
	    const char *key, const char *title, usec_t start, usec_t end);
/*
 * A chart of values over [start, end] (absolute times) in unit ("ms"):
 * lines added with report_series() and report_point().  Only HTML draws
 * it (inline SVG); text, Markdown and JSON leave it out, since the values
 * are in the tables beside it.
 */
struct report_node *report_chart(struct report_node *parent,
	    const char *title, usec_t start, usec_t end, const char *unit);
struct report_series;
/* A line of chart n; kind is its style ("avg", "p50", "p99").  NULL when
 * out of memory or n is no chart. */
struct report_series *report_series(struct report_node *n, const char *label,
	    const char *kind);
/* A point of the line, in time order; NULL s is accepted. */
void	 report_point(struct report_series *s, usec_t t, double v);
struct report_node *report_layers(struct report_node *parent,
	    const char *key, const char *title);
struct report_node *report_hypotheses(struct report_node *parent,
	    const char *key, const char *title);
struct report_node *report_commands(struct report_node *parent,
	    const char *key, const char *title);

/* A builder's own allocation failed (a text it composed): the document
 * is incomplete, as when one of ours fails; NULL accepted. */
void	 report_node_fail(struct report_node *);
/* OR flags (enum report_node_flags) into the node's. */
void	 report_node_flags(struct report_node *, unsigned flags);
/*
 * The text printed before the node's content in text (one or more lines,
 * a newline is added); also the HTML heading when the node has no title.
 * A node with nothing to show (a table without rows in text, findings
 * without findings) prints no head either.
 */
void	 report_node_textf(struct report_node *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* ---- fields ---- */

/*
 * A field of a fields node: label for text and HTML (NULL: JSON only), key
 * for JSON (NULL: text and HTML only).  Set its value with report_val_*.
 * In text each labelled field prints "label: value" unless the node has a
 * text line of its own (report_node_textf), which then replaces them.
 */
struct report_val *report_field(struct report_node *fields,
	    const char *label, const char *key);

/* ---- tables ---- */

/*
 * Declare a column, before the first row: label heads it in text and HTML
 * (NULL: JSON only, not in HTML), key names it in JSON (NULL: not in
 * JSON), type is the expected value type (cells may also be null),
 * text_fmt a printf format for one string ("%-28s", " %10s") composing
 * the text line of a row that has none of its own (NULL: not in text).
 * Returns the column index, -1 when out of memory or after the first row.
 */
int	 report_col(struct report_node *table, const char *label,
	    const char *key, enum report_type type, const char *text_fmt);
/* A new row of null cells; NULL when out of memory. */
struct report_row *report_row(struct report_node *table);
/* The cell of a column (NULL for a NULL row or a bad column). */
struct report_val *report_cell(struct report_row *, int col);
/* The row's own text line (replaces the column composition). */
void	 report_row_textf(struct report_row *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* REPORT_NO_TEXT: the row is in JSON and HTML only. */
void	 report_row_flags(struct report_row *, unsigned flags);
/* Text shows only the last n rows (that text would show); 0: all. */
void	 report_table_text_last(struct report_node *table, size_t n);
/* Rows of the table (all of them, whatever text shows). */
size_t	 report_table_rows(const struct report_node *table);

/* ---- values (cells and fields); all accept NULL ---- */

void	 report_val_null(struct report_val *);
/* Left out of the JSON object altogether (a member some rows have and
 * others not); empty in text and HTML. */
void	 report_val_absent(struct report_val *);
void	 report_val_text(struct report_val *, const char *);
/* printf into a text value. */
void	 report_val_textf(struct report_val *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* "" is null: the JSON shapes print null for an empty optional string. */
void	 report_val_text_or_null(struct report_val *, const char *);
void	 report_val_int(struct report_val *, int64_t);
/* Negative is null: the models keep -1 for "not said". */
void	 report_val_int_or_null(struct report_val *, int64_t);
void	 report_val_real(struct report_val *, double);
void	 report_val_bool(struct report_val *, bool);
/* Family 0 is null. */
void	 report_val_addr(struct report_val *, const struct net_addr *);
void	 report_val_time(struct report_val *, usec_t);
/* Seconds; negative is null. */
void	 report_val_duration(struct report_val *, int64_t seconds);
/* The text and HTML form, in place of the value's default one. */
void	 report_val_displayf(struct report_val *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * A nested node as the value: a table (JSON array) or a section (JSON
 * object, or null with REPORT_JSON_NULL).  Key and title of the nested
 * node are unused in JSON (the column or field names it).  In text a
 * nested table prints its rows under the row that holds it.
 */
struct report_node *report_val_table(struct report_val *);
struct report_node *report_val_section(struct report_val *);
/* A nested list as the value (JSON array; of integers with
 * report_list_add_int): VLAN tags, MPLS labels, peers. */
struct report_node *report_val_list(struct report_val *);

/* ---- lists and findings ---- */

void	 report_list_addf(struct report_node *list, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* An integer line: JSON has it as a number, text and HTML as digits. */
void	 report_list_add_int(struct report_node *list, int64_t);
/* Only the findings of this group ("" = ungrouped) in text. */
void	 report_findings_group(struct report_node *findings,
	    const char *group);
void	 report_findings_epoch(struct report_node *findings, usec_t epoch);
/* Text flags (report_text_flags of report.h) for this node only. */
void	 report_findings_text_flags(struct report_node *findings,
	    unsigned flags);

/* ---- timeline ---- */

/* A lane ("10.0.0.1 -> 10.0.0.2", "router log", "carrier"); kind is a
 * free word for CSS and JSON ("session", "log", "carrier"). */
struct report_lane *report_lane(struct report_node *timeline,
	    const char *label, const char *kind);
/* The hold time in seconds of the lane's session (0: unknown), shown. */
void	 report_lane_hold(struct report_lane *, unsigned hold_s);
/* An interval [start, end] of kind; label may be NULL. */
void	 report_interval(struct report_lane *, usec_t start, usec_t end,
	    enum report_iv_kind, const char *label);
/* A point event; label may be NULL. */
void	 report_mark(struct report_lane *, usec_t t, enum report_mark_kind,
	    const char *label);
/*
 * count events of one kind over [start, end): how a lane shows messages
 * too many to mark one by one (a full table's UPDATEs), one bar per bin,
 * its height by the count.  JSON: a mark with "end" and "count".
 */
void	 report_mark_count(struct report_lane *, usec_t start, usec_t end,
	    enum report_mark_kind, uint64_t count, const char *label);

/* ---- diagnose ---- */

/* One layer of the checklist: name ("L2", "TCP/179", "BGP"), state,
 * summary of what the evidence says. JSON {"layer","state","summary"}. */
void	 report_layer_add(struct report_node *layers, const char *name,
	    enum report_state, const char *summary);
/*
 * A hypothesis, added in rank order (best first): cause id
 * ("md5_mismatch"), confidence 0..1, summary and remedy.  JSON
 * {"cause","confidence","summary","supporting","contradicting","remedy"}.
 */
struct report_hyp *report_hyp_add(struct report_node *hypotheses,
	    const char *cause, double confidence, const char *summary,
	    const char *remedy);
/* A finding code (catalog name) that supports or contradicts it. */
void	 report_hyp_support(struct report_hyp *, const char *code);
void	 report_hyp_contradict(struct report_hyp *, const char *code);
/*
 * A finding (borrowed: it must outlive the rendering) that supports or
 * contradicts it.  Its code is listed once however many findings share
 * it (JSON: the codes); HTML shows under each code the findings with
 * their summary and evidence (file and frame, line or JSON path), the
 * first REPORT_HYP_FINDINGS of them and how many more.
 */
#define REPORT_HYP_FINDINGS	4
void	 report_hyp_support_finding(struct report_hyp *,
	    const struct finding *);
void	 report_hyp_contradict_finding(struct report_hyp *,
	    const struct finding *);
/* Whether the cause is a fault: JSON "fault" after "cause" (left out
 * when never set), HTML class hyp-fault or hyp-ok. */
void	 report_hyp_fault(struct report_hyp *, bool fault);
/* What the cause is about (copied): JSON "subject" as a finding's, text
 * and HTML an "about:" line.  An empty subject is not shown. */
void	 report_hyp_subject(struct report_hyp *,
	    const struct finding_subject *);
/* A command that collects missing evidence for layer ("az network
 * express-route list-arp-tables ..."); why says what it shows. JSON
 * {"layer","why","command"}. */
void	 report_command_add(struct report_node *commands, const char *layer,
	    const char *why, const char *command);

/* ------------------------------------------------------------------ */
/* Renderings                                                          */
/* ------------------------------------------------------------------ */

/*
 * Text on fp.  text_flags are report_text_flags (report.h): color, no
 * remedy, no info.  Write errors stay on fp (ferror) for the caller.
 * Prints nothing and returns -1 when the document is incomplete
 * (report_doc_check() says why), else 0.
 */
int	 report_doc_text(FILE *, const struct report_doc *,
	    unsigned text_flags);
/* The JSON document, a new reference; NULL when out of memory or the
 * document is incomplete. */
json_t	*report_doc_json(const struct report_doc *);
/*
 * One self-contained HTML page on fp: inline CSS (with @media print),
 * inline SVG timelines, no external reference, every string escaped
 * (invalid UTF-8 becomes U+FFFD).  -1 with e set: ERR_NOMEM (incomplete
 * document) or ERR_IO (write failed), else 0.
 */
int	 report_doc_html(FILE *, const struct report_doc *, struct err *e);

/*
 * The document as Markdown on fp (CommonMark with pipe tables): headings
 * by section depth, fields and lists as bullets, tables as pipe tables,
 * code nodes as fenced blocks; what HTML leaves out is left out.  Every
 * string is escaped (report_doc_md.c).  -1 with e set: ERR_NOMEM
 * (incomplete document) or ERR_IO (write failed), else 0.
 */
int	 report_doc_markdown(FILE *, const struct report_doc *, struct err *e);

/* HTML-escape s onto sb (&<>"' and control characters; invalid UTF-8 as
 * U+FFFD).  Exposed for the tests; 0, -1 when sb failed. */
int	 report_html_escape(struct sb *, const char *s);

#endif /* ERW_REPORT_DOC_H */
