/*
 * diag_circuit: the ExpressRoute circuit checks.  Takes the typed exports
 * of azure/az_circuit.h (circuit, and per path the ARP table, route table
 * and route table summary) and walks the layers per path the way
 * Microsoft's troubleshooting guide does: circuit and peering provisioning,
 * L2 (ARP) -> BGP (summary) -> routes (route table), then compares the
 * two paths (redundancy, asymmetry).  Each layer it cannot judge for lack
 * of evidence becomes an EVIDENCE_MISSING finding naming the command that
 * collects it; a failed lower layer explains the upper ones, which are
 * then not reported again as separate faults.
 */
#ifndef ERW_DIAG_CIRCUIT_H
#define ERW_DIAG_CIRCUIT_H

#include <stdbool.h>
#include <stdint.h>

#include "azure/az_circuit.h"
#include "diag/diag.h"

struct diag_circuit_input {
	const struct az_circuit		*circuit;	/* NULL: not given */
	const struct az_arp_table	*arp[AZ_PATH_COUNT];
	const struct az_er_routes	*routes[AZ_PATH_COUNT];
	const struct az_er_summary	*summary[AZ_PATH_COUNT];
	const struct az_er_stats	*stats;
	const char			*peering;	/* NULL: private */
};

enum diag_layer_state {
	DIAG_LAYER_UNKNOWN = 0,	/* evidence missing */
	DIAG_LAYER_OK,
	DIAG_LAYER_FAILED,
	DIAG_LAYER_SKIPPED	/* not judged: a lower layer failed */
};

struct diag_circuit_path {
	enum diag_layer_state	 l2, bgp, routes;
	char			 l2_text[192];	/* one line each, for the */
	char			 bgp_text[192];	/* layered verdict */
	char			 routes_text[192];
	char			 arp[16];	/* ok, empty, incomplete,
						   missing-onprem, unknown */
	char			 bgp_state[48];	/* Established, Idle, ...,
						   absent, unknown */
	int64_t			 prefixes;	/* summary count, -1 unknown */
	int64_t			 onprem_routes;	/* distinct on-prem networks
						   in the route table, -1 */
	int64_t			 route_rows;	/* -1 if no route table */
	int			 up;		/* 1 up, 0 down, -1 unknown */
	bool			 healthy;
};

struct diag_circuit_result {
	char			 peering[64];
	int64_t			 prefix_limit;
	struct diag_circuit_path path[AZ_PATH_COUNT];
};

/*
 * Run every check on in, append the findings to out (each about one path
 * carries its path name as group) and fill res with the per-path layered
 * verdict.  Subjects: a path's findings carry the path, its /30's
 * customer (local) and Microsoft (peer) addresses, peerASN (local) and
 * azureASN (peer), the VLAN and the peering "CIRCUIT/PEERING"; circuit
 * findings the circuit.  Missing evidence is itself a finding; out of memory sets
 * out->nomem (finding_list_check() then fails), for the result is then
 * not the whole diagnosis.
 */
void	 diag_circuit(const struct diag_circuit_input *in,
	    struct diag_circuit_result *res, struct finding_list *out);

/* A layer's state as a word: "ok", "failed", "not-judged" (a lower layer
 * failed), "not-checked" (evidence missing).  Static string. */
const char *diag_layer_state_name(enum diag_layer_state);

/*
 * The path's verdict in a few words, stopping at the first layer that is
 * not ok: "DOWN at L2 (ARP)", "UNKNOWN: L2 not checked", "DOWN at BGP",
 * "UNKNOWN: BGP not checked", "UP, but no routes from on-premises",
 * "UP (routes not checked)" or "UP".  A layer without evidence counts as
 * unknown only when the traffic stats do not show the path up.  Static
 * string.
 */
const char *diag_circuit_verdict(const struct diag_circuit_path *);

#endif /* ERW_DIAG_CIRCUIT_H */
