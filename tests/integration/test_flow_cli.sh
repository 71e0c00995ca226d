#!/bin/bash
# erwatch flow on hand-written NSG exports (tests/data/azure/nsg): batch
# verdicts against a golden file, batch == single-flow answers, stdin and
# JSON lines, bad batch lines (named by file:line, exit 2, the other lines
# still answered), malformed exports located by file:line:col and JSON
# pointer, usage errors, warnings for unresolved tags/ASGs, exit codes.
set -u
: "${ERWATCH:?} ${ERW_SRC_DIR:?}"
d="$ERW_SRC_DIR/tests/data/azure/nsg"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() {	# check DESCRIPTION COMMAND...: the command must succeed
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}

nsgs=(--nsg "$d/nsg-snet-lab.json" --nsg "$d/nsg-nic-lab.json"
    --tag VirtualNetwork=10.9.0.0/16,172.31.0.0/16,192.168.50.0/24
    --asg asg-jump=10.9.7.7)

# Batch against the golden verdicts.
"$ERWATCH" flow "${nsgs[@]}" --batch "$d/flows.csv" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "batch verdicts match flows.ok" diff -u "$d/flows.ok" "$tmp/out"
check "batch with a deny exits 1 (got $rc)" test $rc = 1
check "no warnings when tags and ASGs are given" test ! -s "$tmp/err"

# ASG membership from a NIC export instead of --asg.
"$ERWATCH" flow "${nsgs[@]:0:6}" --nic "$d/nic-jump.json" \
    --batch "$d/flows.csv" >"$tmp/out3" 2>"$tmp/err3"
check "ASG members from a NIC export (nic show)" \
    diff -u "$d/flows.ok" "$tmp/out3"
check "no warnings with the NIC export" test ! -s "$tmp/err3"

# Batch CSV lines are formatted once per deciding rule and copied: rule
# names that need quoting, one too long to keep (120 bytes), each coming
# back between the others, directions and protocols in any case.
long=$(printf 'r%.0s' $(seq 1 200))
rule() {	# rule NAME PRIORITY PORT
	printf '{"access":"Allow","destinationAddressPrefix":"*","destinationPortRange":"%s","direction":"Inbound","name":"%s","priority":%s,"protocol":"Tcp","sourceAddressPrefix":"*","sourcePortRange":"*"}' "$3" "$1" "$2"
}
{
	printf '{"name":"nsg-names","securityRules":['
	rule 'a,b' 100 1; printf ,; rule 'say \"hi\"' 110 2; printf ,
	rule "$long" 120 3; printf ,; rule plain 130 4
	printf ']}\n'
} >"$tmp/nsg-names.json"
for i in 1 2 3; do
	for p in 1 2 3 4; do echo "in,tcp,10.0.0.1,$p,10.0.0.2,9"; done
	echo "IN,Tcp,10.0.0.1,3,10.0.0.2,9"
	echo "Inbound,TCP,10.0.0.1,9,10.0.0.2,9"
done >"$tmp/names.csv"
for i in 1 2 3; do
	printf 'Allow,"securityRules/a,b"\nAllow,"securityRules/say ""hi"""\n'
	printf 'Allow,securityRules/%s\nAllow,securityRules/plain\n' "$long"
	printf 'Allow,securityRules/%s\n' "$long"
	printf 'Deny,defaultSecurityRules/DenyAllInBound\n'
done >"$tmp/names.ok"
"$ERWATCH" flow --nsg "$tmp/nsg-names.json" --batch "$tmp/names.csv" \
    >"$tmp/names.out" 2>"$tmp/names.err"
check "batch lines per rule: quoted, long and repeated names" \
    diff -u "$tmp/names.ok" "$tmp/names.out"

# The same NSGs from an `nsg list` export and from stdin.
"$ERWATCH" flow --nsg "$d/nsg-list-lab.json" "${nsgs[@]:4}" \
    --batch - <"$d/flows.csv" >"$tmp/out2"
check "nsg list export and stdin give the same verdicts" \
    diff -u "$d/flows.ok" "$tmp/out2"

# Each batch line equals the single-flow answer (text and JSON).
n=0
same=1
while IFS=, read -r dir proto lip lport rip rport; do
	case "$dir" in ''|'#'*) continue ;; esac
	n=$((n + 1))
	l=$lip
	r=$rip
	[ -n "$lport" ] && l="$lip:$lport"
	[ -n "$rport" ] && r="$rip:$rport"
	j=$("$ERWATCH" flow "${nsgs[@]}" --direction "$dir" --protocol "$proto" \
	    --local "$l" --remote "$r" --json)
	src=$?
	got="$(jq -r .access <<<"$j"),$(jq -r .ruleName <<<"$j")"
	want=$(sed -n "${n}p" "$d/flows.ok")
	if [ "$got" != "$want" ]; then
		same=0
		echo "  line $n: single '$got', batch '$want'"
	fi
	case "$want" in
	Deny,*)	[ $src = 1 ] || { same=0; echo "  line $n: exit $src"; } ;;
	*)	[ $src = 0 ] || { same=0; echo "  line $n: exit $src"; } ;;
	esac
	t=$("$ERWATCH" flow "${nsgs[@]}" --direction "$dir" --protocol "$proto" \
	    --local "$l" --remote "$r")
	grep -q "^access: *${want%%,*}$" <<<"$t" || {
		same=0; echo "  line $n: text output: $t"; }
done <"$d/flows.csv"
check "single-flow answers equal the batch ($n flows, exit codes too)" \
    test $same = 1

# JSON lines: one object per flow, in order, with the stages.
"$ERWATCH" flow "${nsgs[@]}" --batch "$d/flows.csv" --json >"$tmp/jl"
check "JSON lines: one per flow" test "$(wc -l <"$tmp/jl")" = 10
check "JSON lines agree with the CSV" diff -u "$d/flows.ok" \
    <(jq -r '"\(.access),\(.ruleName)"' "$tmp/jl")
check "JSON lines carry the input line" \
    test "$(jq -s '[.[].line] | join(",")' "$tmp/jl")" = '"2,3,4,6,7,8,9,10,11,12"'
check "denied outbound BGP stops at the NIC NSG" test "$(jq -sc \
    '.[2] | [.decidedBy.nsg, .decidedBy.level, (.stages | length)]' \
    "$tmp/jl")" = '["nsg-nic-lab","networkInterface",1]'
check "allowed inbound went through subnet then NIC" test "$(jq -sc \
    '.[0].stages | map(.nsg)' "$tmp/jl")" = '["nsg-snet-lab","nsg-nic-lab"]'

# Bad batch lines: named, exit 2, the good lines still answered in place.
"$ERWATCH" flow "${nsgs[@]}" --batch "$d/flows-bad.csv" >"$tmp/bo" 2>"$tmp/be"
rc=$?
check "bad batch lines exit 2 (got $rc)" test $rc = 2
check "bad lines keep their place" test "$(tr '\n' ' ' <"$tmp/bo")" = \
    "Allow,defaultSecurityRules/AllowVnetInBound Error, Error, Error, Error, Allow,defaultSecurityRules/AllowInternetOutBound "
for l in 2 3 4 5; do
	check "line $l named" grep -q "flows-bad.csv:$l: " "$tmp/be"
done

# Malformed exports: file:line:col and the JSON pointer, exit 2.
"$ERWATCH" flow --nsg "$d/bad-port.json" --batch "$d/flows.csv" \
    >"$tmp/o" 2>"$tmp/e"
rc=$?
check "bad port range exits 2 (got $rc)" test $rc = 2
check "bad port range located" grep -q \
    "bad-port.json:[0-9]*:[0-9]*: bad port range '8000-7000' at /securityRules/1/destinationPortRanges/1" \
    "$tmp/e"
check "nothing evaluated with a bad export" test ! -s "$tmp/o"
printf '{"securityRules": [\n  {"name": "x",\n' >"$tmp/trunc.json"
"$ERWATCH" flow --nsg "$tmp/trunc.json" --direction in --protocol tcp \
    --local 10.0.0.1:1 --remote 10.0.0.2:2 2>"$tmp/e"
rc=$?
check "truncated JSON exits 2" test $rc = 2
check "truncated JSON located" grep -q "trunc.json:3:.*invalid JSON" \
    "$tmp/e"
"$ERWATCH" flow --nsg "$ERW_SRC_DIR/tests/data/azure/common/az-arp.json" \
    --direction in --protocol tcp --local 10.0.0.1:1 --remote 10.0.0.2:2 \
    2>"$tmp/e"
rc=$?
check "wrong kind of export exits 2" test $rc = 2
check "wrong kind named" grep -q "not an NSG export (looks like arp-table)" \
    "$tmp/e"
"$ERWATCH" flow --nsg "$tmp/missing.json" --direction in --protocol tcp \
    --local 10.0.0.1:1 --remote 10.0.0.2:2 2>"$tmp/e"
check "missing file is an error naming it" grep -q "cannot open .*missing.json" \
    "$tmp/e"

# Usage errors.
u() {	# u DESCRIPTION ARGS...: must exit 2 with a message
	local what=$1
	shift
	"$ERWATCH" flow "$@" >/dev/null 2>"$tmp/u"
	local rc=$?
	if [ $rc = 2 ] && [ -s "$tmp/u" ]; then ok "usage: $what"
	else bad "usage: $what (exit $rc)"; fi
}
u "no NSG" --direction in --protocol tcp --local 1.1.1.1:1 --remote 2.2.2.2:2
u "no direction" --nsg "$d/nsg-nic-lab.json" --protocol tcp \
    --local 1.1.1.1:1 --remote 2.2.2.2:2
u "bad protocol" --nsg "$d/nsg-nic-lab.json" --direction in --protocol gre \
    --local 1.1.1.1:1 --remote 2.2.2.2:2
u "tcp without port" --nsg "$d/nsg-nic-lab.json" --direction in \
    --protocol tcp --local 1.1.1.1 --remote 2.2.2.2:2
u "bad address" --nsg "$d/nsg-nic-lab.json" --direction in --protocol tcp \
    --local 1.1.1.300:1 --remote 2.2.2.2:2
u "bad port" --nsg "$d/nsg-nic-lab.json" --direction in --protocol tcp \
    --local 1.1.1.1:65536 --remote 2.2.2.2:2
u "bad --asg" --nsg "$d/nsg-nic-lab.json" --asg nothing --batch "$d/flows.csv"
u "bad --tag" --nsg "$d/nsg-nic-lab.json" --tag X=1.2.3 --batch "$d/flows.csv"
u "only a NIC export" --nic "$d/nic-jump.json" --batch "$d/flows.csv"
u "stray argument" --nsg "$d/nsg-nic-lab.json" --batch "$d/flows.csv" extra
"$ERWATCH" flow --help | grep -q "^usage: erwatch flow" &&
	ok "--help" || bad "--help"

# ICMP ignores ports; IPv6 endpoint syntax.
o=$("$ERWATCH" flow "${nsgs[@]}" --direction in --protocol icmp \
    --local 10.9.1.4:7 --remote 192.168.50.7:9 --json)
check "icmp: ports dropped" test "$(jq -c '[.flow.localPort,
    .flow.remotePort, .access]' <<<"$o")" = '[null,null,"Allow"]'
o=$("$ERWATCH" flow "${nsgs[@]}" --direction out --protocol tcp \
    --local '[2001:db8::4]:40000' --remote '[2001:db8::9]:443' --json)
check "IPv6 endpoints parsed" test "$(jq -r .flow.remote <<<"$o")" = \
    2001:db8::9

# Without --tag/--asg: warnings, and findings for the unevaluable rules.
o=$("$ERWATCH" flow --nsg "$d/nsg-nic-lab.json" --direction in \
    --protocol tcp --local 10.9.1.4:22 --remote 10.9.7.7:4000 --json \
    2>"$tmp/e")
check "unresolved ASG reported as NSG_RULE_NOT_EVALUABLE" test "$(jq -r \
    '[.findings[] | select(.code == "NSG_RULE_NOT_EVALUABLE")
    | .evidence[0].path] | first' <<<"$o")" = /securityRules/2
check "the ASG rule is not chosen" test "$(jq -r .ruleName <<<"$o")" = \
    defaultSecurityRules/DenyAllInBound

echo "$pass passed, $fail failed"
[ $fail = 0 ]
