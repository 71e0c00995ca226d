/*
 * report_monitor: the report document of `erwatch monitor report`: the
 * monitor's history over a window (monitor/mon_history.h) and the
 * findings diag_monitor() raised, as one document rendered as text, JSON
 * and HTML (report_doc.h).  docs/monitor.md describes the JSON.
 */
#ifndef ERW_REPORT_MONITOR_H
#define ERW_REPORT_MONITOR_H

#include "diag/diag.h"
#include "monitor/mon_history.h"
#include "report_doc.h"

/*
 * Add to parent: a verdict, the window, per endpoint its availability,
 * checksFailedPercent, RTT percentiles, outages and flapping; the
 * outages; the Azure Monitor series with their intervals below 100%; the
 * monitor's events; a timeline with a lane per endpoint (outages) and per
 * series (dips) on one time axis; the findings.  h is read now, fl is
 * borrowed until the document is rendered.
 */
void	 report_monitor_build(struct report_node *parent,
	    const struct mon_history *h, const struct finding_list *fl);

#endif /* ERW_REPORT_MONITOR_H */
