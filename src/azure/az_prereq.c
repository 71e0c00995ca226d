/*
 * Loaders of the preflight exports (az_prereq.h): Network Watchers, VMs,
 * VM extensions, storage accounts and NICs, into fixed-size records.
 * Every field is read through az_child()/az_get_*(), so az's camelCase,
 * PowerShell's PascalCase and the ARM "properties" body all reach the
 * same code; where the shapes name a field differently (the extension's
 * type, the HTTPS-only flag) each spelling is tried in turn.
 */
#include <string.h>
#include <strings.h>

#include "az_prereq.h"

void
az_prereq_init(struct az_prereq *p)
{
	memset(p, 0, sizeof(*p));
}

bool
az_prereq_kind(enum az_kind k)
{
	return k == AZ_NETWORK_WATCHER || k == AZ_VM ||
	    k == AZ_VM_EXTENSION || k == AZ_STORAGE_ACCOUNT || k == AZ_NIC;
}

const char *
az_location_norm(const char *loc, char *buf, size_t len)
{
	size_t i = 0;

	if (len == 0)
		return buf;
	for (; loc != NULL && *loc != '\0' && i + 1 < len; loc++) {
		char c = *loc;

		if (c == ' ' || c == '-' || c == '_')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		buf[i++] = c;
	}
	buf[i] = '\0';
	return buf;
}

bool
az_location_eq(const char *a, const char *b)
{
	char x[64], y[64];

	az_location_norm(a, x, sizeof(x));
	az_location_norm(b, y, sizeof(y));
	return x[0] != '\0' && strcmp(x, y) == 0;
}

bool
az_ext_is_nw_agent(const struct az_vm_ext *x)
{
	const char *t = x->type;
	const char *dot = strrchr(t, '.');

	/* an instance view writes "Microsoft.Azure.NetworkWatcher.
	 * NetworkWatcherAgentLinux", publisher and type in one */
	if (dot != NULL && x->publisher[0] == '\0')
		t = dot + 1;
	else if (str_casecmp(x->publisher, "Microsoft.Azure.NetworkWatcher")
	    != 0)
		return false;
	return str_casecmp(t, "NetworkWatcherAgentLinux") == 0 ||
	    str_casecmp(t, "NetworkWatcherAgentWindows") == 0;
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static void
where_set(struct az_where *w, const struct az_node *n)
{
	str_copy(w->file, n->doc->name, sizeof(w->file));
	str_copy(w->ptr, n->ptr, sizeof(w->ptr));
}

/* String member key into buf; absent leaves buf "" (and *at untouched).
 * 0, or -1 with e set for a non-string. */
static int
get_into(const struct az_node *o, const char *key, char *buf, size_t len,
    struct az_where *at, struct err *e)
{
	const char *s;
	struct az_node c;
	int rc;

	if ((rc = az_get_str(o, key, &s, e)) == -1)
		return -1;
	if (rc == AZ_ABSENT)
		return 0;
	str_copy(buf, s, len);
	if (at != NULL && az_child(o, key, &c) == 0)
		where_set(at, &c);
	return 0;
}

/* The resource group an ARM id names ("/resourceGroups/RG/"), or "". */
static void
id_rg(const char *id, char *buf, size_t len)
{
	const char *p, *end;

	buf[0] = '\0';
	for (p = id; *p != '\0'; p++) {
		if (*p == '/' && strlen(p) > 16 &&
		    strncasecmp(p, "/resourceGroups/", 16) == 0)
			break;
	}
	if (*p == '\0')
		return;
	p += 16;
	for (end = p; *end != '\0' && *end != '/'; end++)
		;
	if ((size_t)(end - p) + 1 <= len) {
		memcpy(buf, p, (size_t)(end - p));
		buf[end - p] = '\0';
	}
}

static void
rg_of(const struct az_node *o, char *buf, size_t len, struct err *e)
{
	const char *s;
	struct err ig;

	(void)e;
	err_clear(&ig);
	buf[0] = '\0';
	if (az_get_str(o, "resourceGroup", &s, &ig) == 0 ||
	    az_get_str(o, "resourceGroupName", &s, &ig) == 0)
		str_copy(buf, s, len);
	else if (az_get_str(o, "id", &s, &ig) == 0)
		id_rg(s, buf, len);
}

static int
req_name(const struct az_node *o, char *buf, size_t len, struct err *e)
{
	if (get_into(o, "name", buf, len, NULL, e) == -1)
		return -1;
	if (buf[0] == '\0' && get_into(o, "storageAccountName", buf, len,
	    NULL, e) == -1)
		return -1;
	if (buf[0] == '\0')
		return az_fail(o, "name", e, "missing field");
	return 0;
}

/* A bool that may be absent: -1 absent, 0, 1. */
static int
tri(const struct az_node *o, const char *key, int *out, struct az_where *at,
    struct err *e)
{
	struct az_node c;
	bool b;
	int rc;

	if ((rc = az_get_bool(o, key, &b, e)) == -1)
		return -1;
	if (rc == 0) {
		*out = b;
		if (az_child(o, key, &c) == 0)
			where_set(at, &c);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* One resource of each kind                                           */
/* ------------------------------------------------------------------ */

static int
load_watcher(struct az_prereq *p, const struct az_node *o, struct err *e)
{
	struct az_watcher *w;

	if (p->nwatchers == AZ_PREREQ_MAX) {
		az_note_add(&p->notes, AZ_NOTE_SKIPPED, o->doc, o->ptr,
		    "more than %d Network Watchers", AZ_PREREQ_MAX);
		return 0;
	}
	w = &p->watchers[p->nwatchers];
	memset(w, 0, sizeof(*w));
	where_set(&w->at, o);
	if (req_name(o, w->name, sizeof(w->name), e) == -1 ||
	    get_into(o, "location", w->location, sizeof(w->location), NULL,
	    e) == -1 ||
	    get_into(o, "provisioningState", w->state, sizeof(w->state),
	    &w->state_at, e) == -1)
		return -1;
	p->nwatchers++;
	return 0;
}

/* Statuses of an instance view: the first at level Error, if any. */
static int
iv_statuses(struct az_vm_ext *x, const struct az_node *iv, struct err *e)
{
	struct az_node arr, st;
	const char *level, *msg;
	size_t i;
	int rc;

	if ((rc = az_get_array(iv, "statuses", &arr, e)) != 0)
		return rc == -1 ? -1 : 0;
	for (i = 0; az_index(&arr, i, &st) == 0; i++) {
		if (!json_is_object(st.v))
			return az_fail(&st, NULL, e, "a status is not an "
			    "object");
		if ((rc = az_get_str(&st, "level", &level, e)) == -1)
			return -1;
		if (rc == AZ_ABSENT || str_casecmp(level, "Error") != 0)
			continue;
		x->iv_error = true;
		if (az_get_str(&st, "message", &msg, e) == 0 ||
		    az_get_str(&st, "displayStatus", &msg, e) == 0 ||
		    az_get_str(&st, "code", &msg, e) == 0)
			str_copy(x->iv_status, msg, sizeof(x->iv_status));
		where_set(&x->state_at, &st);
		break;
	}
	return e->code != 0 ? -1 : 0;
}

/* The VM an extension id belongs to (".../virtualMachines/VM/extensions/
 * X"). */
static void
id_vm(const char *id, char *buf, size_t len)
{
	const char *p, *end;

	buf[0] = '\0';
	for (p = id; *p != '\0'; p++)
		if (*p == '/' && strlen(p) > 17 &&
		    strncasecmp(p, "/virtualMachines/", 17) == 0)
			break;
	if (*p == '\0')
		return;
	p += 17;
	for (end = p; *end != '\0' && *end != '/'; end++)
		;
	if ((size_t)(end - p) + 1 <= len) {
		memcpy(buf, p, (size_t)(end - p));
		buf[end - p] = '\0';
	}
}

/*
 * One extension.  The extension's own type has three spellings: az's
 * typePropertiesType, PowerShell's ExtensionType, and "type" under ARM's
 * "properties" (the top-level "type" being the resource type there);
 * an instance view entry has "type" as publisher.type.
 */
static int
load_ext(struct az_prereq *p, const struct az_node *o, const char *vm,
    bool iv, struct err *e)
{
	struct az_vm_ext *x;
	struct az_node props, ivn;
	const char *s;

	p->has_exts = true;
	if (p->nexts == AZ_PREREQ_MAX) {
		az_note_add(&p->notes, AZ_NOTE_SKIPPED, o->doc, o->ptr,
		    "more than %d VM extensions", AZ_PREREQ_MAX);
		return 0;
	}
	if (!json_is_object(o->v))
		return az_fail(o, NULL, e, "an extension is not an object");
	x = &p->exts[p->nexts];
	memset(x, 0, sizeof(*x));
	where_set(&x->at, o);
	if (req_name(o, x->name, sizeof(x->name), e) == -1 ||
	    get_into(o, "publisher", x->publisher, sizeof(x->publisher),
	    NULL, e) == -1 ||
	    get_into(o, "typePropertiesType", x->type, sizeof(x->type), NULL,
	    e) == -1 ||
	    (x->type[0] == '\0' && get_into(o, "extensionType", x->type,
	    sizeof(x->type), NULL, e) == -1) ||
	    get_into(o, "provisioningState", x->state, sizeof(x->state),
	    &x->state_at, e) == -1 ||
	    get_into(o, "vmName", x->vm, sizeof(x->vm), NULL, e) == -1)
		return -1;
	if (x->type[0] == '\0') {
		if (!iv && az_get_object(o, "properties", &props, e) == 0) {
			if (get_into(&props, "type", x->type, sizeof(x->type),
			    NULL, e) == -1)
				return -1;
		} else if (iv || x->publisher[0] != '\0') {
			/* az's older flat form and instance views */
			if (az_get_str(o, "type", &s, e) == 0 &&
			    strchr(s, '/') == NULL)
				str_copy(x->type, s, sizeof(x->type));
		}
	}
	if (x->vm[0] == '\0' && vm != NULL)
		str_copy(x->vm, vm, sizeof(x->vm));
	if (x->vm[0] == '\0' && az_get_str(o, "id", &s, e) == 0)
		id_vm(s, x->vm, sizeof(x->vm));
	if (iv) {
		if (iv_statuses(x, o, e) == -1)
			return -1;
	} else if (az_get_object(o, "instanceView", &ivn, e) == 0 &&
	    iv_statuses(x, &ivn, e) == -1)
		return -1;
	p->nexts++;
	return 0;
}

static int
load_vm(struct az_prereq *p, const struct az_node *o, struct err *e)
{
	struct az_vm *v;
	struct az_node n, arr, el, iv;
	const char *s;
	size_t i;
	int rc;

	if (p->nvms == AZ_PREREQ_MAX) {
		az_note_add(&p->notes, AZ_NOTE_SKIPPED, o->doc, o->ptr,
		    "more than %d VMs", AZ_PREREQ_MAX);
		return 0;
	}
	v = &p->vms[p->nvms];
	memset(v, 0, sizeof(*v));
	where_set(&v->at, o);
	if (req_name(o, v->name, sizeof(v->name), e) == -1 ||
	    get_into(o, "location", v->location, sizeof(v->location),
	    &v->location_at, e) == -1)
		return -1;
	rg_of(o, v->rg, sizeof(v->rg), e);
	if (az_get_object(o, "storageProfile", &n, e) == 0 &&
	    az_get_object(&n, "osDisk", &n, e) == 0 &&
	    get_into(&n, "osType", v->os, sizeof(v->os), NULL, e) == -1)
		return -1;
	/* az vm show -d: "privateIps": "10.0.0.4,10.0.0.5" */
	if ((rc = az_get_str(o, "privateIps", &s, e)) == -1)
		return -1;
	while (rc == 0 && *s != '\0' && v->nips < AZ_PREREQ_IPS) {
		char one[64];
		size_t k = strcspn(s, ",");

		if (k < sizeof(one)) {
			memcpy(one, s, k);
			one[k] = '\0';
			if (net_addr_parse(one, &v->ips[v->nips]) == 0)
				v->nips++;
		}
		s += k;
		if (*s == ',')
			s++;
	}
	if (az_get_object(o, "networkProfile", &n, e) == 0 &&
	    az_get_array(&n, "networkInterfaces", &arr, e) == 0) {
		for (i = 0; az_index(&arr, i, &el) == 0 && v->nnics < 2;
		    i++)
			if (json_is_object(el.v) &&
			    az_get_str(&el, "id", &s, e) == 0)
				str_copy(v->nics[v->nnics++], s,
				    sizeof(v->nics[0]));
	}
	if (e->code != 0)
		return -1;
	p->nvms++;
	/* az vm show lists the extensions in resources[] */
	if (az_get_array(o, "resources", &arr, e) == 0)
		for (i = 0; az_index(&arr, i, &el) == 0; i++)
			if (load_ext(p, &el, v->name, false, e) == -1)
				return -1;
	/* az vm get-instance-view: instanceView.extensions[] */
	if (az_get_object(o, "instanceView", &iv, e) == 0 &&
	    az_get_array(&iv, "extensions", &arr, e) == 0)
		for (i = 0; az_index(&arr, i, &el) == 0; i++)
			if (load_ext(p, &el, v->name, true, e) == -1)
				return -1;
	return e->code != 0 ? -1 : 0;
}

/* The ARM and az shapes of a network rule name the subnet
 * virtualNetworkResourceId; a template's may call it id. */
static int
load_rules(struct az_storage *s, const struct az_node *o, struct err *e)
{
	struct az_node rs, arr, el, st;
	const char *v;
	size_t i;

	int64_t n;

	/* az says networkRuleSet, the ARM body networkAcls */
	if (az_get_object(o, "networkRuleSet", &rs, e) != 0 &&
	    (e->code != 0 || az_get_object(o, "networkAcls", &rs, e) != 0))
		return e->code != 0 ? -1 : 0;
	where_set(&s->rules_at, &rs);
	/* PowerShell's ConvertTo-Json writes the enum as its number
	 * (Allow 0, Deny 1) */
	if (az_child(&rs, "defaultAction", &st) == 0 &&
	    json_is_integer(st.v)) {
		if (az_get_int(&rs, "defaultAction", &n, e) == -1)
			return -1;
		if (n != 0 && n != 1)
			return az_fail(&rs, "defaultAction", e, "default "
			    "action %lld is neither Allow (0) nor Deny (1)",
			    (long long)n);
		str_copy(s->default_action, n == 0 ? "Allow" : "Deny",
		    sizeof(s->default_action));
	} else if (get_into(&rs, "defaultAction", s->default_action,
	    sizeof(s->default_action), NULL, e) == -1)
		return -1;
	if (az_get_array(&rs, "virtualNetworkRules", &arr, e) == 0)
		for (i = 0; az_index(&arr, i, &el) == 0; i++) {
			if (!json_is_object(el.v))
				return az_fail(&el, NULL, e, "a network rule "
				    "is not an object");
			if (az_get_str(&el, "virtualNetworkResourceId", &v,
			    e) != 0 && az_get_str(&el, "id", &v, e) != 0) {
				if (e->code != 0)
					return -1;
				continue;
			}
			if (s->nsubnets < AZ_PREREQ_SUBNETS)
				str_copy(s->subnets[s->nsubnets++], v,
				    sizeof(s->subnets[0]));
		}
	if (e->code != 0)
		return -1;
	if (az_get_array(o, "privateEndpointConnections", &arr, e) == 0)
		for (i = 0; az_index(&arr, i, &el) == 0; i++)
			if (json_is_object(el.v) &&
			    az_get_object(&el, "privateLinkServiceConnectionState",
			    &st, e) == 0 &&
			    az_get_str(&st, "status", &v, e) == 0 &&
			    str_casecmp(v, "Approved") == 0)
				s->npe++;
	return e->code != 0 ? -1 : 0;
}

static int
load_storage(struct az_prereq *p, const struct az_node *o, struct err *e)
{
	struct az_storage *s;

	if (p->nstorage == AZ_PREREQ_MAX) {
		az_note_add(&p->notes, AZ_NOTE_SKIPPED, o->doc, o->ptr,
		    "more than %d storage accounts", AZ_PREREQ_MAX);
		return 0;
	}
	s = &p->storage[p->nstorage];
	memset(s, 0, sizeof(*s));
	s->shared_key = s->https_only = -1;
	where_set(&s->at, o);
	if (req_name(o, s->name, sizeof(s->name), e) == -1 ||
	    get_into(o, "location", s->location, sizeof(s->location),
	    &s->location_at, e) == -1 ||
	    (s->location[0] == '\0' && get_into(o, "primaryLocation",
	    s->location, sizeof(s->location), &s->location_at, e) == -1) ||
	    tri(o, "allowSharedKeyAccess", &s->shared_key, &s->shared_key_at,
	    e) == -1 ||
	    tri(o, "supportsHttpsTrafficOnly", &s->https_only, &s->https_at,
	    e) == -1 ||
	    (s->https_only == -1 && tri(o, "enableHttpsTrafficOnly",
	    &s->https_only, &s->https_at, e) == -1) ||
	    get_into(o, "minimumTlsVersion", s->tls, sizeof(s->tls),
	    &s->tls_at, e) == -1 ||
	    get_into(o, "publicNetworkAccess", s->public_access,
	    sizeof(s->public_access), &s->public_at, e) == -1 ||
	    load_rules(s, o, e) == -1)
		return -1;
	rg_of(o, s->rg, sizeof(s->rg), e);
	p->nstorage++;
	return 0;
}

static int
load_nic(struct az_prereq *p, const struct az_node *o, struct err *e)
{
	struct az_prereq_nic *n;
	struct az_node arr, el, sub;
	const char *v;
	size_t i;

	if (p->nnics == AZ_PREREQ_MAX) {
		az_note_add(&p->notes, AZ_NOTE_SKIPPED, o->doc, o->ptr,
		    "more than %d NICs", AZ_PREREQ_MAX);
		return 0;
	}
	n = &p->nics[p->nnics];
	memset(n, 0, sizeof(*n));
	where_set(&n->at, o);
	if (req_name(o, n->name, sizeof(n->name), e) == -1 ||
	    get_into(o, "id", n->id, sizeof(n->id), NULL, e) == -1)
		return -1;
	if (az_get_array(o, "ipConfigurations", &arr, e) == 0)
		for (i = 0; az_index(&arr, i, &el) == 0; i++) {
			if (!json_is_object(el.v))
				return az_fail(&el, NULL, e, "an IP "
				    "configuration is not an object");
			if (az_get_str(&el, "privateIPAddress", &v, e) == 0 &&
			    n->nips < AZ_PREREQ_IPS &&
			    net_addr_parse(v, &n->ips[n->nips]) == 0)
				n->nips++;
			if (az_get_object(&el, "subnet", &sub, e) == 0 &&
			    az_get_str(&sub, "id", &v, e) == 0 &&
			    n->nsubnets < AZ_PREREQ_SUBNETS)
				str_copy(n->subnets[n->nsubnets++], v,
				    sizeof(n->subnets[0]));
			if (e->code != 0)
				return -1;
		}
	if (e->code != 0)
		return -1;
	p->nnics++;
	return 0;
}

int
az_prereq_add_doc(struct az_prereq *p, const struct az_doc *doc,
    struct err *e)
{
	struct az_rows rows;
	struct az_node el;
	enum az_kind k;
	size_t i;

	if (!az_prereq_kind(doc->kind)) {
		ERR(e, ERR_INPUT, "'%s' is not a Network Watcher, VM, "
		    "extension, storage account or NIC export (looks like: "
		    "%s)", doc->name, az_kind_name(doc->kind));
		err_at(e, doc->name, 0, 0, 0);
		return -1;
	}
	if (doc->kind == AZ_NETWORK_WATCHER)
		p->has_watchers = true;
	if (doc->kind == AZ_VM_EXTENSION)
		p->has_exts = true;
	az_notes_merge(&p->notes, &doc->notes);
	az_rows(doc, &rows);
	for (i = 0; i < rows.n; i++) {
		az_row(&rows, i, &el);
		if ((k = az_detect(el.v)) != doc->kind)
			return az_fail(&el, NULL, e, "a %s in a list of %s",
			    az_kind_name(k), az_kind_name(doc->kind));
		switch (k) {
		case AZ_NETWORK_WATCHER:
			if (load_watcher(p, &el, e) == -1)
				return -1;
			break;
		case AZ_VM:
			if (load_vm(p, &el, e) == -1)
				return -1;
			break;
		case AZ_VM_EXTENSION:
			if (load_ext(p, &el, NULL, false, e) == -1)
				return -1;
			break;
		case AZ_STORAGE_ACCOUNT:
			if (load_storage(p, &el, e) == -1)
				return -1;
			break;
		default:
			if (load_nic(p, &el, e) == -1)
				return -1;
			break;
		}
	}
	return 0;
}
