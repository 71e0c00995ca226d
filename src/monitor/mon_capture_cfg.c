/*
 * mon_capture_cfg: the config's "capture" object (docs/monitor.md,
 * "Capture on trigger") into struct mon_cap_cfg, every refusal naming the
 * member's JSON pointer located to line:column (az_fail), as the rest of
 * mon_config.c does.  No member is free text that reaches libpcap: the
 * filter is built from the endpoints' addresses (mon_capture.c), and the
 * interface names are checked against what Linux allows in a name.
 */
#include <string.h>

#include "mon_capture.h"
#include "mon_config.h"

static void
member(const struct az_node *obj, const char *key, json_t *v,
    struct az_node *out)
{
	out->doc = obj->doc;
	out->v = v;
	if (snprintf(out->ptr, sizeof(out->ptr), "%s/%s", obj->ptr, key) >=
	    (int)sizeof(out->ptr))
		out->ptr[sizeof(out->ptr) - 1] = '\0';
}

/* 0, 1 when absent, -1 with e. */
static int
int_member(const struct az_node *obj, const char *key, int64_t min,
    int64_t max, int64_t *out, struct err *e)
{
	json_t *v = json_object_get(obj->v, key);

	if (v == NULL)
		return 1;
	if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max)
		return az_fail(obj, key, e, "'%s' must be an integer in "
		    "%lld..%lld", key, (long long)min, (long long)max);
	*out = json_integer_value(v);
	return 0;
}

static int
str_value(const struct az_node *n, const char *what, char *dst, size_t len,
    struct err *e)
{
	if (!json_is_string(n->v) || json_string_length(n->v) == 0 ||
	    json_string_length(n->v) >= len ||
	    strlen(json_string_value(n->v)) != json_string_length(n->v))
		return az_fail(n, NULL, e, "%s must be a string of 1..%zu "
		    "characters", what, len - 1);
	memcpy(dst, json_string_value(n->v), json_string_length(n->v) + 1);
	return 0;
}

/* An interface name as the kernel allows one (IFNAMSIZ, no '/' or
 * blank), so that a name can only ever name an interface. */
static bool
good_ifname(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 15 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] == '/' || s[i] == 0x7f)
			return false;
	return true;
}

static int
ifaces(const struct az_node *obj, struct mon_cap_cfg *c, struct err *e)
{
	json_t *a = json_object_get(obj->v, "interfaces");
	struct az_node an, sn;
	size_t i;

	if (a == NULL)
		return az_fail(obj, NULL, e, "missing field 'interfaces'");
	member(obj, "interfaces", a, &an);
	if (json_is_string(a)) {
		if (str_value(&an, "'interfaces'", c->ifaces[0],
		    sizeof(c->ifaces[0]), e) == -1)
			return -1;
		c->nifaces = 1;
	} else if (json_is_array(a) && json_array_size(a) > 0 &&
	    json_array_size(a) <= MON_CAP_MAX_IFACES) {
		for (i = 0; i < json_array_size(a); i++) {
			sn.doc = an.doc;
			sn.v = json_array_get(a, i);
			snprintf(sn.ptr, sizeof(sn.ptr), "%.*s/%zu",
			    (int)(sizeof(sn.ptr) - 24), an.ptr, i);
			if (str_value(&sn, "an interface", c->ifaces[i],
			    sizeof(c->ifaces[i]), e) == -1)
				return -1;
			c->nifaces++;
		}
	} else
		return az_fail(&an, NULL, e, "'interfaces' must be \"any\", "
		    "an interface name or an array of 1..%d of them",
		    MON_CAP_MAX_IFACES);
	for (i = 0; i < c->nifaces; i++) {
		if (!good_ifname(c->ifaces[i]))
			return az_fail(&an, NULL, e, "'%s' is not an "
			    "interface name", c->ifaces[i]);
		/* "any" captures every interface: beside another it would
		 * save each packet twice */
		if (c->nifaces > 1 && strcmp(c->ifaces[i], "any") == 0)
			return az_fail(&an, NULL, e, "\"any\" must be the only "
			    "interface");
	}
	return 0;
}

/* "groups" or "endpoints": an array of names. */
static int
names(const struct az_node *obj, const char *key, char *dst, size_t width,
    size_t *count, struct err *e)
{
	json_t *a = json_object_get(obj->v, key);
	struct az_node an, sn;
	size_t i;

	*count = 0;
	if (a == NULL)
		return 0;
	member(obj, key, a, &an);
	if (!json_is_array(a) || json_array_size(a) > MON_CAP_MAX_SCOPE)
		return az_fail(&an, NULL, e, "'%s' must be an array of at "
		    "most %d names", key, MON_CAP_MAX_SCOPE);
	for (i = 0; i < json_array_size(a); i++) {
		sn.doc = an.doc;
		sn.v = json_array_get(a, i);
		snprintf(sn.ptr, sizeof(sn.ptr), "%.*s/%zu",
		    (int)(sizeof(sn.ptr) - 24), an.ptr, i);
		if (str_value(&sn, "a name", dst + i * width, width, e) == -1)
			return -1;
		(*count)++;
	}
	return 0;
}

int
mon_cap_cfg_parse(const struct az_node *n, struct mon_cap_cfg *c,
    struct err *e)
{
	static const char *const keys[] = { "interfaces", "ringBytes",
		"ringSeconds", "secondsBefore", "secondsAfter", "directory",
		"groups", "endpoints", "snaplen", "maxCaptures", "maxDiskMB",
		"whenFull", NULL };
	struct az_node dn;
	const char *k;
	json_t *v;
	int64_t x;
	size_t i;
	int rc;

	memset(c, 0, sizeof(*c));
	if (!json_is_object(n->v))
		return az_fail(n, NULL, e, "'capture' must be an object");
	json_object_foreach(n->v, k, v) {
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(k, keys[i]) == 0)
				break;
		if (keys[i] == NULL)
			return az_fail(n, k, e, "unknown field '%s'", k);
	}
	c->ring_bytes = MON_CAP_DEF_RING;
	c->before = MON_CAP_DEF_BEFORE * USEC_PER_SEC;
	c->after = MON_CAP_DEF_AFTER * USEC_PER_SEC;
	c->snaplen = MON_CAP_DEF_SNAPLEN;
	c->max_captures = MON_CAP_DEF_MAX_CAPTURES;
	c->max_disk = MON_CAP_DEF_DISK;
	c->when_full = MON_CAP_FULL_REFUSE;
	if (ifaces(n, c, e) == -1)
		return -1;
	if ((rc = int_member(n, "ringBytes", (int64_t)MON_CAP_MIN_RING,
	    (int64_t)MON_CAP_MAX_RING, &x, e)) == -1)
		return -1;
	if (rc == 0)
		c->ring_bytes = (uint64_t)x;
	if ((rc = int_member(n, "ringSeconds", 1, MON_CAP_MAX_WINDOW, &x,
	    e)) == -1)
		return -1;
	if (rc == 0)
		c->ring_usec = x * USEC_PER_SEC;
	if ((rc = int_member(n, "secondsBefore", 0, MON_CAP_MAX_WINDOW, &x,
	    e)) == -1)
		return -1;
	if (rc == 0)
		c->before = x * USEC_PER_SEC;
	if ((rc = int_member(n, "secondsAfter", 0, MON_CAP_MAX_WINDOW, &x,
	    e)) == -1)
		return -1;
	if (rc == 0)
		c->after = x * USEC_PER_SEC;
	/* the ring must hold what a trigger saves from before it */
	if (c->ring_usec > 0 && c->before > c->ring_usec)
		return az_fail(n, "secondsBefore", e, "'secondsBefore' is "
		    "longer than 'ringSeconds'");
	if ((rc = int_member(n, "snaplen", MON_CAP_MIN_SNAPLEN,
	    MON_CAP_MAX_SNAPLEN, &x, e)) == -1)
		return -1;
	if (rc == 0)
		c->snaplen = (uint32_t)x;
	if ((rc = int_member(n, "maxCaptures", 1, 100000, &x, e)) == -1)
		return -1;
	if (rc == 0)
		c->max_captures = (unsigned)x;
	if ((rc = int_member(n, "maxDiskMB", 1, 1024 * 1024, &x, e)) == -1)
		return -1;
	if (rc == 0)
		c->max_disk = (uint64_t)x * 1024 * 1024;
	if ((v = json_object_get(n->v, "directory")) == NULL)
		return az_fail(n, NULL, e, "missing field 'directory'");
	member(n, "directory", v, &dn);
	if (str_value(&dn, "'directory'", c->dir, sizeof(c->dir), e) == -1)
		return -1;
	if ((v = json_object_get(n->v, "whenFull")) != NULL) {
		member(n, "whenFull", v, &dn);
		if (json_is_string(v) &&
		    strcmp(json_string_value(v), "refuse") == 0)
			c->when_full = MON_CAP_FULL_REFUSE;
		else if (json_is_string(v) &&
		    strcmp(json_string_value(v), "deleteOldest") == 0)
			c->when_full = MON_CAP_FULL_DELETE_OLDEST;
		else
			return az_fail(&dn, NULL, e, "'whenFull' must be "
			    "\"refuse\" or \"deleteOldest\"");
	}
	if (names(n, "groups", c->groups[0], sizeof(c->groups[0]),
	    &c->ngroups, e) == -1 ||
	    names(n, "endpoints", c->endpoints[0], sizeof(c->endpoints[0]),
	    &c->nendpoints, e) == -1)
		return -1;
	return 0;
}

/* Empty scope: every endpoint. */
bool
mon_cap_in_scope(const struct mon_cap_cfg *c, const char *group,
    const char *name)
{
	size_t i;

	if (c->ngroups == 0 && c->nendpoints == 0)
		return true;
	for (i = 0; i < c->ngroups; i++)
		if (strcmp(c->groups[i], group) == 0)
			return true;
	for (i = 0; i < c->nendpoints; i++) {
		size_t n = strlen(c->endpoints[i]);

		if (strcmp(c->endpoints[i], name) == 0)
			return true;
		/* a router_state endpoint's neighbors: "router:frr:ADDR" */
		if (strncmp(name, "router:", 7) == 0 &&
		    strncmp(c->endpoints[i], name, n) == 0 && name[n] == ':')
			return true;
	}
	return false;
}

int
mon_cap_cfg_check(const struct az_node *n, const struct mon_config *cfg,
    struct err *e)
{
	const struct mon_cap_cfg *c = cfg->capture;
	size_t i, g, k;
	bool found;

	/* a misspelt name would silently capture nothing */
	for (i = 0; i < c->ngroups; i++) {
		for (g = 0, found = false; g < cfg->ngroups && !found; g++)
			found = strcmp(cfg->groups[g].name, c->groups[i]) == 0;
		if (!found)
			return az_fail(n, "groups", e, "no test group '%s'",
			    c->groups[i]);
	}
	for (i = 0; i < c->nendpoints; i++) {
		found = false;
		for (g = 0; g < cfg->ngroups && !found; g++)
			for (k = 0; k < cfg->groups[g].neps && !found; k++)
				found = strcmp(cfg->groups[g].eps[k].ep.name,
				    c->endpoints[i]) == 0;
		if (!found)
			return az_fail(n, "endpoints", e, "no endpoint '%s'",
			    c->endpoints[i]);
	}
	return 0;
}
