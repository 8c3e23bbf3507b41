#!/bin/sh
# Scripted screens: every tests/ui/*.keys runs the curses interviewer in
# process on a virtual terminal (INTAKE_SCRIPT, see src/ui/script.h) and
# its screens must match the .screen file beside it exactly.  TAP.
# usage: run.sh INTAKE [--update]
set -u
intake=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 failed=0
echo "1..$(ls "$here"/*.keys | wc -l)"
for keys in "$here"/*.keys; do
	name=$(basename "$keys" .keys)
	form=$(sed -n 's/^# form: //p' "$keys")
	[ -d "$here/$form" ] && form=$here/$form # a test form beside the keys
	size=$(sed -n 's/^# size: //p' "$keys")
	n=$((n + 1))
	rm -rf "$tmp/data" "$tmp/out"
	# NAME.setup, when there is one, prepares the data folder first
	[ -f "$here/$name.setup" ] && sh "$here/$name.setup" "$intake" "$tmp/data" >/dev/null 2>&1
	INTAKE_SCRIPT=$keys INTAKE_SCRIPT_OUT=$tmp/out INTAKE_SCRIPT_SIZE=${size:-100x30} INTAKE_NOW=2026-11-22T10:00:00-06:00 \
		NO_COLOR=1 "$intake" --data "$tmp/data" $( [ "$form" = - ] || echo "--interviewer Vol $form") \
		</dev/null >/dev/null 2>"$tmp/err"
	# the draft's answers, for the tests that look at what was stored
	# (unless the keys say "# stored: no": a whole screening record)
	if ! grep -q '^# stored: no' "$keys"; then
		cat "$tmp"/data/drafts/*.csv 2>/dev/null | grep -v '^meta:' | sed 's/^/| /' >>"$tmp/out"
		cat "$tmp"/data/records/*.csv 2>/dev/null | grep -v '^meta:' | sed 's/^/| /' >>"$tmp/out"
	fi
	# intake ids are random: compare them as <id>
	sed -E -i -e 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<id>/g' -e 's/intake:[0-9a-f]{12}/<device>/g' \
		-e 's/(code|código|Código|Intake code:|entrevista:) [3467ACEFGHJKMNPRTWXY]{6}/\1 <code>/g' \
		-e 's/(saved|guardado) [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/\1 <time>/g' \
		-e 's/^\| intake_code,[3467ACEFGHJKMNPRTWXY]{6}/| intake_code,<code>/' "$tmp/out"
	if [ "${2:-}" = "--update" ]; then
		cp "$tmp/out" "$here/$name.screen"
	fi
	if cmp -s "$tmp/out" "$here/$name.screen"; then
		echo "ok $n - $name"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name"
		diff "$here/$name.screen" "$tmp/out" | head -40 | sed 's/^/# /'
		sed 's/^/# /' "$tmp/err"
	fi
done
[ "$failed" -eq 0 ]
