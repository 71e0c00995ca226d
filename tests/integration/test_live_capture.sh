#!/bin/bash
# erwatch capture on a real link between FRR (CE, AS 65010) and BIRD (MSEE,
# AS 12076): a capture analyzed live while the session flaps (BIRD restarts
# the session twice: Cease NOTIFICATIONs, new OPENs), privilege drop, file
# rotation, pcapng read by tshark, a disk that fills up (tmpfs in a private
# mount namespace), and bad input.  Exit 77 without root.
set -u
: "${ERWATCH:?}" "${ERW_SRC_DIR:?}"
. "$ERW_SRC_DIR/tests/testbed/lib.sh"
. "$ERW_SRC_DIR/tests/testbed/live_lib.sh"
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"

out=$("$ERWATCH" capture -w /tmp/x.pcap 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *"missing -i IFACE"* ]] &&
    live_ok "missing interface option: exit 2" || live_fail "no -i: rc=$rc $out"
out=$("$ERWATCH" capture -i lo --snaplen 10 -w /tmp/x.pcap 2>&1); rc=$?
[ $rc = 2 ] && live_ok "snaplen 10 refused" || live_fail "snaplen: rc=$rc"

# A failure above must not hide behind "skipped".
[ "$LIVE_FAILS" = 0 ] || { live_summary; exit 1; }
tb_require_root
require_programs tshark clang
tb_init live_capture
tb_pair
tb_frr "$TB_CE" local="$TB_CE_IP" peer="$TB_MS_IP" las=65010 pas=12076 || exit 1
tb_bird "$TB_MS" local="$TB_MS_IP" peer="$TB_CE_IP" las=12076 pas=65010 || exit 1
D="$TB_DIR/cap"
mkdir -p "$D" && chmod 1777 "$D"
C() { ip netns exec "$TB_CE" "$ERWATCH" capture "$@"; }
BIRDC="birdc -s $(cat "$TB_DIR/ns/$TB_MS.ctl")"
# Refused connections to a closed port: two small packets each, fast
# (captured with -f "tcp port 1790": the default filter is BGP's).
closed_traffic() {
	ip netns exec "$TB_CE" bash -c "for i in \$(seq $1); do
	    (exec 3<>/dev/tcp/$TB_MS_IP/1790) 2>/dev/null; done" >/dev/null 2>&1
}

# --- bad input ---
out=$(C -i nosuch0 -w "$D/x.pcap" 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *"no such interface 'nosuch0'"* ]] &&
    live_ok "unknown interface: exit 2, named" || live_fail "nosuch0: rc=$rc $out"
out=$(C -i ce0 -f "tcp port and" -w "$D/x.pcap" 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *"bad filter"* ]] &&
    live_ok "bad filter: exit 2" || live_fail "filter: rc=$rc $out"
out=$(ip netns exec "$TB_CE" setpriv --reuid=65534 --regid=65534 \
    --clear-groups --inh-caps=-all "$ERWATCH" capture -i ce0 -w "$D/x.pcap" 2>&1); rc=$?
[ $rc = 3 ] && [[ $out == *"permission denied"* ]] &&
    live_ok "no capture privilege: exit 3, says so" || live_fail "perm: rc=$rc $out"
mkdir -p "$TB_DIR/rootonly" && chmod 755 "$TB_DIR/rootonly"
out=$(C -i ce0 -d 1 -w "$TB_DIR/rootonly/x.pcap" 2>&1); rc=$?
[ $rc = 3 ] && [[ $out == *"as user 'nobody'"* ]] &&
    live_ok "output not writable after the drop: exit 3, explained" ||
    live_fail "rootonly: rc=$rc $out"

tb_wait_established "$TB_CE" 40 || exit 1

# --- capture during a session flap, analyzed live ---
# Started directly (not through a shell function) so that $! is the
# capture itself and receives the SIGINT.
ip netns exec "$TB_CE" "$ERWATCH" capture -i ce0 -w "$D/flap.pcapng" \
    --analyze -d 60 >"$D/flap.out" 2>"$D/flap.err" &
cpid=$!
tb_wait_until 10 grep -q "listening on" "$D/flap.err" || live_fail "capture did not start"
for i in 1 2; do
	$BIRDC restart tb_peer >/dev/null
	tb_wait_state "$TB_CE" down 10
	tb_wait_established "$TB_CE" 30 || live_fail "no re-establishment $i"
done
# findings printed as they occur, before the capture ends
if tb_wait_until 10 grep -q "BGP_NOTIFICATION" "$D/flap.out"; then
	live_ok "--analyze printed BGP_NOTIFICATION while capturing"
else
	live_fail "no live BGP_NOTIFICATION: $(head -c 600 "$D/flap.out")"
fi
kill -INT "$cpid"
tb_wait_until 10 eval "! kill -0 $cpid" || kill -KILL "$cpid"
wait "$cpid"; rc=$?
# The analyzer lowers the severities when the session is up again at the
# end of the capture: 0 or 1 are both right, 2/3 or a signal death are not.
live_check "flap capture: SIGINT ends it cleanly (exit $rc)" [ $rc -le 1 ]
live_check "flap capture: stopped by signal" grep -q "stopped by signal" "$D/flap.out"
live_check "flap capture: the final report has the flap or both teardowns" \
    grep -Eq "BGP_SESSION_FLAP|NOTIFICATION 6/4 .*2 times" "$D/flap.out"
live_check "flap capture: file owned by nobody (privileges dropped)" \
    [ "$(stat -c %U "$D/flap.pcapng")" = nobody ]
n_open=$(tshark -r "$D/flap.pcapng" -Y "bgp.type == 1" 2>/dev/null | wc -l)
n_notif=$(tshark -r "$D/flap.pcapng" -Y "bgp.type == 3" 2>/dev/null | wc -l)
live_check "flap capture: tshark reads the pcapng: $n_open OPENs, $n_notif NOTIFICATIONs" \
    [ "$n_open" -ge 4 ] && [ "$n_notif" -ge 2 ]
live_check "flap capture: kernel counters reported" grep -q "^kernel: " "$D/flap.out"

# --- limits and rotation ---
ip netns exec "$TB_CE" "$ERWATCH" capture -i ce0 -f "tcp port 1790" \
    -w "$D/ring.pcap" --ring 3 --file-size 2k -d 20 --max-packets 120 \
    --json >"$D/ring.json" 2>"$D/ring.err" &
cpid=$!
tb_wait_until 10 test -e "$D/ring.pcap.0"
closed_traffic 100
tb_wait_until 15 eval "! kill -0 $cpid"
wait "$cpid"; rc=$?
live_check "ring: exit 0, stopped by max-packets" live_jq "$D/ring.json" \
    '.stoppedBy == "max-packets" and .packets == 120 and .files >= 4'
nf=$(ls "$D"/ring.pcap.* | wc -l)
live_check "ring: only the 3 newest files kept ($nf)" [ "$nf" = 3 ]
ok=1
for f in "$D"/ring.pcap.*; do
	tshark -r "$f" >/dev/null 2>&1 || ok=0
	[ "$(stat -c %s "$f")" -le 2048 ] || ok=0
done
live_check "ring: every kept file is valid and at most 2k" [ $ok = 1 ]
ip netns exec "$TB_CE" "$ERWATCH" capture -i ce0 -f "tcp port 1790" \
    -w "$D/r2.pcap" --ring 2 --file-size 1k --max-bytes 3k -d 20 --json \
    >"$D/r2.json" 2>/dev/null &
cpid=$!
tb_wait_until 10 test -e "$D/r2.pcap.0"
closed_traffic 60
tb_wait_until 15 eval "! kill -0 $cpid"
wait "$cpid"
live_check "ring with max-bytes: headers of new files counted, <= 3k" \
    live_jq "$D/r2.json" \
    '.stoppedBy == "max-bytes" and .bytes <= 3072 and .files >= 3'
ip netns exec "$TB_CE" "$ERWATCH" capture -i ce0 -f "tcp port 1790" \
    -w "$D/small.pcap" --snaplen 64 --max-bytes 1k -d 20 --json \
    >"$D/small.json" 2>/dev/null &
cpid=$!
tb_wait_until 10 test -e "$D/small.pcap"
closed_traffic 40
tb_wait_until 15 eval "! kill -0 $cpid"
wait "$cpid"
live_check "max-bytes: stopped, file within 1k" live_jq "$D/small.json" \
    '.stoppedBy == "max-bytes" and .bytes <= 1024'
live_check "snaplen 64: tshark sees cut frames" \
    [ "$(tshark -r "$D/small.pcap" -T fields -e frame.cap_len 2>/dev/null | sort -n | tail -1)" -le 64 ]

# --- the disk fills up ---
unshare -m bash -c '
	set -u
	mkdir -p "$1/full"
	mount -t tmpfs -o size=8k,mode=1777 erwtmp "$1/full" || exit 99
	ip netns exec "$2" "$3" capture -i ce0 -f "tcp port 1790" \
	    -w "$1/full/x.pcap" -d 20 \
	    >"$1/full.out" 2>"$1/full.err" &
	p=$!
	for i in $(seq 100); do [ -e "$1/full/x.pcap" ] && break; sleep 0.1; done
	ip netns exec "$2" bash -c "for i in \$(seq 400); do
	    (exec 3<>/dev/tcp/$4/1790) 2>/dev/null; kill -0 $p 2>/dev/null || break
	    done" >/dev/null 2>&1
	for i in $(seq 100); do kill -0 $p 2>/dev/null || break; sleep 0.1; done
	kill -INT $p 2>/dev/null
	wait $p; echo "rc=$?" >"$1/full.rc"
	tshark -r "$1/full/x.pcap" >"$1/full.tshark" 2>&1; echo "tshark=$?" >>"$1/full.rc"
	umount "$1/full"
' full "$D" "$TB_CE" "$ERWATCH" "$TB_MS_IP"
urc=$?
if [ $urc = 99 ]; then
	echo "skip - cannot mount a tmpfs"
else
	live_check "disk full: exit 3" grep -q "^rc=3" "$D/full.rc"
	live_check "disk full: says so" grep -q "No space left on device" "$D/full.err"
	live_check "disk full: the file is valid up to the last whole packet" \
	    eval 'grep -q "^tshark=0" "$D/full.rc" && ! grep -qi "cut short" "$D/full.tshark" && [ -s "$D/full.tshark" ]'
fi
# --- the default filter on 802.1Q and QinQ links ---
for tags in "100" "100 300"; do
	tb_cleanup
	tb_init live_capture_vlan || exit 1
	tb_pair || exit 1
	# shellcheck disable=SC2086
	tb_vlan_tag ms0 $tags || { live_fail "tb_vlan_tag $tags"; continue; }
	D="$TB_DIR/cap"
	mkdir -p "$D" && chmod 1777 "$D"
	ip netns exec "$TB_CE" "$ERWATCH" capture -i ce0 -w "$D/v.pcap" \
	    --json -d 30 >"$D/v.json" 2>"$D/v.err" &
	cpid=$!
	tb_wait_until 10 test -e "$D/v.pcap"
	# BGP port (no daemon: SYN, RST) and another port (filtered out)
	ip netns exec "$TB_CE" bash -c "for p in 179 179 1790 1790; do
	    (exec 3<>/dev/tcp/$TB_MS_IP/\$p) 2>/dev/null; done"
	# the last frames are in the file before the signal
	tb_wait_until 5 eval "[ \$(tshark -r '$D/v.pcap' -Y 'tcp.port == 179' \
	    2>/dev/null | wc -l) -ge 4 ]"
	# SIGTERM for QinQ, SIGINT for 802.1Q: both end it cleanly
	if [ "$tags" = 100 ]; then sig=INT; else sig=TERM; fi
	kill -"$sig" "$cpid"
	tb_wait_until 10 eval "! kill -0 $cpid" || kill -KILL "$cpid"
	wait "$cpid"; rc=$?
	live_check "SIG$sig: exit 0, stopped by signal" eval \
	    '[ $rc = 0 ] && live_jq "$D/v.json" ".stoppedBy == \"signal\""'
	n179=$(tshark -r "$D/v.pcap" -Y "vlan.id == 100 && tcp.port == 179" 2>/dev/null | wc -l)
	n1790=$(tshark -r "$D/v.pcap" -Y "tcp.port == 1790" 2>/dev/null | wc -l)
	live_check "default filter, tags [$tags]: 4 tagged TCP/179 frames ($n179), port 1790 left out ($n1790)" \
	    [ "$n179" = 4 ] && [ "$n1790" = 0 ]
	if [ "$tags" = "100 300" ]; then
		live_check "QinQ: S-tag 300 outside C-tag 100 in the file" [ \
		    "$(tshark -r "$D/v.pcap" -Y "ieee8021ad.id == 300 && vlan.id == 100 && tcp.port == 179" 2>/dev/null | wc -l)" = 4 ]
	fi
done
live_summary
