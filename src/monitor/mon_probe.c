/*
 * mon_probe: the monitor's probes, each non-blocking on the loop with its
 * own deadline, so one black-holed target never delays another.
 *
 *   tcp           a non-blocking connect; the verdict from SO_ERROR and
 *                 the ICMP error queue (IP_RECVERR), probe_classify().
 *   icmp          one echo request over an unprivileged ping socket
 *                 (SOCK_DGRAM / IPPROTO_ICMP, allowed by the sysctl
 *                 net.ipv4.ping_group_range); the kernel fills the
 *                 identifier and checksum and hands us only our replies.
 *   bgp_open      the probe's speaker (probe_bgp_run(), blocking) in a
 *                 forked child that writes one fixed record to a pipe; the
 *                 parent kills it by PID at the deadline.  The MD5 key is
 *                 read in the child and never crosses the pipe.
 *   router_state  the configured command, fork/exec with its stdout on a
 *                 pipe (bounded), killed by PID at the deadline; the
 *                 output goes through the router parsers, one result per
 *                 neighbor.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <netinet/icmp6.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "probe/probe.h"
#include "router/router.h"
#include "mon_sched.h"

#define PROBE_OUT_MAX	(4u << 20)	/* a router command's output */

struct mon_probe {
	struct mon_loop			*l;
	const struct mon_cfg_endpoint	*ce;
	int				 fd;
	pid_t				 pid;
	uint64_t			 timer;
	usec_t				 t0;	/* monotonic, at start */
	usec_t				 ts;	/* wall clock, at start */
	uint16_t			 seq;	/* icmp */
	int				 err_now; /* connect()'s own errno */
	char				*out;	/* child output */
	size_t				 nout, cap;
	mon_probe_done			 done;
	void				(*finished)(void *);
	void				*arg;
};

static void
result_init(const struct mon_probe *p, struct mon_result *r)
{
	memset(r, 0, sizeof(*r));
	r->ts = p->ts;
	r->rtt_us = -1;
}

static void
probe_end(struct mon_probe *p)
{
	void (*fin)(void *) = p->finished;
	void *arg = p->arg;

	mon_loop_cancel_timer(p->l, p->timer);
	if (p->fd >= 0) {
		mon_loop_del_fd(p->l, p->fd);
		close(p->fd);
	}
	if (p->pid > 0) {
		/* by PID, and reaped: no zombie, no stray child */
		kill(p->pid, SIGKILL);
		while (waitpid(p->pid, NULL, 0) == -1 && errno == EINTR)
			;
	}
	free(p->out);
	free(p);
	fin(arg);
}

static void
report(struct mon_probe *p, bool ok, const char *status, int64_t rtt,
    const char *detail)
{
	struct mon_result r;

	result_init(p, &r);
	r.ok = ok;
	r.rtt_us = rtt;
	str_copy(r.status, status, sizeof(r.status));
	if (detail != NULL)
		str_copy(r.detail, detail, sizeof(r.detail));
	p->done(p->arg, NULL, &r);
}

static void
on_timeout(struct mon_loop *l, void *arg)
{
	struct mon_probe *p = arg;
	char d[64];

	(void)l;
	p->timer = 0;
	snprintf(d, sizeof(d), "no answer within %lld ms",
	    (long long)((time_mono_usec() - p->t0) / 1000));
	report(p, false, "timeout", -1, d);
	probe_end(p);
}

/* ------------------------------------------------------------------ */
/* TCP connect                                                         */
/* ------------------------------------------------------------------ */

static void
on_tcp(struct mon_loop *l, int fd, uint32_t ev, void *arg)
{
	struct mon_probe *p = arg;
	struct probe_icmp icmp;
	int err = 0;
	socklen_t el = sizeof(err);
	int64_t rtt = time_mono_usec() - p->t0;
	char d[MON_DETAIL_MAX];

	(void)l;
	(void)ev;
	memset(&icmp, 0, sizeof(icmp));
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) == -1)
		err = errno;
	if (err == 0)
		err = p->err_now;
	probe_read_errqueue(fd, NULL, &icmp);
	switch (probe_classify(err, &icmp)) {
	case PROBE_OPEN:
		report(p, true, "ok", rtt, "connected");
		break;
	case PROBE_REFUSED:
		report(p, false, "refused", -1, "connection refused (RST)");
		break;
	case PROBE_FILTERED:
		if (err == 0)
			return;		/* spurious wakeup */
		snprintf(d, sizeof(d), "%s", strerror(err));
		report(p, false, "error", -1, d);
		break;
	case PROBE_UNREACHABLE:
	case PROBE_NO_ROUTE:
		if (icmp.valid)
			snprintf(d, sizeof(d), "icmp %s",
			    probe_icmp_name(icmp.v6, icmp.type, icmp.code));
		else
			snprintf(d, sizeof(d), "%s", strerror(err));
		report(p, false, "unreachable", -1, d);
		break;
	}
	probe_end(p);
}

static int
start_tcp(struct mon_probe *p, const struct sockaddr_storage *sa,
    socklen_t salen, struct err *e)
{
	int one = 1, syncnt = 2;

	p->fd = socket(sa->ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (p->fd == -1)
		return ERR(e, ERR_RUNTIME, "socket: %s", strerror(errno));
	if (sa->ss_family == AF_INET)
		(void)setsockopt(p->fd, SOL_IP, IP_RECVERR, &one, sizeof(one));
	else
		(void)setsockopt(p->fd, SOL_IPV6, IPV6_RECVERR, &one,
		    sizeof(one));
	(void)setsockopt(p->fd, IPPROTO_TCP, TCP_SYNCNT, &syncnt,
	    sizeof(syncnt));
	if (connect(p->fd, (const struct sockaddr *)sa, salen) == -1 &&
	    errno != EINPROGRESS) {
		/* an immediate verdict (no route) still goes through the
		 * loop, so callers see one path; SO_ERROR will not hold it */
		p->err_now = errno;
	}
	return mon_loop_add_fd(p->l, p->fd, EPOLLOUT, on_tcp, p, e);
}

/* ------------------------------------------------------------------ */
/* ICMP echo over a ping socket                                        */
/* ------------------------------------------------------------------ */

static void
on_icmp(struct mon_loop *l, int fd, uint32_t ev, void *arg)
{
	struct mon_probe *p = arg;
	uint8_t buf[1500];
	struct rd r;
	uint8_t type, code;
	uint16_t sum, id, seq;
	ssize_t n;
	bool v6 = p->ce->ep.address[0] != '\0' &&
	    strchr(p->ce->ep.address, ':') != NULL;

	(void)l;
	if (ev & EPOLLERR) {
		struct probe_icmp icmp;

		memset(&icmp, 0, sizeof(icmp));
		probe_read_errqueue(fd, NULL, &icmp);
		if (icmp.valid) {
			char d[MON_DETAIL_MAX];

			snprintf(d, sizeof(d), "icmp %s", probe_icmp_name(
			    icmp.v6, icmp.type, icmp.code));
			report(p, false, "unreachable", -1, d);
		} else {
			int err = 0;
			socklen_t el = sizeof(err);

			/* a pending socket error keeps EPOLLERR raised: end
			 * here rather than spin until the timeout */
			(void)getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el);
			report(p, false, "error", -1, err ? strerror(err) :
			    "socket error");
		}
		probe_end(p);
		return;
	}
	for (;;) {
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0)
			return;		/* nothing of ours yet */
		rd_init(&r, buf, (size_t)n);
		/* the kernel matched the identifier; check type and seq */
		if (rd_u8(&r, &type) == -1 || rd_u8(&r, &code) == -1 ||
		    rd_be16(&r, &sum) == -1 || rd_be16(&r, &id) == -1 ||
		    rd_be16(&r, &seq) == -1)
			continue;
		if (type != (v6 ? ICMP6_ECHO_REPLY : ICMP_ECHOREPLY) ||
		    seq != p->seq)
			continue;
		report(p, true, "ok", time_mono_usec() - p->t0, "echo reply");
		probe_end(p);
		return;
	}
}

static int
start_icmp(struct mon_probe *p, const struct sockaddr_storage *sa,
    socklen_t salen, struct err *e)
{
	bool v6 = sa->ss_family == AF_INET6;
	uint8_t pkt[16];
	int one = 1;
	static uint16_t seq;

	p->fd = socket(sa->ss_family, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
	if (p->fd == -1) {
		if (errno == EACCES || errno == EPERM)
			return ERR(e, ERR_PERM, "ping sockets are not allowed "
			    "for this group: see sysctl "
			    "net.ipv4.ping_group_range");
		return ERR(e, ERR_RUNTIME, "ping socket: %s",
		    strerror(errno));
	}
	if (!v6)
		(void)setsockopt(p->fd, SOL_IP, IP_RECVERR, &one, sizeof(one));
	else
		(void)setsockopt(p->fd, SOL_IPV6, IPV6_RECVERR, &one,
		    sizeof(one));
	p->seq = ++seq;
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = v6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
	pkt[6] = (uint8_t)(p->seq >> 8);
	pkt[7] = (uint8_t)p->seq;
	memcpy(pkt + 8, "erwatch", 7);
	if (sendto(p->fd, pkt, sizeof(pkt), 0, (const struct sockaddr *)sa,
	    salen) == -1) {
		char d[MON_DETAIL_MAX];

		snprintf(d, sizeof(d), "send: %s", strerror(errno));
		/* reported from the loop like any other outcome */
		return ERR(e, ERR_RUNTIME, "%s", d);
	}
	return mon_loop_add_fd(p->l, p->fd, EPOLLIN, on_icmp, p, e);
}

/* ------------------------------------------------------------------ */
/* Children: bgp_open and router_state                                 */
/* ------------------------------------------------------------------ */

/* What the bgp_open child writes: fixed size, no secret. */
struct bgp_rec {
	int		ran;		/* probe_bgp_run returned 0 */
	int		stage;
	int		got_notification;
	uint8_t		code, subcode;
	int64_t		rtt;
	char		detail[MON_DETAIL_MAX];
};

static void
bgp_child(const struct mon_cfg_endpoint *ce,
    const struct sockaddr_storage *sa, socklen_t salen, usec_t timeout,
    int wfd)
{
	struct probe_target t;
	struct probe_bgp_opts o;
	struct probe_bgp_result *res;
	struct bgp_rec rec;
	uint8_t key[PROBE_MD5_MAX_KEY];
	size_t keylen = 0;
	struct err e = { 0 };

	memset(&rec, 0, sizeof(rec));
	memset(&t, 0, sizeof(t));
	memset(&o, 0, sizeof(o));
	str_copy(t.host, ce->host, sizeof(t.host));
	t.port = ce->ep.port;
	memcpy(&t.sa, sa, salen);
	t.salen = salen;
	if (sa->ss_family == AF_INET) {
		t.ip.family = NET_AF_INET;
		memcpy(t.ip.a, &((const struct sockaddr_in *)(const void *)sa)
		    ->sin_addr, 4);
	} else {
		t.ip.family = NET_AF_INET6;
		memcpy(t.ip.a, &((const struct sockaddr_in6 *)(const void *)
		    sa)->sin6_addr, 16);
	}
	o.local_as = ce->local_as;
	o.peer_as = ce->peer_as;
	o.hold_time = 90;
	o.timeout = timeout;
	o.linger = timeout / 2;
	o.shutdown_msg = "erwatch monitor check";
	if (ce->md5_file != NULL) {
		if (probe_md5_key_read(ce->md5_file, key, &keylen, &e) == -1)
			goto out;
		o.md5key = key;
		o.md5len = keylen;
	}
	if ((res = erw_calloc(1, sizeof(*res))) == NULL) {
		ERR(&e, ERR_NOMEM, "out of memory");
		goto out;
	}
	if (probe_bgp_run(&t, NULL, &o, res, &e) == 0) {
		rec.ran = 1;
		rec.stage = (int)res->stage;
		rec.got_notification = res->got_notification;
		rec.code = res->notif_code;
		rec.subcode = res->notif_subcode;
		rec.rtt = res->got_open ? (int64_t)res->open_rtt : -1;
	}
out:
	explicit_bzero(key, sizeof(key));
	if (err_isset(&e))
		str_copy(rec.detail, e.msg, sizeof(rec.detail));
	(void)!write(wfd, &rec, sizeof(rec));
	_exit(0);
}

static void
bgp_finish(struct mon_probe *p)
{
	struct bgp_rec rec;
	char d[MON_DETAIL_MAX];

	if (p->nout != sizeof(rec)) {
		report(p, false, "error", -1, "the probe's child died");
		return;
	}
	memcpy(&rec, p->out, sizeof(rec));
	rec.detail[sizeof(rec.detail) - 1] = '\0';
	if (!rec.ran) {
		report(p, false, "error", -1, rec.detail);
		return;
	}
	if (rec.got_notification) {
		snprintf(d, sizeof(d), "NOTIFICATION %u/%u at %s", rec.code,
		    rec.subcode, probe_bgp_stage_name(rec.stage));
		report(p, false, "refused", -1, d);
	} else if (rec.stage >= PROBE_BGP_OPEN_CONFIRM) {
		snprintf(d, sizeof(d), "OPEN exchanged (%s)",
		    probe_bgp_stage_name(rec.stage));
		report(p, true, "ok", rec.rtt, d);
	} else if (rec.stage == PROBE_BGP_CONNECT) {
		report(p, false, "unreachable", -1, "no TCP connection");
	} else {
		report(p, false, "timeout", -1, "no OPEN from the peer");
	}
}

static void
router_finish(struct mon_probe *p)
{
	struct router_doc *doc = router_doc_new(NULL);
	struct err e = { 0 };
	size_t i, n = 0;
	char a[64];

	if (doc == NULL) {
		report(p, false, "error", -1, "out of memory");
		return;
	}
	if (router_load_buf(doc, p->ce->ep.name, p->out, p->nout, &e) == -1) {
		report(p, false, "error", -1, e.msg);
		router_doc_free(doc);
		return;
	}
	router_doc_finish(doc);
	for (i = 0; i < doc->nneighbors; i++) {
		const struct router_neighbor *nb = &doc->neighbors[i];
		struct mon_result r;

		net_addr_str(&nb->addr, a);
		if (p->ce->neighbor[0] != '\0' &&
		    strcmp(p->ce->neighbor, a) != 0)
			continue;
		result_init(p, &r);
		r.ok = nb->state == ROUTER_ST_ESTABLISHED;
		str_copy(r.status, router_state_name(nb->state),
		    sizeof(r.status));
		snprintf(r.detail, sizeof(r.detail), "AS %u, %s%s",
		    nb->remote_as, nb->state_text,
		    nb->admin_down ? " (admin down)" : "");
		p->done(p->arg, a, &r);
		n++;
	}
	if (n == 0)
		report(p, false, "error", -1, p->ce->neighbor[0] ?
		    "the neighbor is not in the command's output" :
		    "no neighbor in the command's output");
	else {
		/* the command itself worked: its own row says so, so that
		 * its availability is the command's, not its failures' */
		snprintf(a, sizeof(a), "%zu neighbor%s read", n,
		    n == 1 ? "" : "s");
		report(p, true, "ok", -1, a);
	}
	router_doc_free(doc);
}

static void
on_child(struct mon_loop *l, int fd, uint32_t ev, void *arg)
{
	struct mon_probe *p = arg;
	ssize_t n;

	(void)l;
	(void)ev;
	for (;;) {
		if (p->nout == p->cap) {
			size_t nc = p->cap ? 2 * p->cap : 8192;
			char *b;

			if (nc > PROBE_OUT_MAX) {
				report(p, false, "error", -1, "the command's "
				    "output is over 4 MiB");
				probe_end(p);
				return;
			}
			if ((b = erw_realloc(p->out, nc)) == NULL) {
				report(p, false, "error", -1, "out of memory");
				probe_end(p);
				return;
			}
			p->out = b;
			p->cap = nc;
		}
		n = read(fd, p->out + p->nout, p->cap - p->nout);
		if (n > 0) {
			p->nout += (size_t)n;
			continue;
		}
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		break;		/* EOF or error: the child is done */
	}
	{
		int st = 0;

		while (waitpid(p->pid, &st, 0) == -1 && errno == EINTR)
			;
		p->pid = 0;
		if (p->ce->ep.kind == MON_KIND_BGP_OPEN)
			bgp_finish(p);
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
			report(p, false, "error", -1, "cannot run the command");
		else
			router_finish(p);
	}
	probe_end(p);
}

static int
start_child(struct mon_probe *p, const struct sockaddr_storage *sa,
    socklen_t salen, usec_t timeout, struct err *e)
{
	int pfd[2];
	pid_t pid;

	if (pipe(pfd) == -1)
		return ERR(e, ERR_RUNTIME, "pipe: %s", strerror(errno));
	if ((pid = fork()) == -1) {
		close(pfd[0]);
		close(pfd[1]);
		return ERR(e, ERR_RUNTIME, "fork: %s", strerror(errno));
	}
	if (pid == 0) {
		sigset_t none;

		/* the monitor blocks its signals for signalfd; the command
		 * must get them (SIGKILL at the deadline works regardless) */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		close(pfd[0]);
		if (p->ce->ep.kind == MON_KIND_BGP_OPEN)
			bgp_child(p->ce, sa, salen, timeout, pfd[1]);
		int nul = open("/dev/null", O_RDWR);

		if (nul >= 0) {
			dup2(nul, STDIN_FILENO);
			dup2(nul, STDERR_FILENO);
		}
		dup2(pfd[1], STDOUT_FILENO);
		execvp(p->ce->argv[0], p->ce->argv);
		_exit(127);
	}
	close(pfd[1]);
	p->pid = pid;
	/* the next probe's child must not inherit this pipe: its EOF would
	 * wait for that child too */
	(void)fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
	p->fd = pfd[0];
	if (fcntl(p->fd, F_SETFL, O_NONBLOCK) == -1)
		return ERR(e, ERR_RUNTIME, "fcntl: %s", strerror(errno));
	return mon_loop_add_fd(p->l, p->fd, EPOLLIN, on_child, p, e);
}

/* ------------------------------------------------------------------ */

int
mon_probe_start(struct mon_loop *l, const struct mon_cfg_endpoint *ce,
    const struct sockaddr_storage *sa, socklen_t salen, usec_t timeout,
    mon_probe_done done, void (*finished)(void *), void *arg,
    struct mon_probe **out, struct err *e)
{
	struct mon_probe *p;
	int rc;

	if (out != NULL)
		*out = NULL;
	if ((p = erw_calloc(1, sizeof(*p))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	p->l = l;
	p->ce = ce;
	p->fd = -1;
	p->t0 = time_mono_usec();
	p->ts = time_now_usec();
	p->done = done;
	p->finished = finished;
	p->arg = arg;
	switch (ce->ep.kind) {
	case MON_KIND_TCP:
		rc = start_tcp(p, sa, salen, e);
		break;
	case MON_KIND_ICMP:
		rc = start_icmp(p, sa, salen, e);
		break;
	case MON_KIND_BGP_OPEN:
	case MON_KIND_ROUTER_STATE:
		rc = start_child(p, sa, salen, timeout, e);
		break;
	default:
		rc = ERR(e, ERR_RUNTIME, "kind '%s' is not probed",
		    mon_kind_name(ce->ep.kind));
	}
	if (rc == 0) {
		/* the child's own deadline is timeout; ours a little later,
		 * so its answer wins when it keeps to it */
		p->timer = mon_loop_add_timer(l, p->t0 + timeout +
		    (ce->ep.kind == MON_KIND_BGP_OPEN ? timeout : 0),
		    on_timeout, p, e);
		if (p->timer == 0)
			rc = -1;
	}
	if (rc == -1) {
		if (p->fd >= 0) {
			mon_loop_del_fd(l, p->fd);
			close(p->fd);
		}
		if (p->pid > 0) {
			kill(p->pid, SIGKILL);
			waitpid(p->pid, NULL, 0);
		}
		free(p);
		return -1;
	}
	if (out != NULL)
		*out = p;
	return 0;
}
