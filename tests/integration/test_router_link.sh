#!/bin/bash
# Link outages: interface down/up lines of each vendor's log and a
# carrier's outage table (CSV with semicolons and CRLF, TSV of events)
# become intervals, one finding each, their times and durations taken
# from the files themselves; an outage never restored is an error; a
# row that cannot be read is a note naming its line; a BGP drop inside
# an outage is tied to it (LINK_OUTAGE_AT_DROP).
set -u

E=${ERWATCH:?ERWATCH not set}
L=${ERW_SRC_DIR:?ERW_SRC_DIR not set}/tests/data/router/link
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"
require_programs jq
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { local d=$1; shift; if "$@"; then ok "$d"; else ko "$d"; fi; }
jqt() { jq -e "$2" "$1" >/dev/null 2>&1; }

# --- carrier intervals: times straight from the CSV's own cells ---
"$E" router --json "$L/carrier_intervals.csv" >"$tmp/ci.json" 2>"$tmp/ci.err"
rc=$?
check "carrier table with an open outage: exit 1" test $rc = 1
n_rows=$(grep -c '^CCT-4471-ER;' "$L/carrier_intervals.csv")
check "one CARRIER_LINK_DOWN per row ($n_rows)" test \
    "$(jq '[.findings[] | select(.code == "CARRIER_LINK_DOWN")] | length' "$tmp/ci.json")" = "$n_rows"
# the first row's start and end, as the file writes them
start=$(awk -F';' '$1 == "CCT-4471-ER" { sub(" ", "T", $2); print $2; exit }' "$L/carrier_intervals.csv")
end=$(awk -F';' '$1 == "CCT-4471-ER" { sub(" ", "T", $3); print $3; exit }' "$L/carrier_intervals.csv")
check "interval span from the CSV ($start .. $end)" jqt "$tmp/ci.json" \
    "any(.findings[]; .code == \"CARRIER_LINK_DOWN\" and
     (.subject.from | startswith(\"$start\")) and
     (.subject.to | startswith(\"$end\")) and .severity == \"warning\")"
check "the open row is an error, not restored" jqt "$tmp/ci.json" \
    'any(.findings[]; .code == "CARRIER_LINK_DOWN" and
     .severity == "error" and (.summary | test("not restored")))'
check "the reason with a quoted semicolon kept whole" jqt "$tmp/ci.json" \
    'any(.findings[]; .summary | test("Fibre cut; rerouted"))'
check "events name the carrier and the circuit" jqt "$tmp/ci.json" \
    'all(.events[]; .vendor == "carrier" and .interface == "CCT-4471-ER")'

# --- carrier events (TSV): a bad state word is a note with its line ---
"$E" router --json "$L/carrier_events.tsv" >"$tmp/ce.json" 2>"$tmp/ce.err"
bad=$(grep -n 'sideways' "$L/carrier_events.tsv" | cut -d: -f1)
check "unreadable row named by line $bad" grep -q "carrier_events.tsv:$bad:" \
    "$tmp/ce.err" "$tmp/ce.json"
check "down/up events paired into one interval" test \
    "$(jq '[.findings[] | select(.code == "CARRIER_LINK_DOWN")] | length' "$tmp/ce.json")" = 1

# --- vendor interface lines ---
"$E" router --json "$L/other_vendors.log" >"$tmp/ov.json" 2>/dev/null
for ifn in Ethernet1/7 TenGigE0/0/0/3 xe-0/0/0.100 eth1; do
	check "interface $ifn: one outage" test "$(jq --arg i "$ifn" \
	    '[.findings[] | select(.code == "ROUTER_LINK_DOWN" and
	      (.summary | contains(" " + $i + " down")))] | length' "$tmp/ov.json")" = 1
done
check "restored outages are warnings: exit 0" \
    "$E" router "$L/other_vendors.log" >/dev/null 2>&1

# --- IOS: link and line protocol are one outage; the hold expiry 3 min
# after the link went down is tied to it ---
"$E" router --json "$L/ios_link.log" >"$tmp/ios.json" 2>/dev/null
check "link + line protocol of the sub-interface: one outage" test \
    "$(jq '[.findings[] | select(.code == "ROUTER_LINK_DOWN")] | length' "$tmp/ios.json")" = 1

# garbage rows and a header alone are not a crash and not an outage
printf 'Start,End\r\nnot a time,also not\r\n' >"$tmp/bad.csv"
"$E" router --json "$tmp/bad.csv" >"$tmp/bad.json" 2>&1
check "a header with unreadable rows: no outage, row named" sh -c \
    "grep -q 'bad.csv:2:' '$tmp/bad.json' &&
     ! grep -q CARRIER_LINK_DOWN '$tmp/bad.json'"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
