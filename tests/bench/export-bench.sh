#!/bin/sh
# Export of N finished screening intakes (default 100,000 and 300,000),
# side by side in one run: `intake export` against `cat` of the same
# record files (the physical limit) and a short Python csv script writing
# the same main table (what a user would write, given the column names;
# its rows must come out the same as intake's).  Medians of RUNS runs
# (default 5; PY_RUNS of them run Python too), one of each per round,
# wall-clock and CPU (user + system) seconds; peak memory (maximum resident set) of intake export.
#
# usage: export-bench.sh INTAKE SOURCE_ROOT [N...]
# The record sets are generated once into $BENCH_DIR (default
# /tmp/intake-bench) and reused: one screening intake replayed, then
# copies with new ids and end times spread over a month.  A larger set
# hard-links the files of a smaller one.
set -eu
intake=$1 src=$2
shift 2
[ $# -gt 0 ] || set -- 100000 300000
runs=${RUNS:-5}
bench=${BENCH_DIR:-/tmp/intake-bench}
mkdir -p "$bench"
export INTAKE_NOW=2026-11-22T10:00:00-06:00

one="$bench/one/records"
if [ ! -d "$one" ]; then
	{ cat "$src/tests/personas/base.csv"
	  printf 'dob,1990-05-01\nentry_date,2010-01-01\nlast_arrival,2010-01-01\n'
	  printf 'entry_manner,uninspected\nstatus_2012,none\nschool_status,none\n'
	} >"$bench/answers.csv"
	"$intake" --data "$bench/one" replay "$src/forms/screening" "$bench/answers.csv" >/dev/null
fi
first=$(ls "$one"/*.csv | head -1)

# make N [FROM]: records/ of N intakes in $bench/N
make_set() {
	[ -d "$bench/$1/records" ] && return 0
	python3 - "$first" "$bench/$1/records" "$1" ${2:+"$bench/$2/records"} <<'PY'
import os, random, sys, uuid
src, folder, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
link_from = sys.argv[4] if len(sys.argv) > 4 else None
os.makedirs(folder)
text = open(src).read()
meta = dict(l.split(',', 2)[:2] for l in text.splitlines() if l.startswith('meta:'))
old_id, old_end = meta['meta:instance_id'], meta['meta:ended']
have = 0
if link_from:
    for name in os.listdir(link_from):
        os.link(os.path.join(link_from, name), os.path.join(folder, name))
        have += 1
random.seed(n)
for i in range(n - have):
    new = str(uuid.uuid4())
    end = "2026-11-%02dT%02d:%02d:%02d-06:00" % (random.randint(1, 28),
          random.randint(0, 23), random.randint(0, 59), random.randint(0, 59))
    with open(f"{folder}/{new}.csv", "w") as f:
        f.write(text.replace(old_id, new).replace("meta:ended," + old_end,
                                                  "meta:ended," + end))
PY
}

# The Python script writes the same main table: the columns intake
# exports (it is given their names, the header of intake's own output, so
# it needs no form), one row per record, in the same CSV dialect.  It
# streams, as intake does.  The rows of the two outputs are compared
# after the runs: they must be the same bytes (Python writes them in file
# name order, intake in (end time, id) order).
cat >"$bench/by_hand.py" <<'PY'
import csv, glob, sys
with open(sys.argv[3], newline="", encoding="utf-8-sig") as f:
    cols = next(csv.reader(f))
keys = ["meta:instance_id" if c == "_intake_id" else
        "meta:" + c[1:] if c.startswith("_") else c for c in cols]
with open(sys.argv[2], "w", newline="", encoding="utf-8-sig") as out:
    w = csv.writer(out)
    w.writerow(cols)
    for path in sorted(glob.glob(sys.argv[1] + "/*.csv")):
        with open(path, newline="") as f:
            rec = {r[0]: r[1] for r in csv.reader(f) if len(r) > 1}
        w.writerow([rec.get(k, "") for k in keys])
PY

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# "wall cpu" seconds of one run of a command (cpu: user + system, its
# children included), output discarded
t() {
	/usr/bin/time -f "%e %U %S" -o "$bench/time" "$@" >/dev/null 2>&1
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$bench/time"
}
# a / b to two decimals ("-" when there is no b or no a)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 == 0) print "-"; else printf "%.2f\n", a / b }'; }
col() { cut -d' ' -f"$1" "$2" | median; }

prev=
for n in "$@"; do
	make_set "$n" $prev
	prev=$n
	d=$bench/$n
	# warm the page cache once, then one run of each per round, so that
	# a change in the machine's load touches all three alike
	find "$d/records" -name '*.csv' -exec cat {} + >/dev/null
	"$intake" --data "$d" export screening >/dev/null 2>&1
	head -1 "$d/exports/screening.csv" >"$bench/header.csv"
	: >"$bench/ti" ; : >"$bench/tc" ; : >"$bench/tp"
	i=0
	while [ $i -lt "$runs" ]; do
		t "$intake" --data "$d" export screening >>"$bench/ti"
		t sh -c "find '$d/records' -name '*.csv' -exec cat {} + >'$bench/cat.out'" >>"$bench/tc"
		[ $i -ge "${PY_RUNS:-$runs}" ] ||
			t python3 "$bench/by_hand.py" "$d/records" "$bench/py.csv" \
			  "$bench/header.csv" >>"$bench/tp"
		i=$((i + 1))
	done
	ti=$(col 1 "$bench/ti") tc=$(col 1 "$bench/tc") tp=$(col 1 "$bench/tp")
	ci=$(col 2 "$bench/ti") cc=$(col 2 "$bench/tc") cp=$(col 2 "$bench/tp")
	rss=$(/usr/bin/time -f %M "$intake" --data "$d" export screening 2>&1 >/dev/null | tail -1)
	rows=$(($(wc -l <"$d/exports/screening.csv") - 1))
	if [ -s "$bench/py.csv" ]; then
		tail -n +2 "$d/exports/screening.csv" | sort >"$bench/sorted.csv"
		tail -n +2 "$bench/py.csv" | sort | cmp -s - "$bench/sorted.csv" || {
			echo "export-bench: Python's table differs from intake's" >&2
			exit 1
		}
	fi
	echo "export of $n records ($rows rows), medians wall / cpu:" \
	     "intake export ${ti}s / ${ci}s, cat ${tc}s / ${cc}s," \
	     "Python csv ${tp}s / ${cp}s;" \
	     "intake/cat $(ratio "$ti" "$tc") / $(ratio "$ci" "$cc")," \
	     "Python/intake $(ratio "$tp" "$ti") / $(ratio "$cp" "$ci");" \
	     "peak RSS $((rss / 1024)) MiB"
	rm -f "$bench/cat.out" "$bench/py.csv" "$bench/sorted.csv"
done
