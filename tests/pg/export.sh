#!/bin/sh
# intake export --from URL: the exports rebuilt from the database are
# byte for byte those rebuilt locally from the same records (every CSV
# file, with each option), in the same order (end time, then id), for a
# form with nested repeats, notes, don't know and refused, and for the
# screening form; a database that cannot be reached gives 69 and leaves
# the exports as they were.  Prints TAP.
set -u
intake=$1 src=$2
. "$src/tests/pg/lib.sh"
pg_start
echo "1..12"

ex=$src/tests/data/example-answers.csv
cp "$ex" "$PG_TMP/dk.csv"
printf 'household,dont_know\nincome,refused\n' >>"$PG_TMP/dk.csv"
cp "$src/tests/personas/base.csv" "$PG_TMP/s.csv"
printf 'dob,1990-04-02\nentry_date,2015-06-01\nlast_arrival,2015-06-01\nentry_manner,visa\n' >>"$PG_TMP/s.csv"
# two laptops; intakes ending at different times, some at the same instant
i=0
for now in 2026-11-22T10:00:00-06:00 2026-11-21T09:30:00-05:00 2026-11-22T10:00:00-06:00 2026-11-23T08:00:00+01:00; do
	i=$((i + 1))
	site=$PG_TMP/site$((i % 2))
	INTAKE_NOW=$now "$intake" --data "$site" replay example "$ex" "$PG_TMP/dk.csv" "$ex" >/dev/null 2>&1
	INTAKE_NOW=$now "$intake" --data "$site" replay screening "$PG_TMP/s.csv" "$PG_TMP/s.csv" >/dev/null 2>&1
done
# a note on an answer, written into one record by hand
rec=$(grep -l '^first_name,Rosa,answered,$' "$PG_TMP"/site1/records/*.csv | head -1)
sed -i 's/^\(first_name,Rosa,answered,\)$/\1"=said ""Rosita"", then Rosa"/' "$rec"
mkdir -p "$PG_TMP/all/records"
cp "$PG_TMP"/site0/records/* "$PG_TMP"/site1/records/* "$PG_TMP/all/records/"
eq "20 records (3 example and 2 screening intakes at each of 4 times)" 20 "$(ls "$PG_TMP/all/records" | wc -l)"
"$intake" --data "$PG_TMP/site0" push >/dev/null 2>&1 &&
	"$intake" --data "$PG_TMP/site1" push >/dev/null 2>&1
check "both laptops pushed" test $? -eq 0

# same_exports NAME OPTIONS...: local and --from exports of both forms
same_exports() {
	name=$1
	shift
	for form in example screening; do
		"$intake" --data "$PG_TMP/all" export "$@" $form >/dev/null 2>&1 || return 1
		"$intake" --data "$PG_TMP/db-$name" export --from "" "$@" $form >/dev/null 2>&1 || return 1
	done
	diff -r "$PG_TMP/all/exports" "$PG_TMP/db-$name/exports" || return 1
	rm -rf "$PG_TMP/all/exports"
}
check "export --from equals the local export" same_exports plain
check "the same with --split" same_exports split --split
check "the same with --redact" same_exports redact --redact
check "the same with --labels --lang es --no-bom" same_exports labels --labels --lang es --no-bom
"$intake" --data "$PG_TMP/db-plain" export --from "" example >/dev/null 2>&1
eq "the example export has the 12 intakes" 13 "$(wc -l <"$PG_TMP/db-plain/exports/example.csv")"
check "the note survived the trip" grep -q 'first_name: =said ""Rosita"", then Rosa"' "$PG_TMP/db-plain/exports/example.csv"
eq "nested repeats: a school row per child of 5 or more" 9 "$(wc -l <"$PG_TMP/db-plain/exports/example-school.csv")"
check "rows in order of end time" sh -c "cut -d, -f7 '$PG_TMP/db-plain/exports/example.csv' | sed 1d | sort -c"

cp -r "$PG_TMP/db-plain/exports" "$PG_TMP/before"
"$intake" --data "$PG_TMP/db-plain" export --from "host=$PG_TMP/nowhere" example >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "an unreachable database: exit 69" 69 $?
check "the exports are left as they were" diff -r "$PG_TMP/before" "$PG_TMP/db-plain/exports"
[ "$pg_failed" -eq 0 ]
