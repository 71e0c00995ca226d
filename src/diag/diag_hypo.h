/*
 * diag_hypo: from findings to ranked root-cause hypotheses.  Every cause
 * of cause_catalog.h has rules: the findings that support it (each with a
 * weight, combined as independent clues), those that contradict it, and
 * for some the findings it needs at least one of to be more than a
 * suspicion.  A contradicting finding only counts when it is about the
 * same session or path as the support (finding_subject_same_peers(), or
 * the same path), or when either side's subject says nothing about it: an
 * Established session on the secondary path does not clear the primary.
 *
 * The ranking is data in, data out: no I/O, no allocation but the list.
 */
#ifndef ERW_DIAG_HYPO_H
#define ERW_DIAG_HYPO_H

#include "diag.h"

enum cause_id {
#define CAUSE(id, fault, title, remedy)	CAUSE_##id,
#include "cause_catalog.h"
#undef CAUSE
	CAUSE__COUNT
};

struct cause_def {
	const char	*id;		/* "tcp179_blocked" */
	bool		 fault;
	const char	*title;
	const char	*remedy;
};

#define HYPO_MAX_REFS	16	/* findings cited per side of a hypothesis */

struct hypothesis {
	enum cause_id		 cause;
	double			 confidence;	/* 0 < c <= 1 */
	/* Title, then what narrows it ("by NSG nsg-vm") and the concrete
	 * summary of the strongest supporting finding. */
	char			 summary[704];
	/* Indices into the finding list the ranking was given. */
	size_t			 supporting[HYPO_MAX_REFS];
	unsigned		 nsupporting;
	size_t			 contradicting[HYPO_MAX_REFS];
	unsigned		 ncontradicting;
	/* The subject of the strongest supporting finding: which session or
	 * path the cause is about (empty for healthy). */
	struct finding_subject	 subject;
};

struct hypothesis_list {
	struct hypothesis	*v;	/* best first */
	size_t			 n;
};

/* A hypothesis under this confidence is not reported. */
#define HYPO_MIN_CONFIDENCE	0.4	/* above SUSPICION_CAP: a suspicion
					   alone is never a verdict */

const struct cause_def *cause_def(enum cause_id);
/* By id; -1 when unknown. */
int	 cause_by_name(const char *id);

/*
 * Rank the causes that the findings of l point to, best first: every
 * fault at or above HYPO_MIN_CONFIDENCE, and `healthy` when none is (its
 * confidence grows with the positive evidence: sessions seen Established,
 * a healthy circuit).  Ties keep catalog order.  -1 with e set (ERR_NOMEM).
 */
int	 diag_rank(const struct finding_list *l, struct hypothesis_list *out,
	    struct err *e);
void	 hypothesis_list_release(struct hypothesis_list *);
/*
 * The rules behind a cause, for documentation: up to max finding codes
 * that support it (contradict false) or contradict it, with their weights
 * (w may be NULL).  Returns how many were stored.
 */
unsigned cause_clues(enum cause_id, bool contradict, enum finding_code *codes,
	    double *w, unsigned max);
/* Exit code of a diagnosis: 1 when the best hypothesis is a fault. */
int	 hypothesis_list_exit_code(const struct hypothesis_list *);

#endif /* ERW_DIAG_HYPO_H */
