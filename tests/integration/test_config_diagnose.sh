#!/bin/bash
# erwatch diagnose runs the config check when the folder holds a router
# configuration and a circuit export: the CONFIG_* finding of each fault
# is in the report and ranks its cause first (a wrong remote-as is
# peer_as_mismatch, a key the peering does not have md5_mismatch, ...);
# a healthy config gives CONFIG_OK on both paths and no fault.  Without a
# circuit export the config is only the router analyzer's.
set -u

E=${ERWATCH:?ERWATCH not set}
D=${ERW_SRC_DIR:?ERW_SRC_DIR not set}/tests/data/config
C=${ERW_SHARED_DIR:-$ERW_SRC_DIR/../shared}/corpus/azure/healthy/er-circuit.json
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"
require_programs jq sed
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }

# folder NAME CONFIG [SED]: an evidence folder with the corpus circuit and
# the config (edited by SED) as router/running-config.txt
folder() {
	mkdir -p "$tmp/$1/azure" "$tmp/$1/router"
	cp "$C" "$tmp/$1/azure/er-circuit.json"
	sed -e "${3:-}" "$D/$2" >"$tmp/$1/router/running-config.txt"
}

cases='
remote-as|ios/healthy.cfg|s/172\.16\.40\.2 remote-as 12076/172.16.40.2 remote-as 12077/|CONFIG_REMOTE_AS_WRONG|peer_as_mismatch
peer IP|junos-set/healthy.set|s/neighbor 172\.16\.40\.6 /neighbor 172.16.40.7 /|CONFIG_PEER_IP_WRONG|peer_ip_wrong
remote-as (Junos braces)|junos/healthy.conf|s/peer-as 12076;/peer-as 12077;/|CONFIG_REMOTE_AS_WRONG|peer_as_mismatch
VLAN|frr/healthy.conf|s/^interface eth1\.210$/interface eth1.211/|CONFIG_VLAN_MISMATCH|vlan_mismatch
MD5|bird/md5.conf||CONFIG_MD5_UNEXPECTED|md5_mismatch
default route|ios/healthy.cfg|s/^  neighbor 172\.16\.40\.2 activate$/&\n  neighbor 172.16.40.2 default-originate/|CONFIG_DEFAULT_ORIGINATE|default_route_from_onprem
'
i=0
while IFS='|' read -r what file expr code cause; do
	[ -n "$what" ] || continue
	i=$((i + 1))
	folder "c$i" "$file" "$expr"
	"$E" diagnose --json "$tmp/c$i" >"$tmp/c$i.json" 2>"$tmp/c$i.err"
	if json_check "$tmp/c$i.json" 'any(.findings[]; .code == $c) and
	    .hypotheses[0].cause == $h and .verdict.cause == $h and
	    (.hypotheses[0].supporting | index($c))' --arg c "$code" \
	    --arg h "$cause"; then
		ok "$what: $code ranks $cause first"
	else
		ko "$what: want $code and $cause"
		cat "$tmp/c$i.err"
		jq -c '.verdict, [.hypotheses[0:2][] | [.cause, .confidence]],
		    [.findings[].code]' "$tmp/c$i.json"
	fi
done <<<"$cases"

folder healthy ios/healthy.cfg
"$E" diagnose --json "$tmp/healthy" >"$tmp/healthy.json" 2>/dev/null
if json_check "$tmp/healthy.json" '([.findings[] | select(.code ==
    "CONFIG_OK")] | length == 2) and .verdict.fault == false'; then
	ok "healthy config: CONFIG_OK on both paths, no fault"
else
	ko "healthy config"
	jq -c '.verdict, [.findings[].code]' "$tmp/healthy.json"
fi

# no circuit export: no config check
mkdir -p "$tmp/nockt/router"
sed -e 's/remote-as 12076/remote-as 12077/' "$D/ios/healthy.cfg" \
    >"$tmp/nockt/router/running-config.txt"
"$E" diagnose --json "$tmp/nockt" >"$tmp/nockt.json" 2>/dev/null
if json_check "$tmp/nockt.json" 'all(.findings[];
    (.code | startswith("CONFIG_")) | not)'; then
	ok "no circuit export: the config is not checked"
else
	ko "no circuit export: the config is not checked"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
