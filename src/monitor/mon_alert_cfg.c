/*
 * mon_alert_cfg: the "alerts" object of the monitor config (docs/monitor.md,
 * "Alerts") into rules and channels, and the webhook header files.
 *
 *   "alerts": {
 *     "channels": { NAME: {"type": "webhook", "url", "headers_file",
 *                          "timeout_s"} | {"type": "exec", "argv",
 *                          "timeout_s"} | {"type": "syslog", "facility"} },
 *     "rules": [ {"name", "groups", "endpoints", "on", "severity",
 *                 "channels"} ],
 *     "retry": {"initial_s", "max_s"}
 *   }
 *
 * jansson does the JSON; this file checks every member's type and range
 * and names it by its JSON path in errors, since jansson keeps no
 * position per value.  An unknown member is an error too: a misspelt
 * "serverity" would otherwise silently page at the default severity.
 * The header files are the one text this file parses itself: its values
 * are credentials, so no error ever quotes them.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "mon_alert_int.h"

#define DEFAULT_SEVERITY	3	/* Azure's default for a new rule */
#define DEFAULT_TIMEOUT		(10 * USEC_PER_SEC)
#define DEFAULT_RETRY_INITIAL	(5 * USEC_PER_SEC)
#define DEFAULT_RETRY_MAX	(10 * 60 * USEC_PER_SEC)
#define MAX_TIMEOUT_S		3600

static const struct {
	const char	*name;
	int		 facility;
} facilities[] = {
	{ "daemon", LOG_DAEMON }, { "user", LOG_USER }, { "local0", LOG_LOCAL0 },
	{ "local1", LOG_LOCAL1 }, { "local2", LOG_LOCAL2 },
	{ "local3", LOG_LOCAL3 }, { "local4", LOG_LOCAL4 },
	{ "local5", LOG_LOCAL5 }, { "local6", LOG_LOCAL6 },
	{ "local7", LOG_LOCAL7 },
};

/* jansson's iteration takes a json_t * though it changes nothing */
static json_t *
unconst(const json_t *v)
{
	return (json_t *)(uintptr_t)v;
}

static int
bad(struct err *e, const char *file, const char *path, const char *what)
{
	ERR(e, ERR_INPUT, "%s: %s: %s", file, path, what);
	err_at(e, file, 0, 0, 0);
	return -1;
}

/* Every member of o is one of the names in allowed (NULL-terminated). */
static int
only_members(const json_t *o, const char *const allowed[], const char *file,
    const char *path, struct err *e)
{
	const char *k;
	json_t *v;
	char p[256];
	size_t i;

	json_object_foreach(unconst(o), k, v) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(k, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL) {
			snprintf(p, sizeof(p), "%s.%s", path, k);
			return bad(e, file, p, "unknown member");
		}
	}
	return 0;
}

static int
get_timeout(const json_t *o, const char *key, usec_t dflt, usec_t *out,
    const char *file, const char *path, struct err *e)
{
	json_t *v = json_object_get(o, key);	/* borrowed */
	char p[256];
	double s;

	*out = dflt;
	if (v == NULL)
		return 0;
	snprintf(p, sizeof(p), "%s.%s", path, key);
	if (!json_is_number(v))
		return bad(e, file, p, "must be a number of seconds");
	s = json_number_value(v);
	if (!(s > 0 && s <= MAX_TIMEOUT_S))
		return bad(e, file, p, "must be more than 0 and at most 3600");
	*out = (usec_t)(s * USEC_PER_SEC);
	return 0;
}

/* A JSON array of non-empty strings into a new vector (NULL-terminated). */
static int
get_strings(const json_t *a, size_t max, char ***out, size_t *n,
    const char *file, const char *path, struct err *e)
{
	char **v;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!json_is_array(a) || json_array_size(a) == 0)
		return bad(e, file, path, "must be a non-empty array of strings");
	if (json_array_size(a) > max)
		return bad(e, file, path, "too many entries");
	if ((v = erw_calloc(json_array_size(a) + 1, sizeof(*v))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	*out = v;
	for (i = 0; i < json_array_size(a); i++) {
		const char *s = json_string_value(json_array_get(a, i));
		char p[256];

		if (s == NULL || *s == '\0') {
			snprintf(p, sizeof(p), "%s[%zu]", path, i);
			return bad(e, file, p, "must be a non-empty string");
		}
		if ((v[i] = erw_strdup(s)) == NULL)
			return ERR(e, ERR_NOMEM, "out of memory");
		*n = i + 1;
	}
	return 0;
}

static void
free_strings(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ------------------------------------------------------------------ */
/* Header files                                                        */
/* ------------------------------------------------------------------ */

static bool
is_token_char(unsigned char c)
{
	/* RFC 9110 5.6.2 tchar */
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

void
mon_alert_headers_free(char **h, size_t n)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (h[i] != NULL) {
			explicit_bzero(h[i], strlen(h[i]));
			free(h[i]);
		}
	}
	free(h);
}

int
mon_alert_headers_parse(const char *buf, size_t len, const char *name,
    char ***out, size_t *nout, struct err *e)
{
	struct rd r, line = { 0 };
	char **h = NULL;
	size_t n = 0;
	uint64_t lineno = 0;

	*out = NULL;
	*nout = 0;
	if (len > MON_ALERT_HEADERS_BYTES) {
		ERR(e, ERR_INPUT, "header file '%s': larger than %d bytes",
		    name, MON_ALERT_HEADERS_BYTES);
		err_at(e, name, 0, 0, 0);
		return -1;
	}
	rd_init(&r, buf, len);
	while (rd_left(&r) > 0) {
		const uint8_t *nl = memchr(r.p, '\n', rd_left(&r));
		size_t ll = nl != NULL ? (size_t)(nl - r.p) : rd_left(&r);
		size_t i, colon = 0, vs, ve;
		const char *s;
		char *hv;

		lineno++;
		rd_sub(&r, ll, &line);
		if (nl != NULL)
			rd_skip(&r, 1);
		if (rd_left(&line) > 0 && line.end[-1] == '\r')
			line.end--;
		s = (const char *)line.p;
		ll = rd_left(&line);
		if (ll == 0 || s[0] == '#')
			continue;
		for (i = 0; i < ll && is_token_char((unsigned char)s[i]); i++)
			;
		colon = i;
		if (colon == 0 || colon >= ll || s[colon] != ':')
			goto bad_line;
		vs = colon + 1;
		while (vs < ll && (s[vs] == ' ' || s[vs] == '\t'))
			vs++;
		ve = ll;
		while (ve > vs && (s[ve - 1] == ' ' || s[ve - 1] == '\t'))
			ve--;
		/* a NUL or a control byte would end or split the header
		 * libcurl sends: refuse it rather than send half */
		for (i = vs; i < ve; i++)
			if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
				goto bad_line;
		if (n == MON_ALERT_MAX_HEADERS) {
			ERR(e, ERR_INPUT, "header file '%s': more than %d "
			    "headers", name, MON_ALERT_MAX_HEADERS);
			err_at(e, name, lineno, 0, 0);
			goto fail;
		}
		if (n % 8 == 0) {
			char **nh = erw_reallocarray(h, n + 8, sizeof(*h));

			if (nh == NULL) {
				ERR(e, ERR_NOMEM, "out of memory");
				goto fail;
			}
			h = nh;
		}
		if ((hv = erw_malloc(colon + 2 + (ve - vs) + 1)) == NULL) {
			ERR(e, ERR_NOMEM, "out of memory");
			goto fail;
		}
		memcpy(hv, s, colon);
		memcpy(hv + colon, ": ", 2);
		memcpy(hv + colon + 2, s + vs, ve - vs);
		hv[colon + 2 + (ve - vs)] = '\0';
		h[n++] = hv;
	}
	*out = h;
	*nout = n;
	return 0;
bad_line:
	/* the line is not quoted: it may hold a token */
	ERR(e, ERR_INPUT, "header file '%s': line %llu: not 'Name: value'",
	    name, (unsigned long long)lineno);
	err_at(e, name, lineno, 0, 0);
fail:
	mon_alert_headers_free(h, n);
	return -1;
}

static int
read_headers(struct mon_alert_chan *ch, const char *file, const char *path,
    struct err *e)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int rc;

	if ((fp = fopen(ch->headers_file, "re")) == NULL) {
		ERR(e, ERR_INPUT, "%s: %s: cannot open header file '%s': %s",
		    file, path, ch->headers_file, strerror(errno));
		err_at(e, file, 0, 0, 0);
		return -1;
	}
	rc = file_read_all(fp, ch->headers_file, MON_ALERT_HEADERS_BYTES,
	    &buf, &len, e);
	fclose(fp);
	if (rc == -1)
		return -1;
	rc = mon_alert_headers_parse((const char *)buf, len, ch->headers_file,
	    &ch->headers, &ch->nheaders, e);
	explicit_bzero(buf, len);
	free(buf);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Channels                                                            */
/* ------------------------------------------------------------------ */

static int
parse_chan(const char *name, const json_t *o, const char *file,
    bool read_files, struct mon_alert_chan *ch, struct err *e)
{
	static const char *const webhook_keys[] = { "type", "url",
	    "headers_file", "timeout_s", NULL };
	static const char *const exec_keys[] = { "type", "argv", "timeout_s",
	    NULL };
	static const char *const syslog_keys[] = { "type", "facility", NULL };
	const char *type;
	char path[256], p[300];
	size_t n, i;

	snprintf(path, sizeof(path), "alerts.channels.%s", name);
	if (strlen(name) >= sizeof(ch->name) || strchr(name, ':') != NULL)
		return bad(e, file, path, "channel name too long or with ':'");
	str_copy(ch->name, name, sizeof(ch->name));
	if (!json_is_object(o))
		return bad(e, file, path, "must be an object");
	snprintf(p, sizeof(p), "%s.type", path);
	if ((type = json_string_value(json_object_get(o, "type"))) == NULL)
		return bad(e, file, p, "missing: webhook, exec or syslog");
	if (strcmp(type, "webhook") == 0) {
		const char *url, *hf;

		ch->type = MON_CHAN_WEBHOOK;
		snprintf(ch->id, sizeof(ch->id), "webhook:%s", name);
		if (only_members(o, webhook_keys, file, path, e) == -1)
			return -1;
		snprintf(p, sizeof(p), "%s.url", path);
		url = json_string_value(json_object_get(o, "url"));
		if (url == NULL)
			return bad(e, file, p, "missing");
		if (strncmp(url, "http://", 7) != 0 &&
		    strncmp(url, "https://", 8) != 0)
			return bad(e, file, p, "must be an http:// or "
			    "https:// URL");
		if ((ch->url = erw_strdup(url)) == NULL)
			return ERR(e, ERR_NOMEM, "out of memory");
		if (json_object_get(o, "headers_file") != NULL) {
			snprintf(p, sizeof(p), "%s.headers_file", path);
			hf = json_string_value(json_object_get(o,
			    "headers_file"));
			if (hf == NULL || *hf == '\0')
				return bad(e, file, p, "must be a file name");
			if ((ch->headers_file = erw_strdup(hf)) == NULL)
				return ERR(e, ERR_NOMEM, "out of memory");
			if (read_files && read_headers(ch, file, p, e) == -1)
				return -1;
		}
		return get_timeout(o, "timeout_s", DEFAULT_TIMEOUT,
		    &ch->timeout, file, path, e);
	}
	if (strcmp(type, "exec") == 0) {
		ch->type = MON_CHAN_EXEC;
		snprintf(ch->id, sizeof(ch->id), "exec:%s", name);
		if (only_members(o, exec_keys, file, path, e) == -1)
			return -1;
		snprintf(p, sizeof(p), "%s.argv", path);
		if (get_strings(json_object_get(o, "argv"), MON_ALERT_MAX_ARGV,
		    &ch->argv, &n, file, p, e) == -1)
			return -1;
		if (ch->argv[0][0] != '/')
			return bad(e, file, p, "argv[0] must be an absolute "
			    "path (no PATH search in a daemon)");
		return get_timeout(o, "timeout_s", DEFAULT_TIMEOUT,
		    &ch->timeout, file, path, e);
	}
	if (strcmp(type, "syslog") == 0) {
		const char *fac;

		ch->type = MON_CHAN_SYSLOG;
		/* the store's channel names one syslog (docs/monitor.md) */
		str_copy(ch->id, "syslog", sizeof(ch->id));
		if (only_members(o, syslog_keys, file, path, e) == -1)
			return -1;
		ch->facility = LOG_DAEMON;
		if (json_object_get(o, "facility") == NULL)
			return 0;
		snprintf(p, sizeof(p), "%s.facility", path);
		fac = json_string_value(json_object_get(o, "facility"));
		for (i = 0; fac != NULL && i < sizeof(facilities) /
		    sizeof(facilities[0]); i++) {
			if (strcmp(fac, facilities[i].name) == 0) {
				ch->facility = facilities[i].facility;
				return 0;
			}
		}
		return bad(e, file, p, "must be daemon, user or local0..7");
	}
	return bad(e, file, p, "must be webhook, exec or syslog");
}

/* ------------------------------------------------------------------ */
/* Rules                                                               */
/* ------------------------------------------------------------------ */

static int
parse_rule(size_t idx, const json_t *o, const char *file,
    struct mon_alert_cfg *cfg, struct mon_alert_rule *r, struct err *e)
{
	static const char *const keys[] = { "name", "groups", "endpoints",
	    "on", "severity", "channels", NULL };
	char path[64], p[128];
	const json_t *v, *ch;
	const char *s;
	size_t i, j, k;

	snprintf(path, sizeof(path), "alerts.rules[%zu]", idx);
	if (!json_is_object(o))
		return bad(e, file, path, "must be an object");
	if (only_members(o, keys, file, path, e) == -1)
		return -1;
	snprintf(p, sizeof(p), "%s.name", path);
	if ((v = json_object_get(o, "name")) != NULL) {
		if ((s = json_string_value(v)) == NULL || *s == '\0' ||
		    strlen(s) >= sizeof(r->name))
			return bad(e, file, p, "must be a non-empty string "
			    "(at most 127 bytes)");
		str_copy(r->name, s, sizeof(r->name));
	} else
		snprintf(r->name, sizeof(r->name), "rule %zu", idx);

	r->severity = DEFAULT_SEVERITY;
	if ((v = json_object_get(o, "severity")) != NULL) {
		snprintf(p, sizeof(p), "%s.severity", path);
		s = json_string_value(v);
		if (s == NULL || strlen(s) != 4 || strncmp(s, "Sev", 3) != 0 ||
		    s[3] < '0' || s[3] > '4')
			return bad(e, file, p, "must be Sev0 .. Sev4");
		r->severity = s[3] - '0';
	}

	r->on = MON_ON_FAILING | MON_ON_RESOLVED;
	if ((v = json_object_get(o, "on")) != NULL) {
		snprintf(p, sizeof(p), "%s.on", path);
		if (!json_is_array(v) || json_array_size(v) == 0)
			return bad(e, file, p, "must be a non-empty array of "
			    "\"failing\", \"resolved\"");
		r->on = 0;
		for (i = 0; i < json_array_size(v); i++) {
			s = json_string_value(json_array_get(v, i));
			if (s != NULL && strcmp(s, "failing") == 0)
				r->on |= MON_ON_FAILING;
			else if (s != NULL && strcmp(s, "resolved") == 0)
				r->on |= MON_ON_RESOLVED;
			else {
				snprintf(p, sizeof(p), "%s.on[%zu]", path, i);
				return bad(e, file, p, "must be \"failing\" or "
				    "\"resolved\"");
			}
		}
	}

	if ((v = json_object_get(o, "groups")) != NULL) {
		snprintf(p, sizeof(p), "%s.groups", path);
		if (get_strings(v, MON_ALERT_MAX_MATCH, &r->groups,
		    &r->ngroups, file, p, e) == -1)
			return -1;
	}
	if ((v = json_object_get(o, "endpoints")) != NULL) {
		snprintf(p, sizeof(p), "%s.endpoints", path);
		if (get_strings(v, MON_ALERT_MAX_MATCH, &r->endpoints,
		    &r->nendpoints, file, p, e) == -1)
			return -1;
	}

	snprintf(p, sizeof(p), "%s.channels", path);
	ch = json_object_get(o, "channels");
	if (!json_is_array(ch) || json_array_size(ch) == 0)
		return bad(e, file, p, "must be a non-empty array of channel "
		    "names");
	if (json_array_size(ch) > cfg->nchans)
		return bad(e, file, p, "names more channels than there are");
	if ((r->chans = erw_calloc(json_array_size(ch),
	    sizeof(*r->chans))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < json_array_size(ch); i++) {
		s = json_string_value(json_array_get(ch, i));
		for (j = 0; s != NULL && j < cfg->nchans; j++)
			if (strcmp(cfg->chans[j].name, s) == 0)
				break;
		if (s == NULL || j == cfg->nchans) {
			snprintf(p, sizeof(p), "%s.channels[%zu]", path, i);
			return bad(e, file, p, "not a channel of "
			    "alerts.channels");
		}
		for (k = 0; k < r->nchans; k++)
			if (r->chans[k] == j)
				break;
		if (k == r->nchans)
			r->chans[r->nchans++] = j;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The whole object                                                    */
/* ------------------------------------------------------------------ */

int
mon_alert_cfg_parse(const json_t *alerts, const char *file, bool read_files,
    struct mon_alert_cfg *cfg, struct err *e)
{
	static const char *const keys[] = { "channels", "rules", "retry",
	    NULL };
	static const char *const retry_keys[] = { "initial_s", "max_s", NULL };
	const json_t *chans, *rules, *retry;
	const char *k;
	json_t *v;
	size_t i, nsys = 0;

	memset(cfg, 0, sizeof(*cfg));
	cfg->backoff.initial = DEFAULT_RETRY_INITIAL;
	cfg->backoff.max = DEFAULT_RETRY_MAX;
	if (alerts == NULL)
		return 0;
	if (!json_is_object(alerts))
		return bad(e, file, "alerts", "must be an object");
	if (only_members(alerts, keys, file, "alerts", e) == -1)
		return -1;

	if ((retry = json_object_get(alerts, "retry")) != NULL) {
		if (!json_is_object(retry))
			return bad(e, file, "alerts.retry", "must be an object");
		if (only_members(retry, retry_keys, file, "alerts.retry",
		    e) == -1 ||
		    get_timeout(retry, "initial_s", DEFAULT_RETRY_INITIAL,
		    &cfg->backoff.initial, file, "alerts.retry", e) == -1 ||
		    get_timeout(retry, "max_s", DEFAULT_RETRY_MAX,
		    &cfg->backoff.max, file, "alerts.retry", e) == -1)
			return -1;
		if (cfg->backoff.max < cfg->backoff.initial)
			return bad(e, file, "alerts.retry.max_s",
			    "must not be less than initial_s");
	}

	chans = json_object_get(alerts, "channels");
	if (chans != NULL) {
		if (!json_is_object(chans))
			return bad(e, file, "alerts.channels",
			    "must be an object of named channels");
		if (json_object_size(chans) > MON_ALERT_MAX_CHANNELS)
			return bad(e, file, "alerts.channels",
			    "too many channels");
		cfg->chans = erw_calloc(json_object_size(chans) + 1,
		    sizeof(*cfg->chans));
		if (cfg->chans == NULL)
			return ERR(e, ERR_NOMEM, "out of memory");
		json_object_foreach(unconst(chans), k, v) {
			struct mon_alert_chan *ch = &cfg->chans[cfg->nchans++];

			if (parse_chan(k, v, file, read_files, ch, e) == -1)
				return -1;
			if (ch->type == MON_CHAN_SYSLOG && ++nsys > 1)
				return bad(e, file, "alerts.channels",
				    "more than one syslog channel");
		}
	}

	rules = json_object_get(alerts, "rules");
	if (rules == NULL)
		return 0;
	if (!json_is_array(rules))
		return bad(e, file, "alerts.rules", "must be an array");
	if (json_array_size(rules) > MON_ALERT_MAX_RULES)
		return bad(e, file, "alerts.rules", "too many rules");
	if (json_array_size(rules) == 0)
		return 0;
	cfg->rules = erw_calloc(json_array_size(rules), sizeof(*cfg->rules));
	if (cfg->rules == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	for (i = 0; i < json_array_size(rules); i++) {
		cfg->nrules = i + 1;
		if (parse_rule(i, json_array_get(rules, i), file, cfg,
		    &cfg->rules[i], e) == -1)
			return -1;
	}
	return 0;
}

void
mon_alert_cfg_release(struct mon_alert_cfg *cfg)
{
	size_t i, n;

	for (i = 0; i < cfg->nchans; i++) {
		struct mon_alert_chan *ch = &cfg->chans[i];

		free(ch->url);
		free(ch->headers_file);
		mon_alert_headers_free(ch->headers, ch->nheaders);
		if (ch->argv != NULL) {
			for (n = 0; ch->argv[n] != NULL; n++)
				;
			free_strings(ch->argv, n);
		}
	}
	free(cfg->chans);
	for (i = 0; i < cfg->nrules; i++) {
		free_strings(cfg->rules[i].groups, cfg->rules[i].ngroups);
		free_strings(cfg->rules[i].endpoints, cfg->rules[i].nendpoints);
		free(cfg->rules[i].chans);
	}
	free(cfg->rules);
	memset(cfg, 0, sizeof(*cfg));
}

const struct mon_alert_chan *
mon_alert_cfg_chan(const struct mon_alert_cfg *cfg, const char *id)
{
	size_t i;

	for (i = 0; i < cfg->nchans; i++)
		if (strcmp(cfg->chans[i].id, id) == 0)
			return &cfg->chans[i];
	return NULL;
}

static bool
in_list(char *const *v, size_t n, const char *s)
{
	size_t i;

	if (v == NULL)
		return true;
	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

unsigned
mon_alert_rule_match(const struct mon_alert_rule *r,
    const struct mon_endpoint *ep, enum mon_health from, enum mon_health to)
{
	unsigned what;

	if (to == MON_HEALTH_FAILING && from != MON_HEALTH_FAILING)
		what = MON_ON_FAILING;
	else if (from == MON_HEALTH_FAILING && to == MON_HEALTH_HEALTHY)
		what = MON_ON_RESOLVED;
	else
		return 0;	/* unknown -> healthy is no news */
	if ((r->on & what) == 0 || !in_list(r->groups, r->ngroups, ep->group) ||
	    !in_list(r->endpoints, r->nendpoints, ep->name))
		return 0;
	return what;
}
