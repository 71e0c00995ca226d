/*
 * `erwatch flow` results: an nsg_verdict from azure/az_nsg.c (access,
 * deciding NSG and rule, every stage evaluated in Azure's order), the
 * next hop diag_flow looked up, and the findings, as a report document
 * (report_doc.h) for the single flow, and as CSV or JSON lines for a
 * batch, which is printed line by line and never held as a document.
 * Names and rule names come from the export: text escapes them, JSON
 * carries them as strings, HTML escapes them as markup.
 */
#include <stdio.h>
#include <string.h>

#include "diag/diag_flow.h"
#include "report.h"
#include "report_flow.h"

/* ------------------------------------------------------------------ */
/* The verdict object, shared by batch JSON lines                      */
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

/* ------------------------------------------------------------------ */
/* The single-flow document                                            */
/* ------------------------------------------------------------------ */

/* A string the model may lack: jansson left such a member out. */
static void
text_or_absent(struct report_val *v, const char *s)
{
	if (s != NULL)
		report_val_text(v, s);
	else
		report_val_absent(v);
}

/* The members of rule_json() as fields of f. */
static void
rule_fields(struct report_node *f, const struct nsg *g,
    const struct nsg_rule *r, enum nsg_access a)
{
	struct report_val *v;

	text_or_absent(report_field(f, "NSG", "nsg"), g->name);
	report_val_text(report_field(f, "level", "level"),
	    nsg_level_name(g->level));
	report_val_text(report_field(f, "access", "access"),
	    nsg_access_name(a));
	v = report_field(f, "rule", "ruleName");
	if (r != NULL)
		text_or_absent(v, r->rule_name);
	else
		report_val_null(v);
	v = report_field(f, "priority", "priority");
	if (r != NULL)
		report_val_int(v, r->priority);
	else
		report_val_null(v);
	text_or_absent(report_field(f, "file", "file"), g->file);
	v = report_field(f, "pointer", "pointer");
	if (r != NULL && !r->synthesized)
		report_val_text(v, r->ptr);
	else
		report_val_null(v);
	if (r != NULL && r->synthesized)
		report_val_bool(report_field(f, "default rule added",
		    "synthesized"), true);
}

static void
flow_fields(struct report_node *f, const struct nsg_flow *fl)
{
	struct report_val *v;

	report_val_text(report_field(f, "direction", "direction"),
	    nsg_dir_name(fl->dir));
	report_val_text(report_field(f, "protocol", "protocol"),
	    nsg_proto_name(fl->proto));
	report_val_addr(report_field(f, "local", "local"), &fl->local);
	v = report_field(f, "local port", "localPort");
	if (fl->lport == NSG_PORT_NONE)
		report_val_null(v);
	else
		report_val_int(v, fl->lport);
	report_val_addr(report_field(f, "remote", "remote"), &fl->remote);
	v = report_field(f, "remote port", "remotePort");
	if (fl->rport == NSG_PORT_NONE)
		report_val_null(v);
	else
		report_val_int(v, fl->rport);
}

/* The stages in evaluation order; text: one numbered line each. */
static void
stages_doc(struct report_node *parent, const struct nsg_flow *f,
    const struct nsg_verdict *v)
{
	static const struct {
		const char	*label, *key;
		enum report_type type;
	} cols[] = {
		{ "NSG", "nsg", REPORT_TEXT },
		{ "level", "level", REPORT_TEXT },
		{ "access", "access", REPORT_TEXT },
		{ "rule", "ruleName", REPORT_TEXT },
		{ "priority", "priority", REPORT_INT },
		{ "file", "file", REPORT_TEXT },
		{ "pointer", "pointer", REPORT_TEXT },
		{ "default rule added", "synthesized", REPORT_BOOL },
	};
	struct report_node *t;
	struct report_row *r;
	char nsg[160], rule[160];
	unsigned i;
	size_t c;

	t = report_table(parent, "stages", "Evaluated");
	for (c = 0; c < sizeof(cols) / sizeof(cols[0]); c++)
		report_col(t, cols[c].label, cols[c].key, cols[c].type, NULL);
	report_node_textf(t, "evaluated (%s order):", nsg_dir_name(f->dir));
	for (i = 0; i < v->nstages; i++) {
		const struct nsg_stage *st = &v->stage[i];
		const struct nsg_rule *ru = st->rule;

		r = report_row(t);
		text_or_absent(report_cell(r, 0), st->nsg->name);
		report_val_text(report_cell(r, 1),
		    nsg_level_name(st->nsg->level));
		report_val_text(report_cell(r, 2), nsg_access_name(st->access));
		if (ru != NULL) {
			text_or_absent(report_cell(r, 3), ru->rule_name);
			report_val_int(report_cell(r, 4), ru->priority);
		}
		text_or_absent(report_cell(r, 5), st->nsg->file);
		if (ru != NULL && !ru->synthesized)
			report_val_text(report_cell(r, 6), ru->ptr);
		if (ru != NULL && ru->synthesized)
			report_val_bool(report_cell(r, 7), true);
		else
			report_val_absent(report_cell(r, 7));
		/* names quote the export: text escapes them */
		str_escape_into(nsg, sizeof(nsg), st->nsg->name,
		    strlen(st->nsg->name));
		if (ru == NULL) {
			report_row_textf(r, "  %u. %s (%s): %s: no rule "
			    "matches", i + 1, nsg, nsg_level_name(
			    st->nsg->level), nsg_access_name(st->access));
			continue;
		}
		str_escape_into(rule, sizeof(rule), ru->rule_name,
		    strlen(ru->rule_name));
		report_row_textf(r, "  %u. %s (%s): %s by %s (priority %u%s)",
		    i + 1, nsg, nsg_level_name(st->nsg->level),
		    nsg_access_name(st->access), rule, ru->priority,
		    ru->synthesized ? ", default rule added" : "");
	}
}

static void
next_hop_doc(struct report_node *parent, const struct az_route_result *rr)
{
	struct report_node *f;
	struct report_val *v;
	char p[NET_PREFIX_STRLEN], via[NET_PREFIX_STRLEN + 80];

	f = report_fields(report_section(parent, "nextHop", "Next hop"),
	    NULL);
	text_or_absent(report_field(f, "type", "nextHopType"),
	    rr->next_hop_type);
	report_val_addr(report_field(f, "address", "nextHopIpAddress"),
	    &rr->next_hop);
	v = report_field(f, "route", "prefix");
	if (rr->winner != NULL) {
		report_val_text(v, net_prefix_str(&rr->winner->prefix, p));
		report_val_text(report_field(f, "source", "source"),
		    az_route_source_name(rr->winner->source));
		snprintf(via, sizeof(via), " (route %s, %s)", p,
		    az_route_source_name(rr->winner->source));
	} else {
		report_val_null(v);
		report_val_null(report_field(f, "source", "source"));
		via[0] = '\0';
	}
	report_node_textf(f, "next hop: %s%s", rr->next_hop_type != NULL ?
	    rr->next_hop_type : "None", via);
}

void
report_flow_build(struct report_node *parent, const struct nsg_flow *f,
    const struct nsg_verdict *v, const struct az_route_result *rr,
    const struct finding_list *fl)
{
	struct report_node *n, *sub;
	struct report_val *val;
	char fs[256], rule[256];

	diag_flow_str(f, fs, sizeof(fs));
	if (v->rule != NULL)
		str_escape_into(rule, sizeof(rule), v->rule->rule_name,
		    strlen(v->rule->rule_name));
	else
		snprintf(rule, sizeof(rule), "-");
	n = report_verdict(parent, NULL, report_state_of(fl), "%s: %s by %s",
	    fs, nsg_access_name(v->access), rule);
	report_node_flags(n, REPORT_NO_TEXT);

	n = report_fields(parent, NULL);
	report_val_text(report_field(n, "access", "access"),
	    nsg_access_name(v->access));
	val = report_field(n, "rule", "ruleName");
	if (v->rule != NULL)
		text_or_absent(val, v->rule->rule_name);
	else
		report_val_null(val);
	flow_fields(report_fields(report_val_section(report_field(n, "flow",
	    "flow")), NULL), f);
	val = report_field(n, "decided by", "decidedBy");
	if (v->nsg != NULL)
		rule_fields(report_fields(report_val_section(val), NULL),
		    v->nsg, v->rule, v->access);
	else
		report_val_null(val);
	report_node_textf(n, "flow:     %s\naccess:   %s\nruleName: %s%s", fs,
	    nsg_access_name(v->access), rule, v->nstages == 0 ?
	    "\nno NSG applies: nothing filters this flow" : "");
	stages_doc(parent, f, v);
	if (rr != NULL)
		next_hop_doc(parent, rr);
	sub = report_findings(parent, "findings", "Findings", fl);
	report_node_flags(sub, REPORT_TEXT_GAP);
}

json_t *
report_flow_json(const struct nsg_flow *f, const struct nsg_verdict *v,
    const struct az_route_result *rr, const struct finding_list *fl)
{
	struct report_doc *doc;
	json_t *root;

	if ((doc = report_doc_new("erwatch flow")) == NULL)
		return NULL;
	report_flow_build(report_doc_root(doc), f, v, rr, fl);
	root = report_doc_json(doc);
	report_doc_free(doc);
	return root;
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

size_t
report_flow_batch_csv_str(char *buf, size_t cap, const struct nsg_brief *b)
{
	const char *a = nsg_access_name(b->access), *s;
	size_t n = 0;
	bool quote;

#define PUT(c)	do { if (n < cap) buf[n] = (c); n++; } while (0)
	for (s = a; *s != '\0'; s++)
		PUT(*s);
	PUT(',');
	if (b->rule != NULL) {
		/* as csv_field() writes it */
		s = b->rule->rule_name;
		quote = strpbrk(s, ",\"\n\r") != NULL;
		if (quote)
			PUT('"');
		for (; *s != '\0'; s++) {
			if (quote && *s == '"')
				PUT('"');
			PUT(*s);
		}
		if (quote)
			PUT('"');
	}
	PUT('\n');
#undef PUT
	return n;
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
