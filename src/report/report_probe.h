/*
 * report_probe: the reports of the live tools `erwatch probe` (TCP
 * connect probes and the BGP OPEN exchange) and `erwatch trace` (SYN
 * traceroute).  Takes the records of probe/probe.h and the judgments of
 * diag/diag_probe.h and turns them into a report document (report_doc.h:
 * text, JSON, HTML), whose JSON has the field names of `az network
 * watcher test-connectivity` where they fit (docs/json-output.md); and
 * prints the lines a terminal shows as each step ends, the same lines as
 * the document's text.  RTTs are in milliseconds.  The MD5 key is never
 * in the document: only whether one is set.
 */
#ifndef ERW_REPORT_PROBE_H
#define ERW_REPORT_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "diag/diag_probe.h"
#include "probe/probe.h"
#include "report_doc.h"

/*
 * Like report_json_dump(), with reals (RTTs) to 6 significant digits,
 * then flush fp.  Does not steal root.  0, or -1 with e set (ERR_IO).
 */
int	 report_probe_json_dump(FILE *, json_t *root, struct err *e);

/* ------------------------------------------------------------------ */
/* Connect probes                                                      */
/* ------------------------------------------------------------------ */

/* Text: the line before the first probe (target, count, timeout). */
void	 report_probe_tcp_begin(FILE *, const struct probe_target *,
	    unsigned count, usec_t timeout);
/* Text: the line of probe i (0-based) as it ends; the source address is
 * shown on the first one. */
void	 report_probe_tcp_line(FILE *, unsigned i,
	    const struct probe_tcp_result *);
/*
 * Add the connect probes' document to parent (the root of a report
 * document, or a section of a larger one): {"command": "probe",
 * "target", "connectionStatus", "verdict", "avgLatencyInMs",
 * "minLatencyInMs", "maxLatencyInMs", "probesSent", "probesFailed",
 * "probes", "findings"} for count results.  Text: the head line, one line
 * per probe, the result line (verdict, open count, RTT min/avg/max; also
 * the page's verdict), then the findings; streamed: the head and probe
 * lines were printed as they happened (report_probe_tcp_begin/_line) and
 * text leaves them out.  Everything is read now except fl, borrowed until
 * the document is rendered.  Allocation failure is the document's.
 */
void	 report_probe_tcp_build(struct report_node *parent,
	    const struct probe_target *, const struct probe_tcp_result *,
	    unsigned count, usec_t timeout,
	    const struct diag_probe_tcp_summary *,
	    const struct finding_list *, bool streamed);

/* ------------------------------------------------------------------ */
/* BGP OPEN exchange                                                   */
/* ------------------------------------------------------------------ */

/* Text: the line before the exchange (mode, local AS, hold, MD5 on). */
void	 report_probe_bgp_begin(FILE *, const struct probe_target *,
	    const struct probe_bgp_opts *);
/*
 * Add the BGP exchange's document to parent: {"command": "probe", "mode":
 * "bgp"|"bgp-passive", "target", "connectionStatus", "verdict", "source",
 * "tcp", "bgp", "findings"}.  Text: the head line (left out when
 * streamed: report_probe_bgp_begin printed it), the TCP outcome, the
 * peer's OPEN and NOTIFICATION if any, the state reached and how it
 * ended, then the findings.  As report_probe_tcp_build() otherwise; o's
 * key is never read, only whether there is one.
 */
void	 report_probe_bgp_build(struct report_node *parent,
	    const struct probe_target *, const struct probe_bgp_opts *,
	    const struct probe_bgp_result *, const struct finding_list *,
	    bool streamed);

/* ------------------------------------------------------------------ */
/* Trace                                                               */
/* ------------------------------------------------------------------ */

/* Text: the line before the first hop. */
void	 report_trace_begin(FILE *, const struct probe_target *,
	    const struct trace_opts *);
/*
 * Add the trace's document to parent: {"command": "trace", "target",
 * "source", "result", "probesSent", "hops", "findings"}.  Text: the head
 * line (left out when streamed: report_trace_begin printed it), one line
 * per hop (who answered, RTTs, what the answer was), the result line
 * (also the page's verdict), then the findings.  As
 * report_probe_tcp_build() otherwise.
 */
void	 report_trace_build(struct report_node *parent,
	    const struct probe_target *, const struct trace_opts *,
	    const struct trace_result *, const struct finding_list *,
	    bool streamed);

#endif /* ERW_REPORT_PROBE_H */
