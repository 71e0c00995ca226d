#!/bin/bash
# Acceptance: erwatch flow on the shared Azure corpus must give Network
# Watcher's recorded answer.  For every scenario with NSG exports and a
# recorded `az network watcher test-ip-flow` (nw-ip-flow.json), the flow
# is read from commands.txt, evaluated on the effective NSG export and on
# the two `nsg show` exports, and access/ruleName compared with the
# recording.  expected.json decides the findings: nsg-blocks-179 must be
# NSG_DENY naming deny-bgp-outbound (with its JSON-pointer evidence), and
# a scenario listing nsg-deny in not_findings must not produce NSG_DENY.
set -u
. "$(dirname "$0")/lib_check.sh"
: "${ERWATCH:?}"
corpus="${ERW_SHARED_DIR:-}/corpus/azure"
if [ -z "${ERW_SHARED_DIR:-}" ] || [ ! -d "$corpus" ]; then
	echo "SKIP: shared corpus not present (ERW_SHARED_DIR)"
	exit 77
fi
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# The value of option $2 in a test-ip-flow command line $1.
opt() { sed -n "s/.* $2 \\([^ ]*\\).*/\\1/p" <<<"$1"; }

scenarios=0
for dir in "$corpus"/*/; do
	name=$(basename "$dir")
	[ -f "$dir/nw-ip-flow.json" ] && [ -f "$dir/nic-effective-nsg.json" ] ||
		continue
	scenarios=$((scenarios + 1))
	cmd=$(grep -P '^nw-ip-flow.json\t' "$dir/commands.txt" | cut -f2)
	direction=$(opt "$cmd" --direction)
	protocol=$(opt "$cmd" --protocol)
	local=$(opt "$cmd" --local)
	remote=$(opt "$cmd" --remote)
	want_access=$(jq -r .access "$dir/nw-ip-flow.json")
	want_rule=$(jq -r .ruleName "$dir/nw-ip-flow.json")
	flowargs=(--direction "$direction" --protocol "$protocol"
	    --local "$local" --remote "$remote")

	# 1. The effective NSG export (levels from its association).
	out=$("$ERWATCH" flow --nsg "$dir/nic-effective-nsg.json" \
	    "${flowargs[@]}" --json)
	rc=$?
	got="$(jq -r .access <<<"$out") $(jq -r .ruleName <<<"$out")"
	if [ "$got" = "$want_access $want_rule" ]; then
		ok "$name: effective NSG gives $got"
	else
		bad "$name: effective NSG gives '$got', Network Watcher said" \
		    "'$want_access $want_rule'"
	fi
	want_rc=0
	[ "$want_access" = Deny ] && want_rc=1
	[ $rc = $want_rc ] && ok "$name: exit $rc" ||
		bad "$name: exit $rc, expected $want_rc"

	# 2. The `nsg show` exports: levels from networkInterfaces/subnets;
	# tags and ASG members the show export cannot carry are given from
	# the effective export (tagMap, expanded ASG prefixes), as a user
	# would pass them.
	vnet=$(jq -r '[.value[].tagMap.VirtualNetwork // empty | .[]] | unique
	    | join(",")' "$dir/nic-effective-nsg.json")
	asgargs=()
	for asg in $(jq -r '.securityRules[] |
	    (.sourceApplicationSecurityGroups // [],
	     .destinationApplicationSecurityGroups // [])[] | .id
	    | split("/") | last' "$dir"/nsg-*.json | sort -u); do
		# the VM under test (--local) is the member the effective
		# view expands the ASG to
		asgargs+=(--asg "$asg=${local%%:*}")
	done
	out2=$("$ERWATCH" flow --nsg "$dir/nsg-subnet.json" \
	    --nsg "$dir/nsg-nic.json" --tag "VirtualNetwork=$vnet" \
	    "${asgargs[@]}" "${flowargs[@]}" --json)
	got2="$(jq -r .access <<<"$out2") $(jq -r .ruleName <<<"$out2")"
	if [ "$got2" = "$want_access $want_rule" ]; then
		ok "$name: nsg show exports give $got2"
	else
		bad "$name: nsg show exports give '$got2', Network Watcher" \
		    "said '$want_access $want_rule'"
	fi
	# the stages name the same NSGs in the same order
	s1=$(jq -c '[.stages[] | [.nsg, .level, .access, .ruleName]]' <<<"$out")
	s2=$(jq -c '[.stages[] | [.nsg, .level, .access, .ruleName]]' <<<"$out2")
	[ "$s1" = "$s2" ] && ok "$name: same stages from both exports" ||
		bad "$name: stages differ: $s1 vs $s2"

	# 3. Findings against expected.json.
	if json_check "$dir/expected.json" \
	    '.not_findings | index("nsg-deny")'; then
		n=$(jq '[.findings[] | select(.code == "NSG_DENY")] | length' \
		    <<<"$out")
		[ "$n" = 0 ] && ok "$name: no NSG_DENY (not_findings)" ||
			bad "$name: NSG_DENY reported but listed in not_findings"
	fi
	if json_check "$dir/expected.json" \
	    '.findings[] | select(.code == "nsg-deny")'; then
		want_name=$(jq -r '.findings[] | select(.code == "nsg-deny")
		    | .rule.name' "$dir/expected.json")
		want_nsg=$(jq -r '.findings[] | select(.code == "nsg-deny")
		    | .rule.nsg' "$dir/expected.json")
		want_prio=$(jq -r '.findings[] | select(.code == "nsg-deny")
		    | .rule.priority' "$dir/expected.json")
		want_ptr=$(jq -r '.findings[] | select(.code == "nsg-deny")
		    | .evidence[] | select(.file == "nic-effective-nsg.json"
		    and (.pointer | endswith("/name"))) | .pointer' \
		    "$dir/expected.json")
		f=$(jq -c '.findings[] | select(.code == "NSG_DENY")' <<<"$out")
		if [ -n "$f" ] &&
		    grep -q "$want_name (priority $want_prio)" <<<"$f" &&
		    grep -q "$want_nsg" <<<"$f"; then
			ok "$name: NSG_DENY names $want_nsg $want_name"
		else
			bad "$name: NSG_DENY missing or wrong: $f"
		fi
		p=$(jq -r '.evidence[] | select(.path) | .path' <<<"$f")
		[ "$p" = "$want_ptr" ] && ok "$name: evidence $p" ||
			bad "$name: evidence '$p', expected '$want_ptr'"
		lvl=$(jq -r '.findings[] | select(.code == "nsg-deny")
		    | .rule.association' "$dir/expected.json")
		got_lvl=$(jq -r .decidedBy.level <<<"$out")
		[ "$got_lvl" = "$lvl" ] && ok "$name: decided at $lvl level" ||
			bad "$name: decided at '$got_lvl', expected '$lvl'"
		# the shadowed subnet allow is never reached (Deny ends it)
		nst=$(jq '.stages | length' <<<"$out")
		[ "$nst" = 1 ] && ok "$name: evaluation stopped at the deny" ||
			bad "$name: $nst stages evaluated after a deny"
	fi

	# 4. With the effective routes: NSG_ALLOW_BUT_NO_ROUTE exactly when
	# the scenario is a UDR black hole for this remote address.
	if [ -f "$dir/nic-effective-routes.json" ]; then
		out3=$("$ERWATCH" flow --nsg "$dir/nic-effective-nsg.json" \
		    --routes "$dir/nic-effective-routes.json" \
		    "${flowargs[@]}" --json)
		rc3=$?
		n=$(jq '[.findings[] | select(.code == "NSG_ALLOW_BUT_NO_ROUTE")]
		    | length' <<<"$out3")
		if [ "$(jq -r .diagnosis "$dir/expected.json")" = udr-blackhole ] &&
		    [ "$want_access" = Allow ]; then
			[ "$n" = 1 ] && [ $rc3 = 1 ] &&
				ok "$name: allowed but next hop None flagged" ||
				bad "$name: NSG_ALLOW_BUT_NO_ROUTE missing (rc $rc3)"
		else
			[ "$n" = 0 ] && ok "$name: routes fine, no route finding" ||
				bad "$name: unexpected NSG_ALLOW_BUT_NO_ROUTE"
		fi
	fi
done
[ $scenarios -ge 3 ] || bad "only $scenarios scenarios with a recorded flow"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
