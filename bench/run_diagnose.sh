#!/bin/sh
# diagnose benchmark: `erwatch diagnose --json` on an evidence folder that
# holds the full-table capture of run_pcap.sh (about 1.1 GB) and the
# 200,000-route effective-route export of run_azure.sh, beside the
# reference measured in the same run: the sum of the layers run alone on
# the same files (`erwatch pcap --json` on the capture and `erwatch
# nexthop --routes` on the export).  Target: diagnose <= 1.2x that sum
# (issue 9): recognising, correlating and ranking may cost a little, the
# layers may not be run twice.
#
#   sh bench/run_diagnose.sh BUILD_DIR
#
# It uses the files the other two benchmarks leave in $ERW_BENCH_DIR
# (bench/run.sh runs it last); it links them into a folder, so nothing is
# copied.  Best wall time of ERW_BENCH_RUNS (3) runs each, taken in turn;
# CPU time (user + sys) printed beside it.  Exits 1 when the target is
# missed, 2 when something needed is missing.
set -u

build=${1:-build}
erwatch=$build/erwatch
runs=${ERW_BENCH_RUNS:-3}
dir=${ERW_BENCH_DIR:-${TMPDIR:-/tmp}/erwatch-bench}
target=1.2

die() {
	echo "run_diagnose: $*" >&2
	exit 2
}

[ -x "$erwatch" ] || die "missing $erwatch (build first: make build)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (Debian package 'time')"
cap=$dir/fulltable.pcap
routes=$dir/azure/effective-routes.json
[ -f "$cap" ] && [ -f "$routes" ] ||
    die "needs $cap and $routes: run make bench (run_pcap.sh and run_azure.sh make them)"

tmp=$(mktemp -d "$dir/diag.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/case/pcap" "$tmp/case/azure"
ln "$cap" "$tmp/case/pcap/fulltable.pcap" 2>/dev/null ||
    cp "$cap" "$tmp/case/pcap/fulltable.pcap"
ln "$routes" "$tmp/case/azure/effective-routes.json" 2>/dev/null ||
    cp "$routes" "$tmp/case/azure/effective-routes.json"
cat "$cap" "$routes" > /dev/null	# page cache

# one NAME CMD...: wall and CPU seconds of one run into $tmp/NAME.t
one() {
	name=$1
	shift
	/usr/bin/time -f '%e %U %S' -o "$tmp/$name.t" "$@" >/dev/null 2>&1
	rc=$?
	# exit 1 is a verdict (problems found), not a failure
	[ $rc -le 1 ] || die "$* exited $rc"
	# the last line: time puts "Command exited with non-zero status 1"
	# before it when the verdict is a fault (nexthop's is)
	tail -1 "$tmp/$name.t" | awk '{ printf "%s %.2f\n", $1, $2 + $3 }'
}
best_d=999999 best_p=999999 best_n=999999
cpu_d=0 cpu_p=0 cpu_n=0
i=0
while [ $i -lt "$runs" ]; do
	set -- $(one diag "$erwatch" diagnose --json "$tmp/case")
	if awk -v a="$1" -v b="$best_d" 'BEGIN { exit !(a < b) }'; then
		best_d=$1; cpu_d=$2; fi
	set -- $(one pcap "$erwatch" pcap --json "$tmp/case/pcap/fulltable.pcap")
	if awk -v a="$1" -v b="$best_p" 'BEGIN { exit !(a < b) }'; then
		best_p=$1; cpu_p=$2; fi
	set -- $(one nh "$erwatch" nexthop --routes "$tmp/case/azure/effective-routes.json" \
	    --dst 10.1.2.3)
	if awk -v a="$1" -v b="$best_n" 'BEGIN { exit !(a < b) }'; then
		best_n=$1; cpu_n=$2; fi
	i=$((i + 1))
done
ratio=$(awk -v d="$best_d" -v p="$best_p" -v n="$best_n" \
    'BEGIN { printf "%.2f", d / (p + n) }')
printf 'diagnose  %.2f s wall (%.2f s CPU) on the capture and the export\n' "$best_d" "$cpu_d"
printf 'layers    pcap %.2f s + nexthop load %.2f s = %.2f s wall (%.2f s CPU), same run\n' \
    "$best_p" "$best_n" "$(awk -v p="$best_p" -v n="$best_n" 'BEGIN { print p + n }')" \
    "$(awk -v p="$cpu_p" -v n="$cpu_n" 'BEGIN { print p + n }')"
printf 'ratio     %sx (target <= %sx)\n' "$ratio" "$target"
if awk -v r="$ratio" -v t="$target" 'BEGIN { exit !(r > t) }'; then
	echo "MISSED: diagnose costs more than the layers run alone"
	exit 1
fi
echo "ok"
