/*
 * Offline capture reading: pcap and pcapng files through libpcap
 * (pcap_fopen_offline_with_tstamp_precision, microsecond timestamps), one
 * record per cap_next() call, so memory does not grow with the file.
 * libpcap's own complaints about a truncated or damaged file become
 * ERR_INPUT errors carrying the file name, the frame that could not be read
 * and the byte offset where its record starts; records that libpcap lets
 * through although their lengths contradict each other are refused here.
 *
 * A file that is neither pcap nor pcapng goes to libwiretap
 * (cap_wiretap.c), Wireshark's reader of every other format, and comes
 * back through the same calls.  A Windows event trace (.etl, from pktmon
 * or netsh trace) is no packet capture either library reads: it gets the
 * command that converts it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <pcap/pcap.h>

#include "capture.h"
#include "cap_wiretap.h"

enum cap_state {
	CAP_ST_OPEN = 0,
	CAP_ST_EOF,
	CAP_ST_FAILED
};

struct cap_file {
	pcap_t		*pcap;		/* NULL when wt reads the file */
	struct cap_wt	*wt;
	const char	*fmt_name;	/* "pcap", "snoop": static */
	FILE		*fp;		/* pcap's: never fclose() */
	char		*name;
	int		 dlt;
	uint32_t	 snaplen;
	enum cap_format	 format;
	uint64_t	 size;		/* 0 when unknown */
	uint64_t	 frames;	/* records returned so far */
	bool		 seekable;	/* ftell() gives file offsets */
	enum cap_state	 state;
	struct err	 err;		/* repeated after a failure */
};

/* File magic numbers (pcap-savefile(5), pcapng draft section 4.1). */
#define CAP_MAGIC_PCAP_US	0xa1b2c3d4u
#define CAP_MAGIC_PCAP_NS	0xa1b23c4du
#define CAP_MAGIC_PCAPNG	0x0a0d0d0au

/* "No such file or directory" -> "no such file or directory". */
static void
cap_strerror(int errnum, char *buf, size_t len)
{
	str_copy(buf, strerror(errnum), len);
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
}

static enum cap_format
cap_format_of(const uint8_t m[4])
{
	struct rd r;
	uint32_t be, le;

	rd_init(&r, m, 4);
	rd_be32(&r, &be);
	rd_init(&r, m, 4);
	rd_le32(&r, &le);
	if (be == CAP_MAGIC_PCAPNG)
		return CAP_FMT_PCAPNG;
	if (be == CAP_MAGIC_PCAP_US || le == CAP_MAGIC_PCAP_US ||
	    be == CAP_MAGIC_PCAP_NS || le == CAP_MAGIC_PCAP_NS)
		return CAP_FMT_PCAP;
	return CAP_FMT_UNKNOWN;
}

/* Common part of the two openers; takes fp in every case. */
static int
cap_open_common(FILE *fp, const char *name, enum cap_format fmt,
    uint64_t size, bool seekable, struct cap_file **out, struct err *e)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct cap_file *f;
	int snap;

	*out = NULL;
	if ((f = erw_calloc(1, sizeof(*f))) == NULL ||
	    (f->name = erw_strdup(name)) == NULL) {
		free(f);
		if (fp != stdin)
			fclose(fp);
		return ERR(e, ERR_NOMEM, "out of memory opening '%s'", name);
	}
	errbuf[0] = '\0';
	/* libpcap allocates with libc's malloc, past the seam: its message
	 * varies, but a failed allocation leaves ENOMEM in errno */
	errno = 0;
	f->pcap = pcap_fopen_offline_with_tstamp_precision(fp,
	    PCAP_TSTAMP_PRECISION_MICRO, errbuf);
	if (f->pcap == NULL) {
		bool nomem = errno == ENOMEM;

		/* libpcap leaves fp to us when it fails. */
		if (fp != stdin)
			fclose(fp);
		free(f->name);
		free(f);
		if (nomem)
			return ERR(e, ERR_NOMEM, "out of memory in libpcap "
			    "opening '%s'", name);
		return ERR(e, ERR_INPUT, "cannot read '%s': %s", name,
		    errbuf[0] != '\0' ? errbuf : "not a capture file");
	}
	f->fp = fp;
	f->fmt_name = fmt == CAP_FMT_PCAPNG ? "pcapng" :
	    fmt == CAP_FMT_PCAP ? "pcap" : "unknown";
	f->dlt = pcap_datalink(f->pcap);
	snap = pcap_snapshot(f->pcap);
	f->snaplen = snap > 0 ? (uint32_t)snap : 0;
	f->format = fmt;
	f->size = size;
	f->seekable = seekable;
	*out = f;
	return 0;
}

/* Does the name end in ".etl" (any case)? */
static bool
cap_is_etl(const char *path)
{
	size_t n = strlen(path);

	return n >= 4 && path[n - 4] == '.' &&
	    (path[n - 3] | 0x20) == 'e' && (path[n - 2] | 0x20) == 't' &&
	    (path[n - 1] | 0x20) == 'l';
}

/*
 * libpcap does not know the file: libwiretap may.  Returns 0 with *out,
 * or -1 with e set (the libpcap error kept in pcap_err when libwiretap
 * does not know the format either).
 */
static int
cap_open_wiretap(const char *path, uint64_t size, const struct err *pcap_err,
    struct cap_file **out, struct err *e)
{
	struct cap_file *f;
	struct cap_wt *wt;
	const char *fmt = NULL;
	uint32_t snap = 0;
	int dlt = 0, r;

	/* The commands, not the path four times: the message has 256 bytes. */
	if (cap_is_etl(path))
		return ERR(e, ERR_INPUT, "cannot read '%s': a Windows event "
		    "trace (pktmon, netsh trace); convert it with 'pktmon "
		    "etl2pcap IN.etl --out OUT.pcapng' on Windows or "
		    "'etl2pcapng IN.etl OUT.pcapng'", path);
	/* An empty file is no capture, although libwiretap's ERF reader,
	 * which has no magic number to go by, would take it for one. */
	if (size == 0) {
		*e = *pcap_err;
		return -1;
	}
	if ((r = cap_wt_open(path, &wt, &dlt, &snap, &fmt, e)) == -1)
		return -1;
	if (r == 0) {
		*e = *pcap_err;
		return -1;
	}
	if ((f = erw_calloc(1, sizeof(*f))) == NULL ||
	    (f->name = erw_strdup(path)) == NULL) {
		free(f);
		cap_wt_close(wt);
		return ERR(e, ERR_NOMEM, "cannot open '%s': out of memory",
		    path);
	}
	f->wt = wt;
	f->fmt_name = fmt != NULL ? fmt : "unknown";
	f->dlt = dlt;
	f->snaplen = snap;
	f->format = CAP_FMT_OTHER;
	f->size = size;
	*out = f;
	return 0;
}

int
cap_open_file(const char *path, struct cap_file **out, struct err *e)
{
	struct err pe;
	int rv;
	char msg[128];
	enum cap_format fmt = CAP_FMT_UNKNOWN;
	struct stat st;
	uint8_t magic[4];
	bool seekable = false;
	uint64_t size = 0;
	FILE *fp;

	*out = NULL;
	if (strcmp(path, "-") == 0)
		return cap_open_common(stdin, "stdin", fmt, 0, false, out, e);
	if ((fp = fopen(path, "rb")) == NULL) {
		cap_strerror(errno, msg, sizeof(msg));
		return ERR(e, ERR_INPUT, "cannot open '%s': %s", path, msg);
	}
	if (fstat(fileno(fp), &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			fclose(fp);
			return ERR(e, ERR_INPUT,
			    "cannot read '%s': is a directory", path);
		}
		if (S_ISREG(st.st_mode)) {
			seekable = true;
			size = (uint64_t)st.st_size;
		}
	}
	/* Peek at the magic to tell pcap from pcapng; libpcap does not say. */
	if (seekable) {
		if (fread(magic, 1, sizeof(magic), fp) == sizeof(magic))
			fmt = cap_format_of(magic);
		if (fseek(fp, 0, SEEK_SET) == -1) {
			cap_strerror(errno, msg, sizeof(msg));
			fclose(fp);
			return ERR(e, ERR_INPUT, "cannot read '%s': %s", path,
			    msg);
		}
	}
	if (!seekable || fmt != CAP_FMT_UNKNOWN)
		return cap_open_common(fp, path, fmt, size, seekable, out, e);
	/* Not pcap or pcapng by its magic: libpcap first all the same (it
	 * knows a few more magics), then libwiretap. */
	err_clear(&pe);
	if ((rv = cap_open_common(fp, path, fmt, size, seekable, out,
	    &pe)) == 0 || pe.code == ERR_NOMEM) {
		if (rv == -1)
			*e = pe;
		return rv;
	}
	return cap_open_wiretap(path, size, &pe, out, e);
}

int
cap_open_fp(FILE *fp, const char *name, struct cap_file **out,
    struct err *e)
{
	struct stat st;
	uint64_t size = 0;
	bool seekable = false;
	int fd;

	/* fmemopen() streams have no descriptor but can still tell(). */
	fd = fileno(fp);
	if (fd == -1)
		seekable = ftell(fp) != -1;
	else if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		seekable = true;
		size = (uint64_t)st.st_size;
	}
	return cap_open_common(fp, name, CAP_FMT_UNKNOWN, size, seekable, out,
	    e);
}

static uint64_t
cap_tell(const struct cap_file *f)
{
	long pos;

	if (f->wt != NULL)
		return cap_wt_pos(f->wt);
	if (!f->seekable)
		return 0;
	pos = ftell(f->fp);
	return pos < 0 ? 0 : (uint64_t)pos;
}

/* Record the failure of frame `frame`, whose record starts at off. */
static int
cap_fail(struct cap_file *f, struct err *e, uint64_t frame, uint64_t off,
    const char *why)
{
	f->state = CAP_ST_FAILED;
	err_clear(&f->err);
	ERR(&f->err, ERR_INPUT, "%s", why);
	err_at(&f->err, f->name, frame, 0, off);
	if (e != NULL && !err_isset(e))
		*e = f->err;
	return -1;
}

/*
 * A pcapng timestamp is 64 bits in units the file chooses, so libpcap can
 * hand back seconds that overflow microseconds (a damaged or fuzzed
 * file): clamp instead of overflowing.
 */
static usec_t
cap_usec(const struct pcap_pkthdr *h)
{
	const int64_t lim = INT64_MAX / USEC_PER_SEC - 1;
	int64_t sec = (int64_t)h->ts.tv_sec;
	int64_t us = (int64_t)h->ts.tv_usec;

	if (sec > lim)
		return (usec_t)lim * USEC_PER_SEC;
	if (sec < -lim)
		return -(usec_t)lim * USEC_PER_SEC;
	if (us < 0 || us >= USEC_PER_SEC)
		us = 0;
	return (usec_t)sec * USEC_PER_SEC + us;
}

int
cap_next(struct cap_file *f, struct cap_record *rec, struct err *e)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	char why[256];
	uint64_t frame, off, skipped = 0;
	int rv;

	switch (f->state) {
	case CAP_ST_EOF:
		return 0;
	case CAP_ST_FAILED:
		if (e != NULL && !err_isset(e))
			*e = f->err;
		return -1;
	case CAP_ST_OPEN:
		break;
	}
	frame = f->frames + 1;
	if (f->wt != NULL) {
		rv = cap_wt_next(f->wt, rec, &skipped, &off, why, sizeof(why));
		frame += skipped;
		if (rv == 0) {
			f->state = CAP_ST_EOF;
			return 0;
		}
		if (rv == -1)
			return cap_fail(f, e, frame, off, why);
		f->frames = frame;
		rec->frame = frame;
		return 1;
	}
	off = cap_tell(f);
	errno = 0;
	rv = pcap_next_ex(f->pcap, &h, &data);
	if (rv == PCAP_ERROR_BREAK) {
		f->state = CAP_ST_EOF;
		return 0;
	}
	if (rv != 1 && errno == ENOMEM) {
		/* libpcap could not grow its buffer: not the file's fault */
		f->state = CAP_ST_FAILED;
		err_clear(&f->err);
		ERR(&f->err, ERR_NOMEM, "out of memory in libpcap reading "
		    "frame %llu", (unsigned long long)frame);
		err_at(&f->err, f->name, frame, 0, off);
		if (e != NULL && !err_isset(e))
			*e = f->err;
		return -1;
	}
	if (rv != 1)
		return cap_fail(f, e, frame, off, pcap_geterr(f->pcap));
	/*
	 * libpcap refuses a captured length beyond its sanity bound but lets
	 * smaller lies through; a damaged or fuzzed file must not hand the
	 * decoder a frame longer than the wire ever carried.
	 */
	if (h->caplen > h->len) {
		snprintf(why, sizeof(why), "record length lies: captured "
		    "length %u exceeds wire length %u", h->caplen, h->len);
		return cap_fail(f, e, frame, off, why);
	}
	if (f->snaplen > 0 && h->caplen > f->snaplen) {
		snprintf(why, sizeof(why), "record length lies: captured "
		    "length %u exceeds snapshot length %u", h->caplen,
		    f->snaplen);
		return cap_fail(f, e, frame, off, why);
	}
	f->frames = frame;
	rec->frame = frame;
	rec->ts = cap_usec(h);
	rec->caplen = h->caplen;
	rec->wirelen = h->len;
	rec->data = data;
	return 1;
}

void
cap_close(struct cap_file *f)
{
	if (f == NULL)
		return;
	if (f->wt != NULL)
		cap_wt_close(f->wt);
	else
		pcap_close(f->pcap);	/* closes fp unless it is stdin */
	free(f->name);
	free(f);
}

int
cap_dlt(const struct cap_file *f)
{
	return f->dlt;
}

uint32_t
cap_snaplen(const struct cap_file *f)
{
	return f->snaplen;
}

enum cap_format
cap_format(const struct cap_file *f)
{
	return f->format;
}

const char *
cap_format_name(const struct cap_file *f)
{
	return f->fmt_name;
}

const char *
cap_name(const struct cap_file *f)
{
	return f->name;
}

uint64_t
cap_file_size(const struct cap_file *f)
{
	return f->size;
}

uint64_t
cap_bytes_read(const struct cap_file *f)
{
	return cap_tell(f);
}

uint64_t
cap_frames_read(const struct cap_file *f)
{
	return f->frames;
}

const char *
cap_dlt_name(int dlt)
{
	const char *s;

	s = pcap_datalink_val_to_name(dlt);
	return s != NULL ? s : "unknown";
}

const char *
cap_dlt_description(int dlt)
{
	const char *s;

	s = pcap_datalink_val_to_description(dlt);
	return s != NULL ? s : "unknown";
}
