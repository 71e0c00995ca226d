#!/bin/sh
# Build the evidence folders of examples/evidence/ (what `make demo` runs
# erwatch diagnose on) from the project's own recordings and exports.
# The Azure exports of tests/data/azure/circuit describe a lab circuit on
# 192.168.50.0/29, AS 64512, VLAN 300; the testbed's BGP pair runs on
# 172.16.0.0/30 (CE 172.16.0.1 AS 65010, MSEE 172.16.0.2 AS 12076), VLAN 100
# for its tagged recordings.  The exports are rewritten to the testbed's
# numbers so that every folder tells one consistent story.
#
#	sh tests/tools/make_demo_evidence.sh [OUT]	(default examples/evidence)
set -eu
cd "$(dirname "$0")/../.."
OUT=${1:-examples/evidence}
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
