/*
 * Ranked hypotheses as text and as JSON (docs/json-output.md, diagnose).
 * The cited findings are named by code; their full text is in the
 * document's findings.
 */
#include <stdio.h>

#include "report.h"
#include "diag/diag_hypo.h"

static json_t *
codes_json(const struct finding_list *l, const size_t *refs, unsigned n)
{
	const char *seen[HYPO_MAX_REFS];
	unsigned i, j, nseen = 0;
	json_t *a = json_array();
	const char *code;

	for (i = 0; a != NULL && i < n; i++) {
		code = finding_def(l->v[refs[i]].code)->code;
		/* Each code once: six SYN findings are one clue. */
		for (j = 0; j < nseen && seen[j] != code; j++)
			;
		if (j < nseen)
			continue;
		seen[nseen++] = code;
		json_array_append_new(a, json_string(code));
	}
	return a;
}

json_t *
report_hypotheses_json(const struct hypothesis_list *hl,
    const struct finding_list *l)
{
	const struct hypothesis *h;
	const struct cause_def *c;
	json_t *a, *o, *subj;
	size_t i;

	if ((a = json_array()) == NULL)
		return NULL;
	for (i = 0; i < hl->n; i++) {
		h = &hl->v[i];
		c = cause_def(h->cause);
		if ((o = json_object()) == NULL)
			break;
		json_object_set_new(o, "cause", json_string(c->id));
		json_object_set_new(o, "fault", json_boolean(c->fault));
		/* Two decimals: the weights are judgement, not measurement. */
		json_object_set_new(o, "confidence",
		    json_real((double)(long)(h->confidence * 100 + 0.5) / 100));
		json_object_set_new(o, "summary", json_string(h->summary));
		json_object_set_new(o, "supporting",
		    codes_json(l, h->supporting, h->nsupporting));
		json_object_set_new(o, "contradicting",
		    codes_json(l, h->contradicting, h->ncontradicting));
		json_object_set_new(o, "remedy", json_string(c->remedy));
		if (!finding_subject_empty(&h->subject)) {
			/* The subject renders as a finding's does. */
			subj = report_subject_json(&h->subject);
			json_object_set_new(o, "subject", subj);
		}
		json_array_append_new(a, o);
	}
	return a;
}

void
report_hypotheses_text(FILE *fp, const struct hypothesis_list *hl,
    const struct finding_list *l, unsigned flags)
{
	const struct hypothesis *h;
	const struct cause_def *c;
	unsigned j;
	size_t i;
	bool color = (flags & REPORT_TEXT_COLOR) != 0;

	for (i = 0; i < hl->n; i++) {
		h = &hl->v[i];
		c = cause_def(h->cause);
		fprintf(fp, "%s%zu. %s%s (%.0f%%)\n", color && i == 0 ?
		    "\033[1m" : "", i + 1, c->id, color && i == 0 ?
		    "\033[0m" : "", h->confidence * 100);
		fprintf(fp, "   %s\n", h->summary);
		if (h->nsupporting > 0) {
			fputs("   supported by:", fp);
			for (j = 0; j < h->nsupporting; j++)
				fprintf(fp, "%s %s", j ? "," : "",
				    finding_def(l->v[h->supporting[j]].code)->code);
			fputc('\n', fp);
		}
		if (h->ncontradicting > 0) {
			fputs("   against:", fp);
			for (j = 0; j < h->ncontradicting; j++)
				fprintf(fp, "%s %s", j ? "," : "",
				    finding_def(
				    l->v[h->contradicting[j]].code)->code);
			fputc('\n', fp);
		}
		if (!(flags & REPORT_TEXT_NO_REMEDY))
			fprintf(fp, "   fix: %s\n", c->remedy);
	}
}
