#!/bin/bash
# erwatch config --emit: for every dialect and every circuit export at
# hand, the generated on-premises configuration is read back as that
# dialect and passes the check (CONFIG_OK on both paths, nothing above
# info), carries a password placeholder exactly when the peering has a
# sharedKey, and never the key.  Usage errors exit 2.
set -u

E=${ERWATCH:?ERWATCH not set}
S=${ERW_SRC_DIR:?ERW_SRC_DIR not set}
C=${ERW_SHARED_DIR:-$S/../shared}/corpus/azure/healthy/er-circuit.json
. "$S/tests/integration/lib_check.sh"
require_programs jq
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }

for ckt in "$C" "$S/tests/data/config/circuit-md5.json" \
    "$S/tests/data/azure/circuit/circuit-ok.json"; do
	md5=$(jq -r '[.. | objects | select(has("sharedKey"))] | length' \
	    "$ckt")
	for d in ios eos nx-os ios-xr frr junos-set junos bird; do
		n="$d-$(basename "$ckt" .json)"
		if ! "$E" config --emit "$d" --circuit "$ckt" >"$tmp/$n.cfg" \
		    2>"$tmp/$n.err"; then
			ko "$n: --emit failed"; cat "$tmp/$n.err"; continue
		fi
		"$E" config --json --circuit "$ckt" "$tmp/$n.cfg" \
		    >"$tmp/$n.json" 2>"$tmp/$n.err"
		rc=$?
		if [ "$md5" -gt 0 ]; then
			grep -q SHAREDKEY-OF-THE-PEERING "$tmp/$n.cfg"
		else
			! grep -q SHAREDKEY-OF-THE-PEERING "$tmp/$n.cfg"
		fi
		placeholder=$?
		if [ $rc -eq 0 ] && [ $placeholder -eq 0 ] &&
		    ! grep -q PlantedShared-Key9 "$tmp/$n.cfg" &&
		    json_check "$tmp/$n.json" '.config.dialect == $d and
		    ([.findings[] | select(.code == "CONFIG_OK") |
		    .subject.path] | sort) == ["primary", "secondary"] and
		    all(.findings[]; .severity == "info")' --arg d "$d"; then
			ok "$n: generated config passes the check"
		else
			ko "$n: generated config (exit $rc, placeholder" \
			    "$placeholder)"
			cat "$tmp/$n.err"
			jq -c '.config.dialect, [.findings[] | [.code,
			    .summary]]' "$tmp/$n.json"
		fi
	done
done

"$E" config --emit vyos --circuit "$C" >/dev/null 2>"$tmp/e"
[ $? -eq 2 ] && ok "unknown dialect: exit 2" || ko "unknown dialect"
"$E" config --emit ios --circuit "$C" "$S/tests/data/config/ios/healthy.cfg" \
    >/dev/null 2>"$tmp/e"
[ $? -eq 2 ] && ok "--emit with a config: exit 2" || ko "--emit with a config"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
