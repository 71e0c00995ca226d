/*
 * az_prereq: the exports that tell whether Network Watcher can capture
 * packets on a VM (docs/preflight.md): the watchers of the subscription
 * (`az network watcher list`, Get-AzNetworkWatcher), the VMs (`az vm
 * show` / `list` / `get-instance-view`, Get-AzVM), their extensions (`az
 * vm extension list`, Get-AzVMExtension), the capture storage account
 * (`az storage account show`, Get-AzStorageAccount) and the VM's NIC (for
 * its subnet and address).  Each is read in every shape of azure.h: az's
 * flat camelCase, the ARM resource with "properties", PowerShell's
 * PascalCase, lists and envelopes.
 *
 * Data flow: struct az_doc (az_load_*) -> az_prereq_add_doc() -> struct
 * az_prereq -> diag_preflight() judges it.  Nothing here judges: a
 * storage account that denies shared keys is loaded as such.
 */
#ifndef ERW_AZ_PREREQ_H
#define ERW_AZ_PREREQ_H

#include <stdbool.h>
#include <stddef.h>

#include "azure/azure.h"
#include "net/net.h"

#define AZ_PREREQ_MAX		32	/* of each kind; more become notes */
#define AZ_PREREQ_NAME		128
#define AZ_PREREQ_ID		320	/* ARM ids of subnets are long */
#define AZ_PREREQ_SUBNETS	8	/* per storage account or NIC */
#define AZ_PREREQ_IPS		4	/* private addresses per VM/NIC */

/* Where a value was read: file and JSON pointer, for evidence. */
struct az_where {
	char		 file[128];
	char		 ptr[AZ_PTR_MAX];	/* "" if not read */
};

struct az_watcher {
	char		 name[AZ_PREREQ_NAME];
	char		 location[64];		/* "westeurope" as written */
	char		 state[32];		/* provisioningState, "" */
	struct az_where	 at;			/* the resource */
	struct az_where	 state_at;
};

struct az_vm {
	char		 name[AZ_PREREQ_NAME];
	char		 rg[96];		/* from the id or the field */
	char		 location[64];
	char		 os[16];		/* "Linux", "Windows", "" */
	size_t		 nips;			/* privateIps (vm show -d) */
	struct net_addr	 ips[AZ_PREREQ_IPS];
	size_t		 nnics;
	char		 nics[2][AZ_PREREQ_ID];	/* NIC ids, first two */
	struct az_where	 at;
	struct az_where	 location_at;
};

/* An extension of a VM, from an extension list, a VM's resources[] or a
 * VM's (or an extension's) instance view. */
struct az_vm_ext {
	char		 name[AZ_PREREQ_NAME];
	char		 vm[AZ_PREREQ_NAME];	/* "" when the export omits it */
	char		 publisher[96];
	char		 type[96];		/* NetworkWatcherAgentLinux */
	char		 state[32];		/* provisioningState, "" */
	bool		 iv_error;		/* an instance-view status at
						   level Error */
	char		 iv_status[160];	/* its displayStatus/message */
	struct az_where	 at;
	struct az_where	 state_at;		/* provisioningState or the
						   instance-view status */
};

struct az_storage {
	char		 name[AZ_PREREQ_NAME];
	char		 rg[96];
	char		 location[64];
	int		 shared_key;		/* -1 absent (allowed), 0, 1 */
	int		 https_only;		/* -1 absent, 0, 1 */
	char		 tls[16];		/* "TLS1_2", "" absent */
	char		 public_access[16];	/* "Enabled", "Disabled", "" */
	char		 default_action[8];	/* "Allow", "Deny", "" */
	size_t		 nsubnets;		/* virtualNetworkRules */
	char		 subnets[AZ_PREREQ_SUBNETS][AZ_PREREQ_ID];
	size_t		 npe;			/* approved private endpoints */
	struct az_where	 at;
	struct az_where	 location_at, shared_key_at, https_at, tls_at,
			 public_at, rules_at;
};

struct az_prereq_nic {
	char		 name[AZ_PREREQ_NAME];
	char		 id[AZ_PREREQ_ID];
	size_t		 nips;
	struct net_addr	 ips[AZ_PREREQ_IPS];
	size_t		 nsubnets;
	char		 subnets[AZ_PREREQ_SUBNETS][AZ_PREREQ_ID];
	struct az_where	 at;
};

struct az_prereq {
	size_t			 nwatchers, nvms, nexts, nstorage, nnics;
	bool			 has_watchers;	/* a watcher list was read,
						   even an empty one */
	bool			 has_exts;	/* an extension list or an
						   instance view was read */
	struct az_watcher	 watchers[AZ_PREREQ_MAX];
	struct az_vm		 vms[AZ_PREREQ_MAX];
	struct az_vm_ext	 exts[AZ_PREREQ_MAX];
	struct az_storage	 storage[AZ_PREREQ_MAX];
	struct az_prereq_nic	 nics[AZ_PREREQ_MAX];
	struct az_notes		 notes;		/* entries beyond the limits,
						   envelope notes */
};

void	 az_prereq_init(struct az_prereq *);

/* Is kind one that az_prereq_add_doc() reads? */
bool	 az_prereq_kind(enum az_kind);

/*
 * Add what doc holds: AZ_NETWORK_WATCHER, AZ_VM, AZ_VM_EXTENSION,
 * AZ_STORAGE_ACCOUNT or AZ_NIC, one resource or a list.  Entries beyond
 * AZ_PREREQ_MAX become notes.  Returns 0, or -1 with e set (ERR_INPUT
 * naming file, JSON pointer and line:column: another kind of export, a
 * field of the wrong type, a resource without a name).
 */
int	 az_prereq_add_doc(struct az_prereq *, const struct az_doc *doc,
	    struct err *e);

/* Is ext the Network Watcher agent (publisher Microsoft.Azure.
 * NetworkWatcher, type NetworkWatcherAgentLinux/Windows)? */
bool	 az_ext_is_nw_agent(const struct az_vm_ext *);

/* Azure locations compare ignoring case, blanks and "-" ("West Europe"
 * in PowerShell's DisplayName form is "westeurope"). */
bool	 az_location_eq(const char *a, const char *b);
/* The location in its short form into buf ("westeurope"). */
const char *az_location_norm(const char *loc, char *buf, size_t len);

#endif /* ERW_AZ_PREREQ_H */
