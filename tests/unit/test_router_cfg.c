/*
 * Unit tests of the config parsers (router_cfg*.c): each dialect's healthy
 * fixture (tests/data/config/) read into the model field by field, group
 * and template inheritance, the curly-form details (inactive:, comments,
 * SECRET-DATA), netmasks, keys never stored in any form, and the
 * truncation sweep: every fixture cut at every length into an exact-size
 * heap copy must load (or be refused as not a config) cleanly under ASan
 * and give only neighbors the whole file has.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "router/router_cfg.h"
#include "router/router_cfg_int.h"

#define FIX	ERW_SRC_DIR "/tests/data/config/"
#include "test_fixture.h"

/* memmem is a GNU extension: the same, portably. */
static const void *
find_bytes(const void *hay, size_t hn, const void *needle, size_t nn)
{
	const uint8_t *h = hay;
	size_t i;

	for (i = 0; nn > 0 && i + nn <= hn; i++)
		if (memcmp(h + i, needle, nn) == 0)
			return h + i;
	return NULL;
}

static void
load_fix(struct router_cfg *c, const char *rel)
{
	struct err e;
	uint8_t *b;
	size_t n;

	b = slurp(rel, &n);
	err_clear(&e);
	assert_int_equal(router_cfg_load_buf(c, rel, b, n, ROUTER_CFG_UNKNOWN,
	    &e), 0);
	free(b);
}

static void
load_str(struct router_cfg *c, const char *s)
{
	struct err e;

	err_clear(&e);
	assert_int_equal(router_cfg_load_buf(c, "inline", s, strlen(s),
	    ROUTER_CFG_UNKNOWN, &e), 0);
}

static const struct router_cfg_neighbor *
nb_at(const struct router_cfg *c, const char *ip)
{
	const struct router_cfg_neighbor *nb;
	struct net_addr a;

	assert_int_equal(net_addr_parse(ip, &a), 0);
	nb = router_cfg_neighbor(c, &a);
	assert_non_null(nb);
	return nb;
}

static const struct router_cfg_iface *
if_named(const struct router_cfg *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nifaces; i++)
		if (strcmp(c->ifaces[i].name, name) == 0)
			return &c->ifaces[i];
	fail_msg("no interface %s", name);
	return NULL;
}

/* What every healthy fixture says of the primary path's neighbor. */
static void
healthy_primary(const struct router_cfg *c)
{
	const struct router_cfg_neighbor *nb = nb_at(c, "172.16.40.2");

	assert_int_equal(c->local_as, 65020);
	assert_int_equal(nb->remote_as, 12076);
	assert_int_equal(nb->md5, CFG_UNSET);
	assert_int_equal(nb->hold, 180);
	assert_int_equal(nb->keepalive, 60);
	assert_int_equal(nb->bfd, CFG_YES);
	assert_int_equal(nb->max_prefix, 1000);
	assert_true(nb->has_policy_out);
	assert_int_not_equal(nb->ipv4_active, CFG_NO);
	assert_int_not_equal(nb->default_originate, CFG_YES);
	(void)nb_at(c, "172.16.40.6");
}

static void
test_ios(void **state)
{
	struct router_cfg c;
	const struct router_cfg_iface *f;

	(void)state;
	load_fix(&c, "ios/healthy.cfg");
	assert_int_equal(c.dialect, ROUTER_CFG_IOS);
	assert_string_equal(c.hostname, "ams-edge-01");
	assert_true(c.ipv4_default_off);
	healthy_primary(&c);
	assert_string_equal(nb_at(&c, "172.16.40.2")->policy_out, "TO-AZURE");
	f = if_named(&c, "GigabitEthernet0/0/0.210");
	assert_int_equal(f->vlan, 210);
	assert_int_equal(f->inner_vlan, -1);
	assert_int_equal(f->addr.len, 30);
	assert_int_equal(net_addr_v4(&f->addr.addr), 0xac102801u);
	assert_int_equal(f->mss, 1360);
	assert_int_equal(f->mtu, -1);
	assert_int_equal(c.nwarn, 0);
	router_cfg_release(&c);
}

static void
test_other_dialects(void **state)
{
	static const struct {
		const char		*file;
		enum router_cfg_dialect	 d;
		const char		*ifname;
		int			 mtu;
	} v[] = {
		{ "junos-set/healthy.set", ROUTER_CFG_JUNOS_SET,
		  "xe-0/0/0.210", 1504 },
		{ "junos/healthy.conf", ROUTER_CFG_JUNOS, "xe-0/0/0.210",
		  1504 },
		{ "frr/healthy.conf", ROUTER_CFG_FRR, "eth1.210", -1 },
		{ "bird/healthy.conf", ROUTER_CFG_BIRD, NULL, -1 },
		{ "eos/healthy.cfg", ROUTER_CFG_EOS, "Ethernet1.210", -1 },
		{ "nxos/healthy.cfg", ROUTER_CFG_NXOS, "Ethernet1/1.210", -1 },
		{ "xr/healthy.cfg", ROUTER_CFG_XR, "TenGigE0/0/0/0.210", -1 },
	};
	struct router_cfg c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		load_fix(&c, v[i].file);
		assert_int_equal(c.dialect, v[i].d);
		healthy_primary(&c);
		if (v[i].ifname != NULL) {
			const struct router_cfg_iface *f = if_named(&c,
			    v[i].ifname);

			assert_int_equal(f->vlan, 210);
			assert_true(f->has_addr);
			assert_int_equal(f->addr.len, 30);
			assert_int_equal(f->mtu, v[i].mtu);
		} else
			assert_int_equal(c.nifaces, 0);
		assert_int_equal(c.nwarn, 0);
		router_cfg_release(&c);
	}
}

static void
test_keys_never_stored(void **state)
{
	static const char *const files[] = {
		"ios/md5.cfg", "junos-set/md5.set", "junos/md5.conf",
		"frr/md5.conf", "bird/md5.conf",
	};
	static const char *const keys[] = {
		"0822455D0A16544541", "PlantedClearKey1", "PlAnTeD9",
		"PlantedFrrKey7", "PlantedBirdKey3",
	};
	struct router_cfg c;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		load_fix(&c, files[i]);
		assert_int_equal(nb_at(&c, "172.16.40.2")->md5, CFG_YES);
		assert_int_equal(nb_at(&c, "172.16.40.6")->md5, CFG_YES);
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			size_t n = strlen(keys[k]);

			assert_null(find_bytes(&c, sizeof(c), keys[k], n));
			assert_null(find_bytes(c.neighbors, c.nneighbors *
			    sizeof(*c.neighbors), keys[k], n));
			assert_null(find_bytes(c.ifaces, c.nifaces *
			    sizeof(*c.ifaces), keys[k], n));
		}
		router_cfg_release(&c);
	}
}

static void
test_groups_and_blocks(void **state)
{
	struct router_cfg c;
	const struct router_cfg_neighbor *nb;

	(void)state;
	/* IOS peer-group: the member takes what it does not set */
	load_str(&c, "router bgp 65020\n"
	    " neighbor AZ peer-group\n"
	    " neighbor AZ remote-as 12076\n"
	    " neighbor AZ password 7 02050D480809\n"
	    " neighbor AZ timers 10 30\n"
	    " neighbor 172.16.40.2 peer-group AZ\n"
	    " neighbor 172.16.40.2 timers 60 180\n"
	    " timers bgp 20 60\n"
	    " neighbor 172.16.40.6 remote-as 12076\n"
	    " address-family ipv6\n"
	    "  neighbor 172.16.40.6 maximum-prefix 50\n"
	    "  neighbor 172.16.40.6 default-originate\n"
	    " exit-address-family\n");
	nb = nb_at(&c, "172.16.40.2");
	assert_int_equal(nb->remote_as, 12076);
	assert_int_equal(nb->md5, CFG_YES);
	assert_int_equal(nb->hold, 180);
	nb = nb_at(&c, "172.16.40.6");
	/* speaker-wide timers; the IPv6 family's settings are not IPv4's */
	assert_int_equal(nb->hold, 60);
	assert_int_equal(nb->keepalive, 20);
	assert_int_equal(nb->max_prefix, -1);
	assert_int_equal(nb->default_originate, CFG_UNSET);
	router_cfg_release(&c);

	/* Junos curly: inactive subtrees, comments, SECRET-DATA */
	load_str(&c, "protocols {\n bgp {\n  group G {\n   peer-as 12076;\n"
	    "   authentication-key \"$9$abc def\"; ## SECRET-DATA\n"
	    "   /* a comment { with braces } */\n"
	    "   neighbor 10.0.0.2;\n"
	    "   inactive: neighbor 10.0.0.6 {\n    peer-as 1;\n   }\n"
	    "   neighbor 10.0.0.10 { peer-as 65001; hold-time 30; }\n"
	    "  }\n }\n}\nrouting-options { autonomous-system 65020; }\n");
	assert_int_equal(c.dialect, ROUTER_CFG_JUNOS);
	assert_int_equal(c.local_as, 65020);
	nb = nb_at(&c, "10.0.0.2");
	assert_int_equal(nb->remote_as, 12076);
	assert_int_equal(nb->md5, CFG_YES);
	nb = nb_at(&c, "10.0.0.10");
	assert_int_equal(nb->remote_as, 65001);
	assert_int_equal(nb->hold, 30);
	assert_int_equal(nb->keepalive, 10);
	assert_int_equal(nb->md5, CFG_YES);
	{
		struct net_addr a;

		assert_int_equal(net_addr_parse("10.0.0.6", &a), 0);
		assert_null(router_cfg_neighbor(&c, &a));
	}
	router_cfg_release(&c);

	/* BIRD: a '#' comment, a quoted '{', a bfd block */
	load_str(&c, "protocol bgp p1 { # a { comment\n"
	    " description \"x { y\";\n local as 65020;\n"
	    " neighbor 10.1.0.2 as 12076;\n bfd { min rx interval 300 ms; };\n"
	    " ipv6 { import limit 5; };\n}\n");
	nb = nb_at(&c, "10.1.0.2");
	assert_int_equal(nb->remote_as, 12076);
	assert_int_equal(nb->bfd, CFG_YES);
	assert_int_equal(nb->bfd_interval_ms, 300);
	assert_int_equal(nb->max_prefix, -1);
	assert_int_equal(nb->ipv4_active, CFG_NO);
	router_cfg_release(&c);
}

static void
test_bad_lines(void **state)
{
	struct router_cfg c;
	const struct router_cfg_iface *f;
	struct rtok t;

	(void)state;
	load_str(&c, "interface Gi0.5\n encapsulation dot1Q 5000\n"
	    " ip address 10.0.0.1 255.0.255.0\n"
	    "router bgp 65020\n neighbor 10.0.0.2 remote-as many\n"
	    " neighbor 10.0.0.2 timers 1\n");
	f = if_named(&c, "Gi0.5");
	assert_int_equal(f->vlan, -1);
	assert_false(f->has_addr);
	assert_int_equal(c.nwarn, 4);
	assert_int_equal(c.warn[0].line, 2);
	assert_int_equal(c.warn[3].line, 6);
	router_cfg_release(&c);
	t.s = "255.255.255.252";
	t.n = strlen(t.s);
	{
		uint8_t len;

		assert_int_equal(cfg_mask_len(&t, &len), 0);
		assert_int_equal(len, 30);
		t.s = "255.255.0.255";
		t.n = strlen(t.s);
		assert_int_equal(cfg_mask_len(&t, &len), -1);
	}
}

static void
test_not_config(void **state)
{
	struct router_cfg c;
	struct err e;

	(void)state;
	err_clear(&e);
	assert_int_equal(router_cfg_load_buf(&c, "mail.txt", "hello\n", 6,
	    ROUTER_CFG_UNKNOWN, &e), -1);
	assert_int_equal(e.code, ERR_INPUT);
	assert_non_null(strstr(e.msg, "mail.txt"));
	router_cfg_release(&c);
}

/* Every fixture cut at every length: no overread, nothing invented. */
static void
test_truncation_sweep(void **state)
{
	static const char *const files[] = {
		"ios/md5.cfg", "junos-set/md5.set", "junos/md5.conf",
		"frr/md5.conf", "bird/md5.conf", "eos/healthy.cfg",
		"nxos/healthy.cfg", "xr/healthy.cfg",
	};
	struct router_cfg full, cut;
	struct err e;
	size_t i, len, n, k;
	uint8_t *b, *copy;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		b = slurp(files[i], &len);
		err_clear(&e);
		assert_int_equal(router_cfg_load_buf(&full, files[i], b, len,
		    ROUTER_CFG_UNKNOWN, &e), 0);
		for (n = 0; n < len; n++) {
			copy = malloc(n > 0 ? n : 1);
			assert_non_null(copy);
			memcpy(copy, b, n);
			err_clear(&e);
			/* the full file's dialect: a cut may hide the
			 * lines that tell it */
			if (router_cfg_load_buf(&cut, "cut", copy, n,
			    full.dialect, &e) == -1)
				assert_int_equal(e.code, ERR_INPUT);
			for (k = 0; k < cut.nneighbors; k++)
				if (!cut.neighbors[k].is_group &&
				    cut.neighbors[k].addr.family != 0 &&
				    router_cfg_neighbor(&full,
				    &cut.neighbors[k].addr) == NULL) {
					/* a cut address: a prefix of one */
					char a[NET_ADDR_STRLEN];

					net_addr_str(&cut.neighbors[k].addr,
					    a);
					assert_non_null(find_bytes(b, len, a,
					    strlen(a)));
				}
			if (n > 0 && b[n - 1] != '\n')
				assert_true(cut.truncated);
			router_cfg_release(&cut);
			free(copy);
		}
		router_cfg_release(&full);
		free(b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ios),
		cmocka_unit_test(test_other_dialects),
		cmocka_unit_test(test_keys_never_stored),
		cmocka_unit_test(test_groups_and_blocks),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_not_config),
		cmocka_unit_test(test_truncation_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
