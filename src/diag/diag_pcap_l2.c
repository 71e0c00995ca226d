/*
 * The capture analyzer's link and network layer: ARP (RFC 826) requests
 * paired with their replies, or with the target speaking IPv4 at all, so
 * that the questions left open are judged when the file ends; and ICMP /
 * ICMPv6 errors (RFC 792, RFC 4443) quoting a segment to or from the BGP
 * port: fragmentation needed / packet too big (RFC 1191, RFC 8201) and
 * unreachables, one finding per router, kind and address pair.
 */
#include <stdio.h>
#include <string.h>

#include "diag_pcap_int.h"

void
dp_arp_input(struct diag_pcap *ctx, const struct pkt_info *pi,
    const struct flow_meta *m)
{
	const struct pkt_arp *ar = &pi->arp;
	struct arp_ent *e = NULL;
	unsigned i;

	if (ctx->o.has_peer && !net_addr_eq(&ar->spa, &ctx->o.peer) &&
	    !net_addr_eq(&ar->tpa, &ctx->o.peer))
		return;
	if (ar->op == 2) {
		ctx->cur->arp_replies++;
		for (i = 0; i < ctx->narp; i++)
			if (!ctx->arp[i].answered &&
			    net_addr_eq(&ctx->arp[i].target, &ar->spa)) {
				ctx->arp[i].answered = true;
				ctx->narp_open--;
			}
		return;
	}
	if (ar->op != 1)
		return;
	ctx->cur->arp_requests++;
	/* probes (sender 0.0.0.0) and gratuitous ARP expect no reply */
	if (net_addr_v4(&ar->spa) == 0 || net_addr_eq(&ar->spa, &ar->tpa))
		return;
	for (i = 0; i < ctx->narp; i++) {
		e = &ctx->arp[i];
		if (net_addr_eq(&e->asker, &ar->spa) &&
		    net_addr_eq(&e->target, &ar->tpa))
			break;
	}
	if (i == ctx->narp) {
		if (ctx->narp >= MAX_ARP)
			return;
		e = &ctx->arp[ctx->narp++];
		memset(e, 0, sizeof(*e));
		e->asker = ar->spa;
		e->target = ar->tpa;
		e->vlan = pi->nvlan > 0 ? pi->vlan[0].vid : 0;
		e->inner_vlan = pi->nvlan > 1 ? pi->vlan[1].vid : 0;
		/* answered already if the target spoke before */
		for (i = 0; i + 1 < ctx->narp; i++)
			if (ctx->arp[i].answered &&
			    net_addr_eq(&ctx->arp[i].target, &ar->tpa))
				e->answered = true;
		if (!e->answered)
			ctx->narp_open++;
	}
	if (e->n < 4)
		e->ev[e->n] = *m;
	else
		e->ev[3] = *m;
	e->n++;
}

/* An IPv4 source that speaks answers every ARP question about it. */
void
dp_arp_ip_seen(struct diag_pcap *ctx, const struct net_addr *src)
{
	unsigned i;

	for (i = 0; i < ctx->narp; i++)
		if (!ctx->arp[i].answered &&
		    net_addr_eq(&ctx->arp[i].target, src)) {
			ctx->arp[i].answered = true;
			ctx->narp_open--;
		}
}

void
dp_icmp_input(struct diag_pcap *ctx, const struct pkt_info *pi,
    const struct flow_meta *m)
{
	const struct pkt_icmp *ic = &pi->icmp;
	bool v6 = pi->tr == PKT_TR_ICMP6, frag;
	char r[NET_ADDR_STRLEN], qs[NET_ADDR_STRLEN], qd[NET_ADDR_STRLEN];
	char flowtxt[2 * NET_ADDR_STRLEN + 48];
	const char *group = "";
	bool bgp_dst;
	struct flow_conn *c;
	struct icmp_ent *e = NULL;
	struct finding *f;
	enum finding_code code;
	unsigned i;

	if (!ic->is_error || !ic->has_quote || ic->q_proto != 6 ||
	    !ic->q_has_ports)
		return;
	if (ic->q_sport != ctx->o.port && ic->q_dport != ctx->o.port)
		return;
	if (ctx->o.has_peer && !net_addr_eq(&ic->q_src, &ctx->o.peer) &&
	    !net_addr_eq(&ic->q_dst, &ctx->o.peer))
		return;
	frag = v6 ? ic->type == 2 : (ic->type == 3 && ic->code == 4);
	if (frag)
		code = FC_ICMP_FRAG_NEEDED;
	else if (v6 ? (ic->type == 1 || ic->type == 3) :
	    (ic->type == 3 || ic->type == 11))
		code = FC_ICMP_UNREACHABLE;
	else
		return;
	if (frag)
		ctx->frag_needed = true;
	c = flow_tracker_find(ctx->tr, &ic->q_src, ic->q_sport, &ic->q_dst,
	    ic->q_dport);
	if (c != NULL) {
		group = c->sess->key;
		flow_conn_icmp(c, m);
	}
	/* one finding per router, kind and address pair: the ephemeral
	 * port changes with every attempt */
	bgp_dst = ic->q_dport == ctx->o.port;
	for (i = 0; i < ctx->nicmp; i++) {
		e = &ctx->icmp[i];
		if (e->code == code && e->type == ic->type &&
		    e->icode == ic->code && e->mtu == ic->mtu &&
		    net_addr_eq(&e->router, &pi->ip.src) &&
		    net_addr_eq(&e->qsrc, &ic->q_src) &&
		    net_addr_eq(&e->qdst, &ic->q_dst) &&
		    (e->qdport == ctx->o.port) == bgp_dst)
			break;
	}
	dp_astr(&pi->ip.src, r);
	dp_astr(&ic->q_src, qs);
	dp_astr(&ic->q_dst, qd);
	if (i == ctx->nicmp) {
		if (ctx->nicmp >= MAX_ICMP)
			return;
		e = &ctx->icmp[ctx->nicmp++];
		memset(e, 0, sizeof(*e));
		e->code = code;
		e->router = pi->ip.src;
		e->qsrc = ic->q_src;
		e->qdst = ic->q_dst;
		e->qsport = ic->q_sport;
		e->qdport = ic->q_dport;
		e->mtu = ic->mtu;
		e->type = ic->type;
		e->icode = ic->code;
		if ((f = dp_new_finding(ctx, code, group, "%s", "")) == NULL)
			return;
		e->idx = ctx->cur->findings.n - 1;
		/* the flow quoted: its BGP port names the peer; the router
		 * that reported it is in the summary */
		if (bgp_dst)
			finding_subj_peers(f, &e->qsrc, e->qsport, &e->qdst,
			    e->qdport);
		else
			finding_subj_peers(f, &e->qdst, e->qdport, &e->qsrc,
			    e->qsport);
		dp_subj_frame_vlan(f, pi);
		if (c != NULL)
			dp_subj_asns(f, c->sess);
	}
	e->n++;
	f = dp_fl_at(ctx, e->idx);
	/* the flow as first quoted; later attempts differ in their port */
	snprintf(flowtxt, sizeof(flowtxt), "%s:%u -> %s:%u%s", qs, e->qsport,
	    qd, e->qdport, c != NULL ? " (BGP connection)" : "");
	if (frag)
		dp_set_summary(f, "%s reports MTU %u for %s (%llu ICMP %s)", r,
		    ic->mtu, flowtxt, (unsigned long long)e->n,
		    v6 ? "packet too big" : "fragmentation needed");
	else
		dp_set_summary(f, "%s sent ICMP %s / %s about %s (%llu times)",
		    r, pkt_icmp_type_name(v6, ic->type),
		    pkt_icmp_code_name(v6, ic->type, ic->code), flowtxt,
		    (unsigned long long)e->n);
	dp_ev_frame(ctx, f, m);
	if (e->n == 1)
		dp_notify(ctx, f);
}
