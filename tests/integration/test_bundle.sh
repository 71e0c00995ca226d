#!/bin/bash
# erwatch bundle: every kind of secret planted in every kind of evidence
# (az JSON, PowerShell Format-List in UTF-16LE, YAML, connection strings,
# SAS URLs, router configs of IOS, NX-OS, XR, EOS, Junos set and curly
# forms, FRR, BIRD, key chains, tokens, JWTs, PEM keys) and then looked
# for, value and distinctive part, in the unpacked package, the reports,
# the manifest, stdout and stderr; equal secrets get equal markers; the
# same folder and key give the same bytes; what is redacted still loads
# (diagnose recognises each file as before, captures are unchanged);
# --max-size trims, then leaves out, never silently; bad input exits 2.
set -u

E=${ERWATCH:?ERWATCH not set}
S=${ERW_SRC_DIR:?ERW_SRC_DIR not set}
. "$S/tests/integration/lib_check.sh"
require_programs jq tar iconv sha256sum cmp
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { local d=$1; shift; if "$@"; then ok "$d"; else ko "$d"; fi; }

head -c 48 /dev/urandom >"$tmp/key"
head -c 48 /dev/urandom >"$tmp/key2"
c=$tmp/case
mkdir -p "$c/azure" "$c/router" "$c/pcap" "$c/carrier"
cp "$S/examples/evidence/healthy/pcap/"*.pcap "$c/pcap/"
cp "$S/examples/evidence/healthy/azure/arp-ok-primary.json" "$c/azure/"
cp "$S/examples/evidence/healthy/router/frr_summary.txt" "$c/router/"
cp "$S/tests/data/router/link/carrier_intervals.csv" "$c/carrier/"
# the planted secrets: NAME VALUE
printf '%s\n' \
    'shared  Md5SharedKeyPlantedA1' 'auth    AuthKeyPlantedB2xyz' \
    'sas     SasSigPlantedC3qq' 'acct    AccKeyPlantedD4+/==' \
    'ios7    0822455D0A16PLANTE5' 'iosclr  Plain-Md5-Secret-F6' \
    'nxos    NxosPlantedKeyG7abc' 'xr      XrEncPlantedH8zzz' \
    'eos     EosPlantedKeyI9abc' 'junos9  $9$PlantedJunosJ10' \
    'junosc  $9$CurlyJunosK11xx' 'frr     FrrPlantedL12pass' \
    'bird    BirdPlantedM13pw' 'chain   KeyStringPlantedN14' \
    'secret5 $1$planted$HashO15' 'bearer  BearerTokenPlantedP16abcdefgh' \
    'jwtsig  SigPartPlantedJwtQ17' 'pem     MIIEpPlantedPrivateR18' \
    'psks    PsPlantedSharedS19' 'yaml    YamlPlantedKeyT20' \
    'conn    ConnSasPlantedU21' 'storkey StorKeyPlantedV22==' \
    'sbkey   SbKeyPlantedW23abc=' 'minsk   MinSharedPlantedY25' \
    'minauth MinAuthPlantedZ26xx' 'blockpw BlockEdgePlantedA27pw' \
    >"$tmp/secrets"
v() { awk -v n="$1" '$1 == n { print $2 }' "$tmp/secrets"; }
jq --arg s "$(v shared)" --arg a "$(v auth)" \
    '.peerings[0].sharedKey = $s | .authorizationKey = $a' \
    "$S/examples/evidence/healthy/azure/circuit-ok.json" >"$c/azure/circuit.json"
# the same shared key again, in another file: the same marker
printf '{"name": "conn", "properties": {"sharedKey": "%s"}}\n' "$(v shared)" >"$c/azure/connection.json"
printf 'https://capstore01.blob.core.windows.net/captures?sv=2022-11-02&sr=c&sp=w&se=2026-12-07&sig=%s\n' "$(v sas)" >"$c/azure/sas-url.txt"
printf 'DefaultEndpointsProtocol=https;AccountName=cap;AccountKey=%s;EndpointSuffix=core.windows.net\nBlobEndpoint=https://cap.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&sig=%s\nEndpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=%s\n' \
    "$(v acct)" "$(v conn)" "$(v sbkey)" >"$c/azure/connstr.txt"
printf '[\n  {\n    "keyName": "key1",\n    "permissions": "FULL",\n    "value": "%s"\n  }\n]\n' "$(v storkey)" >"$c/azure/keys.json"
printf 'PS C:\\> Get-AzExpressRouteCircuitPeeringConfig -Name AzurePrivatePeering -ExpressRouteCircuit $c\n\nName       : AzurePrivatePeering\nSharedKey  : %s\nVlanId     : 100\n' \
    "$(v psks)" | iconv -f utf-8 -t utf-16le >"$c/azure/peering-ps51.txt"
printf 'name: AzurePrivatePeering\nsharedKey: %s\nvlanId: 100\n' "$(v yaml)" >"$c/azure/peering.yaml"
printf 'router bgp 65010\n neighbor 172.16.0.2 remote-as 12076\n neighbor 172.16.0.2 password 7 %s\n neighbor 172.16.0.6 password %s\nkey chain BGP\n key 1\n  key-string 7 %s\nusername admin secret 5 %s\n' \
    "$(v ios7)" "$(v iosclr)" "$(v chain)" "$(v secret5)" >"$c/router/ios-running.txt"
printf 'router bgp 65010\n  neighbor 172.16.0.2\n    password 3 %s\n' "$(v nxos)" >"$c/router/nxos.txt"
printf 'router bgp 65010\n neighbor 172.16.0.2\n  password encrypted %s\n' "$(v xr)" >"$c/router/xr.txt"
printf 'router bgp 65010\n   neighbor 172.16.0.2 password 7 %s\n' "$(v eos)" >"$c/router/eos.txt"
printf 'set protocols bgp group MSEE authentication-key "%s"\n' "$(v junos9)" >"$c/router/junos-set.txt"
printf 'protocols {\n    bgp {\n        group MSEE {\n            authentication-key "%s"; ## SECRET-DATA\n        }\n    }\n}\n' "$(v junosc)" >"$c/router/junos-curly.txt"
printf 'router bgp 65010\n neighbor 172.16.0.2 password %s\n' "$(v frr)" >"$c/router/frr.conf"
printf 'protocol bgp msee {\n  local as 65010;\n  password "%s";\n}\n' "$(v bird)" >"$c/router/bird.conf"
printf 'curl -H "Authorization: Bearer %s" https://management.azure.com/\ntoken: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.%s\n' \
    "$(v bearer)" "$(v jwtsig)" >"$c/azure/tokens.txt"
printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\n%s\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\nafter the key\n' "$(v pem)" >"$c/router/id_ed25519"
# minified JSON (jq -c): several secrets on one line, each found
jq -c --arg s "$(v minsk)" --arg a "$(v minauth)" \
    '.peerings[0].sharedKey = $s | .authorizationKey = $a' \
    "$S/examples/evidence/healthy/azure/circuit-ok.json" >"$c/azure/circuit-min.json"
# a password whose value straddles the 64 KiB blocks the bundle reads in
python3 - "$c/router/show-run-long.txt" "$(v blockpw)" <<'PY'
import sys
out = bytearray()
while len(out) + 60 < 65536 - 40:
    out += b"  10.1.0.0/24   172.16.0.2   0   100   0   65020 i\n"
out += b"x" * (65536 - 36 - len(out)) + b"\n"
out += b" neighbor 172.16.0.2 password " + sys.argv[2].encode() + b"\n"
assert out.index(sys.argv[2].encode()) < 65536 < out.index(sys.argv[2].encode()) + len(sys.argv[2])
out += b"end\n" * 4000
open(sys.argv[1], "wb").write(out)
PY
# binary that is neither text nor a capture (NULs at even and odd offsets)
for i in $(seq 64); do printf 'GARB\000\177\001\000\000\002\377\000'; done >"$c/azure/garbage.bin"

"$E" bundle "$c" -o "$tmp/a.tar.gz" --key-file "$tmp/key" >"$tmp/out" 2>"$tmp/err"
check "bundle written: exit 0" test $? = 0
"$E" bundle "$c" -o "$tmp/b.tar.gz" --key-file "$tmp/key" --json >"$tmp/man.json" 2>>"$tmp/err"
check "reproducible: the same folder and key, the same bytes" cmp -s "$tmp/a.tar.gz" "$tmp/b.tar.gz"
"$E" bundle "$c" -o "$tmp/c.tar.gz" --key-file "$tmp/key2" >/dev/null 2>&1
check "another key, other markers" bash -c "! cmp -s '$tmp/a.tar.gz' '$tmp/c.tar.gz'"

mkdir -p "$tmp/x"
tar -xzf "$tmp/a.tar.gz" -C "$tmp/x"
B=$tmp/x/erwatch-bundle
check "diagnosis and manifest are in it" test -s "$B/diagnosis.txt" -a -s "$B/diagnosis.json" -a -s "$B/manifest.json"
# every planted value, and a distinctive 10-character part of it, nowhere
leaks=0
while read -r name val; do
	part=${val:2:10}
	if grep -rqaF -e "$val" -e "$part" "$tmp/x" "$tmp/out" "$tmp/err" "$tmp/man.json"; then
		ko "secret '$name' leaked: $(grep -rlaF -e "$val" -e "$part" "$tmp/x" "$tmp/out" "$tmp/err" "$tmp/man.json" | head -3)"
		leaks=$((leaks + 1))
	fi
done <"$tmp/secrets"
check "no planted secret in the package, reports, stdout or stderr ($(wc -l <"$tmp/secrets") of them)" test $leaks = 0
check "UTF-16 PowerShell text converted and redacted" jq -e \
    '.files[] | select(.path | endswith("peering-ps51.txt")) | .redactions == 1 and .converted == "utf-16 to utf-8"' "$B/manifest.json"
for k in shared_key authorization_key sas_signature storage_account_key \
    connection_string_secret bgp_md5_key password bearer_token jwt private_key; do
	check "manifest lists a $k" jq -e --arg k "$k" 'any(.redactions[]; .kind == $k)' "$B/manifest.json"
done
check "manifest: kinds and lines, never values" jq -e \
    'all(.redactions[]; (keys | sort) == ["file","kind","line"])' "$B/manifest.json"
m1=$(grep -o 'REDACTED-shared_key-[0-9a-f]*' "$B/evidence/azure/circuit.json" | head -1)
m2=$(grep -o 'REDACTED-shared_key-[0-9a-f]*' "$B/evidence/azure/connection.json" | head -1)
check "equal secrets, equal markers ($m1)" test -n "$m1" -a "$m1" = "$m2"
m3=$(grep -o 'REDACTED-password-[0-9a-f]*' "$B/evidence/router/bird.conf")
check "different secrets, different markers" test -n "$m3" -a "$m3" != "$m1"
check "the text after a PEM block is kept" grep -q "after the key" "$B/evidence/router/id_ed25519"
check "binary garbage left out, with a note" jq -e 'any(.notes[]; test("garbage.bin: binary"))' "$B/manifest.json"
check "manifest: every file with its size and SHA-256" bash -c "
    cd '$tmp/x' && jq -r '.files[] | \"\(.sha256)  \(.path)\"' erwatch-bundle/manifest.json |
    grep -v manifest.json | sha256sum -c --quiet"
check "manifest: the circuit support needs" jq -e '.circuit.name != null and .circuit.peering_location != null' "$B/manifest.json"
check "manifest: the time window of the evidence" jq -e '.time_window.from != null and .time_window.to != null' "$B/manifest.json"

# redaction never breaks a JSON export or a capture
"$E" diagnose --json "$c" >"$tmp/d0.json" 2>/dev/null
"$E" diagnose --json "$B/evidence" >"$tmp/d1.json" 2>/dev/null
jq -S '[.evidence[] | select(.file != "azure/garbage.bin") | {file, kind, analyzer}]' "$tmp/d0.json" >"$tmp/k0"
jq -S '[.evidence[] | {file, kind, analyzer}]' "$tmp/d1.json" >"$tmp/k1"
check "every file recognised as before redaction" cmp -s "$tmp/k0" "$tmp/k1"
check "the verdict is the same" test "$(jq -r .verdict.cause "$tmp/d0.json")" = "$(jq -r .verdict.cause "$tmp/d1.json")"
pc=$(ls "$c/pcap/")
check "the capture is byte for byte the same" cmp -s "$c/pcap/$pc" "$B/evidence/pcap/$pc"

# --max-size: trimmed to the BGP flows first, then left out; said
big=$tmp/big
mkdir -p "$big/pcap"
cp "$S/tests/data/captures/max_prefix/capture.pcap" "$big/pcap/full.pcap"
size=$(stat -c %s "$big/pcap/full.pcap")
"$E" bundle "$big" -o "$tmp/m.tar.gz" --key-file "$tmp/key" --max-size 1 --json >"$tmp/mm.json" 2>/dev/null
check "--max-size 1: the capture left out, with a note" jq -e 'any(.notes[]; test("full.pcap.*left out for --max-size"))' "$tmp/mm.json"
check "--max-size 1: no capture in the package" bash -c "! tar -tzf '$tmp/m.tar.gz' | grep -q 'full.pcap'"
"$E" bundle "$big" -o "$tmp/n.tar.gz" --key-file "$tmp/key" --max-size $((size * 4)) --json >"$tmp/nn.json" 2>/dev/null
check "--max-size above the evidence: nothing trimmed, no note" jq -e '.notes | length == 0' "$tmp/nn.json"

# bad input
"$E" bundle "$tmp/nonexistent" -o "$tmp/z.tar.gz" --key-file "$tmp/key" >/dev/null 2>&1
check "missing folder: exit 2" test $? = 2
"$E" bundle "$c" >/dev/null 2>&1
check "no -o: exit 2" test $? = 2
"$E" bundle "$c" -o "$tmp/z.tar.gz" --max-size lots >/dev/null 2>&1
check "bad --max-size: exit 2" test $? = 2
# the default key: made once, private, reused
mkdir -p "$tmp/home"
HOME=$tmp/home XDG_CONFIG_HOME= "$E" bundle "$c" -o "$tmp/h1.tar.gz" >/dev/null 2>&1
HOME=$tmp/home XDG_CONFIG_HOME= "$E" bundle "$c" -o "$tmp/h2.tar.gz" >/dev/null 2>&1
check "default key made 0600 and reused" bash -c \
    "test \"\$(stat -c %a '$tmp/home/.config/erwatch/bundle.key')\" = 600 && cmp -s '$tmp/h1.tar.gz' '$tmp/h2.tar.gz'"

# symbolic links: never followed out of the folder, none followed inside
# (a loop cannot trap the walk), each one in the notes
ln=$tmp/links
mkdir -p "$ln/azure" "$tmp/outside"
cp "$S/examples/evidence/healthy/azure/arp-ok-primary.json" "$ln/azure/"
printf 'OutsideSecretPlantedX1\n' >"$tmp/outside/secret.txt"
ln -s "$tmp/outside/secret.txt" "$ln/azure/out-file.txt"
ln -s "$tmp/outside" "$ln/out-dir"
ln -s arp-ok-primary.json "$ln/azure/in-file.json"
ln -s .. "$ln/azure/loop"
timeout 60 "$E" bundle "$ln" -o "$tmp/l.tar.gz" --key-file "$tmp/key" --json >"$tmp/l.json" 2>"$tmp/l.err"
check "symlinks: bundle exits 0 (no loop)" test $? = 0
check "symlinks: nothing from outside in the package" bash -c "! tar -xOzf '$tmp/l.tar.gz' | grep -q OutsideSecretPlantedX1 && ! tar -tzf '$tmp/l.tar.gz' | grep -q 'secret.txt'"
for l in azure/out-file.txt out-dir azure/in-file.json azure/loop; do
	check "symlinks: $l in the notes" jq -e --arg l "$l" 'any(.notes[]; startswith($l + ": a symbolic link"))' "$tmp/l.json"
done
check "symlinks: the real file inside is in, once" bash -c "test \"\$(tar -tzf '$tmp/l.tar.gz' | grep -c 'arp-ok-primary.json$')\" = 1"

# a huge file is judged by its first block, never read into memory
hg=$tmp/huge
mkdir -p "$hg/pcap"
cp "$S/tests/data/captures/max_prefix/capture.pcap" "$hg/pcap/small.pcap"
if truncate -s 3G "$hg/pcap/huge.pcap" 2>/dev/null; then
	/usr/bin/time -f '%M' -o "$tmp/rss" "$E" bundle "$hg" -o "$tmp/h.tar.gz" --key-file "$tmp/key" --max-size 1M --json >"$tmp/h.json" 2>"$tmp/h.err"
	rc=$?
	rss=$(tail -1 "$tmp/rss")
	check "huge file: exit 0, peak RSS ${rss} KB under 400 MB" bash -c "test $rc = 0 && test '$rss' -lt 409600"
	check "huge file: told from its first block, left out, said" jq -e 'any(.notes[]; test("huge.pcap: binary"))' "$tmp/h.json"
	check "huge file: not in the package, the small capture is" bash -c "! tar -tzf '$tmp/h.tar.gz' | grep -q huge.pcap && tar -tzf '$tmp/h.tar.gz' | grep -q small.pcap"
else
	echo "skip huge file: no sparse files here"
fi

# --max-size that trims: BGP beside other traffic, the BGP flows kept
tr=$tmp/trim
mkdir -p "$tr/pcap"
python3 - "$S/tests/data/captures/max_prefix/capture.pcap" "$tr/pcap/mixed.pcap" <<'PY'
# The BGP capture, then 3000 UDP (DNS-like) and TCP 443 frames between
# other hosts on the same link, one per ms after its last frame.
import struct, sys
src = open(sys.argv[1], "rb").read()
hdr, body = src[:24], src[24:]
magic, = struct.unpack("<I", hdr[:4])
assert magic == 0xa1b2c3d4 and struct.unpack("<I", hdr[20:24])[0] == 1
off, last = 0, 0
while off < len(body):
    ts, us, incl, orig = struct.unpack("<IIII", body[off:off + 16])
    last = ts
    off += 16 + incl
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
out = [hdr, body]
for i in range(3000):
    tcp = i % 2 == 1
    payload = bytes(200)
    if tcp:
        l4 = struct.pack("!HHIIBBHHH", 50000 + i % 1000, 443, i, 0, 5 << 4, 0x18, 512, 0, 0) + payload
        proto = 6
    else:
        l4 = struct.pack("!HHHH", 40000 + i % 1000, 53, 8 + len(payload), 0) + payload
        proto = 17
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), i & 0xffff, 0, 64, proto, 0,
                     bytes([10, 1, 0, 7]), bytes([10, 1, 0, 9]))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    frame = bytes.fromhex("020000000009020000000007") + b"\x08\x00" + ip + l4
    out.append(struct.pack("<IIII", last + 1 + i // 1000, (i % 1000) * 1000, len(frame), len(frame)) + frame)
open(sys.argv[2], "wb").write(b"".join(out))
PY
msize=$(stat -c %s "$tr/pcap/mixed.pcap")
"$E" bundle "$tr" -o "$tmp/t.tar.gz" --key-file "$tmp/key" --max-size $((msize / 4)) --json >"$tmp/t.json" 2>/dev/null
check "--max-size $((msize / 4)) of $msize: the capture trimmed, said" jq -e 'any(.notes[]; test("mixed.pcap: trimmed"))' "$tmp/t.json"
mkdir -p "$tmp/tx"
tar -xzf "$tmp/t.tar.gz" -C "$tmp/tx"
tc=$tmp/tx/erwatch-bundle/evidence/pcap/mixed.pcap.trimmed-to-bgp
check "trimmed capture smaller, in the package" bash -c "test -s '$tc' && test \$(stat -c %s '$tc') -lt $((msize / 4))"
"$E" pcap --json "$S/tests/data/captures/max_prefix/capture.pcap" 2>/dev/null | jq -S '[.sessions[] | .messages]' >"$tmp/m0"
"$E" pcap --json "$tc" 2>/dev/null | jq -S '[.sessions[] | .messages]' >"$tmp/m1"
check "trimmed capture loads in erwatch pcap with the same BGP counts" bash -c "test -s '$tmp/m0' && cmp -s '$tmp/m0' '$tmp/m1'"

# writing: a full disk and an unwritable path fail clearly, no partial file
mkdir -p "$tmp/ro"
chmod 555 "$tmp/ro"
if [ -w "$tmp/ro" ] && [ "$(id -u)" != 0 ]; then
	echo "skip unwritable folder: this user writes anywhere"
elif [ -w "$tmp/ro" ]; then
	# root writes anywhere: an unwritable path is one under a file
	"$E" bundle "$c" -o "$tmp/secrets/x.tar.gz" --key-file "$tmp/key" >/dev/null 2>"$tmp/w1"
	check "unwritable path: exit 3, the path named" bash -c "test $? = 3 && grep -q 'x.tar.gz' '$tmp/w1'"
else
	"$E" bundle "$c" -o "$tmp/ro/x.tar.gz" --key-file "$tmp/key" >/dev/null 2>"$tmp/w1"
	check "unwritable path: exit 3, the path named" bash -c "test $? = 3 && grep -q 'x.tar.gz' '$tmp/w1'"
	check "unwritable path: nothing left" bash -c "! ls -A '$tmp/ro' | grep -q ."
fi
mnt=$tmp/full
mkdir -p "$mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=8k tmpfs "$mnt" 2>/dev/null; then
	"$E" bundle "$c" -o "$mnt/full.tar.gz" --key-file "$tmp/key" >/dev/null 2>"$tmp/w2"
	rc=$?
	check "full disk: exit 3, said" bash -c "test $rc = 3 && grep -q 'full.tar.gz' '$tmp/w2'"
	check "full disk: no partial file left" bash -c "! ls -A '$mnt' | grep -q ."
	umount "$mnt"
else
	echo "skip full disk: not root, or no tmpfs mount here"
fi
if [ -w /dev/full ]; then
	"$E" bundle "$c" -o - --key-file "$tmp/key" >/dev/full 2>"$tmp/w3"
	check "stdout on /dev/full: exit 3, said" bash -c "test $? = 3 && test -s '$tmp/w3'"
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
