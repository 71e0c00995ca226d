/*
 * report_config: the report document of `erwatch config`.  Takes the
 * parsed configuration (router/router_cfg.h), the synthetic cloud peer
 * and the per-path comparison of diag/diag_config.h and the findings, and
 * builds the nodes of a report document (report_doc.h): in text a
 * side-by-side table per path (setting, on-premises, cloud, verdict), in
 * JSON {"verdict", "config", "cloud", "paths", "findings"} (docs/config.md).
 * Reads only the models' public fields; no key is in them.
 */
#ifndef ERW_REPORT_CONFIG_H
#define ERW_REPORT_CONFIG_H

#include "diag/diag.h"
#include "diag/diag_config.h"
#include "report_doc.h"
#include "router/router_cfg.h"

/*
 * Add the config check to parent.  cfg, cloud and res are read now; fl
 * is borrowed until the document is rendered.  Allocation failure is the
 * document's (report_doc_check()).
 */
void	 report_config_build(struct report_node *parent,
	    const struct router_cfg *cfg, const struct cloud_peer *cloud,
	    const struct config_result *res, const struct finding_list *fl);

#endif /* ERW_REPORT_CONFIG_H */
