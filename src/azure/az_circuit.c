/*
 * ExpressRoute exports -> typed models (contract in az_circuit.h; shapes
 * in azure-formats.md 2.1-2.6).  Rows are read through the azure.h
 * getters, so az (camelCase, {"value":[...]}) and PowerShell (PascalCase,
 * bare arrays, InterfaceProperty/AsProperty, empty files) load alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "az_circuit.h"

const char *
az_path_name(enum az_path p)
{
	return p == AZ_PATH_PRIMARY ? "primary" : p == AZ_PATH_SECONDARY ?
	    "secondary" : "?";
}

bool
az_asn_is_gateway(int64_t asn)
{
	return asn >= AZ_GATEWAY_ASN_MIN && asn <= AZ_GATEWAY_ASN_MAX;
}

int
az_peer_addrs(const struct net_prefix *p, struct net_addr *cust,
    struct net_addr *ms)
{
	if (p->addr.family == NET_AF_INET && p->len == 30) {
		uint32_t a = net_addr_v4(&p->addr);

		memset(cust, 0, sizeof(*cust));
		memset(ms, 0, sizeof(*ms));
		net_addr_set_v4(cust, a + 1);
		net_addr_set_v4(ms, a + 2);
		return 0;
	}
	if (p->addr.family == NET_AF_INET6 && p->len == 126) {
		*cust = p->addr;
		*ms = p->addr;
		cust->a[15] = (uint8_t)(cust->a[15] + 1);
		ms->a[15] = (uint8_t)(ms->a[15] + 2);
		return 0;
	}
	return -1;
}

/* Copy an optional string member, escaped; "" when absent. */
static int
opt_str(const struct az_node *o, const char *key, char *dst, size_t len,
    struct err *e)
{
	const char *s;
	int rc;

	dst[0] = '\0';
	if ((rc = az_get_str(o, key, &s, e)) == -1)
		return -1;
	if (rc == 0)
		str_escape_into(dst, len, s, strlen(s));
	return 0;
}

static int
opt_int(const struct az_node *o, const char *key, int64_t *out,
    struct err *e)
{
	int rc;

	*out = -1;
	if ((rc = az_get_int(o, key, out, e)) == -1)
		return -1;
	if (rc == AZ_ABSENT)
		*out = -1;
	return 0;
}

static int
wrong_kind(const struct az_doc *doc, const char *want, struct err *e)
{
	ERR(e, ERR_INPUT, "'%s' is not %s (looks like: %s)", doc->name, want,
	    az_kind_name(doc->kind));
	err_at(e, doc->name, 0, 0, 0);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Circuit                                                             */
/* ------------------------------------------------------------------ */

static void
rg_from_id(const char *id, char *dst, size_t len)
{
	static const char key[] = "/resourcegroups/";
	size_t i, k;

	dst[0] = '\0';
	for (i = 0; id[i] != '\0'; i++) {
		for (k = 0; key[k] != '\0' && id[i + k] != '\0'; k++) {
			char c = id[i + k];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != key[k])
				break;
		}
		if (key[k] != '\0')
			continue;
		for (i += k, k = 0; id[i] != '\0' && id[i] != '/' &&
		    k + 1 < len; i++, k++)
			dst[k] = id[i];
		dst[k] = '\0';
		return;
	}
}

static int
load_peering(struct az_peering *p, const struct az_node *o, struct err *e)
{
	static const char *const keys[AZ_PATH_COUNT] = {
		"primaryPeerAddressPrefix", "secondaryPeerAddressPrefix"
	};
	const char *s;
	int i, rc;

	memset(p, 0, sizeof(*p));
	str_copy(p->ptr, o->ptr, sizeof(p->ptr));
	az_body_ptr(o, p->fields_ptr, sizeof(p->fields_ptr));
	if (opt_str(o, "name", p->name, sizeof(p->name), e) == -1 ||
	    opt_str(o, "state", p->state, sizeof(p->state), e) == -1 ||
	    opt_int(o, "azureASN", &p->azure_asn, e) == -1 ||
	    opt_int(o, "peerASN", &p->peer_asn, e) == -1 ||
	    opt_int(o, "vlanId", &p->vlan, e) == -1)
		return -1;
	if (p->name[0] == '\0' &&
	    opt_str(o, "peeringType", p->name, sizeof(p->name), e) == -1)
		return -1;
	for (i = 0; i < AZ_PATH_COUNT; i++) {
		if ((rc = az_get_str(o, keys[i], &s, e)) == -1)
			return -1;
		if (rc == AZ_ABSENT)
			continue;
		str_escape_into(p->pfx_text[i], sizeof(p->pfx_text[i]), s,
		    strlen(s));
		p->pfx_ok[i] = net_prefix_parse(s, &p->pfx[i],
		    &p->pfx_host_bits[i]) == 0;
	}
	/* Only whether a key is set: the key itself is never copied. */
	if ((rc = az_get_str(o, "sharedKey", &s, e)) == -1)
		return -1;
	p->md5_set = rc == 0 && s[0] != '\0';
	return 0;
}

int
az_circuit_load(struct az_circuit *c, const struct az_doc *doc,
    struct err *e)
{
	struct az_node root, peerings, el, o;
	const char *s;
	size_t i;
	int rc;

	memset(c, 0, sizeof(*c));
	if (doc->kind != AZ_CIRCUIT)
		return wrong_kind(doc, "an ExpressRoute circuit export", e);
	str_copy(c->input, doc->name, sizeof(c->input));
	if (az_resource(doc, &root, e) == -1)
		return -1;
	az_notes_merge(&c->notes, &doc->notes);
	az_body_ptr(&root, c->ptr, sizeof(c->ptr));
	str_copy(c->res_ptr, root.ptr, sizeof(c->res_ptr));
	if (opt_str(&root, "name", c->name, sizeof(c->name), e) == -1 ||
	    opt_str(&root, "circuitProvisioningState", c->circuit_state,
	    sizeof(c->circuit_state), e) == -1 ||
	    opt_str(&root, "serviceProviderProvisioningState",
	    c->provider_state, sizeof(c->provider_state), e) == -1)
		return -1;
	if ((rc = az_get_str(&root, "resourceGroup", &s, e)) == -1)
		return -1;
	if (rc == 0)
		str_escape_into(c->resource_group, sizeof(c->resource_group),
		    s, strlen(s));
	else if ((rc = az_get_str(&root, "id", &s, e)) == 0) {
		char rg[96];

		rg_from_id(s, rg, sizeof(rg));
		str_escape_into(c->resource_group, sizeof(c->resource_group),
		    rg, strlen(rg));
	} else if (rc == -1)
		return -1;
	if (opt_str(&root, "serviceKey", c->service_key,
	    sizeof(c->service_key), e) == -1)
		return -1;
	if ((rc = az_get_object(&root, "sku", &o, e)) == -1)
		return -1;
	if (rc == 0 && (opt_str(&o, "tier", c->sku_tier, sizeof(c->sku_tier),
	    e) == -1 || opt_str(&o, "name", c->sku_name, sizeof(c->sku_name),
	    e) == -1))
		return -1;
	c->bandwidth_mbps = -1;
	if ((rc = az_get_object(&root, "serviceProviderProperties", &o,
	    e)) == -1)
		return -1;
	if (rc == 0 && (opt_str(&o, "serviceProviderName", c->provider,
	    sizeof(c->provider), e) == -1 || opt_str(&o, "peeringLocation",
	    c->peering_location, sizeof(c->peering_location), e) == -1 ||
	    az_get_int(&o, "bandwidthInMbps", &c->bandwidth_mbps, e) == -1))
		return -1;
	if ((rc = az_get_array(&root, "peerings", &peerings, e)) == -1)
		return -1;
	/*
	 * Azure returns both states and the peerings list always; with none
	 * of them the circuit is in a shape we do not know, and judging it
	 * would report every peering disabled.
	 */
	if (rc == AZ_ABSENT && c->circuit_state[0] == '\0' &&
	    c->provider_state[0] == '\0')
		return az_fail(&root, NULL, e, "circuit has none of "
		    "circuitProvisioningState, serviceProviderProvisioningState "
		    "and peerings (looked at the top and under properties)");
	for (i = 0; rc == 0 && i < az_len(&peerings); i++) {
		az_index(&peerings, i, &el);
		if (c->npeerings == AZ_CIRCUIT_MAX_PEERINGS) {
			az_note_add(&c->notes, AZ_NOTE_SKIPPED, doc, el.ptr,
			    "peering not read: more than %d peerings",
			    AZ_CIRCUIT_MAX_PEERINGS);
			continue;
		}
		if (!json_is_object(el.v))
			return az_fail(&el, NULL, e, "peering is not an "
			    "object");
		if (load_peering(&c->peerings[c->npeerings], &el, e) == -1)
			return -1;
		c->npeerings++;
	}
	return 0;
}

const struct az_peering *
az_circuit_peering(const struct az_circuit *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->npeerings; i++)
		if (str_casecmp(c->peerings[i].name, name) == 0)
			return &c->peerings[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

/*
 * Rows of a table export of kind want (or empty).  Sets list_ptr: the
 * pointer of the row list ("/value" for az, "" for a PowerShell array).
 */
static int
table_rows(const struct az_doc *doc, enum az_kind want, const char *what,
    struct az_rows *rows, char *list_ptr, size_t lplen,
    struct az_notes *notes, struct err *e)
{
	if (doc->kind != want && doc->kind != AZ_EMPTY &&
	    doc->kind != AZ_EMPTY_LIST)
		return wrong_kind(doc, what, e);
	az_notes_merge(notes, &doc->notes);
	az_rows(doc, rows);
	if (doc->kind == AZ_EMPTY)
		str_copy(list_ptr, "(empty file)", lplen);
	else if (rows->single)
		str_copy(list_ptr, "", lplen);
	else
		str_copy(list_ptr, rows->base.ptr, lplen);
	return 0;
}

int
az_arp_load(struct az_arp_table *t, const struct az_doc *doc, struct err *e)
{
	struct az_rows rows;
	struct az_node row;
	size_t i;

	memset(t, 0, sizeof(*t));
	str_copy(t->input, doc->name, sizeof(t->input));
	if (table_rows(doc, AZ_ARP_TABLE, "an ExpressRoute ARP table", &rows,
	    t->list_ptr, sizeof(t->list_ptr), &t->notes, e) == -1)
		return -1;
	if (rows.n > 0 && (t->v = erw_calloc(rows.n, sizeof(*t->v))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < rows.n; i++) {
		struct az_arp_entry *a = &t->v[t->n];

		az_row(&rows, i, &row);
		if (!json_is_object(row.v)) {
			az_fail(&row, NULL, e, "ARP entry is not an object");
			goto fail;
		}
		str_copy(a->ptr, row.ptr, sizeof(a->ptr));
		if (opt_str(&row, "interface", a->iface, sizeof(a->iface),
		    e) == -1)
			goto fail;
		if (a->iface[0] == '\0' && opt_str(&row, "InterfaceProperty",
		    a->iface, sizeof(a->iface), e) == -1)
			goto fail;
		if (opt_str(&row, "ipAddress", a->ip_text, sizeof(a->ip_text),
		    e) == -1 || opt_str(&row, "macAddress", a->mac,
		    sizeof(a->mac), e) == -1 || opt_int(&row, "age", &a->age,
		    e) == -1)
			goto fail;
		if (a->ip_text[0] == '\0' && a->mac[0] == '\0' &&
		    a->iface[0] == '\0') {
			/* Counting it would make an entry of nothing. */
			az_note_add(&t->notes, AZ_NOTE_SKIPPED, doc, row.ptr,
			    "ARP entry with none of interface, ipAddress and "
			    "macAddress not read");
			continue;
		}
		if (net_addr_parse(a->ip_text, &a->ip) == -1)
			memset(&a->ip, 0, sizeof(a->ip));
		a->incomplete = a->mac[0] == '\0' ||
		    str_casecmp(a->mac, "Incomplete") == 0;
		t->n++;
	}
	return 0;
fail:
	az_arp_release(t);
	return -1;
}

void
az_arp_release(struct az_arp_table *t)
{
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

/* First ASN and length of a space-separated AS path ("65020 65020"). */
static void
parse_as_path(const char *s, uint32_t *first, uint32_t *len)
{
	*first = 0;
	*len = 0;
	while (*s != '\0') {
		uint64_t v = 0;
		int digits = 0;

		while (*s == ' ' || *s == '\t')
			s++;
		while (*s >= '0' && *s <= '9' && digits < 11) {
			v = v * 10 + (uint64_t)(*s - '0');
			s++;
			digits++;
		}
		if (digits > 0 && v <= 0xffffffffULL) {
			if (*len == 0)
				*first = (uint32_t)v;
			(*len)++;
		}
		/* skip anything else: AS sets, origin codes */
		while (*s != '\0' && *s != ' ' && *s != '\t')
			s++;
	}
}

int
az_er_routes_load(struct az_er_routes *t, const struct az_doc *doc,
    struct err *e)
{
	struct az_rows rows;
	struct az_node row;
	const char *s;
	size_t i;
	int rc;

	memset(t, 0, sizeof(*t));
	str_copy(t->input, doc->name, sizeof(t->input));
	if (table_rows(doc, AZ_ER_ROUTE_TABLE, "an ExpressRoute route table",
	    &rows, t->list_ptr, sizeof(t->list_ptr), &t->notes, e) == -1)
		return -1;
	if (rows.n > 0 && (t->v = erw_calloc(rows.n, sizeof(*t->v))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < rows.n; i++) {
		struct az_er_route *r = &t->v[t->n];

		az_row(&rows, i, &row);
		if (!json_is_object(row.v)) {
			az_fail(&row, NULL, e, "route is not an object");
			goto fail;
		}
		str_copy(r->ptr, row.ptr, sizeof(r->ptr));
		if (az_req_str(&row, "network", &s, e) == -1)
			goto fail;
		if (net_prefix_parse(s, &r->net, NULL) == -1) {
			az_fail(&row, "network", e, "bad network '%.64s'", s);
			goto fail;
		}
		if ((rc = az_get_str(&row, "nextHop", &s, e)) == -1)
			goto fail;
		if (rc == 0 && net_addr_parse(s, &r->next_hop) == -1)
			memset(&r->next_hop, 0, sizeof(r->next_hop));
		if ((rc = az_get_str(&row, "path", &s, e)) == -1)
			goto fail;
		if (rc == 0)
			parse_as_path(s, &r->first_as, &r->path_len);
		t->n++;
	}
	return 0;
fail:
	az_er_routes_release(t);
	return -1;
}

void
az_er_routes_release(struct az_er_routes *t)
{
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int
az_er_summary_load(struct az_er_summary *t, const struct az_doc *doc,
    struct err *e)
{
	static const char *const as_keys[] = { "as", "asn", "AsProperty" };
	static const char *const st_keys[] = {
		"statePfxRcd", "stateOrPrefixesReceived"
	};
	struct az_rows rows;
	struct az_node row, n;
	size_t i, k;

	memset(t, 0, sizeof(*t));
	str_copy(t->input, doc->name, sizeof(t->input));
	if (table_rows(doc, AZ_ER_ROUTE_SUMMARY, "an ExpressRoute route table "
	    "summary", &rows, t->list_ptr, sizeof(t->list_ptr), &t->notes,
	    e) == -1)
		return -1;
	if (rows.n > 0 && (t->v = erw_calloc(rows.n, sizeof(*t->v))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < rows.n; i++) {
		struct az_er_summary_row *r = &t->v[t->n];

		az_row(&rows, i, &row);
		if (!json_is_object(row.v)) {
			az_fail(&row, NULL, e, "summary row is not an object");
			goto fail;
		}
		str_copy(r->ptr, row.ptr, sizeof(r->ptr));
		if (opt_str(&row, "neighbor", r->neighbor_text,
		    sizeof(r->neighbor_text), e) == -1 ||
		    opt_str(&row, "upDown", r->up_down, sizeof(r->up_down),
		    e) == -1)
			goto fail;
		if (net_addr_parse(r->neighbor_text, &r->neighbor) == -1)
			memset(&r->neighbor, 0, sizeof(r->neighbor));
		r->as = -1;
		for (k = 0; k < 3 && r->as == -1; k++)
			if (opt_int(&row, as_keys[k], &r->as, e) == -1)
				goto fail;
		for (k = 0; k < 2; k++) {
			if (az_child(&row, st_keys[k], &n) == AZ_ABSENT)
				continue;
			/* the key as spelled in the file, for evidence */
			str_copy(r->state_key, strrchr(n.ptr, '/') + 1,
			    sizeof(r->state_key));
			if (json_is_integer(n.v)) {
				snprintf(r->state, sizeof(r->state), "%lld",
				    (long long)json_integer_value(n.v));
			} else if (json_is_string(n.v)) {
				const char *s = json_string_value(n.v);

				str_escape_into(r->state, sizeof(r->state), s,
				    strlen(s));
			} else {
				az_fail(&n, NULL, e, "state is neither a "
				    "string nor a number");
				goto fail;
			}
			break;
		}
		if (r->neighbor_text[0] == '\0' && r->state[0] == '\0') {
			az_note_add(&t->notes, AZ_NOTE_SKIPPED, doc, row.ptr,
			    "summary row with neither neighbor nor "
			    "statePfxRcd not read");
			continue;
		}
		if (all_digits(r->state) && strlen(r->state) < 12) {
			r->established = true;
			r->prefixes = strtoll(r->state, NULL, 10);
		}
		t->n++;
	}
	return 0;
fail:
	az_er_summary_release(t);
	return -1;
}

void
az_er_summary_release(struct az_er_summary *t)
{
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

int
az_er_stats_load(struct az_er_stats *s, const struct az_doc *doc,
    struct err *e)
{
	struct az_node root;

	memset(s, 0, sizeof(*s));
	if (doc->kind != AZ_ER_STATS)
		return wrong_kind(doc, "ExpressRoute traffic stats", e);
	str_copy(s->input, doc->name, sizeof(s->input));
	if (az_resource(doc, &root, e) == -1)
		return -1;
	az_notes_merge(&s->notes, &doc->notes);
	if (opt_int(&root, "primarybytesIn", &s->bytes_in[AZ_PATH_PRIMARY],
	    e) == -1 || opt_int(&root, "primarybytesOut",
	    &s->bytes_out[AZ_PATH_PRIMARY], e) == -1 ||
	    opt_int(&root, "secondarybytesIn",
	    &s->bytes_in[AZ_PATH_SECONDARY], e) == -1 ||
	    opt_int(&root, "secondarybytesOut",
	    &s->bytes_out[AZ_PATH_SECONDARY], e) == -1)
		return -1;
	return 0;
}
