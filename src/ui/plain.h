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

#include <sysexits.h>

/* The exit status when input ends before the intake is finished (the
 * draft is kept and its id printed): EX_TEMPFAIL, 75. */
#define PLAIN_UNFINISHED EX_TEMPFAIL

/* Runs the interview of s reading in and writing out.  Returns 0 when the
 * intake was finished and saved, 1 when it stopped with a saved draft
 * (/quit), PLAIN_UNFINISHED when input ended first (draft saved), or a
 * sysexits status when saving failed. */
int plain_run(struct session *s, FILE *in, FILE *out);

/* Asks the interviewer's name until one is typed; NULL at the end of
 * input.  Caller frees. */
char *plain_ask_interviewer(FILE *in, FILE *out, const char *lang);

#endif
