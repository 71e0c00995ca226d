/*
 * diag_probe: turns the records of the live tools (probe/probe.h) into
 * findings from the catalog.  The wording follows the catalog templates
 * with the concrete addresses, counts and ICMP names; evidence is a note
 * naming the probe or the hop ("probe 3", "hop 2"), input "probe" or
 * "trace".
 */
#include <stdio.h>
#include <string.h>

#include "diag_probe.h"

/*
 * Subjects: the probing host is local, the target peer (its port the
 * probed one); the span is the wall-clock time the probes ran.
 */
static void
subj_target(struct finding_subject *s, const struct probe_target *t)
{
	memset(s, 0, sizeof(*s));
	s->peer = t->ip;
	s->peer_port = t->port;
}

static void
subj_span(struct finding_subject *s, usec_t from, usec_t to)
{
	if (from == 0)
		return;		/* a record made without a clock: no span */
	s->has_span = true;
	s->from = from;
	s->to = to < from ? from : to;
}

/* A series of connect probes: the source address the kernel chose, the
 * source port of the probe the finding names. */
static void
subj_tcp(struct finding_subject *s, const struct probe_tcp_result *res,
    size_t n, size_t which)
{
	size_t i;

	for (i = 0; i < n && s->local.family == NET_AF_NONE; i++)
		s->local = res[i].local;
	if (which < n)
		s->local_port = res[which].local_port;
	if (n > 0)
		subj_span(s, res[0].started, res[n - 1].ended);
}

static int
add_icmp(struct finding_list *l, const struct probe_target *t,
    const struct probe_icmp *ic, const char *input, unsigned which,
    const struct finding_subject *subj)
{
	struct finding *f;
	char rb[NET_ADDR_STRLEN], db[NET_ADDR_STRLEN];

	if (ic->local)
		str_copy(rb, "this host", sizeof(rb));
	else if (ic->reporter.family != 0)
		net_addr_str(&ic->reporter, rb);
	else
		str_copy(rb, "an unknown router", sizeof(rb));
	f = finding_add(l, FC_PROBE_ICMP_UNREACHABLE,
	    "%s reported %s %u/%u (%s) for %s:%u", rb,
	    ic->v6 ? "ICMPv6" : "ICMP", ic->type, ic->code,
	    probe_icmp_name(ic->v6, ic->type, ic->code),
	    net_addr_str(&t->ip, db), t->port);
	if (f == NULL)
		return -1;
	finding_set_subject(f, subj);
	finding_ev_note(f, input, "%s %u", strcmp(input, "trace") == 0 ?
	    "hop" : "probe", which);
	return 0;
}

void
diag_probe_tcp_summarize(const struct probe_tcp_result *res, size_t n,
    struct diag_probe_tcp_summary *s)
{
	bool have_fail = false;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->verdict = PROBE_FILTERED;
	for (i = 0; i < n; i++) {
		if (res[i].verdict == PROBE_OPEN) {
			s->nopen++;
			if (s->nopen == 1 || res[i].rtt < s->rtt_min)
				s->rtt_min = res[i].rtt;
			if (res[i].rtt > s->rtt_max)
				s->rtt_max = res[i].rtt;
			s->rtt_sum += res[i].rtt;
		} else {
			s->nfail++;
			/* The first failure says what went wrong first. */
			if (!have_fail) {
				s->verdict = res[i].verdict;
				have_fail = true;
			}
		}
	}
	if (s->nopen > 0)
		s->verdict = PROBE_OPEN;
}

/* The connect probes' findings, each with base (the target, and the
 * ASNs of a BGP probe) completed from the probe it names. */
static int
probe_tcp_findings(struct finding_list *l, const struct probe_target *t,
    const struct probe_tcp_result *res, size_t n,
    const struct finding_subject *base)
{
	size_t i, nfilt = 0, nref = 0, first_filt = 0, first_ref = 0;
	bool icmp_done = false, noroute_done = false;
	struct finding *f;
	struct finding_subject subj;
	char sb_[NET_ADDR_STRLEN], db[NET_ADDR_STRLEN];

	str_copy(sb_, "this host", sizeof(sb_));
	net_addr_str(&t->ip, db);
	for (i = 0; i < n; i++) {
		switch (res[i].verdict) {
		case PROBE_OPEN:
			break;
		case PROBE_FILTERED:
			if (nfilt++ == 0)
				first_filt = i;
			if (res[i].local.family != 0)
				net_addr_str(&res[i].local, sb_);
			break;
		case PROBE_REFUSED:
			if (nref++ == 0)
				first_ref = i;
			break;
		case PROBE_UNREACHABLE:
			subj = *base;
			subj_tcp(&subj, res, n, i);
			if (!icmp_done && add_icmp(l, t, &res[i].icmp, "probe",
			    (unsigned)i + 1, &subj) == -1)
				return -1;
			icmp_done = true;
			break;
		case PROBE_NO_ROUTE:
			if (noroute_done)
				break;
			noroute_done = true;
			f = finding_add(l, FC_PROBE_NO_ROUTE,
			    "no route from this host to %s", db);
			if (f == NULL)
				return -1;
			subj = *base;
			subj_tcp(&subj, res, n, i);
			finding_set_subject(f, &subj);
			finding_ev_note(f, "probe", "probe %zu", i + 1);
			break;
		}
	}
	if (nfilt > 0) {
		f = finding_add(l, FC_TCP_SYN_UNANSWERED,
		    "%zu SYN%s from %s to %s:%u never answered", nfilt,
		    nfilt == 1 ? "" : "s", sb_, db, t->port);
		if (f == NULL)
			return -1;
		subj = *base;
		subj_tcp(&subj, res, n, first_filt);
		finding_set_subject(f, &subj);
		finding_ev_note(f, "probe", "probe %zu (first of %zu)",
		    first_filt + 1, nfilt);
	}
	if (nref > 0) {
		f = finding_add(l, FC_TCP_RST_ON_SYN,
		    "%s answered %zu SYN%s to port %u with RST", db, nref,
		    nref == 1 ? "" : "s", t->port);
		if (f == NULL)
			return -1;
		subj = *base;
		subj_tcp(&subj, res, n, first_ref);
		finding_set_subject(f, &subj);
		finding_ev_note(f, "probe", "probe %zu (first of %zu)",
		    first_ref + 1, nref);
	}
	return 0;
}

int
diag_probe_tcp(struct finding_list *l, const struct probe_target *t,
    const struct probe_tcp_result *res, size_t n)
{
	struct finding_subject base;

	subj_target(&base, t);
	return probe_tcp_findings(l, t, res, n, &base);
}

int
diag_probe_bgp(struct finding_list *l, const struct probe_target *t,
    const struct probe_bgp_opts *o, const struct probe_bgp_result *r)
{
	struct finding *f;
	struct finding_subject subj;
	char pb[NET_ADDR_STRLEN], lb[NET_ADDR_STRLEN], nb[128];
	uint32_t asn;

	/* one session: every finding has its ends, ASNs and span; the
	 * peer's AS is what its OPEN says, else what the user expects */
	subj_target(&subj, t);
	subj.local_as = o->local_as;
	subj.peer_as = r->got_open ? bgp_open_asn(&r->open) : o->peer_as;
	if (r->stage == PROBE_BGP_CONNECT) {
		if (o->passive && r->timed_out) {
			f = finding_add(l, FC_TCP_NO_SYN,
			    "no TCP connection attempt to port %u in %lld s",
			    t->port, (long long)(o->timeout / USEC_PER_SEC));
			if (f == NULL)
				return -1;
			subj_span(&subj, r->started, r->ended);
			finding_set_subject(f, &subj);
			finding_ev_note(f, "probe", "passive wait");
			return 0;
		}
		return probe_tcp_findings(l, t, &r->tcp, 1, &subj);
	}
	if (r->peer.family != NET_AF_NONE)
		subj.peer = r->peer;
	if (r->peer_port != 0)
		subj.peer_port = r->peer_port;
	subj.local = r->local;
	subj.local_port = r->local_port;
	subj_span(&subj, r->started, r->ended);
	net_addr_str(&r->peer, pb);
	net_addr_str(&r->local, lb);
	if (r->got_notification) {
		bgp_notification_name(r->notif_code, r->notif_subcode, nb,
		    sizeof(nb));
		f = finding_add(l, FC_BGP_NOTIFICATION,
		    "%s sent NOTIFICATION %u/%u (%s)%s%s%s", pb,
		    r->notif_code, r->notif_subcode, nb,
		    r->notif_text[0] != '\0' ? ": \"" : "", r->notif_text,
		    r->notif_text[0] != '\0' ? "\"" : "");
		if (f == NULL)
			return -1;
		finding_set_subject(f, &subj);
		finding_ev_note(f, "probe", "in state %s",
		    probe_bgp_stage_name(r->stage));
	}
	if (r->malformed) {
		f = finding_add(l, FC_BGP_MALFORMED,
		    "malformed BGP message from %s: %s", pb, r->malformed_what);
		if (f == NULL)
			return -1;
		finding_set_subject(f, &subj);
		finding_ev_note(f, "probe", "in state %s",
		    probe_bgp_stage_name(r->stage));
	}
	if (!r->got_open) {
		if (r->got_notification || r->malformed)
			return 0;
		if (r->peer_closed) {
			f = finding_add(l, FC_BGP_PEER_RESET_NO_OPEN,
			    "%s accepts the TCP connection but closes it "
			    "without sending OPEN (1 times)", pb);
		} else {
			f = finding_add(l, FC_PROBE_BGP_NO_OPEN,
			    "%s accepted the TCP connection but sent no OPEN "
			    "within %lld s", pb,
			    (long long)(o->timeout / USEC_PER_SEC));
		}
		if (f == NULL)
			return -1;
		finding_set_subject(f, &subj);
		finding_ev_note(f, "probe", "from %s", lb);
		return 0;
	}
	asn = bgp_open_asn(&r->open);
	if (o->peer_as != 0 && asn != o->peer_as) {
		f = finding_add(l, FC_BGP_OPEN_PEER_AS_MISMATCH,
		    "%s sent AS %u in its OPEN, %u was expected", pb, asn,
		    o->peer_as);
		if (f == NULL)
			return -1;
		finding_set_subject(f, &subj);
		finding_ev_note(f, "probe", "OPEN from %s", pb);
	}
	if (!r->open.has_as4) {
		f = finding_add(l, FC_BGP_CAPABILITY_MISSING,
		    "%s does not advertise 4-octet AS numbers (RFC 6793)", pb);
		if (f == NULL)
			return -1;
		finding_set_subject(f, &subj);
		if (o->local_as <= 65535)
			f->sev = SEV_INFO;	/* harmless with 2-octet ASNs */
		finding_ev_note(f, "probe", "OPEN from %s", pb);
	}
	if (r->open.nmp > 0) {
		bool v4 = false;
		unsigned i;

		for (i = 0; i < r->open.nmp && i < BGP_MAX_CAP_AFI; i++)
			if (r->open.mp[i].afi == BGP_AFI_IPV4 &&
			    r->open.mp[i].safi == BGP_SAFI_UNICAST)
				v4 = true;
		if (!v4) {
			f = finding_add(l, FC_BGP_CAPABILITY_MISSING,
			    "%s does not advertise multiprotocol IPv4 "
			    "unicast (RFC 4760)", pb);
			if (f == NULL)
				return -1;
			finding_set_subject(f, &subj);
			finding_ev_note(f, "probe", "OPEN from %s", pb);
		}
	} else {
		f = finding_add(l, FC_BGP_CAPABILITY_MISSING,
		    "%s does not advertise multiprotocol (RFC 4760)", pb);
		if (f == NULL)
			return -1;
		finding_set_subject(f, &subj);
		f->sev = SEV_INFO;	/* IPv4 unicast is implied */
		finding_ev_note(f, "probe", "OPEN from %s", pb);
	}
	if (r->hold_negotiated != 0 &&
	    r->hold_negotiated < DIAG_PROBE_MIN_HOLD) {
		f = finding_add(l, FC_BGP_HOLD_TIME_SHORT,
		    "negotiated hold time %u s is below %u s",
		    r->hold_negotiated, DIAG_PROBE_MIN_HOLD);
		if (f == NULL)
			return -1;
		finding_set_subject(f, &subj);
		finding_ev_note(f, "probe", "peer offered %u s, we %u s",
		    r->open.hold_time, o->hold_time);
	}
	if (r->stage == PROBE_BGP_ESTABLISHED) {
		f = finding_add(l, FC_BGP_ESTABLISHED,
		    "session %s (AS %u) - %s (AS %u) established, hold time "
		    "%u s, prefixes 0/0 (probe, nothing exchanged)", lb,
		    o->local_as, pb, asn, r->hold_negotiated);
		if (f == NULL)
			return -1;
		finding_set_subject(f, &subj);
		finding_ev_note(f, "probe", "KEEPALIVE from %s", pb);
	} else if (!r->got_notification && !r->malformed) {
		f = finding_add(l, FC_PROBE_BGP_NO_OPEN,
		    "%s sent its OPEN but no KEEPALIVE within %lld s", pb,
		    (long long)(o->timeout / USEC_PER_SEC));
		if (f == NULL)
			return -1;
		finding_set_subject(f, &subj);
		finding_ev_note(f, "probe", "in state %s",
		    probe_bgp_stage_name(r->stage));
	}
	return 0;
}

int
diag_probe_trace(struct finding_list *l, const struct probe_target *t,
    const struct trace_result *r)
{
	const struct trace_hop *h;
	struct finding *f;
	struct finding_subject subj;
	char db[NET_ADDR_STRLEN], lb[NET_ADDR_STRLEN], hb[NET_ADDR_STRLEN];
	unsigned i;
	size_t k;

	subj_target(&subj, t);
	subj.local = r->local;
	subj_span(&subj, r->started, r->ended);
	net_addr_str(&t->ip, db);
	switch (r->end) {
	case TRACE_END_OPEN:
		return 0;
	case TRACE_END_REFUSED:
		/* every query of the last hop may have drawn its own RST:
		 * count them rather than assume one */
		h = &r->hops[r->last_answered];
		for (i = 0, k = 0; i < h->nq && i < TRACE_MAX_QUERIES; i++)
			if (h->q[i].reply == TRACE_RST)
				k++;
		if (k == 0)
			k = 1;	/* the end says one did */
		f = finding_add(l, FC_TCP_RST_ON_SYN,
		    "%s answered %zu SYN%s to port %u with RST", db, k,
		    k == 1 ? "" : "s", t->port);
		if (f == NULL)
			return -1;
		finding_set_subject(f, &subj);
		finding_ev_note(f, "trace", "hop %d", r->last_answered + 1);
		return 0;
	case TRACE_END_UNREACH:
		h = &r->hops[r->last_answered];
		for (i = 0; i < h->nq; i++) {
			struct probe_icmp ic;

			if (h->q[i].reply != TRACE_UNREACH)
				continue;
			memset(&ic, 0, sizeof(ic));
			ic.valid = true;
			ic.type = h->q[i].icmp_type;
			ic.code = h->q[i].icmp_code;
			ic.reporter = h->q[i].from;
			ic.local = net_addr_eq(&h->q[i].from, &r->local);
			return add_icmp(l, t, &ic, "trace", h->ttl, &subj);
		}
		return 0;
	case TRACE_END_SILENT:
	case TRACE_END_MAX_TTL:
		break;
	}
	net_addr_str(&r->local, lb);
	if (r->last_answered >= 0) {
		h = &r->hops[r->last_answered];
		str_copy(hb, "?", sizeof(hb));
		for (k = 0; k < h->nq; k++)
			if (h->q[k].reply != TRACE_NONE) {
				net_addr_str(&h->q[k].from, hb);
				break;
			}
		f = finding_add(l, FC_TCP_SYN_UNANSWERED,
		    "%u SYN%s from %s to %s:%u never answered; the last hop "
		    "that answered is %s (hop %u)", r->sent,
		    r->sent == 1 ? "" : "s", lb, db, t->port, hb, h->ttl);
	} else
		f = finding_add(l, FC_TCP_SYN_UNANSWERED,
		    "%u SYN%s from %s to %s:%u never answered; no hop "
		    "answered", r->sent, r->sent == 1 ? "" : "s", lb, db,
		    t->port);
	if (f == NULL)
		return -1;
	finding_set_subject(f, &subj);
	finding_ev_note(f, "trace", "hops %u..%u silent",
	    r->last_answered >= 0 ? r->hops[r->last_answered].ttl + 1u : 1u,
	    r->nhops > 0 ? r->hops[r->nhops - 1].ttl : 0u);
	return 0;
}

int
diag_capture_drops(struct finding_list *l, const char *input,
    uint64_t drops)
{
	struct finding *f;

	if (drops == 0)
		return 0;
	f = finding_add(l, FC_CAPTURE_KERNEL_DROPS,
	    "the kernel dropped %llu packets during the capture",
	    (unsigned long long)drops);
	if (f == NULL)
		return -1;
	finding_ev_note(f, input, "pcap_stats at the end of the capture");
	return 0;
}
