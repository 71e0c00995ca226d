/*
 * mon_alert_payload: what an alert says, in the Azure Monitor common alert
 * schema (schemaId "azureMonitorCommonAlertSchema", essentials version
 * 1.0), so that an action group's webhook, a Logic App or a Function that
 * takes Azure's own alerts takes the monitor's unchanged.  The essentials
 * carry the routing fields (rule, severity, condition, target); the
 * alert context carries the endpoint and the evaluation that changed its
 * health.  Also the alert's identity and the retry schedule: both pure,
 * so that the unit tests pin them.
 */
#include <syslog.h>

#include "mon_alert_int.h"

/* FNV-1a, 64 bits, over s and a separator, from h. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= 0xff;
	return h * 0x100000001b3ULL;
}

/*
 * Not random: the Resolved must rebuild its Fired's id from what both
 * know (the endpoint's identity and when it turned failing), also after a
 * restart between the two.
 */
void
mon_alert_guid(const struct mon_endpoint *ep, usec_t fired_ts, char out[37])
{
	uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
	uint8_t ts[8];
	int i;

	for (i = 0; i < 8; i++)
		ts[i] = (uint8_t)((uint64_t)fired_ts >> (8 * i));
	a = fnv(a, ep->agent, strlen(ep->agent));
	a = fnv(a, ep->group, strlen(ep->group));
	a = fnv(a, ep->name, strlen(ep->name));
	a = fnv(a, ts, sizeof(ts));
	b = fnv(b, ts, sizeof(ts));
	b = fnv(b, ep->name, strlen(ep->name));
	b = fnv(b, ep->group, strlen(ep->group));
	b = fnv(b, ep->agent, strlen(ep->agent));
	/* version 8 (RFC 9562 custom), variant 10 */
	a = (a & ~0xf000ULL) | 0x8000ULL;
	b = (b & ~(0x3ULL << 62)) | (0x2ULL << 62);
	snprintf(out, 37, "%08llx-%04llx-%04llx-%04llx-%012llx",
	    (unsigned long long)(a >> 32),
	    (unsigned long long)((a >> 16) & 0xffff),
	    (unsigned long long)(a & 0xffff),
	    (unsigned long long)(b >> 48),
	    (unsigned long long)(b & 0xffffffffffffULL));
}

static int
set(json_t *o, const char *k, json_t *v)
{
	/* json_object_set_new takes v even when it fails */
	return v == NULL || json_object_set_new(o, k, v) == -1 ? -1 : 0;
}

static json_t *
iso(usec_t t)
{
	char buf[40];

	return json_string(time_iso(t, buf, sizeof(buf)));
}

static json_t *
target_id(const struct mon_endpoint *ep)
{
	char buf[320];

	/* lower case, as Azure writes resource ids in alertTargetIDs */
	snprintf(buf, sizeof(buf), "erwatch://%s/%s/%s", ep->agent, ep->group,
	    ep->name);
	for (char *p = buf; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return json_string(buf);
}

static json_t *
context(const struct mon_state_change *sc)
{
	const struct mon_endpoint *ep = sc->ep;
	json_t *c, *epj;

	if ((c = json_object()) == NULL)
		return NULL;
	if ((epj = json_object()) == NULL || set(c, "endpoint", epj) == -1 ||
	    set(epj, "agent", json_string(ep->agent)) == -1 ||
	    set(epj, "group", json_string(ep->group)) == -1 ||
	    set(epj, "name", json_string(ep->name)) == -1 ||
	    set(epj, "kind", json_string(mon_kind_name(ep->kind))) == -1 ||
	    set(epj, "address", json_string(ep->address)) == -1 ||
	    set(epj, "port", json_integer(ep->port)) == -1 ||
	    set(epj, "path", json_string(ep->path)) == -1 ||
	    set(c, "previousState", json_string(mon_health_name(sc->from))) ==
	    -1 ||
	    set(c, "state", json_string(mon_health_name(sc->to))) == -1 ||
	    set(c, "checks", json_integer(sc->checks)) == -1 ||
	    set(c, "failed", json_integer(sc->failed)) == -1 ||
	    set(c, "roundTripTimeMs", sc->rtt_avg_us < 0 ? json_null() :
	    json_real((double)sc->rtt_avg_us / 1000.0)) == -1 ||
	    set(c, "reason", json_string(sc->reason)) == -1 ||
	    set(c, "stateChangeId", json_integer(sc->id)) == -1 ||
	    set(c, "timestamp", iso(sc->ts)) == -1) {
		json_decref(c);
		return NULL;
	}
	return c;
}

char *
mon_alert_payload(const struct mon_alert_rule *r,
    const struct mon_state_change *sc, usec_t fired_ts, struct err *e)
{
	const struct mon_endpoint *ep = sc->ep;
	bool fired = sc->to == MON_HEALTH_FAILING;
	json_t *root = NULL, *data, *ess, *targets, *items;
	char guid[37], id[400], origin[400], desc[512], sev[8];
	char *out = NULL;

	mon_alert_guid(ep, fired ? sc->ts : fired_ts, guid);
	snprintf(id, sizeof(id), "/erwatch/agents/%s/alerts/%s", ep->agent,
	    guid);
	snprintf(origin, sizeof(origin), "%s_%s_%s_%lld", ep->agent,
	    ep->group, ep->name, (long long)(fired ? sc->ts : fired_ts));
	snprintf(sev, sizeof(sev), "Sev%d", r->severity);
	if (fired)
		snprintf(desc, sizeof(desc), "%s (group %s, agent %s) is "
		    "failing: %d of %d checks failed%s%s", ep->name, ep->group,
		    ep->agent, sc->failed, sc->checks,
		    sc->reason[0] != '\0' ? ": " : "", sc->reason);
	else
		snprintf(desc, sizeof(desc), "%s (group %s, agent %s) is "
		    "healthy again: %d of %d checks failed", ep->name,
		    ep->group, ep->agent, sc->failed, sc->checks);

	if ((root = json_object()) == NULL ||
	    set(root, "schemaId", json_string("azureMonitorCommonAlertSchema"))
	    == -1 ||
	    (data = json_object()) == NULL || set(root, "data", data) == -1 ||
	    (ess = json_object()) == NULL || set(data, "essentials", ess) == -1 ||
	    set(ess, "alertId", json_string(id)) == -1 ||
	    set(ess, "alertRule", json_string(r->name)) == -1 ||
	    set(ess, "severity", json_string(sev)) == -1 ||
	    set(ess, "signalType", json_string("Metric")) == -1 ||
	    set(ess, "monitorCondition", json_string(fired ? "Fired" :
	    "Resolved")) == -1 ||
	    set(ess, "monitoringService", json_string("erwatch monitor")) ==
	    -1 ||
	    (targets = json_array()) == NULL ||
	    set(ess, "alertTargetIDs", targets) == -1 ||
	    json_array_append_new(targets, target_id(ep)) == -1 ||
	    (items = json_array()) == NULL ||
	    set(ess, "configurationItems", items) == -1 ||
	    json_array_append_new(items, json_string(ep->name)) == -1 ||
	    set(ess, "originAlertId", json_string(origin)) == -1 ||
	    set(ess, "firedDateTime", iso(fired ? sc->ts : fired_ts)) == -1 ||
	    (!fired && set(ess, "resolvedDateTime", iso(sc->ts)) == -1) ||
	    set(ess, "description", json_string(desc)) == -1 ||
	    set(ess, "essentialsVersion", json_string("1.0")) == -1 ||
	    set(ess, "alertContextVersion", json_string("1.0")) == -1 ||
	    set(data, "alertContext", context(sc)) == -1 ||
	    (out = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
	    NULL)
		ERR(e, ERR_NOMEM, "out of memory building an alert payload");
	json_decref(root);
	return out;
}

usec_t
mon_backoff_delay(const struct mon_backoff *b, int attempts, uint32_t rnd)
{
	usec_t d = b->initial;
	int i;

	for (i = 1; i < attempts && d < b->max; i++)
		d *= 2;
	if (d > b->max)
		d = b->max;
	/* equal jitter: half fixed, half random */
	return d / 2 + (usec_t)((uint64_t)(d - d / 2) * rnd / UINT32_MAX);
}

int
mon_alert_syslog_prio(int severity, bool resolved)
{
	static const int prio[] = { LOG_CRIT, LOG_ERR, LOG_WARNING,
	    LOG_NOTICE, LOG_INFO };

	if (resolved)
		return LOG_NOTICE;
	if (severity < 0 || severity > 4)
		return LOG_WARNING;
	return prio[severity];
}
