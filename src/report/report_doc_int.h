/*
 * report_doc_int.h: the document tree as the three renderers read it
 * (report_doc_text.c, report_doc_json.c, report_doc_html.c).  Builders
 * outside src/report use report_doc.h only.
 */
#ifndef ERW_REPORT_DOC_INT_H
#define ERW_REPORT_DOC_INT_H

#include "report_doc.h"

enum report_kind {
	RN_SECTION,
	RN_FIELDS,
	RN_TABLE,
	RN_LIST,
	RN_FINDINGS,
	RN_VERDICT,
	RN_TIMELINE,
	RN_LAYERS,
	RN_HYPOTHESES,
	RN_COMMANDS,
	RN_CODE,	/* lines kept verbatim: a block of commands */
	RN_CHART	/* values over time: HTML draws them, others skip */
};

struct report_val {
	struct report_doc	*doc;		/* whose arena holds its strings */
	enum report_type	 type;
	bool			 absent;	/* not in the JSON object */
	int64_t			 i;		/* INT, DURATION, BOOL */
	double			 r;		/* REAL */
	usec_t			 t;		/* TIME */
	char			*s;		/* TEXT, ADDR */
	char			*display;	/* text/HTML form, or NULL */
	struct report_node	*node;		/* NODE */
};

struct report_field {
	struct report_field	*next;
	char			*label;
	char			*key;
	struct report_val	 v;
};

struct report_col {
	char			*label;
	char			*key;
	enum report_type	 type;
	char			*text_fmt;
};

struct report_row {
	struct report_row	*next;
	struct report_node	*table;
	struct report_val	*cells;		/* table->ncols */
	char			*text;
	unsigned		 flags;
};

struct report_line {
	struct report_line	*next;
	char			*s;
	bool			 is_int;	/* JSON: the integer s spells */
};

struct report_item {		/* timeline interval or mark */
	struct report_item	*next;
	bool			 is_mark;
	usec_t			 start;
	usec_t			 end;		/* == start for a mark */
	int			 kind;		/* report_iv_kind or _mark_kind */
	uint64_t		 count;		/* marks: events in [start, end)
						   (report_mark_count), 0 for
						   one event */
	char			*label;
};

struct report_lane {
	struct report_lane	*next;
	struct report_doc	*doc;
	char			*label;
	char			*kind;
	unsigned		 hold_s;
	struct report_item	*first, *last;
	size_t			 nitems;
};

struct report_point {
	usec_t			 t;
	double			 v;
};

struct report_series {		/* one line of a chart */
	struct report_series	*next;
	struct report_doc	*doc;
	char			*label;
	char			*kind;		/* its CSS class: "avg", "p50" */
	struct report_point	*pts;		/* npts of cap, arena */
	size_t			 npts, cap;
};

struct report_layer {
	struct report_layer	*next;
	char			*name;
	enum report_state	 state;
	char			*summary;
};

struct report_code {
	struct report_code	*next;
	char			*code;
	/* the findings behind the code, borrowed (report_hyp_*_finding) */
	const struct finding	*f[REPORT_HYP_FINDINGS];
	unsigned		 nf;
	unsigned		 nf_total;
};

struct report_hyp {
	struct report_hyp	*next;
	struct report_doc	*doc;
	char			*cause;
	double			 confidence;
	char			*summary;
	char			*remedy;
	struct report_code	*sup_first, *sup_last;
	struct report_code	*con_first, *con_last;
	bool			 has_fault;
	bool			 fault;
	bool			 has_subject;
	struct finding_subject	 subject;
};

struct report_cmd {
	struct report_cmd	*next;
	char			*layer;
	char			*why;
	char			*command;
};

struct report_node {
	enum report_kind	 kind;
	struct report_doc	*doc;
	char			*key;
	char			*title;
	char			*text_head;
	unsigned		 flags;
	struct report_node	*next;		/* sibling */
	/* section */
	struct report_node	*first, *last;
	/* fields */
	struct report_field	*f_first, *f_last;
	/* table */
	struct report_col	*cols;
	int			 ncols;
	int			 colcap;
	struct report_row	*r_first, *r_last;
	size_t			 nrows;
	size_t			 text_last;
	/* list; a code block keeps its language in prefix */
	char			*prefix;
	struct report_line	*l_first, *l_last;
	/* findings */
	const struct finding_list *findings;
	char			*group;		/* NULL: all */
	usec_t			 epoch;
	bool			 has_epoch;
	unsigned		 text_flags;
	/* verdict */
	enum report_state	 state;
	char			*summary;
	/* timeline */
	usec_t			 start, end;
	struct report_lane	*lane_first, *lane_last;
	/* chart (start, end as the timeline's) */
	char			*unit;
	struct report_series	*s_first, *s_last;
	/* layers, hypotheses, commands */
	struct report_layer	*ly_first, *ly_last;
	struct report_hyp	*h_first, *h_last;
	struct report_cmd	*c_first, *c_last;
};

struct report_doc {
	struct arena		 arena;
	char			*title;
	usec_t			 epoch;
	bool			 nomem;
	struct report_node	*root;
};

/* Length of the valid UTF-8 sequence at p (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), 0 when invalid; p is
 * NUL-terminated, and a NUL ends a cut sequence. */
size_t	 report_utf8_len(const unsigned char *p);
/* A JSON string of s, invalid UTF-8 replaced by U+FFFD (jansson refuses
 * invalid UTF-8: the member would silently go missing). */
json_t	*report_json_str(const char *s);
/* The epoch that applies to a findings node. */
usec_t	 report_node_epoch(const struct report_node *);
/* The default text/HTML form of v into buf ("-" for null). */
const char *report_val_str(const struct report_val *, char *buf, size_t len);
/* Rows text would show: not REPORT_NO_TEXT, the last text_last of them;
 * *first is the first one shown. */
size_t	 report_table_text_rows(const struct report_node *,
	    const struct report_row **first);

#endif /* ERW_REPORT_DOC_INT_H */
