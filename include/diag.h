/*
 * diag: a list of diagnostics about form files and expressions.
 *
 * Loaders collect every problem instead of stopping at the first one, then
 * print them all, one per line, as
 *
 *     path:row: column: error: message
 *
 * where `row` is the 1-based spreadsheet row and `column` the name of the
 * spreadsheet column (e.g. "relevant").  Row 0 means the whole file; a NULL
 * column is left out.  An entry may carry a source excerpt and a 0-based
 * byte offset into it, printed on two more lines with a caret under the
 * offending character.  The list owns copies of every string it is given.
 */
#ifndef INTAKE_DIAG_H
#define INTAKE_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_level { DIAG_WARNING, DIAG_ERROR };

struct diag_entry {
	enum diag_level level;
	char *path;     /* file the problem is in */
	unsigned row;   /* 1-based row, 0 for the whole file */
	char *column;   /* spreadsheet column name, or NULL */
	char *message;
	char *excerpt;  /* source text for a caret line, or NULL */
	size_t offset;  /* byte offset of the caret in excerpt */
};

struct diag {
	struct diag_entry *v;
	size_t n, cap;
	size_t errors, warnings;
};

#define DIAG_INIT {NULL, 0, 0, 0, 0}

void diag_add(struct diag *d, enum diag_level level, const char *path,
	      unsigned row, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* As diag_add, with an excerpt and caret position. */
void diag_add_caret(struct diag *d, enum diag_level level, const char *path,
		    unsigned row, const char *column, const char *excerpt,
		    size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
bool diag_has_errors(const struct diag *d);
/* Sorts entries by path, then row, keeping insertion order otherwise. */
void diag_sort(struct diag *d);
void diag_print(const struct diag *d, FILE *out);
void diag_print_entry(const struct diag_entry *e, FILE *out);
void diag_free(struct diag *d);

#endif
