/*
 * Findings rendered as text and as JSON.  Text groups by severity and shows
 * the evidence and the remedy; JSON follows docs/json-output.md.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "diag/diag_hypo.h"

int
report_want_color(FILE *fp)
{
	if (getenv("NO_COLOR") != NULL)
		return 0;
	return isatty(fileno(fp));
}

static json_t *
evidence_json(const struct evidence *ev, usec_t epoch)
{
	char tbuf[40];
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	json_object_set_new(o, "file", json_string(ev->input));
	switch (ev->kind) {
	case EV_FRAME:
		json_object_set_new(o, "frame", json_integer((json_int_t)ev->unit));
		break;
	case EV_LINE:
		json_object_set_new(o, "line", json_integer((json_int_t)ev->unit));
		break;
	case EV_JSON:
		json_object_set_new(o, "path", json_string(ev->where));
		break;
	case EV_NOTE:
		json_object_set_new(o, "note", json_string(ev->where));
		break;
	default:
		break;
	}
	if (ev->has_time) {
		json_object_set_new(o, "time",
		    json_string(time_iso(ev->time, tbuf, sizeof(tbuf))));
		if (epoch != 0)
			json_object_set_new(o, "rel_time", json_real(
			    (double)(ev->time - epoch) / 1e6));
	}
	return o;
}

/* The finding's subject: only the members that are known. */
json_t *
report_subject_json(const struct finding_subject *s)
{
	char abuf[NET_ADDR_STRLEN], tbuf[40];
	const char *path;
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	if (s->local.family != NET_AF_NONE)
		json_object_set_new(o, "local",
		    json_string(net_addr_str(&s->local, abuf)));
	if (s->local_port != 0)
		json_object_set_new(o, "local_port",
		    json_integer(s->local_port));
	if (s->peer.family != NET_AF_NONE)
		json_object_set_new(o, "peer",
		    json_string(net_addr_str(&s->peer, abuf)));
	if (s->peer_port != 0)
		json_object_set_new(o, "peer_port", json_integer(s->peer_port));
	if (s->local_as != 0)
		json_object_set_new(o, "local_as", json_integer(s->local_as));
	if (s->peer_as != 0)
		json_object_set_new(o, "peer_as", json_integer(s->peer_as));
	if ((path = path_role_name(s->path)) != NULL)
		json_object_set_new(o, "path", json_string(path));
	if (s->vlan != 0)
		json_object_set_new(o, "vlan", json_integer(s->vlan));
	if (s->inner_vlan != 0)
		json_object_set_new(o, "inner_vlan",
		    json_integer(s->inner_vlan));
	if (s->has_span) {
		json_object_set_new(o, "from",
		    json_string(time_iso(s->from, tbuf, sizeof(tbuf))));
		json_object_set_new(o, "to",
		    json_string(time_iso(s->to, tbuf, sizeof(tbuf))));
	}
	if (s->object[0] != '\0') {
		if (s->object_kind[0] != '\0')
			json_object_set_new(o, "object_kind",
			    json_string(s->object_kind));
		json_object_set_new(o, "object", json_string(s->object));
	}
	return o;
}

/* Append to buf (of len, holding a string) with a ", " between parts. */
static void
part(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
part(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n > 0 && n + 2 < len) {
		memcpy(buf + n, ", ", 3);
		n += 2;
	}
	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

const char *
report_subject_str(const struct finding_subject *s, char *buf, size_t len)
{
	char a[NET_ADDR_STRLEN], t1[40], t2[40];
	const char *path;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (s->peer.family != NET_AF_NONE) {
		part(buf, len, "peer %s", net_addr_str(&s->peer, a));
		if (s->peer_port != 0)
			part(buf, len, "port %u", s->peer_port);
	}
	if (s->peer_as != 0)
		part(buf, len, "peer AS %lu", (unsigned long)s->peer_as);
	if (s->local.family != NET_AF_NONE) {
		part(buf, len, "local %s", net_addr_str(&s->local, a));
		if (s->local_port != 0)
			part(buf, len, "port %u", s->local_port);
	}
	if (s->local_as != 0)
		part(buf, len, "local AS %lu", (unsigned long)s->local_as);
	if ((path = path_role_name(s->path)) != NULL)
		part(buf, len, "%s path", path);
	if (s->vlan != 0) {
		if (s->inner_vlan != 0)
			part(buf, len, "VLAN %u.%u", s->vlan, s->inner_vlan);
		else
			part(buf, len, "VLAN %u", s->vlan);
	}
	if (s->object[0] != '\0')
		part(buf, len, "%s%s%s", s->object_kind, s->object_kind[0] ?
		    " " : "", s->object);
	if (s->has_span)
		part(buf, len, "%s to %s", time_iso(s->from, t1, sizeof(t1)),
		    time_iso(s->to, t2, sizeof(t2)));
	return buf;
}

json_t *
report_finding_json(const struct finding *f, usec_t epoch)
{
	const struct finding_def *def = finding_def(f->code);
	json_t *o, *evs;
	unsigned i;

	if ((o = json_object()) == NULL)
		return NULL;
	json_object_set_new(o, "code", json_string(def->code));
	json_object_set_new(o, "severity", json_string(severity_name(f->sev)));
	json_object_set_new(o, "layer", json_string(layer_name(f->layer)));
	json_object_set_new(o, "summary", json_string(f->summary));
	if (f->group[0] != '\0')
		json_object_set_new(o, "group", json_string(f->group));
	if (!finding_subject_empty(&f->subject))
		json_object_set_new(o, "subject",
		    report_subject_json(&f->subject));
	evs = json_array();
	for (i = 0; i < f->nev; i++)
		json_array_append_new(evs, evidence_json(&f->ev[i], epoch));
	json_object_set_new(o, "evidence", evs);
	json_object_set_new(o, "remedy", json_string(def->remedy));
	return o;
}

json_t *
report_findings_json(const struct finding_list *l, usec_t epoch)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < l->n; i++)
		json_array_append_new(a, report_finding_json(&l->v[i], epoch));
	return a;
}

static const char *
sev_color(enum severity s)
{
	switch (s) {
	case SEV_ERROR:
		return "\033[1;31m";
	case SEV_WARNING:
		return "\033[1;33m";
	default:
		return "\033[1;32m";
	}
}

void
report_evidence_text(FILE *fp, const struct evidence *ev, usec_t epoch)
{
	char tbuf[40];

	fprintf(fp, "%s", ev->input);
	switch (ev->kind) {
	case EV_FRAME:
		fprintf(fp, " frame %llu", (unsigned long long)ev->unit);
		break;
	case EV_LINE:
		fprintf(fp, " line %llu", (unsigned long long)ev->unit);
		break;
	case EV_JSON:
		fprintf(fp, " %s", ev->where);
		break;
	case EV_NOTE:
		fprintf(fp, "%s%s", ev->input[0] ? ": " : "", ev->where);
		break;
	default:
		break;
	}
	if (ev->has_time) {
		if (epoch != 0)
			fprintf(fp, " (t=%.3fs)",
			    (double)(ev->time - epoch) / 1e6);
		else
			fprintf(fp, " (%s)", time_iso(ev->time, tbuf,
			    sizeof(tbuf)));
	}
}

/* Print text wrapped at ~76 columns: the first line starts with lead, the
 * following ones with indent. */
static void
wrap_text(FILE *fp, const char *lead, const char *indent, const char *s)
{
	size_t col = 0, wl;
	const char *w;

	fputs(lead, fp);
	while (*s != '\0') {
		while (*s == ' ')
			s++;
		w = s;
		while (*s != '\0' && *s != ' ')
			s++;
		wl = (size_t)(s - w);
		if (wl == 0)
			break;
		if (col > 0 && col + 1 + wl > 72) {
			fprintf(fp, "\n%s", indent);
			col = 0;
		} else if (col > 0) {
			fputc(' ', fp);
			col++;
		}
		fwrite(w, 1, wl, fp);
		col += wl;
	}
	fputc('\n', fp);
}

void
report_finding_text(FILE *fp, const struct finding *f, unsigned flags,
    usec_t epoch)
{
	const struct finding_def *def = finding_def(f->code);
	bool color = (flags & REPORT_TEXT_COLOR) != 0;
	char sbuf[512];
	unsigned i;

	fprintf(fp, "%s%-7s%s %s [%s]\n", color ? sev_color(f->sev) : "",
	    severity_name(f->sev), color ? "\033[0m" : "", def->code,
	    layer_name(f->layer));
	fprintf(fp, "        %s\n", f->summary);
	if (!finding_subject_empty(&f->subject))
		fprintf(fp, "        about: %s\n", report_subject_str(&f->subject,
		    sbuf, sizeof(sbuf)));
	for (i = 0; i < f->nev; i++) {
		fputs(i == 0 ? "        evidence: " : "                  ", fp);
		report_evidence_text(fp, &f->ev[i], epoch);
		fputc('\n', fp);
	}
	if (!(flags & REPORT_TEXT_NO_REMEDY) && f->sev != SEV_INFO)
		wrap_text(fp, "        fix: ", "             ", def->remedy);
}

void
report_findings_text(FILE *fp, const struct finding_list *l,
    const char *group, unsigned flags, usec_t epoch)
{
	int sev;
	size_t i;

	for (sev = SEV_ERROR; sev >= SEV_INFO; sev--) {
		if (sev == SEV_INFO && (flags & REPORT_TEXT_NO_INFO))
			continue;
		for (i = 0; i < l->n; i++) {
			if ((int)l->v[i].sev != sev)
				continue;
			if (group != NULL && strcmp(l->v[i].group, group) != 0)
				continue;
			report_finding_text(fp, &l->v[i], flags, epoch);
		}
	}
}

void
report_all_findings_text(FILE *fp, const struct finding_list *l,
    unsigned flags, usec_t epoch)
{
	report_findings_text(fp, l, NULL, flags, epoch);
}

int
report_json_dump(FILE *fp, json_t *root, struct err *e)
{
	uint64_t f0 = erw_alloc_failures();

	if (json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == -1) {
		if (erw_alloc_failures() != f0)
			return ERR(e, ERR_NOMEM, "out of memory writing JSON "
			    "output");
		return ERR(e, ERR_IO, "cannot write JSON output");
	}
	if (fputc('\n', fp) == EOF || fflush(fp) == EOF)
		return ERR(e, ERR_IO, "cannot write JSON output");
	return 0;
}

json_t *
report_json_done(json_t *root, uint64_t failures_at_start)
{
	if (root != NULL && erw_alloc_failures() != failures_at_start) {
		json_decref(root);
		return NULL;
	}
	return root;
}

static void
clue_list_markdown(FILE *fp, enum cause_id id, bool contradict)
{
	enum finding_code codes[16];
	double w[16];
	unsigned i, n;

	n = cause_clues(id, contradict, codes, w, 16);
	for (i = 0; i < n; i++)
		fprintf(fp, "%s`%s` %.2f", i ? ", " : "",
		    finding_def(codes[i])->code, w[i]);
	if (n == 0)
		fputs("-", fp);
}

/* The root causes diagnose ranks, with the findings behind each. */
static void
causes_markdown(FILE *fp)
{
	const struct cause_def *c;
	int i;

	fputs("## Root causes\n\n"
	    "`erwatch diagnose` ranks these causes from the findings "
	    "(`src/diag/cause_catalog.h`,\nrules in `src/diag/diag_hypo.c`). "
	    "Each supporting finding has a weight, its\nstrength alone; "
	    "findings of different codes combine as independent clues, and\n"
	    "each contradicting code present for the same session or path "
	    "scales the\nconfidence by one minus its weight.\n\n", fp);
	fputs("| cause | fault | title | supported by | contradicted by |\n"
	    "|---|---|---|---|---|\n", fp);
	for (i = 0; i < CAUSE__COUNT; i++) {
		c = cause_def((enum cause_id)i);
		fprintf(fp, "| `%s` | %s | %s | ", c->id,
		    c->fault ? "yes" : "no", c->title);
		if (i == CAUSE_unclassified)
			fputs("any error no other cause explains", fp);
		else
			clue_list_markdown(fp, (enum cause_id)i, false);
		fputs(" | ", fp);
		if (i == CAUSE_healthy)
			fputs("any warning", fp);
		else
			clue_list_markdown(fp, (enum cause_id)i, true);
		fputs(" |\n", fp);
	}
	fputs("\n### Remedies by cause\n\n", fp);
	for (i = 0; i < CAUSE__COUNT; i++) {
		c = cause_def((enum cause_id)i);
		fprintf(fp, "#### %s\n\n%s\n\n", c->id, c->remedy);
	}
}

void
report_catalog_markdown(FILE *fp)
{
	const struct finding_def *d;
	int i;

	fputs("# Findings catalog\n\n"
	    "Every conclusion erwatch reaches is one of these findings. This "
	    "file is generated\nfrom `src/diag/finding_catalog.h` by "
	    "`make findings-doc`; a test fails when they\ndiffer. The severity "
	    "shown is the default: an analyzer may raise or lower it\n(for "
	    "example a NOTIFICATION followed by a healthy re-establishment is a "
	    "warning).\n\n", fp);
	fputs("| code | severity | layer | summary |\n|---|---|---|---|\n", fp);
	for (i = 0; i < FC__COUNT; i++) {
		d = finding_def((enum finding_code)i);
		fprintf(fp, "| `%s` | %s | %s | %s |\n", d->code,
		    severity_name(d->sev), layer_name(d->layer), d->summary);
	}
	fputs("\n## Remedies\n\n", fp);
	for (i = 0; i < FC__COUNT; i++) {
		d = finding_def((enum finding_code)i);
		fprintf(fp, "### %s\n\n%s\n\n", d->code, d->remedy);
	}
	causes_markdown(fp);
}
