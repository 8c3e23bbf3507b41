/*
 * replay: answers from a file drive an interview without a person, for
 * scenario tests, batch re-runs and benchmarks.
 *
 * The answer file is CSV with the header `name,value` (UTF-8).  A name is
 * a field name, or a path inside repeats: `children[2]/child_dob`, nested
 * `trips[1]/legs[3]/country`.  A repeat without repeat_count gets as many
 * instances as the file names.  A value equal to the form's don't-know or
 * refused code (default `dont_know`, `refused`) gives that answer.  When a
 * name appears twice the later row wins, so a base file followed by a
 * case's own rows makes a scenario.  Every answer is validated as a
 * person's would be; questions that are not asked ignore their answers.
 */
#ifndef INTAKE_REPLAY_H
#define INTAKE_REPLAY_H

#include <stdbool.h>
#include <stdio.h>

#include "interview.h"

struct diag;

struct replay_answer {
	char *name;
	char *value;
	unsigned row;  /* in the answer file */
	bool used;
};

struct replay_answers {
	char *path;    /* the file, for messages */
	struct replay_answer *v;
	size_t n;
	/* Lookups in the answer store's hash map (answers.h), so a replay
	 * is linear in the number of answers: the position in v of each
	 * name's last row (as decimal text), and every repeat instance path
	 * the file names something inside ("kids[2]", "hh[1]/kids[2]"). */
	struct answers *latest, *instances;
};

/* Reads (and appends to *a) an answer file; -1 with errors in d. */
int replay_read(const char *path, struct replay_answers *a, struct diag *d);
void replay_answers_free(struct replay_answers *a);

/*
 * Runs one interview on iv with the answers, up to the end, and finishes
 * it (iv_finish).  Returns 0, or -1 with an error in d naming the field,
 * its label and what was wrong.  Afterwards, answers never asked have
 * used == false.
 */
int replay_run(struct interview *iv, struct replay_answers *a, struct diag *d);

/* Writes every relevant value (answers and calculations, in the order of
 * iv_entries) as `name,value` CSV rows with a header. */
int replay_print(struct interview *iv, FILE *out);

#endif
