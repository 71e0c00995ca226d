/*
 * The capture analyzer: frames -> pkt_decode() -> flow tracker (TCP, stream
 * reassembly, BGP session model) -> findings.  ARP and ICMP errors are
 * judged here directly; everything about TCP and BGP arrives as flow
 * events.  Findings that a single event proves (NOTIFICATION, RST, ICMP
 * error, malformed message) are emitted at once and aggregated per sender
 * and kind (count in the summary, the first frames plus the latest as
 * evidence); judgments over a whole capture (unanswered SYNs, MD5, path MTU
 * black hole, keepalive gaps, flaps, Established) are made when the file
 * ends, followed by the severity rule: a connection failure that a later
 * establishment, still up at the end of the capture, made good is only a
 * warning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp.h"
#include "diag_pcap_int.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static struct psess *
ps_of(const struct flow_session *s)
{
	return s->user;
}

/* ------------------------------------------------------------------ */
/* Life cycle                                                          */
/* ------------------------------------------------------------------ */

struct diag_pcap *
diag_pcap_new(const struct diag_pcap_opts *opts, struct err *e)
{
	struct diag_pcap *ctx;

	if ((ctx = erw_calloc(1, sizeof(*ctx))) == NULL) {
		ERR(e, ERR_NOMEM, "cannot allocate the capture analyzer");
		return NULL;
	}
	ctx->o = *opts;
	if (ctx->o.port == 0)
		ctx->o.port = BGP_PORT;
	if (ctx->o.min_hold == 0)
		ctx->o.min_hold = 30;
	return ctx;
}

/* Append a zeroed record for one more input file; NULL with e set. */
static struct diag_pcap_file *
file_record_new(struct diag_pcap *ctx, const char *name, struct err *e)
{
	struct diag_pcap_file *f, *nf;

	if (ctx->cur != NULL) {
		ERR(e, ERR_USAGE, "a capture is already open");
		return NULL;
	}
	nf = erw_realloc(ctx->files, (ctx->nfiles + 1) * sizeof(*nf));
	if (nf == NULL) {
		ERR(e, ERR_NOMEM, "cannot allocate a file record");
		return NULL;
	}
	ctx->files = nf;
	f = &ctx->files[ctx->nfiles++];
	memset(f, 0, sizeof(*f));
	str_copy(f->name, name, sizeof(f->name));
	finding_list_init(&f->findings);
	return f;
}

int
diag_pcap_file_begin(struct diag_pcap *ctx, const char *name, int dlt,
    struct err *e)
{
	struct flow_tracker_opts to;
	struct diag_pcap_file *f;

	if (err_isset(&ctx->err)) {
		*e = ctx->err;
		return -1;
	}
	if ((f = file_record_new(ctx, name, e)) == NULL)
		return -1;
	f->dlt = dlt;
	f->dlt_name = pkt_dlt_name(dlt);
	if (!pkt_dlt_supported(dlt)) {
		f->failed = true;
		ERR(&f->error, ERR_INPUT, "link type %d (%s) is not supported",
		    dlt, pkt_dlt_name(dlt));
		err_at(&f->error, name, 0, 0, 0);
		ERR(e, ERR_INPUT, "link type %d (%s) is not supported", dlt,
		    pkt_dlt_name(dlt));
		err_at(e, name, 0, 0, 0);
		return -1;
	}
	memset(&to, 0, sizeof(to));
	to.port = ctx->o.port;
	to.event = dp_on_event;
	to.ctx = ctx;
	if ((ctx->tr = flow_tracker_new(&to, e)) == NULL)
		return -1;
	ctx->cur = f;
	ctx->narp = ctx->narp_open = 0;
	ctx->nicmp = 0;
	ctx->frag_needed = false;
	return 0;
}

int
diag_pcap_file_failed(struct diag_pcap *ctx, const char *name,
    const struct err *why, struct err *e)
{
	struct diag_pcap_file *f;

	if ((f = file_record_new(ctx, name, e)) == NULL)
		return -1;
	f->dlt = -1;
	f->dlt_name = "unknown";
	f->failed = true;
	if (why != NULL)
		f->error = *why;
	return 0;
}

/* ------------------------------------------------------------------ */
/* End-of-capture judgments                                            */
/* ------------------------------------------------------------------ */

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
	usec_t hold, gap;
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

int
diag_pcap_file_end(struct diag_pcap *ctx, const struct err *input_err)
{
	struct diag_pcap_file *fi = ctx->cur;
	struct flow_session *s, *list, *nx;
	struct flow_meta m;
	struct finding *f;
	struct psess *ps;
	size_t n, i;

	if (fi == NULL)
		return 0;
	m.frame = fi->frames;
	m.time = fi->last;
	flow_tracker_finish(ctx->tr, &m);
	(void)flow_tracker_check(ctx->tr, &ctx->err);
	if (input_err != NULL && err_isset(input_err)) {
		fi->failed = true;
		fi->error = *input_err;
		f = dp_new_finding(ctx, FC_CAPTURE_TRUNCATED, "",
		    "%s: %s at frame %llu", fi->name, input_err->msg,
		    (unsigned long long)(input_err->unit ? input_err->unit :
		    fi->frames + 1));
		if (f != NULL)
			finding_ev_note(f, fi->name, "byte offset %llu",
			    (unsigned long long)input_err->offset);
	}
	if (fi->truncated > 0) {
		f = dp_new_finding(ctx, FC_CAPTURE_TRUNCATED, "",
		    "%s: BGP payload cut by the snapshot length in %llu "
		    "frames, first at frame %llu", fi->name,
		    (unsigned long long)fi->truncated,
		    (unsigned long long)ctx->first_cut.frame);
		if (f != NULL)
			dp_ev_frame(ctx, f, &ctx->first_cut);
	}
	list = flow_tracker_sessions(ctx->tr);
	for (s = list; s != NULL; s = s->lnext) {
		if ((ps = dp_ps_get(ctx, s)) == NULL)
			continue;
		dp_judge_tcp(ctx, s, ps);
		dp_judge_bgp(ctx, s, ps);
	}
	dp_judge_file(ctx);
	dp_downgrade(ctx, list);
	for (i = 0; fi->ntunnels > 0 && i < fi->findings.n; i++)
		if (fi->findings.v[i].group[0] != '\0')
			dp_tunnel_note(fi, fi->findings.v[i].group,
			    fi->findings.v[i].summary,
			    sizeof(fi->findings.v[i].summary));
	/* keep the sessions with the file */
	list = flow_tracker_detach_sessions(ctx->tr);
	for (n = 0, s = list; s != NULL; s = s->lnext)
		n++;
	if (n > 0 && (fi->sessions = erw_calloc(n, sizeof(*fi->sessions))) ==
	    NULL) {
		/* the file's findings stand, but its sessions are gone: the
		 * run fails (diag_pcap_finish) rather than show less */
		ERR(&ctx->err, ERR_NOMEM, "cannot keep the sessions of '%s'",
		    fi->name);
		for (s = list; s != NULL; s = nx) {
			nx = s->lnext;
			if ((ps = ps_of(s)) != NULL)
				sb_release(&ps->timeline);
			free(ps);
			flow_session_free(s);
		}
		list = NULL;
		n = 0;
	}
	for (i = 0, s = list; s != NULL; s = s->lnext, i++) {
		fi->sessions[i].fs = s;
		fi->sessions[i].ms_side = dp_ms_side(ctx, s);
		sb_init(&fi->sessions[i].timeline);
		if ((ps = ps_of(s)) != NULL) {
			fi->sessions[i].timeline = ps->timeline;
			free(ps);
		}
		s->user = NULL;
	}
	fi->nsessions = n;
	flow_tracker_free(ctx->tr);
	ctx->tr = NULL;
	ctx->cur = NULL;
	return err_isset(&ctx->err) ? -1 : 0;
}

size_t
diag_pcap_nfiles(const struct diag_pcap *ctx)
{
	return ctx->nfiles;
}

const struct diag_pcap_file *
diag_pcap_file(const struct diag_pcap *ctx, size_t i)
{
	return i < ctx->nfiles ? &ctx->files[i] : NULL;
}

uint64_t
diag_pcap_messages(const struct diag_pcap *ctx)
{
	return ctx->cur != NULL ? ctx->cur->bgp_messages : 0;
}

int
diag_pcap_finish(struct diag_pcap *ctx, struct finding_list *out,
    struct err *e)
{
	const struct finding *src;
	struct finding *f;
	size_t i, j;

	if (ctx->cur != NULL)
		diag_pcap_file_end(ctx, NULL);
	if (err_isset(&ctx->err)) {
		*e = ctx->err;
		return -1;
	}
	for (i = 0; i < ctx->nfiles; i++)
		for (j = 0; j < ctx->files[i].findings.n; j++) {
			src = &ctx->files[i].findings.v[j];
			if ((f = finding_add(out, src->code, "%s", "")) ==
			    NULL) {
				if (!out->nomem)
					continue;	/* the limit */
				return ERR(e, ERR_NOMEM,
				    "cannot keep findings");
			}
			*f = *src;
		}
	return 0;
}

void
diag_pcap_free(struct diag_pcap *ctx)
{
	struct diag_pcap_file *fi;
	size_t i, k;

	if (ctx == NULL)
		return;
	if (ctx->cur != NULL)
		diag_pcap_file_end(ctx, NULL);
	for (i = 0; i < ctx->nfiles; i++) {
		fi = &ctx->files[i];
		for (k = 0; k < fi->nsessions; k++) {
			sb_release(&fi->sessions[k].timeline);
			flow_session_free(fi->sessions[k].fs);
		}
		free(fi->sessions);
		finding_list_release(&fi->findings);
	}
	free(ctx->files);
	free(ctx);
}
