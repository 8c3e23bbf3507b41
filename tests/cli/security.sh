#!/bin/sh
# Nothing leaks, nothing lands in the wrong place, nothing is dropped in
# silence (issue 10): evaluation errors stop a replay, names that become
# paths are refused, files under the data folder are never reached
# through symbolic links and end up 0600 / 0700, killed writes leave no
# temporary file behind, tampered drafts are refused, notes of removed
# fields are kept, and redacted exports carry nothing derived from pii.
# Prints TAP.
set -u
intake=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
ok() { # ok DESCRIPTION STATUS
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - $1"
	else
		failed=$((failed + 1))
		echo "not ok $n - $1"
		sed 's/^/# /' "$tmp/err" | cut -c1-300 | head -8
	fi
}
# run ARGS...: intake with stdout in $tmp/out, stderr in $tmp/err, $rc
run() {
	"$intake" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
form() { # form DIR ID: a folder with settings.csv; survey.csv from stdin
	mkdir -p "$1"
	printf 'form_title,form_id,version\nT,%s,1\n' "$2" >"$1/settings.csv"
	cat >"$1/survey.csv"
}
answers() { # answers FILE NAME=VALUE...
	f=$1
	shift
	echo "name,value" >"$f"
	for kv in "$@"; do
		echo "${kv%%=*},${kv#*=}" >>"$f"
	done
}


# ---- evaluation errors are shown, never swallowed ------------------------
form "$tmp/ev" ev <<'EOF'
type,name,label,relevant,calculation
text,p,Pattern,,
text,a,A,"regex(${p}, '(')",
text,k,Key,,
calculate,looked,,,"pulldata(${k}, 'value', 'name', 'first_name')"
EOF
printf 'name,value\nx,1\n' >"$tmp/ev/table.csv"
answers "$tmp/ev-regex.csv" p=x a=y k=table
run check "$tmp/ev"
[ "$rc" -eq 65 ] && grep -q "survey.csv:3: relevant: error: regex(): invalid pattern \"(\"" "$tmp/out"
ok "check compiles regex literals: regex(\${a}, '(') is an error" $?
sed -i "s/regex(\${p}, '(')/regex(\${p}, \${p})/" "$tmp/ev/survey.csv"
answers "$tmp/ev-regex.csv" p='(' a=y k=table
run --data "$tmp/d1" replay "$tmp/ev" "$tmp/ev-regex.csv"
[ "$rc" -eq 65 ] && grep -q 'ev-regex.csv:2: a: error: form problem: the relevant of "a" (survey.csv row 3) failed: regex(): invalid pattern "("' "$tmp/err" &&
	[ ! -d "$tmp/d1/records" ]
ok "replay: a regex that fails names the field and the answers' row, exits 65, saves nothing" $?
printf '(\ny\n' | "$intake" --data "$tmp/d-plain" --interviewer V --plain "$tmp/ev" >"$tmp/out" 2>"$tmp/err"
grep -q '! Form problem at "a" (survey.csv:3, relevant): regex(): invalid pattern "(" — a result may be wrong; tell the form'"'"'s author.' "$tmp/out"
ok "line mode shows a failed expression as a form problem naming the field" $?
answers "$tmp/ev-pull.csv" p=x a=y k=../../etc/passwd
run --data "$tmp/d1" replay "$tmp/ev" "$tmp/ev-pull.csv"
[ "$rc" -eq 65 ] && grep -q 'ev-pull.csv: looked: error: form problem: the calculation of "looked" (survey.csv row 5) failed: pulldata(): "../../etc/passwd" is not a file of the form folder' "$tmp/err"
ok "replay: a computed pulldata() path out of the form folder is an error" $?
answers "$tmp/ev-ok.csv" p=x a=y k=table
run --data "$tmp/d1" replay --print "$tmp/ev" "$tmp/ev-ok.csv"
[ "$rc" -eq 0 ] && grep -q '^looked,$' "$tmp/out"
ok "replay: a plain file name of the form folder is read" $?
ln -s /etc/passwd "$tmp/ev/passwd.csv"
answers "$tmp/ev-link.csv" p=x a=y k=passwd
run --data "$tmp/d1" replay "$tmp/ev" "$tmp/ev-link.csv"
[ "$rc" -eq 65 ] && grep -q 'pulldata(): "passwd" leads out of the form folder' "$tmp/err"
ok "replay: a pulldata() table linked out of the form folder is refused" $?

# ---- files under the data folder: no links, private modes ----------------
ex=$src/forms/example
exans=$src/tests/data/example-answers.csv
d=$tmp/links
mkdir -p "$d" "$tmp/elsewhere"
ln -s "$tmp/elsewhere" "$d/records"
run --data "$d" replay "$ex" "$exans"
[ "$rc" -ne 0 ] && grep -q "$d/records is a symbolic link" "$tmp/err" &&
	[ -z "$(ls "$tmp/elsewhere")" ]
ok "a symbolic link records/ is refused, named, and nothing written through it" $?

d=$tmp/exlink
mkdir -p "$d/exports"
: >"$tmp/victim.csv"
chmod 666 "$tmp/victim.csv"
ln -s "$tmp/victim.csv" "$d/exports/example.csv"
run --data "$d" replay "$ex" "$exans"
[ "$rc" -ne 0 ] && grep -q "$d/exports/example.csv is a symbolic link" "$tmp/err" &&
	[ ! -s "$tmp/victim.csv" ] && [ "$(stat -c %a "$tmp/victim.csv")" = 666 ]
ok "appending to an export that is a link is refused; its target is untouched" $?

d=$tmp/dangling
mkdir -p "$d/exports"
ln -s "$tmp/created-by-link.csv" "$d/exports/example.csv"
run --data "$d" replay "$ex" "$exans"
[ "$rc" -ne 0 ] && [ ! -e "$tmp/created-by-link.csv" ]
ok "a dangling link does not create its target" $?

d=$tmp/modes
mkdir -p "$d/exports"
run --data "$d" replay "$ex" "$exans"
chmod 777 "$d" "$d/records"
chmod 644 "$d/exports/example.csv"
run --data "$d" replay "$ex" "$exans"
[ "$rc" -eq 0 ] && [ "$(stat -c %a "$d")" = 700 ] &&
	[ "$(stat -c %a "$d/records")" = 700 ] &&
	[ "$(stat -c %a "$d/exports/example.csv")" = 600 ] &&
	[ "$(grep -c "made [67]00, as everything under the data folder is private" "$tmp/err")" = 1 ]
ok "a 777 data folder and a 644 export are made 0700 and 0600, said once" $?

d=$tmp/stale
mkdir -p "$d/drafts" "$d/exports"
echo half >"$d/exports/example.csv.tmp.abc123"
echo half >"$d/drafts/x.csv.tmp.def456"
touch -d '2 minutes ago' "$d/exports/example.csv.tmp.abc123" "$d/drafts/x.csv.tmp.def456"
echo fresh >"$d/exports/example.csv.tmp.new789"
run --data "$d" replay "$ex" "$exans"
[ "$rc" -eq 0 ] && [ ! -e "$d/exports/example.csv.tmp.abc123" ] &&
	[ ! -e "$d/drafts/x.csv.tmp.def456" ] && [ -e "$d/exports/example.csv.tmp.new789" ]
ok "temporary files of killed writes are removed (a fresh one is left to its writer)" $?
rm -f "$d/exports/example.csv.tmp.new789"
touch -d '2 minutes ago' "$d/exports/example.csv"
cp "$d/exports/example.csv" "$d/exports/example.csv.tmp.zzz999"
touch -d '2 minutes ago' "$d/exports/example.csv.tmp.zzz999"
run --data "$d" export example
[ "$rc" -eq 0 ] && [ ! -e "$d/exports/example.csv.tmp.zzz999" ]
ok "intake export removes them too" $?

# a tampered draft: its instance id would name the record's file
d=$tmp/tamper
mkdir -p "$d/drafts"
id=0b6f1d8e-2a4b-4c1e-9f3a-1d2e3f4a5b6c
run --data "$tmp/modes" replay --print "$ex" "$exans"
{
	echo "name,value,state,note"
	echo "meta:instance_id,../../escaped_record,,"
	echo "meta:form_id,example,,"
	echo "meta:status,incomplete,,"
	echo "first_name,Rosa,answered,"
} >"$d/drafts/$id.csv"
run --data "$d" --plain --interviewer T --resume 0b6f "$ex" </dev/null
[ "$rc" -ne 0 ] && grep -q 'the instance id "../../escaped_record" is not a UUID matching the file' "$tmp/err" &&
	[ ! -e "$tmp/escaped_record.csv" ] && [ ! -e "$d/records" ]
ok "a draft whose instance id is not its file's UUID is refused" $?

d=$tmp/notafolder
mkdir -p "$d"
: >"$d/records"
run --data "$d" replay "$ex" "$exans"
[ "$rc" -ne 0 ] && grep -q "$d/records: Not a directory" "$tmp/err"
ok "a record that cannot be written: non-zero exit, the folder named" $?

# ---- notes and answers of removed fields are kept and named --------------
d=$tmp/orphans
mkdir -p "$d/drafts"
form "$tmp/v2" vv <<'EOF'
type,name,label
text,a,A
text,z,Z
EOF
id=1c9e2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b
{
	echo "name,value,state,note"
	echo "meta:instance_id,$id,,"
	echo "meta:form_id,vv,,"
	echo "meta:status,incomplete,,"
	echo "a,kept,answered,note on a"
	echo "b,gone,answered,note on b"
	echo "c,,dont_know,note on c"
	echo "e,,empty,only a note on e"
} >"$d/drafts/$id.csv"
printf '/save\n' | "$intake" --data "$d" --plain --interviewer T --resume 1c9e "$tmp/v2" >"$tmp/out" 2>"$tmp/err"
dr=$d/drafts/$id.csv
grep -q 'b: warning: no longer a question of this form; the answer "gone" and the interviewer.s note "note on b" are kept aside' "$tmp/err" &&
	grep -q 'c: warning: .*the answer "dont_know" and the interviewer.s note "note on c" are kept' "$tmp/err" &&
	grep -q 'e: warning: .*the interviewer.s note "only a note on e" is kept' "$tmp/err" &&
	grep -q '^meta:orphan:b,gone,' "$dr" && grep -q '^meta:orphan-note:b,note on b,' "$dr" &&
	grep -q '^meta:orphan-state:c,dont_know,' "$dr" && grep -q '^meta:orphan-note:c,note on c,' "$dr" &&
	grep -q '^meta:orphan-note:e,only a note on e,' "$dr" && grep -q '^a,kept,answered,note on a' "$dr"
ok "answers and notes of removed fields are kept in the draft and named" $?

# line mode stops when the draft cannot be saved
d=$tmp/nosave
mkdir -p "$d"
: >"$d/drafts"
printf 'x\ny\n' | "$intake" --data "$d" --plain --interviewer T "$tmp/v2" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 73 ] && [ "$(grep -c "error: cannot open the folder $d/drafts" "$tmp/err")" = 1 ] && ! grep -q "Z" "$tmp/out"
ok "line mode stops at the first draft that cannot be saved (exit 73, the file named once)" $?

# ---- redaction covers what is derived -------------------------------------
# two clients who differ only in pii answers: dates of birth a day apart
# (the same age), other names and phones
d=$tmp/redact
scr=$src/forms/screening
facts="entry_date,2015-06-01
entry_manner,uninspected
last_arrival,2015-06-01"
{ cat "$src/tests/personas/base.csv"; echo "$facts"; echo "dob,2008-03-10"; } >"$tmp/client1.csv"
sed -e 's/^first_name,.*/first_name,Beatriz/' -e 's/^last_name,.*/last_name,Otra Persona/' \
	-e 's/^phone,.*/phone,555 0199/' "$src/tests/personas/base.csv" >"$tmp/client2.csv"
{ echo "$facts"; echo "dob,2008-03-11"; } >>"$tmp/client2.csv"
run --data "$d" replay "$scr" "$tmp/client1.csv" "$tmp/client2.csv"
r1=$rc
run --data "$d" export --redact screening
red=$d/exports/redacted/screening.csv
# the two rows without the ids each intake gets (intake id and code)
same_rows() {
	python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
ids = {rows[0].index(c) for c in ("_intake_id", "_intake_code") if c in rows[0]}
a, b = ([v for i, v in enumerate(r) if i not in ids] for r in rows[1:3])
sys.exit(0 if len(rows) == 3 and a == b else 1)
PY
}
[ "$r1" -eq 0 ] && [ "$rc" -eq 0 ] && same_rows "$red"
ok "screening: two clients differing only in pii answers give identical redacted rows" $?
head -1 "$red" | tr ',' '\n' | tr -d '\r' >"$tmp/redcols"
run --data "$d" export screening
! grep -qx -e c_age -e c_sijs_d21_day -e dob -e first_name -e possible_sijs "$tmp/redcols" &&
	grep -qx country "$tmp/redcols" &&
	! grep -q -e '^screening,c_age,' -e '^screening,possible_sijs,' "$d/exports/redacted/screening-codebook.csv" &&
	grep -q '^screening,country,' "$d/exports/redacted/screening-codebook.csv" &&
	grep -q '^screening,possible_sijs,.*,derived,' "$d/exports/screening-codebook.csv"
ok "the redacted export and codebook leave out derived pii; the full codebook marks it" $?

echo "1..$n"
[ "$failed" -eq 0 ]
