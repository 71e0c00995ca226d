/*
 * bundle: the support package of an evidence folder (erwatch bundle).
 * Redaction (bundle_redact.c) is always on: every text file that goes in
 * passes through it, and it replaces each secret by a marker
 * "REDACTED-<kind>-<8 hex>" where the hex is a keyed hash (HMAC-SHA-256)
 * of the secret, so that two equal secrets get equal markers (support can
 * see "the same key on both sides") without either being revealed; the
 * redactions are listed by kind, file and line, never by value.  The
 * package (bundle_write.c) is a tar.gz written with libarchive,
 * reproducible: entries in name order, fixed times and owners, no gzip
 * time stamp, so the same input and key give the same bytes.
 *
 * Nothing here prints; failures are struct err.
 */
#ifndef ERW_BUNDLE_H
#define ERW_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

#define REDACT_KINDS(X)							\
	X(SAS_SIGNATURE,	"sas_signature")			\
	X(ACCOUNT_KEY,		"storage_account_key")			\
	X(CONNECTION_STRING,	"connection_string_secret")		\
	X(MD5_KEY,		"bgp_md5_key")				\
	X(PASSWORD,		"password")				\
	X(AUTHORIZATION_KEY,	"authorization_key")			\
	X(SHARED_KEY,		"shared_key")				\
	X(BEARER,		"bearer_token")				\
	X(JWT,			"jwt")					\
	X(PRIVATE_KEY,		"private_key")

enum redact_kind {
#define X(c, n)	REDACT_##c,
	REDACT_KINDS(X)
#undef X
	REDACT__COUNT
};

const char *redact_kind_name(enum redact_kind);

#define REDACT_KEY_LEN		32
#define REDACT_HASH_HEX		8	/* hex digits of the marker's hash */
#define LIMIT_REDACTIONS	100000

/* Where a secret was (never what). */
struct redaction {
	enum redact_kind	 kind;
	char			 file[256];
	uint32_t		 line;
};

struct redact_ctx {
	uint8_t			 key[REDACT_KEY_LEN];
	struct redaction	*v;
	size_t			 n, cap;
	size_t			 dropped;	/* beyond LIMIT_REDACTIONS:
						   counted, still redacted */
};

void	 redact_init(struct redact_ctx *, const uint8_t key[REDACT_KEY_LEN]);
void	 redact_release(struct redact_ctx *);
/*
 * Redact the text in[0..n) of file into out (appended).  UTF-16 text (a
 * BOM, or the NUL pattern of Windows PowerShell's `>`) is turned into
 * UTF-8 first, so that no secret hides between NUL bytes; *converted
 * tells (may be NULL).  CRLF and everything that is no secret is kept
 * byte for byte.  -1 with e set (ERR_NOMEM) only.
 */
int	 redact_text(struct redact_ctx *, const char *file, const uint8_t *in,
	    size_t n, struct sb *out, bool *converted, struct err *e);
/* The marker for secret s[0..n) of kind into buf (>= 64 bytes). */
void	 redact_marker(const struct redact_ctx *, enum redact_kind,
	    const char *s, size_t n, char *buf, size_t len);

/* ---- the package -------------------------------------------------- */

/* What a file of the folder is, for the package. */
enum bundle_class {
	BUNDLE_TEXT,		/* redacted, then included */
	BUNDLE_CAPTURE,		/* pcap/pcapng/other capture: as is */
	BUNDLE_BINARY		/* cannot be redacted: left out, noted */
};

/* Decide from the first bytes. */
enum bundle_class bundle_classify(const uint8_t *head, size_t n);

struct bundle_entry {
	char		 path[512];	/* inside the package */
	uint8_t		*data;		/* owned */
	size_t		 len;
	char		 sha256[65];	/* hex of data */
	unsigned	 redactions;
	bool		 converted;	/* UTF-16 turned into UTF-8 */
};

struct bundle {
	struct bundle_entry	*v;
	size_t			 n, cap;
	char			 notes[64][256];	/* for the manifest */
	size_t			 nnotes;
};

void	 bundle_init(struct bundle *);
void	 bundle_release(struct bundle *);
/* Add data (copied) at path; the hash is computed here.  -1 ERR_NOMEM. */
int	 bundle_add(struct bundle *, const char *path, const void *data,
	    size_t len, struct err *e);
void	 bundle_note(struct bundle *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* SHA-256 of data as 64 hex digits into hex[65]. */
void	 bundle_sha256_hex(const void *data, size_t len, char hex[65]);
/*
 * Write every entry, sorted by path, as a reproducible tar.gz to path
 * ("-" = stdout): pax format, mtime fixed at mtime, owner root, mode 0644
 * (0755 directories), gzip without name or time.  A file is written
 * under a temporary name beside path and renamed to it once complete, so
 * that a failure (a full disk) leaves no partial package.  -1 with e set.
 */
int	 bundle_write(const struct bundle *, const char *path, int64_t mtime,
	    struct err *e);

#endif /* ERW_BUNDLE_H */
