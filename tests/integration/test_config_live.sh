#!/usr/bin/env bash
# The config check against real daemons: a circuit export for the
# testbed's /30 (primary path) is the input of both sides.  The CE runs
# FRR with the configuration `erwatch config --emit frr` wrote for it,
# which `erwatch config` passes; the MSEE is BIRD configured from the cloud
# peer erwatch built from the same export (its JSON: Microsoft's address,
# AS, peer AS, timers).  The session must reach Established.  Then the CE
# config with the remote AS typed wrong, which erwatch fails
# (CONFIG_REMOTE_AS_WRONG, exit 1), must not: BIRD reports the OPEN's
# Bad peer AS (waited for, bounded).  Needs root, FRR and BIRD 2: else 77.
set -u

SRC=${ERW_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
ERWATCH=${ERWATCH:?ERWATCH must name the erwatch binary}
. "$SRC/tests/testbed/lib.sh"
. "$SRC/tests/integration/lib_check.sh"
tb_require_root
require_programs jq sed

fail=0
pass=0
out=$(mktemp -d)
cleanup_all()
{
	tb_cleanup
	rm -rf "$out"
}
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }

# frr_conf NS CONF PEER: zebra + bgpd in NS, bgpd reading CONF (its
# interface blocks are the Linux side's, which the testbed set up).
frr_conf()
{
	local ns=$1 conf=$2 peer=$3 d

	d="$TB_DIR/frr-$ns"
	mkdir -p "$d"
	chown frr:frr "$d"
	chmod 750 "$d"
	printf 'hostname tb-ce\nlog file %s/zebra.log\n' "$d" >"$d/zebra.conf"
	{
		printf 'log file %s/bgpd.log\n' "$d"
		sed -e '/^interface /,/^exit/d' "$conf"
	} >"$d/bgpd.conf"
	chown frr:frr "$d"/*.conf
	tb_register "$ns" frr "$d" "$peer" "$d/bgpd.pid" "$d/zebra.pid"
	ip netns exec "$ns" /usr/lib/frr/zebra -d -f "$d/zebra.conf" \
	    -i "$d/zebra.pid" -z "$d/zserv.api" --vty_socket "$d" \
	    -u frr -g frr -P 0 >"$d/zebra.err" 2>&1 || return 1
	tb_wait_until 10 test -S "$d/zserv.api" || return 1
	ip netns exec "$ns" /usr/lib/frr/bgpd -d -f "$d/bgpd.conf" \
	    -i "$d/bgpd.pid" -z "$d/zserv.api" --vty_socket "$d" \
	    -u frr -g frr -P 0 >"$d/bgpd.err" 2>&1 || return 1
	tb_wait_until 10 test -S "$d/bgpd.vty"
}

bird_says_bad_peer_as()
{
	birdc -s "$TB_DIR/bird-$TB_MS/bird.ctl" show protocols all tb_peer \
	    2>/dev/null | grep -qi 'bad peer AS'
}

# scenario NAME SED: the emitted CE config edited by SED; sets $rc_check
scenario()
{
	local name=$1 expr=$2 ms

	tb_init "config-$name" || return 1
	trap cleanup_all EXIT
	tb_pair || return 1
	# the circuit: the testbed's /30 as the primary path
	jq -n --arg p "$TB_NET.0/30" --arg s "$TB_NET.4/30" '{
	    name: "erc-testbed", circuitProvisioningState: "Enabled",
	    serviceProviderProvisioningState: "Provisioned",
	    sku: {tier: "Standard"},
	    peerings: [{name: "AzurePrivatePeering",
	      peeringType: "AzurePrivatePeering", state: "Enabled",
	      azureASN: 12076, peerASN: 65010, vlanId: 210,
	      primaryPeerAddressPrefix: $p,
	      secondaryPeerAddressPrefix: $s}]}' >"$out/circuit.json"
	"$ERWATCH" config --emit frr --circuit "$out/circuit.json" |
	    sed -e "$expr" >"$out/$name.conf"
	"$ERWATCH" config --json --circuit "$out/circuit.json" \
	    "$out/$name.conf" >"$out/$name.json"
	rc_check=$?
	# the cloud edge, from erwatch's own cloud peer
	ms=$(jq -r '.paths[0].rows[] | select(.setting ==
	    "neighbor address") | .cloud | split(" ")[0]' "$out/$name.json")
	[ "$ms" = "$TB_MS_IP" ] || { echo "cloud address $ms"; return 1; }
	tb_bird "$TB_MS" local="$ms" peer="$TB_CE_IP" \
	    las="$(jq -r .cloud.azure_asn "$out/$name.json")" \
	    pas="$(jq -r .cloud.peer_asn "$out/$name.json")" \
	    hold="$(jq -r .cloud.hold "$out/$name.json")" \
	    keepalive="$(jq -r .cloud.keepalive "$out/$name.json")" ||
	    return 1
	frr_conf "$TB_CE" "$out/$name.conf" "$TB_MS_IP"
}

if scenario pass '' && [ $rc_check -eq 0 ] &&
    json_check "$out/pass.json" '[.findings[] | select(.code ==
    "CONFIG_OK")] | length == 2'; then
	if tb_wait_established "$TB_CE" 60; then
		ok "a config erwatch passes establishes with the cloud edge"
	else
		ko "a config erwatch passes: not Established"
	fi
else
	ko "setting up the passing scenario (check exit ${rc_check:-?})"
fi
tb_cleanup

if scenario bad_as 's/remote-as 12076/remote-as 12077/' &&
    [ $rc_check -eq 1 ] && json_check "$out/bad_as.json" '
    any(.findings[]; .code == "CONFIG_REMOTE_AS_WRONG" and
    .subject.path == "primary")'; then
	if tb_wait_until 60 bird_says_bad_peer_as &&
	    ! tb_is_established "$TB_CE"; then
		ok "a config erwatch fails (remote-as) does not establish"
	else
		ko "a config erwatch fails: state $(tb_bgp_state "$TB_CE")"
		tb_show "$TB_MS" >&2
	fi
else
	ko "setting up the failing scenario (check exit ${rc_check:-?})"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
