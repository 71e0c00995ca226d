/*
 * fuzz_az_text.h: the body shared by the az_text fuzz targets.  The input
 * is read as one text form (or, with fmt AZ_FMT_JSON, recognized as
 * az_load_buf() does, encodings and the pasted prompt included); what
 * loads is offered to every loader that reads text forms' rows: ARP,
 * route table, summary, stats, circuit, effective routes, NSGs.  Errors
 * are located (az_locate over the pointer map).  Nothing is printed;
 * everything is freed.
 */
#ifndef FUZZ_AZ_TEXT_H
#define FUZZ_AZ_TEXT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "azure/az_circuit.h"
#include "azure/az_nsg.h"
#include "azure/az_routes.h"
#include "azure/az_text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_az_text_run(const uint8_t *data, size_t size, enum az_format fmt)
{
	static struct az_circuit c;
	struct az_arp_table arp;
	struct az_er_routes routes;
	struct az_er_summary sum;
	struct az_er_stats stats;
	struct az_routes rs;
	struct nsg_set set;
	struct az_doc *d = NULL;
	struct err e;
	uint64_t line, col, off;

	err_clear(&e);
	if ((fmt == AZ_FMT_JSON ? az_load_buf("fuzz", data, size, &d, &e) :
	    az_text_load_as("fuzz", data, size, fmt, &d, &e)) == -1)
		return;
	err_clear(&e);
	(void)az_circuit_load(&c, d, &e);
	err_clear(&e);
	(void)az_er_stats_load(&stats, d, &e);
	err_clear(&e);
	if (az_arp_load(&arp, d, &e) == 0)
		az_arp_release(&arp);
	err_clear(&e);
	if (az_er_routes_load(&routes, d, &e) == 0)
		az_er_routes_release(&routes);
	err_clear(&e);
	if (az_er_summary_load(&sum, d, &e) == 0)
		az_er_summary_release(&sum);
	err_clear(&e);
	az_routes_init(&rs);
	if (az_routes_add_doc(&rs, d, &e) == 0)
		(void)az_routes_build(&rs, &e);
	az_routes_release(&rs);
	err_clear(&e);
	nsg_set_init(&set);
	if (nsg_set_load(&set, d, NSG_LEVEL_UNKNOWN, &e) == 0)
		(void)nsg_set_finalize(&set, &e);
	nsg_set_release(&set);
	(void)az_locate(d, "/0/x/1", &line, &col, &off);
	az_doc_free(d);
}

#endif /* FUZZ_AZ_TEXT_H */
