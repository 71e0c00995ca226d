/*
 * fuzz_az_routes.c: libFuzzer target for the effective-route, route-table
 * and NIC loaders and the next-hop decision.  The input is one export
 * (any encoding az_load_buf accepts); it is loaded as routes and as NICs,
 * compiled, and looked up for a few fixed addresses and for addresses
 * taken from the input's first bytes, each answer judged by diag_nexthop.
 * The same input is also read row by row (az_load_buf_rows, the path
 * `erwatch nexthop` takes) and must give the same outcome: the same error
 * message or the same routes, field by field (a difference aborts):
 * effective-route rows read from yajl's events, or declined to the
 * getters, must load as the whole document does.
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

/* Whole-document load against row by row: same error, same routes. */
static void
differential(const uint8_t *data, size_t size)
{
	struct az_routes w, r;
	struct az_doc *d = NULL;
	struct err ew, er;
	int rw, rr;
	size_t i;

	az_routes_init(&w);
	az_routes_init(&r);
	err_clear(&ew);
	err_clear(&er);
	if ((rw = az_load_buf("fuzz", data, size, &d, &ew)) == 0) {
		rw = az_routes_add_doc(&w, d, &ew);
		az_doc_free(d);
	}
	if ((rr = az_load_buf_rows("fuzz", data, size, &d, &er)) == 0) {
		rr = az_routes_add_doc(&r, d, &er);
		az_doc_free(d);
	}
	/* On an error the table holds whatever was read before it (the
	 * callers drop it): only the error is compared then. */
	if (rw != rr || strcmp(ew.msg, er.msg) != 0 ||
	    ew.offset != er.offset || (rw == 0 && w.n != r.n))
		abort();
	for (i = 0; rw == 0 && i < w.n; i++)
		if (w.v[i].prefix.len != r.v[i].prefix.len ||
		    strcmp(w.v[i].prefix_ptr, r.v[i].prefix_ptr) != 0 ||
		    strcmp(w.v[i].next_hop_type, r.v[i].next_hop_type) != 0 ||
		    !net_addr_eq(&w.v[i].prefix.addr, &r.v[i].prefix.addr) ||
		    w.v[i].source != r.v[i].source ||
		    w.v[i].invalid != r.v[i].invalid ||
		    w.v[i].disable_bgp != r.v[i].disable_bgp ||
		    w.v[i].next_hop.family != r.v[i].next_hop.family ||
		    !net_addr_eq(&w.v[i].next_hop, &r.v[i].next_hop) ||
		    strcmp(w.v[i].name, r.v[i].name) != 0 ||
		    strcmp(w.v[i].ptr, r.v[i].ptr) != 0)
			abort();
	if (rw == 0 && w.bgp_disabled != r.bgp_disabled)
		abort();
	az_routes_release(&w);
	az_routes_release(&r);
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

	differential(data, size);
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
