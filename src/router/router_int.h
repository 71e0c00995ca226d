/*
 * router_int.h: what the router parsers share.  Text arrives here already
 * decoded and cleaned (router_text.c) as an array of lines, each a pointer
 * and a length into one buffer with its line number in the file; a parser
 * walks the lines of one section, never reading past a line's length
 * (STRPARSE style: pointer + length, advance only on success), and hands
 * neighbors and events to router_doc.c, which merges and stores them.
 */
#ifndef ERW_ROUTER_INT_H
#define ERW_ROUTER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "router.h"

/* One line of cleaned text: s[0..n), no line end, no NUL inside. */
struct rline {
	const char	*s;
	size_t		 n;
	uint32_t	 no;		/* 1-based line number in the file */
};

/* The parser families (one fuzz target each). */
enum rparser {
	RP_NONE = 0,
	RP_TABLE,	/* Neighbor V AS MsgRcvd ... summary tables */
	RP_DETAIL,	/* "BGP neighbor is ..." blocks */
	RP_JUNOS,	/* Junos show bgp summary / neighbor (text) */
	RP_JSON,	/* FRR json, Junos | display json */
	RP_BIRD,	/* birdc show protocols all */
	RP_LOG,		/* syslog, debug, daemon log files */
	RP_CONFIG,	/* running-config fragments (MD5 only) */
	RP_CARRIER,	/* a carrier's link outage table (CSV) */
	RP__COUNT
};

/* A parse in progress: one section of one file. */
struct rparse {
	struct router_doc	*doc;
	uint16_t		 input;
	struct router_section	*sec;
	const struct rline	*l;	/* the section's lines */
	size_t			 n;
	bool			 unterminated;	/* last line had no '\n' */
	char			 cmd_vrf[64];	/* "vrf X" in the command */
	/* log time context, file-wide */
	int			 file_year;	/* 0: none seen */
	bool			 file_has_zone;
	int			 file_zone_min;
	int			 last_mon;	/* for Dec -> Jan */
	int			 year_bump;
};

/* ---- tokens ------------------------------------------------------- */

struct rtok {
	const char	*s;
	size_t		 n;
};

/* Split s[0..n) at blanks into at most max tokens; returns the count. */
size_t	 rtok_split(const char *s, size_t n, struct rtok *out, size_t max);
/* Case-insensitive search: offset of needle in s[0..n), or -1. */
long	 rfind(const char *s, size_t n, const char *needle);
bool	 rstarts(const char *s, size_t n, const char *prefix);	/* ci */
bool	 req(const char *s, size_t n, const char *word);	/* ci, whole */
/* Skip blanks from the left / right. */
void	 rtrim(const char **s, size_t *n);
/* Decimal digits only (commas allowed as thousands separators). */
int	 rparse_u64(const char *s, size_t n, uint64_t *out);
/* The first unsigned number at or after s[0..n) (skipping non-digits
 * up to it), -1 when none.  *end gets the offset after it. */
int64_t	 rnum_after(const char *s, size_t n, size_t *end);
/* An address token: trailing ',' ';' ':' removed, Junos "+port" and a
 * zone "%eth0" cut, brackets removed.  0 or -1. */
int	 raddr_parse(const char *s, size_t n, struct net_addr *out);
/* The port of a Junos "10.0.0.2+179" address token, 0 when none. */
uint16_t rjunos_port(const char *s, size_t n);
/* Escaped copy of s[0..n) into dst (printable ASCII, blanks trimmed). */
void	 rcopy(char *dst, size_t len, const char *s, size_t n);

/* ---- items -------------------------------------------------------- */

/* A neighbor with every number unknown (-1) and the source line set. */
void	 rnb_init(struct rparse *, struct router_neighbor *, uint32_t line);
void	 rev_init(struct rparse *, struct router_event *, uint32_t line);
/*
 * Merge nb into the document: the same session (VRF, address, compatible
 * address family and local AS) seen in another output fills what is
 * unknown; a new one is appended.  Counts it in the section.  0, or -1
 * when out of memory (the item is dropped and counted).
 */
int	 rnb_add(struct rparse *, const struct router_neighbor *);
int	 rev_add(struct rparse *, const struct router_event *);
/* A note for the document, one line (dropped beyond ROUTER_NOTES_MAX). */
void	 rnote(struct router_doc *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The VRF name normalised: "", "global", "master" -> "default". */
void	 rvrf(char *dst, size_t len, const char *s, size_t n);

/* ---- time --------------------------------------------------------- */

/* A timestamp as printed, before year and zone are settled. */
struct rstamp {
	int		 year;		/* 0: not in the text */
	int		 mon, day;	/* 1-based */
	int		 hour, min, sec;
	long		 usec;
	bool		 has_zone;
	int		 zone_min;
};

/*
 * A log line's leading timestamp, after what routers and syslog put
 * before it (PRI "<189>", sequence numbers "000123:", "*", ".", XR node
 * "RP/0/RSP0/CPU0:", a syslog relay's own stamp and host).  Returns the
 * offset of the message after the stamp, or -1 when the line has none.
 * A stamp of uptime only ("[12345.678]", "1d02h:") returns the message
 * offset with *st zeroed (mon == 0: no date).
 */
long	 rstamp_parse(const char *s, size_t n, struct rstamp *st);
/* Settle year and zone from the line, the context or the file. */
void	 rstamp_resolve(struct rparse *, const struct rstamp *,
	    struct router_time *out);

/* ---- parsers ------------------------------------------------------ */

/* Each parses the section's lines into the document, sets sec->kind and
 * sec->vendor when it finds its output, and returns 0, or -1 only when
 * out of memory.  Lines it does not understand are skipped. */
int	 router_parse_table(struct rparse *);
int	 router_parse_detail(struct rparse *);
int	 router_parse_junos(struct rparse *);
int	 router_parse_json(struct rparse *);
int	 router_parse_bird(struct rparse *);
int	 router_parse_log(struct rparse *);
int	 router_parse_config(struct rparse *);
int	 router_parse_carrier(struct rparse *);
/* Is this line the header of a carrier outage table? */
bool	 router_carrier_header(const char *s, size_t n);

/* What the section looks like: bit (1 << p) for each parser p whose
 * output it contains; RP_JSON alone for a JSON document.  0 when none
 * (the log parser then tries).  (router_text.c) */
unsigned router_detect_mask(const struct rparse *);

/*
 * Decoded and cleaned lines of buf (encodings, CRLF, pager debris, as
 * every router input), without sections or parsers: for readers of a
 * whole file such as the config parsers (router_cfg.c).  0, or -1 with e
 * set (ERR_NOMEM, or ERR_INPUT for a malformed UTF-16 text).  Release
 * with router_text_release().
 */
struct router_text {
	char			*decoded;
	char			*clean;
	struct rline		*lines;
	size_t			 n;
	bool			 unterminated;	/* last line had no end */
	bool			 binary;	/* NULs: not text at all */
	enum router_encoding	 enc;
};
int	 router_text_lines(const char *name, const void *buf, size_t len,
	    struct router_text *out, struct err *e);
void	 router_text_release(struct router_text *);

/*
 * For the fuzz targets and unit tests: load buf as router_load_buf()
 * does, but run only parser p on every section (RP_NONE: recognise as
 * usual).
 */
int	 router_load_forced(struct router_doc *, const char *name,
	    const void *buf, size_t len, enum rparser p, struct err *e);

#endif /* ERW_ROUTER_INT_H */
