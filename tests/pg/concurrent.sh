#!/bin/sh
# Many laptops, one database: four data folders of 250 screening intakes
# each (plus 5 example intakes with repeats) pushed at the same time give
# exactly 1,000 screening rows and no duplicate; then the server is
# SIGKILLed in the middle of a push, restarted, and the push repeated:
# the same exact counts, and the local queue right at every step.
# Prints TAP.
set -u
intake=$1 src=$2
. "$src/tests/pg/lib.sh"
pg_start
export INTAKE_NOW=2026-11-22T10:00:00-06:00
echo "1..15"

# 250 answer files per folder: base.csv plus the facts it lacks, with a
# date of birth that differs from one intake to the next
mkdir "$PG_TMP/answers"
for i in $(seq 1 250); do
	f=$PG_TMP/answers/$i.csv
	cp "$src/tests/personas/base.csv" "$f"
	printf 'dob,%d-%02d-%02d\nentry_date,2015-06-01\nlast_arrival,2015-06-01\nentry_manner,visa\n' \
		$((1950 + i % 55)) $((1 + i % 12)) $((1 + i % 28)) >>"$f"
done
for site in 1 2 3 4; do
	( "$intake" --data "$PG_TMP/site$site" replay screening "$PG_TMP"/answers/*.csv &&
	  "$intake" --data "$PG_TMP/site$site" replay example \
		$(for k in 1 2 3 4 5; do echo "$src/tests/data/example-answers.csv"; done) ) \
		>/dev/null 2>"$PG_TMP/replay$site.err" &
done
wait
eq "1,020 finished intakes in the four folders" 1020 "$(ls "$PG_TMP"/site*/records | grep -c '\.csv$')"

for site in 1 2 3 4; do
	"$intake" --data "$PG_TMP/site$site" push --batch 50 >"$PG_TMP/push$site.out" 2>&1 &
done
ok=0
for site in 1 2 3 4; do wait %$site 2>/dev/null; done
for site in 1 2 3 4; do
	grep -q '^intake: 255 pushed .*(255 new, 0 changed, 0 already there), 0 left' "$PG_TMP/push$site.out" && ok=$((ok + 1))
done
check "four concurrent pushes each send their 255" test "$ok" -eq 4
eq "exactly 1,000 screening rows" 1000 "$(pg_sql 'SELECT count(*) FROM screening')"
eq "no duplicate intake id" 1000 "$(pg_sql 'SELECT count(DISTINCT _intake_id) FROM screening')"
eq "the raw table holds every record once" "1020|1020" "$(pg_sql 'SELECT count(*), count(DISTINCT intake_id) FROM intake_raw')"
eq "repeats linked: 40 children, each to one of the 20 intakes" "40|20" "$(pg_sql 'SELECT count(*), count(DISTINCT e._intake_id) FROM "example-child" c JOIN example e USING (_intake_id)')"
eq "every record acknowledged" 1020 "$(find "$PG_TMP"/site*/pushed -type f | wc -l)"
eq "typed dates from the answers" "250" "$(pg_sql "SELECT count(DISTINCT dob) * 0 + count(*) / 4 FROM screening WHERE dob BETWEEN '1950-01-01' AND '2004-12-31'")"

# ---- the server killed in the middle of a push -----------------------------------
pg_sql "TRUNCATE intake_raw, screening, example CASCADE"
rm -rf "$PG_TMP/site1/pushed"
# the 121st record waits in a trigger, so the kill falls inside batch 3
pg_sql "CREATE FUNCTION hold() RETURNS trigger LANGUAGE plpgsql AS
	'BEGIN IF (SELECT count(*) FROM intake_raw) >= 120 THEN PERFORM pg_sleep(60); END IF; RETURN NEW; END';
	CREATE TRIGGER hold BEFORE INSERT ON intake_raw FOR EACH ROW EXECUTE FUNCTION hold()"
"$intake" --data "$PG_TMP/site1" push --batch 60 screening >"$PG_TMP/kill.out" 2>"$PG_TMP/kill.err" &
pushpid=$!
n=0
until [ "$(pg_sql "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'" 2>/dev/null)" = 1 ] || [ $n -ge 600 ]; do
	sleep 0.1
	n=$((n + 1))
done
check "the push reached the held record" test $n -lt 600
pg_kill
wait $pushpid
eq "the push fails with 69" 69 $?
check "it says the connection was lost" grep -q 'the connection to database postgres on .* was lost' "$PG_TMP/kill.err"
eq "the two committed batches are acknowledged, nothing more" 120 "$(find "$PG_TMP/site1/pushed" -type f | wc -l)"
pg_restart
eq "the server kept exactly the committed batches" 120 "$(pg_sql 'SELECT count(*) FROM intake_raw')"
pg_sql "DROP TRIGGER hold ON intake_raw"
"$intake" --data "$PG_TMP/site1" push --batch 60 >"$PG_TMP/again.out" 2>&1
check "the repeated push sends the rest" grep -q '^intake: 135 pushed .*(135 new, 0 changed, 0 already there), 0 left' "$PG_TMP/again.out"
eq "same exact counts: 250 + 5 raw, 250 typed, 10 children" "255|250|10" "$(pg_sql 'SELECT (SELECT count(DISTINCT intake_id) FROM intake_raw), (SELECT count(DISTINCT _intake_id) FROM screening), (SELECT count(*) FROM "example-child")')"
[ "$pg_failed" -eq 0 ]
