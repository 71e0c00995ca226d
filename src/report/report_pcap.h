/*
 * report_pcap: renderers for `erwatch pcap`, text and JSON, over what the
 * capture analyzer (diag/diag_pcap.h) kept: per file a header, per session
 * the peers, roles, counters and a short timeline, and the findings.  The
 * JSON document is described in docs/json-output.md.
 */
#ifndef ERW_REPORT_PCAP_H
#define ERW_REPORT_PCAP_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "diag/diag_pcap.h"

enum report_pcap_flags {
	REPORT_PCAP_TIMELINE	= 1 << 0	/* every message, described */
};

/*
 * The whole document {"files": [...], "sessions": [...], "findings":
 * [...]} for the analyzer's files and the given findings (all files).
 * Returns a new reference, NULL when out of memory.
 */
json_t	*report_pcap_json(const struct diag_pcap *,
	    const struct finding_list *);
/* One session as its JSON object (new reference). */
json_t	*report_pcap_session_json(const struct diag_pcap_file *,
	    const struct diag_pcap_session *);
/*
 * Text: for each file its header, its sessions (peers, roles, a timeline
 * of at most ~20 lines, or every event with REPORT_PCAP_TIMELINE, and the
 * session's findings), then the findings not tied to a session.
 * text_flags are report_text_flags (report.h).
 */
void	report_pcap_text(FILE *, const struct diag_pcap *, unsigned flags,
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
