#!/bin/sh
# One full integration run under valgrind: `cwtop --demo --once --json`
# (in-process endpoint, signing, libcurl, parsing, alarms, JSON out) must
# finish with no memory error and no leak.
command -v valgrind >/dev/null 2>&1 || { echo "SKIP: valgrind not installed"; exit 77; }
if [ -n "${CWTOP_SANITIZED:-}" ]; then
	echo "SKIP: valgrind cannot run a sanitizer build (the normal build runs this test)"
	exit 77
fi
CWTOP=${CWTOP:-./cwtop}
log=${TMPDIR:-/tmp}/cwtop-valgrind.$$
trap 'rm -f "$log" "$log.out"' EXIT
env -i PATH="$PATH" HOME=/nonexistent LANG=C.UTF-8 \
	timeout 300 valgrind --quiet --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
	--log-file="$log" "$CWTOP" --demo --once --json >"$log.out"
rc=$?
cat "$log"
case $rc in
0 | 1) ;;
99) echo "FAIL: valgrind found errors or leaks (above)"; exit 1 ;;
*) echo "FAIL: cwtop exited $rc under valgrind"; exit 1 ;;
esac
grep -q '"regions"' "$log.out" || { echo "FAIL: no JSON report"; exit 1; }
[ -s "$log" ] && { echo "FAIL: valgrind reported something (above)"; exit 1; }
echo "valgrind: no errors, no leaks"
