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
	grep -q 'FAIL\|ERROR\|TIMEOUT' "$dir/test-output.txt" &&
		sed -n '/^=\{10,\}/,$p' "$dir/test-output.txt" | head -200
	# Count individual checks: a TAP test's subtests, else the test itself.
	ok=$(awk '/^ *[0-9]+\/[0-9]+ .* OK / {
			if (match($0, /[0-9]+ subtests passed/)) n += substr($0, RSTART) + 0
			else n += 1
		} END { print n + 0 }' "$dir/test-output.txt")
	bad_tests=$(grep -cE '^ *[0-9]+/[0-9]+ .* (FAIL|ERROR|TIMEOUT|UNEXPECTEDPASS) ' "$dir/test-output.txt")
	bad_subtests=$(grep -c '^not ok' "$dir/meson-logs/testlog.txt" 2>/dev/null)
	bad=$(( bad_subtests > bad_tests ? bad_subtests : bad_tests ))
	passed=$((passed + ok))
	failed=$((failed + bad))
	grep -qE '^ *[0-9]+/[0-9]+ ' "$dir/test-output.txt" || failed=$((failed + 1))
}

run_suite build
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	run_suite build-san -Db_sanitize=address,undefined -Db_lundef=false \
	-Dbuildtype=debug

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
