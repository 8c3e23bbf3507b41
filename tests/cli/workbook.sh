#!/bin/sh
# Workbooks on the command line: an .xlsx form checked, replayed,
# exported, listed in the codebook and imported as a CSV folder (row
# numbers kept), its extra sheet ignored with a warning; import's refusals
# and exit statuses; and `--` ending the options of every command.
# Prints TAP.
set -u
intake=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
x=$src/tests/cli/workbook-extras.xlsx
n=0 failed=0
echo "1..17"

# expect DESCRIPTION STATUS COMMAND...: the exit status, output in $tmp/out
expect() {
	n=$((n + 1))
	desc=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>&1
	got=$?
	if [ "$got" -eq "$want" ]; then
		echo "ok $n - $desc"
	else
		failed=$((failed + 1))
		echo "not ok $n - $desc (exit $got, expected $want)"
		sed 's/^/# /' "$tmp/out" | head -20
	fi
}

# has DESCRIPTION TEXT: $tmp/out contains TEXT
has() {
	n=$((n + 1))
	if grep -qF -- "$2" "$tmp/out"; then
		echo "ok $n - $1"
	else
		failed=$((failed + 1))
		echo "not ok $n - $1: no \"$2\""
		sed 's/^/# /' "$tmp/out" | head -20
	fi
}

expect "check a workbook" 0 "$intake" check "$x"
has "its extra sheet is ignored with a warning" \
	'warning: the sheet "notes" is not part of an XLSForm'
printf 'name,value\nvisit,2024-03-15\nn,3\n' >"$tmp/a.csv"
expect "replay on a workbook" 0 "$intake" --data "$tmp/d" replay --print "$x" "$tmp/a.csv"
has "the typed date default was replaced by the answer" "visit,2024-03-15"
expect "export a workbook's records" 0 "$intake" --data "$tmp/d" export -- "$x"
expect "codebook of a workbook" 0 "$intake" codebook -- "$x"
has "the boolean TRUE in required reads as yes" "extras,visit,,date,,Visit date,,yes,"
expect "import a workbook" 0 "$intake" import "$x" "$tmp/f"
n=$((n + 1))
if printf 'type,name,label,required,default\ndate,visit,Visit date,TRUE,2024-03-14\n\ninteger,n,How many?,FALSE,2\n' |
	cmp -s - "$tmp/f/survey.csv" && [ ! -e "$tmp/f/notes.csv" ]; then
	echo "ok $n - survey.csv keeps the blank row; no notes.csv"
else
	failed=$((failed + 1))
	echo "not ok $n - survey.csv keeps the blank row; no notes.csv"
	sed 's/^/# /' "$tmp/f/survey.csv"
fi
expect "import refuses a folder holding a form" 73 "$intake" import "$x" "$tmp/f"
expect "import of a missing workbook" 66 "$intake" import "$tmp/none.xlsx" "$tmp/g"
printf 'type,name\n' >"$tmp/fake.xlsx"
expect "import of a file that is not a workbook" 65 "$intake" import "$tmp/fake.xlsx" "$tmp/g"
has "the reason is given" "not an .xlsx workbook"
expect "check of a file that is not a workbook" 65 "$intake" check "$tmp/fake.xlsx"
expect "eval -- -1 div 0" 0 "$intake" eval -- "-1 div 0"
has "the expression after -- was evaluated" "-Infinity"
expect "check -- with no form is a usage error" 64 "$intake" check --
[ "$failed" -eq 0 ]
