#!/bin/bash
# Azure text forms through the commands: the committed fixtures of
# tests/data/azure/text are what tests/tools/az_text_render.py makes of the
# JSON fixtures today (Debian's PyYAML and tabulate, the libraries az CLI
# itself uses); `erwatch circuit` reads a folder of PowerShell 5.1 and az
# text exports (paths from the pasted command lines) with the verdicts of
# the JSON; `nexthop` and `flow` read the text forms unchanged; a cut
# PowerShell column is a warning naming its line, a bad row exit 2 with
# file:line:col.
set -u

E=${ERWATCH:?ERWATCH not set}
S=${ERW_SRC_DIR:?ERW_SRC_DIR not set}
T=$S/tests/data/azure/text
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { local d=$1; shift; if "$@"; then ok "$d"; else ko "$d"; fi; }

# 1. the fixtures are the renderer's output
mkdir "$tmp/render"
cp "$T/src-effective-nsg.json" "$tmp/render/"
mkdir -p "$tmp/src"
cp -r "$S/tests/data/azure/circuit" "$S/tests/data/azure/routes" "$tmp/src/"
mkdir "$tmp/src/text"
cp "$T/src-effective-nsg.json" "$tmp/src/text/"
if /usr/bin/python3 "$S/tests/tools/az_text_render.py" "$tmp/src" \
    "$tmp/render"; then
	check "rendered fixtures match the committed ones" \
	    diff -r "$tmp/render" "$T"
else
	ko "az_text_render.py failed"
fi

# 2. circuit over a folder of text exports, against the same in JSON
C=$S/tests/data/azure/circuit
mkdir "$tmp/txt" "$tmp/json"
cp "$T/circuit.ps51.txt" "$tmp/txt/circuit.txt"
cp "$T/arp.ps51.txt" "$tmp/txt/a1.txt"
cp "$T/summary.az-table.txt" "$tmp/txt/s1.txt"
cp "$T/routes.ps51.txt" "$tmp/txt/r1.txt"
cp "$C/circuit-ok.json" "$C/arp-ok-primary.json" \
    "$C/summary-ok-primary.json" "$C/routes-primary.json" "$tmp/json/"
"$E" circuit --json "$tmp/txt" >"$tmp/t.json" 2>"$tmp/t.err"
rt=$?
"$E" circuit --json "$tmp/json" >"$tmp/j.json" 2>"$tmp/j.err"
rj=$?
check "circuit: same exit on text ($rt) as on JSON ($rj)" [ $rt -eq $rj ]
verdicts() {
	jq -c '[.findings[] | select(.code != "AZ_EXPORT_INCOMPLETE") |
	    [.code, .summary]]' "$1"
}
check "circuit: same findings from the text forms" \
    [ "$(verdicts "$tmp/t.json")" = "$(verdicts "$tmp/j.json")" ]
check "circuit: paths from the command lines, not the file names" \
    bash -c "! grep -q 'taken from the file names' '$tmp/t.json'"

# 3. nexthop and flow take the text forms as they take JSON
R=$S/tests/data/azure/routes
"$E" nexthop --json --routes "$R/effective-mixed.json" --dst 10.60.1.1 \
    >"$tmp/nj" 2>/dev/null
rj=$?
"$E" nexthop --json --routes "$T/effective-routes.ps51.txt" --dst 10.60.1.1 \
    >"$tmp/nt" 2>/dev/null
rt=$?
check "nexthop: same exit on PowerShell 5.1 text ($rt) and JSON ($rj)" \
    [ $rt -eq $rj ]
nh() { jq -c '[.nextHopType, .nextHopIpAddress, .route.name]' "$1"; }
check "nexthop: same next hop, address and route" \
    [ "$(nh "$tmp/nj")" = "$(nh "$tmp/nt")" ]
check "nexthop: the UDR's appliance" \
    [ "$(nh "$tmp/nt")" = '["VirtualAppliance","10.20.240.4","dc6-fw"]' ]

# 4. a cut column: a warning naming line and column, not a wrong value
printf '%s\n' "PS C:\\> Get-AzExpressRouteCircuitARPTable -DevicePath Primary" \
    "" "Age InterfaceProperty IpAddress    MacAddress" \
    "--- ----------------- ---------    ----------" \
    " 10 On-Prem           192.168.50.1 0011.2233..." \
    "  0 Microsoft         192.168.50.2 5c5e.ab00.0001" >"$tmp/cut.txt"
"$E" circuit --json --circuit "$C/circuit-ok.json" \
    --arp-primary "$tmp/cut.txt" >"$tmp/c.json" 2>"$tmp/c.err"
check "cut column: AZ_EXPORT_INCOMPLETE naming line 5 and MacAddress" \
    bash -c "jq -r '.findings[].summary' '$tmp/c.json' |
    grep -q \"line 5, column 'MacAddress'\""
check "cut column: no other finding reads the cut MAC" \
    bash -c "! jq -c '.findings[] | select(.code != \"AZ_EXPORT_INCOMPLETE\")' \
    '$tmp/c.json' | grep -q '0011.2233'"

# 5. a bad row: exit 2, file:line:col
printf '%s\n' "Network      NextHop      LocPrf Weight Path" \
    "-------      -------      ------ ------ ----" \
    "10.1.0.0/16  10.1.255.4               0 65515" \
    "10.80.0.0/33 192.168.50.1             0 64512" >"$tmp/bad.txt"
"$E" circuit --circuit "$C/circuit-ok.json" --routes-primary "$tmp/bad.txt" \
    >/dev/null 2>"$tmp/b.err"
rc=$?
check "bad row: exit 2 (got $rc)" [ $rc -eq 2 ]
check "bad row: file:line:col in the message" grep -q "bad.txt:4:1:" "$tmp/b.err"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
