/*
 * JSON outputs: FRR `show bgp [vrf all] summary json` and `show bgp
 * [vrf all] neighbors json`, Junos `show bgp summary | display json` and
 * `show bgp neighbor | display json` (jansson).
 *
 * Shapes, found by walking rather than by fixed paths, because the
 * wrapping varies with the command's arguments:
 *  - FRR summary: an object with "peers" (address -> {"remoteAs",
 *    "localAs", "state", "pfxRcd", "peerUptimeMsec", ...}) and "as",
 *    "routerId", "vrfName"; under an address-family key ("ipv4Unicast"),
 *    itself under a VRF key with `vrf all`.
 *  - FRR neighbors: address -> {"bgpState", "remoteAs", "localAs",
 *    "bgpTimerHoldTimeMsecs", "connectionsDropped",
 *    "lastNotificationReason", "authenticationEnabled",
 *    "addressFamilyInfo": {af: {"acceptedPrefixCounter"}}}, under a VRF
 *    key with `vrf all`.
 *  - Junos: {"bgp-information": [{"bgp-peer": [{...}]}]}, every leaf an
 *    array of {"data": "..."}.
 * A pasted JSON document cut short is closed at its last complete member
 * (json_salvage()) and parsed as far as it goes; the section is marked
 * truncated.  Nesting deeper than LIMIT_JSON_DEPTH is not parsed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "router_int.h"

/* ------------------------------------------------------------------ */
/* Cut documents                                                       */
/* ------------------------------------------------------------------ */

/*
 * Scan s[0..n): the nesting must stay within LIMIT_JSON_DEPTH (-1 if
 * not).  When the document is cut inside, *out gets a copy closed after
 * its last complete member (caller frees) and 1 is returned; 0 when it
 * is whole (or not salvageable); -2 when out of memory.
 */
static int
json_salvage(const char *s, size_t n, char **out, size_t *outlen)
{
	char stack[LIMIT_JSON_DEPTH], saved[LIMIT_JSON_DEPTH];
	size_t depth = 0, sdepth = 0, cut = 0, i, j;
	bool str = false, esc = false;
	char *b;

	*out = NULL;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				str = false;
			continue;
		}
		switch (c) {
		case '"':
			str = true;
			break;
		case '{':
		case '[':
			if (depth >= LIMIT_JSON_DEPTH)
				return -1;
			stack[depth++] = c;
			/* an empty container is a safe place to close */
			memcpy(saved, stack, depth);
			sdepth = depth;
			cut = i + 1;
			break;
		case '}':
		case ']':
			if (depth > 0)
				depth--;
			if (depth == 0)
				return 0;	/* whole */
			break;
		case ',':
			memcpy(saved, stack, depth);
			sdepth = depth;
			cut = i;
			break;
		default:
			break;
		}
	}
	if (depth == 0 || sdepth == 0)
		return 0;
	if ((b = erw_malloc(cut + sdepth + 1)) == NULL)
		return -2;
	memcpy(b, s, cut);
	for (j = sdepth; j > 0; j--)
		b[cut++] = saved[j - 1] == '{' ? '}' : ']';
	b[cut] = '\0';
	*out = b;
	*outlen = cut;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

/* The line where "key" first appears as a JSON string, for evidence
 * (jansson keeps no positions); the section's first line if nowhere. */
static uint32_t
key_line(const struct rparse *rp, const char *key)
{
	char q[NET_ADDR_STRLEN + 4];
	size_t i;

	if (strlen(key) > NET_ADDR_STRLEN)
		return rp->l[0].no;
	snprintf(q, sizeof(q), "\"%s", key);
	for (i = 0; i < rp->n; i++)
		if (rfind(rp->l[i].s, rp->l[i].n, q) >= 0)
			return rp->l[i].no;
	return rp->l[0].no;
}

static int64_t
jnum(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	uint64_t u;

	if (json_is_integer(v))
		return json_integer_value(v) >= 0 ? json_integer_value(v) : -1;
	if (json_is_string(v) && rparse_u64(json_string_value(v),
	    strlen(json_string_value(v)), &u) == 0 && u < (1ULL << 62))
		return (int64_t)u;
	return -1;
}

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool
jasn(json_t *o, const char *key, uint32_t *out)
{
	json_t *v = json_object_get(o, key);
	const char *s;

	if (json_is_integer(v) && json_integer_value(v) >= 0 &&
	    json_integer_value(v) <= (json_int_t)UINT32_MAX) {
		*out = (uint32_t)json_integer_value(v);
		return true;
	}
	s = json_is_string(v) ? json_string_value(v) : NULL;
	return s != NULL && router_asn_parse(s, strlen(s), out) == 0;
}

static void
jstate(struct router_neighbor *nb, const char *s)
{
	if (s == NULL)
		return;
	rcopy(nb->state_text, sizeof(nb->state_text), s, strlen(s));
	nb->state = router_state_parse(s, strlen(s), &nb->admin_down);
	if (rfind(s, strlen(s), "PfxCt") >= 0)
		nb->max_prefix = true;
}

/* ------------------------------------------------------------------ */
/* FRR                                                                 */
/* ------------------------------------------------------------------ */

static int
frr_summary(struct rparse *rp, json_t *tbl, const char *af, const char *vrf)
{
	json_t *peers = json_object_get(tbl, "peers"), *p;
	struct router_neighbor nb;
	const char *addr, *s;
	uint32_t las = 0;
	bool has_las = jasn(tbl, "as", &las);
	struct net_addr rid;
	int64_t v;

	memset(&rid, 0, sizeof(rid));
	if ((s = jstr(tbl, "routerId")) != NULL)
		(void)raddr_parse(s, strlen(s), &rid);
	if ((s = jstr(tbl, "vrfName")) != NULL)
		vrf = s;
	rp->sec->kind = ROUTER_KIND_SUMMARY;
	json_object_foreach(peers, addr, p) {
		if (!json_is_object(p))
			continue;
		rnb_init(rp, &nb, key_line(rp, addr));
		if (raddr_parse(addr, strlen(addr), &nb.addr) == -1)
			continue;
		rvrf(nb.vrf, sizeof(nb.vrf), vrf, strlen(vrf));
		rcopy(nb.afi, sizeof(nb.afi), af, strlen(af));
		nb.has_remote_as = jasn(p, "remoteAs", &nb.remote_as);
		nb.has_local_as = jasn(p, "localAs", &nb.local_as);
		if (!nb.has_local_as && has_las) {
			nb.local_as = las;
			nb.has_local_as = true;
		}
		nb.local_id = rid;
		jstate(&nb, jstr(p, "state"));
		if ((s = jstr(p, "peerState")) != NULL &&
		    rfind(s, strlen(s), "Admin") >= 0)
			nb.admin_down = true;
		nb.pfx_received = jnum(p, "pfxRcd");
		if ((v = jnum(p, "peerUptimeMsec")) >= 0)
			nb.updown_s = v / 1000;
		nb.flaps = jnum(p, "connectionsDropped");
		if ((s = jstr(p, "desc")) != NULL)
			rcopy(nb.description, sizeof(nb.description), s,
			    strlen(s));
		nb.vendor = ROUTER_VENDOR_FRR;
		if (rnb_add(rp, &nb) == -1)
			return -1;
	}
	return 0;
}

static int
frr_neighbor(struct rparse *rp, const char *addr, json_t *p, const char *vrf)
{
	struct router_neighbor nb;
	json_t *afs, *a;
	const char *s, *k;
	int64_t v;
	int c, sc;

	rnb_init(rp, &nb, key_line(rp, addr));
	if (raddr_parse(addr, strlen(addr), &nb.addr) == -1)
		return 0;
	rvrf(nb.vrf, sizeof(nb.vrf), vrf, strlen(vrf));
	rp->sec->kind = ROUTER_KIND_NEIGHBORS;
	nb.has_remote_as = jasn(p, "remoteAs", &nb.remote_as);
	nb.has_local_as = jasn(p, "localAs", &nb.local_as);
	if ((s = jstr(p, "remoteRouterId")) != NULL &&
	    strcmp(s, "0.0.0.0") != 0)
		(void)raddr_parse(s, strlen(s), &nb.router_id);
	if ((s = jstr(p, "localRouterId")) != NULL)
		(void)raddr_parse(s, strlen(s), &nb.local_id);
	/* the TCP ends; "Unknown" and -1 when not connected */
	if ((s = jstr(p, "hostLocal")) != NULL &&
	    raddr_parse(s, strlen(s), &nb.local_addr) == 0 &&
	    (v = jnum(p, "portLocal")) > 0 && v <= 65535)
		nb.local_port = (uint16_t)v;
	if ((v = jnum(p, "portForeign")) > 0 && v <= 65535)
		nb.remote_port = (uint16_t)v;
	jstate(&nb, jstr(p, "bgpState"));
	if ((s = jstr(p, "adminShutDown")) != NULL ||
	    json_is_true(json_object_get(p, "adminShutDown")))
		nb.admin_down = true;
	if ((v = jnum(p, "bgpTimerUpMsec")) >= 0)
		nb.updown_s = v / 1000;
	if ((v = jnum(p, "bgpTimerConfiguredHoldTimeMsecs")) >= 0)
		nb.hold_cfg = v / 1000;
	if ((v = jnum(p, "bgpTimerConfiguredKeepAliveIntervalMsecs")) >= 0)
		nb.keepalive_cfg = v / 1000;
	if ((v = jnum(p, "bgpTimerHoldTimeMsecs")) >= 0)
		nb.hold = v / 1000;
	if ((v = jnum(p, "bgpTimerKeepAliveIntervalMsecs")) >= 0)
		nb.keepalive = v / 1000;
	nb.flaps = jnum(p, "connectionsDropped");
	if (jnum(p, "authenticationEnabled") > 0)
		nb.md5 = ROUTER_YES;
	if ((s = jstr(p, "lastNotificationReason")) != NULL) {
		rcopy(nb.last_error, sizeof(nb.last_error), s, strlen(s));
		if (router_notification_parse(s, strlen(s), &c, &sc) == 0) {
			nb.err_code = (uint8_t)c;
			nb.err_subcode = (uint8_t)(sc < 0 ? 0 : sc);
		}
	}
	/* "0601": code and subcode in hex */
	if ((s = jstr(p, "lastErrorCodeSubcode")) != NULL && strlen(s) == 4) {
		unsigned long x = strtoul(s, NULL, 16);

		nb.err_code = (uint8_t)(x >> 8);
		nb.err_subcode = (uint8_t)(x & 0xff);
	}
	if ((s = jstr(p, "lastResetDueTo")) != NULL)
		rcopy(nb.reset_reason, sizeof(nb.reset_reason), s, strlen(s));
	if (json_is_true(json_object_get(p, "prefixesConfigExceedMax")) ||
	    (nb.err_code == 6 && nb.err_subcode == 1))
		nb.max_prefix = true;
	if ((s = jstr(p, "nbrDesc")) != NULL)
		rcopy(nb.description, sizeof(nb.description), s, strlen(s));
	afs = json_object_get(p, "addressFamilyInfo");
	json_object_foreach(afs, k, a) {
		if ((v = jnum(a, "acceptedPrefixCounter")) >= 0) {
			nb.pfx_accepted = (nb.pfx_accepted < 0 ? 0 :
			    nb.pfx_accepted) + v;
			if (nb.afi[0] == '\0')
				rcopy(nb.afi, sizeof(nb.afi), k, strlen(k));
		}
	}
	/* a neighbor with several families: the session, not one family */
	if (json_object_size(afs) > 1)
		nb.afi[0] = '\0';
	else if (nb.afi[0] != '\0') {
		/* "ipv4Unicast" -> the summary's "IPv4 Unicast" */
		if (strcmp(nb.afi, "ipv4Unicast") == 0)
			str_copy(nb.afi, "IPv4 Unicast", sizeof(nb.afi));
		else if (strcmp(nb.afi, "ipv6Unicast") == 0)
			str_copy(nb.afi, "IPv6 Unicast", sizeof(nb.afi));
		else
			nb.afi[0] = '\0';
	}
	nb.vendor = ROUTER_VENDOR_FRR;
	return rnb_add(rp, &nb);
}

/* "ipv4Unicast" -> "IPv4 Unicast" for the summary tables */
static void
af_name(char *dst, size_t len, const char *key)
{
	if (strcmp(key, "ipv4Unicast") == 0)
		str_copy(dst, "IPv4 Unicast", len);
	else if (strcmp(key, "ipv6Unicast") == 0)
		str_copy(dst, "IPv6 Unicast", len);
	else if (strcmp(key, "ipv4Vpn") == 0)
		str_copy(dst, "VPNv4 Unicast", len);
	else if (strcmp(key, "ipv6Vpn") == 0)
		str_copy(dst, "VPNv6 Unicast", len);
	else
		rcopy(dst, len, key, strlen(key));
}

static int
frr_walk(struct rparse *rp, json_t *o, const char *key, const char *vrf,
    int depth)
{
	const char *k;
	json_t *v;
	char af[32];
	struct net_addr a;

	if (!json_is_object(o) || depth > 3)
		return 0;
	if (json_is_object(json_object_get(o, "peers"))) {
		af_name(af, sizeof(af), key);
		return frr_summary(rp, o, key[0] != '\0' ? af : "", vrf);
	}
	json_object_foreach(o, k, v) {
		if (!json_is_object(v))
			continue;
		if (json_object_get(v, "bgpState") != NULL &&
		    raddr_parse(k, strlen(k), &a) == 0) {
			if (frr_neighbor(rp, k, v, vrf) == -1)
				return -1;
			continue;
		}
		/* a VRF ("default", "CUST") or an address family */
		if (frr_walk(rp, v, k, depth == 0 &&
		    strstr(k, "Unicast") == NULL && strstr(k, "Vpn") == NULL &&
		    strstr(k, "Multicast") == NULL ? k : vrf, depth + 1) == -1)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Junos                                                               */
/* ------------------------------------------------------------------ */

/* "peer-as": [{"data": "12076"}] -> "12076" */
static const char *
jd(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_array(v))
		v = json_array_get(v, 0);
	if (json_is_object(v))
		v = json_object_get(v, "data");
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int64_t
jdnum(json_t *o, const char *key)
{
	const char *s = jd(o, key);
	uint64_t u;

	if (s == NULL || rparse_u64(s, strlen(s), &u) == -1 || u >= 1ULL << 62)
		return -1;
	return (int64_t)u;
}

static int
junos_peer(struct rparse *rp, json_t *p)
{
	struct router_neighbor nb;
	json_t *ribs, *rib, *opt;
	const char *s;
	size_t i;
	int64_t v;
	int c, sc;

	if ((s = jd(p, "peer-address")) == NULL)
		return 0;
	rnb_init(rp, &nb, key_line(rp, s));
	if (raddr_parse(s, strlen(s), &nb.addr) == -1)
		return 0;
	nb.remote_port = rjunos_port(s, strlen(s));
	/* "10.0.0.1+60321"; summary rows have no local address */
	if ((s = jd(p, "local-address")) != NULL &&
	    raddr_parse(s, strlen(s), &nb.local_addr) == 0)
		nb.local_port = rjunos_port(s, strlen(s));
	if ((s = jd(p, "peer-as")) != NULL &&
	    router_asn_parse(s, strlen(s), &nb.remote_as) == 0)
		nb.has_remote_as = true;
	if ((s = jd(p, "local-as")) != NULL &&
	    router_asn_parse(s, strlen(s), &nb.local_as) == 0)
		nb.has_local_as = true;
	jstate(&nb, jd(p, "peer-state"));
	if ((s = jd(p, "peer-cfg-rti")) != NULL ||
	    (s = jd(p, "peer-fwd-rti")) != NULL)
		rvrf(nb.vrf, sizeof(nb.vrf), s, strlen(s));
	if ((s = jd(p, "description")) != NULL)
		rcopy(nb.description, sizeof(nb.description), s, strlen(s));
	if ((s = jd(p, "peer-id")) != NULL)
		(void)raddr_parse(s, strlen(s), &nb.router_id);
	nb.flaps = jdnum(p, "flap-count");
	nb.hold = jdnum(p, "active-holdtime");
	nb.keepalive = jdnum(p, "keepalive-interval");
	{
		json_t *et = json_object_get(p, "elapsed-time"), *at;

		if (json_is_array(et))
			et = json_array_get(et, 0);
		at = json_object_get(et, "attributes");
		if ((s = jstr(at, "junos:seconds")) != NULL)
			nb.updown_s = jnum(at, "junos:seconds");
		else if ((s = jd(p, "elapsed-time")) != NULL)
			nb.updown_s = router_duration_parse(s, strlen(s));
	}
	if ((s = jd(p, "last-error")) != NULL && strcmp(s, "None") != 0) {
		rcopy(nb.last_error, sizeof(nb.last_error), s, strlen(s));
		if (router_notification_parse(s, strlen(s), &c, &sc) == 0) {
			nb.err_code = (uint8_t)c;
			nb.err_subcode = (uint8_t)(sc < 0 ? 0 : sc);
			nb.max_prefix = c == 6 && sc == 1;
		}
	}
	if ((s = jd(p, "last-flap-event")) != NULL)
		rcopy(nb.reset_reason, sizeof(nb.reset_reason), s, strlen(s));
	opt = json_object_get(p, "bgp-option-information");
	if (json_is_array(opt))
		opt = json_array_get(opt, 0);
	if (json_is_object(opt)) {
		nb.hold_cfg = jdnum(opt, "holdtime");
		if ((s = jd(opt, "bgp-options")) != NULL &&
		    rfind(s, strlen(s), "AuthKey") >= 0)
			nb.md5 = ROUTER_YES;
		if (jd(opt, "authentication-configured") != NULL ||
		    json_object_get(opt, "authentication-configured") != NULL)
			nb.md5 = ROUTER_YES;
	}
	ribs = json_object_get(p, "bgp-rib");
	for (i = 0; json_is_array(ribs) && i < json_array_size(ribs); i++) {
		rib = json_array_get(ribs, i);
		if ((s = jd(rib, "name")) != NULL && strncmp(s, "bgp.", 4) == 0)
			continue;
		if ((v = jdnum(rib, "received-prefix-count")) >= 0)
			nb.pfx_received = (nb.pfx_received < 0 ? 0 :
			    nb.pfx_received) + v;
		if ((v = jdnum(rib, "accepted-prefix-count")) >= 0)
			nb.pfx_accepted = (nb.pfx_accepted < 0 ? 0 :
			    nb.pfx_accepted) + v;
	}
	nb.vendor = ROUTER_VENDOR_JUNOS;
	rp->sec->vendor = ROUTER_VENDOR_JUNOS;
	/* summary rows have no local address; neighbor output has it */
	if (rp->sec->kind == ROUTER_KIND_NONE)
		rp->sec->kind = json_object_get(p, "local-address") != NULL ?
		    ROUTER_KIND_NEIGHBORS : ROUTER_KIND_SUMMARY;
	return rnb_add(rp, &nb);
}

static int
junos(struct rparse *rp, json_t *root)
{
	json_t *bi = json_object_get(root, "bgp-information"), *peers, *b;
	size_t i, j;

	if (json_is_object(bi)) {
		json_t *a = json_array();

		/* one object where arrays are usual: treat alike */
		if (a == NULL || json_array_append(a, bi) == -1) {
			json_decref(a);
			return -1;
		}
		bi = a;
	} else
		json_incref(bi);
	for (i = 0; json_is_array(bi) && i < json_array_size(bi); i++) {
		b = json_array_get(bi, i);
		peers = json_object_get(b, "bgp-peer");
		for (j = 0; json_is_array(peers) &&
		    j < json_array_size(peers); j++)
			if (junos_peer(rp, json_array_get(peers, j)) == -1) {
				json_decref(bi);
				return -1;
			}
	}
	json_decref(bi);
	return 0;
}

int
router_parse_json(struct rparse *rp)
{
	const char *s;
	size_t n, sn;
	char *fixed = NULL;
	json_error_t je;
	json_t *root;
	uint64_t f0;
	int rc = 0, sv;

	if (rp->n == 0)
		return 0;
	s = rp->l[0].s;
	n = (size_t)(rp->l[rp->n - 1].s + rp->l[rp->n - 1].n - s);
	sv = json_salvage(s, n, &fixed, &sn);
	if (sv == -2)
		return -1;
	if (sv == -1) {
		rnote(rp->doc, "%s: line %u: JSON nested deeper than %d levels "
		    "(not read)", rp->doc->inputs[rp->input].name,
		    rp->l[0].no, LIMIT_JSON_DEPTH);
		return 0;
	}
	/*
	 * jansson 2.14 mishandles a failed allocation inside its lexer
	 * (docs/internals/alloc.md): its parse is exempt from the test
	 * build's failures, and a real one is caught by the count after.
	 */
	f0 = erw_alloc_failures();
	erw_alloc_exempt(true);
	root = sv == 1 ? json_loadb(fixed, sn, JSON_DISABLE_EOF_CHECK, &je) :
	    json_loadb(s, n, JSON_DISABLE_EOF_CHECK, &je);
	erw_alloc_exempt(false);
	free(fixed);
	if (erw_alloc_failures() != f0) {
		json_decref(root);
		return -1;
	}
	if (root == NULL)
		return 0;	/* not JSON after all: left unrecognised */
	if (sv == 1)
		rp->sec->truncated = true;
	if (json_object_get(root, "bgp-information") != NULL)
		rc = junos(rp, root);
	else if (json_is_object(root)) {
		rp->sec->vendor = ROUTER_VENDOR_FRR;
		rc = frr_walk(rp, root, "", rp->cmd_vrf[0] ? rp->cmd_vrf :
		    "default", 0);
		if (rp->sec->kind == ROUTER_KIND_NONE)
			rp->sec->vendor = ROUTER_VENDOR_UNKNOWN;
	}
	json_decref(root);
	if (rc == 0 && rp->sec->kind != ROUTER_KIND_NONE)
		rp->sec->json = true;
	return rc;
}
