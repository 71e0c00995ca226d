#!/bin/sh
# The LPM table benchmark (bench/bench_lpm.c): 1M IPv4 + 200k IPv6
# prefixes, build time, lookups/s and memory, beside a brute-force scan on
# a sample whose answers must agree.  Exits non-zero when a target is
# missed.  Usage: run_lpm.sh BUILD_DIR
set -u
build=${1:-build}
bin="$build/bench_lpm"
if [ ! -x "$bin" ]; then
	echo "run_lpm: $bin not built" >&2
	exit 1
fi
exec "$bin"
