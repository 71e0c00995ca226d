/*
 * router_cmds: the per-vendor command table (contract in router_cmds.h).
 * The commands are the ones each vendor documents for looking at one BGP
 * neighbor; the drill shuts the neighbor administratively (a Cease, RFC
 * 4486 subcode 2, that the Microsoft edge sees as a clean shutdown)
 * rather than a link, so that only the one session moves.
 */
#include <stddef.h>
#include <string.h>

#include "router_cmds.h"
#include "util/util.h"

struct vendor_cmds {
	const char	*label;
	bool		 shell;		/* typed in the host's shell */
	const char	*step[ROUTER_CMD__COUNT];
};

static const struct vendor_cmds table[ROUTER_VENDOR__COUNT] = {
	[ROUTER_VENDOR_IOS] = { "Cisco IOS / IOS-XE", false, {
	    [ROUTER_CMD_SUMMARY] = "show ip bgp summary",
	    [ROUTER_CMD_NEIGHBOR] = "show ip bgp neighbors {peer}",
	    [ROUTER_CMD_ARP] = "show ip arp {peer}",
	    [ROUTER_CMD_PING] = "ping {peer} repeat 10",
	    [ROUTER_CMD_RECEIVED] = "show ip bgp neighbors {peer} routes",
	    [ROUTER_CMD_ADVERTISED] =
		"show ip bgp neighbors {peer} advertised-routes",
	    [ROUTER_CMD_LOG] = "show logging | include BGP",
	    [ROUTER_CMD_COLLECT] =
		"show ip bgp summary ; show ip bgp neighbors {peer}",
	    [ROUTER_CMD_SHUT] = "configure terminal\nrouter bgp {asn}\n"
		"neighbor {peer} shutdown\nend",
	    [ROUTER_CMD_RESTORE] = "configure terminal\nrouter bgp {asn}\n"
		"no neighbor {peer} shutdown\nend" } },
	[ROUTER_VENDOR_NXOS] = { "Cisco NX-OS", false, {
	    [ROUTER_CMD_SUMMARY] = "show ip bgp summary",
	    [ROUTER_CMD_NEIGHBOR] = "show bgp ipv4 unicast neighbors {peer}",
	    [ROUTER_CMD_ARP] = "show ip arp {peer}",
	    [ROUTER_CMD_PING] = "ping {peer} count 10",
	    [ROUTER_CMD_RECEIVED] =
		"show bgp ipv4 unicast neighbors {peer} routes",
	    [ROUTER_CMD_ADVERTISED] =
		"show bgp ipv4 unicast neighbors {peer} advertised-routes",
	    [ROUTER_CMD_LOG] = "show logging logfile | include BGP",
	    [ROUTER_CMD_COLLECT] = "show ip bgp summary ; show bgp ipv4 "
		"unicast neighbors {peer}",
	    [ROUTER_CMD_SHUT] = "configure terminal\nrouter bgp {asn}\n"
		"neighbor {peer}\nshutdown\nend",
	    [ROUTER_CMD_RESTORE] = "configure terminal\nrouter bgp {asn}\n"
		"neighbor {peer}\nno shutdown\nend" } },
	[ROUTER_VENDOR_XR] = { "Cisco IOS-XR", false, {
	    [ROUTER_CMD_SUMMARY] = "show bgp summary",
	    [ROUTER_CMD_NEIGHBOR] = "show bgp neighbor {peer}",
	    [ROUTER_CMD_ARP] = "show arp | include {peer}",
	    [ROUTER_CMD_PING] = "ping {peer} count 10",
	    [ROUTER_CMD_RECEIVED] = "show bgp neighbor {peer} routes",
	    [ROUTER_CMD_ADVERTISED] =
		"show bgp neighbor {peer} advertised-routes",
	    [ROUTER_CMD_LOG] = "show logging | include BGP",
	    [ROUTER_CMD_COLLECT] =
		"show bgp summary ; show bgp neighbor {peer}",
	    /* XR applies nothing before commit */
	    [ROUTER_CMD_SHUT] = "configure\nrouter bgp {asn}\n"
		"neighbor {peer}\nshutdown\ncommit\nend",
	    [ROUTER_CMD_RESTORE] = "configure\nrouter bgp {asn}\n"
		"neighbor {peer}\nno shutdown\ncommit\nend" } },
	[ROUTER_VENDOR_JUNOS] = { "Juniper Junos", false, {
	    [ROUTER_CMD_SUMMARY] = "show bgp summary",
	    [ROUTER_CMD_NEIGHBOR] = "show bgp neighbor {peer}",
	    [ROUTER_CMD_ARP] = "show arp no-resolve | match {peer}",
	    [ROUTER_CMD_PING] = "ping {peer} count 10",
	    [ROUTER_CMD_RECEIVED] = "show route receive-protocol bgp {peer}",
	    [ROUTER_CMD_ADVERTISED] =
		"show route advertising-protocol bgp {peer}",
	    [ROUTER_CMD_LOG] = "show log messages | match bgp",
	    [ROUTER_CMD_COLLECT] =
		"show bgp summary ; show bgp neighbor {peer}",
	    /* deactivate keeps the neighbor's configuration for activate */
	    [ROUTER_CMD_SHUT] = "configure\ndeactivate protocols bgp group "
		"{group} neighbor {peer}\ncommit\nexit",
	    [ROUTER_CMD_RESTORE] = "configure\nactivate protocols bgp group "
		"{group} neighbor {peer}\ncommit\nexit" } },
	[ROUTER_VENDOR_EOS] = { "Arista EOS", false, {
	    [ROUTER_CMD_SUMMARY] = "show ip bgp summary",
	    [ROUTER_CMD_NEIGHBOR] = "show ip bgp neighbors {peer}",
	    [ROUTER_CMD_ARP] = "show ip arp {peer}",
	    [ROUTER_CMD_PING] = "ping {peer} repeat 10",
	    [ROUTER_CMD_RECEIVED] = "show ip bgp neighbors {peer} routes",
	    [ROUTER_CMD_ADVERTISED] =
		"show ip bgp neighbors {peer} advertised-routes",
	    [ROUTER_CMD_LOG] = "show logging | include BGP",
	    [ROUTER_CMD_COLLECT] =
		"show ip bgp summary ; show ip bgp neighbors {peer}",
	    [ROUTER_CMD_SHUT] = "configure\nrouter bgp {asn}\n"
		"neighbor {peer} shutdown\nend",
	    [ROUTER_CMD_RESTORE] = "configure\nrouter bgp {asn}\n"
		"no neighbor {peer} shutdown\nend" } },
	[ROUTER_VENDOR_FRR] = { "FRRouting", true, {
	    [ROUTER_CMD_SUMMARY] = "vtysh -c 'show bgp summary'",
	    [ROUTER_CMD_NEIGHBOR] = "vtysh -c 'show bgp neighbors {peer}'",
	    [ROUTER_CMD_ARP] = "ip neigh show {peer}",
	    [ROUTER_CMD_PING] = "ping -c 10 {peer}",
	    [ROUTER_CMD_RECEIVED] =
		"vtysh -c 'show bgp ipv4 unicast neighbors {peer} routes'",
	    [ROUTER_CMD_ADVERTISED] = "vtysh -c 'show bgp ipv4 unicast "
		"neighbors {peer} advertised-routes'",
	    [ROUTER_CMD_LOG] =
		"journalctl -u frr --since '1 hour ago' | grep -i bgp",
	    /* JSON: exact, and erwatch router reads it */
	    [ROUTER_CMD_COLLECT] = "vtysh -c 'show bgp summary json' -c "
		"'show bgp neighbors {peer} json' > router/frr.json",
	    [ROUTER_CMD_SHUT] = "vtysh -c 'configure terminal' -c "
		"'router bgp {asn}' -c 'neighbor {peer} shutdown'",
	    [ROUTER_CMD_RESTORE] = "vtysh -c 'configure terminal' -c "
		"'router bgp {asn}' -c 'no neighbor {peer} shutdown'" } },
	[ROUTER_VENDOR_BIRD] = { "BIRD 2", true, {
	    [ROUTER_CMD_SUMMARY] = "birdc show protocols",
	    [ROUTER_CMD_NEIGHBOR] = "birdc show protocols all {proto}",
	    [ROUTER_CMD_ARP] = "ip neigh show {peer}",
	    [ROUTER_CMD_PING] = "ping -c 10 {peer}",
	    [ROUTER_CMD_RECEIVED] = "birdc show route protocol {proto}",
	    [ROUTER_CMD_ADVERTISED] = "birdc show route export {proto}",
	    [ROUTER_CMD_LOG] =
		"journalctl -u bird --since '1 hour ago' | grep -i bgp",
	    [ROUTER_CMD_COLLECT] =
		"birdc show protocols all > router/bird.txt",
	    /* disable sends the Cease and keeps the protocol configured */
	    [ROUTER_CMD_SHUT] = "birdc disable {proto}",
	    [ROUTER_CMD_RESTORE] = "birdc enable {proto}" } },
};

static const struct {
	const char		*word;
	enum router_vendor	 v;
} words[] = {
	{ "ios", ROUTER_VENDOR_IOS }, { "iosxe", ROUTER_VENDOR_IOS },
	{ "ios-xe", ROUTER_VENDOR_IOS }, { "nxos", ROUTER_VENDOR_NXOS },
	{ "nx-os", ROUTER_VENDOR_NXOS }, { "iosxr", ROUTER_VENDOR_XR },
	{ "ios-xr", ROUTER_VENDOR_XR }, { "junos", ROUTER_VENDOR_JUNOS },
	{ "eos", ROUTER_VENDOR_EOS }, { "frr", ROUTER_VENDOR_FRR },
	{ "bird", ROUTER_VENDOR_BIRD },
};

bool
router_cmd_vendor_known(enum router_vendor v)
{
	return (unsigned)v < ROUTER_VENDOR__COUNT && table[v].label != NULL;
}

const char *
router_cmd_vendor_label(enum router_vendor v)
{
	return router_cmd_vendor_known(v) ? table[v].label : "";
}

bool
router_cmd_vendor_shell(enum router_vendor v)
{
	return router_cmd_vendor_known(v) && table[v].shell;
}

enum router_vendor
router_cmd_vendor_parse(const char *word)
{
	size_t i;

	for (i = 0; word != NULL && i < sizeof(words) / sizeof(words[0]); i++)
		if (str_casecmp(word, words[i].word) == 0)
			return words[i].v;
	return ROUTER_VENDOR_UNKNOWN;
}

/* The value of template variable name (n bytes), or its placeholder. */
static const char *
var(const struct router_cmd_vars *vars, const char *name, size_t n)
{
	static const struct {
		const char	*name;
		size_t		 off;
		const char	*placeholder;
	} v[] = {
		{ "peer", offsetof(struct router_cmd_vars, peer), "<peer-ip>" },
		{ "asn", offsetof(struct router_cmd_vars, asn), "<local-asn>" },
		{ "group", offsetof(struct router_cmd_vars, group),
		    "<group>" },
		{ "proto", offsetof(struct router_cmd_vars, proto),
		    "<protocol>" },
	};
	const char *s;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (strlen(v[i].name) != n || memcmp(v[i].name, name, n) != 0)
			continue;
		s = NULL;
		if (vars != NULL)
			memcpy(&s, (const char *)vars + v[i].off, sizeof(s));
		return s != NULL && s[0] != '\0' ? s : v[i].placeholder;
	}
	return NULL;
}

/* Append n bytes of s to out (len bytes) at *at; *at counts what was
 * needed even past len. */
static void
put(char *out, size_t len, size_t *at, const char *s, size_t n)
{
	size_t room = *at < len ? len - 1 - *at : 0;

	if (len > 0 && room > 0)
		memcpy(out + *at, s, n < room ? n : room);
	*at += n;
}

size_t
router_cmd(enum router_vendor v, enum router_cmd_step step,
    const struct router_cmd_vars *vars, char *out, size_t len)
{
	const char *t, *close, *val;
	size_t at = 0;

	if (len > 0)
		out[0] = '\0';
	if (!router_cmd_vendor_known(v) || (unsigned)step >=
	    ROUTER_CMD__COUNT || (t = table[v].step[step]) == NULL)
		return 0;
	while (*t != '\0') {
		if (*t == '{' && (close = strchr(t, '}')) != NULL &&
		    (val = var(vars, t + 1, (size_t)(close - t - 1))) != NULL) {
			put(out, len, &at, val, strlen(val));
			t = close + 1;
			continue;
		}
		put(out, len, &at, t, 1);
		t++;
	}
	if (len > 0)
		out[at < len ? at : len - 1] = '\0';
	return at;
}
