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
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

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
m_assign(const char *l, size_t n, size_t from, bool start,
    struct hit *out)
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

	(void)start;	/* these find secrets anywhere in a line */
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
m_json(const char *l, size_t n, size_t from, bool start,
    struct hit *out)
{
	size_t i, ns, ne, v;
	int k;

	(void)start;	/* these find secrets anywhere in a line */
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
		/* not a secret's name: the closing quote may open the next
		 * string (a minified line holds many), so look at it again */
		if ((k = secret_name(l + ns, ne - ns)) < 0)
			continue;
		for (v = ne + 1; v < n && (l[v] == ' ' || l[v] == '\t'); v++)
			;
		if (v >= n || l[v] != ':')
			continue;
		for (v++; v < n && (l[v] == ' ' || l[v] == '\t'); v++)
			;
		if (v >= n || l[v] != '"')
			continue;
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
m_listing(const char *l, size_t n, size_t from, bool start,
    struct hit *out)
{
	size_t i = 0, ns, ne, v, e;
	int k;

	/* a line cut for its length (redact_feed) starts no listing */
	if (from > 0 || !start)
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
m_config(const char *l, size_t n, size_t from, bool start,
    struct hit *out)
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
	if (best_vs == SIZE_MAX && from == 0 && start) {
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
m_token(const char *l, size_t n, size_t from, bool start,
    struct hit *out)
{
	struct hit h = { 0, 0, 0 }, best = { 0, 0, 0 };
	bool have = false;
	size_t e;
	long at;

	(void)start;	/* these find secrets anywhere in a line */
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
next_hit(const char *l, size_t n, size_t from, bool start, struct hit *best)
{
	bool (*const m[])(const char *, size_t, size_t, bool,
	    struct hit *) = {
		m_assign, m_json, m_listing, m_config, m_token,
	};
	struct hit h = { 0, 0, 0 };
	bool have = false;
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (m[i](l, n, from, start, &h) && h.vs >= from && h.ve > h.vs &&
		    better(&h, best, have)) {
			*best = h;
			have = true;
		}
	return have;
}

/* ------------------------------------------------------------------ */
/* Text, as a stream                                                   */
/* ------------------------------------------------------------------ */

/*
 * The stream keeps just enough to judge each line whole: the first
 * REDACT_HEAD bytes until the encoding is told, half a UTF-16 code unit
 * and a high surrogate between blocks, and the line being read.  A line
 * longer than LIMIT_REDACT_LINE (minified JSON, a one-line export) is cut
 * after its last ',' ';' '&' '{' '}' '[' or ']' in the window's second
 * half, where no name and value the matchers read are parted, and what
 * follows the cut is judged with the next bytes.  A PEM block is hashed
 * as it goes, never held.
 */

static void
marker_of(enum redact_kind kind, const unsigned char *md, size_t mdlen,
    char *buf, size_t len)
{
	char hex[REDACT_HASH_HEX + 1];
	size_t i;

	for (i = 0; i < REDACT_HASH_HEX / 2; i++)
		snprintf(hex + 2 * i, 3, "%02x", i < mdlen ? md[i] : 0);
	snprintf(buf, len, "REDACTED-%s-%s", redact_kind_name(kind), hex);
}

static int
block_begin(struct redact_stream *st, struct err *e)
{
	OSSL_PARAM params[2];
	EVP_MAC *mac;

	if (st->mac == NULL) {
		if ((mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
			return ERR(e, ERR_NOMEM, "cannot hash a key block");
		st->mac = EVP_MAC_CTX_new(mac);
		EVP_MAC_free(mac);
		if (st->mac == NULL)
			return ERR(e, ERR_NOMEM, "cannot hash a key block");
	}
	params[0] = OSSL_PARAM_construct_utf8_string("digest", "SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_MAC_init(st->mac, st->c->key, REDACT_KEY_LEN, params) != 1)
		return ERR(e, ERR_NOMEM, "cannot hash a key block");
	st->in_block = true;
	st->block_line = st->line;
	return 0;
}

/* The block's marker into out; the block is done. */
static int
block_end(struct redact_stream *st, struct sb *out, struct err *e)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	char marker[80];
	size_t mdlen = 0;

	if (EVP_MAC_final(st->mac, md, &mdlen, sizeof(md)) != 1)
		mdlen = 0;
	marker_of(REDACT_PRIVATE_KEY, md, mdlen, marker, sizeof(marker));
	sb_add(out, marker);
	st->in_block = false;
	return note(st->c, REDACT_PRIVATE_KEY, st->file, st->block_line, e);
}

static int
emit_hit(struct redact_stream *st, const char *l, const struct hit *h,
    struct sb *out, struct err *e)
{
	char marker[80];

	redact_marker(st->c, h->kind, l + h->vs, h->ve - h->vs, marker,
	    sizeof(marker));
	sb_add(out, marker);
	return note(st->c, h->kind, st->file, st->line, e);
}

/*
 * One line l[0..ln) (start: it begins a line, not a cut's remainder;
 * nl: a newline followed it in the input) into out.
 */
static int
redact_line(struct redact_stream *st, const char *l, size_t ln, bool start,
    bool nl, struct sb *out, struct err *e)
{
	struct hit h = { 0, 0, 0 };
	size_t pos;

	if (start)
		st->line++;
	/* ---- PEM private keys: the whole block is one secret ---- */
	if (st->in_block) {
		if (EVP_MAC_update(st->mac, (const unsigned char *)l, ln) != 1)
			return ERR(e, ERR_NOMEM, "cannot hash a key block");
		if (find_ci(l, ln, 0, "-----END") >= 0) {
			if (block_end(st, out, e) == -1)
				return -1;
			if (nl)
				sb_addc(out, '\n');
		}
		return 0;
	}
	if (find_ci(l, ln, 0, "-----BEGIN") >= 0 &&
	    find_ci(l, ln, 0, "PRIVATE KEY-----") >= 0) {
		if (block_begin(st, e) == -1)
			return -1;
		if (EVP_MAC_update(st->mac, (const unsigned char *)l, ln) != 1)
			return ERR(e, ERR_NOMEM, "cannot hash a key block");
		return 0;
	}
	/* az storage account keys list: {"keyName": "key1", ...,
	 * "value": "KEY"}: a "value" a few lines after a keyName */
	if (find_ci(l, ln, 0, "\"keyName\"") >= 0)
		st->keyname_until = st->line + 4;
	if (st->line <= st->keyname_until && keyname_value(l, ln, &h)) {
		sb_addn(out, l, h.vs);
		if (emit_hit(st, l, &h, out, e) == -1)
			return -1;
		sb_addn(out, l + h.ve, ln - h.ve);
		if (nl)
			sb_addc(out, '\n');
		st->keyname_until = 0;
		return 0;
	}
	for (pos = 0; next_hit(l, ln, pos, start, &h); pos = h.ve) {
		sb_addn(out, l + pos, h.vs - pos);
		if (emit_hit(st, l, &h, out, e) == -1)
			return -1;
	}
	sb_addn(out, l + pos, ln - pos);
	if (nl)
		sb_addc(out, '\n');
	return 0;
}

/* Where to cut a line of n bytes that has no end in sight. */
static size_t
line_cut(const char *l, size_t n)
{
	size_t i;

	for (i = n; i > n / 2; i--)
		if (strchr(",;&{}[]", l[i - 1]) != NULL)
			return i;
	/* one run of LIMIT_REDACT_LINE / 2 bytes without a separator:
	 * no value the matchers take is cut more cleanly */
	return n;
}

/* UTF-8 text t[0..n) into the lines. */
static int
feed_utf8(struct redact_stream *st, const char *t, size_t n, struct sb *out,
    struct err *e)
{
	const char *nl;
	size_t take, cut;

	while (n > 0) {
		nl = memchr(t, '\n', n);
		take = nl != NULL ? (size_t)(nl - t) : n;
		if (st->part.len + take > LIMIT_REDACT_LINE)
			take = LIMIT_REDACT_LINE - st->part.len;
		if (sb_addn(&st->part, t, take) == -1)
			return ERR(e, ERR_NOMEM, "cannot redact %s", st->file);
		t += take;
		n -= take;
		if (nl != NULL && t == nl) {
			/* the line ends here */
			if (redact_line(st, st->part.buf, st->part.len,
			    !st->cont, true, out, e) == -1)
				return -1;
			st->cont = false;
			sb_reset(&st->part);
			t++;
			n--;
		} else if (st->part.len == LIMIT_REDACT_LINE) {
			cut = line_cut(st->part.buf, st->part.len);
			if (redact_line(st, st->part.buf, cut, !st->cont,
			    false, out, e) == -1)
				return -1;
			st->cont = true;
			memmove(st->part.buf, st->part.buf + cut,
			    st->part.len - cut);
			st->part.len -= cut;
		}
	}
	return 0;
}

/* UTF-16 code units of in[0..n) (after the BOM) as UTF-8 into the lines:
 * surrogate pairs joined, lone halves U+FFFD, a unit split between two
 * blocks kept for the next. */
static int
feed_utf16(struct redact_stream *st, const uint8_t *in, size_t n,
    struct sb *out, struct err *e)
{
	char u[8 * 64];
	size_t k = 0, i = 0;
	uint32_t cu;
	bool le = st->enc == REDACT_ENC_UTF16LE;

	while (i < n || k > 0) {
		if (i < n && k + 8 <= sizeof(u)) {
			if (!st->have_odd) {
				st->odd = in[i++];
				st->have_odd = true;
				continue;
			}
			cu = le ? (uint32_t)(st->odd | in[i] << 8) :
			    (uint32_t)(st->odd << 8 | in[i]);
			i++;
			st->have_odd = false;
			if (st->hi != 0) {
				if (cu >= 0xdc00 && cu < 0xe000) {
					k += utf8_put(u + k, 0x10000 +
					    ((st->hi - 0xd800) << 10) +
					    (cu - 0xdc00));
					st->hi = 0;
					continue;
				}
				k += utf8_put(u + k, 0xfffd);
				st->hi = 0;
			}
			if (cu >= 0xd800 && cu < 0xdc00)
				st->hi = cu;
			else
				k += utf8_put(u + k, cu >= 0xdc00 &&
				    cu < 0xe000 ? 0xfffd : cu);
			continue;
		}
		if (feed_utf8(st, u, k, out, e) == -1)
			return -1;
		k = 0;
		if (i >= n)
			break;
	}
	return 0;
}

/* The head is whole (or the text ended): UTF-16 or not, as
 * bundle_classify() and the BOM tell; then the head into the lines. */
static int
decide(struct redact_stream *st, struct sb *out, struct err *e)
{
	const uint8_t *h = (const uint8_t *)st->head.buf;
	size_t n = st->head.len, i, nul_odd = 0, pairs, skip = 0;

	st->enc = REDACT_ENC_UTF8;
	if (n >= 2 && h[0] == 0xff && h[1] == 0xfe) {
		st->enc = REDACT_ENC_UTF16LE;
		skip = 2;
	} else if (n >= 2 && h[0] == 0xfe && h[1] == 0xff) {
		st->enc = REDACT_ENC_UTF16BE;
		skip = 2;
	} else {
		pairs = n / 2 < REDACT_HEAD / 2 ? n / 2 : REDACT_HEAD / 2;
		for (i = 0; i < pairs; i++)
			nul_odd += h[2 * i + 1] == 0 && h[2 * i] != 0;
		if (pairs >= 4 && nul_odd * 10 >= pairs * 9)
			st->enc = REDACT_ENC_UTF16LE;
	}
	st->converted = st->enc != REDACT_ENC_UTF8;
	if (n == 0)
		return 0;
	return st->enc == REDACT_ENC_UTF8 ?
	    feed_utf8(st, st->head.buf, n, out, e) :
	    feed_utf16(st, h + skip, n - skip, out, e);
}

void
redact_stream_init(struct redact_stream *st, struct redact_ctx *c,
    const char *file)
{
	memset(st, 0, sizeof(*st));
	st->c = c;
	str_copy(st->file, file, sizeof(st->file));
	sb_init(&st->head);
	sb_init(&st->part);
}

int
redact_stream_feed(struct redact_stream *st, const uint8_t *in, size_t n,
    struct sb *out, struct err *e)
{
	size_t take;

	if (st->enc == REDACT_ENC_UNKNOWN) {
		take = REDACT_HEAD - st->head.len < n ?
		    REDACT_HEAD - st->head.len : n;
		if (sb_addn(&st->head, (const char *)in, take) == -1)
			return ERR(e, ERR_NOMEM, "cannot redact %s", st->file);
		in += take;
		n -= take;
		if (st->head.len < REDACT_HEAD)
			return 0;
		if (decide(st, out, e) == -1)
			return -1;
	}
	if (n > 0 && (st->enc == REDACT_ENC_UTF8 ?
	    feed_utf8(st, (const char *)in, n, out, e) :
	    feed_utf16(st, in, n, out, e)) == -1)
		return -1;
	if (out->failed)
		return ERR(e, ERR_NOMEM, "cannot redact %s", st->file);
	return 0;
}

int
redact_stream_finish(struct redact_stream *st, struct sb *out,
    struct err *e)
{
	if (st->enc == REDACT_ENC_UNKNOWN && decide(st, out, e) == -1)
		return -1;
	if (st->hi != 0) {
		char u[4];

		st->hi = 0;
		if (feed_utf8(st, u, utf8_put(u, 0xfffd), out, e) == -1)
			return -1;
	}
	if (st->part.len > 0) {
		if (redact_line(st, st->part.buf, st->part.len, !st->cont,
		    false, out, e) == -1)
			return -1;
		sb_reset(&st->part);
	}
	/* a block never closed: still a secret, never copied */
	if (st->in_block && block_end(st, out, e) == -1)
		return -1;
	if (out->failed)
		return ERR(e, ERR_NOMEM, "cannot redact %s", st->file);
	return 0;
}

void
redact_stream_release(struct redact_stream *st)
{
	/* the copies held secrets */
	if (st->head.buf != NULL)
		explicit_bzero(st->head.buf, st->head.cap);
	if (st->part.buf != NULL)
		explicit_bzero(st->part.buf, st->part.cap);
	sb_release(&st->head);
	sb_release(&st->part);
	EVP_MAC_CTX_free(st->mac);
	memset(st, 0, sizeof(*st));
}

int
redact_text(struct redact_ctx *c, const char *file, const uint8_t *in,
    size_t n, struct sb *out, bool *converted, struct err *e)
{
	struct redact_stream st;
	int rc;

	redact_stream_init(&st, c, file);
	rc = redact_stream_feed(&st, in, n, out, e);
	if (rc == 0)
		rc = redact_stream_finish(&st, out, e);
	if (converted != NULL)
		*converted = st.converted;
	redact_stream_release(&st);
	return rc;
}
