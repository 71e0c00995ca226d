/*
 * capture: reading capture files (pcap and pcapng) through libpcap, and
 * every other format Wireshark reads (Network Monitor, snoop, ERF, ...)
 * through Wireshark's libwiretap, one record at a time, so memory stays
 * the same whatever the file size.  The
 * records feed pkt_decode() and from there the flow and BGP analyzers.
 * Live capture (cap_live.c) shares the record type declared here and has
 * its own header.
 *
 * Every function is prefixed cap_: pcap_ is libpcap's namespace.
 *
 * Limitation: libpcap exposes one link type per handle.  In a pcapng file
 * with a later interface whose link type (or snapshot length) differs
 * from the first one's, libpcap stops at that interface's description
 * block: cap_next() reports "an interface has a type 113 different from
 * the type of the first interface" at the frame it was looking for, and
 * everything before is kept.  erwatch does not read around it; split
 * such a file per interface first (editcap, tshark -Y frame.interface_id).
 */
#ifndef ERW_CAPTURE_H
#define ERW_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util/util.h"

/* One captured frame.  data stays valid until the next cap_next() or
 * cap_close() on the same file. */
struct cap_record {
	uint64_t	 frame;		/* 1-based frame number */
	usec_t		 ts;		/* microseconds, Unix epoch */
	uint32_t	 caplen;	/* bytes present at data */
	uint32_t	 wirelen;	/* length of the frame on the wire */
	const uint8_t	*data;
};

enum cap_format {
	CAP_FMT_UNKNOWN = 0,	/* stdin, pipes, cap_open_fp() */
	CAP_FMT_PCAP,
	CAP_FMT_PCAPNG,
	CAP_FMT_OTHER		/* read through libwiretap */
};

struct cap_file;

/*
 * Open a capture file for reading; "-" reads stdin.  Timestamps are
 * delivered in microseconds whatever the file's precision.  A link type
 * that pkt_decode() does not understand is not an error here: the caller
 * checks pkt_dlt_supported(cap_dlt(f)) and words the message.
 * Returns 0 and *out (free with cap_close()), or -1 with e set:
 * ERR_INPUT for a missing, unreadable or malformed file ("cannot open
 * 'x.pcap': no such file or directory", "cannot read 'x.pcap': unknown
 * file format"), ERR_NOMEM (ours, or libpcap's, told by its ENOMEM).
 * The file name is in the message.
 *
 * A regular file that is not pcap or pcapng is read through libwiretap
 * when it knows the format (cap_format() is then CAP_FMT_OTHER and
 * cap_format_name() libwiretap's name for it); a ".etl" file is refused
 * with the command that converts it.  Frames are numbered as Wireshark
 * numbers them: records that are not packets (ERF metadata) take a number
 * and are not returned.
 */
int	cap_open_file(const char *path, struct cap_file **out,
	    struct err *e);

/*
 * The same over an open stream (for example fmemopen() in the fuzzer).
 * name is used in messages.  fp is owned by the capture afterwards, also
 * when the call fails: cap_close() (or the failure) closes it.
 */
int	cap_open_fp(FILE *fp, const char *name, struct cap_file **out,
	    struct err *e);

/*
 * Read the next record into *rec.  Returns 1 (a record), 0 (end of file)
 * or -1: the file is truncated or damaged.  Then e is ERR_INPUT with the
 * file name in e->input, the frame number that could not be read in
 * e->unit, the byte offset where that record starts in e->offset (0 when
 * the stream cannot tell) and in e->msg what is wrong, without name or
 * frame: libpcap's complaint ("truncated dump file; tried to read 60
 * captured bytes, only got 10") or "record length lies: captured length
 * 60 exceeds wire length 50" for a record libpcap let through.
 * Everything returned before is good and the caller keeps it.  Or e is
 * ERR_NOMEM when libpcap ran out of memory growing its buffer: nothing is
 * wrong with the file, the run fails.  After -1 or 0, later calls return
 * the same again.
 */
int	cap_next(struct cap_file *f, struct cap_record *rec, struct err *e);

/* Close the file and free f (NULL is accepted). */
void	cap_close(struct cap_file *f);

/* File facts. */
int		 cap_dlt(const struct cap_file *f);	/* DLT_ value */
uint32_t	 cap_snaplen(const struct cap_file *f);
enum cap_format	 cap_format(const struct cap_file *f);
const char	*cap_name(const struct cap_file *f);	/* as opened */
/* "pcap", "pcapng", libwiretap's name ("netmon2", "snoop", "erf"), or
 * "unknown" (stdin, streams).  Static. */
const char	*cap_format_name(const struct cap_file *f);
/* Size in bytes, 0 when unknown (stdin, pipe): for progress display. */
uint64_t	 cap_file_size(const struct cap_file *f);
/* Bytes consumed so far (file position), 0 when unknown. */
uint64_t	 cap_bytes_read(const struct cap_file *f);
/* Records returned so far. */
uint64_t	 cap_frames_read(const struct cap_file *f);

/*
 * Names of a link type: cap_dlt_name(105) is "IEEE802_11",
 * cap_dlt_description(105) "802.11".  "unknown" when libpcap has no name.
 * Never NULL; the strings are static.
 */
const char	*cap_dlt_name(int dlt);
const char	*cap_dlt_description(int dlt);

/*
 * Copy the packets of capture in that match the BPF filter (tcpdump's
 * syntax) to out, a pcap file; *kept and *total count them.  For trimming
 * evidence (erwatch bundle --max-size).  -1 with e set.
 */
int	cap_filter_copy(const char *in, const char *out, const char *filter,
	    uint64_t *kept, uint64_t *total, struct err *e);

/* The format a capture's first bytes announce ("pcap", "pcap
 * (nanosecond)", "pcapng"), NULL when they are no libpcap capture. */
const char *cap_magic(const uint8_t *b, size_t n);

#endif /* ERW_CAPTURE_H */
