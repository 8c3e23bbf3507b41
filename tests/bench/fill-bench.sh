#!/bin/sh
# Times `intake push --fill --identity KEY` (issues 13 and 14): N sealed
# screening intakes pushed as bytes alone into a throwaway cluster
# (tests/pg/lib.sh), then, three times: the rows blanked again and the
# typed table dropped, a fill, a second fill (nothing to do), and
# `export --from --identity` of the same rows for comparison.
# usage: sh tests/bench/fill-bench.sh INTAKE SRC N
set -u
intake=$1 src=$2 N=$3
. "$src/tests/pg/lib.sh"
pg_start
"$intake" keygen -o "$PG_TMP/key.txt" 2>/dev/null
pub=$(sed -n 's/^# public key: //p' "$PG_TMP/key.txt")
cp -r "$src/forms/screening" "$PG_TMP/screening"
awk -v keys="$pub" 'NR == 1 { print $0 ",public_key"; next } NR == 2 { print $0 ",\"" keys "\""; next } { print }' \
	"$src/forms/screening/settings.csv" >"$PG_TMP/screening/settings.csv"
{ cat "$src/tests/personas/base.csv"
  printf '%s\n' dob,1981-06-16 country,MX entry_date,1995-03-01 last_arrival,1995-03-01 entry_manner,uninspected school_status,hs_grad
} >"$PG_TMP/p01.csv"
set --; i=0; while [ $i -lt $N ]; do set -- "$@" "$PG_TMP/p01.csv"; i=$((i+1)); done
"$intake" --data "$PG_TMP/l" replay "$PG_TMP/screening" "$@" >/dev/null 2>&1
"$intake" --data "$PG_TMP/l" push >/dev/null 2>&1
echo "rows: $(pg_sql "SELECT count(*) FROM intake_raw WHERE form_id = ''")"
for run in 1 2 3; do
	pg_sql "UPDATE intake_raw SET form_id = '', form_version = NULL, ended = NULL" >/dev/null
	pg_sql "DROP TABLE IF EXISTS screening" >/dev/null
	s=$(date +%s.%N); "$intake" --data "$PG_TMP/legal" push --fill --identity "$PG_TMP/key.txt" >/dev/null 2>&1; rc=$?; e=$(date +%s.%N)
	f=$(echo "$e - $s" | bc)
	s=$(date +%s.%N); "$intake" --data "$PG_TMP/legal" push --fill --identity "$PG_TMP/key.txt" >/dev/null 2>&1; e=$(date +%s.%N)
	r=$(echo "$e - $s" | bc)
	s=$(date +%s.%N); "$intake" --data "$PG_TMP/legal" export --from "" --identity "$PG_TMP/key.txt" screening >/dev/null 2>&1; e=$(date +%s.%N)
	x=$(echo "$e - $s" | bc)
	echo "run $run: fill $f s (rc $rc, typed $(pg_sql 'SELECT count(*) FROM screening')), second fill $r s, export --from --identity $x s"
done
