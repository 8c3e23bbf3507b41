/*
 * qvalue: turning what a person typed into the stored answer of a question
 * type, and checking it.
 *
 * Stored forms (what expressions, drafts and exports see):
 *   integer   "-12"           decimal  "12.5" (as typed, normalised)
 *   date      "2024-03-14"    time     "14:30:00"
 *   dateTime  "2024-03-14T14:30:00" (an offset typed is kept)
 *   select_one  a choice name;  select_multiple  names separated by one
 *   space, in the list's order;  acknowledge  "OK";  text  as typed.
 *
 * Dates are accepted as ISO (2024-03-14, 2024-3-14), as a US volunteer
 * types them (3/14/2024, 03-14-2024), or as 8 digits (03142024 month
 * first, or 20240314 when the first four digits are a year from 1800 on).
 * Two-digit years are refused rather than guessed.
 */
#ifndef INTAKE_QVALUE_H
#define INTAKE_QVALUE_H

#include <stdbool.h>

#include "form.h"
#include "msg.h"

/*
 * Parses input for field q.  On success returns true and sets *out to the
 * stored form (caller frees).  On failure returns false, sets *err to the
 * message saying what is expected, and *out to NULL.  An empty input is
 * not handled here (the engine decides whether an answer is required).
 */
bool qvalue_parse(const struct form_field *q, const char *input, char **out,
		  enum msg_id *err);

/* Date helpers shared with the front ends. */
bool qvalue_parse_date(const char *in, int *y, int *m, int *d,
		       enum msg_id *err);
bool qvalue_valid_ymd(int y, int m, int d);

#endif
