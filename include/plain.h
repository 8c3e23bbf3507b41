/*
 * plain: the line-by-line front end, for screen readers, braille
 * displays, pipes and scripts.  One question per block of plain text, no
 * cursor addressing, no escape sequences; answers and /commands typed on
 * one line each (see the /help text in msg.h).
 */
#ifndef INTAKE_PLAIN_H
#define INTAKE_PLAIN_H

#include <stdio.h>

#include "session.h"

/* Runs the interview of s reading in and writing out.  Returns 0 when the
 * intake was finished and saved, 1 when it stopped with a saved draft
 * (/quit or end of input), or a sysexits status when saving failed. */
int plain_run(struct session *s, FILE *in, FILE *out);

#endif
