/*
 * script: scripted screen tests of the curses interviewer, in process
 * (tig's approach).  With INTAKE_SCRIPT=FILE the interviewer draws on a
 * virtual terminal (no tty needed) and reads its keys from FILE:
 *
 *     # a comment
 *     Rosa<Enter>            text is typed as it is; <Name> is a key:
 *     <Down><Down><Space>    Enter Esc Tab BS Del Up Down Left Right Home
 *     <F4> <C-b>             End PgUp PgDn Space F1-F12, C-x (control)
 *     :dump-screen           append the screen's text to INTAKE_SCRIPT_OUT
 *     :resize 60 20          the terminal becomes 60 x 20
 *     :pause                 five seconds pass (ends a number typed in a list)
 *
 * The end of the file quits (saving the draft) like F10.
 * INTAKE_SCRIPT_SIZE=COLSxLINES sets the starting size (default 100x30).
 */
#ifndef INTAKE_SCRIPT_H
#define INTAKE_SCRIPT_H

#include <stdbool.h>
#include <wchar.h>

/* True when INTAKE_SCRIPT names a script (then term_start uses a
 * virtual terminal). */
bool script_active(void);
/* Starts curses on a virtual terminal of the scripted size. */
bool script_term_start(void);
/*
 * The next key, as get_wch would return it (OK or KEY_CODE_YES).  Runs
 * the : commands it meets on the way.  Returns ERR at the end of the
 * script.
 */
int script_next_key(wint_t *ch);
/* The script's clock in milliseconds: keys take no time, :pause adds 5 s. */
long script_clock_ms(void);
/* The front end's redraw, run before each :dump-screen so a dump always
 * shows the current state (after a :resize too). */
void script_set_redraw(void (*fn)(void *arg), void *arg);

#endif
