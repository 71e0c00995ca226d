#!/bin/sh
# Install the Debian packages a target needs, only those missing.
#   scripts/install-deps.sh build   compiler, cmake and libraries
#   scripts/install-deps.sh check   + cmocka, tshark, BIRD 2, FRR, namespace tools
#   scripts/install-deps.sh fuzz    + clang with libFuzzer
set -eu
BUILD="cmake make gcc pkg-config libpcap-dev libjansson-dev libsqlite3-dev
libcurl4-openssl-dev libarchive-dev"
CHECK="$BUILD libcmocka-dev tshark tcpdump bird2 frr iproute2 iptables
nftables ethtool procps jq time"
FUZZ="$BUILD clang libclang-rt-14-dev"
RECORD="$CHECK clang libbpf-dev"
case "${1:-build}" in
build) want=$BUILD ;;
check) want=$CHECK ;;
fuzz) want=$FUZZ ;;
record) want=$RECORD ;;
*) echo "install-deps: unknown set '$1'" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing (run as root or install them)" >&2
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer for it.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
    debconf-set-selections 2>/dev/null || true
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
