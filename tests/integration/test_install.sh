#!/bin/bash
# make install's result, from the build under test: `cmake --install` with
# a DESTDIR lays out the binary, one man page per command and erwatch(1),
# the bash and zsh completions, the documentation and the examples; the
# installed binary runs an analysis on the installed example; every page
# renders with man -l without a warning, and its OPTIONS are exactly the
# options of the command's --help (both ways), in the same order; bash
# completion, driven as bash-completion drives it, offers the commands,
# each command's options and file arguments by kind; the zsh completion
# parses and names every option; the version is one: --version, the
# pages, debian/changelog.
set -u
: "${ERWATCH:?}" "${ERW_SRC_DIR:?}" "${ERW_BUILD_DIR:?}"
. "$ERW_SRC_DIR/tests/integration/lib_check.sh"
require_programs cmake man jq zsh
BC=/usr/share/bash-completion/bash_completion
[ -r "$BC" ] || { echo "FAIL: $BC missing (package bash-completion, check set)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
check() { local d=$1; shift; if "$@"; then ok; else ko "$d"; fi; }

root=$tmp/root
DESTDIR=$root cmake --install "$ERW_BUILD_DIR" >"$tmp/install.log" 2>&1 ||
    { ko "cmake --install: $(tail -3 "$tmp/install.log")"; }
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$ERW_BUILD_DIR/CMakeCache.txt")
P=$root$prefix
zdir=share/zsh/site-functions
[ "$prefix" = /usr ] && zdir=share/zsh/vendor-completions
E=$P/bin/erwatch
"$ERWATCH" --dump-options >"$tmp/opts.json"
mapfile -t cmds < <(jq -r '.commands[].name' "$tmp/opts.json")
[ ${#cmds[@]} -gt 0 ] || ko "no command in --dump-options"

# ---- layout --------------------------------------------------------
check "DESTDIR: binary under DESTDIR$prefix/bin" test -x "$E"
check "nothing installed outside DESTDIR$prefix" \
    test -z "$(cd "$root" && find . -type f | grep -v "^\.$prefix/")"
check "erwatch(1) installed" test -s "$P/share/man/man1/erwatch.1"
for c in "${cmds[@]}"; do
	check "erwatch-$c(1) installed" test -s "$P/share/man/man1/erwatch-$c.1"
done
n=$(find "$P/share/man/man1" -name '*.1' | wc -l)
check "one page per command and erwatch(1), no stale page ($n)" \
    test "$n" = $((${#cmds[@]} + 1))
check "bash completion installed" \
    test -s "$P/share/bash-completion/completions/erwatch"
check "zsh completion installed in $zdir" test -s "$P/$zdir/_erwatch"
check "examples installed" \
    test -s "$P/share/doc/erwatch/examples/failing-session.pcap"
check "docs installed" test -s "$P/share/doc/erwatch/pcap.md"

# ---- the installed binary ------------------------------------------
v=$("$ERWATCH" --version)
check "installed --version is the build's ($v)" test "$("$E" --version)" = "$v"
"$E" pcap --json "$P/share/doc/erwatch/examples/failing-session.pcap" \
    >"$tmp/pcap.json" 2>"$tmp/pcap.err"
rc=$?
check "installed erwatch pcap on the installed example: exit 1 (rc=$rc)" \
    test $rc = 1
check "... reports BGP_HOLD_TIMER_EXPIRED" json_check "$tmp/pcap.json" \
    '[.. | objects | select(.code? == "BGP_HOLD_TIMER_EXPIRED")] | length > 0'
ver=${v#erwatch }
dver=$(sed -n '1s/^erwatch (\([^)]*\)).*/\1/p' "$ERW_SRC_DIR/debian/changelog")
check "debian/changelog's version ($dver) is --version's ($ver)" \
    test "${dver%%-*}" = "$ver"

# ---- man pages ------------------------------------------------------
export MANWIDTH=100 MANPAGER=cat PAGER=cat LC_ALL=C.UTF-8
# help_terms CMD: the option terms of --help ("-i, --interface IFACE").
help_terms()
{
	"$ERWATCH" "$1" --help | awk '/^options:/ { on = 1; next }
	    on && /^$/ { exit } on' | grep -E '^(  -| {6}--)' |
	    sed -E 's/^ +//; s/  .*//'
}
# page_terms PAGE: the terms of the .TP items under .SH OPTIONS, as
# printed (font escapes and \- resolved).
page_terms()
{
	awk '/^\.SH / { on = ($2 == "OPTIONS"); next }
	    on && /^\.TP/ { getline; print }' "$1" |
	    sed -E 's/\\f[BIR]//g; s/\\-/-/g'
}
for p in "$P"/share/man/man1/*.1; do
	name=$(basename "$p" .1)
	man --warnings=all -l "$p" >"$tmp/page.txt" 2>"$tmp/page.err"
	rc=$?
	check "man -l $name: exit 0, no warning ($(head -c 200 "$tmp/page.err"))" \
	    test $rc = 0 -a ! -s "$tmp/page.err"
	check "man -l $name: NAME section" grep -q "^NAME" "$tmp/page.txt"
	check "$name(1) names version $ver" grep -q "erwatch $ver" "$tmp/page.txt"
	# the documentation the page points to is installed
	while read -r doc; do
		check "$name(1) names $doc, installed" test -s "$root$doc"
	done < <(grep -oE "$prefix/share/doc/erwatch/[A-Za-z0-9_./-]+" "$tmp/page.txt" |
	    sed 's/[.,]$//' | sort -u)
done
for c in "${cmds[@]}"; do
	p=$P/share/man/man1/erwatch-$c.1
	help_terms "$c" >"$tmp/help.terms"
	page_terms "$p" >"$tmp/page.terms"
	check "$c: --help has options" test -s "$tmp/help.terms"
	if diff "$tmp/help.terms" "$tmp/page.terms" >"$tmp/terms.diff"; then
		ok
	else
		ko "erwatch-$c(1) OPTIONS differ from --help (< help, > page):"
		cat "$tmp/terms.diff"
	fi
	man -l "$p" >"$tmp/page.txt" 2>/dev/null
	while read -r t; do
		grep -qF -- "$t" "$tmp/page.txt" ||
		    ko "erwatch-$c(1) as rendered lacks '$t'"
	done <"$tmp/help.terms"
	# the hidden options are in neither
	while read -r h; do
		grep -qF -- "$h" "$tmp/page.terms" && ko "erwatch-$c(1) shows hidden $h"
	done < <(jq -r --arg c "$c" '.commands[] | select(.name == $c) |
	    .options[] | select(.hidden) | "--" + .long' "$tmp/opts.json")
	# the first usage line is the synopsis
	u=$(jq -r --arg c "$c" '.commands[] | select(.name == $c) | .usage[0]' \
	    "$tmp/opts.json" | sed -E 's/ +/ /g')
	check "erwatch-$c(1) SYNOPSIS is the usage" grep -qF -- "$u" \
	    <(sed -E 's/^ +//; s/ +/ /g' "$tmp/page.txt")
done
# erwatch(1) lists every command's page
man -l "$P/share/man/man1/erwatch.1" >"$tmp/page.txt" 2>/dev/null
for c in "${cmds[@]}"; do
	grep -q "erwatch-$c(1)" "$tmp/page.txt" || ko "erwatch(1) does not list erwatch-$c(1)"
done

# ---- bash completion -----------------------------------------------
mkdir -p "$tmp/w/case1" "$tmp/w/sub"
: >"$tmp/w/a.pcap"; : >"$tmp/w/b.pcapng"; : >"$tmp/w/nsg.json"
: >"$tmp/w/notes.txt"; : >"$tmp/w/key"
# complete LINE: what bash completion offers for LINE (cursor at its end),
# one word a line, sorted.
complete_line()
{
	(cd "$tmp/w" && bash --norc --noprofile -c '
		. "$1"; . "$2"
		COMP_LINE=$3; COMP_POINT=${#COMP_LINE}
		read -ra COMP_WORDS <<<"$COMP_LINE"
		[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_erwatch erwatch "${COMP_WORDS[COMP_CWORD]}" \
		    "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$BC" \
	    "$P/share/bash-completion/completions/erwatch" "$1" | sort)
}
# offers LINE WORD...: every WORD is offered; "!WORD": WORD is not.
offers()
{
	local line=$1 w out

	shift
	out=$(complete_line "$line")
	for w in "$@"; do
		if [[ $w == !* ]]; then
			grep -qxF -- "${w#!}" <<<"$out" && { ko "bash '$line' offers ${w#!}: $out"; return; }
		else
			grep -qxF -- "$w" <<<"$out" || { ko "bash '$line' lacks $w: $(tr '\n' ' ' <<<"$out")"; return; }
		fi
	done
	ok
}
offers "erwatch " "${cmds[@]}" help --version
offers "erwatch help " "${cmds[@]}"
offers "erwatch pcap --ti" --timeline
offers "erwatch pcap " a.pcap b.pcapng '!nsg.json' '!notes.txt'
offers "erwatch capture --format " pcap pcapng
offers "erwatch capture -w " a.pcap '!nsg.json'
offers "erwatch capture -i " lo
offers "erwatch capture -u " root nobody
offers "erwatch flow --nsg " nsg.json notes.txt '!a.pcap'
offers "erwatch flow --direction=" in inbound out outbound
offers "erwatch flow --protocol " tcp udp icmp
offers "erwatch nexthop --routes nsg.json " nsg.json '!a.pcap'
offers "erwatch diagnose " case1 sub '!a.pcap' '!nsg.json'
offers "erwatch probe --md5-key-file " key
offers "erwatch pcap --port " '!a.pcap' '!--json'
# every command: '-' offers exactly its visible options
for c in "${cmds[@]}"; do
	jq -r --arg c "$c" '.commands[] | select(.name == $c) | .options[] |
	    select(.hidden | not) | (if .short then "-" + .short else empty end),
	    (if .long then "--" + .long else empty end)' "$tmp/opts.json" |
	    sort >"$tmp/want"
	complete_line "erwatch $c -" >"$tmp/got"
	check "bash: erwatch $c - offers exactly its options" cmp -s "$tmp/want" "$tmp/got"
done

# ---- zsh completion -------------------------------------------------
Z=$P/$zdir/_erwatch
check "zsh completion parses" zsh -n "$Z"
check "zsh completion is a #compdef erwatch" grep -qx "#compdef erwatch" "$Z"
for c in "${cmds[@]}"; do
	body=$(sed -n "/^_erwatch_$c()/,/^}/p" "$Z")
	[ -n "$body" ] || { ko "zsh: no _erwatch_$c"; continue; }
	while read -r o; do
		grep -qE -- "(^|[^a-z-])$o(=|\[|'|,|\})" <<<"$body" || ko "zsh: _erwatch_$c lacks $o"
	done < <(jq -r --arg c "$c" '.commands[] | select(.name == $c) |
	    .options[] | select(.hidden | not) | select(.long) | "--" + .long' \
	    "$tmp/opts.json")
done
# zsh loads it as compinit would, and it defines a function per command
out=$(zsh -f -c 'fpath=("$1" $fpath); autoload -Uz compinit; compinit -u -d "$2/zcd";
    autoload -Uz _erwatch; print -r -- ${_comps[erwatch]}' _ "$(dirname "$Z")" "$tmp" 2>&1)
check "zsh: compinit binds _erwatch to erwatch ($out)" test "$out" = _erwatch

echo "$pass passed, $fail failed"
[ $fail = 0 ]
