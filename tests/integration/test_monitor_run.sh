#!/bin/bash
# erwatch monitor run against real peers: FRR (AS 65010) and BIRD (AS
# 12076) on a /30 in network namespaces, a TCP listener in BIRD's
# namespace.  The monitor runs in FRR's namespace with a 1 s group:
# tcp, icmp (ping sockets allowed in the namespace), bgp_open (a passive
# BIRD neighbor of its own) and router_state (FRR's vtysh).
# Cases: results of every kind land in the store; the listener black-holed
# (iptables DROP) -> failing within two intervals, back -> healthy; BIRD
# stopped by PID -> the router_state neighbor fails; kill -9 mid-run ->
# restart keeps every committed result and goes on; SIGHUP adds an
# endpoint; SIGTERM ends cleanly (integrity_check ok, WAL checkpointed);
# a malformed config -> exit 2 naming the field and line.  Exit 77 without
# root.
set -u
: "${ERWATCH:?}" "${ERW_SRC_DIR:?}"
. "$ERW_SRC_DIR/tests/testbed/lib.sh"
. "$ERW_SRC_DIR/tests/testbed/live_lib.sh"
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"

T=$(mktemp -d)
# --- bad config: no root needed ---
cat >"$T/bad.json" <<'EOT'
{
  "store": "x.db",
  "testGroups": [
    { "name": "g",
      "frequencySeconds": 0,
      "endpoints": [ { "kind": "tcp", "address": "127.0.0.1:1" } ] }
  ]
}
EOT
out=$("$ERWATCH" monitor run --config "$T/bad.json" 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *"bad.json:5:"* ]] &&
    [[ $out == *"/testGroups/0/frequencySeconds"* ]] &&
    live_ok "bad frequency: exit 2, field and line named" ||
    live_fail "bad frequency: rc=$rc $out"
sed -i 's/"frequencySeconds": 0,/"frequencySeconds": 1, "colour": 1,/' "$T/bad.json"
out=$("$ERWATCH" monitor run --config "$T/bad.json" 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *"unknown field 'colour'"* ]] &&
    [[ $out == *"bad.json:5:"* ]] &&
    live_ok "unknown field: exit 2, named with its line" ||
    live_fail "unknown field: rc=$rc $out"
printf '{ "testGroups": [ }' >"$T/syntax.json"
out=$("$ERWATCH" monitor run --config "$T/syntax.json" 2>&1); rc=$?
[ $rc = 2 ] && [[ $out == *"syntax.json:1:"* ]] &&
    live_ok "JSON syntax error: exit 2 with the position" ||
    live_fail "syntax: rc=$rc $out"
rm -rf "$T"
[ "$LIVE_FAILS" = 0 ] || { live_summary; exit 1; }

tb_require_root
tb_init monitor_run
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
tb_frr "$TB_CE" local="$TB_CE_IP" peer="$TB_MS_IP" las=65010 pas=12076 || exit 1
tb_bird "$TB_MS" local="$TB_MS_IP" peer="$TB_CE_IP" las=12076 pas=65010 || exit 1
live_addr "$TB_CE" ce0 "$TB_NET.13/30"
live_addr "$TB_MS" ms0 "$TB_NET.14/30"
live_bird_add "$TB_MS" probe_peer local="$TB_NET.14" neighbor="$TB_NET.13" \
    las=12076 pas=65010 hold=90 passive=1 || exit 1
ip netns exec "$TB_CE" sysctl -qw net.ipv4.ping_group_range="0 2147483647"
tb_wait_established "$TB_CE" 40 || exit 1
ip netns exec "$TB_MS" python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("'"$TB_NET.14"'", 8179)); s.listen(64)
while True:
    c, _ = s.accept(); c.close()' &
LPID=$!
MON_PIDS="$MON_PIDS $LPID"
listening() { [ -n "$(ip netns exec "$TB_MS" ss -Hltn "sport = :8179")" ]; }
tb_wait_until 10 listening ||
    live_fail "listener did not start"

DB=$TB_DIR/mon.db
CTL=$(cat "$TB_DIR/ns/$TB_CE.ctl")
config()
{
	cat <<EOT
{
  "agent": "t",
  "store": "$DB",
  "testGroups": [
    { "name": "g", "frequencySeconds": 1, "timeoutMs": 700,
      "endpoints": [
        { "kind": "tcp", "address": "$TB_NET.14:8179", "path": "primary" },
        { "kind": "icmp", "address": "$TB_MS_IP" },
        { "kind": "bgp_open", "address": "$TB_NET.14", "localAs": 65010,
          "peerAs": 12076 }$1
      ] },
    { "name": "r", "frequencySeconds": 1, "timeoutMs": 900,
      "endpoints": [
        { "kind": "router_state", "name": "frr",
          "command": ["vtysh", "--vty_socket", "$CTL", "-c",
                      "show bgp summary json"] },
        { "kind": "router_state", "name": "gone",
          "command": ["$TB_DIR/no-such-router-cli"] }
      ] }
  ]
}
EOT
}
config "" >"$TB_DIR/mon.json"
q() { python3 - "$DB" "$1" <<'EOT'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, timeout=5)
for row in db.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
EOT
}
last_state() { q "SELECT s.to_state FROM state_change s JOIN endpoint e ON e.id = s.endpoint_id WHERE e.name = '$1' ORDER BY s.id DESC LIMIT 1"; }
is_state() { [ "$(last_state "$1")" = "$2" ]; }
nres() { q "SELECT count(*) FROM result"; }

start_mon()
{
	ip netns exec "$TB_CE" "$ERWATCH" monitor run --config "$TB_DIR/mon.json" \
	    2>>"$TB_DIR/mon.err" &
	MPID=$!
	MON_PIDS="$MON_PIDS $MPID"
}

# --- --once: one result per endpoint, then exit 0 ---
ip netns exec "$TB_CE" "$ERWATCH" monitor run --once --config "$TB_DIR/mon.json"; rc=$?
live_check "once: exit 0" [ $rc = 0 ]
once_tcp=$(q "SELECT r.ok, r.status, r.rtt_us > 0 FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.kind = 'tcp'")
live_check "once: tcp ok with an RTT ($once_tcp)" [ "$(q "SELECT r.ok, r.status, r.rtt_us > 0 FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.kind = 'tcp'")" = "1|ok|1" ]
live_check "once: icmp echo ok" [ "$(q "SELECT r.ok || r.status FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.kind = 'icmp'")" = "1ok" ]
live_check "once: bgp_open exchanged OPENs" [ "$(q "SELECT r.ok || r.status FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.kind = 'bgp_open'")" = "1ok" ]
live_check "once: router_state: the BIRD neighbor Established" [ "$(q "SELECT r.ok || r.status FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.name = 'router:frr:$TB_MS_IP'")" = "1Established" ]
live_check "once: router_state: the command's own row ok" [ "$(q "SELECT r.ok || r.status FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.name = 'router:frr'")" = "1ok" ]
live_check "once: router_state: a command that cannot run is an error result" [ "$(q "SELECT r.ok || r.status FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.name = 'router:gone'")" = "0error" ]
live_check "once: start and stop events" [ "$(q "SELECT group_concat(kind) FROM event")" = "start,stop" ]

# --- running: the listener black-holed and back ---
start_mon
live_check "tcp healthy" tb_wait_until 10 is_state "tcp:$TB_NET.14:8179" healthy
ip netns exec "$TB_MS" iptables -I INPUT -p tcp --dport 8179 -j DROP
t0=$(date +%s%N)
live_check "tcp black-holed: failing" tb_wait_until 10 is_state "tcp:$TB_NET.14:8179" failing
# two intervals of 1 s, plus the 0.7 s timeout of the probe in flight,
# timed by the monitor's own record of the change rather than by when
# this script's polling (a python start per poll) happened to see it
t1=$(q "SELECT s.ts_us FROM state_change s JOIN endpoint e ON e.id = s.endpoint_id WHERE e.name = 'tcp:$TB_NET.14:8179' AND s.to_state = 'failing' ORDER BY s.id DESC LIMIT 1")
dt_ms=$(( (${t1:-0} - t0 / 1000) / 1000 ))
live_check "failing within two intervals (+timeout): $dt_ms ms" \
    [ "$dt_ms" -ge 0 -a "$dt_ms" -le 2700 ]
live_check "the failing results say timeout" [ "$(q "SELECT r.status FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.kind = 'tcp' ORDER BY r.id DESC LIMIT 1")" = timeout ]
live_check "icmp stayed healthy meanwhile" is_state "icmp:$TB_MS_IP" healthy
ip netns exec "$TB_MS" iptables -D INPUT -p tcp --dport 8179 -j DROP
live_check "tcp back: healthy" tb_wait_until 10 is_state "tcp:$TB_NET.14:8179" healthy

# --- kill -9 mid-run, restart: nothing committed is lost ---
kill -KILL "$MPID"; wait "$MPID" 2>/dev/null
n0=$(nres); max0=$(q "SELECT max(id) FROM result")
start_mon
live_check "restart resumes recording" tb_wait_until 10 eval '[ "$(nres)" -gt "$n0" ]'
live_check "restart lost no result" [ "$(q "SELECT count(*) FROM result WHERE id <= $max0")" = "$n0" ]
live_check "restart: tcp health carried over (no new unknown->healthy)" \
    [ "$(q "SELECT count(*) FROM state_change s JOIN endpoint e ON e.id = s.endpoint_id WHERE e.kind = 'tcp' AND s.from_state = 'unknown'")" = 1 ]

# --- SIGHUP adds an endpoint ---
config ', { "kind": "tcp", "name": "added", "address": "'"$TB_NET.14"':8179" }' >"$TB_DIR/mon.json"
kill -HUP "$MPID"
live_check "SIGHUP: the new endpoint is probed" tb_wait_until 10 eval '[ "$(q "SELECT count(*) FROM result r JOIN endpoint e ON e.id = r.endpoint_id WHERE e.name = '"'added'"' AND r.ok = 1")" -ge 1 ]'
live_check "SIGHUP: reload event" [ "$(q "SELECT count(*) FROM event WHERE kind = 'reload'")" = 1 ]

# --- BIRD stopped by PID: the router's view fails ---
tb_stop "$TB_MS"
live_check "BIRD stopped: router_state failing" tb_wait_until 15 is_state "router:frr:$TB_MS_IP" failing
live_check "BIRD stopped: bgp_open failing" tb_wait_until 10 is_state "bgp_open:$TB_NET.14:179" failing

# --- SIGTERM: clean end ---
kill -TERM "$MPID"
tb_wait_until 15 eval "! kill -0 $MPID"
wait "$MPID"; rc=$?
live_check "SIGTERM: exit 0" [ $rc = 0 ]
live_check "SIGTERM: stop event" [ "$(q "SELECT kind FROM event ORDER BY id DESC LIMIT 1")" = stop ]
live_check "SIGTERM: integrity_check ok" [ "$(q "PRAGMA integrity_check")" = ok ]
live_check "SIGTERM: WAL checkpointed" [ ! -s "$DB-wal" ]
live_check "no secret or error on stderr" [ ! -s "$TB_DIR/mon.err" ]
[ -s "$TB_DIR/mon.err" ] && cat "$TB_DIR/mon.err"
live_summary
