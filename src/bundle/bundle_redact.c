/*
 * Redaction.  Text is read line by line; each line is searched for the
 * places where evidence files carry secrets, and every value found is
 * replaced by its marker, the rest of the line kept byte for byte:
 *  - SAS signatures: "sig=..." in URLs, SharedAccessSignature= in
 *    connection strings;
 *  - storage account keys and connection-string secrets: AccountKey=,
 *    SharedAccessKey=;
 *  - named values in exports: JSON "sharedKey": "...", "authorizationKey",
 *    "accountKey", "primaryKey", connection strings, passwords, secrets,
 *    tokens; the same names as PowerShell Format-List and YAML write them
 *    ("SharedKey : ...", "sharedKey: ...");
 *  - router configurations and outputs: the value after "password"
 *    (neighbor ... password [7] KEY, BIRD password "KEY";), after
 *    "authentication-key", "key-string", "secret", a key chain's
 *    "key 7 KEY", and any Junos "$9$..." string;
 *  - bearer tokens, JWTs, and PEM private key blocks.
 * The markers keep the shapes parsers rely on: a JSON string stays a
 * string, a config line keeps its keyword (the router parser still sees
 * that a password is configured).
 */
#include <ctype.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "bundle.h"

static const char *const kind_names[] = {
#define X(c, n)	n,
	REDACT_KINDS(X)
#undef X
};

const char *
redact_kind_name(enum redact_kind k)
{
	return (unsigned)k < REDACT__COUNT ? kind_names[k] : "secret";
}

void
redact_init(struct redact_ctx *c, const uint8_t key[REDACT_KEY_LEN])
{
	memset(c, 0, sizeof(*c));
	memcpy(c->key, key, REDACT_KEY_LEN);
}

void
redact_release(struct redact_ctx *c)
{
	free(c->v);
	/* the key is a secret of its own */
	memset(c, 0, sizeof(*c));
}

void
redact_marker(const struct redact_ctx *c, enum redact_kind kind,
    const char *s, size_t n, char *buf, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char hex[REDACT_HASH_HEX + 1];
	int i;

	if (HMAC(EVP_sha256(), c->key, REDACT_KEY_LEN,
	    (const unsigned char *)s, n, md, &mdlen) == NULL)
		mdlen = 0;
	for (i = 0; i < REDACT_HASH_HEX / 2; i++)
		snprintf(hex + 2 * i, 3, "%02x", (unsigned)i < mdlen ? md[i] :
		    0);
	snprintf(buf, len, "REDACTED-%s-%s", redact_kind_name(kind), hex);
}

static int
note(struct redact_ctx *c, enum redact_kind kind, const char *file,
    uint32_t line, struct err *e)
{
	struct redaction *nv;
	size_t ncap;

	if (c->n >= LIMIT_REDACTIONS) {
		c->dropped++;
		return 0;
	}
	if (c->n == c->cap) {
		ncap = c->cap ? c->cap * 2 : 64;
		if ((nv = erw_realloc(c->v, ncap * sizeof(*nv))) == NULL)
			return ERR(e, ERR_NOMEM, "cannot list the redactions");
		c->v = nv;
		c->cap = ncap;
	}
	c->v[c->n].kind = kind;
	str_copy(c->v[c->n].file, file, sizeof(c->v[c->n].file));
	c->v[c->n].line = line;
	c->n++;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Matchers: each finds the first secret at or after `from` in l[0..n)  */
/* ------------------------------------------------------------------ */

struct hit {
	size_t			 vs, ve;	/* the value */
	enum redact_kind	 kind;
};

static long
find_ci(const char *s, size_t n, size_t from, const char *w)
{
	size_t m = strlen(w), i, j;

	for (i = from; i + m <= n; i++) {
		for (j = 0; j < m; j++)
			if (tolower((unsigned char)s[i + j]) !=
			    tolower((unsigned char)w[j]))
				break;
		if (j == m)
			return (long)i;
	}
	return -1;
}

static bool
is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_';
}

/* Characters that end a value in a URL or connection string. */
static bool
url_end(char c)
{
	return c == '&' || c == '"' || c == '\'' || c == ' ' || c == '\t' ||
	    c == '<' || c == '>' || c == '\\' || c == ';' || c == ',' ||
	    c == ')' || c == ']' || c == '}' || c == '\r';
}

static bool
better(const struct hit *h, const struct hit *best, bool have)
{
	return !have || h->vs < best->vs;
}

/* sig=, AccountKey=, SharedAccessKey=, SharedAccessSignature=. */
static bool
m_assign(const char *l, size_t n, size_t from, struct hit *out)
{
	static const struct {
		const char		*word;
		enum redact_kind	 kind;
		bool			 ci;
	} words[] = {
		{ "SharedAccessSignature=", REDACT_SAS_SIGNATURE, true },
		{ "AccountKey=", REDACT_ACCOUNT_KEY, true },
		{ "SharedAccessKey=", REDACT_CONNECTION_STRING, true },
		{ "sig=", REDACT_SAS_SIGNATURE, false },
	};
	struct hit h = { 0, 0, 0 }, best = { 0, 0, 0 };
	bool have = false;
	size_t i, e;
	long at;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		at = find_ci(l, n, from, words[i].word);
		while (at >= 0 && !words[i].ci &&
		    (memcmp(l + at, words[i].word, strlen(words[i].word)) ||
		    (at > 0 && is_word_char(l[at - 1]))))
			at = find_ci(l, n, (size_t)at + 1, words[i].word);
		if (at < 0)
			continue;
		h.vs = (size_t)at + strlen(words[i].word);
		for (e = h.vs; e < n && !url_end(l[e]); e++)
			;
		/* the whole SAS token runs to the next ';' (it has '&'s) */
		if (words[i].kind == REDACT_SAS_SIGNATURE && words[i].ci)
			for (e = h.vs; e < n && l[e] != ';' && l[e] != '"' &&
			    l[e] != '\'' && l[e] != ' '; e++)
				;
		h.ve = e;
		h.kind = words[i].kind;
		if (h.ve > h.vs && better(&h, &best, have)) {
			best = h;
			have = true;
		}
	}
	if (have)
		*out = best;
	return have;
}

/* Names whose values are secrets in JSON, PowerShell and YAML exports. */
static const struct {
	const char		*name;
	enum redact_kind	 kind;
} secret_names[] = {
	{ "sharedKey", REDACT_SHARED_KEY },
	{ "authorizationKey", REDACT_AUTHORIZATION_KEY },
	{ "accountKey", REDACT_ACCOUNT_KEY },
	{ "storageAccountKey", REDACT_ACCOUNT_KEY },
	{ "primaryKey", REDACT_ACCOUNT_KEY },
	{ "secondaryKey", REDACT_ACCOUNT_KEY },
	{ "key1", REDACT_ACCOUNT_KEY },
	{ "key2", REDACT_ACCOUNT_KEY },
	{ "connectionString", REDACT_CONNECTION_STRING },
	{ "primaryConnectionString", REDACT_CONNECTION_STRING },
	{ "secondaryConnectionString", REDACT_CONNECTION_STRING },
	{ "password", REDACT_PASSWORD },
	{ "adminPassword", REDACT_PASSWORD },
	{ "clientSecret", REDACT_PASSWORD },
	{ "secret", REDACT_PASSWORD },
	{ "md5Key", REDACT_MD5_KEY },
	{ "bgpPassword", REDACT_MD5_KEY },
	{ "accessToken", REDACT_BEARER },
	{ "refreshToken", REDACT_BEARER },
	{ "sasToken", REDACT_SAS_SIGNATURE },
	{ "sasUrl", REDACT_SAS_SIGNATURE },
	{ "storageSasToken", REDACT_SAS_SIGNATURE },
};

static int
secret_name(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(secret_names) / sizeof(secret_names[0]); i++)
		if (strlen(secret_names[i].name) == n &&
		    strncasecmp(secret_names[i].name, s, n) == 0)
			return (int)i;
	return -1;
}

/* Values that say a secret exists without being it. */
static bool
placeholder(const char *s, size_t n)
{
	static const char *const words[] = {
		"null", "none", "configured", "enabled", "disabled", "set",
		"required", "not", "no", "yes", "true", "false", "", "{}",
		"$null",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && strncasecmp(words[i], s, n) == 0)
			return true;
	return strncmp(s, "REDACTED-", n < 9 ? n : 9) == 0 && n >= 9;
}

/* JSON "name": "value" (value as a JSON string, escapes skipped). */
static bool
m_json(const char *l, size_t n, size_t from, struct hit *out)
{
	size_t i, ns, ne, v;
	int k;

	for (i = from; i < n; i++) {
		if (l[i] != '"')
			continue;
		ns = i + 1;
		for (ne = ns; ne < n && l[ne] != '"' && l[ne] != '\\'; ne++)
			;
		if (ne >= n || l[ne] != '"') {
			i = ne;
			continue;
		}
		if ((k = secret_name(l + ns, ne - ns)) < 0) {
			i = ne;
			continue;
		}
		for (v = ne + 1; v < n && (l[v] == ' ' || l[v] == '\t'); v++)
			;
		if (v >= n || l[v] != ':') {
			i = ne;
			continue;
		}
		for (v++; v < n && (l[v] == ' ' || l[v] == '\t'); v++)
			;
		if (v >= n || l[v] != '"') {
			i = ne;
			continue;
		}
		out->vs = ++v;
		while (v < n && l[v] != '"') {
			if (l[v] == '\\' && v + 1 < n)
				v++;
			v++;
		}
		out->ve = v;
		out->kind = secret_names[k].kind;
		if (placeholder(l + out->vs, out->ve - out->vs)) {
			i = v;
			continue;
		}
		return true;
	}
	return false;
}

/* PowerShell Format-List "Name : value" and YAML "name: value": the name
 * first on the line, the value to its end. */
static bool
m_listing(const char *l, size_t n, size_t from, struct hit *out)
{
	size_t i = 0, ns, ne, v, e;
	int k;

	if (from > 0)
		return false;
	while (i < n && (l[i] == ' ' || l[i] == '\t' || l[i] == '-'))
		i++;
	ns = i;
	while (i < n && (isalnum((unsigned char)l[i]) || l[i] == '_'))
		i++;
	ne = i;
	if ((k = secret_name(l + ns, ne - ns)) < 0)
		return false;
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	if (i >= n || l[i] != ':')
		return false;
	for (v = i + 1; v < n && (l[v] == ' ' || l[v] == '\t'); v++)
		;
	for (e = n; e > v && (l[e - 1] == ' ' || l[e - 1] == '\r' ||
	    l[e - 1] == '\t'); e--)
		;
	/* a YAML value in quotes: redact inside them */
	if (e - v >= 2 && (l[v] == '"' || l[v] == '\'') && l[e - 1] == l[v]) {
		v++;
		e--;
	}
	if (e <= v || placeholder(l + v, e - v))
		return false;
	out->vs = v;
	out->ve = e;
	out->kind = secret_names[k].kind;
	return true;
}

/* Router configuration keywords followed by a secret. */
static bool
m_config(const char *l, size_t n, size_t from, struct hit *out)
{
	static const char *const words[] = {
		"password", "authentication-key", "key-string", "secret",
		"encrypted-password", "tcp-md5-signature",
	};
	size_t i, v, e, best_vs = SIZE_MAX;
	bool neighbor = find_ci(l, n, 0, "neighbor") >= 0 ||
	    find_ci(l, n, 0, "bgp") >= 0;
	long at;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		for (at = find_ci(l, n, from, words[i]); at >= 0;
		    at = find_ci(l, n, (size_t)at + 1, words[i])) {
			size_t w = (size_t)at + strlen(words[i]);

			/* whole words only */
			if ((at > 0 && is_word_char(l[at - 1])) ||
			    (w < n && is_word_char(l[w])))
				continue;
			for (v = w; v < n && (l[v] == ' ' || l[v] == '\t');
			    v++)
				;
			if (v == w || v >= n)
				continue;	/* "password:" is m_listing's */
			/* an encryption type before the value */
			for (e = v; e < n && l[e] != ' ' && l[e] != '\t'; e++)
				;
			if (e < n && ((e - v == 1 &&
			    isdigit((unsigned char)l[v])) ||
			    (e - v == 9 && strncasecmp(l + v, "encrypted",
			    9) == 0) || (e - v == 5 && strncasecmp(l + v,
			    "clear", 5) == 0))) {
				for (v = e; v < n && (l[v] == ' ' ||
				    l[v] == '\t'); v++)
					;
			}
			for (e = n; e > v && (l[e - 1] == ' ' ||
			    l[e - 1] == '\r' || l[e - 1] == '\t' ||
			    l[e - 1] == ';'); e--)
				;
			if (e - v >= 2 && l[v] == '"' && l[e - 1] == '"') {
				v++;
				e--;
			}
			/* "## SECRET-DATA" after a Junos value */
			{
				long c = find_ci(l, e, v, " ## ");

				if (c >= 0) {
					e = (size_t)c;
					while (e > v && (l[e - 1] == ';' ||
					    l[e - 1] == '"'))
						e--;
					if (e > v && l[v] == '"')
						v++;
				}
			}
			if (e <= v || placeholder(l + v, e - v) || v >= best_vs)
				continue;
			best_vs = v;
			out->vs = v;
			out->ve = e;
			out->kind = (i == 0 && !neighbor) || i == 3 ||
			    i == 4 ? REDACT_PASSWORD : REDACT_MD5_KEY;
			break;
		}
	}
	/* a key chain's "key 7 0822455D0A16" */
	if (best_vs == SIZE_MAX && from == 0) {
		size_t s = 0;

		while (s < n && (l[s] == ' ' || l[s] == '\t'))
			s++;
		if (n - s > 6 && strncasecmp(l + s, "key ", 4) == 0 &&
		    isdigit((unsigned char)l[s + 4]) && l[s + 5] == ' ') {
			for (v = s + 6; v < n && l[v] == ' '; v++)
				;
			for (e = n; e > v && (l[e - 1] == ' ' ||
			    l[e - 1] == '\r'); e--)
				;
			if (e > v) {
				out->vs = v;
				out->ve = e;
				out->kind = REDACT_MD5_KEY;
				best_vs = v;
			}
		}
	}
	return best_vs != SIZE_MAX;
}

/* Junos $9$ strings, bearer tokens and JWTs, wherever they are. */
static bool
m_token(const char *l, size_t n, size_t from, struct hit *out)
{
	struct hit h = { 0, 0, 0 }, best = { 0, 0, 0 };
	bool have = false;
	size_t e;
	long at;

	if ((at = find_ci(l, n, from, "$9$")) >= 0) {
		for (e = (size_t)at; e < n && l[e] != '"' && l[e] != ' ' &&
		    l[e] != ';' && l[e] != '\r'; e++)
			;
		h.vs = (size_t)at;
		h.ve = e;
		h.kind = REDACT_PASSWORD;
		best = h;
		have = true;
	}
	for (at = find_ci(l, n, from, "bearer "); at >= 0;
	    at = find_ci(l, n, (size_t)at + 1, "bearer ")) {
		h.vs = (size_t)at + 7;
		for (e = h.vs; e < n && (isalnum((unsigned char)l[e]) ||
		    strchr("._~+/=-", l[e]) != NULL); e++)
			;
		h.ve = e;
		h.kind = REDACT_BEARER;
		if (e - h.vs >= 16 && better(&h, &best, have)) {
			best = h;
			have = true;
		}
		break;
	}
	for (at = find_ci(l, n, from, "eyJ"); at >= 0;
	    at = find_ci(l, n, (size_t)at + 1, "eyJ")) {
		unsigned dots = 0;

		if (at > 0 && (isalnum((unsigned char)l[at - 1]) ||
		    l[at - 1] == '-' || l[at - 1] == '_'))
			continue;
		for (e = (size_t)at; e < n && (isalnum((unsigned char)l[e]) ||
		    l[e] == '-' || l[e] == '_' || l[e] == '.'); e++)
			dots += l[e] == '.';
		if (dots != 2 || e - (size_t)at < 24)
			continue;
		h.vs = (size_t)at;
		h.ve = e;
		h.kind = REDACT_JWT;
		if (better(&h, &best, have)) {
			best = h;
			have = true;
		}
		break;
	}
	if (have)
		*out = best;
	return have;
}

/* "value": "..." on its line (the storage key of a keyName object). */
static bool
keyname_value(const char *l, size_t n, struct hit *out)
{
	long at = find_ci(l, n, 0, "\"value\"");
	size_t v;

	if (at < 0)
		return false;
	for (v = (size_t)at + 7; v < n && (l[v] == ' ' || l[v] == ':'); v++)
		;
	if (v >= n || l[v] != '"')
		return false;
	out->vs = ++v;
	while (v < n && l[v] != '"')
		v += l[v] == '\\' && v + 1 < n ? 2 : 1;
	out->ve = v;
	out->kind = REDACT_ACCOUNT_KEY;
	return out->ve > out->vs;
}

static bool
next_hit(const char *l, size_t n, size_t from, struct hit *best)
{
	bool (*const m[])(const char *, size_t, size_t, struct hit *) = {
		m_assign, m_json, m_listing, m_config, m_token,
	};
	struct hit h = { 0, 0, 0 };
	bool have = false;
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (m[i](l, n, from, &h) && h.vs >= from && h.ve > h.vs &&
		    better(&h, best, have)) {
			*best = h;
			have = true;
		}
	return have;
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

/* UTF-16 (with a BOM, or the NUL pattern of ASCII in UTF-16LE) into
 * UTF-8; false when the text is not UTF-16. */
static bool
from_utf16(const uint8_t *in, size_t n, struct sb *out)
{
	bool le, bom = false;
	size_t i, nul_odd = 0, pairs;
	uint32_t cp, lo;
	char u[4];

	if (n >= 2 && in[0] == 0xff && in[1] == 0xfe)
		le = bom = true;
	else if (n >= 2 && in[0] == 0xfe && in[1] == 0xff)
		le = false, bom = true;
	else {
		pairs = n / 2 < 256 ? n / 2 : 256;
		for (i = 0; i < pairs; i++)
			nul_odd += in[2 * i + 1] == 0 && in[2 * i] != 0;
		if (pairs < 4 || nul_odd * 10 < pairs * 9)
			return false;
		le = true;
	}
	for (i = bom ? 2 : 0; i + 1 < n; i += 2) {
		cp = le ? (uint32_t)(in[i] | in[i + 1] << 8) :
		    (uint32_t)(in[i] << 8 | in[i + 1]);
		if (cp >= 0xd800 && cp < 0xdc00 && i + 3 < n) {
			lo = le ? (uint32_t)(in[i + 2] | in[i + 3] << 8) :
			    (uint32_t)(in[i + 2] << 8 | in[i + 3]);
			if (lo >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 2;
			} else
				cp = 0xfffd;
		} else if (cp >= 0xd800 && cp < 0xe000)
			cp = 0xfffd;
		sb_addn(out, u, utf8_put(u, cp));
	}
	return true;
}

int
redact_text(struct redact_ctx *c, const char *file, const uint8_t *in,
    size_t n, struct sb *out, bool *converted, struct err *e)
{
	struct sb utf8, block;
	const char *t, *l;
	char marker[80];
	size_t tn, b, ln, pos, i;
	uint32_t line = 0, block_line = 0, keyname_until = 0;
	struct hit h = { 0, 0, 0 };
	bool in_block = false;
	int rc = 0;

	sb_init(&utf8);
	sb_init(&block);
	if (converted != NULL)
		*converted = false;
	if (from_utf16(in, n, &utf8)) {
		if (utf8.failed) {
			rc = ERR(e, ERR_NOMEM, "cannot convert %s", file);
			goto out;
		}
		if (converted != NULL)
			*converted = true;
		t = utf8.buf != NULL ? utf8.buf : "";
		tn = utf8.len;
	} else {
		t = (const char *)in;
		tn = n;
	}
	for (b = 0; b < tn; b += ln + (b + ln < tn)) {
		l = t + b;
		for (ln = 0; b + ln < tn && l[ln] != '\n'; ln++)
			;
		line++;
		/* ---- PEM private keys: the whole block is one secret ---- */
		if (in_block) {
			sb_addn(&block, l, ln);
			if (find_ci(l, ln, 0, "-----END") >= 0) {
				redact_marker(c, REDACT_PRIVATE_KEY,
				    block.buf != NULL ? block.buf : "",
				    block.len, marker, sizeof(marker));
				sb_add(out, marker);
				if (b + ln < tn)
					sb_addc(out, '\n');
				if (note(c, REDACT_PRIVATE_KEY, file,
				    block_line, e) == -1) {
					rc = -1;
					goto out;
				}
				in_block = false;
				sb_reset(&block);
			}
			continue;
		}
		if (find_ci(l, ln, 0, "-----BEGIN") >= 0 &&
		    find_ci(l, ln, 0, "PRIVATE KEY-----") >= 0) {
			in_block = true;
			block_line = line;
			sb_addn(&block, l, ln);
			continue;
		}
		/* az storage account keys list: {"keyName": "key1", ...,
		 * "value": "KEY"}: a "value" a few lines after a keyName */
		if (find_ci(l, ln, 0, "\"keyName\"") >= 0)
			keyname_until = line + 4;
		if (line <= keyname_until && keyname_value(l, ln, &h)) {
			sb_addn(out, l, h.vs);
			redact_marker(c, h.kind, l + h.vs, h.ve - h.vs, marker,
			    sizeof(marker));
			sb_add(out, marker);
			if (note(c, h.kind, file, line, e) == -1) {
				rc = -1;
				goto out;
			}
			sb_addn(out, l + h.ve, ln - h.ve);
			if (b + ln < tn)
				sb_addc(out, '\n');
			keyname_until = 0;
			continue;
		}
		for (pos = 0; next_hit(l, ln, pos, &h); pos = h.ve) {
			sb_addn(out, l + pos, h.vs - pos);
			redact_marker(c, h.kind, l + h.vs, h.ve - h.vs, marker,
			    sizeof(marker));
			sb_add(out, marker);
			if (note(c, h.kind, file, line, e) == -1) {
				rc = -1;
				goto out;
			}
		}
		sb_addn(out, l + pos, ln - pos);
		if (b + ln < tn)
			sb_addc(out, '\n');
	}
	/* a block never closed: still a secret, never copied */
	if (in_block) {
		redact_marker(c, REDACT_PRIVATE_KEY, block.buf != NULL ?
		    block.buf : "", block.len, marker, sizeof(marker));
		sb_add(out, marker);
		if (note(c, REDACT_PRIVATE_KEY, file, block_line, e) == -1)
			rc = -1;
	}
	if (out->failed)
		rc = ERR(e, ERR_NOMEM, "cannot redact %s", file);
out:
	/* the copies held secrets */
	if (block.buf != NULL)
		memset(block.buf, 0, block.cap);
	if (utf8.buf != NULL)
		memset(utf8.buf, 0, utf8.cap);
	sb_release(&block);
	sb_release(&utf8);
	(void)i;
	return rc;
}
