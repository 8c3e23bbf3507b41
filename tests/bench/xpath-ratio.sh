#!/bin/sh
# xpath-ratio: intake's evaluation time per conformance case beside a peer's
# (openrosa-xpath-evaluator by default), from bench.c's BENCH_CASES lines
# and peer-bench.mjs --cases (CPU time on both sides, so that waiting for
# a core on a shared machine does not count).  Prints the slowest ratios
# and the median, then the ratio over the set (the sums of the per-case
# times: every case evaluated once).
#
#   XPATHPEER_DIR=... sh tests/bench/xpath-ratio.sh [build] [orxe|webforms]
set -eu
build=${1:-build}
peer=${2:-orxe}
tsv=tests/data/xpath-cases.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
BENCH=expr BENCH_CASES=1 BENCH_QUICK=1 "$build/tests/bench/bench" . |
	awk '$1 == "case" { print $2, $3 }' | sort -k1,1 > "$tmp/intake"
TZ=UTC node tests/bench/peer-bench.mjs "$tsv" --cases |
	awk -v p="$peer" '$1 == p && $2 == "case" { print $3, $4 }' |
	sort -k1,1 > "$tmp/peer"
join "$tmp/intake" "$tmp/peer" |
	awk '{ printf "%s %.4f %.4f %.1f\n", $1, $2, $3, $3 / $2 }' |
	sort -k4,4g > "$tmp/joined"
echo "row intake_us ${peer}_us ratio   (slowest ten ratios; row = line of $tsv)"
head -10 "$tmp/joined" | while read -r row us pus ratio; do
	printf '%4s %8s %8s %7s  %s\n' "$row" "$us" "$pus" "$ratio" \
		"$(sed -n "${row}p" "$tsv" | cut -f1)"
done
n=$(wc -l < "$tmp/joined")
awk -v n="$n" 'NR == int((n + 1) / 2) { print "median ratio over " n " cases: " $4 }' "$tmp/joined"
awk '{ a += $2; p += $3 } END { printf "over the set: intake %.2f us, peer %.1f us, ratio %.1f\n", a, p, p / a }' "$tmp/joined"
