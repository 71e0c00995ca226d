#!/bin/bash
# Each external library is linked only into what uses it (CMakeLists.txt,
# ERW_DEPS_*): readelf -d of chosen programs of the build.  A unit test of
# net or bgp, and the replays of the parsers that need neither libpcap nor
# jansson, record neither; the Azure and router ones jansson but no
# libpcap; the capture ones libpcap and libwiretap (which also shows that
# the check reads what it should); sqlite, curl, libmicrohttpd and libpq
# only what links the monitor.  No program links a library no code calls.
set -u
B=${ERW_BUILD_DIR:?ERW_BUILD_DIR not set}
. "${ERW_SRC_DIR:?ERW_SRC_DIR not set}/tests/integration/lib_check.sh"
require_programs readelf
pass=0
fail=0

# needed PROGRAM: its DT_NEEDED libraries, one a line, without versions
needed()
{
	readelf -d "$1" 2>/dev/null |
	    sed -n 's/.*(NEEDED).*\[\(lib[^.]*\)\.so.*\]/\1/p'
}

# expect PROGRAM +LIB... -LIB...: linked with each +LIB, none of -LIB
expect()
{
	local prog=$1 libs w why=""

	shift
	if [ ! -x "$B/$prog" ]; then
		echo "FAIL $prog: not built in $B"
		fail=$((fail + 1))
		return
	fi
	libs=" $(needed "$B/$prog" | tr '\n' ' ') "
	for w in "$@"; do
		case $w in
		+*) [[ $libs == *" ${w#+} "* ]] || why="$why missing ${w#+};" ;;
		-*) [[ $libs == *" ${w#-} "* ]] && why="$why links ${w#-};" ;;
		esac
	done
	if [ -z "$why" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL $prog:$why (needs:$libs)"
		fail=$((fail + 1))
	fi
}

NOCAP="-libpcap -libwiretap -libwsutil -libglib-2"
expect test_util_alloc $NOCAP -libjansson
expect test_net_addr $NOCAP -libjansson
expect test_net_lpm $NOCAP -libjansson
expect test_bgp_msg $NOCAP -libjansson
expect test_pkt_decode $NOCAP -libjansson
expect test_flow_tcp $NOCAP -libjansson
expect test_probe_parse $NOCAP -libjansson
expect replay_bgp_msg $NOCAP -libjansson
expect replay_pkt $NOCAP -libjansson
expect replay_reasm $NOCAP -libjansson
expect replay_trace_ip4 $NOCAP -libjansson
expect test_azure_routes $NOCAP +libjansson
expect test_router_parse $NOCAP +libjansson
# diag recognises captures among the evidence (diag_evidence.c), so
# its tests link the capture readers as erwatch does.
expect test_diag_circuit +libpcap +libjansson
expect test_diag_router +libpcap +libjansson
expect replay_az_nsg $NOCAP +libjansson
expect replay_cap_wiretap +libpcap +libwiretap -libjansson
expect test_capture_file +libpcap +libwiretap -libjansson
expect erwatch +libpcap +libwiretap +libjansson +libarchive +libcrypto
# only the bundle module writes archives and hashes
expect test_router_parse -libarchive -libcrypto
expect replay_pkt -libarchive -libcrypto

# sqlite, curl, libmicrohttpd and libpq: the monitor's, and only its
expect test_monitor_alert +libsqlite3 +libcurl +libmicrohttpd +libpq
expect test_router_parse -libsqlite3 -libcurl -libmicrohttpd -libpq
expect replay_bgp_msg -libsqlite3 -libcurl -libmicrohttpd -libpq
expect erwatch +libsqlite3 +libcurl +libmicrohttpd +libpq
# the monitor's capture on trigger calls libpcap itself: no libwiretap
expect test_monitor_store +libsqlite3 +libpcap -libwiretap -libwsutil -libglib-2
expect replay_mon_import +libsqlite3
# diag and report read the history's structures without linking SQLite:
# diagnose's monitor analyzer reads the database through the reader
# erwatch hands it (cmd_diagnose.c), so erwatch links SQLite (above) and
# diag's own tests, the recogniser's among them, do not
expect test_diag_router -libsqlite3 -libpq
expect test_diag_monitor -libsqlite3 -libpq
expect test_diag_evidence -libsqlite3 -libpq
expect replay_evidence -libsqlite3 -libpq
expect test_report_doc -libsqlite3 -libpq
# the demo's history is written through the store API
expect mon_history_write +libsqlite3

# nothing links what no code calls (libarchive: bundle, above)
n=0
for f in "$B"/*; do
	[ -f "$f" ] && [ -x "$f" ] || continue
	head -c 4 "$f" | grep -q "ELF" || continue
	n=$((n + 1))
	expect "${f##*/}" -libm
done
[ "$n" -gt 20 ] || { echo "FAIL only $n programs in $B"; fail=$((fail + 1)); }

echo "test_linkage: $pass passed, $fail failed"
[ "$fail" = 0 ]
