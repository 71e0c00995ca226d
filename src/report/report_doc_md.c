/*
 * The Markdown rendering of a report document (CommonMark with GitHub's
 * pipe tables), for documents meant to be kept and edited beside a wiki
 * or a repository: the runbook above all.  Sections become headings by
 * depth, fields and lists bullets, tables pipe tables, code nodes fenced
 * blocks; the timeline, a picture, is left to the HTML page.
 *
 * Strings from exports reach the page escaped: inline text has every
 * character Markdown gives a meaning inside a line backslash-escaped
 * (CommonMark 2.4; inline text never starts a line here, so the block
 * markers - + 1. need none), so a circuit named "*x*|y" cannot make
 * emphasis, a link or a table cell; a fence is longer than any run of
 * backticks inside its block, so a block cannot be closed from within;
 * control characters and invalid UTF-8 become U+FFFD.
 */
#include <string.h>

#include "report.h"
#include "report_doc_int.h"

static void	node_md(FILE *, const struct report_node *, int depth);

/* One character or UTF-8 sequence of s, *p advanced; what is not text
 * (a control character, invalid UTF-8) becomes U+FFFD. */
static void
put_char(FILE *fp, const unsigned char **p)
{
	size_t n = report_utf8_len(*p);

	if (n == 0 || (n == 1 && (**p < 0x20 || **p == 0x7f))) {
		fputs("\xef\xbf\xbd", fp);
		(*p)++;
		return;
	}
	fwrite(*p, 1, n, fp);
	*p += n;
}

/* s as inline text: one line, every Markdown character escaped. */
static void
inline_md(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");

	while (*p != '\0') {
		if (*p == '\n' || *p == '\t') {
			fputc(' ', fp);
			p++;
		} else if (strchr("\\`*_[]<>#|!~&", *p) != NULL) {
			fputc('\\', fp);
			fputc(*p++, fp);
		} else
			put_char(fp, &p);
	}
}

/* A line of a code block, verbatim but for what is not text. */
static void
code_line_md(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		if (*p == '\t')
			fputc(*p++, fp);
		else
			put_char(fp, &p);
	}
	fputc('\n', fp);
}

static void
heading_md(FILE *fp, const struct report_node *n, int depth)
{
	const char *h = n->title != NULL ? n->title : n->text_head;
	int i, level = depth + 2 > 6 ? 6 : depth + 2;

	if (h == NULL)
		return;
	while (*h == '\n')
		h++;
	if (*h == '\0')
		return;
	for (i = 0; i < level; i++)
		fputc('#', fp);
	fputc(' ', fp);
	inline_md(fp, h);
	fputs("\n\n", fp);
}

static void
fields_md(FILE *fp, const struct report_node *n)
{
	const struct report_field *f;
	char buf[128];

	for (f = n->f_first; f != NULL; f = f->next) {
		if (f->label == NULL)
			continue;
		fputs("- **", fp);
		inline_md(fp, f->label);
		fputs(":** ", fp);
		inline_md(fp, report_val_str(&f->v, buf, sizeof(buf)));
		fputc('\n', fp);
	}
	if (n->f_first != NULL)
		fputc('\n', fp);
}

static void
table_md(FILE *fp, const struct report_node *t)
{
	const struct report_row *r;
	char buf[128];
	int c, shown = 0;

	for (c = 0; c < t->ncols; c++)
		if (t->cols[c].label != NULL) {
			fputs("| ", fp);
			inline_md(fp, t->cols[c].label);
			fputc(' ', fp);
			shown++;
		}
	if (shown == 0 || t->r_first == NULL)
		return;
	fputs("|\n", fp);
	for (c = 0; c < shown; c++)
		fputs("|---", fp);
	fputs("|\n", fp);
	for (r = t->r_first; r != NULL; r = r->next) {
		for (c = 0; c < t->ncols; c++) {
			if (t->cols[c].label == NULL)
				continue;
			fputs("| ", fp);
			inline_md(fp, report_val_str(&r->cells[c], buf,
			    sizeof(buf)));
			fputc(' ', fp);
		}
		fputs("|\n", fp);
	}
	fputc('\n', fp);
}

static void
list_md(FILE *fp, const struct report_node *n)
{
	const struct report_line *l;

	for (l = n->l_first; l != NULL; l = l->next) {
		fputs("- ", fp);
		inline_md(fp, n->prefix);
		inline_md(fp, l->s);
		fputc('\n', fp);
	}
	if (n->l_first != NULL)
		fputc('\n', fp);
}

/* The longest run of backticks in the block, so the fence outruns it. */
static size_t
longest_ticks(const struct report_line *l)
{
	size_t best = 0, run;
	const char *p;

	for (; l != NULL; l = l->next)
		for (p = l->s, run = 0; *p != '\0'; p++) {
			run = *p == '`' ? run + 1 : 0;
			if (run > best)
				best = run;
		}
	return best;
}

static void
fence(FILE *fp, size_t n)
{
	while (n-- > 0)
		fputc('`', fp);
}

static void
code_md(FILE *fp, const struct report_node *n)
{
	const struct report_line *l;
	size_t ticks = longest_ticks(n->l_first) + 1;

	if (n->l_first == NULL)
		return;
	if (ticks < 3)
		ticks = 3;
	fence(fp, ticks);
	/* the info string may not hold a backtick (CommonMark 4.5) */
	if (strchr(n->prefix, '`') == NULL)
		code_line_md(fp, n->prefix);
	else
		fputc('\n', fp);
	for (l = n->l_first; l != NULL; l = l->next)
		code_line_md(fp, l->s);
	fence(fp, ticks);
	fputs("\n\n", fp);
}

static void
findings_md(FILE *fp, const struct report_node *n)
{
	const struct finding_list *l = n->findings;
	size_t i;

	for (i = 0; i < l->n; i++) {
		fprintf(fp, "- **%s** `%s`: ", severity_name(l->v[i].sev),
		    finding_def(l->v[i].code)->code);
		inline_md(fp, l->v[i].summary);
		fputc('\n', fp);
	}
	if (l->n > 0)
		fputc('\n', fp);
}

static void
diag_md(FILE *fp, const struct report_node *n)
{
	const struct report_layer *ly;
	const struct report_hyp *h;
	const struct report_cmd *c;
	unsigned k = 1;

	for (ly = n->ly_first; ly != NULL; ly = ly->next) {
		fputs("- **", fp);
		inline_md(fp, ly->name);
		fprintf(fp, "** %s: ", report_state_name(ly->state));
		inline_md(fp, ly->summary);
		fputc('\n', fp);
	}
	for (h = n->h_first; h != NULL; h = h->next) {
		fprintf(fp, "%u. **", k++);
		inline_md(fp, h->cause);
		fprintf(fp, "** (%.0f%%): ", h->confidence * 100);
		inline_md(fp, h->summary);
		fputc('\n', fp);
	}
	for (c = n->c_first; c != NULL; c = c->next) {
		fputs("- **", fp);
		inline_md(fp, c->layer);
		fputs("**: ", fp);
		inline_md(fp, c->why);
		fputs("\n\n", fp);
		code_line_md(fp, "  ```");
		fputs("  ", fp);
		code_line_md(fp, c->command);
		code_line_md(fp, "  ```");
	}
	fputc('\n', fp);
}

static void
node_md(FILE *fp, const struct report_node *n, int depth)
{
	const struct report_node *c;

	/* Markdown is a page to read, as HTML is: it shows what HTML shows */
	if (n->flags & REPORT_NO_HTML)
		return;
	if (n->kind == RN_SECTION) {
		heading_md(fp, n, depth);
		for (c = n->first; c != NULL; c = c->next)
			node_md(fp, c, depth + 1);
		return;
	}
	if (n->kind == RN_VERDICT) {
		fprintf(fp, "> **%s:** ", report_state_name(n->state));
		inline_md(fp, n->summary);
		fputs("\n\n", fp);
		return;
	}
	heading_md(fp, n, depth);
	switch (n->kind) {
	case RN_FIELDS:
		fields_md(fp, n);
		break;
	case RN_TABLE:
		table_md(fp, n);
		break;
	case RN_LIST:
		list_md(fp, n);
		break;
	case RN_CODE:
		code_md(fp, n);
		break;
	case RN_FINDINGS:
		findings_md(fp, n);
		break;
	case RN_LAYERS:
	case RN_HYPOTHESES:
	case RN_COMMANDS:
		diag_md(fp, n);
		break;
	case RN_TIMELINE:
		fputs("*(timeline: in the HTML rendering)*\n\n", fp);
		break;
	case RN_CHART:
		fputs("*(chart: in the HTML rendering)*\n\n", fp);
		break;
	default:
		break;
	}
}

int
report_doc_markdown(FILE *fp, const struct report_doc *d, struct err *e)
{
	const struct report_node *c;

	if (report_doc_check(d, e) == -1)
		return -1;
	fputs("# ", fp);
	inline_md(fp, d->title);
	fputs("\n\n", fp);
	for (c = d->root->first; c != NULL; c = c->next)
		node_md(fp, c, 0);
	if (ferror(fp) || fflush(fp) == EOF)
		return ERR(e, ERR_IO, "cannot write the Markdown document");
	return 0;
}
