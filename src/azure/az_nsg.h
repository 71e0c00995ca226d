/*
 * NSG model and evaluation: Network Watcher's IP flow verify, offline.
 *
 * Rules come from `az network nsg show` / `nsg list` and from
 * `az network nic list-effective-nsg` (az_nsg_load.c, az_nsg_rule.c);
 * addresses that name service tags or application security groups are
 * resolved against tag maps (the effective export's tagMap and expanded
 * prefixes, --tag) and ASG membership (--asg) when the set is finalized
 * (az_nsg_set.c, az_nsg_resolve.c).  Evaluation follows
 * azure-formats.md 6.1: inbound = subnet NSG then NIC NSG, outbound = NIC
 * NSG then subnet NSG; inside one NSG the lowest priority number that
 * matches decides; a Deny ends evaluation; a level without NSG allows.
 *
 * Two evaluators give identical answers: nsg_match_scan() walks the rules
 * in priority order (the reference, obviously right), nsg_match() uses
 * tables compiled by nsg_set_finalize() (az_nsg_eval.c): per direction,
 * per dimension elementary intervals, each with the bitset of rules that
 * match it (the protocol folded into the destination port's rows); a
 * lookup ANDs four bitsets and takes the lowest set bit, the classic
 * packet-classification scheme, with a summary word so that only words
 * that can hold a match are touched.
 */
#ifndef ERW_AZ_NSG_H
#define ERW_AZ_NSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "azure/azure.h"
#include "net/net.h"
#include "util/util.h"

enum nsg_dir {
	NSG_IN = 0,
	NSG_OUT = 1
};

enum nsg_access {
	NSG_ALLOW = 0,
	NSG_DENY = 1
};

/* Rule protocols; a flow uses one of TCP..AH, or NSG_P_ANY for "*",
 * which matches only rules whose protocol is "*"/"All". */
enum nsg_proto {
	NSG_P_ANY = 0,
	NSG_P_TCP,
	NSG_P_UDP,
	NSG_P_ICMP,
	NSG_P_ESP,
	NSG_P_AH,
	NSG_P__COUNT
};

/* Where an NSG is attached; decides its place in the evaluation order. */
enum nsg_level {
	NSG_LEVEL_UNKNOWN = 0,	/* as given on the command line */
	NSG_LEVEL_SUBNET,
	NSG_LEVEL_NIC
};

#define NSG_MAX_PER_SET	8	/* NSGs in one evaluation (Azure: 2) */
#define NSG_PORT_NONE	65536	/* "no port" (ICMP, ESP, AH): only rules
				   with any port match it */

/* One address term as written in the export, before resolution. */
enum nsg_term_kind {
	NSG_T_ANY,		/* "*", "0.0.0.0/0", "::/0", "Any" */
	NSG_T_PREFIX,		/* CIDR or bare address */
	NSG_T_TAG,		/* service tag: VirtualNetwork, Internet... */
	NSG_T_ASG		/* application security group (by name) */
};

struct nsg_term {
	enum nsg_term_kind	 kind;
	struct net_prefix	 pfx;		/* NSG_T_PREFIX */
	const char		*name;		/* tag or ASG name (arena) */
};

struct nsg_v4range {
	uint32_t	lo, hi;		/* inclusive, host order */
};

struct nsg_portrange {
	uint32_t	lo, hi;		/* inclusive, 0..65535 */
};

/* A resolved address side: IPv4 as merged intervals (the canonical form
 * of net_range.h), IPv6 as prefixes. */
struct nsg_addrset {
	bool			 any;
	size_t			 n4;
	struct nsg_v4range	*v4;		/* sorted, merged */
	size_t			 n6;
	struct net_prefix	*v6;
};

struct nsg_rule {
	const char		*name;		/* "deny-bgp-outbound" */
	const char		*rule_name;	/* "securityRules/NAME", as
						   test-ip-flow prints it */
	bool			 is_default;
	uint32_t		 priority;
	enum nsg_dir		 dir;
	enum nsg_access		 access;
	enum nsg_proto		 proto;
	size_t			 nsrc, ndst;
	struct nsg_term		*src, *dst;	/* as exported */
	struct nsg_addrset	 src_set, dst_set;	/* after finalize */
	bool			 any_sport, any_dport;
	size_t			 nsport, ndport;
	struct nsg_portrange	*sport, *dport;
	bool			 evaluable;	/* false: matches nothing */
	const char		*why;		/* reason when not evaluable */
	bool			 synthesized;	/* default rule we added */
	char			 ptr[AZ_PTR_MAX];	/* the rule's pointer */
};

struct nsg_compiled;

struct nsg {
	const char		*name;		/* "nsg-nic-bgptest-01" */
	const char		*id;		/* ARM id, "" if unknown */
	const char		*key;		/* identity in the set: the id,
						   else what the export says
						   (association, name), else
						   file and position */
	const char		*file;		/* export it came from */
	enum nsg_level		 level;
	size_t			 nrules;
	struct nsg_rule		*rules;		/* by direction, priority */
	size_t			 first[2];	/* first rule per direction */
	size_t			 count[2];
	struct nsg_compiled	*comp[2];	/* per direction (finalize) */
};

/* A problem the user should know about (unresolved tag, skipped rule). */
struct nsg_warning {
	char	 file[128];
	char	 ptr[AZ_PTR_MAX];
	uint64_t line;
	char	 nsg[96];
	char	 rule[128];
	char	 msg[256];
};

/* Tag or ASG name -> addresses. */
struct nsg_named {
	const char		*name;
	size_t			 n;
	struct net_prefix	*v;
	bool			 is_asg;
};

/*
 * Everything one evaluation needs: the NSGs in play, the tag and ASG
 * maps, and the warnings collected while loading and resolving.
 */
struct nsg_set {
	struct arena		 arena;		/* rules, terms, strings */
	size_t			 n;
	struct nsg		 nsg[NSG_MAX_PER_SET];
	size_t			 nnamed, capnamed;
	struct nsg_named	*named;
	size_t			 nwarn, capwarn;
	struct nsg_warning	*warn;
	struct az_notes		 notes;		/* skipped entries and
						   incomplete exports */
	bool			 warn_nomem;	/* one was lost: finalize fails */
	bool			 finalized;
	uint8_t			 norder[2];	/* evaluation order per */
	uint8_t			 order[2][NSG_MAX_PER_SET];	/* direction */
};

void	 nsg_set_init(struct nsg_set *);
/* Free everything, compiled tables included. */
void	 nsg_set_release(struct nsg_set *);

/*
 * Add the NSGs of a loaded export: AZ_NSG, AZ_NSG_LIST or
 * AZ_EFFECTIVE_NSG (one NSG per value[] entry, level from its
 * association; tagMap and expanded prefixes are kept for resolution).
 * An AZ_NIC export (or an array of NICs, `az network nic list`) adds no
 * NSG but the ASG membership of its ipConfigurations, as --asg would.
 * level overrides the level found in the export unless it is
 * NSG_LEVEL_UNKNOWN (--subnet-nsg / --nic-nsg).  Every shape of
 * azure.h is read (az, ARM properties, Resource Graph, templates,
 * PowerShell).  An NSG already in the set is skipped with a note in
 * set->notes; identity is the NSG's id, else (effective entries without
 * networkSecurityGroup.id) the association's subnet or NIC id, else the
 * file and position; a resource without id is known by its name.  The
 * document's envelope notes (nextLink...) are added to set->notes too.
 * Returns 0, or -1 with e set: ERR_INPUT naming file, JSON pointer and
 * line:column for a malformed rule, an NSG with no rule list at all (no
 * securityRules nor defaultSecurityRules, flat or under properties) or a
 * document of another kind; ERR_LIMIT beyond NSG_MAX_PER_SET NSGs;
 * ERR_NOMEM.
 */
int	 nsg_set_load(struct nsg_set *, const struct az_doc *,
	    enum nsg_level level, struct err *e);

/*
 * Give a tag or an ASG addresses, as the options --tag NAME=P,P and
 * --asg NAME=IP,IP do.  spec is "NAME=ADDR[,ADDR...]" (prefixes or
 * addresses).  Later definitions of a name add to it.  Returns 0, or -1
 * with ERR_USAGE for a bad spec.
 */
int	 nsg_set_define(struct nsg_set *, const char *spec, bool is_asg,
	    struct err *e);

/*
 * Add missing default rules to each NSG, resolve tags and ASGs (rules
 * that cannot be resolved become not evaluable, with a warning) and
 * compile the lookup tables.  Call once after all loads; loading after
 * it is an error.  Returns 0 or -1 (ERR_NOMEM, also when a warning of the
 * loads or of this call could not be kept).
 */
int	 nsg_set_finalize(struct nsg_set *, struct err *e);

/* A flow as test-ip-flow takes it: local is the VM's side. */
struct nsg_flow {
	enum nsg_dir	 dir;
	enum nsg_proto	 proto;
	struct net_addr	 local, remote;
	uint32_t	 lport, rport;	/* 0..65535, NSG_PORT_NONE */
};

/* The result of one NSG, and of the whole evaluation. */
struct nsg_stage {
	const struct nsg	*nsg;
	const struct nsg_rule	*rule;		/* NULL: nothing matched
						   (counts as Deny) */
	enum nsg_access		 access;
};

struct nsg_verdict {
	enum nsg_access		 access;
	const struct nsg	*nsg;		/* deciding NSG; NULL when
						   none applies (allowed) */
	const struct nsg_rule	*rule;		/* deciding rule, may be NULL */
	unsigned		 nstages;	/* NSGs evaluated, in order */
	struct nsg_stage	 stage[NSG_MAX_PER_SET];
};

/*
 * First matching rule of one NSG for flow f, or NULL.  nsg_match() uses
 * the compiled tables (IPv4; IPv6 flows fall back to the scan);
 * nsg_match_scan() is the reference walk.  Both need a finalized set.
 */
const struct nsg_rule *nsg_match(const struct nsg *, const struct nsg_flow *);
const struct nsg_rule *nsg_match_scan(const struct nsg *,
	    const struct nsg_flow *);

/* Evaluate f across the set in Azure's order; never fails. */
void	 nsg_eval(const struct nsg_set *, const struct nsg_flow *,
	    struct nsg_verdict *);
/* The same with the reference scan (tests, benchmark). */
void	 nsg_eval_scan(const struct nsg_set *, const struct nsg_flow *,
	    struct nsg_verdict *);

/* The outcome of one flow in a batch (nsg_eval_many). */
struct nsg_brief {
	enum nsg_access		 access;
	const struct nsg	*nsg;		/* deciding, NULL if none */
	const struct nsg_rule	*rule;		/* deciding rule, may be NULL */
};

/*
 * Evaluate n flows, out[i] for f[i]: the same answers as nsg_eval(), but
 * the flows are processed in small groups whose table lookups are
 * interleaved and prefetched, which hides most memory latency.  Never
 * fails; needs a finalized set.
 */
void	 nsg_eval_many(const struct nsg_set *, const struct nsg_flow *f,
	    size_t n, struct nsg_brief *out);

/* The NSGs of the set in evaluation order for direction dir. */
size_t	 nsg_order(const struct nsg_set *, enum nsg_dir dir,
	    const struct nsg *out[NSG_MAX_PER_SET]);

/* Names: "Inbound", "Tcp", "Allow", "subnet"... and parsers (case-
 * insensitive; "*", "all", "any" are NSG_P_ANY).  Parsers return -1 on
 * an unknown word. */
const char *nsg_dir_name(enum nsg_dir);
const char *nsg_proto_name(enum nsg_proto);
const char *nsg_access_name(enum nsg_access);
const char *nsg_level_name(enum nsg_level);
int	 nsg_parse_dir(const char *, enum nsg_dir *);
int	 nsg_parse_proto(const char *, enum nsg_proto *);

#endif /* ERW_AZ_NSG_H */
