/*
 * Unit tests for probe_bgp_run() against a scripted peer on loopback (a
 * thread): a healthy OPEN exchange (and what the probe sends: OPEN,
 * KEEPALIVE, Cease 6/2 with its shutdown communication, never an UPDATE),
 * a NOTIFICATION 2/2, bytes that are not BGP, a truncated OPEN, a peer
 * that closes without an OPEN, a silent peer, a short hold time, and a
 * port nobody listens on.  Under ASan this is also the hostile-peer test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>

#include "probe/probe.h"

enum script {
	S_HEALTHY, S_NOTIFY, S_GARBAGE, S_BAD_OPEN, S_CLOSE, S_SILENT,
	S_SHORT_HOLD
};

struct peer {
	enum script	 script;
	int		 lfd;
	uint16_t	 port;
	pthread_t	 th;
	/* what the probe sent, by type */
	unsigned	 got[6];
	uint8_t		 cease_code, cease_sub;
	char		 cease_text[256];
};

static int
read_full(int fd, uint8_t *buf, size_t n)
{
	size_t off = 0;
	ssize_t r;
	struct pollfd p = { fd, POLLIN, 0 };

	while (off < n) {
		if (poll(&p, 1, 3000) <= 0)
			return -1;
		r = recv(fd, buf + off, n - off, 0);
		if (r <= 0)
			return -1;
		off += (size_t)r;
	}
	return 0;
}

/* Read one message from the probe; its type, or -1 at EOF. */
static int
read_msg(struct peer *pe, int fd)
{
	uint8_t buf[4096];
	uint16_t len;
	uint8_t type;
	struct bgp_error be;
	struct bgp_msg m;

	if (read_full(fd, buf, BGP_HDR_LEN) == -1)
		return -1;
	if (bgp_hdr_check(buf, BGP_HDR_LEN, false, &len, &type, &be) != 1)
		return -1;
	if (read_full(fd, buf + BGP_HDR_LEN, len - BGP_HDR_LEN) == -1)
		return -1;
	if (type < 6)
		pe->got[type]++;
	if (type == BGP_MSG_NOTIFICATION &&
	    bgp_msg_parse(buf, len, NULL, &m, &be) == 0) {
		pe->cease_code = m.u.notification.code;
		pe->cease_sub = m.u.notification.subcode;
		if (m.u.notification.has_shutdown_msg)
			str_copy(pe->cease_text, m.u.notification.shutdown_msg,
			    sizeof(pe->cease_text));
	}
	return type;
}

static void
send_sb(int fd, struct sb *s)
{
	assert_int_equal(send(fd, sb_str(s), s->len, MSG_NOSIGNAL),
	    (ssize_t)s->len);
	sb_reset(s);
}

static void *
peer_main(void *arg)
{
	struct peer *pe = arg;
	struct bgp_open_params op;
	struct sb s;
	int fd, t;

	sb_init(&s);
	fd = accept(pe->lfd, NULL, NULL);
	if (fd == -1)
		return NULL;
	memset(&op, 0, sizeof(op));
	op.asn = 12076;
	op.hold_time = pe->script == S_SHORT_HOLD ? 9 : 90;
	op.bgp_id = 0x0a000002;
	op.cap_mp_ipv4 = true;
	op.cap_as4 = pe->script != S_SHORT_HOLD;
	op.cap_route_refresh = true;
	read_msg(pe, fd);	/* the probe's OPEN */
	switch (pe->script) {
	case S_HEALTHY:
	case S_SHORT_HOLD:
		bgp_build_open(&s, &op);
		bgp_build_keepalive(&s);
		send_sb(fd, &s);
		while ((t = read_msg(pe, fd)) != -1) {
			if (t == BGP_MSG_KEEPALIVE && pe->got[4] == 1) {
				/* one more, to be answered */
				bgp_build_keepalive(&s);
				send_sb(fd, &s);
			}
			if (t == BGP_MSG_NOTIFICATION)
				break;
		}
		break;
	case S_NOTIFY:
		bgp_build_notification(&s, BGP_ERR_OPEN,
		    BGP_OPEN_SUB_BAD_PEER_AS, NULL, 0, NULL);
		send_sb(fd, &s);
		break;
	case S_GARBAGE:
		send(fd, "SSH-2.0-OpenSSH_9.2p1 Debian\r\n", 30, MSG_NOSIGNAL);
		while (read_msg(pe, fd) != -1)
			;
		break;
	case S_BAD_OPEN: {
		/* OPEN whose optional parameters length overruns the message */
		static const uint8_t bad[] = {
			0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			0x00, 0x1f, 0x01, 0x04, 0x2f, 0x2c, 0x00, 0x5a,
			0x0a, 0x00, 0x00, 0x02, 0x20, 0x02, 0x06
		};

		send(fd, bad, sizeof(bad), MSG_NOSIGNAL);
		while (read_msg(pe, fd) != -1)
			;
		break;
	}
	case S_CLOSE:
		break;
	case S_SILENT:
		while (read_msg(pe, fd) != -1)
			;
		break;
	}
	sb_release(&s);
	close(fd);
	return NULL;
}

static void
peer_start(struct peer *pe, enum script sc)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int one = 1;

	memset(pe, 0, sizeof(*pe));
	pe->script = sc;
	pe->lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(pe->lfd != -1);
	setsockopt(pe->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(pe->lfd, (struct sockaddr *)&sin, sizeof(sin)),
	    0);
	assert_int_equal(listen(pe->lfd, 1), 0);
	getsockname(pe->lfd, (struct sockaddr *)&sin, &sl);
	pe->port = ntohs(sin.sin_port);
	assert_int_equal(pthread_create(&pe->th, NULL, peer_main, pe), 0);
}

static void
peer_wait(struct peer *pe)
{
	shutdown(pe->lfd, SHUT_RDWR);
	pthread_join(pe->th, NULL);
	close(pe->lfd);
}

static void
run(struct peer *pe, usec_t timeout, struct probe_bgp_result *r)
{
	struct probe_target t;
	struct probe_bgp_opts o;
	struct err e;
	char arg[64];

	snprintf(arg, sizeof(arg), "127.0.0.1:%u", pe->port);
	err_clear(&e);
	assert_int_equal(probe_resolve(arg, 179, 0, &t, &e), 0);
	memset(&o, 0, sizeof(o));
	o.local_as = 65010;
	o.hold_time = 180;
	o.timeout = timeout;
	o.linger = 200 * 1000;
	o.shutdown_msg = "erwatch probe finished";
	assert_int_equal(probe_bgp_run(&t, NULL, &o, r, &e), 0);
	peer_wait(pe);
}

static void
test_healthy(void **state)
{
	struct probe_bgp_result r;
	struct peer pe;

	(void)state;
	peer_start(&pe, S_HEALTHY);
	run(&pe, 2 * USEC_PER_SEC, &r);
	assert_int_equal(r.tcp.verdict, PROBE_OPEN);
	assert_int_equal(r.stage, PROBE_BGP_ESTABLISHED);
	assert_true(r.got_open);
	assert_int_equal(bgp_open_asn(&r.open), 12076);
	assert_int_equal(r.open.hold_time, 90);
	assert_int_equal(r.hold_negotiated, 90);
	assert_true(r.open.has_as4);
	assert_int_equal(r.keepalives_rx, 2);
	assert_int_equal(r.keepalives_tx, 2);	/* confirm + answer */
	assert_true(r.sent_cease);
	assert_false(r.got_notification);
	/* what the peer received */
	assert_int_equal(pe.got[BGP_MSG_OPEN], 1);
	assert_int_equal(pe.got[BGP_MSG_UPDATE], 0);
	assert_int_equal(pe.got[BGP_MSG_KEEPALIVE], 2);
	assert_int_equal(pe.got[BGP_MSG_NOTIFICATION], 1);
	assert_int_equal(pe.cease_code, BGP_ERR_CEASE);
	assert_int_equal(pe.cease_sub, BGP_CEASE_SUB_ADMIN_SHUTDOWN);
	assert_string_equal(pe.cease_text, "erwatch probe finished");
}

static void
test_notification(void **state)
{
	struct probe_bgp_result r;
	struct peer pe;

	(void)state;
	peer_start(&pe, S_NOTIFY);
	run(&pe, 2 * USEC_PER_SEC, &r);
	assert_true(r.got_notification);
	assert_int_equal(r.notif_code, 2);
	assert_int_equal(r.notif_subcode, 2);
	assert_false(r.got_open);
	assert_int_equal(r.stage, PROBE_BGP_OPEN_SENT);
	assert_false(r.sent_cease);	/* the peer already left */
}

static void
test_garbage(void **state)
{
	struct probe_bgp_result r;
	struct peer pe;

	(void)state;
	peer_start(&pe, S_GARBAGE);
	run(&pe, 2 * USEC_PER_SEC, &r);
	assert_true(r.malformed);
	assert_true(r.malformed_what[0] != '\0');
	assert_false(r.got_open);
	assert_true(r.sent_cease);
}

static void
test_bad_open(void **state)
{
	struct probe_bgp_result r;
	struct peer pe;

	(void)state;
	peer_start(&pe, S_BAD_OPEN);
	run(&pe, 2 * USEC_PER_SEC, &r);
	assert_true(r.malformed);
	assert_false(r.got_open);
}

static void
test_close(void **state)
{
	struct probe_bgp_result r;
	struct peer pe;

	(void)state;
	peer_start(&pe, S_CLOSE);
	run(&pe, 2 * USEC_PER_SEC, &r);
	assert_true(r.peer_closed);
	assert_false(r.got_open);
	assert_int_equal(r.stage, PROBE_BGP_OPEN_SENT);
}

static void
test_silent(void **state)
{
	struct probe_bgp_result r;
	struct peer pe;
	usec_t t0 = time_mono_usec();

	(void)state;
	peer_start(&pe, S_SILENT);
	run(&pe, 300 * 1000, &r);
	assert_true(r.timed_out);
	assert_int_equal(r.stage, PROBE_BGP_OPEN_SENT);
	assert_true(r.sent_cease);
	/* bounded: the timeout plus the goodbye wait */
	assert_true(time_mono_usec() - t0 < 3 * USEC_PER_SEC);
}

static void
test_short_hold(void **state)
{
	struct probe_bgp_result r;
	struct peer pe;

	(void)state;
	peer_start(&pe, S_SHORT_HOLD);
	run(&pe, 2 * USEC_PER_SEC, &r);
	assert_int_equal(r.hold_negotiated, 9);
	assert_false(r.open.has_as4);
	assert_int_equal(r.stage, PROBE_BGP_ESTABLISHED);
}

static void
test_refused(void **state)
{
	struct probe_bgp_result r;
	struct peer pe;
	struct probe_target t;
	struct probe_bgp_opts o;
	struct err e;
	char arg[64];

	(void)state;
	/* take a free port, then close it */
	peer_start(&pe, S_CLOSE);
	snprintf(arg, sizeof(arg), "127.0.0.1:%u", pe.port);
	shutdown(pe.lfd, SHUT_RDWR);
	pthread_join(pe.th, NULL);
	close(pe.lfd);
	err_clear(&e);
	assert_int_equal(probe_resolve(arg, 179, 0, &t, &e), 0);
	memset(&o, 0, sizeof(o));
	o.local_as = 65010;
	o.hold_time = 180;
	o.timeout = USEC_PER_SEC;
	assert_int_equal(probe_bgp_run(&t, NULL, &o, &r, &e), 0);
	assert_int_equal(r.stage, PROBE_BGP_CONNECT);
	assert_int_equal(r.tcp.verdict, PROBE_REFUSED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthy),
		cmocka_unit_test(test_notification),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_bad_open),
		cmocka_unit_test(test_close),
		cmocka_unit_test(test_silent),
		cmocka_unit_test(test_short_hold),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
