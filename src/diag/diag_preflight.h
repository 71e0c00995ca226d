/*
 * diag_preflight: Network Watcher's own prerequisites for a packet
 * capture, judged from exports (docs/preflight.md): a watcher enabled in
 * each test VM's region, the agent extension provisioned on each VM, the
 * capture storage account in the VM's region, open to shared keys and to
 * the VM's subnet, reachable on TCP 443 through the VM's effective NSG
 * (azure/az_nsg.h, the flow engine) and routes (azure/az_routes.h, the
 * next-hop engine), and the SAS in the folder (diag_sas.h).  Findings
 * PREREQ_* (and SAS_*); what an export does not tell is said to be not
 * judged, with the command that exports it, never guessed.
 *
 * Data flow: az_doc (az_load_*, or an evidence set's docs) ->
 * diag_preflight_add() -> struct diag_preflight_in -> diag_preflight().
 */
#ifndef ERW_DIAG_PREFLIGHT_H
#define ERW_DIAG_PREFLIGHT_H

#include <stdbool.h>
#include <stddef.h>

#include "azure/az_prereq.h"
#include "azure/az_sas.h"
#include "diag/diag.h"
#include "diag/diag_sas.h"

#define DIAG_PREFLIGHT_DOCS	32	/* NSG and route exports kept */
#define DIAG_PREFLIGHT_SAS	4	/* SAS URLs judged */
/* The VM's side of the HTTPS flow to storage: an ephemeral port, as the
 * upload uses one; effective rules rarely filter on the source port. */
#define DIAG_PREFLIGHT_LPORT	49152

struct diag_preflight_sas {
	char		 file[128];
	struct az_sas	 sas;
};

/*
 * Everything preflight judges.  Allocate with diag_preflight_in_new()
 * (the prerequisites are large); the NSG and route documents are
 * borrowed from the caller and must outlive diag_preflight().
 */
struct diag_preflight_in {
	struct az_prereq	 prereq;
	size_t			 nnsg;		/* effective NSG exports */
	struct az_doc		*nsg[DIAG_PREFLIGHT_DOCS];
	size_t			 nroutes;	/* effective routes, UDR tables */
	struct az_doc		*routes[DIAG_PREFLIGHT_DOCS];
	size_t			 nsas;
	struct diag_preflight_sas sas[DIAG_PREFLIGHT_SAS];
	size_t			 skipped;	/* documents beyond the limits */
};

struct diag_preflight_opts {
	struct diag_sas_opts	 sas;
	bool			 has_storage_ip;	/* --storage-ip */
	struct net_addr		 storage_ip;
};

struct diag_preflight_in *diag_preflight_in_new(void);
void	 diag_preflight_in_free(struct diag_preflight_in *);
void	 diag_preflight_opts_init(struct diag_preflight_opts *);

/* Is kind one diag_preflight_add() takes? */
bool	 diag_preflight_kind(enum az_kind);

/*
 * Add doc: a prerequisite export (az_prereq_add_doc()), or an effective
 * NSG, effective route table or route table, kept by reference.  Returns
 * 0, or -1 with e set (ERR_INPUT naming file, JSON pointer and
 * line:column; ERR_INPUT also for a kind not taken).
 */
int	 diag_preflight_add(struct diag_preflight_in *, struct az_doc *doc,
	    struct err *e);

/* Does text look like a file holding a SAS URL (an https:// URL with
 * sv= and sig=)?  Only such files are offered to diag_preflight_sas(). */
bool	 diag_preflight_is_sas(const char *text, size_t len);

/*
 * Add the SAS URL of text[0..len) (the first line with a URL), read from
 * file.  Returns 0, or -1 with e set (ERR_INPUT, file and column; ERR_LIMIT
 * beyond DIAG_PREFLIGHT_SAS).
 */
int	 diag_preflight_add_sas(struct diag_preflight_in *, const char *file,
	    const char *text, size_t len, struct err *e);

/*
 * Judge in and append the findings to out.  Returns 0, or -1 with e set
 * (ERR_NOMEM, or an NSG or route export the engines refuse: ERR_INPUT
 * naming it; the findings so far stay in out).
 */
int	 diag_preflight(const struct diag_preflight_in *,
	    const struct diag_preflight_opts *, struct finding_list *out,
	    struct err *e);

/*
 * From an evidence folder (analyzer.h, evidence_scan()): add every export
 * preflight reads (the docs stay the set's) and every SAS URL file.  An
 * item that cannot be read is handed to bad(arg, item, error) and the
 * rest continue.  Returns the number of items taken, or -1 with e set
 * (ERR_NOMEM only).
 */
struct evidence_set;
struct evidence_item;
typedef void (*diag_preflight_bad_fn)(void *arg, struct evidence_item *,
    const struct err *);

long	 diag_preflight_gather(struct diag_preflight_in *,
	    struct evidence_set *, diag_preflight_bad_fn bad, void *arg,
	    struct err *e);

#endif /* ERW_DIAG_PREFLIGHT_H */
