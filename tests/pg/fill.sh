#!/bin/sh
# The legal team fills in sealed rows (issue 13 point 6, issue 14 point 3)
# against a real PostgreSQL server (a throwaway cluster, see lib.sh).  Two
# sealed intakes (the screening form, and a form with repeats that is not
# bundled) are pushed right after they finished to database "finish",
# and later, as their bytes alone, to database "later".  `intake push
# --fill --identity KEY` then gives "later" exactly what the at-finish
# push gave "finish" (raw rows and typed rows, compared value by value),
# and pg_dump of the cluster still holds none of their pii.  Another key
# or a damaged row: named, skipped, exit 65, nothing written for it; a
# form that cannot be found leaves its row as it was; a second run
# changes nothing; two fills at once duplicate nothing; and `export
# --from --identity` still equals the local export.  Prints TAP.
set -u
intake=$1 src=$2
. "$src/tests/pg/lib.sh"
pg_start
echo "1..32"
data=$PG_TMP/laptop
pg_sql "CREATE DATABASE finish" && pg_sql "CREATE DATABASE later" &&
	pg_sql "CREATE DATABASE twice" || pg_fail "cannot create the databases"
# sql DB SQL: one statement in database DB
sql() { PGDATABASE=$1 pg_sql "$2"; }
rows() { sql "$1" 'SELECT count(*) FROM intake_raw' 2>/dev/null || echo 0; }
acks() { find "$data/pushed" -type f 2>/dev/null | wc -l; }
fill() { "$intake" --data "$PG_TMP/legal" push --fill "$@"; }

# the legal team's key; the screening form and a form of our own with
# repeats (the example's questions, form id "signin") sealed to it
"$intake" keygen -o "$PG_TMP/key.txt" 2>/dev/null
"$intake" keygen -o "$PG_TMP/other.txt" 2>/dev/null
pub=$(sed -n 's/^# public key: //p' "$PG_TMP/key.txt")
seal() { # seal FORM DIR
	cp -r "$src/forms/$1" "$2"
	awk -v keys="$pub" 'NR == 1 { print $0 ",public_key"; next }
		NR == 2 { print $0 ",\"" keys "\""; next } { print }' \
		"$src/forms/$1/settings.csv" >"$2/settings.csv"
}
seal screening "$PG_TMP/screening"
seal example "$PG_TMP/signin"
python3 - "$PG_TMP/signin/settings.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
rows[1][rows[0].index("form_id")] = "signin"
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
{ cat "$src/tests/personas/base.csv"
  printf '%s\n' dob,1981-06-16 country,MX entry_date,1995-03-01 \
	last_arrival,1995-03-01 entry_manner,uninspected school_status,hs_grad
} >"$PG_TMP/p01.csv"
"$intake" check "$PG_TMP/signin" >"$PG_TMP/out" 2>&1
check "the form of our own with repeats checks, sealed" grep -qi 'seal' "$PG_TMP/out"

# ---- at finish, to "finish"; later, as bytes alone, to "later" ----------------------
"$intake" --data "$data" push --auto-on --to dbname=finish >/dev/null 2>&1
INTAKE_NOW=2026-11-22T10:00:00-06:00 "$intake" --data "$data" replay \
	"$PG_TMP/screening" "$PG_TMP/p01.csv" >/dev/null 2>&1
k=0; while [ "$(acks)" -lt 1 ] && [ $k -lt 300 ]; do sleep 0.1; k=$((k + 1)); done
INTAKE_NOW=2026-11-23T11:00:00-06:00 "$intake" --data "$data" replay \
	"$PG_TMP/signin" "$src/tests/data/example-answers.csv" >/dev/null 2>&1
k=0; while [ "$(acks)" -lt 2 ] && [ $k -lt 300 ]; do sleep 0.1; k=$((k + 1)); done
eq "two sealed intakes pushed at finish, with their form" "2|2|0" \
	"$(acks)|$(ls "$data"/records/*.age | wc -l)|$(sql finish "SELECT count(*) FROM intake_raw WHERE form_id = ''")"
eq "... typed rows for both, repeat rows for the non-pii repeat" "1|1|2" \
	"$(sql finish 'SELECT count(*) FROM screening')|$(sql finish 'SELECT count(*) FROM signin')|$(sql finish 'SELECT count(*) FROM "signin-visit"')"
"$intake" --data "$data" push --auto-off >/dev/null 2>&1
rm -rf "$data/pushed"
"$intake" --data "$data" push --to dbname=later >/dev/null 2>&1
rm -rf "$data/pushed"
"$intake" --data "$data" push --to dbname=twice >/dev/null 2>&1
eq "pushed later: bytes alone, empty form id, no version nor end time" "2|2" \
	"$(sql later "SELECT count(*) FROM intake_raw WHERE sealed IS NOT NULL AND form_id = '' AND form_version IS NULL AND ended IS NULL")|$(sql twice "SELECT count(*) FROM intake_raw WHERE form_id = ''")"
eq "... and no typed table" "" "$(sql later "SELECT to_regclass('screening')")"
# a damaged row: a sealed record cut short
id1=$(ls "$data"/records/*.age | head -1 | xargs basename | sed 's/\.age$//')
head -c 300 "$data/records/$id1.age" | base64 -w0 >"$PG_TMP/cut.b64"
sql later "INSERT INTO intake_raw (intake_id, form_id, sealed) VALUES ('cut-short', '', decode('$(cat "$PG_TMP/cut.b64")', 'base64'))"

# the whole of a database, its rows as JSON (pushed_at left out), sorted
snapshot() {
	echo "== intake_raw"
	sql "$1" "SELECT (to_jsonb(t) - 'pushed_at' - 'sealed') || jsonb_build_object('sealed', md5(t.sealed)) FROM intake_raw t WHERE intake_id <> 'cut-short' ORDER BY t.intake_id"
	for t in screening signin signin-child signin-school signin-visit; do
		echo "== $t"
		if [ -n "$(sql "$1" "SELECT to_regclass('\"$t\"')")" ]; then
			sql "$1" "SELECT to_jsonb(t) FROM \"$t\" t ORDER BY to_jsonb(t)::text"
		else
			echo "(no table)"
		fi
	done
}

# ---- another key: each row named, nothing written, exit 65 --------------------------
snapshot later >"$PG_TMP/before"
fill --identity "$PG_TMP/other.txt" --to dbname=later >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "another key: exit 65" 65 $?
eq "... naming each of the 3 rows" 3 "$(grep -c '^intake_raw row .*: error: cannot be opened' "$PG_TMP/err")"
check "... the cut one too" grep -q '^intake_raw row cut-short: error: cannot be opened' "$PG_TMP/err"
snapshot later >"$PG_TMP/after"
check "... and nothing is written" diff "$PG_TMP/before" "$PG_TMP/after"

# ---- the key, but "signin" is not bundled: screening filled, signin left -------------
fill --identity "$PG_TMP/key.txt" --to dbname=later >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "the key, with a damaged row: exit 65 (the others are filled)" 65 $?
check "... the damaged row named" grep -q '^intake_raw row cut-short: error: cannot be opened' "$PG_TMP/err"
check "... the form that cannot be found named" grep -q 'form "signin" not found: its sealed rows are left as they are' "$PG_TMP/err"
check "... the summary" grep -q '^intake: 1 sealed row filled in on database later .*1 left as they are (form not found), 1 could not be opened' "$PG_TMP/out"
eq "screening's row filled, signin's and the damaged one left as they were" "screening|0|2" \
	"$(sql later "SELECT string_agg(form_id, ' ') FROM intake_raw WHERE form_id <> ''")|$(sql later "SELECT count(*) FROM intake_raw WHERE form_id = 'signin'")|$(sql later "SELECT count(*) FROM intake_raw WHERE form_id = ''")"

# ---- its folder given as FORM: signin filled ---------------------------------------
sql later "DELETE FROM intake_raw WHERE intake_id = 'cut-short'"
fill --identity "$PG_TMP/key.txt" --to dbname=later "$PG_TMP/signin" >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "FORM names the form that is not bundled: exit 0" 0 $?
check "... 1 filled, nothing left" grep -q "^intake: 1 sealed row filled in on database later .*, 0 already were, 0 left as they are (form not found), 0 could not be opened" "$PG_TMP/out"
snapshot finish >"$PG_TMP/finish"
snapshot later >"$PG_TMP/later"
check "the raw and typed rows equal the at-finish push's, value by value" diff "$PG_TMP/finish" "$PG_TMP/later"
check "... which are not empty (2 raw, 1 + 1 typed, child and visit rows)" sh -c "
	test \$(grep -c '\"intake_id\"' '$PG_TMP/later') -eq 2 &&
	grep -A1 '^== screening' '$PG_TMP/later' | grep -q uninspected &&
	grep -A1 '^== signin-visit' '$PG_TMP/later' | grep -q 2026-01-05 &&
	grep -A1 '^== signin-child' '$PG_TMP/later' | grep -q child_age"
eq "the pii columns are NULL (first names, child's name), no notes" "||{}" \
	"$(sql later "SELECT s.first_name, (SELECT string_agg(child_name, '') FROM \"signin-child\"), s._notes FROM signin s")"

# ---- once more: nothing changes -----------------------------------------------------
# (but for pg_dump's random \restrict key)
dump() { pg_as "$PG_BIN/pg_dump" -h "$PG_TMP" -U postgres later | grep -v '^\\\(un\)\{0,1\}restrict '; }
dump >"$PG_TMP/dump1.sql"
fill --identity "$PG_TMP/key.txt" --to dbname=later "$PG_TMP/signin" >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "a second run: exit 0" 0 $?
check "... fills nothing" grep -q '^intake: 0 sealed rows filled in' "$PG_TMP/out"
dump >"$PG_TMP/dump2.sql"
check "... and the database is the same (pg_dump)" cmp "$PG_TMP/dump1.sql" "$PG_TMP/dump2.sql"

# ---- two fills at once: nothing twice -----------------------------------------------
fill --identity "$PG_TMP/key.txt" --to dbname=twice "$PG_TMP/signin" >"$PG_TMP/o1" 2>&1 &
p1=$!
fill --identity "$PG_TMP/key.txt" --to dbname=twice "$PG_TMP/signin" >"$PG_TMP/o2" 2>&1
r2=$?
wait $p1
eq "two fills at once: both exit 0" "0|0" "$?|$r2"
snapshot twice >"$PG_TMP/twice"
check "... the rows equal the at-finish push's, none twice" diff "$PG_TMP/finish" "$PG_TMP/twice"

# ---- no pii in the whole cluster -----------------------------------------------------
for f in screening signin; do
	"$intake" codebook "$PG_TMP/$f"
done | python3 -c 'import csv, sys
print("\n".join(sorted({x[1] for x in csv.reader(sys.stdin)
                         if len(x) > 11 and x[11] in ("yes", "derived") and x[1] != "_notes"})))' >"$PG_TMP/pii-cols"
for r in "$data"/records/*.age; do
	age -d -i "$PG_TMP/key.txt" "$r"
done >"$PG_TMP/plain.csv"
python3 - "$PG_TMP/pii-cols" "$PG_TMP/plain.csv" >"$PG_TMP/pii-values" <<'PY'
import csv, re, sys
pii = set(open(sys.argv[1], encoding="utf-8").read().split())
rows = [r for r in csv.reader(open(sys.argv[2], encoding="utf-8", newline="")) if len(r) >= 2 and r[0] != "name"]
def field(path):
    if path.startswith("meta:"):
        return "_" + path[5:] if path == "meta:instance_name" else None
    return re.sub(r"\[.*", "", path.rsplit("/", 1)[-1])
values = {r[1] for r in rows if field(r[0]) in pii and len(r[1].encode()) >= 4}
other = {r[1] for r in rows if field(r[0]) not in pii}
print("\n".join(sorted(values - other)))
PY
check "the pii values to look for (names, children's names, dob, notes)" \
	sh -c "grep -qx 'Ana Lucía' '$PG_TMP/pii-values' && grep -qx 'Rosa' '$PG_TMP/pii-values' &&
	       grep -qx 'Lincoln Elementary' '$PG_TMP/pii-values' && grep -qx 1981-06-16 '$PG_TMP/pii-values'"
pg_as "$PG_BIN/pg_dumpall" -h "$PG_TMP" -U postgres >"$PG_TMP/dump.sql"
leaked=""
while IFS= read -r v; do
	grep -qaF -- "$v" "$PG_TMP/dump.sql" && leaked="$leaked|$v"
done <"$PG_TMP/pii-values"
eq "none of the $(wc -l <"$PG_TMP/pii-values") pii values is in pg_dumpall of the 3 databases" "" "$leaked"
check "... while the filled non-pii values are" grep -q 'uninspected' "$PG_TMP/dump.sql"
pg_sql CHECKPOINT
leaked=""
while IFS= read -r v; do
	grep -rqaF -- "$v" "$PG_TMP/db" "$PG_TMP/log" && leaked="$leaked|$v"
done <"$PG_TMP/pii-values"
eq "nor in any file of the server (tables, WAL, log)" "" "$leaked"

# ---- the legal team's export from the filled database ------------------------------
same_export() { # FORM
	rm -rf "$data/exports" "$PG_TMP/legal-x"
	"$intake" --data "$data" export --identity "$PG_TMP/key.txt" "$1" >/dev/null 2>&1 || return 1
	"$intake" --data "$PG_TMP/legal-x" export --from dbname=later --identity "$PG_TMP/key.txt" "$1" >/dev/null 2>&1 || return 1
	diff -r "$data/exports" "$PG_TMP/legal-x/exports"
}
check "export --from --identity equals the local export (screening)" same_export "$PG_TMP/screening"
check "... signin, every repeat's file" same_export "$PG_TMP/signin"
check "... which has its repeat files" test -s "$PG_TMP/legal-x/exports/signin-visit.csv"

# ---- the command line --------------------------------------------------------------
fill --to dbname=later >/dev/null 2>"$PG_TMP/err"
eq "--fill without --identity: usage, exit 64" "64|1" "$?|$(grep -c "needs the legal team's key" "$PG_TMP/err")"
[ "$pg_failed" -eq 0 ]
