/*
 * report_diagnose: the report document of `erwatch diagnose DIR`.  Takes
 * what the run produced (the evidence set, the findings with the
 * analyzer that emitted each, the facts, the layer statuses and the
 * ranked hypotheses: diag/analyzer.h, diag/diag_hypo.h) and builds one
 * document (report_doc.h) whose text, JSON and HTML renderings are the
 * output of the command.  The JSON rendering is the document of
 * docs/json-output.md ("erwatch diagnose"); the HTML page leads with the
 * verdict, the layer checklist and the collection commands, and draws
 * the sessions, the router's log and the carrier's outages on one SVG
 * time axis (docs/diagnose.md, "The HTML report").
 */
#ifndef ERW_REPORT_DIAGNOSE_H
#define ERW_REPORT_DIAGNOSE_H

#include "diag/analyzer.h"
#include "diag/diag_hypo.h"
#include "report_doc.h"

/* A diagnose run, read-only to the builder. */
struct report_diagnose_run {
	const char			*dir;		/* as given */
	const struct evidence_set	*ev;
	const struct finding_list	*fl;
	const struct analyzer *const	*owner;	/* of fl->v[i], may be NULL */
	const struct diag_facts		*facts;
	const struct diag_layer_status	*layers;	/* DL__COUNT */
	const struct hypothesis_list	*hyp;
	size_t				 recognised;	/* items an analyzer
							   read */
};

/*
 * Add the diagnose document to parent (a document's root): JSON
 * {"folder", "layers", "verdict", "hypotheses", "findings", "evidence",
 * "facts", "timeline"}; text: the header line, the verdict, the root
 * causes, the layers with the commands of those without evidence, the
 * timeline, the evidence, the findings, the facts.  The findings list is
 * borrowed until the document is rendered (the hypotheses cite its
 * findings); everything else is copied.  Allocation failure is the
 * document's (report_doc_check()).
 */
void	 report_diagnose_build(struct report_node *parent,
	    const struct report_diagnose_run *run);

/*
 * The timeline of the run alone, for tests: start and end of the times
 * the evidence holds; false when it holds none (no timeline is drawn).
 */
bool	 report_diagnose_span(const struct report_diagnose_run *run,
	    usec_t *start, usec_t *end);

#endif /* ERW_REPORT_DIAGNOSE_H */
