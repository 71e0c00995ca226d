/*
 * The HTML rendering of a report document: one self-contained page, the
 * verdict on top, then the nodes in order: sections with headings, fields
 * and tables as HTML tables, findings as cards with their evidence and
 * fix, the layer checklist, ranked hypotheses, collection commands, and
 * timelines drawn here as inline SVG on one time axis per timeline.
 *
 * The page references nothing outside itself (no script, font, image or
 * style sheet), so it works offline and can be attached to a ticket;
 * @media print turns it into a clean printout.  Every string comes from
 * evidence or exports and may be hostile: all of it goes through
 * report_html_escape(), which also replaces invalid UTF-8, so no input
 * can open a tag, an attribute or a script.
 *
 * The page is built in memory and written at once: a write error or a
 * lost allocation is reported once, at the end.
 */
#include <string.h>

#include "report.h"
#include "report_doc_int.h"

#define SVG_WIDTH	1000	/* user units of the viewBox */
#define SVG_LABEL_W	220	/* left column: lane labels */
#define SVG_LANE_H	30
#define SVG_AXIS_H	34
#define SVG_TICKS	6

static void	node_html(struct sb *, const struct report_node *, int depth);

/* ------------------------------------------------------------------ */
/* Escaping                                                            */
/* ------------------------------------------------------------------ */

int
report_html_escape(struct sb *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (s == NULL)
		return sb->failed ? -1 : 0;
	while (*p != '\0') {
		/* the NUL terminator stops utf8_len() on a cut sequence:
		 * it is not a continuation byte */
		switch (*p) {
		case '&':
			sb_add(sb, "&amp;");
			break;
		case '<':
			sb_add(sb, "&lt;");
			break;
		case '>':
			sb_add(sb, "&gt;");
			break;
		case '"':
			sb_add(sb, "&quot;");
			break;
		case '\'':
			sb_add(sb, "&#39;");
			break;
		case '\n':
		case '\t':
			sb_addc(sb, (char)*p);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				sb_add(sb, "&#xFFFD;");
				break;
			}
			if ((n = report_utf8_len(p)) == 0) {
				sb_add(sb, "&#xFFFD;");
				break;
			}
			sb_addn(sb, (const char *)p, n);
			p += n;
			continue;
		}
		p++;
	}
	return sb->failed ? -1 : 0;
}

static void
esc(struct sb *sb, const char *s)
{
	(void)report_html_escape(sb, s);
}

/* An open tag with a class made of fixed words and one escaped word. */
static void
tag_class(struct sb *sb, const char *tag, const char *cls, const char *word)
{
	sb_addf(sb, "<%s class=\"%s", tag, cls);
	if (word != NULL) {
		sb_addc(sb, '-');
		esc(sb, word);
	}
	sb_add(sb, "\">");
}

/* ------------------------------------------------------------------ */
/* Style                                                               */
/* ------------------------------------------------------------------ */

static const char page_css[] =
    "body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;"
    "background:#fff}\n"
    "header{padding:16px 24px;background:#f3f5f8;border-bottom:1px solid"
    " #d0d7de}\n"
    "main{padding:8px 24px 24px}\n"
    "h1{font-size:20px;margin:0 0 8px}h2{font-size:17px;margin:20px 0 8px}"
    "h3{font-size:15px;margin:14px 0 6px}h4{font-size:14px;margin:12px 0"
    " 4px}\n"
    "table{border-collapse:collapse;margin:6px 0 12px}"
    "th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;"
    "vertical-align:top}th{background:#f6f8fa}\n"
    "td.t-int,td.t-real,td.t-duration{text-align:right;"
    "font-variant-numeric:tabular-nums}td.t-addr,td.t-time,code,pre{"
    "font-family:ui-monospace,monospace}\n"
    "td.t-null{color:#8c959f}\n"
    ".verdict{font-size:16px;font-weight:600;padding:8px 12px;"
    "border-radius:6px;margin:6px 0}\n"
    ".st-ok{background:#dafbe1}.st-warning{background:#fff8c5}"
    ".st-fault{background:#ffebe9}.st-unknown,.st-missing{background:"
    "#eaeef2}\n"
    ".finding{border:1px solid #d0d7de;border-left:6px solid #8c959f;"
    "border-radius:4px;padding:6px 10px;margin:8px 0}\n"
    ".finding.sev-error{border-left-color:#cf222e}.finding.sev-warning{"
    "border-left-color:#bf8700}.finding.sev-info{border-left-color:"
    "#1a7f37}\n"
    ".finding h3{margin:2px 0}.sev{text-transform:uppercase;font-size:"
    "12px;margin-right:6px}.fix{color:#0a3069}\n"
    ".checklist{list-style:none;padding:0}.checklist li{padding:4px 8px;"
    "margin:3px 0;border-radius:4px}\n"
    ".conf{font-weight:normal;color:#57606a}\n"
    ".hyp{margin:0 0 10px}.hyp-fault>h3>code{color:#cf222e}"
    ".hyp-ok>h3>code{color:#1a7f37}.cited{font-size:13px;margin:0 0 4px}"
    ".cited .evidence{color:#57606a}\n"
    "pre{background:#f6f8fa;padding:6px 8px;overflow-x:auto}\n"
    /* a command's text lines keep their layout (several lines, columns) */
    "p.line{white-space:pre-wrap;font-family:ui-monospace,monospace}\n"
    "svg.timeline{width:100%;height:auto;border:1px solid #d0d7de;"
    "background:#fff}\n"
    "svg text{font:11px ui-monospace,monospace;fill:#1b1f24}\n"
    ".iv-connecting{fill:#ddf4ff}.iv-established{fill:#4ac26b}"
    ".iv-down{fill:#ffcecb}.iv-silence{fill:#fff8c5}"
    ".iv-silence_over_hold{fill:#fa4549}.iv-carrier_down{fill:#8250df}"
    ".iv-state{fill:#d0d7de}\n"
    "svg.chart{width:100%;height:auto;border:1px solid #d0d7de}"
    ".series polyline{stroke-width:1.5}.series-avg polyline{stroke:#0969da}"
    ".series-p50 polyline{stroke:#1a7f37;stroke-dasharray:6 3}"
    ".series-p99 polyline{stroke:#cf222e;stroke-dasharray:2 2}"
    ".legend,.y-tick{font-size:11px}\n"
    ".mk{stroke:#1b1f24;stroke-width:1}.mk-open{fill:#0969da}"
    ".mk-update{fill:#1a7f37}.mk-notification{fill:#cf222e}"
    ".mk-keepalive{stroke:#57606a}.mk-syn{fill:#bf8700}"
    ".mk-reset{stroke:#cf222e;stroke-width:2}.mk-log{fill:#fff}"
    ".mk-other{fill:#8c959f}.mk.bin{stroke:none;opacity:.8}"
    ".mk-keepalive.bin{fill:#57606a}\n"
    ".axis{stroke:#8c959f}.lane-sep{stroke:#eaeef2}\n"
    "footer{color:#57606a;font-size:12px;padding:8px 24px}\n"
    "@media print{header{background:none}body{font-size:11pt}"
    ".finding,table,svg,.hyp{break-inside:avoid}a{color:inherit}"
    "pre{white-space:pre-wrap;word-break:break-all}"
    "main{padding:0 8px}}\n";

/* ------------------------------------------------------------------ */
/* Values, fields, tables                                              */
/* ------------------------------------------------------------------ */

static const char *
type_class(enum report_type t)
{
	switch (t) {
	case REPORT_TEXT:
		return "text";
	case REPORT_INT:
		return "int";
	case REPORT_REAL:
		return "real";
	case REPORT_BOOL:
		return "bool";
	case REPORT_ADDR:
		return "addr";
	case REPORT_TIME:
		return "time";
	case REPORT_DURATION:
		return "duration";
	case REPORT_NODE:
		return "node";
	default:
		return "null";
	}
}

static void
val_html(struct sb *sb, const struct report_val *v, int depth)
{
	char buf[64];

	sb_addf(sb, "<td class=\"t-%s\">", type_class(v->type));
	if (v->type == REPORT_NODE && v->display == NULL)
		node_html(sb, v->node, depth + 1);
	else
		esc(sb, report_val_str(v, buf, sizeof(buf)));
	sb_add(sb, "</td>");
}

static void
fields_html(struct sb *sb, const struct report_node *n, int depth)
{
	const struct report_field *f;

	if (n->title != NULL) {
		sb_addf(sb, "<h%d>", depth + 2 > 4 ? 4 : depth + 2);
		esc(sb, n->title);
		sb_addf(sb, "</h%d>", depth + 2 > 4 ? 4 : depth + 2);
	}
	if (n->text_head != NULL) {
		sb_add(sb, "<p class=\"line\">");
		esc(sb, n->text_head);
		sb_add(sb, "</p>\n");
	}
	if (n->f_first == NULL)
		return;
	sb_add(sb, "<table class=\"fields\">\n");
	for (f = n->f_first; f != NULL; f = f->next) {
		sb_add(sb, "<tr><th>");
		esc(sb, f->label != NULL ? f->label : f->key != NULL ?
		    f->key : "");
		sb_add(sb, "</th>");
		val_html(sb, &f->v, depth);
		sb_add(sb, "</tr>\n");
	}
	sb_add(sb, "</table>\n");
}

/* Which columns HTML shows: the labelled ones, else those with a key. */
static bool
col_shown(const struct report_node *t, int c, bool by_label)
{
	return by_label ? t->cols[c].label != NULL : t->cols[c].key != NULL;
}

static void
table_html(struct sb *sb, const struct report_node *t, int depth)
{
	const struct report_row *r;
	bool by_label = false, any = false;
	int c;

	for (c = 0; c < t->ncols; c++)
		by_label = by_label || t->cols[c].label != NULL;
	for (c = 0; c < t->ncols; c++)
		any = any || col_shown(t, c, by_label);
	if (!any) {
		/* nothing typed to show: the rows' text lines */
		sb_add(sb, "<pre class=\"rows\">");
		for (r = t->r_first; r != NULL; r = r->next)
			if (r->text != NULL) {
				esc(sb, r->text);
				sb_addc(sb, '\n');
			}
		sb_add(sb, "</pre>\n");
		return;
	}
	sb_add(sb, "<table class=\"grid\"");
	if (t->key != NULL) {
		sb_add(sb, " data-key=\"");
		esc(sb, t->key);
		sb_add(sb, "\"");
	}
	sb_add(sb, "><thead><tr>");
	for (c = 0; c < t->ncols; c++)
		if (col_shown(t, c, by_label)) {
			sb_add(sb, "<th>");
			esc(sb, by_label ? t->cols[c].label : t->cols[c].key);
			sb_add(sb, "</th>");
		}
	sb_add(sb, "</tr></thead>\n<tbody>\n");
	for (r = t->r_first; r != NULL; r = r->next) {
		sb_add(sb, "<tr>");
		for (c = 0; c < t->ncols; c++)
			if (col_shown(t, c, by_label))
				val_html(sb, &r->cells[c], depth);
		sb_add(sb, "</tr>\n");
	}
	sb_add(sb, "</tbody></table>\n");
}

static void
list_html(struct sb *sb, const struct report_node *n)
{
	const struct report_line *l;

	if (n->l_first == NULL)
		return;
	sb_add(sb, "<ul class=\"list\">\n");
	for (l = n->l_first; l != NULL; l = l->next) {
		sb_add(sb, "<li>");
		esc(sb, n->prefix);
		esc(sb, l->s);
		sb_add(sb, "</li>\n");
	}
	sb_add(sb, "</ul>\n");
}

/* A code block: one <pre>, lines as typed. */
static void
code_html(struct sb *sb, const struct report_node *n)
{
	const struct report_line *l;

	if (n->l_first == NULL)
		return;
	sb_add(sb, "<pre class=\"code\"");
	if (n->prefix[0] != '\0') {
		sb_add(sb, " data-lang=\"");
		esc(sb, n->prefix);
		sb_add(sb, "\"");
	}
	sb_add(sb, "><code>");
	for (l = n->l_first; l != NULL; l = l->next) {
		esc(sb, l->s);
		if (l->next != NULL)
			sb_add(sb, "\n");
	}
	sb_add(sb, "</code></pre>\n");
}

/* ------------------------------------------------------------------ */
/* Findings                                                            */
/* ------------------------------------------------------------------ */

static void
evidence_html(struct sb *sb, const struct evidence *ev, usec_t epoch)
{
	char tbuf[40];

	sb_add(sb, "<li>");
	esc(sb, ev->input);
	switch (ev->kind) {
	case EV_FRAME:
		sb_addf(sb, " frame %llu", (unsigned long long)ev->unit);
		break;
	case EV_LINE:
		sb_addf(sb, " line %llu", (unsigned long long)ev->unit);
		break;
	case EV_JSON:
		sb_add(sb, " <code>");
		esc(sb, ev->where);
		sb_add(sb, "</code>");
		break;
	case EV_NOTE:
		if (ev->input[0] != '\0')
			sb_add(sb, ": ");
		esc(sb, ev->where);
		break;
	default:
		break;
	}
	if (ev->has_time) {
		if (epoch != 0)
			sb_addf(sb, " (t=%.3fs)", (double)(ev->time - epoch) /
			    1e6);
		else
			sb_addf(sb, " (%s)", time_iso(ev->time, tbuf,
			    sizeof(tbuf)));
	}
	sb_add(sb, "</li>");
}

static void
finding_html(struct sb *sb, const struct finding *f, usec_t epoch)
{
	const struct finding_def *def = finding_def(f->code);
	unsigned i;

	tag_class(sb, "article", "finding sev", severity_name(f->sev));
	sb_addf(sb, "<h3><span class=\"sev\">%s</span><code>",
	    severity_name(f->sev));
	esc(sb, def->code);
	sb_addf(sb, "</code> <span class=\"layer\">[%s]</span></h3>\n",
	    layer_name(f->layer));
	sb_add(sb, "<p class=\"summary\">");
	esc(sb, f->summary);
	sb_add(sb, "</p>\n");
	if (!finding_subject_empty(&f->subject)) {
		char sbuf[512];

		sb_add(sb, "<p class=\"subject\">about: ");
		esc(sb, report_subject_str(&f->subject, sbuf, sizeof(sbuf)));
		sb_add(sb, "</p>\n");
	}
	if (f->group[0] != '\0') {
		sb_add(sb, "<p class=\"group\">about ");
		esc(sb, f->group);
		sb_add(sb, "</p>\n");
	}
	if (f->nev > 0) {
		sb_add(sb, "<ul class=\"evidence\">");
		for (i = 0; i < f->nev; i++)
			evidence_html(sb, &f->ev[i], epoch);
		sb_add(sb, "</ul>\n");
	}
	if (f->sev != SEV_INFO) {
		sb_add(sb, "<p class=\"fix\">fix: ");
		esc(sb, def->remedy);
		sb_add(sb, "</p>\n");
	}
	sb_add(sb, "</article>\n");
}

static void
findings_html(struct sb *sb, const struct report_node *n)
{
	const struct finding_list *l = n->findings;
	usec_t epoch = report_node_epoch(n);
	size_t i;
	int sev;

	sb_add(sb, "<div class=\"findings\">\n");
	for (sev = SEV_ERROR; sev >= SEV_INFO; sev--)
		for (i = 0; i < l->n; i++) {
			if ((int)l->v[i].sev != sev)
				continue;
			if (n->group != NULL &&
			    strcmp(l->v[i].group, n->group) != 0)
				continue;
			finding_html(sb, &l->v[i], epoch);
		}
	if (l->n == 0)
		sb_add(sb, "<p class=\"none\">no findings</p>\n");
	sb_add(sb, "</div>\n");
}

/* ------------------------------------------------------------------ */
/* Timeline (SVG)                                                      */
/* ------------------------------------------------------------------ */

static double
svg_x(const struct report_node *n, usec_t t)
{
	double span = (double)(n->end - n->start);

	if (span <= 0)
		span = 1;
	if (t < n->start)
		t = n->start;
	if (t > n->end)
		t = n->end;
	return SVG_LABEL_W + (double)(t - n->start) *
	    (SVG_WIDTH - SVG_LABEL_W - 10) / span;
}

static void
item_title(struct sb *sb, const struct report_node *n,
    const struct report_item *it, const char *kind)
{
	sb_add(sb, "<title>");
	esc(sb, kind);
	if (it->is_mark)
		sb_addf(sb, " at +%.3f s", (double)(it->start - n->start) /
		    1e6);
	else
		sb_addf(sb, " +%.3f..+%.3f s", (double)(it->start - n->start) /
		    1e6, (double)(it->end - n->start) / 1e6);
	if (it->label != NULL) {
		sb_add(sb, ": ");
		esc(sb, it->label);
	}
	sb_add(sb, "</title>");
}

/* One glyph per message kind, so that marks read without color too. */
static void
mark_svg(struct sb *sb, const struct report_node *n,
    const struct report_item *it, double y)
{
	const char *kind = report_mark_kind_name(
	    (enum report_mark_kind)it->kind);
	double x = svg_x(n, it->start), m = y + SVG_LANE_H / 2.0;

	sb_addf(sb, "<g class=\"mk mk-%s\">", kind);
	switch ((enum report_mark_kind)it->kind) {
	case REPORT_MK_OPEN:
	case REPORT_MK_LOG:
		sb_addf(sb, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\"/>", x,
		    m);
		break;
	case REPORT_MK_UPDATE:
		sb_addf(sb, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" "
		    "height=\"7\"/>", x - 3.5, m - 3.5);
		break;
	case REPORT_MK_NOTIFICATION:
		sb_addf(sb, "<path d=\"M%.1f %.1fl6 10h-12z\"/>", x, m - 6);
		break;
	case REPORT_MK_SYN:
		sb_addf(sb, "<path d=\"M%.1f %.1fl4 4l-4 4l-4 -4z\"/>", x,
		    m - 4);
		break;
	case REPORT_MK_RESET:
		sb_addf(sb, "<path d=\"M%.1f %.1fl8 8m0 -8l-8 8\"/>", x - 4,
		    m - 4);
		break;
	default:
		sb_addf(sb, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\"/>", x, y + 6, x, y + SVG_LANE_H - 6);
		break;
	}
	item_title(sb, n, it, kind);
	sb_add(sb, "</g>");
}

static unsigned
bitlen(uint64_t v)
{
	unsigned b = 0;

	for (; v != 0; v >>= 1)
		b++;
	return b;
}

/*
 * A bin of counted messages (report_mark_count): a bar over the bin's
 * time, UPDATEs up from the lane's middle and KEEPALIVEs down from it, its
 * height by the count's order of magnitude against the lane's largest bin
 * of that kind (a full table's first seconds are 10,000 times a quiet
 * minute's, and a linear scale would show only those).
 */
static void
bin_svg(struct sb *sb, const struct report_node *n,
    const struct report_item *it, double y, uint64_t max)
{
	const char *kind = report_mark_kind_name(
	    (enum report_mark_kind)it->kind);
	double x = svg_x(n, it->start), x1 = svg_x(n, it->end);
	double m = y + SVG_LANE_H / 2.0, hmax = SVG_LANE_H / 2.0 - 3, h;
	unsigned bm = bitlen(max);

	h = 2 + (hmax - 2) * (double)bitlen(it->count) / (bm > 0 ? bm : 1);
	sb_addf(sb, "<rect class=\"mk bin mk-%s\" x=\"%.1f\" y=\"%.1f\" "
	    "width=\"%.1f\" height=\"%.1f\">", kind, x,
	    it->kind == REPORT_MK_KEEPALIVE ? m : m - h,
	    x1 - x < 1 ? 1 : x1 - x, h);
	item_title(sb, n, it, kind);
	sb_add(sb, "</rect>");
}

/*
 * The time axis under a timeline or a chart, at y, with its ticks in
 * seconds from n's start, and the caption that closes the figure: both
 * drawings share it so that their times line up on the page.
 */
static void
axis_svg(struct sb *sb, const struct report_node *n, double y, double span)
{
	char tbuf[40];
	double x;
	int i;

	sb_addf(sb, "<g class=\"axis\"><line class=\"axis\" x1=\"%d\" "
	    "y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", SVG_LABEL_W, y + 4,
	    SVG_WIDTH - 10, y + 4);
	for (i = 0; i < SVG_TICKS; i++) {
		x = SVG_LABEL_W + (double)i * (SVG_WIDTH - SVG_LABEL_W - 10) /
		    (SVG_TICKS - 1);
		sb_addf(sb, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\"/><text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\">+%.1fs</text>", x, y + 2, x, y + 8,
		    x, y + 22, span * i / (SVG_TICKS - 1));
	}
	sb_add(sb, "</g></svg>\n<figcaption>from ");
	esc(sb, time_iso(n->start, tbuf, sizeof(tbuf)));
	sb_addf(sb, ", %.3f s</figcaption></figure>\n", span);
}

static void
timeline_html(struct sb *sb, const struct report_node *n)
{
	const struct report_lane *l;
	const struct report_item *it;
	size_t nlanes = 0, clip = sb->len;	/* unique in the page */
	uint64_t max_upd, max_ka;
	double y, h, x, span;

	for (l = n->lane_first; l != NULL; l = l->next)
		nlanes++;
	h = (double)nlanes * SVG_LANE_H + SVG_AXIS_H;
	span = (double)(n->end - n->start) / 1e6;
	sb_add(sb, "<figure class=\"timeline\">");
	sb_addf(sb, "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/"
	    "svg\" viewBox=\"0 0 %d %.0f\" role=\"img\">", SVG_WIDTH, h);
	y = 0;
	for (l = n->lane_first; l != NULL; l = l->next, y += SVG_LANE_H) {
		tag_class(sb, "g", "lane lane", l->kind);
		/* a long label is cut at the plot, not drawn over it */
		if (l == n->lane_first)
			sb_addf(sb, "<clipPath id=\"lbl%zu\"><rect x=\"0\" "
			    "y=\"0\" width=\"%d\" height=\"%.0f\"/></clipPath>",
			    clip, SVG_LABEL_W - 8, h);
		sb_addf(sb, "<line class=\"lane-sep\" x1=\"0\" y1=\"%.1f\" "
		    "x2=\"%d\" y2=\"%.1f\"/>", y + SVG_LANE_H, SVG_WIDTH,
		    y + SVG_LANE_H);
		sb_addf(sb, "<text x=\"4\" y=\"%.1f\" clip-path=\"url(#lbl%zu)"
		    "\">", y + SVG_LANE_H / 2.0 + 4, clip);
		esc(sb, l->label);
		if (l->hold_s > 0)
			sb_addf(sb, " (hold %us)", l->hold_s);
		sb_add(sb, "</text>");
		for (it = l->first; it != NULL; it = it->next) {
			const char *k;
			double x1;

			if (it->is_mark)
				continue;
			k = report_iv_kind_name((enum report_iv_kind)it->kind);
			x = svg_x(n, it->start);
			x1 = svg_x(n, it->end);
			sb_addf(sb, "<rect class=\"iv iv-%s\" x=\"%.1f\" "
			    "y=\"%.1f\" width=\"%.1f\" height=\"%d\">", k, x,
			    y + 5, x1 - x < 1 ? 1 : x1 - x, SVG_LANE_H - 10);
			item_title(sb, n, it, k);
			sb_add(sb, "</rect>");
		}
		/* counted bins first, under the single marks */
		max_upd = max_ka = 0;
		for (it = l->first; it != NULL; it = it->next) {
			uint64_t *mx = it->kind == REPORT_MK_KEEPALIVE ?
			    &max_ka : &max_upd;

			if (it->is_mark && it->count > *mx)
				*mx = it->count;
		}
		for (it = l->first; it != NULL; it = it->next)
			if (it->is_mark && it->count > 0)
				bin_svg(sb, n, it, y, it->kind ==
				    REPORT_MK_KEEPALIVE ? max_ka : max_upd);
		for (it = l->first; it != NULL; it = it->next)
			if (it->is_mark && it->count == 0)
				mark_svg(sb, n, it, y);
		sb_add(sb, "</g>\n");
	}
	axis_svg(sb, n, y, span);
}

/* ---- charts: lines of values on the timelines' time axis ---------- */

#define SVG_CHART_H	160	/* plot height */
#define SVG_CHART_TOP	10

/* A round top for the y axis: 1, 2 or 5 times a power of ten. */
static double
chart_top(double max)
{
	double p = 1;

	if (!(max > 0))
		return 1;
	while (p * 10 <= max)
		p *= 10;
	while (p > max && p > 1e-6)
		p /= 10;
	if (max <= p)
		return p;
	if (max <= 2 * p)
		return 2 * p;
	if (max <= 5 * p)
		return 5 * p;
	return 10 * p;
}

static void
chart_html(struct sb *sb, const struct report_node *n)
{
	const struct report_series *s;
	double max = 0, top, x, y, h = SVG_CHART_TOP + SVG_CHART_H + SVG_AXIS_H;
	double span = (double)(n->end - n->start) / 1e6;
	size_t k, nser = 0;
	int i;

	for (s = n->s_first; s != NULL; s = s->next, nser++)
		for (k = 0; k < s->npts; k++)
			if (s->pts[k].v > max)
				max = s->pts[k].v;
	top = chart_top(max);
	sb_add(sb, "<figure class=\"chart\">");
	sb_addf(sb, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %.0f\" role=\"img\">", SVG_WIDTH,
	    h + (double)nser * 14);
	/* the y axis: 0, half and the top, in the unit */
	for (i = 0; i <= 2; i++) {
		y = SVG_CHART_TOP + SVG_CHART_H - SVG_CHART_H * i / 2.0;
		sb_addf(sb, "<line class=\"lane-sep\" x1=\"%d\" y1=\"%.1f\" "
		    "x2=\"%d\" y2=\"%.1f\"/><text class=\"y-tick\" x=\"%d\" "
		    "y=\"%.1f\" text-anchor=\"end\">%g ", SVG_LABEL_W, y,
		    SVG_WIDTH - 10, y, SVG_LABEL_W - 6, y + 4, top * i / 2);
		esc(sb, n->unit);
		sb_add(sb, "</text>");
	}
	for (s = n->s_first, k = 0; s != NULL; s = s->next, k++) {
		size_t j;

		tag_class(sb, "g", "series series", s->kind);
		sb_add(sb, "<title>");
		esc(sb, s->label);
		sb_add(sb, "</title><polyline fill=\"none\" points=\"");
		for (j = 0; j < s->npts; j++) {
			x = svg_x(n, s->pts[j].t);
			y = SVG_CHART_TOP + SVG_CHART_H -
			    SVG_CHART_H * s->pts[j].v / top;
			sb_addf(sb, "%s%.1f,%.1f", j > 0 ? " " : "", x, y);
		}
		sb_add(sb, "\"/>");
		/* the legend under the axis */
		sb_addf(sb, "<text class=\"legend\" x=\"%d\" y=\"%.1f\">",
		    SVG_LABEL_W, h + (double)k * 14 + 4);
		esc(sb, s->label);
		sb_add(sb, "</text></g>\n");
	}
	y = SVG_CHART_TOP + SVG_CHART_H;
	axis_svg(sb, n, y, span);
}

/* ------------------------------------------------------------------ */
/* Diagnose nodes                                                      */
/* ------------------------------------------------------------------ */

static void
layers_html(struct sb *sb, const struct report_node *n)
{
	const struct report_layer *y;

	sb_add(sb, "<ul class=\"checklist\">\n");
	for (y = n->ly_first; y != NULL; y = y->next) {
		const char *st = report_state_name(y->state);

		sb_addf(sb, "<li class=\"layer st-%s\"><span class=\"mark\">"
		    "%s</span> <b>", st, y->state == REPORT_ST_OK ? "&#x2713;" :
		    y->state == REPORT_ST_FAULT ? "&#x2717;" :
		    y->state == REPORT_ST_WARN ? "!" : "?");
		esc(sb, y->name);
		sb_addf(sb, "</b> <span class=\"state\">%s</span> ", st);
		esc(sb, y->summary);
		sb_add(sb, "</li>\n");
	}
	sb_add(sb, "</ul>\n");
}

/* The codes on one side of a hypothesis; under each, the findings
 * behind it with their evidence, so that a reader checks the claim in
 * the file, frame, line or JSON path it rests on. */
static void
codes_html(struct sb *sb, const char *what, const struct report_code *c)
{
	const struct report_code *k;
	unsigned i;

	if (c == NULL)
		return;
	sb_addf(sb, "<div class=\"%s\"><p>%s:", what, what);
	for (k = c; k != NULL; k = k->next) {
		sb_add(sb, " <code>");
		esc(sb, k->code);
		sb_add(sb, "</code>");
	}
	sb_add(sb, "</p>\n");
	for (; c != NULL; c = c->next) {
		if (c->nf == 0)
			continue;
		sb_add(sb, "<ul class=\"cited\">");
		for (i = 0; i < c->nf; i++) {
			const struct finding *f = c->f[i];
			unsigned j;

			sb_add(sb, "<li><code>");
			esc(sb, c->code);
			sb_add(sb, "</code> ");
			esc(sb, f->summary);
			if (f->nev > 0) {
				sb_add(sb, "<ul class=\"evidence\">");
				for (j = 0; j < f->nev; j++)
					evidence_html(sb, &f->ev[j], 0);
				sb_add(sb, "</ul>");
			}
			sb_add(sb, "</li>\n");
		}
		if (c->nf_total > c->nf) {
			sb_addf(sb, "<li class=\"more\">and %u more <code>",
			    c->nf_total - c->nf);
			esc(sb, c->code);
			sb_add(sb, "</code></li>\n");
		}
		sb_add(sb, "</ul>\n");
	}
	sb_add(sb, "</div>\n");
}

static void
hyps_html(struct sb *sb, const struct report_node *n)
{
	const struct report_hyp *h;
	char sbuf[512];

	sb_add(sb, "<ol class=\"hypotheses\">\n");
	for (h = n->h_first; h != NULL; h = h->next) {
		if (h->has_fault)
			sb_addf(sb, "<li class=\"hyp hyp-%s\">",
			    h->fault ? "fault" : "ok");
		else
			sb_add(sb, "<li class=\"hyp\">");
		sb_add(sb, "<h3 data-cause=\"");
		esc(sb, h->cause);
		sb_add(sb, "\"><code>");
		esc(sb, h->cause);
		sb_addf(sb, "</code> <span class=\"conf\">confidence %.0f%%"
		    "</span></h3>\n<p>", h->confidence * 100);
		esc(sb, h->summary);
		sb_add(sb, "</p>\n");
		if (h->has_subject) {
			sb_add(sb, "<p class=\"subject\">about: ");
			esc(sb, report_subject_str(&h->subject, sbuf,
			    sizeof(sbuf)));
			sb_add(sb, "</p>\n");
		}
		codes_html(sb, "supporting", h->sup_first);
		codes_html(sb, "contradicting", h->con_first);
		if (h->remedy[0] != '\0') {
			sb_add(sb, "<p class=\"fix\">fix: ");
			esc(sb, h->remedy);
			sb_add(sb, "</p>\n");
		}
		sb_add(sb, "</li>\n");
	}
	sb_add(sb, "</ol>\n");
}

static void
cmds_html(struct sb *sb, const struct report_node *n)
{
	const struct report_cmd *c;

	sb_add(sb, "<ul class=\"commands\">\n");
	for (c = n->c_first; c != NULL; c = c->next) {
		sb_add(sb, "<li><b>");
		esc(sb, c->layer);
		sb_add(sb, "</b>: ");
		esc(sb, c->why);
		sb_add(sb, "<pre>");
		esc(sb, c->command);
		sb_add(sb, "</pre></li>\n");
	}
	sb_add(sb, "</ul>\n");
}

static void
verdict_html(struct sb *sb, const struct report_node *n)
{
	sb_addf(sb, "<div class=\"verdict st-%s\"><span class=\"state\">%s"
	    "</span>: ", report_state_name(n->state),
	    report_state_name(n->state));
	esc(sb, n->summary);
	sb_add(sb, "</div>\n");
}

/* ------------------------------------------------------------------ */
/* Nodes and page                                                      */
/* ------------------------------------------------------------------ */

static void
heading_html(struct sb *sb, const struct report_node *n, int depth)
{
	const char *h = n->title != NULL ? n->title : n->text_head;
	int level = depth + 2 > 4 ? 4 : depth + 2;

	if (h == NULL)
		return;
	/* a text head may begin with the blank line text puts above it */
	while (*h == '\n')
		h++;
	if (*h == '\0')
		return;
	sb_addf(sb, "<h%d>", level);
	esc(sb, h);
	sb_addf(sb, "</h%d>\n", level);
}

static void
node_html(struct sb *sb, const struct report_node *n, int depth)
{
	const struct report_node *c;

	if (n->flags & REPORT_NO_HTML)
		return;
	switch (n->kind) {
	case RN_SECTION:
		sb_add(sb, "<section");
		if (n->key != NULL) {
			sb_add(sb, " data-key=\"");
			esc(sb, n->key);
			sb_add(sb, "\"");
		}
		sb_add(sb, ">\n");
		heading_html(sb, n, depth);
		for (c = n->first; c != NULL; c = c->next)
			node_html(sb, c, depth + 1);
		sb_add(sb, "</section>\n");
		return;
	case RN_FIELDS:
		fields_html(sb, n, depth);
		return;
	case RN_VERDICT:
		return;		/* on top of the page */
	default:
		break;
	}
	heading_html(sb, n, depth);
	switch (n->kind) {
	case RN_TABLE:
		table_html(sb, n, depth);
		break;
	case RN_LIST:
		list_html(sb, n);
		break;
	case RN_CODE:
		code_html(sb, n);
		break;
	case RN_FINDINGS:
		findings_html(sb, n);
		break;
	case RN_TIMELINE:
		timeline_html(sb, n);
		break;
	case RN_CHART:
		chart_html(sb, n);
		break;
	case RN_LAYERS:
		layers_html(sb, n);
		break;
	case RN_HYPOTHESES:
		hyps_html(sb, n);
		break;
	case RN_COMMANDS:
		cmds_html(sb, n);
		break;
	default:
		break;
	}
}

/* Verdicts anywhere in the tree go to the top of the page. */
static void
verdicts_html(struct sb *sb, const struct report_node *n)
{
	const struct report_node *c;

	for (c = n->first; c != NULL; c = c->next) {
		if (c->flags & REPORT_NO_HTML)
			continue;
		if (c->kind == RN_VERDICT)
			verdict_html(sb, c);
		else if (c->kind == RN_SECTION)
			verdicts_html(sb, c);
	}
}

int
report_doc_html(FILE *fp, const struct report_doc *d, struct err *e)
{
	const struct report_node *c;
	struct sb sb;
	int rc = 0;

	if (report_doc_check(d, e) == -1)
		return -1;
	sb_init(&sb);
	sb_add(&sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	esc(&sb, d->title);
	sb_add(&sb, "</title>\n<style>\n");
	sb_add(&sb, page_css);
	sb_add(&sb, "</style>\n</head>\n<body>\n<header>\n<h1>");
	esc(&sb, d->title);
	sb_add(&sb, "</h1>\n");
	verdicts_html(&sb, d->root);
	sb_add(&sb, "</header>\n<main>\n");
	for (c = d->root->first; c != NULL; c = c->next)
		node_html(&sb, c, 0);
	sb_add(&sb, "</main>\n<footer>erwatch report</footer>\n</body>\n"
	    "</html>\n");
	if (sb.failed)
		rc = ERR(e, ERR_NOMEM, "out of memory writing the HTML report");
	else if (fwrite(sb.buf, 1, sb.len, fp) != sb.len || fflush(fp) == EOF)
		rc = ERR(e, ERR_IO, "cannot write the HTML report");
	sb_release(&sb);
	return rc;
}
