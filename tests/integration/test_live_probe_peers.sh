#!/bin/bash
# erwatch probe --bgp against the BGP implementations Debian ships beside
# BIRD and FRR: OpenBGPD, GoBGP and ExaBGP, each in the MSEE role (AS
# 12076) in a namespace of its own pair, passive, with a neighbor for the
# CE address the probe speaks from.  For each: the OPEN exchange reaches
# Established, the daemon's OPEN is decoded (AS, hold time negotiated
# down to the daemon's 90 s, the capabilities it announces, which differ
# from one implementation to the next), and with a wrong local AS the
# daemon's NOTIFICATION 2/2 (Bad Peer AS) is decoded.  Against OpenBGPD
# also erwatch monitor run --once: its bgp_open probe and a router_state
# endpoint on bgpctl.  Exit 77 without root.
set -u
: "${ERWATCH:?}" "${ERW_SRC_DIR:?}"
. "$ERW_SRC_DIR/tests/testbed/lib.sh"
. "$ERW_SRC_DIR/tests/testbed/live_lib.sh"

tb_require_root

# caps: the capability codes the daemon must announce in this setup
# (1 multiprotocol, 2 route refresh, 5 extended next hop, 6 extended
# message, 64 graceful
# restart, 65 4-octet AS, 69 add-path, 73 FQDN), as
# seen in tests/data/captures/healthy_<impl>; the probe must decode each.
probe_impl()
{
	local impl=$1 caps=$2 opts=$3 J c
	tb_init "probe_$impl" || exit 1
	tb_pair || exit 1
	# shellcheck disable=SC2086
	"tb_$impl" "$TB_MS" local="$TB_MS_IP" peer="$TB_CE_IP" las=12076 \
	    pas=65010 hold=90 keepalive=30 passive=1 prefixes=2 $opts ||
	    { live_fail "$impl: daemon did not start"; tb_cleanup; return; }
	J="$TB_DIR/out.json"
	P() { ip netns exec "$TB_CE" "$ERWATCH" probe "$@"; }
	# The daemon may need a moment to listen: retry a refused probe.
	tb_wait_until 15 eval "ip netns exec '$TB_MS' ss -Htln 'sport = :179' |
	    grep -q ." || live_fail "$impl: no listener on port 179"
	P --bgp --local-as 65010 --peer-as 12076 --hold 90 \
	    --source "$TB_CE_IP" --json "$TB_MS_IP" >"$J"; rc=$?
	live_check "$impl: exit 0" [ $rc = 0 ]
	cp "$J" "$J.first"
	live_check "$impl: Established, AS 12076, hold 90 negotiated" \
	    live_jq "$J" '.bgp.state == "Established" and
	    .bgp.peerOpen.as == 12076 and .bgp.peerOpen.holdTime == 90 and
	    .bgp.negotiatedHoldTime == 90 and .bgp.peerOpen.as4 == true'
	for c in $caps; do
		live_check "$impl: capability $c decoded" live_jq "$J" \
		    "[.bgp.peerOpen.capabilities[].code] | index($c) != null"
	done
	# The session must be over before the next one: the daemon takes
	# our Cease and goes back to listening.
	tb_wait_until 10 eval "[ \"\$(tb_bgp_state '$TB_MS')\" != Established ]"
	tb_wait_until 10 eval "! ip netns exec '$TB_MS' ss -Htn state \
	    established '( sport = :179 )' | grep -q ."
	# GoBGP sits in Idle for a while after a Cease and closes every
	# connection meanwhile without an OPEN: wait until it listens again.
	if [ "$impl" = gobgp ]; then
		tb_wait_state "$TB_MS" Active 60 ||
		    live_fail "$impl: not Active again after our Cease"
	fi
	# The daemon expects AS 65010: a wrong AS draws NOTIFICATION 2/2.
	rm -f "$J"
	P --bgp --local-as 65099 --source "$TB_CE_IP" --json \
	    "$TB_MS_IP" >"$J"; rc=$?
	live_check "$impl: wrong local AS: exit 1" [ $rc = 1 ]
	live_check "$impl: wrong local AS: NOTIFICATION 2/2 decoded" \
	    live_jq "$J" '.bgp.notification.code == 2 and
	    .bgp.notification.subcode == 2 and
	    (.findings[] | select(.code == "BGP_NOTIFICATION") | .summary |
	     test("2/2"))'
	[ "$impl" = openbgpd ] && monitor_openbgpd
	[ "$LIVE_FAILS" = 0 ] || { echo "--- $impl output:"; jq -c "{findings: [.findings[] | [.code, .summary]], bgp}" "$J.first" "$J";
	    tb_show "$TB_MS"; }
	tb_cleanup
	trap - EXIT INT TERM
}

# erwatch monitor run --once against the OpenBGPD: a bgp_open endpoint
# (the probe's OPEN exchange, run by the monitor) and a router_state
# endpoint that runs bgpctl show summary, read by the router parser.
monitor_openbgpd()
{
	local db="$TB_DIR/mon.db" sock="$TB_DIR/openbgpd-$TB_MS/bgpd.sock"
	tb_wait_until 10 eval "! ip netns exec '$TB_MS' ss -Htn state \
	    established '( sport = :179 )' | grep -q ."
	cat >"$TB_DIR/mon.json" <<EOT
{
  "agent": "peers",
  "store": "$db",
  "testGroups": [
    { "name": "g", "frequencySeconds": 1, "timeoutMs": 900,
      "endpoints": [
        { "kind": "bgp_open", "address": "$TB_MS_IP", "localAs": 65010,
          "peerAs": 12076 },
        { "kind": "router_state", "name": "obgpd",
          "command": ["bgpctl", "-s", "$sock", "show", "summary"] }
      ] }
  ]
}
EOT
	ip netns exec "$TB_CE" "$ERWATCH" monitor run --once \
	    --config "$TB_DIR/mon.json" 2>"$TB_DIR/mon.err"; rc=$?
	[ $rc = 0 ] || head -c 600 "$TB_DIR/mon.err"
	live_check "openbgpd: monitor run --once: exit 0" [ $rc = 0 ]
	q() { python3 - "$db" "$1" <<'EOT'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, timeout=5)
for row in db.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
EOT
	}
	live_check "openbgpd: monitor bgp_open exchanged OPENs" [ "$(q "SELECT
	    r.ok || r.status FROM result r JOIN endpoint e ON
	    e.id = r.endpoint_id WHERE e.kind = 'bgp_open'")" = "1ok" ]
	# bgpctl's row for the CE, whatever state the Cease left it in
	live_check "openbgpd: monitor router_state read bgpctl's neighbor" \
	    [ -n "$(q "SELECT r.status FROM result r JOIN endpoint e ON
	    e.id = r.endpoint_id WHERE e.name = 'router:obgpd:$TB_CE_IP'")" ]
}

probe_impl openbgpd "1 2 64 65" ""
probe_impl gobgp "1 2 5 65 73" ""
probe_impl exabgp "1 2 6 65 69" "caps=addpath,extmsg,route-refresh"
live_summary
