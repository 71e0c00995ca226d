#!/bin/bash
# Acceptance: erwatch diagnose on the shared corpus (../shared/corpus),
# one folder per scenario, and the best-ranked cause against the
# scenario's own truth (truth.json expected_diagnosis for captures,
# expected.json diagnosis for Azure exports), through the table below
# from the corpus' names to erwatch's cause ids.  Where one capture alone
# cannot tell two causes apart the table accepts both and says why.
# Skipped, with a message, when the corpus is not there.
set -u

E=${ERWATCH:?ERWATCH not set}
C=${ERW_SRC_DIR:?ERW_SRC_DIR not set}/../shared/corpus
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"
require_programs jq
if [ ! -d "$C/pcap" ] || [ ! -d "$C/azure" ]; then
	echo "skip - no shared corpus at $C"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# corpus diagnosis -> accepted causes (space separated)
accepted() {
	case $1 in
	established_healthy|healthy) echo healthy ;;
	asn_mismatch) echo peer_as_mismatch ;;
	md5_mismatch) echo md5_mismatch ;;
	tcp179_blocked_no_synack|nsg-deny) echo tcp179_blocked ;;
	rst_no_listener) echo no_bgp_listener ;;
	hold_timer_expired) echo hold_timer_expiry ;;
	max_prefix_cease|prefix-limit*) echo max_prefix ;;
	# the interface was set down three times: without the link's own
	# log the capture shows flaps at short timers, not their cause
	session_flap) echo "short_timers_flap unclassified carrier_outage" ;;
	# a black hole without ICMP is a silence the hold timer ends: the
	# capture cannot tell loss from MTU (the analyzer finds no
	# PMTU_BLACKHOLE_SUSPECTED here)
	pmtu_blackhole_no_icmp) echo "pmtu_blackhole hold_timer_expiry" ;;
	# the senders lowered their path MTU and the session survived; the
	# capture (at the CE) holds no ICMP: healthy is what it shows
	pmtu_blackhole_icmp_frag_needed) echo "pmtu_blackhole healthy" ;;
	# ARP unanswered from the capture alone: a wrong address or no L2
	arp_incomplete_wrong_peer_ip) echo "peer_ip_wrong l2_down" ;;
	arp-incomplete*|*swapped*) echo peer_ip_wrong ;;
	l2-down*) echo "l2_down vlan_mismatch" ;;
	# BGP down with L2 fine: the circuit export alone cannot say which
	# BGP setting is wrong
	bgp-down-l2-ok) echo "unclassified peer_as_mismatch md5_mismatch peer_ip_wrong tcp179_blocked" ;;
	# a 3 s hold time on a session that works: a warning, no verdict
	short_hold_time) echo "healthy short_timers_flap" ;;
	default-route*) echo default_route_from_onprem ;;
	udr*) echo udr_blackhole ;;
	*) echo "?" ;;
	esac
}

judge() {
	local name=$1 want=$2 dir=$3 got ok=no c
	got=$("$E" diagnose --json "$dir" 2>/dev/null |
	    jq -r '.hypotheses[0].cause // "none"')
	for c in $(accepted "$want"); do
		[ "$c" = "$got" ] && ok=yes
	done
	if [ $ok = yes ]; then
		echo "ok   $name: $want -> $got"
		pass=$((pass + 1))
	else
		echo "FAIL $name: $want -> $got (accepted: $(accepted "$want"))"
		fail=$((fail + 1))
	fi
}

for d in "$C"/pcap/*/; do
	[ -f "$d/truth.json" ] || continue
	n=$(basename "$d")
	mkdir -p "$tmp/$n/pcap"
	cp "$d"/capture.* "$tmp/$n/pcap/"
	judge "pcap/$n" "$(jq -r .expected_diagnosis "$d/truth.json")" "$tmp/$n"
done
for d in "$C"/azure/*/; do
	[ -f "$d/expected.json" ] || continue
	n=$(basename "$d")
	mkdir -p "$tmp/az-$n/azure"
	cp -r "$d/." "$tmp/az-$n/azure/"
	rm -f "$tmp/az-$n/azure/expected.json"
	judge "azure/$n" "$(jq -r .diagnosis "$d/expected.json")" "$tmp/az-$n"
done
[ $((pass + fail)) -gt 20 ] || { echo "FAIL only $((pass + fail)) scenarios"; fail=$((fail + 1)); }
echo "$pass passed, $fail failed"
[ $fail = 0 ]
