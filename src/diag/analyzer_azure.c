/*
 * analyzer_azure: the NSG / UDR / next hop stage behind the analyzer
 * interface.  The folder's NSG exports are evaluated as `erwatch flow`
 * does (azure/az_nsg.h, judged by diag_flow_judge()) and its effective
 * routes and route tables as `erwatch nexthop` does (azure/az_routes.h,
 * judged by diag_nexthop() and diag_nexthop_table()), all unchanged.
 *
 * Which flows and destinations to check is not in the exports: they come
 * from context.json ("flows" as `erwatch flow --batch` lines,
 * "destinations") and from the Network Watcher commands the user ran
 * (test-ip-flow --direction/--protocol/--local/--remote, show-next-hop
 * --dest-ip in a commands file).  When the folder has NSGs but no flow,
 * the report says so.  An effective NSG is what Azure applies, so NSG
 * shows are evaluated only when no effective NSG is given.
 */
#include <stdlib.h>
#include <string.h>

#include "azure/az_nsg.h"
#include "azure/az_nsg_flow.h"
#include "azure/az_routes.h"
#include "diag/analyzer.h"
#include "diag/diag_azure.h"
#include "diag/diag_flow.h"
#include "diag/diag_nexthop.h"

#define NAME		"azure"
#define MAX_CHECKS	32

struct az_checks {
	size_t		 nflows;
	struct nsg_flow	 flows[MAX_CHECKS];
	char		 flow_from[MAX_CHECKS][EVIDENCE_REL_MAX];
	size_t		 ndests;
	struct net_addr	 dests[MAX_CHECKS];
};

/* The word after opt in cmd ("--remote 10.0.0.1:179"), into out. */
static bool
opt_value(const char *cmd, const char *opt, char *out, size_t len)
{
	const char *p = cmd;
	size_t n = strlen(opt), k = 0;

	while ((p = strstr(p, opt)) != NULL) {
		if ((p == cmd || p[-1] == ' ') && p[n] == ' ')
			break;
		p += n;
	}
	if (p == NULL)
		return false;
	p += n + 1;
	while (*p == ' ')
		p++;
	while (p[k] != '\0' && p[k] != ' ' && k + 1 < len) {
		out[k] = p[k];
		k++;
	}
	out[k] = '\0';
	return k > 0;
}

static void
add_dest(struct az_checks *c, const struct net_addr *a)
{
	size_t i;

	for (i = 0; i < c->ndests; i++)
		if (net_addr_eq(&c->dests[i], a))
			return;
	if (c->ndests < MAX_CHECKS)
		c->dests[c->ndests++] = *a;
}

static void
add_flow(struct az_checks *c, const struct nsg_flow *f, const char *from)
{
	if (c->nflows == MAX_CHECKS)
		return;
	str_copy(c->flow_from[c->nflows], from, sizeof(c->flow_from[0]));
	c->flows[c->nflows++] = *f;
	add_dest(c, &f->remote);
}

/* az network watcher test-ip-flow --direction D --protocol P --local
 * IP:PORT --remote IP:PORT */
static void
flow_of_command(struct az_checks *c, const struct evidence_command *cmd)
{
	char v[96];
	struct nsg_flow f;
	const char *why;

	memset(&f, 0, sizeof(f));
	if (strstr(cmd->command, "test-ip-flow") == NULL)
		return;
	if (!opt_value(cmd->command, "--direction", v, sizeof(v)) ||
	    nsg_parse_dir(v, &f.dir) == -1 ||
	    !opt_value(cmd->command, "--protocol", v, sizeof(v)) ||
	    nsg_parse_proto(v, &f.proto) == -1 ||
	    !opt_value(cmd->command, "--local", v, sizeof(v)) ||
	    nsg_parse_endpoint(v, &f.local, &f.lport) == -1 ||
	    !opt_value(cmd->command, "--remote", v, sizeof(v)) ||
	    nsg_parse_endpoint(v, &f.remote, &f.rport) == -1 ||
	    nsg_flow_check(&f, &why) == -1)
		return;
	add_flow(c, &f, cmd->file);
}

static void
gather_checks(struct az_checks *c, const struct evidence_set *set)
{
	const struct diag_context *ctx = &set->ctx;
	struct net_addr a;
	char v[96];
	size_t i;

	for (i = 0; i < ctx->nflows; i++) {
		struct nsg_flow f;
		char line[sizeof(ctx->flows[0].csv)];

		str_copy(line, ctx->flows[i].csv, sizeof(line));
		memset(&f, 0, sizeof(f));
		if (nsg_flow_parse_csv(line, &f) == NULL)
			add_flow(c, &f, ctx->input);
	}
	for (i = 0; i < set->ncmds; i++) {
		flow_of_command(c, &set->cmds[i]);
		if (strstr(set->cmds[i].command, "show-next-hop") != NULL &&
		    opt_value(set->cmds[i].command, "--dest-ip", v,
		    sizeof(v)) && net_addr_parse(v, &a) == 0)
			add_dest(c, &a);
	}
	for (i = 0; i < ctx->ndests; i++)
		add_dest(c, &ctx->dests[i]);
}

static int
load_fail(struct evidence_item *it, const struct err *le, struct err *e)
{
	if (le->code == ERR_NOMEM || le->code == ERR_LIMIT) {
		*e = *le;
		return -1;
	}
	snprintf(it->reason, sizeof(it->reason), "not loaded: %.120s",
	    le->msg);
	it->analyzer = NULL;
	return 0;
}

static int
azure_run(const struct analyzer_input *in, struct analyzer_output *out,
    struct err *e)
{
	struct evidence_set *set = in->ev;
	struct nsg_set *nsgs = NULL;
	struct az_routes rs;
	struct az_nics nics;
	struct az_checks *chk = NULL;
	struct err le;
	bool effective = evidence_count(set, EVT_EFFECTIVE_NSG) > 0;
	size_t i, nnsg = 0, nroutes = 0;
	int rc = 0;

	az_routes_init(&rs);
	az_nics_init(&nics);
	if ((nsgs = erw_calloc(1, sizeof(*nsgs))) == NULL ||
	    (chk = erw_calloc(1, sizeof(*chk))) == NULL) {
		free(nsgs);
		return ERR(e, ERR_NOMEM, "cannot run the azure analyzer");
	}
	nsg_set_init(nsgs);
	for (i = 0; i < set->n && rc == 0; i++) {
		struct evidence_item *it = &set->v[i];

		err_clear(&le);
		switch (it->type) {
		case EVT_NSG:
			if (effective) {
				str_copy(it->reason, "the effective NSG is "
				    "evaluated instead", sizeof(it->reason));
				it->analyzer = NAME;
				break;
			}
			/* FALLTHROUGH */
		case EVT_EFFECTIVE_NSG:
			it->analyzer = NAME;
			if (nsg_set_load(nsgs, it->doc, NSG_LEVEL_UNKNOWN,
			    &le) == -1)
				rc = load_fail(it, &le, e);
			else
				nnsg++;
			break;
		case EVT_NIC:
			it->analyzer = NAME;
			if (nsg_set_load(nsgs, it->doc, NSG_LEVEL_UNKNOWN,
			    &le) == -1 || az_nics_add_doc(&nics, it->doc,
			    &le) == -1)
				rc = load_fail(it, &le, e);
			break;
		case EVT_EFFECTIVE_ROUTES:
		case EVT_ROUTE_TABLE:
			it->analyzer = NAME;
			if (az_routes_add_doc(&rs, it->doc, &le) == -1)
				rc = load_fail(it, &le, e);
			else
				nroutes++;
			break;
		case EVT_NETWORK_WATCHER:
			/* Network Watcher's own answers: erwatch recomputes
			 * them from the exports, so they are context only */
			it->analyzer = NAME;
			str_copy(it->reason, "Network Watcher result: its "
			    "command gives the flow or destination checked",
			    sizeof(it->reason));
			break;
		default:
			break;
		}
	}
	if (rc == -1)
		goto out;
	gather_checks(chk, set);
	if (nroutes > 0) {
		if (az_routes_build(&rs, e) == -1) {
			rc = -1;
			goto out;
		}
		diag_nexthop_table(&rs, out->findings);
		for (i = 0; i < chk->ndests; i++) {
			struct az_route_result rr;

			if (az_routes_lookup(&rs, &chk->dests[i], &rr) == 0)
				diag_nexthop(&rs, nics.n > 0 ? &nics : NULL,
				    &chk->dests[i], &rr, NULL, out->findings);
		}
		if (chk->ndests == 0)
			finding_add(out->findings, FC_EVIDENCE_MISSING,
			    "next hop of on-premises destinations not "
			    "checked: no destination given (context.json "
			    "\"destinations\" or a show-next-hop command)");
		diag_az_notes(out->findings, &rs.notes);
	}
	if (nnsg > 0) {
		if (nsg_set_finalize(nsgs, e) == -1) {
			rc = -1;
			goto out;
		}
		for (i = 0; i < chk->nflows; i++) {
			struct nsg_verdict v;
			struct az_route_result rr;

			nsg_eval(nsgs, &chk->flows[i], &v);
			if (diag_flow_judge(out->findings, &chk->flows[i], &v,
			    nroutes > 0 ? &rs : NULL, &rr, e) == -1) {
				rc = -1;
				goto out;
			}
		}
		if (chk->nflows == 0)
			finding_add(out->findings, FC_EVIDENCE_MISSING,
			    "NSG not checked: no flow given (context.json "
			    "\"flows\" or a test-ip-flow command)");
		diag_flow_warnings(out->findings, nsgs);
		diag_az_notes(out->findings, &nsgs->notes);
	}
	diag_az_notes(out->findings, &nics.notes);
out:
	nsg_set_release(nsgs);
	az_routes_release(&rs);
	az_nics_release(&nics);
	free(nsgs);
	free(chk);
	return rc;
}

const struct analyzer analyzer_azure = {
	.name = NAME,
	.stage = STAGE_AZURE,
	.takes = EVT_BIT(EVT_EFFECTIVE_NSG) | EVT_BIT(EVT_NSG) |
	    EVT_BIT(EVT_NIC) | EVT_BIT(EVT_EFFECTIVE_ROUTES) |
	    EVT_BIT(EVT_ROUTE_TABLE) | EVT_BIT(EVT_NETWORK_WATCHER),
	.run = azure_run,
};
