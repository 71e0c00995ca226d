#!/bin/bash
# The structured subject of every finding outside the capture analyzer,
# checked against the facts of the input itself, never against values
# taken from erwatch's output:
#  - circuit: the project's exports and every scenario of the shared Azure
#    corpus; each path finding carries the path, the /30's customer (local)
#    and Microsoft (peer) addresses computed from the peering prefix, the
#    peerASN / azureASN, the VLAN and "circuit/peering", read with jq from
#    the circuit export;
#  - router: the recorded testbed outputs and the vendor outputs; the
#    neighbor lines (address, remote AS, local host and ports) and the
#    times of the log lines a finding cites;
#  - flow and nexthop: the flow's ends from the flows CSV and the options,
#    the deciding rule or route found by name in the export;
#  - loader notes: the export they are about;
#  - probe: connect and BGP probes on loopback in a network namespace of
#    their own, against the options given and the wall clock around them.
set -u

E=${ERWATCH:?ERWATCH not set}
S=${ERW_SRC_DIR:?ERW_SRC_DIR not set}
SH=${ERW_SHARED_DIR:-$S/../shared}
. "$S/tests/integration/lib_check.sh"
require_programs jq awk
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { local d=$1; shift; if "$@"; then ok "$d"; else ko "$d"; fi; }

# ---------------------------------------------------------------- circuit

# The /30's k-th address (1: customer, 2: Microsoft), null for another
# length: the facts a path subject must carry.
JQ_HOST='def host($p; $k): ($p | split("/")) as [$a, $l] |
    if $l != "30" then null else ($a | split(".") | map(tonumber)) as $o |
    "\($o[0]).\($o[1]).\($o[2]).\($o[3] - ($o[3] % 4) + $k)" end;'

# circuit_subjects OUT CIRCUIT_EXPORT: every finding has a subject; path
# findings agree with the export's peering; circuit findings name it.
circuit_subjects()
{
	local out=$1 ckt=$2

	json_check "$out" "$JQ_HOST"'
	    ($c[0]) as $ckt |
	    ($ckt.peerings[] | select(.name == "AzurePrivatePeering")) as $pe |
	    ([.findings[] | select(.subject.path != null)] | length > 0) and
	    all(.findings[]; .subject != null) and
	    all(.findings[] | select(.subject.path != null);
	        .subject as $s |
	        ($pe[if $s.path == "primary" then "primaryPeerAddressPrefix"
	            else "secondaryPeerAddressPrefix" end]) as $p |
	        $s.local == host($p; 1) and $s.peer == host($p; 2) and
	        $s.local_as == $pe.peerASN and $s.peer_as == $pe.azureASN and
	        $s.vlan == $pe.vlanId and $s.object_kind == "peering" and
	        $s.object == "\($ckt.name)/\($pe.name)" and
	        (.group == null or .group == $s.path)) and
	    all(.findings[] | select(.subject.object_kind == "circuit");
	        .subject.object == $ckt.name)' --slurpfile c "$ckt"
}

D=$S/tests/data/azure/circuit
"$E" circuit --circuit "$D/circuit-ok.json" \
    --arp-primary "$D/ps51-arp-primary.json" \
    --arp-secondary "$D/arp-ok-secondary.json" \
    --summary-primary "$D/summary-ok-primary.json" \
    --summary-secondary "$D/summary-ok-secondary.json" \
    --routes-primary "$D/routes-primary.json" \
    --routes-secondary "$D/routes-secondary.json" --json >"$tmp/c1" 2>/dev/null
check "circuit healthy: path subjects from the peering" \
    circuit_subjects "$tmp/c1" "$D/circuit-ok.json"
check "circuit healthy: both paths named" \
    json_check "$tmp/c1" '[.findings[].subject.path] | sort == ["primary", "secondary"]'

"$E" circuit --circuit "$D/circuit-bad.json" --json >"$tmp/c2" 2>/dev/null
check "circuit bad: path subjects from the peering" \
    circuit_subjects "$tmp/c2" "$D/circuit-bad.json"
check "circuit bad: provisioning finding names the circuit" \
    json_check "$tmp/c2" 'any(.findings[]; .code == "CIRCUIT_NOT_PROVISIONED" and .subject.object_kind == "circuit")'
check "circuit bad: a /29 gives no addresses" \
    json_check "$tmp/c2" 'any(.findings[]; .subject.path == "secondary") and
        all(.findings[] | select(.subject.path == "secondary"); .subject.local == null)'

# Without the circuit export: the ARP table and the summary name the ends.
"$E" circuit --arp-primary "$D/arp-ok-primary.json" \
    --summary-primary "$D/summary-ok-primary.json" --json >"$tmp/c3" 2>/dev/null
check "circuit without export: ends from the ARP table" \
    json_check "$tmp/c3" '
    ($a[0].value) as $arp |
    ($arp[] | select(.interface == "On-Prem") | .ipAddress) as $on |
    ($arp[] | select(.interface == "Microsoft") | .ipAddress) as $ms |
    any(.findings[]; .subject.path == "primary") and
    all(.findings[] | select(.subject.path == "primary");
        .subject.local == $on and .subject.peer == $ms)' \
    --slurpfile a "$D/arp-ok-primary.json"

for dir in "$SH"/corpus/azure/*/; do
	[ -f "$dir/er-circuit.json" ] || continue
	name=$(basename "$dir")
	"$E" circuit "$dir" --json >"$tmp/cc" 2>/dev/null
	check "corpus $name: circuit subjects from er-circuit.json" \
	    circuit_subjects "$tmp/cc" "$dir/er-circuit.json"
done

# ----------------------------------------------------------------- router

# The neighbors of a show output as TSV: address, remote AS, local AS,
# local address, local port, remote port ("" when the output lacks it),
# read from the lines themselves: IOS/NX-OS/IOS-XR/FRR/EOS "BGP neighbor
# is", Junos "Peer: A+p AS n Local: B+q AS m", BIRD "Neighbor address".
neighbor_facts()
{
	awk '
	function flush() {
		if (peer != "")
			printf "%s|%s|%s|%s|%s|%s\n", peer, ras, las, \
			    laddr, lport, rport
		peer = ras = las = laddr = lport = rport = ""
	}
	function num_after(s, key,   i) {
		i = index(s, key)
		if (i == 0)
			return ""
		s = substr(s, i + length(key))
		sub(/^[^0-9]*/, "", s)
		sub(/[^0-9].*$/, "", s)
		return s
	}
	function word_after(s, key,   i) {
		i = index(s, key)
		if (i == 0)
			return ""
		s = substr(s, i + length(key))
		sub(/^[ \t]+/, "", s)
		sub(/[ ,\t].*$/, "", s)
		return s
	}
	/BGP neighbor is / {
		flush()
		peer = word_after($0, "BGP neighbor is ")
		ras = num_after($0, "remote AS ")
		las = num_after($0, "local AS ")
		next
	}
	/^ *Remote AS [0-9]/ { ras = num_after($0, "Remote AS ");
		las = num_after($0, "local AS ") }
	/^ *Local host: / { a = word_after($0, "Local host:")
		if (a != "Unknown") { laddr = a; lport = num_after($0, "port") } }
	/^ *Foreign host: / { a = word_after($0, "Foreign host:")
		if (a != "Unknown") rport = num_after($0, "port") }
	/^ *Local TCP address is / { laddr = word_after($0, "address is ")
		lport = num_after($0, "port is") }
	/^ *Remote TCP address is / { rport = num_after($0, "port is") }
	/^Peer: / {
		flush()
		p = word_after($0, "Peer:"); l = word_after($0, "Local:")
		peer = p; sub(/\+.*/, "", peer)
		if (p ~ /\+/) { rport = p; sub(/.*\+/, "", rport) }
		laddr = l; sub(/\+.*/, "", laddr)
		if (l ~ /\+/) { lport = l; sub(/.*\+/, "", lport) }
		ras = num_after($0, " AS ")
		las = num_after(substr($0, index($0, "Local:")), " AS ")
	}
	/^ *Neighbor address:/ { flush(); peer = word_after($0, "address:") }
	/^ *Neighbor AS:/ { ras = num_after($0, "AS:") }
	/^ *Local AS:/ { las = num_after($0, "AS:") }
	/^ *Source address:/ { laddr = word_after($0, "address:") }
	END { flush() }' "$@"
}

# router_neighbor_subjects OUT FILE...: each neighbor of the files has a
# finding whose subject carries what its lines say.
router_neighbor_subjects()
{
	local out=$1 peer ras las laddr lport rport n=0 bad=0
	shift
	while IFS="|" read -r peer ras las laddr lport rport; do
		n=$((n + 1))
		json_check "$out" '
		    [.findings[] | select(.subject.peer == $p)] as $f |
		    ($f | length > 0) and all($f[]; .subject as $s |
		        ($r == "" or $s.peer_as == ($r | tonumber)) and
		        ($l == "" or $s.local_as == ($l | tonumber)) and
		        ($la == "" or $s.local == $la) and
		        ($lp == "" or $s.local_port == ($lp | tonumber)) and
		        ($rp == "" or $s.peer_port == ($rp | tonumber)) and
		        $s.object_kind != null)' \
		    --arg p "$peer" --arg r "$ras" --arg l "$las" \
		    --arg la "$laddr" --arg lp "$lport" --arg rp "$rport" || {
			echo "  neighbor $peer (AS $ras, local $laddr:$lport," \
			    "remote port $rport) in $*"
			bad=1
		}
	done < <(neighbor_facts "$@")
	[ $n -gt 0 ] && [ $bad = 0 ]
}

# The time of a log line as MM-DDTHH:MM:SS, from the line itself: an ISO
# or FRR stamp, else the last syslog stamp (IOS puts the device's after
# the relay's).  Compared to the second, month and day: FRR logs whole
# seconds, and syslog lines have no year.
line_time()
{
	local s=$1 t

	t=$(grep -oE '^[0-9]{4}[-/][0-9]{2}[-/][0-9]{2}[ T][0-9:]{8}' <<<"$s" |
	    tr '/ ' '-T')
	if [ -n "$t" ]; then
		echo "${t:5}"
		return
	fi
	t=$(grep -oE '[A-Z][a-z]{2} +[0-9]{1,2} [0-9]{2}:[0-9]{2}:[0-9]{2}' \
	    <<<"$s" | tail -n 1)
	[ -n "$t" ] && date -u -d "$t" +%m-%dT%H:%M:%S
}

# router_spans OUT: a session finding of diag_router citing log lines
# spans exactly their times, read from the cited lines.
router_spans()
{
	local out=$1 code from to files lines f l t min max bad=0 n=0

	while IFS=$'\t' read -r code from to files; do
		min= max=
		for fl in $files; do
			f=${fl%:*}
			l=${fl##*:}
			t=$(line_time "$(sed -n "${l}p" "$f")")
			[ -n "$t" ] || continue
			[ -z "$min" ] || [[ $t < $min ]] && min=$t
			[ -z "$max" ] || [[ $t > $max ]] && max=$t
		done
		[ -n "$min" ] || continue
		n=$((n + 1))
		if [ "${from:5:14}" != "$min" ] || [ "${to:5:14}" != "$max" ]; then
			echo "  $code spans $from..$to, its log lines $min..$max"
			bad=1
		fi
	done < <(jq -r '.findings[] | select(.subject.from != null) |
	    select(.code | IN("ROUTER_MD5_AUTH_FAILURE", "ROUTER_NOTIFICATION",
	        "ROUTER_MAX_PREFIX", "ROUTER_FLAPS",
	        "ROUTER_BGP_NOT_ESTABLISHED")) |
	    [.code, .subject.from, .subject.to,
	     ([.evidence[] | select(.file | test("\\.log$")) |
	       "\(.file):\(.line)"] | join(" "))] | @tsv' "$out")
	[ $n -gt 0 ] && [ $bad = 0 ]
}

# The testbed's recordings: FRR and BIRD outputs and logs of one session.
for dir in "$S"/tests/data/router/*/; do
	name=$(basename "$dir")
	[ -f "$dir/frr_neighbors.txt" ] || continue
	"$E" router "$dir"/*.txt "$dir"/*.json "$dir"/*.log --json \
	    >"$tmp/r" 2>/dev/null
	check "router $name: FRR neighbor subjects from its lines" \
	    router_neighbor_subjects "$tmp/r" "$dir/frr_neighbors.txt"
	check "router $name: BIRD neighbor subjects from its lines" \
	    router_neighbor_subjects "$tmp/r" "$dir/bird_protocols.txt"
	case $name in
	established) ;;
	*) check "router $name: log spans from the cited lines" \
	    router_spans "$tmp/r" ;;
	esac
done
V=$S/tests/data/router/vendor
for f in ios_neighbors.txt nxos_neighbors.txt xr_neighbors.txt \
    eos_neighbors.txt junos_neighbor.txt bird16_protocols.txt; do
	"$E" router "$V/$f" --json >"$tmp/r" 2>/dev/null
	check "router $f: neighbor subjects from its lines" \
	    router_neighbor_subjects "$tmp/r" "$V/$f"
done
"$E" router "$V/ios_neighbors.txt" --json >"$tmp/r" 2>/dev/null
check "router ios: a VRF neighbor's object is its VRF" \
    json_check "$tmp/r" 'any(.findings[]; .subject.peer == "10.30.0.2" and .subject.object_kind == "vrf" and (.subject.object | endswith("CUST-A")))'
"$E" router "$V/junos_messages.log" "$V/ios_syslog.log" --json >"$tmp/r" 2>/dev/null
check "router vendor logs: spans from the cited lines" router_spans "$tmp/r"

# ------------------------------------------------------------------- flow

N=$S/tests/data/azure/nsg
nsgs=(--nsg "$N/nsg-snet-lab.json" --nsg "$N/nsg-nic-lab.json"
    --tag VirtualNetwork=10.9.0.0/16,172.31.0.0/16,192.168.50.0/24
    --asg asg-jump=10.9.7.7)
flows=0
fbad=0
while IFS=, read -r dir proto lip lport rip rport; do
	case "$dir" in ''|'#'*) continue ;; esac
	l=$lip
	r=$rip
	[ -n "$lport" ] && l="$lip:$lport"
	[ -n "$rport" ] && r="$rip:$rport"
	"$E" flow "${nsgs[@]}" --direction "$dir" --protocol "$proto" \
	    --local "$l" --remote "$r" --json >"$tmp/f" 2>/dev/null
	json_check "$tmp/f" '.access == "Allow"' && continue
	flows=$((flows + 1))
	# the deny names its flow's ends and a rule the NSG export has
	json_check "$tmp/f" '
	    ([$n1[0], $n2[0]] | map({(.name): ([.securityRules[]?.name] +
	        [.defaultSecurityRules[]?.name])}) | add) as $rules |
	    [.findings[] | select(.code == "NSG_DENY")] as $d |
	    ($d | length == 1) and all($d[]; .subject as $s |
	        $s.local == $lip and $s.peer == $rip and
	        ($lp == "" or $s.local_port == ($lp | tonumber)) and
	        ($rp == "" or $s.peer_port == ($rp | tonumber)) and
	        ($s.object_kind == "rule" and
	         ($s.object | split("/")) as [$nsg, $kind, $rule] |
	         $rules[$nsg] != null and
	         if $kind == "defaultSecurityRules" then
	             # Azure adds these to every NSG; exports often omit them
	             ($rule | test("^(AllowVnetInBound|AllowAzureLoadBalancerInBound|DenyAllInBound|AllowVnetOutBound|AllowInternetOutBound|DenyAllOutBound)$"))
	         else ($rules[$nsg] | index($rule)) != null end))' \
	    --slurpfile n1 "$N/nsg-snet-lab.json" \
	    --slurpfile n2 "$N/nsg-nic-lab.json" \
	    --arg lip "$lip" --arg rip "$rip" --arg lp "$lport" \
	    --arg rp "$rport" || { fbad=1; echo "  flow $dir $proto $l $r"; }
done <"$N/flows.csv"
check "flow: $flows denied flows carry their ends and rule" \
    test $flows -gt 0 -a $fbad = 0

# ---------------------------------------------------------------- nexthop

R=$S/tests/data/azure/routes
"$E" nexthop --routes "$R/effective-mixed.json" "$R/route-table-fw.json" \
    --src 10.20.1.4 --dst 10.51.0.1 --nics "$R/nic-fw.json" \
    "$R/nic-noforward.json" --json >"$tmp/n" 2>/dev/null
check "nexthop: --src and --dst are the subject's ends" \
    json_check "$tmp/n" '[.findings[] | select(.code | startswith("ROUTE_"))] as $f |
        ($f | length > 0) and all($f[]; .subject.local == "10.20.1.4" and .subject.peer == "10.51.0.1")'
check "nexthop: the UDR is named table/route as in the route table export" \
    json_check "$tmp/n" '($t[0]) as $rt |
        any(.findings[]; .code == "ROUTE_VIA_APPLIANCE" and .subject.object_kind == "route" and
            .subject.object == "\($rt.name)/\($rt.routes[] | select(.addressPrefix == "10.51.0.0/16") | .name)")' \
    --slurpfile t "$R/route-table-fw.json"
check "nexthop: the NIC without forwarding is the object" \
    json_check "$tmp/n" '($nic[0].name) as $name |
        any(.findings[]; .code == "ROUTE_APPLIANCE_UNKNOWN" and .subject.object_kind == "nic" and .subject.object == $name)' \
    --slurpfile nic "$R/nic-noforward.json"
check "azure notes: the export is the object" \
    json_check "$tmp/n" 'any(.findings[]; .code == "AZ_ENTRY_SKIPPED") and
        all(.findings[] | select(.code == "AZ_ENTRY_SKIPPED"); .subject.object_kind == "export" and
            (.subject.object as $o | [.evidence[].file] | index($o)) != null)'

# ------------------------------------------------------------------ probe

if [ "$(id -u)" != 0 ] || ! unshare -n true 2>/dev/null; then
	echo "skip probe subjects: needs root for a network namespace"
else
	# One namespace of its own: loopback only, gone with its processes.
	unshare -n bash -c '
	set -u
	ip link set lo up || exit 3
	E=$1 out=$2
	before=$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)
	"$E" probe --count 1 --json 127.0.0.1:1180 >"$out/tcp.json" 2>/dev/null
	"$E" probe --bgp --passive --local-as 12076 --source 127.0.0.1 \
	    --timeout 10s --json 127.0.0.1:1179 >"$out/passive.json" 2>/dev/null &
	pid=$!
	# wait for its listener, bounded
	for i in $(seq 100); do
		ss -Hltn "sport = :1179" | grep -q . && break
		sleep 0.05
	done
	"$E" probe --bgp --local-as 65010 --peer-as 12076 --timeout 10s \
	    --json 127.0.0.1:1179 >"$out/active.json" 2>/dev/null
	wait "$pid"
	after=$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)
	printf "%s\n%s\n" "$before" "$after" >"$out/clock"
	' probe-ns "$E" "$tmp"
	before=$(sed -n 1p "$tmp/clock" 2>/dev/null)
	after=$(sed -n 2p "$tmp/clock" 2>/dev/null)
	check "probe refused: target, port and span" \
	    json_check "$tmp/tcp.json" '[.findings[] | select(.code == "TCP_RST_ON_SYN")] as $f |
	        ($f | length == 1) and all($f[]; .subject as $s |
	            $s.peer == "127.0.0.1" and $s.peer_port == 1180 and
	            $s.local == "127.0.0.1" and $s.local_port > 0 and
	            $s.from >= $b and $s.to <= $a and $s.from <= $s.to)' \
	    --arg b "$before" --arg a "$after"
	check "probe BGP active: ends, ASNs and span" \
	    json_check "$tmp/active.json" '[.findings[] | select(.code == "BGP_ESTABLISHED")] as $f |
	        ($f | length == 1) and all($f[]; .subject as $s |
	            $s.peer == "127.0.0.1" and $s.peer_port == 1179 and
	            $s.local_as == 65010 and $s.peer_as == 12076 and
	            $s.from >= $b and $s.to <= $a)' \
	    --arg b "$before" --arg a "$after"
	# the two ends of one connection: each one's local port is the
	# other's peer port, each one's AS the other's peer AS
	check "probe BGP passive and active see one connection" \
	    json_check "$tmp/passive.json" '($act[0].findings[] | select(.code == "BGP_ESTABLISHED") | .subject) as $a |
	        any(.findings[]; .code == "BGP_ESTABLISHED" and .subject.local_port == 1179 and
	            .subject.peer_port == $a.local_port and .subject.local_as == $a.peer_as and
	            .subject.peer_as == $a.local_as)' \
	    --slurpfile act "$tmp/active.json"
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
