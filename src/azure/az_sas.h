/*
 * az_sas: a shared access signature URL, read into its fields so that
 * `erwatch sas` can judge it against the practice for packet-capture
 * storage (diag/diag_sas.c).  A SAS is a secret: the signature itself is
 * never kept (only that there is one and how long it is), and nothing
 * here prints.
 *
 * Accepted: the whole URL ("https://acct.blob.core.windows.net/cont?sv=
 * ...&sig=..."), the query alone ("?sv=..." or "sv=..."), surrounding
 * blanks and a trailing newline (stdin).  Values are percent-decoded.
 */
#ifndef ERW_AZ_SAS_H
#define ERW_AZ_SAS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

#define AZ_SAS_MAX_LEN	8192	/* a SAS URL is a few hundred bytes */

struct az_sas {
	bool		 has_url;	/* scheme://host was given */
	char		 scheme[8];	/* "https" */
	char		 host[256];
	char		 account[64];	/* the host's first label */
	char		 service[16];	/* "blob", "file", "queue", "table",
					   "dfs"; "" when the host is not
					   *.core.windows.net */
	char		 container[64];	/* first path segment */
	char		 blob[256];	/* the rest of the path */
	/* The parameters, decoded; "" when absent. */
	char		 sv[16];	/* signed version */
	char		 ss[8];		/* account SAS: services */
	char		 srt[8];	/* account SAS: resource types */
	char		 sp[32];	/* permissions */
	char		 sr[8];		/* service SAS: resource */
	char		 spr[16];	/* protocols */
	char		 sip[64];	/* allowed IP range */
	char		 si[64];	/* stored access policy */
	char		 st_text[40];	/* start, as written */
	char		 se_text[40];	/* expiry, as written */
	bool		 has_st, has_se;
	bool		 st_bad, se_bad;	/* present, not a time */
	usec_t		 st, se;
	bool		 has_sig;
	size_t		 sig_len;	/* decoded length, never the value */
	bool		 user_delegation;	/* skoid..: signed by Entra ID */
	unsigned	 nparams;
	unsigned	 nunknown;	/* parameters of no known meaning */
	char		 duplicate[16];	/* a parameter given twice, "" none */
};

/*
 * Read s[0..n) into out.  -1 with e set (ERR_INPUT, the offset as column)
 * when it is no SAS at all: empty, too long, a URL without a query, a
 * query with no SAS parameter, a bad percent escape.
 */
int	 az_sas_parse(const char *s, size_t n, struct az_sas *out,
	    struct err *e);

#endif /* ERW_AZ_SAS_H */
