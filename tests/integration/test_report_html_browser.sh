#!/bin/bash
# The HTML report in a real browser: Debian's chromium, started headless
# by this test and stopped by its PID, loads the page report_doc_sample
# writes (every node kind, strings laced with markup, quotes, ampersands
# and invalid UTF-8) and the page each converted command writes with
# --html (router, circuit, ...); the DOM it builds must hold the verdict,
# the tables, the findings, the checklist and the SVG timeline elements,
# and no element or reference the inputs smuggled in.  The screenshots
# stay in the build dir as artifacts.
set -u
: "${ERWATCH:?} ${ERW_SRC_DIR:?} ${ERW_BUILD_DIR:?}"
SAMPLE="$ERW_BUILD_DIR/report_doc_sample"
ART="$ERW_BUILD_DIR/test-artifacts"
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
mkdir -p "$ART"
command -v chromium >/dev/null || { echo "FAIL chromium not installed"; exit 1; }


if ! "$SAMPLE" "$tmp/sample.html" "$tmp/sample.json"; then
	bad "report_doc_sample"
	exit 1
fi
H="$tmp/sample.html"
# self-contained: no script, no external reference of any kind
if grep -Eiq '<script|src=|href=|@import|url\((["'\'']?)(https?:|//)' "$H"; then
	bad "the page references or runs something: $(grep -Eio '<script|src=|href=|@import' "$H" | head -3)"
else
	ok "no script, no external reference"
fi
if browse "$tmp/dom.html" --dump-dom "file://$H"; then
	ok "chromium loaded the sample page"
else
	bad "chromium --dump-dom (exit $?): $(tail -3 "$tmp/browser.err")"
fi
D="$tmp/dom.html"
has "$D" "verdict on top" '<div class="verdict st-fault"><span class="state">fault</span>: session down'
has "$D" "tables" '<table class="grid" data-key="peers">'
has "$D" "nested table inside a cell" '<td class="t-node"><table class="grid">'
has "$D" "fields" '<table class="fields">'
has "$D" "findings" '<article class="finding sev-error">' 2
has "$D" "finding subject" 'about: peer 192.0.2.2, port 179, peer AS 12076'
has "$D" "SVG timeline" '<svg class="timeline"'
for k in iv-connecting iv-established iv-silence_over_hold iv-carrier_down \
    mk-open mk-update mk-keepalive mk-notification mk-syn mk-reset mk-log; do
	has "$D" "timeline element $k" "class=\"[a-z ]*$k\""
done
has "$D" "three lanes" '<g class="lane lane-' 3
has "$D" "layer checklist" '<li class="layer st-' 3
has "$D" "hypothesis" '<li class="hyp">'
has "$D" "collection command" 'az network nic show-effective-route-table'
# hostile strings: shown as text, never as markup
if grep -q '<script' "$D"; then
	bad "a <script> element made it into the DOM"
else
	ok "no script element in the DOM"
fi
has "$D" "markup shown escaped" '&lt;script&gt;alert(1)&lt;/script&gt;' 8
has "$D" "invalid UTF-8 shown as U+FFFD" $'\xef\xbf\xbd'
if jq -e '.findings | length == 2' "$tmp/sample.json" >/dev/null &&
    jq -e '.timeline.lanes | length == 3' "$tmp/sample.json" >/dev/null &&
    jq -e '.session.name | contains("<script>")' "$tmp/sample.json" >/dev/null; then
	ok "JSON of the same document"
else
	bad "JSON of the same document"
fi
if browse "$tmp/shot.out" --screenshot="$ART/report_sample.png" "file://$H" &&
    [ "$(head -c 8 "$ART/report_sample.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
	ok "screenshot kept: $ART/report_sample.png"
else
	bad "screenshot"
fi

# a real command's page
R="$ERW_SRC_DIR/tests/data/router/down_active"
"$ERWATCH" router --html "$tmp/router.html" "$R"/* >/dev/null
if [ $? = 1 ] && [ -s "$tmp/router.html" ]; then
	ok "erwatch router --html"
else
	bad "erwatch router --html"
fi
if browse "$tmp/rdom.html" --dump-dom "file://$tmp/router.html"; then
	has "$tmp/rdom.html" "router verdict" '<div class="verdict st-fault">'
	has "$tmp/rdom.html" "router neighbor table" '<table class="grid" data-key="neighbors">'
	has "$tmp/rdom.html" "router findings" 'ROUTER_BGP_NOT_ESTABLISHED'
else
	bad "chromium on the router page"
fi
browse "$tmp/shot2.out" --screenshot="$ART/report_router.png" \
    "file://$tmp/router.html" || bad "router screenshot"

# page NAME RC ARGS...: `erwatch ARGS --html` must exit RC and write a
# page chromium loads; its DOM is left in $tmp/NAME.dom, its screenshot
# in the artifacts.  1 when there is no DOM to check.
page() {
	local name=$1 want=$2 rc
	shift 2
	"$ERWATCH" "$@" --html "$tmp/$name.html" >"$tmp/$name.out" \
	    2>"$tmp/$name.err"
	rc=$?
	# shellcheck disable=SC2053
	if [[ $rc == $want ]] && [ -s "$tmp/$name.html" ]; then
		ok "erwatch $name --html (exit $rc)"
	else
		bad "erwatch $name --html (exit $rc, want $want): $(head -3 "$tmp/$name.err")"
		return 1
	fi
	if grep -Eiq '<script|src=|href=|@import' "$tmp/$name.html"; then
		bad "the $name page references or runs something"
	fi
	if ! browse "$tmp/$name.dom" --dump-dom "file://$tmp/$name.html"; then
		bad "chromium on the $name page"
		return 1
	fi
	browse "$tmp/$name.shot" --screenshot="$ART/report_$name.png" \
	    "file://$tmp/$name.html" || bad "$name screenshot"
	return 0
}

# circuit: one path up, the other down at L2 (only the Microsoft ARP entry)
C="$ERW_SRC_DIR/tests/data/azure/circuit"
if page circuit 1 circuit --circuit "$C/circuit-ok.json" \
    --arp-primary "$C/ps51-arp-primary.json" \
    --arp-secondary "$C/ps7-arp-msonly-secondary.json" \
    --summary-primary "$C/ps7-summary-near-limit-primary.json"; then
	X="$tmp/circuit.dom"
	has "$X" "circuit verdict" '<div class="verdict st-fault"><span class="state">fault</span>: primary UP (routes not checked), secondary DOWN at L2 (ARP)'
	has "$X" "circuit inputs table" '<table class="grid" data-key="inputs">'
	has "$X" "circuit inputs rows" 'ps7-arp-msonly-secondary.json</td>'
	has "$X" "circuit paths section" '<section data-key="paths">'
	has "$X" "circuit fields" '<table class="fields">' 4
	has "$X" "circuit layer checklist, both paths" '<li class="layer st-' 6
	has "$X" "circuit L2 fault on the secondary" '<li class="layer st-fault">'
	has "$X" "circuit findings" '<article class="finding sev-error">' 2
	has "$X" "circuit finding ARP_INCOMPLETE" 'ARP_INCOMPLETE'
	has "$tmp/circuit.out" "circuit text unchanged by --html" '^secondary path (192.168.50.4/30): DOWN at L2 (ARP)$' 1
fi

# flow: telnet denied by the subnet NSG
N="$ERW_SRC_DIR/tests/data/azure/nsg"
if page flow 1 flow --nsg "$N/nsg-snet-lab.json" --nsg "$N/nsg-nic-lab.json" \
    --tag VirtualNetwork=10.9.0.0/16,172.31.0.0/16 --direction in \
    --protocol tcp --local 10.9.1.4:23 --remote 172.31.0.1:40000; then
	X="$tmp/flow.dom"
	has "$X" "flow verdict" '<div class="verdict st-fault"><span class="state">fault</span>: Inbound Tcp 10.9.1.4:23 &lt;- 172.31.0.1:40000: Deny by securityRules/deny-telnet-in'
	has "$X" "flow stages table" '<table class="grid" data-key="stages">'
	has "$X" "flow deciding rule in a stage row" '<td class="t-text">securityRules/deny-telnet-in</td>' 2
	has "$X" "flow fields, the flow and the deciding rule nested" '<td class="t-node"><section>' 2
	has "$X" "flow findings" '<article class="finding sev-error">'
	has "$X" "flow finding NSG_DENY" 'NSG_DENY'
	has "$tmp/flow.out" "flow text unchanged by --html" '^access:   Deny$'
fi

# nexthop: a UDR to None blackholes the destination
if page nexthop 1 nexthop --routes "$ERW_SRC_DIR/tests/data/azure/routes/effective-mixed.json" \
    --dst 10.50.10.20; then
	X="$tmp/nexthop.dom"
	has "$X" "nexthop verdict" '<div class="verdict st-fault"><span class="state">fault</span>: next hop for 10.50.10.20: None</div>'
	has "$X" "nexthop beaten routes table" '<table class="grid" data-key="beaten">'
	has "$X" "nexthop beaten rows with the reason" '<td class="t-text">less-specific</td>' 2
	has "$X" "nexthop winning route nested" 'dc1-blackhole</td>'
	has "$X" "nexthop findings" '<article class="finding sev-error">'
	has "$X" "nexthop finding ROUTE_NONE" 'ROUTE_NONE'
	has "$tmp/nexthop.out" "nexthop text unchanged by --html" '^  nextHopType       None$'
fi

# probe: two connect probes to a loopback port nothing listens on
if page probe 1 probe --count 2 --interval 100ms 127.0.0.1:1; then
	X="$tmp/probe.dom"
	has "$X" "probe verdict (the result line)" '<div class="verdict st-fault"><span class="state">fault</span>: result: refused (0/2 open)</div>'
	has "$X" "probe table" '<table class="grid" data-key="probes">'
	has "$X" "probe rows" '<td class="t-text">refused</td>' 2
	has "$X" "probe target nested" '<td class="t-text">127.0.0.1</td>'
	has "$X" "probe findings" 'TCP_RST_ON_SYN'
	has "$tmp/probe.out" "probe text: each line once" '^  probe [12]: refused' 2
	has "$tmp/probe.out" "probe text: the head once" '^erwatch probe 127.0.0.1 (127.0.0.1) port 1: 2 probes' 1
	if [ "$(grep -c '^erwatch probe' "$tmp/probe.out")" = 1 ]; then
		ok "probe head not repeated by the document"
	else
		bad "probe head printed $(grep -c '^erwatch probe' "$tmp/probe.out") times"
	fi
fi

# trace: raw sockets (root); loopback answers the first SYN with RST
if [ "$(id -u)" = 0 ]; then
	if page trace 1 trace --max-ttl 3 --queries 2 --wait 200ms 127.0.0.1:1; then
		X="$tmp/trace.dom"
		has "$X" "trace verdict (the result line)" '<div class="verdict st-fault"><span class="state">fault</span>: result: refused (127.0.0.1 port 1, 2 SYNs sent)</div>'
		has "$X" "trace hops table" '<table class="grid" data-key="hops">'
		has "$X" "trace answers nested in the hop" '<td class="t-text">RST (refused)</td>' 2
		has "$X" "trace findings" 'TCP_RST_ON_SYN'
		if [ "$(grep -c '^erwatch trace' "$tmp/trace.out")" = 1 ] &&
		    grep -q '^  1  127.0.0.1 ' "$tmp/trace.out"; then
			ok "trace text: head once, then the hop"
		else
			bad "trace text: $(head -3 "$tmp/trace.out")"
		fi
	fi
else
	echo "skip trace page: needs CAP_NET_RAW"
fi

# capture: one second on loopback, analyzed, no file (root: the handle).
# The page, like -w FILE, is created after the drop to --user (nobody):
# give nobody a file of its own to write, behind a searchable directory.
if [ "$(id -u)" = 0 ]; then
	chmod 711 "$tmp"
	: >"$tmp/capture.html"
	chown nobody "$tmp/capture.html"
	if page capture "[01]" capture -i lo --analyze -d 1s; then
		X="$tmp/capture.dom"
		has "$X" "capture verdict" '<div class="verdict st-[a-z]*"><span class="state">[a-z]*</span>: [0-9]* packets on lo, stopped by duration'
		has "$X" "capture fields" '<tr><th>stopped by</th><td class="t-text">duration</td>'
		has "$X" "capture kernel counters" '<section data-key="kernel">'
		has "$X" "capture findings node" '<article class="finding sev-' 1
		has "$tmp/capture.out" "capture text unchanged by --html" '^capture: [0-9]* packets, [0-9]* bytes in 0 file(s), stopped by duration$'
	fi
else
	echo "skip capture page: needs root"
fi

# pcap: a session that flaps four times; its timeline is the SVG's lane
if page pcap 1 pcap "$ERW_SRC_DIR/tests/data/captures/session_flap/capture.pcap"; then
	X="$tmp/pcap.dom"
	has "$X" "pcap verdict" '<div class="verdict st-fault"><span class="state">fault</span>: 1 capture(s), 1 BGP session(s), 4 finding(s)</div>'
	has "$X" "pcap files table" '<table class="grid" data-key="files">'
	has "$X" "pcap SVG timeline" '<svg class="timeline"'
	has "$X" "pcap one lane for the session" '<g class="lane lane-session"' 1
	has "$X" "pcap the four establishments" 'class="iv iv-established"' 4
	has "$X" "pcap the OPENs as marks" 'class="mk mk-open"' 8
	has "$X" "pcap the NOTIFICATIONs as marks" 'class="mk mk-notification"' 3
	has "$X" "pcap session lines" 'session 172.16.0.1 - 172.16.0.2'
	has "$X" "pcap session findings" 'BGP_SESSION_FLAP'
	has "$tmp/pcap.out" "pcap text unchanged by --html" '^session 172.16.0.1 - 172.16.0.2$'
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
