#!/bin/bash
# The Debian package, as `make deb` built it into OUTDIR (`make deb-check`
# runs this; not part of make check: building the package takes longer
# than make check may spend on it):
#   tests/package/test_deb.sh OUTDIR
# Its metadata (runtime libraries only, from ${shlibs:Depends}), lintian
# at the error level, then an install by dpkg itself into a scratch root
# (its own database, maintainer scripts run without chroot, DPKG_ROOT set:
# so the postinst's setcap is the one under test), and from the installed
# files: --version, man -l, bash completion, an analysis of a recorded
# capture, and a capture as user nobody in a network namespace this test
# creates, with the capabilities the postinst gave.  Removal leaves
# nothing behind.  Needs root (dpkg, setcap, namespaces).
set -u
[ $# = 1 ] || { echo "usage: test_deb.sh OUTDIR" >&2; exit 2; }
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC/tests/integration/lib_check.sh"
. "$SRC/tests/testbed/lib.sh"	# tb_wait_until
[ "$(id -u)" = 0 ] || { echo "FAIL: needs root (dpkg, setcap, namespaces)"; exit 1; }
require_programs dpkg dpkg-deb lintian man getcap setpriv ip jq tshark

version=$(sed -n '1s/^erwatch (\([^)]*\)).*/\1/p' "$SRC/debian/changelog")
deb=$(ls "$1"/erwatch_"$version"_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "FAIL: no erwatch_${version}_*.deb in $1 (make deb)"; exit 1; }

pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { local d=$1; shift; if "$@"; then ok; else ko "$d"; fi; }

tmp=$(mktemp -d)
ns=erwdeb$$
pids=""
cleanup()
{
	local p

	for p in $pids; do kill -KILL "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
chmod 755 "$tmp"

# ---- metadata ---------------------------------------------------------
deps=$(dpkg-deb -f "$deb" Depends)
check "Depends names libpcap and jansson ($deps)" \
    grep -q "libpcap0.8.*libjansson\|libjansson.*libpcap0.8" <<<"$deps"
# every dependency is a shared library's package, as dpkg-shlibdeps found
bad=$(tr ',' '\n' <<<"$deps" | sed -E 's/^ +//; s/ .*//' | grep -v '^lib')
check "Depends holds runtime libraries only (not: $bad)" test -z "$bad"
check "debian/control takes Depends from \${shlibs:Depends}" \
    grep -qx 'Depends: ${misc:Depends}, ${shlibs:Depends}' "$SRC/debian/control"
lintian --fail-on error "$deb" >"$tmp/lintian" 2>&1
check "lintian: no error ($(grep '^E:' "$tmp/lintian" | head -3))" test $? = 0

# ---- install into a scratch root, by dpkg --------------------------------
R=$tmp/root
mkdir -p "$R/var/lib/dpkg/updates" "$R/var/lib/dpkg/info"
: >"$R/var/lib/dpkg/status"
D() { dpkg --root="$R" --force-script-chrootless --force-depends \
    --no-triggers --log=/dev/null "$@"; }
host_before=$(ls -l --time-style=+%s /usr/bin/erwatch 2>&1)
D -i "$deb" >"$tmp/dpkg.log" 2>&1
check "dpkg installs it into the scratch root ($(tail -2 "$tmp/dpkg.log"))" test $? = 0
check "dpkg knows it installed" \
    grep -q "^ii  erwatch" <(dpkg --root="$R" -l erwatch 2>/dev/null)
E=$R/usr/bin/erwatch
check "installed: /usr/bin/erwatch" test -x "$E"
check "the host's /usr/bin/erwatch is untouched" \
    test "$(ls -l --time-style=+%s /usr/bin/erwatch 2>&1)" = "$host_before"
check "postinst gave cap_net_admin,cap_net_raw=ep ($(getcap "$E"))" \
    grep -q "cap_net_admin,cap_net_raw=ep" <(getcap "$E")
check "--version: erwatch $version" test "$("$E" --version)" = "erwatch $version"

# ---- man pages ----------------------------------------------------------
export MANWIDTH=100 MANPAGER=cat PAGER=cat LC_ALL=C.UTF-8
for p in "$R"/usr/share/man/man1/*.1.gz; do
	man --warnings=all -l "$p" >"$tmp/page" 2>"$tmp/page.err"
	check "man -l $(basename "$p"): no warning ($(head -c 200 "$tmp/page.err"))" \
	    test $? = 0 -a ! -s "$tmp/page.err" -a -s "$tmp/page"
done
man -l "$R/usr/share/man/man1/erwatch-pcap.1.gz" >"$tmp/page" 2>/dev/null
check "erwatch-pcap(1) has --timeline" grep -q -- "--timeline" "$tmp/page"
check "erwatch-pcap(1) points to the installed pcap.md" \
    test -s "$R$(grep -o '/usr/share/doc/erwatch/pcap.md' "$tmp/page" | head -1)"
n=$("$E" --dump-options | jq '.commands | length')
m=$(ls "$R"/usr/share/man/man1/erwatch-*.1.gz | wc -l)
check "a page per command ($m of $n)" test "$m" = "$n"

# ---- completion ------------------------------------------------------------
check "zsh completion installed" test -s "$R/usr/share/zsh/vendor-completions/_erwatch"
out=$(bash --norc --noprofile -c '. /usr/share/bash-completion/bash_completion
    . "$1"; COMP_LINE="erwatch pc"; COMP_POINT=${#COMP_LINE}
    COMP_WORDS=(erwatch pc); COMP_CWORD=1; _erwatch erwatch pc erwatch
    printf "%s\n" "${COMPREPLY[@]}"' _ "$R/usr/share/bash-completion/completions/erwatch")
check "bash completion: 'erwatch pc' -> pcap ($out)" test "$out" = pcap

# ---- an analysis from the installed files ----------------------------------
"$E" pcap --json "$R/usr/share/doc/erwatch/examples/failing-session.pcap" \
    >"$tmp/fail.json" 2>/dev/null
check "installed example: exit 1" test $? = 1
check "installed example: BGP_HOLD_TIMER_EXPIRED" json_check "$tmp/fail.json" \
    '[.. | objects | select(.code? == "BGP_HOLD_TIMER_EXPIRED")] | length > 0'
"$E" pcap "$SRC/tests/data/captures/healthy/capture.pcap" >"$tmp/ok.txt" 2>&1
check "tests/data healthy capture: exit 0" test $? = 0
check "... BGP_ESTABLISHED" grep -q BGP_ESTABLISHED "$tmp/ok.txt"

# ---- capture as nobody, with the postinst's capabilities ------------------
ip netns add "$ns" || { echo "FAIL: ip netns add"; exit 1; }
ip -n "$ns" link set lo up
mkdir "$tmp/out" && chown nobody "$tmp/out"
# (exec: $! is the capture itself; ip netns exec and setpriv exec too)
(exec ip netns exec "$ns" setpriv --reuid=nobody --regid=nogroup \
    --clear-groups --inh-caps=-all "$E" capture -i lo -w "$tmp/out/c.pcap" \
    -d 20 --max-packets 4 --json >"$tmp/cap.json" 2>"$tmp/cap.err") &
cpid=$!
pids="$pids $cpid"
tb_wait_until 10 test -e "$tmp/out/c.pcap" || ko "capture did not start: $(cat "$tmp/cap.err")"
tb_wait_until 15 eval "ip netns exec $ns bash -c '(exec 3<>/dev/tcp/127.0.0.1/179) 2>/dev/null'; ! kill -0 $cpid"
wait $cpid
check "capture as nobody: exit 0 ($(head -c 300 "$tmp/cap.err"))" test $? = 0
check "capture as nobody: 4 packets" json_check "$tmp/cap.json" '.packets == 4'
check "capture as nobody: tshark reads them" \
    test "$(tshark -r "$tmp/out/c.pcap" 2>/dev/null | wc -l)" = 4

# ---- removal -----------------------------------------------------------------
D -P erwatch >"$tmp/rm.log" 2>&1
check "dpkg --purge: exit 0" test $? = 0
left=$(cd "$R" && find usr -type f 2>/dev/null)
check "nothing left under usr after purge ($left)" test -z "$left"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
