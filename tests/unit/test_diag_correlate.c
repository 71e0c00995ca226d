/*
 * Correlation across evidence, from constructed findings and facts: the
 * addresses a capture or a router uses against the peering's /30 pair,
 * the frames' tags against the vlanId, the OPENs' and the router's ASNs
 * against the export's, the clock shift between two inputs seen in the
 * same session events (and the outage join done on the aligned clocks),
 * and two inputs disagreeing on a session's state.  Each case has its
 * twin that must not fire, and the ranking the finding leads to.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diag/analyzer.h"
#include "diag/diag_correlate.h"
#include "diag/diag_hypo.h"

#define T0	(1764075210LL * USEC_PER_SEC)	/* 2025-11-25 12:53:30 */
#define SEC	USEC_PER_SEC

static struct net_addr
A(const char *s)
{
	struct net_addr a;

	memset(&a, 0, sizeof(a));
	if (s != NULL)
		assert_int_equal(net_addr_parse(s, &a), 0);
	return a;
}

static struct diag_facts *
facts_new(void)
{
	struct diag_facts *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	return f;
}

static void
peer(struct diag_facts *f, const char *source, const char *input,
    const char *local, const char *remote, uint32_t las, uint32_t pas,
    uint16_t vlan, enum path_role path)
{
	struct fact_peer p;

	memset(&p, 0, sizeof(p));
	p.local = A(local);
	p.peer = A(remote);
	p.local_as = las;
	p.peer_as = pas;
	p.vlan = vlan;
	p.path = path;
	p.source = source;
	str_copy(p.input, input, sizeof(p.input));
	if (strcmp(source, "circuit") == 0)
		str_copy(p.where, "/peerings/0", sizeof(p.where));
	facts_add_peer(f, &p);
}

/* The circuit export's peering: 10.1.0.0/30 primary, 10.1.0.4/30
 * secondary, peerASN 65020, vlanId 100. */
static void
circuit(struct diag_facts *f, uint16_t vlan)
{
	f->circuit.known = true;
	str_copy(f->circuit.name, "erc-test", sizeof(f->circuit.name));
	peer(f, "circuit", "azure/er-circuit.json", "10.1.0.1", "10.1.0.2",
	    65020, 12076, vlan, PATH_PRIMARY);
	peer(f, "circuit", "azure/er-circuit.json", "10.1.0.5", "10.1.0.6",
	    65020, 12076, vlan, PATH_SECONDARY);
}

static void
event(struct diag_facts *f, const char *source, const char *input,
    const char *local, const char *remote, enum fact_clock_kind k,
    usec_t t)
{
	struct fact_clock_event e;

	memset(&e, 0, sizeof(e));
	e.local = A(local);
	e.peer = A(remote);
	e.kind = k;
	e.t = t;
	e.unit = 7;
	e.source = source;
	str_copy(e.input, input, sizeof(e.input));
	facts_add_clock_event(f, &e);
}

static void
span(struct diag_facts *f, const char *source, const char *input,
    usec_t from, usec_t to)
{
	struct fact_span s;

	memset(&s, 0, sizeof(s));
	s.from = from;
	s.to = to;
	s.source = source;
	str_copy(s.input, input, sizeof(s.input));
	facts_add_span(f, &s);
}

/* input saw the session with remote Established. */
static void
up(struct diag_facts *f, const char *input, const char *local,
    const char *remote)
{
	struct fact_session s;

	memset(&s, 0, sizeof(s));
	s.local = A(local);
	s.peer = A(remote);
	s.established = true;
	str_copy(s.state, "Established", sizeof(s.state));
	s.source = "router";
	str_copy(s.input, input, sizeof(s.input));
	facts_add_session(f, &s);
}

/* A capture finding: frame evidence, the pair, the tags. */
static struct finding *
cap_finding(struct finding_list *l, enum finding_code code,
    const char *input, const char *local, const char *remote,
    unsigned vlan, unsigned inner)
{
	struct net_addr a = A(local), b = A(remote);
	struct finding *f = finding_add(l, code, "%s", finding_def(code)->code);

	assert_non_null(f);
	finding_ev_frame(f, input, 3, T0);
	finding_subj_peers(f, &a, 0, &b, code == FC_ARP_UNANSWERED ? 0 : 179);
	finding_subj_vlan(f, vlan, inner);
	return f;
}

static size_t
count(const struct finding_list *l, enum finding_code code)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->v[i].code == code;
	return n;
}

static const struct finding *
first(const struct finding_list *l, enum finding_code code)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].code == code)
			return &l->v[i];
	fail_msg("no %s among %zu findings", finding_def(code)->code, l->n);
	return NULL;
}

static bool
ev_names(const struct finding *f, const char *input)
{
	unsigned i;

	for (i = 0; i < f->nev; i++)
		if (strcmp(f->ev[i].input, input) == 0)
			return true;
	return false;
}

static enum cause_id
best(const struct finding_list *l)
{
	struct hypothesis_list hl;
	struct err e;
	enum cause_id c;

	memset(&e, 0, sizeof(e));
	assert_int_equal(diag_rank(l, &hl, &e), 0);
	assert_true(hl.n > 0);
	c = hl.v[0].cause;
	hypothesis_list_release(&hl);
	return c;
}

/* ------------------------------------------------------------------ */

static void
test_arp_swapped_points_at_the_address(void **state)
{
	struct diag_facts *fx = facts_new();
	struct finding_list l;
	const struct finding *f;

	(void)state;
	circuit(fx, 100);
	/* the router took Microsoft's .2 and asks for its own .1 */
	finding_list_init(&l);
	cap_finding(&l, FC_ARP_UNANSWERED, "pcap/c.pcap", "10.1.0.2",
	    "10.1.0.1", 0, 0);
	assert_int_equal(best(&l), CAUSE_l2_down);
	diag_correlate(&l, fx);
	assert_int_equal(count(&l, FC_PEER_ADDR_NOT_PEERING), 1);
	f = first(&l, FC_PEER_ADDR_NOT_PEERING);
	assert_non_null(strstr(f->summary, "swapped"));
	assert_non_null(strstr(f->summary, "10.1.0.0/30"));
	assert_int_equal(f->subject.path, PATH_PRIMARY);
	/* both sides cited: the frames and the export's prefix */
	assert_true(ev_names(f, "pcap/c.pcap"));
	assert_true(ev_names(f, "azure/er-circuit.json"));
	assert_int_equal(best(&l), CAUSE_peer_ip_wrong);
	finding_list_release(&l);

	/* the right pair asking in vain: the wire, not the address */
	finding_list_init(&l);
	cap_finding(&l, FC_ARP_UNANSWERED, "pcap/c.pcap", "10.1.0.1",
	    "10.1.0.2", 0, 0);
	diag_correlate(&l, fx);
	assert_int_equal(count(&l, FC_PEER_ADDR_NOT_PEERING), 0);
	assert_int_equal(best(&l), CAUSE_l2_down);
	finding_list_release(&l);
	free(fx);
}

static void
test_router_neighbor_and_capture_session(void **state)
{
	struct diag_facts *fx = facts_new();
	struct finding_list l;

	(void)state;
	circuit(fx, 100);
	/* neighbor .5: the on-premises address of the secondary path */
	peer(fx, "router", "router/show.txt", NULL, "10.1.0.5", 65020, 12076,
	    0, PATH_UNKNOWN);
	/* neighbor .2: right */
	peer(fx, "router", "router/show.txt", NULL, "10.1.0.2", 65020, 12076,
	    0, PATH_UNKNOWN);
	/* a capture's session with a host that is not Microsoft's .2 */
	peer(fx, "capture", "pcap/c.pcap", "10.1.0.1", "10.1.0.3", 0, 0, 0,
	    PATH_UNKNOWN);
	/* far off both /30s, Microsoft's AS, never up: misaddressed */
	peer(fx, "router", "router/show.txt", NULL, "192.0.2.9", 65020,
	    12076, 0, PATH_UNKNOWN);
	/* off the /30s but an iBGP peer, and another circuit's session
	 * that is up: not this peering's */
	peer(fx, "router", "router/show.txt", NULL, "10.99.0.1", 65020,
	    65020, 0, PATH_UNKNOWN);
	peer(fx, "router", "router/show.txt", NULL, "192.0.2.13", 65020,
	    12076, 0, PATH_UNKNOWN);
	up(fx, "router/show.txt", NULL, "192.0.2.13");
	/* the MSEE's own view (AS 12076 itself): its neighbor is the
	 * on-premises .1, right */
	peer(fx, "router", "router/msee.txt", NULL, "10.1.0.1", 12076, 65020,
	    0, PATH_UNKNOWN);
	finding_list_init(&l);
	diag_correlate(&l, fx);
	assert_int_equal(count(&l, FC_PEER_ADDR_NOT_PEERING), 3);
	assert_int_equal(count(&l, FC_SESSION_AS_MISMATCH), 0);
	assert_non_null(strstr(l.v[0].summary, "neighbor 10.1.0.5"));
	assert_non_null(strstr(l.v[0].summary, "swapped"));
	assert_int_equal(l.v[0].subject.path, PATH_SECONDARY);
	assert_non_null(strstr(l.v[1].summary, "10.1.0.3 is not Microsoft's "
	    "address 10.1.0.2"));
	assert_non_null(strstr(l.v[2].summary, "outside the peering's /30s "
	    "10.1.0.0/30, 10.1.0.4/30"));
	finding_list_release(&l);
	free(fx);
}

static void
test_vlan_tags(void **state)
{
	struct diag_facts *fx = facts_new();
	struct finding_list l;
	const struct finding *f;

	(void)state;
	circuit(fx, 100);
	finding_list_init(&l);
	/* the session's frames tagged 200: wrong */
	cap_finding(&l, FC_BGP_ESTABLISHED, "pcap/a.pcap", "10.1.0.1",
	    "10.1.0.2", 200, 0);
	cap_finding(&l, FC_BGP_HOLD_TIME_SHORT, "pcap/a.pcap", "10.1.0.1",
	    "10.1.0.2", 200, 0);
	/* QinQ, provider's S-tag 300 over C-tag 100: right */
	cap_finding(&l, FC_BGP_ESTABLISHED, "pcap/b.pcap", "10.1.0.5",
	    "10.1.0.6", 300, 100);
	/* QinQ with the vlanId outside: the C-tag is what counts */
	cap_finding(&l, FC_BGP_ESTABLISHED, "pcap/c.pcap", "10.1.0.5",
	    "10.1.0.6", 100, 42);
	/* another peering's frames on the same trunk: not ours to judge */
	cap_finding(&l, FC_BGP_ESTABLISHED, "pcap/a.pcap", "10.7.0.1",
	    "10.7.0.2", 300, 0);
	/* untagged: the capture was taken on the sub-interface */
	cap_finding(&l, FC_BGP_ESTABLISHED, "pcap/d.pcap", "10.1.0.1",
	    "10.1.0.2", 0, 0);
	diag_correlate(&l, fx);
	assert_int_equal(count(&l, FC_VLAN_TAG_MISMATCH), 2);
	f = first(&l, FC_VLAN_TAG_MISMATCH);
	assert_non_null(strstr(f->summary, "802.1Q tag 200"));
	assert_non_null(strstr(f->summary, "vlanId is 100"));
	assert_true(ev_names(f, "pcap/a.pcap"));
	assert_true(ev_names(f, "azure/er-circuit.json"));
	assert_int_equal(f->subject.vlan, 200);
	assert_non_null(strstr(l.v[l.n - 1].summary, "S-tag 100 / C-tag 42"));
	/* sessions up over the tag weigh against, but the tag itself is
	 * the misconfiguration seen */
	assert_int_equal(best(&l), CAUSE_vlan_mismatch);
	finding_list_release(&l);
	free(fx);
}

static void
test_asns(void **state)
{
	struct diag_facts *fx = facts_new();
	struct finding_list l;

	(void)state;
	circuit(fx, 100);
	/* the capture's OPENs: on-premises 65010, Microsoft 12076; the
	 * capture took .2 for the local side (it sent the SYN) */
	peer(fx, "capture", "pcap/c.pcap", "10.1.0.2", "10.1.0.1", 12076,
	    65010, 0, PATH_UNKNOWN);
	/* the router peers with remote-as 12077 from the right AS */
	peer(fx, "router", "router/show.txt", NULL, "10.1.0.6", 65020, 12077,
	    0, PATH_UNKNOWN);
	/* a router neighbor with everything right */
	peer(fx, "router", "router/show.txt", NULL, "10.1.0.2", 65020, 12076,
	    0, PATH_UNKNOWN);
	/* the MSEE's view: its own AS right, the on-premises 65030 not */
	peer(fx, "router", "router/msee.txt", NULL, "10.1.0.5", 12076, 65030,
	    0, PATH_UNKNOWN);
	/* another peer's AS, off the /30s: not compared */
	peer(fx, "router", "router/show.txt", NULL, "10.99.0.1", 65020, 65020,
	    0, PATH_UNKNOWN);
	finding_list_init(&l);
	diag_correlate(&l, fx);
	assert_int_equal(count(&l, FC_SESSION_AS_MISMATCH), 3);
	assert_non_null(strstr(l.v[2].summary, "router/msee.txt shows the "
	    "neighbor's remote AS 65030 for neighbor 10.1.0.5, the peering "
	    "has 65020 (peerASN"));
	assert_int_equal(count(&l, FC_PEER_ADDR_NOT_PEERING), 0);
	assert_non_null(strstr(l.v[0].summary, "on-premises' AS 65010"));
	assert_non_null(strstr(l.v[0].summary, "has 65020 (peerASN"));
	assert_non_null(strstr(l.v[1].summary, "remote AS 12077"));
	assert_non_null(strstr(l.v[1].summary, "has 12076 (azureASN"));
	assert_int_equal(l.v[1].subject.path, PATH_SECONDARY);
	assert_int_equal(best(&l), CAUSE_peer_as_mismatch);
	finding_list_release(&l);
	free(fx);
}

/* Like events on two clocks: the capture's at t, the router's at
 * t + shift + jitter[i]. */
static void
paired(struct diag_facts *fx, usec_t shift, const usec_t *jitter, size_t n)
{
	static const enum fact_clock_kind k[] = { FCE_NOTIFICATION, FCE_UP,
	    FCE_DOWN, FCE_NOTIFICATION, FCE_UP };
	size_t i;

	for (i = 0; i < n; i++) {
		usec_t t = T0 + (usec_t)i * 7 * SEC + (usec_t)i * i * SEC;

		event(fx, "capture", "pcap/c.pcap", "10.1.0.1", "10.1.0.2",
		    k[i % 5], t);
		event(fx, "router", "router/frr.log", NULL, "10.1.0.2",
		    k[i % 5], t + shift + jitter[i]);
	}
}

static void
test_clock_offset(void **state)
{
	static const usec_t jit[] = { 300000, -400000, 900000, 0, 500000 };
	static const usec_t wild[] = { 0, 40 * SEC, -90 * SEC, 0, 0 };
	struct diag_facts *fx = facts_new();
	struct finding_list l;
	const struct finding *f;

	(void)state;
	/* an hour off (a log written in local time), seconds of jitter */
	paired(fx, 3600 * SEC, jit, 5);
	finding_list_init(&l);
	diag_correlate(&l, fx);
	assert_int_equal(count(&l, FC_CLOCK_OFFSET), 1);
	f = first(&l, FC_CLOCK_OFFSET);
	assert_non_null(strstr(f->summary, "router/frr.log's clock is 60 min "
	    "00 s ahead of pcap/c.pcap's (5 session events"));
	assert_true(ev_names(f, "pcap/c.pcap"));
	assert_true(ev_names(f, "router/frr.log"));
	assert_int_equal(f->sev, SEV_INFO);
	finding_list_release(&l);
	memset(fx, 0, sizeof(*fx));

	/* behind by 37 s */
	paired(fx, -37 * SEC, jit, 4);
	finding_list_init(&l);
	diag_correlate(&l, fx);
	assert_non_null(strstr(first(&l, FC_CLOCK_OFFSET)->summary,
	    "37 s behind"));
	finding_list_release(&l);
	memset(fx, 0, sizeof(*fx));

	/* within the stamps' resolution: nothing to say */
	paired(fx, 0, jit, 5);
	finding_list_init(&l);
	diag_correlate(&l, fx);
	assert_int_equal(count(&l, FC_CLOCK_OFFSET), 0);
	finding_list_release(&l);
	memset(fx, 0, sizeof(*fx));

	/* one event in both proves no shift */
	paired(fx, 600 * SEC, jit, 1);
	finding_list_init(&l);
	diag_correlate(&l, fx);
	assert_int_equal(count(&l, FC_CLOCK_OFFSET), 0);
	finding_list_release(&l);
	memset(fx, 0, sizeof(*fx));

	/* shifts that are not constant: no two events agree */
	paired(fx, 600 * SEC, wild, 3);
	finding_list_init(&l);
	diag_correlate(&l, fx);
	assert_int_equal(count(&l, FC_CLOCK_OFFSET), 0);
	finding_list_release(&l);
	free(fx);
}

static void
test_outage_on_aligned_clocks(void **state)
{
	static const usec_t jit[] = { 0, 0, 0, 0, 0 };
	struct diag_facts *fx = facts_new();
	struct finding_list l;
	struct finding *f;
	const struct finding *g;
	struct net_addr a = A("10.1.0.1"), b = A("10.1.0.2");
	usec_t link_at = T0 + 7200 * SEC;	/* on the router's clock */

	(void)state;
	/* the router's clock is an hour ahead of the capture's */
	paired(fx, 3600 * SEC, jit, 3);
	finding_list_init(&l);
	f = finding_add(&l, FC_ROUTER_LINK_DOWN, "link down");
	finding_ev_line(f, "router/frr.log", 40);
	finding_subj_span(f, link_at, link_at + 60 * SEC);
	finding_subj_object(f, "interface", "Gi0/0/1");
	/* the capture's hold expiry 170 s after the link went, on its own
	 * clock an hour earlier */
	f = finding_add(&l, FC_BGP_HOLD_TIMER_EXPIRED, "hold expired");
	finding_ev_frame(f, "pcap/c.pcap", 900, link_at - 3600 * SEC +
	    170 * SEC);
	finding_subj_peers(f, &a, 40001, &b, 179);
	finding_subj_span(f, link_at - 3600 * SEC, link_at - 3600 * SEC +
	    170 * SEC);
	/* without the facts the hour apart keeps them apart */
	{
		struct finding_list l2;
		size_t i;

		finding_list_init(&l2);
		for (i = 0; i < l.n; i++) {
			struct finding *c = finding_add(&l2, l.v[i].code, "x");

			assert_non_null(c);
			*c = l.v[i];
		}
		diag_correlate(&l2, NULL);
		assert_int_equal(count(&l2, FC_LINK_OUTAGE_AT_DROP), 0);
		finding_list_release(&l2);
	}
	diag_correlate(&l, fx);
	assert_int_equal(count(&l, FC_CLOCK_OFFSET), 1);
	assert_int_equal(count(&l, FC_LINK_OUTAGE_AT_DROP), 1);
	g = first(&l, FC_LINK_OUTAGE_AT_DROP);
	assert_non_null(strstr(g->summary, "2 min 50 s after Gi0/0/1"));
	assert_non_null(strstr(g->summary, "clock taken 60 min 00 s behind"));
	/* told on the outage's clock */
	assert_int_equal(g->subject.from, link_at);
	assert_int_equal(g->subject.to, link_at + 170 * SEC);
	assert_true(ev_names(g, "pcap/c.pcap"));
	assert_true(ev_names(g, "router/frr.log"));
	assert_int_equal(best(&l), CAUSE_carrier_outage);
	finding_list_release(&l);
	free(fx);
}

/* A monitor outage of the MSEE's address, as diag_monitor() gives it. */
static void
monitor_outage(struct finding_list *l, enum finding_code code,
    const char *addr, usec_t from, usec_t to)
{
	struct net_addr a = A(addr);
	struct finding *f = finding_add(l, code, "monitor outage");

	assert_non_null(f);
	finding_subj_peers(f, NULL, 0, &a, 179);
	finding_subj_span(f, from, to);
	finding_subj_object(f, "endpoint", "tcp:10.1.0.2:179");
	finding_ev_note(f, "monitor/history.db", "state_change");
}

static void
test_drop_in_monitor_outage(void **state)
{
	struct diag_facts *fx = facts_new();
	struct finding_list l;
	const struct finding *g;
	usec_t at = T0 + 600 * SEC;	/* the capture's hold expiry */
	struct finding *f;
	struct net_addr a = A("10.1.0.2"), b = A("10.1.0.1");

	(void)state;
	finding_list_init(&l);
	/* the capture names the pair as the MSEE sent its NOTIFICATION:
	 * the monitored address is the local end */
	f = finding_add(&l, FC_BGP_HOLD_TIMER_EXPIRED, "hold expired");
	finding_ev_frame(f, "pcap/c.pcap", 27, at);
	finding_subj_peers(f, &a, 40001, &b, 179);
	finding_subj_span(f, at, at);
	f = finding_add(&l, FC_BGP_KEEPALIVE_GAP, "silence");
	finding_ev_frame(f, "pcap/c.pcap", 26, at);
	finding_subj_peers(f, &a, 40001, &b, 179);
	finding_subj_span(f, at - 9 * SEC, at);
	/* failing from 100 s after the drop: within the slack */
	monitor_outage(&l, FC_MONITOR_OUTAGE, "10.1.0.2", at + 100 * SEC,
	    at + 400 * SEC);
	diag_correlate(&l, fx);
	/* the expiry and the silence ending with it are one drop */
	assert_int_equal(count(&l, FC_MONITOR_OUTAGE_AT_DROP), 1);
	g = first(&l, FC_MONITOR_OUTAGE_AT_DROP);
	assert_true(ev_names(g, "pcap/c.pcap"));
	assert_true(ev_names(g, "monitor/history.db"));
	assert_int_equal(g->subject.from, at);
	assert_int_equal(g->subject.to, at + 400 * SEC);
	assert_string_equal(g->subject.object, "tcp:10.1.0.2:179");
	assert_int_equal(best(&l), CAUSE_hold_timer_expiry);
	finding_list_release(&l);

	/* further than the slack, or another address: no join */
	finding_list_init(&l);
	f = finding_add(&l, FC_BGP_HOLD_TIMER_EXPIRED, "hold expired");
	finding_ev_frame(f, "pcap/c.pcap", 27, at);
	finding_subj_peers(f, &a, 40001, &b, 179);
	finding_subj_span(f, at, at);
	monitor_outage(&l, FC_MONITOR_OUTAGE, "10.1.0.2", at +
	    CORRELATE_MONITOR_SLACK + SEC, at + 900 * SEC);
	monitor_outage(&l, FC_MONITOR_CLOUD_BGP_DOWN, "10.1.0.6", at - 60 * SEC,
	    at + 60 * SEC);
	diag_correlate(&l, fx);
	assert_int_equal(count(&l, FC_MONITOR_OUTAGE_AT_DROP), 0);
	finding_list_release(&l);

	/* the cloud's dip of the same address joins too */
	finding_list_init(&l);
	f = finding_add(&l, FC_BGP_HOLD_TIMER_EXPIRED, "hold expired");
	finding_ev_frame(f, "pcap/c.pcap", 27, at);
	finding_subj_peers(f, &a, 40001, &b, 179);
	finding_subj_span(f, at, at);
	monitor_outage(&l, FC_MONITOR_CLOUD_BGP_DOWN, "10.1.0.2", at - 60 * SEC,
	    at + 60 * SEC);
	diag_correlate(&l, fx);
	assert_int_equal(count(&l, FC_MONITOR_OUTAGE_AT_DROP), 1);
	finding_list_release(&l);
	free(fx);
}

static void
test_state_conflict(void **state)
{
	struct diag_facts *fx = facts_new();
	struct finding_list l;
	struct fact_session s;
	const struct finding *f;

	(void)state;
	/* capture a: Established at T0 until its end at T0 + 100 s */
	event(fx, "capture", "pcap/a.pcap", "10.1.0.1", "10.1.0.2", FCE_UP,
	    T0);
	span(fx, "capture", "pcap/a.pcap", T0 - 5 * SEC, T0 + 100 * SEC);
	/* capture b: the same pair never Established over the same time */
	memset(&s, 0, sizeof(s));
	s.local = A("10.1.0.2");
	s.peer = A("10.1.0.1");
	s.has_span = true;
	s.from = T0 + 20 * SEC;
	s.to = T0 + 90 * SEC;
	s.source = "capture";
	str_copy(s.state, "never Established", sizeof(s.state));
	str_copy(s.input, "pcap/b.pcap", sizeof(s.input));
	facts_add_session(fx, &s);
	/* capture c: never Established, but after a's end */
	s.from = T0 + 200 * SEC;
	s.to = T0 + 300 * SEC;
	str_copy(s.input, "pcap/c.pcap", sizeof(s.input));
	facts_add_session(fx, &s);
	/* a router log: down 5 s before a saw it up, within the clocks'
	 * slack of the same change */
	event(fx, "router", "router/frr.log", NULL, "10.1.0.2", FCE_DOWN,
	    T0 - 60 * SEC);
	event(fx, "router", "router/frr.log", NULL, "10.1.0.2", FCE_UP,
	    T0 + 5 * SEC);
	span(fx, "router", "router/frr.log", T0 - 60 * SEC, T0 + 5 * SEC);
	finding_list_init(&l);
	diag_correlate(&l, fx);
	assert_int_equal(count(&l, FC_SESSION_STATE_CONFLICT), 1);
	f = first(&l, FC_SESSION_STATE_CONFLICT);
	assert_non_null(strstr(f->summary, "pcap/a.pcap has session 10.1.0.2 "
	    "Established"));
	assert_non_null(strstr(f->summary, "pcap/b.pcap has it down"));
	assert_true(ev_names(f, "pcap/a.pcap"));
	assert_true(ev_names(f, "pcap/b.pcap"));
	assert_int_equal(f->subject.from, T0 + 20 * SEC);
	assert_int_equal(f->subject.to, T0 + 90 * SEC);
	finding_list_release(&l);
	free(fx);
}

static void
test_no_facts_no_peering(void **state)
{
	struct diag_facts *fx = facts_new();
	struct finding_list l;

	(void)state;
	/* no circuit: nothing to hold the wire against */
	peer(fx, "router", "router/show.txt", NULL, "192.0.2.9", 65020, 12077,
	    0, PATH_UNKNOWN);
	finding_list_init(&l);
	cap_finding(&l, FC_ARP_UNANSWERED, "pcap/c.pcap", "10.1.0.2",
	    "10.1.0.1", 200, 0);
	diag_correlate(&l, fx);
	diag_correlate(&l, NULL);
	assert_int_equal(l.n, 1);
	finding_list_release(&l);
	free(fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arp_swapped_points_at_the_address),
		cmocka_unit_test(test_router_neighbor_and_capture_session),
		cmocka_unit_test(test_vlan_tags),
		cmocka_unit_test(test_asns),
		cmocka_unit_test(test_clock_offset),
		cmocka_unit_test(test_outage_on_aligned_clocks),
		cmocka_unit_test(test_state_conflict),
		cmocka_unit_test(test_drop_in_monitor_outage),
		cmocka_unit_test(test_no_facts_no_peering),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
