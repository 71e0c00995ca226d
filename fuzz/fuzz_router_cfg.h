/*
 * fuzz_router_cfg.h: what the config parser fuzz targets share
 * (header-only, as each target is one program): load the bytes as one
 * dialect (the parser family under test), check them against a fixed
 * cloud peer (two /30s, VLAN 210, AS 65020, MD5 on) and build the report
 * document's JSON, so that every field the parser stored is read under
 * the sanitizers.  Nothing is printed; everything is freed.
 */
#ifndef ERW_FUZZ_ROUTER_CFG_H
#define ERW_FUZZ_ROUTER_CFG_H

#include <stdint.h>
#include <string.h>

#include "diag/diag_config.h"
#include "report/report_config.h"
#include "router/router_cfg.h"

static inline void
fuzz_cfg_cloud(struct cloud_peer *cl)
{
	int p;

	memset(cl, 0, sizeof(*cl));
	strcpy(cl->circuit, "fuzz");
	strcpy(cl->peering, "AzurePrivatePeering");
	strcpy(cl->sku, "Standard");
	cl->azure_as = 12076;
	cl->peer_as = 65020;
	cl->vlan = 210;
	cl->md5 = true;
	cl->prefix_limit = 4000;
	for (p = 0; p < AZ_PATH_COUNT; p++) {
		struct cloud_path *cp = &cl->path[p];

		cp->present = true;
		cp->prefix.len = 30;
		net_addr_set_v4(&cp->prefix.addr, 0xac102800u + 4u * (unsigned)p);
		net_addr_set_v4(&cp->customer, 0xac102801u + 4u * (unsigned)p);
		net_addr_set_v4(&cp->microsoft, 0xac102802u + 4u * (unsigned)p);
	}
}

static inline void
fuzz_cfg_one(const uint8_t *data, size_t size, enum router_cfg_dialect d)
{
	struct router_cfg c;
	struct cloud_peer cl;
	struct config_result res;
	struct finding_list fl;
	struct report_doc *doc;
	struct err e;
	json_t *j;

	err_clear(&e);
	if (router_cfg_load_buf(&c, "fuzz", data, size, d, &e) == -1) {
		router_cfg_release(&c);
		return;
	}
	fuzz_cfg_cloud(&cl);
	finding_list_init(&fl);
	diag_config(&c, &cl, &res, &fl);
	if ((doc = report_doc_new("fuzz")) != NULL) {
		report_config_build(report_doc_root(doc), &c, &cl, &res, &fl);
		if ((j = report_doc_json(doc)) != NULL)
			json_decref(j);
		report_doc_free(doc);
	}
	finding_list_release(&fl);
	router_cfg_release(&c);
}

#endif /* ERW_FUZZ_ROUTER_CFG_H */
