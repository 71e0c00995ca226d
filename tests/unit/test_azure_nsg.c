/*
 * Unit tests for NSG loading and evaluation (src/azure/az_nsg_*.c):
 * Azure's semantics (priority order, default rules, subnet/NIC order per
 * direction, a Deny ends evaluation, port ranges and lists, prefix lists,
 * "*", service tags through expanded prefixes and tagMap, ASGs, protocol
 * matching), loader errors located by JSON pointer, and a property test
 * that the compiled evaluator, the batch evaluator and the reference scan
 * agree on thousands of random rule sets and flows (fixed seed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "azure/az_nsg.h"
#include "azure/azure.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static void
add_doc(struct nsg_set *set, const char *name, const char *text,
    enum nsg_level lvl)
{
	struct az_doc *doc;
	struct err e;
	char buf[512];

	err_clear(&e);
	if (az_load_buf(name, text, strlen(text), &doc, &e) == -1)
		fail_msg("%s: %s", name, err_str(&e, buf, sizeof(buf)));
	if (nsg_set_load(set, doc, lvl, &e) == -1) {
		az_doc_free(doc);
		fail_msg("%s: %s", name, err_str(&e, buf, sizeof(buf)));
	}
	az_doc_free(doc);
}

/* Load text and return the error (the load must fail). */
static void
load_fails(const char *text, struct err *e)
{
	struct nsg_set set;
	struct az_doc *doc;

	nsg_set_init(&set);
	err_clear(e);
	assert_int_equal(az_load_buf("bad.json", text, strlen(text), &doc, e),
	    0);
	assert_int_equal(nsg_set_load(&set, doc, NSG_LEVEL_UNKNOWN, e), -1);
	az_doc_free(doc);
	nsg_set_release(&set);
}

static void
finalize(struct nsg_set *set)
{
	struct err e;

	err_clear(&e);
	assert_int_equal(nsg_set_finalize(set, &e), 0);
}

static struct nsg_flow
flow(const char *dir, const char *proto, const char *local, unsigned lport,
    const char *remote, unsigned rport)
{
	struct nsg_flow f;

	memset(&f, 0, sizeof(f));
	assert_int_equal(nsg_parse_dir(dir, &f.dir), 0);
	assert_int_equal(nsg_parse_proto(proto, &f.proto), 0);
	assert_int_equal(net_addr_parse(local, &f.local), 0);
	assert_int_equal(net_addr_parse(remote, &f.remote), 0);
	f.lport = lport;
	f.rport = rport;
	return f;
}

/*
 * Evaluate f with all three evaluators, check they agree, and check the
 * verdict: access and rule name ("-" for none).
 */
static const struct nsg_verdict *
expect(const struct nsg_set *set, struct nsg_flow f, const char *access,
    const char *rule)
{
	static struct nsg_verdict v;
	struct nsg_verdict w;
	struct nsg_brief b;

	nsg_eval(set, &f, &v);
	nsg_eval_scan(set, &f, &w);
	nsg_eval_many(set, &f, 1, &b);
	assert_int_equal(v.access, w.access);
	assert_ptr_equal(v.rule, w.rule);
	assert_ptr_equal(v.nsg, w.nsg);
	assert_int_equal(v.nstages, w.nstages);
	assert_int_equal(b.access, v.access);
	assert_ptr_equal(b.rule, v.rule);
	assert_ptr_equal(b.nsg, v.nsg);
	assert_string_equal(nsg_access_name(v.access), access);
	assert_string_equal(v.rule != NULL ? v.rule->rule_name : "-", rule);
	return &v;
}

/* An `nsg show` document with the given securityRules array body. */
static char *
nsg_json(const char *name, const char *rules)
{
	static char buf[8][8192];
	static int k;
	char *b = buf[k++ % 8];

	snprintf(b, sizeof(buf[0]), "{\"name\": \"%s\", \"type\": "
	    "\"Microsoft.Network/networkSecurityGroups\", \"securityRules\": "
	    "[%s]}", name, rules);
	return b;
}

#define RULE(name, prio, dir, acc, proto, src, sport, dst, dport)	\
	"{\"name\": \"" name "\", \"priority\": " #prio ", "		\
	"\"direction\": \"" dir "\", \"access\": \"" acc "\", "		\
	"\"protocol\": \"" proto "\", \"sourceAddressPrefix\": \"" src	\
	"\", \"sourcePortRange\": \"" sport "\", "			\
	"\"destinationAddressPrefix\": \"" dst "\", "			\
	"\"destinationPortRange\": \"" dport "\"}"

/* ------------------------------------------------------------------ */
/* Semantics                                                           */
/* ------------------------------------------------------------------ */

static void
test_priority_order(void **state)
{
	struct nsg_set set;

	(void)state;
	nsg_set_init(&set);
	/* File order is the opposite of priority order. */
	add_doc(&set, "n", nsg_json("nsg-a",
	    RULE("deny-web", 200, "Inbound", "Deny", "Tcp", "*", "*", "*",
	    "443") ","
	    RULE("allow-web-mgmt", 100, "Inbound", "Allow", "Tcp",
	    "192.168.1.0/24", "*", "*", "443")), NSG_LEVEL_NIC);
	finalize(&set);
	expect(&set, flow("in", "tcp", "10.0.0.4", 443, "192.168.1.9", 5000),
	    "Allow", "securityRules/allow-web-mgmt");
	expect(&set, flow("in", "tcp", "10.0.0.4", 443, "192.168.2.9", 5000),
	    "Deny", "securityRules/deny-web");
	nsg_set_release(&set);
}

static void
test_defaults_added(void **state)
{
	struct nsg_set set;
	struct err e;
	size_t i, synth = 0;

	(void)state;
	nsg_set_init(&set);
	err_clear(&e);
	add_doc(&set, "n", nsg_json("nsg-empty", ""), NSG_LEVEL_NIC);
	assert_int_equal(nsg_set_define(&set, "VirtualNetwork=10.0.0.0/16,"
	    "172.20.0.0/16", false, &e), 0);
	finalize(&set);
	for (i = 0; i < set.nsg[0].nrules; i++)
		synth += set.nsg[0].rules[i].synthesized;
	assert_int_equal(synth, 6);
	expect(&set, flow("in", "tcp", "10.0.0.4", 22, "172.20.1.1", 5000),
	    "Allow", "defaultSecurityRules/AllowVnetInBound");
	expect(&set, flow("in", "tcp", "10.0.0.4", 22, "168.63.129.16", 5000),
	    "Allow", "defaultSecurityRules/AllowAzureLoadBalancerInBound");
	expect(&set, flow("in", "udp", "10.0.0.4", 53, "8.8.8.8", 5000),
	    "Deny", "defaultSecurityRules/DenyAllInBound");
	expect(&set, flow("out", "tcp", "10.0.0.4", 5000, "172.20.9.9", 179),
	    "Allow", "defaultSecurityRules/AllowVnetOutBound");
	/* Internet = not in VirtualNetwork. */
	expect(&set, flow("out", "tcp", "10.0.0.4", 5000, "8.8.8.8", 443),
	    "Allow", "defaultSecurityRules/AllowInternetOutBound");
	expect(&set, flow("out", "tcp", "10.0.0.4", 5000, "192.168.7.7", 443),
	    "Allow", "defaultSecurityRules/AllowInternetOutBound");
	nsg_set_release(&set);
}

static void
test_defaults_not_duplicated(void **state)
{
	struct nsg_set set;
	size_t i, synth = 0;

	(void)state;
	nsg_set_init(&set);
	/* An export listing DenyAllInBound under a legacy name. */
	add_doc(&set, "n", nsg_json("nsg-a",
	    RULE("DefaultInboundDenyAll", 65500, "Inbound", "Deny", "*", "*",
	    "*", "*", "*")), NSG_LEVEL_NIC);
	finalize(&set);
	for (i = 0; i < set.nsg[0].nrules; i++)
		synth += set.nsg[0].rules[i].synthesized;
	assert_int_equal(synth, 5);
	expect(&set, flow("in", "tcp", "10.0.0.4", 22, "8.8.8.8", 5000),
	    "Deny", "securityRules/DefaultInboundDenyAll");
	nsg_set_release(&set);
}

static void
test_levels_order(void **state)
{
	struct nsg_set set;
	const struct nsg_verdict *v;

	(void)state;
	nsg_set_init(&set);
	/* Loaded NIC first, to show order does not come from load order. */
	add_doc(&set, "nic", nsg_json("nsg-nic",
	    RULE("nic-deny-in", 100, "Inbound", "Deny", "Tcp", "*", "*", "*",
	    "22") ","
	    RULE("nic-allow-all-in", 200, "Inbound", "Allow", "*", "*", "*",
	    "*", "*") ","
	    RULE("nic-allow-out", 100, "Outbound", "Allow", "*", "*", "*",
	    "*", "*")), NSG_LEVEL_NIC);
	add_doc(&set, "sub", nsg_json("nsg-sub",
	    RULE("sub-allow-in", 100, "Inbound", "Allow", "*", "*", "*", "*",
	    "*") ","
	    RULE("sub-deny-out", 100, "Outbound", "Deny", "Udp", "*", "*", "*",
	    "*") ","
	    RULE("sub-allow-out", 200, "Outbound", "Allow", "*", "*", "*", "*",
	    "*")), NSG_LEVEL_SUBNET);
	finalize(&set);
	/* Inbound: subnet allows, then NIC denies. */
	v = expect(&set, flow("in", "tcp", "10.0.0.4", 22, "1.2.3.4", 5000),
	    "Deny", "securityRules/nic-deny-in");
	assert_int_equal(v->nstages, 2);
	assert_string_equal(v->stage[0].nsg->name, "nsg-sub");
	assert_string_equal(v->stage[1].nsg->name, "nsg-nic");
	assert_string_equal(v->nsg->name, "nsg-nic");
	/* Both allow: the last stage's rule is what test-ip-flow names. */
	v = expect(&set, flow("in", "tcp", "10.0.0.4", 80, "1.2.3.4", 5000),
	    "Allow", "securityRules/nic-allow-all-in");
	assert_int_equal(v->nstages, 2);
	/* Outbound: NIC first, then subnet. */
	v = expect(&set, flow("out", "udp", "10.0.0.4", 5000, "1.2.3.4", 53),
	    "Deny", "securityRules/sub-deny-out");
	assert_int_equal(v->nstages, 2);
	assert_string_equal(v->stage[0].nsg->name, "nsg-nic");
	v = expect(&set, flow("out", "tcp", "10.0.0.4", 5000, "1.2.3.4", 53),
	    "Allow", "securityRules/sub-allow-out");
	nsg_set_release(&set);
}

static void
test_deny_ends_evaluation(void **state)
{
	struct nsg_set set;
	const struct nsg_verdict *v;
	const struct nsg *order[NSG_MAX_PER_SET];

	(void)state;
	nsg_set_init(&set);
	add_doc(&set, "sub", nsg_json("nsg-sub",
	    RULE("sub-deny", 100, "Inbound", "Deny", "*", "*", "*", "*", "*")),
	    NSG_LEVEL_SUBNET);
	add_doc(&set, "nic", nsg_json("nsg-nic",
	    RULE("nic-allow", 100, "Inbound", "Allow", "*", "*", "*", "*",
	    "*")), NSG_LEVEL_NIC);
	finalize(&set);
	v = expect(&set, flow("in", "tcp", "10.0.0.4", 22, "1.2.3.4", 5000),
	    "Deny", "securityRules/sub-deny");
	assert_int_equal(v->nstages, 1);
	assert_int_equal(nsg_order(&set, NSG_IN, order), 2);
	assert_string_equal(order[0]->name, "nsg-sub");
	assert_int_equal(nsg_order(&set, NSG_OUT, order), 2);
	assert_string_equal(order[0]->name, "nsg-nic");
	nsg_set_release(&set);
}

static void
test_no_nsg_allows(void **state)
{
	struct nsg_set set;
	const struct nsg_verdict *v;

	(void)state;
	nsg_set_init(&set);
	add_doc(&set, "e", "{\"value\": []}", NSG_LEVEL_UNKNOWN);
	finalize(&set);
	v = expect(&set, flow("in", "tcp", "10.0.0.4", 22, "1.2.3.4", 5000),
	    "Allow", "-");
	assert_null(v->nsg);
	assert_int_equal(v->nstages, 0);
	assert_int_equal(set.nwarn, 1);
	nsg_set_release(&set);
}

static void
test_ports(void **state)
{
	struct nsg_set set;

	(void)state;
	nsg_set_init(&set);
	add_doc(&set, "n", nsg_json("nsg-a",
	    "{\"name\": \"list\", \"priority\": 100, \"direction\": "
	    "\"Inbound\", \"access\": \"Allow\", \"protocol\": \"Tcp\", "
	    "\"sourceAddressPrefix\": \"*\", \"sourcePortRange\": \"*\", "
	    "\"destinationAddressPrefix\": \"*\", \"destinationPortRange\": "
	    "\"\", \"destinationPortRanges\": [\"22\", \"8000-8080\"]}," 
	    RULE("range", 110, "Inbound", "Allow", "Udp", "*", "1000-2000",
	    "*", "53") ","
	    RULE("full", 120, "Inbound", "Allow", "Udp", "*", "*", "*",
	    "0-65535")), NSG_LEVEL_NIC);
	finalize(&set);
	expect(&set, flow("in", "tcp", "10.0.0.4", 22, "1.2.3.4", 5000),
	    "Allow", "securityRules/list");
	expect(&set, flow("in", "tcp", "10.0.0.4", 8000, "1.2.3.4", 5000),
	    "Allow", "securityRules/list");
	expect(&set, flow("in", "tcp", "10.0.0.4", 8080, "1.2.3.4", 5000),
	    "Allow", "securityRules/list");
	expect(&set, flow("in", "tcp", "10.0.0.4", 8081, "1.2.3.4", 5000),
	    "Deny", "defaultSecurityRules/DenyAllInBound");
	expect(&set, flow("in", "tcp", "10.0.0.4", 7999, "1.2.3.4", 5000),
	    "Deny", "defaultSecurityRules/DenyAllInBound");
	/* Source port range: the remote side's port, inbound. */
	expect(&set, flow("in", "udp", "10.0.0.4", 53, "1.2.3.4", 1000),
	    "Allow", "securityRules/range");
	expect(&set, flow("in", "udp", "10.0.0.4", 53, "1.2.3.4", 2000),
	    "Allow", "securityRules/range");
	expect(&set, flow("in", "udp", "10.0.0.4", 53, "1.2.3.4", 2001),
	    "Allow", "securityRules/full");
	expect(&set, flow("in", "udp", "10.0.0.4", 0, "1.2.3.4", 65535),
	    "Allow", "securityRules/full");
	nsg_set_release(&set);
}

static void
test_prefixes(void **state)
{
	struct nsg_set set;

	(void)state;
	nsg_set_init(&set);
	add_doc(&set, "n", nsg_json("nsg-a",
	    "{\"name\": \"plist\", \"priority\": 100, \"direction\": "
	    "\"Outbound\", \"access\": \"Deny\", \"protocol\": \"*\", "
	    "\"sourceAddressPrefix\": \"10.0.0.4\", "
	    "\"sourcePortRange\": \"*\", "
	    "\"destinationAddressPrefixes\": [\"10.50.0.0/16\", "
	    "\"192.168.0.1\", \"2001:db8::/32\"], \"destinationPortRange\": "
	    "\"*\"}," 
	    RULE("any-v4", 110, "Outbound", "Allow", "*", "*", "*",
	    "0.0.0.0/0", "*")), NSG_LEVEL_NIC);
	finalize(&set);
	expect(&set, flow("out", "tcp", "10.0.0.4", 1, "10.50.255.255", 2),
	    "Deny", "securityRules/plist");
	expect(&set, flow("out", "tcp", "10.0.0.4", 1, "10.51.0.0", 2),
	    "Allow", "securityRules/any-v4");
	expect(&set, flow("out", "tcp", "10.0.0.4", 1, "192.168.0.1", 2),
	    "Deny", "securityRules/plist");
	expect(&set, flow("out", "tcp", "10.0.0.4", 1, "192.168.0.2", 2),
	    "Allow", "securityRules/any-v4");
	/* Source must be exactly the /32. */
	expect(&set, flow("out", "tcp", "10.0.0.5", 1, "10.50.0.1", 2),
	    "Allow", "securityRules/any-v4");
	/* IPv6 flows go through the scan in both evaluators. */
	expect(&set, flow("out", "tcp", "2001:db8::4", 1, "2001:db8::9", 2),
	    "Allow", "securityRules/any-v4");
	nsg_set_release(&set);
}

static void
test_protocols(void **state)
{
	struct nsg_set set;
	struct nsg_flow f;

	(void)state;
	nsg_set_init(&set);
	add_doc(&set, "n", nsg_json("nsg-a",
	    RULE("tcp-only", 100, "Inbound", "Allow", "Tcp", "*", "*", "*",
	    "*") ","
	    RULE("any-80", 110, "Inbound", "Allow", "*", "*", "*", "*", "80")
	    ","
	    RULE("icmp", 120, "Inbound", "Allow", "Icmp", "*", "*", "*", "*")
	    ","
	    RULE("any-all", 130, "Inbound", "Deny", "*", "*", "*", "*", "*")),
	    NSG_LEVEL_NIC);
	finalize(&set);
	expect(&set, flow("in", "tcp", "10.0.0.4", 9, "1.2.3.4", 9),
	    "Allow", "securityRules/tcp-only");
	expect(&set, flow("in", "udp", "10.0.0.4", 80, "1.2.3.4", 9),
	    "Allow", "securityRules/any-80");
	/* ICMP has no port: a rule with a port does not match it. */
	f = flow("in", "icmp", "10.0.0.4", NSG_PORT_NONE, "1.2.3.4",
	    NSG_PORT_NONE);
	expect(&set, f, "Allow", "securityRules/icmp");
	f = flow("in", "esp", "10.0.0.4", NSG_PORT_NONE, "1.2.3.4",
	    NSG_PORT_NONE);
	expect(&set, f, "Deny", "securityRules/any-all");
	/* Flow protocol "*" matches only rules with protocol "*". */
	expect(&set, flow("in", "*", "10.0.0.4", 80, "1.2.3.4", 9),
	    "Allow", "securityRules/any-80");
	expect(&set, flow("in", "*", "10.0.0.4", 81, "1.2.3.4", 9),
	    "Deny", "securityRules/any-all");
	nsg_set_release(&set);
}

/* The effective view: prefixed names, All, 0.0.0.0/0, expanded tags. */
static const char effective_doc[] =
"{\"value\": [\n"
"  {\"association\": {\"subnet\": {\"id\": \"/subscriptions/s/resourceGroups/"
"RG/providers/Microsoft.Network/virtualNetworks/v/subnets/snet-a\"}},\n"
"   \"networkSecurityGroup\": {\"id\": \"/subscriptions/s/resourceGroups/RG/"
"providers/Microsoft.Network/networkSecurityGroups/nsg-sub\"},\n"
"   \"tagMap\": {\"VirtualNetwork\": [\"10.0.0.0/16\", \"10.50.0.0/16\"],"
" \"Storage\": [\"20.60.0.0/16\"]},\n"
"   \"effectiveSecurityRules\": [\n"
"    {\"name\": \"securityRules/deny-storage-out\", \"priority\": 100,"
" \"direction\": \"Outbound\", \"access\": \"Deny\", \"protocol\": \"All\","
" \"sourceAddressPrefix\": \"0.0.0.0/0\", \"sourcePortRange\": \"0-65535\","
" \"destinationAddressPrefix\": \"Storage\", \"destinationPortRange\":"
" \"0-65535\"},\n"
"    {\"name\": \"securityRules/allow-vnet-179\", \"priority\": 110,"
" \"direction\": \"Inbound\", \"access\": \"Allow\", \"protocol\": \"Tcp\","
" \"sourceAddressPrefix\": \"VirtualNetwork\", \"expandedSourceAddressPrefix\":"
" [\"10.0.0.0/16\", \"10.50.0.0/16\"], \"sourcePortRange\": \"0-65535\","
" \"destinationAddressPrefix\": \"0.0.0.0/0\", \"destinationPortRange\":"
" \"179-179\"},\n"
"    {\"name\": \"defaultSecurityRules/DenyAllInBound\", \"priority\": 65500,"
" \"direction\": \"Inbound\", \"access\": \"Deny\", \"protocol\": \"All\","
" \"sourceAddressPrefix\": \"0.0.0.0/0\", \"sourcePortRange\": \"0-65535\","
" \"destinationAddressPrefix\": \"0.0.0.0/0\", \"destinationPortRange\":"
" \"0-65535\"}\n"
"  ]},\n"
"  {\"association\": {\"networkInterface\": {\"id\": \"/subscriptions/s/"
"resourceGroups/RG/providers/Microsoft.Network/networkInterfaces/nic-a\"}},\n"
"   \"networkSecurityGroup\": {\"id\": \"/subscriptions/s/resourceGroups/RG/"
"providers/Microsoft.Network/networkSecurityGroups/nsg-nic\"},\n"
"   \"effectiveSecurityRules\": [\n"
"    {\"name\": \"securityRules/allow-all\", \"priority\": 100,"
" \"direction\": \"Inbound\", \"access\": \"Allow\", \"protocol\": \"All\","
" \"sourceAddressPrefix\": \"0.0.0.0/0\", \"sourcePortRange\": \"0-65535\","
" \"destinationAddressPrefix\": \"0.0.0.0/0\", \"destinationPortRange\":"
" \"0-65535\"}\n"
"  ]}\n"
"]}\n";

static void
test_effective_view(void **state)
{
	struct nsg_set set;
	const struct nsg_verdict *v;

	(void)state;
	nsg_set_init(&set);
	add_doc(&set, "eff", effective_doc, NSG_LEVEL_UNKNOWN);
	finalize(&set);
	assert_int_equal(set.n, 2);
	assert_int_equal(set.nsg[0].level, NSG_LEVEL_SUBNET);
	assert_int_equal(set.nsg[1].level, NSG_LEVEL_NIC);
	assert_string_equal(set.nsg[0].name, "nsg-sub");
	/* Expanded prefixes. */
	v = expect(&set, flow("in", "tcp", "10.0.0.4", 179, "10.50.0.1",
	    40000), "Allow", "securityRules/allow-all");
	assert_string_equal(v->stage[0].rule->rule_name,
	    "securityRules/allow-vnet-179");
	expect(&set, flow("in", "tcp", "10.0.0.4", 179, "10.60.0.1", 40000),
	    "Deny", "defaultSecurityRules/DenyAllInBound");
	/* A tag resolved through tagMap only. */
	expect(&set, flow("out", "tcp", "10.0.0.4", 40000, "20.60.1.1", 443),
	    "Deny", "securityRules/deny-storage-out");
	expect(&set, flow("out", "tcp", "10.0.0.4", 40000, "20.61.1.1", 443),
	    "Allow", "defaultSecurityRules/AllowInternetOutBound");
	/* Loading after finalize is refused. */
	{
		struct az_doc *doc;
		struct err e;

		err_clear(&e);
		assert_int_equal(az_load_buf("x", effective_doc,
		    strlen(effective_doc), &doc, &e), 0);
		assert_int_equal(nsg_set_load(&set, doc, NSG_LEVEL_UNKNOWN,
		    &e), -1);
		az_doc_free(doc);
	}
	nsg_set_release(&set);
	/* The same file twice: the second copy is ignored with a warning. */
	nsg_set_init(&set);
	add_doc(&set, "eff", effective_doc, NSG_LEVEL_UNKNOWN);
	add_doc(&set, "eff2", effective_doc, NSG_LEVEL_UNKNOWN);
	assert_int_equal(set.n, 2);
	assert_int_equal(set.nwarn, 0);
	assert_int_equal(set.notes.n, 2);
	assert_int_equal(set.notes.v[0].kind, AZ_NOTE_SKIPPED);
	assert_string_equal(set.notes.v[0].file, "eff2");
	assert_string_equal(set.notes.v[0].ptr, "/value/0");
	assert_non_null(strstr(set.notes.v[0].msg, "already loaded"));
	nsg_set_release(&set);
}

static void
test_tags_and_asgs(void **state)
{
	static const char asg_rule[] =
	    "{\"name\": \"app-in\", \"priority\": 100, \"direction\": "
	    "\"Inbound\", \"access\": \"Allow\", \"protocol\": \"Tcp\", "
	    "\"sourceAddressPrefix\": \"VirtualNetwork\", \"sourcePortRange\": "
	    "\"*\", \"destinationApplicationSecurityGroups\": [{\"id\": "
	    "\"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/"
	    "applicationSecurityGroups/asg-app\"}], \"destinationPortRange\": "
	    "\"443\"}";
	struct nsg_set set;
	struct err e;
	size_t i;

	(void)state;
	/* Unresolved: the rule matches nothing, with warnings. */
	nsg_set_init(&set);
	add_doc(&set, "n", nsg_json("nsg-a", asg_rule), NSG_LEVEL_NIC);
	finalize(&set);
	expect(&set, flow("in", "tcp", "10.0.0.4", 443, "10.0.1.1", 5000),
	    "Deny", "defaultSecurityRules/DenyAllInBound");
	assert_true(set.nwarn >= 2);
	for (i = 0; i < set.nwarn; i++)
		if (strcmp(set.warn[i].rule, "securityRules/app-in") == 0)
			break;
	assert_true(i < set.nwarn);
	assert_string_equal(set.warn[i].ptr, "/securityRules/0");
	assert_non_null(strstr(set.warn[i].msg, "VirtualNetwork"));
	nsg_set_release(&set);

	/* Resolved by --tag and --asg. */
	nsg_set_init(&set);
	err_clear(&e);
	assert_int_equal(nsg_set_define(&set, "virtualnetwork=10.0.0.0/16",
	    false, &e), 0);
	assert_int_equal(nsg_set_define(&set, "asg-app=10.0.0.4,10.0.0.5",
	    true, &e), 0);
	assert_int_equal(nsg_set_define(&set, "asg-app=10.0.0.6", true, &e),
	    0);
	add_doc(&set, "n", nsg_json("nsg-a", asg_rule), NSG_LEVEL_NIC);
	finalize(&set);
	assert_int_equal(set.nwarn, 0);
	expect(&set, flow("in", "tcp", "10.0.0.4", 443, "10.0.1.1", 5000),
	    "Allow", "securityRules/app-in");
	expect(&set, flow("in", "tcp", "10.0.0.6", 443, "10.0.1.1", 5000),
	    "Allow", "securityRules/app-in");
	expect(&set, flow("in", "tcp", "10.0.0.7", 443, "10.0.1.1", 5000),
	    "Allow", "defaultSecurityRules/AllowVnetInBound");
	expect(&set, flow("in", "tcp", "10.0.0.4", 443, "10.9.1.1", 5000),
	    "Deny", "defaultSecurityRules/DenyAllInBound");
	/* Bad definitions are usage errors. */
	assert_int_equal(nsg_set_define(&set, "noequals", true, &e), -1);
	assert_int_equal(e.code, ERR_USAGE);
	err_clear(&e);
	assert_int_equal(nsg_set_define(&set, "x=1.2.3.4,,5.6.7.8", true, &e),
	    -1);
	err_clear(&e);
	assert_int_equal(nsg_set_define(&set, "x=notanip", false, &e), -1);
	nsg_set_release(&set);
}

static void
test_asg_from_nic_export(void **state)
{
	static const char rule[] =
	    "{\"name\": \"app-in\", \"priority\": 100, \"direction\": "
	    "\"Inbound\", \"access\": \"Allow\", \"protocol\": \"Tcp\", "
	    "\"sourceAddressPrefix\": \"*\", \"sourcePortRange\": \"*\", "
	    "\"destinationApplicationSecurityGroups\": [{\"id\": "
	    "\"/x/applicationSecurityGroups/ASG-APP\"}], "
	    "\"destinationPortRange\": \"443\"}";
	static const char nic[] =
	    "{\"name\": \"nic-a\", \"enableIPForwarding\": false, "
	    "\"ipConfigurations\": [{\"privateIPAddress\": \"10.0.0.4\", "
	    "\"applicationSecurityGroups\": [{\"id\": "
	    "\"/x/applicationSecurityGroups/asg-app\"}]}, "
	    "{\"privateIPAddress\": \"10.0.0.5\"}]}";
	char list[1024];
	struct nsg_set set;
	struct err e;
	int k;

	(void)state;
	snprintf(list, sizeof(list), "[%s, %s]", nic, nic);
	for (k = 0; k < 2; k++) {
		nsg_set_init(&set);
		add_doc(&set, "nsg", nsg_json("nsg-a", rule), NSG_LEVEL_NIC);
		add_doc(&set, "nic", k == 0 ? nic : list, NSG_LEVEL_UNKNOWN);
		finalize(&set);
		assert_int_equal(set.n, 1);
		expect(&set, flow("in", "tcp", "10.0.0.4", 443, "1.2.3.4", 9),
		    "Allow", "securityRules/app-in");
		expect(&set, flow("in", "tcp", "10.0.0.5", 443, "1.2.3.4", 9),
		    "Deny", "defaultSecurityRules/DenyAllInBound");
		nsg_set_release(&set);
	}
	/* A NIC with a bad address is located. */
	load_fails("{\"ipConfigurations\": [{\"privateIPAddress\": \"x\", "
	    "\"applicationSecurityGroups\": [{\"id\": \"/a/b\"}]}], "
	    "\"enableIPForwarding\": true}", &e);
	assert_non_null(strstr(e.msg, "/ipConfigurations/0/privateIPAddress"));
}

static void
test_internet_without_vnet(void **state)
{
	struct nsg_set set;

	(void)state;
	nsg_set_init(&set);
	add_doc(&set, "n", nsg_json("nsg-a",
	    RULE("deny-internet-in", 100, "Inbound", "Deny", "*", "Internet",
	    "*", "*", "*") ","
	    RULE("allow-rest", 200, "Inbound", "Allow", "*", "*", "*", "*",
	    "*")), NSG_LEVEL_NIC);
	finalize(&set);
	expect(&set, flow("in", "tcp", "10.0.0.4", 22, "8.8.8.8", 5000),
	    "Deny", "securityRules/deny-internet-in");
	expect(&set, flow("in", "tcp", "10.0.0.4", 22, "10.50.1.1", 5000),
	    "Allow", "securityRules/allow-rest");
	expect(&set, flow("in", "tcp", "10.0.0.4", 22, "168.63.129.16", 5000),
	    "Allow", "securityRules/allow-rest");
	nsg_set_release(&set);
}

static void
test_loader_errors(void **state)
{
	struct err e;

	(void)state;
	load_fails(nsg_json("n", RULE("r", 100, "Inbound", "Allow", "Tcp",
	    "*", "*", "*", "70000")), &e);
	assert_int_equal(e.code, ERR_INPUT);
	assert_non_null(strstr(e.msg, "bad port range '70000'"));
	assert_non_null(strstr(e.msg, "/securityRules/0/destinationPortRange"));
	assert_int_equal(e.unit, 1);
	assert_true(e.col > 100);
	load_fails(nsg_json("n", RULE("r", 100, "Sideways", "Allow", "Tcp",
	    "*", "*", "*", "1")), &e);
	assert_non_null(strstr(e.msg, "/securityRules/0/direction"));
	load_fails(nsg_json("n", RULE("r", 100, "Inbound", "Maybe", "Tcp",
	    "*", "*", "*", "1")), &e);
	assert_non_null(strstr(e.msg, "unknown access"));
	load_fails(nsg_json("n", RULE("r", 100, "Inbound", "Allow", "Tcp",
	    "10.0.0.0/33", "*", "*", "1")), &e);
	assert_non_null(strstr(e.msg, "bad address prefix"));
	load_fails(nsg_json("n", RULE("r", 99999, "Inbound", "Allow", "Tcp",
	    "*", "*", "*", "1")), &e);
	assert_non_null(strstr(e.msg, "out of range"));
	load_fails(nsg_json("n",
	    "{\"name\": \"r\", \"direction\": \"Inbound\"}"), &e);
	assert_non_null(strstr(e.msg, "missing field 'priority' at "
	    "/securityRules/0/priority"));
	load_fails(nsg_json("n", "{\"name\": \"r\", \"priority\": \"high\"}"),
	    &e);
	assert_non_null(strstr(e.msg, "not a number"));
	load_fails(nsg_json("n", "{\"name\": \"r\", \"priority\": 100, "
	    "\"direction\": \"Inbound\", \"access\": \"Allow\", \"protocol\": "
	    "\"Tcp\", \"sourcePortRange\": \"*\", \"destinationPortRange\": "
	    "\"*\", \"destinationAddressPrefix\": \"*\"}"), &e);
	assert_non_null(strstr(e.msg, "no sourceAddressPrefix"));
	load_fails("{\"value\": [{\"ipAddress\": \"1.2.3.4\", \"macAddress\": "
	    "\"x\"}]}", &e);
	assert_non_null(strstr(e.msg, "not an NSG export (looks like "
	    "arp-table)"));
	load_fails("", &e);
	assert_non_null(strstr(e.msg, "looks like empty"));
}

static void
test_unknown_protocol_warns(void **state)
{
	struct nsg_set set;
	size_t i;

	(void)state;
	nsg_set_init(&set);
	add_doc(&set, "n", nsg_json("nsg-a",
	    RULE("gre", 100, "Inbound", "Allow", "Gre", "*", "*", "*", "*")),
	    NSG_LEVEL_NIC);
	finalize(&set);
	/* The two VirtualNetwork defaults warn too (no tag given). */
	assert_int_equal(set.nwarn, 3);
	for (i = 0; i < set.nwarn; i++)
		if (strstr(set.warn[i].msg, "unknown protocol") != NULL)
			break;
	assert_true(i < set.nwarn);
	assert_string_equal(set.warn[i].rule, "securityRules/gre");
	expect(&set, flow("in", "tcp", "10.0.0.4", 1, "1.2.3.4", 2), "Deny",
	    "defaultSecurityRules/DenyAllInBound");
	nsg_set_release(&set);
}

/* ------------------------------------------------------------------ */
/* Property: compiled == batch == scan                                 */
/* ------------------------------------------------------------------ */

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint32_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

/* Small domains so rules overlap and boundaries collide. */
static const char *const addrs[] = { "*", "10.0.0.0/8", "10.1.0.0/16",
	"10.1.2.0/24", "10.1.2.3", "192.168.0.0/16", "0.0.0.0/0",
	"VirtualNetwork", "Internet", "AzureLoadBalancer", "10.1.2.128/25",
	"255.255.255.255", "0.0.0.0/1", "2001:db8::/32" };
static const char *const ports[] = { "*", "0", "22", "80", "0-79",
	"80-80", "1000-2000", "65535", "443", "0-65535", "2000-65535" };
static const char *const protos[] = { "*", "Tcp", "Udp", "Icmp", "Esp",
	"Ah", "All" };

static void
rand_side(struct sb *sb, const char *one, const char *many)
{
	unsigned n, i;

	if (rng() % 4 == 0) {
		n = 1 + rng() % 3;
		sb_addf(sb, "\"%s\": [", many);
		for (i = 0; i < n; i++)
			sb_addf(sb, "%s\"%s\"", i > 0 ? ", " : "",
			    addrs[rng() % (sizeof(addrs) / sizeof(addrs[0]))]);
		sb_addf(sb, "], ");
	} else
		sb_addf(sb, "\"%s\": \"%s\", ", one,
		    addrs[rng() % (sizeof(addrs) / sizeof(addrs[0]))]);
}

static void
rand_ports(struct sb *sb, const char *one, const char *many)
{
	unsigned n, i;

	if (rng() % 4 == 0) {
		n = 1 + rng() % 3;
		sb_addf(sb, "\"%s\": [", many);
		for (i = 0; i < n; i++)
			sb_addf(sb, "%s\"%s\"", i > 0 ? ", " : "",
			    ports[rng() % (sizeof(ports) / sizeof(ports[0]))]);
		sb_addf(sb, "]");
	} else
		sb_addf(sb, "\"%s\": \"%s\"", one,
		    ports[rng() % (sizeof(ports) / sizeof(ports[0]))]);
}

static char *
rand_nsg(const char *name, unsigned nrules)
{
	struct sb sb;
	unsigned i;

	sb_init(&sb);
	sb_addf(&sb, "{\"name\": \"%s\", \"securityRules\": [", name);
	for (i = 0; i < nrules; i++) {
		sb_addf(&sb, "%s{\"name\": \"r%u\", \"priority\": %u, "
		    "\"direction\": \"%s\", \"access\": \"%s\", \"protocol\": "
		    "\"%s\", ", i > 0 ? ", " : "", i, 100 + rng() % 200,
		    rng() % 2 ? "Inbound" : "Outbound",
		    rng() % 3 ? "Allow" : "Deny",
		    protos[rng() % (sizeof(protos) / sizeof(protos[0]))]);
		rand_side(&sb, "sourceAddressPrefix", "sourceAddressPrefixes");
		rand_side(&sb, "destinationAddressPrefix",
		    "destinationAddressPrefixes");
		rand_ports(&sb, "sourcePortRange", "sourcePortRanges");
		sb_add(&sb, ", ");
		rand_ports(&sb, "destinationPortRange",
		    "destinationPortRanges");
		sb_add(&sb, "}");
	}
	sb_add(&sb, "]}");
	return sb_take(&sb);
}

static uint32_t
rand_v4(void)
{
	static const uint32_t base[] = { 0x0a010203, 0x0a010280, 0x0a0102ff,
	    0x0a000000, 0xc0a80001, 0xffffffff, 0x00000000, 0x7fffffff,
	    0x80000000, 0xa83f8110, 0x08080808 };
	uint32_t b = base[rng() % (sizeof(base) / sizeof(base[0]))];

	switch (rng() % 4) {
	case 0:
		return b;
	case 1:
		return b + 1;
	case 2:
		return b - 1;
	default:
		return rng();
	}
}

static uint32_t
rand_port(void)
{
	static const uint32_t p[] = { 0, 1, 22, 79, 80, 81, 443, 999, 1000,
	    2000, 2001, 65534, 65535 };

	return rng() % 3 ? p[rng() % (sizeof(p) / sizeof(p[0]))] :
	    rng() % 65536;
}

static void
test_property_compiled_equals_scan(void **state)
{
	enum { SETS = 2500, FLOWS = 200 };
	struct nsg_flow fl[FLOWS];
	struct nsg_brief br[FLOWS];
	struct nsg_verdict v, w;
	struct nsg_set set;
	struct err e;
	unsigned s, i, diff = 0, denied = 0;
	char *t;

	(void)state;
	for (s = 0; s < SETS; s++) {
		nsg_set_init(&set);
		err_clear(&e);
		if (s % 3 != 0)
			assert_int_equal(nsg_set_define(&set, "VirtualNetwork="
			    "10.1.0.0/16,192.168.0.0/24", false, &e), 0);
		t = rand_nsg("nsg-sub", 1 + rng() % 60);
		add_doc(&set, "sub", t, NSG_LEVEL_SUBNET);
		free(t);
		if (s % 5 != 0) {
			/* Sometimes more than 64 rules: multi-word bitsets. */
			t = rand_nsg("nsg-nic", 1 + rng() % (s % 7 == 0 ?
			    300 : 40));
			add_doc(&set, "nic", t, NSG_LEVEL_NIC);
			free(t);
		}
		finalize(&set);
		for (i = 0; i < FLOWS; i++) {
			memset(&fl[i], 0, sizeof(fl[i]));
			fl[i].dir = rng() % 2 ? NSG_IN : NSG_OUT;
			fl[i].proto = (enum nsg_proto)(rng() % NSG_P__COUNT);
			net_addr_set_v4(&fl[i].local, rand_v4());
			net_addr_set_v4(&fl[i].remote, rand_v4());
			fl[i].lport = rng() % 10 ? rand_port() : NSG_PORT_NONE;
			fl[i].rport = rng() % 10 ? rand_port() : NSG_PORT_NONE;
		}
		nsg_eval_many(&set, fl, FLOWS, br);
		for (i = 0; i < FLOWS; i++) {
			nsg_eval(&set, &fl[i], &v);
			nsg_eval_scan(&set, &fl[i], &w);
			denied += w.access == NSG_DENY;
			if (v.access != w.access || v.rule != w.rule ||
			    v.nsg != w.nsg || br[i].access != w.access ||
			    br[i].rule != w.rule || br[i].nsg != w.nsg) {
				char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN];

				if (diff++ < 5)
					print_message("set %u flow %u: %s %s "
					    "%s:%u %s:%u compiled %s batch %s "
					    "scan %s\n", s, i,
					    nsg_dir_name(fl[i].dir),
					    nsg_proto_name(fl[i].proto),
					    net_addr_str(&fl[i].local, a),
					    fl[i].lport,
					    net_addr_str(&fl[i].remote, b),
					    fl[i].rport, v.rule ?
					    v.rule->rule_name : "-",
					    br[i].rule ? br[i].rule->rule_name :
					    "-", w.rule ? w.rule->rule_name :
					    "-");
			}
		}
		nsg_set_release(&set);
	}
	print_message("%u rule sets x %u flows, %u denied, %u differ\n",
	    SETS, FLOWS, denied, diff);
	assert_int_equal(diff, 0);
	/* Both outcomes were exercised. */
	assert_true(denied > SETS * FLOWS / 20);
	assert_true(denied < SETS * FLOWS - SETS * FLOWS / 20);
}

/*
 * The same property with about 500 and more than 512 rules in one
 * direction: bitsets of exactly eight words take the vector path of the
 * AND, longer ones the summary-word path; port values at the edges (0,
 * 65535, none) are asked.
 */
static void
test_property_wide_bitsets(void **state)
{
	enum { SETS = 8, FLOWS = 3000 };
	static struct nsg_flow fl[FLOWS];
	static struct nsg_brief br[FLOWS];
	static const uint32_t edge[] = { 0, 1, 65534, 65535, NSG_PORT_NONE };
	struct nsg_verdict v, w;
	struct nsg_set set;
	unsigned s, i, diff = 0, denied = 0;
	char *t;

	(void)state;
	for (s = 0; s < SETS; s++) {
		nsg_set_init(&set);
		/* About 500 rules per direction: bitsets of exactly eight
		 * words, the vector path; then more. */
		t = rand_nsg("nsg-sub", s < 4 ? 930 + rng() % 60 :
		    1100 + rng() % 700);
		add_doc(&set, "sub", t, NSG_LEVEL_SUBNET);
		free(t);
		if (s % 2 == 0) {
			t = rand_nsg("nsg-nic", 600 + rng() % 1200);
			add_doc(&set, "nic", t, NSG_LEVEL_NIC);
			free(t);
		}
		finalize(&set);
		for (i = 0; i < FLOWS; i++) {
			memset(&fl[i], 0, sizeof(fl[i]));
			fl[i].dir = rng() % 2 ? NSG_IN : NSG_OUT;
			fl[i].proto = (enum nsg_proto)(rng() % NSG_P__COUNT);
			net_addr_set_v4(&fl[i].local, rand_v4());
			net_addr_set_v4(&fl[i].remote, rand_v4());
			fl[i].lport = rng() % 8 ? rand_port() :
			    edge[rng() % 5];
			fl[i].rport = rng() % 8 ? rand_port() :
			    edge[rng() % 5];
		}
		nsg_eval_many(&set, fl, FLOWS, br);
		for (i = 0; i < FLOWS; i++) {
			nsg_eval(&set, &fl[i], &v);
			nsg_eval_scan(&set, &fl[i], &w);
			denied += w.access == NSG_DENY;
			if (v.access != w.access || v.rule != w.rule ||
			    v.nsg != w.nsg || br[i].access != w.access ||
			    br[i].rule != w.rule || br[i].nsg != w.nsg)
				diff++;
		}
		nsg_set_release(&set);
	}
	print_message("wide: %u rule sets x %u flows, %u denied, %u differ\n",
	    SETS, FLOWS, denied, diff);
	assert_int_equal(diff, 0);
	assert_true(denied > SETS * FLOWS / 20);
	assert_true(denied < SETS * FLOWS - SETS * FLOWS / 20);
}

/* ------------------------------------------------------------------ */
/* Shapes: ARM properties, Resource Graph, pages, identity             */
/* ------------------------------------------------------------------ */

static void
add_file(struct nsg_set *set, const char *name)
{
	char path[512];
	struct az_doc *doc;
	struct err e;
	char buf[512];

	snprintf(path, sizeof(path), "%s/tests/data/azure/arm/%s",
	    ERW_SRC_DIR, name);
	err_clear(&e);
	if (az_load_file(path, &doc, &e) == -1)
		fail_msg("%s: %s", name, err_str(&e, buf, sizeof(buf)));
	if (nsg_set_load(set, doc, NSG_LEVEL_UNKNOWN, &e) == -1) {
		az_doc_free(doc);
		fail_msg("%s: %s", name, err_str(&e, buf, sizeof(buf)));
	}
	az_doc_free(doc);
}

/* The verdicts of arm/nsg-rest.json, in whichever envelope it comes. */
static void
check_arm_nsg(const struct nsg_set *set)
{
	const struct nsg_verdict *v;

	assert_int_equal(set->n, 1);
	assert_string_equal(set->nsg[0].name, "nsg-nic-bgptest-01");
	assert_int_equal(set->nsg[0].level, NSG_LEVEL_NIC);
	/* Its own deny rule decides, not AllowInternetOutBound. */
	v = expect(set, flow("out", "udp", "10.20.9.4", 5353, "8.8.8.8", 53),
	    "Deny", "securityRules/deny-dns-out");
	assert_non_null(strstr(v->rule->ptr,
	    "/properties/securityRules/2"));
	expect(set, flow("out", "tcp", "10.20.9.4", 40179, "10.50.0.1", 179),
	    "Deny", "securityRules/deny-bgp-outbound");
	expect(set, flow("in", "tcp", "10.20.9.4", 8443, "10.51.3.3", 50000),
	    "Allow", "securityRules/allow-https-in");
	expect(set, flow("in", "tcp", "10.20.9.4", 22, "10.51.3.3", 50000),
	    "Deny", "defaultSecurityRules/DenyAllInBound");
	expect(set, flow("out", "tcp", "10.20.9.4", 5000, "1.1.1.1", 443),
	    "Allow", "defaultSecurityRules/AllowInternetOutBound");
}

static void
test_arm_shape(void **state)
{
	struct nsg_set set;

	(void)state;
	nsg_set_init(&set);
	add_file(&set, "nsg-rest.json");
	finalize(&set);
	check_arm_nsg(&set);
	assert_int_equal(set.notes.n, 0);
	nsg_set_release(&set);
}

static void
test_arm_pages(void **state)
{
	static const char *const files[] = {
		"nsg-list-nextlink.json", "nsg-graph-page.json"
	};
	static const char *const ptrs[] = { "/nextLink", "/$skipToken" };
	struct nsg_set set;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		nsg_set_init(&set);
		add_file(&set, files[i]);
		finalize(&set);
		check_arm_nsg(&set);
		/* One page of a longer list: said, not swallowed. */
		assert_int_equal(set.notes.n, 1);
		assert_int_equal(set.notes.v[0].kind, AZ_NOTE_INCOMPLETE);
		assert_string_equal(set.notes.v[0].ptr, ptrs[i]);
		assert_non_null(strstr(set.notes.v[0].file, files[i]));
		nsg_set_release(&set);
	}
}

static void
test_effective_without_nsg_id(void **state)
{
	struct nsg_set set;
	const struct nsg_verdict *v;

	(void)state;
	nsg_set_init(&set);
	add_file(&set, "effective-nsg-noid.json");
	finalize(&set);
	/* None is "already loaded": each association is its own NSG. */
	assert_int_equal(set.n, 3);
	assert_int_equal(set.notes.n, 0);
	assert_string_equal(set.nsg[0].name, "NSG of subnet snet-a");
	assert_int_equal(set.nsg[0].level, NSG_LEVEL_SUBNET);
	assert_string_equal(set.nsg[1].name, "NSG of NIC nic-a");
	assert_int_equal(set.nsg[1].level, NSG_LEVEL_NIC);
	assert_non_null(strstr(set.nsg[2].name, "/value/2"));
	/* Outbound: the NIC's deny decides before the subnet's allow. */
	v = expect(&set, flow("out", "tcp", "10.20.9.4", 40179, "10.50.0.1",
	    179), "Deny", "securityRules/deny-bgp-out");
	assert_string_equal(v->nsg->name, "NSG of NIC nic-a");
	expect(&set, flow("out", "udp", "10.20.9.4", 5353, "8.8.8.8", 53),
	    "Deny", "securityRules/deny-dns-out");
	nsg_set_release(&set);
	/* The same association twice is one NSG: the copy is a note. */
	nsg_set_init(&set);
	add_doc(&set, "twice", "{\"value\": ["
	    "{\"association\": {\"subnet\": {\"id\": \"/s/x/subnets/a\"}}, "
	    "\"effectiveSecurityRules\": []}, "
	    "{\"association\": {\"subnet\": {\"id\": \"/S/X/subnets/a\"}}, "
	    "\"effectiveSecurityRules\": []}]}", NSG_LEVEL_UNKNOWN);
	assert_int_equal(set.n, 1);
	assert_int_equal(set.notes.n, 1);
	assert_string_equal(set.notes.v[0].ptr, "/value/1");
	nsg_set_release(&set);
}

static void
test_no_rule_list_fails(void **state)
{
	struct err e;

	(void)state;
	/* An NSG whose rules are somewhere we do not look is not an NSG
	 * without rules: it would be judged by the default rules alone. */
	load_fails("{\"name\": \"n\", \"type\": "
	    "\"Microsoft.Network/networkSecurityGroups\", \"properties\": "
	    "{\"rules\": []}}", &e);
	assert_int_equal(e.code, ERR_INPUT);
	assert_non_null(strstr(e.msg, "no securityRules"));
	assert_string_equal(e.input, "bad.json");
	assert_int_equal(e.unit, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_priority_order),
		cmocka_unit_test(test_defaults_added),
		cmocka_unit_test(test_defaults_not_duplicated),
		cmocka_unit_test(test_levels_order),
		cmocka_unit_test(test_deny_ends_evaluation),
		cmocka_unit_test(test_no_nsg_allows),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_protocols),
		cmocka_unit_test(test_effective_view),
		cmocka_unit_test(test_tags_and_asgs),
		cmocka_unit_test(test_asg_from_nic_export),
		cmocka_unit_test(test_internet_without_vnet),
		cmocka_unit_test(test_loader_errors),
		cmocka_unit_test(test_unknown_protocol_warns),
		cmocka_unit_test(test_property_compiled_equals_scan),
		cmocka_unit_test(test_property_wide_bitsets),
		cmocka_unit_test(test_arm_shape),
		cmocka_unit_test(test_arm_pages),
		cmocka_unit_test(test_effective_without_nsg_id),
		cmocka_unit_test(test_no_rule_list_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
