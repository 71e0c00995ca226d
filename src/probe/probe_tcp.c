/*
 * TCP connect probes: one non-blocking connect() per probe, timed with the
 * monotonic clock, and a verdict taken from how it ended.  A RST and an
 * ICMP port unreachable both end connect() with ECONNREFUSED, so the socket
 * asks for extended errors (IP_RECVERR / IPV6_RECVERR, ip(7), ipv6(7)) and
 * the error queue says which it was, with the type, the code and the
 * router that sent it (SO_EE_OFFENDER).  Also here: target parsing and
 * resolution, and reading and installing TCP MD5 keys (RFC 2385,
 * TCP_MD5SIG, tcp(7)).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/errqueue.h>

#include "probe.h"

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

const char *
probe_verdict_name(enum probe_verdict v)
{
	switch (v) {
	case PROBE_OPEN:
		return "open";
	case PROBE_REFUSED:
		return "refused";
	case PROBE_FILTERED:
		return "filtered";
	case PROBE_UNREACHABLE:
		return "unreachable";
	case PROBE_NO_ROUTE:
		return "no-route";
	}
	return "unknown";
}

/* ICMP type 3 codes, RFC 792 and RFC 1812 section 5.2.7.1. */
static const char *const icmp4_unreach[] = {
	"net unreachable", "host unreachable", "protocol unreachable",
	"port unreachable", "fragmentation needed", "source route failed",
	"destination net unknown", "destination host unknown",
	"source host isolated", "net administratively prohibited",
	"host administratively prohibited", "net unreachable for TOS",
	"host unreachable for TOS", "administratively prohibited",
	"host precedence violation", "precedence cutoff in effect"
};

/* ICMPv6 type 1 codes, RFC 4443 section 3.1. */
static const char *const icmp6_unreach[] = {
	"no route to destination", "administratively prohibited",
	"beyond scope of source address", "address unreachable",
	"port unreachable", "source address failed ingress/egress policy",
	"reject route to destination", "error in source routing header"
};

const char *
probe_icmp_name(bool v6, uint8_t type, uint8_t code)
{
	if (!v6) {
		switch (type) {
		case 3:
			if (code < sizeof(icmp4_unreach) /
			    sizeof(icmp4_unreach[0]))
				return icmp4_unreach[code];
			return "destination unreachable";
		case 11:
			return code == 1 ? "fragment reassembly time exceeded" :
			    "time exceeded";
		case 12:
			return "parameter problem";
		case 5:
			return "redirect";
		}
		return "unknown ICMP error";
	}
	switch (type) {
	case 1:
		if (code < sizeof(icmp6_unreach) / sizeof(icmp6_unreach[0]))
			return icmp6_unreach[code];
		return "destination unreachable";
	case 2:
		return "packet too big";
	case 3:
		return code == 1 ? "fragment reassembly time exceeded" :
		    "hop limit exceeded";
	case 4:
		return "parameter problem";
	}
	return "unknown ICMPv6 error";
}

/* ------------------------------------------------------------------ */
/* Targets                                                             */
/* ------------------------------------------------------------------ */

static int
parse_port(const char *s, uint16_t *port)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || v > 65535)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

int
probe_split_hostport(const char *arg, uint16_t defport, char *host,
    size_t hostlen, uint16_t *port, struct err *e)
{
	const char *colon, *hs = arg, *ps = NULL;
	size_t hl;

	if (arg == NULL || *arg == '\0')
		return ERR(e, ERR_USAGE, "missing host");
	if (arg[0] == '[') {
		const char *close = strchr(arg, ']');

		if (close == NULL)
			return ERR(e, ERR_USAGE, "'%s': missing ']'", arg);
		hs = arg + 1;
		hl = (size_t)(close - hs);
		if (close[1] == ':')
			ps = close + 2;
		else if (close[1] != '\0')
			return ERR(e, ERR_USAGE, "'%s': junk after ']'", arg);
	} else if ((colon = strchr(arg, ':')) != NULL &&
	    strchr(colon + 1, ':') == NULL) {
		hl = (size_t)(colon - arg);
		ps = colon + 1;
	} else
		hl = strlen(arg);	/* a name, IPv4, or a bare IPv6 */
	if (hl == 0)
		return ERR(e, ERR_USAGE, "'%s': missing host", arg);
	if (hl >= hostlen)
		return ERR(e, ERR_USAGE, "host name too long");
	memcpy(host, hs, hl);
	host[hl] = '\0';
	*port = defport;
	if (ps != NULL && parse_port(ps, port) == -1)
		return ERR(e, ERR_USAGE, "bad port '%s' (1..65535)", ps);
	return 0;
}

static void
sa_to_addr(const struct sockaddr *sa, struct net_addr *a, uint16_t *port)
{
	memset(a, 0, sizeof(*a));
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)
		    (const void *)sa;

		net_addr_from4(a, (const uint8_t *)&s4->sin_addr);
		if (port != NULL)
			*port = ntohs(s4->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)
		    (const void *)sa;

		net_addr_from6(a, s6->sin6_addr.s6_addr);
		if (port != NULL)
			*port = ntohs(s6->sin6_port);
	}
}

static socklen_t
addr_to_sa(const struct net_addr *a, uint16_t port,
    struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == NET_AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		memcpy(&s4->sin_addr, a->a, 4);
		return sizeof(*s4);
	}
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)ss;

	s6->sin6_family = AF_INET6;
	s6->sin6_port = htons(port);
	memcpy(&s6->sin6_addr, a->a, 16);
	return sizeof(*s6);
}

int
probe_resolve(const char *arg, uint16_t defport, int family,
    struct probe_target *t, struct err *e)
{
	struct addrinfo hints, *res = NULL, *ai, *pick = NULL;
	int rc;

	memset(t, 0, sizeof(*t));
	if (probe_split_hostport(arg, defport, t->host, sizeof(t->host),
	    &t->port, e) == -1)
		return -1;
	if (net_addr_parse(t->host, &t->ip) == 0) {
		if ((family == NET_AF_INET && t->ip.family != NET_AF_INET) ||
		    (family == NET_AF_INET6 && t->ip.family != NET_AF_INET6))
			return ERR(e, ERR_USAGE, "'%s' is not of the address "
			    "family asked for", t->host);
		t->salen = addr_to_sa(&t->ip, t->port, &t->sa);
		return 0;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family == NET_AF_INET ? AF_INET :
	    family == NET_AF_INET6 ? AF_INET6 : AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(t->host, NULL, &hints, &res);
	if (rc != 0)
		return ERR(e, ERR_INPUT, "cannot resolve '%s': %s", t->host,
		    gai_strerror(rc));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET) {
			pick = ai;
			break;
		}
		if (ai->ai_family == AF_INET6 && pick == NULL)
			pick = ai;
	}
	if (pick == NULL) {
		freeaddrinfo(res);
		return ERR(e, ERR_INPUT, "cannot resolve '%s': no address",
		    t->host);
	}
	sa_to_addr(pick->ai_addr, &t->ip, NULL);
	freeaddrinfo(res);
	t->salen = addr_to_sa(&t->ip, t->port, &t->sa);
	return 0;
}

int
probe_md5_key_read(const char *path, uint8_t *key, size_t *len,
    struct err *e)
{
	uint8_t buf[PROBE_MD5_MAX_KEY + 64];
	size_t n = 0, i;
	ssize_t r;
	int fd, rc = -1;

	*len = 0;
	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return ERR(e, ERR_INPUT, "cannot open MD5 key file '%s': %s",
		    path, strerror(errno));
	while (n < sizeof(buf)) {
		r = read(fd, buf + n, sizeof(buf) - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			ERR(e, ERR_INPUT, "cannot read MD5 key file '%s': %s",
			    path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (memchr(buf, '\n', n) != NULL)
			break;
	}
	for (i = 0; i < n && buf[i] != '\n'; i++)
		;
	if (i > 0 && buf[i - 1] == '\r')
		i--;
	if (i == 0) {
		ERR(e, ERR_INPUT, "MD5 key file '%s' is empty", path);
		goto out;
	}
	if (i > PROBE_MD5_MAX_KEY) {
		ERR(e, ERR_INPUT, "MD5 key in '%s' is longer than %d bytes",
		    path, PROBE_MD5_MAX_KEY);
		goto out;
	}
	memcpy(key, buf, i);
	*len = i;
	rc = 0;
out:
	explicit_bzero(buf, sizeof(buf));
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

int
probe_md5_set(int fd, const struct net_addr *peer, const uint8_t *key,
    size_t len, struct err *e)
{
	struct tcp_md5sig sig;
	int rc;

	if (len > TCP_MD5SIG_MAXKEYLEN)
		return ERR(e, ERR_INPUT, "MD5 key longer than %d bytes",
		    TCP_MD5SIG_MAXKEYLEN);
	memset(&sig, 0, sizeof(sig));
	addr_to_sa(peer, 0, &sig.tcpm_addr);
	sig.tcpm_keylen = (uint16_t)len;
	memcpy(sig.tcpm_key, key, len);
	rc = setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &sig, sizeof(sig));
	explicit_bzero(&sig, sizeof(sig));
	if (rc == -1) {
		if (errno == EPERM || errno == EACCES)
			/* Linux checks no capability here: a seccomp or
			 * LSM policy said no */
			return ERR(e, ERR_PERM, "cannot set the TCP MD5 key: "
			    "refused by a security policy (%s)",
			    strerror(errno));
		return ERR(e, ERR_RUNTIME, "cannot set the TCP MD5 key: %s",
		    strerror(errno));
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Verdicts                                                            */
/* ------------------------------------------------------------------ */

int
probe_icmp_from_ee(uint8_t origin, uint8_t type, uint8_t code, int err_no,
    const struct sockaddr *offender, const struct net_addr *local,
    struct probe_icmp *icmp)
{
	memset(icmp, 0, sizeof(*icmp));
	if (origin != SO_EE_ORIGIN_ICMP && origin != SO_EE_ORIGIN_ICMP6)
		return -1;
	icmp->valid = true;
	icmp->v6 = origin == SO_EE_ORIGIN_ICMP6;
	icmp->type = type;
	icmp->code = code;
	icmp->err_no = err_no;
	if (offender != NULL && (offender->sa_family == AF_INET ||
	    offender->sa_family == AF_INET6))
		sa_to_addr(offender, &icmp->reporter, NULL);
	if (local != NULL && icmp->reporter.family != 0 &&
	    net_addr_eq(local, &icmp->reporter))
		icmp->local = true;
	return 0;
}

enum probe_verdict
probe_classify(int err_no, const struct probe_icmp *icmp)
{
	if (icmp != NULL && icmp->valid) {
		/* A no-route error this host made up for itself. */
		if (icmp->local && ((!icmp->v6 && icmp->type == 3 &&
		    icmp->code == 0) || (icmp->v6 && icmp->type == 1 &&
		    icmp->code == 0)))
			return PROBE_NO_ROUTE;
		return PROBE_UNREACHABLE;
	}
	switch (err_no) {
	case 0:
	case EISCONN:
		return PROBE_OPEN;
	case ECONNREFUSED:
	case ECONNRESET:
		return PROBE_REFUSED;
	case ENETUNREACH:
		return PROBE_NO_ROUTE;
	case EHOSTUNREACH:
	case EACCES:
	case EPERM:		/* a local firewall rejects */
		return PROBE_UNREACHABLE;
	}
	return PROBE_FILTERED;
}

void
probe_read_errqueue(int fd, const struct net_addr *local,
    struct probe_icmp *icmp)
{
	uint8_t cbuf[512], dummy[64];
	struct msghdr msg;
	struct iovec iov;
	struct cmsghdr *cm;
	int i;

	for (i = 0; i < 8; i++) {
		memset(&msg, 0, sizeof(msg));
		iov.iov_base = dummy;
		iov.iov_len = sizeof(dummy);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
		if (recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) == -1)
			return;
		for (cm = CMSG_FIRSTHDR(&msg); cm != NULL;
		    cm = CMSG_NXTHDR(&msg, cm)) {
			struct sock_extended_err ee;
			const struct sock_extended_err *eep;
			struct sockaddr_storage off;
			size_t avail;

			if (!((cm->cmsg_level == SOL_IP &&
			    cm->cmsg_type == IP_RECVERR) ||
			    (cm->cmsg_level == SOL_IPV6 &&
			    cm->cmsg_type == IPV6_RECVERR)))
				continue;
			avail = cm->cmsg_len - CMSG_LEN(0);
			if (avail < sizeof(ee))
				continue;
			eep = (const struct sock_extended_err *)
			    (const void *)CMSG_DATA(cm);
			memcpy(&ee, eep, sizeof(ee));
			memset(&off, 0, sizeof(off));
			/* The offender follows the record (SO_EE_OFFENDER). */
			if (avail > sizeof(ee)) {
				size_t ol = avail - sizeof(ee);

				memcpy(&off, (const uint8_t *)eep + sizeof(ee),
				    ol < sizeof(off) ? ol : sizeof(off));
			}
			if (icmp->valid)
				continue;
			probe_icmp_from_ee(ee.ee_origin, ee.ee_type,
			    ee.ee_code, (int)ee.ee_errno,
			    (const struct sockaddr *)&off, local, icmp);
		}
	}
}

static int
sock_open(const struct probe_target *t, const struct probe_src *src,
    int *fdp, struct err *e)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, one = 1, syncnt = 1;
	int af = t->ip.family == NET_AF_INET ? AF_INET : AF_INET6;

	*fdp = -1;
	if ((fd = socket(af, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		return ERR(e, ERR_RUNTIME, "socket: %s", strerror(errno));
	if (af == AF_INET)
		(void)setsockopt(fd, SOL_IP, IP_RECVERR, &one, sizeof(one));
	else
		(void)setsockopt(fd, SOL_IPV6, IPV6_RECVERR, &one,
		    sizeof(one));
	/* One retransmission at most: the probe sends what it is asked. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_SYNCNT, &syncnt,
	    sizeof(syncnt));
	if (src != NULL && src->set) {
		char ab[NET_ADDR_STRLEN];

		if (src->ip.family != t->ip.family) {
			close(fd);
			return ERR(e, ERR_USAGE, "source %s and target %s "
			    "are of different families",
			    net_addr_str(&src->ip, ab), t->host);
		}
		sl = addr_to_sa(&src->ip, 0, &ss);
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
		    sizeof(one));
		if (bind(fd, (struct sockaddr *)&ss, sl) == -1) {
			int se = errno;

			close(fd);
			return ERR(e, se == EADDRNOTAVAIL ? ERR_USAGE :
			    ERR_RUNTIME, "cannot bind source %s: %s",
			    net_addr_str(&src->ip, ab), strerror(se));
		}
	}
	*fdp = fd;
	return 0;
}

int
probe_tcp_connect(const struct probe_target *t, const struct probe_src *src,
    const uint8_t *md5key, size_t md5len, usec_t timeout,
    struct probe_tcp_result *res, int *fd_out, struct err *e)
{
	struct sockaddr_storage ls;
	socklen_t ll = sizeof(ls);
	struct pollfd pfd;
	usec_t t0, left;
	int fd, se = 0, rc;
	socklen_t sel = sizeof(se);

	memset(res, 0, sizeof(*res));
	res->started = time_now_usec();
	if (fd_out != NULL)
		*fd_out = -1;
	if (sock_open(t, src, &fd, e) == -1)
		return -1;
	if (md5key != NULL &&
	    probe_md5_set(fd, &t->ip, md5key, md5len, e) == -1) {
		close(fd);
		return -1;
	}
	t0 = time_mono_usec();
	rc = connect(fd, (const struct sockaddr *)&t->sa, t->salen);
	if (rc == -1 && errno != EINPROGRESS) {
		se = errno;
		res->rtt = time_mono_usec() - t0;
		goto done;
	}
	if (rc == 0)
		goto done;
	for (;;) {
		left = timeout - (time_mono_usec() - t0);
		if (left <= 0) {
			se = ETIMEDOUT;
			break;
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		rc = poll(&pfd, 1, (int)((left + 999) / 1000));
		if (rc == -1 && errno == EINTR)
			continue;
		if (rc == -1) {
			close(fd);
			return ERR(e, ERR_RUNTIME, "poll: %s",
			    strerror(errno));
		}
		if (rc == 0)
			continue;
		res->rtt = time_mono_usec() - t0;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &se, &sel) == -1)
			se = errno;
		break;
	}
done:
	res->ended = time_now_usec();
	if (getsockname(fd, (struct sockaddr *)&ls, &ll) == 0)
		sa_to_addr((struct sockaddr *)&ls, &res->local,
		    &res->local_port);
	res->err_no = se;
	if (se != 0)
		probe_read_errqueue(fd, &res->local, &res->icmp);
	res->verdict = probe_classify(se, &res->icmp);
	if (res->verdict == PROBE_FILTERED)
		res->rtt = 0;
	if (res->verdict == PROBE_OPEN && fd_out != NULL) {
		int fl = fcntl(fd, F_GETFL);

		if (fl != -1)
			(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
		*fd_out = fd;
		return 0;
	}
	close(fd);
	return 0;
}
