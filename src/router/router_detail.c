/*
 * Neighbor detail: the "BGP neighbor is A, remote AS N, ..." blocks of
 * IOS / IOS-XE `show ip bgp neighbors`, NX-OS `show bgp ipv4 unicast
 * neighbors`, IOS-XR `show bgp neighbor`, EOS `show ip bgp neighbors` and
 * FRR `show bgp neighbors`.  They share the block structure and most of
 * the phrases ("BGP state = Established, up for 2d03h", "hold time is
 * 180, keepalive interval is 60 seconds", "Connections established 3;
 * dropped 2", "Last reset 00:05:10, due to ..."), each dialect with its
 * own spellings (XR "Configured hold time: 180, keepalive: 60", NX-OS
 * "hold time = 180", EOS "BGP state is Idle, since 00:01:02", "Number of
 * transitions to established: 3"), so one parser reads phrases, not
 * positions.  A block runs to the next "BGP neighbor is" line.
 * OpenBGPD's `bgpctl show neighbor` and GoBGP's `gobgp neighbor ADDR`
 * borrow the same first line and state line; their own phrases are
 * OpenBGPD "Last read 00:00:05, holdtime 90s, keepalive interval 30s",
 * "Prefixes SENT RCVD" under "Update statistics", "Remote host: A,
 * Remote port: 179", and GoBGP "BGP OutQ = 0, Flops = 2", "Received: 5"
 * and "Accepted: 5" under "Route statistics".
 */
#include <stdio.h>
#include <string.h>

#include "router_int.h"

struct block {
	struct router_neighbor	 nb;
	int64_t			 to_established;	/* EOS */
	bool			 have_pfx_af;
};

/* The number after the phrase at (s + at + plen), skipping " is ",
 * " = ", ": "; -1 when none follows closely. */
static int64_t
num_after_phrase(const char *s, size_t n, long at, size_t plen)
{
	size_t i = (size_t)at + plen, end;
	int64_t v;

	while (i < n && (s[i] == ' ' || s[i] == '=' || s[i] == ':'))
		i++;
	if (i + 3 <= n && rstarts(s + i, n - i, "is "))
		i += 3;
	if (i >= n || s[i] < '0' || s[i] > '9')
		return -1;
	v = rnum_after(s + i, n - i, &end);
	return v;
}

/* Text after "X, " up to the end of the line, "due to " dropped. */
static void
reason_after_comma(char *dst, size_t len, const char *s, size_t n)
{
	const char *c = memchr(s, ',', n);
	size_t off;
	long d;

	if (c == NULL)
		return;
	off = (size_t)(c + 1 - s);
	s += off;
	n -= off;
	rtrim(&s, &n);
	if ((d = rfind(s, n, "due to ")) == 0) {
		s += 7;
		n -= 7;
	}
	if (n == 0 || rstarts(s, n, "No error") || req(s, n, "never"))
		return;
	rcopy(dst, len, s, n);
}

static void
first_line(struct rparse *rp, struct block *b, const char *s, size_t n)
{
	struct rtok t[32];
	size_t k, i;

	k = rtok_split(s, n, t, 32);
	if (k >= 4)
		(void)raddr_parse(t[3].s, t[3].n, &b->nb.addr);
	for (i = 4; i + 1 < k; i++)
		if (req(t[i].s, t[i].n, "vrf") ||
		    req(t[i].s, t[i].n, "vrf:"))
			rvrf(b->nb.vrf, sizeof(b->nb.vrf), t[i + 1].s,
			    t[i + 1].n);
	if (rp->sec->vendor != ROUTER_VENDOR_UNKNOWN)
		return;
	if (rfind(s, n, "Peer index") >= 0 || rfind(s, n, "ebgp link") >= 0 ||
	    rfind(s, n, "ibgp link") >= 0)
		rp->sec->vendor = ROUTER_VENDOR_NXOS;
	else if (k == 4)
		rp->sec->vendor = ROUTER_VENDOR_XR;
}

/*
 * The session's TCP ends: "Local host: 10.0.0.1, Local port: 179" and
 * "Foreign host: ..." (IOS, NX-OS, IOS-XR, FRR), "Local TCP address is
 * 10.0.0.1, local port is 179" and "Remote TCP address is ..." (EOS).
 * The address is the word after the first ": " or " is ", the port the
 * number after "port".
 */
static void
endpoint_line(struct router_neighbor *nb, const char *s, size_t n,
    bool local)
{
	struct net_addr a;
	struct rtok t[1];
	long at, pt;
	int64_t port = -1;
	size_t o;

	if ((at = rfind(s, n, ": ")) >= 0 && (pt = rfind(s, n, " is ")) >= 0 &&
	    pt < at)
		o = (size_t)pt + 4;
	else if (at >= 0)
		o = (size_t)at + 2;
	else if ((at = rfind(s, n, " is ")) >= 0)
		o = (size_t)at + 4;
	else
		return;
	if (rtok_split(s + o, n - o, t, 1) != 1 ||
	    raddr_parse(t[0].s, t[0].n, &a) == -1)
		return;		/* FRR prints "Unknown" when not connected */
	if ((pt = rfind(s, n, "port")) >= 0)
		port = rnum_after(s + pt, n - (size_t)pt, NULL);
	if (port > 65535)
		port = -1;
	if (local) {
		nb->local_addr = a;
		if (port > 0)
			nb->local_port = (uint16_t)port;
	} else if (port > 0)
		nb->remote_port = (uint16_t)port;
}

static void
line(struct rparse *rp, struct block *b, const char *s, size_t n)
{
	struct router_neighbor *nb = &b->nb;
	struct rtok t[16];
	size_t k;
	long at;
	int64_t v;

	rtrim(&s, &n);
	if (n == 0)
		return;
	if (rstarts(s, n, "Description:")) {
		rcopy(nb->description, sizeof(nb->description), s + 12, n - 12);
		return;
	}
	if (rstarts(s, n, "Local host:") ||
	    rstarts(s, n, "Local TCP address is ")) {
		endpoint_line(nb, s, n, true);
		return;
	}
	if (rstarts(s, n, "Foreign host:") ||
	    rstarts(s, n, "Remote host:") ||		/* OpenBGPD */
	    rstarts(s, n, "Remote TCP address is ")) {
		endpoint_line(nb, s, n, false);
		return;
	}
	if (!nb->has_remote_as && (at = rfind(s, n, "remote AS ")) >= 0) {
		k = rtok_split(s + at + 10, n - (size_t)at - 10, t, 1);
		if (k == 1 && router_asn_parse(t[0].s, t[0].n,
		    &nb->remote_as) == 0)
			nb->has_remote_as = true;
	}
	if (!nb->has_local_as && (at = rfind(s, n, "local AS ")) >= 0) {
		size_t o = (size_t)at + 9;

		if (rstarts(s + o, n - o, "is "))
			o += 3;
		k = rtok_split(s + o, n - o, t, 1);
		if (k == 1 && router_asn_parse(t[0].s, t[0].n,
		    &nb->local_as) == 0)
			nb->has_local_as = true;
		if (rstarts(s, n, "Local AS is") &&
		    rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
			rp->sec->vendor = ROUTER_VENDOR_EOS;
	}
	if ((at = rfind(s, n, "remote router ID ")) >= 0) {
		k = rtok_split(s + at + 17, n - (size_t)at - 17, t, 1);
		if (k == 1)
			(void)raddr_parse(t[0].s, t[0].n, &nb->router_id);
	}
	if ((at = rfind(s, n, "local router ID ")) >= 0) {
		k = rtok_split(s + at + 16, n - (size_t)at - 16, t, 1);
		if (k == 1)
			(void)raddr_parse(t[0].s, t[0].n, &nb->local_id);
	}
	/* EOS "BGP version 4, remote router ID 10.1.1.2, VRF default" */
	if (rstarts(s, n, "BGP version") && (at = rfind(s, n, ", VRF ")) >= 0)
		rvrf(nb->vrf, sizeof(nb->vrf), s + at + 6, n - (size_t)at - 6);
	if (rstarts(s, n, "BGP state = ") || rstarts(s, n, "BGP state is ")) {
		const char *v0 = s + 12, *c;
		size_t vn = n - 12;
		bool admin;

		if (rstarts(s, n, "BGP state is ")) {
			v0++;
			vn--;
			if (rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
				rp->sec->vendor = ROUTER_VENDOR_EOS;
		}
		c = memchr(v0, ',', vn);
		rcopy(nb->state_text, sizeof(nb->state_text), v0,
		    c != NULL ? (size_t)(c - v0) : vn);
		nb->state = router_state_parse(v0, c != NULL ?
		    (size_t)(c - v0) : vn, &admin);
		nb->admin_down = nb->admin_down || admin;
		if (c != NULL) {
			const char *r = c + 1, *e;
			size_t rn = vn - (size_t)(c + 1 - v0);

			rtrim(&r, &rn);
			if (rstarts(r, rn, "up for ") ||
			    rstarts(r, rn, "down for "))
				r = (const char *)memchr(r, 'f', rn) + 4;
			else if (rstarts(r, rn, "since "))
				r += 6;
			else
				r = NULL;
			if (r != NULL) {
				rn = vn - (size_t)(r - v0);
				e = memchr(r, ',', rn);
				nb->updown_s = router_duration_parse(r,
				    e != NULL ? (size_t)(e - r) : rn);
			}
		}
		return;
	}
	if (rfind(s, n, "administratively shut") >= 0 ||
	    rfind(s, n, "admin shutdown") >= 0 ||
	    rfind(s, n, "shutdown administratively") >= 0)
		nb->admin_down = true;
	/* OpenBGPD "Last read 00:00:05, holdtime 90s, keepalive interval
	 * 30s": the negotiated values */
	if (rstarts(s, n, "Last read ") &&
	    (at = rfind(s, n, "holdtime ")) >= 0) {
		if (nb->hold < 0)
			nb->hold = num_after_phrase(s, n, at, 8);
		if ((at = rfind(s, n, "keepalive interval")) >= 0 &&
		    nb->keepalive < 0)
			nb->keepalive = num_after_phrase(s, n, at, 18);
		if (rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
			rp->sec->vendor = ROUTER_VENDOR_OPENBGPD;
		return;
	}
	/* GoBGP "BGP OutQ = 0, Flops = 2": Flops counts the drops */
	if (rstarts(s, n, "BGP OutQ = ") && (at = rfind(s, n, "Flops = ")) >= 0) {
		if (nb->flaps < 0)
			nb->flaps = num_after_phrase(s, n, at, 5);
		if (rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
			rp->sec->vendor = ROUTER_VENDOR_GOBGP;
		return;
	}
	/* OpenBGPD "Prefixes SENT RCVD" (Update statistics); GoBGP
	 * "Received: N", "Accepted: N" (Route statistics) */
	if (rp->sec->vendor == ROUTER_VENDOR_OPENBGPD &&
	    rstarts(s, n, "Prefixes ")) {
		k = rtok_split(s + 9, n - 9, t, 3);
		if (k == 2 && nb->pfx_received < 0)
			nb->pfx_received = rnum_after(t[1].s, t[1].n, NULL);
		return;
	}
	if (rp->sec->vendor == ROUTER_VENDOR_GOBGP &&
	    (rstarts(s, n, "Received:") || rstarts(s, n, "Accepted:"))) {
		k = rtok_split(s + 9, n - 9, t, 2);
		if (k == 1 && s[0] == 'R' && nb->pfx_received < 0)
			nb->pfx_received = rnum_after(t[0].s, t[0].n, NULL);
		else if (k == 1 && s[0] == 'A' && nb->pfx_accepted < 0)
			nb->pfx_accepted = rnum_after(t[0].s, t[0].n, NULL);
		return;
	}
	if ((at = rfind(s, n, "hold time")) >= 0 &&
	    rfind(s, n, "min acceptable hold time") != at &&
	    rfind(s, n, "minimum") < 0) {
		v = num_after_phrase(s, n, at, 9);
		if (rfind(s, n, "configured") >= 0) {
			if (nb->hold_cfg < 0)
				nb->hold_cfg = v;
		} else if (nb->hold < 0)
			nb->hold = v;
	}
	if ((at = rfind(s, n, "keepalive interval")) >= 0 ||
	    (at = rfind(s, n, "keepalive:")) >= 0) {
		v = num_after_phrase(s, n, at, s[at + 9] == ':' ? 10 : 18);
		if (rfind(s, n, "configured") >= 0) {
			if (nb->keepalive_cfg < 0)
				nb->keepalive_cfg = v;
		} else if (nb->keepalive < 0)
			nb->keepalive = v;
	}
	if ((at = rfind(s, n, "connections established ")) >= 0 &&
	    (at = rfind(s, n, "dropped ")) >= 0 && nb->flaps < 0)
		nb->flaps = rnum_after(s + at, n - (size_t)at, NULL);
	if ((at = rfind(s, n, "transitions to established")) >= 0)
		b->to_established = rnum_after(s + at, n - (size_t)at, NULL);
	if (rstarts(s, n, "Last reset ") && nb->reset_reason[0] == '\0') {
		reason_after_comma(nb->reset_reason, sizeof(nb->reset_reason),
		    s, n);
		if (nb->reset_reason[0] != '\0') {
			int c, sc;
			size_t rl = strlen(nb->reset_reason);

			if (router_notification_parse(nb->reset_reason, rl, &c,
			    &sc) == 0 && nb->err_code == 0) {
				nb->err_code = (uint8_t)c;
				nb->err_subcode = (uint8_t)(sc < 0 ? 0 : sc);
			}
			if (c == 6 && sc == 1)
				nb->max_prefix = true;
		}
		return;
	}
	/* OpenBGPD "Last error sent: error in OPEN message, AS
	 * unacceptable", "Last error received: ..." */
	if (rstarts(s, n, "Last error sent:") ||
	    rstarts(s, n, "Last error received:")) {
		const char *c = (const char *)memchr(s, ':', n) + 1;
		size_t cn = n - (size_t)(c - s);
		int code, sc;

		while (cn > 0 && *c == ' ') {
			c++;
			cn--;
		}
		if (nb->last_error[0] == '\0' && cn > 0) {
			char buf[ROUTER_TEXT_MAX - 10];

			rcopy(buf, sizeof(buf), c, cn);
			snprintf(nb->last_error, sizeof(nb->last_error),
			    "%s %s", s[11] == 's' ? "sent" : "received", buf);
			if (router_notification_parse(c, cn, &code, &sc) == 0 &&
			    nb->err_code == 0) {
				nb->err_code = (uint8_t)code;
				nb->err_subcode = (uint8_t)(sc < 0 ? 0 : sc);
			}
		}
		return;
	}
	/* EOS "Last rcvd notification:Hold Timer Expired Error/...,
	 * Last time 2d01h"; "Last sent notification:..." */
	if (rstarts(s, n, "Last rcvd notification:") ||
	    rstarts(s, n, "Last sent notification:")) {
		const char *c = (const char *)memchr(s, ':', n) + 1, *e;
		size_t cn = n - (size_t)(c - s);
		int code, sc;

		e = memchr(c, ',', cn);
		if (nb->last_error[0] == '\0') {
			char buf[ROUTER_TEXT_MAX - 10];

			rcopy(buf, sizeof(buf), c, e != NULL ?
			    (size_t)(e - c) : cn);
			snprintf(nb->last_error, sizeof(nb->last_error),
			    "%s %s", rstarts(s, n, "Last rcvd") ? "received" :
			    "sent", buf);
			if (router_notification_parse(c, e != NULL ?
			    (size_t)(e - c) : cn, &code, &sc) == 0 &&
			    nb->err_code == 0) {
				nb->err_code = (uint8_t)code;
				nb->err_subcode = (uint8_t)(sc < 0 ? 0 : sc);
			}
		}
		return;
	}
	if (rfind(s, n, "exceeded the max") >= 0 ||
	    rfind(s, n, "maximum prefixes reached") >= 0)
		nb->max_prefix = true;
	/* Prefixes: IOS "Prefixes Current: SENT RCVD", FRR/XR "N accepted
	 * prefixes", NX-OS "N accepted paths consume ...", EOS "IPv4
	 * Unicast: SENT RCVD" under "Prefix statistics" */
	if (rstarts(s, n, "Prefixes Current:")) {
		k = rtok_split(s + 17, n - 17, t, 3);
		if (k >= 2 && nb->pfx_received < 0)
			nb->pfx_received = rnum_after(t[1].s, t[1].n, NULL);
		return;
	}
	if ((at = rfind(s, n, " accepted prefixes")) > 0 ||
	    (at = rfind(s, n, " accepted paths")) > 0) {
		k = rtok_split(s, (size_t)at, t, 2);
		if (k == 1 && nb->pfx_accepted < 0 && !b->have_pfx_af) {
			nb->pfx_accepted = rnum_after(t[0].s, t[0].n, NULL);
			b->have_pfx_af = true;
		}
		return;
	}
	if ((rstarts(s, n, "IPv4 Unicast:") || rstarts(s, n, "IPv6 Unicast:"))
	    && nb->pfx_received < 0) {
		k = rtok_split(s + 13, n - 13, t, 3);
		if (k >= 2)
			nb->pfx_received = rnum_after(t[1].s, t[1].n, NULL);
		return;
	}
	/* TCP MD5: FRR "Peer Authentication Enabled", NX-OS "TCP MD5
	 * authentication is enabled", XR "Password is configured" ... */
	if (rfind(s, n, "authentication enabled") >= 0 ||
	    (rfind(s, n, "md5") >= 0 && (rfind(s, n, "enabled") >= 0 ||
	    rfind(s, n, " set") >= 0 || rfind(s, n, "configured") >= 0)) ||
	    rfind(s, n, "password is configured") >= 0 ||
	    (rstarts(s, n, "Option Flags:") && rfind(s, n, "md5") >= 0))
		nb->md5 = ROUTER_YES;
	if (rp->sec->vendor == ROUTER_VENDOR_UNKNOWN &&
	    (rstarts(s, n, "Local Role:") || rstarts(s, n, "Read thread:") ||
	    rstarts(s, n, "BGP Connect Retry Timer") ||
	    rstarts(s, n, "Peer Authentication")))
		rp->sec->vendor = ROUTER_VENDOR_FRR;
}

static int
finish(struct rparse *rp, struct block *b)
{
	struct router_neighbor *nb = &b->nb;

	if (nb->addr.family == 0)
		return 0;
	if (nb->flaps < 0 && b->to_established >= 0)
		nb->flaps = b->to_established -
		    (nb->state == ROUTER_ST_ESTABLISHED && b->to_established >
		    0 ? 1 : 0);
	if (nb->reset_reason[0] != '\0' && nb->last_error[0] == '\0' &&
	    nb->err_code != 0)
		str_copy(nb->last_error, nb->reset_reason,
		    sizeof(nb->last_error));
	nb->vendor = rp->sec->vendor;
	return rnb_add(rp, nb);
}

int
router_parse_detail(struct rparse *rp)
{
	struct block b;
	bool open = false;
	size_t i;

	for (i = 0; i < rp->n; i++) {
		const struct rline *l = &rp->l[i];
		const char *s = l->s;
		size_t n = l->n;

		rtrim(&s, &n);
		if (rstarts(s, n, "BGP neighbor is ")) {
			if (open && finish(rp, &b) == -1)
				return -1;
			rnb_init(rp, &b.nb, l->no);
			b.to_established = -1;
			b.have_pfx_af = false;
			open = true;
			rp->sec->kind = ROUTER_KIND_NEIGHBORS;
			first_line(rp, &b, s, n);
		}
		if (!open)
			continue;
		if (i + 1 == rp->n && rp->unterminated) {
			rp->sec->truncated = true;
			break;		/* the cut line */
		}
		line(rp, &b, s, n);
	}
	if (open && finish(rp, &b) == -1)
		return -1;
	if (rp->sec->kind == ROUTER_KIND_NEIGHBORS &&
	    rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
		rp->sec->vendor = ROUTER_VENDOR_IOS;
	return 0;
}
