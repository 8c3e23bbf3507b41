#!/bin/sh
# Sealed records in the age format, against Debian's age and age-keygen:
# keys made by either work in the other, `intake check` validates a
# form's public_key, a sealed record opens with `age -d` to the same CSV
# as an unsealed one, a file sealed by `age -r` opens in intake, several
# recipients, each kind of damage refused with the file named, and a
# sealed screening intake leaves no answer in plaintext anywhere under the
# data folder.  Prints TAP.
set -u
intake=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
. "$(dirname "$0")/../lib.sh"
# sealed_form DIR KEYS...: the example form, sealed to KEYS
sealed_form() {
	dir=$1
	shift
	rm -rf "$dir"
	cp -r "$src/forms/example" "$dir"
	awk -v keys="$*" 'NR == 1 { print $0 ",public_key"; next }
		NR == 2 { print $0 ",\"" keys "\""; next } { print }' \
		"$src/forms/example/settings.csv" >"$dir/settings.csv"
}

# ---- keys ----
"$intake" keygen -o "$tmp/k1.txt" 2>"$tmp/k1.err"
check "keygen -o exits 0" test $? -eq 0
check "the key file is 0600" test "$(mode "$tmp/k1.txt")" = 600
pub1=$(sed -n 's/^# public key: //p' "$tmp/k1.txt")
check "the key file is age-keygen's format" grep -qxE \
	'# created: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}([-+][0-9:]{5}|Z)' "$tmp/k1.txt"
check "... with a public key and a secret key" sh -c \
	'grep -qxE "# public key: age1[02-9ac-hj-np-z]{58}" "$1" &&
	 grep -qxE "AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}" "$1" &&
	 test "$(wc -l <"$1")" -eq 3' sh "$tmp/k1.txt"
check "the public key is also on stderr" grep -qx "Public key: $pub1" "$tmp/k1.err"
check "age-keygen -y reads intake's key" test "$(age-keygen -y "$tmp/k1.txt")" = "$pub1"
cp "$tmp/k1.txt" "$tmp/k1.copy"
"$intake" keygen -o "$tmp/k1.txt" 2>/dev/null
check "keygen never overwrites a key file (73)" test $? -eq 73
check "... which is left as it was" cmp "$tmp/k1.txt" "$tmp/k1.copy"
"$intake" keygen >"$tmp/k2.txt"
check "keygen without -o writes to stdout" grep -q "^AGE-SECRET-KEY-1" "$tmp/k2.txt"
age-keygen -o "$tmp/k3.txt" 2>/dev/null
pub3=$(age-keygen -y "$tmp/k3.txt")

# ---- intake check ----
sealed_form "$tmp/sealed" "$pub1" "$pub3"
"$intake" check "$tmp/sealed" >"$tmp/check.out" 2>&1
check "check accepts intake's and age-keygen's public keys" test $? -eq 0
check "check says the form seals its records" grep -q \
	"sealed (age) for 2 public keys" "$tmp/check.out"
"$intake" check "$src/forms/example" >"$tmp/check.out" 2>&1
check "check says nothing of sealing without public_key" sh -c \
	'! grep -q sealed "$1"' sh "$tmp/check.out"
# one character changed: bech32 always detects it
case $pub1 in *q) bad=${pub1%?}p ;; *) bad=${pub1%?}q ;; esac
sealed_form "$tmp/badkey" "$pub3" "$bad"
"$intake" check "$tmp/badkey" >"$tmp/check.out" 2>&1
check "a mistyped key is an error (65)" test $? -eq 65
check "... naming settings.csv, row and column" grep -q \
	"settings.csv:2: public_key: error: .*checksum" "$tmp/check.out"
sealed_form "$tmp/rsakey" "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAz"
"$intake" check "$tmp/rsakey" >"$tmp/check.out" 2>&1
check "an ODK RSA key is refused, saying so" grep -q "not ODK's RSA" "$tmp/check.out"
# valid bech32 holding 31 bytes
sealed_form "$tmp/shortkey" "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqar9jk6"
"$intake" check "$tmp/shortkey" >"$tmp/check.out" 2>&1
check "a key of the wrong length is refused" grep -q \
	"public_key: error: .*wrong length" "$tmp/check.out"

# ---- sealing ----
sealed_form "$tmp/sealed" "$pub1" "$pub3"
data=$tmp/sd
"$intake" --data "$data" replay "$tmp/sealed" "$src/tests/data/example-answers.csv"
check "a sealed intake finishes (0)" test $? -eq 0
rec=$(ls "$data"/records/*.age 2>/dev/null)
id=$(basename "$rec" .age)
check "the record is records/<id>.age, 0600" test "$(mode "$rec")" = 600
# codes/ holds only the empty files that reserve intake codes
check "no plaintext record, export or draft is written" sh -c \
	'test "$(find "$1" -type f -not -path "$1/codes/*" | wc -l)" -eq 1' sh "$data"
check "the record is an age file" sh -c \
	'head -1 "$1" | grep -qx "age-encryption.org/v1"' sh "$rec"
"$intake" --data "$tmp/pd" replay "$src/forms/example" "$src/tests/data/example-answers.csv"
prec=$(ls "$tmp"/pd/records/*.csv)
pid=$(basename "$prec" .csv)
# (the intake codes differ: each intake claims its own, see codes/)
sed "s/$pid/ID/g; s/^meta:intake_code,[^,]*/meta:intake_code,CODE/" "$prec" >"$tmp/plain.csv"
age -d -i "$tmp/k1.txt" "$rec" >"$tmp/opened.csv" 2>/dev/null
check "age -d opens it (intake's key)" test -s "$tmp/opened.csv"
sed "s/$id/ID/g; s/^meta:intake_code,[^,]*/meta:intake_code,CODE/" "$tmp/opened.csv" >"$tmp/opened-id.csv"
check "... to the same CSV as an unsealed record" cmp "$tmp/opened-id.csv" "$tmp/plain.csv"
age -d -i "$tmp/k3.txt" "$rec" >"$tmp/opened3.csv" 2>/dev/null
check "the second recipient (age-keygen's key) opens it too" cmp "$tmp/opened3.csv" "$tmp/opened.csv"
check "a third key does not" sh -c '! age -d -i "$1" "$2"' sh "$tmp/k2.txt" "$rec"

# a volunteer's interview in line mode: drafts along the way, then sealed
answers='Vol
Rosa
Quiñónez
4/2/1990
3

yes
mam es
TX
houston
yes
Leonardo
7
yes
Lincoln Elementary
no
no
2026-01-05
2026-02-10
10:30


Quebrantahuesos
OK
'
printf '%s\n\n\n\n\n\n' "$answers" |
	"$intake" --data "$tmp/ld" --plain "$tmp/sealed" >"$tmp/line.out" 2>&1
check "a line-mode interview on a sealed form finishes" test $? -eq 0
check "... and says the intake is sealed for the legal team" grep -q \
	"sealed for the legal team" "$tmp/line.out"
check "... leaving only the sealed record (the draft is gone)" sh -c \
	'test "$(find "$1" -type f -not -path "$1/codes/*")" = "$(ls "$1"/records/*.age)"' sh "$tmp/ld"
leaked=""
for v in Rosa Quiñónez Quinonez 1990-04-02 4/2/1990 Leonardo Lincoln Quebrantahuesos houston; do
	grep -rqaF -- "$v" "$tmp/ld" && leaked="$leaked $v"
done
check "no answer of the line-mode intake is readable under the data folder" \
	test -z "$leaked" -a -d "$tmp/ld/records"
check "... and the sealed record holds them all" sh -c \
	'age -d -i "$1" "$2"/records/*.age | grep -q "Quebrantahuesos" &&
	 age -d -i "$1" "$2"/records/*.age | grep -q "Quiñónez"' sh "$tmp/k1.txt" "$tmp/ld"

# the curses end screen says so too (the scripted English interview)
INTAKE_SCRIPT=$src/tests/ui/example-en.keys INTAKE_SCRIPT_OUT=$tmp/screens \
	INTAKE_SCRIPT_SIZE=100x30 NO_COLOR=1 "$intake" --data "$tmp/cd" \
	--interviewer Vol "$tmp/sealed" </dev/null >/dev/null 2>&1
check "the curses end screen says the intake is sealed for the legal team" \
	sh -c 'grep -A1 "Saved. Intake code" "$1" | tr "\n" " " |
	       grep -q "sealed for the legal team: this *computer can no longer"' \
	sh "$tmp/screens"

# a sealed screening intake: no answer value anywhere under the folder
cp -r "$src/forms/screening" "$tmp/screening"
awk -v keys="$pub1" 'NR == 1 { print $0 ",public_key"; next }
	NR == 2 { print $0 ",\"" keys "\""; next } { print }' \
	"$src/forms/screening/settings.csv" >"$tmp/screening/settings.csv"
# base.csv and a persona's facts (tests/personas/personas.tsv, P01)
{ cat "$src/tests/personas/base.csv"
  printf '%s\n' dob,1981-06-16 country,MX entry_date,1995-03-01 \
	last_arrival,1995-03-01 entry_manner,uninspected school_status,hs_grad
} >"$tmp/screening.csv"
INTAKE_NOW=2026-11-22 "$intake" --data "$tmp/scr" replay "$tmp/screening" \
	"$tmp/screening.csv" 2>"$tmp/scr.err"
check "a sealed screening intake is saved" sh -c 'ls "$1"/records/*.age' sh "$tmp/scr"
# every value of four bytes or more (shorter ones, like "no", occur by
# chance in any binary or base64 text); the only file is the sealed one
# (every value the record stores: answers and calculated results)
INTAKE_NOW=2026-11-22 "$intake" replay --print --no-save "$src/forms/screening" \
	"$tmp/screening.csv" 2>/dev/null | tail -n +2 | cut -d, -f2- |
	sed 's/^"//; s/"$//; s/""/"/g' | awk 'length($0) >= 4' | sort -u >"$tmp/values"
leaked=""
while IFS= read -r v; do
	grep -rqaF -- "$v" "$tmp/scr" && leaked="$leaked|$v"
done <"$tmp/values"
check "no screening answer of 4+ bytes appears under the data folder ($(wc -l <"$tmp/values") values)" \
	test -z "$leaked" -a -d "$tmp/scr/records" -a "$(wc -l <"$tmp/values")" -gt 20
check "... where the only file is the sealed record" sh -c \
	'test "$(find "$1" -type f -not -path "$1/codes/*" | wc -l)" -eq 1' sh "$tmp/scr"
age -d -i "$tmp/k1.txt" "$tmp"/scr/records/*.age >"$tmp/scr.csv" 2>/dev/null
missing=""
while IFS= read -r v; do
	grep -qF -- "$v" "$tmp/scr.csv" || missing="$missing|$v"
done <"$tmp/values"
check "... and opening it with the key gives every one of them back" test -z "$missing"

# ---- opening: export and show with --identity ----
ex() { # ex DATA KEY [OPTIONS]: export the example form with KEY
	d=$1 k=$2
	shift 2
	"$intake" --data "$d" export --identity "$k" "$@" example
}
"$intake" --data "$tmp/pd" export example >/dev/null 2>&1
# each intake has its own intake code: compared as CODE
pcode=$(sed -n 's/^meta:intake_code,\([^,]*\),.*/\1/p' "$prec")
scode=$(sed -n 's/^meta:intake_code,\([^,]*\),.*/\1/p' "$tmp/opened.csv")
sed "s/$pid/ID/g; s/,$pcode,/,CODE,/" "$tmp/pd/exports/example.csv" >"$tmp/plain-export.csv"
ex "$tmp/sd" "$tmp/k1.txt" >/dev/null 2>"$tmp/ex.err"
check "export --identity opens a sealed folder (0)" test $? -eq 0
sed "s/$id/ID/g; s/,$scode,/,CODE,/" "$tmp/sd/exports/example.csv" >"$tmp/sealed-export.csv"
check "... into the same export as the unsealed intake" cmp "$tmp/sealed-export.csv" "$tmp/plain-export.csv"
check "... and the export file is 0600" test "$(mode "$tmp/sd/exports/example.csv")" = 600
ex "$tmp/sd" "$tmp/k3.txt" >/dev/null 2>&1
check "an identity from age-keygen opens it too" test $? -eq 0
cp -r "$tmp/sd" "$tmp/nokey"
rm -rf "$tmp/nokey/exports"
"$intake" --data "$tmp/nokey" export example >/dev/null 2>"$tmp/ex.err"
check "export without --identity refuses a sealed folder (65)" test $? -eq 65
check "... saying to give the key, and writes nothing" sh -c \
	'grep -q -- "--identity" "$1" && test ! -e "$2/exports/example.csv"' \
	sh "$tmp/ex.err" "$tmp/nokey"

# mixed: a plain record and a file sealed by age -r, beside intake's
cp "$prec" "$tmp/sd/records/"
sed "s/$pid/0a1b2c3d-0000-4000-8000-000000000001/g" "$prec" |
	age -r "$pub1" -o "$tmp/sd/records/0a1b2c3d-0000-4000-8000-000000000001.age"
ex "$tmp/sd" "$tmp/k1.txt" >/dev/null 2>"$tmp/ex.err"
check "a mixed folder (sealed by intake, by age -r, plain) exports (0)" test $? -eq 0
check "... one row each" test "$(grep -c '^"*[0-9a-f]\{8\}-' "$tmp/sd/exports/example.csv")" -eq 3
check "... the one sealed by age included" grep -q "0a1b2c3d-0000-4000-8000-000000000001" \
	"$tmp/sd/exports/example.csv"
ex "$tmp/sd" "$tmp/k1.txt" --xlsx >/dev/null 2>&1
check "... and into an Excel workbook (--xlsx)" test -s "$tmp/sd/exports/example.xlsx"
"$intake" --data "$tmp/sd" show --identity "$tmp/k1.txt" "$id" >"$tmp/show.out" 2>&1
check "show ID --identity opens a sealed intake" grep -q "Rosa" "$tmp/show.out"
"$intake" --data "$tmp/sd" show "$id" >"$tmp/show.out" 2>&1
check "show of a sealed intake without --identity says to give the key (65)" sh -c \
	'test "$1" -eq 65 && grep -q -- "--identity" "$2"' sh $? "$tmp/show.out"

# each kind of damage: exit 65, the file named, the export left as it was
cp "$tmp/sd/exports/example.csv" "$tmp/good-export.csv"
flip() { # flip FILE OFFSET: xor one bit of the byte at OFFSET
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf %o $((b ^ 4)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
damaged() { # damaged DESCRIPTION KEY: export must fail naming the file
	ex "$tmp/sd" "$2" >/dev/null 2>"$tmp/ex.err"
	status=$?
	check "$1: export exits 65" test $status -eq 65
	check "$1: the file is named" grep -q "$(basename "$rec")" "$tmp/ex.err"
	check "$1: the export is left as it was" cmp "$tmp/sd/exports/example.csv" "$tmp/good-export.csv"
	cp "$tmp/rec.good" "$rec"
}
cp "$rec" "$tmp/rec.good"
chmod 600 "$tmp/k2.txt"
damaged "wrong key" "$tmp/k2.txt"
flip "$rec" 40
damaged "a flipped bit in the header" "$tmp/k1.txt"
mac=$(grep -abo -- '^--- ' "$rec" | head -1 | cut -d: -f1)
flip "$rec" $((mac + 10))
damaged "a flipped bit in the header MAC" "$tmp/k1.txt"
flip "$rec" $(($(wc -c <"$rec") - 20))
damaged "a flipped bit in the payload" "$tmp/k1.txt"
truncate -s -1 "$rec"
damaged "a truncated last chunk" "$tmp/k1.txt"
printf 'x' >>"$rec"
damaged "garbage appended" "$tmp/k1.txt"
chmod 644 "$tmp/k1.txt"
ex "$tmp/sd" "$tmp/k1.txt" >/dev/null 2>"$tmp/ex.err"
check "an identity file others can read is refused" sh -c \
	'test "$1" -ne 0 && grep -q "chmod 600" "$2"' sh $? "$tmp/ex.err"
chmod 600 "$tmp/k1.txt"

echo "1..$n"
[ "$failed" -eq 0 ]
