/*
 * mon_history_import: Azure Monitor's ExpressRoute metrics
 * (BgpAvailability, ArpAvailability per peer, `az monitor metrics list
 * --resource CIRCUIT_ID --metric BgpAvailability ArpAvailability
 * --interval PT1M -o json`, or Get-AzMetric | ConvertTo-Json) into the
 * monitor's history, so that `monitor report` and diagnose set the
 * cloud's view beside the agent's probes (mon_history.h).
 *
 * A database that does not exist yet is created by the store
 * (mon_store_open(): the one place that creates and migrates the schema
 * of docs/monitor.md); the points then go in over a connection of its own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>
#include <sqlite3.h>

#include "monitor.h"
#include "mon_history.h"
#include "mon_history_int.h"
#include "mon_store_int.h"
#include "net/net.h"

/* JSON pointers in messages, one size per level so that each holds its
 * parent's and what it adds */
#define IMPORT_PTR_TOP		48	/* /value/N */
#define IMPORT_PTR_METRIC	112	/* .../timeseries/N */
#define IMPORT_PTR_MAX		200	/* .../data/N/aggregation */

/* ------------------------------------------------------------------ */
/* The map                                                             */
/* ------------------------------------------------------------------ */

int
mon_import_map_parse(const char *s, struct mon_import_map *m, struct err *e)
{
	const char *eq = strchr(s, '='), *at;
	size_t n;

	memset(m, 0, sizeof(*m));
	if (eq == NULL || eq == s)
		return ERR(e, ERR_USAGE, "--circuit-path-map: want "
		    "PEER=PATH[@ADDRESS], got '%s'", s);
	n = (size_t)(eq - s);
	if (n >= sizeof(m->peer))
		return ERR(e, ERR_USAGE, "--circuit-path-map: peer name too "
		    "long in '%s'", s);
	memcpy(m->peer, s, n);
	at = strchr(eq + 1, '@');
	n = at != NULL ? (size_t)(at - (eq + 1)) : strlen(eq + 1);
	if ((n != 7 || strncmp(eq + 1, "primary", 7) != 0) &&
	    (n != 9 || strncmp(eq + 1, "secondary", 9) != 0))
		return ERR(e, ERR_USAGE, "--circuit-path-map: the path is "
		    "primary or secondary, in '%s'", s);
	memcpy(m->path, eq + 1, n);
	if (at != NULL) {
		struct net_addr a;

		if (net_addr_parse(at + 1, &a) == -1)
			return ERR(e, ERR_USAGE, "--circuit-path-map: not an "
			    "address after '@' in '%s'", s);
		str_copy(m->address, at + 1, sizeof(m->address));
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

struct parse {
	const char		*name;
	const struct mon_import_opts *o;
	int			(*fn)(void *, const struct mon_metric_point *);
	void			*arg;
	struct mon_import_stats	*st;
	struct err		*e;
};

/* A member by name whatever its case: az writes camelCase, PowerShell
 * PascalCase.  Borrowed. */
static json_t *
get(json_t *obj, const char *key)
{
	const char *k;
	json_t *v;

	if (!json_is_object(obj))
		return NULL;
	json_object_foreach(obj, k, v)
		if (str_casecmp(k, key) == 0)
			return v;
	return NULL;
}

static int
bad(struct parse *p, const char *ptr, const char *what)
{
	ERR(p->e, ERR_INPUT, "%s: %s", ptr, what);
	err_at(p->e, p->name, 0, 0, 0);
	return -1;
}

/* A LocalizableString ({"value": ...}) or a plain string; NULL else. */
static const char *
name_of(json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	return json_string_value(get(v, "value"));
}

static const char *
path_of(struct parse *p, const char *peer, const char **addr)
{
	size_t i;

	*addr = "";
	for (i = 0; i < p->o->nmap; i++)
		if (str_casecmp(p->o->map[i].peer, peer) == 0) {
			*addr = p->o->map[i].address;
			return p->o->map[i].path;
		}
	/* Azure names the peers "Primary-IPv4", "Secondary-IPv6", ... */
	if (str_casecmp(peer, "") != 0) {
		char low[64];
		size_t k;

		str_copy(low, peer, sizeof(low));
		for (k = 0; low[k] != '\0'; k++)
			if (low[k] >= 'A' && low[k] <= 'Z')
				low[k] = (char)(low[k] - 'A' + 'a');
		if (strstr(low, "secondary") != NULL)
			return "secondary";
		if (strstr(low, "primary") != NULL)
			return "primary";
	}
	return "";
}

static int
parse_series(struct parse *p, json_t *ts, const char *ptr, const char *res,
    const char *metric)
{
	static const char *const aggs[] = { "average", "minimum", "maximum",
	    "total", "count" };
	char sub[IMPORT_PTR_MAX], peer[64] = "", ptype[64] = "", both[132];
	struct mon_metric_point pt;
	json_t *md, *data, *d, *v;
	const char *n, *s;
	size_t i, k;

	md = get(ts, "metadatavalues");
	if (md != NULL && !json_is_array(md) && !json_is_null(md)) {
		snprintf(sub, sizeof(sub), "%s/metadatavalues", ptr);
		return bad(p, sub, "not an array");
	}
	json_array_foreach(md, i, d) {
		n = name_of(get(d, "name"));
		s = json_string_value(get(d, "value"));
		if (n == NULL || s == NULL) {
			snprintf(sub, sizeof(sub), "%s/metadatavalues/%zu",
			    ptr, i);
			return bad(p, sub, "a dimension needs name.value and "
			    "value strings");
		}
		if (str_casecmp(n, "peer") == 0)
			str_copy(peer, s, sizeof(peer));
		else if (str_casecmp(n, "peeringtype") == 0)
			str_copy(ptype, s, sizeof(ptype));
	}
	if (ptype[0] != '\0')
		snprintf(both, sizeof(both), "%s:%s", ptype, peer);
	else
		str_copy(both, peer, sizeof(both));
	memset(&pt, 0, sizeof(pt));
	pt.resource = res;
	pt.metric = metric;
	pt.peer = both;
	pt.path = path_of(p, peer, &pt.address);
	data = get(ts, "data");
	if (!json_is_array(data)) {
		snprintf(sub, sizeof(sub), "%s/data", ptr);
		return bad(p, sub, "missing or not an array");
	}
	p->st->series++;
	json_array_foreach(data, i, d) {
		snprintf(sub, sizeof(sub), "%s/data/%zu", ptr, i);
		if (!json_is_object(d))
			return bad(p, sub, "a data point is an object");
		s = json_string_value(get(d, "timeStamp"));
		if (s == NULL || time_parse_iso(s, strlen(s), &pt.ts) == -1) {
			snprintf(sub, sizeof(sub), "%s/data/%zu/timeStamp",
			    ptr, i);
			return bad(p, sub, "want an ISO 8601 time");
		}
		pt.aggregation = NULL;
		for (k = 0; k < sizeof(aggs) / sizeof(aggs[0]); k++) {
			v = get(d, aggs[k]);
			if (v == NULL || json_is_null(v))
				continue;
			if (!json_is_number(v)) {
				snprintf(sub, sizeof(sub), "%s/data/%zu/%s",
				    ptr, i, aggs[k]);
				return bad(p, sub, "not a number");
			}
			pt.value = json_number_value(v);
			pt.aggregation = aggs[k];
			break;
		}
		if (pt.aggregation == NULL) {
			p->st->skipped++;	/* no value in that minute */
			continue;
		}
		p->st->points++;
		if (p->fn(p->arg, &pt) == -1)
			return -1;
	}
	return 0;
}

static int
parse_metric(struct parse *p, json_t *m, const char *ptr)
{
	char sub[IMPORT_PTR_METRIC], res[256] = "";
	const char *metric, *id, *cut;
	json_t *tss, *ts;
	size_t i;

	if (!json_is_object(m))
		return bad(p, ptr, "a metric is an object");
	if ((metric = name_of(get(m, "name"))) == NULL) {
		snprintf(sub, sizeof(sub), "%s/name", ptr);
		return bad(p, sub, "missing the metric's name");
	}
	/* the metric's id is the resource's with the metric's path after */
	if ((id = json_string_value(get(m, "id"))) != NULL) {
		cut = strstr(id, "/providers/Microsoft.Insights/metrics/");
		if (cut != NULL && (size_t)(cut - id) < sizeof(res))
			memcpy(res, id, (size_t)(cut - id));
		else
			str_copy(res, id, sizeof(res));
	}
	tss = get(m, "timeseries");
	if (!json_is_array(tss)) {
		snprintf(sub, sizeof(sub), "%s/timeseries", ptr);
		return bad(p, sub, "missing or not an array");
	}
	json_array_foreach(tss, i, ts) {
		snprintf(sub, sizeof(sub), "%s/timeseries/%zu", ptr, i);
		if (parse_series(p, ts, sub, res, metric) == -1)
			return -1;
	}
	return 0;
}

int
mon_import_parse(const uint8_t *buf, size_t len, const char *name,
    const struct mon_import_opts *o,
    int (*fn)(void *, const struct mon_metric_point *), void *arg,
    struct mon_import_stats *st, struct err *e)
{
	struct parse p = { name, o, fn, arg, st, e };
	json_error_t je;
	json_t *root, *list, *m;	/* root: new; the rest borrowed */
	char ptr[IMPORT_PTR_TOP];
	const char *base;
	size_t i;
	int ret = -1;

	memset(st, 0, sizeof(*st));
	if ((root = json_loadb((const char *)buf, len, 0, &je)) == NULL) {
		if (erw_alloc_failures() > 0 && strstr(je.text, "memory"))
			return ERR(e, ERR_NOMEM, "out of memory");
		ERR(e, ERR_INPUT, "not JSON: %s", je.text);
		err_at(e, name, (uint64_t)(je.line > 0 ? je.line : 0),
		    (uint64_t)(je.column > 0 ? je.column : 0),
		    (uint64_t)je.position);
		return -1;
	}
	if (json_is_array(root)) {
		list = root;
		base = "";
	} else if (json_is_array(get(root, "value"))) {
		list = get(root, "value");
		base = "/value";
	} else if (get(root, "timeseries") != NULL) {
		ret = parse_metric(&p, root, "");
		goto out;
	} else {
		bad(&p, "/", "no metrics export: want \"value\" (az monitor "
		    "metrics list) or a metric (Get-AzMetric)");
		goto out;
	}
	json_array_foreach(list, i, m) {
		snprintf(ptr, sizeof(ptr), "%s/%zu", base, i);
		if (parse_metric(&p, m, ptr) == -1)
			goto out;
	}
	ret = 0;
out:
	json_decref(root);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Into the database                                                   */
/* ------------------------------------------------------------------ */

struct sink {
	sqlite3			*db;
	sqlite3_stmt		*metric, *endpoint;
	const char		*name;
	struct mon_import_stats	*st;
	struct err		*e;
};

static int
sink_point(void *arg, const struct mon_metric_point *pt)
{
	struct sink *s = arg;
	const char *kind = NULL;
	char epname[MON_NAME_MAX + 64];

	sqlite3_reset(s->metric);
	sqlite3_bind_text(s->metric, 1, pt->resource, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->metric, 2, pt->metric, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->metric, 3, pt->peer, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->metric, 4, pt->path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s->metric, 5, pt->ts);
	sqlite3_bind_double(s->metric, 6, pt->value);
	sqlite3_bind_text(s->metric, 7, pt->aggregation, -1, SQLITE_STATIC);
	if (sqlite3_step(s->metric) != SQLITE_DONE)
		return mon_db_error(s->e, s->db, s->name, "cannot write");
	s->st->inserted += (size_t)sqlite3_changes(s->db);
	if (str_casecmp(pt->metric, "BgpAvailability") == 0)
		kind = "cloud_bgp";
	else if (str_casecmp(pt->metric, "ArpAvailability") == 0)
		kind = "cloud_arp";
	if (kind == NULL)
		return 0;
	snprintf(epname, sizeof(epname), "%s:%s", pt->metric, pt->peer);
	sqlite3_reset(s->endpoint);
	sqlite3_bind_text(s->endpoint, 1, MON_IMPORT_AGENT, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->endpoint, 2, pt->resource, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->endpoint, 3, epname, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s->endpoint, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->endpoint, 5, pt->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->endpoint, 6, pt->path, -1, SQLITE_STATIC);
	if (sqlite3_step(s->endpoint) != SQLITE_DONE)
		return mon_db_error(s->e, s->db, s->name, "cannot write");
	return 0;
}

int
mon_import_file(const char *file, const char *dbpath,
    const struct mon_import_opts *o, struct mon_import_stats *st,
    struct err *e)
{
	struct sink s;
	struct stat sb;
	uint8_t *buf = NULL;
	size_t len;
	sqlite3 *db = NULL;
	bool fresh;
	FILE *fp;
	int ret = -1;

	memset(&s, 0, sizeof(s));
	memset(st, 0, sizeof(*st));
	if (mon_store_uri_is_pg(dbpath)) {
		/* not yet: the rows would go through the store's journal,
		 * which cannot say which points were new */
		char name[256];

		return ERR(e, ERR_USAGE, "'%s': import-metrics writes a "
		    "SQLite file; import into one and copy its metric rows",
		    mon_store_uri_redact(dbpath, name, sizeof(name)));
	}
	if ((fp = fopen(file, "rb")) == NULL) {
		ERR(e, ERR_IO, "cannot open '%s': %s", file, strerror(errno));
		err_at(e, file, 0, 0, 0);
		return -1;
	}
	ret = file_read_all(fp, file, LIMIT_JSON_FILE_BYTES, &buf, &len, e);
	fclose(fp);
	if (ret == -1)
		return -1;
	ret = -1;
	fresh = stat(dbpath, &sb) == -1 && errno == ENOENT;
	if (fresh) {
		struct mon_store *store;

		if (mon_store_open(dbpath, &store, e) == -1)
			goto out;
		mon_store_close(store);
	} else if (mon_history_probe(dbpath, e) == -1) {
		/* the header and schema first, as the reader checks them */
		goto out;
	}
	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		mon_db_error(e, db, dbpath, "cannot open the database");
		goto out;
	}
	sqlite3_busy_timeout(db, 5000);
	s.db = db;
	s.name = dbpath;
	s.st = st;
	s.e = e;
	if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO metric (resource, "
	    "metric, peer, path, ts_us, value, aggregation) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7)", -1, &s.metric, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO endpoint (agent, "
	    "grp, name, kind, address, port, path) VALUES (?1, ?2, ?3, ?4, "
	    "?5, 0, ?6)", -1, &s.endpoint, NULL) != SQLITE_OK) {
		mon_db_error(e, db, dbpath, "cannot prepare the import");
		goto out;
	}
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		mon_db_error(e, db, dbpath, "cannot begin");
		goto out;
	}
	{
		struct mon_import_stats ps;
		size_t ins;

		if (mon_import_parse(buf, len, file, o, sink_point, &s, &ps,
		    e) == -1) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			goto out;
		}
		ins = st->inserted;
		*st = ps;
		st->inserted = ins;
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		mon_db_error(e, db, dbpath, "cannot commit");
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(s.metric);
	sqlite3_finalize(s.endpoint);
	sqlite3_close(db);
	free(buf);
	return ret;
}
