#!/bin/bash
# erwatch diagnose --html in a real browser.  Evidence folders assembled
# here from tests/data and the shared corpus -- a healthy one, a hold
# timer expiry, a carrier's outage log beside the router's own log -- are
# diagnosed once as JSON and once as text with --html; Debian's chromium,
# started headless by this test and stopped by its PID, loads each page
# and the DOM it builds must hold the verdict, one checklist entry per
# layer with the state the JSON gives it, each hypothesis with its
# supporting and contradicting codes, the SVG timeline with a lane per
# session or log and the marks of what happened, and the collection
# commands of every layer without evidence.  The page must reference
# nothing and run nothing, and text, JSON and HTML must carry the same
# causes and finding codes.  The DOM dumps and screenshots stay in the
# build dir (test-artifacts/diagnose_*).
set -u
: "${ERWATCH:?} ${ERW_SRC_DIR:?} ${ERW_BUILD_DIR:?} ${ERW_SHARED_DIR:?}"
E=$ERWATCH
T=$ERW_SRC_DIR/tests/data
C=$ERW_SHARED_DIR/corpus
ART="$ERW_BUILD_DIR/test-artifacts"
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"
require_programs jq awk
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
check() { local d=$1; shift; if "$@"; then ok "$d"; else bad "$d"; fi; }
mkdir -p "$ART"
command -v chromium >/dev/null || { echo "FAIL chromium not installed"; exit 1; }
if [ ! -d "$C/pcap" ] || [ ! -d "$C/azure" ]; then
	echo "skip - no shared corpus at $C"
	exit 77
fi

BROWSE_WINDOW=1200,2400
# text as the DOM serialises it: & < > escaped
dom_esc() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }

azure() {
	mkdir -p "$2/azure"
	cp -r "$C/azure/$1/." "$2/azure/"
	rm -f "$2/azure/expected.json"
}
pcap() { mkdir -p "$2/pcap"; cp "$C/pcap/$1/capture.pcap"* "$2/pcap/"; }
router() { mkdir -p "$2/router"; cp "$T/router/$1/$3" "$2/router/"; }

azure healthy "$tmp/healthy"
pcap 02_healthy_default_timers "$tmp/healthy"
router established "$tmp/healthy" frr_summary.txt
pcap 09_hold_timer_expired "$tmp/hold"
mkdir -p "$tmp/outage/carrier"
cp "$T/router/link/carrier_intervals.csv" "$tmp/outage/carrier/"
router link "$tmp/outage" ios_link.log
# a router log alone: its sessions have no capture, so lanes of their own
router vendor "$tmp/routeronly" ios_syslog.log
# a full table: 93,645 UPDATEs, drawn as counted bins, not one mark each
mkdir -p "$tmp/fulltable/pcap"
"$ERW_BUILD_DIR/gen_fulltable" -o "$tmp/fulltable/pcap/ft.pcap" --size-mb 4 \
    --prefixes 20000 --stats "$tmp/ft.stats" >/dev/null 2>&1 ||
    bad "gen_fulltable failed"

# page NAME: diagnose the folder, load its page, run the common checks;
# leaves $tmp/NAME.json, .txt, .html and the DOM in $tmp/NAME.dom
page() {
	local n=$1 d=$tmp/$1 st name want
	"$E" diagnose --json "$d" >"$tmp/$n.json" 2>"$tmp/$n.err"
	"$E" diagnose --html "$tmp/$n.html" "$d" >"$tmp/$n.txt" \
	    2>>"$tmp/$n.err"
	if [ -s "$tmp/$n.html" ] && json_check "$tmp/$n.json" '.layers'; then
		ok "$n: diagnose wrote JSON, text and the page"
	else
		bad "$n: diagnose: $(head -3 "$tmp/$n.err")"
		return
	fi
	# (the SVG's clip-path="url(#id)" is a reference inside the page)
	if grep -Eiq '<script|src=|href=|@import|url\((["'\'']?)(https?:|//|file:)' \
	    "$tmp/$n.html"; then
		bad "$n: the page references or runs something"
	else
		ok "$n: no script, no external reference"
	fi
	if ! browse "$tmp/$n.dom" --dump-dom "file://$tmp/$n.html"; then
		bad "$n: chromium --dump-dom: $(tail -3 "$tmp/browser.err")"
		return
	fi
	D=$tmp/$n.dom
	cp "$D" "$ART/diagnose_$n.dom.html"
	# the verdict banner: the best cause, fault or not as the JSON says
	st=$(jq -r 'if .verdict.fault then "fault" else "ok" end' \
	    "$tmp/$n.json")
	want=$(jq -r '.verdict.cause' "$tmp/$n.json")
	has "$D" "$n: verdict $want on top" \
	    "<div class=\"verdict st-$st\"><span class=\"state\">$st</span>: $want ("
	# the checklist: one entry per layer, in its JSON state
	has "$D" "$n: a checklist entry per layer" '<li class="layer st-' 7
	jq -r '.layers[] | "\(.layer) \(.state)"' "$tmp/$n.json" |
	while read -r name st; do
		case $st in
		no-evidence) st=missing ;;
		error) st=fault ;;
		esac
		if grep -q "<li class=\"layer st-$st\"><span class=\"mark\">[^<]*</span> <b>$name</b>" "$D"; then
			echo "ok   $n: layer $name is $st"
		else
			echo "FAIL $n: layer $name is not $st in the checklist"
		fi
	done >"$tmp/layers.out"
	cat "$tmp/layers.out"
	pass=$((pass + $(grep -c '^ok' "$tmp/layers.out")))
	fail=$((fail + $(grep -c '^FAIL' "$tmp/layers.out")))
	# each hypothesis, with its own codes inside its own entry
	awk '/<li class="hyp/ { n++ } n { print > (dir "/hyp." n) }' \
	    dir="$tmp" "$D"
	jq -r '.hypotheses | to_entries[] | "\(.key + 1) \(.value.cause) " +
	    ((.value.supporting + .value.contradicting) | join(" "))' \
	    "$tmp/$n.json" |
	while read -r i cause codes; do
		local_ok=yes
		grep -q "<h3 data-cause=\"$cause\">" "$tmp/hyp.$i" 2>/dev/null ||
		    local_ok=no
		for c in $codes; do
			grep -q "<code>$c</code>" "$tmp/hyp.$i" || local_ok=no
		done
		if [ $local_ok = yes ]; then
			echo "ok   $n: hypothesis $i $cause with $codes"
		else
			echo "FAIL $n: hypothesis $i $cause or its codes $codes"
		fi
	done >"$tmp/hyp.out"
	rm -f "$tmp"/hyp.[0-9]*
	cat "$tmp/hyp.out"
	pass=$((pass + $(grep -c '^ok' "$tmp/hyp.out")))
	fail=$((fail + $(grep -c '^FAIL' "$tmp/hyp.out")))
	[ -s "$tmp/hyp.out" ] || bad "$n: no hypothesis ranked"
	# the commands of every layer without evidence, as the JSON has them
	jq -r '.layers[] | select(.state == "no-evidence") | .collect[]' \
	    "$tmp/$n.json" | dom_esc >"$tmp/cmds"
	missing=0
	while IFS= read -r cmd; do
		grep -qF "<pre>$cmd</pre>" "$D" || missing=$((missing + 1))
	done <"$tmp/cmds"
	check "$n: $(wc -l <"$tmp/cmds") collection commands in the page" \
	    test $missing -eq 0
	# the same causes and codes in text, JSON and HTML
	jq -r '.hypotheses[].cause, .findings[].code' "$tmp/$n.json" |
	    sort -u >"$tmp/words"
	missing=
	while read -r w; do
		grep -qw -- "$w" "$tmp/$n.txt" || missing="$missing text:$w"
		grep -qw -- "$w" "$D" || missing="$missing html:$w"
	done <"$tmp/words"
	check "$n: $(wc -l <"$tmp/words") causes and codes in text and HTML${missing:+, missing$missing}" \
	    test -z "$missing"
	# the timeline: as many SVG lanes as the JSON timeline has
	has "$D" "$n: SVG timeline" '<svg class="timeline"'
	want=$(jq '.timeline.lanes | length' "$tmp/$n.json")
	check "$n: $want timeline lanes drawn" test "$(grep -o '<g class="lane lane-' "$D" |
	    wc -l)" -eq "$want"
	if browse "$tmp/shot.out" --screenshot="$ART/diagnose_$n.png" \
	    "file://$tmp/$n.html" &&
	    [ "$(head -c 8 "$ART/diagnose_$n.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
		ok "$n: screenshot kept: $ART/diagnose_$n.png"
	else
		bad "$n: screenshot"
	fi
}

page healthy
D=$tmp/healthy.dom
has "$D" "healthy: the session lane" '<g class="lane lane-session">'
has "$D" "healthy: Established span" 'class="iv iv-established"'
has "$D" "healthy: OPEN marks" '<g class="mk mk-open">' 2
has "$D" "healthy: UPDATE marks" '<g class="mk mk-update">' 2
has "$D" "healthy: KEEPALIVE marks" '<g class="mk mk-keepalive">' 2
check "healthy: no silence over the hold time" bash -c \
    "! grep -q 'class=\"iv iv-silence_over_hold\"' '$D'"

page hold
D=$tmp/hold.dom
has "$D" "hold: the session lane with its hold time" \
    '<g class="lane lane-session">.*(hold 9s)'
has "$D" "hold: silence over the hold time" 'class="iv iv-silence_over_hold"'
has "$D" "hold: the drop" 'class="iv iv-down"'
has "$D" "hold: Established twice" 'class="iv iv-established"' 2
has "$D" "hold: OPENs of both connections" '<g class="mk mk-open">' 4
has "$D" "hold: connection attempts" '<g class="mk mk-syn">'
has "$D" "hold: KEEPALIVEs up to the silence" '<g class="mk mk-keepalive">' 10
has "$D" "hold: the resets" '<g class="mk mk-reset">'
has "$D" "hold: the cause cites its frames" \
    'BGP_KEEPALIVE_GAP</code> [^<]*<ul class="evidence"><li>pcap/capture.pcap frame [0-9]'

page outage
D=$tmp/outage.dom
has "$D" "outage: the carrier lane" '<g class="lane lane-carrier">'
has "$D" "outage: carrier intervals" 'class="iv iv-carrier_down"' 3
has "$D" "outage: the router log lane" '<g class="lane lane-log">'
has "$D" "outage: the router's link down" 'class="iv iv-down"'
has "$D" "outage: a router log event" '<g class="mk mk-log">'
has "$D" "outage: the circuit's commands" \
    '<pre>az network express-route show -g &lt;resource-group&gt;'

page routeronly
D=$tmp/routeronly.dom
has "$D" "routeronly: a lane per session of the log" \
    '<g class="lane lane-router">' 2
has "$D" "routeronly: the peer's lane named" \
    '<text [^>]*>10\.10\.0\.2 (router log)</text>'
# each router lane's marks inside it: up, down, NOTIFICATION
awk '/<g class="lane lane-router">/ { n++ } n { print > (dir "/rl." n) }
    /<\/g>$/ && n { n = 0 }' dir="$tmp" "$D"
has "$tmp/rl.1" "routeronly: the up mark on the lane" \
    '<title>log at [^<]*: up (' 1
has "$tmp/rl.1" "routeronly: the NOTIFICATION mark on the lane" \
    '<title>notification at [^<]*: NOTIFICATION received 4/0'
has "$tmp/rl.1" "routeronly: Established after the up" 'class="iv iv-established"'
has "$tmp/rl.1" "routeronly: down after the NOTIFICATION" 'class="iv iv-down"'
rm -f "$tmp"/rl.*

page fulltable
D=$tmp/fulltable.dom
has "$D" "fulltable: UPDATEs as counted bins" 'class="mk bin mk-update"'
check "fulltable: every UPDATE counted in the bins" test \
    "$(jq '[.timeline.lanes[].marks[] | select(.kind == "update") |
    .count // 1] | add' "$tmp/fulltable.json")" = \
    "$(jq '.messages."172.16.0.2".UPDATE' "$tmp/ft.stats")"
check "fulltable: at most 96 UPDATE bins in the lane" test \
    "$(grep -o 'class="mk bin mk-update"' "$D" | wc -l)" -le 96
size=$(wc -c <"$tmp/fulltable.html")
check "fulltable: the page stays small ($size bytes, bound 64 KiB)" \
    test "$size" -le 65536

echo "$pass passed, $fail failed"
[ $fail = 0 ]
