/*
 * record_eval: evaluates a form-level expression (such as the settings'
 * confidential_if) against the stored values of a finished intake,
 * without restoring an interview: `${name}` reads the value the record
 * holds for that field (every instance, for a field inside repeats; ""
 * for an unanswered field).  A finished record holds the relevant
 * answers and the value of every calculation, so no calculation is
 * re-run here; that keeps it cheap enough for every row of an export.
 *
 * Ownership: nothing is kept; the entries are borrowed for the call.
 */
#ifndef INTAKE_RECORD_EVAL_H
#define INTAKE_RECORD_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "form.h"
#include "interview.h"

/* The boolean value of x (a compiled form expression) over the record's
 * entries; false when x has no expression or cannot be evaluated. */
bool record_eval_bool(const struct form *f, const struct form_expr *x,
		      const struct iv_entry *entries, size_t n);

/* True when the form's confidential_if setting holds for this intake. */
bool record_confidential(const struct form *f, const struct iv_entry *entries,
			 size_t n);

#endif
