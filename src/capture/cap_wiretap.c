/*
 * The libwiretap fallback (cap_wiretap.h): Wireshark's own reader for the
 * capture formats libpcap does not know, so that erwatch never carries a
 * reader of its own for them.  libwiretap hands each packet over with its
 * encapsulation (WTAP_ENCAP_*); the ones whose bytes are laid out as a
 * pcap link type pkt_decode() reads are mapped back to that link type
 * through libwiretap's own table (wtap_pcap_encap_to_wtap_encap), Endace
 * ERF records by their ERF type, HP-UX nettl Ethernet as Ethernet.
 *
 * libwiretap keeps process-wide state (its table of file types, set up
 * once by wtap_init()) and logs through Wireshark's logger, which would
 * print to stderr; library code does not print, so a writer that drops
 * everything is installed with it.  Its complaints about a file come back
 * as error codes and text, which become ours.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wiretap/pcap-encap.h>
#include <wiretap/wtap.h>
#include <wsutil/buffer.h>
#include <wsutil/wslog.h>

#include "cap_wiretap.h"
#include "pkt/pkt.h"

/* ERF record types (Endace ERF specification); the top bit says that
 * extension headers follow. */
#define ERF_TYPE_MASK		0x7f
#define ERF_TYPE_ETH		2
#define ERF_TYPE_COLOR_ETH	11
#define ERF_TYPE_DSM_COLOR_ETH	16
#define ERF_TYPE_COLOR_HASH_ETH	20
#define ERF_TYPE_IPV4		22
#define ERF_TYPE_IPV6		23
#define ERF_TYPE_META		27

#define WT_SKIP		(-2)	/* not a packet: take a frame number, go on */
#define WT_UNKNOWN	(-1)	/* a packet erwatch cannot decode */

struct cap_wt {
	wtap		*w;
	wtap_rec	 rec;
	Buffer		 buf;
	int		 encap;		/* the file's, or WTAP_ENCAP_PER_PACKET */
	int		 dlt;		/* of every packet */
	bool		 pending;	/* rec/buf hold the first packet */
	uint64_t	 pending_skipped;
	uint64_t	 pending_off;
};

/* Link types pkt_decode() reads, in the order a reverse lookup prefers. */
static const int wt_dlts[] = {
	PKT_DLT_EN10MB, PKT_DLT_LINKTYPE_RAW, PKT_DLT_IPV4, PKT_DLT_IPV6,
	PKT_DLT_LINUX_SLL, PKT_DLT_LINUX_SLL2, PKT_DLT_NULL, PKT_DLT_LOOP,
	PKT_DLT_PPP, PKT_DLT_PPP_SERIAL, PKT_DLT_C_HDLC, PKT_DLT_JUNIPER_ETHER,
};

static void
wt_silent(const char *domain, enum ws_log_level level,
    struct timespec timestamp, const char *file, long line, const char *func,
    const char *fmt, va_list ap, void *user_data)
{
	(void)domain;
	(void)level;
	(void)timestamp;
	(void)file;
	(void)line;
	(void)func;
	(void)fmt;
	(void)ap;
	(void)user_data;
}

static void
wt_init(void)
{
	static bool ready;

	if (ready)
		return;
	ws_log_set_writer(wt_silent);
	wtap_init(FALSE);
	ready = true;
}

/* The pcap link type of the packet in rec, WT_SKIP or WT_UNKNOWN. */
static int
wt_dlt(const wtap_rec *rec)
{
	int encap = rec->rec_header.packet_header.pkt_encap;
	size_t i;

	if (rec->rec_type != REC_TYPE_PACKET)
		return WT_SKIP;
	switch (encap) {
	case WTAP_ENCAP_ERF:
		/* libwiretap keeps the ERF header and the Ethernet pad in
		 * the pseudo-header: the bytes start at the frame. */
		switch (rec->rec_header.packet_header.pseudo_header.erf.phdr.type &
		    ERF_TYPE_MASK) {
		case ERF_TYPE_ETH:
		case ERF_TYPE_COLOR_ETH:
		case ERF_TYPE_DSM_COLOR_ETH:
		case ERF_TYPE_COLOR_HASH_ETH:
			return PKT_DLT_EN10MB;
		case ERF_TYPE_IPV4:
			return PKT_DLT_IPV4;
		case ERF_TYPE_IPV6:
			return PKT_DLT_IPV6;
		case ERF_TYPE_META:
			return WT_SKIP;
		default:
			return WT_UNKNOWN;
		}
	case WTAP_ENCAP_NETTL_ETHERNET:
		return PKT_DLT_EN10MB;
	case WTAP_ENCAP_NETTL_RAW_IP:
		return PKT_DLT_LINKTYPE_RAW;
	default:
		break;
	}
	for (i = 0; i < sizeof(wt_dlts) / sizeof(wt_dlts[0]); i++)
		if (wtap_pcap_encap_to_wtap_encap(wt_dlts[i]) == encap)
			return wt_dlts[i];
	return WT_UNKNOWN;
}

/* "bad record: ..." from libwiretap's code and detail (which it frees). */
static void
wt_why(int err, gchar *info, char *why, size_t len)
{
	snprintf(why, len, "%s%s%s", err != 0 ? wtap_strerror(err) :
	    "read error", info != NULL ? ": " : "", info != NULL ? info : "");
	g_free(info);
	/* libwiretap's messages begin with a capital; ours do not. */
	if (why[0] >= 'A' && why[0] <= 'Z')
		why[0] = (char)(why[0] - 'A' + 'a');
}

/*
 * The next record from libwiretap that is a packet, counting the others.
 * 1, 0 at the end, -1 with why.
 */
static int
wt_read(struct cap_wt *t, uint64_t *skipped, uint64_t *off, int *dlt,
    char *why, size_t len)
{
	gchar *info = NULL;
	gint64 at = 0;
	int err = 0;

	*skipped = 0;
	for (;;) {
		/* Drops what the last record held (its option block). */
		wtap_rec_reset(&t->rec);
		if (!wtap_read(t->w, &t->rec, &t->buf, &err, &info, &at)) {
			*off = (uint64_t)wtap_read_so_far(t->w);
			if (err == 0) {
				g_free(info);
				return 0;
			}
			wt_why(err, info, why, len);
			return -1;
		}
		/* Some readers leave a note even when the read succeeds. */
		g_free(info);
		info = NULL;
		*off = at > 0 ? (uint64_t)at : 0;
		if ((*dlt = wt_dlt(&t->rec)) != WT_SKIP)
			return 1;
		(*skipped)++;
	}
}

int
cap_wt_open(const char *path, struct cap_wt **out, int *dlt,
    uint32_t *snaplen, const char **fmt, struct err *e)
{
	struct cap_wt *t;
	gchar *info = NULL;
	char why[256];
	int err = 0, r;

	*out = NULL;
	wt_init();
	if ((t = erw_calloc(1, sizeof(*t))) == NULL)
		return ERR(e, ERR_NOMEM, "cannot open '%s': out of memory",
		    path);
	t->w = wtap_open_offline(path, WTAP_TYPE_AUTO, &err, &info, FALSE);
	if (t->w == NULL) {
		free(t);
		if (err == WTAP_ERR_FILE_UNKNOWN_FORMAT) {
			g_free(info);
			return 0;
		}
		wt_why(err, info, why, sizeof(why));
		return ERR(e, ERR_INPUT, "cannot read '%s': %s", path, why);
	}
	wtap_rec_init(&t->rec);
	ws_buffer_init(&t->buf, 1514);
	*fmt = wtap_file_type_subtype_name(wtap_file_type_subtype(t->w));
	*snaplen = wtap_snapshot_length(t->w);
	/*
	 * The first packet decides the link type (per-packet formats and
	 * ERF say it only there); it is kept for the first cap_wt_next().
	 */
	r = wt_read(t, &t->pending_skipped, &t->pending_off, &t->dlt, why,
	    sizeof(why));
	if (r == -1) {
		cap_wt_close(t);
		return ERR(e, ERR_INPUT, "cannot read '%s': %s", path, why);
	}
	if (r == 1 && t->dlt == WT_UNKNOWN) {
		r = t->rec.rec_header.packet_header.pkt_encap;
		if (r == WTAP_ENCAP_ERF)
			snprintf(why, sizeof(why), "ERF records of type %u",
			    t->rec.rec_header.packet_header.pseudo_header.erf.
			    phdr.type & ERF_TYPE_MASK);
		else
			snprintf(why, sizeof(why), "%s (libwiretap "
			    "encapsulation %d)", wtap_encap_description(r), r);
		cap_wt_close(t);
		return ERR(e, ERR_INPUT, "cannot read '%s': its packets are "
		    "%s, which erwatch does not decode", path, why);
	}
	t->pending = r == 1;
	if (r == 0)	/* no packet at all: any link type will do */
		t->dlt = PKT_DLT_EN10MB;
	*dlt = t->dlt;
	*out = t;
	return 1;
}

int
cap_wt_next(struct cap_wt *t, struct cap_record *rec, uint64_t *skipped,
    uint64_t *off, char *why, size_t len)
{
	const wtap_packet_header *ph = &t->rec.rec_header.packet_header;
	const int64_t lim = INT64_MAX / USEC_PER_SEC - 1;
	int64_t sec;
	int dlt, r;

	if (t->pending) {
		t->pending = false;
		*skipped = t->pending_skipped;
		*off = t->pending_off;
		dlt = t->dlt;
	} else if ((r = wt_read(t, skipped, off, &dlt, why, len)) != 1)
		return r;
	if (dlt != t->dlt) {
		/* One link type per file, as libpcap has it. */
		snprintf(why, len, "a packet of another link type (%s) than "
		    "the first packet's", wtap_encap_description(
		    ph->pkt_encap));
		return -1;
	}
	rec->caplen = ph->caplen;
	/* Formats that count the wire length without the FCS, or not at
	 * all, may give less than was captured: the captured bytes stand. */
	rec->wirelen = ph->len > ph->caplen ? ph->len : ph->caplen;
	rec->data = ws_buffer_start_ptr(&t->buf);
	rec->ts = 0;
	if ((t->rec.presence_flags & WTAP_HAS_TS) != 0) {
		/* Clamped: a damaged file must not overflow microseconds. */
		sec = (int64_t)t->rec.ts.secs;
		if (sec > lim)
			sec = lim;
		if (sec < -lim)
			sec = -lim;
		rec->ts = (usec_t)sec * USEC_PER_SEC +
		    (t->rec.ts.nsecs >= 0 && t->rec.ts.nsecs < 1000000000 ?
		    t->rec.ts.nsecs / 1000 : 0);
	}
	return 1;
}

uint64_t
cap_wt_pos(const struct cap_wt *t)
{
	gint64 n = wtap_read_so_far(t->w);

	return n > 0 ? (uint64_t)n : 0;
}

void
cap_wt_close(struct cap_wt *t)
{
	if (t == NULL)
		return;
	wtap_rec_cleanup(&t->rec);
	ws_buffer_free(&t->buf);
	wtap_close(t->w);
	free(t);
}
