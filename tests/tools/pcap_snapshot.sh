#!/bin/sh
# pcap_snapshot.sh ERWATCH OUTDIR: what `erwatch pcap` prints for every
# capture the project holds (tests/data, ../shared/corpus, the fuzz seeds
# of the capture readers), as JSON, as --timeline text and with the
# expectation options, one file each, plus one run over all of them.  Made
# for refactorings that must not change behaviour: snapshot before and
# after, then `diff -r`.  Run from the source tree.
set -u
erw=${1:?usage: pcap_snapshot.sh ERWATCH OUTDIR}
out=${2:?usage: pcap_snapshot.sh ERWATCH OUTDIR}
rm -rf "$out"
mkdir -p "$out"
files=$( (find tests/data -type f \( -name '*.pcap' -o -name '*.pcapng' \)
    find ../shared/corpus -type f \( -name '*.pcap' -o -name '*.pcapng' \)
    find fuzz/corpus/pcap_file fuzz/corpus/cap_wiretap -type f) 2>/dev/null |
    LC_ALL=C sort)
n=0
for f in $files; do
	n=$((n + 1))
	k=$(echo "$f" | tr '/' '_')
	"$erw" pcap --json "$f" >"$out/$k.json" 2>"$out/$k.err"
	echo "exit $?" >>"$out/$k.err"
	"$erw" pcap --timeline "$f" >"$out/$k.txt" 2>&1
	echo "exit $?" >>"$out/$k.txt"
	"$erw" pcap --json --expect-peer-as 65001 --expect-local-as 12076 \
	    --min-hold 200 "$f" >"$out/$k.expect.json" 2>&1
	echo "exit $?" >>"$out/$k.expect.json"
done
# shellcheck disable=SC2086
"$erw" pcap --json $files >"$out/ALL.json" 2>"$out/ALL.err"
echo "exit $?" >>"$out/ALL.err"
echo "$n captures into $out"
