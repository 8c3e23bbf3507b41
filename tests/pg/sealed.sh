#!/bin/sh
# Sealed records (issue 13 point 6, issue 14 point 3) against a real
# PostgreSQL server (a throwaway cluster, see lib.sh).  A sealed screening
# intake finished with `push --auto-on` goes to the raw table as its age
# bytes and to the typed table with its non-pii values only: a plain
# pg_dump of the whole database holds none of its pii answers, and the
# bytes open with Debian's `age -d` to the record's CSV.  A sealed record
# pushed later (the laptop can no longer read it) goes to the raw table
# alone, and a FORM filter leaves it queued.  A background push that the
# server refuses leaves no answer in push.log.  The legal team's
# `export --from URL --identity KEY` (CSV and --xlsx) equals the local
# `export --identity` of the same records, byte for byte.  Prints TAP.
set -u
intake=$1 src=$2
. "$src/tests/pg/lib.sh"
pg_start
echo "1..43"
data=$PG_TMP/laptop
rows() { pg_sql 'SELECT count(*) FROM intake_raw' 2>/dev/null || echo 0; }
acks() { find "$data/pushed" -type f 2>/dev/null | wc -l; }
# wait_for N: until the database holds N records, all acknowledged (30 s)
wait_for() {
	k=0
	while { [ "$(rows)" != "$1" ] || [ "$(acks)" -lt "$1" ]; } && [ $k -lt 300 ]; do
		sleep 0.1; k=$((k + 1))
	done
	[ "$(rows)" = "$1" ] && [ "$(acks)" -ge "$1" ]
}

# the legal team's key, and the screening form sealed to it
"$intake" keygen -o "$PG_TMP/key.txt" 2>/dev/null
pub=$(sed -n 's/^# public key: //p' "$PG_TMP/key.txt")
cp -r "$src/forms/screening" "$PG_TMP/screening"
awk -v keys="$pub" 'NR == 1 { print $0 ",public_key"; next }
	NR == 2 { print $0 ",\"" keys "\""; next } { print }' \
	"$src/forms/screening/settings.csv" >"$PG_TMP/screening/settings.csv"
# base.csv and the facts of persona P01 (tests/personas/personas.tsv)
{ cat "$src/tests/personas/base.csv"
  printf '%s\n' dob,1981-06-16 country,MX entry_date,1995-03-01 \
	last_arrival,1995-03-01 entry_manner,uninspected school_status,hs_grad
} >"$PG_TMP/p01.csv"
# a second client, with other names
sed 's/^first_name,.*/first_name,Marisol Quetzal/; s/^last_name,.*/last_name,Vidaurre Olmos/;
     s/^phone,.*/phone,555 0199/' "$PG_TMP/p01.csv" >"$PG_TMP/p02.csv"

# ---- at finish: the sealed bytes and the non-pii columns -------------------------
"$intake" --data "$data" push --auto-on >/dev/null 2>&1
INTAKE_NOW=2026-11-22T10:00:00-06:00 "$intake" --data "$data" replay \
	"$PG_TMP/screening" "$PG_TMP/p01.csv" >/dev/null 2>"$PG_TMP/err"
check "a sealed intake finishes with --auto-on" test $? -eq 0
rec=$(ls "$data"/records/*.age)
id=$(basename "$rec" .age)
check "it reaches the database by itself" wait_for 1
eq "the raw row: sealed bytes, no jsonb, the form, version and end time" \
	"t|t|screening|$(python3 -c 'import csv, sys; print(next(csv.DictReader(open(sys.argv[1])))["version"])' "$src/forms/screening/settings.csv")|2026-11-22 16:00:00+00" \
	"$(pg_sql "SELECT sealed IS NOT NULL, record IS NULL, form_id, form_version, ended FROM intake_raw WHERE intake_id = '$id'")"
pg_sql "SELECT encode(sealed, 'base64') FROM intake_raw WHERE intake_id = '$id'" |
	base64 -d >"$PG_TMP/db.age"
check "the raw bytes are the sealed record's, byte for byte" cmp "$PG_TMP/db.age" "$rec"
age -d -i "$PG_TMP/key.txt" "$PG_TMP/db.age" >"$PG_TMP/db.csv" 2>"$PG_TMP/age.err"
check "Debian's age opens them" test $? -eq 0 -a -s "$PG_TMP/db.csv"
# the same answers on the form without a key, as a plain record
INTAKE_NOW=2026-11-22T10:00:00-06:00 "$intake" --data "$PG_TMP/plain1" replay \
	screening "$PG_TMP/p01.csv" >/dev/null 2>&1
grep -v '^meta:instance_id,\|^meta:intake_code,' "$PG_TMP"/plain1/records/*.csv >"$PG_TMP/plain.csv"
grep -v '^meta:instance_id,\|^meta:intake_code,' "$PG_TMP/db.csv" >"$PG_TMP/db-noid.csv"
check "... to the CSV a plain record of the same answers holds (but its id and code)" \
	cmp "$PG_TMP/plain.csv" "$PG_TMP/db-noid.csv"
eq "one typed row, its id and status" "1|$id|complete" \
	"$(pg_sql "SELECT count(*), max(_intake_id), max(_status) FROM screening")"
eq "non-pii answers are in their columns" "MX|uninspected|1995-03-01|hs_grad" \
	"$(pg_sql 'SELECT country, entry_manner, entry_date, school_status FROM screening')"
# every pii column of the form (marked or derived), from its codebook
"$intake" codebook screening | python3 -c 'import csv, sys
r = csv.DictReader(sys.stdin)
print("\n".join(x["column"] for x in r if x["table"] == "screening" and
                x["pii"] != "no" and x["column"] != "_notes"))' >"$PG_TMP/pii-cols"
check "the codebook names the pii columns (names, dob, phone, derived flags, instance name)" \
	sh -c "grep -qx first_name '$PG_TMP/pii-cols' && grep -qx dob '$PG_TMP/pii-cols' &&
	       grep -qx possible_vawa '$PG_TMP/pii-cols' && grep -qx _instance_name '$PG_TMP/pii-cols' &&
	       test \$(wc -l <'$PG_TMP/pii-cols') -ge 15"
nonnull=$(while read -r c; do
	printf 'SELECT %s FROM screening WHERE "%s" IS NOT NULL UNION ALL ' "'$c'" "$c"
done <"$PG_TMP/pii-cols")
eq "every pii column is NULL ($(wc -l <"$PG_TMP/pii-cols") columns)" "" "$(pg_sql "${nonnull}SELECT '' WHERE false")"
eq "no notes, and no state of a pii field" "{}|" \
	"$(pg_sql "SELECT _notes, (SELECT string_agg(k, ' ') FROM jsonb_object_keys(_states) k WHERE k IN ($(sed "s/.*/'&'/" "$PG_TMP/pii-cols" | paste -sd,))) FROM screening")"
eq "the record is acknowledged" 1 "$(acks)"

# the whole database, dumped as plain SQL: no pii value of the record
# (every pii field's value of four bytes or more, shorter ones like "yes"
# being in any dump, and but those that a non-pii answer holds too, like
# a derived flag's "none") -- while its non-pii values are
pg_as "$PG_BIN/pg_dump" -h "$PG_TMP" -U postgres postgres >"$PG_TMP/dump.sql"
python3 - "$PG_TMP/pii-cols" "$PG_TMP/db.csv" >"$PG_TMP/pii-values" <<'PY'
import csv, re, sys
pii = set(open(sys.argv[1], encoding="utf-8").read().split())
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8", newline="")))[1:]
def field(path):
    if path.startswith("meta:"):
        return "_" + path[5:] if path == "meta:instance_name" else None
    return re.sub(r"\[.*", "", path.rsplit("/", 1)[-1])
values = {r[1] for r in rows if field(r[0]) in pii and len(r[1].encode()) >= 4}
other = {r[1] for r in rows if field(r[0]) not in pii}
print("\n".join(sorted(values - other)))
PY
check "the pii values to look for: names, phone, date of birth, instance name" \
	sh -c "grep -qx 'Ana Lucía' '$PG_TMP/pii-values' && grep -qx '555 0100' '$PG_TMP/pii-values' &&
	       grep -qx 1981-06-16 '$PG_TMP/pii-values' && test \$(wc -l <'$PG_TMP/pii-values') -ge 5"
leaked=""
while IFS= read -r v; do
	grep -qaF -- "$v" "$PG_TMP/dump.sql" && leaked="$leaked|$v"
done <"$PG_TMP/pii-values"
eq "none of the $(wc -l <"$PG_TMP/pii-values") pii values is anywhere in pg_dump" "" "$leaked"
check "while non-pii values are (the dump is searchable)" \
	sh -c "grep -q 'uninspected' '$PG_TMP/dump.sql' && grep -q '$id' '$PG_TMP/dump.sql'"
# nor anywhere in the server's files: tables, indexes, WAL, logs
pg_sql CHECKPOINT
leaked=""
while IFS= read -r v; do
	grep -rqaF -- "$v" "$PG_TMP/db" "$PG_TMP/log" && leaked="$leaked|$v"
done <"$PG_TMP/pii-values"
eq "nor in any file of the server (tables, WAL, log)" "" "$leaked"
check "... where non-pii values are" grep -rqaF uninspected "$PG_TMP/db"

# ---- later: a sealed record the laptop cannot read ---------------------------------
"$intake" --data "$data" push --auto-off >/dev/null 2>&1
INTAKE_NOW=2026-11-21T09:00:00-06:00 "$intake" --data "$data" replay \
	"$PG_TMP/screening" "$PG_TMP/p02.csv" >/dev/null 2>&1
id2=$(ls "$data"/records/*.age | xargs -n1 basename | sed 's/\.age$//' | grep -v "$id")
"$intake" --data "$data" push screening >"$PG_TMP/out" 2>"$PG_TMP/err"
check "push FORM leaves it queued (exit 0) ..." test $? -eq 0
check "... saying that its form cannot be told" grep -q '1 sealed record stays queued: this computer cannot tell' "$PG_TMP/err"
eq "... so nothing more is in the database" "1|1" "$(rows)|$(acks)"
"$intake" --data "$data" push >"$PG_TMP/out" 2>"$PG_TMP/err"
check "push without FORM sends it" grep -q '^intake: 1 pushed .*(1 new, 0 changed, 0 already there), 0 left in the queue' "$PG_TMP/out"
eq "its raw row: the bytes, an empty form id, no version nor end time" "t|t|||" \
	"$(pg_sql "SELECT sealed IS NOT NULL, record IS NULL, form_id, form_version, ended FROM intake_raw WHERE intake_id = '$id2'")"
eq "no typed row for it" 1 "$(pg_sql 'SELECT count(*) FROM screening')"
rm -rf "$data/pushed"
"$intake" --data "$data" push >"$PG_TMP/out" 2>"$PG_TMP/err"
check "lost acknowledgements: both sent again, none new" grep -q '(0 new, 0 changed, 2 already there)' "$PG_TMP/out"
eq "the first keeps its form and end time" "screening|2026-11-22 16:00:00+00" \
	"$(pg_sql "SELECT form_id, ended FROM intake_raw WHERE intake_id = '$id'")"

# ---- the legal team: export --from URL --identity ---------------------------------
# plain screening records too, from another laptop, some at the same time
for now in 2026-11-20T08:00:00-06:00 2026-11-22T10:00:00-06:00 2026-11-23T12:00:00-06:00; do
	INTAKE_NOW=$now "$intake" --data "$PG_TMP/laptop2" replay screening \
		"$PG_TMP/p01.csv" >/dev/null 2>&1
done
"$intake" --data "$PG_TMP/laptop2" push >/dev/null 2>&1
mkdir -p "$PG_TMP/all/records"
cp "$data"/records/* "$PG_TMP"/laptop2/records/* "$PG_TMP/all/records/"
eq "5 records: 2 sealed, 3 plain" "5|2" "$(ls "$PG_TMP/all/records" | wc -l)|$(ls "$PG_TMP"/all/records/*.age | wc -l)"
# same_exports NAME OPTIONS...: the local and --from exports
same_exports() {
	name=$1
	shift
	"$intake" --data "$PG_TMP/all" export --identity "$PG_TMP/key.txt" "$@" screening >/dev/null 2>&1 || return 1
	"$intake" --data "$PG_TMP/db-$name" export --from "" --identity "$PG_TMP/key.txt" "$@" screening >/dev/null 2>&1 || return 1
	diff -r "$PG_TMP/all/exports" "$PG_TMP/db-$name/exports" || return 1
	rm -rf "$PG_TMP/all/exports"
}
check "export --from --identity equals the local export --identity" same_exports plain
check "the same with --redact" same_exports redact --redact
check "the same with --labels --lang es --split" same_exports labels --labels --lang es --split
"$intake" --data "$PG_TMP/db-plain" export --from "" --identity "$PG_TMP/key.txt" screening >/dev/null 2>&1
eq "all 5 intakes, in order of end time" "5|2026-11-20T08:00:00-06:00 2026-11-21T09:00:00-06:00 2026-11-22T10:00:00-06:00 2026-11-22T10:00:00-06:00 2026-11-23T12:00:00-06:00" \
	"$(sed 1d "$PG_TMP/db-plain/exports/screening.csv" | wc -l)|$(sed 1d "$PG_TMP/db-plain/exports/screening.csv" | cut -d, -f7 | paste -sd' ')"
check "the sealed intakes' names are in the legal team's export" \
	sh -c "grep -q 'Ana Lucía' '$PG_TMP/db-plain/exports/screening.csv' && grep -q 'Marisol Quetzal' '$PG_TMP/db-plain/exports/screening.csv'"

# --xlsx: every part of the workbook equal but its creation time
"$intake" --data "$PG_TMP/all" export --xlsx --identity "$PG_TMP/key.txt" screening >/dev/null 2>&1
"$intake" --data "$PG_TMP/db-x" export --xlsx --from "" --identity "$PG_TMP/key.txt" screening >"$PG_TMP/out" 2>"$PG_TMP/err"
check "export --from --xlsx --identity writes the workbook" test $? -eq 0 -a -s "$PG_TMP/db-x/exports/screening.xlsx"
same_book() {
	python3 - "$1" "$2" <<'PY'
import re, sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
names = sorted(a.namelist())
assert names == sorted(b.namelist()), (names, b.namelist())
def part(z, n):
    data = z.read(n)
    if n == "docProps/core.xml":  # the creation time, and only it
        data = re.sub(rb"<dcterms:(created|modified)[^<]*</dcterms:\1>", b"", data)
    return data
bad = [n for n in names if part(a, n) != part(b, n)]
assert not bad, bad
assert len(names) > 8
PY
}
check "... equal to the local one, part by part (sheets, strings, styles)" \
	same_book "$PG_TMP/all/exports/screening.xlsx" "$PG_TMP/db-x/exports/screening.xlsx"
"$intake" --data "$PG_TMP/db-x" export --xlsx --from "" example >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "another form's export without the key: exit 65, as the row of unknown form may be one of its" \
	"65|1" "$?|$(grep -c '1 record in the database is sealed and may be of form example' "$PG_TMP/err")"

# without the key, or with another: nothing exported, the old files kept
cp -r "$PG_TMP/db-plain/exports" "$PG_TMP/before"
"$intake" --data "$PG_TMP/db-plain" export --from "" screening >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "without --identity: exit 65" 65 $?
check "... saying why" grep -q '2 records in the database are sealed and may be of form screening: give the legal team' "$PG_TMP/err"
"$intake" keygen -o "$PG_TMP/other.txt" 2>/dev/null
"$intake" --data "$PG_TMP/db-plain" export --from "" --identity "$PG_TMP/other.txt" screening >"$PG_TMP/out" 2>"$PG_TMP/err"
eq "another key: exit 65" 65 $?
check "... naming the row and why" grep -q "^intake_raw row $id: error: cannot be opened: it was sealed for another key" "$PG_TMP/err"
check "the exports are left as they were" diff -r "$PG_TMP/before" "$PG_TMP/db-plain/exports"

# ---- a background push the server refuses copies no answer to the laptop ---------
# (push.log is on the laptop: a DETAIL such as "Failing row contains
# (...)" would put the sealed record's answers there in plaintext)
pg_sql "ALTER TABLE screening ADD CONSTRAINT no_mx CHECK (country <> 'MX') NOT VALID"
l3=$PG_TMP/laptop3
"$intake" --data "$l3" push --auto-on >/dev/null 2>&1
INTAKE_NOW=2026-11-24T10:00:00-06:00 "$intake" --data "$l3" replay \
	"$PG_TMP/screening" "$PG_TMP/p01.csv" >/dev/null 2>&1
k=0
while ! grep -q 'violates check constraint' "$l3/push.log" 2>/dev/null && [ $k -lt 300 ]; do
	sleep 0.1; k=$((k + 1))
done
check "the refusal is in push.log, naming the constraint" grep -q 'violates check constraint "no_mx"' "$l3/push.log"
check "... but not the row (no DETAIL)" sh -c "! grep -q 'Failing row' '$l3/push.log'"
age -d -i "$PG_TMP/key.txt" "$l3"/records/*.age | python3 -c 'import csv, sys
print("\n".join(sorted({r[1] for r in list(csv.reader(sys.stdin))[1:]
                         if not r[0].startswith("meta:") and len(r[1].encode()) >= 4})))' >"$PG_TMP/l3-values"
leaked=""
while IFS= read -r v; do
	grep -rqaF -- "$v" "$l3" && leaked="$leaked|$v"
done <"$PG_TMP/l3-values"
eq "no answer of 4+ bytes anywhere under that data folder ($(wc -l <"$PG_TMP/l3-values") values)" "" "$leaked"
eq "the record stays queued, and the database has no trace of it" "0|0" \
	"$(find "$l3/pushed" -type f 2>/dev/null | wc -l)|$(pg_sql "SELECT count(*) FROM intake_raw WHERE ended > '2026-11-24'")"
[ "$pg_failed" -eq 0 ]
