#!/bin/bash
#
# Record router outputs from the testbed: what BIRD 2 and FRR print about
# a BGP session (birdc `show protocols all`, vtysh `show bgp summary`,
# `show bgp neighbors`, both also as JSON) and what they log, and what
# OpenBGPD (bgpctl) and GoBGP (gobgp) print, in a few
# scenarios, under tests/data/router/<scenario>/, with expected.json: what
# a correct parser must find in those files.  Run by `make record-router`
# (root, BIRD 2, FRR, jq):
#
#	tests/testbed/record_router.sh [ERWATCH] [SCENARIO...]
#
# Every byte comes from BIRD or FRR running in namespaces made by
# tests/testbed/lib.sh; nothing is edited except the run directory's path,
# replaced by a fixed one so that re-recording does not churn the logs.
# expected.json states the scenario's truth (addresses, ASNs, the state
# each daemon must be in, prefix counts, the log events each daemon
# writes); the neighbor states in it were checked against the daemons'
# own JSON while recording (rec_state).  ERWATCH is optional: when given,
# its verdict is printed beside the expectation (never a failure here;
# tests/integration/test_router_recorded.sh does the judging).
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -u

SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC/tests/testbed/lib.sh"
ERWATCH=${1:-}
[ $# -gt 0 ] && shift
OUT="$SRC/tests/data/router"
CE_AS=65010
MS_AS=12076
FRR_V=$(dpkg-query -W -f='${Version}' frr 2>/dev/null | sed 's/-.*//')
BIRD_V=$(dpkg-query -W -f='${Version}' bird2 2>/dev/null | sed 's/-.*//')
OBGPD_V=$(dpkg-query -W -f='${Version}' openbgpd 2>/dev/null | sed 's/-.*//')
GOBGP_V=$(dpkg-query -W -f='${Version}' gobgpd 2>/dev/null | sed 's/-.*//')
# Fixed addresses (inside the namespaces only) so expected.json can name
# them: CE (FRR) 172.16.0.1, MSEE (BIRD) 172.16.0.2.
export TB_NET=172.16.0

tb_require_root

S=""
D=""

rec_begin()
{
	S=$1
	echo "== $S" >&2
	D="$OUT/$S"
	rm -rf "$D"
	mkdir -p "$D"
	tb_init "$S" || return 1
	tb_pair
}

frr_dir()
{
	echo "$TB_DIR/frr-$TB_CE"
}

bird_dir()
{
	echo "$TB_DIR/bird-$TB_MS"
}

vty()
{
	vtysh --vty_socket "$(frr_dir)" -c "$1"
}

# rec_frr_start KEY=VALUE...: FRR as the CE, with neighbor-event debugging
# logged to its log file before the peer exists, so the whole story of the
# session is in bgpd.log.
rec_frr_start()
{
	tb_frr "$TB_CE" local="$TB_CE_IP" peer="$TB_MS_IP" las=$CE_AS \
	    pas=$MS_AS "$@" || return 1
	rec_frr_debug
}

# rec_frr_debug: adjacency changes (%ADJCHANGE) and the FSM's story in
# bgpd.log, as an operator would have them on.
rec_frr_debug()
{
	vtysh --vty_socket "$(frr_dir)" -c "configure terminal" \
	    -c "debug bgp neighbor-events" -c "router bgp $CE_AS" \
	    -c "bgp log-neighbor-changes" >/dev/null
}

rec_bird_start()
{
	tb_bird "$TB_MS" local="$TB_MS_IP" peer="$TB_CE_IP" las=$MS_AS \
	    pas=$CE_AS "$@" || return 1
	# State changes and events in bird.log (BIRD logs only errors
	# without protocol debugging).
	birdc -s "$(bird_dir)/bird.ctl" debug tb_peer "{ states, events }" \
	    >/dev/null
}

# frr_state: the CE's view of its neighbor, from FRR's own JSON.
frr_state()
{
	vty "show bgp neighbors $TB_MS_IP json" 2>/dev/null |
	    jq -r --arg p "$TB_MS_IP" '.[$p].bgpState // "unknown"'
}

bird_state()
{
	birdc -s "$(bird_dir)/bird.ctl" show protocols all tb_peer 2>/dev/null |
	    awk '/BGP state:/ { print $3; exit }'
}

# rec_wait_log FILE PATTERN TIMEOUT: until the daemon has logged PATTERN.
rec_wait_log()
{
	tb_wait_until "$3" grep -q -- "$2" "$1"
}

# rec_snapshot: every output of both daemons, as a user would paste it.
rec_snapshot()
{
	local fd bd
	fd=$(frr_dir)
	bd=$(bird_dir)
	vty "show bgp summary" >"$D/frr_summary.txt"
	vty "show bgp summary json" >"$D/frr_summary.json"
	vty "show bgp neighbors" >"$D/frr_neighbors.txt"
	vty "show bgp neighbors json" >"$D/frr_neighbors.json"
	birdc -s "$bd/bird.ctl" show protocols all >"$D/bird_protocols.txt"
	# Logs: the run directory's name is random; make it fixed.
	sed "s#$TB_DIR#/run/erwatch-tb#g" "$fd/bgpd.log" >"$D/frr_bgpd.log"
	sed "s#$TB_DIR#/run/erwatch-tb#g" "$bd/bird.log" >"$D/bird.log"
}

# rec_end DESCRIPTION FRR_STATE BIRD_STATE FRR_PFX BIRD_PFX EXIT
#     FRR_EVENTS BIRD_EVENTS FINDINGS
# *_PFX: prefixes received ("" when not established; FRR's neighbor
# outputs count the accepted ones only); *_EVENTS: the log
# event kinds (space separated, "kind" or "kind:code/subcode") that must
# be found in that daemon's log; FINDINGS: codes erwatch must report.
rec_end()
{
	local desc=$1 fs=$2 bs=$3 fp=$4 bp=$5 ex=$6 fe=$7 be=$8 want=$9
	local gotf gotb
	gotf=$(frr_state)
	gotb=$(bird_state)
	if [ "$gotf" != "$fs" ] && ! { [ "$fs" = down ] &&
	    [ "$gotf" != Established ]; }; then
		tb_log "$S: FRR is $gotf, expected $fs"
		return 1
	fi
	if [ "$gotb" != "$bs" ] && ! { [ "$bs" = down ] &&
	    [ "$gotb" != Established ]; }; then
		tb_log "$S: BIRD is $gotb, expected $bs"
		return 1
	fi
	rec_snapshot
	tb_cleanup
	trap - EXIT INT TERM
	chmod 644 "$D"/*
	jq -n --arg d "$desc" --arg fv "FRR ${FRR_V:-8.4}" \
	    --arg bv "BIRD ${BIRD_V:-2.0}" --arg fs "$fs" --arg bs "$bs" \
	    --arg fp "$fp" --arg bp "$bp" --argjson ex "$ex" \
	    --arg fe "$fe" --arg be "$be" --arg want "$want" \
	    --arg ce "$TB_CE_IP" --arg ms "$TB_MS_IP" \
	    --argjson cas $CE_AS --argjson mas $MS_AS '
	    def ev($s): $s | split(" ") | map(select(length > 0) |
		split(":") | {kind: .[0]} + (if length > 1 then
		(.[1] | split("/") | {code: (.[0] | tonumber),
		 subcode: (.[1] | tonumber)}) else {} end));
	    def nb($addr; $ras; $las; $st; $pfx; $pf):
		{address: $addr, remote_as: $ras, local_as: $las}
		+ (if $st == "down" then {established: false}
		   else {state: $st} end)
		+ (if $pfx == "" then {} else
		   {($pf): ($pfx | tonumber)} end);
	    def nb($addr; $ras; $las; $st; $pfx):
		nb($addr; $ras; $las; $st; $pfx; "prefixes_received");
	    {description: $d, frr: $fv, bird: $bv, exit: $ex,
	     findings: ($want | split(" ") | map(select(length > 0))),
	     files: {
	      "frr_summary.txt": {neighbors: [nb($ms; $mas; $cas; $fs; $fp)]},
	      "frr_summary.json": {neighbors: [nb($ms; $mas; $cas; $fs; $fp)]},
	      "frr_neighbors.txt": {neighbors: [nb($ms; $mas; $cas; $fs; $fp;
		"prefixes_accepted")]},
	      "frr_neighbors.json": {neighbors: [nb($ms; $mas; $cas; $fs; $fp;
		"prefixes_accepted")]},
	      "bird_protocols.txt": {neighbors: [nb($ce; $cas; $mas; $bs; $bp)]},
	      "frr_bgpd.log": {events: ev($fe), address: $ms},
	      "bird.log": {events: ev($be), address: $ce}
	     }}' >"$D/expected.json"
	echo "   $(ls "$D" | tr '\n' ' ')" >&2
	rec_check
}

rec_check()
{
	local out rc
	[ -n "$ERWATCH" ] && [ -x "$ERWATCH" ] || return 0
	out=$("$ERWATCH" router --json "$D"/*.txt "$D"/*.log \
	    "$D"/frr_*.json 2>/dev/null)
	rc=$?
	echo "   erwatch: exit $rc, $(echo "$out" | jq -r '[.findings[]?.code] |
	    unique | join(" ")' 2>/dev/null)" >&2
}

# ---- scenarios -------------------------------------------------------

sc_established()
{
	rec_begin established || return 1
	rec_frr_start || return 1
	rec_bird_start || return 1
	tb_wait_established "$TB_CE" 40 || return 1
	tb_wait_established "$TB_MS" 20 || return 1
	# both have exchanged their 5 prefixes
	tb_wait_until 20 eval "[ \"\$(vty 'show bgp summary json' |
	    jq '.ipv4Unicast.peers[] | .pfxRcd + .pfxSnt')\" = 10 ]" ||
	    return 1
	tb_wait_until 20 eval "birdc -s '$(bird_dir)/bird.ctl' show protocols \
	    all tb_peer | grep -q 'Routes: *5 imported, 5 exported'" ||
	    return 1
	rec_end "Healthy eBGP session, FRR (CE, AS 65010) and BIRD (MSEE, AS 12076), 60/180 timers, 5 prefixes each way." \
	    Established Established 5 5 0 "up" "up" \
	    "ROUTER_BGP_ESTABLISHED"
}

sc_peer_as_wrong()
{
	rec_begin peer_as_wrong || return 1
	# The CE expects AS 12077; the MSEE is 12076: FRR rejects its OPEN.
	tb_frr "$TB_CE" local="$TB_CE_IP" peer="$TB_MS_IP" las=$CE_AS \
	    pas=12077 || return 1
	rec_frr_debug
	rec_bird_start || return 1
	rec_wait_log "$(bird_dir)/bird.log" "Bad peer AS" 40 || return 1
	rec_wait_log "$(frr_dir)/bgpd.log" "2/2" 20 || return 1
	rec_end "FRR (CE) is configured with remote AS 12077 but the MSEE (BIRD) is AS 12076: FRR answers its OPEN with NOTIFICATION 2/2 (Bad Peer AS), BIRD logs it as received; neither gets past OpenSent/OpenConfirm." \
	    down down "" "" 1 "notification_sent:2/2" \
	    "notification_received:2/2 down" \
	    "ROUTER_BGP_NOT_ESTABLISHED ROUTER_NOTIFICATION" || return 1
	# FRR's view names the AS it was configured with.
	jq '.files |= with_entries(if (.key | startswith("frr_")) and
	    .value.neighbors then .value.neighbors[0].remote_as = 12077
	    else . end)' "$D/expected.json" >"$D/expected.json.new" &&
	    mv "$D/expected.json.new" "$D/expected.json"
	chmod 644 "$D/expected.json"
}

sc_md5_mismatch()
{
	local k1 k2
	rec_begin md5_mismatch || return 1
	k1="$TB_DIR/k1"
	k2="$TB_DIR/k2"
	# Throwaway keys for a namespace-only session; never printed.
	echo "tb-key-$RANDOM-one" >"$k1"
	echo "tb-key-$RANDOM-two" >"$k2"
	rec_frr_start md5file="$k1" || return 1
	rec_bird_start md5file="$k2" || return 1
	# Both keep trying; the kernels drop every SYN.  Let FRR log a few
	# failed connection attempts.
	rec_wait_log "$(frr_dir)/bgpd.log" "connect" 30 || true
	sleep 8
	rec_end "Both daemons have a TCP MD5 password, but different ones: the kernels drop every SYN silently (nothing in the daemons' logs says why), neither daemon gets past Connect/Active; FRR's neighbor output says a password is configured." \
	    down down "" "" 1 "tcp_failed" "" \
	    "ROUTER_BGP_NOT_ESTABLISHED" || return 1
	jq '.files["frr_neighbors.txt"].neighbors[0].md5 = true |
	    .files["frr_neighbors.json"].neighbors[0].md5 = true' \
	    "$D/expected.json" >"$D/expected.json.new" &&
	    mv "$D/expected.json.new" "$D/expected.json"
	chmod 644 "$D/expected.json"
}

sc_down_active()
{
	rec_begin down_active || return 1
	tb_drop_tcp179 "$TB_MS" || return 1
	rec_frr_start || return 1
	rec_bird_start || return 1
	sleep 10
	rec_end "TCP/179 is silently dropped at the MSEE (an ACL): FRR (CE) and BIRD (MSEE) stay in Connect/Active." \
	    down down "" "" 1 "tcp_failed" "" \
	    "ROUTER_BGP_NOT_ESTABLISHED"
}

sc_max_prefix()
{
	rec_begin max_prefix || return 1
	rec_frr_start limit=3 || return 1
	rec_bird_start || return 1
	rec_wait_log "$(bird_dir)/bird.log" "Maximum number of prefixes" 40 ||
	    rec_wait_log "$(bird_dir)/bird.log" "Received: " 10 || return 1
	rec_wait_log "$(frr_dir)/bgpd.log" "6/1" 10 || true
	rec_end "FRR (CE) has maximum-prefix 3 and BIRD (MSEE) sends 5 prefixes: FRR closes the session with NOTIFICATION 6/1 (Cease, maximum prefixes reached) and stays Idle (PfxCt)." \
	    down down "" "" 1 "up notification_sent:6/1 down" \
	    "up notification_received:6/1 down" \
	    "ROUTER_BGP_NOT_ESTABLISHED ROUTER_MAX_PREFIX"
}

# ---- OpenBGPD, GoBGP, ExaBGP ---------------------------------------------
# OpenBGPD as the CE (bgpctl show summary / show neighbor) and GoBGP as the
# MSEE (gobgp neighbor / gobgp neighbor ADDR), 60/180 timers; ExaBGP as the
# CE against BIRD (exabgpcli show neighbor summary / extensive).

bgpctl_ce()
{
	bgpctl -s "$TB_DIR/openbgpd-$TB_CE/bgpd.sock" "$@"
}

# rec_peers_end DESCRIPTION OBGPD_STATE GOBGP_STATE PFX EXIT FINDINGS
# [OBGPD_PEER_AS]: snapshot both daemons' outputs and write expected.json
# (STATE "down": any state but Established; PFX: prefixes each received,
# "" when down).
rec_peers_end()
{
	local desc=$1 os=$2 gs=$3 pfx=$4 ex=$5 want=$6 opas=${7:-$MS_AS}
	local got
	got=$(tb_bgp_state "$TB_CE")
	if [ "$got" != "$os" ] && ! { [ "$os" = down ] &&
	    [ "$got" != Established ]; }; then
		tb_log "$S: OpenBGPD is $got, expected $os"
		return 1
	fi
	got=$(tb_bgp_state "$TB_MS")
	if [ "$got" != "$gs" ] && ! { [ "$gs" = down ] &&
	    [ "$got" != Established ]; }; then
		tb_log "$S: GoBGP is $got, expected $gs"
		return 1
	fi
	bgpctl_ce show summary >"$D/bgpctl_summary.txt"
	bgpctl_ce show neighbor >"$D/bgpctl_neighbor.txt"
	tb_gobgp_cli "$TB_MS" neighbor >"$D/gobgp_neighbor.txt"
	tb_gobgp_cli "$TB_MS" neighbor "$TB_CE_IP" >"$D/gobgp_neighbor_peer.txt"
	tb_cleanup
	trap - EXIT INT TERM
	chmod 644 "$D"/*
	jq -n --arg d "$desc" --arg ov "OpenBGPD ${OBGPD_V:-7.7}" \
	    --arg gv "GoBGP ${GOBGP_V:-3.10}" --arg os "$os" --arg gs "$gs" \
	    --arg pfx "$pfx" --argjson ex "$ex" --arg want "$want" \
	    --arg ce "$TB_CE_IP" --arg ms "$TB_MS_IP" \
	    --argjson cas $CE_AS --argjson mas $MS_AS --argjson opas "$opas" '
	    def nb($addr; $ras; $st; $extra):
		{address: $addr, remote_as: $ras}
		+ (if $st == "down" then {established: false}
		   else {state: $st} end)
		+ (if $pfx == "" or $st == "down" then {} else
		   {prefixes_received: ($pfx | tonumber)} end) + $extra;
	    def sec($k; $v): [{kind: $k, vendor: $v}];
	    def up($st): if $st == "down" then {} else
		{hold_time: 180, keepalive: 60} end;
	    {description: $d, openbgpd: $ov, gobgp: $gv, exit: $ex,
	     findings: ($want | split(" ") | map(select(length > 0))),
	     files: {
	      "bgpctl_summary.txt": {sections: sec("summary"; "openbgpd"),
		neighbors: [nb($ms; $opas; $os; {})]},
	      "bgpctl_neighbor.txt": {sections: sec("neighbors"; "openbgpd"),
		neighbors: [nb($ms; $opas; $os; up($os))]},
	      "gobgp_neighbor.txt": {sections: sec("summary"; "gobgp"),
		neighbors: [nb($ce; $cas; $gs; {})]},
	      "gobgp_neighbor_peer.txt": {sections: sec("neighbors"; "gobgp"),
		neighbors: [nb($ce; $cas; $gs; up($gs))]}
	     }}' >"$D/expected.json"
	echo "   $(ls "$D" | tr '\n' ' ')" >&2
	if [ -n "$ERWATCH" ] && [ -x "$ERWATCH" ]; then
		echo "   erwatch: $("$ERWATCH" router --json "$D"/*.txt \
		    2>/dev/null | jq -r '[.findings[]?.code] | unique |
		    join(" ")')" >&2
	fi
}

sc_peers_established()
{
	rec_begin peers_established || return 1
	tb_gobgp "$TB_MS" local="$TB_MS_IP" peer="$TB_CE_IP" las=$MS_AS \
	    pas=$CE_AS || return 1
	tb_openbgpd "$TB_CE" local="$TB_CE_IP" peer="$TB_MS_IP" las=$CE_AS \
	    pas=$MS_AS || return 1
	tb_wait_established "$TB_CE" 40 || return 1
	tb_wait_established "$TB_MS" 20 || return 1
	tb_wait_until 20 eval "bgpctl_ce show summary | grep -q ' 5\$'" ||
	    return 1
	tb_wait_until 20 eval "tb_gobgp_cli '$TB_MS' neighbor |
	    grep -q '| *5 *5\$'" || return 1
	# an uptime that reads as more than zero
	sleep 2
	rec_peers_end "Healthy eBGP session, OpenBGPD (CE, AS 65010) and GoBGP (MSEE, AS 12076), 60/180 timers, 5 prefixes each way." \
	    Established Established 5 0 "ROUTER_BGP_ESTABLISHED"
}

sc_peers_as_wrong()
{
	rec_begin peers_as_wrong || return 1
	tb_gobgp "$TB_MS" local="$TB_MS_IP" peer="$TB_CE_IP" las=$MS_AS \
	    pas=$CE_AS || return 1
	# OpenBGPD expects AS 12077; GoBGP is 12076.
	tb_openbgpd "$TB_CE" local="$TB_CE_IP" peer="$TB_MS_IP" las=$CE_AS \
	    pas=12077 || return 1
	tb_wait_until 30 eval "grep -q 'bad AS\|Bad Peer AS\|bad peer AS' \
	    '$TB_DIR/openbgpd-$TB_CE/bgpd.log'" || true
	sleep 4
	rec_peers_end "OpenBGPD (CE) is configured with remote AS 12077 but the MSEE (GoBGP) is AS 12076: OpenBGPD answers its OPEN with NOTIFICATION 2/2 (Bad Peer AS); neither side reaches Established." \
	    down down "" 1 "ROUTER_BGP_NOT_ESTABLISHED ROUTER_NOTIFICATION" \
	    12077 || return 1
	# bgpctl names the error it sent: "error in OPEN message, AS
	# unacceptable".
	jq '.files["bgpctl_neighbor.txt"].neighbors[0].last_notification =
	    {code: 2, subcode: 2} |
	    .files["bgpctl_neighbor.txt"].findings = ["ROUTER_NOTIFICATION"]' \
	    "$D/expected.json" >"$D/expected.json.new" &&
	    mv "$D/expected.json.new" "$D/expected.json"
	chmod 644 "$D/expected.json"
}

sc_exabgp_established()
{
	rec_begin exabgp_established || return 1
	rec_bird_start || return 1
	tb_exabgp "$TB_CE" local="$TB_CE_IP" peer="$TB_MS_IP" las=$CE_AS \
	    pas=$MS_AS || return 1
	tb_wait_established "$TB_CE" 40 || return 1
	tb_wait_until 20 eval "birdc -s '$(bird_dir)/bird.ctl' show protocols \
	    all tb_peer | grep -q 'Routes: *5 imported, 5 exported'" ||
	    return 1
	sleep 2
	tb_exabgp_cli "$TB_CE" show neighbor summary >"$D/exabgp_summary.txt"
	tb_exabgp_cli "$TB_CE" show neighbor extensive \
	    >"$D/exabgp_neighbor.txt"
	tb_cleanup
	trap - EXIT INT TERM
	chmod 644 "$D"/*
	# The summary's counts after "|" are UPDATE messages, not prefixes.
	# The extensive output has no parser yet: recorded, not judged.
	jq -n --arg ev "ExaBGP $(dpkg-query -W -f='${Version}' exabgp 2>/dev/null |
	    sed 's/-.*//')" --arg ms "$TB_MS_IP" --argjson mas $MS_AS '
	    {description: "Healthy eBGP session, ExaBGP (CE, AS 65010) and BIRD (MSEE, AS 12076), hold 180, 5 prefixes each way: exabgpcli show neighbor summary.",
	     exabgp: $ev, exit: 0, findings: ["ROUTER_BGP_ESTABLISHED"],
	     files: {"exabgp_summary.txt": {sections: [{kind: "summary",
		vendor: "exabgp"}], neighbors: [{address: $ms,
		remote_as: $mas, state: "Established"}]}}}' \
	    >"$D/expected.json"
	echo "   $(ls "$D" | tr '\n' ' ')" >&2
}

ALL="established peer_as_wrong md5_mismatch down_active max_prefix
peers_established peers_as_wrong exabgp_established"
rc=0
for s in ${*:-$ALL}; do
	if ! "sc_$s"; then
		echo "record_router: scenario $s failed" >&2
		tb_cleanup
		rc=1
	fi
done
exit $rc
