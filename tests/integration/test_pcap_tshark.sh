#!/usr/bin/env bash
# Differential test: erwatch's BGP decode against tshark's, message by
# message.  For every capture in the project (tests/data/captures/*/,
# examples/) and in the shared corpus, tshark (with its default TCP
# reassembly, which puts a message on the frame where its last byte
# arrives) and `erwatch pcap --dump-messages` must agree on:
#   M frame sender type                 every message
#   O frame sender my_as hold id        every OPEN
#   N frame sender code subcode         every NOTIFICATION
# (BGP bytes that tshark decodes inside ICMP error quotes are not messages
# and are left out.)
set -u

ERWATCH=${ERWATCH:?ERWATCH must name the erwatch binary}
SRC=${ERW_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${ERW_SHARED_DIR:-}
. "$SRC/tests/integration/lib_check.sh"
require_programs tshark

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

files=()
for f in "$SRC"/tests/data/captures/*/capture.pcap* "$SRC"/examples/*.pcap*; do
	[ -f "$f" ] && files+=("$f")
done
if [ -n "$SHARED" ] && [ -d "$SHARED/corpus/pcap" ]; then
	for f in "$SHARED"/corpus/pcap/*/capture*.pcap*; do
		[ -f "$f" ] && files+=("$f")
	done
else
	echo "note: no shared corpus at '$SHARED/corpus/pcap', project captures only"
fi
if [ ${#files[@]} -eq 0 ]; then
	echo "skip: no capture to compare"
	exit 77
fi

tshark_lines() {
	tshark -r "$1" -Y "bgp && !icmp && !icmpv6" -T fields -E separator=/t -E occurrence=a \
	    -E aggregator=, \
	    -e frame.number -e ip.src -e ipv6.src -e bgp.type \
	    -e bgp.open.myas -e bgp.open.holdtime -e bgp.open.identifier \
	    -e bgp.notify.major_error -e bgp.notify.minor_error \
	    -e bgp.notify.minor_error_open -e bgp.notify.minor_error_update \
	    -e bgp.notify.minor_error_expired -e bgp.notify.minor_error_state \
	    -e bgp.notify.minor_error_cease \
	    -e bgp.notify.minor_error_capability \
	    -e bgp.notify.minor_error_unknown 2>/dev/null |
	awk -F'\t' '
	{
		src = $2 != "" ? $2 : $3
		sub(/,.*/, "", src)
		nt = split($4, t, ",")
		for (i = 1; i <= nt; i++)
			print "M", $1, src, t[i]
		no = split($5, as, ",")
		split($6, ho, ",")
		split($7, id, ",")
		for (i = 1; i <= no; i++)
			print "O", $1, src, as[i], ho[i], id[i]
		nn = split($8, ma, ",")
		mi = ""
		for (k = 9; k <= 16; k++)
			if ($k != "")
				mi = mi == "" ? $k : mi "," $k
		split(mi, mn, ",")
		for (i = 1; i <= nn; i++)
			print "N", $1, src, ma[i], mn[i]
	}' | sort
}

erwatch_lines() {
	"$ERWATCH" pcap --dump-messages "$1" 2>/dev/null |
	awk -F'\t' '
	{
		print "M", $1, $2, $4
		if ($4 == 1)
			print "O", $1, $2, $5, $6, $7
		if ($4 == 3)
			print "N", $1, $2, $8, $9
	}' | sort
}

pass=0
fail=0
for f in "${files[@]}"; do
	tshark_lines "$f" >"$tmp/t"
	erwatch_lines "$f" >"$tmp/e"
	n=$(grep -c '^M' "$tmp/t")
	if cmp -s "$tmp/t" "$tmp/e"; then
		echo "PASS $f ($n messages)"
		pass=$((pass + 1))
	else
		echo "FAIL $f: tshark (<) and erwatch (>) differ:"
		diff "$tmp/t" "$tmp/e" | head -n 12
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
