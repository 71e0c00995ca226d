/*
 * diag_config: the on-premises router's configuration (router/router_cfg.h)
 * checked against the cloud side of the peering, before anything is sent.
 *
 * The Microsoft edge's configuration is never visible to the customer, but
 * the circuit's peering export describes it: diag_config_cloud() builds that
 * synthetic cloud peer per path (Microsoft on the second usable address of
 * the /30, the customer on the first, AS 12076 or the exported azureASN,
 * the vlanId, MD5 when a sharedKey is set, keepalive/hold 60/180 s with BFD
 * at 300 ms x 3, the SKU's prefix limit).  diag_config() pairs each path
 * with the router's neighbor and sub-interface for it and emits CONFIG_*
 * findings (finding_catalog.h) with their subjects (path, addresses, ASNs,
 * VLAN), and a side-by-side comparison (setting, on-premises, cloud,
 * verdict) for the report.
 */
#ifndef ERW_DIAG_CONFIG_H
#define ERW_DIAG_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "azure/az_circuit.h"
#include "diag/diag.h"
#include "router/router_cfg.h"

/* What the MSEE runs on private peering (documented defaults). */
#define CLOUD_KEEPALIVE		60
#define CLOUD_HOLD		180
#define CLOUD_BFD_MS		300
#define CLOUD_BFD_MULT		3
#define CONFIG_MIN_HOLD		30	/* below: likely to flap */

struct cloud_path {
	bool		 present;	/* the peering has this /30 */
	struct net_prefix prefix;
	struct net_addr	 customer;	/* first usable */
	struct net_addr	 microsoft;	/* second usable */
};

struct cloud_peer {
	char		 circuit[128];
	char		 peering[64];
	char		 sku[32];
	uint32_t	 azure_as;	/* 12076 unless exported otherwise */
	int64_t		 peer_as;	/* peerASN, -1 not exported */
	int		 vlan;		/* vlanId, -1 not exported */
	bool		 md5;		/* sharedKey set */
	int64_t		 prefix_limit;
	struct cloud_path path[AZ_PATH_COUNT];
};

/*
 * The cloud peer of circuit's peering (NULL: AzurePrivatePeering).  0, or
 * -1 with e set (ERR_INPUT) when the circuit has no such peering or no
 * path prefix that is a /30 (or /126).
 */
int	 diag_config_cloud(const struct az_circuit *circuit,
	    const char *peering, struct cloud_peer *out, struct err *e);

enum config_verdict {
	CV_OK = 0,
	CV_INFO,	/* worth knowing, nothing wrong */
	CV_WARN,
	CV_FAULT,
	CV_NA		/* the config does not say (BIRD has no interfaces) */
};

const char *config_verdict_name(enum config_verdict);	/* "ok" */

#define CONFIG_ROWS_MAX	16

struct config_row {
	const char		*setting;	/* static: "neighbor address" */
	char			 onprem[96];
	char			 cloud[96];
	enum config_verdict	 verdict;
};

struct config_path_result {
	const struct router_cfg_neighbor *nb;	/* borrowed, NULL: none */
	const struct router_cfg_iface	*ifc;	/* borrowed, NULL: none */
	size_t			 nrows;
	struct config_row	 rows[CONFIG_ROWS_MAX];
	enum config_verdict	 worst;
};

struct config_result {
	struct config_path_result path[AZ_PATH_COUNT];
};

/*
 * Check cfg against cloud: findings into fl (one list; subjects carry
 * the path), the comparison into res (caller storage; its pointers
 * borrow from cfg).  Parse warnings of cfg become CONFIG_LINE_UNCLEAR.
 * Memory failures are fl's (finding_list_check()).
 */
void	 diag_config(const struct router_cfg *cfg,
	    const struct cloud_peer *cloud, struct config_result *res,
	    struct finding_list *fl);

/*
 * The on-premises configuration that matches cloud, in dialect d, appended
 * to out: both paths' sub-interfaces and BGP neighbors, timers, BFD,
 * maximum-prefix and an outbound filter, and a password placeholder (never
 * a key) when the peering has a sharedKey.  diag_config() passes it.  0, or
 * -1 with e set (ERR_NOMEM: out failed; ERR_INPUT: no generator for d).
 */
int	 diag_config_emit(const struct cloud_peer *cloud,
	    enum router_cfg_dialect d, struct sb *out, struct err *e);

#endif /* ERW_DIAG_CONFIG_H */
