/*
 * A BGP speaker that only says hello: the OPEN exchange of RFC 4271
 * section 8 (Connect -> OpenSent -> OpenConfirm -> Established), then a
 * clean goodbye.  It offers multiprotocol IPv4 and IPv6 unicast (RFC 4760),
 * 4-octet AS numbers (RFC 6793) and route refresh (RFC 2918), never sends
 * an UPDATE, answers the peer's KEEPALIVEs while it lingers, and leaves
 * with NOTIFICATION Cease / Administrative Shutdown (RFC 4486) carrying a
 * shutdown communication (RFC 9003).  Every byte from the peer goes through
 * the codec in bgp/ (bgp_hdr_check, bgp_msg_parse); nothing is printed.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

#define RXBUF_LEN	(2 * BGP_MAX_LEN)

const char *
probe_bgp_stage_name(enum probe_bgp_stage s)
{
	switch (s) {
	case PROBE_BGP_CONNECT:
		return "Connect";
	case PROBE_BGP_OPEN_SENT:
		return "OpenSent";
	case PROBE_BGP_OPEN_CONFIRM:
		return "OpenConfirm";
	case PROBE_BGP_ESTABLISHED:
		return "Established";
	}
	return "unknown";
}

struct conn {
	int		 fd;
	uint8_t		*buf;
	size_t		 len;		/* bytes held in buf */
	bool		 eof;
};

static int
send_all(struct conn *c, const struct sb *msg)
{
	const char *p = sb_str(msg);
	size_t left = msg->len;
	ssize_t n;

	while (left > 0) {
		n = send(c->fd, p, left, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

/*
 * Wait until deadline for one whole message.  Returns 1 with *mlen set
 * (the message is at c->buf), 0 on timeout, -1 when the connection ended
 * (c->eof) or the header is invalid (berr filled).
 */
static int
read_msg(struct conn *c, usec_t deadline, uint16_t *mlen, uint8_t *mtype,
    struct bgp_error *berr)
{
	struct pollfd pfd;
	usec_t left;
	ssize_t n;
	int rc;

	for (;;) {
		rc = bgp_hdr_check(c->buf, c->len, false, mlen, mtype, berr);
		if (rc == -1)
			return -1;
		if (rc == 1 && c->len >= *mlen)
			return 1;
		if (c->eof)
			return -1;
		left = deadline - time_mono_usec();
		if (left <= 0)
			return 0;
		pfd.fd = c->fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		rc = poll(&pfd, 1, (int)((left + 999) / 1000));
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc <= 0)
			continue;
		n = recv(c->fd, c->buf + c->len, RXBUF_LEN - c->len, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			c->eof = true;
			continue;
		}
		c->len += (size_t)n;
	}
}

static void
consume(struct conn *c, size_t n)
{
	memmove(c->buf, c->buf + n, c->len - n);
	c->len -= n;
}

/* Wait for the peer to connect from t->ip (passive mode). */
static int
accept_peer(const struct probe_target *t, const struct probe_src *src,
    const struct probe_bgp_opts *o, int *fdp, struct err *e)
{
	struct sockaddr_storage ss, ps;
	socklen_t sl, pl;
	struct net_addr any, from;
	struct pollfd pfd;
	usec_t deadline = time_mono_usec() + o->timeout, left;
	int lfd, fd, one = 1;
	int af = t->ip.family == NET_AF_INET ? AF_INET : AF_INET6;

	*fdp = -1;
	if ((lfd = socket(af, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return ERR(e, ERR_RUNTIME, "socket: %s", strerror(errno));
	(void)setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&any, 0, sizeof(any));
	any.family = t->ip.family;
	memset(&ss, 0, sizeof(ss));
	if (af == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(t->port);
		if (src != NULL && src->set)
			memcpy(&s4->sin_addr, src->ip.a, 4);
		sl = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(t->port);
		if (src != NULL && src->set)
			memcpy(&s6->sin6_addr, src->ip.a, 16);
		sl = sizeof(*s6);
	}
	if (o->md5key != NULL &&
	    probe_md5_set(lfd, &t->ip, o->md5key, o->md5len, e) == -1)
		goto fail;
	if (bind(lfd, (struct sockaddr *)&ss, sl) == -1) {
		ERR(e, errno == EACCES ? ERR_PERM : ERR_RUNTIME,
		    "cannot listen on port %u: %s%s", t->port, strerror(errno),
		    errno == EACCES ? " (ports below 1024 need "
		    "CAP_NET_BIND_SERVICE)" : "");
		goto fail;
	}
	if (listen(lfd, 4) == -1) {
		ERR(e, ERR_RUNTIME, "listen: %s", strerror(errno));
		goto fail;
	}
	for (;;) {
		left = deadline - time_mono_usec();
		if (left <= 0)
			break;
		pfd.fd = lfd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, (int)((left + 999) / 1000)) <= 0)
			continue;
		pl = sizeof(ps);
		fd = accept(lfd, (struct sockaddr *)&ps, &pl);
		if (fd == -1)
			continue;
		memset(&from, 0, sizeof(from));
		if (ps.ss_family == AF_INET)
			net_addr_from4(&from, (const uint8_t *)
			    &((struct sockaddr_in *)(void *)&ps)->sin_addr);
		else
			net_addr_from6(&from,
			    ((struct sockaddr_in6 *)(void *)&ps)->
			    sin6_addr.s6_addr);
		if (!net_addr_eq(&from, &t->ip)) {
			close(fd);	/* someone else: not our peer */
			continue;
		}
		*fdp = fd;
		break;
	}
	close(lfd);
	return 0;
fail:
	close(lfd);
	return -1;
}

static void
record_notification(struct probe_bgp_result *r, const struct bgp_msg *m)
{
	r->got_notification = true;
	r->notif_code = m->u.notification.code;
	r->notif_subcode = m->u.notification.subcode;
	if (m->u.notification.has_shutdown_msg)
		str_copy(r->notif_text, m->u.notification.shutdown_msg,
		    sizeof(r->notif_text));
}

/* Cease / Administrative Shutdown, then a bounded wait for the peer to
 * close, so the NOTIFICATION is read before our FIN. */
static void
say_goodbye(struct conn *c, const struct probe_bgp_opts *o,
    struct probe_bgp_result *r)
{
	struct sb msg;
	usec_t deadline;
	struct pollfd pfd;
	uint8_t sink[512];

	sb_init(&msg);
	if (bgp_build_notification(&msg, BGP_ERR_CEASE,
	    BGP_CEASE_SUB_ADMIN_SHUTDOWN, NULL, 0, o->shutdown_msg) == 0 &&
	    send_all(c, &msg) == 0)
		r->sent_cease = true;
	sb_release(&msg);
	(void)shutdown(c->fd, SHUT_WR);
	deadline = time_mono_usec() + USEC_PER_SEC;
	while (time_mono_usec() < deadline) {
		pfd.fd = c->fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		if (recv(c->fd, sink, sizeof(sink), 0) <= 0)
			break;
	}
}

static void
addr_of(int fd, bool peer, struct net_addr *a, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int rc;

	memset(a, 0, sizeof(*a));
	*port = 0;
	rc = peer ? getpeername(fd, (struct sockaddr *)&ss, &sl) :
	    getsockname(fd, (struct sockaddr *)&ss, &sl);
	if (rc == -1)
		return;
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *sin = (void *)&ss;

		net_addr_from4(a, (const uint8_t *)&sin->sin_addr);
		*port = ntohs(sin->sin_port);
	} else if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (void *)&ss;

		net_addr_from6(a, sin6->sin6_addr.s6_addr);
		*port = ntohs(sin6->sin6_port);
	}
}

int
probe_bgp_run(const struct probe_target *t, const struct probe_src *src,
    const struct probe_bgp_opts *o, struct probe_bgp_result *r,
    struct err *e)
{
	struct bgp_open_params op;
	struct bgp_error berr;
	struct bgp_msg m, ours;
	struct bgp_neg neg;
	struct conn c;
	struct sb msg;
	usec_t deadline, linger_end = 0, t_open = 0;
	uint16_t mlen;
	uint8_t mtype;
	int rc, ret = -1;

	/* Until both OPENs are known: 2-octet AS paths, no add-path. */
	memset(&neg, 0, sizeof(neg));
	memset(&ours, 0, sizeof(ours));
	memset(r, 0, sizeof(*r));
	memset(&c, 0, sizeof(c));
	c.fd = -1;
	sb_init(&msg);
	r->started = time_now_usec();
	r->peer = t->ip;
	if (o->passive) {
		if (accept_peer(t, src, o, &c.fd, e) == -1)
			goto out;
		if (c.fd == -1) {
			r->timed_out = true;
			r->tcp.verdict = PROBE_FILTERED;
			ret = 0;
			goto out;
		}
		r->tcp.verdict = PROBE_OPEN;
	} else {
		if (probe_tcp_connect(t, src, o->md5key, o->md5len,
		    o->timeout, &r->tcp, &c.fd, e) == -1)
			goto out;
		if (c.fd == -1) {
			ret = 0;
			goto out;
		}
	}
	addr_of(c.fd, false, &r->local, &r->local_port);
	addr_of(c.fd, true, &r->peer, &r->peer_port);
	if ((c.buf = erw_malloc(RXBUF_LEN)) == NULL) {
		ERR(e, ERR_NOMEM, "out of memory");
		goto out;
	}

	memset(&op, 0, sizeof(op));
	op.asn = o->local_as;
	op.hold_time = o->hold_time;
	op.bgp_id = o->router_id;
	if (op.bgp_id == 0 && r->local.family == NET_AF_INET)
		op.bgp_id = net_addr_v4(&r->local);
	if (op.bgp_id == 0)
		op.bgp_id = 0x7f000001;
	op.cap_mp_ipv4 = true;
	op.cap_mp_ipv6 = true;
	op.cap_as4 = true;
	op.cap_route_refresh = true;
	if (bgp_build_open(&msg, &op) == -1) {
		ERR(e, ERR_NOMEM, "cannot build the OPEN message");
		goto out;
	}
	/* Our own OPEN, decoded, for the negotiation once the peer's is in:
	 * a peer that announces routes after both sent the 4-octet AS
	 * capability writes 4-octet AS_PATHs (RFC 6793), and reading those
	 * as 2-octet ones calls a valid UPDATE malformed.  ours points into
	 * msg, which keeps the OPEN until the peer's arrives. */
	memset(&berr, 0, sizeof(berr));
	if (bgp_msg_parse((const uint8_t *)msg.buf, msg.len, NULL, &ours,
	    &berr) == -1) {
		ERR(e, ERR_RUNTIME, "our own OPEN does not parse: %s",
		    berr.what);
		goto out;
	}
	if (send_all(&c, &msg) == -1) {
		r->peer_closed = true;
		ret = 0;
		goto out;
	}
	t_open = time_mono_usec();
	r->stage = PROBE_BGP_OPEN_SENT;
	deadline = t_open + o->timeout;

	for (;;) {
		memset(&berr, 0, sizeof(berr));
		rc = read_msg(&c, deadline, &mlen, &mtype, &berr);
		if (rc == 0) {
			/* Lingering in Established ends quietly. */
			if (r->stage != PROBE_BGP_ESTABLISHED)
				r->timed_out = true;
			break;
		}
		if (rc == -1) {
			if (c.eof)
				r->peer_closed = true;
			else {
				r->malformed = true;
				str_copy(r->malformed_what, berr.what,
				    sizeof(r->malformed_what));
			}
			break;
		}
		memset(&berr, 0, sizeof(berr));
		if (bgp_msg_parse(c.buf, mlen, &neg, &m, &berr) == -1) {
			r->malformed = true;
			str_copy(r->malformed_what, berr.what,
			    sizeof(r->malformed_what));
			break;
		}
		if (m.type == BGP_MSG_NOTIFICATION) {
			record_notification(r, &m);
			consume(&c, mlen);
			break;
		}
		if (m.type == BGP_MSG_OPEN && !r->got_open) {
			r->got_open = true;
			r->open = m.u.open;
			r->open_rtt = time_mono_usec() - t_open;
			r->hold_negotiated = o->hold_time < r->open.hold_time ?
			    o->hold_time : r->open.hold_time;
			r->stage = PROBE_BGP_OPEN_CONFIRM;
			/* The peer's messages from now on, as it writes
			 * them: before msg (our OPEN) and c.buf are reused. */
			bgp_negotiate(&m.u.open, &ours.u.open, &neg);
			consume(&c, mlen);
			sb_reset(&msg);
			if (bgp_build_keepalive(&msg) == -1 ||
			    send_all(&c, &msg) == -1) {
				r->peer_closed = true;
				break;
			}
			r->keepalives_tx++;
			deadline = time_mono_usec() + o->timeout;
			continue;
		}
		if (m.type == BGP_MSG_KEEPALIVE) {
			r->keepalives_rx++;
			consume(&c, mlen);
			if (r->stage == PROBE_BGP_OPEN_CONFIRM) {
				r->stage = PROBE_BGP_ESTABLISHED;
				linger_end = time_mono_usec() + o->linger;
				deadline = linger_end;
				if (o->linger <= 0)
					break;
				continue;
			}
			if (r->stage == PROBE_BGP_ESTABLISHED) {
				/* Answer, so its hold timer stays happy. */
				sb_reset(&msg);
				if (bgp_build_keepalive(&msg) == 0 &&
				    send_all(&c, &msg) == 0)
					r->keepalives_tx++;
			}
			continue;
		}
		/* UPDATE, ROUTE-REFRESH, a second OPEN: read and ignored. */
		consume(&c, mlen);
	}
	if (!r->got_notification && !r->peer_closed)
		say_goodbye(&c, o, r);
	ret = 0;
out:
	r->ended = time_now_usec();
	if (c.fd != -1)
		close(c.fd);
	free(c.buf);
	sb_release(&msg);
	return ret;
}
