/*
 * csvio: every CSV byte intake reads or writes goes through here, and this
 * is the only module that includes <csv.h> (libcsv).
 *
 * Reading turns a whole file (or buffer) into rows of NUL-terminated cells.
 * Row numbers are 1-based spreadsheet rows: the header is row 1, a record
 * spanning several lines (a quoted newline) is one row, and a blank line
 * still counts as a row but produces no record.  A UTF-8 byte order mark
 * is stripped; CRLF, LF and CR line ends are accepted; spaces around
 * unquoted cells are kept exactly; rows may have different lengths.
 * Malformed quoting and invalid UTF-8 are errors naming the row.
 *
 * Writing emits RFC 4180 rows: a cell is quoted when it holds a comma, a
 * quote, CR, LF or leading/trailing space, with quotes doubled.
 */
#ifndef INTAKE_CSVIO_H
#define INTAKE_CSVIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct diag;

struct csv_row {
	unsigned row;  /* 1-based spreadsheet row */
	size_t n;      /* number of cells */
	char **cells;  /* n NUL-terminated strings */
};

/* A parsed file.  Owns every row and cell (the cells' bytes live in one
 * arena, so a big form costs a few allocations, not one per cell); free
 * with csvio_table_free. */
struct csv_table {
	char *path;
	struct csv_row *rows;
	size_t n, cap;
	struct arena *cells; /* the cells' bytes */
};

/* Incremental reader: feed any chunks, then finish. */
struct csvio_reader;

struct csvio_reader *csvio_reader_new(const char *path);
/* Returns 0, or -1 after a parse error (reported at finish). */
int csvio_reader_feed(struct csvio_reader *r, const void *data, size_t len);
/*
 * Ends the input and moves the rows into *t (which must be zeroed or freed).
 * Returns 0, or -1 when an error was added to d (t then holds the rows read
 * before the error).  Frees r.
 */
int csvio_reader_finish(struct csvio_reader *r, struct csv_table *t,
			struct diag *d);

/* Reads a file; a missing or unreadable file is an error in d naming it. */
int csvio_read_file(const char *path, struct csv_table *t, struct diag *d);
int csvio_read_mem(const char *path, const char *data, size_t len,
		   struct csv_table *t, struct diag *d);
void csvio_table_free(struct csv_table *t);

/*
 * Parses buf[0..len) in place, for reading many small files fast: no
 * copy, no allocation.  Cells are unquoted and NUL-terminated inside buf
 * (which must have room for len + 1 bytes), and fn gets each row's cells
 * (at most max of them: a longer row is an error) with its spreadsheet
 * row.  The rules are the reader's (BOM, line ends, row numbers, strict
 * quoting, UTF-8), and a NUL byte is an error.  *whole is set to whether
 * the text ends with a line end (a file written by intake always does).
 * Returns 0, -1 with an error in d naming path and row, or fn's non-zero
 * return.
 */
typedef int (*csvio_row_fn)(void *arg, unsigned row, char **cells, size_t n);
int csvio_parse_inplace(const char *path, char *buf, size_t len,
			char **cells, size_t max, csvio_row_fn fn, void *arg,
			bool *whole, struct diag *d);

/* The cell at column i of a row, or "" when the row is shorter. */
const char *csvio_cell(const struct csv_row *r, size_t i);

/*
 * Writes one row of n cells followed by eol ("\r\n" or "\n").
 * Returns 0, or -1 on a write error (errno set by stdio).
 */
int csvio_write_row(FILE *f, const char *const *cells, size_t n,
		    const char *eol);
/* Writes a single cell (quoted as needed), without separator. */
int csvio_write_cell(FILE *f, const char *cell);
/* Appends a cell, quoted as csvio_write_cell quotes it, to a row built in
 * memory (for writers of many rows: one fwrite per row). */
struct strbuf;
void csvio_append_cell(struct strbuf *out, const char *cell);

#endif
