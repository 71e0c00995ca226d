/*
 * The monitor benchmark's helpers (bench/run_monitor.sh):
 *
 *   bench_monitor_ref listen PORT
 *	accepts TCP connections on every address at PORT and closes them at
 *	once: the endpoints' listener (127.x.y.z:PORT all reach it inside a
 *	namespace's loopback).  Prints "ready" once listening.
 *
 *   bench_monitor_ref probe FILE INTERVAL_MS TIMEOUT_MS
 *	the reference the monitor is measured against: the least a program
 *	can do to probe the endpoints of FILE (one ADDR:PORT a line) the way
 *	the monitor does: endpoint i of n first at interval * i / n, then
 *	every interval; a non-blocking connect on one epoll set, the verdict
 *	from SO_ERROR, a socket given up at its timeout.  No store, no
 *	evaluation, no allocation per probe.  Runs until SIGTERM, then
 *	prints "turns N ok N failed N timeout N skipped N p50_us N p99_us N
 *	max_us N": how late each probe started against its turn, measured
 *	as the monitor measures it.
 *
 * Both are benchmark tools: they print and exit, as library code may not.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define REF_EVENTS	256
#define REF_LATE_MAX	(60 * 1000 * 1000)	/* histogram's range, us */

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int
do_listen(const char *portstr)
{
	struct sockaddr_in sin;
	int s, one = 1, port = atoi(portstr);

	if (port <= 0 || port > 65535) {
		fprintf(stderr, "bench_monitor_ref: bad port '%s'\n", portstr);
		return 2;
	}
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return perror("socket"), 1;
	(void)setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(s, 4096) == -1)
		return perror("bind/listen"), 1;
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		int c = accept(s, NULL, NULL);

		if (c >= 0)
			close(c);
		else if (errno != EINTR && errno != ECONNABORTED)
			return perror("accept"), 1;
	}
}

struct slot {
	int64_t		t0;		/* monotonic start, us */
	uint32_t	ep;		/* endpoint index */
	int		fd;		/* -1: free */
};

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int
do_probe(const char *file, int64_t interval, int64_t timeout)
{
	struct sockaddr_in *sa = NULL;
	struct slot *ring;
	uint32_t *late = NULL;
	unsigned char *busy;
	size_t n = 0, cap = 0, nlate = 0, latecap = 0, head = 0, tail = 0;
	size_t rcap, i;
	uint64_t k = 0, ok = 0, failed = 0, tmo = 0, skipped = 0, maxlate = 0;
	int64_t start;
	char line[256];
	FILE *f;
	int ep;
	struct rlimit rl;

	if ((f = fopen(file, "r")) == NULL)
		return perror(file), 2;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *colon = strrchr(line, ':');

		if (colon == NULL)
			continue;
		*colon = '\0';
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			if ((sa = realloc(sa, cap * sizeof(*sa))) == NULL)
				return perror("realloc"), 1;
		}
		memset(&sa[n], 0, sizeof(sa[n]));
		sa[n].sin_family = AF_INET;
		sa[n].sin_port = htons((uint16_t)atoi(colon + 1));
		if (inet_pton(AF_INET, line, &sa[n].sin_addr) != 1) {
			fprintf(stderr, "%s: bad address '%s'\n", file, line);
			return 2;
		}
		n++;
	}
	fclose(f);
	if (n == 0 || interval <= 0 || timeout <= 0 || timeout >= interval) {
		fprintf(stderr, "bench_monitor_ref: nothing to probe or bad "
		    "interval/timeout\n");
		return 2;
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	/* the ring holds the probes started within one timeout (< one
	 * interval, so at most n) and finished ones behind the oldest still
	 * running; twice n leaves room for turns bunched by lateness */
	rcap = 2 * n + 1;
	ring = calloc(rcap, sizeof(*ring));
	busy = calloc(n, 1);
	if (ring == NULL || busy == NULL)
		return perror("calloc"), 1;
	if ((ep = epoll_create1(0)) == -1)
		return perror("epoll_create1"), 1;
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	start = mono_us();
	while (!stop) {
		struct epoll_event ev[REF_EVENTS];
		int64_t now = mono_us(), due, wait;
		int nev, j;

		/* turns that are due: k counts them over all rounds */
		for (;;) {
			uint64_t round = k / n, idx = k % n;
			struct slot *s;
			struct epoll_event e;
			int fd;

			due = start + (int64_t)round * interval +
			    interval * (int64_t)idx / (int64_t)n;
			if (due > now)
				break;
			k++;
			if (busy[idx]) {
				skipped++;
				continue;
			}
			if (nlate == latecap) {
				latecap = latecap ? 2 * latecap : 65536;
				late = realloc(late, latecap * sizeof(*late));
				if (late == NULL)
					return perror("realloc"), 1;
			}
			now = mono_us();
			late[nlate] = (uint32_t)(now - due < REF_LATE_MAX ?
			    now - due : REF_LATE_MAX);
			if (late[nlate] > maxlate)
				maxlate = late[nlate];
			nlate++;
			fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
			if (fd == -1) {
				failed++;
				continue;
			}
			if (connect(fd, (struct sockaddr *)&sa[idx],
			    sizeof(sa[idx])) == -1 && errno != EINPROGRESS) {
				failed++;
				close(fd);
				continue;
			}
			if ((tail + 1) % rcap == head) {
				fprintf(stderr,
				    "bench_monitor_ref: ring full\n");
				return 1;
			}
			s = &ring[tail];
			s->t0 = now;
			s->ep = (uint32_t)idx;
			s->fd = fd;
			memset(&e, 0, sizeof(e));
			e.events = EPOLLOUT;
			e.data.u64 = tail;
			if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) == -1)
				return perror("epoll_ctl"), 1;
			busy[idx] = 1;
			tail = (tail + 1) % rcap;
		}
		/* timeouts: the ring is in start order, all share one */
		while (head != tail) {
			struct slot *s = &ring[head];

			if (s->fd >= 0) {
				if (s->t0 + timeout > now)
					break;
				close(s->fd);
				busy[s->ep] = 0;
				s->fd = -1;
				tmo++;
			}
			head = (head + 1) % rcap;
		}
		wait = due - now;
		if (head != tail && ring[head].t0 + timeout - now < wait)
			wait = ring[head].t0 + timeout - now;
		wait = wait <= 0 ? 0 : (wait + 999) / 1000;
		nev = epoll_wait(ep, ev, REF_EVENTS, (int)wait);
		for (j = 0; j < nev; j++) {
			struct slot *s = &ring[ev[j].data.u64];
			int err = 0;
			socklen_t el = sizeof(err);

			if (s->fd < 0)
				continue;
			(void)getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err,
			    &el);
			if (err == 0)
				ok++;
			else
				failed++;
			close(s->fd);	/* leaves the epoll set with it */
			busy[s->ep] = 0;
			s->fd = -1;
		}
	}
	qsort(late, nlate, sizeof(*late), cmp_u32);
	printf("turns %zu ok %llu failed %llu timeout %llu skipped %llu "
	    "p50_us %u p99_us %u max_us %llu\n", nlate,
	    (unsigned long long)ok, (unsigned long long)failed,
	    (unsigned long long)tmo, (unsigned long long)skipped,
	    nlate ? late[(nlate - 1) / 2] : 0,
	    nlate ? late[(size_t)((double)(nlate - 1) * 0.99)] : 0,
	    (unsigned long long)maxlate);
	for (i = head; i != tail; i = (i + 1) % rcap)
		if (ring[i].fd >= 0)
			close(ring[i].fd);
	free(late);
	free(ring);
	free(busy);
	free(sa);
	return 0;
}

int
main(int argc, char *argv[])
{
	if (argc == 3 && strcmp(argv[1], "listen") == 0)
		return do_listen(argv[2]);
	if (argc == 5 && strcmp(argv[1], "probe") == 0)
		return do_probe(argv[2], atoll(argv[3]) * 1000,
		    atoll(argv[4]) * 1000);
	fprintf(stderr, "usage: bench_monitor_ref listen PORT\n"
	    "       bench_monitor_ref probe FILE INTERVAL_MS TIMEOUT_MS\n");
	return 2;
}
