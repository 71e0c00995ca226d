/*
 * report_router: renderers for `erwatch router`.  Takes the document the
 * router parsers built (router/router.h: inputs with their sections,
 * neighbors, log events, notes) and the findings of diag/diag_router.h,
 * and prints them as text or as the JSON document of docs/json-output.md
 * ("erwatch router").  Reads only the document's public fields.
 */
#ifndef ERW_REPORT_ROUTER_H
#define ERW_REPORT_ROUTER_H

#include <stdio.h>

#include <jansson.h>

#include "diag/diag.h"
#include "router/router.h"

/*
 * {"inputs", "notes", "neighbors", "events", "findings"}: per input its
 * encoding and sections (kind, vendor, command, lines, truncated); per
 * neighbor address, ASNs, normalised state and the state as printed,
 * timers, prefix counts, flaps, whether an MD5 key is configured (never a
 * key), last error, evidence lines; per event its time (UTC, and where
 * the year and zone came from), address, kind, code, subcode.  New
 * reference, NULL when out of memory.
 */
json_t	*report_router_json(const struct router_doc *,
	    const struct finding_list *);

/* Text: inputs, a neighbor table, the events, then the findings.
 * text_flags are report_text_flags; write errors stay on fp. */
void	 report_router_text(FILE *, const struct router_doc *,
	    const struct finding_list *, unsigned text_flags);

#endif /* ERW_REPORT_ROUTER_H */
