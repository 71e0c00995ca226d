/*
 * The BGP session model: one record per unordered peer address pair,
 * updated from the events the tracker (flow_tcp.c) derives from TCP
 * segments and BGP messages.  It counts (attempts, answers, refusals,
 * messages per type and sender, prefixes, teardowns), keeps the last OPEN
 * of each side, the NOTIFICATIONs, keepalive interval samples and the
 * longest silence, and a bounded timeline: the first FLOW_TL_HEAD events
 * and a ring of the last FLOW_TL_TAIL, so memory does not grow with the
 * capture.  Establishment follows RFC 4271 section 8.2.2 as seen on the
 * wire: both OPENs, then a KEEPALIVE each way; a connection the capture
 * joined with KEEPALIVEs or UPDATEs both ways and no OPEN was up before it
 * started (up_at_start, not an establishment), and a side without an OPEN
 * takes its AS from the first ASN of its AS_PATHs (eBGP prepends it).
 * Every teardown has a cause; one of them is supersession: a new
 * establishment between the same two peers ends the session of a
 * connection that never showed its close (flow_supersede_judge() measures
 * what led to it), while the loser of a connection collision (RFC 4271
 * 6.8) is no teardown at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"

struct flow_session *
flow_session_new_pair(const struct net_addr *a, const struct net_addr *b,
    struct err *e)
{
	struct flow_session *s;
	char ba[NET_ADDR_STRLEN], bb[NET_ADDR_STRLEN];

	if ((s = erw_calloc(1, sizeof(*s))) == NULL) {
		ERR(e, ERR_NOMEM, "cannot allocate a session");
		return NULL;
	}
	if (net_addr_cmp(a, b) <= 0) {
		s->side[0].addr = *a;
		s->side[1].addr = *b;
	} else {
		s->side[0].addr = *b;
		s->side[1].addr = *a;
	}
	snprintf(s->key, sizeof(s->key), "%s - %s",
	    net_addr_str(&s->side[0].addr, ba),
	    net_addr_str(&s->side[1].addr, bb));
	return s;
}

void
flow_session_free(struct flow_session *s)
{
	free(s);
}

int
flow_session_side(const struct flow_session *s, const struct net_addr *a)
{
	if (net_addr_eq(&s->side[0].addr, a))
		return 0;
	if (net_addr_eq(&s->side[1].addr, a))
		return 1;
	return -1;
}

void
flow_session_add_vlans(struct flow_session *s, const struct pkt_info *pi)
{
	unsigned i, j;

	for (i = 0; i < pi->nvlan && i < PKT_MAX_VLANS; i++) {
		for (j = 0; j < s->nvlan; j++)
			if (s->vlans[j] == pi->vlan[i].vid)
				break;
		if (j == s->nvlan && s->nvlan < FLOW_MAX_VLANS)
			s->vlans[s->nvlan++] = pi->vlan[i].vid;
	}
}

/* ------------------------------------------------------------------ */
/* Timeline                                                            */
/* ------------------------------------------------------------------ */

static bool
tl_wanted(const struct flow_event *ev)
{
	switch (ev->type) {
	case FLOW_EV_SYN:
	case FLOW_EV_SYNACK:
	case FLOW_EV_TCP_UP:
	case FLOW_EV_RST:
	case FLOW_EV_FIN:
	case FLOW_EV_CONN_END:
	case FLOW_EV_GAP:
	case FLOW_EV_BGP_BAD:
	case FLOW_EV_BGP_UP:
	case FLOW_EV_BGP_DOWN:
		return true;
	case FLOW_EV_BGP_MSG:
		/* OPEN, NOTIFICATION, ROUTE-REFRESH and what failed to parse;
		 * UPDATEs and KEEPALIVEs are counted */
		return ev->msg == NULL || ev->msg_type == BGP_MSG_OPEN ||
		    ev->msg_type == BGP_MSG_NOTIFICATION ||
		    ev->msg_type == BGP_MSG_ROUTE_REFRESH;
	default:
		return false;
	}
}

static void
tl_add(struct flow_session *s, const struct flow_event *ev)
{
	struct flow_tl_event *t;

	if (s->ntl < FLOW_TL_HEAD)
		t = &s->tl_head[s->ntl];
	else
		t = &s->tl_tail[(s->ntl - FLOW_TL_HEAD) % FLOW_TL_TAIL];
	memset(t, 0, sizeof(*t));
	t->type = (uint8_t)ev->type;
	t->from = (int8_t)ev->from;
	t->msg_type = ev->msg_type;
	t->aux = ev->aux;
	t->conn_id = ev->conn_id;
	t->n = ev->n;
	t->meta = ev->meta;
	if (ev->msg != NULL && ev->msg_type == BGP_MSG_OPEN) {
		t->asn = bgp_open_asn(&ev->msg->u.open);
		t->hold = ev->msg->u.open.hold_time;
		t->bgp_id = ev->msg->u.open.bgp_id;
	}
	if (ev->msg != NULL && ev->msg_type == BGP_MSG_NOTIFICATION) {
		t->code = ev->msg->u.notification.code;
		t->subcode = ev->msg->u.notification.subcode;
	}
	if (ev->type == FLOW_EV_BGP_BAD && ev->berr != NULL) {
		t->code = ev->berr->code;
		t->subcode = ev->berr->subcode;
	}
	s->ntl++;
}

size_t
flow_session_tl_count(const struct flow_session *s)
{
	if (s->ntl <= FLOW_TL_HEAD + FLOW_TL_TAIL)
		return (size_t)s->ntl;
	return FLOW_TL_HEAD + FLOW_TL_TAIL;
}

uint64_t
flow_session_tl_skipped(const struct flow_session *s)
{
	if (s->ntl <= FLOW_TL_HEAD + FLOW_TL_TAIL)
		return 0;
	return s->ntl - FLOW_TL_HEAD - FLOW_TL_TAIL;
}

const struct flow_tl_event *
flow_session_tl(const struct flow_session *s, size_t i)
{
	uint64_t k;

	if (i >= flow_session_tl_count(s))
		return NULL;
	if (i < FLOW_TL_HEAD)
		return &s->tl_head[i];
	/* index into the ring: event number k (0-based over all) */
	k = i - FLOW_TL_HEAD + flow_session_tl_skipped(s) + FLOW_TL_HEAD;
	return &s->tl_tail[(k - FLOW_TL_HEAD) % FLOW_TL_TAIL];
}

static int
cmp_usec(const void *a, const void *b)
{
	usec_t x = *(const usec_t *)a, y = *(const usec_t *)b;

	return x < y ? -1 : x > y;
}

usec_t
flow_session_ka_median(const struct flow_session *s, int i)
{
	usec_t tmp[FLOW_KA_SAMPLES];
	uint32_t n;

	if (i < 0 || i > 1 || s->side[i].nka == 0)
		return 0;
	n = s->side[i].nka;
	memcpy(tmp, s->side[i].ka, n * sizeof(tmp[0]));
	qsort(tmp, n, sizeof(tmp[0]), cmp_usec);
	return tmp[n / 2];
}

/* ------------------------------------------------------------------ */
/* Model updates                                                       */
/* ------------------------------------------------------------------ */

static void
record_msg(struct flow_session *s, struct flow_sess_side *sd,
    const struct flow_event *ev)
{
	const struct bgp_msg *m = ev->msg;
	const struct bgp_update *u;
	struct flow_notif *nf;
	struct flow_sess_side *other;

	sd->msgs[ev->msg_type <= BGP_MSG_TYPE_MAX ? ev->msg_type : 0]++;
	if (m == NULL)
		return;
	switch (ev->msg_type) {
	case BGP_MSG_OPEN:
		sd->has_open = true;
		sd->open = m->u.open;
		sd->open_meta = ev->meta;
		sd->asn = bgp_open_asn(&m->u.open);
		sd->asn_from_path = false;
		other = &s->side[1 - ev->from];
		if (other->has_open) {
			s->has_hold = true;
			s->hold = bgp_hold_time(&sd->open, &other->open);
		}
		break;
	case BGP_MSG_UPDATE:
		u = &m->u.update;
		if (ev->aux == 1)
			s->inferred_updates++;
		if (!sd->has_open && sd->asn == 0 && u->first_as != 0) {
			sd->asn = u->first_as;
			sd->asn_from_path = true;
		}
		sd->announced += u->n_nlri + u->n_mp_reach;
		sd->withdrawn += u->n_withdrawn + u->n_mp_unreach;
		if ((u->default_v4 || u->default_v6) && !sd->default_route) {
			sd->default_route = true;
			sd->default_meta = ev->meta;
			str_copy(sd->default_pfx, u->default_v4 ? "0.0.0.0/0" :
			    "::/0", sizeof(sd->default_pfx));
		}
		break;
	case BGP_MSG_NOTIFICATION:
		s->nnotif_total++;
		if (s->nnotif < FLOW_MAX_NOTIF) {
			nf = &s->notif[s->nnotif++];
			nf->from = ev->from;
			nf->code = m->u.notification.code;
			nf->subcode = m->u.notification.subcode;
			nf->conn_id = ev->conn_id;
			nf->meta = ev->meta;
		}
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Supersession                                                        */
/* ------------------------------------------------------------------ */

static const char *const down_cause_names[FLOW_DOWN_NCAUSES] = {
	[FLOW_DOWN_NOTIFICATION] = "notification",
	[FLOW_DOWN_FIN] = "fin",
	[FLOW_DOWN_RST] = "rst",
	[FLOW_DOWN_EVICTED] = "evicted",
	[FLOW_DOWN_SUPERSEDED] = "superseded",
	[FLOW_DOWN_COLLISION] = "collision",
};

const char *
flow_down_cause_name(int cause)
{
	if (cause < 0 || cause >= FLOW_DOWN_NCAUSES)
		return "unknown";
	return down_cause_names[cause];
}

bool
flow_supersede_judge(const struct flow_conn *old, const struct flow_conn *nw,
    const struct flow_meta *at, struct flow_supersede *out)
{
	const struct flow_side *os, *ns;
	int i;

	/* RFC 4271 6.8: a collision is two connections in OpenSent or
	 * OpenConfirm at once; on the wire, the new one's OPEN exchange
	 * began before the old one was Established */
	if (nw->has_open_first && !old->midstream &&
	    nw->open_first.time <= old->bgp_up_at.time)
		return false;
	memset(out, 0, sizeof(*out));
	out->old_conn = old->id;
	out->new_conn = nw->id;
	out->at = *at;
	out->silent = -1;
	out->restarter = -1;
	/* the old connection's own hold time; when the capture joined it
	 * after its OPENs, the one the same two routers just negotiated
	 * again is the best estimate (same configuration) */
	if (old->has_hold) {
		out->has_hold = true;
		out->hold = old->hold;
	} else if (nw->has_hold) {
		out->has_hold = true;
		out->hold = nw->hold;
		out->hold_from_new = true;
	}
	for (i = 0; i < 2; i++) {
		os = &old->side[i];
		ns = &nw->side[i];
		if (os->has_last_msg) {
			out->has_last[i] = true;
			out->last[i] = os->last_msg_meta;
			out->silence[i] = at->time > os->last_msg_meta.time ?
			    at->time - os->last_msg_meta.time : 0;
			if (out->silent < 0 ||
			    out->silence[i] > out->silence[out->silent])
				out->silent = i;
			out->expired[i] = out->has_hold && out->hold > 0 &&
			    out->silence[i] >
			    (usec_t)out->hold * USEC_PER_SEC;
		}
		/* RFC 4724 4.1: the Restart State bit says the sender
		 * restarted; its restart time is the one it advertised
		 * before (4.2), which the receiver waits for.  Only a bit
		 * newly set counts: FRR 8.4 sets it in every OPEN for a
		 * while after bgpd starts, so a bit already set on the old
		 * connection, or an old OPEN the capture missed, tells
		 * nothing */
		if (ns->open && ns->has_gr && ns->gr_restart && os->open &&
		    os->has_gr && !os->gr_restart && out->restarter < 0) {
			out->restarter = i;
			out->has_restart_time = true;
			out->restart_time = os->gr_time;
		}
		if (os->open && ns->open && os->bgp_id != ns->bgp_id) {
			out->id_changed[i] = true;
			out->old_id[i] = os->bgp_id;
			out->new_id[i] = ns->bgp_id;
		}
	}
	return true;
}

void
flow_session_record(struct flow_session *s, const struct flow_event *ev)
{
	struct flow_sess_side *sd = NULL;

	if (ev->from == 0 || ev->from == 1)
		sd = &s->side[ev->from];
	if (s->first.frame == 0 && s->first.time == 0)
		s->first = ev->meta;
	if (ev->meta.frame >= s->last.frame)
		s->last = ev->meta;
	switch (ev->type) {
	case FLOW_EV_SYN:
		s->conns++;
		/* FALLTHROUGH */
	case FLOW_EV_SYN_RETRANS:
		if (sd == NULL)
			break;
		if (ev->type == FLOW_EV_SYN)
			sd->attempts++;
		sd->syns++;
		if (ev->tcp_opt & FLOW_OPT_MD5)
			sd->syn_md5 = sd->md5 = true;
		else
			sd->syn_plain = true;
		if (ev->tcp_opt & FLOW_OPT_AO)
			sd->ao = true;
		if (ev->tcp_opt & FLOW_OPT_MSS) {
			sd->has_mss = true;
			sd->mss = ev->mss;
		}
		break;
	case FLOW_EV_SYNACK:
		if (sd == NULL)
			break;
		sd->synacks++;
		if (ev->tcp_opt & FLOW_OPT_MD5)
			sd->md5 = true;
		if (ev->tcp_opt & FLOW_OPT_AO)
			sd->ao = true;
		if (ev->tcp_opt & FLOW_OPT_MSS) {
			sd->has_mss = true;
			sd->mss = ev->mss;
		}
		break;
	case FLOW_EV_TCP_UP:
		s->tcp_up++;
		break;
	case FLOW_EV_RST:
		if (sd == NULL)
			break;
		sd->rsts++;
		if (ev->aux == FLOW_RST_SYN) {
			sd->rst_on_syn++;
			s->rst_on_syn++;
		}
		break;
	case FLOW_EV_FIN:
		if (sd != NULL)
			sd->fins++;
		break;
	case FLOW_EV_CONN_END:
		if (ev->n & FLOW_END_F_UNANSWERED)
			s->unanswered++;
		if (ev->n & FLOW_END_F_NO_OPEN0)
			s->side[0].no_open_closes++;
		if (ev->n & FLOW_END_F_NO_OPEN1)
			s->side[1].no_open_closes++;
		if (ev->n & FLOW_END_F_MIDSTREAM)
			s->midstream++;
		break;
	case FLOW_EV_ZERO_WINDOW:
		if (sd != NULL)
			sd->zero_windows++;
		break;
	case FLOW_EV_RETRANS:
		if (sd != NULL)
			sd->retrans++;
		break;
	case FLOW_EV_GAP:
		if (sd == NULL)
			break;
		sd->gap_bytes += ev->n;
		if (ev->aux == FLOW_GAP_LIMIT)
			sd->limit_bytes += ev->n;
		break;
	case FLOW_EV_BGP_MSG:
		if (sd != NULL)
			record_msg(s, sd, ev);
		break;
	case FLOW_EV_BGP_BAD:
	case FLOW_EV_OVERLAP_MISMATCH:
		break;
	case FLOW_EV_BGP_UP:
		if (ev->aux == 1)
			s->up_at_start++;
		else
			s->establishments++;
		if (s->nup++ == 0)
			s->up_since = ev->meta;
		s->up = true;
		break;
	case FLOW_EV_BGP_DOWN:
		if (ev->aux >= 0 && ev->aux < FLOW_DOWN_NCAUSES)
			s->down_causes[ev->aux]++;
		/* resolving a collision keeps the session */
		if (ev->aux != FLOW_DOWN_COLLISION)
			s->teardowns++;
		if (ev->aux == FLOW_DOWN_SUPERSEDED && ev->sup != NULL) {
			s->nsup_total++;
			if (s->nsup < FLOW_MAX_SUPERSEDE)
				s->sup[s->nsup++] = *ev->sup;
		}
		if (s->nup > 0)
			s->nup--;
		s->up = s->nup > 0;
		break;
	case FLOW_EV_SILENCE:
		if (sd == NULL)
			break;
		if (ev->aux == 1) {
			if (sd->nka < FLOW_KA_SAMPLES)
				sd->ka[sd->nka++] = (usec_t)ev->n;
		} else if ((usec_t)ev->n > sd->longest_silence) {
			sd->longest_silence = (usec_t)ev->n;
			sd->silence_from = ev->first;
			sd->silence_to = ev->meta;
		}
		break;
	}
	if (tl_wanted(ev))
		tl_add(s, ev);
}
