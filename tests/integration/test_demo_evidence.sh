#!/bin/bash
# The demo's evidence folders (examples/evidence/, what `make demo` runs
# erwatch diagnose on): they are what tests/tools/make_demo_evidence.sh
# makes from tests/data today (so they never drift from the recordings),
# each is diagnosed with the cause examples/evidence/EXPECTED names, as
# the best hypothesis, with a fault exit code unless it is healthy, and
# examples/demo.sh runs through and says "as expected" for each.
set -u

E=${ERWATCH:?ERWATCH not set}
S=${ERW_SRC_DIR:?ERW_SRC_DIR not set}
. "$S/tests/integration/lib_check.sh"
require_programs jq diff
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }

ERWATCH=$E MON_HISTORY_WRITE=${ERW_BUILD_DIR:?}/mon_history_write \
    sh "$S/tests/tools/make_demo_evidence.sh" "$tmp/fresh" >/dev/null
if diff -r "$S/examples/evidence" "$tmp/fresh" >"$tmp/diff"; then
	ok "examples/evidence is what make_demo_evidence.sh makes"
else
	ko "examples/evidence differs from make_demo_evidence.sh: regenerate it"
	head -20 "$tmp/diff"
fi

n=0
while IFS=$'\t' read -r name want; do
	case $name in ''|'#'*) continue ;; esac
	n=$((n + 1))
	"$E" diagnose --json "$S/examples/evidence/$name" >"$tmp/$name.json" 2>/dev/null
	rc=$?
	got=$(jq -r '.hypotheses[0].cause' "$tmp/$name.json")
	verdict=$(jq -r '.verdict.cause' "$tmp/$name.json")
	if [ "$want" = healthy ]; then wrc=0; else wrc=1; fi
	if [ "$got" = "$want" ] && [ "$verdict" = "$want" ] && [ $rc = $wrc ]; then
		ok "$name: $got, exit $rc"
	else
		ko "$name: got $got (verdict $verdict, exit $rc), want $want (exit $wrc)"
	fi
	unrec=$(jq '[.evidence[] | select(.kind == "unrecognised")] | length' "$tmp/$name.json")
	[ "$unrec" = 0 ] && ok "$name: every file recognised" ||
	    ko "$name: $unrec file(s) not recognised"
done <"$S/examples/evidence/EXPECTED"
[ $n -ge 5 ] && ok "$n folders" || ko "only $n folders in EXPECTED"

sh "$S/examples/demo.sh" "$E" "$tmp/demo" >"$tmp/demo.out" 2>&1
rc=$?
[ $rc = 0 ] && ok "demo.sh exits 0" || ko "demo.sh exit $rc"
[ "$(grep -c ' as expected$' "$tmp/demo.out")" = $n ] &&
    ok "demo.sh: every folder as expected" || { ko "demo.sh summary"; tail -12 "$tmp/demo.out"; }

echo "$pass passed, $fail failed"
[ $fail = 0 ]
