/*
 * analyzer_config: the configuration check behind the analyzer
 * interface.  When the folder holds a router configuration (a router
 * file recognised as config, read whole by router/router_cfg.h) and a
 * circuit export, each configuration is checked against the cloud side
 * of the peering (diag/diag_config.h: the peering of context.json, or
 * AzurePrivatePeering), and its CONFIG_* findings join the others, where
 * diag_hypo.c counts them as clues (a wrong remote-as for
 * peer_as_mismatch, a missing MD5 key for md5_mismatch, ...).  A router
 * file that is no configuration is the router analyzer's alone.
 */
#include <string.h>

#include "azure/az_circuit.h"
#include "diag/analyzer.h"
#include "diag/diag_config.h"
#include "router/router_cfg.h"

#define NAME	"config"

/* The first circuit export of the folder that loads, into ckt. */
static bool
find_circuit(const struct evidence_set *set, struct az_circuit *ckt)
{
	struct err le;
	size_t i;

	for (i = 0; i < set->n; i++) {
		const struct evidence_item *it = &set->v[i];

		if (it->type != EVT_CIRCUIT || it->doc == NULL)
			continue;
		err_clear(&le);
		if (az_circuit_load(ckt, it->doc, &le) == 0) {
			str_copy(ckt->input, it->rel, sizeof(ckt->input));
			return true;
		}
	}
	return false;
}

static int
config_run(const struct analyzer_input *in, struct analyzer_output *out,
    struct err *e)
{
	struct evidence_set *set = in->ev;
	struct az_circuit *ckt;
	struct cloud_peer cloud;
	struct config_result *res;
	struct router_cfg cfg;
	struct err le;
	size_t i;
	int rc = 0;

	/* only router files that hold configuration lines */
	for (i = 0; i < set->n; i++)
		if (set->v[i].type == EVT_ROUTER &&
		    (set->v[i].router_kinds & (1u << ROUTER_KIND_CONFIG)))
			break;
	if (i == set->n)
		return 0;
	/* the circuit model and the result are large: off the stack */
	ckt = erw_calloc(1, sizeof(*ckt));
	res = erw_calloc(1, sizeof(*res));
	if (ckt == NULL || res == NULL) {
		rc = ERR(e, ERR_NOMEM, "cannot run the config analyzer");
		goto out;
	}
	if (!find_circuit(set, ckt))
		goto out;
	err_clear(&le);
	if (diag_config_cloud(ckt, in->ctx->peering[0] ? in->ctx->peering :
	    NULL, &cloud, &le) == -1)
		goto out;	/* the circuit analyzer says what is wrong */
	for (i = 0; i < set->n; i++) {
		struct evidence_item *it = &set->v[i];

		if (it->type != EVT_ROUTER ||
		    !(it->router_kinds & (1u << ROUTER_KIND_CONFIG)))
			continue;
		err_clear(&le);
		if (router_cfg_load_file(&cfg, it->path, ROUTER_CFG_UNKNOWN,
		    &le) == -1) {
			router_cfg_release(&cfg);
			if (le.code == ERR_NOMEM) {
				*e = le;
				rc = -1;
				goto out;
			}
			continue;	/* a fragment: not a whole config */
		}
		/* evidence names the file as the report shows it */
		str_copy(cfg.input, it->rel, sizeof(cfg.input));
		diag_config(&cfg, &cloud, res, out->findings);
		router_cfg_release(&cfg);
		if (it->analyzer == NULL)
			it->analyzer = NAME;
	}
out:
	free(res);
	free(ckt);
	return rc;
}

const struct analyzer analyzer_config = {
	.name = NAME,
	.stage = STAGE_ROUTER,
	.takes = EVT_BIT(EVT_ROUTER),
	.run = config_run,
};
