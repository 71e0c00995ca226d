/*
 * TCP SYN traceroute (IPv4): SYNs toward the peer's port with TTL 1, 2, ...
 * from a raw IPPROTO_TCP socket (the kernel adds the IP header with the
 * socket's IP_TTL), answers read from a raw ICMP socket (time exceeded,
 * destination unreachable, RFC 792; the quoted IP header and first 8 bytes
 * of our TCP header identify the probe, RFC 1812 section 4.3.2.3) and from
 * the same raw TCP socket (the destination's SYN-ACK or RST).  Each probe
 * has its own source port; no socket owns it, so the kernel answers a
 * SYN-ACK with a RST and no connection is left half open.  Raw sockets need
 * CAP_NET_RAW.  Every received byte goes through struct rd.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "probe.h"

const char *
trace_reply_name(enum trace_reply r)
{
	switch (r) {
	case TRACE_NONE:
		return "none";
	case TRACE_TIME_EXCEEDED:
		return "time-exceeded";
	case TRACE_UNREACH:
		return "unreachable";
	case TRACE_SYNACK:
		return "syn-ack";
	case TRACE_RST:
		return "rst";
	}
	return "unknown";
}

const char *
trace_end_name(enum trace_end x)
{
	switch (x) {
	case TRACE_END_OPEN:
		return "open";
	case TRACE_END_REFUSED:
		return "refused";
	case TRACE_END_UNREACH:
		return "unreachable";
	case TRACE_END_SILENT:
		return "silent";
	case TRACE_END_MAX_TTL:
		return "max-ttl";
	}
	return "unknown";
}

/* ------------------------------------------------------------------ */
/* Wire                                                                */
/* ------------------------------------------------------------------ */

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

size_t
trace_build_syn(uint8_t *buf, size_t len, uint32_t src, uint32_t dst,
    uint16_t sport, uint16_t dport, uint32_t seq)
{
	uint8_t ph[12];
	uint32_t sum = 0;
	size_t i;
	const size_t n = 24;

	if (len < n)
		return 0;
	memset(buf, 0, n);
	put16(buf, sport);
	put16(buf + 2, dport);
	put32(buf + 4, seq);
	buf[12] = (uint8_t)((n / 4) << 4);	/* data offset */
	buf[13] = TRACE_TCP_SYN;
	put16(buf + 14, 64240);			/* window */
	buf[20] = 2;				/* MSS, RFC 9293 3.2 */
	buf[21] = 4;
	put16(buf + 22, 1460);
	/* Checksum over the pseudo-header (RFC 9293 section 3.1). */
	put32(ph, src);
	put32(ph + 4, dst);
	ph[8] = 0;
	ph[9] = IPPROTO_TCP;
	put16(ph + 10, (uint16_t)n);
	for (i = 0; i < sizeof(ph); i += 2)
		sum += (uint32_t)ph[i] << 8 | ph[i + 1];
	for (i = 0; i < n; i += 2)
		sum += (uint32_t)buf[i] << 8 | buf[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put16(buf + 16, (uint16_t)~sum);
	return n;
}

/* An IPv4 header: protocol, addresses, and a child cursor on its payload. */
static int
ip4_hdr(struct rd *r, uint8_t *proto, uint32_t *src, uint32_t *dst,
    struct rd *payload, bool quoted)
{
	uint8_t vihl;
	uint16_t tot;
	size_t hl;
	struct rd h = *r;

	if (rd_u8(&h, &vihl) == -1 || (vihl >> 4) != 4)
		return -1;
	hl = (size_t)(vihl & 0x0f) * 4;
	if (hl < 20 || rd_left(r) < hl)
		return -1;
	if (rd_skip(&h, 1) == -1 || rd_be16(&h, &tot) == -1 ||
	    rd_skip(&h, 5) == -1 || rd_u8(&h, proto) == -1 ||
	    rd_skip(&h, 2) == -1 || rd_be32(&h, src) == -1 ||
	    rd_be32(&h, dst) == -1)
		return -1;
	if (rd_skip(r, hl) == -1)
		return -1;
	/* A quoted header keeps its original total length, but only 8
	 * bytes of payload follow (may be more, RFC 1812): take what is
	 * there. */
	if (!quoted && tot >= hl && (size_t)tot - hl <= rd_left(r))
		return rd_sub(r, (size_t)tot - hl, payload);
	*payload = *r;
	return 0;
}

int
trace_parse_ip4(const uint8_t *buf, size_t len, struct trace_pkt *out)
{
	struct rd r, pl, inner, tcp;
	uint8_t proto, iproto, type, code, off;
	uint32_t src, dst, isrc, idst;

	memset(out, 0, sizeof(*out));
	rd_init(&r, buf, len);
	if (ip4_hdr(&r, &proto, &src, &dst, &pl, false) == -1)
		return -1;
	net_addr_set_v4(&out->from, src);
	if (proto == IPPROTO_ICMP) {
		if (rd_u8(&pl, &type) == -1 || rd_u8(&pl, &code) == -1 ||
		    rd_skip(&pl, 6) == -1)
			return -1;
		if (type != 3 && type != 11)
			return -1;
		inner = pl;
		if (ip4_hdr(&inner, &iproto, &isrc, &idst, &tcp, true) == -1 ||
		    iproto != IPPROTO_TCP)
			return -1;
		if (rd_be16(&tcp, &out->sport) == -1 ||
		    rd_be16(&tcp, &out->dport) == -1 ||
		    rd_be32(&tcp, &out->seq) == -1)
			return -1;
		out->is_icmp = true;
		out->icmp_type = type;
		out->icmp_code = code;
		net_addr_set_v4(&out->dst, idst);
		return 0;
	}
	if (proto != IPPROTO_TCP)
		return -1;
	if (rd_be16(&pl, &out->sport) == -1 ||
	    rd_be16(&pl, &out->dport) == -1 ||
	    rd_be32(&pl, &out->seq) == -1 || rd_be32(&pl, &out->ack) == -1 ||
	    rd_u8(&pl, &off) == -1 || rd_u8(&pl, &out->flags) == -1)
		return -1;
	net_addr_set_v4(&out->dst, dst);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The run                                                             */
/* ------------------------------------------------------------------ */

struct sent {
	uint16_t	sport;
	uint32_t	seq;
	usec_t		at;
};

static int
local_addr_for(const struct probe_target *t, struct net_addr *local,
    struct err *e)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int fd;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return ERR(e, ERR_RUNTIME, "socket: %s", strerror(errno));
	if (connect(fd, (const struct sockaddr *)&t->sa, t->salen) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) == -1) {
		int se = errno;

		close(fd);
		if (se == ENETUNREACH)
			return ERR(e, ERR_RUNTIME, "no route to %s", t->host);
		return ERR(e, ERR_RUNTIME, "no source address toward %s: %s",
		    t->host, strerror(se));
	}
	close(fd);
	net_addr_from4(local, (const uint8_t *)&sin.sin_addr);
	return 0;
}

/* Take one datagram from fd and file it under its probe, if it is one. */
static void
take_reply(int fd, const struct probe_target *t, const struct sent *sent,
    size_t nsent, struct trace_hop *hop)
{
	uint8_t buf[1500];
	struct trace_pkt p;
	ssize_t n;
	size_t i;

	n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (n <= 0 || trace_parse_ip4(buf, (size_t)n, &p) == -1)
		return;
	for (i = 0; i < nsent; i++) {
		struct trace_query *q = &hop->q[i];

		if (q->reply != TRACE_NONE)
			continue;
		if (p.is_icmp) {
			if (!net_addr_eq(&p.dst, &t->ip) ||
			    p.dport != t->port || p.sport != sent[i].sport ||
			    p.seq != sent[i].seq)
				continue;
			q->reply = p.icmp_type == 11 ? TRACE_TIME_EXCEEDED :
			    TRACE_UNREACH;
			q->icmp_type = p.icmp_type;
			q->icmp_code = p.icmp_code;
		} else {
			if (!net_addr_eq(&p.from, &t->ip) ||
			    p.sport != t->port || p.dport != sent[i].sport)
				continue;
			if ((p.flags & TRACE_TCP_RST) != 0 &&
			    (p.flags & TRACE_TCP_ACK) != 0 &&
			    p.ack == sent[i].seq + 1)
				q->reply = TRACE_RST;
			else if ((p.flags & (TRACE_TCP_SYN | TRACE_TCP_ACK)) ==
			    (TRACE_TCP_SYN | TRACE_TCP_ACK) &&
			    p.ack == sent[i].seq + 1)
				q->reply = TRACE_SYNACK;
			else
				continue;
		}
		q->rtt = time_mono_usec() - sent[i].at;
		q->from = p.from;
		return;
	}
}

static bool
hop_done(const struct trace_hop *hop)
{
	unsigned i;

	for (i = 0; i < hop->nq; i++)
		if (hop->q[i].reply == TRACE_NONE)
			return false;
	return true;
}

int
probe_trace_run(const struct probe_target *t, const struct trace_opts *o,
    struct trace_result *res, struct err *e)
{
	struct sent sent[TRACE_MAX_QUERIES];
	struct sockaddr_in sin;
	struct pollfd pfd[2];
	uint8_t pkt[64];
	uint32_t lsrc, ldst, rnd = 0;
	uint16_t base;
	unsigned ttl, i, silent = 0;
	int tfd = -1, ifd = -1, ret = -1;
	usec_t deadline, left;

	memset(res, 0, sizeof(*res));
	res->started = time_now_usec();
	res->last_answered = -1;
	res->end = TRACE_END_MAX_TTL;
	if (t->ip.family != NET_AF_INET)
		return ERR(e, ERR_USAGE, "trace supports IPv4 targets only");
	if (o->queries == 0 || o->queries > TRACE_MAX_QUERIES ||
	    o->first_ttl == 0 || o->max_ttl > TRACE_MAX_TTL ||
	    o->first_ttl > o->max_ttl)
		return ERR(e, ERR_USAGE, "bad trace limits");
	tfd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_TCP);
	if (tfd == -1) {
		if (errno == EPERM || errno == EACCES)
			return ERR(e, ERR_PERM, "needs CAP_NET_RAW");
		return ERR(e, ERR_RUNTIME, "raw socket: %s", strerror(errno));
	}
	ifd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	if (ifd == -1) {
		ERR(e, errno == EPERM ? ERR_PERM : ERR_RUNTIME,
		    errno == EPERM ? "needs CAP_NET_RAW" : "raw socket: %s",
		    strerror(errno));
		goto out;
	}
	if (o->src.set) {
		if (o->src.ip.family != NET_AF_INET) {
			ERR(e, ERR_USAGE, "source must be IPv4");
			goto out;
		}
		res->local = o->src.ip;
	} else if (local_addr_for(t, &res->local, e) == -1)
		goto out;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	memcpy(&sin.sin_addr, res->local.a, 4);
	if (bind(tfd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		ERR(e, errno == EADDRNOTAVAIL ? ERR_USAGE : ERR_RUNTIME,
		    "cannot use source address: %s", strerror(errno));
		goto out;
	}
	lsrc = net_addr_v4(&res->local);
	ldst = net_addr_v4(&t->ip);
	if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
		rnd = (uint32_t)time_mono_usec();
	/* Source ports in 33000..63999, one per probe of the run. */
	base = (uint16_t)(33000 + rnd % 28000);

	for (ttl = o->first_ttl; ttl <= o->max_ttl; ttl++) {
		struct trace_hop *hop = &res->hops[res->nhops++];
		int ittl = (int)ttl;
		bool any = false;

		hop->ttl = (uint8_t)ttl;
		hop->nq = o->queries;
		if (setsockopt(tfd, IPPROTO_IP, IP_TTL, &ittl,
		    sizeof(ittl)) == -1) {
			ERR(e, ERR_RUNTIME, "IP_TTL: %s", strerror(errno));
			goto out;
		}
		for (i = 0; i < o->queries; i++) {
			struct sockaddr_in dst;
			size_t n;

			sent[i].sport = (uint16_t)(base + res->sent);
			sent[i].seq = rnd ^ (uint32_t)(ttl << 8 | i) << 12;
			n = trace_build_syn(pkt, sizeof(pkt), lsrc, ldst,
			    sent[i].sport, t->port, sent[i].seq);
			memset(&dst, 0, sizeof(dst));
			dst.sin_family = AF_INET;
			memcpy(&dst.sin_addr, t->ip.a, 4);
			sent[i].at = time_mono_usec();
			if (sendto(tfd, pkt, n, 0, (struct sockaddr *)&dst,
			    sizeof(dst)) == -1) {
				if (errno == ENETUNREACH ||
				    errno == EHOSTUNREACH) {
					hop->q[i].reply = TRACE_UNREACH;
					hop->q[i].from = res->local;
					hop->q[i].icmp_type = 3;
					continue;
				}
				ERR(e, ERR_RUNTIME, "sendto: %s",
				    strerror(errno));
				goto out;
			}
			res->sent++;
		}
		deadline = time_mono_usec() + o->wait;
		while (!hop_done(hop) &&
		    (left = deadline - time_mono_usec()) > 0) {
			pfd[0].fd = tfd;
			pfd[1].fd = ifd;
			pfd[0].events = pfd[1].events = POLLIN;
			pfd[0].revents = pfd[1].revents = 0;
			if (poll(pfd, 2, (int)((left + 999) / 1000)) <= 0)
				continue;
			if (pfd[0].revents & POLLIN)
				take_reply(tfd, t, sent, o->queries, hop);
			if (pfd[1].revents & POLLIN)
				take_reply(ifd, t, sent, o->queries, hop);
		}
		for (i = 0; i < hop->nq; i++) {
			enum trace_reply rp = hop->q[i].reply;

			if (rp == TRACE_NONE)
				continue;
			any = true;
			if (rp == TRACE_SYNACK)
				res->end = TRACE_END_OPEN;
			else if (rp == TRACE_RST &&
			    res->end != TRACE_END_OPEN)
				res->end = TRACE_END_REFUSED;
			else if (rp == TRACE_UNREACH &&
			    res->end == TRACE_END_MAX_TTL)
				res->end = TRACE_END_UNREACH;
		}
		if (any) {
			res->last_answered = res->nhops - 1;
			silent = 0;
		} else
			silent++;
		if (res->end != TRACE_END_MAX_TTL)
			break;
		if (o->max_silent > 0 && silent >= o->max_silent) {
			res->end = TRACE_END_SILENT;
			break;
		}
	}
	ret = 0;
out:
	res->ended = time_now_usec();
	if (tfd != -1)
		close(tfd);
	if (ifd != -1)
		close(ifd);
	return ret;
}
