#!/bin/sh
# `intake drafts` with N saved drafts (default 10,000): the start screen
# lists them the same way.  Each draft is a screening draft of about 18 KB
# (copies of one, with new ids).  The list reads them from drafts/.index,
# one stat per draft, after a first listing (timed apart) that reads the
# metadata rows of every draft.  Medians of RUNS runs (default 5),
# wall-clock and CPU time.
#
# usage: drafts-bench.sh INTAKE SOURCE_ROOT [N]
set -eu
intake=$1 src=$2 n=${3:-10000}
runs=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export INTAKE_NOW=2026-11-22T10:00:00-06:00
{ cat "$src/tests/personas/base.csv"
  printf 'dob,1990-05-01\nentry_date,2010-01-01\nlast_arrival,2010-01-01\n'
  printf 'entry_manner,uninspected\nstatus_2012,none\nschool_status,none\n'
} >"$tmp/answers.csv"
"$intake" --data "$tmp/one" replay "$src/forms/screening" "$tmp/answers.csv" >/dev/null
python3 - "$(ls "$tmp"/one/records/*.csv)" "$tmp/d/drafts" "$n" <<'PY'
import os, sys, uuid
src, folder, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(folder)
text = open(src).read().replace("meta:status,complete", "meta:status,draft")
old = [l for l in text.splitlines() if l.startswith('meta:instance_id,')][0].split(',')[1]
for i in range(n):
    new = str(uuid.uuid4())
    with open(f"{folder}/{new}.csv", "w") as f:
        f.write(text.replace(old, new))
PY
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# "wall cpu" milliseconds of one run (cpu: user + system)
t() {
	/usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" >/dev/null 2>&1
	awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$tmp/time"
}
# drafts saved over two seconds ago, as they are when a volunteer opens
# the list (a draft changed within two seconds is read again each time,
# see src/draft_index.c)
sleep 3
# the first listing reads every draft and writes drafts/.index
rm -f "$tmp/d/drafts/.index"
first=$(t "$intake" --data "$tmp/d" drafts)
listed=$("$intake" --data "$tmp/d" drafts | grep -c screening || true)
i=0
while [ $i -lt "$runs" ]; do t "$intake" --data "$tmp/d" drafts; i=$((i + 1)); done >"$tmp/ms"
echo "intake drafts with $n drafts ($listed listed), medians: $(cut -d' ' -f1 "$tmp/ms" | median) ms" \
     "wall, $(cut -d' ' -f2 "$tmp/ms" | median) ms CPU; the first listing" \
     "(no index yet): ${first% *} ms wall, ${first#* } ms CPU"
# the start screen: the curses program on a virtual terminal (the
# scripted screens' INTAKE_SCRIPT), drawn once with every form and draft,
# then F10
printf '# size: 100x30\n:dump-screen\n<F10>\n' >"$tmp/start.keys"
i=0
while [ $i -lt "$runs" ]; do
	INTAKE_SCRIPT=$tmp/start.keys INTAKE_SCRIPT_OUT=$tmp/start.out \
		INTAKE_SCRIPT_SIZE=100x30 t "$intake" --data "$tmp/d"
	i=$((i + 1))
done >"$tmp/ss"
grep -q 'Start: choose' "$tmp/start.out" ||
	echo "drafts-bench: the start screen was not drawn" >&2
echo "the start screen with $n drafts, medians: $(cut -d' ' -f1 "$tmp/ss" | median) ms wall," \
     "$(cut -d' ' -f2 "$tmp/ss" | median) ms CPU"
