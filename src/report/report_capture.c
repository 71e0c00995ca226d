/*
 * Text and JSON rendering of the end of `erwatch capture`: the counters
 * cap_live_finish() returned and the findings the run produced.
 */
#include <stdio.h>

#include "report.h"
#include "report_capture.h"

json_t *
report_capture_json(const struct cap_live_opts *o,
    const struct cap_live_stats *st, const struct finding_list *fl)
{
	return json_pack("{s:s, s:s, s:s?, s:s, s:I, s:I, s:i, "
	    "s:s?, s:s, s:{s:I, s:I, s:I}, s:o}", "command", "capture",
	    "interface", o->iface, "file", o->path, "format",
	    o->fmt == CAP_OUT_PCAPNG ? "pcapng" : "pcap", "packets",
	    (json_int_t)st->packets, "bytes", (json_int_t)st->bytes,
	    "files", (int)st->files, "lastFile",
	    st->files ? st->last_file : NULL, "stoppedBy",
	    cap_stop_name(st->stop), "kernel", "received",
	    (json_int_t)st->ps_recv, "dropped", (json_int_t)st->ps_drop,
	    "interfaceDropped", (json_int_t)st->ps_ifdrop,
	    "findings", report_findings_json(fl, 0));
}

void
report_capture_text(FILE *fp, const struct cap_live_stats *st,
    const struct finding_list *fl, unsigned text_flags)
{
	fprintf(fp, "capture: %llu packets, %llu bytes in %u file(s)%s%s, "
	    "stopped by %s\n", (unsigned long long)st->packets,
	    (unsigned long long)st->bytes, st->files,
	    st->files ? ", last " : "", st->files ? st->last_file : "",
	    cap_stop_name(st->stop));
	if (st->stats_valid)
		fprintf(fp, "kernel: %u received, %u dropped, %u dropped by "
		    "the interface\n", st->ps_recv, st->ps_drop,
		    st->ps_ifdrop);
	if (fl->n > 0) {
		fprintf(fp, "\n");
		report_all_findings_text(fp, fl, text_flags, 0);
	}
}
