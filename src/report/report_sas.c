/*
 * The SAS document.  Values come from the parsed SAS only; the signature
 * never reached it.
 */
#include "report_sas.h"

static void
text_or_null(struct report_node *fields, const char *label, const char *key,
    const char *v)
{
	report_val_text_or_null(report_field(fields, label, key), v);
}

void
report_sas_build(struct report_node *parent, const struct az_sas *s,
    usec_t now, const struct finding_list *fl)
{
	struct report_node *sec, *fields;
	struct report_val *v;

	sec = report_section(parent, "sas", "SAS URL");
	fields = report_fields(sec, NULL);
	text_or_null(fields, "account", "account", s->account);
	text_or_null(fields, "service", "service", s->service);
	text_or_null(fields, "container", "container", s->container);
	text_or_null(fields, "blob", "blob", s->blob);
	text_or_null(fields, "scope (sr)", "resource", s->sr);
	text_or_null(fields, "account services (ss)", "services", s->ss);
	text_or_null(fields, "account resource types (srt)",
	    "resource_types", s->srt);
	text_or_null(fields, "permissions (sp)", "permissions", s->sp);
	v = report_field(fields, "start (st)", "start");
	if (s->has_st && !s->st_bad)
		report_val_time(v, s->st);
	else
		report_val_text_or_null(v, s->st_text);
	v = report_field(fields, "expiry (se)", "expiry");
	if (s->has_se && !s->se_bad)
		report_val_time(v, s->se);
	else
		report_val_text_or_null(v, s->se_text);
	v = report_field(fields, "valid for", "valid_for_s");
	if (s->has_se && !s->se_bad && s->se > now)
		report_val_duration(v, (s->se - now) / USEC_PER_SEC);
	else
		report_val_null(v);
	text_or_null(fields, "protocols (spr)", "protocols", s->spr);
	text_or_null(fields, "IP range (sip)", "ip_range", s->sip);
	text_or_null(fields, "stored policy (si)", "stored_policy", s->si);
	text_or_null(fields, "signed version (sv)", "version", s->sv);
	report_val_bool(report_field(fields, NULL, "signature_present"),
	    s->has_sig);
	v = report_field(fields, "signature", NULL);
	if (s->has_sig)
		report_val_textf(v, "present (%zu characters, not shown)",
		    s->sig_len);
	else
		report_val_text(v, "absent");
	report_val_bool(report_field(fields, "user delegation",
	    "user_delegation"), s->user_delegation);
	report_findings(parent, "findings", "Findings", fl);
}
