/*
 * report_circuit: the report document of `erwatch circuit`.  Takes the
 * circuit export (azure/az_circuit.h), the per-path layered verdict of
 * diag/diag_circuit.h (L2 -> BGP -> routes) and its findings, plus what
 * the command knows about its inputs (which file played which role and
 * why, notes about the folder), and turns them into nodes of a report
 * document (report_doc.h), whose JSON rendering is the document of
 * docs/json-output.md ("erwatch circuit").
 */
#ifndef ERW_REPORT_CIRCUIT_H
#define ERW_REPORT_CIRCUIT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "azure/az_circuit.h"
#include "diag/diag_circuit.h"
#include "report_doc.h"

/* One export the command found or was given. */
struct report_circuit_input {
	const char	*file;
	const char	*role;		/* "primary ARP table", ... */
	const char	*from;		/* "option", "commands.txt", ... */
	bool		 loaded;	/* false: it could not be read */
};

/* What the document shows besides the diagnosis; all borrowed. */
struct report_circuit {
	const struct az_circuit		*circuit;	/* NULL: not given */
	const char			*peering;	/* as asked for */
	const struct report_circuit_input *inputs;
	size_t				 ninputs;
	const char *const		*notes;		/* one line each */
	size_t				 nnotes;
};

/*
 * Add the circuit document to parent (the root of a report document, or
 * a section of a larger one): {"circuit", "peering", "inputs", "notes",
 * "paths", "findings"}: the circuit's provisioning states (null without
 * export), the peering (state, ASNs, VLAN, /30s, whether an MD5 key is
 * set, never the key), and per path the evidence, layer states and
 * verdict.  Text: the circuit and peering lines, the notes, per path its
 * verdict and one line per layer, then the findings; HTML adds a verdict
 * on top and each path's layers as a checklist.  rc and res are read
 * now; fl is borrowed until the document is rendered.  Allocation
 * failure is the document's (report_doc_check()).
 */
void	 report_circuit_build(struct report_node *parent,
	    const struct report_circuit *,
	    const struct diag_circuit_result *, const struct finding_list *);

/* The JSON rendering of that document alone (new reference, NULL when
 * out of memory), for callers that want only the JSON. */
json_t	*report_circuit_json(const struct report_circuit *,
	    const struct diag_circuit_result *, const struct finding_list *);

#endif /* ERW_REPORT_CIRCUIT_H */
