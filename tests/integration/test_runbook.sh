#!/bin/bash
# erwatch runbook: for every router vendor and for the az and PowerShell
# shapes of a circuit export, the runbook holds both paths' /30s,
# addresses, VLAN and ASNs and the vendor's own commands toward each
# Microsoft address; every erwatch command it prints names a real command
# and real options, and its circuit commands run on exports saved where
# the runbook says; the Markdown is well-formed; the HTML page loads in
# headless chromium with its code blocks and paths table; the planted
# sharedKey is in neither; bad input exits 2 and a failed write leaves
# no file.
set -u
: "${ERWATCH:?} ${ERW_SRC_DIR:?}"
E=$ERWATCH
S=$ERW_SRC_DIR
. "$S/tests/integration/lib_check.sh"
require_programs jq awk grep chromium
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { local d=$1; shift; if "$@"; then ok "$d"; else bad "$d"; fi; }

KEY=PlantedShared-Key9
az=$S/tests/data/config/circuit-md5.json
grep -q "$KEY" "$az" || { echo "FAIL fixture lost its sharedKey"; exit 1; }
# the PowerShell shape: Get-AzExpressRouteCircuit | ConvertTo-Json names
# every property in PascalCase
ps=$tmp/circuit-ps.json
jq 'walk(if type == "object" then with_entries(.key |= ((.[0:1] |
    ascii_upcase) + .[1:])) else . end)' "$az" >"$ps"
check "PowerShell shape has PascalCase keys" jq -e '.Peerings[0].SharedKey and .ServiceProviderProperties.PeeringLocation' "$ps" >/dev/null

# the vendor's distinctive commands, for 172.16.40.0/30 and .4/30, AS 65020
want() {
	case $1 in
	ios|iosxe) printf '%s\n' 'show ip bgp neighbors 172.16.40.2' \
	    'show ip arp 172.16.40.6' 'router bgp 65020' \
	    'neighbor 172.16.40.2 shutdown' 'no neighbor 172.16.40.6 shutdown' \
	    'Cisco IOS / IOS-XE' ;;
	nxos) printf '%s\n' 'show bgp ipv4 unicast neighbors 172.16.40.2' \
	    'show logging logfile | include BGP' 'router bgp 65020' \
	    'neighbor 172.16.40.6' 'no shutdown' 'Cisco NX-OS' ;;
	iosxr) printf '%s\n' 'show bgp neighbor 172.16.40.2 advertised-routes' \
	    'show arp | include 172.16.40.6' 'commit' 'Cisco IOS-XR' ;;
	junos) printf '%s\n' 'show route receive-protocol bgp 172.16.40.2' \
	    'show arp no-resolve | match 172.16.40.6' \
	    'deactivate protocols bgp group <group> neighbor 172.16.40.2' \
	    'activate protocols bgp group <group> neighbor 172.16.40.6' \
	    'Juniper Junos' ;;
	eos) printf '%s\n' 'show ip bgp neighbors 172.16.40.6 advertised-routes' \
	    'neighbor 172.16.40.2 shutdown' 'Arista EOS' ;;
	frr) printf '%s\n' "vtysh -c 'show bgp neighbors 172.16.40.2'" \
	    "vtysh -c 'configure terminal' -c 'router bgp 65020' -c 'neighbor 172.16.40.6 shutdown'" \
	    'ip neigh show 172.16.40.6' 'FRRouting' ;;
	bird) printf '%s\n' 'birdc disable <protocol>' 'birdc enable <protocol>' \
	    'birdc show route export <protocol>' 'ip neigh show 172.16.40.2' \
	    'BIRD 2' ;;
	esac
}

"$E" --dump-options >"$tmp/opts.json"
# every erwatch line of the Markdown's code blocks: a command and options
# it has (erwatch --dump-options is the option tables themselves)
erwatch_lines_ok() {
	local md=$1 line cmd o n=0
	while IFS= read -r line; do
		n=$((n + 1))
		read -r -a w <<<"$line"
		cmd=${w[1]}
		jq -e --arg c "$cmd" 'any(.commands[]; .name == $c)' "$tmp/opts.json" >/dev/null ||
		    { echo "  unknown command in: $line"; return 1; }
		for o in "${w[@]:2}"; do
			case $o in
			--*) jq -e --arg c "$cmd" --arg o "${o#--}" \
			    'any(.commands[] | select(.name == $c) | .options[]; .long == $o)' \
			    "$tmp/opts.json" >/dev/null ||
			    { echo "  unknown option $o in: $line"; return 1; } ;;
			-?) jq -e --arg c "$cmd" --arg o "${o#-}" \
			    'any(.commands[] | select(.name == $c) | .options[]; .short == $o)' \
			    "$tmp/opts.json" >/dev/null ||
			    { echo "  unknown option $o in: $line"; return 1; } ;;
			esac
		done
	done < <(awk '/^```/ { inb = !inb; next } inb && /^erwatch / { print }' "$md")
	[ $n -ge 10 ]
}
fences_balanced() {
	awk '/^```/ { n++ } END { exit n % 2 != 0 || n < 20 }' "$1"
}
headings_ok() {
	head -1 "$1" | grep -q '^# Runbook: erc-contoso-ams-01$' &&
	    ! awk '/^```/ { inb = !inb; next } !inb && /^#/ && !/^##* [^ ]/' "$1" | grep -q . &&
	    grep -q '^## Paths$' "$1" && grep -q '^## Yearly failover drill$' "$1" &&
	    grep -q '^## Handing it to support$' "$1"
}

for shape in az ps; do
	[ $shape = az ] && in=$az || in=$ps
	for v in ios iosxe nxos iosxr junos eos frr bird; do
		n=$shape-$v
		"$E" runbook --circuit "$in" --router-vendor $v -o "$tmp/$n.md" \
		    --html "$tmp/$n.html" >"$tmp/$n.out" 2>"$tmp/$n.err"
		check "$n: exit 0, nothing on stdout" test $? = 0 -a ! -s "$tmp/$n.out"
		check "$n: primary path row" grep -qF \
		    '| primary | 172.16.40.0/30 | 172.16.40.1 | 172.16.40.2 | 210 | 65020 | 12076 | yes |' "$tmp/$n.md"
		check "$n: secondary path row" grep -qF \
		    '| secondary | 172.16.40.4/30 | 172.16.40.5 | 172.16.40.6 | 210 | 65020 | 12076 | yes |' "$tmp/$n.md"
		check "$n: service key, location, bandwidth" grep -qF -e 'Amsterdam' "$tmp/$n.md"
		miss=
		while IFS= read -r c; do
			grep -qF -- "$c" "$tmp/$n.md" || miss="$miss [$c]"
		done < <(want $v)
		check "$n: the vendor's commands$miss" test -z "$miss"
		check "$n: no MD5 key in Markdown or HTML" bash -c \
		    "! grep -qF '$KEY' '$tmp/$n.md' '$tmp/$n.html' '$tmp/$n.err'"
		check "$n: fenced blocks balanced" fences_balanced "$tmp/$n.md"
		check "$n: headings" headings_ok "$tmp/$n.md"
		check "$n: every erwatch command and option exists" erwatch_lines_ok "$tmp/$n.md"
	done
done
check "both shapes give the same runbook" bash -c \
    "diff <(grep -v '^- \*\*export' '$tmp/az-frr.md') <(grep -v '^- \*\*export' '$tmp/ps-frr.md') >/dev/null"
check "the service key is there for support" grep -qF 'service key:** ' "$tmp/az-ios.md"
check "az commands filled in" grep -qF \
    'az network express-route list-arp-tables -g rg-net-hub-weu -n erc-contoso-ams-01 --peering-name AzurePrivatePeering --path secondary' "$tmp/az-ios.md"
check "PowerShell commands filled in" grep -qF \
    'Get-AzExpressRouteCircuitARPTable -ResourceGroupName rg-net-hub-weu -ExpressRouteCircuitName erc-contoso-ams-01 -PeeringType AzurePrivatePeering -DevicePath Primary' "$tmp/az-ios.md"

# the circuit commands run on exports saved where the runbook says
ev=$tmp/evidence
mkdir -p "$ev/azure" "$ev/router"
D=$S/tests/data/azure/circuit
cp "$D/circuit-ok.json" "$ev/azure/circuit.json"
cp "$D/stats.json" "$ev/azure/stats.json"
for p in primary secondary; do
	cp "$D/arp-ok-$p.json" "$ev/azure/arp-$p.json"
	cp "$D/summary-ok-$p.json" "$ev/azure/summary-$p.json"
	cp "$D/routes-$p.json" "$ev/azure/routes-$p.json"
done
ran=0 broke=
while IFS= read -r line; do
	(cd "$ev" && eval "\"$E\" ${line#erwatch }") >/dev/null 2>"$tmp/run.err"
	rc=$?
	ran=$((ran + 1))
	[ $rc -le 1 ] || broke="$broke [$line: exit $rc: $(head -1 "$tmp/run.err")]"
done < <(awk '/^```/ { inb = !inb; next } inb && /^erwatch circuit / { print }' "$tmp/az-ios.md" | sort -u)
check "the runbook's $ran erwatch circuit commands read the saved exports$broke" test $ran -ge 4 -a -z "$broke"

# a folder of exports as --circuit
"$E" runbook --circuit "$S/examples/azure" >"$tmp/dir.md" 2>"$tmp/dir.err"
check "a folder: exit 0, its circuit found" bash -c "test $? = 0 && grep -qF '192.168.77.2' '$tmp/dir.md'"
check "text and JSON renderings too" bash -c "'$E' runbook --circuit '$az' --json | jq -e '.paths.paths | length == 2 and .[0].md5 == true'"

# the HTML page in a real browser
if browse "$tmp/dom" --dump-dom "file://$tmp/az-junos.html"; then
	has "$tmp/dom" "HTML: code blocks" '<pre class="code"' 30
	has "$tmp/dom" "HTML: the paths table" '<td[^>]*>172.16.40.5</td>'
	has "$tmp/dom" "HTML: the drill" 'Yearly failover drill'
	has "$tmp/dom" "HTML: vendor commands" 'deactivate protocols bgp group'
	check "HTML: no MD5 key in the page the browser built" bash -c "! grep -qF '$KEY' '$tmp/dom'"
else
	bad "chromium --dump-dom: $(tail -3 "$tmp/browser.err")"
fi

# bad input
printf '\x00\x01garbage{{{' >"$tmp/garbage.json"
"$E" runbook --circuit "$tmp/garbage.json" >/dev/null 2>"$tmp/e1"
check "garbage: exit 2, the file named" bash -c "test $? = 2 && grep -q 'garbage.json' '$tmp/e1'"
"$E" runbook --circuit "$D/arp-ok-primary.json" >/dev/null 2>"$tmp/e2"
check "an ARP table, not a circuit: exit 2, said" bash -c "test $? = 2 && grep -qi 'circuit' '$tmp/e2'"
"$E" runbook --circuit "$tmp/none.json" >/dev/null 2>&1
check "missing file: exit 2" test $? = 2
mkdir -p "$tmp/empty"
"$E" runbook --circuit "$tmp/empty" >/dev/null 2>"$tmp/e3"
check "a folder without a circuit: exit 2, said" bash -c "test $? = 2 && grep -q 'no circuit export' '$tmp/e3'"
"$E" runbook --circuit "$az" --router-vendor cisco >/dev/null 2>&1
check "unknown vendor: exit 2" test $? = 2
"$E" runbook >/dev/null 2>&1
check "no --circuit: exit 2" test $? = 2
mkdir -p "$tmp/ro"
chmod 555 "$tmp/ro"
if [ -w "$tmp/ro" ]; then
	echo "skip unwritable folder: running as a user who writes anywhere"
else
	"$E" runbook --circuit "$az" -o "$tmp/ro/rb.md" >/dev/null 2>"$tmp/e4"
	check "unwritable -o: exit 3, said" bash -c "test $? = 3 && grep -q 'rb.md' '$tmp/e4'"
fi
if [ -w /dev/full ]; then
	"$E" runbook --circuit "$az" >/dev/full 2>"$tmp/e5"
	check "full disk on stdout: exit 3, said" bash -c "test $? = 3 && grep -q 'cannot write' '$tmp/e5'"
fi
check "no partial file left" bash -c "! ls '$tmp/ro' | grep -q ."

echo "$pass passed, $fail failed"
[ $fail = 0 ]
