/*
 * ivpos: positions in a form and their paths (private to the engine).
 *
 * A position is a survey row plus the instance number (1-based) of every
 * repeat that encloses it, outermost first.  Its path names the field and
 * those instances: "children[2]/toys[1]/toy_name".  Group names never
 * appear in paths as steps: a field's key (form.h) is unique across the
 * whole form ("hh[1]/hh:name" when "name" is reused in other groups).
 */
#ifndef INTAKE_IVPOS_H
#define INTAKE_IVPOS_H

#include <stdbool.h>
#include <stddef.h>

#include "form.h"
#include "strbuf.h"

#define IVPOS_MAX_DEPTH 8

struct ivpos {
	size_t row;                 /* index into form->fields */
	int depth;                  /* number of enclosing repeats */
	int inst[IVPOS_MAX_DEPTH];  /* instance per enclosing repeat */
};

/* The repeats enclosing field (outermost first) into out; returns count. */
int ivpos_repeats(const struct form_field *field,
		  const struct form_field *out[IVPOS_MAX_DEPTH]);
/* Appends the path of pos to sb.  A begin_repeat row with depth one more
 * than its enclosing repeats names the instance itself: "children[3]". */
void ivpos_path(const struct form *f, const struct ivpos *pos,
		struct strbuf *sb);
/* Parses a path back into a position; false when it names no field or
 * its instances do not match the field's repeats. */
bool ivpos_parse(const struct form *f, const char *path, struct ivpos *pos);
bool ivpos_equal(const struct ivpos *a, const struct ivpos *b);

#endif
