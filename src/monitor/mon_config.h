/*
 * mon_config: the monitor's JSON config (docs/monitor.md, "The config";
 * examples/monitor.json), read into plain records.  Errors are ERR_INPUT
 * naming the file, the JSON pointer of the field and its line:column,
 * found by azure's locator (az_locate) over the file's text, since
 * jansson keeps no per-value positions.
 */
#ifndef ERW_MON_CONFIG_H
#define ERW_MON_CONFIG_H

#include <jansson.h>

#include "monitor.h"

struct mon_cap_cfg;

#define MON_CFG_MAX_GROUPS	64
#define MON_CFG_MAX_ENDPOINTS	20000	/* over all groups */
#define MON_CFG_MAX_ARGV	32
#define MON_MIN_INTERVAL	(1 * USEC_PER_SEC)
#define MON_DEF_INTERVAL	(30 * USEC_PER_SEC)
#define MON_MAX_INTERVAL	(3600 * USEC_PER_SEC)

/* One configured endpoint: what to probe and how. */
struct mon_cfg_endpoint {
	struct mon_endpoint	 ep;		/* identity; id filled later */
	char			 host[256];	/* as written, for resolving */
	uint32_t		 local_as;	/* bgp_open */
	uint32_t		 peer_as;	/* bgp_open; 0: not checked */
	char			*md5_file;	/* bgp_open; owned; the key is
						   read at probe time, never
						   kept in the config */
	char			**argv;		/* router_state; owned, NULL
						   terminated */
	char			 neighbor[64];	/* router_state: only this
						   neighbor; "" all */
};

struct mon_cfg_group {
	char			 name[64];
	usec_t			 interval;	/* frequencySeconds */
	usec_t			 timeout;	/* timeoutMs; < interval */
	int			 failed_pct;	/* checksFailedPercent */
	int64_t			 rtt_max_us;	/* roundTripTimeMs; -1 none */
	int			 evals;		/* consecutive evaluations N */
	struct mon_cfg_endpoint	*eps;
	size_t			 neps;
};

struct mon_config {
	char			 file[256];	/* as given */
	char			 agent[64];
	char			 store[512];	/* "" when not configured */
	usec_t			 retention;	/* 0: keep everything */
	char			 metrics_listen[80];	/* "" none */
	struct mon_cfg_group	*groups;
	size_t			 ngroups;
	json_t			*alerts;	/* own reference, or NULL; for
						   mon_alerts_new(), unparsed */
	struct mon_cap_cfg	*capture;	/* owned; NULL: no capture */
};

/*
 * Read the config at path.  Returns 0 and *out (mon_config_free()), or -1
 * with e: ERR_IO (unreadable), ERR_INPUT (syntax, a wrong or missing
 * field: message "... at /testGroups/0/frequencySeconds", e->input the
 * file, e->unit and e->col the line and column), ERR_NOMEM.
 */
int	mon_config_load(const char *path, struct mon_config **out,
	    struct err *e);
/* The same from memory (fuzzing, tests); name is for messages only. */
int	mon_config_load_buf(const char *name, const void *buf, size_t len,
	    struct mon_config **out, struct err *e);
void	mon_config_free(struct mon_config *);

#endif /* ERW_MON_CONFIG_H */
