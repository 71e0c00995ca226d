/*
 * Log timestamps.  Routers stamp lines in many ways, and most leave out
 * the year, many the zone:
 *	*Mar  5 09:13:12.345: %BGP-5-ADJCHANGE ...		IOS (no year)
 *	Mar 5 2024 09:13:12.345 UTC: ...			IOS, "year"
 *	2024 Mar  5 09:13:12 nx1 %BGP-5-ADJCHANGE ...		NX-OS
 *	RP/0/RSP0/CPU0:Mar  5 09:13:12.345 UTC: bgp[1052]: ...	IOS-XR
 *	Mar  5 09:13:12  mx1 rpd[1234]: ...			Junos, syslog
 *	2024-03-05T09:13:12.345+01:00 host ...			RFC 5424
 *	2026/12/07 09:15:01 BGP: ...				FRR log file
 *	2026-12-07 09:15:00.395 <INFO> ...			BIRD 2 log
 *	05-03-2024 09:13:12 <RMT> ...				BIRD 1.6 log
 *	[12345.678901] TCP: MD5 Hash failed ...			dmesg (uptime)
 * A missing year comes from the context (--year), else from another line
 * of the same file that has one, else it is this year (and said so); a
 * missing zone likewise (--tz, the file, else UTC).  A log that runs over
 * New Year without years (Dec then Jan) moves to the next year.
 */
#include <string.h>

#include "router_int.h"

static const char *const months[12] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

/* Zone words seen in router clocks; anything else is not a zone. */
static const struct {
	const char	*name;
	int		 min;
} zones[] = {
	{ "UTC", 0 }, { "GMT", 0 }, { "Z", 0 }, { "WET", 0 }, { "BST", 60 },
	{ "CET", 60 }, { "CEST", 120 }, { "EET", 120 }, { "EEST", 180 },
	{ "MSK", 180 }, { "IST", 330 }, { "SGT", 480 }, { "JST", 540 },
	{ "AEST", 600 }, { "AEDT", 660 }, { "EST", -300 }, { "EDT", -240 },
	{ "CST", -360 }, { "CDT", -300 }, { "MST", -420 }, { "MDT", -360 },
	{ "PST", -480 }, { "PDT", -420 },
};

/* A cursor over one line. */
struct tc {
	const char	*s;
	size_t		 n, i;
};

static bool
digit(const struct tc *c, size_t at)
{
	return at < c->n && c->s[at] >= '0' && c->s[at] <= '9';
}

/* Exactly w digits (w > 0) or 1..max when w == 0. */
static int
num(struct tc *c, int w, int max, int *out)
{
	size_t b = c->i;
	int v = 0;

	while (digit(c, c->i) && (w == 0 ? (int)(c->i - b) < max :
	    (int)(c->i - b) < w))
		v = v * 10 + (c->s[c->i++] - '0');
	if (c->i == b || (w > 0 && (int)(c->i - b) != w)) {
		c->i = b;
		return -1;
	}
	*out = v;
	return 0;
}

static bool
ch(struct tc *c, char x)
{
	if (c->i < c->n && c->s[c->i] == x) {
		c->i++;
		return true;
	}
	return false;
}

static void
blanks(struct tc *c)
{
	while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t'))
		c->i++;
}

static int
month(struct tc *c)
{
	int m;

	if (c->n - c->i < 3)
		return -1;
	for (m = 0; m < 12; m++)
		if (rstarts(c->s + c->i, c->n - c->i, months[m]))
			break;
	if (m == 12)
		return -1;
	c->i += 3;
	/* "March", "Sept": the rest of the word */
	while (c->i < c->n && ((c->s[c->i] >= 'a' && c->s[c->i] <= 'z') ||
	    (c->s[c->i] >= 'A' && c->s[c->i] <= 'Z')))
		c->i++;
	return m + 1;
}

/* HH:MM:SS[.frac] */
static int
clock(struct tc *c, struct rstamp *st)
{
	size_t b = c->i;
	int f = 0, digits = 0;

	if (num(c, 0, 2, &st->hour) == -1 || !ch(c, ':') ||
	    num(c, 2, 0, &st->min) == -1 || !ch(c, ':') ||
	    num(c, 2, 0, &st->sec) == -1) {
		c->i = b;
		return -1;
	}
	st->usec = 0;
	if (c->i + 1 < c->n && (c->s[c->i] == '.' || c->s[c->i] == ',') &&
	    digit(c, c->i + 1)) {
		c->i++;
		while (digit(c, c->i)) {
			if (digits < 6) {
				f = f * 10 + (c->s[c->i] - '0');
				digits++;
			}
			c->i++;
		}
		while (digits < 6) {
			f *= 10;
			digits++;
		}
		st->usec = f;
	}
	if (st->hour > 23 || st->min > 59 || st->sec > 60) {
		c->i = b;
		return -1;
	}
	return 0;
}

/* "Z", "+01:00", "+0100", " UTC", " +0100" after a clock. */
static void
zone(struct tc *c, struct rstamp *st)
{
	size_t b = c->i, k;
	int h, m = 0;

	if (ch(c, 'Z')) {
		st->has_zone = true;
		st->zone_min = 0;
		return;
	}
	blanks(c);
	if (c->i < c->n && (c->s[c->i] == '+' || c->s[c->i] == '-')) {
		int sign = c->s[c->i] == '-' ? -1 : 1;

		c->i++;
		if (num(c, 2, 0, &h) == 0) {
			(void)ch(c, ':');
			(void)num(c, 2, 0, &m);
			if (h <= 14 && m < 60) {
				st->has_zone = true;
				st->zone_min = sign * (h * 60 + m);
				return;
			}
		}
		c->i = b;
		return;
	}
	for (k = 0; k < sizeof(zones) / sizeof(zones[0]); k++) {
		size_t zl = strlen(zones[k].name);

		if (c->n - c->i >= zl && memcmp(c->s + c->i, zones[k].name,
		    zl) == 0 && (c->i + zl == c->n || c->s[c->i + zl] == ' ' ||
		    c->s[c->i + zl] == ':' || c->s[c->i + zl] == ']')) {
			c->i += zl;
			st->has_zone = true;
			st->zone_min = zones[k].min;
			return;
		}
	}
	c->i = b;
}

static bool
valid_date(const struct rstamp *st)
{
	return st->mon >= 1 && st->mon <= 12 && st->day >= 1 &&
	    st->day <= 31 && (st->year == 0 || (st->year >= 1970 &&
	    st->year <= 9999));
}

/* One stamp at c (no prefixes).  0 with *st filled, or -1. */
static int
stamp_at(struct tc *c, struct rstamp *st)
{
	size_t b = c->i;
	int a, x;

	memset(st, 0, sizeof(*st));
	/* YYYY-MM-DD[T ]clock, YYYY/MM/DD clock */
	if (num(c, 4, 0, &a) == 0) {
		if ((ch(c, '-') || ch(c, '/')) && num(c, 2, 0, &st->mon) == 0 &&
		    (ch(c, '-') || ch(c, '/')) && num(c, 2, 0, &st->day) == 0 &&
		    (ch(c, 'T') || ch(c, ' '))) {
			blanks(c);
			st->year = a;
			if (clock(c, st) == 0 && valid_date(st)) {
				zone(c, st);
				return 0;
			}
		}
		c->i = b;
		/* NX-OS, XR 7: "2024 Mar  5 09:13:12" */
		if (num(c, 4, 0, &a) == 0 && ch(c, ' ')) {
			blanks(c);
			if ((st->mon = month(c)) > 0) {
				blanks(c);
				if (num(c, 0, 2, &st->day) == 0) {
					blanks(c);
					st->year = a;
					if (clock(c, st) == 0 &&
					    valid_date(st)) {
						zone(c, st);
						return 0;
					}
				}
			}
		}
		c->i = b;
		memset(st, 0, sizeof(*st));
	}
	/* BIRD 1.6: DD-MM-YYYY clock */
	if (num(c, 2, 0, &st->day) == 0 && ch(c, '-') &&
	    num(c, 2, 0, &st->mon) == 0 && ch(c, '-') &&
	    num(c, 4, 0, &st->year) == 0 && ch(c, ' ')) {
		blanks(c);
		if (clock(c, st) == 0 && valid_date(st)) {
			zone(c, st);
			return 0;
		}
	}
	c->i = b;
	memset(st, 0, sizeof(*st));
	/* Mon DD [YYYY] clock [zone]; "Tue Mar  5 ..." (show clock) */
	if (c->n - c->i > 4 && c->s[c->i + 3] == ' ') {
		static const char *const days[] = {
			"mon ", "tue ", "wed ", "thu ", "fri ", "sat ", "sun "
		};
		size_t k;

		for (k = 0; k < 7; k++)
			if (rstarts(c->s + c->i, c->n - c->i, days[k])) {
				c->i += 4;
				blanks(c);
				break;
			}
	}
	if ((st->mon = month(c)) > 0) {
		blanks(c);
		if (num(c, 0, 2, &st->day) == 0) {
			blanks(c);
			if (num(c, 4, 0, &x) == 0) {
				st->year = x;
				blanks(c);
			}
			if (clock(c, st) == 0 && valid_date(st)) {
				zone(c, st);
				/* "09:13:12 UTC 2024" is rare; "Mar 5
				 * 09:13:12 2024" (ctime order) is seen */
				if (st->year == 0) {
					size_t y0 = c->i;

					blanks(c);
					if (num(c, 4, 0, &x) == 0 &&
					    x >= 1970 && (c->i == c->n ||
					    c->s[c->i] == ' ' ||
					    c->s[c->i] == ':'))
						st->year = x;
					else
						c->i = y0;
				}
				return 0;
			}
		}
	}
	c->i = b;
	memset(st, 0, sizeof(*st));
	return -1;
}

/* Skip PRI "<189>", "000123:", "*", ".", "RP/0/RSP0/CPU0:". */
static void
prefixes(struct tc *c)
{
	size_t b;
	int v;

	blanks(c);
	if (ch(c, '<')) {
		b = c->i;
		if (num(c, 0, 3, &v) == 0 && ch(c, '>'))
			;
		else
			c->i = b - 1;
	}
	b = c->i;
	/* syslog sequence numbers: 9 digits fit an int */
	if (num(c, 0, 9, &v) == 0 && ch(c, ':') && c->i < c->n &&
	    c->s[c->i] == ' ')
		blanks(c);
	else
		c->i = b;
	while (c->i < c->n && (c->s[c->i] == '*' || c->s[c->i] == '.'))
		c->i++;
	if (c->n - c->i > 3 && (rstarts(c->s + c->i, c->n - c->i, "RP/") ||
	    rstarts(c->s + c->i, c->n - c->i, "LC/"))) {
		size_t k = c->i;

		while (k < c->n && c->s[k] != ':' && c->s[k] != ' ')
			k++;
		if (k < c->n && c->s[k] == ':')
			c->i = k + 1;
	}
}

long
rstamp_parse(const char *s, size_t n, struct rstamp *st)
{
	struct tc c = { s, n, 0 };
	struct rstamp inner;
	size_t save;

	prefixes(&c);
	/* dmesg: "[12345.678901] ..." uptime only */
	if (c.i < n && s[c.i] == '[' && digit(&c, c.i + 1)) {
		size_t k = c.i + 1;

		while (k < n && (digit(&c, k) || s[k] == '.' || s[k] == ' '))
			k++;
		if (k < n && s[k] == ']') {
			memset(st, 0, sizeof(*st));
			k++;
			while (k < n && s[k] == ' ')
				k++;
			return (long)k;
		}
	}
	if (stamp_at(&c, st) == -1)
		return -1;
	(void)ch(&c, ':');
	blanks(&c);
	/*
	 * A syslog relay's stamp and host before the router's own stamp
	 * ("Mar  5 09:13:12 rtr1 123: *Mar  5 09:13:12.345 UTC: %BGP..."):
	 * the inner one is the router's; keep it when it says more.
	 */
	save = c.i;
	{
		struct tc h = c;

		while (h.i < n && s[h.i] != ' ' && s[h.i] != ':')
			h.i++;
		blanks(&h);
		prefixes(&h);
		if (stamp_at(&h, &inner) == 0) {
			if (inner.year != 0 || !st->year || inner.has_zone)
				*st = inner;
			(void)ch(&h, ':');
			blanks(&h);
			return (long)h.i;
		}
	}
	c.i = save;
	return (long)c.i;
}

void
rstamp_resolve(struct rparse *rp, const struct rstamp *st,
    struct router_time *out)
{
	const struct router_ctx *ctx = &rp->doc->ctx;
	int year = st->year;
	int64_t days;

	memset(out, 0, sizeof(*out));
	if (st->mon == 0)
		return;			/* uptime stamps: no time */
	if (year != 0)
		out->year_from = ROUTER_TF_LINE;
	else {
		if (ctx->year != 0) {
			year = ctx->year;
			out->year_from = ROUTER_TF_CONTEXT;
		} else if (rp->file_year != 0) {
			year = rp->file_year;
			out->year_from = ROUTER_TF_FILE;
		} else {
			int64_t d = ctx->now / USEC_PER_SEC / 86400;
			int y = 1970;

			/* the year of ctx->now */
			while (time_days_from_civil(y + 1, 1, 1) <= d && y < 9999)
				y++;
			year = y;
			out->year_from = ROUTER_TF_ASSUMED;
		}
		/* Dec -> Jan without years: the log crossed New Year */
		if (rp->last_mon >= 10 && st->mon <= 3)
			rp->year_bump++;
		rp->last_mon = st->mon;
		year += rp->year_bump;
	}
	if (st->has_zone) {
		out->zone_from = ROUTER_TF_LINE;
		out->zone_min = (int16_t)st->zone_min;
	} else if (ctx->has_zone) {
		out->zone_from = ROUTER_TF_CONTEXT;
		out->zone_min = (int16_t)ctx->zone_min;
	} else if (rp->file_has_zone) {
		out->zone_from = ROUTER_TF_FILE;
		out->zone_min = (int16_t)rp->file_zone_min;
	} else
		out->zone_from = ROUTER_TF_ASSUMED;
	days = time_days_from_civil(year, st->mon, st->day);
	out->t = ((days * 86400 + st->hour * 3600 + st->min * 60 + st->sec -
	    (int64_t)out->zone_min * 60) * USEC_PER_SEC) + st->usec;
}
