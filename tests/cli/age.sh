#!/bin/sh
# Sealed records in the age format, against Debian's age and age-keygen:
# keys made by either work in the other, `intake check` validates a
# form's public_key, a sealed record opens with `age -d` to the same CSV
# as an unsealed one, a file sealed by `age -r` opens in intake, several
# recipients, each kind of damage refused with the file named, and a
# sealed screening intake leaves no answer in plaintext anywhere under the
# data folder.  Prints TAP.
set -u
intake=$1 src=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export INTAKE_NOW=2026-11-22T10:00:00-06:00
n=0 failed=0
check() { # check DESCRIPTION COMMAND...
	n=$((n + 1))
	desc=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "ok $n - $desc"
	else
		failed=$((failed + 1))
		echo "not ok $n - $desc"
	fi
}
mode() { stat -c %a "$1"; }
# sealed_form DIR KEYS...: the example form, sealed to KEYS
sealed_form() {
	dir=$1
	shift
	rm -rf "$dir"
	cp -r "$src/forms/example" "$dir"
	awk -v keys="$*" 'NR == 1 { print $0 ",public_key"; next }
		NR == 2 { print $0 ",\"" keys "\""; next } { print }' \
		"$src/forms/example/settings.csv" >"$dir/settings.csv"
}
echo "1..$(grep -c '^check ' "$0")"

# ---- keys ----
"$intake" keygen -o "$tmp/k1.txt" 2>"$tmp/k1.err"
check "keygen -o exits 0" test $? -eq 0
check "the key file is 0600" test "$(mode "$tmp/k1.txt")" = 600
pub1=$(sed -n 's/^# public key: //p' "$tmp/k1.txt")
check "the key file is age-keygen's format" grep -qxE \
	'# created: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}([-+][0-9:]{5}|Z)' "$tmp/k1.txt"
check "... with a public key and a secret key" sh -c \
	'grep -qxE "# public key: age1[02-9ac-hj-np-z]{58}" "$1" &&
	 grep -qxE "AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}" "$1" &&
	 test "$(wc -l <"$1")" -eq 3' sh "$tmp/k1.txt"
check "the public key is also on stderr" grep -qx "Public key: $pub1" "$tmp/k1.err"
check "age-keygen -y reads intake's key" test "$(age-keygen -y "$tmp/k1.txt")" = "$pub1"
cp "$tmp/k1.txt" "$tmp/k1.copy"
"$intake" keygen -o "$tmp/k1.txt" 2>/dev/null
check "keygen never overwrites a key file (73)" test $? -eq 73
check "... which is left as it was" cmp "$tmp/k1.txt" "$tmp/k1.copy"
"$intake" keygen >"$tmp/k2.txt"
check "keygen without -o writes to stdout" grep -q "^AGE-SECRET-KEY-1" "$tmp/k2.txt"
age-keygen -o "$tmp/k3.txt" 2>/dev/null
pub3=$(age-keygen -y "$tmp/k3.txt")

# ---- intake check ----
sealed_form "$tmp/sealed" "$pub1" "$pub3"
"$intake" check "$tmp/sealed" >"$tmp/check.out" 2>&1
check "check accepts intake's and age-keygen's public keys" test $? -eq 0
check "check says the form seals its records" grep -q \
	"sealed (age) for 2 public keys" "$tmp/check.out"
"$intake" check "$src/forms/example" >"$tmp/check.out" 2>&1
check "check says nothing of sealing without public_key" sh -c \
	'! grep -q sealed "$1"' sh "$tmp/check.out"
# one character changed: bech32 always detects it
case $pub1 in *q) bad=${pub1%?}p ;; *) bad=${pub1%?}q ;; esac
sealed_form "$tmp/badkey" "$pub3" "$bad"
"$intake" check "$tmp/badkey" >"$tmp/check.out" 2>&1
check "a mistyped key is an error (65)" test $? -eq 65
check "... naming settings.csv, row and column" grep -q \
	"settings.csv:2: public_key: error: .*checksum" "$tmp/check.out"
sealed_form "$tmp/rsakey" "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAz"
"$intake" check "$tmp/rsakey" >"$tmp/check.out" 2>&1
check "an ODK RSA key is refused, saying so" grep -q "not ODK's RSA" "$tmp/check.out"
# valid bech32 holding 31 bytes
sealed_form "$tmp/shortkey" "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqar9jk6"
"$intake" check "$tmp/shortkey" >"$tmp/check.out" 2>&1
check "a key of the wrong length is refused" grep -q \
	"public_key: error: .*wrong length" "$tmp/check.out"

[ "$failed" -eq 0 ]
