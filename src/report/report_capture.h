/*
 * report_capture: renderers for `erwatch capture`, the live capture.  The
 * end-of-run report: what capture/cap_live.h wrote (packets, bytes,
 * files, why it stopped, the kernel's counters) and the findings of the
 * analyzer (diag_pcap, with --analyze) and of diag_capture_drops(), as
 * text or JSON (docs/json-output.md).  Findings printed while the capture
 * runs use report_finding_text() (report.h).
 */
#ifndef ERW_REPORT_CAPTURE_H
#define ERW_REPORT_CAPTURE_H

#include <stdio.h>

#include <jansson.h>

#include "capture/cap_live.h"
#include "diag/diag.h"

/*
 * The document {"command": "capture", "interface", "file", "format",
 * "packets", "bytes", "files", "lastFile", "stoppedBy", "kernel",
 * "findings"} for the capture run with o that ended with st.  New
 * reference, NULL when out of memory.
 */
json_t	*report_capture_json(const struct cap_live_opts *o,
	    const struct cap_live_stats *st, const struct finding_list *);

/* Text: the capture line, the kernel counters when libpcap gave them,
 * then the findings.  text_flags are report_text_flags (report.h). */
void	 report_capture_text(FILE *, const struct cap_live_stats *st,
	    const struct finding_list *, unsigned text_flags);

#endif /* ERW_REPORT_CAPTURE_H */
