#!/bin/sh
# make bench: run every bench/run_*.sh with the build directory.  Each one
# prints its figure beside the reference it is compared with, measured in
# the same run, and exits non-zero when a target is missed.
set -u
build=${1:-build}
here=$(dirname "$0")
rc=0
# run_diagnose.sh last: it measures on the files the others generate
for b in $(ls "$here"/run_*.sh | grep -v '/run_diagnose.sh$') \
    "$here/run_diagnose.sh"; do
	[ -f "$b" ] || continue
	echo "== $(basename "$b" .sh)"
	sh "$b" "$build" || rc=1
	echo
done
exit $rc
