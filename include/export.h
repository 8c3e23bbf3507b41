/*
 * export: what the legal team gets from finished intakes, as a stream of
 * tables that any writer consumes (the CSV writer here and in session.c,
 * the XLSX writer, ...).
 *
 * A plan (struct export_plan) is built from the form and the options
 * alone, so every export of one form version has the same tables and
 * columns in the same order whatever the answers were:
 *
 *   tables[0]            the main table: one row per intake, the form's
 *                        metadata columns (form_meta_columns), then one
 *                        column per exported field in form order (split
 *                        columns after their select_multiple), _notes
 *   tables[1..]          one per repeat, in form order: one row per
 *                        instance, keyed like ODK Central (_intake_id,
 *                        _parent_key, _key, _instance), its fields, _notes
 *
 * A field is exported unless it (or an enclosing group or repeat) says
 * export = no, or the export is redacted and it is pii.  Each column says
 * its name, header, kind of value, labels per language and pii status.
 *
 * Rows come from one intake at a time (export_intake): a record parsed in
 * place (record.h) goes in, and the sink receives, for each table, each of
 * its rows as an array of typed cells, one per column.  Cells are the raw
 * values (a code, a label with --labels, a number as stored); the CSV
 * writer guards text cells against formulas, an XLSX writer types them.
 *
 * The codebook and the choices table are tables too (export_codebook_rows,
 * export_choices_rows), so they stream through the same sinks.
 *
 * Nothing here touches the file system (see exportfs.h for reading
 * records/, locking and writing files).
 *
 * Ownership: a plan owns its tables, columns and strings (one arena) and
 * borrows the form, which must outlive it.  Cells handed to a sink are
 * borrowed for the duration of the call.
 */
#ifndef INTAKE_EXPORT_H
#define INTAKE_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "answers.h"
#include "form.h"

struct record_view;

struct export_opts {
	bool bom;          /* UTF-8 byte order mark first (default true) */
	bool redact;       /* leave out every pii field */
	bool split_multi;  /* 0/1 column per option of select_multiple */
	bool labels;       /* choice labels instead of codes */
	bool label_headers; /* question labels as column headers */
	const char *lang;  /* language of labels (code or name); NULL: the
			      form's default */
};

#define EXPORT_OPTS_DEFAULT {true, false, false, false, false, NULL}

/* What a cell holds, for writers that type their cells. */
enum export_kind {
	EXPORT_TEXT,     /* free text (CSV: guarded against formulas) */
	EXPORT_NUMBER,   /* integer or decimal, as stored ("-3.5") */
	EXPORT_DATE,     /* YYYY-MM-DD */
	EXPORT_TIME,     /* HH:MM[:SS] */
	EXPORT_DATETIME, /* ISO 8601 with offset */
	EXPORT_CODE,     /* choice code(s), space-separated; with --labels
			    the labels, "; "-separated */
	EXPORT_FLAG,     /* "1" / "0" of a split column, "" when not asked */
	EXPORT_MISSING,  /* the form's don't know or refused code */
};

enum export_role {
	EXPORT_COL_META,   /* a form_meta_columns entry (main table) */
	EXPORT_COL_KEY,    /* _intake_id, _parent_key, _key, _instance */
	EXPORT_COL_FIELD,  /* a field's value */
	EXPORT_COL_SPLIT,  /* one option of a select_multiple */
	EXPORT_COL_NOTES,  /* the interviewer's notes */
	EXPORT_COL_DOC,    /* a codebook or choices table column */
};

enum export_pii {
	EXPORT_PII_NO,
	EXPORT_PII_DIRECT,  /* pii = yes on the field or a group around it */
	EXPORT_PII_DERIVED, /* computed from personal data */
};

struct export_column {
	const char *name;     /* the column's code name ("dob", "_ended") */
	const char *header;   /* what the header row says: name, or the
				 label with --headers labels */
	enum export_role role;
	enum export_kind kind; /* the usual kind of its cells */
	const struct form_field *field;   /* FIELD, SPLIT; else NULL */
	const struct form_choice *choice; /* SPLIT; else NULL */
	const struct form_meta_column *meta; /* META; else NULL */
	const char *const *label; /* per form language (f->nlangs entries,
				     NULL where missing), or NULL */
	enum export_pii pii;
};

struct export_table {
	const char *name;     /* file stem: "<form_id>" or "<form_id>-<repeat>",
				 "<form_id>-codebook", "<form_id>-choices" */
	const char *title;    /* short name for a sheet: "main", the repeat's
				 name, "codebook", "choices" */
	const struct form_field *repeat; /* NULL for the main table */
	const struct export_column *cols;
	size_t ncols;
};

struct export_plan {
	const struct form *form;
	struct export_opts opts;
	size_t lang;          /* index of the labels' language */
	struct export_table *tables; /* [0] main, then repeats */
	size_t ntables;
	struct export_table codebook, choices;
	struct export_private *priv; /* scratch and lookup, see export.c */
	/* Optional, NULL by default: called with each intake's record before
	 * its rows (the XLSX writer tests confidential_if on it); a non-zero
	 * return stops export_intake with that value. */
	int (*on_intake)(void *arg, const struct record_view *r);
	void *on_intake_arg;
};

struct export_cell {
	const char *text;     /* never NULL; "" when empty or not asked */
	enum export_kind kind;
};

/* Where rows go.  Each callback returns 0, or -1 to stop (a write error). */
struct export_sink {
	void *arg;
	int (*row)(void *arg, const struct export_table *t,
		   const struct export_cell *cells);
};

/* A plan for form f; NULL with *err (caller frees) when the options do
 * not fit the form (an unknown --lang).  Free with export_plan_free. */
struct export_plan *export_plan_new(const struct form *f,
				    const struct export_opts *o, char **err);
void export_plan_free(struct export_plan **p);

/*
 * The rows of one finished intake in every table, in table order (the
 * main row, then each repeat's instance rows in instance order).  r is a
 * record parsed by record_parse (meta rows and entries).  Returns 0, or
 * the first non-zero return of the sink.  Needs no file system.
 */
int export_intake(struct export_plan *p, const struct record_view *r,
		  const struct export_sink *sink);

/* The codebook: one row per exported column of every table, the
 * default language's label first.  Columns: export_codebook_table. */
int export_codebook_rows(struct export_plan *p, const struct export_sink *s);
/* The choices table: list, code, a label per language, for every list an
 * exported select uses, plus the missing-value codes. */
int export_choices_rows(struct export_plan *p, const struct export_sink *s);

/* ---- CSV ---------------------------------------------------------------- */

/* Header row of table t (the BOM first when the plan asks for it). */
int export_csv_header(const struct export_plan *p, const struct export_table *t,
		      FILE *out);
/* The header as one string without BOM or line end (caller frees), for
 * checking an existing file. */
char *export_csv_header_line(const struct export_plan *p,
			     const struct export_table *t);
/* One row of cells (t->ncols), text guarded against formulas. */
int export_csv_row(const struct export_table *t,
		   const struct export_cell *cells, FILE *out);
/* A sink writing each table's rows to out[table index] (main, repeats),
 * the codebook to out[ntables] and the choices to out[ntables + 1]. */
struct export_csv_files {
	const struct export_plan *plan;
	FILE **out;
};
int export_csv_sink_row(void *arg, const struct export_table *t,
			const struct export_cell *cells);

/*
 * Formula guard.  True when a spreadsheet could read value as a formula:
 * after any leading whitespace or invisible characters (spaces of every
 * kind, NBSP, U+3000, zero-width characters, U+FEFF, U+2028/9, NEL, DEL,
 * control characters, bidi marks), it starts with = + - @, a TAB, CR or
 * LF, or one of their full-width or small forms (＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫)
 * or U+2212 MINUS SIGN.
 */
bool export_needs_guard(const char *value);
/* value prefixed with "'" when export_needs_guard; else a copy.  Caller
 * frees. */
char *export_safe_text(const char *value);

#endif
