/*
 * The capture analyzer: frames -> pkt_decode() -> flow tracker (TCP, stream
 * reassembly, BGP session model) -> findings.  This file holds the life
 * cycle and the file records: an analyzer outlives its files, each file
 * gets a record (its counts, findings and sessions, kept for the
 * renderers) and a fresh flow tracker, and diag_pcap_file_end() runs the
 * end-of-capture judgments, then keeps the sessions with the record.  The
 * jobs in between have a file each, sharing diag_pcap_int.h:
 *	diag_pcap_feed.c	frames in, file counts, tunnels
 *	diag_pcap_l2.c		ARP and ICMP errors
 *	diag_pcap_event.c	flow events into findings, at once
 *	diag_pcap_judge.c	judgments over the whole capture and the
 *				severity rule (a failure a later, lasting
 *				establishment made good is only a warning)
 *	diag_pcap_emit.c	making a finding, the accessors they share
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp.h"
#include "diag_pcap_int.h"

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
	memset(&ctx->vst, 0, sizeof(ctx->vst));
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

static struct psess *
ps_of(const struct flow_session *s)
{
	return s->user;
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
		/* where the reading stopped: after the last whole frame */
		if (f != NULL && fi->frames > 0)
			finding_subj_span(f, fi->last, fi->last);
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
	dp_subj_final(ctx, list);
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
