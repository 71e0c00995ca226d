/*
 * IPv4/IPv6 address and prefix parsing, formatting and comparison.
 * Text conversion goes through inet_pton/inet_ntop, which implement the
 * RFC 4291 / RFC 5952 forms exactly.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"

/*
 * Dotted-quad IPv4, accepting exactly what glibc's inet_pton(AF_INET)
 * accepts (four decimal octets of at most 255, no leading zero, nothing
 * else), without its per-call overhead: batch modes parse millions.
 */
static int
parse_v4(const char *s, uint8_t out[4])
{
	unsigned octets = 0, v = 0;
	bool digit = false;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9') {
			if (digit && v == 0)
				return -1;	/* leading zero */
			v = v * 10 + (unsigned)(*s - '0');
			if (v > 255)
				return -1;
			if (!digit) {
				if (++octets > 4)
					return -1;
				digit = true;
			}
		} else if (*s == '.' && digit) {
			if (octets == 4)
				return -1;
			out[octets - 1] = (uint8_t)v;
			v = 0;
			digit = false;
		} else
			return -1;
	}
	if (octets < 4 || !digit)
		return -1;
	out[3] = (uint8_t)v;
	return 0;
}

int
net_addr_parse(const char *s, struct net_addr *out)
{
	memset(out, 0, sizeof(*out));
	/* A dotted quad first: it has no ':', so trying it costs no scan of
	 * the whole text, and a text it refuses is IPv6 or nothing. */
	if (parse_v4(s, out->a) == 0) {
		out->family = NET_AF_INET;
		return 0;
	}
	memset(out->a, 0, sizeof(out->a));
	if (strchr(s, ':') == NULL || inet_pton(AF_INET6, s, out->a) != 1) {
		memset(out->a, 0, sizeof(out->a));
		return -1;
	}
	out->family = NET_AF_INET6;
	return 0;
}

static void
prefix_mask(struct net_addr *a, unsigned len, bool *had_host_bits)
{
	unsigned bits = (unsigned)net_family_bits(a->family), i;

	for (i = len; i < bits; i++) {
		uint8_t bit = (uint8_t)(0x80 >> (i % 8));
		if (a->a[i / 8] & bit) {
			if (had_host_bits != NULL)
				*had_host_bits = true;
			a->a[i / 8] &= (uint8_t)~bit;
		}
	}
}

int
net_prefix_parse(const char *s, struct net_prefix *out, bool *had_host_bits)
{
	char buf[NET_PREFIX_STRLEN + 8], *slash, *end;
	unsigned long len;
	size_t n = strlen(s);

	if (had_host_bits != NULL)
		*had_host_bits = false;
	memset(out, 0, sizeof(*out));
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n + 1);
	if ((slash = strchr(buf, '/')) != NULL)
		*slash = '\0';
	if (net_addr_parse(buf, &out->addr) == -1)
		return -1;
	if (slash == NULL) {
		out->len = (uint8_t)net_family_bits(out->addr.family);
		return 0;
	}
	if (slash[1] < '0' || slash[1] > '9')
		return -1;
	len = strtoul(slash + 1, &end, 10);
	if (*end != '\0' || len > (unsigned long)net_family_bits(out->addr.family))
		return -1;
	out->len = (uint8_t)len;
	prefix_mask(&out->addr, out->len, had_host_bits);
	return 0;
}

/* Decimal digits of v (0..255) at p; returns the end.  Batch answers
 * format millions of addresses: this is what inet_ntop() writes for IPv4,
 * without its snprintf. */
static char *
put_u8(char *p, unsigned v)
{
	if (v >= 100)
		*p++ = (char)('0' + v / 100);
	if (v >= 10)
		*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

static char *
put_v4(char *p, const uint8_t a[4])
{
	p = put_u8(p, a[0]);
	*p++ = '.';
	p = put_u8(p, a[1]);
	*p++ = '.';
	p = put_u8(p, a[2]);
	*p++ = '.';
	p = put_u8(p, a[3]);
	*p = '\0';
	return p;
}

const char *
net_addr_str(const struct net_addr *a, char *buf)
{
	if (a->family == NET_AF_INET6)
		inet_ntop(AF_INET6, a->a, buf, NET_ADDR_STRLEN);
	else if (a->family == NET_AF_INET)
		put_v4(buf, a->a);
	else
		strcpy(buf, "-");
	return buf;
}

const char *
net_prefix_str(const struct net_prefix *p, char *buf)
{
	char *e;

	if (p->addr.family != NET_AF_INET || p->len > 32) {
		char a[NET_ADDR_STRLEN];

		snprintf(buf, NET_PREFIX_STRLEN, "%s/%u",
		    net_addr_str(&p->addr, a), p->len);
		return buf;
	}
	e = put_v4(buf, p->addr.a);
	*e++ = '/';
	put_u8(e, p->len)[0] = '\0';
	return buf;
}

int
net_addr_cmp(const struct net_addr *x, const struct net_addr *y)
{
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	return memcmp(x->a, y->a, x->family == NET_AF_INET ? 4 : 16);
}

bool
net_addr_eq(const struct net_addr *x, const struct net_addr *y)
{
	return net_addr_cmp(x, y) == 0;
}

static bool
bits_equal(const uint8_t *x, const uint8_t *y, unsigned len)
{
	unsigned full = len / 8, rest = len % 8;

	if (memcmp(x, y, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((x[full] ^ y[full]) & (uint8_t)(0xff << (8 - rest))) == 0;
}

bool
net_prefix_contains(const struct net_prefix *p, const struct net_addr *a)
{
	if (p->addr.family != a->family)
		return false;
	return bits_equal(p->addr.a, a->a, p->len);
}

bool
net_prefix_covers(const struct net_prefix *a, const struct net_prefix *b)
{
	if (a->addr.family != b->addr.family || a->len > b->len)
		return false;
	return bits_equal(a->addr.a, b->addr.a, a->len);
}

bool
net_prefix_overlaps(const struct net_prefix *a, const struct net_prefix *b)
{
	return net_prefix_covers(a, b) || net_prefix_covers(b, a);
}

void
net_addr_from4(struct net_addr *a, const uint8_t b[4])
{
	memset(a, 0, sizeof(*a));
	a->family = NET_AF_INET;
	memcpy(a->a, b, 4);
}

void
net_addr_from6(struct net_addr *a, const uint8_t b[16])
{
	a->family = NET_AF_INET6;
	memcpy(a->a, b, 16);
}

uint32_t
net_addr_v4(const struct net_addr *a)
{
	return (uint32_t)a->a[0] << 24 | (uint32_t)a->a[1] << 16 |
	    (uint32_t)a->a[2] << 8 | a->a[3];
}

void
net_addr_set_v4(struct net_addr *a, uint32_t v)
{
	memset(a, 0, sizeof(*a));
	a->family = NET_AF_INET;
	a->a[0] = (uint8_t)(v >> 24);
	a->a[1] = (uint8_t)(v >> 16);
	a->a[2] = (uint8_t)(v >> 8);
	a->a[3] = (uint8_t)v;
}

int
net_family_bits(uint8_t family)
{
	return family == NET_AF_INET6 ? 128 : 32;
}

bool
net_prefix_is_default(const struct net_prefix *p)
{
	return p->len == 0 && p->addr.family != NET_AF_NONE;
}
