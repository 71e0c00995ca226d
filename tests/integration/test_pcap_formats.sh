#!/usr/bin/env bash
# Capture formats libpcap cannot open, read through libwiretap: testbed
# captures (tests/data/captures/) converted by Debian's own editcap
# (Network Monitor 1 and 2, snoop, 5views, Sniffer, nettl, LANalyzer,
# CommView, Visual Networks) and, since editcap will not write ERF from a
# pcap, by tests/tools/erf_write (Endace ERF).  For each converted file:
#   messages    `erwatch pcap --dump-messages` lists the same messages
#               (frame, sender, receiver, type, OPEN and NOTIFICATION
#               fields) as for the original
#   verdict     `erwatch pcap --json` exits as for the original with the
#               same findings (code, severity, summary), where the format
#               keeps microseconds (the others round the times the
#               summaries quote)
# And the refusals: a truncated snoop file names the file and the frame
# (exit 2, what came before analyzed); a .etl file names the commands that
# convert it; ERF records of a type erwatch does not decode are refused by
# name; a file no library knows is "unknown file format".
set -u

ERWATCH=${ERWATCH:?ERWATCH must name the erwatch binary}
SRC=${ERW_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${ERW_BUILD_DIR:-$(dirname "$ERWATCH")}
command -v jq >/dev/null || { echo "skip: jq missing"; exit 77; }
command -v editcap >/dev/null || { echo "skip: editcap missing"; exit 77; }
[ -x "$BUILD/erf_write" ] || { echo "FAIL: $BUILD/erf_write not built"; exit 1; }
. "$(dirname "$0")/lib_check.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# formats whose timestamps keep microseconds (or better)
exact="netmon2 snoop 5views ngsniffer nettl commview-ncf erf"
rounded="netmon1 lanalyzer visual"

verdict()
{
	jq -c '[.findings[] | [.code, .severity, .summary]]' "$1"
}

pass=0
fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1:$2"; fail=$((fail + 1)); }

for scen in healthy hold_timer_expired; do
	orig=$SRC/tests/data/captures/$scen/capture.pcap
	"$ERWATCH" pcap --json "$orig" >"$tmp/orig.json" 2>/dev/null
	orig_rc=$?
	"$ERWATCH" pcap --dump-messages "$orig" >"$tmp/orig.dump" 2>/dev/null
	[ -s "$tmp/orig.dump" ] || { bad "$scen" " no messages"; continue; }
	for fmt in $exact $rounded; do
		f=$tmp/$scen.$fmt
		why=""
		if [ "$fmt" = erf ]; then
			"$BUILD/erf_write" "$orig" "$f" 2>"$tmp/err"
		else
			editcap -F "$fmt" "$orig" "$f" 2>"$tmp/err"
		fi || { bad "$scen/$fmt" " conversion: $(head -c 200 "$tmp/err")"; continue; }
		"$ERWATCH" pcap --dump-messages "$f" >"$tmp/f.dump" 2>"$tmp/err"
		cmp -s "$tmp/orig.dump" "$tmp/f.dump" ||
		    why="$why messages differ ($(head -c 200 "$tmp/err"; diff "$tmp/orig.dump" "$tmp/f.dump" | head -n 3 | tr '\n' ' '))"
		"$ERWATCH" pcap --json "$f" >"$tmp/f.json" 2>"$tmp/err"
		rc=$?
		if ! json_check "$tmp/f.json" '.files[0].frames > 0 and
		    .files[0].error == null'; then
			why="$why not read ($(head -c 200 "$tmp/err"))"
		else
			[ "$rc" = "$orig_rc" ] || why="$why exit $rc (original $orig_rc)"
			case " $exact " in
			*" $fmt "*)
				[ "$(verdict "$tmp/orig.json")" = "$(verdict "$tmp/f.json")" ] ||
				    why="$why verdict differs: $(verdict "$tmp/f.json")"
				;;
			esac
		fi
		if [ -z "$why" ]; then ok "$scen/$fmt"; else bad "$scen/$fmt" "$why"; fi
	done
done

orig=$SRC/tests/data/captures/healthy/capture.pcap

# A snoop file cut inside its 13th record.
editcap -F snoop "$orig" "$tmp/full.snoop" 2>/dev/null
head -c 1500 "$tmp/full.snoop" >"$tmp/cut.snoop"
"$ERWATCH" pcap --json "$tmp/cut.snoop" >"$tmp/out.json" 2>"$tmp/err"
rc=$?
if [ "$rc" = 2 ] && grep -q "cut.snoop:13: " "$tmp/err" &&
    json_check "$tmp/out.json" '.files[0].frames == 12 and
    any(.findings[]; .code == "CAPTURE_TRUNCATED")'; then
	ok "truncated snoop"
else
	bad "truncated snoop" " exit $rc, $(head -c 300 "$tmp/err")"
fi

# A Windows event trace.
printf 'not a capture' >"$tmp/trace.etl"
"$ERWATCH" pcap "$tmp/trace.etl" >/dev/null 2>"$tmp/err"
rc=$?
if [ "$rc" = 2 ] && grep -q "trace.etl': a Windows event trace" "$tmp/err" &&
    grep -q "pktmon etl2pcap" "$tmp/err" && grep -q "etl2pcapng" "$tmp/err"; then
	ok "etl"
else
	bad "etl" " exit $rc, $(head -c 300 "$tmp/err")"
fi

# ERF records of a type that is not a packet erwatch decodes (ATM).
"$BUILD/erf_write" "$orig" "$tmp/atm.erf" 3
"$ERWATCH" pcap "$tmp/atm.erf" >/dev/null 2>"$tmp/err"
rc=$?
if [ "$rc" = 2 ] && grep -q "atm.erf': its packets are ERF records of type 3" "$tmp/err"; then
	ok "erf atm"
else
	bad "erf atm" " exit $rc, $(head -c 300 "$tmp/err")"
fi

# Neither library knows it.
head -c 4096 /dev/zero | tr '\0' 'x' >"$tmp/junk.cap"
"$ERWATCH" pcap "$tmp/junk.cap" >/dev/null 2>"$tmp/err"
rc=$?
if [ "$rc" = 2 ] && grep -q "junk.cap': unknown file format" "$tmp/err"; then
	ok "unknown format"
else
	bad "unknown format" " exit $rc, $(head -c 300 "$tmp/err")"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
