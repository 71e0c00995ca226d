#!/bin/bash
# erwatch diagnose DIR on evidence folders assembled here from the
# testbed's captures and router recordings (tests/data) and the Azure
# corpus (../shared/corpus): a healthy folder, failing ones (NSG deny,
# wrong peer IP, hold timer, MD5, BGP down), one kind of evidence only, an
# empty folder, garbage, binary and UTF-16 files in router/, misleading
# extensions recognised by content, a table of unknown path, context.json
# filling the collection commands, --init, and the exit codes.
set -u

E=${ERWATCH:?ERWATCH not set}
T=${ERW_SRC_DIR:?ERW_SRC_DIR not set}/tests/data
C=${ERW_SHARED_DIR:?ERW_SHARED_DIR not set}/corpus
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"
require_programs jq
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
	if [ $rc -eq "$want" ]; then ok "$d (exit $rc)"; else
		ko "$d (exit $rc, want $want)"; cat "$tmp/err"; fi
}
check() { local d=$1; shift; if "$@"; then ok "$d"; else ko "$d"; fi; }

# azure SCENARIO DIR: the corpus scenario's exports and commands.txt
# (expected.json is the answer, not evidence)
azure() {
	mkdir -p "$2/azure"
	cp -r "$C/azure/$1/." "$2/azure/"
	rm -f "$2/azure/expected.json"
}
pcap() { mkdir -p "$2/pcap"; cp "$C/pcap/$1/capture.pcap"* "$2/pcap/"; }
router() { mkdir -p "$2/router"; cp "$T/router/$1/$3" "$2/router/"; }
has_code() { json_check "$1" "any(.findings[]; .code == \"$2\")"; }
# cause_is FILE CAUSE TEXT: the best hypothesis is CAUSE, its summary or
# supporting codes mention TEXT, and the verdict says the same.
cause_is() {
	json_check "$1" ".hypotheses[0].cause == \"$2\" and
	    .verdict.cause == \"$2\" and .hypotheses[0].confidence > 0.4 and
	    ((.hypotheses[0].summary | contains(\"$3\")) or
	     (.hypotheses[0].supporting | index(\"$3\")))"
}
layer_is() {
	json_check "$1" "any(.layers[]; .layer == \"$2\" and .state == \"$3\")"
}

# ---- healthy: every layer has evidence and none has a fault ----------
h=$tmp/healthy
azure healthy "$h"
pcap 02_healthy_default_timers "$h"
router established "$h" frr_summary.txt
router established "$h" bird_protocols.txt
expect_rc 0 "healthy folder" "$E" diagnose --json "$h"
cp "$tmp/out" "$tmp/healthy.json"
check "healthy: layers in playbook order" json_check "$tmp/healthy.json" \
    '[.layers[].layer] == ["circuit","arp","bgp","nsg","routing","packets","monitor"]'
check "healthy: every layer ok (no monitor history given)" json_check \
    "$tmp/healthy.json" 'all(.layers[] | select(.layer != "monitor");
    .state == "ok") and (.layers[] | select(.layer == "monitor") | .state ==
    "no-evidence")'
check "healthy: the verdict is healthy, no fault ranked" json_check \
    "$tmp/healthy.json" '.verdict.cause == "healthy" and
    .verdict.fault == false and all(.hypotheses[]; .fault == false)'
check "healthy: no error finding" json_check "$tmp/healthy.json" \
    'all(.findings[]; .severity != "error")'
check "healthy: CIRCUIT_HEALTHY and BGP_ESTABLISHED" bash -c \
    "jq -e '[.findings[].code] | index(\"CIRCUIT_HEALTHY\") and \
    index(\"BGP_ESTABLISHED\") and index(\"ROUTER_BGP_ESTABLISHED\")' \
    '$tmp/healthy.json' >/dev/null"
check "healthy: each file's analyzer" json_check "$tmp/healthy.json" \
    'any(.evidence[]; .file == "pcap/capture.pcap" and .kind == "capture"
     and .analyzer == "capture") and any(.evidence[]; .file ==
     "router/frr_summary.txt" and .analyzer == "router") and
     any(.evidence[]; .file == "azure/er-circuit.json" and .kind ==
     "circuit" and .analyzer == "circuit")'
check "healthy: path from commands.txt" json_check "$tmp/healthy.json" \
    'any(.evidence[]; .file == "azure/er-arp-secondary.json" and
     .path == "secondary")'
check "healthy: circuit facts" json_check "$tmp/healthy.json" \
    '.facts.circuit.name == "erc-contoso-ams-01" and
     .facts.circuit.service_key != "" and
     .facts.circuit.peering_location == "Amsterdam"'
check "healthy: peers learned with VLAN and path" json_check \
    "$tmp/healthy.json" 'any(.facts.peers[]; .peer == "172.16.40.2" and
     .vlan == 210 and .path == "primary" and .local_as == 65020)'
check "healthy: session and time range from the capture" json_check \
    "$tmp/healthy.json" 'any(.facts.sessions[]; .source == "capture" and
     .established) and any(.facts.time_ranges[]; .source == "capture")'
expect_rc 0 "healthy folder, text" "$E" diagnose "$h"
check "text: verdict, causes, layers, evidence, findings" bash -c \
    "grep -n '^verdict:\|^root causes\|^layers\|^evidence:\|^findings:' \
    '$tmp/out' | cut -d: -f2 | tr '\n' ' ' |
    grep -q 'verdict root causes (best first) layers (playbook order) evidence findings'"

# ---- failing folders ---------------------------------------------------
f=$tmp/nsg
azure nsg-blocks-179 "$f"
expect_rc 1 "NSG denies tcp/179" "$E" diagnose --json "$f"
check "nsg: best cause tcp179_blocked, by an NSG" cause_is "$tmp/out" \
    tcp179_blocked 'by an NSG'
check "nsg: NSG_DENY from the test-ip-flow command" has_code "$tmp/out" \
    NSG_DENY
check "nsg: nsg layer error, worst NSG_DENY" json_check "$tmp/out" \
    'any(.layers[]; .layer == "nsg" and .state == "error" and
     .worst.code == "NSG_DENY")'

f=$tmp/arp
azure arp-incomplete-swapped-peer-ip "$f"
pcap 14_wrong_peer_ip_arp "$f"
expect_rc 1 "wrong peer IP" "$E" diagnose --json "$f"
check "wrong peer IP: ARP_INCOMPLETE and ARP_UNANSWERED" bash -c \
    "jq -e '[.findings[].code] | index(\"ARP_INCOMPLETE\") and \
    index(\"ARP_UNANSWERED\")' '$tmp/out' >/dev/null"
check "wrong peer IP: arp layer error" layer_is "$tmp/out" arp error
check "wrong peer IP: best cause peer_ip_wrong" cause_is "$tmp/out" \
    peer_ip_wrong ARP_INCOMPLETE

f=$tmp/hold
pcap 09_hold_timer_expired "$f"
expect_rc 1 "hold timer expired" "$E" diagnose --json "$f"
# the MSEE fell silent for longer than the hold time: as `erwatch pcap`
check "hold: BGP_KEEPALIVE_GAP in the bgp layer" json_check "$tmp/out" \
    'any(.findings[]; .code == "BGP_KEEPALIVE_GAP") and
     any(.layers[]; .layer == "bgp" and .state == "error")'
check "hold: best cause hold_timer_expiry" cause_is "$tmp/out" \
    hold_timer_expiry BGP_KEEPALIVE_GAP

f=$tmp/md5
router md5_mismatch "$f" frr_summary.txt
router vendor "$f" linux_kern.log
expect_rc 1 "router MD5 failure" "$E" diagnose --json "$f"
check "md5: best cause md5_mismatch" cause_is "$tmp/out" md5_mismatch \
    ROUTER_MD5_AUTH_FAILURE
check "md5: ROUTER_MD5_AUTH_FAILURE in the bgp layer" json_check "$tmp/out" \
    'any(.findings[]; .code == "ROUTER_MD5_AUTH_FAILURE") and
     any(.layers[]; .layer == "bgp" and .state == "error")'

f=$tmp/bgpdown
azure bgp-down-arp-ok "$f"
expect_rc 1 "BGP down on the circuit" "$E" diagnose --json "$f"
check "bgp down: CIRCUIT_BGP_DOWN is the bgp layer's worst" json_check \
    "$tmp/out" 'any(.layers[]; .layer == "bgp" and .state == "error")'

# ---- Azure exports saved as text (PowerShell 5.1 UTF-16, az table) ----
f=$tmp/aztext
mkdir -p "$f/azure"
cp "$T/azure/text/circuit.ps51.txt" "$T/azure/text/arp.ps51.txt" \
    "$T/azure/text/effective-routes.az-table.txt" "$f/azure/"
"$E" diagnose --json "$f" >"$tmp/out" 2>/dev/null
check "text exports: recognised by content as Azure exports" json_check "$tmp/out" \
    '[.evidence[] | select(.analyzer != null)] | length == 3'
check "text exports: the ARP table's path from the pasted command" json_check "$tmp/out" \
    'any(.evidence[]; .file == "azure/arp.ps51.txt" and .kind == "arp-table" and .path != null)'
check "text exports: circuit and routing layers have evidence" json_check "$tmp/out" \
    'any(.layers[]; .layer == "circuit" and .evidence > 0) and
     any(.layers[]; .layer == "routing" and .evidence > 0)'

# ---- one kind of evidence: the other layers name their commands -------
f=$tmp/onlyrouter
router established "$f" frr_summary.txt
expect_rc 0 "only a router output" "$E" diagnose --json "$f"
check "only router: circuit layer without evidence names az" json_check \
    "$tmp/out" 'any(.layers[]; .layer == "circuit" and
     .state == "no-evidence" and any(.collect[];
     startswith("az network express-route show -g <resource-group>")))'
check "only router: capture command carries the peer learned" json_check \
    "$tmp/out" 'any(.layers[]; .layer == "packets" and
     any(.collect[]; test("erwatch capture .*172\\.16\\.0\\.2")))'
cat >"$f/context.json" <<'EOF'
{"circuit": "erc-test-01", "resource_group": "rg-test", "nic": "nic-vm-1"}
EOF
expect_rc 0 "only a router output, with context.json" "$E" diagnose \
    --json "$f"
check "context fills circuit, group and NIC" json_check "$tmp/out" \
    'any(.layers[]; .layer == "circuit" and any(.collect[];
     . == "az network express-route show -g rg-test -n erc-test-01 > azure/circuit.json"))
     and any(.layers[]; .layer == "nsg" and any(.collect[];
     test("list-effective-nsg -g rg-test -n nic-vm-1")))'
check "context is recognised by its keys" json_check "$tmp/out" \
    'any(.evidence[]; .file == "context.json" and .kind == "context")'
expect_rc 0 "text names the commands" "$E" diagnose "$f"
check "text: no-evidence layer followed by its command" \
    grep -q 'az network express-route show -g rg-test' "$tmp/out"

# ---- empty folder ------------------------------------------------------
mkdir "$tmp/empty"
expect_rc 2 "empty folder" "$E" diagnose --json "$tmp/empty"
check "empty: all layers without evidence, each with a command" json_check \
    "$tmp/out" 'all(.layers[]; .state == "no-evidence" and
     (.collect | length) > 0)'
check "empty: says no evidence" grep -q "no evidence recognised" "$tmp/err"

# ---- garbage, binary and UTF-16 in router/ -----------------------------
f=$tmp/garbage
mkdir -p "$f/router"
head -c 4096 /dev/urandom >"$f/router/dump.bin"
printf 'hello\nthis is not a router output\n' >"$f/router/notes.txt"
: >"$f/router/empty.txt"
printf '\x00\x01\x02\x03garbage\x00\xff' >"$f/router/small.bin"
cp "$T/router/vendor/junos_summary_utf16.txt" "$f/router/"
printf '{"foo": 1, "bar": [2]}\n' >"$f/router/other.json"
expect_rc 1 "garbage beside a UTF-16 Junos summary" "$E" diagnose --json "$f"
check "garbage: UTF-16 file read by the router analyzer" json_check \
    "$tmp/out" 'any(.evidence[]; .file == "router/junos_summary_utf16.txt"
     and .kind == "router" and .analyzer == "router")'
check "garbage: binary, text, empty, unknown JSON unrecognised with reason" \
    json_check "$tmp/out" '[.evidence[] | select(.kind == "unrecognised" and
     .analyzer == null and .detail != "")] | length == 5'
check "garbage: binary named" json_check "$tmp/out" \
    'any(.evidence[]; .file == "router/dump.bin" and
     (.detail | startswith("binary")))'
check "garbage: unknown JSON names its keys" json_check "$tmp/out" \
    'any(.evidence[]; .file == "router/other.json" and
     (.detail | test("keys: foo, bar")))'
check "garbage: EVIDENCE_UNRECOGNISED per skipped file" json_check \
    "$tmp/out" '[.findings[] | select(.code == "EVIDENCE_UNRECOGNISED")] |
     length == 5'

# ---- misleading extensions ---------------------------------------------
f=$tmp/names
mkdir -p "$f/router" "$f/pcap"
cp "$C/pcap/02_healthy_default_timers/capture.pcap" "$f/router/show.txt"
cp "$C/azure/healthy/er-circuit.json" "$f/pcap/trace.pcap"
cp "$C/pcap/17c_pcapng/capture.pcapng" "$f/capture.json"
cp "$T/router/established/frr_summary.txt" "$f/pcap/frr.pcapng"
expect_rc 0 "misleading extensions" "$E" diagnose --json "$f"
check "names: pcap named .txt is a capture" json_check "$tmp/out" \
    'any(.evidence[]; .file == "router/show.txt" and .kind == "capture"
     and .detail == "pcap")'
check "names: pcapng named .json is a capture" json_check "$tmp/out" \
    'any(.evidence[]; .file == "capture.json" and .kind == "capture"
     and .detail == "pcapng")'
check "names: JSON named .pcap is the circuit" json_check "$tmp/out" \
    'any(.evidence[]; .file == "pcap/trace.pcap" and .kind == "circuit")'
check "names: router output named .pcapng" json_check "$tmp/out" \
    'any(.evidence[]; .file == "pcap/frr.pcapng" and .kind == "router")'

# ---- a per-path table nothing names the path of ------------------------
f=$tmp/nopath
mkdir -p "$f"
cp "$C/azure/healthy/er-circuit.json" "$f/c.json"
cp "$C/azure/healthy/er-arp-primary.json" "$f/table1.json"
expect_rc 0 "ARP table of unknown path" "$E" diagnose --json "$f"
check "nopath: EVIDENCE_PATH_UNKNOWN names the file" json_check "$tmp/out" \
    'any(.findings[]; .code == "EVIDENCE_PATH_UNKNOWN" and
     (.summary | startswith("table1.json")))'
printf '{"files": {"table1.json": "primary"}}\n' >"$f/context.json"
expect_rc 0 "the path from context.json" "$E" diagnose --json "$f"
check "nopath: context.json gives the path" json_check "$tmp/out" \
    'any(.evidence[]; .file == "table1.json" and .path == "primary" and
     .analyzer == "circuit")'

# ---- usage, missing folder, --init -------------------------------------
expect_rc 2 "no folder given" "$E" diagnose
expect_rc 2 "missing folder" "$E" diagnose "$tmp/nonexistent"
check "missing folder named" grep -q "nonexistent" "$tmp/err"
expect_rc 2 "unknown option" "$E" diagnose --bogus "$h"
expect_rc 0 "--help" "$E" diagnose --help
expect_rc 0 "--init" "$E" diagnose --init "$tmp/new"
check "--init: the five folders" bash -c "for d in azure pcap router \
    carrier monitor; do [ -d '$tmp/new/'\$d ] || exit 1; done"
for want in "az network express-route list-arp-tables" \
    "Get-AzExpressRouteCircuitARPTable" "birdc show protocols all" \
    "show bgp neighbor <peer-ip>" "erwatch capture -i"; do
	check "--init: README has '$want'" grep -qF "$want" "$tmp/new/README.md"
done
echo "my notes" >>"$tmp/new/README.md"
expect_rc 0 "--init again keeps the README" "$E" diagnose --init "$tmp/new"
check "--init: README not overwritten" grep -q "my notes" \
    "$tmp/new/README.md"
expect_rc 2 "a fresh --init folder holds no evidence" "$E" diagnose \
    "$tmp/new"

echo "passed $pass, failed $fail"
[ "$fail" -eq 0 ]
