#!/bin/bash
# Acceptance over the shared Azure corpus ($ERW_SHARED_DIR/corpus/azure):
# for every scenario, run `erwatch circuit DIR`, `erwatch nexthop` for each
# recorded Network Watcher next hop (and compare the answer with it), and
# `erwatch flow` for the recorded IP flow verify; then check that every
# diagnosis in expected.json maps to the finding codes of the table at the
# end of corpus/azure/README.md, that none of the codes mapped from
# not_findings appears, and that a healthy scenario exits 0.  The
# PowerShell exports (ps/, incl. the UTF-16 PS 5.1 file) must give the same
# circuit findings as the az ones.  Every scenario is then reshaped by
# az_to_arm.jq into the ARM resource shape (REST / az rest, Resource Graph
# result, template export) and must give the same answers and findings
# as the az CLI files.  One line per check, then a total.
set -u

E=${ERWATCH:?ERWATCH not set}
corpus=${ERW_SHARED_DIR:-/nonexistent}/corpus/azure
if [ ! -d "$corpus" ]; then
	echo "skip: $corpus not found (ERW_SHARED_DIR)"
	exit 77
fi
. "$(dirname "$0")/lib_check.sh"
require_programs jq

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
check() {	# check DESCRIPTION COMMAND...
	local d=$1
	shift
	if "$@"; then ok "$d"; else ko "$d"; fi
}

# The command line that produced file $2 in scenario dir $1.
cmdline() { awk -F'\t' -v f="$2" '$1 == f { print $2 }' "$1/commands.txt"; }
# The word after option $2 in command line $1.
argval() { printf '%s\n' $1 | awk -v o="$2" 'p { print; exit } $0 == o { p = 1 }'; }

# Findings file: one line per finding "CODE GROUP SEVERITY ORIGIN".
has() {		# has FILE CODE [GROUP] [SEVERITY] [ORIGIN]
	awk -v c="$2" -v g="${3:-}" -v s="${4:-}" -v o="${5:-}" '
	    $1 == c && (g == "" || $2 == g) && (s == "" || $3 == s) &&
	    (o == "" || $4 == o) { f = 1 } END { exit !f }' "$1"
}
hasnt() { ! has "$@"; }
has_error() { awk '$3 == "error" { f = 1 } END { exit !f }' "$1"; }

# Groups a corpus "path" means: primary, secondary or both.
groups() { case "$1" in both) echo primary secondary ;; null|"") echo "" ;; *) echo "$1" ;; esac; }

# Does diagnosis $2 show in findings file $1 (for path $3)?
present() {
	local f=$1 code=$2 path=${3:-} g
	case "$code" in
	healthy) ! has_error "$f" ;;
	arp-incomplete-onprem | l2-down-arp-empty | bgp-down-l2-ok | \
	redundancy-lost | prefix-limit | prefix-limit-near)
		local c sev=""
		case "$code" in
		arp-incomplete-onprem) c=ARP_INCOMPLETE ;;
		l2-down-arp-empty) c=ARP_TABLE_EMPTY ;;
		bgp-down-l2-ok) c=CIRCUIT_BGP_DOWN ;;
		redundancy-lost) c=CIRCUIT_SINGLE_PATH ;;
		prefix-limit) c=CIRCUIT_PREFIX_LIMIT; sev=error ;;
		prefix-limit-near) c=CIRCUIT_PREFIX_LIMIT; sev=warning ;;
		esac
		if [ -z "$path" ]; then has "$f" $c "" "$sev"; return; fi
		for g in $(groups "$path"); do
			has "$f" $c "$g" "$sev" || return 1
		done ;;
	onprem-unreachable-no-routes)
		has "$f" CIRCUIT_NO_ROUTES || has "$f" ROUTE_NONE "" "" nexthop-Default ;;
	default-route-from-onprem)
		has "$f" CIRCUIT_DEFAULT_ROUTE_LEARNED &&
		    { [ ! -f "$f.nexthop" ] || has "$f" ROUTE_DEFAULT_VIA_GATEWAY; } ;;
	nsg-deny) has "$f" NSG_DENY ;;
	udr-blackhole) has "$f" ROUTE_NONE "" "" nexthop-User ;;
	udr-nva-unreachable) has "$f" ROUTE_APPLIANCE_UNKNOWN ;;
	*) return 2 ;;
	esac
}

# Is diagnosis $2 checkable with the commands that ran?
checkable() {
	case "$2" in
	nsg-deny) [ -f "$1.flow" ] ;;
	udr-blackhole | udr-nva-unreachable) [ -f "$1.nexthop" ] ;;
	*) true ;;
	esac
}

findings_of() {	# findings_of JSON ORIGIN-EXPR
	# empty output would give no finding: "healthy" and "does not
	# find" would pass on it (the check's line to stderr: stdout is the
	# findings file)
	check "$s: $2 output is one JSON object" \
	    json_check "$1" 'type == "object"' >&2
	jq -r --arg o "$2" '(if .route then "-" + (.route.source // "none")
	    else "" end) as $s | .findings[]? |
	    "\(.code) \(.group // "-") \(.severity) \($o)\($s)"' "$1"
}

# Finding codes and groups of a JSON output, sorted, as one line.
codes() { jq -r '[.findings[]? | "\(.code)/\(.group // "-")"] | sort | join(" ")' "$1"; }
same_findings() {	# same_findings AZ_JSON OTHER_JSON
	json_check "$2" '.findings | type == "array"' &&
	    [ "$(codes "$1")" = "$(codes "$2")" ]
}
same_answer() {		# same_answer AZ_JSON OTHER_JSON JQ_ANSWER
	same_findings "$1" "$2" &&
	    [ "$(jq -c "$3" "$1")" = "$(jq -c "$3" "$2")" ]
}

for dir in "$corpus"/*/; do
	dir=${dir%/}
	s=$(basename "$dir")
	exp=$dir/expected.json
	[ -f "$exp" ] || continue
	f=$tmp/$s.findings
	: >"$f"
	rcs=""

	# --- circuit ---
	if ls "$dir"/er-*.json >/dev/null 2>&1; then
		"$E" circuit "$dir" --json >"$tmp/$s.circuit.json" 2>"$tmp/$s.err"
		rc=$?
		rcs="$rcs circuit=$rc"
		check "$s: circuit exits 0 or 1 (got $rc)" test $rc -le 1
		findings_of "$tmp/$s.circuit.json" circuit >>"$f"
		touch "$f.circuit"
	fi

	# --- nexthop, against Network Watcher's recorded answers ---
	for nw in "$dir"/nw-next-hop*.json; do
		[ -f "$nw" ] || continue
		[ -f "$dir/nic-effective-routes.json" ] || continue
		b=$(basename "$nw")
		dst=$(argval "$(cmdline "$dir" "$b")" --dest-ip)
		args=(--routes "$dir/nic-effective-routes.json")
		[ -f "$dir/route-table.json" ] && args+=("$dir/route-table.json")
		[ -f "$dir/nic-fw.json" ] && args+=(--nics "$dir/nic-fw.json")
		out=$tmp/$s.$b.out
		"$E" nexthop "${args[@]}" --dst "$dst" --json >"$out" 2>"$tmp/$s.err"
		rc=$?
		rcs="$rcs nexthop=$rc"
		for k in nextHopType nextHopIpAddress routeTableId; do
			want=$(jq -r ".$k // \"null\"" "$nw" | tr A-Z a-z)
			got=$(jq -r ".$k // \"null\"" "$out" | tr A-Z a-z)
			check "$s: nexthop $dst $k = $want (got $got)" test "$want" = "$got"
		done
		findings_of "$out" nexthop >>"$f"
		touch "$f.nexthop"
	done

	# --- no recorded next hop: ask for an on-premises destination (the
	# first address of the first gateway-learned prefix) all the same ---
	if ! ls "$dir"/nw-next-hop*.json >/dev/null 2>&1 &&
	    [ -f "$dir/nic-effective-routes.json" ]; then
		pfx=$(jq -r '[.value[] | select(.source == "VirtualNetworkGateway")
		    | .addressPrefix[0]][0] // empty' "$dir/nic-effective-routes.json")
		if [ -n "$pfx" ]; then
			dst=${pfx%/*}
			dst=${dst%.*}.$((${dst##*.} + 1))
			out=$tmp/$s.onprem.out
			"$E" nexthop --routes "$dir/nic-effective-routes.json" \
			    --dst "$dst" --json >"$out" 2>"$tmp/$s.err"
			rc=$?
			rcs="$rcs nexthop=$rc"
			check "$s: nexthop $dst answers (exit $rc)" test $rc -le 1
			findings_of "$out" nexthop >>"$f"
			touch "$f.nexthop"
		fi
	fi

	# --- flow (IP flow verify), when the command is built ---
	if [ -f "$dir/nw-ip-flow.json" ] && [ -f "$dir/nic-effective-nsg.json" ] &&
	    "$E" flow --help >/dev/null 2>&1; then
		cmd=$(cmdline "$dir" nw-ip-flow.json)
		out=$tmp/$s.flow.out
		"$E" flow --nsg "$dir/nic-effective-nsg.json" \
		    --direction "$(argval "$cmd" --direction)" \
		    --protocol "$(argval "$cmd" --protocol)" \
		    --local "$(argval "$cmd" --local)" \
		    --remote "$(argval "$cmd" --remote)" --json >"$out" 2>"$tmp/$s.err"
		rc=$?
		rcs="$rcs flow=$rc"
		want=$(jq -r .access "$dir/nw-ip-flow.json")
		got=$(jq -r '.access // "?"' "$out")
		check "$s: flow access = $want (got $got)" test "$want" = "$got"
		findings_of "$out" flow >>"$f"
		touch "$f.flow"
	fi

	# --- expected diagnoses ---
	n=$(jq '.findings | length' "$exp")
	for i in $(seq 0 $((n - 1))); do
		code=$(jq -r ".findings[$i].code" "$exp")
		path=$(jq -r ".findings[$i].path // \"\"" "$exp")
		checkable "$f" "$code" || { echo "skip $s: $code (command not run)"; continue; }
		check "$s: finds $code${path:+ ($path)}" present "$f" "$code" "$path"
	done
	diag=$(jq -r .diagnosis "$exp")
	if [ "$diag" = healthy ]; then
		check "$s: healthy: no error finding" present "$f" healthy
		check "$s: healthy: every command exits 0 ($rcs)" \
		    test -z "$(echo "$rcs" | tr ' ' '\n' | grep -v '=0$' | grep .)"
	fi
	for code in $(jq -r '.not_findings[]' "$exp"); do
		checkable "$f" "$code" || { echo "skip $s: not $code (command not run)"; continue; }
		if [ "$code" = healthy ]; then
			check "$s: not healthy: an error finding" has_error "$f"
		else
			check "$s: does not find $code" eval '! present "$f" "$code"'
		fi
	done

	# --- PowerShell forms give the same circuit findings ---
	if [ -d "$dir/ps" ] && [ -f "$f.circuit" ]; then
		a=(--circuit "$dir/er-circuit.json")
		for p in primary secondary; do
			for t in arp routes routes-summary; do
				opt=$t
				[ $t = routes-summary ] && opt=summary
				x=$dir/ps/ps7-$t-$p.json
				[ $t = arp ] && [ $p = primary ] &&
				    [ -f "$dir/ps/ps51-arp-primary.json" ] &&
				    x=$dir/ps/ps51-arp-primary.json
				[ -f "$x" ] && a+=("--$opt-$p" "$x")
			done
		done
		"$E" circuit "${a[@]}" --json >"$tmp/$s.ps.json" 2>"$tmp/$s.err"
		check "$s: PowerShell circuit output is JSON" \
		    json_check "$tmp/$s.ps.json" '.findings | type == "array"'
		want=$(jq -r '[.findings[] | select(.code != "EVIDENCE_MISSING") |
		    "\(.code)/\(.group // "-")"] | sort | join(" ")' "$tmp/$s.circuit.json")
		got=$(jq -r '[.findings[] | select(.code != "EVIDENCE_MISSING") |
		    "\(.code)/\(.group // "-")"] | sort | join(" ")' "$tmp/$s.ps.json")
		check "$s: PowerShell exports give the same circuit findings" \
		    test "$want" = "$got"
	fi

	# --- the same exports in the ARM shapes give the same answers ---
	for form in arm graph template; do
		a=$tmp/$form/$s
		mkdir -p "$a"
		cp "$dir/commands.txt" "$a/" 2>/dev/null
		conv_ok=true
		for x in "$dir"/*.json; do
			b=$(basename "$x")
			case "$b" in
			expected.json | nw-*.json) cp "$x" "$a/$b"; continue ;;
			esac
			jq --arg form $form -f "$(dirname "$0")/az_to_arm.jq" "$x" \
			    >"$a/$b" || conv_ok=false
		done
		check "$s/$form: converted" $conv_ok
		if [ -f "$f.circuit" ]; then
			"$E" circuit "$a" --json >"$a/.circuit" 2>/dev/null
			check "$s/$form: circuit gives the same findings" \
			    same_findings "$tmp/$s.circuit.json" "$a/.circuit"
		fi
		for nw in "$dir"/nw-next-hop*.json; do
			[ -f "$nw" ] && [ -f "$tmp/$s.$(basename "$nw").out" ] || continue
			b=$(basename "$nw")
			dst=$(argval "$(cmdline "$dir" "$b")" --dest-ip)
			args=(--routes "$a/nic-effective-routes.json")
			[ -f "$a/route-table.json" ] && args+=("$a/route-table.json")
			[ -f "$a/nic-fw.json" ] && args+=(--nics "$a/nic-fw.json")
			"$E" nexthop "${args[@]}" --dst "$dst" --json >"$a/.nh" 2>/dev/null
			# a template names no resource id: no routeTableId
			ans='[.nextHopType, .nextHopIpAddress, .routeTableId]'
			[ $form = template ] && ans='[.nextHopType, .nextHopIpAddress]'
			check "$s/$form: nexthop $dst: same answer and findings" \
			    same_answer "$tmp/$s.$b.out" "$a/.nh" "$ans"
		done
		if [ -f "$dir/nsg-nic.json" ] && [ -f "$dir/nw-ip-flow.json" ]; then
			cmd=$(cmdline "$dir" nw-ip-flow.json)
			fa=(--direction "$(argval "$cmd" --direction)"
			    --protocol "$(argval "$cmd" --protocol)"
			    --local "$(argval "$cmd" --local)"
			    --remote "$(argval "$cmd" --remote)" --json)
			for n in nic-effective-nsg.json nsg-nic.json; do
				o=(--nsg "$dir/$n"); c=(--nsg "$a/$n")
				if [ $n = nsg-nic.json ] && [ -f "$dir/nsg-subnet.json" ]; then
					o+=(--subnet-nsg "$dir/nsg-subnet.json")
					c+=(--subnet-nsg "$a/nsg-subnet.json")
				fi
				"$E" flow "${o[@]}" "${fa[@]}" >"$a/.flow-az" 2>/dev/null
				"$E" flow "${c[@]}" "${fa[@]}" >"$a/.flow" 2>/dev/null
				check "$s/$form: flow on $n: same verdict and findings" \
				    same_answer "$a/.flow-az" "$a/.flow" \
				    '[.access, .ruleName]'
			done
		fi
	done
done

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
