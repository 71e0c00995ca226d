/*
 * report_nexthop: the report of `erwatch nexthop`, the offline
 * `az network watcher show-next-hop`.  Takes the route lookup of
 * azure/az_routes.h (winner, the routes it beat and why) and the findings
 * of diag/diag_nexthop.h, and turns them into a report document (text,
 * JSON, HTML), or one CSV or JSON line per destination in batch mode.
 * docs/nexthop.md and docs/json-output.md describe the output.
 */
#ifndef ERW_REPORT_NEXTHOP_H
#define ERW_REPORT_NEXTHOP_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "azure/az_routes.h"
#include "diag/diag.h"
#include "report_doc.h"

/*
 * Add the document for one destination to parent (the root of a report
 * document, or a section of a larger one): {"destination", "source"
 * (only when src is not NULL), "nextHopType", "nextHopIpAddress",
 * "routeTableId", "route", "beaten", ["beatenOmitted"],
 * "systemRoutesAssumed", "findings"}.  src is the --src text as given.
 * Text: the answer, the winning route and the routes it beat with the
 * reason, each with the file and JSON path it came from, then the
 * findings; HTML adds a verdict on top and the beaten routes as a table.
 * Everything is read now except fl, borrowed until the document is
 * rendered.  Allocation failure is the document's (report_doc_check()).
 */
void	 report_nexthop_build(struct report_node *parent,
	    const struct az_routes *, const struct net_addr *dst,
	    const char *src, const struct az_route_result *,
	    const struct finding_list *);

/* The JSON rendering of that document alone (new reference, NULL when
 * out of memory), for callers that want only the JSON. */
json_t	*report_nexthop_json(const struct az_routes *,
	    const struct net_addr *dst, const char *src,
	    const struct az_route_result *, const struct finding_list *);

/* One batch answer as "nextHopType,nextHopIpAddress,prefix\n" (commas,
 * quotes and line breaks from an export become '_'). */
void	 report_nexthop_batch_csv(FILE *, const struct az_route_result *);
/* The same record as text: into buf, which has room for
 * report_nexthop_batch_csv_max(res) bytes (NUL included); returns its
 * length.  It depends on the winner only, so a batch can keep it. */
size_t	 report_nexthop_batch_csv_max(const struct az_route_result *);
size_t	 report_nexthop_batch_csv_str(char *buf,
	    const struct az_route_result *);

/* One batch answer as a compact JSON line {"line", "destination",
 * "nextHopType", "nextHopIpAddress", "routeTableId", "prefix"}.  -1 when
 * out of memory (nothing written), else 0. */
int	 report_nexthop_batch_json(FILE *, uint64_t line,
	    const struct net_addr *dst, const struct az_route_result *);

/* The output line of a batch line that was not looked up: "ERROR,,"
 * (CSV) or {"line": N, "error": why} (JSON).  why is one of our own fixed
 * messages, never input text. */
void	 report_nexthop_batch_error(FILE *, int json, uint64_t line,
	    const char *why);

#endif /* ERW_REPORT_NEXTHOP_H */
