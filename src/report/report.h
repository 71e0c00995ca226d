/*
 * report: renderers.  Findings and command results become text for a
 * terminal or JSON documents (jansson) for machines.  Renderers keep a
 * sticky write error and report it once at the end.
 */
#ifndef ERW_REPORT_H
#define ERW_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "diag/diag.h"

enum report_text_flags {
	REPORT_TEXT_COLOR	= 1 << 0,	/* ANSI colors (terminal) */
	REPORT_TEXT_NO_REMEDY	= 1 << 1,
	REPORT_TEXT_NO_INFO	= 1 << 2	/* hide severity info */
};

/*
 * Evidence times are shown relative to epoch (the first packet of the
 * capture: text "t=1.234s", JSON "rel_time") when it is not 0, else as
 * absolute ISO times.  The epoch is the caller's, never the process's
 * (a report document carries its own, report_doc.h).
 */
/* One finding as the documented JSON object (new reference, NULL on OOM):
 * {"code","severity","layer","summary","evidence":[...],"remedy"}. */
json_t	*report_finding_json(const struct finding *, usec_t epoch);
/* A finding subject: only its known members (new reference). */
json_t	*report_subject_json(const struct finding_subject *);
/* All findings as a JSON array (new reference). */
json_t	*report_findings_json(const struct finding_list *, usec_t epoch);
/* Findings whose group equals group ("" = ungrouped), as text. */
void	 report_findings_text(FILE *, const struct finding_list *,
	    const char *group, unsigned flags, usec_t epoch);
/* All findings as text, most severe first, then in emission order. */
void	 report_all_findings_text(FILE *, const struct finding_list *,
	    unsigned flags, usec_t epoch);
/* One finding as text (two to four lines). */
void	 report_finding_text(FILE *, const struct finding *, unsigned flags,
	    usec_t epoch);
/* What a finding is about, as one line ("peer 10.0.0.2, port 179, peer AS
 * 12076, primary path, VLAN 100"), into buf; "" when nothing is known. */
const char *report_subject_str(const struct finding_subject *, char *buf,
	    size_t len);
/* The evidence of a finding as one line ("x.pcap frame 3 (t=0.1s)"). */
void	 report_evidence_text(FILE *, const struct evidence *, usec_t epoch);
/* Dump root (indented, keys in insertion order) and a newline; -1 + err on
 * write failure (ERR_IO) or when jansson ran out of memory (ERR_NOMEM).
 * Does not steal root. */
int	 report_json_dump(FILE *, json_t *root, struct err *);
/*
 * The end of a JSON builder: jansson's setters fail quietly when memory
 * runs out (the member is just missing), so a builder takes
 * erw_alloc_failures() when it starts and returns through this: root, or
 * NULL (root released) when any allocation failed meanwhile, so that a
 * document with holes is never printed as the answer.
 */
json_t	*report_json_done(json_t *root, uint64_t failures_at_start);
/* Markdown rendering of the catalog, for docs/findings.md. */
void	 report_catalog_markdown(FILE *);
/* Is fd a terminal that wants color?  Honors NO_COLOR. */
int	 report_want_color(FILE *);

#endif /* ERW_REPORT_H */
