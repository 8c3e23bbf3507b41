#!/bin/sh
# Hostile forms and expressions get errors, never a crash or an exhausted
# machine: deep nesting (parentheses, unary minus, not(), long operator
# chains), strings that double until they are huge, day numbers no
# calendar holds, choice lists of a million options.  A crash is an exit
# status of 128 or more; memory is capped so that an exhausted machine
# fails the test instead of the machine.  Prints TAP.
set -u
intake=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
ok() { # ok DESCRIPTION CONDITION-STATUS
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - $1"
	else
		failed=$((failed + 1))
		echo "not ok $n - $1"
		sed 's/^/# /' "$tmp/err" | cut -c1-200 | head -5
	fi
}
# run CMD...: runs intake with 1 GB of address space (not under
# AddressSanitizer, which reserves terabytes and caps allocations itself);
# status in $rc, stderr in $tmp/err, stdout in $tmp/out
cap=1000000
(ulimit -v $cap; "$intake" --version) >/dev/null 2>&1 || cap=unlimited
run() {
	(ulimit -v $cap; "$intake" "$@") >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
repeat() { python3 -c "import sys; print(sys.argv[1] * int(sys.argv[2]), end='')" "$1" "$2"; }
echo "1..12"

for shape in "(" "-" "not("; do
	open=$(repeat "$shape" 20000)
	close=$(repeat ")" 20000)
	[ "$shape" = "-" ] && close=
	run eval "${open}1${close}"
	[ "$rc" -eq 65 ] && grep -q "deeper than 1000 levels (the limit)" "$tmp/err"
	ok "eval: 20,000 nested \"$shape\" is a parse error naming the limit" $?
done
run eval "$(repeat '(' 11400)1$(repeat ')' 11400)"
[ "$rc" -eq 65 ]
ok "eval: 11,400 nested parentheses (the reported crash) exit 65" $?
run eval "$(repeat '(' 999)1$(repeat ')' 999)"
[ "$rc" -eq 0 ] && [ "$(cat "$tmp/out")" = 1 ]
ok "eval: 999 nested parentheses still evaluate" $?
run eval "1$(repeat ' + 1' 999)"
[ "$rc" -eq 0 ] && [ "$(cat "$tmp/out")" = 1000 ]
ok "eval: a chain of 1,000 terms still evaluates" $?

run eval "date(100000000000000000000000000000000000000000)"
[ "$rc" -eq 65 ] && grep -q "is not a date" "$tmp/err"
ok "eval: date() of a day number no calendar holds is an error" $?
run eval "add-years('2000-01-01', 100000000000000000000)"
[ "$rc" -eq 65 ] && grep -q "too far" "$tmp/err"
ok "eval: add-years() of a huge count is an error" $?

# 39 calculations, each doubling the last: 2^40 bytes without a limit
dbl=$tmp/dbl
mkdir "$dbl"
{
	echo "type,name,label,calculation"
	echo "text,a,A,"
	prev=a
	i=0
	while [ $i -lt 39 ]; do
		echo "calculate,c$i,,\"concat(\${$prev}, \${$prev})\""
		prev=c$i
		i=$((i + 1))
	done
} >"$dbl/survey.csv"
printf 'form_title,form_id,version\nD,dbl,1\n' >"$dbl/settings.csv"
run eval "a=$(repeat x 65536)" "concat(\${a}$(repeat ', ${a}' 20))"
[ "$rc" -eq 65 ] && grep -q "longer than 1048576 bytes (the limit)" "$tmp/err"
ok "eval: concat() past the string limit is an evaluation error" $?

printf 'name,value\na,xx\n' >"$tmp/dbl.csv"
run --data "$tmp/data" replay "$dbl" "$tmp/dbl.csv"
[ "$rc" -eq 65 ] && grep -q '^.*dbl.csv: c19: error: form problem: the calculation of "c19" (survey.csv row 22) failed: concat(): the text would be longer than 1048576 bytes' "$tmp/err" &&
	[ ! -d "$tmp/data/records" ]
ok "replay: 39 doubling calculations stop at the limit, name the field, save nothing" $?

# a million choices in one list load (quadratic loading never ended)
big=$tmp/big
mkdir "$big"
printf 'type,name,label\nselect_one many,pick,Pick\n' >"$big/survey.csv"
printf 'form_title,form_id,version\nB,big,1\n' >"$big/settings.csv"
python3 -c "
import sys
w = sys.stdout.write
w('list_name,name,label\n')
for i in range(1000000):
    w('many,c%d,Choice %d\n' % (i, i))
" >"$big/choices.csv"
run check "$big"
[ "$rc" -eq 0 ] && grep -q "OK (1 question, 1 choice list" "$tmp/out"
ok "check: a list of 1,000,000 choices loads" $?

# 100,000 nested groups: replay walked the parent chain for every row
deep=$tmp/deep
mkdir "$deep"
python3 -c "
import sys
w = sys.stdout.write
w('type,name,label\n')
for i in range(100000):
    w('begin_group,g%d,G%d\n' % (i, i))
w('text,q,Q\n')
for i in range(100000):
    w('end_group,,\n')
" >"$deep/survey.csv"
printf 'form_title,form_id,version\nD,deep,1\n' >"$deep/settings.csv"
printf 'name,value\nq,x\n' >"$tmp/deep.csv"
run --data "$tmp/data" replay --print "$deep" "$tmp/deep.csv"
[ "$rc" -eq 0 ] && grep -q '^q,x$' "$tmp/out"
ok "replay: a form of 100,000 nested groups runs" $?

[ "$failed" -eq 0 ]
