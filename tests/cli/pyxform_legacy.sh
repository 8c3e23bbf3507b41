#!/bin/sh
# pyxform's legacy spellings (issue 15): single-colon translations
# (label:English (en), hint:Español (es)) in a sheet without any "::";
# the "phone number" type (text of digits only, hint "Enter numbers
# only."); a question with neither label nor hint (an error, as in
# pyxform); "or specify other" and "or other" after a select's list; an empty
# choices file.  Prints TAP.
set -u
intake=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
echo "1..9"

# result STATUS DESCRIPTION: a TAP line; $tmp/out is shown when it failed
. "$(dirname "$0")/../lib.sh"
check_log=$tmp/out

mkdir "$tmp/f"
printf 'type,name,label:English (en),label:Español (es),hint:Español (es),jr:count\ntext,family,Family name?,¿Apellido?,Como en el pasaporte,\nbegin repeat,kids,Kids,Hijos,,2\ninteger,age,Age?,¿Edad?,,\nend repeat,,,,,\nphone number,phone,Phone?,¿Teléfono?,,\ngps,location,Where?,¿Dónde?,,\nselect_one yn or specify other,pick,Pick?,¿Cuál?,,\n' >"$tmp/f/survey.csv"
printf 'list_name,name,label:English (en),label:Español (es)\nyn,yes,Yes,Sí\nyn,no,No,No\n' >"$tmp/f/choices.csv"
printf 'form_id,form_title,version\nlegacy,Legacy,1\n' >"$tmp/f/settings.csv"

"$intake" check "$tmp/f" >"$tmp/out" 2>&1 &&
	grep -q "OK (6 questions, 1 choice list, languages: English, Español)$" "$tmp/out"
result $? "single-colon headers are translations (English, Español); jr:count stays a column"

mkdir "$tmp/n"
printf 'type,name,label::English (en),hint::English (en),media::image\ngps,location,,,\nnote,n,,,\ntext,h,,Only a hint,\ntext,m,,,m.png\n' >"$tmp/n/survey.csv"
"$intake" check "$tmp/n" >"$tmp/out" 2>&1
[ $? -eq 65 ] &&
	grep -q 'survey.csv:2: label: error: the question "location" has no label or hint' "$tmp/out" &&
	grep -q 'survey.csv:3: label: error: the note "n" has no label or hint' "$tmp/out" &&
	grep -q '2 errors' "$tmp/out"
result $? "a question or note without label, hint or media is an error, as in pyxform"

printf 'name,value\nfamily,Ruiz\nkids[1]/age,3\nkids[2]/age,5\nphone,5551234\nlocation,10 20\npick,other\npick_other,maybe\n' >"$tmp/a.csv"
"$intake" --data "$tmp/d" replay --print --no-save "$tmp/f" "$tmp/a.csv" >"$tmp/out" 2>"$tmp/err"
printf 'name,value\nfamily,Ruiz\nkids[1]/age,3\nkids[2]/age,5\nphone,5551234\nlocation,10 20\npick,other\npick_other,maybe\n' | cmp -s - "$tmp/out"
result $? "the legacy form replays: repeat count, phone number, or specify other"

printf 'name,value\nphone,555-1234\n' >"$tmp/b.csv"
"$intake" --data "$tmp/d" replay --print --no-save "$tmp/f" "$tmp/b.csv" >"$tmp/out" 2>&1
[ $? -ne 0 ] && grep -q "phone: error: Enter numbers only." "$tmp/out"
result $? "phone number takes digits only, saying so"

printf 'Ruiz\n3\n5\n555-1234\n5551234\n' |
	"$intake" --data "$tmp/d2" --plain --lang es --interviewer Vol "$tmp/f" >"$tmp/out" 2>&1
grep -q "^  Como en el pasaporte" "$tmp/out" && grep -q "^  Escriba solo números\." "$tmp/out" &&
	grep -q "Escriba solo números\.$" "$tmp/out" && grep -q "\] ¿Dónde?$" "$tmp/out"
result $? "Spanish hints from hint:Español (es) and phone number; Spanish label from label:Español (es)"

# a sheet with "::" somewhere: a single colon is part of the header
mkdir "$tmp/g"
printf 'type,name,label::es,hint:es\ntext,a,¿A?,x\n' >"$tmp/g/survey.csv"
"$intake" check "$tmp/g" >"$tmp/out" 2>&1 && grep -q "language: es)" "$tmp/out"
result $? "with :: in the sheet, hint:es is a column of its own (one language)"

mkdir "$tmp/h"
printf 'type,name,label\nselect_one yn or other,a,A?\nselect_multiple yn OR_OTHER,b,B?\n' >"$tmp/h/survey.csv"
printf 'list_name,name,label\nyn,yes,Yes\n' >"$tmp/h/choices.csv"
"$intake" check "$tmp/h" >"$tmp/out" 2>&1 && grep -q "OK (4 questions" "$tmp/out"
result $? "or other and OR_OTHER are or_other"

mkdir "$tmp/e"
printf 'type,name,label\ntext,a,A?\n' >"$tmp/e/survey.csv"
: >"$tmp/e/choices.csv"
"$intake" check "$tmp/e" >"$tmp/out" 2>&1 && ! grep -q "empty" "$tmp/out"
result $? "an empty choices file is no choices file"

mkdir "$tmp/s"
: >"$tmp/s/survey.csv"
"$intake" check "$tmp/s" >"$tmp/out" 2>&1
[ $? -eq 65 ] && grep -q "survey.csv: error: the file is empty" "$tmp/out"
result $? "an empty survey is still an error"
[ "$failed" -eq 0 ]
