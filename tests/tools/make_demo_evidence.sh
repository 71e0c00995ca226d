#!/bin/sh
# Build the evidence folders of examples/evidence/ (what `make demo` runs
# erwatch diagnose on) from the project's own recordings and exports.
# The Azure exports of tests/data/azure/circuit describe a lab circuit on
# 192.168.50.0/29, AS 64512, VLAN 300; the testbed's BGP pair runs on
# 172.16.0.0/30 (CE 172.16.0.1 AS 65010, MSEE 172.16.0.2 AS 12076), VLAN 100
# for its tagged recordings.  The exports are rewritten to the testbed's
# numbers so that every folder tells one consistent story.
#
# The monitor databases are written by erwatch's own store: the endpoint's
# checks by tests/tools/mon_history_write (the store API, the times chosen
# to line up with the recording), the cloud's metrics by `erwatch monitor
# import-metrics` from an Azure Monitor export made here; ERWATCH and
# MON_HISTORY_WRITE name the programs (default: those of build/).
#
#	sh tests/tools/make_demo_evidence.sh [OUT]	(default examples/evidence)
set -eu
cd "$(dirname "$0")/../.."
OUT=${1:-examples/evidence}
ERWATCH=${ERWATCH:-build/erwatch}
MON_HISTORY_WRITE=${MON_HISTORY_WRITE:-build/mon_history_write}
D=tests/data
rm -rf "$OUT"
mkdir -p "$OUT"
printf '# <folder>\t<the cause erwatch diagnose must rank first>\n' \
    >"$OUT/EXPECTED"

# azure DIR: the lab circuit's exports, moved onto the testbed's /30s.
azure()
{
	mkdir -p "$1/azure"
	for x in circuit-ok arp-ok-primary arp-ok-secondary summary-ok-primary \
	    summary-ok-secondary routes-primary routes-secondary; do
		sed -e 's/192\.168\.50\./172.16.0./g' -e 's/64512/65010/g' \
		    -e 's/"vlanId": *300/"vlanId": 100/' \
		    "$D/azure/circuit/$x.json" >"$1/azure/$x.json"
	done
	cat >"$1/azure/commands.txt" <<'CMDS'
# <file>	<command that wrote it>
circuit-ok.json	az network express-route show -g rg-lab -n erc-lab
arp-ok-primary.json	az network express-route list-arp-tables -g rg-lab -n erc-lab --peering-name AzurePrivatePeering --path primary
arp-ok-secondary.json	az network express-route list-arp-tables -g rg-lab -n erc-lab --peering-name AzurePrivatePeering --path secondary
summary-ok-primary.json	az network express-route list-route-tables-summary -g rg-lab -n erc-lab --peering-name AzurePrivatePeering --path primary
summary-ok-secondary.json	az network express-route list-route-tables-summary -g rg-lab -n erc-lab --peering-name AzurePrivatePeering --path secondary
routes-primary.json	az network express-route list-route-tables -g rg-lab -n erc-lab --peering-name AzurePrivatePeering --path primary
routes-secondary.json	az network express-route list-route-tables -g rg-lab -n erc-lab --peering-name AzurePrivatePeering --path secondary
CMDS
}
pcap() { mkdir -p "$2/pcap"; cp "$D/captures/$1/capture.pcap" "$2/pcap/$1.pcap"; }
router() { mkdir -p "$2/router"; cp "$D/router/$1/$3" "$2/router/$3"; }
# metrics FILE DAY HH:MM=BGP...: an `az monitor metrics list --metric
# BgpAvailability ArpAvailability --interval PT1M -o json` export of the
# lab circuit, BgpAvailability of Primary-IPv4 at the values given per
# minute, ArpAvailability 100 at the same minutes.
metrics()
{
	file=$1 day=$2
	shift 2
	rid=/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-lab/providers/Microsoft.Network/expressRouteCircuits/erc-lab
	{
		printf '{"interval": "PT1M", "value": [\n'
		for m in BgpAvailability ArpAvailability; do
			[ $m = ArpAvailability ] && printf ',\n'
			printf '{"id": "%s/providers/Microsoft.Insights/metrics/%s",\n' "$rid" $m
			printf ' "name": {"value": "%s"}, "unit": "Percent",\n' $m
			printf ' "timeseries": [{"metadatavalues": [{"name": {"value": "peer"}, "value": "Primary-IPv4"}],\n  "data": ['
			sep=
			for p in "$@"; do
				v=${p#*=}
				[ $m = ArpAvailability ] && v=100
				printf '%s\n   {"timeStamp": "%sT%s:00+00:00", "average": %s}' "$sep" "$day" "${p%%=*}" "$v"
				sep=,
			done
			printf ']}]}'
		done
		printf '\n]}\n'
	} >"$file"
}
# the cause each folder should be diagnosed with, beside the folders (a
# file inside one would be evidence too)
expect() { printf '%s\t%s\n' "${1##*/}" "$2" >>"$OUT/EXPECTED"; }

# 1. healthy: every layer has evidence, nothing fails
f=$OUT/healthy
azure "$f"
pcap vlan_dot1q "$f"
router established "$f" frr_summary.txt
router established "$f" bird_protocols.txt
expect "$f" healthy

# 2. the MSEE freezes: no KEEPALIVE for longer than the hold time
f=$OUT/hold-timer
azure "$f"
pcap hold_timer_expired "$f"
# the connection monitor probed the MSEE's TCP/179 every 5 s: it failed
# from the freeze until the session came back, and the edge's own
# BgpAvailability dipped in the same minutes
mkdir -p "$f/monitor"
"$MON_HISTORY_WRITE" "$f/monitor/history.db" tcp 172.16.0.2 179 primary \
    2026-11-25T13:50:00Z 5 240 2026-11-25T13:57:45Z 2026-11-25T13:58:30Z
mt=$(mktemp)
metrics "$mt" 2026-11-25 13:50=100 13:51=100 13:52=100 13:53=100 \
    13:54=100 13:55=100 13:56=100 13:57=85 13:58=50 13:59=100 14:00=100 \
    14:01=100 14:02=100 14:03=100 14:04=100 14:05=100 14:06=100 \
    14:07=100 14:08=100 14:09=100
"$ERWATCH" monitor import-metrics "$mt" --db "$f/monitor/history.db" \
    --circuit-path-map Primary-IPv4=primary@172.16.0.2 >/dev/null
rm -f "$mt"
expect "$f" hold_timer_expiry

# 3. different MD5 keys: SYNs dropped silently, the router logs it
f=$OUT/md5-mismatch
pcap md5_mismatch "$f"
router md5_mismatch "$f" frr_summary.txt
router md5_mismatch "$f" frr_bgpd.log
expect "$f" md5_mismatch

# 4. TCP/179 dropped on the path
f=$OUT/tcp179-blocked
azure "$f"
pcap tcp179_dropped "$f"
expect "$f" tcp179_blocked

# 5. the provider's link went down; the session died of it
f=$OUT/carrier-outage
mkdir -p "$f/router" "$f/carrier"
cp "$D/router/link/ios_link.log" "$f/router/"
# the carrier's table without its last, still open row: that outage is
# another story (a link still down at the end of the log is l2_down)
grep -v 'Under investigation' "$D/router/link/carrier_intervals.csv" \
    >"$f/carrier/carrier_intervals.csv"
expect "$f" carrier_outage

# 6. the monitor's probes fail while the session is up: the router has it
# Established and the edge's BgpAvailability stays at 100% throughout, so
# what fails is the path from the monitoring host to the peer
f=$OUT/monitor-path
router established "$f" frr_summary.txt
mkdir -p "$f/monitor"
"$MON_HISTORY_WRITE" "$f/monitor/history.db" tcp 172.16.0.2 179 primary \
    2026-11-25T13:00:00Z 10 360 2026-11-25T13:20:00Z 2026-11-25T13:30:00Z
mt=$(mktemp)
metrics "$mt" 2026-11-25 $(m=0; while [ $m -lt 60 ]; do
	printf '13:%02d=100 ' $m; m=$((m + 1)); done)
"$ERWATCH" monitor import-metrics "$mt" --db "$f/monitor/history.db" \
    --circuit-path-map Primary-IPv4=primary@172.16.0.2 >/dev/null
rm -f "$mt"
expect "$f" monitor_path
