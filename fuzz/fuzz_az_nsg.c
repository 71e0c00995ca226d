/*
 * fuzz_az_nsg.c: libFuzzer target for the NSG loader and evaluators
 * (az_nsg.h).  The input is loaded as an NSG export (nsg show, nsg list
 * or effective NSG, any encoding), with a tag and an ASG defined, then
 * finalized (defaults, resolution, compilation) and a few fixed flows are
 * evaluated by the compiled, batch and reference evaluators, which must
 * agree (abort otherwise, so the fuzzer reports it).  Nothing is printed;
 * everything is freed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "azure/az_nsg.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct {
	const char	*dir, *proto, *local, *remote;
	uint32_t	 lport, rport;
} flows[] = {
	{ "out", "tcp", "10.20.9.4", "10.50.0.1", 40179, 179 },
	{ "in", "tcp", "10.20.1.4", "10.50.10.20", 443, 50512 },
	{ "in", "udp", "10.20.1.4", "8.8.8.8", 53, 0 },
	{ "out", "icmp", "10.20.1.4", "168.63.129.16", NSG_PORT_NONE,
	    NSG_PORT_NONE },
	{ "in", "*", "10.0.0.1", "255.255.255.255", 65535, 1 },
	{ "out", "tcp", "2001:db8::1", "2001:db8::2", 1, 2 },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nsg_flow f[sizeof(flows) / sizeof(flows[0])];
	struct nsg_brief br[sizeof(flows) / sizeof(flows[0])];
	struct nsg_verdict v, w;
	struct nsg_set set;
	struct az_doc *doc;
	struct err e;
	size_t i, n = sizeof(flows) / sizeof(flows[0]);

	err_clear(&e);
	if (az_load_buf("fuzz", data, size, &doc, &e) == -1)
		return 0;
	nsg_set_init(&set);
	(void)nsg_set_define(&set, "VirtualNetwork=10.20.0.0/16,10.50.0.0/16",
	    false, &e);
	(void)nsg_set_define(&set, "asg-app=10.20.1.4", true, &e);
	err_clear(&e);
	if (nsg_set_load(&set, doc, NSG_LEVEL_UNKNOWN, &e) == 0 &&
	    nsg_set_finalize(&set, &e) == 0) {
		for (i = 0; i < n; i++) {
			memset(&f[i], 0, sizeof(f[i]));
			(void)nsg_parse_dir(flows[i].dir, &f[i].dir);
			(void)nsg_parse_proto(flows[i].proto, &f[i].proto);
			(void)net_addr_parse(flows[i].local, &f[i].local);
			(void)net_addr_parse(flows[i].remote, &f[i].remote);
			f[i].lport = flows[i].lport;
			f[i].rport = flows[i].rport;
		}
		nsg_eval_many(&set, f, n, br);
		for (i = 0; i < n; i++) {
			nsg_eval(&set, &f[i], &v);
			nsg_eval_scan(&set, &f[i], &w);
			if (v.access != w.access || v.rule != w.rule ||
			    br[i].rule != w.rule || br[i].access != w.access)
				abort();
		}
	}
	nsg_set_release(&set);
	az_doc_free(doc);
	return 0;
}
