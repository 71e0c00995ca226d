/*
 * diag: findings and the analyzers that produce them.  Everything that
 * judges emits findings from the one catalog (finding_catalog.h); renderers
 * in report/ print them.  A finding carries concrete values in its summary
 * and points at its evidence (file + frame/line/JSON path + time).
 */
#ifndef ERW_DIAG_H
#define ERW_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/net.h"
#include "util/util.h"

enum severity {
	SEV_INFO = 0,
	SEV_WARNING,
	SEV_ERROR
};

enum layer {
	LAYER_L2,
	LAYER_TCP,
	LAYER_MTU,
	LAYER_BGP,
	LAYER_CIRCUIT,
	LAYER_NSG,
	LAYER_ROUTING,
	LAYER_MONITOR,
	LAYER_EVIDENCE
};

enum finding_code {
#define FINDING(code, sev, layer, summary, remedy)	FC_##code,
#include "finding_catalog.h"
#undef FINDING
	FC__COUNT
};

struct finding_def {
	const char	*code;		/* "TCP_SYN_UNANSWERED" */
	enum severity	 sev;		/* default severity */
	enum layer	 layer;
	const char	*summary;	/* template, {braces} mark values */
	const char	*remedy;
};

enum evidence_kind {
	EV_NONE = 0,
	EV_FRAME,	/* capture frame number (1-based) + time */
	EV_LINE,	/* text line (1-based) */
	EV_JSON,	/* JSON pointer into an export */
	EV_NOTE		/* free text: a command, a probe number */
};

struct evidence {
	enum evidence_kind	 kind;
	char			 input[128];	/* file name, "probe", "stdin" */
	uint64_t		 unit;		/* frame or line */
	usec_t			 time;		/* absolute, valid if has_time */
	bool			 has_time;
	char			 where[160];	/* JSON pointer or note */
};

/* Which of a circuit's two paths a finding is about. */
enum path_role {
	PATH_UNKNOWN = 0,
	PATH_PRIMARY,
	PATH_SECONDARY
};

/*
 * What a finding is about, as fields: diagnose joins findings from
 * different evidence (a capture, a router output, a circuit export) on
 * these, never on summary text.  Every member is optional: an address
 * with family NET_AF_NONE, a port, ASN or VLAN of 0, PATH_UNKNOWN, a span
 * with has_span false and an empty object are "not known".
 *
 * "peer" is the remote BGP speaker or probe target as the evidence sees
 * it (a router output's neighbor; in a capture, the side listening on
 * TCP 179); "local" is the other end.  A capture taken between the two
 * cannot always tell them apart, so joins compare the pair unordered
 * (finding_subject_same_peers()).
 */
struct finding_subject {
	struct net_addr	 local;
	struct net_addr	 peer;
	uint16_t	 local_port;
	uint16_t	 peer_port;
	uint32_t	 local_as;
	uint32_t	 peer_as;
	enum path_role	 path;
	uint16_t	 vlan;		/* outer 802.1Q/802.1ad tag, 1..4094 */
	uint16_t	 inner_vlan;	/* QinQ inner tag */
	bool		 has_span;
	usec_t		 from;		/* time span the finding covers */
	usec_t		 to;
	char		 object_kind[24];	/* "nsg", "route_table", "circuit",
						   "peering", "nic", "rule" */
	char		 object[128];		/* its name or id */
};

struct finding {
	enum finding_code	 code;
	enum severity		 sev;		/* catalog default unless raised
						   or lowered by the analyzer */
	enum layer		 layer;
	char			 summary[384];	/* concrete, one line */
	char			 group[96];	/* session or object it is about,
						   "" when global: the text
						   renderer's grouping key */
	struct finding_subject	 subject;
	unsigned		 nev;
	struct evidence		 ev[LIMIT_EVIDENCE_PER_FINDING];
};

/* A growable list of findings, in the order they were emitted. */
struct finding_list {
	struct finding	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 dropped;	/* beyond LIMIT_FINDINGS */
	bool		 nomem;		/* one was lost for want of memory:
					   the list is not the whole story */
};

/* Catalog access. */
const struct finding_def *finding_def(enum finding_code);
/* Look a code up by name; -1 when unknown. */
int	 finding_code_by_name(const char *name);
const char *severity_name(enum severity);	/* "error" */
const char *layer_name(enum layer);		/* "TCP" */

/*
 * Start a finding with the catalog's severity and layer and a printf-style
 * summary.  The returned pointer is valid until the next finding_add() on
 * the same list; NULL when out of memory (list->nomem is then set, for
 * finding_list_check()) or over LIMIT_FINDINGS (counted in list->dropped).
 */
struct finding *finding_add(struct finding_list *, enum finding_code,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Evidence helpers; silently ignore evidence beyond the limit. */
void	 finding_ev_frame(struct finding *, const char *input, uint64_t frame,
	    usec_t time);
void	 finding_ev_line(struct finding *, const char *input, uint64_t line);
void	 finding_ev_json(struct finding *, const char *input,
	    const char *pointer);
void	 finding_ev_note(struct finding *, const char *input,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void	 finding_set_group(struct finding *, const char *group);

/*
 * Subject setters.  All accept a NULL finding (finding_add() failed) and do
 * nothing, so an analyzer can chain them without checks.
 */
/* The whole subject at once, from one the analyzer keeps per session. */
void	 finding_set_subject(struct finding *, const struct finding_subject *);
/* Endpoints; either address may be NULL, ports 0 when unknown. */
void	 finding_subj_peers(struct finding *, const struct net_addr *local,
	    uint16_t local_port, const struct net_addr *peer,
	    uint16_t peer_port);
/* ASNs, 0 when unknown. */
void	 finding_subj_asns(struct finding *, uint32_t local_as,
	    uint32_t peer_as);
void	 finding_subj_path(struct finding *, enum path_role);
/* Tags, 0 when untagged/unknown; values above 4094 are ignored. */
void	 finding_subj_vlan(struct finding *, unsigned vlan, unsigned inner);
/* The span covered; to < from is taken as the single instant from. */
void	 finding_subj_span(struct finding *, usec_t from, usec_t to);
/* The Azure or router object: kind ("nsg", "circuit", ...) and name. */
void	 finding_subj_object(struct finding *, const char *kind,
	    const char *name);

/* Is nothing at all known about the subject? */
bool	 finding_subject_empty(const struct finding_subject *);
/* Do both subjects name the same two endpoints, in either order?  Only
 * addresses known on both sides are compared; false when a has none. */
bool	 finding_subject_same_peers(const struct finding_subject *a,
	    const struct finding_subject *b);
/* Do the spans overlap, widened by slack on each side?  False when either
 * lacks a span. */
bool	 finding_subject_spans_meet(const struct finding_subject *a,
	    const struct finding_subject *b, usec_t slack);
/* "primary", "secondary", NULL for PATH_UNKNOWN. */
const char *path_role_name(enum path_role);
/* By name, case-insensitive; PATH_UNKNOWN when not a path name. */
enum path_role path_role_by_name(const char *);

void	 finding_list_init(struct finding_list *);
void	 finding_list_release(struct finding_list *);
/* Highest severity present; SEV_INFO when empty. */
enum severity finding_list_worst(const struct finding_list *);
bool	 finding_list_has(const struct finding_list *, enum finding_code);
/* -1 with e set (ERR_NOMEM) when a finding of l was lost to an allocation
 * failure, so that a run never reports half its findings as the whole;
 * else 0. */
int	 finding_list_check(const struct finding_list *l, struct err *e);
/* Exit code for a run that produced these findings: 1 if any error. */
int	 finding_list_exit_code(const struct finding_list *);

#endif /* ERW_DIAG_H */
