#!/bin/sh
# The whole test suite: installs what is missing, builds twice (a plain
# build in build/ and an AddressSanitizer + UndefinedBehaviorSanitizer
# build in build-san/), runs every test in both, and ends with the line
# "N passed, N failed".  Exits non-zero when any test fails.
set -u
cd "$(dirname "$0")/.." || exit 1
sh tests/install-deps.sh || exit 1

passed=0
failed=0

# run_suite DIR [meson setup options...]
run_suite() {
	dir=$1
	shift
	if [ ! -d "$dir" ]; then
		meson setup "$dir" "$@" >/dev/null || { failed=$((failed + 1)); return; }
	fi
	if ! meson compile -C "$dir" >/dev/null; then
		meson compile -C "$dir" 2>&1 | tail -30
		failed=$((failed + 1))
		return
	fi
	meson test -C "$dir" --print-errorlogs --num-processes 2 >"$dir/test-output.txt" 2>&1
	grep -E '^ *[0-9]+/[0-9]+ ' "$dir/test-output.txt" | sed "s|^|[$dir] |"
	grep -q 'FAIL\|TIMEOUT' "$dir/test-output.txt" &&
		sed -n '/^=\{10,\}/,$p' "$dir/test-output.txt" | head -200
	ok=$(awk '/^Ok:/ {print $2}' "$dir/test-output.txt")
	bad=$(awk '/^(Fail|Unexpected Pass|Timeout):/ {s += $NF} END {print s + 0}' "$dir/test-output.txt")
	passed=$((passed + ${ok:-0}))
	failed=$((failed + ${bad:-0}))
	[ -n "$ok" ] || failed=$((failed + 1))
}

run_suite build
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	run_suite build-san -Db_sanitize=address,undefined -Db_lundef=false \
	-Dbuildtype=debug

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
