/*
 * Unit tests for the capture analyzer (diag_pcap.c), fed with frames built
 * here (Ethernet, IPv4, TCP, ARP, ICMP): a healthy session, a refused one,
 * an early NOTIFICATION made good by a later establishment (downgraded to
 * a warning), ARP without reply, ICMP fragmentation needed about the BGP
 * connection, an unsupported link type, and the mid-stream callback; the
 * findings' subject: who is the peer when both sides opened connections,
 * which ports, the VLAN tags of QinQ and of two single-tagged VLANs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag/diag_pcap.h"

static const uint8_t IPA[4] = { 172, 16, 0, 1 };
static const uint8_t IPB[4] = { 172, 16, 0, 2 };
static const uint8_t IPR[4] = { 10, 9, 9, 9 };

struct feeder {
	struct diag_pcap *ctx;
	uint64_t	 frame;
	usec_t		 now;
	unsigned	 cb_findings;
	enum finding_code last_cb;
	struct finding_subject last_cb_subject;
	/* tags put on the frames fed: by IPv4 source (A, B), or a QinQ
	 * stack on every frame; 0 for none */
	uint16_t	 vid_from_a, vid_from_b;
	uint16_t	 qinq_outer, qinq_inner;
};

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static void
feed(struct feeder *fd, const uint8_t *frame, size_t n, usec_t dt)
{
	struct cap_record r;
	struct err e;

	uint8_t tagged[1700];
	uint16_t vid = 0;

	fd->now += dt;
	r.frame = ++fd->frame;
	r.ts = fd->now;
	if (n >= 30 && n + 8 <= sizeof(tagged) && memcmp(frame + 12,
	    "\x08\x00", 2) == 0)
		vid = memcmp(frame + 26, IPA, 4) == 0 ? fd->vid_from_a :
		    memcmp(frame + 26, IPB, 4) == 0 ? fd->vid_from_b : 0;
	if (fd->qinq_outer != 0 && n + 8 <= sizeof(tagged)) {
		/* 802.1ad S-tag, then the 802.1Q C-tag, then the type */
		memcpy(tagged, frame, 12);
		put16(tagged + 12, 0x88a8);
		put16(tagged + 14, fd->qinq_outer);
		put16(tagged + 16, 0x8100);
		put16(tagged + 18, fd->qinq_inner);
		memcpy(tagged + 20, frame + 12, n - 12);
		frame = tagged;
		n += 8;
	} else if (vid != 0) {
		memcpy(tagged, frame, 12);
		put16(tagged + 12, 0x8100);
		put16(tagged + 14, vid);
		memcpy(tagged + 16, frame + 12, n - 12);
		frame = tagged;
		n += 4;
	}
	r.caplen = (uint32_t)n;
	r.wirelen = (uint32_t)n;
	r.data = frame;
	err_clear(&e);
	assert_int_equal(diag_pcap_feed(fd->ctx, &r, &e), 0);
}

/* Ethernet + IPv4 header for proto, total payload len; returns offset. */
static size_t
eth_ip(uint8_t *f, const uint8_t src[4], const uint8_t dst[4], uint8_t proto,
    size_t l4len)
{
	memset(f, 0, 34);
	f[5] = 2;
	f[11] = 1;
	put16(f + 12, 0x0800);
	f[14] = 0x45;
	put16(f + 16, (unsigned)(20 + l4len));
	f[20] = 0x40;
	f[22] = 64;
	f[23] = proto;
	memcpy(f + 26, src, 4);
	memcpy(f + 30, dst, 4);
	return 34;
}

static size_t
tcp(uint8_t *f, const uint8_t src[4], uint16_t sp, const uint8_t dst[4],
    uint16_t dp, uint32_t seq, uint32_t ack, uint8_t flags, const void *pl,
    size_t n)
{
	size_t o = eth_ip(f, src, dst, 6, 20 + n);

	memset(f + o, 0, 20);
	put16(f + o, sp);
	put16(f + o + 2, dp);
	put32(f + o + 4, seq);
	put32(f + o + 8, ack);
	f[o + 12] = 0x50;
	f[o + 13] = flags;
	put16(f + o + 14, 65535);
	if (n > 0)
		memcpy(f + o + 20, pl, n);
	return o + 20 + n;
}

/* One TCP connection A:port -> B:179 that exchanges OPENs and KEEPALIVEs
 * (Established), optionally preceded by B's NOTIFICATION. */
static void
session(struct feeder *fd, uint16_t port, uint32_t asb, bool notify_first)
{
	uint8_t f[1600];
	struct bgp_open_params p;
	struct sb oa, ob, ka, nt;
	uint32_t sa = 1000, sb2 = 5000;
	size_t n;

	sb_init(&oa);
	sb_init(&ob);
	sb_init(&ka);
	sb_init(&nt);
	memset(&p, 0, sizeof(p));
	p.asn = 65010;
	p.hold_time = 90;
	p.bgp_id = 1;
	bgp_build_open(&oa, &p);
	p.asn = asb;
	p.bgp_id = 2;
	bgp_build_open(&ob, &p);
	bgp_build_keepalive(&ka);
	bgp_build_notification(&nt, 5, 0, NULL, 0, NULL);

	n = tcp(f, IPA, port, IPB, 179, sa, 0, PKT_TCP_SYN, NULL, 0);
	feed(fd, f, n, 1000);
	n = tcp(f, IPB, 179, IPA, port, sb2, sa + 1, PKT_TCP_SYN | PKT_TCP_ACK,
	    NULL, 0);
	feed(fd, f, n, 100);
	sa++;
	sb2++;
	n = tcp(f, IPA, port, IPB, 179, sa, sb2, PKT_TCP_ACK, NULL, 0);
	feed(fd, f, n, 100);
	n = tcp(f, IPA, port, IPB, 179, sa, sb2, PKT_TCP_ACK, oa.buf, oa.len);
	feed(fd, f, n, 100);
	sa += (uint32_t)oa.len;
	if (notify_first) {
		n = tcp(f, IPB, 179, IPA, port, sb2, sa, PKT_TCP_ACK, nt.buf,
		    nt.len);
		feed(fd, f, n, 100);
		sb2 += (uint32_t)nt.len;
		n = tcp(f, IPB, 179, IPA, port, sb2, sa, PKT_TCP_RST, NULL, 0);
		feed(fd, f, n, 100);
		goto out;
	}
	n = tcp(f, IPB, 179, IPA, port, sb2, sa, PKT_TCP_ACK, ob.buf, ob.len);
	feed(fd, f, n, 100);
	sb2 += (uint32_t)ob.len;
	n = tcp(f, IPA, port, IPB, 179, sa, sb2, PKT_TCP_ACK, ka.buf, ka.len);
	feed(fd, f, n, 100);
	sa += (uint32_t)ka.len;
	n = tcp(f, IPB, 179, IPA, port, sb2, sa, PKT_TCP_ACK, ka.buf, ka.len);
	feed(fd, f, n, 100);
	sb2 += (uint32_t)ka.len;
out:
	sb_release(&oa);
	sb_release(&ob);
	sb_release(&ka);
	sb_release(&nt);
}

static void
on_finding(void *ctx, const struct finding *f)
{
	struct feeder *fd = ctx;

	fd->cb_findings++;
	fd->last_cb = f->code;
	fd->last_cb_subject = f->subject;
}

static struct diag_pcap *
start(struct feeder *fd, struct diag_pcap_opts *o)
{
	struct err e;

	memset(fd, 0, sizeof(*fd));
	o->on_finding = on_finding;
	o->cb_ctx = fd;
	err_clear(&e);
	fd->ctx = diag_pcap_new(o, &e);
	assert_non_null(fd->ctx);
	fd->now = 1700000000LL * USEC_PER_SEC;
	assert_int_equal(diag_pcap_file_begin(fd->ctx, "test.pcap",
	    PKT_DLT_EN10MB, &e), 0);
	return fd->ctx;
}

static const struct finding *
find(const struct finding_list *l, enum finding_code c)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].code == c)
			return &l->v[i];
	return NULL;
}

static bool
addr_is(const struct net_addr *a, const uint8_t ip[4])
{
	struct net_addr b;

	net_addr_set_v4(&b, (uint32_t)ip[0] << 24 | (uint32_t)ip[1] << 16 |
	    (uint32_t)ip[2] << 8 | ip[3]);
	return net_addr_eq(a, &b);
}

/* NULL-safe, so -O2 builds see no path that reads through a NULL finding
 * (cmocka's asserts are not known to the compiler not to return). */
static bool
summary_has(const struct finding *f, const char *text)
{
	return f != NULL && strstr(f->summary, text) != NULL;
}

static void
test_healthy(void **state)
{
	struct diag_pcap_opts o;
	struct feeder fd;
	struct finding_list fl;
	const struct diag_pcap_file *fi;
	const struct finding *f;
	struct err e;

	(void)state;
	memset(&o, 0, sizeof(o));
	start(&fd, &o);
	session(&fd, 40000, 12076, false);
	assert_int_equal(diag_pcap_file_end(fd.ctx, NULL), 0);
	finding_list_init(&fl);
	err_clear(&e);
	assert_int_equal(diag_pcap_finish(fd.ctx, &fl, &e), 0);
	f = find(&fl, FC_BGP_ESTABLISHED);
	assert_non_null(f);
	assert_string_equal(f->group, "172.16.0.1 - 172.16.0.2");
	assert_int_equal(finding_list_exit_code(&fl), 0);
	assert_null(find(&fl, FC_BGP_HOLD_TIME_SHORT));		/* 90 s */
	fi = diag_pcap_file(fd.ctx, 0);
	assert_int_equal(fi->nsessions, 1);
	assert_int_equal(fi->sessions[0].fs->establishments, 1);
	assert_int_equal(fi->sessions[0].ms_side, 1);		/* AS 12076 */
	assert_int_equal(fi->bgp_messages, 4);
	finding_list_release(&fl);
	diag_pcap_free(fd.ctx);
}

static void
test_expect_peer_as(void **state)
{
	struct diag_pcap_opts o;
	struct feeder fd;
	struct finding_list fl;
	const struct finding *f;
	struct err e;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.has_expect_peer_as = true;
	o.expect_peer_as = 12076;
	o.has_expect_local_as = true;
	o.expect_local_as = 65010;
	start(&fd, &o);
	session(&fd, 40000, 64999, false);	/* peer announces 64999 */
	finding_list_init(&fl);
	err_clear(&e);
	assert_int_equal(diag_pcap_finish(fd.ctx, &fl, &e), 0);
	f = find(&fl, FC_BGP_OPEN_PEER_AS_MISMATCH);
	assert_non_null(f);
	assert_true(summary_has(f, "172.16.0.2 sent AS 64999"));
	assert_null(find(&fl, FC_BGP_LOCAL_AS_MISMATCH));
	assert_int_equal(finding_list_exit_code(&fl), 1);
	finding_list_release(&fl);
	diag_pcap_free(fd.ctx);
}

static void
test_early_notification_downgraded(void **state)
{
	struct diag_pcap_opts o;
	struct feeder fd;
	struct finding_list fl;
	const struct finding *f;
	struct err e;

	(void)state;
	memset(&o, 0, sizeof(o));
	start(&fd, &o);
	session(&fd, 40000, 12076, true);	/* NOTIFICATION 5/0, RST */
	assert_int_equal(fd.cb_findings, 2);	/* as they happened */
	session(&fd, 40001, 12076, false);	/* then up to the end */
	finding_list_init(&fl);
	err_clear(&e);
	assert_int_equal(diag_pcap_finish(fd.ctx, &fl, &e), 0);
	f = find(&fl, FC_BGP_NOTIFICATION);
	assert_non_null(f);
	assert_int_equal(f->sev, SEV_WARNING);
	assert_int_equal(f->ev[0].unit, 5);
	assert_non_null(find(&fl, FC_BGP_ESTABLISHED));
	assert_int_equal(finding_list_exit_code(&fl), 0);
	finding_list_release(&fl);
	diag_pcap_free(fd.ctx);
}

static void
test_refused(void **state)
{
	struct diag_pcap_opts o;
	struct feeder fd;
	struct finding_list fl;
	const struct finding *f;
	uint8_t fr[200];
	struct err e;
	size_t n;
	int i;

	(void)state;
	memset(&o, 0, sizeof(o));
	start(&fd, &o);
	for (i = 0; i < 3; i++) {
		n = tcp(fr, IPA, (uint16_t)(41000 + i), IPB, 179, 10, 0,
		    PKT_TCP_SYN, NULL, 0);
		feed(&fd, fr, n, USEC_PER_SEC);
		n = tcp(fr, IPB, 179, IPA, (uint16_t)(41000 + i), 0, 11,
		    PKT_TCP_RST | PKT_TCP_ACK, NULL, 0);
		feed(&fd, fr, n, 100);
	}
	finding_list_init(&fl);
	err_clear(&e);
	assert_int_equal(diag_pcap_finish(fd.ctx, &fl, &e), 0);
	f = find(&fl, FC_TCP_RST_ON_SYN);
	assert_non_null(f);
	assert_true(summary_has(f, "answered 3 SYNs"));
	assert_null(find(&fl, FC_TCP_SYN_UNANSWERED));
	assert_int_equal(finding_list_exit_code(&fl), 1);
	finding_list_release(&fl);
	diag_pcap_free(fd.ctx);
}

static void
test_arp_and_icmp(void **state)
{
	struct diag_pcap_opts o;
	struct feeder fd;
	struct finding_list fl;
	const struct finding *f;
	uint8_t fr[200];
	struct err e;
	size_t n, q;
	int i;

	(void)state;
	memset(&o, 0, sizeof(o));
	start(&fd, &o);
	/* two ARP requests from .2 for .1, no reply */
	for (i = 0; i < 2; i++) {
		memset(fr, 0, 42);
		memset(fr, 0xff, 6);
		fr[11] = 2;
		put16(fr + 12, 0x0806);
		put16(fr + 14, 1);
		put16(fr + 16, 0x0800);
		fr[18] = 6;
		fr[19] = 4;
		put16(fr + 20, 1);
		fr[27] = 2;
		memcpy(fr + 28, IPB, 4);
		memcpy(fr + 38, IPA, 4);
		feed(&fd, fr, 42, USEC_PER_SEC);
	}
	/* ICMP 3/4 from a router, MTU 1400, quoting B:179 -> A:40000 */
	n = eth_ip(fr, IPR, IPB, 1, 8 + 20 + 8);
	fr[n] = 3;
	fr[n + 1] = 4;
	put16(fr + n + 6, 1400);
	q = n + 8;
	memset(fr + q, 0, 28);
	fr[q] = 0x45;
	put16(fr + q + 2, 1500);
	fr[q + 8] = 64;
	fr[q + 9] = 6;
	memcpy(fr + q + 12, IPB, 4);
	memcpy(fr + q + 16, IPA, 4);
	put16(fr + q + 20, 179);
	put16(fr + q + 22, 40000);
	feed(&fd, fr, q + 28, 100);
	assert_int_equal(fd.last_cb, FC_ICMP_FRAG_NEEDED);
	/* the listener already has the quoted flow, B on the BGP port */
	assert_true(addr_is(&fd.last_cb_subject.peer, IPB));
	assert_int_equal(fd.last_cb_subject.peer_port, 179);
	assert_true(addr_is(&fd.last_cb_subject.local, IPA));
	assert_int_equal(fd.last_cb_subject.local_port, 40000);
	assert_true(fd.last_cb_subject.has_span);
	assert_int_equal(fd.last_cb_subject.from, fd.now);
	finding_list_init(&fl);
	err_clear(&e);
	assert_int_equal(diag_pcap_finish(fd.ctx, &fl, &e), 0);
	f = find(&fl, FC_ARP_UNANSWERED);
	assert_non_null(f);
	assert_true(summary_has(f, "for 172.16.0.1 from 172.16.0.2"));
	assert_true(summary_has(f, "2 requests"));
	assert_int_equal(f->nev, 2);
	/* the asker, and the address it wants */
	assert_true(addr_is(&f->subject.local, IPB));
	assert_true(addr_is(&f->subject.peer, IPA));
	assert_int_equal(f->subject.to - f->subject.from, USEC_PER_SEC);
	f = find(&fl, FC_ICMP_FRAG_NEEDED);
	assert_non_null(f);
	assert_true(summary_has(f, "10.9.9.9 reports MTU 1400"));
	assert_non_null(strstr(f->summary, "172.16.0.2:179 -> 172.16.0.1:"
	    "40000"));
	assert_non_null(find(&fl, FC_TCP_NO_SYN));
	finding_list_release(&fl);
	diag_pcap_free(fd.ctx);
}

/*
 * B first tries A:179 (unanswered), then A opens the session to B:179.
 * Both listened, so the first SYN names the peer: A.  The judgment made
 * at the end takes the ports of the first connection (B:50000 -> A:179)
 * and the ASNs of the OPENs on the second.
 */
static void
test_subject_first_syn(void **state)
{
	struct diag_pcap_opts o;
	struct feeder fd;
	struct finding_list fl;
	const struct finding *f;
	uint8_t fr[200];
	struct err e;
	size_t n;
	usec_t t0;

	(void)state;
	memset(&o, 0, sizeof(o));
	start(&fd, &o);
	n = tcp(fr, IPB, 50000, IPA, 179, 77, 0, PKT_TCP_SYN, NULL, 0);
	feed(&fd, fr, n, USEC_PER_SEC);
	t0 = fd.now;
	session(&fd, 40000, 12076, false);
	assert_int_equal(diag_pcap_file_end(fd.ctx, NULL), 0);
	finding_list_init(&fl);
	err_clear(&e);
	assert_int_equal(diag_pcap_finish(fd.ctx, &fl, &e), 0);
	f = find(&fl, FC_BGP_ESTABLISHED);
	assert_non_null(f);
	if (f == NULL)
		return;
	assert_true(addr_is(&f->subject.peer, IPA));
	assert_int_equal(f->subject.peer_port, 179);
	assert_true(addr_is(&f->subject.local, IPB));
	assert_int_equal(f->subject.local_port, 50000);
	assert_int_equal(f->subject.peer_as, 65010);
	assert_int_equal(f->subject.local_as, 12076);
	assert_int_equal(f->subject.vlan, 0);
	/* from the first OPEN to the session's last frame */
	assert_true(f->subject.has_span);
	assert_true(f->subject.from > t0);
	assert_int_equal(f->subject.to, fd.now);
	finding_list_release(&fl);
	diag_pcap_free(fd.ctx);
}

/* One session over QinQ 300/100, one whose directions carry VLAN 100 and
 * 200 (single tags): the second has no one VLAN to name. */
static void
test_subject_vlans(void **state)
{
	struct diag_pcap_opts o;
	struct feeder fd;
	struct finding_list fl;
	const struct finding *f;
	struct err e;
	int k;

	(void)state;
	for (k = 0; k < 2; k++) {
		memset(&o, 0, sizeof(o));
		start(&fd, &o);
		if (k == 0) {
			fd.qinq_outer = 300;
			fd.qinq_inner = 100;
		} else {
			fd.vid_from_a = 100;
			fd.vid_from_b = 200;
		}
		session(&fd, 40000, 12076, false);
		assert_int_equal(diag_pcap_file_end(fd.ctx, NULL), 0);
		assert_int_equal(diag_pcap_file(fd.ctx, 0)->nvlan, 2);
		finding_list_init(&fl);
		err_clear(&e);
		assert_int_equal(diag_pcap_finish(fd.ctx, &fl, &e), 0);
		f = find(&fl, FC_BGP_ESTABLISHED);
		assert_non_null(f);
		if (f == NULL)
			return;
		assert_true(addr_is(&f->subject.peer, IPB));
		assert_int_equal(f->subject.vlan, k == 0 ? 300 : 0);
		assert_int_equal(f->subject.inner_vlan, k == 0 ? 100 : 0);
		finding_list_release(&fl);
		diag_pcap_free(fd.ctx);
	}
}

static void
test_unsupported_dlt(void **state)
{
	struct diag_pcap_opts o;
	struct diag_pcap *ctx;
	struct err e;

	(void)state;
	memset(&o, 0, sizeof(o));
	err_clear(&e);
	ctx = diag_pcap_new(&o, &e);
	assert_int_equal(diag_pcap_file_begin(ctx, "wifi.pcap", 105, &e), -1);
	assert_int_equal(e.code, ERR_INPUT);
	assert_string_equal(e.input, "wifi.pcap");
	assert_int_equal(diag_pcap_nfiles(ctx), 1);
	assert_true(diag_pcap_file(ctx, 0)->failed);
	/* the analyzer is still usable */
	err_clear(&e);
	assert_int_equal(diag_pcap_file_begin(ctx, "b.pcap", PKT_DLT_EN10MB,
	    &e), 0);
	assert_int_equal(diag_pcap_file_end(ctx, NULL), 0);
	diag_pcap_free(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthy),
		cmocka_unit_test(test_expect_peer_as),
		cmocka_unit_test(test_early_notification_downgraded),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_arp_and_icmp),
		cmocka_unit_test(test_unsupported_dlt),
		cmocka_unit_test(test_subject_first_syn),
		cmocka_unit_test(test_subject_vlans),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
