/*
 * How the capture analyzer makes a finding: in the open file's list, with
 * the tunnel note of its session, evidence frames kept by one rule (the
 * first seven, then the latest), and handed to the mid-stream callback.
 * Also the small accessors every piece needs: the analyzer's state beside
 * a flow session, a side's address, which side is the Microsoft edge.
 * Declared in diag_pcap_int.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag_pcap_int.h"

const char *
dp_astr(const struct net_addr *a, char *buf)
{
	return net_addr_str(a, buf);
}

struct finding *
dp_fl_at(struct diag_pcap *ctx, size_t idx)
{
	return &ctx->cur->findings.v[idx];
}

/*
 * A session seen through a tunnel says so in each of its findings, so
 * that the tunnel endpoints are never taken for the BGP speakers:
 * "...; seen inside ERSPAN II session 5 (GRE 10.0.0.1 > 10.0.0.2)".
 * Findings are made with the note (dp_new_finding) and checked again
 * when the file ends, since a summary rewritten with a new count loses
 * it; a summary that has it is left alone.
 */
void
dp_tunnel_note(const struct diag_pcap_file *fi, const char *group, char *buf,
    size_t len)
{
	size_t i, n = strlen(buf);
	int k = 0;

	if (strstr(buf, "; seen inside ") != NULL)
		return;
	for (i = 0; i < fi->ntunnels && n < len; i++) {
		if (strcmp(fi->tunnels[i].session, group) != 0)
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s%s",
		    k++ == 0 ? "; seen inside " : ", and ",
		    fi->tunnels[i].desc);
	}
}

void
dp_notify(struct diag_pcap *ctx, const struct finding *f)
{
	struct finding g;
	usec_t from, to;

	if (ctx->o.on_finding == NULL || f == NULL)
		return;
	g = *f;
	/* A summary rewritten since it was made has lost its tunnel note:
	 * the listener gets it back; the list gets it at the file's end. */
	if (ctx->cur != NULL && ctx->cur->ntunnels > 0 &&
	    f->group[0] != '\0')
		dp_tunnel_note(ctx->cur, g.group, g.summary, sizeof(g.summary));
	/* the span so far; the list's is set when the file ends, once an
	 * aggregate has all its evidence (dp_subj_final) */
	if (!g.subject.has_span && dp_ev_span(&g, &from, &to))
		finding_subj_span(&g, from, to);
	ctx->o.on_finding(ctx->o.cb_ctx, &g);
}

/* Evidence: the first seven frames, then the latest in the last slot. */
void
dp_ev_frame(struct diag_pcap *ctx, struct finding *f, const struct flow_meta *m)
{
	struct evidence *ev;

	if (m == NULL || m->frame == 0)
		return;
	if (f->nev < LIMIT_EVIDENCE_PER_FINDING) {
		finding_ev_frame(f, ctx->cur->name, m->frame, m->time);
		return;
	}
	ev = &f->ev[LIMIT_EVIDENCE_PER_FINDING - 1];
	ev->unit = m->frame;
	ev->time = m->time;
}

struct finding *
dp_new_finding(struct diag_pcap *ctx, enum finding_code code, const char *group,
    const char *fmt, ...)
{
	struct finding *f;
	char buf[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (group != NULL && group[0] != '\0' && ctx->cur->ntunnels > 0)
		dp_tunnel_note(ctx->cur, group, buf, sizeof(buf));
	if ((f = finding_add(&ctx->cur->findings, code, "%s", buf)) == NULL) {
		/* a lost finding fails the run; the limit is only counted */
		if (ctx->cur->findings.nomem)
			ERR(&ctx->err, ERR_NOMEM, "cannot keep a finding");
		return NULL;
	}
	if (group != NULL)
		finding_set_group(f, group);
	return f;
}

void
dp_set_summary(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->summary, sizeof(f->summary), fmt, ap);
	va_end(ap);
}

void
dp_append(struct finding *f, const char *fmt, ...)
{
	size_t n = strlen(f->summary);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->summary + n, sizeof(f->summary) - n, fmt, ap);
	va_end(ap);
}

struct psess *
dp_ps_get(struct diag_pcap *ctx, struct flow_session *s)
{
	struct psess *ps;

	if (s->user != NULL)
		return s->user;
	if ((ps = erw_calloc(1, sizeof(*ps))) == NULL) {
		ERR(&ctx->err, ERR_NOMEM, "cannot allocate session state");
		return NULL;
	}
	sb_init(&ps->timeline);
	ps->epoch = ctx->cur->first;
	ps->first_syn_to = -1;
	s->user = ps;
	return ps;
}

const char *
dp_side_str(const struct flow_session *s, int i, char *buf)
{
	if (i < 0 || i > 1) {
		str_copy(buf, "?", NET_ADDR_STRLEN);
		return buf;
	}
	return net_addr_str(&s->side[i].addr, buf);
}

/* Which side is the Microsoft edge (or the --peer): -1 unknown. */
int
dp_ms_side(const struct diag_pcap *ctx, const struct flow_session *s)
{
	int i;

	if (ctx->o.has_peer)
		return flow_session_side(s, &ctx->o.peer);
	/* the AS from an OPEN, or else from the AS_PATHs (mid-session) */
	for (i = 0; i < 2; i++)
		if (s->side[i].asn == AS_MICROSOFT &&
		    s->side[1 - i].asn != AS_MICROSOFT)
			return i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* The findings' subject                                               */
/* ------------------------------------------------------------------ */

void
dp_note_conn(struct diag_pcap *ctx, struct psess *ps,
    const struct flow_conn *c)
{
	int i, l;

	if (c == NULL || c->id == ps->last_conn)
		return;
	ps->last_conn = c->id;
	for (i = 0; i < 2; i++)
		ps->cur_port[i] = c->side[i].port;
	if (!ps->has_ports) {
		ps->has_ports = true;
		ps->port[0] = ps->cur_port[0];
		ps->port[1] = ps->cur_port[1];
	}
	/* the SYN's destination listens; joined mid-way, the side on the
	 * BGP port when only one is (179 <-> 179 tells nothing) */
	if (c->initiator >= 0 && c->initiator <= 1) {
		l = 1 - c->initiator;
		if (c->side[l].port == ctx->o.port)
			ps->listen[l] = true;
	} else if ((c->side[0].port == ctx->o.port) !=
	    (c->side[1].port == ctx->o.port))
		ps->listen[c->side[0].port == ctx->o.port ? 0 : 1] = true;
}

int
dp_peer_side(const struct diag_pcap *ctx, const struct flow_session *s,
    const struct psess *ps)
{
	int ms;

	if (ps != NULL) {
		if (ps->listen[0] != ps->listen[1])
			return ps->listen[0] ? 0 : 1;
		/* both opened connections (or neither seen listening): the
		 * first attempt tells who was meant to answer */
		if (ps->first_syn_to >= 0)
			return ps->first_syn_to;
	}
	ms = dp_ms_side(ctx, s);
	return ms >= 0 ? ms : 1;	/* /30: Microsoft is .2 */
}

/*
 * The session's tags.  flow/ keeps its distinct VLAN IDs, outer first:
 * two of them are a QinQ stack only if the file had frames with two tags
 * (else they are two single-tagged VLANs, and neither is the session's).
 */
static void
session_vlan(const struct diag_pcap *ctx, const struct flow_session *s,
    unsigned *outer, unsigned *inner)
{
	*outer = *inner = 0;
	if (s->nvlan == 1)
		*outer = s->vlans[0];
	else if (s->nvlan == 2 && ctx->vst.depth >= 2) {
		*outer = s->vlans[0];
		*inner = s->vlans[1];
	}
}

/* The ASNs of the subject's endpoints, from the OPENs they sent. */
void
dp_subj_asns(struct finding *f, const struct flow_session *s)
{
	int l, p;

	if (f == NULL)
		return;
	l = flow_session_side(s, &f->subject.local);
	p = flow_session_side(s, &f->subject.peer);
	finding_subj_asns(f, l >= 0 && s->side[l].has_open ?
	    s->side[l].asn : 0, p >= 0 && s->side[p].has_open ?
	    s->side[p].asn : 0);
}

void
dp_subj_session(struct diag_pcap *ctx, struct finding *f,
    const struct flow_session *s, const struct psess *ps)
{
	unsigned vo, vi;
	int p, l;

	if (f == NULL)
		return;
	p = dp_peer_side(ctx, s, ps);
	l = 1 - p;
	if (ps != NULL && ps->has_ports)
		finding_subj_peers(f, &s->side[l].addr, ps->cur_port[l],
		    &s->side[p].addr, ps->cur_port[p]);
	else
		finding_subj_peers(f, &s->side[l].addr, 0, &s->side[p].addr,
		    0);
	dp_subj_asns(f, s);
	session_vlan(ctx, s, &vo, &vi);
	finding_subj_vlan(f, vo, vi);
}

void
dp_subj_frame_vlan(struct finding *f, const struct pkt_info *pi)
{
	finding_subj_vlan(f, pi->nvlan > 0 ? pi->vlan[0].vid : 0,
	    pi->nvlan > 1 ? pi->vlan[1].vid : 0);
}

bool
dp_ev_span(const struct finding *f, usec_t *from, usec_t *to)
{
	bool any = false;
	unsigned i;

	for (i = 0; i < f->nev; i++) {
		if (f->ev[i].kind != EV_FRAME || !f->ev[i].has_time)
			continue;
		if (!any || f->ev[i].time < *from)
			*from = f->ev[i].time;
		if (!any || f->ev[i].time > *to)
			*to = f->ev[i].time;
		any = true;
	}
	return any;
}

/* A session's finding once the whole capture is known: the peer may have
 * turned out to be the other side (its ports go with it), the OPENs may
 * have come after the finding was made. */
static void
subj_session_final(struct diag_pcap *ctx, struct finding *f,
    const struct flow_session *s, const struct psess *ps)
{
	struct finding_subject *sj = &f->subject;
	uint16_t lp = 0, pp = 0, t;
	unsigned vo, vi;
	int p = dp_peer_side(ctx, s, ps), l = 1 - p;

	if (sj->peer.family != NET_AF_NONE) {
		lp = sj->local_port;
		pp = sj->peer_port;
		if (!net_addr_eq(&sj->peer, &s->side[p].addr)) {
			t = lp;
			lp = pp;
			pp = t;
		}
	} else if (ps != NULL && ps->has_ports) {
		lp = ps->port[l];
		pp = ps->port[p];
	}
	finding_subj_peers(f, &s->side[l].addr, lp, &s->side[p].addr, pp);
	dp_subj_asns(f, s);
	/* an ICMP error keeps the tags of its own frame */
	if (sj->vlan == 0) {
		session_vlan(ctx, s, &vo, &vi);
		finding_subj_vlan(f, vo, vi);
	}
}

void
dp_subj_final(struct diag_pcap *ctx, struct flow_session *list)
{
	struct diag_pcap_file *fi = ctx->cur;
	const struct vlan_stack *v = &ctx->vst;
	struct flow_session *s;
	struct finding *f;
	usec_t from, to;
	size_t i;

	for (i = 0; i < fi->findings.n; i++) {
		f = &fi->findings.v[i];
		s = NULL;
		if (f->group[0] != '\0')
			for (s = list; s != NULL; s = s->lnext)
				if (strcmp(s->key, f->group) == 0)
					break;
		if (s != NULL)
			subj_session_final(ctx, f, s, s->user);
		else if (f->subject.local.family == NET_AF_NONE &&
		    f->subject.peer.family == NET_AF_NONE &&
		    f->subject.vlan == 0 && v->n > 0 && !v->mixed)
			/* about the file: its tags, when all frames agree */
			finding_subj_vlan(f, v->vid[0], v->n > 1 ? v->vid[1] :
			    0);
		if (f->subject.has_span)
			continue;
		if (dp_ev_span(f, &from, &to))
			finding_subj_span(f, from, to);
		else if (s != NULL && s->first.frame != 0)
			finding_subj_span(f, s->first.time, s->last.time);
		else if (fi->frames > 0)
			finding_subj_span(f, fi->first, fi->last);
	}
}
