/*
 * Out of memory in the Azure loaders: every allocation of an in-process
 * `circuit`, `nexthop` and `flow` over small exports (tests/data/azure)
 * fails in turn: reading and converting the file, jansson's tree, the
 * loaders, the route and NSG compilers, the analyzers and the JSON
 * renderers.  The flow run leaves the service tags unresolved, so that its
 * warnings must survive too.  Each run gives exactly the good run's document or fails with
 * ERR_NOMEM (nomem_sweep.h), never a verdict built on half the input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "azure/az_circuit.h"
#include "azure/az_nsg.h"
#include "azure/az_nsg_flow.h"
#include "azure/az_routes.h"
#include "diag/diag_circuit.h"
#include "diag/diag_flow.h"
#include "diag/diag_nexthop.h"
#include "report/report.h"
#include "report/report_circuit.h"
#include "report/report_flow.h"
#include "report/report_nexthop.h"

#ifdef ERW_ALLOC_HOOKS
#include "nomem_sweep.h"

static struct az_doc *
load(const char *rel, struct err *e)
{
	struct az_doc *d;
	char path[512];

	snprintf(path, sizeof(path), "%s/tests/data/azure/%s", ERW_SRC_DIR,
	    rel);
	if (az_load_file(path, &d, e) == -1)
		return NULL;
	return d;
}

/* Print root and the findings' exit code to out; takes root. */
static int
emit(FILE *out, json_t *root, const struct finding_list *fl, struct err *e)
{
	int rc;

	if (finding_list_check(fl, e) == -1) {
		json_decref(root);
		return -1;
	}
	if (root == NULL)
		return ERR(e, ERR_NOMEM, "cannot build the JSON document");
	rc = report_json_dump(out, root, e);
	json_decref(root);
	if (rc == 0)
		fprintf(out, "exit %d\n", finding_list_exit_code(fl));
	return rc;
}

/* ------------------------------------------------------------------ */

static int
run_circuit(const void *arg, FILE *out, struct err *e)
{
	struct az_circuit ckt;
	struct az_arp_table arp;
	struct az_er_routes routes;
	struct az_er_summary sum;
	struct az_er_stats stats;
	struct diag_circuit_input in;
	struct diag_circuit_result res;
	struct report_circuit rc;
	struct finding_list fl;
	struct az_doc *d[5] = { 0 };
	int i, r = -1;

	(void)arg;
	memset(&arp, 0, sizeof(arp));
	memset(&routes, 0, sizeof(routes));
	memset(&sum, 0, sizeof(sum));
	finding_list_init(&fl);
	if ((d[0] = load("circuit/circuit-ok.json", e)) == NULL ||
	    az_circuit_load(&ckt, d[0], e) == -1 ||
	    (d[1] = load("circuit/ps51-arp-primary.json", e)) == NULL ||
	    az_arp_load(&arp, d[1], e) == -1 ||
	    (d[2] = load("circuit/routes-primary.json", e)) == NULL ||
	    az_er_routes_load(&routes, d[2], e) == -1 ||
	    (d[3] = load("circuit/summary-ok-primary.json", e)) == NULL ||
	    az_er_summary_load(&sum, d[3], e) == -1 ||
	    (d[4] = load("circuit/stats.json", e)) == NULL ||
	    az_er_stats_load(&stats, d[4], e) == -1)
		goto out;
	memset(&in, 0, sizeof(in));
	in.circuit = &ckt;
	in.arp[0] = &arp;
	in.routes[0] = &routes;
	in.summary[0] = &sum;
	in.stats = &stats;
	in.peering = "AzurePrivatePeering";
	diag_circuit(&in, &res, &fl);
	memset(&rc, 0, sizeof(rc));
	rc.circuit = &ckt;
	rc.peering = in.peering;
	r = emit(out, report_circuit_json(&rc, &res, &fl), &fl, e);
out:
	for (i = 0; i < 5; i++)
		az_doc_free(d[i]);
	az_arp_release(&arp);
	az_er_routes_release(&routes);
	az_er_summary_release(&sum);
	finding_list_release(&fl);
	return r;
}

static void
test_circuit(void **state)
{
	(void)state;
	nomem_sweep("circuit", run_circuit, NULL);
}

/* ------------------------------------------------------------------ */

static int
run_nexthop(const void *arg, FILE *out, struct err *e)
{
	static const char *const dsts[] = {
		"10.50.10.20", "10.70.1.1", "fd00:50:2::1", "8.8.8.8"
	};
	struct az_route_result res;
	struct az_routes rs;
	struct az_nics nics;
	struct finding_list fl;
	struct net_addr dst;
	struct az_doc *d[3] = { 0 };
	json_t *arr = NULL;
	size_t i;
	int r = -1;

	(void)arg;
	az_routes_init(&rs);
	az_nics_init(&nics);
	if ((d[0] = load("routes/effective-mixed.json", e)) == NULL ||
	    az_routes_add_doc(&rs, d[0], e) == -1 ||
	    (d[1] = load("routes/route-table-fw.json", e)) == NULL ||
	    az_routes_add_doc(&rs, d[1], e) == -1 ||
	    (d[2] = load("routes/nic-fw.json", e)) == NULL ||
	    az_nics_add_doc(&nics, d[2], e) == -1 ||
	    az_routes_build(&rs, e) == -1)
		goto out;
	for (i = 0; i < sizeof(dsts) / sizeof(dsts[0]); i++) {
		finding_list_init(&fl);
		net_addr_parse(dsts[i], &dst);
		if (az_routes_lookup(&rs, &dst, &res) == -1) {
			finding_list_release(&fl);
			ERR(e, ERR_RUNTIME, "lookup failed");
			goto out;
		}
		diag_nexthop_table(&rs, &fl);
		diag_nexthop(&rs, &nics, &dst, &res, NULL, &fl);
		r = emit(out, report_nexthop_json(&rs, &dst, NULL, &res, &fl),
		    &fl, e);
		finding_list_release(&fl);
		if (r == -1)
			goto out;
	}
	r = 0;
out:
	json_decref(arr);
	for (i = 0; i < 3; i++)
		az_doc_free(d[i]);
	az_nics_release(&nics);
	az_routes_release(&rs);
	return r;
}

static void
test_nexthop(void **state)
{
	(void)state;
	nomem_sweep("nexthop", run_nexthop, NULL);
}

/* ------------------------------------------------------------------ */

static int
flow_parse(const char *csv, struct nsg_flow *f)
{
	char dir[8], proto[8], l[64], r[64];
	unsigned lp, rp;

	if (sscanf(csv, "%7[^,],%7[^,],%63[^,],%u,%63[^,],%u", dir, proto, l,
	    &lp, r, &rp) != 6)
		return -1;
	memset(f, 0, sizeof(*f));
	if (nsg_parse_dir(dir, &f->dir) == -1 ||
	    nsg_parse_proto(proto, &f->proto) == -1 ||
	    net_addr_parse(l, &f->local) == -1 ||
	    net_addr_parse(r, &f->remote) == -1)
		return -1;
	f->lport = lp;
	f->rport = rp;
	return 0;
}

static int
run_flow(const void *arg, FILE *out, struct err *e)
{
	static const char *const flows[] = {
		"in,tcp,10.9.1.4,179,172.31.0.1,40000",
		"in,tcp,10.9.1.4,23,172.31.0.1,40000",
		"out,tcp,10.9.1.4,40000,172.31.0.1,179",
		"in,udp,10.9.7.7,53,192.168.50.9,5353",
	};
	struct nsg_verdict v;
	struct nsg_flow f;
	struct nsg_set set;
	struct finding_list fl;
	struct az_doc *d[3] = { 0 };
	size_t i;
	int r = -1;

	(void)arg;
	nsg_set_init(&set);
	if ((d[0] = load("nsg/nsg-snet-lab.json", e)) == NULL ||
	    nsg_set_load(&set, d[0], NSG_LEVEL_UNKNOWN, e) == -1 ||
	    (d[1] = load("nsg/nsg-nic-lab.json", e)) == NULL ||
	    nsg_set_load(&set, d[1], NSG_LEVEL_UNKNOWN, e) == -1 ||
	    (d[2] = load("nsg/nic-jump.json", e)) == NULL ||
	    nsg_set_load(&set, d[2], NSG_LEVEL_UNKNOWN, e) == -1 ||
	    nsg_set_finalize(&set, e) == -1)
		goto out;
	for (i = 0; i < sizeof(flows) / sizeof(flows[0]); i++) {
		if (flow_parse(flows[i], &f) == -1) {
			ERR(e, ERR_RUNTIME, "bad fixture flow");
			goto out;
		}
		finding_list_init(&fl);
		nsg_eval(&set, &f, &v);
		diag_flow_warnings(&fl, &set);
		if (diag_flow_judge(&fl, &f, &v, NULL, NULL, e) == -1) {
			finding_list_release(&fl);
			goto out;
		}
		r = emit(out, report_flow_json(&f, &v, NULL, &fl), &fl, e);
		finding_list_release(&fl);
		if (r == -1)
			goto out;
	}
	r = 0;
out:
	for (i = 0; i < 3; i++)
		az_doc_free(d[i]);
	nsg_set_release(&set);
	return r;
}

static void
test_flow(void **state)
{
	(void)state;
	nomem_sweep("flow", run_flow, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_circuit),
		cmocka_unit_test(test_nexthop),
		cmocka_unit_test(test_flow),
	};

	nomem_setup();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
#else
static void
test_no_seam(void **state)
{
	(void)state;
	skip();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_seam),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
#endif
