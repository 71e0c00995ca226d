/*
 * VLAN tagger for the erwatch testbed: a tc clsact program attached to both
 * ends of a veth pair.  The kernel on the test machines has no 802.1Q module,
 * so "ip link add ... type vlan" is not available; this program makes the
 * frames on the veth carry real 802.1Q (and, for QinQ, 802.1ad) tags instead.
 *
 * tc_egress pushes the C-tag (TPID 0x8100, VID TB_VID) and, when TB_STAG is
 * non-zero, an outer S-tag (TPID 0x88a8, VID TB_STAG).  tc_ingress pops
 * whatever tags the frame carries, so the IP stack above sees untagged
 * frames.  Packet sockets (tcpdump) tap egress after tc and ingress before
 * tc, so a capture on either end shows the tagged frames in both directions.
 *
 * Section names are our own (tc in iproute2 6.1 picks a program by section,
 * and sets the program type itself).  Built at use time by
 * tests/testbed/lib.sh (tb_vlan_tag):
 *	clang -O2 -target bpf -DTB_VID=100 -DTB_STAG=300 -c vlan_tag.bpf.c
 * Nothing binary is committed.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#ifndef TB_VID
#define TB_VID	100
#endif
#ifndef TB_STAG
#define TB_STAG	0
#endif

SEC("tb_egress")
int
tc_egress(struct __sk_buff *skb)
{
	if (bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), TB_VID) != 0)
		return TC_ACT_SHOT;
	if (TB_STAG != 0 &&
	    bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021AD), TB_STAG) != 0)
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

SEC("tb_ingress")
int
tc_ingress(struct __sk_buff *skb)
{
	int	 i;

	/* The outer tag is already in skb metadata; inner ones are in data. */
	for (i = 0; i < 2; i++) {
		if (skb->vlan_present == 0 &&
		    skb->protocol != bpf_htons(ETH_P_8021Q) &&
		    skb->protocol != bpf_htons(ETH_P_8021AD))
			break;
		if (bpf_skb_vlan_pop(skb) != 0)
			return TC_ACT_SHOT;
	}
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
