/*
 * export_xlsx: one Excel workbook (.xlsx, through libxlsxwriter) of typed
 * cells, written in bounded memory and replaced atomically.
 *
 * Sheets are added with their header row; rows are then appended to any
 * sheet in any interleaving (each sheet's rows in order), so the export
 * stream can write every table in one pass.  Cells are typed:
 *   - text is always a string cell (never a formula, whatever it holds);
 *   - numbers are numbers, dates real dates (a serial number with a
 *     yyyy-mm-dd style), times and dateTimes likewise (a dateTime keeps
 *     its local time as written; the offset stays in the CSV);
 *   - a value that does not parse as its kind is written as text.
 * Every data sheet gets a bold, frozen header row, an autofilter over its
 * rows and column widths from its contents (8 to 60 characters).
 *
 * The file is built under a temporary name (mode 0600) beside the target,
 * with libxlsxwriter's own scratch files in the same folder, then fsynced,
 * renamed over the target and the folder fsynced: the old workbook or the
 * new one, never a mix.  Nothing of the workbook reaches /tmp.
 *
 * Ownership: a struct xlsx_book owns its sheets; cells passed in are
 * borrowed for the call.  Close or abort each book once.
 */
#ifndef INTAKE_EXPORT_XLSX_H
#define INTAKE_EXPORT_XLSX_H

#include <stddef.h>

#include "exportfs.h"

struct diag;
struct export_plan;
struct exportfs_stats;
struct record_keys;

enum xlsx_kind {
	XLSX_TEXT,
	XLSX_NUMBER,   /* "-3.5", "1200" */
	XLSX_DATE,     /* YYYY-MM-DD */
	XLSX_TIME,     /* HH:MM[:SS] */
	XLSX_DATETIME, /* YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+hh:mm] */
};

struct xlsx_cell {
	const char *text; /* as exported; "" for a blank cell */
	enum xlsx_kind kind;
};

struct xlsx_book;

/* Starts the workbook that will replace path.  NULL with *msg (caller
 * frees) when the temporary file cannot be made. */
struct xlsx_book *xlsx_open(const char *path, char **msg);

/* Adds a sheet (its name made valid for Excel: at most 31 characters,
 * none of []:*?/\, unique) with a header row of n cells.  Returns the
 * sheet's index, or -1 with the reason kept for xlsx_close. */
int xlsx_add_sheet(struct xlsx_book *b, const char *name,
		   const char *const *headers, size_t n);

/* Appends a row of n typed cells to sheet.  0, or -1 (the reason is
 * kept for xlsx_close). */
int xlsx_add_row(struct xlsx_book *b, int sheet, const struct xlsx_cell *cells,
		 size_t n);

/* Adds a banner sheet, shown first when the workbook opens (active, red
 * tab): a title line, then one line per text, then the list of items
 * (say, intake ids) under a heading.  0, or -1. */
int xlsx_add_banner(struct xlsx_book *b, const char *name, const char *title,
		    const char *const *lines, size_t nlines,
		    const char *list_heading, const char *const *items,
		    size_t nitems);

/* Finishes the workbook and renames it over the target.  0, or -1 with
 * *msg (caller frees); on failure nothing replaces the target and the
 * temporary file is removed.  Frees b. */
int xlsx_close(struct xlsx_book *b, char **msg);

/* Drops the workbook: the target is left as it was.  Returns the first
 * failure kept (caller frees), or NULL.  Frees b. */
char *xlsx_abort(struct xlsx_book *b);

/*
 * The workbook of an export plan (export.h), written to path: one sheet
 * per table (the main table, then each repeat), the codebook and the
 * choices, with the plan's options (--redact, --labels, --split, ...).
 * When the form's confidential_if holds for any intake, a CONFIDENTIAL
 * sheet (in the labels' language) names those intakes and is the sheet
 * the workbook opens on.  The records are streamed under the exports
 * lock, like the CSV rebuild; sealed records are opened with keys (NULL:
 * none given).  Returns 0; 65 (EX_DATAERR) when a record
 * could not be read whole; 73 (EX_CANTCREAT) when the workbook could not
 * be written.  In both cases the old workbook is kept; errors are in d.
 */
int export_xlsx_rebuild(struct export_plan *p, const char *data_dir,
			const struct record_keys *keys, const char *path,
			struct exportfs_stats *st, struct diag *d);
/* The same with the records from src (an exportfs_source, exportfs.h:
 * the database of `export --from`) instead of records/; data_dir is
 * where the exports lock is. */
int export_xlsx_rebuild_from(struct export_plan *p, exportfs_source src,
			     void *arg, const char *data_dir, const char *path,
			     struct exportfs_stats *st, struct diag *d);

#endif
