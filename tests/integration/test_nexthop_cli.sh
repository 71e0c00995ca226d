#!/bin/bash
# erwatch nexthop on the hand-written exports of tests/data/azure/routes:
# single answers (text and JSON), findings and exit codes, --expect,
# --nics, route table on top, batch CSV and JSON lines with a bad line
# (reported with file:line, exit 2, the other lines answered in order),
# stdin, and usage/input errors.
set -u

E=${ERWATCH:?ERWATCH not set}
D=${ERW_SRC_DIR:?ERW_SRC_DIR not set}/tests/data/azure/routes
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
expect_rc() {	# expect_rc WANT DESCRIPTION COMMAND...
	local want=$1 d=$2 rc
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq "$want" ]; then ok "$d (exit $rc)"; else ko "$d (exit $rc, want $want)"; cat "$tmp/err"; fi
}
check() { local d=$1; shift; if "$@"; then ok "$d"; else ko "$d"; fi; }
j() { jq -r "$1" "$tmp/out"; }

R=$D/effective-mixed.json

# --- single destination ---
expect_rc 1 "blackholed destination exits 1" "$E" nexthop --routes "$R" --dst 10.50.10.20 --json
check "nextHopType None" test "$(j .nextHopType)" = None
check "winner is the UDR" test "$(j .route.name)" = dc1-blackhole
check "ROUTE_NONE with evidence" test "$(j '.findings[] | select(.code=="ROUTE_NONE") | .evidence[0].path')" = /value/4/nextHopType
check "beaten gateway route is listed as invalid" \
    test "$(j '[.beaten[] | select(.source=="VirtualNetworkGateway") | .reason] | join(",")')" = invalid
check "ROUTE_BGP_OVERRIDDEN reported" test "$(j '[.findings[].code] | index("ROUTE_BGP_OVERRIDDEN") != null')" = true

expect_rc 0 "gateway destination exits 0" "$E" nexthop --routes "$R" --dst 10.70.1.1
check "text shows the next hop" grep -q "nextHopIpAddress  10.24.146.76" "$tmp/out"

expect_rc 1 "--expect another type exits 1" "$E" nexthop --routes "$R" --dst 10.70.1.1 --expect Internet --json
check "ROUTE_UNEXPECTED_NEXT_HOP" test "$(j '.findings[0].code')" = ROUTE_UNEXPECTED_NEXT_HOP
expect_rc 0 "--expect the right type (any case) exits 0" "$E" nexthop --routes "$R" --dst 10.70.1.1 --expect virtualnetworkgateway

expect_rc 0 "IPv6 destination" "$E" nexthop --routes "$R" --dst fd00:50:2::1 --json
check "IPv6 next hop" test "$(j .nextHopIpAddress)" = fd00:20::4

expect_rc 0 "VNet system route beats a more specific BGP route" "$E" nexthop --routes "$R" --dst 10.20.5.9 --json
check "VnetLocal wins" test "$(j .nextHopType)" = VnetLocal
check "BGP /24 beaten by the exception" test "$(j '.beaten[0].reason')" = system-route-wins

# appliance: known NIC with forwarding -> info only; unknown -> error
expect_rc 0 "appliance on a forwarding NIC" "$E" nexthop --routes "$R" --dst 10.60.1.1 --nics "$D/nic-fw.json" --json
check "ROUTE_VIA_APPLIANCE" test "$(j '[.findings[].code] | join(",")')" = "ROUTE_VIA_APPLIANCE,ROUTE_BGP_OVERRIDDEN"
expect_rc 1 "appliance not among the NICs" "$E" nexthop --routes "$R" "$D/route-table-fw.json" --dst 10.51.0.1 --nics "$D/nic-fw.json" --json
check "ROUTE_APPLIANCE_UNKNOWN (no NIC)" test "$(j '.findings[] | select(.code=="ROUTE_APPLIANCE_UNKNOWN") | .summary | test("none of the 1 NICs")')" = true
check "routeTableId from the route table" test "$(j .routeTableId | sed 's|.*/||')" = rt-test
expect_rc 1 "appliance NIC without IP forwarding" "$E" nexthop --routes "$R" "$D/route-table-fw.json" --dst 10.51.0.1 --nics "$D/nic-fw.json" "$D/nic-noforward.json" --json
check "ROUTE_APPLIANCE_UNKNOWN (forwarding off)" test "$(j '.findings[] | select(.code=="ROUTE_APPLIANCE_UNKNOWN") | .summary | test("forwarding disabled")')" = true

expect_rc 0 "route table alone: system defaults assumed" "$E" nexthop --routes "$D/route-table-fw.json" --dst 1.1.1.1 --json
check "systemRoutesAssumed" test "$(j .systemRoutesAssumed),$(j .nextHopType)" = true,Internet

expect_rc 1 "propagation disabled drops the gateway route" "$E" nexthop --routes "$D/effective-nobgp.json" --dst 10.50.1.1 --json
check "reason bgp-propagation-disabled" test "$(j '[.beaten[].reason] | index("bgp-propagation-disabled") != null')" = true

# --- batch ---
expect_rc 2 "batch with a bad line exits 2" "$E" nexthop --routes "$R" --batch "$D/batch.txt"
check "bad line named with file:line" grep -q "batch.txt:5: bad address" "$tmp/err"
printf 'None,,10.50.0.0/16\nVirtualAppliance,10.20.240.4,10.60.0.0/16\nERROR,,\nInternet,,0.0.0.0/0\nVirtualNetworkGateway,fd00:20::4,fd00:50::/32\nVnetLocal,,10.20.0.0/16\n' >"$tmp/want"
check "batch CSV answers in order" cmp -s "$tmp/out" "$tmp/want"
expect_rc 2 "batch JSON lines" "$E" nexthop --routes "$R" --batch "$D/batch.txt" --json
check "6 JSON lines" test "$(jq -s length "$tmp/out")" = 6
check "line numbers kept" test "$(jq -s -r 'map(.line) | join(",")' "$tmp/out")" = "2,4,5,6,7,8"
printf '10.70.0.1\n8.8.4.4\n' | "$E" nexthop --routes "$R" --batch - >"$tmp/out" 2>"$tmp/err"
rc=$?
check "batch from stdin (exit $rc)" test $rc -eq 0 -a "$(cat "$tmp/out" | tr '\n' ' ')" = "VirtualNetworkGateway,10.24.146.76,10.70.0.0/16 Internet,,0.0.0.0/0 "

# Answers are worked out once per longest match and lines read 64 at a
# time: the same answers across chunk boundaries, a comment in between,
# and the finding of a blackholed destination counted however often its
# prefix comes back.
for i in $(seq 1 100); do printf '10.70.0.%d\n# c\n10.50.10.%d\n' "$i" "$i"; done >"$tmp/many"
for i in $(seq 1 100); do printf 'VirtualNetworkGateway,10.24.146.76,10.70.0.0/16\nNone,,10.50.0.0/16\n'; done >"$tmp/want"
expect_rc 1 "200-line batch with blackholed lines exits 1" "$E" nexthop --routes "$R" --batch "$tmp/many"
check "200 answers in order" cmp -s "$tmp/out" "$tmp/want"
printf '10.50.10.20\n10.70.0.1\n' | "$E" nexthop --routes "$R" --batch - --json >"$tmp/out" 2>"$tmp/err"
rc=$?
check "JSON batch: finding on line 1 still exits 1 (exit $rc)" test $rc -eq 1 -a "$(jq -s -r 'map(.nextHopType) | join(",")' "$tmp/out")" = "None,VirtualNetworkGateway"

# After the first finding the exit code is 1 whatever follows, so later
# prefixes are not judged: a finding first or last, the answers the same.
printf '10.50.10.20\n10.70.0.1\n8.8.4.4\n' | "$E" nexthop --routes "$R" --batch - >"$tmp/out" 2>"$tmp/err"
rc=$?
check "CSV batch: finding on line 1, exit 1 (exit $rc)" test $rc -eq 1 -a "$(tr '\n' ' ' <"$tmp/out")" = "None,,10.50.0.0/16 VirtualNetworkGateway,10.24.146.76,10.70.0.0/16 Internet,,0.0.0.0/0 "
printf '10.70.0.1\n8.8.4.4\n10.50.10.20\n' | "$E" nexthop --routes "$R" --batch - >"$tmp/out" 2>"$tmp/err"
rc=$?
check "CSV batch: finding on the last line, exit 1 (exit $rc)" test $rc -eq 1 -a "$(tr '\n' ' ' <"$tmp/out")" = "VirtualNetworkGateway,10.24.146.76,10.70.0.0/16 Internet,,0.0.0.0/0 None,,10.50.0.0/16 "

# The batch is read in 1 MB blocks and cut into lines in place: lines
# cut by a block's end, CRLF and blanks, a last line without its newline,
# the 65,536-byte limit on each side (a line of exactly that many bytes
# is read, one byte more is refused and skipped to its end, however long),
# and a NUL, which ends the line's text as in a C string and no longer
# takes the next line with it.
pad=$(head -c 65526 /dev/zero | tr '\0' ' ')
{
	for i in $(seq 1 120000); do printf '10.70.0.%d\r\n' $((i % 250 + 1)); done
	printf ' 8.8.4.4 \t\n'
	printf '10.70.0.9%s\n' "$pad"				# 65,535 + ' '
	printf '10.70.0.9 %s\n' "$pad"				# 65,536: read
	printf '10.70.0.9  %s\n' "$pad"				# 65,537: refused
	printf '10.70.0.9%s%s\n' "$pad" "$pad"			# far longer
	printf '10.70.0.7\0junk\n8.8.8.8'			# NUL; no newline
} >"$tmp/blocks"
{
	for i in $(seq 1 120000); do printf 'VirtualNetworkGateway,10.24.146.76,10.70.0.0/16\n'; done
	printf 'Internet,,0.0.0.0/0\n'
	printf 'VirtualNetworkGateway,10.24.146.76,10.70.0.0/16\n'
	printf 'VirtualNetworkGateway,10.24.146.76,10.70.0.0/16\n'
	printf 'ERROR,,\nERROR,,\n'
	printf 'VirtualNetworkGateway,10.24.146.76,10.70.0.0/16\n'
	printf 'Internet,,0.0.0.0/0\n'
} >"$tmp/want"
check "batch over 1 MB blocks" test "$(wc -c <"$tmp/blocks")" -gt 1048576
expect_rc 2 "batch with over-long lines exits 2" "$E" nexthop --routes "$R" --batch "$tmp/blocks"
check "block-read answers in order" cmp -s "$tmp/out" "$tmp/want"
check "over-long lines named" test "$(grep -c 'blocks:12000[45]: line longer than 65536 bytes' "$tmp/err")" = 2
check "nothing else refused" test "$(wc -l <"$tmp/err")" = 2
expect_rc 2 "the same from stdin" sh -c '"$0" nexthop --routes "$1" --batch - <"$2"' "$E" "$R" "$tmp/blocks"
check "stdin answers in order" cmp -s "$tmp/out" "$tmp/want"

# --- errors ---
expect_rc 2 "no --routes" "$E" nexthop --dst 10.0.0.1
expect_rc 2 "bad --dst" "$E" nexthop --routes "$R" --dst 10.0.0.300
expect_rc 2 "bad --expect" "$E" nexthop --routes "$R" --dst 10.0.0.1 --expect 'a,b'
expect_rc 2 "missing file" "$E" nexthop --routes "$tmp/nope.json" --dst 10.0.0.1
expect_rc 2 "bad prefix in an export" "$E" nexthop --routes "$D/effective-bad-prefix.json" --dst 10.0.0.1
check "error names file, line and pointer" grep -q "effective-bad-prefix.json:4:.*/value/1/addressPrefix" "$tmp/err"
expect_rc 2 "wrong kind of export" "$E" nexthop --routes "$D/nic-fw.json" --dst 10.0.0.1
expect_rc 0 "--help" "$E" nexthop --help

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
