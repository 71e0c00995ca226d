#!/usr/bin/env bash
# The structured subject of every finding `erwatch pcap --json` makes on the
# recorded captures (tests/data testbed recordings, the mid-session cuts,
# the shared corpus), checked against the capture's own facts as tshark
# decodes them, never against erwatch's output:
#   - a session's finding names its two endpoints, a pair that exchanged
#     TCP segments on port 179, and on ports they used together;
#   - the peer is the side that SYNs to port 179 went to (when both were,
#     the first SYN's destination; with no SYN at all, the side on 179);
#   - each ASN is one its address announced in an OPEN (the 4-octet
#     capability when present), absent when that address sent none; in the
#     corpus also one of truth.json's two ASNs;
#   - the VLAN tags are those of the session's frames (802.1ad S-tag
#     outside, 802.1Q inside), and in the corpus truth.json's IDs;
#   - ICMP errors name the flow they quote, ARP findings the asker and the
#     address asked for;
#   - the span starts and ends on frames of the capture and holds every
#     evidence frame; a session finding without evidence spans the
#     session from one of its segments to its last.
# Every finding of a capture with frames must have a span, and every finding
# about a session, an ICMP error or ARP must name its endpoints.
set -u

ERWATCH=${ERWATCH:?ERWATCH must name the erwatch binary}
SRC=${ERW_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${ERW_SHARED_DIR:-$SRC/../shared}
. "$(dirname "$0")/lib_check.sh"
require_programs jq tshark

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One JSON object per frame: the fields the checks need, times in
# microseconds since the epoch.
frames_json() {
	tshark -r "$1" -T fields -E occurrence=a -E aggregator=';' \
	    -e frame.number -e frame.time_epoch -e ip.src -e ip.dst \
	    -e ipv6.src -e ipv6.dst -e tcp.srcport -e tcp.dstport \
	    -e tcp.flags.syn -e tcp.flags.ack -e ieee8021ad.id -e vlan.id \
	    -e bgp.type -e bgp.open.myas -e bgp.cap.4as -e arp.opcode \
	    -e arp.src.proto_ipv4 -e arp.dst.proto_ipv4 -e icmp.type \
	    -e icmpv6.type 2>/dev/null |
	awk -F '\t' '
	function q(s) { gsub(/["\\]/, "", s); return "\"" s "\"" }
	{
		split($2, t, ".")
		us = t[1] substr(t[2] "000000", 1, 6)
		src = $3 != "" ? $3 : $5
		dst = $4 != "" ? $4 : $6
		printf "{\"n\":%s,\"t\":%s,\"src\":%s,\"dst\":%s,\"sp\":%s," \
		    "\"dp\":%s,\"syn\":%s,\"ack\":%s,\"stag\":%s,\"ctag\":%s," \
		    "\"bgp\":%s,\"myas\":%s,\"as4\":%s,\"arpop\":%s," \
		    "\"arps\":%s,\"arpd\":%s,\"icmp\":%s}\n", $1, us, q(src),
		    q(dst), q($7), q($8), q($9), q($10), q($11), q($12),
		    q($13), q($14), q($15), q($16), q($17), q($18), q($19 $20)
	}'
}

pass=0
fail=0
ncaps=0
nfind=0

check_capture() {
	local cap=$1 truth=$2 out=$tmp/out.json
	"$ERWATCH" pcap --json "$cap" >"$out" 2>"$tmp/err"
	case $? in
	0 | 1) ;;
	*)
		echo "FAIL $cap: erwatch exit $?: $(head -c 200 "$tmp/err")"
		fail=$((fail + 1))
		return
		;;
	esac
	frames_json "$cap" >"$tmp/frames.json"
	if [ ! -s "$tmp/frames.json" ]; then
		echo "FAIL $cap: tshark decoded no frame"
		fail=$((fail + 1))
		return
	fi
	[ -n "$truth" ] || truth=/dev/null
	jq -n -r --arg cap "$cap" --slurpfile fr "$tmp/frames.json" \
	    --slurpfile out "$out" --slurpfile truth <(cat "$truth") '
	def us: (.[0:19] + "Z" | fromdateiso8601) * 1000000 +
	    (.[20:26] | tonumber);
	def vals: if . == "" then [] else split(";") end;
	$fr as $fr | $out[0] as $o | ($truth[0] // null) as $tr |
	# TCP segments on the BGP port, not the quotes inside ICMP errors
	[$fr[] | select(.icmp == "" and .sp != "" and
	    (.sp == "179" or .dp == "179"))] as $tcp |
	[$fr[] | .t] as $times |
	($fr | map({key: (.n | tostring), value: .t}) | from_entries) as $tof |
	def pair($a; $b): [$tcp[] | select((.src == $a and .dst == $b) or
	    (.src == $b and .dst == $a))];
	def listeners($a; $b): [pair($a; $b)[] | select(.syn == "1" and
	    .ack == "0" and .dp == "179") | .dst] | unique;
	def expected_peer($a; $b):
	    listeners($a; $b) as $l |
	    if ($l | length) == 1 then $l[0]
	    elif ($l | length) == 2 then
	        [pair($a; $b)[] | select(.syn == "1" and .ack == "0" and
	        .dp == "179")][0].dst
	    else [pair($a; $b)[] | select(.sp == "179") | .src] | unique |
	        if length == 1 then .[0] else null end
	    end;
	def open_asns($a): [$tcp[] | select(.src == $a and
	    (.bgp | vals | index(["1"]) != null)) |
	    (if .as4 != "" then .as4 else .myas end) | vals[] | tonumber] |
	    unique;
	def tags($seg): [$seg[] | [(.stag | vals | .[0] // null),
	    (.ctag | vals | .[0] // null)]] | unique;
	def err($f; $m): "FAIL \($cap): \($f.code) \($f.summary[0:60]): \($m)";
	$o.findings[] | . as $f | ($f.subject // {}) as $s |
	(
	  # the span: on frames of the capture, around the evidence
	  if ($times | length) > 0 then
	    if $s.from == null then err($f; "no span")
	    else ($s.from | us) as $a | ($s.to | us) as $b |
	      (if ($times | index([$a])) == null or
	          ($times | index([$b])) == null then
	         err($f; "span \($s.from)..\($s.to) not on frames")
	       else empty end),
	      (if $a > $b then err($f; "span ends before it starts")
	       else empty end),
	      ($f.evidence[] | select(.frame != null) |
	       $tof[.frame | tostring] as $et |
	       if $et == null or $et < $a or $et > $b then
	         err($f; "evidence frame \(.frame) outside the span")
	       else empty end)
	    end
	  else empty end
	),
	(
	  if ($f.code | startswith("ICMP_")) then
	    [$fr[] | select(.icmp != "" and (.src | vals | length) > 1) |
	     {s: (.src | vals | .[1]), d: (.dst | vals | .[1]), sp, dp}] as $q |
	    if any($q[]; (.s == $s.local and .d == $s.peer and
	        .sp == ($s.local_port | tostring) and
	        .dp == ($s.peer_port | tostring) and .dp == "179") or
	        (.s == $s.peer and .d == $s.local and
	        .dp == ($s.local_port | tostring) and
	        .sp == ($s.peer_port | tostring) and .sp == "179"))
	    then empty
	    else err($f; "not the quoted flow with the peer on 179: \($s)")
	    end
	  elif $f.code == "ARP_UNANSWERED" then
	    if any($fr[]; .arpop == "1" and .arps == $s.local and
	        .arpd == $s.peer) then empty
	    else err($f; "no ARP request from \($s.local) for \($s.peer)")
	    end
	  elif $f.group != null then
	    pair($s.local // ""; $s.peer // "") as $seg |
	    if ($seg | length) == 0 then
	      err($f; "no segments between \($s.local) and \($s.peer)")
	    else
	      (expected_peer($s.local; $s.peer) as $ep |
	       if $ep != null and $ep != $s.peer then
	         err($f; "peer \($s.peer), the capture says \($ep)")
	       else empty end),
	      (if any($seg[]; (.src == $s.local and
	          .sp == ($s.local_port | tostring) and
	          .dp == ($s.peer_port | tostring)) or (.src == $s.peer and
	          .sp == ($s.peer_port | tostring) and
	          .dp == ($s.local_port | tostring))) then empty
	       else err($f; "ports \($s.local_port) / \($s.peer_port) " +
	           "never seen together") end),
	      (["local", "peer"][] as $w | $s[$w] as $addr |
	       $s[$w + "_as"] as $asn | open_asns($addr) as $seen |
	       if ($seen | length) == 0 and $asn != null then
	         err($f; "\($w)_as \($asn) but \($addr) sent no OPEN")
	       elif ($seen | length) > 0 and ($seen | index([$asn])) == null
	       then err($f; "\($w)_as \($asn), its OPENs say \($seen)")
	       elif $tr != null and $asn != null and
	           ([$tr.ce.asn, $tr.msee.asn] | index([$asn])) == null
	       then err($f; "\($w)_as \($asn) not in truth.json")
	       else empty end),
	      (tags($seg) as $tg |
	       if ($tg | length) != 1 then
	         err($f; "the session has mixed tags \($tg)")
	       else $tg[0] as [$st, $ct] |
	         ([$st, $ct] | map(select(. != null) | tonumber)) as $want |
	         ([$s.vlan, $s.inner_vlan] | map(select(. != null))) as $got |
	         if $want != $got then
	           err($f; "VLAN \($got), its frames carry \($want)")
	         elif $tr != null and ($got | length) > 0 and
	             (($tr.observed_in_capture.svlan_ids_8021ad +
	             $tr.observed_in_capture.vlan_ids_8021q) | sort) !=
	             ($got | sort) then
	           err($f; "VLAN \($got), truth.json says otherwise")
	         else empty end
	       end),
	      (if ($f.evidence | map(select(.frame != null)) | length) == 0
	       then
	         # flow/ joins a session caught mid-way on its first data
	         # segment, not on a bare ACK before it
	         ($seg | map(.t)) as $st |
	         if ($st | index([$s.from | us])) == null or
	             ($st | index([$s.to | us])) == null or
	             ($s.to | us) != ($st | max) then
	           err($f; "span is not from a segment of the session " +
	               "to its last")
	         else empty end
	       else empty end)
	    end
	  else empty end
	)' >"$tmp/fails"
	ncaps=$((ncaps + 1))
	nfind=$((nfind + $(jq '.findings | length' "$out")))
	if [ -s "$tmp/fails" ]; then
		cat "$tmp/fails"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

# the checks would pass vacuously on captures whose findings carry no
# endpoints: count those that do
withpeers=0
for cap in "$SRC"/tests/data/captures/*/capture*.pcap \
    "$SRC"/tests/data/pcap/midsession/*/capture.pcap \
    "$SHARED"/corpus/pcap/*/capture*.pcap*; do
	[ -f "$cap" ] || continue
	truth=$(dirname "$cap")/truth.json
	[ -f "$truth" ] || truth=""
	check_capture "$cap" "$truth"
	withpeers=$((withpeers + $(jq '[.findings[] |
	    select(.subject.peer != null)] | length' "$tmp/out.json")))
done

echo "pcap subject: $pass captures pass, $fail fail ($ncaps captures," \
    "$nfind findings, $withpeers with endpoints)"
[ "$ncaps" -ge 20 ] || { echo "FAIL: only $ncaps captures found"; exit 1; }
[ "$withpeers" -ge "$ncaps" ] ||
    { echo "FAIL: too few findings name their endpoints"; exit 1; }
[ "$fail" -eq 0 ]
