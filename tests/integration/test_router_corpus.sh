#!/bin/bash
# erwatch router against tests/data/router/*/expected.json: the outputs
# recorded from the testbed's BIRD and FRR (tests/testbed/record_router.sh)
# and the project's own outputs of every vendor format (vendor/).  Each
# expected.json lists, per file read alone, the sections, neighbors and
# events the parser must find (each a subset of the fields produced,
# matched by address), the findings it must report, the exit code, and
# secrets that must never appear in any output.  Where a scenario gives
# top-level findings and exit, all its files are also read together.
set -u

E=${ERWATCH:?ERWATCH not set}
R=${ERW_SRC_DIR:?ERW_SRC_DIR not set}/tests/data/router
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"
require_programs jq
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }

# subset A B: every field of object A equals B's (jq)
SUBSET='def subset($a; $b): ($a | to_entries | all(.value == $b[.key]));'

for exp in "$R"/*/expected.json; do
	dir=$(dirname "$exp")
	scen=$(basename "$dir")
	year=$(jq -r '.year // empty' "$exp")
	yopt=()
	[ -n "$year" ] && yopt=(--year "$year")
	for f in $(jq -r '.files | keys[]' "$exp"); do
		x=$(jq -c --arg f "$f" '.files[$f]' "$exp")
		"$E" router --json "${yopt[@]}" "$dir/$f" >"$tmp/out" \
		    2>"$tmp/err"
		rc=$?
		want=$(jq -r '.exit // empty' <<<"$x")
		if [ -n "$want" ] && [ "$rc" != "$want" ]; then
			ko "$scen/$f: exit $rc, want $want"
			cat "$tmp/err"
		else
			ok
		fi
		json_check "$tmp/out" '.neighbors and .events and .findings' ||
		    { ko "$scen/$f: no JSON document"; continue; }
		# neighbors: each expected one matches a produced one
		for i in $(jq -r '(.neighbors // []) | keys[]' <<<"$x"); do
			e=$(jq -c ".neighbors[$i]" <<<"$x")
			if json_check "$tmp/out" "$SUBSET"' any(.neighbors[];
			    subset($e; .))' --argjson e "$e"; then
				ok
			else
				ko "$scen/$f: neighbor $e not found; got" \
				    "$(jq -c --argjson e "$e" '[.neighbors[] |
				    select(.address == $e.address)]' "$tmp/out")"
			fi
		done
		for a in $(jq -r '(.absent // [])[]' <<<"$x"); do
			if json_check "$tmp/out" 'all(.neighbors[];
			    .address != $a)' --arg a "$a"; then
				ok
			else
				ko "$scen/$f: $a should be left out (cut row)"
			fi
		done
		for i in $(jq -r '(.events // []) | keys[]' <<<"$x"); do
			e=$(jq -c ".events[$i]" <<<"$x")
			a=$(jq -r '.address' <<<"$x")
			# recorded logs name the peer once for all events
			[ "$a" != null ] && e=$(jq -c --arg a "$a" \
			    '{address: $a} + .' <<<"$e")
			if json_check "$tmp/out" "$SUBSET"' any(.events[];
			    subset($e; .))' --argjson e "$e"; then
				ok
			else
				ko "$scen/$f: event $e not found; got" \
				    "$(jq -c '[.events[] | {kind, address,
				    code, subcode}]' "$tmp/out")"
			fi
		done
		for i in $(jq -r '(.sections // []) | keys[]' <<<"$x"); do
			e=$(jq -c ".sections[$i]" <<<"$x")
			if json_check "$tmp/out" "$SUBSET"' any(
			    .inputs[0].sections[]; subset($e; .))' \
			    --argjson e "$e"; then
				ok
			else
				ko "$scen/$f: section $e not found; got" \
				    "$(jq -c '.inputs[0].sections' "$tmp/out")"
			fi
		done
		if e=$(jq -ce '.input' <<<"$x"); then
			if json_check "$tmp/out" "$SUBSET"' subset($e;
			    .inputs[0])' --argjson e "$e"; then
				ok
			else
				ko "$scen/$f: input $e; got $(jq -c \
				    '.inputs[0] | del(.sections)' "$tmp/out")"
			fi
		fi
		for c in $(jq -r '(.findings // [])[]' <<<"$x"); do
			if json_check "$tmp/out" 'any(.findings[];
			    .code == $c)' --arg c "$c"; then
				ok
			else
				ko "$scen/$f: finding $c missing; got" \
				    "$(jq -c '[.findings[].code]' "$tmp/out")"
			fi
		done
		# secrets: never in any output, text or JSON
		for s in $(jq -r '(.secrets // [])[]' <<<"$x"); do
			"$E" router "${yopt[@]}" "$dir/$f" >"$tmp/text" 2>&1
			if grep -qF -- "$s" "$tmp/out" "$tmp/text"; then
				ko "$scen/$f: a key from the file is printed"
			else
				ok
			fi
		done
	done
	# the whole scenario at once
	if jq -e '.exit != null' "$exp" >/dev/null; then
		files=()
		for f in $(jq -r '.files | keys[]' "$exp"); do
			files+=("$dir/$f")
		done
		"$E" router --json "${yopt[@]}" "${files[@]}" >"$tmp/out" \
		    2>"$tmp/err"
		rc=$?
		want=$(jq -r .exit "$exp")
		if [ "$rc" = "$want" ]; then ok; else
			ko "$scen (all files): exit $rc, want $want"
		fi
		for c in $(jq -r '.findings[]' "$exp"); do
			if json_check "$tmp/out" 'any(.findings[];
			    .code == $c)' --arg c "$c"; then
				ok
			else
				ko "$scen (all files): finding $c missing; got" \
				    "$(jq -c '[.findings[].code] | unique' \
				    "$tmp/out")"
			fi
		done
	fi
done
echo "router corpus: $pass checks passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 100 ]
