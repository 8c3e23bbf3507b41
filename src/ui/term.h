/*
 * term: the curses life cycle, and nothing else.  Sets the locale, starts
 * ncursesw, chooses colour or monochrome (NO_COLOR, or a terminal without
 * colours), and installs our own signal handlers before curses starts:
 * SIGINT, SIGTERM and SIGHUP only set a flag that the input loop sees (it
 * then saves the draft and leaves); a crash restores the terminal and
 * re-raises.  The terminal is restored at exit, however the program ends.
 */
#ifndef INTAKE_TERM_H
#define INTAKE_TERM_H

#include <signal.h>
#include <stdbool.h>

/* Colour roles; each has a monochrome form (bold, reverse, underline). */
enum term_role {
	ROLE_NORMAL, ROLE_HEADER, ROLE_TITLE, ROLE_HINT, ROLE_ERROR,
	ROLE_SELECTED, ROLE_FOOTER, ROLE_KEY, ROLE_COUNT
};

/* Set by SIGINT, SIGTERM or SIGHUP: the loop must save and leave. */
extern volatile sig_atomic_t term_stop;

bool term_start(void);
void term_end(void);
/* The curses attributes of a role. */
int term_attr(enum term_role role);
bool term_mono(void);

#endif
