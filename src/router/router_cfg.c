/*
 * router_cfg: loading a whole router configuration into the model of
 * router_cfg.h.  The text is decoded and cleaned as every router input
 * (router_text.c), the dialect is told from content (the lines only a
 * dialect writes), one parser of its syntax family reads it, and then the
 * inheritance every dialect has is settled here once: a neighbor takes
 * from its group (IOS/FRR peer-group, NX-OS template, Junos group, BIRD
 * template) what it does not set itself, and the speaker-wide timers
 * where neither does.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "router_cfg_int.h"

static const char *const dialect_names[] = {
#define X(c, n)	n,
	ROUTER_CFG_DIALECTS(X)
#undef X
};

const char *
router_cfg_dialect_name(enum router_cfg_dialect d)
{
	if ((unsigned)d >= ROUTER_CFG__COUNT)
		return "unknown";
	return dialect_names[d];
}

enum router_cfg_dialect
router_cfg_dialect_by_name(const char *s)
{
	unsigned i;

	for (i = 1; i < ROUTER_CFG__COUNT; i++)
		if (str_casecmp(s, dialect_names[i]) == 0)
			return (enum router_cfg_dialect)i;
	return ROUTER_CFG_UNKNOWN;
}

/* ------------------------------------------------------------------ */
/* Helpers for the parsers                                             */
/* ------------------------------------------------------------------ */

static bool
grow(struct cfgp *p, void **v, size_t *cap, size_t n, size_t size,
    size_t limit)
{
	void *nv;
	size_t ncap;

	if (n >= limit) {
		p->limit = true;
		return false;
	}
	if (n < *cap)
		return true;
	ncap = *cap ? *cap * 2 : 16;
	if ((nv = erw_reallocarray(*v, ncap, size)) == NULL) {
		p->nomem = true;
		return false;
	}
	*v = nv;
	*cap = ncap;
	return true;
}

struct router_cfg_iface *
cfg_iface_new(struct cfgp *p, const char *s, size_t n, uint32_t line)
{
	struct router_cfg *c = p->c;
	struct router_cfg_iface *f;

	if (!grow(p, (void **)&c->ifaces, &c->ifaces_cap, c->nifaces,
	    sizeof(*f), LIMIT_CFG_IFACES))
		return NULL;
	f = &c->ifaces[c->nifaces++];
	memset(f, 0, sizeof(*f));
	rcopy(f->name, sizeof(f->name), s, n);
	f->line = line;
	f->vlan = f->inner_vlan = -1;
	f->mtu = f->mss = -1;
	return f;
}

struct router_cfg_iface *
cfg_iface_get(struct cfgp *p, const char *s, size_t n, uint32_t line)
{
	char name[ROUTER_CFG_NAME_MAX];
	size_t i;

	rcopy(name, sizeof(name), s, n);
	/* the last one first: statements about one interface come
	 * together */
	for (i = p->c->nifaces; i > 0; i--)
		if (strcmp(p->c->ifaces[i - 1].name, name) == 0)
			return &p->c->ifaces[i - 1];
	return cfg_iface_new(p, s, n, line);
}

struct router_cfg_neighbor *
cfg_nb_get(struct cfgp *p, const char *s, size_t n, uint32_t line,
    bool group)
{
	struct router_cfg *c = p->c;
	struct router_cfg_neighbor *nb;
	struct net_addr a;
	char name[ROUTER_CFG_NAME_MAX];
	bool is_addr;
	size_t i;

	while (n > 0 && (s[n - 1] == ';' || s[n - 1] == '"'))
		n--;
	while (n > 0 && s[0] == '"') {
		s++;
		n--;
	}
	if (n == 0)
		return NULL;
	is_addr = !group && raddr_parse(s, n, &a) == 0;
	rcopy(name, sizeof(name), s, n);
	for (i = c->nneighbors; i > 0; i--) {
		nb = &c->neighbors[i - 1];
		if (is_addr ? (!nb->is_group && net_addr_eq(&nb->addr, &a)) :
		    (nb->is_group && strcmp(nb->name, name) == 0))
			return nb;
	}
	if (!grow(p, (void **)&c->neighbors, &c->neighbors_cap,
	    c->nneighbors, sizeof(*nb), LIMIT_CFG_NEIGHBORS))
		return NULL;
	nb = &c->neighbors[c->nneighbors++];
	memset(nb, 0, sizeof(*nb));
	str_copy(nb->name, name, sizeof(nb->name));
	nb->is_group = !is_addr;
	if (is_addr)
		nb->addr = a;
	nb->line = line;
	nb->remote_as = nb->local_as = nb->max_prefix = -1;
	nb->hold = nb->keepalive = nb->bfd_interval_ms = -1;
	return nb;
}

void
cfg_warn(struct cfgp *p, uint32_t line, const char *fmt, ...)
{
	struct router_cfg *c = p->c;
	va_list ap;

	if (c->nwarn >= ROUTER_CFG_WARN_MAX) {
		c->warn_dropped++;
		return;
	}
	c->warn[c->nwarn].line = line;
	va_start(ap, fmt);
	vsnprintf(c->warn[c->nwarn].what, sizeof(c->warn[0].what), fmt, ap);
	va_end(ap);
	c->nwarn++;
}

/* The token without one trailing ';' and surrounding quotes. */
static void
bare(const struct rtok *t, const char **s, size_t *n)
{
	*s = t->s;
	*n = t->n;
	if (*n > 0 && (*s)[*n - 1] == ';')
		(*n)--;
	if (*n >= 2 && (*s)[0] == '"' && (*s)[*n - 1] == '"') {
		(*s)++;
		*n -= 2;
	}
}

bool
cfg_is(const struct rtok *t, const char *word)
{
	const char *s;
	size_t n;

	bare(t, &s, &n);
	return req(s, n, word);
}

int
cfg_int(const struct rtok *t, int64_t min, int64_t max, int64_t *out)
{
	const char *s;
	uint64_t v;
	size_t n;

	bare(t, &s, &n);
	if (n == 0 || n > 19 || rparse_u64(s, n, &v) == -1 ||
	    memchr(s, ',', n) != NULL || v > (uint64_t)max ||
	    (int64_t)v < min)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int
cfg_prefix(const struct rtok *t, struct net_prefix *out)
{
	char buf[NET_PREFIX_STRLEN + 1];
	const char *s, *slash;
	struct net_addr a;
	uint64_t len;
	size_t n, an;

	bare(t, &s, &n);
	if (n == 0 || n >= sizeof(buf))
		return -1;
	slash = memchr(s, '/', n);
	an = slash != NULL ? (size_t)(slash - s) : n;
	memcpy(buf, s, an);
	buf[an] = '\0';
	if (net_addr_parse(buf, &a) == -1)
		return -1;
	out->addr = a;
	out->len = (uint8_t)net_family_bits(a.family);
	if (slash != NULL) {
		if (rparse_u64(slash + 1, n - an - 1, &len) == -1 ||
		    len > (uint64_t)net_family_bits(a.family))
			return -1;
		out->len = (uint8_t)len;
	}
	return 0;
}

int
cfg_mask_len(const struct rtok *t, uint8_t *len)
{
	char buf[NET_ADDR_STRLEN + 1];
	struct net_addr a;
	uint32_t m;
	uint8_t k = 0;

	if (t->n == 0 || t->n >= sizeof(buf))
		return -1;
	memcpy(buf, t->s, t->n);
	buf[t->n] = '\0';
	if (net_addr_parse(buf, &a) == -1 || a.family != NET_AF_INET)
		return -1;
	m = net_addr_v4(&a);
	while (k < 32 && (m & (0x80000000u >> k)) != 0)
		k++;
	/* a mask has its ones first: 255.0.255.0 is not one */
	if (k < 32 && (m & (0xffffffffu >> k)) != 0)
		return -1;
	*len = k;
	return 0;
}

void
cfg_name(char *dst, size_t len, const struct rtok *t)
{
	const char *s;
	size_t n;

	bare(t, &s, &n);
	rcopy(dst, len, s, n);
}

/* ------------------------------------------------------------------ */
/* Dialect                                                             */
/* ------------------------------------------------------------------ */

enum router_cfg_dialect
router_cfg_detect(const struct rline *l, size_t n)
{
	bool bgp = false, frr = false, eos = false, nxos = false, xr = false;
	bool junos = false;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *s = l[i].s;
		size_t k = l[i].n;

		rtrim(&s, &k);
		if (k == 0)
			continue;
		if (rstarts(s, k, "set ") && (rfind(s, k, " protocols bgp ") >=
		    0 || rstarts(s, k, "set interfaces ") ||
		    rstarts(s, k, "set routing-options ")))
			return ROUTER_CFG_JUNOS_SET;
		if (rstarts(s, k, "protocol bgp") ||
		    rstarts(s, k, "template bgp"))
			return ROUTER_CFG_BIRD;
		if (rstarts(s, k, "protocols {") ||
		    rstarts(s, k, "routing-options {") ||
		    rstarts(s, k, "interfaces {"))
			junos = true;
		if (rstarts(s, k, "router bgp "))
			bgp = true;
		if (rstarts(s, k, "frr version") ||
		    rstarts(s, k, "frr defaults"))
			frr = true;
		if (rstarts(s, k, "! device: ") ||
		    rstarts(s, k, "service routing protocols model"))
			eos = true;
		if (rstarts(s, k, "feature bgp") ||
		    rstarts(s, k, "!Command: show running-config"))
			nxos = true;
		if (rstarts(s, k, "!! IOS XR") || rstarts(s, k, "end-policy") ||
		    rstarts(s, k, "route-policy "))
			xr = true;
	}
	if (junos)
		return ROUTER_CFG_JUNOS;
	if (xr)
		return ROUTER_CFG_XR;
	if (nxos)
		return ROUTER_CFG_NXOS;
	if (frr)
		return ROUTER_CFG_FRR;
	if (eos)
		return ROUTER_CFG_EOS;
	return bgp ? ROUTER_CFG_IOS : ROUTER_CFG_UNKNOWN;
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */
/* ------------------------------------------------------------------ */

static const struct router_cfg_neighbor *
group_of(const struct router_cfg *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nneighbors; i++)
		if (c->neighbors[i].is_group &&
		    strcmp(c->neighbors[i].name, name) == 0)
			return &c->neighbors[i];
	return NULL;
}

#define INHERIT(f, unset)	do {					\
	if (nb->f == (unset))						\
		nb->f = g->f;						\
} while (0)

/* Fill what nb leaves unset from g. */
static void
inherit(struct router_cfg_neighbor *nb, const struct router_cfg_neighbor *g)
{
	INHERIT(remote_as, -1);
	INHERIT(local_as, -1);
	INHERIT(md5, CFG_UNSET);
	INHERIT(hold, -1);
	INHERIT(keepalive, -1);
	INHERIT(bfd, CFG_UNSET);
	INHERIT(bfd_interval_ms, -1);
	INHERIT(max_prefix, -1);
	INHERIT(default_originate, CFG_UNSET);
	INHERIT(allowas_in, CFG_UNSET);
	INHERIT(ipv4_active, CFG_UNSET);
	INHERIT(shutdown, CFG_UNSET);
	if (!nb->has_policy_in && g->has_policy_in) {
		nb->has_policy_in = true;
		memcpy(nb->policy_in, g->policy_in, sizeof(nb->policy_in));
	}
	if (!nb->has_policy_out && g->has_policy_out) {
		nb->has_policy_out = true;
		memcpy(nb->policy_out, g->policy_out, sizeof(nb->policy_out));
	}
}

static void
settle(struct router_cfg *c)
{
	const struct router_cfg_neighbor *g;
	bool ios;
	size_t i;
	int depth;

	ios = c->dialect == ROUTER_CFG_IOS || c->dialect == ROUTER_CFG_EOS ||
	    c->dialect == ROUTER_CFG_NXOS || c->dialect == ROUTER_CFG_XR ||
	    c->dialect == ROUTER_CFG_FRR;
	for (i = 0; i < c->nneighbors; i++) {
		struct router_cfg_neighbor *nb = &c->neighbors[i];

		/* groups of groups (Junos has one level, NX-OS templates
		 * inherit): a bounded walk, so a loop cannot hang */
		for (depth = 0, g = nb->group[0] != '\0' ?
		    group_of(c, nb->group) : NULL; g != NULL && g != nb &&
		    depth < 4; depth++, g = g->group[0] != '\0' ?
		    group_of(c, g->group) : NULL)
			inherit(nb, g);
	}
	for (i = 0; i < c->nneighbors; i++) {
		struct router_cfg_neighbor *nb = &c->neighbors[i];

		if (nb->hold == -1 && c->hold != -1) {
			nb->hold = c->hold;
			nb->keepalive = c->keepalive;
		}
		/* IOS activates IPv4 unicast for every neighbor unless told
		 * not to; XR and NX-OS only under the neighbor's (or its
		 * template's) address-family block */
		if (nb->ipv4_active == CFG_UNSET && (c->dialect ==
		    ROUTER_CFG_XR || c->dialect == ROUTER_CFG_NXOS))
			nb->ipv4_active = CFG_NO;
		else if (nb->ipv4_active == CFG_UNSET && ios)
			nb->ipv4_active = c->ipv4_default_off ? CFG_NO :
			    CFG_YES;
	}
}

int
router_cfg_load_buf(struct router_cfg *c, const char *name, const void *buf,
    size_t len, enum router_cfg_dialect dialect, struct err *e)
{
	struct router_text t;
	struct cfgp p;
	int rc = -1;

	memset(c, 0, sizeof(*c));
	str_copy(c->input, name, sizeof(c->input));
	c->local_as = -1;
	c->hold = c->keepalive = c->mss_all = -1;
	if (router_text_lines(name, buf, len, &t, e) == -1)
		return -1;
	c->lines = t.n > 0 ? t.lines[t.n - 1].no : 0;
	c->truncated = t.unterminated;
	if (t.binary) {
		ERR(e, ERR_INPUT, "'%s' is binary data, not a configuration",
		    name);
		err_at(e, name, 0, 0, 0);
		goto out;
	}
	if (dialect == ROUTER_CFG_UNKNOWN)
		dialect = router_cfg_detect(t.lines, t.n);
	if (dialect == ROUTER_CFG_UNKNOWN) {
		ERR(e, ERR_INPUT, "'%s' holds no router configuration erwatch "
		    "reads (no router bgp, protocols bgp or protocol bgp)",
		    name);
		err_at(e, name, 0, 0, 0);
		goto out;
	}
	c->dialect = dialect;
	memset(&p, 0, sizeof(p));
	p.c = c;
	p.l = t.lines;
	p.n = t.n;
	switch (dialect) {
	case ROUTER_CFG_JUNOS:
	case ROUTER_CFG_JUNOS_SET:
		router_cfg_parse_junos(&p);
		break;
	case ROUTER_CFG_BIRD:
		router_cfg_parse_bird(&p);
		break;
	default:
		router_cfg_parse_ios(&p);
		break;
	}
	if (p.nomem) {
		ERR(e, ERR_NOMEM, "out of memory reading '%s'", name);
		goto out;
	}
	if (p.limit) {
		ERR(e, ERR_LIMIT, "'%s' has more than %d interfaces or "
		    "neighbors", name, LIMIT_CFG_NEIGHBORS);
		err_at(e, name, 0, 0, 0);
		goto out;
	}
	settle(c);
	rc = 0;
out:
	router_text_release(&t);
	return rc;
}

int
router_cfg_load_file(struct router_cfg *c, const char *path,
    enum router_cfg_dialect dialect, struct err *e)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int rc;

	memset(c, 0, sizeof(*c));
	if (strcmp(path, "-") == 0) {
		if (file_read_all(stdin, "stdin", LIMIT_ROUTER_FILE_BYTES, &buf,
		    &len, e) == -1)
			return -1;
		rc = router_cfg_load_buf(c, "stdin", buf, len, dialect, e);
		free(buf);
		return rc;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		ERR(e, ERR_IO, "cannot open '%s': %s", path, strerror(errno));
		err_at(e, path, 0, 0, 0);
		return -1;
	}
	rc = file_read_all(fp, path, LIMIT_ROUTER_FILE_BYTES, &buf, &len, e);
	fclose(fp);
	if (rc == 0)
		rc = router_cfg_load_buf(c, path, buf, len, dialect, e);
	free(buf);
	return rc;
}

void
router_cfg_release(struct router_cfg *c)
{
	free(c->ifaces);
	free(c->neighbors);
	c->ifaces = NULL;
	c->neighbors = NULL;
	c->nifaces = c->nneighbors = 0;
	c->ifaces_cap = c->neighbors_cap = 0;
}

const struct router_cfg_neighbor *
router_cfg_neighbor(const struct router_cfg *c, const struct net_addr *a)
{
	size_t i;

	for (i = 0; i < c->nneighbors; i++)
		if (!c->neighbors[i].is_group &&
		    net_addr_eq(&c->neighbors[i].addr, a))
			return &c->neighbors[i];
	return NULL;
}
