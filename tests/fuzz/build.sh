#!/bin/sh
# Builds the libFuzzer targets (expressions, form loader, age files) with
# clang, ASan and UBSan into $1 (default /tmp/intake-fuzz), without meson.
# The engine's sources are those of engine_sources in src/meson.build, so
# this list never goes stale.  Needs clang (Debian: clang) and the same
# -dev packages as the project.
set -eu
out=${1:-/tmp/intake-fuzz}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out/obj"
flags="-g -O1 -fsanitize=fuzzer-no-link,address,undefined -std=c11
	-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DINTAKE_VERSION=\"fuzz\"
	-I$root/include -I$root/src"
sources=$(sed -n '/^engine_sources = files(/,/^)/p' "$root/src/meson.build" |
	sed -n "s/^ *'\([a-z_0-9]*\.c\)',*$/\1/p")
objs=
for s in $sources; do
	# shellcheck disable=SC2086
	clang $flags -c "$root/src/$s" -o "$out/obj/${s%.c}.o"
	objs="$objs $out/obj/${s%.c}.o"
done
for target in fuzz_expr fuzz_form fuzz_age; do
	# shellcheck disable=SC2086
	clang $flags -fsanitize=fuzzer "$root/tests/fuzz/$target.c" $objs \
		-lcsv -lpcre2-8 -lsodium -lzip -lexpat -lfreexl -lm -o "$out/$target"
	echo "$out/$target"
done
