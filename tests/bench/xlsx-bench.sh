#!/bin/sh
# The XLSX export against the CSV export of the same N finished intakes
# (records/ of the example form, with repeats): wall time (median of 3)
# and peak resident memory of each, to show that the workbook is written
# in bounded memory (libxlsxwriter's constant-memory mode) whatever N is.
# Run by hand, never in the test suite.
# usage: xlsx-bench.sh INTAKE SOURCE_ROOT [N...]   (default: 1000 10000 100000)
set -eu
intake=$1 src=$2
shift 2
[ $# -gt 0 ] || set -- 1000 10000 100000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export INTAKE_NOW=2026-11-22T10:00:00-06:00
"$intake" --data "$tmp/d" replay "$src/forms/example" "$src/tests/data/example-answers.csv" >/dev/null 2>&1
one=$(ls "$tmp"/d/records/*.csv)
have=1
median() { sort -n | sed -n 2p; }
# run COMMAND...: prints "seconds peak_KiB"
run() { /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1; }
for n in "$@"; do
	/usr/bin/python3 - "$one" "$tmp/d/records" "$have" "$n" <<'PY'
import sys, uuid
src, folder, have, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
text = open(src).read()
old = [l for l in text.splitlines() if l.startswith('meta:instance_id,')][0].split(',')[1]
for i in range(n - have):
    new = str(uuid.uuid4())
    open(f"{folder}/{new}.csv", "w").write(text.replace(old, new))
PY
	have=$n
	csv=$(for r in 1 2 3; do run "$intake" --data "$tmp/d" export example; done | median)
	xlsx=$(for r in 1 2 3; do run "$intake" --data "$tmp/d" export --xlsx example; done | median)
	size=$(stat -c %s "$tmp/d/exports/example.xlsx")
	echo "$n intakes: CSV export ${csv% *} s, peak ${csv#* } KiB; XLSX export ${xlsx% *} s, peak ${xlsx#* } KiB, workbook $size bytes"
done
