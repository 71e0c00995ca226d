/*
 * Log lines: what a router's syslog, its `debug ip bgp` / `debug bgp
 * neighbor-events` output and the daemons' own log files say about a
 * session.  Each line: its stamp (router_time.c), then the message, read
 * by phrases, most specific first:
 *  - adjacency changes: IOS/NX-OS "%BGP-5-ADJCHANGE: neighbor A Up|Down
 *    reason", XR "%ROUTING-BGP-5-ADJCHANGE : neighbor A Down - reason
 *    (VRF: v)", FRR "%ADJCHANGE: neighbor A(host) in vrf v Down reason",
 *    Junos "RPD_BGP_NEIGHBOR_STATE_CHANGED: BGP peer A (External AS N)
 *    changed state from Established to Idle (event HoldTime)", FSM debug
 *    "A went from OpenConfirm to Established", BIRD "BGP session
 *    established" / "Down";
 *  - NOTIFICATIONs with code/subcode: "%BGP-3-NOTIFICATION: sent to
 *    neighbor A 4/0 (hold time expired)", "received from neighbor A 6/4",
 *    debug "A sending NOTIFICATION 2/2", Junos "NOTIFICATION received from
 *    A (External AS N): code 6 (Cease) subcode 4 (...)", BIRD "Received:
 *    Bad peer AS" and "Error: ..." (codes from the reason's words);
 *  - TCP MD5: IOS "%TCP-6-BADAUTH: Invalid MD5 digest from A(p) to B(p)"
 *    and "No MD5 digest", "%TCP-6-NOAUTH", XR "%IP-TCP-3-BADAUTH", Junos
 *    kernel "tcp_auth_ok: Packet from A:p missing|wrong MD5 digest",
 *    Linux "TCP: MD5 Hash failed|mismatch|not found|unexpected for (A,
 *    p)->(B, p)";
 *  - TCP connection failures ("TCP_connection_open_failed", "open
 *    failed", "Connection refused", "Connection timed out", "TCP
 *    connection failed", Junos BGP_CONNECT_FAILED), "sending OPEN", hold
 *    timer expiry without a NOTIFICATION line, maximum-prefix (IOS
 *    %BGP-4-MAXPFX threshold / %BGP-3-MAXPFXEXCEED, FRR %MAXPFX /
 *    %MAXPFXEXCEED, XR, Junos BGP_PREFIX_THRESH_EXCEEDED /
 *    BGP_PREFIX_LIMIT_EXCEEDED, BIRD import limits).
 *  - link state of the interface toward the provider: IOS/EOS
 *    "%LINK-3-UPDOWN: Interface Gi0/0/1, changed state to down" and
 *    "%LINEPROTO-5-UPDOWN: Line protocol on Interface Gi0/0/1.100,
 *    changed state to up", XR "%PKT_INFRA-LINK-3-UPDOWN : Interface
 *    Te0/0/0/0, changed state to Down", NX-OS "%ETHPORT-5-IF_DOWN_...:
 *    Interface Ethernet1/1 is down (Link failure)" / "%ETHPORT-5-IF_UP",
 *    Junos "SNMP_TRAP_LINK_DOWN: ifIndex 526, ..., ifName xe-0/0/0.100",
 *    Linux "eth1: Link is Down" / "NIC Link is Up 10000 Mbps".
 * BIRD names its protocol, not the peer: the protocol's address comes
 * from its own "Connecting to A" / "Incoming connection from A" lines, or
 * later from `show protocols all` (router_doc_finish()).
 */
#include <string.h>

#include "router_int.h"

#define MAX_TOK		48
#define BIRD_MAP_MAX	32

struct bird_map {
	char		 proto[32];
	struct net_addr	 addr;
};

struct logp {
	struct rparse	*rp;
	struct bird_map	 map[BIRD_MAP_MAX];
	size_t		 nmap;
	size_t		 first_event;	/* index in doc->events */
	long		 stamped, bgpish, lines;
};

/* The first address among the tokens of m[0..n), or after `word`. */
static bool
addr_in(const char *m, size_t n, const char *word, struct net_addr *out)
{
	struct rtok t[MAX_TOK];
	size_t k, i;
	long at = 0;

	if (word != NULL) {
		if ((at = rfind(m, n, word)) < 0)
			return false;
		at += (long)strlen(word);
		k = rtok_split(m + at, n - (size_t)at, t, 1);
		return k == 1 && raddr_parse(t[0].s, t[0].n, out) == 0;
	}
	k = rtok_split(m, n, t, MAX_TOK);
	for (i = 0; i < k; i++)
		if (memchr(t[i].s, '.', t[i].n) != NULL ||
		    memchr(t[i].s, ':', t[i].n) != NULL)
			if (raddr_parse(t[i].s, t[i].n, out) == 0)
				return true;
	return false;
}

/* "a/b" as the first such token of m (IOS, FRR "4/0"). */
static bool
code_pair(const char *m, size_t n, int *code, int *sub)
{
	struct rtok t[MAX_TOK];
	size_t k = rtok_split(m, n, t, MAX_TOK), i;
	const char *sl;
	uint64_t a, b;

	for (i = 0; i < k; i++) {
		if ((sl = memchr(t[i].s, '/', t[i].n)) == NULL)
			continue;
		if (rparse_u64(t[i].s, (size_t)(sl - t[i].s), &a) == 0 &&
		    rparse_u64(sl + 1, t[i].n - (size_t)(sl + 1 - t[i].s),
		    &b) == 0 && a <= 255 && b <= 255) {
			*code = (int)a;
			*sub = (int)b;
			return true;
		}
	}
	return false;
}

/* Junos "code 6 (Cease) subcode 4 (...)" */
static bool
code_words(const char *m, size_t n, int *code, int *sub)
{
	long at = rfind(m, n, "code ");
	int64_t v;

	if (at < 0 || (at > 0 && m[at - 1] != ' '))
		return false;
	if ((v = rnum_after(m + at + 5, 3, NULL)) < 0 || v > 255)
		return false;
	*code = (int)v;
	*sub = 0;	/* Junos leaves out "subcode 0" */
	if ((at = rfind(m, n, "subcode ")) >= 0 &&
	    (v = rnum_after(m + at + 8, n - (size_t)at - 8 < 3 ?
	    n - (size_t)at - 8 : 3, NULL)) >= 0 && v <= 255)
		*sub = (int)v;
	return true;
}

/* The reason text after `word` (to the end, or to " (VRF"/" (AS"). */
static void
reason_after(struct router_event *ev, const char *m, size_t n,
    const char *word)
{
	long at = rfind(m, n, word), e;
	const char *s;
	size_t sn;

	if (at < 0)
		return;
	s = m + at + strlen(word);
	sn = n - (size_t)at - strlen(word);
	rtrim(&s, &sn);
	while (sn > 0 && (s[0] == '-' || s[0] == ':' || s[0] == ' ')) {
		s++;
		sn--;
	}
	if ((e = rfind(s, sn, " (VRF")) >= 0 ||
	    (e = rfind(s, sn, " (AS:")) >= 0 ||
	    (e = rfind(s, sn, " (instance")) >= 0)
		sn = (size_t)e;
	if (sn > 0)
		rcopy(ev->reason, sizeof(ev->reason), s, sn);
}

static void
vrf_in(struct router_event *ev, const char *m, size_t n)
{
	struct rtok t[2];
	long at;

	if ((at = rfind(m, n, "(VRF: ")) >= 0 ||
	    (at = rfind(m, n, " in vrf ")) >= 0 ||
	    (at = rfind(m, n, " vrf ")) >= 0 ||
	    (at = rfind(m, n, "(instance ")) >= 0) {
		const char *s = memchr(m + at + 1, ' ', n - (size_t)at - 1);
		size_t k;

		if (s == NULL)
			return;
		if (rstarts(s, n - (size_t)(s - m), " vrf "))
			s += 4;
		k = rtok_split(s, n - (size_t)(s - m), t, 1);
		if (k == 1)
			rvrf(ev->vrf, sizeof(ev->vrf), t[0].s, t[0].n);
	}
}

static void
vendor_of(struct router_event *ev, const char *s, size_t n)
{
	if (rfind(s, n, "%ROUTING-BGP") >= 0 || rfind(s, n, "%IP-TCP") >= 0 ||
	    rfind(s, n, "RP/0/") >= 0)
		ev->vendor = ROUTER_VENDOR_XR;
	else if (rfind(s, n, "rpd[") >= 0 || rfind(s, n, "RPD_") >= 0 ||
	    rfind(s, n, "tcp_auth_ok") >= 0 || rfind(s, n, "BGP_PREFIX") >= 0)
		ev->vendor = ROUTER_VENDOR_JUNOS;
	else if (rfind(s, n, "%BGP-") >= 0 || rfind(s, n, "%TCP-") >= 0 ||
	    rfind(s, n, "%BGP_") >= 0)
		ev->vendor = rfind(s, n, " bgp-") >= 0 ?
		    ROUTER_VENDOR_NXOS : ROUTER_VENDOR_IOS;
	else if (rfind(s, n, "bgpd[") >= 0 || rfind(s, n, "BGP: [") >= 0 ||
	    rfind(s, n, "%ADJCHANGE") >= 0 || rfind(s, n, "%NOTIFICATION") >= 0)
		ev->vendor = ROUTER_VENDOR_FRR;
	else if (rfind(s, n, "<RMT>") >= 0 || rfind(s, n, "<TRACE>") >= 0 ||
	    rfind(s, n, "<INFO>") >= 0 || rfind(s, n, "<ERR>") >= 0 ||
	    rfind(s, n, "<WARN>") >= 0 || rfind(s, n, " bird:") >= 0 ||
	    rfind(s, n, " bird[") >= 0)
		ev->vendor = ROUTER_VENDOR_BIRD;
	else if (rfind(s, n, "MD5 Hash") >= 0 || rfind(s, n, "kernel") >= 0)
		ev->vendor = ROUTER_VENDOR_LINUX;
	else if (rstarts(s, n, "BGP: "))
		ev->vendor = ROUTER_VENDOR_IOS;	/* debug ip bgp */
}

/* BIRD: "<TRACE> tb_peer: msg" or "bird: tb_peer: msg" -> proto, msg. */
static bool
bird_msg(const char *m, size_t n, char *proto, size_t plen, const char **bm,
    size_t *bn)
{
	struct rtok t[3];
	size_t k, o = 0;
	const char *gt;

	if (rstarts(m, n, "<")) {
		if ((gt = memchr(m, '>', n)) == NULL)
			return false;
		o = (size_t)(gt + 1 - m);
	} else if (rstarts(m, n, "bird: ") || rstarts(m, n, "bird[")) {
		const char *c = memchr(m, ':', n);

		if (c == NULL)
			return false;
		o = (size_t)(c + 1 - m);
	} else
		return false;
	k = rtok_split(m + o, n - o, t, 2);
	if (k < 2 || t[0].s[t[0].n - 1] != ':')
		return false;
	rcopy(proto, plen, t[0].s, t[0].n - 1);
	*bm = t[1].s;
	*bn = n - (size_t)(t[1].s - m);
	return true;
}

static void
bird_learn(struct logp *lp, const char *proto, const struct net_addr *a)
{
	size_t i;

	for (i = 0; i < lp->nmap; i++)
		if (strcmp(lp->map[i].proto, proto) == 0)
			return;
	if (lp->nmap < BIRD_MAP_MAX) {
		str_copy(lp->map[lp->nmap].proto, proto,
		    sizeof(lp->map[0].proto));
		lp->map[lp->nmap++].addr = *a;
	}
}

/* BIRD's own messages (after "proto: "). 1 when an event was made. */
static int
bird_line(struct logp *lp, struct router_event *ev, const char *m, size_t n)
{
	struct net_addr a;
	int c, sc;

	if (rstarts(m, n, "Connecting to ") && addr_in(m, n, "Connecting to ",
	    &a)) {
		bird_learn(lp, ev->proto, &a);
		return 0;
	}
	if (rstarts(m, n, "Incoming connection from ") &&
	    addr_in(m, n, "connection from ", &a)) {
		bird_learn(lp, ev->proto, &a);
		return 0;
	}
	if (rstarts(m, n, "BGP session established"))
		ev->kind = ROUTER_EV_UP;
	else if (req(m, n, "Down"))
		ev->kind = ROUTER_EV_DOWN;
	else if (rstarts(m, n, "Received: ")) {
		ev->kind = ROUTER_EV_NOTIF_RECEIVED;
		rcopy(ev->reason, sizeof(ev->reason), m + 10, n - 10);
		if (router_notification_parse(m, n, &c, &sc) == 0) {
			ev->code = c;
			ev->subcode = sc;
		}
	} else if (rstarts(m, n, "Error: ")) {
		rcopy(ev->reason, sizeof(ev->reason), m + 7, n - 7);
		if (router_notification_parse(m, n, &c, &sc) == 0) {
			ev->code = c;
			ev->subcode = sc;
		}
		ev->kind = ev->code == 4 ? ROUTER_EV_HOLD_EXPIRED :
		    ROUTER_EV_NOTIF_SENT;
	} else if (rfind(m, n, "limit") >= 0 && (rfind(m, n, "exceeded") >= 0
	    || rfind(m, n, "hits") >= 0)) {
		ev->kind = ROUTER_EV_MAX_PREFIX;
		rcopy(ev->reason, sizeof(ev->reason), m, n);
	} else if (rfind(m, n, "Connection refused") >= 0 ||
	    rfind(m, n, "Connection timed out") >= 0 ||
	    rfind(m, n, "Socket error") >= 0 ||
	    rfind(m, n, "No route to host") >= 0) {
		ev->kind = ROUTER_EV_TCP_FAILED;
		rcopy(ev->reason, sizeof(ev->reason), m, n);
	} else
		return 0;
	return 1;
}

/* The word after `word` (up to a comma, blank or paren) into ifname. */
static bool
ifname_after(struct router_event *ev, const char *m, size_t n,
    const char *word)
{
	long at = rfind(m, n, word);
	size_t i, b;

	if (at < 0)
		return false;
	b = (size_t)at + strlen(word);
	while (b < n && m[b] == ' ')
		b++;
	for (i = b; i < n && m[i] != ',' && m[i] != ' ' && m[i] != '(' &&
	    m[i] != ')' && m[i] != ':'; i++)
		;
	if (i == b)
		return false;
	rcopy(ev->ifname, sizeof(ev->ifname), m + b, i - b);
	return true;
}

/*
 * Interface link state.  1 when an event was made.  Line protocol and
 * link both count: either down takes the path to the provider down.
 */
static int
link_line(struct router_event *ev, const char *m, size_t n)
{
	long at;

	if (rfind(m, n, "LINK-3-UPDOWN") >= 0 ||
	    rfind(m, n, "LINEPROTO-5-UPDOWN") >= 0 ||
	    rfind(m, n, "LINK-5-CHANGED") >= 0) {
		if ((at = rfind(m, n, "changed state to ")) < 0)
			return 0;
		at += (long)strlen("changed state to ");
		if (rstarts(m + at, n - (size_t)at, "down") ||
		    rstarts(m + at, n - (size_t)at, "administratively down"))
			ev->kind = ROUTER_EV_LINK_DOWN;
		else if (rstarts(m + at, n - (size_t)at, "up"))
			ev->kind = ROUTER_EV_LINK_UP;
		else
			return 0;
		if (!ifname_after(ev, m, n, "Interface "))
			return 0;
		if (rfind(m, n, "%PKT_INFRA") >= 0)
			ev->vendor = ROUTER_VENDOR_XR;
		else if (ev->vendor == ROUTER_VENDOR_UNKNOWN)
			ev->vendor = ROUTER_VENDOR_IOS;
		if (rfind(m, n, "administratively") >= 0)
			rcopy(ev->reason, sizeof(ev->reason),
			    "administratively down", 21);
		return 1;
	}
	if (rfind(m, n, "%ETHPORT-5-IF_") >= 0) {
		if (rfind(m, n, " is down") >= 0)
			ev->kind = ROUTER_EV_LINK_DOWN;
		else if (rfind(m, n, " is up") >= 0)
			ev->kind = ROUTER_EV_LINK_UP;
		else
			return 0;
		if (!ifname_after(ev, m, n, "Interface "))
			return 0;
		ev->vendor = ROUTER_VENDOR_NXOS;
		if ((at = rfind(m, n, " is down (")) >= 0)
			reason_after(ev, m, n, " is down");
		return 1;
	}
	if (rfind(m, n, "SNMP_TRAP_LINK_DOWN") >= 0 ||
	    rfind(m, n, "SNMP_TRAP_LINK_UP") >= 0) {
		ev->kind = rfind(m, n, "LINK_DOWN") >= 0 ?
		    ROUTER_EV_LINK_DOWN : ROUTER_EV_LINK_UP;
		if (!ifname_after(ev, m, n, "ifName "))
			return 0;
		ev->vendor = ROUTER_VENDOR_JUNOS;
		return 1;
	}
	/* Linux drivers: "eth1: Link is Down", "ixgbe ... eth1: NIC Link is
	 * Up 10 Gbps", "enp1s0: Link down" (some drivers). */
	if ((at = rfind(m, n, "Link is Down")) >= 0 ||
	    (at = rfind(m, n, ": Link down")) >= 0)
		ev->kind = ROUTER_EV_LINK_DOWN;
	else if ((at = rfind(m, n, "Link is Up")) >= 0 ||
	    (at = rfind(m, n, ": Link up")) >= 0)
		ev->kind = ROUTER_EV_LINK_UP;
	if (at >= 0 && (ev->kind == ROUTER_EV_LINK_DOWN ||
	    ev->kind == ROUTER_EV_LINK_UP)) {
		/* The interface is the word just before "Link" (or before
		 * "NIC Link"): "eth1: Link is Down", "eth1 NIC Link is Up";
		 * a driver's own prefix ("igb 0000:01:00.0 eth1: igb:") comes
		 * earlier and is not taken. */
		long e = at, b;

		if (m[e] == ':')
			e++;		/* ": Link down": the colon is ours */
		while (e > 0 && m[e - 1] == ' ')
			e--;
		if (e >= 3 && rstarts(m + e - 3, 3, "NIC")) {
			e -= 3;
			while (e > 0 && m[e - 1] == ' ')
				e--;
		}
		if (e > 0 && m[e - 1] == ':')
			e--;
		b = e;
		while (b > 0 && m[b - 1] != ' ')
			b--;
		if (b == e)
			return 0;
		rcopy(ev->ifname, sizeof(ev->ifname), m + b, (size_t)(e - b));
		ev->vendor = ROUTER_VENDOR_LINUX;
		return 1;
	}
	return 0;
}

/* Everything else.  1 when an event was made. */
static int
generic_line(struct router_event *ev, const char *m, size_t n)
{
	int c = -1, sc = -1;
	long at;

	/* ---- NOTIFICATIONs ---- */
	if ((at = rfind(m, n, "NOTIFICATION")) >= 0 &&
	    (rfind(m, n, "sent to") >= 0 || rfind(m, n, "sending") >= 0 ||
	    rfind(m, n, "send ") >= 0 || rfind(m, n, "received from") >= 0 ||
	    rfind(m, n, "rcvd") >= 0 || rfind(m, n, "received ") >= 0)) {
		bool sent = rfind(m, n, "sent to") >= 0 ||
		    rfind(m, n, "sending") >= 0 ||
		    (rfind(m, n, "send ") >= 0 &&
		    rfind(m, n, "received") < 0);

		ev->kind = sent ? ROUTER_EV_NOTIF_SENT :
		    ROUTER_EV_NOTIF_RECEIVED;
		/* an ADJCHANGE "Down BGP Notification sent" is a down */
		if (rfind(m, n, "ADJCHANGE") >= 0)
			return 0;
		if (!code_pair(m + at, n - (size_t)at, &c, &sc) &&
		    !code_words(m, n, &c, &sc))
			(void)router_notification_parse(m, n, &c, &sc);
		ev->code = c;
		ev->subcode = sc;
		if (!addr_in(m, n, "neighbor ", &ev->addr) &&
		    !addr_in(m, n, "sent to ", &ev->addr) &&
		    !addr_in(m, n, "from ", &ev->addr))
			(void)addr_in(m, n, NULL, &ev->addr);
		{
			/* the reason in parentheses: after "code N" (Junos),
			 * else after the word NOTIFICATION */
			long cw = rfind(m, n, " code ");
			const char *p;

			if (cw > at)
				at = cw;
			p = memchr(m + at, '(', n - (size_t)at);

			if (p != NULL) {
				const char *q = memchr(p, ')',
				    n - (size_t)(p - m));

				if (q != NULL)
					rcopy(ev->reason, sizeof(ev->reason),
					    p + 1, (size_t)(q - p - 1));
			}
		}
		return 1;
	}
	/* ---- adjacency ---- */
	if (rfind(m, n, "ADJCHANGE") >= 0 && rfind(m, n, "topology") < 0) {
		long up = rfind(m, n, " Up"), dn = rfind(m, n, " Down");

		if (!addr_in(m, n, "neighbor ", &ev->addr))
			return 0;
		vrf_in(ev, m, n);
		if (dn >= 0 && (up < 0 || dn < up)) {
			ev->kind = ROUTER_EV_DOWN;
			reason_after(ev, m, n, " Down");
		} else if (up >= 0)
			ev->kind = ROUTER_EV_UP;
		else
			return 0;
		return 1;
	}
	if ((at = rfind(m, n, "changed state from ")) >= 0 ||
	    (at = rfind(m, n, "went from ")) >= 0) {
		/* "from X to Y": up when Y is Established, down when X is */
		long to = rfind(m + at, n - (size_t)at, " to ");
		const char *y;
		size_t yn;

		if (to < 0)
			return 0;
		y = m + at + to + 4;
		yn = n - (size_t)(y - m);
		if (!addr_in(m, n, "peer ", &ev->addr))
			(void)addr_in(m, n, NULL, &ev->addr);
		vrf_in(ev, m, n);
		if (rstarts(y, yn, "Established"))
			ev->kind = ROUTER_EV_UP;
		else if (rfind(m + at, (size_t)to, "Established") >= 0) {
			ev->kind = ROUTER_EV_DOWN;
			if ((at = rfind(m, n, "(event ")) >= 0) {
				const char *q = memchr(m + at, ')',
				    n - (size_t)at);

				if (q != NULL)
					rcopy(ev->reason, sizeof(ev->reason),
					    m + at + 1, (size_t)(q - m - at -
					    1));
			}
		} else
			return 0;
		return 1;
	}
	/* Junos "bgp_event: peer A (...) old state Established event
	 * HoldTime new state Idle" */
	if ((at = rfind(m, n, "old state ")) >= 0 &&
	    rfind(m, n, "new state ") > at) {
		long ns = rfind(m, n, "new state ");

		(void)addr_in(m, n, "peer ", &ev->addr);
		if (rstarts(m + ns + 10, n - (size_t)ns - 10, "Established"))
			ev->kind = ROUTER_EV_UP;
		else if (rstarts(m + at + 10, n - (size_t)at - 10,
		    "Established")) {
			ev->kind = ROUTER_EV_DOWN;
			reason_after(ev, m, (size_t)ns, " event ");
		} else
			return 0;
		return 1;
	}
	/* ---- TCP MD5 ---- */
	if (rfind(m, n, "MD5") >= 0) {
		if (rfind(m, n, "No MD5 digest") >= 0 ||
		    rfind(m, n, "missing MD5") >= 0 ||
		    rfind(m, n, "NOAUTH") >= 0 ||
		    rfind(m, n, "MD5 Hash not found") >= 0 ||
		    (rfind(m, n, "MD5 Hash expected") >= 0))
			ev->kind = ROUTER_EV_MD5_MISSING;
		else if (rfind(m, n, "Invalid MD5") >= 0 ||
		    rfind(m, n, "wrong MD5") >= 0 ||
		    rfind(m, n, "bad MD5") >= 0 ||
		    rfind(m, n, "BADAUTH") >= 0 ||
		    rfind(m, n, "MD5 Hash failed") >= 0 ||
		    rfind(m, n, "MD5 Hash mismatch") >= 0 ||
		    rfind(m, n, "MD5 Hash NOT expected") >= 0 ||
		    rfind(m, n, "MD5 Hash unexpected") >= 0 ||
		    rfind(m, n, "MD5 authentication failed") >= 0)
			ev->kind = ROUTER_EV_MD5_BAD;
		else
			return 0;
		if (!addr_in(m, n, " from ", &ev->addr) &&
		    !addr_in(m, n, "Packet from ", &ev->addr))
			(void)addr_in(m, n, NULL, &ev->addr);
		return 1;
	}
	/* ---- maximum prefix ---- */
	if (rfind(m, n, "MAXPFX") >= 0 || rfind(m, n, "prefix-limit") >= 0 ||
	    rfind(m, n, "BGP_PREFIX_") >= 0 ||
	    rfind(m, n, "maximum-prefix") >= 0) {
		size_t e;
		long r;

		(void)e;
		ev->kind = ROUTER_EV_MAX_PREFIX;
		ev->threshold = rfind(m, n, "EXCEED") < 0 ||
		    rfind(m, n, "THRESH") >= 0 ||
		    rfind(m, n, "threshold") >= 0;
		if (rfind(m, n, "MAXPFXEXCEED") >= 0)
			ev->threshold = false;
		if (!addr_in(m, n, "from ", &ev->addr))
			(void)addr_in(m, n, NULL, &ev->addr);
		if ((r = rfind(m, n, "reaches ")) >= 0 ||
		    (r = rfind(m, n, "reached ")) >= 0) {
			ev->count = rnum_after(m + r, n - (size_t)r, &e);
			if ((r = rfind(m, n, "max ")) >= 0)
				ev->limit = rnum_after(m + r, n - (size_t)r,
				    NULL);
		} else if ((r = rfind(m, n, "limit(")) >= 0 ||
		    (r = rfind(m, n, "threshold(")) >= 0) {
			ev->limit = rnum_after(m + r, n - (size_t)r, NULL);
			if ((r = rfind(m, n, "nlri: ")) >= 0)
				ev->count = rnum_after(m + r, n - (size_t)r,
				    NULL);
		} else if ((r = rfind(m, n, " exceed")) >= 0) {
			/* "...(Unknown) 4 exceed, limit 3", "...: 4001
			 * exceeds limit 4000": the count is just before */
			long c0 = r;

			while (c0 > 0 && m[c0 - 1] >= '0' && m[c0 - 1] <= '9')
				c0--;
			if (c0 < r)
				ev->count = rnum_after(m + c0, (size_t)(r - c0),
				    NULL);
			if ((r = rfind(m, n, "limit ")) >= 0)
				ev->limit = rnum_after(m + r, n - (size_t)r,
				    NULL);
		}
		return 1;
	}
	/* ---- TCP connection failures, OPEN, hold timer ---- */
	if (rfind(m, n, "TCP_connection_open_failed") >= 0 ||
	    rfind(m, n, "open failed") >= 0 ||
	    rfind(m, n, "TCP connection failed") >= 0 ||
	    rfind(m, n, "BGP_CONNECT_FAILED") >= 0 ||
	    rfind(m, n, "Connection refused") >= 0 ||
	    rfind(m, n, "Connection timed out") >= 0) {
		ev->kind = ROUTER_EV_TCP_FAILED;
		if (!addr_in(m, n, "connect ", &ev->addr))
			(void)addr_in(m, n, NULL, &ev->addr);
		if ((at = rfind(m, n, "open failed")) >= 0)
			reason_after(ev, m, n, "open failed");
		else if ((at = rfind(m, n, "Connection ")) >= 0)
			rcopy(ev->reason, sizeof(ev->reason), m + at,
			    n - (size_t)at);
		return 1;
	}
	if (rfind(m, n, "sending OPEN") >= 0) {
		ev->kind = ROUTER_EV_OPEN_SENT;
		(void)addr_in(m, n, NULL, &ev->addr);
		return 1;
	}
	if (rfind(m, n, "Hold_Timer_expired") >= 0 ||
	    rfind(m, n, "holdtime timer expire") >= 0 ||
	    rfind(m, n, "hold timer expired") >= 0 ||
	    rfind(m, n, "hold time expired") >= 0 ||
	    rfind(m, n, "holdtime expired") >= 0) {
		ev->kind = ROUTER_EV_HOLD_EXPIRED;
		ev->code = 4;
		ev->subcode = 0;
		(void)addr_in(m, n, NULL, &ev->addr);
		return 1;
	}
	return 0;
}

static bool
bgpish(const char *s, size_t n)
{
	return rfind(s, n, "BGP") >= 0 || rfind(s, n, "bgpd") >= 0 ||
	    rfind(s, n, "rpd[") >= 0 || rfind(s, n, "bird") >= 0 ||
	    rfind(s, n, "<TRACE>") >= 0 || rfind(s, n, "<RMT>") >= 0 ||
	    rfind(s, n, "<INFO>") >= 0 || rfind(s, n, "MD5") >= 0;
}

/* Year and zone that another line of the section states. */
static void
prescan(struct rparse *rp)
{
	struct rstamp st;
	size_t i;

	for (i = 0; i < rp->n; i++) {
		if (rstamp_parse(rp->l[i].s, rp->l[i].n, &st) < 0)
			continue;
		if (st.year != 0 && rp->file_year == 0)
			rp->file_year = st.year;
		if (st.has_zone && !rp->file_has_zone) {
			rp->file_has_zone = true;
			rp->file_zone_min = st.zone_min;
		}
	}
}

int
router_parse_log(struct rparse *rp)
{
	struct logp lp;
	struct router_event ev;
	struct rstamp st;
	size_t i, j, n, bn;
	const char *s, *m, *bm;
	long off;
	int got;

	memset(&lp, 0, sizeof(lp));
	lp.rp = rp;
	lp.first_event = rp->doc->nevents;
	rp->last_mon = 0;
	rp->year_bump = 0;
	prescan(rp);
	for (i = 0; i < rp->n; i++) {
		s = rp->l[i].s;
		n = rp->l[i].n;
		rtrim(&s, &n);
		if (n == 0)
			continue;
		lp.lines++;
		if (i + 1 == rp->n && rp->unterminated)
			break;		/* the cut line of a truncated paste */
		rev_init(rp, &ev, rp->l[i].no);
		off = rstamp_parse(s, n, &st);
		if (off >= 0) {
			lp.stamped++;
			rstamp_resolve(rp, &st, &ev.time);
			rcopy(ev.time_text, sizeof(ev.time_text), s,
			    (size_t)off);
			while (ev.time_text[0] != '\0' &&
			    ev.time_text[strlen(ev.time_text) - 1] == ':')
				ev.time_text[strlen(ev.time_text) - 1] = '\0';
			m = s + off;
			n -= (size_t)off;
		} else
			m = s;
		if (bgpish(m, n))
			lp.bgpish++;
		vendor_of(&ev, m, n);
		/* FRR: "BGP: [YTARA-Q9ZD1] msg", "[EC 33554451] msg" */
		if (rstarts(m, n, "BGP: ")) {
			m += 5;
			n -= 5;
		}
		for (j = 0; j < 2 && n > 2 && m[0] == '['; j++) {
			const char *rb = memchr(m, ']', n < 24 ? n : 24);

			if (rb == NULL)
				break;
			n -= (size_t)(rb + 1 - m);
			m = rb + 1;
			rtrim(&m, &n);
		}
		/* syslog "host prog[pid]: msg": the message is after it */
		got = 0;
		{
			const char *bmsg = m;
			size_t bl = n;
			long lt = rfind(m, n, "<");

			/* BIRD file: "<TRACE> p: ..."; syslog "bird: p: ..." */
			if (lt >= 0 && lt < 40)
				bmsg = m + lt, bl = n - (size_t)lt;
			else if ((lt = rfind(m, n, "bird: ")) >= 0 ||
			    (lt = rfind(m, n, "bird[")) >= 0)
				bmsg = m + lt, bl = n - (size_t)lt;
			if (bird_msg(bmsg, bl, ev.proto, sizeof(ev.proto), &bm,
			    &bn)) {
				ev.vendor = ROUTER_VENDOR_BIRD;
				got = bird_line(&lp, &ev, bm, bn);
			} else
				ev.proto[0] = '\0';
		}
		if (!got && ev.proto[0] == '\0')
			got = link_line(&ev, m, n);
		if (!got && ev.proto[0] == '\0')
			got = generic_line(&ev, m, n);
		if (got != 1)
			continue;
		if (rev_add(rp, &ev) == -1)
			return -1;
	}
	/* BIRD events learn their peer from the protocol's own lines */
	for (j = lp.first_event; j < rp->doc->nevents; j++) {
		struct router_event *e = &rp->doc->events[j];
		size_t k;

		if (e->addr.family != 0 || e->proto[0] == '\0')
			continue;
		for (k = 0; k < lp.nmap; k++)
			if (strcmp(lp.map[k].proto, e->proto) == 0)
				e->addr = lp.map[k].addr;
	}
	if (rp->sec->events > 0 || (lp.bgpish > 0 && lp.stamped * 2 >=
	    lp.lines && lp.lines > 0)) {
		rp->sec->kind = ROUTER_KIND_LOG;
		if (rp->unterminated)
			rp->sec->truncated = true;
		/* the section's vendor: the first event's */
		if (rp->sec->vendor == ROUTER_VENDOR_UNKNOWN &&
		    rp->doc->nevents > lp.first_event)
			rp->sec->vendor =
			    rp->doc->events[lp.first_event].vendor;
	}
	return 0;
}
