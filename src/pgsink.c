/*
 * pgsink: records into PostgreSQL and back, through libpq (see pgsink.h).
 *
 * Statements: the raw upsert and one INSERT per typed table are prepared
 * once per connection; values travel as text parameters and the server
 * casts them to the column types.  DDL is built by pg_schema.c from
 * quoted identifiers only.
 */
#include "pgsink.h"

#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "age.h"
#include "answers.h"
#include "clock.h"
#include "diag.h"
#include "export.h"
#include "exportfs.h"
#include "pg_schema.h"
#include "record.h"
#include "record_open.h"
#include "strbuf.h"
#include "xmem.h"

/* pg_advisory_xact_lock key serialising schema changes between pushers */
#define SCHEMA_LOCK "7594226985113"

struct prepared {
	const struct pg_table *table;
	char *stmt;
};

struct pgsink {
	PGconn *conn;
	char *error;   /* NULL while all is well */
	int status;    /* sysexits status of the last error */
	char *name;
	bool raw_ready;
	bool terse;    /* errors without DETAIL (a sealed record's values) */
	struct prepared *prep;
	size_t nprep;
};

/* Parameters of one statement: owned strings, NULL for SQL NULL. */
struct params {
	char **v;
	size_t n, cap;
};

static void
param_take(struct params *p, char *value)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->v = xreallocarray(p->v, p->cap, sizeof(char *));
	}
	p->v[p->n++] = value;
}

static void
param_add(struct params *p, const char *value)
{
	param_take(p, value ? xstrdup(value) : NULL);
}

static void
params_free(struct params *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* ---- errors ------------------------------------------------------------------ */

static char *
trimmed(const char *msg)
{
	char *s = xstrdup(msg ? msg : "");
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	return s;
}

static int
status_of_sqlstate(const char *st)
{
	if (st == NULL)
		return EX_UNAVAILABLE;
	if (strncmp(st, "28", 2) == 0 || strcmp(st, "42501") == 0)
		return EX_NOPERM;
	if (strcmp(st, "57014") == 0 || strncmp(st, "53", 2) == 0)
		return EX_TEMPFAIL;
	if (strncmp(st, "08", 2) == 0 || strncmp(st, "57P", 3) == 0)
		return EX_UNAVAILABLE;
	if (strncmp(st, "22", 2) == 0 || strncmp(st, "23", 2) == 0)
		return EX_DATAERR;
	return EX_SOFTWARE;
}

static const char *
advice(int status, const char *st)
{
	if (st && strcmp(st, "57014") == 0)
		return " (a statement timeout: nothing of this batch was "
		       "kept; push again, or raise statement_timeout)";
	if (st && strncmp(st, "53", 2) == 0)
		return " (the server is out of room: nothing of this batch "
		       "was kept; push again once it has space)";
	if (status == EX_NOPERM)
		return " (ask the database administrator for INSERT, SELECT, "
		       "UPDATE and DELETE on the intake tables)";
	return "";
}

/* Records the failure of res (or of the connection when res is NULL). */
static int
fail(struct pgsink *s, const PGresult *res, const char *what)
{
	const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res,
					PG_DIAG_MESSAGE_PRIMARY) : NULL;
	/* the primary message only, for a sealed record: a DETAIL such as
	 * "Failing row contains (...)" would copy its answers into push.log
	 * on the laptop */
	char *msg = s->terse && primary ? xasprintf("ERROR:  %s", primary) :
		    trimmed(res && PQresultErrorMessage(res)[0] ?
			    PQresultErrorMessage(res) : PQerrorMessage(s->conn));

	free(s->error);
	if (PQstatus(s->conn) == CONNECTION_BAD) {
		s->status = EX_UNAVAILABLE;
		s->error = xasprintf("%s: the connection to %s was lost: %s",
				     what, s->name, msg);
	} else {
		s->status = status_of_sqlstate(st);
		s->error = xasprintf("%s: %s%s", what, msg, advice(s->status, st));
	}
	free(msg);
	return -1;
}

/* Runs sql (no parameters); -1 on failure. */
static int
run(struct pgsink *s, const char *sql, const char *what)
{
	PGresult *res = PQexec(s->conn, sql);
	int ok = res && (PQresultStatus(res) == PGRES_COMMAND_OK ||
			 PQresultStatus(res) == PGRES_TUPLES_OK);
	int rc = ok ? 0 : fail(s, res, what);

	PQclear(res);
	return rc;
}

/* ---- connection ---------------------------------------------------------------- */

static int
connect_status(PGconn *c)
{
	const char *m = PQerrorMessage(c);

	if (PQconnectionNeedsPassword(c) || strstr(m, "authentication failed") ||
	    strstr(m, "password") || strstr(m, "permission denied") ||
	    (strstr(m, "role \"") && strstr(m, "does not exist")))
		return EX_NOPERM;
	return EX_UNAVAILABLE;
}

static void
notice_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* "relation already exists, skipping" and the like */
}

struct pgsink *
pgsink_open(const char *url, int timeout)
{
	struct pgsink *s = xcalloc(1, sizeof(*s));
	char tmo[16];
	const char *keys[] = {"dbname", "connect_timeout",
			      "fallback_application_name", NULL};
	const char *values[] = {url && *url ? url : NULL, tmo, "intake", NULL};

	snprintf(tmo, sizeof(tmo), "%d", timeout > 0 ? timeout : 10);
	s->conn = PQconnectdbParams(keys, values, 1);
	if (PQstatus(s->conn) != CONNECTION_OK) {
		char *msg = trimmed(PQerrorMessage(s->conn));
		s->status = connect_status(s->conn);
		s->error = xasprintf("cannot connect to the database: %s", msg);
		s->name = xstrdup("the database");
		free(msg);
		return s;
	}
	PQsetNoticeProcessor(s->conn, notice_quiet, NULL);
	s->name = xasprintf("database %s on %s", PQdb(s->conn),
			    PQhost(s->conn) ? PQhost(s->conn) : "localhost");
	return s;
}

void
pgsink_close(struct pgsink *s)
{
	if (s == NULL)
		return;
	PQfinish(s->conn);
	for (size_t i = 0; i < s->nprep; i++)
		free(s->prep[i].stmt);
	free(s->prep);
	free(s->error);
	free(s->name);
	free(s);
}

const char *
pgsink_error(const struct pgsink *s)
{
	return s->error;
}

int
pgsink_status(const struct pgsink *s)
{
	return s->error ? s->status : EX_OK;
}

const char *
pgsink_name(const struct pgsink *s)
{
	return s->name;
}

/* ---- schema ----------------------------------------------------------------- */

static const char raw_upsert[] =
	"INSERT INTO " PG_RAW_TABLE " (intake_id, form_id, form_version, ended, "
	"record) VALUES ($1, $2, $3, $4, $5) "
	"ON CONFLICT (intake_id) DO UPDATE SET form_id = EXCLUDED.form_id, "
	"form_version = EXCLUDED.form_version, ended = EXCLUDED.ended, "
	"record = EXCLUDED.record, sealed = NULL, pushed_at = now() "
	"WHERE " PG_RAW_TABLE ".record IS DISTINCT FROM EXCLUDED.record "
	"RETURNING (xmax = 0)";

/* A sealed record: its bytes only.  The form id, version and end time
 * come from the plaintext when the push has it; a push without it ('',
 * NULL) never blanks what an earlier one knew (the same intake id is the
 * same intake), and one with it fills in what an earlier one did not. */
static const char raw_seal_upsert[] =
	"INSERT INTO " PG_RAW_TABLE " (intake_id, form_id, form_version, ended, "
	"sealed) VALUES ($1, $2, $3, $4, $5) "
	"ON CONFLICT (intake_id) DO UPDATE SET "
	"form_id = CASE WHEN EXCLUDED.form_id = '' THEN " PG_RAW_TABLE ".form_id "
	"ELSE EXCLUDED.form_id END, "
	"form_version = COALESCE(EXCLUDED.form_version, " PG_RAW_TABLE
	".form_version), ended = COALESCE(EXCLUDED.ended, " PG_RAW_TABLE
	".ended), sealed = EXCLUDED.sealed, record = NULL, pushed_at = now() "
	"WHERE " PG_RAW_TABLE ".sealed IS DISTINCT FROM EXCLUDED.sealed "
	"OR (" PG_RAW_TABLE ".form_id = '' AND EXCLUDED.form_id <> '') "
	"RETURNING (xmax = 0)";

/* The columns the table has now, as "name\ttype\n" lines; NULL when the
 * table does not exist.  -1 on failure. */
static int
existing_columns(struct pgsink *s, const char *table, char **cols)
{
	char *quoted = pg_quote_ident(table);
	const char *params[1] = {quoted};
	PGresult *res = PQexecParams(s->conn,
		"SELECT a.attname, format_type(a.atttypid, a.atttypmod) "
		"FROM pg_attribute a WHERE a.attrelid = to_regclass($1) "
		"AND a.attnum > 0 AND NOT a.attisdropped "
		"UNION ALL SELECT '', '' WHERE to_regclass($1) IS NOT NULL",
		1, NULL, params, NULL, NULL, 0);
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;

	free(quoted);
	*cols = NULL;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = fail(s, res, "cannot read the database's tables");
	} else if (PQntuples(res) > 0) {
		strbuf_putc(&sb, '\n');
		for (int i = 0; i < PQntuples(res); i++)
			strbuf_printf(&sb, "%s\t%s\n", PQgetvalue(res, i, 0),
				      PQgetvalue(res, i, 1));
		*cols = strbuf_detach(&sb);
	}
	PQclear(res);
	return rc;
}

/* The type of column name in cols ("\nname\ttype\n..."), or NULL. */
static char *
column_type(const char *cols, const char *name)
{
	char *key = xasprintf("\n%s\t", name);
	const char *p = strstr(cols, key);
	char *type = NULL;

	if (p != NULL) {
		p += strlen(key);
		type = xstrndup(p, strcspn(p, "\n"));
	}
	free(key);
	return type;
}

/* Adds to ddl what table i lacks; marks columns of another type. */
static int
plan_table_ddl(struct pgsink *s, struct pg_schema *schema, size_t i,
	       struct strbuf *ddl, struct strbuf *warn)
{
	struct pg_table *t = &schema->tables[i];
	char *cols;

	if (existing_columns(s, t->name, &cols) != 0)
		return -1;
	if (cols == NULL)
		pg_table_ddl(schema, i, ddl);
	for (size_t k = 0; k < t->ncols; k++) {
		struct pg_column *c = &t->cols[k];
		char *have = cols ? column_type(cols, c->name) : NULL;
		c->skip = false;
		if (have == NULL) {
			pg_column_ddl(t, c, ddl);
		} else if (strcmp(have, pg_ctype_catalog(c->type)) != 0) {
			c->skip = true;
			strbuf_printf(warn, "column \"%s\" of table \"%s\" is %s in "
				      "the database but %s in form version %s: "
				      "its values go only to the raw table\n",
				      c->name, t->name, have, pg_ctype_sql(c->type),
				      schema->form->version ? schema->form->version : "");
		}
		free(have);
	}
	free(cols);
	return 0;
}

static int
ensure_raw(struct pgsink *s, struct strbuf *ddl)
{
	char *cols;

	if (existing_columns(s, PG_RAW_TABLE, &cols) != 0)
		return -1;
	if (cols == NULL)
		pg_raw_table_ddl(ddl);
	free(cols);
	return 0;
}

static int
prepare_stmt(struct pgsink *s, const char *name, const char *sql, int nparams)
{
	PGresult *res = PQprepare(s->conn, name, sql, nparams, NULL);
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 :
		 fail(s, res, "cannot prepare an insert");

	PQclear(res);
	return rc;
}

/* INSERT INTO "t" (...) VALUES ($1...) for table t, skipped columns left
 * out; *nparams gets the count. */
static char *
insert_sql(const struct pg_table *t, int *nparams)
{
	struct strbuf sb = STRBUF_INIT;
	char *q = pg_quote_ident(t->name);
	int n = 0;

	strbuf_printf(&sb, "INSERT INTO %s (", q);
	free(q);
	if (t->repeat == NULL) {
		for (size_t k = 0; pg_intake_meta[k].column; k++, n++)
			strbuf_printf(&sb, "%s%s", n ? ", " : "", pg_intake_meta[k].column);
	} else {
		strbuf_puts(&sb, "_intake_id, _parent_key, _key, _instance");
		n = 4;
	}
	strbuf_puts(&sb, ", _states, _notes");
	n += 2;
	for (size_t k = 0; k < t->ncols; k++) {
		if (t->cols[k].skip)
			continue;
		q = pg_quote_ident(t->cols[k].name);
		strbuf_printf(&sb, ", %s", q);
		free(q);
		n++;
	}
	strbuf_puts(&sb, ") VALUES (");
	for (int i = 1; i <= n; i++)
		strbuf_printf(&sb, "%s$%d", i > 1 ? ", " : "", i);
	strbuf_printf(&sb, ") ON CONFLICT (%s) DO NOTHING",
		      t->repeat ? "_key" : "_intake_id");
	*nparams = n;
	return strbuf_detach(&sb);
}

static int
prepare_inserts(struct pgsink *s, const struct pg_schema *schema)
{
	for (size_t i = 0; i < schema->n; i++) {
		int n;
		char *sql = insert_sql(&schema->tables[i], &n);
		char *stmt = xasprintf("intake_t%zu", s->nprep);
		int rc = prepare_stmt(s, stmt, sql, n);
		free(sql);
		if (rc != 0) {
			free(stmt);
			return -1;
		}
		s->prep = xreallocarray(s->prep, s->nprep + 1, sizeof(*s->prep));
		s->prep[s->nprep++] = (struct prepared){&schema->tables[i], stmt};
	}
	return 0;
}

/* Runs the DDL that plan() builds, under the schema lock. */
static int
change_schema(struct pgsink *s, struct pg_schema *schema, struct strbuf *warn)
{
	struct strbuf ddl = STRBUF_INIT;
	int rc = run(s, "BEGIN", "cannot start a transaction");

	if (rc == 0)
		rc = run(s, "SELECT pg_advisory_xact_lock(" SCHEMA_LOCK ")",
			 "cannot lock the schema");
	if (rc == 0)
		rc = ensure_raw(s, &ddl);
	for (size_t i = 0; schema && i < schema->n && rc == 0; i++)
		rc = plan_table_ddl(s, schema, i, &ddl, warn);
	if (rc == 0 && ddl.len > 0)
		rc = run(s, strbuf_str(&ddl), "cannot create the intake tables");
	if (rc == 0)
		rc = run(s, "COMMIT", "cannot commit the tables");
	else
		pgsink_rollback(s);
	strbuf_free(&ddl);
	return rc;
}

int
pgsink_prepare_raw(struct pgsink *s)
{
	if (s->raw_ready)
		return 0;
	if (change_schema(s, NULL, NULL) != 0 ||
	    prepare_stmt(s, "intake_raw_put", raw_upsert, 5) != 0 ||
	    prepare_stmt(s, "intake_raw_seal", raw_seal_upsert, 5) != 0)
		return -1;
	s->raw_ready = true;
	return 0;
}

int
pgsink_prepare(struct pgsink *s, struct pg_schema *schema, char **warnings)
{
	struct strbuf warn = STRBUF_INIT;
	int rc = change_schema(s, schema, &warn);

	if (rc == 0)
		rc = pgsink_prepare_raw(s);
	if (rc == 0)
		rc = prepare_inserts(s, schema);
	*warnings = warn.len ? strbuf_detach(&warn) : NULL;
	strbuf_free(&warn);
	return rc;
}

/* ---- transactions ---------------------------------------------------------------- */

int
pgsink_begin(struct pgsink *s)
{
	return run(s, "BEGIN", "cannot start a transaction");
}

int
pgsink_commit(struct pgsink *s)
{
	return run(s, "COMMIT", "the batch was not committed");
}

void
pgsink_rollback(struct pgsink *s)
{
	if (PQstatus(s->conn) == CONNECTION_OK &&
	    PQtransactionStatus(s->conn) != PQTRANS_IDLE)
		PQclear(PQexec(s->conn, "ROLLBACK"));
}

/* ---- one record ------------------------------------------------------------------- */

static char *
record_json(const struct record_data *r)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_puts(&sb, "{\"meta\": {");
	for (size_t i = 0; r->meta[i]; i += 2) {
		if (i)
			strbuf_puts(&sb, ", ");
		pg_json_string(&sb, r->meta[i]);
		strbuf_puts(&sb, ": ");
		pg_json_string(&sb, r->meta[i + 1]);
	}
	strbuf_puts(&sb, "}, \"entries\": [");
	for (size_t i = 0; i < r->n; i++) {
		const struct iv_entry *e = &r->entries[i];
		strbuf_puts(&sb, i ? ", {\"path\": " : "{\"path\": ");
		pg_json_string(&sb, e->path);
		strbuf_puts(&sb, ", \"value\": ");
		pg_json_string(&sb, e->value);
		strbuf_printf(&sb, ", \"state\": \"%s\", \"note\": ",
			      pg_state_name(e->state));
		pg_json_string(&sb, e->note);
		strbuf_putc(&sb, '}');
	}
	strbuf_puts(&sb, "]}");
	return strbuf_detach(&sb);
}

static int
exec_prepared(struct pgsink *s, const char *stmt, struct params *p,
	      PGresult **out, const char *what)
{
	PGresult *res = PQexecPrepared(s->conn, stmt, (int)p->n,
				       (const char *const *)p->v, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);
	int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 :
		 fail(s, res, what);

	if (out != NULL && rc == 0)
		*out = res;
	else
		PQclear(res);
	return rc;
}

/* The outcome of an upsert ... RETURNING (xmax = 0). */
static enum pgsink_outcome
outcome_of(const PGresult *res)
{
	return PQntuples(res) == 0 ? PGSINK_SAME :
	       PQgetvalue(res, 0, 0)[0] == 't' ? PGSINK_NEW : PGSINK_CHANGED;
}

static int
put_raw(struct pgsink *s, const struct record_data *r, const char *what,
	enum pgsink_outcome *out)
{
	struct params p = {0};
	const char *ended = record_meta(r, "ended");
	PGresult *res = NULL;
	int rc;

	param_add(&p, record_meta(r, "instance_id"));
	param_add(&p, record_meta(r, "form_id"));
	param_add(&p, record_meta(r, "form_version"));
	param_add(&p, pg_fits(PG_TIMESTAMPTZ, ended) ? ended : NULL);
	param_take(&p, record_json(r));
	rc = exec_prepared(s, "intake_raw_put", &p, &res, what);
	if (rc == 0)
		*out = outcome_of(res);
	PQclear(res);
	params_free(&p);
	return rc;
}

static const char *
stmt_of(const struct pgsink *s, const struct pg_table *t)
{
	for (size_t i = s->nprep; i-- > 0;) {
		if (s->prep[i].table == t)
			return s->prep[i].stmt;
	}
	return NULL;
}

/* Adds _states, _notes and the cells of t's columns under prefix.  For
 * a sealed record (sealed true) a pii column is NULL, its state is left
 * out, and no note is sent (notes are free text that may name anyone). */
static void
field_params(const struct pg_table *t, const char *prefix,
	     const struct answers *v, bool sealed, struct params *p)
{
	struct strbuf states = STRBUF_INIT, notes = STRBUF_INIT, path = STRBUF_INIT;
	size_t first_cell = p->n + 2;

	param_add(p, NULL);
	param_add(p, NULL);
	for (size_t k = 0; k < t->ncols; k++) {
		const struct pg_column *c = &t->cols[k];
		const struct answer *a;
		strbuf_reset(&path);
		strbuf_printf(&path, "%s%s", prefix, c->name);
		a = answers_get(v, strbuf_str(&path));
		if (sealed && c->field->pii) {
			if (!c->skip)
				param_add(p, NULL);
			continue;
		}
		if (a && (a->state == IV_DONT_KNOW || a->state == IV_REFUSED)) {
			strbuf_puts(&states, states.len ? ", " : "{");
			pg_json_string(&states, c->name);
			strbuf_printf(&states, ": \"%s\"", pg_state_name(a->state));
		}
		if (a && *a->note && !sealed) {
			strbuf_puts(&notes, notes.len ? ", " : "{");
			pg_json_string(&notes, c->name);
			strbuf_puts(&notes, ": ");
			pg_json_string(&notes, a->note);
		}
		if (!c->skip)
			param_take(p, pg_cell(c, a));
	}
	strbuf_puts(&states, states.len ? "}" : "{}");
	strbuf_puts(&notes, notes.len ? "}" : "{}");
	p->v[first_cell - 2] = strbuf_detach(&states);
	p->v[first_cell - 1] = strbuf_detach(&notes);
	strbuf_free(&path);
}

/* True when the metadata column is pii (form_meta_columns says so). */
static bool
meta_is_pii(const char *column)
{
	for (size_t i = 0; form_meta_columns[i].column; i++) {
		if (strcmp(form_meta_columns[i].column, column) == 0)
			return form_meta_columns[i].pii;
	}
	return false;
}

static int
put_main(struct pgsink *s, const struct pg_table *t, const struct record_data *r,
	 const struct answers *v, bool sealed, const char *what)
{
	struct params p = {0};
	int rc;

	for (size_t k = 0; pg_intake_meta[k].column; k++) {
		const char *m = record_meta(r, pg_intake_meta[k].key);
		if (sealed && meta_is_pii(pg_intake_meta[k].column))
			m = "";
		param_add(&p, *m && pg_fits(pg_intake_meta[k].type, m) ? m : NULL);
	}
	field_params(t, "", v, sealed, &p);
	rc = exec_prepared(s, stmt_of(s, t), &p, NULL, what);
	params_free(&p);
	return rc;
}

struct repeat_walk {
	struct pgsink *s;
	const struct pg_table *t;
	const struct form_field *chain[16];
	int depth;
	const char *id, *what;
	const struct answers *v;
	bool sealed;
	int rc;
};

static void
put_instance(struct repeat_walk *w, const char *parent, const char *inst, int k)
{
	struct params p = {0};
	char *prefix = xasprintf("%s/", inst);

	param_add(&p, w->id);
	param_take(&p, *parent ? xasprintf("%s/%s", w->id, parent) : xstrdup(w->id));
	param_take(&p, xasprintf("%s/%s", w->id, inst));
	param_take(&p, xasprintf("%d", k));
	field_params(w->t, prefix, w->v, w->sealed, &p);
	if (exec_prepared(w->s, stmt_of(w->s, w->t), &p, NULL, w->what) != 0)
		w->rc = -1;
	params_free(&p);
	free(prefix);
}

/* Every instance at chain level i under parent ("" at the top). */
static void
walk_instances(struct repeat_walk *w, int i, const char *parent)
{
	for (int k = 1; w->rc == 0; k++) {
		char *inst = xasprintf("%s%s%s[%d]", parent, *parent ? "/" : "",
				       w->chain[i]->name, k);
		if (answers_get(w->v, inst) == NULL) {
			free(inst);
			return;
		}
		if (i == w->depth - 1)
			put_instance(w, parent, inst, k);
		else
			walk_instances(w, i + 1, inst);
		free(inst);
	}
}

static int
put_repeat(struct pgsink *s, const struct pg_table *t, const char *id,
	   const struct answers *v, bool sealed, const char *what)
{
	struct repeat_walk w = {.s = s, .t = t, .id = id, .what = what, .v = v,
				.sealed = sealed};
	const struct form_field *tmp[16];
	int n = 0;

	for (const struct form_field *q = t->repeat; q && n < 16; q = q->parent) {
		if (q->type == Q_BEGIN_REPEAT)
			tmp[n++] = q;
	}
	while (n > 0)
		w.chain[w.depth++] = tmp[--n];
	walk_instances(&w, 0, "");
	return w.rc;
}

static int
delete_typed(struct pgsink *s, const struct pg_schema *schema, const char *id,
	     const char *what)
{
	char *q = pg_quote_ident(schema->tables[0].name);
	char *sql = xasprintf("DELETE FROM %s WHERE _intake_id = $1", q);
	const char *params[1] = {id};
	PGresult *res = PQexecParams(s->conn, sql, 1, NULL, params, NULL, NULL, 0);
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : fail(s, res, what);

	PQclear(res);
	free(sql);
	free(q);
	return rc;
}

static struct answers *
answers_of(const struct record_data *r)
{
	struct answers *v = answers_new();

	for (size_t i = 0; i < r->n; i++) {
		answers_set(v, r->entries[i].path, r->entries[i].value,
			    r->entries[i].state);
		if (*r->entries[i].note)
			answers_set_note(v, r->entries[i].path, r->entries[i].note);
	}
	return v;
}

/* The typed rows of r (only its non-pii values when sealed), replacing
 * those of an earlier version when out says it changed. */
static int
put_typed(struct pgsink *s, const struct pg_schema *schema,
	  const struct record_data *r, bool sealed, enum pgsink_outcome out,
	  const char *what)
{
	const char *id = record_meta(r, "instance_id");
	struct answers *v;
	int rc = 0;

	if (out == PGSINK_CHANGED)
		rc = delete_typed(s, schema, id, what);
	v = answers_of(r);
	if (rc == 0)
		rc = put_main(s, &schema->tables[0], r, v, sealed, what);
	for (size_t i = 1; i < schema->n && rc == 0; i++) {
		/* a pii repeat is left out whole, as in a redacted export */
		if (!(sealed && schema->tables[i].repeat->pii))
			rc = put_repeat(s, &schema->tables[i], id, v, sealed, what);
	}
	answers_free(&v);
	return rc;
}

int
pgsink_put(struct pgsink *s, const struct pg_schema *schema,
	   const struct record_data *r, enum pgsink_outcome *out)
{
	char *what = xasprintf("record %s was not pushed",
			       record_meta(r, "instance_id"));
	int rc = put_raw(s, r, what, out);

	if (rc == 0 && *out != PGSINK_SAME && schema != NULL)
		rc = put_typed(s, schema, r, false, *out, what);
	free(what);
	return rc;
}

/* The raw row's version and end time of a sealed record's plaintext r
 * (NULL when r is, or when it has none), as the at-finish push and the
 * fill write them. */
static void
sealed_raw_meta(const struct record_data *r, const char **version,
		const char **ended)
{
	const char *v = r ? record_meta(r, "form_version") : "";
	const char *e = r ? record_meta(r, "ended") : "";

	*version = *v ? v : NULL;
	*ended = pg_fits(PG_TIMESTAMPTZ, e) ? e : NULL;
}

int
pgsink_put_sealed(struct pgsink *s, const struct pg_schema *schema,
		  const char *id, const unsigned char *bytes, size_t len,
		  const struct record_data *r, enum pgsink_outcome *out)
{
	const char *version, *ended;
	const char *values[5] = {id, r ? record_meta(r, "form_id") : "", NULL,
				 NULL, (const char *)bytes};
	int lengths[5] = {0, 0, 0, 0, (int)len};
	int formats[5] = {0, 0, 0, 0, 1}; /* the bytes go as binary bytea */
	char *what = xasprintf("record %s was not pushed", id);
	PGresult *res;
	int rc = 0;

	sealed_raw_meta(r, &version, &ended);
	values[2] = version, values[3] = ended;
	if (len > 0x7fffffff) {
		free(what);
		s->status = EX_DATAERR;
		free(s->error);
		s->error = xasprintf("record %s is too large to push", id);
		return -1;
	}
	s->terse = true;
	res = PQexecPrepared(s->conn, "intake_raw_seal", 5, values, lengths,
			     formats, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = fail(s, res, what);
	else
		*out = outcome_of(res);
	PQclear(res);
	if (rc == 0 && r != NULL && *out != PGSINK_SAME && schema != NULL)
		rc = put_typed(s, schema, r, true, *out, what);
	s->terse = false;
	free(what);
	return rc;
}

/* ---- filling in sealed rows (the legal team, with its key) ------------------------ */

/* Sealed rows pushed without their plaintext, and sealed rows of a form
 * ($1) without a row in its intake table (%s: its quoted name). */
static const char unfilled_blank_sql[] =
	"SELECT intake_id FROM " PG_RAW_TABLE " WHERE sealed IS NOT NULL "
	"AND form_id = '' ORDER BY intake_id";
static const char unfilled_form_sql[] =
	"SELECT r.intake_id FROM " PG_RAW_TABLE " r WHERE r.sealed IS NOT NULL "
	"AND r.form_id = $1 AND NOT EXISTS (SELECT 1 FROM %s t "
	"WHERE t._intake_id = r.intake_id) ORDER BY r.intake_id";

/* Runs sql with up to one parameter and returns its first column, one
 * owned string per row, in *out (*n of them; caller frees).  0 or -1. */
static int
column_list(struct pgsink *s, const char *sql, const char *param,
	    char ***out, size_t *n)
{
	const char *params[1] = {param};
	PGresult *res = PQexecParams(s->conn, sql, param ? 1 : 0, NULL, params,
				     NULL, NULL, 0);
	int rc = 0;

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = fail(s, res, "cannot read the sealed records");
	} else {
		int rows = PQntuples(res);
		*out = xreallocarray(*out, *n + (size_t)rows + 1, sizeof(char *));
		for (int i = 0; i < rows; i++)
			(*out)[(*n)++] = xstrdup(PQgetvalue(res, i, 0));
	}
	PQclear(res);
	return rc;
}

int
pgsink_unfilled(struct pgsink *s, const struct pg_schema *schema,
		char ***ids, size_t *n)
{
	char *q, *sql;
	int rc;

	if (schema == NULL)
		return column_list(s, unfilled_blank_sql, NULL, ids, n);
	q = pg_quote_ident(schema->tables[0].name);
	sql = xasprintf(unfilled_form_sql, q);
	rc = column_list(s, sql, schema->form->id, ids, n);
	free(sql);
	free(q);
	return rc;
}

int
pgsink_sealed_forms(struct pgsink *s, char ***forms, size_t *n)
{
	return column_list(s, "SELECT DISTINCT form_id FROM " PG_RAW_TABLE
			   " WHERE sealed IS NOT NULL AND form_id <> '' "
			   "ORDER BY form_id", NULL, forms, n);
}

int
pgsink_sealed_bytes(struct pgsink *s, const char *id, unsigned char **bytes,
		    size_t *len)
{
	const char *params[1] = {id};
	PGresult *res = PQexecParams(s->conn, "SELECT sealed FROM " PG_RAW_TABLE
				     " WHERE intake_id = $1 AND sealed IS NOT NULL",
				     1, NULL, params, NULL, NULL, 1);
	int rc = 1;

	*bytes = NULL;
	*len = 0;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = fail(s, res, "cannot read the sealed records");
	} else if (PQntuples(res) == 1) {
		*len = (size_t)PQgetlength(res, 0, 0);
		*bytes = xmalloc(*len + 1);
		memcpy(*bytes, PQgetvalue(res, 0, 0), *len);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

/* 1 when the intake table of schema has a row for id, 0 when not, -1. */
static int
has_typed_row(struct pgsink *s, const struct pg_schema *schema,
	      const char *id, const char *what)
{
	char *q = pg_quote_ident(schema->tables[0].name);
	char *sql = xasprintf("SELECT 1 FROM %s WHERE _intake_id = $1", q);
	const char *params[1] = {id};
	PGresult *res = PQexecParams(s->conn, sql, 1, NULL, params, NULL, NULL, 0);
	int rc = PQresultStatus(res) != PGRES_TUPLES_OK ? fail(s, res, what) :
		 PQntuples(res) > 0;

	PQclear(res);
	free(sql);
	free(q);
	return rc;
}

/* Locks the raw row of id if it still holds bytes; *form_id gets its
 * form id (caller frees), NULL when the row is gone or holds other
 * bytes.  0 or -1. */
static int
lock_sealed_row(struct pgsink *s, const char *id, const unsigned char *bytes,
		size_t len, char **form_id, const char *what)
{
	const char *values[2] = {id, (const char *)bytes};
	int lengths[2] = {0, (int)len}, formats[2] = {0, 1};
	PGresult *res = PQexecParams(s->conn, "SELECT form_id FROM " PG_RAW_TABLE
				     " WHERE intake_id = $1 AND sealed = $2 "
				     "FOR UPDATE", 2, NULL, values, lengths,
				     formats, 0);
	int rc = 0;

	*form_id = NULL;
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = fail(s, res, what);
	else if (PQntuples(res) == 1)
		*form_id = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/* The raw row's form id, version and end time from the plaintext. */
static int
fill_raw(struct pgsink *s, const char *id, const struct record_data *r,
	 const char *what)
{
	const char *version, *ended;
	const char *values[4] = {id, record_meta(r, "form_id"), NULL, NULL};
	PGresult *res;
	int rc;

	sealed_raw_meta(r, &version, &ended);
	values[2] = version, values[3] = ended;
	res = PQexecParams(s->conn, "UPDATE " PG_RAW_TABLE " SET form_id = $2, "
			   "form_version = $3, ended = $4 WHERE intake_id = $1",
			   4, NULL, values, NULL, NULL, 0);
	rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : fail(s, res, what);
	PQclear(res);
	return rc;
}

int
pgsink_fill_sealed(struct pgsink *s, const struct pg_schema *schema,
		   const char *id, const unsigned char *bytes, size_t len,
		   const struct record_data *r, enum pgsink_outcome *out)
{
	char *what = xasprintf("%s row %s was not filled in", PG_RAW_TABLE, id);
	char *form_id = NULL;
	int rc, typed = 0;

	*out = PGSINK_SAME;
	s->terse = true; /* no DETAIL copying the row's values */
	rc = lock_sealed_row(s, id, bytes, len, &form_id, what);
	if (rc != 0 || form_id == NULL ||
	    (*form_id && strcmp(form_id, record_meta(r, "form_id")) != 0))
		goto done; /* gone, other bytes, or another form's row */
	if (*form_id == '\0') {
		rc = fill_raw(s, id, r, what);
		*out = PGSINK_NEW;
	}
	if (rc == 0 && schema != NULL &&
	    (typed = has_typed_row(s, schema, id, what)) == 0) {
		/* the at-finish push's typed rows: non-pii values only */
		rc = put_typed(s, schema, r, true, PGSINK_NEW, what);
		*out = PGSINK_NEW;
	}
	if (typed < 0)
		rc = -1;
done:
	s->terse = false;
	free(form_id);
	free(what);
	return rc;
}

/* ---- reading back ---------------------------------------------------------------- */

static enum iv_state
state_of(const char *name)
{
	static const enum iv_state all[] = {IV_EMPTY, IV_ANSWERED, IV_DONT_KNOW,
					    IV_REFUSED};

	for (size_t i = 0; i < 4; i++) {
		if (strcmp(name, pg_state_name(all[i])) == 0)
			return all[i];
	}
	return IV_ANSWERED;
}

/* ---- streaming an export ---------------------------------------------------------- */

/* Every record of the form, one row per metadata key or entry, in the
 * local export's order: end time in whole seconds, then id.  Sealed
 * records ($2: ids, $3: their end times, both known only once opened)
 * come as one row each (kind 2) holding their bytes. */
static const char stream_sql[] =
	"WITH r AS (SELECT intake_id, record, "
	"COALESCE(floor(extract(epoch FROM ended)), 0) AS t FROM " PG_RAW_TABLE
	" WHERE form_id = $1 AND record IS NOT NULL) "
	"SELECT r.intake_id, 0 AS kind, m.i, m.key, m.value, '', '', r.t, "
	"lower(r.intake_id) COLLATE \"C\" AS lid, NULL::bytea "
	"FROM r CROSS JOIN LATERAL jsonb_each_text(r.record->'meta') "
	"WITH ORDINALITY m(key, value, i) "
	"UNION ALL "
	"SELECT r.intake_id, 1, e.i, e.v->>'path', e.v->>'value', "
	"e.v->>'state', e.v->>'note', r.t, lower(r.intake_id) COLLATE \"C\", "
	"NULL FROM r CROSS JOIN LATERAL "
	"jsonb_array_elements(r.record->'entries') WITH ORDINALITY e(v, i) "
	"UNION ALL "
	"SELECT x.intake_id, 2, 0, '', '', '', '', s.t, "
	"lower(s.id) COLLATE \"C\", x.sealed "
	"FROM unnest($2::text[], $3::bigint[]) s(id, t) "
	"JOIN " PG_RAW_TABLE " x ON x.intake_id = s.id AND x.sealed IS NOT NULL "
	"ORDER BY 8, 9, 1, 2, 3";

/* The sealed rows that may be of the form: those pushed with it, and
 * those pushed without their plaintext (form id ''). */
static const char sealed_sql[] =
	"SELECT intake_id, sealed FROM " PG_RAW_TABLE
	" WHERE sealed IS NOT NULL AND form_id IN ($1, '')";

/* What a stream needs besides the plan: the sink, the keys, and the
 * opened plaintext of one sealed record at a time (wiped after use). */
struct stream {
	struct pgsink *s;
	const struct record_keys *keys;
	struct diag *d;
	uint8_t *plain;
	size_t plen;
};

static void
stream_wipe(struct stream *w)
{
	if (w->plain != NULL)
		age_free_secret(w->plain, w->plen);
	w->plain = NULL;
	w->plen = 0;
}

/* Opens the sealed bytes of intake id (hex text as libpq returns bytea)
 * into w->plain.  0, or -1 with an error in d naming the row. */
static int
open_sealed_row(struct stream *w, const char *id, const char *hex)
{
	size_t n = 0;
	unsigned char *bytes = PQunescapeBytea((const unsigned char *)hex, &n);
	char *plain = NULL, *msg = NULL;
	char *where = xasprintf("%s row %s", PG_RAW_TABLE, id);
	int rc;

	stream_wipe(w);
	if (bytes == NULL) { /* out of memory */
		msg = xasprintf("cannot be opened: %s ()",
				age_strerror(AGE_ERR_SYSTEM));
		rc = -1;
	} else {
		rc = record_open_sealed(bytes, n, w->keys, &plain, &w->plen,
					&msg);
	}
	if (rc == 0)
		w->plain = (uint8_t *)plain;
	else
		diag_add(w->d, DIAG_ERROR, where, 0, NULL, "%s", msg);
	PQfreemem(bytes);
	free(msg);
	free(where);
	return rc;
}

/* A sealed record of the form, found opened: when it ended, its id. */
struct sealed_key {
	int64_t t;
	char *id;
};

struct sealed_keys {
	struct sealed_key *v;
	size_t n;
};

/* Parses the opened record: 1 with *t when it is a finished intake of
 * form_id, 0 when not, -1 when it is not a whole record (error in d). */
static int
sealed_head(struct stream *w, const char *id, const char *form_id, int64_t *t)
{
	struct record_view v = {0};
	struct clock_time ct;
	char *where = xasprintf("%s row %s", PG_RAW_TABLE, id);
	int rc = record_parse(where, (char *)w->plain, w->plen, &v, w->d);

	if (rc == 0) {
		rc = strcmp(record_view_meta(&v, "form_id"), form_id) == 0 &&
		     strcmp(record_view_meta(&v, "status"), "complete") == 0;
		*t = clock_parse(record_view_meta(&v, "ended"), &ct) ?
		     (int64_t)ct.epoch : 0;
	}
	record_view_free(&v);
	free(where);
	return rc;
}

/* First pass: opens every sealed row that may be of the form and keeps
 * the keys (end time, id) of those that are.  Without keys they are only
 * counted: the export refuses, as a local one does. */
static int
collect_sealed(struct stream *w, const char *form_id, struct sealed_keys *ks,
	       struct exportfs_stats *st)
{
	const char *params[1] = {form_id};
	size_t unopened = 0, cap = 0;
	PGresult *res;
	int rc = 0;

	if (!PQsendQueryParams(w->s->conn, sealed_sql, 1, NULL, params, NULL,
			       NULL, 0) || !PQsetSingleRowMode(w->s->conn))
		return fail(w->s, NULL, "cannot read the records");
	while ((res = PQgetResult(w->s->conn)) != NULL) {
		ExecStatusType est = PQresultStatus(res);
		const char *id = est == PGRES_SINGLE_TUPLE ? PQgetvalue(res, 0, 0) : "";
		int64_t t = 0;
		int is;
		if (est != PGRES_SINGLE_TUPLE) {
			if (est != PGRES_TUPLES_OK && rc == 0)
				rc = fail(w->s, res, "cannot read the records");
		} else if (rc != 0) {
			; /* drain */
		} else if (w->keys == NULL || w->keys->n == 0) {
			unopened++;
		} else if (open_sealed_row(w, id, PQgetvalue(res, 0, 1)) != 0 ||
			   (is = sealed_head(w, id, form_id, &t)) < 0) {
			st->unreadable++;
		} else if (is) {
			if (ks->n == cap)
				ks->v = xreallocarray(ks->v, cap = cap ? 2 * cap : 256,
						      sizeof(*ks->v));
			ks->v[ks->n].t = t;
			ks->v[ks->n++].id = xstrdup(id);
		}
		stream_wipe(w);
		PQclear(res);
	}
	if (unopened > 0) {
		diag_add(w->d, DIAG_ERROR, PG_RAW_TABLE, 0, NULL, "%zu record%s "
			 "in the database %s sealed and may be of form %s: give "
			 "the legal team's key with --identity FILE", unopened,
			 unopened == 1 ? "" : "s", unopened == 1 ? "is" : "are",
			 form_id);
		st->unreadable += unopened;
	}
	return rc; /* the second pass's query puts them in order */
}

/* The ids and end times of the sealed keys as array literals ($2, $3). */
static void
sealed_arrays(const struct sealed_keys *ks, char **ids, char **times)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	strbuf_putc(&a, '{');
	strbuf_putc(&b, '{');
	for (size_t i = 0; i < ks->n; i++) {
		strbuf_puts(&a, i ? ",\"" : "\"");
		for (const char *c = ks->v[i].id; *c; c++) {
			if (*c == '"' || *c == '\\')
				strbuf_putc(&a, '\\');
			strbuf_putc(&a, *c);
		}
		strbuf_putc(&a, '"');
		strbuf_printf(&b, "%s%lld", i ? "," : "", (long long)ks->v[i].t);
	}
	strbuf_putc(&a, '}');
	strbuf_putc(&b, '}');
	*ids = strbuf_detach(&a);
	*times = strbuf_detach(&b);
}

/* The rows of one intake, kept until it went through the plan. */
struct group {
	PGresult **res;
	size_t n, cap;
};

static void
group_free(struct group *g)
{
	for (size_t i = 0; i < g->n; i++)
		PQclear(g->res[i]);
	g->n = 0;
}

/* A sealed intake (one kind 2 row): opened, parsed, through the plan. */
static int
emit_sealed(struct stream *w, const PGresult *r, struct export_plan *p,
	    const struct export_sink *sink, struct exportfs_stats *st)
{
	const char *id = PQgetvalue(r, 0, 0);
	char *where = xasprintf("%s row %s", PG_RAW_TABLE, id);
	struct record_view v = {0};
	int rc = 0;

	if (open_sealed_row(w, id, PQgetvalue(r, 0, 9)) != 0 ||
	    record_parse(where, (char *)w->plain, w->plen, &v, w->d) != 0)
		st->unreadable++;
	else if ((rc = export_intake(p, &v, sink)) == 0)
		st->exported++;
	record_view_free(&v);
	stream_wipe(w);
	free(where);
	return rc;
}

/* Hands the intake in g to the plan (when it is a finished one). */
static int
group_emit(struct stream *w, struct group *g, struct export_plan *p,
	   const struct export_sink *sink, struct exportfs_stats *st)
{
	struct record_view v = {0};
	int rc = 0;

	if (g->n == 0)
		return 0;
	if (PQgetvalue(g->res[0], 0, 1)[0] == '2') {
		rc = emit_sealed(w, g->res[0], p, sink, st);
		group_free(g);
		return rc;
	}
	v.path = PQgetvalue(g->res[0], 0, 0);
	v.meta = xcalloc(2 * g->n + 2, sizeof(char *));
	v.rows = xcalloc(g->n + 1, sizeof(*v.rows));
	for (size_t i = 0; i < g->n; i++) {
		PGresult *r = g->res[i];
		if (PQgetvalue(r, 0, 1)[0] == '0') {
			v.meta[2 * v.nmeta] = PQgetvalue(r, 0, 3);
			v.meta[2 * v.nmeta++ + 1] = PQgetvalue(r, 0, 4);
		} else {
			v.rows[v.n++] = (struct record_row){
				PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 4),
				PQgetvalue(r, 0, 6), state_of(PQgetvalue(r, 0, 5)),
				(unsigned)(v.n + v.nmeta + 2)};
		}
	}
	if (strcmp(record_view_meta(&v, "status"), "complete") == 0) {
		rc = export_intake(p, &v, sink);
		if (rc == 0)
			st->exported++;
	}
	record_view_free(&v);
	group_free(g);
	return rc;
}

static void
group_add(struct group *g, PGresult *res)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 256;
		g->res = xreallocarray(g->res, g->cap, sizeof(*g->res));
	}
	g->res[g->n++] = res;
}

/* Second pass: every record in order, one row of the result at a time. */
static int
stream_rows(struct stream *w, struct export_plan *p,
	    const struct export_sink *sink, struct exportfs_stats *st,
	    const struct sealed_keys *ks)
{
	char *ids, *times;
	const char *params[3];
	struct group g = {0};
	PGresult *res;
	int rc = 0, sent;

	sealed_arrays(ks, &ids, &times);
	params[0] = p->form->id, params[1] = ids, params[2] = times;
	sent = PQsendQueryParams(w->s->conn, stream_sql, 3, NULL, params, NULL,
				 NULL, 0) && PQsetSingleRowMode(w->s->conn);
	free(ids);
	free(times);
	if (!sent)
		return fail(w->s, NULL, "cannot read the records");
	/* one row at a time: memory stays bounded whatever the count */
	while ((res = PQgetResult(w->s->conn)) != NULL) {
		ExecStatusType est = PQresultStatus(res);
		if (est == PGRES_SINGLE_TUPLE && rc == 0) {
			if (g.n > 0 && strcmp(PQgetvalue(g.res[0], 0, 0),
					      PQgetvalue(res, 0, 0)) != 0)
				rc = group_emit(w, &g, p, sink, st);
			group_add(&g, res);
			continue;
		}
		if (est == PGRES_TUPLES_OK && rc == 0)
			rc = group_emit(w, &g, p, sink, st);
		else if (est != PGRES_SINGLE_TUPLE && est != PGRES_TUPLES_OK && rc == 0)
			rc = fail(w->s, res, "cannot read the records");
		PQclear(res);
	}
	group_free(&g);
	free(g.res);
	return rc;
}

int
pgsink_stream(void *arg, struct export_plan *p, const struct export_sink *sink,
	      struct exportfs_stats *st, struct diag *d)
{
	const struct pgsink_source *src = arg;
	struct stream w = {src->sink, src->keys, d, NULL, 0};
	struct sealed_keys ks = {NULL, 0};
	int rc = collect_sealed(&w, p->form->id, &ks, st);

	if (rc == 0)
		rc = stream_rows(&w, p, sink, st, &ks);
	stream_wipe(&w);
	for (size_t i = 0; i < ks.n; i++)
		free(ks.v[i].id);
	free(ks.v);
	return rc == 0 ? 0 : -1;
}
