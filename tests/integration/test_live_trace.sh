#!/bin/bash
# erwatch trace and erwatch probe through a routed chain of namespaces:
#	CE .1 -- .2 R1 .5 -- .6 R2 .9 -- .10 MSEE (BIRD, AS 12076)
# Cases: healthy (hops R1, R2, MSEE open), DROP of TCP/179 at the MSEE
# (filtered; the trace shows R2 as the last hop), REJECT with ICMP at R2
# (unreachable, R2 named) and at the MSEE (port unreachable: not a RST),
# and trace without CAP_NET_RAW.  Exit 77 without root.
set -u
: "${ERWATCH:?}" "${ERW_SRC_DIR:?}"
. "$ERW_SRC_DIR/tests/testbed/lib.sh"
. "$ERW_SRC_DIR/tests/testbed/live_lib.sh"
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"

tb_require_root
tb_init live_trace
tb_chain 1500 || exit 1
live_no_icmp_ratelimit "$TB_R1" "$TB_R2" "$TB_MS"
tb_bird "$TB_MS" local="$TB_MS_IP" peer="$TB_CE_IP" las=12076 pas=65010 \
    multihop=3 passive=1 || exit 1
R1="$TB_NET.2" R2="$TB_NET.6"
J="$TB_DIR/out.json"
T() { ip netns exec "$TB_CE" "$ERWATCH" trace "$@"; }
P() { ip netns exec "$TB_CE" "$ERWATCH" probe "$@"; }
# BIRD listens once its protocol is up.
tb_wait_until 10 eval 'ip netns exec "$TB_MS" ss -Hltn "sport = :179" | grep -q LISTEN' ||
    { echo "bird does not listen"; exit 1; }

# --- healthy ---
# erwatch capture counts the SYNs the trace and the probe put on the wire.
D="$TB_DIR/cap"
mkdir -p "$D" && chmod 1777 "$D"
ip netns exec "$TB_CE" "$ERWATCH" capture -i ce0 -w "$D/syn.pcap" --json \
    -f "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn and dst port 179" \
    -d 60 >"$D/syn.json" 2>"$D/syn.err" &
cpid=$!
tb_wait_until 10 test -e "$D/syn.pcap"
T --wait 1s --json "$TB_MS_IP" >"$J"; rc=$?
live_check "healthy trace: exit 0" [ $rc = 0 ]
live_check "healthy trace: R1, R2, then the MSEE open" live_jq "$J" \
    ".result == \"open\" and (.hops | length) == 3 and
     .hops[0].address == \"$R1\" and .hops[1].address == \"$R2\" and
     .hops[2].address == \"$TB_MS_IP\" and
     .hops[0].probes[0].reply == \"time-exceeded\" and
     (.hops[2].probes | map(.reply) | index(\"syn-ack\")) != null and
     .probesSent == 9"
T --wait 1s "$TB_MS_IP" >"$TB_DIR/t.txt"
live_check "healthy trace text: hop 3 SYN-ACK" grep -q "^  3  *$TB_MS_IP .*SYN-ACK" "$TB_DIR/t.txt"
P --count 2 --interval 100ms --json "$TB_MS_IP" >"$J"; rc=$?
live_check "healthy probe: open" live_jq "$J" '.verdict == "open" and .probesFailed == 0'
tb_wait_until 5 eval "[ \$(tshark -r '$D/syn.pcap' 2>/dev/null | wc -l) -ge 20 ]"
kill -INT "$cpid"
tb_wait_until 10 eval "! kill -0 $cpid" || kill -KILL "$cpid"
wait "$cpid"
# 2 traces of 9 SYNs and 2 probes: no more went out
live_check "exactly the SYNs asked for: 20 on the wire" live_jq "$D/syn.json" \
    '.packets == 20 and .stoppedBy == "signal"'
live_check "the capture reads back: 20 SYNs" \
    [ "$(tshark -r "$D/syn.pcap" 2>/dev/null | wc -l)" = 20 ]

# --- DROP at the MSEE ---
tb_drop_tcp179 "$TB_MS"
T --wait 500ms --json "$TB_MS_IP" >"$J"; rc=$?
live_check "drop trace: exit 1" [ $rc = 1 ]
live_check "drop trace: silent after R2 (hop 2)" live_jq "$J" \
    ".result == \"silent\" and .hops[1].address == \"$R2\" and
     (.hops[2].probes | all(.reply == \"none\"))"
live_check "drop trace: TCP_SYN_UNANSWERED names R2 as the last hop" \
    live_jq "$J" ".findings[] | select(.code == \"TCP_SYN_UNANSWERED\") |
     .summary | contains(\"last hop that answered is $R2 (hop 2)\")"
P --count 2 --interval 100ms --timeout 1s --json "$TB_MS_IP" >"$J"; rc=$?
live_check "drop probe: exit 1" [ $rc = 1 ]
live_check "drop probe: filtered, TCP_SYN_UNANSWERED" live_jq "$J" \
    '.verdict == "filtered" and .connectionStatus == "Unreachable" and
     .probesFailed == 2 and .findings[0].code == "TCP_SYN_UNANSWERED"'
tb_flush_filters "$TB_MS"

# --- REJECT with ICMP at R2 ---
live_reject_forward "$TB_R2" icmp-admin-prohibited
P --count 2 --interval 100ms --json "$TB_MS_IP" >"$J"; rc=$?
live_check "reject at R2 probe: exit 1" [ $rc = 1 ]
live_check "reject at R2 probe: unreachable, ICMP 3/13 from R2" live_jq "$J" \
    ".verdict == \"unreachable\" and .probes[0].icmp.router == \"$R2\" and
     .probes[0].icmp.type == 3 and .probes[0].icmp.code == 13"
live_check "reject at R2 probe: PROBE_ICMP_UNREACHABLE names R2" live_jq "$J" \
    ".findings[] | select(.code == \"PROBE_ICMP_UNREACHABLE\") | .summary |
     startswith(\"$R2 reported ICMP 3/13\")"
T --wait 1s --json "$TB_MS_IP" >"$J"; rc=$?
# R2 decrements the TTL before its FORWARD chain: hop 2 is a time
# exceeded from R2, hop 3 the rejection, also from R2.
live_check "reject at R2 trace: unreachable at hop 3 from R2" live_jq "$J" \
    ".result == \"unreachable\" and (.hops | length) == 3 and
     .hops[1].address == \"$R2\" and .hops[2].address == \"$R2\" and
     .hops[2].probes[0].reply == \"unreachable\" and
     (.findings[0].summary | startswith(\"$R2 reported ICMP 3/13\"))"
ip netns exec "$TB_R2" iptables -F FORWARD

# --- REJECT with port unreachable at the MSEE: ICMP, not a RST ---
tb_reject_tcp179 "$TB_MS" icmp-port-unreachable
P --count 1 --json "$TB_MS_IP" >"$J"; rc=$?
live_check "port-unreachable at MSEE: unreachable (not refused), from MSEE" \
    live_jq "$J" ".verdict == \"unreachable\" and
     .probes[0].icmp.router == \"$TB_MS_IP\" and .probes[0].icmp.code == 3"
tb_flush_filters "$TB_MS"

# --- no listener: RST ---
P --count 1 --json "$TB_MS_IP:1790" >"$J"
live_check "no listener: refused" live_jq "$J" '.verdict == "refused"'
T --wait 1s --json "$TB_MS_IP:1790" >"$J"
live_check "no listener trace: refused at the MSEE" live_jq "$J" \
    '.result == "refused" and (.findings[0].code == "TCP_RST_ON_SYN")'

# --- no route: nothing is sent ---
P --count 1 --json 198.51.100.1 >"$J"; rc=$?
live_check "no route: exit 1, no-route, PROBE_NO_ROUTE" live_jq "$J" \
    '.verdict == "no-route" and .findings[0].code == "PROBE_NO_ROUTE"'
out=$(T 198.51.100.1 2>&1); rc=$?
live_check "no route trace: exit 3, says so" eval \
    '[ $rc = 3 ] && [[ $out == *"no route to 198.51.100.1"* ]]'
out=$(T ::1 2>&1); rc=$?
live_check "trace IPv6: exit 2, IPv4 only" eval \
    '[ $rc = 2 ] && [[ $out == *"IPv4 targets only"* ]]'

# --- without CAP_NET_RAW ---
require_programs setpriv
out=$(ip netns exec "$TB_CE" setpriv --reuid=65534 --regid=65534 \
    --clear-groups --inh-caps=-all "$ERWATCH" trace "$TB_MS_IP" 2>&1 >/dev/null)
rc=$?
live_check "no CAP_NET_RAW: exit 3" [ $rc = 3 ]
live_check "no CAP_NET_RAW: says how to grant it" \
    grep -q "needs CAP_NET_RAW: run as root or \`setcap cap_net_raw+ep" <<<"$out"
live_summary
