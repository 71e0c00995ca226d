#!/bin/bash
# erwatch monitor report on databases built with the sqlite3 CLI from the
# documented schema (tests/data/monitor/schema-v1.sql, docs/monitor.md)
# and a history whose figures are worked out in history.sql's comment:
# availability and checksFailedPercent, nearest-rank RTT percentiles,
# outages from state changes and from runs of failed results, flapping,
# the cloud's BgpAvailability dip, the findings with their subjects, the
# window and --endpoint filters; the HTML page in headless chromium (DOM
# checked, screenshot kept); and bad input: a missing file, a text file,
# a SQLite file of another schema, a newer schema version (exit 2, the
# file named); import-metrics of the az CLI's and Get-AzMetric's exports
# into a new database, idempotently, and its bad input.
set -u
: "${ERWATCH:?} ${ERW_SRC_DIR:?} ${ERW_BUILD_DIR:?}"
E=$ERWATCH
M=$ERW_SRC_DIR/tests/data/monitor
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

db=$tmp/history.db
cat "$M/schema-v1.sql" "$M/history.sql" | sqlite3 "$db" >/dev/null ||
    { echo "FAIL: cannot build the test database"; exit 1; }
W="--since 2026-12-01T00:00:00Z --until 2026-12-01T02:00:00Z"

# shellcheck disable=SC2086
"$E" monitor report --db "$db" $W --json >"$tmp/r.json" 2>"$tmp/err"
rc=$?
check "an outage is an error finding: exit 1" test $rc = 1
J=$tmp/r.json
tcp='.endpoints[] | select(.name == "tcp:192.168.10.2:179")'
icmp='.endpoints[] | select(.name == "icmp:192.168.10.6")'
check "tcp: 220 checks, 20 failed" json_check "$J" \
    "$tcp | .checks == 220 and .failed == 20"
check "tcp: availability 200/220, checksFailedPercent its complement" \
    json_check "$J" "$tcp | (.availabilityPercent - 100 * 200 / 220 |
    fabs) < 1e-9 and (.checksFailedPercent - 100 * 20 / 220 | fabs) < 1e-9"
check "tcp: RTT p50 50, p95 95, p99 99 ms (nearest rank)" json_check "$J" \
    "$tcp | .rttP50Ms == 50 and .rttP95Ms == 95 and .rttP99Ms == 99"
check "tcp: one outage from the state changes, 9m30s, not flapping" \
    json_check "$J" "$tcp | .outages == 1 and .downtimeSeconds == 570 and
    .flapping == false"
check "tcp: the outage 00:31:00 to 00:40:30, 18 failed checks, timeout" \
    json_check "$J" '[.outages[] | select(.endpoint == "tcp:192.168.10.2:179")]
    | length == 1 and .[0].from == "2026-12-01T00:31:00.000000Z" and
    .[0].to == "2026-12-01T00:40:30.000000Z" and .[0].failedChecks == 18 and
    .[0].status == "timeout" and .[0].source == "state_change"'
check "icmp: four outages from results, the lone failure none" json_check \
    "$J" '[.outages[] | select(.endpoint == "icmp:192.168.10.6")] |
    length == 4 and all(.source == "result" and .durationSeconds == 120) and
    (map(.from) | index("2026-12-01T00:40:00.000000Z") | not)'
check "icmp: flapping" json_check "$J" "$icmp | .flapping == true"
check "cloud: BgpAvailability below 100% from 00:31 to 00:40, min 0" \
    json_check "$J" '.cloud[] | select(.metric == "BgpAvailability") |
    .below100 == [{"from": "2026-12-01T00:31:00.000000Z",
    "to": "2026-12-01T00:40:00.000000Z", "minimumPercent": 0}] and
    .points == 120 and .path == "primary"'
check "cloud: ArpAvailability never below 100%" json_check "$J" \
    '.cloud[] | select(.metric == "ArpAvailability") | .below100 == []'
check "findings: five MONITOR_OUTAGE, one MONITOR_FLAPPING" json_check "$J" \
    '([.findings[] | select(.code == "MONITOR_OUTAGE")] | length) == 5 and
    ([.findings[] | select(.code == "MONITOR_FLAPPING")] | length) == 1'
check "MONITOR_OUTAGE subject: peer, port, path, span" json_check "$J" \
    '.findings[] | select(.code == "MONITOR_OUTAGE" and .subject.peer ==
    "192.168.10.2") | .subject.peer_port == 179 and .subject.path ==
    "primary" and .subject.from == "2026-12-01T00:31:00.000000Z" and
    .subject.to == "2026-12-01T00:40:30.000000Z"'
check "MONITOR_FLAPPING subject: the secondary's span 00:10 to 00:52" \
    json_check "$J" '.findings[] | select(.code == "MONITOR_FLAPPING") |
    .subject.peer == "192.168.10.6" and .subject.path == "secondary" and
    .subject.from == "2026-12-01T00:10:00.000000Z" and
    .subject.to == "2026-12-01T00:52:00.000000Z"'
check "alerts in the window: 2, one undelivered" json_check "$J" \
    '.alerts == 2 and .alertsUndelivered == 1'

# --endpoint by address: the other endpoint and its findings are gone
"$E" monitor report --db "$db" $W --endpoint 192.168.10.2 --json \
    >"$tmp/f.json" 2>/dev/null
check "--endpoint ADDRESS: one endpoint, its one outage, seen by the cloud \
too" json_check "$tmp/f.json" '(.endpoints | length) == 1 and
    [.findings[].code] == ["MONITOR_OUTAGE", "MONITOR_SESSION_DOWN_BOTH",
    "MONITOR_CLOUD_BGP_DOWN"] and .endpoints[0].name == "tcp:192.168.10.2:179"'
"$E" monitor report --db "$db" $W --endpoint icmp:192.168.10.6 --json \
    >"$tmp/f2.json" 2>/dev/null
check "--endpoint NAME" json_check "$tmp/f2.json" \
    '[.endpoints[].name] == ["icmp:192.168.10.6"] and (.cloud | length) == 0'

# a window after the outages: nothing wrong, exit 0
"$E" monitor report --db "$db" --since 2026-12-01T01:00:00Z \
    --until 2026-12-01T02:00:00Z --json >"$tmp/q.json" 2>/dev/null
rc=$?
check "a quiet hour: exit 0, no findings, full availability" test $rc = 0
check "a quiet hour: 100% for both" json_check "$tmp/q.json" \
    '(.findings | length) == 0 and all(.endpoints[]; .availabilityPercent == 100)'
# an outage under way before the window is one, clipped, and counted
# from the window's start
"$E" monitor report --db "$db" --since 2026-12-01T00:35:00Z \
    --until 2026-12-01T02:00:00Z --endpoint 192.168.10.2 --json \
    >"$tmp/c.json" 2>/dev/null
check "an outage begun before the window: from its start, down 5m30s" \
    json_check "$tmp/c.json" '.outages[0].from ==
    "2026-12-01T00:31:00.000000Z" and .endpoints[0].downtimeSeconds == 330'
# one still under way at the window's end is open
"$E" monitor report --db "$db" --since 2026-12-01T00:00:00Z \
    --until 2026-12-01T00:35:00Z --endpoint 192.168.10.2 --json \
    >"$tmp/o.json" 2>/dev/null
check "an outage under way at the window's end: open, to null" \
    json_check "$tmp/o.json" '.outages[0].open == true and
    .outages[0].to == null'
"$E" monitor report --db "$db" --since 2026-12-01T00:00:00Z \
    --until 2026-12-01T00:35:00Z --endpoint 192.168.10.2 >"$tmp/o.txt" \
    2>/dev/null
check "text: the open outage said so" grep -q "not recovered" "$tmp/o.txt"

# text: the tables and the findings
# shellcheck disable=SC2086
"$E" monitor report --db "$db" $W >"$tmp/r.txt" 2>/dev/null
check "text: verdict line" grep -q "^verdict: 2 endpoints, 5 outages, 1 flapping, 2 cloud series" "$tmp/r.txt"
check "text: the dip under its series" grep -q \
    "2026-12-01T00:31:00.000000Z to 2026-12-01T00:40:00.000000Z, min 0%" \
    "$tmp/r.txt"

# the HTML page, in a browser
# shellcheck disable=SC2086
"$E" monitor report --db "$db" $W --html "$tmp/r.html" >/dev/null 2>&1
D=$tmp/r.dom
if ! browse "$D" --dump-dom "file://$tmp/r.html"; then
	bad "chromium --dump-dom: $(tail -3 "$tmp/browser.err")"
else
	has "$D" "HTML: the SVG timeline" '<svg class="timeline"'
	has "$D" "HTML: a lane per endpoint" '<g class="lane lane-monitor">' 2
	has "$D" "HTML: a lane per cloud series" '<g class="lane lane-cloud">' 2
	has "$D" "HTML: outages and the dip drawn" 'class="iv iv-down"' 6
	has "$D" "HTML: the findings" 'MONITOR_OUTAGE' 5
	if browse "$tmp/shot.out" --screenshot="$ART/monitor_report.png" \
	    "file://$tmp/r.html" &&
	    [ "$(head -c 8 "$ART/monitor_report.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
		ok "screenshot kept: $ART/monitor_report.png"
	else
		bad "screenshot"
	fi
fi

# bad input: exit 2, the file named
"$E" monitor report --db "$tmp/none.db" $W >/dev/null 2>"$tmp/err"
rc=$?
check "missing file: exit 2, named" test $rc = 2 -a \
    -n "$(grep "none.db" "$tmp/err")"
printf 'endpoint,ts\n1,2\n' >"$tmp/text.db"
"$E" monitor report --db "$tmp/text.db" $W >/dev/null 2>"$tmp/err"
rc=$?
check "a text file: exit 2, not SQLite, named" test $rc = 2 -a \
    -n "$(grep "text.db.*not a SQLite database" "$tmp/err")"
sqlite3 "$tmp/other.db" "CREATE TABLE endpoint (id INTEGER, x TEXT);
    PRAGMA user_version = 1;"
"$E" monitor report --db "$tmp/other.db" $W >/dev/null 2>"$tmp/err"
rc=$?
check "another schema: exit 2, named, the table said" test $rc = 2 -a \
    -n "$(grep "other.db.*not the monitor's history (table 'endpoint'" "$tmp/err")"
cp "$db" "$tmp/newer.db"
sqlite3 "$tmp/newer.db" "PRAGMA user_version = 2;"
"$E" monitor report --db "$tmp/newer.db" $W >/dev/null 2>"$tmp/err"
rc=$?
check "a newer schema: exit 2, both versions named" test $rc = 2 -a \
    -n "$(grep "newer.db.*version 2 is newer than this erwatch reads (1)" "$tmp/err")"
sqlite3 "$tmp/nover.db" <"$M/schema-v1.sql" >/dev/null
sqlite3 "$tmp/nover.db" "PRAGMA user_version = 0;"
"$E" monitor report --db "$tmp/nover.db" $W >/dev/null 2>"$tmp/err"
rc=$?
check "no schema version: exit 2" test $rc = 2 -a \
    -n "$(grep "nover.db.*without a schema version" "$tmp/err")"
cp "$db" "$tmp/badrow.db"
sqlite3 "$tmp/badrow.db" "UPDATE result SET ok = 'yes' WHERE id = 230;"
"$E" monitor report --db "$tmp/badrow.db" $W >/dev/null 2>"$tmp/err"
rc=$?
check "a malformed row: exit 2, table and row named" test $rc = 2 -a \
    -n "$(grep "badrow.db.*table 'result' row 230: ok is not an integer" "$tmp/err")"
"$E" monitor report --db "$db" --since yesterday >/dev/null 2>"$tmp/err"
rc=$?
check "a bad --since: exit 2, the value named" test $rc = 2 -a \
    -n "$(grep "got 'yesterday'" "$tmp/err")"
"$E" monitor report --db "$db" --since 1h --until 2h >/dev/null 2>"$tmp/err"
check "a window ending before it begins: exit 2" test $? = 2
"$E" monitor frobnicate >/dev/null 2>"$tmp/err"
rc=$?
check "an unknown subcommand: exit 2, named" test $rc = 2 -a \
    -n "$(grep "unknown subcommand 'frobnicate'" "$tmp/err")"

# import-metrics: the az CLI's export into a new database, then read back
I=$tmp/imported.db
"$E" monitor import-metrics "$M/metrics-az.json" --db "$I" \
    --circuit-path-map Secondary-IPv4=secondary@192.168.10.6 \
    >"$tmp/imp.out" 2>"$tmp/err"
check "import: exit 0" test $? = 0
check "import: 3 series, 11 points, 11 new, 1 without a value" grep -q \
    "3 series, 11 points, 11 new, 1 without a value" "$tmp/imp.out"
check "import: the new database has schema version 1 in WAL mode" test \
    "$(sqlite3 "$I" 'PRAGMA user_version; PRAGMA journal_mode;' | tr '\n' ' ')" = "1 wal "
check "import: a cloud endpoint per series, the map's address and path" test \
    "$(sqlite3 "$I" "SELECT kind, name, address, path FROM endpoint ORDER BY name" | tr '\n' ' ')" = \
    "cloud_arp|ArpAvailability:Primary-IPv4||primary cloud_bgp|BgpAvailability:Primary-IPv4||primary cloud_bgp|BgpAvailability:Secondary-IPv4|192.168.10.6|secondary "
"$E" monitor import-metrics "$M/metrics-az.json" --db "$I" >"$tmp/imp2.out" 2>&1
check "import twice: nothing new" grep -q "11 points, 0 new" "$tmp/imp2.out"
check "import twice: still 11 metric rows" test \
    "$(sqlite3 "$I" 'SELECT count(*) FROM metric')" = 11
"$E" monitor import-metrics "$M/metrics-ps.json" --db "$I" >"$tmp/imp3.out" 2>&1
check "import: Get-AzMetric's PascalCase shape, 2 points" grep -q \
    "1 series, 2 points, 2 new" "$tmp/imp3.out"
"$E" monitor report --db "$I" --since 2026-12-01T00:00:00Z \
    --until 2026-12-01T01:00:00Z --json >"$tmp/i.json" 2>/dev/null
check "imported: BgpAvailability Primary-IPv4 dips 00:31 to 00:34, and at 00:37" \
    json_check "$tmp/i.json" '.cloud[] | select(.metric == "BgpAvailability"
    and .peer == "Primary-IPv4") | [.below100[] | [.from, .to, .minimumPercent]] ==
    [["2026-12-01T00:31:00.000000Z", "2026-12-01T00:34:00.000000Z", 0],
     ["2026-12-01T00:37:00.000000Z", "2026-12-01T00:38:00.000000Z", 25]]'
"$E" monitor report --db "$I" --since 2026-12-01T00:00:00Z \
    --until 2026-12-01T01:00:00Z --endpoint 192.168.10.6 --json \
    >"$tmp/i2.json" 2>/dev/null
check "imported: --endpoint the mapped address finds its series" json_check \
    "$tmp/i2.json" '[.cloud[] | .peer] == ["Secondary-IPv4"]'
"$E" monitor import-metrics "$ERW_SRC_DIR/fuzz/corpus/mon_import/bad_time.json" \
    --db "$tmp/b.db" >/dev/null 2>"$tmp/err"
rc=$?
check "import: a bad time: exit 2, file and JSON path named" test $rc = 2 -a \
    -n "$(grep "bad_time.json.*/value/0/timeseries/0/data/0/timeStamp" "$tmp/err")"
"$E" monitor import-metrics "$M/metrics-az.json" --db "$tmp/text.db" \
    >/dev/null 2>"$tmp/err"
check "import into a text file: exit 2, refused" test $? = 2 -a \
    -n "$(grep "text.db.*not a SQLite database" "$tmp/err")"
"$E" monitor import-metrics "$M/metrics-az.json" --db "$tmp/newer.db" \
    >/dev/null 2>"$tmp/err"
check "import into a newer schema: exit 2, refused" test $? = 2 -a \
    -n "$(grep "newer.db.*newer than" "$tmp/err")"
"$E" monitor import-metrics "$M/metrics-az.json" --db "$tmp/m.db" \
    --circuit-path-map Primary-IPv4=tertiary >/dev/null 2>"$tmp/err"
check "import: a bad map: exit 2, the value named" test $? = 2 -a \
    -n "$(grep "Primary-IPv4=tertiary" "$tmp/err")"

echo "monitor report: $pass passed, $fail failed"
[ $fail = 0 ]
