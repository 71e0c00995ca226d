#!/bin/bash
# erwatch sas: each practice for packet-capture storage judged on URLs
# shaped as az CLI and the portal write them (times judged at a fixed
# --now), the URL from stdin or the argument, exit codes (0 good, 1 an
# error finding, 2 no SAS), and that no output - text, JSON, HTML, stderr
# - ever holds the signature or any part of it.
set -u

E=${ERWATCH:?ERWATCH not set}
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"
require_programs jq grep
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
NOW=2026-12-07T12:00:00Z
SIG='Zm9vYmFyU2VjcmV0U2lnbmF0dXJlK3dpdGgvc2xhc2hlcz0%3D'
SIGDEC='Zm9vYmFyU2VjcmV0U2lnbmF0dXJlK3dpdGgvc2xhc2hlcz0='
BASE=https://capstore01.blob.core.windows.net/captures

# judge NAME WANT_RC CODE [ARGS...] < URL on stdin: exit code, the code
# present (or "none" for no finding beyond SAS_OK), the secret absent
judge() {
	local name=$1 want=$2 code=$3 rc
	shift 3
	"$E" sas --now $NOW --json --html "$tmp/r.html" "$@" >"$tmp/j" 2>"$tmp/e"
	rc=$?
	"$E" sas --now $NOW "$@" <"$tmp/url" >"$tmp/t" 2>>"$tmp/e" || true
	if [ $rc != "$want" ]; then
		ko "$name: exit $rc, want $want"; cat "$tmp/e"; return
	fi
	if ! jq -e --arg c "$code" 'any(.findings[]; .code == $c)' "$tmp/j" >/dev/null; then
		ko "$name: no $code: $(jq -c '[.findings[].code]' "$tmp/j")"; return
	fi
	if grep -qF -e "$SIG" -e "$SIGDEC" -e "${SIGDEC:8:16}" \
	    "$tmp/j" "$tmp/t" "$tmp/e" "$tmp/r.html"; then
		ko "$name: the signature is in the output"; return
	fi
	ok "$name: $code, exit $rc"
}
url() { printf '%s\n' "$1" >"$tmp/url"; }

u="$BASE?sv=2022-11-02&sr=c&sp=cw&st=2026-12-07T11:55:00Z&se=2026-12-07T18:00:00Z&spr=https&sig=$SIG"
url "$u"; judge "good container SAS" 0 SAS_OK - <"$tmp/url"
judge "the same from the argument" 0 SAS_OK "$u"
check_valid=$(jq '.sas.valid_for_s' "$tmp/j")
[ "$check_valid" = 21600 ] && ok "valid for 6 h from --now" || ko "valid_for_s $check_valid"

u="https://capstore01.blob.core.windows.net/?sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2026-12-07T18:00:00Z&spr=https&sig=$SIG"
url "$u"; judge "account SAS" 0 SAS_ACCOUNT_SAS "$u"
judge "account SAS: excess permissions named" 0 SAS_PERMISSIONS_EXCESS "$u"
jq -e '.findings[] | select(.code == "SAS_PERMISSIONS_EXCESS") |
    .summary | test("delete \\(d\\)") and test("list \\(l\\)") and
    (test("create") | not) and (test("write") | not)' "$tmp/j" >/dev/null &&
    ok "excess: delete and list named, create and write not" || ko "excess summary"

u="$BASE/cap1.cap?sv=2022-11-02&sr=b&sp=w&se=2026-12-07T18:00:00Z&spr=https&sig=$SIG"
judge "blob scope" 0 SAS_SCOPE_NOT_CONTAINER "$u"
u="$BASE?sv=2022-11-02&sr=c&sp=rl&se=2026-12-07T18:00:00Z&spr=https&sig=$SIG"
judge "read and list only: no write" 1 SAS_NO_WRITE "$u"
u="$BASE?sv=2022-11-02&sr=c&sp=rw&se=2026-12-07T18:00:00Z&spr=https&sig=$SIG"
judge "read without --allow-read" 0 SAS_PERMISSIONS_EXCESS "$u"
judge "read with --allow-read" 0 SAS_OK --allow-read "$u"
u="$BASE?sv=2022-11-02&sr=c&sp=w&se=2026-12-07T11:00:00Z&spr=https&sig=$SIG"
judge "expired an hour ago" 1 SAS_EXPIRED "$u"
u="$BASE?sv=2022-11-02&sr=c&sp=w&se=2026-12-10T12:00:00Z&spr=https&sig=$SIG"
judge "three days: beyond 24 h" 0 SAS_EXPIRY_TOO_LONG "$u"
judge "three days: within --max-hours 96" 0 SAS_OK --max-hours 96 "$u"
u="$BASE?sv=2022-11-02&sr=c&sp=w&st=2026-12-07T14:00:00Z&se=2026-12-07T18:00:00Z&spr=https&sig=$SIG"
judge "starts in two hours" 1 SAS_START_IN_FUTURE "$u"
u="$BASE?sv=2022-11-02&sr=c&sp=w&spr=https&sig=$SIG"
judge "no expiry" 1 SAS_NO_EXPIRY "$u"
u="$BASE?sv=2022-11-02&sr=c&sp=w&se=tomorrow&spr=https&sig=$SIG"
judge "expiry not a time" 1 SAS_TIME_UNREADABLE "$u"
u="$BASE?sv=2022-11-02&sr=c&sp=w&se=2026-12-07T18:00:00Z&spr=https,http&sig=$SIG"
judge "http allowed" 0 SAS_HTTP_ALLOWED "$u"
u="http://capstore01.blob.core.windows.net/captures?sv=2022-11-02&sr=c&sp=w&se=2026-12-07T18:00:00Z&spr=https&sig=$SIG"
judge "http:// URL" 1 SAS_HTTP_ALLOWED "$u"
u="$BASE?sv=2022-11-02&sr=c&sp=w&se=2026-12-07T18:00:00Z&spr=https"
judge "no signature (cut paste)" 1 SAS_NO_SIGNATURE "$u"
u="$BASE?sv=2012-02-12&sr=c&sp=w&se=2026-12-07T18:00:00Z&spr=https&sig=$SIG"
judge "legacy version" 0 SAS_VERSION_UNUSUAL "$u"
u="https://capstore01.file.core.windows.net/share?sv=2022-11-02&sr=s&sp=w&se=2026-12-07T18:00:00Z&spr=https&sig=$SIG"
judge "file service" 0 SAS_NOT_BLOB "$u"

# no SAS at all: exit 2 with a message, never the value
for bad in "" "https://capstore01.blob.core.windows.net/captures" \
    "hello world" "$BASE?sv=2022&sig=ab%zz$SIG"; do
	printf '%s' "$bad" | "$E" sas >"$tmp/o" 2>"$tmp/e"
	rc=$?
	if [ $rc = 2 ] && [ -s "$tmp/e" ] && ! grep -qF -e "$SIG" "$tmp/e" "$tmp/o"; then
		ok "not a SAS (${bad:0:30}...): exit 2, said why"
	else
		ko "not a SAS (${bad:0:30}): exit $rc"; cat "$tmp/e"
	fi
done
pre="$BASE?sv=2022&sig=ab"
grep -q "stdin:$(( ${#pre} + 1 )):" "$tmp/e" &&
    ok "bad escape: its column ($(( ${#pre} + 1 ))) is named" || ko "column: $(cat "$tmp/e")"

echo "$pass passed, $fail failed"
[ $fail = 0 ]
