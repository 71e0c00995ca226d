/*
 * erwatch pcap FILE...: analyze BGP captures.  Parses the options, streams
 * each file through capture/ into the analyzer (diag/diag_pcap.h), turns
 * the result into a report document (report/report_pcap.h) rendered as
 * text, JSON or HTML, and maps the outcome to the exit
 * code: 0 nothing wrong, 1 a finding of severity error, 2 a usage error or
 * a file that could not be read (fully), 3 a runtime failure.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "capture/capture.h"
#include "cli.h"
#include "diag/diag_pcap.h"
#include "pkt/pkt.h"
#include "report/report.h"
#include "report/report_doc.h"
#include "report/report_pcap.h"

struct pcap_run {
	bool	 dump;
	FILE	*out;
};

/* --dump-messages: one TSV line per BGP message, for differential tests:
 * frame, sender, receiver, type, OPEN my_as/hold/id, NOTIFICATION
 * code/subcode (empty when not applicable). */
static void
dump_message(void *arg, const struct diag_pcap_msg *m)
{
	struct pcap_run *run = arg;
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN], id[NET_ADDR_STRLEN];
	struct net_addr ida;

	if (!run->dump)
		return;
	fprintf(run->out, "%llu\t%s\t%s\t%u", (unsigned long long)m->frame,
	    net_addr_str(m->src, a), net_addr_str(m->dst, b), m->type);
	if (m->parsed && m->type == BGP_MSG_OPEN) {
		net_addr_set_v4(&ida, m->m->u.open.bgp_id);
		fprintf(run->out, "\t%u\t%u\t%s", m->m->u.open.my_as,
		    m->m->u.open.hold_time, net_addr_str(&ida, id));
	} else
		fprintf(run->out, "\t\t\t");
	if (m->parsed && m->type == BGP_MSG_NOTIFICATION)
		fprintf(run->out, "\t%u\t%u\n", m->m->u.notification.code,
		    m->m->u.notification.subcode);
	else
		fprintf(run->out, "\t\t\n");
}

static void
progress(const struct cap_file *cf, usec_t start, bool final)
{
	uint64_t done = cap_bytes_read(cf), size = cap_file_size(cf);
	double secs = (double)(time_mono_usec() - start) / 1e6;
	double mb = (double)done / 1e6;

	if (final) {
		fprintf(stderr, "\r\033[K");
		return;
	}
	fprintf(stderr, "\r\033[K%s: %.0f / %.0f MB (%.0f%%), %.0f MB/s",
	    cap_name(cf), mb, (double)size / 1e6,
	    size > 0 ? 100.0 * (double)done / (double)size : 0.0,
	    secs > 0 ? mb / secs : 0.0);
	fflush(stderr);
}

/* Returns 0, or the exit code of a failure that stops everything (3). */
static int
analyze_file(struct diag_pcap *ctx, const char *path, bool show_progress,
    bool *input_failed)
{
	struct cap_file *cf = NULL;
	struct cap_record rec;
	struct err e, rerr;
	usec_t start = time_mono_usec(), last = 0, now;
	bool prog;
	int r;

	err_clear(&e);
	err_clear(&rerr);
	if (cap_open_file(path, &cf, &e) == -1) {
		if (e.code == ERR_NOMEM)
			return cli_report_err("pcap", &e);
		*input_failed = true;
		cli_report_err("pcap", &e);
		err_clear(&rerr);
		if (diag_pcap_file_failed(ctx, path, &e, &rerr) == -1)
			return cli_report_err("pcap", &rerr);
		return 0;
	}
	if (diag_pcap_file_begin(ctx, path, cap_dlt(cf), &e) == -1) {
		cap_close(cf);
		if (e.code == ERR_INPUT) {
			*input_failed = true;
			cli_report_err("pcap", &e);
			return 0;
		}
		return cli_report_err("pcap", &e);
	}
	prog = show_progress && cap_file_size(cf) > 32 * 1000 * 1000;
	while ((r = cap_next(cf, &rec, &rerr)) == 1) {
		if (diag_pcap_feed(ctx, &rec, &e) == -1) {
			diag_pcap_file_end(ctx, NULL);
			cap_close(cf);
			if (prog)
				progress(cf, start, true);
			return cli_report_err("pcap", &e);
		}
		if (prog && (rec.frame & 4095) == 0) {
			now = time_mono_usec();
			if (now - last > 250000) {
				progress(cf, start, false);
				last = now;
			}
		}
	}
	if (prog)
		progress(cf, start, true);
	if (r == -1 && rerr.code == ERR_NOMEM) {
		diag_pcap_file_end(ctx, NULL);
		cap_close(cf);
		return cli_report_err("pcap", &rerr);
	}
	if (r == -1) {
		*input_failed = true;
		cli_report_err("pcap", &rerr);
		fprintf(stderr, "erwatch pcap: %s: analyzed up to frame %llu\n",
		    path, (unsigned long long)cap_frames_read(cf));
		diag_pcap_file_end(ctx, &rerr);
	} else
		diag_pcap_file_end(ctx, NULL);
	cap_close(cf);
	return 0;
}

enum pcap_opt {
	OPT_JSON = 256,
	OPT_TIMELINE,
	OPT_DUMP,
	OPT_NO_REMEDY,
	OPT_PEER,
	OPT_PORT,
	OPT_EXPECT_PEER_AS,
	OPT_EXPECT_LOCAL_AS,
	OPT_MIN_HOLD,
	OPT_HTML
};

static const struct cli_opt pcap_opts[] = {
	CLI_OPT("json", 0, CLI_FLAG, NULL, OPT_JSON,
	    "one JSON document (docs/json-output.md)"),
	CLI_OPT("html", 0, CLI_ONE, "FILE", OPT_HTML,
	    "also write the report as one HTML page (sessions on a timeline)"),
	CLI_OPT("timeline", 0, CLI_FLAG, NULL, OPT_TIMELINE,
	    "every message, with its details"),
	CLI_OPT("peer", 0, CLI_ONE, "IP", OPT_PEER,
	    "only sessions with this neighbor (the peer side for "
	    "--expect-peer-as)"),
	CLI_OPT("port", 0, CLI_ONE, "N", OPT_PORT, "BGP port (default 179)"),
	CLI_OPT("expect-peer-as", 0, CLI_ONE, "N", OPT_EXPECT_PEER_AS,
	    "the AS the peer must announce"),
	CLI_OPT("expect-local-as", 0, CLI_ONE, "N", OPT_EXPECT_LOCAL_AS,
	    "the AS the local router must announce"),
	CLI_OPT("min-hold", 0, CLI_ONE, "S", OPT_MIN_HOLD,
	    "hold times below S seconds are reported (default 30)"),
	CLI_OPT("no-remedy", 0, CLI_FLAG, NULL, OPT_NO_REMEDY,
	    "text: leave out the fixes"),
	/* for differential tests (test_pcap_tshark.sh): frame, sender,
	 * receiver, type, OPEN and NOTIFICATION fields */
	CLI_OPTX("dump-messages", 0, CLI_FLAG, NULL, OPT_DUMP,
	    "one tab-separated line per BGP message instead of the report",
	    CLI_HIDDEN, NULL, NULL),
	CLI_OPT_END
};

const struct cli_cmd cli_cmd_pcap = {
	.name = "pcap",
	.summary = "analyze BGP captures: handshake, messages, timers, MTU",
	.usage = { "[options] FILE..." },
	.description =
	    "Analyze captures (pcap, pcapng; Ethernet with 802.1Q/QinQ, Linux\n"
	    "SLL/SLL2, raw IP, loopback) of BGP sessions: ARP, ICMP errors,\n"
	    "TCP handshakes, MD5, retransmissions, every BGP message, timers,\n"
	    "teardowns.  \"-\" reads stdin.\n",
	.operands = "FILE...",
	.opts = pcap_opts,
	.epilog =
	    "exit: 0 nothing wrong, 1 problems found, 2 usage or input error\n"
	    "(also when one of several files could not be read), 3 runtime\n"
	    "failure\n",
};

int
cmd_pcap(int argc, char *argv[])
{
	struct diag_pcap_opts o;
	struct pcap_run run;
	struct diag_pcap *ctx;
	struct finding_list fl;
	struct err e;
	unsigned long long v;
	bool json = false, timeline = false, input_failed = false;
	unsigned tflags = 0;
	int ch, i, nfiles = 0, rc = EXIT_OK;
	struct cli_parse p;
	char **files;
	struct report_doc *doc;
	const char *html = NULL;

	memset(&o, 0, sizeof(o));
	memset(&run, 0, sizeof(run));
	run.out = stdout;
	o.port = BGP_PORT;
	o.min_hold = 30;
	cli_parse_init(&p, &cli_cmd_pcap, argc, argv);
	while ((ch = cli_next(&p)) != CLI_END) {
		switch (ch) {
		case CLI_HELP:
			return EXIT_OK;
		case CLI_BAD:
			return EXIT_USAGE;
		case OPT_JSON:
			json = true;
			break;
		case OPT_HTML:
			html = p.arg;
			break;
		case OPT_TIMELINE:
			timeline = true;
			break;
		case OPT_DUMP:
			run.dump = true;
			break;
		case OPT_NO_REMEDY:
			tflags |= REPORT_TEXT_NO_REMEDY;
			break;
		case OPT_PEER:
			if (net_addr_parse(p.arg, &o.peer) == -1)
				return cli_usage_error("pcap", "--peer needs "
				    "an IPv4 or IPv6 address");
			o.has_peer = true;
			break;
		case OPT_PORT:
			if (cli_parse_u64(p.arg, 1, 65535, &v) == -1)
				return cli_usage_error("pcap", "--port needs a "
				    "number 1..65535");
			o.port = (uint16_t)v;
			break;
		case OPT_EXPECT_PEER_AS:
			if (cli_parse_u64(p.arg, 1, 4294967295ULL, &v) == -1)
				return cli_usage_error("pcap",
				    "--expect-peer-as needs an AS number");
			o.has_expect_peer_as = true;
			o.expect_peer_as = (uint32_t)v;
			break;
		case OPT_EXPECT_LOCAL_AS:
			if (cli_parse_u64(p.arg, 1, 4294967295ULL, &v) == -1)
				return cli_usage_error("pcap",
				    "--expect-local-as needs an AS number");
			o.has_expect_local_as = true;
			o.expect_local_as = (uint32_t)v;
			break;
		case OPT_MIN_HOLD:
			if (cli_parse_u64(p.arg, 1, 65535, &v) == -1)
				return cli_usage_error("pcap",
				    "--min-hold needs seconds 1..65535");
			o.min_hold = (unsigned)v;
			break;
		}
	}
	if (run.dump && html != NULL)
		return cli_usage_error("pcap", "--html needs the report, which "
		    "--dump-messages replaces");
	files = p.ops;
	nfiles = p.nops;
	if (nfiles <= 0)
		return cli_usage_error("pcap", "no capture file given");
	o.timeline = timeline;
	/* only --dump wants every message: none is handed over otherwise */
	o.on_message = run.dump ? dump_message : NULL;
	o.cb_ctx = &run;
	err_clear(&e);
	if ((ctx = diag_pcap_new(&o, &e)) == NULL)
		return cli_report_err("pcap", &e);
	for (i = 0; i < nfiles && rc == EXIT_OK; i++)
		rc = analyze_file(ctx, files[i], !json && !run.dump &&
		    isatty(fileno(stderr)), &input_failed);
	finding_list_init(&fl);
	if (rc == EXIT_OK && diag_pcap_finish(ctx, &fl, &e) == -1)
		rc = cli_report_err("pcap", &e);
	if (rc == EXIT_OK && !run.dump) {
		if ((doc = report_doc_new("erwatch pcap")) == NULL) {
			fprintf(stderr, "erwatch pcap: out of memory\n");
			rc = EXIT_RUNTIME;
		} else {
			report_pcap_build(report_doc_root(doc), ctx, &fl,
			    timeline ? REPORT_PCAP_TIMELINE : 0);
			rc = cli_doc_out("pcap", doc, json, html, tflags |
			    cli_text_flags());
			report_doc_free(doc);
		}
	}
	if (fflush(stdout) == EOF && rc == EXIT_OK) {
		ERR(&e, ERR_IO, "cannot write the report");
		rc = cli_report_err("pcap", &e);
	}
	if (rc == EXIT_OK) {
		if (input_failed) {
			if (nfiles > 1)
				fprintf(stderr, "erwatch pcap: some input "
				    "could not be read; the rest was "
				    "analyzed\n");
			rc = EXIT_USAGE;
		} else
			rc = finding_list_exit_code(&fl);
	}
	finding_list_release(&fl);
	diag_pcap_free(ctx);
	return rc;
}
