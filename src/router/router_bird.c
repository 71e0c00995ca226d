/*
 * BIRD `birdc show protocols all` (BIRD 2 and 1.6).  A protocol starts
 * with its row under "Name Proto Table State Since Info" ("tb_peer BGP
 * --- up 09:14:36.835 Established"); its details follow, indented:
 *	BGP state:          Established
 *	  Neighbor address: 172.16.0.1	(fe80::1%eth0 for link-local)
 *	  Neighbor AS:      65010
 *	  Local AS:         12076
 *	  Neighbor ID:      172.16.0.1
 *	  Hold timer:       138.004/180	(running/negotiated)
 *	  Keepalive timer:  54.529/60
 *	  Last error:       Received: Bad peer AS
 *	Channel ipv4			(BIRD 2; 1.6 has no channels)
 *	  Routes:         5 imported, 1 filtered, 5 exported, 5 preferred
 * Only BGP protocols become neighbors.  A protocol disabled by
 * configuration shows State "down" and BGP state "Down".  BIRD prints no
 * password, and nothing about MD5 in this output.
 */
#include <string.h>

#include "router_int.h"

#define MAX_TOK	16

/* "138.004/180" -> 180 */
static int64_t
after_slash(const char *s, size_t n)
{
	const char *sl = memchr(s, '/', n);

	if (sl == NULL)
		return -1;
	return rnum_after(sl + 1, n - (size_t)(sl + 1 - s), NULL);
}

/* The value after "Key:" at the start of a trimmed line. */
static bool
kv(const char *s, size_t n, const char *key, const char **v, size_t *vn)
{
	size_t kl = strlen(key);

	if (!rstarts(s, n, key))
		return false;
	*v = s + kl;
	*vn = n - kl;
	rtrim(v, vn);
	return true;
}

struct proto {
	struct router_neighbor	 nb;
	bool			 bgp;
	bool			 disabled;	/* State column "down" */
};

static int
flush(struct rparse *rp, struct proto *p)
{
	if (!p->bgp || p->nb.addr.family == 0)
		return 0;
	if (p->disabled) {
		p->nb.admin_down = true;
		if (p->nb.state == ROUTER_ST_UNKNOWN) {
			p->nb.state = ROUTER_ST_IDLE;
			str_copy(p->nb.state_text, "down",
			    sizeof(p->nb.state_text));
		}
	}
	p->nb.vendor = ROUTER_VENDOR_BIRD;
	return rnb_add(rp, &p->nb);
}

/* "5 imported, 1 filtered, 5 exported, 5 preferred" */
static void
routes(struct router_neighbor *nb, const char *s, size_t n)
{
	struct rtok t[MAX_TOK];
	size_t k = rtok_split(s, n, t, MAX_TOK), i;
	int64_t imp = -1, filt = 0;

	for (i = 0; i + 1 < k; i++) {
		if (rstarts(t[i + 1].s, t[i + 1].n, "imported"))
			imp = rnum_after(t[i].s, t[i].n, NULL);
		else if (rstarts(t[i + 1].s, t[i + 1].n, "filtered"))
			filt = rnum_after(t[i].s, t[i].n, NULL);
	}
	if (imp < 0)
		return;
	nb->pfx_accepted = (nb->pfx_accepted < 0 ? 0 : nb->pfx_accepted) +
	    imp;
	nb->pfx_received = (nb->pfx_received < 0 ? 0 : nb->pfx_received) +
	    imp + (filt > 0 ? filt : 0);
}

int
router_parse_bird(struct rparse *rp)
{
	struct proto p;
	struct rtok t[MAX_TOK];
	const char *v;
	size_t i, k, vn;
	bool open = false;

	memset(&p, 0, sizeof(p));
	for (i = 0; i < rp->n; i++) {
		const struct rline *l = &rp->l[i];
		const char *s = l->s;
		size_t n = l->n;
		bool indented = n > 0 && (s[0] == ' ' || s[0] == '\t');

		rtrim(&s, &n);
		if (n == 0)
			continue;
		if (rstarts(s, n, "BIRD ") && rfind(s, n, "ready") >= 0) {
			rp->sec->kind = ROUTER_KIND_PROTOCOLS;
			rp->sec->vendor = ROUTER_VENDOR_BIRD;
			continue;
		}
		if (rstarts(s, n, "Name ") && rfind(s, n, "Proto") >= 0)
			continue;
		if (i + 1 == rp->n && rp->unterminated) {
			rp->sec->truncated = true;
			break;
		}
		if (!indented) {
			/* a protocol row: NAME PROTO TABLE STATE SINCE INFO */
			k = rtok_split(s, n, t, MAX_TOK);
			if (k < 4)
				continue;
			if (open && flush(rp, &p) == -1)
				return -1;
			memset(&p, 0, sizeof(p));
			rnb_init(rp, &p.nb, l->no);
			rcopy(p.nb.proto, sizeof(p.nb.proto), t[0].s, t[0].n);
			p.bgp = req(t[1].s, t[1].n, "BGP");
			p.disabled = req(t[3].s, t[3].n, "down");
			open = true;
			if (p.bgp) {
				rp->sec->kind = ROUTER_KIND_PROTOCOLS;
				rp->sec->vendor = ROUTER_VENDOR_BIRD;
			}
			continue;
		}
		if (!open || !p.bgp)
			continue;
		if (kv(s, n, "Description:", &v, &vn))
			rcopy(p.nb.description, sizeof(p.nb.description), v,
			    vn);
		else if (kv(s, n, "BGP state:", &v, &vn)) {
			rcopy(p.nb.state_text, sizeof(p.nb.state_text), v, vn);
			p.nb.state = router_state_parse(v, vn, NULL);
			/* "Down": disabled, or between attempts */
			if (p.nb.state == ROUTER_ST_UNKNOWN)
				p.nb.state = ROUTER_ST_IDLE;
		} else if (kv(s, n, "Neighbor address:", &v, &vn))
			(void)raddr_parse(v, vn, &p.nb.addr);
		else if (kv(s, n, "Neighbor AS:", &v, &vn)) {
			if (router_asn_parse(v, vn, &p.nb.remote_as) == 0)
				p.nb.has_remote_as = true;
		} else if (kv(s, n, "Local AS:", &v, &vn)) {
			if (router_asn_parse(v, vn, &p.nb.local_as) == 0)
				p.nb.has_local_as = true;
		} else if (kv(s, n, "Source address:", &v, &vn))
			(void)raddr_parse(v, vn, &p.nb.local_addr);
		else if (kv(s, n, "Neighbor ID:", &v, &vn))
			(void)raddr_parse(v, vn, &p.nb.router_id);
		else if (kv(s, n, "Hold timer:", &v, &vn))
			p.nb.hold = after_slash(v, vn);
		else if (kv(s, n, "Keepalive timer:", &v, &vn))
			p.nb.keepalive = after_slash(v, vn);
		else if (kv(s, n, "Last error:", &v, &vn)) {
			int c, sc;

			rcopy(p.nb.last_error, sizeof(p.nb.last_error), v, vn);
			if (router_notification_parse(v, vn, &c, &sc) == 0) {
				p.nb.err_code = (uint8_t)c;
				p.nb.err_subcode = (uint8_t)(sc < 0 ? 0 : sc);
				p.nb.max_prefix = c == 6 && sc == 1;
			}
		} else if (kv(s, n, "Channel ", &v, &vn)) {
			if (p.nb.afi[0] == '\0')
				rcopy(p.nb.afi, sizeof(p.nb.afi), v, vn);
		} else if (kv(s, n, "Routes:", &v, &vn))
			routes(&p.nb, v, vn);
	}
	if (open && flush(rp, &p) == -1)
		return -1;
	return 0;
}
