#!/bin/sh
# A full disk on the server (issue 14, point 6), for real: the server runs
# under a file-size limit (ulimit -f; PostgreSQL ignores SIGXFSZ, so a
# write past the limit fails as on a full disk) just above the size of
# the raw table, and a push of 40 intakes in batches of 8 runs into it
# midway.  The push says so (exit 75, the server's own words), every
# batch that committed is acknowledged and nothing else is, and once the
# limit is lifted a repeated push sends exactly what was missing.
# Prints TAP.
set -u
intake=$1 src=$2
. "$src/tests/pg/lib.sh"
pg_start
echo "1..10"
data=$PG_TMP/data
ex=$src/tests/data/example-answers.csv
acks() { ls "$data/pushed" 2>/dev/null | wc -l; }
pushed() { pg_sql "SELECT count(*) FROM intake_raw WHERE form_id = 'example'"; }

set --
for i in $(seq 40); do set -- "$@" "$ex"; done
INTAKE_NOW=2026-11-22T10:00:00-06:00 "$intake" --data "$data" replay example "$@" >/dev/null 2>&1
eq "40 intakes finished" 40 "$(ls "$data/records" | wc -l)"

# the tables, and a raw table already holding 24 MB of other rows (the
# server's 16 MB WAL files must fit under the limit)
"$intake" schema example | "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 >/dev/null
pg_sql "INSERT INTO intake_raw (intake_id, form_id, record)
	SELECT 'filler-' || g, 'filler', jsonb_build_object('pad', repeat('x', 300))
	FROM generate_series(1, 64000) g; CHECKPOINT" >/dev/null
size=$(pg_sql "SELECT pg_relation_size('intake_raw')")
pg_stop
# room for 3 more pages of the raw table and part of a 4th (a short
# write, as when a disk fills up)
pg_restart_limited $((size + 3 * 8192 + 1536))
"$intake" --data "$data" push --batch 8 >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "the push stops: exit 75 (EX_TEMPFAIL)" 75 $?
check "it says the server is out of room, in the server's words" \
	grep -q 'record .* was not pushed: ERROR:  could not extend file .*: wrote only 1536 of 8192 bytes .* (the server is out of room: nothing of this batch was kept; push again once it has space)' "$PG_TMP/err"
check "and how many are left" grep -q '^intake: [0-9]* pushed to .*, [0-9]* left in the queue' "$PG_TMP/out"
n=$(pushed)
check "it stopped midway ($n of 40 committed, in batches of 8)" test "$n" -gt 0 -a "$n" -lt 40 -a $((n % 8)) -eq 0
eq "exactly the committed records are acknowledged" "$n" "$(acks)"
ls "$data/pushed" | sort >"$PG_TMP/acked"
pg_sql "SELECT intake_id FROM intake_raw WHERE form_id = 'example' ORDER BY 1" >"$PG_TMP/indb"
check "... the same ids" cmp "$PG_TMP/acked" "$PG_TMP/indb"
check "the server still runs" pg_sql 'SELECT 1'

# the disk has room again
pg_stop
pg_restart
"$intake" --data "$data" push --batch 8 >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "a repeated push sends exactly what was missing" "0|$((40 - n)) new, 0 changed, 0 already there" \
	"$?|$(grep -o '[0-9]* new, [0-9]* changed, [0-9]* already there' "$PG_TMP/out")"
eq "40 intakes, 40 typed rows, 40 acknowledged, no duplicate" "40|40|40" \
	"$(pushed)|$(pg_sql 'SELECT count(DISTINCT _intake_id) FROM example')|$(acks)"
[ "$pg_failed" -eq 0 ]
