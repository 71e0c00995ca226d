#!/bin/bash
# The option tables against what the commands do.  For every command that
# `erwatch --dump-options` lists: every option of its table is in its
# --help (unless hidden) and is accepted by its parser, long and short;
# its --help names no option the table lacks; `erwatch help CMD`, `erwatch
# CMD --help` and `-h` print the same text.  And the shared conventions:
# an unknown option and a missing value are usage errors (exit 2) naming
# the option, never its "=value"; an ambiguous abbreviation names the
# candidates.  No command is given an operand, so none reads a file or
# sends a packet.
set -u

E=${ERWATCH:?ERWATCH not set}
. "${ERW_SRC_DIR:?ERW_SRC_DIR not set}/tests/integration/lib_check.sh"
require_programs jq timeout
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { local d=$1; shift; if "$@"; then ok "$d"; else ko "$d"; fi; }

"$E" --dump-options >"$tmp/opts.json"
check "--dump-options: one JSON document" json_check "$tmp/opts.json" \
    '.program == "erwatch" and (.commands | length) > 0'

# the command list of `erwatch --help` is the dump's
"$E" --help | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }' \
    >"$tmp/listed"
jq -r '.commands[].name' "$tmp/opts.json" >"$tmp/dumped"
check "erwatch --help lists the dumped commands" cmp -s "$tmp/listed" \
    "$tmp/dumped"
[ -s "$tmp/dumped" ] || ko "no command dumped"

# A rejection by the parser itself, as opposed to a complaint about the
# value or about a missing operand.
parser_refused()
{
	grep -qE "unknown option|needs a value|takes no value|ambiguous option|must be spelled out|unexpected argument" "$1"
}

# every command and every subcommand ("monitor run"), by name
ALL='[.commands[] | ., .subcommands[]?] | .[]'

# check_command NAME: its table against its --help and its parser; NAME
# is the command's words.
check_command()
{
	local cmd=$1 w rc first extra long short arg hidden form

	read -ra w <<<"$cmd"
	"$E" "${w[@]}" --help >"$tmp/help" 2>"$tmp/err"
	rc=$?
	check "$cmd --help: exit 0, nothing on stderr" \
	    test $rc = 0 -a ! -s "$tmp/err"
	check "$cmd --help starts with its usage" \
	    grep -q "^usage: erwatch $cmd " "$tmp/help"
	"$E" help "${w[@]}" >"$tmp/help2"
	check "erwatch help $cmd = erwatch $cmd --help" \
	    cmp -s "$tmp/help" "$tmp/help2"
	"$E" "${w[@]}" -h >"$tmp/help3"
	check "$cmd -h = $cmd --help" cmp -s "$tmp/help" "$tmp/help3"

	jq -r --arg c "$cmd" "$ALL"' | select(.name == $c) | .options[] |
	    [.long // "", .short // "", .arg, (.hidden | tostring)] | join(",")' \
	    "$tmp/opts.json" >"$tmp/table"
	[ -s "$tmp/table" ] || ko "$cmd: empty option table"
	# "," for a separator: read would merge the empty fields of tabs
	while IFS=, read -r long short arg hidden; do
		for form in ${long:+--$long} ${short:+-$short}; do
			# in the help: an option line's label, or named in a
			# text, as a whole word
			if [ "$hidden" = true ]; then
				check "$cmd $form: hidden, not in --help" \
				    bash -c '! grep -qE -- "(^|[^a-zA-Z0-9-])$1([^a-zA-Z0-9-]|\$)" "$2"' \
				    _ "$form" "$tmp/help"
			elif [ "${form#--}" != "$form" ]; then
				check "$cmd $form in --help" grep -qE -- \
				    "(^|[^a-zA-Z0-9-])$form([^a-zA-Z0-9-]|\$)" \
				    "$tmp/help"
			else
				check "$cmd $form in --help" grep -qE -- \
				    "^ +$form(,| |\$)" "$tmp/help"
			fi
			[ "$form" = --help ] || [ "$form" = -h ] && continue
			# accepted: whatever the command then says, it is not
			# the parser refusing the option
			if [ "$arg" = none ]; then
				timeout 20 "$E" "${w[@]}" "$form" >/dev/null \
				    2>"$tmp/err" </dev/null
			else
				timeout 20 "$E" "${w[@]}" "$form" x >/dev/null \
				    2>"$tmp/err" </dev/null
			fi
			if parser_refused "$tmp/err"; then
				ko "$cmd $form refused: $(head -1 "$tmp/err")"
			else
				ok
			fi
		done
	done <"$tmp/table"

	# every option the help names is in the table
	# (what is quoted in `...` is another tool's command line: az's)
	tr '\n' ' ' <"$tmp/help" | sed 's/`[^`]*`//g' |
	    grep -oE -- "(^|[^a-zA-Z0-9-])--[a-z0-9][a-z0-9-]*" |
	    sed 's/^[^-]*--//' | sort -u >"$tmp/named"
	cut -d, -f1 "$tmp/table" | sed '/^$/d' | sort -u >"$tmp/longs"
	extra=$(comm -23 "$tmp/named" "$tmp/longs" | tr '\n' ' ')
	check "$cmd --help names only options of its table${extra:+ (not: $extra)}" \
	    test -z "$extra"
	sed -n 's/^  -\([a-zA-Z0-9]\)\(,\| \|$\).*/\1/p' "$tmp/help" |
	    sort -u >"$tmp/shorts_help"
	cut -d, -f2 "$tmp/table" | sed '/^$/d' | sort -u >"$tmp/shorts"
	extra=$(comm -23 "$tmp/shorts_help" "$tmp/shorts" | tr '\n' ' ')
	check "$cmd --help lists only short options of its table${extra:+ (not: $extra)}" \
	    test -z "$extra"

	# conventions every command shares
	"$E" "${w[@]}" --no-such-option=Secret-Value-42 >/dev/null 2>"$tmp/err"
	rc=$?
	check "$cmd: unknown option: exit 2" test $rc = 2
	check "$cmd: unknown option named" \
	    grep -q "unknown option '--no-such-option'" "$tmp/err"
	check "$cmd: its value not echoed" \
	    bash -c '! grep -q Secret-Value-42 "$1"' _ "$tmp/err"
	"$E" "${w[@]}" -Z >/dev/null 2>"$tmp/err"
	rc=$?
	check "$cmd: unknown short option: exit 2, named" \
	    test $rc = 2 -a -n "$(grep "unknown option '-Z'" "$tmp/err")"
	first=$(awk -F, '$3 != "none" && $1 != "" { print $1; exit }' \
	    "$tmp/table")
	if [ -n "$first" ]; then
		"$E" "${w[@]}" "--$first" >/dev/null 2>"$tmp/err"
		rc=$?
		check "$cmd --$first without its value: exit 2, named" \
		    test $rc = 2 -a -n "$(grep "option '--$first' needs a value" "$tmp/err")"
	fi
}

while read -r cmd; do
	check_command "$cmd"
done <"$tmp/dumped"

# ---- subcommands: the dump has the tables their parsers use --------------
# The parent's --help names its subcommands (two-space indented words of
# its description); the dump lists exactly those, each checked above like
# a command, and the man page and both completions are generated with
# every option of each, and no other.
jq -r '.commands[] | select(.subcommands) | .name' "$tmp/opts.json" \
    >"$tmp/parents"
check "monitor's subcommands are dumped" grep -qx monitor "$tmp/parents"
while read -r parent; do
	jq -r --arg c "$parent" '.commands[] | select(.name == $c) |
	    .subcommands[].name' "$tmp/opts.json" >"$tmp/subs"
	"$E" "$parent" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' |
	    sed "s/^/$parent /" >"$tmp/subs_help"
	check "$parent --help names the dumped subcommands ($(tr '\n' , <"$tmp/subs_help"))" \
	    cmp -s "$tmp/subs" "$tmp/subs_help"
	while read -r sub; do
		check_command "$sub"
	done <"$tmp/subs"
done <"$tmp/parents"

sh "$ERW_SRC_DIR/scripts/gen-docs.sh" "$E" "$tmp/docs" /usr/share/doc/erwatch \
    >"$tmp/gen.out" 2>&1 || ko "gen-docs.sh: $(head -3 "$tmp/gen.out")"
while read -r parent; do
	page=$tmp/docs/man/erwatch-$parent.1
	while read -r sub; do
		fn=_erwatch_$(tr ' -' __ <<<"$sub")
		# the page's block of this subcommand: its .TP terms
		awk -v s=".SS $sub" '/^\.S[HS] / { on = ($0 == s); next }
		    on && /^\.TP/ { getline; print }' \
		    <(sed 's/\\-/-/g' "$page") | sed -E 's/\\f[BIR]//g' |
		    tr -d , | awk '{ for (i = 1; i <= NF; i++)
		    if ($i ~ /^-/) print $i }' | sort >"$tmp/page_opts"
		jq -r --arg c "$sub" "$ALL"' | select(.name == $c) | .options[] |
		    select(.hidden | not) | (if .short then "-" + .short else empty end),
		    (if .long then "--" + .long else empty end)' \
		    "$tmp/opts.json" | sort >"$tmp/want_opts"
		check "erwatch-$parent(1) lists exactly the options of $sub" \
		    cmp -s "$tmp/want_opts" "$tmp/page_opts"
		for f in "$tmp/docs/completion/erwatch" \
		    "$tmp/docs/completion/_erwatch"; do
			sed -n "/^$fn()/,/^}/p" "$f" >"$tmp/body"
			[ -s "$tmp/body" ] || { ko "$(basename "$f"): no $fn"; continue; }
			while read -r o; do
				grep -qE -- "(^|[^a-z-])$o(=|\[|'|,|\}| |\+)" "$tmp/body" ||
				    ko "$(basename "$f"): $fn lacks $o"
			done <"$tmp/want_opts"
			ok
		done
		# the parent's completion offers the subcommand's word
		grep -qE "(compgen -W '|    ')([a-z -]* )?${sub#* }( |'|:)" \
		    "$tmp/docs/completion/erwatch" && ok ||
		    ko "bash completion does not offer '$sub'"
	done < <(jq -r --arg c "$parent" '.commands[] | select(.name == $c) |
	    .subcommands[].name' "$tmp/opts.json")
done <"$tmp/parents"

# an abbreviation two options share names both
"$E" trace --max 3 >/dev/null 2>"$tmp/err"
rc=$?
check "ambiguous abbreviation: exit 2, candidates named" test $rc = 2 -a \
    -n "$(grep -- "ambiguous option '--max': --max-ttl, --max-silent" "$tmp/err")"
# a unique one is taken, as getopt_long does
"$E" trace --max-s 99 h >/dev/null 2>"$tmp/err"
check "unique abbreviation taken (the value is then checked)" \
    grep -q -- "--max-silent: want 0..64, got '99'" "$tmp/err"
# the key file option is never abbreviated, and a key is never echoed
"$E" probe --bgp --local-as 65010 --md5-key=Key-Typed-Here 127.0.0.1 \
    >/dev/null 2>"$tmp/err"
rc=$?
check "--md5-key=VALUE: exit 2, spelled-out name asked for" test $rc = 2 -a \
    -n "$(grep -- "must be spelled out: --md5-key-file" "$tmp/err")"
check "--md5-key=VALUE: the value not echoed" \
    bash -c '! grep -q Key-Typed-Here "$1"' _ "$tmp/err"
# a list option takes the words after it up to the next option
"$E" nexthop --routes "$tmp/a.json" "$tmp/b.json" --dst 192.0.2.1 \
    >/dev/null 2>"$tmp/err"
check "--routes FILE FILE: both files read" \
    test "$(grep -c "cannot open '$tmp/[ab].json'" "$tmp/err")" = 2
# "--" ends the options
"$E" pcap -- --json >/dev/null 2>"$tmp/err"
check "after --, an option is an operand" grep -q "'--json'" "$tmp/err"
"$E" help no-such-command >/dev/null 2>"$tmp/err"
rc=$?
check "help of an unknown command: exit 2, named" test $rc = 2 -a \
    -n "$(grep "no-such-command" "$tmp/err")"

echo "test_cli_options: $pass passed, $fail failed"
[ "$fail" = 0 ]
