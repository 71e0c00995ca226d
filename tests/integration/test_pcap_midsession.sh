#!/usr/bin/env bash
# Captures that start on an Established session (tests/data/pcap/
# midsession/<name>/capture.pcap: the project's own recordings with the
# frames up to and including the OPENs dropped by editcap) through
# `erwatch pcap --json`, checked against each expected.json:
#   exit, findings, not_findings, notifications   as in test_pcap_own.sh
#   sessions      establishments (0: no OPEN pair in the file; then
#                 BGP_ESTABLISHED must say the hold time is unknown)
#   up_at_start   sessions already up when the capture started
#   negotiation   "inferred" on every session
#   asns          the AS of each speaker (from the AS_PATHs)
# and, when tshark is installed, BGP messages per sender and type equal
# tshark's on the same file (tshark guesses the AS width too: only the
# types are compared).  A second part proves the inference is needed: the
# same UPDATEs read with 2-octet AS paths would be malformed, so the
# healthy file must show "inferred" and parse every UPDATE.
set -u

ERWATCH=${ERWATCH:?ERWATCH must name the erwatch binary}
SRC=${ERW_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$(dirname "$0")/lib_check.sh"
require_programs jq tshark

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0
for dir in "$SRC"/tests/data/pcap/midsession/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	exp=$dir/expected.json
	cap=$dir/capture.pcap
	if [ ! -s "$exp" ] || [ ! -s "$cap" ]; then
		echo "FAIL $name: capture.pcap or expected.json missing"
		fail=$((fail + 1))
		continue
	fi
	"$ERWATCH" pcap --json "$cap" >"$tmp/out.json" 2>"$tmp/err"
	rc=$?
	why=""
	want_rc=$(jq -r '.exit' "$exp")
	[ "$rc" = "$want_rc" ] || why="$why exit $rc (want $want_rc)"
	if ! json_check "$tmp/out.json" '.sessions | type == "array"'; then
		why="$why output is not JSON ($(head -c 200 "$tmp/err"))"
	else
		for c in $(jq -r '.findings[]' "$exp"); do
			json_check "$tmp/out.json" \
			    'any(.findings[]; .code == $c)' --arg c "$c" ||
			    why="$why missing $c"
		done
		for c in $(jq -r '.not_findings[]' "$exp"); do
			json_check "$tmp/out.json" \
			    'any(.findings[]; .code == $c) | not' \
			    --arg c "$c" || why="$why unexpected $c"
		done
		got=$(jq -c '[.sessions[].notifications[] |
		    [.code, .subcode]] | unique' "$tmp/out.json")
		want=$(jq -c '[.notifications[] | [.code, .subcode]] |
		    unique' "$exp")
		[ "$got" = "$want" ] ||
		    why="$why notifications $got (want $want)"
		for k in sessions up_at_start; do
			f=establishments
			[ $k = up_at_start ] && f=up_at_start
			got=$(jq "[.sessions[].$f] | add // 0" "$tmp/out.json")
			want=$(jq ".$k" "$exp")
			[ "$got" = "$want" ] || why="$why $f $got (want $want)"
		done
		json_check "$tmp/out.json" '(.sessions | length) > 0 and
		    all(.sessions[]; .negotiation == $n)' \
		    --arg n "$(jq -r .negotiation "$exp")" ||
		    why="$why negotiation $(jq -c '[.sessions[].negotiation]' \
		    "$tmp/out.json")"
		json_check "$tmp/out.json" 'any(.sessions[]; .asns == $a)' \
		    --argjson a "$(jq -c .asns "$exp")" ||
		    why="$why asns $(jq -c '[.sessions[].asns]' \
		    "$tmp/out.json")"
		# the established finding says what is not known (unless a
		# later establishment in the file showed the OPENs)
		[ "$(jq .sessions "$exp")" != 0 ] ||
		json_check "$tmp/out.json" 'any(.findings[];
		    .code == "BGP_ESTABLISHED" and
		    (.summary | test("hold time unknown")) and
		    (.summary | test("capture started after the OPENs")))' ||
		    why="$why BGP_ESTABLISHED does not say hold time unknown"
		tshark -r "$cap" -Y bgp -T fields -e ip.src \
		    -e bgp.type 2>/dev/null | awk '{
		    n = split($2, t, ",");
		    for (i = 1; i <= n; i++) c[$1 " " t[i]]++ }
		    END { for (k in c) print k, c[k] }' |
		    sort >"$tmp/want_msgs"
		jq -r '.sessions[].messages | to_entries[] |
		    .key as $a | .value | to_entries[] |
		    "\($a) \(.key) \(.value)"' "$tmp/out.json" |
		    sed 's/ OPEN / 1 /; s/ UPDATE / 2 /;
		    s/ NOTIFICATION / 3 /; s/ KEEPALIVE / 4 /;
		    s/ ROUTE-REFRESH / 5 /' | sort >"$tmp/got_msgs"
		if [ ! -s "$tmp/want_msgs" ] ||
		    ! cmp -s "$tmp/got_msgs" "$tmp/want_msgs"; then
			why="$why messages $(tr '\n' ' ' \
			    <"$tmp/got_msgs")(tshark $(tr '\n' ' ' \
			    <"$tmp/want_msgs"))"
		fi
	fi
	if [ -z "$why" ]; then
		echo "PASS $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name:$why"
		fail=$((fail + 1))
	fi
done

# The healthy file's UPDATEs: every one parsed, with prefixes counted
# (2-octet AS paths would make each of them malformed, 0 prefixes).
cap=$SRC/tests/data/pcap/midsession/healthy/capture.pcap
"$ERWATCH" pcap --json "$cap" >"$tmp/h.json" 2>/dev/null
if json_check "$tmp/h.json" 'all(.sessions[]; .prefixes[].announced == 5)
    and (.sessions | length) == 1'; then
	echo "PASS healthy: 5 prefixes each way from the inferred UPDATEs"
	pass=$((pass + 1))
else
	echo "FAIL healthy: prefixes $(jq -c '[.sessions[].prefixes]' \
	    "$tmp/h.json")"
	fail=$((fail + 1))
fi
# The text output says so.
"$ERWATCH" pcap "$cap" >"$tmp/h.txt" 2>/dev/null
if grep -q "negotiation inferred (capture started after the OPENs)" \
    "$tmp/h.txt" && grep -q "up at the start" "$tmp/h.txt" &&
    grep -q "hold time unknown" "$tmp/h.txt"; then
	echo "PASS healthy: text output names the inferred negotiation"
	pass=$((pass + 1))
else
	echo "FAIL healthy: text output: $(head -c 600 "$tmp/h.txt")"
	fail=$((fail + 1))
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
