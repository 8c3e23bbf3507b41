#!/bin/sh
# Screening scenarios: every case of a personas-format TSV runs through
# `intake replay` on the screening form and must produce exactly its
# relief set and flag set (sets compared, not subsets).  Prints TAP.
#
# usage: run.sh INTAKE FORM BASE.csv CASES.tsv...
#
# Each case's answer file is BASE.csv followed by the case's facts (later
# rows win), plus last_arrival=entry_date when the case leaves it out (the
# TSV header's rule).  today() is pinned to 2026-11-22 as the TSV says.
set -u
intake=$1 form=$2 base=$3
shift 3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# One line per case: id <TAB> facts <TAB> possible <TAB> not <TAB> flags
awk -F'\t' '/^#/ || $1 == "id" || NF < 5 { next } { print }' "$@" >"$tmp/cases"
total=$(wc -l <"$tmp/cases")
echo "1..$total"

n=0 failed=0
while IFS='	' read -r id facts possible not flags why; do
	n=$((n + 1))
	answers="$tmp/answers.csv"
	cp "$base" "$answers"
	printf '%s\n' "$facts" | awk -v q='"' '
		BEGIN { RS = ";" }
		{ sub(/\n$/, "") }
		/=/ {
			k = substr($0, 1, index($0, "=") - 1)
			v = substr($0, index($0, "=") + 1)
			seen[k] = v
			printf "%s,%s%s%s\n", k, q, v, q
		}
		END {
			if (!("last_arrival" in seen) && ("entry_date" in seen))
				printf "last_arrival,%s\n", seen["entry_date"]
		}' >>"$answers"
	if ! INTAKE_NOW=2026-11-22 "$intake" replay --print --no-save "$form" \
		"$answers" >"$tmp/out.csv" 2>"$tmp/err"; then
		failed=$((failed + 1))
		echo "not ok $n - $id: replay failed"
		sed 's/^/# /' "$tmp/err"
		continue
	fi
	got_possible=$(awk -F, '$1 ~ /^possible_/ && $2 == "yes" { sub(/^possible_/, "", $1); print $1 }' \
		"$tmp/out.csv" | sort | tr '\n' ' ')
	got_flags=$(awk -F, '$1 ~ /^flag_/ && $2 == "yes" { sub(/^flag_/, "", $1); print $1 }' \
		"$tmp/out.csv" | sort | tr '\n' ' ')
	want_possible=$(printf '%s\n' "$possible" | tr ' ' '\n' | grep -v '^-*$' | sort | tr '\n' ' ')
	want_flags=$(printf '%s\n' "$flags" | tr ' ' '\n' | grep -v '^-*$' | sort | tr '\n' ' ')
	# every result row must be present and be yes or no
	results=$(awk -F, '$1 ~ /^(possible|flag)_/ && ($2 == "yes" || $2 == "no")' "$tmp/out.csv" | wc -l)
	if [ "$got_possible" = "$want_possible" ] && [ "$got_flags" = "$want_flags" ] &&
		[ "$results" -eq 19 ]; then
		echo "ok $n - $id"
	else
		failed=$((failed + 1))
		echo "not ok $n - $id"
		echo "#   relief expected: ${want_possible:-none}"
		echo "#   relief got:      ${got_possible:-none}"
		echo "#   flags expected:  ${want_flags:-none}"
		echo "#   flags got:       ${got_flags:-none}"
		echo "#   result rows with yes/no: $results of 19"
	fi
done <"$tmp/cases"
[ "$failed" -eq 0 ]
