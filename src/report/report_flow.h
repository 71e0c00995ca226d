/*
 * report_flow: the report of `erwatch flow`, the offline IP flow verify.
 * Takes what azure/az_nsg.h evaluated (struct nsg_verdict, or the brief
 * answers of a batch) and what diag_flow.h judged, and prints it as
 * test-ip-flow's answer (access, ruleName) with the NSG and rule that
 * decided at each stage: a report document for one flow (text, JSON,
 * HTML), or one CSV or JSON line per batch flow.  The JSON shape is
 * docs/json-output.md.
 */
#ifndef ERW_REPORT_FLOW_H
#define ERW_REPORT_FLOW_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "azure/az_nsg.h"
#include "azure/az_routes.h"
#include "diag/diag.h"
#include "report_doc.h"

/*
 * test-ip-flow's two fields plus the flow and the stages: {"access",
 * "ruleName", "flow", "decidedBy", "stages"}.  Returns a new reference
 * (NULL when out of memory).
 */
json_t	*report_flow_verdict_json(const struct nsg_flow *,
	    const struct nsg_verdict *);

/*
 * Add the single-flow document to parent (the root of a report document,
 * or a section of a larger one): the members of the verdict object above,
 * "nextHop" when rr is not NULL (the caller passes it only for an allowed
 * flow checked against routes), and "findings".  Text: the flow, access,
 * ruleName, each stage in evaluation order, the next hop, then the
 * findings, names from the export escaped; HTML adds a verdict on top
 * and the stages as a table.  f, v and rr are read now; fl is borrowed
 * until the document is rendered.  Allocation failure is the document's
 * (report_doc_check()).
 */
void	 report_flow_build(struct report_node *parent,
	    const struct nsg_flow *, const struct nsg_verdict *,
	    const struct az_route_result *rr, const struct finding_list *);

/* The JSON rendering of that document alone (new reference, NULL when
 * out of memory), for callers that want only the JSON. */
json_t	*report_flow_json(const struct nsg_flow *, const struct nsg_verdict *,
	    const struct az_route_result *rr, const struct finding_list *);

/* One batch answer as the CSV line "access,ruleName\n" (the rule name
 * quoted when it holds a comma, quote or line break). */
void	 report_flow_batch_csv(FILE *, const struct nsg_brief *);

/* The same line into buf: its length, written only when it is at most
 * cap (a batch keeps one per deciding rule and copies it per answer). */
size_t	 report_flow_batch_csv_str(char *buf, size_t cap,
	    const struct nsg_brief *);

/* One batch answer as a compact JSON line: the verdict object plus
 * "line" (the input line number).  -1 when out of memory, else 0. */
int	 report_flow_batch_json(FILE *, const struct nsg_flow *,
	    const struct nsg_verdict *, uint64_t line);

/* The output line of a batch line that could not be parsed: "Error,"
 * (CSV) or {"line": N, "error": why} (JSON).  why is one of our own
 * fixed messages, never input text. */
void	 report_flow_batch_error(FILE *, int json, uint64_t line,
	    const char *why);

#endif /* ERW_REPORT_FLOW_H */
