/*
 * report_capture: the report of `erwatch capture`, the live capture.  The
 * end-of-run report document: what capture/cap_live.h wrote (packets,
 * bytes, files, why it stopped, the kernel's counters) and the findings
 * of the analyzer (diag_pcap, with --analyze) and of
 * diag_capture_drops(), rendered as text, JSON (docs/json-output.md) or
 * HTML.  Findings printed while the capture
 * runs use report_finding_text() (report.h).
 */
#ifndef ERW_REPORT_CAPTURE_H
#define ERW_REPORT_CAPTURE_H

#include "capture/cap_live.h"
#include "diag/diag.h"
#include "report_doc.h"

/*
 * Add the document of the capture run with o that ended with st to
 * parent (the root of a report document, or a section of a larger one):
 * {"command": "capture", "interface", "file", "format", "packets",
 * "bytes", "files", "lastFile", "stoppedBy", "kernel", "findings"}.
 * Text: the capture line, the kernel counters when libpcap gave them,
 * then the findings.  o and st are read now; fl is borrowed until the
 * document is rendered.  Allocation failure is the document's.
 */
void	 report_capture_build(struct report_node *parent,
	    const struct cap_live_opts *o, const struct cap_live_stats *st,
	    const struct finding_list *);

#endif /* ERW_REPORT_CAPTURE_H */
