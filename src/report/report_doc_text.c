/*
 * The text rendering of a report document, for a terminal: nodes in the
 * order they were added, each under its text head; tables as aligned
 * lines (a row's own text line, or its columns through their formats);
 * findings as report_finding.c prints them.  Commands that had a text
 * layout before the document keep it byte for byte through the text
 * lines they give.
 */
#include <string.h>

#include "report.h"
#include "report_doc_int.h"

static void	node_text(FILE *, const struct report_node *, unsigned);

/*
 * Print s through fmt, a column format: literal text around one
 * "%[-][width]s" ("%%" is a percent sign).  Interpreted here rather than
 * handed to printf, so that a column format is data and never a format
 * string with arguments it does not have.
 */
static void
fmt_one(FILE *fp, const char *fmt, const char *s)
{
	const char *p = fmt;
	size_t width, len;
	bool left;

	while (*p != '\0') {
		if (*p != '%') {
			fputc(*p++, fp);
			continue;
		}
		p++;
		if (*p == '%') {
			fputc(*p++, fp);
			continue;
		}
		left = false;
		if (*p == '-') {
			left = true;
			p++;
		}
		width = 0;
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (size_t)(*p++ - '0');
		if (*p == 's')
			p++;
		len = strlen(s);
		if (!left)
			for (; width > len; width--)
				fputc(' ', fp);
		fputs(s, fp);
		if (left)
			for (; width > len; width--)
				fputc(' ', fp);
	}
}

static void
head_text(FILE *fp, const struct report_node *n)
{
	if (n->flags & REPORT_TEXT_GAP)
		fputc('\n', fp);
	if (n->text_head != NULL)
		fprintf(fp, "%s\n", n->text_head);
}

static void
row_text(FILE *fp, const struct report_node *t, const struct report_row *r,
    unsigned flags)
{
	char buf[64];
	bool cols = false;
	int c;

	for (c = 0; c < t->ncols; c++)
		cols = cols || t->cols[c].text_fmt != NULL;
	if (r->text != NULL)
		fprintf(fp, "%s\n", r->text);
	else if (cols) {
		/* a row with neither a line nor text columns (a nested
		 * evidence list) has nothing to say in text */
		for (c = 0; c < t->ncols; c++)
			if (t->cols[c].text_fmt != NULL)
				fmt_one(fp, t->cols[c].text_fmt,
				    report_val_str(&r->cells[c], buf,
				    sizeof(buf)));
		fputc('\n', fp);
	}
	/* nested tables print their rows under the row holding them */
	for (c = 0; c < t->ncols; c++)
		if (r->cells[c].type == REPORT_NODE &&
		    r->cells[c].node->kind == RN_TABLE)
			node_text(fp, r->cells[c].node, flags);
}

static void
table_text(FILE *fp, const struct report_node *t, unsigned flags)
{
	const struct report_row *r;
	size_t n;
	int c;

	if ((n = report_table_text_rows(t, &r)) == 0)
		return;
	head_text(fp, t);
	if (t->flags & REPORT_TEXT_HEADER) {
		for (c = 0; c < t->ncols; c++)
			if (t->cols[c].text_fmt != NULL)
				fmt_one(fp, t->cols[c].text_fmt,
				    t->cols[c].label != NULL ?
				    t->cols[c].label : "");
		fputc('\n', fp);
	}
	for (; r != NULL; r = r->next)
		if (!(r->flags & REPORT_NO_TEXT))
			row_text(fp, t, r, flags);
}

static void
fields_text(FILE *fp, const struct report_node *n)
{
	const struct report_field *f;
	char buf[64];

	if (n->text_head != NULL) {
		head_text(fp, n);
		return;
	}
	if (n->f_first != NULL && (n->flags & REPORT_TEXT_GAP))
		fputc('\n', fp);
	for (f = n->f_first; f != NULL; f = f->next)
		if (f->label != NULL)
			fprintf(fp, "%s: %s\n", f->label,
			    report_val_str(&f->v, buf, sizeof(buf)));
}

static void
list_text(FILE *fp, const struct report_node *n)
{
	const struct report_line *l;

	if (n->l_first == NULL)
		return;
	head_text(fp, n);
	for (l = n->l_first; l != NULL; l = l->next)
		fprintf(fp, "%s%s\n", n->prefix, l->s);
}

/* A code block: its lines indented, so they stand apart from prose. */
static void
code_text(FILE *fp, const struct report_node *n)
{
	const struct report_line *l;

	if (n->l_first == NULL)
		return;
	head_text(fp, n);
	for (l = n->l_first; l != NULL; l = l->next)
		fprintf(fp, "    %s\n", l->s);
}

static void
findings_text(FILE *fp, const struct report_node *n, unsigned flags)
{
	const struct finding_list *l = n->findings;
	size_t i, shown = 0;

	flags |= n->text_flags;
	/* the head goes with the findings the node holds, whether text
	 * then hides the info ones or not, as the commands always did */
	for (i = 0; i < l->n; i++) {
		if (n->group != NULL && strcmp(l->v[i].group, n->group) != 0)
			continue;
		shown++;
	}
	if (shown == 0)
		return;
	head_text(fp, n);
	report_findings_text(fp, l, n->group, flags, report_node_epoch(n));
}

static double
rel_s(usec_t t, usec_t t0)
{
	return (double)(t - t0) / 1e6;
}

static void
timeline_text(FILE *fp, const struct report_node *n)
{
	const struct report_lane *l;
	const struct report_item *it;
	char b[40];

	head_text(fp, n);
	if (n->text_head == NULL)
		fprintf(fp, "timeline from %s, %.3f s\n", time_iso(n->start, b,
		    sizeof(b)), rel_s(n->end, n->start));
	for (l = n->lane_first; l != NULL; l = l->next) {
		fprintf(fp, "  %s (%s", l->label, l->kind);
		if (l->hold_s > 0)
			fprintf(fp, ", hold %u s", l->hold_s);
		fprintf(fp, ")\n");
		for (it = l->first; it != NULL; it = it->next) {
			if (it->is_mark)
				fprintf(fp, "    %10.3f          %-18s", rel_s(
				    it->start, n->start), report_mark_kind_name(
				    (enum report_mark_kind)it->kind));
			else
				fprintf(fp, "    %10.3f %-9.3f %-18s", rel_s(
				    it->start, n->start), rel_s(it->end,
				    n->start), report_iv_kind_name(
				    (enum report_iv_kind)it->kind));
			fprintf(fp, " %s\n", it->label != NULL ? it->label :
			    "");
		}
	}
}

static void
codes_text(FILE *fp, const char *what, const struct report_code *c)
{
	if (c == NULL)
		return;
	fprintf(fp, "     %s:", what);
	for (; c != NULL; c = c->next)
		fprintf(fp, " %s", c->code);
	fputc('\n', fp);
}

static void
diag_text(FILE *fp, const struct report_node *n, unsigned flags)
{
	const struct report_layer *y;
	const struct report_hyp *h;
	const struct report_cmd *c;
	char sbuf[512];
	unsigned i = 0;

	head_text(fp, n);
	for (y = n->ly_first; y != NULL; y = y->next)
		fprintf(fp, "  [%-7s] %s: %s\n", report_state_name(y->state),
		    y->name, y->summary);
	for (h = n->h_first; h != NULL; h = h->next) {
		fprintf(fp, "  %u. %s (confidence %.0f%%): %s\n", ++i,
		    h->cause, h->confidence * 100, h->summary);
		codes_text(fp, "supporting", h->sup_first);
		codes_text(fp, "contradicting", h->con_first);
		if (h->has_subject)
			fprintf(fp, "     about: %s\n", report_subject_str(
			    &h->subject, sbuf, sizeof(sbuf)));
		if (h->remedy[0] != '\0' && !(flags & REPORT_TEXT_NO_REMEDY))
			fprintf(fp, "     fix: %s\n", h->remedy);
	}
	for (c = n->c_first; c != NULL; c = c->next)
		fprintf(fp, "  %s: %s\n    %s\n", c->layer, c->why,
		    c->command);
}

static void
node_text(FILE *fp, const struct report_node *n, unsigned flags)
{
	const struct report_node *c;

	if (n->flags & REPORT_NO_TEXT)
		return;
	switch (n->kind) {
	case RN_SECTION:
		if (n->text_head != NULL)
			head_text(fp, n);
		for (c = n->first; c != NULL; c = c->next)
			node_text(fp, c, flags);
		break;
	case RN_FIELDS:
		fields_text(fp, n);
		break;
	case RN_TABLE:
		table_text(fp, n, flags);
		break;
	case RN_LIST:
		list_text(fp, n);
		break;
	case RN_CODE:
		code_text(fp, n);
		break;
	case RN_FINDINGS:
		findings_text(fp, n, flags);
		break;
	case RN_VERDICT:
		if (n->text_head != NULL)
			head_text(fp, n);
		else {
			if (n->flags & REPORT_TEXT_GAP)
				fputc('\n', fp);
			fprintf(fp, "verdict: %s (%s)\n", n->summary,
			    report_state_name(n->state));
		}
		break;
	case RN_TIMELINE:
		timeline_text(fp, n);
		break;
	case RN_CHART:
		break;	/* a picture of values the tables hold */
	case RN_LAYERS:
	case RN_HYPOTHESES:
	case RN_COMMANDS:
		diag_text(fp, n, flags);
		break;
	}
}

int
report_doc_text(FILE *fp, const struct report_doc *d, unsigned text_flags)
{
	struct err e;

	err_clear(&e);
	if (report_doc_check(d, &e) == -1)
		return -1;
	node_text(fp, d->root, text_flags);
	return 0;
}
