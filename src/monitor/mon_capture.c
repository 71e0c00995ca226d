/*
 * mon_capture: the rolling capture and the evidence folders it saves
 * (mon_capture.h).  One libpcap handle per configured interface, each
 * non-blocking with its selectable fd on the monitor's epoll loop: a
 * capture of BGP and ICMP toward a few peers is a few packets a second,
 * far too little to justify a second thread and the locking the store
 * would then need.  The bytes are never parsed here, only kept and
 * written back out: recognising them is diagnose's job, in a process
 * that holds no capability.
 *
 * The ring is a circular array of individually allocated packets whose
 * total (payload plus a fixed per-packet overhead) stays within
 * ringBytes: an arriving packet first evicts the oldest until it fits.
 * The history of the folder comes from the scheduler's hooks (results
 * and state changes of the endpoints in scope, in a bounded ring of their
 * own) and is written through mon_store_open(), so the folder's
 * monitor.db has exactly the schema of docs/monitor.md whatever backend
 * the running monitor uses.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <pcap/pcap.h>

#include "mon_capture.h"
#include "mon_config.h"

#define PKT_OVERHEAD	32	/* bytes a packet costs the ring beyond its
				   data: its header, allocator's share */
#define DISPATCH_ROUNDS	16	/* pcap_dispatch calls per wakeup, so a
				   flood cannot starve the probes' timers */
#define MAX_TRIGGERS	16	/* endpoints named in one folder */
#define FOLDER_PREFIX	"monitor-"

struct pkt {
	usec_t		 ts;		/* wall clock, from the kernel */
	uint32_t	 caplen, wirelen;
	unsigned	 iface;
	uint8_t		 data[];
};

struct cif {
	struct mon_capture	*mc;
	char			 name[32];
	pcap_t			*p;
	int			 fd;
	int			 dlt;
	pcap_dumper_t		*dump;	/* while saving */
	char			 file[1024];
};

/* The endpoints in scope, by store id (open addressing). */
struct epslot {
	int64_t			 id;	/* 0: empty */
	struct mon_endpoint	 ep;
	int64_t			 copy_id;	/* in the folder's store */
};

enum hist_kind { HIST_RESULT, HIST_CHANGE };

struct hist {
	enum hist_kind		 kind;
	int64_t			 endpoint_id;
	struct mon_result	 r;		/* HIST_RESULT */
	usec_t			 ts;		/* HIST_CHANGE */
	enum mon_health		 from, to;
	int			 checks, failed;
	int64_t			 rtt_avg_us;
	char			 reason[MON_DETAIL_MAX];
};

struct save {
	bool		 active;
	char		 dir[768];
	char		 stem[256];	/* monitor-<endpoint>-<UTC> */
	usec_t		 from;		/* wall clock: trigger - before */
	usec_t		 first_trigger;
	usec_t		 until;		/* wall clock: last trigger + after */
	uint64_t	 timer;
	uint64_t	 packets, bytes, budget;
	bool		 truncated;
	char		 triggers[MAX_TRIGGERS][MON_NAME_MAX];
	size_t		 ntriggers;
	uint64_t	 more_triggers;	/* beyond MAX_TRIGGERS */
	char		 reasons[512];
};

struct mon_capture {
	struct mon_loop		*l;
	struct mon_store	*store;
	struct mon_cap_cfg	 c;
	struct cif		 ifs[MON_CAP_MAX_IFACES];
	size_t			 nifs;
	char			 filter[8192];
	/* ring */
	struct pkt		**ring;
	size_t			 rcap, rhead, rn;
	uint64_t		 rbytes;
	struct mon_cap_stats	 st;
	/* scope and history */
	struct epslot		*eps;
	size_t			 epcap, nep;
	struct hist		*hist;
	size_t			 hhead, hn;
	struct save		 sv;
	struct err		 err;	/* first store error */
};

static void
cap_event(struct mon_capture *mc, const char *kind, const char *detail)
{
	struct err e = { 0 };

	if (mon_store_event(mc->store, time_now_usec(), kind, detail, &e) ==
	    -1 && !err_isset(&mc->err))
		mc->err = e;
}

/* ------------------------------------------------------------------ */
/* The filter, from the endpoints' addresses                           */
/* ------------------------------------------------------------------ */

/* The numeric form of host: as written when it is an address, else its
 * first resolved one (as mon_sched resolves it, once at start). */
static int
numeric(const char *host, char *out, size_t len, bool *v6)
{
	struct addrinfo hints, *ai = NULL;
	uint8_t buf[16];
	int rc = -1;

	if (inet_pton(AF_INET, host, buf) == 1) {
		*v6 = false;
		return inet_ntop(AF_INET, buf, out, (socklen_t)len) ? 0 : -1;
	}
	if (inet_pton(AF_INET6, host, buf) == 1) {
		*v6 = true;
		return inet_ntop(AF_INET6, buf, out, (socklen_t)len) ? 0 : -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &ai) != 0 || ai == NULL)
		return -1;
	if (ai->ai_family == AF_INET) {
		*v6 = false;
		rc = inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)
		    ai->ai_addr)->sin_addr, out, (socklen_t)len) ? 0 : -1;
	} else if (ai->ai_family == AF_INET6) {
		*v6 = true;
		rc = inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)
		    ai->ai_addr)->sin6_addr, out, (socklen_t)len) ? 0 : -1;
	}
	freeaddrinfo(ai);
	return rc;
}

struct peer {
	char		 addr[INET6_ADDRSTRLEN];
	bool		 v6;
	uint16_t	 ports[8];	/* beside 179 */
	size_t		 nports;
};

static void
add_peer(struct peer *pv, size_t *np, const char *addr, bool v6,
    uint16_t port)
{
	struct peer *p = NULL;
	size_t i;

	for (i = 0; i < *np; i++)
		if (strcmp(pv[i].addr, addr) == 0)
			p = &pv[i];
	if (p == NULL) {
		if (*np >= MON_CAP_MAX_PEERS)
			return;
		p = &pv[(*np)++];
		memset(p, 0, sizeof(*p));
		str_copy(p->addr, addr, sizeof(p->addr));
		p->v6 = v6;
	}
	if (port == 0 || port == 179)
		return;
	for (i = 0; i < p->nports; i++)
		if (p->ports[i] == port)
			return;
	if (p->nports < sizeof(p->ports) / sizeof(p->ports[0]))
		p->ports[p->nports++] = port;
}

/*
 * "(host A and (tcp port 179 or tcp port P or icmp)) or ...", repeated
 * inside "vlan and (...)" for a tagged link.  Only inet_ntop()'s output
 * and integers reach the text.
 */
static int
build_filter(struct mon_capture *mc, const struct mon_config *cfg,
    struct err *e)
{
	struct peer *pv;
	struct sb one, all;
	size_t g, k, i, j, np = 0;
	char addr[INET6_ADDRSTRLEN];
	bool v6;
	int rc = 0;

	if ((pv = erw_calloc(MON_CAP_MAX_PEERS, sizeof(*pv))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	for (g = 0; g < cfg->ngroups; g++)
		for (k = 0; k < cfg->groups[g].neps; k++) {
			const struct mon_cfg_endpoint *ce =
			    &cfg->groups[g].eps[k];
			const char *h = ce->ep.kind == MON_KIND_ROUTER_STATE ?
			    ce->neighbor : ce->ep.address;

			if (!mon_cap_in_scope(&mc->c, ce->ep.group,
			    ce->ep.name) || h[0] == '\0' ||
			    numeric(h, addr, sizeof(addr), &v6) == -1)
				continue;
			add_peer(pv, &np, addr, v6,
			    ce->ep.kind == MON_KIND_TCP ? ce->ep.port : 0);
		}
	sb_init(&one);
	sb_init(&all);
	if (np == 0)
		sb_add(&one, "tcp port 179 or icmp or icmp6");
	for (i = 0; i < np; i++) {
		sb_addf(&one, "%s(host %s and (tcp port 179", i ? " or " : "",
		    pv[i].addr);
		for (j = 0; j < pv[i].nports; j++)
			sb_addf(&one, " or tcp port %u", pv[i].ports[j]);
		sb_addf(&one, " or %s))", pv[i].v6 ? "icmp6" : "icmp");
	}
	sb_addf(&all, "%s or (vlan and (%s))", sb_str(&one), sb_str(&one));
	if (one.failed || all.failed)
		rc = ERR(e, ERR_NOMEM, "out of memory");
	else if (all.len >= sizeof(mc->filter))
		rc = ERR(e, ERR_LIMIT, "capture filter of %zu peers is too "
		    "long", np);
	else
		str_copy(mc->filter, sb_str(&all), sizeof(mc->filter));
	sb_release(&one);
	sb_release(&all);
	free(pv);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The ring                                                            */
/* ------------------------------------------------------------------ */

static uint64_t
pkt_cost(const struct pkt *p)
{
	return PKT_OVERHEAD + p->caplen;
}

static void
ring_pop(struct mon_capture *mc)
{
	struct pkt *p = mc->ring[mc->rhead];

	mc->rbytes -= pkt_cost(p);
	free(p);
	mc->ring[mc->rhead] = NULL;
	mc->rhead = (mc->rhead + 1) % mc->rcap;
	mc->rn--;
}

static struct pkt *
ring_at(const struct mon_capture *mc, size_t i)
{
	return mc->ring[(mc->rhead + i) % mc->rcap];
}

/* Keep p (taken), evicting the oldest to make room. */
static void
ring_push(struct mon_capture *mc, struct pkt *p)
{
	struct pkt **nv;
	size_t i;

	if (pkt_cost(p) > mc->c.ring_bytes) {
		mc->st.too_big++;
		free(p);
		return;
	}
	while (mc->rn > 0 && mc->rbytes + pkt_cost(p) > mc->c.ring_bytes) {
		ring_pop(mc);
		mc->st.dropped++;
	}
	while (mc->rn > 0 && mc->c.ring_usec > 0 &&
	    ring_at(mc, 0)->ts < p->ts - mc->c.ring_usec)
		ring_pop(mc);	/* aged out: not a drop */
	if (mc->rn == mc->rcap) {
		size_t ncap = mc->rcap ? mc->rcap * 2 : 256;

		if ((nv = erw_calloc(ncap, sizeof(*nv))) == NULL) {
			/* no room for the index: the oldest goes instead */
			ring_pop(mc);
			mc->st.dropped++;
		} else {
			for (i = 0; i < mc->rn; i++)
				nv[i] = ring_at(mc, i);
			free(mc->ring);
			mc->ring = nv;
			mc->rcap = ncap;
			mc->rhead = 0;
		}
	}
	mc->ring[(mc->rhead + mc->rn) % mc->rcap] = p;
	mc->rn++;
	mc->rbytes += pkt_cost(p);
	mc->st.packets++;
}

/* ------------------------------------------------------------------ */
/* Saving                                                              */
/* ------------------------------------------------------------------ */

static void
save_packet(struct mon_capture *mc, const struct pkt *p)
{
	struct cif *cf = &mc->ifs[p->iface];
	struct pcap_pkthdr h;
	uint64_t need = 16 + (uint64_t)p->caplen;

	if (cf->dump == NULL || p->ts < mc->sv.from || mc->sv.truncated)
		return;
	if (mc->sv.bytes + need > mc->sv.budget) {
		mc->sv.truncated = true;	/* the disk budget */
		return;
	}
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)(p->ts / USEC_PER_SEC);
	h.ts.tv_usec = (suseconds_t)(p->ts % USEC_PER_SEC);
	h.caplen = p->caplen;
	h.len = p->wirelen;
	pcap_dump((u_char *)cf->dump, &h, p->data);
	mc->sv.bytes += need;
	mc->sv.packets++;
}

static void
on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct cif *cf = (struct cif *)(void *)user;
	struct mon_capture *mc = cf->mc;
	struct pkt *p;
	uint32_t caplen = h->caplen;

	if (caplen > mc->c.snaplen)
		caplen = mc->c.snaplen;
	if ((p = erw_malloc(sizeof(*p) + caplen)) == NULL) {
		mc->st.dropped++;
		return;
	}
	p->ts = (usec_t)h->ts.tv_sec * USEC_PER_SEC + h->ts.tv_usec;
	p->caplen = caplen;
	p->wirelen = h->len;
	p->iface = (unsigned)(cf - mc->ifs);
	memcpy(p->data, bytes, caplen);
	if (mc->sv.active)
		save_packet(mc, p);
	ring_push(mc, p);
}

static void
on_readable(struct mon_loop *l, int fd, uint32_t events, void *arg)
{
	struct cif *cf = arg;
	int i, n;

	(void)l;
	(void)fd;
	(void)events;
	for (i = 0; i < DISPATCH_ROUNDS; i++) {
		n = pcap_dispatch(cf->p, -1, on_packet, (u_char *)cf);
		if (n <= 0)
			break;	/* 0: nothing more now; -1: kept as is */
	}
}

/* Characters of a name safe in a file name; others become '_'. */
static void
safe_name(const char *in, char *out, size_t len)
{
	size_t i;

	for (i = 0; in[i] != '\0' && i + 1 < len; i++)
		out[i] = ((in[i] >= 'a' && in[i] <= 'z') ||
		    (in[i] >= 'A' && in[i] <= 'Z') ||
		    (in[i] >= '0' && in[i] <= '9') || in[i] == '.' ||
		    in[i] == '-') ? in[i] : '_';
	out[i] = '\0';
}

/* Whole seconds in UTC, compact for a folder's name or ISO 8601 for the
 * event's text; util's time_iso() gives microseconds, more than either
 * needs. */
static void
utc_format(usec_t t, bool compact, char *out, size_t len)
{
	time_t s = (time_t)(t / USEC_PER_SEC);
	struct tm tm;

	gmtime_r(&s, &tm);
	strftime(out, len, compact ? "%Y%m%dT%H%M%SZ" : "%Y-%m-%dT%H:%M:%SZ",
	    &tm);
}

/* Bytes of the regular files under dir, two levels deep (our layout). */
static uint64_t
tree_bytes(const char *dir, int depth)
{
	char path[1536];
	struct dirent *d;
	struct stat st;
	uint64_t n = 0;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		return 0;
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (lstat(path, &st) == -1)
			continue;
		if (S_ISREG(st.st_mode))
			n += (uint64_t)st.st_size;
		else if (S_ISDIR(st.st_mode) && depth < 2)
			n += tree_bytes(path, depth + 1);
	}
	closedir(dp);
	return n;
}

/* Remove a saved folder: only our own layout, nothing it does not know. */
static int
tree_remove(const char *dir, int depth)
{
	char path[1536];
	struct dirent *d;
	struct stat st;
	DIR *dp;

	if ((dp = opendir(dir)) == NULL)
		return -1;
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (lstat(path, &st) == -1)
			continue;
		if (S_ISDIR(st.st_mode) && depth < 2)
			(void)tree_remove(path, depth + 1);
		else
			(void)unlink(path);
	}
	closedir(dp);
	return rmdir(dir);
}

/* The saved folders: count, bytes, and the oldest (by mtime). */
static void
scan_saved(const struct mon_capture *mc, unsigned *count, uint64_t *bytes,
    char *oldest, size_t olen)
{
	char path[1536];
	struct dirent *d;
	struct stat st;
	time_t otime = 0;
	DIR *dp;

	*count = 0;
	*bytes = 0;
	oldest[0] = '\0';
	if ((dp = opendir(mc->c.dir)) == NULL)
		return;
	while ((d = readdir(dp)) != NULL) {
		if (strncmp(d->d_name, FOLDER_PREFIX, strlen(FOLDER_PREFIX)) !=
		    0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", mc->c.dir, d->d_name);
		if (lstat(path, &st) == -1 || !S_ISDIR(st.st_mode))
			continue;
		/* the folder being written is not a saved one */
		if (mc->sv.active && strcmp(path, mc->sv.dir) == 0)
			continue;
		(*count)++;
		*bytes += tree_bytes(path, 1);
		if (oldest[0] == '\0' || st.st_mtime < otime) {
			otime = st.st_mtime;
			str_copy(oldest, path, olen);
		}
	}
	closedir(dp);
}

/* Room for one more folder under the budget?  Applies whenFull. */
static bool
make_room(struct mon_capture *mc, const char *ep, uint64_t *left)
{
	char oldest[1536], buf[1800];
	unsigned count;
	uint64_t bytes;

	for (;;) {
		scan_saved(mc, &count, &bytes, oldest, sizeof(oldest));
		if (count < mc->c.max_captures && bytes < mc->c.max_disk) {
			*left = mc->c.max_disk - bytes;
			return true;
		}
		if (mc->c.when_full == MON_CAP_FULL_REFUSE ||
		    oldest[0] == '\0') {
			snprintf(buf, sizeof(buf), "no capture for '%s': %u "
			    "saved folder(s), %llu bytes in '%s' (maxCaptures "
			    "%u, maxDiskMB %llu; whenFull refuse: delete "
			    "folders to make room)", ep, count,
			    (unsigned long long)bytes, mc->c.dir,
			    mc->c.max_captures,
			    (unsigned long long)(mc->c.max_disk >> 20));
			cap_event(mc, "capture_refused", buf);
			mc->st.refused++;
			return false;
		}
		if (tree_remove(oldest, 1) == -1) {
			snprintf(buf, sizeof(buf), "no capture for '%s': cannot "
			    "delete '%s': %s", ep, oldest, strerror(errno));
			cap_event(mc, "capture_refused", buf);
			mc->st.refused++;
			return false;
		}
		snprintf(buf, sizeof(buf), "deleted '%s' (whenFull "
		    "deleteOldest)", oldest);
		cap_event(mc, "capture_deleted", buf);
	}
}

static void save_finish(struct mon_loop *, void *);

static void
note_trigger(struct mon_capture *mc, const struct mon_endpoint *ep)
{
	struct save *sv = &mc->sv;
	size_t i;

	for (i = 0; i < sv->ntriggers; i++)
		if (strcmp(sv->triggers[i], ep->name) == 0)
			return;
	if (sv->ntriggers < MAX_TRIGGERS)
		str_copy(sv->triggers[sv->ntriggers++], ep->name,
		    sizeof(sv->triggers[0]));
	else
		sv->more_triggers++;
}

static int
mkdir_one(const char *path, char *buf, size_t len)
{
	if (mkdir(path, 0750) == -1 && errno != EEXIST) {
		snprintf(buf, len, "cannot create '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

static void
save_start(struct mon_capture *mc, const struct mon_endpoint *ep)
{
	struct save *sv = &mc->sv;
	usec_t now = time_now_usec();
	char sname[96], stamp[32], sub[1024], buf[1400], ifname[32];
	struct err e = { 0 };
	uint64_t left;
	size_t i, n;
	int tries;

	if (sv->active) {
		/* overlapping triggers: one capture, extended */
		note_trigger(mc, ep);
		if (now + mc->c.after > sv->until) {
			sv->until = now + mc->c.after;
			mon_loop_cancel_timer(mc->l, sv->timer);
			sv->timer = mon_loop_add_timer(mc->l, time_mono_usec() +
			    mc->c.after, save_finish, mc, &e);
		}
		return;
	}
	if (!make_room(mc, ep->name, &left))
		return;
	memset(sv, 0, sizeof(*sv));
	safe_name(ep->name, sname, sizeof(sname));
	utc_format(now, true, stamp, sizeof(stamp));
	for (tries = 1; tries < 100; tries++) {
		if (tries == 1)
			snprintf(sv->stem, sizeof(sv->stem), FOLDER_PREFIX
			    "%s-%s", sname, stamp);
		else
			snprintf(sv->stem, sizeof(sv->stem), FOLDER_PREFIX
			    "%s-%s-%d", sname, stamp, tries);
		snprintf(sv->dir, sizeof(sv->dir), "%s/%s", mc->c.dir,
		    sv->stem);
		if (mkdir(sv->dir, 0750) == 0)
			break;
		if (errno != EEXIST) {
			snprintf(buf, sizeof(buf), "no capture for '%s': "
			    "cannot create '%s': %s", ep->name, sv->dir,
			    strerror(errno));
			cap_event(mc, "capture_error", buf);
			return;
		}
	}
	snprintf(sub, sizeof(sub), "%s/capture", sv->dir);
	if (mkdir_one(sub, buf, sizeof(buf)) == -1)
		goto fail;
	for (i = 0; i < mc->nifs; i++) {
		struct cif *cf = &mc->ifs[i];

		if (cf->p == NULL)
			continue;
		str_copy(ifname, cf->name, sizeof(ifname));
		if ((mc->nifs == 1 ? snprintf(cf->file, sizeof(cf->file),
		    "%s/%s.pcap", sub, sv->stem) : snprintf(cf->file,
		    sizeof(cf->file), "%s/%s-%s.pcap", sub, sv->stem,
		    ifname)) >= (int)sizeof(cf->file)) {
			snprintf(buf, sizeof(buf), "a file name under '%s' is "
			    "too long", sub);
			goto fail;
		}
		if ((cf->dump = pcap_dump_open(cf->p, cf->file)) == NULL) {
			snprintf(buf, sizeof(buf), "cannot create '%s': %s",
			    cf->file, pcap_geterr(cf->p));
			goto fail;
		}
	}
	sv->active = true;
	sv->first_trigger = now;
	sv->from = now - mc->c.before;
	sv->until = now + mc->c.after;
	sv->budget = left;
	note_trigger(mc, ep);
	/* the seconds before: what the ring still holds of them */
	for (i = 0, n = mc->rn; i < n; i++)
		save_packet(mc, ring_at(mc, i));
	sv->timer = mon_loop_add_timer(mc->l, time_mono_usec() + mc->c.after,
	    save_finish, mc, &e);
	if (sv->timer == 0)
		save_finish(mc->l, mc);	/* keep what there is */
	return;
fail:
	for (i = 0; i < mc->nifs; i++)
		if (mc->ifs[i].dump != NULL) {
			pcap_dump_close(mc->ifs[i].dump);
			mc->ifs[i].dump = NULL;
		}
	cap_event(mc, "capture_error", buf);
	(void)tree_remove(sv->dir, 1);
	memset(sv, 0, sizeof(*sv));
}

/* ---- the folder's monitor/ and context.json ---- */

static struct epslot *
ep_find(const struct mon_capture *mc, int64_t id)
{
	size_t i;

	if (mc->epcap == 0 || id <= 0)
		return NULL;
	for (i = (size_t)id & (mc->epcap - 1);; i = (i + 1) & (mc->epcap - 1)) {
		if (mc->eps[i].id == id)
			return &mc->eps[i];
		if (mc->eps[i].id == 0)
			return NULL;
	}
}

static int
copy_endpoint(struct mon_store *st, struct epslot *s, struct err *e)
{
	struct mon_endpoint ep;

	if (s->copy_id != 0)
		return 0;
	ep = s->ep;
	ep.id = 0;
	if (mon_store_endpoint(st, &ep, e) == -1)
		return -1;
	s->copy_id = ep.id;
	return 0;
}

static int
write_history(struct mon_capture *mc, const char *path, const char *what,
    struct err *e)
{
	struct mon_store *st = NULL;
	struct save *sv = &mc->sv;
	size_t i;
	int rc = -1;

	for (i = 0; i < mc->epcap; i++)
		mc->eps[i].copy_id = 0;
	if (mon_store_open(path, &st, e) == -1)
		return -1;
	if (mon_store_begin(st, e) == -1)
		goto out;
	for (i = 0; i < mc->hn; i++) {
		struct hist *h = &mc->hist[(mc->hhead + i) % MON_CAP_HIST_MAX];
		struct epslot *s = ep_find(mc, h->endpoint_id);
		usec_t ts = h->kind == HIST_RESULT ? h->r.ts : h->ts;

		if (s == NULL || ts < sv->from || ts > sv->until)
			continue;
		if (copy_endpoint(st, s, e) == -1)
			goto rollback;
		if (h->kind == HIST_RESULT) {
			struct mon_result r = h->r;

			r.endpoint_id = s->copy_id;
			if (mon_store_result(st, &r, e) == -1)
				goto rollback;
		} else {
			struct mon_state_change sc;
			struct mon_endpoint ep = s->ep;

			ep.id = s->copy_id;
			memset(&sc, 0, sizeof(sc));
			sc.ep = &ep;
			sc.ts = h->ts;
			sc.from = h->from;
			sc.to = h->to;
			sc.checks = h->checks;
			sc.failed = h->failed;
			sc.rtt_avg_us = h->rtt_avg_us;
			str_copy(sc.reason, h->reason, sizeof(sc.reason));
			if (mon_store_state_change(st, &sc, e) == -1)
				goto rollback;
		}
	}
	if (mon_store_event(st, sv->first_trigger, "capture", what, e) == -1 ||
	    mon_store_commit(st, e) == -1)
		goto rollback;
	rc = 0;
	goto out;
rollback:
	mon_store_rollback(st);
out:
	mon_store_close(st);
	return rc;
}

static int
write_context(struct mon_capture *mc, const char *what, struct err *e)
{
	char path[1024];
	json_t *o;
	int rc;

	snprintf(path, sizeof(path), "%s/context.json", mc->sv.dir);
	/* keys diagnose's context.json knows (docs/diagnose.md) */
	o = json_pack("{s:s, s:s}", "interface", mc->ifs[0].name,
	    "comment", what);
	if (o == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	rc = json_dump_file(o, path, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(o);
	if (rc == -1)
		return ERR(e, ERR_IO, "cannot write '%s'", path);
	return 0;
}

static void
save_finish(struct mon_loop *l, void *arg)
{
	struct mon_capture *mc = arg;
	struct save *sv = &mc->sv;
	char a[32], b[32], sub[1024], why[400];
	struct err e = { 0 };
	struct sb what;
	size_t i;
	bool bad = false;

	(void)l;
	if (!sv->active)
		return;
	mon_loop_cancel_timer(mc->l, sv->timer);
	sv->timer = 0;
	why[0] = '\0';
	for (i = 0; i < mc->nifs; i++) {
		struct cif *cf = &mc->ifs[i];

		if (cf->dump == NULL)
			continue;
		if (pcap_dump_flush(cf->dump) == -1 && !bad) {
			bad = true;
			snprintf(why, sizeof(why), "cannot write a capture "
			    "file: %s", strerror(errno));
		}
		pcap_dump_close(cf->dump);
		cf->dump = NULL;
	}
	utc_format(sv->from, false, a, sizeof(a));
	utc_format(time_now_usec(), false, b, sizeof(b));
	sb_init(&what);
	sb_addf(&what, "%s: %llu packets %s..%s on %s%s; triggered by ",
	    sv->dir, (unsigned long long)sv->packets, a, b, mc->ifs[0].name,
	    mc->nifs > 1 ? " and others" : "");
	for (i = 0; i < sv->ntriggers; i++)
		sb_addf(&what, "%s%s", i ? ", " : "", sv->triggers[i]);
	sb_addf(&what, "%s turning failing%s; the ring dropped %llu "
	    "packets to stay within %llu bytes",
	    sv->more_triggers ? " and more" : "",
	    sv->truncated ? "; cut at the disk budget" : "",
	    (unsigned long long)mc->st.dropped,
	    (unsigned long long)mc->c.ring_bytes);
	if (what.failed) {
		bad = true;
		snprintf(why, sizeof(why), "out of memory");
	}
	if (!bad && (snprintf(sub, sizeof(sub), "%s/monitor", sv->dir) >=
	    (int)sizeof(sub) || mkdir_one(sub, why, sizeof(why)) == -1))
		bad = true;
	if (!bad) {
		snprintf(sub, sizeof(sub), "%s/monitor/monitor.db", sv->dir);
		if (write_history(mc, sub, sb_str(&what), &e) == -1 ||
		    write_context(mc, sb_str(&what), &e) == -1) {
			bad = true;
			err_str(&e, why, sizeof(why));
		}
	}
	if (bad) {
		char msg[1400];

		snprintf(msg, sizeof(msg), "%.768s (incomplete: %.400s)",
		    sv->dir, why);
		cap_event(mc, "capture_error", msg);
	} else {
		cap_event(mc, "capture", sb_str(&what));
		mc->st.saved++;
	}
	sb_release(&what);
	memset(sv, 0, sizeof(*sv));
}

/* ------------------------------------------------------------------ */
/* Hooks                                                               */
/* ------------------------------------------------------------------ */

static int
ep_grow(struct mon_capture *mc)
{
	struct epslot *old = mc->eps, *nv;
	size_t oc = mc->epcap, nc = oc ? oc * 2 : 64, i, j;

	if ((nv = erw_calloc(nc, sizeof(*nv))) == NULL)
		return -1;
	for (i = 0; i < oc; i++) {
		if (old[i].id == 0)
			continue;
		for (j = (size_t)old[i].id & (nc - 1); nv[j].id != 0;
		    j = (j + 1) & (nc - 1))
			;
		nv[j] = old[i];
	}
	free(old);
	mc->eps = nv;
	mc->epcap = nc;
	return 0;
}

void
mon_capture_on_endpoint(struct mon_capture *mc,
    const struct mon_endpoint *ep)
{
	struct epslot *s;
	size_t i;

	if (mc == NULL || ep->id <= 0 ||
	    !mon_cap_in_scope(&mc->c, ep->group, ep->name))
		return;
	if ((s = ep_find(mc, ep->id)) != NULL) {
		s->ep = *ep;	/* a reload: the same identity */
		return;
	}
	if ((mc->nep + 1) * 2 > mc->epcap && ep_grow(mc) == -1)
		return;	/* out of memory: its history is not kept */
	for (i = (size_t)ep->id & (mc->epcap - 1); mc->eps[i].id != 0;
	    i = (i + 1) & (mc->epcap - 1))
		;
	mc->eps[i].id = ep->id;
	mc->eps[i].ep = *ep;
	mc->nep++;
}

static struct hist *
hist_next(struct mon_capture *mc)
{
	struct hist *h;

	if (mc->hn == MON_CAP_HIST_MAX) {
		mc->hhead = (mc->hhead + 1) % MON_CAP_HIST_MAX;
		mc->hn--;
	}
	h = &mc->hist[(mc->hhead + mc->hn) % MON_CAP_HIST_MAX];
	mc->hn++;
	memset(h, 0, sizeof(*h));
	return h;
}

void
mon_capture_on_result(struct mon_capture *mc, const struct mon_endpoint *ep,
    const struct mon_result *r)
{
	struct hist *h;

	if (mc == NULL || ep_find(mc, ep->id) == NULL)
		return;
	h = hist_next(mc);
	h->kind = HIST_RESULT;
	h->endpoint_id = ep->id;
	h->r = *r;
}

void
mon_capture_on_change(struct mon_capture *mc,
    const struct mon_state_change *sc)
{
	struct hist *h;

	if (mc == NULL || ep_find(mc, sc->ep->id) == NULL)
		return;
	h = hist_next(mc);
	h->kind = HIST_CHANGE;
	h->endpoint_id = sc->ep->id;
	h->ts = sc->ts;
	h->from = sc->from;
	h->to = sc->to;
	h->checks = sc->checks;
	h->failed = sc->failed;
	h->rtt_avg_us = sc->rtt_avg_us;
	str_copy(h->reason, sc->reason, sizeof(h->reason));
}

void
mon_capture_on_health(struct mon_capture *mc, const struct mon_endpoint *ep,
    enum mon_health health)
{
	if (mc == NULL || health != MON_HEALTH_FAILING || mc->nifs == 0 ||
	    !mon_capture_on(mc) || ep_find(mc, ep->id) == NULL)
		return;
	save_start(mc, ep);
}

/* ------------------------------------------------------------------ */
/* Life                                                                */
/* ------------------------------------------------------------------ */

/* Open one interface; returns 0, or -1 with why filled. */
static int
open_iface(struct mon_capture *mc, struct cif *cf, char *why, size_t len)
{
	char eb[PCAP_ERRBUF_SIZE];
	struct bpf_program prog;
	int rc;

	eb[0] = '\0';
	if ((cf->p = pcap_create(cf->name, eb)) == NULL) {
		snprintf(why, len, "cannot open '%s': %s", cf->name, eb);
		return -1;
	}
	(void)pcap_set_snaplen(cf->p, (int)mc->c.snaplen);
	(void)pcap_set_promisc(cf->p, 0);
	(void)pcap_set_immediate_mode(cf->p, 1);
	rc = pcap_activate(cf->p);
	if (rc < 0) {
		if (rc == PCAP_ERROR_PERM_DENIED)
			snprintf(why, len, "cannot capture on '%s': permission "
			    "denied (needs CAP_NET_RAW: see docs/monitor.md, "
			    "\"Capture on trigger\")", cf->name);
		else if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
			snprintf(why, len, "cannot capture on '%s': no such "
			    "interface", cf->name);
		else
			snprintf(why, len, "cannot capture on '%s': %s",
			    cf->name, pcap_geterr(cf->p));
		goto fail;
	}
	if (pcap_setnonblock(cf->p, 1, eb) == -1 ||
	    (cf->fd = pcap_get_selectable_fd(cf->p)) == -1) {
		snprintf(why, len, "cannot capture on '%s': no selectable "
		    "descriptor", cf->name);
		goto fail;
	}
	cf->dlt = pcap_datalink(cf->p);
	if (pcap_compile(cf->p, &prog, mc->filter, 1,
	    PCAP_NETMASK_UNKNOWN) == -1) {
		snprintf(why, len, "cannot capture on '%s': filter: %s",
		    cf->name, pcap_geterr(cf->p));
		goto fail;
	}
	rc = pcap_setfilter(cf->p, &prog);
	pcap_freecode(&prog);
	if (rc == -1) {
		snprintf(why, len, "cannot capture on '%s': filter: %s",
		    cf->name, pcap_geterr(cf->p));
		goto fail;
	}
	return 0;
fail:
	pcap_close(cf->p);
	cf->p = NULL;
	cf->fd = -1;
	return -1;
}

int
mon_capture_new(struct mon_loop *l, struct mon_store *store,
    const struct mon_config *cfg, struct mon_capture **out, char *why_off,
    size_t why_len, struct err *e)
{
	struct mon_capture *mc;
	char why[512], buf[1024];
	size_t i, on = 0;

	*out = NULL;
	why_off[0] = '\0';
	if (cfg->capture == NULL)
		return 0;
	if ((mc = erw_calloc(1, sizeof(*mc))) == NULL ||
	    (mc->hist = erw_calloc(MON_CAP_HIST_MAX, sizeof(*mc->hist))) ==
	    NULL) {
		free(mc);
		return ERR(e, ERR_NOMEM, "out of memory");
	}
	mc->l = l;
	mc->store = store;
	mc->c = *cfg->capture;
	if (build_filter(mc, cfg, e) == -1) {
		mon_capture_free(mc);
		return -1;
	}
	if (mkdir(mc->c.dir, 0750) == -1 && errno != EEXIST) {
		snprintf(why_off, why_len, "cannot create '%s': %s",
		    mc->c.dir, strerror(errno));
		goto off;
	}
	for (i = 0; i < mc->c.nifaces; i++) {
		struct cif *cf = &mc->ifs[mc->nifs++];

		cf->mc = mc;
		cf->fd = -1;
		str_copy(cf->name, mc->c.ifaces[i], sizeof(cf->name));
		if (open_iface(mc, cf, why, sizeof(why)) == -1) {
			snprintf(why_off, why_len, "%s", why);
			continue;
		}
		if (mon_loop_add_fd(l, cf->fd, EPOLLIN, on_readable, cf,
		    e) == -1) {
			mon_capture_free(mc);
			return -1;
		}
		on++;
	}
	/* open, then drop: the handles need no capability any more, and
	 * nothing else the monitor does needs CAP_NET_RAW */
	if (priv_drop_caps(PRIV_NET_RAW, e) == -1) {
		mon_capture_free(mc);
		return -1;
	}
	if (on == 0)
		goto off;
	snprintf(buf, sizeof(buf), "capturing on %zu of %zu interface(s) "
	    "into a ring of %llu bytes, saving %lld s before and %lld s "
	    "after a failure into '%s'%s%s", on, mc->c.nifaces,
	    (unsigned long long)mc->c.ring_bytes,
	    (long long)(mc->c.before / USEC_PER_SEC),
	    (long long)(mc->c.after / USEC_PER_SEC), mc->c.dir,
	    why_off[0] ? "; " : "", why_off);
	cap_event(mc, "capture_on", buf);
	if (err_isset(&mc->err)) {
		*e = mc->err;
		mon_capture_free(mc);
		return -1;
	}
	*out = mc;
	return 0;
off:
	for (i = 0; i < mc->nifs; i++)
		if (mc->ifs[i].p != NULL) {
			mon_loop_del_fd(l, mc->ifs[i].fd);
			pcap_close(mc->ifs[i].p);
			mc->ifs[i].p = NULL;
		}
	mc->nifs = 0;
	snprintf(buf, sizeof(buf), "capture on trigger is off: %s; the "
	    "monitor goes on probing", why_off);
	cap_event(mc, "capture_off", buf);
	if (err_isset(&mc->err)) {
		*e = mc->err;
		mon_capture_free(mc);
		return -1;
	}
	*out = mc;
	return 0;
}

bool
mon_capture_on(const struct mon_capture *mc)
{
	return mc != NULL && mc->nifs > 0;
}

void
mon_capture_stats(const struct mon_capture *mc, struct mon_cap_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (mc == NULL)
		return;
	*st = mc->st;
	st->ring_bytes = mc->rbytes;
	st->ring_packets = mc->rn;
}

int
mon_capture_flush(struct mon_capture *mc, struct err *e)
{
	size_t i;

	if (mc == NULL)
		return 0;
	if (mc->sv.active)
		save_finish(mc->l, mc);
	for (i = 0; i < mc->nifs; i++)
		if (mc->ifs[i].p != NULL) {
			mon_loop_del_fd(mc->l, mc->ifs[i].fd);
			pcap_close(mc->ifs[i].p);
			mc->ifs[i].p = NULL;
		}
	mc->nifs = 0;
	if (err_isset(&mc->err)) {
		*e = mc->err;
		return -1;
	}
	return 0;
}

void
mon_capture_free(struct mon_capture *mc)
{
	size_t i;

	if (mc == NULL)
		return;
	if (mc->sv.timer != 0)
		mon_loop_cancel_timer(mc->l, mc->sv.timer);
	for (i = 0; i < mc->nifs; i++) {
		if (mc->ifs[i].dump != NULL)
			pcap_dump_close(mc->ifs[i].dump);
		if (mc->ifs[i].p != NULL) {
			mon_loop_del_fd(mc->l, mc->ifs[i].fd);
			pcap_close(mc->ifs[i].p);
		}
	}
	while (mc->rn > 0)
		ring_pop(mc);
	free(mc->ring);
	free(mc->eps);
	free(mc->hist);
	free(mc);
}
