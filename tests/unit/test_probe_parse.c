/*
 * Unit tests for the pure parts of probe/: target parsing, MD5 key files,
 * ICMP error classification (what IP_RECVERR hands over), and the wire
 * helpers of the SYN traceroute (SYN building with its checksum, parsing of
 * ICMP errors and TCP answers, with a truncation sweep).
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
#include <errno.h>
#include <netinet/in.h>
#include <linux/errqueue.h>

#include "probe/probe.h"

/* ---- target parsing --------------------------------------------- */

struct hp_vec {
	const char	*in;
	int		 rc;
	const char	*host;
	uint16_t	 port;
};

static const struct hp_vec hp_vecs[] = {
	{ "192.0.2.1", 0, "192.0.2.1", 179 },
	{ "192.0.2.1:1790", 0, "192.0.2.1", 1790 },
	{ "[2001:db8::1]:179", 0, "2001:db8::1", 179 },
	{ "[2001:db8::1]:80", 0, "2001:db8::1", 80 },
	{ "2001:db8::1", 0, "2001:db8::1", 179 },
	{ "[2001:db8::1]", 0, "2001:db8::1", 179 },
	{ "router.example:179", 0, "router.example", 179 },
	{ "host:0", -1, NULL, 0 },
	{ "host:65536", -1, NULL, 0 },
	{ "host:99999", -1, NULL, 0 },
	{ "host:", -1, NULL, 0 },
	{ "host:17x", -1, NULL, 0 },
	{ "host:-1", -1, NULL, 0 },
	{ ":179", -1, NULL, 0 },
	{ "", -1, NULL, 0 },
	{ "[2001:db8::1", -1, NULL, 0 },
	{ "[2001:db8::1]x", -1, NULL, 0 },
	{ "[]:179", -1, NULL, 0 },
};

static void
test_split_hostport(void **state)
{
	char host[64];
	uint16_t port;
	struct err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(hp_vecs) / sizeof(hp_vecs[0]); i++) {
		const struct hp_vec *v = &hp_vecs[i];
		int rc;

		err_clear(&e);
		rc = probe_split_hostport(v->in, 179, host, sizeof(host),
		    &port, &e);
		if (rc != v->rc)
			print_error("vector %zu '%s': rc %d\n", i, v->in, rc);
		assert_int_equal(rc, v->rc);
		if (rc == 0) {
			assert_string_equal(host, v->host);
			assert_int_equal(port, v->port);
		} else {
			assert_int_equal(e.code, ERR_USAGE);
			assert_true(e.msg[0] != '\0');
		}
	}
	/* a host that does not fit */
	err_clear(&e);
	assert_int_equal(probe_split_hostport("abcdefghijklmnop", 179, host,
	    8, &port, &e), -1);
}

static void
test_resolve_literal(void **state)
{
	struct probe_target t;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(probe_resolve("127.0.0.1:1790", 179, 0, &t, &e), 0);
	assert_int_equal(t.ip.family, NET_AF_INET);
	assert_int_equal(t.port, 1790);
	assert_int_equal(t.sa.ss_family, AF_INET);
	err_clear(&e);
	assert_int_equal(probe_resolve("::1", 179, 0, &t, &e), 0);
	assert_int_equal(t.ip.family, NET_AF_INET6);
	/* a literal of the other family is refused without asking DNS; an
	 * unknown name is tested in an empty network namespace by
	 * test_live_probe.sh, so that no query leaves the machine */
	err_clear(&e);
	assert_int_equal(probe_resolve("::1", 179, NET_AF_INET, &t, &e), -1);
	assert_int_equal(e.code, ERR_USAGE);
	assert_non_null(strstr(e.msg, "'::1' is not of the address family"));
}

/* ---- MD5 key files ---------------------------------------------- */

static char *
key_file(const void *data, size_t len)
{
	char *path = strdup("/tmp/erw-test-md5-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd != -1);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static void
test_md5_key_read(void **state)
{
	uint8_t key[PROBE_MD5_MAX_KEY];
	char big[200];
	size_t len;
	struct err e;
	char *p;

	(void)state;
	p = key_file("s3cret-Key\nsecond line\n", 23);
	err_clear(&e);
	assert_int_equal(probe_md5_key_read(p, key, &len, &e), 0);
	assert_int_equal(len, 10);
	assert_memory_equal(key, "s3cret-Key", 10);
	unlink(p);
	free(p);

	p = key_file("crlf-key\r\n", 10);
	err_clear(&e);
	assert_int_equal(probe_md5_key_read(p, key, &len, &e), 0);
	assert_int_equal(len, 8);
	unlink(p);
	free(p);

	p = key_file("no-newline", 10);
	err_clear(&e);
	assert_int_equal(probe_md5_key_read(p, key, &len, &e), 0);
	assert_int_equal(len, 10);
	unlink(p);
	free(p);

	p = key_file("\n", 1);
	err_clear(&e);
	assert_int_equal(probe_md5_key_read(p, key, &len, &e), -1);
	assert_int_equal(e.code, ERR_INPUT);
	assert_non_null(strstr(e.msg, "empty"));
	unlink(p);
	free(p);

	/* 81 bytes: one over the kernel's limit; the key is not echoed */
	memset(big, 'Q', sizeof(big));
	p = key_file(big, 81);
	err_clear(&e);
	assert_int_equal(probe_md5_key_read(p, key, &len, &e), -1);
	assert_null(strstr(e.msg, "QQQQ"));
	unlink(p);
	free(p);
	p = key_file(big, 80);
	err_clear(&e);
	assert_int_equal(probe_md5_key_read(p, key, &len, &e), 0);
	assert_int_equal(len, 80);
	unlink(p);
	free(p);

	err_clear(&e);
	assert_int_equal(probe_md5_key_read("/nonexistent/key", key, &len,
	    &e), -1);
	assert_non_null(strstr(e.msg, "/nonexistent/key"));
}

/* ---- ICMP classification ---------------------------------------- */

static void
test_classify_errno(void **state)
{
	(void)state;
	assert_int_equal(probe_classify(0, NULL), PROBE_OPEN);
	assert_int_equal(probe_classify(ECONNREFUSED, NULL), PROBE_REFUSED);
	assert_int_equal(probe_classify(ETIMEDOUT, NULL), PROBE_FILTERED);
	assert_int_equal(probe_classify(ENETUNREACH, NULL), PROBE_NO_ROUTE);
	assert_int_equal(probe_classify(EHOSTUNREACH, NULL),
	    PROBE_UNREACHABLE);
	assert_string_equal(probe_verdict_name(PROBE_NO_ROUTE), "no-route");
	assert_string_equal(probe_verdict_name(PROBE_FILTERED), "filtered");
}

static void
test_classify_icmp(void **state)
{
	struct sockaddr_in off;
	struct probe_icmp ic;
	struct net_addr local, rtr;

	(void)state;
	memset(&off, 0, sizeof(off));
	off.sin_family = AF_INET;
	off.sin_addr.s_addr = htonl(0x0a000006);	/* 10.0.0.6 */
	net_addr_set_v4(&local, 0x0a000001);
	net_addr_set_v4(&rtr, 0x0a000006);

	/* REJECT --reject-with icmp-port-unreachable: ECONNREFUSED, but
	 * the error queue says a router sent it */
	assert_int_equal(probe_icmp_from_ee(SO_EE_ORIGIN_ICMP, 3, 3,
	    ECONNREFUSED, (struct sockaddr *)&off, &local, &ic), 0);
	assert_true(ic.valid);
	assert_false(ic.local);
	assert_true(net_addr_eq(&ic.reporter, &rtr));
	assert_int_equal(probe_classify(ECONNREFUSED, &ic),
	    PROBE_UNREACHABLE);
	assert_string_equal(probe_icmp_name(false, ic.type, ic.code),
	    "port unreachable");

	/* icmp-admin-prohibited */
	assert_int_equal(probe_icmp_from_ee(SO_EE_ORIGIN_ICMP, 3, 13,
	    EHOSTUNREACH, (struct sockaddr *)&off, &local, &ic), 0);
	assert_int_equal(probe_classify(EHOSTUNREACH, &ic),
	    PROBE_UNREACHABLE);
	assert_string_equal(probe_icmp_name(false, 3, 13),
	    "administratively prohibited");

	/* net unreachable generated by this host: no route */
	off.sin_addr.s_addr = htonl(0x0a000001);
	assert_int_equal(probe_icmp_from_ee(SO_EE_ORIGIN_ICMP, 3, 0,
	    ENETUNREACH, (struct sockaddr *)&off, &local, &ic), 0);
	assert_true(ic.local);
	assert_int_equal(probe_classify(ENETUNREACH, &ic), PROBE_NO_ROUTE);

	/* a local error (not ICMP) is not taken */
	assert_int_equal(probe_icmp_from_ee(SO_EE_ORIGIN_LOCAL, 0, 0,
	    EMSGSIZE, NULL, &local, &ic), -1);
	assert_false(ic.valid);

	/* ICMPv6 */
	assert_int_equal(probe_icmp_from_ee(SO_EE_ORIGIN_ICMP6, 1, 1,
	    EACCES, NULL, NULL, &ic), 0);
	assert_true(ic.v6);
	assert_int_equal(ic.reporter.family, 0);
	assert_string_equal(probe_icmp_name(true, 1, 1),
	    "administratively prohibited");
	assert_string_equal(probe_icmp_name(true, 1, 4), "port unreachable");
	assert_string_equal(probe_icmp_name(false, 11, 0), "time exceeded");
	assert_string_equal(probe_icmp_name(false, 3, 200),
	    "destination unreachable");
	assert_string_equal(probe_icmp_name(false, 99, 0),
	    "unknown ICMP error");
}

/* ---- trace wire helpers ----------------------------------------- */

static uint16_t
csum(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static void
test_build_syn(void **state)
{
	uint8_t b[64], ph[12] = { 10, 0, 0, 1, 10, 0, 0, 10, 0, 6, 0, 24 };
	size_t n;

	(void)state;
	n = trace_build_syn(b, sizeof(b), 0x0a000001, 0x0a00000a, 40000, 179,
	    0x11223344);
	assert_int_equal(n, 24);
	assert_int_equal(b[0] << 8 | b[1], 40000);
	assert_int_equal(b[2] << 8 | b[3], 179);
	assert_int_equal(b[13], TRACE_TCP_SYN);
	assert_int_equal(b[12] >> 4, 6);
	/* a correct checksum sums to 0xffff with the pseudo-header */
	assert_int_equal(csum(b, n, csum(ph, sizeof(ph), 0)), 0xffff);
	assert_int_equal(trace_build_syn(b, 10, 1, 2, 3, 4, 5), 0);
}

/* ICMP time exceeded from 10.0.0.2 quoting our SYN 10.0.0.1 -> .10:179. */
static const uint8_t icmp_te[] = {
	0x45, 0x00, 0x00, 0x38, 0x00, 0x00, 0x00, 0x00, 0x40, 0x01, 0x00,
	0x00, 10, 0, 0, 2, 10, 0, 0, 1,
	11, 0, 0x00, 0x00, 0, 0, 0, 0,
	0x45, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x06, 0x00,
	0x00, 10, 0, 0, 1, 10, 0, 0, 10,
	0x9c, 0x40, 0x00, 0xb3, 0x11, 0x22, 0x33, 0x44
};

/* SYN-ACK from 10.0.0.10:179 to 10.0.0.1:40000, ack 0x11223345. */
static const uint8_t tcp_sa[] = {
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x00, 0x40, 0x06, 0x00,
	0x00, 10, 0, 0, 10, 10, 0, 0, 1,
	0x00, 0xb3, 0x9c, 0x40, 0xaa, 0xbb, 0xcc, 0xdd, 0x11, 0x22, 0x33,
	0x45, 0x50, 0x12, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00
};

static void
test_parse_icmp(void **state)
{
	struct trace_pkt p;
	struct net_addr a;
	size_t cut;

	(void)state;
	assert_int_equal(trace_parse_ip4(icmp_te, sizeof(icmp_te), &p), 0);
	assert_true(p.is_icmp);
	assert_int_equal(p.icmp_type, 11);
	net_addr_set_v4(&a, 0x0a000002);
	assert_true(net_addr_eq(&p.from, &a));
	net_addr_set_v4(&a, 0x0a00000a);
	assert_true(net_addr_eq(&p.dst, &a));
	assert_int_equal(p.sport, 40000);
	assert_int_equal(p.dport, 179);
	assert_int_equal(p.seq, 0x11223344);
	/* truncation sweep: every cut is a clean -1 */
	for (cut = 0; cut < sizeof(icmp_te); cut++)
		assert_int_equal(trace_parse_ip4(icmp_te, cut, &p), -1);
}

static void
test_parse_tcp(void **state)
{
	struct trace_pkt p;
	uint8_t bad[sizeof(icmp_te)];
	size_t cut;

	(void)state;
	assert_int_equal(trace_parse_ip4(tcp_sa, sizeof(tcp_sa), &p), 0);
	assert_false(p.is_icmp);
	assert_int_equal(p.sport, 179);
	assert_int_equal(p.dport, 40000);
	assert_int_equal(p.ack, 0x11223345);
	assert_int_equal(p.flags, TRACE_TCP_SYN | TRACE_TCP_ACK);
	for (cut = 0; cut < 34; cut++)
		assert_int_equal(trace_parse_ip4(tcp_sa, cut, &p), -1);
	/* an ICMP error quoting UDP is not ours */
	memcpy(bad, icmp_te, sizeof(bad));
	bad[20 + 8 + 9] = 17;
	assert_int_equal(trace_parse_ip4(bad, sizeof(bad), &p), -1);
	/* an echo reply is not an error */
	memcpy(bad, icmp_te, sizeof(bad));
	bad[20] = 0;
	assert_int_equal(trace_parse_ip4(bad, sizeof(bad), &p), -1);
	/* IPv6 version nibble */
	memcpy(bad, icmp_te, sizeof(bad));
	bad[0] = 0x65;
	assert_int_equal(trace_parse_ip4(bad, sizeof(bad), &p), -1);
	/* header length below 20 */
	memcpy(bad, icmp_te, sizeof(bad));
	bad[0] = 0x44;
	assert_int_equal(trace_parse_ip4(bad, sizeof(bad), &p), -1);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(trace_end_name(TRACE_END_SILENT), "silent");
	assert_string_equal(trace_reply_name(TRACE_SYNACK), "syn-ack");
	assert_string_equal(probe_bgp_stage_name(PROBE_BGP_ESTABLISHED),
	    "Established");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_hostport),
		cmocka_unit_test(test_resolve_literal),
		cmocka_unit_test(test_md5_key_read),
		cmocka_unit_test(test_classify_errno),
		cmocka_unit_test(test_classify_icmp),
		cmocka_unit_test(test_build_syn),
		cmocka_unit_test(test_parse_icmp),
		cmocka_unit_test(test_parse_tcp),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
