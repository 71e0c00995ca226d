#!/bin/bash
#
# The monitor's PostgreSQL store against a real server: Debian's
# PostgreSQL 15 (initdb + postgres, run as nobody through setpriv, since
# postgres refuses root) on 127.0.0.1 with a free port and password
# (SCRAM) logins, a data directory under a temporary directory, stopped by
# its PID at exit.  Two `monitor run` agents (agent-a, agent-b) write into
# one database, probing TCP listeners on loopback.
# Cases:
#  1. a URI to nowhere, a wrong password (in the URI and in PGPASSWORD):
#     exit 2, a clear message, the password nowhere in the output;
#  2. the first agent creates the schema (schema_version 1), the second
#     shares it: one endpoint row per agent, no clash;
#  3. a listener stopped -> each agent records failing and queues an
#     alert; each agent delivers only its own alerts (an exec hook per
#     agent writes what it got);
#  4. the server stopped mid-run and started again -> the agent says so,
#     reconnects, and every result made meanwhile is committed (no gap in
#     the results, "0 lost", event rows store_unreachable and
#     store_reconnected); the server frozen (SIGSTOP) -> probes go on,
#     results committed after SIGCONT;
#  5. `monitor report --db postgresql://` gives the same report as
#     `monitor report --db FILE` on a SQLite file holding the same rows;
#  6. a schema newer than this erwatch: run and report refuse it, exit 2.
# The password is checked absent from every output, log and event row.
# Exit 77 without root.
set -u
SRC=${ERW_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${ERW_BUILD_DIR:-$SRC/build}
ERWATCH=${ERWATCH:-$BUILD/erwatch}
. "$SRC/tests/integration/lib_check.sh"
PGBIN=/usr/lib/postgresql/15/bin
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (postgres runs as nobody)"; exit 77; }
require_programs psql python3 setpriv pgrep jq sqlite3
[ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/postgres" ] || {
	echo "FAIL: $PGBIN/initdb or postgres missing; \`make check\` installs" \
	    "postgresql (sh scripts/install-deps.sh check)"; exit 1; }

PW='Pg-s3cret-7x'
tmp=$(mktemp -d)
chmod 755 "$tmp"
pgpid=
lpids=
mpids=
cleanup()
{
	local p
	for p in $mpids $lpids; do
		kill -KILL "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	if [ -n "$pgpid" ]; then
		kill -CONT "$pgpid" $(pgrep -P "$pgpid") 2>/dev/null
		kill -INT "$pgpid" 2>/dev/null && wait "$pgpid" 2>/dev/null
	fi
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"	# KEEP=1: left to read
}
trap cleanup EXIT
fail=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# until_true SECS CMD...: CMD until it succeeds, at most SECS (bounded).
until_true()
{
	local n=$(($1 * 10))
	shift
	while ! "$@" >/dev/null 2>&1; do
		n=$((n - 1))
		[ $n -le 0 ] && return 1
		sleep 0.1
	done
}

free_port()
{
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- the server ---
mkdir "$tmp/pg" "$tmp/sock"
printf '%s\n' "$PW" >"$tmp/pg/pw"
chown -R nobody "$tmp/pg" "$tmp/sock"
setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$PGBIN/initdb" -D "$tmp/pg/data" -U erwadmin -E UTF8 \
    --auth=scram-sha-256 --pwfile="$tmp/pg/pw" >"$tmp/initdb.log" 2>&1 ||
	{ cat "$tmp/initdb.log"; echo "FAIL: initdb"; exit 1; }
PORT=$(free_port)
start_pg()
{
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    "$PGBIN/postgres" -D "$tmp/pg/data" -k "$tmp/sock" \
	    -c listen_addresses=127.0.0.1 -p "$PORT" >>"$tmp/pg.log" 2>&1 &
	pgpid=$!
	until_true 30 env PGPASSWORD="$PW" psql -h 127.0.0.1 -p "$PORT" \
	    -U erwadmin -d postgres -Atc 'SELECT 1' ||
		{ tail "$tmp/pg.log"; echo "FAIL: postgres did not start"; exit 1; }
}
stop_pg()
{
	kill -INT "$pgpid"
	wait "$pgpid"
	pgpid=
}
start_pg
sql() { PGPASSWORD="$PW" psql -h 127.0.0.1 -p "$PORT" -U erwadmin -d erwmon -Atq "$@"; }
PGPASSWORD="$PW" psql -h 127.0.0.1 -p "$PORT" -U erwadmin -d postgres -q \
    -c 'CREATE DATABASE erwmon' || { echo "FAIL: createdb"; exit 1; }
URI="postgresql://erwadmin:$PW@127.0.0.1:$PORT/erwmon"

# --- listeners: accept and close, port into a file ---
listener()
{
	python3 -c '
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(64)
open(sys.argv[1], "w").write("%d\n" % s.getsockname()[1])
while True:
    c, _ = s.accept()
    c.close()' "$1" &
	lpids="$lpids $!"
	until_true 10 test -s "$1" || { echo "FAIL: listener"; exit 1; }
}
listener "$tmp/l1"; L1PID=$!
listener "$tmp/l2"; L2PID=$!
P1=$(cat "$tmp/l1")
P2=$(cat "$tmp/l2")

cat >"$tmp/hook.sh" <<'EOT'
#!/bin/sh
cat >/dev/null
# FILE.block: this hook refuses (exit 1), the alert stays queued
[ -e "$1.block" ] && exit 1
echo "$ERWATCH_AGENT $ERWATCH_ALERT_CONDITION $ERWATCH_ENDPOINT" >>"$1"
EOT
config()	# config AGENT FILE
{
	cat >"$2" <<EOT
{ "agent": "$1",
  "testGroups": [ { "name": "g", "frequencySeconds": 1, "timeoutMs": 400,
      "consecutiveEvaluations": 1,
      "endpoints": [ { "kind": "tcp", "address": "127.0.0.1:$P1" },
                     { "kind": "tcp", "address": "127.0.0.1:$P2" } ] } ],
  "alerts": {
    "channels": { "hook": { "type": "exec",
        "argv": ["/bin/sh", "$tmp/hook.sh", "$tmp/alerts-$1"] } },
    "rules": [ { "name": "r", "on": ["failing", "resolved"],
                 "channels": ["hook"] } ],
    "retry": { "initial_s": 1, "max_s": 2 } } }
EOT
}
config agent-a "$tmp/a.json"
config agent-b "$tmp/b.json"

# no_pw FILE WHAT: the password is not in FILE.
no_pw()
{
	if grep -qF -- "$PW" "$1" || grep -qF -- "WrongPw-99" "$1"; then
		bad "$2: the password is in the output"
	else
		ok
	fi
}

# --- 1. bad URIs ---
out=$tmp/bad1.out
"$ERWATCH" monitor run --config "$tmp/a.json" --once \
    --store "postgresql://erwadmin:$PW@127.0.0.1:1/erwmon" >"$out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q 'cannot connect' "$out" &&
    grep -qF 'postgresql://erwadmin:***@127.0.0.1:1/erwmon' "$out" && ok ||
	bad "no server: rc=$rc $(cat "$out")"
no_pw "$out" "no server"
out=$tmp/bad2.out
"$ERWATCH" monitor run --config "$tmp/a.json" --once \
    --store "postgresql://erwadmin:WrongPw-99@127.0.0.1:$PORT/erwmon" \
    >"$out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q 'password authentication failed' "$out" && ok ||
	bad "wrong password: rc=$rc $(cat "$out")"
no_pw "$out" "wrong password"
out=$tmp/bad3.out
PGPASSWORD=WrongPw-99 "$ERWATCH" monitor run --config "$tmp/a.json" --once \
    --store "postgresql://erwadmin@127.0.0.1:$PORT/erwmon" >"$out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q 'password authentication failed' "$out" && ok ||
	bad "wrong PGPASSWORD: rc=$rc $(cat "$out")"
no_pw "$out" "wrong PGPASSWORD"
out=$tmp/bad4.out
"$ERWATCH" monitor report \
    --db "postgresql://erwadmin:WrongPw-99@127.0.0.1:$PORT/erwmon" >"$out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q 'password authentication failed' "$out" && ok ||
	bad "report, wrong password: rc=$rc $(cat "$out")"
no_pw "$out" "report, wrong password"
out=$tmp/bad5.out
echo '{"value": []}' >"$tmp/metrics.json"
"$ERWATCH" monitor import-metrics "$tmp/metrics.json" --db "$URI" >"$out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q 'writes a SQLite file' "$out" && ok ||
	bad "import-metrics into PostgreSQL: rc=$rc $(cat "$out")"
no_pw "$out" "import-metrics"
[ "$(sql -c "SELECT count(*) FROM pg_tables WHERE tablename = 'endpoint'")" = 0 ] &&
    ok || bad "a refused agent created tables"

# --- 2. two agents, one schema ---
T0=$(date -u +%Y-%m-%dT%H:%M:%SZ)
"$ERWATCH" monitor run --config "$tmp/a.json" --store "$URI" \
    >"$tmp/a.out" 2>&1 &
APID=$!
mpids="$mpids $APID"
"$ERWATCH" monitor run --config "$tmp/b.json" --store "$URI" \
    >"$tmp/b.out" 2>&1 &
BPID=$!
mpids="$mpids $BPID"
results() { sql -c "SELECT count(*) FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.agent = '$1' $2"; }
has_results() { [ "$(results "$1" "$2")" -ge "$3" ]; }
until_true 20 has_results agent-a "" 4 && until_true 20 has_results agent-b "" 4 &&
    ok || bad "both agents: no results"
[ "$(sql -c 'SELECT max(version) FROM schema_version')" = 1 ] && ok ||
	bad "schema_version: $(sql -c 'SELECT * FROM schema_version')"
[ "$(sql -c "SELECT agent || ' ' || count(*) FROM endpoint GROUP BY agent ORDER BY agent" | tr '\n' ,)" = "agent-a 2,agent-b 2," ] &&
    [ "$(sql -c "SELECT count(DISTINCT name) FROM endpoint")" = 2 ] &&
    ok || bad "endpoints: $(sql -c 'SELECT agent, name FROM endpoint')"

# --- 3. a listener stopped: failing, alerts, each agent its own ---
# agent-a's hook refuses for a while: its alert stays queued in the shared
# table, where agent-b's alerter must leave it alone
: >"$tmp/alerts-agent-a.block"
kill "$L2PID"; wait "$L2PID" 2>/dev/null
failing() { [ "$(sql -c "SELECT count(*) FROM state_change s JOIN endpoint e ON e.id = s.endpoint_id WHERE e.agent = '$1' AND e.port = $P2 AND s.to_state = 'failing'")" -ge 1 ]; }
until_true 15 failing agent-a && until_true 15 failing agent-b && ok ||
	bad "no failing state change for the stopped listener"
alerted() { grep -q "^$1 Fired tcp:127.0.0.1:$P2" "$tmp/alerts-$1" 2>/dev/null; }
until_true 15 alerted agent-b && ok ||
	bad "agent-b's alert not delivered: $(cat "$tmp"/alerts-* 2>&1)"
retried() { [ "$(sql -c "SELECT count(*) FROM alert a JOIN state_change s ON s.id = a.state_change_id JOIN endpoint e ON e.id = s.endpoint_id WHERE e.agent = 'agent-a' AND a.delivered_us IS NULL AND a.attempts >= 2")" -ge 1 ]; }
until_true 15 retried && ok || bad "agent-a's alert was not retried: $(sql -c 'SELECT * FROM alert')"
rm -f "$tmp/alerts-agent-a.block"
until_true 15 alerted agent-a && ok ||
	bad "agent-a's alert not delivered: $(cat "$tmp"/alerts-* 2>&1)"
[ "$(sql -c "SELECT count(*) FROM alert a JOIN state_change s ON s.id = a.state_change_id JOIN endpoint e ON e.id = s.endpoint_id WHERE e.port = $P2 AND a.delivered_us IS NOT NULL")" -ge 2 ] &&
    ok || bad "alert rows: $(sql -c 'SELECT * FROM alert')"
for ag in agent-a agent-b; do
	grep -qv "^$ag " "$tmp/alerts-$ag" &&
	    bad "$ag delivered another agent's alert: $(cat "$tmp/alerts-$ag")" || ok
done

# --- 4. the server away and back ---
n0=$(results agent-a "")
t_stop=$(date +%s%6N)
stop_pg
sleep 3	# the outage being tested: results are made meanwhile
t_start=$(date +%s%6N)
start_pg
until_true 20 grep -q 'reconnected' "$tmp/a.out" && ok ||
	bad "no reconnect: $(cat "$tmp/a.out")"
grep -q 'server unreachable' "$tmp/a.out" && ok ||
	bad "the outage was not said: $(cat "$tmp/a.out")"
grep -q 'reconnected: .* 0 lost' "$tmp/a.out" && ok ||
	bad "results lost: $(cat "$tmp/a.out")"
# a result for the listener still up in every second of the outage
gaps=$(sql -c "SELECT count(*) FROM (SELECT r.ts_us - lag(r.ts_us) OVER (ORDER BY r.ts_us) AS d FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.agent = 'agent-a' AND e.port = $P1 AND r.ts_us BETWEEN $t_stop - 2000000 AND $t_start + 2000000) g WHERE d > 1900000")
held=$(sql -c "SELECT count(*) FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.agent = 'agent-a' AND e.port = $P1 AND r.ts_us BETWEEN $t_stop AND $t_start")
[ "$gaps" = 0 ] && [ "$held" -ge 2 ] && ok ||
	bad "results while away: $held in the outage, $gaps gaps"
outage_rows() { [ "$(sql -c "SELECT count(*) FROM event WHERE kind IN ('store_unreachable', 'store_reconnected')")" -ge 4 ]; }
until_true 20 outage_rows && ok || bad "event rows: $(sql -c 'SELECT kind, detail FROM event')"
# frozen: probes go on, their results land after SIGCONT
t_stop=$(date +%s%6N)
kill -STOP "$pgpid" $(pgrep -P "$pgpid")
sleep 4	# the freeze being tested
kill -CONT "$pgpid" $(pgrep -P "$pgpid")
t_start=$(date +%s%6N)
reconnects() { [ "$(grep -c 'reconnected' "$tmp/a.out")" -ge 2 ]; }
until_true 20 reconnects && ok ||
	bad "no reconnect after the freeze: $(cat "$tmp/a.out")"
held=$(sql -c "SELECT count(*) FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.agent = 'agent-a' AND e.port = $P1 AND r.ts_us BETWEEN $t_stop AND $t_start")
[ "$held" -ge 2 ] && ok || bad "results while frozen: $held"
[ "$(results agent-a "")" -gt "$n0" ] && ok || bad "no results after the outages"

kill -TERM "$APID" "$BPID"
wait "$APID"; rca=$?
wait "$BPID"; rcb=$?
mpids=
[ $rca = 0 ] && [ $rcb = 0 ] && ok || bad "agents' exit: $rca $rcb"
no_pw "$tmp/a.out" "agent-a's log"
no_pw "$tmp/b.out" "agent-b's log"
sql -c 'SELECT kind, detail FROM event' >"$tmp/events"
no_pw "$tmp/events" "event rows"

# --- 5. the report: the same from PostgreSQL as from SQLite ---
T1=$(date -u +%Y-%m-%dT%H:%M:%SZ)
"$ERWATCH" monitor run --config "$tmp/a.json" --store "$tmp/copy.db" --once \
    >/dev/null 2>&1 || bad "sqlite schema"
sqlite3 "$tmp/copy.db" 'DELETE FROM alert; DELETE FROM state_change; DELETE FROM result; DELETE FROM event; DELETE FROM endpoint;'
for t in endpoint result state_change alert metric event; do
	sql -c "\\copy $t TO '$tmp/$t.csv' CSV"
	sqlite3 "$tmp/copy.db" ".import --csv $tmp/$t.csv $t"
done
# CSV has no NULL: the empty fields that were
sqlite3 "$tmp/copy.db" "UPDATE result SET rtt_us = NULL WHERE rtt_us = '';
UPDATE state_change SET rtt_avg_us = NULL WHERE rtt_avg_us = '';
UPDATE alert SET delivered_us = NULL WHERE delivered_us = '';
UPDATE alert SET last_error = NULL WHERE last_error = '';"
"$ERWATCH" monitor report --db "$URI" --since "$T0" --until "$T1" --json \
    >"$tmp/rep_pg.json" 2>"$tmp/rep_pg.err"
rc1=$?
"$ERWATCH" monitor report --db "$tmp/copy.db" --since "$T0" --until "$T1" \
    --json >"$tmp/rep_sq.json" 2>"$tmp/rep_sq.err"
rc2=$?
[ $rc1 = $rc2 ] && ok || bad "report exits: pg $rc1, sqlite $rc2 $(cat "$tmp/rep_pg.err")"
no_pw "$tmp/rep_pg.json" "report"
no_pw "$tmp/rep_pg.err" "report's errors"
norm() { jq -S 'walk(if type == "object" then del(.database, .input, .file) else . end)' "$1"; }
if diff <(norm "$tmp/rep_pg.json") <(norm "$tmp/rep_sq.json") >"$tmp/rep.diff"; then
	ok
else
	bad "reports differ: $(head -20 "$tmp/rep.diff")"
fi
jq -e '[.. | objects | select(has("outages"))] | length >= 4' \
    "$tmp/rep_pg.json" >/dev/null && ok || bad "report has no endpoints"
grep -q '"failed": [1-9]' "$tmp/rep_pg.json" && ok ||
	bad "report shows no failed checks"

# --- 6. a newer schema ---
sql -c 'UPDATE schema_version SET version = 99'
out=$tmp/new.out
"$ERWATCH" monitor run --config "$tmp/a.json" --store "$URI" --once >"$out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q 'schema version 99, newer' "$out" && ok ||
	bad "newer schema, run: rc=$rc $(cat "$out")"
"$ERWATCH" monitor report --db "$URI" >"$out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q 'schema version 99, newer' "$out" && ok ||
	bad "newer schema, report: rc=$rc $(cat "$out")"
no_pw "$out" "newer schema"

echo "test_monitor_pg: $pass passed, $fail failed"
[ $fail = 0 ]
