#!/bin/sh
# The trigger column, as pyxform's tests/test_trigger.py defines it: when
# the trigger question is answered, the row's calculation is stored (and
# stays, unless the interviewer changes a question that is asked); a row
# without a label nor a hint is set, never asked; without a calculation
# the trigger clears the row.  A triggered calculation may read its own
# value (ODK's "first update" timestamp): no cycle.  check refuses a trigger that is not one
# ${name} of a question the interviewer answers.  Prints TAP.
set -u
intake=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
echo "1..9"

mkdir "$tmp/f"
printf 'type,name,label,calculation,trigger\ntext,a,Enter text,,\ninteger,b,,1+1,${a}\ninteger,c,Length,string-length(${a}),${a}\ntext,d,D,,${a}\ncalculate,k,,${b} + 1,\n' >"$tmp/f/survey.csv"
printf 'form_id,form_title,version\ntrg,Trigger,1\n' >"$tmp/f/settings.csv"

# replay ANSWERS EXPECTED DESCRIPTION: the printed record
replay() {
	n=$((n + 1))
	printf 'name,value\n%b' "$1" >"$tmp/a.csv"
	"$intake" --data "$tmp/d" replay --print --no-save "$tmp/f" "$tmp/a.csv" \
		>"$tmp/out" 2>&1
	if printf 'name,value\n%b' "$2" | cmp -s - "$tmp/out"; then
		echo "ok $n - $3"
	else
		failed=$((failed + 1))
		echo "not ok $n - $3"
		sed 's/^/# /' "$tmp/out"
	fi
}

replay 'a,hello\n' 'a,hello\nb,2\nc,5\nd,\nk,3\n' \
	"answering a stores b and c's calculations and clears d"
replay 'a,hello\nc,99\nd,x\n' 'a,hello\nb,2\nc,99\nd,x\nk,3\n' \
	"a question with a trigger is still asked, its answer kept"
replay 'c,99\n' 'c,99\nk,\n' \
	"no trigger, no value (b is empty, so is k)"

# check_err SURVEY MESSAGE DESCRIPTION
check_err() {
	n=$((n + 1))
	mkdir -p "$tmp/g$n"
	printf '%b' "$1" >"$tmp/g$n/survey.csv"
	"$intake" check "$tmp/g$n" >"$tmp/out" 2>&1
	if [ $? -eq 65 ] && grep -qF -- "$2" "$tmp/out"; then
		echo "ok $n - $3"
	else
		failed=$((failed + 1))
		echo "not ok $n - $3"
		sed 's/^/# /' "$tmp/out"
	fi
}

check_err 'type,name,label,calculation,trigger\ndateTime,b,,now(),6\n' \
	"only a reference to another field" "a trigger that is not a reference"
check_err 'type,name,label,calculation,trigger\ncalculate,one,,5 + 4,\ncalculate,one_ts,,now(),${one}\n' \
	'${one} is not a question the interviewer answers' \
	"a calculate cannot trigger"
check_err 'type,name,label,calculation,trigger\ntext,a,A,,\ntext,t,,"if(${t} = '"''"', ${a}, ${t})",${a}\ncalculate,x,,${y} + 1,\ncalculate,y,,${x} + 1,\n' \
	'calculations depend on each other in a circle: x -> y -> x' \
	"a cycle of live calculations is still an error beside a self-reading triggered one"
check_err 'type,name,label,calculation,trigger\ntext,a,A,,\ncalculate,z,,${z} + 1,\n' \
	'in a circle: z -> z' "a live calculation that reads itself is a cycle"

# A triggered calculation that reads its own value keeps the first value
# its trigger gave it (ODK's "Capturing first update timestamps").
mkdir "$tmp/first"
printf 'type,name,label,calculation,trigger\ntext,a,Enter text,,\ntext,t,,"if(${t} = '"''"', ${a}, ${t})",${a}\ncalculate,k,,${t},\n' >"$tmp/first/survey.csv"
printf 'form_id,form_title,version\nfirst,First,1\n' >"$tmp/first/settings.csv"
n=$((n + 1))
if "$intake" check "$tmp/first" >"$tmp/out" 2>&1; then
	echo "ok $n - a triggered calculation that reads itself is no cycle"
else
	failed=$((failed + 1))
	echo "not ok $n - a triggered calculation that reads itself is no cycle"
	sed 's/^/# /' "$tmp/out"
fi
n=$((n + 1))
printf 'first\n/back\nsecond\n\n' |
	"$intake" --data "$tmp/d3" --plain --interviewer Vol "$tmp/first" >"$tmp/out" 2>&1
cat "$tmp"/d3/records/*.csv "$tmp"/d3/drafts/*.csv 2>/dev/null | grep -v '^meta:' >"$tmp/rec"
if printf 'name,value,state,note\na,second,answered,\nt,first,answered,\nk,first,answered,\n' | cmp -s - "$tmp/rec"; then
	echo "ok $n - changing the trigger again keeps the first value"
else
	failed=$((failed + 1))
	echo "not ok $n - changing the trigger again keeps the first value"
	sed 's/^/# /' "$tmp/rec" "$tmp/out"
fi
[ "$failed" -eq 0 ]
