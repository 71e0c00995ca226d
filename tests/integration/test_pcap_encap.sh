#!/usr/bin/env bash
# Link types and tunnels: testbed captures (BIRD and FRR in namespaces,
# tests/data/captures/) rewritten by tests/tools/pcap_wrap, with the
# project's pcap writer, as if taken on a PPP, PPP-in-HDLC, Cisco HDLC or
# Juniper link, or through GRE, ERSPAN I/II/III, VXLAN or MPLS.  For each
# rewritten file:
#   tshark      (the reference decoder) counts the same BGP messages of
#               each type as in the original (healthy capture)
#   messages    `erwatch pcap --dump-messages` lists the same messages,
#               frame, sender and receiver (the BGP speakers, never the
#               tunnel endpoints) as for the original
#   verdict     `erwatch pcap --json` exits as for the original, with the
#               same findings (code, severity, summary) and the same
#               sessions (key, establishments; VLANs where the tunnel
#               carries the Ethernet frame)
#   naming      a tunnel is named in every session finding ("seen inside
#               ...") and in the text report; a link type is not a tunnel
set -u

ERWATCH=${ERWATCH:?ERWATCH must name the erwatch binary}
SRC=${ERW_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${ERW_BUILD_DIR:-$(dirname "$ERWATCH")}
WRAP=$BUILD/pcap_wrap
command -v jq >/dev/null || { echo "skip: jq missing"; exit 77; }
command -v tshark >/dev/null || { echo "skip: tshark missing"; exit 77; }
[ -x "$WRAP" ] || { echo "FAIL: $WRAP not built"; exit 1; }
. "$(dirname "$0")/lib_check.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tunnels="gre gre6 gre-teb gre-mpls erspan1 erspan2 erspan3 vxlan mpls mpls-pw"
links="ppp ppp-serial chdlc juniper juniper-nol2"
l2="gre-teb erspan1 erspan2 erspan3 vxlan mpls-pw juniper"

# BGP message types and their counts as tshark sees them.  erwatch takes
# what follows an MPLS stack with first nibble 0 for a control word and
# Ethernet (RFC 4385); tshark is told so for the pseudowire's label.
tshark_counts()
{
	tshark -n -r "$1" -d mpls.label==400,pwethcw -T fields -e bgp.type \
	    -E occurrence=a -E aggregator=, 2>/dev/null | tr ',' '\n' |
	    grep -v '^$' | sort | uniq -c | tr -s ' ' | tr '\n' ';'
}

# The verdict, without the tunnel note the wrapped file adds.
verdict()
{
	jq -c --argjson l2 "$2" '{
	    findings: [.findings[] | [.code, .severity,
		(.summary | sub("; seen inside .*$"; ""))]],
	    sessions: [.sessions[] | [.key, .establishments,
		(if $l2 then .vlans else null end)]]}' "$1"
}

pass=0
fail=0
for scen in healthy hold_timer_expired vlan_qinq; do
	orig=$SRC/tests/data/captures/$scen/capture.pcap
	[ -f "$orig" ] || { echo "FAIL $scen: no capture"; fail=$((fail + 1)); continue; }
	"$ERWATCH" pcap --json "$orig" >"$tmp/orig.json" 2>/dev/null
	orig_rc=$?
	"$ERWATCH" pcap --dump-messages "$orig" >"$tmp/orig.dump" 2>/dev/null
	[ -s "$tmp/orig.dump" ] || { echo "FAIL $scen: no messages"; fail=$((fail + 1)); continue; }
	[ "$scen" = healthy ] && orig_ts=$(tshark_counts "$orig")
	for kind in $tunnels $links; do
		w=$tmp/$scen-$kind.pcap
		why=""
		is_l2=false
		case " $l2 " in *" $kind "*) is_l2=true ;; esac
		if ! "$WRAP" "$kind" "$orig" "$w" 2>"$tmp/err"; then
			echo "FAIL $scen/$kind: pcap_wrap: $(head -c 200 "$tmp/err")"
			fail=$((fail + 1))
			continue
		fi
		if [ "$scen" = healthy ]; then
			got=$(tshark_counts "$w")
			[ -n "$got" ] && [ "$got" = "$orig_ts" ] ||
			    why="$why tshark counts '$got' (original '$orig_ts')"
		fi
		"$ERWATCH" pcap --dump-messages "$w" >"$tmp/w.dump" 2>/dev/null
		cmp -s "$tmp/orig.dump" "$tmp/w.dump" ||
		    why="$why messages differ ($(diff "$tmp/orig.dump" "$tmp/w.dump" | head -n 3 | tr '\n' ' '))"
		"$ERWATCH" pcap --json "$w" >"$tmp/w.json" 2>"$tmp/err"
		rc=$?
		[ "$rc" = "$orig_rc" ] || why="$why exit $rc (original $orig_rc)"
		if ! json_check "$tmp/w.json" .; then
			why="$why output is not JSON ($(head -c 200 "$tmp/err"))"
		else
			a=$(verdict "$tmp/orig.json" "$is_l2")
			b=$(verdict "$tmp/w.json" "$is_l2")
			[ "$a" = "$b" ] || why="$why verdict differs: $b (original $a)"
			json_check "$tmp/w.json" 'all(.sessions[].key;
			    test("192\\.0\\.2\\.|2001:db8:ffff:") | not)' ||
			    why="$why a tunnel endpoint taken for a BGP speaker"
			case " $tunnels " in
			*" $kind "*)
				json_check "$tmp/w.json" '(.files[0].tunnels |
				    length) > 0 and all(.findings[] |
				    select(.group != ""); .summary |
				    test("; seen inside "))' ||
				    why="$why tunnel not named in the findings"
				"$ERWATCH" pcap "$w" 2>/dev/null |
				    grep -q "seen inside" ||
				    why="$why tunnel not named in the text"
				;;
			*)
				json_check "$tmp/w.json" '(.files[0].tunnels |
				    length) == 0 and .files[0].undecodable == 0' ||
				    why="$why link type taken for a tunnel"
				;;
			esac
		fi
		if [ -z "$why" ]; then
			echo "PASS $scen/$kind"
			pass=$((pass + 1))
		else
			echo "FAIL $scen/$kind:$why"
			fail=$((fail + 1))
		fi
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
