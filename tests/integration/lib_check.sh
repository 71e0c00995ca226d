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
