#!/bin/bash
#
# The install sets of scripts/install-deps.sh against what the tree needs.
# For every header included with <...> in src/, fuzz/, bench/ and tests/,
# and every external program the scripts under tests/, bench/ and examples/
# run (and the unit tests start with popen/system), find the Debian package
# that provides it (dpkg -S) and fail, naming the package, when that package
# is neither in the set the target installs, nor pulled in by it (Depends,
# Pre-Depends), nor part of every Debian system (Essential or priority
# required: what debootstrap's minbase installs).
#
# Which target needs what: the build (make demo) compiles src/, fuzz/'s
# replay drivers and bench/, and runs examples/; make check adds tests/;
# make bench runs bench/*.sh after installing the check set.  A header or a
# program that is not on this machine at all is a failure too: the set that
# should install it does not.
#
# Nothing is listed by hand, so the guard cannot go stale: a new #include or
# a new program in a test script is checked the day it is written.
set -u
SRC=${ERW_SRC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$SRC" || exit 1
fail=0
pass=0

need()
{
	command -v "$1" >/dev/null || { echo "FAIL: $1 missing (it is essential)"; exit 1; }
}
need dpkg-query
need perl
need gcc

DPKG_DB=$(mktemp)
trap 'rm -f "$DPKG_DB"' EXIT
dpkg-query -W -f='${db:Status-Abbrev}\t${Package}\t${Essential}\t${Priority}\t${Provides}\t${Pre-Depends}, ${Depends}\n' \
    >"$DPKG_DB" 2>/dev/null

# closure SET: the packages installing SET brings, one per line.
closure()
{
	sh scripts/install-deps.sh --list "$1" | perl -e '
		my ($db) = @ARGV;
		my (%deps, %provider, %base);
		open my $fh, "<", $db or die "$db: $!";
		while (<$fh>) {
			chomp;
			my ($st, $pkg, $ess, $prio, $prov, $dep) = split /\t/;
			next unless $st =~ /^ii/;
			$deps{$pkg} = $dep;
			$base{$pkg} = 1 if $ess eq "yes" || $prio eq "required";
			for (split /,\s*/, $prov) {
				s/\s*\(.*//;
				push @{$provider{$_}}, $pkg if length;
			}
		}
		my %in;
		my @todo = grep { length } map { chomp; $_ } <STDIN>;
		push @todo, keys %base;
		while (defined(my $p = shift @todo)) {
			$p =~ s/:\w+$//;
			next if $in{$p}++;
			next unless defined $deps{$p};
			for my $group (split /,\s*/, $deps{$p}) {
				# apt installs the first alternative unless one is
				# already there; a virtual name means its provider.
				my @alt = map { s/\s*\(.*//; s/:\w+$//; s/\s+//g; $_ }
				    split /\|/, $group;
				@alt = grep { length } @alt or next;
				my ($pick) = grep { defined $deps{$_} } @alt;
				$pick //= $alt[0];
				if (!defined $deps{$pick} && $provider{$pick}) {
					$in{$pick}++;
					$pick = $provider{$pick}[0];
				}
				push @todo, $pick;
			}
		}
		print "$_\n" for sort keys %in;
	' "$DPKG_DB"
}

# owner PATH: the package that installed PATH, or nothing.  /bin and /usr/bin
# are one directory (merged /usr) while dpkg knows the path it unpacked.
owner()
{
	local p=$1 q

	for q in "$p" "$(readlink -f "$p")" "${p#/usr}" "/usr$p"; do
		[ -n "$q" ] || continue
		dpkg-query -S "$q" 2>/dev/null | grep -v '^diversion' |
		    head -1 | sed 's/:.*//' | grep . && return 0
	done
	return 1
}

BUILD_SET=$(closure build)
CHECK_SET=$(closure check)
[ -n "$BUILD_SET" ] && [ -n "$CHECK_SET" ] || {
	echo "FAIL: cannot read the install sets"
	exit 1
}

# judge WHAT WHERE PACKAGE SETNAME
judge()
{
	local what=$1 where=$2 pkg=$3 setname=$4 set

	[ "$setname" = build ] && set=$BUILD_SET || set=$CHECK_SET
	if grep -qxF "$pkg" <<<"$set"; then
		pass=$((pass + 1))
	else
		echo "FAIL: $what ($where) comes from package $pkg, which the" \
		    "'$setname' set of scripts/install-deps.sh does not install"
		fail=$((fail + 1))
	fi
}

# ---- headers ---------------------------------------------------------
# Include paths of every library the build finds with pkg-config, so a
# header under /usr/include/<lib>/ resolves as it does in the build.
CFLAGS=$(pkg-config --cflags libpcap jansson sqlite3 libcurl libarchive libpq \
    cmocka glib-2.0 2>/dev/null)
# libwiretap ships no .pc: the build finds <wiretap/wtap.h> (and the
# <wsutil/...> headers it includes) under /usr/include/wireshark
# (CMakeLists.txt, find_path WIRETAP_INCLUDE_DIR).
CFLAGS="$CFLAGS -I/usr/include/wireshark"
declare -A seen_header
while IFS=: read -r file header; do
	case $file in
	tests/*) setname=check ;;
	*) setname=build ;;
	esac
	key="$setname $header"
	[ -n "${seen_header[$key]:-}" ] && continue
	seen_header[$key]=1
	# shellcheck disable=SC2086
	path=$(printf '#include <%s>\n' "$header" |
	    gcc $CFLAGS -M -x c - 2>/dev/null | tr -d '\\' | tr ' ' '\n' |
	    grep -m1 -F "/$header")
	if [ -z "$path" ]; then
		echo "FAIL: header <$header> ($file) is not on this machine:" \
		    "the '$setname' set installs nothing that provides it"
		fail=$((fail + 1))
		continue
	fi
	case $path in "$SRC"/*) continue ;; esac
	if ! pkg=$(owner "$path"); then
		echo "FAIL: header <$header> ($file) is $path, from no Debian package"
		fail=$((fail + 1))
		continue
	fi
	judge "header <$header>" "$file" "$pkg" "$setname"
done < <(grep -rEo --include='*.[ch]' '^[[:space:]]*#[[:space:]]*include[[:space:]]*<[^>]+>' \
    src fuzz bench tests | sed -E 's/:[[:space:]]*#[[:space:]]*include[[:space:]]*<([^>]+)>/:\1/' |
    sort -u)

# ---- programs --------------------------------------------------------
# Words in command position in the shell scripts: the first word of a
# pipeline element, after wrappers that run another program (timeout,
# exec, ip netns exec NS, ...).  Functions the scripts define and shell
# builtins are not programs.  A command in a string passed to popen() or
# system() by a unit test counts too.
commands_of()
{
	perl -ne '
		BEGIN { %wrap = map { $_ => 1 } qw(exec command nohup env timeout
		    xargs time nice stdbuf setpriv nsenter chroot sudo unshare
		    then do else elif if while until "!"); }
		# Read the line as the shell does: a here-document body is
		# data; a comment ends the line; a single-quoted string is
		# data too, unless it is the program of sh -c or bash -c.
		# One that stays on its line is kept as before (cheap, and
		# wrappers hide the shell); the body of one that spans lines
		# for perl -e, awk or jq is dropped, so its words are never
		# taken for commands, nor its quotes for shell quotes.
		if (length $heredoc) {
			$heredoc = "" if /^\t*\Q$heredoc\E\s*$/;
			next;
		}
		my ($out, $prev) = ("", " ");
		my @ch = split //;
		for (my $i = 0; $i < @ch; $i++) {
			my $c = $ch[$i];
			if ($q eq "sq") {
				if ($c eq "\x27") { $q = ""; $out .= " "; }
				elsif ($sq_here || $sq_shell) { $out .= $c; }
			} elsif ($q eq "dq") {
				if ($c eq "\\") { $out .= $c . ($ch[++$i] // ""); }
				elsif ($c eq "\"") { $q = ""; $out .= " "; }
				else { $out .= $c; }
			} elsif ($c eq "\\") {
				$out .= $c . ($ch[++$i] // "");
			} elsif ($c eq "#" && $prev =~ /\s/) {
				last;
			} elsif ($c eq "\x27") {
				# sh -c / bash -c: the string is shell code.
				$sq_shell = $out =~ /\b(?:ba|da)?sh\s+(?:-\w+\s+)*-\w*c\s*$/ ? 1 : 0;
				($q, $sq_here) = ("sq", 1);
				$out .= " ";
			} elsif ($c eq "\"") {
				$q = "dq";
				$out .= " ";
			} else {
				$out .= $c;
			}
			$prev = $c;
		}
		$sq_here = 0;
		$heredoc = $1 if $q eq "" && $_ =~ /<<-?\s*[\x27"]?([A-Za-z_]\w*)[\x27"]?/;
		$_ = $out . "\n";
		$defs{$1} = 1 if /^\s*(?:function\s+)?([\w.-]+)\s*\(\)/;
		# Command substitution and quoting start new commands.
		for my $seg (split /\|\||&&|[|;&`]|\$\(|(?<![\w\$])\(|\)|\{|\}|\bthen\b|\bdo\b|\belse\b/) {
			my @w = grep { length } split /[\s"\x27]+/, $seg;
			shift @w while @w && $w[0] =~ /^\w+=/;
			while (@w) {
				my $c = shift @w;
				if ($c eq "ip" && @w >= 3 && $w[0] eq "netns" && $w[1] eq "exec") {
					splice @w, 0, 3;
					next;
				}
				if ($wrap{$c}) {
					shift @w while @w && ($w[0] =~ /^-/ || $w[0] =~ /^[\d.]+[smh]?$/ || $w[0] =~ /^\w+=/);
					next;
				}
				$cmd{$c} = 1 if $c =~ /^[a-z][\w.+-]*$/;
				last;
			}
		}
		END { print "$_\n" for grep { !$defs{$_} } sort keys %cmd; }
	' "$@"
}

check_programs()
{
	local setname=$1 c path pkg t list

	shift
	list=$(commands_of "$@") || {
		echo "FAIL: cannot read the commands of $*"
		fail=$((fail + 1))
		return
	}
	programs_seen="$programs_seen $list"
	while read -r c; do
		t=$(type -t "$c" 2>/dev/null)
		case $t in builtin|keyword) continue ;; esac
		path=$(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		    command -v "$c" 2>/dev/null)
		case $path in /*) ;; *) continue ;; esac
		if ! pkg=$(owner "$path"); then
			echo "FAIL: program $c ($path) is from no Debian package"
			fail=$((fail + 1))
			continue
		fi
		judge "program $c" "$path" "$pkg" "$setname"
	done <<<"$list"
}

programs_seen=""
check_programs build examples/*.sh
check_programs check tests/integration/*.sh tests/testbed/*.sh bench/*.sh
# Programs the unit tests start: the first word of a popen/system string.
while read -r c; do
	path=$(command -v "$c" 2>/dev/null) || {
		echo "FAIL: program $c (started by a unit test) is not on this machine"
		fail=$((fail + 1))
		continue
	}
	pkg=$(owner "$path") || { echo "FAIL: $c ($path) is from no package"; fail=$((fail + 1)); continue; }
	judge "program $c" "a unit test" "$pkg" check
done < <(grep -hoE '(popen|system|snprintf)\([^"]*"[a-z][a-z0-9_-]+ ' tests/unit/*.c |
    sed -E 's/.*"([a-z][a-z0-9_-]+) $/\1/' | sort -u |
    while read -r w; do command -v "$w" >/dev/null 2>&1 && echo "$w"; done)

# The extraction itself can fail quietly (a script style it does not know):
# programs every test run uses must have been seen.
for c in tshark jq ip; do
	grep -qw -- "$c" <<<"$programs_seen" || {
		echo "FAIL: the scan found no use of $c: commands_of misreads the scripts"
		fail=$((fail + 1))
	}
done

echo "$pass dependencies found in their sets, $fail not"
[ $fail = 0 ]
