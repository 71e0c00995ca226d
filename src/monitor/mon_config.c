/*
 * mon_config: reads the monitor's JSON config into struct mon_config.
 * The file is loaded through azure's document loader (encodings, size
 * and depth limits, the text kept for locating), walked with exact key
 * names (a config is written by hand: a misspelt key is refused, not
 * guessed at), and every refusal names the JSON pointer of the field,
 * located to line:column by az_fail().
 */
#include <string.h>
#include <unistd.h>

#include "azure/azure.h"
#include "probe/probe.h"
#include "mon_capture.h"
#include "mon_config.h"

struct cfg_ctx {
	const struct az_doc	*doc;
	struct err		*e;
	size_t			 neps;
};

/* base + "/" + tok, cut at AZ_PTR_MAX (the locator then finds the
 * deepest ancestor that fits) */
static void
ptr_join(char *dst, const char *base, const char *tok)
{
	if (snprintf(dst, AZ_PTR_MAX, "%s/%s", base, tok) >= AZ_PTR_MAX)
		dst[AZ_PTR_MAX - 1] = '\0';
}

static void
ptr_index(char *dst, const char *base, size_t i)
{
	char tok[24];

	snprintf(tok, sizeof(tok), "%zu", i);
	ptr_join(dst, base, tok);
}

static void
node(struct cfg_ctx *c, json_t *v, const char *ptr, struct az_node *n)
{
	n->doc = c->doc;
	n->v = v;
	snprintf(n->ptr, sizeof(n->ptr), "%s", ptr);
}

static void
child(const struct az_node *obj, const char *key, json_t *v,
    struct az_node *out)
{
	out->doc = obj->doc;
	out->v = v;
	ptr_join(out->ptr, obj->ptr, key);
}

/* Refuse members not in keys (NULL-terminated). */
static int
only_keys(const struct az_node *obj, const char *const *keys, struct err *e)
{
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach(obj->v, k, v) {
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(k, keys[i]) == 0)
				break;
		if (keys[i] == NULL) {
			struct az_node n;

			child(obj, k, v, &n);
			return az_fail(&n, NULL, e, "unknown field '%s'", k);
		}
	}
	return 0;
}

/* A string member: 0, 1 when absent (unless req), -1 with e. */
static int
get_str(const struct az_node *obj, const char *key, bool req, char *dst,
    size_t len, struct err *e)
{
	json_t *v = json_object_get(obj->v, key);
	struct az_node n;

	if (v == NULL) {
		if (req)
			return az_fail(obj, NULL, e, "missing field '%s'",
			    key);
		return 1;
	}
	child(obj, key, v, &n);
	if (!json_is_string(v))
		return az_fail(&n, NULL, e, "'%s' must be a string", key);
	if (json_string_length(v) == 0 || json_string_length(v) >= len ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return az_fail(&n, NULL, e, "'%s' must be 1..%zu characters",
		    key, len - 1);
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

static int
get_int(const struct az_node *obj, const char *key, int64_t min,
    int64_t max, int64_t *out, struct err *e)
{
	json_t *v = json_object_get(obj->v, key);
	struct az_node n;

	if (v == NULL)
		return 1;
	child(obj, key, v, &n);
	if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max)
		return az_fail(&n, NULL, e, "'%s' must be an integer in "
		    "%lld..%lld", key, (long long)min, (long long)max);
	*out = json_integer_value(v);
	return 0;
}

static char *
dup_str(const char *s, struct err *e)
{
	char *p = erw_strdup(s);

	if (p == NULL)
		ERR(e, ERR_NOMEM, "out of memory");
	return p;
}

/* ------------------------------------------------------------------ */
/* Endpoints                                                           */
/* ------------------------------------------------------------------ */

static int
cfg_argv(struct cfg_ctx *c, const struct az_node *ep, struct
    mon_cfg_endpoint *ce)
{
	json_t *a = json_object_get(ep->v, "command");
	struct az_node n;
	size_t i;

	if (a == NULL)
		return az_fail(ep, NULL, c->e, "missing field 'command'");
	child(ep, "command", a, &n);
	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > MON_CFG_MAX_ARGV)
		return az_fail(&n, NULL, c->e, "'command' must be an array "
		    "of 1..%d strings (the program and its arguments)",
		    MON_CFG_MAX_ARGV);
	if ((ce->argv = erw_calloc(json_array_size(a) + 1,
	    sizeof(char *))) == NULL)
		return ERR(c->e, ERR_NOMEM, "out of memory");
	for (i = 0; i < json_array_size(a); i++) {
		json_t *s = json_array_get(a, i);

		if (!json_is_string(s) || json_string_length(s) == 0) {
			struct az_node sn;

			sn.doc = c->doc;
			sn.v = s;
			ptr_index(sn.ptr, n.ptr, i);
			return az_fail(&sn, NULL, c->e, "a command word must "
			    "be a non-empty string");
		}
		if ((ce->argv[i] = dup_str(json_string_value(s), c->e)) ==
		    NULL)
			return -1;
	}
	return 0;
}

static int
cfg_endpoint(struct cfg_ctx *c, const struct mon_config *cfg,
    const struct mon_cfg_group *g, const struct az_node *n,
    struct mon_cfg_endpoint *ce)
{
	static const char *const keys[] = { "kind", "name", "address",
		"path", "localAs", "peerAs", "md5KeyFile", "command",
		"neighbor", NULL };
	struct mon_endpoint *ep = &ce->ep;
	char kind[32], tmp[256];
	int64_t v;
	int rc;

	if (!json_is_object(n->v))
		return az_fail(n, NULL, c->e, "an endpoint must be an object");
	if (only_keys(n, keys, c->e) == -1 ||
	    get_str(n, "kind", true, kind, sizeof(kind), c->e) == -1)
		return -1;
	if (mon_kind_parse(kind, &ep->kind) == -1 ||
	    ep->kind == MON_KIND_CLOUD_BGP || ep->kind == MON_KIND_CLOUD_ARP)
		return az_fail(n, "kind", c->e, "unknown kind '%s' (tcp, icmp, "
		    "bgp_open, router_state)", kind);
	snprintf(ep->agent, sizeof(ep->agent), "%s", cfg->agent);
	snprintf(ep->group, sizeof(ep->group), "%s", g->name);
	if ((rc = get_str(n, "path", false, ep->path, sizeof(ep->path),
	    c->e)) == -1)
		return -1;
	if (rc == 0 && strcmp(ep->path, "primary") != 0 &&
	    strcmp(ep->path, "secondary") != 0)
		return az_fail(n, "path", c->e, "'path' must be primary or "
		    "secondary");
	if (ep->kind == MON_KIND_ROUTER_STATE) {
		if (get_str(n, "name", true, tmp, sizeof(tmp), c->e) == -1 ||
		    cfg_argv(c, n, ce) == -1 ||
		    get_str(n, "neighbor", false, ce->neighbor,
		    sizeof(ce->neighbor), c->e) == -1)
			return -1;
		if (snprintf(ep->name, sizeof(ep->name), "router:%s", tmp) >=
		    (int)sizeof(ep->name))
			return az_fail(n, "name", c->e, "'name' is too long");
		return 0;
	}
	if (get_str(n, "address", true, ce->host, sizeof(ce->host),
	    c->e) == -1)
		return -1;
	{
		struct err pe = { 0 };
		char host[256];
		uint16_t port = 0, def = ep->kind == MON_KIND_ICMP ? 0 : 179;

		if (ep->kind == MON_KIND_ICMP) {
			snprintf(host, sizeof(host), "%s", ce->host);
		} else if (probe_split_hostport(ce->host, def, host,
		    sizeof(host), &port, &pe) == -1)
			return az_fail(n, "address", c->e, "%s", pe.msg);
		str_copy(ep->address, host, sizeof(ep->address));
		ep->port = port;
	}
	if (ep->kind == MON_KIND_BGP_OPEN) {
		if (get_int(n, "localAs", 1, UINT32_MAX, &v, c->e) != 0)
			return err_isset(c->e) ? -1 : az_fail(n, NULL, c->e,
			    "missing field 'localAs'");
		ce->local_as = (uint32_t)v;
		if ((rc = get_int(n, "peerAs", 1, UINT32_MAX, &v, c->e)) ==
		    -1)
			return -1;
		if (rc == 0)
			ce->peer_as = (uint32_t)v;
		if ((rc = get_str(n, "md5KeyFile", false, tmp, sizeof(tmp),
		    c->e)) == -1)
			return -1;
		if (rc == 0 && (ce->md5_file = dup_str(tmp, c->e)) == NULL)
			return -1;
	}
	if ((rc = get_str(n, "name", false, tmp, sizeof(tmp), c->e)) == -1)
		return -1;
	if (rc == 0)
		str_copy(ep->name, tmp, sizeof(ep->name));
	else if ((ep->port != 0 ? snprintf(ep->name, sizeof(ep->name),
	    "%s:%s:%u", kind, ep->address, ep->port) : snprintf(ep->name,
	    sizeof(ep->name), "%s:%s", kind, ep->address)) >=
	    (int)sizeof(ep->name))
		return az_fail(n, "address", c->e, "'address' is too long for "
		    "a name: give 'name'");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Groups                                                              */
/* ------------------------------------------------------------------ */

static int
cfg_group(struct cfg_ctx *c, const struct mon_config *cfg,
    const struct az_node *n, struct mon_cfg_group *g)
{
	static const char *const keys[] = { "name", "frequencySeconds",
		"timeoutMs", "thresholds", "consecutiveEvaluations",
		"endpoints", NULL };
	static const char *const tkeys[] = { "checksFailedPercent",
		"roundTripTimeMs", NULL };
	json_t *a;
	struct az_node an, tn;
	int64_t v;
	size_t i, j;
	int rc;

	if (!json_is_object(n->v))
		return az_fail(n, NULL, c->e, "a test group must be an object");
	if (only_keys(n, keys, c->e) == -1 ||
	    get_str(n, "name", true, g->name, sizeof(g->name), c->e) == -1)
		return -1;
	g->interval = MON_DEF_INTERVAL;
	g->failed_pct = 0;
	g->rtt_max_us = -1;
	g->evals = 1;
	if ((rc = get_int(n, "frequencySeconds", MON_MIN_INTERVAL /
	    USEC_PER_SEC, MON_MAX_INTERVAL / USEC_PER_SEC, &v, c->e)) == -1)
		return -1;
	if (rc == 0)
		g->interval = v * USEC_PER_SEC;
	/* a probe must end before the next of the same endpoint starts */
	g->timeout = g->interval / 2 < 5 * USEC_PER_SEC ? g->interval / 2 :
	    5 * USEC_PER_SEC;
	if ((rc = get_int(n, "timeoutMs", 10, g->interval / 1000 - 1, &v,
	    c->e)) == -1)
		return -1;
	if (rc == 0)
		g->timeout = v * 1000;
	if ((rc = get_int(n, "consecutiveEvaluations", 1, 100, &v, c->e)) ==
	    -1)
		return -1;
	if (rc == 0)
		g->evals = (int)v;
	if ((a = json_object_get(n->v, "thresholds")) != NULL) {
		child(n, "thresholds", a, &tn);
		if (!json_is_object(a))
			return az_fail(&tn, NULL, c->e, "'thresholds' must be "
			    "an object");
		if (only_keys(&tn, tkeys, c->e) == -1)
			return -1;
		if ((rc = get_int(&tn, "checksFailedPercent", 0, 100, &v,
		    c->e)) == -1)
			return -1;
		if (rc == 0)
			g->failed_pct = (int)v;
		if ((rc = get_int(&tn, "roundTripTimeMs", 1, 3600000, &v,
		    c->e)) == -1)
			return -1;
		if (rc == 0)
			g->rtt_max_us = v * 1000;
	}
	if ((a = json_object_get(n->v, "endpoints")) == NULL)
		return az_fail(n, NULL, c->e, "missing field 'endpoints'");
	child(n, "endpoints", a, &an);
	if (!json_is_array(a) || json_array_size(a) == 0)
		return az_fail(&an, NULL, c->e, "'endpoints' must be a "
		    "non-empty array");
	if (c->neps + json_array_size(a) > MON_CFG_MAX_ENDPOINTS)
		return az_fail(&an, NULL, c->e, "more than %d endpoints",
		    MON_CFG_MAX_ENDPOINTS);
	if ((g->eps = erw_calloc(json_array_size(a), sizeof(*g->eps))) ==
	    NULL)
		return ERR(c->e, ERR_NOMEM, "out of memory");
	for (i = 0; i < json_array_size(a); i++) {
		struct az_node en;

		en.doc = c->doc;
		en.v = json_array_get(a, i);
		ptr_index(en.ptr, an.ptr, i);
		g->neps++;
		if (cfg_endpoint(c, cfg, g, &en, &g->eps[i]) == -1)
			return -1;
		for (j = 0; j < i; j++)
			if (strcmp(g->eps[j].ep.name, g->eps[i].ep.name) == 0)
				return az_fail(&en, NULL, c->e, "endpoint "
				    "'%s' twice in group '%s'",
				    g->eps[i].ep.name, g->name);
	}
	c->neps += g->neps;
	return 0;
}

static int config_from_doc(const char *, struct az_doc *,
    struct mon_config **, struct err *);

int
mon_config_load(const char *path, struct mon_config **out, struct err *e)
{
	struct az_doc *doc = NULL;

	*out = NULL;
	if (az_load_file(path, &doc, e) == -1)
		return -1;
	return config_from_doc(path, doc, out, e);
}

int
mon_config_load_buf(const char *name, const void *buf, size_t len,
    struct mon_config **out, struct err *e)
{
	struct az_doc *doc = NULL;

	*out = NULL;
	if (az_load_buf(name, buf, len, &doc, e) == -1)
		return -1;
	return config_from_doc(name, doc, out, e);
}

/* Takes doc (freed here). */
static int
config_from_doc(const char *path, struct az_doc *doc,
    struct mon_config **out, struct err *e)
{
	static const char *const keys[] = { "agent", "store",
		"retentionDays", "metricsListen", "testGroups", "alerts",
		"capture", NULL };
	struct mon_config *cfg;
	struct cfg_ctx c;
	struct az_node root, gn;
	json_t *a;
	int64_t v;
	size_t i, j;
	int rc;

	if ((cfg = erw_calloc(1, sizeof(*cfg))) == NULL) {
		az_doc_free(doc);
		return ERR(e, ERR_NOMEM, "out of memory");
	}
	snprintf(cfg->file, sizeof(cfg->file), "%s", path);
	c.doc = doc;
	c.e = e;
	c.neps = 0;
	node(&c, doc->root, "", &root);
	if (doc->fmt != AZ_FMT_JSON || !json_is_object(doc->root)) {
		ERR(e, ERR_INPUT, "the config must be a JSON object");
		err_at(e, path, 1, 1, 0);
		goto fail;
	}
	if (only_keys(&root, keys, e) == -1)
		goto fail;
	if ((rc = get_str(&root, "agent", false, cfg->agent,
	    sizeof(cfg->agent), e)) == -1)
		goto fail;
	if (rc == 1 && (gethostname(cfg->agent, sizeof(cfg->agent)) == -1 ||
	    cfg->agent[0] == '\0'))
		snprintf(cfg->agent, sizeof(cfg->agent), "localhost");
	cfg->agent[sizeof(cfg->agent) - 1] = '\0';
	if (get_str(&root, "store", false, cfg->store, sizeof(cfg->store),
	    e) == -1 ||
	    get_str(&root, "metricsListen", false, cfg->metrics_listen,
	    sizeof(cfg->metrics_listen), e) == -1)
		goto fail;
	if ((rc = get_int(&root, "retentionDays", 1, 36500, &v, e)) == -1)
		goto fail;
	if (rc == 0)
		cfg->retention = v * 86400 * USEC_PER_SEC;
	if ((a = json_object_get(doc->root, "alerts")) != NULL) {
		if (!json_is_object(a)) {
			child(&root, "alerts", a, &gn);
			az_fail(&gn, NULL, e, "'alerts' must be an object");
			goto fail;
		}
		cfg->alerts = json_incref(a);
	}
	if ((a = json_object_get(doc->root, "testGroups")) == NULL) {
		az_fail(&root, NULL, e, "missing field 'testGroups'");
		goto fail;
	}
	child(&root, "testGroups", a, &gn);
	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > MON_CFG_MAX_GROUPS) {
		az_fail(&gn, NULL, e, "'testGroups' must be an array of "
		    "1..%d groups", MON_CFG_MAX_GROUPS);
		goto fail;
	}
	if ((cfg->groups = erw_calloc(json_array_size(a),
	    sizeof(*cfg->groups))) == NULL) {
		ERR(e, ERR_NOMEM, "out of memory");
		goto fail;
	}
	for (i = 0; i < json_array_size(a); i++) {
		struct az_node n;

		n.doc = doc;
		n.v = json_array_get(a, i);
		snprintf(n.ptr, sizeof(n.ptr), "/testGroups/%zu", i);
		cfg->ngroups++;
		if (cfg_group(&c, cfg, &n, &cfg->groups[i]) == -1)
			goto fail;
		for (j = 0; j < i; j++)
			if (strcmp(cfg->groups[j].name,
			    cfg->groups[i].name) == 0) {
				az_fail(&n, "name", e, "test group '%s' "
				    "twice", cfg->groups[i].name);
				goto fail;
			}
	}
	if ((a = json_object_get(doc->root, "capture")) != NULL) {
		child(&root, "capture", a, &gn);
		if ((cfg->capture = erw_calloc(1, sizeof(*cfg->capture))) ==
		    NULL) {
			ERR(e, ERR_NOMEM, "out of memory");
			goto fail;
		}
		if (mon_cap_cfg_parse(&gn, cfg->capture, e) == -1 ||
		    mon_cap_cfg_check(&gn, cfg, e) == -1)
			goto fail;
	}
	az_doc_free(doc);
	*out = cfg;
	return 0;
fail:
	az_doc_free(doc);
	mon_config_free(cfg);
	return -1;
}

void
mon_config_free(struct mon_config *cfg)
{
	size_t i, j, k;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->ngroups; i++) {
		struct mon_cfg_group *g = &cfg->groups[i];

		for (j = 0; j < g->neps; j++) {
			free(g->eps[j].md5_file);
			for (k = 0; g->eps[j].argv && g->eps[j].argv[k]; k++)
				free(g->eps[j].argv[k]);
			free(g->eps[j].argv);
		}
		free(g->eps);
	}
	free(cfg->groups);
	free(cfg->capture);
	json_decref(cfg->alerts);
	free(cfg);
}
