/*
 * The frame feed: each record of a capture (or of a live capture) goes
 * through pkt_decode() once.  The file record keeps the counts the
 * renderers show (frames, bytes, VLAN IDs, undecodable and snaplen-cut
 * frames, tunnels that carried BGP); then ARP goes to diag_pcap_l2.c,
 * TCP to the flow tracker (whose events come back to diag_pcap_event.c)
 * and ICMP errors to diag_pcap_l2.c.
 */
#include <stdio.h>
#include <string.h>

#include "diag_pcap_int.h"

static bool
encap_eq(const struct pkt_encap *a, const struct pkt_encap *b)
{
	unsigned i;

	if (a->type != b->type || a->has_addr != b->has_addr ||
	    a->has_id != b->has_id || a->id != b->id || a->vlan != b->vlan ||
	    a->nlabels != b->nlabels || a->pw_cw != b->pw_cw)
		return false;
	if (a->has_addr && (!net_addr_eq(&a->src, &b->src) ||
	    !net_addr_eq(&a->dst, &b->dst)))
		return false;
	for (i = 0; i < a->nlabels && i < PKT_MAX_LABELS; i++)
		if (a->label[i] != b->label[i])
			return false;
	return true;
}

static bool
tunnel_is(const struct diag_pcap_tunnel *t, const struct pkt_info *pi,
    const struct net_addr *lo, const struct net_addr *hi)
{
	unsigned i;

	if (t->nencap != pi->nencap || !net_addr_eq(&t->lo, lo) ||
	    !net_addr_eq(&t->hi, hi))
		return false;
	for (i = 0; i < pi->nencap; i++)
		if (!encap_eq(&t->encap[i], &pi->encap[i]))
			return false;
	return true;
}

/*
 * A BGP segment that came inside a tunnel: count it against its tunnel
 * and session, the same pair as last time on the fast path.
 */
static void
tunnel_seen(struct diag_pcap *ctx, const struct pkt_info *pi,
    const struct flow_meta *m)
{
	struct diag_pcap_file *f = ctx->cur;
	const struct net_addr *lo = &pi->ip.src, *hi = &pi->ip.dst;
	struct diag_pcap_tunnel *t;
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN];
	size_t i;

	if (net_addr_cmp(lo, hi) > 0) {
		lo = &pi->ip.dst;
		hi = &pi->ip.src;
	}
	if (ctx->last_tunnel < f->ntunnels &&
	    tunnel_is(&f->tunnels[ctx->last_tunnel], pi, lo, hi)) {
		f->tunnels[ctx->last_tunnel].frames++;
		return;
	}
	for (i = 0; i < f->ntunnels; i++)
		if (tunnel_is(&f->tunnels[i], pi, lo, hi))
			break;
	if (i == f->ntunnels) {
		if (f->ntunnels == LIMIT_TUNNELS_PER_FILE) {
			f->tunnels_dropped++;
			return;
		}
		t = &f->tunnels[f->ntunnels++];
		memset(t, 0, sizeof(*t));
		t->nencap = pi->nencap;
		memcpy(t->encap, pi->encap, pi->nencap * sizeof(t->encap[0]));
		t->lo = *lo;
		t->hi = *hi;
		/* The same text as flow_session's key, to match findings. */
		snprintf(t->session, sizeof(t->session), "%s - %s",
		    net_addr_str(lo, a), net_addr_str(hi, b));
		pkt_encap_chain_str(pi->encap, pi->nencap, t->desc,
		    sizeof(t->desc));
		t->first_frame = m->frame;
	}
	ctx->last_tunnel = i;
	f->tunnels[i].frames++;
}

/* The file's tags, for the findings about the whole file: known while
 * every tagged frame carries the same ones. */
static void
vlan_stack_add(struct vlan_stack *v, const struct pkt_info *pi)
{
	uint8_t n = pi->nvlan > 2 ? 2 : pi->nvlan;

	if (pi->nvlan > v->depth)
		v->depth = pi->nvlan;
	if (v->n == 0) {
		v->n = n;
		v->vid[0] = pi->vlan[0].vid;
		v->vid[1] = n > 1 ? pi->vlan[1].vid : 0;
	} else if (n != v->n || v->vid[0] != pi->vlan[0].vid ||
	    (n > 1 && v->vid[1] != pi->vlan[1].vid))
		v->mixed = true;
}

int
diag_pcap_feed(struct diag_pcap *ctx, const struct cap_record *rec,
    struct err *e)
{
	struct diag_pcap_file *f = ctx->cur;
	struct flow_meta m;
	struct pkt_info pi;
	enum pkt_status st;
	unsigned i, j;

	if (f == NULL)
		return ERR(e, ERR_USAGE, "no capture open");
	if (err_isset(&ctx->err)) {
		*e = ctx->err;
		return -1;
	}
	f->frames++;
	f->bytes += rec->caplen;
	if (f->first == 0)
		f->first = rec->ts;
	f->last = rec->ts;
	m.frame = rec->frame;
	m.time = rec->ts;
	st = pkt_decode(f->dlt, rec->data, rec->caplen, rec->wirelen, &pi);
	if (st != PKT_OK)
		f->undecodable++;
	for (i = 0; i < pi.nvlan && i < PKT_MAX_VLANS; i++) {
		for (j = 0; j < f->nvlan; j++)
			if (f->vlans[j] == pi.vlan[i].vid)
				break;
		if (j == f->nvlan && f->nvlan < 16)
			f->vlans[f->nvlan++] = pi.vlan[i].vid;
	}
	if (pi.nvlan > 0)
		vlan_stack_add(&ctx->vst, &pi);
	if (st != PKT_OK)
		return 0;
	if (pi.nencap > 0) {
		f->tunneled++;
		if (pi.tr == PKT_TR_TCP && (pi.tcp.sport == ctx->o.port ||
		    pi.tcp.dport == ctx->o.port))
			tunnel_seen(ctx, &pi, &m);
	}
	if (pi.net == PKT_NET_ARP) {
		dp_arp_input(ctx, &pi, &m);
		return 0;
	}
	if (pi.net != PKT_NET_IPV4 && pi.net != PKT_NET_IPV6)
		return 0;
	if (ctx->narp_open > 0 && pi.net == PKT_NET_IPV4)
		dp_arp_ip_seen(ctx, &pi.ip.src);
	if (pi.tr == PKT_TR_TCP) {
		if (pi.tcp.payload_caplen < pi.tcp.payload_len &&
		    (pi.tcp.sport == ctx->o.port ||
		    pi.tcp.dport == ctx->o.port)) {
			if (f->truncated++ == 0)
				ctx->first_cut = m;
		}
		if (ctx->o.has_peer && !net_addr_eq(&pi.ip.src,
		    &ctx->o.peer) && !net_addr_eq(&pi.ip.dst, &ctx->o.peer))
			return 0;
		if (flow_tracker_input(ctx->tr, &pi, &m, e) == -1)
			return -1;
	} else if (pi.tr == PKT_TR_ICMP || pi.tr == PKT_TR_ICMP6)
		dp_icmp_input(ctx, &pi, &m);
	if (err_isset(&ctx->err)) {
		*e = ctx->err;
		return -1;
	}
	return 0;
}
