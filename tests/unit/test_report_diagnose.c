/*
 * The diagnose document from a run built here: a capture's session with
 * its events (handshake, OPENs, Established, a drop, a new connection),
 * a silence longer than the hold time on it, a carrier outage and a
 * router log line, two hypotheses citing findings, two layers with
 * evidence and four without.  Checks the JSON members scripts read, the
 * timeline's lanes, intervals and marks derived from the facts and the
 * findings, that each cited code is listed once with its findings'
 * evidence in HTML, and the text order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diag/analyzer.h"
#include "diag/diag_hypo.h"
#include "report/report.h"
#include "report/report_diagnose.h"

#define T0	(1764561600LL * USEC_PER_SEC)	/* 2025-12-01 04:00Z */
#define S(x)	((usec_t)(x) * USEC_PER_SEC)

struct fixture {
	struct evidence_set	 ev;
	struct finding_list	 fl;
	struct diag_facts	*facts;
	const struct analyzer	*owner[8];
	struct diag_layer_status layers[DL__COUNT];
	struct hypothesis_list	 hyp;
	struct hypothesis	 hv[2];
	struct report_diagnose_run run;
};

static void
event(struct diag_facts *f, usec_t t, enum fact_event_kind k, bool peer)
{
	struct fact_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.session = 0;
	ev.t = t;
	ev.kind = k;
	ev.from_peer = peer;
	ev.frame = (uint64_t)(t - T0) / USEC_PER_SEC + 1;
	if (k == FEV_NOTIFICATION) {
		ev.code = 4;
		ev.subcode = 0;
	}
	facts_add_event(f, &ev);
}

static struct fixture *
fixture(void)
{
	struct fixture *x = calloc(1, sizeof(*x));
	struct fact_session s;
	struct finding *f;
	struct net_addr lo, pe;
	int l;

	assert_non_null(x);
	assert_non_null(x->facts = calloc(1, sizeof(*x->facts)));
	evidence_set_init(&x->ev);
	finding_list_init(&x->fl);
	assert_int_equal(net_addr_parse("192.0.2.1", &lo), 0);
	assert_int_equal(net_addr_parse("192.0.2.2", &pe), 0);
	memset(&s, 0, sizeof(s));
	s.local = lo;
	s.peer = pe;
	s.has_span = true;
	s.from = T0;
	s.to = T0 + S(100);
	s.established = true;
	s.hold_s = 9;
	s.source = "capture";
	strcpy(s.state, "Established");
	strcpy(s.input, "pcap/c.pcap");
	facts_add_session(x->facts, &s);
	event(x->facts, T0, FEV_SYN, false);
	event(x->facts, T0 + S(1), FEV_TCP_UP, false);
	event(x->facts, T0 + S(1), FEV_OPEN, false);
	event(x->facts, T0 + S(1), FEV_OPEN, true);
	event(x->facts, T0 + S(2), FEV_ESTABLISHED, false);
	event(x->facts, T0 + S(40), FEV_NOTIFICATION, false);
	event(x->facts, T0 + S(40), FEV_DOWN, false);
	event(x->facts, T0 + S(50), FEV_TCP_UP, false);
	event(x->facts, T0 + S(51), FEV_ESTABLISHED, false);

	/* 0, 1: the silence (twice: one code listed once), 2: carrier,
	 * 3: the router's log */
	f = finding_add(&x->fl, FC_BGP_KEEPALIVE_GAP, "silent 20 s");
	finding_subj_peers(f, &pe, 179, &lo, 40000);
	finding_subj_span(f, T0 + S(20), T0 + S(40));
	finding_ev_frame(f, "pcap/c.pcap", 33, T0 + S(20));
	f = finding_add(&x->fl, FC_BGP_KEEPALIVE_GAP, "silent 5 s");
	finding_subj_peers(f, &lo, 40000, &pe, 179);
	finding_subj_span(f, T0 + S(60), T0 + S(65));
	f = finding_add(&x->fl, FC_CARRIER_LINK_DOWN, "carrier down");
	finding_subj_span(f, T0 + S(30), T0 + S(45));
	finding_ev_line(f, "carrier/out.csv", 5);
	f = finding_add(&x->fl, FC_ROUTER_NOTIFICATION, "NOTIFICATION sent");
	finding_ev_line(f, "router/r.log", 4);
	x->fl.v[3].ev[0].has_time = true;
	x->fl.v[3].ev[0].time = T0 + S(40);
	x->owner[3] = &analyzer_router;

	x->hv[0].cause = CAUSE_hold_timer_expiry;
	x->hv[0].confidence = 0.7449;
	strcpy(x->hv[0].summary, "silence <over> the hold time");
	x->hv[0].supporting[0] = 0;
	x->hv[0].supporting[1] = 1;
	x->hv[0].nsupporting = 2;
	x->hv[0].contradicting[0] = 2;
	x->hv[0].ncontradicting = 1;
	x->hv[0].subject = x->fl.v[0].subject;
	x->hv[1].cause = CAUSE_carrier_outage;
	x->hv[1].confidence = 0.5;
	strcpy(x->hv[1].summary, "carrier");
	x->hv[1].supporting[0] = 2;
	x->hv[1].nsupporting = 1;
	x->hyp.v = x->hv;
	x->hyp.n = 2;

	for (l = 0; l < DL__COUNT; l++) {
		x->layers[l].id = (enum diag_layer_id)l;
		if (l == DL_BGP || l == DL_PACKETS) {
			x->layers[l].nevidence = 1;
			x->layers[l].has_worst = true;
			x->layers[l].worst = SEV_ERROR;
			x->layers[l].worst_f = &x->fl.v[0];
		} else {
			x->layers[l].ncollect = 1;
			snprintf(x->layers[l].collect[0], DIAG_COLLECT_LEN,
			    "collect %s > <file>", diag_layer_name(
			    (enum diag_layer_id)l));
		}
	}
	x->run.dir = "ev";
	x->run.ev = &x->ev;
	x->run.fl = &x->fl;
	x->run.owner = x->owner;
	x->run.facts = x->facts;
	x->run.layers = x->layers;
	x->run.hyp = &x->hyp;
	x->run.recognised = 2;
	return x;
}

static void
fixture_free(struct fixture *x)
{
	finding_list_release(&x->fl);
	evidence_set_release(&x->ev);
	free(x->facts);
	free(x);
}

static struct report_doc *
build(struct fixture *x)
{
	struct report_doc *d = report_doc_new("erwatch diagnose");
	struct err e;

	assert_non_null(d);
	report_diagnose_build(report_doc_root(d), &x->run);
	err_clear(&e);
	assert_int_equal(report_doc_check(d, &e), 0);
	return d;
}

static void
test_json(void **state)
{
	struct fixture *x = fixture();
	struct report_doc *d = build(x);
	json_t *j = report_doc_json(d), *h, *l, *tl, *lane;
	const char *keys[] = { "folder", "verdict", "hypotheses", "layers",
	    "timeline", "evidence", "findings", "facts" };
	size_t i;

	(void)state;
	assert_non_null(j);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_non_null(json_object_get(j, keys[i]));
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "verdict"), "cause")), "hold_timer_expiry");
	assert_true(json_is_true(json_object_get(json_object_get(j,
	    "verdict"), "fault")));
	h = json_array_get(json_object_get(j, "hypotheses"), 0);
	assert_true(json_is_true(json_object_get(h, "fault")));
	/* two decimals, as before the document */
	assert_true(json_real_value(json_object_get(h, "confidence")) == 0.74);
	/* two BGP_KEEPALIVE_GAP findings are one code */
	assert_int_equal(json_array_size(json_object_get(h, "supporting")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(h,
	    "contradicting"), 0)), "CARRIER_LINK_DOWN");
	assert_non_null(json_object_get(h, "subject"));
	l = json_object_get(j, "layers");
	/* the preflight layer, optional and without evidence, is left out */
	assert_int_equal(json_array_size(l), DL__COUNT - 1);
	assert_string_not_equal(json_string_value(json_object_get(
	    json_array_get(l, DL__COUNT - 2), "layer")), "preflight");
	assert_string_equal(json_string_value(json_object_get(json_array_get(l,
	    DL_CIRCUIT), "state")), "no-evidence");
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    json_array_get(l, DL_CIRCUIT), "collect"), 0)),
	    "collect circuit > <file>");
	assert_true(json_is_null(json_object_get(json_array_get(l, DL_CIRCUIT),
	    "worst")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_array_get(l, DL_BGP), "worst"), "code")),
	    "BGP_KEEPALIVE_GAP");
	assert_true(json_is_null(json_object_get(json_object_get(j, "facts"),
	    "circuit")));
	/* lanes: the session, the router log, the carrier */
	tl = json_object_get(j, "timeline");
	assert_int_equal(json_array_size(json_object_get(tl, "lanes")), 3);
	lane = json_array_get(json_object_get(tl, "lanes"), 0);
	assert_string_equal(json_string_value(json_object_get(lane, "kind")),
	    "session");
	assert_int_equal(json_integer_value(json_object_get(lane,
	    "hold_time")), 9);
	json_decref(j);
	report_doc_free(d);
	fixture_free(x);
}

/* The kinds of the lane's intervals, in order, as one string. */
static void
kinds(json_t *lane, const char *what, char *buf, size_t len)
{
	json_t *a = json_object_get(lane, what);
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < json_array_size(a); i++) {
		strncat(buf, json_string_value(json_object_get(json_array_get(a,
		    i), "kind")), len - strlen(buf) - 2);
		strncat(buf, " ", len - strlen(buf) - 1);
	}
}

static void
test_timeline(void **state)
{
	struct fixture *x = fixture();
	struct report_doc *d = build(x);
	json_t *j = report_doc_json(d), *lanes;
	char buf[512];
	usec_t a = 0, b = 0;

	(void)state;
	assert_true(report_diagnose_span(&x->run, &a, &b));
	assert_true(a == T0 && b == T0 + S(100));
	lanes = json_object_get(json_object_get(j, "timeline"), "lanes");
	kinds(json_array_get(lanes, 0), "intervals", buf, sizeof(buf));
	/* the 20 s silence is over the 9 s hold time, the 5 s one not */
	assert_string_equal(buf, "connecting established down connecting "
	    "established silence_over_hold silence ");
	kinds(json_array_get(lanes, 0), "marks", buf, sizeof(buf));
	assert_string_equal(buf, "syn open open notification ");
	kinds(json_array_get(lanes, 1), "marks", buf, sizeof(buf));
	assert_string_equal(buf, "log ");
	kinds(json_array_get(lanes, 2), "intervals", buf, sizeof(buf));
	assert_string_equal(buf, "carrier_down ");
	/* nothing timed: no timeline */
	x->facts->nsessions = 0;
	x->facts->nevents = 0;
	x->fl.n = 0;
	assert_false(report_diagnose_span(&x->run, &a, &b));
	json_decref(j);
	report_doc_free(d);
	fixture_free(x);
}

/*
 * UPDATEs and KEEPALIVEs: a few of a kind are marked one by one, many are
 * counted in bins whose width doubles as the session goes on, every
 * message kept in some bin; a session only a router log tells of gets a
 * lane of its own, one the capture saw does not get a second one.
 */
static void
test_msgs_and_router_lanes(void **state)
{
	struct fixture *x = fixture();
	struct report_doc *d;
	struct fact_msgs *m;
	struct fact_clock_event ce;
	json_t *j, *lanes, *mk;
	uint64_t sum = 0, n;
	size_t i, nbins = 0, nka = 0;
	char buf[512];

	(void)state;
	m = &x->facts->msgs[x->facts->nmsgs++];
	m->session = 0;
	for (i = 0; i < 10; i++)
		fact_msgs_add(m, FMSG_KEEPALIVE, T0 + S(3 + 9 * i), i + 10,
		    i % 2 == 0);
	for (i = 0; i < 100000; i++)
		fact_msgs_add(m, FMSG_UPDATE, T0 + S(2) + (usec_t)i * 900,
		    i + 100, true);
	assert_int_equal(m->total[FMSG_UPDATE], 100000);
	assert_int_equal(m->nexact[FMSG_UPDATE], FACTS_MSG_EXACT);
	for (i = 0; i < FACTS_MSG_BINS; i++)
		sum += m->bins[FMSG_UPDATE][i];
	assert_int_equal(sum, 100000);
	/* 90 s of UPDATEs in 96 bins: doubled from 1 ms to 1.024 s */
	assert_true(m->width == 1024000);
	assert_true(m->exact[FMSG_KEEPALIVE][0].from_peer);
	/* a router log's session not captured, and one captured */
	memset(&ce, 0, sizeof(ce));
	ce.source = "router";
	strcpy(ce.input, "router/r.log");
	ce.code = ce.subcode = -1;
	assert_int_equal(net_addr_parse("198.51.100.2", &ce.peer), 0);
	ce.kind = FCE_UP;
	ce.t = T0 + S(10);
	facts_add_clock_event(x->facts, &ce);
	ce.kind = FCE_NOTIFICATION;
	ce.code = 4;
	ce.subcode = 0;
	ce.t = T0 + S(60);
	facts_add_clock_event(x->facts, &ce);
	ce.kind = FCE_DOWN;
	ce.hold_expired = true;
	ce.t = T0 + S(61);
	facts_add_clock_event(x->facts, &ce);
	assert_int_equal(net_addr_parse("192.0.2.2", &ce.peer), 0);
	facts_add_clock_event(x->facts, &ce);

	d = build(x);
	j = report_doc_json(d);
	lanes = json_object_get(json_object_get(j, "timeline"), "lanes");
	/* the session, the router-only session, the log, the carrier */
	assert_int_equal(json_array_size(lanes), 4);
	for (i = 0; i < json_array_size(json_object_get(json_array_get(lanes,
	    0), "marks")); i++) {
		mk = json_array_get(json_object_get(json_array_get(lanes, 0),
		    "marks"), i);
		n = (uint64_t)json_integer_value(json_object_get(mk, "count"));
		if (strcmp(json_string_value(json_object_get(mk, "kind")),
		    "update") == 0) {
			assert_true(n > 0);
			assert_non_null(json_object_get(mk, "end"));
			nbins++;
			sum -= n;
		} else if (strcmp(json_string_value(json_object_get(mk,
		    "kind")), "keepalive") == 0) {
			assert_true(n == 0);
			nka++;
		}
	}
	assert_true(nbins > 0 && nbins <= FACTS_MSG_BINS);
	assert_int_equal(sum, 0);
	assert_int_equal(nka, 10);
	mk = json_array_get(lanes, 1);
	assert_string_equal(json_string_value(json_object_get(mk, "kind")),
	    "router");
	assert_string_equal(json_string_value(json_object_get(mk, "label")),
	    "198.51.100.2 (router log)");
	kinds(mk, "marks", buf, sizeof(buf));
	assert_string_equal(buf, "log notification log ");
	/* down from the NOTIFICATION to the log's last line */
	kinds(mk, "intervals", buf, sizeof(buf));
	assert_string_equal(buf, "established down ");
	assert_non_null(strstr(json_string_value(json_object_get(
	    json_array_get(json_object_get(mk, "marks"), 2), "label")),
	    "hold timer expired"));
	json_decref(j);
	report_doc_free(d);
	fixture_free(x);
}

static void
test_html_text(void **state)
{
	struct fixture *x = fixture();
	struct report_doc *d = build(x);
	char *buf = NULL, *p[5];
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(report_doc_html(fp, d, &e), 0);
	fclose(fp);
	assert_non_null(strstr(buf, "<li class=\"hyp hyp-fault\"><h3 "
	    "data-cause=\"hold_timer_expiry\">"));
	/* the finding behind a code, with its frame */
	assert_non_null(strstr(buf, "<li><code>BGP_KEEPALIVE_GAP</code> "
	    "silent 20 s<ul class=\"evidence\"><li>pcap/c.pcap frame 33"));
	assert_non_null(strstr(buf, "silence &lt;over&gt; the hold time"));
	assert_non_null(strstr(buf, "<li class=\"layer st-missing\">"));
	assert_non_null(strstr(buf, "<pre>collect nsg &gt; &lt;file&gt;"
	    "</pre>"));
	assert_non_null(strstr(buf, "<g class=\"lane lane-carrier\">"));
	assert_null(strstr(buf, "<script"));
	free(buf);
	buf = NULL;
	fp = open_memstream(&buf, &len);
	assert_int_equal(report_doc_text(fp, d, REPORT_TEXT_NO_REMEDY), 0);
	fclose(fp);
	p[0] = strstr(buf, "\nverdict: hold_timer_expiry (74%)");
	p[1] = strstr(buf, "\nroot causes (best first):");
	p[2] = strstr(buf, "\nlayers (playbook order):");
	p[3] = strstr(buf, "\nfindings:");
	p[4] = strstr(buf, "\nfacts:");
	for (i = 0; i < 5; i++) {
		assert_non_null(p[i]);
		if (i > 0)
			assert_true(p[i - 1] < p[i]);
	}
	assert_non_null(strstr(buf, "  circuit  no evidence; collect it "
	    "with:\n             collect circuit > <file>\n"));
	/* --no-remedy holds for the causes too */
	assert_null(strstr(buf, "fix:"));
	free(buf);
	report_doc_free(d);
	fixture_free(x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_msgs_and_router_lanes),
		cmocka_unit_test(test_html_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
