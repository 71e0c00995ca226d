/*
 * az_circuit: typed models of the ExpressRoute exports a circuit
 * diagnosis needs: the circuit with its peerings (`az network
 * express-route show`), and per path (primary/secondary) the ARP table,
 * the route table and the route table summary (az `{"value":[...]}` or
 * PowerShell ConvertTo-Json, including the empty file PowerShell writes
 * for an empty table), plus the traffic stats.  Formats:
 * azure-formats.md section 2; the checks live in diag/diag_circuit.h.
 *
 * Which path a table belongs to is not in the document: the caller says.
 * Secrets: a peering's sharedKey (MD5) is never copied, only whether one
 * is set.
 */
#ifndef ERW_AZ_CIRCUIT_H
#define ERW_AZ_CIRCUIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "azure/azure.h"
#include "net/net.h"

enum az_path {
	AZ_PATH_PRIMARY = 0,
	AZ_PATH_SECONDARY,
	AZ_PATH_COUNT
};

const char *az_path_name(enum az_path);		/* "primary" */

#define AZ_CIRCUIT_MAX_PEERINGS	8
#define AZ_MICROSOFT_ASN	12076
/* ASNs reserved by Azure for gateways (ER/VPN gateway uses 65515). */
#define AZ_GATEWAY_ASN_MIN	65515
#define AZ_GATEWAY_ASN_MAX	65520

struct az_peering {
	char		 name[64];	/* AzurePrivatePeering, ... */
	char		 ptr[96];	/* "/peerings/0", in ARM shape
					   "/properties/peerings/0" */
	char		 fields_ptr[112];	/* where its fields are:
						   ptr, or ptr/properties */
	char		 state[32];	/* Enabled/Disabled, "" if absent */
	int64_t		 azure_asn;	/* -1 if absent */
	int64_t		 peer_asn;	/* -1 if absent */
	int64_t		 vlan;		/* -1 if absent */
	char		 pfx_text[AZ_PATH_COUNT][64];	/* as exported */
	struct net_prefix pfx[AZ_PATH_COUNT];
	bool		 pfx_ok[AZ_PATH_COUNT];	/* parsed */
	bool		 pfx_host_bits[AZ_PATH_COUNT];	/* not a network
							   address */
	bool		 md5_set;	/* sharedKey present, not empty */
};

struct az_circuit {
	char		 input[128];
	char		 ptr[96];		/* where its fields are: "",
						   "/properties",
						   "/data/0/properties" */
	char		 res_ptr[96];		/* the resource: "", "/data/0" */
	char		 name[128];
	char		 resource_group[96];	/* from id, "" if unknown */
	char		 circuit_state[32];	/* circuitProvisioningState */
	char		 provider_state[32];	/* serviceProvider... */
	char		 sku_tier[32];		/* Standard/Premium/... */
	char		 provider[64];
	char		 service_key[64];	/* not a secret: support's
						   handle on the circuit */
	char		 peering_location[64];
	char		 sku_name[48];		/* Standard_MeteredData */
	int64_t		 bandwidth_mbps;	/* -1 if absent */
	size_t		 npeerings;
	struct az_peering peerings[AZ_CIRCUIT_MAX_PEERINGS];
	struct az_notes	 notes;		/* what was not read */
};

/* Fill c from an AZ_CIRCUIT document, in any shape of azure.h (az, ARM
 * properties with peerings[] as {name, id, properties}, Resource Graph,
 * template, PowerShell).  0, or -1 with e set (ERR_INPUT for another
 * kind, a malformed field (file, pointer, line:column), or a circuit with
 * none of circuitProvisioningState, serviceProviderProvisioningState and
 * peerings: a shape not understood).  Peerings beyond
 * AZ_CIRCUIT_MAX_PEERINGS become notes in c->notes. */
int	 az_circuit_load(struct az_circuit *c, const struct az_doc *doc,
	    struct err *e);
/* The peering named name (case-insensitive), NULL if absent. */
const struct az_peering *az_circuit_peering(const struct az_circuit *,
	    const char *name);

/* ------------------------------------------------------------------ */
/* Per-path tables                                                     */
/* ------------------------------------------------------------------ */

struct az_arp_entry {
	char		 iface[16];	/* "On-Prem", "Microsoft", "" */
	char		 ip_text[48];
	struct net_addr	 ip;		/* family 0 if unparsable */
	char		 mac[32];	/* "5c5e.ab3d.81c2", "Incomplete" */
	bool		 incomplete;
	int64_t		 age;		/* -1 if absent */
	char		 ptr[32];	/* "/value/0" or "/0" */
};

struct az_arp_table {
	char			 input[128];
	char			 list_ptr[16];	/* "/value", "" (PS), or
						   "(empty file)" */
	size_t			 n;
	struct az_arp_entry	*v;
	struct az_notes		 notes;		/* what was not read */
};

struct az_er_route {
	struct net_prefix	 net;
	struct net_addr		 next_hop;	/* family 0 if absent */
	uint32_t		 first_as;	/* 0 when the path is empty */
	uint32_t		 path_len;	/* ASNs in the path */
	char			 ptr[32];
};

struct az_er_routes {
	char			 input[128];
	char			 list_ptr[16];
	size_t			 n;
	struct az_er_route	*v;
	struct az_notes		 notes;		/* what was not read */
};

struct az_er_summary_row {
	char		 neighbor_text[48];
	struct net_addr	 neighbor;	/* family 0 if unparsable */
	int64_t		 as;		/* -1 if absent */
	char		 state[48];	/* statePfxRcd as exported */
	bool		 established;	/* statePfxRcd is a count */
	int64_t		 prefixes;	/* when established */
	char		 up_down[32];
	char		 ptr[32];
	char		 state_key[24];	/* "statePfxRcd" as spelled */
};

struct az_er_summary {
	char			 input[128];
	char			 list_ptr[16];
	size_t			 n;
	struct az_er_summary_row *v;
	struct az_notes		 notes;		/* what was not read */
};

struct az_er_stats {
	char		 input[128];
	int64_t		 bytes_in[AZ_PATH_COUNT];	/* -1 if absent */
	int64_t		 bytes_out[AZ_PATH_COUNT];
	struct az_notes	 notes;		/* what was not read */
};

/*
 * Loaders.  Each accepts its own kind, AZ_EMPTY (PowerShell's empty file:
 * zero rows) and AZ_EMPTY_LIST; anything else is ERR_INPUT.  A malformed
 * row is ERR_INPUT naming file, pointer and line:column; a row with none
 * of the fields its table needs is skipped with a note (t->notes, which
 * also get the document's envelope notes: nextLink...).  The _release
 * functions free the rows (the structs are caller storage, zeroed first
 * by the loaders).
 */
int	 az_arp_load(struct az_arp_table *, const struct az_doc *,
	    struct err *);
void	 az_arp_release(struct az_arp_table *);
int	 az_er_routes_load(struct az_er_routes *, const struct az_doc *,
	    struct err *);
void	 az_er_routes_release(struct az_er_routes *);
int	 az_er_summary_load(struct az_er_summary *, const struct az_doc *,
	    struct err *);
void	 az_er_summary_release(struct az_er_summary *);
int	 az_er_stats_load(struct az_er_stats *, const struct az_doc *,
	    struct err *);

/* Is asn one of Azure's gateway ASNs (65515-65520)? */
bool	 az_asn_is_gateway(int64_t asn);

/* The customer (first usable) and Microsoft (second usable) addresses of
 * a /30 (IPv4) or /126 (IPv6) peer prefix; -1 for other lengths. */
int	 az_peer_addrs(const struct net_prefix *, struct net_addr *customer,
	    struct net_addr *microsoft);

#endif /* ERW_AZ_CIRCUIT_H */
