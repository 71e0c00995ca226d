/*
 * NSG loader: `az network nsg show` / `nsg list` resources and
 * `az network nic list-effective-nsg` entries become struct nsg rules
 * (azure-formats.md 3.1, 3.2); the effective view's tagMap and a NIC's
 * ASG membership become named address sets.  Nothing is resolved here:
 * nsg_set_finalize() (az_nsg_set.c) does that once every export is in.
 * One security rule object is read by nsg_load_rule() (az_nsg_rule.c).
 */
#include <stdlib.h>
#include <string.h>

#include "az_nsg.h"
#include "az_nsg_int.h"

/* ------------------------------------------------------------------ */
/* Named address sets from the exports                                 */
/* ------------------------------------------------------------------ */

/* tagMap: object tag -> [prefixes], or that object serialized in a
 * string (some API versions declare it a string). */
static int
load_tagmap(struct nsg_set *set, const struct az_node *entry, struct err *e)
{
	struct az_node tm;
	json_t *obj = NULL, *owned = NULL, *arr, *it;
	const char *k;
	struct net_prefix *v;
	size_t i, n;
	int rc = 0;

	if (az_child(entry, "tagMap", &tm) != 0)
		return 0;
	if (json_is_object(tm.v))
		obj = tm.v;
	else if (json_is_string(tm.v)) {
		uint64_t f0 = erw_alloc_failures();

		/* jansson's lexer cannot survive a failed allocation
		 * (az_load_buf()) */
		erw_alloc_exempt(true);
		owned = json_loads(json_string_value(tm.v), 0, NULL);
		erw_alloc_exempt(false);
		if (erw_alloc_failures() != f0) {
			json_decref(owned);
			return ERR(e, ERR_NOMEM, "out of memory parsing a "
			    "tagMap");
		}
		if (owned == NULL || !json_is_object(owned)) {
			json_decref(owned);
			az_note_add(&set->notes, AZ_NOTE_SKIPPED, entry->doc,
			    tm.ptr, "tagMap is a string but not a JSON object; "
			    "ignored (service tags resolve from expanded "
			    "prefixes and --tag only)");
			return 0;
		}
		obj = owned;
	} else
		return az_fail(&tm, NULL, e, "tagMap is not an object");
	json_object_foreach(obj, k, arr) {
		size_t bad = 0;

		if (!json_is_array(arr)) {
			az_note_add(&set->notes, AZ_NOTE_SKIPPED, entry->doc,
			    tm.ptr, "tagMap entry '%.60s' is not a list of "
			    "prefixes; ignored", k);
			continue;
		}
		v = erw_calloc(json_array_size(arr) + 1, sizeof(*v));
		if (v == NULL) {
			rc = ERR(e, ERR_NOMEM, "out of memory");
			break;
		}
		n = 0;
		json_array_foreach(arr, i, it) {
			if (json_is_string(it) && net_prefix_parse(
			    json_string_value(it), &v[n], NULL) == 0)
				n++;
			else
				bad++;
		}
		if (bad > 0)
			az_note_add(&set->notes, AZ_NOTE_SKIPPED, entry->doc,
			    tm.ptr, "tagMap entry '%.60s': %zu of %zu values "
			    "are not prefixes; ignored", k, bad,
			    json_array_size(arr));
		rc = nsg_named_add(set, k, false, v, n, e);
		free(v);
		if (rc == -1)
			break;
	}
	json_decref(owned);
	return rc;
}

/* ------------------------------------------------------------------ */
/* NSGs                                                                */
/* ------------------------------------------------------------------ */

/*
 * Reserve the next NSG slot, or fail (or skip, *dup, with a note) for a
 * duplicate.  key is the identity (az_nsg.h); named says that name is the
 * NSG's own (not made up from an association or a position), so that an
 * NSG without id matches another of that name.
 */
static struct nsg *
new_nsg(struct nsg_set *set, const struct az_doc *doc, const char *name,
    bool named, const char *id, const char *key, const char *ptr, bool *dup,
    struct err *e)
{
	struct nsg *g;
	size_t i;

	*dup = false;
	for (i = 0; i < set->n; i++) {
		g = &set->nsg[i];
		if ((id[0] != '\0' && g->id[0] != '\0') ?
		    az_id_eq(g->id, id) : (az_id_eq(g->key, key) ||
		    (named && str_casecmp(g->name, name) == 0))) {
			az_note_add(&set->notes, AZ_NOTE_SKIPPED, doc, ptr,
			    "NSG %.80s already loaded from %.100s; this copy "
			    "is ignored", name, g->file);
			*dup = true;
			return NULL;
		}
	}
	if (set->n >= NSG_MAX_PER_SET) {
		ERR(e, ERR_LIMIT, "more than %d NSGs in one evaluation",
		    NSG_MAX_PER_SET);
		return NULL;
	}
	g = &set->nsg[set->n];
	memset(g, 0, sizeof(*g));
	g->name = arena_strdup(&set->arena, name);
	g->id = arena_strdup(&set->arena, id);
	g->key = arena_strdup(&set->arena, key);
	g->file = arena_strdup(&set->arena, doc->name);
	if (g->name == NULL || g->id == NULL || g->key == NULL ||
	    g->file == NULL) {
		ERR(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	return g;
}

/* Load rules arrays arr[0..narr) into g (already reserved). */
static int
load_rules(struct nsg_set *set, struct nsg *g, const struct az_node *arr,
    const bool *in_defaults, size_t narr, bool effective, struct err *e)
{
	size_t total = 0, i, j, k = 0;
	struct az_node it;

	for (j = 0; j < narr; j++)
		total += az_len(&arr[j]);
	g->rules = arena_alloc(&set->arena, (total + 6) * sizeof(*g->rules));
	if (g->rules == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	for (j = 0; j < narr; j++)
		for (i = 0; i < az_len(&arr[j]); i++) {
			az_index(&arr[j], i, &it);
			if (nsg_load_rule(set, &it, in_defaults[j], effective,
			    &g->rules[k], e) == -1)
				return -1;
			k++;
		}
	g->nrules = k;
	return 0;
}

static enum nsg_level
level_of_resource(const struct az_node *o)
{
	struct az_node a;
	bool nic, sub;

	nic = az_child(o, "networkInterfaces", &a) == 0 && az_len(&a) > 0;
	sub = az_child(o, "subnets", &a) == 0 && az_len(&a) > 0;
	if (nic && !sub)
		return NSG_LEVEL_NIC;
	if (sub && !nic)
		return NSG_LEVEL_SUBNET;
	return NSG_LEVEL_UNKNOWN;
}

/* `az network nsg show` resource. */
static int
load_resource(struct nsg_set *set, const struct az_node *o,
    enum nsg_level level, struct err *e)
{
	struct az_node arr[2];
	bool defs[2];
	size_t narr = 0;
	const char *name = NULL, *id = "";
	struct nsg *g;
	struct sb sb;
	bool dup;
	int rc;

	if (!json_is_object(o->v))
		return az_fail(o, NULL, e, "NSG is not an object");
	if (az_get_str(o, "id", &id, e) == -1 ||
	    az_get_str(o, "name", &name, e) == -1)
		return -1;
	if (name == NULL)
		name = id[0] != '\0' ? az_id_name(id) : o->doc->name;
	if ((rc = az_get_array(o, "securityRules", &arr[narr], e)) == -1)
		return -1;
	if (rc == 0)
		defs[narr++] = false;
	if ((rc = az_get_array(o, "defaultSecurityRules", &arr[narr],
	    e)) == -1)
		return -1;
	if (rc == 0)
		defs[narr++] = true;
	/*
	 * Azure always returns defaultSecurityRules; with neither list the
	 * export is in a shape we do not know, and evaluating it would give
	 * the default rules' verdict as if the NSG had no rules of its own.
	 */
	if (narr == 0)
		return az_fail(o, NULL, e, "NSG %.80s has no securityRules "
		    "nor defaultSecurityRules (looked at the top and under "
		    "properties)", name);
	sb_init(&sb);
	if (id[0] != '\0')
		sb_addf(&sb, "%s", id);
	else
		sb_addf(&sb, "name:%s", name);
	if (sb.failed) {
		sb_release(&sb);
		return ERR(e, ERR_NOMEM, "out of memory");
	}
	g = new_nsg(set, o->doc, name, true, id, sb_str(&sb), o->ptr, &dup,
	    e);
	sb_release(&sb);
	if (g == NULL)
		return dup ? 0 : -1;
	g->level = level != NSG_LEVEL_UNKNOWN ? level : level_of_resource(o);
	if (load_rules(set, g, arr, defs, narr, false, e) == -1)
		return -1;
	set->n++;
	return 0;
}

/*
 * Who an effective entry is, when it does not carry its NSG's id (Azure
 * omits networkSecurityGroup for some associations, and hand-trimmed
 * exports lose it): the association's subnet or NIC, else its position.
 * Identity key and display name go to key and name.
 */
static int
effective_ident(const struct az_node *o, const struct az_node *assoc,
    bool have_assoc, struct sb *key, struct sb *name, struct err *e)
{
	static const struct {
		const char	*member, *word;
	} targets[] = {
		{ "subnet", "subnet" },
		{ "networkInterface", "NIC" },
		{ "networkManager", "network manager" },
	};
	struct az_node t;
	const char *tid;
	size_t i;
	int rc;

	for (i = 0; have_assoc && i < sizeof(targets) / sizeof(targets[0]);
	    i++) {
		if (az_child(assoc, targets[i].member, &t) != 0)
			continue;
		if ((rc = az_get_str(&t, "id", &tid, e)) == -1)
			return -1;
		if (rc != 0 || tid[0] == '\0')
			continue;
		sb_addf(key, "%s:%s", targets[i].member, tid);
		sb_addf(name, "NSG of %s %s", targets[i].word,
		    az_id_name(tid));
		return 0;
	}
	sb_addf(key, "at:%s#%s", o->doc->name, o->ptr);
	sb_addf(name, "NSG at %s %s", o->doc->name, o->ptr);
	return 0;
}

/* One value[] entry of `az network nic list-effective-nsg`. */
static int
load_effective(struct nsg_set *set, const struct az_node *o,
    enum nsg_level level, struct err *e)
{
	struct az_node ref, assoc, tmp, arr;
	const char *id = "";
	bool defs = false, dup, have_assoc;
	struct sb key, name;
	struct nsg *g;
	int rc;

	if (!json_is_object(o->v))
		return az_fail(o, NULL, e, "effective NSG entry is not an "
		    "object");
	if ((rc = az_get_object(o, "networkSecurityGroup", &ref, e)) == -1)
		return -1;
	if (rc == 0 && az_get_str(&ref, "id", &id, e) == -1)
		return -1;
	if ((rc = az_get_object(o, "association", &assoc, e)) == -1)
		return -1;
	have_assoc = rc == 0;
	if (load_tagmap(set, o, e) == -1)
		return -1;
	if (az_req_array(o, "effectiveSecurityRules", &arr, e) == -1)
		return -1;
	sb_init(&key);
	sb_init(&name);
	if (id[0] != '\0') {
		sb_addf(&key, "%s", id);
		sb_addf(&name, "%s", az_id_name(id));
	} else if (effective_ident(o, &assoc, have_assoc, &key, &name,
	    e) == -1) {
		sb_release(&key);
		sb_release(&name);
		return -1;
	}
	if (key.failed || name.failed) {
		sb_release(&key);
		sb_release(&name);
		return ERR(e, ERR_NOMEM, "out of memory");
	}
	g = new_nsg(set, o->doc, sb_str(&name), id[0] != '\0', id,
	    sb_str(&key), o->ptr, &dup, e);
	sb_release(&key);
	sb_release(&name);
	if (g == NULL)
		return dup ? 0 : -1;
	g->level = level;
	if (level == NSG_LEVEL_UNKNOWN && have_assoc) {
		if (az_child(&assoc, "subnet", &tmp) == 0)
			g->level = NSG_LEVEL_SUBNET;
		else if (az_child(&assoc, "networkInterface", &tmp) == 0)
			g->level = NSG_LEVEL_NIC;
	}
	if (err_isset(e))
		return -1;
	if (load_rules(set, g, &arr, &defs, 1, true, e) == -1)
		return -1;
	set->n++;
	return 0;
}

/*
 * `az network nic show`: each ipConfigurations[] entry lists the ASGs its
 * privateIPAddress belongs to.  The membership defines those ASGs for
 * rules that name them.
 */
static int
load_nic_asgs(struct nsg_set *set, const struct az_node *nic, struct err *e)
{
	struct az_node cfgs, cfg, asgs, asg;
	const char *ip, *id;
	struct net_prefix p;
	size_t i, j;
	int rc;

	if ((rc = az_get_array(nic, "ipConfigurations", &cfgs, e)) != 0)
		return rc == -1 ? -1 : 0;
	for (i = 0; i < az_len(&cfgs); i++) {
		az_index(&cfgs, i, &cfg);
		if ((rc = az_get_array(&cfg, "applicationSecurityGroups", &asgs,
		    e)) == -1)
			return -1;
		if (rc == AZ_ABSENT || az_len(&asgs) == 0)
			continue;
		if (az_req_str(&cfg, "privateIPAddress", &ip, e) == -1)
			return -1;
		if (net_prefix_parse(ip, &p, NULL) == -1)
			return az_fail(&cfg, "privateIPAddress", e, "bad address "
			    "'%.60s'", ip);
		for (j = 0; j < az_len(&asgs); j++) {
			az_index(&asgs, j, &asg);
			if (az_req_str(&asg, "id", &id, e) == -1 ||
			    nsg_named_add(set, az_id_name(id), true, &p, 1, e) == -1)
				return -1;
		}
	}
	return 0;
}

int
nsg_set_load(struct nsg_set *set, const struct az_doc *doc,
    enum nsg_level level, struct err *e)
{
	struct az_rows rows;
	struct az_node n, root;
	size_t i;

	if (set->finalized)
		return ERR(e, ERR_RUNTIME, "NSG set already finalized");
	az_rows(doc, &rows);
	az_root(doc, &root);
	if (doc->kind == AZ_NSG || doc->kind == AZ_NSG_LIST ||
	    doc->kind == AZ_EFFECTIVE_NSG || doc->kind == AZ_NIC ||
	    doc->kind == AZ_EMPTY_LIST)
		az_notes_merge(&set->notes, &doc->notes);
	switch (doc->kind) {
	case AZ_NSG:
		return load_resource(set, &root, level, e);
	case AZ_NSG_LIST:
		for (i = 0; i < rows.n; i++) {
			az_row(&rows, i, &n);
			if (load_resource(set, &n, level, e) == -1)
				return -1;
		}
		return 0;
	case AZ_EFFECTIVE_NSG:
		for (i = 0; i < rows.n; i++) {
			az_row(&rows, i, &n);
			if (load_effective(set, &n, level, e) == -1)
				return -1;
		}
		return 0;
	case AZ_NIC:
		/* One NIC, or a list of them (az nic list, Resource Graph). */
		for (i = 0; i < rows.n; i++) {
			az_row(&rows, i, &n);
			if (az_detect(n.v) != AZ_NIC)
				return az_fail(&n, NULL, e, "not a NIC");
			if (load_nic_asgs(set, &n, e) == -1)
				return -1;
		}
		return 0;
	case AZ_EMPTY_LIST:
		/* No NSG is associated with the NIC or its subnet. */
		nsg_warnf(set, doc->name, "", 0, NULL, NULL,
		    "no NSG in this export: nothing filters the flow");
		return 0;
	default:
		ERR(e, ERR_INPUT, "not an NSG export (looks like %s)",
		    az_kind_name(doc->kind));
		err_at(e, doc->name, 0, 0, 0);
		return -1;
	}
}
