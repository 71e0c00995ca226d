/*
 * analyzer_router: the router stage behind the analyzer interface.  Every
 * router output, log and config of the folder goes into one router
 * document (router/router.h), with the log year and zone from
 * context.json, and diag_router() judges it unchanged.  Facts learned:
 * each neighbor as a peer (address, ASNs) and a session (state), the
 * vendor, the time span of each file's log events, and the sessions'
 * timed ups, downs and NOTIFICATIONs.
 */
#include <string.h>

#include "diag/analyzer.h"
#include "diag/diag_router.h"

#define NAME	"router"

static void
router_facts(struct diag_facts *f, const struct router_doc *doc)
{
	size_t i, k;

	for (i = 0; i < doc->nneighbors; i++) {
		const struct router_neighbor *nb = &doc->neighbors[i];
		struct fact_peer fp;
		struct fact_session fs;
		const char *in = router_src_name(doc, &nb->src[0]);

		memset(&fp, 0, sizeof(fp));
		fp.peer = nb->addr;
		fp.local_as = nb->has_local_as ? nb->local_as : 0;
		fp.peer_as = nb->has_remote_as ? nb->remote_as : 0;
		fp.source = NAME;
		str_copy(fp.input, in != NULL ? in : "", sizeof(fp.input));
		facts_add_peer(f, &fp);
		memset(&fs, 0, sizeof(fs));
		fs.peer = nb->addr;
		fs.local_as = fp.local_as;
		fs.peer_as = fp.peer_as;
		fs.established = nb->state == ROUTER_ST_ESTABLISHED;
		str_copy(fs.state, router_state_name(nb->state),
		    sizeof(fs.state));
		fs.source = NAME;
		str_copy(fs.input, fp.input, sizeof(fs.input));
		facts_add_session(f, &fs);
		if (nb->vendor != ROUTER_VENDOR_UNKNOWN)
			f->vendor = nb->vendor;
	}
	/* the sessions' timed transitions, on the log's clock */
	for (i = 0; i < doc->nevents; i++) {
		const struct router_event *ev = &doc->events[i];
		struct fact_clock_event fe;
		const char *in;

		if (ev->time.year_from == ROUTER_TF_NONE ||
		    ev->addr.family == NET_AF_NONE)
			continue;
		memset(&fe, 0, sizeof(fe));
		switch (ev->kind) {
		case ROUTER_EV_UP:
			fe.kind = FCE_UP;
			break;
		case ROUTER_EV_DOWN:
		case ROUTER_EV_HOLD_EXPIRED:
			fe.kind = FCE_DOWN;
			fe.hold_expired = ev->kind == ROUTER_EV_HOLD_EXPIRED;
			break;
		case ROUTER_EV_NOTIF_SENT:
		case ROUTER_EV_NOTIF_RECEIVED:
			fe.kind = FCE_NOTIFICATION;
			fe.sent = ev->kind == ROUTER_EV_NOTIF_SENT;
			break;
		default:
			continue;
		}
		fe.code = ev->code;
		fe.subcode = ev->subcode;
		fe.peer = ev->addr;
		fe.t = ev->time.t;
		fe.unit = ev->src.line;
		fe.source = NAME;
		in = router_src_name(doc, &ev->src);
		str_copy(fe.input, in != NULL ? in : "", sizeof(fe.input));
		facts_add_clock_event(f, &fe);
	}
	/* the span each input's timed events cover */
	for (k = 0; k < doc->ninputs; k++) {
		struct fact_span sp;
		bool any = false;

		memset(&sp, 0, sizeof(sp));
		for (i = 0; i < doc->nevents; i++) {
			const struct router_event *ev = &doc->events[i];

			if (ev->src.input != k ||
			    ev->time.year_from == ROUTER_TF_NONE)
				continue;
			if (!any || ev->time.t < sp.from)
				sp.from = ev->time.t;
			if (!any || ev->time.t > sp.to)
				sp.to = ev->time.t;
			any = true;
		}
		if (!any)
			continue;
		sp.source = NAME;
		str_copy(sp.input, doc->inputs[k].name, sizeof(sp.input));
		facts_add_span(f, &sp);
	}
}

static int
router_run(const struct analyzer_input *in, struct analyzer_output *out,
    struct err *e)
{
	struct evidence_set *set = in->ev;
	struct diag_router_opts opts;
	struct router_ctx rc;
	struct router_doc *doc;
	struct err le;
	size_t i;

	memset(&rc, 0, sizeof(rc));
	rc.year = in->ctx->year;
	rc.has_zone = in->ctx->has_zone;
	rc.zone_min = in->ctx->zone_min;
	if ((doc = router_doc_new(&rc)) == NULL)
		return ERR(e, ERR_NOMEM, "cannot run the router analyzer");
	for (i = 0; i < set->n; i++) {
		struct evidence_item *it = &set->v[i];

		if (it->type != EVT_ROUTER)
			continue;
		err_clear(&le);
		/* named as shown in the report, read from where it is */
		if (router_load_file(doc, it->path, &le) == -1) {
			if (le.code == ERR_NOMEM) {
				router_doc_free(doc);
				*e = le;
				return -1;
			}
			snprintf(it->reason, sizeof(it->reason), "not loaded: "
			    "%.120s", le.msg);
			continue;
		}
		/* evidence names the file as the report shows it */
		if (doc->ninputs > 0)
			str_copy(doc->inputs[doc->ninputs - 1].name, it->rel,
			    sizeof(doc->inputs[0].name));
		it->analyzer = NAME;
	}
	router_doc_finish(doc);
	diag_router_opts_init(&opts);
	diag_router(doc, &opts, out->findings);
	router_facts(out->facts, doc);
	router_doc_free(doc);
	return 0;
}

const struct analyzer analyzer_router = {
	.name = NAME,
	.stage = STAGE_ROUTER,
	.takes = EVT_BIT(EVT_ROUTER),
	.run = router_run,
};
