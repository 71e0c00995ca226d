/*
 * Text and JSON rendering of `erwatch flow` results: an nsg_verdict from
 * azure/az_nsg.c (access, deciding NSG and rule, every stage evaluated in
 * Azure's order), the next hop diag_flow looked up, and the findings.
 * Names and rule names come from the export: text escapes them, JSON
 * carries them as strings.
 */
#include <stdio.h>
#include <string.h>

#include "diag/diag_flow.h"
#include "report.h"
#include "report_flow.h"

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

static json_t *
rule_json(const struct nsg *g, const struct nsg_rule *r, enum nsg_access a)
{
	json_t *o = json_object();

	json_object_set_new(o, "nsg", json_string(g->name));
	json_object_set_new(o, "level", json_string(nsg_level_name(g->level)));
	json_object_set_new(o, "access", json_string(nsg_access_name(a)));
	json_object_set_new(o, "ruleName", r != NULL ?
	    json_string(r->rule_name) : json_null());
	json_object_set_new(o, "priority", r != NULL ?
	    json_integer(r->priority) : json_null());
	json_object_set_new(o, "file", json_string(g->file));
	json_object_set_new(o, "pointer", r != NULL && !r->synthesized ?
	    json_string(r->ptr) : json_null());
	if (r != NULL && r->synthesized)
		json_object_set_new(o, "synthesized", json_true());
	return o;
}

static json_t *
flow_json(const struct nsg_flow *f)
{
	json_t *o = json_object();
	char a[NET_ADDR_STRLEN];

	json_object_set_new(o, "direction", json_string(nsg_dir_name(f->dir)));
	json_object_set_new(o, "protocol",
	    json_string(nsg_proto_name(f->proto)));
	json_object_set_new(o, "local",
	    json_string(net_addr_str(&f->local, a)));
	json_object_set_new(o, "localPort", f->lport == NSG_PORT_NONE ?
	    json_null() : json_integer(f->lport));
	json_object_set_new(o, "remote",
	    json_string(net_addr_str(&f->remote, a)));
	json_object_set_new(o, "remotePort", f->rport == NSG_PORT_NONE ?
	    json_null() : json_integer(f->rport));
	return o;
}

json_t *
report_flow_verdict_json(const struct nsg_flow *f, const struct nsg_verdict *v)
{
	json_t *o = json_object(), *st = json_array();
	unsigned i;

	json_object_set_new(o, "access",
	    json_string(nsg_access_name(v->access)));
	json_object_set_new(o, "ruleName", v->rule != NULL ?
	    json_string(v->rule->rule_name) : json_null());
	json_object_set_new(o, "flow", flow_json(f));
	json_object_set_new(o, "decidedBy", v->nsg != NULL ?
	    rule_json(v->nsg, v->rule, v->access) : json_null());
	for (i = 0; i < v->nstages; i++)
		json_array_append_new(st, rule_json(v->stage[i].nsg,
		    v->stage[i].rule, v->stage[i].access));
	json_object_set_new(o, "stages", st);
	return o;
}

static json_t *
route_json(const struct az_route_result *rr)
{
	json_t *o = json_object();
	char buf[NET_PREFIX_STRLEN];

	json_object_set_new(o, "nextHopType", json_string(rr->next_hop_type));
	json_object_set_new(o, "nextHopIpAddress", rr->next_hop.family != 0 ?
	    json_string(net_addr_str(&rr->next_hop, buf)) : json_null());
	json_object_set_new(o, "prefix", rr->winner != NULL ?
	    json_string(net_prefix_str(&rr->winner->prefix, buf)) :
	    json_null());
	json_object_set_new(o, "source", rr->winner != NULL ?
	    json_string(az_route_source_name(rr->winner->source)) :
	    json_null());
	return o;
}

json_t *
report_flow_json(const struct nsg_flow *f, const struct nsg_verdict *v,
    const struct az_route_result *rr, const struct finding_list *fl)
{
	uint64_t f0 = erw_alloc_failures();
	json_t *o = report_flow_verdict_json(f, v);

	if (o == NULL)
		return NULL;
	if (rr != NULL)
		json_object_set_new(o, "nextHop", route_json(rr));
	json_object_set_new(o, "findings", report_findings_json(fl, 0));
	return report_json_done(o, f0);
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

static void
stage_text(FILE *fp, unsigned i, const struct nsg_stage *st)
{
	char esc[160];

	str_escape_into(esc, sizeof(esc), st->nsg->name,
	    strlen(st->nsg->name));
	fprintf(fp, "  %u. %s (%s): %s", i + 1, esc,
	    nsg_level_name(st->nsg->level), nsg_access_name(st->access));
	if (st->rule != NULL) {
		str_escape_into(esc, sizeof(esc), st->rule->rule_name,
		    strlen(st->rule->rule_name));
		fprintf(fp, " by %s (priority %u%s)\n", esc,
		    st->rule->priority, st->rule->synthesized ?
		    ", default rule added" : "");
	} else
		fprintf(fp, ": no rule matches\n");
}

void
report_flow_text(FILE *fp, const struct nsg_flow *f,
    const struct nsg_verdict *v, const struct az_route_result *rr,
    const struct finding_list *fl, unsigned text_flags)
{
	char buf[256];
	unsigned i;

	fprintf(fp, "flow:     %s\n", diag_flow_str(f, buf, sizeof(buf)));
	fprintf(fp, "access:   %s\n", nsg_access_name(v->access));
	if (v->rule != NULL) {
		str_escape_into(buf, sizeof(buf), v->rule->rule_name,
		    strlen(v->rule->rule_name));
		fprintf(fp, "ruleName: %s\n", buf);
	} else
		fprintf(fp, "ruleName: -\n");
	if (v->nstages == 0)
		fprintf(fp, "no NSG applies: nothing filters this flow\n");
	else
		fprintf(fp, "evaluated (%s order):\n", nsg_dir_name(f->dir));
	for (i = 0; i < v->nstages; i++)
		stage_text(fp, i, &v->stage[i]);
	if (rr != NULL) {
		fprintf(fp, "next hop: %s", rr->next_hop_type != NULL ?
		    rr->next_hop_type : "None");
		if (rr->winner != NULL) {
			char p[NET_PREFIX_STRLEN];

			fprintf(fp, " (route %s, %s)", net_prefix_str(
			    &rr->winner->prefix, p),
			    az_route_source_name(rr->winner->source));
		}
		fprintf(fp, "\n");
	}
	if (fl->n > 0) {
		fprintf(fp, "\n");
		report_all_findings_text(fp, fl, text_flags, 0);
	}
}

/* ------------------------------------------------------------------ */
/* Batch lines                                                         */
/* ------------------------------------------------------------------ */

static void
csv_field(FILE *fp, const char *s)
{
	/* Rule names are words; quote anything that would break a CSV. */
	if (strpbrk(s, ",\"\n\r") == NULL) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

void
report_flow_batch_csv(FILE *fp, const struct nsg_brief *b)
{
	fputs(nsg_access_name(b->access), fp);
	fputc(',', fp);
	if (b->rule != NULL)
		csv_field(fp, b->rule->rule_name);
	fputc('\n', fp);
}

int
report_flow_batch_json(FILE *fp, const struct nsg_flow *f,
    const struct nsg_verdict *v, uint64_t line)
{
	json_t *o;

	if ((o = report_flow_verdict_json(f, v)) == NULL)
		return -1;
	json_object_set_new(o, "line", json_integer((json_int_t)line));
	json_dumpf(o, fp, JSON_COMPACT | JSON_PRESERVE_ORDER);
	fputc('\n', fp);
	json_decref(o);
	return 0;
}

void
report_flow_batch_error(FILE *fp, int json, uint64_t line, const char *why)
{
	if (json)
		fprintf(fp, "{\"line\": %llu, \"error\": \"%s\"}\n",
		    (unsigned long long)line, why);
	else
		fprintf(fp, "Error,\n");
}
