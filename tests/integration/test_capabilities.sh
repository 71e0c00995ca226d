#!/bin/bash
# The capabilities the package gives the binary (debian/postinst: setcap
# cap_net_raw,cap_net_admin+ep), on a copy of the build under test, used
# by user nobody (setpriv) inside a network namespace this test creates:
#   - without them, nobody's capture is refused (exit 3): the control;
#   - with them, nobody captures on the namespace's loopback, the file is
#     nobody's and holds the packets, and once the interface is open the
#     process holds no capability at all (/proc/PID/status);
#   - a command that needs none (pcap) holds none while it reads, nor
#     does probe (TCP MD5 needs none on Linux), trace runs (raw sockets)
#     as nobody.
# Exit 77 without root (setcap and namespaces need it).
set -u
: "${ERWATCH:?}" "${ERW_SRC_DIR:?}"
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"
. "$ERW_SRC_DIR/tests/testbed/lib.sh"	# tb_wait_until
if [ "$(id -u)" != 0 ]; then
	echo "skipped: needs root (setcap, network namespaces)" >&2
	exit 77
fi
require_programs setcap getcap setpriv ip tshark

pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { local d=$1; shift; if "$@"; then ok; else ko "$d"; fi; }

tmp=$(mktemp -d)
ns=erwcap$$
pids=""
cleanup()
{
	local p

	for p in $pids; do kill -KILL "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
chmod 755 "$tmp"
mkdir "$tmp/bin" "$tmp/out"
chown nobody "$tmp/out"
cp "$ERWATCH" "$tmp/bin/erwatch-plain"
cp "$ERWATCH" "$tmp/bin/erwatch"
chmod 755 "$tmp/bin"/*
setcap cap_net_raw,cap_net_admin+ep "$tmp/bin/erwatch" ||
    { echo "FAIL: setcap on $tmp/bin/erwatch"; exit 1; }
check "getcap shows the file capabilities" \
    grep -q "cap_net_admin,cap_net_raw=ep" <(getcap "$tmp/bin/erwatch")
ip netns add "$ns" || { echo "FAIL: ip netns add $ns"; exit 1; }
ip -n "$ns" link set lo up

# A process with file capabilities is not dumpable, which LeakSanitizer
# needs at exit (it ptraces the process); leaks are checked by the other
# runs of the same code.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
# as_nobody PROG ARGS...: PROG as nobody in the namespace, no inherited
# or ambient capability, only what the file gives.  Called only in $(...)
# or with &, whose subshell it replaces: then $! is PROG's own PID (ip
# netns exec and setpriv exec too).
as_nobody()
{
	exec ip netns exec "$ns" setpriv --reuid=nobody --regid=nogroup \
	    --clear-groups --inh-caps=-all "$@"
}
# caps PID: "permitted effective" of a running process, in hex.
caps()
{
	awk '/^CapPrm:/ { p = $2 } /^CapEff:/ { e = $2 }
	    END { print p, e }' "/proc/$1/status"
}
# Refused connections to port 179 on the namespace's loopback: a SYN and
# a RST each, what the default filter keeps.
knock() { ip netns exec "$ns" bash -c '(exec 3<>/dev/tcp/127.0.0.1/179) 2>/dev/null' ; }

# ---- control: no file capabilities, no capture ---------------------
out=$(as_nobody "$tmp/bin/erwatch-plain" capture -i lo -w "$tmp/out/x.pcap" \
    -d 2 2>&1); rc=$?
check "without capabilities nobody cannot capture: exit 3 ($rc: $out)" \
    test $rc = 3

# ---- capture as nobody with the file capabilities ------------------
as_nobody "$tmp/bin/erwatch" capture -i lo -w "$tmp/out/cap.pcap" -d 20 \
    --max-packets 6 --json >"$tmp/cap.json" 2>"$tmp/cap.err" &
cpid=$!
pids="$pids $cpid"
# the file is created after the drop: its existence means the drop is done
if tb_wait_until 10 test -e "$tmp/out/cap.pcap"; then
	c=$(caps $cpid)
	check "capture after opening holds no capability ($c)" \
	    test "$c" = "0000000000000000 0000000000000000"
else
	ko "capture did not start: $(cat "$tmp/cap.err")"
fi
tb_wait_until 15 eval "knock; ! kill -0 $cpid"
wait $cpid; rc=$?
check "capture as nobody: exit 0 ($rc: $(head -c 300 "$tmp/cap.err"))" test $rc = 0
check "capture as nobody: stopped after 6 packets" json_check "$tmp/cap.json" \
    '.packets == 6 and .stoppedBy == "max-packets"'
check "the file is nobody's" test "$(stat -c %U "$tmp/out/cap.pcap")" = nobody
n=$(tshark -r "$tmp/out/cap.pcap" -Y "tcp.port == 179" 2>/dev/null | wc -l)
check "tshark reads the 6 packets to port 179 ($n)" test "$n" = 6
check "no 'nothing to drop' claim" \
    bash -c "! grep -q 'no privileges to drop' '$tmp/cap.err'"

# ---- the other commands ---------------------------------------------
# pcap reading a FIFO: it blocks in its read, while its sets are read.
mkfifo "$tmp/fifo"
chmod 666 "$tmp/fifo"
as_nobody "$tmp/bin/erwatch" pcap "$tmp/fifo" >/dev/null 2>&1 &
ppid=$!
pids="$pids $ppid"
exec 7>"$tmp/fifo"	# lets pcap's open return; it then waits for bytes
tb_wait_until 10 test -r "/proc/$ppid/status" &&
    tb_wait_until 10 eval "ls -l /proc/$ppid/fd 2>/dev/null | grep -q fifo"
c=$(caps $ppid)
check "pcap holds no capability while it reads ($c)" \
    test "$c" = "0000000000000000 0000000000000000"
cat "$tmp/out/cap.pcap" >&7
exec 7>&-
wait $ppid; rc=$?
check "pcap from the FIFO: the capture analyzed (exit $rc)" test $rc -le 1

# probe --bgp --passive waits for a peer: it keeps no capability.
as_nobody "$tmp/bin/erwatch" probe --bgp --passive --local-as 65010 \
    -t 10s 127.0.0.1:1790 >/dev/null 2>&1 &
bpid=$!
pids="$pids $bpid"
tb_wait_until 10 eval "ip netns exec $ns ss -ltn | grep -q ':1790 '"
c=$(caps $bpid)
check "probe holds no capability ($c)" \
    test "$c" = "0000000000000000 0000000000000000"
kill -TERM $bpid 2>/dev/null
wait $bpid 2>/dev/null

# trace sends raw SYNs: as nobody, with the file capabilities, it works.
out=$(as_nobody "$tmp/bin/erwatch" trace -m 2 -q 1 -w 1s --json \
    127.0.0.1:179 2>&1); rc=$?
check "trace as nobody with CAP_NET_RAW runs (exit $rc)" test $rc -le 1
check "trace reached 127.0.0.1" json_check_str "$out" \
    '[.. | strings | select(. == "127.0.0.1")] | length > 0'
out=$(as_nobody "$tmp/bin/erwatch-plain" trace -m 2 -q 1 -w 1s \
    127.0.0.1:179 2>&1); rc=$?
check "trace without it: exit 3, needs CAP_NET_RAW ($rc)" \
    test $rc = 3 -a -n "$(grep CAP_NET_RAW <<<"$out")"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
