#!/bin/sh
# The XLSForm corpus (tests/xlsform-corpus, rebuilt from public text
# sources, see its README): every form pyxform accepts must pass `intake
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
total=$(($(wc -l <"$corpus/manifest.tsv") - 1))
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

tail -n +2 "$corpus/manifest.tsv" | {
	while IFS='	' read -r file pyxform says repo path test commit; do
		x=$corpus/$file.xlsx
		if ! check_form "$x" "$pyxform" "$says"; then
			notok "$file: check (pyxform: $pyxform)"
		elif [ "$pyxform" = valid ] &&
			! "$intake" --data "$tmp/data" replay --no-save "$x" \
				"$corpus/$file.answers.csv" >"$tmp/out" 2>&1; then
			notok "$file: replay of generated answers"
		else
			ok "$file: check${pyxform:+ (pyxform: $pyxform)}"
		fi
		rm -rf "$tmp/dir"
		# (a workbook without a survey cannot be imported: the same
		# message then)
		if { "$intake" import "$x" "$tmp/dir" >"$tmp/out" 2>&1 &&
			check_form "$tmp/dir" "$pyxform" "$says"; } ||
			{ [ ! -e "$tmp/dir" ] && [ "$pyxform" != valid ] &&
			grep -qF -- "$says" "$tmp/out"; }; then
			ok "$file: imported as CSV, checks the same"
		else
			notok "$file: imported as CSV, checks the same"
		fi
	done
	[ "$failed" -eq 0 ]
}
