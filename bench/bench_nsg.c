/*
 * bench_nsg: the compiled NSG evaluator against the reference scan.
 *
 * Generates (fixed seed) an NSG pair in `az network nsg show` form, 1,000
 * custom rules each with a realistic mix (single prefixes, prefix lists,
 * service tags, an application security group, ports, port ranges and
 * port lists, Tcp, Udp, Icmp and any, Allow and Deny, priorities
 * 100-4096), loads
 * it through the real loader (az_load_buf + nsg_set_load, subnet and NIC
 * level, defaults added), then evaluates 10,000,000 random flows (fixed
 * seed, generated in blocks outside the timed section) with
 * nsg_eval_many(), the batch entry point `erwatch flow --batch` uses (its
 * lookups are interleaved and prefetched); nsg_eval(), one flow at a time,
 * is timed on the first block for information.
 * The reference, nsg_eval_scan(), runs in the same process on a sample of
 * the same flows (it is too slow for all of them in reasonable time); its
 * rate is measured on that sample and labeled as such.  Every verdict of
 * the sample must be identical (access, deciding NSG and rule), and with
 * --full every one of the 10M flows is checked against the scan.
 * Exits 1 when a target is missed or a verdict differs:
 *   compiled >= 5,000,000 verdicts/s, compiled >= 10x the scan.
 * --flows N evaluates N flows instead (profiling under valgrind's
 * callgrind or cachegrind, whose counts are repeatable).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "bench_util.h"
#include "azure/az_nsg.h"
#include "azure/azure.h"

#define NRULES		1000
#define NFLOWS		10000000u
#define BLOCK		65536u
#define NSAMPLE		200000u
#define TARGET_RATE	5e6
#define TARGET_RATIO	10.0

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t
rng(void)
{
	return bench_rng(&rng_state);
}

static uint32_t
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

static uint32_t
rand_addr(void)
{
	const uint32_t *p = pools[pick(NPOOLS)];
	uint32_t host = p[1] == 0 ? rng() : rng() & (0xffffffffu >> p[1]);

	return p[0] | host;
}

static void
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

static uint32_t
rand_port(void)
{
	return pick(2) == 0 ? common_ports[pick(NCOMMON)] : pick(65536);
}

static void
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
static void
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

static void
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

/* An NSG with NRULES custom rules at distinct priorities per direction. */
static char *
gen_nsg(const char *name)
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
	text = json_dumps(nsg, JSON_COMPACT);
	json_decref(nsg);
	return text;
}

static void
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

static bool
same(const struct nsg_verdict *a, const struct nsg_verdict *b)
{
	return a->access == b->access && a->rule == b->rule &&
	    a->nsg == b->nsg;
}

static bool
same_brief(const struct nsg_brief *a, const struct nsg_verdict *b)
{
	return a->access == b->access && a->rule == b->rule &&
	    a->nsg == b->nsg;
}

static int
load(struct nsg_set *set, const char *name, enum nsg_level lvl)
{
	struct az_doc *doc;
	struct err e;
	char *text = gen_nsg(name);
	char buf[512];
	int rc;

	err_clear(&e);
	rc = az_load_buf(name, text, strlen(text), &doc, &e);
	free(text);
	if (rc == 0) {
		rc = nsg_set_load(set, doc, lvl, &e);
		az_doc_free(doc);
	}
	if (rc == -1)
		fprintf(stderr, "bench_nsg: %s\n", err_str(&e, buf,
		    sizeof(buf)));
	return rc;
}

int
main(int argc, char *argv[])
{
	struct nsg_set set;
	struct nsg_flow *flows;
	struct nsg_brief *briefs;
	double t_single = 0;
	uint64_t single_denied = 0;
	unsigned single_n = 0;
	struct nsg_verdict v, w;
	struct err e;
	double t0, w0, t_comp = 0, w_comp = 0, t_scan, w_scan, t_build, rate,
	    srate;
	uint64_t done = 0, denied = 0, mismatch = 0, checked = 0;
	bool full = false;
	unsigned i, n, nflows = NFLOWS;
	int fail = 0, a;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--full") == 0)
			full = true;
		else if (strcmp(argv[a], "--flows") == 0 && a + 1 < argc &&
		    atoi(argv[a + 1]) > 0)
			nflows = (unsigned)atoi(argv[++a]);
		else {
			fprintf(stderr, "usage: bench_nsg [--full] "
			    "[--flows N]\n");
			return 2;
		}
	}

	nsg_set_init(&set);
	err_clear(&e);
	t0 = bench_cpu_seconds();
	if (load(&set, "nsg-bench-subnet", NSG_LEVEL_SUBNET) == -1 ||
	    load(&set, "nsg-bench-nic", NSG_LEVEL_NIC) == -1 ||
	    nsg_set_define(&set, "VirtualNetwork=10.20.0.0/16,10.50.0.0/16,"
	    "10.51.0.0/16,192.168.100.0/24,168.63.129.16/32", false,
	    &e) == -1 ||
	    nsg_set_define(&set, "asg-app=10.20.1.4,10.20.1.5,10.20.1.6",
	    true, &e) == -1 || nsg_set_finalize(&set, &e) == -1) {
		fprintf(stderr, "bench_nsg: setup failed: %s\n", e.msg);
		return 1;
	}
	t_build = bench_cpu_seconds() - t0;
	printf("rule set: 2 NSGs x %d custom rules (+ defaults), %zu+%zu "
	    "rules loaded and compiled in %.3f s\n", NRULES,
	    set.nsg[0].nrules, set.nsg[1].nrules, t_build);

	flows = malloc(BLOCK * sizeof(*flows));
	briefs = malloc(BLOCK * sizeof(*briefs));
	if (flows == NULL || briefs == NULL)
		return 1;
	/* Compiled: all flows, timed per block, generation excluded. */
	rng_state = 0x5deece66dULL;
	while (done < nflows) {
		n = nflows - done < BLOCK ? (unsigned)(nflows - done) : BLOCK;
		for (i = 0; i < n; i++)
			gen_flow(&flows[i]);
		t0 = bench_cpu_seconds();
		w0 = bench_wall_seconds();
		nsg_eval_many(&set, flows, n, briefs);
		t_comp += bench_cpu_seconds() - t0;
		w_comp += bench_wall_seconds() - w0;
		for (i = 0; i < n; i++)
			denied += briefs[i].access == NSG_DENY;
		if (full) {
			for (i = 0; i < n; i++) {
				nsg_eval_scan(&set, &flows[i], &w);
				mismatch += !same_brief(&briefs[i], &w);
			}
			checked += n;
		} else if (done == 0) {
			/* Single-flow API on the first block, for reference. */
			t0 = bench_cpu_seconds();
			for (i = 0; i < n; i++) {
				nsg_eval(&set, &flows[i], &v);
				single_denied += v.access == NSG_DENY;
			}
			t_single = bench_cpu_seconds() - t0;
			single_n = n;
		}
		done += n;
	}
	rate = (double)done / t_comp;

	/* Reference scan: the first NSAMPLE flows of the same sequence (no
	 * more than --flows). */
	rng_state = 0x5deece66dULL;
	for (i = 0; i < NSAMPLE && i < BLOCK && i < nflows; i++)
		gen_flow(&flows[i]);
	n = i;
	{
		unsigned rounds = (nflows < NSAMPLE ? nflows : NSAMPLE) / n, r;
		uint64_t sdenied = 0;

		t0 = bench_cpu_seconds();
		w0 = bench_wall_seconds();
		for (r = 0; r < rounds; r++)
			for (i = 0; i < n; i++) {
				nsg_eval_scan(&set, &flows[i], &w);
				sdenied += w.access == NSG_DENY;
			}
		t_scan = bench_cpu_seconds() - t0;
		w_scan = bench_wall_seconds() - w0;
		srate = (double)rounds * n / t_scan;
		(void)sdenied;
	}
	if (!full) {
		nsg_eval_many(&set, flows, n, briefs);
		for (i = 0; i < n; i++) {
			nsg_eval(&set, &flows[i], &v);
			nsg_eval_scan(&set, &flows[i], &w);
			mismatch += !same(&v, &w) ||
			    !same_brief(&briefs[i], &w);
		}
		checked = n;
	}

	printf("flows: %u random (fixed seed), %.1f %% denied\n", nflows,
	    100.0 * (double)denied / (double)done);
	printf("compiled evaluator : %12.0f verdicts/s  (all %u flows, %.2f s "
	    "CPU, %.2f s wall)\n", rate, nflows, t_comp, w_comp);
	if (single_n > 0)
		printf("  one at a time    : %12.0f verdicts/s  (nsg_eval(), "
		    "first %u flows, for information)\n",
		    (double)single_n / t_single, single_n);
	printf("reference scan     : %12.0f verdicts/s  (measured on a sample "
	    "of %u flows, %.2f s CPU, %.2f s wall; not run on all %u)\n",
	    srate, (unsigned)(srate * t_scan + 0.5), t_scan, w_scan, nflows);
	printf("ratio              : %12.1f x   (target >= %.0f x)\n",
	    rate / srate, TARGET_RATIO);
	printf("target             : %12.0f verdicts/s\n", TARGET_RATE);
	printf("verdicts checked against the scan: %llu, different: %llu%s\n",
	    (unsigned long long)checked, (unsigned long long)mismatch,
	    full ? " (all flows)" : " (sample; --full checks all)");
	if (mismatch != 0) {
		printf("FAIL: compiled and reference verdicts differ\n");
		fail = 1;
	}
	if (rate < TARGET_RATE) {
		printf("FAIL: compiled evaluator below %.0f verdicts/s\n",
		    TARGET_RATE);
		fail = 1;
	}
	if (rate / srate < TARGET_RATIO) {
		printf("FAIL: compiled evaluator less than %.0fx the scan\n",
		    TARGET_RATIO);
		fail = 1;
	}
	if (!fail)
		printf("PASS\n");
	free(flows);
	free(briefs);
	nsg_set_release(&set);
	(void)single_denied;
	return fail;
}
