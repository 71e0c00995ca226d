/*
 * The report document of the end of `erwatch capture`: the counters
 * cap_live_finish() returned and the findings the run produced, under
 * the keys of docs/json-output.md ("erwatch capture"); report_doc renders
 * it as text, JSON and HTML.
 */
#include <stdio.h>

#include "report.h"
#include "report_capture.h"

void
report_capture_build(struct report_node *parent,
    const struct cap_live_opts *o, const struct cap_live_stats *st,
    const struct finding_list *fl)
{
	struct report_node *f, *n;
	struct report_val *v;

	n = report_verdict(parent, NULL, report_state_of(fl), "%llu packets "
	    "on %s, stopped by %s, %zu finding(s)",
	    (unsigned long long)st->packets, o->iface,
	    cap_stop_name(st->stop), fl->n);
	report_node_flags(n, REPORT_NO_TEXT);
	f = report_fields(parent, NULL);
	report_val_text(report_field(f, NULL, "command"), "capture");
	report_val_text(report_field(f, "interface", "interface"), o->iface);
	v = report_field(f, "file", "file");
	if (o->path != NULL)
		report_val_text(v, o->path);
	else
		report_val_null(v);
	report_val_text(report_field(f, "format", "format"),
	    o->fmt == CAP_OUT_PCAPNG ? "pcapng" : "pcap");
	report_val_int(report_field(f, "packets", "packets"),
	    (int64_t)st->packets);
	report_val_int(report_field(f, "bytes", "bytes"), (int64_t)st->bytes);
	report_val_int(report_field(f, "files", "files"), st->files);
	v = report_field(f, "last file", "lastFile");
	if (st->files)
		report_val_text(v, st->last_file);
	else
		report_val_null(v);
	report_val_text(report_field(f, "stopped by", "stoppedBy"),
	    cap_stop_name(st->stop));
	report_node_textf(f, "capture: %llu packets, %llu bytes in %u "
	    "file(s)%s%s, stopped by %s", (unsigned long long)st->packets,
	    (unsigned long long)st->bytes, st->files,
	    st->files ? ", last " : "", st->files ? st->last_file : "",
	    cap_stop_name(st->stop));

	/* libpcap's counters; JSON has them (zero) even when it gave none */
	f = report_fields(report_section(parent, "kernel", "Kernel counters"),
	    NULL);
	report_val_int(report_field(f, "received", "received"), st->ps_recv);
	report_val_int(report_field(f, "dropped", "dropped"), st->ps_drop);
	report_val_int(report_field(f, "dropped by the interface",
	    "interfaceDropped"), st->ps_ifdrop);
	if (st->stats_valid)
		report_node_textf(f, "kernel: %u received, %u dropped, %u "
		    "dropped by the interface", st->ps_recv, st->ps_drop,
		    st->ps_ifdrop);
	else
		report_node_flags(f, REPORT_NO_TEXT);
	n = report_findings(parent, "findings", "Findings", fl);
	report_node_flags(n, REPORT_TEXT_GAP);
}
