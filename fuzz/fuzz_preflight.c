/*
 * fuzz_preflight.c: libFuzzer target for the preflight judgement
 * (diag/diag_preflight.h).  The input is one export or SAS file, judged
 * beside a fixed VM, NIC and storage account so that a fuzzed effective
 * NSG or route table reaches the flow and next-hop engines; a SAS file
 * goes through diag_preflight_add_sas().  Nothing is printed; everything
 * is freed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag/diag_preflight.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define NIC_ID	"/subscriptions/s/resourceGroups/rg/providers/" \
		"Microsoft.Network/networkInterfaces/nic1"
#define SUBNET	"/subscriptions/s/resourceGroups/rg/providers/" \
		"Microsoft.Network/virtualNetworks/v/subnets/sn"

static const char vm[] = "{\"id\": \"/subscriptions/s/resourceGroups/rg/"
    "providers/Microsoft.Compute/virtualMachines/vm1\", \"name\": \"vm1\", "
    "\"location\": \"westeurope\", \"privateIps\": \"10.0.0.4\", "
    "\"networkProfile\": {\"networkInterfaces\": [{\"id\": \"" NIC_ID
    "\"}]}, \"storageProfile\": {\"osDisk\": {\"osType\": \"Linux\"}}, "
    "\"type\": \"Microsoft.Compute/virtualMachines\"}";
static const char nic[] = "{\"id\": \"" NIC_ID "\", \"name\": \"nic1\", "
    "\"ipConfigurations\": [{\"name\": \"c\", \"privateIPAddress\": "
    "\"10.0.0.4\", \"subnet\": {\"id\": \"" SUBNET "\"}}], \"type\": "
    "\"Microsoft.Network/networkInterfaces\"}";
static const char st[] = "{\"id\": \"/subscriptions/s/resourceGroups/rg/"
    "providers/Microsoft.Storage/storageAccounts/st1\", \"name\": \"st1\", "
    "\"location\": \"westeurope\", \"networkRuleSet\": {\"defaultAction\": "
    "\"Deny\", \"virtualNetworkRules\": []}, \"type\": "
    "\"Microsoft.Storage/storageAccounts\"}";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fixed[] = { vm, nic, st };
	struct az_doc *docs[4] = { NULL };
	struct diag_preflight_in *in;
	struct diag_preflight_opts opts;
	struct finding_list fl;
	struct err e;
	size_t i;

	if ((in = diag_preflight_in_new()) == NULL)
		return 0;
	for (i = 0; i < 3; i++) {
		err_clear(&e);
		if (az_load_buf("fixed", fixed[i], strlen(fixed[i]), &docs[i],
		    &e) == 0)
			(void)diag_preflight_add(in, docs[i], &e);
	}
	err_clear(&e);
	if (diag_preflight_is_sas((const char *)data, size))
		(void)diag_preflight_add_sas(in, "fuzz", (const char *)data,
		    size, &e);
	else if (az_load_buf("fuzz", data, size, &docs[3], &e) == 0 &&
	    diag_preflight_kind(docs[3]->kind))
		(void)diag_preflight_add(in, docs[3], &e);
	diag_preflight_opts_init(&opts);
	opts.sas.now = 1773129600ull * USEC_PER_SEC;	/* fixed */
	finding_list_init(&fl);
	err_clear(&e);
	(void)diag_preflight(in, &opts, &fl, &e);
	finding_list_release(&fl);
	diag_preflight_in_free(in);
	for (i = 0; i < 4; i++)
		az_doc_free(docs[i]);
	return 0;
}
