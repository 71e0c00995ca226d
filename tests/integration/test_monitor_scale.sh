#!/bin/bash
# erwatch monitor run with many endpoints, at small scale and untimed: 200
# TCP endpoints every second on loopback inside a namespace of our own,
# every other one black-holed by an nft rule (input hook, 127.2.0.0/16),
# one listener (bench_monitor_ref listen) serving the rest.
# Checks: every endpoint gets its results; the served ones are all "ok",
# the black-holed ones all "timeout"; the black-holed ones' 500 ms waits
# delay nobody: every endpoint's consecutive probes start one interval
# apart (within a quarter of it: a loop held by a black-holed connect would
# push its neighbours by half an interval); the stop event counts every
# result and turn, none skipped, with the lateness quantiles; /metrics
# serves the lateness histogram, and its body (streamed a piece at a
# time) whole.  Exit 77 without root.
set -u
: "${ERWATCH:?}" "${ERW_SRC_DIR:?}" "${ERW_BUILD_DIR:?}"
. "$ERW_SRC_DIR/tests/testbed/lib.sh"
. "$ERW_SRC_DIR/tests/testbed/live_lib.sh"

N=200
PORT=8179
REF=$ERW_BUILD_DIR/bench_monitor_ref
if [ "$(id -u)" != 0 ]; then
	echo "skipped: needs root (a network namespace)" >&2
	exit 77
fi
for c in ip nft sqlite3 curl; do
	command -v "$c" >/dev/null 2>&1 ||
	    { echo "skipped: '$c' not installed" >&2; exit 77; }
done
[ -x "$REF" ] || { echo "missing $REF" >&2; exit 1; }

NS=erwmonscale-$$
T=$(mktemp -d)
PIDS=""
cleanup()
{
	local p
	for p in $PIDS; do
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	ip netns del "$NS" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
ip netns add "$NS" || exit 77
ip -n "$NS" link set lo up
ip netns exec "$NS" nft -f - <<'EOF' || { echo "nft failed" >&2; exit 1; }
table inet erwtest {
	chain input {
		type filter hook input priority 0; policy accept;
		ip daddr 127.2.0.0/16 drop
	}
}
EOF
ip netns exec "$NS" "$REF" listen "$PORT" >"$T/listen.out" 2>&1 &
PIDS="$PIDS $!"
tb_wait_until 10 grep -q ready "$T/listen.out" ||
    { echo "listener did not start: $(cat "$T/listen.out")" >&2; exit 1; }

# served (127.1.0.x) and black-holed (127.2.0.x) alternate in the group,
# so that each black-holed turn sits between two served ones
awk -v n=$N -v port=$PORT -v db="$T/mon.db" 'BEGIN {
	printf "{ \"agent\": \"scale\", \"store\": \"%s\",\n", db
	printf "  \"metricsListen\": \"127.0.0.1:9464\",\n"
	printf "  \"testGroups\": [ { \"name\": \"many\", "
	printf "\"frequencySeconds\": 1, \"timeoutMs\": 500,\n"
	printf "    \"endpoints\": [\n"
	for (i = 0; i < n; i++)
		printf "%s      { \"kind\": \"tcp\", \"address\": "	\
		    "\"127.%d.%d.%d:%d\" }", (i ? ",\n" : ""),		\
		    (i % 2 ? 2 : 1), int(i / 2 / 250), int(i / 2) % 250 + 1, port
	printf "\n    ] } ] }\n"
}' >"$T/mon.json"

ip netns exec "$NS" "$ERWATCH" monitor run --config "$T/mon.json" \
    >"$T/mon.out" 2>"$T/mon.err" &
MPID=$!
PIDS="$PIDS $MPID"
# five rounds for everybody
enough()
{
	[ "$(sqlite3 "$T/mon.db" "SELECT count(*) FROM (SELECT endpoint_id
	    FROM result GROUP BY endpoint_id HAVING count(*) >= 5)" \
	    2>/dev/null)" = $N ]
}
tb_wait_until 60 enough && live_ok "all $N endpoints have 5 results" ||
    live_fail "not every endpoint reached 5 results: $(head -3 "$T/mon.err")"

metrics=$(ip netns exec "$NS" curl -sf -m 10 http://127.0.0.1:9464/metrics)
count=$(echo "$metrics" |
    sed -n 's/^erwatch_monitor_sched_lateness_seconds_count \([0-9]*\)$/\1/p')
inf=$(echo "$metrics" | sed -n \
    's/^erwatch_monitor_sched_lateness_seconds_bucket{le="+Inf"} \([0-9]*\)$/\1/p')
[ -n "$count" ] && [ "$count" -ge $((5 * N)) ] && [ "$inf" = "$count" ] &&
    echo "$metrics" | grep -qx 'erwatch_monitor_sched_skipped_total 0' &&
    live_ok "/metrics: lateness histogram over $count turns, none skipped" ||
    live_fail "/metrics lateness: count '$count' +Inf '$inf'"
# the body is rendered a piece at a time: whole, every series once
series=$(echo "$metrics" | grep -c '^erwatch_monitor_probes_total{')
health=$(echo "$metrics" | grep -c '^erwatch_monitor_endpoint_health{')
[ "$series" = $N ] && [ "$health" = $((3 * N)) ] &&
    [ "$(echo "$metrics" | grep -c '^# TYPE ')" = 10 ] &&
    [ "$(echo "$metrics" | tail -1)" = "erwatch_monitor_alert_failures_total 0" ] &&
    live_ok "/metrics: $N endpoints' series, ten metrics, the body whole" ||
    live_fail "/metrics: $series probe series, $health health series, last line '$(echo "$metrics" | tail -1)'"

kill -TERM $MPID
# in-flight probes finish within their 500 ms timeout
if tb_wait_until 20 sh -c "! kill -0 $MPID 2>/dev/null || grep -q '^State:.*Z' /proc/$MPID/status"; then
	wait $MPID
	rc=$?
else
	kill -KILL $MPID
	wait $MPID
	rc="still running 20 s after SIGTERM"
fi
live_check "SIGTERM: exit 0 (got $rc)" [ "$rc" = 0 ]

q()
{
	sqlite3 "$T/mon.db" "$1"
}
live_check "results for every endpoint" \
    [ "$(q 'SELECT count(DISTINCT endpoint_id) FROM result')" = $N ]
bad=$(q "SELECT count(*) FROM result r JOIN endpoint e ON e.id = r.endpoint_id
    WHERE e.address LIKE '127.1.%' AND r.status != 'ok'")
live_check "served endpoints: every result ok ($bad not)" [ "$bad" = 0 ]
bad=$(q "SELECT count(*) FROM result r JOIN endpoint e ON e.id = r.endpoint_id
    WHERE e.address LIKE '127.2.%' AND (r.status != 'timeout'
    OR r.detail NOT LIKE 'no answer within %')")
live_check "black-holed endpoints: every result a timeout ($bad not)" \
    [ "$bad" = 0 ]
# consecutive starts of each endpoint, one interval apart
gaps=$(q "SELECT count(*), sum(gap < 750000 OR gap > 1250000), min(gap),
    max(gap) FROM (SELECT ts_us - lag(ts_us) OVER (PARTITION BY endpoint_id
    ORDER BY ts_us) AS gap FROM result) WHERE gap IS NOT NULL")
IFS='|' read -r ngaps off gmin gmax <<<"$gaps"
[ "$ngaps" -ge $((4 * N)) ] && [ "$off" = 0 ] &&
    live_ok "$ngaps consecutive probes 1 s apart (${gmin}..${gmax} us)" ||
    live_fail "probes off schedule: $off of $ngaps gaps outside 0.75..1.25 s ($gmin..$gmax us)"
stop=$(q "SELECT detail FROM event WHERE kind = 'stop'")
rows=$(q 'SELECT count(*) FROM result')
[[ $stop =~ ^([0-9]+)\ results\;\ ([0-9]+)\ turns,\ 0\ skipped,\ lateness\ p50\ [0-9.]+\ ms,\ p99\ [0-9.]+\ ms,\ max\ [0-9.]+\ ms$ ]] &&
    [ "${BASH_REMATCH[1]}" = "$rows" ] && [ "${BASH_REMATCH[2]}" = "$rows" ] &&
    live_ok "stop event: $stop" ||
    live_fail "stop event '$stop' against $rows results"
live_summary
