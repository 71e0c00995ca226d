/*
 * diag_pcap: the capture analyzer.  Frames go in one at a time (from a file
 * through capture/, or live from `erwatch capture --analyze`), are decoded
 * by pkt/, tracked and reassembled by flow/, and judged here: ARP, ICMP
 * errors, TCP handshakes, MD5, retransmissions, BGP messages, timers and
 * teardowns become findings from the catalog.  Incremental: findings that
 * are certain when their frame arrives (a NOTIFICATION, an RST, an ICMP
 * error) are emitted at once through an optional callback; the judgments
 * that need the whole capture (unanswered SYNs, keepalive gaps, flaps,
 * severity downgrades after a later recovery) are made by
 * diag_pcap_file_end().
 *
 * Usage:
 *	ctx = diag_pcap_new(&opts, &e);
 *	for each file: diag_pcap_file_begin(ctx, name, dlt, &e);
 *		while (cap_next(...) == 1) diag_pcap_feed(ctx, &rec);
 *		diag_pcap_file_end(ctx, error_or_NULL);
 *	diag_pcap_finish(ctx, &findings);
 *	... render with diag_pcap_nfiles()/diag_pcap_file() ...
 *	diag_pcap_free(ctx);
 */
#ifndef ERW_DIAG_PCAP_H
#define ERW_DIAG_PCAP_H

#include <stdbool.h>
#include <stdint.h>

#include "capture/capture.h"
#include "diag/diag.h"
#include "flow/flow.h"
#include "net/net.h"
#include "util/util.h"

/* One BGP message as decoded, for --dump-messages and live displays. */
struct diag_pcap_msg {
	const char		*file;
	uint64_t		 frame;		/* the segment completing it */
	uint64_t		 first_frame;	/* the segment starting it */
	usec_t			 time;
	const struct net_addr	*src, *dst;
	const struct flow_session *sess;
	uint32_t		 conn_id;
	uint8_t			 type;
	bool			 parsed;	/* false: m is not valid */
	const struct bgp_msg	*m;		/* valid during the call */
	const struct bgp_neg	*neg;
};

struct diag_pcap_opts {
	uint16_t	 port;		/* BGP port; 0 means 179 */
	bool		 has_peer;	/* focus on sessions with peer */
	struct net_addr	 peer;
	bool		 has_expect_peer_as;
	uint32_t	 expect_peer_as;
	bool		 has_expect_local_as;
	uint32_t	 expect_local_as;
	unsigned	 min_hold;	/* seconds; 0 means 30 */
	bool		 timeline;	/* keep a described line per message
					   (bgp_msg_describe), for --timeline */
	/* Called with each finding as soon as it is emitted mid-stream
	 * (and for the end-of-file ones from diag_pcap_file_end()).  The
	 * pointer is valid during the call; severities may still be lowered
	 * at the end of the file.  May be NULL. */
	void		(*on_finding)(void *ctx, const struct finding *);
	/* Called for each BGP message decoded.  May be NULL. */
	void		(*on_message)(void *ctx, const struct diag_pcap_msg *);
	void		*cb_ctx;
};

/* What the analyzer kept of one session, for the renderers. */
struct diag_pcap_session {
	struct flow_session *fs;	/* the model (flow.h) */
	int		 ms_side;	/* side of the Microsoft edge / the
					   peer, -1 unknown */
	struct sb	 timeline;	/* --timeline text, one message per
					   block, "" without the option */
};

/* One analyzed capture. */
/*
 * One tunnel that carried a BGP session's segments: the layers taken off
 * (outermost first) and the session ("a - b", as flow_session.key) they
 * carried, with how many segments it carried.
 */
struct diag_pcap_tunnel {
	uint8_t		 nencap;
	struct pkt_encap encap[PKT_MAX_ENCAP];
	struct net_addr	 lo, hi;		/* the session's pair, sorted */
	char		 session[2 * NET_ADDR_STRLEN + 4];
	char		 desc[2 * PKT_ENCAP_STRLEN];	/* pkt_encap_chain_str */
	uint64_t	 frames;
	uint64_t	 first_frame;
};

struct diag_pcap_file {
	char		 name[256];
	int		 dlt;
	const char	*dlt_name;
	uint64_t	 frames;
	uint64_t	 bytes;		/* captured bytes */
	usec_t		 first, last;	/* 0 if no frame */
	uint64_t	 undecodable;	/* frames pkt could not decode */
	uint64_t	 truncated;	/* frames cut by the snaplen */
	uint16_t	 nvlan;
	uint16_t	 vlans[16];	/* distinct VLAN IDs seen (any depth) */
	uint64_t	 arp_requests, arp_replies;
	uint64_t	 bgp_messages;
	uint64_t	 tunneled;	/* frames that came inside a tunnel */
	size_t		 ntunnels;	/* <= LIMIT_TUNNELS_PER_FILE */
	struct diag_pcap_tunnel tunnels[LIMIT_TUNNELS_PER_FILE];
	uint64_t	 tunnels_dropped;	/* BGP segments of tunnels past
						   the limit */
	bool		 failed;	/* an input error stopped the reading */
	struct err	 error;		/* that error */
	size_t		 nsessions;
	struct diag_pcap_session *sessions;
	struct finding_list findings;	/* this file's findings */
};

struct diag_pcap;

/*
 * A new analyzer.  opts is copied.  Returns NULL with e set (ERR_NOMEM).
 */
struct diag_pcap *diag_pcap_new(const struct diag_pcap_opts *opts,
	    struct err *e);
/*
 * Start a capture: name (for evidence), link type.  Returns 0, or -1 with
 * e set: ERR_INPUT naming the file when pkt cannot decode the link type
 * (the file is recorded as failed; the analyzer stays usable for the next
 * one), ERR_USAGE when a file is already open, the earlier resource
 * failure (ERR_NOMEM) when one happened: the analyzer is then unusable.
 */
int	diag_pcap_file_begin(struct diag_pcap *, const char *name, int dlt,
	    struct err *e);
/*
 * Record a capture that could not be opened at all (missing, not a
 * capture): it appears in the files with its error, and nothing else
 * happens.  Returns 0, or -1 with e set (ERR_NOMEM, or ERR_USAGE when a
 * file is open).
 */
int	diag_pcap_file_failed(struct diag_pcap *, const char *name,
	    const struct err *why, struct err *e);
/*
 * One frame.  Returns 0, or -1 with e set on a resource failure (ERR_NOMEM,
 * ERR_LIMIT): the caller stops.  Bad bytes in the frame are never an error
 * here: they become findings.
 */
int	diag_pcap_feed(struct diag_pcap *, const struct cap_record *,
	    struct err *e);
/*
 * End the current capture.  input_err (may be NULL) is the error that
 * stopped the reading (truncated or damaged file): it becomes a
 * CAPTURE_TRUNCATED finding and the file is marked failed.  Flushes the
 * streams and makes the end-of-capture judgments.  Always hands the
 * sessions over or frees them.  Returns 0, or -1 when a resource failed
 * during the file (a finding, a session, the timeline could not be kept):
 * diag_pcap_finish() then reports it.
 */
int	diag_pcap_file_end(struct diag_pcap *, const struct err *input_err);
/* Files analyzed so far (including failed ones), in order. */
size_t	diag_pcap_nfiles(const struct diag_pcap *);
const struct diag_pcap_file *diag_pcap_file(const struct diag_pcap *,
	    size_t i);
/*
 * Ends an open capture, then appends every file's findings to out (in file
 * order).  Returns 0, or -1 with e set (ERR_NOMEM) when out cannot grow or
 * anything of the analysis was lost to an allocation failure: a partial
 * result is never passed off as the whole.
 */
int	diag_pcap_finish(struct diag_pcap *, struct finding_list *out,
	    struct err *e);
/* Counts of BGP messages seen so far in the open capture (progress). */
uint64_t diag_pcap_messages(const struct diag_pcap *);
void	diag_pcap_free(struct diag_pcap *);

#endif /* ERW_DIAG_PCAP_H */
