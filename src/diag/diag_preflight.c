/*
 * Judging Network Watcher's prerequisites (diag_preflight.h).  Per VM:
 * the watcher of its region, its agent, then per storage account the
 * region, the account's firewall against the VM's subnet and the HTTPS
 * flow to it through the VM's effective NSG and routes.  Account-wide
 * settings (shared keys, HTTPS, TLS) once per account.  Every check that
 * lacks its export says so once, naming the command that writes it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "azure/az_nsg.h"
#include "azure/az_routes.h"
#include "diag_preflight.h"

struct diag_preflight_in *
diag_preflight_in_new(void)
{
	struct diag_preflight_in *in = erw_calloc(1, sizeof(*in));

	if (in != NULL)
		az_prereq_init(&in->prereq);
	return in;
}

void
diag_preflight_in_free(struct diag_preflight_in *in)
{
	if (in == NULL)
		return;
	/* the SAS fields hold no signature, but wipe what there is */
	memset(in->sas, 0, sizeof(in->sas));
	free(in);
}

void
diag_preflight_opts_init(struct diag_preflight_opts *o)
{
	memset(o, 0, sizeof(*o));
	diag_sas_opts_init(&o->sas);
}

bool
diag_preflight_kind(enum az_kind k)
{
	return az_prereq_kind(k) || k == AZ_EFFECTIVE_NSG ||
	    k == AZ_EFFECTIVE_ROUTES || k == AZ_ROUTE_TABLE;
}

/* Load doc into throw-away engine state, so that an export the engines
 * refuse is bad input of its file now, not a failure of the judgement. */
static int
check_nsg(struct az_doc *doc, struct err *e)
{
	struct nsg_set set;
	int rc;

	nsg_set_init(&set);
	rc = nsg_set_load(&set, doc, NSG_LEVEL_UNKNOWN, e);
	nsg_set_release(&set);
	return rc;
}

static int
check_routes(struct az_doc *doc, struct err *e)
{
	struct az_routes rs;
	int rc;

	az_routes_init(&rs);
	rc = az_routes_add_doc(&rs, doc, e);
	az_routes_release(&rs);
	return rc;
}

int
diag_preflight_add(struct diag_preflight_in *in, struct az_doc *doc,
    struct err *e)
{
	if (az_prereq_kind(doc->kind))
		return az_prereq_add_doc(&in->prereq, doc, e);
	if (doc->kind == AZ_EFFECTIVE_NSG) {
		if (check_nsg(doc, e) == -1)
			return -1;
		if (in->nnsg == DIAG_PREFLIGHT_DOCS) {
			in->skipped++;
			return 0;
		}
		in->nsg[in->nnsg++] = doc;
		return 0;
	}
	if (doc->kind == AZ_EFFECTIVE_ROUTES || doc->kind == AZ_ROUTE_TABLE) {
		if (check_routes(doc, e) == -1)
			return -1;
		if (in->nroutes == DIAG_PREFLIGHT_DOCS) {
			in->skipped++;
			return 0;
		}
		in->routes[in->nroutes++] = doc;
		return 0;
	}
	return ERR(e, ERR_INPUT, "'%s' is no export preflight reads (%s)",
	    doc->name, az_kind_name(doc->kind));
}

/* ------------------------------------------------------------------ */
/* SAS files                                                           */
/* ------------------------------------------------------------------ */

/* The first line of text holding "://", as [*s, *s + *n). */
static bool
sas_line(const char *text, size_t len, const char **s, size_t *n)
{
	size_t i = 0;

	while (i < len) {
		size_t b = i, k;

		while (i < len && text[i] != '\n')
			i++;
		for (k = b; k + 3 <= i; k++)
			if (memcmp(text + k, "://", 3) == 0) {
				*s = text + b;
				*n = i - b;
				return true;
			}
		i++;
	}
	return false;
}

static bool
has(const char *s, size_t n, const char *needle)
{
	size_t k, m = strlen(needle);

	for (k = 0; k + m <= n; k++)
		if (memcmp(s + k, needle, m) == 0)
			return true;
	return false;
}

bool
diag_preflight_is_sas(const char *text, size_t len)
{
	const char *s;
	size_t n;

	if (len > AZ_SAS_MAX_LEN * 2 || !sas_line(text, len, &s, &n))
		return false;
	return has(s, n, "https://") && has(s, n, "?") && has(s, n, "sv=") &&
	    has(s, n, "sig=");
}

int
diag_preflight_add_sas(struct diag_preflight_in *in, const char *file,
    const char *text, size_t len, struct err *e)
{
	struct diag_preflight_sas *ps;
	const char *s;
	size_t n;

	if (in->nsas == DIAG_PREFLIGHT_SAS)
		return ERR(e, ERR_LIMIT, "'%s': more than %d SAS URLs", file,
		    DIAG_PREFLIGHT_SAS);
	if (!sas_line(text, len, &s, &n)) {
		ERR(e, ERR_INPUT, "'%s' holds no SAS URL", file);
		err_at(e, file, 0, 0, 0);
		return -1;
	}
	ps = &in->sas[in->nsas];
	memset(ps, 0, sizeof(*ps));
	if (az_sas_parse(s, n, &ps->sas, e) == -1) {
		err_at(e, file, 0, 0, (uint64_t)(s - text));
		memset(ps, 0, sizeof(*ps));
		return -1;
	}
	str_copy(ps->file, file, sizeof(ps->file));
	in->nsas++;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The judgement                                                       */
/* ------------------------------------------------------------------ */

struct run {
	const struct diag_preflight_in	*in;
	const struct diag_preflight_opts *opts;
	struct finding_list		*out;
	size_t				 before;
	size_t				 checks;	/* made and passed */
	bool				 missing[16];	/* NOT_JUDGED said */
};

/* The not-judged findings, each said once per run. */
enum missing {
	MISS_VMS,
	MISS_WATCHERS,
	MISS_STORAGE,
	MISS__COUNT
};

static void
ev_at(struct finding *f, const struct az_where *w)
{
	if (f != NULL && w->file[0] != '\0')
		finding_ev_json(f, w->file, w->ptr);
}

/* The remedy's command, filled in, as evidence the reader can copy. */
static void
ev_fix(struct finding *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
ev_fix(struct finding *f, const char *fmt, ...)
{
	char cmd[160];
	va_list ap;

	if (f == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	finding_ev_note(f, "remedy", "%s", cmd);
}

/*
 * What could not be checked, once per check and command: the same gap
 * met again (the VM against a second storage account) is not news.
 * Returns NULL when it was said already.
 */
static struct finding *
not_judged(struct run *r, const char *check, const char *what,
    const char *cmd)
{
	struct finding *f;
	char sum[sizeof(f->summary)];
	size_t i;

	snprintf(sum, sizeof(sum), "not checked: %s, for want of %s", check,
	    what);
	for (i = r->before; i < r->out->n; i++) {
		f = &r->out->v[i];
		if (f->code == FC_PREREQ_NOT_JUDGED && f->nev > 0 &&
		    strcmp(f->summary, sum) == 0 &&
		    strcmp(f->ev[0].where, cmd) == 0)
			return NULL;
	}
	f = finding_add(r->out, FC_PREREQ_NOT_JUDGED, "%s", sum);
	if (f != NULL)
		finding_ev_note(f, "command", "%s", cmd);
	return f;
}

static const char *
rg_or(const char *rg)
{
	return rg[0] != '\0' ? rg : "RG";
}

static const char *
loc(const char *l, char *buf, size_t len)
{
	if (l[0] == '\0')
		return "(region not exported)";
	return az_location_norm(l, buf, len);
}

/* ---- Network Watcher ---- */

static void
judge_watcher(struct run *r, const struct az_vm *vm, size_t vmi)
{
	const struct az_prereq *p = &r->in->prereq;
	const struct az_watcher *w = NULL;
	struct finding *f;
	char l[64];
	size_t i;

	/* one finding per region, from its first VM */
	for (i = 0; i < vmi; i++)
		if (az_location_eq(p->vms[i].location, vm->location))
			return;
	if (!p->has_watchers) {
		if (!r->missing[MISS_WATCHERS]) {
			r->missing[MISS_WATCHERS] = true;
			not_judged(r, "Network Watcher in the VMs' regions",
			    "the subscription's watcher list",
			    "az network watcher list -o json > "
			    "watchers.json");
		}
		return;
	}
	if (vm->location[0] == '\0') {
		not_judged(r, "Network Watcher in VM's region", "the VM's "
		    "location", "az vm show -d -g RG -n VM -o json > vm.json");
		return;
	}
	for (i = 0; i < p->nwatchers; i++)
		if (az_location_eq(p->watchers[i].location, vm->location)) {
			w = &p->watchers[i];
			break;
		}
	loc(vm->location, l, sizeof(l));
	if (w == NULL) {
		f = finding_add(r->out, FC_PREREQ_WATCHER_MISSING, "no Network "
		    "Watcher in %s, the region of VM %s (%zu watchers listed)",
		    l, vm->name, p->nwatchers);
		finding_subj_object(f, "vm", vm->name);
		ev_at(f, &vm->location_at);
		if (p->nwatchers > 0)
			ev_at(f, &p->watchers[0].at);
		ev_fix(f, "az network watcher configure --locations %s "
		    "--enabled true -g NetworkWatcherRG", l);
		return;
	}
	if (w->state[0] != '\0' && str_casecmp(w->state, "Succeeded") != 0) {
		f = finding_add(r->out, FC_PREREQ_WATCHER_NOT_PROVISIONED,
		    "Network Watcher %s in %s is %s, not Succeeded", w->name,
		    l, w->state);
		finding_subj_object(f, "network_watcher", w->name);
		ev_at(f, &w->state_at);
		ev_fix(f, "az network watcher configure --locations %s "
		    "--enabled true -g NetworkWatcherRG", l);
		return;
	}
	r->checks++;
}

/* ---- the agent ---- */

static bool
ext_of(const struct az_prereq *p, const struct az_vm_ext *x,
    const struct az_vm *vm)
{
	if (x->vm[0] != '\0')
		return str_casecmp(x->vm, vm->name) == 0;
	/* an extension list of one VM need not name it */
	return p->nvms == 1;
}

static void
judge_agent(struct run *r, const struct az_vm *vm)
{
	const struct az_prereq *p = &r->in->prereq;
	const struct az_vm_ext *agent = NULL, *bad = NULL;
	const char *type;
	struct finding *f;
	size_t i, n = 0;

	for (i = 0; i < p->nexts; i++) {
		const struct az_vm_ext *x = &p->exts[i];

		if (!ext_of(p, x, vm))
			continue;
		n++;
		if (!az_ext_is_nw_agent(x))
			continue;
		if (agent == NULL)
			agent = x;
		if (bad == NULL && (x->iv_error || (x->state[0] != '\0' &&
		    str_casecmp(x->state, "Succeeded") != 0)))
			bad = x;
	}
	type = str_casecmp(vm->os, "Windows") == 0 ?
	    "NetworkWatcherAgentWindows" : "NetworkWatcherAgentLinux";
	if (agent == NULL && n == 0 && !p->has_exts) {
		char cmd[320];

		snprintf(cmd, sizeof(cmd), "az vm extension list -g %s "
		    "--vm-name %s -o json > vm-extensions.json",
		    rg_or(vm->rg), vm->name);
		f = not_judged(r, "the Network Watcher agent on the VM",
		    "its extension list", cmd);
		finding_subj_object(f, "vm", vm->name);
		return;
	}
	if (agent == NULL) {
		f = finding_add(r->out, FC_PREREQ_AGENT_MISSING, "VM %s has no "
		    "Network Watcher agent extension (%zu extensions listed)",
		    vm->name, n);
		finding_subj_object(f, "vm", vm->name);
		ev_at(f, &vm->at);
		ev_fix(f, "az vm extension set --publisher "
		    "Microsoft.Azure.NetworkWatcher --name %s --vm-name %s "
		    "-g %s", type, vm->name, rg_or(vm->rg));
		return;
	}
	if (bad != NULL) {
		char state[200];

		if (bad->iv_error)
			snprintf(state, sizeof(state), "in error: %s",
			    bad->iv_status[0] ? bad->iv_status :
			    "(no message)");
		else
			snprintf(state, sizeof(state), "%s", bad->state);
		f = finding_add(r->out, FC_PREREQ_AGENT_FAILED, "the Network "
		    "Watcher agent %s on VM %s is %s", bad->name, vm->name,
		    state);
		finding_subj_object(f, "vm", vm->name);
		ev_at(f, &bad->state_at);
		ev_fix(f, "az vm extension set --publisher "
		    "Microsoft.Azure.NetworkWatcher --name %s --vm-name %s "
		    "-g %s --force-update", strstr(bad->type, "Windows") !=
		    NULL ? "NetworkWatcherAgentWindows" : strstr(bad->type,
		    "Linux") != NULL ? "NetworkWatcherAgentLinux" : type,
		    vm->name, rg_or(vm->rg));
		return;
	}
	r->checks++;
}

/* ---- the storage account's own settings ---- */

static void
judge_account(struct run *r, const struct az_storage *s)
{
	struct finding *f;

	if (s->shared_key == 0) {
		f = finding_add(r->out, FC_PREREQ_STORAGE_SHARED_KEY, "storage "
		    "account %s denies shared key access (allowSharedKeyAccess "
		    "false)", s->name);
		finding_subj_object(f, "storage_account", s->name);
		ev_at(f, &s->shared_key_at);
		ev_fix(f, "az storage account update --allow-shared-key-access "
		    "true -n %s -g %s", s->name, rg_or(s->rg));
	} else
		r->checks++;
	if (s->https_only == 0) {
		f = finding_add(r->out, FC_PREREQ_STORAGE_HTTP, "storage account "
		    "%s accepts HTTP (supportsHttpsTrafficOnly false)",
		    s->name);
		finding_subj_object(f, "storage_account", s->name);
		ev_at(f, &s->https_at);
		ev_fix(f, "az storage account update --https-only true -n %s "
		    "-g %s", s->name, rg_or(s->rg));
	} else
		r->checks++;
	/* absent: the service's default, TLS 1.2 for accounts made now */
	if (s->tls[0] != '\0' && str_casecmp(s->tls, "TLS1_2") != 0 &&
	    str_casecmp(s->tls, "TLS1_3") != 0) {
		f = finding_add(r->out, FC_PREREQ_STORAGE_TLS, "storage account "
		    "%s accepts %s, older than TLS 1.2", s->name, s->tls);
		finding_subj_object(f, "storage_account", s->name);
		ev_at(f, &s->tls_at);
		ev_fix(f, "az storage account update --min-tls-version TLS1_2 "
		    "-n %s -g %s", s->name, rg_or(s->rg));
	} else
		r->checks++;
}

/* ---- the VM's NIC, subnet and address ---- */

static const struct az_prereq_nic *
vm_nic(const struct az_prereq *p, const struct az_vm *vm)
{
	size_t i, k;

	for (k = 0; k < vm->nnics; k++)
		for (i = 0; i < p->nnics; i++)
			if (az_id_eq(p->nics[i].id, vm->nics[k]))
				return &p->nics[i];
	/* a NIC export of the only VM that lists no NIC id */
	if (vm->nnics == 0 && p->nvms == 1 && p->nnics == 1)
		return &p->nics[0];
	return NULL;
}

static const char *
vm_nic_name(const struct az_vm *vm, const struct az_prereq_nic *nic)
{
	if (nic != NULL && nic->name[0] != '\0')
		return nic->name;
	if (vm->nnics > 0)
		return az_id_name(vm->nics[0]);
	return "NIC";
}

static const struct net_addr *
vm_addr(const struct az_vm *vm, const struct az_prereq_nic *nic)
{
	if (vm->nips > 0)
		return &vm->ips[0];
	if (nic != NULL && nic->nips > 0)
		return &nic->ips[0];
	return NULL;
}

/* The VNet of a subnet id (.../virtualNetworks/V/subnets/S). */
static const char *
vnet_of(const char *subnet, char *buf, size_t len)
{
	const char *p = strstr(subnet, "/virtualNetworks/");
	size_t n = 0;

	if (p == NULL)
		return "VNET";
	p += strlen("/virtualNetworks/");
	while (p[n] != '\0' && p[n] != '/' && n + 1 < len) {
		buf[n] = p[n];
		n++;
	}
	buf[n] = '\0';
	return n > 0 ? buf : "VNET";
}

static void
judge_network_rules(struct run *r, const struct az_storage *s,
    const struct az_vm *vm, const struct az_prereq_nic *nic)
{
	struct finding *f;
	const char *subnet = NULL;
	char how[96], cmd[320], vnet[AZ_PREREQ_NAME];
	size_t i, k;
	bool deny = s->default_action[0] != '\0' &&
	    str_casecmp(s->default_action, "Deny") == 0;
	bool closed = str_casecmp(s->public_access, "Disabled") == 0;

	if ((!deny && !closed) || s->npe > 0) {
		r->checks++;
		return;
	}
	if (nic != NULL && nic->nsubnets > 0)
		subnet = nic->subnets[0];
	if (closed)
		snprintf(how, sizeof(how), "has public network access "
		    "disabled");
	else {
		if (subnet == NULL) {
			snprintf(cmd, sizeof(cmd), "az network nic show -g %s "
			    "-n %s -o json > nic.json", rg_or(vm->rg),
			    vm_nic_name(vm, nic));
			f = not_judged(r, "the storage account's network rules "
			    "against the VM's subnet", "the VM's NIC", cmd);
			finding_subj_object(f, "vm", vm->name);
			return;
		}
		for (k = 0; nic != NULL && k < nic->nsubnets; k++)
			for (i = 0; i < s->nsubnets; i++)
				if (az_id_eq(s->subnets[i], nic->subnets[k])) {
					r->checks++;
					return;
				}
		snprintf(how, sizeof(how), "denies by default (defaultAction "
		    "Deny, %zu subnets allowed)", s->nsubnets);
	}
	f = finding_add(r->out, FC_PREREQ_STORAGE_NETWORK_DENY, "storage "
	    "account %s %s: VM %s's subnet %s is not allowed and no private "
	    "endpoint is approved", s->name, how, vm->name,
	    subnet != NULL ? az_id_name(subnet) : "(not exported)");
	finding_subj_object(f, "storage_account", s->name);
	ev_at(f, closed ? &s->public_at : &s->rules_at);
	if (subnet != NULL)
		/* by VNet and subnet name: the id would not fit a line */
		ev_fix(f, "az storage account network-rule add -g %s "
		    "--account-name %s --vnet-name %s --subnet %s",
		    rg_or(s->rg), s->name, vnet_of(subnet, vnet, sizeof(vnet)),
		    az_id_name(subnet));
	else
		ev_fix(f, "az storage account update --public-network-access "
		    "Enabled -n %s -g %s", s->name, rg_or(s->rg));
}

/* ---- reachability: the flow and next-hop engines ---- */

/*
 * Which NIC an effective NSG export is of: 1 it names nic (or, for a
 * subnet entry, the NIC's subnet), 0 it names none, -1 it names others.
 */
static int
nsg_doc_of(const struct az_doc *doc, const struct az_prereq_nic *nic,
    const char *nic_id)
{
	struct az_rows rows;
	struct az_node row, as, x, id;
	const char *s;
	size_t i, k;
	int named = 0;
	struct err e;

	az_rows(doc, &rows);
	for (i = 0; i < rows.n; i++) {
		if (az_row(&rows, i, &row) != 0 ||
		    az_child(&row, "association", &as) != 0)
			continue;
		err_clear(&e);
		if (az_child(&as, "networkInterface", &x) == 0 &&
		    az_child(&x, "id", &id) == 0 && json_is_string(id.v)) {
			s = json_string_value(id.v);
			named = -1;
			if (nic_id != NULL && az_id_eq(s, nic_id))
				return 1;
		}
		if (az_child(&as, "subnet", &x) == 0 &&
		    az_child(&x, "id", &id) == 0 && json_is_string(id.v)) {
			s = json_string_value(id.v);
			named = -1;
			for (k = 0; nic != NULL && k < nic->nsubnets; k++)
				if (az_id_eq(s, nic->subnets[k]))
					return 1;
		}
	}
	return named;
}

/* Does the file name speak of the VM or its NIC ("nic-x-routes.json")? */
static bool
name_says(const char *file, const char *a, const char *b)
{
	return (a[0] != '\0' && strstr(file, a) != NULL) ||
	    (b[0] != '\0' && strstr(file, b) != NULL);
}

/* A tag's first IPv4 address: "Storage.westeurope", then "Storage". */
static bool
storage_addr(const struct nsg_set *set, const char *region,
    struct net_addr *out, char *tag, size_t len)
{
	char want[96], l[64];
	size_t pass, i, k;

	az_location_norm(region, l, sizeof(l));
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0 && l[0] == '\0')
			continue;
		snprintf(want, sizeof(want), pass == 0 ? "Storage.%s" :
		    "Storage", l);
		for (i = 0; i < set->nnamed; i++) {
			const struct nsg_named *nm = &set->named[i];

			if (nm->is_asg || (pass == 0 ?
			    !az_location_eq(nm->name, want) :
			    str_casecmp(nm->name, want) != 0))
				continue;
			for (k = 0; k < nm->n; k++)
				if (nm->v[k].addr.family == NET_AF_INET) {
					*out = nm->v[k].addr;
					/* the network's first host, not its
					 * own address */
					if (nm->v[k].len < 32)
						out->a[3] |= 1;
					snprintf(tag, len, "an address of "
					    "service tag %s in the effective "
					    "NSG's tagMap", nm->name);
					return true;
				}
		}
	}
	return false;
}

static int
judge_reach(struct run *r, const struct az_storage *s, const struct az_vm *vm,
    const struct az_prereq_nic *nic, struct err *e)
{
	const struct diag_preflight_in *in = r->in;
	const struct net_addr *src = vm_addr(vm, nic);
	const char *nic_id = vm->nnics > 0 ? vm->nics[0] :
	    nic != NULL ? nic->id : NULL;
	const char *nicname = vm_nic_name(vm, nic);
	struct nsg_verdict v;
	struct nsg_flow fl;
	struct nsg_set set;
	struct az_routes rs;
	struct az_route_result rr;
	struct net_addr dst;
	struct finding *f;
	char tag[160], a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN], cmd[320], l[64];
	size_t i, nsgs = 0, nroutes = 0;
	int rc = -1, m;
	bool have_dst = false;

	nsg_set_init(&set);
	az_routes_init(&rs);
	for (i = 0; i < in->nnsg; i++) {
		m = nsg_doc_of(in->nsg[i], nic, nic_id);
		if (m == 1 || (m == 0 && in->prereq.nvms == 1)) {
			if (nsg_set_load(&set, in->nsg[i], NSG_LEVEL_UNKNOWN,
			    e) == -1)
				goto out;
			nsgs++;
		}
	}
	for (i = 0; i < in->nroutes; i++)
		if (in->prereq.nvms == 1 || name_says(in->routes[i]->name,
		    vm->name, nicname)) {
			if (az_routes_add_doc(&rs, in->routes[i], e) == -1)
				goto out;
			nroutes++;
		}
	if (nsgs > 0 && nsg_set_finalize(&set, e) == -1)
		goto out;
	if (nroutes > 0 && az_routes_build(&rs, e) == -1)
		goto out;
	if (r->opts->has_storage_ip) {
		dst = r->opts->storage_ip;
		snprintf(tag, sizeof(tag), "its address given by "
		    "--storage-ip");
		have_dst = true;
	} else if (nsgs > 0)
		have_dst = storage_addr(&set, s->location, &dst, tag,
		    sizeof(tag));
	loc(s->location, l, sizeof(l));
	if (src == NULL) {
		snprintf(cmd, sizeof(cmd), "az vm show -d -g %s -n %s -o json "
		    "> vm.json", rg_or(vm->rg), vm->name);
		f = not_judged(r, "HTTPS from the VM to storage", "the VM's "
		    "private address", cmd);
		finding_subj_object(f, "vm", vm->name);
		rc = 0;
		goto out;
	}
	if (nsgs == 0) {
		snprintf(cmd, sizeof(cmd), "az network nic list-effective-nsg "
		    "-g %s -n %s > effective-nsg.json", rg_or(vm->rg), nicname);
		f = not_judged(r, "HTTPS from the VM to storage through its "
		    "NSGs", "the VM NIC's effective NSG", cmd);
		finding_subj_object(f, "vm", vm->name);
	}
	if (nroutes == 0) {
		snprintf(cmd, sizeof(cmd), "az network nic "
		    "show-effective-route-table -g %s -n %s > "
		    "effective-routes.json", rg_or(vm->rg), nicname);
		f = not_judged(r, "the route from the VM to storage", "the VM "
		    "NIC's effective routes", cmd);
		finding_subj_object(f, "vm", vm->name);
	}
	if (!have_dst && (nsgs > 0 || nroutes > 0)) {
		snprintf(cmd, sizeof(cmd), "nslookup %s.blob.core.windows.net, "
		    "then erwatch preflight --storage-ip ADDRESS", s->name);
		f = not_judged(r, "HTTPS from the VM to storage through its "
		    "NSG and routes", "an address of the storage account (no "
		    "Storage tag in the effective NSG's tagMap)", cmd);
		finding_subj_object(f, "storage_account", s->name);
		rc = 0;
		goto out;
	}
	if (!have_dst) {
		rc = 0;
		goto out;
	}
	net_addr_str(src, a);
	net_addr_str(&dst, b);
	if (nsgs > 0) {
		memset(&fl, 0, sizeof(fl));
		fl.dir = NSG_OUT;
		fl.proto = NSG_P_TCP;
		fl.local = *src;
		fl.remote = dst;
		fl.lport = DIAG_PREFLIGHT_LPORT;
		fl.rport = 443;
		nsg_eval(&set, &fl, &v);
		if (v.access == NSG_DENY) {
			const char *rule = v.rule != NULL ? v.rule->name :
			    "(no rule matched)";
			const char *nsg = v.nsg != NULL ? v.nsg->name : "NSG";

			f = finding_add(r->out, FC_PREREQ_STORAGE_NSG_DENY,
			    "%s rule %s denies Outbound Tcp %s:%u -> %s:443 "
			    "(VM %s to storage %s, %s)", nsg, rule, a,
			    DIAG_PREFLIGHT_LPORT, b, vm->name, s->name, tag);
			finding_subj_peers(f, src, DIAG_PREFLIGHT_LPORT, &dst,
			    443);
			finding_subj_object(f, "rule", rule);
			if (f != NULL && v.nsg != NULL && v.rule != NULL)
				finding_ev_json(f, v.nsg->file, v.rule->ptr);
			ev_fix(f, "az network nsg rule create -g %s --nsg-name "
			    "%s -n allow-storage-443 --priority N --direction "
			    "Outbound --access Allow --protocol Tcp "
			    "--destination-address-prefixes Storage.%s "
			    "--destination-port-ranges 443", rg_or(vm->rg),
			    nsg, l);
		} else
			r->checks++;
	}
	if (nroutes > 0) {
		const char *nh;
		char route[NET_PREFIX_STRLEN + 32] = "no route";

		if (az_routes_lookup(&rs, &dst, &rr) == -1) {
			ERR(e, ERR_INPUT, "routes not built");
			goto out;
		}
		nh = rr.winner != NULL ? rr.next_hop_type : "None";
		if (rr.winner != NULL) {
			char p[NET_PREFIX_STRLEN];

			net_prefix_str(&rr.winner->prefix, p);
			snprintf(route, sizeof(route), "%s %s%s%s", p,
			    az_route_source_name(rr.winner->source),
			    rr.winner->name[0] ? " " : "", rr.winner->name);
		}
		if (str_casecmp(nh, "None") == 0) {
			f = finding_add(r->out, FC_PREREQ_STORAGE_NO_ROUTE,
			    "VM %s: traffic to storage %s at %s has next hop "
			    "None (%s; %s)", vm->name, s->name, b, route, tag);
			finding_subj_peers(f, src, 0, &dst, 443);
			if (rr.winner != NULL) {
				if (f != NULL)
					finding_ev_json(f, rr.winner->input,
					    rr.winner->ptr);
				ev_fix(f, "az network route-table route delete "
				    "-g %s --route-table-name %s -n %s",
				    rg_or(vm->rg), rr.winner->table_id[0] ?
				    az_id_name(rr.winner->table_id) : "TABLE",
				    rr.winner->name[0] ? rr.winner->name :
				    "ROUTE");
			}
		} else if (str_casecmp(nh, "VirtualAppliance") == 0 ||
		    str_casecmp(nh, "VirtualNetworkGateway") == 0) {
			char hop[NET_ADDR_STRLEN + 40];

			if (rr.next_hop.family != NET_AF_NONE) {
				char x[NET_ADDR_STRLEN];

				snprintf(hop, sizeof(hop), "%s %s", nh,
				    net_addr_str(&rr.next_hop, x));
			} else
				snprintf(hop, sizeof(hop), "%s", nh);
			f = finding_add(r->out, FC_PREREQ_STORAGE_ROUTE_DETOUR,
			    "VM %s: traffic to storage %s at %s goes to %s "
			    "(%s; %s)", vm->name, s->name, b, hop, route, tag);
			finding_subj_peers(f, src, 0, &dst, 443);
			if (f != NULL && rr.winner != NULL)
				finding_ev_json(f, rr.winner->input,
				    rr.winner->ptr);
			ev_fix(f, "az network route-table route create -g %s "
			    "--route-table-name TABLE -n storage "
			    "--address-prefix Storage.%s --next-hop-type "
			    "Internet", rg_or(vm->rg), l);
		} else
			r->checks++;
	}
	rc = 0;
out:
	nsg_set_release(&set);
	az_routes_release(&rs);
	return rc;
}

static void
judge_storage_vm(struct run *r, const struct az_storage *s,
    const struct az_vm *vm, const struct az_prereq_nic *nic)
{
	struct finding *f;
	char a[64], b[64];

	if (s->location[0] != '\0' && vm->location[0] != '\0' &&
	    !az_location_eq(s->location, vm->location)) {
		loc(s->location, a, sizeof(a));
		loc(vm->location, b, sizeof(b));
		f = finding_add(r->out, FC_PREREQ_STORAGE_REGION, "storage "
		    "account %s is in %s, VM %s in %s", s->name, a, vm->name,
		    b);
		finding_subj_object(f, "storage_account", s->name);
		ev_at(f, &s->location_at);
		ev_at(f, &vm->location_at);
		ev_fix(f, "az storage account create -n NAME -g %s -l %s --sku "
		    "Standard_LRS --kind StorageV2 --https-only true "
		    "--min-tls-version TLS1_2", rg_or(s->rg), b);
	} else
		r->checks++;
	judge_network_rules(r, s, vm, nic);
}

static void
judge_sas(struct run *r)
{
	const struct diag_preflight_in *in = r->in;
	const struct az_prereq *p = &in->prereq;
	struct finding *f;
	size_t i, k;

	for (i = 0; i < in->nsas; i++) {
		const struct az_sas *sas = &in->sas[i].sas;
		bool known = false;

		diag_sas(sas, &r->opts->sas, in->sas[i].file, r->out);
		if (sas->account[0] == '\0' || p->nstorage == 0)
			continue;
		for (k = 0; k < p->nstorage; k++)
			if (str_casecmp(p->storage[k].name, sas->account) == 0)
				known = true;
		if (known)
			continue;
		f = finding_add(r->out, FC_PREREQ_SAS_OTHER_ACCOUNT, "the SAS "
		    "in %s is for storage account %s, the folder's account is "
		    "%s", in->sas[i].file, sas->account, p->storage[0].name);
		finding_subj_object(f, "storage_account", sas->account);
		if (f != NULL)
			finding_ev_note(f, in->sas[i].file, "the SAS URL's host "
			    "(signature not shown)");
	}
}

/* Is every finding of this run an OK of its kind (SAS_OK)? */
static bool
all_pass(const struct run *r)
{
	size_t i;

	for (i = r->before; i < r->out->n; i++)
		if (r->out->v[i].code != FC_SAS_OK)
			return false;
	return true;
}

int
diag_preflight(const struct diag_preflight_in *in,
    const struct diag_preflight_opts *opts, struct finding_list *out,
    struct err *e)
{
	const struct az_prereq *p = &in->prereq;
	struct run r;
	struct finding *f;
	size_t i, k;

	memset(&r, 0, sizeof(r));
	r.in = in;
	r.opts = opts;
	r.out = out;
	r.before = out->n;
	if (p->nvms == 0 && !r.missing[MISS_VMS]) {
		r.missing[MISS_VMS] = true;
		not_judged(&r, "the watcher, agent, region, network rules and "
		    "reachability of the test VMs", "a VM export",
		    "az vm show -d -g RG -n VM -o json > vm.json");
	}
	if (p->nstorage == 0) {
		r.missing[MISS_STORAGE] = true;
		not_judged(&r, "the capture storage account (region, shared "
		    "keys, network rules, reachability)", "its export",
		    "az storage account show -g RG -n ACCOUNT -o json > "
		    "storage.json");
	}
	for (i = 0; i < p->nvms; i++) {
		judge_watcher(&r, &p->vms[i], i);
		judge_agent(&r, &p->vms[i]);
	}
	for (k = 0; k < p->nstorage; k++) {
		judge_account(&r, &p->storage[k]);
		for (i = 0; i < p->nvms; i++) {
			const struct az_prereq_nic *nic = vm_nic(p,
			    &p->vms[i]);

			judge_storage_vm(&r, &p->storage[k], &p->vms[i], nic);
			if (judge_reach(&r, &p->storage[k], &p->vms[i], nic,
			    e) == -1)
				return -1;
		}
	}
	judge_sas(&r);
	if (all_pass(&r) && p->nvms > 0 && p->nstorage > 0) {
		f = finding_add(out, FC_PREREQ_OK, "capture prerequisites hold "
		    "for %zu VMs: Network Watcher, agent, storage %s (%zu "
		    "checks%s)", p->nvms, p->storage[0].name, r.checks,
		    in->nsas == 0 ? "; no SAS in the folder" : "");
		finding_subj_object(f, "storage_account", p->storage[0].name);
		ev_at(f, &p->storage[0].at);
		ev_at(f, &p->vms[0].at);
	}
	return 0;
}
