/*
 * pg_schema: the PostgreSQL tables of a form, as plain text (no libpq).
 *
 * A form becomes:
 *   "<form_id>"           one row per intake, keyed by _intake_id: the
 *                         metadata columns, _states (jsonb: field -> the
 *                         answer state when it is dont_know or refused),
 *                         _notes (jsonb: field -> interviewer note), then
 *                         one typed column per exported field
 *   "<form_id>-<repeat>"  one row per repeat instance, keyed by _key (as
 *                         in the exports: <id>/children[2]), with a foreign
 *                         key to its intake and the instance number
 *   intake_raw            every record whole, whatever its form: the
 *                         record as jsonb ({"meta": {...}, "entries":
 *                         [{"path","value","state","note"}...]}), or the
 *                         sealed bytes (bytea) of a sealed record
 *
 * Types: integer -> bigint, decimal -> numeric, date and today -> date,
 * dateTime, start and end -> timestamptz, select_multiple -> text[],
 * everything else text.  A new form version only adds columns (ADD COLUMN
 * IF NOT EXISTS); the sink never drops or retypes one.
 *
 * Identifiers are always double-quoted (embedded quotes doubled), like
 * PQescapeIdentifier; values never appear in SQL text here.
 *
 * The tables and their field columns are those of the export plan
 * (export.h), so the database and the CSV files always agree.
 *
 * Ownership: a pg_schema owns its tables, column arrays and table names;
 * column names and fields are borrowed from the form, which must outlive
 * it.  Strings returned by the functions below are the caller's.
 */
#ifndef INTAKE_PG_SCHEMA_H
#define INTAKE_PG_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "answers.h"
#include "form.h"

struct diag;
struct strbuf;

/* PostgreSQL truncates longer identifiers (NAMEDATALEN - 1). */
#define PG_IDENT_MAX 63

enum pg_ctype {
	PG_TEXT,
	PG_BIGINT,
	PG_NUMERIC,
	PG_DATE,
	PG_TIMESTAMPTZ,
	PG_TEXT_ARRAY,
};

struct pg_column {
	const char *name;
	enum pg_ctype type;
	const struct form_field *field;
	bool skip; /* the database has another type: the value stays in raw */
};

struct pg_table {
	char *name;
	const struct form_field *repeat; /* NULL for the intake table */
	struct pg_column *cols;          /* the form's fields only */
	size_t ncols;
};

struct pg_schema {
	const struct form *form;
	struct pg_table *tables; /* [0] the intake table, then each repeat */
	size_t n;
};

#define PG_RAW_TABLE "intake_raw"

/* A metadata column of the intake table and the record's meta key. */
struct pg_meta {
	const char *column, *key;
	enum pg_ctype type;
};
/* _intake_id (the key), _form_id ... _status; {NULL} ends it. */
extern const struct pg_meta pg_intake_meta[];

/* Plans the tables of f.  -1 with errors in d when a name is too long for
 * PostgreSQL (it would be truncated and could collide). */
int pg_schema_build(const struct form *f, struct pg_schema *s, struct diag *d);
void pg_schema_free(struct pg_schema *s);

/* The whole DDL, every statement ending in ";\n": the raw table, then
 * each table with CREATE TABLE IF NOT EXISTS and an ADD COLUMN IF NOT
 * EXISTS per field (so it also upgrades tables of an older version). */
void pg_schema_ddl(const struct pg_schema *s, struct strbuf *out);
void pg_raw_table_ddl(struct strbuf *out);
/* CREATE TABLE IF NOT EXISTS for table i, without its field columns. */
void pg_table_ddl(const struct pg_schema *s, size_t i, struct strbuf *out);
/* ALTER TABLE ... ADD COLUMN IF NOT EXISTS for one field column. */
void pg_column_ddl(const struct pg_table *t, const struct pg_column *c,
		   struct strbuf *out);

/* The type as written in DDL, and as format_type() names it. */
const char *pg_ctype_sql(enum pg_ctype t);
const char *pg_ctype_catalog(enum pg_ctype t);
enum pg_ctype pg_ctype_of(enum qtype t);

/* "name" with embedded quotes doubled.  Caller frees. */
char *pg_quote_ident(const char *name);
/* Appends s as a JSON string (quoted, escaped). */
void pg_json_string(struct strbuf *out, const char *s);

/* The parameter text for column c given answer a: NULL (SQL NULL) when
 * the field has no plain answer or its value does not fit the type (it
 * stays in the raw record); an array literal for text[].  Caller frees. */
char *pg_cell(const struct pg_column *c, const struct answer *a);

/* True when v can be sent as a value of type t. */
bool pg_fits(enum pg_ctype t, const char *v);

/* The name of an answer state ("dont_know"...). */
const char *pg_state_name(enum iv_state st);

#endif
