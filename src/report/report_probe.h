/*
 * report_probe: renderers for the live tools `erwatch probe` (TCP connect
 * probes and the BGP OPEN exchange) and `erwatch trace` (SYN traceroute).
 * Takes the records of probe/probe.h and the judgments of
 * diag/diag_probe.h and prints them as text, a line as each step ends, or
 * as one JSON document with the field names of `az network watcher
 * test-connectivity` where they fit (docs/json-output.md).  RTTs are in
 * milliseconds.  The MD5 key is never rendered: only whether one is set.
 */
#ifndef ERW_REPORT_PROBE_H
#define ERW_REPORT_PROBE_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "diag/diag_probe.h"
#include "probe/probe.h"

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
/* Text: the result line (verdict, open count, RTT min/avg/max) and the
 * findings.  text_flags are report_text_flags (report.h). */
void	 report_probe_tcp_end(FILE *, const struct diag_probe_tcp_summary *,
	    unsigned count, const struct finding_list *, unsigned text_flags);
/*
 * The document {"command": "probe", "target", "connectionStatus",
 * "verdict", "avgLatencyInMs", "minLatencyInMs", "maxLatencyInMs",
 * "probesSent", "probesFailed", "probes", "findings"} for count results.
 * New reference, NULL when out of memory.
 */
json_t	*report_probe_tcp_json(const struct probe_target *,
	    const struct probe_tcp_result *, unsigned count,
	    const struct diag_probe_tcp_summary *,
	    const struct finding_list *);

/* ------------------------------------------------------------------ */
/* BGP OPEN exchange                                                   */
/* ------------------------------------------------------------------ */

/* Text: the line before the exchange (mode, local AS, hold, MD5 on). */
void	 report_probe_bgp_begin(FILE *, const struct probe_target *,
	    const struct probe_bgp_opts *);
/* Text: the TCP outcome, the peer's OPEN and NOTIFICATION if any, the
 * state reached and how it ended, then the findings. */
void	 report_probe_bgp_text(FILE *, const struct probe_bgp_result *,
	    const struct finding_list *, unsigned text_flags);
/*
 * The document {"command": "probe", "mode": "bgp"|"bgp-passive",
 * "target", "connectionStatus", "verdict", "source", "tcp", "bgp",
 * "findings"}.  New reference, NULL when out of memory.
 */
json_t	*report_probe_bgp_json(const struct probe_target *,
	    const struct probe_bgp_opts *, const struct probe_bgp_result *,
	    const struct finding_list *);

/* ------------------------------------------------------------------ */
/* Trace                                                               */
/* ------------------------------------------------------------------ */

/* Text: the line before the first hop. */
void	 report_trace_begin(FILE *, const struct probe_target *,
	    const struct trace_opts *);
/* Text: one line per hop (who answered, RTTs, what the answer was), the
 * result line, then the findings. */
void	 report_trace_text(FILE *, const struct probe_target *,
	    const struct trace_result *, const struct finding_list *,
	    unsigned text_flags);
/*
 * The document {"command": "trace", "target", "source", "result",
 * "probesSent", "hops", "findings"}.  New reference, NULL when out of
 * memory.
 */
json_t	*report_trace_json(const struct probe_target *,
	    const struct trace_result *, const struct finding_list *);

#endif /* ERW_REPORT_PROBE_H */
