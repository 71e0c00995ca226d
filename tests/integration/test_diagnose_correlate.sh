#!/bin/bash
# erwatch diagnose across evidence: folders built from the shared corpus
# (../shared/corpus: testbed captures with their truth.json, Azure
# exports) and the router recordings (tests/data/router), where one source
# alone cannot name the cause and two side by side do.  Each folder's
# correlation finding and best cause (.hypotheses[0].cause) are checked,
# and each has a twin, the same evidence made consistent, where the
# finding must not appear:
# - the ARP capture of a swapped /30 with the circuit whose primary /30 it
#   is: PEER_ADDR_NOT_PEERING "swapped", peer_ip_wrong (the capture alone
#   ranks l2_down); the corpus' own export, another /30: "outside";
# - the 802.1Q and QinQ captures with a circuit whose vlanId differs from
#   the C-tag: VLAN_TAG_MISMATCH, vlan_mismatch;
# - the ASN-mismatch capture and the router's remote-as 12077 with a
#   healthy circuit: SESSION_AS_MISMATCH, peer_as_mismatch;
# - a router log written from the capture's own events with its clock an
#   hour off: CLOCK_OFFSET, and a link outage in that log set against the
#   capture's drop on the aligned clocks: LINK_OUTAGE_AT_DROP,
#   carrier_outage;
# - the carrier's table (headers in UTC) beside a router log in local
#   time with context.json's zone: LINK_OUTAGE_AT_DROP, carrier_outage;
# - a router log saying the session was down while the capture has it
#   Established: SESSION_STATE_CONFLICT.
set -u

E=${ERWATCH:?ERWATCH not set}
T=${ERW_SRC_DIR:?ERW_SRC_DIR not set}/tests/data
C=${ERW_SHARED_DIR:?ERW_SHARED_DIR not set}/corpus
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
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { local d=$1; shift; if "$@"; then ok "$d"; else ko "$d"; fi; }

# pcap SCENARIO DIR; azure SCENARIO DIR [JQ_FILTER]: the circuit export
# and its tables, the circuit changed by the filter (the answer,
# expected.json, is no evidence)
pcap() { mkdir -p "$2/pcap"; cp "$C/pcap/$1/capture.pcap" "$2/pcap/"; }
azure() {
	mkdir -p "$2/azure"
	cp -r "$C/azure/$1/." "$2/azure/"
	rm -f "$2/azure/expected.json"
	if [ $# -gt 2 ]; then
		jq "$3" "$C/azure/$1/er-circuit.json" >"$2/azure/er-circuit.json"
	fi
}
# circuit DIR JQ_FILTER: the healthy scenario's circuit export alone
circuit() {
	mkdir -p "$1/azure"
	jq "$2" "$C/azure/healthy/er-circuit.json" >"$1/azure/er-circuit.json"
}
# The testbed's /30 and ASNs as the peering's (172.16.0.0/30, 65010).
TESTBED='.peerings[0].primaryPeerAddressPrefix = "172.16.0.0/30" |
    .peerings[0].peerASN = 65010'
run() { "$E" diagnose --json "$1" >"$1.json" 2>"$1.err"; }
best() { json_check "$1.json" ".hypotheses[0].cause == \"$2\""; }
# finding DIR CODE TEXT: a finding of CODE whose summary holds TEXT
finding() {
	json_check "$1.json" "any(.findings[]; .code == \"$2\" and
	    (.summary | contains(\"$3\")))"
}
# cites DIR CODE FILE: a finding of CODE cites FILE among its evidence
cites() {
	json_check "$1.json" "any(.findings[]; .code == \"$2\" and
	    any(.evidence[]; .file == \"$3\"))"
}
none() { json_check "$1.json" "all(.findings[]; .code != \"$2\")"; }
# shift_log SECONDS: FRR log lines (date time rest) with their stamps
# moved, as a router whose clock is off would have written them
shift_log() {
	local d t rest
	while read -r d t rest; do
		printf '%s %s\n' "$(date -u -d "${d//\//-} $t UTC $1 seconds" \
		    '+%Y/%m/%d %H:%M:%S')" "$rest"
	done
}
ce_log() { jq -r '.daemon_log_events.ce[]' "$C/pcap/$1/truth.json"; }

# ---- peer addresses: the ARP of a swapped /30 ------------------------
d=$tmp/arp-alone
pcap 14_wrong_peer_ip_arp "$d"
run "$d"
# the capture alone cannot tell a wrong address from a dead wire
check "ARP capture alone: l2_down" best "$d" l2_down
d=$tmp/arp-swapped
pcap 14_wrong_peer_ip_arp "$d"
azure arp-incomplete-swapped-peer-ip "$d" \
    '.peerings[0].primaryPeerAddressPrefix = "172.16.0.0/30"'
run "$d"
check "swapped: PEER_ADDR_NOT_PEERING" finding "$d" PEER_ADDR_NOT_PEERING \
    "ARP from 172.16.0.2 for 172.16.0.1, but the primary path's /30 172.16.0.0/30 gives on-premises 172.16.0.1 and Microsoft 172.16.0.2"
check "swapped: said so" finding "$d" PEER_ADDR_NOT_PEERING "swapped"
check "swapped: cites the capture" cites "$d" PEER_ADDR_NOT_PEERING \
    pcap/capture.pcap
check "swapped: cites the export" cites "$d" PEER_ADDR_NOT_PEERING \
    azure/er-circuit.json
check "swapped: peer_ip_wrong" best "$d" peer_ip_wrong
check "swapped: the hypothesis cites it" json_check "$d.json" \
    '.hypotheses[0].supporting[0] == "PEER_ADDR_NOT_PEERING"'
d=$tmp/arp-outside
pcap 14_wrong_peer_ip_arp "$d"
azure arp-incomplete-swapped-peer-ip "$d"
run "$d"
check "another /30: outside" finding "$d" PEER_ADDR_NOT_PEERING \
    "outside the peering's /30s 172.16.40.0/30, 172.16.40.4/30"
check "another /30: peer_ip_wrong" best "$d" peer_ip_wrong
# twin: a capture on the right pair (SYNs unanswered, ARP fine): no
# address finding
d=$tmp/arp-right
pcap 06_tcp179_blocked "$d"
circuit "$d" "$TESTBED"
run "$d"
check "right pair: no PEER_ADDR_NOT_PEERING" none "$d" PEER_ADDR_NOT_PEERING
check "right pair: tcp179_blocked" best "$d" tcp179_blocked

# ---- VLAN: the frames' C-tag against the vlanId ----------------------
d=$tmp/dot1q-200
pcap 15_vlan_dot1q "$d"
circuit "$d" "$TESTBED | .peerings[0].vlanId = 200"
run "$d"
check "dot1q 100 vs vlanId 200: VLAN_TAG_MISMATCH" finding "$d" \
    VLAN_TAG_MISMATCH "carry 802.1Q tag 100, the peering's vlanId is 200"
check "dot1q: cites both" cites "$d" VLAN_TAG_MISMATCH azure/er-circuit.json
check "dot1q: vlan_mismatch" best "$d" vlan_mismatch
d=$tmp/dot1q-100
pcap 15_vlan_dot1q "$d"
circuit "$d" "$TESTBED | .peerings[0].vlanId = 100"
run "$d"
check "dot1q 100 vs vlanId 100: no VLAN_TAG_MISMATCH" none "$d" \
    VLAN_TAG_MISMATCH
check "dot1q 100 vs vlanId 100: healthy" best "$d" healthy
d=$tmp/qinq-300
pcap 16_vlan_qinq "$d"
circuit "$d" "$TESTBED | .peerings[0].vlanId = 300"
run "$d"
# the S-tag is the provider's: the vlanId must be the inner C-tag
check "QinQ 300/100 vs vlanId 300: VLAN_TAG_MISMATCH" finding "$d" \
    VLAN_TAG_MISMATCH "carry S-tag 300 / C-tag 100, the peering's vlanId is 300"
check "QinQ vs 300: vlan_mismatch" best "$d" vlan_mismatch
d=$tmp/qinq-100
pcap 16_vlan_qinq "$d"
circuit "$d" "$TESTBED | .peerings[0].vlanId = 100"
run "$d"
check "QinQ 300/100 vs vlanId 100: no VLAN_TAG_MISMATCH" none "$d" \
    VLAN_TAG_MISMATCH

# ---- ASNs: the OPENs and the router against the peering --------------
d=$tmp/asn-capture
pcap 03_asn_mismatch "$d"
circuit "$d" '.peerings[0].primaryPeerAddressPrefix = "172.16.0.0/30"'
run "$d"
check "OPEN AS 65010 vs peerASN 65020: SESSION_AS_MISMATCH" finding "$d" \
    SESSION_AS_MISMATCH "on-premises' AS 65010 for 172.16.0.1 - 172.16.0.2, the peering has 65020 (peerASN"
check "OPEN AS: peer_as_mismatch" best "$d" peer_as_mismatch
d=$tmp/asn-capture-ok
pcap 03_asn_mismatch "$d"
circuit "$d" "$TESTBED"
run "$d"
check "OPEN AS 65010 vs peerASN 65010: no SESSION_AS_MISMATCH" none "$d" \
    SESSION_AS_MISMATCH
d=$tmp/asn-router
circuit "$d" "$TESTBED"
mkdir -p "$d/router"
cp "$T/router/peer_as_wrong/frr_summary.txt" \
    "$T/router/peer_as_wrong/bird_protocols.txt" "$d/router/"
run "$d"
check "remote-as 12077: SESSION_AS_MISMATCH" finding "$d" \
    SESSION_AS_MISMATCH "the neighbor's remote AS 12077 for neighbor 172.16.0.2, the peering has 12076 (azureASN"
check "remote-as 12077: peer_as_mismatch" best "$d" peer_as_mismatch
d=$tmp/asn-router-ok
circuit "$d" "$TESTBED"
mkdir -p "$d/router"
cp "$T/router/established/frr_summary.txt" \
    "$T/router/established/bird_protocols.txt" "$d/router/"
run "$d"
check "remote-as 12076: no SESSION_AS_MISMATCH" none "$d" SESSION_AS_MISMATCH

# ---- clocks: the same events an hour apart ---------------------------
d=$tmp/clock
pcap 03_asn_mismatch "$d"
mkdir -p "$d/router"
ce_log 03_asn_mismatch | shift_log -3600 >"$d/router/frr.log"
run "$d"
check "log an hour behind: CLOCK_OFFSET" finding "$d" CLOCK_OFFSET \
    "router/frr.log's clock is 60 min 00 s behind pcap/capture.pcap's (4 session events"
check "clock: cites the log and the capture" json_check "$d.json" \
    'any(.findings[]; .code == "CLOCK_OFFSET" and
    ([.evidence[].file] | index("router/frr.log") and
    index("pcap/capture.pcap")))'
check "clock: info only" json_check "$d.json" \
    'all(.findings[]; .code != "CLOCK_OFFSET" or .severity == "info")'
d=$tmp/clock-same
pcap 03_asn_mismatch "$d"
mkdir -p "$d/router"
ce_log 03_asn_mismatch >"$d/router/frr.log"
run "$d"
check "log on the capture's clock: no CLOCK_OFFSET" none "$d" CLOCK_OFFSET

# ---- a link outage on the router's clock, the drop on the capture's ---
# The hold expiry of 09 with the router's interface down 8 s before it,
# the whole log an hour ahead.
outage_log() {
	{
		ce_log 09_hold_timer_expired
		printf '2026/11/25 12:49:55 %s\n' "LINK"
	} | sort | shift_log "$1" |
	    sed 's|^\([0-9]*\)/\([0-9]*\)/\([0-9]*\) \([0-9:]*\) LINK$|\1-\2-\3T\4+00:00 ce kernel: [812.55] igb 0000:01:00.0 eth1: igb: eth1 NIC Link is Down|'
	printf '%s\n' "$(date -u -d "2026-11-25 12:50:20 UTC $1 seconds" \
	    '+%Y-%m-%dT%H:%M:%S+00:00') ce kernel: [817.60] igb 0000:01:00.0 eth1: igb: eth1 NIC Link is Up 1000 Mbps Full Duplex"
}
d=$tmp/outage
pcap 09_hold_timer_expired "$d"
mkdir -p "$d/router"
outage_log 3600 >"$d/router/frr.log"
run "$d"
check "outage: the log's clock measured" finding "$d" CLOCK_OFFSET \
    "router/frr.log's clock is 60 min 00 s ahead"
check "outage: the capture's drop inside it, aligned" finding "$d" \
    LINK_OUTAGE_AT_DROP "pcap/capture.pcap's clock taken 60 min 00 s behind"
check "outage: cites the capture" cites "$d" LINK_OUTAGE_AT_DROP \
    pcap/capture.pcap
check "outage: carrier_outage" best "$d" carrier_outage
# twin: the outage a day later, on the same shifted clock
d=$tmp/outage-later
pcap 09_hold_timer_expired "$d"
mkdir -p "$d/router"
outage_log 3600 | sed 's/^2026-11-25T/2026-11-26T/' >"$d/router/frr.log"
run "$d"
check "outage a day later: no LINK_OUTAGE_AT_DROP" none "$d" \
    LINK_OUTAGE_AT_DROP
check "outage a day later: hold_timer_expiry" best "$d" hold_timer_expiry

# ---- the carrier's UTC table beside a router log in local time -------
# The router's log without its interface lines, its stamps written an
# hour ahead (CET) with no zone, context.json saying so: the carrier's
# headers say UTC, so its outage must stay on UTC and hold the drop.
carrier_cet() {
	mkdir -p "$1/router" "$1/carrier"
	grep -v 'Under investigation' "$T/router/link/carrier_intervals.csv" \
	    >"$1/carrier/carrier_intervals.csv"
	grep -v UPDOWN "$T/router/link/ios_link.log" |
	    sed 's/^Dec  1 05:\([0-9:.]*\) UTC:/Dec  1 06:\1:/' \
	    >"$1/router/ios.log"
}
d=$tmp/carrier-cet
carrier_cet "$d"
printf '{"timezone": "+01:00"}\n' >"$d/context.json"
run "$d"
check "carrier UTC, log CET: the drop in the outage" finding "$d" \
    LINK_OUTAGE_AT_DROP "dropped at 2026-12-01T05:01:41.501000Z, 3 min 01 s after CCT-4471-ER went down"
check "carrier UTC, log CET: carrier_outage" best "$d" carrier_outage
# twin: without the context the log reads as UTC, an hour after the
# outage: no drop in it
d=$tmp/carrier-cet-noctx
carrier_cet "$d"
run "$d"
check "log CET without the zone: no LINK_OUTAGE_AT_DROP" none "$d" \
    LINK_OUTAGE_AT_DROP

# ---- two sources disagreeing on a session's state --------------------
d=$tmp/conflict
pcap 15_vlan_dot1q "$d"
mkdir -p "$d/router"
printf '%s\n' \
    "2026/11/25 12:53:40 BGP: [N9HHH-F8H1M] %ADJCHANGE: neighbor 172.16.0.2(Unknown) in vrf default Down Peer closed the session" \
    "2026/11/25 12:54:30 BGP: [N9HHH-F8H1M] %ADJCHANGE: neighbor 172.16.0.6(Unknown) in vrf default Up" \
    >"$d/router/frr.log"
run "$d"
check "log down, capture up: SESSION_STATE_CONFLICT" finding "$d" \
    SESSION_STATE_CONFLICT "pcap/capture.pcap has session 172.16.0.2 Established from 2026-11-25T12:53:48"
check "conflict: names the log" finding "$d" SESSION_STATE_CONFLICT \
    "router/frr.log has it down"
d=$tmp/agree
pcap 15_vlan_dot1q "$d"
mkdir -p "$d/router"
ce_log 15_vlan_dot1q >"$d/router/frr.log"
run "$d"
check "log up with the capture: no SESSION_STATE_CONFLICT" none "$d" \
    SESSION_STATE_CONFLICT

echo "$pass passed, $fail failed"
[ $fail = 0 ]
