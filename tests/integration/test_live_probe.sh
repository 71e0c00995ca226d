#!/bin/bash
# erwatch probe against real daemons: FRR (customer edge, AS 65010) and BIRD
# (the MSEE, AS 12076) on a /30 in network namespaces.  The probe talks to
# BIRD through neighbors of its own on a second /30 of the same link, so the
# real session must stay Established and keep its uptime.
# Cases: healthy (open, OPEN exchange with AS 12076 and hold time), expected
# peer AS wrong (our finding), peer configured for another AS (NOTIFICATION
# 2/2), no listener (refused), TCP MD5 with and without the key (the key
# never printed), passive mode, bad input.  Exit 77 without root.
set -u
: "${ERWATCH:?}" "${ERW_SRC_DIR:?}"
. "$ERW_SRC_DIR/tests/testbed/lib.sh"
. "$ERW_SRC_DIR/tests/testbed/live_lib.sh"
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"

# Bad input needs no root.  These run in an empty network namespace when
# one can be made (root, or unprivileged user namespaces), so that even a
# mistake sends nothing off the machine: the unknown name is then refused
# without a DNS query leaving, and the addresses are loopback anyway.
isolated()
{
	if unshare -n true 2>/dev/null; then
		unshare -n "$@"
	elif unshare -rn true 2>/dev/null; then
		unshare -rn "$@"
	else
		"$@"
	fi
}
out=$(isolated "$ERWATCH" probe no-such-host.invalid 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *"cannot resolve 'no-such-host.invalid'"* ]] &&
    live_ok "unknown host: exit 2, named" || live_fail "unknown host: rc=$rc $out"
out=$(isolated "$ERWATCH" probe 127.0.0.1:70000 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *"bad port '70000'"* ]] &&
    live_ok "bad port: exit 2" || live_fail "bad port: rc=$rc $out"
out=$(isolated "$ERWATCH" probe --count 101 127.0.0.1 2>&1); rc=$?
[ $rc = 2 ] && live_ok "count above 100 refused" || live_fail "count: rc=$rc"
out=$(isolated "$ERWATCH" probe --interval 10ms 127.0.0.1 2>&1); rc=$?
[ $rc = 2 ] && live_ok "interval below 100ms refused" || live_fail "interval: rc=$rc"
out=$(isolated "$ERWATCH" probe --bgp --local-as 65010 --md5-key=hunter2 127.0.0.1 2>&1); rc=$?
[ $rc = 2 ] && [[ $out != *hunter2* ]] &&
    live_ok "MD5 key on the command line refused, not echoed" ||
    live_fail "md5 argv: rc=$rc $out"

# A failure above must not hide behind "skipped".
[ "$LIVE_FAILS" = 0 ] || { live_summary; exit 1; }
tb_require_root
tb_init live_probe
tb_pair
tb_frr "$TB_CE" local="$TB_CE_IP" peer="$TB_MS_IP" las=65010 pas=12076 || exit 1
tb_bird "$TB_MS" local="$TB_MS_IP" peer="$TB_CE_IP" las=12076 pas=65010 || exit 1
# The probe's own /30s on the same link: .13/.14 plain, .17/.18 MD5,
# .21/.22 for a BIRD that connects to a passive probe.
live_addr "$TB_CE" ce0 "$TB_NET.13/30"
live_addr "$TB_MS" ms0 "$TB_NET.14/30"
live_addr "$TB_CE" ce0 "$TB_NET.17/30"
live_addr "$TB_MS" ms0 "$TB_NET.18/30"
live_addr "$TB_CE" ce0 "$TB_NET.21/30"
live_addr "$TB_MS" ms0 "$TB_NET.22/30"
umask 077
printf 'Erw-Md5-Key-%s\n' "$RANDOM$RANDOM" >"$TB_DIR/md5.key"
KEY=$(cat "$TB_DIR/md5.key")
printf 'wrong-key\n' >"$TB_DIR/wrong.key"
live_bird_add "$TB_MS" probe_peer local="$TB_NET.14" neighbor="$TB_NET.13" \
    las=12076 pas=65010 hold=90 passive=1 || exit 1
live_bird_add "$TB_MS" probe_md5 local="$TB_NET.18" neighbor="$TB_NET.17" \
    las=12076 pas=65010 passive=1 md5file="$TB_DIR/md5.key" || exit 1
tb_wait_established "$TB_CE" 40 || exit 1
since0=$(live_bird_since "$TB_MS" tb_peer)
epoch0=$(live_frr_sessions "$TB_CE" "$TB_MS_IP")
P() { ip netns exec "$TB_CE" "$ERWATCH" probe "$@"; }
J="$TB_DIR/out.json"

# --- healthy: connect probes ---
# From the probe's own address: a new connection from the address of an
# Established neighbor is a graceful restart to BIRD (RFC 4724) and would
# reset the real session.
P --count 3 --interval 100ms --source "$TB_NET.13" --json "$TB_NET.14" >"$J"; rc=$?
live_check "healthy: exit 0" [ $rc = 0 ]
live_check "healthy: 3 probes open, Reachable, RTTs" live_jq "$J" \
    '.connectionStatus == "Reachable" and .verdict == "open" and
     .probesSent == 3 and .probesFailed == 0 and
     ([.probes[] | select(.verdict == "open" and .rttMs > 0)] | length) == 3
     and .avgLatencyInMs > 0'

# --- healthy: BGP OPEN exchange ---
P --bgp --local-as 65010 --peer-as 12076 --hold 180 --source "$TB_NET.13" \
    --json "$TB_NET.14" >"$J"; rc=$?
live_check "bgp: exit 0" [ $rc = 0 ]
live_check "bgp: Established with AS 12076, hold 90 negotiated" live_jq "$J" \
    '.bgp.state == "Established" and .bgp.peerOpen.as == 12076 and
     .bgp.peerOpen.holdTime == 90 and .bgp.negotiatedHoldTime == 90 and
     .bgp.peerOpen.as4 == true and .bgp.ceaseSent == true and
     (.findings | map(.code) | index("BGP_ESTABLISHED")) != null'
P --bgp --local-as 65010 --source "$TB_NET.13" "$TB_NET.14" >"$TB_DIR/t.txt"
live_check "bgp text: OPEN decoded" grep -q "peer OPEN: version 4, AS 12076, hold time 90 s" "$TB_DIR/t.txt"
live_check "bgp text: capabilities listed" grep -q "4-octet AS" "$TB_DIR/t.txt"
# BIRD saw our Cease with the shutdown communication
if tb_wait_until 5 grep -q "erwatch probe finished" "$TB_DIR/bird-$TB_MS/bird.log"; then
	live_ok "bird logged our Cease shutdown communication"
else
	live_fail "bird log lacks the shutdown communication"
fi
since1=$(live_bird_since "$TB_MS" tb_peer)
epoch1=$(live_frr_sessions "$TB_CE" "$TB_MS_IP")
live_check "main session undisturbed (bird since $since0 = $since1)" \
    [ "$since0" = "$since1" ]
live_check "main session undisturbed (frr established/dropped $epoch0 = $epoch1)" \
    [ "$epoch0" = "$epoch1" ]
live_check "main session still Established" tb_is_established "$TB_CE"

# --- we expected another AS: our own mismatch finding ---
P --bgp --local-as 65010 --peer-as 12077 --source "$TB_NET.13" --json \
    "$TB_NET.14" >"$J"; rc=$?
live_check "peer-as mismatch: exit 1" [ $rc = 1 ]
live_check "peer-as mismatch: BGP_OPEN_PEER_AS_MISMATCH 12076 vs 12077" \
    live_jq "$J" '.findings[] | select(.code == "BGP_OPEN_PEER_AS_MISMATCH")
     | .summary | test("AS 12076 .*12077")'

# --- the peer expects another AS: NOTIFICATION 2/2 ---
# BIRD waits for the next connection again ("Passive") once our Cease
# is processed
tb_wait_until 10 eval '[ "$(live_bird_proto "$TB_MS" probe_peer |
    cut -d" " -f3)" = Passive ]' || live_fail "probe_peer not Passive"
P --bgp --local-as 65099 --source "$TB_NET.13" --json "$TB_NET.14" >"$J"; rc=$?
live_check "wrong local AS: exit 1" [ $rc = 1 ]
live_check "wrong local AS: NOTIFICATION 2/2 decoded" live_jq "$J" \
    '.bgp.notification.code == 2 and .bgp.notification.subcode == 2 and
     (.findings[] | select(.code == "BGP_NOTIFICATION") | .summary |
      test("2/2"))'

# --- no listener ---
P --count 2 --interval 100ms --json "$TB_MS_IP:1790" >"$J"; rc=$?
live_check "no listener: exit 1" [ $rc = 1 ]
live_check "no listener: refused, TCP_RST_ON_SYN" live_jq "$J" \
    '.verdict == "refused" and .probesFailed == 2 and
     (.findings[0].code == "TCP_RST_ON_SYN")'

# --- TCP MD5 on the peer ---
P --bgp --local-as 65010 --source "$TB_NET.17" --timeout 2s --json \
    "$TB_NET.18" >"$J" 2>"$TB_DIR/err.txt"; rc=$?
live_check "md5, no key: exit 1" [ $rc = 1 ]
live_check "md5, no key: filtered (SYNs dropped)" live_jq "$J" \
    '.verdict == "filtered" and .bgp.state == "Connect" and
     (.findings[0].code == "TCP_SYN_UNANSWERED")'
rm -f "$J"
P --bgp --local-as 65010 --source "$TB_NET.17" --timeout 2s \
    --md5-key-file "$TB_DIR/wrong.key" --json "$TB_NET.18" >"$J" 2>>"$TB_DIR/err.txt"
live_check "md5, wrong key: filtered" live_jq "$J" '.verdict == "filtered"'
P --bgp --local-as 65010 --source "$TB_NET.17" --md5-key-file "$TB_DIR/md5.key" \
    --json "$TB_NET.18" >"$J" 2>>"$TB_DIR/err.txt"; rc=$?
live_check "md5, right key: exit 0" [ $rc = 0 ]
live_check "md5, right key: Established" live_jq "$J" \
    '.bgp.state == "Established" and .bgp.md5 == true and .bgp.peerOpen.as == 12076'
P --bgp --local-as 65010 --source "$TB_NET.17" --md5-key-file - \
    "$TB_NET.18" <"$TB_DIR/md5.key" >"$TB_DIR/t.txt" 2>>"$TB_DIR/err.txt"
live_check "md5 from stdin: Established" grep -q "state reached: Established" "$TB_DIR/t.txt"
if grep -qF "$KEY" "$J" "$TB_DIR/t.txt" "$TB_DIR/err.txt"; then
	live_fail "the MD5 key appears in the output"
else
	live_ok "the MD5 key never appears in the output"
fi

# --- passive: BIRD connects to us ---
rm -f "$J"
# bgpd listens on *:179 in the CE namespace, so BIRD calls port 1179.
live_bird_add "$TB_MS" probe_act local="$TB_NET.22" neighbor="$TB_NET.21" \
    las=12076 pas=65010 port=1179 || exit 1
P --bgp --passive --local-as 65010 --source "$TB_NET.21" --timeout 15s \
    --json "$TB_NET.22:1179" >"$J"; rc=$?
live_check "passive: exit 0" [ $rc = 0 ]
live_check "passive: the peer connected, Established" live_jq "$J" \
    '.mode == "bgp-passive" and .bgp.state == "Established" and
     .bgp.peerOpen.as == 12076'

# passive with TCP MD5: the key goes on the listening socket
live_addr "$TB_CE" ce0 "$TB_NET.25/30"
live_addr "$TB_MS" ms0 "$TB_NET.26/30"
live_bird_add "$TB_MS" probe_act_md5 local="$TB_NET.26" \
    neighbor="$TB_NET.25" las=12076 pas=65010 port=1179 \
    md5file="$TB_DIR/md5.key" || exit 1
rm -f "$J"
P --bgp --passive --local-as 65010 --source "$TB_NET.25" --timeout 15s \
    --md5-key-file "$TB_DIR/md5.key" --json "$TB_NET.26:1179" >"$J" \
    2>"$TB_DIR/err.txt"; rc=$?
live_check "passive with MD5: exit 0, Established" eval \
    '[ $rc = 0 ] && live_jq "$J" ".bgp.state == \"Established\" and .bgp.md5"'
live_check "passive with MD5: the key is not in the output" \
    eval '! grep -qF "$KEY" "$J" "$TB_DIR/err.txt"'

# --- IPv6: RST, and an ICMPv6 error read through IPV6_RECVERR ---
require_programs ip6tables
V6=$(printf "fd00:%x:%x::" $((RANDOM % 65536)) $((RANDOM % 65536)))
for ns_dev in "$TB_CE ce0 1" "$TB_MS ms0 2"; do
	set -- $ns_dev
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=0
	ip netns exec "$1" sysctl -qw net.ipv6.conf."$2".disable_ipv6=0
	ip -n "$1" -6 addr add "$V6$3/64" dev "$2" nodad
done
PEER6="${V6}2"
P --count 1 --json "[$PEER6]:1790" >"$J"
live_check "IPv6 no listener: refused" live_jq "$J" \
    ".verdict == \"refused\" and .target.address == \"$PEER6\""
ip netns exec "$TB_MS" ip6tables -A INPUT -p tcp --dport 1790 -j REJECT \
    --reject-with icmp6-adm-prohibited
P --count 1 --json "[$PEER6]:1790" >"$J"
live_check "IPv6 reject: unreachable, ICMPv6 1/1 from the peer" \
    live_jq "$J" ".verdict == \"unreachable\" and
     .probes[0].icmp.family == \"icmpv6\" and .probes[0].icmp.type == 1
     and .probes[0].icmp.code == 1 and
     .probes[0].icmp.router == \"$PEER6\""
ip netns exec "$TB_MS" ip6tables -F INPUT

live_check "main session still Established at the end" tb_is_established "$TB_CE"
live_check "main session never reset (bird since $since0)" \
    [ "$(live_bird_since "$TB_MS" tb_peer)" = "$since0" ]
live_check "main session never reset (frr $epoch0)" \
    [ "$(live_frr_sessions "$TB_CE" "$TB_MS_IP")" = "$epoch0" ]
live_summary
