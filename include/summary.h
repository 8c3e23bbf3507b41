/*
 * summary: the one-page intake summary for the attorney, as plain text
 * wrapped for a terminal or a printer.  Engine code (no curses), so
 * `intake show`, the curses end screen and plain mode print the same text.
 *
 * What it holds, in the interface language:
 *   - who and when: intake id and code, form, interviewer, times;
 *   - a confidentiality line when the form's confidential_if holds;
 *   - possible relief and flags: every relevant note of the form's
 *     summary group (its last top-level group, as the end screen shows
 *     it), each with the answers that raised it: the answered questions
 *     its relevance reads, directly or through calculations, found in
 *     the form's expression dependencies (no law in C);
 *   - urgent dates: the fields named by the form's `deadlines` setting
 *     that hold a date, with the days left from today (clock.h);
 *   - don't-know and refused answers, interviewer notes, then every
 *     answer by section.
 * With redact, pii fields, the instance name and the notes are left out
 * (a summary note that shows a pii field reads "[left out]" there).
 *
 * Ownership: the returned text is the caller's (free()).  The interview
 * or form passed in is only borrowed.
 */
#ifndef INTAKE_SUMMARY_H
#define INTAKE_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "form.h"
#include "interview.h"

struct diag;

struct summary_opts {
	const char *lang; /* interface language (code or name); NULL: the
			     interview's current language (summary_text)
			     or the form's default (summary_from_record) */
	bool redact;      /* leave out pii fields, instance name, notes */
	int width;        /* wrap column; 0 means 80 */
};

/* The summary of interview iv (finished or not; the curses end screen
 * and plain mode can call this), in o->lang when given; the interview
 * keeps its own language afterwards.  Caller frees. */
char *summary_text(struct interview *iv, const struct summary_opts *o);

/*
 * The summary of an intake file's bytes (a record read from disk, or a
 * sealed record once opened), restored on form f.  source names the
 * intake in messages.  NULL with errors (file and row) in d when the
 * bytes are not an intake of this form; warnings (answers that no longer
 * fit the form) may be added to d as well.  Caller frees.
 */
char *summary_from_record(const struct form *f, const char *source,
			  const char *data, size_t len,
			  const struct summary_opts *o, struct diag *d);

#endif
