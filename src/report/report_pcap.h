/*
 * report_pcap: the report document of `erwatch pcap` over what the
 * capture analyzer (diag/diag_pcap.h) kept: per file a header, per session
 * the peers, roles, counters and a short timeline, and the findings;
 * rendered as text, JSON (docs/json-output.md) or HTML, where each file's
 * sessions are lanes of one SVG timeline.
 */
#ifndef ERW_REPORT_PCAP_H
#define ERW_REPORT_PCAP_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "diag/diag_pcap.h"
#include "report_doc.h"

enum report_pcap_flags {
	REPORT_PCAP_TIMELINE	= 1 << 0	/* every message, described */
};

/*
 * Add the document to parent (the root of a report document): JSON
 * {"files": [...], "sessions": [...], "findings": [...]} for the
 * analyzer's files and the given findings (all files); text, for each
 * file its header, its sessions (peers, roles, a timeline of at most ~20
 * lines, or every message with REPORT_PCAP_TIMELINE in flags, and the
 * session's findings), then the findings not tied to a session; HTML the
 * files table, per file its sessions as lanes of a timeline, their lines
 * and findings.  ctx and all are borrowed until the document is
 * rendered.  Allocation failure is the document's (report_doc_check()).
 */
void	 report_pcap_build(struct report_node *parent,
	    const struct diag_pcap *ctx, const struct finding_list *all,
	    unsigned flags);
/* The JSON rendering of that document alone (new reference, NULL when
 * out of memory). */
json_t	*report_pcap_json(const struct diag_pcap *,
	    const struct finding_list *);
/* Its text rendering alone, on fp; -1 (nothing printed) when out of
 * memory, else 0.  text_flags are report_text_flags (report.h). */
int	 report_pcap_text(FILE *, const struct diag_pcap *, unsigned flags,
	    unsigned text_flags);
/* How the session's UPDATEs were decoded: "observed" (both OPENs seen,
 * none parsed without them), "inferred" (some UPDATEs parsed with a
 * negotiation guessed from the messages: the capture started after the
 * OPENs), "none" (no OPEN pair and no UPDATE). */
const char *report_pcap_negotiation(const struct flow_session *);
/* One timeline event as a line of text (no newline) into buf. */
const char *report_pcap_tl_str(const struct flow_session *,
	    const struct flow_tl_event *, usec_t epoch, char *buf, size_t len);

#endif /* ERW_REPORT_PCAP_H */
