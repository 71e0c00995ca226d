/*
 * az_circuit_dir: which export plays which role in a circuit check.  A
 * folder of ExpressRoute exports (`az network express-route show`,
 * list-arp-tables, list-route-tables, list-route-tables-summary,
 * get-stats, or their PowerShell forms) is sorted by its commands.txt
 * ("<file>\t<command>" lines: the command names the table, --path or
 * -DevicePath the path, --peering-name or -PeeringType the peering), or,
 * without one, by each file's shape and its name.  Files named on the
 * command line are set first and win.  azure-formats.md, docs/circuit.md.
 */
#ifndef ERW_AZ_CIRCUIT_DIR_H
#define ERW_AZ_CIRCUIT_DIR_H

#include <stddef.h>

enum az_circuit_role {
	AZ_ROLE_CIRCUIT,
	AZ_ROLE_ARP_P, AZ_ROLE_ARP_S,
	AZ_ROLE_ROUTES_P, AZ_ROLE_ROUTES_S,
	AZ_ROLE_SUMMARY_P, AZ_ROLE_SUMMARY_S,
	AZ_ROLE_STATS,
	AZ_ROLE__COUNT
};

#define AZ_CIRCUIT_PATH_MAX	1024
#define AZ_CIRCUIT_MAX_NOTES	32

/* The files of one check; caller storage, zeroed before use. */
struct az_circuit_files {
	char	file[AZ_ROLE__COUNT][AZ_CIRCUIT_PATH_MAX];	/* "": none */
	char	origin[AZ_ROLE__COUNT][32];	/* "option", "commands.txt",
						   "file name" */
	char	notes[AZ_CIRCUIT_MAX_NOTES][640];	/* for the reader */
	size_t	nnotes;
	char	dups[512];	/* files ignored as duplicates */
	size_t	ndups;
};

/* "circuit", "primary ARP table", ..., "traffic stats". */
const char *az_circuit_role_name(enum az_circuit_role);

/*
 * Sort the exports of folder dir into f's empty roles, for the peering
 * named (case-insensitive; lines of commands.txt about another peering are
 * skipped).  Uses dir/commands.txt when it can be opened, else every
 * *.json, *.txt, *.yaml, *.yml and *.tsv in dir (at most 256, by name).
 * The path of a table is the one commands.txt names, else the one the
 * command line pasted in a text export names (az_text.h), else the one
 * in the file name.  What it cannot place, a
 * commands.txt line naming a missing file or a different kind of export,
 * and the duplicates it ignored become notes.  Files it cannot read are
 * left for the loader to report.  Never fails: a folder that cannot be
 * opened yields nothing (the caller checks it first for its message).
 */
void	 az_circuit_dir_scan(struct az_circuit_files *f, const char *dir,
	    const char *peering);

#endif /* ERW_AZ_CIRCUIT_DIR_H */
