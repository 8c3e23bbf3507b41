# tests/lib.sh: the TAP helpers the shell tests share.  A script sources
# it with  . "$(dirname "$0")/../lib.sh"  after setting n=0 failed=0, and
# ends with  [ "$failed" -eq 0 ].

# check DESCRIPTION COMMAND...: "ok N" when COMMAND succeeds, else
# "not ok N" (and failed counts it).  When $check_log names a file, a
# failure shows its first lines as TAP comments.
check() {
	n=$((n + 1))
	desc=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "ok $n - $desc"
	else
		failed=$((failed + 1))
		echo "not ok $n - $desc"
		if [ -n "${check_log:-}" ] && [ -f "$check_log" ]; then
			sed 's/^/# /' "$check_log" | head -10
		fi
	fi
}

# result STATUS DESCRIPTION: "ok N" when STATUS is 0, else "not ok N",
# showing the whole of $check_log (when set) as TAP comments.
result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
		if [ -n "${check_log:-}" ] && [ -f "$check_log" ]; then
			sed 's/^/# /' "$check_log"
		fi
	fi
}

# mode FILE: its permission bits in octal (600, 700)
mode() { stat -c %a "$1"; }
