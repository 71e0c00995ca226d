#!/bin/sh
# The NSG evaluator benchmark (bench/bench_nsg.c): an NSG pair with 1,000
# rules each, 10 million random flows; the compiled evaluator's verdicts/s
# beside the reference scan's, measured in the same run, with every
# verdict of a sample checked against the scan (set NSG_BENCH_FULL=1 to
# check all 10 million, which takes a minute or two).  Exits non-zero when
# a target is missed (>= 5 M verdicts/s, >= 10x the scan) or a verdict
# differs.  Usage: run_nsg.sh BUILD_DIR.  For profiling, run the binary
# itself with --flows N (e.g. under valgrind --tool=callgrind).
set -u
build=${1:-build}
bin="$build/bench_nsg"
if [ ! -x "$bin" ]; then
	echo "run_nsg: $bin not built" >&2
	exit 1
fi
if [ "${NSG_BENCH_FULL:-0}" = 1 ]; then
	exec "$bin" --full
fi
exec "$bin"
