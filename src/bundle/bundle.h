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

/*
 * Redaction as a stream, for files too large to hold: feed the text in
 * blocks of any size, then finish.  The output is the same bytes as
 * redact_text() on the whole text, wherever the blocks split it (a secret
 * across two blocks is found), as long as each line, or each item of a
 * longer line between its ',' ';' '&' '{' '}' '[' ']', is under
 * LIMIT_REDACT_LINE; a longer run without one is judged in pieces of that
 * size.  Memory: the line being read and REDACT_HEAD bytes, never the
 * file.  feed and finish append to out and return -1 with e set
 * (ERR_NOMEM) only; release wipes what the stream held in any case.
 */
#define LIMIT_REDACT_LINE	(1024u * 1024)
#define REDACT_HEAD		512	/* bytes that tell UTF-16 from UTF-8 */

enum redact_enc {
	REDACT_ENC_UNKNOWN,	/* fewer than REDACT_HEAD bytes seen */
	REDACT_ENC_UTF8,	/* or any 8-bit text: kept as it is */
	REDACT_ENC_UTF16LE,
	REDACT_ENC_UTF16BE
};

struct redact_stream {
	struct redact_ctx	*c;
	char			 file[256];
	enum redact_enc		 enc;
	struct sb		 head;		/* until enc is told */
	struct sb		 part;		/* the line read so far */
	bool			 cont;		/* part follows a cut */
	uint8_t			 odd;		/* half a UTF-16 unit */
	bool			 have_odd;
	uint32_t		 hi;		/* a high surrogate, or 0 */
	uint32_t		 line;
	uint32_t		 keyname_until;
	bool			 in_block;	/* in a PEM private key */
	uint32_t		 block_line;
	struct evp_mac_ctx_st	*mac;		/* its HMAC so far */
	bool			 converted;	/* UTF-16 turned into UTF-8 */
};

void	 redact_stream_init(struct redact_stream *, struct redact_ctx *,
	    const char *file);
int	 redact_stream_feed(struct redact_stream *, const uint8_t *in,
	    size_t n, struct sb *out, struct err *e);
int	 redact_stream_finish(struct redact_stream *, struct sb *out,
	    struct err *e);
void	 redact_stream_release(struct redact_stream *);

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
	uint8_t		*data;		/* owned; NULL when src is */
	char		*src;		/* owned: the file whose bytes go in,
					   streamed (bundle_add_file) */
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
/*
 * Add the file src (its bytes are read when the package is written, in
 * blocks, never whole) at path; its size and hash are taken here, and the
 * file must not change before bundle_write().  -1 with e set (ERR_IO
 * naming src, ERR_NOMEM).
 */
int	 bundle_add_file(struct bundle *, const char *path, const char *src,
	    struct err *e);
/* Take en's size and hash again from its src (after it was rewritten). */
int	 bundle_entry_rehash(struct bundle_entry *en, struct err *e);
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
