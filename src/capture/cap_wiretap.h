/*
 * cap_wiretap: the capture formats libpcap cannot open (Microsoft Network
 * Monitor, snoop, Endace ERF, NetScaler, Sniffer, ... every format
 * Wireshark reads) through Wireshark's own reading library, libwiretap.
 * Private to src/capture: cap_file.c falls back on it when libpcap does
 * not know a file, and delivers its records through the same cap_next().
 */
#ifndef ERW_CAP_WIRETAP_H
#define ERW_CAP_WIRETAP_H

#include <stdint.h>

#include "capture.h"
#include "util/util.h"

struct cap_wt;

/*
 * Open path with libwiretap.  Returns 1 with *out, the link type of its
 * packets in *dlt (a pcap-linktype(7) value pkt_decode() may or may not
 * support), the snapshot length (0 when the format does not say) and the
 * format's short name ("netmon2", "snoop", "erf") in *fmt (static);
 * 0 when libwiretap does not know the format either (e untouched); -1
 * with e set (ERR_INPUT naming path) when it knows the format and the
 * file is damaged, or its packets have no link type erwatch reads.
 */
int	cap_wt_open(const char *path, struct cap_wt **out, int *dlt,
	    uint32_t *snaplen, const char **fmt, struct err *e);

/*
 * The next packet into *rec (rec->frame left to the caller; data valid
 * until the next call).  *skipped counts records before it that are not
 * packets (ERF metadata, events), which still take a frame number, as
 * in Wireshark.  Returns 1, 0 at the end, or -1 with a one-line reason
 * in why (no file name) and the offset of the record in *off.
 */
int	cap_wt_next(struct cap_wt *, struct cap_record *rec,
	    uint64_t *skipped, uint64_t *off, char *why, size_t len);

/* Bytes read so far. */
uint64_t cap_wt_pos(const struct cap_wt *);

void	cap_wt_close(struct cap_wt *);

#endif /* ERW_CAP_WIRETAP_H */
