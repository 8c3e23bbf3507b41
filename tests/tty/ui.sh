#!/bin/sh
# The curses interviewer, driven in a private tmux server: first screen,
# choice by number, language toggle and the side-by-side view, review,
# "too small" and redraw on resize, Ctrl-C and SIGHUP saving the draft,
# NO_COLOR, and the shell usable after exit.  Prints TAP; skips (exit 77)
# only when tmux is missing.
set -u
intake=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux not installed"; exit 77; }
tmp=$(mktemp -d) || exit 1
sock="intake-test-$$"
T() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
n=0 failed=0
ok() { # ok DESCRIPTION COMMAND...
	n=$((n + 1))
	d=$1
	shift
	if "$@" >/dev/null 2>&1; then echo "ok $n - $d"; else
		failed=$((failed + 1)); echo "not ok $n - $d"
		T capture-pane -p -t s 2>/dev/null | sed 's/^/# /'
	fi
}
screen() { T capture-pane -p -t s; }
shows() { # waits up to 5 s for the text: no fixed sleep to flake
	i=0
	while [ $i -lt 50 ]; do
		screen | grep -q "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
until_true() { # until_true COMMAND...: polls up to 5 s
	i=0
	while [ $i -lt 50 ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
keys() { T send-keys -t s "$@"; }
# A session that lives as long as the test: killing the last session
# would stop the server under the next new-session ("server exited
# unexpectedly", about one run in five).
T new-session -d -s keep "sleep 600"
start() { # start NAME [ENV [FORM]]
	T kill-session -t s 2>/dev/null
	T new-session -d -s s -x 100 -y 30 \
		"env ${2:-} INTAKE_NOW=2026-11-22 TERM=xterm-256color LANG=C.UTF-8 '$intake' --data '$tmp/$1' --interviewer Vol ${3:-screening}; echo EXITED=\$?; sleep 30"
	shows "${4:-Date of this screening}" || true
}
echo "1..14"

start a
ok "first screen: header, question, footer" shows "Date of this screening"
# the header is drawn in colour: white on blue (SGR 37 and 44, or 256-colour forms)
ok "colours are used on a colour terminal" sh -c "tmux -L '$sock' capture-pane -pe -t s | head -1 | grep -Eq '\[(3[0-7]|4[0-7]|38;5|48;5)'"
ok "footer lists the keys" shows "F1 help"
keys Enter; shows "I will ask you"; keys Enter
ok "consent question lists numbered choices" shows "1. ( ) Yes"
keys 1 Enter
ok "number key then Enter answers and moves on" shows "Is it safe for you to talk now"
keys F4
ok "F4 switches to Spanish" shows "Es seguro para usted hablar"
keys F5
ok "F5 shows both languages" shows "Is it safe for you to talk now"
keys F3
ok "F3 reviews the answers" shows "Revisar"
keys Escape
T resize-window -t s -x 60 -y 20
ok "below 80x24 it says the window is too small" shows "muy pequeña"
T resize-window -t s -x 100 -y 30
ok "growing again redraws the question" shows "Es seguro para usted hablar"
keys C-c
ok "Ctrl-C saves the draft and restores the shell" until_true sh -c "ls '$tmp/a/drafts' | grep -q csv && tmux -L '$sock' capture-pane -p -t s | grep -q 'EXITED=0'"

start b "NO_COLOR=1"
shows "Date of this screening"; keys Enter; shows "I will ask you"; keys Enter
shows "Do you agree"; keys 1 Enter; shows "Is it safe"
# back to consent: moving is not saved as it happens, only on exit, so
# the draft's position says whether SIGHUP saved it
keys F2; shows "Do you agree"
ok "NO_COLOR: no colour at all, the header in reverse video" sh -c "! tmux -L '$sock' capture-pane -pe -t s | grep -Eq '\[(3[0-7]|4[0-7]|38;5|48;5)' && tmux -L '$sock' capture-pane -pe -t s | head -1 | grep -q '\[7m'"
pid=$(T list-panes -t s -F '#{pane_pid}')
child=$(pgrep -P "$pid" intake || pgrep -P "$pid")
kill -HUP $child 2>/dev/null
ok "SIGHUP (a dropped connection) saves the draft where it stood" until_true sh -c "grep -q '^consent,yes' '$tmp'/b/drafts/*.csv && grep -q '^meta:position,consent' '$tmp'/b/drafts/*.csv"

start c "" example "First name"
keys R o s a Enter
shows "Last name"; keys Enter
shows "Date of birth"; keys 0 4 0 2 1 9 9 0
ok "a date typed as digits is shown as typed, read back in words" until_true sh -c "tmux -L '$sock' capture-pane -p -t s | grep -q '> 04021990' && tmux -L '$sock' capture-pane -p -t s | grep -q '= April 2, 1990'"
[ "$failed" -eq 0 ]
