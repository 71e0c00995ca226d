/*
 * Which export is this?  Kinds are told apart by shape only, never by file
 * name: users rename files, and a folder of evidence mixes az CLI output
 * (camelCase, `{"value":[...]}` for table-like POST results), PowerShell
 * ConvertTo-Json (PascalCase, one object for one row, an array for more)
 * and Network Watcher answers.  The distinguishing members per kind come
 * from azure-formats.md sections 2-5; keys compare ignoring case.
 */
#include <string.h>
#include <strings.h>

#include "azure.h"

/* A member wherever the shape keeps it (az_shape.c). */
static json_t *
mem(const json_t *o, const char *key)
{
	return az_member(o, key, NULL, NULL);
}

static bool
has(const json_t *o, const char *key)
{
	return mem(o, key) != NULL;
}

static bool
type_is(const json_t *o, const char *type)
{
	json_t *v = mem(o, "type");

	return json_is_string(v) &&
	    str_casecmp(json_string_value(v), type) == 0;
}

/*
 * One row of a table-shaped export (the element of value[], of a
 * PowerShell array, or a PowerShell single object).  AZ_UNKNOWN if it is
 * none of them.
 */
static enum az_kind
row_kind(const json_t *o)
{
	if (!json_is_object(o))
		return AZ_UNKNOWN;
	if (has(o, "effectiveSecurityRules"))
		return AZ_EFFECTIVE_NSG;
	if (has(o, "ipAddress") && has(o, "macAddress"))
		return AZ_ARP_TABLE;
	if (has(o, "network") && has(o, "nextHop"))
		return AZ_ER_ROUTE_TABLE;
	if (has(o, "neighbor") && (has(o, "statePfxRcd") ||
	    has(o, "stateOrPrefixesReceived")))
		return AZ_ER_ROUTE_SUMMARY;
	/* addressPrefix is an array in effective routes, a string in UDRs. */
	if (has(o, "addressPrefix") && has(o, "nextHopType") &&
	    has(o, "source"))
		return AZ_EFFECTIVE_ROUTES;
	return AZ_UNKNOWN;
}

/*
 * The resource type an ARM id names, compared with type ignoring case:
 * ".../providers/Microsoft.Network/networkWatchers/NW" is
 * "Microsoft.Network/networkWatchers", ".../virtualMachines/VM/extensions/
 * X" is "Microsoft.Compute/virtualMachines/extensions".  PowerShell's
 * objects often carry the id where az has the type.
 */
static bool
id_type_is(const json_t *o, const char *type)
{
	json_t *v = mem(o, "id");
	const char *id, *p, *t = type;
	size_t seg = 0;

	if (!json_is_string(v))
		return false;
	id = json_string_value(v);
	for (p = id; *p != '\0'; p++)
		if (strncasecmp(p, "/providers/", 11) == 0)
			break;
	if (*p == '\0')
		return false;
	p += strlen("/providers/");
	/* namespace, then type/name pairs: compare the namespace and the
	 * types, skip the names */
	for (;;) {
		const char *s = p;
		size_t n;

		while (*p != '\0' && *p != '/')
			p++;
		n = (size_t)(p - s);
		if (seg == 0 || seg % 2 == 1) {
			if (seg > 0) {
				if (*t != '/')
					return false;
				t++;
			}
			if (strlen(t) < n || strncasecmp(s, t, n) != 0)
				return false;
			t += n;
		}
		seg++;
		if (*p == '\0')
			break;
		p++;
	}
	/* a name after the last type: the id is of the resource itself */
	return *t == '\0' && seg >= 3 && seg % 2 == 1;
}

static bool
res_is(const json_t *o, const char *type)
{
	return type_is(o, type) || id_type_is(o, type);
}

/* The exports of preflight (az_prereq.h). */
static enum az_kind
prereq_kind(const json_t *o)
{
	if (res_is(o, "Microsoft.Network/networkWatchers"))
		return AZ_NETWORK_WATCHER;
	if (res_is(o, "Microsoft.Compute/virtualMachines/extensions") ||
	    (has(o, "publisher") && has(o, "typeHandlerVersion")))
		return AZ_VM_EXTENSION;
	if (res_is(o, "Microsoft.Compute/virtualMachines") ||
	    (has(o, "storageProfile") && has(o, "hardwareProfile")))
		return AZ_VM;
	if (res_is(o, "Microsoft.Storage/storageAccounts") ||
	    has(o, "primaryEndpoints"))
		return AZ_STORAGE_ACCOUNT;
	return AZ_UNKNOWN;
}

/* A whole-resource object (az show), or a Network Watcher answer. */
static enum az_kind
object_kind(const json_t *o)
{
	enum az_kind k;

	if (has(o, "securityRules") || has(o, "defaultSecurityRules") ||
	    type_is(o, "Microsoft.Network/networkSecurityGroups"))
		return AZ_NSG;
	if ((has(o, "routes") && (has(o, "disableBgpRoutePropagation") ||
	    json_is_array(mem(o, "routes")))) ||
	    type_is(o, "Microsoft.Network/routeTables"))
		return AZ_ROUTE_TABLE;
	if ((has(o, "peerings") &&
	    (has(o, "serviceProviderProvisioningState") ||
	    has(o, "circuitProvisioningState"))) ||
	    type_is(o, "Microsoft.Network/expressRouteCircuits"))
		return AZ_CIRCUIT;
	if (has(o, "primarybytesIn") || has(o, "secondarybytesIn"))
		return AZ_ER_STATS;
	if (has(o, "ipConfigurations") && (has(o, "enableIpForwarding") ||
	    type_is(o, "Microsoft.Network/networkInterfaces")))
		return AZ_NIC;
	if (has(o, "access") && has(o, "ruleName"))
		return AZ_NW_IP_FLOW;
	if ((k = prereq_kind(o)) != AZ_UNKNOWN)
		return k;
	if ((k = row_kind(o)) != AZ_UNKNOWN)
		return k;
	if (has(o, "nextHopType") && (has(o, "routeTableId") ||
	    json_is_string(mem(o, "nextHopIpAddress"))))
		return AZ_NW_NEXT_HOP;
	if (has(o, "connectionStatus") || json_is_array(mem(o, "hops")))
		return AZ_NW_CONNECTIVITY;
	return AZ_UNKNOWN;
}

/*
 * Elements of a list: PowerShell rows, `az ... list` resources, a
 * Resource Graph result, an ARM template's resources (the first
 * top-level one of a known kind decides: children repeat their parent).
 * A list of NSGs is AZ_NSG_LIST; a list of other resources has the kind
 * of its resources, and az_resource() takes the only one.
 */
static enum az_kind
list_kind(const json_t *a, bool template)
{
	json_t *el;
	enum az_kind k;
	size_t i;

	if (json_array_size(a) == 0)
		return AZ_EMPTY_LIST;
	json_array_foreach(a, i, el) {
		if (template && !az_template_toplevel(el))
			continue;
		if ((k = row_kind(el)) != AZ_UNKNOWN)
			return k;
		switch ((k = object_kind(el))) {
		case AZ_NSG:
			return AZ_NSG_LIST;
		case AZ_CIRCUIT:
		case AZ_ROUTE_TABLE:
		case AZ_NIC:
		case AZ_ER_STATS:
		case AZ_NETWORK_WATCHER:
		case AZ_VM:
		case AZ_VM_EXTENSION:
		case AZ_STORAGE_ACCOUNT:
			return k;
		default:
			break;
		}
		if (!template)
			return AZ_UNKNOWN;
	}
	return template ? AZ_UNKNOWN : AZ_EMPTY_LIST;
}

enum az_kind
az_detect(const json_t *root)
{
	enum az_wrap wrap;
	json_t *list;

	if (root == NULL)
		return AZ_EMPTY;
	if ((list = az_envelope(root, &wrap, NULL)) != NULL)
		return list_kind(list, wrap == AZ_WRAP_TEMPLATE);
	if (!json_is_object(root))
		return AZ_UNKNOWN;
	return object_kind(root);
}

static const char *const kind_names[AZ__KIND_COUNT] = {
	[AZ_UNKNOWN] = "unknown",
	[AZ_EMPTY] = "empty",
	[AZ_EMPTY_LIST] = "empty-list",
	[AZ_EFFECTIVE_NSG] = "effective-nsg",
	[AZ_NSG] = "nsg",
	[AZ_NSG_LIST] = "nsg-list",
	[AZ_EFFECTIVE_ROUTES] = "effective-routes",
	[AZ_ROUTE_TABLE] = "route-table",
	[AZ_CIRCUIT] = "circuit",
	[AZ_ARP_TABLE] = "arp-table",
	[AZ_ER_ROUTE_TABLE] = "er-route-table",
	[AZ_ER_ROUTE_SUMMARY] = "er-route-summary",
	[AZ_ER_STATS] = "er-stats",
	[AZ_NIC] = "nic",
	[AZ_NW_IP_FLOW] = "nw-ip-flow",
	[AZ_NW_NEXT_HOP] = "nw-next-hop",
	[AZ_NW_CONNECTIVITY] = "nw-connectivity",
	[AZ_NETWORK_WATCHER] = "network-watcher",
	[AZ_VM] = "vm",
	[AZ_VM_EXTENSION] = "vm-extension",
	[AZ_STORAGE_ACCOUNT] = "storage-account",
};

const char *
az_kind_name(enum az_kind k)
{
	if ((unsigned)k >= AZ__KIND_COUNT || kind_names[k] == NULL)
		return "unknown";
	return kind_names[k];
}
