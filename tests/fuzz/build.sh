#!/bin/sh
# Builds the libFuzzer targets (expressions, form loader, age files, .xlsx reader) with clang, ASan and UBSan into $1 (default
# /tmp/intake-fuzz).  Needs clang (Debian: clang) and the same -dev
# packages as the project.
set -eu
out=${1:-/tmp/intake-fuzz}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
for target in fuzz_expr fuzz_form fuzz_age fuzz_xlsx; do
	clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 \
		-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DINTAKE_VERSION='"fuzz"' \
		-I"$root/include" -I"$root/src" \
		"$root/tests/fuzz/$target.c" \
		"$root"/src/arena.c "$root"/src/clock.c "$root"/src/csvio.c \
		"$root"/src/diag.c "$root"/src/expr_*.c "$root"/src/form.c \
		"$root"/src/form_compile.c "$root"/src/form_load.c \
		"$root"/src/export.c "$root"/src/answers.c "$root"/src/fsutil.c \
		"$root"/src/strbuf.c "$root"/src/utf8.c "$root"/src/uuid.c \
		"$root"/src/xmem.c "$root"/src/age.c "$root"/src/workbook.c \
		"$root"/src/xlsx.c "$root"/src/fsutil.c "$root"/src/ivpos.c \
		-lcsv -lpcre2-8 -lsodium -lzip -lexpat -lfreexl -lm -o "$out/$target"
	echo "$out/$target"
done
