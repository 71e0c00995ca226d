/*
 * Small text parsers every router parser uses: tokens, case-insensitive
 * search, numbers, addresses as routers print them, and the values every
 * vendor spells its own way: FSM states, AS numbers (asplain and asdot,
 * RFC 5396), uptimes, NOTIFICATION reasons (RFC 4271 6, RFC 4486 for the
 * Cease subcodes).  All take pointer + length and never read past it.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "router_int.h"

/* ------------------------------------------------------------------ */
/* Tokens and search                                                   */
/* ------------------------------------------------------------------ */

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

size_t
rtok_split(const char *s, size_t n, struct rtok *out, size_t max)
{
	size_t i = 0, k = 0, b;

	while (i < n && k < max) {
		while (i < n && blank(s[i]))
			i++;
		if (i >= n)
			break;
		b = i;
		while (i < n && !blank(s[i]))
			i++;
		out[k].s = s + b;
		out[k].n = i - b;
		k++;
	}
	return k;
}

long
rfind(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle), i, j;

	if (m == 0)
		return 0;
	if (m > n)
		return -1;
	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++)
			if (tolower((unsigned char)s[i + j]) !=
			    tolower((unsigned char)needle[j]))
				break;
		if (j == m)
			return (long)i;
	}
	return -1;
}

bool
rstarts(const char *s, size_t n, const char *prefix)
{
	size_t m = strlen(prefix), j;

	if (m > n)
		return false;
	for (j = 0; j < m; j++)
		if (tolower((unsigned char)s[j]) !=
		    tolower((unsigned char)prefix[j]))
			return false;
	return true;
}

bool
req(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && rstarts(s, n, word);
}

void
rtrim(const char **s, size_t *n)
{
	while (*n > 0 && blank((*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && blank((*s)[*n - 1]))
		(*n)--;
}

int
rparse_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i, digits = 0;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] == ',' && digits > 0)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return -1;
		/* past 2^63 nothing a router prints is meant */
		if (v > (UINT64_MAX >> 1) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
		digits++;
	}
	*out = v;
	return 0;
}

int64_t
rnum_after(const char *s, size_t n, size_t *end)
{
	size_t i = 0, b;
	uint64_t v;

	while (i < n && (s[i] < '0' || s[i] > '9'))
		i++;
	if (i >= n)
		return -1;
	b = i;
	while (i < n && s[i] >= '0' && s[i] <= '9' && i - b < 18)
		i++;
	if (rparse_u64(s + b, i - b, &v) == -1)
		return -1;
	if (end != NULL)
		*end = i;
	return (int64_t)v;
}

uint16_t
rjunos_port(const char *s, size_t n)
{
	const char *plus = memchr(s, '+', n);
	uint64_t v;
	size_t k;

	if (plus == NULL)
		return 0;
	plus++;
	k = n - (size_t)(plus - s);
	while (k > 0 && (plus[k - 1] == ',' || plus[k - 1] == ';'))
		k--;
	if (rparse_u64(plus, k, &v) == -1 || v == 0 || v > 65535)
		return 0;
	return (uint16_t)v;
}

int
raddr_parse(const char *s, size_t n, struct net_addr *out)
{
	char buf[NET_ADDR_STRLEN + 1];
	size_t i;

	rtrim(&s, &n);
	while (n > 0 && (s[n - 1] == ',' || s[n - 1] == ';' ||
	    s[n - 1] == ')' || s[n - 1] == ']'))
		n--;
	while (n > 0 && (s[0] == '(' || s[0] == '['))
		s++, n--;
	/* Junos "10.0.0.2+179", a zone "fe80::1%eth0", "10.0.0.2(Unknown)" */
	for (i = 0; i < n; i++)
		if (s[i] == '+' || s[i] == '%' || s[i] == '(')
			break;
	n = i;
	/* IPv4 "a.b.c.d:port" (XR logs); IPv6 has more than one colon */
	if (n > 0 && memchr(s, '.', n) != NULL) {
		const char *c = memchr(s, ':', n);

		if (c != NULL && memchr(c + 1, ':', n - (size_t)(c + 1 - s)) ==
		    NULL)
			n = (size_t)(c - s);
	}
	if (n == 0 || n > NET_ADDR_STRLEN)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return net_addr_parse(buf, out);
}

void
rcopy(char *dst, size_t len, const char *s, size_t n)
{
	rtrim(&s, &n);
	str_escape_into(dst, len, s, n);
}

void
rvrf(char *dst, size_t len, const char *s, size_t n)
{
	rtrim(&s, &n);
	while (n > 0 && (s[n - 1] == ',' || s[n - 1] == ')' ||
	    s[n - 1] == ':'))
		n--;
	while (n > 0 && s[0] == '(')
		s++, n--;
	if (n == 0 || req(s, n, "global") || req(s, n, "master") ||
	    req(s, n, "default"))
		str_copy(dst, "default", len);
	else
		rcopy(dst, len, s, n);
}

/* ------------------------------------------------------------------ */
/* Catalog names                                                       */
/* ------------------------------------------------------------------ */

static const char *const state_names[] = {
#define X(c, n)	n,
	ROUTER_STATES(X)
#undef X
};
static const char *const event_names[] = {
#define X(c, n)	n,
	ROUTER_EVENTS(X)
#undef X
};
static const char *const vendor_names[] = {
#define X(c, n)	n,
	ROUTER_VENDORS(X)
#undef X
};
static const char *const kind_names[] = {
#define X(c, n)	n,
	ROUTER_KINDS(X)
#undef X
};

const char *
router_state_name(enum router_state s)
{
	return (unsigned)s < ROUTER_ST__COUNT ? state_names[s] : "unknown";
}

const char *
router_event_name(enum router_event_kind k)
{
	return (unsigned)k < ROUTER_EV__COUNT ? event_names[k] : "unknown";
}

const char *
router_vendor_name(enum router_vendor v)
{
	return (unsigned)v < ROUTER_VENDOR__COUNT ? vendor_names[v] :
	    "unknown";
}

const char *
router_kind_name(enum router_kind k)
{
	return (unsigned)k < ROUTER_KIND__COUNT ? kind_names[k] :
	    "unrecognized";
}

const char *
router_encoding_name(enum router_encoding e)
{
	switch (e) {
	case ROUTER_ENC_UTF8_BOM:
		return "utf-8-bom";
	case ROUTER_ENC_UTF16LE:
		return "utf-16le";
	case ROUTER_ENC_UTF16BE:
		return "utf-16be";
	default:
		return "utf-8";
	}
}

/* ------------------------------------------------------------------ */
/* States                                                              */
/* ------------------------------------------------------------------ */

/* Spellings per state; compared ignoring case, on the word alone. */
static const struct {
	const char		*word;
	enum router_state	 st;
} state_words[] = {
	{ "established", ROUTER_ST_ESTABLISHED },
	{ "establ", ROUTER_ST_ESTABLISHED },	/* Junos summary */
	{ "estab", ROUTER_ST_ESTABLISHED },	/* EOS summary */
	{ "idle", ROUTER_ST_IDLE },
	{ "shut", ROUTER_ST_IDLE },		/* NX-OS "Shut (Admin)" */
	{ "connect", ROUTER_ST_CONNECT },
	{ "active", ROUTER_ST_ACTIVE },
	{ "opensent", ROUTER_ST_OPENSENT },
	{ "openconfirm", ROUTER_ST_OPENCONFIRM },
	{ "open_sent", ROUTER_ST_OPENSENT },
	{ "open_confirm", ROUTER_ST_OPENCONFIRM },
	{ "closing", ROUTER_ST_IDLE },		/* NX-OS */
	{ "clearing", ROUTER_ST_IDLE },		/* FRR */
	{ "deleted", ROUTER_ST_IDLE },
};

enum router_state
router_state_parse(const char *s, size_t n, bool *admin_down)
{
	size_t i, w = 0;

	rtrim(&s, &n);
	if (admin_down != NULL)
		*admin_down = false;
	while (w < n && (isalpha((unsigned char)s[w]) || s[w] == '_'))
		w++;
	if (w == 0)
		return ROUTER_ST_UNKNOWN;
	for (i = 0; i < sizeof(state_words) / sizeof(state_words[0]); i++) {
		if (!req(s, w, state_words[i].word))
			continue;
		/* "Idle (Admin)", "Idle(Admin)", "Shut (Admin)", "Idle
		 * (Admin shut)", "Active (Admin)" (Junos) */
		if (admin_down != NULL && (rfind(s + w, n - w, "admin") >= 0 ||
		    req(s, w, "shut")))
			*admin_down = true;
		return state_words[i].st;
	}
	return ROUTER_ST_UNKNOWN;
}

/* ------------------------------------------------------------------ */
/* AS numbers                                                          */
/* ------------------------------------------------------------------ */

int
router_asn_parse(const char *s, size_t n, uint32_t *out)
{
	const char *dot;
	uint64_t hi, lo;

	rtrim(&s, &n);
	while (n > 0 && s[n - 1] == ',')
		n--;
	if (n == 0)
		return -1;
	dot = memchr(s, '.', n);
	if (dot != NULL) {
		size_t a = (size_t)(dot - s);

		if (rparse_u64(s, a, &hi) == -1 ||
		    rparse_u64(dot + 1, n - a - 1, &lo) == -1 ||
		    hi > 65535 || lo > 65535 || memchr(s, ',', n) != NULL)
			return -1;
		*out = (uint32_t)(hi << 16 | lo);
		return 0;
	}
	if (memchr(s, ',', n) != NULL || rparse_u64(s, n, &lo) == -1 ||
	    lo > UINT32_MAX)
		return -1;
	*out = (uint32_t)lo;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Durations                                                           */
/* ------------------------------------------------------------------ */

int64_t
router_duration_parse(const char *s, size_t n)
{
	int64_t total = 0, v, parts[3];
	size_t i = 0, k;
	bool any = false;

	rtrim(&s, &n);
	if (n == 0 || rstarts(s, n, "never"))
		return -1;
	/* unit groups: 3y12w, 1w2d, 2d03h, 1d02h03m, 5m30s */
	while (i < n) {
		size_t b = i;

		while (i < n && s[i] >= '0' && s[i] <= '9' && i - b < 9)
			i++;
		if (i == b || i >= n)
			break;
		v = 0;
		for (k = b; k < i; k++)
			v = v * 10 + (s[k] - '0');
		switch (s[i]) {
		case 'y': v *= 365 * 86400; break;
		case 'w': v *= 7 * 86400; break;
		case 'd': v *= 86400; break;
		case 'h': v *= 3600; break;
		case 'm': v *= 60; break;
		case 's': break;
		default:
			i = b;		/* a clock part follows */
			goto clock;
		}
		total += v;
		any = true;
		i++;
		while (i < n && blank(s[i]))
			i++;
	}
clock:
	if (i >= n)
		return any ? total : -1;
	/* H:MM:SS or MM:SS, possibly after unit groups (Junos) */
	for (k = 0; k < 3; k++) {
		size_t b = i;

		v = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9' && i - b < 9)
			v = v * 10 + (s[i++] - '0');
		if (i == b)
			return -1;
		parts[k] = v;
		if (i >= n || s[i] != ':')
			break;
		i++;
	}
	/* fractions (".123") are dropped; anything else is not a time */
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i != n || k == 0 || k > 2)
		return -1;
	if (k == 1)
		total += parts[0] * 60 + parts[1];
	else
		total += parts[0] * 3600 + parts[1] * 60 + parts[2];
	return total;
}

/* ------------------------------------------------------------------ */
/* NOTIFICATION reasons in words                                       */
/* ------------------------------------------------------------------ */

/*
 * Phrases vendors print for a NOTIFICATION, most specific first (compared
 * as substrings, ignoring case).  Codes: RFC 4271 section 4.5, Cease
 * subcodes RFC 4486 / RFC 8203.
 */
static const struct {
	const char	*phrase;
	int		 code, subcode;
} notif_words[] = {
	{ "maximum number of prefixes", 6, 1 },
	{ "max. no. of prefixes", 6, 1 },
	{ "maximum prefix", 6, 1 },
	{ "prefix limit", 6, 1 },
	{ "administrative shutdown", 6, 2 },
	{ "administratively shutdown", 6, 2 },
	{ "admin shutdown", 6, 2 },
	{ "peer de-configured", 6, 3 },
	{ "peer unconfigured", 6, 3 },
	{ "peer deconfigured", 6, 3 },
	{ "administrative reset", 6, 4 },
	{ "admin reset", 6, 4 },
	{ "connection rejected", 6, 5 },
	{ "other configuration change", 6, 6 },
	{ "connection collision", 6, 7 },
	{ "out of resources", 6, 8 },
	{ "hard reset", 6, 9 },
	{ "bfd down", 6, 10 },
	{ "cease", 6, -1 },
	{ "hold timer expired", 4, 0 },
	{ "hold time expired", 4, 0 },
	{ "holdtimer expired", 4, 0 },
	{ "holdtime expired", 4, 0 },
	{ "bad peer as", 2, 2 },
	{ "peer in wrong as", 2, 2 },
	{ "wrong as", 2, 2 },
	{ "bad bgp identifier", 2, 3 },
	{ "bad bgp id", 2, 3 },
	{ "unsupported optional parameter", 2, 4 },
	{ "unacceptable hold time", 2, 6 },
	{ "unsupported capability", 2, 7 },
	{ "unsupported version", 2, 1 },
	{ "role mismatch", 2, 11 },
	/* OpenBGPD (bgpctl "Last error sent: error in OPEN message, AS
	 * unacceptable") */
	{ "as unacceptable", 2, 2 },
	{ "bgpid invalid", 2, 3 },
	{ "unacceptable holdtime", 2, 6 },
	{ "error in open message", 2, -1 },
	{ "open message error", 2, -1 },
	{ "malformed as_path", 3, 11 },
	{ "malformed attribute list", 3, 1 },
	{ "invalid network field", 3, 10 },
	{ "update message error", 3, -1 },
	{ "connection not synchronized", 1, 1 },
	{ "bad message length", 1, 2 },
	{ "bad message type", 1, 3 },
	{ "message header error", 1, -1 },
	{ "fsm error", 5, -1 },
	{ "finite state machine error", 5, -1 },
	{ "route refresh message error", 7, -1 },
};

int
router_notification_parse(const char *s, size_t n, int *code, int *subcode)
{
	size_t i;

	for (i = 0; i < sizeof(notif_words) / sizeof(notif_words[0]); i++)
		if (rfind(s, n, notif_words[i].phrase) >= 0) {
			*code = notif_words[i].code;
			*subcode = notif_words[i].subcode;
			return 0;
		}
	return -1;
}
