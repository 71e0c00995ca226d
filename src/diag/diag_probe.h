/*
 * diag_probe: judgments on what the live tools saw.  Connect probes, the
 * BGP OPEN exchange, the SYN traceroute and a live capture's kernel drop
 * count become findings from the catalog, with "probe N" / "hop N" notes
 * as evidence.  No I/O here: the records come from probe/ and capture/,
 * the renderers in report/ and cli/ print.  Subjects: this host local,
 * the target peer (address and port), a BGP probe's ASNs, and the wall-
 * clock span the probes ran (the records' started/ended).
 */
#ifndef ERW_DIAG_PROBE_H
#define ERW_DIAG_PROBE_H

#include "diag/diag.h"
#include "probe/probe.h"

/* Hold times below this are reported (BGP_HOLD_TIME_SHORT). */
#define DIAG_PROBE_MIN_HOLD	30

/*
 * Findings for n connect probes to t: TCP_SYN_UNANSWERED (filtered),
 * TCP_RST_ON_SYN (refused), PROBE_ICMP_UNREACHABLE (with the reporting
 * router), PROBE_NO_ROUTE.  Nothing when every probe was open.  Returns 0,
 * -1 when the list cannot grow.
 */
int	diag_probe_tcp(struct finding_list *, const struct probe_target *t,
	    const struct probe_tcp_result *res, size_t n);

/* The outcome of a series of connect probes, for the renderers. */
struct diag_probe_tcp_summary {
	enum probe_verdict	 verdict;	/* open if any probe was open,
						   else the first failure's */
	unsigned		 nopen;
	unsigned		 nfail;
	usec_t			 rtt_min;	/* over the open probes; 0 */
	usec_t			 rtt_max;	/* when none was open */
	usec_t			 rtt_sum;
};

/* Sum up n connect probe results into s (never fails). */
void	diag_probe_tcp_summarize(const struct probe_tcp_result *res,
	    size_t n, struct diag_probe_tcp_summary *s);

/*
 * Findings for one BGP OPEN exchange: the connection outcome as above,
 * then BGP_NOTIFICATION (decoded code/subcode), BGP_OPEN_PEER_AS_MISMATCH
 * (when o->peer_as is set), BGP_HOLD_TIME_SHORT, BGP_CAPABILITY_MISSING
 * (4-octet AS, multiprotocol IPv4), BGP_PEER_RESET_NO_OPEN, BGP_MALFORMED
 * and BGP_ESTABLISHED.  Returns 0 or -1.
 */
int	diag_probe_bgp(struct finding_list *, const struct probe_target *t,
	    const struct probe_bgp_opts *o, const struct probe_bgp_result *r);

/*
 * Findings for a trace: where the SYNs died.  PROBE_ICMP_UNREACHABLE when
 * a router rejected them, TCP_SYN_UNANSWERED naming the last hop that
 * answered when they vanished, TCP_RST_ON_SYN when the destination reset.
 * Returns 0 or -1.
 */
int	diag_probe_trace(struct finding_list *, const struct probe_target *t,
	    const struct trace_result *r);

/* CAPTURE_KERNEL_DROPS when drops > 0 (ps_drop + ps_ifdrop). */
int	diag_capture_drops(struct finding_list *, const char *input,
	    uint64_t drops);

#endif /* ERW_DIAG_PROBE_H */
