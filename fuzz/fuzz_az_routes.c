/*
 * fuzz_az_routes.c: libFuzzer target for the effective-route, route-table
 * and NIC loaders and the next-hop decision.  The input is one export
 * (any encoding az_load_buf accepts); it is loaded as routes and as NICs,
 * compiled, and looked up for a few fixed addresses and for addresses
 * taken from the input's first bytes, each answer judged by diag_nexthop.
 * Nothing is printed; everything is freed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "azure/az_routes.h"
#include "diag/diag_nexthop.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fixed[] = {
	"10.50.10.20", "0.0.0.0", "255.255.255.255", "10.20.1.4", "::",
	"fd00:50:1::1", "8.8.8.8"
};

static void
ask(const struct az_routes *rs, const struct az_nics *ns,
    const struct net_addr *a)
{
	struct az_route_result res;
	struct finding_list fl;

	if (az_routes_lookup(rs, a, &res) == -1)
		return;
	finding_list_init(&fl);
	diag_nexthop(rs, ns, a, &res, "VirtualNetworkGateway", &fl);
	finding_list_release(&fl);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct az_routes rs;
	struct az_nics ns;
	struct az_doc *d = NULL;
	struct net_addr a;
	struct finding_list fl;
	struct err e;
	size_t i;

	err_clear(&e);
	if (az_load_buf("fuzz", data, size, &d, &e) == -1)
		return 0;
	az_routes_init(&rs);
	az_nics_init(&ns);
	err_clear(&e);
	(void)az_nics_add_doc(&ns, d, &e);
	err_clear(&e);
	if (az_routes_add_doc(&rs, d, &e) == 0 &&
	    az_routes_build(&rs, &e) == 0) {
		for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
			if (net_addr_parse(fixed[i], &a) == 0)
				ask(&rs, &ns, &a);
		if (size >= 4) {
			uint8_t b[16] = { 0 };

			net_addr_from4(&a, data);
			ask(&rs, &ns, &a);
			memcpy(b, data, size < 16 ? size : 16);
			net_addr_from6(&a, b);
			ask(&rs, &ns, &a);
		}
		finding_list_init(&fl);
		diag_nexthop_table(&rs, &fl);
		finding_list_release(&fl);
	}
	az_routes_release(&rs);
	az_nics_release(&ns);
	az_doc_free(d);
	return 0;
}
