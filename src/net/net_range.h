/*
 * net_range: inclusive address ranges and sets of them (union,
 * intersection, difference, complement, containment), IPv4 and IPv6.
 * The NSG resolver (src/azure/az_nsg_resolve.c) turns a rule's prefixes
 * and service tags into such a set; the routing model is meant to reuse
 * it.  Nothing here knows about Azure.
 *
 * A range is [lo, hi] with both ends included and lo <= hi, so that the
 * whole space (0.0.0.0-255.255.255.255, ::-ffff:...:ffff) is a range and
 * no one-past-the-end value has to exist: arithmetic never overflows.
 *
 * A set (struct net_rset) holds ranges of the one family fixed when it is
 * initialized; a range, prefix or set of the other family is refused,
 * never converted (there is no IPv4-mapped equivalence here).  Adding
 * only appends; net_rset_normalize() makes the set canonical:
 *
 *	v[i].lo <= v[i].hi				each range valid
 *	v[i].hi + 1 < v[i + 1].lo			sorted, disjoint and
 *							not adjacent
 *
 * so that two canonical sets hold the same addresses exactly when their
 * arrays are equal.  The operations normalize their inputs first (which
 * does not change what addresses a set holds) and produce canonical sets.
 * Memory comes from util's allocator (erw_*); a set owns its array.
 */
#ifndef ERW_NET_RANGE_H
#define ERW_NET_RANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "net/net.h"
#include "util/util.h"

struct net_range {
	struct net_addr	lo, hi;		/* same family, lo <= hi */
};

struct net_rset {
	uint8_t			 family;	/* NET_AF_INET or _INET6 */
	bool			 canonical;	/* see the invariants above */
	size_t			 n, cap;
	struct net_range	*v;		/* n ranges, owned */
};

/*
 * The range a prefix covers: its network address (host bits cleared
 * here, whatever the input held) to its last address.  Returns 0, or -1
 * when the family is neither IPv4 nor IPv6 or len exceeds its width.
 */
int	 net_range_from_prefix(const struct net_prefix *, struct net_range *);
/* Is a inside r?  False for an address of the other family. */
bool	 net_range_contains(const struct net_range *r,
	    const struct net_addr *a);

/* An empty set of family (NET_AF_INET or NET_AF_INET6). */
void	 net_rset_init(struct net_rset *, uint8_t family);
/* Free the array; the set is empty and may be used again. */
void	 net_rset_release(struct net_rset *);
/* Make the set empty, keeping its array for reuse. */
void	 net_rset_clear(struct net_rset *);

/*
 * Append a range or the range of a prefix (may leave the set not
 * canonical).  Returns 0, or -1 with ERR_INPUT for another family or
 * lo > hi (the set is unchanged), ERR_NOMEM.
 */
int	 net_rset_add(struct net_rset *, const struct net_range *,
	    struct err *e);
int	 net_rset_add_prefix(struct net_rset *, const struct net_prefix *,
	    struct err *e);
/* Append every range of src, of the same family (else ERR_INPUT). */
int	 net_rset_add_set(struct net_rset *dst, const struct net_rset *src,
	    struct err *e);

/* Sort and merge overlapping and adjacent ranges in place; never fails. */
void	 net_rset_normalize(struct net_rset *);

/*
 * Set algebra.  out must be initialized with the family of the inputs and
 * be none of them; its previous contents are replaced and it is canonical
 * afterwards.  The inputs are normalized in place first.  Returns 0, or -1
 * with ERR_INPUT when the families differ, ERR_NOMEM (out is then empty).
 * Complement is within the family's whole address space.
 */
int	 net_rset_union(struct net_rset *a, struct net_rset *b,
	    struct net_rset *out, struct err *e);
int	 net_rset_intersect(struct net_rset *a, struct net_rset *b,
	    struct net_rset *out, struct err *e);
/* Addresses of a that are not in b. */
int	 net_rset_subtract(struct net_rset *a, struct net_rset *b,
	    struct net_rset *out, struct err *e);
int	 net_rset_complement(struct net_rset *a, struct net_rset *out,
	    struct err *e);

/*
 * Is a in the set?  A binary search when the set is canonical, else a
 * walk.  False for an address of the other family.
 */
bool	 net_rset_contains(const struct net_rset *, const struct net_addr *a);
/*
 * Does a hold every address of b (true when b is empty)?  Normalizes both;
 * false when the families differ.
 */
bool	 net_rset_covers(struct net_rset *a, struct net_rset *b);
/* Do a and b hold the same addresses?  Normalizes both. */
bool	 net_rset_equal(struct net_rset *a, struct net_rset *b);

#endif /* ERW_NET_RANGE_H */
