/*
 * cap_live: live capture through libpcap with the knobs of Network Watcher
 * packet capture (filter, duration, byte and packet limits, bytes per
 * packet, rotating files), and the file writer it uses.
 *
 * Order of operations (the privilege rule of OpenBGPD's rde_main(): open,
 * drop, then handle hostile bytes):
 *	cap_live_open()		pcap_create .. pcap_activate, pcap_setfilter
 *	cap_drop_privileges()	setgroups/setgid/setuid to --user
 *	cap_live_start()	creates the first output file, as that user
 *	cap_live_run()		packets -> file(s) and an optional callback
 *	cap_live_finish()	kernel drop counts (pcap_stats), files closed
 *
 * The writer (cap_writer_*) writes classic pcap (microsecond, the libpcap
 * file format) or pcapng (SHB, IDB, EPB; IETF draft-ietf-opsawg-pcapng)
 * itself, one write() per record, and on a failed write (disk full) cuts
 * the file back to the last whole record, so the file stays readable.
 */
#ifndef ERW_CAP_LIVE_H
#define ERW_CAP_LIVE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "capture/capture.h"
#include "util/util.h"

#define CAP_DEFAULT_FILTER \
	"tcp port 179 or icmp or icmp6 or arp or " \
	"(vlan and (tcp port 179 or icmp or icmp6 or arp or " \
	"(vlan and (tcp port 179 or icmp or icmp6 or arp))))"
#define CAP_DEFAULT_SNAPLEN	262144
#define CAP_MIN_SNAPLEN		64
#define CAP_MAX_RING		1000
#define CAP_DEFAULT_FILE_SIZE	(10u * 1024 * 1024)

enum cap_out_format {
	CAP_OUT_PCAP = 0,
	CAP_OUT_PCAPNG
};

/* ------------------------------------------------------------------ */
/* Writer                                                              */
/* ------------------------------------------------------------------ */

struct cap_writer;

/*
 * Create (truncate) path and write the file header: pcap global header or
 * pcapng SHB + IDB (ifname may be NULL).  Returns 0 with *out (close with
 * cap_writer_close), or -1 with ERR_IO (ERR_PERM for EACCES) naming path.
 */
int	cap_writer_open(const char *path, enum cap_out_format fmt, int dlt,
	    uint32_t snaplen, const char *ifname, struct cap_writer **out,
	    struct err *e);
/*
 * Append one record (caplen bytes of data, wirelen on the wire).  On a
 * failed or short write the file is cut back to the end of the previous
 * record and -1 is returned with ERR_IO ("cannot write 'f': no space left
 * on device"); the writer then refuses further records.
 */
int	cap_writer_write(struct cap_writer *, usec_t ts, uint32_t caplen,
	    uint32_t wirelen, const uint8_t *data, struct err *e);
/* Size of one record as written (header, padding, trailer included). */
uint64_t cap_writer_record_size(const struct cap_writer *, uint32_t caplen);
uint64_t cap_writer_bytes(const struct cap_writer *);	/* file size */
uint64_t cap_writer_packets(const struct cap_writer *);
/* Close (and free); -1 with ERR_IO when close() reports an error. */
int	cap_writer_close(struct cap_writer *, struct err *e);

/* ------------------------------------------------------------------ */
/* Live capture                                                        */
/* ------------------------------------------------------------------ */

struct cap_live_opts {
	const char		*iface;
	const char		*filter;	/* NULL: CAP_DEFAULT_FILTER */
	const char		*path;		/* output; NULL: none */
	enum cap_out_format	 fmt;
	uint32_t		 snaplen;	/* 0: CAP_DEFAULT_SNAPLEN */
	bool			 promisc;
	int			 buffer_kb;	/* 0: libpcap's default */
	usec_t			 duration;	/* 0: unlimited */
	uint64_t		 max_bytes;	/* all files; 0: unlimited */
	uint64_t		 max_packets;	/* 0: unlimited */
	unsigned		 ring;		/* keep N files PATH.0..; 0: one
						   file named PATH */
	uint64_t		 file_size;	/* rotate above this (ring) */
};

enum cap_stop {
	CAP_STOP_NONE = 0,
	CAP_STOP_SIGNAL,
	CAP_STOP_DURATION,
	CAP_STOP_MAX_BYTES,
	CAP_STOP_MAX_PACKETS,
	CAP_STOP_CALLBACK,
	CAP_STOP_ERROR
};
const char *cap_stop_name(enum cap_stop);

struct cap_live_stats {
	uint64_t	packets;	/* written (or seen without a file) */
	uint64_t	bytes;		/* bytes in the output files */
	unsigned	files;		/* files created */
	uint32_t	ps_recv;	/* pcap_stats */
	uint32_t	ps_drop;
	uint32_t	ps_ifdrop;
	bool		stats_valid;
	enum cap_stop	stop;
	char		last_file[4096];	/* last file written */
};

struct cap_live;

/* Called for each packet; return non-zero to stop the capture. */
typedef int (*cap_live_fn)(void *ctx, const struct cap_record *rec);

/*
 * Open iface and install the filter.  Returns 0 and *out, or -1 with
 * ERR_INPUT (no such interface, filter does not compile: the message
 * quotes libpcap), ERR_PERM (needs CAP_NET_RAW) or ERR_RUNTIME.
 */
int	cap_live_open(const struct cap_live_opts *, struct cap_live **out,
	    struct err *e);
int	cap_live_dlt(const struct cap_live *);

/*
 * Give up root for user: supplementary groups, gid, uid, then check that
 * root cannot be regained.  Not root, give up the capabilities instead
 * (the file capabilities of the installed binary).  Returns 1 when root
 * was dropped, 2 when capabilities were, 0 when there was nothing to drop,
 * -1 with ERR_INPUT (unknown user), ERR_PERM or ERR_RUNTIME.
 */
int	cap_drop_privileges(const char *user, struct err *e);

/* Create the first output file.  0 or -1 (ERR_IO, ERR_PERM). */
int	cap_live_start(struct cap_live *, struct err *e);

/*
 * Capture until a limit, *stop becomes non-zero (set it from a signal
 * handler, then call cap_live_break()), or fn asks to stop.  Returns 0
 * (the reason is in the stats), or -1 with e set on a capture or write
 * error (the files written so far are valid).
 */
int	cap_live_run(struct cap_live *, cap_live_fn fn, void *ctx,
	    volatile sig_atomic_t *stop, struct err *e);
/* Async-signal-safe: make cap_live_run() return soon. */
void	cap_live_break(struct cap_live *);

/* Read the kernel counters, close the output and the handle, free.
 * stats may be NULL.  Returns 0, or -1 when closing the file failed. */
int	cap_live_finish(struct cap_live *, struct cap_live_stats *stats,
	    struct err *e);

/* The name of ring file i of path ("PATH.i") into buf. */
const char *cap_ring_name(const char *path, uint64_t i, char *buf,
	    size_t len);

#endif /* ERW_CAP_LIVE_H */
