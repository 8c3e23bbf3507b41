#!/bin/sh
# Broken forms: `intake check` on each folder of tests/forms must print
# exactly its expected.txt (stdout, then stderr) and exit with its
# expected-status.  Also the bundled forms must check clean, without a
# warning.  Prints TAP.
set -u
intake=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
forms=$2 bundled=$3
cd "$forms" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 failed=0
total=$(ls -d */ | wc -l)
echo "1..$((total + 2))"
for d in */; do
	d=${d%/}
	n=$((n + 1))
	"$intake" check "$d" >"$tmp/out" 2>"$tmp/err"
	status=$?
	cat "$tmp/out" "$tmp/err" >"$tmp/all"
	if [ "$status" = "$(cat "$d/expected-status")" ] && cmp -s "$tmp/all" "$d/expected.txt"; then
		echo "ok $n - $d"
	else
		failed=$((failed + 1))
		echo "not ok $n - $d (exit $status, expected $(cat "$d/expected-status"))"
		diff "$d/expected.txt" "$tmp/all" | sed 's/^/# /'
	fi
done
for form in screening example; do
	n=$((n + 1))
	if "$intake" check "$bundled/$form" >"$tmp/out" 2>&1 && ! grep -q "warning" "$tmp/out"; then
		echo "ok $n - bundled form $form checks clean"
	else
		failed=$((failed + 1))
		echo "not ok $n - bundled form $form"
		sed 's/^/# /' "$tmp/out"
	fi
done
[ "$failed" -eq 0 ]
