/*
 * mon_names: the names of endpoint kinds and health states as the store
 * keeps them (docs/monitor.md: endpoint.kind, state_change.to_state) and
 * the config spells them.
 */
#include <string.h>

#include "monitor.h"

static const char *const kind_names[] = {
	[MON_KIND_TCP] = "tcp",
	[MON_KIND_ICMP] = "icmp",
	[MON_KIND_BGP_OPEN] = "bgp_open",
	[MON_KIND_ROUTER_STATE] = "router_state",
	[MON_KIND_CLOUD_BGP] = "cloud_bgp",
	[MON_KIND_CLOUD_ARP] = "cloud_arp",
};

const char *
mon_kind_name(enum mon_kind k)
{
	if ((size_t)k < sizeof(kind_names) / sizeof(kind_names[0]))
		return kind_names[k];
	return "unknown";
}

int
mon_kind_parse(const char *s, enum mon_kind *out)
{
	size_t i;

	for (i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (s != NULL && strcmp(s, kind_names[i]) == 0) {
			*out = (enum mon_kind)i;
			return 0;
		}
	return -1;
}

const char *
mon_health_name(enum mon_health h)
{
	switch (h) {
	case MON_HEALTH_HEALTHY:
		return "healthy";
	case MON_HEALTH_FAILING:
		return "failing";
	case MON_HEALTH_UNKNOWN:
		break;
	}
	return "unknown";
}
