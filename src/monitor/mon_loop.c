/*
 * mon_loop: the monitor's one thread.  An epoll set for the file
 * descriptors (probe sockets, child pipes, the signalfd, the metrics
 * listener) and a binary min-heap of timers on the monotonic clock.
 *
 * Timers live in slots that outlive their place in the heap, so that a
 * timer id (slot and generation) can be cancelled in O(log n) and an id
 * that already fired or was cancelled is recognised as stale and ignored.
 * fd registrations carry a sequence number in the epoll data, so that an
 * event read in the same batch as a mon_loop_del_fd() (and a reuse of the
 * same fd number) is not delivered to the wrong owner.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "monitor.h"

#define LOOP_EVENTS	64	/* epoll_wait batch */
#define LOOP_MAX_WAIT_MS 60000	/* wake at least this often */

struct loop_fd {
	mon_fd_fn	 fn;
	void		*arg;
	uint32_t	 seq;		/* 0: slot unused */
};

struct loop_timer {
	usec_t		 due;
	mon_timer_fn	 fn;
	void		*arg;
	uint32_t	 gen;		/* bumped on fire and cancel */
	uint32_t	 heap;		/* index in the heap; UINT32_MAX: free */
	uint32_t	 next_free;
	uint64_t	 order;		/* arming order: ties fire FIFO */
};

struct mon_loop {
	int		  ep;
	bool		  stop;
	struct loop_fd	 *fds;
	size_t		  nfds;		/* fds[] is indexed by fd */
	uint32_t	  fd_seq;
	struct loop_timer *slots;
	size_t		  nslots;
	uint32_t	  free_slot;	/* UINT32_MAX: none */
	uint32_t	 *heap;		/* slot indexes, min due first */
	uint64_t	  armed;	/* timers armed so far */
	size_t		  nheap;
};

int
mon_loop_new(struct mon_loop **out, struct err *e)
{
	struct mon_loop *l;

	*out = NULL;
	if ((l = erw_calloc(1, sizeof(*l))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	l->free_slot = UINT32_MAX;
	if ((l->ep = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		free(l);
		return ERR(e, ERR_RUNTIME, "epoll_create1: %s",
		    strerror(errno));
	}
	*out = l;
	return 0;
}

void
mon_loop_free(struct mon_loop *l)
{
	if (l == NULL)
		return;
	close(l->ep);
	free(l->fds);
	free(l->slots);
	free(l->heap);
	free(l);
}

/* ------------------------------------------------------------------ */
/* File descriptors                                                    */
/* ------------------------------------------------------------------ */

static uint64_t
fd_data(int fd, uint32_t seq)
{
	return (uint64_t)seq << 32 | (uint32_t)fd;
}

int
mon_loop_add_fd(struct mon_loop *l, int fd, uint32_t events, mon_fd_fn fn,
    void *arg, struct err *e)
{
	struct epoll_event ev;

	if (fd < 0)
		return ERR(e, ERR_RUNTIME, "mon_loop_add_fd: bad fd %d", fd);
	if ((size_t)fd >= l->nfds) {
		size_t n = l->nfds ? l->nfds : 64;
		struct loop_fd *p;

		while (n <= (size_t)fd)
			n *= 2;
		if ((p = erw_reallocarray(l->fds, n, sizeof(*p))) == NULL)
			return ERR(e, ERR_NOMEM, "out of memory");
		memset(p + l->nfds, 0, (n - l->nfds) * sizeof(*p));
		l->fds = p;
		l->nfds = n;
	}
	if (l->fds[fd].seq != 0)
		return ERR(e, ERR_RUNTIME, "fd %d is already watched", fd);
	if (++l->fd_seq == 0)	/* 0 marks a free slot */
		l->fd_seq = 1;
	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.u64 = fd_data(fd, l->fd_seq);
	if (epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &ev) == -1)
		return ERR(e, ERR_RUNTIME, "epoll_ctl add fd %d: %s", fd,
		    strerror(errno));
	l->fds[fd].fn = fn;
	l->fds[fd].arg = arg;
	l->fds[fd].seq = l->fd_seq;
	return 0;
}

int
mon_loop_mod_fd(struct mon_loop *l, int fd, uint32_t events, struct err *e)
{
	struct epoll_event ev;

	if (fd < 0 || (size_t)fd >= l->nfds || l->fds[fd].seq == 0)
		return ERR(e, ERR_RUNTIME, "fd %d is not watched", fd);
	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.u64 = fd_data(fd, l->fds[fd].seq);
	if (epoll_ctl(l->ep, EPOLL_CTL_MOD, fd, &ev) == -1)
		return ERR(e, ERR_RUNTIME, "epoll_ctl mod fd %d: %s", fd,
		    strerror(errno));
	return 0;
}

void
mon_loop_del_fd(struct mon_loop *l, int fd)
{
	if (fd < 0 || (size_t)fd >= l->nfds || l->fds[fd].seq == 0)
		return;
	/* may fail when the caller closed fd first: the kernel dropped it */
	(void)epoll_ctl(l->ep, EPOLL_CTL_DEL, fd, NULL);
	l->fds[fd].seq = 0;
	l->fds[fd].fn = NULL;
	l->fds[fd].arg = NULL;
}

/* ------------------------------------------------------------------ */
/* Timers: a binary min-heap of slot indexes                           */
/* ------------------------------------------------------------------ */

static bool
heap_less(const struct mon_loop *l, size_t a, size_t b)
{
	const struct loop_timer *ta = &l->slots[l->heap[a]];
	const struct loop_timer *tb = &l->slots[l->heap[b]];

	/* equal deadlines fire in the order they were armed, so that a
	 * group's probes spread at the same instant keep their order */
	if (ta->due != tb->due)
		return ta->due < tb->due;
	return ta->order < tb->order;
}

static void
heap_swap(struct mon_loop *l, size_t a, size_t b)
{
	uint32_t t = l->heap[a];

	l->heap[a] = l->heap[b];
	l->heap[b] = t;
	l->slots[l->heap[a]].heap = (uint32_t)a;
	l->slots[l->heap[b]].heap = (uint32_t)b;
}

static void
heap_up(struct mon_loop *l, size_t i)
{
	while (i > 0 && heap_less(l, i, (i - 1) / 2)) {
		heap_swap(l, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void
heap_down(struct mon_loop *l, size_t i)
{
	for (;;) {
		size_t m = i, c = 2 * i + 1;

		if (c < l->nheap && heap_less(l, c, m))
			m = c;
		if (c + 1 < l->nheap && heap_less(l, c + 1, m))
			m = c + 1;
		if (m == i)
			return;
		heap_swap(l, i, m);
		i = m;
	}
}

static void
heap_remove(struct mon_loop *l, size_t i)
{
	uint32_t slot = l->heap[i];

	l->nheap--;
	if (i != l->nheap) {
		l->heap[i] = l->heap[l->nheap];
		l->slots[l->heap[i]].heap = (uint32_t)i;
		heap_up(l, i);
		heap_down(l, l->slots[l->heap[i]].heap);
	}
	l->slots[slot].heap = UINT32_MAX;
	l->slots[slot].gen++;
	l->slots[slot].next_free = l->free_slot;
	l->free_slot = slot;
}

static int
slot_grow(struct mon_loop *l, struct err *e)
{
	size_t n = l->nslots ? 2 * l->nslots : 64, i;
	struct loop_timer *s;
	uint32_t *h;

	if (n > UINT32_MAX / 2)
		return ERR(e, ERR_LIMIT, "too many timers");
	if ((s = erw_reallocarray(l->slots, n, sizeof(*s))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	l->slots = s;
	if ((h = erw_reallocarray(l->heap, n, sizeof(*h))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	l->heap = h;
	for (i = n; i-- > l->nslots;) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].heap = UINT32_MAX;
		s[i].gen = 1;
		s[i].next_free = l->free_slot;
		l->free_slot = (uint32_t)i;
	}
	l->nslots = n;
	return 0;
}

uint64_t
mon_loop_add_timer(struct mon_loop *l, usec_t due, mon_timer_fn fn,
    void *arg, struct err *e)
{
	struct loop_timer *t;
	uint32_t slot;

	if (l->free_slot == UINT32_MAX && slot_grow(l, e) == -1)
		return 0;
	slot = l->free_slot;
	t = &l->slots[slot];
	l->free_slot = t->next_free;
	t->due = due;
	t->fn = fn;
	t->arg = arg;
	t->order = l->armed++;
	t->heap = (uint32_t)l->nheap;
	l->heap[l->nheap++] = slot;
	heap_up(l, t->heap);
	/* slot + 1 so that no id is 0 */
	return (uint64_t)t->gen << 32 | (slot + 1);
}

void
mon_loop_cancel_timer(struct mon_loop *l, uint64_t id)
{
	uint32_t slot = (uint32_t)(id & 0xffffffffu), gen = (uint32_t)(id >> 32);

	if (slot == 0 || slot > l->nslots)
		return;
	slot--;
	if (l->slots[slot].gen != gen || l->slots[slot].heap == UINT32_MAX)
		return;		/* fired or cancelled already */
	heap_remove(l, l->slots[slot].heap);
}

/* ------------------------------------------------------------------ */
/* Running                                                             */
/* ------------------------------------------------------------------ */

static int
loop_wait_ms(const struct mon_loop *l)
{
	usec_t now, d;

	if (l->nheap == 0)
		return LOOP_MAX_WAIT_MS;
	now = time_mono_usec();
	d = l->slots[l->heap[0]].due - now;
	if (d <= 0)
		return 0;
	/* round up: waking early would only spin until the deadline */
	d = (d + 999) / 1000;
	return d > LOOP_MAX_WAIT_MS ? LOOP_MAX_WAIT_MS : (int)d;
}

static void
loop_fire_timers(struct mon_loop *l)
{
	usec_t now = time_mono_usec();
	unsigned fired = 0;

	/* a callback may arm a timer already due; bound one round so fds
	 * are not starved by a timer that keeps re-arming at "now" */
	while (l->nheap > 0 && !l->stop && fired < 4096) {
		uint32_t slot = l->heap[0];
		mon_timer_fn fn = l->slots[slot].fn;
		void *arg = l->slots[slot].arg;

		if (l->slots[slot].due > now)
			break;
		heap_remove(l, 0);
		fired++;
		fn(l, arg);
	}
}

int
mon_loop_run(struct mon_loop *l, struct err *e)
{
	struct epoll_event ev[LOOP_EVENTS];
	int n, i;

	l->stop = false;
	while (!l->stop) {
		n = epoll_wait(l->ep, ev, LOOP_EVENTS, loop_wait_ms(l));
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return ERR(e, ERR_RUNTIME, "epoll_wait: %s",
			    strerror(errno));
		}
		for (i = 0; i < n && !l->stop; i++) {
			int fd = (int)(uint32_t)ev[i].data.u64;
			uint32_t seq = (uint32_t)(ev[i].data.u64 >> 32);

			if ((size_t)fd >= l->nfds || l->fds[fd].seq != seq)
				continue;	/* deleted in this batch */
			l->fds[fd].fn(l, fd, ev[i].events, l->fds[fd].arg);
		}
		loop_fire_timers(l);
	}
	return 0;
}

void
mon_loop_stop(struct mon_loop *l)
{
	l->stop = true;
}

size_t
mon_loop_timers(const struct mon_loop *l)
{
	return l->nheap;
}
