#!/bin/sh
# `intake show`: the one-page summary of replayed screening intakes, in
# English and Spanish, redacted and not, found by id, id prefix and short
# code; its exit statuses for an unknown, ambiguous or unfinished intake.
# The people are invented.  Prints TAP.
set -u
intake=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap "${KEEP:+:} rm -rf \"$tmp\"" EXIT INT TERM
data=$tmp/data
n=0 failed=0
. "$(dirname "$0")/../lib.sh"
ok() { check "$@"; }
has() { grep -qF -- "$2" "$1"; }
hasnt() { ! grep -qF -- "$2" "$1"; }
# the widest line, in characters (not bytes)
width() { /usr/bin/python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' "$1"; }
show() { INTAKE_NOW=2026-11-25T10:00:00-06:00 "$intake" --data "$data" show "$@"; }
echo "1..45"

# A client in removal proceedings, a U visa case (so confidential), afraid
# to go back, who did not know her phone number.
cp "$src/tests/personas/base.csv" "$tmp/u.csv"
cat >>"$tmp/u.csv" <<'EOF'
dob,2004-05-01
in_removal,yes
hearing_date,2026-12-10
entry_date,2025-03-01
last_arrival,2025-03-01
entry_manner,uninspected
crime_victim,yes
crime_type,domestic_violence
harm,substantial
helped_police,yes
fear_return,yes
persecution_ground,political_opinion
fear_story,A gang threatened my family.
phone,dont_know
EOF
INTAKE_NOW=2026-11-22T10:00:00-06:00 "$intake" --data "$data" replay screening "$tmp/u.csv" >/dev/null 2>&1
rec=$(ls "$data"/records/*.csv)
id=$(basename "$rec" .csv)
# an interviewer note, and the short code the start screen gives
sed -i 's/^harm,substantial,answered,$/harm,substantial,answered,Cried when talking about it/' "$rec"
sed -i 's/^meta:intake_code,.*/meta:intake_code,K7M-4QX,,/' "$rec" # the code finishing gave, set to a known one

show "$(printf %.8s "$id")" >"$tmp/en.txt" 2>"$tmp/en.err"
ok "show by an 8-character id prefix exits 0" test $? -eq 0
ok "the title names the form" has "$tmp/en.txt" "Intake summary: Immigration relief screening"
ok "the header gives the id and the code" has "$tmp/en.txt" "Intake $id (code K7M-4QX)"
ok "the confidential line is there (confidential_if holds)" has "$tmp/en.txt" "*** CONFIDENTIAL"
ok "the U visa result is listed in the form's words" has "$tmp/en.txt" "* Possible — needs attorney review: a U visa"
ok "markdown bold markers are gone" hasnt "$tmp/en.txt" "**Possible"
# the answers that raised the U visa: its calculation's inputs, not others
awk '/a U visa/,/^  \* Possible — needs attorney review: withholding/' "$tmp/en.txt" | tr '\n' ' ' | tr -s ' ' >"$tmp/u-block"
ok "the U visa lists the crime type that raised it, by its question" has "$tmp/u-block" "- What happened? Choose all that apply.: A partner or ex-partner, or someone in your family or home (for example a parent or an adult child), hit, choked, hurt or threatened you (domestic violence)"
ok "the U visa lists the help to police" has "$tmp/u-block" "or would you help if they asked?: Yes, I helped"
ok "the raising answers are named by label, not field name" hasnt "$tmp/u-block" "helped_police"
ok "the U visa does not list the fear of return (not in its graph)" hasnt "$tmp/u-block" "Are you afraid of being harmed"
tr '\n' ' ' <"$tmp/en.txt" | tr -s ' ' >"$tmp/en-flat"
ok "the hearing flag is listed with its hearing date" has "$tmp/en-flat" "- Date of your next court hearing (leave empty if none is scheduled): 2026-12-10"
ok "the hearing date has its days left from today" has "$tmp/en.txt" "2026-12-10 (15 days left): Date of your next court hearing"
ok "the passed asylum deadline says how long ago" has "$tmp/en.txt" "2026-03-02 (passed 268 days ago)"
sed -n '/^Don.t know and refused/,/^Interviewer notes/p' "$tmp/en.txt" >"$tmp/dk"
ok "the don't-know answer is listed" has "$tmp/dk" "Phone number (leave empty if none): Don't know"
ok "the interviewer note is listed" has "$tmp/en.txt" "Were you hurt by it, in your body or emotionally?: Cried when talking about it"
ok "every answer is listed by section" has "$tmp/en.txt" "Fear of returning"
ok "names are shown unredacted" has "$tmp/en.txt" "First name(s): Ana Lucía"
ok "no line is wider than 80 columns (English)" test "$(width "$tmp/en.txt")" -le 80

show --lang es "$id" >"$tmp/es.txt" 2>/dev/null
ok "show --lang es by the whole id exits 0" test $? -eq 0
ok "the Spanish headings" has "$tmp/es.txt" "Posibles opciones y alertas"
tr '\n' ' ' <"$tmp/es.txt" | tr -s ' ' >"$tmp/es-flat"
ok "the answers that raised a result, by their Spanish questions" has "$tmp/es-flat" "Respuestas que lo indicaron: - ¿Está de acuerdo en contestar"
ok "the hearing date raised the hearing flag, in Spanish" has "$tmp/es-flat" "- Fecha de su próxima audiencia en la corte (deje vacío si no tiene una fecha): 2026-12-10"
ok "the Spanish days left" has "$tmp/es.txt" "2026-12-10 (faltan 15 días)"
ok "the Spanish don't-know" has "$tmp/es.txt" "No sabe"
ok "the form's Spanish text" has "$tmp/es.txt" "una visa U (para víctimas de ciertos delitos)"
ok "no line is wider than 80 columns (Spanish)" test "$(width "$tmp/es.txt")" -le 80

sed -i 's/^meta:language,en,,$/meta:language,es,,/' "$rec"
show "$id" >"$tmp/default.txt" 2>/dev/null
ok "a Spanish interview shows in the form's default language without --lang" \
	has "$tmp/default.txt" "Possible relief and flags"

show --redact k7m4qx >"$tmp/red.txt" 2>/dev/null
ok "show --redact by the code (any case, no dash) exits 0" test $? -eq 0
ok "redacted: no first name" hasnt "$tmp/red.txt" "Ana Lucía"
ok "redacted: no date of birth" hasnt "$tmp/red.txt" "2004-05-01"
ok "redacted: no free-text story" hasnt "$tmp/red.txt" "A gang threatened"
ok "redacted: no interviewer note" hasnt "$tmp/red.txt" "Cried when"
ok "redacted: the results stay" has "$tmp/red.txt" "a U visa"

show 00000000-no-such-intake >/dev/null 2>"$tmp/err"
ok "an unknown id exits 66" test $? -eq 66
ok "an unknown id is named in the message" has "$tmp/err" 'no finished intake has the id or code "00000000-no-such-intake"'
cp "$rec" "$(dirname "$rec")/$(printf %.30s "$id")zz.csv"
show "$(printf %.30s "$id")" >/dev/null 2>"$tmp/err"
ok "an id prefix that matches two intakes exits 64" test $? -eq 64
mkdir -p "$data/drafts"
cp "$src/tests/personas/base.csv" "$data/drafts/d1a2f7.csv"
show d1a2 >/dev/null 2>"$tmp/err"
ok "a draft's id exits 66" test $? -eq 66
ok "a draft is named as not finished" has "$tmp/err" "is a draft that is not finished"

# two raising questions that share a label are told apart by their names
mkdir -p "$tmp/twoage"
cat >"$tmp/twoage/survey.csv" <<'EOF'
type,name,label,relevant
integer,age_me,Age,
integer,age_partner,Age,
text,city,City of residence,
begin_group,results,Results,
note,adults,Both are adults.,${age_me} >= 18 and ${age_partner} >= 18 and ${city} != ''
end_group,,,
EOF
printf 'form_title,form_id,version\nTwo ages,twoage,1\n' >"$tmp/twoage/settings.csv"
printf 'name,value\nage_me,30\nage_partner,40\ncity,Austin\n' >"$tmp/twoage.csv"
INTAKE_NOW=2026-11-22T10:00:00-06:00 "$intake" --data "$tmp/ages" replay "$tmp/twoage" \
	"$tmp/twoage.csv" >/dev/null 2>&1
"$intake" --data "$tmp/ages" show --form "$tmp/twoage" \
	"$(basename "$(ls "$tmp"/ages/records/*.csv)" .csv)" >"$tmp/ages.txt" 2>/dev/null
ok "a shared label gets the field name in parentheses" has "$tmp/ages.txt" "- Age (age_partner): 40"
ok "a label of its own stands alone" has "$tmp/ages.txt" "- City of residence: Austin"

# no VAWA, T or U result: no confidential line
cp "$src/tests/personas/base.csv" "$tmp/n.csv"
printf 'dob,1990-01-01\nentry_date,2015-03-01\nlast_arrival,2015-03-01\nentry_manner,visa\n' >>"$tmp/n.csv"
INTAKE_NOW=2026-11-22T10:00:00-06:00 "$intake" --data "$tmp/plain" replay screening \
	"$tmp/n.csv" >/dev/null 2>&1
id2=$(basename "$(ls "$tmp"/plain/records/*.csv)" .csv)
INTAKE_NOW=2026-11-25 "$intake" --data "$tmp/plain" show "$id2" >"$tmp/plain.txt" 2>/dev/null
ok "an intake without VAWA, T or U shows" test $? -eq 0
ok "... and has no confidential line" hasnt "$tmp/plain.txt" "CONFIDENTIAL"
# a bidi override planted in a record never reaches the terminal
sed -i "s/^harm,substantial,answered,.*/harm,substantial,answered,evil$(printf '\342\200\256')note/" "$rec"
show "$id" >"$tmp/bidi.txt" 2>/dev/null
ok "a planted bidi override is shown as text, not sent raw" hasnt "$tmp/bidi.txt" "$(printf '\342\200\256')"
ok "... and the rest of that note is shown" has "$tmp/bidi.txt" "evil"

# line mode: /summary prints the same summary during an interview
printf 'Rosa\n/summary\n/quit\n' | INTAKE_NOW=2026-11-22 "$intake" --data "$tmp/pl" \
	--plain example >"$tmp/plain-mode.txt" 2>&1
ok "line mode /summary prints the intake summary" has "$tmp/plain-mode.txt" "Intake summary: Clinic sign-in"
exit $((failed > 0))
