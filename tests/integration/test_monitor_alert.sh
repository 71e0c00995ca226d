#!/bin/bash
#
# The monitor's alerts and metrics on a real loop and store, through
# mon_alert_drive (the parts `monitor run` drives, with the test choosing
# when an endpoint changes):
#  1. a state change -> an alert POSTed to a webhook receiver on loopback
#     in the common alert schema; the resolution carries the same alertId;
#     the header file's secret reaches the receiver and nothing else (not
#     the driver's output, not the database);
#  2. the receiver down while two outages come and go -> attempts fail and
#     are retried, and once it is up the four alerts arrive, in order,
#     none lost; a restart of the driver delivers what the last run left,
#     and a Resolved raised after the restart carries the alertId of the
#     Fired raised before it;
#  3. an exec hook gets the payload on stdin and the essentials in its
#     environment;
#  4. /metrics scraped with curl: the counters, histogram and states.
# Processes started here are stopped by their PID.  Every wait is on a
# condition with a bound (the driver's wait_* and wait_file below); the
# bounds are generous because a loaded machine makes them slow, never
# wrong, and the receiver restarts on a port outside the ephemeral range
# (webhook_recv.py), which no other test's connection can be holding.
set -u
SRC=${ERW_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${ERW_BUILD_DIR:-$SRC/build}
. "$SRC/tests/integration/lib_check.sh"
require_programs jq curl python3
DRIVE=$BUILD/mon_alert_drive
RECV=$SRC/tests/tools/webhook_recv.py
[ -x "$DRIVE" ] || { echo "FAIL: $DRIVE not built"; exit 1; }

tmp=$(mktemp -d)
rpid=
dpid=
cleanup()
{
	[ -n "$rpid" ] && kill "$rpid" 2>/dev/null && wait "$rpid" 2>/dev/null
	[ -n "$dpid" ] && kill "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"	# KEEP=1: left to read
}
trap cleanup EXIT
fail=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# wait_file PATH SECS: until PATH exists and is not empty (bounded).
wait_file()
{
	local i=0

	while [ ! -s "$1" ]; do
		i=$((i + 1))
		[ $i -gt $(($2 * 20)) ] && return 1
		sleep 0.05
	done
}

# start_recv [PORT]: the receiver, its port in $port.
start_recv()
{
	rm -f "$tmp/port"
	python3 "$RECV" "$tmp/recv.jsonl" "$tmp/port" ${1:+"$1"} &
	rpid=$!
	wait_file "$tmp/port" 10 || { echo "FAIL: receiver did not start"; exit 1; }
	port=$(cat "$tmp/port")
}

stop_recv()
{
	kill "$rpid" && wait "$rpid" 2>/dev/null
	rpid=
}

SECRET="Bearer erw-secret-$$-$RANDOM"
printf '# the receiver key\nAuthorization: %s\nX-Erw-Test: 1\n' "$SECRET" \
    >"$tmp/headers"
chmod 600 "$tmp/headers"

config()	# config URL_PORT -> $tmp/cfg.json
{
	cat >"$tmp/cfg.json" <<EOF
{
  "metrics_listen": "127.0.0.1:0",
  "alerts": {
    "channels": {
      "pager": {"type": "webhook", "url": "http://127.0.0.1:$1/hook",
                "headers_file": "$tmp/headers", "timeout_s": 2},
      "hook": {"type": "exec", "argv": ["/bin/sh", "-c",
               "cat >>$tmp/exec.jsonl; echo >>$tmp/exec.jsonl; env | grep ^ERWATCH_ >>$tmp/exec.env"],
               "timeout_s": 5}
    },
    "rules": [
      {"name": "bgp-down", "groups": ["g1"], "severity": "Sev1",
       "channels": ["pager", "hook"]},
      {"name": "never", "groups": ["other"], "channels": ["pager"]}
    ],
    "retry": {"initial_s": 0.2, "max_s": 0.8}
  }
}
EOF
}

# ---- 1. an alert, its resolution, the secret ----------------------------
start_recv
config "$port"
cat >"$tmp/s1" <<EOF
change tcp:127.0.0.1:1790 failing
wait_delivered 2 60
change tcp:127.0.0.1:1790 healthy
wait_delivered 4 60
result tcp:127.0.0.1:1790 ok 1500
result tcp:127.0.0.1:1790 ok 45000
result tcp:127.0.0.1:1790 fail
port $tmp/mport
wait_file $tmp/scraped 60
stats
EOF
"$DRIVE" "$tmp/db" "$tmp/cfg.json" "$tmp/s1" >"$tmp/d1.out" 2>"$tmp/d1.err" &
dpid=$!
if wait_file "$tmp/mport" 30; then
	curl -sS --max-time 5 "http://127.0.0.1:$(cat "$tmp/mport")/metrics" \
	    >"$tmp/metrics" 2>"$tmp/curl.err"
	curl -sS --max-time 5 -o /dev/null -w '%{http_code}' \
	    "http://127.0.0.1:$(cat "$tmp/mport")/other" >"$tmp/404"
fi
touch "$tmp/scraped"
echo 1 >"$tmp/scraped"
wait "$dpid"
rc=$?
dpid=
[ $rc = 0 ] && ok || { bad "driver run 1 exited $rc"; cat "$tmp/d1.err"; }

[ "$(wc -l <"$tmp/recv.jsonl" 2>/dev/null)" = 2 ] && ok ||
    bad "receiver got $(wc -l <"$tmp/recv.jsonl" 2>/dev/null) alerts, not 2"
head -1 "$tmp/recv.jsonl" >"$tmp/fired.json"
sed -n 2p "$tmp/recv.jsonl" >"$tmp/resolved.json"
json_check "$tmp/fired.json" '.schemaId == "azureMonitorCommonAlertSchema"
    and .data.essentials.monitorCondition == "Fired"
    and .data.essentials.severity == "Sev1"
    and .data.essentials.alertRule == "bgp-down"
    and .data.essentials.essentialsVersion == "1.0"
    and .data.essentials.alertContextVersion == "1.0"
    and (.data.essentials.alertTargetIDs | length) == 1
    and (.data.essentials.firedDateTime | test("^2[0-9-]+T[0-9:.]+Z$"))
    and (.data.essentials | has("resolvedDateTime") | not)
    and .data.alertContext.endpoint.name == "tcp:127.0.0.1:1790"
    and .data.alertContext.failed == 3' && ok ||
    bad "Fired payload: $(cat "$tmp/fired.json")"
json_check "$tmp/resolved.json" '.data.essentials.monitorCondition ==
    "Resolved" and (.data.essentials.resolvedDateTime | type) == "string"' &&
    ok || bad "Resolved payload: $(cat "$tmp/resolved.json")"
id1=$(jq -r .data.essentials.alertId "$tmp/fired.json")
id2=$(jq -r .data.essentials.alertId "$tmp/resolved.json")
[ -n "$id1" ] && [ "$id1" = "$id2" ] && ok ||
    bad "Resolved alertId '$id2' is not its Fired's '$id1'"
grep -qF "Authorization: $SECRET" "$tmp/recv.jsonl.headers" && ok ||
    bad "the header file's header did not reach the receiver"
grep -qi "^Content-Type: application/json" "$tmp/recv.jsonl.headers" && ok ||
    bad "no JSON content type"
for f in "$tmp/d1.out" "$tmp/d1.err" "$tmp/db" "$tmp/db-wal" \
    "$tmp/exec.jsonl" "$tmp/exec.env"; do
	[ -e "$f" ] || continue
	if grep -qaF "erw-secret-" "$f"; then
		bad "the secret is in $(basename "$f")"
	else
		ok
	fi
done

# ---- 3. the exec hook ----------------------------------------------------
[ "$(grep -c . "$tmp/exec.jsonl" 2>/dev/null)" = 2 ] && ok ||
    bad "exec hook got $(grep -c . "$tmp/exec.jsonl" 2>/dev/null) payloads, not 2"
grep . "$tmp/exec.jsonl" | head -1 >"$tmp/exec1.json"
json_check "$tmp/exec1.json" '.data.essentials.monitorCondition == "Fired"
    and .data.essentials.alertId == $id' --arg id "$id1" && ok ||
    bad "exec payload: $(cat "$tmp/exec1.json")"
grep -q "^ERWATCH_ALERT_CONDITION=Resolved$" "$tmp/exec.env" &&
    grep -q "^ERWATCH_ALERT_ID=$id1$" "$tmp/exec.env" &&
    grep -q "^ERWATCH_ENDPOINT=tcp:127.0.0.1:1790$" "$tmp/exec.env" &&
    grep -q "^ERWATCH_ALERT_SEVERITY=Sev1$" "$tmp/exec.env" && ok ||
    bad "exec environment: $(cat "$tmp/exec.env")"

# ---- 4. /metrics ---------------------------------------------------------
m=$tmp/metrics
[ -s "$m" ] && ok || bad "no metrics scraped: $(cat "$tmp/curl.err" 2>/dev/null)"
L='agent="test-agent",group="g1",endpoint="tcp:127.0.0.1:1790",kind="tcp",path=""'
grep -qxF "erwatch_monitor_probes_total{$L} 3" "$m" && ok || bad "probes_total"
grep -qxF "erwatch_monitor_probe_failures_total{$L} 1" "$m" && ok ||
    bad "probe_failures_total"
grep -qxF "erwatch_monitor_probe_rtt_seconds_bucket{$L,le=\"0.0025\"} 1" "$m" &&
    grep -qxF "erwatch_monitor_probe_rtt_seconds_bucket{$L,le=\"0.05\"} 2" "$m" &&
    grep -qxF "erwatch_monitor_probe_rtt_seconds_bucket{$L,le=\"+Inf\"} 2" "$m" &&
    grep -qxF "erwatch_monitor_probe_rtt_seconds_count{$L} 2" "$m" &&
    grep -qxF "erwatch_monitor_probe_rtt_seconds_sum{$L} 0.046500" "$m" && ok ||
    bad "rtt histogram: $(grep rtt "$m")"
grep -qxF "erwatch_monitor_endpoint_health{$L,state=\"healthy\"} 1" "$m" &&
    grep -qxF "erwatch_monitor_endpoint_health{$L,state=\"failing\"} 0" "$m" &&
    ok || bad "health state set"
grep -qx 'erwatch_monitor_alerts_delivered_total 4' "$m" &&
    grep -qx 'erwatch_monitor_alerts_pending 0' "$m" &&
    grep -q '^erwatch_build_info{version="[0-9.]*"} 1$' "$m" && ok ||
    bad "alert counters or build info: $(grep -v '^#' "$m" | grep -v endpoint)"
grep -qx '# TYPE erwatch_monitor_probe_rtt_seconds histogram' "$m" && ok ||
    bad "TYPE line"
# every sample line parses as the text format: name{labels} value
grep -v '^#' "$m" | grep -vEq '^[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? [0-9.e+-]+$' &&
    bad "unparsable sample: $(grep -v '^#' "$m" | grep -vE '^[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? [0-9.e+-]+$' | head -2)" || ok
[ "$(cat "$tmp/404" 2>/dev/null)" = 404 ] && ok || bad "not /metrics: $(cat "$tmp/404")"

# ---- 2. the receiver down, then up: late, in order, none lost -----------
rport=$port
stop_recv
: >"$tmp/recv.jsonl"
cat >"$tmp/s2" <<EOF
change tcp:127.0.0.1:1791 failing
change tcp:127.0.0.1:1792 failing
change tcp:127.0.0.1:1791 healthy
wait_failed 3 60
wait_delivered 3 60
stats
EOF
"$DRIVE" "$tmp/db" "$tmp/cfg.json" "$tmp/s2" >"$tmp/d2.out" 2>"$tmp/d2.err"
rc=$?
[ $rc = 0 ] && ok || { bad "driver run 2 exited $rc"; cat "$tmp/d2.err"; }
# the run ended with the receiver still down: three webhook alerts wait
# (the exec hook's three went: run 3 counts on that)
grep -q "^pending [1-9]" "$tmp/d2.out" && ok || bad "nothing pending: $(cat "$tmp/d2.out")"
grep -q "http://127.0.0.1:$rport\|webhook:pager" "$tmp/d2.err" && ok ||
    bad "no delivery error reported: $(cat "$tmp/d2.err")"
# a new run, the receiver up on the same port a while after it starts;
# it delivers five: the three webhook alerts left, and the last
# resolution on both channels
cat >"$tmp/s3" <<EOF
wait_failed 1 60
touch $tmp/failed1
wait_file $tmp/up 60
change tcp:127.0.0.1:1792 healthy
wait_delivered 5 60
stats
EOF
"$DRIVE" "$tmp/db" "$tmp/cfg.json" "$tmp/s3" >"$tmp/d3.out" 2>"$tmp/d3.err" &
dpid=$!
# the receiver stays down until an attempt of this run has failed
wait_file "$tmp/failed1" 30 || bad "no failed attempt in run 3"
start_recv "$rport"
touch "$tmp/up"
wait "$dpid"
rc=$?
dpid=
[ $rc = 0 ] && ok || { bad "driver run 3 exited $rc"; cat "$tmp/d3.err"; }
jq -r '[.data.alertContext.endpoint.name, .data.essentials.monitorCondition] | join(" ")' \
    "$tmp/recv.jsonl" >"$tmp/order" 2>/dev/null
printf '%s\n' "tcp:127.0.0.1:1791 Fired" "tcp:127.0.0.1:1792 Fired" \
    "tcp:127.0.0.1:1791 Resolved" "tcp:127.0.0.1:1792 Resolved" >"$tmp/want"
cmp -s "$tmp/order" "$tmp/want" && ok ||
    bad "after the outage the receiver got: $(cat "$tmp/order")"
# 1792's Fired was queued by run 2, its Resolved by run 3: the alertId
# comes from the store, not from the run that fired it
jq -r 'select(.data.alertContext.endpoint.name == "tcp:127.0.0.1:1792") |
    .data.essentials.alertId' "$tmp/recv.jsonl" | sort -u >"$tmp/ids1792"
[ "$(grep -c . "$tmp/ids1792")" = 1 ] && ok ||
    bad "1792's Fired and Resolved (raised by two runs) carry $(tr '\n' ' ' <"$tmp/ids1792")"

echo "test_monitor_alert: $pass passed, $fail failed"
[ $fail = 0 ]
