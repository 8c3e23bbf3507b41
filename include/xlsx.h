/*
 * xlsx: spreadsheet workbooks (.xlsx through libzip and expat, .xls
 * through FreeXL) read into the same tables the CSV reader builds, one
 * struct csv_table per sheet, so the form loader sees no difference
 * between a form folder and a workbook.
 *
 * Cell values become text as pyxform makes them: shared and inline
 * strings as written (Excel's _xHHHH_ escapes decoded, no-break spaces
 * made spaces), whole numbers without a decimal point, other numbers in
 * the shortest form that reads back the same, booleans TRUE and FALSE,
 * numbers in a date format as YYYY-MM-DD (with " HH:MM:SS" when the time
 * is not midnight) or HH:MM:SS for a time format, and a formula's cached
 * value.  Empty cells are "", trailing empty cells are dropped, and rows
 * with no value produce no record (their numbers are kept, so row numbers
 * are the spreadsheet's).
 *
 * Ownership: a workbook owns its sheets and their tables; free it with
 * workbook_free.  A table may be taken out of it (workbook_take).
 */
#ifndef INTAKE_XLSX_H
#define INTAKE_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "csvio.h"

struct diag;

struct wb_sheet {
	char *name;          /* as written in the workbook */
	struct csv_table t;  /* t.path is "FILE[sheet]" for diagnostics */
};

struct workbook {
	char *path;
	struct wb_sheet *sheets; /* in workbook order */
	size_t n;
};

/* True when path names a workbook: it ends in .xlsx or .xls, any case. */
bool workbook_is_path(const char *path);

/*
 * Reads every sheet of the workbook at path (.xlsx or .xls by its name).
 * Returns 0, or -1 after adding an error naming the file (and the sheet or
 * cell when known) to d; wb then holds the sheets read so far and must
 * still be freed.
 */
int workbook_read(const char *path, struct workbook *wb, struct diag *d);
/* The .xlsx reader alone, whatever the file is called. */
int xlsx_read_file(const char *path, struct workbook *wb, struct diag *d);
/* The same for an .xlsx held in memory; path only names it. */
int xlsx_read_mem(const char *path, const void *data, size_t len,
		  struct workbook *wb, struct diag *d);

/* pyxform's rule: a workbook of one sheet is the survey, whatever the
 * sheet is called; such a sheet is renamed "survey". */
void workbook_name_lone_sheet(struct workbook *wb);
/* The sheet called name (any case), or NULL. */
struct wb_sheet *workbook_sheet(struct workbook *wb, const char *name);
/* Moves a sheet's table into *t (zeroed first); the sheet keeps an empty
 * one.  Returns false when there is no such sheet. */
bool workbook_take(struct workbook *wb, const char *name,
		   struct csv_table *t);
void workbook_free(struct workbook *wb);

/* For the readers: a table built cell by cell, rows in order. */
struct sheet_builder {
	struct csv_table *t;
	struct csv_row cur;  /* row being built, cur.n == 0 when none */
	size_t cap;
	size_t cells;        /* cells stored so far, to bound memory */
	const char *empty;   /* "" in the table's arena, for gaps */
};

/* Columns and cells a sheet may have (Excel's own column limit). */
#define SHEET_MAX_COLS 16384u
#define SHEET_MAX_CELLS 20000000u

void sheet_builder_init(struct sheet_builder *b, struct csv_table *t,
			const char *path);
/* Stores a value at 1-based row and 0-based col; "" stores nothing.
 * Returns -1 when the sheet would exceed the limits above. */
int sheet_builder_put(struct sheet_builder *b, unsigned row, unsigned col,
		      const char *s, size_t len);
/* Ends the last row. */
void sheet_builder_finish(struct sheet_builder *b);

#endif
