/*
 * One NSG security rule object of an export -> struct nsg_rule: name,
 * priority, direction, access, protocol, address terms (prefixes, tags,
 * ASGs; resolved later by az_nsg_resolve.c) and port ranges
 * (azure-formats.md 3.1, 3.2).  Called by the loader (az_nsg_load.c) for
 * every entry of a rule list.
 *
 * The two exports differ in details this file absorbs: rule names are
 * bare in `nsg show` but prefixed ("securityRules/x") in the effective
 * view; protocol "*" is "All" there; "*" addresses show as "0.0.0.0/0";
 * ports are normalized "0-65535"; tags keep their name but list their
 * prefixes in expanded*AddressPrefix[] and tagMap.
 */
#include <stdlib.h>
#include <string.h>

#include "az_nsg.h"
#include "az_nsg_int.h"

/* ------------------------------------------------------------------ */
/* Rule fields                                                         */
/* ------------------------------------------------------------------ */

/* "*", "80", "1000-2000"; 0 ok (any set when the range is everything). */
static int
parse_port_range(const char *s, struct nsg_portrange *r, bool *any)
{
	unsigned long lo, hi;
	char *end;

	*any = false;
	if (strcmp(s, "*") == 0 || str_casecmp(s, "any") == 0) {
		*any = true;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return -1;
	lo = strtoul(s, &end, 10);
	hi = lo;
	if (*end == '-') {
		if (end[1] < '0' || end[1] > '9')
			return -1;
		hi = strtoul(end + 1, &end, 10);
	}
	if (*end != '\0' || lo > 65535 || hi > 65535 || lo > hi)
		return -1;
	r->lo = (uint32_t)lo;
	r->hi = (uint32_t)hi;
	if (lo == 0 && hi == 65535)
		*any = true;
	return 0;
}

/*
 * Ports of one side: the singular field and the plural array together
 * (`nsg show` prints both, one of them empty).  Absent = any.
 */
static int
load_ports(struct nsg_set *set, const struct az_node *r, const char *one,
    const char *many, bool *any, size_t *n, struct nsg_portrange **out,
    struct err *e)
{
	struct az_node arr, it;
	const char *s;
	size_t i, cnt = 0, k = 0;
	struct nsg_portrange pr;
	bool a;
	int rc1, rc2;

	*any = false;
	*n = 0;
	*out = NULL;
	if ((rc1 = az_get_str(r, one, &s, e)) == -1)
		return -1;
	if (rc1 == 0 && s[0] == '\0')
		rc1 = AZ_ABSENT;
	if ((rc2 = az_get_array(r, many, &arr, e)) == -1)
		return -1;
	if (rc2 == 0)
		cnt = az_len(&arr);
	if (rc1 != 0 && cnt == 0) {
		*any = true;
		return 0;
	}
	*out = arena_alloc(&set->arena, (cnt + 1) * sizeof(**out));
	if (*out == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	if (rc1 == 0) {
		if (parse_port_range(s, &pr, &a) == -1)
			return az_fail(r, one, e, "bad port range '%.40s'", s);
		if (a)
			*any = true;
		else
			(*out)[k++] = pr;
	}
	for (i = 0; i < cnt; i++) {
		az_index(&arr, i, &it);
		if (!json_is_string(it.v))
			return az_fail(&it, NULL, e, "port range is not a "
			    "string");
		s = json_string_value(it.v);
		if (parse_port_range(s, &pr, &a) == -1)
			return az_fail(&it, NULL, e, "bad port range '%.40s'",
			    s);
		if (a)
			*any = true;
		else
			(*out)[k++] = pr;
	}
	*n = k;
	return 0;
}

/* One address word: "*", a prefix, an address, or a tag name. */
static int
parse_term(struct nsg_set *set, const char *s, struct nsg_term *t)
{
	memset(t, 0, sizeof(*t));
	if (strcmp(s, "*") == 0 || str_casecmp(s, "any") == 0 ||
	    strcmp(s, "0.0.0.0/0") == 0 || strcmp(s, "::/0") == 0) {
		t->kind = NSG_T_ANY;
		return 0;
	}
	if (net_prefix_parse(s, &t->pfx, NULL) == 0) {
		t->kind = NSG_T_PREFIX;
		return 0;
	}
	/* Tags are words: letters, digits, '.', '-', '_'. */
	for (const char *p = s; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		    *p == '_'))
			return -1;
	if (s[0] == '\0')
		return -1;
	t->kind = NSG_T_TAG;
	if ((t->name = arena_strdup(&set->arena, s)) == NULL)
		return -1;
	return 0;
}

/*
 * One address side.  The effective view's expanded list wins (it is the
 * resolution Azure itself made); otherwise the plural array, the
 * singular field and the ASG list all contribute.
 */
static int
load_addrs(struct nsg_set *set, const struct az_node *r, const char *one,
    const char *many, const char *expanded, const char *asgs, size_t *n,
    struct nsg_term **out, struct err *e)
{
	struct az_node arr[3], it, idn;
	const char *s, *id;
	bool have[3] = { false, false, false };
	size_t cnt = 0, k = 0, i, j;
	int rc;

	*n = 0;
	*out = NULL;
	if ((rc = az_get_array(r, expanded, &arr[0], e)) == -1)
		return -1;
	if (rc == 0 && az_len(&arr[0]) > 0) {
		have[0] = true;
		cnt = az_len(&arr[0]);
	} else {
		if ((rc = az_get_array(r, many, &arr[1], e)) == -1)
			return -1;
		if (rc == 0) {
			have[1] = true;
			cnt += az_len(&arr[1]);
		}
		if ((rc = az_get_array(r, asgs, &arr[2], e)) == -1)
			return -1;
		if (rc == 0) {
			have[2] = true;
			cnt += az_len(&arr[2]);
		}
		cnt++;	/* the singular field */
	}
	*out = arena_alloc(&set->arena, (cnt + 1) * sizeof(**out));
	if (*out == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	for (j = 0; j < 2; j++) {
		if (!have[j])
			continue;
		for (i = 0; i < az_len(&arr[j]); i++) {
			az_index(&arr[j], i, &it);
			if (!json_is_string(it.v))
				return az_fail(&it, NULL, e, "address prefix "
				    "is not a string");
			s = json_string_value(it.v);
			if (parse_term(set, s, &(*out)[k]) == -1)
				return az_fail(&it, NULL, e, "bad address "
				    "prefix '%.60s'", s);
			/* Expanded lists hold prefixes only. */
			if (j == 0 && (*out)[k].kind == NSG_T_TAG)
				return az_fail(&it, NULL, e, "bad address "
				    "prefix '%.60s'", s);
			k++;
		}
	}
	if (!have[0]) {
		if ((rc = az_get_str(r, one, &s, e)) == -1)
			return -1;
		if (rc == 0 && s[0] != '\0') {
			if (parse_term(set, s, &(*out)[k]) == -1)
				return az_fail(r, one, e, "bad address prefix "
				    "'%.60s'", s);
			k++;
		}
		for (i = 0; have[2] && i < az_len(&arr[2]); i++) {
			az_index(&arr[2], i, &it);
			if (az_req_str(&it, "id", &id, e) == -1)
				return -1;
			(void)idn;
			(*out)[k].kind = NSG_T_ASG;
			(*out)[k].name = arena_strdup(&set->arena,
			    az_id_name(id));
			if ((*out)[k].name == NULL)
				return ERR(e, ERR_NOMEM, "out of memory");
			k++;
		}
	}
	if (k == 0)
		return az_fail(r, one, e, "rule has no %s", one);
	*n = k;
	return 0;
}

/* Legacy effective-view names: "DefaultOutboundDenyAll",
 * "DefaultRule_AllowVnetOutBound". */
static bool
legacy_default_name(const char *s)
{
	return strncmp(s, "Default", 7) == 0;
}

int
nsg_load_rule(struct nsg_set *set, const struct az_node *r, bool in_defaults,
    bool effective, struct nsg_rule *out, struct err *e)
{
	const char *name, *s;
	int64_t prio;
	struct sb sb;

	memset(out, 0, sizeof(*out));
	str_copy(out->ptr, r->ptr, sizeof(out->ptr));
	if (!json_is_object(r->v))
		return az_fail(r, NULL, e, "security rule is not an object");
	if (az_req_str(r, "name", &name, e) == -1)
		return -1;
	s = strchr(name, '/');
	if (effective && s != NULL) {
		out->rule_name = arena_strdup(&set->arena, name);
		out->name = arena_strdup(&set->arena, s + 1);
		out->is_default = strncmp(name, "defaultSecurityRules/",
		    21) == 0;
	} else if (effective) {
		out->rule_name = arena_strdup(&set->arena, name);
		out->name = out->rule_name;
		out->is_default = legacy_default_name(name);
	} else {
		sb_init(&sb);
		sb_addf(&sb, "%s/%s", in_defaults ? "defaultSecurityRules" :
		    "securityRules", name);
		/* a failed sb reads "": never a rule's name */
		out->rule_name = sb.failed ? NULL :
		    arena_strdup(&set->arena, sb_str(&sb));
		sb_release(&sb);
		out->name = arena_strdup(&set->arena, name);
		out->is_default = in_defaults;
	}
	if (out->rule_name == NULL || out->name == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	if (az_req_int(r, "priority", &prio, e) == -1)
		return -1;
	if (prio < 0 || prio > 65535)
		return az_fail(r, "priority", e, "priority %lld out of range",
		    (long long)prio);
	out->priority = (uint32_t)prio;
	if (az_req_str(r, "direction", &s, e) == -1)
		return -1;
	if (nsg_parse_dir(s, &out->dir) == -1)
		return az_fail(r, "direction", e, "unknown direction '%.20s'",
		    s);
	if (az_req_str(r, "access", &s, e) == -1)
		return -1;
	if (str_casecmp(s, "allow") == 0)
		out->access = NSG_ALLOW;
	else if (str_casecmp(s, "deny") == 0)
		out->access = NSG_DENY;
	else
		return az_fail(r, "access", e, "unknown access '%.20s'", s);
	out->evaluable = true;
	if (az_req_str(r, "protocol", &s, e) == -1)
		return -1;
	if (nsg_parse_proto(s, &out->proto) == -1) {
		out->evaluable = false;
		out->why = "unknown protocol";
	}
	if (load_addrs(set, r, "sourceAddressPrefix", "sourceAddressPrefixes",
	    "expandedSourceAddressPrefix", "sourceApplicationSecurityGroups",
	    &out->nsrc, &out->src, e) == -1 ||
	    load_addrs(set, r, "destinationAddressPrefix",
	    "destinationAddressPrefixes", "expandedDestinationAddressPrefix",
	    "destinationApplicationSecurityGroups", &out->ndst, &out->dst,
	    e) == -1)
		return -1;
	if (load_ports(set, r, "sourcePortRange", "sourcePortRanges",
	    &out->any_sport, &out->nsport, &out->sport, e) == -1 ||
	    load_ports(set, r, "destinationPortRange", "destinationPortRanges",
	    &out->any_dport, &out->ndport, &out->dport, e) == -1)
		return -1;
	return 0;
}
