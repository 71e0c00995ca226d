/*
 * fuzz_bgp_msg.c: libFuzzer target for the BGP message codec.  The first
 * byte chooses the negotiated session state (bit 0 4-octet AS, bit 1
 * extended message, bits 2-5 the add-path families, bits 6-7 how many
 * prefixes the describer lists); the rest is one message.  The target runs
 * the header check, the parser, the describer and the NLRI and AS path
 * iterators over whatever parsed, and frees everything.
 */
#include <stdint.h>
#include <stdlib.h>

#include "bgp/bgp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
walk_nlri(struct rd r, uint16_t afi, bool addpath)
{
	struct bgp_prefix p;

	while (bgp_nlri_next(&r, afi, addpath, &p) == 1)
		;
}

static void
walk_aspath(struct rd r, bool as4)
{
	uint32_t asns[8];
	size_t count;
	uint8_t type;

	while (bgp_aspath_next(&r, as4, &type, asns, 8, &count) == 1)
		;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned maxp[4] = { 0, 1, 5, 1000 };
	struct bgp_error err;
	struct bgp_neg neg;
	struct bgp_msg m;
	struct sb sb;
	uint16_t len;
	uint8_t type, *copy;
	size_t n;

	if (size < 1)
		return 0;
	neg.as4 = (data[0] & 0x01) != 0;
	neg.ext_msg = (data[0] & 0x02) != 0;
	neg.addpath_rx = (uint8_t)((data[0] >> 2) & 0x0f);
	n = size - 1;
	/* An exact copy, so a read past the message is caught. */
	if ((copy = malloc(n > 0 ? n : 1)) == NULL)
		return 0;
	memcpy(copy, data + 1, n);

	(void)bgp_hdr_check(copy, n, neg.ext_msg, &len, &type, &err);
	sb_init(&sb);
	if (bgp_msg_parse(copy, n, &neg, &m, &err) == 0) {
		bgp_msg_describe(&sb, &m, &neg, maxp[data[0] >> 6]);
		if (m.type == BGP_MSG_UPDATE) {
			const struct bgp_update *u = &m.u.update;

			walk_nlri(u->withdrawn, BGP_AFI_IPV4, u->addpath_v4);
			walk_nlri(u->nlri, BGP_AFI_IPV4, u->addpath_v4);
			if (u->has_mp_reach)
				walk_nlri(u->mp_reach_nlri, u->mp_reach_afi,
				    u->addpath_mp);
			if (u->has_mp_unreach)
				walk_nlri(u->mp_unreach_nlri,
				    u->mp_unreach_afi, u->addpath_mp_unreach);
			walk_aspath(u->as_path, u->as_path_as4);
			walk_aspath(u->as4_path, true);
		}
	}
	sb_release(&sb);
	free(copy);
	return 0;
}
