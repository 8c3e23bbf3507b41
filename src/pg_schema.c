/*
 * pg_schema: the PostgreSQL tables of a form as DDL text, and answers as
 * parameter text (see pg_schema.h).  No libpq here: `intake schema`
 * prints this, and the sink (pgsink.c) sends it.
 */
#include "pg_schema.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "export.h"
#include "strbuf.h"
#include "xmem.h"

const struct pg_meta pg_intake_meta[] = {
	{"_intake_id", "instance_id", PG_TEXT},
	{"_form_id", "form_id", PG_TEXT},
	{"_form_version", "form_version", PG_TEXT},
	{"_language", "language", PG_TEXT},
	{"_interviewer", "interviewer", PG_TEXT},
	{"_started", "started", PG_TIMESTAMPTZ},
	{"_ended", "ended", PG_TIMESTAMPTZ},
	{"_instance_name", "instance_name", PG_TEXT},
	{"_status", "status", PG_TEXT},
	{NULL, NULL, PG_TEXT},
};

static const char *const sql_names[] = {
	[PG_TEXT] = "text", [PG_BIGINT] = "bigint", [PG_NUMERIC] = "numeric",
	[PG_DATE] = "date", [PG_TIMESTAMPTZ] = "timestamptz",
	[PG_TEXT_ARRAY] = "text[]",
};

static const char *const catalog_names[] = {
	[PG_TEXT] = "text", [PG_BIGINT] = "bigint", [PG_NUMERIC] = "numeric",
	[PG_DATE] = "date", [PG_TIMESTAMPTZ] = "timestamp with time zone",
	[PG_TEXT_ARRAY] = "text[]",
};

const char *
pg_ctype_sql(enum pg_ctype t)
{
	return sql_names[t];
}

const char *
pg_ctype_catalog(enum pg_ctype t)
{
	return catalog_names[t];
}

enum pg_ctype
pg_ctype_of(enum qtype t)
{
	switch (t) {
	case Q_INTEGER:
		return PG_BIGINT;
	case Q_DECIMAL:
		return PG_NUMERIC;
	case Q_DATE:
	case Q_TODAY:
		return PG_DATE;
	case Q_DATETIME:
	case Q_START:
	case Q_END:
		return PG_TIMESTAMPTZ;
	case Q_SELECT_MULTIPLE:
		return PG_TEXT_ARRAY;
	default:
		return PG_TEXT;
	}
}

const char *
pg_state_name(enum iv_state st)
{
	switch (st) {
	case IV_DONT_KNOW:
		return "dont_know";
	case IV_REFUSED:
		return "refused";
	case IV_ANSWERED:
		return "answered";
	default:
		return "empty";
	}
}

char *
pg_quote_ident(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_putc(&sb, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			strbuf_putc(&sb, '"');
		strbuf_putc(&sb, *p);
	}
	strbuf_putc(&sb, '"');
	return strbuf_detach(&sb);
}

static void
put_ident(struct strbuf *out, const char *name)
{
	char *q = pg_quote_ident(name);

	strbuf_puts(out, q);
	free(q);
}

void
pg_json_string(struct strbuf *out, const char *s)
{
	strbuf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			strbuf_putc(out, '\\');
			strbuf_putc(out, (char)*p);
		} else if (*p == '\n') {
			strbuf_puts(out, "\\n");
		} else if (*p == '\r') {
			strbuf_puts(out, "\\r");
		} else if (*p == '\t') {
			strbuf_puts(out, "\\t");
		} else if (*p < 0x20) {
			strbuf_printf(out, "\\u%04x", *p);
		} else {
			strbuf_putc(out, (char)*p);
		}
	}
	strbuf_putc(out, '"');
}

/* ---- the plan -------------------------------------------------------------- */

static int
check_ident(const char *name, const char *what, const struct form *f,
	    unsigned row, struct diag *d)
{
	if (strlen(name) <= PG_IDENT_MAX)
		return 0;
	diag_add(d, DIAG_ERROR, f->dir, row, NULL,
		 "%s \"%s\" is longer than PostgreSQL's %d bytes for a name",
		 what, name, PG_IDENT_MAX);
	return -1;
}

/* One table of the export plan: its field columns, typed. */
static void
plan_table(struct pg_schema *s, const struct export_table *et)
{
	struct pg_table *t;

	s->tables = xreallocarray(s->tables, s->n + 1, sizeof(*s->tables));
	t = &s->tables[s->n++];
	memset(t, 0, sizeof(*t));
	t->repeat = et->repeat;
	t->name = xstrdup(et->name);
	for (size_t k = 0; k < et->ncols; k++) {
		const struct form_field *q = et->cols[k].field;
		if (et->cols[k].role != EXPORT_COL_FIELD)
			continue;
		t->cols = xreallocarray(t->cols, t->ncols + 1, sizeof(*t->cols));
		t->cols[t->ncols++] = (struct pg_column){
			q->name, pg_ctype_of(q->type), q, false};
	}
}

int
pg_schema_build(const struct form *f, struct pg_schema *s, struct diag *d)
{
	struct export_opts o = EXPORT_OPTS_DEFAULT;
	struct export_plan *plan;
	char *err = NULL;
	int rc = 0;

	memset(s, 0, sizeof(*s));
	s->form = f;
	if ((plan = export_plan_new(f, &o, &err)) == NULL) {
		diag_add(d, DIAG_ERROR, f->dir, 0, NULL, "%s", err);
		free(err);
		return -1;
	}
	/* the tables and columns of the export, so both always agree */
	for (size_t i = 0; i < plan->ntables; i++)
		plan_table(s, &plan->tables[i]);
	export_plan_free(&plan);
	for (size_t i = 0; i < s->n; i++) {
		const struct pg_table *t = &s->tables[i];
		rc |= check_ident(t->name, "the table", f,
				  t->repeat ? t->repeat->row : 0, d);
		for (size_t k = 0; k < t->ncols; k++)
			rc |= check_ident(t->cols[k].name, "the column", f,
					  t->cols[k].field->row, d);
	}
	return rc;
}

void
pg_schema_free(struct pg_schema *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->tables[i].name);
		free(s->tables[i].cols);
	}
	free(s->tables);
	memset(s, 0, sizeof(*s));
}

/* ---- DDL ------------------------------------------------------------------ */

void
pg_raw_table_ddl(struct strbuf *out)
{
	strbuf_puts(out,
		"CREATE TABLE IF NOT EXISTS " PG_RAW_TABLE " (\n"
		"  intake_id text PRIMARY KEY,\n"
		"  form_id text NOT NULL,\n"
		"  form_version text,\n"
		"  ended timestamptz,\n"
		"  record jsonb,\n"
		"  sealed bytea,\n"
		"  pushed_at timestamptz NOT NULL DEFAULT now(),\n"
		"  CHECK (record IS NOT NULL OR sealed IS NOT NULL)\n"
		");\n"
		"CREATE INDEX IF NOT EXISTS " PG_RAW_TABLE "_form_id ON "
		PG_RAW_TABLE " (form_id);\n");
}

void
pg_table_ddl(const struct pg_schema *s, size_t i, struct strbuf *out)
{
	const struct pg_table *t = &s->tables[i];

	strbuf_puts(out, "CREATE TABLE IF NOT EXISTS ");
	put_ident(out, t->name);
	strbuf_puts(out, " (\n");
	if (t->repeat == NULL) {
		for (size_t k = 0; pg_intake_meta[k].column; k++) {
			strbuf_printf(out, "  %s %s%s,\n", pg_intake_meta[k].column,
				      pg_ctype_sql(pg_intake_meta[k].type),
				      k == 0 ? " PRIMARY KEY" :
				      k == 1 ? " NOT NULL" : "");
		}
	} else {
		strbuf_puts(out, "  _intake_id text NOT NULL REFERENCES ");
		put_ident(out, s->tables[0].name); /* nested ones too */
		strbuf_puts(out, " ON DELETE CASCADE,\n"
				 "  _parent_key text NOT NULL,\n"
				 "  _key text PRIMARY KEY,\n"
				 "  _instance integer NOT NULL,\n");
	}
	strbuf_puts(out, "  _states jsonb NOT NULL DEFAULT '{}',\n"
			 "  _notes jsonb NOT NULL DEFAULT '{}'\n);\n");
}

void
pg_column_ddl(const struct pg_table *t, const struct pg_column *c,
	      struct strbuf *out)
{
	strbuf_puts(out, "ALTER TABLE ");
	put_ident(out, t->name);
	strbuf_puts(out, " ADD COLUMN IF NOT EXISTS ");
	put_ident(out, c->name);
	strbuf_printf(out, " %s;\n", pg_ctype_sql(c->type));
}

void
pg_schema_ddl(const struct pg_schema *s, struct strbuf *out)
{
	pg_raw_table_ddl(out);
	for (size_t i = 0; i < s->n; i++) {
		pg_table_ddl(s, i, out);
		for (size_t k = 0; k < s->tables[i].ncols; k++)
			pg_column_ddl(&s->tables[i], &s->tables[i].cols[k], out);
	}
}

/* ---- cells ----------------------------------------------------------------- */

static bool
all_digits(const char *s, size_t min, size_t max)
{
	size_t n = strspn(s, "0123456789");

	return n >= min && n <= max && s[n] == '\0';
}

static bool
is_iso_date_prefix(const char *s)
{
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

bool
pg_fits(enum pg_ctype t, const char *v)
{
	char *end;

	switch (t) {
	case PG_BIGINT:
		return all_digits(v + (*v == '-'), 1, 18);
	case PG_NUMERIC:
		if (strspn(v, "+-0123456789.eE") != strlen(v))
			return false;
		strtod(v, &end);
		return end != v && *end == '\0';
	case PG_DATE:
		return is_iso_date_prefix(v) && v[10] == '\0';
	case PG_TIMESTAMPTZ:
		return is_iso_date_prefix(v) &&
		       strspn(v + 10, "0123456789:.+-TZ ") == strlen(v + 10);
	default:
		return true;
	}
}

/* "a b" -> {"a","b"} */
static char *
array_literal(const char *v)
{
	struct strbuf sb = STRBUF_INIT;
	bool first = true, in_word = false;

	strbuf_putc(&sb, '{');
	for (const char *p = v; *p; p++) {
		if (*p == ' ') {
			if (in_word)
				strbuf_putc(&sb, '"');
			in_word = false;
			continue;
		}
		if (!in_word) {
			strbuf_puts(&sb, first ? "\"" : ",\"");
			first = false;
			in_word = true;
		}
		if (*p == '"' || *p == '\\')
			strbuf_putc(&sb, '\\');
		strbuf_putc(&sb, *p);
	}
	if (in_word)
		strbuf_putc(&sb, '"');
	strbuf_putc(&sb, '}');
	return strbuf_detach(&sb);
}

char *
pg_cell(const struct pg_column *c, const struct answer *a)
{
	if (a == NULL || a->state != IV_ANSWERED || a->value[0] == '\0')
		return NULL;
	if (!pg_fits(c->type, a->value))
		return NULL;
	if (c->type == PG_TEXT_ARRAY)
		return array_literal(a->value);
	return xstrdup(a->value);
}
