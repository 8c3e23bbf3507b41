#!/bin/sh
# intake push against a real PostgreSQL server (a throwaway cluster, see
# lib.sh): typed tables and repeats, a repeated push that adds nothing, a
# changed record updated, a form version that adds a field, a field whose
# type changed, a role without INSERT, a wrong password, an unreachable
# server and a statement timeout, each with its exit status and the local
# queue left exactly right.  Prints TAP.
set -u
intake=$1 src=$2
. "$src/tests/pg/lib.sh"
pg_start
export INTAKE_NOW=2026-11-22T10:00:00-06:00
data=$PG_TMP/data
example=$src/tests/data/example-answers.csv
queued() { find "$data/records" -name '*.csv' | wc -l | awk -v a="$(ls "$data/pushed" 2>/dev/null | wc -l)" '{ print $1 - a }'; }
acks() { ls "$data/pushed" 2>/dev/null | wc -l; }
echo "1..44"

# ---- schema -------------------------------------------------------------------
"$intake" schema example >"$PG_TMP/ddl.sql"
check "intake schema prints the DDL" test $? -eq 0
check "an integer is bigint" grep -q '^ALTER TABLE "example" ADD COLUMN IF NOT EXISTS "household" bigint;$' "$PG_TMP/ddl.sql"
check "a select_multiple is text[]" grep -q '"languages" text\[\];$' "$PG_TMP/ddl.sql"
check "a repeat table refers to its intake" grep -q '_intake_id text NOT NULL REFERENCES "example" ON DELETE CASCADE' "$PG_TMP/ddl.sql"
check "the DDL runs in psql, twice" sh -c "'$PG_BIN/psql' -X -q -v ON_ERROR_STOP=1 -f '$PG_TMP/ddl.sql' && '$PG_BIN/psql' -X -q -v ON_ERROR_STOP=1 -f '$PG_TMP/ddl.sql'"
pg_sql 'DROP TABLE "example-child", "example-school", "example-visit", example, intake_raw'

# ---- a first push ----------------------------------------------------------------
"$intake" --data "$data" replay example "$example" "$example" >/dev/null 2>&1
cp "$example" "$PG_TMP/dk.csv"
printf 'household,dont_know\nincome,refused\n' >>"$PG_TMP/dk.csv"
"$intake" --data "$data" replay example "$PG_TMP/dk.csv" >/dev/null 2>&1
"$intake" --data "$data" push >"$PG_TMP/out" 2>"$PG_TMP/err"
check "push exits 0" test $? -eq 0
check "the summary says 3 new" grep -q '^intake: 3 pushed to database postgres on .* (3 new, 0 changed, 0 already there), 0 left in the queue' "$PG_TMP/out"
eq "3 raw records" 3 "$(pg_sql 'SELECT count(*) FROM intake_raw')"
eq "3 intake rows" 3 "$(pg_sql 'SELECT count(*) FROM example')"
eq "4 child rows (none when the household is unknown), each linked to its intake" 4 "$(pg_sql 'SELECT count(*) FROM "example-child" c JOIN example e USING (_intake_id)')"
eq "nested repeat rows keyed under their child" 2 "$(pg_sql "SELECT count(*) FROM \"example-school\" s JOIN \"example-child\" c ON s._parent_key = c._key WHERE s._key LIKE '%/child[1]/school[1]' AND s._intake_id = c._intake_id")"
eq "typed values" "3|{es,mam}|1990-04-02|Leo|7" "$(pg_sql 'SELECT e.household, e.languages, e.dob, c.child_name, c.child_age FROM example e JOIN "example-child" c USING (_intake_id) WHERE c._instance = 1 AND e.household IS NOT NULL LIMIT 1')"
eq "don't know and refused are states, the column NULL" '{"income": "refused", "household": "dont_know"}|' "$(pg_sql "SELECT _states, household FROM example WHERE _states <> '{}'")"
eq "free text is kept as typed (no formula prefix)" '=HYPERLINK("x")' "$(pg_sql 'SELECT DISTINCT notes FROM example')"
eq "every record acknowledged" 3 "$(acks)"

"$intake" --data "$data" push >"$PG_TMP/out" 2>&1
check "a second push sends nothing" grep -q '^intake: 0 pushed .* 0 left in the queue' "$PG_TMP/out"
rm -rf "$data/pushed"
"$intake" --data "$data" push >"$PG_TMP/out" 2>&1
check "lost acknowledgements: all sent again, none new" grep -q '(0 new, 0 changed, 3 already there)' "$PG_TMP/out"
eq "still 3 intake rows" 3 "$(pg_sql 'SELECT count(*) FROM example')"
eq "still 4 child rows" 4 "$(pg_sql 'SELECT count(*) FROM "example-child"')"

# a record changed on disk after its push is updated, not duplicated
rec=$(basename "$(grep -l '^child\[1\]/child_name,Leo,' "$data"/records/*.csv | head -1)")
id=${rec%.csv}
sed -i 's/^child\[1\]\/child_name,Leo,/child[1]\/child_name,Leonel,/' "$data/records/$rec"
touch -d '2026-01-01' "$data/pushed/$id" # acknowledged before the change
"$intake" --data "$data" push >"$PG_TMP/out" 2>&1
check "a changed record is pushed as changed" grep -q '^intake: 1 pushed .*(0 new, 1 changed, 0 already there)' "$PG_TMP/out"
eq "its child row is updated" "Leonel" "$(pg_sql "SELECT child_name FROM \"example-child\" WHERE _key = '$id/child[1]'")"
eq "no row is duplicated" "3|4" "$(pg_sql 'SELECT (SELECT count(*) FROM example), (SELECT count(*) FROM "example-child")')"

# ---- a new form version adds a field; a changed type is reported ------------------
cp -r "$src/forms/example" "$PG_TMP/v2"
sed -i 's/^text,office,/text,desk,Desk,Escritorio,,,,,,,,,,,,,,,,,,,\ntext,office,/' "$PG_TMP/v2/survey.csv"
sed -i 's/,example,2026112201,/,example,2026112301,/' "$PG_TMP/v2/settings.csv"
cp "$example" "$PG_TMP/v2.csv"
echo "desk,B-12" >>"$PG_TMP/v2.csv"
rm -rf "$data/exports" # the export of version 1 is never appended to
"$intake" --data "$data" replay "$PG_TMP/v2" "$PG_TMP/v2.csv" >/dev/null 2>"$PG_TMP/err"
check "version 2 replays" test $? -eq 0
"$intake" --data "$data" push "$PG_TMP/v2" >"$PG_TMP/out" 2>&1
check "version 2 pushes" grep -q '^intake: 1 pushed .*(1 new' "$PG_TMP/out"
eq "the new column holds the new answer, older rows NULL" "1|B-12" "$(pg_sql 'SELECT count(*) FILTER (WHERE desk IS NULL) - 2, max(desk) FROM example')"
eq "older columns are kept" "4" "$(pg_sql 'SELECT count(*) FROM example WHERE household IS NOT NULL OR _states ? '"'household'"'')"

cp -r "$PG_TMP/v2" "$PG_TMP/v3"
sed -i 's/^text,notes,/integer,notes,/' "$PG_TMP/v3/survey.csv"
sed -i 's/,2026112301,/,2026112401,/' "$PG_TMP/v3/settings.csv"
cp "$PG_TMP/v2.csv" "$PG_TMP/v3.csv"
echo "notes,12" >>"$PG_TMP/v3.csv"
rm -rf "$data/exports"
"$intake" --data "$data" replay "$PG_TMP/v3" "$PG_TMP/v3.csv" >/dev/null 2>"$PG_TMP/err"
"$intake" --data "$data" push "$PG_TMP/v3" >"$PG_TMP/out" 2>"$PG_TMP/err"
check "a retyped field still pushes (exit 0)" test $? -eq 0
check "the conflict is reported" grep -q 'column "notes" of table "example" is text in the database but bigint in form version 2026112401' "$PG_TMP/err"
eq "the column keeps its type" "text" "$(pg_sql "SELECT data_type FROM information_schema.columns WHERE table_name = 'example' AND column_name = 'notes'")"
eq "the record lands in the raw table with the value" "12" "$(pg_sql "SELECT e->>'value' FROM intake_raw, jsonb_array_elements(record->'entries') e WHERE form_version = '2026112401' AND e->>'path' = 'notes'")"
eq "and in the typed table without it" "1" "$(pg_sql "SELECT count(*) FROM example WHERE _form_version = '2026112401' AND notes IS NULL")"

# ---- failures: nothing lost, the queue exactly right ------------------------------
"$intake" --data "$data" replay example "$example" "$example" >/dev/null 2>&1
before=$(acks)
pg_sql "CREATE ROLE reader LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader"
PGUSER=reader "$intake" --data "$data" push >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "a role without INSERT: exit 77" 77 $?
check "it names the refusal" grep -q 'permission denied for table intake_raw' "$PG_TMP/err"
eq "nothing acknowledged, 2 still queued" "$before|2" "$(acks)|$(queued)"

pg_sql "CREATE ROLE pwuser LOGIN PASSWORD 'secret'"
PGUSER=pwuser PGPASSWORD=wrong "$intake" --data "$data" push >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "a wrong password: exit 77" 77 $?
check "it says why" grep -q 'password authentication failed for user "pwuser"' "$PG_TMP/err"

"$intake" --data "$data" push --to "host=$PG_TMP/nowhere" >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "an unreachable server: exit 69" 69 $?
check "it gives the reason and the queue" grep -q 'cannot connect to the database: .*No such file or directory' "$PG_TMP/err"
INTAKE_DATABASE_URL=postgresql://127.0.0.1:1/x "$intake" --data "$data" push >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "INTAKE_DATABASE_URL is used; refused: exit 69" 69 $?

pg_sql "CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN PERFORM pg_sleep(2); RETURN NEW; END';
	CREATE TRIGGER slow BEFORE INSERT ON intake_raw FOR EACH ROW EXECUTE FUNCTION slow()"
PGOPTIONS='-c statement_timeout=200' "$intake" --data "$data" push >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "a statement timeout: exit 75" 75 $?
check "it says so" grep -q 'statement timeout' "$PG_TMP/err"
eq "nothing acknowledged" "$before|2" "$(acks)|$(queued)"
pg_sql "DROP TRIGGER slow ON intake_raw"
"$intake" --data "$data" push >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "the next push sends the 2 queued" "0|2" "$?|$(grep -o '[0-9]* new' "$PG_TMP/out" | cut -d' ' -f1)"
eq "7 intakes, no duplicate" "7|7|12" "$(pg_sql 'SELECT (SELECT count(*) FROM intake_raw), (SELECT count(DISTINCT _intake_id) FROM example), (SELECT count(*) FROM "example-child")')"
[ "$pg_failed" -eq 0 ]
