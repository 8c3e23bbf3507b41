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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "answers.h"
#include "export.h"
#include "exportfs.h"
#include "pg_schema.h"
#include "record.h"
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
	char *msg = trimmed(res && PQresultErrorMessage(res)[0] ?
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
	    prepare_stmt(s, "intake_raw_put", raw_upsert, 5) != 0)
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
		*out = PQntuples(res) == 0 ? PGSINK_SAME :
		       PQgetvalue(res, 0, 0)[0] == 't' ? PGSINK_NEW : PGSINK_CHANGED;
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

/* Adds _states, _notes and the cells of t's columns under prefix. */
static void
field_params(const struct pg_table *t, const char *prefix,
	     const struct answers *v, struct params *p)
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
		if (a && (a->state == IV_DONT_KNOW || a->state == IV_REFUSED)) {
			strbuf_puts(&states, states.len ? ", " : "{");
			pg_json_string(&states, c->name);
			strbuf_printf(&states, ": \"%s\"", pg_state_name(a->state));
		}
		if (a && *a->note) {
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

static int
put_main(struct pgsink *s, const struct pg_table *t, const struct record_data *r,
	 const struct answers *v, const char *what)
{
	struct params p = {0};
	int rc;

	for (size_t k = 0; pg_intake_meta[k].column; k++) {
		const char *m = record_meta(r, pg_intake_meta[k].key);
		param_add(&p, *m && pg_fits(pg_intake_meta[k].type, m) ? m : NULL);
	}
	field_params(t, "", v, &p);
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
	field_params(w->t, prefix, w->v, &p);
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
	   const struct answers *v, const char *what)
{
	struct repeat_walk w = {.s = s, .t = t, .id = id, .what = what, .v = v};
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

int
pgsink_put(struct pgsink *s, const struct pg_schema *schema,
	   const struct record_data *r, enum pgsink_outcome *out)
{
	const char *id = record_meta(r, "instance_id");
	char *what = xasprintf("record %s was not pushed", id);
	struct answers *v;
	int rc = put_raw(s, r, what, out);

	if (rc != 0 || *out == PGSINK_SAME || schema == NULL) {
		free(what);
		return rc;
	}
	if (*out == PGSINK_CHANGED)
		rc = delete_typed(s, schema, id, what);
	v = answers_of(r);
	if (rc == 0)
		rc = put_main(s, &schema->tables[0], r, v, what);
	for (size_t i = 1; i < schema->n && rc == 0; i++)
		rc = put_repeat(s, &schema->tables[i], id, v, what);
	answers_free(&v);
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
 * local export's order: end time in whole seconds, then id. */
static const char stream_sql[] =
	"WITH r AS (SELECT intake_id, record, "
	"COALESCE(floor(extract(epoch FROM ended)), 0) AS t FROM " PG_RAW_TABLE
	" WHERE form_id = $1 AND record IS NOT NULL) "
	"SELECT r.intake_id, 0 AS kind, m.i, m.key, m.value, '', '', r.t, "
	"lower(r.intake_id) COLLATE \"C\" AS lid "
	"FROM r CROSS JOIN LATERAL jsonb_each_text(r.record->'meta') "
	"WITH ORDINALITY m(key, value, i) "
	"UNION ALL "
	"SELECT r.intake_id, 1, e.i, e.v->>'path', e.v->>'value', "
	"e.v->>'state', e.v->>'note', r.t, lower(r.intake_id) COLLATE \"C\" "
	"FROM r CROSS JOIN LATERAL "
	"jsonb_array_elements(r.record->'entries') WITH ORDINALITY e(v, i) "
	"ORDER BY 8, 9, 1, 2, 3";

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

/* Hands the intake in g to the plan (when it is a finished one). */
static int
group_emit(struct group *g, struct export_plan *p,
	   const struct export_sink *sink, struct exportfs_stats *st)
{
	struct record_view v = {0};
	int rc = 0;

	if (g->n == 0)
		return 0;
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

int
pgsink_stream(void *arg, struct export_plan *p, const struct export_sink *sink,
	      struct exportfs_stats *st, struct diag *d)
{
	struct pgsink *s = arg;
	const char *params[1] = {p->form->id};
	struct group g = {0};
	PGresult *res;
	int rc = 0;

	(void)d;
	if (!PQsendQueryParams(s->conn, stream_sql, 1, NULL, params, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(s->conn))
		return fail(s, NULL, "cannot read the records");
	/* one row at a time: memory stays bounded whatever the count */
	while ((res = PQgetResult(s->conn)) != NULL) {
		ExecStatusType est = PQresultStatus(res);
		if (est == PGRES_SINGLE_TUPLE && rc == 0) {
			if (g.n > 0 && strcmp(PQgetvalue(g.res[0], 0, 0),
					      PQgetvalue(res, 0, 0)) != 0)
				rc = group_emit(&g, p, sink, st);
			group_add(&g, res);
			continue;
		}
		if (est == PGRES_TUPLES_OK && rc == 0)
			rc = group_emit(&g, p, sink, st);
		else if (est != PGRES_SINGLE_TUPLE && est != PGRES_TUPLES_OK && rc == 0)
			rc = fail(s, res, "cannot read the records");
		PQclear(res);
	}
	group_free(&g);
	free(g.res);
	return rc == 0 ? 0 : -1;
}
