#!/usr/bin/env bash
# Live test of a BGP session seen through a real tunnel: FRR (CE, AS 65010)
# and BIRD (MSEE, AS 12076) peer over a Linux VXLAN tunnel (VNI 100, UDP
# 4789) between two namespaces, and the capture is taken on the underlay
# veth, as a provider tap would see it: every BGP segment is inside VXLAN.
# erwatch must find the session between the overlay addresses, never the
# tunnel endpoints, Established with hold time 9, exit 0, name the tunnel
# in the session's findings, and count the BGP messages tshark counts.
# Needs root (network namespaces), BIRD 2, FRR, tcpdump, tshark: else
# exit 77.  (GRE and ERSPAN devices need kernel modules a container may
# lack; VXLAN is the tunnel every Linux test host has.)
set -u

SRC=${ERW_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
ERWATCH=${ERWATCH:?ERWATCH must name the erwatch binary}
. "$SRC/tests/testbed/lib.sh"
. "$SRC/tests/integration/lib_check.sh"
tb_require_root
command -v tshark >/dev/null || { echo "skip: tshark missing"; exit 77; }
command -v jq >/dev/null || { echo "skip: jq missing"; exit 77; }

fail=0
out=$(mktemp -d)
cleanup_all()
{
	tb_cleanup
	rm -rf "$out"
}

check()
{
	local what=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "PASS $what"
	else
		echo "FAIL $what"
		fail=1
	fi
}

tb_init live_vxlan || exit 1
trap 'cleanup_all' EXIT
tb_pair || exit 1
under_ce=$TB_CE_IP
under_ms=$TB_MS_IP
# The overlay: a /30 of its own on the VXLAN devices.
ov_ce=192.168.77.1
ov_ms=192.168.77.2
for side in ce ms; do
	if [ $side = ce ]; then
		ns=$TB_CE l=$under_ce r=$under_ms dev=ce0 a=$ov_ce
	else
		ns=$TB_MS l=$under_ms r=$under_ce dev=ms0 a=$ov_ms
	fi
	if ! ip -n "$ns" link add vx100 type vxlan id 100 local "$l" \
	    remote "$r" dstport 4789 dev "$dev" 2>"$out/vx.err"; then
		echo "skip: no VXLAN devices here ($(head -c 200 "$out/vx.err"))"
		exit 77
	fi
	tb_offloads_off "$ns" vx100
	ip -n "$ns" addr add "$a/30" dev vx100
	ip -n "$ns" link set vx100 up
done
tb_capture_start "$TB_CE" ce0 "$out/vxlan.pcap" || exit 1
tb_frr "$TB_CE" local="$ov_ce" peer="$ov_ms" las=65010 pas=12076 \
    keepalive=3 hold=9 || exit 1
tb_bird "$TB_MS" local="$ov_ms" peer="$ov_ce" las=12076 pas=65010 \
    keepalive=3 hold=9 || exit 1
if ! tb_wait_established "$TB_CE" 30; then
	echo "FAIL vxlan: session not Established"
	exit 1
fi
# Two keepalive intervals and a bit: at least one KEEPALIVE each way.
sleep 8
tb_capture_stop
tb_cleanup

"$ERWATCH" pcap --json "$out/vxlan.pcap" >"$out/vxlan.json" 2>"$out/err"
rc=$?
check "vxlan: exit 0 (got $rc)" test "$rc" -eq 0
check "vxlan: one session, between the overlay addresses" json_check \
    "$out/vxlan.json" '[.sessions[].key] == [$k]' \
    --arg k "$ov_ce - $ov_ms"
check "vxlan: established, hold time 9, ASNs" json_check "$out/vxlan.json" \
    '.sessions[0].establishments >= 1 and .sessions[0].hold_time == 9 and
     .sessions[0].asns[$ce] == 65010 and .sessions[0].asns[$ms] == 12076' \
    --arg ce "$ov_ce" --arg ms "$ov_ms"
check "vxlan: the tunnel endpoints are no peers" json_check \
    "$out/vxlan.json" 'all(.sessions[].peers[]; . != $a and . != $b)' \
    --arg a "$under_ce" --arg b "$under_ms"
check "vxlan: tunnel named in the findings" json_check "$out/vxlan.json" \
    'any(.findings[]; .code == "BGP_ESTABLISHED" and (.summary |
     test("seen inside VXLAN VNI 100 \\(UDP ")))'
check "vxlan: tunnel layers in the JSON" json_check "$out/vxlan.json" \
    'all(.sessions[0].tunnels[]; .layers[0].type == "VXLAN" and
     .layers[0].vni == 100) and (.sessions[0].tunnels | length) >= 1'
got=$(jq '.files[0].bgp_messages' "$out/vxlan.json" 2>/dev/null)
want=$(tshark -n -r "$out/vxlan.pcap" -T fields -e bgp.type \
    -E occurrence=a -E aggregator=, 2>/dev/null | tr ',' '\n' |
    grep -c .)
check "vxlan: $got BGP messages, tshark $want" test "${got:-x}" = "$want"

if [ "$fail" -ne 0 ]; then
	echo "erwatch stderr:"
	cat "$out/err"
fi
exit $fail
