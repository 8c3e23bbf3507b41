#!/bin/sh
# Scaling of hostile shapes (issue 10): `intake check` of one choice list
# of N options and `intake replay` of N nested groups, for growing N.
# Prints the median of 3 runs and the ratio to the previous N: linear
# loading shows ratios near the ratio of the sizes (3.0 / 3.3 / 10),
# quadratic loading their square.  Run by hand:
#   sh tests/bench/scale-bench.sh build/src/intake
set -u
intake=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

median3() { # median3 CMD...: the median wall time of 3 runs, in seconds
	for i in 1 2 3; do
		s=$(date +%s.%N)
		"$@" >/dev/null 2>&1
		e=$(date +%s.%N)
		echo "$e - $s" | bc -l
	done | sort -n | sed -n 2p
}

choices() { # choices DIR N
	mkdir -p "$1"
	printf 'type,name,label\nselect_one many,pick,Pick\n' >"$1/survey.csv"
	printf 'form_title,form_id,version\nB,big,1\n' >"$1/settings.csv"
	awk -v n="$2" 'BEGIN { print "list_name,name,label"
		for (i = 0; i < n; i++) printf "many,c%d,Choice %d\n", i, i }' >"$1/choices.csv"
}

groups() { # groups DIR N
	mkdir -p "$1"
	awk -v n="$2" 'BEGIN { print "type,name,label"
		for (i = 0; i < n; i++) printf "begin_group,g%d,G%d\n", i, i
		print "text,q,Q"
		for (i = 0; i < n; i++) print "end_group,," }' >"$1/survey.csv"
	printf 'form_title,form_id,version\nD,deep,1\n' >"$1/settings.csv"
}
printf 'name,value\nq,x\n' >"$tmp/a.csv"

echo "shape              N        median s   ratio to previous N"
prev=
for n in 10000 30000 100000 1000000; do
	choices "$tmp/c$n" "$n"
	t=$(median3 "$intake" check "$tmp/c$n")
	printf 'choice list  %9d  %9.3f   %s\n' "$n" "$t" \
		"$([ -n "$prev" ] && echo "$t / $prev" | bc -l | cut -c1-5)"
	prev=$t
done
prev=
for n in 10000 30000 100000; do
	groups "$tmp/g$n" "$n"
	t=$(median3 "$intake" --data "$tmp/data" replay --no-save "$tmp/g$n" "$tmp/a.csv")
	printf 'nested groups%9d  %9.3f   %s\n' "$n" "$t" \
		"$([ -n "$prev" ] && echo "$t / $prev" | bc -l | cut -c1-5)"
	prev=$t
done
