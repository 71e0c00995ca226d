#!/bin/sh
# make bench: run every bench/run_*.sh with the build directory.  Each one
# prints its figure beside the reference it is compared with, measured in
# the same run, and exits non-zero when a target is missed.
set -u
build=${1:-build}
here=$(dirname "$0")
rc=0
for b in "$here"/run_*.sh; do
	[ -f "$b" ] || continue
	echo "== $(basename "$b" .sh)"
	sh "$b" "$build" || rc=1
	echo
done
exit $rc
