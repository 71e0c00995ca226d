#!/bin/sh
# Build the Debian package from a copy of this tree:
#   scripts/build-deb.sh OUTDIR
# copies the sources (not the build folders, not .git) to
# OUTDIR/erwatch-VERSION, runs dpkg-buildpackage -us -uc -b there, so the
# .deb lands in OUTDIR, and runs lintian on it, failing on any error-level
# tag.  Prints the path of the .deb last.  `make deb` runs it.
set -eu
[ $# = 1 ] || { echo "usage: build-deb.sh OUTDIR" >&2; exit 2; }
src=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
version=$(sed -n '1s/^erwatch (\([^)]*\)).*/\1/p' "$src/debian/changelog")
[ -n "$version" ] || { echo "build-deb: no version in debian/changelog" >&2; exit 1; }
tree=$out/erwatch-$version
rm -rf "$tree" "$out"/erwatch_*
mkdir -p "$tree"
(cd "$src" && tar -c --exclude=./.git --exclude='./build*' \
    --exclude=./tests/testbed/run --exclude=./bench/out .) |
    (cd "$tree" && tar -x)
(cd "$tree" && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1 || {
	tail -40 "$out/build.log" >&2
	echo "build-deb: dpkg-buildpackage failed, log in $out/build.log" >&2
	exit 1
}
deb=$(ls "$out"/erwatch_"$version"_*.deb)
# Error-level tags fail the build; warnings are printed for a human.
lintian --fail-on error --tag-display-limit 0 "$deb" | tee "$out/lintian.log"
echo "$deb"
