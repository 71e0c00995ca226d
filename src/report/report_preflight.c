/*
 * The preflight document.  Values come from the loaded exports; of a SAS
 * only its account, container and whether it is signed, never the
 * signature.
 */
#include <string.h>

#include "report_preflight.h"

/* The VM's agent, as one word: the state of its first agent extension. */
static const char *
agent_state(const struct az_prereq *p, const struct az_vm *vm)
{
	size_t i;

	for (i = 0; i < p->nexts; i++) {
		const struct az_vm_ext *x = &p->exts[i];

		if (!az_ext_is_nw_agent(x))
			continue;
		if (x->vm[0] != '\0' ? str_casecmp(x->vm, vm->name) != 0 :
		    p->nvms != 1)
			continue;
		if (x->iv_error)
			return "error";
		return x->state[0] ? x->state : "present";
	}
	return p->has_exts || p->nexts > 0 ? "absent" : NULL;
}

static void
text_or_null(struct report_row *row, int col, const char *s)
{
	report_val_text_or_null(report_cell(row, col), s != NULL && s[0] ?
	    s : NULL);
}

static void
vms(struct report_node *sec, const struct az_prereq *p)
{
	struct report_node *t;
	struct report_row *row;
	size_t i;

	t = report_table(sec, "vms", "Test VMs");
	report_node_textf(t, "test VMs:");
	report_col(t, "VM", "name", REPORT_TEXT, "  %-24s");
	report_col(t, "resource group", "resource_group", REPORT_TEXT,
	    " %-18s");
	report_col(t, "region", "location", REPORT_TEXT, " %-14s");
	report_col(t, "OS", "os", REPORT_TEXT, " %-8s");
	report_col(t, "address", "address", REPORT_ADDR, " %-15s");
	report_col(t, "agent", "agent", REPORT_TEXT, " %s");
	for (i = 0; i < p->nvms; i++) {
		const struct az_vm *vm = &p->vms[i];

		row = report_row(t);
		text_or_null(row, 0, vm->name);
		text_or_null(row, 1, vm->rg);
		text_or_null(row, 2, vm->location);
		text_or_null(row, 3, vm->os);
		if (vm->nips > 0)
			report_val_addr(report_cell(row, 4), &vm->ips[0]);
		text_or_null(row, 5, agent_state(p, vm));
	}
}

static void
watchers(struct report_node *sec, const struct az_prereq *p)
{
	struct report_node *t;
	struct report_row *row;
	size_t i;

	t = report_table(sec, "watchers", "Network Watchers");
	report_node_textf(t, "network watchers:");
	report_col(t, "watcher", "name", REPORT_TEXT, "  %-32s");
	report_col(t, "region", "location", REPORT_TEXT, " %-14s");
	report_col(t, "state", "state", REPORT_TEXT, " %s");
	for (i = 0; i < p->nwatchers; i++) {
		row = report_row(t);
		text_or_null(row, 0, p->watchers[i].name);
		text_or_null(row, 1, p->watchers[i].location);
		text_or_null(row, 2, p->watchers[i].state);
	}
}

static void
tri(struct report_val *v, int x)
{
	if (x < 0)
		report_val_null(v);
	else
		report_val_bool(v, x == 1);
}

static void
storage(struct report_node *sec, const struct az_prereq *p)
{
	struct report_node *t;
	struct report_row *row;
	size_t i;

	t = report_table(sec, "storage", "Capture storage accounts");
	report_node_textf(t, "storage accounts:");
	report_col(t, "account", "name", REPORT_TEXT, "  %-24s");
	report_col(t, "region", "location", REPORT_TEXT, " %-14s");
	report_col(t, "shared keys", "allow_shared_key", REPORT_BOOL, " %-4s");
	report_col(t, "https only", "https_only", REPORT_BOOL, " %-4s");
	report_col(t, "min TLS", "min_tls", REPORT_TEXT, " %-7s");
	report_col(t, "default action", "default_action", REPORT_TEXT,
	    " %-6s");
	report_col(t, "subnets allowed", "subnets", REPORT_INT, " %s");
	report_col(t, "private endpoints", "private_endpoints", REPORT_INT,
	    " %s");
	for (i = 0; i < p->nstorage; i++) {
		const struct az_storage *s = &p->storage[i];

		row = report_row(t);
		text_or_null(row, 0, s->name);
		text_or_null(row, 1, s->location);
		/* absent means allowed: the service's default */
		report_val_bool(report_cell(row, 2), s->shared_key != 0);
		tri(report_cell(row, 3), s->https_only);
		text_or_null(row, 4, s->tls);
		text_or_null(row, 5, s->default_action);
		report_val_int(report_cell(row, 6), (int64_t)s->nsubnets);
		report_val_int(report_cell(row, 7), (int64_t)s->npe);
	}
}

static void
sas(struct report_node *sec, const struct diag_preflight_in *in)
{
	struct report_node *t;
	struct report_row *row;
	size_t i;

	t = report_table(sec, "sas", "SAS URLs");
	report_node_textf(t, "SAS URLs (signatures not shown):");
	report_col(t, "file", "file", REPORT_TEXT, "  %-24s");
	report_col(t, "account", "account", REPORT_TEXT, " %-24s");
	report_col(t, "container", "container", REPORT_TEXT, " %-16s");
	report_col(t, "permissions", "permissions", REPORT_TEXT, " %-6s");
	report_col(t, "signed", "signature_present", REPORT_BOOL, " %s");
	for (i = 0; i < in->nsas; i++) {
		const struct az_sas *s = &in->sas[i].sas;

		row = report_row(t);
		text_or_null(row, 0, in->sas[i].file);
		text_or_null(row, 1, s->account);
		text_or_null(row, 2, s->container);
		text_or_null(row, 3, s->sp);
		report_val_bool(report_cell(row, 4), s->has_sig);
	}
}

void
report_preflight_build(struct report_node *parent,
    const struct diag_preflight_in *in, const struct finding_list *fl)
{
	struct report_node *sec;

	sec = report_section(parent, "preflight", "Capture prerequisites");
	vms(sec, &in->prereq);
	watchers(sec, &in->prereq);
	storage(sec, &in->prereq);
	sas(sec, in);
	report_findings(parent, "findings", "Findings", fl);
}
