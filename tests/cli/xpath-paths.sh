#!/bin/sh
# XPath paths in a real interview (issue 15, point 3), through replay in
# line mode: calculations with predicates over a repeat (count, sum of a
# step after a predicate, a positional predicate), an instance() lookup
# in a choices list, and a choice_filter that reads a choices list by
# instance() and current()/../state; instance('list')/root/item/label in
# the interview's language (English, Spanish, and after /lang); one
# evaluation that reads more CSV files of the form folder than the cache
# keeps, holding a value of the first (the test of a use after free,
# seen by the ASan build).  Prints TAP.
set -u
intake=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
echo "1..10"

f=$tmp/f
mkdir "$f"
cat >"$f/survey.csv" <<'CSV'
type,name,label,calculation,choice_filter
begin_repeat,hh,Household member,,
integer,age,Age,,
integer,pets,Pets,,
end_repeat,,,,
calculate,adults,,count(${hh}[age >= 18]),
calculate,kid_pets,,sum(${hh}[age < 18]/pets),
calculate,second_age,,${hh}[2]/age,
select_one states,state,State,,
calculate,zone_of,,instance('states')/root/item[name = ${state}]/zone,
select_one_from_file cities.csv,city,City,,region = instance('states')/root/item[name = current()/../state]/zone
CSV
printf 'list_name,name,label,zone\nstates,ny,New York,east\nstates,ca,California,west\n' >"$f/choices.csv"
printf 'name,label,region\nnyc,New York City,east\nla,Los Angeles,west\nsf,San Francisco,west\n' >"$f/cities.csv"
printf 'form_id,form_title,version\npaths,Paths,1\n' >"$f/settings.csv"

replay() {
	printf 'name,value\n' >"$tmp/a.csv"
	while [ $# -gt 1 ]; do printf '%s,"%s"\n' "$1" "$2" >>"$tmp/a.csv"; shift 2; done
	"$intake" --data "$tmp/d" replay --print --no-save "$f" "$tmp/a.csv" \
		>"$tmp/out" 2>"$tmp/err"
	st=$?
	cat "$tmp/err" >>"$tmp/out"
	return $st
}
result() { # result DESCRIPTION EXPECTED-STATUS STATUS TEXT...
	desc=$1 want=$2 got=$3 ok=1
	shift 3
	for t in "$@"; do grep -qxF -- "$t" "$tmp/out" || ok=0; done
	n=$((n + 1))
	if [ "$got" -eq "$want" ] && [ $ok -eq 1 ]; then
		echo "ok $n - $desc"
	else
		failed=$((failed + 1))
		echo "not ok $n - $desc (exit $got)"
		sed 's/^/# /' "$tmp/out"
	fi
}

replay 'hh[1]/age' 40 'hh[1]/pets' 1 'hh[2]/age' 12 'hh[2]/pets' 2 \
	'hh[3]/age' 9 'hh[3]/pets' 3 state ca city sf
result "predicates over a repeat, instance() lookups, choice_filter with current()" 0 $? \
	adults,1 kid_pets,5 second_age,12 zone_of,west city,sf
replay 'hh[1]/age' 40 'hh[1]/pets' 1 state ca city nyc
result "the choice_filter leaves out a city of the other zone" 65 $? 
replay 'hh[1]/age' 40 'hh[1]/pets' 1 state ny city nyc
result "the same city is offered for the state of its zone" 0 $? city,nyc

# instance() of the file the form folder holds passes check; an unknown
# one is an error naming the row and column
cat >>"$f/survey.csv" <<'CSV'
calculate,n_west,,count(instance('cities')/root/item[region = 'west'])
CSV
"$intake" check "$f" >"$tmp/out" 2>&1
result "check accepts instance() of a choices list and of a CSV file" 0 $?
cat >>"$f/survey.csv" <<'CSV'
calculate,bad,,instance('nope')/root/item[1]/name
CSV
"$intake" check "$f" >"$tmp/out" 2>&1
st=$?
n=$((n + 1))
if [ $st -eq 65 ] && grep -q "survey.csv:13: calculation: error: instance('nope'): no choices list" "$tmp/out"; then
	echo "ok $n - check names an instance() that is neither a list nor a file"
else
	failed=$((failed + 1))
	echo "not ok $n - check names an instance() that is neither a list nor a file"
	sed 's/^/# /' "$tmp/out"
fi

# instance('list')/root/item/label reads the label in the interview's
# language, as the choice labels shown are; the language switched in the
# middle of the interview takes effect on the next look-up
g=$tmp/g
mkdir "$g"
cat >"$g/survey.csv" <<'CSV'
type,name,label,label::Español (es),calculation
select_one col,color,Color?,¿Color?,
calculate,color_label,,,instance('col')/root/item[name = ${color}]/label
note,said,You chose ${color_label}.,Eligió ${color_label}.,
CSV
printf 'list_name,name,label,label::Español (es)\ncol,red,Red,Rojo\ncol,blue,Blue,Azul\n' >"$g/choices.csv"
printf 'form_id,form_title,version,default_language\nlabels,Labels,1,English (en)\n' >"$g/settings.csv"
printf 'name,value\ncolor,red\n' >"$tmp/a.csv"
"$intake" --data "$tmp/d" replay --print --no-save "$g" "$tmp/a.csv" >"$tmp/out" 2>&1
result "instance() label lookup in English" 0 $? color_label,Red
"$intake" --data "$tmp/d" --lang es replay --print --no-save "$g" "$tmp/a.csv" >"$tmp/out" 2>&1
result "instance() label lookup in Spanish" 0 $? color_label,Rojo
printf '1\n/lang es\n\n' | "$intake" --data "$tmp/d3" --plain --interviewer Vol "$g" >"$tmp/out" 2>&1
result "after /lang es the look-up gives the Spanish label" 75 $? '[50%] You chose Red.' '[50%] Eligió Rojo.'
# 18 files in one evaluation: the first's value is still compared when
# the eighteenth is read (the cache keeps 16 between evaluations)
h=$tmp/h
mkdir "$h"
printf 'type,name,label\ntext,a,A\n' >"$h/survey.csv"
printf 'form_id,form_title,version\nmany,Many,1\n' >"$h/settings.csv"
e=
for i in $(seq 1 18); do
	printf 'k,v\n1,val%d\n' "$i" >"$h/f$i.csv"
	[ "$i" -gt 1 ] && e="$e${e:+, }pulldata('f$i', 'v', 'k', '1')"
done
"$intake" eval --form "$h" "instance('f1')/root/item[k = '1']/v != concat($e)" >"$tmp/out" 2>&1
result "one evaluation reads 18 files of the form folder, holding a node of the first" 0 $? true
"$intake" eval --form "$h" "concat(pulldata('f1', 'v', 'k', '1'), $e)" >"$tmp/out" 2>&1
result "and each of the 18 gives its value" 0 $? \
	val1val2val3val4val5val6val7val8val9val10val11val12val13val14val15val16val17val18
[ "$failed" -eq 0 ]
