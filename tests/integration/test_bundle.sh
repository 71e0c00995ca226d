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
    'sbkey   SbKeyPlantedW23abc=' \
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

echo "$pass passed, $fail failed"
[ $fail = 0 ]
