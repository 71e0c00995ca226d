/*
 * gen_azure: writes the inputs of the end-to-end Azure benchmark
 * (bench/run_azure.sh) into a directory:
 *
 *   effective-routes.json  `az network nic show-effective-route-table`
 *                          of a hub VNet NIC behind ExpressRoute, --routes
 *                          routes (200,000), written as az writes it: two
 *                          spaces of indentation, keys sorted, the fields
 *                          of azure-formats.md 4.2 (addressPrefix[],
 *                          disableBgpRoutePropagation, name for User
 *                          routes, nextHopIpAddress[], nextHopType,
 *                          source, state)
 *   nexthop-batch.txt      --lines destinations (2,000,000), one a line,
 *                          for `erwatch nexthop --batch`
 *   nsg-subnet.json,       an NSG pair of 1,000 custom rules each in `az
 *   nsg-nic.json           network nsg show` form (bench_nsg_gen.h: the
 *                          rules bench_nsg evaluates), indented as az does
 *   flow-batch.csv         --flows flows (2,000,000) for `erwatch flow
 *                          --batch`: direction,protocol,local_ip,
 *                          local_port,remote_ip,remote_port
 *
 * The route table: the default system routes (VNet space VnetLocal, a few
 * peered VNets, 0.0.0.0/0 Internet, the private ranges None), some hundred
 * user routes (names, VirtualAppliance or None next hops) and the rest
 * learned over BGP from the ExpressRoute gateway, with two next hops (the
 * MSEE pair) each, a prefix-length mix like the Internet table's and about
 * one in twenty IPv6; a BGP route that a user route of the same prefix
 * overrides is exported Invalid, as Azure does.  Destinations: most inside
 * a route of the table, some random, one in twenty IPv6.  The output
 * depends only on the options (fixed-seed generator, bench_util.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_nsg_gen.h"
#include "bench_util.h"

#define GEN_MAX_ROUTES	10000000u
#define GEN_MAX_LINES	100000000u

struct gen_route {
	uint8_t		 v6;
	uint8_t		 len;
	uint32_t	 a[4];		/* host order words */
};

static uint64_t az_rng = 0x2545f4914f6cdd1dULL;

static uint32_t
rnd(void)
{
	return bench_rng(&az_rng);
}

static uint32_t
below(uint32_t n)
{
	return rnd() % n;
}

/* Prefix-length mix of an Internet-like table: mostly /24. */
static uint8_t
v4_len(void)
{
	uint32_t k = below(100);

	if (k < 61)
		return 24;
	if (k < 82)
		return (uint8_t)(22 + below(2));
	if (k < 97)
		return (uint8_t)(16 + below(6));
	return (uint8_t)(8 + below(8));
}

static uint8_t
v6_len(void)
{
	uint32_t k = below(100);

	if (k < 55)
		return 48;
	if (k < 80)
		return 32;
	return (uint8_t)(29 + below(19));
}

static void
mask_route(struct gen_route *r)
{
	unsigned w, nw = r->v6 ? 4 : 1;

	for (w = 0; w < nw; w++) {
		unsigned lo = w * 32;

		if (r->len <= lo)
			r->a[w] = 0;
		else if (r->len < lo + 32)
			r->a[w] &= 0xffffffffu << (32 - (r->len - lo));
	}
}

static void
rand_v4_route(struct gen_route *r)
{
	memset(r, 0, sizeof(*r));
	r->len = v4_len();
	/* Public unicast space, clear of the VNet's own 10.0.0.0/8. */
	r->a[0] = ((1 + below(222)) << 24) | (rnd() & 0xffffff);
	if (r->a[0] >> 24 == 10)
		r->a[0] ^= 0x01000000;
	mask_route(r);
}

static void
rand_v6_route(struct gen_route *r)
{
	memset(r, 0, sizeof(*r));
	r->v6 = 1;
	r->len = v6_len();
	r->a[0] = 0x20010000u | (rnd() & 0x3fff);	/* 2001:0-3fff::/32s */
	r->a[1] = rnd();
	mask_route(r);
}

static void
route_text(const struct gen_route *r, char *buf, size_t len)
{
	if (!r->v6) {
		snprintf(buf, len, "%u.%u.%u.%u/%u", r->a[0] >> 24,
		    r->a[0] >> 16 & 255, r->a[0] >> 8 & 255, r->a[0] & 255,
		    r->len);
		return;
	}
	/* Only the first 64 bits are ever set; :: for the rest. */
	snprintf(buf, len, "%x:%x:%x:%x::/%u", r->a[0] >> 16,
	    r->a[0] & 0xffff, r->a[1] >> 16, r->a[1] & 0xffff, r->len);
}

/* A host address inside route r (random host bits). */
static void
host_text(const struct gen_route *r, char *buf, size_t len)
{
	uint32_t a, b;

	if (!r->v6) {
		a = r->a[0];
		if (r->len < 32)
			a |= rnd() & (0xffffffffu >> r->len);
		snprintf(buf, len, "%u.%u.%u.%u", a >> 24, a >> 16 & 255,
		    a >> 8 & 255, a & 255);
		return;
	}
	a = r->a[0];
	b = r->a[1];
	if (r->len < 32)
		a |= rnd() & (0xffffffffu >> r->len);
	if (r->len < 64)
		b |= rnd() & (r->len <= 32 ? 0xffffffffu :
		    0xffffffffu >> (r->len - 32));
	snprintf(buf, len, "%x:%x:%x:%x:%x:%x:%x:%x", a >> 16, a & 0xffff,
	    b >> 16, b & 0xffff, rnd() & 0xffff, rnd() & 0xffff,
	    rnd() & 0xffff, 1 + below(0xfffe));
}

/* ------------------------------------------------------------------ */
/* The effective-route export                                          */
/* ------------------------------------------------------------------ */

struct out {
	FILE		*fp;
	bool		 first;
};

/* One route object as az prints it (indent 2, keys sorted). */
static void
put_route(struct out *o, const char *prefix, const char *name,
    const char *const *nh, size_t nnh, const char *type, const char *source,
    bool invalid)
{
	FILE *fp = o->fp;
	size_t i;

	fprintf(fp, "%s    {\n      \"addressPrefix\": [\n        \"%s\"\n"
	    "      ],\n      \"disableBgpRoutePropagation\": false,\n",
	    o->first ? "" : ",\n", prefix);
	o->first = false;
	if (name != NULL)
		fprintf(fp, "      \"name\": \"%s\",\n", name);
	if (nnh == 0)
		fputs("      \"nextHopIpAddress\": [],\n", fp);
	else {
		fputs("      \"nextHopIpAddress\": [\n", fp);
		for (i = 0; i < nnh; i++)
			fprintf(fp, "        \"%s\"%s\n", nh[i],
			    i + 1 < nnh ? "," : "");
		fputs("      ],\n", fp);
	}
	fprintf(fp, "      \"nextHopType\": \"%s\",\n      \"source\": \"%s\","
	    "\n      \"state\": \"%s\"\n    }", type, source,
	    invalid ? "Invalid" : "Active");
}

static const char *const msee[][2] = {
	{ "10.24.146.76", "10.24.146.77" },	/* circuit 1 */
	{ "10.24.147.12", "10.24.147.13" },	/* circuit 2 (other site) */
};
static const char *const msee6[][2] = {
	{ "fd00:24:146::76", "fd00:24:146::77" },
};

static int
write_routes(const char *path, struct gen_route *tab, uint32_t n)
{
	static const char *const sys[][3] = {
		{ "10.20.0.0/16", "VnetLocal", NULL },
		{ "10.21.0.0/16", "VNetPeering", NULL },
		{ "10.22.0.0/16", "VNetPeering", NULL },
		{ "10.23.0.0/16", "VNetPeering", NULL },
		{ "0.0.0.0/0", "Internet", NULL },
		{ "10.0.0.0/8", "None", NULL },
		{ "100.64.0.0/10", "None", NULL },
		{ "172.16.0.0/12", "None", NULL },
		{ "192.168.0.0/16", "None", NULL },
	};
	const size_t nsys = sizeof(sys) / sizeof(sys[0]);
	struct out o = { NULL, true };
	char pfx[64], name[64];
	uint32_t i, nuser, nbgp;
	const char *nva = "10.20.0.4";

	if ((o.fp = fopen(path, "w")) == NULL) {
		fprintf(stderr, "gen_azure: cannot create '%s': %s\n", path,
		    strerror(errno));
		return -1;
	}
	setvbuf(o.fp, NULL, _IOFBF, 1 << 20);
	fputs("{\n  \"value\": [\n", o.fp);
	for (i = 0; i < nsys && i < n; i++)
		put_route(&o, sys[i][0], NULL, NULL, 0, sys[i][1], "Default",
		    false);
	/* One route in 400 a user route: half of them override a BGP
	 * prefix (which is then exported Invalid). */
	nuser = n > nsys ? (n - (uint32_t)nsys) / 400 : 0;
	nbgp = n > nsys + nuser ? n - (uint32_t)nsys - nuser : 0;
	for (i = 0; i < nbgp; i++) {
		struct gen_route *r = &tab[i];
		bool v6 = below(20) == 0, over = i < nuser / 2;
		const char *const *nh = v6 ? msee6[0] : msee[below(2)];

		if (v6)
			rand_v6_route(r);
		else
			rand_v4_route(r);
		route_text(r, pfx, sizeof(pfx));
		put_route(&o, pfx, NULL, nh, 2, "VirtualNetworkGateway",
		    "VirtualNetworkGateway", over);
	}
	for (i = 0; i < nuser; i++) {
		struct gen_route *r = &tab[nbgp + i];
		bool none = below(3) == 0;

		if (i < nuser / 2)
			*r = tab[i];	/* overrides BGP route i */
		else
			rand_v4_route(r);
		route_text(r, pfx, sizeof(pfx));
		snprintf(name, sizeof(name), "udr-%u", i);
		put_route(&o, pfx, name, none ? NULL : &nva, none ? 0 : 1,
		    none ? "None" : "VirtualAppliance", "User", false);
	}
	fputs("\n  ]\n}\n", o.fp);
	if (fclose(o.fp) != 0) {
		fprintf(stderr, "gen_azure: cannot write '%s'\n", path);
		return -1;
	}
	return (int)(nbgp + nuser);
}

static int
write_batch(const char *path, const struct gen_route *tab, uint32_t ntab,
    uint32_t lines)
{
	FILE *fp;
	char buf[64];
	uint32_t i, k;

	if ((fp = fopen(path, "w")) == NULL) {
		fprintf(stderr, "gen_azure: cannot create '%s': %s\n", path,
		    strerror(errno));
		return -1;
	}
	setvbuf(fp, NULL, _IOFBF, 1 << 20);
	for (i = 0; i < lines; i++) {
		struct gen_route r;

		k = below(100);
		if (k < 75 && ntab > 0)
			host_text(&tab[below(ntab)], buf, sizeof(buf));
		else if (k < 95) {
			r.v6 = 0;
			r.len = 0;
			r.a[0] = rnd();
			host_text(&r, buf, sizeof(buf));
		} else {
			rand_v6_route(&r);
			host_text(&r, buf, sizeof(buf));
		}
		fputs(buf, fp);
		fputc('\n', fp);
	}
	if (fclose(fp) != 0) {
		fprintf(stderr, "gen_azure: cannot write '%s'\n", path);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* NSGs and flows                                                      */
/* ------------------------------------------------------------------ */

static int
write_text(const char *path, const char *text)
{
	FILE *fp;

	if ((fp = fopen(path, "w")) == NULL) {
		fprintf(stderr, "gen_azure: cannot create '%s': %s\n", path,
		    strerror(errno));
		return -1;
	}
	fputs(text, fp);
	fputc('\n', fp);
	if (fclose(fp) != 0) {
		fprintf(stderr, "gen_azure: cannot write '%s'\n", path);
		return -1;
	}
	return 0;
}

static int
write_nsgs(const char *dir)
{
	char path[4096];
	char *text;
	int rc;

	/* The order bench_nsg draws them in, so both see the same rules. */
	rng_state = NSG_GEN_RULE_SEED;
	text = gen_nsg("nsg-bench-subnet", JSON_INDENT(2) | JSON_SORT_KEYS);
	snprintf(path, sizeof(path), "%s/nsg-subnet.json", dir);
	rc = text != NULL ? write_text(path, text) : -1;
	free(text);
	if (rc == -1)
		return -1;
	text = gen_nsg("nsg-bench-nic", JSON_INDENT(2) | JSON_SORT_KEYS);
	snprintf(path, sizeof(path), "%s/nsg-nic.json", dir);
	rc = text != NULL ? write_text(path, text) : -1;
	free(text);
	return rc;
}

static int
write_flows(const char *path, uint32_t n)
{
	FILE *fp;
	char l[NET_ADDR_STRLEN], r[NET_ADDR_STRLEN];
	uint32_t i;

	if ((fp = fopen(path, "w")) == NULL) {
		fprintf(stderr, "gen_azure: cannot create '%s': %s\n", path,
		    strerror(errno));
		return -1;
	}
	setvbuf(fp, NULL, _IOFBF, 1 << 20);
	rng_state = NSG_GEN_FLOW_SEED;
	for (i = 0; i < n; i++) {
		struct nsg_flow f;

		gen_flow(&f);
		net_addr_str(&f.local, l);
		net_addr_str(&f.remote, r);
		if (f.proto == NSG_P_ICMP)
			fprintf(fp, "%s,icmp,%s,,%s,\n", f.dir == NSG_IN ?
			    "in" : "out", l, r);
		else
			fprintf(fp, "%s,%s,%s,%u,%s,%u\n", f.dir == NSG_IN ?
			    "in" : "out",
			    f.proto == NSG_P_TCP ? "tcp" : "udp", l, f.lport,
			    r, f.rport);
	}
	if (fclose(fp) != 0) {
		fprintf(stderr, "gen_azure: cannot write '%s'\n", path);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* main                                                                */
/* ------------------------------------------------------------------ */

static void
usage(void)
{
	fprintf(stderr, "usage: gen_azure -d DIR [--routes N] [--lines N] "
	    "[--flows N] [--seed N]\n");
}

static bool
count_arg(const char *s, uint32_t max, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || v > max)
		return false;
	*out = (uint32_t)v;
	return true;
}

int
main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "routes", required_argument, NULL, 'r' },
		{ "lines", required_argument, NULL, 'l' },
		{ "flows", required_argument, NULL, 'f' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dir = NULL;
	uint32_t nroutes = 200000, lines = 2000000, flows = 2000000, seed = 1;
	struct gen_route *tab;
	char path[4096];
	int c, ntab;

	while ((c = getopt_long(argc, argv, "d:", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'r':
			if (!count_arg(optarg, GEN_MAX_ROUTES, &nroutes))
				goto bad;
			break;
		case 'l':
			if (!count_arg(optarg, GEN_MAX_LINES, &lines))
				goto bad;
			break;
		case 'f':
			if (!count_arg(optarg, GEN_MAX_LINES, &flows))
				goto bad;
			break;
		case 's':
			if (!count_arg(optarg, 0xffffffffu, &seed) ||
			    seed == 0)
				goto bad;
			break;
		default:
			goto bad;
		}
	}
	if (dir == NULL || optind != argc)
		goto bad;
	az_rng ^= (uint64_t)seed * 0x9e3779b97f4a7c15ULL;
	if ((tab = calloc(nroutes + 1, sizeof(*tab))) == NULL) {
		fprintf(stderr, "gen_azure: out of memory\n");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/effective-routes.json", dir);
	if ((ntab = write_routes(path, tab, nroutes)) < 0)
		goto fail;
	snprintf(path, sizeof(path), "%s/nexthop-batch.txt", dir);
	if (write_batch(path, tab, (uint32_t)ntab, lines) == -1)
		goto fail;
	if (write_nsgs(dir) == -1)
		goto fail;
	snprintf(path, sizeof(path), "%s/flow-batch.csv", dir);
	if (write_flows(path, flows) == -1)
		goto fail;
	free(tab);
	return 0;
fail:
	free(tab);
	return 1;
bad:
	usage();
	return 2;
}
