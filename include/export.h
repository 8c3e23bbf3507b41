/*
 * export: the CSV files the legal team opens, built from finished intakes.
 *
 *   <form_id>.csv           one row per intake: metadata columns, then one
 *                           column per field in form order (repeats apart)
 *   <form_id>-<repeat>.csv  one row per repeat instance, keyed to its
 *                           intake like ODK Central: KEY, PARENT_KEY
 *   <form_id>-codebook.csv  the data dictionary
 *
 * Spreadsheet-safe by default: RFC 4180 quoting, CRLF, a UTF-8 BOM, ISO
 * dates as stored, text cells that could start a formula prefixed with
 * "'".  Only relevant answers reach an export (a finished record holds
 * nothing else); don't know / refused appear as the form's codes.
 *
 * A row is built from a struct answers of path -> value (a finished
 * record's entries) and one of metadata.  Nothing here touches the file
 * system: callers give the FILE* (see exportfs.h for files and locking).
 */
#ifndef INTAKE_EXPORT_H
#define INTAKE_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "answers.h"
#include "form.h"

struct export_opts {
	bool bom;          /* UTF-8 byte order mark first (default true) */
	bool redact;       /* leave out every pii field */
	bool split_multi;  /* 0/1 column per option of select_multiple */
};

#define EXPORT_OPTS_DEFAULT {true, false, false}

/* Metadata columns, in order, leading every main row. */
extern const char *const export_meta_columns[];

/* Fields exported as columns of the table of repeat r (NULL: main). */
bool export_field_in(const struct form_field *q, const struct form_field *r);

/* Header line, the BOM first when asked.  0, or -1 on a write error. */
int export_header(const struct form *f, const struct form_field *repeat,
		  const struct export_opts *o, FILE *out);
/* The header as one string without BOM or line end (caller frees), for
 * checking an existing file. */
char *export_header_line(const struct form *f, const struct form_field *repeat,
			 const struct export_opts *o);
/* The intake's main row. */
int export_row(const struct form *f, const struct answers *values,
	       const struct answers *meta, const struct export_opts *o,
	       FILE *out);
/* Every instance row of repeat r in this intake. */
int export_repeat_rows(const struct form *f, const struct form_field *r,
		       const struct answers *values, const struct answers *meta,
		       const struct export_opts *o, FILE *out);
/* The data dictionary (one row per exported column). */
int export_codebook(const struct form *f, const struct export_opts *o,
		    FILE *out);

/* A text cell made safe for spreadsheets: a value that starts (after
 * spaces) with = + - @, TAB, CR, LF or a full-width ＝ ＋ － ＠ gets a
 * leading "'".  Caller frees. */
char *export_safe_text(const char *value);

#endif
