/*
 * fuzz_az_doc.c: libFuzzer target for the Azure export loader (azure.h):
 * bytes in any encoding -> az_load_buf (BOM, UTF-16, depth limit, jansson)
 * -> kind detection -> every row through every typed getter, the
 * "required" variants, the locator and az_fail, on the keys the
 * analyzers read.  Nothing is printed; everything is freed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "azure/azure.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Keys the loaders ask for, in both casings where PowerShell differs. */
static const char *const keys[] = {
	"name", "id", "value", "ipAddress", "IpAddress", "macAddress",
	"interface", "InterfaceProperty", "age", "network", "nextHop",
	"locPrf", "LocPrf", "path", "weight", "neighbor", "statePfxRcd",
	"AsProperty", "as", "upDown", "priority", "direction", "access",
	"protocol", "sourceAddressPrefix", "destinationPortRanges",
	"effectiveSecurityRules", "tagMap", "association", "addressPrefix",
	"nextHopType", "source", "state", "peerings", "vlanId", "peerASN",
	"enableIpForwarding", "ipConfigurations", "hops", "connectionStatus",
	"primarybytesIn", "disableBgpRoutePropagation", "x"
};

static void
walk(const struct az_node *n, int depth)
{
	struct az_node c;
	struct err e;
	const char *s;
	int64_t i64;
	bool b;
	size_t k, i;
	uint64_t line, col, off;

	if (depth > 6)
		return;
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		err_clear(&e);
		(void)az_get_str(n, keys[k], &s, &e);
		err_clear(&e);
		(void)az_get_int(n, keys[k], &i64, &e);
		err_clear(&e);
		(void)az_get_bool(n, keys[k], &b, &e);
		err_clear(&e);
		(void)az_req_str(n, keys[k], &s, &e);
		err_clear(&e);
		(void)az_req_int(n, keys[k], &i64, &e);
		err_clear(&e);
		(void)az_req_bool(n, keys[k], &b, &e);
		err_clear(&e);
		if (az_get_object(n, keys[k], &c, &e) == 0)
			walk(&c, depth + 1);
		err_clear(&e);
		(void)az_req_object(n, keys[k], &c, &e);
		err_clear(&e);
		if (az_get_array(n, keys[k], &c, &e) == 0) {
			struct az_node it;

			for (i = 0; i < az_len(&c) && i < 8; i++)
				if (az_index(&c, i, &it) == 0)
					walk(&it, depth + 1);
		}
		err_clear(&e);
		(void)az_req_array(n, keys[k], &c, &e);
	}
	err_clear(&e);
	(void)az_fail(n, "name", &e, "fuzz %d", depth);
	(void)az_locate(n->doc, n->ptr, &line, &col, &off);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct az_doc *doc;
	struct az_rows rows;
	struct az_node row, root;
	struct err e;
	size_t i;
	uint64_t line, col, off;
	char ptr[64];

	err_clear(&e);
	if (az_load_buf("fuzz", data, size, &doc, &e) == -1)
		return 0;
	(void)az_kind_name(doc->kind);
	(void)az_detect(doc->root);
	az_root(doc, &root);
	walk(&root, 0);
	az_rows(doc, &rows);
	for (i = 0; i < rows.n && i < 64; i++)
		if (az_row(&rows, i, &row) == 0)
			walk(&row, 1);
	/* Pointers built from the input itself. */
	if (size > 0) {
		size_t n = size < sizeof(ptr) - 1 ? size : sizeof(ptr) - 1;

		memcpy(ptr, data, n);
		ptr[n] = '\0';
		ptr[0] = '/';
		(void)az_locate(doc, ptr, &line, &col, &off);
	}
	(void)az_locate(doc, "/value/0/a~1b/~0/1", &line, &col, &off);
	if (json_is_string(root.v))
		(void)az_id_name(json_string_value(root.v));
	az_doc_free(doc);
	return 0;
}
