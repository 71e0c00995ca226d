#!/bin/sh
# erwatch demo (`make demo`): erwatch diagnose on the bundled evidence
# folders of examples/evidence/ (made from the project's testbed recordings
# and exports by tests/tools/make_demo_evidence.sh), each with the cause it
# should find in examples/evidence/EXPECTED; one failing folder is shown
# in full, the others by their verdict; HTML reports go to OUTDIR when
# diagnose can write them.
#
# Exit status: 0 when erwatch ran and judged every folder (exit 0 or 1),
# non-zero when it failed to run (exit 2 usage/input error, 3 runtime
# failure, a crash).  A verdict other than EXPECTED is printed as such;
# tests/integration/test_demo_evidence.sh is what fails on it.
#
#	sh examples/demo.sh ERWATCH [OUTDIR]
set -u

ERWATCH=${1:-build/erwatch}
OUTDIR=${2:-build/demo}
if [ ! -x "$ERWATCH" ] || [ -d "$ERWATCH" ]; then
	echo "demo: '$ERWATCH' is not an executable erwatch binary" >&2
	exit 2
fi
case $ERWATCH in
/*) ;;
*) ERWATCH=$(pwd)/$ERWATCH ;;
esac
case $OUTDIR in
/*) ;;
*) OUTDIR=$(pwd)/$OUTDIR ;;
esac
# Run from the top of the tree so the evidence shows as examples/...
cd "$(dirname "$0")/.." || exit 2
mkdir -p "$OUTDIR" || exit 2

html=no
"$ERWATCH" diagnose --help 2>/dev/null | grep -q -- '--html' && html=yes

# explain RC: what an exit code means; 0 when erwatch judged.
explain()
{
	case $1 in
	0) echo "--> exit 0: nothing wrong found." ;;
	1) echo "--> exit 1: a fault found (the causes above, best first)." ;;
	2) echo "--> exit 2: usage or input error." ; return 1 ;;
	3) echo "--> exit 3: runtime failure." ; return 1 ;;
	*) echo "--> exit $1: erwatch crashed or was killed." ; return 1 ;;
	esac
	return 0
}

echo "erwatch demo: \`erwatch diagnose\` on evidence folders (captures"
echo "recorded with real BIRD and FRR, router outputs, Azure exports, a"
echo "carrier's outage log), each checked layer by layer in the playbook's"
echo "order and its root causes ranked."

status=0
SHOW=hold-timer	# shown in full
summary=""
for dir in examples/evidence/*/; do
	dir=${dir%/}
	name=${dir##*/}
	want=$(awk -v n="$name" '$1 == n { print $2 }' examples/evidence/EXPECTED)
	[ -n "$want" ] || want="?"
	set -- diagnose
	[ $html = yes ] && set -- "$@" --html "$OUTDIR/$name.html"
	if [ "$name" = "$SHOW" ]; then
		shown=yes
		echo
		echo "==> $name: the whole report"
		echo "\$ erwatch $* $dir"
		"$ERWATCH" "$@" "$dir"
		rc=$?
		explain $rc || status=1
	fi
	"$ERWATCH" "$@" --json "$dir" >"$OUTDIR/$name.json" 2>"$OUTDIR/$name.err"
	rc=$?
	case $rc in 0|1) ;; *) status=1 ;; esac
	# the verdict's cause, without jq (the demo needs only the build)
	got=$(tr -d '\n' <"$OUTDIR/$name.json" |
	    sed -n 's/.*"verdict": *{[^}]*"cause": *"\([a-z0-9_]*\)".*/\1/p')
	if [ "$got" = "$want" ]; then mark="as expected"; else
		mark="EXPECTED $want"; fi
	summary="$summary$(printf '  %-16s exit %s  %-26s %s' "$name" "$rc" \
	    "${got:-?}" "$mark")
"
done

echo
echo "==> every folder (erwatch diagnose DIR; --json and --html for machines)"
printf '%s' "$summary"
if [ $html = yes ]; then
	echo "HTML reports, one page per folder for a browser: $OUTDIR/*.html"
fi

echo
echo "Each layer is a command of its own too: erwatch pcap FILE, erwatch"
echo "router FILE, erwatch circuit DIR, erwatch flow, erwatch nexthop (README)."
exit $status
