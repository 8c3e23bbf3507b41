#!/bin/sh
# Push throughput: N finished screening intakes (default 10,000) pushed by
# `intake push` into a fresh throwaway PostgreSQL cluster (tests/pg/lib.sh,
# Unix socket, fsync off for both sides), against `psql -c '\copy ... from'`
# of the very rows the push wrote (the typed table and the raw table), the
# practical limit of loading them.  Medians of 3 runs; prints intakes per
# second and the ratio.  usage: push-bench.sh INTAKE SOURCE_ROOT [N] [BATCH]
set -eu
intake=$1 src=$2 n=${3:-10000} batch=${4:-100}
. "$src/tests/pg/lib.sh"
pg_start >/dev/null
export INTAKE_NOW=2026-11-22T10:00:00-06:00
data=$PG_TMP/data
cp "$src/tests/personas/base.csv" "$PG_TMP/s.csv"
printf 'dob,1990-04-02\nentry_date,2015-06-01\nlast_arrival,2015-06-01\nentry_manner,visa\n' >>"$PG_TMP/s.csv"
"$intake" --data "$data" replay screening "$PG_TMP/s.csv" >/dev/null 2>&1
one=$(ls "$data"/records/*.csv)
python3 - "$one" "$data/records" "$n" <<'PY'
import sys, uuid
src, folder, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(src).read()
old = [l for l in text.splitlines() if l.startswith('meta:instance_id,')][0].split(',')[1]
for i in range(n - 1):
    new = str(uuid.uuid4())
    open(f"{folder}/{new}.csv", "w").write(text.replace(old, new))
PY
now() { date +%s.%N; }
median() { sort -n | sed -n 2p; }
: >"$PG_TMP/push.times"
for run in 1 2 3; do
	pg_sql 'DROP TABLE IF EXISTS screening, intake_raw' >/dev/null
	rm -rf "$data/pushed"
	t0=$(now)
	"$intake" --data "$data" push --batch "$batch" --quiet screening >/dev/null
	t1=$(now)
	awk -v a="$t0" -v b="$t1" "BEGIN { print b - a }" >>"$PG_TMP/push.times"
done
[ "$(pg_sql 'SELECT count(*) FROM screening')" = "$n" ] || { echo "push lost rows" >&2; exit 1; }
"$PG_BIN/psql" -X -q -c "\\copy screening to '$PG_TMP/typed.copy'"
"$PG_BIN/psql" -X -q -c "\\copy intake_raw to '$PG_TMP/raw.copy'"
: >"$PG_TMP/copy.times"
for run in 1 2 3; do
	pg_sql 'TRUNCATE screening, intake_raw' >/dev/null
	t0=$(now)
	"$PG_BIN/psql" -X -q -c "\\copy screening from '$PG_TMP/typed.copy'"
	"$PG_BIN/psql" -X -q -c "\\copy intake_raw from '$PG_TMP/raw.copy'"
	t1=$(now)
	awk -v a="$t0" -v b="$t1" "BEGIN { print b - a }" >>"$PG_TMP/copy.times"
done
tp=$(median <"$PG_TMP/push.times")
tc=$(median <"$PG_TMP/copy.times")
printf 'records: %d screening intakes, batch %d\n' "$n" "$batch"
awk -v n="$n" -v p="$tp" -v c="$tc" 'BEGIN {
	printf "intake push:  %.2f s  %.0f intakes/s\n", p, n / p
	printf "psql \\copy:   %.2f s  %.0f intakes/s\n", c, n / c
	printf "ratio: push takes %.1fx the time of \\copy\n", p / c }'
