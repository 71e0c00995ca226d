/*
 * router_cmds: what to type on each vendor's router to see one BGP
 * session, its ARP entry and its routes, to collect what `erwatch router`
 * reads, and to shut and restore the session for a failover drill.  One
 * table for every product that names a router command: diagnose's
 * collection hints (diag/analyzer_layers.c) and the runbook
 * (report/report_runbook.c), so they cannot disagree.
 *
 * The commands are templates: {peer}, {asn} (the router's own AS),
 * {group} (Junos BGP group) and {proto} (BIRD protocol) are filled in;
 * a value not given becomes a placeholder "<peer-ip>", "<local-asn>",
 * "<group>", "<protocol>" for the reader to replace.  Configuration steps
 * span several lines ("\n" between them), one per line to type.
 */
#ifndef ERW_ROUTER_CMDS_H
#define ERW_ROUTER_CMDS_H

#include <stdbool.h>
#include <stddef.h>

#include "router/router.h"

enum router_cmd_step {
	ROUTER_CMD_SUMMARY,	/* every session's state */
	ROUTER_CMD_NEIGHBOR,	/* one session in detail: state, timers,
				   last error */
	ROUTER_CMD_ARP,		/* the peer's ARP (neighbor) entry */
	ROUTER_CMD_PING,	/* the peer across the /30 */
	ROUTER_CMD_RECEIVED,	/* routes learned from the peer */
	ROUTER_CMD_ADVERTISED,	/* routes sent to the peer */
	ROUTER_CMD_LOG,		/* the router's BGP log lines */
	ROUTER_CMD_COLLECT,	/* saves what `erwatch router` reads */
	ROUTER_CMD_SHUT,	/* drill: take the session down */
	ROUTER_CMD_RESTORE,	/* drill: bring it back */
	ROUTER_CMD__COUNT
};

struct router_cmd_vars {
	const char	*peer;		/* the Microsoft address, or NULL */
	const char	*asn;		/* the router's own AS, or NULL */
	const char	*group;		/* Junos group, or NULL */
	const char	*proto;		/* BIRD protocol name, or NULL */
};

/* The vendors that have a row: IOS (and IOS-XE), NX-OS, IOS-XR, Junos,
 * EOS, FRR, BIRD. */
bool	 router_cmd_vendor_known(enum router_vendor);
/* How the vendor is called in prose: "Cisco IOS / IOS-XE"; "" when the
 * vendor has no row. */
const char *router_cmd_vendor_label(enum router_vendor);
/* Whether the vendor's commands are typed in the host's shell (FRR,
 * BIRD) rather than in the router's own CLI. */
bool	 router_cmd_vendor_shell(enum router_vendor);
/* The vendor a user's word names: ios, iosxe, nxos, iosxr, junos, eos,
 * frr, bird (also the names router_vendor_name gives: "nx-os",
 * "ios-xr"); ROUTER_VENDOR_UNKNOWN for any other word. */
enum router_vendor router_cmd_vendor_parse(const char *word);

/*
 * The command of step for vendor v with vars filled in, into out (len
 * bytes, NUL-terminated, cut at len - 1).  Returns the length it needed
 * (as snprintf does): >= len means it was cut.  A vendor without a row
 * or a step it lacks yields "" and 0.
 */
size_t	 router_cmd(enum router_vendor v, enum router_cmd_step step,
	    const struct router_cmd_vars *vars, char *out, size_t len);

#endif /* ERW_ROUTER_CMDS_H */
