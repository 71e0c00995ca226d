#!/bin/bash
# erwatch monitor run's capture on trigger, against real peers: FRR (AS
# 65010) and BIRD (AS 12076) on a /30 in network namespaces, a TCP
# listener beside BIRD.  The monitor runs in FRR's namespace probing the
# listener (tcp) and BIRD's address (icmp) every second, capturing on the
# veth ce0; the BGP session keeps alive every second.
# Cases: config errors name the field and line; BIRD's side black-holed
# with nft -> both endpoints fail -> one folder (two overlapping triggers
# extend one capture) with a pcap holding the answered SYNs and the BGP
# KEEPALIVEs before the failure and the unanswered SYNs after, the monitor's history beside it
# (a store with the schema of docs/monitor.md), a context.json, and a
# "capture" event naming the folder; `erwatch pcap` and `erwatch diagnose`
# read it (the packets layer has evidence); a ring of 64 KiB under a ping
# flood keeps at most its bound of the seconds before and counts the
# packets it dropped; maxCaptures refuses a further folder with an event;
# without CAP_NET_RAW the monitor records why capture is off and goes on
# probing.  Exit 77 without root.
set -u
: "${ERWATCH:?}" "${ERW_SRC_DIR:?}"
. "$ERW_SRC_DIR/tests/testbed/lib.sh"
. "$ERW_SRC_DIR/tests/testbed/live_lib.sh"
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"

T=$(mktemp -d)
# --- config errors: no root needed ---
cat >"$T/bad.json" <<'EOT'
{
  "store": "x.db",
  "testGroups": [
    { "name": "g",
      "endpoints": [ { "kind": "tcp", "address": "127.0.0.1:1" } ] }
  ],
  "capture": {
    "interfaces": ["lo"],
    "directory": "/tmp/x",
    "secondsBefore": 99999
  }
}
EOT
out=$("$ERWATCH" monitor run --config "$T/bad.json" 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *"bad.json:10:"* ]] &&
    [[ $out == *"/capture/secondsBefore"* ]] &&
    live_ok "capture: a bad secondsBefore: exit 2, field and line named" ||
    live_fail "capture secondsBefore: rc=$rc $out"
sed -i 's/"secondsBefore": 99999/"groups": ["nosuch"]/' "$T/bad.json"
out=$("$ERWATCH" monitor run --config "$T/bad.json" 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *"no test group 'nosuch'"* ]] &&
    [[ $out == *"/capture/groups"* ]] &&
    live_ok "capture: an unknown group in scope is refused" ||
    live_fail "capture groups: rc=$rc $out"
sed -i 's/"interfaces": \["lo"\]/"interfaces": ["lo", "any"]/' "$T/bad.json"
out=$("$ERWATCH" monitor run --config "$T/bad.json" 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *"/capture/interfaces"* ]] &&
    live_ok "capture: \"any\" beside another interface is refused" ||
    live_fail "capture any: rc=$rc $out"
sed -i 's/"interfaces": \["lo", "any"\]/"interfaces": "a b"/' "$T/bad.json"
out=$("$ERWATCH" monitor run --config "$T/bad.json" 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *"not an interface name"* ]] &&
    live_ok "capture: an interface name with a blank is refused" ||
    live_fail "capture ifname: rc=$rc $out"
rm -rf "$T"
[ "$LIVE_FAILS" = 0 ] || { live_summary; exit 1; }

tb_require_root
require_programs nft tshark setpriv python3 jq
tb_init monitor_capture
MON_PIDS=""
mon_cleanup()
{
	local p
	for p in $MON_PIDS; do
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	tb_cleanup
}
trap mon_cleanup EXIT INT TERM
tb_pair
# keepalives every second, so that the seconds before hold BGP too
tb_frr "$TB_CE" local="$TB_CE_IP" peer="$TB_MS_IP" las=65010 pas=12076 \
    keepalive=1 hold=3 || exit 1
tb_bird "$TB_MS" local="$TB_MS_IP" peer="$TB_CE_IP" las=12076 pas=65010 \
    keepalive=1 hold=3 || exit 1
ip netns exec "$TB_CE" sysctl -qw net.ipv4.ping_group_range="0 2147483647"
tb_wait_established "$TB_CE" 40 || exit 1
ip netns exec "$TB_MS" python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("'"$TB_MS_IP"'", 8179)); s.listen(64)
while True:
    c, _ = s.accept(); c.close()' &
LPID=$!
MON_PIDS="$MON_PIDS $LPID"
listening() { [ -n "$(ip netns exec "$TB_MS" ss -Hltn "sport = :8179")" ]; }
tb_wait_until 10 listening || live_fail "listener did not start"

DB=$TB_DIR/mon.db
EV=$TB_DIR/evidence
TCP="tcp:$TB_MS_IP:8179"
# config RING_BYTES MAX_CAPTURES [WHEN_FULL]
config()
{
	cat <<EOT
{
  "agent": "t",
  "store": "$DB",
  "testGroups": [
    { "name": "g", "frequencySeconds": 1, "timeoutMs": 700,
      "endpoints": [
        { "kind": "tcp", "address": "$TB_MS_IP:8179" },
        { "kind": "icmp", "address": "$TB_MS_IP" }
      ] }
  ],
  "capture": {
    "interfaces": ["ce0"],
    "ringBytes": $1,
    "secondsBefore": 5,
    "secondsAfter": 3,
    "directory": "$EV",
    "groups": ["g"],
    "maxCaptures": $2,
    "whenFull": "${3:-refuse}"
  }
}
EOT
}
q() { python3 - "$1" "$2" <<'EOT'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, timeout=5)
for row in db.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
EOT
}
last_state() { q "$DB" "SELECT s.to_state FROM state_change s JOIN endpoint e ON e.id = s.endpoint_id WHERE e.name = '$1' ORDER BY s.id DESC LIMIT 1"; }
is_state() { [ "$(last_state "$1")" = "$2" ]; }
nevents() { q "$DB" "SELECT count(*) FROM event WHERE kind = '$1'"; }
has_events() { [ "$(nevents "$1")" -ge "$2" ]; }
nresults() { q "$DB" "SELECT count(*) FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.name = '$TCP'"; }
more_results() { [ "$(nresults)" -ge "$1" ]; }
nfolders() { find "$EV" -mindepth 1 -maxdepth 1 -type d -name 'monitor-*' | wc -l; }
start_mon()
{
	ip netns exec "$TB_CE" "$ERWATCH" monitor run --config "$TB_DIR/mon.json" \
	    2>>"$TB_DIR/mon.err" &
	MPID=$!
	MON_PIDS="$MON_PIDS $MPID"
}
stop_mon()
{
	kill -TERM "$MPID"
	wait "$MPID"
}
blackhole()
{
	ip netns exec "$TB_MS" nft -f - <<EOT
table inet erwcap {
	chain in { type filter hook input priority 0; ip saddr $TB_CE_IP drop; }
}
EOT
}
unblackhole() { ip netns exec "$TB_MS" nft delete table inet erwcap; }
jqt() { jq -e "$@" >/dev/null; }
# epoch seconds (float) of the frames of a capture matching a filter
frames() { tshark -r "$1" -Y "$2" -T fields -e frame.time_epoch 2>/dev/null; }

# --- a failure saved: seconds before and after, history, context ---
config 16777216 2 >"$TB_DIR/mon.json"
start_mon
live_check "capture_on event" tb_wait_until 10 has_events capture_on 1
live_check "tcp healthy" tb_wait_until 10 is_state "$TCP" healthy
# five seconds of probes in the ring before the drop
n0=$(nresults)
live_check "probes for the seconds before" tb_wait_until 15 more_results $((n0 + 6))
blackhole
live_check "black-holed: tcp failing" tb_wait_until 10 is_state "$TCP" failing
live_check "black-holed: icmp failing" tb_wait_until 10 is_state "icmp:$TB_MS_IP" failing
live_check "a capture event" tb_wait_until 20 has_events capture 1
live_check "one folder for two overlapping triggers" [ "$(nfolders)" = 1 ]
F=$(find "$EV" -mindepth 1 -maxdepth 1 -type d -name 'monitor-*' | head -1)
P=$(find "$F/capture" -name 'monitor-*.pcap' | head -1)
live_check "folder named after the endpoint and UTC time ($F)" \
    bash -c "[[ '${F##*/}' =~ ^monitor-(tcp_[0-9._]+_8179|icmp_[0-9._]+)-[0-9]{8}T[0-9]{6}Z$ ]]"
live_check "pcap named as the folder" [ "${P##*/}" = "${F##*/}.pcap" ]
fail_ts=$(q "$DB" "SELECT s.ts_us FROM state_change s JOIN endpoint e ON e.id = s.endpoint_id WHERE e.name = '$TCP' AND s.to_state = 'failing' ORDER BY s.id DESC LIMIT 1")
fail_s=$((fail_ts / 1000000))
ans=$(frames "$P" "tcp.srcport == 8179 && tcp.flags.syn == 1 && tcp.flags.ack == 1" | wc -l)
before=$(frames "$P" "tcp.dstport == 8179 && tcp.flags.syn == 1" | awk -v t="$fail_s" '$1 < t - 2' | wc -l)
after=$(frames "$P" "tcp.dstport == 8179 && tcp.flags.syn == 1" | awk -v t="$fail_s" '$1 > t + 1' | wc -l)
live_check "the seconds before: answered SYNs ($ans SYN-ACKs, $before SYNs > 2 s before)" \
    [ "$ans" -ge 3 ] && [ "$before" -ge 2 ]
live_check "the seconds after: SYNs > 1 s after the failure ($after)" [ "$after" -ge 1 ]
first=$(frames "$P" "frame" | head -1)
live_check "nothing older than secondsBefore ($first vs $fail_s)" \
    awk -v a="$first" -v t="$fail_s" 'BEGIN { exit !(a >= t - 6) }'
ka=$(frames "$P" "bgp.type == 4" | awk -v t="$fail_s" '$1 < t' | wc -l)
live_check "the seconds before: BGP KEEPALIVEs of the session ($ka)" [ "$ka" -ge 4 ]
live_check "ICMP echoes in the capture" [ "$(frames "$P" "icmp.type == 8" | wc -l)" -ge 2 ]
live_check "link type as captured (Ethernet on the veth)" \
    [ "$(tshark -r "$P" -T fields -e frame.encap_type -c 1 2>/dev/null)" = 1 ]
FDB=$F/monitor/monitor.db
live_check "history: results of both endpoints" \
    [ "$(q "$FDB" "SELECT count(DISTINCT endpoint_id) FROM result")" = 2 ]
live_check "history: the change to failing" \
    [ "$(q "$FDB" "SELECT count(*) FROM state_change s JOIN endpoint e ON e.id = s.endpoint_id WHERE e.name = '$TCP' AND s.to_state = 'failing'")" = 1 ]
live_check "history: ok results before, failed after" \
    [ "$(q "$FDB" "SELECT sum(ok), sum(1 - ok) > 0 FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.name = '$TCP'" | cut -d'|' -f2)" = 1 ]
live_check "history: schema version 1" [ "$(q "$FDB" "PRAGMA user_version")" = 1 ]
live_check "history: the capture event" \
    [ "$(q "$FDB" "SELECT count(*) FROM event WHERE kind = 'capture'")" = 1 ]
live_check "context.json names the triggers" \
    jqt --arg t "$TCP" --arg i "icmp:$TB_MS_IP" '.interface == "ce0" and (.comment | contains($t)) and (.comment | contains($i))' "$F/context.json"
live_check "the live store's capture event names the folder" \
    [ "$(q "$DB" "SELECT count(*) FROM event WHERE kind = 'capture' AND detail LIKE '$F:%'")" = 1 ]
"$ERWATCH" pcap "$P" >"$TB_DIR/pcap.out" 2>&1; rc=$?
live_check "erwatch pcap reads the capture (rc $rc)" [ $rc -le 1 ]
"$ERWATCH" diagnose --json "$F" >"$TB_DIR/diag.json" 2>"$TB_DIR/diag.err"; rc=$?
live_check "erwatch diagnose runs on the folder (rc $rc)" [ $rc -le 1 ]
live_check "diagnose: the packets layer has the capture" \
    jqt '[.layers[] | select(.layer == "packets" and .evidence >= 1)] | length == 1' "$TB_DIR/diag.json"
live_check "diagnose: the pcap recognised as a capture" \
    jqt '[.evidence[] | select(.kind == "capture" and (.file | test("^capture/monitor-.*[.]pcap$")))] | length == 1' "$TB_DIR/diag.json"
live_check "diagnose: context.json recognised" \
    jqt '[.evidence[] | select(.kind == "context" and .file == "context.json")] | length == 1' "$TB_DIR/diag.json"
live_check "diagnose: the folder's history read by the monitor analyzer" \
    jqt '[.evidence[] | select(.kind == "monitor-db" and .file == "monitor/monitor.db" and .analyzer == "monitor")] | length == 1' "$TB_DIR/diag.json"
live_check "diagnose: the trigger's outage among the findings" \
    jqt --arg t "$TCP" '[.findings[] | select(.code == "MONITOR_OUTAGE" and .subject.object == $t)] | length >= 1' "$TB_DIR/diag.json"

# --- a ring of 64 KiB under a ping flood; then the budget ---
stop_mon
unblackhole
config 65536 2 >"$TB_DIR/mon.json"
start_mon
live_check "restart: tcp healthy again" tb_wait_until 15 is_state "$TCP" healthy
live_check "restart: icmp healthy again" tb_wait_until 15 is_state "icmp:$TB_MS_IP" healthy
# about 1.5 MB of echoes: many times the ring
ip netns exec "$TB_CE" python3 - "$TB_MS_IP" <<'EOT'
import socket, struct, sys, time
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
for i in range(1000):
    body = bytes(1400)
    h = struct.pack("!BBHHH", 8, 0, 0, 0x4d43, i)
    h = struct.pack("!BBHHH", 8, 0, csum(h + body), 0x4d43, i)
    s.sendto(h + body, (sys.argv[1], 0))
    if i % 50 == 49:
        time.sleep(0.01)   # pace, so the veth does not drop them
EOT
t_bh2=$(($(date +%s%N) / 1000))
blackhole
live_check "second failure: a second capture" tb_wait_until 20 has_events capture 2
live_check "two folders" [ "$(nfolders)" = 2 ]
F2=$(q "$DB" "SELECT detail FROM event WHERE kind = 'capture' ORDER BY id DESC LIMIT 1" | sed 's/: .*//')
P2=$(find "$F2/capture" -name '*.pcap' | head -1)
fail2_first=$(q "$DB" "SELECT min(s.ts_us) FROM state_change s WHERE s.to_state = 'failing' AND s.ts_us > $t_bh2")
held=$(tshark -r "$P2" -T fields -e frame.time_epoch -e frame.cap_len 2>/dev/null |
    awk -v t="$fail2_first" '$1 * 1000000 < t { n += $2 + 32 } END { print n + 0 }')
live_check "ring bound: the seconds before hold <= 65536 bytes ($held)" [ "$held" -le 65536 ]
live_check "ring bound: it held something ($held)" [ "$held" -gt 0 ]
dropped=$(q "$DB" "SELECT detail FROM event WHERE kind = 'capture' ORDER BY id DESC LIMIT 1" | sed -n 's/.*the ring dropped \([0-9]*\) packets.*/\1/p')
live_check "ring bound: the oldest dropped, counted ($dropped)" [ "${dropped:-0}" -gt 100 ]
unblackhole
live_check "third round: healthy" tb_wait_until 15 is_state "$TCP" healthy
blackhole
live_check "maxCaptures 2: the third is refused with an event" \
    tb_wait_until 15 has_events capture_refused 1
live_check "maxCaptures 2: still two folders" [ "$(nfolders)" = 2 ]
live_check "refusal says why" \
    [ "$(q "$DB" "SELECT count(*) FROM event WHERE kind = 'capture_refused' AND detail LIKE '%maxCaptures 2%'")" -ge 1 ]
stop_mon; rc=$?
live_check "SIGTERM: clean exit ($rc)" [ $rc = 0 ]
unblackhole

# --- whenFull deleteOldest: the oldest folder goes, with an event ---
config 65536 2 deleteOldest >"$TB_DIR/mon.json"
oldest=$(find "$EV" -mindepth 1 -maxdepth 1 -type d -name 'monitor-*' -printf '%T@ %p\n' | sort -n | head -1 | cut -d' ' -f2)
start_mon
live_check "deleteOldest: healthy" tb_wait_until 15 is_state "$TCP" healthy
blackhole
live_check "deleteOldest: a capture_deleted event" tb_wait_until 15 has_events capture_deleted 1
live_check "deleteOldest: the event names the oldest folder" \
    [ "$(q "$DB" "SELECT count(*) FROM event WHERE kind = 'capture_deleted' AND detail LIKE '%$oldest%'")" = 1 ]
live_check "deleteOldest: a third capture" tb_wait_until 15 has_events capture 3
live_check "deleteOldest: the oldest folder is gone" [ ! -e "$oldest" ]
live_check "deleteOldest: still two folders" [ "$(nfolders)" = 2 ]
stop_mon
unblackhole

# --- no CAP_NET_RAW: capture off, said, probing goes on ---
config 16777216 5 >"$TB_DIR/mon.json"
: >"$TB_DIR/mon.err"
n0=$(q "$DB" "SELECT count(*) FROM event WHERE kind = 'capture_off'")
ip netns exec "$TB_CE" setpriv --bounding-set=-net_raw --inh-caps=-net_raw \
    "$ERWATCH" monitor run --config "$TB_DIR/mon.json" 2>>"$TB_DIR/mon.err" &
MPID=$!
MON_PIDS="$MON_PIDS $MPID"
live_check "no capability: a capture_off event" tb_wait_until 10 has_events capture_off $((n0 + 1))
live_check "no capability: the event names CAP_NET_RAW" \
    [ "$(q "$DB" "SELECT count(*) FROM event WHERE kind = 'capture_off' AND detail LIKE '%CAP_NET_RAW%'")" -ge 1 ]
live_check "no capability: said on stderr" grep -q "CAP_NET_RAW" "$TB_DIR/mon.err"
n1=$(nresults)
live_check "no capability: the monitor goes on probing" tb_wait_until 10 more_results $((n1 + 3))
live_check "no capability: still running" kill -0 "$MPID"
stop_mon; rc=$?
live_check "no capability: clean exit ($rc)" [ $rc = 0 ]

live_summary
