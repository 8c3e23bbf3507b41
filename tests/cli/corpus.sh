#!/bin/sh
# The XLSForm corpus (tests/xlsform-corpus, see its README): the forms
# rebuilt from public text (manifest.tsv) and the workbooks as published
# (published/manifest.tsv): every form pyxform accepts must pass `intake
# check` and replay its generated answers; every form pyxform rejects must
# make `check` exit 65 with our message for the same problem.  Each
# workbook is also imported as a CSV folder, which must check the same.
# Prints TAP, one line per form and step.
set -u
intake=$1 corpus=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
pub=$corpus/published
total=$(($(wc -l <"$corpus/manifest.tsv") + $(wc -l <"$pub/manifest.tsv") - 2))
echo "1..$((total * 2))"

ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	sed 's/^/# /' "$tmp/out" | head -20
}

# check_form FORM PYXFORM SAYS: the exit status and message of check.
check_form() {
	"$intake" check "$1" >"$tmp/out" 2>&1
	st=$?
	if [ "$2" = valid ]; then
		[ "$st" -eq 0 ]
	else
		[ "$st" -eq 65 ] && grep -qF -- "$3" "$tmp/out"
	fi
}

# run_form WORKBOOK ANSWERS PYXFORM SAYS: the two steps of one form.
run_form() {
	x=$1 answers=$2 file=$(basename "$1")
	if ! check_form "$x" "$3" "$4"; then
		notok "$file: check (pyxform: $3)"
	elif [ "$3" = valid ] &&
		! "$intake" --data "$tmp/data" replay --no-save "$x" \
			"$answers" >"$tmp/out" 2>&1; then
		notok "$file: replay of generated answers"
	else
		ok "$file: check${3:+ (pyxform: $3)}"
	fi
	rm -rf "$tmp/dir"
	# (a workbook without a survey cannot be imported: the same
	# message then)
	if { "$intake" import "$x" "$tmp/dir" >"$tmp/out" 2>&1 &&
		check_form "$tmp/dir" "$3" "$4"; } ||
		{ [ ! -e "$tmp/dir" ] && [ "$3" != valid ] &&
		grep -qF -- "$4" "$tmp/out"; }; then
		ok "$file: imported as CSV, checks the same"
	else
		notok "$file: imported as CSV, checks the same"
	fi
}

# Every form as one line: workbook, answers, verdict, our message, sha256
# ("-" where none is recorded: the rebuilt forms).
forms() {
	tail -n +2 "$corpus/manifest.tsv" | awk -F '\t' -v d="$corpus" \
		'{ printf "%s/%s.xlsx\t%s/%s.answers.csv\t%s\t%s\t-\n",
		   d, $1, d, $1, $2, ($3 == "" ? "-" : $3) }'
	# the published workbooks: byte for byte what their authors published
	tail -n +2 "$pub/manifest.tsv" | awk -F '\t' -v d="$pub" \
		'{ b = $1; sub(/\.[^.]*$/, "", b)
		   printf "%s/%s\t%s/%s.answers.csv\t%s\t%s\t%s\n",
		   d, $1, d, b, $2, $3, $9 }'
}

forms | {
	while IFS='	' read -r x answers pyxform says sum; do
		[ "$says" = - ] && says=
		if [ "$sum" != - ] &&
			[ "$(sha256sum <"$x" | cut -d' ' -f1)" != "$sum" ]; then
			notok "$(basename "$x"): sha256 is not the published file's"
			notok "$(basename "$x"): not imported"
			continue
		fi
		run_form "$x" "$answers" "$pyxform" "$says"
	done
	[ "$failed" -eq 0 ]
}
