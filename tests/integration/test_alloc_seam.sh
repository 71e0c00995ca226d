#!/bin/bash
# Every allocation in src/ goes through util's seam (erw_malloc and kin),
# so the test build can fail any of them; a libc call that bypasses it is
# an allocation no out-of-memory test ever fails.  This finds them, so that
# code added later cannot slip past the sweep unnoticed.
set -u
: "${ERW_SRC_DIR:?}"
src="$ERW_SRC_DIR/src"
# the seam itself, and util.h's inline release versions, call libc
bad=$(grep -rnE --include='*.[ch]' \
    '(^|[^_A-Za-z0-9.>])(malloc|calloc|realloc|reallocarray|strdup|strndup|posix_memalign|aligned_alloc|memalign|valloc|asprintf|vasprintf)[[:space:]]*\(' \
    "$src" | grep -v -e '^[^:]*/util/util_alloc\.c:' -e '^[^:]*/util/util\.h:' |
    grep -vE '^[^:]*:[0-9]+:[[:space:]]*(\*|/\*)')
if [ -n "$bad" ]; then
	echo "FAIL: allocations that bypass the seam (use erw_malloc etc.):"
	echo "$bad"
	exit 1
fi
# jansson's allocations go through the seam once main() says so
if ! grep -q 'json_set_alloc_funcs(erw_malloc, free)' "$src/cli/main.c"; then
	echo "FAIL: main() does not hand erw_malloc to jansson"
	exit 1
fi
echo "every allocation in src/ goes through the seam"
echo "1 passed, 0 failed"
