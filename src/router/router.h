/*
 * router: the router's own view of its BGP sessions, read from what users
 * paste.  Show outputs of Cisco IOS / IOS-XE / NX-OS / IOS-XR, Junos (text
 * and `| display json`), Arista EOS, FRR (text and json) and BIRD 2 / 1.6,
 * their logs (syslog, `debug ip bgp`, daemon log files) and config
 * fragments become one document: a list of neighbors (one per session,
 * merged across outputs) and a list of log events, each item carrying the
 * file and line it came from.  Files are recognised by content, never by
 * name; one file may hold several outputs, each under its pasted prompt.
 *
 * Data flow: file -> router_load_file() (encoding, pager and terminal
 * debris, prompt lines) -> sections -> one parser per output kind
 * (router_table.c, router_detail.c, router_junos.c, router_json.c,
 * router_bird.c, router_log.c, router_config.c) -> struct router_doc ->
 * diag/diag_router.c (findings) -> report/report_router.c.
 *
 * Nothing here prints or exits; failures are struct err (util.h).  Keys
 * and passwords in pasted configuration are never stored: only the fact
 * that one is configured.
 */
#ifndef ERW_ROUTER_H
#define ERW_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/net.h"
#include "util/util.h"

/* ------------------------------------------------------------------ */
/* Catalogs: one table each, names beside the values                  */
/* ------------------------------------------------------------------ */

/* BGP FSM states (RFC 4271 8.2.2), as every vendor is normalised to. */
#define ROUTER_STATES(X)						\
	X(UNKNOWN,	"unknown")					\
	X(IDLE,		"Idle")						\
	X(CONNECT,	"Connect")					\
	X(ACTIVE,	"Active")					\
	X(OPENSENT,	"OpenSent")					\
	X(OPENCONFIRM,	"OpenConfirm")					\
	X(ESTABLISHED,	"Established")

enum router_state {
#define X(c, n)	ROUTER_ST_##c,
	ROUTER_STATES(X)
#undef X
	ROUTER_ST__COUNT
};

/* What a log line tells (docs/router.md, "Logs"). */
#define ROUTER_EVENTS(X)						\
	X(UP,			"up")					\
	X(DOWN,			"down")					\
	X(NOTIF_SENT,		"notification_sent")			\
	X(NOTIF_RECEIVED,	"notification_received")		\
	X(MD5_BAD,		"md5_bad")				\
	X(MD5_MISSING,		"md5_missing")				\
	X(TCP_FAILED,		"tcp_failed")				\
	X(HOLD_EXPIRED,		"hold_expired")				\
	X(MAX_PREFIX,		"max_prefix")				\
	X(OPEN_SENT,		"open_sent")				\
	X(LINK_DOWN,		"link_down")	/* interface or carrier */ \
	X(LINK_UP,		"link_up")

enum router_event_kind {
#define X(c, n)	ROUTER_EV_##c,
	ROUTER_EVENTS(X)
#undef X
	ROUTER_EV__COUNT
};

/* Who printed it.  Guessed from the content and the prompt. */
#define ROUTER_VENDORS(X)						\
	X(UNKNOWN,	"unknown")					\
	X(IOS,		"ios")		/* IOS and IOS-XE */		\
	X(NXOS,		"nx-os")					\
	X(XR,		"ios-xr")					\
	X(JUNOS,	"junos")					\
	X(EOS,		"eos")						\
	X(FRR,		"frr")						\
	X(BIRD,		"bird")						\
	X(OPENBGPD,	"openbgpd")	/* bgpctl */			\
	X(GOBGP,	"gobgp")	/* the gobgp CLI */		\
	X(EXABGP,	"exabgp")	/* exabgpcli */			\
	X(LINUX,	"linux")					\
	X(CARRIER,	"carrier")	/* the provider's outage log */

enum router_vendor {
#define X(c, n)	ROUTER_VENDOR_##c,
	ROUTER_VENDORS(X)
#undef X
	ROUTER_VENDOR__COUNT
};

/* What kind of output a section is. */
#define ROUTER_KINDS(X)							\
	X(NONE,		"unrecognized")					\
	X(SUMMARY,	"summary")					\
	X(NEIGHBORS,	"neighbors")					\
	X(PROTOCOLS,	"protocols")	/* BIRD show protocols all */	\
	X(LOG,		"log")						\
	X(CONFIG,	"config")					\
	X(CARRIER,	"carrier")	/* link down/up intervals (CSV) */

enum router_kind {
#define X(c, n)	ROUTER_KIND_##c,
	ROUTER_KINDS(X)
#undef X
	ROUTER_KIND__COUNT
};

const char *router_state_name(enum router_state);	/* "Established" */
const char *router_event_name(enum router_event_kind);	/* "md5_bad" */
const char *router_vendor_name(enum router_vendor);	/* "junos" */
const char *router_kind_name(enum router_kind);		/* "summary" */

/* ------------------------------------------------------------------ */
/* Items                                                               */
/* ------------------------------------------------------------------ */

#define ROUTER_NAME_MAX		128	/* file names as given */
#define ROUTER_TEXT_MAX		96	/* descriptions, reasons, errors */
#define ROUTER_SRC_MAX		4	/* evidence lines kept per neighbor */

/* Where an item was read: the file as named and its 1-based line. */
struct router_src {
	uint16_t	 input;		/* index into doc->inputs */
	uint32_t	 line;
};

/* A time read from a log line, and how much of it the line said. */
enum router_time_from {
	ROUTER_TF_NONE = 0,	/* no usable time (uptime-only stamps) */
	ROUTER_TF_LINE,		/* the line had it */
	ROUTER_TF_CONTEXT,	/* from the caller's context (--year, --tz) */
	ROUTER_TF_FILE,		/* from another line of the same file */
	ROUTER_TF_ASSUMED	/* nothing said: this year, UTC */
};

struct router_time {
	usec_t			 t;	/* UTC, microseconds since epoch */
	enum router_time_from	 year_from;	/* NONE: no time at all */
	enum router_time_from	 zone_from;
	int16_t			 zone_min;	/* offset applied, minutes */
};

/* Tri-state for facts an output may or may not state. */
#define ROUTER_NO	0
#define ROUTER_YES	1
#define ROUTER_UNSAID	(-1)

/*
 * One BGP session as one router sees it.  Numbers are -1 when the output
 * does not say; ASNs are valid when has_* is set (asdot "1.10" is stored
 * as 65546).
 */
struct router_neighbor {
	struct net_addr		 addr;
	char			 host[64];	/* the router that printed it
						   (its prompt), "" unsaid */
	char			 vrf[64];	/* "default" when not said */
	char			 afi[32];	/* "IPv4 Unicast", "" */
	uint32_t		 remote_as;
	uint32_t		 local_as;
	bool			 has_remote_as;
	bool			 has_local_as;
	struct net_addr		 router_id;	/* remote router ID, family 0 */
	struct net_addr		 local_id;	/* this router's ID, family 0 */
	struct net_addr		 local_addr;	/* the session's local end,
						   when the output shows it */
	uint16_t		 local_port;	/* TCP ports of the session, */
	uint16_t		 remote_port;	/* 0 when not shown */
	enum router_state	 state;
	bool			 admin_down;	/* shut by configuration */
	char			 state_text[48];	/* as printed, escaped */
	int64_t			 updown_s;	/* time in the current state */
	int64_t			 hold_cfg;	/* configured hold, seconds */
	int64_t			 keepalive_cfg;
	int64_t			 hold;		/* negotiated */
	int64_t			 keepalive;
	int64_t			 pfx_received;
	int64_t			 pfx_accepted;
	int64_t			 flaps;		/* sessions dropped */
	int			 md5;		/* ROUTER_YES/NO/UNSAID */
	uint8_t			 err_code;	/* last NOTIFICATION, 0 none */
	uint8_t			 err_subcode;
	bool			 max_prefix;	/* torn down for prefixes */
	char			 last_error[ROUTER_TEXT_MAX];	/* escaped */
	char			 reset_reason[ROUTER_TEXT_MAX];	/* escaped */
	char			 description[ROUTER_TEXT_MAX];	/* escaped */
	char			 proto[32];	/* BIRD protocol name */
	enum router_vendor	 vendor;
	unsigned		 nsrc;
	struct router_src	 src[ROUTER_SRC_MAX];	/* first = defining */
};

/* One log line that says something about a session. */
struct router_event {
	struct router_time	 time;
	char			 time_text[40];	/* as printed, escaped */
	struct net_addr		 addr;		/* family 0: not in the line */
	char			 vrf[64];
	char			 proto[32];	/* BIRD protocol name */
	enum router_event_kind	 kind;
	int			 code;		/* NOTIFICATION code, -1 */
	int			 subcode;	/* -1 when not said */
	int64_t			 count;		/* max_prefix: prefixes, -1 */
	int64_t			 limit;		/* max_prefix: limit, -1 */
	bool			 threshold;	/* max_prefix: warning only */
	char			 reason[ROUTER_TEXT_MAX];	/* escaped */
	/* link_down/link_up: the interface, or the carrier's circuit or
	 * link id; "" when the line names none. */
	char			 ifname[64];
	enum router_vendor	 vendor;
	struct router_src	 src;
};

/* One output inside a file (a file may hold several under prompts). */
struct router_section {
	enum router_kind	 kind;
	enum router_vendor	 vendor;
	bool			 json;
	bool			 truncated;	/* the paste ends mid-output */
	uint32_t		 first_line;	/* 1-based, inclusive */
	uint32_t		 last_line;
	char			 command[ROUTER_TEXT_MAX];	/* escaped */
	char			 host[64];	/* from the prompt, escaped */
	size_t			 neighbors;	/* items this section gave */
	size_t			 events;
};

#define ROUTER_SECTIONS_MAX	32	/* kept per file; more are merged */

enum router_encoding {
	ROUTER_ENC_UTF8 = 0,
	ROUTER_ENC_UTF8_BOM,
	ROUTER_ENC_UTF16LE,	/* Windows PowerShell `>` */
	ROUTER_ENC_UTF16BE
};

const char *router_encoding_name(enum router_encoding);	/* "utf-16le" */

/* One file given to the loader. */
struct router_input {
	char			 name[ROUTER_NAME_MAX];
	enum router_encoding	 enc;
	bool			 crlf;		/* CRLF line ends seen */
	bool			 cleaned;	/* pager or escape debris cut */
	bool			 recognized;	/* at least one section */
	bool			 truncated;	/* some section is */
	uint32_t		 lines;
	unsigned		 nsections;
	struct router_section	 sections[ROUTER_SECTIONS_MAX];
};

/* ------------------------------------------------------------------ */
/* The document                                                        */
/* ------------------------------------------------------------------ */

/*
 * What the loader may not know from the files: the year and time zone of
 * log stamps that lack them (issue: "taken from context").  now is used
 * only when neither the context nor the file says the year (0 means the
 * current time).
 */
struct router_ctx {
	int		 year;		/* 0: not given */
	bool		 has_zone;
	int		 zone_min;	/* east of UTC, minutes */
	usec_t		 now;
};

#define ROUTER_NOTES_MAX	64
#define ROUTER_NOTE_LEN		200

struct router_doc {
	struct router_ctx	 ctx;
	struct router_input	*inputs;	/* ninputs, owned */
	size_t			 ninputs;
	struct router_neighbor	*neighbors;	/* nneighbors, owned */
	size_t			 nneighbors;
	struct router_event	*events;	/* nevents, owned, time order
						   after router_doc_finish */
	size_t			 nevents;
	char			 notes[ROUTER_NOTES_MAX][ROUTER_NOTE_LEN];
	size_t			 nnotes;	/* one line each */
	size_t			 notes_dropped;
	size_t			 dropped;	/* items over the limits */
	/* internal: capacities */
	size_t			 cap_in, cap_nb, cap_ev;
};

/* A new empty document (free with router_doc_free()); ctx may be NULL.
 * NULL when out of memory. */
struct router_doc *router_doc_new(const struct router_ctx *ctx);
void	 router_doc_free(struct router_doc *);

/*
 * Read path ("-" is stdin), decode it (UTF-8 with or without BOM,
 * UTF-16LE/BE with BOM or by their NUL pattern; CRLF; terminal escapes,
 * backspaces and pager prompts removed), cut it into sections at pasted
 * prompt lines, recognise each by content and parse it into doc.
 *
 * A file erwatch does not recognise is not an error: it becomes an input
 * with recognized == false and a note naming it.  Bad lines inside a
 * recognised output are skipped (a truncated paste is parsed up to where
 * it is whole and the section is marked truncated).
 *
 * Returns 0, or -1 with e set: ERR_IO (cannot open or read), ERR_LIMIT
 * (larger than LIMIT_ROUTER_FILE_BYTES), ERR_NOMEM, ERR_INPUT (a
 * directory; bad UTF-16).  e names the file.
 */
int	 router_load_file(struct router_doc *, const char *path,
	    struct err *e);

/* The same from memory; name is used in messages only, buf is not kept. */
int	 router_load_buf(struct router_doc *, const char *name,
	    const void *buf, size_t len, struct err *e);

/*
 * After the last file: give BIRD log events the address of the protocol
 * they name (from `show protocols all` or the log's own connection lines)
 * and sort the events by time (stable; events without time keep their
 * place after the timed ones of their file).
 */
void	 router_doc_finish(struct router_doc *);

/* The input an item came from. */
const char *router_src_name(const struct router_doc *,
	    const struct router_src *);

/* ------------------------------------------------------------------ */
/* Small parsers, exported for the analyzers and the tests             */
/* ------------------------------------------------------------------ */

/* "Established", "Estab", "Establ", "Idle (Admin)", "Idle(NoIf)",
 * "Shut (Admin)", "Idle!", "active", "OpenSent"...: the state, and
 * whether it says administratively down.  UNKNOWN if none. */
enum router_state router_state_parse(const char *s, size_t n,
	    bool *admin_down);

/* "65010", "1.10" (asdot, RFC 5396): 0 and *out, or -1. */
int	 router_asn_parse(const char *s, size_t n, uint32_t *out);

/* Uptimes as vendors print them: "00:01:02", "2d03h", "1w2d", "3y12w",
 * "1d 2:03:04" (Junos), "4:05", "01w2d03h", "never": seconds, or -1
 * ("never" and unparsable alike). */
int64_t	 router_duration_parse(const char *s, size_t n);

/* Notification text to code/subcode ("Hold Timer Expired", "Bad peer
 * AS", "Maximum Number of Prefixes Reached", "administrative reset"...):
 * 0 and the codes (subcode -1 when only the code is known), or -1. */
int	 router_notification_parse(const char *s, size_t n, int *code,
	    int *subcode);

#endif /* ERW_ROUTER_H */
