/*
 * analyzer: one interface for every analyzer, and the evidence they read.
 *
 * `erwatch diagnose DIR` walks an evidence folder, recognises each file by
 * its content (never by its name or extension: diag_evidence.c), and runs
 * a list of analyzers in the playbook's order -- circuit, then the
 * router's own view, then NSG / routes / next hop, then packets.  Every
 * analyzer has the same shape: evidence in, findings and facts out.  The
 * findings come from the one catalog (finding_catalog.h) and carry their
 * structured subject; the facts are what an analyzer learned that others
 * (and diagnose) can use: the peers with their addresses, ASNs, VLANs and
 * path, the sessions with their state and time span, the circuit's name,
 * service key and peering location, and the time ranges the evidence
 * covers.  An analyzer of a later stage sees the facts of the earlier
 * ones.
 *
 * Data flow: folder -> evidence_scan() (recognition) -> struct
 * evidence_set -> analyzers_run() -> findings + struct diag_facts ->
 * the diagnose renderer (src/cli/cmd_diagnose.c for now).
 *
 * Nothing here prints or exits; errors are struct err (util.h).
 */
#ifndef ERW_ANALYZER_H
#define ERW_ANALYZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "azure/azure.h"
#include "diag/diag.h"
#include "net/net.h"
#include "router/router.h"
#include "util/util.h"

/* ------------------------------------------------------------------ */
/* Evidence                                                            */
/* ------------------------------------------------------------------ */

/* What a file is, by content.  One table: the enum and the names. */
#define EVIDENCE_TYPES(X)						\
	X(UNRECOGNISED,		"unrecognised")				\
	X(CAPTURE,		"capture")	/* pcap, pcapng, wiretap */ \
	X(CIRCUIT,		"circuit")				\
	X(PEERING,		"peering")				\
	X(ARP_TABLE,		"arp-table")				\
	X(ER_ROUTE_TABLE,	"er-route-table")			\
	X(ER_ROUTE_SUMMARY,	"er-route-summary")			\
	X(ER_STATS,		"er-stats")				\
	X(EFFECTIVE_ROUTES,	"effective-routes")			\
	X(ROUTE_TABLE,		"route-table")				\
	X(EFFECTIVE_NSG,	"effective-nsg")			\
	X(NSG,			"nsg")		/* show or list */	\
	X(NIC,			"nic")					\
	X(NETWORK_WATCHER,	"network-watcher")	/* its results */ \
	X(ROUTER,		"router")	/* show, log, config */	\
	X(COMMANDS,		"commands")	/* commands.txt lines */ \
	X(CONTEXT,		"context")	/* context.json */	\
	X(MONITOR_DB,		"monitor-db")	/* erwatch monitor's SQLite */ \
	X(PREREQ,		"preflight")	/* watchers, VMs, ... */ \
	X(SAS_URL,		"sas-url")	/* a file holding a SAS */

enum evidence_type {
#define X(c, n)	EVT_##c,
	EVIDENCE_TYPES(X)
#undef X
	EVT__COUNT
};

#define EVT_BIT(t)	(1u << (t))

/* "arp-table"; "unknown" out of range. */
const char *evidence_type_name(enum evidence_type);

#define EVIDENCE_PATH_MAX	1024	/* a file's path as opened */
#define EVIDENCE_REL_MAX	256	/* as shown: relative to DIR */
#define EVIDENCE_REASON_MAX	160
#define EVIDENCE_SNIFF_BYTES	(64u * 1024)	/* read to recognise */
#define LIMIT_EVIDENCE_FILES	4096	/* per folder; more are counted */
#define LIMIT_EVIDENCE_DEPTH	8	/* subfolders below DIR */
#define LIMIT_EVIDENCE_COMMANDS	256	/* commands.txt lines kept */

/*
 * One file of the folder.  doc is the parsed JSON (Azure exports, the
 * context), kept so that the analyzers do not parse it again; NULL for
 * other types.
 */
struct evidence_item {
	char		 path[EVIDENCE_PATH_MAX];
	char		 rel[EVIDENCE_REL_MAX];
	enum evidence_type type;
	enum az_kind	 az;		/* JSON exports: the loaders' kind */
	struct az_doc	*doc;		/* owned, or NULL */
	unsigned	 router_kinds;	/* bits of enum router_kind seen */
	enum router_vendor vendor;	/* router outputs */
	enum path_role	 role;		/* per-path tables: which path */
	char		 role_from[16];	/* "command", "context", "name", "" */
	char		 reason[EVIDENCE_REASON_MAX];	/* format, or why
							   unrecognised */
	uint64_t	 size;
	const char	*analyzer;	/* the analyzer that read it; NULL */
};

/* One line of a commands file: "<file>\t<command that wrote it>". */
struct evidence_command {
	char		 file[EVIDENCE_REL_MAX];
	char		 dir[EVIDENCE_REL_MAX];	/* of the commands file */
	char		 command[512];
};

/* ------------------------------------------------------------------ */
/* Context: what the user tells (context.json)                         */
/* ------------------------------------------------------------------ */

#define CONTEXT_MAX_PEERS	8
#define CONTEXT_MAX_FLOWS	16
#define CONTEXT_MAX_DESTS	16
#define CONTEXT_MAX_FILES	32

struct context_peer {
	struct net_addr	 addr;
	uint32_t	 asn;		/* 0 unknown */
	enum path_role	 path;
};

struct context_flow {			/* "out,tcp,10.20.9.4,40179,..." */
	char		 csv[128];
};

struct diag_context {
	bool		 present;	/* a context.json was read */
	char		 input[EVIDENCE_REL_MAX];
	char		 circuit[128];
	char		 resource_group[96];
	char		 service_key[64];
	char		 peering[64];	/* "" means AzurePrivatePeering */
	char		 nic[128];	/* the VM's NIC, for NSG commands */
	char		 interface[32];	/* capture interface */
	uint32_t	 local_asn;	/* on-premises ASN, 0 unknown */
	uint32_t	 peer_asn;	/* expected peer ASN (12076), 0 */
	uint16_t	 vlan;
	bool		 has_zone;
	int		 zone_min;	/* router logs' zone, east of UTC */
	int		 year;		/* router logs' year, 0 */
	size_t		 npeers;
	struct context_peer peers[CONTEXT_MAX_PEERS];
	size_t		 nflows;
	struct context_flow flows[CONTEXT_MAX_FLOWS];
	size_t		 ndests;
	struct net_addr	 dests[CONTEXT_MAX_DESTS];
	size_t		 nfiles;	/* "files": {"name": "primary"} */
	struct {
		char		 name[EVIDENCE_REL_MAX];
		enum path_role	 path;
	}		 files[CONTEXT_MAX_FILES];
};

/*
 * Read a context.json document (already parsed, az_load_*) into ctx.
 * Unknown keys are errors, so that a misspelt key is not silently lost.
 * Returns 0, or -1 with e set (ERR_INPUT naming the file and pointer).
 */
int	 diag_context_load(struct diag_context *ctx, const struct az_doc *doc,
	    struct err *e);

/* ------------------------------------------------------------------ */
/* The evidence set                                                    */
/* ------------------------------------------------------------------ */

struct evidence_set {
	char			 root[EVIDENCE_PATH_MAX];
	struct evidence_item	*v;		/* n, owned */
	size_t			 n, cap;
	size_t			 dropped;	/* files beyond the limit */
	size_t			 ncmds;
	struct evidence_command	 cmds[LIMIT_EVIDENCE_COMMANDS];
	struct diag_context	 ctx;
	char			 notes[8][256];	/* folders not read ... */
	size_t			 nnotes;
	/* How a monitor database is read (NULL: it is not, and says so);
	 * set by the caller before analyzers_run(). */
	const struct diag_history_reader *history;
};

/*
 * The monitor's history reader, handed in by the program that runs
 * diagnose (src/cli/cmd_diagnose.c gives monitor/mon_history.c's
 * functions): diag reads the history's structures but does not call into
 * SQLite itself, so that its tests and the recognisers' fuzzers link no
 * database library (tests/integration/test_linkage.sh).
 */
struct mon_history;
struct mon_hist_query;
struct diag_history_reader {
	/* mon_history_load(): 0, or -1 with e naming the file */
	int	(*load)(struct mon_history *, const char *path,
		    const char *name, const struct mon_hist_query *,
		    struct err *e);
	void	(*release)(struct mon_history *);
	/* the first and last time of any row (mon_history_span()) */
	int	(*span)(const char *path, const char *name, usec_t *first,
		    usec_t *last, struct err *e);
};

void	 evidence_set_init(struct evidence_set *);
void	 evidence_set_release(struct evidence_set *);

/*
 * Recognise one file from its bytes (the whole file, or its first
 * EVIDENCE_SNIFF_BYTES when whole is false), filling it->type, az, doc,
 * router_kinds, vendor and reason.  name is used in messages and kept in
 * it->rel.  Pure: no file is opened, so that the fuzzer drives it.
 * A file not recognised is not an error: it->type is EVT_UNRECOGNISED
 * with a reason ("empty file", "binary data", "JSON of no known export:
 * keys a, b", "text that is no router output, log or config").
 * Returns 0, or -1 with e set only for ERR_NOMEM.
 */
int	 evidence_recognise_buf(struct evidence_item *it, const char *name,
	    const uint8_t *buf, size_t len, bool whole, struct err *e);

/*
 * Walk dir recursively (symlinks are not followed; hidden entries are
 * skipped) and recognise every regular file by content: capture magic
 * first (the file is not read further), then libwiretap for binary data
 * it can open, then JSON and text.  Commands files and context.json are
 * read into set; per-path tables get their path from, in order, a
 * command line naming the file, context.json "files", the file name.
 * Returns 0, or -1 with e set: ERR_INPUT (dir cannot be opened),
 * ERR_NOMEM.  Unreadable files are kept as unrecognised with the reason.
 */
int	 evidence_scan(struct evidence_set *set, const char *dir,
	    struct err *e);

/* How many items of type t the set holds. */
size_t	 evidence_count(const struct evidence_set *, enum evidence_type t);

/* ------------------------------------------------------------------ */
/* Facts                                                               */
/* ------------------------------------------------------------------ */

#define FACTS_MAX_PEERS		64
#define FACTS_MAX_SESSIONS	256
#define FACTS_MAX_SPANS		64
#define FACTS_MAX_EVENTS	2048	/* session events, all sessions */
#define FACTS_MAX_CLOCK		512	/* clock events, all inputs */

/* A BGP neighbor relation as some evidence tells it. */
struct fact_peer {
	struct net_addr	 local;		/* family 0 unknown */
	struct net_addr	 peer;
	uint32_t	 local_as;	/* 0 unknown */
	uint32_t	 peer_as;
	uint16_t	 vlan;
	enum path_role	 path;
	const char	*source;	/* analyzer name (static) */
	char		 input[EVIDENCE_REL_MAX];
	char		 where[128];	/* exports: JSON pointer of the
					   peering's fields, "" */
};

/* A session's state over a time span, as some evidence tells it. */
struct fact_session {
	struct net_addr	 local;
	struct net_addr	 peer;
	uint32_t	 local_as, peer_as;
	char		 state[32];	/* Established, Idle, Active, ... */
	bool		 established;
	bool		 has_span;
	usec_t		 from, to;
	enum path_role	 path;
	unsigned	 hold_s;	/* negotiated hold time, 0 unknown */
	const char	*source;
	char		 input[EVIDENCE_REL_MAX];
};

/*
 * What happened on a session at one moment, as a capture saw it: the
 * connection attempts, handshakes and resets, the OPENs and
 * NOTIFICATIONs, the moments it became Established and went down.  The
 * HTML timeline marks them; UPDATEs and KEEPALIVEs, too many to keep one
 * by one, are counted per session in struct fact_msgs.
 */
enum fact_event_kind {
	FEV_SYN = 0,		/* a connection attempt */
	FEV_TCP_UP,		/* handshake completed */
	FEV_RESET,		/* RST or FIN */
	FEV_OPEN,
	FEV_NOTIFICATION,	/* code, subcode */
	FEV_ESTABLISHED,
	FEV_DOWN		/* an Established connection ended */
};

struct fact_event {
	size_t		 session;	/* index into diag_facts.sessions */
	usec_t		 t;
	enum fact_event_kind kind;
	bool		 from_peer;	/* sent by the session's peer side */
	uint8_t		 code, subcode;	/* NOTIFICATION */
	uint64_t	 frame;
};

/*
 * The UPDATEs and KEEPALIVEs of one session, as a capture saw them: a
 * full table is millions of UPDATEs, too many for a mark each, so they
 * are counted in FACTS_MSG_BINS bins of equal width from the session's
 * first message, the width doubling (neighbouring bins summed) whenever a
 * message falls beyond the last bin; the first FACTS_MSG_EXACT of each
 * kind are kept one by one as well, so that a short capture draws each
 * message (all of them are when total <= FACTS_MSG_EXACT).
 */
#define FACTS_MAX_MSGS		32	/* sessions counted */
#define FACTS_MSG_BINS		96
#define FACTS_MSG_EXACT		24

enum fact_msg_kind {
	FMSG_UPDATE = 0,
	FMSG_KEEPALIVE,
	FMSG__COUNT
};

struct fact_msg {
	usec_t		 t;
	uint64_t	 frame;
	bool		 from_peer;
};

struct fact_msgs {
	size_t		 session;	/* index into diag_facts.sessions */
	usec_t		 t0;		/* start of the first bin */
	usec_t		 width;		/* of each bin, > 0 */
	uint64_t	 total[FMSG__COUNT];
	uint32_t	 bins[FMSG__COUNT][FACTS_MSG_BINS];
	unsigned	 nexact[FMSG__COUNT];
	struct fact_msg	 exact[FMSG__COUNT][FACTS_MSG_EXACT];
};

/* Count a message of kind at t (frame, from_peer kept while exact). */
void	 fact_msgs_add(struct fact_msgs *, enum fact_msg_kind kind, usec_t t,
	    uint64_t frame, bool from_peer);

struct fact_circuit {
	bool		 known;
	char		 name[128];
	char		 resource_group[96];
	char		 service_key[64];
	char		 location[64];	/* serviceProviderProperties.
					   peeringLocation */
	char		 provider[64];
	char		 input[EVIDENCE_REL_MAX];
};

/* The time an evidence item covers (capture, log). */
struct fact_span {
	usec_t		 from, to;
	const char	*source;
	char		 input[EVIDENCE_REL_MAX];
};

/*
 * For the clocks: a session going up or down at a moment, as some
 * evidence tells it, addresses and input with it (a router log's events
 * have no session fact to point to): a capture's Established / end of an
 * Established connection, a router log's up / down / NOTIFICATION / hold
 * expiry (a down).  The time is the evidence's own clock, so that
 * diag_correlate() can measure how far two sources' clocks are apart
 * from the events both saw.
 */
enum fact_clock_kind {
	FCE_UP = 0,		/* Established */
	FCE_DOWN,		/* an Established session ended */
	FCE_NOTIFICATION	/* one was sent or received: the session
				   is down after it */
};

struct fact_clock_event {
	struct net_addr	 local;		/* family 0 unknown (router logs) */
	struct net_addr	 peer;
	enum fact_clock_kind kind;
	usec_t		 t;
	uint64_t	 unit;		/* frame or line, 0 unknown */
	const char	*source;	/* analyzer name (static) */
	char		 input[EVIDENCE_REL_MAX];
	/* what a router log said, for the timeline's router lanes */
	bool		 hold_expired;	/* the down was a hold timer expiry */
	bool		 sent;		/* the NOTIFICATION was sent */
	int		 code, subcode;	/* of the NOTIFICATION, -1 unsaid */
};

struct diag_facts {
	struct fact_circuit	 circuit;
	size_t			 npeers;
	struct fact_peer	 peers[FACTS_MAX_PEERS];
	size_t			 nsessions;
	struct fact_session	 sessions[FACTS_MAX_SESSIONS];
	size_t			 nspans;
	struct fact_span	 spans[FACTS_MAX_SPANS];
	size_t			 nevents;	/* in time order per session */
	struct fact_event	 events[FACTS_MAX_EVENTS];
	size_t			 nclock;
	struct fact_clock_event	 clock[FACTS_MAX_CLOCK];
	size_t			 nmsgs;
	struct fact_msgs	 msgs[FACTS_MAX_MSGS];
	enum router_vendor	 vendor;	/* last vendor seen, UNKNOWN */
	size_t			 dropped;	/* beyond the limits */
};

/* Record a fact; duplicates of a peer (same addresses, ASNs, path and
 * source) are merged.  Beyond the limits only ->dropped grows. */
void	 facts_add_peer(struct diag_facts *, const struct fact_peer *);
void	 facts_add_session(struct diag_facts *, const struct fact_session *);
void	 facts_add_span(struct diag_facts *, const struct fact_span *);
void	 facts_add_event(struct diag_facts *, const struct fact_event *);
void	 facts_add_clock_event(struct diag_facts *,
	    const struct fact_clock_event *);
/* The best known peer address for path (PATH_UNKNOWN: any): the
 * context's, else the first fact's; NULL when none. */
const struct net_addr *facts_peer_addr(const struct diag_facts *,
	    const struct diag_context *, enum path_role path);

/* ------------------------------------------------------------------ */
/* Analyzers                                                           */
/* ------------------------------------------------------------------ */

/* The playbook's order (design.md): an analyzer's place in the run. */
enum analyzer_stage {
	STAGE_CIRCUIT = 0,	/* circuit, ARP, route table summary */
	STAGE_ROUTER,		/* the router's BGP state and logs */
	STAGE_AZURE,		/* NSG, UDR, next hop */
	STAGE_PACKETS,		/* captures */
	STAGE_HISTORY,		/* the monitor's history over the window
				   the others cover */
	STAGE__COUNT
};

const char *analyzer_stage_name(enum analyzer_stage);	/* "circuit" */

/* What a run is given: the evidence, the context, and the facts the
 * earlier stages learned (read-only to the analyzer).  The analyzer
 * marks the items it read (item->analyzer = its name) and may say in
 * item->reason why it left one unused (a duplicate, a path not known). */
struct analyzer_input {
	struct evidence_set		*ev;
	const struct diag_context	*ctx;
	const struct diag_facts		*facts;
};

/* What a run gives back: findings appended to findings, facts added to
 * facts (the same object as input->facts, writable here). */
struct analyzer_output {
	struct finding_list	*findings;
	struct diag_facts	*facts;
};

struct analyzer {
	const char		*name;		/* "circuit", "capture" */
	enum analyzer_stage	 stage;
	unsigned		 takes;		/* EVT_BIT()s it reads */
	/*
	 * Run over the items of the types it takes (none may be present:
	 * the analyzer then says what it could not check, or nothing).
	 * Bad evidence becomes findings; returns -1 with e set only when
	 * the run cannot go on (ERR_NOMEM, ERR_LIMIT).
	 */
	int			(*run)(const struct analyzer_input *,
				    struct analyzer_output *, struct err *e);
};

/* Every analyzer, in stage order; *n gets how many. */
const struct analyzer *const *analyzers_all(size_t *n);

extern const struct analyzer analyzer_circuit;
extern const struct analyzer analyzer_router;
extern const struct analyzer analyzer_config;
extern const struct analyzer analyzer_azure;
extern const struct analyzer analyzer_capture;
extern const struct analyzer analyzer_monitor;
extern const struct analyzer analyzer_preflight;

/*
 * Run every analyzer that takes at least one item of set, in stage
 * order.  owner[i] (when owner is not NULL, sized for
 * LIMIT_FINDINGS entries) gets the analyzer of findings->v[i].
 * Returns 0, or -1 with e set (see struct analyzer run).
 */
int	 analyzers_run(struct evidence_set *set, struct finding_list *out,
	    struct diag_facts *facts, const struct analyzer **owner,
	    size_t owner_cap, struct err *e);

/* ------------------------------------------------------------------ */
/* Layers: what diagnose reports per layer (analyzer_layers.c)         */
/* ------------------------------------------------------------------ */

/* The design's layers, in the playbook's order. */
enum diag_layer_id {
	DL_CIRCUIT = 0,
	DL_ARP,
	DL_BGP,		/* BGP as the router and the circuit summary see it */
	DL_NSG,
	DL_ROUTING,
	DL_PACKETS,
	DL_MONITOR,	/* the connection monitor's history, the cloud's
			   metrics beside it */
	DL_PREFLIGHT,	/* capture prerequisites: optional, shown only
			   when the folder holds their exports */
	DL__COUNT
};

#define DIAG_COLLECT_MAX	6
#define DIAG_COLLECT_LEN	400

struct diag_layer_status {
	enum diag_layer_id	 id;
	size_t			 nevidence;	/* items that feed it */
	size_t			 nfindings;	/* judged findings in it */
	bool			 has_worst;	/* a finding other than about
						   evidence */
	enum severity		 worst;
	const struct finding	*worst_f;	/* borrowed from the list */
	size_t			 ncollect;	/* commands, when nevidence
						   is 0 */
	char			 collect[DIAG_COLLECT_MAX][DIAG_COLLECT_LEN];
};

/* "circuit", "arp", "bgp", "nsg", "routing", "packets", "monitor". */
const char *diag_layer_name(enum diag_layer_id);
/* Is layer id one that a folder without its evidence does not lack
 * (it is left out of the report then)? */
bool	 diag_layer_optional(enum diag_layer_id id);
/* Which layer a finding belongs to, given the analyzer that emitted it
 * (NULL: diagnose itself); -1 when it is about the evidence only. */
int	 diag_layer_of(const struct finding *, const struct analyzer *owner);
/*
 * Fill out[DL__COUNT]: evidence per layer, the worst finding, and for a
 * layer without evidence the commands that collect it, filled in with
 * the circuit, resource group, NIC and peer known from facts or the
 * context ("<circuit>" and the like where nothing is known).
 */
void	 diag_layers(const struct evidence_set *,
	    const struct finding_list *, const struct analyzer *const *owner,
	    const struct diag_facts *, struct diag_layer_status out[DL__COUNT]);
/* The collection commands of layer id into st (as diag_layers()). */
void	 diag_collect_commands(enum diag_layer_id id,
	    const struct diag_facts *, const struct diag_context *,
	    struct diag_layer_status *st);

#endif /* ERW_ANALYZER_H */
