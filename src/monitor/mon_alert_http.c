/*
 * mon_alert_http: webhook POSTs through libcurl's multi socket API, on the
 * monitor's loop.  libcurl says which sockets it wants watched
 * (CURLMOPT_SOCKETFUNCTION) and when it wants to be called back
 * (CURLMOPT_TIMERFUNCTION); both become loop registrations, and readiness
 * goes back through curl_multi_socket_action().  Nothing blocks: name
 * resolution is libcurl's threaded resolver, connects and transfers are
 * non-blocking, each transfer has CURLOPT_TIMEOUT_MS.  A 2xx answer is
 * delivered; anything else (status, timeout, refused) is an error string
 * for the alert's last_error, never with a header in it.
 */
#include <sys/epoll.h>

#include <curl/curl.h>

#include "mon_alert_int.h"

struct http_xfer {
	struct mon_http		*h;
	CURL			*easy;
	struct curl_slist	*hdrs;	/* holds copies of the secrets */
	char			*body;
	mon_send_done_fn	 done;
	void			*arg;
	char			 errbuf[CURL_ERROR_SIZE];
	struct http_xfer	*next;
};

struct mon_http {
	struct mon_loop		*loop;
	CURLM			*multi;
	uint64_t		 timer;
	struct http_xfer	*xfers;
	size_t			 n;
};

static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

static void
xfer_free(struct http_xfer *x)
{
	struct curl_slist *s;

	/* the header list holds the header file's secrets in copies */
	for (s = x->hdrs; s != NULL; s = s->next)
		explicit_bzero(s->data, strlen(s->data));
	curl_slist_free_all(x->hdrs);
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	free(x->body);
	free(x);
}

static void
unlink_xfer(struct mon_http *h, struct http_xfer *x)
{
	struct http_xfer **pp;

	for (pp = &h->xfers; *pp != NULL; pp = &(*pp)->next)
		if (*pp == x) {
			*pp = x->next;
			h->n--;
			return;
		}
}

/* Finished transfers: answer each and free it. */
static void
check_done(struct mon_http *h)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(h->multi, &left)) != NULL) {
		struct http_xfer *x;
		char err[160];
		long code = 0;
		bool ok = false;

		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		if (m->data.result == CURLE_OK) {
			curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE,
			    &code);
			ok = code >= 200 && code <= 299;
			snprintf(err, sizeof(err), "http %ld", code);
		} else
			/* libcurl's message names the host and the failure,
			 * never a request header */
			str_copy(err, x->errbuf[0] != '\0' ? x->errbuf :
			    curl_easy_strerror(m->data.result), sizeof(err));
		curl_multi_remove_handle(h->multi, x->easy);
		unlink_xfer(h, x);
		x->done(x->arg, ok, ok ? NULL : err);
		xfer_free(x);
	}
}

static void
on_fd(struct mon_loop *loop, int fd, uint32_t events, void *arg)
{
	struct mon_http *h = arg;
	int mask = 0, running;

	(void)loop;
	if (events & EPOLLIN)
		mask |= CURL_CSELECT_IN;
	if (events & EPOLLOUT)
		mask |= CURL_CSELECT_OUT;
	if (events & (EPOLLERR | EPOLLHUP))
		mask |= CURL_CSELECT_ERR;
	curl_multi_socket_action(h->multi, fd, mask, &running);
	check_done(h);
}

static void
on_timer(struct mon_loop *loop, void *arg)
{
	struct mon_http *h = arg;
	int running;

	(void)loop;
	h->timer = 0;
	curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done(h);
}

/* CURLMOPT_SOCKETFUNCTION: watch s as libcurl asks. */
static int
sock_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *sockp)
{
	struct mon_http *h = userp;
	uint32_t ev = 0;
	struct err e;

	(void)easy;
	err_clear(&e);
	if (what == CURL_POLL_REMOVE) {
		if (sockp != NULL) {
			mon_loop_del_fd(h->loop, s);
			curl_multi_assign(h->multi, s, NULL);
		}
		return 0;
	}
	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		ev |= EPOLLIN;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		ev |= EPOLLOUT;
	if (sockp == NULL) {
		if (mon_loop_add_fd(h->loop, s, ev, on_fd, h, &e) == -1)
			return -1;
		/* any non-NULL marks the socket as registered */
		curl_multi_assign(h->multi, s, h);
		return 0;
	}
	return mon_loop_mod_fd(h->loop, s, ev, &e);
}

/* CURLMOPT_TIMERFUNCTION: one loop timer, replaced on every call. */
static int
timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct mon_http *h = userp;
	struct err e;

	(void)multi;
	err_clear(&e);
	if (h->timer != 0) {
		mon_loop_cancel_timer(h->loop, h->timer);
		h->timer = 0;
	}
	if (timeout_ms < 0)
		return 0;
	/* 0 means "now": from the loop, never from inside libcurl's call */
	h->timer = mon_loop_add_timer(h->loop, time_mono_usec() +
	    (usec_t)timeout_ms * 1000, on_timer, h, &e);
	return h->timer == 0 ? -1 : 0;
}

int
mon_http_new(struct mon_loop *loop, struct mon_http **out, struct err *e)
{
	struct mon_http *h;

	*out = NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return ERR(e, ERR_RUNTIME, "libcurl: cannot initialise");
	if ((h = erw_calloc(1, sizeof(*h))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	h->loop = loop;
	if ((h->multi = curl_multi_init()) == NULL) {
		free(h);
		return ERR(e, ERR_RUNTIME, "libcurl: cannot make a multi "
		    "handle");
	}
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, sock_cb);
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	*out = h;
	return 0;
}

void
mon_http_free(struct mon_http *h)
{
	struct http_xfer *x;

	if (h == NULL)
		return;
	while ((x = h->xfers) != NULL) {
		h->xfers = x->next;
		h->n--;
		curl_multi_remove_handle(h->multi, x->easy);
		x->done(x->arg, false, "aborted");
		xfer_free(x);
	}
	if (h->timer != 0)
		mon_loop_cancel_timer(h->loop, h->timer);
	curl_multi_cleanup(h->multi);
	curl_global_cleanup();
	free(h);
}

size_t
mon_http_inflight(const struct mon_http *h)
{
	return h->n;
}

int
mon_http_post(struct mon_http *h, const struct mon_alert_chan *ch,
    const char *payload, mon_send_done_fn done, void *arg, struct err *e)
{
	struct http_xfer *x;
	struct curl_slist *s;
	size_t i;

	if ((x = erw_calloc(1, sizeof(*x))) == NULL)
		return ERR(e, ERR_NOMEM, "out of memory");
	x->h = h;
	x->done = done;
	x->arg = arg;
	if ((x->body = erw_strdup(payload)) == NULL ||
	    (x->easy = curl_easy_init()) == NULL)
		goto nomem;
	for (i = 0; i < ch->nheaders; i++) {
		if ((s = curl_slist_append(x->hdrs, ch->headers[i])) == NULL)
			goto nomem;
		x->hdrs = s;
	}
	if ((s = curl_slist_append(x->hdrs,
	    "Content-Type: application/json")) == NULL)
		goto nomem;
	x->hdrs = s;
	/* no "Expect: 100-continue" round trip for a small body */
	if ((s = curl_slist_append(x->hdrs, "Expect:")) == NULL)
		goto nomem;
	x->hdrs = s;
	curl_easy_setopt(x->easy, CURLOPT_URL, ch->url);
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, x->body);
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)strlen(x->body));
	curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->hdrs);
	curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS,
	    (long)(ch->timeout / 1000));
	curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT_MS,
	    (long)(ch->timeout / 1000));
	/* a daemon: no signals from libcurl, no redirects followed with
	 * the secrets' headers to another host */
	curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	curl_easy_setopt(x->easy, CURLOPT_USERAGENT, "erwatch/" ERW_VERSION);
	/* the answer's body is not wanted; libcurl's default would write
	 * it to our stdout */
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, discard);
	if (curl_multi_add_handle(h->multi, x->easy) != CURLM_OK) {
		xfer_free(x);
		return ERR(e, ERR_RUNTIME, "libcurl: cannot add a transfer");
	}
	x->next = h->xfers;
	h->xfers = x;
	h->n++;
	return 0;
nomem:
	xfer_free(x);
	return ERR(e, ERR_NOMEM, "out of memory");
}
