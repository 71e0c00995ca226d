/*
 * report_doc_sample OUT.html [OUT.json]: a report document holding every
 * node kind (verdict, sections, fields, a table with every column type
 * and a nested table, notes, findings with evidence and a subject, a
 * timeline with session, log and carrier lanes, layers, hypotheses,
 * collection commands), its strings laced with markup, quotes,
 * ampersands and invalid UTF-8, written as HTML (and JSON) for
 * tests/integration/test_report_html_browser.sh to load in a browser.
 */
#include <stdio.h>
#include <string.h>

#include "report/report.h"
#include "report/report_doc.h"

#define HOSTILE	"<script>alert(1)</script> \"q\" 'a' & \xff\xfe end"

static void
add_findings(struct finding_list *fl)
{
	struct net_addr peer, local;
	struct finding *f;

	(void)net_addr_parse("192.0.2.2", &peer);
	(void)net_addr_parse("192.0.2.1", &local);
	f = finding_add(fl, FC_TCP_SYN_UNANSWERED, "SYN to %s unanswered "
	    "%s", "192.0.2.2:179", HOSTILE);
	finding_ev_frame(f, "capture.pcap", 12, 1700000001LL * USEC_PER_SEC);
	finding_subj_peers(f, &local, 50123, &peer, 179);
	finding_subj_asns(f, 65010, 12076);
	finding_subj_path(f, PATH_PRIMARY);
	f = finding_add(fl, FC_BGP_HOLD_TIMER_EXPIRED, "hold timer expired "
	    "after 90 s");
	finding_ev_line(f, "router.log", 7);
}

static void
build(struct report_doc *doc, const struct finding_list *fl)
{
	struct report_node *root = report_doc_root(doc), *s, *n, *t, *sub;
	struct report_row *r, *sr;
	struct report_lane *l;
	struct report_hyp *h;
	struct net_addr a;
	usec_t t0 = 1700000000LL * USEC_PER_SEC;

	report_verdict(root, "verdict", REPORT_ST_FAULT, "session down: %s",
	    HOSTILE);
	s = report_section(root, "session", "Session " HOSTILE);
	n = report_fields(s, NULL);
	report_val_text(report_field(n, "name", "name"), HOSTILE);
	report_val_int(report_field(n, "peer AS", "peer_as"), 12076);
	t = report_table(s, "peers", "Peers table");
	report_col(t, "text", "text", REPORT_TEXT, "%-12s");
	report_col(t, "int", "int", REPORT_INT, " %6s");
	report_col(t, "real", "real", REPORT_REAL, " %6s");
	report_col(t, "bool", "bool", REPORT_BOOL, " %4s");
	report_col(t, "address", "address", REPORT_ADDR, " %-12s");
	report_col(t, "time", "time", REPORT_TIME, " %s");
	report_col(t, "duration", "duration", REPORT_DURATION, " %s");
	report_col(t, "nested", "nested", REPORT_NODE, NULL);
	r = report_row(t);
	report_val_text(report_cell(r, 0), HOSTILE);
	report_val_int(report_cell(r, 1), 42);
	report_val_real(report_cell(r, 2), 0.5);
	report_val_bool(report_cell(r, 3), true);
	(void)net_addr_parse("2001:db8::1", &a);
	report_val_addr(report_cell(r, 4), &a);
	report_val_time(report_cell(r, 5), t0);
	report_val_duration(report_cell(r, 6), 3725);
	sub = report_val_table(report_cell(r, 7));
	report_col(sub, "file", "file", REPORT_TEXT, NULL);
	sr = report_row(sub);
	report_val_text(report_cell(sr, 0), "nested-" HOSTILE);
	n = report_list(root, "notes", "Notes", "note: ");
	report_list_addf(n, "a note with %s", HOSTILE);
	report_findings(root, "findings", "Findings", fl);
	n = report_timeline(root, "timeline", "Timeline", t0,
	    t0 + 300 * USEC_PER_SEC);
	l = report_lane(n, "192.0.2.1 -> 192.0.2.2 " HOSTILE, "session");
	report_lane_hold(l, 90);
	report_interval(l, t0, t0 + 5 * USEC_PER_SEC, REPORT_IV_CONNECTING,
	    "TCP up");
	report_interval(l, t0 + 5 * USEC_PER_SEC, t0 + 100 * USEC_PER_SEC,
	    REPORT_IV_ESTABLISHED, NULL);
	report_interval(l, t0 + 100 * USEC_PER_SEC, t0 + 200 * USEC_PER_SEC,
	    REPORT_IV_SILENCE_OVER_HOLD, "silence 100 s > hold 90 s");
	report_mark(l, t0 + 2 * USEC_PER_SEC, REPORT_MK_SYN, NULL);
	report_mark(l, t0 + 4 * USEC_PER_SEC, REPORT_MK_OPEN, "OPEN");
	report_mark(l, t0 + 6 * USEC_PER_SEC, REPORT_MK_UPDATE, "UPDATE");
	report_mark(l, t0 + 35 * USEC_PER_SEC, REPORT_MK_KEEPALIVE, NULL);
	report_mark(l, t0 + 200 * USEC_PER_SEC, REPORT_MK_NOTIFICATION,
	    "hold timer expired " HOSTILE);
	report_mark(l, t0 + 201 * USEC_PER_SEC, REPORT_MK_RESET, NULL);
	l = report_lane(n, "router log", "log");
	report_mark(l, t0 + 200 * USEC_PER_SEC, REPORT_MK_LOG, "BGP down");
	l = report_lane(n, "carrier", "carrier");
	report_interval(l, t0 + 90 * USEC_PER_SEC, t0 + 150 * USEC_PER_SEC,
	    REPORT_IV_CARRIER_DOWN, "link down");
	n = report_layers(root, "layers", "Layers");
	report_layer_add(n, "L2", REPORT_ST_OK, "ARP resolved");
	report_layer_add(n, "TCP/179", REPORT_ST_FAULT, HOSTILE);
	report_layer_add(n, "routing", REPORT_ST_MISSING, "no route export");
	n = report_hypotheses(root, "hypotheses", "Hypotheses");
	h = report_hyp_add(n, "tcp179_blocked", 0.8, "SYNs unanswered",
	    "open TCP 179 " HOSTILE);
	report_hyp_support(h, "TCP_SYN_UNANSWERED");
	report_hyp_contradict(h, "BGP_HOLD_TIMER_EXPIRED");
	n = report_commands(root, "commands", "Collect");
	report_command_add(n, "routing", "effective routes",
	    "az network nic show-effective-route-table -g rg -n nic1");
}

int
main(int argc, char *argv[])
{
	struct finding_list fl;
	struct report_doc *doc;
	struct err e;
	FILE *fp;
	json_t *j;
	int rc = 1;

	if (argc < 2) {
		fprintf(stderr, "usage: report_doc_sample OUT.html "
		    "[OUT.json]\n");
		return 2;
	}
	finding_list_init(&fl);
	add_findings(&fl);
	if ((doc = report_doc_new("erwatch sample " HOSTILE)) == NULL)
		return 3;
	build(doc, &fl);
	err_clear(&e);
	if ((fp = fopen(argv[1], "w")) != NULL) {
		if (report_doc_html(fp, doc, &e) == 0)
			rc = 0;
		if (fclose(fp) == EOF)
			rc = 1;
	}
	if (rc == 0 && argc > 2) {
		rc = 1;
		if ((j = report_doc_json(doc)) != NULL &&
		    (fp = fopen(argv[2], "w")) != NULL) {
			if (report_json_dump(fp, j, &e) == 0)
				rc = 0;
			(void)fclose(fp);
		}
		json_decref(j);
	}
	report_doc_free(doc);
	finding_list_release(&fl);
	return rc;
}
