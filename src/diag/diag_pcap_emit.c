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

	if (ctx->o.on_finding == NULL || f == NULL)
		return;
	/* A summary rewritten since it was made has lost its tunnel note:
	 * the listener gets it back; the list gets it at the file's end. */
	if (ctx->cur != NULL && ctx->cur->ntunnels > 0 &&
	    f->group[0] != '\0') {
		g = *f;
		dp_tunnel_note(ctx->cur, g.group, g.summary, sizeof(g.summary));
		ctx->o.on_finding(ctx->o.cb_ctx, &g);
		return;
	}
	ctx->o.on_finding(ctx->o.cb_ctx, f);
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
