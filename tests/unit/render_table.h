/*
 * render_table.h: a table read by csvio (or by the workbook reader into the
 * same struct) rendered as "row:cell|cell\n" lines, for exact comparison
 * in the unit tests.  The text lives in a static buffer, valid until the
 * next call.
 */
#ifndef INTAKE_RENDER_TABLE_H
#define INTAKE_RENDER_TABLE_H

#include <stdio.h>

#include "csvio.h"

static inline char *
render(const struct csv_table *t)
{
	static char out[8192];
	size_t off = 0;

	out[0] = '\0';
	for (size_t i = 0; i < t->n; i++) {
		off += (size_t)snprintf(out + off, sizeof(out) - off, "%u:",
					t->rows[i].row);
		for (size_t j = 0; j < t->rows[i].n; j++)
			off += (size_t)snprintf(out + off, sizeof(out) - off,
						"%s%s", j ? "|" : "",
						t->rows[i].cells[j]);
		off += (size_t)snprintf(out + off, sizeof(out) - off, "\n");
	}
	return out;
}

#endif
