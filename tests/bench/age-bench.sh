#!/bin/sh
# What sealing costs (issue 13).  Run by hand:
#   sh tests/bench/age-bench.sh build/src/intake build/tests/bench/age_bench . [N]
# 1. One record sealed and opened in process (age_bench micro).
# 2. Finishing intakes: `intake replay` of 300 intakes on the example
#    form, plain and sealed (a replay finishes each intake: record written
#    and synced, export row appended, or the record sealed); medians of 3.
# 3. `intake export` of N (100,000) plain records against `intake export
#    --identity` of the same records sealed; medians of 3 and their ratio.
set -eu
intake=$1 bench=$2 src=$3 n=${4:-100000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export INTAKE_NOW=2026-11-22T10:00:00-06:00
median() { sort -n | sed -n 2p; }
t() { s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }

"$intake" keygen -o "$tmp/key.txt" 2>/dev/null
pub=$(sed -n 's/^# public key: //p' "$tmp/key.txt")
cp -r "$src/forms/example" "$tmp/sealed"
awk -v k="$pub" 'NR == 1 { print $0 ",public_key"; next }
	NR == 2 { print $0 "," k; next } { print }' \
	"$src/forms/example/settings.csv" >"$tmp/sealed/settings.csv"

# 1
"$intake" --data "$tmp/one" replay "$src/forms/example" "$src/tests/data/example-answers.csv"
"$bench" micro "$tmp"/one/records/*.csv

# 2
files=""
for i in $(seq 1 300); do files="$files $src/tests/data/example-answers.csv"; done
tp=$(for r in 1 2 3; do rm -rf "$tmp/p"; t "$intake" --data "$tmp/p" replay "$src/forms/example" $files; done | median)
ts=$(for r in 1 2 3; do rm -rf "$tmp/s"; t "$intake" --data "$tmp/s" replay "$tmp/sealed" $files; done | median)
echo "finishing 300 intakes: plain ${tp}s, sealed ${ts}s" \
	"($(echo "scale=2; ($ts - $tp) * 1000 / 300" | bc) ms more per intake)"

# 3
one=$(ls "$tmp"/one/records/*.csv)
mkdir -p "$tmp/plain/records"
python3 - "$one" "$tmp/plain/records" "$n" <<'PY'
import sys, uuid
src, folder, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(src).read()
old = [l for l in text.splitlines() if l.startswith('meta:instance_id,')][0].split(',')[1]
for i in range(n):
    new = str(uuid.uuid4())
    open(f"{folder}/{new}.csv", "w").write(text.replace(old, new))
PY
cp -r "$tmp/plain" "$tmp/seal"
"$bench" seal "$tmp/key.txt" "$tmp/seal/records"
ep=$(for r in 1 2 3; do t "$intake" --data "$tmp/plain" export example; done | median)
es=$(for r in 1 2 3; do t "$intake" --data "$tmp/seal" export --identity "$tmp/key.txt" example; done | median)
cmp "$tmp/plain/exports/example.csv" "$tmp/seal/exports/example.csv"
echo "export of $n records: plain ${ep}s, sealed with --identity ${es}s" \
	"(ratio $(echo "scale=2; $es / $ep" | bc)); the two exports are identical"
