/*
 * Unit tests for the capture analyzer (diag_pcap.c) on a capture that
 * starts after the OPENs, fed with frames built here (Ethernet, IPv4,
 * TCP, no SYN): UPDATEs with 4-octet and 2-octet AS_PATHs and KEEPALIVEs
 * both ways are no BGP_MALFORMED, the session is "up at the start" with
 * BGP_ESTABLISHED saying the hold time is unknown, the Microsoft edge is
 * found from the AS_PATH, no TCP_NO_SYN; an UPDATE that parses under no
 * interpretation is BGP_MALFORMED.
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

struct feeder {
	struct diag_pcap *ctx;
	uint64_t	 frame;
	usec_t		 now;
	uint32_t	 seq[2];	/* 0: A:40000 -> B:179, 1: B -> A */
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

/* One data segment of the connection, dir 0 from A, 1 from B. */
static void
send_seg(struct feeder *fd, int dir, const void *pl, size_t n)
{
	uint8_t f[1600];
	struct cap_record r;
	struct err e;
	const uint8_t *src = dir == 0 ? IPA : IPB, *dst = dir == 0 ? IPB : IPA;

	assert_true(n <= sizeof(f) - 54);
	memset(f, 0, 54);
	f[5] = 2;
	f[11] = 1;
	put16(f + 12, 0x0800);
	f[14] = 0x45;
	put16(f + 16, (unsigned)(40 + n));
	f[20] = 0x40;
	f[22] = 64;
	f[23] = 6;
	memcpy(f + 26, src, 4);
	memcpy(f + 30, dst, 4);
	put16(f + 34, dir == 0 ? 40000 : 179);
	put16(f + 36, dir == 0 ? 179 : 40000);
	put32(f + 38, fd->seq[dir]);
	put32(f + 42, fd->seq[1 - dir]);
	f[46] = 0x50;
	f[47] = PKT_TCP_ACK | PKT_TCP_PSH;
	put16(f + 48, 65535);
	memcpy(f + 54, pl, n);
	fd->seq[dir] += (uint32_t)n;
	fd->now += 1000;
	r.frame = ++fd->frame;
	r.ts = fd->now;
	r.caplen = (uint32_t)(54 + n);
	r.wirelen = r.caplen;
	r.data = f;
	err_clear(&e);
	assert_int_equal(diag_pcap_feed(fd->ctx, &r, &e), 0);
}

static void
mk_update(struct sb *sb, bool as4, uint32_t asn, const char *pfx,
    const char *nh)
{
	struct bgp_update_params p;
	struct net_prefix np;
	size_t ca = 0, cw = 0;

	memset(&p, 0, sizeof(p));
	assert_int_equal(net_prefix_parse(pfx, &np, NULL), 0);
	assert_int_equal(net_addr_parse(nh, &p.next_hop), 0);
	p.as4 = as4;
	p.as_path = &asn;
	p.as_path_len = 1;
	p.announce = &np;
	p.n_announce = 1;
	p.max_len = BGP_MAX_LEN;
	sb_reset(sb);
	assert_int_equal(bgp_build_update(sb, &p, &ca, &cw), 0);
}

static const struct finding *
find(const struct finding_list *l, enum finding_code c, size_t *count)
{
	const struct finding *f = NULL;
	size_t i;

	*count = 0;
	for (i = 0; i < l->n; i++)
		if (l->v[i].code == c) {
			if (f == NULL)
				f = &l->v[i];
			(*count)++;
		}
	return f;
}

static bool
summary_has(const struct finding *f, const char *text)
{
	return f != NULL && strstr(f->summary, text) != NULL;
}

/* The session: B (MSEE, 4-octet AS_PATH 12076) and A (CE, 2-octet AS_PATH
 * 65010) exchange UPDATEs and KEEPALIVEs; garbage: then B sends an UPDATE
 * that nothing parses. */
static void
run(bool garbage, struct finding_list *fl, struct feeder *fd)
{
	struct diag_pcap_opts o;
	struct sb u, ka;
	struct err e;

	memset(&o, 0, sizeof(o));
	memset(fd, 0, sizeof(*fd));
	err_clear(&e);
	fd->ctx = diag_pcap_new(&o, &e);
	assert_non_null(fd->ctx);
	fd->now = 1700000000LL * USEC_PER_SEC;
	fd->seq[0] = 1000000;
	fd->seq[1] = 7000000;
	assert_int_equal(diag_pcap_file_begin(fd->ctx, "mid.pcap",
	    PKT_DLT_EN10MB, &e), 0);
	sb_init(&u);
	sb_init(&ka);
	bgp_build_keepalive(&ka);
	mk_update(&u, true, 12076, "10.1.0.0/16", "172.16.0.2");
	send_seg(fd, 1, u.buf, u.len);
	mk_update(&u, false, 65010, "192.168.0.0/24", "172.16.0.1");
	send_seg(fd, 0, u.buf, u.len);
	send_seg(fd, 0, ka.buf, ka.len);
	send_seg(fd, 1, ka.buf, ka.len);
	if (garbage) {
		static const uint8_t junk[] = {
			0xff, 0xff, 0x00, 0x00, 0x01, 0x02
		};
		uint16_t len;

		sb_reset(&u);
		bgp_build_keepalive(&u);
		sb_addn(&u, (const char *)junk, sizeof(junk));
		len = (uint16_t)u.len;
		u.buf[16] = (char)(len >> 8);
		u.buf[17] = (char)(len & 0xff);
		u.buf[18] = BGP_MSG_UPDATE;
		send_seg(fd, 1, u.buf, u.len);
	}
	assert_int_equal(diag_pcap_file_end(fd->ctx, NULL), 0);
	finding_list_init(fl);
	err_clear(&e);
	assert_int_equal(diag_pcap_finish(fd->ctx, fl, &e), 0);
	sb_release(&u);
	sb_release(&ka);
}

static void
test_midsession_healthy(void **state)
{
	struct finding_list fl;
	struct feeder fd;
	const struct diag_pcap_file *fi;
	const struct finding *f;
	const struct flow_session *s;
	size_t n;

	(void)state;
	run(false, &fl, &fd);
	assert_null(find(&fl, FC_BGP_MALFORMED, &n));
	assert_null(find(&fl, FC_TCP_NO_SYN, &n));
	f = find(&fl, FC_BGP_ESTABLISHED, &n);
	assert_int_equal(n, 1);
	assert_true(summary_has(f, "hold time unknown"));
	assert_true(summary_has(f, "was up when the capture started"));
	assert_true(summary_has(f, "AS 12076 from AS_PATH"));
	assert_int_equal(finding_list_exit_code(&fl), 0);
	fi = diag_pcap_file(fd.ctx, 0);
	assert_int_equal(fi->nsessions, 1);
	s = fi->sessions[0].fs;
	assert_int_equal(s->up_at_start, 1);
	assert_int_equal(s->establishments, 0);
	assert_int_equal(s->inferred_updates, 2);
	assert_int_equal(fi->sessions[0].ms_side, 1);	/* from AS_PATH */
	assert_int_equal(fi->bgp_messages, 4);
	finding_list_release(&fl);
	diag_pcap_free(fd.ctx);
}

static void
test_midsession_garbage(void **state)
{
	struct finding_list fl;
	struct feeder fd;
	const struct finding *f;
	size_t n;

	(void)state;
	run(true, &fl, &fd);
	f = find(&fl, FC_BGP_MALFORMED, &n);
	assert_int_equal(n, 1);
	assert_true(summary_has(f, "172.16.0.2"));
	assert_true(f != NULL && f->sev == SEV_ERROR);
	assert_int_equal(finding_list_exit_code(&fl), 1);
	/* the session was up all the same */
	assert_non_null(find(&fl, FC_BGP_ESTABLISHED, &n));
	finding_list_release(&fl);
	diag_pcap_free(fd.ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_midsession_healthy),
		cmocka_unit_test(test_midsession_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
