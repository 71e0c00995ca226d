#!/usr/bin/env bash
# The testbed library's own checks (tests/testbed/lib.sh), without BGP
# daemons, so they are quick (~10 s):
#   - tb_pair: the /30 addresses, offloads off, a SYN across and its RST back;
#   - tb_vlan_tag: frames on the link carry 802.1Q VID 100 (and 802.1ad S-tag
#     300 outside C-tag 100 for QinQ), SYN and RST still go across;
#   - tb_reject_tcp179: a SYN to port 179 draws ICMP 3/13 admin-prohibited;
#   - tb_drop_tcp179: a SYN to port 179 gets no answer at all;
#   - tb_cleanup: the namespaces and the run dir are gone afterwards.
# Needs root (else exit 77), iproute2, tcpdump, tshark, clang (VLAN part).
set -u

SRC=${ERW_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/testbed/lib.sh"
. "$SRC/tests/integration/lib_check.sh"
tb_require_root
require_programs tshark tcpdump clang

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

# count FILE FILTER: number of frames matching a display filter
count()
{
	tshark -r "$1" -Y "$2" 2>/dev/null | wc -l
}

# syn NS IP: one TCP connection attempt to IP:179 from NS, 2 s at most.
syn()
{
	tb_exec "$1" timeout 2 bash -c "exec 3<>/dev/tcp/$2/179" \
	    >/dev/null 2>&1
}

# refused NS IP: a connection to IP:179 (no listener there) is refused, i.e.
# the SYN went across and the RST came back (no ping on every machine).
refused()
{
	local msg
	msg=$(tb_exec "$1" timeout 3 bash -c "exec 3<>/dev/tcp/$2/179" 2>&1)
	case $msg in *refused*) return 0 ;; esac
	return 1
}

# ---- pair, VLAN --------------------------------------------------------
tb_init lib_vlan || exit 1
trap 'cleanup_all' EXIT
tb_pair || exit 1
check "pair: CE has $TB_CE_IP/30 on ce0" \
    eval "ip -n '$TB_CE' -4 addr show ce0 | grep -q 'inet $TB_CE_IP/30'"
check "pair: MSEE has $TB_MS_IP/30 on ms0" \
    eval "ip -n '$TB_MS' -4 addr show ms0 | grep -q 'inet $TB_MS_IP/30'"
check "pair: tso off on ce0" \
    eval "tb_exec '$TB_CE' ethtool -k ce0 | grep -q 'tcp-segmentation-offload: off'"
check "pair: SYN across, RST back" refused "$TB_CE" "$TB_MS_IP"
tb_vlan_tag ce0 100 || fail=1
tb_capture_start "$TB_MS" ms0 "$out/dot1q.pcap" || exit 1
check "dot1q: SYN/RST across tagged link" refused "$TB_CE" "$TB_MS_IP"
tb_capture_stop
check "dot1q: SYN and RST tagged VID 100" test \
    "$(count "$out/dot1q.pcap" "vlan.id == 100 && tcp")" -ge 2
check "dot1q: no untagged IP frame" test \
    "$(count "$out/dot1q.pcap" "ip && !vlan")" -eq 0
tb_cleanup

tb_init lib_qinq || exit 1
trap 'cleanup_all' EXIT
tb_pair || exit 1
tb_vlan_tag ms0 100 300 || fail=1
tb_capture_start "$TB_CE" ce0 "$out/qinq.pcap" || exit 1
check "qinq: SYN/RST across double-tagged link" \
    refused "$TB_CE" "$TB_MS_IP"
tb_capture_stop
check "qinq: S-tag 300 (0x88a8) outside C-tag 100" test \
    "$(count "$out/qinq.pcap" \
    "eth.type == 0x88a8 && ieee8021ad.id == 300 && vlan.id == 100 && tcp")" \
    -ge 2
tb_cleanup

# ---- REJECT and DROP of TCP/179 ---------------------------------------
tb_init lib_filter || exit 1
trap 'cleanup_all' EXIT
tb_pair || exit 1
dir=$TB_DIR
nss="$TB_CE $TB_MS"
tb_reject_tcp179 "$TB_MS" || fail=1
tb_capture_start "$TB_CE" ce0 "$out/reject.pcap" || exit 1
syn "$TB_CE" "$TB_MS_IP"
tb_capture_stop
check "reject: ICMP 3/13 admin-prohibited to the SYN" test \
    "$(count "$out/reject.pcap" "icmp.type == 3 && icmp.code == 13")" -ge 1
tb_flush_filters "$TB_MS"
tb_drop_tcp179 "$TB_MS" || fail=1
tb_capture_start "$TB_CE" ce0 "$out/drop.pcap" || exit 1
syn "$TB_CE" "$TB_MS_IP"
tb_capture_stop
check "drop: SYN sent" test \
    "$(count "$out/drop.pcap" "tcp.flags.syn == 1 && tcp.flags.ack == 0")" -ge 1
check "drop: no answer at all" test \
    "$(count "$out/drop.pcap" "ip.src == $TB_MS_IP")" -eq 0
tb_cleanup
for ns in $nss; do
	check "cleanup: namespace $ns deleted" \
	    eval "! ip netns list | grep -qw '$ns'"
done
check "cleanup: run dir removed" test ! -e "$dir"
exit $fail
