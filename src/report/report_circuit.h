/*
 * report_circuit: renderers for `erwatch circuit`.  Takes the circuit
 * export (azure/az_circuit.h), the per-path layered verdict of
 * diag/diag_circuit.h (L2 -> BGP -> routes) and its findings, plus what
 * the command knows about its inputs (which file played which role and
 * why, notes about the folder), and prints them as text or as the JSON
 * document of docs/json-output.md ("erwatch circuit").
 */
#ifndef ERW_REPORT_CIRCUIT_H
#define ERW_REPORT_CIRCUIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "azure/az_circuit.h"
#include "diag/diag_circuit.h"

/* One export the command found or was given. */
struct report_circuit_input {
	const char	*file;
	const char	*role;		/* "primary ARP table", ... */
	const char	*from;		/* "option", "commands.txt", ... */
	bool		 loaded;	/* false: it could not be read */
};

/* What the renderers show besides the diagnosis; all borrowed. */
struct report_circuit {
	const struct az_circuit		*circuit;	/* NULL: not given */
	const char			*peering;	/* as asked for */
	const struct report_circuit_input *inputs;
	size_t				 ninputs;
	const char *const		*notes;		/* one line each */
	size_t				 nnotes;
};

/*
 * The document {"circuit", "peering", "inputs", "notes", "paths",
 * "findings"}: the circuit's provisioning states (null without export),
 * the peering (state, ASNs, VLAN, /30s, whether an MD5 key is set, never
 * the key), and per path the evidence, layer states and verdict.  Returns
 * a new reference, NULL when out of memory.
 */
json_t	*report_circuit_json(const struct report_circuit *,
	    const struct diag_circuit_result *, const struct finding_list *);

/*
 * Text: the circuit and peering lines, the notes, per path its verdict
 * and one line per layer, then the findings.  text_flags are
 * report_text_flags (report.h).  Write errors stay on fp (ferror) for the
 * caller.
 */
void	 report_circuit_text(FILE *, const struct report_circuit *,
	    const struct diag_circuit_result *, const struct finding_list *,
	    unsigned text_flags);

#endif /* ERW_REPORT_CIRCUIT_H */
