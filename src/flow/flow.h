/*
 * flow: from decoded TCP segments to BGP sessions.  Three layers, each
 * usable alone:
 *
 *   flow_stream   one direction of one TCP connection: bounded reassembly
 *                 (out-of-order segments buffered, overlaps trimmed, holes
 *                 given up when the memory cap is reached or the receiver
 *                 acknowledges bytes the capture never showed) feeding a
 *                 BGP framer that cuts the byte stream into messages and
 *                 resynchronizes on the next marker after damage;
 *   flow_conn     one TCP connection (RFC 793/9293 handshake, RST, FIN,
 *                 windows, options 2/19/29) with its two streams;
 *   flow_session  one peer pair (unordered address pair, any number of
 *                 connections over time): the BGP session model, with
 *                 OPENs, negotiation (RFC 6793, 7911, 8654), Established
 *                 (both OPENs and a KEEPALIVE each way, RFC 4271 8.2.2),
 *                 teardowns, counters and a bounded timeline.
 *
 * struct flow_tracker holds the connection and session tables and reports
 * every event through one callback, so analyzers (diag/diag_pcap.c) can
 * judge as the capture streams by.  Memory is bounded by the number of live
 * connections and sessions (LIMIT_FLOWS, LIMIT_SESSIONS), never by the
 * capture size.  Nothing here prints.
 */
#ifndef ERW_FLOW_H
#define ERW_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp.h"
#include "net/net.h"
#include "pkt/pkt.h"
#include "util/util.h"

/* Where a piece of evidence was seen. */
struct flow_meta {
	uint64_t	frame;		/* 1-based frame number, 0 if none */
	usec_t		time;
};

/* Sequence number arithmetic modulo 2^32 (RFC 1982 style). */
#define FLOW_SEQ_LT(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define FLOW_SEQ_LEQ(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)
#define FLOW_SEQ_DIFF(a, b)	((int32_t)((uint32_t)(a) - (uint32_t)(b)))

/* ------------------------------------------------------------------ */
/* Stream: reassembly and BGP framing, one direction                   */
/* ------------------------------------------------------------------ */

enum flow_gap_why {
	FLOW_GAP_LIMIT,		/* buffer cap reached: the hole was skipped */
	FLOW_GAP_HOLE,		/* the hole never filled (end, or acked) */
	FLOW_GAP_SNAPLEN	/* the capture cut the payload */
};

struct flow_stream_ops {
	/* One whole BGP message, header included (len bytes at buf, valid
	 * during the call).  first: the segment holding its first byte;
	 * last: the segment that completed it. */
	void	(*msg)(void *ctx, const uint8_t *buf, size_t len,
		    const struct flow_meta *first,
		    const struct flow_meta *last);
	/* Bytes that cannot be a BGP header (bad marker, lying length,
	 * unknown type): the stream skips to the next valid header. */
	void	(*bad)(void *ctx, const struct bgp_error *,
		    const struct flow_meta *);
	/* Bytes lost for good; the framer resynchronizes after them. */
	void	(*gap)(void *ctx, enum flow_gap_why, uint64_t bytes,
		    const struct flow_meta *);
	/* A segment carried bytes already seen (delivered, or buffered)
	 * but different: bytes of them differ, the first at seq; orig is
	 * the frame that carried the first copy (frame 0 when no longer
	 * known), dup this segment.  The first copy stays. */
	void	(*mismatch)(void *ctx, uint32_t seq, uint64_t bytes,
		    const struct flow_meta *orig, const struct flow_meta *dup);
};

struct flow_seg;		/* a buffered out-of-order segment */
struct flow_hist;		/* recently delivered bytes */

struct flow_stream {
	const struct flow_stream_ops *ops;	/* may be NULL: count only */
	void		*ctx;
	bool		 started;	/* next is meaningful */
	uint32_t	 next;		/* next expected sequence number */
	struct flow_seg	*ooo;		/* sorted by seq, non-overlapping */
	unsigned	 nooo;
	size_t		 ooo_bytes;
	size_t		 cap_bytes;	/* LIMIT_REASM_BYTES_PER_DIR */
	unsigned	 cap_segs;	/* LIMIT_REASM_SEGMENTS_PER_DIR */
	/* framer */
	uint8_t		*pend;		/* a message not yet complete */
	size_t		 plen;
	size_t		 pcap;
	size_t		 need;		/* its length once the header is in */
	struct flow_meta pfirst;
	bool		 resync;	/* skipping to the next valid header */
	bool		 ext_msg;	/* RFC 8654: up to 65535 bytes */
	/* the last LIMIT_REASM_HISTORY_PER_DIR bytes delivered, to check
	 * later copies against (allocated with the first byte) */
	struct flow_hist *hist;
	bool		 hist_failed;	/* out of memory: none kept (nomem
					   is set) */
	/* counters */
	uint64_t	 bytes;		/* new payload bytes delivered */
	uint64_t	 retrans_segs;	/* segments carrying only old bytes */
	uint64_t	 overlap_bytes;	/* old bytes trimmed */
	uint64_t	 unchecked_bytes;	/* of which captured but too old
					   (or lost) to compare */
	uint64_t	 mismatch_segs;	/* segments whose old bytes differ */
	uint64_t	 mismatch_bytes;
	uint64_t	 gap_bytes;	/* bytes lost (all reasons) */
	uint64_t	 limit_bytes;	/* of which by the buffer cap */
	uint64_t	 skipped_bytes;	/* discarded while resynchronizing */
	uint64_t	 msgs;
	uint64_t	 bad;
	bool		 nomem;		/* an allocation failed: bytes were
					   lost, what it delivered is not
					   the whole stream */
};

/* Set up s (caller storage).  ops may be NULL. */
void	flow_stream_init(struct flow_stream *s,
	    const struct flow_stream_ops *ops, void *ctx);
/* Free what s buffers; s can be initialized again. */
void	flow_stream_release(struct flow_stream *s);
/* The stream's first data byte has sequence number seq (ISN + 1: the SYN
 * takes one).  Ignored once the stream has started: next never moves
 * back, or bytes would be delivered twice. */
void	flow_stream_start(struct flow_stream *s, uint32_t seq);

enum flow_seg_result {
	FLOW_SEG_NEW = 0,	/* at least one new byte */
	FLOW_SEG_RETRANS = 1,	/* every byte was seen before */
	FLOW_SEG_EMPTY = 2	/* no payload */
};

/*
 * One segment's payload: seq of its first byte, caplen bytes captured at
 * data out of len on the wire (caplen < len: the capture cut it, the rest
 * is a gap).  A stream that was not started starts here in resync mode
 * (the capture joined a connection mid-way; bytes before seq that come
 * later are old).  Every byte is delivered at most once, in order, and
 * the first copy captured is the one delivered: bytes seen before are
 * compared with it (ops->mismatch when they differ) and dropped; bytes
 * from the future fill only the holes of the buffer.  Messages, bad
 * headers, gaps and mismatches are reported through ops during the call.
 * Never fails: when the buffer cap is reached the oldest hole is given up
 * (FLOW_GAP_LIMIT, counted in limit_bytes).  When memory runs out, bytes
 * that cannot be buffered stay a hole (or later copies go unchecked) and
 * s->nomem is set: the owner must fail rather than judge the stream.
 */
enum flow_seg_result flow_stream_segment(struct flow_stream *s, uint32_t seq,
	    const uint8_t *data, size_t caplen, size_t len,
	    const struct flow_meta *meta);
/* The receiver acknowledged ack: bytes below it that the capture did not
 * show will never come; give them up (FLOW_GAP_HOLE). */
void	flow_stream_ack(struct flow_stream *s, uint32_t ack,
	    const struct flow_meta *meta);
/* End of the connection or capture: give up every hole, deliver what is
 * buffered, drop a partial message (bytes after it, if any come, are
 * searched for a header). */
void	flow_stream_flush(struct flow_stream *s, const struct flow_meta *meta);
/* Bytes currently buffered (out-of-order + partial message). */
size_t	flow_stream_buffered(const struct flow_stream *s);

/* ------------------------------------------------------------------ */
/* Events                                                              */
/* ------------------------------------------------------------------ */

enum flow_ev_type {
	FLOW_EV_SYN,		/* a new connection attempt */
	FLOW_EV_SYN_RETRANS,	/* the same SYN again */
	FLOW_EV_SYNACK,
	FLOW_EV_TCP_UP,		/* three-way handshake completed */
	FLOW_EV_RST,		/* aux: enum flow_rst_ctx */
	FLOW_EV_FIN,
	FLOW_EV_CONN_END,	/* the connection is over (RST, both FINs,
				   or end of capture: aux enum flow_end) */
	FLOW_EV_ZERO_WINDOW,
	FLOW_EV_RETRANS,	/* retransmitted data; n = payload bytes */
	FLOW_EV_GAP,		/* n bytes lost; aux enum flow_gap_why */
	FLOW_EV_BGP_MSG,	/* msg/neg valid during the callback; aux 1:
				   an UPDATE parsed with an inferred
				   negotiation (no OPEN pair seen) */
	FLOW_EV_BGP_BAD,	/* berr valid during the callback */
	FLOW_EV_BGP_UP,		/* Established; aux 1: it already was when
				   the capture started (no OPENs, KEEPALIVE
				   or UPDATE both ways) */
	FLOW_EV_BGP_DOWN,	/* an Established connection ended; aux:
				   enum flow_down_cause; superseded: n is
				   the new connection, sup describes it */
	FLOW_EV_SILENCE,	/* while Established: aux 0, n usec passed
				   since the sender's previous message (first:
				   that message) until meta, a message or the
				   end, reported when it is the longest yet;
				   aux 1, n usec between two KEEPALIVEs */
	FLOW_EV_OVERLAP_MISMATCH /* a segment (meta) carried bytes seen
				   before (first: the frame of the first
				   copy, frame 0 if no longer known) but
				   different: n bytes differ, the first at
				   seq; the first copy was kept */
};

/* FLOW_EV_SYN / FLOW_EV_SYN_RETRANS / FLOW_EV_SYNACK: tcp_opt bits */
#define FLOW_OPT_MD5	0x01	/* kind 19, RFC 2385 */
#define FLOW_OPT_AO	0x02	/* kind 29, RFC 5925 */
#define FLOW_OPT_MSS	0x04	/* mss is set */

/* FLOW_EV_CONN_END: n bits */
#define FLOW_END_F_UNANSWERED	0x01	/* the SYN never got an answer */
#define FLOW_END_F_NO_OPEN0	0x02	/* side 0 closed it after the
					   handshake without sending OPEN
					   while side 1 had sent one */
#define FLOW_END_F_NO_OPEN1	0x04
#define FLOW_END_F_MIDSTREAM	0x08

enum flow_rst_ctx {
	FLOW_RST_SYN,		/* in reply to a SYN (no listener) */
	FLOW_RST_ESTABLISHED,	/* on an established connection */
	FLOW_RST_FIN,		/* after a FIN */
	FLOW_RST_OTHER
};

enum flow_end {
	FLOW_END_RST,
	FLOW_END_FIN,
	FLOW_END_CAPTURE,	/* still open when the capture ended */
	FLOW_END_EVICTED	/* dropped from the table (LIMIT_FLOWS) */
};

/* FLOW_EV_BGP_DOWN: aux, why the session on that connection ended */
enum flow_down_cause {
	FLOW_DOWN_NOTIFICATION,	/* a NOTIFICATION (from: its sender) */
	FLOW_DOWN_FIN,
	FLOW_DOWN_RST,
	FLOW_DOWN_EVICTED,	/* out of the table, or a new SYN on its
				   4-tuple */
	FLOW_DOWN_SUPERSEDED,	/* a new connection between the same two
				   peers reached Established with no close
				   seen on this one (from: the side silent
				   longest) */
	FLOW_DOWN_COLLISION,	/* the loser of a connection collision
				   (RFC 4271 6.8): Cease 6/7, or closed while
				   the connection it collided with is up;
				   no teardown of the session */
	FLOW_DOWN_NCAUSES
};

/*
 * A connection superseded: its session ended when another connection
 * between the same two peers reached Established (RFC 4271 6.8: a speaker
 * has one session per peer, so the new one means the old one is gone,
 * whether or not its NOTIFICATION, FIN or RST reached the capture).  Its
 * last silence is measured up to that moment.
 */
struct flow_supersede {
	uint32_t	 old_conn, new_conn;
	struct flow_meta at;		/* the new connection's Established */
	bool		 has_hold;
	uint16_t	 hold;		/* negotiated on the old connection, or
					   (hold_from_new) on the new one when
					   the old showed no OPEN pair */
	bool		 hold_from_new;
	bool		 has_last[2];	/* by session side */
	struct flow_meta last[2];	/* its last message on the old
					   connection */
	usec_t		 silence[2];	/* from last[i] to at */
	int		 silent;	/* side silent longest, -1: none */
	bool		 expired[2];	/* silence[i] > hold > 0 */
	int		 restarter;	/* side whose new OPEN sets the
					   graceful restart Restart State bit
					   (RFC 4724 3) that its OPEN on the
					   old connection, with the capability,
					   did not; -1 */
	bool		 has_restart_time;
	uint16_t	 restart_time;	/* the restarter's, from that old
					   OPEN */
	bool		 id_changed[2];	/* the side's BGP identifier differs
					   between the two connections' OPENs */
	uint32_t	 old_id[2], new_id[2];
};

struct flow_conn;
struct flow_session;

struct flow_event {
	enum flow_ev_type	 type;
	int			 from;	/* session side of the sender, -1 */
	struct flow_meta	 meta;	/* the frame that shows it (the last
					   frame of a message) */
	struct flow_meta	 first;	/* first frame of a message */
	uint32_t		 conn_id;
	int			 aux;	/* rst ctx, end reason, gap why */
	uint64_t		 n;
	uint32_t		 seq;	/* TCP sequence of the segment */
	uint32_t		 len;	/* TCP payload length */
	uint8_t			 tcp_opt;	/* FLOW_OPT_* */
	uint16_t		 mss;
	/* FLOW_EV_BGP_MSG / FLOW_EV_BGP_BAD */
	uint8_t			 msg_type;
	const struct bgp_msg	*msg;
	const struct bgp_neg	*neg;
	const struct bgp_error	*berr;
	/* FLOW_EV_BGP_DOWN, FLOW_DOWN_SUPERSEDED */
	const struct flow_supersede *sup;
};

/* ------------------------------------------------------------------ */
/* Connections                                                         */
/* ------------------------------------------------------------------ */

enum flow_tcp_state {
	FLOW_TCP_SYN_SENT,	/* SYN seen, no answer yet */
	FLOW_TCP_SYN_RCVD,	/* SYN-ACK seen */
	FLOW_TCP_ESTABLISHED,	/* handshake done (or joined mid-way) */
	FLOW_TCP_CLOSING,	/* a FIN seen */
	FLOW_TCP_CLOSED		/* RST or both FINs */
};

/* One direction of a connection, indexed by the sender's session side. */
struct flow_side {
	struct net_addr	 addr;
	uint16_t	 port;
	struct flow_stream st;
	uint32_t	 isn;
	bool		 has_isn;
	uint32_t	 syns;		/* SYN (or SYN-ACK) segments sent */
	uint32_t	 rsts;
	uint32_t	 fins;
	uint32_t	 zero_windows;
	uint32_t	 retrans;	/* data segments sent again */
	bool		 md5;		/* option 19 seen from this side */
	bool		 ao;		/* option 29 */
	bool		 syn_md5;	/* option 19 on its SYN */
	bool		 syn_ao;
	bool		 has_mss;
	uint16_t	 mss;
	uint32_t	 max_payload;
	bool		 has_ack;	/* max_ack is meaningful */
	uint32_t	 max_ack;	/* highest ACK this side sent */
	/* path MTU black hole evidence: large segments sent again */
	uint32_t	 big_retrans;
	uint32_t	 big_size;
	uint32_t	 big_end;	/* end seq of the first one */
	struct flow_meta big_first, big_last;
	/* BGP */
	bool		 open;		/* OPEN received from this side */
	bool		 ka_after_open;
	bool		 notified;	/* sent a NOTIFICATION */
	/* from its OPEN on this connection */
	uint32_t	 bgp_id;
	bool		 has_gr;	/* graceful restart capability */
	bool		 gr_restart;	/* with the Restart State bit */
	uint16_t	 gr_time;
	struct bgp_neg	 neg;		/* for parsing what it sends */
	/* no OPEN pair on this connection (the capture started after
	 * them): the negotiation that last parsed its UPDATEs, 4-octet AS
	 * first (flow_tcp.c, parse_inferred()) */
	bool		 guess_init;
	struct bgp_neg	 guess;
	bool		 est_msg;	/* sent a KEEPALIVE or UPDATE with no
					   OPEN on either side */
	uint64_t	 announced;	/* prefixes on this connection */
	usec_t		 last_msg;
	bool		 has_last_msg;
	struct flow_meta last_msg_meta;
	bool		 has_last_ka;
	struct flow_meta last_ka_meta;
};

struct flow_conn {
	struct flow_conn	*hnext;		/* hash chain */
	struct flow_conn	*lnext, *lprev;	/* all connections, by age */
	struct flow_session	*sess;
	struct flow_tracker	*tr;
	uint32_t		 id;		/* 1-based, in order seen */
	enum flow_tcp_state	 state;
	int			 initiator;	/* side that sent the SYN, -1 */
	bool			 midstream;	/* joined without a handshake */
	bool			 synack;	/* a SYN-ACK was seen */
	bool			 rst_on_syn;
	bool			 tcp_up;
	bool			 bgp_up;
	bool			 was_bgp_up;
	bool			 ended;
	bool			 icmp;		/* an ICMP error quoted it */
	bool			 has_hold;	/* both OPENs seen on it */
	uint16_t		 hold;		/* negotiated on it */
	bool			 has_open_first;
	struct flow_meta	 open_first;	/* its first OPEN */
	struct flow_meta	 bgp_up_at;	/* Established */
	bool			 superseded;	/* its session ended when
						   another connection's
						   began */
	uint32_t		 collided;	/* the connection it collided
						   with (both in OpenSent or
						   OpenConfirm at once), 0 */
	struct flow_meta	 syn, up, end;
	struct flow_side	 side[2];	/* by session side */
	/* the sender currently being framed (stream callbacks) */
	int			 cur;
	struct flow_meta	 cur_meta;
};

/* ------------------------------------------------------------------ */
/* Sessions                                                            */
/* ------------------------------------------------------------------ */

#define FLOW_TL_HEAD	24	/* first events kept per session */
#define FLOW_TL_TAIL	24	/* last events kept (ring) */
#define FLOW_MAX_VLANS	8
#define FLOW_MAX_NOTIF	32	/* NOTIFICATIONs kept per session */
#define FLOW_KA_SAMPLES	257	/* keepalive intervals kept for the median */
#define FLOW_MAX_SUPERSEDE 8	/* supersessions kept per session */
#define FLOW_UP_TRACK	8	/* Established connections per session the
				   tracker checks for supersession: more at
				   once is a collision storm, not worth a
				   quadratic scan */

/* A compact copy of an event, for the timeline. */
struct flow_tl_event {
	uint8_t		 type;		/* enum flow_ev_type */
	int8_t		 from;
	uint8_t		 msg_type;
	uint8_t		 code, subcode;
	int		 aux;
	uint32_t	 conn_id;
	uint32_t	 asn;		/* OPEN */
	uint16_t	 hold;		/* OPEN */
	uint32_t	 bgp_id;	/* OPEN */
	uint64_t	 n;
	struct flow_meta meta;
};

struct flow_notif {
	int		 from;
	uint8_t		 code, subcode;
	uint32_t	 conn_id;
	struct flow_meta meta;
};

struct flow_sess_side {
	struct net_addr	 addr;
	bool		 has_open;
	struct bgp_open	 open;		/* the last OPEN it sent */
	struct flow_meta open_meta;
	uint32_t	 asn;		/* effective (capability 65) */
	bool		 asn_from_path;	/* no OPEN seen: asn is the first
					   ASN of its UPDATEs' AS_PATH */
	uint64_t	 msgs[BGP_MSG_TYPE_MAX + 1];	/* [0]: unknown */
	uint64_t	 announced;	/* NLRI entries, IPv4 + MP */
	uint64_t	 withdrawn;
	bool		 default_route;
	struct flow_meta default_meta;
	char		 default_pfx[NET_PREFIX_STRLEN];
	bool		 md5, ao;
	bool		 syn_md5;	/* a SYN from it carried option 19 */
	bool		 syn_plain;	/* a SYN from it had no option 19 */
	bool		 has_mss;
	uint16_t	 mss;
	uint32_t	 syns;		/* SYN segments, retransmissions too */
	uint32_t	 attempts;	/* connections it initiated */
	uint32_t	 synacks;	/* SYN-ACKs it sent */
	uint32_t	 rst_on_syn;	/* SYNs it answered with RST */
	uint32_t	 rsts, fins;
	uint32_t	 retrans;
	uint32_t	 zero_windows;
	uint64_t	 gap_bytes, limit_bytes;
	uint32_t	 no_open_closes;	/* closed a connection after
						   the handshake without OPEN */
	/* keepalive statistics while Established: the longest silence
	 * between messages, and intervals between KEEPALIVEs */
	usec_t		 longest_silence;
	struct flow_meta silence_from, silence_to;
	uint32_t	 nka;		/* intervals sampled */
	usec_t		 ka[FLOW_KA_SAMPLES];
	/* path MTU black hole evidence, summed over connections */
	uint32_t	 big_retrans_unacked;
	uint32_t	 big_size;
	struct flow_meta big_first, big_last;
	bool		 acked_small;	/* its small segments were acked */
};

struct flow_session {
	struct flow_session	*hnext;
	struct flow_session	*lnext;		/* in order of creation */
	uint32_t		 id;
	char			 key[2 * NET_ADDR_STRLEN + 4];	/* "a - b" */
	struct flow_sess_side	 side[2];	/* side[0] < side[1] */
	struct flow_meta	 first, last;
	uint32_t		 conns;		/* TCP connections seen */
	uint32_t		 tcp_up;	/* handshakes completed */
	uint32_t		 rst_on_syn;	/* attempts refused */
	uint32_t		 unanswered;	/* attempts never answered */
	uint32_t		 icmp_errors;	/* ICMP errors about its
						   connections */
	uint32_t		 midstream;	/* joined without handshake */
	uint32_t		 establishments;
	uint32_t		 up_at_start;	/* connections already
						   Established when the
						   capture started */
	uint64_t		 inferred_updates;	/* UPDATEs parsed
						   with an inferred
						   negotiation */
	uint32_t		 teardowns;	/* collisions excluded */
	uint32_t		 down_causes[FLOW_DOWN_NCAUSES];
	unsigned		 nsup;		/* kept in sup[] */
	uint32_t		 nsup_total;	/* supersessions */
	struct flow_supersede	 sup[FLOW_MAX_SUPERSEDE];
	bool			 up;		/* Established now (on any of
						   its connections) */
	uint32_t		 nup;		/* connections Established */
	struct flow_meta	 up_since;
	bool			 has_hold;
	uint16_t		 hold;		/* negotiated, last */
	uint16_t		 nvlan;
	uint16_t		 vlans[FLOW_MAX_VLANS];	/* distinct VLAN IDs,
						   outer tags first */
	unsigned		 nnotif;
	unsigned		 nnotif_total;
	struct flow_notif	 notif[FLOW_MAX_NOTIF];
	/* timeline: first FLOW_TL_HEAD, then a ring of the last */
	uint64_t		 ntl;		/* events ever recorded */
	struct flow_tl_event	 tl_head[FLOW_TL_HEAD];
	struct flow_tl_event	 tl_tail[FLOW_TL_TAIL];
	void			*user;		/* for the analyzer */
	/* the tracker's (flow_tcp.c): its Established connections, and how
	 * many live connections have sent an OPEN */
	struct flow_conn	*upc[FLOW_UP_TRACK];
	unsigned		 nupc;
	uint32_t		 nopening;
};

/* Timeline accessors: i in [0, flow_session_tl_count()) in time order; the
 * events between the head and the tail that were not kept are skipped
 * (flow_session_tl_skipped() tells how many, shown between index
 * FLOW_TL_HEAD - 1 and FLOW_TL_HEAD). */
size_t	flow_session_tl_count(const struct flow_session *);
uint64_t flow_session_tl_skipped(const struct flow_session *);
const struct flow_tl_event *flow_session_tl(const struct flow_session *,
	    size_t i);
/* The side index of addr in s, -1 if not a member. */
int	flow_session_side(const struct flow_session *, const struct net_addr *);
/* Median of the keepalive intervals sampled from side i, 0 if none. */
usec_t	flow_session_ka_median(const struct flow_session *, int i);
/* Record a VLAN stack seen on the session's frames (outermost first). */
void	flow_session_add_vlans(struct flow_session *, const struct pkt_info *);
/* Add an event to the session model and its timeline (flow_tracker calls
 * it; exposed for tests that drive the model with synthetic events). */
void	flow_session_record(struct flow_session *, const struct flow_event *);
/*
 * The judgement when connection nw reaches Established (at) while old is
 * still Established: *out describes the supersession (silences up to at,
 * against old's hold time or else nw's, graceful restart, BGP identifier
 * changes).  Returns false when the two collided instead (nw's first OPEN
 * came before old was Established: RFC 4271 6.8, resolved by closing one),
 * which is no supersession.
 */
bool	flow_supersede_judge(const struct flow_conn *old,
	    const struct flow_conn *nw, const struct flow_meta *at,
	    struct flow_supersede *out);
/* "notification", "superseded", ... */
const char *flow_down_cause_name(int cause);
/* A standalone session (tests): caller frees with free(). */
struct flow_session *flow_session_new_pair(const struct net_addr *,
	    const struct net_addr *, struct err *);

/* ------------------------------------------------------------------ */
/* Tracker                                                             */
/* ------------------------------------------------------------------ */

struct flow_tracker_opts {
	uint16_t	 port;		/* BGP port, 179 */
	size_t		 reasm_bytes;	/* per direction; 0: the LIMIT_ */
	unsigned	 reasm_segs;
	/* Called for every event, in capture order.  May be NULL. */
	void		(*event)(void *ctx, struct flow_session *,
			    struct flow_conn *, const struct flow_event *);
	void		*ctx;
};

struct flow_tracker;

/* A new tracker, or NULL with e set (ERR_NOMEM). Free with
 * flow_tracker_free(). */
struct flow_tracker *flow_tracker_new(const struct flow_tracker_opts *,
	    struct err *e);
/*
 * Feed one decoded frame (TCP to or from the BGP port; anything else is
 * ignored and 0 returned).  Returns 1 when the frame belonged to a tracked
 * connection, 0 when ignored, -1 with e set on a resource failure (ERR_NOMEM,
 * also when a stream could not buffer its bytes, or ERR_LIMIT past
 * LIMIT_SESSIONS).  After ERR_NOMEM the tracker's picture is incomplete.
 */
int	flow_tracker_input(struct flow_tracker *, const struct pkt_info *,
	    const struct flow_meta *, struct err *e);
/* End of the capture: flush every stream, end every connection
 * (FLOW_END_CAPTURE) and free them.  Sessions stay. */
void	flow_tracker_finish(struct flow_tracker *, const struct flow_meta *);
/* -1 with e set (ERR_NOMEM) when a stream lost bytes to an allocation
 * failure since the tracker was made (during flow_tracker_finish() too);
 * else 0. */
int	flow_tracker_check(const struct flow_tracker *, struct err *e);
/* The connection with this 4-tuple (either direction), NULL if none. */
struct flow_conn *flow_tracker_find(struct flow_tracker *,
	    const struct net_addr *src, uint16_t sport,
	    const struct net_addr *dst, uint16_t dport);
/* An ICMP error quoting one of c's segments arrived (the analyzer matched
 * it): the attempt was answered, by a router. */
void	flow_conn_icmp(struct flow_conn *c, const struct flow_meta *);
/* Sessions in order of creation. */
struct flow_session *flow_tracker_sessions(struct flow_tracker *);
size_t	flow_tracker_nsessions(const struct flow_tracker *);
/* Number of TCP SYNs to or from the port seen so far. */
uint64_t flow_tracker_syns(const struct flow_tracker *);
/* Take the session list away from the tracker (the caller frees each with
 * flow_session_free()); the tracker forgets them and keeps working. */
struct flow_session *flow_tracker_detach_sessions(struct flow_tracker *);
void	flow_session_free(struct flow_session *);
void	flow_tracker_free(struct flow_tracker *);

#endif /* ERW_FLOW_H */
