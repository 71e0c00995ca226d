/*
 * fuzz_az_circuit.c: libFuzzer target for the ExpressRoute loaders and the
 * circuit checks.  The input is one export; it is offered to every loader
 * (circuit, ARP table, route table, summary, stats) and whatever loads is
 * put in every slot it fits (both paths) before diag_circuit() runs over
 * it, once with private and once with Microsoft peering.  Nothing is
 * printed; everything is freed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "azure/az_circuit.h"
#include "diag/diag_circuit.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct az_circuit c;
	struct az_arp_table arp;
	struct az_er_routes routes;
	struct az_er_summary sum;
	struct az_er_stats stats;
	struct diag_circuit_input in;
	struct diag_circuit_result res;
	struct finding_list fl;
	struct az_doc *d = NULL;
	struct err e;
	int p, k;

	err_clear(&e);
	if (az_load_buf("fuzz", data, size, &d, &e) == -1)
		return 0;
	memset(&in, 0, sizeof(in));
	memset(&arp, 0, sizeof(arp));
	memset(&routes, 0, sizeof(routes));
	memset(&sum, 0, sizeof(sum));
	err_clear(&e);
	if (az_circuit_load(&c, d, &e) == 0)
		in.circuit = &c;
	err_clear(&e);
	if (az_er_stats_load(&stats, d, &e) == 0)
		in.stats = &stats;
	err_clear(&e);
	if (az_arp_load(&arp, d, &e) == 0)
		for (p = 0; p < AZ_PATH_COUNT; p++)
			in.arp[p] = &arp;
	err_clear(&e);
	if (az_er_routes_load(&routes, d, &e) == 0)
		for (p = 0; p < AZ_PATH_COUNT; p++)
			in.routes[p] = &routes;
	err_clear(&e);
	if (az_er_summary_load(&sum, d, &e) == 0)
		for (p = 0; p < AZ_PATH_COUNT; p++)
			in.summary[p] = &sum;
	for (k = 0; k < 2; k++) {
		in.peering = k == 0 ? NULL : "MicrosoftPeering";
		finding_list_init(&fl);
		diag_circuit(&in, &res, &fl);
		finding_list_release(&fl);
	}
	az_arp_release(&arp);
	az_er_routes_release(&routes);
	az_er_summary_release(&sum);
	az_doc_free(d);
	return 0;
}
