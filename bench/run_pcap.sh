#!/bin/sh
# Capture benchmark: `erwatch pcap --json` on a full-table BGP capture of
# about 1.1 GB, beside two references measured in the same run: the read
# limit (bench_pcap_limit: libpcap's own offline loop over the same file
# with a callback that does nothing) and tshark decoding BGP.
#
#   sh bench/run_pcap.sh BUILD_DIR
#
# The capture comes from BUILD_DIR/gen_fulltable and is cached in
# $ERW_BENCH_DIR (default ${TMPDIR:-/tmp}/erwatch-bench); it is made again
# when the generator binary or a parameter changes.  tshark is far slower,
# so it reads a sample: the first ERW_BENCH_TSHARK_MB MB of the same capture
# (the generator stops only after a churn burst, so the smaller file it
# makes with the same options is a byte-exact prefix of the big one; this
# script checks that with cmp).  Both speeds are MB/s (MB = 2^20 bytes)
# over the file read, so they compare.  Both files sit in the page cache
# before timing.  The targets are judged on wall-clock time; MB/s over CPU
# time (user + sys) is printed beside it because on a shared machine the
# wall clock also counts time spent waiting for a CPU.  erwatch and the
# read limit run ERW_BENCH_RUNS times each, in turn (limit, erwatch, limit,
# ...), so that both see the same machine; the best wall time of each
# counts, and erwatch's peak RSS is the largest seen.
#
# Checked in the same run: per BGP message type, erwatch's totals equal
# tshark's on the sample and the generator's own counts on the full file,
# and so do the prefixes announced and withdrawn.
# Targets: >= 70% of the read limit, >= 500 MB/s, >= 50x tshark, peak RSS
# <= 64 MB.  Exits 1 when a target or a check fails, 2 when something
# needed is missing.
#
# Knobs (environment): ERW_BENCH_SIZE_MB (1100), ERW_BENCH_PREFIXES
# (850000), ERW_BENCH_SEED (1), ERW_BENCH_TSHARK_MB (100; 0 = the whole
# file), ERW_BENCH_RUNS (5), ERW_BENCH_DIR.
set -u

build=${1:-build}
erwatch=$build/erwatch
gen=$build/gen_fulltable
limit=$build/bench_pcap_limit
size_mb=${ERW_BENCH_SIZE_MB:-1100}
prefixes=${ERW_BENCH_PREFIXES:-850000}
seed=${ERW_BENCH_SEED:-1}
sample_mb=${ERW_BENCH_TSHARK_MB:-100}
runs=${ERW_BENCH_RUNS:-5}
dir=${ERW_BENCH_DIR:-${TMPDIR:-/tmp}/erwatch-bench}

target_frac=0.70
target_mbs=500
target_ratio=50
target_rss_mb=64

die() {
	echo "run_pcap: $*" >&2
	exit 2
}

for t in "$erwatch" "$gen" "$limit"; do
	[ -x "$t" ] || die "missing $t (build first: make build)"
done
command -v tshark >/dev/null 2>&1 || die "tshark not found (make check-deps)"
command -v jq >/dev/null 2>&1 || die "jq not found (make check-deps)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian package 'time')"
mkdir -p "$dir" || die "cannot create $dir"

big=$dir/fulltable.pcap
sample=$dir/fulltable-sample.pcap
key="$(cksum < "$gen") size=$size_mb prefixes=$prefixes seed=$seed"
key="$key sample=$sample_mb"

# ---- the capture -------------------------------------------------------
use_sample=false
if [ "$sample_mb" -gt 0 ] && [ "$sample_mb" -lt "$size_mb" ]; then
	use_sample=true
fi
if [ ! -f "$big" ] || [ ! -f "$dir/fulltable.json" ] ||
    { $use_sample && [ ! -f "$sample" ]; } ||
    [ ! -f "$dir/fulltable.key" ] ||
    [ "$(cat "$dir/fulltable.key")" != "$key" ]; then
	rm -f "$big" "$sample" "$dir/fulltable.key" "$dir/fulltable.json"
	echo "generating $big ($size_mb MB, $prefixes prefixes, seed $seed)"
	"$gen" -o "$big" --size-mb "$size_mb" --prefixes "$prefixes" \
	    --seed "$seed" --stats "$dir/fulltable.json" ||
	    die "generator failed"
	if $use_sample; then
		"$gen" -o "$sample" --size-mb "$sample_mb" \
		    --prefixes "$prefixes" --seed "$seed" \
		    --stats "$dir/fulltable-sample.json" ||
		    die "generator failed (sample)"
	fi
	echo "$key" > "$dir/fulltable.key"
fi
if $use_sample; then
	sample_bytes=$(wc -c < "$sample")
	cmp -s -n "$sample_bytes" "$sample" "$big" ||
	    die "$sample is not a prefix of $big (generator not deterministic?)"
	sample_what="sample: the first $(awk -v b="$sample_bytes" \
	    'BEGIN { printf "%.1f", b / 1048576 }') MB of the same capture"
else
	sample=$big
	sample_bytes=$(wc -c < "$big")
	sample_what="the whole capture"
fi
big_bytes=$(wc -c < "$big")
frames=$(jq -r .frames "$dir/fulltable.json")
n4=$(jq -r .prefixes_v4 "$dir/fulltable.json")
n6=$(jq -r .prefixes_v6 "$dir/fulltable.json")
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
printf 'file      %s: %s bytes (%s MB), %s frames, %s IPv4 + %s IPv6' \
    "$big" "$big_bytes" "$(mb "$big_bytes")" "$frames" "$n4" "$n6"
echo " prefixes"

# Page cache: read both once so neither tool pays for the disk.
cat "$big" > /dev/null
[ "$sample" = "$big" ] || cat "$sample" > /dev/null

tmp=$(mktemp -d "$dir/run.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT INT TERM

# ---- the read limit and erwatch on the whole capture, in turn -----------
best=""
best_cpu=""
lim_best=""
lim_cpu=""
rss_max=0
i=1
while [ "$i" -le "$runs" ]; do
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/ltime" "$limit" "$big" \
	    > "$tmp/limit.out" 2> "$tmp/limit.err" ||
	    { echo "run_pcap: bench_pcap_limit failed:" >&2;
	    head -5 "$tmp/limit.err" >&2; exit 1; }
	read -r l_bytes l_loop < "$tmp/limit.out"
	[ "$l_bytes" = "$big_bytes" ] ||
	    die "bench_pcap_limit read $l_bytes bytes, the file has $big_bytes"
	read -r t_wall t_user t_sys t_rss <<-EOF
	$(tail -1 "$tmp/ltime")
	EOF
	printf 'limit     run %d: %s s wall (loop %s s), %s s user, %s s sys\n' \
	    "$i" "$t_wall" "$l_loop" "$t_user" "$t_sys"
	if [ -z "$lim_best" ] ||
	    awk -v a="$t_wall" -v b="$lim_best" 'BEGIN { exit !(a < b) }'; then
		lim_best=$t_wall
	fi
	cpu=$(awk -v u="$t_user" -v s="$t_sys" 'BEGIN { printf "%.2f", u + s }')
	if [ -z "$lim_cpu" ] ||
	    awk -v a="$cpu" -v b="$lim_cpu" 'BEGIN { exit !(a < b) }'; then
		lim_cpu=$cpu
	fi
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" \
	    "$erwatch" pcap --json "$big" > "$tmp/erwatch.json" \
	    2> "$tmp/erwatch.err"
	rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "run_pcap: erwatch pcap exited $rc:" >&2
		head -5 "$tmp/erwatch.err" >&2
		exit 1
	fi
	# the last line: /usr/bin/time puts "Command exited ..." before it
	read -r t_wall t_user t_sys t_rss <<-EOF
	$(tail -1 "$tmp/time")
	EOF
	printf 'erwatch   run %d: %s s wall, %s s user, %s s sys, ' \
	    "$i" "$t_wall" "$t_user" "$t_sys"
	printf '%s KB peak RSS, exit %d\n' "$t_rss" "$rc"
	if [ -z "$best" ] ||
	    awk -v a="$t_wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
		best=$t_wall
	fi
	cpu=$(awk -v u="$t_user" -v s="$t_sys" 'BEGIN { printf "%.2f", u + s }')
	if [ -z "$best_cpu" ] ||
	    awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then
		best_cpu=$cpu
	fi
	[ "$t_rss" -gt "$rss_max" ] && rss_max=$t_rss
	i=$((i + 1))
done
rate() {	# bytes seconds
	awk -v b="$1" -v t="$2" \
	    'BEGIN { if (t < 0.01) t = 0.01; printf "%.1f", b / 1048576 / t }'
}
erw_mbs=$(rate "$big_bytes" "$best")
erw_cpu_mbs=$(rate "$big_bytes" "$best_cpu")
lim_mbs=$(rate "$big_bytes" "$lim_best")
lim_cpu_mbs=$(rate "$big_bytes" "$lim_cpu")
frac=$(awk -v a="$erw_mbs" -v b="$lim_mbs" \
    'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
cpu_frac=$(awk -v a="$erw_cpu_mbs" -v b="$lim_cpu_mbs" \
    'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')

# ---- tshark on the sample, erwatch on the same sample ---------------------
/usr/bin/time -f '%e %U %S %M' -o "$tmp/ttime" \
    tshark -r "$sample" -Y bgp -T fields -e bgp.type > "$tmp/tshark.tsv" \
    2> "$tmp/tshark.err"
trc=$?
[ "$trc" -eq 0 ] || { echo "run_pcap: tshark exited $trc" >&2;
    head -5 "$tmp/tshark.err" >&2; exit 1; }
read -r t_wall t_user t_sys t_rss <<EOF
$(tail -1 "$tmp/ttime")
EOF
ts_secs=$t_wall
ts_cpu=$(awk -v u="$t_user" -v s="$t_sys" 'BEGIN { printf "%.2f", u + s }')
ts_mbs=$(awk -v b="$sample_bytes" -v t="$ts_secs" \
    'BEGIN { if (t < 0.01) t = 0.01; printf "%.2f", b / 1048576 / t }')
ts_cpu_mbs=$(awk -v b="$sample_bytes" -v t="$ts_cpu" \
    'BEGIN { if (t < 0.01) t = 0.01; printf "%.2f", b / 1048576 / t }')
printf 'tshark    %s s wall, %s s user, %s KB peak RSS (%s)\n' \
    "$t_wall" "$t_user" "$t_rss" "$sample_what"
if [ "$sample" = "$big" ]; then
	cp "$tmp/erwatch.json" "$tmp/erwatch-sample.json"
else
	"$erwatch" pcap --json "$sample" > "$tmp/erwatch-sample.json" \
	    2> /dev/null
	[ $? -le 1 ] || { echo "run_pcap: erwatch failed on the sample" >&2;
	    exit 1; }
fi

# ---- counts ---------------------------------------------------------------
# "TYPE N" lines, sorted, for each source.
erw_counts() {
	jq -r '[.sessions[].messages[] | to_entries[]] | group_by(.key) |
	    map("\(.[0].key) \(map(.value) | add)") | .[]' "$1" | sort
}
erw_counts "$tmp/erwatch-sample.json" > "$tmp/c_erw_sample"
tr ',' '\n' < "$tmp/tshark.tsv" | awk '
	BEGIN { split("OPEN UPDATE NOTIFICATION KEEPALIVE ROUTE-REFRESH", n, " ") }
	NF { c[$1 in n ? n[$1] : "type-" $1]++ }
	END { for (k in c) print k, c[k] }' | sort > "$tmp/c_tshark"
erw_counts "$tmp/erwatch.json" > "$tmp/c_erw_big"
jq -r '[.messages[] | to_entries[]] | group_by(.key) |
    map("\(.[0].key) \(map(.value) | add)") | .[]' "$dir/fulltable.json" |
    sort > "$tmp/c_gen"

fail=0
oneline() { tr '\n' ' ' < "$1"; }
if [ -s "$tmp/c_tshark" ] && cmp -s "$tmp/c_erw_sample" "$tmp/c_tshark"; then
	printf 'counts    %s: erwatch = tshark: %s OK\n' "$sample_what" \
	    "$(oneline "$tmp/c_tshark")"
else
	printf 'counts    %s: erwatch %s != tshark %s FAIL\n' "$sample_what" \
	    "$(oneline "$tmp/c_erw_sample")" "$(oneline "$tmp/c_tshark")"
	fail=1
fi
if cmp -s "$tmp/c_erw_big" "$tmp/c_gen"; then
	printf 'counts    whole capture: erwatch = generator: %s OK\n' \
	    "$(oneline "$tmp/c_gen")"
else
	printf 'counts    whole capture: erwatch %s != generator %s FAIL\n' \
	    "$(oneline "$tmp/c_erw_big")" "$(oneline "$tmp/c_gen")"
	fail=1
fi
want=$(jq -c '{announced, withdrawn}' "$dir/fulltable.json")
got=$(jq -c '[.sessions[].prefixes[]] | {announced: (map(.announced) | add),
    withdrawn: (map(.withdrawn) | add)}' "$tmp/erwatch.json")
if [ "$want" = "$got" ]; then
	printf 'prefixes  whole capture: erwatch = generator: %s OK\n' "$got"
else
	printf 'prefixes  whole capture: erwatch %s != generator %s FAIL\n' \
	    "$got" "$want"
	fail=1
fi

# ---- figures and targets -----------------------------------------------------
ratio=$(awk -v a="$erw_mbs" -v b="$ts_mbs" \
    'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
cpu_ratio=$(awk -v a="$erw_cpu_mbs" -v b="$ts_cpu_mbs" \
    'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
rss_mb=$(awk -v k="$rss_max" 'BEGIN { printf "%.1f", k / 1024 }')
echo
printf '%-30s %9s %9s %8s %9s %8s\n' "" "erwatch" "limit" "fraction" \
    "tshark" "ratio"
printf '%-30s %9s %9s %8s %9s\n' "bytes read" "$big_bytes" "$big_bytes" "" \
    "$sample_bytes"
printf '%-30s %9s %9s %8s %9s\n' "wall seconds (best run)" "$best" \
    "$lim_best" "" "$ts_secs"
printf '%-30s %9s %9s %8s %9s %7sx\n' "MB/s, wall clock" "$erw_mbs" \
    "$lim_mbs" "$frac" "$ts_mbs" "$ratio"
printf '%-30s %9s %9s %8s %9s\n' "CPU seconds, user+sys (best)" \
    "$best_cpu" "$lim_cpu" "" "$ts_cpu"
printf '%-30s %9s %9s %8s %9s %7sx\n' "MB/s, CPU time" "$erw_cpu_mbs" \
    "$lim_cpu_mbs" "$cpu_frac" "$ts_cpu_mbs" "$cpu_ratio"
printf '%-30s %9s\n' "peak RSS MB (largest run)" "$rss_mb"
printf 'load average %s on %s CPUs (wall clock includes waiting for a CPU)\n' \
    "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" \
    "$(nproc 2>/dev/null || echo '?')"
echo
verdict() {	# name value op limit
	if awk -v v="$2" -v l="$4" -v op="$3" \
	    'BEGIN { exit !(op == ">=" ? v >= l : v <= l) }'; then
		printf 'target    %-26s %10s  PASS\n' "$1 $3 $4" "$2"
	else
		printf 'target    %-26s %10s  FAIL\n' "$1 $3 $4" "$2"
		fail=1
	fi
}
verdict "fraction of the limit" "$frac" ">=" "$target_frac"
verdict "erwatch MB/s" "$erw_mbs" ">=" "$target_mbs"
verdict "ratio to tshark" "$ratio" ">=" "$target_ratio"
verdict "peak RSS MB" "$rss_mb" "<=" "$target_rss_mb"
exit $fail
