/*
 * erwatch probe HOST[:PORT]: connection troubleshoot from this host.  TCP
 * connect probes with a verdict and an RTT each, or (--bgp) one real BGP
 * OPEN exchange.  Options in, probe/ does the work, diag_probe judges,
 * text or JSON out (field names of `az network watcher test-connectivity`
 * where they fit).  The MD5 key is read from a file or stdin, never from
 * argv, and never printed; unknown options are echoed without their value
 * so a mistyped --md5-key=SECRET does not end up on the terminal.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "diag/diag_probe.h"
#include "probe/probe.h"
#include "report/report.h"

#define CMD	"probe"


/* Like report_json_dump(), with RTTs to 6 significant digits. */
static int
dump_json(json_t *root, struct err *e)
{
	if (json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6)) == -1 || fputc('\n', stdout) == EOF ||
	    fflush(stdout) == EOF)
		return ERR(e, ERR_IO, "cannot write JSON output");
	return 0;
}

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: erwatch probe [options] HOST[:PORT]\n"
"       erwatch probe --bgp --local-as N [options] HOST[:PORT]\n"
"\n"
"TCP connect probes toward HOST (port 179 unless given), or a real BGP OPEN\n"
"exchange that never announces a route.\n"
"\n"
"  -c, --count N          probes to send (1..%d, default 4)\n"
"  -i, --interval T       between probes (>= 100ms, default 1s)\n"
"  -t, --timeout T        per probe / per BGP step (10ms..60s, default 2s;\n"
"                         --bgp default 10s)\n"
"  -s, --source IP        local address to connect from\n"
"  -4, -6                 resolve HOST to IPv4 / IPv6 only\n"
"      --json             JSON document on stdout\n"
"BGP (--bgp):\n"
"      --local-as N       our AS (required)\n"
"      --peer-as N        the AS the peer must announce (checked)\n"
"      --router-id IP     our BGP identifier (default: source address)\n"
"      --hold S           hold time we offer (0 or 3..65535, default 180)\n"
"      --md5-key-file F   TCP MD5 key: first line of F, '-' for stdin\n"
"      --passive          listen and wait for the peer to connect\n"
"      --linger T         stay Established this long (<= 5s, default 1s)\n"
"\n"
"Verdicts: open, refused (RST), filtered (no answer), unreachable (ICMP\n"
"error, with the router that sent it), no-route.  Exit: 0 all fine, 1 a\n"
"problem found, 2 usage or input error, 3 runtime failure.\n",
	    PROBE_MAX_COUNT);
}

enum {
	OPT_JSON = 256, OPT_BGP, OPT_LOCAL_AS, OPT_PEER_AS, OPT_ROUTER_ID,
	OPT_HOLD, OPT_MD5, OPT_PASSIVE, OPT_LINGER, OPT_HELP
};

static const struct option longopts[] = {
	{ "count",	required_argument,	NULL, 'c' },
	{ "interval",	required_argument,	NULL, 'i' },
	{ "timeout",	required_argument,	NULL, 't' },
	{ "source",	required_argument,	NULL, 's' },
	{ "json",	no_argument,		NULL, OPT_JSON },
	{ "bgp",	no_argument,		NULL, OPT_BGP },
	{ "local-as",	required_argument,	NULL, OPT_LOCAL_AS },
	{ "peer-as",	required_argument,	NULL, OPT_PEER_AS },
	{ "router-id",	required_argument,	NULL, OPT_ROUTER_ID },
	{ "hold",	required_argument,	NULL, OPT_HOLD },
	{ "md5-key-file", required_argument,	NULL, OPT_MD5 },
	{ "passive",	no_argument,		NULL, OPT_PASSIVE },
	{ "linger",	required_argument,	NULL, OPT_LINGER },
	{ "help",	no_argument,		NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

/* The option as typed, without any "=value" part. */
static int
bad_option(char *argv[])
{
	const char *a = argv[optind - 1] != NULL ? argv[optind - 1] : "?";
	size_t n = strcspn(a, "=");

	if (optopt != 0 && strncmp(a, "--", 2) != 0)
		return cli_usage_error(CMD, "unknown option '-%c'", optopt);
	return cli_usage_error(CMD, "unknown option or missing value: '%.*s'",
	    (int)n, a);
}

static double
ms(usec_t u)
{
	return (double)u / 1000.0;
}

static json_t *
target_json(const struct probe_target *t)
{
	char ab[NET_ADDR_STRLEN];

	return json_pack("{s:s, s:s, s:i}", "host", t->host, "address",
	    net_addr_str(&t->ip, ab), "port", (int)t->port);
}

static json_t *
icmp_json(const struct probe_icmp *ic)
{
	char ab[NET_ADDR_STRLEN];

	if (!ic->valid)
		return json_null();
	return json_pack("{s:s, s:i, s:i, s:s, s:s?, s:b}",
	    "family", ic->v6 ? "icmpv6" : "icmp", "type", (int)ic->type,
	    "code", (int)ic->code,
	    "name", probe_icmp_name(ic->v6, ic->type, ic->code),
	    "router", ic->reporter.family != 0 ?
	    net_addr_str(&ic->reporter, ab) : NULL, "local", ic->local);
}

static void
icmp_text(FILE *fp, const struct probe_icmp *ic)
{
	char ab[NET_ADDR_STRLEN];

	if (!ic->valid)
		return;
	fprintf(fp, "  %s %u/%u (%s) from %s", ic->v6 ? "ICMPv6" : "ICMP",
	    ic->type, ic->code, probe_icmp_name(ic->v6, ic->type, ic->code),
	    ic->local ? "this host" : ic->reporter.family != 0 ?
	    net_addr_str(&ic->reporter, ab) : "an unknown router");
}

/* ------------------------------------------------------------------ */
/* Connect probes                                                      */
/* ------------------------------------------------------------------ */

static int
run_tcp(const struct probe_target *t, const struct probe_src *src,
    unsigned count, usec_t interval, usec_t timeout, bool json)
{
	struct probe_tcp_result *res;
	struct finding_list fl;
	struct err e;
	unsigned i, nopen = 0, nfail = 0;
	usec_t mn = 0, mx = 0, sum = 0, next;
	enum probe_verdict overall = PROBE_FILTERED;
	bool have_fail = false;
	char ab[NET_ADDR_STRLEN], lb[NET_ADDR_STRLEN];
	int rc = EXIT_OK;

	err_clear(&e);
	finding_list_init(&fl);
	if ((res = calloc(count, sizeof(*res))) == NULL) {
		fprintf(stderr, "erwatch probe: out of memory\n");
		return EXIT_RUNTIME;
	}
	if (!json)
		printf("erwatch probe %s (%s) port %u: %u probes, timeout "
		    "%.0f ms\n", t->host, net_addr_str(&t->ip, ab), t->port,
		    count, ms(timeout));
	next = time_mono_usec();
	for (i = 0; i < count; i++) {
		usec_t now = time_mono_usec();

		/* Rate bound: never faster than --interval. */
		if (i > 0 && next > now)
			usleep((useconds_t)(next - now));
		next = time_mono_usec() + interval;
		if (probe_tcp_connect(t, src, NULL, 0, timeout, &res[i], NULL,
		    &e) == -1) {
			rc = cli_report_err(CMD, &e);
			goto out;
		}
		if (res[i].verdict == PROBE_OPEN) {
			nopen++;
			if (nopen == 1 || res[i].rtt < mn)
				mn = res[i].rtt;
			if (res[i].rtt > mx)
				mx = res[i].rtt;
			sum += res[i].rtt;
		} else {
			nfail++;
			if (!have_fail) {
				overall = res[i].verdict;
				have_fail = true;
			}
		}
		if (!json) {
			printf("  probe %u: %-11s", i + 1,
			    probe_verdict_name(res[i].verdict));
			if (res[i].verdict != PROBE_FILTERED)
				printf(" %8.3f ms", ms(res[i].rtt));
			if (i == 0 && res[i].local.family != 0)
				printf("  from %s", net_addr_str(&res[i].local,
				    lb));
			icmp_text(stdout, &res[i].icmp);
			printf("\n");
			fflush(stdout);
		}
	}
	if (nopen > 0)
		overall = PROBE_OPEN;
	if (diag_probe_tcp(&fl, t, res, count) == -1) {
		fprintf(stderr, "erwatch probe: out of memory\n");
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (json) {
		json_t *root, *arr;

		arr = json_array();
		for (i = 0; i < count; i++)
			json_array_append_new(arr, json_pack(
			    "{s:i, s:s, s:o, s:s?, s:i, s:o}",
			    "seq", (int)i + 1,
			    "verdict", probe_verdict_name(res[i].verdict),
			    "rttMs", res[i].verdict == PROBE_FILTERED ?
			    json_null() : json_real(ms(res[i].rtt)),
			    "source", res[i].local.family != 0 ?
			    net_addr_str(&res[i].local, lb) : NULL,
			    "sourcePort", (int)res[i].local_port,
			    "icmp", icmp_json(&res[i].icmp)));
		root = json_pack("{s:s, s:o, s:s, s:s, s:o, s:o, s:o, s:i, "
		    "s:i, s:o, s:o}", "command", "probe", "target",
		    target_json(t), "connectionStatus", nopen > 0 ?
		    "Reachable" : "Unreachable", "verdict",
		    probe_verdict_name(overall),
		    "avgLatencyInMs", nopen ? json_real(ms(sum) / nopen) :
		    json_null(), "minLatencyInMs", nopen ?
		    json_real(ms(mn)) : json_null(), "maxLatencyInMs", nopen ?
		    json_real(ms(mx)) : json_null(), "probesSent", (int)count,
		    "probesFailed", (int)nfail, "probes", arr,
		    "findings", report_findings_json(&fl));
		if (root == NULL || dump_json(root, &e) == -1)
			rc = root == NULL ? EXIT_RUNTIME :
			    cli_report_err(CMD, &e);
		json_decref(root);
		if (rc != EXIT_OK)
			goto out;
	} else {
		printf("result: %s (%u/%u open)", probe_verdict_name(overall),
		    nopen, count);
		if (nopen > 0)
			printf(", rtt min/avg/max %.3f/%.3f/%.3f ms", ms(mn),
			    ms(sum) / nopen, ms(mx));
		printf("\n");
		if (fl.n > 0) {
			printf("\n");
			report_all_findings_text(stdout, &fl,
			    report_want_color(stdout) ? REPORT_TEXT_COLOR : 0);
		}
	}
	rc = finding_list_exit_code(&fl);
out:
	free(res);
	finding_list_release(&fl);
	return rc;
}

/* ------------------------------------------------------------------ */
/* BGP OPEN exchange                                                   */
/* ------------------------------------------------------------------ */

static json_t *
open_json(const struct bgp_open *o)
{
	json_t *caps = json_array(), *mp = json_array();
	char id[NET_ADDR_STRLEN];
	struct net_addr a;
	unsigned i;

	net_addr_set_v4(&a, o->bgp_id);
	for (i = 0; i < o->ncaps && i < BGP_MAX_CAPS; i++)
		json_array_append_new(caps, json_pack("{s:i, s:s}", "code",
		    (int)o->caps[i].code, "name",
		    bgp_cap_name(o->caps[i].code)));
	for (i = 0; i < o->nmp && i < BGP_MAX_CAP_AFI; i++)
		json_array_append_new(mp, json_pack("{s:s, s:s}", "afi",
		    bgp_afi_name(o->mp[i].afi), "safi",
		    bgp_safi_name(o->mp[i].safi)));
	return json_pack("{s:i, s:I, s:i, s:i, s:s, s:b, s:o, s:o}",
	    "version", (int)o->version, "as", (json_int_t)bgp_open_asn(o),
	    "myAutonomousSystem", (int)o->my_as, "holdTime",
	    (int)o->hold_time, "bgpId", net_addr_str(&a, id), "as4", o->has_as4,
	    "multiprotocol", mp, "capabilities", caps);
}

static void
open_text(const struct bgp_open *o)
{
	char id[NET_ADDR_STRLEN];
	struct net_addr a;
	unsigned i;

	net_addr_set_v4(&a, o->bgp_id);
	printf("  peer OPEN: version %u, AS %u, hold time %u s, identifier "
	    "%s\n", o->version, bgp_open_asn(o), o->hold_time,
	    net_addr_str(&a, id));
	printf("  capabilities:");
	for (i = 0; i < o->ncaps && i < BGP_MAX_CAPS; i++)
		printf("%s %s (%u)", i ? "," : "",
		    bgp_cap_name(o->caps[i].code), o->caps[i].code);
	if (o->ncaps == 0)
		printf(" none");
	printf("\n");
	for (i = 0; i < o->nmp && i < BGP_MAX_CAP_AFI; i++)
		printf("  multiprotocol: %s %s\n", bgp_afi_name(o->mp[i].afi),
		    bgp_safi_name(o->mp[i].safi));
}

static int
run_bgp(const struct probe_target *t, const struct probe_src *src,
    const struct probe_bgp_opts *o, bool json)
{
	struct probe_bgp_result *r;
	struct finding_list fl;
	struct err e;
	char ab[NET_ADDR_STRLEN], lb[NET_ADDR_STRLEN], nb[128];
	int rc = EXIT_OK;

	err_clear(&e);
	finding_list_init(&fl);
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		fprintf(stderr, "erwatch probe: out of memory\n");
		return EXIT_RUNTIME;
	}
	if (!json) {
		printf("erwatch probe --bgp %s (%s) port %u: %s, local AS %u, "
		    "hold %u s%s\n", t->host, net_addr_str(&t->ip, ab), t->port,
		    o->passive ? "waiting for the peer" : "connecting",
		    o->local_as, o->hold_time, o->md5key != NULL ?
		    ", TCP MD5 on" : "");
		fflush(stdout);
	}
	if (probe_bgp_run(t, src, o, r, &e) == -1) {
		rc = cli_report_err(CMD, &e);
		goto out;
	}
	if (diag_probe_bgp(&fl, t, o, r) == -1) {
		fprintf(stderr, "erwatch probe: out of memory\n");
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (json) {
		json_t *root, *bgp, *notif = json_null();

		if (r->got_notification) {
			bgp_notification_name(r->notif_code, r->notif_subcode,
			    nb, sizeof(nb));
			notif = json_pack("{s:i, s:i, s:s, s:s?}", "code",
			    (int)r->notif_code, "subcode",
			    (int)r->notif_subcode, "name", nb,
			    "shutdownMessage", r->notif_text[0] ?
			    r->notif_text : NULL);
		}
		bgp = json_pack("{s:s, s:I, s:o, s:o, s:o, s:i, s:i, "
		    "s:b, s:b, s:b, s:o, s:s?}",
		    "state", probe_bgp_stage_name(r->stage),
		    "localAs", (json_int_t)o->local_as,
		    "peerOpen", r->got_open ? open_json(&r->open) :
		    json_null(), "negotiatedHoldTime", r->got_open ?
		    json_integer(r->hold_negotiated) : json_null(),
		    "notification", notif,
		    "keepalivesReceived", (int)r->keepalives_rx,
		    "keepalivesSent", (int)r->keepalives_tx,
		    "ceaseSent", r->sent_cease, "peerClosed", r->peer_closed,
		    "md5", o->md5key != NULL,
		    "openRttMs", r->got_open ? json_real(ms(r->open_rtt)) :
		    json_null(),
		    "malformed", r->malformed ? r->malformed_what : NULL);
		if (o->peer_as != 0 && bgp != NULL)
			json_object_set_new(bgp, "expectedPeerAs",
			    json_integer(o->peer_as));
		root = json_pack("{s:s, s:s, s:o, s:s, s:s, s:s?, s:o, s:o, "
		    "s:o}", "command", "probe", "mode",
		    o->passive ? "bgp-passive" : "bgp",
		    "target", target_json(t),
		    "connectionStatus", r->tcp.verdict == PROBE_OPEN ?
		    "Reachable" : "Unreachable",
		    "verdict", probe_verdict_name(r->tcp.verdict),
		    "source", r->local.family ? net_addr_str(&r->local, lb) :
		    NULL, "tcp", json_pack("{s:o, s:o}", "rttMs",
		    r->tcp.rtt ? json_real(ms(r->tcp.rtt)) : json_null(),
		    "icmp", icmp_json(&r->tcp.icmp)), "bgp", bgp,
		    "findings", report_findings_json(&fl));
		if (root == NULL || dump_json(root, &e) == -1)
			rc = root == NULL ? EXIT_RUNTIME :
			    cli_report_err(CMD, &e);
		json_decref(root);
		if (rc != EXIT_OK)
			goto out;
	} else {
		printf("  tcp: %s", probe_verdict_name(r->tcp.verdict));
		if (r->tcp.rtt > 0)
			printf(" %.3f ms", ms(r->tcp.rtt));
		if (r->local.family != 0)
			printf("  from %s", net_addr_str(&r->local, lb));
		icmp_text(stdout, &r->tcp.icmp);
		printf("\n");
		if (r->got_open) {
			open_text(&r->open);
			printf("  negotiated hold time: %u s\n",
			    r->hold_negotiated);
		}
		if (r->got_notification) {
			bgp_notification_name(r->notif_code, r->notif_subcode,
			    nb, sizeof(nb));
			printf("  peer NOTIFICATION %u/%u (%s)%s%s%s\n",
			    r->notif_code, r->notif_subcode, nb,
			    r->notif_text[0] ? ": \"" : "", r->notif_text,
			    r->notif_text[0] ? "\"" : "");
		}
		if (r->stage != PROBE_BGP_CONNECT)
			printf("  state reached: %s; keepalives %u received, "
			    "%u sent; %s\n", probe_bgp_stage_name(r->stage),
			    r->keepalives_rx, r->keepalives_tx, r->sent_cease ?
			    "left with Cease/Administrative Shutdown" :
			    r->peer_closed ? "the peer closed the connection" :
			    "closed");
		if (fl.n > 0) {
			printf("\n");
			report_all_findings_text(stdout, &fl,
			    report_want_color(stdout) ? REPORT_TEXT_COLOR : 0);
		}
	}
	rc = finding_list_exit_code(&fl);
out:
	explicit_bzero(r, sizeof(*r));
	free(r);
	finding_list_release(&fl);
	return rc;
}

/* ------------------------------------------------------------------ */

static int
parse_asn(const char *s, uint32_t *out)
{
	unsigned long long v;

	if (cli_parse_u64(s, 1, 4294967295ULL, &v) == -1)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int
cmd_probe(int argc, char *argv[])
{
	struct probe_target t;
	struct probe_src src;
	struct probe_bgp_opts bo;
	struct err e;
	uint8_t key[PROBE_MD5_MAX_KEY];
	size_t keylen = 0;
	unsigned long long v;
	unsigned count = 4;
	usec_t interval = USEC_PER_SEC, timeout = -1;
	const char *md5file = NULL;
	bool json = false, bgp = false, has_local_as = false;
	int ch, family = 0, rc;
	struct net_addr rid;

	memset(&src, 0, sizeof(src));
	memset(&bo, 0, sizeof(bo));
	bo.hold_time = 180;
	bo.linger = USEC_PER_SEC;
	bo.shutdown_msg = "erwatch probe finished";
	err_clear(&e);
	/* getopt_long accepts abbreviations: refuse anything that could be
	 * a key typed on the command line, without echoing it. */
	for (ch = 1; ch < argc; ch++)
		if (strncmp(argv[ch], "--md5", 5) == 0 &&
		    strcmp(argv[ch], "--md5-key-file") != 0 &&
		    strncmp(argv[ch], "--md5-key-file=", 15) != 0)
			return cli_usage_error(CMD, "the MD5 key is only read "
			    "from a file: --md5-key-file FILE (or - for "
			    "stdin)");
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:i:t:s:46h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (cli_parse_u64(optarg, 1, PROBE_MAX_COUNT, &v) == -1)
				return cli_usage_error(CMD, "--count: want "
				    "1..%d, got '%s'", PROBE_MAX_COUNT, optarg);
			count = (unsigned)v;
			break;
		case 'i':
			if (cli_parse_duration(optarg, &interval) == -1 ||
			    interval < PROBE_MIN_INTERVAL_USEC ||
			    interval > PROBE_MAX_INTERVAL_USEC)
				return cli_usage_error(CMD, "--interval: want "
				    "100ms..60s, got '%s'", optarg);
			break;
		case 't':
			if (cli_parse_duration(optarg, &timeout) == -1 ||
			    timeout < PROBE_MIN_TIMEOUT_USEC ||
			    timeout > PROBE_MAX_TIMEOUT_USEC)
				return cli_usage_error(CMD, "--timeout: want "
				    "10ms..60s, got '%s'", optarg);
			break;
		case 's':
			if (net_addr_parse(optarg, &src.ip) == -1)
				return cli_usage_error(CMD, "--source: not an "
				    "address: '%s'", optarg);
			src.set = true;
			break;
		case '4':
			family = NET_AF_INET;
			break;
		case '6':
			family = NET_AF_INET6;
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_BGP:
			bgp = true;
			break;
		case OPT_LOCAL_AS:
			if (parse_asn(optarg, &bo.local_as) == -1)
				return cli_usage_error(CMD, "--local-as: bad "
				    "AS number '%s'", optarg);
			has_local_as = true;
			break;
		case OPT_PEER_AS:
			if (parse_asn(optarg, &bo.peer_as) == -1)
				return cli_usage_error(CMD, "--peer-as: bad AS "
				    "number '%s'", optarg);
			break;
		case OPT_ROUTER_ID:
			if (net_addr_parse(optarg, &rid) == -1 ||
			    rid.family != NET_AF_INET ||
			    net_addr_v4(&rid) == 0)
				return cli_usage_error(CMD, "--router-id: want "
				    "a non-zero IPv4 address, got '%s'",
				    optarg);
			bo.router_id = net_addr_v4(&rid);
			break;
		case OPT_HOLD:
			if (cli_parse_u64(optarg, 0, 65535, &v) == -1 ||
			    (v > 0 && v < 3))	/* RFC 4271 4.2 */
				return cli_usage_error(CMD, "--hold: want 0 or "
				    "3..65535, got '%s'", optarg);
			bo.hold_time = (uint16_t)v;
			break;
		case OPT_MD5:
			md5file = optarg;
			break;
		case OPT_PASSIVE:
			bo.passive = true;
			break;
		case OPT_LINGER:
			if (cli_parse_duration(optarg, &bo.linger) == -1 ||
			    bo.linger > PROBE_BGP_MAX_WAIT_USEC)
				return cli_usage_error(CMD, "--linger: want "
				    "0..5s, got '%s'", optarg);
			break;
		case 'h':
		case OPT_HELP:
			usage(stdout);
			return EXIT_OK;
		default:
			return bad_option(argv);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(CMD, optind >= argc ? "missing HOST" :
		    "one HOST only");
	if (!bgp && (has_local_as || bo.peer_as || md5file || bo.passive ||
	    bo.router_id))
		return cli_usage_error(CMD, "--local-as, --peer-as, "
		    "--router-id, --md5-key-file and --passive need --bgp");
	if (bgp && !has_local_as)
		return cli_usage_error(CMD, "--bgp needs --local-as");
	if (timeout < 0)
		timeout = bgp ? 10 * USEC_PER_SEC : 2 * USEC_PER_SEC;
	if (probe_resolve(argv[optind], BGP_PORT, family, &t, &e) == -1)
		return cli_report_err(CMD, &e);
	if (!bgp)
		return run_tcp(&t, &src, count, interval, timeout, json);

	bo.timeout = timeout;
	if (md5file != NULL) {
		if (probe_md5_key_read(md5file, key, &keylen, &e) == -1)
			return cli_report_err(CMD, &e);
		bo.md5key = key;
		bo.md5len = keylen;
	}
	rc = run_bgp(&t, &src, &bo, json);
	explicit_bzero(key, sizeof(key));
	return rc;
}
