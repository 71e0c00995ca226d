/*
 * net_lpm: longest-prefix-match table for IPv4 and IPv6.  Route analysis
 * (effective routes, circuit route tables, flow --routes) maps an address
 * to the most specific prefix that covers it, and explains a decision by
 * listing every covering prefix ("all matches").
 *
 * The table is built in two steps: net_lpm_add() collects prefixes, then
 * net_lpm_build() compiles them.  IPv4 compiles to a 16-8-8 stride trie
 * with prefix expansion (one, two or three chunk reads per lookup, level
 * 2 run-compressed); IPv6
 * compiles to sorted elementary intervals searched by bisection.  Every
 * stored prefix knows its parent (the next less specific prefix covering
 * it), which is how all matches are enumerated.
 */
#ifndef ERW_NET_LPM_H
#define ERW_NET_LPM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/net.h"
#include "util/util.h"

struct net_lpm;

/* One covering prefix and the value stored with it. */
struct net_lpm_match {
	struct net_prefix	 prefix;
	uint32_t		 value;
};

/* An empty table (both families); NULL when out of memory.  Free with
 * net_lpm_free(). */
struct net_lpm	*net_lpm_new(void);
void		 net_lpm_free(struct net_lpm *);

/*
 * Queue prefix p with value.  When the same prefix is added twice, the
 * later value wins at build time.  Lookups do not see the prefix until the
 * next net_lpm_build().  Returns 0, or -1 with e set (ERR_INPUT for a
 * prefix without family or with a bad length, ERR_LIMIT past 2^31 - 1
 * prefixes, ERR_NOMEM).
 */
int	 net_lpm_add(struct net_lpm *, const struct net_prefix *p,
	    uint32_t value, struct err *e);

/*
 * Compile everything added so far (from scratch: adding more and building
 * again is allowed).  Returns 0, or -1 with e set (ERR_NOMEM); after a
 * failure the table answers no match until a build succeeds.
 */
int	 net_lpm_build(struct net_lpm *, struct err *e);

/*
 * Longest match for addr.  Returns true and fills *value (and *matched when
 * not NULL) when a prefix of addr's family covers it, false otherwise.
 */
bool	 net_lpm_lookup(const struct net_lpm *, const struct net_addr *addr,
	    uint32_t *value, struct net_prefix *matched);

/* Fast paths for the hot loop: IPv4 address in host order, IPv6 as 16
 * network-order bytes.  Same result as net_lpm_lookup(). */
bool	 net_lpm_lookup4(const struct net_lpm *, uint32_t addr,
	    uint32_t *value);
bool	 net_lpm_lookup6(const struct net_lpm *, const uint8_t addr[16],
	    uint32_t *value);

/*
 * n IPv4 lookups at once (addresses in host order): found[i] tells whether
 * addrs[i] matched and values[i] holds its value (0 when not found).  The
 * lookups are interleaved in groups so that their memory reads overlap;
 * the answers are those of net_lpm_lookup4().  Returns how many matched.
 */
size_t	 net_lpm_lookup4_batch(const struct net_lpm *, const uint32_t *addrs,
	    size_t n, uint32_t *values, bool *found);

/*
 * Every prefix covering addr, most specific first, into out[0..max).
 * Returns how many cover addr (may exceed max: only max are written).
 */
size_t	 net_lpm_matches(const struct net_lpm *, const struct net_addr *addr,
	    struct net_lpm_match *out, size_t max);

/* Distinct prefixes in the built table, per family (NET_AF_INET/6). */
size_t	 net_lpm_count(const struct net_lpm *, uint8_t family);
/* Bytes held by the table (arrays, not malloc overhead). */
size_t	 net_lpm_memory(const struct net_lpm *);

#endif /* ERW_NET_LPM_H */
