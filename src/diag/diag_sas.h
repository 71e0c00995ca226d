/*
 * diag_sas: a SAS URL for packet-capture storage judged against the
 * recommended practice (docs/sas.md): container scope, write only, a short
 * expiry, HTTPS only, a signature, a current signed version.  Findings
 * SAS_* of the catalog; never a word of the signature.
 */
#ifndef ERW_DIAG_SAS_H
#define ERW_DIAG_SAS_H

#include "diag.h"
#include "azure/az_sas.h"

#define DIAG_SAS_MAX_HOURS	24	/* default --max-hours */
/* The first service version with container-scoped signing as used today
 * (and account SAS); older ones are legacy. */
#define DIAG_SAS_MIN_VERSION	"2015-04-05"

struct diag_sas_opts {
	unsigned	 max_hours;	/* expiry beyond now + this: warning */
	bool		 allow_read;	/* r is not excess */
	usec_t		 now;		/* judge at this time */
};

void	 diag_sas_opts_init(struct diag_sas_opts *);
/* Findings for sas into out; input names it in the evidence ("argument",
 * "stdin"). */
void	 diag_sas(const struct az_sas *sas, const struct diag_sas_opts *,
	    const char *input, struct finding_list *out);

#endif /* ERW_DIAG_SAS_H */
