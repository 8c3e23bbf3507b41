#!/bin/sh
# The engine/front-end boundary shows in the tree (issue 9, point 10):
# the front ends' headers live next to their sources in src/ui/ (and
# commands.h next to main.c), not in include/; no header in include/
# needs curses; no engine source (engine_sources in src/meson.build)
# includes a front-end header.  Prints TAP.
set -u
src=$1
n=0 failed=0
ok() { # ok DESCRIPTION COMMAND...
	n=$((n + 1))
	d=$1
	shift
	if "$@" >/dev/null 2>&1; then echo "ok $n - $d"; else failed=$((failed + 1)); echo "not ok $n - $d"; fi
}
engine=$(sed -n "/^engine_sources = files(/,/^)/p" "$src/src/meson.build" |
	 grep -o "'[a-z_0-9/]*\.c'" | tr -d "'" | sed "s|^|$src/src/|" | tr '\n' ' ')
moved() { test -f "$src/src/$2/$1" && test ! -e "$src/include/$1"; }
engine_includes() { for f in $engine; do grep -q "#include \"$1\"" "$f" && return 0; done; return 1; }
not() { ! "$@"; }
all_exist() { for f in $engine; do test -f "$f" || return 1; done; }
for h in ui.h plain.h term.h script.h; do
	ok "the front end's $h is in src/ui/, not include/" moved "$h" ui
	ok "no engine source includes $h" not engine_includes "$h"
done
ok "the subcommands' commands.h is in src/, not include/" moved commands.h .
for h in export_xlsx.h pgsink.h; do # the executable's, not the engine's
	ok "$h (libxlsxwriter, libpq) is in src/, not include/" moved "$h" .
	ok "no engine source includes $h" not engine_includes "$h"
done
ok "no engine source includes commands.h" not engine_includes commands.h
ok "no header in include/ includes curses" not grep -lE "#include [<\"](n?curses|term)\.h" "$src"/include/*.h
ok "the engine's sources list names files that exist" all_exist
echo "1..$n"
[ "$failed" -eq 0 ]
