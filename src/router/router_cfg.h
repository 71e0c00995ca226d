/*
 * router_cfg: the BGP-relevant part of a router's whole configuration, as
 * `erwatch config` checks it against a circuit (diag/diag_config.h).  One
 * model for every dialect: the interfaces (sub-interfaces with their
 * 802.1Q tag, the inner tag of QinQ, address, MTU, TCP MSS clamp) and the
 * BGP speaker (local AS, and per neighbor: remote AS, whether a TCP MD5
 * key is set, timers, BFD, maximum-prefix, default-originate, local-as,
 * allowas-in, IPv4 unicast activation, the policies it references).
 *
 * Data flow: file -> router_text_lines() (router_text.c: encodings, CRLF,
 * pager debris) -> dialect by content (router_cfg.c) -> one parser per
 * syntax family:
 *	router_cfg_ios.c    Cisco IOS / IOS-XE, Arista EOS, FRR, and the
 *	                    neighbor blocks of NX-OS and IOS-XR
 *	router_cfg_junos.c  Junos, `set` form and curly-brace form
 *	router_cfg_bird.c   BIRD 2 `protocol bgp` blocks and templates
 * Lines outside what the model holds are skipped; a line the parser
 * recognises but cannot read ("neighbor X timers" without numbers) is a
 * warning naming the line number and the statement, never its text.
 *
 * Secrets: a password, authentication-key or tcp-md5 statement yields
 * "a key is set" and nothing of the key, in no form (clear, type 7,
 * Junos $9$): it is not stored, hashed or escaped.
 */
#ifndef ERW_ROUTER_CFG_H
#define ERW_ROUTER_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/net.h"
#include "util/util.h"

/* The dialects, by content.  One table: enum and names. */
#define ROUTER_CFG_DIALECTS(X)						\
	X(UNKNOWN,	"unknown")					\
	X(IOS,		"ios")		/* IOS and IOS-XE */		\
	X(EOS,		"eos")						\
	X(NXOS,		"nx-os")					\
	X(XR,		"ios-xr")					\
	X(FRR,		"frr")						\
	X(JUNOS_SET,	"junos-set")					\
	X(JUNOS,	"junos")	/* curly-brace form */		\
	X(BIRD,		"bird")

enum router_cfg_dialect {
#define X(c, n)	ROUTER_CFG_##c,
	ROUTER_CFG_DIALECTS(X)
#undef X
	ROUTER_CFG__COUNT
};

const char *router_cfg_dialect_name(enum router_cfg_dialect);
/* By name ("ios", "junos"); ROUTER_CFG_UNKNOWN when not one. */
enum router_cfg_dialect router_cfg_dialect_by_name(const char *);

#define ROUTER_CFG_NAME_MAX	64
#define ROUTER_CFG_WARN_MAX	64	/* warnings kept; more are counted */
#define LIMIT_CFG_IFACES	65536
#define LIMIT_CFG_NEIGHBORS	65536

/* Unknown, yes, no: a setting the config may not say. */
enum cfg_tri {
	CFG_UNSET = 0,
	CFG_YES,
	CFG_NO
};

struct router_cfg_iface {
	char		 name[ROUTER_CFG_NAME_MAX];	/* escaped */
	uint32_t	 line;
	int		 vlan;		/* outer 802.1Q tag, -1 untagged */
	int		 inner_vlan;	/* QinQ inner (C-)tag, -1 none */
	bool		 has_addr;
	struct net_prefix addr;		/* address with its length; the
					   host bits are kept */
	int		 mtu;		/* IP MTU, -1 not said */
	int		 mss;		/* TCP MSS clamp, -1 none */
	bool		 shutdown;
};

struct router_cfg_neighbor {
	char		 name[ROUTER_CFG_NAME_MAX];	/* address as written,
							   or the group's */
	bool		 is_group;	/* a peer-group, Junos group or BIRD
					   template: members inherit */
	char		 group[ROUTER_CFG_NAME_MAX];	/* its group */
	struct net_addr	 addr;		/* family 0 for a group */
	uint32_t	 line;
	int64_t		 remote_as;	/* -1 not said */
	int64_t		 local_as;	/* per-neighbor local-as, -1 */
	enum cfg_tri	 md5;		/* a key is configured */
	int		 hold;		/* seconds, -1 not said */
	int		 keepalive;
	enum cfg_tri	 bfd;
	int		 bfd_interval_ms;	/* -1 not said */
	int64_t		 max_prefix;	/* -1 none */
	enum cfg_tri	 default_originate;
	enum cfg_tri	 allowas_in;
	enum cfg_tri	 ipv4_active;	/* address-family ipv4 unicast */
	enum cfg_tri	 shutdown;
	bool		 has_policy_in, has_policy_out;	/* route-map,
							   prefix-list,
							   import/export */
	char		 policy_in[ROUTER_CFG_NAME_MAX];	/* escaped */
	char		 policy_out[ROUTER_CFG_NAME_MAX];
};

struct router_cfg_warn {
	uint32_t	 line;
	char		 what[128];	/* our words, never the line's */
};

struct router_cfg {
	char			 input[128];
	enum router_cfg_dialect	 dialect;
	char			 hostname[ROUTER_CFG_NAME_MAX];
	int64_t			 local_as;	/* -1 not said */
	int			 hold;		/* speaker-wide, -1 */
	int			 keepalive;
	bool			 ipv4_default_off;	/* IOS "no bgp default
							   ipv4-unicast" */
	int			 mss_all;	/* Junos/SRX flow tcp-mss, -1 */
	uint32_t		 lines;
	bool			 truncated;	/* last line had no end */
	size_t			 nifaces, ifaces_cap;
	struct router_cfg_iface	*ifaces;
	size_t			 nneighbors, neighbors_cap;
	struct router_cfg_neighbor *neighbors;
	size_t			 nwarn, warn_dropped;
	struct router_cfg_warn	 warn[ROUTER_CFG_WARN_MAX];
};

/*
 * Parse the configuration in buf (any encoding router_text.c reads) into
 * c, which is caller storage (zeroed here).  dialect ROUTER_CFG_UNKNOWN
 * recognises it by content.  Neighbors inherit from their groups and the
 * speaker-wide settings before this returns.  0; -1 with e set: ERR_NOMEM,
 * ERR_LIMIT, or ERR_INPUT naming the file when the text holds no
 * configuration of a known dialect.  Release with router_cfg_release()
 * either way.
 */
int	 router_cfg_load_buf(struct router_cfg *c, const char *name,
	    const void *buf, size_t len, enum router_cfg_dialect dialect,
	    struct err *e);
/* The same from a file ("-" is stdin); ERR_IO when it cannot be read. */
int	 router_cfg_load_file(struct router_cfg *c, const char *path,
	    enum router_cfg_dialect dialect, struct err *e);
void	 router_cfg_release(struct router_cfg *);

/* The neighbor with this address (not a group), NULL if none. */
const struct router_cfg_neighbor *router_cfg_neighbor(
	    const struct router_cfg *, const struct net_addr *);

#endif /* ERW_ROUTER_CFG_H */
