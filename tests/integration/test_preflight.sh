#!/bin/bash
# erwatch preflight: the hand-written healthy exports (az, PowerShell and
# ARM shapes) pass with PREREQ_OK and exit 0; each fault, made by one
# edit of a healthy export, raises its PREREQ finding with the filled-in
# command, its subject and its evidence pointer, and the exit code of
# its severity; a missing export is said with the command that writes
# it; the SAS signature is never printed; bad input names the file and
# position, exits 2 and the rest is still judged; the HTML page loads in
# chromium; diagnose runs preflight on a folder with these exports and
# leaves its layer out of one without them.
set -u
: "${ERWATCH:?} ${ERW_SRC_DIR:?}"
E=$ERWATCH
S=$ERW_SRC_DIR
. "$S/tests/integration/lib_check.sh"
require_programs jq grep chromium
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

D=$S/tests/data/preflight
NOW=2026-03-10T09:00:00Z
SIG=Zm9vYmFyUExBTlRFRHNpZ25hdHVyZTEyMzQ1Ng
grep -q "$SIG" "$D/healthy-az/sas.txt" || { echo "FAIL fixture lost its SAS"; exit 1; }

# run NAME DIR [ARGS]: JSON into $tmp/NAME.json, text into NAME.txt,
# exit code into $rc
run() {
	local n=$1 d=$2
	shift 2
	"$E" preflight --now "$NOW" --json "$@" "$d" >"$tmp/$n.json" 2>"$tmp/$n.err"
	rc=$?
	"$E" preflight --now "$NOW" "$@" "$d" >"$tmp/$n.txt" 2>>"$tmp/$n.err"
}
codes() { jq -r '[.findings[].code] | unique | join(" ")' "$1"; }

for shape in az ps arm; do
	run "ok-$shape" "$D/healthy-$shape"
	check "$shape healthy: exit 0, PREREQ_OK and nothing else of note ($(codes "$tmp/ok-$shape.json"))" \
	    bash -c "test $rc = 0 && jq -e '([.findings[] | select(.severity != \"info\")] | length == 0) and ([.findings[] | select(.code == \"PREREQ_OK\")] | length == 1)' '$tmp/ok-$shape.json' >/dev/null"
done
check "az healthy: all nine checks made" grep -q '(9 checks)' "$tmp/ok-az.txt"
check "ps healthy: the NIC's subnet and the Windows VM read" \
    jq -e '.preflight.vms[0].name == "vm-bgptest-02" and .preflight.vms[0].os == "Windows" and .preflight.storage[0].default_action == "Deny"' "$tmp/ok-ps.json" >/dev/null

# fault NAME CODE RC SHAPE FILE JQ [FILE2 JQ2]: a copy of the healthy
# SHAPE folder with FILE edited by JQ (and FILE2 by JQ2) raises CODE and
# exits RC
fault() {
	local n=$1 code=$2 want=$3 shape=$4 file=$5 prog=$6
	rm -rf "$tmp/$n"
	cp -r "$D/healthy-$shape" "$tmp/$n"
	jq "$prog" "$D/healthy-$shape/$file" >"$tmp/$n/$file" || { bad "$n: jq"; return; }
	if [ $# -ge 8 ]; then
		jq "$8" "$D/healthy-$shape/$7" >"$tmp/$n/$7" || { bad "$n: jq"; return; }
	fi
	run "$n" "$tmp/$n"
	if [ $rc = "$want" ] && jq -e --arg c "$code" 'any(.findings[]; .code == $c)' "$tmp/$n.json" >/dev/null &&
	    ! jq -e 'any(.findings[]; .code == "PREREQ_OK")' "$tmp/$n.json" >/dev/null; then
		ok "$n: $code, exit $want"
	else
		bad "$n: want $code exit $want, got exit $rc: $(codes "$tmp/$n.json")"
	fi
}
# f NAME CODE: the first finding of CODE in NAME's JSON
f() { jq -c --arg c "$2" '[.findings[] | select(.code == $c)][0]' "$tmp/$1.json"; }
fix() { f "$1" "$2" | jq -e --arg s "$3" 'any(.evidence[]; (.note // "") | contains($s))' >/dev/null; }
ptr() { f "$1" "$2" | jq -e --arg p "$3" --arg fl "$4" 'any(.evidence[]; .path == $p and .file == $fl)' >/dev/null; }

fault watcher-missing PREREQ_WATCHER_MISSING 1 az watchers.json 'map(select(.location != "westeurope"))'
check "  the command for the region" fix watcher-missing PREREQ_WATCHER_MISSING 'az network watcher configure --locations westeurope --enabled true -g NetworkWatcherRG'
check "  about the VM" bash -c "f() { jq -c '[.findings[] | select(.code == \"PREREQ_WATCHER_MISSING\")][0].subject' '$tmp/watcher-missing.json'; }; f | jq -e '.object_kind == \"vm\" and .object == \"vm-bgptest-01\"' >/dev/null"
fault watcher-failed PREREQ_WATCHER_NOT_PROVISIONED 1 arm watchers.json '.value[0].properties.provisioningState = "Failed"'
check "  evidence: ARM's properties pointer" ptr watcher-failed PREREQ_WATCHER_NOT_PROVISIONED /value/0/properties/provisioningState watchers.json
fault ps-watcher-missing PREREQ_WATCHER_MISSING 1 ps watchers.json 'map(.Location = "northeurope")'
fault agent-missing PREREQ_AGENT_MISSING 1 az vm-extensions.json '.[0].name = "AzureMonitorLinuxAgent" | .[0].publisher = "Microsoft.Azure.Monitor" | .[0].typePropertiesType = "AzureMonitorLinuxAgent"'
check "  the command, for Linux" fix agent-missing PREREQ_AGENT_MISSING 'az vm extension set --publisher Microsoft.Azure.NetworkWatcher --name NetworkWatcherAgentLinux --vm-name vm-bgptest-01 -g rg-bgptest'
# (the PowerShell VM's instance view lists the agent too: dropped)
fault ps-agent-missing PREREQ_AGENT_MISSING 1 ps vm-extensions.json '.[0].Publisher = "Microsoft.Azure.Monitor" | .[0].ExtensionType = "AzureMonitorWindowsAgent"' vm.json '.InstanceView.Extensions = []'
check "  the command, for Windows" fix ps-agent-missing PREREQ_AGENT_MISSING '--name NetworkWatcherAgentWindows --vm-name vm-bgptest-02 -g rg-bgptest'
fault agent-failed PREREQ_AGENT_FAILED 1 az vm-extensions.json '.[0].provisioningState = "Failed"'
check "  evidence: its provisioningState" ptr agent-failed PREREQ_AGENT_FAILED /0/provisioningState vm-extensions.json
fault ps-agent-error PREREQ_AGENT_FAILED 1 ps vm.json '.InstanceView.Extensions[0].Statuses[0] |= (.Level = "Error" | .Message = "Enable failed: agent could not reach the service")'
check "  the instance view's message" bash -c "grep -q 'agent could not reach the service' '$tmp/ps-agent-error.txt'"
fault arm-agent-failed PREREQ_AGENT_FAILED 1 arm vm-extensions.json '.value[0].properties.provisioningState = "Failed"'
fault region PREREQ_STORAGE_REGION 1 az storage.json '.location = "northeurope" | .primaryLocation = "northeurope"'
check "  both locations as evidence" bash -c "f() { jq -c '[.findings[] | select(.code == \"PREREQ_STORAGE_REGION\")][0].evidence | map(.file)' '$tmp/region.json'; }; f | jq -e 'index(\"storage.json\") != null and index(\"vm.json\") != null' >/dev/null"
fault ps-region PREREQ_STORAGE_REGION 1 ps storage.json '.Location = "North Europe"'
fault shared-key PREREQ_STORAGE_SHARED_KEY 1 az storage.json '.allowSharedKeyAccess = false'
check "  the command" fix shared-key PREREQ_STORAGE_SHARED_KEY 'az storage account update --allow-shared-key-access true -n stbgpcapweu01 -g rg-bgptest'
check "  evidence pointer" ptr shared-key PREREQ_STORAGE_SHARED_KEY /allowSharedKeyAccess storage.json
fault ps-shared-key PREREQ_STORAGE_SHARED_KEY 1 ps storage.json '.AllowSharedKeyAccess = false'
fault arm-shared-key PREREQ_STORAGE_SHARED_KEY 1 arm storage.json '.properties.allowSharedKeyAccess = false'
check "  ARM pointer" ptr arm-shared-key PREREQ_STORAGE_SHARED_KEY /properties/allowSharedKeyAccess storage.json
fault http PREREQ_STORAGE_HTTP 0 az storage.json '.supportsHttpsTrafficOnly = false'
check "  a warning: exit 0" test $rc = 0
fault ps-http PREREQ_STORAGE_HTTP 0 ps storage.json '.EnableHttpsTrafficOnly = false'
fault tls PREREQ_STORAGE_TLS 0 az storage.json '.minimumTlsVersion = "TLS1_0"'
check "  the command" fix tls PREREQ_STORAGE_TLS 'az storage account update --min-tls-version TLS1_2 -n stbgpcapweu01 -g rg-bgptest'
fault net-deny PREREQ_STORAGE_NETWORK_DENY 1 az storage.json '.networkRuleSet.virtualNetworkRules[0].virtualNetworkResourceId |= sub("snet-bgptest"; "snet-other")'
check "  the VM's subnet named, the command by VNet and subnet" fix net-deny PREREQ_STORAGE_NETWORK_DENY 'az storage account network-rule add -g rg-bgptest --account-name stbgpcapweu01 --vnet-name vnet-bgptest --subnet snet-bgptest'
fault ps-net-deny PREREQ_STORAGE_NETWORK_DENY 1 ps storage.json '.NetworkRuleSet.VirtualNetworkRules = []'
fault arm-public-off PREREQ_STORAGE_NETWORK_DENY 1 arm storage.json '.properties.publicNetworkAccess = "Disabled"'
rm -rf "$tmp/pe"; cp -r "$D/healthy-arm" "$tmp/pe"
jq '.properties.publicNetworkAccess = "Disabled" | .properties.networkAcls.virtualNetworkRules = [] | .properties.privateEndpointConnections = [{"id": "pe1", "properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}]' "$D/healthy-arm/storage.json" >"$tmp/pe/storage.json"
run pe "$tmp/pe"
check "an approved private endpoint lets the VM in: PREREQ_OK, exit 0" bash -c "test $rc = 0 && jq -e 'any(.findings[]; .code == \"PREREQ_OK\")' '$tmp/pe.json' >/dev/null"

# reachability through the flow and next-hop engines
fault nsg-deny PREREQ_STORAGE_NSG_DENY 1 az effective-nsg.json '.value[0].effectiveSecurityRules[0].access = "Deny"'
check "  the deciding rule and the flow" bash -c "grep -q 'allow-storage-weu-443 denies Outbound Tcp 10.20.9.4:49152 -> 20.38.108.1:443' '$tmp/nsg-deny.txt'"
check "  evidence: the rule's pointer" ptr nsg-deny PREREQ_STORAGE_NSG_DENY /value/0/effectiveSecurityRules/0 effective-nsg.json
check "  subject: the two ends" bash -c "jq -e '[.findings[] | select(.code == \"PREREQ_STORAGE_NSG_DENY\")][0].subject | .local == \"10.20.9.4\" and .peer == \"20.38.108.1\" and .peer_port == 443' '$tmp/nsg-deny.json' >/dev/null"
fault nsg-default-deny PREREQ_STORAGE_NSG_DENY 1 az effective-nsg.json 'del(.value[0].effectiveSecurityRules[0])'
check "  without the allow rule the deny of Internet decides" grep -q 'deny-internet-out denies' "$tmp/nsg-default-deny.txt"
fault no-route PREREQ_STORAGE_NO_ROUTE 1 az effective-routes.json '.value += [{"addressPrefix": ["20.38.108.0/23"], "nextHopIpAddress": [], "nextHopType": "None", "name": "blackhole-storage", "source": "User", "state": "Active"}]'
check "  the route named" grep -q '20.38.108.0/23 User blackhole-storage' "$tmp/no-route.txt"
fault detour PREREQ_STORAGE_ROUTE_DETOUR 0 az effective-routes.json '.value += [{"addressPrefix": ["0.0.0.0/0"], "nextHopIpAddress": ["10.20.1.4"], "nextHopType": "VirtualAppliance", "name": "default-to-fw", "source": "User", "state": "Active"}] | (.value[] | select(.source == "Default" and .addressPrefix[0] == "0.0.0.0/0") | .state) = "Invalid"'
check "  the appliance named" grep -q 'goes to VirtualAppliance 10.20.1.4' "$tmp/detour.txt"
fault no-tag PREREQ_NOT_JUDGED 0 az effective-nsg.json 'del(.value[0].tagMap["Storage.WestEurope"])'
check "  says how to find the address" fix no-tag PREREQ_NOT_JUDGED 'nslookup stbgpcapweu01.blob.core.windows.net'
run storage-ip "$tmp/no-tag" --storage-ip 52.239.141.9
check "  --storage-ip: judged again, OK" bash -c "test $rc = 0 && jq -e 'any(.findings[]; .code == \"PREREQ_OK\")' '$tmp/storage-ip.json' >/dev/null"
run storage-ip-deny "$tmp/nsg-deny" --storage-ip 52.239.141.9
check "  --storage-ip: the deny found at that address" grep -q -- '-> 52.239.141.9:443' "$tmp/storage-ip-deny.txt"

# exports missing: not judged, with the command
miss() {
	local n=$1 file=$2 cmd=$3
	rm -rf "$tmp/$n"
	cp -r "$D/healthy-az" "$tmp/$n"
	rm "$tmp/$n/$file"
	run "$n" "$tmp/$n"
	if [ $rc = 0 ] && f "$n" PREREQ_NOT_JUDGED | jq -e --arg c "$cmd" 'any(.evidence[]; (.note // "") | startswith($c))' >/dev/null &&
	    ! jq -e 'any(.findings[]; .code == "PREREQ_OK")' "$tmp/$n.json" >/dev/null; then
		ok "without $file: not judged, '$cmd'"
	else
		bad "without $file: exit $rc $(jq -c '[.findings[] | select(.code == "PREREQ_NOT_JUDGED") | .evidence[0].note]' "$tmp/$n.json")"
	fi
}
miss no-watchers watchers.json 'az network watcher list'
miss no-exts vm-extensions.json 'az vm extension list -g rg-bgptest --vm-name vm-bgptest-01'
miss no-storage storage.json 'az storage account show'
miss no-nsg effective-nsg.json 'az network nic list-effective-nsg -g rg-bgptest -n nic-bgptest-01'
miss no-routes effective-routes.json 'az network nic show-effective-route-table -g rg-bgptest -n nic-bgptest-01'
miss no-vm vm.json 'az vm show -d'
check "  each gap said once" bash -c "jq -e '[.findings[] | select(.code == \"PREREQ_NOT_JUDGED\") | .summary] | length == (unique | length)' '$tmp/no-nsg.json' >/dev/null"

# the SAS: in the folder or --sas-file, never its signature
rm -rf "$tmp/sas-other"; cp -r "$D/healthy-az" "$tmp/sas-other"
printf '%s\n' "https://stother01.blob.core.windows.net/captures?sv=2022-11-02&sr=c&sp=cw&se=2026-03-10T20:00:00Z&spr=https&sig=$SIG" >"$tmp/sas-other/sas.txt"
run sas-other "$tmp/sas-other"
check "SAS of another account: PREREQ_SAS_OTHER_ACCOUNT" jq -e 'any(.findings[]; .code == "PREREQ_SAS_OTHER_ACCOUNT")' "$tmp/sas-other.json" >/dev/null
rm -rf "$tmp/sas-exp"; cp -r "$D/healthy-az" "$tmp/sas-exp"
sed 's/se=2026-03-10T20:00:00Z/se=2026-03-10T08:30:00Z/' "$D/healthy-az/sas.txt" >"$tmp/sas-exp/sas.txt"
run sas-exp "$tmp/sas-exp"
check "an expired SAS in the folder: SAS_EXPIRED, exit 1" bash -c "test $rc = 1 && jq -e 'any(.findings[]; .code == \"SAS_EXPIRED\" and .evidence[0].file == \"sas.txt\")' '$tmp/sas-exp.json' >/dev/null"
mkdir -p "$tmp/sasfile"
sed 's/sp=cw/sp=rwdl/' "$D/healthy-az/sas.txt" >"$tmp/sasfile/url"
run sasfile "$D/healthy-az" --sas-file "$tmp/sasfile/url"
check "--sas-file: judged beside the folder's" bash -c "jq -e '[.findings[] | select(.code == \"SAS_OK\" or .code == \"SAS_PERMISSIONS_EXCESS\")] | length == 2' '$tmp/sasfile.json' >/dev/null"
check "no output holds the signature" bash -c "! grep -rqF '$SIG' '$tmp'/*.json '$tmp'/*.txt '$tmp'/*.err"

# bad input: the file and position, exit 2, the rest judged
rm -rf "$tmp/badin"; cp -r "$D/healthy-az" "$tmp/badin"
head -c 700 "$D/healthy-az/storage.json" >"$tmp/badin/storage.json"
printf '\x00\x01garbage{{{' >"$tmp/badin/junk.bin"
printf '{ "value": [ { "location": 7 } ] }' >"$tmp/badin/odd.json"
jq '.[0].provisioningState = 3' "$D/healthy-az/vm-extensions.json" >"$tmp/badin/vm-extensions.json"
run badin "$tmp/badin"
check "bad input: exit 2" test $rc = 2
check "  truncated JSON: file, line and column" grep -Eq "storage\.json:[0-9]+:[0-9]+: .*(end|premature)" "$tmp/badin.err"
check "  garbage named" grep -q "junk.bin" "$tmp/badin.err"
check "  a field of the wrong type: file and pointer" grep -q "vm-extensions.json.*provisioningState" "$tmp/badin.err"
check "  the rest judged: watchers and VM, storage not judged" bash -c "jq -e '(.preflight.vms | length == 1) and (.preflight.watchers | length == 2) and any(.findings[]; .code == \"PREREQ_NOT_JUDGED\")' '$tmp/badin.json' >/dev/null"
"$E" preflight "$tmp/none" >/dev/null 2>"$tmp/e1"
check "a missing folder: exit 2, named" bash -c "test $? = 2 && grep -q none '$tmp/e1'"
"$E" preflight >/dev/null 2>&1
check "no folder: exit 2" test $? = 2
"$E" preflight --storage-ip bogus "$D/healthy-az" >/dev/null 2>&1
check "a bad --storage-ip: exit 2" test $? = 2

# the HTML page in a real browser
"$E" preflight --now "$NOW" --html "$tmp/nsg.html" "$tmp/nsg-deny" >/dev/null 2>&1
if browse "$tmp/dom" --dump-dom "file://$tmp/nsg.html"; then
	has "$tmp/dom" "HTML: the VM table" '<td[^>]*>vm-bgptest-01</td>'
	has "$tmp/dom" "HTML: the finding" 'PREREQ_STORAGE_NSG_DENY'
	has "$tmp/dom" "HTML: the filled-in command" 'az network nsg rule create -g rg-bgptest --nsg-name nsg-nic-bgptest-01'
	check "HTML: no signature" bash -c "! grep -qF '$SIG' '$tmp/dom' '$tmp/nsg.html'"
else
	bad "chromium --dump-dom: $(tail -3 "$tmp/browser.err")"
fi

# diagnose: runs preflight on the exports, its layer absent without them
C=$S/tests/data/azure/circuit
mkdir -p "$tmp/diag/azure"
cp "$C/circuit-ok.json" "$tmp/diag/azure/circuit.json"
"$E" diagnose --json "$tmp/diag" >"$tmp/diag0.json" 2>/dev/null
check "diagnose without the exports: no preflight layer" bash -c "jq -e '[.layers[] | .layer] | index(\"preflight\") == null' '$tmp/diag0.json' >/dev/null"
cp "$tmp/shared-key"/* "$tmp/diag/azure/"
"$E" diagnose --json "$tmp/diag" >"$tmp/diag1.json" 2>/dev/null
check "diagnose with them: PREREQ_STORAGE_SHARED_KEY in the preflight layer" bash -c "jq -e 'any(.findings[]; .code == \"PREREQ_STORAGE_SHARED_KEY\") and any(.layers[]; .layer == \"preflight\" and .evidence > 0)' '$tmp/diag1.json' >/dev/null"
check "diagnose: the SAS file recognised, its signature not printed" bash -c "jq -e 'any(.evidence[]; .kind == \"sas-url\" and .analyzer == \"preflight\")' '$tmp/diag1.json' >/dev/null && ! grep -qF '$SIG' '$tmp/diag1.json'"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
