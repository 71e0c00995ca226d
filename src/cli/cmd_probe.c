/*
 * erwatch probe HOST[:PORT]: connection troubleshoot from this host.  TCP
 * connect probes with a verdict and an RTT each, or (--bgp) one real BGP
 * OPEN exchange.  Options in, probe/ does the work, diag_probe judges,
 * report/report_probe.c prints each step's line as it ends and builds the
 * report document, rendered as the rest of the text, as JSON (field names
 * of `az network watcher test-connectivity` where they fit) or as HTML.
 * The MD5 key is read from a file or stdin, never from argv, and never
 * printed: --md5-key-file is never abbreviated and a bad option is named
 * without its value (cli_opt.c), so a mistyped --md5-key=SECRET does not
 * end up on the terminal.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag/diag_probe.h"
#include "probe/probe.h"
#include "report/report.h"
#include "report/report_doc.h"
#include "report/report_probe.h"

#define CMD	"probe"


enum {
	OPT_JSON = 256, OPT_BGP, OPT_LOCAL_AS, OPT_PEER_AS, OPT_ROUTER_ID,
	OPT_HOLD, OPT_MD5, OPT_PASSIVE, OPT_LINGER, OPT_HTML
};

static const struct cli_opt probe_opts[] = {
	CLI_OPT("count", 'c', CLI_ONE, "N", 'c',
	    "probes to send (1.." CLI_STR(PROBE_MAX_COUNT) ", default 4)"),
	CLI_OPT("interval", 'i', CLI_ONE, "T", 'i',
	    "between probes (>= 100ms, default 1s)"),
	CLI_OPT("timeout", 't', CLI_ONE, "T", 't',
	    "per probe / per BGP step (10ms..60s, default 2s; --bgp default "
	    "10s)"),
	CLI_OPT("source", 's', CLI_ONE, "IP", 's',
	    "local address to connect from"),
	CLI_OPT(NULL, '4', CLI_FLAG, NULL, '4', "resolve HOST to IPv4 only"),
	CLI_OPT(NULL, '6', CLI_FLAG, NULL, '6', "resolve HOST to IPv6 only"),
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON, "JSON document on stdout"),
	CLI_OPT("html", 0, CLI_ONE, "FILE", OPT_HTML,
	    "also write the report as one HTML page"),
	CLI_OPTX("bgp", 0, CLI_FLAG, NULL, OPT_BGP,
	    "a real BGP OPEN exchange instead of connect probes", 0, NULL,
	    "BGP (--bgp):"),
	CLI_OPT("local-as", 0, CLI_ONE, "N", OPT_LOCAL_AS, "our AS (required)"),
	CLI_OPT("peer-as", 0, CLI_ONE, "N", OPT_PEER_AS,
	    "the AS the peer must announce (checked)"),
	CLI_OPT("router-id", 0, CLI_ONE, "IP", OPT_ROUTER_ID,
	    "our BGP identifier (default: source address)"),
	CLI_OPT("hold", 0, CLI_ONE, "S", OPT_HOLD,
	    "hold time we offer (0 or 3..65535, default 180)"),
	/* spelled out: getopt_long would take --md5-key=SECRET for it */
	CLI_OPTX("md5-key-file", 0, CLI_ONE, "FILE", OPT_MD5,
	    "TCP MD5 key: first line of FILE, '-' for stdin", CLI_SPELL_OUT,
	    NULL, NULL),
	CLI_OPT("passive", 0, CLI_FLAG, NULL, OPT_PASSIVE,
	    "listen and wait for the peer to connect"),
	CLI_OPT("linger", 0, CLI_ONE, "T", OPT_LINGER,
	    "stay Established this long (<= 5s, default 1s)"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_probe = {
	.name = "probe",
	.summary = "TCP connect probe or a real BGP OPEN exchange",
	.usage = { "[options] HOST[:PORT]",
	    "--bgp --local-as N [options] HOST[:PORT]" },
	.description =
	    "TCP connect probes toward HOST (port 179 unless given), or a real "
	    "BGP OPEN\nexchange that never announces a route.\n",
	.operands = "HOST[:PORT]",
	.opts = probe_opts,
	.epilog =
	    "Verdicts: open, refused (RST), filtered (no answer), unreachable "
	    "(ICMP\nerror, with the router that sent it), no-route.  Exit: 0 "
	    "all fine, 1 a\nproblem found, 2 usage or input error, 3 runtime "
	    "failure.\n",
};

/* What the command asked for its output. */
struct out_opts {
	bool		 json;
	const char	*html;		/* --html FILE, or NULL */
};

/* A new document, or NULL after saying so. */
static struct report_doc *
doc_new(void)
{
	struct report_doc *d;

	if ((d = report_doc_new("erwatch probe")) == NULL)
		fprintf(stderr, "erwatch probe: out of memory\n");
	return d;
}

/* ------------------------------------------------------------------ */
/* Connect probes                                                      */
/* ------------------------------------------------------------------ */

static int
run_tcp(const struct probe_target *t, const struct probe_src *src,
    unsigned count, usec_t interval, usec_t timeout,
    const struct out_opts *out)
{
	bool json = out->json;
	struct report_doc *doc = NULL;
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
	if ((doc = doc_new()) == NULL) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	/* text: the head and each probe's line are on the terminal already */
	report_probe_tcp_build(report_doc_root(doc), t, res, count, timeout,
	    &sum, &fl, !json);
	rc = cli_doc_out_dump(CMD, doc, json, out->html, cli_text_flags(),
	    report_probe_json_dump);
	if (rc != EXIT_OK)
		goto out;
	rc = finding_list_exit_code(&fl);
out:
	report_doc_free(doc);
	free(res);
	finding_list_release(&fl);
	return rc;
}

/* ------------------------------------------------------------------ */
/* BGP OPEN exchange                                                   */
/* ------------------------------------------------------------------ */

static int
run_bgp(const struct probe_target *t, const struct probe_src *src,
    const struct probe_bgp_opts *o, const struct out_opts *out)
{
	bool json = out->json;
	struct report_doc *doc = NULL;
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
	if ((doc = doc_new()) == NULL) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	report_probe_bgp_build(report_doc_root(doc), t, o, r, &fl, !json);
	rc = cli_doc_out_dump(CMD, doc, json, out->html, cli_text_flags(),
	    report_probe_json_dump);
	if (rc != EXIT_OK)
		goto out;
	rc = finding_list_exit_code(&fl);
out:
	report_doc_free(doc);
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
	struct out_opts out = { false, NULL };
	bool bgp = false, has_local_as = false;
	int ch, family = 0, rc;
	struct net_addr rid;
	struct cli_parse p;

	memset(&src, 0, sizeof(src));
	memset(&bo, 0, sizeof(bo));
	bo.hold_time = 180;
	bo.linger = USEC_PER_SEC;
	bo.shutdown_msg = "erwatch probe finished";
	err_clear(&e);
	cli_parse_init(&p, &cli_cmd_probe, argc, argv);
	while ((ch = cli_next(&p)) != CLI_END) {
		switch (ch) {
		case CLI_HELP:
			return EXIT_OK;
		case CLI_BAD:
			return EXIT_USAGE;
		case 'c':
			if (cli_parse_u64(p.arg, 1, PROBE_MAX_COUNT, &v) == -1)
				return cli_usage_error(CMD, "--count: want "
				    "1..%d, got '%s'", PROBE_MAX_COUNT, p.arg);
			count = (unsigned)v;
			break;
		case 'i':
			if (cli_parse_duration_in(p.arg,
			    PROBE_MIN_INTERVAL_USEC, PROBE_MAX_INTERVAL_USEC,
			    &interval) == -1)
				return cli_usage_error(CMD, "--interval: want "
				    "100ms..60s, got '%s'", p.arg);
			break;
		case 't':
			if (cli_parse_duration_in(p.arg,
			    PROBE_MIN_TIMEOUT_USEC, PROBE_MAX_TIMEOUT_USEC,
			    &timeout) == -1)
				return cli_usage_error(CMD, "--timeout: want "
				    "10ms..60s, got '%s'", p.arg);
			break;
		case 's':
			if (net_addr_parse(p.arg, &src.ip) == -1)
				return cli_usage_error(CMD, "--source: not an "
				    "address: '%s'", p.arg);
			src.set = true;
			break;
		case '4':
			family = NET_AF_INET;
			break;
		case '6':
			family = NET_AF_INET6;
			break;
		case OPT_JSON:
			out.json = true;
			break;
		case OPT_HTML:
			out.html = p.arg;
			break;
		case OPT_BGP:
			bgp = true;
			break;
		case OPT_LOCAL_AS:
			if (parse_asn(p.arg, &bo.local_as) == -1)
				return cli_usage_error(CMD, "--local-as: bad "
				    "AS number '%s'", p.arg);
			has_local_as = true;
			break;
		case OPT_PEER_AS:
			if (parse_asn(p.arg, &bo.peer_as) == -1)
				return cli_usage_error(CMD, "--peer-as: bad AS "
				    "number '%s'", p.arg);
			break;
		case OPT_ROUTER_ID:
			if (net_addr_parse(p.arg, &rid) == -1 ||
			    rid.family != NET_AF_INET ||
			    net_addr_v4(&rid) == 0)
				return cli_usage_error(CMD, "--router-id: want "
				    "a non-zero IPv4 address, got '%s'",
				    p.arg);
			bo.router_id = net_addr_v4(&rid);
			break;
		case OPT_HOLD:
			if (cli_parse_u64(p.arg, 0, 65535, &v) == -1 ||
			    (v > 0 && v < 3))	/* RFC 4271 4.2 */
				return cli_usage_error(CMD, "--hold: want 0 or "
				    "3..65535, got '%s'", p.arg);
			bo.hold_time = (uint16_t)v;
			break;
		case OPT_MD5:
			md5file = p.arg;
			break;
		case OPT_PASSIVE:
			bo.passive = true;
			break;
		case OPT_LINGER:
			if (cli_parse_duration_in(p.arg, 0,
			    PROBE_BGP_MAX_WAIT_USEC, &bo.linger) == -1)
				return cli_usage_error(CMD, "--linger: want "
				    "0..5s, got '%s'", p.arg);
			break;
		}
	}
	if (p.nops != 1)
		return cli_usage_error(CMD, p.nops == 0 ? "missing HOST" :
		    "one HOST only");
	if (!bgp && (has_local_as || bo.peer_as || md5file || bo.passive ||
	    bo.router_id))
		return cli_usage_error(CMD, "--local-as, --peer-as, "
		    "--router-id, --md5-key-file and --passive need --bgp");
	if (bgp && !has_local_as)
		return cli_usage_error(CMD, "--bgp needs --local-as");
	if (timeout < 0)
		timeout = bgp ? 10 * USEC_PER_SEC : 2 * USEC_PER_SEC;
	if (probe_resolve(p.ops[0], BGP_PORT, family, &t, &e) == -1)
		return cli_report_err(CMD, &e);
	if (!bgp)
		return run_tcp(&t, &src, count, interval, timeout, &out);

	bo.timeout = timeout;
	if (md5file != NULL) {
		if (probe_md5_key_read(md5file, key, &keylen, &e) == -1)
			return cli_report_err(CMD, &e);
		bo.md5key = key;
		bo.md5len = keylen;
	}
	rc = run_bgp(&t, &src, &bo, &out);
	explicit_bzero(key, sizeof(key));
	return rc;
}
