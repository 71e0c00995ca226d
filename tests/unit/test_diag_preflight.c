/*
 * test_diag_preflight.c: diag_preflight()'s judgement, check by check.
 * Every case starts from the healthy az CLI folder
 * (tests/data/preflight/healthy-az/), changes one field of one export
 * (or leaves an export out) through jansson, loads the documents as the
 * command does and asserts which PREREQ_* findings fire: each finding
 * fired by its own fault and by no other, the healthy folder firing only
 * PREREQ_OK, regions compared the ways Azure writes them ("westeurope",
 * "WestEurope", "West Europe"), and the 443 verdict taken from the flow
 * and next-hop engines (a rule or a route changed, not a flag).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "diag/diag_preflight.h"

#define FIX	ERW_SRC_DIR "/tests/data/preflight/healthy-az/"

/* The folder's exports, in the order they are added. */
static const char *const files[] = {
	"watchers.json", "vm.json", "vm-extensions.json", "nic.json",
	"storage.json", "effective-nsg.json", "effective-routes.json",
};
#define NFILES	(sizeof(files) / sizeof(files[0]))
#define SAS_OK_URL	"https://stbgpcapweu01.blob.core.windows.net/" \
	"captures?sv=2022-11-02&sr=c&sp=cw&st=2026-03-10T08:00:00Z&" \
	"se=2026-03-10T20:00:00Z&spr=https&sig=c2lnbmF0dXJlMTIzNDU2Nzg%3D"

/* One case: the exports as JSON, each may be changed or dropped. */
struct fold {
	json_t		*doc[NFILES];
	const char	*sas;		/* NULL: no SAS file */
};

static json_t *
load_fix(const char *rel)
{
	char path[512];
	json_error_t je;
	json_t *j;

	snprintf(path, sizeof(path), "%s%s", FIX, rel);
	j = json_load_file(path, 0, &je);
	if (j == NULL)
		fail_msg("%s:%d: %s", path, je.line, je.text);
	return j;
}

static void
fold_init(struct fold *f)
{
	size_t i;

	for (i = 0; i < NFILES; i++)
		f->doc[i] = load_fix(files[i]);
	f->sas = SAS_OK_URL;
}

static void
fold_release(struct fold *f)
{
	size_t i;

	for (i = 0; i < NFILES; i++)
		json_decref(f->doc[i]);
}

static size_t
file_index(const char *name)
{
	size_t i;

	for (i = 0; i < NFILES; i++)
		if (strcmp(files[i], name) == 0)
			return i;
	fail_msg("no fixture %s", name);
	return 0;
}

/* Leave export name out of the folder. */
static void
drop(struct fold *f, const char *name)
{
	size_t i = file_index(name);

	json_decref(f->doc[i]);
	f->doc[i] = NULL;
}

/*
 * The node at path ("value/0/access": object keys and array indexes
 * separated by '/') of export name; the last segment is set to v (new
 * reference, taken).
 */
static void
set(struct fold *f, const char *name, const char *path, json_t *v)
{
	json_t *n = f->doc[file_index(name)];
	char buf[256], *seg, *next;

	snprintf(buf, sizeof(buf), "%s", path);
	for (seg = buf; seg != NULL; seg = next) {
		if ((next = strchr(seg, '/')) != NULL)
			*next++ = '\0';
		if (next == NULL) {
			if (json_is_array(n) && strtoul(seg, NULL, 10) ==
			    json_array_size(n))
				assert_int_equal(json_array_append_new(n, v), 0);
			else if (json_is_array(n))
				assert_int_equal(json_array_set_new(n,
				    strtoul(seg, NULL, 10), v), 0);
			else
				assert_int_equal(json_object_set_new(n, seg, v),
				    0);
			return;
		}
		n = json_is_array(n) ? json_array_get(n, strtoul(seg, NULL,
		    10)) : json_object_get(n, seg);
		if (n == NULL)
			fail_msg("%s: no %s in %s", name, seg, path);
	}
}

/* Run preflight on the folder at 09:00 on the SAS's day. */
static void
judge(struct fold *f, struct finding_list *out)
{
	struct diag_preflight_in *in = diag_preflight_in_new();
	struct diag_preflight_opts o;
	struct az_doc *docs[NFILES] = { NULL };
	struct err e;
	size_t i;
	char *s;

	assert_non_null(in);
	diag_preflight_opts_init(&o);
	assert_int_equal(time_parse_iso("2026-03-10T09:00:00Z", 20,
	    &o.sas.now), 0);
	finding_list_init(out);
	for (i = 0; i < NFILES; i++) {
		if (f->doc[i] == NULL)
			continue;
		s = json_dumps(f->doc[i], JSON_INDENT(2));
		assert_non_null(s);
		err_clear(&e);
		if (az_load_buf(files[i], s, strlen(s), &docs[i], &e) == -1 ||
		    diag_preflight_add(in, docs[i], &e) == -1)
			fail_msg("%s: %s", files[i], e.msg);
		free(s);
	}
	if (f->sas != NULL) {
		err_clear(&e);
		assert_true(diag_preflight_is_sas(f->sas, strlen(f->sas)));
		if (diag_preflight_add_sas(in, "sas.txt", f->sas,
		    strlen(f->sas), &e) == -1)
			fail_msg("sas.txt: %s", e.msg);
	}
	err_clear(&e);
	if (diag_preflight(in, &o, out, &e) == -1)
		fail_msg("preflight: %s", e.msg);
	diag_preflight_in_free(in);
	for (i = 0; i < NFILES; i++)
		az_doc_free(docs[i]);
}

/* Every PREREQ_* code, to tell which fired. */
static const enum finding_code prereq[] = {
	FC_PREREQ_WATCHER_MISSING, FC_PREREQ_WATCHER_NOT_PROVISIONED,
	FC_PREREQ_AGENT_MISSING, FC_PREREQ_AGENT_FAILED,
	FC_PREREQ_STORAGE_REGION, FC_PREREQ_STORAGE_SHARED_KEY,
	FC_PREREQ_STORAGE_HTTP, FC_PREREQ_STORAGE_TLS,
	FC_PREREQ_STORAGE_NETWORK_DENY, FC_PREREQ_STORAGE_NSG_DENY,
	FC_PREREQ_STORAGE_NO_ROUTE, FC_PREREQ_STORAGE_ROUTE_DETOUR,
	FC_PREREQ_SAS_OTHER_ACCOUNT, FC_PREREQ_NOT_JUDGED, FC_PREREQ_OK,
};
#define NPREREQ	(sizeof(prereq) / sizeof(prereq[0]))

static const char *
list_codes(const struct finding_list *l, char *buf, size_t len)
{
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < l->n && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, " %s",
		    finding_def(l->v[i].code)->code);
	return buf;
}

/*
 * The folder f gives exactly the PREREQ_* codes want[0..n) (each at
 * least once) and no other; the first finding of want[0] is returned.
 */
static const struct finding *
expect_only(const struct finding_list *l, const enum finding_code *want,
    size_t n)
{
	const struct finding *first = NULL;
	char buf[1024];
	size_t i, k;
	bool wanted;

	for (k = 0; k < NPREREQ; k++) {
		wanted = false;
		for (i = 0; i < n; i++)
			wanted |= want[i] == prereq[k];
		if (finding_list_has(l, prereq[k]) != wanted)
			fail_msg("%s %s; got:%s", finding_def(prereq[k])->code,
			    wanted ? "missing" : "not expected",
			    list_codes(l, buf, sizeof(buf)));
	}
	for (i = 0; n > 0 && i < l->n && first == NULL; i++)
		if (l->v[i].code == want[0])
			first = &l->v[i];
	return first;
}

#define EXPECT(l, ...)	expect_only((l), (const enum finding_code[]){	\
	__VA_ARGS__ }, sizeof((const enum finding_code[]){ __VA_ARGS__ }) / \
	sizeof(enum finding_code))

/* One field changed, one finding expected, its summary naming what. */
static void
one(const char *name, const char *path, json_t *v, enum finding_code want,
    const char *says)
{
	struct finding_list out;
	const struct finding *fd;
	struct fold f;

	fold_init(&f);
	set(&f, name, path, v);
	judge(&f, &out);
	fd = expect_only(&out, &want, 1);
	assert_non_null(fd);
	if (says != NULL && strstr(fd->summary, says) == NULL)
		fail_msg("%s: '%s' not in '%s'", finding_def(want)->code, says,
		    fd->summary);
	finding_list_release(&out);
	fold_release(&f);
}

/* One field changed, nothing but PREREQ_OK expected. */
static void
still_ok(const char *name, const char *path, json_t *v)
{
	struct finding_list out;
	struct fold f;

	fold_init(&f);
	set(&f, name, path, v);
	judge(&f, &out);
	EXPECT(&out, FC_PREREQ_OK);
	finding_list_release(&out);
	fold_release(&f);
}

/* ---- the healthy folder ------------------------------------------- */

static void
t_healthy(void **st)
{
	struct finding_list out;
	const struct finding *fd;
	struct fold f;

	(void)st;
	fold_init(&f);
	judge(&f, &out);
	fd = EXPECT(&out, FC_PREREQ_OK);
	assert_non_null(strstr(fd->summary, "stbgpcapweu01"));
	/* the SAS is judged too, and good */
	assert_true(finding_list_has(&out, FC_SAS_OK));
	finding_list_release(&out);
	fold_release(&f);
}

/* ---- Network Watcher ---------------------------------------------- */

static void
t_watcher(void **st)
{
	(void)st;
	one("watchers.json", "0/location", json_string("eastus"),
	    FC_PREREQ_WATCHER_MISSING, "vm-bgptest-01");
	one("watchers.json", "0/provisioningState", json_string("Failed"),
	    FC_PREREQ_WATCHER_NOT_PROVISIONED, "Failed");
	/* the ways Azure writes a region: az, ARM, PowerShell's display */
	still_ok("watchers.json", "0/location", json_string("WestEurope"));
	still_ok("watchers.json", "0/location", json_string("West Europe"));
	still_ok("vm.json", "location", json_string("WESTEUROPE"));
	/* a state in another case is still Succeeded */
	still_ok("watchers.json", "0/provisioningState",
	    json_string("succeeded"));
}

/* ---- the agent ---------------------------------------------------- */

static void
t_agent(void **st)
{
	(void)st;
	one("vm-extensions.json", "0/publisher",
	    json_string("Microsoft.Azure.Monitor"), FC_PREREQ_AGENT_MISSING,
	    "vm-bgptest-01");
	one("vm-extensions.json", "0/provisioningState", json_string("Failed"),
	    FC_PREREQ_AGENT_FAILED, "Failed");
	still_ok("vm-extensions.json", "0/publisher",
	    json_string("microsoft.azure.networkwatcher"));
}

/* ---- the storage account ------------------------------------------ */

/* In another region than the VM: the region finding, and the 443 check
 * not made, since the NSG's tagMap has no Storage.northeurope address
 * to aim at (never the West Europe one). */
static void
region_elsewhere(void)
{
	struct finding_list out;
	const struct finding *fd;
	struct fold f;

	fold_init(&f);
	set(&f, "storage.json", "location", json_string("northeurope"));
	judge(&f, &out);
	fd = EXPECT(&out, FC_PREREQ_STORAGE_REGION, FC_PREREQ_NOT_JUDGED);
	assert_non_null(strstr(fd->summary, "northeurope"));
	assert_non_null(strstr(fd->summary, "westeurope"));
	finding_list_release(&out);
	fold_release(&f);
}

static void
t_storage(void **st)
{
	(void)st;
	region_elsewhere();
	still_ok("storage.json", "location", json_string("West Europe"));
	still_ok("storage.json", "location", json_string("WestEurope"));
	one("storage.json", "allowSharedKeyAccess", json_false(),
	    FC_PREREQ_STORAGE_SHARED_KEY, "stbgpcapweu01");
	one("storage.json", "supportsHttpsTrafficOnly", json_false(),
	    FC_PREREQ_STORAGE_HTTP, "HTTP");
	one("storage.json", "minimumTlsVersion", json_string("TLS1_0"),
	    FC_PREREQ_STORAGE_TLS, "TLS1_0");
	one("storage.json", "networkRuleSet/virtualNetworkRules",
	    json_array(), FC_PREREQ_STORAGE_NETWORK_DENY, "snet-bgptest");
	one("storage.json", "publicNetworkAccess", json_string("Disabled"),
	    FC_PREREQ_STORAGE_NETWORK_DENY, "disabled");
	/* open to all: the subnet need not be listed */
	still_ok("storage.json", "networkRuleSet/defaultAction",
	    json_string("Allow"));
}

/* ---- 443 through the NSG and routes: the engines' verdicts ---------- */

#define RULE0	"value/0/effectiveSecurityRules/0/"

/* Two fields of the NSG export changed: PREREQ_STORAGE_NSG_DENY. */
static void
rule0(const char *p1, json_t *v1, const char *p2, json_t *v2,
    const char *says)
{
	struct finding_list out;
	const struct finding *fd;
	struct fold f;

	fold_init(&f);
	set(&f, "effective-nsg.json", p1, v1);
	set(&f, "effective-nsg.json", p2, v2);
	set(&f, "effective-nsg.json", RULE0 "destinationAddressPrefix",
	    json_string(strstr(p1, "Address") != NULL ? "192.0.2.0/24" :
	    "Storage.WestEurope"));
	judge(&f, &out);
	fd = EXPECT(&out, FC_PREREQ_STORAGE_NSG_DENY);
	if (strstr(fd->summary, says) == NULL)
		fail_msg("'%s' not in '%s'", says, fd->summary);
	finding_list_release(&out);
	fold_release(&f);
}

static void
t_reach_nsg(void **st)
{
	(void)st;
	/* the allow rule turned: the deny-internet rule or the default deny
	 * is not consulted, the flow engine returns this rule */
	one("effective-nsg.json", "value/0/effectiveSecurityRules/0/access",
	    json_string("Deny"), FC_PREREQ_STORAGE_NSG_DENY,
	    "allow-storage-weu-443");
	/* the allow rule for another port: the flow falls through to
	 * deny-internet-out, which the verdict names */
	rule0(RULE0 "destinationPortRange", json_string("80-80"),
	    RULE0 "destinationPortRanges", json_pack("[s]", "80-80"),
	    "deny-internet-out");
	/* the allow rule aimed elsewhere: storage's address falls through */
	rule0(RULE0 "destinationAddressPrefixes", json_pack("[s]",
	    "192.0.2.0/24"), RULE0 "expandedDestinationAddressPrefix",
	    json_pack("[s]", "192.0.2.0/24"), "20.38.108.1");
}

static void
t_reach_routes(void **st)
{
	(void)st;
	/* a user route for the storage prefix, longest match wins */
	one("effective-routes.json", "value/6", json_pack("{s:[s],s:[],"
	    "s:s,s:s,s:s}", "addressPrefix", "20.38.108.0/23",
	    "nextHopIpAddress", "nextHopType", "None", "source", "User",
	    "state", "Active"), FC_PREREQ_STORAGE_NO_ROUTE, "next hop None");
	one("effective-routes.json", "value/6", json_pack("{s:[s],s:[s],"
	    "s:s,s:s,s:s}", "addressPrefix", "20.38.0.0/16",
	    "nextHopIpAddress", "10.20.1.4", "nextHopType", "VirtualAppliance",
	    "source", "User", "state", "Active"),
	    FC_PREREQ_STORAGE_ROUTE_DETOUR, "VirtualAppliance 10.20.1.4");
	/* the default route to a firewall sends storage there too */
	one("effective-routes.json", "value/2/nextHopType",
	    json_string("VirtualNetworkGateway"),
	    FC_PREREQ_STORAGE_ROUTE_DETOUR, "VirtualNetworkGateway");
	/* a route elsewhere changes nothing */
	still_ok("effective-routes.json", "value/6", json_pack("{s:[s],s:[],"
	    "s:s,s:s,s:s}", "addressPrefix", "198.51.100.0/24",
	    "nextHopIpAddress", "nextHopType", "None", "source", "User",
	    "state", "Active"));
}

/* ---- SAS and what cannot be judged --------------------------------- */

static void
t_sas_account(void **st)
{
	struct finding_list out;
	const struct finding *fd;
	struct fold f;

	(void)st;
	fold_init(&f);
	f.sas = "https://otheraccount.blob.core.windows.net/captures?"
	    "sv=2022-11-02&sr=c&sp=cw&st=2026-03-10T08:00:00Z&"
	    "se=2026-03-10T20:00:00Z&spr=https&sig=c2lnbmF0dXJlMTIzNDU2Nzg%3D";
	judge(&f, &out);
	fd = EXPECT(&out, FC_PREREQ_SAS_OTHER_ACCOUNT);
	assert_non_null(strstr(fd->summary, "otheraccount"));
	finding_list_release(&out);
	fold_release(&f);
	/* no SAS: the rest still passes, and says so */
	fold_init(&f);
	f.sas = NULL;
	judge(&f, &out);
	fd = EXPECT(&out, FC_PREREQ_OK);
	assert_non_null(strstr(fd->summary, "no SAS"));
	finding_list_release(&out);
	fold_release(&f);
}

/* An export left out: NOT_JUDGED naming its command, never a guess. */
static void
missing(const char *name, const char *cmd)
{
	struct finding_list out;
	const struct finding *fd;
	struct fold f;

	fold_init(&f);
	drop(&f, name);
	judge(&f, &out);
	fd = EXPECT(&out, FC_PREREQ_NOT_JUDGED);
	assert_true(fd->nev > 0);
	if (strstr(fd->ev[0].where, cmd) == NULL)
		fail_msg("%s left out: '%s' not in '%s'", name, cmd,
		    fd->ev[0].where);
	finding_list_release(&out);
	fold_release(&f);
}

static void
t_not_judged(void **st)
{
	(void)st;
	missing("watchers.json", "az network watcher list");
	missing("vm-extensions.json", "az vm extension list");
	missing("storage.json", "az storage account show");
	missing("effective-nsg.json", "list-effective-nsg");
	missing("effective-routes.json", "show-effective-route-table");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_healthy),
		cmocka_unit_test(t_watcher),
		cmocka_unit_test(t_agent),
		cmocka_unit_test(t_storage),
		cmocka_unit_test(t_reach_nsg),
		cmocka_unit_test(t_reach_routes),
		cmocka_unit_test(t_sas_account),
		cmocka_unit_test(t_not_judged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
