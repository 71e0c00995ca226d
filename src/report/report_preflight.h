/*
 * report_preflight: the document of `erwatch preflight DIR`: the test VMs
 * (region, address, agent), the watchers, the storage accounts with the
 * settings that matter to a capture, the SAS files (never a signature),
 * then the findings.  JSON: {"preflight": {"vms": [...], "watchers":
 * [...], "storage": [...], "sas": [...]}, "findings": [...]}
 * (docs/json-output.md).
 */
#ifndef ERW_REPORT_PREFLIGHT_H
#define ERW_REPORT_PREFLIGHT_H

#include "diag/diag.h"
#include "diag/diag_preflight.h"
#include "report/report_doc.h"

void	 report_preflight_build(struct report_node *parent,
	    const struct diag_preflight_in *, const struct finding_list *);

#endif /* ERW_REPORT_PREFLIGHT_H */
