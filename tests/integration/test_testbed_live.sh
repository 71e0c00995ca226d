#!/usr/bin/env bash
# Live smoke test of the testbed and of `erwatch pcap` on fresh packets:
#   1. FRR (CE, AS 65010) and BIRD (MSEE, AS 12076) with keepalive 3 / hold
#      9 in two namespaces; wait (bounded) for Established, capture ~8 s on
#      ce0, stop everything; erwatch must report BGP_ESTABLISHED with hold
#      time 9 and the two ASNs, and exit 0.
#   2. BIRD as CE configured with remote AS 12075: the MSEE (FRR) OPEN says
#      12076, BIRD answers NOTIFICATION 2/2; erwatch must report
#      BGP_OPEN_PEER_AS_MISMATCH and exit 1.
# Needs root (network namespaces), BIRD 2, FRR, tcpdump: else exit 77.
set -u

SRC=${ERW_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
ERWATCH=${ERWATCH:?ERWATCH must name the erwatch binary}
. "$SRC/tests/testbed/lib.sh"
. "$SRC/tests/integration/lib_check.sh"
tb_require_root

fail=0
out=$(mktemp -d)
# tb_cleanup is the EXIT trap; remove our own scratch directory too.
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

# ---- 1. healthy ------------------------------------------------------
tb_init live_healthy || exit 1
trap 'cleanup_all' EXIT
tb_pair || exit 1
tb_capture_start "$TB_CE" ce0 "$out/healthy.pcap" || exit 1
tb_frr "$TB_CE" local="$TB_CE_IP" peer="$TB_MS_IP" las=65010 pas=12076 \
    keepalive=3 hold=9 || exit 1
tb_bird "$TB_MS" local="$TB_MS_IP" peer="$TB_CE_IP" las=12076 pas=65010 \
    keepalive=3 hold=9 || exit 1
if ! tb_wait_established "$TB_CE" 30; then
	echo "FAIL healthy: session not Established"
	exit 1
fi
# Two keepalive intervals and a bit: at least one KEEPALIVE each way.
sleep 8
tb_capture_stop
tb_cleanup
check "healthy: capture written" test -s "$out/healthy.pcap"

"$ERWATCH" pcap --json "$out/healthy.pcap" >"$out/healthy.json" \
    2>"$out/healthy.err"
rc=$?
check "healthy: exit 0 (got $rc)" test "$rc" -eq 0
check "healthy: BGP_ESTABLISHED" json_check "$out/healthy.json" \
    'any(.findings[]; .code == "BGP_ESTABLISHED")'
check "healthy: hold time 9" json_check "$out/healthy.json" \
    'any(.sessions[]; .hold_time == 9)'
check "healthy: ASNs 65010/12076" json_check "$out/healthy.json" \
    'any(.sessions[]; .asns[$ce] == 65010 and .asns[$ms] == 12076)' \
    --arg ce "$TB_CE_IP" --arg ms "$TB_MS_IP"
check "healthy: summary names the hold time" json_check \
    "$out/healthy.json" 'any(.findings[]; .code == "BGP_ESTABLISHED" and
        (.summary | test("hold time 9")))'
check "healthy: no error finding" json_check "$out/healthy.json" \
    'all(.findings[]; .severity != "error")'

# ---- 2. ASN mismatch -------------------------------------------------
tb_init live_asn || exit 1
trap 'cleanup_all' EXIT
tb_pair || exit 1
tb_capture_start "$TB_CE" ce0 "$out/asn.pcap" || exit 1
tb_bird "$TB_CE" local="$TB_CE_IP" peer="$TB_MS_IP" las=65010 pas=12075 \
    keepalive=3 hold=9 || exit 1
tb_frr "$TB_MS" local="$TB_MS_IP" peer="$TB_CE_IP" las=12076 pas=65010 \
    keepalive=3 hold=9 || exit 1
# Bounded wait for the first NOTIFICATION on the wire (tcpdump -U flushes
# each packet): BIRD sends it as soon as it reads the MSEE OPEN.
has_notification()
{
	tshark -r "$out/asn.pcap" -Y "bgp.type == 3" 2>/dev/null | grep -q .
}
require_programs tshark
tb_wait_until 20 has_notification ||
    echo "note: no NOTIFICATION seen by tshark within 20 s"
tb_capture_stop
tb_cleanup
"$ERWATCH" pcap --json "$out/asn.pcap" >"$out/asn.json" 2>"$out/asn.err"
rc=$?
check "asn_mismatch: exit 1 (got $rc)" test "$rc" -eq 1
check "asn_mismatch: BGP_OPEN_PEER_AS_MISMATCH" json_check "$out/asn.json" \
    'any(.findings[]; .code == "BGP_OPEN_PEER_AS_MISMATCH")'
check "asn_mismatch: not established" json_check "$out/asn.json" \
    'all(.findings[]; .code != "BGP_ESTABLISHED")'

if [ "$fail" -ne 0 ]; then
	echo "erwatch stderr:"
	cat "$out"/*.err
fi
exit $fail
