/*
 * util: the pieces every module shares.  Errors as values (struct err), the
 * bounds-checked cursor every byte of untrusted input goes through (struct rd),
 * a growable string builder (struct sb), a block arena for objects that share
 * a lifetime, and time formatting.  Library code never prints or exits: it
 * fills a caller-owned struct err and returns -1 (or NULL).
 */
#ifndef ERW_UTIL_H
#define ERW_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERW_VERSION	"0.1.0"

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

enum err_code {
	ERR_NONE = 0,
	ERR_USAGE,	/* bad option or argument: exit 2 */
	ERR_INPUT,	/* unreadable or malformed input: exit 2 */
	ERR_IO,		/* read/write failure at run time: exit 3 */
	ERR_NOMEM,	/* allocation failed: exit 3 */
	ERR_LIMIT,	/* a named limit was reached: exit 3 */
	ERR_PERM,	/* missing privilege or capability: exit 3 */
	ERR_RUNTIME	/* anything else that failed while running: exit 3 */
};

struct err {
	enum err_code	 code;
	char		 msg[256];	/* one line, lower case, no final period */
	const char	*src_file;	/* where in our code, for developers */
	int		 src_line;
	char		 input[128];	/* what was read: file name, "stdin" */
	uint64_t	 unit;		/* frame or text line, 0 if none */
	uint64_t	 col;		/* column in a text input, 0 if none */
	uint64_t	 offset;	/* byte offset in the input */
};

/*
 * Record an error.  The first error wins: when e already holds one, nothing
 * changes, so a root cause is never overwritten by its consequences.
 * Always returns -1 so that failures read `return ERR(e, ERR_INPUT, ...)`.
 * e may be NULL (the error is then dropped).
 */
int	err_set(struct err *e, enum err_code code, const char *src_file,
	    int src_line, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
#define ERR(e, c, ...)	err_set((e), (c), __FILE__, __LINE__, __VA_ARGS__)

/* Attach an input position to e if it has none yet (input may be NULL). */
void	err_at(struct err *e, const char *input, uint64_t unit, uint64_t col,
	    uint64_t offset);
void	err_clear(struct err *e);
bool	err_isset(const struct err *e);
/* The exit code convention: 2 for usage/input errors, 3 for the rest. */
int	err_exit_code(const struct err *e);
/* "INPUT:UNIT:COL: MSG" (parts present only when known) into buf. */
const char *err_str(const struct err *e, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Allocation                                                          */
/* ------------------------------------------------------------------ */

/*
 * Every allocation in src/ goes through these instead of the libc calls,
 * and the program hands erw_malloc to jansson, so that the test build can
 * fail any one of them (util_alloc.c; docs/internals/alloc.md).  They
 * behave as their libc namesakes: NULL (erw_memalign: ENOMEM) on failure,
 * a failed erw_realloc leaves the old block valid, memory is released with
 * free().  Without ERW_ALLOC_FAIL (every build but the sanitizer one) they
 * are the libc calls, inline, plus a count of failures.
 *
 * erw_alloc_failures(): how many allocations through the seam have failed
 * in this process, in every build.  A caller of a library that hides the
 * cause of a failure (jansson reports a failed allocation as a syntax
 * error, or as nothing: a setter just leaves the member out) compares it
 * before and after the call to tell out-of-memory from bad input.
 */
uint64_t erw_alloc_failures(void);
void	 erw_alloc_note_failure(void);	/* for the inline versions */

#ifdef ERW_ALLOC_FAIL
void	*erw_malloc(size_t);
void	*erw_calloc(size_t, size_t);
void	*erw_realloc(void *, size_t);
void	*erw_reallocarray(void *, size_t, size_t);
char	*erw_strdup(const char *);
int	 erw_memalign(void **, size_t align, size_t);

/*
 * Test hooks.  erw_alloc_fail_at(n): the nth allocation from now fails
 * (only that one; 0 disarms).  erw_alloc_calls(): allocations so far in
 * the process, failed ones included.  erw_alloc_fired(): whether the armed
 * failure has happened since erw_alloc_fail_at().
 */
#define ERW_ALLOC_HOOKS	1
void	 erw_alloc_fail_at(uint64_t n);
uint64_t erw_alloc_calls(void);
bool	 erw_alloc_fired(void);
/*
 * erw_alloc_exempt(true) .. (false), nesting: allocations in between are
 * neither counted nor failed.  Only for a library call that cannot survive
 * a failed allocation (jansson 2.14's lexer: see az_json.c), so that the
 * sweep tests what can be made right and says what cannot.
 */
void	 erw_alloc_exempt(bool on);
#else
static inline void
erw_alloc_exempt(bool on)
{
	(void)on;
}

static inline void *
erw_alloc_seen(void *p)
{
	if (p == NULL)
		erw_alloc_note_failure();
	return p;
}

static inline void *
erw_malloc(size_t n)
{
	return erw_alloc_seen(malloc(n));
}

static inline void *
erw_calloc(size_t n, size_t size)
{
	return erw_alloc_seen(calloc(n, size));
}

static inline void *
erw_realloc(void *p, size_t n)
{
	return erw_alloc_seen(realloc(p, n));
}

static inline void *
erw_reallocarray(void *p, size_t n, size_t size)
{
	return erw_alloc_seen(reallocarray(p, n, size));
}

static inline char *
erw_strdup(const char *s)
{
	return erw_alloc_seen(strdup(s));
}

static inline int
erw_memalign(void **p, size_t align, size_t n)
{
	int rc = posix_memalign(p, align, n);

	if (rc != 0)
		erw_alloc_note_failure();
	return rc;
}
#endif

/* ------------------------------------------------------------------ */
/* Cursor over untrusted bytes                                         */
/* ------------------------------------------------------------------ */

/*
 * Every read checks the remaining length first and leaves the cursor
 * untouched on failure (-1).  Lengths are compared, never pointers.
 */
struct rd {
	const uint8_t	*p;	/* next unread byte */
	const uint8_t	*end;	/* one past the last readable byte */
};

static inline void
rd_init(struct rd *r, const void *buf, size_t len)
{
	r->p = buf;
	r->end = r->p + len;
}

static inline size_t
rd_left(const struct rd *r)
{
	return (size_t)(r->end - r->p);
}

static inline int
rd_u8(struct rd *r, uint8_t *v)
{
	if (rd_left(r) < 1)
		return -1;
	*v = r->p[0];
	r->p += 1;
	return 0;
}

static inline int
rd_be16(struct rd *r, uint16_t *v)
{
	if (rd_left(r) < 2)
		return -1;
	*v = (uint16_t)((unsigned)r->p[0] << 8 | r->p[1]);
	r->p += 2;
	return 0;
}

static inline int
rd_le16(struct rd *r, uint16_t *v)
{
	if (rd_left(r) < 2)
		return -1;
	*v = (uint16_t)((unsigned)r->p[1] << 8 | r->p[0]);
	r->p += 2;
	return 0;
}

static inline int
rd_be24(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 3)
		return -1;
	*v = (uint32_t)r->p[0] << 16 | (uint32_t)r->p[1] << 8 | r->p[2];
	r->p += 3;
	return 0;
}

static inline int
rd_be32(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 4)
		return -1;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	    (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	return 0;
}

static inline int
rd_le32(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 4)
		return -1;
	*v = (uint32_t)r->p[3] << 24 | (uint32_t)r->p[2] << 16 |
	    (uint32_t)r->p[1] << 8 | r->p[0];
	r->p += 4;
	return 0;
}

static inline int
rd_be64(struct rd *r, uint64_t *v)
{
	uint32_t hi, lo;

	if (rd_left(r) < 8)
		return -1;
	rd_be32(r, &hi);
	rd_be32(r, &lo);
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

static inline int
rd_bytes(struct rd *r, void *out, size_t n)
{
	if (rd_left(r) < n)
		return -1;
	if (n > 0)
		memcpy(out, r->p, n);
	r->p += n;
	return 0;
}

static inline int
rd_skip(struct rd *r, size_t n)
{
	if (rd_left(r) < n)
		return -1;
	r->p += n;
	return 0;
}

/* Carve the next n bytes into child and advance r past them. */
static inline int
rd_sub(struct rd *r, size_t n, struct rd *child)
{
	if (rd_left(r) < n)
		return -1;
	child->p = r->p;
	child->end = r->p + n;
	r->p += n;
	return 0;
}

static inline int
rd_peek_u8(const struct rd *r, uint8_t *v)
{
	if (rd_left(r) < 1)
		return -1;
	*v = r->p[0];
	return 0;
}

/* ------------------------------------------------------------------ */
/* String builder                                                      */
/* ------------------------------------------------------------------ */

/*
 * A growable NUL-terminated string.  Allocation failure is sticky: the
 * builder stops growing, sb->failed is set, and sb_take() returns NULL.
 */
struct sb {
	char	*buf;
	size_t	 len;
	size_t	 cap;
	bool	 failed;
};

void	sb_init(struct sb *);
void	sb_release(struct sb *);		/* frees the buffer */
void	sb_reset(struct sb *);			/* len = 0, keeps memory */
int	sb_add(struct sb *, const char *);
int	sb_addn(struct sb *, const char *, size_t);
int	sb_addc(struct sb *, char);
int	sb_addf(struct sb *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	sb_vaddf(struct sb *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/*
 * Read fp to its end into a new buffer (*out, free()), at most limit bytes:
 * more is ERR_LIMIT naming name.  ERR_NOMEM, ERR_IO as they come.
 */
int	file_read_all(FILE *fp, const char *name, size_t limit, uint8_t **out,
	    size_t *outlen, struct err *);
/* Write code point cp as UTF-8 at dst (room for 4); returns the bytes. */
size_t	utf8_put(char *dst, uint32_t cp);

/* Append bytes from the wire or an export, printable ASCII only: anything
 * else becomes \xHH, so hostile strings cannot drive a terminal. */
int	sb_add_escaped(struct sb *, const void *, size_t);
/* The string, "" when empty; valid until the next change. */
const char *sb_str(const struct sb *);
/* Transfer ownership of the buffer to the caller (free()); sb is reset. */
char	*sb_take(struct sb *);

/* Copy src into a fixed buffer, printable ASCII only (see sb_add_escaped),
 * always NUL-terminated, truncated to fit. */
void	str_escape_into(char *dst, size_t dstlen, const void *src, size_t n);
/* strlcpy semantics. */
size_t	str_copy(char *dst, const char *src, size_t dstlen);
/* Case-insensitive ASCII compare. */
int	str_casecmp(const char *, const char *);

/* ------------------------------------------------------------------ */
/* Arena                                                               */
/* ------------------------------------------------------------------ */

/* Many small allocations with one lifetime, freed at once. */
struct arena_block;
struct arena {
	struct arena_block	*head;
	size_t			 block_size;
	size_t			 total;		/* bytes handed out */
};

void	 arena_init(struct arena *, size_t block_size);
void	*arena_alloc(struct arena *, size_t);	/* 16-byte aligned, NULL on OOM */
char	*arena_strdup(struct arena *, const char *);
void	 arena_reset(struct arena *);		/* keeps the first block */
void	 arena_release(struct arena *);

/* ------------------------------------------------------------------ */
/* Time                                                                */
/* ------------------------------------------------------------------ */

/* Timestamps are microseconds since the epoch (captures) or since start. */
typedef int64_t	usec_t;
#define USEC_PER_SEC	1000000LL

/* "2026-11-25T12:46:30.247123Z" */
const char *time_iso(usec_t t, char *buf, size_t len);
/* Monotonic clock in microseconds. */
usec_t	time_mono_usec(void);
/* Wall clock, microseconds since the epoch. */
usec_t	time_now_usec(void);
/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar. */
int64_t	time_days_from_civil(int y, int m, int d);
/*
 * ISO 8601 as Azure and users write it: "2026-12-07", "2026-12-07T18:00Z",
 * "2026-12-07T18:00:00.5+01:00" (a missing zone is UTC), the whole of
 * s[0..len).  0, or -1 when it is not such a time (the date is checked:
 * no February 30th).
 */
int	time_parse_iso(const char *s, size_t len, usec_t *out);

/* ------------------------------------------------------------------ */
/* Capabilities                                                        */
/* ------------------------------------------------------------------ */

/*
 * The capabilities the Debian package gives the binary (setcap
 * cap_net_raw,cap_net_admin+ep): bit N is capability N of
 * <linux/capability.h> (CAP_NET_ADMIN 12, CAP_NET_RAW 13).
 */
#define PRIV_NET_ADMIN	(1ULL << 12)	/* capture, while libpcap sets
					 * the interface up */
#define PRIV_NET_RAW	(1ULL << 13)	/* packet sockets (capture), raw
					 * sockets (trace) */
#define PRIV_NET_ALL	(PRIV_NET_ADMIN | PRIV_NET_RAW)

/*
 * Give up the capabilities in caps (PRIV_*): out of the effective,
 * permitted and inheritable sets, and so out of the ambient set, for good.
 * Returns 1 when the process held one of them, 0 when it held none, -1
 * with ERR_RUNTIME when the kernel refused (then nothing is known to be
 * dropped: the caller must not go on as if it were).
 */
int	priv_drop_caps(uint64_t caps, struct err *e);

/* ------------------------------------------------------------------ */
/* Limits: every bound on untrusted input lives here                   */
/* ------------------------------------------------------------------ */

#define LIMIT_BGP_MAX_MSG		65535	/* RFC 8654 extended message */
#define LIMIT_REASM_BYTES_PER_DIR	(256 * 1024)	/* buffered per direction */
#define LIMIT_REASM_SEGMENTS_PER_DIR	512
#define LIMIT_REASM_HISTORY_PER_DIR	(64 * 1024)	/* delivered bytes kept
							   to check
							   retransmissions
							   (power of 2) */
#define LIMIT_SESSIONS			65536	/* tracked peer pairs */
#define LIMIT_FLOWS			65536	/* tracked TCP connections */
#define LIMIT_JSON_DEPTH		64
#define LIMIT_JSON_FILE_BYTES		(512u * 1024 * 1024)
#define LIMIT_TEXT_LINE			65536
#define LIMIT_FINDINGS			100000
#define LIMIT_EVIDENCE_PER_FINDING	8
#define LIMIT_ROUTER_FILE_BYTES		(256u * 1024 * 1024)	/* one paste */
#define LIMIT_ROUTER_EVENTS		1000000	/* log events kept */
#define LIMIT_ROUTER_NEIGHBORS		65536	/* sessions kept (merged by
						   a linear search) */
#define LIMIT_TUNNELS_PER_FILE		16	/* distinct tunnel + session
						   pairs kept by pcap */

#endif /* ERW_UTIL_H */
