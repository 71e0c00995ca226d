/*
 * erwatch capture -i IFACE -w FILE: live capture with the knobs of Network
 * Watcher packet capture (filter, duration, byte and packet limits, bytes
 * per packet, rotating files), pcap or pcapng out.  The handle is opened
 * as root, then privileges are dropped (--user, default nobody) before the
 * output file is created or any packet is looked at.  SIGINT/SIGTERM or a
 * limit ends it with a valid file.  --analyze feeds each packet to the
 * capture analyzer (diag_pcap) and prints findings as they occur; the
 * end-of-run report is report/report_capture.c's document, rendered as
 * text, JSON or HTML.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "capture/cap_live.h"
#include "diag/diag_pcap.h"
#include "diag/diag_probe.h"
#include "report/report.h"
#include "report/report_capture.h"
#include "report/report_doc.h"

#define CMD	"capture"

static volatile sig_atomic_t	 stop_flag;
static struct cap_live		*live_cap;	/* for the signal handler */

enum {
	OPT_MAX_BYTES = 256, OPT_MAX_PACKETS, OPT_RING, OPT_FILE_SIZE,
	OPT_FORMAT, OPT_PROMISC, OPT_BUFFER, OPT_JSON, OPT_HTML
};

static const struct cli_opt capture_opts[] = {
	CLI_OPT("interface", 'i', CLI_ONE, "IFACE", 'i',
	    "interface to capture on (required)"),
	CLI_OPT("write", 'w', CLI_ONE, "FILE", 'w',
	    "output file (required unless --analyze)"),
	CLI_OPT("filter", 'f', CLI_ONE, "BPF", 'f',
	    "capture filter (default: BGP, ICMP, ICMPv6 and ARP, untagged, "
	    "802.1Q or QinQ: see below)"),
	CLI_OPT("duration", 'd', CLI_ONE, "T", 'd',
	    "stop after T (30s, 5m, ...)"),
	CLI_OPT("max-bytes", 0, CLI_ONE, "N", OPT_MAX_BYTES,
	    "stop before the files exceed N bytes (k/M/G)"),
	CLI_OPT("max-packets", 0, CLI_ONE, "N", OPT_MAX_PACKETS,
	    "stop after N packets"),
	CLI_OPT("snaplen", 's', CLI_ONE, "N", 's',
	    "bytes kept per packet (" CLI_STR(CAP_MIN_SNAPLEN) ".."
	    CLI_STR(CAP_DEFAULT_SNAPLEN) ", default "
	    CLI_STR(CAP_DEFAULT_SNAPLEN) ")"),
	CLI_OPT("ring", 0, CLI_ONE, "N", OPT_RING,
	    "rotate: FILE.0, FILE.1, ... keep the N newest"),
	CLI_OPT("file-size", 0, CLI_ONE, "N", OPT_FILE_SIZE,
	    "with --ring: start a new file above N bytes (default 10M)"),
	CLI_OPTX("format", 0, CLI_ONE, "F", OPT_FORMAT,
	    "pcap (default) or pcapng (default for *.pcapng)", 0,
	    "pcap|pcapng", NULL),
	CLI_OPT("user", 'u', CLI_ONE, "USER", 'u',
	    "drop root to USER after opening (default nobody)"),
	CLI_OPT("promisc", 0, CLI_FLAG, NULL, OPT_PROMISC,
	    "promiscuous mode"),
	CLI_OPT("buffer", 0, CLI_ONE, "KB", OPT_BUFFER, "kernel buffer size"),
	CLI_OPT("analyze", 'a', CLI_FLAG, NULL, 'a',
	    "analyze as it runs; print findings as they occur"),
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON,
	    "final report as JSON on stdout"),
	CLI_OPT("html", 0, CLI_ONE, "FILE", OPT_HTML,
	    "also write the final report as one HTML page"),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_capture = {
	.name = "capture",
	.summary = "live capture with limits, optionally analyzed as it runs",
	.usage = { "-i IFACE [-w FILE] [options]" },
	.description =
	    "Live capture of BGP, ICMP and ARP traffic (also 802.1Q / QinQ "
	    "tagged).\n",
	.opts = capture_opts,
	.epilog =
	    "The output file is created after the privilege drop: its "
	    "directory must be\nwritable by USER.  Exit: 0 fine, 1 error "
	    "findings (--analyze), 2 usage or\ninput error, 3 runtime failure "
	    "(permission, disk full).\n"
	    "\ndefault filter:\n  " CAP_DEFAULT_FILTER "\n",
};

static void
on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
	cap_live_break(live_cap);
}

/* "1500", "64k", "10M", "2G" (powers of 1024). */
static int
parse_size(const char *s, uint64_t *out)
{
	unsigned long long v, mult = 1;
	char num[32];
	size_t n = strlen(s);

	if (n == 0 || n >= sizeof(num))
		return -1;
	memcpy(num, s, n + 1);
	switch (num[n - 1]) {
	case 'k': case 'K':
		mult = 1024;
		break;
	case 'm': case 'M':
		mult = 1024 * 1024;
		break;
	case 'g': case 'G':
		mult = 1024ULL * 1024 * 1024;
		break;
	}
	if (mult != 1)
		num[n - 1] = '\0';
	if (cli_parse_u64(num, 1, (1ULL << 50) / mult, &v) == -1)
		return -1;
	*out = v * mult;
	return 0;
}

struct live_ctx {
	struct diag_pcap	*dp;
	bool			 print;		/* findings as they occur */
	unsigned		 flags;
	struct err		*e;
};

static void
on_finding(void *arg, const struct finding *f)
{
	struct live_ctx *lc = arg;

	if (!lc->print)
		return;
	report_finding_text(stdout, f, lc->flags | REPORT_TEXT_NO_REMEDY, 0);
	fflush(stdout);
}

static int
on_packet(void *arg, const struct cap_record *rec)
{
	struct live_ctx *lc = arg;

	if (lc->dp == NULL)
		return 0;
	return diag_pcap_feed(lc->dp, rec, lc->e) == -1 ? 1 : 0;
}

int
cmd_capture(int argc, char *argv[])
{
	struct cap_live_opts o;
	struct cap_live_stats st;
	struct cap_live *c = NULL;
	struct diag_pcap_opts dpo;
	struct live_ctx lc;
	struct finding_list fl;
	struct sigaction sa;
	struct err e, werr;
	unsigned long long v;
	uint64_t sz;
	const char *user = "nobody", *fmt = NULL, *html = NULL;
	struct report_doc *doc = NULL;
	bool analyze = false, json = false, has_fsize = false;
	int ch, rc = EXIT_OK, drc, dropped;
	struct cli_parse p;

	memset(&o, 0, sizeof(o));
	memset(&lc, 0, sizeof(lc));
	memset(&st, 0, sizeof(st));
	err_clear(&e);
	err_clear(&werr);
	finding_list_init(&fl);
	o.file_size = CAP_DEFAULT_FILE_SIZE;
	cli_parse_init(&p, &cli_cmd_capture, argc, argv);
	while ((ch = cli_next(&p)) != CLI_END) {
		switch (ch) {
		case CLI_HELP:
			return EXIT_OK;
		case CLI_BAD:
			return EXIT_USAGE;
		case 'i':
			o.iface = p.arg;
			break;
		case 'w':
			o.path = p.arg;
			break;
		case 'f':
			o.filter = p.arg;
			break;
		case 'd':
			if (cli_parse_duration_in(p.arg, 1, INT64_MAX,
			    &o.duration) == -1)
				return cli_usage_error(CMD, "--duration: bad "
				    "value '%s'", p.arg);
			break;
		case OPT_MAX_BYTES:
			if (parse_size(p.arg, &o.max_bytes) == -1)
				return cli_usage_error(CMD, "--max-bytes: bad "
				    "size '%s'", p.arg);
			break;
		case OPT_MAX_PACKETS:
			if (cli_parse_u64(p.arg, 1, 1ULL << 40, &v) == -1)
				return cli_usage_error(CMD, "--max-packets: "
				    "bad count '%s'", p.arg);
			o.max_packets = v;
			break;
		case 's':
			if (cli_parse_u64(p.arg, CAP_MIN_SNAPLEN,
			    CAP_DEFAULT_SNAPLEN, &v) == -1)
				return cli_usage_error(CMD, "--snaplen: want "
				    "%d..%d, got '%s'", CAP_MIN_SNAPLEN,
				    CAP_DEFAULT_SNAPLEN, p.arg);
			o.snaplen = (uint32_t)v;
			break;
		case OPT_RING:
			if (cli_parse_u64(p.arg, 1, CAP_MAX_RING, &v) == -1)
				return cli_usage_error(CMD, "--ring: want "
				    "1..%d, got '%s'", CAP_MAX_RING, p.arg);
			o.ring = (unsigned)v;
			break;
		case OPT_FILE_SIZE:
			if (parse_size(p.arg, &sz) == -1 || sz < 1024)
				return cli_usage_error(CMD, "--file-size: want "
				    ">= 1k, got '%s'", p.arg);
			o.file_size = sz;
			has_fsize = true;
			break;
		case OPT_FORMAT:
			fmt = p.arg;
			if (strcmp(fmt, "pcap") != 0 &&
			    strcmp(fmt, "pcapng") != 0)
				return cli_usage_error(CMD, "--format: pcap or "
				    "pcapng, got '%s'", fmt);
			break;
		case 'u':
			user = p.arg;
			break;
		case OPT_PROMISC:
			o.promisc = true;
			break;
		case OPT_BUFFER:
			if (cli_parse_u64(p.arg, 64, 1 << 20, &v) == -1)
				return cli_usage_error(CMD, "--buffer: want "
				    "64..1048576 KB, got '%s'", p.arg);
			o.buffer_kb = (int)v;
			break;
		case 'a':
			analyze = true;
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_HTML:
			html = p.arg;
			break;
		}
	}
	if (o.iface == NULL)
		return cli_usage_error(CMD, "missing -i IFACE");
	if (o.path == NULL && !analyze)
		return cli_usage_error(CMD, "missing -w FILE (or --analyze)");
	if (has_fsize && o.ring == 0)
		return cli_usage_error(CMD, "--file-size needs --ring");
	if (fmt != NULL)
		o.fmt = strcmp(fmt, "pcapng") == 0 ? CAP_OUT_PCAPNG :
		    CAP_OUT_PCAP;
	else if (o.path != NULL && strlen(o.path) > 7 &&
	    strcmp(o.path + strlen(o.path) - 7, ".pcapng") == 0)
		o.fmt = CAP_OUT_PCAPNG;

	if (cap_live_open(&o, &c, &e) == -1)
		return cli_report_err(CMD, &e);
	dropped = cap_drop_privileges(user, &e);
	if (dropped == -1) {
		rc = cli_report_err(CMD, &e);
		cap_live_finish(c, NULL, NULL);
		return rc;
	}
	if (dropped == 0 && !json)
		fprintf(stderr, "erwatch capture: not running as root: no "
		    "privileges to drop\n");
	if (cap_live_start(c, &e) == -1) {
		rc = cli_report_err(CMD, &e);
		if (e.code == ERR_PERM && dropped == 1)
			fprintf(stderr, "erwatch capture: the file is created "
			    "as user '%s' after the privilege drop: pick a "
			    "directory it can write, or --user\n", user);
		cap_live_finish(c, NULL, NULL);
		return rc;
	}
	if (analyze) {
		memset(&dpo, 0, sizeof(dpo));
		dpo.on_finding = on_finding;
		dpo.cb_ctx = &lc;
		lc.print = !json;
		lc.flags = cli_text_flags();
		lc.e = &e;
		if ((lc.dp = diag_pcap_new(&dpo, &e)) == NULL ||
		    diag_pcap_file_begin(lc.dp, o.iface, cap_live_dlt(c),
		    &e) == -1) {
			rc = cli_report_err(CMD, &e);
			goto out;
		}
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	live_cap = c;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (!json) {
		fprintf(stderr, "erwatch capture: listening on %s%s%s\n",
		    o.iface, o.path ? ", writing " : "", o.path ? o.path : "");
	}
	if (cap_live_run(c, on_packet, &lc, &stop_flag, &werr) == -1)
		rc = cli_report_err(CMD, &werr);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	live_cap = NULL;
	if (cap_live_finish(c, &st, &e) == -1 && rc == EXIT_OK)
		rc = cli_report_err(CMD, &e);
	c = NULL;
	if (lc.dp != NULL) {
		diag_pcap_file_end(lc.dp, NULL);
		if (diag_pcap_finish(lc.dp, &fl, &e) == -1) {
			rc = cli_report_err(CMD, &e);
			goto out;
		}
	}
	if (st.stats_valid &&
	    diag_capture_drops(&fl, o.iface, (uint64_t)st.ps_drop +
	    st.ps_ifdrop) == -1) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	if ((doc = report_doc_new("erwatch capture")) == NULL) {
		fprintf(stderr, "erwatch capture: out of memory\n");
		rc = EXIT_RUNTIME;
		goto out;
	}
	report_capture_build(report_doc_root(doc), &o, &st, &fl);
	/* the report is printed even after a capture error, whose exit
	 * code stays */
	if ((drc = cli_doc_out(CMD, doc, json, html, cli_text_flags())) !=
	    EXIT_OK && rc == EXIT_OK)
		rc = drc;
	if (rc == EXIT_OK)
		rc = finding_list_exit_code(&fl);
out:
	report_doc_free(doc);
	if (c != NULL)
		cap_live_finish(c, NULL, NULL);
	if (lc.dp != NULL)
		diag_pcap_free(lc.dp);
	finding_list_release(&fl);
	return rc;
}
