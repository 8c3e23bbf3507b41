#!/bin/sh
# intake export on disk: a rebuild racing finishing intakes loses and
# doubles none; a bad record is named with its row and exits 65 keeping
# the old files; a full disk exits non-zero without claiming success and
# leaves the old files and no temporary file.  Prints TAP.
set -u
intake=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
data=$tmp/data
n=0 failed=0
. "$(dirname "$0")/../lib.sh"
replay() { "$intake" --data "$data" replay "$src/forms/example" "$src/tests/data/example-answers.csv"; }
echo "1..13"

# 3,000 finished intakes: one replayed, the others copies with new ids
replay >/dev/null 2>&1
one=$(ls "$data"/records/*.csv)
python3 - "$one" "$data/records" 2999 <<'PY'
import sys, uuid
src, folder, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(src).read()
old = [l for l in text.splitlines() if l.startswith('meta:instance_id,')][0].split(',')[1]
for i in range(n):
    new = str(uuid.uuid4())
    open(f"{folder}/{new}.csv", "w").write(text.replace(old, new))
PY

# a rebuild while eight intakes finish
"$intake" --data "$data" export example >"$tmp/export.out" 2>&1 &
pid=$!
for i in 1 2 3 4 5 6 7 8; do replay >/dev/null 2>&1 & done
wait
records=$(ls "$data/records" | wc -l)
rows=$(($(wc -l <"$data/exports/example.csv") - 1))
check "the race's rebuild succeeded" grep -q "intakes exported" "$tmp/export.out"
check "every record is in the export ($records records, $rows rows)" test "$rows" -eq "$records"
check "no intake is there twice" test "$(cut -d, -f1 "$data/exports/example.csv" | sort | uniq -d | wc -l)" -eq 0

# a bad cell in one record: named with its row, exit 65, old files kept
cp "$data/exports/example.csv" "$tmp/before.csv"
bad=$(ls "$data"/records/*.csv | head -1)
sed -i '20s/,answered,/,answred,/' "$bad"
"$intake" --data "$data" export example >"$tmp/bad.out" 2>"$tmp/bad.err"
check "a bad record makes export exit 65" test $? -eq 65
check "the bad record is named with its row" grep -q "$bad:20: state: error: unknown state \"answred\"" "$tmp/bad.err"
check "no success is claimed" sh -c "! grep -q 'intakes exported' '$tmp/bad.err'"
check "the old export is kept" cmp "$tmp/before.csv" "$data/exports/example.csv"
sed -i '20s/,answred,/,answered,/' "$bad"

# a full disk: no file may grow
(trap '' XFSZ; ulimit -f 0; "$intake" --data "$data" export example) >"$tmp/full.out" 2>&1
check "a full disk makes export fail" test $? -ne 0
check "a full disk leaves the old export" cmp "$tmp/before.csv" "$data/exports/example.csv"
check "a full disk leaves no temporary file" test -z "$(find "$data" -name '*.tmp.*')"

# IDs keep their leading zeros in a spreadsheet: the screening form
# exports the A-number with its A (peers.md, "IDs and leading zeros")
sdata=$tmp/screening
{ sed 's/^has_a_number,no$/has_a_number,yes\na_number_digits,012345678/' \
	"$src/tests/personas/base.csv"
  printf '%s\n' dob,1990-04-15 entry_date,2015-03-01 last_arrival,2015-03-01 \
	entry_manner,uninspected status,none; } >"$tmp/anum.csv"
"$intake" --data "$sdata" replay screening "$tmp/anum.csv" >/dev/null 2>&1
"$intake" --data "$sdata" export screening >/dev/null 2>&1
column() { # column NAME: its value in the export's only row
	python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1], encoding="utf-8-sig"))); print(dict(zip(r[0], r[1])).get(sys.argv[2], "<none>"))' \
		"$sdata/exports/screening.csv" "$1"
}
check "the A-number is exported with its A" test "$(column a_number)" = A012345678
check "the digits alone are not exported" test "$(column a_number_digits)" = "<none>"
check "the codebook lists a_number" grep -q '^screening,a_number,About you,calculate,,A-number,Número A,' "$sdata/exports/screening-codebook.csv"
[ "$failed" -eq 0 ]
