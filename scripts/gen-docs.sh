#!/bin/sh
# Generate the man pages and the shell completions from the built binary:
#   scripts/gen-docs.sh ERWATCH OUTDIR DOCDIR
# writes OUTDIR/man/erwatch.1 and erwatch-COMMAND.1 for every command
# `ERWATCH --dump-options` lists, OUTDIR/completion/erwatch (bash) and
# OUTDIR/completion/_erwatch (zsh), then OUTDIR/stamp.  DOCDIR is where
# the documentation is installed, named in the pages.  The version is the
# binary's own (--version); the date is SOURCE_DATE_EPOCH's when set (as
# dpkg-buildpackage does), else that of the newest debian/changelog
# entry, so that a page does not change with the day it was built.
# Run by the build (CMakeLists.txt, target erwatch_docs).
set -eu
[ $# = 3 ] || { echo "usage: gen-docs.sh ERWATCH OUTDIR DOCDIR" >&2; exit 2; }
erwatch=$1 out=$2 docdir=$3
src=$(cd "$(dirname "$0")/.." && pwd)
prose=$src/docs/man/erwatch.json

version=$("$erwatch" --version | sed -n '1s/^erwatch //p')
[ -n "$version" ] || { echo "gen-docs: no version from $erwatch" >&2; exit 1; }
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
	date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
else
	date=$(sed -n 's/^ -- .*>  //p' "$src/debian/changelog" 2>/dev/null |
	    head -1)
	date=$( [ -n "$date" ] && date -u -d "$date" +%Y-%m-%d || true)
fi

tmp=$out/tmp
rm -rf "$tmp"
mkdir -p "$tmp/man" "$tmp/completion"
"$erwatch" --dump-options >"$tmp/options.json"
for page in erwatch $(jq -r '.commands[].name' "$tmp/options.json"); do
	name=erwatch-$page
	[ "$page" = erwatch ] && name=erwatch
	jq -r -n --slurpfile dump "$tmp/options.json" --slurpfile prose "$prose" \
	    --arg page "$page" --arg version "$version" --arg date "$date" \
	    --arg docdir "$docdir" -f "$src/scripts/gen-man.jq" \
	    >"$tmp/man/$name.1"
done
for sh in bash zsh; do
	f=erwatch
	[ $sh = zsh ] && f=_erwatch
	jq -r -n --slurpfile dump "$tmp/options.json" --slurpfile prose "$prose" \
	    --arg shell $sh -f "$src/scripts/gen-completion.jq" \
	    >"$tmp/completion/$f"
done
# Replace the previous set whole: a command that went away loses its page.
rm -rf "$out/man" "$out/completion"
mv "$tmp/man" "$tmp/completion" "$out/"
rm -rf "$tmp"
touch "$out/stamp"
