#!/bin/bash
# Keeps the benchmark's capture generator honest, at a tiny size: the
# capture gen_fulltable writes (5k prefixes, about 2 MB) must read cleanly in
# tshark (no malformed packets, no expert warnings or errors), look like the
# benchmark claims (802.1Q tag, several UPDATEs per segment, messages
# reassembled across segments, the handshake options), and give the same
# BGP message counts per sender and type in three places: the generator's
# own --stats, tshark, and `erwatch pcap --json` (with the prefixes
# announced and withdrawn per sender, also counted by tshark, the hold
# time, VLAN and ASNs).  It also checks what
# run_pcap.sh relies on: a smaller capture made with the same options is a
# byte-exact prefix of a bigger one.
set -u
. "$(dirname "$0")/lib_check.sh"

gen=${ERW_BUILD_DIR:-build}/gen_fulltable
erwatch=${ERWATCH:-${ERW_BUILD_DIR:-build}/erwatch}
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

[ -x "$gen" ] || { echo "FAIL: $gen not built"; exit 1; }
require_programs tshark
tmp=$(mktemp -d "${TMPDIR:-/tmp}/erw-gen-small.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

cap=$tmp/small.pcap
if ! "$gen" -o "$cap" --size-mb 2 --prefixes 5000 --seed 7 \
    --stats "$tmp/stats.json" 2> "$tmp/gen.err"; then
	cat "$tmp/gen.err"
	echo "FAIL: generator exited non-zero"
	exit 1
fi
bytes=$(wc -c < "$cap")
echo "generated $bytes bytes: $(cat "$tmp/gen.err")"
[ "$bytes" -ge $((2 * 1048576)) ] || fail "capture smaller than 2 MB"
[ "$(jq -r .bytes "$tmp/stats.json")" = "$bytes" ] ||
    fail "--stats bytes differ from the file size"

# 1. tshark reads it without complaint.
if ! tshark -r "$cap" -q -z expert > "$tmp/expert" 2> "$tmp/tshark.err"; then
	fail "tshark exited non-zero: $(head -3 "$tmp/tshark.err")"
fi
grep -v -i 'running as user' "$tmp/tshark.err" | grep -q . &&
    fail "tshark wrote errors: $(head -3 "$tmp/tshark.err")"
if grep -E -q '^(Errors|Warns) \(' "$tmp/expert"; then
	fail "tshark expert info has errors or warnings:"
	sed -n '/^Errors\|^Warns/,/^$/p' "$tmp/expert"
fi

# 2. It looks like what the benchmark says it is.
tshark -r "$cap" -T fields -E separator=/t -e frame.number -e vlan.id \
    -e ip.src -e tcp.len -e tcp.options.mss_val -e tcp.options.wscale.shift \
    -e tcp.options.sack_perm -e tcp.options.timestamp.tsval -e bgp.type \
    -e tcp.reassembled.length 2> /dev/null > "$tmp/fields"
frames=$(wc -l < "$tmp/fields")
[ "$frames" = "$(jq -r .frames "$tmp/stats.json")" ] ||
    fail "tshark sees $frames frames," \
    "generator says $(jq -r .frames "$tmp/stats.json")"
awk -F'\t' '$2 != "100" { bad++ } END { exit bad > 0 }' "$tmp/fields" ||
    fail "frames without VLAN 100"
awk -F'\t' 'NR <= 2 && ($5 != "1460" || $6 != "7" || $7 == "" || $8 == "") {
    bad++ } END { exit bad > 0 }' "$tmp/fields" ||
    fail "SYN/SYN-ACK lack MSS 1460, window scale 7, SACK-permitted" \
    "or timestamps"
multi=$(awk -F'\t' '$9 ~ /,/ { n++ } END { print n + 0 }' "$tmp/fields")
full=$(awk -F'\t' '$4 == 1448 { n++ } END { print n + 0 }' "$tmp/fields")
reasm=$(awk -F'\t' '$10 != "" { n++ } END { print n + 0 }' "$tmp/fields")
echo "frames $frames, full-size segments $full, with several BGP messages" \
    "$multi, completing a message begun earlier $reasm"
[ "$full" -gt 100 ] || fail "too few full-size segments ($full)"
[ "$multi" -gt $((full / 2)) ] ||
    fail "most segments should carry several messages ($multi of $full)"
[ "$reasm" -gt $((full / 2)) ] ||
    fail "messages should straddle segments ($reasm of $full)"

# 3. Counts per sender and type: generator = tshark = erwatch.
jq -r '.messages | to_entries[] | .key as $a | .value | to_entries[] |
    "\($a) \(.key) \(.value)"' "$tmp/stats.json" | sort > "$tmp/c_gen"
awk -F'\t' '$9 != "" { n = split($9, t, ","); for (i = 1; i <= n; i++)
    c[$3 " " t[i]]++ }
    END { split("OPEN UPDATE NOTIFICATION KEEPALIVE ROUTE-REFRESH", m, " ")
    for (k in c) { split(k, p, " "); print p[1], m[p[2]], c[k] } }' \
    "$tmp/fields" | sort > "$tmp/c_tshark"
if cmp -s "$tmp/c_gen" "$tmp/c_tshark"; then
	echo "counts generator = tshark: $(tr '\n' ' ' < "$tmp/c_gen")"
else
	fail "counts differ: generator $(tr '\n' ' ' < "$tmp/c_gen")," \
	    "tshark $(tr '\n' ' ' < "$tmp/c_tshark")"
fi
"$erwatch" pcap --json "$cap" > "$tmp/erw.json" 2> "$tmp/erw.err"
rc=$?
if [ "$rc" -ne 0 ]; then
	fail "erwatch pcap exited $rc on a healthy session: $(head -3 "$tmp/erw.err")"
fi
if json_check "$tmp/erw.json" 'type == "object"'; then
	jq -r '.sessions[].messages | to_entries[] | .key as $a | .value |
	    to_entries[] | "\($a) \(.key) \(.value)"' "$tmp/erw.json" |
	    sort > "$tmp/c_erw"
	if cmp -s "$tmp/c_gen" "$tmp/c_erw"; then
		echo "counts generator = erwatch: OK"
	else
		fail "counts differ: generator $(tr '\n' ' ' < "$tmp/c_gen")," \
		    "erwatch $(tr '\n' ' ' < "$tmp/c_erw")"
	fi
	# prefixes (NLRI entries, IPv4 + MP) and the session facts
	want=$(jq -c '{a: .announced, w: .withdrawn}' "$tmp/stats.json")
	got=$(jq -c '.sessions[0].prefixes["172.16.0.2"] |
	    {a: .announced, w: .withdrawn}' "$tmp/erw.json")
	[ "$want" = "$got" ] ||
	    fail "prefixes announced/withdrawn: generator $want, erwatch $got"
	# the same prefixes counted by tshark, per sender: IPv4 NLRI and
	# withdrawn routes, IPv6 in MP_REACH_NLRI / MP_UNREACH_NLRI
	tshark -r "$cap" -Y bgp -T fields -E occurrence=a -E aggregator=, \
	    -e ip.src -e bgp.nlri_prefix -e bgp.mp_reach_nlri_ipv6_prefix \
	    -e bgp.withdrawn_prefix -e bgp.mp_unreach_nlri_ipv6_prefix \
	    2> /dev/null | awk -F'\t' '{
		src[$1] = 1
		for (k = 2; k <= 5; k++)
			if ($k != "")
				c[$1, k < 4 ? "a" : "w"] += split($k, x, ",")
	    } END { for (s in src) printf "%s %d %d\n", s, c[s, "a"],
		c[s, "w"] }' | sort > "$tmp/p_tshark"
	jq -r '.sessions[].prefixes | to_entries[] |
	    "\(.key) \(.value.announced) \(.value.withdrawn)"' \
	    "$tmp/erw.json" | sort > "$tmp/p_erw"
	if [ -s "$tmp/p_tshark" ] && cmp -s "$tmp/p_tshark" "$tmp/p_erw"; then
		echo "prefixes tshark = erwatch:" \
		    "$(tr '\n' ' ' < "$tmp/p_tshark")"
	else
		fail "prefixes per sender (announced withdrawn): tshark" \
		    "$(tr '\n' ' ' < "$tmp/p_tshark"), erwatch" \
		    "$(tr '\n' ' ' < "$tmp/p_erw")"
	fi
	got=$(jq -c '.sessions[0] | [.hold_time, .vlans, .asns["172.16.0.1"],
	    .asns["172.16.0.2"]]' "$tmp/erw.json")
	[ "$got" = '[180,[100],65010,12076]' ] ||
	    fail "hold time, VLANs, ASNs: erwatch says $got"
	ns=$(jq '.sessions | length' "$tmp/erw.json")
	[ "$ns" = 1 ] || fail "erwatch sees $ns sessions, expected 1"
	json_check "$tmp/erw.json" \
	    '[.findings[] | select(.code == "BGP_ESTABLISHED")] | length == 1' ||
	    fail "no BGP_ESTABLISHED finding"
	bad=$(jq -r '[.findings[] | select(.severity != "info") | .code] |
	    join(" ")' "$tmp/erw.json")
	[ -z "$bad" ] || fail "findings on a healthy session: $bad"
else
	fail "erwatch pcap --json output is not JSON"
fi

# 4. A smaller capture is a prefix of a bigger one (same options).
if ! "$gen" -o "$tmp/a.pcap" --size-mb 1 --prefixes 3000 --seed 3 \
    2> /dev/null ||
    ! "$gen" -o "$tmp/b.pcap" --size-mb 4 --prefixes 3000 --seed 3 \
    2> /dev/null; then
	fail "generator failed"
fi
an=$(wc -c < "$tmp/a.pcap")
bn=$(wc -c < "$tmp/b.pcap")
[ "$an" -lt "$bn" ] || fail "1 MB capture ($an) not smaller than 4 MB ($bn)"
cmp -s -n "$an" "$tmp/a.pcap" "$tmp/b.pcap" ||
    fail "the 1 MB capture is not a prefix of the 4 MB one"
"$gen" -o "$tmp/c.pcap" --size-mb 1 --prefixes 3000 --seed 4 2> /dev/null
cmp -s "$tmp/a.pcap" "$tmp/c.pcap" && fail "--seed has no effect"

# 5. Bad options are refused.
"$gen" -o "$tmp/x.pcap" --prefixes abc > /dev/null 2>&1
[ $? -eq 2 ] || fail "--prefixes abc should exit 2"
"$gen" > /dev/null 2>&1
[ $? -eq 2 ] || fail "no -o should exit 2"

if [ "$fails" -gt 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all checks passed"
