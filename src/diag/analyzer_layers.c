/*
 * analyzer_layers: the per-layer view `diagnose` prints first -- for each
 * of the design's layers (circuit, ARP, BGP, NSG, routing, packets, and
 * the connection monitor's history)
 * whether the folder held evidence for it, its worst finding, and for a
 * layer without evidence the exact commands that collect it, filled in
 * with what the analyzers learned (circuit, resource group, peer) or the
 * context says.  The playbook stops guessing where evidence is missing:
 * it says what to run instead (design.md, "The troubleshooting model").
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag/analyzer.h"
#include "router/router_cmds.h"

static const char *const layer_names[DL__COUNT] = {
	[DL_CIRCUIT] = "circuit",
	[DL_ARP] = "arp",
	[DL_BGP] = "bgp",
	[DL_NSG] = "nsg",
	[DL_ROUTING] = "routing",
	[DL_PACKETS] = "packets",
	[DL_MONITOR] = "monitor",
	[DL_PREFLIGHT] = "preflight",
};

/* The evidence types that feed each layer. */
static const unsigned layer_takes[DL__COUNT] = {
	[DL_CIRCUIT] = EVT_BIT(EVT_CIRCUIT) | EVT_BIT(EVT_PEERING) |
	    EVT_BIT(EVT_ER_STATS),
	[DL_ARP] = EVT_BIT(EVT_ARP_TABLE) | EVT_BIT(EVT_CAPTURE),
	[DL_BGP] = EVT_BIT(EVT_ROUTER) | EVT_BIT(EVT_ER_ROUTE_SUMMARY) |
	    EVT_BIT(EVT_CAPTURE),
	[DL_NSG] = EVT_BIT(EVT_EFFECTIVE_NSG) | EVT_BIT(EVT_NSG),
	[DL_ROUTING] = EVT_BIT(EVT_EFFECTIVE_ROUTES) |
	    EVT_BIT(EVT_ROUTE_TABLE) | EVT_BIT(EVT_ER_ROUTE_TABLE),
	[DL_PACKETS] = EVT_BIT(EVT_CAPTURE),
	[DL_MONITOR] = EVT_BIT(EVT_MONITOR_DB),
	[DL_PREFLIGHT] = EVT_BIT(EVT_PREREQ) | EVT_BIT(EVT_SAS_URL),
};

const char *
diag_layer_name(enum diag_layer_id id)
{
	if ((unsigned)id >= DL__COUNT)
		return "unknown";
	return layer_names[id];
}

bool
diag_layer_optional(enum diag_layer_id id)
{
	/* capture prerequisites matter before a capture, not to a BGP
	 * session: a folder without them lacks nothing */
	return id == DL_PREFLIGHT;
}

int
diag_layer_of(const struct finding *f, const struct analyzer *owner)
{
	bool capture = owner == &analyzer_capture;

	if (owner == &analyzer_preflight)
		return DL_PREFLIGHT;
	/* the circuit export's summary speaks of BGP and routes too */
	switch (f->code) {
	case FC_CIRCUIT_BGP_DOWN:
	case FC_CIRCUIT_PEER_ASN_MISMATCH:
	case FC_CIRCUIT_MD5_ONE_PATH:
	case FC_CIRCUIT_PREFIX_LIMIT:
		return DL_BGP;
	case FC_CIRCUIT_NO_ROUTES:
	case FC_CIRCUIT_DEFAULT_ROUTE_LEARNED:
		return DL_ROUTING;
	default:
		break;
	}
	switch (f->layer) {
	case LAYER_CIRCUIT:
		return DL_CIRCUIT;
	case LAYER_L2:
		return DL_ARP;
	case LAYER_BGP:
		return DL_BGP;
	case LAYER_NSG:
		return DL_NSG;
	case LAYER_ROUTING:
		return DL_ROUTING;
	case LAYER_MONITOR:
		return DL_MONITOR;
	case LAYER_TCP:
	case LAYER_MTU:
		/* TCP as the packets show it; the router's MD5 complaint
		 * is about its session */
		return capture || owner == NULL ? DL_PACKETS : DL_BGP;
	default:
		return -1;
	}
}

/* ------------------------------------------------------------------ */
/* Collection commands                                                 */
/* ------------------------------------------------------------------ */

struct fill {
	const char	*rg, *ckt, *peering, *nic, *iface;
	char		 peer[NET_ADDR_STRLEN];
};

static void
fill_init(struct fill *fl, const struct diag_facts *f,
    const struct diag_context *ctx)
{
	const struct net_addr *p = facts_peer_addr(f, ctx, PATH_UNKNOWN);

	fl->rg = f->circuit.resource_group[0] ? f->circuit.resource_group :
	    ctx->resource_group[0] ? ctx->resource_group : "<resource-group>";
	fl->ckt = f->circuit.name[0] ? f->circuit.name :
	    ctx->circuit[0] ? ctx->circuit : "<circuit>";
	fl->peering = ctx->peering[0] ? ctx->peering : "AzurePrivatePeering";
	fl->nic = ctx->nic[0] ? ctx->nic : "<nic-of-the-vm>";
	fl->iface = ctx->interface[0] ? ctx->interface : "<interface>";
	if (p != NULL)
		net_addr_str(p, fl->peer);
	else
		str_copy(fl->peer, "<peer-ip>", sizeof(fl->peer));
}

static void
add(struct diag_layer_status *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add(struct diag_layer_status *st, const char *fmt, ...)
{
	va_list ap;

	if (st->ncollect == DIAG_COLLECT_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(st->collect[st->ncollect++], DIAG_COLLECT_LEN, fmt, ap);
	va_end(ap);
}

/* The router's own commands, for the vendor seen (all when unknown),
 * from the one table of them (router/router_cmds.h). */
static void
router_commands(struct diag_layer_status *st, enum router_vendor v,
    const char *peer)
{
	static const enum router_vendor others[] = { ROUTER_VENDOR_JUNOS,
	    ROUTER_VENDOR_FRR, ROUTER_VENDOR_BIRD };
	struct router_cmd_vars vars = { .peer = peer };
	char c[DIAG_COLLECT_LEN], o[3][DIAG_COLLECT_LEN];
	size_t i;

	if (router_cmd_vendor_known(v)) {
		router_cmd(v, ROUTER_CMD_COLLECT, &vars, c, sizeof(c));
		if (router_cmd_vendor_shell(v))
			add(st, "%s", c);
		else
			add(st, "%s  (%s: save the paste in router/)", c,
			    router_cmd_vendor_label(v));
		return;
	}
	router_cmd(ROUTER_VENDOR_IOS, ROUTER_CMD_COLLECT, &vars, c, sizeof(c));
	for (i = 0; i < 3; i++)
		router_cmd(others[i], i == 0 ? ROUTER_CMD_NEIGHBOR :
		    ROUTER_CMD_COLLECT, &vars, o[i], sizeof(o[i]));
	add(st, "%s  (Cisco IOS/IOS-XE/EOS; Junos: %s; FRR: %s; BIRD: %s), "
	    "saved in router/", c, o[0], o[1], o[2]);
}

void
diag_collect_commands(enum diag_layer_id id, const struct diag_facts *f,
    const struct diag_context *ctx, struct diag_layer_status *st)
{
	struct fill fl;

	fill_init(&fl, f, ctx);
	st->ncollect = 0;
	switch (id) {
	case DL_CIRCUIT:
		add(st, "az network express-route show -g %s -n %s > "
		    "azure/circuit.json", fl.rg, fl.ckt);
		add(st, "Get-AzExpressRouteCircuit -ResourceGroupName %s -Name "
		    "%s | ConvertTo-Json -Depth 10 > azure\\circuit.json",
		    fl.rg, fl.ckt);
		break;
	case DL_ARP:
		add(st, "az network express-route list-arp-tables -g %s -n %s "
		    "--peering-name %s --path primary > "
		    "azure/arp-primary.json", fl.rg, fl.ckt, fl.peering);
		add(st, "az network express-route list-arp-tables -g %s -n %s "
		    "--peering-name %s --path secondary > "
		    "azure/arp-secondary.json", fl.rg, fl.ckt, fl.peering);
		add(st, "Get-AzExpressRouteCircuitARPTable -ResourceGroupName "
		    "%s -ExpressRouteCircuitName %s -PeeringType %s "
		    "-DevicePath Primary | ConvertTo-Json > "
		    "azure\\arp-primary.json", fl.rg, fl.ckt, fl.peering);
		break;
	case DL_BGP:
		router_commands(st, f->vendor, fl.peer);
		add(st, "az network express-route list-route-tables-summary "
		    "-g %s -n %s --peering-name %s --path primary > "
		    "azure/summary-primary.json", fl.rg, fl.ckt, fl.peering);
		break;
	case DL_NSG:
		add(st, "az network nic list-effective-nsg -g %s -n %s > "
		    "azure/effective-nsg.json", fl.rg, fl.nic);
		add(st, "Get-AzEffectiveNetworkSecurityGroup "
		    "-NetworkInterfaceName %s -ResourceGroupName %s | "
		    "ConvertTo-Json -Depth 10 > azure\\effective-nsg.json",
		    fl.nic, fl.rg);
		break;
	case DL_ROUTING:
		add(st, "az network nic show-effective-route-table -g %s -n %s "
		    "> azure/effective-routes.json", fl.rg, fl.nic);
		add(st, "az network express-route list-route-tables -g %s -n %s "
		    "--peering-name %s --path primary > "
		    "azure/routes-primary.json", fl.rg, fl.ckt, fl.peering);
		break;
	case DL_PREFLIGHT:
		add(st, "az network watcher list -o json > azure/watchers.json");
		add(st, "az vm show -d -g %s -n <test-vm> -o json > "
		    "azure/vm.json", fl.rg);
		add(st, "az storage account show -g %s -n <capture-account> "
		    "-o json > azure/storage.json", fl.rg);
		break;
	case DL_PACKETS:
		add(st, "erwatch capture -i %s -d 10m -w pcap/bgp.pcap  (on "
		    "the router's side of %s, while the session fails)",
		    fl.iface, fl.peer);
		break;
	case DL_MONITOR:
		add(st, "erwatch monitor run --config monitor.json  (probing "
		    "%s; copy the database named by its storage path into "
		    "monitor/)", fl.peer);
		add(st, "az monitor metrics list --resource <circuit-resource-id> "
		    "--metric BgpAvailability ArpAvailability --interval PT1M "
		    "-o json > metrics.json; erwatch monitor import-metrics "
		    "metrics.json --db monitor/history.db");
		break;
	default:
		break;
	}
}

void
diag_layers(const struct evidence_set *set, const struct finding_list *fl,
    const struct analyzer *const *owner, const struct diag_facts *facts,
    struct diag_layer_status out[DL__COUNT])
{
	size_t i;
	int l;

	memset(out, 0, sizeof(*out) * DL__COUNT);
	for (l = 0; l < DL__COUNT; l++) {
		out[l].id = (enum diag_layer_id)l;
		for (i = 0; i < set->n; i++)
			if (set->v[i].analyzer != NULL &&
			    (layer_takes[l] & EVT_BIT(set->v[i].type)) != 0)
				out[l].nevidence++;
	}
	for (i = 0; i < fl->n; i++) {
		const struct finding *f = &fl->v[i];

		l = diag_layer_of(f, owner != NULL && i < LIMIT_FINDINGS ?
		    owner[i] : NULL);
		if (l < 0)
			continue;
		out[l].nfindings++;
		if (!out[l].has_worst || f->sev > out[l].worst) {
			out[l].has_worst = true;
			out[l].worst = f->sev;
			out[l].worst_f = f;
		}
	}
	for (l = 0; l < DL__COUNT; l++)
		if (out[l].nevidence == 0 &&
		    !diag_layer_optional((enum diag_layer_id)l))
			diag_collect_commands((enum diag_layer_id)l, facts,
			    &set->ctx, &out[l]);
}
