/*
 * net: IPv4/IPv6 addresses and prefixes, and (net_lpm.h) the longest-prefix
 * match table.  Addresses are stored in network byte order in a 16-byte
 * array; IPv4 uses the first 4 bytes.
 */
#ifndef ERW_NET_H
#define ERW_NET_H

#include <stdbool.h>
#include <stdint.h>

#define NET_AF_NONE	0
#define NET_AF_INET	4
#define NET_AF_INET6	6

#define NET_ADDR_STRLEN	46	/* INET6_ADDRSTRLEN */
#define NET_PREFIX_STRLEN	(NET_ADDR_STRLEN + 4)

struct net_addr {
	uint8_t	family;		/* NET_AF_INET, NET_AF_INET6, 0 when unset */
	uint8_t	a[16];		/* network byte order */
};

struct net_prefix {
	struct net_addr	addr;	/* host bits are zero after net_prefix_parse */
	uint8_t		len;	/* 0..32 or 0..128 */
};

/* Parse a dotted quad or an RFC 4291 text address.  0 or -1. */
int	 net_addr_parse(const char *s, struct net_addr *out);
/* "a.b.c.d/n", "x::/n", or a bare address (host prefix).  Host bits set in
 * the input are cleared; *had_host_bits tells (may be NULL).  0 or -1. */
int	 net_prefix_parse(const char *s, struct net_prefix *out,
	    bool *had_host_bits);
/* Text form into buf (NET_ADDR_STRLEN); returns buf. */
const char *net_addr_str(const struct net_addr *, char *buf);
const char *net_prefix_str(const struct net_prefix *, char *buf);
int	 net_addr_cmp(const struct net_addr *, const struct net_addr *);
bool	 net_addr_eq(const struct net_addr *, const struct net_addr *);
bool	 net_prefix_contains(const struct net_prefix *, const struct net_addr *);
/* Does prefix a contain prefix b entirely? */
bool	 net_prefix_covers(const struct net_prefix *a,
	    const struct net_prefix *b);
bool	 net_prefix_overlaps(const struct net_prefix *,
	    const struct net_prefix *);
/* Build from raw bytes (IPv4: 4 bytes, IPv6: 16). */
void	 net_addr_from4(struct net_addr *, const uint8_t b[4]);
void	 net_addr_from6(struct net_addr *, const uint8_t b[16]);
uint32_t net_addr_v4(const struct net_addr *);	/* host order */
void	 net_addr_set_v4(struct net_addr *, uint32_t host_order);
/* Width in bits of the family: 32 or 128. */
int	 net_family_bits(uint8_t family);
/* Is this the default route (0.0.0.0/0 or ::/0)? */
bool	 net_prefix_is_default(const struct net_prefix *);

#endif /* ERW_NET_H */
