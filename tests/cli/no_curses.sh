#!/bin/sh
# The engine archive must not call curses: none of its undefined symbols
# may be one that the curses libraries of the intake executable define.
# The executable itself must call some (else the symbol lists are wrong
# and the check could not fail).  Prints TAP.
set -u
engine=$1 intake=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
echo "1..2"
ldd "$intake" | awk '/curses|tinfo/ { print $3 }' >"$tmp/libs"
for lib in $(cat "$tmp/libs"); do
	nm -D --defined-only "$lib" | awk '{ print $NF }'
done | sed 's/@.*//' | sort -u >"$tmp/curses"
nm -D --undefined-only "$intake" | awk '{ print $NF }' | sed 's/@.*//' |
	sort -u >"$tmp/exe"
if [ -s "$tmp/curses" ] && [ -n "$(comm -12 "$tmp/curses" "$tmp/exe")" ]; then
	echo "ok 1 - the executable calls curses (the check can see it)"
else
	echo "not ok 1 - no curses symbols found for $intake"
	exit 1
fi
nm --undefined-only "$engine" 2>/dev/null | awk 'NF { print $NF }' | sort -u >"$tmp/engine"
comm -12 "$tmp/curses" "$tmp/engine" >"$tmp/both"
if [ -s "$tmp/engine" ] && [ ! -s "$tmp/both" ]; then
	echo "ok 2 - the engine archive calls no curses function"
else
	echo "not ok 2 - the engine archive calls curses:"
	sed 's/^/# /' "$tmp/both"
	exit 1
fi
