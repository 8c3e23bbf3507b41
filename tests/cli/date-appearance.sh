#!/bin/sh
# The appearances month-year and year on a date (issue 15), as ODK
# Collect honours them: month-year asks the month and year only and
# stores the month's first day (2015-08-01), year asks the year only and
# stores 2015-01-01.  Replay validates the stored value (a month-year
# answer must be the first day of its month) and says what is expected;
# line mode says what to type, in English and Spanish.  Prints TAP.
set -u
intake=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
echo "1..9"

. "$(dirname "$0")/../lib.sh"
check_log=$tmp/out

f=$tmp/f
mkdir "$f"
cat >"$f/survey.csv" <<'CSV'
type,name,label,label::Español (es),appearance
date,arrived,When did you arrive?,¿Cuándo llegó?,month-year
date,born,Year of birth?,¿Año de nacimiento?,year
date,seen,Date seen?,¿Fecha de la cita?,no-calendar
CSV
printf 'form_id,form_title,version,default_language\ndates,Dates,1,English (en)\n' >"$f/settings.csv"

# replay LANG ARRIVED BORN: the printed record, or the refusal, in $tmp/out
replay() {
	printf 'name,value\narrived,%s\nborn,%s\nseen,2026-11-20\n' "$2" "$3" >"$tmp/a.csv"
	"$intake" --data "$tmp/d" --lang "$1" replay --print --no-save "$f" "$tmp/a.csv" >"$tmp/out" 2>&1
}

ok=0
for v in 8/2015 08/2015 2015-08 2015-8 082015 2015-08-01; do
	replay en "$v" 1990 && grep -qx 'arrived,2015-08-01' "$tmp/out" || ok=1
done
result $ok "month-year: 8/2015, 08/2015, 2015-08, 082015 and 2015-08-01 store 2015-08-01"

ok=0
for v in 8/2015 08/2015 2015-08 2015-08-01; do
	replay es "$v" 1990 && grep -qx 'arrived,2015-08-01' "$tmp/out" || ok=1
done
result $ok "the same in Spanish (8/2015, 08/2015)"

replay en 2015-08 1990 && grep -qx 'born,1990-01-01' "$tmp/out" &&
	grep -qx 'seen,2026-11-20' "$tmp/out" &&
	replay en 2015-08 1990-01-01 && grep -qx 'born,1990-01-01' "$tmp/out"
result $? "year: 1990 and 1990-01-01 store 1990-01-01; a plain date is whole"

replay en 2015-08-15 1990
[ $? -eq 65 ] && grep -qF 'a.csv:2: arrived: error: Only the month and the year are asked: type them without the day (8/2015), or give the first day of the month (2015-08-01). (question: "When did you arrive?")' "$tmp/out"
result $? "replay refuses a month-year answer that is not the first of its month, saying what is expected"

replay en 2015-08 1990-03-01
[ $? -eq 65 ] && grep -qF 'a.csv:3: born: error: Only the year is asked: type the year alone (2015), or give January 1 of it (2015-01-01).' "$tmp/out"
result $? "replay refuses a year answer that is not January 1"

# refused REASON ARRIVED BORN: replay exits 65 saying REASON
refused() {
	replay en "$2" "$3"
	[ $? -eq 65 ] && grep -qF "$1" "$tmp/out"
}
refused 'Type the month and the year, like 8/2015 or 2015-08.' 13/2015 1990 &&
	refused 'Write the year with 4 digits.' 8/15 1990 &&
	refused 'Type the year with 4 digits, like 2015.' 2015-08 90
result $? "no month 13, no two-digit year"

# line mode, English: what to type, the answer stored, review as asked
printf '2015-08-15\n8/2015\n1990\n11/20/2026\n/review\n/quit\n' |
	"$intake" --data "$tmp/d1" --plain --interviewer Vol "$f" >"$tmp/out" 2>&1
grep -qxF '  Only the month and the year: month/year (8/2015) or year-month (2015-08).' "$tmp/out" &&
	grep -qxF '  Only the year, with 4 digits (2015).' "$tmp/out" &&
	grep -qF '! Only the month and the year are asked' "$tmp/out" &&
	grep -qF '1. When did you arrive?: 2015-08' "$tmp/out" &&
	grep -qF '2. Year of birth?: 1990' "$tmp/out" &&
	grep -qx 'arrived,2015-08-01,answered,' "$tmp"/d1/drafts/*.csv &&
	grep -qx 'born,1990-01-01,answered,' "$tmp"/d1/drafts/*.csv
result $? "line mode in English asks month and year, then the year, and stores first days"

# line mode, Spanish: the same in Spanish, 08/2015 read as mes/año
printf '20/8/2015\n08/2015\n1990-05-01\n1990\n20/11/2026\n/quit\n' |
	"$intake" --data "$tmp/d2" --plain --lang es --interviewer Vol "$f" >"$tmp/out" 2>&1
grep -qxF '  Solo el mes y el año: mes/año (8/2015) o año-mes (2015-08).' "$tmp/out" &&
	grep -qxF '  Solo el año, con 4 dígitos (2015).' "$tmp/out" &&
	grep -qF '! Solo se piden el mes y el año: escríbalos sin el día (8/2015), o dé el primer día del mes (2015-08-01).' "$tmp/out" &&
	grep -qF '! Solo se pide el año: escríbalo sin mes ni día (2015), o dé el 1 de enero de ese año (2015-01-01).' "$tmp/out" &&
	grep -qx 'arrived,2015-08-01,answered,' "$tmp"/d2/drafts/*.csv &&
	grep -qx 'born,1990-01-01,answered,' "$tmp"/d2/drafts/*.csv &&
	grep -qx 'seen,2026-11-20,answered,' "$tmp"/d2/drafts/*.csv
result $? "line mode in Spanish: mes/año, the year, Spanish messages"

# the export holds the stored dates
printf 'name,value\narrived,8/2015\nborn,1990\nseen,2026-11-20\n' >"$tmp/a.csv"
"$intake" --data "$tmp/d3" replay "$f" "$tmp/a.csv" >"$tmp/out" 2>&1 &&
	"$intake" --data "$tmp/d3" export "$f" >>"$tmp/out" 2>&1 &&
	sed -n 2p "$tmp/d3/exports/dates.csv" | grep -q ',2015-08-01,1990-01-01,2026-11-20,'
result $? "the export has 2015-08-01 and 1990-01-01"
[ "$failed" -eq 0 ]
