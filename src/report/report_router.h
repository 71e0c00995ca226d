/*
 * report_router: the report document of `erwatch router`.  Takes what
 * the router parsers built (router/router.h: inputs with their sections,
 * neighbors, log events, notes) and the findings of diag/diag_router.h,
 * and turns them into nodes of a report document (report_doc.h), whose
 * JSON rendering is the document of docs/json-output.md ("erwatch
 * router").  Reads only the model's public fields.
 */
#ifndef ERW_REPORT_ROUTER_H
#define ERW_REPORT_ROUTER_H

#include <jansson.h>

#include "diag/diag.h"
#include "report_doc.h"
#include "router/router.h"

/*
 * Add the router document to parent (the root of a report document, or
 * a section of a larger one): {"inputs", "notes", "neighbors", "events",
 * "findings"}: per input its encoding and sections (kind, vendor,
 * command, lines, truncated); per neighbor address, ASNs, normalised
 * state and the state as printed, timers, prefix counts, flaps, whether
 * an MD5 key is configured (never a key), last error, evidence lines; per
 * event its time (UTC, and where the year and zone came from), address,
 * kind, code, subcode.  Text: inputs, a neighbor table, the last events,
 * then the findings.  Both d and fl are read now except fl, which the
 * document borrows until it is rendered.  Allocation failure is the
 * document's (report_doc_check()).
 */
void	 report_router_build(struct report_node *parent,
	    const struct router_doc *d, const struct finding_list *fl);
/* The JSON rendering of that document alone (new reference, NULL when
 * out of memory), for callers that want only the JSON. */
json_t	*report_router_json(const struct router_doc *,
	    const struct finding_list *);

#endif /* ERW_REPORT_ROUTER_H */
