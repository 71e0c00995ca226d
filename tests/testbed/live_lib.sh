# shellcheck shell=bash
#
# Helpers for the live-tool integration tests (tests/integration/
# test_live_*.sh) on top of lib.sh: extra addresses and BGP neighbors for
# the probe (so the probe never touches the daemons' real session), the
# daemon's own view of a session's uptime, filters on forwarded traffic,
# and small assertion helpers.  Sourced after lib.sh.
#
#	. "$ERW_SRC_DIR/tests/testbed/lib.sh"
#	. "$ERW_SRC_DIR/tests/testbed/live_lib.sh"

LIVE_FAILS=0
LIVE_CHECKS=0

# live_ok MSG / live_fail MSG: count and print a check result.
live_ok()
{
	LIVE_CHECKS=$((LIVE_CHECKS + 1))
	echo "ok - $*"
}

live_fail()
{
	LIVE_CHECKS=$((LIVE_CHECKS + 1))
	LIVE_FAILS=$((LIVE_FAILS + 1))
	echo "FAIL - $*"
}

# live_check MSG CMD...: run CMD, ok when it succeeds.
live_check()
{
	local msg=$1
	shift
	if "$@"; then live_ok "$msg"; else live_fail "$msg"; fi
}

# live_jq FILE FILTER: true when FILE holds one JSON value and FILTER
# yields at least one true value on it.  Built on json_check, which fails
# on empty, whitespace-only or non-JSON output (jq 1.6 -e does not).
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"
live_jq()
{
	json_check "$1" "[ $2 ] | any"
}

# live_summary: print the totals and exit 0 or 1.
live_summary()
{
	echo "$LIVE_CHECKS checks, $LIVE_FAILS failed"
	[ "$LIVE_FAILS" = 0 ]
}

# live_addr NS DEV ADDR/LEN: one more address on DEV (a second /30 on the
# same link, for the probe's own neighbor).
live_addr()
{
	ip -n "$1" addr add "$3" dev "$2"
}

# live_bird_add NS NAME KEY=VALUE...: add BGP protocol NAME to the BIRD in
# NS and reconfigure it.  Keys: local= neighbor= las= pas= hold= passive=1
# md5file=FILE port=N (the neighbor's port, for a passive probe).  The MD5
# password goes only into the configuration file in the run directory.
live_bird_add()
{
	local ns=$1 name=$2 d kv local="" neigh="" las="" pas="" hold=180
	local passive=0 md5file="" pw="" ctl port=""
	shift 2
	for kv in "$@"; do
		case $kv in
		local=*) local=${kv#*=} ;;
		neighbor=*) neigh=${kv#*=} ;;
		las=*) las=${kv#*=} ;;
		pas=*) pas=${kv#*=} ;;
		hold=*) hold=${kv#*=} ;;
		passive=*) passive=${kv#*=} ;;
		md5file=*) md5file=${kv#*=} ;;
		port=*) port=" port ${kv#*=}" ;;
		*) tb_die "live_bird_add: unknown option '$kv'"; return 1 ;;
		esac
	done
	d="$TB_DIR/bird-$ns"
	ctl=$(cat "$TB_DIR/ns/$ns.ctl")
	[ -n "$md5file" ] && IFS= read -r pw <"$md5file"
	{
		echo "protocol bgp $name {"
		echo "	local $local as $las;"
		echo "	neighbor $neigh$port as $pas;"
		echo "	hold time $hold;"
		echo "	connect delay time 1;"
		echo "	connect retry time 2;"
		echo "	error wait time 1, 4;"
		[ "$passive" = 1 ] && echo "	passive on;"
		[ -n "$pw" ] && echo "	password \"$pw\";"
		echo "	ipv4 { import all; export none; };"
		echo "}"
	} >>"$d/bird.conf"
	pw=""
	if ! birdc -s "$ctl" configure >"$d/configure.out" 2>&1 ||
	    ! grep -q "Reconfigured\|Reconfiguration in progress" \
	    "$d/configure.out"; then
		tb_die "bird reconfigure: $(head -c 300 "$d/configure.out")"
		return 1
	fi
}

# live_bird_proto NS NAME: print "STATE SINCE INFO" of protocol NAME.
live_bird_proto()
{
	local ctl
	ctl=$(cat "$TB_DIR/ns/$1.ctl")
	birdc -s "$ctl" show protocols "$2" 2>/dev/null |
	    awk -v n="$2" '$1 == n { print $4, $5, $6; exit }'
}

# live_bird_since NS NAME: when protocol NAME last changed state.
live_bird_since()
{
	live_bird_proto "$1" "$2" | awk '{ print $2 }'
}

# live_frr_uptime_ms NS PEER: FRR's established timer for PEER (ms).
live_frr_uptime_ms()
{
	local d
	d=$(cat "$TB_DIR/ns/$1.ctl")
	vtysh --vty_socket "$d" -c "show bgp neighbors $2 json" 2>/dev/null |
	    jq -r --arg p "$2" '.[$p].bgpTimerUpMsec // 0'
}

# live_frr_sessions NS PEER: "ESTABLISHED/DROPPED" connection counters of
# FRR's neighbor PEER (they move when the session resets).
live_frr_sessions()
{
	local d
	d=$(cat "$TB_DIR/ns/$1.ctl")
	vtysh --vty_socket "$d" -c "show bgp neighbors $2 json" 2>/dev/null |
	    jq -r --arg p "$2" '.[$p] | "\(.connectionsEstablished // -1)/" +
	    "\(.connectionsDropped // -1)"'
}

# live_reject_forward NS [TYPE]: a router rejecting forwarded TCP/179 with
# an ICMP error (default icmp-admin-prohibited).
live_reject_forward()
{
	ip netns exec "$1" iptables -A FORWARD -p tcp --dport 179 -j REJECT \
	    --reject-with "${2:-icmp-admin-prohibited}"
}

# live_no_icmp_ratelimit NS...: routers answer every probe (tests send
# bursts of SYNs with small TTLs).
live_no_icmp_ratelimit()
{
	local ns
	for ns in "$@"; do
		ip netns exec "$ns" sysctl -qw net.ipv4.icmp_ratelimit=0
	done
}
