/*
 * mon_metrics: the monitor's Prometheus endpoint, text exposition format
 * 0.0.4 at /metrics.  Per endpoint: probes and failures (counters), the
 * RTT histogram, the health as a state set; the alert queue's counters;
 * build info.
 *
 * libmicrohttpd runs without a thread of its own (MHD_USE_EPOLL, no
 * internal polling thread): its epoll fd sits on the monitor's loop,
 * readiness runs MHD_run(), and MHD_get_timeout() becomes a loop timer
 * for its connection timeouts.  So the counters are only ever touched
 * from the loop's one thread and need no lock, and a slow scraper costs
 * the loop no more than any other socket.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "mon_alert_int.h"

#define METRICS_MAX_CONN	32
#define METRICS_CONN_TIMEOUT_S	10

/*
 * WAN round trips: a metro ExpressRoute peering is under a millisecond to
 * a few, a cross-region path tens, a long-haul or congested one hundreds;
 * past the probes' timeouts (seconds) a bucket says nothing more.
 */
const double mon_rtt_buckets[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01,
    0.02, 0.035, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5, 5 };
const size_t mon_rtt_nbuckets = sizeof(mon_rtt_buckets) /
    sizeof(mon_rtt_buckets[0]);
#define NBUCKETS	(sizeof(mon_rtt_buckets) / sizeof(mon_rtt_buckets[0]))

/*
 * The scheduler's lateness (one histogram for the agent): a healthy loop
 * starts its probes within a millisecond or two of their turn; tens of
 * milliseconds mean a busy CPU or a slow disk under the store, seconds a
 * loop that no longer keeps up.
 */
static const double late_buckets[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01,
    0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5 };
#define LATE_NBUCKETS	(sizeof(late_buckets) / sizeof(late_buckets[0]))

struct mep {
	int64_t		id;
	char		agent[64], group[64], name[MON_NAME_MAX];
	char		kind[16], path[16];
	uint64_t	probes, failures;
	uint64_t	buckets[NBUCKETS];	/* not cumulative here */
	uint64_t	rtt_count;
	double		rtt_sum;		/* seconds */
	enum mon_health	health;
};

struct mon_metrics {
	struct mon_loop		*loop;
	struct MHD_Daemon	*mhd;
	int			 epfd;
	uint64_t		 timer;
	struct mep		*eps;
	size_t			 neps, cap;
	size_t			*index;		/* open addressing on id */
	size_t			 icap;		/* power of 2 */
	struct mon_alert_stats	 alerts;
	uint64_t		 scrapes;
	uint64_t		 late[LATE_NBUCKETS];	/* not cumulative */
	uint64_t		 late_count, late_skipped;
	double			 late_sum;		/* seconds */
};

/* ------------------------------------------------------------------ */
/* Exposition                                                          */
/* ------------------------------------------------------------------ */

int
mon_prom_label(struct sb *b, const char *v)
{
	/* text format 0.0.4: in label values \ " and newline are escaped,
	 * everything else (UTF-8 included) goes as it is */
	for (; *v != '\0'; v++) {
		if (*v == '\\')
			sb_add(b, "\\\\");
		else if (*v == '"')
			sb_add(b, "\\\"");
		else if (*v == '\n')
			sb_add(b, "\\n");
		else
			sb_addc(b, *v);
	}
	return b->failed ? -1 : 0;
}

static void
labels(struct sb *b, const struct mep *m)
{
	sb_add(b, "{agent=\"");
	mon_prom_label(b, m->agent);
	sb_add(b, "\",group=\"");
	mon_prom_label(b, m->group);
	sb_add(b, "\",endpoint=\"");
	mon_prom_label(b, m->name);
	sb_add(b, "\",kind=\"");
	mon_prom_label(b, m->kind);
	sb_add(b, "\",path=\"");
	mon_prom_label(b, m->path);
	sb_addc(b, '"');
}

static void
head(struct sb *b, const char *name, const char *type, const char *help)
{
	sb_addf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/*
 * The exposition is rendered a piece at a time as libmicrohttpd asks for
 * more (a content reader): at 10,000 endpoints it is about 250,000 lines,
 * 32 MB, and rendered whole it doubled the agent's resident memory for a
 * scrape and held the loop for most of a second.  A piece is the series
 * of up to PIECE_EPS endpoints for one metric, or a metric without
 * endpoints; endpoints declared meanwhile (a reload) appear from the
 * next piece on.
 */
#define PIECE_EPS	32

enum part {
	PART_INFO,
	PART_PROBES,
	PART_FAILURES,
	PART_RTT,
	PART_HEALTH,
	PART_TAIL,
	PART_END,
};

struct scrape {
	struct mon_metrics	*m;
	enum part		 part;
	size_t			 i;	/* next endpoint of the part */
	struct sb		 b;	/* rendered, not yet sent */
	size_t			 off;	/* of b sent */
	bool			 failed; /* out of memory: end the body */
};

static void
render_ep(struct sb *b, enum part part, const struct mep *e)
{
	static const enum mon_health states[] = { MON_HEALTH_UNKNOWN,
	    MON_HEALTH_HEALTHY, MON_HEALTH_FAILING };
	uint64_t cum = 0;
	size_t k;

	switch (part) {
	case PART_PROBES:
		sb_add(b, "erwatch_monitor_probes_total");
		labels(b, e);
		sb_addf(b, "} %llu\n", (unsigned long long)e->probes);
		break;
	case PART_FAILURES:
		sb_add(b, "erwatch_monitor_probe_failures_total");
		labels(b, e);
		sb_addf(b, "} %llu\n", (unsigned long long)e->failures);
		break;
	case PART_RTT:
		for (k = 0; k < NBUCKETS; k++) {
			cum += e->buckets[k];
			sb_add(b, "erwatch_monitor_probe_rtt_seconds_bucket");
			labels(b, e);
			sb_addf(b, ",le=\"%g\"} %llu\n", mon_rtt_buckets[k],
			    (unsigned long long)cum);
		}
		sb_add(b, "erwatch_monitor_probe_rtt_seconds_bucket");
		labels(b, e);
		sb_addf(b, ",le=\"+Inf\"} %llu\n",
		    (unsigned long long)e->rtt_count);
		sb_add(b, "erwatch_monitor_probe_rtt_seconds_sum");
		labels(b, e);
		sb_addf(b, "} %.6f\n", e->rtt_sum);
		sb_add(b, "erwatch_monitor_probe_rtt_seconds_count");
		labels(b, e);
		sb_addf(b, "} %llu\n", (unsigned long long)e->rtt_count);
		break;
	case PART_HEALTH:
		for (k = 0; k < 3; k++) {
			sb_add(b, "erwatch_monitor_endpoint_health");
			labels(b, e);
			sb_addf(b, ",state=\"%s\"} %d\n",
			    mon_health_name(states[k]), e->health == states[k]);
		}
		break;
	default:
		break;
	}
}

static void
render_tail(struct sb *b, const struct mon_metrics *m)
{
	uint64_t cum = 0;
	size_t k;

	head(b, "erwatch_monitor_sched_lateness_seconds", "histogram",
	    "How late each probe started against its scheduled time.");
	for (k = 0; k < LATE_NBUCKETS; k++) {
		cum += m->late[k];
		sb_addf(b, "erwatch_monitor_sched_lateness_seconds_bucket"
		    "{le=\"%g\"} %llu\n", late_buckets[k],
		    (unsigned long long)cum);
	}
	sb_addf(b, "erwatch_monitor_sched_lateness_seconds_bucket"
	    "{le=\"+Inf\"} %llu\n", (unsigned long long)m->late_count);
	sb_addf(b, "erwatch_monitor_sched_lateness_seconds_sum %.6f\n",
	    m->late_sum);
	sb_addf(b, "erwatch_monitor_sched_lateness_seconds_count %llu\n",
	    (unsigned long long)m->late_count);
	head(b, "erwatch_monitor_sched_skipped_total", "counter",
	    "Turns skipped because the endpoint's previous probe was still "
	    "running.");
	sb_addf(b, "erwatch_monitor_sched_skipped_total %llu\n",
	    (unsigned long long)m->late_skipped);
	head(b, "erwatch_monitor_alerts_pending", "gauge",
	    "Alerts queued and not yet delivered.");
	sb_addf(b, "erwatch_monitor_alerts_pending %llu\n",
	    (unsigned long long)m->alerts.pending);
	head(b, "erwatch_monitor_alerts_delivered_total", "counter",
	    "Alerts delivered since the monitor started.");
	sb_addf(b, "erwatch_monitor_alerts_delivered_total %llu\n",
	    (unsigned long long)m->alerts.delivered);
	head(b, "erwatch_monitor_alert_failures_total", "counter",
	    "Alert deliveries that failed and were rescheduled.");
	sb_addf(b, "erwatch_monitor_alert_failures_total %llu\n",
	    (unsigned long long)m->alerts.failed);
}

/* The next piece into sc->b; false at the end of the exposition. */
static bool
render_piece(struct scrape *sc)
{
	static const char *const name[] = {
		[PART_PROBES] = "erwatch_monitor_probes_total",
		[PART_FAILURES] = "erwatch_monitor_probe_failures_total",
		[PART_RTT] = "erwatch_monitor_probe_rtt_seconds",
		[PART_HEALTH] = "erwatch_monitor_endpoint_health",
	};
	static const char *const type[] = {
		[PART_PROBES] = "counter", [PART_FAILURES] = "counter",
		[PART_RTT] = "histogram", [PART_HEALTH] = "gauge",
	};
	static const char *const help[] = {
		[PART_PROBES] = "Probes run per endpoint.",
		[PART_FAILURES] = "Probes that failed per endpoint.",
		[PART_RTT] = "Round-trip time of the probes that succeeded.",
		[PART_HEALTH] = "Health of each endpoint: 1 for its current "
		    "state.",
	};
	const struct mon_metrics *m = sc->m;
	size_t n;

	sb_reset(&sc->b);
	sc->off = 0;
	switch (sc->part) {
	case PART_INFO:
		head(&sc->b, "erwatch_build_info", "gauge",
		    "erwatch's version");
		sb_addf(&sc->b, "erwatch_build_info{version=\"%s\"} 1\n",
		    ERW_VERSION);
		sc->part = PART_PROBES;
		break;
	case PART_PROBES:
	case PART_FAILURES:
	case PART_RTT:
	case PART_HEALTH:
		if (sc->i == 0)
			head(&sc->b, name[sc->part], type[sc->part],
			    help[sc->part]);
		for (n = 0; n < PIECE_EPS && sc->i < m->neps; n++, sc->i++)
			render_ep(&sc->b, sc->part, &m->eps[sc->i]);
		if (sc->i >= m->neps) {
			sc->part++;
			sc->i = 0;
		}
		break;
	case PART_TAIL:
		render_tail(&sc->b, m);
		sc->part = PART_END;
		break;
	case PART_END:
		return false;
	}
	if (sc->b.failed) {
		sc->failed = true;
		return false;
	}
	return true;
}

static ssize_t
scrape_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct scrape *sc = cls;
	size_t n = 0, k;

	(void)pos;
	while (n < max) {
		if (sc->off == sc->b.len && !render_piece(sc))
			break;
		k = sc->b.len - sc->off;
		if (k > max - n)
			k = max - n;
		memcpy(buf + n, sc->b.buf + sc->off, k);
		sc->off += k;
		n += k;
	}
	if (n > 0)
		return (ssize_t)n;
	/* a body cut short by memory is an error, not a silent end */
	return sc->failed ? MHD_CONTENT_READER_END_WITH_ERROR :
	    MHD_CONTENT_READER_END_OF_STREAM;
}

static void
scrape_free(void *cls)
{
	struct scrape *sc = cls;

	sb_release(&sc->b);
	free(sc);
}

/* ------------------------------------------------------------------ */
/* Endpoints by id                                                     */
/* ------------------------------------------------------------------ */

static size_t
slot(const struct mon_metrics *m, int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ULL;
	size_t i = (size_t)(h >> 20) & (m->icap - 1);

	while (m->index[i] != SIZE_MAX && m->eps[m->index[i]].id != id)
		i = (i + 1) & (m->icap - 1);
	return i;
}

static int
reindex(struct mon_metrics *m, size_t icap)
{
	size_t *ix = erw_malloc(icap * sizeof(*ix)), i;

	if (ix == NULL)
		return -1;
	for (i = 0; i < icap; i++)
		ix[i] = SIZE_MAX;
	free(m->index);
	m->index = ix;
	m->icap = icap;
	for (i = 0; i < m->neps; i++)
		m->index[slot(m, m->eps[i].id)] = i;
	return 0;
}

/* The series of ep, made when new; NULL when out of memory. */
static struct mep *
lookup(struct mon_metrics *m, const struct mon_endpoint *ep)
{
	struct mep *e;
	size_t s;

	if (m->icap > 0) {
		s = slot(m, ep->id);
		if (m->index[s] != SIZE_MAX)
			return &m->eps[m->index[s]];
	}
	if (m->neps == m->cap) {
		size_t nc = m->cap == 0 ? 64 : m->cap * 2;

		e = erw_reallocarray(m->eps, nc, sizeof(*e));
		if (e == NULL)
			return NULL;
		m->eps = e;
		m->cap = nc;
	}
	/* at most half full, so probing stays short */
	if ((m->neps + 1) * 2 > m->icap &&
	    reindex(m, m->icap == 0 ? 128 : m->icap * 2) == -1)
		return NULL;
	e = &m->eps[m->neps];
	memset(e, 0, sizeof(*e));
	e->id = ep->id;
	str_copy(e->agent, ep->agent, sizeof(e->agent));
	str_copy(e->group, ep->group, sizeof(e->group));
	str_copy(e->name, ep->name, sizeof(e->name));
	str_copy(e->kind, mon_kind_name(ep->kind), sizeof(e->kind));
	str_copy(e->path, ep->path, sizeof(e->path));
	m->index[slot(m, ep->id)] = m->neps;
	return &m->eps[m->neps++];
}

void
mon_metrics_endpoint(struct mon_metrics *m, const struct mon_endpoint *ep)
{
	(void)lookup(m, ep);
}

void
mon_metrics_result(struct mon_metrics *m, const struct mon_endpoint *ep,
    const struct mon_result *r)
{
	struct mep *e = lookup(m, ep);
	double s;
	size_t k;

	if (e == NULL)
		return;
	e->probes++;
	if (!r->ok) {
		e->failures++;
		return;
	}
	if (r->rtt_us < 0)
		return;
	s = (double)r->rtt_us / 1e6;
	for (k = 0; k < NBUCKETS && s > mon_rtt_buckets[k]; k++)
		;
	if (k < NBUCKETS)
		e->buckets[k]++;
	e->rtt_count++;
	e->rtt_sum += s;
}

void
mon_metrics_health(struct mon_metrics *m, const struct mon_endpoint *ep,
    enum mon_health h)
{
	struct mep *e = lookup(m, ep);

	if (e != NULL)
		e->health = h;
}

void
mon_metrics_turn(struct mon_metrics *m, usec_t late, bool skipped)
{
	double sec = (double)late / (double)USEC_PER_SEC;
	size_t k;

	if (skipped) {
		m->late_skipped++;
		return;
	}
	for (k = 0; k < LATE_NBUCKETS && sec > late_buckets[k]; k++)
		;
	if (k < LATE_NBUCKETS)
		m->late[k]++;
	m->late_count++;
	m->late_sum += sec;
}

void
mon_metrics_alerts(struct mon_metrics *m, const struct mon_alert_stats *st)
{
	m->alerts = *st;
}

/* ------------------------------------------------------------------ */
/* HTTP on the loop                                                    */
/* ------------------------------------------------------------------ */

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_len, void **req)
{
	struct mon_metrics *m = cls;
	struct MHD_Response *resp;
	enum MHD_Result rc;
	unsigned status = MHD_HTTP_OK;
	char *body = NULL;
	struct scrape *sc = NULL;

	(void)version;
	(void)upload;
	if (*req == NULL) {
		/* the first call only announces the headers */
		*req = m;
		return MHD_YES;
	}
	if (*upload_len != 0) {
		*upload_len = 0;	/* a body is not wanted: dropped */
		return MHD_YES;
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		status = MHD_HTTP_METHOD_NOT_ALLOWED;
		body = erw_strdup("only GET\n");
	} else if (strcmp(url, "/metrics") != 0) {
		status = MHD_HTTP_NOT_FOUND;
		body = erw_strdup("see /metrics\n");
	} else {
		m->scrapes++;
		if ((sc = erw_calloc(1, sizeof(*sc))) == NULL)
			return MHD_NO;
		sc->m = m;
		sb_init(&sc->b);
	}
	if (sc != NULL) {
		resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN,
		    16384, scrape_read, sc, scrape_free);
		if (resp == NULL) {
			scrape_free(sc);
			return MHD_NO;
		}
	} else {
		if (body == NULL)
			return MHD_NO;	/* out of memory: MHD closes it */
		resp = MHD_create_response_from_buffer(strlen(body), body,
		    MHD_RESPMEM_MUST_FREE);
		if (resp == NULL) {
			free(body);
			return MHD_NO;
		}
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    status == MHD_HTTP_OK ? "text/plain; version=0.0.4; charset=utf-8" :
	    "text/plain");
	rc = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return rc;
}

static void	mhd_step(struct mon_metrics *);

static void
on_timer(struct mon_loop *loop, void *arg)
{
	struct mon_metrics *m = arg;

	(void)loop;
	m->timer = 0;
	mhd_step(m);
}

static void
on_fd(struct mon_loop *loop, int fd, uint32_t events, void *arg)
{
	(void)loop;
	(void)fd;
	(void)events;
	mhd_step(arg);
}

/* Let MHD do what is ready, then arm its next timeout. */
static void
mhd_step(struct mon_metrics *m)
{
	MHD_UNSIGNED_LONG_LONG ms;
	struct err e;

	MHD_run(m->mhd);
	if (m->timer != 0) {
		mon_loop_cancel_timer(m->loop, m->timer);
		m->timer = 0;
	}
	if (MHD_get_timeout(m->mhd, &ms) == MHD_YES) {
		err_clear(&e);
		if (ms > 60000)
			ms = 60000;
		m->timer = mon_loop_add_timer(m->loop, time_mono_usec() +
		    (usec_t)ms * 1000, on_timer, m, &e);
	}
}

static int
parse_listen(const char *s, struct sockaddr_storage *ss, struct err *e)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	char host[64];
	const char *colon, *h = host;
	char *end;
	unsigned long port;
	size_t hl;

	memset(ss, 0, sizeof(*ss));
	if ((colon = strrchr(s, ':')) == NULL)
		goto bad;
	hl = (size_t)(colon - s);
	if (hl >= sizeof(host))
		goto bad;
	memcpy(host, s, hl);
	host[hl] = '\0';
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || port > 65535)
		goto bad;
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		h = host + 1;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, h, &s6->sin6_addr) != 1)
			goto bad;
		return 0;
	}
	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)port);
	if (hl == 0) {
		s4->sin_addr.s_addr = htonl(INADDR_ANY);
		return 0;
	}
	if (inet_pton(AF_INET, h, &s4->sin_addr) != 1)
		goto bad;
	return 0;
bad:
	return ERR(e, ERR_USAGE, "metrics listen address '%s': not ADDR:PORT "
	    "(127.0.0.1:9464, [::1]:9464, :9464)", s);
}

int
mon_metrics_new(struct mon_loop *loop, const char *listen,
    struct mon_metrics **out, struct err *e)
{
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *info;
	struct mon_metrics *m;
	unsigned flags = MHD_USE_EPOLL;

	*out = NULL;
	if (parse_listen(listen, &ss, e) == -1)
		return -1;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if ((m = erw_calloc(1, sizeof(*m))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	m->loop = loop;
	m->epfd = -1;
	/* no MHD_USE_ERROR_LOG: library code prints nothing */
	m->mhd = MHD_start_daemon(flags, 0, NULL, NULL, answer, m,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)METRICS_MAX_CONN,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)METRICS_CONN_TIMEOUT_S,
	    MHD_OPTION_END);
	if (m->mhd == NULL) {
		int en = errno;

		free(m);
		return ERR(e, ERR_IO, "metrics: cannot listen on '%s': %s",
		    listen, en != 0 ? strerror(en) : "refused");
	}
	info = MHD_get_daemon_info(m->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	if (info == NULL) {
		mon_metrics_free(m);
		return ERR(e, ERR_RUNTIME, "metrics: libmicrohttpd without "
		    "epoll");
	}
	m->epfd = info->epoll_fd;
	if (mon_loop_add_fd(loop, m->epfd, EPOLLIN, on_fd, m, e) == -1) {
		m->epfd = -1;
		mon_metrics_free(m);
		return -1;
	}
	*out = m;
	return 0;
}

uint16_t
mon_metrics_port(const struct mon_metrics *m)
{
	const union MHD_DaemonInfo *info;

	info = MHD_get_daemon_info(m->mhd, MHD_DAEMON_INFO_BIND_PORT);
	return info != NULL ? info->port : 0;
}

void
mon_metrics_free(struct mon_metrics *m)
{
	if (m == NULL)
		return;
	if (m->timer != 0)
		mon_loop_cancel_timer(m->loop, m->timer);
	if (m->epfd != -1)
		mon_loop_del_fd(m->loop, m->epfd);
	if (m->mhd != NULL)
		MHD_stop_daemon(m->mhd);
	free(m->eps);
	free(m->index);
	free(m);
}
