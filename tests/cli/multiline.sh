#!/bin/sh
# appearance multiline in the line-mode interview: a line ending with a
# backslash goes on to the next line (joined by a line break, the
# backslash dropped), said under the question in the interview's
# language; a text without the appearance keeps a final backslash, and
# the answer is stored, replayed and exported with its line breaks.
# Prints TAP.
set -u
intake=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
echo "1..5"

. "$(dirname "$0")/../lib.sh"
check_log=$tmp/out

mkdir "$tmp/f"
printf 'type,name,label,label::Español (es),appearance\ntext,story,Story?,¿Historia?,multiline\ntext,one,One?,¿Una?,\n' >"$tmp/f/survey.csv"
printf 'form_id,form_title,version,default_language\nml,Multiline,1,English (en)\n' >"$tmp/f/settings.csv"

printf 'first\\\nsecond\\\n\\\nfourth\nend\\\n\n' |
	"$intake" --data "$tmp/d" --plain --interviewer Vol "$tmp/f" >"$tmp/out" 2>&1
grep -v '^meta:' "$tmp"/d/records/*.csv >"$tmp/rec"
printf 'name,value,state,note\nstory,"first\nsecond\n\nfourth",answered,\none,end\\,answered,\n' | cmp -s - "$tmp/rec"
result $? "a final backslash goes on to the next line, on a multiline text only"

grep -q "^Several lines: end a line with \\\\ to write another\.$" "$tmp/out"
result $? "the question says how, in English"

printf 'uno\\\ndos\n\n\n' |
	"$intake" --data "$tmp/d2" --plain --lang es --interviewer Vol "$tmp/f" >"$tmp/out" 2>&1
grep -q "^Varias líneas: termine una línea con \\\\ para escribir otra\.$" "$tmp/out"
result $? "and in Spanish"

"$intake" --data "$tmp/d" export "$tmp/f" >"$tmp/out" 2>&1 &&
	grep -q ',"first$' "$tmp/d/exports/ml.csv" && grep -q '^fourth",end\\,' "$tmp/d/exports/ml.csv"
result $? "the export keeps the line breaks (a quoted CSV cell)"
# /review: the later lines of a multiline answer sit under the first
printf 'first\\\nsecond\\\n\\\nfourth\n/review\n' |
	"$intake" --data "$tmp/d3" --plain --interviewer Vol "$tmp/f" >"$tmp/out" 2>&1
awk '/  1\. Story\?: first$/ { f = 1; next } f && f++ <= 3' "$tmp/out" >"$tmp/lines"
printf '     second\n\n     fourth\n' | cmp -s - "$tmp/lines"
result $? "/review indents a multiline answer's later lines under the first"
[ "$failed" -eq 0 ]
