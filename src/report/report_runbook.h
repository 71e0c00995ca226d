/*
 * report_runbook: the runbook of one ExpressRoute circuit as a report
 * document (`erwatch runbook`), written before an outage as the playbook
 * asks: the circuit and both paths' /30s, addresses, VLAN and ASNs; the
 * staged steps of design.md's troubleshooting model (circuit and
 * provider status -> ARP -> BGP state -> routes -> NSG, UDR, next hop ->
 * packets), each with its az CLI, PowerShell and router commands filled
 * in, the erwatch command that reads the output, and what a good and a
 * bad result look like; how to hand the evidence to support; the yearly
 * failover drill.  The router's commands come from router/router_cmds.h,
 * the one table diagnose's hints use too.  Rendered as Markdown
 * (report_doc_markdown), HTML, text or JSON like any document.
 *
 * Secrets: the peering's MD5 key is never in the model (az_circuit.h
 * keeps only whether one is set), so it cannot reach the runbook.
 */
#ifndef ERW_REPORT_RUNBOOK_H
#define ERW_REPORT_RUNBOOK_H

#include "azure/az_circuit.h"
#include "report_doc.h"
#include "router/router.h"

/* What the runbook is written for; all borrowed. */
struct report_runbook {
	const struct az_circuit	*circuit;
	const char		*peering;	/* the peering asked for */
	enum router_vendor	 vendor;	/* one with a row in
						   router_cmds.h */
};

/*
 * Add the runbook's nodes to parent (the document's root).  A peering
 * the circuit lacks, or a path without a usable /30, is said in the
 * document and its addresses left as placeholders; the steps are written
 * all the same.  Allocation failure is the document's (report_doc_check).
 */
void	 report_runbook_build(struct report_node *parent,
	    const struct report_runbook *rb);

#endif /* ERW_REPORT_RUNBOOK_H */
