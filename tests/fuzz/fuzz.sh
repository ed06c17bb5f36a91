#!/bin/sh
# fuzz.sh: build the libFuzzer targets and run each for a while (`make fuzz`).
#
#   fuzz.sh SRCDIR SECONDS TARGET...     (TARGET: tests/fuzz/fuzz_NAME)
#
# The Makefile passes the compiler and flags in the environment:
#   FUZZ_CC, FUZZ_CFLAGS (compile), FUZZ_LDFLAGS (link), FUZZ_CPPFLAGS,
#   FUZZ_SOURCES (every library source; headers are skipped), FUZZ_LIBS.
# The library is compiled once into tests/fuzz/lib/ (instrumented with
# -fsanitize=fuzzer-no-link) and rebuilt when a source or header changes.
# Each target runs on a work copy of its corpus in tests/fuzz/work/NAME/
# (new inputs land there; see README.md to merge them back) and writes any
# crash to tests/fuzz/crashes/. Exit status 1 if any target failed.
set -u
srcdir=$1
seconds=$2
shift 2
: "${FUZZ_CC:=clang}"
: "${FUZZ_JOBS:=1}" # >1: libFuzzer -fork=N workers
out=tests/fuzz
mkdir -p "$out/lib" "$out/bin" "$out/work" "$out/crashes" || exit 1

# Newest header: an object older than it is rebuilt.
stamp=$out/lib/.headers
find "$srcdir/src" "$srcdir/widgets" -name '*.h' -newer "$stamp" 2>/dev/null | grep -q . &&
	rm -f "$out"/lib/*.o
[ -f "$stamp" ] || rm -f "$out"/lib/*.o
touch "$stamp"

compile() { # compile SRC OBJ
	# shellcheck disable=SC2086
	$FUZZ_CC $FUZZ_CPPFLAGS $FUZZ_CFLAGS -fsanitize=fuzzer-no-link -c "$1" -o "$2"
}

objs=
failed=0
for src in $FUZZ_SOURCES; do
	case $src in *.c) ;; *) continue ;; esac
	obj=$out/lib/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')
	objs="$objs $obj"
	if [ ! -f "$obj" ] || [ "$srcdir/$src" -nt "$obj" ]; then
		echo "  FUZZCC   $src"
		compile "$srcdir/$src" "$obj" || failed=1
	fi
done
[ "$failed" -eq 0 ] || { echo "fuzz: the library did not compile"; exit 1; }
rm -f "$out/lib/libcwtop-fuzz.a"
# shellcheck disable=SC2086
ar rc "$out/lib/libcwtop-fuzz.a" $objs && ranlib "$out/lib/libcwtop-fuzz.a" || exit 1

status=0
for target in "$@"; do
	name=${target##*/fuzz_}
	bin=$out/bin/fuzz_$name
	echo "  FUZZLD   $bin"
	# shellcheck disable=SC2086
	$FUZZ_CC $FUZZ_CPPFLAGS $FUZZ_CFLAGS -DCWTOP_LIBFUZZER $FUZZ_LDFLAGS \
		"$srcdir/tests/fuzz/fuzz_$name.c" "$out/lib/libcwtop-fuzz.a" $FUZZ_LIBS -o "$bin" ||
		{ status=1; continue; }
	work=$out/work/$name
	mkdir -p "$work"
	dict=
	[ -f "$srcdir/tests/fuzz/dict/$name.dict" ] && dict=-dict=$srcdir/tests/fuzz/dict/$name.dict
	fork=
	[ "$FUZZ_JOBS" -gt 1 ] && fork="-fork=$FUZZ_JOBS -ignore_crashes=0"
	echo "== fuzz_$name for ${seconds}s"
	# Without the env, ASan would not see leaks after a crash-free run
	# and UBSan would only warn.
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$out/crashes/${name}-" \
		$fork $dict \
		"$work" "$srcdir/tests/fuzz/corpus/$name" > "$out/work/$name.log" 2>&1
	rc=$?
	grep -E '^(stat::|INFO: fuzzed for|#[0-9]+.*DONE|==[0-9]+==ERROR|SUMMARY|.*invariant broken)' \
		"$out/work/$name.log" | tail -n 12
	if [ "$rc" -ne 0 ]; then
		echo "fuzz_$name FAILED (exit $rc): see $out/work/$name.log and $out/crashes/"
		status=1
	else
		echo "fuzz_$name: no failure; $(ls "$work" | wc -l) inputs in $work"
	fi
done
exit "$status"
