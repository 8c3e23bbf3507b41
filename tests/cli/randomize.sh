#!/bin/sh
# parameters randomize=true [seed=NUMBER|${name}] on a select: the
# engine shuffles the options, so both interviews show the same order;
# with a seed, every intake with that seed gets one order; without, the
# order is the intake's own (the same when its draft is resumed).  Numbers
# typed refer to the order shown.  check refuses pyxform's bad
# parameters.  Prints TAP.
set -u
intake=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
echo "1..8"

. "$(dirname "$0")/../lib.sh"
check_log=$tmp/out

mkdir "$tmp/f"
printf 'type,name,label,parameters\ninteger,s,Seed?,\nselect_one c,a,A?,randomize=true\nselect_one c,b,B?,randomize=true seed=${s}\nselect_multiple c,m,M?,randomize=true seed=7\nrank c,r,R?,randomize=true seed=7\n' >"$tmp/f/survey.csv"
printf 'list_name,name,label\nc,one,One\nc,two,Two\nc,three,Three\nc,four,Four\nc,five,Five\n' >"$tmp/f/choices.csv"
printf 'form_id,form_title,version\nrnd,Random,1\n' >"$tmp/f/settings.csv"

# options QUESTION INPUT: the options of QUESTION, one label a line
options() {
	printf '%b' "$2" | "$intake" --data "$tmp/d" --plain --interviewer Vol \
		"$tmp/f" 2>&1 | sed -n "/] $1\$/,/^Type/p" | sed -n 's/^  [0-9]*) //p'
}

options M? '3\n\n\n' >"$tmp/m1"
options M? '4\n\n\n' >"$tmp/m2"
cp "$tmp/m1" "$tmp/out"
cmp -s "$tmp/m1" "$tmp/m2" && [ "$(wc -l <"$tmp/m1")" -eq 5 ] &&
	! printf 'One\nTwo\nThree\nFour\nFive\n' | cmp -s - "$tmp/m1"
result $? "seed=7: two intakes show the same order, not the form's"

options B? '3\n\n' >"$tmp/b1"
options B? '3\n\n' >"$tmp/b2"
options B? '4\n\n' >"$tmp/b3"
cat "$tmp/b1" "$tmp/b3" >"$tmp/out"
cmp -s "$tmp/b1" "$tmp/b2" && ! cmp -s "$tmp/b1" "$tmp/b3"
result $? "seed=\${s}: the same seed answer gives the same order, another seed another"

# without a seed: the order is the intake's own, kept when resumed
rm -rf "$tmp/d"
options A? '1\n' >"$tmp/a1"
id=$(ls "$tmp/d/drafts" | grep -v '^\.' | head -1)
id=${id%.csv}
printf '\n' | "$intake" --data "$tmp/d" --plain --interviewer Vol --resume "$id" "$tmp/f" 2>&1 |
	sed -n '/] A?$/,/^Type/p' | sed -n 's/^  [0-9]*) //p' >"$tmp/a2"
cat "$tmp/a1" "$tmp/a2" >"$tmp/out"
[ -s "$tmp/a1" ] && cmp -s "$tmp/a1" "$tmp/a2"
result $? "without a seed, a resumed draft shows its intake's order again"

# a number is the option shown at that place
rm -rf "$tmp/d"
first=$(options M? '1\n\n\n' | head -1)
rm -rf "$tmp/d"
printf '1\n1\n1\n1\n' | "$intake" --data "$tmp/d" --plain --interviewer Vol "$tmp/f" >"$tmp/out" 2>&1
code=$(echo "$first" | tr 'A-Z' 'a-z')
grep -q "^m,$code,answered" "$tmp"/d/drafts/*.csv
result $? "typing 1 chooses the first option shown ($code)"

check_err() {
	n=$((n + 1))
	mkdir -p "$tmp/g$n"
	cp "$tmp/f/choices.csv" "$tmp/g$n/"
	printf 'type,name,label,parameters\n%b\n' "$1" >"$tmp/g$n/survey.csv"
	"$intake" check "$tmp/g$n" >"$tmp/out" 2>&1
	if [ $? -eq 65 ] && grep -qF -- "$2" "$tmp/out"; then
		echo "ok $n - $3"
	else
		failed=$((failed + 1))
		echo "not ok $n - $3"
		sed 's/^/# /' "$tmp/out"
	fi
}
check_err 'select_one c,a,A?,randomize=maybe' 'randomize must be true or false, not "maybe"' "randomize takes true or false"
check_err 'select_one c,a,A?,seed=3' 'seed needs randomize=true' "a seed without randomize"
check_err 'select_one c,a,A?,randomize=true seed=${nope}' 'seed: ${nope} is not a field' "a seed naming no field"
check_err 'select_one c,a,A?,start=1' 'a select takes the parameters randomize and seed, not "start"' "other parameters are refused"
[ "$failed" -eq 0 ]
