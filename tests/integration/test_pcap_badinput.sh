#!/usr/bin/env bash
# Bad input for `erwatch pcap`: every case gives a finding or a clear error
# naming the file (and frame), the rest is still analyzed, the exit code is
# the documented one (docs/pcap.md), and nothing crashes.
#   truncated file          CAPTURE_TRUNCATED + error on stderr, exit 2
#   record length that lies CAPTURE_TRUNCATED at that frame, exit 2
#   snaplen-cut capture     CAPTURE_TRUNCATED (warning), exit 0 or 1
#   non-BGP bytes on 179    BGP_MALFORMED naming the frame, later messages
#                           still counted
#   bad marker              BGP_MALFORMED naming the marker byte
#   link type 105 (802.11)  error naming the file, exit 2, the other file
#                           on the command line still analyzed
# The small captures are written here byte by byte (little-endian pcap).
set -u

ERWATCH=${ERWATCH:?ERWATCH must name the erwatch binary}
SRC=${ERW_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$(dirname "$0")/lib_check.sh"
require_programs jq editcap

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
pass=0

ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

# ---- byte writers -------------------------------------------------
hexout() { printf "$(echo "$1" | sed 's/../\\x&/g')"; }
le32() { printf '%02x%02x%02x%02x' $(($1 & 255)) $((($1 >> 8) & 255)) \
    $((($1 >> 16) & 255)) $((($1 >> 24) & 255)); }
be16() { printf '%02x%02x' $((($1 >> 8) & 255)) $(($1 & 255)); }
be32() { printf '%02x%02x%02x%02x' $((($1 >> 24) & 255)) \
    $((($1 >> 16) & 255)) $((($1 >> 8) & 255)) $(($1 & 255)); }

# pcap global header: linktype $1
pcap_hdr() { hexout "d4c3b2a1020004000000000000000000ffff0000$(le32 "$1")"; }
# one record: frame number $1 (for the timestamp), frame hex $2
pcap_rec() {
	local n=$((${#2} / 2))
	hexout "$(le32 $((1700000000 + $1)))$(le32 0)$(le32 $n)$(le32 $n)$2"
}
# Ethernet + IPv4 + TCP: src dst (hex), sport dport seq ack flags payload
tcp_frame() {
	local plen=$((${#8} / 2)) tot
	tot=$((20 + 20 + plen))
	printf '%s' "020000000002020000000001" "0800" \
	    "4500" "$(be16 $tot)" "00004000" "4006" "0000" "$1" "$2" \
	    "$(be16 "$3")" "$(be16 "$4")" "$(be32 "$5")" "$(be32 "$6")" \
	    "50" "$7" "ffff" "0000" "0000" "$8"
}
A=ac100001	# 172.16.0.1
B=ac100002	# 172.16.0.2
KA=ffffffffffffffffffffffffffffffff001304
OPEN_B=ffffffffffffffffffffffffffffffff001d0104$(be16 12076)0009ac10000200
OPEN_A=ffffffffffffffffffffffffffffffff001d0104$(be16 65010)0009ac10000100

# a connection: handshake, then $1 (A->B payload) and $2 (B->A payload),
# then a KEEPALIVE each way
mk_conn() {
	local a_seq=1000 b_seq=5000 f=1 pa=$1 pb=$2
	pcap_hdr 1
	pcap_rec $f "$(tcp_frame $A $B 40000 179 $a_seq 0 02 '')"; f=$((f + 1))
	pcap_rec $f "$(tcp_frame $B $A 179 40000 $b_seq $((a_seq + 1)) 12 '')"
	f=$((f + 1)); a_seq=$((a_seq + 1)); b_seq=$((b_seq + 1))
	pcap_rec $f "$(tcp_frame $A $B 40000 179 $a_seq $b_seq 10 '')"
	f=$((f + 1))
	pcap_rec $f "$(tcp_frame $A $B 40000 179 $a_seq $b_seq 18 "$pa")"
	f=$((f + 1)); a_seq=$((a_seq + ${#pa} / 2))
	pcap_rec $f "$(tcp_frame $B $A 179 40000 $b_seq $a_seq 18 "$pb")"
	f=$((f + 1)); b_seq=$((b_seq + ${#pb} / 2))
	pcap_rec $f "$(tcp_frame $A $B 40000 179 $a_seq $b_seq 18 $KA)"
	f=$((f + 1)); a_seq=$((a_seq + 19))
	pcap_rec $f "$(tcp_frame $B $A 179 40000 $b_seq $a_seq 18 $KA)"
}

# sanity: the writer makes a capture erwatch reads as BGP
mk_conn "$OPEN_A" "$OPEN_B" >"$tmp/good.pcap"
"$ERWATCH" pcap --json "$tmp/good.pcap" >"$tmp/o.json" 2>"$tmp/e"
rc=$?
if [ $rc -le 1 ] && [ "$(jq '.sessions[0].establishments' "$tmp/o.json")" = 1 ]
then ok "synthetic healthy capture reaches Established"
else bad "synthetic capture (rc $rc): $(head -c 300 "$tmp/e")"; fi

# exit code within the contract and no crash
sane_rc() { [ "$1" -ge 0 ] && [ "$1" -le 2 ]; }

# ---- non-BGP bytes on port 179 -----------------------------------
junk=$(printf 'GET / HTTP/1.0\r\nHost: x\r\n\r\n' | od -An -tx1 | tr -d ' \n')
mk_conn "${junk}${OPEN_A}" "$OPEN_B" >"$tmp/junk.pcap"
"$ERWATCH" pcap --json "$tmp/junk.pcap" >"$tmp/o.json" 2>"$tmp/e"
rc=$?
if sane_rc $rc && json_check "$tmp/o.json" 'any(.findings[];
    .code == "BGP_MALFORMED" and any(.evidence[]; .frame == 4))' &&
    [ "$(jq '.sessions[0].messages["172.16.0.1"].OPEN' "$tmp/o.json")" = 1 ]
then ok "non-BGP bytes: BGP_MALFORMED at frame 4, the OPEN after still read"
else bad "non-BGP bytes (rc $rc): $(jq -c '[.findings[]|.code]' "$tmp/o.json")"
fi

# ---- bad marker ---------------------------------------------------
badka=ffffff00ffffffffffffffffffffffff001304
mk_conn "$OPEN_A" "${badka}${OPEN_B}" >"$tmp/marker.pcap"
"$ERWATCH" pcap --json "$tmp/marker.pcap" >"$tmp/o.json" 2>"$tmp/e"
rc=$?
if sane_rc $rc && json_check "$tmp/o.json" 'any(.findings[];
    .code == "BGP_MALFORMED" and (.summary | test("marker")))' &&
    [ "$(jq '.sessions[0].messages["172.16.0.2"].OPEN' "$tmp/o.json")" = 1 ]
then ok "bad marker: BGP_MALFORMED names the marker, resynchronized"
else bad "bad marker (rc $rc): $(jq -c '[.findings[]|.summary]' "$tmp/o.json")"
fi

# ---- lying length in the BGP header --------------------------------
lying=ffffffffffffffffffffffffffffffff900004
mk_conn "${lying}${OPEN_A}" "$OPEN_B" >"$tmp/len.pcap"
"$ERWATCH" pcap --json "$tmp/len.pcap" >"$tmp/o.json" 2>"$tmp/e"
rc=$?
if sane_rc $rc && json_check "$tmp/o.json" 'any(.findings[];
    .code == "BGP_MALFORMED" and (.summary | test("length")))'
then ok "lying BGP length: BGP_MALFORMED names the length"
else bad "lying BGP length (rc $rc)"; fi

# ---- another link type --------------------------------------------
{ pcap_hdr 105; pcap_rec 1 "$(printf '%060d' 0)"; } >"$tmp/wifi.pcap"
"$ERWATCH" pcap --json "$tmp/wifi.pcap" "$tmp/good.pcap" >"$tmp/o.json" \
    2>"$tmp/e"
rc=$?
if [ $rc -eq 2 ] && grep -q "wifi.pcap" "$tmp/e" &&
    grep -qi "link type" "$tmp/e" &&
    [ "$(jq '.sessions | length' "$tmp/o.json")" = 1 ]
then ok "link type 105: exit 2, the file named, the other file analyzed"
else bad "link type 105 (rc $rc): $(cat "$tmp/e")"; fi

# ---- real captures: truncated, lying record length, snaplen --------
real=""
for f in "$SRC"/tests/data/captures/healthy/capture.pcap \
    "${ERW_SHARED_DIR:-/nonexistent}"/corpus/pcap/01_healthy_short_timers/capture.pcap; do
	if [ -f "$f" ]; then real=$f; break; fi
done
[ -n "$real" ] || real=$tmp/good.pcap
size=$(stat -c %s "$real")

head -c $((size - 7)) "$real" >"$tmp/cut.pcap"
"$ERWATCH" pcap --json "$tmp/cut.pcap" >"$tmp/o.json" 2>"$tmp/e"
rc=$?
if [ $rc -eq 2 ] && grep -q "cut.pcap" "$tmp/e" &&
    json_check "$tmp/o.json" 'any(.findings[];
    .code == "CAPTURE_TRUNCATED") and (.files[0].frames > 0)'
then ok "truncated file: exit 2, CAPTURE_TRUNCATED, analyzed up to the cut"
else bad "truncated file (rc $rc): $(cat "$tmp/e")"; fi

# record 5's captured length set to 16 MB: libpcap refuses it
cp "$real" "$tmp/lie.pcap"
off=24
for i in 1 2 3 4; do
	incl=$(od -An -tu4 -j $((off + 8)) -N4 "$tmp/lie.pcap" | tr -d ' ')
	off=$((off + 16 + incl))
done
hexout "$(le32 16777216)" | dd of="$tmp/lie.pcap" bs=1 seek=$((off + 8)) \
    conv=notrunc status=none
"$ERWATCH" pcap --json "$tmp/lie.pcap" >"$tmp/o.json" 2>"$tmp/e"
rc=$?
if [ $rc -eq 2 ] && grep -q "lie.pcap" "$tmp/e" &&
    json_check "$tmp/o.json" 'any(.findings[];
    .code == "CAPTURE_TRUNCATED" and (.summary | test("frame 5"))) and
    .files[0].frames == 4'
then ok "lying record length: exit 2, CAPTURE_TRUNCATED at frame 5"
else bad "lying record length (rc $rc): $(cat "$tmp/e") $(jq -c \
    '[.findings[]|.summary]' "$tmp/o.json")"; fi

editcap -s 80 "$real" "$tmp/snap.pcap" >/dev/null 2>&1
"$ERWATCH" pcap --json "$tmp/snap.pcap" >"$tmp/o.json" 2>"$tmp/e"
rc=$?
if [ $rc -le 1 ] && json_check "$tmp/o.json" 'any(.findings[];
    .code == "CAPTURE_TRUNCATED" and
    (.summary | test("snapshot")))'
then ok "snaplen 80: CAPTURE_TRUNCATED, exit $rc"
else bad "snaplen 80 (rc $rc): $(cat "$tmp/e")"; fi

# ---- missing file among good ones ----------------------------------
"$ERWATCH" pcap "$tmp/none.pcap" "$tmp/good.pcap" >"$tmp/o.txt" 2>"$tmp/e"
rc=$?
if [ $rc -eq 2 ] && grep -q "none.pcap" "$tmp/e" &&
    grep -q "good.pcap" "$tmp/o.txt"
then ok "missing file: exit 2, named, the other file analyzed"
else bad "missing file (rc $rc)"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
