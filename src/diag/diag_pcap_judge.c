/*
 * End-of-capture judgments, made by diag_pcap_file_end() once the flow
 * tracker has flushed its streams: per session, what only the whole
 * capture shows (MD5 on one side or both with no handshake, SYNs never
 * answered, retransmissions, zero windows, a path MTU black hole, the
 * expected ASNs, Established with what was negotiated, a short hold time,
 * keepalive gaps, flaps); per file, ARP questions left open and no
 * connection attempt at all; then the severity rule: a failure that a
 * later establishment, still up at the end of the capture, made good is
 * only a warning.
 */
#include <stdio.h>
#include <string.h>

#include "diag_pcap_int.h"

void
dp_judge_tcp(struct diag_pcap *ctx, struct flow_session *s, struct psess *ps)
{
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN];
	const struct flow_sess_side *sa, *sb;
	struct finding *f;
	uint32_t synacks = s->side[0].synacks + s->side[1].synacks;
	bool md5any;
	unsigned k;
	int i, signer = -1;

	md5any = s->side[0].md5 || s->side[1].md5;
	/* MD5: no handshake ever completes */
	if (md5any && synacks == 0 && s->tcp_up == 0) {
		if (s->side[0].syn_md5 && s->side[1].syn_md5) {
			f = dp_new_finding(ctx, FC_TCP_MD5_SUSPECTED_MISMATCH,
			    s->key, "both sides sign with TCP MD5 but the "
			    "handshake never completes (%u SYNs)",
			    s->side[0].syns + s->side[1].syns);
			for (i = 0; f != NULL && i < 2; i++)
				for (k = 0; k < ps->nsyn_ev[i] && k < 3; k++)
					dp_ev_frame(ctx, f, &ps->syn_ev[i][k]);
		} else {
			for (i = 0; i < 2; i++)
				if (s->side[i].syn_md5 &&
				    !s->side[1 - i].syn_md5)
					signer = i;
			if (signer >= 0) {
				dp_side_str(s, signer, a);
				dp_side_str(s, 1 - signer, b);
				f = dp_new_finding(ctx, FC_TCP_MD5_ASYMMETRIC,
				    s->key, "%s signs its segments with TCP "
				    "MD5, %s does not (%u signed SYNs, %u "
				    "unsigned, no handshake completes)", a,
				    s->side[1 - signer].syns > 0 ? b :
				    "its peer (no SYN seen from it)",
				    s->side[signer].syns,
				    s->side[1 - signer].syns);
				for (i = 0; f != NULL && i < 2; i++)
					for (k = 0; k < ps->nsyn_ev[i] &&
					    k < 3; k++)
						dp_ev_frame(ctx, f,
						    &ps->syn_ev[i][k]);
			}
		}
	}
	for (i = 0; i < 2; i++) {
		sa = &s->side[i];
		sb = &s->side[1 - i];
		dp_side_str(s, i, a);
		dp_side_str(s, 1 - i, b);
		/* an ICMP error about the session is an answer too */
		if (!md5any && sa->syns >= 2 && sb->synacks == 0 &&
		    sb->rst_on_syn == 0 && sb->rsts == 0 &&
		    s->icmp_errors == 0) {
			f = dp_new_finding(ctx, FC_TCP_SYN_UNANSWERED, s->key,
			    "%u SYNs from %s to %s:%u never answered (%u "
			    "attempts, no SYN-ACK, no RST)", sa->syns, a, b,
			    ctx->o.port, sa->attempts);
			for (k = 0; f != NULL && k < ps->nsyn_ev[i]; k++)
				dp_ev_frame(ctx, f, &ps->syn_ev[i][k]);
		}
		if (sa->retrans >= 3) {
			f = dp_new_finding(ctx, FC_TCP_RETRANSMISSIONS, s->key,
			    "%u retransmitted segments from %s to %s",
			    sa->retrans, a, b);
		}
		if (sa->zero_windows > 0)
			(void)dp_new_finding(ctx, FC_TCP_ZERO_WINDOW, s->key,
			    "%s advertised a zero receive window %u times",
			    a, sa->zero_windows);
		if (sa->big_retrans_unacked >= 2 && sa->acked_small &&
		    !ctx->frag_needed) {
			f = dp_new_finding(ctx, FC_PMTU_BLACKHOLE_SUSPECTED,
			    s->key, "%s retransmits %u full-size segments "
			    "(%u bytes) to %s with no ACK and no ICMP, while "
			    "small segments pass", a, sa->big_retrans_unacked,
			    sa->big_size, b);
			if (f != NULL) {
				dp_ev_frame(ctx, f, &sa->big_first);
				dp_ev_frame(ctx, f, &sa->big_last);
			}
		}
	}
}

/* "AS 65010", "AS 12076 from AS_PATH" or "AS unknown". */
static void
asn_str(const struct flow_sess_side *sd, char *buf, size_t len)
{
	if (sd->has_open)
		snprintf(buf, len, "AS %u", sd->asn);
	else if (sd->asn_from_path)
		snprintf(buf, len, "AS %u from AS_PATH", sd->asn);
	else
		snprintf(buf, len, "AS unknown");
}

void
dp_judge_bgp(struct diag_pcap *ctx, struct flow_session *s, struct psess *ps)
{
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN], as0[32], as1[32], hs[48];
	const struct flow_sess_side *sd;
	struct finding *f;
	usec_t hold, gap, from, to;
	int i, k, ms;
	size_t n;

	ms = dp_ms_side(ctx, s);
	/* expectations from the command line */
	if (ctx->o.has_expect_peer_as || ctx->o.has_expect_local_as) {
		int peer = ms >= 0 ? ms : 1;	/* /30: Microsoft is .2 */

		sd = &s->side[peer];
		if (ctx->o.has_expect_peer_as && sd->has_open &&
		    sd->asn != ctx->o.expect_peer_as) {
			f = dp_new_finding(ctx, FC_BGP_OPEN_PEER_AS_MISMATCH,
			    s->key, "%s sent AS %u in its OPEN, %u was "
			    "expected", dp_side_str(s, peer, a), sd->asn,
			    ctx->o.expect_peer_as);
			if (f != NULL)
				dp_ev_frame(ctx, f, &sd->open_meta);
		}
		sd = &s->side[1 - peer];
		if (ctx->o.has_expect_local_as && sd->has_open &&
		    sd->asn != ctx->o.expect_local_as) {
			f = dp_new_finding(ctx, FC_BGP_LOCAL_AS_MISMATCH,
			    s->key, "%s announces AS %u, expected local AS %u",
			    dp_side_str(s, 1 - peer, a), sd->asn,
			    ctx->o.expect_local_as);
			if (f != NULL)
				dp_ev_frame(ctx, f, &sd->open_meta);
		}
	}
	if (s->establishments > 0 || s->up_at_start > 0) {
		dp_side_str(s, 0, a);
		dp_side_str(s, 1, b);
		asn_str(&s->side[0], as0, sizeof(as0));
		asn_str(&s->side[1], as1, sizeof(as1));
		if (s->has_hold)
			snprintf(hs, sizeof(hs), "hold time %u s", s->hold);
		else
			str_copy(hs, "hold time unknown (no OPEN seen)",
			    sizeof(hs));
		f = dp_new_finding(ctx, FC_BGP_ESTABLISHED, s->key,
		    "session %s (%s) - %s (%s) %s, %s, prefixes %llu/%llu%s",
		    a, as0, b, as1, s->establishments == 0 ? "was up when the "
		    "capture started (negotiation inferred: the capture "
		    "started after the OPENs)" : "established", hs,
		    (unsigned long long)s->side[0].announced,
		    (unsigned long long)s->side[1].announced,
		    s->up ? ", up at the end of the capture" : "");
		if (f != NULL) {
			dp_ev_frame(ctx, f, &s->side[0].open_meta);
			dp_ev_frame(ctx, f, &s->side[1].open_meta);
			dp_ev_frame(ctx, f, &s->up_since);
		}
		/* from the OPENs (or the first sign of the session) to its
		 * last frame: the time it is known up for */
		if (f != NULL && !dp_ev_span(f, &from, &to))
			from = s->first.time;
		if (f != NULL)
			finding_subj_span(f, from, s->last.time);
	}
	if (s->has_hold && s->hold > 0 && s->hold < ctx->o.min_hold) {
		f = dp_new_finding(ctx, FC_BGP_HOLD_TIME_SHORT, s->key,
		    "negotiated hold time %u s is below %u s", s->hold,
		    ctx->o.min_hold);
		if (f != NULL) {
			dp_ev_frame(ctx, f, &s->side[0].open_meta);
			dp_ev_frame(ctx, f, &s->side[1].open_meta);
		}
	}
	hold = (usec_t)s->hold * USEC_PER_SEC;
	for (i = 0; s->has_hold && hold > 0 && i < 2; i++) {
		sd = &s->side[i];
		gap = sd->longest_silence;
		if (gap * 3 <= hold * 2)
			continue;
		/* already judged where it ended, at a supersession */
		if (ps->sup_frame[i] != 0 &&
		    sd->silence_to.frame == ps->sup_frame[i])
			continue;
		f = dp_new_finding(ctx, FC_BGP_KEEPALIVE_GAP, s->key,
		    "%s was silent for %lld.%01lld s (hold time %u s)",
		    dp_side_str(s, i, a), (long long)(gap / USEC_PER_SEC),
		    (long long)(gap % USEC_PER_SEC / 100000), s->hold);
		if (f == NULL)
			continue;
		if (gap <= hold)
			f->sev = SEV_WARNING;
		dp_ev_frame(ctx, f, &sd->silence_from);
		dp_ev_frame(ctx, f, &sd->silence_to);
	}
	if (s->teardowns >= 2) {
		dp_side_str(s, 0, a);
		dp_side_str(s, 1, b);
		f = dp_new_finding(ctx, FC_BGP_SESSION_FLAP, s->key,
		    "session %s - %s went down %u times (%u establishments; "
		    "causes:", a, b, s->teardowns, s->establishments);
		for (k = 0, n = 0; f != NULL && k < FLOW_DOWN_NCAUSES; k++) {
			if (k == FLOW_DOWN_COLLISION || s->down_causes[k] == 0)
				continue;
			dp_append(f, "%s %s %u", n++ > 0 ? "," : "",
			    flow_down_cause_name(k), s->down_causes[k]);
		}
		if (f != NULL)
			dp_append(f, ")");
	}
}

void
dp_judge_file(struct diag_pcap *ctx)
{
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN];
	struct diag_pcap_file *fi = ctx->cur;
	struct arp_ent *e = NULL;
	struct finding *f;
	unsigned i, k;

	for (i = 0; i < ctx->narp; i++) {
		e = &ctx->arp[i];
		if (e->answered)
			continue;
		f = dp_new_finding(ctx, FC_ARP_UNANSWERED, "",
		    "ARP requests for %s from %s got no reply (%llu "
		    "requests)", dp_astr(&e->target, a), dp_astr(&e->asker, b),
		    (unsigned long long)e->n);
		for (k = 0; f != NULL && k < 4 && k < e->n; k++)
			dp_ev_frame(ctx, f, &e->ev[k]);
		/* the asker and the address it wants: the would-be peer */
		finding_subj_peers(f, &e->asker, 0, &e->target, 0);
		finding_subj_vlan(f, e->vlan, e->inner_vlan);
	}
	if (flow_tracker_syns(ctx->tr) == 0 && fi->bgp_messages == 0 &&
	    !fi->failed)
		(void)dp_new_finding(ctx, FC_TCP_NO_SYN, "",
		    "no TCP connection attempt to port %u in %s",
		    ctx->o.port, fi->name);
}

static bool
downgradable(enum finding_code c)
{
	switch (c) {
	case FC_BGP_NOTIFICATION:
	case FC_TCP_RST_ESTABLISHED:
	case FC_TCP_RST_ON_SYN:
	case FC_TCP_SYN_UNANSWERED:
	case FC_BGP_PEER_RESET_NO_OPEN:
	case FC_BGP_MALFORMED:
		return true;
	default:
		return false;
	}
}

/* Problems a later establishment made good, still up at the end. */
void
dp_downgrade(struct diag_pcap *ctx, struct flow_session *list)
{
	struct finding_list *fl = &ctx->cur->findings;
	struct flow_session *s;
	struct finding *f;
	size_t i;

	for (i = 0; i < fl->n; i++) {
		f = &fl->v[i];
		if (f->sev != SEV_ERROR || !downgradable(f->code) ||
		    f->nev == 0)
			continue;
		for (s = list; s != NULL; s = s->lnext)
			if (strcmp(s->key, f->group) == 0)
				break;
		if (s == NULL || !s->up || f->ev[0].time >= s->up_since.time)
			continue;
		/* the last evidence too: nothing after the recovery */
		if (f->ev[f->nev - 1].time >= s->up_since.time)
			continue;
		f->sev = SEV_WARNING;
	}
}
