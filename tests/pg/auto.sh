#!/bin/sh
# intake push --auto-on: after each finished intake a push runs in a
# background process; the intake finishes whatever the database does, a
# failed push leaves the record queued for the next one, --auto-off stops
# it.  Prints TAP.
set -u
intake=$1 src=$2
. "$src/tests/pg/lib.sh"
pg_start
export INTAKE_NOW=2026-11-22T10:00:00-06:00
data=$PG_TMP/data
ex=$src/tests/data/example-answers.csv
rows() { pg_sql 'SELECT count(*) FROM intake_raw' 2>/dev/null || echo 0; }
# wait_for N: until the database holds N records (at most 30 s)
wait_for() {
	k=0
	while [ "$(rows)" != "$1" ] && [ $k -lt 300 ]; do sleep 0.1; k=$((k + 1)); done
	# and until the background push acknowledged them
	k=0
	while [ "$(find "$data/pushed" -type f 2>/dev/null | wc -l)" -lt "$1" ] && [ $k -lt 100 ]; do
		sleep 0.1; k=$((k + 1))
	done
	[ "$(rows)" = "$1" ]
}
echo "1..12"

"$intake" --data "$data" push --auto-on >"$PG_TMP/out" 2>&1
check "--auto-on says so" grep -q 'will be pushed automatically' "$PG_TMP/out"
check "push.conf is 0600" test "$(stat -c %a "$data/push.conf")" = 600
"$intake" --data "$data" replay example "$ex" >/dev/null 2>&1
check "the finished intake reaches the database by itself" wait_for 1
"$intake" --data "$data" replay example "$ex" "$ex" >/dev/null 2>&1
check "so do the next two" wait_for 3
eq "each acknowledged" 3 "$(find "$data/pushed" -type f | wc -l)"

# the server stops: intakes still finish, and wait in the queue
pg_stop
"$intake" --data "$data" replay example "$ex" >/dev/null 2>&1
eq "an intake finishes while the database is down" 0 $?
sleep 1
eq "it waits in the queue" 1 "$(find "$data/records" -name '*.csv' | wc -l | awk -v a="$(find "$data/pushed" -type f | wc -l)" '{ print $1 - a }')"
check "push.log says why" grep -q 'cannot connect to the database' "$data/push.log"
# the start screen says how many wait
printf '# form: -\n:dump-screen\n<F10>\n' >"$PG_TMP/start.keys"
INTAKE_SCRIPT=$PG_TMP/start.keys INTAKE_SCRIPT_OUT=$PG_TMP/start.screen INTAKE_SCRIPT_SIZE=100x30 \
	NO_COLOR=1 "$intake" --data "$data" </dev/null >/dev/null 2>&1
check "the start screen shows the one waiting" grep -q '^  1 finished intake(s) wait to be sent to the database\.' "$PG_TMP/start.screen"
INTAKE_SCRIPT=$PG_TMP/start.keys INTAKE_SCRIPT_OUT=$PG_TMP/start-es.screen INTAKE_SCRIPT_SIZE=100x30 \
	NO_COLOR=1 "$intake" --data "$data" --lang es </dev/null >/dev/null 2>&1
check "in Spanish too" grep -q '^  1 entrevista(s) terminada(s) esperan enviarse a la base de datos\.' "$PG_TMP/start-es.screen"
pg_restart
"$intake" --data "$data" replay example "$ex" >/dev/null 2>&1
check "the next finished intake pushes both" wait_for 5

"$intake" --data "$data" push --auto-off >/dev/null 2>&1
"$intake" --data "$data" replay example "$ex" >/dev/null 2>&1
sleep 1
eq "--auto-off: no push any more" 5 "$(rows)"
[ "$pg_failed" -eq 0 ]
