/*
 * Effective routes, route tables and NICs: loading and the next-hop
 * decision (contract and rules in az_routes.h; formats in
 * azure-formats.md 4.1, 4.2 and 6.2, next hop output in section 5).
 *
 * Routes sharing a prefix form a group; the LPM table (net_lpm.h) maps a
 * prefix to its group, so a lookup walks the covering groups from the most
 * specific, picks each group's winner by source preference, and applies
 * the system-route exception last.  The covering groups of a destination
 * are its longest match and that group's ancestors, so the decision is a
 * function of the longest match alone: it is made once per group at build
 * time, and a batch lookup that needs no explanation is one LPM probe.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "az_routes.h"
#include "az_int.h"

struct az_route_group {
	uint32_t	 first;		/* into order[] */
	uint32_t	 n;
	/* Both fixed once built (they depend on the group and on
	 * bgp_disabled only): route index + 1, 0 for none. */
	uint32_t	 win;		/* the group's own winner */
	uint32_t	 rwin;		/* the decision for a destination whose
					   longest match is this group */
};

static const char *const sys_none[] = {
	"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"
};

/* Route strings are small and many (a pointer per row, per prefix): one
 * arena, blocks of this size. */
#define ROUTES_ARENA_BLOCK	(256u * 1024)

void
az_routes_init(struct az_routes *rs)
{
	memset(rs, 0, sizeof(*rs));
	arena_init(&rs->strings, ROUTES_ARENA_BLOCK);
}

static void
routes_drop_compiled(struct az_routes *rs)
{
	net_lpm_free(rs->lpm);
	free(rs->grp);
	free(rs->order);
	rs->lpm = NULL;
	rs->grp = NULL;
	rs->order = NULL;
	rs->ngrp = 0;
}

void
az_routes_release(struct az_routes *rs)
{
	routes_drop_compiled(rs);
	free(rs->v);
	arena_release(&rs->strings);
	az_routes_init(rs);
}

const char *
az_route_source_name(enum az_route_source s)
{
	switch (s) {
	case AZ_RSRC_DEFAULT:
		return "Default";
	case AZ_RSRC_GATEWAY:
		return "VirtualNetworkGateway";
	case AZ_RSRC_USER:
		return "User";
	default:
		return "Unknown";
	}
}

const char *
az_beaten_why_name(enum az_beaten_why w)
{
	switch (w) {
	case AZ_BEAT_INVALID:
		return "invalid";
	case AZ_BEAT_TIE:
		return "same-prefix-lower-preference";
	case AZ_BEAT_LESS_SPECIFIC:
		return "less-specific";
	case AZ_BEAT_NO_PROPAGATION:
		return "bgp-propagation-disabled";
	case AZ_BEAT_SYSTEM_WINS:
		return "system-route-wins";
	}
	return "unknown";
}

static struct az_route *
route_new(struct az_routes *rs, struct err *e)
{
	struct az_route *r;

	if (rs->n == rs->cap) {
		size_t nc = rs->cap ? rs->cap * 2 : 32;

		if ((r = erw_reallocarray(rs->v, nc, sizeof(*r))) == NULL) {
			ERR(e, ERR_NOMEM, "out of memory");
			return NULL;
		}
		rs->v = r;
		rs->cap = nc;
	}
	r = &rs->v[rs->n++];
	memset(r, 0, sizeof(*r));
	r->next_hop_type = r->name = r->table_id = r->input = r->ptr =
	    r->prefix_ptr = "";
	return r;
}

/* s, cut to max - 1 bytes, kept in the set's arena ("" needs no copy). */
static const char *
keep(struct az_routes *rs, const char *s, size_t max, struct err *e)
{
	size_t n = strnlen(s, max - 1);
	char *d;

	if (n == 0)
		return "";
	if ((d = arena_alloc(&rs->strings, n + 1)) == NULL) {
		ERR(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* s escaped for display (str_escape_into) into max bytes, then kept. */
static const char *
keep_escaped(struct az_routes *rs, const char *s, size_t max, struct err *e)
{
	char buf[AZ_ROUTE_TABLE_ID_MAX];

	if (max > sizeof(buf))
		max = sizeof(buf);
	str_escape_into(buf, max, s, strlen(s));
	return keep(rs, buf, max, e);
}

/* A next hop type: a handful of values over every row, kept once each. */
static const char *
keep_type(struct az_routes *rs, const char *s, struct err *e)
{
	char buf[AZ_ROUTE_TYPE_MAX];
	const char *k;
	size_t i;

	str_escape_into(buf, sizeof(buf), s, strlen(s));
	for (i = 0; i < rs->ntypes; i++)
		if (strcmp(rs->types[i], buf) == 0)
			return rs->types[i];
	if ((k = keep(rs, buf, sizeof(buf), e)) == NULL)
		return NULL;
	if (rs->ntypes < sizeof(rs->types) / sizeof(rs->types[0]))
		rs->types[rs->ntypes++] = k;
	return k;
}

static enum az_route_source
source_parse(const char *s)
{
	if (s == NULL)
		return AZ_RSRC_UNKNOWN;
	if (str_casecmp(s, "User") == 0)
		return AZ_RSRC_USER;
	if (str_casecmp(s, "VirtualNetworkGateway") == 0)
		return AZ_RSRC_GATEWAY;
	if (str_casecmp(s, "Default") == 0)
		return AZ_RSRC_DEFAULT;
	return AZ_RSRC_UNKNOWN;
}

/*
 * A string or an array of strings at key (Azure writes arrays; hand-made
 * exports and old tools a single string).  Calls back for each.
 */
static int
each_str(const struct az_node *row, const char *key, struct err *e,
    int (*fn)(void *, const struct az_node *, const char *, size_t),
    void *arg)
{
	struct az_node n, el;
	const char *s;
	size_t i;
	int rc;

	if (az_child(row, key, &n) == AZ_ABSENT)
		return 0;
	if (json_is_string(n.v))
		return fn(arg, row, json_string_value(n.v), 0);
	if (!json_is_array(n.v))
		return az_fail(row, key, e, "'%s' is neither a string nor a "
		    "list", key);
	for (i = 0; i < az_len(&n); i++) {
		az_index(&n, i, &el);
		if (!json_is_string(el.v))
			return az_fail(&el, NULL, e, "'%s' element is not a "
			    "string", key);
		s = json_string_value(el.v);
		if ((rc = fn(arg, row, s, i)) != 0)
			return rc;
	}
	return 0;
}

struct row_ctx {
	struct az_routes	*rs;
	struct az_route		 tmpl;
	struct err		*e;
	const char		*key;
};

/* "ROW/KEY/I" into pp, cut to fit as snprintf() would: once per route,
 * where snprintf() itself was a tenth of the load. */
static void
prefix_ptr(char pp[AZ_ROUTE_PREFIX_PTR_MAX], const char *row,
    const char *key, size_t i)
{
	char num[24];
	const char *part[5] = { row, "/", key, "/", num };
	size_t n = 0, k, l;

	az_fmt_index(num, i);
	for (k = 0; k < 5; k++) {
		l = strlen(part[k]);
		if (l > AZ_ROUTE_PREFIX_PTR_MAX - 1 - n)
			l = AZ_ROUTE_PREFIX_PTR_MAX - 1 - n;
		memcpy(pp + n, part[k], l);
		n += l;
	}
	pp[n] = '\0';
}

static int
add_prefix_cb(void *arg, const struct az_node *row, const char *s, size_t i)
{
	struct row_ctx *c = arg;
	struct az_route *r;
	struct net_prefix p;
	char pp[AZ_ROUTE_PREFIX_PTR_MAX];
	const char *kept;

	if (net_prefix_parse(s, &p, NULL) == -1)
		return az_fail(row, c->key, c->e, "bad address prefix '%.64s'",
		    s);
	prefix_ptr(pp, c->tmpl.ptr, c->key, i);
	if ((kept = keep(c->rs, pp, sizeof(pp), c->e)) == NULL ||
	    (r = route_new(c->rs, c->e)) == NULL)
		return -1;
	*r = c->tmpl;
	r->prefix = p;
	r->prefix_ptr = kept;
	return 0;
}

static int
first_ip_cb(void *arg, const struct az_node *row, const char *s, size_t i)
{
	struct row_ctx *c = arg;

	if (i > 0 || s[0] == '\0')
		return 0;
	if (net_addr_parse(s, &c->tmpl.next_hop) == -1)
		return az_fail(row, "nextHopIpAddress", c->e,
		    "bad next hop address '%.64s'", s);
	return 0;
}

/* One row of an effective route table. */
static int
load_effective_row(struct az_routes *rs, const struct az_node *row,
    const char *input, struct err *e)
{
	struct row_ctx c;
	const char *s;
	bool b;
	int rc;

	memset(&c, 0, sizeof(c));
	c.rs = rs;
	c.e = e;
	c.tmpl.name = c.tmpl.table_id = c.tmpl.prefix_ptr = "";
	c.tmpl.input = input;
	if ((c.tmpl.ptr = keep(rs, row->ptr, AZ_ROUTE_PTR_MAX, e)) == NULL)
		return -1;
	if (!json_is_object(row->v))
		return az_fail(row, NULL, e, "route is not an object");
	if (az_req_str(row, "nextHopType", &s, e) == -1)
		return -1;
	if ((c.tmpl.next_hop_type = keep_type(rs, s, e)) == NULL)
		return -1;
	if ((rc = az_get_str(row, "source", &s, e)) == -1)
		return -1;
	c.tmpl.source = rc == 0 ? source_parse(s) : AZ_RSRC_UNKNOWN;
	if ((rc = az_get_str(row, "state", &s, e)) == -1)
		return -1;
	c.tmpl.invalid = rc == 0 && str_casecmp(s, "Invalid") == 0;
	if ((rc = az_get_str(row, "name", &s, e)) == -1)
		return -1;
	if (rc == 0 && (c.tmpl.name = keep_escaped(rs, s, AZ_ROUTE_NAME_MAX,
	    e)) == NULL)
		return -1;
	if ((rc = az_get_bool(row, "disableBgpRoutePropagation", &b, e)) == -1)
		return -1;
	if (rc == 0 && b) {
		c.tmpl.disable_bgp = true;
		rs->bgp_disabled = true;
	}
	if (each_str(row, "nextHopIpAddress", e, first_ip_cb, &c) != 0)
		return -1;
	c.key = "addressPrefix";
	if (az_child(row, "addressPrefix", &(struct az_node){0}) == AZ_ABSENT)
		return az_fail(row, "addressPrefix", e,
		    "missing field 'addressPrefix'");
	if (each_str(row, "addressPrefix", e, add_prefix_cb, &c) != 0)
		return -1;
	return 0;
}

/*
 * A row read from the parser's events (az_rowcur_next_route()), as
 * load_effective_row() reads it when it is well formed: 0 when loaded, 1
 * when the row must be read as a value instead (declined, or anything
 * load_effective_row() would refuse: it then says why, and where), -1
 * out of memory.  Nothing is added before 1.
 */
static int
load_effective_fast(struct az_routes *rs, const struct az_rowcur *cur,
    const struct az_route_row *f, const struct az_node *row,
    const char *input, struct err *e)
{
	char pp[AZ_ROUTE_PREFIX_PTR_MAX];
	struct az_route tmpl, *r;
	struct net_prefix p;
	const char *kept;
	size_t i, n0 = rs->n;

	if (f->declined || f->next_hop_type == NULL || !f->have_prefix)
		return 1;
	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.name = tmpl.table_id = tmpl.prefix_ptr = "";
	tmpl.input = input;
	if (f->first_ip != NULL && f->first_ip[0] != '\0' &&
	    net_addr_parse(f->first_ip, &tmpl.next_hop) == -1)
		return 1;
	if ((tmpl.ptr = keep(rs, row->ptr, AZ_ROUTE_PTR_MAX, e)) == NULL ||
	    (tmpl.next_hop_type = keep_type(rs, f->next_hop_type, e)) == NULL)
		return -1;
	tmpl.source = f->source != NULL ? source_parse(f->source) :
	    AZ_RSRC_UNKNOWN;
	tmpl.invalid = f->state != NULL && str_casecmp(f->state,
	    "Invalid") == 0;
	if (f->name != NULL && (tmpl.name = keep_escaped(rs, f->name,
	    AZ_ROUTE_NAME_MAX, e)) == NULL)
		return -1;
	tmpl.disable_bgp = f->disable_bgp == 1;
	for (i = 0; i < f->nprefix; i++) {
		if (net_prefix_parse(az_route_row_prefix(cur, f, i), &p,
		    NULL) == -1) {
			rs->n = n0;
			return 1;
		}
		prefix_ptr(pp, tmpl.ptr, "addressPrefix", i);
		if ((kept = keep(rs, pp, sizeof(pp), e)) == NULL ||
		    (r = route_new(rs, e)) == NULL)
			return -1;
		*r = tmpl;
		r->prefix = p;
		r->prefix_ptr = kept;
	}
	if (tmpl.disable_bgp)
		rs->bgp_disabled = true;
	return 0;
}

/*
 * Rows come from a cursor, so a lazy document (az_load_file_rows()) is
 * read one row at a time and never held whole.
 */
static int
load_effective(struct az_routes *rs, struct az_doc *doc, struct err *e)
{
	struct az_rowcur cur;
	struct az_route_row fr;
	struct az_node row;
	const char *input;
	int rc;

	rs->have_effective = true;
	if ((input = keep(rs, doc->name, AZ_ROUTE_INPUT_MAX, e)) == NULL)
		return -1;
	if (az_rowcur_open_routes(&cur, doc, e) == -1)
		return -1;
	for (;;) {
		rc = az_rowcur_next_route(&cur, &fr, &row, e);
		if (rc == AZ_ABSENT || rc == -1)
			break;
		if (rc == 0) {
			if ((rc = load_effective_fast(rs, &cur, &fr, &row,
			    input, e)) == 0)
				continue;
			if (rc == 1)
				rc = az_rowcur_row_value(&cur, &row, e);
			if (rc == -1)
				break;
		}
		if (load_effective_row(rs, &row, input, e) == -1) {
			rc = -1;
			break;
		}
	}
	if (az_rowcur_close(&cur, e) == -1)
		return -1;
	return rc == -1 ? -1 : 0;
}

/* An existing User route (from an effective table) for this UDR. */
static struct az_route *
find_udr(struct az_routes *rs, const char *name, const struct net_prefix *p)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		struct az_route *r = &rs->v[i];

		if (r->source == AZ_RSRC_USER && r->table_id[0] == '\0' &&
		    str_casecmp(r->name, name) == 0 &&
		    r->prefix.len == p->len &&
		    net_addr_eq(&r->prefix.addr, &p->addr))
			return r;
	}
	return NULL;
}

static int
load_route_table(struct az_routes *rs, const struct az_doc *doc,
    struct err *e)
{
	struct az_node root, routes, row;
	const char *id = "", *s, *input, *table_id;
	size_t i;
	bool b;
	int rc, rc2;

	if (az_resource(doc, &root, e) == -1)
		return -1;
	if ((rc = az_get_str(&root, "id", &s, e)) == -1)
		return -1;
	if (rc == 0)
		id = s;
	if ((rc2 = az_get_bool(&root, "disableBgpRoutePropagation", &b,
	    e)) == -1)
		return -1;
	if (rc2 == 0 && b)
		rs->bgp_disabled = true;
	if ((rc = az_get_array(&root, "routes", &routes, e)) == -1)
		return -1;
	/* Azure always returns the flag; without it and without routes the
	 * table is in a shape we do not know: do not call it empty. */
	if (rc == AZ_ABSENT && rc2 == AZ_ABSENT)
		return az_fail(&root, NULL, e, "route table has neither routes "
		    "nor disableBgpRoutePropagation (looked at the top and "
		    "under properties)");
	if (rc == AZ_ABSENT)
		return 0;
	if ((input = keep(rs, doc->name, AZ_ROUTE_INPUT_MAX, e)) == NULL ||
	    (table_id = keep_escaped(rs, id, AZ_ROUTE_TABLE_ID_MAX, e)) == NULL)
		return -1;
	for (i = 0; i < az_len(&routes); i++) {
		struct row_ctx c;
		struct az_route *r, *old;
		struct net_prefix p;
		char pp[AZ_ROUTE_PREFIX_PTR_MAX], body[AZ_ROUTE_PTR_MAX];
		const char *kept;

		az_index(&routes, i, &row);
		if (!json_is_object(row.v))
			return az_fail(&row, NULL, e, "route is not an object");
		memset(&c, 0, sizeof(c));
		c.rs = rs;
		c.e = e;
		c.tmpl.source = AZ_RSRC_USER;
		c.tmpl.name = c.tmpl.prefix_ptr = "";
		c.tmpl.input = input;
		c.tmpl.table_id = table_id;
		/* Evidence appends field names: point at the route's body
		 * ("/properties/routes/0/properties" in ARM shape). */
		az_body_ptr(&row, body, sizeof(body));
		if ((c.tmpl.ptr = keep(rs, body, sizeof(body), e)) == NULL)
			return -1;
		if (az_req_str(&row, "nextHopType", &s, e) == -1)
			return -1;
		if ((c.tmpl.next_hop_type = keep_type(rs, s, e)) == NULL)
			return -1;
		if ((rc = az_get_str(&row, "name", &s, e)) == -1)
			return -1;
		if (rc == 0 && (c.tmpl.name = keep_escaped(rs, s,
		    AZ_ROUTE_NAME_MAX, e)) == NULL)
			return -1;
		if (each_str(&row, "nextHopIpAddress", e, first_ip_cb,
		    &c) != 0)
			return -1;
		if (az_req_str(&row, "addressPrefix", &s, e) == -1)
			return -1;
		if (net_prefix_parse(s, &p, NULL) == -1) {
			/* a service tag ("AzureCloud") names no prefix we
			 * know; anything that looks like an address is bad */
			if ((s[0] >= '0' && s[0] <= '9') ||
			    strchr(s, ':') != NULL || strchr(s, '/') != NULL)
				return az_fail(&row, "addressPrefix", e,
				    "bad address prefix '%.64s'", s);
			rs->skipped_tags++;
			az_note_add(&rs->notes, AZ_NOTE_SKIPPED, doc, row.ptr,
			    "UDR %.60s on service tag '%.60s' not read: the "
			    "export does not list the tag's prefixes",
			    c.tmpl.name, s);
			continue;
		}
		/* Already in the effective table: keep that row (its state
		 * is Azure's), learn its table id. */
		if ((old = find_udr(rs, c.tmpl.name, &p)) != NULL) {
			old->table_id = c.tmpl.table_id;
			continue;
		}
		snprintf(pp, sizeof(pp), "%.90s/addressPrefix", c.tmpl.ptr);
		if ((kept = keep(rs, pp, sizeof(pp), e)) == NULL ||
		    (r = route_new(rs, e)) == NULL)
			return -1;
		*r = c.tmpl;
		r->prefix = p;
		r->prefix_ptr = kept;
	}
	return 0;
}

static int
add_doc(struct az_routes *rs, struct az_doc *doc, struct err *e)
{
	/* Only effective tables are read row by row; anything else a lazy
	 * document turns out to be is parsed whole first (which also puts
	 * a JSON error before the "wrong kind" one). */
	if (doc->lazy && doc->kind != AZ_EFFECTIVE_ROUTES &&
	    doc->kind != AZ_EMPTY_LIST && az_doc_check(doc, e) == -1)
		return -1;
	if (doc->kind == AZ_EFFECTIVE_ROUTES || doc->kind == AZ_EMPTY_LIST ||
	    doc->kind == AZ_ROUTE_TABLE)
		az_notes_merge(&rs->notes, &doc->notes);
	switch (doc->kind) {
	case AZ_EFFECTIVE_ROUTES:
	case AZ_EMPTY_LIST:
		return load_effective(rs, doc, e);
	case AZ_ROUTE_TABLE:
		return load_route_table(rs, doc, e);
	default:
		ERR(e, ERR_INPUT, "'%s' is not an effective route table nor a "
		    "route table export (looks like: %s)", doc->name,
		    az_kind_name(doc->kind));
		err_at(e, doc->name, 0, 0, 0);
		return -1;
	}
}

int
az_routes_add_doc(struct az_routes *rs, struct az_doc *doc, struct err *e)
{
	size_t n = rs->n, skipped = rs->skipped_tags, ntypes = rs->ntypes;
	bool bgp = rs->bgp_disabled, eff = rs->have_effective;

	routes_drop_compiled(rs);
	if (add_doc(rs, doc, e) == 0)
		return 0;
	/*
	 * A document that fails adds nothing: a lazy one has handed over its
	 * rows up to a syntax error found late, which a document parsed
	 * whole never does, and a caller that goes on with the other files
	 * (diagnose) would look up in a part of a table.
	 */
	rs->n = n;
	rs->skipped_tags = skipped;
	rs->ntypes = ntypes;
	rs->bgp_disabled = bgp;
	rs->have_effective = eff;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Compile                                                             */
/* ------------------------------------------------------------------ */

struct sort_key {
	struct net_prefix	 p;
	uint32_t		 idx;	/* file order breaks ties */
};

static int
cmp_key(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;
	int c;

	if (x->p.addr.family != y->p.addr.family)
		return x->p.addr.family < y->p.addr.family ? -1 : 1;
	if ((c = net_addr_cmp(&x->p.addr, &y->p.addr)) != 0)
		return c;
	if (x->p.len != y->p.len)
		return x->p.len < y->p.len ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* An IPv4 route's place in cmp_key()'s order: address, then length. */
struct key4 {
	uint64_t	 k;
	uint32_t	 idx;
};

/*
 * rs->order[] as cmp_key() would sort it.  IPv4 routes (most of any
 * table, and 200,000 on a full one) are sorted by a stable LSD radix
 * sort on 40-bit keys, address then length: equal prefixes keep file
 * order as idx does in cmp_key(), and qsort's comparisons were a tenth of
 * the load.  The IPv6 ones follow (family 4 before 6), by qsort().
 */
static int
sort_routes(struct az_routes *rs)
{
	struct key4 *a, *t, *sw, *blk;
	struct sort_key *keys;
	size_t i, cnt[256], pos, sh, n4 = 0, n6;

	if ((blk = erw_malloc((rs->n + 1) * 2 * sizeof(*blk))) == NULL)
		return -1;
	a = blk;
	t = blk + rs->n + 1;
	for (i = 0; i < rs->n; i++) {
		if (rs->v[i].prefix.addr.family != NET_AF_INET)
			continue;
		a[n4].k = (uint64_t)net_addr_v4(&rs->v[i].prefix.addr) << 8 |
		    rs->v[i].prefix.len;
		a[n4++].idx = (uint32_t)i;
	}
	for (sh = 0; sh < 40; sh += 8) {
		memset(cnt, 0, sizeof(cnt));
		for (i = 0; i < n4; i++)
			cnt[(a[i].k >> sh) & 0xff]++;
		if (n4 == 0 || cnt[(a[0].k >> sh) & 0xff] == n4)
			continue;	/* one value in this byte: order kept */
		for (i = 0, pos = 0; i < 256; i++) {
			size_t c = cnt[i];

			cnt[i] = pos;
			pos += c;
		}
		for (i = 0; i < n4; i++)
			t[cnt[(a[i].k >> sh) & 0xff]++] = a[i];
		sw = a;
		a = t;
		t = sw;
	}
	for (i = 0; i < n4; i++)
		rs->order[i] = a[i].idx;
	free(blk);
	if ((n6 = rs->n - n4) == 0)
		return 0;
	if ((keys = erw_malloc(n6 * sizeof(*keys))) == NULL)
		return -1;
	for (i = 0, pos = 0; i < rs->n; i++) {
		if (rs->v[i].prefix.addr.family == NET_AF_INET)
			continue;
		keys[pos].p = rs->v[i].prefix;
		keys[pos++].idx = (uint32_t)i;
	}
	qsort(keys, n6, sizeof(*keys), cmp_key);
	for (i = 0; i < n6; i++)
		rs->order[n4 + i] = keys[i].idx;
	free(keys);
	return 0;
}

static int
synthesize_defaults(struct az_routes *rs, struct err *e)
{
	struct az_route *r;
	size_t i;

	if ((r = route_new(rs, e)) == NULL)
		return -1;
	net_prefix_parse("0.0.0.0/0", &r->prefix, NULL);
	r->source = AZ_RSRC_DEFAULT;
	r->next_hop_type = "Internet";
	r->input = "(system default)";
	for (i = 0; i < sizeof(sys_none) / sizeof(sys_none[0]); i++) {
		if ((r = route_new(rs, e)) == NULL)
			return -1;
		net_prefix_parse(sys_none[i], &r->prefix, NULL);
		r->source = AZ_RSRC_DEFAULT;
		r->next_hop_type = "None";
		r->input = "(system default)";
	}
	rs->synthesized = true;
	return 0;
}

static bool
same_prefix(const struct net_prefix *a, const struct net_prefix *b)
{
	return a->len == b->len && net_addr_eq(&a->addr, &b->addr);
}

static const struct az_route *group_winner(const struct az_routes *,
    const struct az_route_group *);
static const struct az_route *pick(const struct az_routes *,
    const struct net_lpm_match *, size_t, size_t *);

/* Route index + 1, 0 for none: what az_route_group keeps. */
static uint32_t
route_ref(const struct az_routes *rs, const struct az_route *r)
{
	return r != NULL ? (uint32_t)(r - rs->v) + 1 : 0;
}

static bool system_exception(const struct az_route *);

/*
 * Each group's own winner, then the decision for destinations whose
 * longest match it is, made as pick() makes it over the group and its
 * ancestors.  Groups are in (family, address, length) order, so an
 * ancestor comes before its descendants and a stack of the groups still
 * open gives each its parent in one sweep.  Per group, up the chain:
 * fw, the first usable winner; fx, the first winner that is a system
 * exception (pick() takes it over a gateway winner below it).
 */
static int
decide_groups(struct az_routes *rs, struct err *e)
{
	uint32_t *stack, *fw, *fx, *par;
	size_t g, top = 0;

	for (g = 0; g < rs->ngrp; g++)
		rs->grp[g].win = route_ref(rs, group_winner(rs, &rs->grp[g]));
	if ((stack = erw_malloc((rs->ngrp + 1) * 4 * sizeof(*stack))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	fw = stack + rs->ngrp + 1;
	fx = fw + rs->ngrp + 1;
	par = fx + rs->ngrp + 1;
	for (g = 0; g < rs->ngrp; g++) {
		const struct net_prefix *p =
		    &rs->v[rs->order[rs->grp[g].first]].prefix;
		uint32_t w = rs->grp[g].win, f, pp;

		while (top > 0 && !net_prefix_covers(
		    &rs->v[rs->order[rs->grp[stack[top - 1]].first]].prefix, p))
			top--;
		pp = top > 0 ? stack[top - 1] + 1 : 0;	/* parent + 1 */
		par[g] = pp;
		stack[top++] = (uint32_t)g;
		fw[g] = w != 0 ? (uint32_t)g + 1 : pp != 0 ? fw[pp - 1] : 0;
		fx[g] = w != 0 && system_exception(&rs->v[w - 1]) ?
		    (uint32_t)g + 1 : pp != 0 ? fx[pp - 1] : 0;
		/* fw[g] names the group of the first winner */
		rs->grp[g].rwin = 0;
		if ((f = fw[g]) == 0)
			continue;
		w = rs->grp[f - 1].win;
		if (rs->v[w - 1].source == AZ_RSRC_GATEWAY && par[f - 1] != 0 &&
		    fx[par[f - 1] - 1] != 0)
			w = rs->grp[fx[par[f - 1] - 1] - 1].win;
		rs->grp[g].rwin = w;
	}
	free(stack);
	return 0;
}

int
az_routes_build(struct az_routes *rs, struct err *e)
{
	size_t i;

	routes_drop_compiled(rs);
	if (!rs->have_effective && !rs->synthesized &&
	    synthesize_defaults(rs, e) == -1)
		return -1;
	if ((rs->lpm = net_lpm_new()) == NULL ||
	    (rs->order = erw_malloc((rs->n + 1) * sizeof(uint32_t))) == NULL ||
	    (rs->grp = erw_calloc(rs->n + 1, sizeof(*rs->grp))) == NULL ||
	    sort_routes(rs) == -1)
		goto nomem;
	for (i = 0; i < rs->n; i++) {
		const struct az_route *r = &rs->v[rs->order[i]];

		if (i == 0 || !same_prefix(&r->prefix,
		    &rs->v[rs->order[i - 1]].prefix)) {
			rs->grp[rs->ngrp].first = (uint32_t)i;
			if (net_lpm_add(rs->lpm, &r->prefix,
			    (uint32_t)rs->ngrp, e) == -1)
				goto fail;
			rs->ngrp++;
		}
		rs->grp[rs->ngrp - 1].n++;
	}
	if (net_lpm_build(rs->lpm, e) == -1 || decide_groups(rs, e) == -1)
		goto fail;
	return 0;
nomem:
	ERR(e, ERR_NOMEM, "out of memory");
fail:
	routes_drop_compiled(rs);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Lookup                                                              */
/* ------------------------------------------------------------------ */

static int
source_pref(enum az_route_source s)
{
	switch (s) {
	case AZ_RSRC_USER:
		return 3;
	case AZ_RSRC_GATEWAY:
		return 2;
	case AZ_RSRC_DEFAULT:
		return 1;
	default:
		return 0;
	}
}

/* System routes that beat more specific BGP routes (UDR overview). */
static bool
system_exception(const struct az_route *r)
{
	const char *t = r->next_hop_type;

	return r->source == AZ_RSRC_DEFAULT &&
	    (str_casecmp(t, "VnetLocal") == 0 ||
	    str_casecmp(t, "VNetPeering") == 0 ||
	    str_casecmp(t, "VnetPeering") == 0 ||
	    str_casecmp(t, "VirtualNetworkServiceEndpoint") == 0 ||
	    str_casecmp(t, "GlobalVNetPeering") == 0);
}

static void
beat(struct az_route_result *res, const struct az_route *r,
    enum az_beaten_why why)
{
	if (res->nbeaten < AZ_ROUTES_MAX_BEATEN) {
		res->beaten[res->nbeaten].route = r;
		res->beaten[res->nbeaten].why = why;
		res->nbeaten++;
	}
	res->nbeaten_total++;
}

/* The route of group g that wins its prefix, NULL if none may. */
static const struct az_route *
group_winner(const struct az_routes *rs, const struct az_route_group *g)
{
	const struct az_route *best = NULL;
	uint32_t k;

	for (k = 0; k < g->n; k++) {
		const struct az_route *r = &rs->v[rs->order[g->first + k]];

		if (r->invalid || (r->source == AZ_RSRC_GATEWAY &&
		    rs->bgp_disabled))
			continue;
		if (best == NULL || source_pref(r->source) >
		    source_pref(best->source))
			best = r;
	}
	return best;
}

/* group_winner() as decide_groups() kept it. */
static const struct az_route *
grp_win(const struct az_routes *rs, uint32_t g)
{
	uint32_t w = rs->grp[g].win;

	return w != 0 ? &rs->v[w - 1] : NULL;
}

/*
 * The decision over covering groups m[0..n), most specific first: the
 * winner (NULL: dropped) and, in *wi, the index of its group in m.
 */
static const struct az_route *
pick(const struct az_routes *rs, const struct net_lpm_match *m, size_t n,
    size_t *wi)
{
	const struct az_route *w = NULL, *gw;
	size_t i;

	*wi = 0;
	/* Longest prefix whose group has a usable route. */
	for (i = 0; i < n && w == NULL; i++) {
		w = grp_win(rs, m[i].value);
		*wi = i;
	}
	/* A BGP route loses to a covering VNet/peering/endpoint system
	 * route, however specific it is. */
	if (w != NULL && w->source == AZ_RSRC_GATEWAY) {
		for (i = *wi + 1; i < n; i++) {
			gw = grp_win(rs, m[i].value);
			if (gw != NULL && system_exception(gw)) {
				*wi = i;
				return gw;
			}
		}
	}
	return w;
}

/* Every route of group g but skip goes to beaten[]: the group's own
 * winner gwin with reason why_gwin, the others with their own reason. */
static void
beat_group(const struct az_routes *rs, const struct az_route_group *g,
    const struct az_route *skip, const struct az_route *gwin,
    enum az_beaten_why why_gwin, struct az_route_result *res)
{
	uint32_t k;

	for (k = 0; k < g->n; k++) {
		const struct az_route *r = &rs->v[rs->order[g->first + k]];

		if (r == skip)
			continue;
		if (r == gwin)
			beat(res, r, why_gwin);
		else if (r->invalid)
			beat(res, r, AZ_BEAT_INVALID);
		else if (r->source == AZ_RSRC_GATEWAY && rs->bgp_disabled)
			beat(res, r, AZ_BEAT_NO_PROPAGATION);
		else
			beat(res, r, AZ_BEAT_TIE);
	}
}

/* What the result says about winner w (NULL: dropped). */
static void
set_winner(struct az_route_result *res, const struct az_route *w)
{
	res->winner = w;
	res->next_hop_type = "None";
	memset(&res->next_hop, 0, sizeof(res->next_hop));
	res->route_table_id = NULL;
	if (w == NULL)
		return;
	res->next_hop_type = w->next_hop_type;
	res->next_hop = w->next_hop;
	if (w->source == AZ_RSRC_USER)
		res->route_table_id = w->table_id[0] != '\0' ? w->table_id :
		    NULL;
	else
		res->route_table_id = "System Route";
}

int
az_routes_lookup(const struct az_routes *rs, const struct net_addr *dst,
    struct az_route_result *res)
{
	struct net_lpm_match m[129];
	const struct az_route *w;
	size_t n, i, wi;

	memset(res, 0, sizeof(*res));
	res->next_hop_type = "None";
	if (rs->lpm == NULL)
		return -1;
	n = net_lpm_matches(rs->lpm, dst, m, 129);
	if (n > 129)
		n = 129;
	w = pick(rs, m, n, &wi);
	for (i = 0; i < n; i++) {
		const struct az_route_group *g = &rs->grp[m[i].value];

		if (i == wi && w != NULL)
			beat_group(rs, g, w, NULL, AZ_BEAT_TIE, res);
		else
			beat_group(rs, g, NULL, grp_win(rs, m[i].value),
			    i < wi ? AZ_BEAT_SYSTEM_WINS :
			    AZ_BEAT_LESS_SPECIFIC, res);
	}
	set_winner(res, w);
	return 0;
}

int
az_routes_decide(const struct az_routes *rs, const struct net_addr *dst,
    struct az_route_result *res, uint32_t *key)
{
	uint32_t g = 0, w;
	bool hit = false;

	*key = 0;
	if (res != NULL) {
		/* Not a memset: beaten[] is half a kilobyte per answer. */
		res->nbeaten = 0;
		res->nbeaten_total = 0;
		set_winner(res, NULL);
	}
	if (rs->lpm == NULL)
		return -1;
	if (dst->family == NET_AF_INET)
		hit = net_lpm_lookup4(rs->lpm, net_addr_v4(dst), &g);
	else if (dst->family == NET_AF_INET6)
		hit = net_lpm_lookup6(rs->lpm, dst->a, &g);
	if (!hit)
		return 0;
	*key = g + 1;
	/* Without res, the group and its winner are never touched: two
	 * cache misses fewer for a batch that knows the key already. */
	if (res != NULL && (w = rs->grp[g].rwin) != 0)
		set_winner(res, &rs->v[w - 1]);
	return 0;
}

void
az_routes_keys4(const struct az_routes *rs, const uint32_t *addrs, size_t n,
    uint32_t *keys)
{
	bool found[64];
	size_t i, k, m;

	for (i = 0; i < n; i += m) {
		m = n - i < 64 ? n - i : 64;
		if (rs->lpm == NULL) {
			memset(keys + i, 0, m * sizeof(*keys));
			continue;
		}
		net_lpm_lookup4_batch(rs->lpm, addrs + i, m, keys + i, found);
		for (k = 0; k < m; k++)
			keys[i + k] = found[k] ? keys[i + k] + 1 : 0;
	}
}

/* ------------------------------------------------------------------ */
/* NICs                                                                */
/* ------------------------------------------------------------------ */

void
az_nics_init(struct az_nics *ns)
{
	memset(ns, 0, sizeof(*ns));
}

void
az_nics_release(struct az_nics *ns)
{
	free(ns->v);
	memset(ns, 0, sizeof(*ns));
}

static int
load_nic(struct az_nics *ns, const struct az_doc *doc,
    const struct az_node *obj, struct err *e)
{
	struct az_node ipcs, ipc;
	struct az_nic *nic;
	const char *s;
	size_t i;
	bool b;
	int rc;

	if (!json_is_object(obj->v))
		return az_fail(obj, NULL, e, "NIC is not an object");
	if (ns->n == ns->cap) {
		size_t nc = ns->cap ? ns->cap * 2 : 8;

		if ((nic = erw_reallocarray(ns->v, nc, sizeof(*nic))) == NULL)
			return ERR(e, ERR_NOMEM, "out of memory");
		ns->v = nic;
		ns->cap = nc;
	}
	nic = &ns->v[ns->n];
	memset(nic, 0, sizeof(*nic));
	str_copy(nic->input, doc->name, sizeof(nic->input));
	if ((rc = az_get_str(obj, "name", &s, e)) == -1)
		return -1;
	if (rc == 0)
		str_escape_into(nic->name, sizeof(nic->name), s, strlen(s));
	if ((rc = az_get_bool(obj, "enableIPForwarding", &b, e)) == -1)
		return -1;
	nic->ip_forwarding = rc == 0 && b;
	if ((rc = az_get_array(obj, "ipConfigurations", &ipcs, e)) == -1)
		return -1;
	if (rc == AZ_ABSENT)
		return az_fail(obj, NULL, e, "NIC has no ipConfigurations "
		    "(looked at the top and under properties)");
	for (i = 0; rc == 0 && i < az_len(&ipcs); i++) {
		char body[AZ_PTR_MAX];
		int r2;

		az_index(&ipcs, i, &ipc);
		if (!json_is_object(ipc.v))
			return az_fail(&ipc, NULL, e, "ipConfiguration is not "
			    "an object");
		if ((r2 = az_get_str(&ipc, "privateIPAddress", &s, e)) == -1)
			return -1;
		if (r2 == AZ_ABSENT)
			continue;
		if (nic->nips == AZ_NIC_MAX_IPS) {
			az_note_add(&ns->notes, AZ_NOTE_SKIPPED, doc,
			    ipc.ptr, "NIC %.60s: private IPs beyond %d not "
			    "read", nic->name, AZ_NIC_MAX_IPS);
			continue;
		}
		if (net_addr_parse(s, &nic->ips[nic->nips]) == -1)
			return az_fail(&ipc, "privateIPAddress", e,
			    "bad address '%.64s'", s);
		az_body_ptr(&ipc, body, sizeof(body));
		snprintf(nic->ip_ptr[nic->nips], sizeof(nic->ip_ptr[0]),
		    "%.140s/privateIPAddress", body);
		nic->nips++;
	}
	ns->n++;
	return 0;
}

int
az_nics_add_doc(struct az_nics *ns, const struct az_doc *doc, struct err *e)
{
	struct az_rows rows;
	struct az_node el;
	size_t i;

	if (doc->kind != AZ_NIC) {
		ERR(e, ERR_INPUT, "'%s' is not a NIC export (looks like: %s)",
		    doc->name, az_kind_name(doc->kind));
		err_at(e, doc->name, 0, 0, 0);
		return -1;
	}
	az_notes_merge(&ns->notes, &doc->notes);
	/* One NIC, or a list of them (az nic list, Resource Graph). */
	az_rows(doc, &rows);
	for (i = 0; i < rows.n; i++) {
		az_row(&rows, i, &el);
		if (az_detect(el.v) != AZ_NIC)
			return az_fail(&el, NULL, e, "not a NIC");
		if (load_nic(ns, doc, &el, e) == -1)
			return -1;
	}
	return 0;
}

const struct az_nic *
az_nics_find(const struct az_nics *ns, const struct net_addr *ip,
    unsigned *ipi)
{
	size_t i;
	unsigned k;

	for (i = 0; i < ns->n; i++)
		for (k = 0; k < ns->v[i].nips; k++)
			if (net_addr_eq(&ns->v[i].ips[k], ip)) {
				if (ipi != NULL)
					*ipi = k;
				return &ns->v[i];
			}
	return NULL;
}
