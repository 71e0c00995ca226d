/*
 * The config check benchmark: a generated 200,000-line IOS running-config
 * with 500 BGP neighbors (two toward Azure on the peering's /30s, the
 * rest internal) and thousands of sub-interfaces, ACL and prefix-list
 * lines, parsed (router_cfg.h) and checked against a circuit's cloud peer
 * (diag_config.h) in memory.  The reference, measured in the same run on
 * the same bytes, is the text layer alone (decoding and cleaning the
 * lines, router_text.c), the floor any parser of the file pays.  Target:
 * parse and check in at most 1 s of CPU.  The answers are checked too:
 * every neighbor found, both Azure paths CONFIG_OK.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "diag/diag_config.h"
#include "router/router_cfg.h"
#include "router/router_int.h"

#define LINES		200000
#define NEIGHBORS	500
#define TARGET_S	1.0

static void
cloud(struct cloud_peer *cl)
{
	int p;

	memset(cl, 0, sizeof(*cl));
	strcpy(cl->peering, "AzurePrivatePeering");
	cl->azure_as = 12076;
	cl->peer_as = 65020;
	cl->vlan = 210;
	cl->prefix_limit = 4000;
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		cl->path[p].present = true;
		cl->path[p].prefix.len = 30;
		net_addr_set_v4(&cl->path[p].prefix.addr, 0xac102800u + 4u * p);
		net_addr_set_v4(&cl->path[p].customer, 0xac102801u + 4u * p);
		net_addr_set_v4(&cl->path[p].microsoft, 0xac102802u + 4u * p);
	}
}

static void
gen(struct sb *b, size_t *nlines)
{
	size_t n = 0, i;
	unsigned k;

	sb_add(b, "hostname bench-edge\n!\n");
	n += 2;
	for (k = 0; k < 2; k++) {
		sb_addf(b, "interface TenGigabitEthernet0/%u.210\n encapsulation "
		    "dot1Q 210\n ip address 172.16.40.%u 255.255.255.252\n ip "
		    "tcp adjust-mss 1360\n!\n", k, 1 + 4 * k);
		n += 5;
	}
	/* internal sub-interfaces: the bulk of a large config */
	for (i = 0; n < LINES / 2; i++) {
		sb_addf(b, "interface TenGigabitEthernet1/%zu.%zu\n description "
		    "internal segment %zu\n encapsulation dot1Q %zu\n ip address "
		    "10.%zu.%zu.1 255.255.255.0\n ip mtu 9000\n no shutdown\n!\n",
		    i / 4000, 100 + i % 3000, i, 100 + i % 3000, 64 + i / 256 %
		    64, i % 256);
		n += 7;
	}
	sb_add(b, "router bgp 65020\n no bgp default ipv4-unicast\n");
	n += 2;
	for (k = 0; k < NEIGHBORS; k++) {
		if (k < 2)
			sb_addf(b, " neighbor 172.16.40.%u remote-as 12076\n "
			    "neighbor 172.16.40.%u timers 60 180\n neighbor "
			    "172.16.40.%u fall-over bfd\n", 2 + 4 * k, 2 + 4 * k,
			    2 + 4 * k);
		else
			sb_addf(b, " neighbor 10.200.%u.%u remote-as 65100\n "
			    "neighbor 10.200.%u.%u timers 10 30\n neighbor "
			    "10.200.%u.%u fall-over bfd\n", k / 250, k % 250,
			    k / 250, k % 250, k / 250, k % 250);
		n += 3;
	}
	sb_add(b, " address-family ipv4\n");
	n++;
	for (k = 0; k < NEIGHBORS; k++) {
		if (k < 2)
			sb_addf(b, "  neighbor 172.16.40.%u activate\n  neighbor "
			    "172.16.40.%u prefix-list OUT out\n  neighbor "
			    "172.16.40.%u maximum-prefix 1000\n", 2 + 4 * k,
			    2 + 4 * k, 2 + 4 * k);
		else
			sb_addf(b, "  neighbor 10.200.%u.%u activate\n  neighbor "
			    "10.200.%u.%u maximum-prefix 5000\n  neighbor "
			    "10.200.%u.%u send-community\n", k / 250, k % 250,
			    k / 250, k % 250, k / 250, k % 250);
		n += 3;
	}
	sb_add(b, " exit-address-family\n!\n");
	n += 2;
	for (i = 0; n < LINES; i++) {
		sb_addf(b, "ip prefix-list OUT seq %zu permit 10.%zu.%zu.0/24\n",
		    5 + 5 * i, 20 + i / 256 % 200, i % 256);
		n++;
	}
	*nlines = n;
}

int
main(void)
{
	struct router_text t;
	struct router_cfg c;
	struct cloud_peer cl;
	struct config_result res;
	struct finding_list fl;
	struct err e;
	struct sb b;
	size_t nlines, i, ok = 0;
	double t0, t_text, t_cfg, w0, w_cfg;
	bool pass;

	sb_init(&b);
	gen(&b, &nlines);
	if (sb_str(&b) == NULL) {
		fprintf(stderr, "bench_config: out of memory\n");
		return 1;
	}
	err_clear(&e);
	t0 = bench_cpu_seconds();
	if (router_text_lines("bench", sb_str(&b), b.len, &t, &e) == -1)
		return 1;
	t_text = bench_cpu_seconds() - t0;
	router_text_release(&t);
	cloud(&cl);
	finding_list_init(&fl);
	w0 = bench_wall_seconds();
	t0 = bench_cpu_seconds();
	if (router_cfg_load_buf(&c, "bench", sb_str(&b), b.len,
	    ROUTER_CFG_UNKNOWN, &e) == -1) {
		fprintf(stderr, "bench_config: %s\n", e.msg);
		return 1;
	}
	diag_config(&c, &cl, &res, &fl);
	t_cfg = bench_cpu_seconds() - t0;
	w_cfg = bench_wall_seconds() - w0;
	for (i = 0; i < fl.n; i++)
		ok += fl.v[i].code == FC_CONFIG_OK;
	pass = c.nneighbors == NEIGHBORS && ok == 2 && t_cfg <= TARGET_S;
	printf("config: %zu lines, %zu bytes, %zu interfaces, %zu neighbors\n",
	    nlines, b.len, c.nifaces, c.nneighbors);
	printf("%-28s %12s %16s %8s\n", "", "config", "text only",
	    "target");
	printf("%-28s %12.3f %16.3f %8.1f\n", "parse + check (s)", t_cfg,
	    t_text, TARGET_S);
	printf("%-28s %12.2f %16.2f %8s\n", "lines/s (M)", nlines / t_cfg /
	    1e6, nlines / t_text / 1e6, "");
	printf("(CPU time of this thread; wall clock %.3f s)\n", w_cfg);
	printf("answers: %zu of %d neighbors, CONFIG_OK on %zu of 2 paths\n",
	    c.nneighbors, NEIGHBORS, ok);
	printf("%s\n", pass ? "OK: all targets met" :
	    "FAIL: a target is missed");
	finding_list_release(&fl);
	router_cfg_release(&c);
	sb_release(&b);
	return pass ? 0 : 1;
}
