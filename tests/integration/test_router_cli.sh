#!/bin/bash
# erwatch router as a command: exit codes (0 healthy, 1 a session down or
# a fault, 2 usage error, unreadable or unrecognised input), the note that
# names an unknown file, stdin, --year/--tz on log stamps, several files
# merged into one document, text output, and that a pasted key is never
# printed.
set -u

E=${ERWATCH:?ERWATCH not set}
R=${ERW_SRC_DIR:?ERW_SRC_DIR not set}/tests/data/router
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"
require_programs jq
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
expect_rc() {
	local want=$1 d=$2 rc
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq "$want" ]; then ok "$d (exit $rc)"; else
		ko "$d (exit $rc, want $want)"; cat "$tmp/err"; fi
}
check() { local d=$1; shift; if "$@"; then ok "$d"; else ko "$d"; fi; }

expect_rc 0 "healthy FRR and BIRD outputs" "$E" router \
    "$R/established/frr_summary.txt" "$R/established/bird_protocols.txt"
check "text lists both neighbors" grep -q "172.16.0.1 .*Established" \
    "$tmp/out"
expect_rc 1 "a session down" "$E" router --json \
    "$R/down_active/frr_summary.txt"
check "ROUTER_BGP_NOT_ESTABLISHED with its state" json_check "$tmp/out" \
    'any(.findings[]; .code == "ROUTER_BGP_NOT_ESTABLISHED" and
    (.summary | test("Connect|Active")))'

# unknown files: a note naming them; exit 2 only when nothing is known
printf 'hello\nworld\n' >"$tmp/mail.txt"
expect_rc 2 "nothing recognised" "$E" router "$tmp/mail.txt"
check "the note names the file" grep -q "mail.txt: not a router output" \
    "$tmp/out"
check "stderr says why" grep -q "no router output recognised" "$tmp/err"
expect_rc 0 "an unknown file beside a known one" "$E" router --json \
    "$tmp/mail.txt" "$R/established/frr_summary.json"
check "note in JSON" json_check "$tmp/out" \
    'any(.notes[]; test("mail.txt"))'
expect_rc 2 "a file that does not exist" "$E" router \
    "$R/established/frr_summary.txt" "$tmp/nope.txt"
check "named on stderr" grep -q "nope.txt" "$tmp/err"
expect_rc 2 "a directory" "$E" router "$R"
pcap=$(find "$ERW_SRC_DIR/tests/data/captures" -name '*.pcap' | head -n 1)
expect_rc 2 "binary data (a capture)" "$E" router "$pcap"
check "said binary" grep -q "binary data" "$tmp/out"

# usage
expect_rc 2 "no file" "$E" router
expect_rc 2 "bad option" "$E" router --bogus "$R/vendor/ios_summary.txt"
check "names the option" grep -q -- "--bogus" "$tmp/err"
expect_rc 2 "bad --tz" "$E" router --tz Mars "$R/vendor/ios_syslog.log"
expect_rc 2 "bad --year" "$E" router --year 12 "$R/vendor/ios_syslog.log"
expect_rc 0 "--help" "$E" router --help
check "help mentions --json" grep -q -- "--json" "$tmp/out"

# stdin; the year and zone of log stamps from the context
expect_rc 1 "stdin with --year and --tz" "$E" router --json --year 2021 \
    --tz +02:00 - <"$R/vendor/ios_debug.log"
check "year and zone from the context" json_check "$tmp/out" \
    '.events[0] | .time == "2021-03-05T07:13:10.140000Z" and
    .year_from == "context" and .zone_from == "context"'
expect_rc 1 "a zone in the line wins over --tz" "$E" router --json \
    --year 2024 --tz -05:00 "$R/vendor/ios_syslog.log"
check "UTC stamps stay UTC" json_check "$tmp/out" \
    '.events[0] | .time == "2024-03-04T02:11:06.912000Z" and
    .zone_from == "line"'

# several outputs of one router merged into one neighbor
expect_rc 1 "summary, neighbors and log of the MSEE side" "$E" router --json \
    "$R/max_prefix/frr_summary.txt" "$R/max_prefix/frr_neighbors.json" \
    "$R/max_prefix/frr_bgpd.log"
check "one neighbor, evidence from both outputs" json_check "$tmp/out" \
    '(.neighbors | length) == 1 and (.neighbors[0].evidence | length) == 2'
check "max-prefix and the NOTIFICATION" json_check "$tmp/out" \
    '([.findings[].code] | index("ROUTER_MAX_PREFIX") != null) and
    ([.findings[].code] | index("ROUTER_NOTIFICATION") != null)'
check "events in time order" json_check "$tmp/out" \
    '[.events[].time] as $t | $t == ($t | sort)'

# MD5 configured, the key never printed (text and JSON)
for f in running_config.txt junos_config.txt; do
	"$E" router "$R/vendor/$f" >"$tmp/t.txt" 2>&1
	"$E" router --json "$R/vendor/$f" >"$tmp/t.json" 2>&1
	check "$f: MD5 said configured" json_check "$tmp/t.json" \
	    'any(.neighbors[]; .md5 == true)'
	check "$f: no key in the output" eval "! grep -qE \
	    '0822455D0A16544541|S3cr3t-ER-key|Hk5FCtu1hcSeKNdVb2aZUjH' \
	    '$tmp/t.txt' '$tmp/t.json'"
done

# the session's TCP ends in text: local address and port, the peer's port
# (JSON's local_address, local_port, remote_port: test_router_corpus.sh)
"$E" router "$R/vendor/ios_neighbors.txt" >"$tmp/t.txt" 2>&1
check "text: local end and ports of the connected neighbor" \
    grep -qE '^rtr-ce1 10\.10\.0\.2 .* 10\.10\.0\.1:179 > 50431$' "$tmp/t.txt"
"$E" router "$R/vendor/junos_neighbor.txt" >"$tmp/t.txt" 2>&1
check "text: a local address without ports" \
    grep -qE '10\.60\.0\.6 .* 10\.60\.0\.5$' "$tmp/t.txt"

echo "router cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
