/*
 * diag_azure: how the Azure exports were read, as findings.  The loaders
 * of azure/ keep notes (azure.h struct az_notes) about what an export
 * says it lacks and what they left out; every command that reads exports
 * (circuit, flow, nexthop) turns them into AZ_EXPORT_INCOMPLETE and
 * AZ_ENTRY_SKIPPED findings, so no verdict built on part of the input
 * looks complete.
 */
#ifndef ERW_DIAG_AZURE_H
#define ERW_DIAG_AZURE_H

#include "azure/azure.h"
#include "diag/diag.h"

/*
 * One finding per note of ns (evidence: the file and JSON pointer;
 * subject: the export, object kind "export" named by its file), and one
 * more counting the notes beyond what ns kept.  NULL ns is a no-op.
 */
void	 diag_az_notes(struct finding_list *out, const struct az_notes *ns);

#endif /* ERW_DIAG_AZURE_H */
