#!/bin/sh
# Saving intakes: folder and file modes, export rows appended then
# rebuilt identically, a changed form never appended to, an unsafe
# screening keeping nothing, and a full disk (a file size limit) leaving
# every earlier file intact and no temporary file behind.  Prints TAP.
set -u
intake=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
data=$tmp/data
n=0 failed=0
. "$(dirname "$0")/../lib.sh"
replay() { "$intake" --data "$data" replay "$@"; }
echo "1..17"

replay "$src/forms/example" "$src/tests/data/example-answers.csv"
check "a finished intake exits 0" test $? -eq 0
check "data folder is 0700" test "$(mode "$data")" = 700
check "records folder is 0700" test "$(mode "$data/records")" = 700
check "record file is 0600" test "$(mode "$data"/records/*.csv)" = 600
check "export file is 0600" test "$(mode "$data/exports/example.csv")" = 600
replay "$src/forms/example" "$src/tests/data/example-answers.csv"
cp "$data/exports/example.csv" "$tmp/appended.csv"
"$intake" --data "$data" export example >/dev/null 2>&1
# the same rows; both intakes end at the same pinned instant, so compare
# them in any order
sort "$tmp/appended.csv" >"$tmp/a.sorted"
sort "$data/exports/example.csv" >"$tmp/b.sorted"
check "two appended rows equal the rebuilt export" cmp "$tmp/a.sorted" "$tmp/b.sorted"

# a header that no longer matches the form is never appended to
sed -i '1s/_notes/_notes,old_column/' "$data/exports/example.csv"
cp "$data/exports/example.csv" "$tmp/changed.csv"
replay "$src/forms/example" "$src/tests/data/example-answers.csv"
check "a mismatching export makes replay fail with 73" test $? -eq 73
check "the mismatching export is left as it was" cmp "$tmp/changed.csv" "$data/exports/example.csv"
check "the record is saved all the same" test "$(ls "$data/records" | wc -l)" -eq 3

# a full disk: no file may grow, so the record cannot be written
"$intake" --data "$data" export example >/dev/null 2>&1
cp "$data/exports/example.csv" "$tmp/before.csv"
(trap '' XFSZ; ulimit -f 0; "$intake" --data "$data" replay "$src/forms/example" \
	"$src/tests/data/example-answers.csv") >/dev/null 2>&1
check "a full disk leaves the export untouched" cmp "$tmp/before.csv" "$data/exports/example.csv"
check "a full disk leaves no temporary file" test -z "$(find "$data" -name '*.tmp.*')"

# a draft left by a stopped interview is listed and resumes
printf 'Rosa\n/quit\n' | "$intake" --data "$tmp/dr" --interviewer Vol --plain example >"$tmp/plain.out" 2>&1
id=$(ls "$tmp/dr/drafts" | cut -c1-8)
"$intake" --data "$tmp/dr" drafts >"$tmp/list.out" 2>&1
check "intake drafts lists the draft by its id" grep -q "^$id  example" "$tmp/list.out"
printf '/back\n/quit\n' | "$intake" --data "$tmp/dr" --resume "$id" example >"$tmp/resume.out" 2>&1
check "a resumed draft has the earlier answer" grep -q "Current answer: Rosa" "$tmp/resume.out"

# text that is too odd: a megabyte is stored and exported whole; invalid
# UTF-8 and control characters are refused with a message naming the row
big=$(head -c 1000000 /dev/zero | tr '\0' 'x')
{ cat "$src/tests/data/example-answers.csv"; echo "notes,$big"; } >"$tmp/big.csv"
"$intake" --data "$tmp/big-data" replay "$src/forms/example" "$tmp/big.csv" >/dev/null 2>&1
check "a megabyte of text is stored and exported" test "$(wc -c <"$tmp/big-data/exports/example.csv")" -gt 1000000
{ cat "$src/tests/data/example-answers.csv"; printf 'notes,caf\351\n'; } >"$tmp/latin1.csv"
"$intake" --data "$tmp/bad-data" replay "$src/forms/example" "$tmp/latin1.csv" >"$tmp/latin1.out" 2>&1
check "invalid UTF-8 in an answer file is refused, naming the row" grep -q "latin1.csv:18: error: cell 2 is not valid UTF-8" "$tmp/latin1.out"
{ cat "$src/tests/data/example-answers.csv"; printf 'last_name,"A\001B"\n'; } >"$tmp/ctrl.csv"
"$intake" --data "$tmp/bad-data" replay "$src/forms/example" "$tmp/ctrl.csv" >"$tmp/ctrl.out" 2>&1
check "a control character in a text answer is refused with a message" grep -q "characters that cannot be saved" "$tmp/ctrl.out"

# an unsafe client: the screening form's save_if keeps nothing
{ cat "$src/tests/personas/base.csv"; echo "safe_now,no"; } >"$tmp/unsafe.csv"
"$intake" --data "$tmp/unsafe-data" replay "$src/forms/screening" "$tmp/unsafe.csv" >/dev/null 2>&1
check "an unsafe screening saves no file at all" test -z "$(find "$tmp/unsafe-data" -type f 2>/dev/null)"
[ "$failed" -eq 0 ]
