/*
 * form_compile: the expressions of a loaded form, parsed once.
 *
 * Parses every expression column of every survey row (and the settings'
 * instance_name) into its tree, reports syntax errors with a caret,
 * references to fields that do not exist, unknown functions and wrong
 * argument counts, and builds the dependency graph: for every field, the
 * rows whose expressions read it.  Cycles among calculations (not through
 * a triggered one, computed once per change of its trigger) are errors
 * that name the whole chain.
 */
#ifndef INTAKE_FORM_COMPILE_H
#define INTAKE_FORM_COMPILE_H

#include <stddef.h>

struct diag;
struct form;
struct form_field;

struct form_graph {
	/* readers[i]: indexes of the rows whose expressions read field i */
	size_t **readers;
	size_t *nreaders;
};

/* Returns the number of errors added to d. */
size_t form_compile(struct form *f, struct diag *d, const char *survey_path,
		    const char *settings_path);

#endif
