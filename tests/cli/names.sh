#!/bin/sh
# Names reused in different groups and repeats (issue 15, point 2), as
# pyxform allows: `name` and `age` in two repeats and at the top level.
# The form checks, replays, saves and exports without a collision: the
# reused names get the keys "adults:name", "kids:name" in records, answer
# files and export columns; a name used once keeps its plain key.  Line
# mode records the same keys.  Prints TAP.
set -u
intake=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
echo "1..6"

ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"
	sed 's/^/# /' "$tmp/out"
}

mkdir "$tmp/f"
cat >"$tmp/f/survey.csv" <<'CSV'
type,name,label,calculation
text,name,Your name,
begin_repeat,adults,Adults,
text,name,Adult's name,
integer,age,Age,
end_repeat,adults,,
begin_group,household,Household,
begin_repeat,kids,Children,
text,name,Child's name,
integer,age,Age,
end_repeat,kids,,
end_group,household,,
CSV
printf 'form_id,form_title,version\nnames,Names,1\n' >"$tmp/f/settings.csv"
cat >"$tmp/a.csv" <<'CSV'
name,value
name,Ana
adults[1]/adults:name,Bo
adults[1]/adults:age,40
kids[1]/kids:name,Cy
kids[1]/kids:age,4
kids[2]/kids:name,Di
kids[2]/kids:age,6
CSV

if "$intake" check "$tmp/f" >"$tmp/out" 2>&1; then
	ok "a form reusing name and age in two repeats checks"
else
	notok "a form reusing name and age in two repeats checks"
fi

"$intake" --data "$tmp/d" replay "$tmp/f" "$tmp/a.csv" >"$tmp/out" 2>&1
grep -v '^meta:' "$tmp/d/records/"*.csv >"$tmp/rec" 2>>"$tmp/out"
if printf '%s\n' 'name,value,state,note' 'name,Ana,answered,' \
	'adults[1],,answered,' 'adults[1]/adults:name,Bo,answered,' \
	'adults[1]/adults:age,40,answered,' 'kids[1],,answered,' \
	'kids[1]/kids:name,Cy,answered,' 'kids[1]/kids:age,4,answered,' \
	'kids[2],,answered,' 'kids[2]/kids:name,Di,answered,' \
	'kids[2]/kids:age,6,answered,' | cmp -s - "$tmp/rec"; then
	ok "replay saves every answer under its own key"
else
	cat "$tmp/rec" >>"$tmp/out"
	notok "replay saves every answer under its own key"
fi

"$intake" --data "$tmp/d" export --no-bom "$tmp/f" >"$tmp/out" 2>&1
head -1 "$tmp/d/exports/names.csv" | tr -d '\r' >"$tmp/h0"
head -1 "$tmp/d/exports/names-kids.csv" | tr -d '\r' >"$tmp/h1"
sed -n 3p "$tmp/d/exports/names-kids.csv" | cut -d, -f5,6 | tr -d '\r' >"$tmp/r1"
if grep -q ',name,_notes$' "$tmp/h0" &&
	grep -qx '_intake_id,_parent_key,_key,_instance,kids:name,kids:age,_notes' "$tmp/h1" &&
	[ "$(cat "$tmp/r1")" = "Di,6" ] &&
	grep -q ',adults:name,adults:age,' "$tmp/d/exports/names-adults.csv"; then
	ok "export columns are unique and readable: name, adults:name, kids:name"
else
	cat "$tmp/h0" "$tmp/h1" "$tmp/r1" >>"$tmp/out"
	notok "export columns are unique and readable: name, adults:name, kids:name"
fi

if "$intake" --data "$tmp/d" replay --print --no-save "$tmp/f" "$tmp/a.csv" \
	>"$tmp/out" 2>&1 && grep -qx 'kids\[2\]/kids:age,6' "$tmp/out" &&
	grep -qx 'adults\[1\]/adults:age,40' "$tmp/out"; then
	ok "replay --print names the keys"
else
	notok "replay --print names the keys"
fi

# The plain name of a reused question is not a key: never asked.
printf 'name,value\nadults[1]/name,Bo\n' >"$tmp/b.csv"
"$intake" --data "$tmp/d" replay --no-save --verbose "$tmp/f" "$tmp/b.csv" \
	>"$tmp/out" 2>&1
if grep -q 'adults\[1\]/name: not asked' "$tmp/out"; then
	ok "adults[1]/name is not an answer: the key is adults:name"
else
	notok "adults[1]/name is not an answer: the key is adults:name"
fi

rm -rf "$tmp/d2"
printf 'Iv\nAna\n1\nBo\n40\n2\n1\nCy\n4\n2\n\n\n' |
	"$intake" --data "$tmp/d2" --plain "$tmp/f" >"$tmp/out" 2>&1
if grep -qx 'kids\[1\]/kids:name,Cy,answered,' "$tmp/d2/records/"*.csv 2>/dev/null &&
	grep -qx 'adults\[1\]/adults:name,Bo,answered,' "$tmp/d2/records/"*.csv &&
	grep -qx 'name,Ana,answered,' "$tmp/d2/records/"*.csv; then
	ok "line mode records the same keys"
else
	notok "line mode records the same keys"
fi
[ "$failed" -eq 0 ]
