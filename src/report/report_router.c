/*
 * Text and JSON rendering of `erwatch router` results: the files read
 * and what was recognised in them, the neighbors (one line each in text),
 * the log events, then the findings.  Every string shown was escaped by
 * the parsers when stored; no key or password is ever part of the model.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "report_router.h"

#define TEXT_EVENTS_MAX	40	/* text shows the last ones; JSON all */

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

static json_t *
jnum(int64_t v)
{
	return v >= 0 ? json_integer((json_int_t)v) : json_null();
}

static json_t *
jaddr(const struct net_addr *a)
{
	char buf[NET_ADDR_STRLEN];

	return a->family != 0 ? json_string(net_addr_str(a, buf)) :
	    json_null();
}

static json_t *
jstr_or_null(const char *s)
{
	return s[0] != '\0' ? json_string(s) : json_null();
}

static const char *
tf_name(enum router_time_from f)
{
	switch (f) {
	case ROUTER_TF_LINE:
		return "line";
	case ROUTER_TF_CONTEXT:
		return "context";
	case ROUTER_TF_FILE:
		return "file";
	case ROUTER_TF_ASSUMED:
		return "assumed";
	default:
		return "none";
	}
}

static json_t *
input_json(const struct router_input *in)
{
	json_t *o = json_object(), *secs = json_array();
	unsigned i;

	json_object_set_new(o, "file", json_string(in->name));
	json_object_set_new(o, "encoding",
	    json_string(router_encoding_name(in->enc)));
	json_object_set_new(o, "crlf", json_boolean(in->crlf));
	json_object_set_new(o, "cleaned", json_boolean(in->cleaned));
	json_object_set_new(o, "recognized", json_boolean(in->recognized));
	json_object_set_new(o, "truncated", json_boolean(in->truncated));
	json_object_set_new(o, "lines", json_integer(in->lines));
	for (i = 0; i < in->nsections; i++) {
		const struct router_section *s = &in->sections[i];
		json_t *j = json_object();

		json_object_set_new(j, "kind",
		    json_string(router_kind_name(s->kind)));
		json_object_set_new(j, "vendor",
		    json_string(router_vendor_name(s->vendor)));
		json_object_set_new(j, "json", json_boolean(s->json));
		json_object_set_new(j, "first_line",
		    json_integer(s->first_line));
		json_object_set_new(j, "last_line", json_integer(s->last_line));
		json_object_set_new(j, "command", jstr_or_null(s->command));
		json_object_set_new(j, "host", jstr_or_null(s->host));
		json_object_set_new(j, "truncated", json_boolean(s->truncated));
		json_object_set_new(j, "neighbors",
		    json_integer((json_int_t)s->neighbors));
		json_object_set_new(j, "events",
		    json_integer((json_int_t)s->events));
		json_array_append_new(secs, j);
	}
	json_object_set_new(o, "sections", secs);
	return o;
}

static json_t *
neighbor_json(const struct router_doc *d, const struct router_neighbor *nb)
{
	json_t *o = json_object(), *ev = json_array();
	unsigned i;

	json_object_set_new(o, "address", jaddr(&nb->addr));
	json_object_set_new(o, "vrf", json_string(nb->vrf));
	json_object_set_new(o, "address_family", jstr_or_null(nb->afi));
	json_object_set_new(o, "host", jstr_or_null(nb->host));
	json_object_set_new(o, "remote_as", nb->has_remote_as ?
	    json_integer(nb->remote_as) : json_null());
	json_object_set_new(o, "local_as", nb->has_local_as ?
	    json_integer(nb->local_as) : json_null());
	json_object_set_new(o, "state",
	    json_string(router_state_name(nb->state)));
	json_object_set_new(o, "state_text", jstr_or_null(nb->state_text));
	json_object_set_new(o, "established",
	    json_boolean(nb->state == ROUTER_ST_ESTABLISHED));
	json_object_set_new(o, "admin_down", json_boolean(nb->admin_down));
	json_object_set_new(o, "up_down_seconds", jnum(nb->updown_s));
	json_object_set_new(o, "prefixes_received", jnum(nb->pfx_received));
	json_object_set_new(o, "prefixes_accepted", jnum(nb->pfx_accepted));
	json_object_set_new(o, "hold_time", jnum(nb->hold));
	json_object_set_new(o, "keepalive", jnum(nb->keepalive));
	json_object_set_new(o, "hold_time_configured", jnum(nb->hold_cfg));
	json_object_set_new(o, "keepalive_configured",
	    jnum(nb->keepalive_cfg));
	json_object_set_new(o, "flaps", jnum(nb->flaps));
	json_object_set_new(o, "md5", nb->md5 == ROUTER_UNSAID ? json_null() :
	    json_boolean(nb->md5 == ROUTER_YES));
	json_object_set_new(o, "last_error", jstr_or_null(nb->last_error));
	json_object_set_new(o, "reset_reason", jstr_or_null(nb->reset_reason));
	json_object_set_new(o, "last_notification", nb->err_code != 0 ?
	    json_pack("{s:i,s:i}", "code", nb->err_code, "subcode",
	    nb->err_subcode) : json_null());
	json_object_set_new(o, "max_prefix", json_boolean(nb->max_prefix));
	json_object_set_new(o, "description", jstr_or_null(nb->description));
	json_object_set_new(o, "router_id", jaddr(&nb->router_id));
	json_object_set_new(o, "local_router_id", jaddr(&nb->local_id));
	json_object_set_new(o, "bird_protocol", jstr_or_null(nb->proto));
	json_object_set_new(o, "vendor",
	    json_string(router_vendor_name(nb->vendor)));
	for (i = 0; i < nb->nsrc; i++)
		json_array_append_new(ev, json_pack("{s:s,s:i}", "file",
		    router_src_name(d, &nb->src[i]), "line",
		    (json_int_t)nb->src[i].line));
	json_object_set_new(o, "evidence", ev);
	return o;
}

static json_t *
event_json(const struct router_doc *d, const struct router_event *ev)
{
	json_t *o = json_object();
	char t[40];

	json_object_set_new(o, "time", ev->time.year_from != ROUTER_TF_NONE ?
	    json_string(time_iso(ev->time.t, t, sizeof(t))) : json_null());
	json_object_set_new(o, "time_text", jstr_or_null(ev->time_text));
	json_object_set_new(o, "year_from",
	    json_string(tf_name(ev->time.year_from)));
	json_object_set_new(o, "zone_from",
	    json_string(tf_name(ev->time.zone_from)));
	json_object_set_new(o, "address", jaddr(&ev->addr));
	json_object_set_new(o, "vrf", json_string(ev->vrf));
	json_object_set_new(o, "bird_protocol", jstr_or_null(ev->proto));
	json_object_set_new(o, "kind", json_string(router_event_name(ev->kind)));
	json_object_set_new(o, "code", ev->code >= 0 ? json_integer(ev->code) :
	    json_null());
	json_object_set_new(o, "subcode", ev->subcode >= 0 ?
	    json_integer(ev->subcode) : json_null());
	json_object_set_new(o, "reason", jstr_or_null(ev->reason));
	if (ev->kind == ROUTER_EV_MAX_PREFIX) {
		json_object_set_new(o, "count", jnum(ev->count));
		json_object_set_new(o, "limit", jnum(ev->limit));
		json_object_set_new(o, "threshold", json_boolean(ev->threshold));
	}
	json_object_set_new(o, "vendor",
	    json_string(router_vendor_name(ev->vendor)));
	json_object_set_new(o, "file", json_string(router_src_name(d,
	    &ev->src)));
	json_object_set_new(o, "line", json_integer(ev->src.line));
	return o;
}

json_t *
report_router_json(const struct router_doc *d, const struct finding_list *fl)
{
	uint64_t f0 = erw_alloc_failures();
	json_t *root, *a;
	size_t i;

	if ((root = json_object()) == NULL)
		return NULL;
	a = json_array();
	for (i = 0; i < d->ninputs; i++)
		json_array_append_new(a, input_json(&d->inputs[i]));
	json_object_set_new(root, "inputs", a);
	a = json_array();
	for (i = 0; i < d->nnotes; i++)
		json_array_append_new(a, json_string(d->notes[i]));
	json_object_set_new(root, "notes", a);
	a = json_array();
	for (i = 0; i < d->nneighbors; i++)
		json_array_append_new(a, neighbor_json(d, &d->neighbors[i]));
	json_object_set_new(root, "neighbors", a);
	a = json_array();
	for (i = 0; i < d->nevents; i++)
		json_array_append_new(a, event_json(d, &d->events[i]));
	json_object_set_new(root, "events", a);
	json_object_set_new(root, "findings", report_findings_json(fl, 0));
	return report_json_done(root, f0);
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

static const char *
dur(int64_t s, char *buf, size_t len)
{
	if (s < 0)
		str_copy(buf, "-", len);
	else if (s >= 86400)
		snprintf(buf, len, "%lldd%02lldh", (long long)(s / 86400),
		    (long long)(s % 86400 / 3600));
	else
		snprintf(buf, len, "%02lld:%02lld:%02lld",
		    (long long)(s / 3600), (long long)(s % 3600 / 60),
		    (long long)(s % 60));
	return buf;
}

static const char *
num(int64_t v, char *buf, size_t len)
{
	if (v < 0)
		str_copy(buf, "-", len);
	else
		snprintf(buf, len, "%lld", (long long)v);
	return buf;
}

static void
inputs_text(FILE *fp, const struct router_doc *d)
{
	size_t i;
	unsigned s;

	for (i = 0; i < d->ninputs; i++) {
		const struct router_input *in = &d->inputs[i];

		fprintf(fp, "%s:", in->name);
		if (in->enc != ROUTER_ENC_UTF8)
			fprintf(fp, " %s,", router_encoding_name(in->enc));
		if (!in->recognized)
			fprintf(fp, " not recognised\n");
		else
			fprintf(fp, "\n");
		for (s = 0; s < in->nsections; s++) {
			const struct router_section *sec = &in->sections[s];

			fprintf(fp, "  lines %u-%u: %s %s%s", sec->first_line,
			    sec->last_line, router_vendor_name(sec->vendor),
			    router_kind_name(sec->kind), sec->json ?
			    " (json)" : "");
			if (sec->command[0] != '\0')
				fprintf(fp, " [%s%s%s]", sec->host,
				    sec->host[0] ? ": " : "", sec->command);
			fprintf(fp, ", %zu neighbor(s), %zu event(s)%s\n",
			    sec->neighbors, sec->events, sec->truncated ?
			    ", cut short" : "");
		}
	}
}

static void
neighbors_text(FILE *fp, const struct router_doc *d)
{
	char a[NET_ADDR_STRLEN + 140], b1[24], b2[24], b3[24], b4[24], b5[24];
	char b6[24];
	size_t i;

	if (d->nneighbors == 0)
		return;
	fprintf(fp, "\n%-28s %10s %10s %-16s %9s %7s %6s %5s %s\n", "neighbor",
	    "remote-as", "local-as", "state", "up/down", "pfx-rcv", "hold",
	    "md5", "flaps");
	for (i = 0; i < d->nneighbors; i++) {
		const struct router_neighbor *nb = &d->neighbors[i];
		char an[NET_ADDR_STRLEN];

		net_addr_str(&nb->addr, an);
		snprintf(a, sizeof(a), "%s%s%s%s%s", nb->host,
		    nb->host[0] ? " " : "", strcmp(nb->vrf, "default") != 0 ?
		    nb->vrf : "", strcmp(nb->vrf, "default") != 0 ? "/" : "",
		    an);
		fprintf(fp, "%-28s %10s %10s %-16s %9s %7s %6s %5s %s\n", a,
		    nb->has_remote_as ? num(nb->remote_as, b1, sizeof(b1)) :
		    "-", nb->has_local_as ? num(nb->local_as, b2, sizeof(b2)) :
		    "-", nb->state_text[0] && nb->state !=
		    ROUTER_ST_ESTABLISHED ? nb->state_text :
		    router_state_name(nb->state),
		    dur(nb->updown_s, b3, sizeof(b3)),
		    num(nb->pfx_received >= 0 ? nb->pfx_received :
		    nb->pfx_accepted, b4, sizeof(b4)),
		    num(nb->hold >= 0 ? nb->hold : nb->hold_cfg, b5,
		    sizeof(b5)), nb->md5 == ROUTER_YES ? "yes" :
		    nb->md5 == ROUTER_NO ? "no" : "-",
		    num(nb->flaps, b6, sizeof(b6)));
	}
}

static void
events_text(FILE *fp, const struct router_doc *d)
{
	char t[40], a[NET_ADDR_STRLEN];
	size_t i, first = 0, shown = 0;

	for (i = 0; i < d->nevents; i++)
		if (d->events[i].kind != ROUTER_EV_OPEN_SENT)
			shown++;
	if (shown == 0)
		return;
	fprintf(fp, "\nlog events: %zu", shown);
	if (shown > TEXT_EVENTS_MAX) {
		fprintf(fp, " (the last %d shown; --json has all)",
		    TEXT_EVENTS_MAX);
		/* from the TEXT_EVENTS_MAX-th shown event from the end */
		shown = 0;
		for (i = d->nevents; i > 0; i--)
			if (d->events[i - 1].kind != ROUTER_EV_OPEN_SENT &&
			    ++shown == TEXT_EVENTS_MAX) {
				first = i - 1;
				break;
			}
	}
	fprintf(fp, "\n");
	for (i = first; i < d->nevents; i++) {
		const struct router_event *ev = &d->events[i];

		if (ev->kind == ROUTER_EV_OPEN_SENT)
			continue;
		fprintf(fp, "  %-27s %-22s %-16s", ev->time.year_from !=
		    ROUTER_TF_NONE ? time_iso(ev->time.t, t, sizeof(t)) :
		    ev->time_text, router_event_name(ev->kind),
		    ev->addr.family ? net_addr_str(&ev->addr, a) :
		    ev->proto[0] ? ev->proto : "?");
		if (ev->code >= 0)
			fprintf(fp, " %d/%d", ev->code, ev->subcode < 0 ? 0 :
			    ev->subcode);
		if (ev->reason[0] != '\0')
			fprintf(fp, " %s", ev->reason);
		fprintf(fp, "  (%s:%u)\n", router_src_name(d, &ev->src),
		    ev->src.line);
	}
}

void
report_router_text(FILE *fp, const struct router_doc *d,
    const struct finding_list *fl, unsigned text_flags)
{
	size_t i;

	inputs_text(fp, d);
	for (i = 0; i < d->nnotes; i++)
		fprintf(fp, "note: %s\n", d->notes[i]);
	neighbors_text(fp, d);
	events_text(fp, d);
	if (fl->n > 0) {
		fprintf(fp, "\n");
		report_all_findings_text(fp, fl, text_flags, 0);
	}
}
