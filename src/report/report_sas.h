/*
 * report_sas: the document of `erwatch sas`: what the SAS says, field by
 * field (never the signature: only that there is one and its length),
 * then its findings.  JSON: {"sas": {...}, "findings": [...]}
 * (docs/json-output.md).
 */
#ifndef ERW_REPORT_SAS_H
#define ERW_REPORT_SAS_H

#include "azure/az_sas.h"
#include "diag/diag.h"
#include "report/report_doc.h"

void	 report_sas_build(struct report_node *parent, const struct az_sas *,
	    usec_t now, const struct finding_list *);

#endif /* ERW_REPORT_SAS_H */
