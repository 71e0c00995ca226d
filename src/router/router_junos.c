/*
 * Junos text outputs.
 *
 * `show bgp summary`: after the "Groups:" and per-table lines, a header
 *	Peer  AS  InPkt  OutPkt  OutQ  Flaps Last Up/Dwn State|#Active/Received/Accepted/Damped...
 * then one row per peer.  The "Last Up/Dwn" time may hold a blank
 * ("1d 2:03:04", "1w2d 3:04:05"), so a row is read from both ends: six
 * fixed columns on the left, the state (or, for an established peer with
 * one RIB, its "act/rcv/acc/damp" counts) on the right, the time between.
 * An established peer with several RIBs says "Establ" and lists them on
 * the following indented lines ("  inet.0: 8/10/10/0").
 *
 * `show bgp neighbor`: one block per peer starting "Peer: A+port AS N
 * Local: B+port AS M", with "Type: External State: Established",
 * "Last Error:", "Options: <... AuthKey ...>", "Holdtime: 90" (as
 * configured), "Active Holdtime: 90", "Keepalive Interval: 30", "Number
 * of flaps:", and per table "Received prefixes:" / "Accepted prefixes:".
 */
#include <string.h>

#include "router_int.h"

#define MAX_TOK	32

/* "8/10/10/0": active/received/accepted/damped. */
static bool
rib_counts(const char *s, size_t n, int64_t *rcv, int64_t *acc)
{
	int64_t v[4];
	size_t i = 0, k, end;

	for (k = 0; k < 4; k++) {
		if (i >= n || s[i] < '0' || s[i] > '9')
			return false;
		v[k] = rnum_after(s + i, n - i, &end);
		i += end;
		if (k < 3) {
			if (i >= n || s[i] != '/')
				return false;
			i++;
		}
	}
	if (i != n)
		return false;
	*rcv = v[1];
	*acc = v[2];
	return true;
}

/* ------------------------------------------------------------------ */
/* show bgp summary                                                    */
/* ------------------------------------------------------------------ */

static int
summary_row(struct rparse *rp, const struct rline *l, struct rtok *t,
    size_t k, struct router_neighbor *nb)
{
	uint64_t v;
	int64_t rcv, acc, r1, a1;
	const struct rtok *st;
	size_t end;

	rnb_init(rp, nb, l->no);
	if (k < 8 || raddr_parse(t[0].s, t[0].n, &nb->addr) == -1)
		return -1;
	if (router_asn_parse(t[1].s, t[1].n, &nb->remote_as) == 0)
		nb->has_remote_as = true;
	if (rparse_u64(t[5].s, t[5].n, &v) == 0)
		nb->flaps = (int64_t)v;
	/* one "act/rcv/acc/damp" group per RIB at the end of the row */
	end = k;
	rcv = acc = 0;
	while (end > 7 && rib_counts(t[end - 1].s, t[end - 1].n, &r1, &a1)) {
		rcv += r1;
		acc += a1;
		end--;
	}
	if (end < k) {
		nb->state = ROUTER_ST_ESTABLISHED;
		str_copy(nb->state_text, "Establ", sizeof(nb->state_text));
		nb->pfx_received = rcv;
		nb->pfx_accepted = acc;
		nb->updown_s = router_duration_parse(t[6].s,
		    (size_t)(t[end - 1].s + t[end - 1].n - t[6].s));
		return 0;
	}
	st = &t[k - 1];
	/* "Active (Admin)"-like endings: merge the parenthesis */
	if (st->s[0] == '(' && k >= 9) {
		rcopy(nb->state_text, sizeof(nb->state_text), t[k - 2].s,
		    (size_t)(st->s + st->n - t[k - 2].s));
		nb->state = router_state_parse(t[k - 2].s,
		    (size_t)(st->s + st->n - t[k - 2].s), &nb->admin_down);
		k--;
	} else {
		rcopy(nb->state_text, sizeof(nb->state_text), st->s, st->n);
		nb->state = router_state_parse(st->s, st->n, &nb->admin_down);
	}
	if (nb->state == ROUTER_ST_UNKNOWN)
		return -1;
	nb->updown_s = router_duration_parse(t[6].s,
	    (size_t)(t[k - 2].s + t[k - 2].n - t[6].s));
	return 0;
}

static int
parse_summary(struct rparse *rp)
{
	struct router_neighbor nb;
	struct rtok t[MAX_TOK];
	bool in = false, have = false;
	size_t i, k;
	long peers = -1, rows = 0;

	for (i = 0; i < rp->n; i++) {
		const struct rline *l = &rp->l[i];
		const char *s = l->s;
		size_t n = l->n;

		rtrim(&s, &n);
		k = rtok_split(s, n, t, MAX_TOK);
		if (rstarts(s, n, "Groups:")) {
			size_t j;

			for (j = 0; j + 1 < k; j++)
				if (req(t[j].s, t[j].n, "Peers:"))
					peers = rnum_after(t[j + 1].s,
					    t[j + 1].n, NULL);
			continue;
		}
		if (rstarts(s, n, "Peer ") && rfind(s, n, "InPkt") >= 0) {
			in = true;
			rp->sec->kind = ROUTER_KIND_SUMMARY;
			rp->sec->vendor = ROUTER_VENDOR_JUNOS;
			continue;
		}
		if (!in || k == 0)
			continue;
		/* "  inet.0: 8/10/10/0" below an "Establ" row */
		if (k == 2 && t[0].s[t[0].n - 1] == ':' && have) {
			int64_t rcv, acc;

			if (!rib_counts(t[1].s, t[1].n, &rcv, &acc)) {
				if (i + 1 == rp->n && rp->unterminated)
					rp->sec->truncated = true;
			} else if (!rstarts(t[0].s, t[0].n, "bgp.")) {
				nb.pfx_received = (nb.pfx_received < 0 ? 0 :
				    nb.pfx_received) + rcv;
				nb.pfx_accepted = (nb.pfx_accepted < 0 ? 0 :
				    nb.pfx_accepted) + acc;
			}
			continue;
		}
		/* an IPv6 peer alone on its line */
		if (k == 1 && i + 1 < rp->n) {
			struct rtok t2[MAX_TOK];
			size_t k2 = rtok_split(rp->l[i + 1].s, rp->l[i + 1].n,
			    t2, MAX_TOK - 1);

			if (k2 >= 7) {
				memcpy(t + 1, t2, k2 * sizeof(t2[0]));
				k += k2;
				i++;
			}
		}
		if (have) {
			if (rnb_add(rp, &nb) == -1)
				return -1;
			have = false;
		}
		if (summary_row(rp, l, t, k, &nb) == 0) {
			have = true;
			rows++;
		} else if (i + 1 == rp->n && rp->unterminated)
			rp->sec->truncated = true;	/* the cut row */
	}
	if (have && rnb_add(rp, &nb) == -1)
		return -1;
	if (peers >= 0 && rows < peers && in)
		rp->sec->truncated = true;
	return 0;
}

/* ------------------------------------------------------------------ */
/* show bgp neighbor                                                   */
/* ------------------------------------------------------------------ */

/* "Peer: 10.0.0.2+179 AS 12076 Local: 10.0.0.1+56789 AS 65010" */
static void
peer_line(struct router_neighbor *nb, const char *s, size_t n)
{
	struct rtok t[12];
	size_t k = rtok_split(s, n, t, 12), i;
	bool local = false;

	for (i = 0; i + 1 < k; i++) {
		if (req(t[i].s, t[i].n, "Peer:")) {
			(void)raddr_parse(t[i + 1].s, t[i + 1].n, &nb->addr);
			nb->remote_port = rjunos_port(t[i + 1].s, t[i + 1].n);
		} else if (req(t[i].s, t[i].n, "Local:")) {
			local = true;
			if (raddr_parse(t[i + 1].s, t[i + 1].n,
			    &nb->local_addr) == 0)
				nb->local_port = rjunos_port(t[i + 1].s,
				    t[i + 1].n);
		}
		else if (req(t[i].s, t[i].n, "AS")) {
			uint32_t as;

			if (router_asn_parse(t[i + 1].s, t[i + 1].n, &as) ==
			    -1)
				continue;
			if (local) {
				nb->local_as = as;
				nb->has_local_as = true;
			} else {
				nb->remote_as = as;
				nb->has_remote_as = true;
			}
		}
	}
}

/* The value after "Key:" on a line of several "Key: value" pairs. */
static bool
field(const char *s, size_t n, const char *key, const char **v, size_t *vn)
{
	long at = rfind(s, n, key);
	size_t o, e;

	if (at < 0 || (at > 0 && s[at - 1] != ' '))
		return false;
	o = (size_t)at + strlen(key);
	while (o < n && s[o] == ' ')
		o++;
	e = o;
	while (e < n && s[e] != ' ')
		e++;
	*v = s + o;
	*vn = e - o;
	return e > o;
}

static void
neighbor_line(struct router_neighbor *nb, const char *s, size_t n,
    bool *in_table)
{
	const char *v;
	size_t vn;
	uint64_t u;
	long at;

	rtrim(&s, &n);
	if (rstarts(s, n, "Description:")) {
		rcopy(nb->description, sizeof(nb->description), s + 12, n - 12);
		return;
	}
	if (rstarts(s, n, "Group:") && field(s, n, "Routing-Instance:", &v,
	    &vn))
		rvrf(nb->vrf, sizeof(nb->vrf), v, vn);
	if (rstarts(s, n, "Type:") && field(s, n, "State:", &v, &vn)) {
		rcopy(nb->state_text, sizeof(nb->state_text), v, vn);
		nb->state = router_state_parse(v, vn, NULL);
	}
	if (rstarts(s, n, "Last Error:")) {
		rcopy(nb->last_error, sizeof(nb->last_error), s + 11, n - 11);
		if (!rstarts(s + 11, n - 11, " None")) {
			int c, sc;

			if (router_notification_parse(s, n, &c, &sc) == 0) {
				nb->err_code = (uint8_t)c;
				nb->err_subcode = (uint8_t)(sc < 0 ? 0 : sc);
				nb->max_prefix = nb->max_prefix ||
				    (c == 6 && sc == 1);
			}
		} else
			nb->last_error[0] = '\0';
		return;
	}
	if (rstarts(s, n, "Last flap event:")) {
		rcopy(nb->reset_reason, sizeof(nb->reset_reason), s + 16,
		    n - 16);
		return;
	}
	if (rstarts(s, n, "Options:")) {
		if (rfind(s, n, "AuthKey") >= 0)
			nb->md5 = ROUTER_YES;
		if (rfind(s, n, "Shutdown") >= 0)
			nb->admin_down = true;
		return;
	}
	if (rfind(s, n, "Authentication key is configured") >= 0) {
		nb->md5 = ROUTER_YES;
		return;
	}
	if (field(s, n, "Active Holdtime:", &v, &vn) &&
	    rparse_u64(v, vn, &u) == 0)
		nb->hold = (int64_t)u;
	else if (field(s, n, "Holdtime:", &v, &vn) &&
	    rparse_u64(v, vn, &u) == 0)
		nb->hold_cfg = (int64_t)u;
	if (field(s, n, "Keepalive Interval:", &v, &vn) &&
	    rparse_u64(v, vn, &u) == 0)
		nb->keepalive = (int64_t)u;
	if (rstarts(s, n, "Number of flaps:") &&
	    rparse_u64(s + 16 + (n > 16 && s[16] == ' '),
	    n - 16 - (n > 16 && s[16] == ' '), &u) == 0)
		nb->flaps = (int64_t)u;
	if (rstarts(s, n, "Table ")) {
		/* the first table counts; bgp.l3vpn.0 and friends repeat
		 * VPN routes of the instance tables */
		*in_table = nb->pfx_received < 0 &&
		    rfind(s, n, "bgp.") < 0;
		return;
	}
	if (*in_table && (at = rfind(s, n, "Received prefixes:")) == 0)
		nb->pfx_received = rnum_after(s + 18, n - 18, NULL);
	if (*in_table && (at = rfind(s, n, "Accepted prefixes:")) == 0)
		nb->pfx_accepted = rnum_after(s + 18, n - 18, NULL);
}

static int
parse_neighbors(struct rparse *rp)
{
	struct router_neighbor nb;
	bool open = false, in_table = false;
	size_t i;

	for (i = 0; i < rp->n; i++) {
		const struct rline *l = &rp->l[i];
		const char *s = l->s;
		size_t n = l->n;

		rtrim(&s, &n);
		if (rstarts(s, n, "Peer: ") && rfind(s, n, " AS ") >= 0) {
			if (open && rnb_add(rp, &nb) == -1)
				return -1;
			open = false;
			/* a cut "Peer:" line may end in part of an AS or a
			 * port: nothing from it */
			if (i + 1 == rp->n && rp->unterminated) {
				rp->sec->truncated = true;
				break;
			}
			rnb_init(rp, &nb, l->no);
			nb.vendor = ROUTER_VENDOR_JUNOS;
			peer_line(&nb, s, n);
			open = true;
			in_table = false;
			rp->sec->kind = ROUTER_KIND_NEIGHBORS;
			rp->sec->vendor = ROUTER_VENDOR_JUNOS;
			continue;
		}
		if (!open)
			continue;
		if (i + 1 == rp->n && rp->unterminated) {
			rp->sec->truncated = true;
			break;
		}
		neighbor_line(&nb, s, n, &in_table);
	}
	if (open && rnb_add(rp, &nb) == -1)
		return -1;
	return 0;
}

int
router_parse_junos(struct rparse *rp)
{
	if (parse_summary(rp) == -1)
		return -1;
	if (rp->sec->kind != ROUTER_KIND_NONE)
		return 0;
	return parse_neighbors(rp);
}
