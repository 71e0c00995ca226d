/*
 * BGP summary tables: the one-line-per-neighbor outputs that start with a
 * "Neighbor ..." column header.  One parser reads them all, driven by the
 * header's column names rather than by fixed positions:
 *	IOS/IOS-XE  Neighbor V AS MsgRcvd MsgSent TblVer InQ OutQ Up/Down State/PfxRcd
 *	NX-OS       (the same, under "BGP summary information for VRF x,
 *	            address family y")
 *	IOS-XR      Neighbor Spk AS MsgRcvd MsgSent TblVer InQ OutQ Up/Down St/PfxRcd
 *	EOS         [Description] Neighbor V AS MsgRcvd MsgSent InQ OutQ Up/Down State PfxRcd PfxAcc
 *	FRR         Neighbor V AS MsgRcvd MsgSent TblVer InQ OutQ Up/Down State/PfxRcd PfxSnt Desc
 *	OpenBGPD    Neighbor AS MsgRcvd MsgSent OutQ Up/Down State/PrfRcvd
 *	            (bgpctl show summary: no V column)
 *	GoBGP       Peer AS Up/Down State |#Received Accepted
 *	            (gobgp neighbor: the counts behind a "|")
 *	ExaBGP      Peer AS up/down state | #sent #recvd
 *	            (exabgpcli show neighbor summary: UPDATE counts, not
 *	            prefixes, after the "|")
 * What real outputs add: a neighbor column too narrow for an IPv6 address
 * (the rest of the row wraps onto the next line), states in two words
 * ("Idle (Admin)", "Shut (Admin)", "Idle (PfxCt)"), marks ("Idle!",
 * "0!"), asdot AS numbers, descriptions with spaces (first column in EOS,
 * last in FRR), dynamic neighbors ("*10.0.0.9"), and several tables in
 * one output (`vrf all`, `all`, address families), each under lines that
 * say its VRF, address family, router ID and local AS.
 */
#include <string.h>

#include "router_int.h"

enum col {
	C_SKIP = 0,
	C_AS,
	C_UPDOWN,
	C_STATE_PFX,	/* State/PfxRcd: a state, or the count when up */
	C_STATE,
	C_PFXRCD,
	C_PFXACC,
	C_DESC		/* FRR: the rest of the row */
};

#define MAX_COLS	24
#define MAX_TOK		64

struct table_ctx {
	char		 vrf[64];
	char		 afi[32];
	uint32_t	 local_as;
	bool		 has_local_as;
	struct net_addr	 local_id;
	enum col	 cols[MAX_COLS];
	size_t		 ncols;
	bool		 desc_first;	/* EOS */
	long		 total;		/* FRR "Total number of neighbors" */
	long		 rows;
};

static enum col
col_kind(const struct rtok *t)
{
	if (req(t->s, t->n, "AS"))
		return C_AS;
	if (req(t->s, t->n, "Up/Down") || req(t->s, t->n, "Up/Dwn"))
		return C_UPDOWN;
	if (req(t->s, t->n, "State/PfxRcd") || req(t->s, t->n, "St/PfxRcd") ||
	    req(t->s, t->n, "State/PfxAcc") ||
	    req(t->s, t->n, "State/PrfRcvd"))	/* OpenBGPD */
		return C_STATE_PFX;
	if (req(t->s, t->n, "State"))
		return C_STATE;
	if (req(t->s, t->n, "PfxRcd") || req(t->s, t->n, "|#Received"))
		return C_PFXRCD;
	if (req(t->s, t->n, "PfxAcc") || req(t->s, t->n, "Accepted"))
		return C_PFXACC;
	if (req(t->s, t->n, "Desc") || req(t->s, t->n, "Description"))
		return C_DESC;
	return C_SKIP;
}

/* "BGP router identifier 10.0.0.1, local AS number 65010 ..." */
static bool
context_line(struct rparse *rp, struct table_ctx *tc, const char *s,
    size_t n)
{
	struct rtok t[16];
	size_t k, i;
	long at;

	rtrim(&s, &n);
	k = rtok_split(s, n, t, 16);
	if ((at = rfind(s, n, "router identifier ")) >= 0) {
		for (i = 0; i < k; i++)
			if (req(t[i].s, t[i].n, "identifier") && i + 1 < k)
				(void)raddr_parse(t[i + 1].s, t[i + 1].n,
				    &tc->local_id);
			else if (req(t[i].s, t[i].n, "number") && i + 1 < k &&
			    router_asn_parse(t[i + 1].s, t[i + 1].n,
			    &tc->local_as) == 0)
				tc->has_local_as = true;
		/* FRR "... vrf-id 0" */
		if (rfind(s, n, "vrf-id") >= 0 &&
		    rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
			rp->sec->vendor = ROUTER_VENDOR_FRR;
		if (rstarts(s, n, "Router identifier") &&
		    rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
			rp->sec->vendor = ROUTER_VENDOR_EOS;
		return true;
	}
	/* NX-OS "BGP summary information for VRF default, address family
	 * IPv4 Unicast"; EOS "BGP summary information for VRF default" */
	if (rstarts(s, n, "BGP summary information for VRF ") && k >= 6) {
		rvrf(tc->vrf, sizeof(tc->vrf), t[5].s, t[5].n);
		if ((at = rfind(s, n, "address family ")) >= 0) {
			rcopy(tc->afi, sizeof(tc->afi), s + at + 15,
			    n - (size_t)at - 15);
			if (rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
				rp->sec->vendor = ROUTER_VENDOR_NXOS;
		} else if (rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
			rp->sec->vendor = ROUTER_VENDOR_EOS;
		return true;
	}
	/* FRR "IPv4 Unicast Summary (VRF default):", "IPv6 Unicast
	 * Summary:" */
	if ((at = rfind(s, n, " Summary")) > 0 && k >= 2 &&
	    (rstarts(s, n, "IPv4 ") || rstarts(s, n, "IPv6 ") ||
	    rstarts(s, n, "L2VPN ") || rstarts(s, n, "VPNv4 ") ||
	    rstarts(s, n, "VPNv6 "))) {
		long v = rfind(s, n, "(VRF ");

		rcopy(tc->afi, sizeof(tc->afi), s, (size_t)at);
		if (v >= 0)
			rvrf(tc->vrf, sizeof(tc->vrf), s + v + 5,
			    n - (size_t)v - 5);
		if (rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
			rp->sec->vendor = ROUTER_VENDOR_FRR;
		return true;
	}
	/* IOS "For address family: VPNv4 Unicast", XR "Address Family:
	 * IPv4 Unicast" */
	if (rstarts(s, n, "For address family: ") ||
	    rstarts(s, n, "Address Family: ")) {
		const char *c = memchr(s, ':', n);

		rcopy(tc->afi, sizeof(tc->afi), c + 1,
		    n - (size_t)(c + 1 - s));
		return true;
	}
	/* XR "VRF: CUST-A", "BGP VRF CUST-A, state: Active" */
	if (rstarts(s, n, "VRF: ") && k == 2) {
		rvrf(tc->vrf, sizeof(tc->vrf), t[1].s, t[1].n);
		return true;
	}
	if (rstarts(s, n, "BGP VRF ") && k >= 3) {
		rvrf(tc->vrf, sizeof(tc->vrf), t[2].s, t[2].n);
		rp->sec->vendor = ROUTER_VENDOR_XR;
		return true;
	}
	/* FRR vrf all: "Instance CUST:" */
	if (rstarts(s, n, "Instance ") && k == 2) {
		rvrf(tc->vrf, sizeof(tc->vrf), t[1].s, t[1].n);
		return true;
	}
	if (rstarts(s, n, "Process ") && rfind(s, n, "RcvTblVer") >= 0) {
		rp->sec->vendor = ROUTER_VENDOR_XR;
		return true;
	}
	if (rstarts(s, n, "Total number of neighbors ") && k >= 5) {
		uint64_t v;

		if (rparse_u64(t[4].s, t[4].n, &v) == 0 && v < 1000000)
			tc->total = (long)v;
		return true;
	}
	return false;
}

static bool
header(struct table_ctx *tc, const char *s, size_t n)
{
	struct rtok t[MAX_COLS + 2];
	size_t k = rtok_split(s, n, t, MAX_COLS + 2), i = 0, j;

	if (k > 0 && req(t[0].s, t[0].n, "Description"))
		i = 1;
	/* OpenBGPD "Neighbor AS MsgRcvd", GoBGP "Peer AS Up/Down": no
	 * version column; the AS column is what makes it a table. */
	if (i == 0 && k >= 4 && req(t[1].s, t[1].n, "AS") &&
	    ((req(t[0].s, t[0].n, "Neighbor") &&
	    req(t[2].s, t[2].n, "MsgRcvd")) ||
	    (req(t[0].s, t[0].n, "Peer") && req(t[2].s, t[2].n, "Up/Down")))) {
		tc->desc_first = false;
		tc->ncols = 0;
		for (j = 1; j < k && tc->ncols < MAX_COLS; j++)
			tc->cols[tc->ncols++] = col_kind(&t[j]);
		return true;
	}
	if (k < i + 3 || !req(t[i].s, t[i].n, "Neighbor") ||
	    !(req(t[i + 1].s, t[i + 1].n, "V") ||
	    req(t[i + 1].s, t[i + 1].n, "Spk")) ||
	    !req(t[i + 2].s, t[i + 2].n, "AS"))
		return false;
	tc->desc_first = i == 1;	/* EOS */
	tc->ncols = 0;
	for (j = i + 1; j < k && tc->ncols < MAX_COLS; j++)
		tc->cols[tc->ncols++] = col_kind(&t[j]);
	return true;
}

/* Tokens of a row, "Idle" "(Admin)" merged into one. */
static size_t
row_tokens(const char *s, size_t n, struct rtok *t, size_t max)
{
	size_t k = rtok_split(s, n, t, max), i, o = 0;

	for (i = 0; i < k; i++) {
		/* GoBGP's "|" between the state and the counts is no
		 * column */
		if (t[i].n == 1 && t[i].s[0] == '|')
			continue;
		if (o > 0 && t[i].s[0] == '(') {
			t[o - 1].n = (size_t)(t[i].s + t[i].n - t[o - 1].s);
			continue;
		}
		t[o++] = t[i];
	}
	return o;
}

static void
set_state(struct router_neighbor *nb, const struct rtok *t, bool pfx_ok)
{
	const char *s = t->s;
	size_t n = t->n;
	uint64_t v;
	bool admin;

	rcopy(nb->state_text, sizeof(nb->state_text), s, n);
	/* "0!", "Idle!": a mark the router adds; the value is before it */
	while (n > 0 && (s[n - 1] == '!' || s[n - 1] == '*'))
		n--;
	if (pfx_ok && rparse_u64(s, n, &v) == 0) {
		nb->state = ROUTER_ST_ESTABLISHED;
		nb->pfx_received = (int64_t)v;
		return;
	}
	nb->state = router_state_parse(s, n, &admin);
	nb->admin_down = admin;
	if (rfind(s, n, "PfxCt") >= 0 || rfind(s, n, "prefix") >= 0)
		nb->max_prefix = true;
}

/*
 * Is a row whole?  For the last line of a cut paste: every column up to
 * the state, the columns FRR prints after it (PfxSnt), and EOS's counts
 * when the state is Estab; a state in two words must have its ')'.
 */
static bool
row_whole(const struct table_ctx *tc, const struct router_neighbor *nb,
    const struct rtok *t, size_t k, size_t a)
{
	size_t vals = k - a - 1, need = 0, c;
	bool past = false;

	for (c = 0; c < tc->ncols; c++) {
		if (tc->cols[c] == C_STATE_PFX || tc->cols[c] == C_STATE) {
			need = c + 1;
			past = true;
			if (vals > c && memchr(t[a + 1 + c].s, '(',
			    t[a + 1 + c].n) != NULL && memchr(t[a + 1 + c].s,
			    ')', t[a + 1 + c].n) == NULL)
				return false;
		} else if (past && (tc->cols[c] == C_SKIP ||
		    ((tc->cols[c] == C_PFXRCD || tc->cols[c] == C_PFXACC) &&
		    nb->state == ROUTER_ST_ESTABLISHED)))
			need = c + 1;
		else if (past)
			break;
	}
	return vals >= need;
}

static int
row(struct rparse *rp, struct table_ctx *tc, struct rtok *t, size_t k,
    uint32_t line, bool cut)
{
	struct router_neighbor nb;
	size_t a = 0, i, c;
	uint64_t v;

	rnb_init(rp, &nb, line);
	if (tc->desc_first) {
		for (a = 0; a < k && a < 12; a++)
			if (raddr_parse(t[a].s[0] == '*' ? t[a].s + 1 : t[a].s,
			    t[a].s[0] == '*' ? t[a].n - 1 : t[a].n,
			    &nb.addr) == 0)
				break;
		if (a == k || a == 12)
			return 0;
		if (a > 0)
			rcopy(nb.description, sizeof(nb.description), t[0].s,
			    (size_t)(t[a - 1].s + t[a - 1].n - t[0].s));
	} else if (raddr_parse(t[0].s[0] == '*' ? t[0].s + 1 : t[0].s,
	    t[0].s[0] == '*' ? t[0].n - 1 : t[0].n, &nb.addr) == -1)
		return 0;
	str_copy(nb.vrf, tc->vrf, sizeof(nb.vrf));
	str_copy(nb.afi, tc->afi, sizeof(nb.afi));
	nb.local_as = tc->local_as;
	nb.has_local_as = tc->has_local_as;
	nb.local_id = tc->local_id;
	for (i = a + 1, c = 0; i < k && c < tc->ncols; i++, c++) {
		switch (tc->cols[c]) {
		case C_AS:
			if (router_asn_parse(t[i].s, t[i].n, &nb.remote_as) ==
			    0)
				nb.has_remote_as = true;
			break;
		case C_UPDOWN:
			nb.updown_s = router_duration_parse(t[i].s, t[i].n);
			break;
		case C_STATE_PFX:
			set_state(&nb, &t[i], true);
			break;
		case C_STATE:
			set_state(&nb, &t[i], false);
			break;
		case C_PFXRCD:
			if (rparse_u64(t[i].s, t[i].n, &v) == 0)
				nb.pfx_received = (int64_t)v;
			break;
		case C_PFXACC:
			if (rparse_u64(t[i].s, t[i].n, &v) == 0)
				nb.pfx_accepted = (int64_t)v;
			break;
		case C_DESC:
			if (!req(t[i].s, t[i].n, "N/A"))
				rcopy(nb.description, sizeof(nb.description),
				    t[i].s, (size_t)(t[k - 1].s + t[k - 1].n -
				    t[i].s));
			i = k;
			break;
		default:
			break;
		}
	}
	if (cut && !row_whole(tc, &nb, t, k, a)) {
		rp->sec->truncated = true;
		return 0;
	}
	if (nb.state == ROUTER_ST_UNKNOWN) {
		if (cut)
			rp->sec->truncated = true;
		return 0;		/* not a whole row */
	}
	tc->rows++;
	return rnb_add(rp, &nb);
}

int
router_parse_table(struct rparse *rp)
{
	struct table_ctx tc;
	struct rtok t[MAX_TOK];
	size_t i, k, k2;
	bool in_table = false;

	memset(&tc, 0, sizeof(tc));
	str_copy(tc.vrf, rp->cmd_vrf[0] ? rp->cmd_vrf : "default",
	    sizeof(tc.vrf));
	tc.total = -1;
	for (i = 0; i < rp->n; i++) {
		const struct rline *l = &rp->l[i];
		bool last = i + 1 == rp->n;

		if (header(&tc, l->s, l->n)) {
			in_table = true;
			rp->sec->kind = ROUTER_KIND_SUMMARY;
			tc.rows = 0;
			if (rp->sec->vendor == ROUTER_VENDOR_UNKNOWN &&
			    rfind(l->s, l->n, "Spk") >= 0)
				rp->sec->vendor = ROUTER_VENDOR_XR;
			if (rfind(l->s, l->n, "PfxAcc") >= 0 &&
			    rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
				rp->sec->vendor = ROUTER_VENDOR_EOS;
			if (rfind(l->s, l->n, "PfxSnt") >= 0 &&
			    rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
				rp->sec->vendor = ROUTER_VENDOR_FRR;
			if (rfind(l->s, l->n, "PrfRcvd") >= 0 &&
			    rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
				rp->sec->vendor = ROUTER_VENDOR_OPENBGPD;
			if (rfind(l->s, l->n, "|#Received") >= 0 &&
			    rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
				rp->sec->vendor = ROUTER_VENDOR_GOBGP;
			if (rfind(l->s, l->n, "#recvd") >= 0 &&
			    rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
				rp->sec->vendor = ROUTER_VENDOR_EXABGP;
			continue;
		}
		if (context_line(rp, &tc, l->s, l->n)) {
			/* FRR counts its rows: fewer means a cut paste */
			if (tc.total >= 0 && tc.rows < tc.total)
				rp->sec->truncated = true;
			tc.total = -1;
			in_table = false;
			continue;
		}
		if (!in_table)
			continue;
		k = row_tokens(l->s, l->n, t, MAX_TOK);
		if (k == 0)
			continue;
		/* IPv6 neighbor alone on its line, the row continues below */
		if (k == 1 && !last && rp->l[i + 1].n > 0 &&
		    (rp->l[i + 1].s[0] == ' ' || rp->l[i + 1].s[0] == '\t')) {
			k2 = row_tokens(rp->l[i + 1].s, rp->l[i + 1].n, t + 1,
			    MAX_TOK - 1);
			k += k2;
			i++;
			last = i + 1 == rp->n;
		} else if (k == 1 && last && rp->unterminated) {
			rp->sec->truncated = true;	/* a lone address */
			break;
		}
		/* the last line of a cut paste counts only when whole */
		if (row(rp, &tc, t, k, l->no, last && rp->unterminated) == -1)
			return -1;
	}
	if (rp->sec->kind == ROUTER_KIND_SUMMARY &&
	    rp->sec->vendor == ROUTER_VENDOR_UNKNOWN)
		rp->sec->vendor = ROUTER_VENDOR_IOS;
	return 0;
}
