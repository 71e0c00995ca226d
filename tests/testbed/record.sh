#!/bin/bash
#
# Record the testbed captures: tests/data/captures/<scenario>/capture.pcap
# (+ capture_msee.pcap where the problem shows at the MSEE) and
# expected.json, what a correct analyzer must conclude from those packets.
# Run by `make record` (root, BIRD 2, FRR, tcpdump, tshark, clang):
#
#	tests/testbed/record.sh ERWATCH [SCENARIO...]
#
# Every packet comes from the Linux kernel, BIRD or FRR in namespaces made
# by tests/testbed/lib.sh; nothing is synthetic.  The "notifications" and
# "sessions" fields of expected.json are computed from the capture with
# tshark (so they say what is on the wire, whatever the daemons logged); the
# findings lists are the scenario's expectation, checked by hand against
# tshark when the captures were committed.  ERWATCH is optional: when it
# runs, its verdict is printed beside the expectation (never a failure
# here; tests/integration does the judging).
# `make record` runs "sh record.sh": this script is bash, so re-run under it.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -u

SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC/tests/testbed/lib.sh"
ERWATCH=${1:-}
[ $# -gt 0 ] && shift
OUT="$SRC/tests/data/captures"
CE_AS=65010
MS_AS=12076
FRR_V=$(dpkg-query -W -f='${Version}' frr 2>/dev/null | sed 's/-.*//')
BIRD_V=$(dpkg-query -W -f='${Version}' bird2 2>/dev/null | sed 's/-.*//')
OBGPD_V=$(dpkg-query -W -f='${Version}' openbgpd 2>/dev/null | sed 's/-.*//')
GOBGP_V=$(dpkg-query -W -f='${Version}' gobgpd 2>/dev/null | sed 's/-.*//')
EXA_V=$(dpkg-query -W -f='${Version}' exabgp 2>/dev/null | sed 's/-.*//')
FRR="FRR bgpd ${FRR_V:-8.4}"
BIRD="BIRD ${BIRD_V:-2.0}"
OBGPD="OpenBGPD ${OBGPD_V:-7.7}"
GOBGP="GoBGP ${GOBGP_V:-3.10}"
EXA="ExaBGP ${EXA_V:-4.2}"
# The captures use fixed addresses (inside the namespaces only) so that
# expected.json and docs can name them: CE 172.16.0.1, MSEE 172.16.0.2.
export TB_NET=172.16.0

tb_require_root
command -v tshark >/dev/null || { echo "record: tshark missing" >&2; exit 77; }

# ---- helpers ---------------------------------------------------------

S=""		# current scenario
D=""		# its output directory
CE_IMPL=""
MS_IMPL=""

# rec_begin NAME CE_IMPL MSEE_IMPL [chain MTU send|drop] [swap]
rec_begin()
{
	S=$1 CE_IMPL=$2 MS_IMPL=$3
	shift 3
	echo "== $S (CE $CE_IMPL, MSEE $MS_IMPL)" >&2
	D="$OUT/$S"
	rm -rf "$D"
	mkdir -p "$D"
	tb_init "$S" || return 1
	case "${1:-}" in
	chain) tb_chain "$2" "$3" ;;
	swap) tb_pair swap ;;
	*) tb_pair ;;
	esac
}

# rec_daemon SIDE IMPL KEY=VALUE...: start IMPL on SIDE (ce|msee) with the
# usual addresses/ASNs; extra options are passed on (they override).
rec_daemon()
{
	local side=$1 impl=$2
	shift 2
	if [ "$side" = ce ]; then
		"tb_$impl" "$TB_CE" local="$TB_CE_IP" peer="$TB_MS_IP" \
		    las=$CE_AS pas=$MS_AS "$@"
	else
		"tb_$impl" "$TB_MS" local="$TB_MS_IP" peer="$TB_CE_IP" \
		    las=$MS_AS pas=$CE_AS "$@"
	fi
}

impl_name()
{
	case $1 in
	bird) echo "$BIRD" ;;
	frr) echo "$FRR" ;;
	openbgpd) echo "$OBGPD" ;;
	gobgp) echo "$GOBGP" ;;
	exabgp) echo "$EXA" ;;
	esac
}

# rec_wire FILE: print "notifications" JSON array and "sessions" count
# (TCP streams in which both ends sent OPEN and then KEEPALIVE) as two lines.
rec_wire()
{
	local f=$1
	# tshark names the subcode field after the error code; one NOTIFICATION
	# per frame in practice, so the one non-empty minor field is its own.
	tshark -r "$f" -Y "bgp.type == 3" -T fields -E occurrence=f \
	    -e bgp.notify.major_error -e bgp.notify.minor_error \
	    -e bgp.notify.minor_error_open -e bgp.notify.minor_error_update \
	    -e bgp.notify.minor_error_expired -e bgp.notify.minor_error_state \
	    -e bgp.notify.minor_error_cease \
	    -e bgp.notify.minor_error_capability \
	    -e bgp.notify.minor_error_unknown 2>/dev/null |
	    awk -F'\t' '{ m = 0; for (i = 2; i <= NF; i++) if ($i != "") {
		m = $i; break }; print $1, m }' | sort -u |
	    jq -R -s -c '[split("\n")[] | select(length > 0) | split(" ") |
		{code: (.[0] | tonumber), subcode: (.[1] | tonumber)}]'
	tshark -r "$f" -Y bgp -T fields -e tcp.stream -e ip.src \
	    -e bgp.type 2>/dev/null |
	    awk -F'\t' '{ n = split($3, t, ",");
		for (i = 1; i <= n; i++) {
			k = $1 " " $2;
			if (t[i] == 1) open[k] = 1;
			else if (t[i] == 4 && open[k]) ka[k] = 1;
		} }
		END { for (k in ka) { split(k, p, " "); c[p[1]]++ }
		n = 0; for (s in c) if (c[s] == 2) n++; print n }'
}

# rec_end DESCRIPTION EXIT "FINDINGS" "NOT_FINDINGS" [WIRE_FILE]
# REC_EXTRA, when set, is a JSON object of further expectations merged in
# (for example teardown_causes); it is cleared afterwards.
rec_end()
{
	local desc=$1 ex=$2 want=$3 nf=$4 wf=${5:-$D/capture.pcap} w n s f
	tb_capture_stop
	tb_cleanup
	trap - EXIT INT TERM
	for f in "$D"/*.pcap; do
		chmod 644 "$f"
	done
	w=$(rec_wire "$wf")
	n=$(echo "$w" | sed -n 1p)
	s=$(echo "$w" | sed -n 2p)
	jq -n --arg d "$desc" --arg ce "$CE_IMPL" --arg ms "$MS_IMPL" \
	    --argjson ex "$ex" --arg want "$want" --arg nf "$nf" \
	    --argjson n "$n" --argjson s "$s" \
	    --argjson x "${REC_EXTRA:-"{}"}" \
	    '{description: $d, ce: $ce, msee: $ms, exit: $ex,
	      findings: ($want | split(" ") | map(select(length > 0))),
	      not_findings: ($nf | split(" ") | map(select(length > 0))),
	      notifications: $n, sessions: $s} + $x' >"$D/expected.json"
	REC_EXTRA=""
	echo "   $(ls "$D" | tr '\n' ' ') notifications=$n sessions=$s" >&2
	rec_check
}

# rec_check: show erwatch's verdict beside the expectation, if it runs.
rec_check()
{
	local f out rc
	[ -n "$ERWATCH" ] && [ -x "$ERWATCH" ] || return 0
	for f in "$D"/capture*.pcap; do
		out=$("$ERWATCH" pcap --json "$f" 2>/dev/null)
		rc=$?
		echo "   erwatch $(basename "$f"): exit $rc," \
		    "$(echo "$out" | jq -r '[.findings[]?.code] | unique |
		    join(" ")' 2>/dev/null)" >&2
	done
}

wait_up()
{
	tb_wait_established "$1" "${2:-30}" || { tb_cleanup; exit 1; }
}

# Lines of `ip netns exec NS cmd` output we do not want in the log.
quiet()
{
	"$@" >/dev/null 2>&1
}

# ---- scenarios -------------------------------------------------------

sc_healthy()
{
	rec_begin healthy "$FRR" "$BIRD" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce frr keepalive=3 hold=9 || return 1
	rec_daemon msee bird keepalive=3 hold=9 || return 1
	wait_up "$TB_CE"
	sleep 10
	rec_end "Healthy eBGP session, keepalive 3 s / hold 9 s: TCP handshake, OPENs (hold 9), UPDATEs with 5 prefixes each way, End-of-RIB, KEEPALIVEs every ~3 s. Hold 9 is short next to ExpressRoute's 180, so a BGP_HOLD_TIME_SHORT warning is acceptable (exit stays 0)." \
	    0 "BGP_ESTABLISHED" \
	    "BGP_NOTIFICATION BGP_HOLD_TIMER_EXPIRED BGP_SESSION_FLAP TCP_SYN_UNANSWERED TCP_RST_ON_SYN BGP_OPEN_PEER_AS_MISMATCH BGP_KEEPALIVE_GAP"
}

sc_healthy_default_timers()
{
	rec_begin healthy_default_timers "$BIRD" "$FRR" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce bird keepalive=60 hold=180 || return 1
	rec_daemon msee frr keepalive=60 hold=180 || return 1
	wait_up "$TB_CE"
	sleep 6
	rec_end "Healthy eBGP session with 60/180 timers, BIRD as CE and FRR as MSEE: OPENs carry hold 180; only the first KEEPALIVEs fit in the capture." \
	    0 "BGP_ESTABLISHED" \
	    "BGP_NOTIFICATION BGP_HOLD_TIME_SHORT BGP_KEEPALIVE_GAP BGP_SESSION_FLAP"
}

sc_healthy_any_sll2()
{
	rec_begin healthy_any_sll2 "$FRR" "$BIRD" || return 1
	tb_capture_start "$TB_CE" any "$D/capture.pcap" || return 1
	rec_daemon ce frr keepalive=3 hold=9 || return 1
	rec_daemon msee bird keepalive=3 hold=9 || return 1
	wait_up "$TB_CE"
	sleep 7
	rec_end "Healthy session captured with tcpdump -i any in the CE namespace: Linux cooked capture v2 (SLL2, DLT 276); lo carries nothing." \
	    0 "BGP_ESTABLISHED" "BGP_NOTIFICATION BGP_SESSION_FLAP"
}

sc_asn_mismatch()
{
	rec_begin asn_mismatch "$BIRD" "$FRR" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce bird keepalive=3 hold=9 pas=12075 || return 1
	rec_daemon msee frr keepalive=3 hold=9 || return 1
	sleep 12
	rec_end "CE (BIRD) configured with remote AS 12075 instead of 12076: it answers the MSEE OPEN (My AS 12076) with NOTIFICATION 2/2 Bad Peer AS; repeated attempts." \
	    1 "BGP_OPEN_PEER_AS_MISMATCH" "BGP_ESTABLISHED BGP_HOLD_TIMER_EXPIRED"
}

sc_md5_mismatch()
{
	rec_begin md5_mismatch "$FRR" "$BIRD" || return 1
	(umask 077; echo "tb-ce-key-$RANDOM" >"$TB_DIR/ce.key"
	    echo "tb-ms-key-$RANDOM" >"$TB_DIR/ms.key")
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce frr keepalive=3 hold=9 md5file="$TB_DIR/ce.key" ||
	    return 1
	rec_daemon msee bird keepalive=3 hold=9 md5file="$TB_DIR/ms.key" ||
	    return 1
	sleep 14
	rec_end "TCP MD5 on both sides with different keys: every SYN carries option 19 and is dropped silently by the receiving kernel; only SYN retransmissions, no SYN-ACK, no RST." \
	    1 "TCP_MD5_SUSPECTED_MISMATCH" \
	    "BGP_ESTABLISHED TCP_MD5_ASYMMETRIC TCP_RST_ON_SYN"
}

sc_md5_one_side()
{
	rec_begin md5_one_side "$FRR" "$BIRD" || return 1
	(umask 077; echo "tb-ms-key-$RANDOM" >"$TB_DIR/ms.key")
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce frr keepalive=3 hold=9 || return 1
	rec_daemon msee bird keepalive=3 hold=9 md5file="$TB_DIR/ms.key" ||
	    return 1
	sleep 14
	rec_end "TCP MD5 password only on the MSEE (BIRD): its SYNs carry option 19, the CE SYNs do not; both are dropped silently, no SYN-ACK at all." \
	    1 "TCP_MD5_ASYMMETRIC" \
	    "BGP_ESTABLISHED TCP_MD5_SUSPECTED_MISMATCH TCP_RST_ON_SYN"
}

sc_tcp179_dropped()
{
	rec_begin tcp179_dropped "$FRR" "$BIRD" || return 1
	tb_drop_tcp179 "$TB_MS" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce frr keepalive=3 hold=9 || return 1
	rec_daemon msee bird keepalive=3 hold=9 || return 1
	sleep 14
	rec_end "iptables in the MSEE namespace drops TCP/179 both ways: the CE SYNs are retransmitted with backoff, never a SYN-ACK or RST." \
	    1 "TCP_SYN_UNANSWERED" \
	    "BGP_ESTABLISHED TCP_RST_ON_SYN TCP_MD5_ASYMMETRIC TCP_MD5_SUSPECTED_MISMATCH"
}

sc_no_listener()
{
	rec_begin no_listener "$FRR" "none" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce frr keepalive=3 hold=9 || return 1
	sleep 10
	rec_end "No BGP daemon on the MSEE side: every CE SYN to port 179 is answered with RST,ACK by the MSEE kernel." \
	    1 "TCP_RST_ON_SYN" "BGP_ESTABLISHED TCP_SYN_UNANSWERED"
}

sc_neighbor_not_configured()
{
	rec_begin neighbor_not_configured "$BIRD" "$FRR" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon msee frr keepalive=3 hold=9 neighbor=172.16.0.5 || return 1
	rec_daemon ce bird keepalive=3 hold=9 || return 1
	sleep 12
	rec_end "MSEE (FRR) has a neighbor for 172.16.0.5 but none for the CE 172.16.0.1: it accepts the TCP connection, reads the CE OPEN and closes without sending an OPEN; the CE retries." \
	    1 "BGP_PEER_RESET_NO_OPEN" "BGP_ESTABLISHED TCP_SYN_UNANSWERED"
}

sc_hold_timer_expired()
{
	local pid
	rec_begin hold_timer_expired "$FRR" "$BIRD" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce frr keepalive=3 hold=9 || return 1
	rec_daemon msee bird keepalive=3 hold=9 || return 1
	wait_up "$TB_CE"
	sleep 3
	pid=$(tb_daemon_pid "$TB_MS")
	tb_freeze "$pid"
	tb_wait_state "$TB_CE" down 20
	sleep 2
	tb_thaw "$pid"
	wait_up "$TB_CE" 40
	sleep 3
	rec_end "Established, then the MSEE BIRD process frozen with SIGSTOP (its kernel still ACKs): no MSEE KEEPALIVE for more than 9 s, the CE (FRR) sends NOTIFICATION 4/0 Hold Timer Expired; the session comes back after SIGCONT." \
	    1 "BGP_HOLD_TIMER_EXPIRED" "TCP_SYN_UNANSWERED BGP_OPEN_PEER_AS_MISMATCH"
}

sc_hold_timer_expired_bird()
{
	local pid
	rec_begin hold_timer_expired_bird "$BIRD" "$FRR" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce bird keepalive=3 hold=9 nollgr=1 || return 1
	rec_daemon msee frr keepalive=3 hold=9 nollgr=1 || return 1
	wait_up "$TB_CE"
	sleep 3
	pid=$(tb_daemon_pid "$TB_MS")
	tb_freeze "$pid"
	tb_wait_state "$TB_CE" down 20
	sleep 1
	tb_thaw "$pid"
	wait_up "$TB_CE" 40
	sleep 3
	rec_end "Roles of hold_timer_expired swapped: the MSEE FRR bgpd frozen with SIGSTOP, the CE BIRD (long-lived graceful restart off, so no LLGR is negotiated) sends NOTIFICATION 4/0 Hold Timer Expired. After SIGCONT the thawed FRR first sends its overdue KEEPALIVE on the dead connection, then a new session comes up." \
	    1 "BGP_HOLD_TIMER_EXPIRED" "TCP_SYN_UNANSWERED BGP_OPEN_PEER_AS_MISMATCH"
}

sc_hold_expired_no_close()
{
	local c
	rec_begin hold_expired_no_close "$FRR" "$BIRD" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce frr keepalive=3 hold=9 || return 1
	rec_daemon msee bird keepalive=3 hold=9 || return 1
	wait_up "$TB_CE"
	sleep 4
	c=$(tb_drop_conn "$TB_MS") || return 1
	echo "   dropping what the MSEE sends on $c" >&2
	tb_wait_state "$TB_CE" down 20
	wait_up "$TB_CE" 40
	sleep 4
	REC_EXTRA='{"teardown_causes": {"superseded": 1}}'
	rec_end "Established (FRR CE, BIRD MSEE, keepalive 3 / hold 9), then nft in the MSEE namespace drops every segment the MSEE sends on that connection (matched by 4-tuple, so later connections pass). At the CE tap the MSEE goes silent after its last KEEPALIVE (within 3 s of Established); the CE's next KEEPALIVE is never acknowledged and is retransmitted with backoff; the CE's NOTIFICATION 4/0 stays in the stalled TCP queue, and no FIN or RST of the old connection ever reaches the wire. The CE's hold timer expires, it opens a new connection, which reaches Established about 10 s after the MSEE's last message. The new establishment supersedes the old connection: the MSEE's 10 s silence against hold 9 is a hold-timer expiry. FRR sets the graceful-restart Restart State bit in every OPEN here (its first one too), so that is no restart." \
	    1 "BGP_HOLD_TIMER_EXPIRED BGP_ESTABLISHED" \
	    "TCP_SYN_UNANSWERED BGP_OPEN_PEER_AS_MISMATCH BGP_GRACEFUL_RESTART BGP_SESSION_SUPERSEDED BGP_NOTIFICATION BGP_SESSION_FLAP"
}

sc_hold_expired_no_close_bird()
{
	local c
	rec_begin hold_expired_no_close_bird "$BIRD" "$FRR" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce bird keepalive=3 hold=9 || return 1
	rec_daemon msee frr keepalive=3 hold=9 || return 1
	wait_up "$TB_CE"
	sleep 4
	c=$(tb_drop_conn "$TB_MS") || return 1
	echo "   dropping what the MSEE sends on $c" >&2
	tb_wait_state "$TB_CE" down 20
	wait_up "$TB_CE" 40
	sleep 4
	REC_EXTRA='{"teardown_causes": {"superseded": 1}}'
	rec_end "Roles swapped (BIRD CE, FRR MSEE), same fault: nft in the MSEE namespace drops what the MSEE sends on the established connection. The CE's hold timer expires first; BIRD opens two new connections, about 1 s apart, while FRR still holds the old session Established, and FRR refuses each with Cease 6/7 (a collision with an Established session, RFC 4271 6.8). Once FRR's own hold timer has expired, connection 4 reaches Established and supersedes the old connection, which never closed on the wire: both sides' silences on it exceed hold 9 (the CE's KEEPALIVEs were stuck behind its unacknowledged data)." \
	    1 "BGP_HOLD_TIMER_EXPIRED BGP_ESTABLISHED" \
	    "TCP_SYN_UNANSWERED BGP_OPEN_PEER_AS_MISMATCH BGP_GRACEFUL_RESTART BGP_SESSION_SUPERSEDED BGP_SESSION_FLAP"
}

sc_tcp179_rejected()
{
	rec_begin tcp179_rejected "$FRR" "$BIRD" || return 1
	tb_reject_tcp179 "$TB_MS" icmp-admin-prohibited || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce frr keepalive=3 hold=9 || return 1
	rec_daemon msee bird keepalive=3 hold=9 passive=1 || return 1
	sleep 10
	rec_end "A filter in the MSEE namespace rejects TCP/179 with ICMP 3/13 (communication administratively prohibited); the MSEE BIRD is passive, so only CE SYNs are seen, each answered by the ICMP error (an answer: the SYNs are not silently dropped)." \
	    1 "ICMP_UNREACHABLE" \
	    "BGP_ESTABLISHED TCP_RST_ON_SYN TCP_SYN_UNANSWERED TCP_MD5_ASYMMETRIC TCP_MD5_SUSPECTED_MISMATCH"
}

sc_max_prefix()
{
	rec_begin max_prefix "$BIRD" "$FRR" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon msee frr keepalive=3 hold=9 limit=20 || return 1
	rec_daemon ce bird keepalive=3 hold=9 prefixes=30 || return 1
	sleep 12
	rec_end "MSEE (FRR) maximum-prefix 20, the CE (BIRD) advertises 30 prefixes: the MSEE sends NOTIFICATION 6/1 Cease / Maximum Number of Prefixes Reached." \
	    1 "BGP_MAX_PREFIX" "BGP_OPEN_PEER_AS_MISMATCH BGP_HOLD_TIMER_EXPIRED"
}

sc_session_flap()
{
	rec_begin session_flap "$FRR" "$BIRD" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce frr keepalive=3 hold=9 || return 1
	rec_daemon msee bird keepalive=3 hold=9 || return 1
	wait_up "$TB_CE"
	sleep 2
	tb_link_flap "$TB_MS" ms0 3 2 40 || { tb_cleanup; return 1; }
	sleep 2
	rec_end "MSEE link (ms0) set down for 2 s and up again, 3 times: BIRD tears the session down each time (Cease 6/0); four sessions reach Established in one capture. In some runs both sides reconnect at once and connection collisions add Cease 6/7 from either side." \
	    1 "BGP_SESSION_FLAP" "BGP_OPEN_PEER_AS_MISMATCH TCP_SYN_UNANSWERED"
}

# rec_mtu NAME send|drop
rec_mtu()
{
	local name=$1 icmp=$2
	rec_begin "$name" "$FRR" "$BIRD" chain 1000 "$icmp" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	tb_capture_start "$TB_MS" ms0 "$D/capture_msee.pcap" || return 1
	rec_daemon ce frr keepalive=3 hold=9 multihop=3 || return 1
	rec_daemon msee bird keepalive=3 hold=9 multihop=3 prefixes=600 ||
	    return 1
}

sc_mtu_icmp()
{
	rec_mtu mtu_icmp send || return 1
	wait_up "$TB_CE"
	sleep 5
	rec_end "Routed chain CE - R1 - R2 - MSEE (eBGP multihop, CE 172.16.0.1, MSEE 172.16.0.10) with a 1000-byte MTU on R1-R2; the MSEE advertises 600 prefixes, its full-size segments draw ICMP 3/4 fragmentation needed (MTU 1000) from R2 (capture_msee.pcap), it resends smaller segments and the session stays up." \
	    1 "ICMP_FRAG_NEEDED" "PMTU_BLACKHOLE_SUSPECTED BGP_OPEN_PEER_AS_MISMATCH" \
	    "$D/capture_msee.pcap"
}

sc_mtu_blackhole()
{
	rec_mtu mtu_blackhole drop || return 1
	sleep 25
	rec_end "Same chain as mtu_icmp, but the routers drop their ICMP fragmentation-needed: the MSEE full-size segments are retransmitted and never arrive (capture_msee.pcap), the CE hold timer expires (NOTIFICATION 4/0), repeat. The small OPEN/KEEPALIVE segments pass, so each session reaches Established before it dies. In some runs FRR sends a KEEPALIVE right after its NOTIFICATION in the same connection: that is no new establishment (no OPEN)." \
	    1 "PMTU_BLACKHOLE_SUSPECTED" "ICMP_FRAG_NEEDED BGP_OPEN_PEER_AS_MISMATCH" \
	    "$D/capture_msee.pcap"
}

sc_wrong_peer_ip()
{
	rec_begin wrong_peer_ip "$FRR" "$BIRD" swap || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	# CE uses .2 and peers with .1; the MSEE (.2) peers with .1 as usual.
	rec_daemon ce frr keepalive=3 hold=9 || return 1
	tb_bird "$TB_MS" local=172.16.0.2 peer=172.16.0.1 las=$MS_AS \
	    pas=$CE_AS keepalive=3 hold=9 || return 1
	sleep 10
	rec_end "CE configured with the /30 addresses swapped (172.16.0.2 locally, peer 172.16.0.1): both sides ARP for 172.16.0.1, nobody answers, no TCP at all. Both ends hold 172.16.0.2, so tshark also flags a duplicate address." \
	    1 "ARP_UNANSWERED" "BGP_ESTABLISHED TCP_SYN_UNANSWERED TCP_RST_ON_SYN"
}

# rec_vlan NAME CE MSEE VID [STAG]
rec_vlan()
{
	local name=$1 ce=$2 ms=$3
	shift 3
	rec_begin "$name" "$(impl_name "$ce")" "$(impl_name "$ms")" || return 1
	tb_vlan_tag ce0 "$@" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce "$ce" keepalive=3 hold=9 || return 1
	rec_daemon msee "$ms" keepalive=3 hold=9 || return 1
	wait_up "$TB_CE"
	sleep 7
}

sc_vlan_dot1q()
{
	rec_vlan vlan_dot1q frr bird 100 || return 1
	rec_end "Healthy session on 802.1Q VLAN 100: every frame on the link is tagged (tc/eBPF tagger on both veth ends)." \
	    0 "BGP_ESTABLISHED" "BGP_NOTIFICATION ARP_UNANSWERED"
}

sc_vlan_qinq()
{
	rec_vlan vlan_qinq bird frr 100 300 || return 1
	rec_end "Healthy session over QinQ: 802.1ad S-tag 300 outside, 802.1Q C-tag 100 inside, BIRD as CE and FRR as MSEE; IP MTU 1496 on both ends." \
	    0 "BGP_ESTABLISHED" "BGP_NOTIFICATION ARP_UNANSWERED"
}

sc_default_route()
{
	rec_begin default_route "$BIRD" "$FRR" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce bird keepalive=3 hold=9 default=1 || return 1
	rec_daemon msee frr keepalive=3 hold=9 || return 1
	wait_up "$TB_CE"
	sleep 5
	rec_end "Healthy session in which the CE (BIRD) advertises 0.0.0.0/0 to the MSEE with its 5 prefixes (forced tunneling: Azure would send VNet internet traffic on-premises)." \
	    0 "BGP_ESTABLISHED BGP_DEFAULT_ROUTE_RECEIVED" "BGP_NOTIFICATION"
}

sc_short_hold()
{
	rec_begin short_hold "$FRR" "$BIRD" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce frr keepalive=1 hold=3 || return 1
	rec_daemon msee bird keepalive=1 hold=3 || return 1
	wait_up "$TB_CE"
	sleep 6
	rec_end "Healthy session with keepalive 1 s / hold 3 s: a KEEPALIVE every second each way; works, but the hold time is shorter than is safe on ExpressRoute." \
	    0 "BGP_ESTABLISHED BGP_HOLD_TIME_SHORT" \
	    "BGP_NOTIFICATION BGP_HOLD_TIMER_EXPIRED"
}

# ---- the other BGP implementations Debian ships ----------------------
# OpenBGPD, GoBGP and ExaBGP against BIRD or FRR: their OPENs carry other
# capability sets, and their faults look different on the wire.

sc_healthy_openbgpd()
{
	rec_begin healthy_openbgpd "$OBGPD" "$BIRD" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	# The MSEE first, or OpenBGPD's first SYN meets its kernel's RST.
	rec_daemon msee bird keepalive=3 hold=9 || return 1
	rec_daemon ce openbgpd keepalive=3 hold=9 || return 1
	wait_up "$TB_CE"
	sleep 6
	rec_end "Healthy eBGP session, OpenBGPD as CE (hold 9; OpenBGPD sends a KEEPALIVE every hold/3 s) and BIRD as MSEE, 5 prefixes each way. OpenBGPD's OPEN announces multiprotocol IPv4 unicast, route refresh, graceful restart (no restart state), 4-octet AS and enhanced route refresh; no long-lived graceful restart, no extended message." \
	    0 "BGP_ESTABLISHED" \
	    "BGP_NOTIFICATION BGP_HOLD_TIMER_EXPIRED BGP_SESSION_FLAP BGP_OPEN_PEER_AS_MISMATCH BGP_KEEPALIVE_GAP"
}

sc_healthy_gobgp()
{
	rec_begin healthy_gobgp "$GOBGP" "$FRR" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon msee frr keepalive=3 hold=9 || return 1
	rec_daemon ce gobgp keepalive=3 hold=9 || return 1
	wait_up "$TB_CE"
	sleep 6
	rec_end "Healthy eBGP session, GoBGP as CE (keepalive 3 / hold 9, prefixes added through its gRPC API) and FRR as MSEE, 5 prefixes each way. GoBGP's OPEN announces route refresh, 4-octet AS and multiprotocol IPv4 unicast only." \
	    0 "BGP_ESTABLISHED" \
	    "BGP_NOTIFICATION BGP_HOLD_TIMER_EXPIRED BGP_SESSION_FLAP BGP_OPEN_PEER_AS_MISMATCH BGP_KEEPALIVE_GAP"
}

sc_healthy_exabgp()
{
	rec_begin healthy_exabgp "$EXA" "$BIRD" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon msee bird keepalive=3 hold=9 || return 1
	rec_daemon ce exabgp hold=9 caps=addpath,extmsg,route-refresh \
	    attrs="large-community [65010:1:1] community [65010:100]" ||
	    return 1
	wait_up "$TB_CE"
	sleep 6
	rec_end "Healthy eBGP session, ExaBGP as CE (hold 9, keepalive hold/3) and BIRD as MSEE. ExaBGP's OPEN announces what its configuration asks for: add-path send/receive for IPv4 unicast, extended message (RFC 8654) and route refresh beside multiprotocol and 4-octet AS; its 5 prefixes carry a standard and a large community." \
	    0 "BGP_ESTABLISHED" \
	    "BGP_NOTIFICATION BGP_HOLD_TIMER_EXPIRED BGP_SESSION_FLAP BGP_OPEN_PEER_AS_MISMATCH BGP_KEEPALIVE_GAP"
}

sc_asn_mismatch_openbgpd()
{
	rec_begin asn_mismatch_openbgpd "$FRR" "$OBGPD" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon msee openbgpd keepalive=3 hold=9 pas=65011 || return 1
	rec_daemon ce frr keepalive=3 hold=9 || return 1
	sleep 12
	rec_end "MSEE (OpenBGPD, AS 12076) configured with remote AS 65011 for a CE (FRR) that is AS 65010: OpenBGPD answers the CE's OPEN with NOTIFICATION 2/2 Bad Peer AS; FRR retries." \
	    1 "BGP_OPEN_PEER_AS_MISMATCH" "BGP_ESTABLISHED BGP_HOLD_TIMER_EXPIRED"
}

sc_hold_timer_expired_gobgp()
{
	local pid
	rec_begin hold_timer_expired_gobgp "$GOBGP" "$BIRD" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon ce gobgp keepalive=3 hold=9 || return 1
	rec_daemon msee bird keepalive=3 hold=9 || return 1
	wait_up "$TB_CE"
	sleep 3
	pid=$(tb_daemon_pid "$TB_MS")
	tb_freeze "$pid"
	tb_wait_state "$TB_CE" down 20
	sleep 1
	tb_thaw "$pid"
	wait_up "$TB_CE" 40
	sleep 3
	rec_end "Established (GoBGP CE, BIRD MSEE, keepalive 3 / hold 9), then the MSEE BIRD frozen with SIGSTOP (its kernel still ACKs): GoBGP's hold timer expires and it sends NOTIFICATION 4/0 Hold Timer Expired; the session comes back after SIGCONT." \
	    1 "BGP_HOLD_TIMER_EXPIRED" "TCP_SYN_UNANSWERED BGP_OPEN_PEER_AS_MISMATCH"
}

sc_unknown_wellknown_exabgp()
{
	rec_begin unknown_wellknown_exabgp "$EXA" "$BIRD" || return 1
	tb_capture_start "$TB_CE" ce0 "$D/capture.pcap" || return 1
	rec_daemon msee bird keepalive=3 hold=9 || return 1
	# Attribute type 99 with flags 0x40: transitive but not optional, a
	# well-known attribute nobody knows.  ExaBGP sends raw attributes as
	# configured; BIRD and FRR would never originate one.
	rec_daemon ce exabgp hold=9 prefixes=2 \
	    attrs="attribute [0x63 0x40 0x0102]" || return 1
	wait_up "$TB_CE"
	sleep 4
	rec_end "ExaBGP (CE) announces its 2 prefixes with a raw path attribute of type 99 and flags 0x40 (transitive, not optional): an unrecognised well-known attribute, which RFC 4271 6.3 makes an UPDATE Message Error (3/2). ExaBGP sends raw attributes as configured; BIRD and FRR would never originate one. BIRD 2.0.12 (MSEE) sends no NOTIFICATION: the session stays up, and only the decoder can tell the UPDATE is malformed." \
	    1 "BGP_MALFORMED BGP_ESTABLISHED" \
	    "BGP_NOTIFICATION BGP_OPEN_PEER_AS_MISMATCH BGP_HOLD_TIMER_EXPIRED BGP_SESSION_FLAP"
}

ALL="healthy healthy_default_timers healthy_any_sll2 asn_mismatch md5_mismatch
md5_one_side tcp179_dropped tcp179_rejected no_listener
neighbor_not_configured hold_timer_expired hold_timer_expired_bird
hold_expired_no_close hold_expired_no_close_bird max_prefix session_flap mtu_icmp mtu_blackhole wrong_peer_ip vlan_dot1q
vlan_qinq default_route short_hold healthy_openbgpd healthy_gobgp
healthy_exabgp asn_mismatch_openbgpd hold_timer_expired_gobgp
unknown_wellknown_exabgp"

fail=0
for s in ${*:-$ALL}; do
	case " $(echo $ALL) " in
	*" $s "*) ;;
	*) echo "record: unknown scenario '$s' (known: $(echo $ALL))" >&2
	    fail=1; continue ;;
	esac
	if ! "sc_$s"; then
		echo "record: scenario $s failed" >&2
		tb_cleanup
		fail=1
	fi
done
exit $fail
