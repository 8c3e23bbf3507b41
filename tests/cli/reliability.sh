#!/bin/sh
# Reliability of saving: processes killed with SIGKILL at random moments
# during replays and line-mode interviews never leave a draft, record or
# export that does not read back; and eight processes finishing 200
# intakes each into one export lose no row and interleave none.  TAP.
set -u
intake=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
form=$src/forms/example
answers=$src/tests/data/example-answers.csv
n=0 failed=0
check() {
	n=$((n + 1)); d=$1; shift
	if "$@" >/dev/null 2>&1; then echo "ok $n - $d"; else
		failed=$((failed + 1)); echo "not ok $n - $d"; fi
}
echo "1..7"

# 1. kills at random moments
data=$tmp/killed
files=""
for i in $(seq 1 40); do files="$files $answers"; done
for round in $(seq 1 25); do
	"$intake" --data "$data" replay "$form" $files >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$(( (round * 37) % 10 ))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	# a line-mode interview killed between answers
	{ printf 'Rosa\nEjemplo\n4/2/1990\n'; sleep 0.2; } |
		"$intake" --data "$data" --interviewer Vol --plain example >/dev/null 2>&1 &
	pid=$!
	sleep "0.$(( (round * 53) % 3 ))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
# every record and draft still reads back (export reads all records;
# a draft resumes)
cp "$data/exports/example.csv" "$tmp/killed-appended.csv"
"$intake" --data "$data" export example >"$tmp/export.out" 2>"$tmp/export.err"
check "every record reads back after 50 kills" sh -c "! grep -q error '$tmp/export.err'"
sort "$tmp/killed-appended.csv" >"$tmp/k1"
sort "$data/exports/example.csv" >"$tmp/k2"
check "the export holds whole rows only, each one a saved intake" sh -c "test -z \"\$(comm -23 '$tmp/k1' '$tmp/k2')\""
bad=0
for d in "$data"/drafts/*.csv; do
	[ -e "$d" ] || continue
	id=$(basename "$d" .csv)
	printf '/quit\n' | "$intake" --data "$data" --resume "$id" example >/dev/null 2>&1 || bad=$((bad + 1))
done
check "every draft left by a kill resumes" test "$bad" -eq 0

# 2. eight processes, 200 intakes each, one export
data=$tmp/busy
files=""
for i in $(seq 1 200); do files="$files $answers"; done
pids=""
for p in 1 2 3 4 5 6 7 8; do
	"$intake" --data "$data" replay "$form" $files >/dev/null 2>"$tmp/busy$p.err" &
	pids="$pids $!"
done
status=0
for pid in $pids; do wait "$pid" || status=1; done
check "eight processes finish 1,600 intakes" test "$status" -eq 0
check "1,600 records were written" test "$(ls "$data/records" | wc -l)" -eq 1600
cp "$data/exports/example.csv" "$tmp/appended.csv"
"$intake" --data "$data" export example >/dev/null 2>&1
check "the export has 1,600 rows and a header, none lost" test "$(wc -l <"$tmp/appended.csv")" -eq 1601
sort "$tmp/appended.csv" >"$tmp/a.sorted"
sort "$data/exports/example.csv" >"$tmp/b.sorted"
check "no row is interleaved: the appended rows equal the rebuild" cmp "$tmp/a.sorted" "$tmp/b.sorted"
[ "$failed" -eq 0 ]
