/*
 * Loader notes -> findings (contract in diag_azure.h).  The note's text
 * quotes the export, so it was escaped when recorded; the file name is
 * the one the user gave, and the subject's object (kind "export").
 */
#include "diag_azure.h"

void
diag_az_notes(struct finding_list *out, const struct az_notes *ns)
{
	struct finding *f;
	size_t i;

	if (ns == NULL)
		return;
	for (i = 0; i < ns->n; i++) {
		const struct az_note *n = &ns->v[i];

		f = finding_add(out, n->kind == AZ_NOTE_INCOMPLETE ?
		    FC_AZ_EXPORT_INCOMPLETE : FC_AZ_ENTRY_SKIPPED, "%s: %s",
		    n->file, n->msg);
		if (f == NULL)
			return;
		/* the note is about the export itself: diagnose weighs the
		 * findings whose evidence comes from that file */
		finding_subj_object(f, "export", n->file);
		if (n->ptr[0] == '/')
			finding_ev_json(f, n->file, n->ptr);
	}
	if (ns->more > 0 && (f = finding_add(out, FC_AZ_ENTRY_SKIPPED,
	    "%zu more notes about the exports were not kept: entries may "
	    "be missing beyond those listed", ns->more)) == NULL)
		return;
}
