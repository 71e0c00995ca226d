/*
 * The report document and its renderings: text and JSON of a document
 * built through every node kind compared with what they must print, the
 * same value in the three forms, nodes kept out of a form, and HTML
 * escaping of hostile strings (markup, quotes, ampersands, control
 * bytes, invalid and cut UTF-8).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/report.h"
#include "report/report_doc.h"

#define T0	(1700000000LL * USEC_PER_SEC)

/* Run a renderer into a string (free()). */
static char *
render_text(const struct report_doc *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_int_equal(report_doc_text(fp, d, REPORT_TEXT_NO_REMEDY), 0);
	fclose(fp);
	return buf;
}

static char *
render_html(const struct report_doc *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct err e;

	assert_non_null(fp);
	err_clear(&e);
	assert_int_equal(report_doc_html(fp, d, &e), 0);
	fclose(fp);
	return buf;
}

static char *
render_json(const struct report_doc *d)
{
	json_t *j = report_doc_json(d);
	char *s;

	assert_non_null(j);
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	assert_non_null(s);
	return s;
}

static void
expect_str(const char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		print_error("got:\n%s\nwant:\n%s\n", got, want);
	assert_string_equal(got, want);
}

static struct report_doc *
sample(struct finding_list *fl)
{
	struct report_doc *d = report_doc_new("t");
	struct report_node *root = report_doc_root(d), *t, *n, *s, *sub;
	struct report_row *r;
	struct net_addr a;
	struct finding *f;

	finding_list_init(fl);
	f = finding_add(fl, FC_TCP_SYN_UNANSWERED, "SYN unanswered");
	finding_ev_frame(f, "c.pcap", 3, T0 + 1500000);
	report_doc_set_epoch(d, T0);
	report_verdict(root, NULL, REPORT_ST_FAULT, "down");
	n = report_fields(root, NULL);
	report_val_text(report_field(n, "name", "name"), "x");
	report_val_int_or_null(report_field(n, "limit", "limit"), -1);
	report_val_absent(report_field(n, NULL, "gone"));
	s = report_section(root, "obj", NULL);
	report_val_bool(report_field(report_fields(s, NULL), NULL, "up"),
	    true);
	s = report_section(root, "none", NULL);
	report_node_flags(s, REPORT_JSON_NULL);
	t = report_table(root, "rows", NULL);
	report_node_flags(t, REPORT_TEXT_GAP | REPORT_TEXT_HEADER);
	report_node_textf(t, "rows: 2");
	report_col(t, "addr", "addr", REPORT_ADDR, "%-12s");
	report_col(t, "n", "n", REPORT_INT, " %4s");
	report_col(t, "up", "up_s", REPORT_DURATION, " %s");
	report_col(t, NULL, "ev", REPORT_NODE, NULL);
	r = report_row(t);
	(void)net_addr_parse("10.0.0.1", &a);
	report_val_addr(report_cell(r, 0), &a);
	report_val_int(report_cell(r, 1), 7);
	report_val_duration(report_cell(r, 2), 90061);
	sub = report_val_table(report_cell(r, 3));
	report_col(sub, "line", "line", REPORT_INT, NULL);
	report_val_int(report_cell(report_row(sub), 0), 12);
	r = report_row(t);
	report_val_int(report_cell(r, 1), 8);
	report_val_displayf(report_cell(r, 1), "eight");
	report_row_textf(r, "custom line");
	r = report_row(t);
	report_row_flags(r, REPORT_NO_TEXT);
	n = report_list(root, "notes", NULL, "note: ");
	report_list_addf(n, "n%d", 1);
	n = report_findings(root, "findings", NULL, fl);
	report_node_flags(n, REPORT_TEXT_GAP);
	n = report_hypotheses(root, "hypotheses", NULL);
	report_hyp_support(report_hyp_add(n, "md5_mismatch", 0.75, "keys",
	    "set the key"), "ROUTER_MD5_AUTH_FAILURE");
	n = report_list(root, NULL, NULL, "");
	report_node_flags(n, REPORT_NO_TEXT);
	report_list_addf(n, "html only");
	return d;
}

static void
test_text(void **state)
{
	struct finding_list fl;
	struct report_doc *d = sample(&fl);
	char *s = render_text(d);

	(void)state;
	/* rendered with REPORT_TEXT_NO_REMEDY: no fix, the cause's neither */
	expect_str(s,
	    "verdict: down (fault)\n"
	    "name: x\n"
	    "limit: -\n"
	    "\n"
	    "rows: 2\n"
	    "addr            n up\n"
	    "10.0.0.1        7 1d01h\n"
	    "custom line\n"
	    "note: n1\n"
	    "\n"
	    "error   TCP_SYN_UNANSWERED [TCP]\n"
	    "        SYN unanswered\n"
	    "        evidence: c.pcap frame 3 (t=1.500s)\n"
	    "  1. md5_mismatch (confidence 75%): keys\n"
	    "     supporting: ROUTER_MD5_AUTH_FAILURE\n");
	free(s);
	report_doc_free(d);
	finding_list_release(&fl);
}

static void
test_json(void **state)
{
	struct finding_list fl;
	struct report_doc *d = sample(&fl);
	char *s = render_json(d);

	(void)state;
	expect_str(s,
	    "{\"name\":\"x\",\"limit\":null,\"obj\":{\"up\":true},"
	    "\"none\":null,\"rows\":[{\"addr\":\"10.0.0.1\",\"n\":7,"
	    "\"up_s\":90061,\"ev\":[{\"line\":12}]},{\"addr\":null,\"n\":8,"
	    "\"up_s\":null,\"ev\":null},{\"addr\":null,\"n\":null,"
	    "\"up_s\":null,\"ev\":null}],\"notes\":[\"n1\"],\"findings\":["
	    "{\"code\":\"TCP_SYN_UNANSWERED\",\"severity\":\"error\","
	    "\"layer\":\"TCP\",\"summary\":\"SYN unanswered\",\"evidence\":"
	    "[{\"file\":\"c.pcap\",\"frame\":3,\"time\":"
	    "\"2023-11-14T22:13:21.500000Z\",\"rel_time\":1.5}],\"remedy\":"
	    "\"SYNs to TCP/179 are silently dropped: a firewall, ACL or NSG "
	    "filters the BGP port. Allow TCP/179 both ways between the two "
	    "addresses of the /30 on every filter on the path (router ACLs, "
	    "firewalls, NSGs on test VMs).\"}],\"hypotheses\":[{\"cause\":"
	    "\"md5_mismatch\",\"confidence\":0.75,\"summary\":\"keys\","
	    "\"supporting\":[\"ROUTER_MD5_AUTH_FAILURE\"],\"contradicting\":"
	    "[],\"remedy\":\"set the key\"}]}");
	free(s);
	report_doc_free(d);
	finding_list_release(&fl);
}

static void
test_html_forms(void **state)
{
	struct finding_list fl;
	struct report_doc *d = sample(&fl);
	char *s = render_html(d);

	(void)state;
	assert_non_null(strstr(s, "<div class=\"verdict st-fault\">"));
	assert_non_null(strstr(s, "<td class=\"t-duration\">1d01h</td>"));
	assert_non_null(strstr(s, "<td class=\"t-int\">eight</td>"));
	assert_non_null(strstr(s, "<li>html only</li>"));
	assert_non_null(strstr(s, "frame 3 (t=1.500s)"));
	assert_non_null(strstr(s, "@media print"));
	assert_null(strstr(s, "<script"));
	free(s);
	report_doc_free(d);
	finding_list_release(&fl);
}

static void
test_escape(void **state)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "<script>x</script>", "&lt;script&gt;x&lt;/script&gt;" },
		{ "a\"b'c&d", "a&quot;b&#39;c&amp;d" },
		{ "caf\xc3\xa9 \xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac" },
		{ "bad \xff\xfe!", "bad &#xFFFD;&#xFFFD;!" },
		{ "cut \xe2\x82", "cut &#xFFFD;&#xFFFD;" },
		{ "overlong \xc0\xaf", "overlong &#xFFFD;&#xFFFD;" },
		{ "surrogate \xed\xa0\x80", "surrogate &#xFFFD;&#xFFFD;"
		    "&#xFFFD;" },
		{ "ctl \x01\x1b[31m\x7f", "ctl &#xFFFD;&#xFFFD;[31m&#xFFFD;" },
		{ "tab\tnl\n", "tab\tnl\n" },
		{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },
		{ "\xf4\x90\x80\x80", "&#xFFFD;&#xFFFD;&#xFFFD;&#xFFFD;" },
	};
	struct sb sb;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sb_init(&sb);
		assert_int_equal(report_html_escape(&sb, v[i].in), 0);
		expect_str(sb_str(&sb), v[i].out);
		sb_release(&sb);
	}
}

static void
test_hostile_page(void **state)
{
	struct report_doc *d = report_doc_new("<b>\"title\"</b>");
	struct report_node *t;
	struct report_lane *l;
	char *s, *j;

	(void)state;
	t = report_table(report_doc_root(d), "k\"<", "<i>");
	report_col(t, "<th>", "x", REPORT_TEXT, "%s");
	report_val_text(report_cell(report_row(t), 0), "</td><script>");
	t = report_timeline(report_doc_root(d), "tl", "<tl>", T0, T0);
	l = report_lane(t, "<lane>", "\"><script>");
	report_mark(l, T0, REPORT_MK_OPEN, "</title><script>");
	report_interval(l, T0, T0, REPORT_IV_DOWN, "\xff");
	s = render_html(d);
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "<b>"));
	assert_null(strstr(s, "<i>"));
	assert_null(strstr(s, "<lane>"));
	assert_non_null(strstr(s, "&lt;/td&gt;&lt;script&gt;"));
	assert_non_null(strstr(s, "lane-&quot;&gt;&lt;script&gt;"));
	free(s);
	j = render_json(d);
	/* invalid UTF-8 is replaced, not dropped with its member */
	assert_non_null(strstr(j, "\"label\":\"\xef\xbf\xbd\""));
	free(j);
	report_doc_free(d);
}

static void
test_null_safe(void **state)
{
	struct report_doc *d = report_doc_new("t");
	struct report_node *t = report_table(report_doc_root(d), "t", NULL);

	(void)state;
	/* a NULL node (a failed allocation upstream) is accepted */
	report_val_text(report_field(NULL, "a", "b"), "x");
	report_row_textf(report_row(NULL), "x");
	assert_null(report_section(NULL, "a", NULL));
	/* columns after the first row are refused */
	assert_int_equal(report_col(t, "a", "a", REPORT_INT, NULL), 0);
	assert_non_null(report_row(t));
	assert_int_equal(report_col(t, "b", "b", REPORT_INT, NULL), -1);
	assert_null(report_cell(report_row(t), 5));
	report_doc_free(d);
}

/* Lists as values, integer lines, a builder's own failure. */
static void
test_lists_and_fail(void **state)
{
	struct report_doc *d = report_doc_new("t");
	struct report_node *f, *l;
	struct err e;
	char *s;

	(void)state;
	f = report_fields(report_doc_root(d), NULL);
	l = report_val_list(report_field(f, "VLAN", "vlans"));
	report_list_add_int(l, 100);
	report_list_add_int(l, -7);
	report_list_addf(l, "%s", "42");
	l = report_val_list(report_field(f, "none", "none"));
	s = render_json(d);
	/* integers stay numbers, a text line stays a string */
	expect_str(s, "{\"vlans\":[100,-7,\"42\"],\"none\":[]}");
	free(s);
	s = render_html(d);
	assert_non_null(strstr(s, "<li>100</li>"));
	free(s);
	report_list_add_int(f, 1);	/* not a list: ignored */
	report_list_add_int(NULL, 1);
	assert_null(report_val_list(NULL));
	report_node_fail(NULL);
	err_clear(&e);
	assert_int_equal(report_doc_check(d, &e), 0);
	report_node_fail(l);
	assert_int_equal(report_doc_check(d, &e), -1);
	assert_int_equal(e.code, ERR_NOMEM);
	assert_null(report_doc_json(d));
	report_doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_html_forms),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_hostile_page),
		cmocka_unit_test(test_null_safe),
		cmocka_unit_test(test_lists_and_fail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
