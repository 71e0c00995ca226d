#!/bin/bash
# erwatch circuit on the hand-written exports of tests/data/azure/circuit:
# explicit files (az and PowerShell, UTF-16), a folder with commands.txt
# (PowerShell -DevicePath), a folder without it (paths from the file names,
# said in a note), a bad file (exit 2 naming file:line:col, the rest still
# analyzed), missing evidence naming the command to run, usage errors.
set -u

E=${ERWATCH:?ERWATCH not set}
D=${ERW_SRC_DIR:?ERW_SRC_DIR not set}/tests/data/azure/circuit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
expect_rc() {
	local want=$1 d=$2 rc
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq "$want" ]; then ok "$d (exit $rc)"; else ko "$d (exit $rc, want $want)"; cat "$tmp/err"; fi
}
check() { local d=$1; shift; if "$@"; then ok "$d"; else ko "$d"; fi; }
j() { jq -r "$1" "$tmp/out"; }
codes() { jq -r '[.findings[] | "\(.code)/\(.group // "-")"] | join(" ")' "$tmp/out"; }

healthy=(--circuit "$D/circuit-ok.json"
    --arp-primary "$D/ps51-arp-primary.json" --arp-secondary "$D/arp-ok-secondary.json"
    --summary-primary "$D/summary-ok-primary.json" --summary-secondary "$D/summary-ok-secondary.json"
    --routes-primary "$D/routes-primary.json" --routes-secondary "$D/routes-secondary.json")

expect_rc 0 "healthy explicit files" "$E" circuit "${healthy[@]}" --json
check "both paths up and healthy" test "$(j '[.paths[] | .healthy] | join(",")')" = true,true
check "only CIRCUIT_HEALTHY findings" test "$(codes)" = "CIRCUIT_HEALTHY/primary CIRCUIT_HEALTHY/secondary"
check "Premium limit" test "$(j .peering.prefixLimit)" = 10000
expect_rc 0 "healthy as text" "$E" circuit "${healthy[@]}"
check "layered verdict printed" grep -q "^primary path (192.168.50.0/30): UP" "$tmp/out"

# --- folder with commands.txt (PowerShell, -DevicePath) ---
mkdir "$tmp/ps"
cp "$D/circuit-ok.json" "$tmp/ps/c.json"
cp "$D/ps51-arp-primary.json" "$tmp/ps/a1.json"
cp "$D/ps7-arp-msonly-secondary.json" "$tmp/ps/a2.json"
cp "$D/ps7-summary-near-limit-primary.json" "$tmp/ps/s1.json"
: >"$tmp/ps/r2.json"
{
	printf '# file\tcommand\n'
	printf 'c.json\taz network express-route show -g rg-test -n erc-test\n'
	printf 'a1.json\tGet-AzExpressRouteCircuitARPTable -ResourceGroupName rg-test -ExpressRouteCircuitName erc-test -PeeringType AzurePrivatePeering -DevicePath Primary | ConvertTo-Json\n'
	printf 'a2.json\tGet-AzExpressRouteCircuitARPTable -ResourceGroupName rg-test -ExpressRouteCircuitName erc-test -PeeringType AzurePrivatePeering -DevicePath Secondary | ConvertTo-Json\n'
	printf 's1.json\tGet-AzExpressRouteCircuitRouteTableSummary -ResourceGroupName rg-test -ExpressRouteCircuitName erc-test -PeeringType AzurePrivatePeering -DevicePath Primary | ConvertTo-Json\n'
	printf 'r2.json\tGet-AzExpressRouteCircuitRouteTable -ResourceGroupName rg-test -ExpressRouteCircuitName erc-test -PeeringType AzurePrivatePeering -DevicePath Secondary | ConvertTo-Json\n'
	printf 's2.json\tGet-AzExpressRouteCircuitRouteTableSummary -ResourceGroupName rg-test -ExpressRouteCircuitName erc-test -PeeringType AzurePrivatePeering -DevicePath Secondary | ConvertTo-Json\n'
	printf 'x.json\taz network express-route list-arp-tables -g rg-test -n erc-test --peering-name MicrosoftPeering --path primary\n'
} >"$tmp/ps/commands.txt"
expect_rc 1 "folder with commands.txt" "$E" circuit "$tmp/ps" --json
check "paths from commands.txt" test "$(j '[.inputs[] | select(.from=="commands.txt")] | length')" = 5
check "secondary ARP has only the Microsoft entry" test "$(j .paths.secondary.arp)" = missing-onprem
check "ARP_INCOMPLETE on secondary" grep -q '"ARP_INCOMPLETE"' "$tmp/out"
check "prefix limit warning on primary (8500 of 10000)" \
    test "$(j '.findings[] | select(.code=="CIRCUIT_PREFIX_LIMIT") | "\(.severity)/\(.group)"')" = warning/primary
check "empty route table file: 0 rows" test "$(j .paths.secondary.routeTableRows)" = 0
check "a listed file that is absent is a note" \
    test "$(j '[.notes[] | select(test("names s2.json, which is not in"))] | length')" = 1
check "other peering's line skipped" test "$(j '[.notes[] | select(test("x.json"))] | length')" = 0
check "missing evidence names the command" \
    test "$(j '[.findings[] | select(.code=="EVIDENCE_MISSING") | .evidence[0].note] | map(select(test("list-route-tables -g rg-test -n erc-test --peering-name AzurePrivatePeering --path primary"))) | length')" = 1

# --- folder without commands.txt: file names ---
mkdir "$tmp/names"
cp "$D/circuit-ok.json" "$tmp/names/circuit.json"
cp "$D/arp-ok-primary.json" "$tmp/names/arp-primary.json"
: >"$tmp/names/arp-secondary.json"
cp "$D/summary-ok-primary.json" "$tmp/names/summary-primary.json"
cp "$D/summary-ok-secondary.json" "$tmp/names/summary-secondary.json"
cp "$D/routes-secondary.json" "$tmp/names/routes.json"	# no path in name
expect_rc 1 "folder without commands.txt" "$E" circuit "$tmp/names" --json
check "note says the paths come from file names" \
    test "$(j '[.notes[] | select(test("file names"))] | length')" = 1
check "unknown-path table ignored with a note" \
    test "$(j '[.notes[] | select(test("routes.json: cannot tell its path"))] | length')" = 1
check "empty PowerShell ARP file = ARP_TABLE_EMPTY on secondary" \
    test "$(j '.findings[] | select(.code=="ARP_TABLE_EMPTY") | .group')" = secondary

# --- bad input: reported, the rest still analyzed ---
expect_rc 2 "bad route table exits 2" "$E" circuit --circuit "$D/circuit-ok.json" --routes-primary "$D/routes-bad-network.json" --json
check "error names file:line:col and pointer" grep -q "routes-bad-network.json:4:[0-9]*: .*/value/1/network" "$tmp/err"
check "analysis still printed" test "$(j .circuit.name)" = erc-test
expect_rc 2 "wrong kind for the role" "$E" circuit --arp-primary "$D/routes-primary.json"
check "wrong kind message" grep -q "is not an ExpressRoute ARP table" "$tmp/err"

# --- circuit-level mistakes ---
expect_rc 1 "bad circuit" "$E" circuit --circuit "$D/circuit-bad.json" --json
check "not provisioned, peering disabled, ASN, /30s" \
    test "$(j '[.findings[].code | select(startswith("CIRCUIT"))] | unique | join(" ")')" = \
    "CIRCUIT_AZURE_ASN_UNUSUAL CIRCUIT_NOT_PROVISIONED CIRCUIT_PEERING_DISABLED CIRCUIT_PEER_IP_INVALID"
expect_rc 1 "peering not configured" "$E" circuit --circuit "$D/circuit-ok.json" --peering MicrosoftPeering --json
check "Microsoft peering limit 200" test "$(j .peering.prefixLimit)" = 200

# --- usage ---
expect_rc 2 "no arguments" "$E" circuit
expect_rc 2 "unknown option" "$E" circuit --frobnicate
expect_rc 2 "missing folder" "$E" circuit "$tmp/nope"
expect_rc 2 "missing file" "$E" circuit --circuit "$tmp/nope.json"
expect_rc 0 "--help" "$E" circuit --help

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
