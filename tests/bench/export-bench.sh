#!/bin/sh
# Export of 100,000 finished intakes (records/ of the example form):
# `intake export` against cat of the same bytes (the physical limit) and
# a short Python csv script doing the same job (what a user would write).
# Medians of 3 runs.  usage: export-bench.sh INTAKE SOURCE_ROOT [N]
set -eu
intake=$1 src=$2 n=${3:-100000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export INTAKE_NOW=2026-11-22T10:00:00-06:00
"$intake" --data "$tmp/d" replay "$src/forms/example" "$src/tests/data/example-answers.csv" >/dev/null 2>&1
one=$(ls "$tmp"/d/records/*.csv)
python3 - "$one" "$tmp/d/records" "$n" <<'PY'
import sys, uuid
src, folder, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(src).read()
old = [l for l in text.splitlines() if l.startswith('meta:instance_id,')][0].split(',')[1]
for i in range(n - 1):
    new = str(uuid.uuid4())
    open(f"{folder}/{new}.csv", "w").write(text.replace(old, new))
PY
cat >"$tmp/by_hand.py" <<'PY'
import csv, glob, sys
rows, cols = [], []
for path in sorted(glob.glob(sys.argv[1] + "/*.csv")):
    with open(path, newline="") as f:
        rec = {r[0]: r[1] for r in csv.reader(f) if len(r) > 1}
    for k in rec:
        if k not in cols and not k.startswith("meta:") and "[" not in k:
            cols.append(k)
    rows.append(rec)
with open(sys.argv[2], "w", newline="", encoding="utf-8-sig") as f:
    w = csv.writer(f)
    w.writerow(cols)
    for r in rows:
        w.writerow([r.get(c, "") for c in cols])
PY
median() { sort -n | sed -n 2p; }
t() { s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
ti=$(for r in 1 2 3; do t "$intake" --data "$tmp/d" export example; done | median)
tc=$(for r in 1 2 3; do t sh -c "find '$tmp/d/records' -name '*.csv' -exec cat {} + > '$tmp/cat.out'"; done | median)
tp=$(for r in 1 2 3; do t python3 "$tmp/by_hand.py" "$tmp/d/records" "$tmp/py.csv"; done | median)
echo "export of $n records: intake export ${ti}s, cat of the same files ${tc}s, Python csv script ${tp}s"
