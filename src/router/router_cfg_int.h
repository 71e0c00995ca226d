/*
 * router_cfg_int.h: what the config parsers share (router_cfg.c holds the
 * helpers).  A parser walks the cleaned lines of the whole file, each a
 * pointer and a length (router_int.h, struct rline), and fills the model
 * through these helpers, which own every allocation and limit.
 */
#ifndef ERW_ROUTER_CFG_INT_H
#define ERW_ROUTER_CFG_INT_H

#include "router_cfg.h"
#include "router_int.h"

#define CFG_MAX_TOK	32	/* tokens read from one statement */

struct cfgp {
	struct router_cfg	*c;
	const struct rline	*l;
	size_t			 n;
	bool			 nomem;	/* sticky: an item was lost */
	bool			 limit;	/* sticky: over a LIMIT_CFG_* */
};

/* A new interface named s[0..n) (escaped copy), NULL when out of memory
 * or over the limit (the parse's sticky flags say which). */
struct router_cfg_iface *cfg_iface_new(struct cfgp *, const char *s,
	    size_t n, uint32_t line);
/* The interface named s[0..n), created when absent. */
struct router_cfg_iface *cfg_iface_get(struct cfgp *, const char *s,
	    size_t n, uint32_t line);
/*
 * The neighbor (or group, when group) named s[0..n): found, or created
 * with every setting unset.  A name that is an address is a neighbor
 * with that address; another is a group.  NULL when out of memory or
 * over the limit.  The pointer is valid until the next creation.
 */
struct router_cfg_neighbor *cfg_nb_get(struct cfgp *, const char *s,
	    size_t n, uint32_t line, bool group);
/* A warning for line (our words; never the line's text, which may hold a
 * key). */
void	 cfg_warn(struct cfgp *, uint32_t line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Token helpers: a number (trailing ';' allowed), an address with an
 * optional "/len", a dotted netmask to its length.  0 or -1. */
int	 cfg_int(const struct rtok *, int64_t min, int64_t max, int64_t *out);
int	 cfg_prefix(const struct rtok *, struct net_prefix *out);
int	 cfg_mask_len(const struct rtok *, uint8_t *len);
/* Copy a name token (without trailing ';' and quotes), escaped. */
void	 cfg_name(char *dst, size_t len, const struct rtok *);
/* Is the token this word, ignoring one trailing ';'? */
bool	 cfg_is(const struct rtok *, const char *word);

int	 router_cfg_parse_ios(struct cfgp *);
int	 router_cfg_parse_junos(struct cfgp *);
int	 router_cfg_parse_bird(struct cfgp *);
/* The dialect of these lines, ROUTER_CFG_UNKNOWN when none. */
enum router_cfg_dialect router_cfg_detect(const struct rline *, size_t n);

#endif /* ERW_ROUTER_CFG_INT_H */
