#!/bin/bash
# docs/findings.md must be exactly what the catalog generates
# (`make findings-doc` regenerates it), and every code the analyzers can
# emit must be documented there.
set -u
: "${ERWATCH:?} ${ERW_SRC_DIR:?}"
doc="$ERW_SRC_DIR/docs/findings.md"
[ -f "$doc" ] || { echo "FAIL: $doc is missing"; exit 1; }
if ! diff -u "$doc" <("$ERWATCH" findings --markdown); then
	echo "FAIL: docs/findings.md differs from the catalog: run 'make findings-doc'"
	exit 1
fi
# every FC_ code used in the sources exists in the catalog
missing=0
for code in $(grep -rhoE 'FC_[A-Z0-9_]+' "$ERW_SRC_DIR/src" | sort -u | sed 's/^FC_//'); do
	[ "$code" = "_COUNT" ] && continue
	if ! grep -q "^| \`$code\` |" "$doc"; then
		echo "FAIL: FC_$code used in src/ but not in docs/findings.md"
		missing=1
	fi
done
[ $missing = 0 ] || exit 1
n=$(grep -c '^| `' "$doc")
echo "findings doc in sync: $n codes"
echo "1 passed, 0 failed"
