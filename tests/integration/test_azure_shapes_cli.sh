#!/bin/bash
# erwatch flow, nexthop and circuit on the ARM-shaped fixtures
# (tests/data/azure/arm): the verdicts equal those of the az CLI forms,
# and what the loaders say (AZ_EXPORT_INCOMPLETE for a nextLink or a
# Resource Graph page, AZ_ENTRY_SKIPPED for what was not read) shows in
# the text and the JSON output, with file and JSON pointer, and on stderr
# in --batch mode.
set -u
: "${ERWATCH:?} ${ERW_SRC_DIR:?}"
command -v jq >/dev/null || { echo "skip: jq missing"; exit 77; }
a="$ERW_SRC_DIR/tests/data/azure/arm"
r="$ERW_SRC_DIR/tests/data/azure/routes"
c="$ERW_SRC_DIR/tests/data/azure/circuit"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() {	# check DESCRIPTION COMMAND...: the command must succeed
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
# finding CODE JSON: the evidence path of the first finding CODE.
ev() { jq -r --arg c "$1" '[.findings[] | select(.code == $c)][0].evidence[0].path // "none"' "$2"; }

dns=(--direction out --protocol udp --local 10.20.9.4:5353 --remote 8.8.8.8:53)

# --- flow: the NSG's own deny rule decides in the ARM shape ---
"$ERWATCH" flow --nsg "$a/nsg-rest.json" "${dns[@]}" --json >"$tmp/f.json"
rc=$?
check "ARM NSG: deny rule decides (exit $rc)" test $rc = 1
check "ARM NSG: ruleName securityRules/deny-dns-out" \
    test "$(jq -r .ruleName "$tmp/f.json")" = securityRules/deny-dns-out

# --- flow: one page of an NSG list ---
"$ERWATCH" flow --nsg "$a/nsg-list-nextlink.json" "${dns[@]}" --json >"$tmp/p.json"
check "nextLink: same verdict" test "$(jq -r .ruleName "$tmp/p.json")" = \
    securityRules/deny-dns-out
check "nextLink: AZ_EXPORT_INCOMPLETE in JSON at /nextLink" \
    test "$(ev AZ_EXPORT_INCOMPLETE "$tmp/p.json")" = /nextLink
"$ERWATCH" flow --nsg "$a/nsg-graph-page.json" "${dns[@]}" >"$tmp/p.txt"
check "Resource Graph page: AZ_EXPORT_INCOMPLETE in text" \
    grep -q "AZ_EXPORT_INCOMPLETE" "$tmp/p.txt"
check "Resource Graph page: the text names the skip token" \
    grep -q '\$skipToken' "$tmp/p.txt"
echo "out,udp,10.20.9.4,5353,8.8.8.8,53" >"$tmp/b.csv"
"$ERWATCH" flow --nsg "$a/nsg-list-nextlink.json" --batch "$tmp/b.csv" \
    >"$tmp/b.out" 2>"$tmp/b.err"
check "batch: the note goes to stderr" grep -q "one page" "$tmp/b.err"
check "batch: the verdict is unchanged" grep -q "^Deny,securityRules/deny-dns-out" "$tmp/b.out"

# --- flow: effective entries without networkSecurityGroup.id ---
"$ERWATCH" flow --nsg "$a/effective-nsg-noid.json" --direction out \
    --protocol tcp --local 10.20.9.4:40179 --remote 10.50.0.1:179 --json \
    >"$tmp/e.json" 2>"$tmp/e.err"
check "no-id entries: the NIC's deny decides" \
    test "$(jq -r .ruleName "$tmp/e.json")" = securityRules/deny-bgp-out
check "no-id entries: nothing reported as already loaded" \
    eval '! grep -q "already loaded" "$tmp/e.err" "$tmp/e.json"'

# --- flow: the same NSG twice is said in the findings ---
"$ERWATCH" flow --nsg "$a/nsg-rest.json" --nsg "$a/nsg-graph-page.json" \
    "${dns[@]}" --json >"$tmp/d.json"
check "duplicate NSG: AZ_ENTRY_SKIPPED at /data/0" \
    test "$(ev AZ_ENTRY_SKIPPED "$tmp/d.json")" = /data/0

# --- flow: an NSG without a rule list is an input error ---
printf '{"name":"x","type":"Microsoft.Network/networkSecurityGroups","properties":{}}\n' >"$tmp/x.json"
"$ERWATCH" flow --nsg "$tmp/x.json" "${dns[@]}" >/dev/null 2>"$tmp/x.err"
rc=$?
check "NSG without rules: exit 2 (got $rc)" test $rc = 2
check "NSG without rules: the message names the file" grep -q "x.json" "$tmp/x.err"

# --- nexthop: route table in ARM shape, its tag UDR said ---
"$ERWATCH" nexthop --routes "$r/effective-mixed.json" "$a/route-table-rest.json" \
    --dst 10.51.4.15 --json >"$tmp/n.json"
"$ERWATCH" nexthop --routes "$r/effective-mixed.json" "$r/route-table-fw.json" \
    --dst 10.51.4.15 --json >"$tmp/n-az.json"
check "ARM route table: same answer as az" test \
    "$(jq -c '[.nextHopType, .nextHopIpAddress, .routeTableId]' "$tmp/n.json")" = \
    "$(jq -c '[.nextHopType, .nextHopIpAddress, .routeTableId]' "$tmp/n-az.json")"
check "ARM route table: AZ_ENTRY_SKIPPED for the tag UDR" \
    test "$(ev AZ_ENTRY_SKIPPED "$tmp/n.json")" = /properties/routes/1
"$ERWATCH" nexthop --routes "$a/route-table-rest.json" --dst 10.51.4.15 >"$tmp/n.txt"
check "ARM route table: AZ_ENTRY_SKIPPED in text" grep -q AZ_ENTRY_SKIPPED "$tmp/n.txt"
echo 10.51.4.15 | "$ERWATCH" nexthop --routes "$a/route-table-rest.json" \
    --batch - >/dev/null 2>"$tmp/nb.err"
check "nexthop batch: the note goes to stderr" grep -q "AzureCloud" "$tmp/nb.err"

# --- circuit: REST and template shapes judge like the az export ---
for p in primary secondary; do
	t+=(--arp-$p "$c/arp-ok-$p.json" --summary-$p "$c/summary-ok-$p.json")
done
"$ERWATCH" circuit --circuit "$c/circuit-ok.json" "${t[@]}" --json >"$tmp/c-az.json"
codes() { jq -r '[.findings[] | "\(.code)/\(.group // "-")"] | sort | join(" ")' "$1"; }
"$ERWATCH" circuit --circuit "$a/circuit-rest.json" "${t[@]}" --json >"$tmp/c.json"
check "ARM circuit: the same findings as az" test "$(codes "$tmp/c.json")" = "$(codes "$tmp/c-az.json")"
"$ERWATCH" circuit --circuit "$a/circuit-template.json" "${t[@]}" --json >"$tmp/ct.json"
check "template circuit: private peering read (no CIRCUIT_PEERING_DISABLED)" \
    test "$(jq '[.findings[] | select(.code == "CIRCUIT_PEERING_DISABLED")] | length' "$tmp/ct.json")" = 0
check "template circuit: the child not inline is AZ_ENTRY_SKIPPED" \
    test "$(ev AZ_ENTRY_SKIPPED "$tmp/ct.json")" = /resources/2
"$ERWATCH" circuit --circuit "$a/circuit-template.json" "${t[@]}" >"$tmp/ct.txt"
check "template circuit: AZ_ENTRY_SKIPPED in text" grep -q AZ_ENTRY_SKIPPED "$tmp/ct.txt"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
