#!/bin/sh
# or_other, as pyxform does it: after `select_one LIST or_other` or
# `select_multiple LIST or_other` the loader adds an "Other" choice and a
# text question NAME_other ("Specify other." in every language of the
# form, relevant when "other" is chosen), asked, stored, exported and in
# the codebook like any question; an existing row of that name in the same
# group is a check error naming the row.  A select whose name is reused in
# another group or a repeat (keys "group:name", README "Names") loads, as
# in pyxform: its NAME_other is keyed the same way, relevant on its own
# select, replayed and exported under that key.  Prints TAP.
set -u
intake=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
echo "1..11"

# result OK DESCRIPTION: a TAP line, and $tmp/out when it failed
. "$(dirname "$0")/../lib.sh"
check_log=$tmp/out

mkdir "$tmp/f"
printf 'type,name,label,label::Español (es)\nselect_one col or_other,color,Color?,¿Color?\nbegin_group,g,Group,Grupo\nselect_multiple col or_other,pets,Pets?,¿Mascotas?\nend_group,,,\n' >"$tmp/f/survey.csv"
printf 'list_name,name,label,label::Español (es)\ncol,red,Red,Rojo\ncol,blue,Blue,Azul\n' >"$tmp/f/choices.csv"
printf 'form_id,form_title,version,default_language\noo,Other,1,English (en)\n' >"$tmp/f/settings.csv"

"$intake" check "$tmp/f" >"$tmp/out" 2>&1
grep -q "OK (4 questions" "$tmp/out"
result $? "check counts the two Specify-other questions (4, groups aside)"

printf 'name,value\ncolor,other\ncolor_other,green\npets,red other\npets_other,cat\n' >"$tmp/a.csv"
"$intake" --data "$tmp/d" replay --print --no-save "$tmp/f" "$tmp/a.csv" >"$tmp/out" 2>&1
printf 'name,value\ncolor,other\ncolor_other,green\npets,red other\npets_other,cat\n' | cmp -s - "$tmp/out"
result $? "choosing other asks and stores NAME_other (select_one and select_multiple)"

printf 'name,value\ncolor,red\ncolor_other,green\n' >"$tmp/b.csv"
"$intake" --data "$tmp/d" replay --print --no-save "$tmp/f" "$tmp/b.csv" >"$tmp/out" 2>&1
! grep -q "color_other" "$tmp/out"
result $? "without other, NAME_other is not relevant and keeps nothing"

"$intake" --data "$tmp/d" replay "$tmp/f" "$tmp/a.csv" >"$tmp/out" 2>&1 &&
	"$intake" --data "$tmp/d" export "$tmp/f" >>"$tmp/out" 2>&1 &&
	head -1 "$tmp/d/exports/oo.csv" | grep -q ",color,color_other,pets,pets_other," &&
	sed -n 2p "$tmp/d/exports/oo.csv" | grep -q ",other,green,red other,cat,"
result $? "the export has NAME_other next to its select"

"$intake" codebook "$tmp/f" >"$tmp/out" 2>&1 &&
	grep -q '^oo,color_other,,text,,Specify other\.,Especifique otro\.,"when color includes ""other"""' "$tmp/out" &&
	grep -q '^oo,pets_other,.*Especifique otro\.' "$tmp/out"
result $? "the codebook lists NAME_other, labelled in English and Spanish"

# the line-mode interview asks it in Spanish when other is chosen
printf '3\nverde\n1\n' | "$intake" --data "$tmp/d2" --plain --lang es --interviewer Vol "$tmp/f" >"$tmp/out" 2>&1
grep -q "Especifique otro\." "$tmp/out"
result $? "the interview asks Especifique otro. in Spanish"

mkdir "$tmp/g"
cp "$tmp/f/choices.csv" "$tmp/f/settings.csv" "$tmp/g/"
printf 'type,name,label\nselect_one col or_other,color,Color?\ntext,color_other,Which color?\n' >"$tmp/g/survey.csv"
"$intake" check "$tmp/g" >"$tmp/out" 2>&1
[ $? -eq 65 ] && grep -qF 'survey.csv:3: name: error: the name "color_other" is also the name of the "Specify other" question that or_other on row 2 adds' "$tmp/out"
result $? "a row named NAME_other beside an or_other select is an error naming it"

# the same or_other select name in two groups, at the top level and in a
# repeat: each NAME_other follows its select's key
mkdir "$tmp/h"
cp "$tmp/f/choices.csv" "$tmp/f/settings.csv" "$tmp/h/"
cat >"$tmp/h/survey.csv" <<'CSV'
type,name,label
begin_group,adults,Adults
select_one col or_other,pet,Pet?
end_group,,
begin_group,kids,Kids
select_one col or_other,pet,Pet?
end_group,,
select_one col or_other,car,Car?
begin_repeat,trips,Trips
select_one col or_other,car,Car?
end_repeat,,
CSV
"$intake" check "$tmp/h" >"$tmp/out" 2>&1
grep -q "OK (8 questions" "$tmp/out"
result $? "or_other selects of one name in two groups (and a repeat) load"

printf 'name,value\nadults:pet,other\nadults:pet_other,fish\nkids:pet,red\nkids:pet_other,no\ncar,other\ncar_other,green\ntrips[1]/trips:car,other\ntrips[1]/trips:car_other,pink\ntrips[2]/trips:car,blue\ntrips[2]/trips:car_other,no\n' >"$tmp/h.csv"
"$intake" --data "$tmp/dh" replay --print --no-save "$tmp/h" "$tmp/h.csv" >"$tmp/out" 2>&1
printf 'name,value\nadults:pet,other\nadults:pet_other,fish\nkids:pet,red\ncar,other\ncar_other,green\ntrips[1]/trips:car,other\ntrips[1]/trips:car_other,pink\ntrips[2]/trips:car,blue\n' | cmp -s - "$tmp/out"
result $? "each NAME_other is keyed like its select and asked only when it has other"

"$intake" --data "$tmp/dh" replay "$tmp/h" "$tmp/h.csv" >"$tmp/out" 2>&1 &&
	"$intake" --data "$tmp/dh" export "$tmp/h" >>"$tmp/out" 2>&1 &&
	head -1 "$tmp/dh/exports/oo.csv" | grep -q ",adults:pet,adults:pet_other,kids:pet,kids:pet_other,car,car_other," &&
	sed -n 2p "$tmp/dh/exports/oo.csv" | grep -q ",other,fish,red,,other,green," &&
	head -1 "$tmp/dh/exports/oo-trips.csv" | grep -q ",trips:car,trips:car_other," &&
	grep -q ",1,other,pink," "$tmp/dh/exports/oo-trips.csv"
result $? "the export has each NAME_other next to its select, under its key"

# the line-mode interview: other in kids asks kids:pet_other only
printf '1\n3\nbird\n1\n' | "$intake" --data "$tmp/dh2" --plain --interviewer Vol "$tmp/h" >"$tmp/out" 2>&1
[ "$(grep -c 'Specify other\.' "$tmp/out")" -eq 1 ] &&
	grep -q '^kids:pet_other,bird,answered,' "$tmp"/dh2/drafts/*.csv &&
	! grep -q '^adults:pet_other' "$tmp"/dh2/drafts/*.csv
result $? "the interview asks the Specify other of the select that has other"
[ "$failed" -eq 0 ]
