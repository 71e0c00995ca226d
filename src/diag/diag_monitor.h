/*
 * diag_monitor: the monitor's history judged (monitor/mon_history.h):
 * MONITOR_OUTAGE per outage interval, MONITOR_FLAPPING per endpoint that
 * changed state MON_HIST_FLAP_TRANSITIONS times within the flap window,
 * MONITOR_CLOUD_BGP_DOWN / MONITOR_CLOUD_ARP_DOWN per interval an Azure
 * Monitor series was below 100%, and per agent outage on a peer the
 * cloud's BgpAvailability also covers MONITOR_SESSION_DOWN_BOTH (the cloud
 * saw it down too) or MONITOR_AGENT_ONLY_OUTAGE (the cloud saw 100%).
 * For `erwatch monitor report`, and for diagnose's monitor analyzer.
 */
#ifndef ERW_DIAG_MONITOR_H
#define ERW_DIAG_MONITOR_H

#include "diag/diag.h"
#include "monitor/mon_history.h"

/* A cloud point's span when the series' grain is not known (Azure
 * Monitor's PT1M). */
#define MON_DIAG_CLOUD_SLACK	(60 * USEC_PER_SEC)

/*
 * Append the findings of h to out, each with its subject (the endpoint's
 * address and port, its path, the span) and evidence (the database and
 * the table it comes from).  Allocation failure is the list's
 * (finding_list_check()).
 */
void	 diag_monitor(const struct mon_history *h, struct finding_list *out);

/* "3h02m", "45s": a short duration for summaries, into buf. */
const char *diag_monitor_dur(usec_t d, char *buf, size_t len);

#endif /* ERW_DIAG_MONITOR_H */
