/*
 * diag_evidence: what each file of an evidence folder is, told by its
 * content alone.  Users save captures as .txt and exports as .pcap, paste
 * router output into .json, and Windows PowerShell writes UTF-16: the name
 * and extension prove nothing.  Recognition goes from the cheapest and
 * surest test to the costliest: capture magic (pcap, pcapng), then
 * libwiretap for other binary capture formats, then JSON told apart by its
 * keys (the Azure loaders' own az_detect(), a peering, context.json), then
 * a commands file, then the router module's recognition of show outputs,
 * logs and configs.  A SQLite file with a user_version is the monitor's
 * history (its tables are checked when the monitor analyzer opens it).  Anything else is kept as unrecognised with the
 * reason, so the report can say what it skipped.  A file's name is read
 * only for what content cannot tell: which path (primary/secondary) a
 * table belongs to, and which table an empty list is.
 *
 * Data flow: DIR -> evidence_scan() -> struct evidence_set -> analyzers.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "azure/azure.h"
#include "azure/az_text.h"
#include "capture/capture.h"
#include "diag/analyzer.h"
#include "monitor/monitor.h"
#include "diag/diag_preflight.h"
#include "router/router.h"

static const char *const type_names[EVT__COUNT] = {
#define X(c, n)	[EVT_##c] = n,
	EVIDENCE_TYPES(X)
#undef X
};

const char *
evidence_type_name(enum evidence_type t)
{
	if ((unsigned)t >= EVT__COUNT)
		return "unknown";
	return type_names[t];
}

void
evidence_set_init(struct evidence_set *s)
{
	memset(s, 0, sizeof(*s));
}

void
evidence_set_release(struct evidence_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		az_doc_free(s->v[i].doc);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

size_t
evidence_count(const struct evidence_set *s, enum evidence_type t)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += s->v[i].type == t;
	return n;
}

/* ------------------------------------------------------------------ */
/* Recognition of one buffer                                           */
/* ------------------------------------------------------------------ */

enum text_enc {
	TE_BINARY,
	TE_UTF8,
	TE_UTF16LE,
	TE_UTF16BE
};

/*
 * Text or binary?  A BOM settles it; UTF-16 without one shows as NULs in
 * every other byte (ASCII text); otherwise NULs or many control bytes
 * mean binary.  Escape, backspace and bell are text: pasted terminal
 * sessions carry them and the router loader removes them.
 */
static enum text_enc
sniff_encoding(const uint8_t *b, size_t n)
{
	size_t i, nul_even = 0, nul_odd = 0, ctrl = 0, m;

	if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
		return TE_UTF8;
	if (n >= 2 && b[0] == 0xff && b[1] == 0xfe)
		return TE_UTF16LE;
	if (n >= 2 && b[0] == 0xfe && b[1] == 0xff)
		return TE_UTF16BE;
	m = n < 4096 ? n : 4096;
	for (i = 0; i < m; i++) {
		if (b[i] == 0) {
			if (i % 2 == 0)
				nul_even++;
			else
				nul_odd++;
		} else if (b[i] < 0x20 && b[i] != '\t' && b[i] != '\n' &&
		    b[i] != '\r' && b[i] != '\f' && b[i] != 0x1b &&
		    b[i] != '\b' && b[i] != 0x07)
			ctrl++;
	}
	/* ASCII as UTF-16: the high byte of nearly every unit is zero */
	if (m >= 2 && nul_odd * 10 >= (m / 2) * 9 && nul_even == 0)
		return TE_UTF16LE;
	if (m >= 2 && nul_even * 10 >= (m / 2) * 9 && nul_odd == 0)
		return TE_UTF16BE;
	if (nul_even + nul_odd > 0 || ctrl * 100 > m)
		return TE_BINARY;
	return TE_UTF8;
}

/* The first character that is not white space, for ASCII in any of the
 * encodings above (NULs of UTF-16 and a BOM skipped); 0 when none. */
static int
first_char(const uint8_t *b, size_t n)
{
	size_t i = 0;

	if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
		i = 3;
	else if (n >= 2 && ((b[0] == 0xff && b[1] == 0xfe) ||
	    (b[0] == 0xfe && b[1] == 0xff)))
		i = 2;
	for (; i < n; i++)
		if (b[i] != 0 && b[i] != ' ' && b[i] != '\t' && b[i] != '\r' &&
		    b[i] != '\n')
			return b[i];
	return 0;
}

/* The keys context.json may hold (docs/diagnose.md). */
static const char *const context_keys[] = {
	"circuit", "resource_group", "service_key", "peering", "nic",
	"interface", "local_asn", "peer_asn", "vlan", "timezone", "year",
	"peers", "flows", "destinations", "files", "comment"
};

static bool
is_context_key(const char *k)
{
	size_t i;

	for (i = 0; i < sizeof(context_keys) / sizeof(context_keys[0]); i++)
		if (strcmp(k, context_keys[i]) == 0)
			return true;
	return false;
}

/* An object whose keys are all context keys, and that has one of the
 * keys only a context has (an export has a "name" or "id" instead). */
static bool
looks_like_context(json_t *root)
{
	const char *k;
	json_t *v;
	size_t n = 0;

	if (!json_is_object(root) || json_object_size(root) == 0)
		return false;
	json_object_foreach(root, k, v) {
		(void)v;
		if (!is_context_key(k))
			return false;
		n++;
	}
	return n > 0;
}

/* `az network express-route peering show` (or its PowerShell and ARM
 * forms): a peering is the only export with peeringType and a peer
 * prefix or VLAN beside it. */
static bool
looks_like_peering(const json_t *root)
{
	if (!json_is_object(root))
		return false;
	return az_member(root, "peeringType", NULL, NULL) != NULL &&
	    (az_member(root, "primaryPeerAddressPrefix", NULL, NULL) != NULL ||
	    az_member(root, "vlanId", NULL, NULL) != NULL ||
	    az_member(root, "peerASN", NULL, NULL) != NULL);
}

/* "JSON of no known export (keys: a, b, c)" */
static void
unknown_json_reason(struct evidence_item *it, json_t *root)
{
	char keys[96];
	const char *k;
	json_t *v;
	size_t len = 0, n = 0;

	keys[0] = '\0';
	if (json_is_object(root)) {
		json_object_foreach(root, k, v) {
			char esc[40];

			(void)v;
			if (n++ == 4)
				break;
			str_escape_into(esc, sizeof(esc), k, strlen(k));
			len += (size_t)snprintf(keys + len, len < sizeof(keys) ?
			    sizeof(keys) - len : 0, "%s%s", n > 1 ? ", " : "",
			    esc);
			if (len >= sizeof(keys))
				break;
		}
		snprintf(it->reason, sizeof(it->reason), "JSON of no known "
		    "export (keys: %s%s)", keys, n > 4 ? ", ..." : "");
	} else
		snprintf(it->reason, sizeof(it->reason), "JSON of no known "
		    "export (a %s)", json_is_array(root) ? "list of unknown "
		    "rows" : "bare value");
}

static enum evidence_type
type_of_az(enum az_kind k)
{
	switch (k) {
	case AZ_CIRCUIT:		return EVT_CIRCUIT;
	case AZ_ARP_TABLE:		return EVT_ARP_TABLE;
	case AZ_ER_ROUTE_TABLE:		return EVT_ER_ROUTE_TABLE;
	case AZ_ER_ROUTE_SUMMARY:	return EVT_ER_ROUTE_SUMMARY;
	case AZ_ER_STATS:		return EVT_ER_STATS;
	case AZ_EFFECTIVE_ROUTES:	return EVT_EFFECTIVE_ROUTES;
	case AZ_ROUTE_TABLE:		return EVT_ROUTE_TABLE;
	case AZ_EFFECTIVE_NSG:		return EVT_EFFECTIVE_NSG;
	case AZ_NSG:
	case AZ_NSG_LIST:		return EVT_NSG;
	case AZ_NIC:			return EVT_NIC;
	case AZ_NW_IP_FLOW:
	case AZ_NW_NEXT_HOP:
	case AZ_NW_CONNECTIVITY:	return EVT_NETWORK_WATCHER;
	case AZ_NETWORK_WATCHER:
	case AZ_VM:
	case AZ_VM_EXTENSION:
	case AZ_STORAGE_ACCOUNT:	return EVT_PREREQ;
	default:			return EVT_UNRECOGNISED;
	}
}

/*
 * A commands file: every line that is not blank or a # comment is
 * "<file>\t<command>", and some commands are of the tools that write
 * evidence (az, PowerShell's Get-Az..., erwatch).
 */
static bool
looks_like_commands(const uint8_t *b, size_t n)
{
	size_t i = 0, good = 0;

	while (i < n) {
		size_t s = i, tab = 0;
		bool has_tab = false;

		while (i < n && b[i] != '\n')
			i++;
		if (s < i && b[s] != '#' && !(i - s == 1 && b[s] == '\r')) {
			size_t k;

			for (k = s; k < i; k++)
				if (b[k] == '\t') {
					has_tab = true;
					tab = k;
					break;
				}
			if (!has_tab)
				return false;
			k = tab + 1;
			/* az and erwatch lines open with the tool; PowerShell
			 * ones are often prefixed with the shell's version */
			if ((i - k >= 3 && memcmp(b + k, "az ", 3) == 0) ||
			    (i - k >= 8 && memcmp(b + k, "erwatch ", 8) == 0))
				good++;
			else {
				for (; k + 6 <= i; k++)
					if (memcmp(b + k, "Get-Az", 6) == 0) {
						good++;
						break;
					}
			}
		}
		i++;
	}
	return good > 0;
}

/*
 * A SQLite database: a monitor history when its header's user version is
 * set (the store counts its migrations there; sqlite.org fileformat2.html,
 * "The Database Header": the user version is the big-endian 4-byte field
 * at offset 60).  Only the header is read here: whether the tables are
 * the monitor's is the reader's check, when the analyzer opens the file,
 * so that recognition stays pure and a damaged database is reported with
 * SQLite's own words.
 */
#define SQLITE_MAGIC		"SQLite format 3"	/* with its NUL */
#define SQLITE_HDR_USER_VERSION	60

static bool
is_sqlite(const uint8_t *buf, size_t len)
{
	return len >= sizeof(SQLITE_MAGIC) &&
	    memcmp(buf, SQLITE_MAGIC, sizeof(SQLITE_MAGIC)) == 0;
}

static void
recognise_sqlite(struct evidence_item *it, const uint8_t *buf, size_t len)
{
	struct rd r, v;
	uint32_t uv;

	rd_init(&r, buf, len);
	if (rd_skip(&r, SQLITE_HDR_USER_VERSION) == -1 ||
	    rd_sub(&r, 4, &v) == -1 || rd_be32(&v, &uv) == -1) {
		snprintf(it->reason, sizeof(it->reason), "SQLite database "
		    "header truncated (%zu bytes): not read", len);
		return;
	}
	if (uv == 0) {
		str_copy(it->reason, "SQLite database without a schema "
		    "version: not a monitor history", sizeof(it->reason));
		return;
	}
	it->type = EVT_MONITOR_DB;
	if (uv > MON_SCHEMA_VERSION)
		snprintf(it->reason, sizeof(it->reason), "SQLite, schema "
		    "version %lu (newer than %d)", (unsigned long)uv,
		    MON_SCHEMA_VERSION);
	else
		snprintf(it->reason, sizeof(it->reason), "SQLite, schema "
		    "version %lu", (unsigned long)uv);
}

/*
 * A PostgreSQL store's URI (what `monitor run --store` takes), saved as a
 * file: not evidence, since diagnose connects to no database server; the
 * reason says so without repeating the URI, which may hold a password.
 */
static bool
is_pg_uri(const uint8_t *b, size_t n)
{
	static const char *const pfx[] = { "postgresql://", "postgres://" };
	size_t i = 0, k, l;

	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' ||
	    b[i] == '\n'))
		i++;
	for (k = 0; k < sizeof(pfx) / sizeof(pfx[0]); k++) {
		l = strlen(pfx[k]);
		if (n - i >= l && memcmp(b + i, pfx[k], l) == 0)
			return true;
	}
	return false;
}

static int
recognise_router(struct evidence_item *it, const char *name,
    const uint8_t *buf, size_t len, struct err *e)
{
	struct router_doc *doc;
	const struct router_input *in;
	struct err re;
	unsigned k;

	if ((doc = router_doc_new(NULL)) == NULL)
		return ERR(e, ERR_NOMEM, "cannot recognise '%s'", name);
	err_clear(&re);
	if (router_load_buf(doc, name, buf, len, &re) == -1) {
		router_doc_free(doc);
		if (re.code == ERR_NOMEM)
			return ERR(e, ERR_NOMEM, "cannot recognise '%s'", name);
		snprintf(it->reason, sizeof(it->reason), "text not read: %.120s",
		    re.msg);
		return 0;
	}
	if (doc->ninputs == 1 && doc->inputs[0].recognized) {
		in = &doc->inputs[0];
		it->type = EVT_ROUTER;
		for (k = 0; k < in->nsections; k++) {
			if (in->sections[k].kind != ROUTER_KIND_NONE)
				it->router_kinds |= 1u << in->sections[k].kind;
			if (in->sections[k].vendor != ROUTER_VENDOR_UNKNOWN)
				it->vendor = in->sections[k].vendor;
		}
		snprintf(it->reason, sizeof(it->reason), "%s%s%s%s",
		    router_vendor_name(it->vendor),
		    in->sections[0].json ? " json" : "",
		    in->enc == ROUTER_ENC_UTF16LE ||
		    in->enc == ROUTER_ENC_UTF16BE ? " utf-16" : "",
		    in->truncated ? " (truncated)" : "");
	}
	router_doc_free(doc);
	return 0;
}

/*
 * A JSON file as the loaders will read it.  An effective route table is
 * left lazy (az_load_buf_rows()): its rows are parsed once, one chunk at
 * a time, by the Azure analyzer, as `erwatch nexthop` reads them, where a
 * whole jansson tree of a 200,000-route export costs more time than the
 * lookups and several times the file's size in memory.  Every other kind
 * is parsed whole here, as its loader expects (and as before, so that a
 * syntax error sends the file on to the router module).
 */
static int
load_json(const char *name, const uint8_t *buf, size_t len,
    struct az_doc **out, struct err *e)
{
	struct az_doc *doc;

	if (az_load_buf_rows(name, buf, len, &doc, e) == -1)
		return -1;
	if (doc->lazy && doc->kind != AZ_EFFECTIVE_ROUTES &&
	    az_doc_check(doc, e) == -1) {
		az_doc_free(doc);
		return -1;
	}
	*out = doc;
	return 0;
}

int
evidence_recognise_buf(struct evidence_item *it, const char *name,
    const uint8_t *buf, size_t len, bool whole, struct err *e)
{
	struct az_doc *doc = NULL;
	struct err je;
	const char *fmt;
	enum text_enc enc;
	int c;

	az_doc_free(it->doc);
	it->doc = NULL;
	it->type = EVT_UNRECOGNISED;
	it->az = AZ_UNKNOWN;
	it->router_kinds = 0;
	it->vendor = ROUTER_VENDOR_UNKNOWN;
	it->reason[0] = '\0';
	if (it->rel[0] == '\0')
		str_copy(it->rel, name, sizeof(it->rel));
	if (len == 0) {
		str_copy(it->reason, "empty file", sizeof(it->reason));
		return 0;
	}
	if ((fmt = cap_magic(buf, len)) != NULL) {
		it->type = EVT_CAPTURE;
		str_copy(it->reason, fmt, sizeof(it->reason));
		return 0;
	}
	if (is_sqlite(buf, len)) {
		recognise_sqlite(it, buf, len);
		return 0;
	}
	if ((enc = sniff_encoding(buf, len)) == TE_BINARY) {
		str_copy(it->reason, "binary data of no capture format",
		    sizeof(it->reason));
		return 0;
	}
	if (!whole) {
		/* the caller reads the rest of a text file and asks again */
		str_copy(it->reason, "text, not read whole",
		    sizeof(it->reason));
		return 0;
	}
	if ((c = first_char(buf, len)) == 0) {
		str_copy(it->reason, "empty file (white space only)",
		    sizeof(it->reason));
		return 0;
	}
	if (enc == TE_UTF8 && is_pg_uri(buf, len)) {
		str_copy(it->reason, "a PostgreSQL store's URI: diagnose "
		    "reads a SQLite monitor database, not a server",
		    sizeof(it->reason));
		return 0;
	}
	if (c == '{' || c == '[') {
		err_clear(&je);
		if (load_json(name, buf, len, &doc, &je) == 0) {
			it->az = doc->kind;
			it->type = type_of_az(doc->kind);
			if (it->type != EVT_UNRECOGNISED) {
				it->doc = doc;
				snprintf(it->reason, sizeof(it->reason),
				    "%s%s", az_kind_name(doc->kind),
				    doc->enc == AZ_ENC_UTF16LE ||
				    doc->enc == AZ_ENC_UTF16BE ? " utf-16" : "");
				return 0;
			}
			if (looks_like_context(doc->root)) {
				it->type = EVT_CONTEXT;
				it->doc = doc;
				str_copy(it->reason, "context",
				    sizeof(it->reason));
				return 0;
			}
			if (looks_like_peering(doc->root)) {
				it->type = EVT_PEERING;
				it->doc = doc;
				str_copy(it->reason, "peering",
				    sizeof(it->reason));
				return 0;
			}
			if (doc->kind == AZ_EMPTY_LIST) {
				/* kept: a commands line or the name may tell
				 * which table (evidence_scan) */
				it->doc = doc;
				str_copy(it->reason, "an empty list: which "
				    "table it is cannot be told from content",
				    sizeof(it->reason));
				return 0;
			}
			unknown_json_reason(it, doc->root);
			az_doc_free(doc);
			doc = NULL;
		} else {
			if (je.code == ERR_NOMEM)
				return ERR(e, ERR_NOMEM, "cannot recognise "
				    "'%s'", name);
			snprintf(it->reason, sizeof(it->reason), "not valid "
			    "JSON: %.120s", je.msg);
		}
		/* FRR's and Junos' JSON, or a paste that merely opens with
		 * a brace: the router module decides */
	} else if (enc == TE_UTF8 && looks_like_commands(buf, len)) {
		it->type = EVT_COMMANDS;
		str_copy(it->reason, "commands", sizeof(it->reason));
		return 0;
	} else {
		/* Azure outputs as text: PowerShell Format-Table/List, az
		 * table, tsv, yaml (az_text.c turns them into the JSON the
		 * loaders read); only a known export kind counts, so that
		 * router outputs stay the router module's */
		err_clear(&je);
		if (az_load_buf(name, buf, len, &doc, &je) == 0) {
			it->az = doc->kind;
			it->type = type_of_az(doc->kind);
			if (it->type != EVT_UNRECOGNISED &&
			    doc->fmt != AZ_FMT_JSON) {
				it->doc = doc;
				snprintf(it->reason, sizeof(it->reason),
				    "%s as %s", az_kind_name(doc->kind),
				    az_format_name(doc->fmt));
				return 0;
			}
			it->type = EVT_UNRECOGNISED;
			it->az = AZ_UNKNOWN;
			az_doc_free(doc);
			doc = NULL;
		} else if (je.code == ERR_NOMEM)
			return ERR(e, ERR_NOMEM, "cannot recognise '%s'",
			    name);
	}
	if (diag_preflight_is_sas((const char *)buf, len)) {
		/* only the type: the URL is a secret, kept nowhere */
		it->type = EVT_SAS_URL;
		str_copy(it->reason, "SAS URL", sizeof(it->reason));
		return 0;
	}
	{
		char keep[EVIDENCE_REASON_MAX];

		str_copy(keep, it->reason, sizeof(keep));
		it->reason[0] = '\0';
		if (recognise_router(it, name, buf, len, e) == -1)
			return -1;
		if (it->type == EVT_UNRECOGNISED && it->reason[0] == '\0') {
			if (keep[0] != '\0')
				str_copy(it->reason, keep, sizeof(it->reason));
			else
				str_copy(it->reason, "text that is no router "
				    "output, log, config or known export",
				    sizeof(it->reason));
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Context                                                             */
/* ------------------------------------------------------------------ */

static int
ctx_str(const json_t *root, const char *key, char *out, size_t len,
    const struct az_doc *doc, struct err *e)
{
	json_t *v = json_object_get(root, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return ERR(e, ERR_INPUT, "'%s': /%s must be a string",
		    doc->name, key);
	str_escape_into(out, len, json_string_value(v), json_string_length(v));
	return 0;
}

static int
ctx_uint(const json_t *root, const char *key, uint64_t max, uint64_t *out,
    const struct az_doc *doc, struct err *e)
{
	json_t *v = json_object_get(root, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (uint64_t)json_integer_value(v) > max)
		return ERR(e, ERR_INPUT, "'%s': /%s must be a number "
		    "0..%llu", doc->name, key, (unsigned long long)max);
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

/* "UTC", "+01:00", "-0500" into minutes east of UTC. */
static int
ctx_zone(const char *s, int *out)
{
	int sign, h, m = 0;
	size_t n = strlen(s);

	if (str_casecmp(s, "UTC") == 0 || strcmp(s, "Z") == 0) {
		*out = 0;
		return 0;
	}
	if ((s[0] != '+' && s[0] != '-') || n < 3 || s[1] < '0' ||
	    s[1] > '9' || s[2] < '0' || s[2] > '9')
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	h = (s[1] - '0') * 10 + (s[2] - '0');
	s += 3;
	if (*s == ':')
		s++;
	if (*s != '\0') {
		if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' ||
		    s[2] != '\0')
			return -1;
		m = (s[0] - '0') * 10 + (s[1] - '0');
	}
	if (h > 14 || m > 59)
		return -1;
	*out = sign * (h * 60 + m);
	return 0;
}

int
diag_context_load(struct diag_context *ctx, const struct az_doc *doc,
    struct err *e)
{
	json_t *root = doc->root;
	const char *k;
	json_t *v, *el;
	uint64_t u;
	char buf[64];
	size_t i;

	memset(ctx, 0, sizeof(*ctx));
	if (!json_is_object(root))
		return ERR(e, ERR_INPUT, "'%s': a context is one object",
		    doc->name);
	json_object_foreach(root, k, v) {
		(void)v;
		if (!is_context_key(k)) {
			char esc[64];

			str_escape_into(esc, sizeof(esc), k, strlen(k));
			return ERR(e, ERR_INPUT, "'%s': unknown key '%s'",
			    doc->name, esc);
		}
	}
	if (ctx_str(root, "circuit", ctx->circuit, sizeof(ctx->circuit), doc,
	    e) == -1 || ctx_str(root, "resource_group", ctx->resource_group,
	    sizeof(ctx->resource_group), doc, e) == -1 ||
	    ctx_str(root, "service_key", ctx->service_key,
	    sizeof(ctx->service_key), doc, e) == -1 ||
	    ctx_str(root, "peering", ctx->peering, sizeof(ctx->peering), doc,
	    e) == -1 || ctx_str(root, "nic", ctx->nic, sizeof(ctx->nic), doc,
	    e) == -1 || ctx_str(root, "interface", ctx->interface,
	    sizeof(ctx->interface), doc, e) == -1)
		return -1;
	u = 0;
	if (ctx_uint(root, "local_asn", UINT32_MAX, &u, doc, e) == -1)
		return -1;
	ctx->local_asn = (uint32_t)u;
	u = 0;
	if (ctx_uint(root, "peer_asn", UINT32_MAX, &u, doc, e) == -1)
		return -1;
	ctx->peer_asn = (uint32_t)u;
	u = 0;
	if (ctx_uint(root, "vlan", 4094, &u, doc, e) == -1)
		return -1;
	ctx->vlan = (uint16_t)u;
	u = 0;
	if (ctx_uint(root, "year", 9999, &u, doc, e) == -1)
		return -1;
	ctx->year = (int)u;
	buf[0] = '\0';
	if (ctx_str(root, "timezone", buf, sizeof(buf), doc, e) == -1)
		return -1;
	if (buf[0] != '\0') {
		if (ctx_zone(buf, &ctx->zone_min) == -1)
			return ERR(e, ERR_INPUT, "'%s': /timezone must be UTC "
			    "or an offset like +01:00", doc->name);
		ctx->has_zone = true;
	}
	if ((v = json_object_get(root, "peers")) != NULL) {
		if (!json_is_array(v))
			return ERR(e, ERR_INPUT, "'%s': /peers must be a list",
			    doc->name);
		json_array_foreach(v, i, el) {
			struct context_peer *p;
			json_t *a = json_object_get(el, "address");
			json_t *as = json_object_get(el, "asn");
			json_t *path = json_object_get(el, "path");

			if (ctx->npeers == CONTEXT_MAX_PEERS)
				break;
			p = &ctx->peers[ctx->npeers];
			if (!json_is_string(a) ||
			    net_addr_parse(json_string_value(a), &p->addr) == -1)
				return ERR(e, ERR_INPUT, "'%s': /peers/%zu/"
				    "address must be an IP address",
				    doc->name, i);
			if (as != NULL && (!json_is_integer(as) ||
			    json_integer_value(as) < 0 ||
			    json_integer_value(as) > (json_int_t)UINT32_MAX))
				return ERR(e, ERR_INPUT, "'%s': /peers/%zu/asn "
				    "must be an AS number", doc->name, i);
			p->asn = as != NULL ? (uint32_t)json_integer_value(as) :
			    0;
			p->path = json_is_string(path) ?
			    path_role_by_name(json_string_value(path)) :
			    PATH_UNKNOWN;
			ctx->npeers++;
		}
	}
	if ((v = json_object_get(root, "flows")) != NULL) {
		if (!json_is_array(v))
			return ERR(e, ERR_INPUT, "'%s': /flows must be a list",
			    doc->name);
		json_array_foreach(v, i, el) {
			if (!json_is_string(el))
				return ERR(e, ERR_INPUT, "'%s': /flows/%zu must "
				    "be a CSV line", doc->name, i);
			if (ctx->nflows < CONTEXT_MAX_FLOWS)
				str_copy(ctx->flows[ctx->nflows++].csv,
				    json_string_value(el),
				    sizeof(ctx->flows[0].csv));
		}
	}
	if ((v = json_object_get(root, "destinations")) != NULL) {
		if (!json_is_array(v))
			return ERR(e, ERR_INPUT, "'%s': /destinations must be "
			    "a list", doc->name);
		json_array_foreach(v, i, el) {
			if (!json_is_string(el) || (ctx->ndests <
			    CONTEXT_MAX_DESTS && net_addr_parse(
			    json_string_value(el), &ctx->dests[ctx->ndests]) ==
			    -1))
				return ERR(e, ERR_INPUT, "'%s': /destinations/"
				    "%zu must be an IP address", doc->name, i);
			if (ctx->ndests < CONTEXT_MAX_DESTS)
				ctx->ndests++;
		}
	}
	if ((v = json_object_get(root, "files")) != NULL) {
		if (!json_is_object(v))
			return ERR(e, ERR_INPUT, "'%s': /files must be an "
			    "object of file: path", doc->name);
		json_object_foreach(v, k, el) {
			enum path_role pr = json_is_string(el) ?
			    path_role_by_name(json_string_value(el)) :
			    PATH_UNKNOWN;

			if (pr == PATH_UNKNOWN)
				return ERR(e, ERR_INPUT, "'%s': /files values "
				    "are \"primary\" or \"secondary\"",
				    doc->name);
			if (ctx->nfiles == CONTEXT_MAX_FILES)
				break;
			str_copy(ctx->files[ctx->nfiles].name, k,
			    sizeof(ctx->files[0].name));
			ctx->files[ctx->nfiles++].path = pr;
		}
	}
	ctx->present = true;
	str_copy(ctx->input, doc->name, sizeof(ctx->input));
	return 0;
}

/* ------------------------------------------------------------------ */
/* The folder walk                                                     */
/* ------------------------------------------------------------------ */

static struct evidence_item *
add_item(struct evidence_set *s, const char *path, const char *rel,
    struct err *e)
{
	struct evidence_item *it, *nv;
	size_t ncap;

	if (s->n == LIMIT_EVIDENCE_FILES) {
		s->dropped++;
		return NULL;
	}
	if (s->n == s->cap) {
		ncap = s->cap ? s->cap * 2 : 32;
		if ((nv = erw_reallocarray(s->v, ncap, sizeof(*nv))) == NULL) {
			ERR(e, ERR_NOMEM, "cannot keep the evidence list");
			return NULL;
		}
		s->v = nv;
		s->cap = ncap;
	}
	it = &s->v[s->n++];
	memset(it, 0, sizeof(*it));
	str_copy(it->path, path, sizeof(it->path));
	/* shown and written into JSON: escaped like every string from
	 * the input (a file name may hold any byte) */
	str_escape_into(it->rel, sizeof(it->rel), rel, strlen(rel));
	return it;
}

/* "'<what>': <why>", about a folder entry the walk left out. */
static void
set_note(struct evidence_set *s, const char *what, const char *why)
{
	if (s->nnotes < sizeof(s->notes) / sizeof(s->notes[0]))
		snprintf(s->notes[s->nnotes++], sizeof(s->notes[0]),
		    "'%.160s': %s", what, why);
}

static void
parse_commands(struct evidence_set *s, const struct evidence_item *it,
    const uint8_t *b, size_t n)
{
	const char *slash = strrchr(it->rel, '/');
	size_t i = 0;

	while (i < n) {
		size_t st = i, tab;
		struct evidence_command *c;

		while (i < n && b[i] != '\n')
			i++;
		for (tab = st; tab < i && b[tab] != '\t'; tab++)
			;
		if (st < i && b[st] != '#' && tab < i &&
		    s->ncmds < LIMIT_EVIDENCE_COMMANDS) {
			size_t end = i;

			if (end > tab + 1 && b[end - 1] == '\r')
				end--;
			c = &s->cmds[s->ncmds++];
			str_escape_into(c->file, sizeof(c->file), b + st,
			    tab - st);
			str_escape_into(c->command, sizeof(c->command),
			    b + tab + 1, end - tab - 1);
			if (slash != NULL)
				str_escape_into(c->dir, sizeof(c->dir),
				    it->rel, (size_t)(slash - it->rel));
			else
				c->dir[0] = '\0';
		}
		i++;
	}
}

/*
 * Read a file and recognise it: only its first bytes when they are a
 * capture's or binary data (a capture libwiretap may open, never loaded
 * whole), else the whole text up to the loaders' limit.
 */
static int
recognise_file(struct evidence_set *s, struct evidence_item *it,
    struct err *e)
{
	uint8_t *buf = NULL;
	uint8_t head[64];
	size_t len = 0, hn;
	FILE *fp;
	struct err re;
	struct cap_file *cf = NULL;
	int rc = 0;

	if ((fp = fopen(it->path, "rb")) == NULL) {
		snprintf(it->reason, sizeof(it->reason), "cannot open: %s",
		    strerror(errno));
		return 0;
	}
	hn = fread(head, 1, sizeof(head), fp);
	if (hn < sizeof(head) && ferror(fp)) {
		snprintf(it->reason, sizeof(it->reason), "cannot read: %s",
		    strerror(errno));
		fclose(fp);
		return 0;
	}
	if (evidence_recognise_buf(it, it->rel, head, hn, hn == 0, e) == -1) {
		fclose(fp);
		return -1;
	}
	/* a capture or a database: its first bytes told all this reads */
	if (it->type == EVT_CAPTURE || hn == 0 || is_sqlite(head, hn)) {
		fclose(fp);
		return 0;
	}
	if (strncmp(it->reason, "binary", 6) == 0) {
		fclose(fp);
		/* Network Monitor, snoop, ERF...: what libwiretap opens */
		err_clear(&re);
		if (cap_open_file(it->path, &cf, &re) == 0) {
			it->type = EVT_CAPTURE;
			str_copy(it->reason, cap_format_name(cf),
			    sizeof(it->reason));
			cap_close(cf);
		} else if (re.code == ERR_NOMEM)
			return ERR(e, ERR_NOMEM, "cannot recognise '%s'",
			    it->rel);
		return 0;
	}
	rewind(fp);
	err_clear(&re);
	if (file_read_all(fp, it->rel, LIMIT_ROUTER_FILE_BYTES, &buf, &len,
	    &re) == -1) {
		fclose(fp);
		if (re.code == ERR_NOMEM)
			return ERR(e, ERR_NOMEM, "cannot read '%s'", it->rel);
		snprintf(it->reason, sizeof(it->reason), "not read: %.120s",
		    re.msg);
		return 0;
	}
	fclose(fp);
	rc = evidence_recognise_buf(it, it->rel, buf, len, true, e);
	if (rc == 0 && it->type == EVT_COMMANDS)
		parse_commands(s, it, buf, len);
	free(buf);
	return rc;
}

static int
strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
walk(struct evidence_set *s, const char *dir, const char *rel, int depth,
    struct err *e)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	char **names = NULL, **nn;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if ((d = opendir(dir)) == NULL) {
		if (depth == 0)
			return ERR(e, ERR_INPUT, "cannot open folder '%s': %s",
			    dir, strerror(errno));
		set_note(s, rel, "folder could not be opened");
		return 0;
	}
	/* sorted, so that runs and reports do not depend on the file
	 * system's order */
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((nn = erw_reallocarray(names, cap,
			    sizeof(*nn))) == NULL) {
				rc = ERR(e, ERR_NOMEM, "cannot list '%s'", dir);
				goto out;
			}
			names = nn;
		}
		if ((names[n] = erw_strdup(de->d_name)) == NULL) {
			rc = ERR(e, ERR_NOMEM, "cannot list '%s'", dir);
			goto out;
		}
		n++;
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), strcmp_ptr);
	for (i = 0; i < n && rc == 0; i++) {
		char path[EVIDENCE_PATH_MAX], r[EVIDENCE_REL_MAX];
		struct evidence_item *it;

		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    names[i]) >= sizeof(path) || (size_t)snprintf(r, sizeof(r),
		    "%s%s%s", rel, rel[0] ? "/" : "", names[i]) >= sizeof(r)) {
			set_note(s, names[i], "path too long, not read");
			continue;
		}
		if (lstat(path, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth + 1 > LIMIT_EVIDENCE_DEPTH)
				set_note(s, r, "folder nested too deep, not "
				    "read");
			else
				rc = walk(s, path, r, depth + 1, e);
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		if ((it = add_item(s, path, r, e)) == NULL) {
			if (err_isset(e))
				rc = -1;
			continue;
		}
		it->size = (uint64_t)st.st_size;
		rc = recognise_file(s, it, e);
	}
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

/* ------------------------------------------------------------------ */
/* What content cannot tell: the path of a table, an empty list's kind */
/* ------------------------------------------------------------------ */

static bool
contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i, k;

	for (i = 0; hay[i] != '\0'; i++) {
		for (k = 0; k < n; k++) {
			char a = hay[i + k], b = needle[k];

			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (b >= 'A' && b <= 'Z')
				b = (char)(b - 'A' + 'a');
			if (a != b)
				break;
		}
		if (k == n)
			return true;
	}
	return false;
}

static const char *
base_name(const char *rel)
{
	const char *s = strrchr(rel, '/');

	return s != NULL ? s + 1 : rel;
}

/* The commands line that wrote it, NULL if none. */
static const struct evidence_command *
command_of(const struct evidence_set *s, const struct evidence_item *it)
{
	char full[2 * EVIDENCE_REL_MAX + 2];
	size_t i;

	for (i = 0; i < s->ncmds; i++) {
		const struct evidence_command *c = &s->cmds[i];

		snprintf(full, sizeof(full), "%s%s%s", c->dir,
		    c->dir[0] ? "/" : "", c->file);
		if (strcmp(full, it->rel) == 0)
			return c;
	}
	return NULL;
}

/* --path secondary (az), -DevicePath Primary (PowerShell). */
static enum path_role
path_of_command(const char *cmd)
{
	const char *opts[] = { "--path ", "-DevicePath " };
	size_t i;

	for (i = 0; i < 2; i++) {
		const char *p = cmd;

		while ((p = strstr(p, opts[i])) != NULL) {
			enum path_role r;
			char w[16];
			size_t k = 0;

			p += strlen(opts[i]);
			while (p[k] != '\0' && p[k] != ' ' && k < sizeof(w) - 1) {
				w[k] = p[k];
				k++;
			}
			w[k] = '\0';
			if ((r = path_role_by_name(w)) != PATH_UNKNOWN)
				return r;
		}
	}
	return PATH_UNKNOWN;
}

/* The table an empty list is, from its command or name words. */
static enum evidence_type
table_of_words(const char *s)
{
	if (contains_ci(s, "arp"))
		return EVT_ARP_TABLE;
	if (contains_ci(s, "summary"))
		return EVT_ER_ROUTE_SUMMARY;
	if (contains_ci(s, "route-table") || contains_ci(s, "RouteTable") ||
	    contains_ci(s, "routes"))
		return EVT_ER_ROUTE_TABLE;
	return EVT_UNRECOGNISED;
}

static void
resolve_item(struct evidence_set *s, struct evidence_item *it)
{
	const struct evidence_command *c = command_of(s, it);
	const char *base = base_name(it->rel);
	size_t i;

	if (it->type == EVT_UNRECOGNISED && it->az == AZ_EMPTY_LIST) {
		enum evidence_type t = c != NULL ?
		    table_of_words(c->command) : EVT_UNRECOGNISED;

		if (t == EVT_UNRECOGNISED)
			t = table_of_words(base);
		if (t != EVT_UNRECOGNISED) {
			it->type = t;
			snprintf(it->reason, sizeof(it->reason), "empty %s "
			    "(kind from its %s)", evidence_type_name(t),
			    c != NULL ? "command" : "name");
		}
	}
	if (it->type != EVT_ARP_TABLE && it->type != EVT_ER_ROUTE_TABLE &&
	    it->type != EVT_ER_ROUTE_SUMMARY)
		return;
	if (c != NULL && (it->role = path_of_command(c->command)) !=
	    PATH_UNKNOWN) {
		str_copy(it->role_from, "command", sizeof(it->role_from));
		return;
	}
	/* the command line pasted above a text export */
	if (it->doc != NULL && it->doc->cmd_path[0] != '\0' &&
	    (it->role = path_role_by_name(it->doc->cmd_path)) !=
	    PATH_UNKNOWN) {
		str_copy(it->role_from, "pasted command",
		    sizeof(it->role_from));
		return;
	}
	for (i = 0; i < s->ctx.nfiles; i++)
		if (strcmp(s->ctx.files[i].name, it->rel) == 0 ||
		    strcmp(s->ctx.files[i].name, base) == 0) {
			it->role = s->ctx.files[i].path;
			str_copy(it->role_from, "context",
			    sizeof(it->role_from));
			return;
		}
	if (contains_ci(base, "primary") != contains_ci(base, "secondary")) {
		it->role = contains_ci(base, "primary") ? PATH_PRIMARY :
		    PATH_SECONDARY;
		str_copy(it->role_from, "name", sizeof(it->role_from));
	}
}

int
evidence_scan(struct evidence_set *s, const char *dir, struct err *e)
{
	struct err ce;
	size_t i;

	str_copy(s->root, dir, sizeof(s->root));
	if (walk(s, dir, "", 0, e) == -1)
		return -1;
	for (i = 0; i < s->n; i++) {
		struct evidence_item *it = &s->v[i];

		if (it->type != EVT_CONTEXT)
			continue;
		if (s->ctx.present) {
			str_copy(it->reason, "a second context: not used",
			    sizeof(it->reason));
			continue;
		}
		err_clear(&ce);
		if (diag_context_load(&s->ctx, it->doc, &ce) == -1) {
			memset(&s->ctx, 0, sizeof(s->ctx));
			it->type = EVT_UNRECOGNISED;
			snprintf(it->reason, sizeof(it->reason), "context not "
			    "used: %.120s", ce.msg);
			continue;
		}
		it->analyzer = "diagnose";
	}
	for (i = 0; i < s->n; i++) {
		resolve_item(s, &s->v[i]);
		if (s->v[i].type == EVT_COMMANDS)
			s->v[i].analyzer = "diagnose";
	}
	return 0;
}
