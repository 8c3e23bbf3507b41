#!/bin/sh
# Media questions on a terminal (issue 15, point 4): an image, audio,
# video or file question takes the path of an existing regular file; the
# file is copied beside the record when the intake is finished
# (records/<id>-media/<name>, mode 0600, same bytes) and the record and
# the export name the copy relative to the data folder.  A missing path,
# a folder or a FIFO is refused saying what is expected, in English and
# in Spanish (line mode).  Two files of the same name are both kept; a
# name with spaces or other characters is made safe.  A form that seals
# its records seals each file too, to the same key, as NAME.age (opened
# by Debian's age to the same bytes), and leaves no readable copy.  A rank
# takes only the options its choice_filter leaves; a text with the
# appearance numbers takes digits only.  Prints TAP.
set -u
intake=$1 src=$2
form=$src/tests/ui/forms/widgets
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
echo "1..22"
. "$(dirname "$0")/../lib.sh"
check_log=$tmp/out

# a form with two media questions, to see names kept apart
f=$tmp/f
cp -r "$form" "$f"
printf 'file,extra,Another file,Otro archivo,,\n' >>"$f/survey.csv"
printf 'scan bytes\n' >"$tmp/scan.jpg"
mkdir "$tmp/other"
printf 'other bytes\n' >"$tmp/other/scan.jpg"
printf 'odd name\n' >"$tmp/my scan (1).pdf"

replay() { # replay DATA doc-path extra-path
	printf 'name,value\npain,3\narea,city\nneeds,3 1 2\ndoc,"%s"\nextra,"%s"\n' \
		"$2" "$3" >"$tmp/a.csv"
	"$intake" --data "$1" replay "$f" "$tmp/a.csv" >"$tmp/out" 2>&1
}

replay "$tmp/d1" "$tmp/scan.jpg" "$tmp/other/scan.jpg"
check "an intake with two files of the same name finishes" test $? -eq 0
rec=$(ls "$tmp"/d1/records/*.csv)
id=$(basename "$rec" .csv)
media=$tmp/d1/records/$id-media
check "the first file is copied beside the record, same bytes" \
	cmp "$tmp/scan.jpg" "$media/scan.jpg"
check "the second keeps its own copy" cmp "$tmp/other/scan.jpg" "$media/scan-2.jpg"
check "the copies are 0600, their folder 0700" sh -c \
	'test "$(stat -c %a "$1/scan.jpg")" = 600 && test "$(stat -c %a "$1")" = 700' \
	sh "$media"
check "the record names the copy relative to the data folder" \
	grep -qx "doc,records/$id-media/scan.jpg,answered," "$rec"
check "the export names it too" grep -qF \
	"records/$id-media/scan.jpg,records/$id-media/scan-2.jpg" "$tmp/d1/exports/widgets.csv"
check "no temporary file is left" sh -c '! ls "$1" | grep -q tmp' sh "$media"

replay "$tmp/d2" "$tmp/my scan (1).pdf" "$tmp/scan.jpg"
check "a name with spaces and brackets is made safe" sh -c \
	'ls "$1"/records/*-media/my_scan__1_.pdf' sh "$tmp/d2"

HOME=$tmp replay "$tmp/d8" "~/scan.jpg" "$tmp/other/scan.jpg"
check "~/ is the home folder" sh -c \
	'test $0 -eq 0 && ls "$1"/records/*-media/scan.jpg' $? "$tmp/d8"

replay "$tmp/d3" "$tmp/nowhere.jpg" "$tmp/scan.jpg"
check "a missing file is refused, saying what is expected" sh -c \
	'test $0 -eq 65 && grep -qF "There is no file at that path. Type the full path of an existing file" "$1"' \
	$? "$tmp/out"
replay "$tmp/d3" "$tmp/other" "$tmp/scan.jpg"
check "a folder is refused" sh -c \
	'test $0 -eq 65 && grep -qF "not a regular file" "$1"' $? "$tmp/out"
mkfifo "$tmp/fifo"
replay "$tmp/d3" "$tmp/fifo" "$tmp/scan.jpg"
check "a FIFO is refused without hanging" sh -c \
	'test $0 -eq 65 && grep -qF "not a regular file" "$1"' $? "$tmp/out"

# line mode, in Spanish: a wrong path, then a right one, then finish
printf 'Ana\n3\n1\n1 2 3\n/no/hay/escaneo.jpg\n%s\n\n\n' "$tmp/scan.jpg" |
	"$intake" --data "$tmp/d4" --plain --lang es "$f" >"$tmp/out" 2>&1
check "line mode in Spanish refuses a missing file in Spanish" grep -qF \
	"No hay ningún archivo en esa ruta. Escriba la ruta completa de un archivo que exista" "$tmp/out"
check "... says the range's bounds and the rank's keys in Spanish" sh -c \
	'grep -qF "Un número del 1 al 10, en pasos de 1." "$1" &&
	 grep -qF "Escriba los números de todas las opciones en orden" "$1"' sh "$tmp/out"
check "... and the finished record names the copy" sh -c \
	'grep -q "^doc,records/[0-9a-f-]*-media/scan.jpg,answered," "$1"/records/*.csv' \
	sh "$tmp/d4"

# the rank takes only what its choice_filter leaves: land is for the country
printf 'name,value\npain,3\narea,city\nneeds,food land housing work\n' >"$tmp/a.csv"
"$intake" --data "$tmp/d5" replay --no-save "$f" "$tmp/a.csv" >"$tmp/out" 2>&1
check "a rank with an option its choice_filter leaves out is refused" sh -c \
	'test $0 -eq 65 && grep -qF "Put every option in order" "$1"' $? "$tmp/out"

# appearance numbers on a text: digits (and separators) only, kept as text
mkdir "$tmp/num"
printf 'type,name,label,appearance\ntext,phone,Phone,numbers\ntext,words,Words,minimal\n' >"$tmp/num/survey.csv"
printf 'name,value\nphone,"+504 9999-0000,1"\nwords,abc\n' >"$tmp/a.csv"
"$intake" --data "$tmp/d7" replay --no-save --print "$tmp/num" "$tmp/a.csv" >"$tmp/out" 2>&1
check "appearance numbers keeps digits as typed; minimal is harmless" sh -c \
	'test $0 -eq 0 && grep -qx "phone,\"+504 9999-0000,1\"" "$1" && grep -qx "words,abc" "$1"' $? "$tmp/out"
printf 'name,value\nphone,call me\n' >"$tmp/a.csv"
"$intake" --data "$tmp/d7" replay --no-save "$tmp/num" "$tmp/a.csv" >"$tmp/out" 2>&1
check "appearance numbers refuses letters, saying what is expected" sh -c \
	'test $0 -eq 65 && grep -qF "Type digits only" "$1"' $? "$tmp/out"

# sealed: each file sealed to the form's key as NAME.age, no readable copy
"$intake" keygen -o "$tmp/k.txt" 2>/dev/null
pub=$(sed -n 's/^# public key: //p' "$tmp/k.txt")
awk -v k="$pub" 'NR == 1 { print $0 ",public_key"; next } { print $0 "," k }' \
	"$form/settings.csv" >"$f/settings.csv.new" && mv "$f/settings.csv.new" "$f/settings.csv"
"$intake" check "$f" >"$tmp/out.check" 2>&1
check "sealed form: check passes without a word on media" sh -c \
	'test $0 -eq 0 && ! grep -q "image\|file:" "$1"' $? "$tmp/out.check"
replay "$tmp/d6" "$tmp/scan.jpg" "$tmp/other/scan.jpg"
st=$?
sealed=$(ls -d "$tmp"/d6/records/*-media 2>/dev/null)
check "sealed form: the intake finishes, its files sealed as scan.jpg.age and scan-2.jpg.age, 0600" sh -c \
	'test $0 -eq 0 && ls "$1"/../*.age >/dev/null &&
	 test "$(ls "$1")" = "$(printf "scan-2.jpg.age\nscan.jpg.age")" &&
	 test "$(stat -c %a "$1/scan.jpg.age")" = 600' $st "$sealed"
check "sealed form: Debian's age opens each to the bytes given; no plaintext copy in the data folder" sh -c \
	'age -d -i "$0" "$1/scan.jpg.age" | cmp - "$2" &&
	 age -d -i "$0" "$1/scan-2.jpg.age" | cmp - "$3" &&
	 ! grep -rqF "scan bytes" "$4" && ! grep -rqF "other bytes" "$4"' \
	"$tmp/k.txt" "$sealed" "$tmp/scan.jpg" "$tmp/other/scan.jpg" "$tmp/d6"
"$intake" --data "$tmp/d6" export --identity "$tmp/k.txt" "$f" >"$tmp/out" 2>&1
check "sealed form: the export (with the key) names the sealed files" sh -c \
	'grep -q "records/[0-9a-f-]*-media/scan.jpg.age" "$0"/exports/*.csv' "$tmp/d6"
[ "$failed" -eq 0 ]
