# Shared checks for the integration tests: sourced, never run (the test
# glob is test_*.sh).
#
# jq 1.6 with -e exits 0 when its input is empty, so a check written as
# `jq -e FILTER out.json` passes when erwatch crashed and printed nothing.
# These helpers read exactly one JSON value with `input` under -n: empty or
# non-JSON input is an error (exit 5), so the check fails.  A negative
# check must be written as a filter that is true when the thing is absent
# (`all(...; ... | not)`, `any(...) | not`), never as `! json_check`,
# which would pass on empty input again.

# json_check FILE FILTER [JQ_OPTION...]: succeeds when FILE holds a JSON
# value and the last output of FILTER on it is neither false nor null;
# fails when FILE is missing, empty, not JSON, or FILTER outputs nothing.
# JQ_OPTIONs go before the filter (--arg name value, ...).
json_check()
{
	local file=$1 filter=$2

	shift 2
	[ -s "$file" ] || return 1
	jq -e -n "$@" "input | ($filter)" <"$file" >/dev/null 2>&1
}

# json_check_str STRING FILTER [JQ_OPTION...]: the same on a string (for
# output kept in a variable).
json_check_str()
{
	local s=$1 filter=$2

	shift 2
	[ -n "$s" ] || return 1
	printf '%s\n' "$s" | jq -e -n "$@" "input | ($filter)" >/dev/null 2>&1
}

# require_programs PROG...: fail the test (exit 1) when a program is
# missing.  `make check` installs every program a test runs (the check set
# of scripts/install-deps.sh, kept complete by test_install_sets.sh), so a
# missing one is a broken install, never a reason to skip.
require_programs()
{
	local p

	for p in "$@"; do
		command -v "$p" >/dev/null 2>&1 && continue
		echo "FAIL: $p is not installed; \`make check\` installs it" \
		    "(sh scripts/install-deps.sh check)"
		exit 1
	done
}

# browse OUT ARGS...: Debian's chromium, headless, on ARGS (--dump-dom
# PAGE, --screenshot=PNG PAGE); stdout into OUT.  Started here and stopped
# by its PID after 120 s at most (exit 124).  The caller sets $tmp (the
# profile and chromium's stderr go there), keeps $pid for its EXIT trap
# (the running browser, empty otherwise), and may set BROWSE_WINDOW
# (default 1200,1800).
browse()
{
	local out=$1 n=0 rc

	shift
	chromium --headless --no-sandbox --disable-gpu --no-first-run \
	    --user-data-dir="$tmp/profile" \
	    --window-size="${BROWSE_WINDOW:-1200,1800}" "$@" \
	    >"$out" 2>"$tmp/browser.err" &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if [ $n -ge 1200 ]; then
			kill "$pid"
			wait "$pid" 2>/dev/null
			pid=
			return 124
		fi
		sleep 0.1
		n=$((n + 1))
	done
	wait "$pid"
	rc=$?
	pid=
	return $rc
}

# has FILE WHAT PATTERN [COUNT]: at least COUNT (default 1) matches of
# PATTERN in FILE, reported through the caller's ok and bad.
has()
{
	local c

	c=$(grep -o -- "$3" "$1" | wc -l)
	if [ "$c" -ge "${4:-1}" ]; then ok "$2 ($c)"; else bad "$2: $c of '$3'"; fi
}
