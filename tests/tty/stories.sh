#!/bin/sh
# Two whole intakes typed into the real binary as a volunteer would, in a
# private tmux server, then the exported row compared value by value with
# what the volunteer meant (issue 9).  English with US dates: a resize in
# the middle of typing, Enter on an unanswered choice, a two-digit
# option number, a default replaced, refused kept through Back, a repeat,
# review-edit-return with the newly relevant question answered from
# review.  Spanish with day-first dates: filtering with accents, don't
# know, Back.  Prints TAP; skips (exit 77) only when tmux is missing.
set -u
intake=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
form=$2
command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux not installed"; exit 77; }
tmp=$(mktemp -d) || exit 1
sock="intake-story-$$"
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
shows() { # waits up to 5 s for the text
	i=0
	while [ $i -lt 50 ]; do
		T capture-pane -p -t s | grep -q -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# never shown: $1"
	return 1
}
# step TEXT KEYS...: waits for TEXT, then types the keys (one tmux
# argument per key, so nothing is pasted faster than it is read)
step() {
	shows "$1" || failed=$((failed + 1))
	shift
	for k in "$@"; do T send-keys -t s "$k"; done
}
typed() { # typed TEXT: the characters of TEXT, one key each
	printf '%s' "$1" | sed 's/./&\n/g' | while IFS= read -r c; do
		[ -n "$c" ] && T send-keys -t s -l "$c"
	done
}
# the value of column NAME in the only row of export FILE
col() {
	awk -F, -v name="$1" 'NR == 1 { sub(/^\xef\xbb\xbf/, ""); for (i = 1; i <= NF; i++) { sub(/\r$/, "", $i); c[$i] = i } }
		NR == 2 { sub(/\r$/, ""); print $(c[name]) }' "$2"
}
is() { # is NAME WANT FILE
	got=$(col "$1" "$3")
	[ "$got" = "$2" ] || { echo "# $1: got \"$got\", want \"$2\""; return 1; }
}
# col and is, for the checks that run in sh -c
sed -n '/^col() {/,/^}/p; /^is() {/,/^}/p' "$0" >"$tmp/fn"
T new-session -d -s keep "sleep 600" # the server outlives each story
start() { # start DATA LANG
	T kill-session -t s 2>/dev/null
	T new-session -d -s s -x 100 -y 30 \
		"env INTAKE_NOW=2026-11-22T10:00:00-06:00 TERM=xterm-256color LANG=C.UTF-8 '$intake' --data '$tmp/$1' --lang $2 --interviewer Vol '$form'; echo EXITED=\$?; sleep 30"
}


# ---- English, US dates -------------------------------------------------
start en en
shows "Client name"; typed "Rosa Mar"
T resize-window -t s -x 60 -y 20
shows "too small"; typed "ía"        # typed while the window is too small
T resize-window -t s -x 100 -y 30
ok "keys typed during a resize are kept" shows "> Rosa María"
T send-keys -t s Enter
step "Do you agree" Enter
ok "Enter on an unanswered choice says what to do and stays" shows "Choose 1-2, or F6"
T send-keys -t s 1 Enter
step "Country of birth" 1 2
ok "1 then 2 selects option 12" shows "12. (\*) Haiti"
T send-keys -t s Enter
step "People in the household" 4 Enter   # the default 1 is replaced
step "Date of birth"; typed "02/20/2010"
ok "a US date is shown spelled out before Enter" shows "= February 20, 2010"
T send-keys -t s Enter
step "immigration court now" F7
step 'Add a "Trip"' F2
ok "refused stays the current answer after Back" shows "Current answer: Refused"
T send-keys -t s Enter
step 'Add a "Trip"' Enter
ok "Add a Trip? has no default" shows "Choose 1 (yes) or 2 (no)"
T send-keys -t s 1 Enter
step "Place"; typed "Tijuana"; T send-keys -t s Enter
step 'Add another "Trip"' 2 Enter
step "Household of 4" Enter
step "Documents to bring" Enter
step "Your rights" Enter
step "Next step" Enter
step "All questions are done" F3
step "Review" NPage Up Enter
step "immigration court now" 1 Enter
ok "after the change Enter returns to review and names the new question" shows "Date of your next hearing .*not answered yet"
T send-keys -t s PPage Enter
step "Date of your next hearing"; typed "12/01/2026"; T send-keys -t s Enter
ok "answering it returns to review" shows "Date of your next hearing .*2026-12-01"
T send-keys -t s Escape
step "All questions are done" NPage NPage
ok "the summary scrolls to its end" shows "Next step"
ok "the summary draws the form's **bold** in bold, without the marks" sh -c "tmux -L '$sock' capture-pane -pe -t s | grep -q '\[1mNext.*\[1mstep:.*\[0m.* book a consultation' && ! tmux -L '$sock' capture-pane -p -t s | grep -q '\*\*'"
T send-keys -t s Enter
ok "the saved screen shows the intake code" shows "Intake code: [3467ACEFGHJKMNPRTWXY]\{6\}"
code=$(T capture-pane -p -t s | grep -o 'Intake code: [A-Z0-9]*' | cut -d' ' -f3)
T send-keys -t s F10
shows "EXITED=0" >/dev/null
x=$tmp/en/exports/picker.csv
ok "export: client_name as typed across the resize" is client_name "Rosa María" "$x"
ok "export: consent, country 12 and the replaced default" sh -c ". '$tmp/fn'; is consent yes '$x' && is country HT '$x' && is household 4 '$x'" 
ok "export: the US date" is dob 2010-02-20 "$x"
ok "export: court changed from review and the new question" sh -c ". '$tmp/fn'; is court yes '$x' && is hearing 2026-12-01 '$x'"
ok "export: the trip" sh -c "grep -q Tijuana '$tmp/en/exports/picker-trip.csv'"
ok "export: the interviewer and the intake code shown" sh -c ". '$tmp/fn'; is _interviewer Vol '$x' && is _intake_code '$code' '$x'"

# ---- Spanish, day-first dates -----------------------------------------
start es es
step "Nombre del cliente"; typed "José Pérez"; T send-keys -t s Enter
step "Está de acuerdo" 1 Enter
step "País de nacimiento"; typed "HAITI"
ok "letters filter the list, accents and case ignored" shows "12. (\*) Haití"
T send-keys -t s BSpace BSpace BSpace BSpace BSpace; typed "peru"; T send-keys -t s Enter
step "Personas en el hogar" Enter          # the default kept
step "Fecha de nacimiento"; typed "8/3/1992"
ok "a Spanish date reads day first, spelled out" shows "= 8 de marzo de 1992"
T send-keys -t s Enter
step "corte de inmigración ahora" F6
step '¿Agregar un "Viaje"' F2
ok "don't know stays the current answer after Back" shows "Respuesta actual: No sabe"
T send-keys -t s Enter
step '¿Agregar un "Viaje"' 2 Enter
step "Hogar de 1" Enter
step "Documentos" Enter
step "Sus derechos" Enter
step "Siguiente paso" Enter
step "Ya terminaron" Enter
step "Código de la entrevista" F10
shows "EXITED=0" >/dev/null
x=$tmp/es/exports/picker.csv
ok "export (es): the name, the filtered country, the default kept" sh -c ". '$tmp/fn'; is client_name 'José Pérez' '$x' && is country PE '$x' && is household 1 '$x'"
ok "export (es): the day-first date" is dob 1992-03-08 "$x"
ok "export (es): don't know, and the language" sh -c ". '$tmp/fn'; is court dont_know '$x' && is _language es '$x'"
echo "1..$n"
[ "$failed" -eq 0 ]
