#!/bin/sh
# Replay cost per answer: a generated form of N integer questions and an
# answer file answering all of them, for N = 1,000 and 100,000 (or the
# N given).  The time per answer must not grow with N (a linear replay).
# Also a repeat of N instances with one question each (SHAPE=repeat).
# Medians of RUNS runs (default 3) of `intake replay --no-save`.
#
# usage: replay-bench.sh INTAKE [N...]
set -eu
intake=$1
shift
[ $# -gt 0 ] || set -- 1000 100000
runs=${RUNS:-3}
shape=${SHAPE:-flat}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# form N: a folder with N questions (flat) or a repeat (repeat)
form() {
	dir=$tmp/form-$shape-$1
	mkdir -p "$dir"
	printf 'form_id,version\nbench,1\n' >"$dir/settings.csv"
	if [ "$shape" = flat ]; then
		awk -v n="$1" 'BEGIN { print "type,name,label"
			for (i = 1; i <= n; i++) printf "integer,q%d,Question %d\n", i, i }' \
			>"$dir/survey.csv"
		awk -v n="$1" 'BEGIN { print "name,value"
			for (i = 1; i <= n; i++) printf "q%d,%d\n", i, i }' >"$dir/answers.csv"
	else
		printf 'type,name,label\nbegin_repeat,r,Row\ninteger,x,X\nend_repeat,,\n' \
			>"$dir/survey.csv"
		awk -v n="$1" 'BEGIN { print "name,value"
			for (i = 1; i <= n; i++) printf "r[%d]/x,%d\n", i, i }' >"$dir/answers.csv"
	fi
	echo "$dir"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
t() {
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	e=$(date +%s.%N)
	echo "$e - $s" | bc
}

base=
for n in "$@"; do
	dir=$(form "$n")
	"$intake" replay --no-save "$dir" "$dir/answers.csv" >/dev/null ||
		{ echo "replay of $n answers failed" >&2; exit 1; }
	i=0
	s=$(while [ $i -lt "$runs" ]; do
		t "$intake" replay --no-save "$dir" "$dir/answers.csv"; i=$((i + 1))
	done | median)
	per=$(echo "scale=3; $s * 1000000 / $n" | bc)
	[ -n "$base" ] || base=$per
	echo "replay ($shape) of $n answers: ${s}s, ${per} us per answer," \
	     "$(echo "scale=2; $per / $base" | bc)x the first"
done
