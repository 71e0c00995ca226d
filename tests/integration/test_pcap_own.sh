#!/usr/bin/env bash
# The project's own captures (tests/data/captures/<scenario>/, recorded by
# the testbed with real BIRD and FRR in namespaces) through `erwatch pcap
# --json`, checked against each expected.json:
#   exit          the exit code
#   findings      codes that must be reported
#   not_findings  codes that must not be reported (any severity)
#   notifications the NOTIFICATION code/subcode pairs seen (as a set)
#   sessions      how many times a session reached Established
#   teardown_causes  optional: {cause: n}, teardowns per cause summed over
#                 the sessions (superseded: ended by a new establishment
#                 with no close on the wire)
# Where the scenario has capture_msee.pcap (path MTU), that file is the one
# analyzed: the problem shows at the MSEE.
set -u

ERWATCH=${ERWATCH:?ERWATCH must name the erwatch binary}
SRC=${ERW_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$(dirname "$0")/lib_check.sh"
require_programs jq

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0
for dir in "$SRC"/tests/data/captures/*/; do
	dir=${dir%/}
	name=$(basename "$dir")
	exp=$dir/expected.json
	[ -s "$exp" ] || continue
	if [ -f "$dir/capture_msee.pcap" ]; then
		cap=$dir/capture_msee.pcap
	else
		cap=$(ls "$dir"/capture.pcap "$dir"/capture.pcapng 2>/dev/null |
		    head -n 1)
	fi
	if [ -z "$cap" ]; then
		echo "FAIL $name: expected.json but no capture"
		fail=$((fail + 1))
		continue
	fi
	"$ERWATCH" pcap --json "$cap" >"$tmp/out.json" 2>"$tmp/err"
	rc=$?
	why=""
	want_rc=$(jq -r '.exit // empty' "$exp")
	if [ -n "$want_rc" ] && [ "$rc" != "$want_rc" ]; then
		why="$why exit $rc (want $want_rc)"
	fi
	if ! json_check "$tmp/out.json" .; then
		why="$why output is not JSON ($(head -c 200 "$tmp/err"))"
	else
		for c in $(jq -r '(.findings // [])[]' "$exp"); do
			json_check "$tmp/out.json" \
			    'any(.findings[]; .code == $c)' --arg c "$c" ||
			    why="$why missing $c"
		done
		for c in $(jq -r '(.not_findings // [])[]' "$exp"); do
			json_check "$tmp/out.json" \
			    'any(.findings[]; .code == $c) | not' \
			    --arg c "$c" || why="$why unexpected $c"
		done
		if json_check "$exp" 'has("notifications")'; then
			got=$(jq -c '[.sessions[].notifications[] |
			    [.code, .subcode]] | unique' "$tmp/out.json")
			want=$(jq -c '[.notifications[] | [.code, .subcode]] |
			    unique' "$exp")
			[ "$got" = "$want" ] ||
			    why="$why notifications $got (want $want)"
		fi
		if json_check "$exp" 'has("sessions")'; then
			got=$(jq '[.sessions[].establishments] | add // 0' \
			    "$tmp/out.json")
			want=$(jq '.sessions' "$exp")
			[ "$got" = "$want" ] ||
			    why="$why establishments $got (want $want)"
		fi
		for c in $(jq -r '(.teardown_causes // {}) | keys[]' "$exp"); do
			got=$(jq --arg c "$c" '[.sessions[].teardown_causes[$c]
			    // 0] | add // 0' "$tmp/out.json")
			want=$(jq --arg c "$c" '.teardown_causes[$c]' "$exp")
			[ "$got" = "$want" ] ||
			    why="$why teardowns by $c $got (want $want)"
		done
	fi
	if [ -z "$why" ]; then
		echo "PASS $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name:$why"
		fail=$((fail + 1))
	fi
done
if [ $((pass + fail)) -eq 0 ]; then
	echo "skip: no recorded scenario with expected.json yet"
	exit 77
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
