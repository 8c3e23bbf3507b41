/*
 * ui: the full-screen (curses) interviewer.  One input loop: read a key,
 * act on the current screen, then draw the screen again from the engine's
 * state.  Knows no law: everything it shows comes from the form through
 * the interview engine.
 */
#ifndef INTAKE_UI_H
#define INTAKE_UI_H

#include "session.h"

/* Runs interviews on form f until the volunteer quits, starting with s
 * (the ui takes it).  Returns a sysexits status. */
int ui_run(const struct form *f, struct session *s, const char *data_dir,
	   const struct iv_options *o);
/* Opens the start screen: the interviewer's name (asked once), a new
 * intake on one of the forms (borrowed), or a draft to continue.
 * Returns a sysexits status. */
int ui_start(struct form **forms, size_t nforms, const char *data_dir,
	     const struct iv_options *o);

#endif
