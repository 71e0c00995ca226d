/*
 * az_routes: a subnet's routing as Azure computes it, rebuilt offline from
 * exports, and the next-hop decision `az network watcher show-next-hop`
 * would make.  Inputs: `az network nic show-effective-route-table` (the
 * base), `az network route-table show` (UDRs applied on top, or alone over
 * the default system routes) and `az network nic show` (who owns a
 * VirtualAppliance next hop).  Kinds are recognized by shape (azure.h).
 *
 * Selection (azure-formats.md 6.2): longest prefix match; on an exact
 * prefix tie User > VirtualNetworkGateway (BGP) > Default (system); rows
 * exported as Invalid never win; with disableBgpRoutePropagation the
 * gateway's routes are dropped; system routes for the VNet address space,
 * peerings and service endpoints win over more specific BGP routes.  The
 * result names the winner and every covering route it beat, and why.
 */
#ifndef ERW_AZ_ROUTES_H
#define ERW_AZ_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "azure/azure.h"
#include "net/net.h"
#include "net/net_lpm.h"

enum az_route_source {
	AZ_RSRC_UNKNOWN = 0,
	AZ_RSRC_DEFAULT,	/* system route */
	AZ_RSRC_GATEWAY,	/* VirtualNetworkGateway: BGP (ER/VPN) */
	AZ_RSRC_USER		/* UDR */
};

/* Longest text kept of each route field (longer ones are cut). */
#define AZ_ROUTE_TYPE_MAX	40
#define AZ_ROUTE_NAME_MAX	80
#define AZ_ROUTE_TABLE_ID_MAX	256
#define AZ_ROUTE_INPUT_MAX	128
#define AZ_ROUTE_PTR_MAX	96
#define AZ_ROUTE_PREFIX_PTR_MAX	112

/*
 * One prefix of one route row (a row with several addressPrefix entries
 * becomes several routes).  The strings belong to the route set (its
 * arena; repeated ones such as the next hop type and the file are kept
 * once) and are never NULL: "" when absent.
 */
struct az_route {
	struct net_prefix	 prefix;
	enum az_route_source	 source;
	bool			 invalid;	/* exported state Invalid */
	bool			 disable_bgp;	/* disableBgpRoutePropagation */
	struct net_addr		 next_hop;	/* first nextHopIpAddress;
						   family 0 when none */
	const char		*next_hop_type;	/* as exported (escaped) */
	const char		*name;		/* UDR name, "" otherwise */
	const char		*table_id;	/* UDR's route table id, "" if
						   not known */
	const char		*input;		/* file, "(system default)" */
	const char		*ptr;		/* JSON pointer of the row */
	const char		*prefix_ptr;	/* ... of the prefix */
};

/* Why a covering route did not carry the traffic. */
enum az_beaten_why {
	AZ_BEAT_INVALID,	/* exported Invalid (a preferred route won) */
	AZ_BEAT_TIE,		/* same prefix, lower-preference source */
	AZ_BEAT_LESS_SPECIFIC,	/* a longer prefix matched */
	AZ_BEAT_NO_PROPAGATION,	/* gateway route, propagation disabled */
	AZ_BEAT_SYSTEM_WINS	/* VNet/peering/endpoint system route wins
				   over a more specific BGP route */
};

#define AZ_ROUTES_MAX_BEATEN	32

struct az_route_beaten {
	const struct az_route	*route;
	enum az_beaten_why	 why;
};

struct az_route_result {
	const struct az_route	*winner;	/* NULL: no usable route */
	const char		*next_hop_type;	/* "None" without winner */
	struct net_addr		 next_hop;	/* family 0 when none */
	const char		*route_table_id; /* UDR table id, "System
						    Route", or NULL for a
						    UDR of unknown table */
	size_t			 nbeaten;	/* entries in beaten[] */
	size_t			 nbeaten_total;	/* may exceed the array */
	struct az_route_beaten	 beaten[AZ_ROUTES_MAX_BEATEN];
};

struct az_route_group;

/* The route set of one NIC/subnet.  Caller storage: az_routes_init(). */
struct az_routes {
	struct az_route		*v;
	size_t			 n, cap;
	bool			 bgp_disabled;	/* propagation off (any row or
						   route table says so) */
	bool			 have_effective; /* an effective table given */
	bool			 synthesized;	/* system defaults made up */
	size_t			 skipped_tags;	/* UDRs on service tags */
	struct az_notes		 notes;		/* what was not read, and
						   exports that say they are
						   incomplete */
	struct arena		 strings;	/* the routes' strings */
	const char		*types[16];	/* next hop types seen, kept
						   once each */
	size_t			 ntypes;
	/* compiled by az_routes_build() */
	struct net_lpm		*lpm;
	struct az_route_group	*grp;
	size_t			 ngrp;
	uint32_t		*order;		/* route indices by group */
};

/* An empty set; az_routes_release() frees what adding and building
 * allocated and leaves an empty set again.  Lookup results borrowing
 * from the set die with it. */
void	 az_routes_init(struct az_routes *);
void	 az_routes_release(struct az_routes *);

/*
 * Add the routes of doc: AZ_EFFECTIVE_ROUTES (rows as exported) or
 * AZ_ROUTE_TABLE (its UDRs, Active, User; a UDR already present in an
 * effective table by name and prefix only gets its table id).  Every
 * shape of azure.h is read (az, ARM properties, Resource Graph, template,
 * PowerShell); envelope notes and UDRs not read (service tag prefixes)
 * go to rs->notes.  Returns 0, or -1 with e set: ERR_INPUT for another
 * kind, a malformed row (file, JSON pointer, line:column) or a route
 * table with neither routes nor disableBgpRoutePropagation (a shape not
 * understood), ERR_NOMEM.  A lazy document (az_load_file_rows()) is
 * read row by row; a JSON error anywhere in it is reported before any
 * error about a row, as for a document loaded whole.  A document that
 * fails adds no route (the set is as before the call).
 */
int	 az_routes_add_doc(struct az_routes *, struct az_doc *doc,
	    struct err *e);

/*
 * Compile for lookups.  When only route tables were added, the default
 * system routes (0.0.0.0/0 Internet; 10/8, 172.16/12, 192.168/16,
 * 100.64/10 None) are added first and rs->synthesized is set.  Returns 0
 * or -1 with e set (ERR_NOMEM).
 */
int	 az_routes_build(struct az_routes *, struct err *e);

/*
 * The next hop for traffic to dst, as show-next-hop reports it, with the
 * winning route and the covering routes it beat.  The result borrows from
 * the route set.  Returns 0 (result->winner NULL when nothing routes dst:
 * the traffic is dropped), or -1 when the set was not built.
 */
int	 az_routes_lookup(const struct az_routes *, const struct net_addr *dst,
	    struct az_route_result *result);

/*
 * The same decision without the explanation, for batches: winner, next
 * hop and route table id exactly as az_routes_lookup() gives them, with
 * beaten[] empty (nbeaten 0).  *key names the longest matching prefix (0:
 * none): destinations with equal keys get equal az_routes_lookup()
 * results, beaten routes included, so whatever is judged from a full
 * result can be judged once per key.  result may be NULL: the key alone.
 * Returns 0, or -1 when the set was not built (key 0, no winner).
 */
int	 az_routes_decide(const struct az_routes *, const struct net_addr *dst,
	    struct az_route_result *result, uint32_t *key);

/* az_routes_decide()'s keys for n IPv4 addresses (host order) at once,
 * their table reads overlapped (net_lpm_lookup4_batch()); keys 0 when
 * the set was not built. */
void	 az_routes_keys4(const struct az_routes *, const uint32_t *addrs,
	    size_t n, uint32_t *keys);

/* Names: "User", "VirtualNetworkGateway", "Default", "Unknown". */
const char *az_route_source_name(enum az_route_source);
const char *az_beaten_why_name(enum az_beaten_why);	/* "invalid" ... */

/* ------------------------------------------------------------------ */
/* NICs (az network nic show), for VirtualAppliance next hops          */
/* ------------------------------------------------------------------ */

#define AZ_NIC_MAX_IPS	32

struct az_nic {
	char		 name[80];
	bool		 ip_forwarding;	/* enableIPForwarding */
	struct net_addr	 ips[AZ_NIC_MAX_IPS];	/* private IPs */
	char		 ip_ptr[AZ_NIC_MAX_IPS][160];	/* ARM paths are long */
	unsigned	 nips;
	char		 input[128];
};

struct az_nics {
	struct az_nic	*v;
	size_t		 n, cap;
	struct az_notes	 notes;		/* as in struct az_routes */
};

/* An empty NIC set; az_nics_release() frees it (pointers returned by
 * az_nics_find() die with it). */
void	 az_nics_init(struct az_nics *);
void	 az_nics_release(struct az_nics *);
/* Add an AZ_NIC document (one NIC or a list: az nic list, Resource
 * Graph, template; private IPs beyond AZ_NIC_MAX_IPS become a note).  0,
 * or -1 with e set (ERR_INPUT naming file and pointer: also a NIC without
 * ipConfigurations; ERR_NOMEM). */
int	 az_nics_add_doc(struct az_nics *, const struct az_doc *doc,
	    struct err *e);
/* The NIC owning private IP ip, NULL if none; *ipi gets the index of the
 * address in nic->ips (may be NULL). */
const struct az_nic *az_nics_find(const struct az_nics *,
	    const struct net_addr *ip, unsigned *ipi);

#endif /* ERW_AZ_ROUTES_H */
