#!/bin/bash
# Out of memory through the whole command line (the sanitizer build's
# allocation seam, docs/internals/alloc.md): for pcap, circuit, nexthop and
# flow on small inputs, count the allocations of a good run
# (ERW_ALLOC_STATS=1), then fail each one in turn (ERW_ALLOC_FAIL=N).
# Every run must print exactly the good run's output with its exit code,
# or exit 3 saying "out of memory"; a crash or a leak (ASan aborts) is
# neither.  Then libpcap's own allocation, which the seam cannot reach,
# made to fail for real by ASan's allocation limit: exit 3, not 2.
set -u
: "${ERWATCH:?} ${ERW_SRC_DIR:?}"
T="$ERW_SRC_DIR/tests/data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

if ! ERW_ALLOC_STATS=1 "$ERWATCH" --version 2>&1 >/dev/null |
    grep -q 'allocations$'; then
	echo "SKIP: this build has no allocation seam (ERW_SANITIZE=OFF)"
	exit 77
fi

# sweep NAME ARG...: the good run, then every allocation of it failing
sweep() {
	local name=$1 total n rc rrc bad_n=0 failed=0 same=0
	shift
	ERW_ALLOC_STATS=1 "$ERWATCH" "$@" >"$tmp/ref" 2>"$tmp/referr"
	rrc=$?
	total=$(sed -n 's/^erwatch: \([0-9]*\) allocations$/\1/p' "$tmp/referr")
	if [ -z "$total" ] || [ "$total" -eq 0 ] || [ $rrc -gt 1 ]; then
		bad "$name: the good run (exit $rrc, ${total:-no} allocations)"
		return
	fi
	for ((n = 1; n <= total; n++)); do
		ERW_ALLOC_FAIL=$n "$ERWATCH" "$@" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		if [ $rc = 3 ] && grep -q 'out of memory' "$tmp/err"; then
			failed=$((failed + 1))
		elif [ $rc = $rrc ] && cmp -s "$tmp/ref" "$tmp/out"; then
			same=$((same + 1))
		else
			[ $bad_n = 0 ] && { echo "  allocation $n of $total:" \
			    "exit $rc"; head -5 "$tmp/err"; }
			bad_n=$((bad_n + 1))
		fi
	done
	if [ $bad_n = 0 ]; then
		ok "$name: $total allocations: $failed exit 3, $same unchanged"
	else
		bad "$name: $bad_n of $total runs neither exit 3 nor unchanged"
	fi
}

C="$T/captures"
A="$T/azure"
sweep "pcap --timeline" pcap --timeline "$C/session_flap/capture.pcap"
sweep "pcap, two files" pcap "$C/md5_mismatch/capture.pcap" \
    "$C/mtu_icmp/capture.pcap"
sweep "circuit" circuit --circuit "$A/circuit/circuit-ok.json" \
    --arp-primary "$A/circuit/ps51-arp-primary.json" \
    --summary-primary "$A/circuit/summary-ok-primary.json" \
    --routes-primary "$A/circuit/routes-primary.json"
sweep "nexthop" nexthop --routes "$A/routes/effective-mixed.json" \
    --dst 10.50.10.20
sweep "flow" flow --nsg "$A/nsg/nsg-snet-lab.json" \
    --nsg "$A/nsg/nsg-nic-lab.json" --direction in --protocol tcp \
    --local 10.9.1.4:179 --remote 172.31.0.1:40000

# libpcap reads a pcapng file with libc's malloc, past the seam: at open
# it grows its block buffer to the first interface block, which may be up
# to 16 MB before any snapshot length is known.  A 2 MB interface block is
# legal, and ASan's max_allocation_size_mb=1 with allocator_may_return_null
# makes that realloc fail for real.  The file is cut after the block's
# header, so without the limit libpcap reports a truncated file (exit 2).
# section header block (28 bytes, little-endian), then the header of an
# interface block (link type 1) claiming 2 MB
printf '\x0a\x0d\x0d\x0a\x1c\0\0\0\x4d\x3c\x2b\x1a\x01\0\0\0' >"$tmp/big-idb.pcapng"
printf '\xff\xff\xff\xff\xff\xff\xff\xff\x1c\0\0\0' >>"$tmp/big-idb.pcapng"
printf '\x01\0\0\0\0\0\x20\0\x01\0\0\0\0\0\0\0' >>"$tmp/big-idb.pcapng"
"$ERWATCH" pcap "$tmp/big-idb.pcapng" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc = 2 ]; then ok "big interface block, cut: bad input (exit 2)"
else bad "big interface block, cut: exit $rc, want 2"; cat "$tmp/err"; fi
ASAN_OPTIONS="${ASAN_OPTIONS:-}:allocator_may_return_null=1:max_allocation_size_mb=1" \
    "$ERWATCH" pcap "$tmp/big-idb.pcapng" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc = 3 ] && grep -q 'out of memory in libpcap' "$tmp/err"; then
	ok "libpcap out of memory at open: exit 3, said so"
else
	bad "libpcap out of memory at open: exit $rc, want 3"
	cat "$tmp/err"
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
