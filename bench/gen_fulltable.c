/*
 * gen_fulltable: writes the capture the pcap benchmark reads.  One eBGP
 * session over one TCP connection between an on-premises edge (CE,
 * 172.16.0.1, AS 65010) and the Microsoft edge (MSEE, 172.16.0.2, AS 12076),
 * as a classic pcap of Ethernet frames, 802.1Q tagged unless --vlan 0.
 * The addresses are only bytes in a file: nothing is sent anywhere.
 *
 * The session: a three-way handshake with MSS, SACK-permitted, timestamps
 * and window scale, an OPEN each way (4-octet AS, multiprotocol IPv4 and
 * IPv6, route refresh, graceful restart), a KEEPALIVE each way, then a full
 * table from the MSEE: --prefixes distinct IPv4 prefixes with a prefix
 * length mix like today's Internet table, plus IPv6 prefixes in MP_REACH,
 * grouped so prefixes sharing attributes share an UPDATE, End-of-RIB for
 * both families, then bursts of churn (withdrawals and re-announcements)
 * separated by idle gaps until the file reaches --size-mb.  UPDATEs are
 * built by the codec's bgp_build_update() and packed back to back into
 * segments of 1448 bytes (MSS 1460 less the timestamp option), so most
 * segments carry several messages and messages straddle segments.  The CE
 * acknowledges every fourth segment; each side sends a KEEPALIVE when 60 s
 * of capture time have passed since its last one (hold time 180).
 *
 * The output depends only on the seed and the table size: --size-mb decides
 * when to stop, after a churn burst, so a smaller file is a byte-exact
 * prefix of a bigger one made with the same other options (run_pcap.sh uses
 * that to give tshark a sample).  --stats writes what was generated (frames,
 * messages per sender and type, prefixes) as JSON, so tests can compare it
 * with what the decoders report.
 *
 * Formats: pcap (tcpdump.org "pcap savefile" format, LINKTYPE_ETHERNET),
 * IEEE 802.1Q, RFC 791, RFC 9293 with RFC 7323 and RFC 2018 options,
 * RFC 4271 with RFC 4760, 6793, 2918, 4724, 1997, 8092.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp.h"
#include "net/net.h"
#include "pkt/pkt.h"
#include "util/util.h"

#define GEN_MSS			1460
#define GEN_SEG_PAYLOAD		1448	/* MSS less the 12-byte TS option */
#define GEN_ACK_EVERY		4	/* receiver ACKs every N segments */
#define GEN_SEG_USEC		10	/* capture time per data segment */
#define GEN_HOLD		180
#define GEN_KEEPALIVE_USEC	(60 * USEC_PER_SEC)
#define GEN_START_SEC		1795608000LL	/* 2026-11-25T12:00:00Z */
#define GEN_OUTBUF		(4u * 1024 * 1024)
#define GEN_MAX_PREFIXES	4000000
#define GEN_STREAM_CAP		(64u * 1024)

#define GEN_CE	0
#define GEN_MSEE 1

/* ------------------------------------------------------------------ */
/* Random numbers: splitmix64, reproducible from --seed                */
/* ------------------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t
rng_next(void)
{
	uint64_t z;

	z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static uint32_t
rng_range(uint32_t lo, uint32_t hi)
{
	return lo + (uint32_t)(rng_next() % ((uint64_t)hi - lo + 1));
}

/* True with probability permille/1000. */
static bool
rng_chance(unsigned permille)
{
	return rng_next() % 1000 < permille;
}

/* Index into a table of weights that sum to total. */
static size_t
rng_pick(const unsigned *weights, size_t n, unsigned total)
{
	unsigned r;
	size_t i;

	r = (unsigned)(rng_next() % total);
	for (i = 0; i + 1 < n; i++) {
		if (r < weights[i])
			return i;
		r -= weights[i];
	}
	return n - 1;
}

/* ------------------------------------------------------------------ */
/* State                                                               */
/* ------------------------------------------------------------------ */

struct side {
	uint8_t		mac[6];
	uint32_t	ip;		/* host order */
	uint16_t	port;
	uint32_t	seq;		/* next sequence number to send */
	uint32_t	ts_base;	/* TSval at capture start, ms */
	uint16_t	ip_id;
	uint16_t	window;		/* raw, scaled by 2^7 */
	uint32_t	unacked;	/* segments received since our last ACK */
	usec_t		ka_due;		/* next KEEPALIVE */
	uint8_t		stream[GEN_STREAM_CAP];	/* BGP bytes not yet sent */
	size_t		slen;
	uint64_t	msgs[BGP_MSG_TYPE_MAX + 1];
	uint64_t	announced, withdrawn;
};

struct gen {
	FILE		*f;
	uint8_t		*obuf;
	size_t		 olen;
	uint64_t	 bytes;		/* written to the file, header included */
	uint64_t	 frames;
	usec_t		 now;		/* capture clock, usec since the epoch */
	uint16_t	 vlan;		/* 0: untagged */
	struct side	 s[2];
	struct sb	 msg;		/* scratch for the builders */
	int		 werr;		/* sticky write error (errno) */
	bool		 build_failed;	/* a bgp_build_*() call failed */
};

struct table {
	struct net_prefix *p;
	uint8_t		*up;		/* announced now? */
	size_t		 n;
};

/* ------------------------------------------------------------------ */
/* Output: pcap records through one large buffer                       */
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

/* pcap headers are in the writer's byte order; we write little endian. */
static void
put16le(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void
out_flush(struct gen *g)
{
	if (g->olen == 0)
		return;
	if (g->werr == 0 && fwrite(g->obuf, 1, g->olen, g->f) != g->olen)
		g->werr = errno != 0 ? errno : EIO;
	g->olen = 0;
}

static uint8_t *
out_reserve(struct gen *g, size_t n)
{
	if (GEN_OUTBUF - g->olen < n)
		out_flush(g);
	return g->obuf + g->olen;
}

static void
out_file_header(struct gen *g)
{
	uint8_t *h;

	h = out_reserve(g, 24);
	put32le(h, 0xa1b2c3d4);		/* microsecond timestamps */
	put16le(h + 4, 2);		/* version 2.4 */
	put16le(h + 6, 4);
	put32le(h + 8, 0);		/* thiszone */
	put32le(h + 12, 0);		/* sigfigs */
	put32le(h + 16, 262144);	/* snaplen */
	put32le(h + 20, 1);		/* LINKTYPE_ETHERNET */
	g->olen += 24;
	g->bytes += 24;
}

/* Ones' complement sum of 16-bit big-endian words (RFC 1071). */
static uint32_t
csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static uint16_t
csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/*
 * One TCP segment from side `from` to the other side, at g->now, with the
 * ACK of everything the other side sent.  SYNs carry MSS, SACK-permitted,
 * timestamps and window scale (Linux order); the rest carry timestamps.
 */
static void
emit_segment(struct gen *g, int from, uint8_t flags, const uint8_t *data,
    size_t len)
{
	struct side *src = &g->s[from], *dst = &g->s[!from];
	uint8_t *rec, *p, *ip, *tcp;
	size_t l2, optlen, frame;
	uint32_t sum, tsval, tsecr;

	optlen = (flags & PKT_TCP_SYN) ? 20 : 12;
	l2 = g->vlan ? 18 : 14;
	frame = l2 + 20 + 20 + optlen + len;
	rec = out_reserve(g, 16 + frame);
	put32le(rec, (uint32_t)(g->now / USEC_PER_SEC));
	put32le(rec + 4, (uint32_t)(g->now % USEC_PER_SEC));
	put32le(rec + 8, (uint32_t)frame);
	put32le(rec + 12, (uint32_t)frame);
	p = rec + 16;

	memcpy(p, dst->mac, 6);
	memcpy(p + 6, src->mac, 6);
	if (g->vlan) {
		put16(p + 12, 0x8100);
		put16(p + 14, g->vlan);		/* PCP 0, DEI 0 */
		put16(p + 16, 0x0800);
	} else
		put16(p + 12, 0x0800);

	ip = p + l2;
	ip[0] = 0x45;
	ip[1] = 0xc0;			/* DSCP CS6, network control */
	put16(ip + 2, (uint16_t)(20 + 20 + optlen + len));
	put16(ip + 4, src->ip_id++);
	put16(ip + 6, 0x4000);		/* DF */
	ip[8] = 1;			/* single-hop eBGP */
	ip[9] = 6;
	put16(ip + 10, 0);
	put32(ip + 12, src->ip);
	put32(ip + 16, dst->ip);
	put16(ip + 10, csum_fold(csum_add(0, ip, 20)));

	tcp = ip + 20;
	put16(tcp, src->port);
	put16(tcp + 2, dst->port);
	put32(tcp + 4, src->seq);
	put32(tcp + 8, (flags & PKT_TCP_ACK) ? dst->seq : 0);
	tcp[12] = (uint8_t)(((20 + optlen) / 4) << 4);
	tcp[13] = flags;
	put16(tcp + 14, (flags & PKT_TCP_SYN) ? 64240 : src->window);
	put16(tcp + 16, 0);
	put16(tcp + 18, 0);
	tsval = src->ts_base + (uint32_t)((g->now - GEN_START_SEC *
	    USEC_PER_SEC) / 1000);
	tsecr = (flags & PKT_TCP_ACK) ? dst->ts_base + (uint32_t)((g->now -
	    GEN_START_SEC * USEC_PER_SEC) / 1000) : 0;
	p = tcp + 20;
	if (flags & PKT_TCP_SYN) {
		/* kind, length, value: MSS (2), SACK permitted (4),
		 * timestamps (8, filled below), NOP, window scale (3) */
		static const uint8_t syn_opts[20] = {
			2, 4, GEN_MSS >> 8, GEN_MSS & 0xff, 4, 2, 8, 10,
			0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 7
		};

		memcpy(p, syn_opts, sizeof(syn_opts));
		put32(p + 8, tsval);
		put32(p + 12, tsecr);
	} else {
		/* NOP, NOP, timestamps (RFC 7323 appendix A layout) */
		static const uint8_t opts[4] = { 1, 1, 8, 10 };

		memcpy(p, opts, sizeof(opts));
		put32(p + 4, tsval);
		put32(p + 8, tsecr);
	}
	if (len > 0)
		memcpy(tcp + 20 + optlen, data, len);

	/* Pseudo-header, then the segment (RFC 9293 section 3.1). */
	sum = csum_add(0, ip + 12, 8);
	sum += 6 + (uint32_t)(20 + optlen + len);
	sum = csum_add(sum, tcp, 20 + optlen + len);
	put16(tcp + 16, csum_fold(sum));

	g->olen += 16 + frame;
	g->bytes += 16 + frame;
	g->frames++;
	src->seq += (uint32_t)len + ((flags & (PKT_TCP_SYN |
	    PKT_TCP_FIN)) ? 1 : 0);
	src->unacked = 0;	/* every segment we send ACKs the peer */
	if (len > 0)
		dst->unacked++;
}

/* A pure ACK from side `from`, two microseconds later. */
static void
emit_ack(struct gen *g, int from)
{
	g->now += 2;
	emit_segment(g, from, PKT_TCP_ACK, NULL, 0);
}

/* ------------------------------------------------------------------ */
/* BGP byte streams                                                    */
/* ------------------------------------------------------------------ */

/*
 * Send what side `from` has queued: full segments only, or everything
 * (the last segment short, with PSH) when all is set.  The receiver ACKs
 * every GEN_ACK_EVERY segments and once at the end of a flush-all.
 */
static void
stream_send(struct gen *g, int from, bool all)
{
	struct side *s = &g->s[from];
	size_t off = 0, n;

	while (s->slen - off >= GEN_SEG_PAYLOAD ||
	    (all && s->slen - off > 0)) {
		n = s->slen - off;
		if (n > GEN_SEG_PAYLOAD)
			n = GEN_SEG_PAYLOAD;
		g->now += GEN_SEG_USEC;
		emit_segment(g, from, PKT_TCP_ACK |
		    (n < GEN_SEG_PAYLOAD || off + n == s->slen ?
		    PKT_TCP_PSH : 0), s->stream + off, n);
		off += n;
		if (g->s[!from].unacked >= GEN_ACK_EVERY)
			emit_ack(g, !from);
	}
	if (all && g->s[!from].unacked > 0)
		emit_ack(g, !from);
	memmove(s->stream, s->stream + off, s->slen - off);
	s->slen -= off;
}

/* Queue the messages in g->msg (whole messages) on side `from`. */
static void
stream_put(struct gen *g, int from)
{
	struct side *s = &g->s[from];
	const uint8_t *m = (const uint8_t *)g->msg.buf;
	size_t off, mlen;

	if (g->msg.len == 0)		/* the builder failed: nothing to send */
		return;
	if (g->msg.len > sizeof(s->stream) - s->slen)
		stream_send(g, from, false);
	/* Count by reading back the headers: what is counted is what is sent. */
	for (off = 0; off + BGP_HDR_LEN <= g->msg.len; off += mlen) {
		mlen = (size_t)m[off + 16] << 8 | m[off + 17];
		if (mlen < BGP_HDR_LEN)
			break;
		if (m[off + 18] <= BGP_MSG_TYPE_MAX)
			s->msgs[m[off + 18]]++;
	}
	memcpy(s->stream + s->slen, g->msg.buf, g->msg.len);
	s->slen += g->msg.len;
	sb_reset(&g->msg);
	if (s->slen >= GEN_SEG_PAYLOAD)
		stream_send(g, from, false);
}

static void
send_keepalive(struct gen *g, int from)
{
	if (bgp_build_keepalive(&g->msg) == -1)
		g->build_failed = true;
	stream_put(g, from);
	stream_send(g, from, true);
	g->s[from].ka_due = g->now + GEN_KEEPALIVE_USEC -
	    (usec_t)rng_range(0, 500000);
}

/* Let capture time pass until `until`, sending KEEPALIVEs when due. */
static void
idle_until(struct gen *g, usec_t until)
{
	int who;

	for (;;) {
		who = g->s[GEN_CE].ka_due <= g->s[GEN_MSEE].ka_due ?
		    GEN_CE : GEN_MSEE;
		if (g->s[who].ka_due > until)
			break;
		if (g->s[who].ka_due > g->now)
			g->now = g->s[who].ka_due;
		send_keepalive(g, who);
	}
	if (until > g->now)
		g->now = until;
}

/* ------------------------------------------------------------------ */
/* The table                                                           */
/* ------------------------------------------------------------------ */

/* IPv4 prefix lengths /8../24, weights per 10000 (an Internet table). */
static const unsigned v4_len_weight[17] = {
	1, 1, 3, 8, 20, 30, 50, 80, 130, 90, 150, 250, 420, 480, 1100, 1050,
	6137
};
static const uint8_t v6_lens[10] = { 29, 32, 33, 34, 36, 40, 44, 46, 47, 48 };
static const unsigned v6_len_weight[10] = {
	400, 1400, 200, 200, 500, 900, 900, 400, 300, 4800
};

static bool
v4_reserved(uint32_t a)
{
	uint32_t o = a >> 24;

	return o == 0 || o == 10 || o == 127 || o >= 224 ||
	    (a & 0xfff00000) == 0xac100000 || (a & 0xffff0000) == 0xc0a80000 ||
	    (a & 0xffff0000) == 0xa9fe0000;
}

/*
 * The k-th network of length len: an affine bijection over the 2^len
 * networks, so different k give different prefixes of that length.
 */
static uint64_t
net_nth(uint64_t k, unsigned bits)
{
	uint64_t mask = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;

	return (k * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL) & mask;
}

static void
table_make_v4(struct table *t, size_t n)
{
	uint64_t next[33] = { 0 };
	uint32_t a;
	unsigned len;
	size_t i;

	for (i = 0; i < n; i++) {
		len = 8 + (unsigned)rng_pick(v4_len_weight, 17, 10000);
		for (;;) {
			/* short lengths run out: fall back to /24 */
			if (next[len] >= (1ULL << len) / 2)
				len = 24;
			a = (uint32_t)net_nth(next[len]++, len) << (32 - len);
			if (!v4_reserved(a))
				break;
		}
		memset(&t->p[i], 0, sizeof(t->p[i]));
		net_addr_set_v4(&t->p[i].addr, a);
		t->p[i].len = (uint8_t)len;
	}
}

static void
table_make_v6(struct table *t, size_t n)
{
	uint64_t next[65] = { 0 }, v;
	unsigned len;
	size_t i;
	int b;

	for (i = 0; i < n; i++) {
		len = v6_lens[rng_pick(v6_len_weight, 10, 10000)];
		/* 2000::/3, then len - 3 bits from the bijection */
		v = 1ULL << 61 | net_nth(next[len]++, len - 3) << (64 - len);
		memset(&t->p[i], 0, sizeof(t->p[i]));
		t->p[i].addr.family = NET_AF_INET6;
		for (b = 0; b < 8; b++)
			t->p[i].addr.a[b] = (uint8_t)(v >> (56 - 8 * b));
		t->p[i].len = (uint8_t)len;
	}
}

/* How many prefixes share one set of attributes. */
static size_t
group_size(void)
{
	uint32_t r = rng_range(0, 999);

	if (r < 550)
		return 1;
	if (r < 800)
		return rng_range(2, 4);
	if (r < 950)
		return rng_range(5, 20);
	if (r < 995)
		return rng_range(21, 100);
	return rng_range(101, 1200);
}

static const uint32_t transit_as[] = {
	174, 701, 1273, 1299, 2828, 2914, 3257, 3320, 3356, 3491, 4637, 5511,
	6453, 6461, 6762, 6830, 6939, 7018, 7473, 9002, 12956, 20485, 31133
};
static const uint32_t azure_region_comm[] = {
	51004, 51005, 51006, 51012, 51016, 51020, 51026, 51040
};

struct attrs {
	uint32_t	path[16];
	uint32_t	comm[4];
	uint32_t	large[6];
	struct bgp_update_params up;
};

static uint32_t
origin_as(void)
{
	uint32_t a;

	if (rng_chance(300))
		return rng_range(131072, 401308);	/* 4-octet */
	do
		a = rng_range(1, 64495);
	while (a == BGP_AS_TRANS);
	return a;
}

/* Draw attributes for one group of prefixes of family af. */
static void
attrs_make(struct attrs *at, int af)
{
	static const unsigned path_len_weight[7] = { 10, 25, 30, 18, 10, 5, 2 };
	struct bgp_update_params *u = &at->up;
	size_t n, i, prepend;
	uint32_t r;

	memset(u, 0, sizeof(*u));
	u->as4 = true;
	r = rng_range(0, 999);
	u->origin = r < 820 ? 0 : r < 830 ? 1 : 2;
	n = 2 + rng_pick(path_len_weight, 7, 100);
	at->path[0] = 12076;
	for (i = 1; i + 1 < n; i++)
		at->path[i] = transit_as[rng_range(0,
		    sizeof(transit_as) / sizeof(transit_as[0]) - 1)];
	at->path[n - 1] = origin_as();
	if (rng_chance(100)) {			/* the origin prepends */
		prepend = rng_range(1, 3);
		for (i = 0; i < prepend; i++, n++)
			at->path[n] = at->path[n - 1];
	}
	u->as_path = at->path;
	u->as_path_len = n;
	if (af == NET_AF_INET)
		net_addr_set_v4(&u->next_hop, 0xac100002);	/* the MSEE */
	else {
		static const uint8_t nh6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0,
		    0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };

		net_addr_from6(&u->next_hop, nh6);
	}
	if (rng_chance(300)) {
		u->has_med = true;
		u->med = rng_range(0, 1000);
	}
	if (rng_chance(400)) {
		n = rng_range(1, 4);
		at->comm[0] = 12076u << 16 | azure_region_comm[rng_range(0,
		    sizeof(azure_region_comm) / sizeof(azure_region_comm[0]) -
		    1)];
		for (i = 1; i < n; i++)
			at->comm[i] = (at->path[1] & 0xffff) << 16 |
			    rng_range(100, 3999);
		u->communities = at->comm;
		u->n_communities = n;
	}
	if (rng_chance(100)) {
		n = rng_range(1, 2);
		for (i = 0; i < n; i++) {
			at->large[3 * i] = at->path[u->as_path_len - 1];
			at->large[3 * i + 1] = (uint32_t)i + 1;
			at->large[3 * i + 2] = rng_range(1, 999);
		}
		u->large_communities = at->large;
		u->n_large_communities = n;
	}
	u->max_len = BGP_MAX_LEN;
}

/*
 * Queue UPDATEs from the MSEE announcing (or, with withdraw, withdrawing)
 * the prefixes p[0..n), as many per message as the builder packs.
 */
static int
send_updates(struct gen *g, struct attrs *at, const struct net_prefix *p,
    size_t n, bool withdraw)
{
	struct bgp_update_params *u = &at->up;
	size_t done = 0, ca, cw;

	while (done < n) {
		if (withdraw) {
			u->announce = NULL;
			u->n_announce = 0;
			u->withdraw = p + done;
			u->n_withdraw = n - done;
		} else {
			u->announce = p + done;
			u->n_announce = n - done;
			u->withdraw = NULL;
			u->n_withdraw = 0;
		}
		ca = cw = 0;
		if (bgp_build_update(&g->msg, u, &ca, &cw) == -1 ||
		    ca + cw == 0) {
			fprintf(stderr, "gen_fulltable: bgp_build_update "
			    "failed\n");
			return -1;
		}
		done += ca + cw;
		g->s[GEN_MSEE].announced += ca;
		g->s[GEN_MSEE].withdrawn += cw;
		stream_put(g, GEN_MSEE);
	}
	return 0;
}

/* End-of-RIB (RFC 4724 section 2): an UPDATE with nothing in it for IPv4,
 * an MP_UNREACH_NLRI with only AFI/SAFI for the others. */
static void
send_eor(struct gen *g, uint16_t afi)
{
	uint8_t m[29];
	size_t len;

	memset(m, 0xff, BGP_MARKER_LEN);
	len = afi == BGP_AFI_IPV4 ? 23 : 29;
	put16(m + 16, (uint16_t)len);
	m[18] = BGP_MSG_UPDATE;
	put16(m + 19, 0);			/* withdrawn routes length */
	if (afi == BGP_AFI_IPV4)
		put16(m + 21, 0);		/* path attribute length */
	else {
		put16(m + 21, 6);
		m[23] = 0x80;			/* optional */
		m[24] = BGP_ATTR_MP_UNREACH_NLRI;
		m[25] = 3;
		put16(m + 26, afi);
		m[28] = BGP_SAFI_UNICAST;
	}
	sb_addn(&g->msg, (const char *)m, len);
	stream_put(g, GEN_MSEE);
}

/* ------------------------------------------------------------------ */
/* Session phases                                                      */
/* ------------------------------------------------------------------ */

static void
session_open(struct gen *g)
{
	struct bgp_open_params op;
	struct side *ce = &g->s[GEN_CE], *ms = &g->s[GEN_MSEE];

	/* Three-way handshake, the CE connects; RTT 1.2 ms. */
	emit_segment(g, GEN_CE, PKT_TCP_SYN, NULL, 0);
	g->now += 600;
	emit_segment(g, GEN_MSEE, PKT_TCP_SYN | PKT_TCP_ACK, NULL,
	    0);
	g->now += 600;
	emit_segment(g, GEN_CE, PKT_TCP_ACK, NULL, 0);

	memset(&op, 0, sizeof(op));
	op.asn = 65010;
	op.hold_time = GEN_HOLD;
	op.bgp_id = ce->ip;
	op.cap_mp_ipv4 = op.cap_mp_ipv6 = op.cap_as4 = true;
	op.cap_route_refresh = op.cap_gr = true;
	op.gr_time = 120;
	if (bgp_build_open(&g->msg, &op) == -1)
		g->build_failed = true;
	g->now += 150;
	stream_put(g, GEN_CE);
	stream_send(g, GEN_CE, true);		/* the MSEE ACKs it */
	g->now += 600;
	op.asn = 12076;
	op.bgp_id = ms->ip;
	op.cap_enhanced_rr = true;
	if (bgp_build_open(&g->msg, &op) == -1)
		g->build_failed = true;
	stream_put(g, GEN_MSEE);
	stream_send(g, GEN_MSEE, true);
	g->now += 400;
	send_keepalive(g, GEN_CE);
	g->now += 300;
	send_keepalive(g, GEN_MSEE);
	g->now += 5000;
}

static int
session_table(struct gen *g, struct table *t4, struct table *t6)
{
	struct attrs at;
	struct table *t;
	size_t i4 = 0, i6 = 0, n, *ip;
	int af;

	/* Interleave the families roughly in proportion. */
	while (i4 < t4->n || i6 < t6->n) {
		if (i6 >= t6->n || (i4 < t4->n &&
		    rng_next() % (t4->n + t6->n) < t4->n)) {
			t = t4; ip = &i4; af = NET_AF_INET;
		} else {
			t = t6; ip = &i6; af = NET_AF_INET6;
		}
		n = group_size();
		if (n > t->n - *ip)
			n = t->n - *ip;
		attrs_make(&at, af);
		if (send_updates(g, &at, t->p + *ip, n, false) == -1)
			return -1;
		memset(t->up + *ip, 1, n);
		*ip += n;
	}
	send_eor(g, BGP_AFI_IPV4);
	send_eor(g, BGP_AFI_IPV6);
	stream_send(g, GEN_MSEE, true);
	return 0;
}

/*
 * One churn operation: a run of prefixes is withdrawn (those announced) or
 * re-announced with fresh attributes (all of them: the announced ones are
 * implicitly replaced, the withdrawn ones come back).
 */
static int
churn_one(struct gen *g, struct table *t)
{
	struct net_prefix run[64];
	struct attrs at;
	size_t start, n, i, k = 0;
	bool withdraw;

	n = group_size();
	if (n > 32)
		n = 32;
	start = rng_next() % t->n;
	if (n > t->n - start)
		n = t->n - start;
	withdraw = rng_chance(400);
	for (i = 0; i < n; i++) {
		if (withdraw && !t->up[start + i])
			continue;
		run[k++] = t->p[start + i];
		t->up[start + i] = !withdraw;
	}
	if (k == 0)
		return 0;
	attrs_make(&at, t->p[start].addr.family);
	return send_updates(g, &at, run, k, withdraw);
}

static int
session_churn(struct gen *g, struct table *t4, struct table *t6,
    uint64_t target)
{
	uint64_t burst, before;

	while (g->bytes < target) {
		burst = rng_range(1, 16) * 256 * 1024;
		before = g->bytes;
		while (g->bytes - before < burst) {
			if (churn_one(g, t6->n > 0 && rng_chance(100) ? t6 :
			    t4) == -1)
				return -1;
		}
		stream_send(g, GEN_MSEE, true);
		if (g->werr != 0)
			return -1;
		/* Quiet for a few seconds; KEEPALIVEs fall in the gaps. */
		idle_until(g, g->now + (usec_t)rng_range(2000, 9000) * 1000);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Statistics and main                                                 */
/* ------------------------------------------------------------------ */

static int
write_stats(const struct gen *g, const char *path, size_t n4, size_t n6)
{
	static const char *names[] = { "", "OPEN", "UPDATE", "NOTIFICATION",
	    "KEEPALIVE", "ROUTE-REFRESH" };
	static const char *addr[2] = { "172.16.0.1", "172.16.0.2" };
	FILE *f;
	int i, t;
	const char *sep;

	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "{\"bytes\": %llu, \"frames\": %llu, \"prefixes_v4\": %zu, "
	    "\"prefixes_v6\": %zu, \"vlan\": %u,\n \"messages\": {",
	    (unsigned long long)g->bytes, (unsigned long long)g->frames, n4, n6,
	    g->vlan);
	for (i = 0; i < 2; i++) {
		fprintf(f, "%s\"%s\": {", i ? ", " : "", addr[i]);
		sep = "";
		for (t = 1; t <= BGP_MSG_TYPE_MAX; t++) {
			if (g->s[i].msgs[t] == 0)
				continue;
			fprintf(f, "%s\"%s\": %llu", sep, names[t],
			    (unsigned long long)g->s[i].msgs[t]);
			sep = ", ";
		}
		fprintf(f, "}");
	}
	fprintf(f, "},\n \"announced\": %llu, \"withdrawn\": %llu}\n",
	    (unsigned long long)g->s[GEN_MSEE].announced,
	    (unsigned long long)g->s[GEN_MSEE].withdrawn);
	return fclose(f) == 0 ? 0 : -1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: gen_fulltable -o FILE [--size-mb N] "
	    "[--prefixes N] [--v6-prefixes N] [--seed N] [--vlan VID] "
	    "[--stats FILE]\n");
}

static int
parse_num(const char *opt, const char *s, unsigned long long max,
    unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *out > max ||
	    s[0] == '-') {
		fprintf(stderr, "gen_fulltable: bad %s value '%s' (0..%llu)\n",
		    opt, s, max);
		return -1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "size-mb", required_argument, NULL, 's' },
		{ "prefixes", required_argument, NULL, 'p' },
		{ "v6-prefixes", required_argument, NULL, '6' },
		{ "seed", required_argument, NULL, 'S' },
		{ "vlan", required_argument, NULL, 'v' },
		{ "stats", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static struct gen g;
	struct table t4, t6;
	unsigned long long size_mb = 1100, n4 = 850000, n6 = ~0ULL, seed = 1;
	unsigned long long vlan = 100;
	const char *out = NULL, *stats = NULL;
	usec_t t0;
	int c, rc = 1;

	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 's':
			if (parse_num("--size-mb", optarg, 1u << 20,
			    &size_mb) == -1)
				return 2;
			break;
		case 'p':
			if (parse_num("--prefixes", optarg, GEN_MAX_PREFIXES,
			    &n4) == -1)
				return 2;
			break;
		case '6':
			if (parse_num("--v6-prefixes", optarg,
			    GEN_MAX_PREFIXES, &n6) == -1)
				return 2;
			break;
		case 'S':
			if (parse_num("--seed", optarg, ~0ULL, &seed) == -1)
				return 2;
			break;
		case 'v':
			if (parse_num("--vlan", optarg, 4094, &vlan) == -1)
				return 2;
			break;
		case 't':
			stats = optarg;
			break;
		case 'h':
			usage();
			return 0;
		default:
			usage();
			return 2;
		}
	}
	if (out == NULL || optind != argc || n4 == 0) {
		usage();
		return 2;
	}
	if (n6 == ~0ULL)
		n6 = n4 / 8;

	rng_state = seed;
	memset(&t4, 0, sizeof(t4));
	memset(&t6, 0, sizeof(t6));
	t4.n = n4;
	t6.n = n6;
	t4.p = calloc(n4, sizeof(*t4.p));
	t4.up = calloc(n4, 1);
	t6.p = calloc(n6 + 1, sizeof(*t6.p));
	t6.up = calloc(n6 + 1, 1);
	g.obuf = malloc(GEN_OUTBUF);
	if (t4.p == NULL || t4.up == NULL || t6.p == NULL || t6.up == NULL ||
	    g.obuf == NULL) {
		fprintf(stderr, "gen_fulltable: out of memory\n");
		goto done;
	}
	table_make_v4(&t4, n4);
	table_make_v6(&t6, n6);

	if ((g.f = fopen(out, "wb")) == NULL) {
		fprintf(stderr, "gen_fulltable: cannot open '%s': %s\n", out,
		    strerror(errno));
		goto done;
	}
	g.vlan = (uint16_t)vlan;
	sb_init(&g.msg);
	g.now = GEN_START_SEC * USEC_PER_SEC;
	memcpy(g.s[GEN_CE].mac, "\x02\x00\x5e\x10\x00\x01", 6);
	memcpy(g.s[GEN_MSEE].mac, "\x02\x00\x5e\x10\x00\x02", 6);
	g.s[GEN_CE].ip = 0xac100001;
	g.s[GEN_MSEE].ip = 0xac100002;
	g.s[GEN_CE].port = 43109;
	g.s[GEN_MSEE].port = BGP_PORT;
	g.s[GEN_CE].seq = (uint32_t)rng_next();
	g.s[GEN_MSEE].seq = (uint32_t)rng_next();
	g.s[GEN_CE].ts_base = (uint32_t)rng_next();
	g.s[GEN_MSEE].ts_base = (uint32_t)rng_next();
	g.s[GEN_CE].window = 501;	/* 64128 bytes at scale 7 */
	g.s[GEN_MSEE].window = 509;
	g.s[GEN_CE].ip_id = (uint16_t)rng_next();
	g.s[GEN_MSEE].ip_id = (uint16_t)rng_next();

	t0 = time_mono_usec();
	out_file_header(&g);
	session_open(&g);
	if (session_table(&g, &t4, &t6) == -1)
		goto done;
	idle_until(&g, g.now + 3 * USEC_PER_SEC);
	if (session_churn(&g, &t4, &t6, size_mb * 1024 * 1024) == -1)
		goto done;
	out_flush(&g);
	if (g.build_failed || g.msg.failed) {
		fprintf(stderr, "gen_fulltable: building a BGP message failed\n");
		goto done;
	}
	if (g.werr != 0 || fflush(g.f) != 0) {
		fprintf(stderr, "gen_fulltable: cannot write '%s': %s\n", out,
		    strerror(g.werr != 0 ? g.werr : errno));
		goto done;
	}
	if (stats != NULL && write_stats(&g, stats, n4, n6) == -1) {
		fprintf(stderr, "gen_fulltable: cannot write '%s'\n", stats);
		goto done;
	}
	fprintf(stderr, "gen_fulltable: %s: %llu bytes, %llu frames, %llu "
	    "IPv4 + %llu IPv6 prefixes, %llu UPDATEs, %llu KEEPALIVEs, "
	    "%.1f s capture time, generated in %.1f s\n", out,
	    (unsigned long long)g.bytes, (unsigned long long)g.frames, n4, n6,
	    (unsigned long long)g.s[GEN_MSEE].msgs[BGP_MSG_UPDATE],
	    (unsigned long long)(g.s[0].msgs[BGP_MSG_KEEPALIVE] +
	    g.s[1].msgs[BGP_MSG_KEEPALIVE]),
	    (double)(g.now - GEN_START_SEC * USEC_PER_SEC) / USEC_PER_SEC,
	    (double)(time_mono_usec() - t0) / USEC_PER_SEC);
	rc = 0;
done:
	if (g.f != NULL && fclose(g.f) != 0 && rc == 0) {
		fprintf(stderr, "gen_fulltable: cannot close '%s'\n", out);
		rc = 1;
	}
	sb_release(&g.msg);
	free(g.obuf);
	free(t4.p);
	free(t4.up);
	free(t6.p);
	free(t6.up);
	return rc;
}
