/*
 * erwatch trace HOST[:PORT]: TCP SYN traceroute toward the peer's BGP port,
 * hop by hop, the way connection troubleshoot lists hops: which routers
 * answered, with what, and where the SYNs died.  probe/probe_trace.c sends
 * and matches; diag_probe judges; this file parses options and renders.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "diag/diag_probe.h"
#include "probe/probe.h"
#include "report/report.h"

#define CMD	"trace"


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
"usage: erwatch trace [options] HOST[:PORT]\n"
"\n"
"TCP SYN traceroute toward HOST's port (179 unless given), IPv4.  Needs\n"
"CAP_NET_RAW (root, or setcap cap_net_raw+ep on the binary).\n"
"\n"
"  -m, --max-ttl N        last TTL to try (1..%d, default 30)\n"
"  -f, --first-ttl N      first TTL (default 1)\n"
"  -q, --queries N        SYNs per hop (1..%d, default 3)\n"
"  -w, --wait T           per hop, for all its answers (10ms..10s,\n"
"                         default 1s)\n"
"      --max-silent N     stop after N silent hops in a row (0: never,\n"
"                         default %d)\n"
"  -s, --source IP        local address to send from\n"
"      --json             JSON document on stdout\n",
	    TRACE_MAX_TTL, TRACE_MAX_QUERIES, TRACE_MAX_SILENT);
}

enum { OPT_JSON = 256, OPT_SILENT, OPT_HELP };

static const struct option longopts[] = {
	{ "max-ttl",	required_argument,	NULL, 'm' },
	{ "first-ttl",	required_argument,	NULL, 'f' },
	{ "queries",	required_argument,	NULL, 'q' },
	{ "wait",	required_argument,	NULL, 'w' },
	{ "max-silent",	required_argument,	NULL, OPT_SILENT },
	{ "source",	required_argument,	NULL, 's' },
	{ "json",	no_argument,		NULL, OPT_JSON },
	{ "help",	no_argument,		NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

static const char *
reply_detail(const struct trace_query *q, char *buf, size_t len)
{
	switch (q->reply) {
	case TRACE_TIME_EXCEEDED:
	case TRACE_UNREACH:
		snprintf(buf, len, "ICMP %u/%u %s", q->icmp_type, q->icmp_code,
		    probe_icmp_name(false, q->icmp_type, q->icmp_code));
		break;
	case TRACE_SYNACK:
		snprintf(buf, len, "SYN-ACK (open)");
		break;
	case TRACE_RST:
		snprintf(buf, len, "RST (refused)");
		break;
	case TRACE_NONE:
		snprintf(buf, len, "*");
		break;
	}
	return buf;
}

static void
render_text(const struct probe_target *t, const struct trace_result *r)
{
	char ab[NET_ADDR_STRLEN], db[96], last[NET_ADDR_STRLEN];
	unsigned h, i;

	for (h = 0; h < r->nhops; h++) {
		const struct trace_hop *hop = &r->hops[h];

		printf("%3u ", hop->ttl);
		last[0] = '\0';
		for (i = 0; i < hop->nq; i++) {
			const struct trace_query *q = &hop->q[i];

			if (q->reply == TRACE_NONE) {
				printf(" *");
				continue;
			}
			net_addr_str(&q->from, ab);
			if (strcmp(ab, last) != 0) {
				printf(" %s", ab);
				str_copy(last, ab, sizeof(last));
			}
			printf("  %.3f ms", (double)q->rtt / 1000.0);
		}
		for (i = 0; i < hop->nq; i++)
			if (hop->q[i].reply != TRACE_NONE) {
				printf("  [%s]", reply_detail(&hop->q[i], db,
				    sizeof(db)));
				break;
			}
		printf("\n");
	}
	printf("result: %s", trace_end_name(r->end));
	if (r->end == TRACE_END_SILENT || r->end == TRACE_END_MAX_TTL) {
		if (r->last_answered >= 0)
			printf(" after hop %u", r->hops[r->last_answered].ttl);
		else
			printf(", no hop answered");
	}
	printf(" (%s port %u, %u SYNs sent)\n", net_addr_str(&t->ip, ab),
	    t->port, r->sent);
}

static json_t *
render_json(const struct probe_target *t, const struct trace_result *r,
    const struct finding_list *fl)
{
	json_t *hops = json_array(), *qs;
	char ab[NET_ADDR_STRLEN], db[96];
	unsigned h, i;

	for (h = 0; h < r->nhops; h++) {
		const struct trace_hop *hop = &r->hops[h];
		const char *addr = NULL;

		qs = json_array();
		for (i = 0; i < hop->nq; i++) {
			const struct trace_query *q = &hop->q[i];

			if (q->reply == TRACE_NONE) {
				json_array_append_new(qs, json_pack(
				    "{s:s}", "reply", "none"));
				continue;
			}
			json_array_append_new(qs, json_pack(
			    "{s:s, s:s, s:f, s:s}", "reply",
			    trace_reply_name(q->reply), "address",
			    net_addr_str(&q->from, ab), "rttMs",
			    (double)q->rtt / 1000.0, "detail",
			    reply_detail(q, db, sizeof(db))));
			if (addr == NULL)
				addr = json_string_value(json_object_get(
				    json_array_get(qs, i), "address"));
		}
		json_array_append_new(hops, json_pack("{s:i, s:s?, s:o}",
		    "ttl", (int)hop->ttl, "address", addr, "probes", qs));
	}
	return json_pack("{s:s, s:{s:s, s:s, s:i}, s:s, s:s, s:i, s:o, s:o}",
	    "command", "trace", "target", "host", t->host, "address",
	    net_addr_str(&t->ip, ab), "port", (int)t->port,
	    "source", net_addr_str(&r->local, db), "result",
	    trace_end_name(r->end), "probesSent", (int)r->sent, "hops", hops,
	    "findings", report_findings_json(fl));
}

int
cmd_trace(int argc, char *argv[])
{
	struct probe_target t;
	struct trace_opts o;
	struct trace_result *r;
	struct finding_list fl;
	struct err e;
	unsigned long long v;
	bool json = false;
	int ch, rc;

	memset(&o, 0, sizeof(o));
	o.first_ttl = 1;
	o.max_ttl = 30;
	o.queries = 3;
	o.wait = USEC_PER_SEC;
	o.max_silent = TRACE_MAX_SILENT;
	err_clear(&e);
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "m:f:q:w:s:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'm':
			if (cli_parse_u64(optarg, 1, TRACE_MAX_TTL, &v) == -1)
				return cli_usage_error(CMD, "--max-ttl: want "
				    "1..%d, got '%s'", TRACE_MAX_TTL, optarg);
			o.max_ttl = (uint8_t)v;
			break;
		case 'f':
			if (cli_parse_u64(optarg, 1, TRACE_MAX_TTL, &v) == -1)
				return cli_usage_error(CMD, "--first-ttl: want "
				    "1..%d, got '%s'", TRACE_MAX_TTL, optarg);
			o.first_ttl = (uint8_t)v;
			break;
		case 'q':
			if (cli_parse_u64(optarg, 1, TRACE_MAX_QUERIES,
			    &v) == -1)
				return cli_usage_error(CMD, "--queries: want "
				    "1..%d, got '%s'", TRACE_MAX_QUERIES,
				    optarg);
			o.queries = (uint8_t)v;
			break;
		case 'w':
			if (cli_parse_duration(optarg, &o.wait) == -1 ||
			    o.wait < 10000 || o.wait > 10 * USEC_PER_SEC)
				return cli_usage_error(CMD, "--wait: want "
				    "10ms..10s, got '%s'", optarg);
			break;
		case OPT_SILENT:
			if (cli_parse_u64(optarg, 0, TRACE_MAX_TTL, &v) == -1)
				return cli_usage_error(CMD, "--max-silent: "
				    "want 0..%d, got '%s'", TRACE_MAX_TTL,
				    optarg);
			o.max_silent = (uint8_t)v;
			break;
		case 's':
			if (net_addr_parse(optarg, &o.src.ip) == -1)
				return cli_usage_error(CMD, "--source: not an "
				    "address: '%s'", optarg);
			o.src.set = true;
			break;
		case OPT_JSON:
			json = true;
			break;
		case 'h':
		case OPT_HELP:
			usage(stdout);
			return EXIT_OK;
		default:
			return cli_usage_error(CMD, "unknown option or missing "
			    "value: '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(CMD, optind >= argc ? "missing HOST" :
		    "one HOST only");
	if (o.first_ttl > o.max_ttl)
		return cli_usage_error(CMD, "--first-ttl is above --max-ttl");
	if (probe_resolve(argv[optind], BGP_PORT, 0, &t, &e) == -1)
		return cli_report_err(CMD, &e);
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		fprintf(stderr, "erwatch trace: out of memory\n");
		return EXIT_RUNTIME;
	}
	finding_list_init(&fl);
	if (!json) {
		char ab[NET_ADDR_STRLEN];

		printf("erwatch trace %s (%s) port %u: %u SYNs per hop, max "
		    "TTL %u\n", t.host, net_addr_str(&t.ip, ab), t.port,
		    o.queries, o.max_ttl);
		fflush(stdout);
	}
	if (probe_trace_run(&t, &o, r, &e) == -1) {
		if (e.code == ERR_PERM) {
			fprintf(stderr, "erwatch trace: needs CAP_NET_RAW: run "
			    "as root or `setcap cap_net_raw+ep $(command -v "
			    "erwatch)`\n");
			rc = EXIT_RUNTIME;
		} else
			rc = cli_report_err(CMD, &e);
		goto out;
	}
	if (diag_probe_trace(&fl, &t, r) == -1) {
		fprintf(stderr, "erwatch trace: out of memory\n");
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (json) {
		json_t *root = render_json(&t, r, &fl);

		rc = EXIT_OK;
		if (root == NULL)
			rc = EXIT_RUNTIME;
		else if (dump_json(root, &e) == -1)
			rc = cli_report_err(CMD, &e);
		json_decref(root);
		if (rc != EXIT_OK)
			goto out;
	} else {
		render_text(&t, r);
		if (fl.n > 0) {
			printf("\n");
			report_all_findings_text(stdout, &fl,
			    report_want_color(stdout) ? REPORT_TEXT_COLOR : 0);
		}
	}
	rc = finding_list_exit_code(&fl);
out:
	free(r);
	finding_list_release(&fl);
	return rc;
}
