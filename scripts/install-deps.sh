#!/bin/sh
# Install the Debian packages a target needs, only those missing.
#   scripts/install-deps.sh build   compiler, cmake, libraries, jq (man pages
#                                   and completion are generated with it)
#   scripts/install-deps.sh check   + everything any test runs or includes:
#                                   cmocka, tshark, BIRD 2, FRR, namespace
#                                   tools, clang and libbpf for the testbed's
#                                   VLAN tagger, man-db, bash-completion, zsh
#                                   and setcap for the install tests
#   scripts/install-deps.sh fuzz    + clang with libFuzzer
#   scripts/install-deps.sh deb     check + what `make deb` and `make
#                                   deb-check` need: debhelper, lintian
#   scripts/install-deps.sh record  what `make record` needs (= check)
#   scripts/install-deps.sh --list SET   print the set, one per line
# A test (tests/integration/test_install_sets.sh) checks that every header
# the sources include and every program the test scripts run comes from a
# package of the right set, so a fresh machine runs the same checks as this
# one: a skip in `make check` means a missing privilege, never a package.
set -eu
BUILD="cmake make gcc libc6-dev pkg-config libpcap-dev libjansson-dev
libyajl-dev libsqlite3-dev libcurl4-openssl-dev libarchive-dev libssl-dev
libwiretap-dev libwsutil-dev libglib2.0-dev libyaml-dev libmicrohttpd-dev jq
libpq-dev"
CHECK="$BUILD libcmocka-dev tshark tcpdump bird2 frr iproute2 iptables
nftables ethtool procps jq time clang libbpf-dev chromium man-db
bash-completion zsh libcap2-bin python3 python3-yaml python3-tabulate curl
systemd sqlite3 postgresql openbgpd gobgpd exabgp"
FUZZ="$BUILD clang libclang-rt-14-dev"
# dpkg-buildpackage with debhelper, lintian to judge the package; the
# rest its test needs is the check set's (man-db, bash-completion, zsh,
# libcap2-bin for setcap: test_install.sh, test_capabilities.sh).
DEB="$CHECK debhelper dpkg-dev fakeroot lintian"
RECORD="$CHECK"

list=0
if [ "${1:-}" = --list ]; then
	list=1
	shift
fi
case "${1:-build}" in
build) want=$BUILD ;;
check) want=$CHECK ;;
fuzz) want=$FUZZ ;;
record) want=$RECORD ;;
deb) want=$DEB ;;
*) echo "install-deps: unknown set '$1'" >&2; exit 2 ;;
esac
if [ $list = 1 ]; then
	printf '%s\n' $want
	exit 0
fi
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
# Another apt run (a second `make` in a parallel checkout) may hold the
# lock: wait for it rather than fail.
apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing
