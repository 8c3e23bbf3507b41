#!/bin/sh
# Broken forms: `intake check` on each folder of tests/forms must print
# exactly its expected.txt (stdout, then stderr) and exit with its
# expected-status.  Also the bundled forms must check clean, without a
# warning, and the exit status follows the worst form of several (66 for a
# missing one, else 65 for errors), 64 without arguments.  Prints TAP.
set -u
intake=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
forms=$2 bundled=$3
cd "$forms" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 failed=0
total=$(ls -d */ | wc -l)
echo "1..$((total + 6))"
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
# status: expect NAME STATUS ARGS... runs intake check ARGS
expect() {
	name=$1 want=$2
	shift 2
	n=$((n + 1))
	"$intake" check "$@" >"$tmp/out" 2>&1
	got=$?
	if [ "$got" = "$want" ]; then
		echo "ok $n - $name"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name (exit $got, expected $want)"
		sed 's/^/# /' "$tmp/out"
	fi
}
expect "no arguments: usage" 64
expect "a missing folder among good ones" 66 "$bundled/example" no-such-form bad-pii
expect "a broken form among good ones" 65 "$bundled/example" bad-pii no-settings
n=$((n + 1))
if "$intake" check "$bundled/example/" 2>&1 | grep -q "^$bundled/example: OK"; then
	echo "ok $n - a trailing slash is not doubled in paths"
else
	failed=$((failed + 1))
	echo "not ok $n - a trailing slash is not doubled in paths"
fi
[ "$failed" -eq 0 ]
