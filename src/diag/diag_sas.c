/*
 * Judging a SAS for packet-capture storage.  What a capture needs: to
 * create and write blobs in one container, over HTTPS, for the hours of
 * the capture and its upload.  Everything beyond is a risk if the URL
 * leaks (it sits in the capture's configuration and often in a ticket).
 */
#include <stdio.h>
#include <string.h>

#include "diag_sas.h"

void
diag_sas_opts_init(struct diag_sas_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_hours = DIAG_SAS_MAX_HOURS;
	o->now = time_now_usec();
}

/* Permission letters of a blob service SAS, with the names users know. */
static const struct {
	char		 letter;
	const char	*name;
} perms[] = {
	{ 'r', "read" }, { 'a', "add" }, { 'c', "create" }, { 'w', "write" },
	{ 'd', "delete" }, { 'x', "delete version" },
	{ 'y', "permanent delete" }, { 'l', "list" }, { 't', "tags" },
	{ 'f', "find by tags" }, { 'm', "move" }, { 'e', "execute" },
	{ 'o', "ownership" }, { 'p', "permissions" },
	{ 'i', "set immutability policy" }, { 'u', "update" },
};

static const char *
perm_name(char c)
{
	size_t i;

	for (i = 0; i < sizeof(perms) / sizeof(perms[0]); i++)
		if (perms[i].letter == c)
			return perms[i].name;
	return "unknown";
}

static void
hours_text(usec_t d, char *buf, size_t len)
{
	double h = (double)d / (3600.0 * USEC_PER_SEC);

	if (h < 0)
		h = -h;
	if (h < 1)
		snprintf(buf, len, "%.0f min", h * 60);
	else if (h < 72)
		snprintf(buf, len, "%.1f h", h);
	else
		snprintf(buf, len, "%.0f days", h / 24);
}

static struct finding *
add(struct finding_list *out, const char *input, enum finding_code code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static struct finding *
add(struct finding_list *out, const char *input, enum finding_code code,
    const char *fmt, ...)
{
	char msg[384];
	struct finding *f;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if ((f = finding_add(out, code, "%s", msg)) != NULL)
		finding_ev_note(f, input, "the SAS URL (signature not shown)");
	return f;
}

static bool
version_ok(const char *sv, usec_t now, const char **why)
{
	usec_t t, min;

	if (sv[0] == '\0') {
		*why = "missing (sv)";
		return false;
	}
	if (time_parse_iso(sv, strlen(sv), &t) == -1 || strlen(sv) != 10) {
		*why = "not a service version date (YYYY-MM-DD)";
		return false;
	}
	(void)time_parse_iso(DIAG_SAS_MIN_VERSION,
	    strlen(DIAG_SAS_MIN_VERSION), &min);
	if (t < min) {
		*why = "older than " DIAG_SAS_MIN_VERSION ", a legacy version";
		return false;
	}
	if (t > now) {
		*why = "a date in the future";
		return false;
	}
	return true;
}

void
diag_sas(const struct az_sas *s, const struct diag_sas_opts *opts,
    const char *input, struct finding_list *out)
{
	char extra[256] = "", t[40], d[32], scope[64];
	const char *why = NULL;
	struct finding *f;
	size_t i, before = out->n;
	bool account = s->ss[0] != '\0' || s->srt[0] != '\0';
	bool write = false;
	usec_t horizon = opts->now +
	    (usec_t)opts->max_hours * 3600 * USEC_PER_SEC;

	/* ---- scope ---- */
	if (s->service[0] != '\0' && strcmp(s->service, "blob") != 0 &&
	    strcmp(s->service, "dfs") != 0)
		add(out, input, FC_SAS_NOT_BLOB, "the SAS is for the %s "
		    "service, not blob storage", s->service);
	if (account)
		add(out, input, FC_SAS_ACCOUNT_SAS, "an account SAS (services "
		    "%s, resource types %s): it opens the whole storage "
		    "account", s->ss[0] ? s->ss : "-",
		    s->srt[0] ? s->srt : "-");
	else if (strcmp(s->sr, "c") != 0) {
		if (s->sr[0] == '\0')
			snprintf(scope, sizeof(scope), "nothing (no sr)");
		else if (strcmp(s->sr, "b") == 0 || strcmp(s->sr, "bv") == 0 ||
		    strcmp(s->sr, "bs") == 0)
			snprintf(scope, sizeof(scope), "one blob (sr=%s)",
			    s->sr);
		else
			snprintf(scope, sizeof(scope), "sr=%s", s->sr);
		add(out, input, FC_SAS_SCOPE_NOT_CONTAINER, "the SAS is scoped "
		    "to %s, not to a container", scope);
	}
	/* ---- permissions ---- */
	for (i = 0; s->sp[i] != '\0'; i++) {
		char c = s->sp[i];

		if (c == 'w')
			write = true;
		if (c == 'w' || c == 'c' || (c == 'r' && opts->allow_read))
			continue;
		if (strchr(s->sp, c) != &s->sp[i])
			continue;	/* said twice */
		snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra),
		    "%s%s (%c)", extra[0] ? ", " : "", perm_name(c), c);
	}
	if (s->sp[0] != '\0' && !write)
		add(out, input, FC_SAS_NO_WRITE, "the SAS does not allow "
		    "writing (permissions %s)", s->sp);
	else if (s->sp[0] == '\0' && s->si[0] == '\0')
		add(out, input, FC_SAS_NO_WRITE, "the SAS does not allow "
		    "writing (no permissions, sp, and no stored policy)");
	if (extra[0] != '\0')
		add(out, input, FC_SAS_PERMISSIONS_EXCESS, "the SAS allows more "
		    "than writing: %s", extra);
	/* ---- times ---- */
	if (s->has_st && s->st_bad)
		add(out, input, FC_SAS_TIME_UNREADABLE, "the SAS's start (st) "
		    "time is not an ISO 8601 time");
	if (s->has_se && s->se_bad)
		add(out, input, FC_SAS_TIME_UNREADABLE, "the SAS's expiry (se) "
		    "time is not an ISO 8601 time");
	if (!s->has_se && s->si[0] == '\0')
		add(out, input, FC_SAS_NO_EXPIRY, "the SAS has no expiry (se) "
		    "and no stored access policy (si)");
	if (s->has_se && !s->se_bad) {
		time_iso(s->se, t, sizeof(t));
		if (s->se <= opts->now) {
			hours_text(opts->now - s->se, d, sizeof(d));
			add(out, input, FC_SAS_EXPIRED, "the SAS expired at %s "
			    "(%s ago)", t, d);
		} else if (s->se > horizon) {
			hours_text(s->se - opts->now, d, sizeof(d));
			add(out, input, FC_SAS_EXPIRY_TOO_LONG, "the SAS is valid "
			    "until %s, %s from now (more than %u h)", t, d,
			    opts->max_hours);
		}
	}
	if (s->has_st && !s->st_bad && s->st > opts->now) {
		time_iso(s->st, t, sizeof(t));
		hours_text(s->st - opts->now, d, sizeof(d));
		add(out, input, FC_SAS_START_IN_FUTURE, "the SAS starts at %s, "
		    "%s from now", t, d);
	}
	/* ---- transport, signature, version ---- */
	if (s->has_url && strcmp(s->scheme, "https") != 0) {
		f = add(out, input, FC_SAS_HTTP_ALLOWED, "the SAS URL is %s://, "
		    "not https://", s->scheme);
		if (f != NULL)
			f->sev = SEV_ERROR;
	} else if (s->spr[0] == '\0' || strcmp(s->spr, "https") != 0)
		add(out, input, FC_SAS_HTTP_ALLOWED, "the SAS allows HTTP "
		    "(spr=%s)", s->spr[0] ? s->spr : "absent, which allows "
		    "both");
	if (!s->has_sig)
		add(out, input, FC_SAS_NO_SIGNATURE,
		    "the SAS URL has no signature (sig)");
	if (!version_ok(s->sv, opts->now, &why))
		add(out, input, FC_SAS_VERSION_UNUSUAL, "signed version %s: %s",
		    s->sv[0] ? s->sv : "-", why);
	if (s->duplicate[0] != '\0') {
		f = add(out, input, FC_SAS_VERSION_UNUSUAL, "signed version %s: "
		    "parameter %s is given twice; storage takes one of them",
		    s->sv[0] ? s->sv : "-", s->duplicate);
		(void)f;
	}
	/* ---- all good ---- */
	if (out->n == before) {
		hours_text(s->se - opts->now, d, sizeof(d));
		f = finding_add(out, FC_SAS_OK, "container SAS for %s/%s: %s, "
		    "https only, valid for %s", s->account[0] ? s->account :
		    "(account not in the URL)", s->container[0] ?
		    s->container : "(container not in the URL)", s->sp, d);
		finding_ev_note(f, input, "the SAS URL (signature not shown)");
	}
	for (i = before; i < out->n; i++) {
		finding_subj_object(&out->v[i], s->container[0] ?
		    "storage_container" : "storage_account",
		    s->container[0] ? s->container : s->account);
		if (s->has_st || s->has_se)
			finding_subj_span(&out->v[i], s->has_st && !s->st_bad ?
			    s->st : opts->now, s->has_se && !s->se_bad ?
			    s->se : opts->now);
	}
}
