/*
 * Unit tests for az_nsg_flow.c: endpoints "IP[:PORT]" and "[v6]:PORT",
 * the port rules of each protocol, and batch CSV lines (blanks, empty and
 * "*" ports, field counts, the reason a bad line gives).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "azure/az_nsg_flow.h"

static void
test_endpoint(void **state)
{
	static const struct {
		const char	*in;
		int		 rc;
		const char	*addr;
		uint32_t	 port;
	} v[] = {
		{ "10.0.0.1", 0, "10.0.0.1", NSG_PORT_NONE },
		{ "10.0.0.1:443", 0, "10.0.0.1", 443 },
		{ "10.0.0.1:0", 0, "10.0.0.1", 0 },
		{ "10.0.0.1:65535", 0, "10.0.0.1", 65535 },
		{ "::1", 0, "::1", NSG_PORT_NONE },
		{ "[::1]:179", 0, "::1", 179 },
		{ "[fe80::1]", 0, "fe80::1", NSG_PORT_NONE },
		{ "10.0.0.1:65536", -1, NULL, 0 },
		{ "10.0.0.1:", -1, NULL, 0 },
		{ "10.0.0.1:+5", -1, NULL, 0 },
		{ "10.0.0.1:5x", -1, NULL, 0 },
		{ "[::1]x", -1, NULL, 0 },
		{ "[::1", -1, NULL, 0 },
		{ "host:179", -1, NULL, 0 },
		{ "", -1, NULL, 0 },
	};
	struct net_addr a;
	char buf[NET_ADDR_STRLEN];
	uint32_t port;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		int rc = nsg_parse_endpoint(v[i].in, &a, &port);

		if (rc != v[i].rc)
			fail_msg("'%s': rc %d, want %d", v[i].in, rc, v[i].rc);
		if (rc == 0) {
			assert_string_equal(net_addr_str(&a, buf), v[i].addr);
			assert_int_equal(port, v[i].port);
		}
	}
}

static void
test_check(void **state)
{
	struct nsg_flow f;
	const char *why = NULL;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.proto = NSG_P_ICMP;
	f.lport = 5;
	f.rport = NSG_PORT_NONE;
	assert_int_equal(nsg_flow_check(&f, &why), 0);
	assert_int_equal(f.lport, NSG_PORT_NONE);

	f.proto = NSG_P_TCP;
	f.lport = 179;
	assert_int_equal(nsg_flow_check(&f, &why), -1);
	assert_string_equal(why, "tcp and udp flows need a local and a "
	    "remote port");
}

static void
test_csv(void **state)
{
	static const struct {
		const char	*in;
		const char	*why;		/* NULL: good */
		uint32_t	 lport, rport;
	} v[] = {
		{ "in,tcp,10.0.0.4,179,1.2.3.4,40000", NULL, 179, 40000 },
		{ " out , udp , 10.0.0.4 , 53 , 8.8.8.8 , 53 ", NULL, 53, 53 },
		{ "in,*,10.0.0.4,*,1.2.3.4,", NULL, NSG_PORT_NONE,
		  NSG_PORT_NONE },
		{ "in,icmp,10.0.0.4,7,1.2.3.4,8", NULL, NSG_PORT_NONE,
		  NSG_PORT_NONE },
		{ "in,tcp,10.0.0.4,,1.2.3.4,5", "tcp and udp flows need a "
		  "local and a remote port", 0, 0 },
		{ "in,tcp,10.0.0.4,1,1.2.3.4", "expected 6 fields: direction,"
		  "protocol,local_ip,local_port,remote_ip,remote_port", 0, 0 },
		{ "in,tcp,10.0.0.4,1,1.2.3.4,1,1", "expected 6 fields: "
		  "direction,protocol,local_ip,local_port,remote_ip,"
		  "remote_port", 0, 0 },
		{ "up,tcp,10.0.0.4,1,1.2.3.4,1", "bad direction (in|out)", 0,
		  0 },
		{ "in,gre,10.0.0.4,1,1.2.3.4,1", "bad protocol "
		  "(tcp|udp|icmp|esp|ah|*)", 0, 0 },
		{ "in,tcp,x,1,1.2.3.4,1", "bad local address", 0, 0 },
		{ "in,tcp,10.0.0.4,1,y,1", "bad remote address", 0, 0 },
		{ "in,tcp,10.0.0.4,-1,1.2.3.4,1", "bad local port", 0, 0 },
		{ "in,tcp,10.0.0.4,1,1.2.3.4,65536", "bad remote port", 0, 0 },
		{ "in,tcp,10.0.0.4,1,::1,1", "local and remote addresses "
		  "differ in family", 0, 0 },
		/* blanks: around a field trimmed, inside one kept */
		{ "\tIN\t,\tTcp ,10.0.0.4\t ,1, 1.2.3.4,2\t", NULL, 1, 2 },
		{ "Inbound,UDP,10.0.0.4,1,1.2.3.4,2", NULL, 1, 2 },
		{ "in,tcp,10.0.0.4 5,1,1.2.3.4,1", "bad local address", 0, 0 },
		{ "in,tcp,10.0.0.4,1 2,1.2.3.4,1", "bad local port", 0, 0 },
		{ "in,t cp,10.0.0.4,1,1.2.3.4,1", "bad protocol "
		  "(tcp|udp|icmp|esp|ah|*)", 0, 0 },
		{ "in,tcp,10.0.0.4,1,1.2.3.4,1 \t x", "bad remote port", 0,
		  0 },
	};
	struct nsg_flow f;
	char line[128];
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(line, sizeof(line), "%s", v[i].in);
		why = nsg_flow_parse_csv(line, &f);
		if (v[i].why == NULL) {
			if (why != NULL)
				fail_msg("'%s': %s", v[i].in, why);
			assert_int_equal(f.lport, v[i].lport);
			assert_int_equal(f.rport, v[i].rport);
		} else {
			if (why == NULL)
				fail_msg("'%s' accepted", v[i].in);
			assert_string_equal(why, v[i].why);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_endpoint),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
