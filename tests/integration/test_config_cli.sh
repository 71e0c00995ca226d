#!/bin/bash
# erwatch config: each dialect's healthy configuration passes against the
# corpus circuit (exit 0, CONFIG_OK on both paths), and each fault, made
# from the healthy file by one edit, yields its finding with the path in
# the subject and the right exit code, while the healthy file does not.
# Keys planted in the configs (clear, IOS type 7, Junos $9$, FRR, BIRD)
# and the circuit's sharedKey never appear in any output.  Input errors
# exit 2 naming the file.
set -u

E=${ERWATCH:?ERWATCH not set}
D=${ERW_SRC_DIR:?ERW_SRC_DIR not set}/tests/data/config
C=${ERW_SHARED_DIR:-$ERW_SRC_DIR/../shared}/corpus/azure/healthy/er-circuit.json
C_MD5=$D/circuit-md5.json
C_OK=$ERW_SRC_DIR/tests/data/azure/circuit/circuit-ok.json
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"
require_programs jq sed
[ -f "$C" ] || { echo "FAIL: corpus circuit $C missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }

# run NAME CIRCUIT FILE: JSON into $tmp/NAME.json, exit code into $rc
run() {
	"$E" config --json --circuit "$2" "$3" >"$tmp/$1.json" \
	    2>"$tmp/$1.err"
	rc=$?
}

# healthy: exit 0, CONFIG_OK for both paths, no warning or error
for f in ios/healthy.cfg junos-set/healthy.set junos/healthy.conf \
    frr/healthy.conf bird/healthy.conf eos/healthy.cfg nxos/healthy.cfg \
    xr/healthy.cfg; do
	n=${f%%/*}
	run "h_$n" "$C" "$D/$f"
	if [ $rc -eq 0 ] && json_check "$tmp/h_$n.json" '
	    ([.findings[] | select(.code == "CONFIG_OK") | .subject.path] |
	    sort) == ["primary", "secondary"] and
	    all(.findings[]; .severity == "info")'; then
		ok "$f healthy"
	else
		ko "$f healthy (exit $rc)"; cat "$tmp/h_$n.err"
		jq -c '.findings[] | [.code, .summary]' "$tmp/h_$n.json"
	fi
done

# faults: DIALECT|FILE|FAULT|CODE|EXIT|PATH|SED (applied to FILE)
faults='
ios|ios/healthy.cfg|wrong peer IP|CONFIG_PEER_IP_WRONG|1|primary|s/neighbor 172\.16\.40\.2 /neighbor 172.16.40.3 /
ios|ios/healthy.cfg|swapped|CONFIG_PEER_IP_WRONG|1|primary|s/ip address 172\.16\.40\.1 /ip address 172.16.40.2 /;s/neighbor 172\.16\.40\.2 /neighbor 172.16.40.1 /
ios|ios/healthy.cfg|subnet|CONFIG_SUBNET_MISMATCH|1|secondary|s/ip address 172\.16\.40\.5 255\.255\.255\.252/ip address 172.16.40.5 255.255.255.0/
ios|ios/healthy.cfg|VLAN mismatch|CONFIG_VLAN_MISMATCH|1|primary|0,/encapsulation dot1Q 210/s//encapsulation dot1Q 211/
ios|ios/healthy.cfg|QinQ inner tag mismatch|CONFIG_VLAN_MISMATCH|1|primary|0,/encapsulation dot1Q 210/s//encapsulation dot1Q 100 second-dot1q 211/
ios|ios/healthy.cfg|remote-as wrong|CONFIG_REMOTE_AS_WRONG|1|primary|s/172\.16\.40\.2 remote-as 12076/172.16.40.2 remote-as 12077/
ios|ios/healthy.cfg|reserved local AS|CONFIG_LOCAL_AS_WRONG|1|primary|s/^router bgp 65020/router bgp 65515/
ios|ios/healthy.cfg|timers aggressive|CONFIG_TIMERS_AGGRESSIVE|0|secondary|s/172\.16\.40\.6 timers 60 180/172.16.40.6 timers 3 9/
ios|ios/healthy.cfg|no BFD|CONFIG_NO_BFD|0|primary|/172\.16\.40\.2 fall-over bfd/d
ios|ios/healthy.cfg|no max-prefix|CONFIG_MAX_PREFIX_MISSING|0|primary|/172\.16\.40\.2 maximum-prefix/d;/172\.16\.40\.2 prefix-list TO-AZURE out/d
ios|ios/healthy.cfg|secondary missing|CONFIG_SECONDARY_MISSING|1|secondary|/neighbor 172\.16\.40\.6/d
ios|ios/healthy.cfg|default-originate|CONFIG_DEFAULT_ORIGINATE|0|primary|s/^  neighbor 172\.16\.40\.2 activate$/&\n  neighbor 172.16.40.2 default-originate/
ios|ios/healthy.cfg|MSS not clamped|CONFIG_MSS_NOT_CLAMPED|0|primary|0,/ ip tcp adjust-mss 1360/s// ip mtu 1400/
ios|ios/healthy.cfg|not activated|CONFIG_AF_NOT_ACTIVE|1|primary|/neighbor 172\.16\.40\.2 activate/d
ios|ios/healthy.cfg|neighbor shut down|CONFIG_NEIGHBOR_SHUTDOWN|1|secondary|s/^ neighbor 172\.16\.40\.6 fall-over bfd$/&\n neighbor 172.16.40.6 shutdown/
ios|ios/healthy.cfg|half-understood line|CONFIG_LINE_UNCLEAR|0|-|s/172\.16\.40\.6 timers 60 180/172.16.40.6 timers sixty/
junos-set|junos-set/healthy.set|wrong peer IP|CONFIG_PEER_IP_WRONG|1|primary|s/neighbor 172\.16\.40\.2 /neighbor 172.16.40.3 /
junos-set|junos-set/healthy.set|swapped|CONFIG_PEER_IP_WRONG|1|primary|s/address 172\.16\.40\.1\/30/address 172.16.40.2\/30/;s/neighbor 172\.16\.40\.2 /neighbor 172.16.40.1 /
junos-set|junos-set/healthy.set|VLAN mismatch|CONFIG_VLAN_MISMATCH|1|primary|0,/vlan-id 210/s//vlan-id 211/
junos-set|junos-set/healthy.set|QinQ inner tag mismatch|CONFIG_VLAN_MISMATCH|1|primary|0,/vlan-id 210/s//vlan-tags outer 100 inner 211/
junos-set|junos-set/healthy.set|remote-as wrong|CONFIG_REMOTE_AS_WRONG|1|secondary|s/peer-as 12076/peer-as 12077/
junos-set|junos-set/healthy.set|timers aggressive|CONFIG_TIMERS_AGGRESSIVE|0|primary|s/hold-time 180/hold-time 9/
junos-set|junos-set/healthy.set|no BFD|CONFIG_NO_BFD|0|primary|/bfd-liveness-detection/d
junos-set|junos-set/healthy.set|no max-prefix|CONFIG_MAX_PREFIX_MISSING|0|primary|/prefix-limit/d;/export TO-AZURE/d
junos-set|junos-set/healthy.set|secondary missing|CONFIG_SECONDARY_MISSING|1|secondary|/neighbor 172\.16\.40\.6/d
junos-set|junos-set/healthy.set|default route exported|CONFIG_DEFAULT_ORIGINATE|0|primary|s/export TO-AZURE/export DEFAULT-OUT/;$a set policy-options policy-statement DEFAULT-OUT term d from route-filter 0.0.0.0/0 exact
junos-set|junos-set/healthy.set|MSS not clamped|CONFIG_MSS_NOT_CLAMPED|0|primary|0,/mtu 1522/s//mtu 1414/
junos|junos/healthy.conf|wrong peer IP|CONFIG_PEER_IP_WRONG|1|primary|s/neighbor 172\.16\.40\.2 {/neighbor 172.16.40.3 {/
junos|junos/healthy.conf|VLAN mismatch|CONFIG_VLAN_MISMATCH|1|secondary|/xe-0\/0\/1 {/,/vlan-id/s/vlan-id 210;/vlan-id 211;/
junos|junos/healthy.conf|remote-as wrong|CONFIG_REMOTE_AS_WRONG|1|primary|s/peer-as 12076;/peer-as 12077;/
junos|junos/healthy.conf|timers aggressive|CONFIG_TIMERS_AGGRESSIVE|0|primary|s/hold-time 180;/hold-time 9;/
junos|junos/healthy.conf|no BFD|CONFIG_NO_BFD|0|primary|/bfd-liveness-detection {/,/^            }/d
junos|junos/healthy.conf|secondary missing|CONFIG_SECONDARY_MISSING|1|secondary|/neighbor 172\.16\.40\.6 {/,/^            }/d
junos|junos/healthy.conf|secondary inactive|CONFIG_SECONDARY_MISSING|1|secondary|s/^            neighbor 172\.16\.40\.6 {/            inactive: neighbor 172.16.40.6 {/
junos|junos/healthy.conf|default route exported|CONFIG_DEFAULT_ORIGINATE|0|secondary|s/export TO-AZURE;/export DEFAULT-OUT;/;s/^policy-options {$/&\n    policy-statement DEFAULT-OUT { term d { from { route-filter 0.0.0.0\/0 exact; } then accept; } }/
junos|junos/healthy.conf|MSS not clamped|CONFIG_MSS_NOT_CLAMPED|0|primary|0,/mtu 1522;/s//mtu 1414;/
frr|frr/healthy.conf|wrong peer IP|CONFIG_PEER_IP_WRONG|1|primary|s/neighbor 172\.16\.40\.2 /neighbor 172.16.40.3 /
frr|frr/healthy.conf|swapped|CONFIG_PEER_IP_WRONG|1|primary|s/ip address 172\.16\.40\.1\/30/ip address 172.16.40.2\/30/;s/neighbor 172\.16\.40\.2 /neighbor 172.16.40.1 /
frr|frr/healthy.conf|VLAN mismatch|CONFIG_VLAN_MISMATCH|1|primary|s/^interface eth1\.210$/interface eth1.211/
frr|frr/healthy.conf|remote-as wrong|CONFIG_REMOTE_AS_WRONG|1|primary|s/172\.16\.40\.2 remote-as 12076/172.16.40.2 remote-as 12077/
frr|frr/healthy.conf|timers aggressive|CONFIG_TIMERS_AGGRESSIVE|0|primary|s/timers 60 180/timers 3 9/
frr|frr/healthy.conf|no BFD|CONFIG_NO_BFD|0|secondary|/neighbor 172\.16\.40\.6 bfd$/d
frr|frr/healthy.conf|no max-prefix|CONFIG_MAX_PREFIX_MISSING|0|primary|/172\.16\.40\.2 maximum-prefix/d;/172\.16\.40\.2 prefix-list TO-AZURE out/d
frr|frr/healthy.conf|secondary missing|CONFIG_SECONDARY_MISSING|1|secondary|/neighbor 172\.16\.40\.6/d
frr|frr/healthy.conf|default-originate|CONFIG_DEFAULT_ORIGINATE|0|primary|s/^  neighbor 172\.16\.40\.2 maximum-prefix 1000$/&\n  neighbor 172.16.40.2 default-originate/
bird|bird/healthy.conf|wrong peer IP|CONFIG_PEER_IP_WRONG|1|primary|s/neighbor 172\.16\.40\.2 as/neighbor 172.16.40.3 as/
bird|bird/healthy.conf|swapped|CONFIG_PEER_IP_WRONG|1|primary|s/neighbor 172\.16\.40\.2 as/neighbor 172.16.40.1 as/
bird|bird/healthy.conf|remote-as wrong|CONFIG_REMOTE_AS_WRONG|1|secondary|s/172\.16\.40\.6 as 12076;/172.16.40.6 as 12077;/
bird|bird/healthy.conf|local AS wrong|CONFIG_LOCAL_AS_WRONG|1|primary|s/as 65020;/as 65021;/
bird|bird/healthy.conf|timers aggressive|CONFIG_TIMERS_AGGRESSIVE|0|primary|s/hold time 180;/hold time 9;/;s/keepalive time 60;/keepalive time 3;/
bird|bird/healthy.conf|no BFD|CONFIG_NO_BFD|0|primary|/bfd on;/d
bird|bird/healthy.conf|no max-prefix|CONFIG_MAX_PREFIX_MISSING|0|primary|/import limit/d;s/export filter to_azure;/export all;/
bird|bird/healthy.conf|secondary missing|CONFIG_SECONDARY_MISSING|1|secondary|/^protocol bgp msee_secondary/,/^}/d
bird|bird/healthy.conf|default route exported|CONFIG_DEFAULT_ORIGINATE|0|primary|s/export filter to_azure;/export where net = 0.0.0.0\/0;/
eos|eos/healthy.cfg|wrong peer IP|CONFIG_PEER_IP_WRONG|1|secondary|s/neighbor 172\.16\.40\.6 /neighbor 172.16.40.7 /
eos|eos/healthy.cfg|VLAN mismatch|CONFIG_VLAN_MISMATCH|1|primary|0,/dot1q vlan 210/s//dot1q vlan 211/
eos|eos/healthy.cfg|no max-prefix|CONFIG_MAX_PREFIX_MISSING|0|primary|/172\.16\.40\.2 maximum-routes/d;/172\.16\.40\.2 prefix-list TO-AZURE out/d
nxos|nxos/healthy.cfg|remote-as wrong (template)|CONFIG_REMOTE_AS_WRONG|1|secondary|s/    remote-as 12076/    remote-as 12077/
nxos|nxos/healthy.cfg|no BFD (template)|CONFIG_NO_BFD|0|primary|/^    bfd$/d
nxos|nxos/healthy.cfg|VLAN mismatch|CONFIG_VLAN_MISMATCH|1|secondary|/Ethernet1\/2\.210/,/encapsulation/s/dot1q 210/dot1q 211/
xr|xr/healthy.cfg|timers aggressive|CONFIG_TIMERS_AGGRESSIVE|0|primary|0,/timers 60 180/s//timers 3 9/
xr|xr/healthy.cfg|default-originate|CONFIG_DEFAULT_ORIGINATE|0|primary|0,/   maximum-prefix 1000 75/s//&\n   default-originate/
xr|xr/healthy.cfg|not activated|CONFIG_AF_NOT_ACTIVE|1|secondary|/^ neighbor 172\.16\.40\.6$/,/^ !$/{/address-family ipv4 unicast/,/maximum-prefix/d}
'
while IFS='|' read -r dia file fault code want path expr; do
	[ -n "$dia" ] || continue
	n=$(echo "$dia $fault" | tr -c 'a-zA-Z0-9\n' '_')
	ext=${file##*.}
	sed -e "$expr" "$D/$file" >"$tmp/$n.$ext"
	if cmp -s "$D/$file" "$tmp/$n.$ext"; then
		ko "$dia $fault: the edit changed nothing"; continue
	fi
	run "$n" "$C" "$tmp/$n.$ext"
	if [ "$path" = - ]; then
		filter='any(.findings[]; .code == $c)'
	else
		filter='any(.findings[]; .code == $c and .subject.path == $p and
		    .subject.object == "AzurePrivatePeering")'
	fi
	if [ $rc -eq "$want" ] && json_check "$tmp/$n.json" "$filter" \
	    --arg c "$code" --arg p "$path" &&
	    json_check "$tmp/h_$dia.json" 'all(.findings[]; .code != $c)' \
	    --arg c "$code"; then
		ok "$dia $fault: $code ($path, exit $rc)"
	else
		ko "$dia $fault: want $code on $path, exit $want (got $rc)"
		cat "$tmp/$n.err"
		jq -c '.findings[] | [.code, .subject.path, .summary]' \
		    "$tmp/$n.json"
	fi
done <<<"$faults"

# the swapped case says so
if json_check "$tmp/ios_swapped.json" 'any(.findings[];
    .code == "CONFIG_PEER_IP_WRONG" and (.summary | test("swapped")))'; then
	ok "swapped addresses are named as swapped"
else
	ko "swapped addresses are named as swapped"
fi
# QinQ with the right inner tag is not a mismatch
sed -e '0,/encapsulation dot1Q 210/s//encapsulation dot1Q 100 second-dot1q 210/' \
    "$D/ios/healthy.cfg" >"$tmp/qinq.cfg"
run qinq "$C" "$tmp/qinq.cfg"
if [ $rc -eq 0 ] && json_check "$tmp/qinq.json" '
    all(.findings[]; .code != "CONFIG_VLAN_MISMATCH") and
    any(.paths[0].rows[]; .setting == "VLAN" and
    (.on_premises | test("QinQ")))'; then
	ok "QinQ with inner tag = vlanId passes"
else
	ko "QinQ with inner tag = vlanId passes (exit $rc)"
fi

# MD5 against sharedKey presence, every dialect
for f in ios/md5.cfg junos-set/md5.set junos/md5.conf frr/md5.conf \
    bird/md5.conf; do
	n=$(echo "$f" | tr -c 'a-zA-Z0-9\n' '_')
	h=${f%%/*}/healthy.${f##*.}
	run "m5u_$n" "$C" "$D/$f"
	run_u=$rc
	run "m5m_$n" "$C_MD5" "$D/$h"
	run_m=$rc
	run "m5k_$n" "$C_MD5" "$D/$f"
	if [ $run_u -eq 1 ] && json_check "$tmp/m5u_$n.json" '
	    [.findings[] | select(.code == "CONFIG_MD5_UNEXPECTED")] |
	    length == 2' && [ $run_m -eq 1 ] &&
	    json_check "$tmp/m5m_$n.json" '[.findings[] |
	    select(.code == "CONFIG_MD5_MISSING")] | length == 2' &&
	    [ $rc -eq 0 ] && json_check "$tmp/m5k_$n.json" '
	    all(.findings[]; (.code | startswith("CONFIG_MD5")) | not)'; then
		ok "$f: MD5 unexpected / missing / matching"
	else
		ko "$f: MD5 unexpected ($run_u) / missing ($run_m) / matching ($rc)"
	fi
done

# the project's own circuit export: another /30, VLAN, ASN and SKU
sed -e 's/172\.16\.40\./192.168.50./g; s/\.210/.300/; s/dot1Q 210/dot1Q 300/; s/65020/64512/' \
    "$D/ios/healthy.cfg" >"$tmp/ckt_ok.cfg"
run ckt_ok "$C_OK" "$tmp/ckt_ok.cfg"
if [ $rc -eq 0 ] && json_check "$tmp/ckt_ok.json" '.cloud.prefix_limit ==
    10000 and .cloud.vlan == 300 and ([.findings[] |
    select(.code == "CONFIG_OK")] | length == 2)'; then
	ok "tests/data circuit (Premium, VLAN 300) with its config"
else
	ko "tests/data circuit (Premium, VLAN 300) with its config (exit $rc)"
fi
# and the corpus config against it: the neighbors are in no /30 of it
run ckt_wrong "$C_OK" "$D/ios/healthy.cfg"
if [ $rc -eq 1 ] && json_check "$tmp/ckt_wrong.json" '[.findings[] |
    select(.code == "CONFIG_PEER_IP_WRONG") | .subject.path] | sort ==
    ["primary", "secondary"]'; then
	ok "a config for another circuit: peer IP wrong on both paths"
else
	ko "a config for another circuit (exit $rc)"
fi

# text and HTML too; no planted key in any output
for f in ios/md5.cfg junos-set/md5.set junos/md5.conf frr/md5.conf \
    bird/md5.conf; do
	for ckt in "$C" "$C_MD5"; do
		"$E" config --circuit "$ckt" --html "$tmp/page.html" \
		    "$D/$f" >>"$tmp/all.out" 2>>"$tmp/all.out"
		cat "$tmp/page.html" >>"$tmp/all.out"
		"$E" config --json --circuit "$ckt" "$D/$f" \
		    >>"$tmp/all.out" 2>>"$tmp/all.out"
	done
done
# a key on a line the parser cannot read either
printf 'router bgp 65020\n neighbor 172.16.40.2 remote-as 12076\n neighbor 172.16.40.2 timers PlantedTimerKey\n neighbor 172.16.40.2 password\n' \
    >"$tmp/bad.cfg"
"$E" config --circuit "$C" "$tmp/bad.cfg" >>"$tmp/all.out" 2>&1
cat "$tmp"/*.json >>"$tmp/all.out"
if grep -q "CONFIG_LINE_UNCLEAR" "$tmp/all.out" &&
    ! grep -F -e 0822455D0A16544541 -e PlantedClearKey1 -e 'PlAnTeD9' \
    -e PlantedFrrKey7 -e PlantedBirdKey3 -e PlantedShared-Key9 \
    -e PlantedTimerKey "$tmp/all.out"; then
	ok "no key in any output (text, JSON, HTML, stderr)"
else
	ko "a key was printed (or nothing was run)"
fi

# input errors: exit 2, the file named
expect2() {
	local d=$1 pat=$2
	shift 2
	"$E" "$@" >"$tmp/o" 2>"$tmp/e"
	local r=$?
	if [ $r -eq 2 ] && grep -q -- "$pat" "$tmp/e"; then ok "$d (exit 2)"
	else ko "$d (exit $r)"; cat "$tmp/e"; fi
}
expect2 "missing config" "nosuch.cfg" config --circuit "$C" "$tmp/nosuch.cfg"
printf 'hello\nworld\n' >"$tmp/mail.txt"
expect2 "not a config" "mail.txt" config --circuit "$C" "$tmp/mail.txt"
expect2 "no --circuit" "circuit" config "$D/ios/healthy.cfg"
expect2 "circuit unreadable" "nosuch.json" config --circuit \
    "$tmp/nosuch.json" "$D/ios/healthy.cfg"
expect2 "unknown peering" "MicrosoftPeering" config --circuit "$C" \
    --peering MicrosoftPeering "$D/ios/healthy.cfg"
expect2 "unknown dialect" "dialect" config --circuit "$C" --dialect vyos \
    "$D/ios/healthy.cfg"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
