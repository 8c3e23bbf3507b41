#!/bin/sh
# Line mode and the paths to the terminal (issue 9 points 1, 2, 7, 8, 9
# and issue 10 point 7), through the real binary: the interviewer's name
# asked, options by number, code or label start, long lists in columns
# and filtered after a refused answer, **bold** dropped, exit 75 with the
# draft kept when input ends early, no draft when nothing was answered,
# the intake code exported and unique, options after the command and
# "--", and no control or bidi character reaching the terminal from a
# form, an answer, a draft or a diagnostic.  Prints TAP.
set -u
intake=$1 src=$2
picker=$src/tests/ui/forms/picker
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
. "$(dirname "$0")/../lib.sh"
# raw control bytes: ESC, C1 CSI (U+009B), RLO (U+202E), LRI (U+2066), DEL
esc=$(printf '\033') csi=$(printf '\302\233') rlo=$(printf '\342\200\256')
lri=$(printf '\342\201\246') del=$(printf '\177')
no_raw() { ! grep -q "$esc\|$csi\|$rlo\|$lri\|$del" "$1"; }

# 1. a whole intake typed in line mode, the name asked first
printf 'Vol\nAna López\nyes\nhaiti\n\n8/3/1992\n2\n2\n\n\n\n\n\n' |
	"$intake" --data "$tmp/d1" --plain "$picker" >"$tmp/1.out" 2>"$tmp/1.err"
echo "exit $?" >>"$tmp/1.out"
check "line mode asks the interviewer's name first" sh -c "head -c 200 '$tmp/1.out' | grep -q 'Interviewer:'"
check "an option by the start of its label, accents ignored (haiti: Haití/Haiti)" grep -q '^country,HT' "$tmp"/d1/records/*.csv
check "an option by its code (yes)" grep -q '^consent,yes' "$tmp"/d1/records/*.csv
check "the interviewer typed is recorded" grep -q '^meta:interviewer,Vol' "$tmp"/d1/records/*.csv
check "the form's **bold** is not printed" sh -c "grep -q 'Needs attorney review' '$tmp/1.out' || grep -q 'Next step:' '$tmp/1.out'; ! grep -q '\*\*' '$tmp/1.out'"
check "a long list is shown in columns" grep -q ' 1) China .* 2) Guatemala' "$tmp/1.out"
check "the saved line gives the intake code" grep -Eq 'Intake code: [3467ACEFGHJKMNPRTWXY]{6}' "$tmp/1.out"
code=$(grep -Eo 'Intake code: [3467ACEFGHJKMNPRTWXY]{6}' "$tmp/1.out" | cut -d' ' -f3)
check "the export has the _intake_code column with that code" sh -c "head -1 '$tmp/d1/exports/picker.csv' | grep -q _intake_code && grep -q ',$code,' '$tmp/d1/exports/picker.csv'"
check "a finished intake exits 0" grep -q '^exit 0' "$tmp/1.out"

# 2. input ends before the intake is finished: exit 75, draft kept
printf 'Vol\nRosa\nyes\n' | "$intake" --data "$tmp/d2" --plain "$picker" >"$tmp/2.out" 2>&1
rc=$?
check "input ending early exits 75 (EX_TEMPFAIL)" test "$rc" -eq 75
check "and says the draft was kept, with the command to continue" grep -q 'The draft was kept: intake --resume' "$tmp/2.out"
check "the draft is there" sh -c "ls '$tmp/d2/drafts/' | grep -q csv"

# 2b. don't know and refused survive /quit and --resume as the current answer
printf 'Vol\nRosa\n/rf\n/dk\n/quit\n' | "$intake" --data "$tmp/d11" --plain "$picker" >/dev/null 2>&1
rid=$(ls "$tmp/d11/drafts" | cut -c1-8)
printf '/back\n/back\n\n/quit\n' | "$intake" --data "$tmp/d11" --resume "$rid" --plain "$picker" >"$tmp/11.out" 2>&1
check "after --resume, refused is still the current answer" grep -q 'Current answer: Refused to answer' "$tmp/11.out"
check "and Enter keeps it (not a choice)" grep -q '^consent,refused,refused' "$tmp"/d11/drafts/*.csv
check "don't know is kept too" grep -q '^country,dont_know,dont_know' "$tmp"/d11/drafts/*.csv

# 3. nothing answered: no draft
printf 'Vol\n/quit\n' | "$intake" --data "$tmp/d3" --plain "$picker" >"$tmp/3.out" 2>&1
check "an intake with no answer leaves no draft" sh -c "! ls '$tmp/d3/drafts/' 2>/dev/null | grep -q csv"
check "and says so" grep -q 'Nothing was answered' "$tmp/3.out"

# 4. a refused answer on a long list shows only the options that match
printf 'Vol\nAna\nyes\nica\nc\nel salv\n' | "$intake" --data "$tmp/d4" --plain "$picker" >"$tmp/4.out" 2>&1
check "an answer that starts no option is refused" grep -q '! Choose one of the listed options' "$tmp/4.out"
check "after it only the options containing it are shown again" sh -c "grep -A1 -m1 '^> !' '$tmp/4.out' | tail -1 | grep -Eq '^ +6\) Nicaragua +13\) Dominican Republic\$'"
check "an ambiguous start (c: China, Colombia, Cuba) is refused" test "$(grep -c '! Choose one of the listed options' "$tmp/4.out")" -ge 2
check "a label start with a space in it is one answer (el salv: El Salvador)" grep -q '^country,SV' "$tmp"/d4/drafts/*.csv

# 5. intake codes are unique in a data folder
for i in 1 2 3 4 5 6; do
	printf 'Vol\nP%s\nyes\n1\n\n1/1/1990\nno\nno\n\n\n\n\n\n' "$i" |
		"$intake" --data "$tmp/d5" --plain "$picker" >/dev/null 2>&1
done
check "six intakes, six different codes" test "$(ls "$tmp/d5/codes" | sort -u | wc -l)" -eq 6
check "each code is 6 characters of the unambiguous alphabet" sh -c "! ls '$tmp/d5/codes' | grep -Evq '^[3467ACEFGHJKMNPRTWXY]{6}$'"

# 6. options after the command, and --
printf 'Vol\nLuz\n/quit\n' | "$intake" --plain --data "$tmp/d6" "$picker" >/dev/null 2>&1
"$intake" drafts --data "$tmp/d6" >"$tmp/6.out" 2>&1
check "intake drafts --data D lists D's drafts" grep -q 'Luz' "$tmp/6.out"
"$intake" export "$picker" --data "$tmp/d1" >/dev/null 2>&1
check "intake export FORM --data D works" test $? -eq 0
printf 'Vol\nLuz\n/quit\n' | "$intake" --data "$tmp/d7" --plain -- "$picker" >/dev/null 2>&1
check "-- ends the options (the form after it)" sh -c "ls '$tmp/d7/drafts' | grep -q csv"
"$intake" --data "$tmp/d7" --lang >/dev/null 2>&1
check "an option without its value is a usage error (64)" test $? -eq 64

# 7. hostile text never reaches the terminal raw
mkdir -p "$tmp/evil"
printf 'form_title,form_id\nEvil%s[2J,evil\n' "$esc" >"$tmp/evil/settings.csv"
printf 'type,name,label,hint\ntext,t,Name%s[31m %sdlrow,hint%s\nselect_one l,c,Pick%s,\n' \
	"$esc" "$rlo" "$csi" "$lri" >"$tmp/evil/survey.csv"
printf 'list_name,name,label\nl,a,A%s\nl,b,B%s\n' "$del" "$esc" >"$tmp/evil/choices.csv"
printf 'Vol\nok\n1\n\n' | "$intake" --data "$tmp/d8" --plain "$tmp/evil" >"$tmp/7.out" 2>&1
check "plain mode shows labels, hints and choices without raw controls" no_raw "$tmp/7.out"
check "and shows them visibly" grep -q '<U+202E>dlrow' "$tmp/7.out"
printf 'Vol\nAna%sevil\n/quit\n' "$csi" | "$intake" --data "$tmp/d9" --plain "$picker" >"$tmp/8.out" 2>&1
check "a text answer with a C1 control is refused" grep -q 'characters that cannot be saved' "$tmp/8.out"
printf 'Vol\nAna\n/note a%sb\n/quit\n' "$esc" | "$intake" --data "$tmp/d10" --plain "$picker" >/dev/null 2>&1
"$intake" --data "$tmp/d10" drafts >"$tmp/9.out" 2>&1
sed -i "s/^meta:instance_name,.*/meta:instance_name,X${esc}]0;pwned${rlo}/" "$tmp"/d10/drafts/*.csv
"$intake" --data "$tmp/d10" drafts >"$tmp/9.out" 2>&1
check "intake drafts shows a hostile name without raw controls" sh -c "no_raw() { ! grep -q '$esc\|$rlo' \"\$1\"; }; no_raw '$tmp/9.out' && grep -q 'X␛]0;pwned<U+202E>' '$tmp/9.out'"
mkdir -p "$tmp/bad"
printf 'type,name,label\nbogus%s,q,Q\n' "$esc" >"$tmp/bad/survey.csv"
"$intake" check "$tmp/bad" >"$tmp/10.out" 2>&1
check "check diagnostics show hostile cells without raw controls" sh -c "grep -q 'bogus' '$tmp/10.out' && ! grep -q '$esc' '$tmp/10.out'"

echo "1..$n"
[ "$failed" -eq 0 ]
