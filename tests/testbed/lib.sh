# shellcheck shell=bash
#
# erwatch testbed library: real BGP daemons (BIRD 2, FRR, OpenBGPD, GoBGP,
# ExaBGP) in Linux network namespaces, joined by veth pairs, with fault
# injectors.  Sourced by
# tests/testbed/record.sh and by the live integration tests
# (tests/integration/test_*live*.sh).  Nothing here touches the root
# namespace's links or addresses: every link is created inside namespaces
# this library made, and everything it starts is stopped by PID.
#
# Usage (bash, set -u friendly):
#	. "$ERW_SRC_DIR/tests/testbed/lib.sh"
#	tb_require_root			# exit 77 when not possible
#	tb_init mytest			# run dir, namespace names, cleanup trap
#	tb_pair				# $TB_CE -- ce0 / ms0 -- $TB_MS
#	tb_frr "$TB_CE" local="$TB_CE_IP" peer="$TB_MS_IP" las=65010 pas=12076
#	tb_bird "$TB_MS" local="$TB_MS_IP" peer="$TB_CE_IP" las=12076 pas=65010
#	tb_capture_start "$TB_CE" ce0 "$TB_DIR/x.pcap"
#	tb_wait_established "$TB_CE" 30 || exit 1
#	tb_capture_stop
#
# Variables set for the caller:
#	TB_DIR		run directory (removed by tb_cleanup)
#	TB_CE, TB_MS	namespace names of the customer edge and the MSEE
#	TB_R1, TB_R2	router namespaces (tb_chain only)
#	TB_CE_IP, TB_MS_IP	addresses of CE and MSEE (the BGP peers); after
#			"tb_pair swap" they are the CE's wrong view: TB_CE_IP
#			is .2 (which the MSEE also holds), TB_MS_IP is .1
#	TB_PLEN		their prefix length (30)
# Variables read:
#	TB_NET		first three octets of the /24 the run uses (default:
#			random inside 172.16.0.0/12: 172.(16..31).N)
#	TB_DEBUG	when set, tb_init prints the run dir and the /24
#	TB_IPV6		when set, IPv6 stays enabled in new namespaces
#
# Every function returns non-zero on failure with a message on stderr that
# starts with "testbed:"; every wait is a bounded poll (tb_wait_until).
# MD5 passwords are read from a file and only ever written into the
# daemon's configuration inside the run directory (mode 0600 for BIRD, 0640
# owned by frr for bgpd; removed at cleanup); they are never echoed.

TB_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TB_DIR=""
TB_ROOT=""
TB_ID=""
TB_CE=""
TB_MS=""
TB_R1=""
TB_R2=""
TB_CE_IP=""
TB_MS_IP=""
TB_PLEN=30
TB_FROZEN=""

tb_log()
{
	echo "testbed: $*" >&2
}

tb_die()
{
	tb_log "$@"
	return 1
}

# tb_require_root: exit 77 (ctest "skipped") when the testbed cannot run.
tb_require_root()
{
	local c

	if [ "$(id -u)" != 0 ]; then
		echo "testbed: skipped: needs root (network namespaces)" >&2
		exit 77
	fi
	for c in ip bird birdc /usr/lib/frr/bgpd /usr/lib/frr/zebra vtysh \
	    /usr/sbin/bgpd bgpctl gobgpd gobgp exabgp tcpdump ethtool jq; do
		if ! command -v "$c" >/dev/null 2>&1; then
			echo "testbed: skipped: '$c' not installed" >&2
			exit 77
		fi
	done
	if ! ip netns add "erwtb-probe-$$" 2>/dev/null; then
		echo "testbed: skipped: cannot create network namespaces" >&2
		exit 77
	fi
	ip netns del "erwtb-probe-$$"
}

# tb_wait_until TIMEOUT_S CMD...: poll CMD every 0.2 s until it succeeds;
# returns 1 after TIMEOUT_S seconds.
tb_wait_until()
{
	local timeout=$1 end
	shift
	end=$(($(date +%s%N) / 1000000 + timeout * 1000))
	while ! "$@" >/dev/null 2>&1; do
		if [ "$(($(date +%s%N) / 1000000))" -ge "$end" ]; then
			return 1
		fi
		sleep 0.2
	done
	return 0
}

# tb_init NAME: create the run dir and choose unique namespace names; install
# a trap that calls tb_cleanup on EXIT, INT and TERM.  May be called again
# after tb_cleanup (record.sh runs many scenarios in one shell).
tb_init()
{
	local name=${1:-run}

	TB_ROOT="${TMPDIR:-/tmp}/erwatch-tb.$$"
	TB_ID="$$$RANDOM"
	TB_DIR="$TB_ROOT/$name"
	rm -rf "$TB_DIR"
	mkdir -p "$TB_DIR/ns" || return 1
	# FRR drops to user frr: the path must be traversable.
	chmod 755 "$TB_ROOT" "$TB_DIR"
	TB_FROZEN=""
	TB_CE="" TB_MS="" TB_R1="" TB_R2=""
	if [ -z "${TB_NET:-}" ]; then
		TB_NET="172.$((16 + RANDOM % 16)).$((RANDOM % 256))"
	fi
	trap 'tb_cleanup' EXIT
	trap 'tb_cleanup; exit 130' INT
	trap 'tb_cleanup; exit 143' TERM
	[ -n "${TB_DEBUG:-}" ] && tb_log "run dir $TB_DIR, net $TB_NET.0/24"
	return 0
}

# tb_ns ROLE: create namespace erwtb<id>-ROLE (lo up, IPv6 off unless
# TB_IPV6 is set, forwarding off) and print its name.
tb_ns()
{
	local ns="erwtb$TB_ID-$1"

	ip netns add "$ns" || return 1
	echo "$ns" >>"$TB_DIR/namespaces"
	ip -n "$ns" link set lo up
	if [ -z "${TB_IPV6:-}" ]; then
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	fi
	echo "$ns"
}

# tb_offloads_off NS DEV: no TSO/GSO/GRO/checksum offload, no VLAN
# acceleration, so captures show what a real wire carries.
tb_offloads_off()
{
	ip netns exec "$1" ethtool -K "$2" tx off rx off tso off gso off \
	    gro off >/dev/null 2>&1
	ip netns exec "$1" ethtool -K "$2" txvlan off rxvlan off \
	    >/dev/null 2>&1
	return 0
}

# tb_link NS1 DEV1 ADDR1 NS2 DEV2 ADDR2 [MTU]: veth pair between two
# namespaces, addresses with prefix length (a.b.c.d/nn), offloads off, up.
tb_link()
{
	local n1=$1 d1=$2 a1=$3 n2=$4 d2=$5 a2=$6 mtu=${7:-}

	ip -n "$n1" link add "$d1" type veth peer name "$d2" netns "$n2" ||
	    return 1
	echo "$n1 $d1 $n2 $d2" >>"$TB_DIR/links"
	echo "$n2 $d2 $n1 $d1" >>"$TB_DIR/links"
	tb_offloads_off "$n1" "$d1"
	tb_offloads_off "$n2" "$d2"
	if [ -n "$mtu" ]; then
		ip -n "$n1" link set "$d1" mtu "$mtu"
		ip -n "$n2" link set "$d2" mtu "$mtu"
	fi
	[ -n "$a1" ] && ip -n "$n1" addr add "$a1" dev "$d1"
	[ -n "$a2" ] && ip -n "$n2" addr add "$a2" dev "$d2"
	ip -n "$n1" link set "$d1" up
	ip -n "$n2" link set "$d2" up
}

# tb_pair [swap]: namespaces $TB_CE and $TB_MS joined by ce0 -- ms0 on the
# /30 $TB_NET.0/30: CE is .1 (first usable), MSEE .2, as on ExpressRoute.
# With "swap", the CE interface gets .2 and TB_CE_IP/TB_MS_IP are swapped
# too (the wrong_peer_ip fault); the MSEE keeps .2 - both claim it.
tb_pair()
{
	local ce_addr="$TB_NET.1" ms_addr="$TB_NET.2"

	TB_CE=$(tb_ns ce) || return 1
	TB_MS=$(tb_ns msee) || return 1
	TB_PLEN=30
	TB_CE_IP=$ce_addr
	TB_MS_IP=$ms_addr
	if [ "${1:-}" = swap ]; then
		TB_CE_IP=$ms_addr
		TB_MS_IP=$ce_addr
		tb_link "$TB_CE" ce0 "$ms_addr/30" "$TB_MS" ms0 "$ms_addr/30"
	else
		tb_link "$TB_CE" ce0 "$ce_addr/30" "$TB_MS" ms0 "$ms_addr/30"
	fi
}

# tb_chain [MTU [send|drop]]: CE -- R1 -- R2 -- MSEE, routed.
#	CE ce0 .1/30 -- r1a .2 | R1 r1b .5/30 -- r2a .6 | R2 r2b .9/30 -- ms0 .10
# The R1--R2 link has MTU MTU (default 1000).  "send" (default) lets the
# routers send ICMP 3/4 fragmentation-needed; "drop" drops it in their
# OUTPUT chains (a PMTU black hole).  The BGP session needs eBGP multihop
# (multihop=3 in tb_bird/tb_frr).
tb_chain()
{
	local mtu=${1:-1000} icmp=${2:-send} r

	TB_CE=$(tb_ns ce) || return 1
	TB_R1=$(tb_ns r1) || return 1
	TB_R2=$(tb_ns r2) || return 1
	TB_MS=$(tb_ns msee) || return 1
	TB_PLEN=30
	TB_CE_IP="$TB_NET.1"
	TB_MS_IP="$TB_NET.10"
	tb_link "$TB_CE" ce0 "$TB_NET.1/30" "$TB_R1" r1a "$TB_NET.2/30" &&
	tb_link "$TB_R1" r1b "$TB_NET.5/30" "$TB_R2" r2a "$TB_NET.6/30" \
	    "$mtu" &&
	tb_link "$TB_R2" r2b "$TB_NET.9/30" "$TB_MS" ms0 "$TB_NET.10/30" ||
	    return 1
	ip -n "$TB_CE" route add "$TB_NET.0/24" via "$TB_NET.2"
	ip -n "$TB_MS" route add "$TB_NET.0/24" via "$TB_NET.9"
	ip -n "$TB_R1" route add "$TB_NET.8/30" via "$TB_NET.6"
	ip -n "$TB_R2" route add "$TB_NET.0/30" via "$TB_NET.5"
	for r in "$TB_R1" "$TB_R2"; do
		ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1
		if [ "$icmp" = drop ]; then
			ip netns exec "$r" iptables -A OUTPUT -p icmp \
			    --icmp-type fragmentation-needed -j DROP || return 1
		fi
	done
}

# tb_exec NS CMD...: run CMD inside namespace NS.
tb_exec()
{
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# tb_render TEMPLATE OUT KEY=VALUE...: copy TEMPLATE to OUT replacing @KEY@
# with VALUE; "#?KEY " lines are kept (marker removed) when VALUE is
# non-empty and not 0, dropped otherwise.  VALUE may span lines.
tb_render()
{
	local tpl=$1 out=$2 line kv key val keep flag
	shift 2
	: >"$out" || return 1
	while IFS= read -r line || [ -n "$line" ]; do
		if [[ $line == "#?"* ]]; then
			flag=${line%% *}
			flag=${flag#\#?}
			keep=0
			for kv in "$@"; do
				key=${kv%%=*}
				val=${kv#*=}
				if [ "$key" = "$flag" ] && [ -n "$val" ] &&
				    [ "$val" != 0 ]; then
					keep=1
				fi
			done
			[ "$keep" = 1 ] || continue
			line=${line#"#?$flag "}
		fi
		for kv in "$@"; do
			key=${kv%%=*}
			val=${kv#*=}
			line=${line//@"$key"@/$val}
		done
		printf '%s\n' "$line" >>"$out"
	done <"$tpl"
}

# tb_prefixes N BASE FORMAT: print N /24 prefixes starting at 10.BASE.0.0,
# each through printf FORMAT (one %s).
tb_prefixes()
{
	local n=$1 base=$2 fmt=$3 i

	for ((i = 0; i < n; i++)); do
		# shellcheck disable=SC2059
		printf "$fmt" "10.$((base + i / 256)).$((i % 256)).0/24"
	done
}

# tb_daemon_args: parse KEY=VALUE arguments of tb_bird/tb_frr into tb_a_*.
#	local=IP peer=IP las=AS pas=AS	addresses and AS numbers (required)
#	keepalive=S hold=S		timers (default 60/180)
#	md5file=FILE			TCP MD5 password, first line of FILE
#	limit=N				import limit / maximum-prefix
#	prefixes=N base=B		export N /24s from 10.B.0.0 (default 5)
#	default=1			also export 0.0.0.0/0
#	passive=1			never connect, only accept
#	multihop=TTL			eBGP multihop
#	nollgr=1			no (long-lived) graceful restart
#	neighbor=IP			configure this neighbor instead of peer
#					(IP "none": no BGP neighbor at all)
#	caps=LIST			ExaBGP only: capabilities to announce,
#					comma separated: addpath (send/receive),
#					extmsg (RFC 8654), gr (graceful restart),
#					route-refresh, asn4-off (no 4-octet AS)
#	attrs=TEXT			ExaBGP only: appended to every route
#					(communities, a raw "attribute [...]")
tb_daemon_args()
{
	local kv

	tb_a_local="" tb_a_peer="" tb_a_las="" tb_a_pas="" tb_a_ka=60
	tb_a_hold=180 tb_a_md5file="" tb_a_limit="" tb_a_np=5 tb_a_base=""
	tb_a_default=0 tb_a_passive=0 tb_a_multihop="" tb_a_nollgr=0
	tb_a_neighbor="" tb_a_caps="" tb_a_attrs=""
	for kv in "$@"; do
		case $kv in
		local=*) tb_a_local=${kv#*=} ;;
		peer=*) tb_a_peer=${kv#*=} ;;
		las=*) tb_a_las=${kv#*=} ;;
		pas=*) tb_a_pas=${kv#*=} ;;
		keepalive=*) tb_a_ka=${kv#*=} ;;
		hold=*) tb_a_hold=${kv#*=} ;;
		md5file=*) tb_a_md5file=${kv#*=} ;;
		limit=*) tb_a_limit=${kv#*=} ;;
		prefixes=*) tb_a_np=${kv#*=} ;;
		base=*) tb_a_base=${kv#*=} ;;
		default=*) tb_a_default=${kv#*=} ;;
		passive=*) tb_a_passive=${kv#*=} ;;
		multihop=*) tb_a_multihop=${kv#*=} ;;
		nollgr=*) tb_a_nollgr=${kv#*=} ;;
		neighbor=*) tb_a_neighbor=${kv#*=} ;;
		caps=*) tb_a_caps=${kv#*=} ;;
		attrs=*) tb_a_attrs=${kv#*=} ;;
		*) tb_die "unknown daemon option '$kv'"; return 1 ;;
		esac
	done
	if [ -z "$tb_a_local" ] || [ -z "$tb_a_peer" ] || [ -z "$tb_a_las" ] ||
	    [ -z "$tb_a_pas" ]; then
		tb_die "daemon needs local=, peer=, las=, pas="
		return 1
	fi
	[ -n "$tb_a_neighbor" ] || tb_a_neighbor=$tb_a_peer
	if [ -z "$tb_a_base" ]; then
		# MSEE side exports 10.200/16.., customer side 10.1/16..
		if [ "$tb_a_las" = 12076 ]; then tb_a_base=200; else tb_a_base=1; fi
	fi
	tb_a_md5=""
	if [ -n "$tb_a_md5file" ]; then
		IFS= read -r tb_a_md5 <"$tb_a_md5file" || true
		[ -n "$tb_a_md5" ] || { tb_die "empty md5 file"; return 1; }
	fi
}

# tb_register NS KIND CTL PEER PIDFILES...: remember the daemon in NS.
tb_register()
{
	local ns=$1 kind=$2 ctl=$3 peer=$4
	shift 4
	echo "$kind" >"$TB_DIR/ns/$ns.kind"
	echo "$ctl" >"$TB_DIR/ns/$ns.ctl"
	echo "$peer" >"$TB_DIR/ns/$ns.peer"
	printf '%s\n' "$@" >"$TB_DIR/ns/$ns.pidfiles"
}

# tb_bird NS KEY=VALUE...: start BIRD 2 in NS (options: tb_daemon_args).
# Control socket, pid file, log and config live in $TB_DIR/bird-NS.
tb_bird()
{
	local ns=$1 d routes neigh=1 peer
	shift
	tb_daemon_args "$@" || return 1
	d="$TB_DIR/bird-$ns"
	mkdir -p "$d"
	routes=$(tb_prefixes "$tb_a_np" "$tb_a_base" '\troute %s blackhole;\n')
	if [ "$tb_a_default" != 0 ]; then
		routes="$routes"$'\n\troute 0.0.0.0/0 blackhole;'
	fi
	peer=$tb_a_neighbor
	[ "$peer" = none ] && { neigh=0; peer=$tb_a_peer; }
	(umask 077 && tb_render "$TB_LIB_DIR/conf/bird.conf.in" \
	    "$d/bird.conf" DIR="$d" LOCAL_IP="$tb_a_local" \
	    PEER_IP="$peer" LOCAL_AS="$tb_a_las" PEER_AS="$tb_a_pas" \
	    HOLD="$tb_a_hold" KEEPALIVE="$tb_a_ka" STATIC_ROUTES="$routes" \
	    NEIGHBOR="$neigh" PASSIVE="$tb_a_passive" MD5="$tb_a_md5" \
	    MULTIHOP="$tb_a_multihop" NOLLGR="$tb_a_nollgr" \
	    LIMIT="$tb_a_limit") || return 1
	tb_a_md5=""
	tb_register "$ns" bird "$d/bird.ctl" "$peer" "$d/bird.pid"
	if ! ip netns exec "$ns" bird -c "$d/bird.conf" -s "$d/bird.ctl" \
	    -P "$d/bird.pid" 2>"$d/bird.err"; then
		tb_log "bird in $ns failed to start: $(head -c 300 "$d/bird.err")"
		return 1
	fi
	tb_wait_until 10 test -S "$d/bird.ctl" ||
	    tb_die "bird in $ns: no control socket"
}

# tb_frr NS KEY=VALUE...: start FRR zebra + bgpd in NS (options:
# tb_daemon_args).  Files in $TB_DIR/frr-NS, owned by user frr.
tb_frr()
{
	local ns=$1 d nets peer neigh=1 host
	shift
	tb_daemon_args "$@" || return 1
	d="$TB_DIR/frr-$ns"
	mkdir -p "$d"
	chown frr:frr "$d"
	chmod 750 "$d"
	nets=$(tb_prefixes "$tb_a_np" "$tb_a_base" '  network %s\n')
	if [ "$tb_a_default" != 0 ]; then
		nets="$nets"$'\n  network 0.0.0.0/0'
	fi
	peer=$tb_a_neighbor
	[ "$peer" = none ] && { neigh=0; peer=$tb_a_peer; }
	host="tb-${ns##*-}"
	tb_render "$TB_LIB_DIR/conf/zebra.conf.in" "$d/zebra.conf" \
	    DIR="$d" HOSTNAME="$host" || return 1
	(umask 027 && tb_render "$TB_LIB_DIR/conf/bgpd.conf.in" \
	    "$d/bgpd.conf" DIR="$d" HOSTNAME="$host" LOCAL_IP="$tb_a_local" \
	    PEER_IP="$peer" LOCAL_AS="$tb_a_las" PEER_AS="$tb_a_pas" \
	    HOLD="$tb_a_hold" KEEPALIVE="$tb_a_ka" NETWORKS="$nets" \
	    PASSIVE="$tb_a_passive" MD5="$tb_a_md5" \
	    MULTIHOP="$tb_a_multihop" NOLLGR="$tb_a_nollgr" \
	    LIMIT="$tb_a_limit") || return 1
	tb_a_md5=""
	if [ "$neigh" = 0 ]; then
		# "none": drop every neighbor line (bgpd then has no peer)
		sed -i '/neighbor /d' "$d/bgpd.conf"
	fi
	chown frr:frr "$d"/*.conf
	tb_register "$ns" frr "$d" "$peer" "$d/bgpd.pid" "$d/zebra.pid"
	if ! ip netns exec "$ns" /usr/lib/frr/zebra -d -f "$d/zebra.conf" \
	    -i "$d/zebra.pid" -z "$d/zserv.api" --vty_socket "$d" \
	    -u frr -g frr -P 0 >"$d/zebra.err" 2>&1; then
		tb_log "zebra in $ns failed: $(head -c 300 "$d/zebra.err")"
		return 1
	fi
	tb_wait_until 10 test -S "$d/zserv.api" ||
	    { tb_die "zebra in $ns: no zserv socket"; return 1; }
	if ! ip netns exec "$ns" /usr/lib/frr/bgpd -d -f "$d/bgpd.conf" \
	    -i "$d/bgpd.pid" -z "$d/zserv.api" --vty_socket "$d" \
	    -u frr -g frr -P 0 >"$d/bgpd.err" 2>&1; then
		tb_log "bgpd in $ns failed: $(head -c 300 "$d/bgpd.err")"
		return 1
	fi
	tb_wait_until 10 test -S "$d/bgpd.vty" ||
	    tb_die "bgpd in $ns: no vty socket"
}

# tb_spawn PIDFILE LOG NS CMD...: run CMD in NS in the background, detached
# from this shell (a subshell forks it and exits, so it is never our child
# and no zombie of it outlives its stop), its PID in PIDFILE, stdout and
# stderr in LOG.  For daemons that stay in the foreground: OpenBGPD with
# -d, gobgpd and ExaBGP always (none of them writes a pid file it keeps
# while running in the foreground).
tb_spawn()
{
	local pidf=$1 log=$2 ns=$3
	shift 3
	(ip netns exec "$ns" "$@" </dev/null >"$log" 2>&1 &
	    echo $! >"$pidf")
	[ -s "$pidf" ]
}

# tb_alive PID: true while PID runs (a zombie counts as gone).
tb_alive()
{
	local st
	kill -0 "$1" 2>/dev/null || return 1
	st=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)
	[ "$st" != Z ]
}

# tb_openbgpd NS KEY=VALUE...: start OpenBGPD (bgpd 7.x) in NS (options:
# tb_daemon_args; nollgr is accepted and has no effect: OpenBGPD announces
# no long-lived graceful restart).  Files in $TB_DIR/openbgpd-NS.
# bgpd forks a session engine, an RDE and an RTR process that chroot to
# the home of its privsep user (_openbgpd on Debian, /run/openbgpd, which
# the package's systemd unit creates as RuntimeDirectory; created here when
# missing and left in place, it may be shared).  No pid file option:
# run with -d (foreground, log to stderr) and record the parent's PID;
# SIGTERM to the parent stops its children.
tb_openbgpd()
{
	local ns=$1 d nets peer neigh=1 home
	shift
	tb_daemon_args "$@" || return 1
	d="$TB_DIR/openbgpd-$ns"
	mkdir -p "$d"
	home=$(getent passwd _openbgpd | cut -d: -f6)
	[ -n "$home" ] || { tb_die "no _openbgpd user (openbgpd package)"; return 1; }
	[ -d "$home" ] || install -d -m 755 "$home"
	nets=$(tb_prefixes "$tb_a_np" "$tb_a_base" 'network %s\n')
	if [ "$tb_a_default" != 0 ]; then
		nets="$nets"$'\nnetwork 0.0.0.0/0'
	fi
	peer=$tb_a_neighbor
	[ "$peer" = none ] && { neigh=0; peer=$tb_a_peer; }
	# bgpd refuses a configuration readable by others when it holds
	# a password.
	(umask 077 && tb_render "$TB_LIB_DIR/conf/openbgpd.conf.in" \
	    "$d/bgpd.conf" DIR="$d" LOCAL_IP="$tb_a_local" \
	    PEER_IP="$peer" LOCAL_AS="$tb_a_las" PEER_AS="$tb_a_pas" \
	    HOLD="$tb_a_hold" NETWORKS="$nets" NEIGHBOR="$neigh" \
	    PASSIVE="$tb_a_passive" MD5="$tb_a_md5" \
	    MULTIHOP="$tb_a_multihop" LIMIT="$tb_a_limit") || return 1
	tb_a_md5=""
	if ! /usr/sbin/bgpd -n -f "$d/bgpd.conf" >"$d/check.err" 2>&1; then
		tb_log "openbgpd config: $(head -c 300 "$d/check.err")"
		return 1
	fi
	tb_register "$ns" openbgpd "$d/bgpd.sock" "$peer" "$d/bgpd.pid"
	tb_spawn "$d/bgpd.pid" "$d/bgpd.log" "$ns" /usr/sbin/bgpd -d -v \
	    -f "$d/bgpd.conf" || return 1
	tb_wait_until 10 test -S "$d/bgpd.sock" || {
		tb_die "openbgpd in $ns: no control socket:" \
		    "$(head -c 300 "$d/bgpd.log")"
		return 1
	}
}

# tb_gobgp_cli NS ARGS...: the gobgp CLI against the gobgpd in NS (each
# namespace has its own loopback, so every gobgpd keeps the default
# gRPC port 50051 on 127.0.0.1).
tb_gobgp_cli()
{
	local ns=$1
	shift
	ip netns exec "$ns" gobgp -u 127.0.0.1 -p 50051 "$@"
}

# tb_gobgp NS KEY=VALUE...: start gobgpd (GoBGP 3) in NS (options:
# tb_daemon_args; nollgr has no effect, GoBGP announces graceful restart
# only when configured).  Runs as root (gobgpd has no privilege drop),
# in the foreground, plain-text log.  Then adds the exported prefixes
# to its global RIB through the CLI.
tb_gobgp()
{
	local ns=$1 d peer neigh=1 p
	shift
	tb_daemon_args "$@" || return 1
	d="$TB_DIR/gobgp-$ns"
	mkdir -p "$d"
	peer=$tb_a_neighbor
	[ "$peer" = none ] && { neigh=0; peer=$tb_a_peer; }
	(umask 077 && tb_render "$TB_LIB_DIR/conf/gobgpd.toml.in" \
	    "$d/gobgpd.toml" LOCAL_IP="$tb_a_local" \
	    PEER_IP="$peer" LOCAL_AS="$tb_a_las" PEER_AS="$tb_a_pas" \
	    HOLD="$tb_a_hold" KEEPALIVE="$tb_a_ka" NEIGHBOR="$neigh" \
	    PASSIVE="$tb_a_passive" MD5="$tb_a_md5" \
	    MULTIHOP="$tb_a_multihop" LIMIT="$tb_a_limit") || return 1
	tb_a_md5=""
	tb_register "$ns" gobgp "$d" "$peer" "$d/gobgpd.pid"
	tb_spawn "$d/gobgpd.pid" "$d/gobgpd.log" "$ns" gobgpd \
	    -f "$d/gobgpd.toml" -t toml -p --pprof-disable \
	    --api-hosts 127.0.0.1:50051 || return 1
	tb_wait_until 10 tb_gobgp_cli "$ns" global || {
		tb_die "gobgpd in $ns: no API: $(head -c 300 "$d/gobgpd.log")"
		return 1
	}
	for p in $(tb_prefixes "$tb_a_np" "$tb_a_base" '%s\n'); do
		tb_gobgp_cli "$ns" global rib add -a ipv4 "$p" ||
		    { tb_die "gobgp: cannot add $p"; return 1; }
	done
	if [ "$tb_a_default" != 0 ]; then
		tb_gobgp_cli "$ns" global rib add -a ipv4 0.0.0.0/0 || return 1
	fi
}

# tb_exabgp_cli NS ARGS...: exabgpcli against the ExaBGP in NS (its pipes
# in the run dir), for example "show neighbor summary".
tb_exabgp_cli()
{
	local ns=$1
	shift
	ip netns exec "$ns" exabgpcli --root "$TB_DIR/exabgp-$ns" "$@"
}

# tb_exabgp NS KEY=VALUE...: start ExaBGP 4 in NS (options:
# tb_daemon_args, plus caps= and attrs=; keepalive is always hold/3 in
# ExaBGP).  ExaBGP binds port 179 as root, then drops to user exabgp
# (exabgp.daemon.user; the run dir is that user's).  Its environment
# comes from exabgp.* variables: foreground, log to a file, CLI pipes in
# the run dir (tb_exabgp_cli).  The session state is read from the JSON
# its "watch" process writes.
tb_exabgp()
{
	local ns=$1 d peer neigh=1 caps="" routes c
	shift
	tb_daemon_args "$@" || return 1
	d="$TB_DIR/exabgp-$ns"
	mkdir -p "$d"
	peer=$tb_a_neighbor
	[ "$peer" = none ] && { neigh=0; peer=$tb_a_peer; }
	for c in ${tb_a_caps//,/ }; do
		case $c in
		addpath) caps="$caps"$'\t\tadd-path send/receive;\n' ;;
		extmsg) caps="$caps"$'\t\textended-message enable;\n' ;;
		gr) caps="$caps"$'\t\tgraceful-restart 120;\n' ;;
		route-refresh) caps="$caps"$'\t\troute-refresh enable;\n' ;;
		asn4-off) caps="$caps"$'\t\tasn4 disable;\n' ;;
		*) tb_die "tb_exabgp: unknown capability '$c'"; return 1 ;;
		esac
	done
	routes=$(tb_prefixes "$tb_a_np" "$tb_a_base" \
	    "\t\troute %s next-hop self${tb_a_attrs:+ $tb_a_attrs};\n")
	if [ "$tb_a_default" != 0 ]; then
		routes="$routes"$'\n\t\troute 0.0.0.0/0 next-hop self;'
	fi
	routes=$'\tstatic {\n'"$routes"$'\n\t}'
	[ "$neigh" = 0 ] && routes=""
	(umask 077 && tb_render "$TB_LIB_DIR/conf/exabgp.conf.in" \
	    "$d/exabgp.conf" DIR="$d" LOCAL_IP="$tb_a_local" \
	    PEER_IP="$peer" LOCAL_AS="$tb_a_las" PEER_AS="$tb_a_pas" \
	    HOLD="$tb_a_hold" NEIGHBOR="$neigh" PASSIVE="$tb_a_passive" \
	    MD5="$tb_a_md5" MULTIHOP="$tb_a_multihop" \
	    CAPABILITIES="${caps%$'\n'}" ROUTES="$routes") || return 1
	tb_a_md5=""
	: >"$d/state.json"
	# ExaBGP splits "run" at blanks without a shell: the redirection
	# lives in a script.  No exec: ExaBGP takes EOF on the helper's
	# stdout for its death, so the shell keeps that pipe open.
	printf '#!/bin/sh\ncat >>"%s"\n' "$d/state.json" >"$d/watch.sh"
	chmod 755 "$d/watch.sh"
	# exabgpcli's named pipes: under --root DIR it looks in
	# DIR/run/exabgp/ too, so each ExaBGP gets its own (the default
	# /run/exabgp would be shared by every ExaBGP on the machine).
	mkdir -p "$d/run/exabgp"
	mkfifo "$d/run/exabgp/exabgp.in" "$d/run/exabgp/exabgp.out" ||
	    return 1
	chown -R exabgp: "$d"
	tb_register "$ns" exabgp "$d/state.json" "$peer" "$d/exabgp.pid"
	tb_spawn "$d/exabgp.pid" "$d/exabgp.out" "$ns" env \
	    exabgp.daemon.daemonize=false exabgp.daemon.user=exabgp \
	    exabgp.log.destination="$d/exabgp.log" exabgp.api.cli=true \
	    exabgp.tcp.bind="$tb_a_local" \
	    exabgp --root "$d" "$d/exabgp.conf" || return 1
	# Up once the watch process (its child) has started.
	tb_wait_until 10 eval "pgrep -P \$(cat '$d/exabgp.pid') >/dev/null" ||
	    { tb_die "exabgp in $ns did not start:" \
		"$(tail -c 300 "$d/exabgp.out")"; return 1; }
}

# tb_daemon_pid NS: print the PID of the BGP daemon in NS (bird or bgpd).
tb_daemon_pid()
{
	local f
	f=$(head -n 1 "$TB_DIR/ns/$1.pidfiles" 2>/dev/null) || return 1
	[ -s "$f" ] || return 1
	head -n 1 "$f"
}

# tb_bgp_state NS: print the BGP state of the session in NS
# (Idle/Connect/Active/OpenSent/OpenConfirm/Established).
tb_bgp_state()
{
	local ns=$1 kind ctl peer
	kind=$(cat "$TB_DIR/ns/$ns.kind" 2>/dev/null) ||
	    { echo unknown; return 1; }
	ctl=$(cat "$TB_DIR/ns/$ns.ctl")
	peer=$(cat "$TB_DIR/ns/$ns.peer")
	case $kind in
	bird)
		birdc -s "$ctl" show protocols all tb_peer 2>/dev/null |
		    awk '/BGP state:/ { print $3; exit }'
		;;
	frr)
		vtysh --vty_socket "$ctl" \
		    -c "show bgp neighbors $peer json" 2>/dev/null |
		    jq -r --arg p "$peer" '.[$p].bgpState // "unknown"'
		;;
	openbgpd)
		# "Established", "Active", "OpenSent", ... as in RFC 4271
		bgpctl -j -s "$ctl" show neighbor "$peer" 2>/dev/null |
		    jq -r '.neighbors[0].state // "unknown"'
		;;
	gobgp)
		# gobgp's JSON carries the API's enum (1 idle .. 6 established)
		tb_gobgp_cli "$ns" neighbor "$peer" -j 2>/dev/null |
		    jq -r '["unknown", "Idle", "Connect", "Active", "OpenSent",
			"OpenConfirm", "Established"][.state.session_state // 0]
			// "unknown"'
		;;
	exabgp)
		# the last neighbor-changes message: connected, up or down
		jq -r 'select(.type == "state") | .neighbor.state' "$ctl" \
		    2>/dev/null | tail -n 1 | sed 's/^up$/Established/;
		    s/^connected$/Connect/; s/^down$/Idle/; s/^$/Idle/'
		;;
	esac
}

tb_is_established()
{
	[ "$(tb_bgp_state "$1")" = Established ]
}

# tb_show NS: print the daemon's own view of the session (for failures).
tb_show()
{
	local ns=$1 kind ctl peer
	kind=$(cat "$TB_DIR/ns/$ns.kind" 2>/dev/null) || return 1
	ctl=$(cat "$TB_DIR/ns/$ns.ctl")
	peer=$(cat "$TB_DIR/ns/$ns.peer")
	case $kind in
	bird) birdc -s "$ctl" show protocols all tb_peer 2>&1 | head -n 30 ;;
	frr) vtysh --vty_socket "$ctl" -c "show bgp neighbors $peer" 2>&1 |
	    head -n 40 ;;
	openbgpd) bgpctl -s "$ctl" show neighbor "$peer" 2>&1 | head -n 40 ;;
	gobgp) tb_gobgp_cli "$ns" neighbor "$peer" 2>&1 | head -n 40 ;;
	exabgp) tail -n 20 "$(dirname "$ctl")/exabgp.log" ;;
	esac
}

# tb_wait_established NS TIMEOUT_S: poll the daemon in NS until its session
# is Established; on timeout print its state to stderr and return 1.
tb_wait_established()
{
	local ns=$1 timeout=${2:-30}

	if tb_wait_until "$timeout" tb_is_established "$ns"; then
		return 0
	fi
	tb_log "$ns: not Established after ${timeout}s (state:" \
	    "$(tb_bgp_state "$ns"))"
	tb_show "$ns" >&2
	return 1
}

# tb_wait_state NS STATE TIMEOUT_S: poll until the session is in STATE
# (or, with STATE "down", in any state but Established).
tb_wait_state()
{
	local ns=$1 want=$2 timeout=${3:-30}
	if [ "$want" = down ]; then
		tb_wait_until "$timeout" eval "! tb_is_established '$ns'"
	else
		tb_wait_until "$timeout" eval \
		    "[ \"\$(tb_bgp_state '$ns')\" = '$want' ]"
	fi
}

# tb_capture_start NS IFACE FILE [tcpdump args...]: start tcpdump -U -w FILE
# in NS, return once it listens.  Several captures may run at once.
tb_capture_start()
{
	local ns=$1 dev=$2 file=$3 n pid
	shift 3
	n=$(ls "$TB_DIR"/cap.*.pid 2>/dev/null | wc -l)
	# --immediate-mode: packets reach tcpdump as they come, not when a ring
	# block fills or times out, so nothing is left behind at SIGINT.
	ip netns exec "$ns" tcpdump -Z root -i "$dev" -s 0 -U \
	    --immediate-mode -w "$file" "$@" 2>"$TB_DIR/cap.$n.err" &
	pid=$!
	echo "$pid" >"$TB_DIR/cap.$n.pid"
	echo "$file" >"$TB_DIR/cap.$n.file"
	if ! tb_wait_until 10 grep -q "listening on" "$TB_DIR/cap.$n.err"; then
		tb_log "tcpdump in $ns on $dev did not start:" \
		    "$(head -c 300 "$TB_DIR/cap.$n.err")"
		return 1
	fi
}

# tb_size_settled FILE: true when FILE has not grown for 0.3 s.
tb_size_settled()
{
	local a b
	a=$(stat -c %s "$1" 2>/dev/null)
	sleep 0.3
	b=$(stat -c %s "$1" 2>/dev/null)
	[ "$a" = "$b" ]
}

# tb_capture_stop: stop every running capture: wait (at most 3 s) until its
# file stops growing, SIGINT, then wait for the process so the file is
# complete.
tb_capture_stop()
{
	local f pid
	for f in "$TB_DIR"/cap.*.pid; do
		[ -e "$f" ] || continue
		pid=$(cat "$f")
		tb_wait_until 3 tb_size_settled "$(cat "${f%.pid}.file")"
		kill -INT "$pid" 2>/dev/null
		if ! tb_wait_until 10 eval "! kill -0 $pid"; then
			kill -KILL "$pid" 2>/dev/null
		fi
		wait "$pid" 2>/dev/null
		rm -f "$f" "${f%.pid}.file"
	done
	return 0
}

# tb_drop_tcp179 NS: silently drop TCP/179 in NS, in and out (an ACL that
# filters the BGP port: the peer sees SYNs vanish, never an answer).
tb_drop_tcp179()
{
	local c p
	for c in INPUT OUTPUT; do
		for p in --dport --sport; do
			ip netns exec "$1" iptables -A "$c" -p tcp "$p" 179 \
			    -j DROP || return 1
		done
	done
}

# tb_reject_tcp179 NS [REJECT-TYPE]: answer TCP/179 with an ICMP error
# (default icmp-admin-prohibited; also icmp-port-unreachable, tcp-reset).
tb_reject_tcp179()
{
	ip netns exec "$1" iptables -A INPUT -p tcp --dport 179 -j REJECT \
	    --reject-with "${2:-icmp-admin-prohibited}"
}

# tb_flush_filters NS: remove the rules the fault helpers added.
tb_flush_filters()
{
	ip netns exec "$1" iptables -F INPUT
	ip netns exec "$1" iptables -F OUTPUT
}

# tb_bgp_conn NS: print "LOCAL_IP LOCAL_PORT PEER_IP PEER_PORT" of the
# first established TCP connection to or from port 179 in NS (IPv4).
tb_bgp_conn()
{
	ip netns exec "$1" ss -Htn state established \
	    '( sport = :179 or dport = :179 )' |
	    awk 'NR == 1 { l = $(NF - 1); p = $NF;
		i = match(l, /:[0-9]+$/); j = match(p, /:[0-9]+$/);
		la = substr(l, 1, i - 1); pa = substr(p, 1, j - 1);
		# a socket bound to a device shows "addr%dev"
		sub(/%.*/, "", la); sub(/%.*/, "", pa);
		print la, substr(l, i + 1), pa, substr(p, j + 1) }'
}

# tb_drop_conn NS: nft in NS silently drops the segments NS sends on its
# current BGP connection, matched by 4-tuple, so that connection dies
# without a close on the wire (its NOTIFICATION, FIN and RST never leave)
# while new connections (new ports) pass.  Dropped at the output hook,
# before tcpdump on NS's link would see them.  The rule lives as long as
# the namespace (tb_cleanup).  Prints "LOCAL:PORT PEER:PORT".
tb_drop_conn()
{
	local ns=$1 la lp pa pp

	read -r la lp pa pp < <(tb_bgp_conn "$ns")
	[ -n "${pp:-}" ] ||
	    { tb_die "tb_drop_conn: no BGP connection in $ns"; return 1; }
	ip netns exec "$ns" nft -f - <<EOT || return 1
table inet erwtb {
	chain tb_out {
		type filter hook output priority 0;
		ip saddr $la tcp sport $lp ip daddr $pa tcp dport $pp drop
	}
}
EOT
	echo "$la:$lp $pa:$pp"
}

# tb_link_flap NS DEV N [DOWN_S [UP_TIMEOUT_S]]: set DEV down for DOWN_S
# (default 2) seconds then up again, N times; after each "up", wait (at most
# UP_TIMEOUT_S, default 30) until the daemon in NS is Established again when
# a daemon runs there.
tb_link_flap()
{
	local ns=$1 dev=$2 n=$3 down=${4:-2} up=${5:-30} i
	for ((i = 0; i < n; i++)); do
		ip -n "$ns" link set "$dev" down || return 1
		sleep "$down"
		ip -n "$ns" link set "$dev" up || return 1
		if [ -e "$TB_DIR/ns/$ns.kind" ]; then
			tb_wait_established "$ns" "$up" || return 1
		fi
	done
}

# tb_freeze PID / tb_thaw PID: SIGSTOP / SIGCONT a process (cleanup thaws).
tb_freeze()
{
	kill -STOP "$1" && TB_FROZEN="$TB_FROZEN $1"
}

tb_thaw()
{
	kill -CONT "$1"
	TB_FROZEN=${TB_FROZEN// $1/}
}

# tb_vlan_tag DEV VID [STAG]: make every frame on the veth link that DEV
# belongs to carry 802.1Q tag VID (and an outer 802.1ad S-tag STAG): the eBPF
# program vlan_tag.bpf.c, compiled now, pushes on egress and pops on ingress
# at both ends.  DEV is an interface created by tb_pair/tb_chain (ce0, ms0..).
# With QinQ the IP MTU of both ends drops by 4 (a veth accepts one tag).
tb_vlan_tag()
{
	local dev=$1 vid=$2 stag=${3:-0} obj ns pdev pns n d

	read -r ns d pns pdev < <(awk -v d="$dev" '$2 == d' "$TB_DIR/links") ||
	    { tb_die "tb_vlan_tag: unknown device '$dev'"; return 1; }
	obj="$TB_DIR/vlan_tag_${vid}_$stag.o"
	if [ ! -e "$obj" ] && ! clang -O2 -g -target bpf \
	    -I"/usr/include/$(uname -m)-linux-gnu" \
	    -DTB_VID="$vid" -DTB_STAG="$stag" \
	    -c "$TB_LIB_DIR/vlan_tag.bpf.c" -o "$obj" 2>"$TB_DIR/bpf.err"; then
		tb_log "cannot build vlan_tag.bpf.c: $(head -c 400 "$TB_DIR/bpf.err")"
		return 1
	fi
	for n in "$ns $d" "$pns $pdev"; do
		set -- $n
		ip netns exec "$1" tc qdisc add dev "$2" clsact || return 1
		ip netns exec "$1" tc filter add dev "$2" egress bpf da \
		    obj "$obj" sec tb_egress 2>>"$TB_DIR/bpf.err" || {
			tb_log "tc egress attach failed on $2:" \
			    "$(tail -c 400 "$TB_DIR/bpf.err")"
			return 1
		}
		if [ "$stag" != 0 ]; then
			ip -n "$1" link set "$2" mtu 1496
		fi
	done
	tb_vlan_ingress "$ns" "$d" "$obj" && tb_vlan_ingress "$pns" "$pdev" "$obj"
}

tb_vlan_ingress()
{
	ip netns exec "$1" tc filter add dev "$2" ingress bpf da \
	    obj "$3" sec tb_ingress 2>>"$TB_DIR/bpf.err" || {
		tb_log "tc ingress attach failed on $2:" \
		    "$(tail -c 400 "$TB_DIR/bpf.err")"
		return 1
	}
}

# tb_kill_pidfile FILE: TERM the process in FILE, wait (bounded), then KILL.
tb_kill_pidfile()
{
	local pid
	[ -s "$1" ] || return 0
	pid=$(head -n 1 "$1")
	case $pid in '' | *[!0-9]*) return 0 ;; esac
	kill -CONT "$pid" 2>/dev/null
	kill -TERM "$pid" 2>/dev/null || return 0
	if ! tb_wait_until 5 eval "! tb_alive $pid"; then
		kill -KILL "$pid" 2>/dev/null
	fi
}

# tb_stop NS: stop the daemon(s) started in NS (by their pid files).
tb_stop()
{
	local f
	[ -e "$TB_DIR/ns/$1.pidfiles" ] || return 0
	while IFS= read -r f; do
		tb_kill_pidfile "$f"
	done <"$TB_DIR/ns/$1.pidfiles"
	rm -f "$TB_DIR/ns/$1".*
}

# tb_cleanup: thaw frozen processes, stop captures and daemons (by PID),
# delete the namespaces this run created, remove the run dir.  Idempotent.
tb_cleanup()
{
	local p f ns pid
	[ -n "$TB_DIR" ] && [ -d "$TB_DIR" ] || return 0
	for p in $TB_FROZEN; do
		kill -CONT "$p" 2>/dev/null
	done
	TB_FROZEN=""
	tb_capture_stop
	for f in "$TB_DIR"/ns/*.pidfiles; do
		[ -e "$f" ] || continue
		ns=$(basename "$f" .pidfiles)
		tb_stop "$ns"
	done
	if [ -e "$TB_DIR/namespaces" ]; then
		while IFS= read -r ns; do
			# anything still running in a namespace we made is ours
			for pid in $(ip netns pids "$ns" 2>/dev/null); do
				kill -KILL "$pid" 2>/dev/null
			done
			ip netns del "$ns" 2>/dev/null
		done <"$TB_DIR/namespaces"
	fi
	rm -rf "$TB_DIR"
	rmdir "$TB_ROOT" 2>/dev/null
	TB_DIR=""
	return 0
}
