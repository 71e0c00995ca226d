#!/bin/sh
# The config check benchmark (bench/bench_config.c): a 200,000-line IOS
# running-config with 500 neighbors parsed and checked, beside the text
# layer alone on the same bytes.  Exits non-zero when the 1 s target is
# missed.  Usage: run_config.sh BUILD_DIR
set -u
build=${1:-build}
bin="$build/bench_config"
if [ ! -x "$bin" ]; then
	echo "run_config: $bin not built" >&2
	exit 1
fi
exec "$bin"
