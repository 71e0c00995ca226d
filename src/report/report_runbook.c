/*
 * report_runbook: the runbook document (contract in report_runbook.h).
 * Every command is composed from the circuit's own values (resource
 * group, name, peering, both paths' addresses, the customer ASN) so that
 * it can be pasted as it stands; what the export cannot say (the VM's
 * NIC, the router's interface, a Junos group or BIRD protocol name)
 * stays a <placeholder>.  The files the commands write are the ones the
 * erwatch commands beside them read, in the layout `erwatch diagnose
 * --init` creates (azure/, router/, pcap/), so that the folder ends up
 * ready for `erwatch diagnose` and `erwatch bundle`.
 */
#include <stdio.h>
#include <string.h>

#include "report_runbook.h"
#include "router/router_cmds.h"

struct rb {
	const struct az_circuit	*c;
	const struct az_peering	*p;		/* NULL: not in the export */
	const char		*rg, *name, *peering;
	enum router_vendor	 v;
	char			 asn[24];	/* the customer's, or a
						   placeholder */
	char			 pfx[AZ_PATH_COUNT][64];
	char			 cust[AZ_PATH_COUNT][NET_ADDR_STRLEN + 16];
	char			 ms[AZ_PATH_COUNT][NET_ADDR_STRLEN + 16];
};

static const char *const path_cap[AZ_PATH_COUNT] = { "Primary",
    "Secondary" };

static void
rb_init(struct rb *r, const struct report_runbook *in)
{
	const struct az_circuit *c = in->circuit;
	struct net_addr cu, ms;
	int i;

	memset(r, 0, sizeof(*r));
	r->c = c;
	r->v = in->vendor;
	r->peering = in->peering;
	r->p = az_circuit_peering(c, in->peering);
	r->rg = c->resource_group[0] ? c->resource_group : "<resource-group>";
	r->name = c->name[0] ? c->name : "<circuit>";
	if (r->p != NULL && r->p->peer_asn >= 0)
		snprintf(r->asn, sizeof(r->asn), "%lld",
		    (long long)r->p->peer_asn);
	else
		str_copy(r->asn, "<local-asn>", sizeof(r->asn));
	for (i = 0; i < AZ_PATH_COUNT; i++) {
		str_copy(r->pfx[i], "<not in the export>", sizeof(r->pfx[i]));
		str_copy(r->cust[i], "<customer-ip>", sizeof(r->cust[i]));
		str_copy(r->ms[i], "<microsoft-ip>", sizeof(r->ms[i]));
		if (r->p == NULL || r->p->pfx_text[i][0] == '\0')
			continue;
		str_copy(r->pfx[i], r->p->pfx_text[i], sizeof(r->pfx[i]));
		if (r->p->pfx_ok[i] && az_peer_addrs(&r->p->pfx[i], &cu,
		    &ms) == 0) {
			net_addr_str(&cu, r->cust[i]);
			net_addr_str(&ms, r->ms[i]);
		}
	}
}

/* ------------------------------------------------------------------ */
/* Building blocks                                                     */
/* ------------------------------------------------------------------ */

static struct report_node *
code(struct report_node *sec, const char *title, const char *lang)
{
	return report_code(sec, NULL, title, lang);
}

/* The router's command of step toward path's Microsoft address, one
 * line per line to type. */
static void
rcmd(struct report_node *blk, const struct rb *r, enum router_cmd_step step,
    int path)
{
	struct router_cmd_vars vars = { .peer = r->ms[path], .asn = r->asn };
	char buf[512], *line, *nl;

	if (router_cmd(r->v, step, &vars, buf, sizeof(buf)) >= sizeof(buf)) {
		report_node_fail(blk);
		return;
	}
	for (line = buf; line != NULL; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		report_list_addf(blk, "%s", line);
	}
}

/* A code block of the router's commands on path's router. */
static struct report_node *
router_block(struct report_node *sec, const struct rb *r, int path,
    const char *what)
{
	char title[160];

	snprintf(title, sizeof(title), "%s on the %s router (%s, to %s)",
	    what, az_path_name((enum az_path)path),
	    router_cmd_vendor_label(r->v), r->ms[path]);
	return code(sec, title, router_cmd_vendor_shell(r->v) ? "sh" :
	    "text");
}

static void
good_bad(struct report_node *sec, const char *good, const char *bad)
{
	struct report_node *f = report_fields(sec, NULL);

	report_val_text(report_field(f, "good", "good"), good);
	report_val_text(report_field(f, "bad", "bad"), bad);
}

/* The az CLI and PowerShell lines of one per-path ExpressRoute table. */
static void
table_cmds(struct report_node *sec, const struct rb *r, const char *az_cmd,
    const char *ps_cmd, const char *file)
{
	struct report_node *az = code(sec, "az CLI", "sh");
	struct report_node *ps = code(sec, "PowerShell", "powershell");
	int i;

	for (i = 0; i < AZ_PATH_COUNT; i++)
		report_list_addf(az, "az network express-route %s -g %s -n %s "
		    "--peering-name %s --path %s -o json > azure/%s-%s.json",
		    az_cmd, r->rg, r->name, r->peering,
		    az_path_name((enum az_path)i), file,
		    az_path_name((enum az_path)i));
	for (i = 0; i < AZ_PATH_COUNT; i++)
		report_list_addf(ps, "%s -ResourceGroupName %s "
		    "-ExpressRouteCircuitName %s -PeeringType %s -DevicePath "
		    "%s | ConvertTo-Json > azure\\%s-%s.json", ps_cmd, r->rg,
		    r->name, r->peering, path_cap[i], file,
		    az_path_name((enum az_path)i));
}

/* ------------------------------------------------------------------ */
/* The circuit and its paths                                           */
/* ------------------------------------------------------------------ */

static void
circuit_node(struct report_node *root, const struct rb *r)
{
	const struct az_circuit *c = r->c;
	struct report_node *s = report_section(root, "circuit", "Circuit");
	struct report_node *f = report_fields(s, NULL);

	report_val_text_or_null(report_field(f, "circuit", "name"), c->name);
	report_val_text_or_null(report_field(f, "resource group",
	    "resource_group"), c->resource_group);
	report_val_text_or_null(report_field(f, "service key",
	    "service_key"), c->service_key);
	report_val_text_or_null(report_field(f, "provider", "provider"),
	    c->provider);
	report_val_text_or_null(report_field(f, "peering location",
	    "peering_location"), c->peering_location);
	if (c->bandwidth_mbps >= 0)
		report_val_displayf(report_field(f, "bandwidth",
		    "bandwidth_mbps"), "%lld Mbps", (long long)c->bandwidth_mbps);
	report_val_text_or_null(report_field(f, "SKU", "sku"),
	    c->sku_name[0] ? c->sku_name : c->sku_tier);
	report_val_text_or_null(report_field(f, "circuit state",
	    "circuit_state"), c->circuit_state);
	report_val_text_or_null(report_field(f, "provider state",
	    "provider_state"), c->provider_state);
	report_val_text(report_field(f, "peering", "peering"), r->peering);
	report_val_text(report_field(f, "router", "router_vendor"),
	    router_cmd_vendor_label(r->v));
	report_val_text(report_field(f, "export", "input"), c->input);
}

static void
paths_node(struct report_node *root, const struct rb *r)
{
	struct report_node *s = report_section(root, "paths", "Paths");
	struct report_node *t, *notes;
	struct report_row *row;
	int i;

	notes = report_list(s, "notes", NULL, "note: ");
	if (r->p == NULL) {
		report_list_addf(notes, "the export has no peering %s: "
		    "addresses and ASNs are placeholders", r->peering);
		return;
	}
	t = report_table(s, "paths", NULL);
	report_col(t, "path", "path", REPORT_TEXT, NULL);
	report_col(t, "/30", "prefix", REPORT_TEXT, NULL);
	report_col(t, "customer address", "customer", REPORT_TEXT, NULL);
	report_col(t, "Microsoft address", "microsoft", REPORT_TEXT, NULL);
	report_col(t, "VLAN", "vlan", REPORT_INT, NULL);
	report_col(t, "peer ASN", "peer_asn", REPORT_INT, NULL);
	report_col(t, "Microsoft ASN", "azure_asn", REPORT_INT, NULL);
	report_col(t, "MD5", "md5", REPORT_BOOL, NULL);
	for (i = 0; i < AZ_PATH_COUNT; i++) {
		row = report_row(t);
		report_val_text(report_cell(row, 0), az_path_name(
		    (enum az_path)i));
		report_val_text(report_cell(row, 1), r->pfx[i]);
		report_val_text(report_cell(row, 2), r->cust[i]);
		report_val_text(report_cell(row, 3), r->ms[i]);
		report_val_int_or_null(report_cell(row, 4), r->p->vlan);
		report_val_int_or_null(report_cell(row, 5), r->p->peer_asn);
		report_val_int(report_cell(row, 6), r->p->azure_asn >= 0 ?
		    r->p->azure_asn : AZ_MICROSOFT_ASN);
		report_val_bool(report_cell(row, 7), r->p->md5_set);
	}
	report_list_addf(notes, "both paths carry VLAN %lld (802.1Q on the "
	    "provider's handoff); the customer router takes the first address "
	    "of each /30, Microsoft the second", (long long)r->p->vlan);
	if (r->p->md5_set)
		report_list_addf(notes, "an MD5 key is set: the same key on "
		    "both routers; it is kept in your secret store, never in "
		    "this runbook");
	for (i = 0; i < AZ_PATH_COUNT; i++)
		if (r->p->pfx_host_bits[i] || !r->p->pfx_ok[i])
			report_list_addf(notes, "the %s prefix %s is not a "
			    "usable /30: check the peering", az_path_name(
			    (enum az_path)i), r->pfx[i]);
}

/* ------------------------------------------------------------------ */
/* The staged steps                                                    */
/* ------------------------------------------------------------------ */

static void
step_prepare(struct report_node *steps)
{
	struct report_node *s = report_section(steps, "prepare",
	    "0. Prepare an evidence folder");
	struct report_node *b = code(s, "erwatch", "sh");

	report_list_addf(b, "erwatch diagnose --init evidence");
	report_list_addf(b, "cd evidence");
	b = report_list(s, NULL, NULL, NULL);
	report_list_addf(b, "every command below writes into this folder "
	    "(azure/, router/, pcap/); run them from it");
	report_list_addf(b, "write down the time (UTC) the trouble started: "
	    "support asks for it");
}

static void
step_circuit(struct report_node *steps, const struct rb *r)
{
	struct report_node *s = report_section(steps, "circuit",
	    "1. Circuit and provider status");
	struct report_node *b;
	char bad[1024];

	b = code(s, "az CLI", "sh");
	report_list_addf(b, "az network express-route show -g %s -n %s -o json "
	    "> azure/circuit.json", r->rg, r->name);
	report_list_addf(b, "az network express-route get-stats -g %s -n %s "
	    "-o json > azure/stats.json", r->rg, r->name);
	b = code(s, "PowerShell", "powershell");
	report_list_addf(b, "Get-AzExpressRouteCircuit -ResourceGroupName %s "
	    "-Name %s | ConvertTo-Json -Depth 10 > azure\\circuit.json", r->rg,
	    r->name);
	b = code(s, "erwatch reads it", "sh");
	report_list_addf(b, "erwatch circuit --circuit azure/circuit.json "
	    "--stats azure/stats.json");
	snprintf(bad, sizeof(bad), "the provider state is not Provisioned, or "
	    "the peering not Enabled: the circuit is not up end to end; open "
	    "a case with %s quoting the service key %s",
	    r->c->provider[0] ? r->c->provider : "the provider",
	    r->c->service_key[0] ? r->c->service_key : "<service-key>");
	good_bad(s, "circuitProvisioningState Enabled, "
	    "serviceProviderProvisioningState Provisioned, the peering "
	    "Enabled; erwatch circuit exits 0", bad);
}

static void
step_arp(struct report_node *steps, const struct rb *r)
{
	struct report_node *s = report_section(steps, "arp",
	    "2. ARP on both paths");
	struct report_node *b;
	char good[1024];
	int i;

	table_cmds(s, r, "list-arp-tables", "Get-AzExpressRouteCircuitARPTable",
	    "arp");
	for (i = 0; i < AZ_PATH_COUNT; i++) {
		b = router_block(s, r, i, "Router commands");
		rcmd(b, r, ROUTER_CMD_ARP, i);
		rcmd(b, r, ROUTER_CMD_PING, i);
	}
	b = code(s, "erwatch reads it", "sh");
	report_list_addf(b, "erwatch circuit --circuit azure/circuit.json "
	    "--arp-primary azure/arp-primary.json --arp-secondary "
	    "azure/arp-secondary.json");
	snprintf(good, sizeof(good), "each table holds two entries with MAC "
	    "addresses: On-Prem %s and Microsoft %s on the primary path, "
	    "On-Prem %s and Microsoft %s on the secondary", r->cust[0],
	    r->ms[0], r->cust[1], r->ms[1]);
	good_bad(s, good, "an empty table (layer 2 is down: the VLAN tag "
	    "or the provider's cross-connect), an Incomplete entry, or the "
	    "on-premises address on Microsoft's side of the /30");
}

static void
step_bgp(struct report_node *steps, const struct rb *r)
{
	struct report_node *s = report_section(steps, "bgp",
	    "3. BGP state");
	struct report_node *b;
	char good[1024], f[64];
	int i;

	table_cmds(s, r, "list-route-tables-summary",
	    "Get-AzExpressRouteCircuitRouteTableSummary", "summary");
	for (i = 0; i < AZ_PATH_COUNT; i++) {
		b = router_block(s, r, i, "Router commands");
		rcmd(b, r, ROUTER_CMD_SUMMARY, i);
		rcmd(b, r, ROUTER_CMD_NEIGHBOR, i);
		rcmd(b, r, ROUTER_CMD_LOG, i);
	}
	b = report_list(s, NULL, NULL, NULL);
	if (router_cmd_vendor_shell(r->v))
		report_list_addf(b, "save each command's output in router/ "
		    "(for example `... > router/%s-summary.txt`)",
		    az_path_name(AZ_PATH_PRIMARY));
	else
		report_list_addf(b, "save each router's session, prompts and "
		    "all, as router/primary.txt and router/secondary.txt");
	b = code(s, "erwatch reads it", "sh");
	report_list_addf(b, "erwatch circuit --circuit azure/circuit.json "
	    "--summary-primary azure/summary-primary.json --summary-secondary "
	    "azure/summary-secondary.json");
	report_list_addf(b, "erwatch router router/*");
	for (i = 0; i < AZ_PATH_COUNT; i++)
		report_list_addf(b, "erwatch probe -c 4 %s:179", r->ms[i]);
	snprintf(f, sizeof(f), "%s", r->asn);
	snprintf(good, sizeof(good), "both sessions Established with a "
	    "prefix count (not Idle, Active or Connect); Azure sees AS %s "
	    "on both paths, the router AS %d; no NOTIFICATION in the log; the "
	    "probes connect from the router's side of the /30", f,
	    AZ_MICROSOFT_ASN);
	good_bad(s, good, "Idle or Active (no TCP: step 5 and 6), a peer AS "
	    "mismatch, hold timer expired or Cease in the log, one path up "
	    "and the other down, MD5 set on one side only");
}

static void
step_routes(struct report_node *steps, const struct rb *r)
{
	struct report_node *s = report_section(steps, "routes",
	    "4. Routes");
	struct report_node *b;
	int i;

	table_cmds(s, r, "list-route-tables",
	    "Get-AzExpressRouteCircuitRouteTable", "routes");
	for (i = 0; i < AZ_PATH_COUNT; i++) {
		b = router_block(s, r, i, "Router commands");
		rcmd(b, r, ROUTER_CMD_RECEIVED, i);
		rcmd(b, r, ROUTER_CMD_ADVERTISED, i);
	}
	b = code(s, "erwatch reads it", "sh");
	report_list_addf(b, "erwatch circuit --circuit azure/circuit.json "
	    "--routes-primary azure/routes-primary.json --routes-secondary "
	    "azure/routes-secondary.json");
	report_list_addf(b, "erwatch circuit azure");
	good_bad(s, "your on-premises prefixes in both paths' tables with "
	    "your addresses as next hop, the VNet prefixes received on the "
	    "router; the same on both paths unless you prefer one on purpose "
	    "(AS path prepending, local preference)",
	    "an empty table, a default route 0.0.0.0/0 learned from "
	    "on-premises that was not meant, a path with fewer prefixes than "
	    "the other, a count near the SKU's prefix limit (4000 Standard, "
	    "10000 Premium)");
}

static void
step_vnet(struct report_node *steps, const struct rb *r)
{
	struct report_node *s = report_section(steps, "vnet",
	    "5. NSG, UDR and next hop in the VNet");
	struct report_node *b;

	b = code(s, "az CLI", "sh");
	report_list_addf(b, "az network nic list-effective-nsg -g %s -n "
	    "<nic-of-a-vm> > azure/effective-nsg.json", r->rg);
	report_list_addf(b, "az network nic show-effective-route-table -g %s "
	    "-n <nic-of-a-vm> > azure/effective-routes.json", r->rg);
	b = code(s, "PowerShell", "powershell");
	report_list_addf(b, "Get-AzEffectiveNetworkSecurityGroup "
	    "-NetworkInterfaceName <nic-of-a-vm> -ResourceGroupName %s | "
	    "ConvertTo-Json -Depth 10 > azure\\effective-nsg.json", r->rg);
	report_list_addf(b, "Get-AzEffectiveRouteTable -NetworkInterfaceName "
	    "<nic-of-a-vm> -ResourceGroupName %s | ConvertTo-Json -Depth 10 "
	    "> azure\\effective-routes.json", r->rg);
	b = code(s, "erwatch reads it", "sh");
	report_list_addf(b, "erwatch nexthop --routes azure/effective-routes."
	    "json --dst <on-prem-ip> --expect VirtualNetworkGateway");
	report_list_addf(b, "erwatch flow --nsg azure/effective-nsg.json "
	    "--direction in --protocol tcp --local <vm-ip>:<port> --remote "
	    "<on-prem-ip>:<port>");
	good_bad(s, "the next hop toward on-premises is VirtualNetworkGateway; "
	    "the flow is allowed by the rule you expect",
	    "next hop None (a UDR that drops), a VirtualAppliance that does "
	    "not forward, a Deny rule matching the flow");
}

static void
step_packets(struct report_node *steps, const struct rb *r)
{
	struct report_node *s = report_section(steps, "packets",
	    "6. Packets");
	struct report_node *b;
	int i;

	b = report_list(s, NULL, NULL, NULL);
	report_list_addf(b, "capture on the router's host (FRR, BIRD) or on a "
	    "Linux host receiving the router's mirrored port, while the "
	    "session fails");
	b = code(s, "erwatch captures and reads", "sh");
	for (i = 0; i < AZ_PATH_COUNT; i++)
		report_list_addf(b, "erwatch capture -i <interface> -d 10m -w "
		    "pcap/%s.pcap", az_path_name((enum az_path)i));
	report_list_addf(b, "erwatch pcap pcap/primary.pcap pcap/secondary."
	    "pcap");
	report_list_addf(b, "erwatch diagnose .");
	(void)r;
	good_bad(s, "SYN and SYN-ACK on TCP 179, an OPEN each way, KEEPALIVEs "
	    "at a third of the hold time, UPDATEs after them",
	    "SYNs without an answer (a filter), a RST (no listener, an ACL), "
	    "MD5 signatures missing or wrong, a NOTIFICATION, silence longer "
	    "than the hold time");
}

/* ------------------------------------------------------------------ */
/* Support and the drill                                               */
/* ------------------------------------------------------------------ */

static void
support_node(struct report_node *root, const struct rb *r)
{
	struct report_node *s = report_section(root, "support",
	    "Handing it to support");
	struct report_node *b = code(s, "erwatch packs the folder", "sh");
	struct report_node *f;

	report_list_addf(b, "erwatch bundle . -o ../%s-support.tar.gz",
	    r->name);
	f = report_fields(s, "what support needs");
	report_val_text_or_null(report_field(f, "circuit", NULL), r->c->name);
	report_val_text_or_null(report_field(f, "service key", NULL),
	    r->c->service_key);
	report_val_text_or_null(report_field(f, "peering location", NULL),
	    r->c->peering_location);
	report_val_text(report_field(f, "peering", NULL), r->peering);
	report_val_text(report_field(f, "time window", NULL), "from the "
	    "start of the trouble to now, in UTC (the bundle's manifest has "
	    "the evidence's own)");
	report_val_text(report_field(f, "paths", NULL), "which of primary "
	    "and secondary are affected");
	b = report_list(s, NULL, NULL, NULL);
	report_list_addf(b, "the bundle redacts every secret (MD5 keys, SAS "
	    "signatures, passwords) and lists what it redacted where");
	report_list_addf(b, "a case about the provider's side goes to %s, "
	    "with the same service key", r->c->provider[0] ? r->c->provider :
	    "the provider");
}

static void
drill_path(struct report_node *drill, const struct rb *r, int down)
{
	int up = 1 - down;
	char title[96], good[1024];
	struct report_node *s, *b;

	snprintf(title, sizeof(title), "Shut the %s session",
	    az_path_name((enum az_path)down));
	s = report_section(drill, az_path_name((enum az_path)down), title);
	b = router_block(s, r, up, "Before: both Established,");
	rcmd(b, r, ROUTER_CMD_SUMMARY, up);
	b = router_block(s, r, down, "Shut");
	rcmd(b, r, ROUTER_CMD_SHUT, down);
	b = router_block(s, r, up, "Watch");
	rcmd(b, r, ROUTER_CMD_SUMMARY, up);
	rcmd(b, r, ROUTER_CMD_RECEIVED, up);
	b = code(s, "watch from Azure and from on-premises", "sh");
	report_list_addf(b, "az network express-route "
	    "list-route-tables-summary -g %s -n %s --peering-name %s --path %s "
	    "-o table", r->rg, r->name, r->peering,
	    az_path_name((enum az_path)up));
	report_list_addf(b, "erwatch probe -c 60 <vm-ip>:22");
	b = router_block(s, r, down, "Restore");
	rcmd(b, r, ROUTER_CMD_RESTORE, down);
	rcmd(b, r, ROUTER_CMD_SUMMARY, down);
	snprintf(good, sizeof(good), "the %s session (to %s) stays "
	    "Established and carries every prefix; the probes across the "
	    "circuit lose a few at most; after the restore the %s session "
	    "(to %s) is Established again with the prefix count it had "
	    "before", az_path_name((enum az_path)up), r->ms[up],
	    az_path_name((enum az_path)down), r->ms[down]);
	good_bad(s, good, "traffic stops while one path is down (the other "
	    "path does not carry the routes: check its advertisements and "
	    "AS path prepending), or the shut session does not come back");
}

static void
drill_node(struct report_node *root, const struct rb *r)
{
	struct report_node *s = report_section(root, "drill",
	    "Yearly failover drill");
	struct report_node *b = report_list(s, NULL, NULL, NULL);

	report_list_addf(b, "in a maintenance window, one path at a time: "
	    "shut the BGP session (not the link) on that path's router, "
	    "watch the other carry the traffic, restore, wait until both "
	    "are Established, then the other path");
	report_list_addf(b, "a running erwatch monitor records the drop and "
	    "the failover; keep its report with the drill's notes");
	if (router_cmd_vendor_known(r->v) && (r->v == ROUTER_VENDOR_JUNOS ||
	    r->v == ROUTER_VENDOR_BIRD))
		report_list_addf(b, "replace %s with the name in your "
		    "configuration", r->v == ROUTER_VENDOR_JUNOS ? "<group>" :
		    "<protocol>");
	drill_path(s, r, AZ_PATH_PRIMARY);
	drill_path(s, r, AZ_PATH_SECONDARY);
}

void
report_runbook_build(struct report_node *root, const struct report_runbook *in)
{
	struct report_node *steps;
	struct rb r;

	if (root == NULL)
		return;
	rb_init(&r, in);
	circuit_node(root, &r);
	paths_node(root, &r);
	steps = report_section(root, "steps", "Troubleshooting, in this "
	    "order");
	step_prepare(steps);
	step_circuit(steps, &r);
	step_arp(steps, &r);
	step_bgp(steps, &r);
	step_routes(steps, &r);
	step_vnet(steps, &r);
	step_packets(steps, &r);
	support_node(root, &r);
	drill_node(root, &r);
}
