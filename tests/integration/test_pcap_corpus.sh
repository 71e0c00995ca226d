#!/usr/bin/env bash
# Acceptance: every scenario of the shared capture corpus
# ($ERW_SHARED_DIR/corpus/pcap/*/) through `erwatch pcap --json`, checked
# against its truth.json:
#   - the finding code that the corpus README maps to the diagnosis label;
#   - exit 0 for healthy captures (and short_hold_time, a warning), 1 for
#     faults;
#   - BGP messages per sender and type equal observed_in_capture
#     (observed_in_capture_msee for capture_msee.pcap);
#   - NOTIFICATIONs (sender, code/subcode, frame) equal the observed ones;
#   - the VLAN IDs on the sessions equal the observed 802.1Q/802.1ad IDs.
# For the PMTU scenarios the problem shows in capture_msee.pcap, which is
# analyzed instead of capture.pcap.
set -u

ERWATCH=${ERWATCH:?ERWATCH must name the erwatch binary}
SHARED=${ERW_SHARED_DIR:-}
CORPUS=$SHARED/corpus/pcap
if [ -z "$SHARED" ] || [ ! -d "$CORPUS" ]; then
	echo "skip: no shared corpus at '$CORPUS'"
	exit 77
fi
. "$(dirname "$0")/lib_check.sh"
require_programs jq

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0

# label -> accepted codes (space separated); exit code expected
codes_for() {
	case $1 in
	established_healthy) echo "BGP_ESTABLISHED" ;;
	short_hold_time) echo "BGP_HOLD_TIME_SHORT" ;;
	asn_mismatch) echo "BGP_OPEN_PEER_AS_MISMATCH" ;;
	md5_mismatch) echo "TCP_MD5_ASYMMETRIC TCP_MD5_SUSPECTED_MISMATCH" ;;
	tcp179_blocked_no_synack) echo "TCP_SYN_UNANSWERED" ;;
	rst_no_listener) echo "TCP_RST_ON_SYN" ;;
	peer_not_configured_connection_closed) echo "BGP_PEER_RESET_NO_OPEN" ;;
	hold_timer_expired) echo "BGP_HOLD_TIMER_EXPIRED BGP_KEEPALIVE_GAP" ;;
	max_prefix_cease) echo "BGP_MAX_PREFIX" ;;
	session_flap) echo "BGP_SESSION_FLAP" ;;
	pmtu_blackhole_icmp_frag_needed) echo "ICMP_FRAG_NEEDED" ;;
	pmtu_blackhole_no_icmp) echo "PMTU_BLACKHOLE_SUSPECTED" ;;
	arp_incomplete_wrong_peer_ip) echo "ARP_UNANSWERED" ;;
	*) echo "" ;;
	esac
}

for dir in "$CORPUS"/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	truth=$dir/truth.json
	[ -f "$truth" ] || continue
	label=$(jq -r .expected_diagnosis "$truth")
	obs=observed_in_capture
	case $label in
	pmtu_*)
		cap=$dir/capture_msee.pcap
		obs=observed_in_capture_msee
		;;
	*)
		cap=$(ls "$dir"/capture.pcap "$dir"/capture.pcapng 2>/dev/null |
		    head -n 1)
		;;
	esac
	why=""
	if [ -z "$cap" ] || [ ! -f "$cap" ]; then
		why="no capture file"
	else
		"$ERWATCH" pcap --json "$cap" >"$tmp/out.json" 2>"$tmp/err"
		rc=$?
		case $label in
		established_healthy | short_hold_time) want_rc=0 ;;
		*) want_rc=1 ;;
		esac
		[ "$rc" -eq "$want_rc" ] ||
		    why="$why exit $rc (want $want_rc: $(head -c 200 "$tmp/err"))"
		if ! json_check "$tmp/out.json" .; then
			why="$why output is not JSON"
		else
			want=$(codes_for "$label")
			# md5: one side only vs different keys, from the wire
			if [ "$label" = md5_mismatch ]; then
				nsig=$(jq ".$obs.tcp_segments_with_md5_option_19 |
				    length" "$truth")
				if [ "$nsig" -ge 2 ]; then
					want=TCP_MD5_SUSPECTED_MISMATCH
				else
					want=TCP_MD5_ASYMMETRIC
				fi
			fi
			found=""
			for c in $want; do
				if json_check "$tmp/out.json" \
				    'any(.findings[]; .code == $c)' \
				    --arg c "$c"; then
					found=$c
				fi
			done
			[ -n "$found" ] || why="$why missing finding ($want)"
			# messages per sender and type
			jq -S '
			    reduce (.sessions[].messages | to_entries[]) as $e
			    ({}; .[$e.key] |= (reduce ($e.value | to_entries[])
			    as $t (. // {}; .[$t.key] += $t.value)))' \
			    "$tmp/out.json" >"$tmp/got_msgs"
			jq -S ".$obs.bgp_messages_by_sender // {}" "$truth" \
			    >"$tmp/want_msgs"
			cmp -s "$tmp/got_msgs" "$tmp/want_msgs" ||
			    why="$why messages differ: got $(jq -c . \
			    "$tmp/got_msgs") want $(jq -c . "$tmp/want_msgs")"
			# NOTIFICATIONs: sender, code/subcode, frame
			jq -c '[.sessions[].notifications[] |
			    [.from, .code, .subcode, .frame]] | sort' \
			    "$tmp/out.json" >"$tmp/got_notif"
			jq -c "[(.$obs.notifications // [])[] |
			    [.src, .code, .subcode, .frame]] | sort" "$truth" \
			    >"$tmp/want_notif"
			cmp -s "$tmp/got_notif" "$tmp/want_notif" ||
			    why="$why notifications differ: got $(cat \
			    "$tmp/got_notif") want $(cat "$tmp/want_notif")"
			# VLAN IDs (802.1Q and 802.1ad) on the BGP frames
			got_v=$(jq -c '[.sessions[].vlans[]] | unique' \
			    "$tmp/out.json")
			want_v=$(jq -c "[(.$obs.vlan_ids_8021q // [])[],
			    (.$obs.svlan_ids_8021ad // [])[]] | map(tonumber) |
			    unique" "$truth")
			[ "$got_v" = "$want_v" ] ||
			    why="$why vlans differ: got $got_v want $want_v"
		fi
	fi
	if [ -z "$why" ]; then
		echo "PASS $name ($label: $found)"
		pass=$((pass + 1))
	else
		echo "FAIL $name ($label):$why"
		fail=$((fail + 1))
	fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
