/*
 * analyzer_preflight: Network Watcher's capture prerequisites in
 * diagnose.  It runs when the folder holds a prerequisite export (a
 * watcher list, a VM, its extensions, a storage account) or a SAS URL
 * file, and judges them with the NIC, effective NSG and routes of the
 * folder exactly as `erwatch preflight` does (diag_preflight.h).  It
 * runs with the packet stage, after the captures, for the time their
 * spans give (a SAS's expiry is judged as at the evidence's end).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "diag/analyzer.h"
#include "diag/diag_preflight.h"

#define NAME	"preflight"

/* A SAS URL file, whole: a few hundred bytes, bounded. */
static int
read_small(const char *path, char *buf, size_t cap, size_t *n, struct err *e)
{
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		return ERR(e, ERR_IO, "cannot open '%s': %s", path,
		    strerror(errno));
	*n = fread(buf, 1, cap - 1, fp);
	if (ferror(fp)) {
		fclose(fp);
		return ERR(e, ERR_IO, "cannot read '%s'", path);
	}
	fclose(fp);
	buf[*n] = '\0';
	return 0;
}

long
diag_preflight_gather(struct diag_preflight_in *in, struct evidence_set *set,
    diag_preflight_bad_fn bad, void *arg, struct err *e)
{
	static char buf[AZ_SAS_MAX_LEN * 2 + 1];
	struct err le;
	long taken = 0;
	size_t i, n = 0;

	for (i = 0; i < set->n; i++) {
		struct evidence_item *it = &set->v[i];
		int rc = 0;

		err_clear(&le);
		switch (it->type) {
		case EVT_PREREQ:
		case EVT_NIC:
		case EVT_EFFECTIVE_NSG:
		case EVT_EFFECTIVE_ROUTES:
		case EVT_ROUTE_TABLE:
			if (it->doc == NULL)
				continue;
			rc = diag_preflight_add(in, it->doc, &le);
			break;
		case EVT_SAS_URL:
			rc = read_small(it->path, buf, sizeof(buf), &n, &le);
			if (rc == 0)
				rc = diag_preflight_add_sas(in, it->rel, buf, n,
				    &le);
			/* the URL's signature leaves no copy behind */
			memset(buf, 0, sizeof(buf));
			break;
		default:
			continue;
		}
		if (rc == -1) {
			if (le.code == ERR_NOMEM) {
				*e = le;
				return -1;
			}
			if (bad != NULL)
				bad(arg, it, &le);
			continue;
		}
		taken++;
	}
	return taken;
}

static void
bad_item(void *arg, struct evidence_item *it, const struct err *le)
{
	(void)arg;
	snprintf(it->reason, sizeof(it->reason), "not loaded: %.120s",
	    le->msg);
	if (it->type == EVT_PREREQ || it->type == EVT_SAS_URL)
		it->analyzer = NULL;
}

static int
preflight_run(const struct analyzer_input *in, struct analyzer_output *out,
    struct err *e)
{
	struct diag_preflight_in *pin;
	struct diag_preflight_opts opts;
	size_t i;
	int rc = 0;

	if ((pin = diag_preflight_in_new()) == NULL)
		return ERR(e, ERR_NOMEM, "cannot run the preflight analyzer");
	for (i = 0; i < in->ev->n; i++)
		if (in->ev->v[i].type == EVT_PREREQ ||
		    in->ev->v[i].type == EVT_SAS_URL)
			in->ev->v[i].analyzer = NAME;
	if (diag_preflight_gather(pin, in->ev, bad_item, NULL, e) == -1)
		rc = -1;
	diag_preflight_opts_init(&opts);
	/* A SAS is judged as at the end of what the evidence covers, not
	 * at the moment diagnose runs, so that the same folder gives the
	 * same diagnosis (a bundle is reproducible); only a folder with no
	 * time of its own is judged as at now. */
	for (i = 0; i < in->facts->nspans; i++)
		if (i == 0 || in->facts->spans[i].to > opts.sas.now)
			opts.sas.now = in->facts->spans[i].to;
	if (rc == 0)
		rc = diag_preflight(pin, &opts, out->findings, e);
	diag_preflight_in_free(pin);
	return rc;
}

const struct analyzer analyzer_preflight = {
	.name = NAME,
	.stage = STAGE_PACKETS,
	.takes = EVT_BIT(EVT_PREREQ) | EVT_BIT(EVT_SAS_URL),
	.run = preflight_run,
};
