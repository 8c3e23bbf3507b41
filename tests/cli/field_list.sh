#!/bin/sh
# A group with the appearance field-list is one page, as on a phone: the
# constraints of its questions are checked when the page is left, so one
# may read a question asked after it (cht-conf-test-harness's bug_269
# form: two selects that must add up to two).  The interview then stops
# at the first question that fails.  A question outside such a page is
# still checked as it is answered.  Prints TAP.
set -u
intake=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
echo "1..6"
. "$(dirname "$0")/../lib.sh"
check_log=$tmp/out

f=$tmp/f
mkdir "$f"
printf 'type,name,label,appearance,constraint,constraint_message\nbegin group,page,Page,field-list,,\nselect_one how_many,first,Value One,,int(${first})+int(${second}) = 2,Sum to Two\nselect_one how_many,second,Value Two,,int(${first})+int(${second}) = 2,Sum to Two\nend group,,,,,\ninteger,age,Age,,. < 150,Too old\nbegin group,plain,Plain,,,\ninteger,x,X,,${y} = 1,Needs y\ninteger,y,Y,,,\nend group,,,,,\n' >"$f/survey.csv"
printf 'list_name,name,label\nhow_many,0,Zero\nhow_many,1,One\nhow_many,2,Two\n' >"$f/choices.csv"
printf 'form_id,form_title,version\nfl,Field list,1\n' >"$f/settings.csv"

printf 'name,value\nfirst,0\nsecond,2\nage,3\n' >"$tmp/a.csv"
"$intake" --data "$tmp/d" replay --print --no-save "$f" "$tmp/a.csv" >"$tmp/out" 2>&1
result $? "a constraint reads the question after it on a field-list page"

printf 'name,value\nfirst,0\nsecond,0\nage,3\n' >"$tmp/b.csv"
"$intake" --data "$tmp/d" replay --print --no-save "$f" "$tmp/b.csv" >"$tmp/out" 2>&1
[ $? -eq 65 ] && grep -q 'b.csv:2: first: error: Sum to Two (question: "Value One")' "$tmp/out"
result $? "leaving the page checks it: the first question that fails is named, with its answer's row"

printf 'name,value\nfirst,1\nsecond,1\nage,300\n' >"$tmp/c.csv"
"$intake" --data "$tmp/d" replay --print --no-save "$f" "$tmp/c.csv" >"$tmp/out" 2>&1
[ $? -eq 65 ] && grep -q 'c.csv:4: age: error: Too old' "$tmp/out"
result $? "a question outside a field-list page is checked when answered"

printf 'name,value\nfirst,1\nsecond,1\nage,3\nx,4\ny,1\n' >"$tmp/e.csv"
"$intake" --data "$tmp/d" replay --print --no-save "$f" "$tmp/e.csv" >"$tmp/out" 2>&1
[ $? -eq 65 ] && grep -q 'e.csv:5: x: error: Needs y' "$tmp/out"
result $? "a group without field-list is not a page: its constraints read what is there"

# line mode: the error, then the first question of the page again
printf 'Zero\nZero\nOne\nOne\n5\n' |
	"$intake" --data "$tmp/d2" --plain --interviewer Vol "$f" >"$tmp/out" 2>&1
awk '/! Sum to Two/ { e = NR } e && NR > e && /Value/ { print; exit }' "$tmp/out" |
	grep -q "Value One"
result $? "line mode: leaving the page with a failing constraint shows it and asks the first failing question"
grep -q "\[.*\] Age" "$tmp/out" && [ "$(grep -c '! Sum to Two' "$tmp/out")" -eq 1 ]
result $? "line mode: once the page adds up, the interview goes on"
[ "$failed" -eq 0 ]
