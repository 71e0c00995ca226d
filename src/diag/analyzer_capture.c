/*
 * analyzer_capture: the packet stage behind the analyzer interface.  Each
 * capture of the folder is streamed through capture/ into diag_pcap, as
 * `erwatch pcap` does, unchanged; the expected peer AS comes from the
 * context.  A capture that cannot be read (fully) stays in the report
 * as the analyzer records it (CAPTURE_TRUNCATED).  Facts learned: each
 * BGP session as a peer pair (addresses, ASNs from the OPENs, VLAN) and
 * a session (Established or not, its span), each file's time span, and
 * the sessions' ups, downs and NOTIFICATIONs as timed events (for the
 * clock alignment and the state comparison of diag_correlate()), and
 * their UPDATEs and KEEPALIVEs counted over time (the timeline's marks).
 */
#include <stdlib.h>
#include <string.h>

#include "capture/capture.h"
#include "diag/analyzer.h"
#include "diag/diag_pcap.h"

#define NAME	"capture"

/* The UPDATEs and KEEPALIVEs of the first FACTS_MAX_MSGS sessions, as
 * diag_pcap hands each message over (on_message), by session. */
struct msg_acc {
	size_t			 n;
	size_t			 last;		/* the entry hit last: a full
						   table's UPDATEs come in runs
						   of one session */
	struct {
		const struct flow_session *s;
		struct fact_msgs	 m;	/* exact[].from_peer holds
						   "sent by side 1" until the
						   peer's side is known */
	}			 v[FACTS_MAX_MSGS];
};

static void
on_message(void *arg, const struct diag_pcap_msg *dm)
{
	struct msg_acc *acc = arg;
	enum fact_msg_kind kind;
	struct fact_msgs *m;
	size_t i;

	if (dm->type == BGP_MSG_UPDATE)
		kind = FMSG_UPDATE;
	else if (dm->type == BGP_MSG_KEEPALIVE)
		kind = FMSG_KEEPALIVE;
	else
		return;
	if (acc->n > 0 && acc->v[acc->last].s == dm->sess)
		i = acc->last;
	else {
		for (i = 0; i < acc->n; i++)
			if (acc->v[i].s == dm->sess)
				break;
		if (i == acc->n) {
			if (acc->n == FACTS_MAX_MSGS)
				return;		/* the timeline draws fewer */
			acc->v[acc->n++].s = dm->sess;
		}
		acc->last = i;
	}
	m = &acc->v[i].m;
	fact_msgs_add(m, kind, dm->time, dm->frame,
	    m->nexact[kind] < FACTS_MSG_EXACT &&
	    flow_session_side(dm->sess, dm->src) == 1);
}

/* The messages counted for fs as facts of session index si; peer is the
 * peer's side. */
static void
capture_msgs(struct diag_facts *f, const struct msg_acc *acc,
    const struct flow_session *fs, int peer, size_t si)
{
	struct fact_msgs *m;
	size_t i;
	unsigned k, j;

	for (i = 0; i < acc->n; i++)
		if (acc->v[i].s == fs)
			break;
	if (i == acc->n)
		return;
	if (f->nmsgs == FACTS_MAX_MSGS) {
		f->dropped++;
		return;
	}
	m = &f->msgs[f->nmsgs++];
	*m = acc->v[i].m;
	m->session = si;
	for (k = 0; k < FMSG__COUNT; k++)
		for (j = 0; j < m->nexact[k]; j++)
			m->exact[k][j].from_peer = m->exact[k][j].from_peer ==
			    (peer == 1);
}

/* The session events the flow model kept (its timeline: the first and
 * the last ones) as facts of session index si; peer is the peer's side. */
static void
capture_events(struct diag_facts *f, const struct flow_session *fs,
    int peer, size_t si)
{
	const struct flow_tl_event *t;
	struct fact_event ev;
	size_t i;

	for (i = 0; i < flow_session_tl_count(fs); i++) {
		if ((t = flow_session_tl(fs, i)) == NULL)
			break;
		memset(&ev, 0, sizeof(ev));
		switch (t->type) {
		case FLOW_EV_SYN:
			ev.kind = FEV_SYN;
			break;
		case FLOW_EV_TCP_UP:
			ev.kind = FEV_TCP_UP;
			break;
		case FLOW_EV_RST:
		case FLOW_EV_FIN:
			ev.kind = FEV_RESET;
			break;
		case FLOW_EV_BGP_UP:
			ev.kind = FEV_ESTABLISHED;
			break;
		case FLOW_EV_BGP_DOWN:
			ev.kind = FEV_DOWN;
			break;
		case FLOW_EV_BGP_MSG:
			if (t->msg_type == BGP_MSG_OPEN)
				ev.kind = FEV_OPEN;
			else if (t->msg_type == BGP_MSG_NOTIFICATION)
				ev.kind = FEV_NOTIFICATION;
			else
				continue;
			break;
		default:
			continue;
		}
		ev.session = si;
		ev.t = t->meta.time;
		ev.from_peer = t->from == peer;
		ev.code = t->code;
		ev.subcode = t->subcode;
		ev.frame = t->meta.frame;
		facts_add_event(f, &ev);
	}
}

/* The session's transitions on the capture's clock.  An up that was
 * already up when the capture started is kept (it tells the state) at
 * the capture's first frame. */
static void
capture_clock(struct diag_facts *f, const struct flow_session *fs,
    const struct fact_peer *fp, const char *input)
{
	struct fact_clock_event ev;
	size_t i, n = flow_session_tl_count(fs);

	memset(&ev, 0, sizeof(ev));
	ev.local = fp->local;
	ev.peer = fp->peer;
	ev.source = NAME;
	str_copy(ev.input, input, sizeof(ev.input));
	for (i = 0; i < n; i++) {
		const struct flow_tl_event *te = flow_session_tl(fs, i);

		if (te->type != FLOW_EV_BGP_UP && te->type != FLOW_EV_BGP_DOWN)
			continue;
		ev.kind = te->type == FLOW_EV_BGP_UP ? FCE_UP : FCE_DOWN;
		ev.t = te->meta.time;
		ev.unit = te->meta.frame;
		facts_add_clock_event(f, &ev);
	}
	for (i = 0; i < fs->nnotif && i < FLOW_MAX_NOTIF; i++) {
		ev.kind = FCE_NOTIFICATION;
		ev.t = fs->notif[i].meta.time;
		ev.unit = fs->notif[i].meta.frame;
		facts_add_clock_event(f, &ev);
	}
}

static void
capture_facts(struct diag_facts *f, const struct diag_pcap *ctx,
    const struct msg_acc *acc)
{
	size_t i, k, si;

	for (i = 0; i < diag_pcap_nfiles(ctx); i++) {
		const struct diag_pcap_file *df = diag_pcap_file(ctx, i);
		struct fact_span sp;

		if (df->frames > 0) {
			memset(&sp, 0, sizeof(sp));
			sp.from = df->first;
			sp.to = df->last;
			sp.source = NAME;
			str_copy(sp.input, df->name, sizeof(sp.input));
			facts_add_span(f, &sp);
		}
		for (k = 0; k < df->nsessions; k++) {
			const struct diag_pcap_session *s = &df->sessions[k];
			const struct flow_session *fs = s->fs;
			struct fact_peer fp;
			struct fact_session ss;
			int peer = s->ms_side >= 0 ? s->ms_side : 1;

			if (fs == NULL)
				continue;
			memset(&fp, 0, sizeof(fp));
			fp.peer = fs->side[peer].addr;
			fp.local = fs->side[1 - peer].addr;
			fp.peer_as = fs->side[peer].asn;
			fp.local_as = fs->side[1 - peer].asn;
			fp.vlan = fs->nvlan > 0 ? fs->vlans[0] : 0;
			fp.source = NAME;
			str_copy(fp.input, df->name, sizeof(fp.input));
			facts_add_peer(f, &fp);
			memset(&ss, 0, sizeof(ss));
			ss.peer = fp.peer;
			ss.local = fp.local;
			ss.peer_as = fp.peer_as;
			ss.local_as = fp.local_as;
			ss.established = fs->up || fs->establishments > 0 ||
			    fs->up_at_start > 0;
			str_copy(ss.state, fs->up ? "Established" :
			    ss.established ? "down at the end" :
			    "never Established", sizeof(ss.state));
			ss.has_span = true;
			ss.from = fs->first.time;
			ss.to = fs->last.time;
			ss.hold_s = fs->has_hold ? fs->hold : 0;
			ss.source = NAME;
			str_copy(ss.input, df->name, sizeof(ss.input));
			si = f->nsessions;
			facts_add_session(f, &ss);
			if (f->nsessions > si) {
				capture_events(f, fs, peer, si);
				capture_msgs(f, acc, fs, peer, si);
			}
			capture_clock(f, fs, &fp, df->name);
		}
	}
}

/* One capture into ctx; -1 only when the run cannot go on. */
static int
feed_file(struct diag_pcap *ctx, struct evidence_item *it, struct err *e)
{
	struct cap_file *cf = NULL;
	struct cap_record rec;
	struct err le, rerr;
	int r;

	err_clear(&le);
	err_clear(&rerr);
	if (cap_open_file(it->path, &cf, &le) == -1) {
		if (le.code == ERR_NOMEM) {
			*e = le;
			return -1;
		}
		snprintf(it->reason, sizeof(it->reason), "not read: %.120s",
		    le.msg);
		return diag_pcap_file_failed(ctx, it->rel, &le, e);
	}
	it->analyzer = NAME;
	if (diag_pcap_file_begin(ctx, it->rel, cap_dlt(cf), &le) == -1) {
		cap_close(cf);
		if (le.code == ERR_INPUT) {
			snprintf(it->reason, sizeof(it->reason), "not read: "
			    "%.120s", le.msg);
			return 0;
		}
		*e = le;
		return -1;
	}
	while ((r = cap_next(cf, &rec, &rerr)) == 1)
		if (diag_pcap_feed(ctx, &rec, e) == -1) {
			diag_pcap_file_end(ctx, NULL);
			cap_close(cf);
			return -1;
		}
	if (r == -1 && rerr.code == ERR_NOMEM) {
		diag_pcap_file_end(ctx, NULL);
		cap_close(cf);
		*e = rerr;
		return -1;
	}
	diag_pcap_file_end(ctx, r == -1 ? &rerr : NULL);
	cap_close(cf);
	return 0;
}

static int
capture_run(const struct analyzer_input *in, struct analyzer_output *out,
    struct err *e)
{
	struct evidence_set *set = in->ev;
	struct diag_pcap_opts o;
	struct diag_pcap *ctx;
	struct msg_acc *acc;
	size_t i;
	int rc = 0;

	if ((acc = erw_calloc(1, sizeof(*acc))) == NULL)
		return ERR(e, ERR_NOMEM, "cannot count the capture's messages");
	memset(&o, 0, sizeof(o));
	o.port = BGP_PORT;
	o.on_message = on_message;
	o.cb_ctx = acc;
	o.min_hold = 30;
	/* expectations need to know which side is the peer: only when
	 * the context names the one peer */
	if (in->ctx->npeers == 1) {
		o.has_peer = true;
		o.peer = in->ctx->peers[0].addr;
		if (in->ctx->peer_asn != 0) {
			o.has_expect_peer_as = true;
			o.expect_peer_as = in->ctx->peer_asn;
		}
		if (in->ctx->local_asn != 0) {
			o.has_expect_local_as = true;
			o.expect_local_as = in->ctx->local_asn;
		}
	}
	if ((ctx = diag_pcap_new(&o, e)) == NULL) {
		free(acc);
		return -1;
	}
	for (i = 0; i < set->n && rc == 0; i++)
		if (set->v[i].type == EVT_CAPTURE)
			rc = feed_file(ctx, &set->v[i], e);
	if (rc == 0 && diag_pcap_finish(ctx, out->findings, e) == -1)
		rc = -1;
	if (rc == 0)
		capture_facts(out->facts, ctx, acc);
	diag_pcap_free(ctx);
	free(acc);
	return rc;
}

const struct analyzer analyzer_capture = {
	.name = NAME,
	.stage = STAGE_PACKETS,
	.takes = EVT_BIT(EVT_CAPTURE),
	.run = capture_run,
};
