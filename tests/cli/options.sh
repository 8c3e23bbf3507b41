#!/bin/sh
# "--" ends the options of every command (issue 15, point 6): what
# follows is a form, an ID or an expression even when it starts with "-",
# and an option before it still works.  Prints TAP.
set -u
intake=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
data=$tmp/data
n=0 failed=0
# run EXPECTED-STATUS PATTERN DESCRIPTION ARGS...: intake exits with the
# status and prints (stdout or stderr) a line matching the pattern
run() {
	want=$1 pattern=$2 desc=$3
	shift 3
	n=$((n + 1))
	"$intake" --data "$data" "$@" >"$tmp/out" 2>&1
	got=$?
	if [ "$got" -eq "$want" ] && grep -q -- "$pattern" "$tmp/out"; then
		echo "ok $n - $desc"
	else
		failed=$((failed + 1))
		echo "not ok $n - $desc (status $got, want $want)"
		sed 's/^/# /' "$tmp/out"
	fi
}
echo "1..12"
run 65 '^--xlsx/survey.csv' "export: a form named --xlsx after --" export -- --xlsx
run 0 'screening.xlsx' "export: options before -- still apply" export --xlsx -- screening
run 65 '^-f/survey.csv' "codebook: a form named -f after --" codebook -- -f
run 64 'usage: intake codebook' "codebook: an unknown option before -- is a usage error" codebook -f
run 66 'id or code "-abc"' "show: an ID -abc after --" show -- -abc
run 64 'usage: intake show' "show: -abc without -- is an unknown option" show -abc
run 65 '^-f/survey.csv' "replay: a form named -f after --" replay -- -f a.csv
run 65 '^-f/survey.csv' "push: a form named -f after --" push --to 'host=/nonexistent' -- -f
run 0 '^-Infinity$' "eval: an expression starting with - after --" eval -- "-1 div 0"
run 0 '^-Infinity$' "eval: its words joined when not quoted" eval -- -1 div 0
run 0 '^6$' "eval: NAME=VALUE bindings before the expression" eval x=2 -- '${x} * 3'
run 64 'usage: intake keygen' "keygen: -o after -- is not the option" keygen -- -o
[ "$failed" -eq 0 ]
