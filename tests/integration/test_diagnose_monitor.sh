#!/bin/bash
# erwatch diagnose on evidence folders holding the connection monitor's
# history: a database written through the monitor's store
# (tests/tools/mon_history_write) whose outage covers the hold timer
# expiry of a capture, the cloud's BgpAvailability imported beside it
# (erwatch monitor import-metrics) -> the drop joined with the outage and
# hold_timer_expiry ranked first, more sure than from the capture alone;
# the database alone (its whole span read, the monitor layer the only one
# with evidence); the cloud against the agent on the documented fixture
# (tests/data/monitor, built with the sqlite3 CLI as test_monitor_report
# does): both down -> the session itself, the cloud at 100% -> the
# monitor's path, in diagnose and in monitor report; bad databases
# (corrupt, truncated, a newer schema, another application's, a
# PostgreSQL URI in a file): named with the reason, exit 2 when nothing
# else is there, the rest of the folder still diagnosed; and the pages in
# headless chromium: diagnose's monitor and cloud lanes, monitor report's
# RTT chart.
set -u
: "${ERWATCH:?} ${ERW_SRC_DIR:?} ${ERW_BUILD_DIR:?}"
E=$ERWATCH
W=$ERW_BUILD_DIR/mon_history_write
D=$ERW_SRC_DIR/tests/data
M=$D/monitor
ART="$ERW_BUILD_DIR/test-artifacts"
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"
require_programs jq sqlite3 chromium
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
[ -x "$W" ] || { echo "FAIL $W not built"; exit 1; }

# diag DIR NAME: diagnose --json into $tmp/NAME.json, exit code in $rc
diag() {
	"$E" diagnose --json "$1" >"$tmp/$2.json" 2>"$tmp/$2.err"
	rc=$?
}

# ---- a capture's hold timer expiry inside the monitor's outage ---------
# The capture: the MSEE (172.16.0.2) stops sending KEEPALIVEs, the CE's
# hold timer expires at 13:57:51.74.  The monitor probed 172.16.0.2:179
# every 5 s from 13:50 and failed from 13:57:45 to 13:58:30.
f=$tmp/drop
mkdir -p "$f/pcap" "$f/monitor"
cp "$D/captures/hold_timer_expired/capture.pcap" "$f/pcap/"
"$W" "$f/monitor/history.db" tcp 172.16.0.2 179 primary \
    2026-11-25T13:50:00Z 5 240 2026-11-25T13:57:45Z 2026-11-25T13:58:30Z ||
    { echo "FAIL: mon_history_write"; exit 1; }
cp -r "$f" "$tmp/drop-nomon"
rm -rf "$tmp/drop-nomon/monitor"
diag "$f" drop
check "capture + monitor: exit 1" test $rc = 1
J=$tmp/drop.json
check "the database recognised as monitor-db, read by the monitor analyzer" \
    json_check "$J" '.evidence[] | select(.file == "monitor/history.db") |
    .kind == "monitor-db" and .analyzer == "monitor"'
check "MONITOR_OUTAGE of tcp:172.16.0.2:179 from 13:57:50 (the second \
failed check)" json_check "$J" '.findings[] | select(.code ==
    "MONITOR_OUTAGE") | .subject.peer == "172.16.0.2" and
    .subject.from == "2026-11-25T13:57:50.000000Z" and
    .subject.to == "2026-11-25T13:58:30.000000Z"'
check "MONITOR_OUTAGE_AT_DROP joins it with the capture's expiry, once" \
    json_check "$J" '[.findings[] | select(.code == "MONITOR_OUTAGE_AT_DROP")]
    | length == 1 and (.[0].summary | contains("BGP_HOLD_TIMER_EXPIRED")) and
    (.[0].summary | contains("13:57:51.740319Z")) and
    ([.[0].evidence[].file] | index("pcap/capture.pcap") and
    index("monitor/history.db"))'
check "hold_timer_expiry first, the join among its support" json_check "$J" \
    '.hypotheses[0].cause == "hold_timer_expiry" and
    (.hypotheses[0].supporting | index("MONITOR_OUTAGE_AT_DROP"))'
check "the monitor layer has evidence and an error" json_check "$J" \
    '.layers[] | select(.layer == "monitor") | .state == "error" and
    .evidence == 1'
check "reading the history left the folder as it was (no -shm, no -wal)" \
    test "$(ls "$f/monitor")" = history.db
diag "$tmp/drop-nomon" nomon
check "more sure with the monitor than from the capture alone" \
    test "$(jq -n --slurpfile a "$J" --slurpfile b "$tmp/nomon.json" \
    '$a[0].hypotheses[0].confidence > $b[0].hypotheses[0].confidence')" = true
check "without it: no monitor layer evidence, its commands listed" \
    json_check "$tmp/nomon.json" '.layers[] | select(.layer == "monitor") |
    .state == "no-evidence" and (.collect | any(contains("erwatch monitor run")))'
# outside the capture's window (padded 15 min): not read
f=$tmp/far
mkdir -p "$f/pcap" "$f/monitor"
cp "$D/captures/hold_timer_expired/capture.pcap" "$f/pcap/"
"$W" "$f/monitor/history.db" tcp 172.16.0.2 179 primary \
    2026-11-25T10:00:00Z 5 240 2026-11-25T10:05:00Z 2026-11-25T10:10:00Z
diag "$f" far
check "an outage hours before the capture is outside the window" \
    json_check "$tmp/far.json" '([.findings[] | select(.code ==
    "MONITOR_OUTAGE" or .code == "MONITOR_OUTAGE_AT_DROP")] | length) == 0
    and (.evidence[] | select(.file == "monitor/history.db") | .analyzer ==
    "monitor")'

# ---- the database alone -----------------------------------------------
f=$tmp/alone
mkdir -p "$f/monitor"
cat "$M/schema-v1.sql" "$M/history.sql" | sqlite3 "$f/monitor/h.db" \
    >/dev/null || { echo "FAIL: cannot build the fixture"; exit 1; }
diag "$f" alone
J=$tmp/alone.json
check "monitor DB alone: exit 1 (outages)" test $rc = 1
check "alone: the whole span read (00:00 to 02:00)" json_check "$J" \
    '.facts.time_ranges[] | select(.source == "monitor") |
    .from == "2026-12-01T00:00:00.000000Z" and
    .to == "2026-12-01T02:00:01.000000Z"'
check "alone: five MONITOR_OUTAGE, one MONITOR_FLAPPING as monitor report" \
    json_check "$J" '([.findings[] | select(.code == "MONITOR_OUTAGE")] |
    length) == 5 and ([.findings[] | select(.code == "MONITOR_FLAPPING")] |
    length) == 1'
check "alone: only the monitor layer has evidence" json_check "$J" \
    '[.layers[] | select(.state != "no-evidence") | .layer] == ["monitor"]'

# ---- the cloud against the agent ----------------------------------------
check "both down: MONITOR_SESSION_DOWN_BOTH for the tcp endpoint" \
    json_check "$J" '[.findings[] | select(.code == "MONITOR_SESSION_DOWN_BOTH")]
    | length == 1 and .[0].subject.peer == "192.168.10.2" and
    .[0].subject.peer_port == 179'
check "the cloud's dip: MONITOR_CLOUD_BGP_DOWN 00:31 to 00:40, lowest 0%" \
    json_check "$J" '[.findings[] | select(.code == "MONITOR_CLOUD_BGP_DOWN")]
    | length == 1 and .[0].subject.from == "2026-12-01T00:31:00.000000Z" and
    .[0].subject.to == "2026-12-01T00:40:00.000000Z" and
    (.[0].summary | contains("lowest 0%"))'
check "no monitor_path when the cloud saw it too" json_check "$J" \
    '[.hypotheses[].cause] | index("monitor_path") | not'
# the same history, the cloud at 100% throughout
f=$tmp/agent
mkdir -p "$f/monitor"
cp "$tmp/alone/monitor/h.db" "$f/monitor/h.db"
sqlite3 "$f/monitor/h.db" "UPDATE metric SET value = 100" >/dev/null
diag "$f" agent
J=$tmp/agent.json
check "cloud at 100%: MONITOR_AGENT_ONLY_OUTAGE, no SESSION_DOWN_BOTH" \
    json_check "$J" '([.findings[] | select(.code ==
    "MONITOR_AGENT_ONLY_OUTAGE")] | length) == 1 and ([.findings[] |
    select(.code == "MONITOR_SESSION_DOWN_BOTH" or
    .code == "MONITOR_CLOUD_BGP_DOWN")] | length) == 0'
check "cloud at 100%: monitor_path ranked first" json_check "$J" \
    '.hypotheses[0].cause == "monitor_path"'
"$E" monitor report --db "$f/monitor/h.db" --since 2026-12-01T00:00:00Z \
    --until 2026-12-01T02:00:00Z --json >"$tmp/rep.json" 2>/dev/null
check "monitor report says the same" json_check "$tmp/rep.json" \
    '[.findings[] | select(.code == "MONITOR_AGENT_ONLY_OUTAGE")] | length == 1'

# ---- bad databases -----------------------------------------------------
# bad NAME: folder $tmp/NAME with the file monitor/h.db made by the
# command after it; checks the reason and exit 2 alone, then beside the
# capture that the capture is still diagnosed
bad_db() {
	local n=$1 why=$2 f=$tmp/$1
	shift 2
	mkdir -p "$f/monitor"
	"$@" >"$f/monitor/h.db"
	diag "$f" "$n"
	check "$n: alone exit 2" test $rc = 2
	check "$n: named with its reason" json_check "$tmp/$n.json" \
	    '.findings[] | select(.code == "EVIDENCE_UNRECOGNISED") |
	    (.summary | startswith("monitor/h.db: not used: ")) and
	    (.summary | test($why))' --arg why "$why"
	mkdir -p "$f/pcap"
	cp "$D/captures/hold_timer_expired/capture.pcap" "$f/pcap/"
	diag "$f" "$n-cap"
	check "$n: beside a capture, the capture still diagnosed" json_check \
	    "$tmp/$n-cap.json" '.hypotheses[0].cause == "hold_timer_expiry"'
}
good=$tmp/alone/monitor/h.db
sz=$(stat -c %s "$good")
bad_db corrupt "not read: .*(malformed|not a database)" \
    sh -c "head -c 100 '$good'; head -c $((sz - 100)) /dev/zero | tr '\\0' 'x'"
bad_db truncated "not read: " head -c 3000 "$good"
cp "$good" "$tmp/newer.db"
sqlite3 "$tmp/newer.db" "PRAGMA user_version = 99" >/dev/null
bad_db newer "newer than this erwatch reads" cat "$tmp/newer.db"
sqlite3 "$tmp/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1)" \
    >/dev/null
bad_db other "not a monitor history" cat "$tmp/other.db"
cp "$good" "$tmp/wrong.db"
sqlite3 "$tmp/wrong.db" "PRAGMA user_version = 1; DROP TABLE event" >/dev/null
bad_db wrong-tables "not the monitor's history" cat "$tmp/wrong.db"
bad_db pg-uri "PostgreSQL" echo "postgresql://mon:Secr3tPw@db.example/erw"
check "pg-uri: the password is not repeated" \
    sh -c "! grep -q Secr3tPw '$tmp/pg-uri.json' '$tmp/pg-uri.err'"

# ---- the pages -----------------------------------------------------------
BROWSE_WINDOW=1200,2400
"$E" diagnose --html "$tmp/d.html" "$tmp/drop" >/dev/null 2>&1
if browse "$tmp/d.dom" --dump-dom "file://$tmp/d.html"; then
	cp "$tmp/d.dom" "$ART/diagnose_monitor.dom.html"
	has "$tmp/d.dom" "diagnose page: a monitor lane" \
	    '<g class="lane lane-monitor">'
	has "$tmp/d.dom" "diagnose page: the monitor lane's outage bar" \
	    '<title>[^<]*MONITOR_OUTAGE: tcp:172.16.0.2:179 failing'
	has "$tmp/d.dom" "diagnose page: the session lane beside it" \
	    '<g class="lane lane-session">'
	has "$tmp/d.dom" "diagnose page: the monitor layer in the checklist" \
	    '<b>monitor</b>'
else
	bad "diagnose page: chromium: $(tail -3 "$tmp/browser.err")"
fi
"$E" diagnose --html "$tmp/a.html" "$tmp/alone" >/dev/null 2>&1
if browse "$tmp/a.dom" --dump-dom "file://$tmp/a.html"; then
	has "$tmp/a.dom" "alone page: a lane per endpoint with outages" \
	    '<g class="lane lane-monitor">' 2
	has "$tmp/a.dom" "alone page: the cloud's BgpAvailability lane" \
	    '<g class="lane lane-cloud">' 1
else
	bad "alone page: chromium: $(tail -3 "$tmp/browser.err")"
fi
"$E" monitor report --db "$good" --since 2026-12-01T00:00:00Z \
    --until 2026-12-01T02:00:00Z --html "$tmp/m.html" >/dev/null 2>&1
if browse "$tmp/m.dom" --dump-dom "file://$tmp/m.html"; then
	cp "$tmp/m.dom" "$ART/monitor_rtt.dom.html"
	has "$tmp/m.dom" "monitor page: the RTT chart beside the timeline" \
	    '<svg class="chart"'
	has "$tmp/m.dom" "monitor page: an average line per endpoint" \
	    '<g class="series series-avg">' 2
	has "$tmp/m.dom" "monitor page: p50 and p99 of tcp (50 and 99 ms)" \
	    'tcp:192.168.10.2:179 p[59][09] [59][09].0 ms</title>' 2
	# the tcp endpoint's average line has a point per bucket with RTTs:
	# 96 buckets over 2 h, the 200 successes spread over 110 min
	n=$(grep -o '<title>tcp:192.168.10.2:179 avg</title><polyline [^>]*' \
	    "$tmp/m.dom" | grep -o '[0-9.]*,[0-9.]*' | wc -l)
	check "monitor page: tcp avg drawn from its buckets ($n points)" \
	    test "$n" -ge 80 -a "$n" -le 96
	browse "$tmp/m.png" --screenshot="$ART/monitor_rtt.png" \
	    "file://$tmp/m.html" && [ -s "$ART/monitor_rtt.png" ] &&
	    ok "monitor page: screenshot kept" || bad "monitor page: screenshot"
else
	bad "monitor page: chromium: $(tail -3 "$tmp/browser.err")"
fi

echo "test_diagnose_monitor: $pass passed, $fail failed"
[ "$fail" = 0 ]
