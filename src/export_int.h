/*
 * export_int: what export.c, export_doc.c and export_guard.c share and no
 * other module sees.
 */
#ifndef INTAKE_EXPORT_INT_H
#define INTAKE_EXPORT_INT_H

#include <stddef.h>

#include "export.h"

struct arena;
struct export_inst;
struct record_row;

/* The plan's private parts: lookups, and the scratch of one intake. */
struct export_private {
	struct arena *arena;    /* the plan's columns and strings */
	struct arena *scratch;  /* one intake's cells; reset per intake */
	size_t *colidx;         /* per form field: its column in its table,
				   SIZE_MAX when not exported */
	size_t *tableof;        /* per begin_repeat field: its table */
	const struct record_row **slots; /* the main row's entries */
	size_t nslots;
	struct export_cell *cells;
	size_t ncells;
	struct export_inst *inst; /* this intake's repeat instances */
	size_t ninst, instcap;
	size_t *hash;           /* open addressing over inst, by prefix */
	size_t nhash;
};

const struct form_field *export_repeat_of(const struct form_field *q);
enum export_pii export_field_pii(const struct form_field *q);
bool export_field_exported(const struct form_field *q,
			   const struct export_opts *o);
enum export_kind export_kind_of(enum qtype t);
bool export_plain_number(const char *s);
/* Builds p->codebook and p->choices (export_doc.c). */
void export_doc_plan(struct export_plan *p);

#endif
