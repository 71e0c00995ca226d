/*
 * erwatch probe HOST[:PORT]: connection troubleshoot from this host.  TCP
 * connect probes with a verdict and an RTT each, or (--bgp) one real BGP
 * OPEN exchange.  Options in, probe/ does the work, diag_probe judges,
 * report/report_probe.c prints text or JSON (field names of `az network
 * watcher test-connectivity` where they fit).  The MD5 key is read from a
 * file or stdin, never from argv, and never printed; unknown options are
 * echoed without their value so a mistyped --md5-key=SECRET does not end
 * up on the terminal.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag/diag_probe.h"
#include "probe/probe.h"
#include "report/report.h"
#include "report/report_probe.h"

#define CMD	"probe"


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

/* ------------------------------------------------------------------ */
/* Connect probes                                                      */
/* ------------------------------------------------------------------ */

static int
run_tcp(const struct probe_target *t, const struct probe_src *src,
    unsigned count, usec_t interval, usec_t timeout, bool json)
{
	struct probe_tcp_result *res;
	struct diag_probe_tcp_summary sum;
	struct finding_list fl;
	struct err e;
	unsigned i;
	usec_t next;
	int rc = EXIT_OK;

	err_clear(&e);
	finding_list_init(&fl);
	if ((res = erw_calloc(count, sizeof(*res))) == NULL) {
		fprintf(stderr, "erwatch probe: out of memory\n");
		return EXIT_RUNTIME;
	}
	if (!json)
		report_probe_tcp_begin(stdout, t, count, timeout);
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
		if (!json) {
			report_probe_tcp_line(stdout, i, &res[i]);
			fflush(stdout);
		}
	}
	diag_probe_tcp_summarize(res, count, &sum);
	if (diag_probe_tcp(&fl, t, res, count) == -1) {
		fprintf(stderr, "erwatch probe: out of memory\n");
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (json) {
		rc = cli_json_out(CMD, report_probe_tcp_json(t, res, count,
		    &sum, &fl), report_probe_json_dump);
		if (rc != EXIT_OK)
			goto out;
	} else
		report_probe_tcp_end(stdout, &sum, count, &fl,
		    cli_text_flags());
	rc = finding_list_exit_code(&fl);
out:
	free(res);
	finding_list_release(&fl);
	return rc;
}

/* ------------------------------------------------------------------ */
/* BGP OPEN exchange                                                   */
/* ------------------------------------------------------------------ */

static int
run_bgp(const struct probe_target *t, const struct probe_src *src,
    const struct probe_bgp_opts *o, bool json)
{
	struct probe_bgp_result *r;
	struct finding_list fl;
	struct err e;
	int rc = EXIT_OK;

	err_clear(&e);
	finding_list_init(&fl);
	if ((r = erw_calloc(1, sizeof(*r))) == NULL) {
		fprintf(stderr, "erwatch probe: out of memory\n");
		return EXIT_RUNTIME;
	}
	if (!json) {
		report_probe_bgp_begin(stdout, t, o);
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
		rc = cli_json_out(CMD, report_probe_bgp_json(t, o, r, &fl),
		    report_probe_json_dump);
		if (rc != EXIT_OK)
			goto out;
	} else
		report_probe_bgp_text(stdout, r, &fl, cli_text_flags());
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
			if (cli_parse_duration_in(optarg,
			    PROBE_MIN_INTERVAL_USEC, PROBE_MAX_INTERVAL_USEC,
			    &interval) == -1)
				return cli_usage_error(CMD, "--interval: want "
				    "100ms..60s, got '%s'", optarg);
			break;
		case 't':
			if (cli_parse_duration_in(optarg,
			    PROBE_MIN_TIMEOUT_USEC, PROBE_MAX_TIMEOUT_USEC,
			    &timeout) == -1)
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
			if (cli_parse_duration_in(optarg, 0,
			    PROBE_BGP_MAX_WAIT_USEC, &bo.linger) == -1)
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
