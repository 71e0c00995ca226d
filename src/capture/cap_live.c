/*
 * Live capture (libpcap pcap_create/pcap_activate/pcap_dispatch), privilege
 * drop, and the capture file writer: classic pcap (the libpcap format,
 * microsecond timestamps) and pcapng (Section Header, Interface Description
 * and Enhanced Packet blocks, draft-ietf-opsawg-pcapng), written by hand
 * because libpcap 1.10 cannot write pcapng and because a hand writer can
 * cut the file back to the last whole record when the disk fills up.
 * Records are assembled in memory and written with one write() each.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "cap_live.h"

/* ------------------------------------------------------------------ */
/* Writer                                                              */
/* ------------------------------------------------------------------ */

struct cap_writer {
	int			 fd;
	enum cap_out_format	 fmt;
	char			*path;
	uint8_t			*buf;		/* one record */
	size_t			 bufsz;
	uint32_t		 snaplen;
	uint64_t		 good;		/* bytes known written */
	uint64_t		 packets;
	bool			 failed;
};

#define PCAP_MAGIC_USEC		0xa1b2c3d4u
#define PCAPNG_SHB		0x0a0d0d0au
#define PCAPNG_IDB		0x00000001u
#define PCAPNG_EPB		0x00000006u
#define PCAPNG_BOM		0x1a2b3c4du

static size_t
put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);	/* host order: readers check the magic */
	return 4;
}

static size_t
put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
	return 2;
}

static size_t
pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Write all of buf or cut the file back to w->good. */
static int
wr(struct cap_writer *w, const uint8_t *buf, size_t n, struct err *e)
{
	size_t off = 0;
	ssize_t r;

	if (w->failed)
		return ERR(e, ERR_IO, "cannot write '%s': an earlier write "
		    "failed", w->path);
	while (off < n) {
		r = write(w->fd, buf + off, n - off);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			int se = r == 0 ? ENOSPC : errno;

			w->failed = true;
			if (ftruncate(w->fd, (off_t)w->good) == 0)
				(void)lseek(w->fd, (off_t)w->good, SEEK_SET);
			return ERR(e, ERR_IO, "cannot write '%s': %s (the file "
			    "ends at the last whole packet, %llu bytes)",
			    w->path, strerror(se),
			    (unsigned long long)w->good);
		}
		off += (size_t)r;
	}
	w->good += n;
	return 0;
}

int
cap_writer_open(const char *path, enum cap_out_format fmt, int dlt,
    uint32_t snaplen, const char *ifname, struct cap_writer **out,
    struct err *e)
{
	struct cap_writer *w;
	uint8_t hdr[512];
	size_t n = 0, blen, nl, optlen;

	*out = NULL;
	if ((w = erw_calloc(1, sizeof(*w))) == NULL ||
	    (w->path = erw_strdup(path)) == NULL) {
		free(w);
		return ERR(e, ERR_NOMEM, "out of memory");
	}
	w->fmt = fmt;
	w->snaplen = snaplen;
	w->bufsz = (size_t)snaplen + 64;
	if ((w->buf = erw_malloc(w->bufsz)) == NULL) {
		free(w->path);
		free(w);
		return ERR(e, ERR_NOMEM, "out of memory");
	}
	w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (w->fd == -1) {
		int se = errno;

		ERR(e, se == EACCES || se == EPERM ? ERR_PERM : ERR_IO,
		    "cannot create '%s': %s", path, strerror(se));
		err_at(e, path, 0, 0, 0);
		free(w->buf);
		free(w->path);
		free(w);
		return -1;
	}
	if (fmt == CAP_OUT_PCAP) {
		n += put32(hdr + n, PCAP_MAGIC_USEC);
		n += put16(hdr + n, 2);
		n += put16(hdr + n, 4);
		n += put32(hdr + n, 0);		/* thiszone */
		n += put32(hdr + n, 0);		/* sigfigs */
		n += put32(hdr + n, snaplen);
		n += put32(hdr + n, (uint32_t)dlt);
	} else {
		/* SHB: no options. */
		n += put32(hdr + n, PCAPNG_SHB);
		n += put32(hdr + n, 28);
		n += put32(hdr + n, PCAPNG_BOM);
		n += put16(hdr + n, 1);
		n += put16(hdr + n, 0);
		n += put32(hdr + n, 0xffffffffu);	/* section length */
		n += put32(hdr + n, 0xffffffffu);	/*   unknown */
		n += put32(hdr + n, 28);
		/* IDB: if_name (2), if_tsresol (9) = 6, opt_endofopt. */
		nl = ifname != NULL ? strnlen(ifname, 64) : 0;
		optlen = (nl > 0 ? 4 + pad4(nl) : 0) + 8 + 4;
		blen = 20 + optlen;
		n += put32(hdr + n, PCAPNG_IDB);
		n += put32(hdr + n, (uint32_t)blen);
		n += put16(hdr + n, (uint16_t)dlt);
		n += put16(hdr + n, 0);
		n += put32(hdr + n, snaplen);
		if (nl > 0) {
			n += put16(hdr + n, 2);
			n += put16(hdr + n, (uint16_t)nl);
			memset(hdr + n, 0, pad4(nl));
			memcpy(hdr + n, ifname, nl);
			n += pad4(nl);
		}
		n += put16(hdr + n, 9);
		n += put16(hdr + n, 1);
		hdr[n++] = 6;
		hdr[n++] = 0;
		hdr[n++] = 0;
		hdr[n++] = 0;
		n += put32(hdr + n, 0);		/* opt_endofopt */
		n += put32(hdr + n, (uint32_t)blen);
	}
	if (wr(w, hdr, n, e) == -1) {
		cap_writer_close(w, NULL);
		return -1;
	}
	*out = w;
	return 0;
}

uint64_t
cap_writer_record_size(const struct cap_writer *w, uint32_t caplen)
{
	if (w->fmt == CAP_OUT_PCAP)
		return 16 + (uint64_t)caplen;
	return 32 + pad4(caplen);
}

int
cap_writer_write(struct cap_writer *w, usec_t ts, uint32_t caplen,
    uint32_t wirelen, const uint8_t *data, struct err *e)
{
	size_t n = 0, need;
	uint64_t t = ts < 0 ? 0 : (uint64_t)ts;

	if (caplen > w->snaplen)
		caplen = w->snaplen;
	need = (size_t)cap_writer_record_size(w, caplen);
	if (need > w->bufsz)
		return ERR(e, ERR_LIMIT, "record larger than the buffer");
	if (w->fmt == CAP_OUT_PCAP) {
		n += put32(w->buf + n, (uint32_t)(t / 1000000));
		n += put32(w->buf + n, (uint32_t)(t % 1000000));
		n += put32(w->buf + n, caplen);
		n += put32(w->buf + n, wirelen);
		memcpy(w->buf + n, data, caplen);
		n += caplen;
	} else {
		n += put32(w->buf + n, PCAPNG_EPB);
		n += put32(w->buf + n, (uint32_t)need);
		n += put32(w->buf + n, 0);	/* interface 0 */
		n += put32(w->buf + n, (uint32_t)(t >> 32));
		n += put32(w->buf + n, (uint32_t)t);
		n += put32(w->buf + n, caplen);
		n += put32(w->buf + n, wirelen);
		memset(w->buf + n, 0, pad4(caplen));
		memcpy(w->buf + n, data, caplen);
		n += pad4(caplen);
		n += put32(w->buf + n, (uint32_t)need);
	}
	if (wr(w, w->buf, n, e) == -1)
		return -1;
	w->packets++;
	return 0;
}

uint64_t
cap_writer_bytes(const struct cap_writer *w)
{
	return w->good;
}

uint64_t
cap_writer_packets(const struct cap_writer *w)
{
	return w->packets;
}

int
cap_writer_close(struct cap_writer *w, struct err *e)
{
	int rc = 0;

	if (w == NULL)
		return 0;
	if (w->fd != -1 && close(w->fd) == -1)
		rc = ERR(e, ERR_IO, "cannot close '%s': %s", w->path,
		    strerror(errno));
	free(w->buf);
	free(w->path);
	free(w);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Live capture                                                        */
/* ------------------------------------------------------------------ */

struct cap_live {
	struct cap_live_opts	 o;
	pcap_t			*p;
	int			 dlt;
	struct cap_writer	*w;
	uint64_t		 fileno;	/* ring index of w */
	uint64_t		 hdrlen;	/* bytes of a file header */
	struct cap_live_stats	 st;
	uint64_t		 frame;
	cap_live_fn		 fn;
	void			*ctx;
	struct err		*e;
	int			 fd;		/* selectable, -1 if none */
	bool			 failed;
};

const char *
cap_stop_name(enum cap_stop s)
{
	switch (s) {
	case CAP_STOP_NONE:
		return "none";
	case CAP_STOP_SIGNAL:
		return "signal";
	case CAP_STOP_DURATION:
		return "duration";
	case CAP_STOP_MAX_BYTES:
		return "max-bytes";
	case CAP_STOP_MAX_PACKETS:
		return "max-packets";
	case CAP_STOP_CALLBACK:
		return "callback";
	case CAP_STOP_ERROR:
		return "error";
	}
	return "unknown";
}

const char *
cap_ring_name(const char *path, uint64_t i, char *buf, size_t len)
{
	snprintf(buf, len, "%s.%llu", path, (unsigned long long)i);
	return buf;
}

int
cap_live_open(const struct cap_live_opts *o, struct cap_live **out,
    struct err *e)
{
	char eb[PCAP_ERRBUF_SIZE];
	struct bpf_program prog;
	struct cap_live *c;
	const char *filter;
	int rc;

	*out = NULL;
	eb[0] = '\0';
	if ((c = erw_calloc(1, sizeof(*c))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	c->o = *o;
	if (c->o.snaplen == 0)
		c->o.snaplen = CAP_DEFAULT_SNAPLEN;
	filter = o->filter != NULL ? o->filter : CAP_DEFAULT_FILTER;
	if ((c->p = pcap_create(o->iface, eb)) == NULL) {
		ERR(e, ERR_RUNTIME, "cannot open '%s': %s", o->iface, eb);
		goto fail;
	}
	(void)pcap_set_snaplen(c->p, (int)c->o.snaplen);
	(void)pcap_set_promisc(c->p, o->promisc);
	(void)pcap_set_timeout(c->p, 100);
	(void)pcap_set_immediate_mode(c->p, 1);
	if (o->buffer_kb > 0)
		(void)pcap_set_buffer_size(c->p, o->buffer_kb * 1024);
	rc = pcap_activate(c->p);
	if (rc < 0) {
		const char *why = pcap_geterr(c->p);

		if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
			ERR(e, ERR_INPUT, "no such interface '%s'", o->iface);
		else if (rc == PCAP_ERROR_PERM_DENIED)
			ERR(e, ERR_PERM, "cannot capture on '%s': permission "
			    "denied (needs CAP_NET_RAW: run as root or "
			    "`setcap cap_net_raw,cap_net_admin+ep` on the "
			    "binary)", o->iface);
		else if (rc == PCAP_ERROR_IFACE_NOT_UP)
			ERR(e, ERR_INPUT, "interface '%s' is not up",
			    o->iface);
		else
			ERR(e, ERR_RUNTIME, "cannot capture on '%s': %s",
			    o->iface, why != NULL && *why ? why :
			    pcap_statustostr(rc));
		goto fail;
	}
	c->dlt = pcap_datalink(c->p);
	c->fd = pcap_get_selectable_fd(c->p);
	if (c->fd != -1 && pcap_setnonblock(c->p, 1, eb) == -1)
		c->fd = -1;
	if (pcap_compile(c->p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) == -1) {
		ERR(e, ERR_INPUT, "bad filter '%s': %s", filter,
		    pcap_geterr(c->p));
		goto fail;
	}
	rc = pcap_setfilter(c->p, &prog);
	pcap_freecode(&prog);
	if (rc == -1) {
		ERR(e, ERR_RUNTIME, "cannot install the filter: %s",
		    pcap_geterr(c->p));
		goto fail;
	}
	*out = c;
	return 0;
fail:
	if (c->p != NULL)
		pcap_close(c->p);
	free(c);
	return -1;
}

int
cap_live_dlt(const struct cap_live *c)
{
	return c->dlt;
}

int
cap_drop_privileges(const char *user, struct err *e)
{
	struct passwd *pw;
	gid_t gid;
	uid_t uid;
	int held;

	/* Not root: what the process may hold are the file capabilities of
	 * the installed binary (debian/postinst); the open handle needs
	 * none of them. */
	if (geteuid() != 0) {
		if ((held = priv_drop_caps(PRIV_NET_ALL, e)) == -1)
			return -1;
		return held == 1 ? 2 : 0;
	}
	errno = 0;
	if ((pw = getpwnam(user)) == NULL)
		return ERR(e, ERR_INPUT, "unknown user '%s'", user);
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	if (setgroups(1, &gid) == -1 || setgid(gid) == -1 ||
	    setuid(uid) == -1)
		return ERR(e, ERR_PERM, "cannot become user '%s': %s", user,
		    strerror(errno));
	/* A drop that can be undone is no drop. */
	if (uid != 0 && (setuid(0) != -1 || seteuid(0) != -1))
		return ERR(e, ERR_PERM, "could regain root after dropping "
		    "to '%s'", user);
	return 1;
}

static int
open_next(struct cap_live *c, struct err *e)
{
	char name[4096];
	const char *path = c->o.path;

	if (c->w != NULL) {
		if (cap_writer_close(c->w, e) == -1) {
			c->w = NULL;
			return -1;
		}
		c->w = NULL;
		c->fileno++;
	}
	if (c->o.ring > 0) {
		path = cap_ring_name(c->o.path, c->fileno, name, sizeof(name));
		/* Keep the ring most recent files. */
		if (c->fileno >= c->o.ring) {
			char old[4096];

			(void)unlink(cap_ring_name(c->o.path,
			    c->fileno - c->o.ring, old, sizeof(old)));
		}
	}
	if (cap_writer_open(path, c->o.fmt, c->dlt, c->o.snaplen,
	    c->o.iface, &c->w, e) == -1)
		return -1;
	c->st.files++;
	c->hdrlen = cap_writer_bytes(c->w);
	c->st.bytes += c->hdrlen;
	str_copy(c->st.last_file, path, sizeof(c->st.last_file));
	return 0;
}

int
cap_live_start(struct cap_live *c, struct err *e)
{
	if (c->o.path == NULL)
		return 0;
	return open_next(c, e);
}

static void
on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct cap_live *c = (struct cap_live *)(void *)user;
	struct cap_record rec;
	uint64_t need;
	bool rotate;

	if (c->failed || c->st.stop != CAP_STOP_NONE)
		return;
	if (c->o.max_packets > 0 && c->st.packets >= c->o.max_packets) {
		c->st.stop = CAP_STOP_MAX_PACKETS;
		pcap_breakloop(c->p);
		return;
	}
	if (c->w != NULL) {
		need = cap_writer_record_size(c->w, h->caplen);
		rotate = c->o.ring > 0 && cap_writer_packets(c->w) > 0 &&
		    cap_writer_bytes(c->w) + need > c->o.file_size;
		/* The next file's header counts against --max-bytes too. */
		if (c->o.max_bytes > 0 && c->st.bytes + need +
		    (rotate ? c->hdrlen : 0) > c->o.max_bytes) {
			c->st.stop = CAP_STOP_MAX_BYTES;
			pcap_breakloop(c->p);
			return;
		}
		if (rotate) {
			if (open_next(c, c->e) == -1) {
				c->failed = true;
				c->st.stop = CAP_STOP_ERROR;
				pcap_breakloop(c->p);
				return;
			}
		}
		if (cap_writer_write(c->w, (usec_t)h->ts.tv_sec * USEC_PER_SEC +
		    h->ts.tv_usec, h->caplen, h->len, bytes, c->e) == -1) {
			c->failed = true;
			c->st.stop = CAP_STOP_ERROR;
			pcap_breakloop(c->p);
			return;
		}
		c->st.bytes += need;
	}
	c->st.packets++;
	if (c->fn != NULL) {
		rec.frame = ++c->frame;
		rec.ts = (usec_t)h->ts.tv_sec * USEC_PER_SEC + h->ts.tv_usec;
		rec.caplen = h->caplen;
		rec.wirelen = h->len;
		rec.data = bytes;
		if (c->fn(c->ctx, &rec) != 0) {
			c->st.stop = CAP_STOP_CALLBACK;
			pcap_breakloop(c->p);
			return;
		}
	}
	if (c->o.max_packets > 0 && c->st.packets >= c->o.max_packets) {
		c->st.stop = CAP_STOP_MAX_PACKETS;
		pcap_breakloop(c->p);
	}
}

int
cap_live_run(struct cap_live *c, cap_live_fn fn, void *ctx,
    volatile sig_atomic_t *stop, struct err *e)
{
	usec_t end = c->o.duration > 0 ? time_mono_usec() + c->o.duration : 0;
	int rc;

	c->fn = fn;
	c->ctx = ctx;
	c->e = e;
	while (c->st.stop == CAP_STOP_NONE) {
		if (stop != NULL && *stop) {
			c->st.stop = CAP_STOP_SIGNAL;
			break;
		}
		if (end != 0 && time_mono_usec() >= end) {
			c->st.stop = CAP_STOP_DURATION;
			break;
		}
		/* Our own bounded wait: libpcap's timeout does not apply in
		 * immediate mode on Linux, and a quiet link must still see
		 * --duration and signals. */
		if (c->fd != -1) {
			struct pollfd pfd;

			pfd.fd = c->fd;
			pfd.events = POLLIN;
			pfd.revents = 0;
			if (poll(&pfd, 1, 100) <= 0)
				continue;
		}
		rc = pcap_dispatch(c->p, -1, on_packet, (u_char *)c);
		if (rc == PCAP_ERROR_BREAK)
			continue;	/* the loop head says why */
		if (rc == PCAP_ERROR) {
			c->st.stop = CAP_STOP_ERROR;
			return ERR(e, ERR_RUNTIME, "capture on '%s' failed: %s",
			    c->o.iface, pcap_geterr(c->p));
		}
	}
	if (c->failed)
		return -1;
	return 0;
}

void
cap_live_break(struct cap_live *c)
{
	if (c != NULL && c->p != NULL)
		pcap_breakloop(c->p);
}

int
cap_live_finish(struct cap_live *c, struct cap_live_stats *st,
    struct err *e)
{
	struct pcap_stat ps;
	int rc = 0;

	if (c == NULL)
		return 0;
	if (pcap_stats(c->p, &ps) == 0) {
		c->st.ps_recv = ps.ps_recv;
		c->st.ps_drop = ps.ps_drop;
		c->st.ps_ifdrop = ps.ps_ifdrop;
		c->st.stats_valid = true;
	}
	if (c->w != NULL && cap_writer_close(c->w, e) == -1)
		rc = -1;
	c->w = NULL;
	pcap_close(c->p);
	if (st != NULL)
		*st = c->st;
	free(c);
	return rc;
}
