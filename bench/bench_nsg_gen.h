/*
 * The NSG rule set and the flows the NSG benchmarks share: bench_nsg
 * evaluates them in process, gen_azure writes them as files (`nsg show`
 * exports and a `flow --batch` CSV) for the end-to-end benchmark.  A
 * fixed-seed generator (bench_util.h): the same seed gives the same rules
 * and flows in both.  Header only, like bench_util.h.
 *
 * Rules: NRULES custom rules with a realistic mix (single prefixes, prefix
 * lists, service tags, an application security group, ports, port ranges
 * and port lists, Tcp, Udp, Icmp and any, Allow and Deny, priorities
 * 100-4096).  Flows: a local address in the hub VNet, a remote one from
 * the same pools the rules draw on, so that rules do match.
 */
#ifndef ERW_BENCH_NSG_GEN_H
#define ERW_BENCH_NSG_GEN_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "bench_util.h"
#include "azure/az_nsg.h"

#define NRULES		1000

/* What the rules' service tag and application security group stand for,
 * as nsg_set_define() (and flow's --tag / --asg) take them. */
#define NSG_GEN_TAG	"VirtualNetwork=10.20.0.0/16,10.50.0.0/16," \
			"10.51.0.0/16,192.168.100.0/24,168.63.129.16/32"
#define NSG_GEN_ASG	"asg-app=10.20.1.4,10.20.1.5,10.20.1.6"

/* Seeds: the rules are drawn from the first, the flows from the second. */
#define NSG_GEN_RULE_SEED	0x9e3779b97f4a7c15ULL
#define NSG_GEN_FLOW_SEED	0x5deece66dULL

static uint64_t rng_state = NSG_GEN_RULE_SEED;

static inline uint32_t
rng(void)
{
	return bench_rng(&rng_state);
}

static inline uint32_t
pick(uint32_t n)
{
	return rng() % n;
}

/* Address pools flows and rules draw from, so that rules do match. */
static const uint32_t pools[][2] = {
	{ 0x0a140000, 16 },	/* 10.20.0.0/16 hub VNet */
	{ 0x0a320000, 16 },	/* 10.50.0.0/16 on-prem */
	{ 0x0a330000, 16 },	/* 10.51.0.0/16 on-prem */
	{ 0xc0a86400, 24 },	/* 192.168.100.0/24 mgmt */
	{ 0x0a000000, 8 },	/* 10.0.0.0/8 */
	{ 0x00000000, 0 },	/* anywhere (Internet) */
};
#define NPOOLS	(sizeof(pools) / sizeof(pools[0]))

static inline uint32_t
rand_addr(void)
{
	const uint32_t *p = pools[pick(NPOOLS)];
	uint32_t host = p[1] == 0 ? rng() : rng() & (0xffffffffu >> p[1]);

	return p[0] | host;
}

static inline void
prefix_text(char *buf, size_t len)
{
	uint32_t a = rand_addr(), plen;

	switch (pick(4)) {
	case 0:
		plen = 32;
		break;
	case 1:
		plen = 24;
		break;
	case 2:
		plen = 16 + pick(13);
		break;
	default:
		plen = 8 + pick(25);
		break;
	}
	a &= plen == 0 ? 0 : 0xffffffffu << (32 - plen);
	snprintf(buf, len, "%u.%u.%u.%u/%u", a >> 24, a >> 16 & 255,
	    a >> 8 & 255, a & 255, plen);
}

static const uint32_t common_ports[] = { 22, 53, 80, 123, 179, 443, 445,
	1433, 3389, 5986, 8080, 8443 };
#define NCOMMON	(sizeof(common_ports) / sizeof(common_ports[0]))

static inline uint32_t
rand_port(void)
{
	return pick(2) == 0 ? common_ports[pick(NCOMMON)] : pick(65536);
}

static inline void
port_text(char *buf, size_t len)
{
	uint32_t p = rand_port(), q;

	if (pick(3) == 0) {
		q = p + pick(2000);
		if (q > 65535)
			q = 65535;
		snprintf(buf, len, "%u-%u", p, q);
	} else
		snprintf(buf, len, "%u", p);
}

/* One side's address fields, in nsg show's shape. */
static inline void
rule_addrs(json_t *r, const char *one, const char *many, const char *asgs)
{
	static const char *const tags[] = { "VirtualNetwork", "Internet",
	    "AzureLoadBalancer" };
	char buf[64];
	json_t *arr = json_array();
	uint32_t k = pick(100), i, n;

	if (k < 12)
		json_object_set_new(r, one, json_string("*"));
	else if (k < 70) {
		prefix_text(buf, sizeof(buf));
		json_object_set_new(r, one, json_string(buf));
	} else if (k < 88) {
		n = 2 + pick(6);
		for (i = 0; i < n; i++) {
			prefix_text(buf, sizeof(buf));
			json_array_append_new(arr, json_string(buf));
		}
	} else if (k < 97)
		json_object_set_new(r, one, json_string(tags[pick(3)]));
	else {
		json_t *a = json_array(), *o = json_object();

		json_object_set_new(o, "id", json_string("/subscriptions/x/"
		    "resourceGroups/rg/providers/Microsoft.Network/"
		    "applicationSecurityGroups/asg-app"));
		json_array_append_new(a, o);
		json_object_set_new(r, asgs, a);
	}
	json_object_set_new(r, many, arr);
}

static inline void
rule_ports(json_t *r, const char *one, const char *many, bool usually_any)
{
	char buf[32];
	json_t *arr = json_array();
	uint32_t k = pick(100), i, n;

	if (usually_any ? k < 92 : k < 6)
		json_object_set_new(r, one, json_string("*"));
	else if (k < 85) {
		port_text(buf, sizeof(buf));
		json_object_set_new(r, one, json_string(buf));
	} else {
		n = 2 + pick(5);
		for (i = 0; i < n; i++) {
			port_text(buf, sizeof(buf));
			json_array_append_new(arr, json_string(buf));
		}
	}
	json_object_set_new(r, many, arr);
}

/* An NSG with NRULES custom rules at distinct priorities per direction,
 * as json_dumps() text with flags (free() it). */
static inline char *
gen_nsg(const char *name, size_t flags)
{
	static const char *const protos[] = { "Tcp", "Tcp", "Tcp", "Tcp",
	    "Udp", "Udp", "*", "*", "*", "Icmp" };
	json_t *nsg = json_object(), *rules = json_array();
	bool used[2][4097];
	char rname[64];
	char *text;
	int i;

	memset(used, 0, sizeof(used));
	json_object_set_new(nsg, "name", json_string(name));
	for (i = 0; i < NRULES; i++) {
		json_t *r = json_object();
		uint32_t dir = pick(2), prio;

		do
			prio = 100 + pick(3997);
		while (used[dir][prio]);
		used[dir][prio] = true;
		snprintf(rname, sizeof(rname), "rule-%d", i);
		json_object_set_new(r, "name", json_string(rname));
		json_object_set_new(r, "priority", json_integer(prio));
		json_object_set_new(r, "direction", json_string(dir == 0 ?
		    "Inbound" : "Outbound"));
		json_object_set_new(r, "access", json_string(pick(10) < 7 ?
		    "Allow" : "Deny"));
		json_object_set_new(r, "protocol",
		    json_string(protos[pick(10)]));
		rule_addrs(r, "sourceAddressPrefix", "sourceAddressPrefixes",
		    "sourceApplicationSecurityGroups");
		rule_addrs(r, "destinationAddressPrefix",
		    "destinationAddressPrefixes",
		    "destinationApplicationSecurityGroups");
		rule_ports(r, "sourcePortRange", "sourcePortRanges", true);
		rule_ports(r, "destinationPortRange", "destinationPortRanges",
		    false);
		json_array_append_new(rules, r);
	}
	json_object_set_new(nsg, "securityRules", rules);
	text = json_dumps(nsg, flags);
	json_decref(nsg);
	return text;
}

static inline void
gen_flow(struct nsg_flow *f)
{
	static const enum nsg_proto protos[] = { NSG_P_TCP, NSG_P_TCP,
	    NSG_P_TCP, NSG_P_UDP, NSG_P_UDP, NSG_P_ICMP };

	f->dir = pick(2) == 0 ? NSG_IN : NSG_OUT;
	f->proto = protos[pick(6)];
	net_addr_set_v4(&f->local, pools[0][0] | (rng() & 0xffff));
	net_addr_set_v4(&f->remote, rand_addr());
	if (f->proto == NSG_P_ICMP) {
		f->lport = f->rport = NSG_PORT_NONE;
	} else {
		f->lport = rand_port();
		f->rport = 1024 + pick(64512);
		if (pick(2) == 0) {
			uint32_t t = f->lport;

			f->lport = f->rport;
			f->rport = t;
		}
	}
}

#endif /* ERW_BENCH_NSG_GEN_H */
