#!/bin/sh
# erwatch demo (`make demo`): run erwatch on the bundled evidence in
# examples/.  Exit status: 0 when erwatch ran and judged (its exit 0 = nothing
# wrong, 1 = problems found, both fine for a demo), non-zero when erwatch
# failed to run (exit 2 usage/input error, 3 runtime failure, or a crash).
#
#	sh examples/demo.sh ERWATCH
set -u

ERWATCH=${1:-build/erwatch}
if [ ! -x "$ERWATCH" ] || [ -d "$ERWATCH" ]; then
	echo "demo: '$ERWATCH' is not an executable erwatch binary" >&2
	exit 2
fi
case $ERWATCH in
/*) ;;
*) ERWATCH=$(pwd)/$ERWATCH ;;
esac
# Run from the top of the tree so the evidence shows as examples/...
cd "$(dirname "$0")/.." || exit 2
HERE=examples

# run TITLE CMD...: run one erwatch command, explain its exit code; returns
# 0 for exit 0/1, 1 otherwise.
run()
{
	title=$1
	shift
	echo
	echo "==> $title"
	echo "\$ erwatch $*"
	"$ERWATCH" "$@"
	rc=$?
	case $rc in
	0) echo "--> exit 0: nothing wrong found." ;;
	1) echo "--> exit 1: problems found (the expected result for this" \
	    "evidence; see the findings and their remedies above)." ;;
	2) echo "--> exit 2: usage or input error." ; return 1 ;;
	3) echo "--> exit 3: runtime failure." ; return 1 ;;
	*) echo "--> exit $rc: erwatch crashed or was killed." ; return 1 ;;
	esac
	return 0
}

echo "erwatch demo: diagnosing BGP sessions to Azure ExpressRoute from" \
    "bundled evidence in examples/ (captures recorded with real BIRD and FRR)."

status=0
run "A failing session: CE hold timer expires while the MSEE is frozen" \
    pcap "$HERE/failing-session.pcap" || status=1
if [ -f "$HERE/healthy-session.pcap" ]; then
	run "A healthy session (keepalive 3 s / hold 9 s)" \
	    pcap "$HERE/healthy-session.pcap" || status=1
fi
# Azure exports: only once they are bundled and `erwatch circuit` works.
if [ -d "$HERE/azure" ] &&
    "$ERWATCH" circuit --help >/dev/null 2>&1; then
	run "The ExpressRoute circuit, from Azure exports" \
	    circuit "$HERE/azure" || status=1
fi
echo
if [ "$status" -eq 0 ]; then
	echo "demo: done. Exit 1 above means erwatch found problems in the" \
	    "evidence, which is what this demo shows; see examples/README.md."
else
	echo "demo: erwatch failed on the bundled evidence (see above)." >&2
fi
exit $status
