#!/bin/sh
# Monitor benchmark: `erwatch monitor run` probing many TCP endpoints on
# loopback, half of them black-holed so that they time out, beside the
# reference measured in the same run: bench_monitor_ref probe, a minimal
# epoll connect loop over the same endpoints on the same schedule (no
# store, no evaluation).
#
#   sh bench/run_monitor.sh BUILD_DIR
#
# Two cases, each run by the reference and then by erwatch:
#   big   ERW_BENCH_MON_N (10000) endpoints every ERW_BENCH_MON_INTERVAL
#         (30) s, measured over ERW_BENCH_MON_ROUNDS (3) intervals;
#   fast  ERW_BENCH_MON_FAST_N (1000) endpoints every second, measured
#         over ERW_BENCH_MON_FAST_SECS (20) s.
# Each program first runs ERW_BENCH_MON_WARMUP (10) s (start-up: the
# config read, the endpoints registered) outside the window.
#
# Everything happens in a network namespace the script creates (lo up):
# one listener (bench_monitor_ref listen) accepts on port 8179 of every
# address; endpoint i is 127.1.x.y:8179 for even i and 127.2.x.y:8179 for
# odd i, and an nft rule in the namespace drops what goes to 127.2.0.0/16
# (input hook), so every other endpoint is black-holed and its probe
# waits out the group's timeout (ERW_BENCH_MON_TIMEOUT_MS, 5000; the fast
# case 500).  Host rules are untouched; the namespace and the programs are
# removed by trap, by PID and by name.
#
# Figures, per case and program: CPU time (utime + stime from /proc over
# the window) as % of one core, peak RSS (VmHWM just before SIGTERM), and
# scheduling lateness p50/p99/max: how late each probe started against
# its scheduled time.  erwatch gives it in its "stop" event (and as the
# Prometheus histogram erwatch_monitor_sched_lateness_seconds); its
# quantiles are bucket bounds, within 19%.  The reference sorts its own.
# Checked in the same run: erwatch recorded results for every endpoint,
# "ok" for every served one and "timeout" for every black-holed one.
# Targets (issue 12): <= 5% of one core at 10,000 / 30 s, peak RSS <= 64
# MB, p99 lateness <= 50 ms (both cases).  Exits 1 when a target or a
# check fails, 2 when something needed is missing (root for the
# namespace, nft, sqlite3).
set -u

build=${1:-build}
erwatch=$build/erwatch
ref=$build/bench_monitor_ref
n_big=${ERW_BENCH_MON_N:-10000}
int_big=${ERW_BENCH_MON_INTERVAL:-30}
rounds=${ERW_BENCH_MON_ROUNDS:-3}
tmo_big=${ERW_BENCH_MON_TIMEOUT_MS:-5000}
n_fast=${ERW_BENCH_MON_FAST_N:-1000}
fast_secs=${ERW_BENCH_MON_FAST_SECS:-20}
warmup=${ERW_BENCH_MON_WARMUP:-10}
port=8179

target_cpu=5
target_rss_mb=64
target_p99_ms=50

die() {
	echo "run_monitor: $*" >&2
	exit 2
}

for t in "$erwatch" "$ref"; do
	[ -x "$t" ] || die "missing $t (build first: make build)"
done
[ "$(id -u)" = 0 ] || die "needs root (a network namespace and nft)"
for c in ip nft sqlite3; do
	command -v "$c" >/dev/null 2>&1 ||
	    die "$c not found (make check-deps)"
done
tck=$(getconf CLK_TCK)

ns=erwbench-mon-$$
tmp=$(mktemp -d "${TMPDIR:-/tmp}/erwatch-bench-mon.XXXXXX") ||
    die "mktemp failed"
LPID=""
PID=""
cleanup() {
	for p in $PID $LPID; do
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

ip netns add "$ns" || die "cannot create namespace $ns"
ip -n "$ns" link set lo up || die "cannot bring lo up in $ns"
ip netns exec "$ns" nft -f - <<EOF || die "nft failed"
table inet erwbench {
	chain input {
		type filter hook input priority 0; policy accept;
		ip daddr 127.2.0.0/16 drop
	}
}
EOF
ip netns exec "$ns" "$ref" listen "$port" > "$tmp/listen.out" 2>&1 &
LPID=$!
i=0
until grep -q ready "$tmp/listen.out" 2>/dev/null; do
	i=$((i + 1))
	[ $i -le 100 ] || die "listener did not start: $(cat "$tmp/listen.out")"
	kill -0 "$LPID" 2>/dev/null || die "listener died: $(cat "$tmp/listen.out")"
	sleep 0.1
done

# endpoints FILE N: ADDR:PORT lines, served and black-holed alternating,
# so that every black-holed endpoint's turn sits between two served ones
endpoints() {
	awk -v n="$2" -v port="$port" 'BEGIN {
		for (i = 0; i < n; i++) {
			j = int(i / 2)
			printf "127.%d.%d.%d:%d\n", (i % 2 ? 2 : 1),
			    int(j / 250), j % 250 + 1, port
		}
	}' > "$1"
}

# config FILE ENDPOINTS INTERVAL_S TIMEOUT_MS STORE
config() {
	awk -v iv="$3" -v tmo="$4" -v store="$5" '
	BEGIN {
		printf "{ \"agent\": \"bench\", \"store\": \"%s\",\n", store
		printf "  \"testGroups\": [ { \"name\": \"bench\", "
		printf "\"frequencySeconds\": %d, \"timeoutMs\": %d,\n", iv, tmo
		printf "    \"endpoints\": [\n"
	}
	{ printf "%s      { \"kind\": \"tcp\", \"address\": \"%s\" }",
	    (NR > 1 ? ",\n" : ""), $0 }
	END { printf "\n    ] } ] }\n" }' "$2" > "$1"
}

ticks() {	# PID: utime + stime in clock ticks
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}
now() {
	date +%s.%N
}

# measure NAME WINDOW_S CMD...: runs CMD in the namespace, waits the
# warm-up, measures CPU over the window, peak RSS at its end, then
# SIGTERM.  Sets cpu_pct, rss_kb; CMD's stdout is in $tmp/NAME.out.
measure() {
	name=$1
	window=$2
	shift 2
	ip netns exec "$ns" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err" &
	PID=$!
	sleep "$warmup"
	kill -0 "$PID" 2>/dev/null || { echo "run_monitor: $name died:" >&2;
	    head -5 "$tmp/$name.err" >&2; exit 1; }
	c0=$(ticks "$PID")
	w0=$(now)
	sleep "$window"
	c1=$(ticks "$PID")
	w1=$(now)
	rss_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$PID/status")
	kill -TERM "$PID"
	wait "$PID"
	rc=$?
	PID=""
	[ "$rc" = 0 ] || { echo "run_monitor: $name exited $rc:" >&2;
	    head -5 "$tmp/$name.err" >&2; exit 1; }
	cpu_pct=$(awk -v a="$c0" -v b="$c1" -v w0="$w0" -v w1="$w1" \
	    -v hz="$tck" 'BEGIN { printf "%.2f", (b - a) / hz / (w1 - w0) * 100 }')
}

fail=0
verdict() {	# name value op limit
	if awk -v v="$2" -v l="$4" -v op="$3" \
	    'BEGIN { exit !(op == ">=" ? v >= l : v <= l) }'; then
		printf 'target    %-38s %10s  PASS\n' "$1 $3 $4" "$2"
	else
		printf 'target    %-38s %10s  FAIL\n' "$1 $3 $4" "$2"
		fail=1
	fi
}
field() {	# FILE KEY: the number after KEY in the reference's line
	awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' "$1"
}

# run_case NAME N INTERVAL_S TIMEOUT_MS WINDOW_S
run_case() {
	cname=$1
	n=$2
	iv=$3
	tmo=$4
	win=$5
	endpoints "$tmp/$cname.eps" "$n"
	db=$tmp/$cname.db
	config "$tmp/$cname.json" "$tmp/$cname.eps" "$iv" "$tmo" "$db"
	echo "case      $cname: $n tcp endpoints every $iv s, timeout $tmo ms," \
	    "half black-holed; window $win s after $warmup s"

	measure "$cname-ref" "$win" "$ref" probe "$tmp/$cname.eps" \
	    $((iv * 1000)) "$tmo"
	r_cpu=$cpu_pct
	r_rss=$rss_kb
	o=$tmp/$cname-ref.out
	r_p50=$(awk -v u="$(field "$o" p50_us)" 'BEGIN { printf "%.3f", u / 1000 }')
	r_p99=$(awk -v u="$(field "$o" p99_us)" 'BEGIN { printf "%.3f", u / 1000 }')
	r_max=$(awk -v u="$(field "$o" max_us)" 'BEGIN { printf "%.3f", u / 1000 }')
	printf 'reference %s\n' "$(cat "$o")"

	measure "$cname-erw" "$win" "$erwatch" monitor run \
	    --config "$tmp/$cname.json"
	e_cpu=$cpu_pct
	e_rss=$rss_kb
	stop=$(sqlite3 "$db" "SELECT detail FROM event WHERE kind = 'stop'
	    ORDER BY id DESC LIMIT 1")
	printf 'erwatch   stop event: %s\n' "$stop"
	e_p50=$(echo "$stop" | sed -n 's/.* p50 \([0-9.]*\) ms.*/\1/p')
	e_p99=$(echo "$stop" | sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p')
	e_max=$(echo "$stop" | sed -n 's/.* max \([0-9.]*\) ms.*/\1/p')
	[ -n "$e_p99" ] || { echo "run_monitor: no lateness in '$stop'" >&2;
	    fail=1; e_p50=999999; e_p99=999999; e_max=999999; }

	# every endpoint probed; served ones ok, black-holed ones timed out
	got=$(sqlite3 "$db" "SELECT
	    (SELECT count(DISTINCT endpoint_id) FROM result),
	    (SELECT count(*) FROM endpoint e WHERE e.address LIKE '127.1.%'
	     AND EXISTS (SELECT 1 FROM result r WHERE r.endpoint_id = e.id)
	     AND NOT EXISTS (SELECT 1 FROM result r WHERE r.endpoint_id = e.id
	      AND r.status != 'ok')),
	    (SELECT count(*) FROM endpoint e WHERE e.address LIKE '127.2.%'
	     AND EXISTS (SELECT 1 FROM result r WHERE r.endpoint_id = e.id)
	     AND NOT EXISTS (SELECT 1 FROM result r WHERE r.endpoint_id = e.id
	      AND r.status != 'timeout')),
	    (SELECT count(*) FROM result)" | tr '|' ' ')
	set -- $got
	half=$((n / 2))
	if [ "$1" = "$n" ] && [ "$2" = $((n - half)) ] && [ "$3" = "$half" ]; then
		printf 'check     %s: results for all %s endpoints (%s rows), ' \
		    "$cname" "$1" "$4"
		printf '%s served all ok, %s black-holed all timeout OK\n' \
		    "$2" "$3"
	else
		printf 'check     %s: %s of %s endpoints with results, %s served ' \
		    "$cname" "$1" "$n" "$2"
		printf 'all ok (want %s), %s black-holed all timeout (want %s) FAIL\n' \
		    $((n - half)) "$3" "$half"
		fail=1
	fi

	echo
	printf '%-32s %10s %10s\n' "$cname" "erwatch" "reference"
	printf '%-32s %10s %10s\n' "CPU, % of one core (window)" "$e_cpu" "$r_cpu"
	printf '%-32s %10s %10s\n' "peak RSS MB" \
	    "$(awk -v k="$e_rss" 'BEGIN { printf "%.1f", k / 1024 }')" \
	    "$(awk -v k="$r_rss" 'BEGIN { printf "%.1f", k / 1024 }')"
	printf '%-32s %10s %10s\n' "lateness p50 ms" "$e_p50" "$r_p50"
	printf '%-32s %10s %10s\n' "lateness p99 ms" "$e_p99" "$r_p99"
	printf '%-32s %10s %10s\n' "lateness max ms" "$e_max" "$r_max"
	echo
	[ "$cname" = big ] &&
	    verdict "$cname: CPU % of one core" "$e_cpu" "<=" "$target_cpu"
	verdict "$cname: peak RSS MB" \
	    "$(awk -v k="$e_rss" 'BEGIN { printf "%.1f", k / 1024 }')" "<=" \
	    "$target_rss_mb"
	verdict "$cname: p99 lateness ms" "$e_p99" "<=" "$target_p99_ms"
	echo
}

run_case big "$n_big" "$int_big" "$tmo_big" $((int_big * rounds))
run_case fast "$n_fast" 1 500 "$fast_secs"
printf 'load average %s on %s CPUs\n' \
    "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" \
    "$(nproc 2>/dev/null || echo '?')"
exit $fail
