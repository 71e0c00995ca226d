/*
 * diag_pcap_int.h: what the pieces of the capture analyzer share.  A frame
 * enters through diag_pcap_feed() (diag_pcap_feed.c), which keeps the file
 * record's counts and hands ARP and ICMP to diag_pcap_l2.c and TCP to the
 * flow tracker; the tracker's events come back to dp_on_event()
 * (diag_pcap_event.c); when the file ends, diag_pcap_file_end()
 * (diag_pcap.c) runs the judgments over the whole capture
 * (diag_pcap_judge.c).  Every piece makes its findings through the helpers
 * of diag_pcap_emit.c, so that the tunnel note, the evidence rule and the
 * mid-stream callback are the same everywhere.
 */
#ifndef ERW_DIAG_PCAP_INT_H
#define ERW_DIAG_PCAP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag_pcap.h"
#include "pkt/pkt.h"

#define AS_MICROSOFT	12076
#define MAX_AGG		48	/* aggregated findings per session */
#define MAX_ARP		256	/* (asker, target) pairs per file */
#define MAX_ICMP	64	/* distinct ICMP error findings per file */
#define MAX_MALFORMED	16	/* BGP_MALFORMED findings per session */
#define SYN_EV		6	/* SYN frames kept per side */

struct agg {
	enum finding_code code;
	int		 from;
	uint32_t	 key;
	size_t		 idx;		/* in the file's finding list */
	uint64_t	 n;
	uint64_t	 v;		/* a value summed (bytes) */
};

/* Analyzer state beside each flow_session (fs->user). */
struct psess {
	struct agg	 agg[MAX_AGG];
	unsigned	 nagg;
	unsigned	 nmalformed;
	struct flow_meta syn_ev[2][SYN_EV];
	unsigned	 nsyn_ev[2];
	struct flow_meta rst_ev[2];
	struct sb	 timeline;
	usec_t		 epoch;
	uint64_t	 sup_frame[2];	/* a silence of side i up to this
					   frame was judged at a supersession */
	/* for the findings' subject: who is the peer, on which ports */
	bool		 listen[2];	/* side i listened on the BGP port
					   on some connection */
	int		 first_syn_to;	/* side the first SYN went to, -1 */
	uint32_t	 last_conn;	/* connection whose ports were noted */
	bool		 has_ports;
	uint16_t	 port[2];	/* of the first connection seen */
	uint16_t	 cur_port[2];	/* of the current event's connection */
};

struct arp_ent {
	struct net_addr	 asker, target;
	uint64_t	 n;
	bool		 answered;
	struct flow_meta ev[4];
	uint16_t	 vlan, inner_vlan;	/* of the first request */
};

struct icmp_ent {
	enum finding_code code;
	struct net_addr	 router, qsrc, qdst;
	uint16_t	 qsport, qdport;
	uint32_t	 mtu;
	uint8_t		 type, icode;
	size_t		 idx;
	uint64_t	 n;
};

/* The subject holds an outer and an inner tag, read from pkt's stack. */
_Static_assert(PKT_MAX_VLANS >= 2, "pkt keeps fewer than two VLAN tags");

/* The VLAN tags of a file's tagged frames, while they all agree. */
struct vlan_stack {
	uint8_t		 n;		/* tags on the first tagged frame */
	uint8_t		 depth;		/* most tags on one frame */
	bool		 mixed;		/* a later tagged frame differed */
	uint16_t	 vid[2];	/* outer, inner */
};

struct diag_pcap {
	struct diag_pcap_opts	 o;
	struct flow_tracker	*tr;
	struct diag_pcap_file	*files;
	size_t			 nfiles;
	struct diag_pcap_file	*cur;		/* open file, or NULL */
	struct arp_ent		 arp[MAX_ARP];
	unsigned		 narp;
	unsigned		 narp_open;	/* not yet answered */
	struct icmp_ent		 icmp[MAX_ICMP];
	unsigned		 nicmp;
	bool			 frag_needed;	/* any in this file */
	struct flow_meta	 first_cut;	/* first snaplen-cut segment */
	size_t			 last_tunnel;	/* cur->tunnels[] last hit */
	struct vlan_stack	 vst;		/* the open file's tags */
	struct err		 err;		/* first resource failure */
};

/* ------------------------------------------------------------------ */
/* Making findings (diag_pcap_emit.c)                                  */
/* ------------------------------------------------------------------ */

const char *dp_astr(const struct net_addr *, char *buf);
/* The finding at idx of the open file's list (an aggregate's). */
struct finding *dp_fl_at(struct diag_pcap *, size_t idx);
/* Hand a finding to opts.on_finding, with its tunnel note.  f may be
 * NULL (a finding that could not be kept). */
void	 dp_notify(struct diag_pcap *, const struct finding *f);
/* Evidence: the first seven frames, then the latest in the last slot;
 * m may be NULL or frame 0 (nothing known). */
void	 dp_ev_frame(struct diag_pcap *, struct finding *,
	    const struct flow_meta *m);
/* Append to buf the tunnels that carried session group, once. */
void	 dp_tunnel_note(const struct diag_pcap_file *, const char *group,
	    char *buf, size_t len);
/* A finding of the open file about group (a session key, "" or NULL
 * when global).  NULL when it could not be kept: a lost one sets
 * ctx->err, the limit is only counted. */
struct finding *dp_new_finding(struct diag_pcap *, enum finding_code,
	    const char *group, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
void	 dp_set_summary(struct finding *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 dp_append(struct finding *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The analyzer's state of s, made on first use; NULL with ctx->err set. */
struct psess *dp_ps_get(struct diag_pcap *, struct flow_session *s);
/* Side i's address, "?" when i is not 0 or 1. */
const char *dp_side_str(const struct flow_session *, int i, char *buf);
/* Which side is the Microsoft edge (or the --peer): -1 unknown. */
int	 dp_ms_side(const struct diag_pcap *, const struct flow_session *);

/*
 * The structured subject (diag.h) of the capture's findings.  A session's
 * "peer" is the side that listened on the BGP port, or when both did (or
 * neither is known) the side the first SYN went to, else the Microsoft
 * edge, else side 1.  dp_note_conn() records a connection's ports and
 * listener as its events arrive; dp_subj_session() fills a finding from
 * the session as known now (ports: the current connection's, else the
 * first one's), and dp_subj_final() redoes it for every finding of the
 * file when the file ends, when the OPENs and all connections are known,
 * and gives each finding its time span: that of its evidence frames, else
 * of its session, else of the file.
 */
void	 dp_note_conn(struct diag_pcap *, struct psess *,
	    const struct flow_conn *);
int	 dp_peer_side(const struct diag_pcap *, const struct flow_session *,
	    const struct psess *);
void	 dp_subj_session(struct diag_pcap *, struct finding *,
	    const struct flow_session *, const struct psess *);
/* Set f's ASNs from the OPENs its endpoints sent in s. */
void	 dp_subj_asns(struct finding *f, const struct flow_session *s);
/* The span of f's evidence frames; false when it has none. */
bool	 dp_ev_span(const struct finding *f, usec_t *from, usec_t *to);
/* The tags of one frame, outermost first (0 when untagged). */
void	 dp_subj_frame_vlan(struct finding *, const struct pkt_info *);
void	 dp_subj_final(struct diag_pcap *, struct flow_session *list);

/* ------------------------------------------------------------------ */
/* The pieces                                                          */
/* ------------------------------------------------------------------ */

/* The flow tracker's event callback (diag_pcap_event.c); arg is the
 * analyzer. */
void	 dp_on_event(void *arg, struct flow_session *, struct flow_conn *,
	    const struct flow_event *);
/* ARP and ICMP errors (diag_pcap_l2.c). */
void	 dp_arp_input(struct diag_pcap *, const struct pkt_info *,
	    const struct flow_meta *);
void	 dp_arp_ip_seen(struct diag_pcap *, const struct net_addr *src);
void	 dp_icmp_input(struct diag_pcap *, const struct pkt_info *,
	    const struct flow_meta *);
/* End-of-capture judgments (diag_pcap_judge.c): per session, then over
 * the file, then the severity rule over the file's findings. */
void	 dp_judge_tcp(struct diag_pcap *, struct flow_session *,
	    struct psess *);
void	 dp_judge_bgp(struct diag_pcap *, struct flow_session *,
	    struct psess *);
void	 dp_judge_file(struct diag_pcap *);
void	 dp_downgrade(struct diag_pcap *, struct flow_session *list);

#endif /* ERW_DIAG_PCAP_INT_H */
