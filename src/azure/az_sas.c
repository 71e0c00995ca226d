/*
 * Reading a SAS URL.  The URL is split by hand, not by a URL library: the
 * grammar needed is small (scheme://host/path?query), and a library would
 * want to keep the whole string, signature included, in its own copies.
 * Every byte goes through the bounds of the (pointer, length) pair; no
 * error message quotes a value, since any of them may be the signature.
 */
#include <stddef.h>
#include <string.h>

#include "az_sas.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decode s[0..n) into dst (at most len - 1 bytes, NUL-terminated;
 * longer values are cut: no parameter that matters is long, and the
 * signature is only measured).  Returns the decoded length, or -1 with
 * *bad the offset of a bad escape.  '+' stays '+': in a SAS it is part of
 * the base64 signature, not a space.
 */
static long
decode(const char *s, size_t n, char *dst, size_t len, size_t *bad)
{
	size_t i, k = 0;
	int hi, lo;
	char c;

	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == '%') {
			if (i + 2 >= n || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0) {
				*bad = i;
				return -1;
			}
			c = (char)(hi * 16 + lo);
			i += 2;
		}
		if (dst != NULL && k + 1 < len)
			dst[k] = c;
		k++;
	}
	if (dst != NULL && len > 0)
		dst[k < len ? k : len - 1] = '\0';
	return (long)k;
}

struct param {
	const char	*name;
	size_t		 off;	/* of the char array in struct az_sas */
	size_t		 size;
};

#define P(n)	{ #n, offsetof(struct az_sas, n), sizeof(((struct az_sas *)0)->n) }

static const struct param params[] = {
	P(sv), P(ss), P(srt), P(sp), P(sr), P(spr), P(sip), P(si),
};

/* Parameters with a meaning that erwatch does not judge. */
static const char *const known_other[] = {
	"sdd", "ses", "rscc", "rscd", "rsce", "rscl", "rsct", "skoid",
	"sktid", "skt", "ske", "sks", "skv", "saoid", "suoid", "scid",
	"tn", "spk", "srk", "epk", "erk", "api-version", "comp",
	"restype", "timeout", "sduoid",
};

static bool
name_is(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(s, name, n) == 0;
}

static int
one_param(struct az_sas *out, const char *k, size_t kn, const char *v,
    size_t vn, size_t at, struct err *e)
{
	char *dst, tbuf[64];
	size_t i, bad = 0;
	long dl;

	out->nparams++;
	if (name_is(k, kn, "sig")) {
		if (out->has_sig)
			str_copy(out->duplicate, "sig", sizeof(out->duplicate));
		if ((dl = decode(v, vn, NULL, 0, &bad)) < 0)
			goto bad_escape;
		out->has_sig = dl > 0;
		out->sig_len = (size_t)dl;
		return 0;
	}
	if (name_is(k, kn, "st") || name_is(k, kn, "se")) {
		bool start = k[1] == 't';

		if ((start && out->has_st) || (!start && out->has_se))
			str_copy(out->duplicate, start ? "st" : "se",
			    sizeof(out->duplicate));
		if ((dl = decode(v, vn, tbuf, sizeof(tbuf), &bad)) < 0)
			goto bad_escape;
		str_copy(start ? out->st_text : out->se_text, tbuf,
		    sizeof(out->st_text));
		if (start) {
			out->has_st = true;
			out->st_bad = (size_t)dl >= sizeof(tbuf) ||
			    time_parse_iso(tbuf, (size_t)dl, &out->st) == -1;
		} else {
			out->has_se = true;
			out->se_bad = (size_t)dl >= sizeof(tbuf) ||
			    time_parse_iso(tbuf, (size_t)dl, &out->se) == -1;
		}
		return 0;
	}
	for (i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		if (!name_is(k, kn, params[i].name))
			continue;
		dst = (char *)out + params[i].off;
		if (dst[0] != '\0')
			str_copy(out->duplicate, params[i].name,
			    sizeof(out->duplicate));
		if (decode(v, vn, dst, params[i].size, &bad) < 0)
			goto bad_escape;
		return 0;
	}
	if (name_is(k, kn, "skoid"))
		out->user_delegation = true;
	for (i = 0; i < sizeof(known_other) / sizeof(known_other[0]); i++)
		if (name_is(k, kn, known_other[i]))
			return 0;
	out->nunknown++;
	return 0;
bad_escape:
	ERR(e, ERR_INPUT, "bad percent escape in the value of a parameter");
	/* the column of the '%': after "name=" */
	err_at(e, NULL, 0, at + kn + 1 + bad + 1, 0);
	return -1;
}

/* scheme://host/container/blob?, filling out; returns the query's offset
 * (after '?') or -1. */
static long
url_part(const char *s, size_t n, struct az_sas *out, struct err *e)
{
	const char *q = memchr(s, '?', n);
	size_t qi = q != NULL ? (size_t)(q - s) : n, i, h, p;
	const char *dot;

	for (i = 0; i < qi && s[i] != ':' && s[i] != '/'; i++)
		;
	if (i + 2 >= qi || s[i] != ':' || s[i + 1] != '/' || s[i + 2] != '/')
		return q != NULL ? (long)qi + 1 : 0;	/* no URL: a query */
	if (q == NULL)
		return ERR(e, ERR_INPUT, "a URL without a query: no SAS "
		    "parameters (sv=..., sig=...)");
	out->has_url = true;
	if (i >= sizeof(out->scheme))
		i = sizeof(out->scheme) - 1;
	memcpy(out->scheme, s, i);
	out->scheme[i] = '\0';
	for (p = 0; out->scheme[p] != '\0'; p++)
		if (out->scheme[p] >= 'A' && out->scheme[p] <= 'Z')
			out->scheme[p] = (char)(out->scheme[p] - 'A' + 'a');
	h = i + 3;
	for (p = h; p < qi && s[p] != '/'; p++)
		;
	str_copy(out->host, "", sizeof(out->host));
	if (p - h < sizeof(out->host)) {
		memcpy(out->host, s + h, p - h);
		out->host[p - h] = '\0';
	}
	if ((dot = memchr(out->host, '.', strlen(out->host))) != NULL) {
		size_t al = (size_t)(dot - out->host);

		if (al < sizeof(out->account)) {
			memcpy(out->account, out->host, al);
			out->account[al] = '\0';
		}
		{
			const char *svc = dot + 1, *d2 = strchr(svc, '.');

			if (d2 != NULL && (size_t)(d2 - svc) <
			    sizeof(out->service) &&
			    strstr(d2, ".core.") != NULL) {
				memcpy(out->service, svc, (size_t)(d2 - svc));
				out->service[d2 - svc] = '\0';
			}
		}
	}
	if (p < qi) {
		size_t c = p + 1, ce;

		for (ce = c; ce < qi && s[ce] != '/'; ce++)
			;
		if (ce - c < sizeof(out->container)) {
			memcpy(out->container, s + c, ce - c);
			out->container[ce - c] = '\0';
		}
		if (ce + 1 < qi && qi - ce - 1 < sizeof(out->blob)) {
			memcpy(out->blob, s + ce + 1, qi - ce - 1);
			out->blob[qi - ce - 1] = '\0';
		}
	}
	return (long)qi + 1;
}

int
az_sas_parse(const char *s, size_t n, struct az_sas *out, struct err *e)
{
	size_t i, b, eq, lead = 0;
	long q;

	memset(out, 0, sizeof(*out));
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
	    s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
		lead++;
	s += lead;
	n -= lead;
	if (n == 0)
		return ERR(e, ERR_INPUT, "no SAS URL given (empty input)");
	if (n > AZ_SAS_MAX_LEN)
		return ERR(e, ERR_INPUT, "%zu bytes is no SAS URL (limit %d)",
		    n, AZ_SAS_MAX_LEN);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e) {
			ERR(e, ERR_INPUT, "a SAS URL has no blanks or control "
			    "characters: byte 0x%02x", (unsigned char)s[i]);
			err_at(e, NULL, 0, lead + i + 1, 0);
			return -1;
		}
	if ((q = url_part(s, n, out, e)) < 0)
		return -1;
	for (b = (size_t)q; b < n; b = i + 1) {
		for (i = b; i < n && s[i] != '&'; i++)
			;
		if (i == b)
			continue;
		for (eq = b; eq < i && s[eq] != '='; eq++)
			;
		if (one_param(out, s + b, eq - b, eq < i ? s + eq + 1 : s + i,
		    eq < i ? i - eq - 1 : 0, lead + b, e) == -1)
			return -1;
	}
	if (out->sv[0] == '\0' && !out->has_sig && out->sp[0] == '\0' &&
	    !out->has_se)
		return ERR(e, ERR_INPUT, "no SAS parameters (sv, sp, se, sig) "
		    "in the query");
	return 0;
}
